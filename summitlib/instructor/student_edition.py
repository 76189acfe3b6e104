"""Write the student edition of summitlib: the whole package, with no answer key in it.

The student edition is what a student release installs and what the grader's sandbox imports:
the loaders, charts, widgets and the data as they are, and each notebook's exercise module
(``summitlib/exercises/nbNN.py``) rewritten as plain declarations for
:mod:`summitlib.exercises._student`: name, prompt, hints, points and the options of its kind,
plus (formative edition only) salted fingerprints of the canonical answer. No expected value,
no solution code, no explanation, and not the modules that compute answers
(``exercises/_answers.py``), the exercises' text files (``exercises/text/``: their
explanations and marking guides give answers away; the specs carry the prompts, hints and
rubrics) or the grader and the key's tools (the whole ``instructor/`` package, this writer
included, and ``__main__.py``, the command that runs them). :mod:`summitlib.grading_runner`
stays in: it runs inside the sandbox, from the edition.
"""

from __future__ import annotations

import os
import pkgutil
import pprint
import secrets
import shutil
from importlib import import_module
from pathlib import Path

import summitlib
from summitlib.exercises import _student
from summitlib.exercises._core import (
    ChartExercise,
    ChoiceExercise,
    DataFrameExercise,
    ReflectionExercise,
    ValueExercise,
    _flatten,
    _is_number,
)

__all__ = ["build", "exercise_modules", "student_spec"]

# What of the package a student edition leaves out (a file, or a folder and all in it): the
# instructor's tools (the grader, the key's release, this writer), the command that runs
# them, the queries that compute answers and the exercises' text (explanations, marking guides).
_LEFT_OUT = ("instructor", "__main__.py", "exercises/_answers.py", "exercises/text")


def _left_out(relative: str) -> bool:
    """True for a path (relative to the package, with ``/``) the student edition leaves out.

    >>> _left_out("instructor/grading.py"), _left_out("exercises/text/nb03.toml")
    (True, True)
    >>> _left_out("grading_runner.py"), _left_out("exercises/_prose.py")
    (False, False)
    """
    return any(relative == part or relative.startswith(f"{part}/") for part in _LEFT_OUT)


def exercise_modules() -> list[str]:
    """The short names of the exercise modules that declare ``EXERCISES`` (nb00 ... nb09)."""
    import summitlib.exercises as package

    names = []
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("_"):
            continue
        module = import_module(f"summitlib.exercises.{info.name}")
        if getattr(module, "EXERCISES", None) is not None:
            names.append(info.name)
    return sorted(names)


def student_spec(exercise, *, formative: bool) -> dict:
    """The plain declaration of one exercise in the student edition (no answer in it).

    Parameters
    ----------
    exercise : summitlib.exercises.Exercise
        The exercise as the key declares it.
    formative : bool
        Add salted fingerprints of the canonical answer, so checks say Correct / Not yet.
        Without them (a graded release) a check says only whether the answer has the right
        form.
    """
    spec = {"name": exercise.name, "prompt": exercise.prompt, "hints": list(exercise.hints),
            "points": exercise.points, "answer_variable": exercise.answer_variable}
    salt = secrets.token_hex(16)

    def prints(*texts):
        return [_student.digest(salt, exercise.name, t) for t in texts]

    fingerprint: dict | None = {"salt": salt}
    from summitlib.exercises._written import WrittenExercise

    if isinstance(exercise, WrittenExercise):  # the rubric, never the marking guide
        spec.update(kind="written", min_words=exercise.min_words,
                    rubric=exercise.rubric_markdown())
        fingerprint = None
    elif isinstance(exercise, ReflectionExercise):
        spec.update(kind="reflection", min_words=exercise.min_words)
        fingerprint = None
    elif isinstance(exercise, ChoiceExercise):
        spec.update(kind="choice", choices=list(exercise.choices))
        if formative:
            fingerprint["value"] = prints(str(exercise._expected()).strip().casefold())
    elif isinstance(exercise, ChartExercise):
        spec.update(kind="chart", require_labels=exercise.require_labels, rtol=exercise.rtol)
        if formative:
            values = [float(v) for v in exercise._expected().values()]
            fingerprint.update(bars=len(values), value=prints(_student.normalise_bars(values)))
    elif isinstance(exercise, DataFrameExercise):
        expected = exercise._expected()
        if not exercise.check_index:
            expected = _flatten(expected, [*map(str, expected.columns),
                                           *map(str, expected.index.names)])
        columns = [str(c) for c in expected.columns]
        spec.update(kind="dataframe", columns=columns, check_order=exercise.check_order,
                    check_index=exercise.check_index, rtol=exercise.rtol)
        if formative:
            texts = _student.normalise_table(expected, columns, ordered=exercise.check_order)
            fingerprint["rows"] = len(expected)
            for column, text in zip(columns, texts, strict=True):
                fingerprint[f"column:{column}"] = prints(text)
    elif isinstance(exercise, ValueExercise):
        expected = exercise._expected()
        spec.update(kind="value", tolerance=exercise.tolerance, ordered=exercise.ordered)
        if _is_number(expected):
            spec["form"] = "number"
            texts = _student.normalise_number_near(float(expected), exercise.tolerance)
        elif isinstance(expected, str):
            spec["form"] = "text"
            texts = [expected.strip().casefold()]
        else:
            spec["form"] = "list"
            items = list(expected)
            fingerprint["length"] = len(items)
            texts = [_student.normalise_list(items, ordered=exercise.ordered)]
        if formative:
            fingerprint["value"] = prints(*texts)
    else:
        raise TypeError(f"{exercise!r} is of a kind the student edition does not know; add it "
                        "to summitlib.exercises._student.KINDS.")
    spec["fingerprint"] = fingerprint if formative else None
    return spec


def _module_text(short: str, specs: list[dict], formative: bool) -> str:
    names = ", ".join(s["name"] for s in specs)
    kind = "formative: checks compare fingerprints" if formative else (
        "graded: checks only say whether an answer has the right form")
    return (
        f'"""Exercises of {short}, student edition ({kind}).\n\n'
        "Written by `summitlib release`; it holds no answers, solutions or explanations.\n"
        '"""\n\n'
        "from summitlib.exercises._student import declare\n\n"
        f"SPECS = {pprint.pformat(specs, width=96, sort_dicts=False)}\n\n"
        f"EXERCISES = declare({short!r}, SPECS)\n"
        f"{names}{',' if len(specs) == 1 else ''} = EXERCISES\n"
    )


def build(dest, *, formative: bool = True, modules: list[str] | None = None) -> Path:
    """Write the student edition of the package into ``dest/summitlib``.

    Parameters
    ----------
    dest : str or Path
        A folder; ``dest/summitlib`` is created (and replaced if it exists). Put ``dest`` on
        ``sys.path`` (or ``PYTHONPATH``) to import the student edition.
    formative : bool, default=True
        Checks compare fingerprints (Correct / Not yet). False: a graded edition, whose checks
        only say whether an answer has the right form.
    modules : list of str, optional
        The exercise modules to write (default: every one, see :func:`exercise_modules`).

    Returns
    -------
    Path
        ``dest/summitlib``.
    """
    source = Path(summitlib.__file__).resolve().parent
    target = Path(dest) / "summitlib"
    if target.exists():
        shutil.rmtree(target)
    names = modules if modules is not None else exercise_modules()
    keyed = {f"exercises/{n}.py" for n in names}
    # followlinks: summitlib/data is a symlink to ../data, and the edition holds real files.
    for folder, dirs, files in os.walk(source, followlinks=True):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        for filename in sorted(files):
            path = Path(folder, filename)
            relative = path.relative_to(source).as_posix()
            if _left_out(relative) or relative in keyed or filename.endswith(".pyc"):
                continue
            out = target / relative
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, out)
    for short in names:
        module = import_module(f"summitlib.exercises.{short}")
        specs = [student_spec(ex, formative=formative) for ex in module.EXERCISES]
        (target / "exercises" / f"{short}.py").write_text(
            _module_text(short, specs, formative), encoding="utf-8")
    return target
