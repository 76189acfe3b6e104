"""Notebook 08 (outcomes, silences and reactions): expected values a reader can check against
the sources, and known wrong answers with feedback that does not give the answer away."""

import pandas as pd

import summitlib
from summitlib.exercises import nb08


def test_q1_the_two_topics_with_no_indication(solve):
    # CRS Insight paragraphs 17-19: state-sponsored violence (the Skripal case) and sanctions.
    expected = nb08.q1.expected()
    assert expected["topic_id"].astype(str).tolist() == ["state_violence", "sanctions"]
    assert nb08.q1.evaluate(solve(nb08, nb08.q1)).outcome == "correct"


def test_q1_wrong_answers_say_what_is_wrong():
    topics = summitlib.load_topics()
    discussed = topics[topics["discussion_status"] == "discussed"][["topic_id", "title"]]
    fb = nb08.q1.evaluate(discussed)
    assert fb.outcome == "incorrect" and "too many" in fb.message
    assert "sanctions" not in fb.message and "state_violence" not in fb.message
    fb = nb08.q1.evaluate(topics[topics["discussion_status"] == "no indication"][["topic_id"]])
    assert fb.outcome == "incorrect" and "missing column" in fb.message and "title" in fb.message
    fb = nb08.q1.evaluate(topics.loc[topics["discussion_status"] == "no indication", "topic_id"])
    assert fb.outcome == "incorrect" and "Series" in fb.message


def test_q2_the_speakers_who_react():
    # CRS ¶20 (members of Congress); CGTN ¶16 (lawmakers), ¶17 (McCain), ¶18 (White House),
    # ¶23 and ¶25 (Schumer), ¶26 (Coats).
    assert sorted(nb08.q2.expected()) == ["coats", "mccain", "members_of_congress", "schumer",
                                          "white_house"]


def test_q2_the_categorical_that_unique_returns_is_accepted():
    s = summitlib.load_statements()
    unique = s.loc[s["topic_id"] == "washington_reactions", "speaker_id"].unique()
    assert isinstance(unique, pd.Categorical)  # what the hint's `.unique()` gives
    for answer in (unique, pd.Index(unique), pd.Series(unique), unique.to_numpy()):
        assert nb08.q2.evaluate(answer).outcome == "correct", type(answer)


def test_q2_wrong_answers_say_what_is_wrong():
    # Toomey speaks on sanctions (CGTN ¶21-22), not under the reactions topic.
    fb = nb08.q2.evaluate(["coats", "mccain", "members_of_congress", "schumer", "white_house",
                           "toomey"])
    assert fb.outcome == "incorrect" and "should not be there" in fb.message
    fb = nb08.q2.evaluate(["mccain", "schumer"])
    assert fb.outcome == "incorrect" and "3 item(s) are missing" in fb.message
    assert "coats" not in fb.message and "white_house" not in fb.message
    assert nb08.q2.evaluate("mccain").outcome == "incorrect"


def test_q3_new_start_was_extended_then_suspended():
    # Events new_start_extended (2021-02-03) and russia_suspends_new_start (2023-02-21).
    assert nb08.q3.expected() == nb08.q3.choices[1]
    assert nb08.q3.evaluate("b").outcome == "correct"


def test_q3_the_inf_withdrawal_is_a_wrong_choice():
    fb = nb08.q3.evaluate("C")
    assert fb.outcome == "incorrect" and "not the right choice" in fb.message
    assert "B" not in fb.message.replace("`C`", "")
    assert "not one of the choices" in nb08.q3.evaluate("E").message


def test_q4_two_days_to_spare():
    # Extended on 3 February 2021; the original term ended on 5 February 2021.
    assert nb08.q4.expected() == 2


def test_q4_wrong_answers_say_what_is_wrong():
    fb = nb08.q4.evaluate(3)
    assert fb.outcome == "incorrect" and "too high" in fb.message and "2" not in fb.message
    events = summitlib.load_events().set_index("event_id")
    # The span as a Timedelta rather than a number of days.
    span = (events.loc["new_start_original_expiry", "occurred_on"]
            - events.loc["new_start_extended", "occurred_on"])
    assert nb08.q4.evaluate(span).outcome in {"incorrect", "error"}
    assert nb08.q4.evaluate("2").outcome == "incorrect"
    assert "quotes" in nb08.q4.evaluate("2").message
    assert nb08.q4.evaluate(pd.Series([2])).outcome == "correct"


def test_q5_reflection_wants_a_few_sentences():
    assert nb08.q5.points == 0
    fb = nb08.q5.evaluate("Not sure.")
    assert fb.outcome == "incorrect" and "at least" in fb.message
