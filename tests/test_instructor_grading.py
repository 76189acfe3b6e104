"""Grading (`summitlib grade`), with real kernels: a class of demo submissions, a roster, LMS
exports and feedback; the command line's usage errors and help.

The demo notebook holds notebook 03's exercises (tests/instructor_demo.py), a written answer
among them: the grader records it, at 0 points until the instructor's marks give them.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys

import instructor_demo
import nbformat
import pytest
from instructor_demo import (
    DEMO_MODULE,
    DEMO_NAME,
    TIMEOUT,
    _awarded,
    _demo_exercises,
    _sha256,
)
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from summitlib import instructor
from summitlib.__main__ import main
from summitlib.instructor import (
    OUTCOME_MIMETYPE,
    cells,
)
from summitlib.instructor.tables import safe_filename

# The shared fixtures, which pytest finds by these names (module-scoped: built once here).
demo_release = instructor_demo.demo_release


# ------------------------------------------------------------------------------ grading


def _submission(student_nb, answers: dict, extra=()):
    """A copy of the student release with answers typed in and extra cells inserted."""
    nb = json.loads(json.dumps(student_nb))
    nb = nbformat.from_dict(nb)
    for cell in nb.cells:
        name, role = cells.cell_role(cell)
        if role == "answer" and name in answers:
            cell.source = answers[name]
    for index, source in extra:
        nb.cells.insert(index, new_code_cell(source))
    return nb


_IGNORES_INTERRUPT = """import signal, time
signal.signal(signal.SIGINT, signal.SIG_IGN)
while True:
    time.sleep(0.1)"""


@pytest.fixture(scope="module")
def submissions(demo_release, tmp_path_factory):
    """One folder per student, each holding the demo notebook in a different state."""
    student_nb = nbformat.read(demo_release["student"], as_version=4)
    exercises = _demo_exercises()
    first, second = exercises[0], exercises[1]
    right = {ex.name: ex.solution_code for ex in exercises}
    wrong = {ex.name: f"{ex.answer_variable} = 'certainly not the answer'" for ex in exercises}
    after_first = next(i for i, c in enumerate(student_nb.cells)
                       if cells.cell_role(c) == (first.name, "check")) + 1
    folder = tmp_path_factory.mktemp("submissions")
    cases = {
        "correct": _submission(student_nb, right),
        "partly": _submission(student_nb, {**right, second.name: wrong[second.name]}),
        "blank": _submission(student_nb, {}),
        "endless": _submission(student_nb, {**right, second.name:
                                            f"while True:\n    pass\n{right[second.name]}"}),
        "killer": _submission(student_nb, right, extra=[(after_first,
                                                         "import os\nos._exit(1)")]),
        "flood": _submission(student_nb, right, extra=[(after_first,
                                                        "print('x' * 3_000_000)")]),
        "stubborn": _submission(student_nb, right, extra=[(after_first, _IGNORES_INTERRUPT)]),
        "raiser": _submission(student_nb, {**right, first.name: "answer_oops = 1 / 0"}),
    }
    for student, nb in cases.items():
        (folder / student / "week1").mkdir(parents=True)
        nbformat.write(nb, folder / student / "week1" / f"{DEMO_NAME}.ipynb")
    (folder / "invalid").mkdir()
    (folder / "invalid" / "week1").mkdir()
    (folder / "invalid" / "week1" / f"{DEMO_NAME}.ipynb").write_text(
        '{"cells": [{"cell_type": "code", "source": "answer_1 = ', encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def graded(submissions, demo_release, tmp_path_factory):
    """Run the grade command once, as an instructor would, with two jobs."""
    before = _sha256(submissions)
    out = tmp_path_factory.mktemp("grades")
    done = subprocess.run(
        [sys.executable, "-m", "summitlib", "grade", str(submissions), "--out",
         str(out / "week1.csv"), "--jobs", "2", "--timeout", str(TIMEOUT), "--max-output", "2",
         "--release", str(demo_release["student"].parent)],
        capture_output=True, text=True, timeout=600, cwd=out)
    after = _sha256(submissions)
    with open(out / "week1.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return {"done": done, "rows": rows, "out": out, "unchanged": before == after}


def _rows_of(graded, student):
    return {r["exercise"]: r for r in graded["rows"] if r["student"] == student}


@pytest.mark.slow
def test_grade_command_succeeds_and_shows_progress(graded):
    done = graded["done"]
    assert done.returncode == 0, done.stderr[-2000:]
    progress = re.findall(r"^\[(\d+)/9\] (\w+)/week1/" + DEMO_NAME + r"\.ipynb: (.*)$",
                          done.stderr, re.M)
    assert sorted(int(n) for n, _, _ in progress) == list(range(1, 10))
    assert {s for _, s, _ in progress} == {"correct", "partly", "blank", "endless", "killer",
                                           "flood", "stubborn", "raiser", "invalid"}
    n = sum(1 for ex in _demo_exercises() if ex.points > 0)  # reflections are not counted
    assert n < len(_demo_exercises())
    assert any(s == "correct" and text.startswith(f"{n}/{n} correct")
               for _, s, text in progress)
    # An estimate of the time left on every line but the last.
    assert sum("left" in text for _, _, text in progress) == len(progress) - 1


@pytest.mark.slow
def test_submissions_are_never_modified(graded):
    assert graded["unchanged"]


@pytest.mark.slow
def test_gradebook_columns_and_one_row_per_exercise(graded):
    exercises = _demo_exercises()
    assert list(graded["rows"][0]) == list(instructor.GRADEBOOK_COLUMNS)
    for student in ("correct", "partly", "blank", "endless", "killer", "flood", "stubborn",
                    "raiser", "invalid"):
        rows = _rows_of(graded, student)
        assert list(rows) == [ex.name for ex in exercises], student
        for ex in exercises:
            assert float(rows[ex.name]["max_points"]) == ex.points
            assert rows[ex.name]["notebook"] == f"week1/{DEMO_NAME}.ipynb"


@pytest.mark.slow
def test_gradebook_outcomes_and_points(graded):
    exercises = _demo_exercises()
    first, second = exercises[0], exercises[1]

    def outcomes(student):
        return {name: r["outcome"] for name, r in _rows_of(graded, student).items()}

    def points(student):
        return sum(float(r["points"]) for r in _rows_of(graded, student).values())

    everything = sum(_awarded(ex) for ex in exercises)  # a written answer's wait for marks
    assert outcomes("correct") == {ex.name: "correct" for ex in exercises}
    assert points("correct") == everything
    written = [ex for ex in exercises if _awarded(ex) < ex.points]
    assert written  # the kernel's check never awards a written answer's points
    assert all(float(_rows_of(graded, "correct")[ex.name]["points"]) == 0 for ex in written)

    assert outcomes("partly")[second.name] == "incorrect"
    assert points("partly") == everything - second.points

    assert outcomes("blank") == {ex.name: "not_attempted" for ex in exercises}
    assert points("blank") == 0

    endless = _rows_of(graded, "endless")
    assert endless[second.name]["outcome"] == "timeout"
    assert f"{TIMEOUT:g} s" in endless[second.name]["detail"]
    assert endless[second.name]["detail"].startswith("The answer cell of Exercise 2 ran")
    # The loop was interrupted and the notebook went on: the other exercises still count.
    assert endless[first.name]["outcome"] == "correct"
    assert all(endless[ex.name]["outcome"] == "correct" for ex in exercises[2:])
    assert points("endless") == everything - second.points

    killer = _rows_of(graded, "killer")
    assert killer[first.name]["outcome"] == "correct"  # checked before the crash
    for ex in exercises[1:]:
        assert killer[ex.name]["outcome"] == "kernel_died"
        assert "exit code 1" in killer[ex.name]["detail"]
        # The cell as a student finds it, not its index among all cells.
        assert re.search(r"while running code cell \d+ \(after Exercise 1\)",
                         killer[ex.name]["detail"]), killer[ex.name]["detail"]
    assert points("killer") == first.points

    flood = _rows_of(graded, "flood")
    assert flood[first.name]["outcome"] == "correct"
    for ex in exercises[1:]:
        assert flood[ex.name]["outcome"] == "output_too_large"
        assert "Output too large" in flood[ex.name]["detail"]

    stubborn = _rows_of(graded, "stubborn")
    assert stubborn[first.name]["outcome"] == "correct"
    for ex in exercises[1:]:  # given up on: not every later cell waited out in turn
        assert stubborn[ex.name]["outcome"] == "timeout"
        assert "did not stop when interrupted" in stubborn[ex.name]["detail"]
        assert re.match(r"Code cell \d+ \(after Exercise 1\) ran longer",
                        stubborn[ex.name]["detail"]), stubborn[ex.name]["detail"]

    raiser = _rows_of(graded, "raiser")
    assert raiser[first.name]["outcome"] == "error"
    assert "ZeroDivisionError" in raiser[first.name]["detail"]
    assert points("raiser") == everything - first.points

    invalid = _rows_of(graded, "invalid")
    assert {r["outcome"] for r in invalid.values()} == {"invalid_notebook"}
    assert all("not valid JSON" in r["detail"] for r in invalid.values())
    assert points("invalid") == 0


@pytest.mark.slow
def test_feedback_file_per_student(graded):
    feedback = graded["out"] / "week1-feedback"
    assert sorted(p.stem for p in feedback.glob("*.md")) == sorted(
        {r["student"] for r in graded["rows"]})
    exercises = _demo_exercises()
    scored = [ex for ex in exercises if ex.points > 0]
    reflections = [ex for ex in exercises if ex.points == 0]
    partly = (feedback / "partly.md").read_text(encoding="utf-8")
    assert partly.startswith("# Feedback for partly")
    assert f"{len(scored) - 1} of {len(scored)} exercises correct" in partly
    assert f"{len(reflections)} of {len(reflections)} reflection(s) answered" in partly
    assert "| Exercise 2 | incorrect |" in partly  # named as the notebook names it
    assert f"| Exercise {reflections[0].name[1:]} (reflection) | answered | not counted |" \
        in partly
    assert f"> {exercises[1].prompt}" in partly
    assert "**Not yet.**" in partly  # the check's own Markdown feedback
    for ex in exercises:  # feedback never gives the answer away
        assert ex.solution_code.strip() not in partly
    assert "not valid JSON" in (feedback / "invalid.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_gradebook_is_not_overwritten_without_force(graded, submissions):
    gradebook = graded["out"] / "week1.csv"
    before = gradebook.read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "summitlib", "grade", str(submissions), "--out", str(gradebook)],
        capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "already exists" in done.stderr and "--force" in done.stderr
    assert "[1/" not in done.stderr  # refused before any notebook ran
    assert gradebook.read_bytes() == before


def test_force_overwrites_gradebook_and_feedback(tmp_path, capsys):
    # Only an unreadable notebook: graded without starting a kernel.
    (tmp_path / "subs" / "zoe").mkdir(parents=True)
    (tmp_path / "subs" / "zoe" / "notes.ipynb").write_text("not json", encoding="utf-8")
    out = tmp_path / "grades.csv"
    args = ["grade", str(tmp_path / "subs"), "--out", str(out)]
    assert main(args) == 0
    first = out.read_text(encoding="utf-8")
    assert "zoe,notes.ipynb,,invalid_notebook,0,0,not valid JSON" in first
    out.write_text("edited by hand", encoding="utf-8")
    assert main(args) == 2
    assert out.read_text(encoding="utf-8") == "edited by hand"
    archive = out.parent / "grades-feedback.zip"
    (out.parent / "grades-feedback" / "zoe.md").unlink()
    out.unlink()
    archive_bytes = archive.read_bytes()
    archive.unlink()
    (out.parent / "grades-feedback" / "zoe.md").write_text("old feedback")
    assert main(args) == 2  # the feedback file alone also blocks
    assert "Feedback files already exist" in capsys.readouterr().err
    (out.parent / "grades-feedback" / "zoe.md").unlink()
    (out.parent / "grades-feedback" / "zoe.html").unlink()
    archive.write_bytes(archive_bytes)
    assert main(args) == 2  # and so does the archive alone
    assert "feedback archive" in capsys.readouterr().err
    assert not out.exists()
    (out.parent / "grades-feedback" / "zoe.md").write_text("old feedback")
    assert main([*args, "--force"]) == 0
    assert out.read_text(encoding="utf-8") == first
    assert "not valid JSON" in (out.parent / "grades-feedback" / "zoe.md").read_text()


def test_outcome_mimetype_is_the_one_the_exercises_attach():
    from summitlib import exercises

    assert OUTCOME_MIMETYPE == exercises.OUTCOME_MIMETYPE
    assert set(exercises.OUTCOMES) <= set(instructor.GRADEBOOK_OUTCOMES)


def test_grade_usage_errors(tmp_path, capsys):
    assert main(["grade", str(tmp_path)]) == 2  # --out missing
    assert "--out" in capsys.readouterr().err
    assert main(["grade", str(tmp_path / "none"), "--out", str(tmp_path / "g.csv")]) == 2
    assert "No submissions folder" in capsys.readouterr().err
    assert main(["grade", str(tmp_path), "--out", str(tmp_path / "g.csv")]) == 2
    assert "holds no student notebooks" in capsys.readouterr().err
    assert main(["grade", str(tmp_path), "--out", "g.csv", "--jobs", "0"]) == 2
    assert "--jobs" in capsys.readouterr().err
    assert main(["grade", str(tmp_path), "--out", "g.csv", "--timeout", "-1"]) == 2
    assert "--timeout" in capsys.readouterr().err
    assert main(["grade", str(tmp_path), "--out", "g.csv", "--max-output", "0"]) == 2
    assert "--max-output" in capsys.readouterr().err
    assert main(["grade", str(tmp_path), "--out", "g.csv", "--heartbeat", "0"]) == 2
    assert "--heartbeat" in capsys.readouterr().err
    assert main([]) == 2


def test_notebooks_outside_every_student_folder_are_named(tmp_path, capsys):
    (tmp_path / "04-Arms-Control-and-New-START.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("", encoding="utf-8")
    assert main(["grade", str(tmp_path), "--out", str(tmp_path / "g.csv")]) == 2
    err = capsys.readouterr().err
    assert "holds no student notebooks" in err
    assert "(04-Arms-Control-and-New-START.ipynb) belong to no student" in err
    assert "notes.txt" not in err and not (tmp_path / "g.csv").exists()


@pytest.mark.parametrize("args, expected", [
    ([], ["release", "collect", "grade", "untrusted"]),
    (["collect"], ["--roster", "--force", "Canvas", "Moodle", "NAME_LATE_", "exit codes"]),
    (["release"], ["--key", "--force", "--notebooks", "exit codes", "BEGIN SOLUTION"]),
    (["grade"], ["--jobs", "--timeout", "--force", "untrusted", "exit codes",
                 "student, notebook, exercise, outcome, points", "--summary", "--roster",
                 "--assignment", "--canvas", "--moodle", "--bom", "--heartbeat"]),
])
def test_help_for_every_command(args, expected):
    done = subprocess.run([sys.executable, "-m", "summitlib", *args, "--help"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    text = " ".join(done.stdout.split())
    for word in expected:
        assert word in text, word


# ------------------------------------------------------------- a class with a roster

FORMULA_FOLDER = '=HYPERLINK("evil.example","grades")'


@pytest.fixture(scope="module")
def roster_class(demo_release, tmp_path_factory):
    """A class as an instructor meets one, graded once through the command line.

    On the roster: ana (accents in her name; the notebook inside Downloads/, and the reading
    notebook), ben (nothing handed in), cleo (the wrong notebook only), dan (two copies: the
    older all right, the newer `(1)` with Exercise 2 wrong and a slow cell). Not on it: a
    folder named like a formula, holding broken files. Loose in the folder: a notebook.
    """
    student_nb = nbformat.read(demo_release["student"], as_version=4)
    exercises = _demo_exercises()
    right = {ex.name: ex.solution_code for ex in exercises}
    second = exercises[1]
    after_first = next(i for i, c in enumerate(student_nb.cells)
                       if cells.cell_role(c) == (exercises[0].name, "check")) + 1
    root = tmp_path_factory.mktemp("class")
    subs = root / "subs"
    reading = new_notebook(cells=[new_markdown_cell("# Reading"), new_code_cell("1 + 1")])
    files = {
        f"ana/Downloads/{DEMO_NAME}.ipynb": (_submission(student_nb, right), 1000),
        "ana/Reading.ipynb": (reading, 1000),
        "cleo/Other-Notebook.ipynb": (reading, 1000),
        f"dan/{DEMO_NAME}.ipynb": (_submission(student_nb, right), 1000),
        f"dan/{DEMO_NAME} (1).ipynb": (_submission(
            student_nb, {**right, second.name: f"{second.answer_variable} = 'no'"},
            extra=[(after_first, "import time\ntime.sleep(4)")]), 2000),
        "+loose.ipynb": (reading, 1000),
    }
    for relative, (nb, modified) in files.items():
        path = subs / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, path)
        os.utime(path, (modified, modified))
    for name in (f"{DEMO_NAME}.ipynb", "Reading.ipynb"):
        (subs / FORMULA_FOLDER).mkdir(exist_ok=True)
        (subs / FORMULA_FOLDER / name).write_text("{not json", encoding="utf-8")
    roster = root / "roster.csv"
    roster.write_bytes("\ufeffstudent_id,name,email,lms_id\r\n"
                       "ana,José Núñez,ana@example.edu,101\r\n"
                       "ben,Ben Okafor,ben@example.edu,102\r\n"
                       "cleo,Cleo Martin,cleo@example.edu,103\r\n"
                       "dan,Dan Weiß,dan@example.edu,104\r\n".encode())
    out = root / "grades"
    done = subprocess.run(
        [sys.executable, "-m", "summitlib", "grade", str(subs), "--out",
         str(out / "details.csv"), "--summary", str(out / "summary.csv"), "--roster",
         str(roster), "--assignment", f"{DEMO_NAME}.ipynb", "Reading.ipynb", "--canvas",
         str(out / "canvas.csv"), "--moodle", str(out / "moodle.csv"), "--title", "Week 1",
         "--bom", "--heartbeat", "1", "--timeout", str(TIMEOUT),
         "--release", str(demo_release["student"].parent)],
        capture_output=True, text=True, timeout=600, cwd=root)

    def table(name):
        raw = (out / name).read_bytes()
        return raw, list(csv.reader(raw.decode("utf-8-sig").splitlines()))

    return {"done": done, "out": out, "table": table}


def _points(exercise_name, right: bool):
    ex = next(e for e in _demo_exercises() if e.name == exercise_name)
    return ex.points if right else 0


@pytest.mark.slow
def test_class_summary_has_every_student_and_every_cell(roster_class):
    done = roster_class["done"]
    assert done.returncode == 0, done.stderr[-3000:]
    raw, rows = roster_class["table"]("summary.csv")
    exercises = _demo_exercises()
    scored = [ex for ex in exercises if ex.points > 0]
    full = sum(ex.points for ex in exercises)
    awarded = sum(_awarded(ex) for ex in exercises)  # all right, the written one not marked
    assert rows[0] == ["student_id", "name", "email",
                       *[f"{DEMO_NAME} Exercise {ex.name[1:]}"
                         + ("" if ex.points else " (reflection)") for ex in exercises],
                       "total", "maximum", "percent", "status", "notes"]
    n = len(exercises)

    def points(student_right):
        return [("answered" if not ex.points else str(int(_awarded(ex))) if student_right(ex)
                 else "0") for ex in exercises]

    dan_total = awarded - exercises[1].points
    assert rows[1:] == [
        ["ana", "José Núñez", "ana@example.edu", *points(lambda ex: True), str(int(awarded)),
         str(int(full)), f"{100 * awarded / full:.1f}", "graded", ""],
        ["ben", "Ben Okafor", "ben@example.edu", *[""] * n, "0", str(int(full)), "0.0",
         "missing", "no folder in the submissions: nothing was handed in"],
        ["cleo", "Cleo Martin", "cleo@example.edu", *[""] * n, "0", str(int(full)), "0.0",
         "missing", f"{DEMO_NAME} was not handed in; Reading was not handed in; "
                    "'Other-Notebook.ipynb' is not a notebook of this assignment "
                    f"({DEMO_NAME}, Reading); it was not graded"],
        ["dan", "Dan Weiß", "dan@example.edu", *points(lambda ex: ex is not exercises[1]),
         str(int(dan_total)), str(int(full)), f"{100 * dan_total / full:.1f}",
         "partly missing",
         f"2 copies of {DEMO_NAME}: graded the newest, '{DEMO_NAME} (1).ipynb'; not graded: "
         f"'{DEMO_NAME}.ipynb'; Reading was not handed in"],
        ["'" + FORMULA_FOLDER, "", ""]
        + [("invalid notebook" if not ex.points else "0") for ex in exercises]
        + ["0", str(int(full)), "0.0", "invalid",
           f"the folder '{FORMULA_FOLDER}' is not on the roster: check the name, or add the "
           "student to the roster"],
    ]
    assert len(scored) < n  # the demo holds a reflection, so "not counted" was tested
    assert raw.startswith(b"\xef\xbb\xbf")  # --bom
    assert "José Núñez".encode() in raw


@pytest.mark.slow
def test_class_details_escape_missing_rows_and_bom(roster_class):
    raw, rows = roster_class["table"]("details.csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    header = rows[0]
    assert header == list(instructor.GRADEBOOK_COLUMNS)
    records = [dict(zip(header, r, strict=True)) for r in rows[1:]]
    ben = [r for r in records if r["student"] == "ben"]
    assert [(r["notebook_id"], r["exercise"], r["outcome"], r["max_points"]) for r in ben] == [
        *[(DEMO_NAME, ex.name, "missing", str(int(ex.points))) for ex in _demo_exercises()],
        ("Reading", "", "missing", "0")]
    assert all("ben has no folder" in r["detail"] for r in ben)
    evil = [r for r in records if r["student"].startswith("'=")]
    assert evil and all(r["student"] == "'" + FORMULA_FOLDER for r in evil)
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r"))
                   for r in rows for cell in r)
    assert {r["notebook"] for r in records if r["student"] == "dan"} == {
        f"{DEMO_NAME} (1).ipynb", ""}
    assert not any(r["notebook"] == "Other-Notebook.ipynb" for r in records)  # not graded


@pytest.mark.slow
def test_class_lms_exports(roster_class):
    full = str(int(sum(ex.points for ex in _demo_exercises())))
    awarded = str(int(sum(_awarded(ex) for ex in _demo_exercises())))  # ana's, unmarked
    raw, canvas = roster_class["table"]("canvas.csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    assert canvas[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Week 1"]
    assert canvas[1] == ["Points Possible", "", "", "", "", full]
    assert [r[:3] + r[5:] for r in canvas[2:6]] == [
        ["José Núñez", "101", "ana", awarded], ["Ben Okafor", "102", "ben", "0"],
        ["Cleo Martin", "103", "cleo", "0"], ["Dan Weiß", "104", "dan", canvas[5][5]]]
    _, moodle = roster_class["table"]("moodle.csv")
    assert moodle[0] == ["ID number", "Full name", "Email address", "Week 1", "Feedback"]
    assert moodle[2][:4] == ["ben", "Ben Okafor", "ben@example.edu", "0"]
    assert moodle[2][4].startswith(f"0 of {full} points (missing)")


@pytest.mark.slow
def test_class_feedback_and_reports(roster_class):
    out, done = roster_class["out"], roster_class["done"]
    feedback = out / "details-feedback"
    assert sorted(p.name for p in feedback.iterdir()) == sorted(
        f"{s}{ext}" for s in ("ana", "ben", "cleo", "dan", safe_filename(
            FORMULA_FOLDER)) for ext in (".md", ".html"))
    ben = (feedback / "ben.md").read_text(encoding="utf-8")
    assert ben.startswith("# Feedback for Ben Okafor (ben)")
    assert f"## {DEMO_NAME}: not received" in ben
    ana = (feedback / "ana.html").read_text(encoding="utf-8")
    assert "<h1>Feedback for José Núñez (ana)</h1>" in ana
    dan = (feedback / "dan.md").read_text(encoding="utf-8")
    scored = sum(1 for ex in _demo_exercises() if ex.points)
    assert f"{scored - 1} of {scored} exercises correct" in dan
    assert f"Graded file: `{DEMO_NAME} (1).ipynb`." in dan
    assert re.search(r"\bcell \d", dan, re.I) is None
    import zipfile

    with zipfile.ZipFile(out / "details-feedback.zip") as bundle:
        assert sorted(bundle.namelist()) == sorted(
            p.name for p in feedback.glob("*.html"))
    err = done.stderr
    assert "+loose.ipynb is outside every student's folder, so it was not graded" in err
    assert f"summitlib: dan: 2 copies of {DEMO_NAME}" in err
    assert "summitlib: cleo: 'Other-Notebook.ipynb' is not a notebook of this assignment" in err
    # One line per notebook graded (ana's two, dan's newest, the formula folder's two) ...
    assert len(re.findall(r"^\[\d/5\] ", err, re.M)) == 5
    # ... and, while dan's slow cell ran, a heartbeat saying where, in the student's terms.
    beats = re.findall(r"^  still running: dan/" + re.escape(DEMO_NAME) + r" \(1\)\.ipynb "
                       r"for (\d+) s, at (.*)$", err, re.M)
    assert beats, err[-3000:]
    assert any(re.match(r"code cell \d+ \(after Exercise 1\)", where) for _, where in beats)
    assert "Graded 5 notebook(s) of 5 student(s) (1 graded, 2 missing, 1 partly missing, " \
           "1 invalid)" in done.stdout


def _setup_only(module: str):
    """A notebook whose only code cell imports the exercises of ``module``."""
    return new_notebook(cells=[new_code_cell(f"from summitlib.exercises import ____, "
                                             f"{module} as ex")])


def test_a_notebook_renamed_as_another_is_not_graded_as_it(tmp_path, capsys):
    # Notebook 05's exercises in a file named as 04: reported, and 04 counts as missing.
    nb04 = "04-Arms-Control-and-New-START.ipynb"
    (tmp_path / "subs" / "cleo").mkdir(parents=True)
    nbformat.write(_setup_only("nb05"), tmp_path / "subs" / "cleo" / nb04)
    out = tmp_path / "g.csv"
    assert main(["grade", str(tmp_path / "subs"), "--out", str(out), "--summary",
                 str(tmp_path / "s.csv"), "--assignment", nb04]) == 0
    err = capsys.readouterr().err
    assert (f"cleo: '{nb04}' is named as 04-Arms-Control-and-New-START but holds the "
            "exercises of another notebook (nb05); it was not graded") in err
    with open(tmp_path / "s.csv", newline="", encoding="utf-8") as fh:
        (row,) = list(csv.DictReader(fh))
    from summitlib.exercises import nb04 as module

    maximum = f"{sum(q.points for q in module.EXERCISES):g}"  # the written q5 counts 5
    assert (row["total"], row["maximum"], row["status"]) == ("0", maximum, "missing")
    with open(out, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))

    assert [(r["exercise"], r["outcome"]) for r in rows] == [
        (ex.name, "missing") for ex in module.EXERCISES]
    assert {r["detail"] for r in rows} == {
        f"Not graded: '{nb04}' is named as 04-Arms-Control-and-New-START but holds the "
        "exercises of another notebook (nb05); it was not graded."}


def test_an_assignment_named_by_its_released_file_gives_its_exercises(tmp_path, capsys):
    # "Week-4.ipynb" names no number: the released file's setup cell says what it holds,
    # so even an unreadable submission gets a row per exercise, worth its points.
    release_file = tmp_path / "release" / "Week-4.ipynb"
    release_file.parent.mkdir()
    nbformat.write(_setup_only(DEMO_MODULE), release_file)
    (tmp_path / "subs" / "zoe").mkdir(parents=True)
    (tmp_path / "subs" / "zoe" / "Week-4 (1).ipynb").write_text("{broken", encoding="utf-8")
    out = tmp_path / "g.csv"
    assert main(["grade", str(tmp_path / "subs"), "--out", str(out), "--assignment",
                 str(release_file), "--quiet"]) == 0
    capsys.readouterr()
    with open(out, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["notebook"], r["exercise"], r["outcome"], r["max_points"]) for r in rows] == [
        ("Week-4 (1).ipynb", ex.name, "invalid_notebook", str(int(ex.points)))
        for ex in _demo_exercises()]
    assert {r["notebook_id"] for r in rows} == {"Week-4"}


@pytest.mark.slow
def test_a_submission_cannot_choose_the_exercises_its_notebook_counts(tmp_path, capsys):
    # "Syria.ipynb" names no number and no --assignment says what it holds: the release's
    # setup cell decides its exercises everywhere, the summary's columns and maximum too,
    # never the setup cell a student handed in (here one importing notebook 00's two): that
    # copy is set aside, as one renamed as another notebook is.
    release_dir = tmp_path / "release"
    release_dir.mkdir()
    nbformat.write(_setup_only(DEMO_MODULE), release_dir / "Syria.ipynb")
    (tmp_path / "subs" / "zoe").mkdir(parents=True)
    nbformat.write(_setup_only("nb00"), tmp_path / "subs" / "zoe" / "Syria.ipynb")
    out, summary = tmp_path / "g.csv", tmp_path / "s.csv"
    assert main(["grade", str(tmp_path / "subs"), "--out", str(out), "--summary", str(summary),
                 "--release", str(release_dir), "--timeout", "60", "--quiet"]) == 0
    assert ("zoe: 'Syria.ipynb' is named as Syria but holds the exercises of another "
            "notebook (nb00); it was not graded") in capsys.readouterr().err
    exercises = _demo_exercises()
    with open(out, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["exercise"], r["outcome"], r["max_points"]) for r in rows] == [
        (ex.name, "missing", str(int(ex.points))) for ex in exercises]
    with open(summary, newline="", encoding="utf-8") as fh:
        (row,) = list(csv.DictReader(fh))
    assert [c for c in row if c.startswith("Syria ")] == [
        f"Syria Exercise {ex.name[1:]}" + ("" if ex.points else " (reflection)")
        for ex in exercises]
    assert (row["total"], row["maximum"]) == ("0", f"{sum(ex.points for ex in exercises):g}")
