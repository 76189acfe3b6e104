"""The instructor's tools: release the notebooks to students, grade their submissions, mark
written answers.

Reachable as ``summitlib release``, ``summitlib grade``, ``summitlib mark`` and ``summitlib
collect`` (see ``summitlib --help``), or from Python:

- :func:`release` writes a self-contained student release (the notebooks with outputs
  cleared and every exercise cell turned into an nbgrader cell, the data, the student edition
  of summitlib, ``requirements.txt`` and ``binder/``) or, with ``key=True``, the answer key
  (each answer cell holding its solution between ``### BEGIN SOLUTION`` and
  ``### END SOLUTION``, in a folder git ignores); :func:`release_notebook` does one notebook.
- :func:`grade` grades every submitted notebook and writes a gradebook (CSV), a summary, LMS
  exports and one feedback file per student; :func:`grade_notebook` grades one.
- :func:`mark` opens the marking view of one written question in JupyterLab.

One module, one job (the student edition leaves this whole package out: it holds the key's
grader):

====================  =====================================================================
``cells``             the notebook conventions: a cell's source and role, the setup cell
``release_steps``     the release's steps, one small function each (outputs, solutions, locks)
``releasing``         :func:`release_notebook` (the steps in order) and :func:`release`
``student_package``   the student package beside the notebooks (edition, data, binder/)
``student_edition``   the student edition of summitlib: no answers, solutions or explanations
``restore``           the release a submission is graded as; its locked cells put back
``sandbox``           the bubblewrap command that seals a notebook off
``execution``         the sealed run: runners started ahead, the student edition, hidden folders
``judging``           each answer judged against the key in the grader's process
``results``           :class:`ExerciseResult`, :class:`NotebookResult`, :class:`GradeReport`
``classlist``         the roster, the submissions found, what to grade for each student
``assignment``        which notebooks are expected and which exercises each holds
``gradebook``         the summary, the statuses, each student's feedback in words
``reports``           the files :func:`grade` writes (detail rows, feedback pages and zip)
``tables``            CSV cells a spreadsheet never runs, atomic writes
``lms``               Canvas and Moodle: collecting their downloads, their import layouts
``written_answers``   written answers read from the notebook files, as data
``marks``             the marks file of written answers
``marking``           the marking view
====================  =====================================================================

The notebook a grading kernel runs is driven by :mod:`summitlib.grading_runner`, which stays
outside this package: it runs inside the sandbox, from the student edition.

nbformat and nbclient (both installed with JupyterLab) are imported only when needed, so
``import summitlib`` stays light.
"""

from __future__ import annotations

from summitlib.exercises._feedback import OUTCOME_MIMETYPE
from summitlib.instructor.errors import OverwriteError, ReleaseError, SandboxRequired
from summitlib.instructor.grading import grade, grade_notebook
from summitlib.instructor.marking import mark
from summitlib.instructor.releasing import release, release_notebook
from summitlib.instructor.results import (
    GRADEBOOK_COLUMNS,
    GRADEBOOK_OUTCOMES,
    ExerciseResult,
    GradeReport,
    NotebookResult,
    RunningNotebook,
)

__all__ = [
    "GRADEBOOK_COLUMNS",
    "GRADEBOOK_OUTCOMES",
    "OUTCOME_MIMETYPE",
    "ExerciseResult",
    "GradeReport",
    "NotebookResult",
    "OverwriteError",
    "ReleaseError",
    "RunningNotebook",
    "SandboxRequired",
    "grade",
    "grade_notebook",
    "mark",
    "release",
    "release_notebook",
]
