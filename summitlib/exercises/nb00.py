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


@value(
    prompt="How many attributed statements does the dataset hold, counting both documents "
           "together? Use the `statements` table loaded in the setup cell.",
    expected=_statement_count,
    hints=[
        "Each row of `statements` is one statement: count the rows.",
        "`len(statements)` gives the number of rows of a DataFrame.",
    ],
    explanation="Each row of `statements` is one attributed statement: 48 come from the CRS "
                "Insight and 53 from the CGTN article, so `len()` counts both at once.",
)
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


@choice(
    prompt="Look at the coverage chart and its description above. Which document gives a "
           "larger share of its body text to the topic *Reactions in Washington*? Answer with "
           "the letter in quotes, for example `\"A\"`.",
    choices=_REACTION_CHOICES,
    expected=_more_on_reactions,
    hints=[
        "Find the row *Reactions in Washington* in the chart: it has one bar per source.",
        "Each bar is labelled with its percentage; the printed description below the chart "
        "lists the same figures in words.",
    ],
    explanation="About an eighth of the CGTN article's body words report the reactions in "
                "Washington (McCain, Schumer, Coats), against about 4 % of the CRS Insight, "
                "which mentions Congress's concern only in its last paragraph.",
)
def q2():
    """Answered by reading, not by code; the answer line comes from `expected`."""


EXERCISES = exercises_in(globals())
