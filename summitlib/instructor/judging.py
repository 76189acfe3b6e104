"""Judging, in the grader's own process: each answer against the key, each stop in words.

The runner hands every ``answer_N`` out of the kernel as plain data (numbers, strings, lists,
tables, a description of a chart's Axes; :mod:`summitlib.exercises._plain`). Here those
values are rebuilt and judged by the key's own exercises, so nothing the student's kernel
displays or computes about itself decides a grade.
"""

from __future__ import annotations

import threading

from summitlib.instructor.cells import cell_source, describe_cell, exercise_label
from summitlib.instructor.results import ExerciseResult, one_line

__all__ = ["exercise_result", "judge", "stop_reason"]

_JUDGE_LOCK = threading.Lock()


def judge(exercise, record):
    """The key's Feedback on the answer a kernel reported, judged in this process."""
    from summitlib.exercises._plain import from_plain

    value = from_plain(record.get("value"))
    with _JUDGE_LOCK:  # the key's expected() reads shared caches; charts share matplotlib
        return exercise.evaluate(value)


def exercise_result(exercise, student, label, run: dict, check_index: int,
                     answer_cells: list[int], timeout) -> ExerciseResult:
    """One exercise's result, from what the runner saw and the key's own judgement."""
    name, max_points = exercise.name, float(exercise.points)
    called = exercise_label(name)  # as the notebook names it: "Exercise 3"

    def row(outcome, detail, feedback=None, points=0.0):
        return ExerciseResult(student, label, name, outcome, points, max_points,
                              one_line(detail), feedback or detail,
                              prompt=getattr(exercise, "prompt", ""))

    stop = run.get("stop") or {}
    stop_index = stop.get("index")
    if isinstance(stop_index, int) and check_index >= stop_index:
        outcome = stop.get("outcome")
        outcome = outcome if outcome in ("kernel_died", "output_too_large", "timeout") else (
            "error")
        return row(outcome, str(stop.get("reason", ""))[:2000])
    timed_out = set(stop.get("timed_out") or [])
    own = [i for i in [*answer_cells, check_index] if i in timed_out]
    if own:
        which = "answer" if own[0] in answer_cells else "check"
        return row("timeout", f"The {which} cell of {called} ran longer than {timeout:g} s "
                              "and was stopped.")
    errors = run.get("errors") or {}
    answer_error = next((str(errors[str(i)]) for i in answer_cells if str(i) in errors), None)
    if answer_error:
        return row("error", f"The answer cell raised {answer_error}.")
    record = (run.get("answers") or {}).get(str(check_index))
    if not isinstance(record, dict):
        check_error = errors.get(str(check_index))
        return row("error", f"The grader could not read {exercise.answer_variable}"
                            + (f" ({check_error})." if check_error else "."))
    if not record.get("defined"):
        return row("error", f"{exercise.answer_variable} is not defined when its check runs: "
                            "the answer cell was deleted, renamed the variable, or did not run.")
    try:
        feedback = judge(exercise, record)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        return row("error", f"The grader could not read {exercise.answer_variable} "
                            f"({type(exc).__name__}).")
    # The key's own feedback, computed here, says the points (a written answer's are 0 until
    # the instructor marks it).
    points = min(max(float(feedback.points), 0.0), max_points) if feedback.correct else 0.0
    return row(feedback.outcome, str(feedback), feedback._markdown(), points)


def stop_reason(nb, stop: dict, timeout, max_output_bytes) -> str:
    """Why the run stopped, naming the cell as the student knows it (not the runner's)."""
    index, outcome = stop["index"], stop.get("outcome")
    if outcome == "kernel_died":
        code = stop.get("exit_code")
        return ("The kernel stopped while running "
                f"{describe_cell(nb, index)} "
                f"({one_line(cell_source(nb.cells[index]), 60)!r})"
                + (f", exit code {code}." if isinstance(code, int) else "."))
    if outcome == "output_too_large":
        return (f"Output too large: {describe_cell(nb, index)} took the notebook past "
                f"{max_output_bytes / 1e6:g} MB of output, so the rest was not run.")
    previous = stop.get("previous")
    if outcome == "timeout" and isinstance(previous, int) and 0 <= previous < len(nb.cells):
        return (f"{_capital(describe_cell(nb, previous))} ran longer than {timeout:g} s "
                "and did not stop when interrupted, so the rest of the notebook was not run.")
    return str(stop.get("reason", ""))[:2000]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
