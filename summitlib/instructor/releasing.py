"""Release the notebooks: the student release, or the answer key (``summitlib release``).

:func:`release_notebook` runs the steps of :mod:`summitlib.instructor.release_steps` over one
notebook; :func:`release` builds every notebook of a folder before it writes anything, then
writes the notebooks, the files beside them and (for the student release) the student package
of :mod:`summitlib.instructor.student_package`.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

from summitlib.instructor import release_steps as steps
from summitlib.instructor.cells import cell_source, load_nbformat
from summitlib.instructor.errors import OverwriteError, ReleaseError
from summitlib.instructor.student_package import write_student_package

__all__ = ["release", "release_notebook"]


def release_notebook(nb, *, key: bool = False, name: str = "notebook"):
    """Turn one source notebook into its student release or its answer key.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The source notebook (left unchanged; a changed copy is returned).
    key : bool, default=False
        False: the student release (placeholders kept, solutions switched off).
        True: the answer key (each answer cell holds its solution between
        ``### BEGIN SOLUTION`` and ``### END SOLUTION``).
    name : str, default="notebook"
        The notebook's file stem, used in nbgrader ``grade_id`` values and in messages.

    Returns
    -------
    nbformat.NotebookNode
        The released notebook: outputs and execution counts cleared, exercise cells carrying
        nbgrader metadata (schema version 3).

    Raises
    ------
    ReleaseError
        When an exercise cell names an exercise its module does not declare, a declared
        exercise has no answer or check cell (or two), an answer cell has no
        ``answer = ____`` line, a check cell does not call ``.check(``, or a solution would
        survive in the student release.

    Examples
    --------
    A notebook without exercises only loses its outputs:

    >>> import nbformat
    >>> from nbformat.v4 import new_code_cell, new_notebook, new_output
    >>> nb = new_notebook(cells=[new_code_cell("1 + 1", execution_count=1,
    ...                                        outputs=[new_output("execute_result",
    ...                                                            {"text/plain": "2"})])])
    >>> released = release_notebook(nb)
    >>> released.cells[0].outputs, released.cells[0].execution_count
    ([], None)
    >>> nb.cells[0].execution_count  # the source is untouched
    1
    """
    nb = copy.deepcopy(nb)
    steps.clear_outputs(nb)
    exercises = steps.find_exercises(nb, name)
    if exercises is None:
        return nb
    alias = exercises.alias
    for found in steps.exercise_cells(nb, exercises, name):
        cell, exercise = nb.cells[found.index], found.exercise
        ids = (name, exercise.name)
        # A written answer is marked by hand: its answer cell is nbgrader's "manually graded
        # answer" (solution and grade, with the rubric's points), and its check cell, which
        # only says whether something was written, gives no points to nbgrader's autograder.
        written = steps.is_written(exercise)
        if found.role == "answer":
            cell.source = steps.released_answer(cell_source(cell), exercise, key=key,
                                                where=found.where)
            cell.metadata["nbgrader"] = steps.nbgrader_meta(
                grade=written, solution=True, locked=False,
                grade_id=steps.grade_id(*ids, "answer"),
                points=exercise.points if written else None)
        elif written:
            steps.released_check(cell_source(cell), alias, exercise.name,
                                 where=found.where)  # validates; the cell stays as it is
            steps.lock(cell, grade_id=steps.grade_id(*ids))
        else:
            cell.source = steps.released_check(cell_source(cell), alias, exercise.name,
                                               where=found.where)
            steps.lock(cell, grade_id=steps.grade_id(*ids), grade=True, points=exercise.points)

    # The setup cell is the same in the key and the release (nbgrader checksums it): what
    # keeps solutions from students is the student edition of summitlib they install.
    steps.lock(nb.cells[exercises.setup_index], grade_id=steps.grade_id(name, "setup"))
    if not key:
        steps.refuse_leaks(nb, exercises.by_name.values(), name)
    return nb


def _is_nonempty_dir(path: Path) -> bool:
    return path.is_dir() and any(path.iterdir())


def release(out_dir, *, notebooks_dir="notebooks", key: bool = False,
            force: bool = False, graded: bool = False) -> list[Path]:
    """Write the student release (or the answer key) of every notebook in a folder.

    The student release is self-contained, ready to push as a course repository or zip for
    an LMS::

        OUT_DIR/README.md            how students open it (Binder, or pip + JupyterLab)
        OUT_DIR/requirements.txt     ``pip install -r requirements.txt`` installs all of it
        OUT_DIR/binder/              what Binder builds from (Python 3.12, the same packages)
        OUT_DIR/pyproject.toml       the student edition as a package, installed by ``-e .``
        OUT_DIR/summitlib/           the student edition: no answer, solution or explanation
        OUT_DIR/data/                the data and its dataset card (the notebooks link to it)
        OUT_DIR/notebooks/           the released notebooks, and the other files beside them

    The answer key is only the notebooks, in ``OUT_DIR`` itself, with a ``.gitignore`` that
    keeps git from ever adding them (``git add -A`` included).

    Parameters
    ----------
    out_dir : str or Path
        Where to write (created if missing).
    notebooks_dir : str or Path, default="notebooks"
        The source notebooks; they are read, never changed.
    key : bool, default=False
        Write the answer key instead of the student release.
    force : bool, default=False
        Overwrite files in an ``out_dir`` that is not empty. Files of ``out_dir`` that the
        release does not write are left alone.
    graded : bool, default=False
        A release for graded work: its checks only say whether an answer has the right form
        and that it is recorded (no Correct / Not yet a student could try answers against).
        Default: formative checks, judged against salted fingerprints of the answers.

    Returns
    -------
    list of Path
        The notebooks written.

    Raises
    ------
    OverwriteError
        ``out_dir`` exists, is not empty and ``force`` is False.
    ReleaseError
        A notebook cannot be released (nothing is written then).
    FileNotFoundError
        ``notebooks_dir`` is not a folder or holds no notebooks.
    ValueError
        ``out_dir`` is the notebooks folder, or inside it.

    Examples
    --------
    >>> import tempfile
    >>> import nbformat
    >>> from nbformat.v4 import new_markdown_cell, new_notebook
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     source = Path(tmp, "notebooks")
    ...     source.mkdir()
    ...     nbformat.write(new_notebook(cells=[new_markdown_cell("# Reading")]),
    ...                    source / "00-Reading.ipynb")
    ...     [p.relative_to(tmp).as_posix() for p in release(Path(tmp, "student"),
    ...                                                     notebooks_dir=source)]
    ['student/notebooks/00-Reading.ipynb']
    """
    nbformat = load_nbformat()
    source_dir, target = Path(notebooks_dir), Path(out_dir)
    if not source_dir.is_dir():
        raise FileNotFoundError(
            f"No notebooks folder at {str(source_dir)!r}; run from the repository root or name "
            "the folder with --notebooks DIR."
        )
    paths = sorted(p for p in source_dir.glob("*.ipynb") if not p.name.startswith("."))
    if not paths:
        raise FileNotFoundError(f"{str(source_dir)!r} holds no .ipynb notebooks.")
    src, dst = source_dir.resolve(), target.resolve()
    if dst == src or src in dst.parents:
        raise ValueError(
            f"The release folder {str(target)!r} is the notebooks folder or inside it; choose a "
            "folder outside it, so the source notebooks are never overwritten."
        )
    if _is_nonempty_dir(target) and not force:
        raise OverwriteError(
            f"{str(target)!r} already exists and is not empty; choose another folder, or pass "
            "--force to overwrite the notebooks in it."
        )
    if target.exists() and not target.is_dir():
        raise OverwriteError(f"{str(target)!r} exists and is not a folder; choose another name.")

    # Everything is built before anything is written: a bad notebook leaves no half release.
    released = []
    for path in paths:
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception as exc:
            raise ReleaseError(f"{path}: cannot be read as a notebook ({exc}).") from exc
        released.append((path.name, release_notebook(nb, key=key, name=path.stem)))

    target.mkdir(parents=True, exist_ok=True)
    notebooks_out = target if key else target / "notebooks"
    notebooks_out.mkdir(exist_ok=True)
    if key:
        # '*' ignores everything here, this file included: the key never reaches git.
        (target / ".gitignore").write_text(
            "# The answer key of summitlib: never commit or publish it.\n*\n", encoding="utf-8")
    written = []
    for filename, nb in released:
        out = notebooks_out / filename
        out.write_text(nbformat.writes(nb), encoding="utf-8")
        written.append(out)
    for extra in sorted(source_dir.iterdir()):
        if extra.name.startswith(".") or extra.suffix == ".ipynb":
            continue
        if extra.is_dir():
            shutil.copytree(extra, notebooks_out / extra.name, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns(".*", "__pycache__"))
        else:
            shutil.copy2(extra, notebooks_out / extra.name)
    if not key:
        write_student_package(target, graded=graded)
    return written
