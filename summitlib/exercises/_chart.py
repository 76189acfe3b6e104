"""Charts as answers: the chart kind, and the checks of an Axes both editions share.

The check reads the bars a student drew, then looks at the chart as a reader would see it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from summitlib.exercises._exercise import Exercise, _Wrong
from summitlib.exercises._feedback import _describe_type


@dataclass(eq=False, repr=False)
class ChartExercise(Exercise):
    """A chart the student draws: pass the matplotlib Axes it is on.

    ``expected`` returns a mapping of bar label to value. The check reads the bars the
    student drew (in any order), then looks at the chart as a reader would see it: bars too
    thin to see (a date axis measures bar widths in days) and tick labels that overlap are
    *Not yet*, with the reason. It asks for a title and an axis label when ``require_labels``
    is true. A whole Figure is *Not yet* too: the question asks for the Axes.
    """

    require_labels: bool = True
    rtol: float = 1e-6
    #: A bar narrower than this share of the plotting area's width is too thin to see.
    min_bar_share: float = 0.01

    def _compare(self, answer, expected):
        bars, horizontal = bars_of(answer, self.answer_variable)
        values = sorted((p.get_width() if horizontal else p.get_height()) for p in bars)
        want = sorted(float(v) for v in expected.values())
        if len(values) != len(want):
            raise _Wrong(f"Your chart has {len(values)} bars, which is too "
                         f"{'many' if len(values) > len(want) else 'few'}.")
        if not np.allclose(values, want, rtol=self.rtol, atol=1e-9):
            raise _Wrong("The bar heights do not match the data yet. Check which rows and which "
                         "column you plotted.")
        _check_readable(answer, bars, horizontal, self.min_bar_share)
        if self.require_labels:
            check_labels(answer, horizontal)


def bars_of(answer, variable: str):
    """The bars of the Axes a student passed, and whether they lie horizontally.

    Raises ``_Wrong`` in plain words for a Figure, for anything that is not an Axes, and for
    a chart without bars. Shared by the key's checks and the student edition's.
    """
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    if isinstance(answer, Figure):
        raise _Wrong("You passed the whole figure; the check wants the Axes, the chart "
                     "inside it. With `fig, ax = plt.subplots()`, end with "
                     f"`{variable} = ax`.")
    if not isinstance(answer, Axes):
        raise _Wrong(f"Your answer is {_describe_type(answer)}; pass the Axes your chart is "
                     "on, for example `ax` from `fig, ax = plt.subplots()`, or what "
                     "`df.plot.bar()` returns.")
    bars = [p for p in answer.patches if isinstance(p, Rectangle)]
    if not bars:
        raise _Wrong("Your chart has no bars. Draw a bar chart (`ax.bar(...)` or "
                     "`.plot.bar(ax=ax)`).")
    return bars, _is_horizontal(bars)


def check_labels(ax, horizontal: bool) -> None:
    """Raise ``_Wrong`` unless the chart has a title and its value axis a label."""
    figure = ax.get_figure()
    suptitle = figure.get_suptitle() if figure is not None else ""
    if not ax.get_title().strip() and not suptitle.strip():
        raise _Wrong("The bars are right. Now give the chart a title "
                     "(`ax.set_title(...)`).")
    axis_label = ax.get_xlabel() if horizontal else ax.get_ylabel()
    if not axis_label.strip():
        which = "x" if horizontal else "y"
        raise _Wrong(f"The bars are right. Now label the {which} axis with what the bars "
                     f"measure (`ax.set_{which}label(...)`).")


def _check_readable(ax, bars, horizontal, min_share) -> None:
    """Raise _Wrong when a reader could not see the bars or read the labels under them."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = ax.get_figure()
    # Jupyter's inline backend leaves a shown figure with a canvas that cannot draw, so the
    # chart is laid out (ticks, labels) on an Agg canvas of its own, then given back.
    shown_on = figure.canvas
    try:
        canvas = FigureCanvasAgg(figure)
        canvas.draw()
        renderer = canvas.get_renderer()
    except Exception:  # a figure that cannot be drawn here: judge the values only
        figure.set_canvas(shown_on)
        return
    try:
        _check_layout(ax, renderer, bars, horizontal, min_share)
    finally:
        figure.set_canvas(shown_on)


def _check_layout(ax, renderer, bars, horizontal, min_share) -> None:
    area = ax.get_window_extent(renderer)
    span = area.height if horizontal else area.width
    thickness = min((b.get_window_extent(renderer).height if horizontal
                     else b.get_window_extent(renderer).width) for b in bars)
    if span > 0 and thickness < min_share * span:
        raise _Wrong("The bars have the right heights but are too thin to see. A bar's width "
                     "is measured in the units of its axis, and on a date axis that is days. "
                     "Turn the dates into text labels first, for example "
                     "`rows['as_of'].dt.strftime('%Y-%m-%d')`, so each bar gets its own slot.")
    labels = ax.get_yticklabels() if horizontal else ax.get_xticklabels()
    boxes = [t.get_window_extent(renderer) for t in labels
             if t.get_visible() and t.get_text().strip()]
    boxes.sort(key=lambda b: b.y0 if horizontal else b.x0)
    for before, after in itertools.pairwise(boxes):
        if before.overlaps(after):
            raise _Wrong("The labels along the bars overlap, so a reader cannot read them. "
                         "Shorter labels, a wider figure (`plt.subplots(figsize=(8, 4))`) or "
                         "turned labels (`ax.tick_params(axis='x', labelrotation=45)`) fix it.")


def _is_horizontal(bars) -> bool:
    widths = {round(p.get_width(), 9) for p in bars}
    heights = {round(p.get_height(), 9) for p in bars}
    # Vertical bars share one width; horizontal bars share one height.
    return len(heights) == 1 and len(widths) > 1

