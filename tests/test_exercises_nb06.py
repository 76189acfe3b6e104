"""Notebook 06 (counterterrorism and cybersecurity): values a reader can check, wrong answers."""

import numpy as np
import pandas as pd

from summitlib.exercises import nb06
from summitlib.queries import filter_statements


def test_q1_terror_is_on_two_topics(solve):
    # CRS ¶9 (Putin: the Syrian offensive is "crushing terrorists") is filed under Syria;
    # CRS ¶14 and CGTN ¶62-63 under counterterrorism.
    assert sorted(nb06.q1.expected()) == ["counterterrorism_cyber", "syria"]
    assert nb06.q1.evaluate(solve(nb06, nb06.q1)).correct
    assert nb06.q1.evaluate(["syria", "counterterrorism_cyber"]).correct


def test_q1_any_list_like_of_the_right_topics_is_right():
    # `.unique()` of a categorical column is a pandas Categorical: the natural answer.
    hits = filter_statements(text="terror")
    unique = hits["topic_id"].unique()
    assert isinstance(unique, pd.Categorical)
    for answer in (unique, pd.Index(unique), pd.Series(unique), np.asarray(unique)):
        assert nb06.q1.evaluate(answer).correct, type(answer)


def test_q1_wrong_answers_say_what_is_wrong(incorrect):
    message = incorrect(nb06.q1, ["counterterrorism_cyber"]).message
    assert "missing" in message and "syria" not in message
    message = incorrect(nb06.q1, ["counterterrorism_cyber", "syria", "arms_control"]).message
    assert "should not be there" in message and "arms_control" in message
    assert "list" in incorrect(nb06.q1, "syria").message


def test_q2_only_the_crs_mentions_the_cyber_working_group(solve):
    # CRS ¶14: Putin reiterated a proposal for a cybersecurity working group; CGTN is silent.
    assert nb06.q2.expected() == "Only the CRS Insight"
    assert nb06.q2.evaluate("A").correct
    assert nb06.q2.evaluate("only the crs insight").correct


def test_q2_wrong_choices_do_not_reveal_the_answer(incorrect):
    for wrong in ("B", "C", "D"):
        message = incorrect(nb06.q2, wrong).message
        assert "not the right choice" in message and "CRS Insight" not in message
    assert "one of the choices" in incorrect(nb06.q2, "E").message


def test_q3_three_statements_name_a_working_group(solve):
    # CRS ¶14 (Putin, twice) and CRS ¶16 (the State Department's business working group).
    table = nb06.q3.expected()
    assert table["statement_id"].astype(str).tolist() == ["crs-32", "crs-33", "crs-41"]
    assert table["speaker_id"].astype(str).tolist() == ["putin", "putin", "state_department"]
    assert nb06.q3.evaluate(solve(nb06, nb06.q3)).correct


def test_q3_wrong_tables_say_what_is_wrong(incorrect):
    by_topic = filter_statements(topic="counterterrorism_cyber")
    message = incorrect(nb06.q3, by_topic[["statement_id", "speaker_id", "topic_id"]]).message
    assert "6 rows" in message and "too many" in message
    plural = filter_statements(text="working groups")
    message = incorrect(nb06.q3, plural[["statement_id", "speaker_id", "topic_id"]]).message
    assert "too few" in message
    hits = filter_statements(text="working group")
    message = incorrect(nb06.q3, hits[["statement_id", "speaker_id"]]).message
    assert "missing column" in message and "topic_id" in message
    assert "DataFrame" in incorrect(nb06.q3, hits["statement_id"]).message


def test_q4_is_a_reflection_worth_no_points(solve, incorrect):
    assert nb06.q4.points == 0
    assert nb06.q4.evaluate(solve(nb06, nb06.q4)).correct
    assert "at least" in incorrect(nb06.q4, "a channel").message
