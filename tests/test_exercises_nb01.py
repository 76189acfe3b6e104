"""Notebook 01 (The sources and the timeline): values a reader can check, known wrong answers."""

import re

import pandas as pd

import summitlib
from summitlib.exercises import nb01


def test_q1_crs_date_confirmed_cgtn_date_inferred(solve):
    # sources.csv: the CRS Insight carries its date (20 July 2018); the CGTN article prints
    # none, and is dated from its own clues: the 13 July indictment "three days ago" (CGTN
    # paragraph 15) and the meeting with Congress on Tuesday, 17 July (CGTN paragraph 18).
    assert nb01.q1.expected() == nb01.q1.choices[1]
    assert nb01.q1.evaluate(solve(nb01, nb01.q1)).correct


def test_q1_wrong_choices_fail_without_naming_the_right_one():
    for wrong in ("A", "C", "D"):
        feedback = nb01.q1.evaluate(wrong)
        assert feedback.outcome == "incorrect"
        assert "not the right choice" in feedback.message
        assert "`B`" not in feedback.message and "inferred" not in feedback.message


def test_q2_crs_quotes_minus_paraphrases(solve):
    # The CRS Insight has 27 quotes and 21 paraphrases (statements crs-01 ... crs-48,
    # paragraphs 2-20), so 6 more quotes than paraphrases. crs-07 is a paraphrase: the
    # quotation marks around "reset" (CRS ¶4) name past administrations' policy.
    assert nb01.q2.expected() == 6
    assert solve(nb01, nb01.q2) == 6


def test_q2_known_wrong_answers_say_which_way_without_the_answer():
    too_low = nb01.q2.evaluate(5)     # the CGTN article's difference (29 - 24)
    assert too_low.outcome == "incorrect" and "too low" in too_low.message
    too_high = nb01.q2.evaluate(48)   # every CRS statement
    assert too_high.outcome == "incorrect" and "too high" in too_high.message
    for feedback in (too_low, too_high):
        assert not re.search(r"\b6\b", feedback.message)
    series = pd.Series({"quote": 27, "paraphrase": 21})
    assert "single number" in nb01.q2.evaluate(series).message


def test_q3_summit_week_has_fourteen_events(solve):
    # events.csv: from the indictment of 13 July (gru_officers_indicted) to the CRS Insight of
    # 20 July (crs_insight_published); nine events on 16 July itself.
    week = nb01.q3.expected()
    assert list(week.columns) == ["event_id", "occurred_on"]
    assert len(week) == 14
    assert (week["occurred_on"] == "2018-07-16").sum() == 9
    assert {"gru_officers_indicted", "crs_insight_published"} <= set(week["event_id"])
    assert nb01.q3.evaluate(solve(nb01, nb01.q3)).correct


def test_q3_known_wrong_answers_name_the_problem():
    e = summitlib.load_events()
    # A strict ">" drops the indictment of 13 July: one row short.
    strict = e[(e["occurred_on"] > "2018-07-13") & (e["occurred_on"] <= "2018-07-20")]
    feedback = nb01.q3.evaluate(strict[["event_id", "occurred_on"]])
    assert feedback.outcome == "incorrect"
    assert "13 rows, which is too few" in feedback.message and "14" not in feedback.message
    # An extra column.
    week = e[(e["occurred_on"] >= "2018-07-13") & (e["occurred_on"] <= "2018-07-20")]
    feedback = nb01.q3.evaluate(week[["event_id", "occurred_on", "title"]])
    assert "should not be there" in feedback.message and "title" in feedback.message
    # One column with single brackets: a Series.
    assert "Series" in nb01.q3.evaluate(week["event_id"]).message


def test_q4_crs_published_four_days_after_the_summit(solve):
    # The summit on 16 July 2018 (CRS paragraph 1), the Insight dated 20 July 2018.
    assert nb01.q4.expected() == 4
    assert solve(nb01, nb01.q4) == 4


def test_q4_known_wrong_answers():
    counted_both_ends = nb01.q4.evaluate(5)
    assert counted_both_ends.outcome == "incorrect" and "too high" in counted_both_ends.message
    cgtn_instead = nb01.q4.evaluate(0)   # the CGTN article's inferred date
    assert cgtn_instead.outcome == "incorrect" and "too low" in cgtn_instead.message
    for feedback in (counted_both_ends, cgtn_instead):
        assert not re.search(r"\b4\b", feedback.message)


def test_q5_reflection_asks_for_a_real_answer(solve):
    assert nb01.q5.points == 0
    short = nb01.q5.evaluate("time")
    assert short.outcome == "incorrect" and "at least 8 words" in short.message
    assert nb01.q5.evaluate(solve(nb01, nb01.q5)).correct
