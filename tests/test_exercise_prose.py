"""The exercises' text files (summitlib/exercises/_prose.py): one per notebook, read by name.

Each notebook's prose (prompts, hints, explanations, rubrics, marking guides) is in
``summitlib/exercises/text/nbNN.toml``, a table per exercise named as its solution function; a
table missing, left over, misspelled or holding a key the kind does not take is an error that
names the file and the table.
"""

import importlib.util
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

import summitlib
from summitlib.exercises import GuidePoint, WrittenExercise, get_module
from summitlib.instructor.student_edition import exercise_modules

TEXT = Path(summitlib.__file__).resolve().parent / "exercises" / "text"

MODULE = '''
from summitlib.exercises._declare import exercises_in, value, written


@value(expected=lambda: 3)
def q1(limits):
    return len(limits)


@written()
def q2():
    return "A model answer."


EXERCISES = exercises_in(globals())
'''

TABLES = '''
[q1]
prompt = "How many limits does New START set?"
hints = ["Count the rows of `limits`.", """\\
    `len()` gives the number \\
    of rows."""]
explanation = "Three: warheads, deployed launchers, all launchers."

[q2]
prompt = "Weigh the two accounts."
explanation = "Weigh who speaks."

[q2.rubric]
evidence = "Cites both documents."
reasoning = "Weighs them."
attribution = "Own words."

[[q2.marking_guide]]
text = "Putin denied it"
sources = [["crs", 7]]

[[q2.marking_guide]]
text = "Ask what each stands to gain"
'''


def _load(tmp_path, tables, module=MODULE):
    """Import ``module`` as nb99 from tmp_path, its text (if any) in tmp_path/text/nb99.toml."""
    (tmp_path / "text").mkdir(exist_ok=True)
    if tables is not None:
        (tmp_path / "text" / "nb99.toml").write_text(textwrap.dedent(tables), encoding="utf-8")
    (tmp_path / "nb99.py").write_text(module, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("nb99", tmp_path / "nb99.py")
    loaded = importlib.util.module_from_spec(spec)
    sys.modules["nb99"] = loaded
    try:
        spec.loader.exec_module(loaded)
    finally:
        del sys.modules["nb99"]
    return loaded


def test_the_text_comes_from_the_table_named_as_the_function(tmp_path):
    nb99 = _load(tmp_path, TABLES)
    q1, q2 = nb99.EXERCISES
    assert q1.prompt == "How many limits does New START set?"
    assert q1.hints == ["Count the rows of `limits`.", "`len()` gives the number of rows."]
    assert q1.explanation == "Three: warheads, deployed launchers, all launchers."
    assert isinstance(q2, WrittenExercise) and q2.points == 5
    assert [(c.name, c.descriptor) for c in q2.rubric] == [
        ("evidence", "Cites both documents."), ("reasoning", "Weighs them."),
        ("attribution", "Own words.")]
    assert q2.marking_guide == [GuidePoint("Putin denied it", [("crs", 7)]),
                                GuidePoint("Ask what each stands to gain")]


@pytest.mark.parametrize("module_name", exercise_modules())
def test_every_course_module_takes_its_text_from_its_file(module_name):
    tables = tomllib.loads((TEXT / f"{module_name}.toml").read_text(encoding="utf-8"))
    exercises = get_module(module_name).EXERCISES
    assert list(tables) == [q.name for q in exercises]
    for q in exercises:
        assert q.prompt == tables[q.name]["prompt"]
        assert q.hints == tables[q.name].get("hints", [])
        assert q.explanation == tables[q.name]["explanation"]
        if isinstance(q, WrittenExercise):
            assert [c.descriptor for c in q.rubric] == list(tables[q.name]["rubric"].values())
            assert [p.text for p in q.marking_guide] == [
                p["text"] for p in tables[q.name]["marking_guide"]]


def test_a_missing_table_names_the_file_the_table_and_the_tables_there(tmp_path):
    misspelled = TABLES.replace("[q2]", "[q02]").replace("q2.", "q02.")
    with pytest.raises(ValueError) as error:
        _load(tmp_path, misspelled)
    message = str(error.value)
    assert str(tmp_path / "text" / "nb99.toml") in message
    assert "has no table [q2] for the exercise q2 that nb99.py declares" in message
    assert "the file's tables: [q1], [q02]" in message


def test_a_table_no_exercise_takes_is_an_error(tmp_path):
    extra = TABLES + '\n[q3]\nprompt = "A third question."\n'
    with pytest.raises(ValueError, match=r"has table\(s\) \[q3\] that no exercise of nb99.py "
                                         r"declares \(it declares q1, q2\)"):
        _load(tmp_path, extra)


def test_a_key_the_kind_does_not_take_is_named_with_those_it_takes(tmp_path):
    with pytest.raises(ValueError) as error:
        _load(tmp_path, TABLES.replace("hints =", "hint ="))
    assert str(error.value).startswith(f"{tmp_path / 'text' / 'nb99.toml'}, table [q1]: hint "
                                       "is not text that ValueExercise takes; it takes prompt, "
                                       "hints, explanation, advice.")
    # logic stays in the declaration: an expected answer is not text
    with pytest.raises(ValueError, match=r"table \[q1\]: expected is not text"):
        _load(tmp_path, TABLES.replace("[q1]\n", "[q1]\nexpected = 3\n"))


@pytest.mark.parametrize(("change", "message"), [
    (("[q2]\n", '[q2]\nhints = "Read both."\n'), r"\[q2\]: hints is a list of texts"),
    (("[q2]\nprompt = ", "[q2]\nsubject = "), r"\[q2\]: subject is not text"),
    (("[q2]\nprompt = \"Weigh the two accounts.\"\n", "[q2]\n"), r"\[q2\]: write the exercise's "
                                                                 "prompt"),
    (('reasoning = "Weighs them."\n', ""), r"\[q2.rubric\]: give the three criteria"),
    (('text = "Putin denied it"', 'point = "Putin denied it"'), r"a guide point has a text"),
    (('[["crs", 7]]', '[["fox", 7]]'), r"source_id in \('crs', 'cgtn'\)"),
    (('prompt = "Weigh', 'prompt = Weigh'), r"is not valid TOML"),
])
def test_a_malformed_table_is_refused_in_words(tmp_path, change, message):
    assert change[0] in TABLES
    with pytest.raises(ValueError, match=message):
        _load(tmp_path, TABLES.replace(*change))


def test_text_written_in_the_declaration_as_well_is_refused(tmp_path):
    inline = MODULE.replace("@value(expected=lambda: 3)",
                            "@value(expected=lambda: 3, hints=['Count.'])")
    with pytest.raises(TypeError, match=r"gives hints, but the text of nb99's exercises lives "
                                        r"in .*nb99.toml: move it to the table \[q1\] there"):
        _load(tmp_path, TABLES, inline)


def test_a_module_without_a_text_file_needs_its_prompt_in_the_declaration(tmp_path):
    with pytest.raises(TypeError, match=r"nb99.q1 has no prompt: write its text in a table "
                                        r"\[q1\] of .*text/nb99.toml"):
        _load(tmp_path, None)
    inline = MODULE.replace("expected=lambda: 3", "expected=lambda: 3, prompt='How many?'")
    inline = inline.replace("@written()", "@written(prompt='Weigh.', rubric=criteria(evidence='"
                            "Cites.', reasoning='Weighs.', attribution='Own words.'), "
                            "marking_guide=[GuidePoint('Denied')])")
    inline = "from summitlib.exercises import GuidePoint, criteria\n" + inline
    q1, q2 = _load(tmp_path, None, inline).EXERCISES  # a test's module, say
    assert (q1.prompt, q2.prompt, q2.points) == ("How many?", "Weigh.", 5)
