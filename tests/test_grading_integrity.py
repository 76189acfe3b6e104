"""Grading a student cannot fool: one crafted submission per attack, each graded 0.

Every attack below once got full marks from `summitlib grade` without answering anything
(issue 9). Each submission is the student release of a notebook over notebook 03's exercises
(one of every kind) with the answers left blank and one attack typed in, written as a student
who has read our source would; the whole class is graded in one real run (bubblewrap sandbox,
real kernels). An honest submission must still get full marks (a written answer's wait for the
instructor's marks), a blank one none, and no file outside the grader's own must change.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

import summitlib
from summitlib.exercises import WrittenExercise, nb03
from summitlib.instructor import OUTCOME_MIMETYPE, cells, release_notebook, sandbox

pytestmark = [pytest.mark.slow]


@pytest.fixture(autouse=True)
def _a_sandbox():
    """Skip where bubblewrap cannot run (a user's machine); in CI, which installs it, fail."""
    reason = sandbox.available()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI must be able to sandbox grading: {reason}")
        pytest.skip(reason)

NAME = "Demo-Exercises"
EXERCISES = list(nb03.EXERCISES)
# Judged by the key: not the reflection q5 (worth 0 points) nor the written q6, whose points
# only the instructor's marks give (an answer is "correct" once written, at 0 points).
SCORED = [ex for ex in EXERCISES if ex.points and not isinstance(ex, WrittenExercise)]
AWARDED = sum(ex.points for ex in SCORED)  # what an honest submission gets before marking
KEY_FILE = Path(nb03.__file__).resolve()
# What the enumerating attacker falls back on when the checks give nothing away: a wrong letter
# (a right guess would be a right answer, not an attack that worked).
_WRONG_LETTER = next(letter for letter, text in zip(nb03.q3.letters, nb03.q3.choices,
                                                    strict=True) if text != nb03.q3.expected())
REPO_DIR = Path(__file__).resolve().parents[1]

# Displays an outcome bundle saying "correct, full points" for every exercise.
_FAKE_BUNDLES = f"""
from IPython.display import display as _display
def _fake_all(*args, **kwargs):
    for _name in {[ex.name for ex in EXERCISES]!r}:
        _display({{{OUTCOME_MIMETYPE!r}: {{"notebook": "nb03", "exercise": _name,
                   "outcome": "correct", "points": 1, "max_points": 1}},
                  "text/plain": "Correct."}}, raw=True)
"""


def _source_notebook():
    cells = [new_markdown_cell("# Demo exercises"),
             new_code_cell(f"{nb03.SETUP}\nfrom summitlib.exercises import ____, nb03 as ex")]
    for ex in EXERCISES:
        answer = new_code_cell(f"{ex.answer_variable} = ____")
        answer.metadata["summitlib"] = {"exercise": ex.name, "role": "answer"}
        check = new_code_cell(f"ex.{ex.name}.check({ex.answer_variable})")
        check.metadata["summitlib"] = {"exercise": ex.name, "role": "check"}
        cells += [new_markdown_cell(ex.prompt), answer, check]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    return nb


def _cell_index(nb, exercise, role):
    return next(i for i, c in enumerate(nb.cells) if cells.cell_role(c) == (exercise, role))


def _with(nb, *, answers=None, first_cell=None, after_checks=None, check_source=None,
          setup=None, drop_checks=()):
    """A copy of the release ``nb`` with answers typed in and cells changed as an attacker."""
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    for cell in nb.cells:
        name, role = cells.cell_role(cell)
        if role == "answer" and answers and name in answers:
            cell.source = answers[name]
        if role == "check" and check_source is not None:
            cell.source = check_source(name)
    if setup is not None:
        nb.cells[cells.find_setup(nb)[2]].source = setup
    if after_checks is not None:
        for ex in reversed(EXERCISES):
            extra = new_code_cell(after_checks(ex.name))
            extra.metadata["summitlib"] = {"exercise": ex.name, "role": "check"}
            nb.cells.insert(_cell_index(nb, ex.name, "check") + 1, extra)
    for name in drop_checks:
        del nb.cells[_cell_index(nb, name, "check")]
    if first_cell is not None:
        nb.cells.insert(cells.find_setup(nb)[2] + 1, new_code_cell(first_cell))
    return nb


def _all_answers(template):
    return {ex.name: template.format(n=ex.name, v=ex.answer_variable) for ex in EXERCISES}


def _attacks(release_nb, paths):
    """(student, notebook) for every attack in the issue, plus the honest and blank ones."""
    honest = {ex.name: ex.solution_code for ex in EXERCISES}
    wrong_module = "nb04"
    other = summitlib.exercises.get_module(wrong_module)
    classmate = paths["submissions"] / "honest" / f"{NAME}.ipynb"
    outside = f"""
import glob, os, pathlib
seen = []
for cmdline in glob.glob('/proc/*/cmdline'):
    try:
        seen += open(cmdline, 'rb').read().split(b'\\0')
    except OSError:
        pass
targets = [{str(paths['submissions'])!r}, {str(paths['grades'])!r},
           *[s.decode() for s in seen if s.startswith(b'/')]]
for target in targets:
    for folder in (target, os.path.dirname(target)):
        try:
            pathlib.Path(folder, 'planted.txt').write_text('owned')
        except OSError:
            pass
try:
    pathlib.Path({str(classmate)!r}).write_text('{{}}')
except OSError:
    pass
try:
    exec(compile(open({str(KEY_FILE)!r}).read(), 'key', 'exec'), globals())
    for _q in EXERCISES:
        globals()[_q.answer_variable] = _q._expected()
except OSError:
    pass
"""
    return {
        "honest": _with(release_nb, answers=honest),
        "blank": _with(release_nb),
        # reading the answers
        "expected": _with(release_nb, answers=_all_answers(
            "try:\n    {v} = ex.{n}.expected()\nexcept Exception:\n    {v} = ex.{n}._expected()")),
        "solution_code": _with(release_nb, answers=_all_answers("exec(ex.{n}.solution_code)")),
        "explanation": _with(release_nb, answers=_all_answers(
            "{v} = next((c for c in getattr(ex.{n}, 'choices', []) if c.lower() in "
            "ex.{n}.explanation.lower()), ex.{n}.explanation)")),
        "solutions_on": _with(release_nb, answers=_all_answers(
            "from summitlib.exercises import set_solutions_enabled\n"
            "set_solutions_enabled(True)\nexec(ex.{n}._solution().code)")),
        "getsource": _with(release_nb, first_cell=(
            "import ast, inspect\n"
            "for node in ast.walk(ast.parse(inspect.getsource(ex))):\n"
            "    if isinstance(node, ast.keyword) and node.arg == 'solution_code':\n"
            "        exec(ast.literal_eval(node.value), globals())")),
        "enumerate": _with(release_nb, answers={
            "q1": "answer_1 = next((n for n in range(0, 400) if ex.q1.evaluate(n).correct), 0)",
            "q3": "answer_3 = next((c for c in 'ABCD' if ex.q3.evaluate(c).correct), "
                  f"{_WRONG_LETTER!r})",
        }),
        "key_import": _with(release_nb, first_cell=(
            "import sys, importlib\n"
            "sys.path[:] = [p for p in sys.path if 'edition' not in p]\n"
            f"sys.path.insert(0, {str(KEY_FILE.parents[2])!r})\n"
            "for m in [m for m in sys.modules if m.startswith('summitlib')]:\n"
            "    del sys.modules[m]\n"
            "try:\n"
            "    key = importlib.import_module('summitlib.exercises.nb03')\n"
            "    for q in key.EXERCISES:\n"
            "        globals()[q.answer_variable] = q._expected()\n"
            "except Exception:\n"
            "    pass")),
        # making the kernel lie
        "patch_evaluate": _with(release_nb, first_cell=(
            "from summitlib.exercises import _core\n"
            "def _yes(self, answer):\n"
            "    return _core.Feedback('correct', 'ok', exercise=self.name, "
            "notebook=self.notebook, points=self.points, max_points=self.points)\n"
            "for kind in (_core.Exercise, *_core.Exercise.__subclasses__()):\n"
            "    kind.evaluate = _yes\n"
            "_core.Exercise.check = lambda self, a: _core._show(_yes(self, a))\n"
            "_core.Exercise.grade = _core.Exercise.check")),
        "fake_ex": _with(release_nb, first_cell=_FAKE_BUNDLES + (
            "class _Q:\n"
            "    def grade(self, *a):\n        _fake_all()\n"
            "    check = grade\n"
            "class _Ex:\n"
            "    def __getattr__(self, name):\n        return _Q()\n"
            "ex = _Ex()"), answers=_all_answers("ex = _Ex()\n{v} = 0")),
        "hook": _with(release_nb, first_cell=_FAKE_BUNDLES + (
            "get_ipython().events.register('post_run_cell', _fake_all)")),
        "replaced_checks": _with(release_nb, first_cell=_FAKE_BUNDLES,
                                 check_source=lambda name: "_fake_all()"),
        "extra_checks": _with(release_nb, first_cell=_FAKE_BUNDLES,
                              after_checks=lambda name: "_fake_all()"),
        "deleted_checks": _with(release_nb, first_cell=_FAKE_BUNDLES,
                                drop_checks=[ex.name for ex in EXERCISES],
                                answers=_all_answers("{v} = ____\n_fake_all()")),
        # the setup cell edited to import another notebook's exercises, answered correctly
        "other_module": _with(
            release_nb, setup=f"{other.SETUP}\nfrom summitlib.exercises import ____, "
                              f"{wrong_module} as ex",
            first_cell=other.SETUP,
            answers={q.name: q.solution_code for q in other.EXERCISES}),
        "outside": _with(release_nb, first_cell=outside),
    }


def _tree_digest(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("integrity")
    paths = {"release": root / "release", "submissions": root / "submissions",
             "grades": root / "grades"}
    for folder in paths.values():
        folder.mkdir()
    release_nb = release_notebook(_source_notebook(), name=NAME)
    nbformat.write(release_nb, paths["release"] / f"{NAME}.ipynb")
    attacks = _attacks(release_nb, paths)
    for student, nb in attacks.items():
        (paths["submissions"] / student).mkdir()
        nbformat.write(nb, paths["submissions"] / student / f"{NAME}.ipynb")
    (paths["grades"] / "old-gradebook.csv").write_text("kept as it was\n")
    before = {key: _tree_digest(paths[key]) for key in ("submissions", "grades")}
    key_before = KEY_FILE.read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "summitlib", "grade", str(paths["submissions"]), "--out",
         str(paths["grades"] / "week1.csv"), "--release", str(paths["release"]), "--jobs", "2",
         "--timeout", "60"], capture_output=True, text=True, timeout=1800)
    with open(paths["grades"] / "week1.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    after_grades = _tree_digest(paths["grades"])
    return {"done": done, "rows": rows, "students": list(attacks), "paths": paths,
            "before": before, "after_submissions": _tree_digest(paths["submissions"]),
            "after_grades": after_grades, "key_unchanged": KEY_FILE.read_bytes() == key_before}


def _rows(graded, student) -> dict:
    return {r["exercise"]: r for r in graded["rows"] if r["student"] == student}


def test_the_grade_command_ran(graded):
    assert graded["done"].returncode == 0, graded["done"].stderr[-3000:]
    assert {r["student"] for r in graded["rows"]} == set(graded["students"])


def test_an_honest_submission_gets_full_marks(graded):
    rows = _rows(graded, "honest")
    assert {name: r["outcome"] for name, r in rows.items()} == {
        ex.name: "correct" for ex in EXERCISES}
    assert sum(float(r["points"]) for r in rows.values()) == AWARDED


def test_a_blank_submission_gets_nothing(graded):
    rows = _rows(graded, "blank")
    assert {r["outcome"] for r in rows.values()} == {"not_attempted"}
    assert sum(float(r["points"]) for r in rows.values()) == 0


ATTACKS = ["expected", "solution_code", "explanation", "solutions_on", "getsource",
           "enumerate", "key_import", "patch_evaluate", "fake_ex", "hook", "replaced_checks",
           "extra_checks", "deleted_checks", "other_module", "outside"]


@pytest.mark.parametrize("attack", ATTACKS)
def test_every_attack_is_graded_zero(graded, attack):
    rows = _rows(graded, attack)
    assert list(rows) == [ex.name for ex in EXERCISES], attack  # one row per exercise
    scored = {ex.name: rows[ex.name]["outcome"] for ex in SCORED}
    assert "correct" not in scored.values(), (attack, scored,
                                              [rows[n]["detail"] for n in scored])
    assert sum(float(r["points"]) for r in rows.values()) == 0


def test_deleted_checks_are_put_back_and_said_so(graded):
    feedback = (graded["paths"]["grades"] / "week1-feedback" / "deleted_checks.md").read_text()
    assert "the check cell of q1 was missing" in feedback


def test_nothing_outside_the_scratch_folder_changed(graded):
    assert graded["after_submissions"] == graded["before"]["submissions"]
    planted = [p for p in graded["after_grades"] if "planted" in p]
    assert planted == []
    assert graded["after_grades"]["old-gradebook.csv"] == graded["before"]["grades"][
        "old-gradebook.csv"]
    assert graded["key_unchanged"]
    assert not list(Path(summitlib.__file__).parent.rglob("planted.txt"))


def test_without_a_sandbox_the_grader_refuses(tmp_path, monkeypatch, capsys):
    from summitlib.__main__ import main

    (tmp_path / "subs" / "zoe").mkdir(parents=True)
    nbformat.write(new_notebook(), tmp_path / "subs" / "zoe" / f"{NAME}.ipynb")
    monkeypatch.setattr(sandbox, "available",
                        lambda: "bubblewrap (bwrap) is not installed; install the package "
                                "'bubblewrap'")
    args = ["grade", str(tmp_path / "subs"), "--out", str(tmp_path / "g.csv")]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "Cannot grade safely: bubblewrap (bwrap) is not installed" in err
    assert "--unsafe-no-sandbox" in err
    assert not (tmp_path / "g.csv").exists()


def test_sandbox_seals_off_files_network_and_processes(tmp_path):
    secret = tmp_path / "class"
    secret.mkdir()
    (secret / "gradebook.csv").write_text("alice,100")
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    edition = tmp_path / "edition"
    edition.mkdir()
    hidden_inside = Path(sys.prefix) / "lib"  # a folder Python needs is there ...
    probe = (
        "import json, os, socket, pathlib\n"
        "seen = {}\n"
        f"for p in [{str(secret)!r}, {str(KEY_FILE)!r}, '/etc/shadow', {str(hidden_inside)!r}]:\n"
        "    seen[p] = os.path.exists(p)\n"
        f"for name, folder in [('home', {str(Path.home())!r}), ('repo', {str(REPO_DIR)!r})]:\n"
        "    seen[name] = sorted(os.listdir(folder)) if os.path.isdir(folder) else []\n"
        "try:\n    open('/usr/probe', 'w'); seen['usr writable'] = True\n"
        "except OSError:\n    seen['usr writable'] = False\n"
        "pathlib.Path('here.txt').write_text('ok')\n"
        "seen['pids'] = sorted(int(p) for p in os.listdir('/proc') if p.isdigit())\n"
        "seen['net'] = sorted(name for _, name in socket.if_nameindex())\n"
        "print(json.dumps(seen))\n"
    )
    done = subprocess.run(sandbox.command([sys.executable, "-c", probe], scratch=scratch,
                                          edition=edition, hide=[]),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen.pop(str(hidden_inside)) is True
    pids, net, writable = seen.pop("pids"), seen.pop("net"), seen.pop("usr writable")
    # Of the home folder and of this repository, at most the way to the Python installation
    # (pyenv keeps it in the home folder; a virtual environment is often inside the clone).
    for name, folder in (("home", Path.home()), ("repo", REPO_DIR)):
        towards_python = {Path(p).resolve().relative_to(folder).parts[0]
                          for p in (sys.prefix, sys.base_prefix)
                          if Path(p).resolve().is_relative_to(folder)}
        assert set(seen.pop(name)) <= towards_python, name
    # The class's files, the key, /etc/shadow: not there.
    assert seen == dict.fromkeys(seen, False), seen
    # No network: the sandbox's own namespace has the loopback interface alone (no traffic is
    # sent to find out).
    assert writable is False and net == ["lo"], net
    assert len(pids) <= 3, pids  # bwrap's init and the probe, no process of the machine
    assert (scratch / "here.txt").read_text() == "ok"
    # A folder to hide inside one the sandbox needs is covered by an empty one.
    inner = Path(sys.prefix) / "share" / "jupyter"
    if inner.is_dir() and any(inner.iterdir()):
        listing = [sys.executable, "-c", f"import os; print(len(os.listdir({str(inner)!r})))"]
        shown = subprocess.run(sandbox.command(listing, scratch=scratch, edition=edition),
                               capture_output=True, text=True, timeout=60).stdout.strip()
        hidden = subprocess.run(sandbox.command(listing, scratch=scratch, edition=edition,
                                                hide=[inner]),
                                capture_output=True, text=True, timeout=60).stdout.strip()
        assert int(shown) > 0 and hidden == "0"


def test_answers_survive_the_trip_as_plain_data():
    import matplotlib
    import pandas as pd

    from summitlib.exercises import ____
    from summitlib.exercises._plain import from_plain, to_plain

    matplotlib.use("Agg")
    limits = summitlib.load_new_start_limits()[["category", "limit_count"]]
    again = from_plain(json.loads(json.dumps(to_plain(limits))))
    pd.testing.assert_frame_equal(again, limits.reset_index(drop=True), check_dtype=False)
    assert again["category"].dtype == limits["category"].dtype
    assert from_plain(to_plain(____)) is ____
    assert from_plain(to_plain([1, "a", 2.5])) == [1, "a", 2.5]
    topics = summitlib.load_statements()["topic_id"].unique()  # a Categorical
    again = from_plain(json.loads(json.dumps(to_plain(topics))))
    assert isinstance(again, pd.Categorical) and list(again) == list(topics)
    assert from_plain(to_plain(float("nan"))) != from_plain(to_plain(float("nan")))  # NaN

    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.bar(["Russia", "United States"], [1444, 1350])
    ax.set_title("Declared")
    ax.set_ylabel("Warheads")
    rebuilt = from_plain(json.loads(json.dumps(to_plain(ax))))
    assert [round(p.get_height()) for p in rebuilt.patches] == [1444, 1350]
    assert [t.get_text() for t in rebuilt.get_xticklabels()] == ["Russia", "United States"]
    assert rebuilt.get_title() == "Declared" and rebuilt.get_ylabel() == "Warheads"
    assert rebuilt.figure.get_suptitle() == ""  # none drawn, none made up
    plt.close(fig)
    # A figure's title (suptitle) stands in for the Axes' title in a chart check: it survives
    # the trip, whether the answer is the Axes or the whole figure.
    fig, ax = plt.subplots()
    ax.bar(["Russia", "United States"], [1444, 1350])
    fig.suptitle("Declared deployed warheads")
    for answer in (ax, fig):
        rebuilt = from_plain(json.loads(json.dumps(to_plain(answer))))
        figure = rebuilt.figure if answer is ax else rebuilt
        assert figure.get_suptitle() == "Declared deployed warheads"
    plt.close(fig)

    class Liar:
        def __eq__(self, other):
            return True

    assert type(from_plain(to_plain(Liar()))).__name__ == "Liar"
    assert nb03.q1.evaluate(from_plain(to_plain(Liar()))).outcome != "correct"


def test_the_student_edition_in_the_sandbox_holds_no_solution(tmp_path):
    from summitlib.instructor import student_edition

    edition = student_edition.build(tmp_path, formative=False)
    package = Path(summitlib.__file__).resolve().parent
    generated = {f"exercises/{name}.py" for name in student_edition.exercise_modules()}
    assert "exercises/nb03.py" in generated
    # The maintainers' demo module left the package: no edition (and no wheel) holds it.
    assert "exercises/demo.py" not in generated and not (edition / "exercises/demo.py").exists()
    assert not (edition / "exercises" / "_answers.py").exists()
    assert not (edition / "instructor").exists() and not (edition / "__main__.py").exists()
    for path in sorted(p for p in edition.rglob("*") if p.is_file()):
        relative = path.relative_to(edition).as_posix()
        if relative in generated:
            continue
        # Every other file is the library as it is: no exercise module, no answer query.
        assert path.read_bytes() == (package / relative).read_bytes(), relative
    allowed = {"name", "prompt", "hints", "points", "answer_variable", "kind", "tolerance",
               "ordered", "form", "columns", "check_order", "check_index", "rtol", "choices",
               "min_words", "require_labels", "fingerprint", "rubric"}
    for name in student_edition.exercise_modules():
        source = (edition / "exercises" / f"{name}.py").read_text(encoding="utf-8")
        namespace: dict = {}
        plain = source.replace("from summitlib.exercises._student import declare",
                               "def declare(notebook, specs):\n    return specs")
        exec(compile(plain, name, "exec"), namespace)
        specs = namespace["SPECS"]
        assert all(set(spec) <= allowed for spec in specs), name
        # Hints and prompts are written for students and may show a line of code; what else
        # the module holds must not.
        rest = json.dumps([{k: v for k, v in spec.items() if k not in ("hints", "prompt")}
                           for spec in specs])
        for ex in summitlib.exercises.get_module(name).EXERCISES:
            for line in ex.solution_code.splitlines():
                assert len(line.strip()) < 6 or line.strip() not in rest, (name, ex.name, line)
            assert not ex.explanation or ex.explanation[:40] not in source, (name, ex.name)
    shutil.rmtree(edition)


def test_every_course_answer_key_grades_full_marks(tmp_path):
    # Every exercise kind of the course (tables with dates and categories, charts, lists)
    # survives the trip out of the kernel and is judged right by the key.
    from summitlib.instructor import grade, release

    notebooks = Path(__file__).resolve().parents[1] / "notebooks"
    release(tmp_path / "key", notebooks_dir=notebooks, key=True)
    for path in sorted((tmp_path / "key").glob("*.ipynb")):
        (tmp_path / "subs" / "keyholder").mkdir(parents=True, exist_ok=True)
        shutil.copy(path, tmp_path / "subs" / "keyholder" / path.name)
    report = grade(tmp_path / "subs", tmp_path / "grades.csv", jobs=2, timeout=120,
                   release_dir=notebooks)
    assert len(report.notebooks) == len(list(notebooks.glob("*.ipynb")))
    wrong = [(r.notebook, r.exercise, r.outcome, r.detail) for r in report.results
             if r.outcome != "correct"]
    assert wrong == []
    assert len(report.results) >= 20
