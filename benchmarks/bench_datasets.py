"""Benchmark: the cost of `import summitlib` and of loading the data.

Run with ``python benchmarks/bench_datasets.py`` (or all benchmarks: ``python benchmarks/run.py``).
Every figure is a median over repeated runs, and every ratio compares two figures measured in
the same run, so a busy machine slows both sides alike.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

GOAL_IMPORT_RATIO = 1.10  # import summitlib within 10 % of import pandas


def _child_seconds(code: str) -> float:
    """Wall time of a fresh interpreter that runs `code` (interpreter start-up included)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def _child_reported(code: str) -> float:
    """Seconds a fresh interpreter reports for the timed part of `code`."""
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def main(repeats: int = 11) -> dict:
    pandas_s, summit_s = [], []
    # Interleaved, so that drift in machine load hits both sides alike.
    for _ in range(repeats):
        pandas_s.append(_child_seconds("import pandas"))
        summit_s.append(_child_seconds("import summitlib"))
    first_load = [
        _child_reported(
            "import time, summitlib\n"
            "t = time.perf_counter()\n"
            "[summitlib.load_dataset(n) for n in summitlib.list_datasets()]\n"
            "print(time.perf_counter() - t)"
        )
        for _ in range(max(3, repeats // 3))
    ]
    import summitlib

    names = summitlib.list_datasets()
    for n in names:
        summitlib.load_dataset(n)
    cached = []
    for _ in range(repeats * 3):
        t = time.perf_counter()
        for n in names:
            summitlib.load_dataset(n)
        cached.append(time.perf_counter() - t)
    results = {
        "import pandas (s)": statistics.median(pandas_s),
        "import summitlib (s)": statistics.median(summit_s),
        "first load, all tables (s)": statistics.median(first_load),
        "cached load, all tables (s)": statistics.median(cached),
    }
    results["import ratio summitlib/pandas"] = (
        results["import summitlib (s)"] / results["import pandas (s)"]
    )
    results["first/cached load ratio"] = (
        results["first load, all tables (s)"] / results["cached load, all tables (s)"]
    )
    ratio = results["import ratio summitlib/pandas"]
    ms = {k: v * 1000 for k, v in results.items() if k.endswith("(s)")}
    verdict = "met" if ratio <= GOAL_IMPORT_RATIO else "MISSED"
    print("== datasets ==")
    print(f"import pandas            {ms['import pandas (s)']:8.1f} ms (median of {repeats})")
    print(f"import summitlib         {ms['import summitlib (s)']:8.1f} ms -> {ratio:.3f}x "
          f"pandas (goal <= {GOAL_IMPORT_RATIO:.2f}x: {verdict})")
    print(f"first load, {len(names)} tables  {ms['first load, all tables (s)']:8.1f} ms")
    print(f"cached load, {len(names)} tables {ms['cached load, all tables (s)']:8.1f} ms -> the "
          f"first load is {results['first/cached load ratio']:.1f}x the cached load")
    return results


if __name__ == "__main__":
    main()
