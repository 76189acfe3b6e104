"""Canvas and Moodle (summitlib/instructor/lms.py): download names, `summitlib collect`, the
exports.

The download names follow the conventions documented in docs/instructors.md; the feedback
names are checked the way each LMS reads them back (Canvas: the first two all-digit parts
of the name split on '_'; Moodle: the name split on '_' into five parts, the second the
participant id).
"""

from __future__ import annotations

import csv
import json
import os
import zipfile
from pathlib import Path

import pytest

from summitlib.__main__ import main
from summitlib.instructor.classlist import Student, StudentPlan
from summitlib.instructor.lms import (
    MANIFEST_NAME,
    LmsFile,
    canvas_table,
    collect,
    feedback_entry_name,
    match_student,
    moodle_table,
    parse_lms_name,
    read_manifest,
)

NB04 = "04-Arms-Control-and-New-START.ipynb"
ROSTER = [Student("ana", "José Núñez", "ana@example.edu", ""),
          Student("ben", "Ben Okafor", "ben@example.edu", "102"),
          Student("cleo", "Cleo Martin", "cleo@example.edu", ""),
          Student("dan", "Dan Weiß", "dan@example.edu", "")]


@pytest.mark.parametrize("name, expected", [
    (f"nunezjose_12345_67890_{NB04}",
     LmsFile("canvas", "nunezjose", "12345", NB04, "nunezjose_12345_67890")),
    (f"nunezjose_LATE_12345_67890_{NB04}",
     LmsFile("canvas", "nunezjose", "12345", NB04, "nunezjose_LATE_12345_67890", late=True)),
    ("okaforben_102_555_04-Arms-Control-and-New-START-1.ipynb",
     LmsFile("canvas", "okaforben", "102", "04-Arms-Control-and-New-START-1.ipynb",
             "okaforben_102_555")),
    (f"José Núñez_881_assignsubmission_file_{NB04}",
     LmsFile("moodle", "José Núñez", "881", NB04, "José Núñez_881_assignsubmission_file_")),
    (f"José Núñez_881_assignsubmission_file_/{NB04}",
     LmsFile("moodle", "José Núñez", "881", NB04, "José Núñez_881_assignsubmission_file_")),
    (f"export/José Núñez_881_assignsubmission_file/Downloads/{NB04}",
     LmsFile("moodle", "José Núñez", "881", f"Downloads/{NB04}",
             "José Núñez_881_assignsubmission_file_")),
    (NB04, None),
    ("ana/04-notes.ipynb", None),
    ("José Núñez_881_assignsubmission_file_", None),
])
def test_parse_lms_name(name, expected):
    assert parse_lms_name(name) == expected


@pytest.mark.parametrize("found, student_id", [
    (LmsFile("canvas", "nunezjose", "1", NB04, "p"), "ana"),  # sortable name, no accents
    (LmsFile("moodle", "José Núñez", "881", NB04, "p"), "ana"),
    (LmsFile("moodle", "JOSE NUNEZ", "881", NB04, "p"), "ana"),
    (LmsFile("canvas", "someoneelse", "102", NB04, "p"), "ben"),  # by lms_id first
    (LmsFile("canvas", "weissdan", "7", NB04, "p"), "dan"),  # "ß" folds to "ss"
    (LmsFile("canvas", "weißdan", "7", NB04, "p"), "dan"),
    (LmsFile("canvas", "nobody", "9", NB04, "p"), None),
])
def test_match_student(found, student_id):
    student = match_student(found, ROSTER)
    assert (student.student_id if student else None) == student_id


def test_a_name_two_students_share_matches_nobody():
    twins = [Student("a1", "Ana Silva"), Student("a2", "Ana Silva")]
    assert match_student(LmsFile("moodle", "Ana Silva", "5", NB04, "p"), twins) is None


def _write(folder: Path, name: str, text: str = "{}", modified: float = 1_700_000_000) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.utime(path, (modified, modified))


def test_collect_a_canvas_flat_folder(tmp_path):
    download = tmp_path / "canvas"
    _write(download, f"nunezjose_12345_67890_{NB04}", '{"ana": 1}')
    _write(download, "nunezjose_LATE_12345_67891_04-Arms-Control-and-New-START-1.ipynb",
           '{"ana": 2}', modified=1_700_000_100)
    _write(download, f"okaforben_102_555_{NB04}", '{"ben": 1}')
    _write(download, f"strangerx_999_444_{NB04}", '{"x": 1}')
    _write(download, "readme.txt", "not from Canvas")
    _write(download, ".DS_Store", "")
    report = collect(download, tmp_path / "subs", roster=ROSTER)
    subs = tmp_path / "subs"
    assert report.lms == "canvas"
    assert report.placed == {"ana": [NB04, "04-Arms-Control-and-New-START-1.ipynb"],
                             "ben": [NB04]}
    assert (subs / "ana" / NB04).read_text() == '{"ana": 1}'
    assert (subs / "ana" / "04-Arms-Control-and-New-START-1.ipynb").stat().st_mtime == \
        1_700_000_100  # kept, so the newest copy is the one graded
    assert [r for r, _ in report.unplaced] == ["readme.txt", f"strangerx_999_444_{NB04}"]
    assert "matches nobody on the roster" in report.unplaced[1][1]
    assert report.not_received == ["cleo", "dan"]
    assert (download / "readme.txt").exists()  # nothing is lost
    manifest = read_manifest(subs)
    assert manifest["lms"] == "canvas"
    assert manifest["students"]["ana"] == {
        "lms": "canvas", "name": "nunezjose", "lms_id": "12345",
        "prefix": "nunezjose_12345_67890", "late": False,
        "files": {NB04: "nunezjose_12345_67890",
                  "04-Arms-Control-and-New-START-1.ipynb": "nunezjose_LATE_12345_67891"}}
    assert sorted(p.name for p in subs.iterdir()) == [MANIFEST_NAME, "ana", "ben"]


def test_collect_a_moodle_flat_folder_and_a_moodle_zip_in_folders(tmp_path):
    flat = tmp_path / "moodle"
    _write(flat, f"José Núñez_881_assignsubmission_file_{NB04}")
    _write(flat, f"Cleo Martin_882_assignsubmission_file_{NB04}")
    _write(flat, "Cleo Martin_882_assignsubmission_onlinetext_onlinetext.html", "<p>hi</p>")
    report = collect(flat, tmp_path / "subs", roster=ROSTER)
    assert report.lms == "moodle"
    assert report.placed == {"ana": [NB04], "cleo": [NB04, "onlinetext.html"]}
    assert report.unplaced == [] and report.not_received == ["ben", "dan"]
    assert read_manifest(tmp_path / "subs")["students"]["cleo"]["prefix"] == \
        "Cleo Martin_882_assignsubmission_file_"

    archive = tmp_path / "moodle.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.writestr(f"José Núñez_881_assignsubmission_file/Downloads/{NB04}", "{}")
        bundle.writestr(f"Dan Weiß_883_assignsubmission_file/{NB04}", "{}")
        bundle.writestr("__MACOSX/._x", "")
        bundle.writestr("../evil_1_assignsubmission_file/../../escape.ipynb", "{}")
    report = collect(archive, tmp_path / "subs2", roster=ROSTER)
    assert report.placed == {"ana": [f"Downloads/{NB04}"], "dan": [NB04]}
    assert [r for r, _ in report.unplaced] == [
        "../evil_1_assignsubmission_file/../../escape.ipynb"]
    assert not (tmp_path / "escape.ipynb").exists()


def test_collect_without_a_roster_names_folders_by_name_and_number(tmp_path):
    download = tmp_path / "dl"
    _write(download, f"José Núñez_881_assignsubmission_file_{NB04}")
    report = collect(download, tmp_path / "subs")
    assert report.placed == {"José Núñez_881": [NB04]}


def test_collect_refuses_a_folder_that_is_not_empty(tmp_path):
    download = tmp_path / "dl"
    _write(download, f"nunezjose_1_2_{NB04}")
    (tmp_path / "subs").mkdir()
    (tmp_path / "subs" / "mine.txt").write_text("keep")
    with pytest.raises(FileExistsError, match="not empty; choose a new folder, or pass --force"):
        collect(download, tmp_path / "subs", roster=ROSTER)
    with pytest.raises(FileNotFoundError, match="No LMS download at"):
        collect(tmp_path / "none", tmp_path / "subs2")
    collect(download, tmp_path / "subs", roster=ROSTER, force=True)
    assert (tmp_path / "subs" / "mine.txt").read_text() == "keep"
    later = tmp_path / "later"  # a second download into the same folder keeps the first's
    _write(later, f"okaforben_102_3_{NB04}")
    collect(later, tmp_path / "subs", roster=ROSTER, force=True)
    assert sorted(read_manifest(tmp_path / "subs")["students"]) == ["ana", "ben"]


def test_collect_command(tmp_path, capsys):
    download = tmp_path / "dl"
    _write(download, f"nunezjose_12345_67890_{NB04}")
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id,name\nana,José Núñez\nben,Ben Okafor\n", encoding="utf-8")
    assert main(["collect", str(download), str(tmp_path / "subs"), "--roster", str(roster)]) == 0
    captured = capsys.readouterr()
    assert "Placed 1 file(s) of 1 student(s) from a canvas download" in captured.out
    assert "ben (on the roster): nothing in the download" in captured.err
    _write(download, "stray.ipynb")
    assert main(["collect", str(download), str(tmp_path / "subs3"), "--roster",
                 str(roster)]) == 1
    assert "could not place stray.ipynb" in capsys.readouterr().err
    assert main(["collect", str(download), str(tmp_path / "subs3")]) == 2  # not empty


# ------------------------------------------------------------------ what goes back


def _canvas_reads(filename: str) -> tuple[str, str]:
    # Canvas's re-upload: the first two all-digit parts are the user and attachment ids.
    numbers = [part for part in filename.split("_") if part.isdigit()]
    return numbers[0], numbers[1]


def _moodle_reads(filename: str) -> tuple[str, str, str]:
    # Moodle's feedback zip import: explode('_', name, 5); [1] participant, [2]_[3] plugin.
    parts = filename.split("_", 4)
    return parts[1], f"{parts[2]}_{parts[3]}", parts[4]


def test_feedback_names_read_back_as_each_lms_reads_them():
    manifest = {"students": {
        "ana": {"lms": "canvas", "prefix": "nunezjose_LATE_12345_67890"},
        "cleo": {"lms": "moodle", "prefix": "Cleo Martin_882_assignsubmission_file_"}}}
    canvas = feedback_entry_name("ana", manifest, "ana")
    assert canvas == "nunezjose_LATE_12345_67890_feedback.html"
    assert _canvas_reads(canvas) == ("12345", "67890")
    moodle = feedback_entry_name("cleo", manifest, "cleo")
    assert moodle == "Cleo Martin_882_assignsubmission_file_feedback.html"
    assert _moodle_reads(moodle) == ("882", "assignsubmission_file", "feedback.html")
    assert feedback_entry_name("ben", manifest, "ben") == "ben.html"


def _summary():
    header = ["student_id", "name", "email", "04 Exercise 1", "total", "maximum", "percent",
              "status", "notes"]
    rows = [["ana", "José Núñez", "ana@example.edu", 2, 2, 4, "50.0", "graded", ""],
            ["ben", "Ben Okafor", "", "", 0, 4, "0.0", "missing", "nothing was handed in"]]
    plans = [StudentPlan("ana", "José Núñez", "ana@example.edu"),
             StudentPlan("ben", "Ben Okafor", lms_id="102")]
    manifest = {"students": {"ana": {"lms": "canvas", "lms_id": "12345"}}}
    return header, rows, plans, manifest


def test_canvas_layout():
    header, rows = canvas_table(*_summary(), title="Week 4")
    assert header == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Week 4"]
    assert rows == [["Points Possible", "", "", "", "", 4],
                    ["José Núñez", "12345", "ana", "", "", 2],
                    ["Ben Okafor", "102", "ben", "", "", 0]]


def test_moodle_layout():
    header, rows = moodle_table(*_summary(), title="Week 4")
    assert header == ["ID number", "Full name", "Email address", "Week 4", "Feedback"]
    assert rows == [["ana", "José Núñez", "ana@example.edu", 2, "2 of 4 points (graded)"],
                    ["ben", "Ben Okafor", "", 0,
                     "0 of 4 points (missing): nothing was handed in"]]


def test_collect_then_grade_gives_an_archive_canvas_reads(tmp_path, capsys):
    # Unreadable notebooks are graded without a kernel: the whole path in a second.
    download = tmp_path / "dl"
    _write(download, f"nunezjose_12345_67890_{NB04}", "not json")
    _write(download, f"okaforben_102_554_{NB04}", "not json", modified=1_700_000_000)
    _write(download, f"okaforben_LATE_102_555_{NB04.replace('.ipynb', '-1.ipynb')}",
           "not json", modified=1_700_000_000)  # the re-submission: graded, and named
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id,name,lms_id\nana,José Núñez,\nben,Ben Okafor,102\n"
                      "cleo,Cleo Martin,103\n", encoding="utf-8")
    assert main(["collect", str(download), str(tmp_path / "subs"), "--roster",
                 str(roster)]) == 0
    out = tmp_path / "grades"
    assert main(["grade", str(tmp_path / "subs"), "--out", str(out / "details.csv"),
                 "--roster", str(roster), "--assignment", NB04, "--canvas",
                 str(out / "canvas.csv"), "--title", "Week 4", "--quiet"]) == 0
    capsys.readouterr()
    with zipfile.ZipFile(out / "details-feedback.zip") as bundle:
        names = sorted(bundle.namelist())
        page = bundle.read("nunezjose_12345_67890_feedback.html").decode("utf-8")
    assert names == ["cleo.html", "nunezjose_12345_67890_feedback.html",
                     "okaforben_LATE_102_555_feedback.html"]
    assert [_canvas_reads(n) for n in names[1:]] == [("12345", "67890"), ("102", "555")]
    assert "<h1>Feedback for José Núñez (ana)</h1>" in page
    with open(out / "canvas.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][-1] == "Week 4"
    assert [r[:3] for r in rows[2:]] == [["José Núñez", "12345", "ana"],
                                         ["Ben Okafor", "102", "ben"],
                                         ["Cleo Martin", "103", "cleo"]]
    assert json.loads((tmp_path / "subs" / MANIFEST_NAME).read_text())["lms"] == "canvas"
