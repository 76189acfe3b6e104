"""Exercises of notebook 09: comparing the sources.

How much of each document goes to each topic, whom each document quotes, and the claims the
fact sheet corrects.
"""

import pandas as pd

from summitlib.datasets import (
    load_fact_checks,
    load_passages,
    load_sources,
    load_statements,
    load_topics,
)
from summitlib.exercises._answers import speakers_only_in
from summitlib.exercises._declare import choice, exercises_in, reflection, table, value, written
from summitlib.exercises._written import GuidePoint, criteria
from summitlib.queries import table_coverage

SETUP = (
    "import summitlib\n"
    "import pandas as pd\n"
    "sources = summitlib.load_sources()\n"
    "passages = summitlib.load_passages()\n"
    "statements = summitlib.load_statements()\n"
    "fact_checks = summitlib.load_fact_checks()"
)


def _cgtn_reactions_share():
    return float(table_coverage().loc["washington_reactions", "cgtn"])


@value(
    prompt="What share of the CGTN article's body words has *Reactions in Washington* "
           "(`washington_reactions`) as its main topic? Count only body paragraphs "
           "(`passage_kind == \"paragraph\"`) and answer with a fraction between 0 and 1 "
           "(for example 0.25), to three decimal places or more.",
    expected=_cgtn_reactions_share,
    tolerance=0.001,
    hints=[
        "Keep the CGTN rows of `passages` whose `passage_kind` is `\"paragraph\"`: captions, "
        "headings and timestamps do not count.",
        "Add up `word_count` for the rows whose `topic_id` is `\"washington_reactions\"`, and "
        "add up `word_count` for all the body rows.",
        "Divide the first sum by the second. `table_coverage()` gives the same number, to check.",
    ],
    explanation=(
        "About 0.126: roughly one word in eight of CGTN's body text is about the reactions in "
        "Washington, against about one in twenty-five for the CRS Insight. A share of words is "
        "a rough measure of emphasis; it says nothing about whether the reporting is accurate."
    ),
)
def q1(passages):
    cgtn_body = passages[(passages['source_id'] == 'cgtn')
                         & (passages['passage_kind'] == 'paragraph')]
    on_topic = cgtn_body[cgtn_body['topic_id'] == 'washington_reactions']
    return on_topic['word_count'].sum() / cgtn_body['word_count'].sum()


def _checks_per_source():
    checks = load_fact_checks()["source_id"].astype(str).value_counts()
    ids = load_sources()["source_id"].astype(str)
    return pd.DataFrame({"source_id": ids,
                         "fact_checks": [int(checks.get(s, 0)) for s in ids]})


@table(
    prompt="Make a table with one row per source in `sources` and two columns: `source_id` and "
           "`fact_checks`, the number of rows of `fact_checks` about that source. A source with "
           "no fact check must appear with 0.",
    expected=_checks_per_source,
    hints=[
        "`fact_checks[\"source_id\"].value_counts()` counts the checks per source, but only for "
        "the sources that have at least one.",
        "Start from `sources[\"source_id\"]` so that every source is there, and look each one up "
        "in the counts: `counts.get(s, 0)` gives 0 for a missing source.",
        "`pd.DataFrame({\"source_id\": ..., \"fact_checks\": ...})` builds the table from two "
        "lists.",
    ],
    explanation=(
        "All four corrections concern the CGTN article; the CRS Insight has none. That zero "
        "means the fact sheet behind this course lists no correction for it, not that every "
        "sentence of the CRS Insight was verified: a missing check is not a clean bill of health."
    ),
)
def q2(fact_checks, pd, sources):
    counts = fact_checks['source_id'].value_counts()
    return pd.DataFrame({
        'source_id': sources['source_id'],
        'fact_checks': [counts.get(s, 0) for s in sources['source_id']],
    })


_TOPIC_CHOICES = [
    "Sanctions on Russia",
    "Working groups and follow-up",
    "Reactions in Washington",
    "Nonproliferation: North Korea and Iran",
]


def _only_crs_topic():
    p = load_passages()
    body = p[p["passage_kind"] == "paragraph"]
    words = body.groupby(["topic_id", "source_id"], observed=True)["word_count"].sum()
    titles = dict(zip(load_topics()["title"], load_topics()["topic_id"].astype(str),
                      strict=True))
    only = [c for c in _TOPIC_CHOICES
            if words.get((titles[c], "crs"), 0) > 0 and words.get((titles[c], "cgtn"), 0) == 0]
    if len(only) != 1:
        raise ValueError(f"expected exactly one choice covered by CRS alone, got {only}")
    return only[0]


@choice(
    prompt="Which of these topics does the CRS Insight cover and the CGTN article leave out "
           "entirely (0 % of its body words)?",
    choices=_TOPIC_CHOICES,
    expected=_only_crs_topic,
    hints=[
        "The coverage chart and `table_coverage()` show a 0 for a topic a source leaves out.",
        "The explorer of the two sources lists under *Only CRS covers* the topics the CGTN "
        "article never takes up.",
    ],
    explanation=(
        "The State Department's three proposals (CRS paragraph 16) appear only in the CRS "
        "Insight. The CGTN article does touch on sanctions (paragraphs 21-22) and North Korea "
        "(paragraph 46), and gives the reactions in Washington much more room than the CRS."
    ),
)
def q3():
    """Answered by reading, not by code; the answer line comes from `expected`."""


def _cgtn_only_speakers():
    return len(speakers_only_in("cgtn", "crs", load_statements()))


@value(
    prompt="How many different speakers have at least one statement in the CGTN article and "
           "none in the CRS Insight?",
    expected=_cgtn_only_speakers,
    hints=[
        "Make two sets of `speaker_id` values, one from the CGTN statements and one from the "
        "CRS statements: `set(statements.loc[..., \"speaker_id\"])`.",
        "The difference of two sets, `a - b`, keeps what is in `a` and not in `b`; `len()` "
        "counts it.",
    ],
    explanation=(
        "Nine. Eight are voices the article reports: the senators McCain, Schumer and Toomey, "
        "the Director of National Intelligence Dan Coats, the White House, the Justice "
        "Department, the Russian Foreign Ministry and Trump's unnamed critics. The ninth, "
        "`cgtn`, is the article itself: its photo caption gives the wording of a protest sign "
        "in its own voice (paragraph 48), as `crs` stands for the Insight's own findings. The "
        "CGTN article reports many outside voices; the CRS Insight relies mostly on the "
        "presidents, the State Department and its own assessments."
    ),
)
def q4(statements):
    cgtn_speakers = set(statements.loc[statements['source_id'] == 'cgtn', 'speaker_id'])
    crs_speakers = set(statements.loc[statements['source_id'] == 'crs', 'speaker_id'])
    return len(cgtn_speakers - crs_speakers)


@reflection(
    prompt="Pick one claim from either document that is not in the `fact_checks` table. How "
           "would you check it, and which kind of source would you trust for it?",
    explanation=(
        "Checking a claim means finding the original record (a treaty text, an official "
        "statement, a transcript or a data set), preferring sources close to the event, and "
        "comparing more than one of them."
    ),
)
def q5():
    return """
CGTN says New START was signed on 8 April 2010. I would look for the treaty page of
the US State Department or an arms-control reference, and compare the date with a
second independent source.
"""


@written(
    prompt="One document comes from a state-owned news outlet, the other from a research agency "
           "of a legislature. What does each publisher have an interest in, how might that shape "
           "what is included, left out or emphasised, and what would you need to know before "
           "calling either one biased?",
    rubric=criteria(
        evidence="Points to what each document includes, leaves out or stresses, with paragraphs.",
        reasoning="Links those choices to each publisher's interests and readers, and says what a "
                  "charge of bias needs.",
        attribution="Describes the documents in own words, without strengthening what they say.",
    ),
    marking_guide=[
        GuidePoint("CGTN is a Chinese state broadcaster adapting an AFP wire story; it draws "
                   "four lessons from the news conference", [("cgtn", 2)]),
        GuidePoint("CGTN gives much of its text to the criticism of Trump in Washington",
                   # body text only: 19-20 are a caption printed twice, 24 a video timestamp
                   [("cgtn", n) for n in (16, 17, 18, 21, 22, 23, 25, 26, 27)]),
        GuidePoint("The CRS works for the US Congress; it rebuilds the topics from transcripts "
                   "and clarifications and lists what shows no sign of discussion",
                   [("crs", 5), ("crs", 17)]),
        GuidePoint("The CRS Insight ends on what concerns Congress, its own readers",
                   [("crs", 20)]),
        GuidePoint("Calling a document biased needs a comparison: other coverage of the same "
                   "event, what was left out, and the wording of comparable claims"),
    ],
    explanation="Interests and audiences explain choices; bias is a claim that needs a "
                "comparison to support it.",
)
def q6():
    return """CGTN, a Chinese state broadcaster adapting an AFP story, builds its
article on the news conference (paragraph 2) and gives much room to the criticism of
Trump at home (paragraphs 16-27). The CRS writes for Congress: it goes topic by topic,
says what its account rests on (paragraph 5) and ends on Congress's concerns (paragraph
20). Before calling either biased I would compare them with other coverage of the same
day and check what each left out and how it worded similar claims."""


EXERCISES = exercises_in(globals())
