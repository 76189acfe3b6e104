"""Benchmark: the time from a control change to the updated output, per explorer.

Run with ``python benchmarks/bench_widgets.py`` (or all benchmarks: ``python benchmarks/run.py``).

ipywidgets runs a control's observers synchronously in the process that sets ``.value`` (or
calls ``button.click()``), so the time of that assignment is the time until the output holds
the new view: chart drawn, PNG encoded, text and table rendered. The browser's own drawing is
not included.

The goal is 100 ms, the point where a change feels instant. The floor is what any chart costs:
one bare matplotlib bar chart drawn into an Output the way the explorers do it. Each explorer is
timed twice: drawing a choice for the first time, and going back to a choice already drawn
(the explorers keep their last views). Every change is timed in rounds that visit each explorer
and the floor once, so drift in the machine's load hits them all alike; figures are medians
over the rounds after a warm-up.

Charts are drawn by :mod:`summitlib.charts.raster`, which keeps every text it has drawn as a
picture; a first draw reuses the pictures of texts drawn before (tick labels, titles), as it
does in a student's session. The "cold" column is the same first draw with those pictures
forgotten too: a view whose every label is new, as the very first chart of a kernel is.

Last, what a student meets first: a new explorer, built with no text pictures kept, and the
first change of one of its controls, made at once (no pause: nothing is warmed up) and after
a pause in a running event loop, as in a kernel, where the explorer draws the texts of the
views one change away while the student reads (``Explorer.warm_up``); the time it builds in,
and the time and the number of views the warm-up took, are printed beside.
"""

from __future__ import annotations

import itertools
import os
import statistics
import time
from functools import partial

os.environ.setdefault("MPLBACKEND", "Agg")

GOAL_MS = 100.0

from summitlib.widgets._shell import _WARM_UP_PAUSE  # noqa: E402


def _cases():
    """Name -> a function that makes one control change (cycling through values)."""
    import pandas as pd

    from summitlib import load_topics, widgets

    topic = widgets.explore_topic()
    topic_ids = itertools.cycle(load_topics()["topic_id"].astype(str).tolist())

    sources = widgets.explore_sources()
    first, second = sources.controls["first"].value, sources.controls["second"].value
    pairs = itertools.cycle([(second, first), (first, second)])

    new_start = widgets.explore_new_start()
    choices = itertools.cycle(
        [(c, d) for c in (None, "United States", "Russia")
         for d in (None, pd.Timestamp("2018-02-05"), pd.Timestamp("2019-03-01"))]
    )

    what_if = widgets.explore_new_start()
    what_if.controls["what_if"].value = True
    warheads = itertools.cycle([1400, 1500, 1550, 1600, 1700])

    timeline = widgets.explore_timeline()
    ranges = itertools.cycle([(1974, 2023), (2010, 2019), (2018, 2018), (2000, 2023)])

    quiz = widgets.explore_who_said_it(seed=0)
    buttons = list(quiz.answer_buttons.values())
    clicks = itertools.cycle(
        [lambda i=i: buttons[i % len(buttons)].click() for i in range(len(buttons))]
    )
    quiz_steps = itertools.cycle(["answer", "next"])

    search = widgets.explore_statements()
    words = itertools.cycle(["rubbish", "Syria", "nuclear", "", "elect", "zzz"])

    def pick_pair():
        a, b = next(pairs)
        sources.set_values(first=a, second=b)

    def pick_country():
        c, d = next(choices)
        # One control per change, as a student makes it; the exchange moves every third time.
        if new_start.controls["country"].value != c:
            new_start.controls["country"].value = c
        else:
            new_start.controls["as_of"].value = d

    def quiz_step():
        if next(quiz_steps) == "answer":
            next(clicks)()
        else:
            quiz.controls["next"].click()

    return {
        "explore_topic (topic)": (topic, lambda: setattr(
            topic.controls["topic"], "value", next(topic_ids))),
        "explore_sources (swap pair)": (sources, pick_pair),
        "explore_new_start (country/exchange)": (new_start, pick_country),
        "explore_new_start (what-if number)": (what_if, lambda: setattr(
            what_if.controls["deployed_warheads"], "value", next(warheads))),
        "explore_timeline (years)": (timeline, lambda: setattr(
            timeline.controls["years"], "value", next(ranges))),
        "explore_who_said_it (click)": (quiz, quiz_step),
        "explore_statements (word)": (search, lambda: setattr(
            search.controls["text"], "value", next(words))),
    }


def _shown_cases():
    """Name -> (make the explorer, make the first change of one control)."""
    from summitlib import widgets

    def toggle_what_if(w):
        w.controls["what_if"].value = True

    def what_if_number(w):
        w.controls["deployed_warheads"].value += 1

    return {
        "explore_sources (swap pair)": (widgets.explore_sources, lambda w: w.set_values(
            first=w.controls["second"].value, second=w.controls["first"].value)),
        "explore_new_start (country)": (widgets.explore_new_start, lambda w: setattr(
            w.controls["country"], "value", w.controls["country"].options[-1][1])),
        "explore_new_start (exchange)": (widgets.explore_new_start, lambda w: setattr(
            w.controls["as_of"], "value", w.controls["as_of"].options[1][1])),
        "explore_new_start (What if)": (widgets.explore_new_start, toggle_what_if),
        # The number is the one control not warmed up: a step changes bars in place.
        "explore_new_start (What if, number)": (
            lambda: _with(widgets.explore_new_start(), toggle_what_if), what_if_number),
    }


def _with(explorer, change):
    change(explorer)
    return explorer


def _first_change_after_shown(floor, repeats: int = 3) -> dict:
    """A new explorer (no text pictures kept) and its first change: at once, after a pause."""
    import asyncio

    from summitlib.charts import raster

    async def after_pause(make, change):
        raster.clear_text_cache()
        explorer = make()
        start = time.perf_counter()
        while explorer._warming is not None:  # the student reads; the kernel is idle
            await asyncio.sleep(0.02)
        warmed = time.perf_counter() - start
        # The views drawn: every choice warmed up but the one shown.
        return _time(partial(change, explorer)), warmed, len(explorer._warmed) - 1

    rows = {}
    for name, (make, change) in _shown_cases().items():
        floors, built, at_once, paused, warm_ups, views = [], [], [], [], [], 0
        for _ in range(repeats):
            # The floor three times a round: one timing a round moved with the machine's load.
            floors.extend(_time(floor) for _ in range(3))
            raster.clear_text_cache()
            start = time.perf_counter()
            explorer = make()
            built.append(time.perf_counter() - start)
            at_once.append(_time(partial(change, explorer)))
            elapsed, warmed, views = asyncio.run(after_pause(make, change))
            paused.append(elapsed)
            warm_ups.append(warmed)
        floor_ms = statistics.median(floors) * 1000
        rows[name] = {
            "floor (ms)": floor_ms,
            "build (ms)": statistics.median(built) * 1000,
            "at once (ms)": statistics.median(at_once) * 1000,
            "at once, ratio to floor": statistics.median(at_once) * 1000 / floor_ms,
            "after the warm-up (ms)": statistics.median(paused) * 1000,
            "after the warm-up, ratio to floor": statistics.median(paused) * 1000 / floor_ms,
            "warm-up, wall time from the pause (ms)": statistics.median(warm_ups) * 1000,
            "warm-up, views drawn": views,
        }
    return rows


def _floor():
    """One bare bar chart drawn into an Output the way the explorers show their figures."""
    import ipywidgets

    from summitlib.widgets._shell import _figure_bundle, _new_axes

    output = ipywidgets.Output()
    heights = itertools.cycle([[3, 1, 4, 1, 5, 9, 2, 6, 5], [2, 7, 1, 8, 2, 8, 1, 8, 2]])

    def draw():
        figure, ax = _new_axes()
        ax.bar(range(9), next(heights))
        output.outputs = (_figure_bundle(figure, "A bar chart"),)

    return draw


def _split(explorer, repeats=5):
    """Median ms of computing a view (tables, text, plot calls) and of turning it into output."""
    from summitlib.widgets._shell import _outputs

    values = explorer.values()
    compute, draw = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        view = explorer._render(**values)
        middle = time.perf_counter()
        _outputs(view)
        compute.append(middle - start)
        draw.append(time.perf_counter() - middle)
    return statistics.median(compute) * 1000, statistics.median(draw) * 1000


def _time(change) -> float:
    start = time.perf_counter()
    change()
    return time.perf_counter() - start


def main(repeats: int = 15, warmup: int = 3) -> dict:
    # Two copies of every explorer: "first draw" forgets its kept views before each change, so
    # every change draws afresh; "revisit" keeps them, so once the cycle of values has come
    # round, each change goes back to a choice already seen (as a student flicking between
    # two topics does).
    fresh, kept = _cases(), _cases()
    floor = _floor()
    for _, change in kept.values():
        for _ in range(12):  # longer than any cycle of values, so every value has been seen
            change()
    first = {name: [] for name in fresh}
    again = {name: [] for name in kept}
    floor_times, errors = [], {}
    for round_number in range(warmup + repeats):
        measured = round_number >= warmup
        elapsed = _time(floor)
        if measured:
            floor_times.append(elapsed)
        for name in fresh:
            explorer, change = fresh[name]
            explorer.clear_cache()
            elapsed = _time(change)
            if measured:
                first[name].append(elapsed)
            explorer, change = kept[name]
            elapsed = _time(change)
            if measured:
                again[name].append(elapsed)
            for which, (explorer, _) in (("first draw", fresh[name]), ("revisit", kept[name])):
                if explorer.current_error:
                    errors[f"{name}, {which}"] = explorer.current_error
    floor_ms = statistics.median(floor_times) * 1000
    from summitlib.charts import raster

    cold = {name: [] for name in fresh}
    for _ in range(5):
        for name, (explorer, change) in fresh.items():
            explorer.clear_cache()
            raster.clear_text_cache()
            cold[name].append(_time(change))
    results = {"goal (ms)": GOAL_MS, "floor: bare bar chart (ms)": floor_ms, "widgets": {}}
    print("== widgets: control change -> updated output ==")
    print(f"median of {repeats} changes after {warmup} warm-up rounds; goal {GOAL_MS:.0f} ms; "
          f"floor = one bare bar chart drawn into an Output: {floor_ms:.1f} ms "
          f"({floor_ms / GOAL_MS:.2f}x of the goal)")
    print(f"{'explorer (control changed)':38s} {'first draw':>10s} {'vs goal':>8s} "
          f"{'vs floor':>8s}   {'revisit':>8s} {'vs goal':>8s}   {'cold':>8s} {'vs floor':>8s}")
    for name in fresh:
        ms = statistics.median(first[name]) * 1000
        back = statistics.median(again[name]) * 1000
        frozen = statistics.median(cold[name]) * 1000
        row = {
            "first draw, median (ms)": ms,
            "first draw, max (ms)": max(first[name]) * 1000,
            "first draw, ratio to goal": ms / GOAL_MS,
            "first draw, ratio to floor": ms / floor_ms,
            "revisit, median (ms)": back,
            "revisit, ratio to goal": back / GOAL_MS,
            "cold first draw, median of 5 (ms)": frozen,
            "cold first draw, ratio to floor": frozen / floor_ms,
        }
        results["widgets"][name] = row
        flag = "  over the goal" if ms > GOAL_MS else ""
        print(f"{name:38s} {ms:7.1f} ms {ms / GOAL_MS:7.2f}x {ms / floor_ms:7.2f}x   "
              f"{back:5.1f} ms {back / GOAL_MS:7.2f}x   {frozen:5.1f} ms {frozen / floor_ms:7.2f}x"
              f"{flag}")
    worst = max(results["widgets"].items(), key=lambda kv: kv[1]["first draw, median (ms)"])
    name, row = worst
    print(f"slowest first draw: {name}, {row['first draw, median (ms)']:.1f} ms = "
          f"{row['first draw, ratio to goal']:.2f}x of the {GOAL_MS:.0f} ms goal, "
          f"{row['first draw, ratio to floor']:.2f}x the floor")
    print("where a first draw goes (median of 5): computing the view and plotting on the Axes, "
          "then laying out, rasterising and encoding the PNG")
    for name, (explorer, _change) in fresh.items():
        compute, draw = _split(explorer)
        results["widgets"][name].update({"compute and plot (ms)": compute,
                                         "layout, raster, PNG (ms)": draw})
        print(f"   {name:38s} {compute:7.1f} ms + {draw:7.1f} ms")
    print("first change after a new explorer is shown (no text pictures kept before it was "
          "built; median of 3; the floor beside, median of 9 timed in the same rounds; "
          f"warm-up pause {_WARM_UP_PAUSE:.1f} s)")
    print(f"   {'explorer (control changed)':38s} {'build':>8s} {'at once':>8s} {'vs floor':>8s}"
          f"   {'warmed':>8s} {'vs floor':>8s}   {'warm-up':>8s} {'views':>5s} {'floor':>7s}")
    shown = _first_change_after_shown(floor)
    results["first change after shown"] = shown
    for name, row in shown.items():
        print(f"   {name:38s} {row['build (ms)']:5.0f} ms {row['at once (ms)']:5.0f} ms "
              f"{row['at once, ratio to floor']:7.2f}x   {row['after the warm-up (ms)']:5.0f} ms "
              f"{row['after the warm-up, ratio to floor']:7.2f}x   "
              f"{row['warm-up, wall time from the pause (ms)']:5.0f} ms "
              f"{row['warm-up, views drawn']:5d} {row['floor (ms)']:5.1f} ms")
    if errors:
        print(f"errors shown during the run: {errors}")
        results["errors"] = errors
    return results


if __name__ == "__main__":
    main()
