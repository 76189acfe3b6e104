"""Demonstration exercises, one of each kind, over the bundled data.

Used by the tests and as a model for the notebooks' exercise modules.
"""

from summitlib.datasets import (
    load_new_start_declarations,
    load_new_start_limits,
    load_sources,
    load_statements,
)
from summitlib.exercises._declare import chart, choice, exercises_in, reflection, table, value

SETUP = "import summitlib\nstatements = summitlib.load_statements()"


def _putin_in_crs():
    s = load_statements()
    return int(((s["source_id"] == "crs") & (s["speaker_id"] == "putin")).sum())


@value(
    prompt="How many statements does the CRS Insight attribute to Putin?",
    expected=_putin_in_crs,
    hints=[
        "Keep the rows whose `source_id` is `\"crs\"` and whose `speaker_id` is `\"putin\"`.",
        "Combine two conditions with `&`, each in brackets, then count the rows with `len()`.",
    ],
    explanation="Filtering on two columns at once and counting the rows that remain.",
)
def q1(statements):
    return len(statements[(statements['source_id'] == 'crs')
                          & (statements['speaker_id'] == 'putin')])


_SOURCE_CHOICES = ["The CRS Insight", "The CGTN article", "Both", "Neither"]


def _inferred_source():
    sources = load_sources()
    inferred = sources.loc[sources["date_status"] == "inferred", "source_id"].tolist()
    names = {"crs": _SOURCE_CHOICES[0], "cgtn": _SOURCE_CHOICES[1]}
    if len(inferred) == 2:
        return "Both"
    return names[inferred[0]] if inferred else "Neither"


@choice(
    prompt="Which document's publication date is inferred from its text, not confirmed?",
    choices=_SOURCE_CHOICES,
    expected=_inferred_source,
    hints=["Look at the `date_status` column of `summitlib.load_sources()`."],
    explanation="The CGTN article prints no date; its own references place it on 16 or 17 July.",
)
def q2():
    """Answered by reading, not by code; the answer line comes from `expected`."""


def _limits_table():
    return load_new_start_limits()[["category", "limit_count"]]


@table(
    prompt="Make a table of the three New START limits: columns `category` and `limit_count`.",
    expected=_limits_table,
    hints=["Load the limits with `summitlib.load_new_start_limits()`.",
           "Select two columns with double brackets: `df[['a', 'b']]`."],
    explanation="Double brackets keep a DataFrame; single brackets would give one Series.",
)
def q3(summitlib):
    return summitlib.load_new_start_limits()[['category', 'limit_count']]


@reflection(
    prompt="Why might a news outlet and a congressional research report describe the same "
           "press conference differently?",
    explanation="Audience, purpose, publisher and timing all shape what a document reports.",
)
def q4():
    return """
They write for different readers: members of Congress need the policy substance, a
news audience the drama and reactions of the day.
"""


def _feb_2018_warheads():
    d = load_new_start_declarations()
    rows = d[(d["as_of"] == "2018-02-05") & (d["category"] == "deployed_warheads")]
    return dict(zip(rows["country"].astype(str), rows["declared_count"], strict=True))


@chart(
    prompt="Draw a bar chart of the deployed warheads each country declared on 5 February 2018, "
           "with a title and a y-axis label.",
    expected=_feb_2018_warheads,
    hints=["Filter the declarations on `as_of` and `category` first.",
           "`fig, ax = plt.subplots()` then `ax.bar(countries, counts)`; pass `ax` to check."],
    explanation="Both countries were under the 1,550 limit once it became binding.",
)
def q5(summitlib):
    import matplotlib.pyplot as plt
    d = summitlib.load_new_start_declarations()
    feb = d[(d['as_of'] == '2018-02-05') & (d['category'] == 'deployed_warheads')]
    fig, ax = plt.subplots()
    ax.bar(feb['country'].astype(str), feb['declared_count'])
    ax.set_title('Deployed warheads declared on 5 February 2018')
    ax.set_ylabel('Warheads')
    return ax


EXERCISES = exercises_in(globals())
