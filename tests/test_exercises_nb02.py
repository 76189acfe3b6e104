"""Notebook 02 (election interference): expected values a reader can check, wrong answers."""

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import summitlib
from summitlib.exercises import nb02


def _election():
    s = summitlib.load_statements()
    return s[s["topic_id"] == "election_interference"]



# --- q1: Putin's quoted statements ----------------------------------------------------------

def test_q1_expected_value():
    # CRS ¶7 quotes Putin four times (crs-12 to crs-15); CGTN ¶11 once ("Please get this
    # rubbish out of your heads"). His other CGTN statements (¶4, ¶9, ¶10) are paraphrases.
    assert nb02.q1.expected() == 5


def test_q1_solution(solve):
    assert solve(nb02, nb02.q1) == 5


@pytest.mark.parametrize(("wrong", "word"), [(9, "too high"), (4, "too low"), (1, "too low")])
def test_q1_wrong_counts_say_which_way(wrong, word, incorrect):
    # 9: every Putin statement, paraphrases included; 4: the CRS only; 1: CGTN only.
    feedback = incorrect(nb02.q1, wrong)
    assert word in feedback.message
    assert "5" not in feedback.message


def test_q1_a_number_in_quotes_is_explained(incorrect):
    feedback = incorrect(nb02.q1, "5")
    assert "remove the quotes" in feedback.message


# --- q2: statements per source and speaker --------------------------------------------------

def test_q2_expected_table():
    # CRS: Trump ¶6 (2), Putin ¶7 (4), the intelligence community ¶3 (1).
    # CGTN: Trump ¶5, ¶8 (2), ¶10, ¶14, ¶30 (6); Putin ¶4, ¶9, ¶10 (2), ¶11 (5); the
    # intelligence community ¶4, Trump's critics ¶9, the Justice Department ¶15, Coats ¶27.
    got = nb02.q2.expected()
    assert list(got.columns) == ["source_id", "speaker_id", "statements"]
    counts = {(str(r.source_id), str(r.speaker_id)): r.statements for r in got.itertuples()}
    assert counts == {
        ("crs", "trump"): 2, ("crs", "putin"): 4, ("crs", "us_intelligence_community"): 1,
        ("cgtn", "trump"): 6, ("cgtn", "putin"): 5, ("cgtn", "us_intelligence_community"): 1,
        ("cgtn", "trump_critics"): 1, ("cgtn", "justice_department"): 1, ("cgtn", "coats"): 1,
    }


def test_q2_the_zero_rows_of_value_counts_are_named_as_such(incorrect):
    # On categorical columns value_counts() keeps every pair of categories, with 0: 2 sources
    # x 23 people, of which the 9 pairs above occur, so 37 rows with a count of 0.
    answer = _election()[["source_id", "speaker_id"]].value_counts().reset_index(
        name="statements")
    feedback = incorrect(nb02.q2, answer)
    assert "37 extra row(s) with a count of 0" in feedback.message
    assert "observed=True" in feedback.message and "filter" not in feedback.message


def test_q2_a_series_is_explained(incorrect):
    series = _election().groupby(["source_id", "speaker_id"], observed=True).size()
    feedback = incorrect(nb02.q2, series)
    assert "Series" in feedback.message


def test_q2_wrong_column_name(incorrect):
    answer = (_election().groupby(["source_id", "speaker_id"], observed=True).size()
              .reset_index(name="count"))
    feedback = incorrect(nb02.q2, answer)
    assert "statements" in feedback.message and "count" in feedback.message


def test_q2_all_topics_give_wrong_counts(incorrect):
    s = summitlib.load_statements()
    answer = (s.groupby(["source_id", "speaker_id"], observed=True).size()
              .reset_index(name="statements"))
    incorrect(nb02.q2, answer)


# --- q3: speakers only CGTN cites -----------------------------------------------------------

def test_q3_expected_list():
    # Coats (CGTN ¶27), the Justice Department (CGTN ¶15) and Trump's critics (CGTN ¶9); the
    # CRS cites Trump, Putin and the intelligence community on this topic (CRS ¶3, ¶6, ¶7).
    assert nb02.q3.expected() == ["coats", "justice_department", "trump_critics"]


def test_q3_schumer_is_filed_under_the_reactions(incorrect):
    # Schumer's words in CGTN ¶25 judge Trump's conduct (washington_reactions); Coats's in ¶27
    # are about Russian meddling (election_interference): the dataset card's topic rule.
    s = summitlib.load_statements().set_index("statement_id")
    assert (s.loc["cgtn-23", "topic_id"], s.loc["cgtn-25", "topic_id"]) == (
        "washington_reactions", "election_interference")
    assert "schumer" not in set(_election()["speaker_id"].astype(str))
    incorrect(nb02.q3, ["coats", "justice_department", "trump_critics", "schumer"])


def test_q3_order_and_case_do_not_matter(solve):
    assert nb02.q3.evaluate(["Trump_critics", "coats", "justice_department"]).correct
    assert nb02.q3.evaluate(solve(nb02, nb02.q3)).correct


def test_q3_the_wrong_difference_names_an_extra_item(incorrect):
    # The CRS-only speakers (none) and the shared ones are not the question.
    feedback = incorrect(nb02.q3, ["trump", "putin", "coats"],
                         "justice_department", "trump_critics")
    assert "should not be there" in feedback.message and "missing" in feedback.message


def test_q3_a_missing_item_is_counted_not_named(incorrect):
    feedback = incorrect(nb02.q3, ["coats", "trump_critics"], "justice_department")
    assert "1 item(s) are missing" in feedback.message


# --- q4: who wrote the tweet ----------------------------------------------------------------

def test_q4_expected_choice():
    # CGTN ¶30: Trump tweeted the words hours after the summit.
    assert nb02.q4.expected() == "Donald Trump"
    assert nb02.q4.evaluate("B").correct
    assert nb02.q4.evaluate("donald trump").correct


@pytest.mark.parametrize("wrong", ["A", "C", "D", "Dan Coats"])
def test_q4_wrong_choices(wrong, incorrect):
    # Coats (A) is the tempting answer: he stood by the agencies (CGTN ¶26-27).
    feedback = incorrect(nb02.q4, wrong, "Trump", "`B`")
    assert "not the right choice" in feedback.message


def test_q4_not_a_choice(incorrect):
    feedback = incorrect(nb02.q4, "E")
    assert "not one of the choices" in feedback.message


# --- q5: reflection -------------------------------------------------------------------------

def test_q5_reflection_asks_for_a_few_words():
    assert nb02.q5.points == 0
    assert nb02.q5.evaluate("It matters.").outcome == "incorrect"
    assert "at least" in nb02.q5.evaluate("It matters.").message
    assert nb02.q5.evaluate(42).outcome == "incorrect"


def test_check_never_raises_on_odd_input(capsys):
    for q in nb02.EXERCISES:
        for odd in (None, pd.DataFrame(), plt, object()):
            q.check(odd)
    assert "Traceback" not in capsys.readouterr().out
