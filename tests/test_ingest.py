"""Ingest: reading files and folders (unit), and `kavosh index` on bad input, re-indexing and kill -9 (end to end)."""

from __future__ import annotations

import gzip
import json
import os
import random
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

from kavosh.ingest.document import Document, IngestError
from kavosh.ingest.files import discover, read_paths, record_to_document
from kavosh.ingest.html import html_to_document

DATA = Path(__file__).parent / "data"
ZWNJ = "\u200c"


def read_all(*paths: Path | str, max_bytes: int = 10 * 1024 * 1024) -> tuple[list[Document], list[IngestError]]:
    docs: list[Document] = []
    errors: list[IngestError] = []
    for item in read_paths([str(p) for p in paths], max_bytes=max_bytes):
        (errors if isinstance(item, IngestError) else docs).append(item)
    return docs, errors


def jsonl(records: list) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records)


def padding_records(n: int, prefix: str = "pad") -> list[dict]:
    """``n`` valid records of ~300 bytes each (to make a JSON Lines file larger than 8 KB)."""
    return [{"id": f"{prefix}-{i}", "text": "متن پرکننده برای آزمون خواندن فایل " * 5} for i in range(n)]


# ---------------------------------------------------------------- folders and plain text


def test_discover_walks_folders_skipping_hidden_and_unsupported(tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / ".git").mkdir()
    for name in ("a/x.txt", "a/y.md", "b.jsonl", "c.HTML", ".hidden.txt", ".git/z.txt", "image.png", "d.json.gz"):
        (tmp_path / name).write_bytes(b"x")
    skipped: dict[str, list[str]] = {}
    files, errors = discover([str(tmp_path)], skipped)
    assert errors == []
    assert sorted(os.path.relpath(f, tmp_path) for f, _ in files) == ["a/x.txt", "a/y.md", "b.jsonl", "c.HTML",
                                                                      "d.json.gz"]
    assert skipped == {"hidden": [str(tmp_path / ".git"), str(tmp_path / ".hidden.txt")],
                       ".png": [str(tmp_path / "image.png")]}
    assert {root for _, root in files} == {str(tmp_path)}


def test_discover_reports_missing_paths_and_unsupported_files_given_by_name(tmp_path: Path):
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4")
    missing = str(tmp_path / "missing.txt")
    (tmp_path / "book.epub").write_bytes(b"PK")
    files, errors = discover([missing, str(tmp_path / "report.pdf"), str(tmp_path / "book.epub")])
    assert files == []
    assert [(e.path, e.line) for e in errors] == [(missing, None), (str(tmp_path / "report.pdf"), None),
                                                  (str(tmp_path / "book.epub"), None)]
    assert "no such file or folder" in errors[0].reason
    assert errors[1].reason.startswith("PDF is not read")
    assert errors[2].reason == "EPUB is not read; convert to .html or .txt"


def test_a_file_given_by_a_relative_path_has_its_absolute_path_as_url(tmp_path: Path, monkeypatch):
    """New user 7: a .txt file's url was the path as typed (``../my-notes/x.txt``), so it depended on the folder
    the command ran in. It is the absolute path; the id stays relative to the folder given."""
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "x.txt").write_text("یادداشت نخست", encoding="utf-8")
    (tmp_path / "notes" / "p.html").write_text("<html><body><p>" + "برگه‌ای از کتاب " * 20 + "</p></body></html>",
                                               encoding="utf-8")
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    docs = [d for d in read_paths(["../notes"]) if isinstance(d, Document)]
    assert {d.id: d.url for d in docs} == {"x.txt": str(tmp_path / "notes" / "x.txt"),
                                           "p.html": str(tmp_path / "notes" / "p.html")}


def test_text_and_markdown_files_become_documents(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "note.md").write_text("\n\n## سرو کاشمر\n\nدرختی کهن در خراسان.\n", encoding="utf-8")
    long_line = "واژه " * 40
    (tmp_path / "long.txt").write_text(long_line + "\nدوم\n", encoding="utf-8-sig")  # with a BOM
    docs, errors = read_all(tmp_path)
    assert errors == []
    by_id = {d.id: d for d in docs}
    assert set(by_id) == {"sub/note.md", "long.txt"}
    assert by_id["sub/note.md"].title == "سرو کاشمر"
    assert by_id["sub/note.md"].text == "سرو کاشمر\nدرختی کهن در خراسان."  # Markdown read as text
    assert by_id["sub/note.md"].url == str(tmp_path / "sub" / "note.md")
    assert not by_id["long.txt"].text.startswith("\ufeff")  # the BOM is not text
    title = by_id["long.txt"].title
    assert title.endswith("…") and len(title) <= 101 and long_line.startswith(title[:-1])
    # A single file given by name gets its own name as id.
    docs, _ = read_all(tmp_path / "sub" / "note.md")
    assert [d.id for d in docs] == ["note.md"]


def test_bad_text_files_are_errors_not_exceptions(tmp_path: Path):
    (tmp_path / "empty.txt").write_bytes(b"  \n\t\n")
    (tmp_path / "binary.txt").write_bytes(b"PK\x03\x04\x00\x00binary")
    (tmp_path / "latin1.md").write_bytes("سطر یک\nسطر دو\n".encode() + b"caf\xe9\n")
    (tmp_path / "big.txt").write_text("کلمه " * 300, encoding="utf-8")
    docs, errors = read_all(tmp_path, max_bytes=1000)
    assert docs == []
    reasons = {Path(e.path).name: (e.line, e.reason) for e in errors}
    assert reasons["empty.txt"] == (None, "empty file")
    assert "binary" in reasons["binary.txt"][1]
    assert reasons["latin1.md"][0] == 3 and "invalid UTF-8" in reasons["latin1.md"][1]
    assert "--max-doc-mb" in reasons["big.txt"][1]


# ---------------------------------------------------------------- JSON and JSON Lines


def test_record_to_document_fields():
    doc = record_to_document({"_id": 42, "title": "عنوان", "contents": ["بند یک", "بند دو"], "url": "u",
                              "date": "2024-01-02", "lang": "fa", "tags": ["الف"]}, Path("c.jsonl"), 3)
    assert isinstance(doc, Document)
    assert (doc.id, doc.title, doc.text, doc.url, doc.date) == ("42", "عنوان", "بند یک\nبند دو", "u", "2024-01-02")
    assert doc.fields == {"lang": "fa", "tags": ["الف"]}
    assert doc.source == "c.jsonl:3"


@pytest.mark.parametrize("obj, reason", [
    ({"text": "بدون شناسه"}, "no id"),
    ({"id": "", "text": "شناسه خالی"}, "no id"),
    ({"id": ["x"], "text": "شناسه فهرست"}, "must be a string or a whole number"),
    ({"id": True, "text": "شناسه بولی"}, "must be a string or a whole number"),
    ({"id": "a\x00b", "text": "شناسه با NUL"}, "control character (U+0000 at character 2)"),
    ({"id": "a\x1bb", "text": "شناسه با ESC"}, "control character (U+001B at character 2)"),
    ({"id": "1", "text": "  ", "title": ""}, "no text"),
    (["not", "an", "object"], "expected a JSON object, found list"),
    ({"id": "1", "title": {"a": 1}, "text": "متن"}, "field title: expected text (a string, a number or a list of "
                                                   "them), found a JSON object"),
    ({"id": "1", "text": ["بند", {"b": 2}]}, "field text: expected text"),
    ({"id": "1", "text": "متن", "url": {"href": "x"}}, "field url: expected text"),
    ({"id": "1", "text": "متن", "date": {"y": 1403}}, "field date: expected text"),
])
def test_record_to_document_errors(obj, reason: str):
    err = record_to_document(obj, Path("c.jsonl"), 7)
    assert isinstance(err, IngestError)
    assert (err.path, err.line) == ("c.jsonl", 7)
    assert reason in err.reason
    assert str(err).startswith("c.jsonl:7: ")


def test_numbers_and_lists_in_text_fields_are_text():
    doc = record_to_document({"id": 5, "title": 123, "text": ["بند یک", ["بند دو"]]}, Path("c.jsonl"), 1)
    assert isinstance(doc, Document)
    assert (doc.id, doc.title, doc.text) == ("5", "123", "بند یک\nبند دو")


def test_jsonl_reports_each_bad_line_and_keeps_the_good_ones(tmp_path: Path):
    lines = padding_records(30) + [
        {"id": "good-1", "title": "سیب", "text": "سیب سرخ"},
        '{"id": "broken", "text": ',
        "",
        {"text": "بدون شناسه"},
        {"id": "good-2", "text": "گلابی زرد", "color": "yellow"},
        '"just a string"',
    ]
    p = tmp_path / "docs.jsonl"
    p.write_text(jsonl(lines), encoding="utf-8")
    assert p.stat().st_size > 8192
    docs, errors = read_all(p)
    assert [d.id for d in docs] == [f"pad-{i}" for i in range(30)] + ["good-1", "good-2"]
    assert docs[-1].fields == {"color": "yellow"}
    assert docs[-1].source == f"{p}:35"
    assert [(e.line, e.reason.split(":")[0]) for e in errors] == [
        (32, "malformed JSON"), (34, "no id (expected a field id or _id)"),
        (36, "expected a JSON object, found str")]
    assert all(e.path == str(p) for e in errors)


def test_small_jsonl_file_is_read_line_by_line(tmp_path: Path):
    p = tmp_path / "small.jsonl"
    p.write_text(jsonl([{"id": "a", "text": "پرنده آبی"}, {"id": "b", "text": "ماهی قرمز"}]), encoding="utf-8")
    docs, errors = read_all(p)
    assert errors == []
    assert [d.id for d in docs] == ["a", "b"]


def test_gzipped_jsonl_and_line_numbers_across_chunk_boundaries(tmp_path: Path):
    records = padding_records(5000, "gz")  # ~1.7 MB: lines straddle the reader's 1 MB chunks
    records[4321] = '{"id": oops}'
    p = tmp_path / "big.jsonl.gz"
    with gzip.open(p, "wt", encoding="utf-8") as fh:
        fh.write(jsonl(records))
    docs, errors = read_all(p)
    assert len(docs) == 4999
    assert docs[0].id == "gz-0" and docs[-1].id == "gz-4999"
    assert all(d.text == records[0]["text"] for d in docs)  # no line cut at a chunk boundary
    assert [(e.line, e.reason.split(":")[0]) for e in errors] == [(4322, "malformed JSON")]


def test_jsonl_line_larger_than_the_limit_is_skipped(tmp_path: Path):
    p = tmp_path / "docs.jsonl"
    p.write_text(jsonl(padding_records(40) + [{"id": "huge", "text": "کلمه " * 2000}]), encoding="utf-8")
    docs, errors = read_all(p, max_bytes=5000)
    assert len(docs) == 40
    assert [(e.line, "larger than" in e.reason) for e in errors] == [(41, True)]


def test_corrupt_gzip_is_an_error(tmp_path: Path):
    p = tmp_path / "docs.jsonl.gz"
    p.write_bytes(gzip.compress(jsonl(padding_records(100)).encode())[:-40] + b"garbage")
    docs, errors = read_all(p)
    assert [d.id for d in docs] == [str(i) for i in range(91)] or len(docs) >= 90  # the lines before the damage
    assert errors[-1].path == str(p)
    assert "the gzip data ends before its end marker" in errors[-1].reason or "damaged gzip" in errors[-1].reason
    # one error for the cut: naming the line it cut, or none when it fell at a line's end
    assert ("inside this line" in errors[-1].reason) == (errors[-1].line is not None)
    assert len(errors) == 1, errors


def test_file_that_is_not_gzip_is_an_error(tmp_path: Path):
    p = tmp_path / "docs.jsonl.gz"
    p.write_bytes(b"this is no gzip data at all\n")
    docs, errors = read_all(p)
    assert docs == [] and len(errors) == 1
    assert errors[0].reason.startswith("cannot read: damaged gzip data (Error -3 while decompressing data: ")


def test_json_array_file(tmp_path: Path):
    p = tmp_path / "docs.json"
    p.write_text(json.dumps([{"id": "x1", "text": "سیب زرد"}, {"title": "بی‌شناسه"}], ensure_ascii=False, indent=1),
                 encoding="utf-8")
    docs, errors = read_all(p)
    assert [d.id for d in docs] == ["x1"]
    assert len(errors) == 1 and "item 2" in errors[0].reason and "no id" in errors[0].reason


def test_json_array_file_with_dots_in_its_name(tmp_path: Path):
    p = tmp_path / "my.data.json"
    p.write_text(json.dumps([{"id": "x1", "text": "سیب زرد"}], ensure_ascii=False), encoding="utf-8")
    docs, errors = read_all(p)
    assert errors == []
    assert [d.id for d in docs] == ["x1"]


def test_json_file_with_one_pretty_printed_object(tmp_path: Path):
    p = tmp_path / "article.json"
    p.write_text(json.dumps({"id": "art", "title": "مقاله", "text": "جمله‌ای بلند. " * 1000}, ensure_ascii=False,
                            indent=2), encoding="utf-8")
    assert p.stat().st_size > 8192
    docs, errors = read_all(p)
    assert errors == []
    assert [d.id for d in docs] == ["art"]


# ---------------------------------------------------------------- HTML

HTML_PAGE = """<!DOCTYPE html>
<html lang="fa" dir="rtl">
<head><meta charset="utf-8"><title>باغ‌های ایرانی در فهرست میراث جهانی</title></head>
<body>
<header><nav><ul><li><a href="/">صفحه نخست</a></li><li><a href="/sport">ورزشی</a></li>
<li><a href="/contact">تماس با ما</a></li></ul></nav></header>
<main><article>
<h1>باغ‌های ایرانی در فهرست میراث جهانی</h1>
<p>باغ ایرانی یکی از کهن‌ترین شیوه‌های باغ‌سازی در جهان است. در این باغ‌ها آب روان، درختان سرو و کوشک
مرکزی نقش اصلی را دارند و چهارباغ الگوی رایج آنهاست.</p>
<p>یونسکو در سال ۲۰۱۱ نه باغ ایرانی از جمله باغ فین کاشان، باغ ارم شیراز و باغ شاهزاده ماهان را در فهرست
میراث جهانی ثبت کرد. کارشناسان می‌گویند نگهداری از قنات‌ها برای زنده ماندن این باغ‌ها ضروری است.</p>
<p>گردشگران بسیاری هر سال از این باغ‌ها بازدید می‌کنند و شهرداری‌ها برای حفاظت از آنها برنامه‌های تازه‌ای
دارند.</p>
</article></main>
<footer><p>کلیه حقوق این پایگاه محفوظ است. طراحی سایت: شرکت نرم‌افزاری پرستو</p><a href="/rss">خبرخوان</a></footer>
</body></html>
"""


def test_html_page_main_text_and_title_are_indexed_without_boilerplate(run_kavosh, tmp_path: Path):
    page = tmp_path / "site" / "gardens.html"
    page.parent.mkdir()
    page.write_text(HTML_PAGE, encoding="utf-8")
    index = tmp_path / "index"
    proc = run_kavosh("index", page.parent, "--index", index)
    assert proc.returncode == 0, proc.stderr
    assert "indexed 1 document," in proc.stderr

    def search(q: str) -> dict:
        p = run_kavosh("search", "--index", index, "--json", q)
        assert p.returncode == 0, p.stderr
        return json.loads(p.stdout)

    res = search("قنات")  # a word of the article's body
    assert [h["id"] for h in res["hits"]] == ["gardens.html"]
    hit = res["hits"][0]
    assert hit["title"] == f"باغ{ZWNJ}های ایرانی در فهرست میراث جهانی"  # half-spaces kept
    assert [s["text"] for s in hit["snippet"] if s["match"]] == [f"قنات{ZWNJ}ها"]
    # Words that appear only in the navigation and the footer are not indexed.
    for boilerplate in ("خبرخوان", "پرستو", "تماس"):
        assert search(boilerplate)["total"] == 0, boilerplate


def test_html_to_document_extracts_title_and_main_text():
    doc = html_to_document(HTML_PAGE.encode("utf-8"), doc_id="g", url="https://example.org/g")
    assert doc is not None and doc.id == "g"
    assert doc.url == "https://example.org/g"
    assert "یونسکو در سال ۲۰۱۱ نه باغ ایرانی" in doc.text
    assert f"برنامه{ZWNJ}های تازه{ZWNJ}ای" in doc.text
    for boilerplate in ("صفحه نخست", "تماس با ما", "پرستو", "خبرخوان", "کلیه حقوق"):
        assert boilerplate not in doc.text
    assert doc.title == f"باغ{ZWNJ}های ایرانی در فهرست میراث جهانی"


@pytest.mark.parametrize("meta, date", [
    ('<meta name="date" content="1403-01-15">', "2024-04-03"),        # Jalali: htmldate takes none
    ('<meta name="DC.date" content="۱۴۰۳/۰۹/۰۱">', "2024-11-21"),     # Persian digits
    ('<meta property="article:published_time" content="2024-11-21T10:00:00+03:30">', "2024-11-21"),
    ('<meta name="date" content="فردا">', ""),                         # not a date: none, not a guess
    ('<meta name="keywords" content="1403-01-15">', ""),               # not a date tag
    ('<meta name="date" content="1403-01-15"><meta property="article:published_time" content="2024-11-21">',
     "2024-11-21"),                                                    # the publication time first
])
def test_a_pages_date_meta_tag_is_read_jalali_or_gregorian(meta: str, date: str):
    """New user 4: a Persian site's ``<meta name="date" content="1403-01-15">`` gave a WARC page no date."""
    page = HTML_PAGE.replace("<head>", "<head>" + meta, 1)
    assert page != HTML_PAGE
    doc = html_to_document(page.encode("utf-8"), doc_id="g")
    assert doc is not None and doc.date == date


def test_html_keeps_half_spaces():
    doc = html_to_document(HTML_PAGE.encode("utf-8"), doc_id="g")
    assert doc is not None
    assert f"باغ{ZWNJ}های ایرانی" in doc.title
    assert f"کهن{ZWNJ}ترین شیوه{ZWNJ}های باغ{ZWNJ}سازی" in doc.text


def test_html_without_its_extractor_is_reported_not_a_traceback(run_kavosh, tmp_path: Path):
    # Where the HTML extractor cannot be imported, `kavosh index page.html` says so and goes on.
    fake = tmp_path / "fake" / "trafilatura"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text('raise ImportError("simulated: no trafilatura")\n', encoding="utf-8")
    path = os.pathsep.join(p for p in (str(fake.parent), os.environ.get("PYTHONPATH", "")) if p)
    page = tmp_path / "page.html"
    page.write_text(HTML_PAGE, encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text("سلام", encoding="utf-8")
    proc = run_kavosh("index", page, good, "--index", tmp_path / "index", env={"PYTHONPATH": path})
    assert proc.returncode == 1
    assert "indexed 1 document," in proc.stderr
    line = next(line for line in proc.stderr.splitlines() if str(page) in line)
    assert "trafilatura" in line and "simulated: no trafilatura" in line


# ---------------------------------------------------------------- `kavosh index` on bad input


def _bad_input_folder(root: Path, jsonl_size: str) -> dict[str, str]:
    """Write good and bad inputs under ``root``; returns {good doc id: a word only it contains}."""
    root.mkdir()
    (root / "good.txt").write_text("کاروانسرای شاه‌عباسی در کویر مرنجاب", encoding="utf-8")
    (root / "notes.md").write_text("# یادداشت\n\nستاره‌شناسی در رصدخانه مراغه", encoding="utf-8")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (root / "latin1.txt").write_bytes("متن درست\n".encode() + b"\xff\xfe invalid \xe9\n")
    (root / "empty.md").write_bytes(b"")
    records = padding_records(40 if jsonl_size == "large" else 0) + [
        {"id": "j-1", "text": "زرافه در باغ وحش"},
        '{"id": "j-broken", "text": "کرگدن',  # malformed: the only place «کرگدن» appears
        {"id": "j-2", "title": "پلنگ ایرانی", "text": "در پارک ملی گلستان"},
    ]
    (root / "docs.jsonl").write_text(jsonl(records), encoding="utf-8")
    with open(root / "huge.txt", "wb") as fh:  # a single 50 MB document; the default limit is 10 MB
        block = "سند بسیار بزرگ ".encode() * 4096
        for _ in range(50 * 1024 * 1024 // len(block) + 1):
            fh.write(block)
    return {"good.txt": "مرنجاب", "notes.md": "مراغه", "j-1": "زرافه", "j-2": "پلنگ"}


@pytest.mark.parametrize("jsonl_size", [
    "large",
    "small",
])
def test_index_reports_and_skips_bad_inputs(run_kavosh, tmp_path: Path, jsonl_size: str):
    root = tmp_path / "input"
    good = _bad_input_folder(root, jsonl_size)
    assert (root / "huge.txt").stat().st_size >= 50 * 1024 * 1024
    malformed_line = 42 if jsonl_size == "large" else 2
    index = tmp_path / "index"
    proc = run_kavosh("index", root, "--index", index)
    assert proc.returncode == 1, proc.stderr  # partial failure
    assert proc.stdout == ""
    header = "5 problems in 5 inputs (what a line names was not indexed, unless it says otherwise):"
    summary = proc.stderr[proc.stderr.index(header):].splitlines()[1:]
    reported = {line.strip().split(": ")[0]: line for line in summary}
    assert set(reported) == {f"{root}/binary.txt", f"{root}/latin1.txt:2", f"{root}/empty.md",
                             f"{root}/docs.jsonl:{malformed_line}", f"{root}/huge.txt"}, summary
    assert "binary" in reported[f"{root}/binary.txt"]
    assert "invalid UTF-8" in reported[f"{root}/latin1.txt:2"]
    assert "empty file" in reported[f"{root}/empty.md"]
    assert "malformed JSON" in reported[f"{root}/docs.jsonl:{malformed_line}"]
    assert "--max-doc-mb" in reported[f"{root}/huge.txt"]
    n_good = len(good) + (40 if jsonl_size == "large" else 0)
    assert f"indexed {n_good} documents" in proc.stderr

    # Every good document is searchable; the malformed line's text is not in the index.
    import kavosh as api

    ix = api.Index(index, create=False)
    assert len(ix) == n_good
    for doc_id, word in good.items():
        assert [h.id for h in ix.search(word).hits] == [doc_id], word
    assert ix.search("کرگدن").total == 0
    assert ix.search("بزرگ").total == 0  # nothing of the 50 MB document was indexed


def test_index_nonexistent_and_unsupported_paths(run_kavosh, tmp_path: Path):
    good = tmp_path / "good.txt"
    good.write_text("کاروانسرای مرنجاب", encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4 ...")
    xlsx = tmp_path / "sheet.xlsx"
    xlsx.write_bytes(b"PK")
    proc = run_kavosh("index", pdf, xlsx, good, "--index", tmp_path / "index")
    assert proc.returncode == 1, proc.stderr
    assert f"  {pdf}: PDF is not read: Persian text extracted from PDFs" in proc.stderr
    assert f"  {xlsx}: unsupported file type (expected .txt, .md, .html, .docx" in proc.stderr
    assert "indexed 1 document," in proc.stderr


def test_index_of_only_a_missing_path(run_kavosh, tmp_path: Path):
    proc = run_kavosh("index", tmp_path / "missing.txt", "--index", tmp_path / "index")
    assert proc.returncode == 2
    assert proc.stderr == f"kavosh: error: {tmp_path / 'missing.txt'}: no such file or folder (no index was created)\n"
    assert not (tmp_path / "index").exists()


def test_json_line_without_id_is_reported_with_its_line(run_kavosh, tmp_path: Path):
    p = tmp_path / "docs.jsonl"
    p.write_text(jsonl(padding_records(40) + [{"title": "بدون شناسه", "text": "هیچ"}, {"id": 7, "text": "هفت"}]),
                 encoding="utf-8")
    proc = run_kavosh("index", p, "--index", tmp_path / "index")
    assert proc.returncode == 1
    assert f"  {p}:41: no id (expected a field id or _id)\n" in proc.stderr
    assert "indexed 41 documents" in proc.stderr


def test_size_limit_message_states_the_limit_given(run_kavosh, tmp_path: Path):
    p = tmp_path / "doc.txt"
    p.write_text("کلمه " * 4000, encoding="utf-8")  # 36 KB
    proc = run_kavosh("index", p, "--index", tmp_path / "index", "--max-doc-mb", "0.01")
    assert proc.returncode == 1
    m = re.search(r"larger than the ([\d.]+) MB limit", proc.stderr)
    assert m, proc.stderr
    assert float(m.group(1)) == pytest.approx(0.01)


def test_reindexing_an_id_replaces_the_document(run_kavosh, tmp_path: Path):
    index = tmp_path / "index"
    v1 = tmp_path / "v1.jsonl"
    v1.write_text(jsonl(padding_records(40) + [{"id": "r1", "text": "نسخه نخست درباره زعفران"}]), encoding="utf-8")
    v2 = tmp_path / "v2.jsonl"
    v2.write_text(jsonl(padding_records(40) + [{"id": "r1", "text": "نسخه دوم درباره پسته"}]), encoding="utf-8")
    assert run_kavosh("index", v1, "--index", index).returncode == 0
    proc = run_kavosh("index", v2, "--index", index)
    assert proc.returncode == 0, proc.stderr
    assert "the index now holds 41" in proc.stderr

    import kavosh as api

    ix = api.Index(index, create=False)
    assert len(ix) == 41
    assert [h.id for h in ix.search("پسته").hits] == ["r1"]
    assert ix.search("زعفران").total == 0
    assert ix.get("r1").text == "نسخه دوم درباره پسته"


# ---------------------------------------------------------------- kill -9 while indexing


N_BIG = 20_000
"""Documents in the big generated JSON Lines file (~58 MB: far more than is indexed before the signal)."""


@pytest.fixture(scope="module")
def big_jsonl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    words = ("کتاب ایران شهر مردم دانشگاه دانشجو باران کوه دریا جنگل خانه مدرسه معلم ورزش فوتبال بازیکن "
             "مربی تیم بازار قیمت نفت گاز برق خودرو").split()
    rng = random.Random(7)
    bodies = [" ".join(rng.choices(words, k=300)) for _ in range(100)]
    path = tmp_path_factory.mktemp("big") / "second.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(N_BIG):
            fh.write(json.dumps({"id": f"b2-{i}", "title": f"سند {i}", "text": bodies[i % 100]},
                                ensure_ascii=False) + "\n")
    return path


def _first_batch(run_kavosh, tmp_path: Path) -> Path:
    """Index 41 documents (one commit) and return the index path."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    index = tmp_path / "index"
    first = tmp_path / "first.jsonl"
    first.write_text(jsonl(padding_records(40, "b1") + [{"id": "b1-marker", "text": "دسته نخست با واژه سمندر"}]),
                     encoding="utf-8")
    assert run_kavosh("index", first, "--index", index).returncode == 0
    return index


def _start_and_wait_for_a_commit(run_kavosh, index: Path, big: Path) -> subprocess.Popen:
    """Start `kavosh index BIG` and return once it has committed something beyond the first batch."""
    import kavosh as api

    # Ctrl-C as from a terminal: a test runner started in the background hands its children SIGINT
    # ignored, and Python then installs no KeyboardInterrupt handler.
    proc = subprocess.Popen([*run_kavosh.command, "index", str(big), "--index", str(index), "--commit-mb", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
                            env=run_kavosh.env, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    ix = api.Index(index, create=False)
    deadline = time.monotonic() + 60
    while len(ix) <= 41:
        if proc.poll() is not None:
            pytest.fail(f"`kavosh index` ended early: {proc.communicate()}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the second run never committed")
        time.sleep(0.05)
        ix.reload()
    return proc


def test_kill_9_during_indexing_leaves_the_last_commit_readable(run_kavosh, tmp_path: Path, big_jsonl: Path):
    import kavosh as api

    index = _first_batch(run_kavosh, tmp_path)
    proc = _start_and_wait_for_a_commit(run_kavosh, index, big_jsonl)
    try:
        # While it runs, it holds the writer lock: another writer is refused with a one-line error.
        locked = run_kavosh("index", tmp_path / "first.jsonl", "--index", index)
        assert locked.returncode == 2
        assert locked.stderr.startswith("kavosh: error: another process is writing"), locked.stderr
        assert locked.stderr.count("\n") == 1
        assert proc.poll() is None, "the second run finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()

    # The index opens and holds the first batch plus what the second run had committed, not all of it.
    ix = api.Index(index, create=False)
    n_after = len(ix)
    assert 41 < n_after < 41 + N_BIG
    assert [h.id for h in ix.search("سمندر").hits] == ["b1-marker"]
    assert ix.get("b1-marker").text == "دسته نخست با واژه سمندر"
    # No stale lock: a new run takes the writer lock and completes.
    third = tmp_path / "third.jsonl"
    third.write_text(jsonl(padding_records(40, "b3")), encoding="utf-8")
    done = run_kavosh("index", third, "--index", index)
    assert done.returncode == 0, done.stderr
    assert f"the index now holds {n_after + 40:,}" in done.stderr


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_during_indexing_commits_what_was_read(run_kavosh, tmp_path: Path, big_jsonl: Path, sig):
    import kavosh as api

    for attempt in range(3):  # on a loaded machine the run may finish before the signal lands: try again
        index = _first_batch(run_kavosh, tmp_path / f"attempt{attempt}")
        proc = _start_and_wait_for_a_commit(run_kavosh, index, big_jsonl)
        try:
            proc.send_signal(sig)
            _out, err = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
        if f"indexed {N_BIG:,} documents" not in err:
            break
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert err.rstrip().endswith("interrupted: what was read so far is committed")
    m = re.search(r"indexed ([\d,]+) documents.*the index now holds ([\d,]+)", err)
    assert m, err
    n_read, n_held = (int(g.replace(",", "")) for g in m.groups())
    assert 0 < n_read < N_BIG
    # Exactly what was read before Ctrl-C was committed: the signal waits while an item is added and counted
    # (HeldInterrupts; before it, a signal between counting a run of 256 records and adding it lost them).
    assert n_held == 41 + n_read
    assert "files: 0 new, 0 changed, 0 unchanged (skipped), 0 pruned, 1 partly (interrupted" in err, err
    assert len(api.Index(index, create=False)) == n_held


def test_ingest_modules_import_no_cycle():
    """files reads WARCs and warc needs the HTML step: both use ingest/html.py, neither imports the other."""
    import ast

    import kavosh.ingest

    folder = Path(kavosh.ingest.__file__).parent
    graph: dict[str, set[str]] = {}
    for f in folder.glob("*.py"):
        deps = set()
        for node in ast.walk(ast.parse(f.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
                deps.add(node.module.split(".")[0])
        graph[f.stem] = deps

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for d in graph.get(start, ()):
            if d == goal or (d not in seen and (seen.add(d) or reaches(d, goal, seen))):
                return True
        return False

    cycles = [m for m in graph if reaches(m, m, set())]
    assert cycles == []
    assert "files" not in graph["warc"] and "html" in graph["warc"] and "html" in graph["files"]


def test_held_interrupts_wait_for_the_block_then_raise():
    """A signal inside ``held()`` is raised when the block ends, not inside it; outside, at once;
    with ``then_raise=False`` it only sets ``came``; the previous handler is back afterwards."""
    from kavosh.cli.common import HeldInterrupts

    before = signal.getsignal(signal.SIGINT)
    steps = []
    with HeldInterrupts() as signals:
        with pytest.raises(KeyboardInterrupt):
            with signals.held():
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(0.01)  # the handler has run by now (it runs between bytecodes of the main thread)
                steps.append("after the signal, inside the block")
        assert steps == ["after the signal, inside the block"]
        with signals.held(then_raise=False):
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.01)
        assert signals.came
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(1)
        with signals.held():  # nothing pending is left over: a quiet block ends quietly
            steps.append("quiet")
    assert steps[-1] == "quiet"
    assert signal.getsignal(signal.SIGINT) is before
