"""The PNG canvas that keeps the texts it has drawn: same picture as matplotlib's own Agg."""

import io

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from summitlib.charts import raster


def _figure():
    figure = Figure(figsize=(4, 3), dpi=100)
    ax = figure.add_subplot()
    ax.bar(["US", "Russia"], [1350, 1444], color=["#0072b2", "#d55e00"])
    ax.set_title("Deployed warheads, 5 February 2018")
    ax.set_ylabel("Declared number")
    ax.text(0.5, 1200, "limit 1,550", rotation=90, fontsize=9)
    ax.text(1.2, 600, "half seen", alpha=0.5, color="black", fontsize=12)
    figure.subplots_adjust(left=0.2)
    return figure


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def _plain(figure) -> np.ndarray:
    buffer = io.BytesIO()
    FigureCanvasAgg(figure).print_png(buffer)
    return _pixels(buffer.getvalue())


@pytest.fixture(autouse=True)
def _empty_cache():
    raster.clear_text_cache()
    yield
    raster.clear_text_cache()


def test_the_picture_matches_matplotlibs_own_agg():
    expected = _plain(_figure())
    png, width, height = raster.figure_png(_figure())
    got = _pixels(png)
    assert got.shape == expected.shape == (300, 400, 3) and (width, height) == (400, 300)
    # Texts land on whole pixels, and a string is rendered whole, so now and then a glyph
    # stands a pixel column off (matplotlib 3.11 places each glyph to a fraction of a
    # pixel): the edges of letters differ a little, which averages out over blocks of 4 x 4
    # pixels (here 1.2 on average, 71 at most: the last "0" of a tick label "200" one
    # column over). A text upside down or misplaced differs by far more (a title turned
    # over: 4 on average, 168 at most).
    assert np.abs(_blocks(got) - _blocks(expected)).mean() < 1.5
    assert np.abs(_blocks(got) - _blocks(expected)).max() < 100
    ink = (255 - got).sum() / (255 - expected).sum()
    assert 0.99 < ink < 1.01, ink
    # The half-transparent text stays half-transparent (mid-grey, as matplotlib draws it),
    # not its transparency applied twice.
    assert abs(got[155:185, 365:400].min() - expected[155:185, 365:400].min()) <= 8
    assert 110 < got[155:185, 365:400].min() < 145


def _blocks(pixels, k=4):
    height, width = pixels.shape[0] // k * k, pixels.shape[1] // k * k
    return pixels[:height, :width].reshape(height // k, k, width // k, k, 3).mean(axis=(1, 3))


def test_a_second_draw_pastes_the_kept_texts_and_gives_the_same_png():
    figure = _figure()
    first, _, _ = raster.figure_png(figure)
    kept = len(raster._TEXTS)
    assert kept >= 6  # title, axis label, tick labels, the two texts
    second, _, _ = raster.figure_png(figure)
    assert len(raster._TEXTS) == kept and second == first
    raster.clear_text_cache()
    assert len(raster._TEXTS) == 0


def test_the_texts_a_figure_will_draw_are_found_without_drawing_and_made_one_at_a_time():
    drawn, _, _ = raster.figure_png(_figure())
    raster.clear_text_cache()
    figure = _figure()
    pending = raster.pending_texts(figure)
    # Found, not drawn: the title, the axis label, the tick labels and the two texts.
    assert len(pending) >= 6 and len(raster._TEXTS) == 0
    for made, text in enumerate(pending, start=1):
        text()
        assert len(raster._TEXTS) == made
    # The draw that follows makes no picture of its own, and the PNG is the same.
    again, _, _ = raster.figure_png(figure)
    assert len(raster._TEXTS) == len(pending) and again == drawn
    assert raster.pending_texts(figure) == []


def test_an_opaque_chart_is_encoded_as_a_palette_and_a_transparent_one_with_alpha():
    png, _, _ = raster.figure_png(_figure())
    assert Image.open(io.BytesIO(png)).mode == "P"
    see_through = _figure()
    see_through.patch.set_alpha(0)
    for ax in see_through.axes:
        ax.patch.set_alpha(0)
    png, _, _ = raster.figure_png(see_through)
    assert Image.open(io.BytesIO(png)).mode == "RGBA"


@pytest.mark.parametrize("clip", ["rectangle", "path"])
def test_a_clipped_text_is_clipped_as_matplotlib_clips_it(clip):
    from matplotlib.patches import Circle

    def figure():
        figure = Figure(figsize=(2, 1), dpi=100)
        ax = figure.add_axes((0.3, 0.2, 0.4, 0.6))
        ax.set_axis_off()
        text = ax.text(-0.5, 0.3, "MMMMMMMMMM", fontsize=20, clip_on=True)
        if clip == "path":
            text.set_clip_path(Circle((0.5, 0.5), 0.4, transform=ax.transAxes))
        return figure

    expected = _plain(figure())
    got = _pixels(raster.figure_png(figure())[0])
    assert (255 - expected).sum() > 0
    assert np.abs(got - expected).max() == 0


def test_the_palette_keeps_the_background_exact_and_every_colour_close():
    from summitlib.charts import plot_new_start

    figure = Figure(figsize=(8, 4.6), dpi=100)
    plot_new_start(ax=figure.add_subplot())
    figure.tight_layout()
    canvas = raster.draw(figure)
    full = np.asarray(canvas.buffer_rgba())[..., :3].astype(int)
    assert len(np.unique(full.reshape(-1, 3), axis=0)) > 256  # the octree's case
    png, _, _ = raster.figure_png(figure)
    got = _pixels(png)
    white = (full == 255).all(axis=2)
    assert white.mean() > 0.5 and (got[white] == 255).all()  # no grey box on the page
    # Shades merge at the edges of letters and hatches: a few levels, never a colour changed.
    assert np.abs(got - full).max() <= 24
    assert np.abs(got - full).mean() < 1.0
    # Half the bytes of the full-colour PNG.
    buffer = io.BytesIO()
    Image.fromarray(full.astype(np.uint8)).save(buffer, format="png", compress_level=1)
    assert len(png) < 0.6 * len(buffer.getvalue())


def test_a_chart_of_few_colours_keeps_each_exactly():
    figure = Figure(figsize=(2, 1), dpi=100)
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.bar([0, 1], [1, 2], color=["#0072b2", "#d55e00"], antialiased=False)
    full = np.asarray(raster.draw(figure).buffer_rgba())[..., :3].astype(int)
    got = _pixels(raster.figure_png(figure)[0])
    assert 2 < len(np.unique(full.reshape(-1, 3), axis=0)) <= 256
    assert (got == full).all()


@pytest.mark.parametrize("angle", [0, 90])
@pytest.mark.parametrize("text", ["Deployed warheads", "1,550", "US Sep 2017", "Russia",
                                  "(binding from 5 Feb 2018)"])
def test_a_whole_string_picture_is_aggs_picture_give_or_take_a_pixel(text, angle):
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    gc = RendererAgg(1, 1, 100).new_gc()
    gc.set_foreground("#0072b2")
    for size, weight in ((8.184, "normal"), (9.684, "bold"), (12, "normal")):
        prop = FontProperties(size=size, weight=weight)
        agg, agg_left, agg_top = raster._agg_picture(gc, text, prop, angle, None, 100)
        whole, left, top = raster._whole_string_picture(gc, text, prop, angle, None, 100)
        assert abs(left - agg_left) <= 1 and abs(top - agg_top) <= 1, (size, weight)
        assert all(abs(a - b) <= 1 for a, b in zip(whole.shape, agg.shape, strict=True))
        # The same colour, and as much ink (a glyph a column over moves ink, adds none).
        assert (whole[..., :3][whole[..., 3] > 0] == agg[..., :3][agg[..., 3] > 0][0]).all()
        ink = whole[..., 3].sum() / agg[..., 3].sum()
        assert 0.97 < ink < 1.03, (size, weight, ink)


def test_a_text_turned_otherwise_or_needing_another_font_is_drawn_by_agg():
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    gc = RendererAgg(1, 1, 100).new_gc()
    prop = FontProperties(size=10)
    assert raster._whole_string_picture(gc, "limit", prop, 45, None, 100) is None
    # A character the font has no glyph for: Agg draws it from a fallback font (or a box).
    assert raster._whole_string_picture(gc, "\N{CJK UNIFIED IDEOGRAPH-6F22}", prop, 0,
                                        None, 100) is None
    assert raster._picture(gc, "limit", prop, 45, None, 100)[0] is not None


@pytest.mark.parametrize("text", ["Deployed warheads", "limit 1,550", "US Sep 2017", "Russia",
                                  "What if: your force next to the declarations of 1 March "
                                  "2019, against the limits", "Trump–Putin “summit”"])
def test_a_text_laid_out_whole_measures_as_agg_measures_it(text):
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    agg = RendererAgg(1, 1, 100)
    for size, weight in ((8.184, "normal"), (9.684, "bold"), (12, "normal")):
        prop = FontProperties(size=size, weight=weight)
        assert raster._measure(text, prop, 100) == agg.get_text_width_height_descent(
            text, prop, False)
