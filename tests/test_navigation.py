"""The navigation script: Prev | Index | Next links and the index follow the files."""

import json

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from tools.navigation import INDEX_MARKER, NAV_MARKER, main, sync_navigation


def _write(folder, name, title, *, index=False, nav=True):
    cells = [new_markdown_cell(f"# {title}\n\nIntro.")]
    if nav:
        cells.append(new_markdown_cell(NAV_MARKER))
    cells.append(new_code_cell("x = 1"))
    if index:
        cells.append(new_markdown_cell(INDEX_MARKER))
    if nav:
        cells.append(new_markdown_cell(NAV_MARKER))
    nbformat.write(new_notebook(cells=cells), folder / name)


def _markdown(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]


def test_links_and_index_follow_the_files(tmp_path):
    _write(tmp_path, "00-Start.ipynb", "Start", index=True)
    _write(tmp_path, "01-Syria.ipynb", "Syria")
    _write(tmp_path, "notes.ipynb", "Not a course notebook")
    assert sync_navigation(tmp_path, check=True) == [
        "00-Start.ipynb: navigation out of date", "01-Syria.ipynb: navigation out of date"]
    sync_navigation(tmp_path)
    assert sync_navigation(tmp_path, check=True) == []
    start, syria = _markdown(tmp_path / "00-Start.ipynb"), _markdown(tmp_path / "01-Syria.ipynb")
    assert start[1] == start[-1] == (
        f"{NAV_MARKER}\n[Index](#Index) | [Next: Syria &rarr;](01-Syria.ipynb)")
    assert syria[1] == (f"{NAV_MARKER}\n[&larr; Previous: Start](00-Start.ipynb) | "
                        "[Index](00-Start.ipynb#Index)")
    assert start[2] == (f"{INDEX_MARKER}\n## Index\n\n0. [Start](00-Start.ipynb)\n"
                        "1. [Syria](01-Syria.ipynb)")
    # The rest of each notebook is left as it was.
    assert start[0] == "# Start\n\nIntro." and "x = 1" in (tmp_path / "00-Start.ipynb").read_text()

    # A notebook added in the middle: its neighbours and the index pick it up.
    _write(tmp_path, "00b-Extra.ipynb", "Extra")  # not NN-Title: ignored
    _write(tmp_path, "01-Arms.ipynb", "Arms")
    (tmp_path / "01-Syria.ipynb").rename(tmp_path / "02-Syria.ipynb")
    assert main([str(tmp_path), "--check"]) == 1
    assert main([str(tmp_path)]) == 0
    assert "[Next: Arms &rarr;](01-Arms.ipynb)" in _markdown(tmp_path / "00-Start.ipynb")[1]
    assert "2. [Syria](02-Syria.ipynb)" in _markdown(tmp_path / "00-Start.ipynb")[2]
    assert main([str(tmp_path), "--check"]) == 0


def test_a_notebook_without_navigation_cells_is_named(tmp_path, capsys):
    _write(tmp_path, "00-Start.ipynb", "Start", index=True)
    _write(tmp_path, "01-Bare.ipynb", "Bare", nav=False)
    assert main([str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert f"01-Bare.ipynb: no Markdown cell starting with {NAV_MARKER}" in out
    assert "Add a Markdown cell holding" in err


def test_a_missing_folder_is_explained(tmp_path, capsys):
    assert main([str(tmp_path / "nowhere")]) == 2
    assert "is not a folder; run this from the repository root" in capsys.readouterr().err


def _write_companion(folder, name, title, description, *, nav=False):
    cells = [new_markdown_cell(f"# {title}\n\nNo code here.")]
    if nav:
        cells.append(new_markdown_cell(NAV_MARKER))
    nb = new_notebook(cells=cells)
    nb.metadata["summitlib"] = {"companion": description}
    nbformat.write(nb, folder / name)


def test_a_companion_page_is_listed_in_the_index_and_gets_no_links(tmp_path):
    _write(tmp_path, "00-Start.ipynb", "Start", index=True)
    _write(tmp_path, "01-Syria.ipynb", "Syria")
    _write_companion(tmp_path, "Explore.ipynb", "Explore", "the explorers without code")
    _write(tmp_path, "scratch.ipynb", "A student's scratch notebook", nav=False)
    assert main([str(tmp_path)]) == 0
    assert _markdown(tmp_path / "00-Start.ipynb")[2] == (
        f"{INDEX_MARKER}\n## Index\n\n0. [Start](00-Start.ipynb)\n1. [Syria](01-Syria.ipynb)\n\n"
        "- [Explore](Explore.ipynb): the explorers without code")
    # The sequence is untouched: Syria is still the last notebook, with no Next link.
    assert _markdown(tmp_path / "01-Syria.ipynb")[1] == (
        f"{NAV_MARKER}\n[&larr; Previous: Start](00-Start.ipynb) | [Index](00-Start.ipynb#Index)")
    assert _markdown(tmp_path / "Explore.ipynb") == ["# Explore\n\nNo code here."]
    assert "scratch" not in (tmp_path / "00-Start.ipynb").read_text()
    assert main([str(tmp_path), "--check"]) == 0


def test_a_companion_page_with_navigation_is_named(tmp_path, capsys):
    _write(tmp_path, "00-Start.ipynb", "Start", index=True)
    _write_companion(tmp_path, "Explore.ipynb", "Explore", "the explorers", nav=True)
    assert main([str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert "Explore.ipynb: a companion page takes no Prev | Next links" in out
    assert f"Remove the {NAV_MARKER} cells of the companion pages above" in err
    # Nothing is written into the companion page.
    assert _markdown(tmp_path / "Explore.ipynb")[1] == NAV_MARKER
