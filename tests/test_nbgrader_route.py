"""The nbgrader route, tried with nbgrader itself: generate_assignment on the key, then
autograde a submission made from `summitlib release`.

The key's and the release's locked cells (setup and checks) are identical, so nbgrader's
OverwriteCells finds nothing changed; the test also shows it would notice a changed setup
cell, and that autograde scores the answers (it sets NBGRADER_EXECUTION, so `.grade()`
raises on a wrong answer there, and only there).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from test_grading_integrity import AWARDED, EXERCISES, NAME, _source_notebook, _with

from summitlib.instructor import cells, release_notebook

pytestmark = pytest.mark.slow


def _nbgrader(course: Path, *args) -> str:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}"
                                 f"{os.environ.get('PATH', '')}"}
    env.pop("NBGRADER_EXECUTION", None)
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, (args, done.stdout[-2000:], done.stderr[-3000:])
    return done.stdout + done.stderr


def _course(root: Path, submissions: dict) -> Path:
    course = root / "course"
    (course / "source" / "ps1").mkdir(parents=True)
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\nc.CourseDirectory.root = '.'\n"
        "c.CourseDirectory.db_url = 'sqlite:///gradebook.db'\n")
    source = _source_notebook()
    nbformat.write(release_notebook(source, key=True, name=NAME),
                   course / "source" / "ps1" / f"{NAME}.ipynb")
    for student, nb in submissions.items():
        folder = course / "submitted" / student / "ps1"
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{NAME}.ipynb")
        (folder / "timestamp.txt").write_text("2026-12-01 10:00:00.000000 UTC")
    _nbgrader(course, "db", "assignment", "add", "ps1")
    for student in submissions:
        _nbgrader(course, "db", "student", "add", student)
    _nbgrader(course, "generate_assignment", "ps1")
    return course


@pytest.fixture(scope="module")
def autograded(tmp_path_factory):
    released = release_notebook(_source_notebook(), name=NAME)
    first = EXERCISES[0]
    honest = {ex.name: ex.solution_code for ex in EXERCISES}
    changed = _with(released, answers=honest)
    setup = cells.find_setup(changed)[2]
    changed.cells[setup].source += "\nprint('changed')"
    submissions = {
        "alice": _with(released, answers={**honest, first.name: f"{first.answer_variable} = -1"}),
        "bob": changed,
    }
    course = _course(tmp_path_factory.mktemp("nbgrader"), submissions)
    logs = {s: _nbgrader(course, "autograde", "ps1", "--student", s) for s in submissions}
    return course, logs


def test_a_release_made_submission_changes_no_locked_cell(autograded):
    _, logs = autograded
    assert "has changed!" not in logs["alice"], logs["alice"][-3000:]


def test_nbgrader_would_see_a_changed_setup_cell(autograded):
    _, logs = autograded
    assert f"Attribute 'checksum' for cell {NAME}-setup has changed!" in logs["bob"]


def test_autograde_scores_the_answers(autograded):
    from nbgrader.api import Gradebook

    course, _ = autograded
    scored = sum(ex.points for ex in EXERCISES)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        alice = gradebook.find_submission("ps1", "alice")
        assert alice.max_score == scored  # the written answer's points included
        # Autograde scores the checks; the written answer waits for nbgrader's manual grading.
        assert alice.score == AWARDED - EXERCISES[0].points
