"""The built-in ``date:`` filter through ``kavosh search``: listed with the filters that ran, a quoted value
read without its quotes, and a month named with its year (new user 4's finding D2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def dated(run_kavosh, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("dated")
    docs = folder / "docs.jsonl"
    docs.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in [
        {"id": "a", "title": "بازار تهران", "text": "بازار تهران شلوغ بود", "date": "1387/01/15",
         "published": "1387/01/15"},
        {"id": "b", "title": "بازار تبریز", "text": "بازار تبریز آرام بود", "date": "1387/07/03",
         "published": "1387/07/03"},
        {"id": "c", "title": "بازار اصفهان", "text": "بازار اصفهان", "date": "2008-03-25", "published": "2008-03-25"},
    ]) + "\n", encoding="utf-8")
    proc = run_kavosh("index", docs, "--index", folder / "ix", "--field", "published:date", "-q")
    assert proc.returncode == 0, proc.stderr
    return folder / "ix"


def _json(run_kavosh, index: Path, *args: str) -> dict:
    proc = run_kavosh("search", "--index", index, "--json", *args)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_the_date_filter_is_listed_with_the_filters(run_kavosh, dated: Path):
    proc = run_kavosh("search", "--index", dated, "date:1387-07", "--sort", "date:desc")
    assert proc.returncode == 0, proc.stderr
    assert "filters: date:1387-07; sorted by date:desc" in proc.stdout.splitlines(), proc.stdout
    got = _json(run_kavosh, dated, "بازار -date:1387-07")
    assert got["filters"] == ["-date:1387-07"] and {h["id"] for h in got["hits"]} == {"a", "c"}


@pytest.mark.parametrize("query, filters, ids", [
    ('بازار date:"فروردین ۱۳۸۷"', ['date:"فروردین ۱۳۸۷"'], {"a", "c"}),  # 1 to 31 Farvardin: 2008-03-20..04-19
    ("بازار date:«فروردین 1387»", ['date:"فروردین 1387"'], {"a", "c"}),
    ('بازار -date:"فروردین ۱۳۸۷"', ['-date:"فروردین ۱۳۸۷"'], {"b"}),
    ('بازار date:"مهر ۱۳۸۷"', ['date:"مهر ۱۳۸۷"'], {"b"}),
    ('بازار date:"March 2008"', ['date:"March 2008"'], {"c"}),  # the 20th to the 31st: a (April 3rd) is out
    ('بازار date:"۱ فروردین ۱۳۸۷..اسفند ۱۳۸۷"', ['date:"۱ فروردین ۱۳۸۷..اسفند ۱۳۸۷"'], {"a", "b", "c"}),
    ('بازار published:"فروردین ۱۳۸۷"', ['published:"فروردین ۱۳۸۷"'], {"a", "c"}),  # a declared date field
    ('بازار -published:"مهر ۱۳۸۷"', ['-published:"مهر ۱۳۸۷"'], {"a", "c"}),
])
def test_a_quoted_date_and_a_named_month(run_kavosh, dated: Path, query: str, filters: list[str], ids: set[str]):
    got = _json(run_kavosh, dated, query)
    assert got["filters"] == filters and {h["id"] for h in got["hits"]} == ids, got


def test_a_named_month_of_the_other_calendar_is_a_one_line_error(run_kavosh, dated: Path):
    proc = run_kavosh("search", "--index", dated, 'date:"آذر 2024"')
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == ("kavosh: error: date filter date:\"آذر 2024\": 'آذر 2024': آذر is a Jalali month; "
                           "give a Jalali year (1300–1499)\n"), proc.stderr
