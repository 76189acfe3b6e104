"""The marking view (summitlib.instructor.marking) in Python, and the `summitlib mark` /
`grade --marks` commands. The same view in JupyterLab, by keyboard, is in
tests/browser/test_browser_marking.py.
"""

import csv

import pytest

import summitlib.instructor
from summitlib.__main__ import main
from summitlib.instructor.marking import MarkingView, ordered_answers, progress, resolve_exercise

NB = "04-Arms-Control-and-New-START.ipynb"
ANSWERS = {
    "ali": "The CRS Insight gives the offer in one sentence; CGTN adds the conditions.",
    "bea": None,  # left as the placeholder
    "cem": "md:Putin's offer looks conditional in CGTN (paragraphs 51-52).",
    "dan": "A short answer.",
}


def _rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_instructor_module_exports_mark():
    assert summitlib.instructor.mark is summitlib.instructor.marking.mark


def test_exercise_names_are_checked():
    assert resolve_exercise("04:q5").prompt.startswith("According to CGTN, Putin's readiness")
    assert resolve_exercise("nb4:q5") is resolve_exercise("04:q5")
    with pytest.raises(ValueError, match=r"must be a written exercise, one of \['02:q6'.*"
                                         r"Got '04:q1' instead"):
        resolve_exercise("04:q1")
    with pytest.raises(ValueError, match="such as '04:q5'"):
        resolve_exercise("q5")


def test_view_shows_each_answer_with_the_guide_and_saves_every_mark(written_class, tmp_path):
    root = written_class(ANSWERS)
    marks = tmp_path / "marks.csv"
    view = MarkingView(root, "04:q5", marks=marks, marker="kim")
    assert [a.student for a in view.answers] == ["ali", "bea", "cem", "dan"]
    assert view.current.student == "ali" and view.progress_text == "0 of 4 marked"
    assert "The CRS Insight gives the offer in one sentence" in view.answer.value
    guide = view.widget.children[3].children[1].value
    # The guide's passages: the CRS text itself, CGTN in our words.
    assert "CRS Insight, paragraph 11." in guide and "is prepared to extend" in guide
    assert "CGTN, paragraph 52</strong> (our summary" in guide
    assert list(view.controls) == ["evidence", "reasoning", "attribution"]
    assert view.previous.disabled and not view.next.disabled

    view.controls["evidence"].value = 2
    view.controls["reasoning"].value = 1
    view.controls["attribution"].value = 1
    view.comment.value = "Name the paragraph."
    assert view.progress_text == "1 of 4 marked"
    rows = _rows(marks)
    assert [(r["student"], r["criterion"], r["points"], r["comment"], r["marker"]) for r in rows
            ] == [("ali", "evidence", "2", "", "kim"), ("ali", "reasoning", "1", "", "kim"),
                  ("ali", "attribution", "1", "", "kim"),
                  ("ali", "", "", "Name the paragraph.", "kim")]
    assert {r["notebook"] for r in rows} == {NB}

    view.next.click()
    assert view.current.student == "bea" and "(empty: nothing written)" in view.answer.value
    assert all(t.value is None for t in view.controls.values()) and view.comment.value == ""

    # Reopening resumes at the first answer not fully marked, with the marks shown.
    again = MarkingView(root, "04:q5", marks=marks)
    assert again.current.student == "bea" and again.progress_text == "1 of 4 marked"
    again.go(-1)
    assert again.controls["evidence"].value == 2 and again.comment.value == "Name the paragraph."


def test_filters_for_unmarked_and_empty_answers(written_class, tmp_path):
    view = MarkingView(written_class(ANSWERS), "04:q5", marks=tmp_path / "m.csv")
    for name in view.controls:
        view.controls[name].value = 1
    view.filter.value = "Unmarked"
    assert [a.student for a in view.visible] == ["bea", "cem", "dan"]
    view.filter.value = "Empty"
    assert [a.student for a in view.visible] == ["bea"]
    assert view.previous.disabled and view.next.disabled


def test_blind_marking_hides_names_and_keeps_its_shuffled_order(written_class, tmp_path):
    root = written_class({f"student{i:02d}": f"Answer number {i}." for i in range(12)})
    view = MarkingView(root, "04:q5", marks=tmp_path / "m.csv", blind=True, seed=7)
    order = [a.student for a in view.answers]
    assert order != sorted(order)
    assert order == [a.student for a in ordered_answers(view.answers, blind=True, seed=7)]
    assert order == [a.student
                     for a in MarkingView(root, "04:q5", marks=tmp_path / "m.csv", blind=True,
                                          seed=7).answers]
    shown = view.answer.value + view.progress.value
    assert "Answer 1" in shown and not any(name in shown for name in order)


def test_a_changed_answer_is_flagged_in_the_view(written_class, tmp_path):
    marks = tmp_path / "m.csv"
    view = MarkingView(written_class({"ali": "First version of the answer."}), "04:q5",
                       marks=marks)
    for name in view.controls:
        view.controls[name].value = 1
    root = written_class({"ali": "A second version, written after the marking."})
    again = MarkingView(root, "04:q5", marks=marks)
    assert again.progress_text == "0 of 1 marked"
    assert "changed after it was marked" in again.answer.value


def test_mark_command_prints_how_to_open_the_view(written_class, tmp_path, capsys):
    root = written_class(ANSWERS)
    assert main(["mark", str(root), "--exercise", "04:q5", "--blind", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("0 of 4 marked for 04:q5; marks file: ")
    assert (f"summitlib.instructor.mark({str(root)!r}, exercise='04:q5', marks="
            f"{str(tmp_path / 'marks.csv')!r}, blind=True, seed=3)") in out
    assert progress(root, "04:q5") == (0, 4)
    assert main(["mark", str(root), "--exercise", "04:q1"]) == 2
    assert "must be a written exercise" in capsys.readouterr().err
    assert main(["mark", str(tmp_path / "none"), "--exercise", "04:q5"]) == 2


def test_mark_command_names_a_notebook_outside_every_student_folder(written_class, capsys):
    root = written_class(ANSWERS)
    loose = root / "04-Arms-Control-and-New-START.ipynb"
    loose.write_text("{}", encoding="utf-8")
    assert main(["mark", str(root), "--exercise", "04:q5"]) == 0
    err = capsys.readouterr().err
    assert f"{loose} is outside every student's folder, so it was not shown for marking" in err


def test_grade_refuses_a_missing_marks_file_before_running_anything(written_class, tmp_path,
                                                                    capsys):
    root = written_class({"ali": ANSWERS["ali"]})
    gradebook = tmp_path / "grades.csv"
    assert main(["grade", str(root), "--out", str(gradebook), "--marks",
                 str(tmp_path / "nope.csv")]) == 2
    assert "No marks file" in capsys.readouterr().err and not gradebook.exists()


@pytest.mark.slow
def test_grade_with_marks_puts_them_in_the_gradebook_and_feedback(written_class, tmp_path,
                                                                  capsys):
    root = written_class({"ali": ANSWERS["ali"], "bea": None})
    view = MarkingView(root, "04:q5", marks=tmp_path / "marks.csv")
    for name, points in {"evidence": 2, "reasoning": 2, "attribution": 0}.items():
        view.controls[name].value = points
    view.comment.value = "Keep Putin's own verb."
    gradebook = tmp_path / "grades.csv"
    assert main(["grade", str(root), "--out", str(gradebook), "--quiet",
                 "--marks", str(tmp_path / "marks.csv")]) == 0
    rows = {(r["student"], r["exercise"]): r for r in _rows(gradebook)}
    assert (rows[("ali", "q5")]["outcome"], rows[("ali", "q5")]["points"],
            rows[("ali", "q5")]["max_points"]) == ("marked", "4", "5")
    assert rows[("bea", "q5")]["points"] == "0"
    feedback = (tmp_path / "grades-feedback" / "ali.md").read_text()
    assert "### Exercise 5: marked" in feedback
    assert "Marked by hand: 4 of 5 points." in feedback
    assert "- Attribution: 0 of 1." in feedback and "Comment: Keep Putin's own verb." in feedback


def test_the_marks_of_the_answer_shown_are_also_in_words(written_class, tmp_path):
    view = MarkingView(written_class(ANSWERS), "04:q5", marks=tmp_path / "m.csv")
    assert "This answer: not marked yet." in view.progress.value
    view.controls["evidence"].value = 2
    assert view.current_marks_text == ("This answer: evidence 2/2, reasoning -/2, "
                                       "attribution -/1 (2 of 5 points).")
    assert view.current_marks_text in view.progress.value
