"""Charts of the summit data: each answers one question, as a table, a text and a plot.

For every chart NAME there are three functions that take the same arguments:

- ``table_NAME(data=None, *, options) -> DataFrame``: the numbers behind the chart, computed
  without drawing anything (what the tests and the exercises check);
- ``describe_NAME(data=None, *, options) -> str``: a plain-text description of the chart for
  a reader who cannot see it: what kind of chart, its axes, and the key figures;
- ``plot_NAME(data=None, *, options, ax=None) -> Axes``: the chart, drawn on ``ax``.

``data=None`` loads the bundled table (see :mod:`summitlib.datasets`); pass a DataFrame of
the same shape to chart your own copy. When a chart needs a second table (the New START
limits, topic titles, people's names) it loads the bundled one itself.

The plots follow seaborn's conventions: they draw only on the Axes they are given (default:
the current Axes, ``plt.gca()``), return it, never call ``plt.show()`` and never change
matplotlib's global settings. Their colours come from the Okabe-Ito palette, which people
with every common kind of colour blindness can tell apart, and no meaning rests on colour
alone: bars carry hatching and value labels, markers differ in shape.

matplotlib is imported only when a ``plot_*`` function runs, so ``import summitlib.charts``
stays as cheap as importing pandas.

Charts
------
Each chart is a module of this package, holding its ``table_``, ``describe_`` and ``plot_``
functions together; :mod:`summitlib.charts.output` shows any of them in a notebook.

new_start
    Declared New START forces against the treaty's three central limits.
coverage
    The share of each source's body text given to each topic.
timeline
    The events from 1974 to 2023, with the summit week readable.
speakers
    How many statements each speaker makes on each topic.
arsenal
    The United States and Russia against the rest of the world's nuclear warheads.

Examples
--------
>>> from summitlib import charts
>>> charts.table_arsenal()["warhead_count"].tolist()
[6450, 6850, 1165]
>>> import matplotlib.pyplot as plt
>>> fig, ax = plt.subplots(figsize=(9, 5))
>>> charts.plot_new_start(ax=ax) is ax
True
>>> plt.close(fig)
"""

from summitlib.charts._style import HYPOTHETICAL_FORCE, OKABE_ITO
from summitlib.charts.arsenal import describe_arsenal, plot_arsenal, table_arsenal
from summitlib.charts.coverage import describe_coverage, plot_coverage, table_coverage
from summitlib.charts.new_start import (
    describe_new_start,
    plot_new_start,
    table_new_start,
    update_new_start,
)
from summitlib.charts.output import chart_bundle, description_html, show_chart, show_description
from summitlib.charts.speakers import describe_speakers, plot_speakers, table_speakers
from summitlib.charts.timeline import (
    SUMMIT_WEEK,
    describe_timeline,
    plot_timeline,
    table_timeline,
    timeline_html,
)

__all__ = [
    "HYPOTHETICAL_FORCE",
    "OKABE_ITO",
    "SUMMIT_WEEK",
    "chart_bundle",
    "describe_arsenal",
    "describe_coverage",
    "describe_new_start",
    "describe_speakers",
    "describe_timeline",
    "description_html",
    "plot_arsenal",
    "plot_coverage",
    "plot_new_start",
    "plot_speakers",
    "plot_timeline",
    "show_chart",
    "show_description",
    "table_arsenal",
    "table_coverage",
    "table_new_start",
    "table_speakers",
    "table_timeline",
    "timeline_html",
    "update_new_start",
]
