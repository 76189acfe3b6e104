"""Tests for summitlib._text: the words every module uses for dates, counts and labels, and
the one light-Markdown renderer that the explorers, the feedback and the chart descriptions
share.

The renderer cases are the behaviours of the renderers it replaces: the explorers' block
Markdown (headings, lists, paragraphs, bold), the feedback's inline Markdown (bold, code,
line breaks, a mark left open) and the chart descriptions (paragraphs and lists, text shown
as it stands).
"""

import pytest

from summitlib import _text


@pytest.mark.parametrize(("stamp", "day", "short", "when"), [
    ("2018-07-16", "16 July 2018", "16 Jul 2018", "on 16 July 2018"),
    ("2018-02-05", "5 February 2018", "5 Feb 2018", "on 5 February 2018"),
    # SIPRI dates its estimates by the year only, stored as 1 January.
    ("2018-01-01", "1 January 2018", "1 Jan 2018", "at the start of 2018"),
])
def test_dates_in_words(stamp, day, short, when):
    assert _text.day(stamp) == day
    assert _text.day(stamp, short=True) == short
    assert _text.when(stamp) == when


@pytest.mark.parametrize(("args", "words"), [
    ((1, "event"), "1 event"), ((32, "event"), "32 events"), ((0, "speaker"), "0 speakers"),
    ((14465, "warhead"), "14,465 warheads"), ((1, "person", "people"), "1 person"),
    ((2, "person", "people"), "2 people"),
])
def test_counts_are_singular_for_one(args, words):
    assert _text.count(*args) == words


def test_numbers_percentages_and_series():
    assert _text.number(1444) == "1,444"
    # 13,300 of SIPRI's 14,465 warheads are American or Russian.
    assert _text.percent(13300 / 14465) == "91.9%"
    assert _text.percent(0) == "0%"
    assert _text.series([]) == ""
    assert _text.series(["CRS", "CGTN"]) == "CRS and CGTN"
    assert _text.series(iter(["a", "b", "c"])) == "a, b and c"


def test_one_label_per_new_start_category():
    # The treaty's 800 limit counts deployed and non-deployed launchers together.
    assert [_text.category_label(c) for c in
            ("deployed_warheads", "deployed_launchers", "total_launchers")] == [
        "Deployed warheads", "Deployed launchers", "Total launchers, deployed or not"]
    assert _text.category_label("total_launchers", capital=False) == (
        "total launchers, deployed or not")


def test_source_labels_and_names():
    assert [_text.source_label(s) for s in ("crs", "cgtn", "tass")] == ["CRS", "CGTN", "TASS"]
    assert [_text.source_label(s, full=True) for s in ("crs", "cgtn")] == ["CRS Insight", "CGTN"]


# --- the renderer ----------------------------------------------------------------------------

def test_blocks_as_the_explorers_write_them():
    text = "# Syria\n## Who speaks\nPutin **and** Trump.\n\n- one\n- two\n\nAfter the list."
    assert _text.markdown_html(text) == (
        "<h3>Syria</h3>\n<h4>Who speaks</h4>\n<p>Putin <strong>and</strong> Trump.</p>\n"
        "<ul><li>one</li><li>two</li></ul>\n<p>After the list.</p>")


def test_two_lists_apart_stay_two_lists():
    assert _text.markdown_html("- a\n\n- b") == "<ul><li>a</li></ul>\n<ul><li>b</li></ul>"


def test_inline_marks_as_feedback_writes_them():
    assert _text.inline_html("**Not yet.** Try `len(table)`.\nThen check.") == (
        "<strong>Not yet.</strong> Try <code>len(table)</code>.<br>Then check.")
    # Inside code, ** is Python's power, not bold.
    assert _text.inline_html("`2**10`") == "<code>2**10</code>"
    # A mark left open closes at the end of the text, not of the page.
    assert _text.inline_html("**open") == "<strong>open</strong>"
    assert _text.inline_html("`open") == "<code>open</code>"


def test_everything_is_escaped():
    hostile = "<script>alert(1)</script> & **<b>**"
    assert _text.inline_html(hostile) == (
        "&lt;script&gt;alert(1)&lt;/script&gt; &amp; <strong>&lt;b&gt;</strong>")
    assert "<script>" not in _text.markdown_html(f"# {hostile}\n- {hostile}")


def test_text_from_the_data_is_shown_as_it_stands():
    text = "Timeline of 2 events.\n# 1 is a number\n- **2018**: a `title`"
    assert _text.markdown_html(text, inline=False) == (
        "<p>Timeline of 2 events.</p>\n<p># 1 is a number</p>\n"
        "<ul><li>**2018**: a `title`</li></ul>")
