"""Demonstration exercises, one of each kind, over the bundled data.

Used by the tests and as a model for the notebooks' exercise modules.
"""

from summitlib.datasets import (
    load_new_start_declarations,
    load_new_start_limits,
    load_sources,
    load_statements,
)
from summitlib.exercises._core import (
    ChartExercise,
    ChoiceExercise,
    DataFrameExercise,
    ReflectionExercise,
    ValueExercise,
)

SETUP = "import summitlib\nstatements = summitlib.load_statements()"


def _putin_in_crs():
    s = load_statements()
    return int(((s["source_id"] == "crs") & (s["speaker_id"] == "putin")).sum())


q1 = ValueExercise(
    name="q1",
    prompt="How many statements does the CRS Insight attribute to Putin?",
    expected=_putin_in_crs,
    hints=[
        "Keep the rows whose `source_id` is `\"crs\"` and whose `speaker_id` is `\"putin\"`.",
        "Combine two conditions with `&`, each in brackets, then count the rows with `len()`.",
    ],
    solution_code=(
        "answer_1 = len(statements[(statements['source_id'] == 'crs')\n"
        "                          & (statements['speaker_id'] == 'putin')])"
    ),
    explanation="Filtering on two columns at once and counting the rows that remain.",
)

_SOURCE_CHOICES = ["The CRS Insight", "The CGTN article", "Both", "Neither"]


def _inferred_source():
    sources = load_sources()
    inferred = sources.loc[sources["date_status"] == "inferred", "source_id"].tolist()
    names = {"crs": _SOURCE_CHOICES[0], "cgtn": _SOURCE_CHOICES[1]}
    if len(inferred) == 2:
        return "Both"
    return names[inferred[0]] if inferred else "Neither"


q2 = ChoiceExercise(
    name="q2",
    prompt="Which document's publication date is inferred from its text, not confirmed?",
    choices=_SOURCE_CHOICES,
    expected=_inferred_source,
    hints=["Look at the `date_status` column of `summitlib.load_sources()`."],
    solution_code="answer_2 = 'B'",
    explanation="The CGTN article prints no date; its own references place it on 16 or 17 July.",
)


def _limits_table():
    return load_new_start_limits()[["category", "limit_count"]]


q3 = DataFrameExercise(
    name="q3",
    prompt="Make a table of the three New START limits: columns `category` and `limit_count`.",
    expected=_limits_table,
    hints=["Load the limits with `summitlib.load_new_start_limits()`.",
           "Select two columns with double brackets: `df[['a', 'b']]`."],
    solution_code=(
        "answer_3 = summitlib.load_new_start_limits()[['category', 'limit_count']]"
    ),
    explanation="Double brackets keep a DataFrame; single brackets would give one Series.",
)

q4 = ReflectionExercise(
    name="q4",
    prompt="Why might a news outlet and a congressional research report describe the same "
           "press conference differently?",
    solution_code=(
        'answer_4 = """\n'
        "They write for different readers: members of Congress need the policy substance, a\n"
        "news audience the drama and reactions of the day.\n"
        '"""'
    ),
    explanation="Audience, purpose, publisher and timing all shape what a document reports.",
)


def _feb_2018_warheads():
    d = load_new_start_declarations()
    rows = d[(d["as_of"] == "2018-02-05") & (d["category"] == "deployed_warheads")]
    return dict(zip(rows["country"].astype(str), rows["declared_count"], strict=True))


q5 = ChartExercise(
    name="q5",
    prompt="Draw a bar chart of the deployed warheads each country declared on 5 February 2018, "
           "with a title and a y-axis label.",
    expected=_feb_2018_warheads,
    hints=["Filter the declarations on `as_of` and `category` first.",
           "`fig, ax = plt.subplots()` then `ax.bar(countries, counts)`; pass `ax` to check."],
    solution_code=(
        "import matplotlib.pyplot as plt\n"
        "d = summitlib.load_new_start_declarations()\n"
        "feb = d[(d['as_of'] == '2018-02-05') & (d['category'] == 'deployed_warheads')]\n"
        "fig, ax = plt.subplots()\n"
        "ax.bar(feb['country'].astype(str), feb['declared_count'])\n"
        "ax.set_title('Deployed warheads declared on 5 February 2018')\n"
        "ax.set_ylabel('Warheads')\n"
        "answer_5 = ax"
    ),
    explanation="Both countries were under the 1,550 limit once it became binding.",
)

EXERCISES = [q1, q2, q3, q4, q5]
