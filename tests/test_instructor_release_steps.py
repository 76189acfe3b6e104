"""Each step of the release on its own (summitlib/instructor/release_steps.py), as nbgrader
tests each of its preprocessors: a small notebook or cell in, the step, what it must become.

The whole pipeline, over the course notebooks and with nbgrader itself, is in
tests/test_instructor_release.py and tests/test_nbgrader_route.py.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from summitlib.instructor import ReleaseError, cells
from summitlib.instructor import release_steps as steps

REPO = Path(__file__).resolve().parents[1]
SETUP = "import summitlib\nfrom summitlib.exercises import ____, nb01 as ex"


def _exercise(name="q1", variable="answer_1", solution="answer_1 = 42", points=1):
    return SimpleNamespace(name=name, answer_variable=variable, solution_code=solution,
                           points=points)


def _cell(source, exercise, role):
    cell = new_code_cell(source)
    cell.metadata["summitlib"] = {"exercise": exercise, "role": role}
    return cell


def _course_notebook(drop=(), extra=()):
    """Setup, then an answer and a check cell for each exercise nb01 declares."""
    names = list(cells.exercises_of(cells.exercise_module("nb01")))
    nb = new_notebook(cells=[new_markdown_cell("# Notebook 01"), new_code_cell(SETUP)])
    for name in names:
        for role, source in (("answer", f"answer_{name[1:]} = ____"),
                             ("check", f"ex.{name}.check(answer_{name[1:]})")):
            if (name, role) not in drop:
                nb.cells.append(_cell(source, name, role))
    nb.cells += list(extra)
    return nb, names


# ------------------------------------------------------------------------- clear_outputs


def test_clear_outputs_empties_outputs_counts_timing_and_widget_state():
    cell = new_code_cell("1 + 1", execution_count=3,
                         outputs=[new_output("execute_result", {"text/plain": "2"})])
    cell.metadata["execution"] = {"iopub.status.busy": "2018-07-16T12:00:00Z"}
    nb = new_notebook(cells=[cell, new_markdown_cell("text")])
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}
    steps.clear_outputs(nb)
    assert (cell.outputs, cell.execution_count) == ([], None)
    assert "execution" not in cell.metadata and "widgets" not in nb.metadata
    assert nb.cells[1].source == "text"


# ------------------------------------------------------------------------ find_exercises


def test_find_exercises_reads_the_setup_cell():
    nb, names = _course_notebook()
    found = steps.find_exercises(nb, "01-Demo")
    assert (found.module.__name__, found.alias, found.setup_index) == (
        "summitlib.exercises.nb01", "ex", 1)
    assert list(found.by_name) == names and names


def test_find_exercises_without_exercises_is_none():
    assert steps.find_exercises(new_notebook(cells=[new_markdown_cell("# A reading")]),
                                "Reading") is None


def test_find_exercises_refuses_exercise_cells_without_setup():
    nb = new_notebook(cells=[_cell("answer_1 = ____", "q1", "answer")])
    with pytest.raises(ReleaseError, match="no setup cell importing its exercises"):
        steps.find_exercises(nb, "01-Demo")


# ------------------------------------------------------------------------ exercise_cells


def test_exercise_cells_pairs_every_exercise_with_its_two_cells():
    nb, names = _course_notebook()
    found = steps.exercise_cells(nb, steps.find_exercises(nb, "01-Demo"), "01-Demo")
    assert [(c.exercise.name, c.role) for c in found] == [
        (name, role) for name in names for role in ("answer", "check")]
    assert found[0].where == "01-Demo, cell 3"


@pytest.mark.parametrize("change, message", [
    ("unknown", "names exercise 'q99', but summitlib.exercises.nb01 declares only"),
    ("second", "a second check cell for exercise 'q1'"),
    ("missing", r"has no cell for: q1 \(check\)"),
])
def test_exercise_cells_refuses_what_does_not_pair(change, message):
    if change == "unknown":
        nb, _ = _course_notebook(extra=[_cell("answer_99 = ____", "q99", "answer")])
    elif change == "second":
        nb, _ = _course_notebook(extra=[_cell("ex.q1.check(answer_1)", "q1", "check")])
    else:
        nb, _ = _course_notebook(drop=[("q1", "check")])
    with pytest.raises(ReleaseError, match=message):
        steps.exercise_cells(nb, steps.find_exercises(nb, "01-Demo"), "01-Demo")


# ---------------------------------------------------------------- solution regions, answers


def test_strip_solution_regions_leaves_the_placeholder_at_the_region_s_indent():
    source = ("# Count the rows\nif True:\n    ### BEGIN SOLUTION\n    answer_1 = 42\n"
              "    ### END SOLUTION\nprint(answer_1)")
    assert steps.strip_solution_regions(source, "answer_1") == (
        "# Count the rows\nif True:\n    answer_1 = ____\nprint(answer_1)")


def test_insert_solution_keeps_the_hint_comment_above_the_region():
    source = "x = 1\nanswer_2 = ____  # a, b or c\n"
    out = steps.insert_solution(source, _exercise("q2", "answer_2", "answer_2 = 'b'"),
                                where="cell 3")
    assert out == ("x = 1\n# a, b or c\n### BEGIN SOLUTION\nanswer_2 = 'b'\n"
                   "### END SOLUTION\n")


def test_insert_solution_fills_a_written_answer_s_box():
    source = 'answer_5 = """\n____\n"""'
    out = steps.insert_solution(source, _exercise("q5", "answer_5", 'answer_5 = """Why."""'),
                                where="cell 9")
    assert out == '### BEGIN SOLUTION\nanswer_5 = """Why."""\n### END SOLUTION'


def test_insert_solution_needs_the_placeholder_line():
    with pytest.raises(ReleaseError, match="has no line 'answer_1 = ____'"):
        steps.insert_solution("answer_1 = 3", _exercise(), where="01-Demo, cell 3")


def test_released_answer_strips_for_students_and_fills_for_the_key():
    source = "### BEGIN SOLUTION\nanswer_1 = 41 + 1\n### END SOLUTION"
    assert steps.released_answer(source, _exercise(), key=False, where="") == "answer_1 = ____"
    assert steps.released_answer(source, _exercise(), key=True, where="") == (
        "### BEGIN SOLUTION\nanswer_1 = 42\n### END SOLUTION")


# ----------------------------------------------------------------------------- checks


def test_released_check_turns_check_into_grade_for_this_exercise_only():
    source = "ex.q1.check(answer_1)\nex.q10.check(answer_10)"
    assert steps.released_check(source, "ex", "q1", where="") == (
        "ex.q1.grade(answer_1)\nex.q10.check(answer_10)")


def test_released_check_refuses_a_cell_that_does_not_check():
    with pytest.raises(ReleaseError, match=r"should call ex\.q1\.check\(\.\.\.\), but holds "
                                           r"'print\(answer_1\)'"):
        steps.released_check("print(answer_1)", "ex", "q1", where="01-Demo, cell 4")


# ----------------------------------------------------------------- nbgrader metadata, locks


def test_grade_id_keeps_only_what_nbgrader_allows():
    assert steps.grade_id("04-Arms Control (1)", "q1", "answer") == (
        "04-Arms_Control__1_-q1-answer")


def test_lock_makes_a_read_only_nbgrader_cell():
    cell = new_code_cell("ex.q1.grade(answer_1)")
    steps.lock(cell, grade_id="01-q1", grade=True, points=2)
    assert cell.metadata["nbgrader"] == {"grade": True, "solution": False, "locked": True,
                                         "grade_id": "01-q1", "schema_version": 3,
                                         "points": 2}
    assert (cell.metadata["editable"], cell.metadata["deletable"]) == (False, False)


def test_the_metadata_is_what_nbgrader_s_schema_accepts():
    from nbgrader.nbgraderformat import MetadataValidator

    nb = new_notebook(cells=[new_code_cell("x"), new_code_cell("y")])
    steps.lock(nb.cells[0], grade_id="setup")
    nb.cells[1].metadata["nbgrader"] = steps.nbgrader_meta(
        grade=False, solution=True, locked=False, grade_id="q1-answer")
    MetadataValidator().validate_nb(nbformat.from_dict(nb))


# ----------------------------------------------------------------------------- leaks


def test_refuse_leaks_finds_a_solution_outside_its_answer_cell():
    nb = new_notebook(cells=[new_markdown_cell("Hint: `answer_1 = 42` works.")])
    with pytest.raises(ReleaseError, match="cell 1: contains the solution of q1"):
        steps.refuse_leaks(nb, [_exercise()], "01-Demo")


def test_refuse_leaks_finds_a_marker_left_behind():
    nb = new_notebook(cells=[new_code_cell("### END SOLUTION")])
    with pytest.raises(ReleaseError, match="a solution marker survives"):
        steps.refuse_leaks(nb, [], "01-Demo")


def test_refuse_leaks_lets_a_short_solution_occur_by_chance():
    # "3" is a solution too short to search for alone: only its assignment is a leak.
    exercise = _exercise(solution="3")
    steps.refuse_leaks(new_notebook(cells=[new_code_cell("print(3)")]), [exercise], "01")
    assert steps.solution_needles(exercise) == ["answer_1 = 3"]


# ------------------------------------------------------ the student package beside them


def test_requirements_install_jupyterlab_the_library_s_needs_and_the_edition(tmp_path):
    from summitlib.instructor import student_package

    needs, lab = student_package.requirements()
    assert any(r.startswith("pandas") for r in needs)
    assert any(r.startswith("jupyterlab") for r in lab)
    student_package.write_requirements(tmp_path, ["pandas>=2.1"], ["jupyterlab>=4.2"])
    assert [line for line in (tmp_path / "requirements.txt").read_text().splitlines()
            if not line.startswith("#")] == ["jupyterlab>=4.2", "pandas>=2.1", "-e ."]


def test_binder_is_python_3_12_and_the_edition(tmp_path):
    from summitlib.instructor import student_package

    student_package.write_binder(tmp_path, ["pandas>=2.1"])
    assert (tmp_path / "binder" / "runtime.txt").read_text() == "python-3.12\n"
    assert [line for line in (tmp_path / "binder" / "requirements.txt").read_text().splitlines()
            if not line.startswith("#")] == ["pandas>=2.1", "-e ."]


def test_pyproject_installs_the_edition_as_summitlib(tmp_path):
    import tomllib

    from summitlib.instructor import student_package

    student_package.write_pyproject(tmp_path, ["pandas>=2.1"])
    project = tomllib.loads((tmp_path / "pyproject.toml").read_text())
    assert project["project"]["name"] == "summitlib"
    assert project["project"]["version"].endswith("+student")
    assert project["project"]["dependencies"] == ["pandas>=2.1"]
    assert project["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == ["summitlib"]


def test_pyproject_with_the_template_installs_it_where_voila_looks(tmp_path):
    import tomllib

    from summitlib.instructor import student_package

    student_package.write_pyproject(tmp_path, ["pandas>=2.1"], present=["voila>=0.5.13,<0.6"])
    project = tomllib.loads((tmp_path / "pyproject.toml").read_text())
    assert project["project"]["optional-dependencies"] == {"present": ["voila>=0.5.13,<0.6"]}
    wheel = project["tool"]["hatch"]["build"]["targets"]["wheel"]
    # The same place as the course's own wheel installs it (pyproject.toml of the repository).
    course = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert wheel["shared-data"] == course["tool"]["hatch"]["build"]["targets"]["wheel"][
        "shared-data"] == {student_package.TEMPLATE: student_package.TEMPLATE}
    # Without the template, neither: a shared-data folder that is not there breaks the build.
    student_package.write_pyproject(tmp_path, ["pandas>=2.1"])
    project = tomllib.loads((tmp_path / "pyproject.toml").read_text())
    assert "optional-dependencies" not in project["project"]
    assert "shared-data" not in project["tool"]["hatch"]["build"]["targets"]["wheel"]


def test_the_template_goes_with_a_page_that_asks_for_it(tmp_path):
    from summitlib.instructor import student_package

    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    page = new_notebook(cells=[new_markdown_cell("# All explorers")])
    page.metadata["voila"] = {"template": "summitlib"}
    nbformat.write(page, notebooks / "Explore-the-summit.ipynb")
    nbformat.write(new_notebook(), notebooks / "01-Reading.ipynb")
    (notebooks / "02-Broken.ipynb").write_text("{not json", encoding="utf-8")
    assert student_package.presentation_pages(notebooks) == ["Explore-the-summit.ipynb"]
    assert student_package.present_requirements()[-1].startswith("voila")
    assert student_package.write_template(tmp_path)
    shipped = tmp_path / student_package.TEMPLATE
    course = REPO / student_package.TEMPLATE
    assert sorted(p.name for p in shipped.iterdir()) == ["conf.json", "index.html.j2"]
    for name in ("conf.json", "index.html.j2"):
        assert (shipped / name).read_bytes() == (course / name).read_bytes()
    student_package.write_readme(tmp_path, graded=False, pages=["Explore-the-summit.ipynb"])
    text = (tmp_path / "README.md").read_text()
    assert "`notebooks/Explore-the-summit.ipynb` puts every explorer on one page" in text
    assert 'python -m pip install -e ".[present]"' in text
    assert "voila notebooks/Explore-the-summit.ipynb" in text
    student_package.write_readme(tmp_path, graded=False)
    assert "voila" not in (tmp_path / "README.md").read_text()


@pytest.mark.parametrize("graded, promise", [
    (False, "Correct, or Not yet and what to look at"),
    (True, "record your answers for grading"),
])
def test_readme_says_how_to_open_and_what_checks_say(tmp_path, graded, promise):
    from summitlib.instructor import student_package

    student_package.write_readme(tmp_path, graded=graded)
    text = (tmp_path / "README.md").read_text()
    assert promise in text and "python -m pip install -r requirements.txt" in text
