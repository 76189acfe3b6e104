"""The New START explorer: declared forces against the limits, and a "What if" force."""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd
from matplotlib.figure import Figure

from summitlib import _text, _validate, charts
from summitlib.charts import new_start as _new_start_chart
from summitlib.queries import _CATEGORIES, _tables, check_new_start_limits
from summitlib.widgets._controls import _LABEL_STYLE, ALL, _choice, _unless_all
from summitlib.widgets._shell import _PRESSED, Explorer, View, _KeptFigure, _not_empty


def _what_if_text(table: pd.DataFrame) -> str:
    broken = table[table["over_limit"]]
    force = table.set_index("category")["count"]
    lines = ["# What if a country declared this force?", ""]
    if len(broken):
        lines.append(
            f"This force breaks {len(broken)} of the {len(table)} limits: "
            + "; ".join(
                f"{_text.category_label(r.category, capital=False)}: {r.verdict}"
                for r in broken.itertuples()
            ) + "."
        )
    else:
        lines.append(f"This force keeps within all {len(table)} limits.")
    lines += ["", *(f"- {_text.category_label(r.category, capital=False)}: {r.count:,}, "
                    f"{r.verdict}"
                    for r in table.itertuples())]
    if force["deployed_launchers"] > force["total_launchers"]:
        lines += ["", "Note: the total launchers count the deployed ones too, so a real "
                  f"declaration cannot have more deployed launchers "
                  f"({force['deployed_launchers']:,}) than total launchers "
                  f"({force['total_launchers']:,})."]
    return "\n".join(lines)


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


def _new_start_view(tables, country, as_of, what_if, kept=None, declared=None, fit=None,
                    **force) -> View:
    """The New START explorer's view. ``declared``: the declarations as
    :func:`summitlib.charts.table_new_start` has them for every country and exchange,
    worked out once (every declared view is a selection of its rows). ``fit``: the
    labels' size and the numbers' direction, the same in every view (None: what fits its
    bars)."""
    declarations = tables["new_start_declarations"]
    country, as_of = _unless_all(country), _unless_all(as_of)
    kept = kept or _KeptFigure(8.0, 4.6)
    if what_if:
        table = check_new_start_limits(**force, limits=tables["new_start_limits"])
        both = _new_start_chart._new_start(
            _with_your_force(declarations, as_of, force, country), None, None)
        figure = _what_if_figure(both, (country, as_of), kept, fit)
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
    _new_start_chart._draw_new_start(kept.fresh_axes(), table, fit)
    return View(text="", table=table, figure=kept.lay_out(_EVERY_VIEW),
                description=_new_start_chart._describe_new_start(table))


_EVERY_VIEW = "every view of the New START explorer"
"""What the explorer's charts are laid out for: one layout, made for the first view (every
bar, the longest labels), fits them all (``tests/test_widgets.py`` checks every view), so
the bars do not jump when the choice changes, and a new view is not laid out again."""


def _what_if_figure(both, key, kept: _KeptFigure, fit=None) -> Figure:
    """The "What if" chart for a force. Stepping a number changes only the force's bars, so
    the chart of the same country and exchange, when it is the one shown, is changed in
    place (no new bars, no new layout), which draws in a fraction of the time."""
    if kept.showing == ("what if", key) and _new_start_chart._update_new_start(kept.ax, both):
        kept.changed(("what if", key))
        return kept.figure
    ax = kept.fresh_axes(("what if", key))
    _new_start_chart._draw_new_start(ax, both, fit)
    ax.set_title(f"What if: your force next to the declarations of "
                 f"{_text.day(both['as_of'].iloc[0])}, against the limits")
    return kept.lay_out(_EVERY_VIEW)


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


@_validate.public
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
        [("All exchanges", ALL), *[(_text.day(d), pd.Timestamp(d)) for d in dates]],
        ALL, "Data exchange",
    )
    mode = _choice([("Declared forces", False), ("What if…", True)], False, "Mode",
                   tooltips=["The numbers the countries declared", "Try a force of your own"])
    start = _starting_force(declarations, limits, ALL, ALL)
    boxes = {
        name: widgets.BoundedIntText(
            value=start.get(name, 0), min=0, max=top, step=1,
            description=_text.category_label(name), continuous_update=True,
            disabled=True, style=_LABEL_STYLE, layout=widgets.Layout(width="360px"),
        )
        for name, top in (("deployed_warheads", 5000), ("deployed_launchers", 2000),
                          ("total_launchers", 2000))
    }
    explorer = None
    kept = _KeptFigure(8.0, 4.6)
    scratch = _KeptFigure(8.0, 4.6)  # for warming up: the figure shown stays as it is
    declared = _new_start_chart._new_start(declarations, None, None)
    # One size and direction for the labels of every view, those the view of every bar
    # needs: flicking between views keeps the labels steady, and a view drawn first reuses
    # the pictures of the texts it shares with those drawn before (summitlib.charts.raster).
    fit = _new_start_chart._label_fit(kept.ax, declared)

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
        lambda **values: _new_start_view(tables, kept=kept, declared=declared, fit=fit,
                                         **values),
        warm_up=lambda **values: _new_start_view(tables, kept=scratch, declared=declared,
                                                 fit=fit, **values),
        intro="Pick a country and a data exchange, or switch to “What if…” and set a force "
        "of your own.",
        layout_rows=[["country"], ["as_of"], ["what_if"],
                     *[_force_row(box, _text.category_label(name, capital=False))
                       for name, box in boxes.items()]],
    )
    scratch.lay_out_as(kept)  # the first view laid the charts out for every view
    return explorer
