"""Exercises of notebook 03, Syria: the presidents' statements, the 1974 line and the coverage.

Every expected answer is computed from the statements, events and passages tables, so an
instructor's corrected copy of the data changes the answers with it.
"""

from summitlib.exercises._answers import (
    event_dates,
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
from summitlib.exercises._written import GuidePoint, criteria

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


@value(
    prompt="Putin indicated that Russia expected the situation in south-western Syria to go back "
           "to the pre-war arrangement of the 1974 Israel-Syria Disengagement Agreement (CRS "
           "Insight, paragraph 9). How many full "
           "years separate the signing of that agreement from the Helsinki summit? Use the "
           "`events` table.",
    expected=_years_since_1974,
    hints=[
        "The two rows you need have the `event_id` values `\"israel_syria_disengagement\"` "
        "and `\"summit_private_meeting\"`.",
        "`events.set_index(\"event_id\")[\"occurred_on\"]` gives the dates by id; a date has "
        "a `.year`.",
        "Subtract the years. The agreement was signed in May and the summit was in July, so "
        "no year is left incomplete.",
    ],
    explanation=(
        "The line Putin referred to dates from more than four decades before the summit: "
        "the agreement separating Syrian and Israeli forces near the Golan Heights was signed "
        "in Geneva on 31 May 1974."
    ),
)
def q1(events):
    dates = events.set_index('event_id')['occurred_on']
    return (dates['summit_private_meeting'].year
            - dates['israel_syria_disengagement'].year)


def _counts_per_source_and_speaker():
    return statements_per_source_and_speaker(TOPIC)


@table(
    prompt="Make a table with one row per source and speaker who has at least one statement on "
           "Syria, and three columns: `source_id`, `speaker_id` and `statements` (how many "
           "statements that source attributes to that speaker).",
    expected=_counts_per_source_and_speaker,
    hints=[
        "Group `syria` by two columns: `syria.groupby([\"source_id\", \"speaker_id\"], "
        "observed=True)`.",
        "`.size()` counts the rows in each group.",
        "`.reset_index(name=\"statements\")` turns the counts into a DataFrame with the "
        "column name the question asks for.",
    ],
    explanation=(
        "Only the two presidents speak on Syria in either source. The CRS Insight reports more "
        "of what Putin said (the south-west offensive, the 1974 line, refugees) than of "
        "Trump's remarks; CGTN gives each of them two statements."
    ),
)
def q2(syria):
    return (syria.groupby(['source_id', 'speaker_id'], observed=True)
            .size()
            .reset_index(name='statements'))


_ISRAEL_CHOICES = ["Trump only", "Putin only", "Both presidents", "Neither president"]


def _who_quoted_on_israel():
    syria = statements_on(TOPIC)
    quotes = syria[syria["quote"].fillna("").str.contains("Israel")]
    speakers = set(quotes["speaker_id"].astype(str))
    if speakers == {"trump"}:
        return _ISRAEL_CHOICES[0]
    if speakers == {"putin"}:
        return _ISRAEL_CHOICES[1]
    return _ISRAEL_CHOICES[2] if {"trump", "putin"} <= speakers else _ISRAEL_CHOICES[3]


@choice(
    prompt="Look only at the words the sources put in quotation marks (the `quote` column of "
           "`syria`). Which president is quoted using the word “Israel”? Answer with a letter.",
    choices=_ISRAEL_CHOICES,
    expected=_who_quoted_on_israel,
    hints=[
        "`syria[\"quote\"].str.contains(\"Israel\", na=False)` is True for the rows whose "
        "quote holds the word (`na=False` treats the empty quotes of paraphrases as no match).",
        "Keep those rows and look at their `speaker_id`. Careful: a paraphrase that mentions "
        "Israeli forces is the source's wording, not a quote.",
    ],
    explanation=(
        "In both sources it is Trump who is quoted on Israel's safety (CRS paragraph 10, CGTN "
        "paragraph 57). Putin's reference to the 1974 line between Syrian and Israeli forces "
        "reaches us only as the CRS Insight's paraphrase (paragraph 9)."
    ),
)
def q3():
    """Answered by reading, not by code; the answer line comes from `expected`."""


def _syria_words():
    return words_per_source_on(TOPIC)


@chart(
    prompt="Draw a bar chart of the number of words each source gives to Syria, counting only "
           "body paragraphs (`passage_kind` is `\"paragraph\"`) whose main `topic_id` is "
           "`\"syria\"`: one bar per source, with a title and a y-axis label.",
    expected=_syria_words,
    hints=[
        "Filter `passages` on two columns: `passage_kind == \"paragraph\"` and "
        "`topic_id == \"syria\"`. Headings and photo captions are not body text (and CGTN "
        "prints each caption twice).",
        "`.groupby(\"source_id\", observed=True)[\"word_count\"].sum()` adds up the words per "
        "source.",
        "`fig, ax = plt.subplots()`, then `ax.bar(words.index.astype(str), words.values)`, "
        "`ax.set_title(...)`, `ax.set_ylabel(...)`, and `answer_4 = ax`.",
    ],
    explanation=(
        "The CRS Insight spends more words on Syria than CGTN, although it is the shorter "
        "document: its three paragraphs cover the south-west and the 1974 line, which CGTN "
        "does not mention."
    ),
)
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


@reflection(
    prompt="The CRS Insight reports Putin's support for the Syrian government's offensive in the "
           "south-west and what he indicated Russia expected, a return to the 1974 arrangement; "
           "the CGTN article reports neither, and stresses the presidents' offers to cooperate. "
           "What might "
           "explain the difference, and what would a reader of only one of the two miss?",
    explanation=(
        "Purpose, audience, length and timing shape what a document keeps; comparing two "
        "sources shows what each one leaves out."
    ),
)
def q5():
    return """
The CRS writes for members of Congress who need the policy detail, including where
the two sides differ; a news article about a press conference keeps the headline
points. A reader of CGTN alone would not learn about the offensive or the Golan
Heights; a reader of the CRS alone would miss the remarks about Netanyahu and saving
lives.
"""


@written(
    prompt="CGTN sums up that Trump and Putin agreed to cooperate on Syria (CGTN, paragraph 56). "
           "Using what each president is reported to have said, is that a fair summary? What "
           "would you want to know before calling it an agreement?",
    rubric=criteria(
        evidence="Sets what Putin and Trump each stressed beside CGTN's summary, with paragraphs.",
        reasoning="Says what an agreement would need (terms, a joint text) and whether the "
                  "sources show it.",
        attribution="Keeps the sources' verbs (suggested, indicated, noted) and "
                    "writes in own words.",
    ),
    marking_guide=[
        GuidePoint("Putin suggested peace, reconciliation and refugee return as areas for "
                   "cooperation", [("crs", 8)]),
        GuidePoint("Putin backed the Syrian government's offensive in the south-west and "
                   "indicated Russia expected a return to the 1974 disengagement line",
                   [("crs", 9)]),
        GuidePoint("Trump stressed humanitarian help, Israel's safety and keeping Iran from "
                   "benefiting", [("crs", 10), ("cgtn", 57)]),
        GuidePoint("Both presidents speak of what cooperation could do, not of agreed steps",
                   [("cgtn", 60), ("cgtn", 61)]),
        GuidePoint("No formal readout was released, so there is no joint text to check an "
                   "agreement against", [("crs", 5)]),
    ],
    explanation="A shared wish to cooperate is not yet an agreement: look for terms both "
                "sides accept.",
)
def q6():
    return """Only in part. Both presidents talked of cooperating, but on different
things: Putin on the government offensive and the 1974 line (CRS Insight, paragraph 9),
Trump on Israel's safety and Iran (paragraph 10). CGTN's quotes speak of potential, not
of steps (paragraphs 60-61). With no readout (CRS Insight, paragraph 5) I would want a
joint text or concrete measures before calling it an agreement."""


EXERCISES = exercises_in(globals())
