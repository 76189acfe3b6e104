"""The gradebook's pure parts (summitlib/instructor/: classlist.py, gradebook.py, tables.py):
no kernel runs here.

Roster, notebook names, discovery and the grading plan, the summary table, CSV escaping and
encoding, feedback rendering and the words of the progress display.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from summitlib.instructor import ExerciseResult, NotebookResult, classlist, gradebook
from summitlib.instructor.cells import describe_cell
from summitlib.instructor.classlist import Student, discover, notebook_id, plan, read_roster
from summitlib.instructor.gradebook import (
    estimate_left,
    feedback_html,
    feedback_markdown,
    summary_table,
)
from summitlib.instructor.results import one_line, rows_for_all
from summitlib.instructor.tables import escape_cell, write_csv

NB04 = "04-Arms-Control-and-New-START"
NB05 = "05-Nonproliferation-North-Korea-and-Iran"


# --------------------------------------------------------------------------- escaping


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_escaped(start, tmp_path):
    value = f"{start}HYPERLINK(\"http://example.org\",\"click\")"
    assert escape_cell(value) == "'" + value
    path = write_csv(tmp_path / "g.csv", ["student", "points"], [[value, 2]])
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows == [["student", "points"], ["'" + value, "2"]]


@pytest.mark.parametrize("value", ["José Núñez", "a=b", "04-Arms", " =padded", "", "'quoted"])
def test_text_that_is_no_formula_is_left_alone(value):
    assert escape_cell(value) == value


def test_numbers_are_not_escaped():
    assert escape_cell(0) == 0 and escape_cell(2.5) == 2.5


def test_the_header_is_escaped_too(tmp_path):
    path = write_csv(tmp_path / "g.csv", ["=cmd", "ok"], [])
    assert path.read_bytes() == b"'=cmd,ok\r\n"


def test_bom_option(tmp_path):
    rows = [["José Núñez", 3], ["Zoë Weiß", 4]]
    with_bom = write_csv(tmp_path / "bom.csv", ["name", "total"], rows, bom=True).read_bytes()
    without = write_csv(tmp_path / "plain.csv", ["name", "total"], rows).read_bytes()
    assert with_bom.startswith(b"\xef\xbb\xbf") and not without.startswith(b"\xef\xbb\xbf")
    assert with_bom[3:] == without
    assert without.decode("utf-8") == "name,total\r\nJosé Núñez,3\r\nZoë Weiß,4\r\n"
    assert with_bom.decode("utf-8-sig") == without.decode("utf-8")


def test_a_newline_inside_a_cell_stays_in_the_cell(tmp_path):
    path = write_csv(tmp_path / "g.csv", ["detail"], [["line one\nline two"]])
    with open(path, newline="", encoding="utf-8") as fh:
        assert list(csv.reader(fh))[1] == ["line one\nline two"]


def test_the_detail_is_never_cut():
    long = "The check said: " + "word " * 400
    assert one_line(long) == " ".join(long.split())
    assert len(one_line(long)) > 2000
    assert one_line("abc " * 40, 20) == "abc abc abc abc a..."  # a limit only when asked
    (row,) = rows_for_all("ana", "nb.ipynb", [type("Ex", (), {"name": "q1", "points": 1})()],
                           "invalid_notebook", long)
    assert row.row()["detail"] == " ".join(long.split())


# ----------------------------------------------------------------------------- roster


def test_roster_reads_a_spreadsheet_export(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes("\ufeffStudent ID,Name,Email address,LMS id,section\r\n"
                     "ana,José Núñez,ana@example.edu,101,A\r\n"
                     ",,,,\r\n"
                     "ben,Ben Okafor,,102,B\r\n".encode())
    assert read_roster(path) == [Student("ana", "José Núñez", "ana@example.edu", "101"),
                                 Student("ben", "Ben Okafor", "", "102")]


@pytest.mark.parametrize("text, message", [
    ("name,email\nAna,a@x\n", r"no student id column; its columns are \['name', 'email'\]"),
    ("student_id,name\nana,Ana\nANA,Ana again\n", r"row 3: student id 'ANA' is already on row 2"),
    ("student_id,name\n,Ana\n", "row 2: the student id is empty"),
    ("", "is empty; it needs a header row"),
])
def test_a_broken_roster_says_what_and_where(tmp_path, text, message):
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        read_roster(path)


def test_a_roster_in_a_legacy_encoding_is_refused_with_the_fix(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes("student_id,name\nana,José\n".encode("cp1252"))
    with pytest.raises(ValueError, match=r"not UTF-8.*'CSV UTF-8'"):
        read_roster(path)
    with pytest.raises(FileNotFoundError, match="No roster at"):
        read_roster(tmp_path / "none.csv")


# ---------------------------------------------------------------------- notebook names


@pytest.mark.parametrize("filename", [
    f"{NB04}.ipynb",
    f"{NB04} (1).ipynb",
    f"{NB04}(2).ipynb",
    f"{NB04} copy.ipynb",
    f"{NB04} copy 2.ipynb",
    f"{NB04} - Copy.ipynb",
    f"{NB04} - Copy (3).ipynb",
    f"Copy of {NB04}.ipynb",
    f"{NB04}-1.ipynb",
    f"{NB04}-2 (1).ipynb",
    f"Downloads/{NB04} (1).ipynb",
    f"week 4\\Downloads\\{NB04}.ipynb",
    f"{NB04}.IPYNB",
])
def test_decorated_names_give_one_notebook_id(filename):
    assert notebook_id(filename) == (NB04, "")
    assert notebook_id(filename, [NB04, NB05]) == (NB04, "")


@pytest.mark.parametrize("filename", [
    "04-arms-control-and-new-start.ipynb",
    "04 Arms Control and New START.ipynb",
    "04_Arms_Control_and_New_START (1).ipynb",
])
def test_known_ids_match_whatever_the_case_and_separators(filename):
    assert notebook_id(filename, [NB04, NB05]) == (NB04, "")


def test_a_renamed_notebook_is_matched_by_its_number_and_the_guess_said():
    nb_id, note = notebook_id("04 my answers.ipynb", [NB04, NB05])
    assert nb_id == NB04
    assert note == (f"its name does not match {NB04!r}; taken as that notebook by its "
                    "number 04")
    # No guess when the number names no notebook of the assignment, or when it is unknown.
    assert notebook_id("06 my answers.ipynb", [NB04, NB05]) == ("06 my answers", "")
    assert notebook_id("my answers.ipynb", [NB04]) == ("my answers", "")


def test_a_known_name_ending_in_digits_is_kept():
    assert notebook_id("Part-2.ipynb", ["Part-2", "Part-3"]) == ("Part-2", "")
    assert notebook_id("Part-2 (1).ipynb", ["Part-2", "Part-3"]) == ("Part-2", "")


# ------------------------------------------------------------------- discovery and plan


def _touch(path: Path, modified: float, text: str = "{}") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.utime(path, (modified, modified))
    return path


@pytest.fixture
def class_folder(tmp_path):
    subs = tmp_path / "subs"
    _touch(subs / "ana" / "Downloads" / f"{NB04}.ipynb", 1000)
    _touch(subs / "ana" / f"{NB05}.ipynb", 1000)
    _touch(subs / "ana" / ".ipynb_checkpoints" / f"{NB04}-checkpoint.ipynb", 1000)
    _touch(subs / "ana" / "__MACOSX" / f"._{NB04}.ipynb", 1000)
    _touch(subs / "dan" / f"{NB04}.ipynb", 1000)
    _touch(subs / "dan" / f"{NB04} (1).ipynb", 2000)  # the newer copy
    _touch(subs / "dan" / "notes.pdf", 1000)
    _touch(subs / "cleo" / f"{NB05}.ipynb", 1000)  # the wrong notebook
    _touch(subs / "Zoe" / f"{NB04}.ipynb", 1000)  # the roster says "zoe"
    _touch(subs / "stranger" / f"{NB04}.ipynb", 1000)
    _touch(subs / f"{NB04}.ipynb", 1000)  # loose: whose?
    _touch(subs / ".DS_Store", 1000)
    return subs


ROSTER = [Student("ana", "José Núñez"), Student("ben", "Ben Okafor"),
          Student("cleo", "Cleo Martin"), Student("dan", "Dan Weiß"), Student("zoe", "Zoë")]


def test_discover_finds_notebooks_others_and_loose_files(class_folder):
    found = discover(class_folder, [NB04, NB05])
    assert sorted(found.folders) == ["Zoe", "ana", "cleo", "dan", "stranger"]
    assert [(s.label, s.notebook_id) for s in found.folders["ana"]] == [
        (f"{NB05}.ipynb", NB05), (f"Downloads/{NB04}.ipynb", NB04)]
    assert [s.label for s in found.folders["dan"]] == [f"{NB04} (1).ipynb", f"{NB04}.ipynb"]
    assert found.others == {"dan": ["notes.pdf"]}
    assert found.loose == [f"{NB04}.ipynb"]


def test_plan_with_roster_and_assignment(class_folder):
    plans = plan(discover(class_folder, [NB04]), roster=ROSTER, expected=[NB04])
    by_id = {p.student_id: p for p in plans}
    assert [p.student_id for p in plans] == ["ana", "ben", "cleo", "dan", "zoe", "stranger"]
    assert [p.on_roster for p in plans] == [True] * 5 + [False]

    assert {k: v.label for k, v in by_id["ana"].graded.items()} == {
        NB04: f"Downloads/{NB04}.ipynb"}
    assert by_id["ana"].notes == [f"'{NB05}.ipynb' is not a notebook of this assignment "
                                  f"({NB04}); it was not graded"]
    assert by_id["ben"].graded == {} and by_id["ben"].missing == [NB04]
    assert by_id["ben"].notes == ["no folder in the submissions: nothing was handed in"]
    assert by_id["cleo"].graded == {} and by_id["cleo"].missing == [NB04]
    assert [s.label for s in by_id["cleo"].unexpected] == [f"{NB05}.ipynb"]
    assert by_id["cleo"].notes == [f"{NB04} was not handed in",
                                   f"'{NB05}.ipynb' is not a notebook of this assignment "
                                   f"({NB04}); it was not graded"]
    assert by_id["dan"].graded[NB04].label == f"{NB04} (1).ipynb"  # the newest
    assert by_id["dan"].notes == [
        f"2 copies of {NB04}: graded the newest, '{NB04} (1).ipynb'; not graded: "
        f"'{NB04}.ipynb'",
        "'notes.pdf' is not a notebook (.ipynb); it was not graded"]
    assert by_id["zoe"].folder == "Zoe" and NB04 in by_id["zoe"].graded
    assert by_id["stranger"].notes == ["the folder 'stranger' is not on the roster: check "
                                       "the name, or add the student to the roster"]
    assert NB04 in by_id["stranger"].graded  # reported, not dropped


def test_plan_without_assignment_expects_what_anyone_handed_in(class_folder):
    plans = {p.student_id: p for p in plan(discover(class_folder))}
    assert sorted(plans) == ["Zoe", "ana", "cleo", "dan", "stranger"]
    assert all(p.on_roster for p in plans.values())
    assert plans["cleo"].missing == [NB04] and list(plans["cleo"].graded) == [NB05]
    assert plans["ana"].missing == []


def test_same_second_copies_are_ranked_by_their_suffix(tmp_path):
    subs = tmp_path / "subs"
    for name in (f"{NB04}.ipynb", f"{NB04}-1.ipynb", f"{NB04}-2.ipynb"):
        _touch(subs / "ana" / name, 1000)  # unzipped: one time for all
    (ana,) = plan(discover(subs, [NB04]), expected=[NB04])
    assert ana.graded[NB04].label == f"{NB04}-2.ipynb"


# ---------------------------------------------------------------------------- summary


def _result(student, nb_id, outcomes, problem="", **kwargs):
    """A NotebookResult with one row per (exercise, outcome, points, max points)."""
    rows = [ExerciseResult(student, f"{nb_id}.ipynb", name, outcome, points, max_points,
                           f"{name} {outcome}", f"**{outcome}** for `{name}`",
                           prompt=f"Question {name[1:]}?")
            for name, outcome, points, max_points in outcomes]
    return NotebookResult(student, f"{nb_id}.ipynb", rows, problem=problem, **kwargs)


EXERCISES = {NB04: [("q1", 1.0), ("q2", 2.0), ("q3", 0.0)], NB05: [("q1", 1.0)]}


@pytest.fixture
def graded_class(tmp_path):
    subs = tmp_path / "subs"
    for student in ("ana", "dan", "eve", "=HYPERLINK(1)"):
        _touch(subs / student / f"{NB04}.ipynb", 1000)
    _touch(subs / "ana" / f"{NB05}.ipynb", 1000)
    _touch(subs / "eve" / f"{NB05}.ipynb", 1000)
    _touch(subs / "fay" / f"{NB05}.ipynb", 1000)
    roster = [Student("ana", "José Núñez", "ana@example.edu"), Student("ben"),
              Student("dan"), Student("eve"), Student("fay")]
    plans = plan(discover(subs, list(EXERCISES)), roster=roster, expected=list(EXERCISES))
    results = {
        ("ana", NB04): _result("ana", NB04, [("q1", "correct", 1, 1), ("q2", "correct", 2, 2),
                                             ("q3", "correct", 0, 0)]),
        ("ana", NB05): _result("ana", NB05, [("q1", "correct", 1, 1)]),
        ("dan", NB04): _result("dan", NB04, [("q1", "correct", 1, 1),
                                             ("q2", "incorrect", 0, 2),
                                             ("q3", "not_attempted", 0, 0)]),
        ("eve", NB04): _result("eve", NB04, [(q, "invalid_notebook", 0, p)
                                             for q, p in EXERCISES[NB04]],
                               problem="not valid JSON"),
        ("eve", NB05): _result("eve", NB05, [("q1", "timeout", 0, 1)]),
        ("fay", NB05): _result("fay", NB05, [], grader_failed=True),
        ("=HYPERLINK(1)", NB04): _result("=HYPERLINK(1)", NB04, [("q1", "correct", 1, 1),
                                                                 ("q2", "correct", 2, 2),
                                                                 ("q3", "correct", 0, 0)]),
    }
    return plans, results


def test_summary_has_one_row_per_student_and_every_cell_right(graded_class):
    plans, results = graded_class
    header, rows = summary_table(plans, results, EXERCISES)
    assert header == ["student_id", "name", "email", "04 Exercise 1", "04 Exercise 2",
                      "04 Exercise 3 (reflection)", "05 Exercise 1", "total", "maximum",
                      "percent", "status", "notes"]
    assert rows == [
        ["ana", "José Núñez", "ana@example.edu", 1, 2, "answered", 1, 4, 4, "100.0",
         "graded", ""],
        ["ben", "", "", "", "", "", "", 0, 4, "0.0", "missing",
         "no folder in the submissions: nothing was handed in"],
        ["dan", "", "", 1, 0, "not attempted", "", 1, 4, "25.0", "partly missing",
         f"{NB05} was not handed in"],
        ["eve", "", "", 0, 0, "invalid notebook", 0, 0, 4, "0.0", "invalid", ""],
        ["fay", "", "", "", "", "", "", 0, 4, "0.0", "grader error",
         f"{NB04} was not handed in"],
        ["=HYPERLINK(1)", "", "", 1, 2, "answered", "", 3, 4, "75.0", "partly missing",
         "the folder '=HYPERLINK(1)' is not on the roster: check the name, or add the "
         f"student to the roster; {NB05} was not handed in"],
    ]
    assert set(gradebook.STATUSES) >= {row[10] for row in rows}


def test_summary_csv_escapes_the_formula_folder(graded_class, tmp_path):
    plans, results = graded_class
    header, rows = summary_table(plans, results, EXERCISES)
    text = write_csv(tmp_path / "s.csv", header, rows).read_text(encoding="utf-8")
    last = list(csv.reader(io.StringIO(text)))[-1]
    assert last[0] == "'=HYPERLINK(1)"
    assert "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text


def test_the_maximum_is_the_assignments_whatever_was_handed_in(graded_class):
    plans, results = graded_class
    _, rows = summary_table(plans, results, EXERCISES)
    assert {row[8] for row in rows} == {4}


# --------------------------------------------------------------------------- feedback


def test_feedback_names_exercises_and_does_not_count_reflections(graded_class):
    plans, results = graded_class
    dan = next(p for p in plans if p.student_id == "dan")
    text = feedback_markdown(dan, results, EXERCISES)
    assert text.startswith("# Feedback for dan\n")
    assert ("1 of 4 points: 1 of 3 exercises correct; 0 of 1 reflection(s) answered "
            "(reflections earn no points: bring them to the discussion).") in text
    assert f"## {NB04}: 1 of 3 points" in text
    assert "| Exercise 2 | incorrect | 0 of 2 |" in text
    assert "| Exercise 3 (reflection) | not attempted | not counted |" in text
    assert "### Exercise 2: incorrect\n\n> Question 2?\n\n**incorrect** for `q2`" in text
    assert f"## {NB05}: not received" in text
    assert "cell" not in text.lower().replace("exercise", "")


def test_feedback_for_a_student_who_handed_in_nothing(graded_class):
    plans, results = graded_class
    ben = next(p for p in plans if p.student_id == "ben")
    text = feedback_markdown(ben, results, EXERCISES)
    assert "0 of 4 points: 0 of 3 exercises correct." in text
    assert text.count("not received") == 2


def test_feedback_html_is_a_whole_accessible_page(graded_class):
    plans, results = graded_class
    ana = next(p for p in plans if p.student_id == "ana")
    results = dict(results)
    hostile = _result("ana", NB05, [("q1", "incorrect", 0, 1)])
    hostile.results[0].feedback = "<script>alert(1)</script> **Not yet.**"
    results[("ana", NB05)] = hostile
    page = feedback_html(ana, results, EXERCISES)
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert "{{" not in page and "th,td{border:1px solid #767676" in page  # the CSS applies
    assert "<title>Feedback for José Núñez (ana)</title>" in page
    assert "<h1>Feedback for José Núñez (ana)</h1>" in page
    assert '<th scope="col">Exercise</th>' in page
    assert '<th scope="row">Exercise 3 (reflection)</th><td>answered</td><td>not counted</td>' \
        in page
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <strong>Not yet.</strong>" in page
    # The same blocks as the Markdown: every heading of one is in the other.
    markdown = feedback_markdown(ana, results, EXERCISES)
    for line in markdown.splitlines():
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            assert f"<h{level}>{line.lstrip('# ')}</h{level}>" in page


# --------------------------------------------------------------------------- progress


def test_describe_cell_counts_code_cells_only():
    nb = {"cells": [
        {"cell_type": "markdown", "source": "# Title"},
        {"cell_type": "code", "source": "import summitlib"},
        {"cell_type": "markdown", "source": "### Exercise 1"},
        {"cell_type": "code", "source": "answer_1 = 2",
         "metadata": {"summitlib": {"exercise": "q1", "role": "answer"}}},
        {"cell_type": "code", "source": "ex.q1.check(answer_1)",
         "metadata": {"summitlib": {"exercise": "q1", "role": "check"}}},
        {"cell_type": "markdown", "source": "Now a loop"},
        {"cell_type": "code", "source": "while True: pass"},
    ]}
    assert [describe_cell(nb, i) for i in (1, 3, 4, 6)] == [
        "code cell 1", "the answer cell of Exercise 1", "the check cell of Exercise 1",
        "code cell 4 (after Exercise 1)"]


@pytest.mark.parametrize("elapsed, done, total, left", [
    (30.0, 3, 12, 90.0), (10.0, 0, 12, None), (40.0, 4, 4, 0.0), (5.0, 1, 2, 5.0)])
def test_estimate_left(elapsed, done, total, left):
    assert estimate_left(elapsed, done, total) == left


def test_a_notebook_few_handed_in_is_flagged_when_no_assignment_is_given(tmp_path, capsys):
    from summitlib.__main__ import main

    subs = tmp_path / "subs"
    for student in ("ana", "ben", "cleo"):
        _touch(subs / student / f"{NB04}.ipynb", 1000, "not json")
    _touch(subs / "cleo" / "Untitled.ipynb", 1000, "not json")
    plans = plan(discover(subs))
    assert classlist.rarely_handed_in(plans) == [("Untitled", 1, 3)]
    assert [p.missing for p in plans] == [["Untitled"], ["Untitled"], []]
    assert main(["grade", str(subs), "--out", str(tmp_path / "g.csv"), "--quiet"]) == 0
    assert ("only 1 of 3 students handed in 'Untitled', yet it counts for everyone; name the "
            "assignment's notebooks with --assignment") in capsys.readouterr().err
    assert classlist.rarely_handed_in(plan(discover(subs), expected=[NB04])) == []


def test_the_worked_example_in_the_docs_matches_the_exercises_of_today():
    # docs/example-class/ is generated by its build.py; when an exercise's prompt or points
    # change, rebuild it (python docs/example-class/build.py) so the docs do not drift.
    from summitlib.exercises import nb04, nb05

    example = Path(__file__).resolve().parents[1] / "docs" / "example-class" / "grades"
    text = (example / "details-feedback" / "ana.md").read_text(encoding="utf-8")
    quoted = [line[2:] for line in text.splitlines() if line.startswith("> ")]
    prompts = [" ".join(ex.prompt.split()) for module in (nb04, nb05) for ex in module.EXERCISES]
    assert quoted == prompts, "rebuild docs/example-class: python docs/example-class/build.py"
    with open(example / "summary.csv", newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    total = sum(ex.points for module in (nb04, nb05) for ex in module.EXERCISES)
    assert {row["maximum"] for row in rows} == {str(int(total))}
    assert [row["status"] for row in rows] == ["graded", "missing", "partly missing", "graded"]
