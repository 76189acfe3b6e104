"""How every chart looks: the Okabe-Ito colours, hatches, the style of each country and
source, and the small drawing helpers the charts share.

No meaning rests on colour alone: each style has a hatch and a name in words, so the bars can
be told apart in grey and the descriptions can say what the colours say.
"""

from __future__ import annotations

import textwrap

import pandas as pd

from summitlib import _validate

#: The Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design"), distinguishable with
#: every common colour-vision deficiency.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
    "black": "#000000",
}

# Each series gets a colour, a hatch and a name in words, so that the hatching and the
# description can say what the colour says.
_STYLES = [
    {"color": OKABE_ITO["blue"], "hatch": "", "words": "plain blue"},
    {"color": OKABE_ITO["vermillion"], "hatch": "///", "words": "hatched orange-red"},
    {"color": OKABE_ITO["bluish green"], "hatch": "...", "words": "dotted green"},
    {"color": OKABE_ITO["reddish purple"], "hatch": "xxx", "words": "cross-hatched purple"},
    {"color": OKABE_ITO["sky blue"], "hatch": "\\\\\\", "words": "hatched sky blue"},
    {"color": OKABE_ITO["orange"], "hatch": "ooo", "words": "circle-hatched orange"},
]

_REST_STYLE = {"color": "#BBBBBB", "hatch": "...", "words": "dotted grey"}

_COUNTRY_SHORT = {"United States": "US"}

#: How a chart of New START declarations names a hypothetical force set next to the real ones
#: (the explorer's "What if" mode): it always has its own style, never a country's.
HYPOTHETICAL_FORCE = "Your force"

# Each country keeps its style whichever others are shown with it, so Russia is hatched
# orange-red on its own, beside the United States, and beside a hypothetical force.
_COUNTRY_STYLES = {"United States": _STYLES[0], "Russia": _STYLES[1],
                   HYPOTHETICAL_FORCE: _STYLES[2]}

_COUNTRY_IN_A_SENTENCE = {"United States": "the United States"}

# The two bundled sources keep their style in whichever order they are compared.
_SOURCE_STYLES = {"crs": _STYLES[0], "cgtn": _STYLES[1]}


def _country_styles(table: pd.DataFrame) -> dict[str, dict]:
    """The style of every country the data knows: fixed for the United States, Russia and a
    hypothetical force; the styles left over, in the data's order, for any other."""
    free = [s for s in _STYLES if s not in _COUNTRY_STYLES.values()]
    others = [c for c in table["country"].cat.categories if c not in _COUNTRY_STYLES]
    return {**_COUNTRY_STYLES,
            **{c: free[i % len(free)] for i, c in enumerate(others)}}


def _source_styles(sources) -> dict[str, dict]:
    free = [s for s in _STYLES if s not in _SOURCE_STYLES.values()]
    others = [s for s in sources if s not in _SOURCE_STYLES]
    return {**_SOURCE_STYLES, **{s: free[i % len(free)] for i, s in enumerate(others)}}


def _axes(ax):
    """The Axes to draw on: ``ax`` once checked, else the current Axes (``plt.gca()``)."""
    from matplotlib.axes import Axes

    if ax is None:
        import matplotlib.pyplot as plt

        return plt.gca()
    if not isinstance(ax, Axes):
        raise _validate.problem(
            TypeError, "ax", "must be a matplotlib Axes (for example from "
            "`fig, ax = plt.subplots()`) or None for the current Axes", type(ax).__name__)
    return ax


def _style_bars(bars, style: dict) -> None:
    for bar in bars:
        bar.set_hatch(style["hatch"])
        bar.set_edgecolor("#222222" if style["hatch"] else style["color"])
        bar.set_linewidth(0.5)
        bar.set_hatch_linewidth(0.6)


def _axes_height_points(ax) -> float:
    """How tall the Axes is on the page, in points (1/72 inch)."""
    return ax.get_position().height * ax.figure.get_figheight() * 72


def _axes_width_points(ax) -> float:
    return ax.get_position().width * ax.figure.get_figwidth() * 72


def _wrap(text: str, width: int) -> str:
    """``text`` on as few lines of at most ``width`` characters as it needs (a longer word
    stands alone), made as even as that many lines allow, so a label never ends on a lone
    short word ("deployed or" / "not").

    >>> print(_wrap("Total launchers, deployed or not", 28))
    Total launchers,
    deployed or not
    """
    def wrap(width):  # between words only: a word is never cut ("Nonproliferatio" / "n")
        return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)

    lines = len(wrap(width))
    while width > 1 and len(wrap(width - 1)) == lines:
        width -= 1
    return "\n".join(wrap(width))


def _inside(text):
    """A text drawn inside the Axes (the y range leaves it room), so the layout engine need
    not measure it: that measuring is most of the time a change of view takes."""
    text.set_in_layout(False)
    return text


def _thousands():
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _pos: f"{value:,.0f}")
