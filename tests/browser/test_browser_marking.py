"""Marking one written question across a small class in JupyterLab, by keyboard only.

JupyterLab serves a folder holding a class of four submissions and a notebook that opens the
marking view. The test moves with Tab and presses buttons with Space, never the mouse: it marks
three answers (one with a comment), reloads the page, runs the cell again and finds the marks
kept (the view resumes at the fourth answer, 3 of 4 marked). Then it grades the class with
``--marks`` and checks the gradebook's totals and a student's feedback. Screenshots of the view
go to ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import csv
import json

import harness
import pytest

from summitlib.__main__ import main

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ANSWERS = {
    "ali": "The CRS Insight gives the offer in one sentence, so it reads as a plain promise; "
           "CGTN adds the conditions and the doubts about compliance (paragraphs 51-52).",
    "bea": "md:CGTN's detail makes the offer look conditional.",
    "cem": "Both documents say Russia is ready to extend New START.",
    "dan": None,
}
MARKS = [  # (criterion points in rubric order, comment) for the first three answers
    ((2, 2, 1), "Clear, with both documents' paragraphs."),
    ((1, 1, 1), ""),
    ((0, 1, 0), ""),
]
OPEN_VIEW = ('import summitlib.instructor\n'
             'summitlib.instructor.mark("submissions", exercise="04:q5", marks="marks.csv", '
             'marker="browser")')
ROOT = ".summitlib-marking"
CRITERIA = (("Evidence", 2), ("Reasoning", 2), ("Attribution", 1))  # notebook 04, q5


def _rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _focused(page) -> str:
    return page.evaluate("""() => { const e = document.activeElement;
        return e ? (e.title || e.getAttribute('aria-label') || e.innerText || e.tagName) : ''; }""")


def tab_to(page, js: str, what: str, limit: int = 40) -> None:
    """Press Tab until the focused element matches ``js`` (given the element)."""
    for _ in range(limit):
        if page.evaluate(f"() => {{ const e = document.activeElement; return !!e && ({js}); }}"):
            return
        page.keyboard.press("Tab")
    raise harness.HarnessError(f"{limit} presses of Tab never reached {what}; focus is on "
                               f"{_focused(page)!r}")


def press_button(page, title: str) -> None:
    tab_to(page, f"e.tagName === 'BUTTON' && e.title === {json.dumps(title)} "
                 f"&& e.closest('{ROOT}')", f"the button {title!r}")
    page.keyboard.press("Space")


def wait_for_progress(page, text: str) -> None:
    harness.wait_until(page, f"""() => {{ const s = document.querySelector(
        '{ROOT} [role=status]'); return s && s.innerText.includes({json.dumps(text)}); }}""",
                       timeout=30, what=f"the progress to read {text!r}",
                       describe=lambda: page.evaluate(
                           f"() => (document.querySelector('{ROOT} [role=status]') || "
                           "{}).innerText"))


def open_view(page, server, plan) -> None:
    harness.open_notebook(page, server.url, "mark.ipynb")
    harness.run_all(page, plan)
    page.wait_for_selector(f"{ROOT} [role=status]", timeout=60_000)


@pytest.fixture
def marking_class(written_class, tmp_path):
    root = written_class(ANSWERS).parent
    nb = {"cells": [{"cell_type": "code", "execution_count": None, "id": "open-marking",
                     "metadata": {}, "outputs": [], "source": OPEN_VIEW}],
          "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)",
                                      "language": "python", "name": "python3"}},
          "nbformat": 4, "nbformat_minor": 5}
    (root / "mark.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    return root


def test_mark_three_answers_by_keyboard_and_find_them_after_a_reload(
        page, start_lab, marking_class, tmp_path, screenshot_path):
    root = marking_class
    plan = harness.NotebookPlan.read(root / "mark.ipynb")
    with start_lab(root, tmp_path / "lab") as server:
        try:
            open_view(page, server, plan)
            wait_for_progress(page, "0 of 4 marked")
            assert page.locator(f"{ROOT}").inner_text().count("ali's answer") == 1
            violations = harness.axe_outputs(page, impacts=("minor", "moderate", "serious",
                                                             "critical"))
            assert violations == [], violations
            # Keyboard only from here: focus starts on the view's Next button, as if tabbed to.
            page.locator(f"{ROOT} button[title='the next answer']").focus()
            for number, (points, comment) in enumerate(MARKS, start=1):
                for (criterion, most), value in zip(CRITERIA, points, strict=True):
                    press_button(page, f"{criterion}: {value} of {most}")
                if comment:
                    tab_to(page, f"e.tagName === 'TEXTAREA' && e.closest('{ROOT}')",
                           "the comment box")
                    page.keyboard.type(comment)
                    page.keyboard.press("Tab")  # leaving the box saves the comment
                wait_for_progress(page, f"{number} of 4 marked")
                if number == 1:
                    harness.screenshot_notebook(page, screenshot_path("marking-view"))
                press_button(page, "the next answer")
                wait_for_progress(page, f"answer {number + 1} of 4")
            assert not page.js_errors, page.js_errors

            rows = _rows(root / "marks.csv")
            points = {(r["student"], r["criterion"]): r["points"] for r in rows}
            assert points[("ali", "evidence")] == "2" and points[("cem", "attribution")] == "0"
            assert [r["comment"] for r in rows if r["criterion"] == ""] == [MARKS[0][1]]
            assert {r["marker"] for r in rows} == {"browser"}

            # Reload: the view opens again where the marker stopped, with every mark kept.
            page.reload()
            open_view(page, server, plan)
            wait_for_progress(page, "3 of 4 marked")
            wait_for_progress(page, "dan: answer 4 of 4")
            assert "(empty: nothing written)" in page.locator(ROOT).inner_text()
            page.locator(f"{ROOT} button[title='the previous answer']").focus()
            page.keyboard.press("Space")
            wait_for_progress(page, "cem: answer 3 of 4")
            active = page.locator(f"{ROOT} .widget-toggle-buttons button.mod-active")
            titles = [active.nth(i).get_attribute("title") for i in range(active.count())]
            assert titles == ["every student's answer",  # the filter, then the three criteria
                              "Evidence: 0 of 2", "Reasoning: 1 of 2", "Attribution: 0 of 1"]
            harness.screenshot_notebook(page, screenshot_path("marking-view-resumed"))
        finally:
            server.shutdown_kernels(page)

    # The marks go into the gradebook and the feedback.
    gradebook = tmp_path / "grades.csv"
    assert main(["grade", str(root / "submissions"), "--out", str(gradebook), "--quiet",
                 "--marks", str(root / "marks.csv")]) == 0
    q5 = {r["student"]: r for r in _rows(gradebook) if r["exercise"] == "q5"}
    assert {s: (r["outcome"], r["points"], r["max_points"]) for s, r in q5.items()} == {
        "ali": ("marked", "5", "5"), "bea": ("marked", "3", "5"), "cem": ("marked", "1", "5"),
        "dan": ("not_attempted", "0", "5")}
    feedback = (tmp_path / "grades-feedback" / "ali.md").read_text(encoding="utf-8")
    assert "### Exercise 5: marked" in feedback and "Marked by hand: 5 of 5 points." in feedback
    assert "Comment: Clear, with both documents' paragraphs." in feedback
