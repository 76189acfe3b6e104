"""Exercises for notebook 06, Counterterrorism and Cybersecurity.

The statements search (:func:`summitlib.queries.filter_statements`, the function behind
``explore_statements``) used as a tool: which topics the word "terror" turns up in, which
document mentions the proposed cybersecurity working group, and every statement about a
working group.
"""

from summitlib.datasets import load_statements
from summitlib.exercises._answers import one_both_or_neither
from summitlib.exercises._declare import choice, exercises_in, reflection, table, value, written
from summitlib.queries import filter_statements

SETUP = (
    "import summitlib\n"
    "from summitlib.queries import filter_statements\n"
    "statements = summitlib.load_statements()"
)


def _terror_topics():
    hits = filter_statements(load_statements(), text="terror")
    return sorted(hits["topic_id"].astype(str).unique())


@value(expected=_terror_topics)
def q1(filter_statements, statements):
    hits = filter_statements(statements, text='terror')
    return list(hits['topic_id'].astype(str).unique())


_DOCUMENT_CHOICES = [
    "Only the CRS Insight",
    "Only the CGTN article",
    "Both documents",
    "Neither document",
]


def _cyber_documents():
    hits = filter_statements(load_statements(), text="cyber")
    return one_both_or_neither(hits["source_id"].astype(str), "crs", "cgtn", _DOCUMENT_CHOICES)


@choice(choices=_DOCUMENT_CHOICES, expected=_cyber_documents)
def q2(filter_statements, statements):
    hits = filter_statements(statements, text='cyber')
    print(hits[['statement_id', 'source_id', 'speaker_id']])


_WORKING_GROUP_COLUMNS = ["statement_id", "speaker_id", "topic_id"]


def _working_group_statements():
    hits = filter_statements(load_statements(), text="working group")
    return hits[_WORKING_GROUP_COLUMNS]


@table(expected=_working_group_statements)
def q3(filter_statements, statements):
    hits = filter_statements(statements, text='working group')
    return hits[['statement_id', 'speaker_id', 'topic_id']]


@reflection()
def q4():
    return """
A supporter could see a working group as a channel to manage cyber disputes and
build rules both sides accept. A critic could see it as a way to change the subject
from the charges, or to gain a say over how the US investigates. The sources report
the proposal, not how it was received.
"""


@written()
def q5():
    return """For: terrorism threatens both countries, and Trump said they agreed to
keep their security agencies talking (CRS Insight, paragraph 14). Against: the group was
suspended as a cost of the 2014 invasion of Ukraine, and bringing it back with nothing
changed may look like accepting it; some observers tie better relations to Russia's
course in Ukraine (CRS Insight, paragraph 4). I would cooperate on specific threats
while keeping the wider group as a bargaining point."""


EXERCISES = exercises_in(globals())
