"""Notebook 04 (Arms control and New START): expected answers a reader can check, wrong answers.

The declared figures come from the State Department's aggregate data exchanges (see
data/new_start_declarations.csv for the four citations), the limit from
https://www.state.gov/new-start/ and the arsenals from SIPRI's Yearbook 2018 press release.
"""

import matplotlib.pyplot as plt
import pandas as pd

from summitlib.exercises import nb04

# --- q1: Russia's headroom under the warhead limit on 5 February 2018 ------------------------

def test_q1_expected_is_the_limit_minus_russias_february_2018_declaration():
    # 1,550 (state.gov) - 1,444 (Russia, 5 February 2018, Newsweek's report of the exchange)
    assert nb04.q1.expected() == 106


def test_q1_the_declared_number_itself_is_named_as_the_mistake(solve, incorrect):
    message = str(incorrect(nb04.q1, 1444))
    assert "That is the number Russia declared" in message and "106" not in message
    assert "subtract it from the limit" in message
    assert "which rows you counted" not in message  # a subtraction, not a count
    assert solve(nb04, nb04.q1) == 106


def test_q1_a_subtraction_the_wrong_way_round_is_named(incorrect):
    message = str(incorrect(nb04.q1, -106))
    assert "wrong way round" in message


def test_q1_the_united_states_headroom_is_too_high(incorrect):
    message = str(incorrect(nb04.q1, 200))  # 1,550 - 1,350: the US figure on the same day
    assert "too high" in message and "106" not in message
    assert "This is a subtraction" in message


def test_q1_a_number_in_quotes_is_named_as_such(incorrect):
    message = str(incorrect(nb04.q1, "106"))
    assert "string" in message


# --- q2: the warhead headroom table ----------------------------------------------------------

def test_q2_expected_table_has_the_eight_declarations_and_their_headroom():
    table = nb04.q2.expected()
    assert list(table.columns) == ["as_of", "country", "declared_count", "headroom"]
    assert len(table) == 8
    by_key = {(d.strftime("%Y-%m-%d"), str(c)): h
              for d, c, h in zip(table["as_of"], table["country"], table["headroom"],
                                 strict=True)}
    # Russia was 11 over on 1 September 2017 (1,561), before the limits were binding.
    assert by_key[("2017-09-01", "Russia")] == -11
    assert by_key[("2018-02-05", "United States")] == 200
    assert by_key[("2019-03-01", "Russia")] == 89


def test_q2_a_table_without_headroom_names_the_missing_column(solve, incorrect):
    answer = solve(nb04, nb04.q2).drop(columns="headroom")
    message = str(incorrect(nb04.q2, answer))
    assert "missing column" in message and "headroom" in message


def test_q2_headroom_with_the_wrong_sign_is_refused(solve, incorrect):
    answer = solve(nb04, nb04.q2)
    answer["headroom"] = -answer["headroom"]
    message = str(incorrect(nb04.q2, answer))
    assert "headroom" in message and "not right yet" in message
    assert "-11" not in message and "106" not in message


def test_q2_all_three_categories_are_too_many_rows(solve, incorrect):
    ns = {}
    exec(nb04.SETUP, ns)
    answer = ns["declarations"][["as_of", "country", "declared_count"]].copy()
    answer["headroom"] = 1550 - answer["declared_count"]
    message = str(incorrect(nb04.q2, answer))
    assert "24 rows" in message and "too many" in message


# --- q3: a bar chart of Russia's deployed warheads -------------------------------------------

def test_q3_expected_bars_are_russias_four_warhead_declarations():
    # exchangemonitor.com (2017-09, 2018-09), Newsweek (2018-02), russiamatters.org (2019-03)
    assert nb04.q3.expected() == {"2017-09-01": 1561, "2018-02-05": 1444,
                                  "2018-09-01": 1420, "2019-03-01": 1461}


def test_q3_the_united_states_bars_do_not_match(close_figures, incorrect):
    _, ax = plt.subplots()
    ax.bar(["a", "b", "c", "d"], [1393, 1350, 1398, 1365])
    ax.set_title("US warheads")
    ax.set_ylabel("Warheads")
    message = str(incorrect(nb04.q3, ax))
    assert "bar heights do not match" in message and "1,561" not in message


def test_q3_right_bars_without_a_title_ask_for_one(close_figures, incorrect):
    _, ax = plt.subplots()
    ax.bar(["a", "b", "c", "d"], [1561, 1444, 1420, 1461])
    ax.set_ylabel("Warheads")
    assert "title" in str(incorrect(nb04.q3, ax))


def test_q3_a_dataframe_instead_of_axes_says_what_to_pass(close_figures, incorrect):
    message = str(incorrect(nb04.q3, pd.DataFrame({"x": [1]})))
    assert "Axes" in message


# --- q4: Trump's 90 percent against SIPRI -----------------------------------------------------

def test_q4_expected_is_an_understatement():
    # SIPRI, start of 2018: (6,450 + 6,850) / 14,465 = 91.9 %; data/fact_checks.csv agrees.
    assert nb04.q4.expected().startswith("An understatement")
    assert nb04.q4.evaluate("C").correct


def test_q4_about_right_is_not_the_choice(incorrect):
    message = str(incorrect(nb04.q4, "B"))
    assert "not the right choice" in message and "understatement" not in message.lower()


def test_q4_a_letter_outside_the_choices_lists_the_letters(incorrect):
    assert "A, B, C" in str(incorrect(nb04.q4, "E"))
