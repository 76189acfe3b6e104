"""The one list of the columns each table needs (summitlib._columns), against the schema."""

import json
from pathlib import Path

import pandas as pd
import pytest

import summitlib
from summitlib import _columns, charts
from summitlib import queries as Q

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "data" / "datapackage.json")
                    .read_text(encoding="utf-8"))


def test_every_required_column_is_a_column_of_the_table_in_datapackage_json():
    fields = {r["name"]: [f["name"] for f in r["schema"]["fields"]]
              for r in SCHEMA["resources"]}
    for table, required in _columns.REQUIRED.items():
        assert table in fields, table
        assert not set(required) - set(fields[table]), table


@pytest.mark.parametrize("table", sorted(_columns.REQUIRED))
def test_the_bundled_tables_have_the_required_columns(table):
    frame = getattr(summitlib, f"load_{table}")()
    assert _columns.checked(frame, table) is frame


def test_a_chart_and_a_query_on_one_table_ask_for_the_same_columns():
    # Both name the columns of REQUIRED["passages"], in its order.
    passages = summitlib.load_passages().drop(columns="word_count")
    needs = r"It needs the columns \['source_id', 'passage_kind', 'word_count', 'topic_id'\]"
    with pytest.raises(ValueError, match=r"'data' parameter of plot_coverage lacks the "
                       r"column\(s\) \['word_count'\]\..*" + needs):
        charts.plot_coverage(passages)
    with pytest.raises(ValueError, match=r"'data' parameter of topics_covered_by_one lacks "
                       r"the column\(s\) \['word_count'\]\..*" + needs):
        Q.topics_covered_by_one("crs", "cgtn", passages)


def test_a_topic_column_in_category_order_keeps_every_topic():
    column = summitlib.load_statements()["topic_id"]
    order = _columns.topic_order(column)
    assert order == summitlib.load_topics().sort_values("position")["topic_id"].astype(str).tolist()
    assert _columns.in_order(pd.Series(["b", "a", "b", None])) == ["b", "a"]
