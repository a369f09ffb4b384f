"""WARC ingest: a web archive written here with warcio (Persian news pages with boilerplate, a request,
an image, a redirect, a broken record) read into documents, unit and end to end through `kavosh index`."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from kavosh.ingest.document import Document, IngestError
from kavosh.ingest.files import Progress, read_paths

ZWNJ = "\u200c"
BOILERPLATE = ("<header><nav><a href='/'>صفحه اصلی</a> | <a href='/sport'>ورزشی</a> | <a href='/econ'>اقتصادی</a>"
               "</nav></header>")
FOOTER = "<footer><p>کلیه حقوق این سایت محفوظ است. تماس با ما | درباره ما</p></footer>"


def news_page(title: str, paragraphs: list[str], published: str | None = None) -> bytes:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>{title}</title>{meta}'
            f"</head><body>{BOILERPLATE}<article><h1>{title}</h1>{body}</article>{FOOTER}</body></html>"
            ).encode()


PAGES = {
    "https://news.example.ir/1403/09/ketab": (
        "نمایشگاه کتاب تهران آغاز شد",
        [f"نمایشگاه بین‌المللی کتاب تهران امروز با حضور ناشران ایرانی و خارجی در مصلی آغاز به کار کرد{ZWNJ}.",
         "بازدیدکنندگان می‌توانند تا پایان هفته از غرفه‌های ناشران دیدن کنند و کتاب‌های تازه را بخرند."],
        "2024-11-21"),
    "https://news.example.ir/1403/09/baran": (
        "باران پاییزی در شمال کشور",
        ["بارش باران پاییزی در استان‌های شمالی کشور از دیروز آغاز شده و تا پایان هفته ادامه دارد.",
         "سازمان هواشناسی از مردم خواست در سفرهای جاده‌ای احتیاط کنند و از رودخانه‌ها فاصله بگیرند."],
        None),
}
FETCHED = "2024-12-02T08:30:00Z"


def write_warc(path: Path, gz: bool, broken: bytes | None = b"this is not a WARC record\r\n\r\n") -> dict[str, int]:
    """Write the test archive; returns the byte offset of each record by name."""
    raw = io.BytesIO()
    offsets: dict[str, int] = {}

    def rec(name: str, record) -> None:
        offsets[name] = raw.tell()
        writer.write_record(record)

    writer = WARCWriter(raw, gzip=gz)
    rec("warcinfo", writer.create_warcinfo_record(path.name, {"software": "kavosh tests"}))
    urls = list(PAGES)
    for i, url in enumerate(urls):
        title, paras, published = PAGES[url]
        rec(f"request{i}", writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"),
                                                     warc_headers_dict={"WARC-Date": FETCHED}))
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        page = io.BytesIO(news_page(title, paras, published))
        rec(f"page{i}", writer.create_warc_record(url, "response", payload=page, http_headers=headers,
                                                  warc_headers_dict={"WARC-Date": FETCHED}))
        if i == 0 and broken is not None:
            offsets["broken"] = raw.tell()
            raw.write(gzip.compress(broken) if gz else broken)
    png = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    rec("image", writer.create_warc_record("https://news.example.ir/logo.png", "response",
                                           payload=io.BytesIO(b"\x89PNG\r\n\x1a\n0000"), http_headers=png))
    moved = StatusAndHeaders("301 Moved Permanently", [("Location", "https://news.example.ir/"),
                                                       ("Content-Type", "text/html")], protocol="HTTP/1.1")
    rec("redirect", writer.create_warc_record("http://news.example.ir/", "response", payload=io.BytesIO(b""),
                                              http_headers=moved))
    path.write_bytes(raw.getvalue())
    return offsets


def read_all(path: Path) -> tuple[list[Document], list[IngestError], dict[str, int]]:
    progress = Progress()
    docs, errors = [], []
    for item in read_paths([str(path)], progress=progress):
        (errors if isinstance(item, IngestError) else docs).append(item)
    return docs, errors, progress.passed_over


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_warc_pages_become_documents_and_other_records_are_counted(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    offsets = write_warc(path, gz)
    docs, errors, passed_over = read_all(path)
    assert [d.id for d in docs] == list(PAGES)
    first, second = docs
    assert first.url == first.id == "https://news.example.ir/1403/09/ketab"
    assert first.title == "نمایشگاه کتاب تهران آغاز شد"
    assert f"بین{ZWNJ}المللی" in first.text and "غرفه‌های ناشران" in first.text
    for d in docs:
        assert "حقوق این سایت محفوظ" not in d.text and "ورزشی" not in d.text  # boilerplate removed
        assert d.fields["fetched"] == FETCHED
        assert d.source == f"{path}@{offsets['page0' if d is first else 'page1']}"
    assert first.date == "2024-11-21"  # the page's own publication date
    assert second.date == ""  # none on the page: the capture date is not passed off as its date
    assert passed_over == {"warcinfo records": 1, "request records": 2, "non-HTML responses (image/png)": 1,
                           "HTTP 301 responses": 1}
    [err] = errors
    assert err.path == str(path) and err.line is None
    assert err.reason.startswith(f"WARC record at byte {offsets['broken']} cannot be read (")
    assert err.reason.endswith("); skipped")


def test_warc_without_broken_records_has_no_errors(tmp_path: Path) -> None:
    path = tmp_path / "clean.warc.gz"
    write_warc(path, gz=True, broken=None)
    docs, errors, _ = read_all(path)
    assert (len(docs), errors) == (2, [])


def test_truncated_warc_reports_the_record_and_keeps_what_came_before(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc.gz"
    offsets = write_warc(path, gz=True, broken=None)
    data = path.read_bytes()
    path.write_bytes(data[:offsets["page1"] + 200])  # cut inside the second page's gzip member
    docs, errors, _ = read_all(path)
    assert [d.id for d in docs] == ["https://news.example.ir/1403/09/ketab"]
    assert len(errors) == 1 and errors[0].reason.startswith(f"WARC record at byte {offsets['page1']} ")


@pytest.mark.parametrize("name, data, says", [
    ("notes.warc", "hello, this is no archive\n".encode(), "not a WARC file: it begins with «hello, this is no archive»"),
    ("empty.warc", b"", "not a WARC file: it is empty"),
    ("page.warc.gz", gzip.compress("<html>صفحه</html>".encode(), mtime=0), "not a WARC file: it begins with «<html>صفحه</html>»"),
], ids=["text", "empty", "gzip-html"])
def test_a_file_that_is_no_warc_is_named_so(tmp_path: Path, name: str, data: bytes, says: str) -> None:
    """A text file named ``.warc`` was reported as a record cut inside its headers (a new user's finding)."""
    path = tmp_path / name
    path.write_bytes(data)
    docs, errors, _ = read_all(path)
    assert docs == [] and len(errors) == 1 and errors[0].reason.startswith(says), errors
    assert errors[0].reason.endswith("(WARC/1.0 or WARC/1.1); skipped")


def test_kavosh_index_reads_warc_end_to_end(run_kavosh, tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, gz=True)
    ix = tmp_path / "ix"
    proc = run_kavosh("index", path, "--index", ix)
    assert proc.returncode == 1, proc.stderr  # one broken record: partial success
    assert "indexed 2 documents" in proc.stderr
    assert ("passed over 5 WARC records that are not HTML pages: 2 request records, 1 HTTP 301 response, "
            "1 non-HTML response (image/png), 1 warcinfo record\n") in proc.stderr  # singular for one (#17)
    assert "crawl.warc.gz: WARC record at byte" in proc.stderr
    # what trafilatura extracted (sitename…) is Kavosh's, not the user's: no warning asks to declare it
    stored = {k for h in json.loads(run_kavosh("search", "--index", ix, "--json", "--exact", "نمایشگاه OR باران").stdout)[
        "hits"] for k in h["fields"]}
    assert stored & {"sitename", "author", "description"} and "warning: field" not in proc.stderr, (stored, proc.stderr)
    records = tmp_path / "records.jsonl"  # the same name in the user's own records is warned about
    records.write_text(json.dumps({"id": "r1", "text": "کتاب", "sitename": {"a": 1}}) + "\n", encoding="utf-8")
    proc = run_kavosh("index", records, "--index", tmp_path / "ix2")
    assert "warning: field sitename (1 document) is stored and shown" in proc.stderr, proc.stderr
    res = json.loads(run_kavosh("search", "--index", ix, "--json", "نمایشگاه date:1403-09-01").stdout)
    assert [(h["id"], h["date"], h["date_display"]) for h in res["hits"]] == [
        ("https://news.example.ir/1403/09/ketab", "2024-11-21", "۱ آذر ۱۴۰۳ (2024-11-21)")]
    res = json.loads(run_kavosh("search", "--index", ix, "--json", "باران").stdout)
    assert [(h["id"], h["date"], h["fields"]["fetched"]) for h in res["hits"]] == [
        ("https://news.example.ir/1403/09/baran", "", FETCHED)]  # captured then; no date of its own
