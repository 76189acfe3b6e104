"""Exercises of notebook 05, Nonproliferation: North Korea and Iran.

Who is quoted on North Korea and Iran, in which document and how (quotation or paraphrase),
and how long after the US left the Iran nuclear deal the summit took place.
"""

from summitlib.exercises._answers import (
    days_between,
    statements_on,
    statements_per_source_and_speaker,
)
from summitlib.exercises._declare import choice, exercises_in, reflection, table, value, written
from summitlib.exercises._written import GuidePoint, criteria

SETUP = (
    "import summitlib\n"
    "statements = summitlib.load_statements()\n"
    "events = summitlib.load_events()"
)

_TOPIC = "nonproliferation"


def _topic_statements():
    return statements_on(_TOPIC)


def _quotations():
    return int((_topic_statements()["statement_kind"] == "quote").sum())


@value(
    prompt="How many of the statements on the nonproliferation topic (`topic_id` "
           "`\"nonproliferation\"`) are direct quotations, that is, words a document puts in "
           "quotation marks? Count both documents together.",
    expected=_quotations,
    hints=[
        "Keep the rows of `statements` whose `topic_id` is `\"nonproliferation\"` first.",
        "The column `statement_kind` says `\"quote\"` or `\"paraphrase\"`; count the rows that "
        "say `\"quote\"`.",
        "`(rows['statement_kind'] == 'quote').sum()` counts the True values.",
    ],
    explanation="Six of the nine statements are quotations; five of them come from the CRS "
                "Insight and five are Trump's words. The other three are paraphrases, reported "
                "without quotation marks.",
)
def q1(statements):
    nonpro = statements[statements['topic_id'] == 'nonproliferation']
    return int((nonpro['statement_kind'] == 'quote').sum())


_DOCUMENT_CHOICES = ["The CRS Insight", "The CGTN article", "Both", "Neither"]


def _putin_quoted_on_topic():
    rows = _topic_statements()
    quoted = rows[(rows["speaker_id"] == "putin") & (rows["statement_kind"] == "quote")]
    found = set(quoted["source_id"].astype(str))
    if found == {"crs", "cgtn"}:
        return "Both"
    if found == {"crs"}:
        return _DOCUMENT_CHOICES[0]
    if found == {"cgtn"}:
        return _DOCUMENT_CHOICES[1]
    return "Neither"


@choice(
    prompt="Both documents report what Putin said about Iran and the nuclear deal. Which of "
           "them gives his own words in quotation marks on this topic? Answer with a letter.",
    choices=_DOCUMENT_CHOICES,
    expected=_putin_quoted_on_topic,
    hints=[
        "Keep the nonproliferation statements whose `speaker_id` is `\"putin\"`.",
        "Look at `source_id` and `statement_kind` together: a paraphrase reports a statement "
        "without quoting it.",
    ],
    explanation="Only the CRS Insight quotes Putin on the deal (paragraph 13), and it also "
                "paraphrases his concern about the US withdrawal. CGTN reports Putin, without "
                "quotation marks, as saying that the two leaders agreed to differ on Iran "
                "(paragraph 54).",
)
def q2(statements):
    nonpro = statements[statements['topic_id'] == 'nonproliferation']
    putin = nonpro[nonpro['speaker_id'] == 'putin']
    print(putin[['source_id', 'paragraph', 'statement_kind']])


def _counts_by_source_and_speaker():
    return statements_per_source_and_speaker(_TOPIC)


@table(
    prompt="Make a table of how many nonproliferation statements each document attributes to "
           "each speaker: columns `source_id`, `speaker_id` and `statements` (the count), one "
           "row per document and speaker who actually speaks on the topic.",
    expected=_counts_by_source_and_speaker,
    hints=[
        "Keep the nonproliferation statements, then group them by `source_id` and "
        "`speaker_id`.",
        "`.size()` counts the rows of each group; `.reset_index(name='statements')` turns the "
        "result into a table with a named count column.",
        "The id columns are categoricals: pass `observed=True` to `groupby`, or you get a row "
        "for every possible pair, most of them zero.",
    ],
    explanation="Both documents quote or paraphrase Trump more often than Putin on this topic "
                "(CRS 4 to 2, CGTN 2 to 1), and no one else speaks on it. Everything about "
                "North Korea comes from Trump: neither document reports Putin's own account "
                "of that part of the talks.",
)
def q3(statements):
    nonpro = statements[statements['topic_id'] == 'nonproliferation']
    return (nonpro.groupby(['source_id', 'speaker_id'], observed=True)
                  .size()
                  .reset_index(name='statements'))


def _days_from_jcpoa_exit_to_summit():
    return days_between("us_leaves_jcpoa", "joint_press_conference")


@value(
    prompt="How many days passed between the US withdrawal from the Iran nuclear deal and the "
           "presidents' joint news conference in Helsinki? Use the `events` table.",
    expected=_days_from_jcpoa_exit_to_summit,
    hints=[
        "The two rows have the `event_id` values `\"us_leaves_jcpoa\"` and "
        "`\"joint_press_conference\"`.",
        "`events.set_index('event_id')['occurred_on']` lets you pick a date by its id; "
        "subtracting two dates gives a `Timedelta`.",
        "A `Timedelta` has a `.days` attribute.",
    ],
    explanation="The United States left the deal on 8 May 2018 and the summit was on 16 July: "
                "69 days, about ten weeks. The disagreement both documents report was fresh.",
)
def q4(events):
    dates = events.set_index('event_id')['occurred_on']
    return (dates['joint_press_conference'] - dates['us_leaves_jcpoa']).days


@reflection(
    prompt="The CRS Insight says the presidents referred to their opposing positions on the "
           "Iran deal (paragraph 13); CGTN reports Putin saying they agreed to differ "
           "(paragraph 54). Do the two descriptions leave the same impression? Why might each "
           "document word it as it does?",
    explanation="The same fact can be framed as a clash or as a managed difference; noticing "
                "whose framing a document passes on is part of reading it critically.",
)
def q5():
    return """
Both describe a disagreement, but agreeing to differ sounds calmer and more settled
than opposing positions. CGTN passes on how Putin framed it, while the CRS sets both
presidents' positions side by side for US lawmakers and quotes each of them.
"""


@written(
    prompt="Everything the two documents report about Putin's stance on North Korea comes from "
           "Trump. How much weight would you give to one leader's account of what another "
           "promised, and what would you look for to confirm it?",
    rubric=criteria(
        evidence="Says what Trump reported of Putin's stance, with a paragraph, and that Putin's "
                 "own words are missing.",
        reasoning="Weighs Trump's interest in the account and names evidence that "
                  "could confirm it.",
        attribution="Attributes every claim to Trump (said, added) and writes in own words.",
    ),
    marking_guide=[
        GuidePoint("Trump said Putin wanted very much to end the problem, would help and agreed "
                   "with Trump's approach", [("crs", 12)]),
        GuidePoint("Trump praised his own part in bringing North Korea to talks, so he has an "
                   "interest in reporting support", [("cgtn", 46)]),
        GuidePoint("Neither document quotes Putin on North Korea, and no formal readout was "
                   "released", [("crs", 5)]),
        GuidePoint("Confirmation could come from Putin's or the Kremlin's own statements, or "
                   "from Russia's later actions (for example its votes on sanctions)"),
    ],
    explanation="One side's account of the other's promise is a claim to confirm, not a fact.",
)
def q6():
    return """Not much on its own. Trump said Putin would help and agreed with him
(CRS Insight, paragraph 12), but Trump also praised his own role (CGTN, paragraph 46),
so he had reason to report support. Putin is not quoted and there was no readout
(CRS Insight, paragraph 5). I would look for the Kremlin's own account and for what
Russia did afterwards, such as its votes on sanctions."""


EXERCISES = exercises_in(globals())
