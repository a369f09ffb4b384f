"""Dates in metadata and text (kavosh.ingest.dates): table-driven, each row a written date and its day."""

from __future__ import annotations

import datetime as dt

import pytest

from kavosh.ingest.dates import (
    DateValueError,
    display_date,
    document_date,
    find_dates,
    from_days,
    parse_date,
    parse_date_range,
    to_days,
)

D = dt.date

PARSE_CASES = [
    # Jalali, numeric, any digits and separators
    ("۱۴۰۳/۰۹/۰۱", D(2024, 11, 21)),
    ("1403-09-01", D(2024, 11, 21)),
    ("١٤٠٣/٠٩/٠١", D(2024, 11, 21)),
    ("1403/9/1", D(2024, 11, 21)),
    ("1403.09.01", D(2024, 11, 21)),
    ("1402/12/29", D(2024, 3, 19)),
    ("1403/12/30", D(2025, 3, 20)),  # 1403 is a Jalali leap year
    ("1399/01/01", D(2020, 3, 20)),
    # Jalali, month names
    ("۱ آذر ۱۴۰۳", D(2024, 11, 21)),
    ("1 آذر 1403", D(2024, 11, 21)),
    ("۲۹ اسفند ۱۴۰۲", D(2024, 3, 19)),
    ("۱۵ اردیبهشت ۱۴۰۲", D(2023, 5, 5)),
    ("۱۳ امرداد ۱۴۰۰", D(2021, 8, 4)),
    ("پنجشنبه ۱ آذر ۱۴۰۳", D(2024, 11, 21)),
    ("۱ دي ۱۴۰۳", D(2024, 12, 21)),  # Arabic yeh
    # Gregorian
    ("2024-11-21", D(2024, 11, 21)),
    ("۲۰۲۴-۱۱-۲۱", D(2024, 11, 21)),
    ("2024-11-21T23:30:00Z", D(2024, 11, 21)),
    ("2024-11-21 08:15:00+03:30", D(2024, 11, 21)),
    ("Thursday, 21 November, 2024", D(2024, 11, 21)),
    ("Thursday, 21 November , 2024", D(2024, 11, 21)),
    ("21 November 2024", D(2024, 11, 21)),
    ("21 Nov 2024", D(2024, 11, 21)),
    ("November 21, 2024", D(2024, 11, 21)),
    ("Thu, 21 Nov 2024", D(2024, 11, 21)),
    ("2024/02/29", D(2024, 2, 29)),
]


@pytest.mark.parametrize("text,expected", PARSE_CASES)
def test_parse_date(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


NOT_DATES = ["", "   ", "not a date", "1403", "1403-09", "1403/13/01", "1403/07/31", "1402/12/30",
             "2023-02-29", "0999-01-01", "1600/01/01", "12/11/2024", "۳۲ آذر ۱۴۰۳", "21 Smarch 2024",
             "the report of 2024-11-21 and 2024-11-22"]


@pytest.mark.parametrize("text", NOT_DATES)
def test_parse_date_rejects(text: str) -> None:
    assert parse_date(text) is None


def test_find_dates_positions_and_calendars() -> None:
    text = "خبر ۱۴۰۳/۰۹/۰۱ و نیز ۱ دی ۱۴۰۳ و سپس Thursday, 21 November , 2024 تمام."
    found = find_dates(text)
    assert [(f.date, f.calendar) for f in found] == [
        (D(2024, 11, 21), "jalali"), (D(2024, 12, 21), "jalali"), (D(2024, 11, 21), "gregorian")]
    assert [text[f.start:f.end] for f in found] == ["۱۴۰۳/۰۹/۰۱", "۱ دی ۱۴۰۳", "Thursday, 21 November , 2024"]


def test_find_dates_ignores_numbers_that_are_not_dates() -> None:
    assert find_dates("تلفن 0912-345-6789 و کد 1234/56/78 و سال ۱۴۰۳ و 3/4/5") == []


def test_document_date_prefers_the_closing_dateline() -> None:
    text = "در ۱۴۰۰/۰۱/۰۱ اتفاقی افتاد.\n" + "متن خبر. " * 100 + "\nانتهای پیام/\nThursday, 21 November , 2024"
    assert document_date(text) == D(2024, 11, 21)
    assert document_date("۱۵ اردیبهشت ۱۴۰۲ — تهران\n" + "متن خبر. " * 100) == D(2023, 5, 5)
    assert document_date("متن خبر. " * 100 + " ۱۴۰۰/۰۱/۰۱ " + "متن خبر. " * 100) is None


RANGE_CASES = [
    ("1403", D(2024, 3, 20), D(2025, 3, 21)),
    ("۱۴۰۳", D(2024, 3, 20), D(2025, 3, 21)),
    ("1403-09", D(2024, 11, 21), D(2024, 12, 21)),
    ("۱۴۰۳/۹", D(2024, 11, 21), D(2024, 12, 21)),
    ("1403-12", D(2025, 2, 19), D(2025, 3, 21)),
    ("1403/09/01", D(2024, 11, 21), D(2024, 11, 22)),
    ("2024", D(2024, 1, 1), D(2025, 1, 1)),
    ("2024-12", D(2024, 12, 1), D(2025, 1, 1)),
    ("2024-11-21", D(2024, 11, 21), D(2024, 11, 22)),
    ("۱ آذر ۱۴۰۳", D(2024, 11, 21), D(2024, 11, 22)),
    # a month named with its year (new user 4's D2: date:"فروردین ۱۳۸۷")
    ("فروردین ۱۳۸۷", D(2008, 3, 20), D(2008, 4, 20)),
    ("اسفند ماه 1403", D(2025, 2, 19), D(2025, 3, 21)),
    ("November 2024", D(2024, 11, 1), D(2024, 12, 1)),
    ("dec. 2024", D(2024, 12, 1), D(2025, 1, 1)),
]


@pytest.mark.parametrize("value,start,end", RANGE_CASES)
def test_parse_date_range(value: str, start: dt.date, end: dt.date) -> None:
    assert parse_date_range(value) == (start, end)


@pytest.mark.parametrize("value,message", [
    ("abc", "is not a date"), ("1403-13", "month 13 is not a month of the Jalali"),
    ("1403-12-31", "not a day of the Jalali"), ("2023-02-29", "not a day of the Gregorian"),
    ("999", "is not a date"), ("3000", "outside the years"), ("", "is not a date"),
    ("آذر 2024", "آذر is a Jalali month; give a Jalali year"), ("May 1403", "May is a Gregorian month")])
def test_parse_date_range_errors(value: str, message: str) -> None:
    with pytest.raises(DateValueError, match=message):
        parse_date_range(value)


def test_display_and_days() -> None:
    assert display_date(D(2024, 11, 21)) == "۱ آذر ۱۴۰۳ (2024-11-21)"
    assert display_date(D(2025, 3, 20)) == "۳۰ اسفند ۱۴۰۳ (2025-03-20)"
    assert to_days(D(1970, 1, 1)) == 0 and to_days(D(2024, 11, 21)) == 20048
    assert from_days(20048) == D(2024, 11, 21) and from_days(-1) == D(1969, 12, 31)


# --- dates through ingest and the index -------------------------------------------------------------

import json  # noqa: E402
from pathlib import Path  # noqa: E402

import tantivy  # noqa: E402

import kavosh  # noqa: E402
from kavosh.index import schema as S  # noqa: E402
from kavosh.ingest.document import Document  # noqa: E402
from kavosh.ingest.files import read_paths  # noqa: E402

DATED = Path(__file__).parent / "data" / "dated"
DATED_DAYS = {  # id → the date each fixture says (as indexed)
    "azar-report.txt": D(2024, 11, 25), "dey-report.txt": D(2024, 12, 21), "aban": D(2024, 11, 5),
    "azar-greg": D(2024, 12, 10), "old": D(2023, 7, 23), "page.html": D(2024, 11, 30)}


def test_seed_article_date_is_its_closing_dateline(shared_data: Path) -> None:
    seed = sorted((shared_data / "seed").glob("*.txt"))[0]
    assert seed.read_text(encoding="utf-8").rstrip().endswith("Thursday, 21 November , 2024")
    [doc] = list(read_paths([str(seed)]))
    assert doc.date == "2024-11-21"


def test_fixture_dates_are_read_from_text_html_and_json() -> None:
    items = list(read_paths([str(DATED)]))
    docs = {d.id: d.date for d in items if isinstance(d, Document)}
    # a date that is not a date is said (file and line), and its document is still read
    assert [(Path(e.path).name, e.line, e.reason.split(";")[0]) for e in items if not isinstance(e, Document)] == [
        ("news.jsonl", 4, "date 'دیروز' is not a date (Jalali or Gregorian, e.g. 1403-09-01, ۱ آذر ۱۴۰۳ or 2024-11-21)")]
    assert docs == {"azar-report.txt": "2024-11-25", "dey-report.txt": "2024-12-21", "undated.txt": "",
                    "aban": "1403-08-15", "azar-greg": "2024-12-10T09:30:00Z", "old": "۱۴۰۲/۰۵/۰۱",
                    "raw-date": "دیروز", "page.html": "2024-11-30"}


def test_index_stores_iso_dates_and_indexes_days(tmp_path: Path) -> None:
    with kavosh.Index(tmp_path / "ix") as ix:
        ix.add(d for d in read_paths([str(DATED)]) if isinstance(d, Document))
        ix.add([{"id": "api", "text": "متن", "date": "Thursday, 21 November , 2024"}])
        ix.commit()
        assert ix.get("aban").date == "2024-11-05"
        assert ix.get("old").date == "2023-07-23"
        assert ix.get("api").date == "2024-11-21"
        assert ix.get("raw-date").date == "دیروز"  # not a date: kept as given, not indexed
        assert ix.get("undated.txt").date == ""
        opened = ix.opened
        searcher = opened.index.searcher()

        def ids_between(lo: dt.date, hi: dt.date) -> set[str]:
            q = tantivy.Query.range_query(opened.schema, S.DATE_DAYS, tantivy.FieldType.Integer,
                                          to_days(lo), to_days(hi), include_upper=False)
            return {searcher.doc(a).get_first(S.ID) for _s, a in searcher.search(q, limit=100).hits}

        assert ids_between(D(2024, 11, 21), D(2024, 12, 21)) == {"azar-report.txt", "azar-greg", "page.html", "api"}
        assert ids_between(D(1900, 1, 1), D(2100, 1, 1)) == set(DATED_DAYS) | {"api"}


# --- date filters in the query syntax, end to end through the `kavosh` command ---------------------

from kavosh.query.parse import QuerySyntaxError, date_filter, parse  # noqa: E402


@pytest.mark.parametrize("value,start,end", [
    ("1403-09", D(2024, 11, 21), D(2024, 12, 21)), (">=1403/01/01", D(2024, 3, 20), None),
    (">1403/01/01", D(2024, 3, 21), None), ("<2024-12-01", None, D(2024, 12, 1)),
    ("<=2024-11", None, D(2024, 12, 1)), ("=2024-11-21", D(2024, 11, 21), D(2024, 11, 22)),
    # a range a..b, as a declared date field takes it (a new user's report: date:1403-09-01..1403-09-30 was
    # "not a date" while published:1403-02..1403-03 worked): a's first day to b's last, either end open
    ("1403-09-01..1403-09-30", D(2024, 11, 21), D(2024, 12, 21)), ("1403-02..1403-03", D(2024, 4, 20), D(2024, 6, 21)),
    ("1403-09..", D(2024, 11, 21), None), ("..2024-11", None, D(2024, 12, 1))])
def test_date_filter_comparisons(value: str, start: dt.date | None, end: dt.date | None) -> None:
    f = date_filter(value)
    assert (f.start, f.end) == (start, end)


def test_date_filters_are_clauses_of_their_own() -> None:
    analyzer = kavosh.Analyzer()
    p = parse("گزارش date:۱۴۰۳/۹ -date:2024-11-25 کتاب", analyzer)
    assert [c.text for c in p.clauses] == ["گزارش", "کتاب"]
    assert [(f.text, f.start, f.end, f.occur.value) for f in p.date_filters] == [
        ("date:۱۴۰۳/۹", D(2024, 11, 21), D(2024, 12, 21), "must"),
        ("date:2024-11-25", D(2024, 11, 25), D(2024, 11, 26), "must_not")]
    assert parse("date:1403", analyzer).clauses == []  # a filter alone is a query
    with pytest.raises(QuerySyntaxError, match="only excludes"):
        parse("-date:1403", analyzer)
    with pytest.raises(QuerySyntaxError, match="needs a date"):
        parse("کتاب date:", analyzer)
    with pytest.raises(QuerySyntaxError, match=r"the range is empty \(1403-10 is after 1403-09\)"):
        parse("کتاب date:1403-10..1403-09", analyzer)
    with pytest.raises(QuerySyntaxError, match="a range needs at least one end"):
        parse("کتاب date:..", analyzer)
    with pytest.raises(QuerySyntaxError, match="month 13 is not a month"):
        parse("کتاب date:1403-01..1403-13", analyzer)


DATE_QUERIES = [  # query → exactly the fixture ids dated in range (DATED_DAYS)
    ("گزارش date:1403-09", {"azar-report.txt", "azar-greg", "page.html"}),  # Azar 1403 = 2024-11-21..12-20
    ("گزارش date:۱۴۰۳/۰۹", {"azar-report.txt", "azar-greg", "page.html"}),
    ("date:1403-09", {"azar-report.txt", "azar-greg", "page.html"}),
    ("گزارش date:1403", {"azar-report.txt", "dey-report.txt", "aban", "azar-greg", "page.html"}),
    ("گزارش date:>=1403/09/01 date:<1403/10/01", {"azar-report.txt", "azar-greg", "page.html"}),
    ("گزارش date:>1403/09/05 date:<=1403/10/01", {"azar-greg", "page.html", "dey-report.txt"}),
    ("گزارش date:<2024-11-25", {"aban", "old"}),
    ("گزارش date:2024-11-30", {"page.html"}),
    ("گزارش date:1402", {"old"}),
    ("گزارش -date:1403", {"old", "undated.txt", "raw-date"}),
    ("گزارش date:1401", set()),
    ("نمایشگاه date:1403-09", {"azar-report.txt"}),  # the words must still match: the filter only filters
    ("نمایشگاه کودکان date:1403", {"azar-report.txt", "dey-report.txt", "page.html"}),
    ("date:1403-09 -نمایشگاه", {"azar-greg", "page.html"}),
    ("+کودک date:<1403-09", set()),
    ("گزارش date:1403-09-01..1403-09-30", {"azar-report.txt", "azar-greg", "page.html"}),
    ("گزارش date:1403/09/06..1403/10/01", {"azar-greg", "page.html", "dey-report.txt"}),
]


@pytest.fixture(scope="module")
def dated_index(run_kavosh, tmp_path_factory: pytest.TempPathFactory) -> Path:
    ix = tmp_path_factory.mktemp("dated") / "ix"
    proc = run_kavosh("index", DATED, "--index", ix)
    assert proc.returncode == 1 and "news.jsonl:4: date 'دیروز' is not a date" in proc.stderr, proc.stderr
    return ix


@pytest.mark.parametrize("query,expected", DATE_QUERIES)
def test_date_range_queries_through_the_cli(run_kavosh, dated_index: Path, query: str, expected: set[str]) -> None:
    proc = run_kavosh("search", "--index", dated_index, "--json", "--limit", "50", query)
    assert proc.returncode == 0, proc.stderr
    res = json.loads(proc.stdout)
    assert {h["id"] for h in res["hits"]} == expected
    assert res["total"] == len(expected)
    assert all(D.fromisoformat(h["date"]) == DATED_DAYS[h["id"]] for h in res["hits"] if h["id"] in DATED_DAYS)


def test_bad_date_filter_is_one_line_error(run_kavosh, dated_index: Path) -> None:
    proc = run_kavosh("search", "--index", dated_index, "گزارش date:1403-13")
    assert proc.returncode == 2
    assert proc.stderr.strip() == ("kavosh: error: date filter date:1403-13: '1403-13': month 13 is not a month "
                                   "of the Jalali calendar (1 to 12)")
