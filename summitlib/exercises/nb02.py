"""Exercises of notebook 02, election interference: who says what about 2016, in which source.

Every expected answer is computed from the statements and people tables, so an instructor's
corrected copy of the data changes the answers with it.
"""

from functools import partial

from summitlib.datasets import load_people, load_statements
from summitlib.exercises._answers import (
    speakers_only_in,
    statements_on,
    statements_per_source_and_speaker,
)
from summitlib.exercises._declare import choice, exercises_in, reflection, table, value, written

SETUP = (
    "import summitlib\n"
    "statements = summitlib.load_statements()\n"
    "election = statements[statements[\"topic_id\"] == \"election_interference\"]"
)

TOPIC = "election_interference"


def _election():
    return statements_on(TOPIC)


def _putin_quotes():
    e = _election()
    return int(((e["speaker_id"] == "putin") & (e["statement_kind"] == "quote")).sum())


@value(
    expected=_putin_quotes,
    mistakes=[(
        lambda answer, expected: answer == 0,
        "0 rows matched your conditions. Capitals count: ids such as `speaker_id` are "
        "lowercase in this dataset (`\"putin\"`, not `\"Putin\"`), and `statement_kind` is "
        "`\"quote\"`. Compare with the table printed earlier in the notebook.",
    )],
)
def q1(election):
    return len(election[(election['speaker_id'] == 'putin')
                        & (election['statement_kind'] == 'quote')])


@table(expected=partial(statements_per_source_and_speaker, TOPIC))
def q2(election):
    return (election.groupby(['source_id', 'speaker_id'], observed=True)
            .size()
            .reset_index(name='statements'))


@value(expected=partial(speakers_only_in, "cgtn", "crs", TOPIC))
def q3(election):
    cgtn = set(election.loc[election['source_id'] == 'cgtn', 'speaker_id'])
    crs = set(election.loc[election['source_id'] == 'crs', 'speaker_id'])
    return list(cgtn - crs)


_WHO_CHOICES = ["Dan Coats", "Donald Trump", "Chuck Schumer", "Vladimir Putin"]
_TWEET_START = "I have GREAT confidence in MY intelligence people"


def _tweet_author():
    s = load_statements()
    people = load_people().set_index("person_id")["name"]
    quotes = s["quote"].fillna("")
    row = s[quotes.str.startswith(_TWEET_START)].iloc[0]
    return str(people[row["speaker_id"]])


@choice(choices=_WHO_CHOICES, expected=_tweet_author)
def q4():
    """Answered by reading, not by code; the answer line comes from `expected`."""


@reflection()
def q5():
    return """
A quotation lets readers judge the speaker's own words; a paraphrase or a
characterisation passes through the writer's choices, so I should say which source
describes it that way, and check whether another source reports the same statement
differently.
"""


@written()
def q6():
    return """A denial by the leader accused and an assessment by the intelligence
services of the other country are both claims by interested parties. Putin says the
state never interfered (CRS Insight, paragraph 7), Coats, appointed by Trump, stands
by the assessment (CGTN, paragraph 27). The indictment of 12 officers three days
earlier (CGTN, paragraph 15) can be tested in court, which gives it more weight than
a denial with nothing behind it; a reader should look for that evidence."""


EXERCISES = exercises_in(globals())
