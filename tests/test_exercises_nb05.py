"""Notebook 05 (Nonproliferation): expected answers a reader can check, wrong answers.

The statements are CRS Insight paragraphs 12-13 and CGTN paragraphs 46 and 54; the date of the
US withdrawal from the JCPOA is from PolitiFact (see data/events.csv).
"""

from summitlib.exercises import nb05

# --- q1: quotations on the topic -------------------------------------------------------------

def test_q1_expected_counts_six_quotations():
    # CRS ¶12: Trump three times; CRS ¶13: Putin once, Trump once; CGTN ¶46: Trump once.
    assert nb05.q1.expected() == 6


def test_q1_counting_every_statement_is_too_high(incorrect):
    message = str(incorrect(nb05.q1, 9))  # all nine statements, paraphrases included
    assert "too high" in message and "6" not in message


def test_q1_counting_the_paraphrases_is_too_low(incorrect):
    message = str(incorrect(nb05.q1, 3))  # CRS ¶13 (Putin), CGTN ¶46 (Trump), CGTN ¶54 (Putin)
    assert "too low" in message and "6" not in message


# --- q2: who quotes Putin on the Iran deal ---------------------------------------------------

def test_q2_expected_is_the_crs_insight():
    # CRS ¶13 quotes Putin on the JCPOA; CGTN ¶54 only paraphrases him.
    assert nb05.q2.expected() == "The CRS Insight"
    assert nb05.q2.evaluate("a").correct


def test_q2_both_is_not_the_choice(incorrect):
    message = str(incorrect(nb05.q2, "C"))
    assert "not the right choice" in message and "CRS" not in message


# --- q3: statements per document and speaker -------------------------------------------------

def test_q3_expected_counts_per_document_and_speaker():
    table = nb05.q3.expected()
    counts = {(str(s), str(p)): n for s, p, n in
              zip(table["source_id"], table["speaker_id"], table["statements"], strict=True)}
    assert counts == {("crs", "trump"): 4, ("crs", "putin"): 2,
                      ("cgtn", "trump"): 2, ("cgtn", "putin"): 1}


def test_q3_a_series_is_told_to_become_a_table(solve, incorrect):
    ns = {}
    exec(nb05.SETUP, ns)
    s = ns["statements"]
    nonpro = s[s["topic_id"] == "nonproliferation"]
    series = nonpro.groupby(["source_id", "speaker_id"], observed=True).size()
    message = str(incorrect(nb05.q3, series))
    assert "Series" in message and "reset_index" in message


def test_q3_every_possible_pair_is_named_as_zero_count_rows(incorrect):
    ns = {}
    exec(nb05.SETUP, ns)
    s = ns["statements"]
    nonpro = s[s["topic_id"] == "nonproliferation"]
    table = (nonpro.groupby(["source_id", "speaker_id"], observed=False).size()
             .reset_index(name="statements"))
    message = str(incorrect(nb05.q3, table))
    # 2 sources x 23 people = 46 pairs; Trump and Putin in both sources occur, 42 do not.
    assert "42 extra row(s) with a count of 0" in message and "observed=True" in message
    assert "filter" not in message


def test_q3_rows_of_other_topics_are_too_many_rows(incorrect):
    ns = {}
    exec(nb05.SETUP, ns)
    s = ns["statements"]
    # Forgetting the topic filter adds pairs that do occur, with counts above 0.
    table = s.groupby(["source_id", "speaker_id"], observed=True).size().reset_index(
        name="statements")
    message = str(incorrect(nb05.q3, table))
    assert "too many" in message and "Check your filter" in message
    assert "count of 0" not in message


# --- q4: days from the JCPOA withdrawal to the summit ----------------------------------------

def test_q4_expected_is_69_days():
    # 8 May 2018 (PolitiFact) to 16 July 2018 (both sources): 23 + 30 + 16 days.
    assert nb05.q4.expected() == 69


def test_q4_counting_both_ends_is_too_high(solve, incorrect):
    message = str(incorrect(nb05.q4, 70))
    assert "too high" in message and "69" not in message
    assert solve(nb05, nb05.q4) == 69


def test_q4_a_timedelta_is_refused_with_a_reason(incorrect):
    import pandas as pd

    message = str(incorrect(nb05.q4, pd.Timedelta(days=69)))
    assert "single number" in message


# --- q5: reflection --------------------------------------------------------------------------

def test_q5_is_worth_no_points_and_asks_for_more_than_a_word(incorrect):
    assert nb05.q5.points == 0
    assert "at least" in str(incorrect(nb05.q5, "same"))
