"""Run every benchmark: ``python benchmarks/run.py`` (or name some: ``run.py datasets widgets``).

Each benchmark module is ``benchmarks/bench_<name>.py`` with a ``main()`` that prints its
figures and the ratios measured in the same run, and returns them. Nothing here is a test:
speed goals are reported, never asserted, because this machine is shared and noisy.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _modules(selected):
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem.removeprefix("bench_")
        if not selected or name in selected:
            yield name, path


def main(argv=None) -> int:
    selected = set(argv if argv is not None else sys.argv[1:])
    known = {name for name, _ in _modules(())}
    unknown = selected - known
    if unknown:
        print(f"Unknown benchmark(s) {sorted(unknown)}; choose from {sorted(known)}.",
              file=sys.stderr)
        return 2
    results = {}
    for name, path in _modules(selected):
        spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        start = time.perf_counter()
        results[name] = module.main()
        print(f"   ({name}: {time.perf_counter() - start:.0f} s)\n")
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, indent=2, default=str))
    print(f"All figures saved to {out / 'latest.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
