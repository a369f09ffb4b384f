"""Filters, facets, sorting and synonyms through the real `kavosh search` command on the news corpus,
every count checked against a direct count of the corpus file (tests/fields/newsfields.py)."""

from __future__ import annotations

import json
from collections import Counter

import newsfields
import pytest
from fieldsupport import kavosh, needs_news

from kavosh.index.fields import normalize_keyword, parse_number
from kavosh.index.id_key import id_order

pytestmark = needs_news

RECORDS = newsfields.records() if newsfields.NEWS.exists() else []


def search(index, query: str, *extra: str) -> dict:
    proc = kavosh("search", "--index", str(index), "--json", "--no-collapse", *extra, "--", query)
    return json.loads(proc.stdout)


def _jalali(rec) -> tuple[int, int, int] | None:
    p = rec.get("published")
    return tuple(int(x) for x in p.split("/")) if p else None


def _has(rec, word: str) -> bool:
    return word in (rec["title"] + " " + rec["text"]).translate(str.maketrans("يك", "یک"))


@pytest.mark.parametrize("query,expected", [
    # keyword: the corpus writes ورزشي (Arabic yeh); the query types ورزشی (Persian yeh)
    ("category:ورزشی", lambda r: r.get("category") == "ورزشي"),
    ('category:"بین الملل"', lambda r: r.get("category") == "بين الملل"),
    ("tags:(فوتبال OR والیبال)", lambda r: bool({"فوتبال", "والیبال"} & set(r["tags"]))),
    ("views:>1000", lambda r: parse_number(r["views"]) > 1000),
    ("views:۱۰۰..۵۰۰", lambda r: 100 <= parse_number(r["views"]) <= 500),
    ("views:<=50", lambda r: parse_number(r["views"]) <= 50),
    ("published:1385", lambda r: (_jalali(r) or (0,))[0] == 1385),
    ("published:>=1386/01/01", lambda r: (_jalali(r) or (0,)) >= (1386, 1, 1)),
    ("published:1384-01..1384-06", lambda r: (1384, 1) <= (_jalali(r) or (0, 0))[:2] <= (1384, 6)),
    ("long_read:true", lambda r: r["long_read"]),
    ("long_read:false -site:فارس", lambda r: not r["long_read"] and r["site"] != "فارس"),
    # a filter in brackets ends at the bracket (the value had been «ورزشی)»: nothing found, nothing said)
    ("(category:ورزشی)", lambda r: r.get("category") == "ورزشي"),
    ("(published:1385) (views:>1000)", lambda r: (_jalali(r) or (0,))[0] == 1385 and parse_number(r["views"]) > 1000),
])
def test_each_filter_kind_matches_a_direct_count(news_index, query, expected):
    got = search(news_index, query, "--limit", "1")
    want = sum(1 for r in RECORDS if expected(r))
    assert want > 0 and got["matched"] == want, (query, got["matched"], want)


def test_filters_combine_with_words_and_do_not_change_scores(news_index):
    plain = search(news_index, "استقلال", "--limit", "1000")
    filtered = search(news_index, "استقلال site:\"ورزش سه\" views:>1000", "--limit", "1000")
    keep = {r["id"] for r in RECORDS if r["site"] == "ورزش سه" and parse_number(r["views"]) > 1000}
    expect = [(h["id"], h["score"]) for h in plain["hits"] if h["id"] in keep]
    assert filtered["matched"] == len(expect) > 10
    assert [(h["id"], h["score"]) for h in filtered["hits"]] == expect  # same order, same scores
    assert filtered["filters"] == ['site:"ورزش سه"', "views:>1000"]


def test_structured_filter_json(news_index):
    got = search(news_index, "", "--filter", json.dumps(
        {"category": ["ورزشي", "سیاسی"], "views": {"gte": 1000, "lt": 2000}, "not": {"long_read": True}},
        ensure_ascii=False), "--limit", "1")
    want = sum(1 for r in RECORDS if r.get("category") in ("ورزشي", "سياسي")
               and 1000 <= parse_number(r["views"]) < 2000 and not r["long_read"])
    assert want > 0 and got["matched"] == want


def test_facet_counts_equal_direct_counts_of_the_corpus(news_index):
    got = search(news_index, "site:فارس", "--facets", "category,tags,published,long_read,views:0;1000;3000",
                 "--limit", "1")
    facets = {f["field"]: f for f in got["facets"]}
    fars = [r for r in RECORDS if r["site"] == "فارس"]
    cats = Counter(normalize_keyword(r["category"]) for r in fars if "category" in r)
    assert {b["value"]: b["count"] for b in facets["category"]["buckets"]} == dict(cats.most_common(10))
    tags = Counter(t for r in fars for t in r["tags"])
    assert ({b["value"]: b["count"] for b in facets["tags"]["buckets"]}
            == {normalize_keyword(t): n for t, n in tags.items()})
    years = Counter(str(_jalali(r)[0]) for r in fars if _jalali(r))
    assert {b["value"]: b["count"] for b in facets["published"]["buckets"]} == dict(years)
    assert {b["value"]: b["count"] for b in facets["long_read"]["buckets"]} == {
        k: v for k, v in {"true": sum(r["long_read"] for r in fars),
                          "false": sum(not r["long_read"] for r in fars)}.items() if v}
    views = [parse_number(r["views"]) for r in fars]
    # a range is labelled as the query syntax reads it: 0..<1000 is [0, 1000), and the label is its filter
    assert [(b["value"], b["count"], b["filter"]) for b in facets["views"]["buckets"]] == [
        (v, n, f"views:{v}") for v, n in [("..<0", 0), ("0..<1000", sum(v < 1000 for v in views)),
                                          ("1000..<3000", sum(1000 <= v < 3000 for v in views)),
                                          ("3000..", sum(v >= 3000 for v in views))] if n]
    # the matches with no value are counted too (a new user's 48 of 511 shown, ~460 nowhere)
    assert {name: f["missing"]["count"] for name, f in facets.items()} == {
        "category": sum("category" not in r for r in fars), "tags": sum(not r["tags"] for r in fars),
        "published": sum(_jalali(r) is None for r in fars), "long_read": 0, "views": 0}
    for name in ("category", "published", "long_read", "views"):  # one value a document: they add up
        f = facets[name]
        assert sum(b["count"] for b in f["buckets"]) + f["other"] + f["missing"]["count"] == got["matched"], name
    assert facets["category"]["missing"] == {"value": "", "count": facets["category"]["missing"]["count"],
                                             "filter": 'category:""', "selected": False}


def test_disjunctive_facets_ignore_their_own_selection(news_index):
    got = search(news_index, "tags:فوتبال", "--facets", "tags,site", "--disjunctive", "--limit", "1")
    facets = {f["field"]: f for f in got["facets"]}
    assert facets["tags"]["disjunctive"] and not facets["site"]["disjunctive"]
    all_tags = Counter(normalize_keyword(t) for r in RECORDS for t in r["tags"])  # آمریکا shows as امریکا
    assert {b["value"]: b["count"] for b in facets["tags"]["buckets"]} == dict(all_tags)
    assert [b["value"] for b in facets["tags"]["buckets"] if b["selected"]] == ["فوتبال"]
    sites = Counter(r["site"] for r in RECORDS if "فوتبال" in r["tags"])
    assert {b["value"]: b["count"] for b in facets["site"]["buckets"]} == dict(sites)


def test_sort_by_number_and_date_both_ways_with_stable_pages(news_index):
    for sort, key, pool in [
        ("views:desc", lambda r: (-parse_number(r["views"]), id_order(r["id"])), RECORDS),
        ("views:asc", lambda r: (parse_number(r["views"]), id_order(r["id"])), RECORDS),
        ("-published", lambda r: (tuple(-x for x in _jalali(r)), id_order(r["id"])),
         [r for r in RECORDS if _jalali(r)]),
    ]:
        want = [r["id"] for r in sorted(pool, key=key)]
        pages = []
        for offset in (0, 7, 14):
            got = search(news_index, "published:>=1300" if "published" in sort else "views:>=0",
                         f"--sort={sort}", "--limit", "7", "--offset", str(offset))
            assert got["sort"] == {"-published": "published:desc"}.get(sort, sort)
            pages += [h["id"] for h in got["hits"]]
        assert pages == want[:21], sort


def test_sorted_text_output_shows_the_sort_value_not_the_score(news_index):
    # a new user saw "score: 0.000" on every hit of --sort views:desc: nothing said why a hit was where it was
    want = search(news_index, "views:>=0", "--sort=views:desc", "--limit", "5")["hits"]
    proc = kavosh("search", "--index", str(news_index), "--no-collapse", "--sort=views:desc", "--limit", "5", "--",
                  "views:>=0")
    shown = [line.split()[3] for line in proc.stdout.splitlines() if line.startswith("   id: ")]
    assert shown == [str(h["fields"]["views"]) for h in want] and "score:" not in proc.stdout, proc.stdout
    assert [parse_number(v) for v in shown] == sorted((parse_number(v) for v in shown), reverse=True)
    proc = kavosh("search", "--index", str(news_index), "--sort=date:asc", "--limit", "2", "--", "ایران")
    assert all(" date: " in line for line in proc.stdout.splitlines() if line.startswith("   id: ")), proc.stdout
    proc = kavosh("search", "--index", str(news_index), "--limit", "2", "--", "ایران")  # relevance: the score
    assert all(" score: " in line for line in proc.stdout.splitlines() if line.startswith("   id: ")), proc.stdout


def test_errors_name_the_field_and_list_the_known_ones(news_index):
    known = "title, body, text, date, category, site, tags, views, published, long_read"
    in_query = ", ".join(f"{k}:" for k in known.split(", "))
    for args, message in [
        (["foo:کتاب"], f"kavosh: error: unknown field foo: at position 1; the known fields are {in_query}"),
        (["views:بسیار"], "kavosh: error: views: 'بسیار' is not a number"),
        (["ایران", "--facets", "nope"], "kavosh: error: unknown field nope; the fields with facets are date, category, "
                                        "site, tags, views, published, long_read"),
        (["ایران", "--sort", "nope"], "kavosh: error: unknown field nope; results sort by relevance, date, views, "
                                      "published"),
        (["ایران", "--sort", "category"], "kavosh: error: sort category: category is a keyword field; results "
                                          "sort by relevance, by the date or by a number or date field"),
        (["tags:(فوتبال OR والیبال"], "kavosh: error: unbalanced parentheses: the ( at position 6 is never closed"),
        # OR beside a filter: filters all hold, so the OR would be dropped silently (a new user's query found
        # nothing and said nothing)
        (["tags:فوتبال OR tags:والیبال"], "kavosh: error: OR cannot join the filter tags:فوتبال to another clause: "
                                          "every filter must hold; for either of two values write tags:(a OR b)"),
        (["ایران OR (views:>1000)"], "kavosh: error: OR cannot join the filter views:>1000 to another clause: "
                                     "every filter must hold; for either of two values write a range, views:10..20"),
        # a comparison on a keyword field finds nothing: said, not run (new user 2026-12-04d)
        (["tags:>3"], 'kavosh: error: tags:>3: tags is a keyword[] field; comparisons and ranges (>, >=, <, <=, ..) '
                      'need a number or date field (for the text itself, quote it: tags:">3")'),
        (["site:۱..۵"], 'kavosh: error: site:۱..۵: site is a keyword field; comparisons and ranges (>, >=, <, <=, ..) '
                        'need a number or date field (for the text itself, quote it: site:"۱..۵")'),
        (["(date:1385) OR ایران"], "kavosh: error: OR cannot join the filter date:1385 to another clause: every "
                                   "filter must hold; for either of two values write a range, date:1402..1403"),
    ]:
        proc = kavosh("search", "--index", str(news_index), *args[1:], "--", args[0], check=False)
        assert proc.returncode == 2 and proc.stderr.strip() == message, (args, proc.stderr)
    # a URL and Persian text with a colon stay words
    assert search(news_index, "https://www.varzesh3.com/news/1392980", "--limit", "1")["matched"] > 0


def test_synonyms_both_ways_one_way_and_highlighted(tmp_path):
    docs = tmp_path / "docs.jsonl"
    docs.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in [
        {"id": "us", "title": "سفر", "text": "سفر رئیس‌جمهور به ایالات متحده برای نشست سازمان ملل"},
        {"id": "am", "title": "بازار", "text": "صادرات نفت به آمريكا کاهش یافت"},
        {"id": "ip", "title": "گوشی", "text": "قیمت آیفون تازه در بازار تهران"},
        {"id": "en", "title": "phone", "text": "the new iphone review"},
    ]) + "\n", encoding="utf-8")
    syn = tmp_path / "synonyms.txt"
    syn.write_text("# groups\nایالات متحده، آمریکا، امریکا\niphone => آیفون\n", encoding="utf-8")
    ix = tmp_path / "ix"
    kavosh("index", str(docs), "--index", str(ix), "--synonyms", str(syn), "-q")
    for query, ids in [("آمریکا", {"us", "am"}), ("ایالات متحده", {"us", "am"}), ("iphone", {"en", "ip"}),
                       ("آیفون", {"ip"})]:
        got = search(ix, query)
        assert {h["id"] for h in got["hits"]} == ids, query
    got = search(ix, "ایالات متحده")
    assert "synonyms: ایالات متحده → آمریکا" in got["notes"]
    hit = next(h for h in got["hits"] if h["id"] == "am")
    assert [s["text"] for s in hit["snippet"] if s["match"]] == ["آمريكا"]
    # kavosh analyze --index shows what the synonym file adds to a text
    assert kavosh("analyze", "--index", str(ix), "آمریکا").stdout.splitlines()[-1] == "synonyms: آمریکا → ایالات متحده"
    shown = json.loads(kavosh("analyze", "--index", str(ix), "--json", "خرید iphone").stdout)
    assert shown["synonyms"] == [{"word": "iphone", "alternatives": ["آیفون"]}]
    assert kavosh("analyze", "--index", str(ix), "خرید").stdout.splitlines()[-1].startswith("synonyms: none")
    # the file changes: the next search uses it, no reindex
    (ix / "synonyms.txt").write_text("iphone، آیفون\n", encoding="utf-8")
    assert {h["id"] for h in search(ix, "آیفون")["hits"]} == {"ip", "en"}
    assert {h["id"] for h in search(ix, "ایالات متحده")["hits"]} == {"us"}
    bad = tmp_path / "bad.txt"
    bad.write_text("تنها\n", encoding="utf-8")
    proc = kavosh("index", str(docs), "--index", str(ix), "--synonyms", str(bad), check=False)
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"kavosh: error: {bad}:1: a group needs two or more entries separated by ، or ,"


def test_boosts_and_per_index_weights(tmp_path):
    docs = tmp_path / "docs.jsonl"
    docs.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in [
        {"id": "a", "title": "گزارش اقتصادی", "text": "بازار ارز در تهران آرام بود", "author": "مریم رضایی"},
        {"id": "b", "title": "ایران و جهان", "text": "ایران در نشست جهانی شرکت کرد", "author": "علی احمدی"},
    ]) + "\n", encoding="utf-8")
    ix = tmp_path / "ix"
    kavosh("index", str(docs), "--index", str(ix), "--field", "author:text", "-q")
    # ^N multiplies a leaf's score; title:…^N too
    plain, boosted = search(ix, "ایران")["hits"][0], search(ix, "ایران^5")["hits"][0]
    assert boosted["id"] == plain["id"] == "b" and boosted["score"] == pytest.approx(5 * plain["score"], rel=1e-4)
    assert search(ix, "title:ایران^2")["hits"][0]["score"] == pytest.approx(
        2 * search(ix, "title:ایران")["hits"][0]["score"], rel=1e-4)
    # a declared text field is searched by name; plain words reach it once it has a weight (no reindex)
    assert [h["id"] for h in search(ix, "author:رضایی")["hits"]] == ["a"]
    assert search(ix, "رضایی")["hits"] == []
    kavosh("index", str(docs), "--index", str(ix), "--weight", "author:0.5", "-q")
    assert [h["id"] for h in search(ix, "رضایی")["hits"]] == ["a"]
    proc = kavosh("index", str(docs), "--index", str(ix), "--weight", "url:2", check=False)
    assert proc.returncode == 2 and "url is not a text field of the index (title, body, author)" in proc.stderr


def test_no_value_filter_and_the_missing_bucket_through_the_cli(news_index):
    """A new user: ``--facets category`` counted 48 of 511 matches and ``'category:""'`` was an error
    (``'""' has no value``).  ``NAME:""`` keeps the documents with no value, in any kind of field; ``-NAME:""``
    those with one; it is an alternative inside ``(a OR "")``; JSON ``null`` says the same."""
    fars = [r for r in RECORDS if r["site"] == "فارس"]
    no_category = sum("category" not in r for r in fars)
    assert 0 < no_category < len(fars)
    assert search(news_index, 'site:فارس category:""', "--limit", "1")["matched"] == no_category
    assert search(news_index, 'site:فارس -category:""', "--limit", "1")["matched"] == len(fars) - no_category
    sport = sum(r.get("category") == "ورزشي" for r in fars)
    assert search(news_index, 'site:فارس category:(ورزشی OR "")', "--limit", "1")["matched"] == no_category + sport
    assert search(news_index, 'site:فارس tags:""', "--limit", "1")["matched"] == sum(not r["tags"] for r in fars)
    assert (search(news_index, 'site:فارس published:""', "--limit", "1")["matched"]
            == sum(_jalali(r) is None for r in fars))
    assert search(news_index, 'site:فارس views:""', "--limit", "1")["matched"] == 0
    for flt, want in [({"category": None}, no_category), ({"category": ""}, no_category),
                      ({"not": {"category": None}}, len(fars) - no_category),
                      ({"category": ["ورزشي", None]}, no_category + sport)]:
        got = search(news_index, "site:فارس", "--filter", json.dumps(flt, ensure_ascii=False), "--limit", "1")
        assert got["matched"] == want, flt

    # the text output: the matches with no value under the values, with the filter that selects them
    proc = kavosh("search", "--index", str(news_index), "--no-collapse", "--facets", "category", "--limit", "1",
                  "--", "site:فارس")
    assert f'   (no value)  {no_category:,}   [category:""]' in proc.stdout.splitlines(), proc.stdout
    chosen = kavosh("search", "--index", str(news_index), "--no-collapse", "--facets", "category", "--limit", "1",
                    "--disjunctive", "--", 'site:فارس category:""')
    assert f' * (no value)  {no_category:,}   [category:""]' in chosen.stdout.splitlines(), chosen.stdout

    # a facet's number range is a filter as labelled; ..< leaves out the upper end
    views = [parse_number(r["views"]) for r in fars]
    assert (search(news_index, "site:فارس views:1000..<3000", "--limit", "1")["matched"]
            == sum(1000 <= v < 3000 for v in views))
    assert search(news_index, "site:فارس views:..<1000", "--limit", "1")["matched"] == sum(v < 1000 for v in views)
    bad = kavosh("search", "--index", str(news_index), "--", "views:5..<5", check=False)
    assert bad.returncode == 2 and bad.stderr == "kavosh: error: views:5..<5: the range is empty (..<5 leaves out 5 itself)\n"
    empty = kavosh("search", "--index", str(news_index), "--", "category:()", check=False)
    assert empty.returncode == 2 and "Traceback" not in empty.stderr


def test_no_value_filter_and_missing_bucket_in_the_python_api(news_index):
    import kavosh as engine

    fars = [r for r in RECORDS if r["site"] == "فارس"]
    with engine.Index(news_index, create=False) as ix:
        res = ix.search("site:فارس", filter={"category": None}, facets=["category"], collapse=False, limit=1)
        assert res.matched == sum("category" not in r for r in fars)
        assert res.facets[0]["missing"] == {"value": "", "count": res.matched, "filter": 'category:""',
                                            "selected": True}
        assert ix.search('date:""', limit=1).matched == len(RECORDS)  # no record has a date of its own
