"""Exercises of notebook 08: outcomes, silences and reactions.

The working groups the State Department reported, the topics the CRS Insight finds no sign of,
the reactions in Washington and what happened to New START and the INF Treaty afterwards.
"""

from summitlib.datasets import load_events, load_topics
from summitlib.exercises._answers import days_between, statements_on
from summitlib.exercises._declare import choice, exercises_in, reflection, table, value, written
from summitlib.exercises._written import GuidePoint, criteria

SETUP = (
    "import summitlib\n"
    "topics = summitlib.load_topics()\n"
    "statements = summitlib.load_statements()\n"
    "events = summitlib.load_events()"
)


def _no_indication_topics():
    t = load_topics()
    return t.loc[t["discussion_status"] == "no indication", ["topic_id", "title"]]


@table(
    prompt="Make a table of the topics for which the CRS Insight finds no indication that they "
           "were discussed, with the two columns `topic_id` and `title`.",
    expected=_no_indication_topics,
    hints=[
        "The column `discussion_status` of `topics` says, for every topic, whether it was "
        "discussed. Look at its values with `topics[\"discussion_status\"].unique()`.",
        "Keep the rows whose `discussion_status` is `\"no indication\"`: "
        "`topics[topics[\"discussion_status\"] == \"no indication\"]`.",
        "Then keep two columns with double brackets: `[[\"topic_id\", \"title\"]]`.",
    ],
    explanation=(
        "Two topics: state-sponsored violence (the Skripal poisoning) and sanctions. The CRS "
        "Insight lists them separately (paragraphs 17-19) because neither president said or "
        "indicated that they were discussed. That is a statement about what was said in public, "
        "not proof that they were never raised in the private meeting."
    ),
)
def q1(topics):
    return topics[topics['discussion_status'] == 'no indication'][['topic_id', 'title']]


def _reaction_speakers():
    speakers = statements_on("washington_reactions")["speaker_id"]
    return sorted(speakers.astype(str).unique().tolist())


@value(
    prompt="Who reacts? Give the list of the different `speaker_id` values of the statements "
           "whose `topic_id` is `\"washington_reactions\"` (in any order).",
    expected=_reaction_speakers,
    hints=[
        "Filter `statements` on `topic_id == \"washington_reactions\"`.",
        "Take the `speaker_id` column of what remains and keep each speaker once with "
        "`.unique()`.",
        "`list(...)` turns the result into a list; the order does not matter here.",
    ],
    explanation=(
        "Five speakers: members of Congress as a group (CRS paragraph 20; CGTN paragraph 16), "
        "Senators McCain and Schumer, the White House and the Director of National Intelligence, "
        "Dan Coats. All but the first group come from the CGTN article. Senator Toomey's call for "
        "sanctions is filed under the sanctions topic, which is why he is not in this list."
    ),
)
def q2(statements):
    reactions = statements[statements['topic_id'] == 'washington_reactions']
    return list(reactions['speaker_id'].unique())


_NEW_START_CHOICES = [
    "It expired in February 2021 because the two countries could not agree on an extension.",
    "It was extended to February 2026, and in February 2023 Russia announced it was "
    "suspending its participation.",
    "The United States withdrew from it in August 2019.",
    "It was replaced in 2019 by a new treaty that also covers China.",
]


def _new_start_outcome():
    ids = set(load_events()["event_id"].astype(str))
    if {"new_start_extended", "russia_suspends_new_start"} <= ids:
        return _NEW_START_CHOICES[1]
    if "new_start_original_expiry" in ids and "new_start_extended" not in ids:
        return _NEW_START_CHOICES[0]
    raise ValueError("the events table lacks the New START milestones")


@choice(
    prompt="In July 2018 Putin said Russia was ready to extend New START. According to the "
           "events table, what happened to the treaty afterwards?",
    choices=_NEW_START_CHOICES,
    expected=_new_start_outcome,
    hints=[
        "Look at the events after the summit: `events[events[\"occurred_on\"] > "
        "\"2018-07-20\"]`, or move the years slider of the timeline explorer.",
        "Read the `title` of each arms-control event. One choice mixes up New START with "
        "another treaty.",
    ],
    explanation=(
        "The two countries extended New START on 3 February 2021 by five years, to 5 February "
        "2026, and Putin announced on 21 February 2023 that Russia was suspending its "
        "participation. The US withdrawal of August 2019 concerned the INF Treaty, not New START."
    ),
)
def q3():
    """Answered by reading, not by code; the answer line comes from `expected`."""


def _days_to_spare():
    return days_between("new_start_extended", "new_start_original_expiry")


@value(
    prompt="How many days before its original expiry was New START extended? Use the events "
           "`new_start_extended` and `new_start_original_expiry`.",
    expected=_days_to_spare,
    hints=[
        "Pick a row by its id: `events[events[\"event_id\"] == \"new_start_extended\"]`, then "
        "its `occurred_on` date.",
        "Subtract the two dates (`.iloc[0]` gives the single date of a filtered column); the "
        "result is a time span whose `.days` is a number.",
    ],
    explanation=(
        "Two days: the extension was agreed on 3 February 2021 and the treaty would otherwise "
        "have ended on 5 February 2021. The extension Putin said in July 2018 that Russia was "
        "ready for came only at the last moment, under the next US administration."
    ),
)
def q4(events):
    def date_of(event_id):
        return events.loc[events['event_id'] == event_id, 'occurred_on'].iloc[0]
    return (date_of('new_start_original_expiry') - date_of('new_start_extended')).days


@reflection(
    prompt="The CRS Insight finds no indication that sanctions were discussed, while CGTN "
           "reports senators calling for new sanctions after the summit. In a few sentences: "
           "what can a reader conclude, and what can they not conclude, from a source saying "
           "there is no indication that something was discussed?",
    explanation=(
        "An absence in the record is evidence of what was said in public, and weaker evidence of "
        "what happened in private. The two documents are not in conflict: they describe "
        "different things."
    ),
)
def q5():
    return """
No indication means neither president said so in public; it does not prove the
subject never came up in the private meeting, which had no readout. The senators
speak after the summit, about what Congress might do, not about what the presidents
discussed.
"""


@written(
    prompt="A topic with no indication of discussion (CRS Insight, paragraphs 17-19) and a "
           "topic raised in private but never mentioned in public look the same in the record. "
           "How could a researcher tell them apart, and who might know?",
    rubric=criteria(
        evidence="Uses what the CRS Insight says about the record and its gaps, with paragraphs.",
        reasoning="Names concrete ways and people to find out, and their limits.",
        attribution="Keeps the CRS Insight's careful wording (no indication, neither indicated) "
                    "and writes in own words.",
    ),
    marking_guide=[
        GuidePoint("The CRS Insight finds no indication that state-sponsored violence or "
                   "sanctions came up: neither president said so", [("crs", 17), ("crs", 18),
                                                                       ("crs", 19)]),
        GuidePoint("No formal readout of the summit, private meeting included, was released; the "
                   "topics were rebuilt from the news conference, interviews and later "
                   "clarifications",
                   [("crs", 5)]),
        GuidePoint("Members of Congress raised the lack of clarity about the private meeting",
                   [("crs", 20)]),
        GuidePoint("Who might know: the two presidents, their interpreters and aides; ways: "
                   "later official statements, hearings, released records, memoirs, each with "
                   "its own bias"),
    ],
    explanation="No indication is a statement about the record; closing the gap needs new "
                "sources, each to be weighed.",
)
def q6():
    return """The record cannot tell them apart: the CRS Insight only says neither
president indicated that sanctions or state violence came up (paragraphs 17-19), and
there was no formal readout of the summit (paragraph 5). The people in the room know:
the presidents, the interpreters and aides. A researcher could look for later official
clarifications, testimony to Congress, which raised the lack of clarity (paragraph 20),
released records or memoirs, and compare them."""


EXERCISES = exercises_in(globals())
