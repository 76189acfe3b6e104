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


@choice(
    prompt="A date in a table looks equally certain whatever its origin. According to the "
           "`date_status` and `date_note` columns of `sources`, which sentence describes how "
           "the two documents were dated?",
    choices=_DATE_CHOICES,
    expected=_dating,
    hints=[
        "Show the columns `source_id`, `published_on`, `date_status` and `date_note` of "
        "`sources`.",
        "`confirmed` means the date comes with the document; `inferred` means someone "
        "reasoned their way to it. Read the `date_note` of the inferred one.",
    ],
    explanation="The CRS Insight carries its version date (20 July 2018). The CGTN article "
                "prints none: it calls the 13 July indictment three days old and places "
                "Trump's meeting with lawmakers on the coming Tuesday, 17 July, so 16 July is "
                "an inference (17 July remains possible).",
)
def q1():
    """Answered by reading, not by code; the answer line comes from `expected`."""


def _crs_quotes_minus_paraphrases():
    s = load_statements()
    crs = s[s["source_id"] == "crs"]
    return int((crs["statement_kind"] == "quote").sum()
               - (crs["statement_kind"] == "paraphrase").sum())


@value(
    prompt="In the CRS Insight, how many more statements are direct quotes than paraphrases? "
           "Give the number of quotes minus the number of paraphrases, computed from "
           "`statements`.",
    expected=_crs_quotes_minus_paraphrases,
    hints=[
        "Keep the rows of `statements` whose `source_id` is `\"crs\"`.",
        "Count each value of the `statement_kind` column of those rows, for instance with "
        "`.value_counts()`.",
        "Subtract the number of paraphrases from the number of quotes.",
    ],
    explanation="The CRS Insight has 27 quotes and 21 paraphrases. Many of its quotes are "
                "only a word or a phrase set inside the CRS's own sentence (the State "
                "Department's \"modest\", Putin's \"private\"), so "
                "a count of quotes says little about how much of a speaker's own wording the "
                "reader gets.",
)
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


@table(
    prompt="Make a table of the events of the summit week, from 13 to 20 July 2018 (both days "
           "included), with exactly two columns, `event_id` and `occurred_on`. Use the `events` "
           "table; the order of the rows does not matter.",
    expected=_summit_week,
    hints=[
        "Compare the `occurred_on` column with a date written as text: "
        "`events['occurred_on'] >= '2018-07-13'`.",
        "Combine the two conditions with `&`, each in brackets, and keep only those rows.",
        "Select two columns with double brackets: `week[['event_id', 'occurred_on']]`.",
    ],
    explanation="Fourteen of the 32 events fall in these eight days, from the indictment of "
                "13 July to the CRS Insight of 20 July; nine of them on 16 July alone. That is "
                "why the timeline chart puts the events in order instead of to scale.",
)
def q3(events):
    in_week = (events['occurred_on'] >= '2018-07-13') & (events['occurred_on'] <= '2018-07-20')
    return events[in_week][['event_id', 'occurred_on']]


def _days_summit_to_crs():
    sources = load_sources()
    events = load_events()
    published = sources.loc[sources["source_id"] == "crs", "published_on"].iloc[0]
    summit = events.loc[events["event_id"] == "summit_private_meeting", "occurred_on"].iloc[0]
    return int((pd.Timestamp(published) - pd.Timestamp(summit)).days)


@value(
    prompt="How many days after the summit was the CRS Insight published? Take the summit's "
           "date from the event `summit_private_meeting` in `events`, and the Insight's date "
           "from `published_on` in `sources`.",
    expected=_days_summit_to_crs,
    hints=[
        "Pick one value out of a table with `.loc[condition, column]` and then `.iloc[0]`.",
        "Subtracting one date from another gives a time span; its `.days` attribute is a "
        "whole number of days.",
    ],
    explanation="Four days: time enough for Trump's later interviews, his meeting "
                "with lawmakers on 17 July and the White House invitation of 19 July, which "
                "is why the CRS can draw on later clarifications that the CGTN article, "
                "probably written on the day, could not use.",
)
def q4(sources, events):
    published = sources.loc[sources['source_id'] == 'crs', 'published_on'].iloc[0]
    summit = events.loc[events['event_id'] == 'summit_private_meeting', 'occurred_on'].iloc[0]
    return (published - summit).days


@reflection(
    prompt="The CGTN article says nothing about Ukraine, the working groups or the Skripal "
           "case, all of which the CRS Insight mentions. Give two possible reasons for a "
           "silence like this, and say how you could find out which one applies.",
    explanation="Timing, length and genre, the publisher's choices and the wire story it "
                "adapts can all explain a silence; only a comparison with other documents can "
                "tell which one did.",
)
def q5():
    return """
It was probably written on the day, mostly from the news conference, before Trump's
later interviews and the official clarifications came out (it does report Putin's Fox
News interview); a short news story keeps the most newsworthy points; or the outlet,
or the wire story it adapts, chose to leave them out. Comparing it with the AFP
original and with other reports of the same day would help to tell these apart.
"""


EXERCISES = exercises_in(globals())
