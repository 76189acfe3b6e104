"""Set-up for the docstring examples in ``summitlib/`` (the tests have ``tests/conftest.py``).

The chart examples draw the way a notebook does, ``ax = plot_coverage()``, on pyplot's current
figure, and leave it open as a notebook would; closing the figures after each example keeps
them from piling up (or drawing on each other) across the run.
"""

import os

import pytest

# Set before anything imports pyplot, so an example never tries to open a window.
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(autouse=True)
def _close_figures(request):
    yield
    if request.node.__class__.__name__ == "DoctestItem":
        import matplotlib.pyplot as plt

        plt.close("all")
