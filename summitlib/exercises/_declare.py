"""Declare each exercise once: a decorator of its kind on its solution function.

In a notebook's module (``summitlib/exercises/nbNN.py``; an illustration, not one of them)::

    @value(expected=_event_count)  # computed from the data with the loaders
    def q1(events):
        return len(events)

    EXERCISES = exercises_in(globals())

and its text in the notebook's text file, ``summitlib/exercises/text/nbNN.toml``::

    [q1]
    prompt = "How many events does the timeline hold?"
    hints = ["`len()` counts the rows of a table."]
    explanation = "One row per event."

The function's name is the exercise's name (``q1``, answer variable ``answer_1``) and the name
of its table in the text file; its module is the notebook (``nb04`` for ``nb04.py``); its
parameters name the setup cell's variables and its body is the solution code the key and
``solution()`` show (:mod:`._solution`), so ruff lints it and the tests run it. A choice's
solution ends without a return: the answer line, ``answer_4 = 'C'``, is derived from the
expected answer. ``exercises_in`` lists the module's exercises in the order they are declared,
so no name is written twice.

Prose and logic live apart: one file of prose per notebook (:mod:`._prose`: prompts, hints,
explanations, rubrics, marking guides), one Python module of logic (expected answers, likely
mistakes, options, the solutions). A choice's choices stay in Python, beside the code that
picks the expected one among them. A table missing for an exercise, or one left over, is an
error that names the file and the table. A module with no text file (a test's) writes the text
in its declarations instead.

Compared with Kaggle's learntools, which declares a problem as a class with ``_var``,
``_expected`` and a solution string, then numbers the classes with ``bind_exercises(globals(),
[...])``: here the name, the variable and the solution come from the one function.
"""

from __future__ import annotations

import sys
from functools import partial
from importlib import import_module

from summitlib.exercises._chart import ChartExercise
from summitlib.exercises._exercise import Exercise
from summitlib.exercises._kinds import ChoiceExercise, ReflectionExercise, ValueExercise
from summitlib.exercises._prose import TEXT_FIELDS, check_tables, text_file, text_of
from summitlib.exercises._table import DataFrameExercise
from summitlib.exercises._written import WrittenExercise

__all__ = ["chart", "choice", "exercises_in", "get_module", "reflection", "table", "value",
           "written"]


def declare(kind: type, **options):
    """The decorator that makes a solution function into an exercise of ``kind``.

    ``options`` are the kind's fields that are logic (expected, choices, mistakes, points ...),
    never ``name``, ``notebook`` or ``solve``: those come from the function. The prose fields
    (prompt, hints, explanation ...) come from the module's text file, where it has one.
    """
    given = {"name", "notebook", "solve"} & set(options)
    if given:
        raise TypeError(f"{kind.__name__} takes {sorted(given)} from the solution function; "
                        "remove them from the declaration.")

    def decorate(solution) -> Exercise:
        if not callable(solution) or not hasattr(solution, "__code__"):
            raise TypeError(f"@{kind.__name__} decorates the solution function (def q1(...): "
                            f"...), not {type(solution).__name__}.")
        name, short = solution.__name__, solution.__module__.rsplit(".", 1)[-1]
        return kind(name=name, notebook=short, solve=solution,
                    **_with_text(kind, name, short, solution.__module__, options))

    return decorate


def _with_text(kind: type, name: str, short: str, module: str, options: dict) -> dict:
    """``options`` and the exercise's prose, read from the module's text file if it has one."""
    path = _text_path(module, short)
    if path is None or not path.is_file():
        if "prompt" not in options:
            raise TypeError(f"{short}.{name} has no prompt: write its text in a table [{name}] "
                            f"of {path or f'text/{short}.toml beside the module'}.")
        return options
    inline = [f for f in TEXT_FIELDS if f in options]
    if inline:
        raise TypeError(f"The declaration of {short}.{name} gives {', '.join(inline)}, but the "
                        f"text of {short}'s exercises lives in {path}: move it to the table "
                        f"[{name}] there.")
    return {**options, **text_of(path, name, kind)}


def _text_path(module: str, short: str):
    where = getattr(sys.modules.get(module), "__file__", None)
    return text_file(where, short) if where else None


# One decorator per kind: `@value(...)` declares a ValueExercise (a number, a text, a list),
# `@table` a DataFrameExercise, `@choice` a ChoiceExercise (its answer line derived), `@chart`
# a ChartExercise (the solution returns the Axes), `@reflection` and `@written` a
# ReflectionExercise and a WrittenExercise (the solution returns a model answer).
value, table, choice, chart, reflection, written = (
    partial(declare, kind) for kind in (ValueExercise, DataFrameExercise, ChoiceExercise,
                                        ChartExercise, ReflectionExercise, WrittenExercise))


def exercises_in(namespace: dict) -> list[Exercise]:
    """The exercises a module declares (pass its ``globals()``), in the order declared.

    Exercises imported from another module are left out: each belongs to its own notebook. A
    table of the module's text file that no exercise takes (a misspelled name) is an error.
    """
    short = str(namespace.get("__name__", "")).rsplit(".", 1)[-1]
    found = [v for v in namespace.values() if isinstance(v, Exercise) and v.notebook == short]
    where = namespace.get("__file__")
    if where and text_file(where, short).is_file():
        check_tables(text_file(where, short), [ex.name for ex in found])
    return found


def get_module(name: str):
    """The exercise module of a notebook: ``get_module("nb04")``."""
    if not isinstance(name, str) or not name.replace("_", "").isalnum():
        raise ValueError(f"Exercise modules are named like 'nb04'; got {name!r}.")
    try:
        return import_module(f"summitlib.exercises.{name}")
    except ModuleNotFoundError:
        raise ValueError(f"There is no exercise module {name!r} in summitlib.exercises.") from None
