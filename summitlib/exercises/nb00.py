"""Exercises of notebook 00, Start here: two warm-ups on the data and on a chart.

q1 counts the attributed statements in the dataset; q2 reads the coverage chart to say which
source gives more of its text to the reactions in Washington.
"""

from summitlib.datasets import load_statements
from summitlib.exercises._declare import choice, exercises_in, value
from summitlib.queries import table_coverage

SETUP = "import summitlib\nstatements = summitlib.load_statements()"


def _statement_count():
    return len(load_statements())


@value(expected=_statement_count)
def q1(statements):
    return len(statements)


_REACTION_CHOICES = [
    "The CRS Insight",
    "The CGTN article",
    "Both give it the same share",
]
_SOURCE_NAMES = {"crs": _REACTION_CHOICES[0], "cgtn": _REACTION_CHOICES[1]}


def _more_on_reactions():
    shares = table_coverage().loc["washington_reactions"]
    if shares["crs"] == shares["cgtn"]:
        return _REACTION_CHOICES[2]
    return _SOURCE_NAMES[str(shares.idxmax())]


@choice(choices=_REACTION_CHOICES, expected=_more_on_reactions)
def q2():
    """Answered by reading, not by code; the answer line comes from `expected`."""


EXERCISES = exercises_in(globals())
