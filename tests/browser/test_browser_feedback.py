"""The HTML feedback a student opens from the LMS, in Chromium, audited by axe-core.

The page is built here from the gradebook's own functions, with every kind of block it can
hold: a notebook graded (right, wrong, a reflection, a timeout), a notebook not received,
a file not graded, and a student's name with accents.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from summitlib.instructor import ExerciseResult, NotebookResult
from summitlib.instructor.classlist import StudentPlan, Submission
from summitlib.instructor.gradebook import feedback_html

pytestmark = [pytest.mark.browser]

NB04 = "04-Arms-Control-and-New-START"
NB05 = "05-Nonproliferation-North-Korea-and-Iran"
EXERCISES = {NB04: [("q1", 1.0), ("q2", 1.0), ("q3", 0.0), ("q4", 1.0)], NB05: [("q1", 1.0)]}


def _page_text(tmp_path: Path) -> str:
    rows = [
        ExerciseResult("ana", f"{NB04}.ipynb", "q1", "correct", 1, 1, "",
                       "**Correct.** Russia declared 1,444 deployed warheads.",
                       prompt="How many deployed warheads below the limit?"),
        ExerciseResult("ana", f"{NB04}.ipynb", "q2", "incorrect", 0, 1, "",
                       "**Not yet.** Your table has a column `category` that should not be "
                       "there.", prompt="Make a table of the declarations."),
        ExerciseResult("ana", f"{NB04}.ipynb", "q3", "correct", 0, 0, "",
                       "**Correct.** Thanks. Bring your thoughts to the discussion.",
                       prompt="Why might the two documents differ?"),
        ExerciseResult("ana", f"{NB04}.ipynb", "q4", "timeout", 0, 1, "",
                       "The answer cell of Exercise 4 ran longer than 60 s and was stopped.",
                       prompt="Which letter?"),
    ]
    result = NotebookResult("ana", f"{NB04}.ipynb", rows, problem="1 cell(s) timed out")
    plan = StudentPlan("ana", "José Núñez", "ana@example.edu")
    plan.graded[NB04] = Submission("ana", tmp_path / "x.ipynb", f"Downloads/{NB04} (1).ipynb",
                                   NB04)
    plan.missing.append(NB05)
    plan.unexpected.append(Submission("ana", tmp_path / "y.ipynb", "notes.ipynb", "notes"))
    return feedback_html(plan, {("ana", NB04): result}, EXERCISES)


def test_feedback_page_passes_axe_and_reads_in_order(page, tmp_path, screenshot_path):
    from axe_playwright_python.sync_playwright import Axe

    path = tmp_path / "ana.html"
    path.write_text(_page_text(tmp_path), encoding="utf-8")
    page.goto(path.as_uri())
    page.screenshot(path=str(screenshot_path("feedback-ana")), full_page=True)
    results = Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "best-practice"]})
    violations = results.response["violations"]
    assert violations == [], [(v["id"], v["help"]) for v in violations]
    headings = page.eval_on_selector_all("h1, h2, h3", "els => els.map(e => e.tagName + ' ' "
                                                       "+ e.textContent)")
    assert headings == [
        "H1 Feedback for José Núñez (ana)",
        f"H2 {NB04}: 1 of 3 points",
        "H3 Exercise 1: correct", "H3 Exercise 2: incorrect", "H3 Exercise 3: answered",
        "H3 Exercise 4: timeout",
        f"H2 {NB05}: not received",
        "H2 Not graded",
    ]
    assert page.locator("main").count() == 1
    assert page.title() == "Feedback for José Núñez (ana)"
