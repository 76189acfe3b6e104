"""Exercises that check themselves, one module per notebook (``nb02``, ``nb03`` ...).

In a notebook::

    from summitlib.exercises import ____, nb04 as ex
    answer_1 = ____          # the student replaces the placeholder
    ex.q1.check(answer_1)    # feedback: Correct / Not yet / Not attempted yet / Error
    ex.q1.hint()             # progressive hints
    ex.q1.solution()         # the solution, unless this release switched solutions off

See :mod:`summitlib.exercises._core` for the exercise kinds.
"""

from summitlib.exercises._core import (
    LABELS,
    OUTCOME_MIMETYPE,
    OUTCOMES,
    PLACEHOLDER,
    ChartExercise,
    ChoiceExercise,
    DataFrameExercise,
    Exercise,
    Feedback,
    ReflectionExercise,
    ValueExercise,
    ____,
    get_module,
    is_placeholder,
    set_solutions_enabled,
    solutions_enabled,
)
from summitlib.exercises._written import Criterion, GuidePoint, WrittenExercise

__all__ = [
    "LABELS",
    "OUTCOMES",
    "OUTCOME_MIMETYPE",
    "PLACEHOLDER",
    "ChartExercise",
    "ChoiceExercise",
    "Criterion",
    "DataFrameExercise",
    "Exercise",
    "Feedback",
    "GuidePoint",
    "ReflectionExercise",
    "ValueExercise",
    "WrittenExercise",
    "____",
    "get_module",
    "is_placeholder",
    "set_solutions_enabled",
    "solutions_enabled",
]
