"""Exercises of notebook 05, Nonproliferation: North Korea and Iran.

Who is quoted on North Korea and Iran, in which document and how (quotation or paraphrase),
and how long after the US left the Iran nuclear deal the summit took place.
"""

from functools import partial

from summitlib.exercises._answers import (
    days_between,
    one_both_or_neither,
    statements_on,
    statements_per_source_and_speaker,
)
from summitlib.exercises._declare import choice, exercises_in, reflection, table, value, written

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


@value(expected=_quotations)
def q1(statements):
    nonpro = statements[statements['topic_id'] == 'nonproliferation']
    return int((nonpro['statement_kind'] == 'quote').sum())


_DOCUMENT_CHOICES = ["The CRS Insight", "The CGTN article", "Both", "Neither"]


def _putin_quoted_on_topic():
    rows = _topic_statements()
    quoted = rows[(rows["speaker_id"] == "putin") & (rows["statement_kind"] == "quote")]
    return one_both_or_neither(quoted["source_id"].astype(str), "crs", "cgtn", _DOCUMENT_CHOICES)


@choice(choices=_DOCUMENT_CHOICES, expected=_putin_quoted_on_topic)
def q2(statements):
    nonpro = statements[statements['topic_id'] == 'nonproliferation']
    putin = nonpro[nonpro['speaker_id'] == 'putin']
    print(putin[['source_id', 'paragraph', 'statement_kind']])


@table(expected=partial(statements_per_source_and_speaker, _TOPIC))
def q3(statements):
    nonpro = statements[statements['topic_id'] == 'nonproliferation']
    return (nonpro.groupby(['source_id', 'speaker_id'], observed=True)
                  .size()
                  .reset_index(name='statements'))


@value(expected=partial(days_between, "us_leaves_jcpoa", "joint_press_conference"))
def q4(events):
    dates = events.set_index('event_id')['occurred_on']
    return (dates['joint_press_conference'] - dates['us_leaves_jcpoa']).days


@reflection()
def q5():
    return """
Both describe a disagreement, but agreeing to differ sounds calmer and more settled
than opposing positions. CGTN passes on how Putin framed it, while the CRS sets both
presidents' positions side by side for US lawmakers and quotes each of them.
"""


@written()
def q6():
    return """Not much on its own. Trump said Putin would help and agreed with him
(CRS Insight, paragraph 12), but Trump also praised his own role (CGTN, paragraph 46),
so he had reason to report support. Putin is not quoted and there was no readout
(CRS Insight, paragraph 5). I would look for the Kremlin's own account and for what
Russia did afterwards, such as its votes on sanctions."""


EXERCISES = exercises_in(globals())
