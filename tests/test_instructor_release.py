"""Release (`summitlib release`, `release_notebook`), with real kernels and nbgrader.

The course notebooks in notebooks/ are released and their answer keys run (the demo notebook
of tests/instructor_demo.py stands in when notebooks/ holds none). Each step of the release
alone is tested in tests/test_instructor_release_steps.py.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import instructor_demo
import nbformat
import pytest
from instructor_demo import (
    _CHECKSUMS,
    _all_sources,
    _demo_exercises,
    _demo_source_notebook,
    _exercise_cell,
    _module_exercises,
    _outcomes,
    _run,
    _sha256,
)
from nbformat.v4 import new_code_cell, new_markdown_cell

from summitlib.__main__ import main
from summitlib.exercises import WrittenExercise
from summitlib.instructor import (
    OverwriteError,
    ReleaseError,
    cells,
    release,
    release_notebook,
)

# The shared fixtures, which pytest finds by these names (module-scoped: built once here).
source_dir = instructor_demo.source_dir
released = instructor_demo.released
demo_release = instructor_demo.demo_release


# ------------------------------------------------------------------------------ release


def test_the_source_notebooks_are_left_unchanged(source_dir, released):
    assert _CHECKSUMS["before"] == _CHECKSUMS["after"]
    assert any(name.endswith(".ipynb") for name in _CHECKSUMS["before"])


def test_every_notebook_and_file_is_released(source_dir, released):
    names = sorted(p.name for p in source_dir.iterdir())
    for folder in released:
        assert sorted(p.name for p in folder.iterdir() if p.name != ".gitignore") == names


def test_the_answer_key_is_ignored_by_git(released, tmp_path):
    # As an instructor would: the key written inside the course repository, then git add -A.
    _, key = released
    repo = tmp_path / "course"
    shutil.copytree(key, repo / "key")
    (repo / "README.md").write_text("course")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q", str(repo)], check=True)
    subprocess.run([*git, "-C", str(repo), "add", "-A"], check=True)
    staged = subprocess.run([*git, "-C", str(repo), "diff", "--cached", "--name-only"],
                            capture_output=True, text=True, check=True).stdout.split()
    assert staged == ["README.md"]


def test_no_solution_survives_in_the_student_release(released):
    student, _ = released
    checked = 0
    for path in sorted(student.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        text = path.read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text
        for ex in _module_exercises(nb)[1]:
            assert ex.solution_code.strip() not in _all_sources(nb), (path.name, ex.name)
            assert json.dumps(ex.solution_code.strip())[1:-1] not in text, (path.name, ex.name)
            checked += 1
    assert checked > 0, "no exercise was released at all"


def test_student_release_cells(released):
    student, _ = released
    for path in sorted(student.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        _, exercises = _module_exercises(nb)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None
        if not exercises:
            continue
        by_role = {}
        for cell in nb.cells:
            name, role = cells.cell_role(cell)
            if role in ("answer", "check"):
                by_role[(name, role)] = cell
        for ex in exercises:
            assert (ex.name, "answer") in by_role and (ex.name, "check") in by_role, (
                path.name, ex.name)
            answer, check = by_role[(ex.name, "answer")], by_role[(ex.name, "check")]
            # The blank alone, or between three quote marks for a written answer.
            assert re.search(rf'^\s*{ex.answer_variable}\s*=\s*(____|"""\s*____\s*""")',
                             answer.source, re.M)
            assert check.metadata["editable"] is False
            if isinstance(ex, WrittenExercise):
                # Marked by hand: nbgrader's manually graded answer; a check worth nothing.
                assert answer.metadata["nbgrader"] == {
                    "grade": True, "solution": True, "locked": False, "schema_version": 3,
                    "grade_id": f"{path.stem}-{ex.name}-answer", "points": ex.points}
                alias = cells.find_setup(nb)[1]
                assert cells.check_call(alias, ex.name).search(check.source), check.source
                assert check.metadata["nbgrader"] == {
                    "grade": False, "solution": False, "locked": True, "schema_version": 3,
                    "grade_id": f"{path.stem}-{ex.name}"}
                continue
            assert answer.metadata["nbgrader"] == {
                "grade": False, "solution": True, "locked": False, "schema_version": 3,
                "grade_id": f"{path.stem}-{ex.name}-answer"}
            assert re.search(rf"\b\w+\.{ex.name}\.grade\(", check.source), check.source
            assert ".check(" not in check.source
            assert check.metadata["nbgrader"] == {
                "grade": True, "solution": False, "locked": True, "schema_version": 3,
                "grade_id": f"{path.stem}-{ex.name}", "points": ex.points}
        setup = nb.cells[cells.find_setup(nb)[2]]
        assert setup.metadata["nbgrader"]["locked"] is True
        # The same setup cell as the key's, so nbgrader sees no changed checksum.
        key_nb = nbformat.read(released[1] / path.name, as_version=4)
        assert key_nb.cells[cells.find_setup(key_nb)[2]].source == setup.source


def test_answer_key_holds_each_solution_in_a_solution_region(released):
    _, key = released
    seen = 0
    for path in sorted(key.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        _, exercises = _module_exercises(nb)
        answers = {cells.cell_role(c)[0]: c for c in nb.cells
                   if cells.cell_role(c)[1] == "answer"}
        for ex in exercises:
            source = answers[ex.name].source
            region = re.search(r"### BEGIN SOLUTION\n(.*)\n\s*### END SOLUTION", source, re.S)
            assert region, source
            assert region.group(1).strip() == ex.solution_code.strip()
            seen += 1
        assert "set_solutions_enabled" not in _all_sources(nb)
    assert seen > 0


def test_nbgrader_schema_accepts_the_metadata(released):
    from nbgrader.nbgraderformat import MetadataValidator

    validator = MetadataValidator()
    for folder in released:
        for path in sorted(folder.glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            validator.validate_nb(nb)  # raises on a bad cell or a duplicate grade_id
            ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells
                   if "nbgrader" in c.metadata]
            assert len(ids) == len(set(ids))


def test_nbgrader_schema_would_catch_a_broken_cell(released):
    # The check above can fail: a duplicate grade_id is refused by the same validator.
    from nbgrader.nbgraderformat import MetadataValidator, ValidationError

    student, _ = released
    for path in sorted(student.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
        if len(graded) >= 2:
            graded[1].metadata["nbgrader"]["grade_id"] = graded[0].metadata["nbgrader"][
                "grade_id"]
            with pytest.raises(ValidationError, match="Duplicate grade id"):
                MetadataValidator().validate_nb(nb)
            return
    pytest.skip("no notebook with two graded cells")


def _write_source(folder: Path, nb, name="01-Demo.ipynb") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / name)
    return folder


@pytest.mark.parametrize("breakage, message", [
    ("unknown exercise", "declares only"),
    ("missing check cell", r"no cell for: q\w+ \(check\)"),
    ("second answer cell", "a second answer cell"),
    ("check without check call", "should call ex"),
    ("solution in markdown", "contains the solution"),
    ("marker outside answer", "solution marker survives"),
])
def test_a_broken_notebook_is_refused_and_nothing_is_written(tmp_path, breakage, message):
    nb = _demo_source_notebook()
    first = _demo_exercises()[0]
    answer = next(c for c in nb.cells if cells.cell_role(c) == (first.name, "answer"))
    check = next(c for c in nb.cells if cells.cell_role(c) == (first.name, "check"))
    if breakage == "unknown exercise":
        answer.metadata["summitlib"]["exercise"] = "q99"
    elif breakage == "missing check cell":
        nb.cells.remove(check)
    elif breakage == "second answer cell":
        nb.cells.append(_exercise_cell(answer.source, first.name, "answer"))
    elif breakage == "check without check call":
        check.source = f"print({first.answer_variable})"
    elif breakage == "solution in markdown":
        nb.cells.append(new_markdown_cell(f"Hint:\n```\n{first.solution_code}\n```"))
    else:
        nb.cells.append(new_code_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION"))
    source = _write_source(tmp_path / "src", nb)
    with pytest.raises(ReleaseError, match=message):
        release(tmp_path / "out", notebooks_dir=source)
    assert not (tmp_path / "out").exists()


def test_key_needs_the_placeholder_line(tmp_path):
    nb = _demo_source_notebook()
    first = _demo_exercises()[0]
    answer = next(c for c in nb.cells if cells.cell_role(c) == (first.name, "answer"))
    answer.source = "# nothing to fill in"
    with pytest.raises(ReleaseError, match=rf"no line '{first.answer_variable} = ____'"):
        release_notebook(nb, key=True, name="demo")


def test_release_refuses_to_overwrite_without_force(tmp_path, source_dir, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    assert main(["release", str(out), "--notebooks", str(source_dir)]) == 2
    err = capsys.readouterr().err
    assert "not empty" in err and "--force" in err
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    with pytest.raises(OverwriteError):
        release(out, notebooks_dir=source_dir)

    assert main(["release", str(out), "--notebooks", str(source_dir), "--force"]) == 0
    assert (out / "notes.txt").read_text() == "mine"
    assert len(list((out / "notebooks").glob("*.ipynb"))) == len(list(source_dir.glob(
        "*.ipynb")))


def test_release_into_the_source_folder_is_refused(source_dir, capsys):
    before = _sha256(source_dir)
    assert main(["release", str(source_dir / "out"), "--notebooks", str(source_dir)]) == 2
    assert "inside it" in capsys.readouterr().err
    assert _sha256(source_dir) == before


def test_release_exit_codes_for_missing_and_broken_sources(tmp_path, capsys):
    assert main(["release", str(tmp_path / "o"), "--notebooks", str(tmp_path / "none")]) == 2
    assert "No notebooks folder" in capsys.readouterr().err
    nb = _demo_source_notebook()
    nb.cells.append(new_markdown_cell(_demo_exercises()[0].solution_code))
    source = _write_source(tmp_path / "src", nb)
    assert main(["release", str(tmp_path / "o"), "--notebooks", str(source)]) == 1
    assert "nothing written" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


# ------------------------------------------------------------------ running the releases


@pytest.mark.slow
def test_answer_key_passes_every_check(released, demo_release):
    _, key = released
    paths = [*sorted(key.glob("*.ipynb")), demo_release["key"]]
    checked = 0
    for path in paths:
        nb = _run(path)
        _, exercises = _module_exercises(nb)
        outcomes = _outcomes(nb)
        assert outcomes == {ex.name: "correct" for ex in exercises}, path.name
        errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
        assert errors == [], (path.name, [e.get("ename") for e in errors])
        checked += len(exercises)
    assert checked >= len(_demo_exercises())


@pytest.mark.slow
def test_student_release_runs_blank_and_keeps_solutions_hidden(demo_release, tmp_path):
    # As a student runs it: the student edition installed, outside nbgrader. Run All goes
    # through every check without an error (allow_errors=False stops at the first).

    from summitlib.instructor import student_edition

    student_edition.build(tmp_path)
    env = {k: v for k, v in os.environ.items() if k != "NBGRADER_EXECUTION"}
    env["PYTHONPATH"] = str(tmp_path)
    nb = _run(demo_release["student"], allow_errors=False, env=env)
    exercises = _demo_exercises()
    assert _outcomes(nb) == {ex.name: "not_attempted" for ex in exercises}
    assert [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"] == []
    last = nb.cells[-1]  # ex.q1.solution()
    shown = json.dumps(last.outputs)
    assert exercises[0].solution_code.strip() not in shown
    assert json.dumps(exercises[0].solution_code.strip())[1:-1] not in shown
    assert re.search(r"not part of the student release", shown, re.I), shown[:300]


def _nbgrader_validate(path: Path) -> str:
    done = subprocess.run([sys.executable, "-m", "nbgrader", "validate", path.name],
                          cwd=path.parent, capture_output=True, text=True, timeout=300)
    return done.stdout + done.stderr


@pytest.mark.slow
def test_nbgrader_validate_passes_the_key_and_fails_a_blank_release(demo_release):
    assert "Success! Your notebook passes all the tests." in _nbgrader_validate(
        demo_release["key"])
    report = _nbgrader_validate(demo_release["student"])
    failed = re.search(r"VALIDATION FAILED ON (\d+) CELL", report)
    assert failed, report[-2000:]
    # Every check nbgrader's autograder runs fails on a blank answer; a written answer's check
    # is not one of them (its answer is nbgrader's "manually graded answer").
    from summitlib.exercises import WrittenExercise

    autograded = [ex for ex in _demo_exercises() if not isinstance(ex, WrittenExercise)]
    assert len(autograded) == len(_demo_exercises()) - 1
    assert int(failed.group(1)) == len(autograded)
    assert report.count("The following cell failed:") == len(autograded)
