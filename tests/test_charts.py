"""Tests for summitlib.charts: the tables, the descriptions and what the plots draw.

The expected figures come from the data files read with the csv module (independently of the
loaders and of pandas), or from the sources: the New START numbers of the February 2018 data
exchange (1,350 and 1,444 deployed warheads against the limit of 1,550) and SIPRI's world
total of about 14,465 warheads at the start of 2018.
"""

import csv
import inspect
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import summitlib
from summitlib import charts
from summitlib.charts import timeline

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
NAMES = ["new_start", "coverage", "timeline", "speakers", "arsenal"]


def rows(table):
    with open(DATA / f"{table}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def ax():
    _, axes = plt.subplots(figsize=(10, 7))
    return axes


def texts(ax):
    return [t.get_text() for t in ax.texts]


def fraction_of_axes_height(ax, text):
    """Where a Text sits, as a fraction of the Axes height (0 at the bottom)."""
    ax.figure.canvas.draw()
    display = text.get_transform().transform(text.get_position())
    return ax.transAxes.inverted().transform(display)[1]


# --- every chart -----------------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_plot_returns_the_axes_it_was_given(name, ax):
    assert getattr(charts, f"plot_{name}")(ax=ax) is ax
    assert ax.has_data()


@pytest.mark.parametrize("name", NAMES)
def test_plot_without_ax_draws_on_the_current_axes(name):
    fig, current = plt.subplots()
    assert getattr(charts, f"plot_{name}")() is current
    assert plt.get_fignums() == [fig.number]


@pytest.mark.parametrize("name", NAMES)
def test_plot_leaves_global_state_alone(name, ax, monkeypatch):
    def no_show(*args, **kwargs):
        raise AssertionError("a chart must not call plt.show()")

    monkeypatch.setattr(plt, "show", no_show)
    before = dict(matplotlib.rcParams)
    figures = plt.get_fignums()
    getattr(charts, f"plot_{name}")(ax=ax)
    assert dict(matplotlib.rcParams) == before
    assert plt.get_fignums() == figures


@pytest.mark.parametrize(("name", "kind"), [
    ("new_start", "Grouped bar chart: "), ("coverage", "Horizontal bar chart: "),
    ("timeline", "Timeline of "), ("speakers", "Heatmap, a table of counts: "),
    ("arsenal", "Stacked horizontal bar: "),
])
def test_table_and_description_of_the_default_data(name, kind):
    table = getattr(charts, f"table_{name}")()
    text = getattr(charts, f"describe_{name}")()
    assert isinstance(table, pd.DataFrame) and len(table) > 0
    assert not table.isna().any().any()
    assert text.startswith(kind)


@pytest.mark.parametrize("name", NAMES)
def test_data_that_is_not_a_dataframe_is_a_type_error(name):
    with pytest.raises(TypeError, match=rf"'data' parameter of table_{name} must be a pandas "
                       r"DataFrame.*Got list instead"):
        getattr(charts, f"table_{name}")([1, 2, 3])


@pytest.mark.parametrize("name", NAMES)
def test_data_without_the_needed_columns_is_a_value_error(name):
    with pytest.raises(ValueError, match=rf"'data' parameter of plot_{name} lacks the "
                       r"column\(s\)"):
        getattr(charts, f"plot_{name}")(pd.DataFrame({"x": [1]}))


@pytest.mark.parametrize("name", NAMES)
def test_ax_that_is_not_an_axes_is_a_type_error(name):
    with pytest.raises(TypeError, match=rf"'ax' parameter of plot_{name} must be a "
                       r"matplotlib Axes"):
        getattr(charts, f"plot_{name}")(ax="left")


def test_importing_charts_does_not_import_matplotlib():
    code = ("import summitlib, summitlib.charts, sys; "
            "assert 'matplotlib' not in sys.modules, 'matplotlib was imported'")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=REPO, check=False)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("module", ["summitlib.charts", *(f"summitlib.charts.{n}" for n in NAMES),
                                    "summitlib.charts.output"])
def test_importing_charts_does_not_import_ipywidgets(module):
    # A chart in a plain script or a grading kernel must not need the widget stack.
    code = (f"import sys, {module}; "
            "assert 'ipywidgets' not in sys.modules, 'ipywidgets was imported'")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=REPO, check=False)
    assert result.returncode == 0, result.stderr


def test_charts_exports_what_it_always_did():
    # The names of the single-module summitlib.charts, which notebooks and widgets import.
    assert sorted(charts.__all__) == [
        "HYPOTHETICAL_FORCE", "OKABE_ITO", "SUMMIT_WEEK", "chart_bundle", "describe_arsenal",
        "describe_coverage", "describe_new_start", "describe_speakers", "describe_timeline",
        "description_html", "plot_arsenal", "plot_coverage", "plot_new_start", "plot_speakers",
        "plot_timeline", "show_chart", "show_description", "table_arsenal", "table_coverage",
        "table_new_start", "table_speakers", "table_timeline", "timeline_html",
        "update_new_start"]
    assert all(hasattr(charts, name) for name in charts.__all__)


@pytest.mark.parametrize("name", [n for n in charts.__all__ if callable(getattr(charts, n))])
def test_shared_docstring_parts_are_filled_in_and_match_the_signature(name):
    function = getattr(charts, name)
    doc = function.__doc__
    assert not re.search(r"^ *\{\w+\}$", doc, re.MULTILINE), doc
    options = [p for p in inspect.signature(function).parameters if p != "ax"]
    if "As for :func:`table_" in doc:
        assert f"    {', '.join(options)}\n        As for :func:`table_" in doc


def test_the_limits_become_binding_on_the_day_events_csv_gives():
    # New START's central limits took effect on 5 February 2018 (the US Mission in Geneva's
    # statement of that day, which events.csv cites).
    with (DATA / "events.csv").open(encoding="utf-8") as f:
        day = next(r["occurred_on"] for r in csv.DictReader(f)
                   if r["event_id"] == "new_start_limits_take_effect")
    assert day == "2018-02-05"
    text = charts.describe_new_start(country="Russia", as_of="2017-09-01")
    assert "(the limits only became binding on 5 February 2018)" in text


def test_every_chart_has_a_picture_in_the_gallery():
    gallery = REPO / "docs" / "gallery"
    readme = (gallery / "README.md").read_text(encoding="utf-8")
    for name in NAMES:
        assert (gallery / f"{name}.png").is_file()
        assert f"({name}.png)" in readme


# --- 1. New START ----------------------------------------------------------------------------

def test_new_start_table_matches_the_declarations_file():
    table = charts.table_new_start()
    assert len(table) == len(rows("new_start_declarations")) == 24
    limits = {r["category"]: int(r["limit_count"]) for r in rows("new_start_limits")}
    assert limits == {"deployed_warheads": 1550, "deployed_launchers": 700,
                      "total_launchers": 800}
    for r in rows("new_start_declarations"):
        match = table[(table["as_of"] == pd.Timestamp(r["as_of"]))
                      & (table["country"] == r["country"])
                      & (table["category"] == r["category"])]
        assert match["declared_count"].tolist() == [int(r["declared_count"])]
        assert match["limit_count"].tolist() == [limits[r["category"]]]
        assert match["headroom"].tolist() == [limits[r["category"]] - int(r["declared_count"])]
    assert list(table.columns) == ["as_of", "country", "category", "declared_count",
                                   "limit_count", "headroom"]


def test_new_start_february_2018_deployed_warheads():
    table = charts.table_new_start(as_of="2018-02-05")
    warheads = table[table["category"] == "deployed_warheads"].set_index("country")
    assert warheads.loc["United States", "declared_count"] == 1350
    assert warheads.loc["Russia", "declared_count"] == 1444
    assert warheads.loc["United States", "headroom"] == 200
    assert warheads.loc["Russia", "headroom"] == 106


@pytest.mark.parametrize(("country", "as_of", "expected"), [
    (None, None, 24), ("Russia", None, 12), (None, "2019-03-01", 6),
    ("United States", pd.Timestamp("2018-09-01"), 3),
])
def test_new_start_options_filter_the_rows(country, as_of, expected):
    table = charts.table_new_start(country=country, as_of=as_of)
    assert len(table) == expected
    if country:
        assert set(table["country"]) == {country}


def test_new_start_plot_draws_limits_as_lines_and_labels_the_bars(ax):
    charts.plot_new_start(as_of="2018-02-05", ax=ax)
    limits = sorted(float(y) for line in ax.lines if str(line.get_gid()).startswith("limit_")
                    for y in set(line.get_ydata()))
    assert limits == [700, 800, 1550]
    heights = [p.get_height() for p in ax.patches]
    assert heights == [1350, 652, 800, 1444, 527, 779]
    labels = texts(ax)
    assert {"1,350", "1,444", "652", "527", "800", "779"} <= set(labels)
    assert any("limit 1,550" in t for t in labels)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["US", "Russia"] * 3


def test_new_start_countries_differ_by_hatching_not_only_colour(ax):
    charts.plot_new_start(ax=ax)
    hatches_by_colour = defaultdict(set)
    for p in ax.patches:
        hatches_by_colour[tuple(p.get_facecolor())].add(p.get_hatch())
    assert len(hatches_by_colour) == 2
    assert {frozenset(h) for h in hatches_by_colour.values()} == {frozenset({""}),
                                                                   frozenset({"///"})}


def test_new_start_all_exchanges_name_country_and_date_under_each_bar(ax):
    charts.plot_new_start(ax=ax)
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert len(ticks) == len(ax.patches) == 24
    assert ticks[:4] == ["US Sep 2017", "US Feb 2018", "US Sep 2018", "US Mar 2019"]
    assert "Russia Feb 2018" in ticks


def test_new_start_description_names_the_key_figures():
    text = charts.describe_new_start()
    for figure in ("1,550", "700", "800", "1,350", "1,444"):
        assert figure in text
    assert "Deployed warheads (limit 1,550)" in text
    assert ("Russia, deployed warheads on 1 September 2017: 1,561, 11 over the limit of "
            "1,550 (the limits only became binding on 5 February 2018)") in text
    one = charts.describe_new_start(country="United States", as_of="2018-02-05")
    assert "United States 1,350" in one and "Russia" not in one


@pytest.mark.parametrize(("options", "error", "message"), [
    ({"country": "USA"}, ValueError,
     r"The 'country' parameter of plot_new_start must be one of \['United States', "
     r"'Russia'\] or None\. Got 'USA' instead\."),
    ({"country": ["Russia"]}, TypeError, r"'country' parameter of plot_new_start must be a str"),
    ({"as_of": "2018-07-16"}, ValueError,
     r"'as_of' parameter of plot_new_start must be the date of a data exchange, one of "
     r"\['2017-09-01', '2018-02-05', '2018-09-01', '2019-03-01'\].*Got '2018-07-16'"),
    ({"as_of": "February"}, ValueError,
     r"'as_of' parameter of plot_new_start must be a date written as YYYY-MM-DD"),
    ({"as_of": 2018}, TypeError, r"'as_of' parameter of plot_new_start must be a date"),
])
def test_new_start_bad_options(options, error, message, ax):
    with pytest.raises(error, match=message):
        charts.plot_new_start(ax=ax, **options)


def test_new_start_takes_a_changed_declarations_table():
    data = summitlib.load_new_start_declarations()
    data.loc[data["declared_count"] == 1350, "declared_count"] = 1600
    table = charts.table_new_start(data, country="United States", as_of="2018-02-05")
    assert table.loc[table["category"] == "deployed_warheads", "headroom"].item() == -50
    assert "1,600, 50 over the limit of 1,550." in charts.describe_new_start(data)


# --- 2. coverage -----------------------------------------------------------------------------

def body_words():
    """Body words per (source, topic), summed from passages.csv without pandas."""
    words = Counter()
    for r in rows("passages"):
        if r["passage_kind"] == "paragraph":
            words[r["source_id"], r["topic_id"]] += int(r["word_count"])
    return words


def test_coverage_rows_are_every_topic_in_reading_order():
    order = [r["topic_id"] for r in sorted(rows("topics"), key=lambda r: int(r["position"]))]
    table = charts.table_coverage()
    assert table.index.tolist() == order
    assert table.columns.tolist() == ["crs", "cgtn"]


def test_coverage_shares_are_body_word_shares():
    words = body_words()
    table = charts.table_coverage()
    for source in ("crs", "cgtn"):
        total = sum(n for (s, _), n in words.items() if s == source)
        for topic in table.index:
            assert table.loc[topic, source] == pytest.approx(words[source, topic] / total)
        assert table[source].sum() == pytest.approx(1.0)


def test_coverage_counts_body_paragraphs_only():
    counts = charts.table_coverage(normalize=False)
    everything = Counter()
    for r in rows("passages"):
        everything[r["source_id"]] += int(r["word_count"])
    body = body_words()
    assert counts["crs"].sum() == sum(n for (s, _), n in body.items() if s == "crs")
    # CGTN's headings, photo captions (printed twice) and timestamps stay out.
    assert counts["cgtn"].sum() < everything["cgtn"]
    assert counts.dtypes.tolist() == [np.dtype("int64")] * 2


def test_coverage_topic_left_out_is_zero_not_missing():
    words = body_words()
    left_out = [t for t in charts.table_coverage().index if words["cgtn", t] == 0]
    # The topics table notes that CGTN does not mention Ukraine.
    assert "ukraine" in left_out
    table = charts.table_coverage()
    assert not table.isna().any().any()
    assert (table.loc[left_out, "cgtn"] == 0).all()
    assert "CGTN leaves out: Ukraine and Crimea" in charts.describe_coverage()


def test_coverage_plot_bars_carry_the_shares(ax):
    table = charts.table_coverage()
    charts.plot_coverage(ax=ax)
    widths = [p.get_width() for p in ax.patches]
    assert widths == pytest.approx(table["crs"].tolist() + table["cgtn"].tolist())
    labels = texts(ax)
    assert f"{table.loc['ukraine', 'crs'] * 100:.1f}%" in labels
    assert "0%" in labels
    assert {p.get_hatch() for p in ax.patches} == {"", "///"}


@pytest.mark.parametrize("sources", [["cgtn"], "cgtn", ["cgtn", "crs"]])
def test_coverage_sources_choose_and_order_the_columns(sources):
    table = charts.table_coverage(sources=sources)
    expected = [sources] if isinstance(sources, str) else sources
    assert table.columns.tolist() == expected
    assert table["cgtn"].sum() == pytest.approx(1.0)


@pytest.mark.parametrize(("options", "error", "message"), [
    ({"sources": ["bbc"]}, ValueError,
     r"The 'sources' parameter of plot_coverage must be a list of values from "
     r"\['crs', 'cgtn'\], or None for all\. Got \['bbc'\] instead"),
    ({"sources": []}, ValueError, r"'sources' parameter of plot_coverage is an empty list"),
    ({"sources": 3}, TypeError, r"'sources' parameter of plot_coverage must be a list of str"),
    ({"normalize": "yes"}, TypeError, r"'normalize' parameter of plot_coverage must be True"),
])
def test_coverage_bad_options(options, error, message, ax):
    with pytest.raises(error, match=message):
        charts.plot_coverage(ax=ax, **options)


def test_coverage_of_a_plain_table_still_lists_every_topic():
    data = pd.DataFrame({"source_id": ["a", "a", "b"], "passage_kind": ["paragraph"] * 3,
                         "word_count": [30, 10, 5],
                         "topic_id": ["syria", "ukraine", "syria"]})
    table = charts.table_coverage(data)
    assert len(table) == len(rows("topics"))
    assert table.loc["syria"].tolist() == [0.75, 1.0]
    assert table.loc["ukraine"].tolist() == [0.25, 0.0]
    assert table.drop(index=["syria", "ukraine"]).eq(0).all().all()


# --- 3. timeline -----------------------------------------------------------------------------

def test_timeline_table_is_every_event_in_date_order():
    table = charts.table_timeline()
    assert len(table) == len(rows("events"))
    assert table["occurred_on"].is_monotonic_increasing
    assert table["occurred_on"].iloc[0] == pd.Timestamp("1974-05-31")
    assert table["occurred_on"].iloc[-1] == pd.Timestamp("2023-02-21")
    labels = dict(zip(table["event_id"].astype(str), table["date_label"], strict=True))
    assert labels["russia_invades_ukraine"] == "2014"
    assert labels["us_meets_new_start_limits"] == "August 2017"
    assert labels["summit_private_meeting"] == "16 July 2018"


def test_timeline_options_filter_inclusively():
    week = charts.table_timeline(start="2018-07-13", end=pd.Timestamp("2018-07-20"))
    expected = [r["event_id"] for r in rows("events")
                if "2018-07-13" <= r["occurred_on"] <= "2018-07-20"]
    assert sorted(week["event_id"].astype(str)) == sorted(expected)
    arms = charts.table_timeline(topics=["arms_control"], start="2018-01-01")
    assert set(arms["topic_id"].astype(str)) == {"arms_control"}
    assert arms["event_id"].astype(str).tolist()[0] == "new_start_limits_take_effect"


def test_timeline_covers_1974_to_2023(ax):
    charts.plot_timeline(ax=ax)
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks[0] == "31 May 1974" and ticks[-1] == "21 February 2023"
    assert len(ticks) == len(rows("events"))
    assert "1974 to 2023" in ax.get_title()


def test_timeline_spreads_out_the_summit_week(ax):
    table = charts.table_timeline()
    charts.plot_timeline(ax=ax)
    by_text = {t.get_text(): t for t in ax.texts}
    indictment = table.loc[table["event_id"] == "gru_officers_indicted", "title"].item()
    summit = table.loc[table["event_id"] == "summit_private_meeting", "title"].item()
    first = fraction_of_axes_height(ax, by_text[indictment])
    second = fraction_of_axes_height(ax, by_text[summit])
    # On a to-scale axis 1974-2023 these three days would be 0.02 % of the height apart.
    assert first - second > 0.05
    dates = [t.get_text() for t in ax.get_yticklabels()]
    assert dates.count("16 July 2018") == sum(r["occurred_on"] == "2018-07-16"
                                              for r in rows("events"))
    assert any("Summit week" in t for t in texts(ax))


def test_timeline_marks_year_only_dates_differently(ax):
    charts.plot_timeline(ax=ax)
    markers = {c.get_gid(): c for c in ax.collections if c.get_gid()}
    assert len(markers["events_year"].get_offsets()) == sum(
        r["date_precision"] == "year" for r in rows("events"))
    # Month only: the annexation of Crimea (March 2014) and the US meeting the New START
    # limits (August 2017).
    assert len(markers["events_month"].get_offsets()) == 2
    day, year = markers["events_day"], markers["events_year"]
    assert not np.allclose(day.get_facecolor(), year.get_facecolor())
    assert not np.array_equal(day.get_paths()[0].vertices, year.get_paths()[0].vertices)


def test_timeline_description_explains_the_axis_and_names_the_span():
    text = charts.describe_timeline()
    assert "from 31 May 1974 to 21 February 2023" in text
    assert "not to scale" in text
    assert "2014 (year only): Russia invades Ukraine" in text
    assert "March 2014 (month only): Russia annexes Crimea" in text
    assert "The busiest day is 16 July 2018, with 9 events." in text


def test_timeline_with_no_events_says_so(ax):
    options = {"topics": ["ukraine"], "start": "2015-01-01"}
    assert charts.table_timeline(**options).empty
    assert "no events" in charts.describe_timeline(**options)
    assert charts.plot_timeline(ax=ax, **options) is ax
    assert "No events match these choices." in texts(ax)


@pytest.mark.parametrize(("options", "error", "message"), [
    ({"topics": ["sirya"]}, ValueError,
     r"The 'topics' parameter of plot_timeline must be a list of values from "
     r"\['summit_relations', .*Got \['sirya'\] instead\. Not allowed: \['sirya'\]\."),
    ({"start": "2019-01-01", "end": "2018-01-01"}, ValueError,
     r"'start' parameter of plot_timeline must be on or before its 'end' parameter "
     r"\(2018-01-01\)\. Got '2019-01-01' instead\. Swap them"),
    ({"start": 2018}, TypeError, r"'start' parameter of plot_timeline must be a date"),
    ({"end": "next week"}, ValueError, r"'end' parameter of plot_timeline must be a date"),
    ({"topics": [3]}, TypeError, r"'topics' parameter of plot_timeline must hold str"),
])
def test_timeline_bad_options(options, error, message, ax):
    with pytest.raises(error, match=message):
        charts.plot_timeline(ax=ax, **options)


# --- 4. speakers -----------------------------------------------------------------------------

def test_speakers_counts_match_the_statements_file():
    counts = Counter((r["speaker_id"], r["topic_id"]) for r in rows("statements"))
    table = charts.table_speakers()
    assert int(table.to_numpy().sum()) == len(rows("statements"))
    for (speaker, topic), n in counts.items():
        assert table.loc[speaker, topic] == n
    totals = table.sum(axis=1).tolist()
    assert totals == sorted(totals, reverse=True)
    assert table.index[:2].tolist() == ["trump", "putin"]


def test_speakers_options():
    cgtn = Counter(r["speaker_id"] for r in rows("statements") if r["source_id"] == "cgtn")
    table = charts.table_speakers(sources=["cgtn"])
    assert table.sum(axis=1).to_dict() == dict(cgtn)
    # Columns keep the reading order, whatever order the topics are picked in.
    top = charts.table_speakers(top=3, topics=["syria", "election_interference"])
    assert len(top) == 3
    assert top.columns.tolist() == ["election_interference", "syria"]
    syria = Counter(r["speaker_id"] for r in rows("statements") if r["topic_id"] == "syria")
    assert charts.table_speakers(topics="syria")["syria"].to_dict() == dict(syria)


def test_speakers_plot_writes_every_count(ax):
    table = charts.table_speakers(top=5)
    charts.plot_speakers(top=5, ax=ax)
    assert np.array_equal(ax.images[0].get_array(), table.to_numpy())
    cells = [t.get_text() for t in ax.texts]
    assert cells == [str(n) for n in table.to_numpy().ravel()]
    names = [t.get_text() for t in ax.get_yticklabels()]
    trump = int(table.loc["trump"].sum())
    assert names[0] == f"Donald Trump ({trump})"


def test_speakers_description_names_speakers_and_totals():
    table = charts.table_speakers()
    text = charts.describe_speakers()
    assert f"Donald Trump: {int(table.loc['trump'].sum())} statements" in text
    assert f"Vladimir Putin: {int(table.loc['putin'].sum())} statements" in text
    assert f"{len(rows('statements'))} statements by {len(table)} speakers" in text


def test_speakers_top_never_hides_a_topic_as_if_nobody_spoke_on_it(ax):
    # The CRS Insight reports one reaction in Washington (a statement by a speaker outside its
    # eight most quoted); with top=8 that column must read "0 of 1", not "0".
    crs = rows("statements")
    crs = [r for r in crs if r["source_id"] == "crs"]
    reactions = sum(r["topic_id"] == "washington_reactions" for r in crs)
    assert reactions == 1
    text = charts.describe_speakers(sources=["crs"], top=8)
    assert "the others make 1 more (Reactions in Washington 1)" in text
    assert "None of the speakers shown speaks on: Reactions in Washington." in text
    assert "No statements on: Reactions" not in text
    charts.plot_speakers(sources=["crs"], top=8, ax=ax)
    labels = [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()]
    assert "Reactions in Washington (0 of 1)" in labels
    full = charts.describe_speakers(sources=["crs"])
    assert "only the" not in full.lower() and "(0 of" not in full


def test_timeline_description_counts_in_words_a_reader_can_trust():
    # One counterterrorism event, dated to the year only (2014, CRS ¶14): singular, no summit
    # week, no "busiest day" made up from the 1 January that stands for the year.
    text = charts.describe_timeline(topics=["counterterrorism_cyber"])
    assert text.startswith("Timeline of 1 event from 2014 to 2014")
    assert "No event of these falls in the summit week" in text
    assert "busiest day" not in text
    assert "1 events" not in text and "0 events" not in text
    week = charts.describe_timeline(start="2018-07-13", end="2018-07-20")
    n = len(charts.table_timeline(start="2018-07-13", end="2018-07-20"))
    assert f"{n} events from 13 July 2018 to 20 July 2018" in week
    assert "on 1 topic (" in charts.describe_speakers(topics=["ukraine"])


def test_the_one_week_timeline_is_described_by_what_it_shows():
    # All 14 events of 13-20 July 2018 are dated to the day and less than a year apart: the
    # chart has no gaps, no month or year markers, and no decades to compare the week with.
    week = charts.describe_timeline(start="2018-07-13", end="2018-07-20")
    assert "Every event falls in the summit week" in week
    assert "Every date is an exact day, marked with a filled circle." in week
    for absent in ("decades", "dashed gap", "open square", "open diamond", "month only"):
        assert absent not in week, absent
    # The whole timeline does have them all.
    full = charts.describe_timeline()
    assert "dashed gap" in full and "open diamond = year only" in full
    assert "open square = month only" in full


def test_the_html_timeline_lists_every_event_with_its_gaps():
    table = charts.table_timeline()
    page = charts.timeline_html()
    assert page.count("<b>") == len(table)
    assert "2014 (year only)" in page and "14 years later" in page
    assert page.count("summit week</span>") == len(
        charts.table_timeline(start="2018-07-13", end="2018-07-20"))


def test_timeline_gap_from_a_year_only_date_is_approximate(ax):
    table = charts.table_timeline(topics=["ukraine", "arms_control"], start="2011-01-01",
                                  end="2019-12-31")
    _, gaps = timeline._rows(table)
    words = [w for _, _, w in gaps]
    assert any(w.startswith("about ") for w in words), words


@pytest.mark.parametrize(("days", "words"), [
    (400, "13 months later"), (548, "18 months later"), (731, "2 years later"),
    (4749, "13 years later"),
])
def test_timeline_gap_labels_do_not_round_months_up_to_years(days, words):
    # August 2019 (INF withdrawal) to February 2021 (New START extended) is 18 months.
    assert timeline._gap_words(days) == words


@pytest.mark.parametrize(("options", "error", "message"), [
    ({"top": 0}, ValueError, r"'top' parameter of plot_speakers must be at least 1"),
    ({"top": 2.5}, TypeError, r"'top' parameter of plot_speakers must be a whole number"),
    ({"top": True}, TypeError, r"'top' parameter of plot_speakers must be a whole number"),
    ({"sources": ["fox"]}, ValueError, r"'sources' parameter of plot_speakers must be a list"),
    ({"topics": ["crimea"]}, ValueError, r"'topics' parameter of plot_speakers.*'crimea'"),
])
def test_speakers_bad_options(options, error, message, ax):
    with pytest.raises(error, match=message):
        charts.plot_speakers(ax=ax, **options)


# --- 5. arsenal ------------------------------------------------------------------------------

def test_arsenal_table_is_the_sipri_split():
    table = charts.table_arsenal()
    assert table["holder"].tolist() == ["United States", "Russia", "Rest of the world"]
    assert table["warhead_count"].tolist() == [6450, 6850, 14465 - 6450 - 6850]
    assert table["share"].sum() == pytest.approx(1.0)
    assert table["share"].iloc[:2].sum() == pytest.approx(13300 / 14465)
    assert round(table["share"].iloc[:2].sum() * 100) == 92


def test_arsenal_plot_stacks_and_labels_the_parts(ax):
    charts.plot_arsenal(ax=ax)
    assert [p.get_width() for p in ax.patches] == [6450, 6850, 1165]
    assert [p.get_x() for p in ax.patches] == [0, 6450, 13300]
    assert len({p.get_hatch() for p in ax.patches}) == 3
    labels = " ".join(texts(ax))
    for figure in ("6,450 (44.6%)", "6,850 (47.4%)", "1,165 (8.1%)", "13,300 (91.9%)"):
        assert figure in labels


def test_arsenal_description():
    text = charts.describe_arsenal()
    assert "13,300 of 14,465 (91.9%)" in text
    assert "at the start of 2018" in text
    assert "Rest of the world 1,165 (8.1%" in text


def test_arsenal_rejects_inconsistent_data():
    data = summitlib.load_nuclear_arsenals()
    with pytest.raises(ValueError, match=r"needs a row for each of \['United States', "
                       r"'Russia', 'World'\]"):
        charts.table_arsenal(data[data["holder"] != "World"])
    data.loc[data["holder"] == "World", "warhead_count"] = 10000
    with pytest.raises(ValueError, match=r"gives the world fewer warheads \(10,000\)"):
        charts.describe_arsenal(data)


def test_update_new_start_changes_the_numbers_in_place(ax):
    feb = summitlib.load_new_start_declarations()
    feb = feb[feb["as_of"] == "2018-02-05"].copy()
    charts.plot_new_start(feb, ax=ax)
    more = feb.assign(declared_count=feb["declared_count"] + 100)
    assert charts.update_new_start(ax, more) is True
    heights = sorted(round(p.get_height()) for p in ax.patches)
    assert heights == sorted((feb["declared_count"] + 100).tolist())
    labels = {t.get_text() for t in ax.texts}
    assert "1,544" in labels  # Russia's 1,444 deployed warheads, plus 100
    # Other bars (one country only) cannot be changed in place.
    assert charts.update_new_start(ax, feb, country="Russia") is False


def test_a_chart_bundle_carries_its_description_as_alt_text(ax):
    import html

    charts.plot_arsenal(ax=ax)
    description = charts.describe_arsenal()
    bundle = charts.chart_bundle(ax.figure, description, tight=True)
    assert bundle["metadata"]["image/png"]["alt"] == description  # nbconvert's HTML export
    assert f'alt="{html.escape(description)}"' in bundle["data"]["text/html"]  # JupyterLab
    assert bundle["data"]["image/png"] in bundle["data"]["text/html"]
    with pytest.raises(ValueError, match="description must be the chart in words"):
        charts.chart_bundle(ax.figure, "  ")


def test_show_chart_displays_the_image_with_its_alt_and_the_description(ax, monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display",
                        lambda data, metadata=None, raw=False: shown.append((data, metadata)))
    charts.plot_coverage(ax=ax)
    description = charts.describe_coverage()
    charts.show_chart(ax, description)
    (_image, image_meta), (text, _) = shown
    assert image_meta["image/png"]["alt"] == description
    # The description as HTML paragraphs, which wrap between words ("CGTN", never "C GTN").
    assert text["text/html"] == charts.description_html(description)
    assert all(len(line) <= 88 for line in text["text/plain"].splitlines())
    assert plt.fignum_exists(ax.figure.number) is False  # shown once, not again by pyplot


def test_each_source_keeps_its_style_in_either_order(ax):
    from matplotlib.colors import to_hex

    def styles(order):
        _fig, axes = plt.subplots()
        charts.plot_coverage(sources=order, ax=axes)
        legend = axes.get_legend()
        return {t.get_text().split()[0]: (to_hex(p.get_facecolor()), p.get_hatch())
                for t, p in zip(legend.texts, legend.get_patches(), strict=True)}

    assert styles(["crs", "cgtn"]) == styles(["cgtn", "crs"])
    assert styles(["cgtn", "crs"])["CGTN"][1] == "///"
    assert "CGTN hatched orange-red" in charts.describe_coverage(sources=["cgtn", "crs"])
