"""The parts of the chart functions' docstrings that every chart shares, written once.

As in seaborn's ``_docstrings.py``, a docstring names a shared part by a placeholder, here on a
line of its own (``{parameters}``), and :func:`shared` puts the part in its place, indented as
the placeholder is. A part that can be read off the function (which options it takes) is
built from its signature, so the docstring cannot drift from it.

Placeholders
------------
{parameters}
    ``Parameters`` with the function's options other than ``ax`` "as for" the chart's
    ``table_`` function, and, for a ``plot_`` function, the ``ax`` entry (a line indented
    under the placeholder adds the size that suits the chart).
{returns_axes}
    The ``Returns`` of a ``plot_`` function.
{type_error}
    The ``TypeError`` entry of ``Raises``.
"""

from __future__ import annotations

import inspect
import re

_AX = """\
ax : matplotlib.axes.Axes or None, default=None
    The Axes to draw on; None for the current Axes."""

_PARTS = {
    "returns_axes": """\
Returns
-------
matplotlib.axes.Axes
    The Axes drawn on.""",
    "type_error": """\
TypeError
    For a ``data`` that is not a DataFrame, or an option of the wrong type.""",
}

_PLACEHOLDER = re.compile(r"^( *)\{(\w+)\}$", re.MULTILINE)


def _parameters(function) -> str:
    # The chart's module is named after it (summitlib.charts.timeline), as is its table.
    table = "table_" + function.__module__.rsplit(".", 1)[-1]
    names = list(inspect.signature(function).parameters)
    options = [n for n in names if n != "ax"]
    text = f"Parameters\n----------\n{', '.join(options)}\n    As for :func:`{table}`."
    if "ax" in names[1:]:
        text += "\n" + _AX
    return text


def shared(function):
    """Put the shared parts into ``function``'s docstring (see the module's placeholders).

    Parameters
    ----------
    function : callable
        A chart function whose docstring holds placeholders.

    Returns
    -------
    callable
        ``function`` itself, its ``__doc__`` filled in.

    Raises
    ------
    KeyError
        For a placeholder this module does not know (a typo would otherwise show in the help).
    """
    parts = {**_PARTS, "parameters": _parameters(function)}

    def fill(match: re.Match) -> str:
        indent, name = match[1], match[2]
        return "\n".join(indent + line if line else line for line in parts[name].splitlines())

    function.__doc__ = _PLACEHOLDER.sub(fill, function.__doc__)
    return function
