"""Exercises of notebook 09: comparing the sources.

How much of each document goes to each topic, whom each document quotes, and the claims the
fact sheet corrects.
"""

import pandas as pd

from summitlib.datasets import (
    load_fact_checks,
    load_passages,
    load_sources,
    load_topics,
)
from summitlib.exercises._answers import speakers_only_in
from summitlib.exercises._declare import choice, exercises_in, reflection, table, value, written
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


@value(expected=_cgtn_reactions_share, tolerance=0.001)
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


@table(expected=_checks_per_source)
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


@choice(choices=_TOPIC_CHOICES, expected=_only_crs_topic)
def q3():
    """Answered by reading, not by code; the answer line comes from `expected`."""


def _cgtn_only_speakers():
    return len(speakers_only_in("cgtn", "crs"))


@value(expected=_cgtn_only_speakers)
def q4(statements):
    cgtn_speakers = set(statements.loc[statements['source_id'] == 'cgtn', 'speaker_id'])
    crs_speakers = set(statements.loc[statements['source_id'] == 'crs', 'speaker_id'])
    return len(cgtn_speakers - crs_speakers)


@reflection()
def q5():
    return """
CGTN says New START was signed on 8 April 2010. I would look for the treaty page of
the US State Department or an arms-control reference, and compare the date with a
second independent source.
"""


@written()
def q6():
    return """CGTN, a Chinese state broadcaster adapting an AFP story, builds its
article on the news conference (paragraph 2) and gives much room to the criticism of
Trump at home (paragraphs 16-27). The CRS writes for Congress: it goes topic by topic,
says what its account rests on (paragraph 5) and ends on Congress's concerns (paragraph
20). Before calling either biased I would compare them with other coverage of the same
day and check what each left out and how it worded similar claims."""


EXERCISES = exercises_in(globals())
