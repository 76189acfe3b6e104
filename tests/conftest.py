"""Shared test set-up: a headless matplotlib, and the repository's paths."""

import os
from pathlib import Path

import pytest

# Set before anything imports pyplot, so tests never try to open a window.
os.environ.setdefault("MPLBACKEND", "Agg")

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def close_figures():
    """Close every matplotlib figure a test opened."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture
def data_copy(tmp_path):
    """A writable copy of the bundled data folder, for tests that break or extend it."""
    import shutil

    from summitlib.datasets import _bundled_dir

    target = tmp_path / "data"
    shutil.copytree(_bundled_dir(), target)
    return target


@pytest.fixture
def solve(close_figures):
    """``solve(module, q)``: the answer that ``q``'s reference solution computes.

    Runs the module's ``SETUP`` (what the notebook's setup cell defines) and then the solution
    code, as the answer key does, in a fresh namespace.
    """

    def run(module, q):
        namespace = {}
        exec(module.SETUP, namespace)
        exec(q.solution_code, namespace)
        return namespace[q.answer_variable]

    return run


@pytest.fixture
def incorrect():
    """``incorrect(q, answer, *hidden)``: the Feedback of an answer that must read "Not yet".

    Asserts the outcome is ``incorrect`` and that the message names none of ``hidden`` (parts
    of the expected answer it must not give away).
    """

    def judge(q, answer, *hidden):
        feedback = q.evaluate(answer)
        assert feedback.outcome == "incorrect", str(feedback)
        for text in hidden:
            assert str(text).casefold() not in feedback.message.casefold(), feedback.message
        return feedback

    return judge


@pytest.fixture
def written_class(tmp_path):
    """``written_class(answers, exercise="04:q5")``: a submissions folder for a small class.

    ``answers`` maps each student to the text of the written answer (None: the placeholder left
    as it is; a string starting with "md:" makes the answer a Markdown cell, as the release
    stores it). Every student's notebook is the repository's, with that answer cell filled in.
    Returns the submissions folder.
    """
    import json

    from summitlib.instructor.marking import resolve_exercise

    def make(answers: dict, exercise: str = "04:q5"):
        q = resolve_exercise(exercise)
        source = next((REPO / "notebooks").glob(f"{q.notebook[2:]}-*.ipynb"))
        root = tmp_path / "submissions"
        for student, text in answers.items():
            nb = json.loads(source.read_text(encoding="utf-8"))
            cell = next(c for c in nb["cells"]
                        if c.get("metadata", {}).get("summitlib") == {"exercise": q.name,
                                                                     "role": "answer"})
            if isinstance(text, str) and text.startswith("md:"):
                cell.update(cell_type="markdown", source=text[3:])
                cell.pop("outputs", None)
                cell.pop("execution_count", None)
            elif text is not None:
                cell["source"] = f'{q.answer_variable} = """{text}"""\n'
            folder = root / student
            folder.mkdir(parents=True, exist_ok=True)
            (folder / source.name).write_text(json.dumps(nb, indent=1), encoding="utf-8")
        return root

    return make


@pytest.fixture
def modules_imported_by():
    """``modules_imported_by(code)``: the top-level modules a fresh Python has after ``code``.

    A fresh process, because this one has imported everything the other tests needed.
    """
    import subprocess
    import sys

    def run(code: str) -> set[str]:
        shown = "\nimport sys\nprint(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
        out = subprocess.run([sys.executable, "-c", code + shown], capture_output=True,
                             text=True, check=True).stdout
        return set(out.splitlines()[-1].split())

    return run
