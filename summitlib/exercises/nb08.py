"""Exercises of notebook 08: outcomes, silences and reactions.

The working groups the State Department reported, the topics the CRS Insight finds no sign of,
the reactions in Washington and what happened to New START and the INF Treaty afterwards.
"""

from functools import partial

from summitlib.datasets import load_events, load_topics
from summitlib.exercises._answers import days_between, statements_on
from summitlib.exercises._declare import choice, exercises_in, reflection, table, value, written

SETUP = (
    "import summitlib\n"
    "topics = summitlib.load_topics()\n"
    "statements = summitlib.load_statements()\n"
    "events = summitlib.load_events()"
)


def _no_indication_topics():
    t = load_topics()
    return t.loc[t["discussion_status"] == "no indication", ["topic_id", "title"]]


@table(expected=_no_indication_topics)
def q1(topics):
    return topics[topics['discussion_status'] == 'no indication'][['topic_id', 'title']]


def _reaction_speakers():
    speakers = statements_on("washington_reactions")["speaker_id"]
    return sorted(speakers.astype(str).unique().tolist())


@value(expected=_reaction_speakers)
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


@choice(choices=_NEW_START_CHOICES, expected=_new_start_outcome)
def q3():
    """Answered by reading, not by code; the answer line comes from `expected`."""


@value(expected=partial(days_between, "new_start_extended", "new_start_original_expiry"))
def q4(events):
    def date_of(event_id):
        return events.loc[events['event_id'] == event_id, 'occurred_on'].iloc[0]
    return (date_of('new_start_original_expiry') - date_of('new_start_extended')).days


@reflection()
def q5():
    return """
No indication means neither president said so in public; it does not prove the
subject never came up in the private meeting, which had no readout. The senators
speak after the summit, about what Congress might do, not about what the presidents
discussed.
"""


@written()
def q6():
    return """The record cannot tell them apart: the CRS Insight only says neither
president indicated that sanctions or state violence came up (paragraphs 17-19), and
there was no formal readout of the summit (paragraph 5). The people in the room know:
the presidents, the interpreters and aides. A researcher could look for later official
clarifications, testimony to Congress, which raised the lack of clarity (paragraph 20),
released records or memoirs, and compare them."""


EXERCISES = exercises_in(globals())
