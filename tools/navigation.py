"""Keep the notebooks' Prev | Index | Next links and the index in sync with the files.

Run ``python -m tools.navigation`` after adding, removing or renaming a notebook (or
changing a title); ``python -m tools.navigation --check`` only reports, and exits 1 when
something is out of date (the tests run it that way).

The notebooks are ``notebooks/NN-Title-With-Hyphens.ipynb``, read in the order of NN. In each
notebook, a Markdown cell holding the marker ``<!-- nav -->`` is rewritten as the navigation
line (put one near the top and one at the end). In the first notebook, a Markdown cell holding
``<!-- index -->`` is rewritten as the list of all notebooks with their titles (the first
``# `` heading of each). Everything else in the notebooks is left exactly as it is.

A notebook outside the numbered sequence whose notebook metadata holds
``{"summitlib": {"companion": "what it is for"}}`` is a companion page (the presentation page
``Explore-the-summit.ipynb`` is one): it gets no Prev | Next links, since it is read on its own
(in Voilà, where links to the numbered notebooks would lead nowhere), and the index lists it
after the numbered notebooks, with its title and that description.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

NAV_MARKER = "<!-- nav -->"
INDEX_MARKER = "<!-- index -->"
_NAME = re.compile(r"^(\d\d)-[A-Za-z0-9-]+\.ipynb$")


def notebook_paths(folder) -> list[Path]:
    """The course notebooks in reading order (files named ``NN-Title.ipynb``)."""
    return sorted(p for p in Path(folder).glob("*.ipynb") if _NAME.match(p.name))


def companion_paths(folder) -> list[Path]:
    """The companion pages: notebooks outside the sequence that describe themselves as such.

    A notebook whose name is not ``NN-Title.ipynb`` and whose metadata holds
    ``summitlib.companion`` (a one-line description for the index). Any other notebook in the
    folder (a student's scratch notebook, say) is left alone.
    """
    return sorted(p for p in Path(folder).glob("*.ipynb")
                  if not _NAME.match(p.name) and companion_description(p))


def companion_description(path) -> str:
    """The ``summitlib.companion`` description of a notebook, or "" when it has none."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    return str(nb.get("metadata", {}).get("summitlib", {}).get("companion", "")).strip()


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def notebook_title(path) -> str:
    """The text of the first level-1 heading of a notebook."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for line in _source(cell).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    raise ValueError(f"{path} has no '# ' title in a Markdown cell; add one as its first line.")


def _nav_text(paths, i) -> str:
    parts = []
    if i > 0:
        parts.append(f"[&larr; Previous: {notebook_title(paths[i - 1])}]({paths[i - 1].name})")
    parts.append(f"[Index]({paths[0].name}#Index)" if i > 0 else "[Index](#Index)")
    if i + 1 < len(paths):
        parts.append(f"[Next: {notebook_title(paths[i + 1])} &rarr;]({paths[i + 1].name})")
    return f"{NAV_MARKER}\n" + " | ".join(parts)


def _index_text(paths, companions=()) -> str:
    lines = [INDEX_MARKER, "## Index", ""]
    for p in paths:
        lines.append(f"{int(p.name[:2])}. [{notebook_title(p)}]({p.name})")
    if companions:
        lines.append("")
        lines.extend(f"- [{notebook_title(p)}]({p.name}): {companion_description(p)}"
                     for p in companions)
    return "\n".join(lines)


def sync_navigation(folder, *, check: bool = False) -> list[str]:
    """Rewrite (or, with ``check=True``, only compare) the navigation and index cells.

    Parameters
    ----------
    folder : str or pathlib.Path
        The notebooks folder.
    check : bool, default=False
        Only report what is out of date; write nothing.

    Returns
    -------
    list of str
        The notebooks that were (or would be) changed, any notebook without a nav cell, and
        any companion page with one (those two are left for a person to fix).
    """
    paths = notebook_paths(folder)
    companions = companion_paths(folder)
    problems = []
    for i, path in enumerate(paths):
        text = path.read_text(encoding="utf-8")
        nb = json.loads(text)
        nav_cells = [c for c in nb["cells"]
                     if c["cell_type"] == "markdown" and _source(c).startswith(NAV_MARKER)]
        if not nav_cells:
            problems.append(f"{path.name}: no Markdown cell starting with {NAV_MARKER}")
        changed = False
        for cell in nav_cells:
            want = _nav_text(paths, i)
            if _source(cell) != want:
                cell["source"] = want
                changed = True
        if i == 0:
            for cell in nb["cells"]:
                if cell["cell_type"] == "markdown" and _source(cell).startswith(INDEX_MARKER):
                    want = _index_text(paths, companions)
                    if _source(cell) != want:
                        cell["source"] = want
                        changed = True
        if changed:
            problems.append(f"{path.name}: navigation out of date")
            if not check:
                path.write_text(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                                encoding="utf-8")
    for path in companions:
        nb = json.loads(path.read_text(encoding="utf-8"))
        if any(c["cell_type"] == "markdown" and _source(c).startswith(NAV_MARKER)
               for c in nb["cells"]):
            problems.append(f"{path.name}: a companion page takes no Prev | Next links; remove "
                            f"its {NAV_MARKER} cell")
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.navigation",
        description="Sync the Prev | Index | Next links and the index of the notebooks.",
    )
    parser.add_argument("folder", nargs="?", default="notebooks",
                        help="the notebooks folder (default: notebooks)")
    parser.add_argument("--check", action="store_true",
                        help="only report what is out of date; exit 1 if anything is")
    args = parser.parse_args(argv)
    if not Path(args.folder).is_dir():
        print(f"{args.folder!r} is not a folder; run this from the repository root or name "
              "the notebooks folder.", file=sys.stderr)
        return 2
    problems = sync_navigation(args.folder, check=args.check)
    for p in problems:
        print(p)
    if args.check:
        return 1 if problems else 0
    if any("no Markdown cell" in p for p in problems):
        print(f"Add a Markdown cell holding {NAV_MARKER} to the notebooks above, then run this "
              "again.", file=sys.stderr)
        return 1
    if any("companion page" in p for p in problems):
        print(f"Remove the {NAV_MARKER} cells of the companion pages above, then run this again.",
              file=sys.stderr)
        return 1
    companions = companion_paths(args.folder)
    print(f"{len(notebook_paths(args.folder))} notebooks in sync"
          + (f", and {len(companions)} companion page(s) in the index." if companions else "."))
    return 0


if __name__ == "__main__":
    sys.exit(main())
