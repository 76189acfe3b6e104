"""Notebook 00 (Start here): the values a reader can check, and known wrong answers."""

from summitlib.charts import table_coverage
from summitlib.exercises import nb00


def test_q1_counts_every_statement_of_both_sources(solve):
    # 48 statements from the CRS Insight (paragraphs 2-20) plus 53 from the CGTN article
    # (paragraphs 4-63): statement_id runs crs-01 ... crs-48 and cgtn-01 ... cgtn-53.
    assert nb00.q1.expected() == 101
    assert solve(nb00, nb00.q1) == 101


def test_q1_only_one_source_is_too_low_without_giving_the_answer():
    feedback = nb00.q1.evaluate(48)   # the CRS rows alone
    assert feedback.outcome == "incorrect"
    assert "too low" in feedback.message and "Check which rows" in feedback.message
    assert "101" not in str(feedback)


def test_q1_a_number_in_quotes_is_named_as_such():
    feedback = nb00.q1.evaluate("101")
    assert feedback.outcome == "incorrect"
    assert "inside quotes" in feedback.message


def test_q2_cgtn_gives_more_of_its_text_to_washington_reactions(solve):
    # CGTN ¶16-18, 23, 25 and 26 (lawmakers, McCain, the White House, Schumer, Coats): 151 of
    # 1,195 body words, about 12.6 %; CRS ¶20: 42 of 1,013, about 4.1 %. (CGTN ¶21 is on
    # sanctions and ¶27 on election interference, like the statements that cite them.)
    shares = table_coverage().loc["washington_reactions"]
    assert round(shares["cgtn"], 3) == 0.126 and round(shares["crs"], 3) == 0.041
    assert nb00.q2.expected() == "The CGTN article"
    assert nb00.q2.evaluate(solve(nb00, nb00.q2)).correct
    assert nb00.q2.evaluate("the cgtn article").correct


def test_q2_wrong_choices_fail_without_naming_the_right_one():
    for wrong in ("A", "C", "The CRS Insight"):
        feedback = nb00.q2.evaluate(wrong)
        assert feedback.outcome == "incorrect"
        assert "not the right choice" in feedback.message
        assert "CGTN" not in feedback.message and "`B`" not in feedback.message
    feedback = nb00.q2.evaluate("E")
    assert "not one of the choices" in feedback.message
