"""Notebook 09 (comparing the sources): expected values a reader can check against the
sources, and known wrong answers with feedback that does not give the answer away."""

import summitlib
from summitlib.exercises import nb09


def test_q1_cgtn_share_on_reactions():
    # CGTN body paragraphs with main topic washington_reactions: ¶16, 17, 18, 23, 25, 26
    # = 25 + 49 + 17 + 8 + 30 + 22 = 151 words of 1,195 body words. ¶21 (Toomey and Schumer
    # raise new penalties) is on sanctions and ¶27 (Coats on Russian meddling) on election
    # interference, the topics of the statements that cite them.
    assert round(nb09.q1.expected(), 4) == round(151 / 1195, 4)


def test_q1_wrong_answers_say_what_is_wrong():
    p = summitlib.load_passages()
    cgtn = p[p["source_id"] == "cgtn"]
    # Counting captions, headings and timestamps too: the reactions topic gains Coats's doubled
    # caption (¶28-29) and the 01:55 timestamp (¶24), 53 words, while the total gains 352
    # (204 / 1,547, about 0.132).
    with_captions = (cgtn.loc[cgtn["topic_id"] == "washington_reactions", "word_count"].sum()
                     / cgtn["word_count"].sum())
    assert round(with_captions, 4) == round(204 / 1547, 4)
    fb = nb09.q1.evaluate(with_captions)
    assert fb.outcome == "incorrect" and "too high" in fb.message
    assert "0.126" not in fb.message and "12.6" not in fb.message
    fb = nb09.q1.evaluate(12.6)  # a percentage instead of a fraction
    assert fb.outcome == "incorrect" and "too high" in fb.message
    fb = nb09.q1.evaluate(151)  # the words, not the share
    assert fb.outcome == "incorrect"


def test_q2_fact_checks_per_source():
    # All four fact checks are on the CGTN article (¶47, ¶48, ¶53 twice); none on the CRS.
    expected = nb09.q2.expected()
    assert dict(zip(expected["source_id"], expected["fact_checks"], strict=True)) == {
        "crs": 0, "cgtn": 4}


def test_q2_wrong_answers_say_what_is_wrong():
    f = summitlib.load_fact_checks()
    only_cgtn = f["source_id"].value_counts().rename_axis("source_id").reset_index(
        name="fact_checks")
    fb = nb09.q2.evaluate(only_cgtn)
    assert fb.outcome == "incorrect" and "too few" in fb.message
    fb = nb09.q2.evaluate(only_cgtn.rename(columns={"fact_checks": "count"}))
    assert fb.outcome == "incorrect" and "missing column" in fb.message
    fb = nb09.q2.evaluate(f["source_id"].value_counts())
    assert fb.outcome == "incorrect" and "Series" in fb.message
    wrong = summitlib.load_sources()[["source_id"]].assign(fact_checks=[4, 0])
    fb = nb09.q2.evaluate(wrong)
    assert fb.outcome == "incorrect" and "fact_checks" in fb.message and "4" not in fb.message


def test_q3_working_groups_only_in_the_crs():
    # CRS ¶16 covers the working groups; CGTN has no paragraph on them. CGTN does cover
    # sanctions (¶21-22), nonproliferation (¶46, ¶54) and the reactions (¶16-26).
    assert nb09.q3.expected() == "Working groups and follow-up"
    assert nb09.q3.evaluate("Working groups and follow-up").outcome == "correct"


def test_q3_sanctions_is_a_wrong_choice():
    fb = nb09.q3.evaluate("A")
    assert fb.outcome == "incorrect" and "not the right choice" in fb.message
    assert "Working groups" not in fb.message


def test_q4_speakers_only_cgtn_quotes():
    # McCain (¶17), Toomey (¶21-22), Schumer (¶21-25), Coats (¶26-27), White House (¶18),
    # Justice Department (¶15), Russian Foreign Ministry (¶34) and Trump's critics (¶9), and
    # CGTN itself, whose caption (¶48) gives the sign's wording in its own voice: none of them
    # speaks in the CRS Insight. The journalist holding the sign is not a speaker.
    assert nb09.q4.expected() == 9
    s = summitlib.load_statements()
    assert "sam_husseini" not in set(s["speaker_id"].astype(str))
    only_cgtn = set(s.loc[s["source_id"] == "cgtn", "speaker_id"].astype(str)) - set(
        s.loc[s["source_id"] == "crs", "speaker_id"].astype(str))
    assert "cgtn" in only_cgtn


def test_q4_wrong_answers_say_what_is_wrong():
    s = summitlib.load_statements()
    all_cgtn = s.loc[s["source_id"] == "cgtn", "speaker_id"].nunique()  # 13, shared ones too
    fb = nb09.q4.evaluate(all_cgtn)
    assert fb.outcome == "incorrect" and "too high" in fb.message and "9" not in fb.message
    fb = nb09.q4.evaluate(4)  # CRS-only speakers, the other way round
    assert fb.outcome == "incorrect" and "too low" in fb.message


def test_q5_reflection_wants_a_few_sentences():
    assert nb09.q5.points == 0
    assert nb09.q5.evaluate(42).outcome == "incorrect"
