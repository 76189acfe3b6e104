"""The exercise machinery's names in one place, for the modules that import them from here.

The machinery is split by job; import from the module that does the job:

- :mod:`._placeholder`: the blank ``____`` and :func:`is_placeholder`;
- :mod:`._feedback`: :class:`Feedback`, its labels and colours, and safe descriptions of any
  object a student passes;
- :mod:`._exercise`: the :class:`Exercise` base (check, grade, hint, solution) and the
  solutions switch;
- :mod:`._solution`: the solution code shown, read from the solution function's source;
- :mod:`._kinds`, :mod:`._table`, :mod:`._chart`: how each kind compares an answer;
- :mod:`._declare`: the decorators a notebook's module declares its exercises with, and
  :mod:`._prose`: the notebook's text file they read each exercise's prose from.
"""

from summitlib._text import inline_html as _markdown_to_html
from summitlib.exercises._chart import ChartExercise, bars_of, check_labels
from summitlib.exercises._declare import get_module
from summitlib.exercises._exercise import (
    Exercise,
    _Wrong,
    set_solutions_enabled,
    solutions_enabled,
)
from summitlib.exercises._feedback import (
    LABEL_COLOURS,
    LABELS,
    OUTCOME_MIMETYPE,
    OUTCOMES,
    Feedback,
    _describe_type,
    _is_number,
    _show,
    _type_name,
)
from summitlib.exercises._kinds import (
    ChoiceExercise,
    ReflectionExercise,
    ValueExercise,
    number_form,
)
from summitlib.exercises._placeholder import PLACEHOLDER, ____, is_placeholder
from summitlib.exercises._table import DataFrameExercise, _flatten, _sorted_rows, frame_form

__all__ = [
    "LABELS", "LABEL_COLOURS", "OUTCOMES", "OUTCOME_MIMETYPE", "PLACEHOLDER", "ChartExercise",
    "ChoiceExercise", "DataFrameExercise", "Exercise", "Feedback", "ReflectionExercise",
    "ValueExercise", "_Wrong", "____", "_describe_type", "_flatten", "_is_number",
    "_markdown_to_html", "_show", "_sorted_rows", "_type_name", "bars_of", "check_labels",
    "frame_form", "get_module", "is_placeholder", "number_form", "set_solutions_enabled",
    "solutions_enabled",
]
