"""Notebook 03 (Syria): expected values a reader can check, wrong answers."""

import matplotlib.pyplot as plt
import pytest

import summitlib
from summitlib.exercises import nb03

# --- q1: years since the 1974 agreement -----------------------------------------------------

def test_q1_expected_value():
    # Disengagement Agreement signed 31 May 1974 (Jewish Virtual Library, in events.csv);
    # summit on 16 July 2018 (CRS ¶1): 44 full years.
    assert nb03.q1.expected() == 44


def test_q1_solution(solve):
    assert solve(nb03, nb03.q1) == 44


@pytest.mark.parametrize(("wrong", "word"), [(45, "too high"), (43, "too low"), (2018, "too high")])
def test_q1_off_by_one_and_a_year_instead_of_a_difference(wrong, word, incorrect):
    feedback = incorrect(nb03.q1, wrong)
    assert word in feedback.message
    assert "44" not in feedback.message


def test_q1_a_timedelta_is_not_a_number_of_years():
    e = summitlib.load_events().set_index("event_id")["occurred_on"]
    feedback = nb03.q1.evaluate(e["summit_private_meeting"] - e["israel_syria_disengagement"])
    assert feedback.outcome in ("incorrect", "error")
    assert "44" not in feedback.message


# --- q2: statements per source and speaker --------------------------------------------------

def test_q2_expected_table():
    # CRS: Putin ¶8 (2) and ¶9 (2), Trump ¶10 (3). CGTN: Trump ¶57 and ¶61, Putin ¶60 (2).
    got = nb03.q2.expected()
    counts = {(str(r.source_id), str(r.speaker_id)): r.statements for r in got.itertuples()}
    assert counts == {("crs", "putin"): 4, ("crs", "trump"): 3,
                      ("cgtn", "putin"): 2, ("cgtn", "trump"): 2}


def test_q2_counts_per_speaker_only_lack_a_column(incorrect):
    s = summitlib.load_statements()
    syria = s[s["topic_id"] == "syria"]
    answer = syria.groupby("speaker_id", observed=True).size().reset_index(name="statements")
    feedback = incorrect(nb03.q2, answer)
    assert "missing column(s) ['source_id']" in feedback.message


def test_q2_quotes_only_give_wrong_counts(incorrect):
    s = summitlib.load_statements()
    quotes = s[(s["topic_id"] == "syria") & (s["statement_kind"] == "quote")]
    answer = (quotes.groupby(["source_id", "speaker_id"], observed=True).size()
              .reset_index(name="statements"))
    feedback = incorrect(nb03.q2, answer)
    assert "column `statements`" in feedback.message


# --- q3: who is quoted on Israel ------------------------------------------------------------

def test_q3_expected_choice():
    # Quotes with "Israel": Trump in CRS ¶10 and CGTN ¶57. Putin's 1974 line (CRS ¶9) is a
    # paraphrase, so "Both presidents" is the trap.
    assert nb03.q3.expected() == "Trump only"
    assert nb03.q3.evaluate("A").correct


@pytest.mark.parametrize("wrong", ["B", "C", "D", "Both presidents"])
def test_q3_wrong_choices(wrong, incorrect):
    feedback = incorrect(nb03.q3, wrong, "Trump only")
    assert "not the right choice" in feedback.message


# --- q4: bar chart of words on Syria ---------------------------------------------------------

def test_q4_expected_words():
    # Body paragraphs on Syria: CRS ¶8 (35 words), ¶9 (67), ¶10 (44); CGTN ¶56 (14), ¶57 (33),
    # ¶60 (35), ¶61 (31).
    assert nb03.q4.expected() == {"crs": 146, "cgtn": 113}


def test_q4_counting_captions_and_headings_is_wrong(close_figures, incorrect):
    # CGTN's heading ¶55 (4 words) and its caption printed twice (¶58, ¶59: 23 words each).
    p = summitlib.load_passages()
    words = p[p["topic_id"] == "syria"].groupby("source_id", observed=True)["word_count"].sum()
    _fig, ax = plt.subplots()
    ax.bar(words.index.astype(str), words.values)
    ax.set_title("Words on Syria")
    ax.set_ylabel("Words")
    feedback = incorrect(nb03.q4, ax, "146", "113")
    assert "bar heights do not match" in feedback.message


def test_q4_right_bars_without_labels_asks_for_a_title(close_figures, incorrect):
    _fig, ax = plt.subplots()
    ax.bar(["crs", "cgtn"], [146, 113])
    feedback = incorrect(nb03.q4, ax)
    assert "title" in feedback.message


def test_q4_a_table_is_not_a_chart(incorrect):
    feedback = incorrect(nb03.q4, {"crs": 146, "cgtn": 113})
    assert "Axes" in feedback.message


def test_q4_solution_draws_two_bars(solve):
    ax = solve(nb03, nb03.q4)
    assert sorted(p.get_height() for p in ax.patches) == [113, 146]


# --- q5: reflection -------------------------------------------------------------------------

def test_q5_reflection_asks_for_a_few_words():
    assert nb03.q5.points == 0
    assert nb03.q5.evaluate("Different readers.").outcome == "incorrect"
    assert nb03.q5.evaluate("The CRS writes for Congress and keeps policy detail that a "
                            "news story drops.").correct


def test_q2_a_groupby_without_observed_names_the_zero_count_rows(incorrect):
    s = summitlib.load_statements()
    syria = s[s["topic_id"] == "syria"]
    answer = syria.groupby(["source_id", "speaker_id"], observed=False).size().reset_index(
        name="statements")
    feedback = incorrect(nb03.q2, answer)
    # 2 sources x 23 people = 46 rows, of which the 4 pairs above occur: 42 rows with 0.
    assert "42 extra row(s) with a count of 0" in feedback.message
    assert "observed=True" in feedback.message and "filter" not in feedback.message
