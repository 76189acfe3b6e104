"""The pure queries behind the explorers: filters and look-ups over the tables.

Expected values come from the sources: Putin's "peace and reconciliation" is CRS ¶8, his
"rubbish" is CGTN ¶11, and the New START limits are 1,550 deployed warheads, 700 deployed
launchers and 800 launchers in all (data/new_start_limits.csv cites the source of each limit).
"""


import pytest

import summitlib
from summitlib import queries as Q


def test_importing_queries_imports_neither_ipywidgets_nor_matplotlib(modules_imported_by):
    loaded = modules_imported_by(
        "import summitlib.queries as q\n"
        "q.filter_statements(text='rubbish')\n"
        "q.topics_covered_by_one('crs', 'cgtn')\n"
        "q.check_new_start_limits(deployed_warheads=1, deployed_launchers=1, total_launchers=1)"
    )
    assert "summitlib" in loaded and "pandas" in loaded
    assert not loaded & {"ipywidgets", "matplotlib"}


def test_queries_import_nothing_from_the_charts():
    # The data flows one way (loaders -> queries -> charts -> widgets): the coverage shares
    # the explorers need are computed here, and the charts take them from here.
    import subprocess
    import sys

    code = ("import sys\n"
            "import summitlib.queries as q\n"
            "q.table_coverage(sources=['crs'])\n"
            "q.topics_covered_by_one('crs', 'cgtn')\n"
            "print(' '.join(sorted(m for m in sys.modules if m.startswith('summitlib'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    loaded = set(out.split())
    assert "summitlib.queries" in loaded
    assert not {m for m in loaded if m.startswith(("summitlib.charts", "summitlib.widgets"))}


def test_the_charts_offer_the_coverage_table_of_the_queries():
    from summitlib import charts

    assert charts.table_coverage is Q.table_coverage
    shares = Q.table_coverage(normalize=False)
    # The CRS Insight gives Ukraine one paragraph of 60 body words; CGTN gives it none.
    assert shares.loc["ukraine"].to_dict() == {"crs": 60, "cgtn": 0}


def test_format_statement_cites_source_and_paragraph_and_marks_paraphrases():
    statements = summitlib.load_statements().set_index("statement_id")
    quote = statements.loc["crs-16"]
    assert Q.format_statement(quote, "Putin") == (
        f"“{quote['quote']}” — Putin, CRS ¶8"
    )
    assert "peace and reconciliation" in quote["quote"]
    said = statements.loc["crs-02"]
    assert Q.format_statement(said, "Putin") == (
        f"Putin (paraphrase): {said['paraphrase']} — CRS ¶2"
    )


def test_topics_covered_by_one_rejects_unknown_and_equal_sources():
    with pytest.raises(ValueError, match=r"'second' parameter of topics_covered_by_one must be "
                                         r"one of \['crs', 'cgtn'\]. Got 'sirya' instead"):
        Q.topics_covered_by_one("crs", "sirya")
    with pytest.raises(ValueError, match="two different sources"):
        Q.topics_covered_by_one("crs", "crs")


def test_topics_covered_by_one_checks_the_columns_of_a_table_passed_in():
    passages = summitlib.load_passages()
    with pytest.raises(ValueError, match=r"'data' parameter of topics_covered_by_one lacks "
                                         r"the column\(s\) \['word_count'\]"):
        Q.topics_covered_by_one("crs", "cgtn", passages.drop(columns="word_count"))


def test_check_new_start_limits_values_and_errors():
    t = Q.check_new_start_limits(deployed_warheads=1600, deployed_launchers=700,
                                 total_launchers=650).set_index("category")
    assert t.loc["deployed_warheads", "verdict"] == "50 over the limit of 1,550"
    assert t.loc["deployed_launchers", "verdict"] == "exactly at the limit of 700"
    assert t.loc["total_launchers", "verdict"] == "150 under the limit of 800"
    assert t["over_limit"].tolist() == [True, False, False]
    with pytest.raises(TypeError, match=r"'deployed_warheads' parameter of check_new_start_limits "
                                        r"must be a whole number. Got 1600\.5"):
        Q.check_new_start_limits(deployed_warheads=1600.5, deployed_launchers=1,
                                 total_launchers=1)
    with pytest.raises(ValueError, match=r"'total_launchers' parameter of check_new_start_limits "
                                         r"must be 0 or more. Got -1 instead"):
        Q.check_new_start_limits(deployed_warheads=1, deployed_launchers=1,
                                 total_launchers=-1)


def test_filter_statements_matches_paraphrases_and_rejects_unknown_ids():
    statements = summitlib.load_statements()
    word = statements.loc[statements["statement_kind"] == "paraphrase", "paraphrase"].iloc[0]
    word = max(word.split(), key=len).strip(".,;:")
    hits = Q.filter_statements(text=word.upper())
    assert len(hits) >= 1
    assert hits.apply(
        lambda r: word.lower() in f"{r['quote'] or ''} {r['paraphrase']}".lower(), axis=1
    ).all()
    with pytest.raises(ValueError, match=r"'speaker' parameter of filter_statements.*'putn'"):
        Q.filter_statements(speaker="putn")


def test_filter_statements_rubbish_is_putin_in_cgtn_paragraph_11():
    hits = Q.filter_statements(text="RUBBISH")
    assert hits[["speaker_id", "source_id", "paragraph"]].values.tolist() == [
        ["putin", "cgtn", 11]]
