"""Notebook 07 (Ukraine and Crimea): values a reader can check, wrong answers."""

import matplotlib.pyplot as plt

from summitlib.exercises import nb07


def test_q1_the_ukraine_account_is_putins(solve):
    # CRS ¶15: Putin reports the talks on Ukraine, the Minsk Agreements and Crimea; the CRS
    # notes that Trump did not mention Ukraine in public.
    assert nb07.q1.expected() == "Putin's"
    assert nb07.q1.evaluate(solve(nb07, nb07.q1)).correct
    assert nb07.q1.evaluate("b").correct


def test_q1_wrong_choices_do_not_reveal_the_answer(incorrect):
    for wrong in ("A", "C", "D"):
        message = incorrect(nb07.q1, wrong).message
        assert "not the right choice" in message and "Putin" not in message


def test_q2_ukraine_fills_about_six_percent_of_the_crs(solve):
    # CRS ¶15 has 60 words; the CRS body paragraphs (¶1-20) have 1,013.
    assert round(nb07.q2.expected(), 1) == 5.9
    assert nb07.q2.evaluate(solve(nb07, nb07.q2)).correct
    assert nb07.q2.evaluate(5.92).correct


def test_q2_wrong_answers_say_what_is_wrong(incorrect):
    message = incorrect(nb07.q2, 0.059).message  # a share, not a percentage
    assert "too low" in message and "5.9" not in message
    message = incorrect(nb07.q2, 6).message  # rounded to a whole number, not to one decimal
    assert "too high" in message
    message = incorrect(nb07.q2, 5.4).message  # counterterrorism's share (CRS ¶14), not Ukraine's
    assert "too low" in message
    assert "quotes" in incorrect(nb07.q2, "5.9").message


def test_q3_three_crs_paragraphs_touch_ukraine(solve):
    # CRS ¶4 (observers), ¶14 (the working group suspended after 2014), ¶15 (Ukraine).
    table = nb07.q3.expected()
    assert table["paragraph"].tolist() == [4, 14, 15]
    assert set(table["source_id"].astype(str)) == {"crs"}
    assert nb07.q3.evaluate(solve(nb07, nb07.q3)).correct


def test_q3_wrong_tables_say_what_is_wrong(incorrect):
    passages = nb07.load_passages()
    main_only = passages[passages["topic_id"] == "ukraine"]
    message = incorrect(nb07.q3, main_only[["source_id", "paragraph", "topic_id"]]).message
    assert "1 rows" in message and "too few" in message
    touching = passages[(passages["topic_id"] == "ukraine")
                        | (passages["secondary_topic_id"] == "ukraine")]
    message = incorrect(nb07.q3, touching[["source_id", "paragraph", "secondary_topic_id"]]).message
    assert "missing column" in message and "topic_id" in message


def test_q4_bars_for_both_documents(solve):
    # CRS ¶15: 60 words; CGTN: no paragraph on Ukraine.
    assert nb07.q4.expected() == {"crs": 60, "cgtn": 0}
    assert nb07.q4.evaluate(solve(nb07, nb07.q4)).correct


def test_q4_wrong_charts_say_what_is_wrong(close_figures, incorrect):
    _fig, ax = plt.subplots()
    ax.bar(["crs"], [60])
    assert "too few" in incorrect(nb07.q4, ax).message
    _fig, ax = plt.subplots()
    ax.bar(["crs", "cgtn"], [60, 0])
    assert "title" in incorrect(nb07.q4, ax).message
    ax.set_title("Words on Ukraine")
    assert "y axis" in incorrect(nb07.q4, ax).message
    _fig, ax = plt.subplots()
    ax.bar(["crs", "cgtn"], [55, 56])  # counterterrorism, not Ukraine
    assert "do not match" in incorrect(nb07.q4, ax).message
    assert "Axes" in incorrect(nb07.q4, 60).message
