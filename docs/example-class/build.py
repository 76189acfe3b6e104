"""Rebuild the worked example of docs/instructors.md: a class of four, from Canvas to import.

Run from the repository root (it takes about a minute: seven notebooks run in kernels)::

    python docs/example-class/build.py

In a temporary folder it builds ``canvas-download/``, what Canvas's "Download
Submissions" gives for the assignment (notebooks 04 and 05), from the student release and
the answer key; sorts it with ``summitlib collect`` into ``subs/``; and grades it with
``summitlib grade`` into ``grades/``. It keeps, next to this file:

- ``grades/``: what ``summitlib grade`` wrote, but the feedback zip
  (``grades/feedback-zip.txt`` lists what it holds);
- ``files.txt``: the files of ``canvas-download/`` and ``subs/``;
- ``transcript.txt``: what both commands said.

The notebooks themselves are not kept: they are the course's, answered or not.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
NB04 = "04-Arms-Control-and-New-START.ipynb"
NB05 = "05-Nonproliferation-North-Korea-and-Iran.ipynb"
NB06 = "06-Counterterrorism-and-Cybersecurity.ipynb"
# Canvas gives every file of one download the same time; a re-submission gets "-1".
DOWNLOADED_AT = 1_783_000_000


def _answer(nb: dict, exercise: str, source: str) -> dict:
    nb = json.loads(json.dumps(nb))
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("summitlib") or {}
        if meta == {"exercise": exercise, "role": "answer"}:
            cell["source"] = source
            return nb
    raise ValueError(f"no answer cell for {exercise}")


def _run(cwd: Path, *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "summitlib", *args], capture_output=True,
                          text=True, cwd=cwd, check=False)
    shown = " ".join(f"'{a}'" if " " in a else a for a in args)
    return f"$ summitlib {shown}\n{done.stderr}{done.stdout}(exit code {done.returncode})\n"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("student", "key"):
            args = [sys.executable, "-m", "summitlib", "release", str(Path(tmp, kind)),
                    "--notebooks", str(ROOT / "notebooks")]
            subprocess.run(args + (["--key"] if kind == "key" else []), check=True,
                           capture_output=True)

        def load(kind, name):
            return json.loads(Path(tmp, kind, name).read_text(encoding="utf-8"))

        files = {
            # José Núñez: everything right.
            f"nunezjose_101_9001_{NB04}": load("key", NB04),
            f"nunezjose_101_9002_{NB05}": load("key", NB05),
            # Cleo Martin: a wrong table in 04, and notebook 06 instead of 05.
            f"martincleo_103_9003_{NB04}": _answer(
                load("key", NB04), "q2", "answer_2 = summitlib.load_new_start_limits()"),
            f"martincleo_103_9004_{NB06}": load("key", NB06),
            # Dan Weiß: 04 handed in blank, then again (late) with a wrong letter; 05 with
            # an endless loop in the first answer.
            f"weissdan_104_9005_{NB04}": load("student", NB04),
            f"weissdan_LATE_104_9006_{NB04.replace('.ipynb', '-1.ipynb')}": _answer(
                load("key", NB04), "q4", 'answer_4 = "A"'),
            f"weissdan_104_9007_{NB05}": _answer(load("key", NB05), "q1",
                                                 "while True:\n    pass"),
            # Someone not on the roster.
            f"leekim_199_9008_{NB04}": load("student", NB04),
        }
        work = Path(tmp, "class")
        download = work / "canvas-download"
        download.mkdir(parents=True)
        shutil.copy2(HERE / "roster.csv", work / "roster.csv")
        for name, nb in files.items():
            path = download / name
            path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n",
                            encoding="utf-8")
            os.utime(path, (DOWNLOADED_AT, DOWNLOADED_AT))

        transcript = _run(work, "collect", "canvas-download", "subs", "--roster", "roster.csv")
        transcript += "\n" + _run(
            work, "grade", "subs", "--roster", "roster.csv", "--assignment", NB04, NB05,
            "--out", "grades/details.csv", "--summary", "grades/summary.csv",
            "--canvas", "grades/canvas.csv", "--moodle", "grades/moodle.csv",
            "--title", "Week 4: arms control and nonproliferation", "--bom", "--timeout", "10",
            "--jobs", "2")
        archive = work / "grades" / "details-feedback.zip"
        with zipfile.ZipFile(archive) as bundle:
            listing = "\n".join(sorted(bundle.namelist())) + "\n"
        (work / "grades" / "feedback-zip.txt").write_text(listing, encoding="utf-8")
        archive.unlink()
        files_listing = "\n".join(
            p.relative_to(work).as_posix() for folder in ("canvas-download", "subs")
            for p in sorted((work / folder).rglob("*")) if p.is_file()) + "\n"
        shutil.rmtree(HERE / "grades", ignore_errors=True)
        shutil.copytree(work / "grades", HERE / "grades")
    (HERE / "files.txt").write_text(files_listing, encoding="utf-8")
    (HERE / "transcript.txt").write_text(transcript, encoding="utf-8")
    print(transcript)


if __name__ == "__main__":
    main()
