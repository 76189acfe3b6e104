"""Exercises of notebook 01, The sources and the timeline.

q1 asks what the sources table says about how each document was dated; q2 compares quotes and
paraphrases in the CRS Insight; q3 builds the table of the summit week's events; q4 measures
the days between the summit and the CRS Insight; q5 is a reflection on what a source leaves out.
"""

import pandas as pd

from summitlib.datasets import load_events, load_sources, load_statements
from summitlib.exercises._declare import choice, exercises_in, reflection, table, value

SETUP = (
    "import summitlib\n"
    "sources = summitlib.load_sources()\n"
    "statements = summitlib.load_statements()\n"
    "events = summitlib.load_events()"
)

_DATE_CHOICES = [
    "Both publication dates are printed in the documents and confirmed.",
    "The CRS date is confirmed; the CGTN date is worked out from clues in the article.",
    "The CGTN date is confirmed; the CRS date is worked out from clues in the report.",
    "Neither date is confirmed; both are worked out from clues.",
]


def _dating():
    status = dict(zip(load_sources()["source_id"].astype(str),
                      load_sources()["date_status"].astype(str), strict=True))
    key = (status["crs"], status["cgtn"])
    return {
        ("confirmed", "confirmed"): _DATE_CHOICES[0],
        ("confirmed", "inferred"): _DATE_CHOICES[1],
        ("inferred", "confirmed"): _DATE_CHOICES[2],
        ("inferred", "inferred"): _DATE_CHOICES[3],
    }[key]


@choice(choices=_DATE_CHOICES, expected=_dating)
def q1():
    """Answered by reading, not by code; the answer line comes from `expected`."""


def _crs_quotes_minus_paraphrases():
    s = load_statements()
    crs = s[s["source_id"] == "crs"]
    return int((crs["statement_kind"] == "quote").sum()
               - (crs["statement_kind"] == "paraphrase").sum())


@value(expected=_crs_quotes_minus_paraphrases)
def q2(statements):
    crs = statements[statements['source_id'] == 'crs']
    counts = crs['statement_kind'].value_counts()
    return counts['quote'] - counts['paraphrase']


_WEEK_START = "2018-07-13"
_WEEK_END = "2018-07-20"


def _summit_week():
    e = load_events()
    week = e[(e["occurred_on"] >= _WEEK_START) & (e["occurred_on"] <= _WEEK_END)]
    return week[["event_id", "occurred_on"]]


@table(expected=_summit_week)
def q3(events):
    in_week = (events['occurred_on'] >= '2018-07-13') & (events['occurred_on'] <= '2018-07-20')
    return events[in_week][['event_id', 'occurred_on']]


def _days_summit_to_crs():
    sources = load_sources()
    events = load_events()
    published = sources.loc[sources["source_id"] == "crs", "published_on"].iloc[0]
    summit = events.loc[events["event_id"] == "summit_private_meeting", "occurred_on"].iloc[0]
    return int((pd.Timestamp(published) - pd.Timestamp(summit)).days)


@value(expected=_days_summit_to_crs)
def q4(sources, events):
    published = sources.loc[sources['source_id'] == 'crs', 'published_on'].iloc[0]
    summit = events.loc[events['event_id'] == 'summit_private_meeting', 'occurred_on'].iloc[0]
    return (published - summit).days


@reflection()
def q5():
    return """
It was probably written on the day, mostly from the news conference, before Trump's
later interviews and the official clarifications came out (it does report Putin's Fox
News interview); a short news story keeps the most newsworthy points; or the outlet,
or the wire story it adapts, chose to leave them out. Comparing it with the AFP
original and with other reports of the same day would help to tell these apart.
"""


EXERCISES = exercises_in(globals())
