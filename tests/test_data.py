"""The data tables themselves: schema, keys, and values a reader can check against the sources.

These tests read the CSV files directly (csv module, frictionless), independent of
summitlib's loaders, which are tested in test_datasets.py. The checks against the CRS Insight
run everywhere: its whole text ships in data/sources/crs.txt (public domain). The CGTN article is
copyrighted and not shipped, so its checks run only where the maintainers' copy of the documents
(../shared/seeds) sits beside the clone, as in CI, where its absence is a failure.
"""

import csv
import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest
from frictionless import Package

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
SEEDS = REPO / ".." / "shared" / "seeds"
SEED_FILES = {"crs": "000_f0e06777e6d56a55.txt", "cgtn": "002_a736002904a21fa6.txt"}
SCHEMA = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {res["name"]: res for res in SCHEMA["resources"]}


def rows(name):
    with (DATA / RESOURCES[name]["path"]).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def seed_lines(source_id):
    """The paragraphs of a maintainers' copy of a document: its non-empty lines, from 1."""
    if not SEEDS.is_dir():
        reason = ("the CGTN article is copyrighted and not shipped; its full-text checks need "
                  "the maintainers' copy in ../shared/seeds beside the clone" if source_id == "cgtn"
                  else f"comparing the shipped {source_id.upper()} text with the maintainers' "
                       "copy needs ../shared/seeds beside the clone")
        if os.environ.get("CI"):
            pytest.fail(reason + ", which CI must have")
        pytest.skip(reason)
    text = (SEEDS / SEED_FILES[source_id]).read_text(encoding="utf-8")
    return {n: line.strip()
            for n, line in enumerate((ln for ln in text.splitlines() if ln.strip()), 1)}


def source_lines(source_id):
    """The paragraphs of a document, numbered as the tables' `paragraph` column counts them."""
    if source_id == "crs":
        from summitlib import load_source_text

        return dict(load_source_text("crs").itertuples(index=False))
    return seed_lines(source_id)


def norm(s):
    """The text quotes are compared as: curly quote marks and dashes made plain, white space
    collapsed (as the maintainers' quote checker does)."""
    for a, b in (("\u201c", '"'), ("\u201d", '"'), ("\u2018", "'"), ("\u2019", "'"),
                 ("\u2013", "-"), ("\u2014", "-"), ("\u2026", "...")):
        s = s.replace(a, b)
    return re.sub(r"\s+", " ", s).strip()


def quote_parts(quote):
    """The parts of a quote around an ellipsis, each of which must be in the source."""
    return [p.strip(" .,\"'") for p in norm(quote).split("...") if p.strip(" .,\"'")]


# --- the schema --------------------------------------------------------------------------------

def test_package_is_valid_against_its_schema():
    report = Package(str(DATA / "datapackage.json")).validate()
    if not report.valid:
        errors = [f"{task.name}: {err.message}" for task in report.tasks for err in task.errors]
        pytest.fail("datapackage.json does not validate:\n" + "\n".join(errors[:30]))


@pytest.mark.parametrize("name", list(RESOURCES))
def test_header_is_the_schema_fields_in_order(name):
    with (DATA / RESOURCES[name]["path"]).open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert header == [field["name"] for field in RESOURCES[name]["schema"]["fields"]]


@pytest.mark.parametrize("name", list(RESOURCES))
def test_every_foreign_key_resolves(name):
    for fk in RESOURCES[name]["schema"].get("foreignKeys", []):
        ref = fk["reference"]
        known = {tuple(r[f] for f in ref["fields"]) for r in rows(ref["resource"])}
        for line, row in enumerate(rows(name), start=2):
            values = tuple(row[f] for f in fk["fields"])
            if any(v == "" for v in values):
                continue
            assert values in known, (
                f"{name}.csv row {line}: {dict(zip(fk['fields'], values, strict=True))} "
                f"is not in {ref['resource']}.csv"
            )


# --- New START and arsenals (the treaty's limits and the declared counts the CSVs cite) -------

def test_new_start_central_limits():
    limits = {r["category"]: int(r["limit_count"]) for r in rows("new_start_limits")}
    assert limits == {"deployed_warheads": 1550, "deployed_launchers": 700,
                      "total_launchers": 800}
    assert {r["citation"] for r in rows("new_start_limits")} == {
        "https://www.state.gov/new-start/"}


# deployed launchers / deployed warheads / deployed and non-deployed launchers, per exchange
DECLARED = {
    "2017-09-01": {"United States": (660, 1393, 800), "Russia": (501, 1561, 790)},
    "2018-02-05": {"United States": (652, 1350, 800), "Russia": (527, 1444, 779)},
    "2018-09-01": {"United States": (659, 1398, 800), "Russia": (517, 1420, 775)},
    "2019-03-01": {"United States": (656, 1365, 800), "Russia": (524, 1461, 760)},
}
CATEGORIES = ("deployed_launchers", "deployed_warheads", "total_launchers")


def test_every_declared_aggregate_matches_the_fact_sheet():
    table = {(r["as_of"], r["country"], r["category"]): int(r["declared_count"])
             for r in rows("new_start_declarations")}
    expected = {(as_of, country, cat): n
                for as_of, by_country in DECLARED.items()
                for country, numbers in by_country.items()
                for cat, n in zip(CATEGORIES, numbers, strict=True)}
    assert len(rows("new_start_declarations")) == 24
    assert table == expected


def test_february_2018_warheads_and_limits_met():
    table = {(r["as_of"], r["country"], r["category"]): int(r["declared_count"])
             for r in rows("new_start_declarations")}
    assert table["2018-02-05", "United States", "deployed_warheads"] == 1350
    assert table["2018-02-05", "Russia", "deployed_warheads"] == 1444
    limits = {r["category"]: int(r["limit_count"]) for r in rows("new_start_limits")}
    # From the date the limits took effect, both countries declared numbers within them.
    for (as_of, _, category), n in table.items():
        if as_of >= "2018-02-05":
            assert n <= limits[category]
    # Before that date Russia was still above the warhead limit.
    assert table["2017-09-01", "Russia", "deployed_warheads"] > limits["deployed_warheads"]


def test_arsenals_and_the_ninety_percent_claim():
    counts = {r["holder"]: int(r["warhead_count"]) for r in rows("nuclear_arsenals")}
    assert counts == {"United States": 6450, "Russia": 6850, "World": 14465}
    share = (counts["United States"] + counts["Russia"]) / counts["World"]
    assert round(share * 100) == 92  # SIPRI's "nearly 92 %"; Trump said 90 percent


# --- topics, people, events, sources -----------------------------------------------------------

TOPIC_ORDER = ["summit_relations", "election_interference", "syria", "arms_control",
               "nonproliferation", "counterterrorism_cyber", "ukraine", "working_groups",
               "state_violence", "sanctions", "washington_reactions"]


def test_topics_in_reading_order_with_their_discussion_status():
    topics = sorted(rows("topics"), key=lambda r: int(r["position"]))
    assert [t["topic_id"] for t in topics] == TOPIC_ORDER
    assert [int(t["position"]) for t in topics] == list(range(1, 12))
    status = {t["topic_id"]: t["discussion_status"] for t in topics}
    assert status["state_violence"] == status["sanctions"] == "no indication"
    assert status["washington_reactions"] == "not a summit topic"
    assert [t for t in TOPIC_ORDER[:8] if status[t] != "discussed"] == []


def test_people_roles_and_parties():
    people = {r["person_id"]: r for r in rows("people")}
    assert {"trump", "putin", "obama", "medvedev", "mccain", "schumer", "toomey", "coats",
            "netanyahu", "skripal", "sam_husseini", "crs", "cgtn",
            "state_department"} <= set(people)
    parties = {pid: r["party"] for pid, r in people.items() if r["party"]}
    assert parties == {"trump": "Republican", "mccain": "Republican", "toomey": "Republican",
                       "coats": "Republican", "schumer": "Democratic"}
    assert people["netanyahu"]["country"] == "IL"
    assert "Director of National Intelligence" in people["coats"]["role"]


def test_events_span_1974_to_2023_with_key_dates():
    events = {r["event_id"]: r for r in rows("events")}
    dates = sorted(r["occurred_on"] for r in events.values())
    assert (dates[0], dates[-1]) == ("1974-05-31", "2023-02-21")
    assert events["new_start_signed"]["occurred_on"] == "2010-04-08"
    assert events["new_start_in_force"]["occurred_on"] == "2011-02-05"
    assert events["us_leaves_jcpoa"]["occurred_on"] == "2018-05-08"
    assert events["gru_officers_indicted"]["occurred_on"] == "2018-07-13"
    assert events["russia_suspends_new_start"]["occurred_on"] == "2023-02-21"
    year_only = {e for e, r in events.items() if r["date_precision"] == "year"}
    assert year_only == {"russia_invades_ukraine", "counterterrorism_group_suspended"}
    assert all(events[e]["occurred_on"] == "2014-01-01" for e in year_only)
    assert all(r["citation"] for r in events.values())


def test_invasion_and_annexation_are_cited_apart():
    # The CRS names Russia's 2014 invasion of Ukraine (¶14) but no annexation; the annexation
    # of Crimea is cited to UN General Assembly resolution 68/262 of 27 March 2014.
    events = {r["event_id"]: r for r in rows("events")}
    assert (events["russia_invades_ukraine"]["citation"],
            "Crimea" in events["russia_invades_ukraine"]["title"]) == ("crs ¶14", False)
    crimea = events["crimea_annexed"]
    assert (crimea["occurred_on"], crimea["date_precision"], crimea["citation"]) == (
        "2014-03-01", "month", "https://undocs.org/A/RES/68/262")
    # The private meeting is in CRS ¶5 ("which included a private meeting of the Presidents").
    assert events["summit_private_meeting"]["citation"] == "crs ¶5"


def test_sources_dates_confirmed_and_inferred():
    sources = {r["source_id"]: r for r in rows("sources")}
    assert (sources["crs"]["published_on"], sources["crs"]["date_status"]) == (
        "2018-07-20", "confirmed")
    assert (sources["cgtn"]["published_on"], sources["cgtn"]["date_status"]) == (
        "2018-07-16", "inferred")
    assert sources["cgtn"]["date_note"]


# --- passages ----------------------------------------------------------------------------------

def test_passages_number_every_paragraph_without_gaps():
    numbers = {}
    for r in rows("passages"):
        numbers.setdefault(r["source_id"], []).append(int(r["paragraph"]))
    assert numbers == {"crs": list(range(1, 21)), "cgtn": list(range(1, 64))}


def test_captions_printed_twice_point_back_to_their_first_copy():
    passages = {(r["source_id"], int(r["paragraph"])): r for r in rows("passages")}
    dupes = {key: int(r["duplicate_of"]) for key, r in passages.items() if r["duplicate_of"]}
    assert dupes == {("cgtn", n + 1): n for n in (6, 12, 19, 28, 41, 48, 58)}
    for (source, n), first in dupes.items():
        assert passages[source, first]["passage_kind"] == "caption"
        assert passages[source, n]["passage_kind"] == "caption"
        assert passages[source, first]["word_count"] == passages[source, n]["word_count"]
    kinds = Counter(r["passage_kind"] for r in rows("passages") if r["source_id"] == "cgtn")
    assert kinds == {"paragraph": 43, "caption": 14, "heading": 4, "timestamp": 2}


def test_topic_coverage_counts_body_paragraphs_only():
    words = Counter()
    for r in rows("passages"):
        if r["passage_kind"] == "paragraph":
            words[r["source_id"], r["topic_id"]] += int(r["word_count"])
    assert words["cgtn", "ukraine"] == 0  # CGTN never mentions Ukraine
    assert words["crs", "ukraine"] > 0
    totals = {s: sum(n for (src, _), n in words.items() if src == s) for s in ("crs", "cgtn")}
    # Body words only: CGTN's headings, doubled captions and timestamps are left out.
    assert totals == {"crs": 1013, "cgtn": 1195}
    cgtn_top = sorted((t for (s, t) in words if s == "cgtn"), key=lambda t: -words["cgtn", t])
    assert set(cgtn_top[:2]) == {"summit_relations", "election_interference"}
    # CGTN gives arms control a larger share of its text than CRS does.
    assert (words["cgtn", "arms_control"] / totals["cgtn"]
            > words["crs", "arms_control"] / totals["crs"])


# --- statements --------------------------------------------------------------------------------

STATEMENTS_PER_SOURCE = {"crs": 48, "cgtn": 53}


def test_statements_per_source():
    counts = Counter(r["source_id"] for r in rows("statements"))
    assert counts == STATEMENTS_PER_SOURCE
    assert counts["crs"] > 25 and counts["cgtn"] > 25
    assert sum(counts.values()) > 50


def test_statement_ids_run_in_document_order():
    by_source = {}
    for r in rows("statements"):
        by_source.setdefault(r["source_id"], []).append(r)
    for source, items in by_source.items():
        assert [r["statement_id"] for r in items] == [
            f"{source}-{k:02d}" for k in range(1, len(items) + 1)]
        paragraphs = [int(r["paragraph"]) for r in items]
        assert paragraphs == sorted(paragraphs)


def test_every_topic_has_a_statement():
    covered = Counter(r["topic_id"] for r in rows("statements"))
    assert [t for t in TOPIC_ORDER if covered[t] == 0] == []


def test_quote_rows_have_a_quote_and_paraphrase_rows_do_not():
    for r in rows("statements"):
        assert r["paraphrase"].strip(), r["statement_id"]
        if r["statement_kind"] == "quote":
            assert r["quote"].strip(), r["statement_id"]
        else:
            assert r["quote"] == "", r["statement_id"]


def test_settings_and_dates():
    for r in rows("statements"):
        if r["setting"] in ("press conference", "tweet"):
            assert r["said_on"] == "2018-07-16", r["statement_id"]
        if r["setting"] == "report":
            # A document in its own voice; only the CRS date is confirmed.
            assert (r["speaker_id"], r["said_on"]) in {
                ("crs", "2018-07-20"), ("cgtn", "")}, r["statement_id"]
    no_sign = {r["topic_id"] for r in rows("statements") if r["setting"] == "report"}
    assert {"state_violence", "sanctions"} <= no_sign


def test_a_setting_only_where_the_document_names_it():
    settings = {r["statement_id"]: r["setting"] for r in rows("statements")}
    # CRS ¶16 says only "According to the U.S. Department of State": no briefing is named.
    assert {settings[f"crs-{k}"] for k in range(40, 46)} == {"not stated"}
    # CGTN names a statement for Toomey only (¶22 "said in a statement"); McCain (¶17),
    # Schumer (¶21-25) and Coats (¶26-27) "said" or "responded", in no named setting.
    written = sorted(k for k, v in settings.items() if v == "written statement")
    assert written == ["cgtn-19", "cgtn-21"]


def test_own_voice_and_named_things_are_not_a_speakers_quote():
    s = {r["statement_id"]: r for r in rows("statements")}
    # CGTN's caption (¶48) gives the sign's wording in its own voice; the sign read otherwise.
    assert (s["cgtn-43"]["speaker_id"], s["cgtn-43"]["setting"]) == ("cgtn", "report")
    # CRS ¶4: the quotation marks around "reset" name past administrations' policy.
    assert (s["crs-07"]["statement_kind"], s["crs-07"]["quote"]) == ("paraphrase", "")


def test_a_passage_takes_the_topic_of_its_statements():
    topics = {}
    for r in rows("statements"):
        topics.setdefault((r["source_id"], r["paragraph"]), Counter())[r["topic_id"]] += 1
    passages = {(r["source_id"], r["paragraph"]): r for r in rows("passages")}
    for key, counts in topics.items():
        main = passages[key]["topic_id"]
        assert counts[main] == max(counts.values()), (key, main, dict(counts))
        others = set(counts) - {main}
        assert others <= {passages[key]["secondary_topic_id"]}, (key, dict(counts))
    # CGTN ¶21: Toomey and Schumer raise new penalties (cgtn-19, cgtn-20).
    assert passages["cgtn", "21"]["topic_id"] == "sanctions"


def test_fact_checks():
    checks = {r["fact_check_id"]: r for r in rows("fact_checks")}
    assert {k: r["verdict"] for k, r in checks.items()} == {
        "cgtn_total_launchers": "inaccurate", "cgtn_deployed_warheads": "imprecise",
        "cgtn_protest_sign": "inaccurate", "cgtn_ninety_percent": "understatement",
    }
    assert checks["cgtn_ninety_percent"]["claimed_by"] == "trump"
    assert "Nuclear Weapon Ban Treaty" in checks["cgtn_protest_sign"]["correction"]


# --- against the source documents (CRS shipped; CGTN where ../shared/seeds exists) -------------

SOURCES = pytest.mark.parametrize("source", list(SEED_FILES))


def _quoted_cells(source):
    for r in rows("statements"):
        if r["quote"] and r["source_id"] == source:
            yield "statements", r["statement_id"], int(r["paragraph"]), r["quote"]
    for r in rows("fact_checks"):
        if r["source_id"] == source:
            yield "fact_checks", r["fact_check_id"], int(r["paragraph"]), r["claim_quote"]


@SOURCES
def test_every_quote_is_verbatim_in_its_own_source_and_paragraph(source):
    lines = source_lines(source)
    whole = norm(" ".join(lines.values()))
    misses = []
    for table, row_id, paragraph, quote in _quoted_cells(source):
        parts = quote_parts(quote)
        if not parts or not all(p in whole for p in parts):
            misses.append(f"{table} {row_id}: not in {source}: {quote[:60]!r}")
        elif not all(p in norm(lines[paragraph]) for p in parts):
            misses.append(f"{table} {row_id}: not in {source} ¶{paragraph}: {quote[:60]!r}")
    assert misses == []
    # Each document is quoted: a filter that matched nothing would pass the loop above.
    assert len(list(_quoted_cells(source))) >= 10


@SOURCES
def test_quotes_are_exactly_the_text_inside_quotation_marks(source):
    lines = source_lines(source)
    for r in rows("statements"):
        if not r["quote"] or r["source_id"] != source:
            continue
        line = lines[int(r["paragraph"])]
        start = line.find(r["quote"])
        assert start > 0, r["statement_id"]
        after = line[start + len(r["quote"]):]
        assert line[start - 1] in "\"\u201c", r["statement_id"]
        assert re.match("[.,]?[\"\u201d]", after), r["statement_id"]


@SOURCES
def test_word_counts_match_the_lines(source):
    lines = source_lines(source)
    assert len(lines) == {"crs": 20, "cgtn": 63}[source]
    passages = [r for r in rows("passages") if r["source_id"] == source]
    assert [int(r["paragraph"]) for r in passages] == list(lines)
    for r in passages:
        line = lines[int(r["paragraph"])]
        assert int(r["word_count"]) == len(line.split()), (source, r["paragraph"])
        if r["duplicate_of"]:
            assert line == lines[int(r["duplicate_of"])]


def test_the_shipped_crs_text_is_the_document_paragraph_for_paragraph():
    shipped = source_lines("crs")
    assert shipped == seed_lines("crs")
    assert shipped[6].startswith("Election Interference.")
    assert shipped[20].startswith("After the meeting, many Members of Congress")


def _words(text):
    cleaned = (re.sub(r"[^a-z0-9']", "", w) for w in norm(text).lower().split())
    return [w for w in cleaned if w]


@SOURCES
def test_prose_is_in_our_own_words(source):
    """No prose cell, and no sentence of the card, shares 8 words in a row with a document."""
    n = 8
    w = _words(" ".join(source_lines(source).values()))
    grams = {tuple(w[i:i + n]) for i in range(len(w) - n + 1)}
    copied = []
    for name, res in RESOURCES.items():
        prose = [f["name"] for f in res["schema"]["fields"]
                 if f.get("type", "string") == "string" and "quote" not in f["name"]
                 and f["name"] not in ("citation", "url")]
        for r in rows(name):
            for col in prose:
                w = _words(r[col])
                if any(tuple(w[i:i + n]) in grams for i in range(len(w) - n + 1)):
                    copied.append(f"{name}.{col}: {r[col][:60]!r}")
    card = _words((DATA / "README.md").read_text(encoding="utf-8"))
    copied += [f"README.md: {' '.join(card[i:i + n])!r}" for i in range(len(card) - n + 1)
               if tuple(card[i:i + n]) in grams]
    assert copied == []
