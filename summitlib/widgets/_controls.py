"""The controls an explorer is built from, chosen so that JupyterLab leaves their keys alone.

Inside JupyterLab the notebook's command-mode shortcuts take the arrow keys and single letters
from any focused element of an output that is not a text field (docs/design.md, "Accessibility
of the explorers and charts"): a collapsed Dropdown, a slider's handle or a list box never
hears them. So a choice of one is toggle buttons (:func:`_choice`), a choice of several is
check boxes (:class:`_CheckList`), and a range is two number boxes (:class:`_YearRange`): Tab
reaches each, and Space, Enter or typing changes it.
"""

from __future__ import annotations

import ipywidgets as widgets
import traitlets

ALL = ""
"""The value of the "All" / "Both" option of a choice: no filter.

Not None, because ipywidgets shows a choice whose value is None as nothing picked.
"""

_LABEL_STYLE = {"description_width": "initial"}


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
