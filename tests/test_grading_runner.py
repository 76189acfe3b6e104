"""The grading runner (summitlib/grading_runner.py) on its own, with a real kernel."""

from __future__ import annotations

import pytest
from nbformat.v4 import new_code_cell, new_notebook

from summitlib import grading_runner


@pytest.mark.slow
def test_only_a_real_timeout_counts_as_one(tmp_path):
    nb = new_notebook(cells=[
        new_code_cell("import time\ntime.sleep(30)"),
        # A student's own TimeoutError, worded as the runner words a timeout.
        new_code_cell("raise TimeoutError('the cell ran longer than 2 s and was stopped')"),
        new_code_cell("answer_1 = 3"),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    stop = grading_runner.execute(nb, workdir=str(tmp_path), timeout=2,
                                  max_output_bytes=1_000_000)
    assert stop.timed_out == {0}
    assert stop.index is None  # the kernel stopped the sleep, so the rest ran
    assert grading_runner.error_text(nb.cells[1]).startswith("TimeoutError")
