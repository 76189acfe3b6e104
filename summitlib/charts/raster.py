"""A matplotlib Figure as PNG bytes, quickly: Agg, with the texts it has drawn kept as pictures.

Matplotlib's Agg renderer lays out and rasterises every text glyph by glyph on every draw
(about 2 ms a label with matplotlib 3.11), and the explorers' charts are mostly words and
numbers: most of a control change went into drawing the same labels again ("1,550", "US Sep
2017", the topic names). The canvas here keeps each text it has drawn as a small RGBA picture,
keyed by everything that decides its pixels (the string, the font and its size, the angle, the
colour, the resolution, the hinting), and pastes that picture when the same text comes again.
A text is placed on whole pixels (matplotlib would place it to a fraction of a pixel): at most
half a pixel off, which the eye does not see.

A level or upright text is laid out and rendered whole by FreeType (``FT2Font.set_text`` and
``draw_glyphs_to_bitmap``, as matplotlib up to 3.10 drew every text), in a third of the time
3.11's glyph-by-glyph Agg takes; its pixels may differ from 3.11's by a glyph placed a column
over. One layout per text serves both its measure and its picture (:func:`_shaped`). Other
angles, texts without antialiasing, with font features or a language, and texts with
characters the font lacks are drawn by a scratch :class:`RendererAgg` as matplotlib draws them.

Only public matplotlib API is used: :meth:`RendererAgg.draw_text` is overridden (it is the
method every backend implements), the pictures are made by FreeType or a scratch
:class:`RendererAgg` and pasted with :meth:`RendererAgg.draw_image`.

Examples
--------
>>> from matplotlib.figure import Figure
>>> from summitlib.charts.raster import figure_png
>>> fig = Figure(figsize=(2, 1), dpi=100)
>>> png, width, height = figure_png(fig)
>>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n", (width, height)
(True, (200, 100))
"""

from __future__ import annotations

import io
import math
from collections import OrderedDict
from functools import partial

import matplotlib as mpl
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.font_manager import findfont, get_font

__all__ = ["TextCacheCanvas", "clear_text_cache", "draw", "figure_png", "pending_texts"]

_TEXTS: OrderedDict = OrderedDict()
_TEXTS_KEPT = 3000
"""How many text pictures to keep (a few KB each): every label of every explorer's views."""
_SIZES: dict = {}
"""The sizes of the texts measured by Agg (those :func:`_shaped` leaves to it)."""
_SHAPES: dict = {}
"""The texts laid out and rendered whole, level (as many as pictures are kept), for
:func:`_shaped`."""
_MEASURERS: dict = {}

# The font settings that decide which file a family name such as "sans-serif" resolves to.
_FONT_SETTINGS = ("font.family", "font.sans-serif", "font.serif", "font.monospace",
                  "font.cursive", "font.fantasy", "text.hinting", "text.hinting_factor",
                  "text.kerning_factor")


def clear_text_cache() -> None:
    """Forget every text picture and size kept (the next draws rasterise their texts afresh)."""
    _TEXTS.clear()
    _SIZES.clear()
    _SHAPES.clear()


def _font_key(prop) -> tuple:
    return (tuple(prop.get_family()), prop.get_style(), prop.get_variant(), prop.get_weight(),
            prop.get_stretch(), prop.get_size_in_points(), prop.get_file(),
            prop.get_math_fontfamily())


def _settings_key() -> tuple:
    values = []
    for name in _FONT_SETTINGS:
        value = mpl.rcParams[name]
        values.append(tuple(value) if isinstance(value, list) else value)
    return tuple(values)


class _TextCacheRenderer(RendererAgg):
    """Agg, drawing each text from a kept picture when it has drawn that text before."""

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        key = _text_key(gc, s, prop, angle, ismath, mtext, self.dpi)
        if key is None:
            return super().draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
        picture = _TEXTS.get(key)
        if picture is None:
            picture = _keep(key, gc, s, prop, angle, mtext, self.dpi)
        else:
            _TEXTS.move_to_end(key)
        image, left, top = picture
        if image is None:
            return None
        # The picture already holds the text's colour and transparency: pasted as it is.
        paste = self.new_gc()
        paste.copy_properties(gc)
        paste.set_alpha(1.0)
        # x, y: the text's origin, y counted down from the top; draw_image wants the
        # picture's lower left corner, y counted up from the bottom.
        self.draw_image(paste, round(x) + left,
                        self.height - (round(y) + top + image.shape[0]), image)
        paste.restore()
        return None

    def get_text_width_height_descent(self, s, prop, ismath):
        # A text's size is measured to lay it out and again to make its picture; kept for
        # every renderer (matplotlib keeps its own per renderer), it is measured once.
        if ismath:
            return super().get_text_width_height_descent(s, prop, ismath)
        return _measure(s, prop, self.dpi)


def _text_key(gc, s, prop, angle, ismath, mtext, dpi):
    """What decides the pixels of a text, or None for a text drawn as matplotlib draws it."""
    # Maths goes through its own layout and a blank string draws nothing worth keeping.
    # A clipped text (rare: labels and titles are not) is drawn as matplotlib draws it,
    # since draw_image would not clip the picture the same way.
    clipped = gc.get_clip_rectangle() is not None or gc.get_clip_path()[0] is not None
    if ismath or clipped or not s.strip():
        return None
    rgba = tuple(gc.get_rgb())
    if len(rgba) == 3 or gc.get_forced_alpha():
        rgba = (*rgba[:3], gc.get_alpha())
    features = (mtext.get_fontfeatures(), mtext.get_language()) if (
        mtext is not None and hasattr(mtext, "get_fontfeatures")) else None
    return (s, _font_key(prop), float(angle) % 360, dpi, rgba, gc.get_antialiased(),
            features, _settings_key())


def _keep(key, gc, s, prop, angle, mtext, dpi):
    """Make the picture of a text and keep it under ``key``."""
    picture = _TEXTS[key] = _picture(gc, s, prop, angle, mtext, dpi)
    if len(_TEXTS) > _TEXTS_KEPT:
        _TEXTS.popitem(last=False)
    return picture


def _picture(gc, s, prop, angle, mtext, dpi):
    """The text drawn alone, cropped: (RGBA rows bottom first, left, top) from its origin."""
    picture = _whole_string_picture(gc, s, prop, angle, mtext, dpi)
    return picture if picture is not None else _agg_picture(gc, s, prop, angle, mtext, dpi)


def _agg_picture(gc, s, prop, angle, mtext, dpi):
    """:func:`_picture` of any text, drawn by Agg itself on a scratch renderer."""
    width, height, descent = _measure(s, prop, dpi)
    # The text's box (y upwards from the baseline) turned by the angle, with a margin:
    # just the room the text takes, so a new text costs little more than Agg's own draw.
    cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    corners = [(x * cos - y * sin, x * sin + y * cos)
               for x in (0, width) for y in (-descent, height - descent)]
    left = math.floor(min(x for x, _ in corners)) - 4
    top = math.ceil(max(y for _, y in corners)) + 4
    scratch = RendererAgg(math.ceil(max(x for x, _ in corners)) - left + 4,
                          top - math.floor(min(y for _, y in corners)) + 4, dpi)
    scratch.clear()
    origin_x, origin_y = -left, top  # the origin in the scratch, y counted down
    RendererAgg.draw_text(scratch, gc, origin_x, origin_y, s, prop, angle, ismath=False,
                          mtext=mtext)
    pixels = np.asarray(scratch.buffer_rgba())
    drawn = pixels[..., 3] > 0
    rows, cols = np.flatnonzero(drawn.any(axis=1)), np.flatnonzero(drawn.any(axis=0))
    if not len(rows):
        return None, 0, 0
    top, bottom, left, right = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
    # draw_image takes the rows from the bottom up.
    image = np.ascontiguousarray(pixels[top:bottom, left:right][::-1])
    return image, int(left - origin_x), int(top - origin_y)


def _whole_string_picture(gc, s, prop, angle, mtext, dpi):
    """The picture of a level or upright text (every label of the charts) from FreeType's
    rendering of the whole string (:func:`_shaped`), or None for any other text.

    Matplotlib 3.11's Agg draws a text glyph by glyph from Python (a transform and a
    rendering per glyph: about 2 ms for a label); :meth:`FT2Font.set_text` and
    :meth:`FT2Font.draw_glyphs_to_bitmap` lay out and render the whole string in C++ in a
    third to a quarter of that, and the text was so laid out already when it was measured.
    The pixels are Agg's for a level text, bar the odd glyph a pixel column over (3.11
    places glyphs to a fraction of a pixel, as earlier matplotlib did not); an upright one
    is the level picture turned (Agg hints it turned: a shade or two apart at the edges).
    """
    quarter = round(float(angle) % 360)
    features = (mtext.get_fontfeatures(), mtext.get_language()) if (
        mtext is not None and hasattr(mtext, "get_fontfeatures")) else (None, None)
    if (quarter not in (0, 90) or quarter != float(angle) % 360 or not gc.get_antialiased()
            or features != (None, None)):
        return None
    shaped = _shaped(s, prop, dpi)
    if shaped is None:
        return None
    coverage, left, top = shaped[3:]
    if coverage is None:
        return None, 0, 0
    if quarter == 90:  # turned a quarter anticlockwise about the origin
        coverage = np.rot90(coverage)
        left, top = top, -(left + coverage.shape[0])
    rgba = tuple(gc.get_rgb())
    if len(rgba) == 3 or gc.get_forced_alpha():
        rgba = (*rgba[:3], gc.get_alpha())
    image = np.empty((*coverage.shape, 4), dtype=np.uint8)
    image[..., :3] = np.round(np.array(rgba[:3]) * 255).astype(np.uint8)
    image[..., 3] = np.round(coverage * rgba[3]).astype(np.uint8)
    return np.ascontiguousarray(image[::-1]), left, top


def _shaped(s, prop, dpi):
    """A text laid out and rendered whole by FreeType, level, in black: (width, height,
    descent, coverage cropped to the ink or None, left, top of the coverage from the text's
    origin, y down), as Agg measures and places it; None for a text with a character its
    font has no glyph for (Agg takes that glyph from a fallback font). Kept like the
    pictures: a text is measured to be laid out, and drawn later, from one layout."""
    key = (s, _font_key(prop), dpi, _settings_key())
    if key in _SHAPES:
        return _SHAPES[key]
    font = get_font(findfont(prop))
    if not set(map(ord, s)) <= _characters(font):
        shaped = None
    else:
        font.clear()
        font.set_size(prop.get_size_in_points(), dpi)
        font.set_text(s, 0.0, flags=get_hinting_flag())
        width, height = font.get_width_height()
        descent = font.get_descent()
        font.draw_glyphs_to_bitmap(antialiased=True)
        coverage = font.get_image()
        drawn = coverage > 0
        rows, cols = np.flatnonzero(drawn.any(axis=1)), np.flatnonzero(drawn.any(axis=0))
        x_offset, y_offset = font.get_bitmap_offset()
        # Where Agg puts the bitmap's top left corner, from the text's origin (y down).
        left = round(x_offset / 64) + (int(cols[0]) if len(cols) else 0)
        top = (round((y_offset + descent) / 64) + 1 - coverage.shape[0]
               + (int(rows[0]) if len(rows) else 0))
        ink = (np.array(coverage[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1])
               if len(rows) else None)
        shaped = width / 64, height / 64, descent / 64, ink, left, top
    _SHAPES[key] = shaped
    if len(_SHAPES) > _TEXTS_KEPT:
        _SHAPES.pop(next(iter(_SHAPES)))
    return shaped


def _characters(font) -> frozenset:
    """The characters ``font`` has glyphs for (kept per font file)."""
    characters = _CHARACTERS.get(font.fname)
    if characters is None:
        characters = _CHARACTERS[font.fname] = frozenset(font.get_charmap())
    return characters


_CHARACTERS: dict = {}


def _measure(s, prop, dpi):
    """A text's width, height and descent in pixels (no maths), measured once and kept."""
    shaped = _shaped(s, prop, dpi)
    if shaped is not None:
        return shaped[:3]
    key = (s, _font_key(prop), dpi, _settings_key())
    size = _SIZES.get(key)
    if size is None:
        measurer = _MEASURERS.get(dpi)
        if measurer is None:  # Agg measures with the font alone, at the renderer's dpi
            measurer = _MEASURERS[dpi] = RendererAgg(1, 1, dpi)
        size = _SIZES[key] = RendererAgg.get_text_width_height_descent(measurer, s, prop, False)
        if len(_SIZES) > _TEXTS_KEPT:
            _SIZES.pop(next(iter(_SIZES)))
    return size


class _TextRecorder(_TextCacheRenderer):
    """Draws nothing: notes each text not kept yet, to make its picture later (see
    :func:`pending_texts`)."""

    def __init__(self, width, height, dpi):
        super().__init__(width, height, dpi)
        self.pending = {}

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        key = _text_key(gc, s, prop, angle, ismath, mtext, self.dpi)
        if key is not None and key not in _TEXTS and key not in self.pending:
            kept_gc = self.new_gc()
            kept_gc.copy_properties(gc)
            self.pending[key] = kept_gc, s, prop.copy(), angle, mtext, self.dpi

    def _nothing(self, *args, **kwargs):
        return None

    draw_path = draw_markers = draw_path_collection = draw_image = draw_quad_mesh = _nothing
    draw_gouraud_triangles = _nothing


_RENDERERS: OrderedDict = OrderedDict()


class TextCacheCanvas(FigureCanvasAgg):
    """An Agg canvas whose renderer keeps the texts it draws (see :mod:`summitlib.charts.raster`).

    Figures of one size share one renderer, so matplotlib's own cache of text sizes (which
    it keeps per renderer) serves a new figure too. The pixels are therefore the last drawn
    figure's: read them (``buffer_rgba``) right after ``draw``, as :func:`figure_png` does.
    """

    def get_renderer(self):
        width, height = self.get_width_height(physical=True)
        key = width, height, self.figure.dpi
        renderer = _RENDERERS.get(key)
        if renderer is None:
            renderer = _RENDERERS[key] = _TextCacheRenderer(width, height, self.figure.dpi)
            if len(_RENDERERS) > 8:  # a few chart sizes are in use at any time
                _RENDERERS.popitem(last=False)
        self.renderer = renderer
        return renderer


def draw(figure) -> TextCacheCanvas:
    """Draw ``figure`` with a :class:`TextCacheCanvas` (its texts kept as pictures).

    Parameters
    ----------
    figure : matplotlib.figure.Figure

    Returns
    -------
    TextCacheCanvas
        The figure's canvas, whose pixels are the figure's until another figure of the
        same size is drawn.
    """
    canvas = figure.canvas
    if not isinstance(canvas, TextCacheCanvas):
        canvas = TextCacheCanvas(figure)
    canvas.draw()
    return canvas


def pending_texts(figure) -> list:
    """The texts ``figure`` would draw that have no kept picture yet, found without drawing.

    The figure's artists go through a draw that rasterises nothing and notes each text whose
    picture is not kept (sizing the texts, which is kept too); the pictures can then be made
    a few at a time, between other work.

    Parameters
    ----------
    figure : matplotlib.figure.Figure

    Returns
    -------
    list of callable
        One function per text: calling it makes and keeps the text's picture.
    """
    width, height = (math.ceil(v) for v in figure.bbox.size)
    recorder = _TextRecorder(max(width, 1), max(height, 1), figure.dpi)
    figure.draw(recorder)
    return [partial(_make_pending, key, *text) for key, text in recorder.pending.items()]


def _make_pending(key, gc, s, prop, angle, mtext, dpi):
    if key not in _TEXTS:
        _keep(key, gc, s, prop, angle, mtext, dpi)


def figure_png(figure) -> tuple[bytes, int, int]:
    """Draw ``figure`` (once, at its own dpi) and encode it as PNG.

    Parameters
    ----------
    figure : matplotlib.figure.Figure

    Returns
    -------
    tuple of (bytes, int, int)
        The PNG and its width and height in pixels. An opaque picture (every chart with a
        background) is encoded as a palette of 256 colours, with light compression: half
        the bytes of a full-colour PNG, in less time (see :func:`_palette`).
    """
    from PIL import Image

    canvas = draw(figure)
    width, height = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    if np.asarray(canvas.buffer_rgba())[..., 3].min() == 255:
        image = _palette(image.convert("RGB"))
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=1)
    return buffer.getvalue(), width, height


def _palette(image):
    """``image`` (RGB) with its colours reduced to a palette of 256.

    A chart has a few colours of its own (background, bars, text) and the shades that
    antialiasing blends between them: a few hundred to a thousand and more. A picture of at
    most 256 colours keeps every one; otherwise Pillow's fast octree merges neighbouring
    shades, each channel at most about 15 of 255 off at the edges of letters
    and bars, which the eye does not see. The background is set back to its exact colour
    (the octree gives each palette entry the mean of its shades: white would become 254),
    so the chart sits on the page without a visible box. Encoding the palette takes half
    the time of encoding the full colours, and the PNG is half the size: less for the
    browser to receive and decode on every change of an explorer.
    """
    from PIL import Image

    colours = image.getcolors(256)
    if colours is not None:
        # Every colour kept exactly (Pillow's own mapping to a given palette rounds shades
        # that lie close together), each pixel looked up by its colour as one number.
        rgb = np.asarray(image, dtype=np.uint32)
        packed = (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]
        keys = np.array(sorted((r << 16) | (g << 8) | b for _, (r, g, b) in colours),
                        dtype=np.uint32)
        reduced = Image.fromarray(np.searchsorted(keys, packed).astype(np.uint8))  # "L"
        reduced.putpalette([channel for key in keys.tolist()  # now "P"
                            for channel in (key >> 16, (key >> 8) & 255, key & 255)])
        return reduced
    reduced = image.quantize(256, method=Image.Quantize.FASTOCTREE)
    palette = reduced.getpalette()
    entry = reduced.getpixel((0, 0))
    palette[3 * entry:3 * entry + 3] = image.getpixel((0, 0))
    reduced.putpalette(palette)
    return reduced
