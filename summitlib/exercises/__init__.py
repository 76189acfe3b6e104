"""Exercises that check themselves, one module per notebook (``nb02``, ``nb03`` ...).

In a notebook::

    from summitlib.exercises import nb04 as ex
    from summitlib.exercises import ____
    answer_1 = ____          # the student replaces the placeholder
    ex.q1.check(answer_1)    # feedback: Correct / Not yet / Not attempted yet / Error
    ex.q1.hint()             # progressive hints
    ex.q1.solution()         # the solution, unless this release switched solutions off

Each module declares its exercises once, with the decorators of
:mod:`summitlib.exercises._declare` on their solution functions; :mod:`summitlib.exercises._core`
maps the machinery's modules. Imported inside IPython or Jupyter, this package also starts the
plain-language help of :mod:`summitlib.exercises._friendly` in that kernel (a record of which
answer cells ran without error, and beginner errors explained in one sentence); outside IPython
it does nothing.
"""

from summitlib.exercises._chart import ChartExercise
from summitlib.exercises._declare import get_module
from summitlib.exercises._exercise import Exercise, set_solutions_enabled, solutions_enabled
from summitlib.exercises._feedback import LABELS, OUTCOME_MIMETYPE, OUTCOMES, Feedback
from summitlib.exercises._friendly import install as _install_friendly_help
from summitlib.exercises._kinds import ChoiceExercise, ReflectionExercise, ValueExercise
from summitlib.exercises._placeholder import PLACEHOLDER, ____, is_placeholder
from summitlib.exercises._table import DataFrameExercise
from summitlib.exercises._written import Criterion, GuidePoint, WrittenExercise, criteria

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
    "criteria",
    "get_module",
    "is_placeholder",
    "set_solutions_enabled",
    "solutions_enabled",
]

# A notebook's setup cell imports this package: from then on, in that kernel, checks know
# whether the answer cell last ran without error, and beginner errors read as one sentence.
_install_friendly_help()
