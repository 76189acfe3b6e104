"""The loaders: dtypes, caching, and a clear DataError for every kind of broken file."""

import csv
import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import summitlib
from summitlib import DataError, list_datasets, load_dataset
from summitlib.datasets import _bundled_dir

ALL = list_datasets()
LOADERS = {name: getattr(summitlib, f"load_{name}") for name in ALL}


def _rows(path):
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def _write(path, rows):
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)


def _edit_cell(path, row_number, column, value):
    """Set one cell; row_number counts as a spreadsheet does (header = 1)."""
    rows = _rows(path)
    rows[row_number - 1][rows[0].index(column)] = value
    _write(path, rows)


def test_every_table_has_a_loader_and_a_documented_column_list():
    assert ALL == [
        "sources", "topics", "people", "passages", "statements", "events",
        "new_start_limits", "new_start_declarations", "nuclear_arsenals", "fact_checks",
    ]
    for name, loader in LOADERS.items():
        frame = loader()
        assert isinstance(frame, pd.DataFrame) and len(frame) > 0, name
        for column in frame.columns:
            assert f"``{column}``" in loader.__doc__, (name, column)


@pytest.mark.parametrize("name", ALL)
def test_load_dataset_matches_the_named_loader(name):
    pd.testing.assert_frame_equal(load_dataset(name), LOADERS[name]())


def test_dtypes_dates_and_categoricals():
    statements = summitlib.load_statements()
    assert statements["said_on"].dtype == "datetime64[ns]"
    assert isinstance(statements["topic_id"].dtype, pd.CategoricalDtype)
    assert statements["topic_id"].cat.ordered
    topics = summitlib.load_topics()
    # The topic categories follow the reading order given by topics.position.
    assert list(statements["topic_id"].cat.categories) == list(
        topics.sort_values("position")["topic_id"]
    )
    assert statements["statement_kind"].cat.categories.tolist() == ["quote", "paraphrase"]
    assert statements["paragraph"].dtype == "int64"
    events = summitlib.load_events()
    assert events["occurred_on"].dtype == "datetime64[ns]"
    assert events["occurred_on"].min() == pd.Timestamp("1974-05-31")
    passages = summitlib.load_passages()
    assert passages["duplicate_of"].dtype == "Int64"  # missing for most rows


def test_keys_share_categories_so_merges_keep_them():
    statements = summitlib.load_statements()
    people = summitlib.load_people()
    merged = statements.merge(people, left_on="speaker_id", right_on="person_id")
    assert len(merged) == len(statements)
    assert set(merged["speaker_id"].astype(str)) <= set(people["person_id"].astype(str))


def test_values_a_reader_can_check():
    limits = summitlib.load_new_start_limits().set_index("category")["limit_count"]
    assert limits.to_dict() == {
        "deployed_warheads": 1550, "deployed_launchers": 700, "total_launchers": 800,
    }
    d = summitlib.load_new_start_declarations()
    feb = d[(d["as_of"] == "2018-02-05") & (d["category"] == "deployed_warheads")]
    assert feb.set_index("country")["declared_count"].to_dict() == {
        "United States": 1350, "Russia": 1444,
    }
    sources = summitlib.load_sources().set_index("source_id")
    assert sources.loc["crs", "published_on"] == pd.Timestamp("2018-07-20")
    assert sources.loc["cgtn", "date_status"] == "inferred"


def test_cached_but_every_caller_gets_its_own_copy():
    first = summitlib.load_statements()
    first.loc[:, "paraphrase"] = "edited by a student"
    first["extra"] = 1
    again = summitlib.load_statements()
    assert len(again) > 50
    assert not (again["paraphrase"] == "edited by a student").any()
    assert "extra" not in again
    assert again is not summitlib.load_statements()


def test_the_cache_notices_an_edited_file(data_copy):
    before = summitlib.load_new_start_limits(data_dir=data_copy)
    _edit_cell(data_copy / "new_start_limits.csv", 2, "limit_count", "1551")
    after = summitlib.load_new_start_limits(data_dir=data_copy)
    assert before["limit_count"].iloc[0] == 1550
    assert after["limit_count"].iloc[0] == 1551


# --- broken data: one test per class, each asserting the message ---------------------------

def test_missing_column(data_copy):
    path = data_copy / "statements.csv"
    rows = _rows(path)
    j = rows[0].index("speaker_id")
    _write(path, [r[:j] + r[j + 1:] for r in rows])
    with pytest.raises(DataError, match=r"statements\.csv, row 1, column 'speaker_id': "
                                        r"the header lacks the column\(s\) \['speaker_id'\]"):
        summitlib.load_statements(data_dir=data_copy)


def test_bad_date(data_copy):
    _edit_cell(data_copy / "events.csv", 3, "occurred_on", "16/07/2018")
    with pytest.raises(DataError, match=r"events\.csv, row 3, column 'occurred_on': "
                                        r"'16/07/2018' is not a date written as YYYY-MM-DD"):
        summitlib.load_events(data_dir=data_copy)


def test_impossible_date(data_copy):
    _edit_cell(data_copy / "events.csv", 2, "occurred_on", "2018-02-30")
    with pytest.raises(DataError, match=r"row 2, column 'occurred_on': '2018-02-30' is not a date"):
        summitlib.load_events(data_dir=data_copy)


def test_unknown_speaker(data_copy):
    _edit_cell(data_copy / "statements.csv", 5, "speaker_id", "trumpp")
    with pytest.raises(DataError) as info:
        summitlib.load_statements(data_dir=data_copy)
    err = info.value
    assert (err.file, err.row, err.column) == ("data/statements.csv", 5, "speaker_id")
    assert "speaker_id='trumpp' does not match any row of people.csv" in str(err)
    assert "add that row to people.csv" in str(err)


def test_unknown_speaker_is_reported_by_every_loader(data_copy):
    # The tables are checked together, so a broken foreign key cannot hide behind another table.
    _edit_cell(data_copy / "statements.csv", 5, "speaker_id", "trumpp")
    with pytest.raises(DataError, match="trumpp"):
        summitlib.load_topics(data_dir=data_copy)


def test_duplicate_id(data_copy):
    path = data_copy / "people.csv"
    rows = _rows(path)
    rows[3][0] = rows[2][0]
    _write(path, rows)
    with pytest.raises(DataError, match=rf"people\.csv, row 4, column 'person_id': the value "
                                        rf"'{rows[2][0]}' appears twice \(first in row 3\)"):
        summitlib.load_people(data_dir=data_copy)


def test_duplicate_composite_key(data_copy):
    path = data_copy / "passages.csv"
    rows = _rows(path)
    rows[2][1] = rows[1][1]  # the same (source_id, paragraph) twice
    _write(path, rows)
    with pytest.raises(DataError, match=r"passages\.csv, row 3, column 'source_id': duplicate id: "
                                        r"source_id='crs', paragraph=1 is already used in row 2"):
        summitlib.load_passages(data_dir=data_copy)


def test_empty_file(data_copy):
    (data_copy / "topics.csv").write_text("", encoding="utf-8")
    with pytest.raises(DataError, match=r"topics\.csv: the file is empty; it needs at least a "
                                        r"header row"):
        summitlib.load_topics(data_dir=data_copy)


def test_file_that_is_not_utf8(data_copy):
    path = data_copy / "people.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[4] = lines[4].replace(",", ",Caf\u00e9 ", 1)
    # Saved as a spreadsheet on Windows might: every non-ASCII character in one byte.
    path.write_bytes("".join(lines).encode("cp1252"))
    first = next(i for i, line in enumerate(lines, start=1) if not line.isascii())
    with pytest.raises(DataError, match=rf"people\.csv, row {first}: the file is not UTF-8 "
                                        r"\(byte 0x[0-9a-f]{2} at position \d+\)\. Save it "
                                        r"again as 'CSV UTF-8'"):
        summitlib.load_people(data_dir=data_copy)


def test_missing_file(data_copy):
    (data_copy / "fact_checks.csv").unlink()
    with pytest.raises(DataError, match=r"fact_checks\.csv: the file is missing"):
        summitlib.load_fact_checks(data_dir=data_copy)


def test_value_outside_a_closed_set(data_copy):
    _edit_cell(data_copy / "statements.csv", 2, "statement_kind", "rumour")
    with pytest.raises(DataError, match=r"row 2, column 'statement_kind': 'rumour' is not one of "
                                        r"the allowed values \['quote', 'paraphrase'\]"):
        summitlib.load_statements(data_dir=data_copy)


def test_not_a_number_and_required_value(data_copy):
    _edit_cell(data_copy / "new_start_limits.csv", 3, "limit_count", "seven hundred")
    with pytest.raises(DataError, match=r"row 3, column 'limit_count': 'seven hundred' is not a "
                                        r"whole number"):
        summitlib.load_new_start_limits(data_dir=data_copy)
    _edit_cell(data_copy / "new_start_limits.csv", 3, "limit_count", "")
    with pytest.raises(DataError, match=r"row 3, column 'limit_count': a value is required"):
        summitlib.load_new_start_limits(data_dir=data_copy)


def test_ragged_row(data_copy):
    path = data_copy / "topics.csv"
    rows = _rows(path)
    rows[2] = rows[2][:-1]
    _write(path, rows)
    with pytest.raises(DataError, match=r"topics\.csv, row 3: the row has \d+ cells but the "
                                        r"header has \d+"):
        summitlib.load_topics(data_dir=data_copy)


def test_data_error_is_a_value_error_with_fields():
    err = DataError("data/x.csv", "bad.", row=3, column="a")
    assert isinstance(err, ValueError)
    assert str(err) == "data/x.csv, row 3, column 'a': bad."


def test_bad_arguments():
    with pytest.raises(ValueError, match=r"must be one of \['sources'.*Got 'statement' instead"):
        load_dataset("statement")
    with pytest.raises(TypeError, match=r"The 'name' parameter of load_dataset must be a str "
                       r"\(one of \['sources'.*Got int 3 instead"):
        load_dataset(3)
    with pytest.raises(FileNotFoundError, match="is not a folder"):
        summitlib.load_topics(data_dir="/no/such/folder")
    with pytest.raises(TypeError, match="The 'data_dir' parameter of load_topics must be a path"):
        summitlib.load_topics(data_dir=42)


# --- an instructor's own copy --------------------------------------------------------------

def test_an_instructor_can_add_a_third_source(data_copy):
    def append(name, row):
        path = data_copy / f"{name}.csv"
        rows = _rows(path)
        header = rows[0]
        rows.append([row.get(h, "") for h in header])
        _write(path, rows)

    append("sources", {
        "source_id": "tass", "title": "A third report", "publisher": "TASS",
        "publisher_kind": "state-owned news outlet", "country": "RU",
        "published_on": "2018-07-16", "date_status": "confirmed", "url": "https://example.org",
        "licence": "quoted in short",
    })
    append("passages", {
        "source_id": "tass", "paragraph": "1", "passage_kind": "paragraph", "word_count": "40",
        "topic_id": "arms_control", "summary": "Reports the offer to extend the treaty.",
    })
    append("statements", {
        "statement_id": "tass-01", "source_id": "tass", "paragraph": "1", "speaker_id": "putin",
        "topic_id": "arms_control", "statement_kind": "paraphrase",
        "paraphrase": "Putin offers to extend New START.", "setting": "interview",
    })
    statements = summitlib.load_statements(data_dir=data_copy)
    assert statements["source_id"].cat.categories.tolist() == ["crs", "cgtn", "tass"]
    assert (statements["source_id"] == "tass").sum() == 1
    # The bundled data is untouched.
    assert "tass" not in summitlib.load_sources()["source_id"].tolist()

    # ... and gets the same checks: a statement pointing at a paragraph that does not exist.
    append("statements", {
        "statement_id": "tass-02", "source_id": "tass", "paragraph": "2", "speaker_id": "putin",
        "topic_id": "arms_control", "statement_kind": "paraphrase", "paraphrase": "x",
        "setting": "interview",
    })
    with pytest.raises(DataError, match=r"source_id='tass', paragraph=2 does not match any row "
                                        r"of passages\.csv"):
        summitlib.load_statements(data_dir=data_copy)


# --- packaging -----------------------------------------------------------------------------

def test_import_does_not_load_matplotlib_or_ipywidgets():
    code = textwrap.dedent("""
        import sys, summitlib
        summitlib.load_statements()
        bad = [m for m in ("matplotlib", "ipywidgets") if m in sys.modules]
        assert not bad, bad
    """)
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.slow
def test_data_loads_from_a_built_wheel_installed_apart_from_the_repository(tmp_path):
    """Build the wheel, install it into a folder of its own and load every table from there.

    The wheel goes into a target folder that is put first on the child's path, and the child
    runs with this very interpreter, so pandas & co. come from wherever the tests run (a
    virtual environment or not) and nothing is downloaded. `--system-site-packages` would not
    do: inside a virtual environment it gives the base interpreter's packages, not the venv's.
    """
    repo = _bundled_dir().parent.parent
    wheels, target = tmp_path / "wheels", tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(wheels), str(repo)],
        check=True,
    )
    (wheel,) = wheels.glob("summitlib-*.whl")
    # The presentation page's Voilà template travels in the wheel, installed under share/.
    with zipfile.ZipFile(wheel) as archive:
        assert any(name.endswith(".data/data/share/jupyter/voila/templates/summitlib/"
                                 "index.html.j2") for name in archive.namelist())
        # The maintainers' tools stay in the repository (tools/, tests/): no demo module.
        assert not [n for n in archive.namelist()
                    if n.startswith(("summitlib/exercises/demo", "tools/"))]
        # The key's package holds each notebook's text file beside its module.
        assert {f"summitlib/exercises/text/nb{i:02d}.toml" for i in range(10)} <= set(
            archive.namelist())
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps",
                    "--target", str(target), str(wheel)], check=True)
    code = textwrap.dedent(f"""
        import json, pathlib, summitlib
        where = pathlib.Path(summitlib.__file__).resolve()
        if not str(where).startswith({str(target.resolve())!r}):
            raise SystemExit(f"summitlib was imported from {{where}}, not from the wheel")
        sizes = {{n: len(summitlib.load_dataset(n)) for n in summitlib.list_datasets()}}
        sizes["crs paragraphs"] = len(summitlib.load_source_text("crs"))
        from summitlib.exercises import nb03
        sizes["nb03 hints"] = sum(len(q.hints) for q in nb03.EXERCISES)
        print(json.dumps(sizes))
    """)
    env = {**os.environ, "PYTHONPATH": str(target)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=tmp_path, env=env)
    if out.returncode != 0:
        pytest.fail(f"the installed wheel could not load the data (exit {out.returncode}):\n"
                    f"{out.stderr.strip() or out.stdout.strip()}")
    expected = {name: len(LOADERS[name]()) for name in ALL}
    from summitlib.exercises import nb03

    assert json.loads(out.stdout) == {**expected, "crs paragraphs": 20,
                                      "nb03 hints": sum(len(q.hints) for q in nb03.EXERCISES)}


def test_a_link_written_as_a_plain_file_is_followed(tmp_path):
    # git with core.symlinks=false (Windows' default) writes summitlib/data as a text file.
    from summitlib.datasets import _follow_link_file

    (tmp_path / "data").mkdir()
    (tmp_path / "summitlib").mkdir()
    link = tmp_path / "summitlib" / "data"
    link.write_text("../data", encoding="utf-8")
    assert _follow_link_file(link) == (tmp_path / "data").resolve()
    assert _follow_link_file(tmp_path / "data") == tmp_path / "data"
    link.write_text("../nowhere", encoding="utf-8")
    with pytest.raises(summitlib.DataError, match=r"is a plain file\. Clone the repository again "
                                                  r"with symbolic links on"):
        _follow_link_file(link)


def test_a_checkout_without_symbolic_links_still_loads(tmp_path):
    # What git with core.symlinks=false checks out: the code, the data, and summitlib/data as
    # a text file naming its target.
    import shutil

    repo = Path(__file__).resolve().parents[1]
    clone = tmp_path / "clone"
    shutil.copytree(repo / "summitlib", clone / "summitlib", symlinks=True,
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(repo / "data", clone / "data")
    (clone / "summitlib" / "data").unlink()
    (clone / "summitlib" / "data").write_text("../data", encoding="utf-8")
    code = "import summitlib; print(summitlib.__file__, len(summitlib.load_statements()))"
    out = subprocess.run([sys.executable, "-c", code], cwd=clone, capture_output=True,
                         text=True, check=True, env={**os.environ, "PYTHONPATH": str(clone)})
    where, rows = out.stdout.split()
    assert where.startswith(str(clone))
    assert int(rows) == len(summitlib.load_statements())


# --- the CRS Insight's whole text ----------------------------------------------------------------

def test_source_text_numbers_paragraphs_as_the_tables_do():
    crs = summitlib.load_source_text("crs")
    assert list(crs.columns) == ["paragraph", "text"]
    assert crs["paragraph"].tolist() == list(range(1, 21))
    # Paragraph 3 is where CRS says what media coverage focused on (data/passages.csv, crs 3).
    assert crs.loc[2, "text"].startswith("Media reports have focused on President Trump's remarks")
    passages = summitlib.load_passages()
    words = passages[passages["source_id"] == "crs"].set_index("paragraph")["word_count"]
    assert crs.set_index("paragraph")["text"].str.split().str.len().to_dict() == words.to_dict()


def test_source_text_of_the_copyrighted_article_says_why_it_is_not_shipped():
    with pytest.raises(ValueError, match=r"must be one of \['crs'\]. Got 'cgtn' instead. "
                                         r"The CGTN article is copyrighted"):
        summitlib.load_source_text("cgtn")


def test_source_text_with_a_paragraph_out_of_order_names_the_line(tmp_path):
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "crs.txt").write_text(
        "# a note\n\n[1] First.\n\n[3] Third.\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"sources/crs.txt, row 5: expected paragraph \[2\]"):
        summitlib.load_source_text("crs", data_dir=tmp_path)
