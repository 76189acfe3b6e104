"""Showing a chart in a notebook with its description, which screen readers reach too."""

from __future__ import annotations

from summitlib import _text


def description_html(text: str) -> str:
    """A ``describe_*`` text as HTML: a paragraph per line, ``- `` lines as a list.

    Shown as HTML rather than printed, the text wraps between words at any width (JupyterLab
    breaks long printed lines anywhere, even inside a word).

    Examples
    --------
    >>> from summitlib.charts import description_html
    >>> description_html("Two events.\\n- 2014: one\\n- 2018: two")
    '<p>Two events.</p>\\n<ul><li>2014: one</li><li>2018: two</li></ul>'
    """
    # Text from the data (an event's title) is shown as it stands: no Markdown marks.
    return _text.markdown_html(text, inline=False)


def _png_size(png: bytes) -> tuple[int, int]:
    # Width and height are the first two fields of the IHDR chunk, which every PNG opens with.
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def chart_bundle(figure, description: str, *, tight: bool = False) -> dict:
    """The output message that shows ``figure`` with ``description`` as its text alternative.

    The PNG goes out twice over: as HTML, ``<img alt="description">``, which JupyterLab and
    Voila prefer and which is how a screen reader reaches the description (JupyterLab's own
    image renderer leaves out an image's ``alt``); and as ``image/png`` with ``alt`` in its
    metadata, which nbconvert's HTML export writes into the page.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
    description : str
        The chart in words, usually the ``describe_*`` text of the same chart.
    tight : bool, default=False
        Crop the picture to what is drawn (for figures laid out by hand, as
        ``plt.subplots()`` makes them); a figure with a layout engine needs no cropping and
        is drawn once instead of twice.

    Returns
    -------
    dict
        A Jupyter ``display_data`` message: ``output_type``, ``data``, ``metadata``.
    """
    import base64
    import html
    import io

    from summitlib.charts.raster import figure_png

    if not isinstance(description, str) or not description.strip():
        raise ValueError(
            "description must be the chart in words (for example the describe_* text of the "
            f"same chart); got {description!r}. Pass a non-empty text.")
    if tight:
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", bbox_inches="tight")
        png = buffer.getvalue()
        width, height = _png_size(png)
    else:
        # Drawn once, laying out as it draws (savefig() would draw twice), by a canvas that
        # keeps the texts it has drawn: most of a chart's drawing time is its labels.
        png, width, height = figure_png(figure)
    encoded = base64.b64encode(png).decode("ascii")
    image = (f'<img src="data:image/png;base64,{encoded}" alt="{html.escape(description)}" '
             f'width="{width}" height="{height}" style="max-width:100%;height:auto">')
    return {
        "output_type": "display_data",
        "data": {"text/html": image, "image/png": encoded,
                 "text/plain": description.split("\n", 1)[0]},
        "metadata": {"image/png": {"width": width, "height": height, "alt": description}},
    }


def show_description(description: str) -> None:
    """Show a ``describe_*`` text in the notebook, wrapped between words.

    ``print()`` would do, but JupyterLab breaks a long printed line anywhere, even inside a
    word ("C GTN"); shown as HTML, the text wraps between words at any width.

    Parameters
    ----------
    description : str
        The text, for example ``describe_coverage()``.
    """
    import textwrap

    from IPython.display import display

    plain = "\n".join(textwrap.fill(line, 88, subsequent_indent="  " if line[:2] == "- "
                                    else "") for line in description.splitlines())
    display({"text/html": description_html(description), "text/plain": plain}, raw=True)


def show_chart(chart, description: str, *, text: bool = True) -> None:
    """Show a chart in the notebook with its description, which screen readers reach too.

    Use it in place of ``plt.show()`` followed by ``print(describe_...(...))``: the image
    carries the description as its alternative text, and the description follows it as
    text that wraps between words.

    Parameters
    ----------
    chart : matplotlib.figure.Figure or matplotlib.axes.Axes
        The chart (an Axes stands for its figure).
    description : str
        The chart in words: the ``describe_*`` text for the same options.
    text : bool, default=True
        Also show the description under the chart (False when a later cell shows it with
        :func:`show_description`).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from summitlib.charts import describe_arsenal, plot_arsenal, show_chart
    >>> fig, ax = plt.subplots(figsize=(9, 3))
    >>> show_chart(plot_arsenal(ax=ax), describe_arsenal())  # doctest: +SKIP
    """
    import sys

    from IPython.display import display
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    figure = chart.figure if isinstance(chart, Axes) else chart
    if not isinstance(figure, Figure):
        raise TypeError(
            "show_chart needs the chart's Figure or Axes (for example ax from "
            f"`fig, ax = plt.subplots()`); got {type(chart).__name__}.")
    bundle = chart_bundle(figure, description, tight=figure.get_layout_engine() is None)
    display(bundle["data"], metadata=bundle["metadata"], raw=True)
    if text:
        show_description(description)
    # Shown once: pyplot would otherwise show the figure again, without its description, at
    # the end of the cell.
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close(figure)
