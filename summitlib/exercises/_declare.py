"""Declare each exercise once: a decorator of its kind on its solution function.

In a notebook's module (``summitlib/exercises/nbNN.py``; an illustration, not one of them)::

    @value(
        prompt="How many events does the timeline hold?",
        expected=_event_count,  # computed from the data with the loaders
        hints=["`len()` counts the rows of a table."],
        explanation="One row per event.",
    )
    def q1(events):
        return len(events)

    EXERCISES = exercises_in(globals())

The function's name is the exercise's name (``q1``, answer variable ``answer_1``); its module
is the notebook (``nb04`` for ``nb04.py``); its parameters name the setup cell's variables and
its body is the solution code the key and ``solution()`` show (:mod:`._solution`), so ruff
lints it and the tests run it. A choice's solution ends without a return: the answer line,
``answer_4 = 'C'``, is derived from the expected answer. ``exercises_in`` lists the module's
exercises in the order they are declared, so no name is written twice.

Compared with Kaggle's learntools, which declares a problem as a class with ``_var``,
``_expected`` and a solution string, then numbers the classes with ``bind_exercises(globals(),
[...])``: here the name, the variable and the solution come from the one function.
"""

from __future__ import annotations

from functools import partial
from importlib import import_module

from summitlib.exercises._chart import ChartExercise
from summitlib.exercises._exercise import Exercise
from summitlib.exercises._kinds import ChoiceExercise, ReflectionExercise, ValueExercise
from summitlib.exercises._table import DataFrameExercise
from summitlib.exercises._written import WrittenExercise

__all__ = ["chart", "choice", "exercises_in", "get_module", "reflection", "table", "value",
           "written"]


def declare(kind: type, **options):
    """The decorator that makes a solution function into an exercise of ``kind``.

    ``options`` are the kind's fields (prompt, expected, hints, explanation, points ...),
    never ``name``, ``notebook`` or ``solve``: those come from the function.
    """
    given = {"name", "notebook", "solve"} & set(options)
    if given:
        raise TypeError(f"{kind.__name__} takes {sorted(given)} from the solution function; "
                        "remove them from the declaration.")

    def decorate(solution) -> Exercise:
        if not callable(solution) or not hasattr(solution, "__code__"):
            raise TypeError(f"@{kind.__name__} decorates the solution function (def q1(...): "
                            f"...), not {type(solution).__name__}.")
        return kind(name=solution.__name__, notebook=solution.__module__.rsplit(".", 1)[-1],
                    solve=solution, **options)

    return decorate


# One decorator per kind: `@value(...)` declares a ValueExercise (a number, a text, a list),
# `@table` a DataFrameExercise, `@choice` a ChoiceExercise (its answer line derived), `@chart`
# a ChartExercise (the solution returns the Axes), `@reflection` and `@written` a
# ReflectionExercise and a WrittenExercise (the solution returns a model answer).
value, table, choice, chart, reflection, written = (
    partial(declare, kind) for kind in (ValueExercise, DataFrameExercise, ChoiceExercise,
                                        ChartExercise, ReflectionExercise, WrittenExercise))


def exercises_in(namespace: dict) -> list[Exercise]:
    """The exercises a module declares (pass its ``globals()``), in the order declared.

    Exercises imported from another module are left out: each belongs to its own notebook.
    """
    short = str(namespace.get("__name__", "")).rsplit(".", 1)[-1]
    return [v for v in namespace.values() if isinstance(v, Exercise) and v.notebook == short]


def get_module(name: str):
    """The exercise module of a notebook: ``get_module("nb04")``."""
    if not isinstance(name, str) or not name.replace("_", "").isalnum():
        raise ValueError(f"Exercise modules are named like 'nb04'; got {name!r}.")
    try:
        return import_module(f"summitlib.exercises.{name}")
    except ModuleNotFoundError:
        raise ValueError(f"There is no exercise module {name!r} in summitlib.exercises.") from None
