"""Tests for summitlib._validate: one error template, naming the public function called."""

import threading

import pandas as pd
import pytest

from summitlib import _validate, load_new_start_limits


@_validate.public
def plot_choice(country=None):
    return _validate.one_of("country", country, ["United States", "Russia"])


@_validate.public
def explore_choice(country=None):
    # A public function calling another: the reader called this one.
    return plot_choice(country)


def test_the_message_names_the_public_function_called():
    with pytest.raises(ValueError, match=r"^The 'country' parameter of plot_choice must be one "
                       r"of \['United States', 'Russia'\] or None\. Got 'USA' instead\.$"):
        plot_choice("USA")
    with pytest.raises(ValueError, match=r"parameter of explore_choice must be one of"):
        explore_choice("USA")


def test_the_name_is_left_out_outside_a_public_function_and_after_one_fails():
    with pytest.raises(ValueError):
        plot_choice("USA")
    with pytest.raises(TypeError, match=r"^The 'country' parameter must be a str \(one of "):
        _validate.one_of("country", 3, ["Russia"])
    assert _validate.caller() is None


def test_each_thread_names_its_own_function():
    seen = {}

    @_validate.public
    def slow(event):
        event.wait(5)
        seen["slow"] = _validate.caller()

    event = threading.Event()
    worker = threading.Thread(target=slow, args=(event,))
    worker.start()
    seen["main"] = _validate.caller()
    event.set()
    worker.join()
    assert seen == {"slow": "slow", "main": None}


def test_the_wrapper_keeps_name_docstring_and_signature():
    import inspect

    assert plot_choice.__name__ == "plot_choice"
    assert str(inspect.signature(plot_choice)) == "(country=None)"


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: _validate.frame([1], load_new_start_limits, ["category"]), TypeError,
     r"must be a pandas DataFrame like summitlib\.load_new_start_limits\(\) returns, or None "
     r"for the bundled table\. Got list instead\."),
    (lambda: _validate.frame(pd.DataFrame({"x": [1]}), load_new_start_limits, ["category"]),
     ValueError, r"lacks the column\(s\) \['category'\]\. Got the columns \['x'\] instead\. It "
     r"needs the columns \['category'\]"),
    (lambda: _validate.some_of("topics", [], ["syria"]), ValueError,
     r"is an empty list\. Pick at least one of \['syria'\], or pass None for all\."),
    (lambda: _validate.some_of("topics", {"syria": 1}, ["syria"]), TypeError,
     r"must be a list of str \(from \['syria'\]\) or None for all\. Got dict"),
    (lambda: _validate.date("as_of", True), TypeError, r"must be a date .* Got bool True"),
    (lambda: _validate.date("as_of", "2018-02-30"), ValueError,
     r"written as YYYY-MM-DD.*Got '2018-02-30' instead"),
    (lambda: _validate.whole_number("top", True, minimum=1, what="speakers", none="for all"),
     TypeError, r"must be a whole number of speakers or None for all\. Got bool True"),
    (lambda: _validate.one_of("name", None, ["sources"], none=None), TypeError,
     r"must be a str \(one of \['sources'\]\)\. Got NoneType None instead\."),
])
def test_every_check_says_what_is_allowed_and_what_was_passed(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_a_good_value_comes_back_as_it_should():
    assert _validate.some_of("topics", ("syria", "syria", "ukraine"), ["syria", "ukraine"]) == [
        "syria", "ukraine"]
    stamp = _validate.date("as_of", pd.Timestamp("2018-02-05", tz="UTC"))
    assert stamp == pd.Timestamp("2018-02-05") and stamp.tzinfo is None
    assert _validate.whole_number("top", 3, minimum=1, what="speakers", none="for all") == 3
    assert _validate.flag("normalize", False, "must be True or False") is False
