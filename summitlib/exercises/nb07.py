"""Exercises for notebook 07, Ukraine and Crimea.

Whose account of the Ukraine talks the sources rely on, how much of each document the topic
fills, where else Ukraine turns up, and a chart that makes one document's silence visible.
"""

from summitlib.datasets import load_passages, load_people
from summitlib.exercises._answers import statements_on, words_per_source_on
from summitlib.exercises._declare import chart, choice, exercises_in, table, value, written
from summitlib.exercises._written import GuidePoint, criteria
from summitlib.queries import table_coverage

SETUP = (
    "import summitlib\n"
    "statements = summitlib.load_statements()\n"
    "passages = summitlib.load_passages()"
)

_PRESIDENT_CHOICES = [
    "Trump's",
    "Putin's",
    "Both presidents'",
    "Neither president's",
]


def _ukraine_account():
    speakers = set(statements_on("ukraine")["speaker_id"].astype(str))
    people = load_people()
    presidents = set(
        people.loc[people["role"].str.startswith("President of"), "person_id"].astype(str)
    )
    speaking = speakers & presidents
    if len(speaking) == 2:
        return "Both presidents'"
    if not speaking:
        return "Neither president's"
    return "Trump's" if speaking == {"trump"} else "Putin's"


@choice(
    prompt=(
        "The statements on the topic `ukraine` come from one paragraph of the CRS Insight. "
        "Whose remarks does that paragraph report about what was said on Ukraine at the "
        "summit? Answer with a letter."
    ),
    choices=_PRESIDENT_CHOICES,
    expected=_ukraine_account,
    hints=[
        "Keep the rows of `statements` whose `topic_id` is `\"ukraine\"`.",
        "Look at their `speaker_id` column. One row is the CRS's own finding, not a "
        "president's remark: read its paraphrase.",
    ],
    explanation=(
        "Every account of the Ukraine talks is Putin's (CRS Insight, paragraph 15); the fourth "
        "statement is the CRS noting that Trump did not mention Ukraine in public. What the "
        "US side said about Ukraine in the talks is therefore known only through "
        "Putin's description of it."
    ),
)
def q1(statements):
    ukraine = statements[statements['topic_id'] == 'ukraine']
    print(ukraine[['statement_id', 'speaker_id', 'paraphrase']])


def _crs_ukraine_percent():
    return 100 * float(table_coverage().loc["ukraine", "crs"])


@value(
    prompt=(
        "What percentage of the CRS Insight's body words (passages of kind `paragraph`) is "
        "in passages whose main topic is `ukraine`? Answer as a percentage rounded to one "
        "decimal, for example `12.3` for 12.3 %."
    ),
    expected=_crs_ukraine_percent,
    tolerance=0.05,
    hints=[
        "Keep the body text of the CRS: `passages` rows with `source_id == \"crs\"` and "
        "`passage_kind == \"paragraph\"`.",
        "Add up `word_count` for the rows whose `topic_id` is `\"ukraine\"`, and divide by the "
        "sum of `word_count` over all the CRS body rows.",
        "Multiply by 100 and round with `round(x, 1)`.",
    ],
    explanation=(
        "Ukraine has one paragraph of the CRS Insight (paragraph 15, 60 of its 1,013 body "
        "words), about as much as counterterrorism and cybersecurity, and far less than the "
        "summit itself or election interference. The CGTN article gives it none."
    ),
)
def q2(passages):
    crs_body = passages[(passages['source_id'] == 'crs')
                        & (passages['passage_kind'] == 'paragraph')]
    ukraine_words = crs_body.loc[crs_body['topic_id'] == 'ukraine', 'word_count'].sum()
    return round(100 * ukraine_words / crs_body['word_count'].sum(), 1)


_TOUCHING_COLUMNS = ["source_id", "paragraph", "topic_id"]


def _passages_touching_ukraine():
    p = load_passages()
    rows = p[(p["topic_id"] == "ukraine") | (p["secondary_topic_id"] == "ukraine")]
    return rows[_TOUCHING_COLUMNS]


@table(
    prompt=(
        "Ukraine turns up in more places than its own paragraph. Make a table of the passages "
        "whose main topic **or** secondary topic is `ukraine`, with the columns `source_id`, "
        "`paragraph` and `topic_id` (the main topic)."
    ),
    expected=_passages_touching_ukraine,
    hints=[
        "Two conditions: `passages['topic_id'] == 'ukraine'` and "
        "`passages['secondary_topic_id'] == 'ukraine'`.",
        "Join them with `|` (or), each in brackets, then keep three columns with double "
        "brackets.",
    ],
    explanation=(
        "Three CRS paragraphs: 15 (the Ukraine paragraph itself), 14 (the counterterrorism "
        "working group, suspended after the 2014 invasion of Ukraine) and 4 (some "
        "observers say better relations depend on Russia changing course in Ukraine). The "
        "conflict is background to other topics as well as a topic of its own."
    ),
)
def q3(passages):
    touching = passages[(passages['topic_id'] == 'ukraine')
                        | (passages['secondary_topic_id'] == 'ukraine')]
    return touching[['source_id', 'paragraph', 'topic_id']]


def _ukraine_words_by_source():
    # A source that leaves the topic out has a 0 here, so it still gets its bar.
    return words_per_source_on("ukraine")


@chart(
    prompt=(
        "Draw a bar chart with one bar per document (CRS and CGTN) showing how many body words "
        "(passages of kind `paragraph`) each gives to the main topic `ukraine`. A document "
        "that gives none still gets its bar, of height 0. Give the chart a title and a y-axis "
        "label, and pass its Axes as your answer."
    ),
    expected=_ukraine_words_by_source,
    hints=[
        "Keep the `passages` rows with `passage_kind == \"paragraph\"` and "
        "`topic_id == \"ukraine\"`.",
        "`.groupby('source_id', observed=False)['word_count'].sum()` gives one total per "
        "document, including a 0 for a document with no rows (`source_id` is categorical).",
        "`fig, ax = plt.subplots()`, then `ax.bar(words.index.astype(str), words.values)`, "
        "`ax.set_title(...)` and `ax.set_ylabel(...)`.",
    ],
    explanation=(
        "The CRS Insight gives Ukraine 60 words; the CGTN article none. An empty bar is a "
        "finding too: one source's silence on a topic the other reports as discussed."
    ),
)
def q4(passages):
    import matplotlib.pyplot as plt
    body = passages[(passages['passage_kind'] == 'paragraph')
                    & (passages['topic_id'] == 'ukraine')]
    words = body.groupby('source_id', observed=False)['word_count'].sum()
    fig, ax = plt.subplots(figsize=(5, 3))
    ax.bar(words.index.astype(str), words.values)
    ax.set_title('Body words on Ukraine, by document')
    ax.set_ylabel('Words')
    return ax


@written(
    prompt="The CRS Insight notes that Trump said nothing about Ukraine in public "
           "(paragraph 15). What might explain a leader's public silence on a topic, and what "
           "can and cannot be concluded from it?",
    rubric=criteria(
        evidence="Says what is reported on Ukraine, and by whom, with paragraphs.",
        reasoning="Offers explanations for the silence and separates what it shows from "
                  "what it does not.",
        attribution="Attributes the account to Putin (said, suggested) and writes in own words.",
    ),
    marking_guide=[
        GuidePoint("Putin said they discussed the Ukraine conflict and the Minsk Agreements, and "
                   "that Trump kept to US policy that Crimea is part of Ukraine", [("crs", 15)]),
        GuidePoint("All of this comes from Putin; Trump said nothing about Ukraine in public",
                   [("crs", 15)]),
        GuidePoint("Neither government published an official account of the summit, "
                   "private meeting included", [("crs", 5)]),
        GuidePoint("Possible reasons: domestic politics, keeping talks open, a crowded news "
                   "conference dominated by election interference", [("crs", 3)]),
        GuidePoint("Silence shows what was not said in public; it does not show that the topic "
                   "was not discussed, nor what Trump's position was"),
    ],
    explanation="A public silence is a fact about public words, not about what was said in the "
                "talks.",
)
def q5():
    return """A leader may stay silent to keep talks open, to avoid a fight at home,
or because other questions took over the news conference (CRS Insight, paragraph 3).
The only account of the talks on Ukraine is Putin's (paragraph 15), and there was no
readout (paragraph 5). So the silence tells us what Trump chose not to say in public;
it cannot tell us what was said in the talks or what he thinks."""


EXERCISES = exercises_in(globals())
