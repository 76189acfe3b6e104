"""Words for numbers, dates and labels, and the light Markdown summitlib writes: each once.

Every text a reader meets (a chart's description, an explorer's summary, an exercise's
feedback) says a date, a count or a source the same way, because it is said here. The names
carry no underscore: the module itself is private, and ``_text.day(...)`` reads better than
``_text._day(...)``.

Examples
--------
>>> from summitlib import _text
>>> _text.day("2018-07-16")
'16 July 2018'
>>> _text.count(32, "event")
'32 events'
>>> _text.series(["CRS", "CGTN", "TASS"])
'CRS, CGTN and TASS'
"""

from __future__ import annotations

import html

import pandas as pd

__all__ = [
    "category_label",
    "count",
    "day",
    "inline_html",
    "markdown_html",
    "number",
    "percent",
    "series",
    "source_label",
    "when",
]


# --- dates -----------------------------------------------------------------------------------

def day(stamp, *, short=False) -> str:
    """A date in words, day first, the month spelled out (or cut to three letters).

    Parameters
    ----------
    stamp : str, datetime.date, numpy.datetime64 or pandas.Timestamp
        The date.
    short : bool, default=False
        Cut the month to three letters, for tight places (chart labels).

    Examples
    --------
    >>> day("2018-02-05")
    '5 February 2018'
    >>> day("2018-02-05", short=True)
    '5 Feb 2018'
    """
    stamp = pd.Timestamp(stamp)
    return f"{stamp.day} {stamp:%b %Y}" if short else f"{stamp.day} {stamp:%B %Y}"


def when(stamp) -> str:
    """A date as it follows a verb: "on 5 February 2018", or "at the start of 2018".

    A table that knows only the year (SIPRI's estimates) dates it 1 January; saying "on 1
    January 2018" would claim a precision the source does not have.

    Examples
    --------
    >>> when("2018-01-01")
    'at the start of 2018'
    >>> when("2018-07-16")
    'on 16 July 2018'
    """
    stamp = pd.Timestamp(stamp)
    if (stamp.month, stamp.day) == (1, 1):
        return f"at the start of {stamp:%Y}"
    return f"on {day(stamp)}"


# --- numbers ---------------------------------------------------------------------------------

def number(value) -> str:
    """A whole number with thousands separated by commas.

    Examples
    --------
    >>> number(1444)
    '1,444'
    """
    return f"{int(value):,}"


def percent(share: float) -> str:
    """A share (0 to 1) as a percentage with one decimal, and a plain "0%" for nothing.

    Examples
    --------
    >>> percent(0.9194)
    '91.9%'
    >>> percent(0)
    '0%'
    """
    return "0%" if share == 0 else f"{share * 100:.1f}%"


def count(n: int, word: str, plural: str | None = None) -> str:
    """A number with its noun, singular for one: "1 event", "32 events".

    Parameters
    ----------
    n : int
        How many.
    word : str
        The noun for one.
    plural : str or None, default=None
        The noun for several; None adds an "s" to ``word``.

    Examples
    --------
    >>> count(1, "paragraph")
    '1 paragraph'
    >>> count(2500, "word")
    '2,500 words'
    >>> count(3, "person", "people")
    '3 people'
    """
    return f"{n:,} {word if n == 1 else plural or word + 's'}"


def series(items) -> str:
    """Words joined as a sentence lists them: "a, b and c".

    Examples
    --------
    >>> series(["the United States", "Russia"])
    'the United States and Russia'
    >>> series(["one"])
    'one'
    """
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# --- labels ----------------------------------------------------------------------------------

# How a passage is cited, "CRS ¶8": short, since it follows every quote.
_SOURCE_LABELS = {"crs": "CRS", "cgtn": "CGTN"}
# How a source is named in a sentence or a heading, "CRS Insight, paragraph 11".
_SOURCE_NAMES = {"crs": "CRS Insight", "cgtn": "CGTN"}


def source_label(source_id, *, full=False) -> str:
    """The short label that cites a source, as in "CRS ¶8"; with ``full=True``, the name a
    sentence or a heading uses, as in "CRS Insight, paragraph 11".

    A source the bundled data does not know (a student's own table) is named by its id in
    capitals.

    Examples
    --------
    >>> source_label("cgtn")
    'CGTN'
    >>> source_label("crs", full=True)
    'CRS Insight'
    >>> source_label("tass")
    'TASS'
    """
    source_id = str(source_id)
    return (_SOURCE_NAMES if full else _SOURCE_LABELS).get(source_id, source_id.upper())


# The last limit counts every launcher, deployed or not: "total launchers" alone reads as a
# sum of the two others, which it is not.
_CATEGORY_LABELS = {
    "deployed_warheads": "Deployed warheads",
    "deployed_launchers": "Deployed launchers",
    "total_launchers": "Total launchers, deployed or not",
}


def category_label(category, *, capital: bool = True) -> str:
    """The name of a New START limit (``category`` of the limits table) in words.

    Parameters
    ----------
    category : str
        A ``category`` value, such as ``"deployed_warheads"``.
    capital : bool, default=True
        True to open a line or a label ("Deployed warheads"); False inside a sentence
        ("Russia, deployed warheads on ...").

    Examples
    --------
    >>> category_label("total_launchers")
    'Total launchers, deployed or not'
    >>> category_label("deployed_warheads", capital=False)
    'deployed warheads'
    >>> category_label("heavy_bombers")
    'Heavy bombers'
    """
    category = str(category)
    label = _CATEGORY_LABELS.get(category, category.replace("_", " ").capitalize())
    return label if capital else label.lower()


# --- light Markdown --------------------------------------------------------------------------

_LIST_ITEM, _HEADING, _SUBHEADING = "- ", "# ", "## "


def inline_html(text: str) -> str:
    """Text as HTML with its inline Markdown: ``**bold**`` and ```code```; line breaks kept.

    The text is escaped first, so a student's ``<script>`` shows as text. A mark left open
    closes at the end, so a slip in a message never bolds the rest of the page.

    Parameters
    ----------
    text : str

    Returns
    -------
    str
        An HTML fragment to put inside an element (a ``<p>``, a ``<li>``).

    Examples
    --------
    >>> inline_html("**Correct.** Use `len(x)` <here>.")
    '<strong>Correct.</strong> Use <code>len(x)</code> &lt;here&gt;.'
    >>> inline_html("two\\nlines")
    'two<br>lines'
    """
    out, bold, code = [], False, False
    escaped = html.escape(text, quote=False)
    i = 0
    while i < len(escaped):
        # Inside code, ** is code ("2**10"), not bold.
        if escaped.startswith("**", i) and not code:
            out.append("</strong>" if bold else "<strong>")
            bold = not bold
            i += 2
        elif escaped[i] == "`":
            out.append("</code>" if code else "<code>")
            code = not code
            i += 1
        else:
            out.append(escaped[i])
            i += 1
    if code:
        out.append("</code>")
    if bold:
        out.append("</strong>")
    return "".join(out).replace("\n", "<br>")


def markdown_html(text: str, *, inline: bool = True) -> str:
    """The light Markdown summitlib writes, as HTML: one paragraph per line, lists, headings.

    A line that starts with ``- `` is a list item (items in a row make one list), ``# `` a
    heading (``<h3>``) and ``## `` a subheading (``<h4>``), since the HTML sits inside a
    notebook whose own headings come first; any other line is a paragraph, and blank lines
    only separate.

    Parameters
    ----------
    text : str
        The text.
    inline : bool, default=True
        True to read ``**bold**`` and ```code``` in each line (see :func:`inline_html`);
        False for text from the data, which is shown as it stands (a title may hold a ``*``),
        and then a line opening with ``#`` is a paragraph too.

    Returns
    -------
    str
        An HTML fragment, one block element per line.

    Examples
    --------
    >>> print(markdown_html("# Russia\\nDeclared **1,444**.\\n\\n- warheads\\n- launchers"))
    <h3>Russia</h3>
    <p>Declared <strong>1,444</strong>.</p>
    <ul><li>warheads</li><li>launchers</li></ul>
    >>> markdown_html("# 2 ** 3 <b>", inline=False)
    '<p># 2 ** 3 &lt;b&gt;</p>'
    """
    def words(line: str) -> str:
        return inline_html(line) if inline else html.escape(line, quote=False)

    parts, items = [], []
    for line in text.splitlines():
        if line.startswith(_LIST_ITEM):
            items.append(f"<li>{words(line[len(_LIST_ITEM):])}</li>")
            continue
        if items:
            parts.append("<ul>" + "".join(items) + "</ul>")
            items = []
        if not line.strip():
            continue
        if inline and line.startswith(_SUBHEADING):
            parts.append(f"<h4>{words(line[len(_SUBHEADING):])}</h4>")
        elif inline and line.startswith(_HEADING):
            parts.append(f"<h3>{words(line[len(_HEADING):])}</h3>")
        else:
            parts.append(f"<p>{words(line)}</p>")
    if items:
        parts.append("<ul>" + "".join(items) + "</ul>")
    return "\n".join(parts)
