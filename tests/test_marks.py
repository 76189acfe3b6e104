"""The marks file (summitlib.instructor.marks): atomic writes, resuming, the changed-answer flag,
merging."""

import csv
import os

import pytest

from summitlib.exercises import get_module
from summitlib.instructor import tables
from summitlib.instructor.marks import (
    COMMENT_ROW,
    MARKS_COLUMNS,
    MarksFile,
    mark_results,
    merge_marks,
    notebook_number,
)
from summitlib.instructor.written_answers import answer_hash

NB = "04-Arms-Control-and-New-START.ipynb"
Q = get_module("nb04").q5
RUBRIC = {("04", "q5"): Q.rubric}


def _rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_mark_is_saved_at_once_with_its_columns(tmp_path):
    path = tmp_path / "marks.csv"
    marks = MarksFile(path)
    marks.set("ali", NB, "q5", "evidence", points=2, marker="kim", answer_hash="abc")
    rows = _rows(path)
    assert list(rows[0]) == list(MARKS_COLUMNS)
    assert rows[0] | {"time": ""} == {"student": "ali", "notebook": NB, "exercise": "q5",
                                      "criterion": "evidence", "points": "2", "comment": "",
                                      "marker": "kim", "time": "", "answer_hash": "abc"}
    assert rows[0]["time"].endswith("Z")
    marks.set("ali", NB, "q5", COMMENT_ROW, comment="Cite paragraph 52.", answer_hash="abc")
    marks.set("ali", NB, "q5", "evidence", points=1, answer_hash="abc")  # changed, not added
    rows = _rows(path)
    assert [(r["criterion"], r["points"], r["comment"]) for r in rows] == [
        ("evidence", "1", ""), ("", "", "Cite paragraph 52.")]


def test_reopening_resumes_with_every_mark(tmp_path):
    path = tmp_path / "marks.csv"
    MarksFile(path).set("ali", NB, "q5", "reasoning", points=2, answer_hash="h1")
    MarksFile(path).set("bea", "nb04", "q5", COMMENT_ROW, comment="Good.", answer_hash="h2")
    again = MarksFile(path)
    assert again.answer_marks("ali", "nb04", "q5") == {
        "points": {"reasoning": 2}, "comment": "", "answer_hash": "h1"}
    assert again.answer_marks("bea", NB, "q5")["comment"] == "Good."


def test_a_crash_while_saving_leaves_the_last_saved_file(tmp_path, monkeypatch):
    path = tmp_path / "marks.csv"
    marks = MarksFile(path)
    marks.set("ali", NB, "q5", "evidence", points=2)
    before = path.read_text()

    def crash(*args):
        raise OSError("disk full")

    monkeypatch.setattr(tables.os, "replace", crash)  # every atomic write goes through tables
    with pytest.raises(OSError, match="disk full"):
        marks.set("bea", NB, "q5", "evidence", points=1)
    assert path.read_text() == before
    assert os.listdir(tmp_path) == ["marks.csv"], "no temporary file is left behind"


def test_a_file_that_is_not_a_marks_file_is_refused_with_its_name(tmp_path):
    path = tmp_path / "grades.csv"
    path.write_text("student,notebook,exercise,outcome\n")
    with pytest.raises(ValueError, match=r"grades\.csv is not a marks file"):
        MarksFile(path)
    path.write_text(",".join(MARKS_COLUMNS) + "\nali,nb04,q5,evidence,two,,,,\n")
    with pytest.raises(ValueError, match=r"row 2: points 'two' is not a whole number"):
        MarksFile(path)
    with pytest.raises(ValueError, match="whole number of 0 or more"):
        MarksFile(tmp_path / "new.csv").set("ali", NB, "q5", "evidence", points=-1)


def test_notebook_numbers():
    assert notebook_number(NB) == notebook_number("nb04") == "04"
    assert notebook_number("sub/09-Comparing-the-Sources.ipynb") == "09"


def _mark(student, points, comment="", digest="h"):
    rows = [{"student": student, "notebook": NB, "exercise": "q5", "criterion": name,
             "points": str(p), "comment": "", "marker": "kim", "time": "", "answer_hash": digest}
            for name, p in points.items()]
    if comment:
        rows.append({"student": student, "notebook": NB, "exercise": "q5", "criterion": "",
                     "points": "", "comment": comment, "marker": "kim", "time": "",
                     "answer_hash": digest})
    return rows


def test_merge_gives_points_rubric_lines_and_comment():
    marks = _mark("ali", {"evidence": 2, "reasoning": 1, "attribution": 1}, "Name paragraph 52.")
    marks += _mark("bea", {"evidence": 1})
    [ali, bea, cem] = merge_marks(marks, [("ali", NB, "q5", "h"), ("bea", "nb04", "q5", "h"),
                                          ("cem", NB, "q5", "h")], RUBRIC)
    assert (ali.status, ali.points, ali.max_points, ali.comment) == (
        "marked", 4.0, 5.0, "Name paragraph 52.")
    assert [(c, p, of) for c, p, of, _ in ali.lines] == [
        ("evidence", 2, 2), ("reasoning", 1, 2), ("attribution", 1, 1)]
    assert "- Evidence: 2 of 2. Compares what each document reports" in ali.feedback_text()
    assert "Comment: Name paragraph 52." in ali.feedback_text()
    assert ali.detail() == ("marked: evidence 2/2, reasoning 1/2, attribution 1/1; comment: "
                            "Name paragraph 52.")
    assert (bea.status, bea.points) == ("partly_marked", 1.0)
    assert (cem.status, cem.points) == ("unmarked", 0.0)


def test_a_mark_for_an_answer_that_changed_is_flagged_not_counted():
    marks = _mark("ali", {"evidence": 2, "reasoning": 2, "attribution": 1},
                  digest=answer_hash("The first version."))
    [now] = merge_marks(marks, [("ali", NB, "q5", answer_hash("A second, longer version."))],
                        RUBRIC)
    assert (now.status, now.points) == ("changed", 0.0)
    assert "changed after it was marked" in now.detail()
    [same] = merge_marks(marks, [("ali", NB, "q5", answer_hash("The  first\nversion."))], RUBRIC)
    assert (same.status, same.points) == ("marked", 5.0)


def test_merge_needs_the_rubric_of_each_answer():
    with pytest.raises(ValueError, match="No rubric for notebook 05, exercise q6"):
        merge_marks([], [("ali", "nb05", "q6", "h")], RUBRIC)


def test_mark_results_puts_the_marks_into_the_graders_results(tmp_path, written_class):
    from summitlib.instructor import ExerciseResult, NotebookResult

    root = written_class({"ali": "An answer about the offer and its conditions.",
                          "bea": "Another answer.", "cem": "Not marked yet."})

    def graded(student):
        return NotebookResult(student, NB, [
            ExerciseResult(student, NB, "q1", "correct", 1.0, 1.0, "right"),
            ExerciseResult(student, NB, "q5", "correct", 0.0, 5.0, "written", "Saved.")])

    results = [graded("ali"), graded("bea"), graded("cem")]
    marks = MarksFile(tmp_path / "marks.csv")
    digest = answer_hash("An answer about the offer and its conditions.")
    for name, points in {"evidence": 2, "reasoning": 1, "attribution": 1}.items():
        marks.set("ali", NB, "q5", name, points=points, answer_hash=digest)
    marks.set("ali", NB, "q5", COMMENT_ROW, comment="Quote paragraph 52.", answer_hash=digest)
    marks.set("bea", NB, "q5", "evidence", points=2, answer_hash=answer_hash("Old text."))

    merged = mark_results(results, tmp_path / "marks.csv", root,
                          paths={("ali", NB): root / "ali" / NB})
    assert [(m.student, m.status) for m in merged] == [
        ("ali", "marked"), ("bea", "changed"), ("cem", "unmarked")]
    ali, bea, cem = (nb.results for nb in results)
    assert (ali[0].outcome, ali[0].points) == ("correct", 1.0)  # other exercises untouched
    assert (ali[1].outcome, ali[1].points, ali[1].max_points) == ("marked", 4.0, 5.0)
    assert ali[1].detail.startswith("marked: evidence 2/2, reasoning 1/2, attribution 1/1")
    assert ali[1].feedback.startswith("Marked by hand: 4 of 5 points.")
    assert "Comment: Quote paragraph 52." in ali[1].feedback
    assert (bea[1].outcome, bea[1].points) == ("changed_since_marked", 0.0)
    assert "will mark it again" in bea[1].feedback
    assert (cem[1].outcome, cem[1].points, cem[1].detail) == (
        "correct", 0.0, "written (written answer, not marked yet)")
    with pytest.raises(FileNotFoundError, match="No marks file"):
        mark_results(results, tmp_path / "missing.csv", root)
