"""The explorers, built in the test process: change every control, check what they show.

Expected values come from the sources: Putin's "peace and reconciliation" is CRS ¶8, his
"rubbish" is CGTN ¶11, Russia declared 1,444 deployed warheads on 5 February 2018 and the
warhead limit is 1,550 (data/new_start_declarations.csv and data/new_start_limits.csv cite
the source of each row).
"""

import base64
import html

import ipywidgets as widgets
import pandas as pd
import pytest

import summitlib
from summitlib import widgets as W
from summitlib.queries import _CATEGORIES
from summitlib.widgets._shell import _EXPLORER_CLASS, _draws
from summitlib.widgets.new_start import YOUR_FORCE

EXPLORERS = {
    "topic": W.explore_topic,
    "sources": W.explore_sources,
    "new_start": W.explore_new_start,
    "timeline": W.explore_timeline,
    "who_said_it": lambda: W.explore_who_said_it(seed=0),
    "statements": W.explore_statements,
}


@pytest.fixture(autouse=True)
def _close(close_figures):
    yield


def _png_outputs(explorer):
    return [o for o in explorer.output.outputs if "image/png" in o.get("data", {})]


def _shown_text(explorer):
    return "\n".join(
        o["data"].get("text/html", "") + o["data"].get("text/plain", "")
        for o in explorer.output.outputs
    )


# --- what every explorer promises ----------------------------------------------------------

@pytest.mark.parametrize("name", EXPLORERS)
def test_every_explorer_is_a_widget_with_labelled_controls_and_a_growing_output(name):
    w = EXPLORERS[name]()
    assert isinstance(w, W.Explorer) and isinstance(w, widgets.VBox)
    assert w.current_error is None, w.current_error
    assert w.current_text
    # The output grows with what it shows: no fixed height, nothing scrolls inside it.
    assert w.output.layout.height is None and w.output.layout.overflow is None
    assert w.output in w.children and w.announcer in w.children
    assert w.controls
    for key, control in w.controls.items():
        if isinstance(control, widgets.Box):
            parts = control.children
            assert any(isinstance(p, widgets.Label) and p.value for p in parts) or all(
                p.description for p in parts), key
            assert all(p.description for p in parts if isinstance(p, widgets.Button)), key
        else:
            assert control.description, f"control {key!r} of explore_{name} has no label"
        # Controls that JupyterLab's notebook shortcuts take the arrow keys from.
        assert not isinstance(control, widgets.Dropdown | widgets.Select
                              | widgets.SelectMultiple | widgets.RadioButtons), key
        assert not isinstance(control, widgets.widget_int._IntRange
                              | widgets.SelectionRangeSlider | widgets.IntSlider), key
        if isinstance(control, widgets.Text):
            assert control.continuous_update is False, key


@pytest.mark.parametrize("name", EXPLORERS)
def test_changing_any_control_updates_without_error(name):
    w = EXPLORERS[name]()
    for key, control in w.controls.items():
        if isinstance(control, widgets.Dropdown | widgets.ToggleButtons):
            for value in [v for _, v in control.options]:
                control.value = value
                assert w.current_error is None, (key, value, w.current_error)
        elif isinstance(control, widgets.Button):
            control.click()
            assert w.current_error is None, (key, w.current_error)


def test_explorers_leave_no_pyplot_figure_open():
    import matplotlib.pyplot as plt

    plt.close("all")
    for make in EXPLORERS.values():
        w = make()
        for control in w.controls.values():
            if isinstance(control, widgets.Dropdown):
                control.value = control.options[-1][1]
    assert plt.get_fignums() == []


def test_going_back_to_an_earlier_choice_shows_the_same_view_again():
    w = W.explore_sources()
    first_view = (w.current_text, w.current_figure, w.output.outputs)
    w.controls["second"].value = "crs"
    assert w.current_figure is None
    w.controls["second"].value = "cgtn"
    assert (w.current_text, w.current_figure, w.output.outputs) == first_view
    drawn = _draws(w.current_figure)
    w.clear_cache()
    w.refresh()
    # Drawn afresh, on the explorer's one figure, and showing the same as before.
    assert _draws(w.current_figure) == drawn + 1
    assert w.current_text == first_view[0] and w.output.outputs == first_view[2]


def test_a_view_shown_again_has_its_own_chart_on_the_figure_drawn_over_since():
    def legend(w):
        return [t.get_text().split()[0] for t in w.current_figure.axes[0].get_legend().texts]

    w = W.explore_sources()
    assert legend(w) == ["CRS", "CGTN"]
    shown = w.output.outputs
    w.set_values(first="cgtn", second="crs")  # drawn over the first chart
    assert legend(w) == ["CGTN", "CRS"]
    w.set_values(first="crs", second="cgtn")  # from the kept views, at once
    assert w.output.outputs == shown
    assert legend(w) == ["CRS", "CGTN"]


def test_importing_summitlib_imports_neither_ipywidgets_nor_matplotlib(modules_imported_by):
    assert not modules_imported_by("import summitlib") & {"ipywidgets", "matplotlib"}
    assert "ipywidgets" in modules_imported_by("import summitlib\nsummitlib.widgets")


# --- 1. topic -------------------------------------------------------------------------------

def test_topic_syria_shows_putins_quote_with_source_and_paragraph():
    w = W.explore_topic()
    w.controls["topic"].value = "syria"
    assert "“the task of establishing peace and reconciliation” — Putin, CRS ¶8" in w.current_text
    assert "peace and reconciliation" in _shown_text(w)
    assert w.current_text.startswith("# Syria")


def test_topic_explorer_opens_on_the_topic_asked_for():
    w = W.explore_topic(topic="ukraine")
    assert w.controls["topic"].value == "ukraine"
    assert "Ukraine" in w.current_text
    with pytest.raises(ValueError, match=r"'topic' parameter of explore_topic must be one "
                                         r"of \['summit_relations'.*Got 'ukrain'"):
        W.explore_topic(topic="ukrain")


def test_topic_dropdown_lists_every_topic_by_title_in_reading_order():
    topics = summitlib.load_topics().sort_values("position")
    w = W.explore_topic()
    assert list(w.controls["topic"].options) == list(
        zip(topics["title"], topics["topic_id"], strict=True)
    )


def test_topic_marks_paraphrases_and_shows_summary_and_status():
    topics = summitlib.load_topics().set_index("topic_id")
    statements = summitlib.load_statements()
    w = W.explore_topic()
    for topic_id in topics.index:
        w.controls["topic"].value = topic_id
        assert topics.loc[topic_id, "summary"] in w.current_text
        assert topics.loc[topic_id, "discussion_status"] in w.current_text
        said = statements[(statements["topic_id"] == topic_id)
                          & statements["speaker_id"].isin(["trump", "putin"])]
        for row in said.itertuples():
            locator = f"{row.source_id.upper()} ¶{row.paragraph}"
            if row.statement_kind == "quote":
                assert f"“{row.quote}”" in w.current_text
            else:
                assert f"(paraphrase): {row.paraphrase} — {locator}" in w.current_text


def test_topic_coverage_is_the_share_of_each_sources_body_words():
    passages = summitlib.load_passages()
    body = passages[passages["passage_kind"] == "paragraph"]
    w = W.explore_topic()
    w.controls["topic"].value = "syria"
    table = w.current_table.set_index("source")
    for source in ("crs", "cgtn"):
        mine = body[body["source_id"] == source]
        words = mine.loc[mine["topic_id"] == "syria", "word_count"].sum()
        assert table.loc[source.upper(), "words"] == words
        assert table.loc[source.upper(), "share_of_body_words"] == pytest.approx(
            words / mine["word_count"].sum()
        )
        assert f"{source.upper()}: {words / mine['word_count'].sum():.1%}" in w.current_text


# --- 2. sources -----------------------------------------------------------------------------

def test_sources_default_to_crs_and_cgtn_with_a_coverage_chart():
    w = W.explore_sources()
    assert (w.controls["first"].value, w.controls["second"].value) == ("crs", "cgtn")
    assert w.current_figure is not None
    png = base64.b64decode(_png_outputs(w)[0]["data"]["image/png"])
    assert png.startswith(b"\x89PNG")


def test_sources_only_one_covers_is_zero_in_the_other():
    passages = summitlib.load_passages()
    body = passages[passages["passage_kind"] == "paragraph"]
    words = body.groupby(["topic_id", "source_id"], observed=False)["word_count"].sum()
    w = W.explore_sources()
    only = w.current_table
    assert len(only) > 0
    for row in only.itertuples():
        other = "cgtn" if row.covered_by == "crs" else "crs"
        assert words[(row.topic_id, row.covered_by)] > 0
        assert words[(row.topic_id, other)] == 0
        assert row.title in w.current_text
    expected = {
        t for t in summitlib.load_topics()["topic_id"]
        if (words[(t, "crs")] > 0) != (words[(t, "cgtn")] > 0)
    }
    assert set(only["topic_id"]) == expected


def test_sources_same_source_twice_says_so_and_draws_nothing():
    w = W.explore_sources()
    w.controls["second"].value = "crs"
    assert "You picked CRS twice" in w.current_text
    assert w.current_figure is None and not _png_outputs(w)
    w.controls["second"].value = "cgtn"
    assert w.current_figure is not None


def test_sources_compares_a_third_source_an_instructor_adds():
    passages = summitlib.load_passages()
    extra = passages[passages["source_id"] == "crs"].copy()
    extra["source_id"] = "crs_copy"
    extra = extra[extra["topic_id"] != "syria"]
    both = pd.concat([passages.astype({"source_id": "str"}), extra], ignore_index=True)
    w = W.explore_sources({"passages": both})
    assert [v for _, v in w.controls["first"].options] == ["crs", "cgtn", "crs_copy"]
    w.set_values(first="crs", second="crs_copy")
    assert w.current_error is None
    assert w.current_table[["topic_id", "covered_by"]].values.tolist() == [["syria", "crs"]]
    assert "**Only CRS_COPY covers:** no topic" in w.current_text



# --- 3. New START ---------------------------------------------------------------------------

def test_new_start_russia_february_2018_shows_1444_warheads():
    w = W.explore_new_start()
    w.set_values(country="Russia", as_of=pd.Timestamp("2018-02-05"))
    assert w.current_error is None
    assert "1,444" in w.current_text
    assert 1444 in w.current_table.to_numpy().ravel().tolist()
    assert w.current_figure is not None and _png_outputs(w)
    assert "<summary>The chart in words</summary>" in _shown_text(w)
    w.controls["country"].value = "United States"
    assert "1,350" in w.current_text


def test_new_start_what_if_1600_warheads_is_50_over_the_limit():
    w = W.explore_new_start()
    sliders = [w.controls[k] for k in _CATEGORIES]
    assert all(s.disabled for s in sliders)
    w.controls["what_if"].value = True
    assert not any(s.disabled for s in sliders)
    w.controls["deployed_warheads"].value = 1600
    assert "50 over the limit of 1,550" in w.current_text
    assert "breaks 1 of the 3 limits" in w.current_text
    row = w.current_table.set_index("category").loc["deployed_warheads"]
    assert (row["count"], row["difference"], row["over_limit"]) == (1600, 50, True)
    w.controls["total_launchers"].value = 900
    assert "100 over the limit of 800" in w.current_text
    assert "breaks 2 of the 3 limits" in w.current_text
    w.controls["what_if"].value = False
    assert all(s.disabled for s in sliders) and w.current_figure is not None


def test_new_start_what_if_starts_from_the_chosen_declaration():
    w = W.explore_new_start()
    w.set_values(country="Russia", as_of=pd.Timestamp("2018-02-05"))
    w.controls["what_if"].value = True
    assert [w.controls[k].value for k in _CATEGORIES] == [1444, 527, 779]
    assert "This force keeps within all 3 limits" in w.current_text
    assert "106 under the limit of 1,550" in w.current_text
    # The chart sets the force beside the country picked, not beside both countries.
    labels = {t.get_text() for ax in w.current_figure.axes for t in ax.get_legend().texts}
    assert any("Russia" in label for label in labels), labels
    assert not any("United States" in label for label in labels), labels
    w.set_values(country=W.ALL)
    labels = {t.get_text() for ax in w.current_figure.axes for t in ax.get_legend().texts}
    assert any("United States" in label for label in labels), labels



def test_what_if_notes_more_deployed_than_total_launchers():
    w = W.explore_new_start()
    w.set_values(what_if=True, deployed_launchers=700, total_launchers=600)
    assert "cannot have more deployed launchers (700) than total launchers (600)" in (
        w.current_text
    )


# --- 4. timeline ----------------------------------------------------------------------------

def test_timeline_2018_shows_only_2018_events():
    events = summitlib.load_events()
    w = W.explore_timeline()
    assert w.controls["years"].value == (1974, 2023)
    assert len(w.current_table) == len(events)
    w.controls["years"].value = (2018, 2018)
    years = w.current_table["occurred_on"].dt.year
    assert set(years) == {2018}
    assert len(w.current_table) == (events["occurred_on"].dt.year == 2018).sum()
    assert f"{len(w.current_table)} events from 2018 to 2018" in w.current_text
    # Drawn as an HTML list (no picture to describe): every event's title is in it.
    shown = _shown_text(w)
    assert w.current_figure is None and not _png_outputs(w)
    assert all(title in shown for title in w.current_table["title"].map(html.escape))
    assert w.current_announcement == f"{len(w.current_table)} events from 2018 to 2018."


def test_timeline_year_boxes_keep_a_range_and_set_the_value():
    w = W.explore_timeline()
    years = w.controls["years"]
    years.first.value = 2020
    assert years.value == (2020, 2023)
    years.last.value = 2010  # before the first year: the first year follows it
    assert years.value == (2010, 2010) and years.first.value == 2010
    years.value = (2014, 2018)
    assert (years.first.value, years.last.value) == (2014, 2018)
    assert set(w.current_table["occurred_on"].dt.year) <= set(range(2014, 2019))


def test_timeline_topic_check_boxes_feed_the_filter():
    w = W.explore_timeline()
    topics = w.controls["topics"]
    boxes = dict(topics._boxes)
    for topic_id, box in boxes.items():
        box.value = topic_id == "ukraine"
    assert topics.value == ("ukraine",)
    assert set(w.current_table["topic_id"]) == {"ukraine"}
    topics.value = ("syria",)
    assert [b.value for b in boxes.values()] == [t == "syria" for t in boxes]


def test_timeline_topic_filter():
    events = summitlib.load_events()
    w = W.explore_timeline()
    w.controls["topics"].value = ("arms_control",)
    assert set(w.current_table["topic_id"]) == {"arms_control"}
    assert len(w.current_table) == (events["topic_id"] == "arms_control").sum()
    w.controls["topics"].value = ()
    assert "No topic picked" in w.current_text
    assert len(w.current_table) == len(events)


# --- 5. who said it -------------------------------------------------------------------------

def test_who_said_it_same_seed_same_quotes():
    def sequence(seed):
        w = W.explore_who_said_it(seed=seed)
        seen = []
        for _ in range(5):
            seen.append(w.quiz.current["statement_id"])
            w.controls["next"].click()
        return seen

    assert sequence(7) == sequence(7)
    assert sequence(7) != sequence(8)


def test_who_said_it_buttons_feedback_and_score():
    w = W.explore_who_said_it(seed=7)
    assert list(w.answer_buttons)[:2] == ["trump", "putin"]
    quoted = summitlib.load_statements().query("statement_kind == 'quote'")["speaker_id"]
    assert set(w.answer_buttons) <= set(quoted)
    assert w.current_text.endswith("Score: 0 of 0")
    row = w.quiz.current
    assert f"“{row['quote']}”" in w.current_text
    locator = f"{row['source_id'].upper()} ¶{row['paragraph']}"
    w.answer_buttons[row["speaker_id"]].click()
    assert f"Correct — {w.quiz.speakers[row['speaker_id']]}, {locator}" in w.current_text
    assert w.current_text.endswith("Score: 1 of 1")
    w.answer_buttons[row["speaker_id"]].click()
    assert w.current_text.endswith("Score: 1 of 1"), "a second click must not score again"
    w.controls["next"].click()
    row = w.quiz.current
    wrong = next(s for s in w.answer_buttons if s != row["speaker_id"])
    w.answer_buttons[wrong].click()
    who = w.quiz.speakers[row["speaker_id"]]
    assert f"Not quite: that was {who} ({row['source_id'].upper()} ¶{row['paragraph']})" in (
        w.current_text
    )
    assert w.current_text.endswith("Score: 1 of 2")


def test_who_said_it_ends_with_a_score_out_of_the_quotes_asked_and_answers_a_second_click():
    w = W.explore_who_said_it(seed=3)
    total = w.quiz.total
    first = w.quiz.current
    w.answer_buttons[first["speaker_id"]].click()
    w.answer_buttons[first["speaker_id"]].click()
    assert "You have already answered this one. Correct" in w.current_text
    assert w.current_text.endswith("Score: 1 of 1")
    seen = {first["statement_id"]}
    for _ in range(total - 1):
        w.controls["next"].click()
        seen.add(w.quiz.current["statement_id"])
    assert len(seen) == total, "each quote once per round"
    w.controls["next"].click()  # past the last quote: the end, not a reshuffle
    assert w.quiz.finished
    assert (f"You answered 1 of the {total} quotes ({total - 1} skipped) and got 1 right"
            in w.current_text)
    assert w.current_text.endswith("Final score: 1 of 1")
    assert w.controls["next"].description == "Start again"
    w.controls["next"].click()
    assert not w.quiz.finished and w.current_text.endswith("Score: 0 of 0")
    assert w.controls["next"].description == "Next quote"


def test_who_said_it_putin_rubbish_is_cited_to_cgtn_11():
    quiz = W.WhoSaidItQuiz(seed=0)
    for _ in range(len(quiz._quotes)):
        if "rubbish" in quiz.current["quote"]:
            break
        quiz.next()
    assert quiz.answer("putin") == "Correct — Putin, CGTN ¶11"


# --- 6. statements --------------------------------------------------------------------------

def test_statement_search_rubbish_finds_putins_cgtn_quote():
    w = W.explore_statements()
    total = len(summitlib.load_statements())
    assert w.current_text == f"{total} statements match"
    w.controls["text"].value = "RUBBISH"
    assert w.current_text == "1 statement matches"
    row = w.current_table.iloc[0]
    assert (row["speaker_id"], row["source_id"], row["paragraph"]) == ("putin", "cgtn", 11)
    assert "Please get this rubbish out of your heads" in _shown_text(w)
    assert "CGTN ¶11" in _shown_text(w)


def test_statement_filters_combine_and_all_means_no_filter():
    statements = summitlib.load_statements()
    w = W.explore_statements()
    for key in ("speaker", "topic", "source"):
        assert w.controls[key].options[0] == ("All", W.ALL)
    w.set_values(speaker="putin", source="crs")
    expected = statements[(statements["speaker_id"] == "putin")
                          & (statements["source_id"] == "crs")]
    assert w.current_table["statement_id"].tolist() == expected["statement_id"].tolist()
    assert w.current_text == f"{len(expected)} statements match"
    w.controls["topic"].value = "syria"
    assert set(w.current_table["topic_id"]) == {"syria"}
    assert "peace and reconciliation" in _shown_text(w)
    w.controls["text"].value = "zzzz-not-there"
    # The message names what found nothing, so each further choice shows something new.
    assert w.current_text.startswith("No statements match the word “zzzz-not-there”, ")
    assert "topic Syria" in w.current_text
    assert len(w.current_table) == 0
    w.set_values(text="", speaker=W.ALL, topic=W.ALL, source=W.ALL)
    assert len(w.current_table) == len(statements)



# --- errors and data ------------------------------------------------------------------------

def test_an_exception_inside_a_callback_appears_in_the_output(monkeypatch):
    w = W.explore_timeline()

    def broken(*args, **kwargs):
        raise RuntimeError("the timeline broke")

    monkeypatch.setattr(summitlib.charts, "timeline_html", broken)
    w.controls["years"].value = (2010, 2020)
    assert w.current_error == "RuntimeError: the timeline broke"
    shown = _shown_text(w)
    assert "RuntimeError" in shown and "the timeline broke" in shown
    assert w.current_figure is None and w.current_table is None
    assert w.current_announcement == "This view could not be updated."
    monkeypatch.undo()
    w.controls["years"].value = (2018, 2018)
    assert w.current_error is None and w.current_table is not None


def test_explorer_shows_errors_from_its_render_function():
    slider = widgets.IntSlider(value=1, description="n", continuous_update=False)
    w = W.Explorer({"n": slider}, lambda n: W.View(text=f"1/n = {1 / n}"))
    assert w.current_text == "1/n = 1.0"
    slider.value = 0
    assert w.current_error == "ZeroDivisionError: division by zero"
    assert "ZeroDivisionError" in _shown_text(w)


def test_data_argument_accepts_a_table_and_rejects_wrong_types():
    statements = summitlib.load_statements()
    putin = statements[statements["speaker_id"] == "putin"]
    w = W.explore_statements(putin)
    assert w.current_text == f"{len(putin)} statements match"
    w = W.explore_statements({"statements": putin})
    assert set(w.current_table["speaker_id"]) == {"putin"}
    with pytest.raises(TypeError, match=r"'data' parameter of explore_statements must be None "
                                        r".*Got list instead"):
        W.explore_statements([1, 2])
    with pytest.raises(ValueError, match=r"must hold only the tables \['statements', 'people', "
                                         r"'topics'\]. Got the table\(s\) \['events'\]"):
        W.explore_statements({"events": statements})
    with pytest.raises(ValueError, match=r"'data' parameter of explore_topic lacks the column"
                                         r"\(s\) \['quote'\].*summitlib.load_statements\(\)"):
        W.explore_topic(statements.drop(columns="quote"))
    with pytest.raises(ValueError, match="has no rows in its events table"):
        W.explore_timeline(summitlib.load_events().iloc[:0])


# --- accessibility: text alternatives, announcements, keyboard-safe controls ----------------

def _image_outputs(explorer):
    return [o for o in explorer.output.outputs if "image/png" in o.get("data", {})]


@pytest.mark.parametrize("name", ["sources", "new_start"])
def test_every_chart_image_has_the_chart_description_as_its_alternative(name):
    w = EXPLORERS[name]()
    (image,) = _image_outputs(w)
    description = w.current_text.split("\n\n", 1)[-1] if name == "sources" else w.current_text
    # nbconvert's HTML export reads the metadata; JupyterLab and Voila show the <img alt>.
    assert image["metadata"]["image/png"]["alt"] == description
    assert f'alt="{html.escape(description)}"' in image["data"]["text/html"]
    assert w.current_announcement == description


def test_the_alt_text_equals_the_new_start_description():
    w = W.explore_new_start()
    w.controls["country"].value = "Russia"
    expected = summitlib.charts.describe_new_start(country="Russia")
    (image,) = _image_outputs(w)
    assert image["metadata"]["image/png"]["alt"] == expected
    assert expected.startswith("Grouped bar chart: New START declarations of Russia")


def test_each_change_is_announced_in_a_polite_live_region():
    w = W.explore_topic()
    w.controls["topic"].value = "syria"
    assert w.current_announcement == "Syria"
    assert 'role="status"' in w.announcer.value and 'aria-live="polite"' in w.announcer.value
    assert ">Syria</div>" in w.announcer.value


def test_new_start_countries_keep_their_style_in_every_mode():
    from matplotlib.colors import to_hex

    def styles(w):
        ax = w.current_figure.axes[0]
        legend = ax.get_legend()
        return {t.get_text(): (to_hex(p.get_facecolor()), p.get_hatch())
                for t, p in zip(legend.texts, legend.get_patches(), strict=False)}

    w = W.explore_new_start()
    both = styles(w)
    w.controls["country"].value = "Russia"
    alone = styles(w)
    w.controls["what_if"].value = True
    what_if = styles(w)
    assert alone["Russia"] == both["Russia"] == what_if["Russia"] == ("#d55e00", "///")
    assert what_if[YOUR_FORCE] not in (both["Russia"], both["United States"])
    assert "Russia hatched orange-red" in w.current_announcement
    assert f"{YOUR_FORCE} dotted green" in w.current_announcement


def test_what_if_numbers_restart_from_each_new_choice_and_step_by_one():
    w = W.explore_new_start()
    w.controls["what_if"].value = True
    # Both countries: the limits themselves.
    assert [w.controls[k].value for k in _CATEGORIES] == [1550, 700, 800]
    w.controls["country"].value = "Russia"  # all exchanges: the latest, 1 March 2019
    assert [w.controls[k].value for k in _CATEGORIES] == [1461, 524, 760]
    w.controls["as_of"].value = pd.Timestamp("2018-02-05")
    assert [w.controls[k].value for k in _CATEGORIES] == [1444, 527, 779]
    w.controls["country"].value = "United States"
    assert [w.controls[k].value for k in _CATEGORIES] == [1350, 652, 800]
    # One launcher more is one press, and goes over the limit of 800.
    plus = [b for b in _buttons(w) if b.description == "+1"]
    plus[2].click()
    assert w.controls["total_launchers"].value == 801
    assert "total launchers, deployed or not: 1 over the limit of 800" in w.current_text
    w.controls["what_if"].value = False
    assert all(b.disabled for b in _buttons(w))


def _buttons(w):
    found = []

    def walk(widget):
        if isinstance(widget, widgets.Button):
            found.append(widget)
        for child in getattr(widget, "children", ()):
            walk(child)

    walk(w)
    return found


def test_presses_faster_than_the_kernel_draws_are_drawn_once_with_the_last_numbers():
    import asyncio

    w = W.explore_new_start()
    w.controls["what_if"].value = True
    assert w.controls["deployed_warheads"].value == 1550
    renders = []
    render = w._render
    w._render = lambda **values: renders.append(values) or render(**values)
    plus = next(b for b in _buttons(w) if b.description == "+1")

    async def press_twenty_times():
        # As in a kernel: the presses wait in its queue while a chart draws, then come at once.
        for _ in range(20):
            plus.click()
        assert len(renders) < 20
        await asyncio.sleep(2 * w._draw_seconds + 0.05)  # the redraw put off comes due

    # A loop of its own, in a thread of its own: an earlier test (Playwright's sync API) may
    # leave an event loop running in this thread, where asyncio.run() refuses to start.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, press_twenty_times()).result()
        assert w.controls["deployed_warheads"].value == 1570
        assert 1 <= len(renders) <= 2, len(renders)
        assert renders[-1]["deployed_warheads"] == 1570
        assert "deployed warheads: 1,570, 20 over the limit of 1,550" in w.current_text
        assert "1,570" in w.current_announcement
        # Outside an event loop (a script) every press is drawn at once. The press runs in the
        # worker thread, where no loop is left running.
        pool.submit(plus.click).result()
        drawn, text = len(renders), w.current_text
    assert drawn in (2, 3) and "1,571" in text


def test_the_chosen_toggle_button_is_marked_for_screen_readers_too():
    w = W.explore_topic()
    (style,) = [c for c in w.children if "<style>" in getattr(c, "value", "")]
    assert _EXPLORER_CLASS in w._dom_classes
    # The chosen button's check mark is read out as "selected" (CSS content alternative).
    assert '.widget-toggle-button.mod-active::after' in style.value
    assert 'content:"\\2713" / ", selected"' in style.value


def test_while_the_kernel_is_idle_the_texts_of_the_views_one_change_away_are_drawn():
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from summitlib.charts import raster

    # Outside an event loop (a script, a test) nothing is drawn that was not asked for. Built
    # in a thread of its own: in the whole suite the browser tests leave a loop running in the
    # main thread (see the coalescing test above).
    with ThreadPoolExecutor(max_workers=1) as pool:
        w = pool.submit(W.explore_new_start).result()
    assert w._warming is None and not w._warmed

    async def build_and_wait():
        raster.clear_text_cache()
        w = W.explore_new_start()
        shown = w.output.outputs
        while w._warming is not None:  # 1 s without a change, then one view a turn
            await asyncio.sleep(0.02)
        return w, shown

    # A loop of its own, in a thread of its own (see the coalescing test above).
    with ThreadPoolExecutor(max_workers=1) as pool:
        w, shown = pool.submit(asyncio.run, build_and_wait()).result()
    # The view shown, then both other countries, the four exchanges, the What if mode: one
    # change away each.
    assert len(w._warmed) == 1 + 2 + 4 + 1
    assert w.output.outputs == shown  # the figure shown was not drawn over
    assert w.current_figure.axes[0].get_title().endswith(
        "\nUnited States and Russia, data exchanges Sep 2017 to Mar 2019")
    kept = len(raster._TEXTS)
    w.controls["country"].value = "Russia"
    assert w.current_figure.axes[0].get_title().endswith(
        "\nRussia, data exchanges Sep 2017 to Mar 2019")
    # Every text of the new view was drawn during the warm-up: none is new.
    assert len(raster._TEXTS) == kept


def test_after_a_number_changes_the_views_one_choice_away_are_not_drawn_again():
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    async def warm_then_step():
        w = W.explore_new_start()
        w.controls["what_if"].value = True
        while w._warming is not None:
            await asyncio.sleep(0.02)
        warmed = set(w._warmed)
        drawn = []
        w._warm_up = lambda **values: drawn.append(values)
        w.controls["deployed_warheads"].value += 1  # the same choices, another number
        while w._warming is not None:
            await asyncio.sleep(0.02)
        return warmed, w._warmed, drawn

    with ThreadPoolExecutor(max_workers=1) as pool:
        warmed, after, drawn = pool.submit(asyncio.run, warm_then_step()).result()
    assert len(warmed) == 1 + 2 + 4 + 1 and after == warmed and drawn == []


def test_every_new_start_view_shares_the_first_views_layout_and_label_size_and_fits_it():
    import itertools

    from summitlib.charts import raster

    w = W.explore_new_start()
    controls = w.controls
    first = w.current_figure.axes[0].get_position().bounds
    sizes, outside = set(), []
    for country, as_of, what_if in itertools.product(
            [v for _, v in controls["country"].options], [v for _, v in controls["as_of"].options],
            [False, True]):
        w.set_values(country=country, as_of=as_of, what_if=what_if)
        figure = w.current_figure
        ax = figure.axes[0]
        # The bars do not jump: every view has the Axes where the first view put them.
        assert ax.get_position().bounds == pytest.approx(first)
        sizes |= {text.get_fontsize() for text in ax.texts if text.get_text()[:1].isdigit()}
        renderer = raster.draw(figure).get_renderer()
        for text in figure.findobj(lambda a: hasattr(a, "get_text") and a.get_visible()):
            if not text.get_text():
                continue
            box = text.get_window_extent(renderer)
            if (box.x0 < -0.5 or box.y0 < -0.5 or box.x1 > figure.bbox.x1 + 0.5
                    or box.y1 > figure.bbox.y1 + 0.5):
                outside.append((text.get_text(), str(country), str(as_of), what_if))
    assert outside == []  # every label inside the figure, in every view
    # One size for the bars' numbers in every view (flicking keeps them steady).
    assert len(sizes) == 1
