"""The shell every explorer is built from: a :class:`View`, the :class:`Explorer` that shows it.

Also the output bundles an explorer sends (text, chart, its description, table), the polite
live region that announces each change, and the light Markdown and table HTML; the controls
are in :mod:`summitlib.widgets._controls`. Nothing here knows about the summit: the explorers
in this package do.
"""

from __future__ import annotations

import asyncio
import contextvars
import html
import re
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

import ipywidgets as widgets
import pandas as pd
from matplotlib.figure import Figure

from summitlib import _text, _validate, charts

_FIGURE_DPI = 100

_WARM_UP_PAUSE = 1.0
"""Seconds without a change in any explorer after which an explorer draws the texts of the
views one change away (see :meth:`Explorer._warm_next`): a student reading the view does not
notice it, and one clicking through the choices of any explorer of the notebook (a press
every half second or faster) does not wait for it."""

_WARM_UP_SLICE = 0.005
"""Seconds of warming up in one turn of the kernel's event loop (at least one step: a view's
chart built, its texts found, one text's picture made), so a press waits little behind it."""

_last_drawn_at = 0.0
"""When the last change of any explorer in this kernel was drawn (``time.perf_counter()``)."""

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
    warm_up : callable or None, default=None
        ``warm_up(**values) -> View``: the view for ``values``, its chart on a figure of its
        own (not the one shown). When no explorer of the kernel has changed for a moment,
        the explorer builds the views one change of a choice away with it, makes the
        pictures of their new texts (:func:`summitlib.charts.raster.pending_texts`) and
        keeps their outputs as it keeps the views shown, a few milliseconds per turn of the
        event loop, so the first change to any of those views shows it at once. None for
        explorers without charts.

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
                 cache_size=32, warm_up=None):
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
        self._warm_up = warm_up
        self._warmed = set()
        self._warming = None
        self._warm_steps = None
        self._warm_kept = set()  # the keys of the views the warm-up kept
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
        global _last_drawn_at
        start = time.perf_counter()
        try:
            self._refresh()
        finally:
            self._drawn_at = _last_drawn_at = time.perf_counter()
            self._draw_seconds = self._drawn_at - start
        self._warm_steps = None  # what was left of the warm-up was one change away from before
        self._plan_warm_up()

    def _refresh(self) -> None:
        values = self.values()
        key = _cache_key(values) if self._cache_size else None
        if key is not None and key in self._cache:
            self._cache.move_to_end(key)
            self._display(*self._cache[key])
            return
        shown = self.show(lambda: self._render(**values))
        if key is not None and shown is not None:
            self._keep(key, shown)

    def _keep(self, key, shown) -> None:
        """Keep a view's outputs under the key of its control values."""
        self._cache[key] = shown
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    def clear_cache(self) -> None:
        """Forget the views kept for earlier choices (the next changes draw afresh)."""
        self._cache.clear()
        self._warm_kept.clear()

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

    # Warming up: the first draw of a view is slow when its texts are new (every label,
    # glyph by glyph: about 2 ms a label, most of a chart), fast when their pictures are kept.
    # So while the student reads, the texts of the views one change away are drawn, a few
    # milliseconds per turn of the kernel's event loop (a press that comes meanwhile waits for
    # at most one step: building a view's chart, or finding its new texts).

    def _choices(self, values: dict):
        """The values of the choices (toggle buttons) among ``values``: what decides the
        texts of a chart (a number box changes a number or two)."""
        return _cache_key({name: value for name, value in values.items()
                           if getattr(self.controls[name], "options", None)})

    def _neighbours(self):
        """The control values one change of a choice (toggle buttons) away from the current."""
        values = self.values()
        for name, control in self.controls.items():
            if name not in values or not getattr(control, "options", None):
                continue
            for option in control.options:
                value = option[1] if isinstance(option, tuple) else option
                if value != values[name]:
                    yield {**values, name: value}

    def _plan_warm_up(self, delay: float = _WARM_UP_PAUSE) -> None:
        """Warm up once the kernel has been idle for ``delay`` seconds (only inside a running
        event loop: a kernel, Voila; a script or a test draws nothing it was not asked to)."""
        if self._warm_up is None or self._warming is not None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._warming = loop.call_later(delay, self._warm_next)

    def _warm_next(self) -> bool:
        """Take the warm-up's next steps for :data:`_WARM_UP_SLICE` seconds; True if there
        are more to take."""
        self._warming = None
        idle = time.perf_counter() - max(self._drawn_at, _last_drawn_at)
        if self._redraw_due is not None or idle < _WARM_UP_PAUSE:
            self._plan_warm_up(max(_WARM_UP_PAUSE - idle, 0.05))  # the student is busy
            return False
        if self._warm_steps is None:
            self._warm_steps = self._warming_steps()
        start = time.perf_counter()
        for _ in self._warm_steps:
            if time.perf_counter() - start >= _WARM_UP_SLICE:
                self._plan_warm_up(0.0)  # the rest in later turns, after waiting messages
                return True
        self._warm_steps = None
        return False

    def _warming_steps(self):
        """The warm-up, one step per ``yield``: for each view one change of a choice away,
        its chart built (on a figure of its own, not the one shown), its texts without a
        kept picture found, their pictures made one at a time, then the view's outputs
        made and kept, so the first change to it shows them at once.

        Each choice once: the view shown is drawn already, and after a number has changed
        the views one choice away show the same texts but a number or two.
        """
        from summitlib.charts import raster

        # A view kept by the warm-up and shown has its chart on the warm-up's figure: drawn
        # again on the explorer's own, the next change can change it in place (see
        # _KeptFigure: a "What if" number).
        shown = _cache_key(self._shown_values)
        if shown in self._warm_kept:
            self._warm_kept.discard(shown)
            figure = self._render(**self._shown_values).figure
            self._figure, self._figure_draws = figure, _draws(figure)
            yield
        self._warmed.add(self._choices(self.values()))
        for values in list(self._neighbours()):
            key = self._choices(values)
            if key is None or key in self._warmed:
                continue
            try:
                view = self._warm_up(**values)
                yield
                if view is not None and view.figure is not None:
                    for text in raster.pending_texts(view.figure):
                        yield
                        text()
                    yield
                kept = _cache_key(values) if self._cache_size else None
                if view is not None and kept is not None and kept not in self._cache:
                    self._keep(kept, (view, _outputs(view), _draws(view.figure)))
                    self._warm_kept.add(kept)
            except Exception:  # the same view shows its error when it is picked: not lost
                pass
            self._warmed.add(key)
            yield

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
        outputs.append(_bundle(_text.markdown_html(view.text), view.text))
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

    def lay_out_as(self, other: _KeptFigure) -> None:
        """Take ``other``'s layout, as if this figure had been laid out for its labels."""
        params = other.figure.subplotpars
        self.figure.subplots_adjust(left=params.left, right=params.right,
                                    bottom=params.bottom, top=params.top)
        self._laid_out_for = other._laid_out_for


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


def _not_empty(frame: pd.DataFrame, table: str) -> None:
    if frame.empty:
        raise _validate.problem(
            ValueError, "data", f"has no rows in its {table} table, so there is nothing to "
            "explore", None, f"Pass a table with at least one row, or None for "
            f"summitlib.load_{table}().")
