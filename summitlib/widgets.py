"""Interactive explorers: pick a topic, a source, a date range or a word and see the data.

Each ``explore_<thing>(data=None)`` returns an ipywidgets widget (an :class:`Explorer`) made
of labelled controls above one output area that grows with what it shows. The widgets are
thin: every change of a control calls one pure function of this module or of
:mod:`summitlib.charts` and shows what it returns, so everything a widget shows can also be
computed without it.

What a widget currently shows stays inspectable from Python, which is how the tests check
the widgets without a browser:

- ``w.controls``: the controls, keyed by the keyword they feed (``w.controls["topic"]``);
- ``w.current_text``: the text shown, as light Markdown;
- ``w.current_table``: the :class:`pandas.DataFrame` shown (or behind the chart), or None;
- ``w.current_figure``: the :class:`matplotlib.figure.Figure` shown, or None;
- ``w.current_error``: ``"ExceptionType: message"`` when the last update failed, else None.

An error inside an update never disappears into a log: the output area says what went wrong.

Every explorer works from the keyboard inside JupyterLab. JupyterLab's notebook shortcuts take
the arrow keys (and single letters) from any focused element of an output that is not a text
field, so a collapsed drop-down never sees ArrowDown (ipywidgets issue 3912) and a slider's
handle never sees ArrowLeft. The controls are therefore the kinds JupyterLab leaves alone:
toggle buttons and check boxes (Tab to each, Space or Enter picks it) and number boxes (text
fields: type a number, or step it with the arrow keys). Every chart image carries its
description as alternative text, and each change is announced to screen readers by a polite
live region holding the new view's description.

Examples
--------
>>> from summitlib.widgets import explore_statements
>>> w = explore_statements()
>>> w.controls["text"].value = "rubbish"
>>> w.current_text.splitlines()[0]
'1 statement matches'
"""

from __future__ import annotations

import asyncio
import contextvars
import html
import random
import re
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import ipywidgets as widgets
import pandas as pd
import traitlets
from matplotlib.figure import Figure

from summitlib import charts, datasets
from summitlib.charts import coverage as _coverage_chart
from summitlib.charts import new_start as _new_start_chart

__all__ = [
    "ALL",
    "Explorer",
    "View",
    "WhoSaidItQuiz",
    "check_new_start_limits",
    "explore_new_start",
    "explore_sources",
    "explore_statements",
    "explore_timeline",
    "explore_topic",
    "explore_who_said_it",
    "filter_statements",
    "format_statement",
    "topic_view",
    "topics_covered_by_one",
]

PRESIDENTS = ("trump", "putin")
"""The two speakers the topic explorer lists first."""

ALL = ""
"""The value of the "All" / "Both" option of a choice: no filter.

Not None, because ipywidgets shows a choice whose value is None as nothing picked.
"""

_LABEL_STYLE = {"description_width": "initial"}
_FIGURE_DPI = 100

_PRESSED = contextvars.ContextVar("summitlib_pressed", default=False)
"""True while a button press (a -1 / +1) is changing a control: presses come one message each,
faster than a chart draws, so their redraws are coalesced (see :meth:`Explorer._on_change`)."""

# ipywidgets' ToggleButtons mark the chosen button only by a class (no aria-pressed), so a
# screen reader cannot tell which one is chosen. CSS generated content is part of a button's
# accessible name: the chosen one shows a check mark that is read out as "selected" (the text
# after "/" is the alternative of the content; a browser without it reads "check mark").
_EXPLORER_CLASS = "summitlib-explorer"
_STYLE = (
    "<style>"
    f".{_EXPLORER_CLASS} .widget-toggle-button.mod-active::after"
    '{content:"\\2713";content:"\\2713" / ", selected";margin-left:0.35em}'
    "</style>"
)


# --- the widget shell ----------------------------------------------------------------------

@dataclass
class View:
    """What an explorer shows after one update.

    Parameters
    ----------
    text : str, default=""
        Light Markdown: ``# heading``, ``## subheading``, ``- item`` lines, blank lines
        between paragraphs, ``**bold**``.
    table : pandas.DataFrame or None, default=None
        The table shown (or, with ``show_table=False``, the numbers behind the figure).
    figure : matplotlib.figure.Figure or None, default=None
        The chart shown.
    description : str, default=""
        The chart in words (a ``describe_<chart>`` text): the image's alternative text, and
        shown under it in a fold.
    show_table : bool, default=True
        Whether to display ``table`` under the text and figure.
    table_html : str or None, default=None
        Ready-made HTML for the table; None renders ``table`` plainly.
    announcement : str, default=""
        What the live region tells a screen reader after the change; empty for the
        description, or the first paragraph of ``text`` when there is no chart.
    """

    text: str = ""
    table: pd.DataFrame | None = None
    figure: Figure | None = None
    description: str = ""
    show_table: bool = True
    table_html: str | None = None
    announcement: str = ""

    def announced(self) -> str:
        """What a screen reader hears when this view replaces another."""
        if self.announcement:
            return self.announcement
        if self.description:
            return self.description
        first = re.split(r"\n\s*\n", self.text.strip(), maxsplit=1)[0] if self.text else ""
        return re.sub(r"^#+\s*|\*\*", "", first, flags=re.MULTILINE)


class Explorer(widgets.VBox):
    """Labelled controls above one output area that grows with its content.

    Every change of a control's ``value`` calls ``render(**values)`` (one keyword per control
    that has a value) and shows the :class:`View` it returns. An exception raised by
    ``render`` is shown in the output area instead of the view.

    Parameters
    ----------
    controls : dict of str to ipywidgets.Widget
        The controls, keyed by the keyword of ``render`` they feed. Controls without a
        ``value`` (buttons) are laid out but not passed.
    render : callable
        ``render(**values) -> View``.
    intro : str, default=""
        One line above the controls saying what to do.
    height : str or None, default=None
        Least height of the output area, so a short view does not make the page jump. The
        area grows with its content: nothing scrolls inside it.
    layout_rows : list of list of (str or ipywidgets.Widget), default=None
        The controls row by row, by key (or a widget laid out beside them, such as a +1
        button); None puts each control on its own row.
    cache_size : int, default=32
        How many views to keep, keyed by the control values, so that going back to an
        earlier choice shows it at once instead of drawing it again. Use 0 when ``render``
        is not a pure function of the values.

    Attributes
    ----------
    controls : dict of str to ipywidgets.Widget
    output : ipywidgets.Output
    announcer : ipywidgets.HTML
        The polite live region (``role="status"``) that says what changed.
    current_announcement : str
        What it says now.
    current_text : str
    current_table : pandas.DataFrame or None
    current_figure : matplotlib.figure.Figure or None
    current_error : str or None

    Examples
    --------
    >>> import ipywidgets as widgets
    >>> from summitlib.widgets import Explorer, View
    >>> w = Explorer({"n": widgets.IntSlider(value=2, description="n")},
    ...              lambda n: View(text=f"{n} squared is {n * n}"))
    >>> w.controls["n"].value = 3
    >>> w.current_text
    '3 squared is 9'
    """

    def __init__(self, controls, render, *, intro="", height=None, layout_rows=None,
                 cache_size=32):
        self.controls = dict(controls)
        self.current_announcement = ""
        self.current_text = ""
        self.current_table = None
        self.current_error = None
        self._figure = None
        self._figure_draws = None
        self._shown_values = {}
        self._render = render
        self._paused = 0
        self._cache = OrderedDict()
        self._cache_size = cache_size
        # No fixed height and no overflow: a box that scrolls inside the page traps the mouse
        # wheel, cuts text off and is a scrolling region a keyboard cannot reach.
        self.output = widgets.Output(
            layout=widgets.Layout(min_height=height, border="1px solid #bbb", padding="4px")
        )
        self.announcer = widgets.HTML(_live_region(""))
        rows = layout_rows or [[name] for name in self.controls]
        boxes = [
            widgets.HBox([self.controls[item] if isinstance(item, str) else item
                          for item in row], layout=widgets.Layout(flex_flow="row wrap"))
            for row in rows
        ]
        head = [widgets.HTML(f"<p>{html.escape(intro)}</p>")] if intro else []
        style = widgets.HTML(_STYLE, layout=widgets.Layout(display="none"))
        super().__init__(children=[style, *head, *boxes, self.announcer, self.output])
        self.add_class(_EXPLORER_CLASS)
        self._redraw_due = None
        self._drawn_at = 0.0
        self._draw_seconds = 0.0
        for control in self.controls.values():
            if "value" in control.trait_names():
                control.observe(self._on_change, names="value")
        self.refresh()

    @property
    def current_figure(self) -> Figure | None:
        """The :class:`matplotlib.figure.Figure` shown, or None."""
        figure = self._figure
        if figure is not None and _draws(figure) != self._figure_draws:
            # A view shown again from the kept views, on a figure that has drawn other views
            # since: the picture is right, the figure is drawn again to match it.
            figure = self._render(**self._shown_values).figure
            self._figure, self._figure_draws = figure, _draws(figure)
        return figure

    def values(self) -> dict:
        """The current value of every control that has one, keyed like :attr:`controls`."""
        return {
            name: control.value
            for name, control in self.controls.items()
            if "value" in control.trait_names()
        }

    def refresh(self) -> None:
        """Compute the view for the current control values and show it."""
        start = time.perf_counter()
        try:
            self._refresh()
        finally:
            self._drawn_at = time.perf_counter()
            self._draw_seconds = self._drawn_at - start

    def _refresh(self) -> None:
        values = self.values()
        key = _cache_key(values) if self._cache_size else None
        if key is not None and key in self._cache:
            self._cache.move_to_end(key)
            self._display(*self._cache[key])
            return
        shown = self.show(lambda: self._render(**values))
        if key is not None and shown is not None:
            self._cache[key] = shown
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)

    def clear_cache(self) -> None:
        """Forget the views kept for earlier choices (the next changes draw afresh)."""
        self._cache.clear()

    def set_values(self, **values) -> None:
        """Set several controls at once, updating the output only once."""
        self._paused += 1
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._paused -= 1
        self.refresh()

    def show(self, make_view: Callable[[], View]):
        """Show ``make_view()``, or, if it raises, a message naming the error.

        Returns the view, its rendered outputs and the count of draws its figure had then
        (see :func:`_draws`), or None after an error.
        """
        try:
            view = make_view()
            outputs = _outputs(view)
        except Exception as exc:  # shown to the student in the output, never swallowed
            self._show_error(exc)
            return None
        shown = view, outputs, _draws(view.figure)
        self._display(*shown)
        return shown

    def _on_change(self, change) -> None:
        if self._paused == 0 and not (_PRESSED.get() and self._coalesce()):
            self.refresh()

    def _coalesce(self) -> bool:
        """Put off the redraw of a press that comes faster than the kernel draws.

        Each press of a -1 / +1 button is its own message (ipywidgets' frontend merges the
        changes of a number box while the kernel is busy, but not clicks), so pressing
        faster than a chart draws queued one redraw per press. A press that comes less than
        one drawing time after the last draw ended (it waited in the kernel's queue while
        that draw ran) is not drawn at once: one redraw, one drawing time later, shows the
        numbers as they are then, after every press that has arrived meanwhile. A press
        after a pause is drawn at once. Only inside a running event loop (a kernel, Voila);
        elsewhere every change is drawn at once.

        Returns True when the redraw is put off (or already due).
        """
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return False
        if self._redraw_due is not None:
            return True
        if time.perf_counter() - self._drawn_at >= self._draw_seconds:
            return False
        self._redraw_due = loop.call_later(self._draw_seconds, self._redraw)
        return True

    def _redraw(self) -> None:
        self._redraw_due = None
        self.refresh()

    def _display(self, view: View, outputs: tuple, figure_draws: int | None) -> None:
        self._announce(view.announced())
        self.current_text = "\n\n".join(t for t in (view.text, view.description) if t)
        self.current_table = view.table
        self._figure = view.figure
        self._figure_draws = figure_draws
        self._shown_values = self.values()
        self.current_error = None
        # One assignment replaces the old output in a single message, so it never flickers.
        self.output.outputs = outputs

    def _show_error(self, exc: Exception) -> None:
        self.current_error = f"{type(exc).__name__}: {exc}"
        self.current_text = (
            "This view could not be updated.\n\n"
            f"{self.current_error}\n\n"
            "Try another choice. If the message stays, show it to your instructor."
        )
        self.current_table = None
        self._figure = None
        self._announce("This view could not be updated.")
        message = (
            '<div role="alert" style="color:#8b0000">'
            "<p><b>This view could not be updated.</b></p>"
            f"<p><code>{html.escape(self.current_error)}</code></p>"
            "<p>Try another choice. If the message stays, show it to your instructor.</p></div>"
        )
        self.output.outputs = (_bundle(message, self.current_text),)

    def _announce(self, text: str) -> None:
        if text != self.current_announcement:
            self.current_announcement = text
            self.announcer.value = _live_region(text)


def _live_region(text: str) -> str:
    # Visually hidden (the same words are on screen), but read out by screen readers when it
    # changes; "polite" waits until the reader has finished what it is saying.
    return ('<div role="status" aria-live="polite" aria-atomic="true" style="position:absolute;'
            'width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);'
            f'white-space:nowrap">{html.escape(text)}</div>')


def _cache_key(values: dict):
    key = tuple(sorted(values.items()))
    try:
        hash(key)
    except TypeError:
        return None
    return key


def _outputs(view: View) -> tuple:
    """The output messages that show a view: text, figure, its description, table."""
    outputs = []
    if view.text:
        outputs.append(_bundle(_markdown_html(view.text), view.text))
    if view.figure is not None:
        outputs.append(_figure_bundle(view.figure, view.description or view.text))
    if view.description:
        outputs.append(_bundle(_details_html("The chart in words", view.description),
                               view.description))
    if view.table is not None and view.show_table:
        outputs.append(
            _bundle(view.table_html or _table_html(view.table), view.table.to_string())
        )
    return tuple(outputs)


def _bundle(html_text: str, plain: str) -> dict:
    return {
        "output_type": "display_data",
        "data": {"text/html": html_text, "text/plain": plain},
        "metadata": {},
    }


def _figure_bundle(figure: Figure, alt: str) -> dict:
    # PNG bytes made here rather than display(figure): the same output in a kernel, in
    # Voila and in a test process, whatever matplotlib backend the user chose.
    return charts.chart_bundle(figure, alt or "A chart")


def _new_axes(width=7.0, height=3.6):
    # A bare Figure, not plt.subplots(): pyplot never sees it, so nothing is left open.
    figure = Figure(figsize=(width, height), dpi=_FIGURE_DPI, layout="constrained")
    return figure, figure.add_subplot()


def _draws(figure) -> int | None:
    """How many charts a :class:`_KeptFigure` has drawn on ``figure`` (None for others)."""
    return getattr(figure, "_summitlib_draws", None)


class _KeptFigure:
    """The one Figure an explorer draws each new chart on, over the last one.

    A new Figure for every view pays again for its Axes, its tick labels and a constrained
    layout, which was most of a control change. Drawn over, the next chart reuses the Axes
    and its ticks (their texts are mostly the same strings, drawn from
    :mod:`summitlib.charts.raster`'s kept pictures) and is laid out in one pass.

    Parameters
    ----------
    width, height : float
        The figure's size in inches.
    """

    def __init__(self, width: float, height: float):
        from summitlib.charts.raster import TextCacheCanvas

        # A bare Figure, not plt.subplots(): pyplot never sees it, so nothing is left open.
        self.figure = Figure(figsize=(width, height), dpi=_FIGURE_DPI)
        TextCacheCanvas(self.figure)
        self.ax = self.figure.add_subplot()
        self.figure._summitlib_draws = 0
        self.showing = None
        self._laid_out_for = None

    def fresh_axes(self, showing=None):
        """The Axes emptied of the last chart, to draw the next one on; ``showing`` names
        what it will show (see :meth:`changed`)."""
        ax = self.ax
        for artist in [*ax.patches, *ax.texts, *ax.lines, *ax.collections, *ax.images]:
            artist.remove()
        if ax.get_legend() is not None:
            ax.get_legend().remove()
        ax.containers.clear()
        ax.set_axis_on()
        self.changed(showing)
        return ax

    def changed(self, showing=None) -> None:
        """Record that the figure now shows something else (``showing``, for the caller to
        recognise its own chart next time)."""
        self.figure._summitlib_draws += 1
        self.showing = showing

    def lay_out(self, labels=None) -> Figure:
        """Fit the Axes and its labels into the figure (one pass) and return the figure.

        ``labels``: what decides the room the labels take (their texts, whatever their
        order); when the last chart's were the same, its layout fits this one too.
        """
        if labels is None or labels != self._laid_out_for:
            self.figure.tight_layout(pad=0.5)
        self._laid_out_for = labels
        return self.figure


_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _inline(text: str) -> str:
    return _BOLD.sub(r"<b>\1</b>", html.escape(text, quote=False))


def _markdown_html(text: str) -> str:
    """The light Markdown of :class:`View` as HTML (headings, lists, paragraphs, bold)."""
    parts, items = [], []
    for block in re.split(r"\n\s*\n", text.strip()):
        for line in block.splitlines():
            if line.startswith("- "):
                items.append(f"<li>{_inline(line[2:])}</li>")
                continue
            if items:
                parts.append("<ul>" + "".join(items) + "</ul>")
                items = []
            if line.startswith("## "):
                parts.append(f"<h4>{_inline(line[3:])}</h4>")
            elif line.startswith("# "):
                parts.append(f"<h3>{_inline(line[2:])}</h3>")
            else:
                parts.append(f"<p>{_inline(line)}</p>")
        if items:
            parts.append("<ul>" + "".join(items) + "</ul>")
            items = []
    return "\n".join(parts)


def _details_html(summary: str, text: str) -> str:
    return (f"<details><summary>{html.escape(summary)}</summary>"
            f"{charts.description_html(text)}</details>")


def _table_html(table: pd.DataFrame, *, max_height=None, label="") -> str:
    """The table as HTML; with ``max_height``, in a box that scrolls, which the keyboard
    reaches (``tabindex="0"``) and a screen reader names (``label``)."""
    # Left-aligned and top-aligned: the tables hold sentences, which read badly flush right.
    inner = table.to_html(index=False, escape=True, border=0, na_rep="", justify="left")
    inner = inner.replace("<td>", '<td style="text-align:left;vertical-align:top">')
    if max_height is None:
        return inner
    return (f'<div tabindex="0" role="region" aria-label="{html.escape(label)}" '
            f'style="max-height:{max_height};overflow:auto">{inner}</div>')


def _unless_all(value):
    """The keyword a control's value stands for: None for the "All" option."""
    return None if isinstance(value, str) and value == ALL else value


def _choice(options, value, description, *, tooltips=None):
    """A choice of one option, as toggle buttons: Tab reaches each, Space or Enter picks it.

    Not a Dropdown: inside JupyterLab a collapsed drop-down loses ArrowDown to the notebook
    (ipywidgets issue 3912) and single letters to its shortcuts ("x" cuts the cell).
    """
    options = list(options)
    return widgets.ToggleButtons(
        options=options, value=value, description=description,
        tooltips=tooltips or [label for label, _ in options],
        style={"description_width": "initial", "button_width": "auto"},
    )


class _CheckList(widgets.Box):
    """Check boxes for picking any number of options; ``value`` is the tuple picked.

    Check boxes, not a multiple selection list: Tab reaches each and Space ticks it, where a
    list's arrow keys are taken by JupyterLab's notebook shortcuts.
    """

    value = traitlets.Tuple()

    def __init__(self, options, value, description):
        self.options = list(options)
        self._boxes = {
            v: widgets.Checkbox(value=v in value, description=label, indent=False,
                                layout=widgets.Layout(width="auto", margin="0 12px 0 0"))
            for label, v in self.options
        }
        super().__init__(
            [widgets.Label(description), *self._boxes.values()],
            layout=widgets.Layout(flex_flow="row wrap", align_items="center"),
        )
        self.value = tuple(v for _, v in self.options if v in value)
        self._syncing = False
        for box in self._boxes.values():
            box.observe(self._from_boxes, names="value")
        self.observe(self._to_boxes, names="value")

    def _from_boxes(self, _change):
        if not self._syncing:
            self.value = tuple(v for v, box in self._boxes.items() if box.value)

    def _to_boxes(self, change):
        self._syncing = True
        try:
            for v, box in self._boxes.items():
                box.value = v in change["new"]
        finally:
            self._syncing = False


class _YearRange(widgets.HBox):
    """Two number boxes, first and last year; ``value`` is ``(first, last)``.

    Number boxes are text fields, which JupyterLab leaves the arrow keys to, unlike a range
    slider's handles (which also have no accessible name in ipywidgets 8).
    """

    value = traitlets.Tuple()

    def __init__(self, first, last, description):
        box = {"min": first, "max": last, "step": 1, "continuous_update": True,
               "style": _LABEL_STYLE, "layout": widgets.Layout(width="170px")}
        self.first = widgets.BoundedIntText(value=first, description=f"{description} from",
                                            **box)
        self.last = widgets.BoundedIntText(value=last, description="to", **box)
        super().__init__([self.first, self.last])
        self.value = (first, last)
        self._syncing = False
        self.first.observe(self._from_boxes, names="value")
        self.last.observe(self._from_boxes, names="value")
        self.observe(self._to_boxes, names="value")

    def _from_boxes(self, change):
        if self._syncing:
            return
        first, last = self.first.value, self.last.value
        if first > last:  # the other end follows, so the range is never empty
            first, last = (first, first) if change["owner"] is self.first else (last, last)
        self.value = (first, last)

    def _to_boxes(self, change):
        self._syncing = True
        try:
            self.first.value, self.last.value = change["new"]
        finally:
            self._syncing = False


# --- data and labels -----------------------------------------------------------------------

def _tables(data, main: str, *others: str) -> dict[str, pd.DataFrame]:
    """The tables a widget needs: ``data`` where given, the bundled ones otherwise."""
    if data is None:
        given = {}
    elif isinstance(data, pd.DataFrame):
        given = {main: data}
    elif isinstance(data, Mapping):
        given = dict(data)
        unknown = sorted(set(given) - {main, *others})
        if unknown:
            raise ValueError(
                f"data has table(s) {unknown} this widget does not use. "
                f"Pass any of {[main, *others]} (a dict of table name to DataFrame)."
            )
        for name, frame in given.items():
            if not isinstance(frame, pd.DataFrame):
                raise TypeError(
                    f"data[{name!r}] must be a pandas DataFrame (for example "
                    f"summitlib.load_{name}()), got {type(frame).__name__}."
                )
    else:
        raise TypeError(
            f"data must be None (the bundled data), a DataFrame like load_{main}(), or a dict "
            f"of table name to DataFrame; got {type(data).__name__}."
        )
    for name, frame in given.items():
        _require(frame, name, _COLUMNS.get(name, ()))
    return {
        name: given[name] if name in given else datasets.load_dataset(name)
        for name in (main, *others)
    }


# The columns the widgets read, checked when a user passes their own table.
_COLUMNS = {
    "statements": ["statement_id", "source_id", "paragraph", "speaker_id", "topic_id",
                   "statement_kind", "quote", "paraphrase"],
    "topics": ["topic_id", "position", "title", "summary", "discussion_status",
               "discussion_note"],
    "people": ["person_id", "name", "actor_kind"],
    "passages": ["source_id", "paragraph", "passage_kind", "word_count", "topic_id"],
    "events": ["occurred_on", "topic_id"],
    "new_start_declarations": ["as_of", "country", "category", "declared_count"],
    "new_start_limits": ["category", "limit_count"],
}


def _require(frame: pd.DataFrame, table: str, columns) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"The {table} table lacks the column(s) {missing}; it has {list(frame.columns)}. "
            f"Pass a table shaped like summitlib.load_{table}()."
        )


def _not_empty(frame: pd.DataFrame, table: str) -> None:
    if frame.empty:
        raise ValueError(
            f"The {table} table has no rows, so there is nothing to explore. Pass a table "
            f"with at least one row, or None for summitlib.load_{table}()."
        )


def _source_label(source_id) -> str:
    return str(source_id).upper()


def _short_names(people: pd.DataFrame) -> dict[str, str]:
    """Surnames for people ("Putin"), full names for institutions and groups."""
    names = {}
    for row in people.itertuples(index=False):
        name = str(row.name)
        names[str(row.person_id)] = (
            name.split()[-1] if str(row.actor_kind) == "person" else name
        )
    return names


def _locator(row) -> str:
    return f"{_source_label(row.source_id)} ¶{int(row.paragraph)}"


def format_statement(row, speaker: str) -> str:
    """One statement as a line that cites its source and paragraph.

    Parameters
    ----------
    row : namedtuple or pandas.Series
        A row of :func:`summitlib.load_statements`.
    speaker : str
        The name to show for the speaker.

    Returns
    -------
    str
        ``“quote” — Speaker, SOURCE ¶n`` for a quote; for a paraphrase, the own-words
        account marked as such: ``Speaker (paraphrase): ... — SOURCE ¶n``.

    Examples
    --------
    >>> import pandas as pd
    >>> from summitlib.widgets import format_statement
    >>> row = pd.Series({"source_id": "crs", "paragraph": 8, "statement_kind": "quote",
    ...                  "quote": "the task of establishing peace and reconciliation"})
    >>> format_statement(row, "Putin")
    '“the task of establishing peace and reconciliation” — Putin, CRS ¶8'
    """
    if str(row.statement_kind) == "quote":
        return f"“{row.quote}” — {speaker}, {_locator(row)}"
    return f"{speaker} (paraphrase): {row.paraphrase} — {_locator(row)}"


def _topic_titles(topics: pd.DataFrame) -> dict[str, str]:
    ordered = topics.sort_values("position") if "position" in topics else topics
    return dict(zip(ordered["topic_id"].astype(str), ordered["title"].astype(str), strict=True))


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


# --- 1. topic explorer ---------------------------------------------------------------------

def topic_view(topic_id: str, data=None) -> View:
    """Everything the topic explorer shows for one topic.

    Parameters
    ----------
    topic_id : str
        One of ``load_topics()["topic_id"]``.
    data : dict of str to DataFrame, DataFrame or None, default=None
        Tables to use instead of the bundled ones: ``statements`` (the default for a bare
        DataFrame), ``topics``, ``people``, ``passages``.

    Returns
    -------
    View
        ``text``: summary, discussion status, what each president said (quotes with source
        and paragraph, paraphrases marked), others quoted, coverage; ``table``: the coverage
        per source (body paragraphs, words, share of the source's body words).

    Examples
    --------
    >>> from summitlib.widgets import topic_view
    >>> "peace and reconciliation" in topic_view("syria").text
    True
    """
    tables = _tables(data, "statements", "topics", "people", "passages")
    return _topic_view(topic_id, tables, _coverage_tables(tables["passages"]))


def _coverage_tables(passages):
    """Shares and word counts per topic and source (they do not depend on the topic picked)."""
    return (charts.table_coverage(passages, normalize=True),
            charts.table_coverage(passages, normalize=False))


def _topic_view(topic_id, tables, coverage) -> View:
    topics, statements = tables["topics"], tables["statements"]
    titles = _topic_titles(topics)
    if topic_id not in titles:
        raise ValueError(
            f"The 'topic_id' parameter must be one of {list(titles)}. Got {topic_id!r} instead."
        )
    topic = topics[topics["topic_id"].astype(str) == topic_id].iloc[0]
    names = _short_names(tables["people"])
    said = statements[statements["topic_id"].astype(str) == topic_id]
    said = said.sort_values(["source_id", "paragraph"], kind="stable")
    lines = [
        f"# {topic['title']}",
        "",
        str(topic["summary"]),
        "",
        f"**Discussion at the summit:** {topic['discussion_status']}. "
        f"{topic['discussion_note']}",
        "",
        "## What the presidents said",
    ]
    presidents = [p for p in PRESIDENTS if p in names]
    shown = False
    for person in presidents:
        for row in said[said["speaker_id"].astype(str) == person].itertuples(index=False):
            lines.append("- " + format_statement(row, names[person]))
            shown = True
    if not shown:
        lines.append("Neither president is reported speaking on this topic in the sources.")
    others = said[~said["speaker_id"].astype(str).isin(presidents)]
    if len(others):
        lines += ["", "## Others on this topic"]
        lines += [
            "- " + format_statement(row, names.get(str(row.speaker_id), str(row.speaker_id)))
            for row in others.itertuples(index=False)
        ]
    table = _topic_coverage(topic_id, tables["passages"], coverage)
    covering = table.loc[table["share_of_body_words"] > 0, "source"].tolist()
    silent = table.loc[table["share_of_body_words"] == 0, "source"].tolist()
    lines += ["", "## Coverage"]
    lines.append(
        "Covered by " + (", ".join(covering) if covering else "neither source")
        + (f"; not covered by {', '.join(silent)}." if silent else ".")
    )
    for row in table.itertuples(index=False):
        lines.append(
            f"- {row.source}: {row.share_of_body_words:.1%} of its body words "
            f"({_count(row.body_paragraphs, 'paragraph', 'paragraphs')}, "
            f"{_count(row.words, 'word', 'words')})"
        )
    return View(text="\n".join(lines), table=table)


def _topic_coverage(topic_id, passages, coverage) -> pd.DataFrame:
    body = passages[passages["passage_kind"].astype(str) == "paragraph"]
    on_topic = body[body["topic_id"].astype(str) == topic_id]
    sources = list(pd.unique(passages["source_id"].astype(str)))
    shares, words = coverage
    rows = []
    for source in sources:
        rows.append({
            "source": _source_label(source),
            "body_paragraphs": int((on_topic["source_id"].astype(str) == source).sum()),
            "words": int(_lookup(words, topic_id, source)),
            "share_of_body_words": float(_lookup(shares, topic_id, source)),
        })
    return pd.DataFrame(rows)


def _lookup(coverage: pd.DataFrame, topic_id: str, source_id: str) -> float:
    # table_coverage is wide: one row per topic, one column per source.
    if topic_id not in coverage.index.astype(str) or source_id not in coverage.columns:
        return 0
    value = coverage.loc[coverage.index.astype(str) == topic_id, source_id].iloc[0]
    return 0 if pd.isna(value) else value


def explore_topic(data=None, *, topic=None) -> Explorer:
    """Pick a topic; see its summary, what each president said, and its coverage.

    Parameters
    ----------
    data : dict of str to DataFrame, DataFrame or None, default=None
        Tables to use instead of the bundled ones: ``statements`` (the default for a bare
        DataFrame), ``topics``, ``people``, ``passages``.
    topic : str, default=None
        The ``topic_id`` to show first (a topic notebook opens on its own topic); the first
        topic when None.

    Returns
    -------
    Explorer
        Controls: ``topic`` (toggle buttons of topic titles whose value is the
        ``topic_id``).
        ``current_table``: coverage per source (see :func:`topic_view`).

    Examples
    --------
    >>> from summitlib.widgets import explore_topic
    >>> w = explore_topic()
    >>> w.controls["topic"].value = "syria"
    >>> "the task of establishing peace and reconciliation" in w.current_text
    True
    >>> explore_topic(topic="ukraine").controls["topic"].value
    'ukraine'
    """
    tables = _tables(data, "statements", "topics", "people", "passages")
    titles = _topic_titles(tables["topics"])
    if topic is None:
        topic = next(iter(titles))
    elif topic not in titles:
        raise ValueError(f"The 'topic' parameter of explore_topic must be one of "
                         f"{list(titles)}. Got {topic!r} instead.")
    control = _choice([(t, i) for i, t in titles.items()], topic, "Topic")
    coverage = _coverage_tables(tables["passages"])
    return Explorer(
        {"topic": control},
        lambda topic: _topic_view(topic, tables, coverage),
        intro="Pick a topic: its summary, what each president said, and how much of each "
        "source it fills.",
    )


# --- 2. source comparison ------------------------------------------------------------------

def topics_covered_by_one(first: str, second: str, data=None) -> pd.DataFrame:
    """The topics that one of two sources covers and the other leaves out.

    Parameters
    ----------
    first, second : str
        Two different ``source_id`` values (``load_sources()["source_id"]``).
    data : DataFrame, dict of str to DataFrame, or None, default=None
        The passages table (or ``{"passages": ..., "topics": ...}``); None for the bundled.

    Returns
    -------
    pandas.DataFrame
        One row per such topic, in reading order: ``topic_id``, ``title``, ``covered_by``
        (the source that covers it) and ``share`` (of that source's body words).

    Examples
    --------
    >>> from summitlib.widgets import topics_covered_by_one
    >>> only = topics_covered_by_one("crs", "cgtn")
    >>> only[["title", "covered_by"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['Ukraine and Crimea', 'crs'], ['Working groups and follow-up', 'crs'],
     ['State-sponsored violence (the Skripal case)', 'crs']]
    """
    tables = _tables(data, "passages", "topics")
    _check_sources(tables["passages"], first, second)
    return _covered_by_one(first, second, tables)


def _check_sources(passages, *chosen):
    known = list(pd.unique(passages["source_id"].astype(str)))
    for source in chosen:
        if source not in known:
            raise ValueError(
                f"The source must be one of {known}. Got {source!r} instead."
            )


def _covered_by_one(first, second, tables, shares=None) -> pd.DataFrame:
    """:func:`topics_covered_by_one` for sources already checked; ``shares``: their
    :func:`summitlib.charts.table_coverage`, when already computed."""
    if first == second:
        raise ValueError(
            f"first and second are both {first!r}: pass two different sources to compare."
        )
    if shares is None:
        shares = charts.table_coverage(tables["passages"], sources=[first, second],
                                       normalize=True)
    titles = _topic_titles(tables["topics"])
    # One look-up table per source rather than a search of the frame per topic.
    share_of = {s: dict(zip(shares.index.astype(str), shares[s].fillna(0), strict=True))
                if s in shares.columns else {} for s in (first, second)}
    rows = []
    for topic_id in titles:
        a, b = (share_of[s].get(topic_id, 0) for s in (first, second))
        if (a > 0) != (b > 0):
            source, share = (first, a) if a > 0 else (second, b)
            rows.append({"topic_id": topic_id, "title": titles[topic_id],
                         "covered_by": source, "share": float(share)})
    return pd.DataFrame(rows, columns=["topic_id", "title", "covered_by", "share"])


def _sources_view(first, second, tables, kept: _KeptFigure) -> View:
    passages = tables["passages"]
    _check_sources(passages, first, second)
    if first == second:
        label = _source_label(first)
        return View(
            text=f"You picked {label} twice. Pick two different sources to compare them "
            "side by side."
        )
    # The coverage is worked out once for the chart, its description and the table.
    shares, body = _coverage_chart._coverage(passages, [first, second], True)
    _coverage_chart._draw_coverage(kept.fresh_axes(), shares, body, True)
    # Swapping the two sources changes no label, so the layout stays.
    figure = kept.lay_out(("coverage", tuple(shares.index), frozenset(shares.columns)))
    only = _covered_by_one(first, second, tables, shares)
    lines = []
    for source in (first, second):
        mine = only[only["covered_by"] == source]
        label = _source_label(source)
        if len(mine):
            lines.append(f"**Only {label} covers:** " + "; ".join(
                f"{r.title} ({r.share:.1%} of its body words)" for r in mine.itertuples()
            ))
        else:
            lines.append(f"**Only {label} covers:** no topic; everything it covers, the "
                         "other covers too.")
    return View(text="\n".join(lines), table=only, figure=figure,
                description=_coverage_chart._describe_coverage(shares, body, True))


def explore_sources(data=None) -> Explorer:
    """Pick two sources; see their topic coverage side by side and what only one covers.

    Parameters
    ----------
    data : DataFrame, dict of str to DataFrame, or None, default=None
        The passages table (or ``{"passages": ..., "topics": ...}``); None for the bundled.
        An instructor who adds a third source to the passages can compare any two.

    Returns
    -------
    Explorer
        Controls: ``first`` and ``second`` (toggle buttons of source ids; default the first
        two sources). ``current_figure``: :func:`summitlib.charts.plot_coverage` for the pair;
        ``current_table``: :func:`topics_covered_by_one`.

    Examples
    --------
    >>> from summitlib.widgets import explore_sources
    >>> w = explore_sources()
    >>> w.controls["second"].value = w.controls["first"].value
    >>> "twice" in w.current_text
    True
    """
    tables = _tables(data, "passages", "topics")
    _not_empty(tables["passages"], "passages")
    known = list(pd.unique(tables["passages"]["source_id"].astype(str)))
    options = [(_source_label(s), s) for s in known]
    first = _choice(options, known[0], "First source")
    second = _choice(options, known[1] if len(known) > 1 else known[0], "Second source")
    kept = _KeptFigure(8.0, 5.5)
    return Explorer(
        {"first": first, "second": second},
        lambda first, second: _sources_view(first, second, tables, kept),
        intro="Pick two sources: how much of each document goes to each topic, and the "
        "topics only one of them covers.",
        layout_rows=[["first", "second"]],
    )


# --- 3. New START explorer -----------------------------------------------------------------

_CATEGORIES = ("deployed_warheads", "deployed_launchers", "total_launchers")


def _category_label(category: str) -> str:
    return category.replace("_", " ")


def check_new_start_limits(
    *, deployed_warheads: int, deployed_launchers: int, total_launchers: int, limits=None
) -> pd.DataFrame:
    """Compare a (hypothetical) force with the three New START limits.

    Parameters
    ----------
    deployed_warheads : int
        Warheads on deployed ICBMs and SLBMs plus one per deployed heavy bomber.
    deployed_launchers : int
        Deployed ICBMs, SLBMs and heavy bombers.
    total_launchers : int
        Deployed and non-deployed ICBM launchers, SLBM launchers and heavy bombers.
    limits : pandas.DataFrame, default=None
        A table like :func:`summitlib.load_new_start_limits`; None for the treaty's limits.

    Returns
    -------
    pandas.DataFrame
        One row per limit: ``category``, ``count`` (the force), ``limit_count``,
        ``difference`` (count minus limit; positive means over), ``over_limit`` (bool) and
        ``verdict`` ("50 over the limit of 1,550", "73 under the limit of 700" or
        "exactly at the limit of 800").

    Raises
    ------
    TypeError
        If a count is not a whole number.
    ValueError
        If a count is negative.

    Examples
    --------
    >>> from summitlib.widgets import check_new_start_limits
    >>> t = check_new_start_limits(deployed_warheads=1600, deployed_launchers=600,
    ...                            total_launchers=800)
    >>> t.set_index("category")["verdict"].to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'deployed_warheads': '50 over the limit of 1,550',
     'deployed_launchers': '100 under the limit of 700',
     'total_launchers': 'exactly at the limit of 800'}
    """
    force = {
        "deployed_warheads": deployed_warheads,
        "deployed_launchers": deployed_launchers,
        "total_launchers": total_launchers,
    }
    for name, value in force.items():
        if isinstance(value, bool) or not pd.api.types.is_integer(value):
            raise TypeError(
                f"{name} must be a whole number, got {value!r} ({type(value).__name__})."
            )
        if value < 0:
            raise ValueError(f"{name} must be 0 or more, got {value}.")
    if limits is None:
        limits = datasets.load_new_start_limits()
    _require(limits, "new_start_limits", ["category", "limit_count"])
    limit_of = dict(zip(limits["category"].astype(str), limits["limit_count"], strict=True))
    rows = []
    for category in _CATEGORIES:
        count, limit = int(force[category]), int(limit_of[category])
        diff = count - limit
        if diff > 0:
            verdict = f"{diff:,} over the limit of {limit:,}"
        elif diff < 0:
            verdict = f"{-diff:,} under the limit of {limit:,}"
        else:
            verdict = f"exactly at the limit of {limit:,}"
        rows.append({"category": category, "count": count, "limit_count": limit,
                     "difference": diff, "over_limit": diff > 0, "verdict": verdict})
    return pd.DataFrame(rows)


def _what_if_text(table: pd.DataFrame) -> str:
    broken = table[table["over_limit"]]
    force = table.set_index("category")["count"]
    lines = ["# What if a country declared this force?", ""]
    if len(broken):
        lines.append(
            f"This force breaks {len(broken)} of the {len(table)} limits: "
            + "; ".join(
                f"{_category_label(r.category)}: {r.verdict}" for r in broken.itertuples()
            ) + "."
        )
    else:
        lines.append(f"This force keeps within all {len(table)} limits.")
    lines += ["", *(f"- {_category_label(r.category)}: {r.count:,}, {r.verdict}"
                    for r in table.itertuples())]
    if force["deployed_launchers"] > force["total_launchers"]:
        lines += ["", "Note: the total launchers count the deployed ones too, so a real "
                  f"declaration cannot have more deployed launchers "
                  f"({force['deployed_launchers']:,}) than total launchers "
                  f"({force['total_launchers']:,})."]
    return "\n".join(lines)


def _day(value) -> str:
    day = pd.Timestamp(value)
    return f"{day.day} {day:%B %Y}"


def _starting_force(declarations, limits, country, as_of) -> dict:
    """Where the "What if" numbers start: the declaration of the country picked, at the
    exchange picked (the latest when all are), or the limits themselves for both countries."""
    country, as_of = _unless_all(country), _unless_all(as_of)
    if country is None:
        # The limits are a neutral starting point for a force of no country in particular.
        counts = dict(zip(limits["category"].astype(str), limits["limit_count"], strict=True))
    else:
        mine = declarations[declarations["country"].astype(str) == country]
        day = mine["as_of"].max() if as_of is None else pd.Timestamp(as_of)
        rows = mine[mine["as_of"] == day]
        counts = dict(zip(rows["category"].astype(str), rows["declared_count"], strict=True))
    return {c: int(counts[c]) for c in _CATEGORIES if c in counts}


YOUR_FORCE = charts.HYPOTHETICAL_FORCE
"""How the "What if" chart names the hypothetical force (it has a style of its own)."""


def _with_your_force(declarations, as_of, force, country=None) -> pd.DataFrame:
    """The declarations at one exchange (the latest if None) of one country (both if None),
    plus a force."""
    day = pd.Timestamp(as_of) if as_of is not None else declarations["as_of"].max()
    keep = declarations["as_of"] == day
    if country is not None:
        keep &= declarations["country"].astype(str) == country
    real = declarations.loc[keep, ["as_of", "country", "category", "declared_count"]]
    real = real.astype({"country": "str", "category": "str"})
    yours = pd.DataFrame({"as_of": day, "country": YOUR_FORCE, "category": list(force),
                          "declared_count": list(force.values())})
    return pd.concat([real, yours], ignore_index=True)


def _new_start_view(tables, country, as_of, what_if, kept=None, declared=None,
                    **force) -> View:
    """The New START explorer's view. ``declared``: the declarations as
    :func:`summitlib.charts.table_new_start` has them for every country and exchange,
    worked out once (every declared view is a selection of its rows)."""
    declarations = tables["new_start_declarations"]
    country, as_of = _unless_all(country), _unless_all(as_of)
    kept = kept or _KeptFigure(8.0, 4.6)
    if what_if:
        table = check_new_start_limits(**force, limits=tables["new_start_limits"])
        both = _new_start_chart._new_start(
            _with_your_force(declarations, as_of, force, country), None, None)
        figure = _what_if_figure(both, (country, as_of), kept)
        return View(text=_what_if_text(table), table=table, figure=figure,
                    description=_new_start_chart._describe_new_start(both))
    if declared is None:
        declared = _new_start_chart._new_start(declarations, None, None)
    table = declared
    if country is not None:
        table = table[table["country"] == country]
    if as_of is not None:
        table = table[table["as_of"] == pd.Timestamp(as_of)]
    table = table.reset_index(drop=True)
    _new_start_chart._draw_new_start(kept.fresh_axes(), table)
    return View(text="", table=table, figure=kept.lay_out(),
                description=_new_start_chart._describe_new_start(table))


def _what_if_figure(both, key, kept: _KeptFigure) -> Figure:
    """The "What if" chart for a force. Stepping a number changes only the force's bars, so
    the chart of the same country and exchange, when it is the one shown, is changed in
    place (no new bars, no new layout), which draws in a fraction of the time."""
    if kept.showing == ("what if", key) and _new_start_chart._update_new_start(kept.ax, both):
        kept.changed(("what if", key))
        return kept.figure
    ax = kept.fresh_axes(("what if", key))
    _new_start_chart._draw_new_start(ax, both)
    ax.set_title(f"What if: your force next to the declarations of "
                 f"{_day(both['as_of'].iloc[0])}, against the limits")
    return kept.lay_out()


def _force_row(box: widgets.BoundedIntText, noun: str) -> list[widgets.Widget]:
    """A number box with a -1 and a +1 button beside it: one launcher more is one press."""
    def step(by):
        def press(_button):
            token = _PRESSED.set(True)
            try:
                box.value = min(max(box.value + by, box.min), box.max)
            finally:
                _PRESSED.reset(token)
        return press

    buttons = []
    for by, label in ((-1, "\N{MINUS SIGN}1"), (1, "+1")):
        button = widgets.Button(
            description=label, disabled=box.disabled, layout=widgets.Layout(width="44px"),
            tooltip=f"{'One fewer' if by < 0 else 'One more'} ({noun})")
        button.on_click(step(by))
        buttons.append(button)
    # The buttons are usable exactly when the box is.
    for button in buttons:
        widgets.dlink((box, "disabled"), (button, "disabled"))
    return [box, *buttons]


def explore_new_start(data=None) -> Explorer:
    """Pick a country and a data exchange; see the declared forces against the limits.

    The "What if" mode adds a hypothetical force ("Your force", always drawn in its own
    style) set with three number boxes (type a number, step it with the arrow keys or the
    -1 / +1 buttons), and says which limits it breaks and by how much (see
    :func:`check_new_start_limits`). The numbers start from the declaration of the country
    picked, at the exchange picked (the latest when all are), or from the limits for both
    countries, and start again from the new choice whenever the country or the exchange
    changes.

    Parameters
    ----------
    data : DataFrame, dict of str to DataFrame, or None, default=None
        The declarations table (or ``{"new_start_declarations": ..., "new_start_limits":
        ...}``); None for the bundled.

    Returns
    -------
    Explorer
        Controls: ``country`` (:data:`ALL` = both), ``as_of`` (:data:`ALL` = every
        exchange, else a Timestamp), ``what_if`` (False/True): toggle buttons;
        ``deployed_warheads``, ``deployed_launchers``, ``total_launchers``
        (BoundedIntText number boxes, active in "What if" mode).

    Examples
    --------
    >>> from summitlib.widgets import explore_new_start
    >>> w = explore_new_start()
    >>> w.set_values(what_if=True, deployed_warheads=1600)
    >>> "50 over the limit of 1,550" in w.current_text
    True
    """
    tables = _tables(data, "new_start_declarations", "new_start_limits")
    declarations = tables["new_start_declarations"]
    limits = tables["new_start_limits"]
    _not_empty(declarations, "new_start_declarations")
    countries = [str(c) for c in pd.unique(declarations["country"].astype(str))]
    dates = sorted(pd.unique(declarations["as_of"]))
    country = _choice([("Both", ALL), *[(c, c) for c in countries]], ALL, "Country")
    as_of = _choice(
        [("All exchanges", ALL), *[(_day(d), pd.Timestamp(d)) for d in dates]],
        ALL, "Data exchange",
    )
    mode = _choice([("Declared forces", False), ("What if…", True)], False, "Mode",
                   tooltips=["The numbers the countries declared", "Try a force of your own"])
    start = _starting_force(declarations, limits, ALL, ALL)
    boxes = {
        name: widgets.BoundedIntText(
            value=start.get(name, 0), min=0, max=top, step=1,
            description=_category_label(name).capitalize(), continuous_update=True,
            disabled=True, style=_LABEL_STYLE, layout=widgets.Layout(width="260px"),
        )
        for name, top in (("deployed_warheads", 5000), ("deployed_launchers", 2000),
                          ("total_launchers", 2000))
    }
    explorer = None
    kept = _KeptFigure(8.0, 4.6)
    declared = _new_start_chart._new_start(declarations, None, None)

    def restart(_change=None):
        # Registered before the Explorer's own observers: the new numbers and the new choice
        # are drawn once, and the Explorer's redraw that follows finds that view kept.
        for box in boxes.values():
            box.disabled = not mode.value
        if mode.value and explorer is not None:
            explorer.set_values(**_starting_force(declarations, limits, country.value,
                                                  as_of.value))

    for control in (mode, country, as_of):
        control.observe(restart, names="value")
    explorer = Explorer(
        {"country": country, "as_of": as_of, "what_if": mode, **boxes},
        lambda **values: _new_start_view(tables, kept=kept, declared=declared, **values),
        intro="Pick a country and a data exchange, or switch to “What if…” and set a force "
        "of your own.",
        layout_rows=[["country"], ["as_of"], ["what_if"],
                     *[_force_row(box, _category_label(name)) for name, box in boxes.items()]],
    )
    return explorer


# --- 4. timeline explorer ------------------------------------------------------------------

def _timeline_view(events, years, topics, titles) -> View:
    first, last = years
    start, end = pd.Timestamp(first, 1, 1), pd.Timestamp(last, 12, 31)
    chosen = list(topics) or None
    every = chosen is None or set(chosen) >= set(events["topic_id"].astype(str))
    table = charts.table_timeline(events, start=start, end=end, topics=chosen)
    lines = []
    if not chosen:
        lines.append("No topic picked, so every topic is shown.")
    lines.append(
        f"{_count(len(table), 'event', 'events')} from {first} to {last}"
        + ("" if every else " on " + ", ".join(titles.get(t, t) for t in chosen)) + "."
    )
    # The timeline is a list of dated events: drawn as HTML it shows at once, reads the same
    # to a screen reader as on screen, and wraps to any width.
    return View(text="\n".join(lines), table=table, show_table=True,
                table_html=charts.timeline_html(events, start=start, end=end, topics=chosen))


def explore_timeline(data=None) -> Explorer:
    """Pick a range of years and some topics; see the events as a timeline list.

    Parameters
    ----------
    data : DataFrame, dict of str to DataFrame, or None, default=None
        The events table (or ``{"events": ..., "topics": ...}``); None for the bundled.

    Returns
    -------
    Explorer
        Controls: ``years`` (two number boxes, first and last year; its value ``(first,
        last)`` feeds ``start=`` 1 January of ``first`` and ``end=`` 31 December of
        ``last``) and ``topics`` (check boxes whose value is the tuple of topic ids ticked;
        none ticked means all). The view is :func:`summitlib.charts.timeline_html`;
        ``current_table``: :func:`summitlib.charts.table_timeline` for that choice.

    Examples
    --------
    >>> from summitlib.widgets import explore_timeline
    >>> w = explore_timeline()
    >>> w.controls["years"].value = (2018, 2018)
    >>> sorted(w.current_table["occurred_on"].dt.year.unique().tolist())
    [2018]
    """
    tables = _tables(data, "events", "topics")
    events = tables["events"]
    _not_empty(events, "events")
    first, last = events["occurred_on"].min().year, events["occurred_on"].max().year
    years = _YearRange(first, last, "Years")
    titles = _topic_titles(tables["topics"])
    present = set(events["topic_id"].astype(str))
    options = [(t, i) for i, t in titles.items() if i in present]
    topics = _CheckList(options, [i for _, i in options], "Topics:")
    return Explorer(
        {"years": years, "topics": topics},
        lambda years, topics: _timeline_view(events, years, topics, titles),
        intro="Type the first and last year (or step them with the arrow keys); tick the "
        "topics to show.",
    )


# --- 5. who said it? -----------------------------------------------------------------------

class WhoSaidItQuiz:
    """A quote quiz over the quoted statements, in a seeded random order.

    Parameters
    ----------
    data : DataFrame, dict of str to DataFrame, or None, default=None
        The statements table (or ``{"statements": ..., "people": ..., "topics": ...}``);
        None for the bundled.
    seed : int or None, default=None
        The same seed gives the same sequence of quotes; None gives a fresh order.
    min_words : int, default=3
        Quotes shorter than this ("private", "We agree.") say too little to guess from.

    Attributes
    ----------
    speakers : dict of str to str
        The candidate speakers (``speaker_id`` to name), Trump and Putin first.
    score, answered : int
        Right answers and answered questions so far, in this round.
    finished : bool
        Whether the round is over: every quote has been shown once. ``next()`` then starts a
        new round, in a new order, with the score back at zero.

    Examples
    --------
    >>> from summitlib.widgets import WhoSaidItQuiz
    >>> quiz = WhoSaidItQuiz(seed=1)
    >>> quiz.answer(quiz.current["speaker_id"]).startswith("Correct")
    True
    >>> quiz.score_text()
    'Score: 1 of 1'
    """

    def __init__(self, data=None, *, seed=None, min_words=3):
        tables = _tables(data, "statements", "people", "topics")
        statements = tables["statements"]
        quotes = statements[statements["statement_kind"].astype(str) == "quote"]
        quotes = quotes[quotes["quote"].fillna("").str.split().str.len() >= min_words]
        if quotes.empty:
            raise ValueError(
                f"There are no quotes of {min_words} or more words to ask about; "
                "pass statements with statement_kind 'quote' or a smaller min_words."
            )
        self._quotes = quotes.sort_values("statement_id").reset_index(drop=True)
        self._rng = random.Random(seed)
        self._titles = _topic_titles(tables["topics"])
        names = _short_names(tables["people"])
        counts = self._quotes["speaker_id"].astype(str).value_counts()
        order = [p for p in PRESIDENTS if p in counts] + [
            p for p in counts.index if p not in PRESIDENTS
        ]
        self.speakers = {p: names.get(p, p) for p in order}
        self._start_round()

    def _start_round(self) -> None:
        self.score = 0
        self.answered = 0
        self.feedback = ""
        self.finished = False
        self._order = list(range(len(self._quotes)))
        self._rng.shuffle(self._order)
        self._position = 0
        self._answered_current = False

    @property
    def current(self) -> pd.Series:
        """The statement being asked about."""
        return self._quotes.iloc[self._order[self._position]]

    @property
    def is_answered(self) -> bool:
        """Whether the current quote has been answered."""
        return self._answered_current

    @property
    def total(self) -> int:
        """How many quotes one round asks about."""
        return len(self._order)

    def next(self) -> None:
        """Move on to the next quote; after the last one the round ends (``finished``), and
        ``next()`` on a finished round starts a new one."""
        if self.finished:
            self._start_round()
            return
        if self._position + 1 >= len(self._order):
            self.finished = True
            self.feedback = ""
            return
        self._position += 1
        self._answered_current = False
        self.feedback = ""

    def answer(self, speaker_id: str) -> str:
        """Answer the current quote with a speaker id; returns (and keeps) the feedback."""
        if speaker_id not in self.speakers:
            raise ValueError(
                f"The speaker must be one of {list(self.speakers)}. Got {speaker_id!r} instead."
            )
        if self.finished:
            return self.feedback
        if self._answered_current:
            # A second click is answered too, so the student knows it was seen.
            if not self.feedback.startswith("You have already answered"):
                self.feedback = (f"You have already answered this one. {self.feedback}. "
                                 "Press “Next quote” for another.")
            return self.feedback
        row = self.current
        who = self.speakers.get(str(row["speaker_id"]), str(row["speaker_id"]))
        self.answered += 1
        self._answered_current = True
        if speaker_id == str(row["speaker_id"]):
            self.score += 1
            self.feedback = f"Correct — {who}, {_locator(row)}"
        else:
            self.feedback = f"Not quite: that was {who} ({_locator(row)})"
        return self.feedback

    def score_text(self) -> str:
        """The running score out of the quotes answered, as ``"Score: 2 of 3"``."""
        return f"Score: {self.score} of {self.answered}"

    def text(self) -> str:
        """The current state as light Markdown: the quote, its topic, feedback, score."""
        if self.finished:
            skipped = self.total - self.answered
            also = f" ({skipped} skipped)" if skipped else ""
            return "\n".join([
                f"**End of the quiz.** You answered {self.answered} of the {self.total} "
                f"quotes{also} and got {self.score} right.",
                "",
                "Press “Start again” for a new round, in another order.",
                "",
                f"Final score: {self.score} of {self.answered}",
            ])
        row = self.current
        topic = self._titles.get(str(row["topic_id"]), str(row["topic_id"]))
        lines = [
            f"**Quote {self._position + 1} of {len(self._quotes)}** (topic: {topic})",
            "",
            f"“{row['quote']}”",
            "",
            self.feedback or "Who said it? Press a name.",
            "",
            self.score_text(),
        ]
        return "\n".join(lines)


def explore_who_said_it(data=None, *, seed=None) -> Explorer:
    """A "Who said it?" quiz: a quote, a button per speaker, feedback and a running score.

    Parameters
    ----------
    data : DataFrame, dict of str to DataFrame, or None, default=None
        The statements table (or ``{"statements": ..., "people": ..., "topics": ...}``);
        None for the bundled.
    seed : int or None, default=None
        The same seed gives the same sequence of quotes.

    Returns
    -------
    Explorer
        Controls: ``answers`` (an HBox of Buttons, one per speaker; the buttons are also in
        ``explorer.answer_buttons``, keyed by ``speaker_id``) and ``next`` (a Button).
        ``explorer.quiz`` is the :class:`WhoSaidItQuiz` behind it.

    Examples
    --------
    >>> from summitlib.widgets import explore_who_said_it
    >>> w = explore_who_said_it(seed=3)
    >>> right = w.quiz.current["speaker_id"]
    >>> w.answer_buttons[right].click()
    >>> w.current_text.splitlines()[-1]
    'Score: 1 of 1'
    """
    quiz = WhoSaidItQuiz(data, seed=seed)
    buttons = {
        speaker: widgets.Button(description=name, tooltip=f"{name} said it",
                                layout=widgets.Layout(width="auto"))
        for speaker, name in quiz.speakers.items()
    }
    next_button = widgets.Button(description="Next quote", icon="arrow-right",
                                 button_style="primary")
    answers = widgets.HBox(
        [widgets.Label("Who said it?"), *buttons.values()],
        layout=widgets.Layout(flex_flow="row wrap"),
    )
    explorer = Explorer(
        {"answers": answers, "next": next_button},
        lambda: View(text=quiz.text()),
        intro="Read the quote and press the name of whoever said it.",
        height="220px",
        cache_size=0,
    )
    explorer.quiz = quiz
    explorer.answer_buttons = buttons
    for speaker, button in buttons.items():
        button.on_click(lambda _b, s=speaker: explorer.show(lambda: _answered(quiz, s)))
    next_button.on_click(lambda _b: explorer.show(lambda: _advanced(quiz, next_button)))
    return explorer


def _answered(quiz, speaker) -> View:
    quiz.answer(speaker)
    return View(text=quiz.text())


def _advanced(quiz, next_button) -> View:
    quiz.next()
    next_button.description = "Start again" if quiz.finished else "Next quote"
    return View(text=quiz.text())


# --- 6. statement search -------------------------------------------------------------------

def filter_statements(data=None, *, text=None, speaker=None, topic=None, source=None):
    """The statements that contain a word and match a speaker, topic and source.

    Parameters
    ----------
    data : pandas.DataFrame, default=None
        A table like :func:`summitlib.load_statements`; None for the bundled one.
    text : str, default=None
        Keep statements whose quote or paraphrase contains this text, ignoring case
        (a plain substring, not a pattern). None or blank keeps all.
    speaker, topic, source : str, default=None
        Keep one ``speaker_id``, ``topic_id`` or ``source_id``; None keeps all.

    Returns
    -------
    pandas.DataFrame
        The matching rows, in the table's order, with all its columns.

    Raises
    ------
    ValueError
        If ``speaker``, ``topic`` or ``source`` is not in the table.

    Examples
    --------
    >>> from summitlib.widgets import filter_statements
    >>> hits = filter_statements(text="RUBBISH")
    >>> hits[["speaker_id", "source_id", "paragraph"]].values.tolist()
    [['putin', 'cgtn', 11]]
    """
    statements = datasets.load_statements() if data is None else data
    if not isinstance(statements, pd.DataFrame):
        raise TypeError(
            f"data must be a DataFrame like load_statements() or None, got "
            f"{type(statements).__name__}."
        )
    _require(statements, "statements",
             ["speaker_id", "topic_id", "source_id", "quote", "paraphrase"])
    if text is not None and not isinstance(text, str):
        raise TypeError(f"text must be a str or None, got {type(text).__name__}.")
    keep = pd.Series(True, index=statements.index)
    for name, column, value in (("speaker", "speaker_id", speaker),
                                ("topic", "topic_id", topic), ("source", "source_id", source)):
        if value is None:
            continue
        values = statements[column].astype(str)
        known = sorted(set(values))
        if value not in known:
            raise ValueError(
                f"The '{name}' parameter of filter_statements must be one of {known} or None. "
                f"Got {value!r} instead."
            )
        keep &= values == value
    if text and text.strip():
        needle = text.strip()
        found = pd.Series(False, index=statements.index)
        for column in ("quote", "paraphrase"):
            found |= statements[column].fillna("").str.contains(needle, case=False,
                                                                regex=False)
        keep &= found
    return statements[keep]


def _statements_table(rows, names, titles) -> pd.DataFrame:
    return pd.DataFrame({
        "speaker": [names.get(str(s), str(s)) for s in rows["speaker_id"]],
        "topic": [titles.get(str(t), str(t)) for t in rows["topic_id"]],
        "where": [f"{_source_label(s)} ¶{int(p)}"
                  for s, p in zip(rows["source_id"], rows["paragraph"], strict=True)],
        "kind": rows["statement_kind"].astype(str).tolist(),
        "statement": [
            f"“{q}”" if str(k) == "quote" else p
            for k, q, p in zip(rows["statement_kind"], rows["quote"], rows["paraphrase"],
                               strict=True)
        ],
    }, index=rows.index)


def _statements_view(tables, names, titles, text, speaker, topic, source) -> View:
    rows = filter_statements(tables["statements"], text=text, speaker=_unless_all(speaker),
                             topic=_unless_all(topic), source=_unless_all(source))
    n = len(rows)
    if n == 0:
        # Say what was searched for: after another filter the view is visibly new, and a
        # screen reader hears which choice found nothing.
        asked = [f"the word “{text.strip()}”"] if text and text.strip() else []
        for what, value, label in (("speaker", speaker, names), ("topic", topic, titles),
                                   ("source", source, None)):
            if _unless_all(value) is not None:
                shown_as = _source_label(value) if label is None else label.get(value, value)
                asked.append(f"{what} {shown_as}")
        count = (f"No statements match {', '.join(asked) or 'these choices'}. Try a shorter "
                 "word, or set a filter back to “All”.")
    else:
        count = f"{n:,} statement matches" if n == 1 else f"{n:,} statements match"
    shown = _statements_table(rows, names, titles)
    return View(text=count, table=rows,
                table_html=_table_html(shown, max_height="400px",
                                       label="Matching statements (scroll for more)")
                if n else None,
                show_table=bool(n))


def explore_statements(data=None) -> Explorer:
    """Search the statements by word, speaker, topic and source.

    Parameters
    ----------
    data : DataFrame, dict of str to DataFrame, or None, default=None
        The statements table (or ``{"statements": ..., "people": ..., "topics": ...}``);
        None for the bundled.

    Returns
    -------
    Explorer
        Controls: ``text`` (a Text box), ``speaker``, ``topic``, ``source`` (toggle buttons
        whose first option "All" has the value :data:`ALL`, meaning no filter); the keywords of
        :func:`filter_statements`.
        ``current_table``: the matching rows of the statements table;
        ``current_text``: the count ("12 statements match").

    Examples
    --------
    >>> from summitlib.widgets import explore_statements
    >>> w = explore_statements()
    >>> w.controls["speaker"].value = "putin"
    >>> set(w.current_table["speaker_id"])
    {'putin'}
    """
    tables = _tables(data, "statements", "people", "topics")
    statements = tables["statements"]
    names = _short_names(tables["people"])
    titles = _topic_titles(tables["topics"])
    people = tables["people"]
    full = dict(zip(people["person_id"].astype(str), people["name"].astype(str), strict=True))
    speakers = [s for s in full if s in set(statements["speaker_id"].astype(str))]
    sources = list(pd.unique(statements["source_id"].astype(str)))
    present = set(statements["topic_id"].astype(str))
    controls = {
        "text": widgets.Text(value="", placeholder="a word, e.g. rubbish", description="Word",
                             continuous_update=False, style=_LABEL_STYLE),
        "speaker": _choice([("All", ALL), *[(full[s], s) for s in speakers]], ALL,
                           "Speaker"),
        "topic": _choice([("All", ALL), *[(t, i) for i, t in titles.items() if i in present]],
                         ALL, "Topic"),
        "source": _choice([("All", ALL), *[(_source_label(s), s) for s in sources]], ALL,
                          "Source"),
    }
    return Explorer(
        controls,
        lambda **values: _statements_view(tables, names, titles, **values),
        intro="Type a word and press Enter, or pick a speaker, topic or source.",
        layout_rows=[["text", "source"], ["speaker"], ["topic"]],
    )
