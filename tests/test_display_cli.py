"""What the CLI shows (issue #17), end to end through `kavosh`: merged highlight marks, ligatures that do not
repeat, bidi controls kept out of titles and snippets (never out of the stored original), query-language
mistakes named, `-word` queries, `date:` on an index without dates, `kavosh analyze --explain`, and the
Python API's `add` of one mapping."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kavosh

RLO, PDF, RLI, PDI, LRM = "\u202e", "\u202c", "\u2067", "\u2069", "\u200e"
BIDI = (RLO, PDF, RLI, PDI, LRM)
DOCS = [
    {"id": "car", "title": "صنعت خودروسازی", "text": "خودروسازی ایران در سال گذشته رشد کرد و خودرو‌سازان شاد شدند."},
    {"id": "lig", "title": "حدیث", "text": "پیامبر ﷺ فرمود که دانش ﻻزم است و این سخن را همه شنیدند."},
    {"id": "bidi", "title": f"گزارش {RLO}ویژه{PDF} امروز",
     "text": f"متن {RLO}معکوس{PDF} و {RLI}جداشده{PDI} درباره زعفران{LRM} قائن"},
    {"id": "saffron-title", "title": "زعفران قائن", "text": "برداشت محصول در پاییز"},
    {"id": "saffron-body", "title": "زعفران", "text": "قائن شهری در خراسان است"},
]


@pytest.fixture(scope="module")
def index(run_kavosh, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("display")
    (folder / "docs.jsonl").write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in DOCS),
                                       encoding="utf-8")
    ix = folder / "ix"
    proc = run_kavosh("index", folder / "docs.jsonl", "--index", ix)
    assert proc.returncode == 0, proc.stderr
    return ix


def search(run_kavosh, index: Path, *args: str) -> dict:
    proc = run_kavosh("search", "--index", index, "--json", "--", *args)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_adjacent_marks_are_one_mark(run_kavosh, index: Path):
    proc = run_kavosh("search", "--index", index, "خودروسازی")
    assert proc.returncode == 0, proc.stderr
    assert "****" not in proc.stdout
    assert "1. صنعت **خودروسازی**" in proc.stdout
    assert "**خودروسازی** ایران" in proc.stdout
    hit = next(h for h in search(run_kavosh, index, "خودروسازی")["hits"] if h["id"] == "car")
    marks = [s["text"] for s in hit["snippet"] if s["match"]]
    assert marks[0] == "خودروسازی"
    assert all(not (a["match"] and b["match"]) for a, b in zip(hit["snippet"], hit["snippet"][1:], strict=False))


def test_ligature_tokens_never_repeat_text(run_kavosh, index: Path):
    for query, mark in (("الله", "ﷺ"), ("صلی الله علیه", "ﷺ"), ("لازم", "ﻻزم")):
        [hit] = search(run_kavosh, index, query)["hits"]
        snippet = "".join(s["text"] for s in hit["snippet"])
        assert DOCS[1]["text"].endswith(snippet.removeprefix("… ")), (query, snippet)  # each character once
        assert [s["text"] for s in hit["snippet"] if s["match"]] == [mark]


def test_bidi_controls_are_not_displayed_but_stored(run_kavosh, index: Path):
    [hit] = search(run_kavosh, index, "معکوس")["hits"]
    assert hit["title"] == "گزارش ویژه امروز"
    assert "".join(s["text"] for s in hit["title_segments"]) == hit["title"]
    snippet = "".join(s["text"] for s in hit["snippet"])
    assert snippet == "متن معکوس و جداشده درباره زعفران قائن"
    plain = run_kavosh("search", "--index", index, "معکوس").stdout
    assert not any(c in plain for c in BIDI)
    with kavosh.Index(index, create=False) as ix:  # the stored original keeps them
        assert ix.get("bidi").title == DOCS[2]["title"] and ix.get("bidi").text == DOCS[2]["text"]


@pytest.mark.parametrize("query, message", [
    ("foo:کتاب", "unknown field foo: at position 1; the known fields are title:, body:, text:, date:"),
    ("زعفران lang:fa", "unknown field lang: at position 8; the known fields are title:, body:, text:, date:"),
    ("title:(زعفران", "unbalanced parentheses: the ( at position 7 is never closed"),
    ("زعفران)", "unbalanced parentheses: the ) at position 7 closes no ("),
])
def test_query_mistakes_are_named(run_kavosh, index: Path, query: str, message: str):
    proc = run_kavosh("search", "--index", index, query)
    assert proc.returncode == 2
    assert proc.stderr == f"kavosh: error: {message}\n"


def test_a_group_after_a_field_holds_for_every_word(run_kavosh, index: Path):
    ids = [h["id"] for h in search(run_kavosh, index, "title:(زعفران قائن)")["hits"]]
    assert ids[0] == "saffron-title"
    only_title = [h["id"] for h in search(run_kavosh, index, "+title:(قائن)")["hits"]]
    assert only_title == ["saffron-title"]  # قائن is in saffron-body's text, not its title
    assert "saffron-body" not in [h["id"] for h in search(run_kavosh, index, "title:(قائن خراسان)")["hits"]]


def test_a_query_may_start_with_a_minus(run_kavosh, index: Path):
    proc = run_kavosh("search", "--index", index, "-خودروسازی", "زعفران")
    assert proc.returncode == 0, proc.stderr
    assert "for «-خودروسازی زعفران»" in proc.stdout
    proc = run_kavosh("search", "--index", index, "-عراق")
    assert proc.returncode == 2
    assert proc.stderr == "kavosh: error: the query only excludes terms; add a term to search for\n"


def test_date_filter_on_an_index_without_dates_says_so(run_kavosh, index: Path):
    proc = run_kavosh("search", "--index", index, "زعفران date:1403")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("(no document in this index has a date, so date: filters match nothing)\n")
    res = search(run_kavosh, index, "زعفران date:1403")
    assert res["notes"] == ["no document in this index has a date, so date: filters match nothing"]


def test_analyze_explain_shows_each_step(run_kavosh):
    text = "كتاب‌هايي كه مي شوند ﻻزم ۲۰۰"
    proc = run_kavosh("analyze", "--explain", text)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[1] == "char filters:"
    filters = [line.split()[0] for line in lines[2:6]]
    assert filters == ["fold_presentation_forms", "fold_arabic_yeh", "fold_arabic_kaf", "map_digits_to_ascii"]
    assert lines[5].split(None, 1)[1] == "کتاب<ZWNJ>هایی که می شوند لازم 200"
    assert "tokenizer: 5 tokens" in lines
    token_lines = {line.split()[2]: line for line in lines if line[:4].strip().isdigit()}
    assert token_lines["کتاب<ZWNJ>هایی"].endswith("join_half_spaces → کتابهایی  stem → کتاب  surface_reading → \u2416کتابهایی")
    assert token_lines["که"].endswith("stop → که  (stopword: indexed as \u2400که)")
    # every word indexed, the stopwords marked (the passive auxiliary too: issue #14 kind 5)
    assert lines[-2] == "terms: کتاب/\u2416کتابهایی \u2400که \u2400شد لازم 200"  # the word as written beside its term
    data = json.loads(run_kavosh("analyze", "--explain", "--json", text).stdout)
    assert [c["name"] for c in data["charfilters"]] == filters
    assert [t["token"] for t in data["tokenizer"]["tokens"]][0] == "کتاب\u200cهایی"
    stem = next(f for f in data["tokenfilters"] if f["name"] == "stem")
    terms = [t.term for t in kavosh.analysis.default_analyzer().analyze(text)]
    assert [t["token"] for t in stem["tokens"]] == terms  # the chain ends where analysis ends
    assert data["terms"] == [("\u2400" + t if t in ("که", "شد") else t) for t in terms]


def test_python_add_takes_one_mapping_or_says_what_it_expects(tmp_path: Path):
    with kavosh.Index(tmp_path / "ix") as ix:
        assert ix.add({"id": "one", "text": "یک سند تنها درباره زعفران"}) == 1
        ix.commit()
        assert [h.id for h in ix.search("زعفران").hits] == ["one"]
        with pytest.raises(TypeError, match=r"^add\(\) expects a document \(a Document or a dict with id and "
                                            r"text\) or an iterable of them, got str$"):
            ix.add("زعفران")
        with pytest.raises(TypeError, match=r"^document 2: expected a Document or a dict with id and text, "
                                            r"got int '7'$"):
            ix.add([{"id": "a", "text": "الف"}, 7])


def test_date_filter_on_an_index_with_few_dates_says_how_many(run_kavosh, tmp_path: Path):
    """Found as a new user: on an index where 1 of 12 documents is dated, `date:1385` said only "no
    results"; it says how many documents have a date (CLI, JSON and, in Persian digits, the page)."""
    docs = [{"id": f"d{i}", "text": f"گزارش شماره {i} دربارهٔ باغ‌های زعفران"} for i in range(11)]
    docs.append({"id": "dated", "text": "گزارش باغ زعفران", "date": "1390/01/05"})
    src = tmp_path / "docs.jsonl"
    src.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    proc = run_kavosh("index", src, "--index", tmp_path / "ix")
    assert proc.returncode == 0, proc.stderr
    note = "only 1 of 12 documents in this index have a date; date: filters look at those alone"
    proc = run_kavosh("search", "--index", tmp_path / "ix", "زعفران date:1385")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"({note})\n")
    assert search(run_kavosh, tmp_path / "ix", "زعفران date:1385")["notes"] == [note]
    assert search(run_kavosh, tmp_path / "ix", "زعفران date:1390")["notes"] == []  # it found the dated one

    from kavosh.api.pages import fa_note
    from kavosh.present.format import few_dates
    assert "تنها ۱ سند از ۱۲ سند" in fa_note(few_dates(1, 12))
