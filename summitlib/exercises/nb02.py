"""Exercises of notebook 02, election interference: who says what about 2016, in which source.

Every expected answer is computed from the statements and people tables, so an instructor's
corrected copy of the data changes the answers with it.
"""

from summitlib.datasets import load_people, load_statements
from summitlib.exercises._answers import (
    speakers_only_in,
    statements_on,
    statements_per_source_and_speaker,
)
from summitlib.exercises._declare import choice, exercises_in, reflection, table, value, written
from summitlib.exercises._written import GuidePoint, criteria

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
    prompt="How many of Putin's statements on election interference do the two sources put in "
           "quotation marks (`statement_kind` is `\"quote\"`), both sources together?",
    expected=_putin_quotes,
    hints=[
        "Start from `election`, the statements on this topic, and keep Putin's rows.",
        "Two conditions: `election[\"speaker_id\"] == \"putin\"` and "
        "`election[\"statement_kind\"] == \"quote\"`, each in its own round brackets "
        "`( )`, joined with `&`: `election[(...) & (...)]`.",
        "Count the rows that remain with `len(...)`.",
    ],
    mistakes=[(
        lambda answer, expected: answer == 0,
        "0 rows matched your conditions. Capitals count: ids such as `speaker_id` are "
        "lowercase in this dataset (`\"putin\"`, not `\"Putin\"`), and `statement_kind` is "
        "`\"quote\"`. Compare with the table printed earlier in the notebook.",
    )],
    explanation=(
        "Only some of Putin's statements on this topic are his own words in quotation marks; "
        "the rest are the sources' paraphrases. The CRS Insight quotes him several times in "
        "one paragraph, while CGTN mostly reports his position in its own words."
    ),
)
def q1(election):
    return len(election[(election['speaker_id'] == 'putin')
                        & (election['statement_kind'] == 'quote')])


def _counts_per_source_and_speaker():
    return statements_per_source_and_speaker(TOPIC)


@table(
    prompt="Make a table with one row per source and speaker who has at least one statement on "
           "election interference, and three columns: `source_id`, `speaker_id` and "
           "`statements` (how many statements that source attributes to that speaker).",
    expected=_counts_per_source_and_speaker,
    hints=[
        "Group `election` by two columns at once: `election.groupby([\"source_id\", "
        "\"speaker_id\"], observed=True)`.",
        "`.size()` counts the rows of each group; `observed=True` leaves out the pairs with "
        "no statement at all (a plain `value_counts()` would keep them, with 0).",
        "`.reset_index(name=\"statements\")` turns the counts into a DataFrame with the column "
        "name the question asks for.",
    ],
    explanation=(
        "Both sources give most room to the two presidents, but CGTN adds voices the CRS "
        "Insight leaves out on this topic: the Justice Department's indictment, Trump's critics "
        "and the Director of National Intelligence."
    ),
)
def q2(election):
    return (election.groupby(['source_id', 'speaker_id'], observed=True)
            .size()
            .reset_index(name='statements'))


def _cgtn_only_speakers():
    return sorted(speakers_only_in("cgtn", "crs", _election()))


@value(
    prompt="Look only at the rows of `election`, the statements whose `topic_id` is "
           "`\"election_interference\"`. Which speakers have at least one of these rows from the "
           "CGTN article and none from the CRS Insight? Answer with a list of their `speaker_id` "
           "values, in any order.",
    expected=_cgtn_only_speakers,
    hints=[
        "Make two sets of `speaker_id` values: one for the rows of `election` whose "
        "`source_id` is `\"cgtn\"`, one for `\"crs\"`.",
        "`set(election.loc[election[\"source_id\"] == \"cgtn\", \"speaker_id\"])` is one of "
        "them.",
        "The difference of two sets, `a - b`, keeps what is in `a` but not in `b`; wrap it in "
        "`list(...)`.",
    ],
    explanation=(
        "Probably written on the day of the summit, the CGTN article reports the reactions of "
        "the day and the indictment as background; the CRS Insight keeps this part to what the "
        "two presidents said, besides the intelligence agencies' finding that both sources "
        "mention. Schumer is not in the list although he speaks in CGTN paragraph 25: his words "
        "judge Trump's conduct, so the dataset files them under `washington_reactions`, while "
        "Coats's words in paragraph 27 are about Russian meddling itself (the dataset card, "
        "data/README.md, gives the rule)."
    ),
)
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


@choice(
    prompt="Hours after the summit, a tweet began with the words “I have GREAT confidence in "
           "MY intelligence people.” According to the CGTN article (paragraph 30), who wrote "
           "it? Answer with a letter.",
    choices=_WHO_CHOICES,
    expected=_tweet_author,
    hints=[
        "Search the `quote` column for the words of the tweet, for instance with "
        "`election[election[\"quote\"].str.contains(\"GREAT confidence\", na=False)]`.",
        "Look at the `speaker_id` and `setting` of the row you find.",
    ],
    explanation=(
        "CGTN attributes the tweet to Trump (paragraph 30): after what CGTN describes as "
        "casting doubt on his agencies' finding at the news conference (paragraphs 5 and 8), he "
        "wrote that he trusted "
        "them, while arguing that the two nuclear powers should look beyond the past."
    ),
)
def q4():
    """Answered by reading, not by code; the answer line comes from `expected`."""


@reflection(
    prompt="Some rows of `election` are a speaker's own words in quotation marks; others are a "
           "source's description of what a speaker or a group said or thought (for example "
           "what Trump's critics made of Putin's offer, in CGTN paragraph 9). Why does this "
           "difference matter when you report on a contested question like this one?",
    explanation=(
        "Attribution tells readers whose claim it is: the speaker's, or the writer's account "
        "of it. With a contested topic, the wording of a paraphrase can already take a side."
    ),
)
def q5():
    return """
A quotation lets readers judge the speaker's own words; a paraphrase or a
characterisation passes through the writer's choices, so I should say which source
describes it that way, and check whether another source reports the same statement
differently.
"""


@written(
    prompt="Putin denied that the Russian state interfered in the election (CRS Insight, "
           "paragraph 7), while Director of National Intelligence Dan Coats stood by the "
           "intelligence assessment (CGTN, paragraphs 26-27). Neither source sets out the "
           "evidence. In a paragraph: how can a reader weigh the denial against the assessment?",
    rubric=criteria(
        evidence="Names what each side said, with a paragraph from each document.",
        reasoning="Weighs who is speaking and what backs each claim (such as the indictment), not "
                  "only who sounds surer.",
        attribution="Keeps the sources' verbs (said, argued, stood by) and writes in own words.",
    ),
    marking_guide=[
        GuidePoint("Putin said the Russian state never interfered and will not, argued that "
                   "'you can't believe anybody', and called an indicted company private",
                   [("crs", 7)]),
        GuidePoint("Coats, a Republican appointed by Trump, stood by the agencies' assessment "
                   "of meddling in 2016", [("cgtn", 26), ("cgtn", 27)]),
        GuidePoint("Three days before the summit the Justice Department indicted 12 Russian "
                   "intelligence officers: charges whose evidence can be tested in court",
                   [("cgtn", 15)]),
        GuidePoint("Trump called the denial 'powerful' at the news conference, so the two "
                   "presidents' words cannot settle the question", [("cgtn", 8)]),
        GuidePoint("A strong answer asks what each speaker stands to gain, and looks for "
                   "evidence outside both documents (the indictment itself, later findings)"),
    ],
    explanation="Weigh claims by who makes them, what they stand to gain and what evidence can "
                "be checked, not by how confident they sound.",
)
def q6():
    return """A denial by the leader accused and an assessment by the intelligence
services of the other country are both claims by interested parties. Putin says the
state never interfered (CRS Insight, paragraph 7), Coats, appointed by Trump, stands
by the assessment (CGTN, paragraph 27). The indictment of 12 officers three days
earlier (CGTN, paragraph 15) can be tested in court, which gives it more weight than
a denial with nothing behind it; a reader should look for that evidence."""


EXERCISES = exercises_in(globals())
