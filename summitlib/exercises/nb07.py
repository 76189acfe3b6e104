"""Exercises for notebook 07, Ukraine and Crimea.

Whose account of the Ukraine talks the sources rely on, how much of each document the topic
fills, where else Ukraine turns up, and a chart that makes one document's silence visible.
"""

from functools import partial

from summitlib.datasets import load_passages, load_people
from summitlib.exercises._answers import one_both_or_neither, statements_on, words_per_source_on
from summitlib.exercises._declare import chart, choice, exercises_in, table, value, written
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
    return one_both_or_neither(speakers & presidents, "trump", "putin", _PRESIDENT_CHOICES)


@choice(choices=_PRESIDENT_CHOICES, expected=_ukraine_account)
def q1(statements):
    ukraine = statements[statements['topic_id'] == 'ukraine']
    print(ukraine[['statement_id', 'speaker_id', 'paraphrase']])


def _crs_ukraine_percent():
    return 100 * float(table_coverage().loc["ukraine", "crs"])


@value(expected=_crs_ukraine_percent, tolerance=0.05)
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


@table(expected=_passages_touching_ukraine)
def q3(passages):
    touching = passages[(passages['topic_id'] == 'ukraine')
                        | (passages['secondary_topic_id'] == 'ukraine')]
    return touching[['source_id', 'paragraph', 'topic_id']]


# A source that leaves the topic out has a 0 here, so it still gets its bar.
@chart(expected=partial(words_per_source_on, "ukraine"))
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


@written()
def q5():
    return """A leader may stay silent to keep talks open, to avoid a fight at home,
or because other questions took over the news conference (CRS Insight, paragraph 3).
The only account of the talks on Ukraine is Putin's (paragraph 15), and there was no
readout (paragraph 5). So the silence tells us what Trump chose not to say in public;
it cannot tell us what was said in the talks or what he thinks."""


EXERCISES = exercises_in(globals())
