"""The notebook sequence: structure, navigation and exercises (nbval runs them separately)."""

import itertools
import json
import os
import re
from pathlib import Path

import pytest

from tools.navigation import (
    INDEX_MARKER,
    NAV_MARKER,
    companion_paths,
    notebook_paths,
    sync_navigation,
)

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
PATHS = notebook_paths(NOTEBOOKS)
# Pages outside the sequence (no Prev | Next links, listed in the index): the presentation page.
PAGES = companion_paths(NOTEBOOKS)
PRESENTATION = NOTEBOOKS / "Explore-the-summit.ipynb"
EXPECTED = [
    "00-Start-here.ipynb",
    "01-Sources-and-Timeline.ipynb",
    "02-Election-Interference.ipynb",
    "03-Syria.ipynb",
    "04-Arms-Control-and-New-START.ipynb",
    "05-Nonproliferation-North-Korea-and-Iran.ipynb",
    "06-Counterterrorism-and-Cybersecurity.ipynb",
    "07-Ukraine-and-Crimea.ipynb",
    "08-Outcomes-Silences-and-Reactions.ipynb",
    "09-Comparing-the-Sources.ipynb",
]


def _load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def _src(cell):
    s = cell["source"]
    return "".join(s) if isinstance(s, list) else s


def _markdown(nb):
    return "\n\n".join(_src(c) for c in nb["cells"] if c["cell_type"] == "markdown")


def _code(nb):
    return [_src(c) for c in nb["cells"] if c["cell_type"] == "code"]


def test_the_sequence_is_complete_and_in_order():
    assert [p.name for p in PATHS] == EXPECTED


def test_navigation_and_index_are_in_sync():
    assert sync_navigation(NOTEBOOKS, check=True) == []


def test_every_notebook_is_in_the_sequence_or_a_companion_page():
    assert [p.name for p in PAGES] == [PRESENTATION.name]
    assert sorted(NOTEBOOKS.glob("*.ipynb")) == sorted(PATHS + PAGES)


@pytest.mark.parametrize("path", PATHS + PAGES, ids=lambda p: p.name)
def test_stored_without_outputs(path):
    for cell in _load(path)["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, _src(cell)[:60]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_each_notebook_has_the_parts_a_lesson_needs(path):
    nb = _load(path)
    md = _markdown(nb)
    code = "\n".join(_code(nb))
    first = _src(nb["cells"][0])
    assert first.startswith("# "), "the first cell opens with the notebook's H1 title"
    assert len(re.findall(r"^# ", md, flags=re.M)) == 1, "exactly one H1 title"
    assert re.search(r"^## Learning objectives", md, flags=re.M)
    assert re.search(r"^## Sources", md, flags=re.M)
    assert md.count(NAV_MARKER) >= 2, "navigation at the top and at the end"
    assert "explore_" in code, "at least one summitlib widget"
    assert "plot_" in code, "at least one summitlib chart"
    if path.name != EXPECTED[0]:
        assert re.search(r"^## Discussion", md, flags=re.M), "discussion questions for a class"
        checks = [c for c in nb["cells"] if c.get("metadata", {}).get("summitlib", {})
                  .get("role") == "check"]
        assert len(checks) >= 3, "at least three exercises"
    else:
        assert INDEX_MARKER in md


@pytest.mark.parametrize("path", PATHS + PAGES, ids=lambda p: p.name)
def test_headings_do_not_skip_levels(path):
    levels = [len(m.group(1)) for m in re.finditer(r"^(#{1,6}) ", _markdown(_load(path)),
                                                   flags=re.M)]
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"a level-{after} heading follows a level-{before} one"


@pytest.mark.parametrize("path", PATHS + PAGES, ids=lambda p: p.name)
def test_every_chart_is_followed_by_its_description(path):
    cells = _load(path)["cells"]
    for i, cell in enumerate(cells):
        if cell["cell_type"] == "code" and re.search(r"\bplot_(\w+)\(", _src(cell)):
            name = re.search(r"\bplot_(\w+)\(", _src(cell)).group(1)
            around = _src(cell) + "".join(_src(c) for c in cells[i + 1:i + 3])
            assert f"describe_{name}(" in around or f"table_{name}(" in around, (
                f"plot_{name} is not followed by describe_{name}() or table_{name}()"
            )


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_exercise_cells_match_the_exercise_module(path):
    from summitlib.exercises import get_module

    nb = _load(path)
    module = get_module(f"nb{path.name[:2]}")
    roles = {}
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("summitlib")
        if meta:
            roles.setdefault(meta["exercise"], []).append(meta["role"])
    names = [q.name for q in module.EXERCISES]
    assert list(roles) == names, "one answer and one check cell per exercise, in order"
    for name in names:
        assert roles[name] == ["answer", "check"], name


# The acronyms the notebooks use, with words that must stand near their first use.
ACRONYMS = {
    "CRS": "Congressional Research Service",
    "CGTN": "China Global Television Network",
    "DNI": "Director of National Intelligence",
    "INF": "Intermediate-Range Nuclear Forces",
    "JCPOA": "Joint Comprehensive Plan of Action",
    "SIPRI": "Stockholm International Peace Research Institute",
    "GRU": "military intelligence",
    "AFP": "Agence France-Presse",
    "New START": "Strategic Arms Reduction Treaty",
    "NATO": "North Atlantic Treaty Organization",
}


def _prose(nb) -> str:
    """The notebook's own running text: no navigation, index or title lines."""
    parts = []
    for cell in nb["cells"]:
        text = _src(cell)
        if cell["cell_type"] != "markdown" or text.startswith((NAV_MARKER, INDEX_MARKER)):
            continue
        parts.append("\n".join(line for line in text.splitlines() if not line.startswith("# ")))
    return re.sub(r"\s+", " ", " ".join(parts))


@pytest.mark.parametrize("path", PATHS + PAGES, ids=lambda p: p.name)
def test_acronyms_are_spelled_out_on_first_use(path):
    text = _prose(_load(path))
    for acronym, words in ACRONYMS.items():
        first = re.search(rf"(?<![\w`-]){re.escape(acronym)}(?![\w`])", text)
        if first:
            near = text[max(0, first.start() - 120):first.end() + 120]
            assert words.lower() in near.lower(), (
                f"{acronym} is first used without '{words}' nearby: "
                f"...{text[max(0, first.start() - 60):first.end() + 60]}...")


def test_the_presentation_page_has_every_explorer_and_no_code_to_read():
    """Voilà shows a code cell's output, never its code: each explorer is a cell of its own."""
    import summitlib.widgets

    nb = _load(PRESENTATION)
    md, code = _markdown(nb), _code(nb)
    first = _src(nb["cells"][0])
    assert first.startswith("# ") and len(re.findall(r"^# ", md, flags=re.M)) == 1
    assert re.search(r"^## Sources", md, flags=re.M)
    assert NAV_MARKER not in md and INDEX_MARKER not in md
    explorers = [name for name in summitlib.widgets.__all__ if name.startswith("explore_")]
    shown = [c.strip() for c in code if re.fullmatch(r"explore_\w+\(\)", c.strip())]
    assert sorted(shown) == sorted(f"{name}()" for name in explorers)
    # No exercises (nothing to type on this page) and nothing printed but what a reader needs.
    assert "summitlib.exercises" not in "\n".join(code)
    assert not any(c.get("metadata", {}).get("summitlib") for c in nb["cells"])
    # Every claim about the summit names its document and paragraph.
    assert len(re.findall(r"\((CRS Insight|CGTN), paragraphs? \d+", md)) >= 5
    # Listed in the index of 00-Start-here, from the page's own description.
    assert nb["metadata"]["summitlib"]["companion"]
    assert f"]({PRESENTATION.name})" in _markdown(_load(PATHS[0]))


# A choice as the notebooks print it: "- A. text", "- **A.** text" or "- **A**. text".
_CHOICE_LINE = re.compile(r"^\s*[-*]\s+(?:\*\*)?([A-Z])(?:\*\*)?[.)](?:\*\*)?\s+(.*\S)\s*$")


def _exercise_cells(nb):
    """Each exercise's question cell: the last '### Exercise' cell before its answer cell."""
    question, found = None, {}
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("summitlib")
        if cell["cell_type"] == "markdown" and _src(cell).lstrip().startswith("### Exercise"):
            question = _src(cell)
        elif meta and meta.get("role") == "answer":
            found[meta["exercise"]] = question
    return found


def _one_line(text):
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_exercise_prompts_and_choices_are_the_declared_ones(path):
    """The question a student reads is the one the check judges: same prompt, same choices."""
    from summitlib.exercises import ChoiceExercise, get_module

    cells = _exercise_cells(_load(path))
    for number, q in enumerate(get_module(f"nb{path.name[:2]}").EXERCISES, start=1):
        cell = cells.get(q.name)
        assert cell is not None, f"{q.name} has no '### Exercise' cell before its answer cell"
        assert cell.lstrip().startswith(f"### Exercise {number}\n"), cell.splitlines()[0]
        lines = cell.splitlines()
        question = "\n".join(line for line in lines if not _CHOICE_LINE.match(line))
        assert _one_line(q.prompt) in _one_line(question), (
            f"{path.name} {q.name}: the notebook's question differs from the declared prompt "
            f"{q.prompt!r}")
        shown = [m.groups() for m in map(_CHOICE_LINE.match, lines) if m]
        if isinstance(q, ChoiceExercise):
            assert shown == list(zip(q.letters, map(str, q.choices), strict=True)), (
                f"{path.name} {q.name}: the choices shown differ from the declared ones")
        else:
            assert shown == [], f"{path.name} {q.name} shows choices but declares none"


SEEDS = Path(__file__).resolve().parents[1] / ".." / "shared" / "seeds"
CGTN_SEED = "002_a736002904a21fa6.txt"


def _words(text):
    for a, b in (("\u201c", '"'), ("\u201d", '"'), ("\u2018", "'"), ("\u2019", "'")):
        text = text.replace(a, b)
    cleaned = (re.sub(r"[^a-z0-9']", "", w) for w in text.lower().split())
    return [w for w in cleaned if w]


def _source_texts():
    """The CRS Insight (shipped) and, where the maintainers' copy is present, the CGTN article."""
    from summitlib import load_source_text

    texts = [" ".join(load_source_text("crs")["text"])]
    if (SEEDS / CGTN_SEED).is_file():
        texts.append((SEEDS / CGTN_SEED).read_text(encoding="utf-8"))
    elif os.environ.get("CI"):
        pytest.fail("the CGTN article (../shared/seeds) is missing, which CI must have")
    return texts


@pytest.mark.parametrize("path", PATHS + PAGES, ids=lambda p: p.name)
def test_notebook_prose_is_in_our_own_words(path):
    """No run of 8 words outside quotation marks is copied from either source document."""
    n = 8
    grams = set()
    for text in _source_texts():
        w = _words(text)
        grams |= {tuple(w[i:i + n]) for i in range(len(w) - n + 1)}
    copied = []
    for cell in _load(path)["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        text = re.sub("[\u201c\u201d]", '"', _src(cell))
        # Words between quotation marks are quotations, which the sources' words may be.
        for part in re.split(r'"[^"]*"', text):
            w = _words(part)
            copied += [" ".join(w[i:i + n]) for i in range(len(w) - n + 1)
                       if tuple(w[i:i + n]) in grams]
    assert copied == []
