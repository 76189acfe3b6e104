"""Written exercises (summitlib.exercises._written) and reading their answers from notebooks."""

import json
import re
from pathlib import Path

import pytest

from summitlib.datasets import load_passages, load_source_text
from summitlib.exercises import Criterion, GuidePoint, WrittenExercise, get_module
from summitlib.instructor.marks import written_exercises
from summitlib.instructor.written_answers import (
    RELEASE_PROMPT,
    answer_from_code,
    answer_hash,
    collect_answers,
    read_answer,
)

REPO = Path(__file__).resolve().parents[1]
WRITTEN = written_exercises()


def test_every_topic_notebook_has_a_marked_written_answer():
    assert sorted({number for number, _ in WRITTEN}) == [f"{n:02d}" for n in range(2, 10)]
    for q in WRITTEN.values():
        assert q.points == sum(c.points for c in q.rubric) > 0


@pytest.mark.parametrize("key", sorted(WRITTEN), ids=lambda k: f"{k[0]}:{k[1]}")
def test_the_notebook_shows_the_prompt_and_rubric_the_exercise_declares(key):
    q = WRITTEN[key]
    path = next((REPO / "notebooks").glob(f"{key[0]}-*.ipynb"))
    markdown = ["".join(c["source"]) for c in json.loads(path.read_text())["cells"]
                if c["cell_type"] == "markdown"]
    shown = [m for m in markdown if q.prompt in m]
    assert len(shown) == 1, f"{path.name} should show the prompt of {q.name} once"
    assert q.rubric_markdown() in shown[0]
    # The marking guide is for markers: never in the student's notebook.
    for point in q.marking_guide:
        assert point.text not in "\n".join(markdown)


@pytest.mark.parametrize("key", sorted(WRITTEN), ids=lambda k: f"{k[0]}:{k[1]}")
def test_guide_paragraphs_exist_and_are_body_text(key):
    crs = set(load_source_text("crs")["paragraph"])
    passages = load_passages()
    cgtn = passages[passages["source_id"].astype(str) == "cgtn"]
    body = set(cgtn.loc[cgtn["passage_kind"].astype(str) == "paragraph", "paragraph"])
    for source_id, number in WRITTEN[key].source_paragraphs():
        assert number in (crs if source_id == "crs" else body), (source_id, number)


def test_the_new_start_guide_rests_on_what_the_sources_say():
    q = get_module("nb04").q5
    crs = load_source_text("crs").set_index("paragraph")["text"]
    # The CRS Insight gives the offer in one sentence of paragraph 11 ...
    assert '"is prepared to extend" the New START Treaty' in crs[11]
    assert ("crs", 11) in q.source_paragraphs()
    # ... CGTN's conditions are in paragraphs 51 and 52.
    assert {("cgtn", 51), ("cgtn", 52)} <= set(q.source_paragraphs())
    assert q.marking_guide[1].locators() == "CGTN, paragraphs 50-51"


def test_written_answer_reports_no_points_from_the_kernel():
    q = get_module("nb04").q5
    feedback = q.evaluate("The CRS Insight gives the offer in one sentence, CGTN adds the "
                          "conditions, so a reader of CGTN sees a conditional offer and a reader "
                          "of the CRS Insight an open one.")
    assert feedback.outcome == "correct"
    assert (feedback.points, feedback.max_points) == (0, 5)
    assert q.evaluate("Too short.").outcome == "incorrect"


def test_a_rubric_and_guide_are_required_and_checked():
    with pytest.raises(ValueError, match="needs a rubric"):
        WrittenExercise(name="q9", prompt="?", marking_guide=[GuidePoint("x")])
    with pytest.raises(ValueError, match="whole number of 1 or more"):
        Criterion("evidence", 0, "Cites the sources.")
    with pytest.raises(ValueError, match="source_id in"):
        GuidePoint("x", [("bbc", 3)])


@pytest.mark.parametrize(("source", "text"), [
    ('answer_5 = """Two lines\nof text."""', "Two lines\nof text."),
    ("answer_5 = 'single quotes'", "single quotes"),
    ('answer_5 = ("implicit "\n            "concatenation")', "implicit concatenation"),
    ("# a comment\nanswer_5 = ____", ""),
    ('answer_5 = """\n____\n"""', ""),
])
def test_answers_are_read_from_code_without_running_it(source, text):
    assert answer_from_code(source, "answer_5") == (text, "")


def test_hostile_code_is_never_run(tmp_path):
    marker = tmp_path / "ran"
    source = f"import pathlib; pathlib.Path({str(marker)!r}).write_text('x')\nanswer_5 = 'ok'"
    assert answer_from_code(source, "answer_5") == ("ok", "")
    text, problem = answer_from_code("answer_5 = open('/etc/passwd').read()", "answer_5")
    assert text == "open('/etc/passwd').read()" and "not text between quotes" in problem
    assert not marker.exists()


def test_a_markdown_answer_cell_is_read_as_it_is():
    nb = {"cells": [{"cell_type": "markdown", "source": ["My answer, ", "in Markdown."],
                     "metadata": {"summitlib": {"exercise": "q5", "role": "answer"}}}]}
    assert read_answer(nb, "q5", "answer_5") == ("My answer, in Markdown.", "")
    nb["cells"][0]["source"] = RELEASE_PROMPT
    assert read_answer(nb, "q5", "answer_5") == ("", "")
    assert "no answer cell" in read_answer({"cells": []}, "q5", "answer_5")[1]


def test_collect_answers_reads_every_student_folder(written_class):
    root = written_class({"bea": "md:In a Markdown cell.", "ali": "In a string.", "cem": None})
    (root / "dan").mkdir()
    (root / "eve").mkdir()
    (root / "eve" / "04-Arms-Control-and-New-START.ipynb").write_text("{not json")
    answers = collect_answers(root, get_module("nb04").q5)
    assert [(a.student, a.text) for a in answers] == [
        ("ali", "In a string."), ("bea", "In a Markdown cell."), ("cem", ""), ("dan", ""),
        ("eve", "")]
    assert [a.empty for a in answers] == [False, False, True, True, True]
    assert "no notebook 04" in answers[3].problem and "cannot be read" in answers[4].problem


def test_the_hash_ignores_spacing_but_not_words():
    assert answer_hash("a  b\nc") == answer_hash(" a b c ")
    assert answer_hash("a b c") != answer_hash("a b d")


def test_students_can_show_the_rubric(capsys):
    q = get_module("nb04").q5
    q.show_rubric()
    shown = capsys.readouterr().out
    assert "Marked by your instructor, 5 points:" in shown
    assert "Evidence (2 points): Compares what each document reports" in shown
    assert "show_rubric()" in str(q.evaluate(" ".join(["word"] * 25)))


@pytest.mark.parametrize("key", [False, True], ids=["release", "key"])
def test_release_makes_written_answers_manually_graded_and_their_checks_pointless(key):
    """nbgrader's autograder must never give a written answer its points for merely running."""
    import nbformat

    from summitlib.instructor import release_notebook

    path = REPO / "notebooks" / "04-Arms-Control-and-New-START.ipynb"
    released = release_notebook(nbformat.read(path, as_version=4), key=key, name=path.stem)
    q5 = {c.metadata["summitlib"]["role"]: c for c in released.cells
          if c.metadata.get("summitlib", {}).get("exercise") == "q5"}
    assert q5["answer"].metadata["nbgrader"] == {
        "grade": True, "solution": True, "locked": False, "points": 5, "schema_version": 3,
        "grade_id": "04-Arms-Control-and-New-START-q5-answer"}
    assert q5["check"].metadata["nbgrader"]["grade"] is False
    assert "points" not in q5["check"].metadata["nbgrader"]
    assert "ex.q5.check(answer_5)" in q5["check"].source  # no .grade(: it never raises
    assert ("### BEGIN SOLUTION" in q5["answer"].source) is key
    # An autograded exercise keeps its autograded check.
    q1 = next(c for c in released.cells
              if c.metadata.get("summitlib") == {"exercise": "q1", "role": "check"})
    assert q1.metadata["nbgrader"]["grade"] is True and "ex.q1.grade(answer_1)" in q1.source


@pytest.mark.parametrize("key", sorted(WRITTEN), ids=lambda k: f"{k[0]}:{k[1]}")
def test_written_exercises_are_in_our_own_words(key):
    """Prompt, rubric, guide and model answer copy no run of 8 words from either source."""
    from test_notebooks import _source_texts, _words

    q, n = WRITTEN[key], 8
    grams = set()
    for text in _source_texts():
        w = _words(text)
        grams |= {tuple(w[i:i + n]) for i in range(len(w) - n + 1)}
    model, _ = answer_from_code(q.solution_code, q.answer_variable)
    texts = [q.prompt, model, q.explanation, *(c.descriptor for c in q.rubric),
             *(g.text for g in q.marking_guide)]
    copied = []
    for text in texts:
        # Words between quotation marks are quotations, which the sources' words may be.
        for part in re.split(r"\"[^\"]*\"|(?<!\w)'[^']*'(?!\w)", text.replace("\u201c", '"')
                             .replace("\u201d", '"')):
            w = _words(part)
            copied += [" ".join(w[i:i + n]) for i in range(len(w) - n + 1)
                       if tuple(w[i:i + n]) in grams]
    assert copied == []


def test_of_two_copies_the_one_the_grader_grades_is_read(written_class):
    import os

    root = written_class({"ali": "The first copy."})
    first = root / "ali" / "04-Arms-Control-and-New-START.ipynb"
    second = first.with_name("04-Arms-Control-and-New-START-1.ipynb")
    second.write_text(first.read_text().replace("The first copy.", "The resubmitted copy."))
    os.utime(first, (1_700_000_000, 1_700_000_000))
    [answer] = collect_answers(root, get_module("nb04").q5)
    assert (answer.text, answer.notebook) == ("The resubmitted copy.", second.name)
