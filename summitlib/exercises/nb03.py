"""Exercises of notebook 03, Syria: the presidents' statements, the 1974 line and the coverage.

Every expected answer is computed from the statements, events and passages tables, so an
instructor's corrected copy of the data changes the answers with it.
"""

from functools import partial

from summitlib.exercises._answers import (
    event_dates,
    one_both_or_neither,
    statements_on,
    statements_per_source_and_speaker,
    words_per_source_on,
)
from summitlib.exercises._declare import (
    chart,
    choice,
    exercises_in,
    reflection,
    table,
    value,
    written,
)

SETUP = (
    "import summitlib\n"
    "statements = summitlib.load_statements()\n"
    "syria = statements[statements[\"topic_id\"] == \"syria\"]\n"
    "events = summitlib.load_events()\n"
    "passages = summitlib.load_passages()"
)

TOPIC = "syria"


def _years_since_1974():
    e = event_dates()
    agreement, summit = e["israel_syria_disengagement"], e["summit_private_meeting"]
    years = summit.year - agreement.year
    if (summit.month, summit.day) < (agreement.month, agreement.day):
        years -= 1
    return int(years)


@value(expected=_years_since_1974)
def q1(events):
    dates = events.set_index('event_id')['occurred_on']
    return (dates['summit_private_meeting'].year
            - dates['israel_syria_disengagement'].year)


@table(expected=partial(statements_per_source_and_speaker, TOPIC))
def q2(syria):
    return (syria.groupby(['source_id', 'speaker_id'], observed=True)
            .size()
            .reset_index(name='statements'))


_ISRAEL_CHOICES = ["Trump only", "Putin only", "Both presidents", "Neither president"]


def _who_quoted_on_israel():
    syria = statements_on(TOPIC)
    quotes = syria[syria["quote"].fillna("").str.contains("Israel")]
    return one_both_or_neither(quotes["speaker_id"].astype(str), "trump", "putin", _ISRAEL_CHOICES)


@choice(choices=_ISRAEL_CHOICES, expected=_who_quoted_on_israel)
def q3():
    """Answered by reading, not by code; the answer line comes from `expected`."""


@chart(expected=partial(words_per_source_on, TOPIC))
def q4(passages):
    import matplotlib.pyplot as plt
    body = passages[(passages['passage_kind'] == 'paragraph')
                    & (passages['topic_id'] == 'syria')]
    words = body.groupby('source_id', observed=True)['word_count'].sum()
    fig, ax = plt.subplots(figsize=(5, 3.5))
    ax.bar(words.index.astype(str), words.values)
    ax.set_title('Words on Syria in the body text of each source')
    ax.set_ylabel('Words')
    return ax


@reflection()
def q5():
    return """
The CRS writes for members of Congress who need the policy detail, including where
the two sides differ; a news article about a press conference keeps the headline
points. A reader of CGTN alone would not learn about the offensive or the Golan
Heights; a reader of the CRS alone would miss the remarks about Netanyahu and saving
lives.
"""


@written()
def q6():
    return """Only in part. Both presidents talked of cooperating, but on different
things: Putin on the government offensive and the 1974 line (CRS Insight, paragraph 9),
Trump on Israel's safety and Iran (paragraph 10). CGTN's quotes speak of potential, not
of steps (paragraphs 60-61). With no readout (CRS Insight, paragraph 5) I would want a
joint text or concrete measures before calling it an agreement."""


EXERCISES = exercises_in(globals())
