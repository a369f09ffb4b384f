"""Nothing read is skipped silently: `kavosh index` end to end (a subprocess) on mixed folders, Word files,
cut gzip files, missing paths, symbolic link loops, re-runs over files with broken lines, and WARC records
that are cut or hold NUL bytes (issue #17)."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest

ZWNJ = "\u200c"
TEXT = "زعفران قائنات در پاییز برداشت می‌شود و کتاب‌های تازه درباره آن نوشته شده است."


def search_json(run_kavosh, index: Path, query: str) -> dict:
    proc = run_kavosh("search", "--index", index, "--json", "--", query)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


# ---------------------------------------------------------------- folders: what is passed over, and why


def mixed_folder(root: Path) -> Path:
    folder = root / "mixed"
    (folder / "sub").mkdir(parents=True)
    (folder / "note.txt").write_text(TEXT, encoding="utf-8")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "sub" / "photo2.JPG").write_bytes(b"\xff\xd8\xff")
    (folder / "sub" / "data.xlsx").write_bytes(b"PK")
    (folder / ".cache").mkdir()
    os.symlink("..", folder / "sub" / "up")  # a folder link that loops back: not followed
    return folder


def test_folder_with_unsupported_files_says_what_was_skipped_and_why(run_kavosh, tmp_path: Path):
    folder = mixed_folder(tmp_path)
    proc = run_kavosh("index", folder, "--index", tmp_path / "ix")
    assert proc.returncode == 0, proc.stderr
    assert "indexed 1 document" in proc.stderr
    assert "passed over 6 entries that Kavosh does not read (--verbose lists them):" in proc.stderr
    lines = proc.stderr.splitlines()
    assert "  1 .pdf: PDF is not read: Persian text extracted from PDFs" in "\n".join(lines)
    assert "  1 .png: an image: no text to index (Kavosh does no OCR)" in lines
    assert "  1 .jpg: an image: no text to index (Kavosh does no OCR)" in lines
    assert any(line.startswith("  1 .xlsx: unsupported file type (Kavosh reads .txt, .md, .html, .docx")
               for line in lines)
    assert any(line.startswith("  1 hidden: hidden") for line in lines)
    assert any(line.startswith("  1 folder link: symbolic links to folders are not followed") for line in lines)
    assert str(folder / "scan.pdf") not in proc.stderr  # counts only, without --verbose
    proc = run_kavosh("index", folder, "--index", tmp_path / "ix", "--verbose")
    assert proc.returncode == 0, proc.stderr
    for name in ("scan.pdf", "photo.png", "sub/photo2.JPG", "sub/data.xlsx", ".cache", "sub/up"):
        assert f"\n    {folder / name}\n" in proc.stderr, name


def test_symlink_loop_is_named_as_such(run_kavosh, tmp_path: Path):
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "ok.txt").write_text(TEXT, encoding="utf-8")
    os.symlink("loop.txt", folder / "loop.txt")
    os.symlink("gone.txt", folder / "dangling.txt")
    proc = run_kavosh("index", folder, "--index", tmp_path / "ix")
    assert proc.returncode == 1, proc.stderr
    assert f"{folder / 'loop.txt'}: symbolic link loop (loop.txt -> loop.txt leads back to itself)" in proc.stderr
    assert f"{folder / 'dangling.txt'}: broken symbolic link (to gone.txt, which does not exist)" in proc.stderr
    assert "indexed 1 document" in proc.stderr
    # Given by name: a one-line error before anything is written.
    proc = run_kavosh("index", folder / "loop.txt", "--index", tmp_path / "ix2")
    assert proc.returncode == 2
    assert proc.stderr == (f"kavosh: error: {folder / 'loop.txt'}: symbolic link loop (loop.txt -> loop.txt leads "
                           "back to itself) (no index was created)\n")
    assert not (tmp_path / "ix2").exists()


def test_a_named_pipe_is_passed_over_not_waited_on(run_kavosh, tmp_path: Path):
    # A read of a FIFO with no writer blocks forever: a new user's `kavosh index` of such a folder hung.
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "ok.txt").write_text(TEXT, encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    proc = run_kavosh("index", folder, "--index", tmp_path / "ix", "--verbose")
    assert proc.returncode == 0, proc.stderr
    assert "indexed 1 document" in proc.stderr
    assert "  1 not a regular file: named pipes, sockets and devices are not read (reading one could wait " \
           "forever)" in proc.stderr.splitlines()
    assert f"\n    {folder / 'pipe.txt'}\n" in proc.stderr
    # Given by name: a one-line error before anything is written.
    proc = run_kavosh("index", folder / "pipe.txt", "--index", tmp_path / "ix2")
    assert proc.returncode == 2
    assert proc.stderr == (f"kavosh: error: {folder / 'pipe.txt'}: not a regular file: named pipes, sockets and "
                           "devices are not read (reading one could wait forever) (no index was created)\n")
    assert not (tmp_path / "ix2").exists()


def test_missing_input_path_is_an_error_and_creates_no_index(run_kavosh, tmp_path: Path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    ix = tmp_path / "ix"
    proc = run_kavosh("index", tmp_path / "a.txt", tmp_path / "typo", "--index", ix)
    assert proc.returncode == 2
    assert proc.stderr == f"kavosh: error: {tmp_path / 'typo'}: no such file or folder (no index was created)\n"
    assert not ix.exists()
    assert run_kavosh("index", tmp_path / "a.txt", "--index", ix).returncode == 0
    proc = run_kavosh("index", tmp_path / "typo", "--index", ix)  # an existing index: still an error
    assert proc.returncode == 2
    assert proc.stderr == f"kavosh: error: {tmp_path / 'typo'}: no such file or folder\n"
    # --prune on an existing index: a path that is gone is what to prune (reported, status 1; see test_incremental).
    proc = run_kavosh("index", tmp_path / "typo", "--index", ix, "--prune")
    assert proc.returncode == 1 and f"{tmp_path / 'typo'}: no such file or folder" in proc.stderr


# ---------------------------------------------------------------- Word documents


def test_docx_is_indexed_with_its_persian_in_logical_order(run_kavosh, tmp_path: Path):
    import docx

    d = docx.Document()
    d.add_heading("برداشت زعفران", level=1)
    d.add_paragraph(TEXT)
    table = d.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "استان"
    table.rows[0].cells[1].text = "خراسان‌جنوبی"
    (tmp_path / "docs").mkdir()
    d.save(tmp_path / "docs" / "saffron.docx")
    (tmp_path / "docs" / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    ix = tmp_path / "ix"
    proc = run_kavosh("index", tmp_path / "docs", "--index", ix)
    assert proc.returncode == 1, proc.stderr
    assert f"{tmp_path / 'docs' / 'broken.docx'}: not a readable Word document" in proc.stderr
    res = search_json(run_kavosh, ix, "کتاب‌های زعفران")
    [hit] = res["hits"]
    assert (hit["id"], hit["title"]) == ("saffron.docx", "برداشت زعفران")
    doc = json.loads(run_kavosh("search", "--index", ix, "--json", "خراسان").stdout)["hits"][0]
    assert doc["id"] == "saffron.docx"
    snippet = "".join(s["text"] for s in hit["snippet"])
    assert f"می{ZWNJ}شود و کتاب{ZWNJ}های تازه" in snippet  # typed order, half-spaces kept


# ---------------------------------------------------------------- cut gzip files and re-runs


def jsonl(n: int, start: int = 0) -> bytes:
    return "".join(json.dumps({"id": f"d{i}", "text": f"سند {i}: {TEXT}"}, ensure_ascii=False) + "\n"
                   for i in range(start, start + n)).encode()


def test_truncated_jsonl_gz_yields_its_readable_lines_and_says_so_again_on_rerun(run_kavosh, tmp_path: Path):
    data = gzip.compress(jsonl(500))
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(data[: len(data) // 2])
    ix = tmp_path / "ix"
    proc = run_kavosh("index", cut, "--index", ix)
    assert proc.returncode == 1, proc.stderr
    n = json.loads(run_kavosh("info", "--index", ix).stdout)["documents"]
    assert 100 < n < 500
    assert f"indexed {n} documents" in proc.stderr
    assert (f"{cut}:{n + 1}: the gzip data ends before its end marker: the file is truncated inside this line, "
            f"which is not read; the {n} lines before it were read") in proc.stderr
    assert "malformed JSON" not in proc.stderr  # the cut line is reported once, as cut (a new user's finding)
    # Unchanged: not read again, but the cut is reported again and the status is still 1.
    again = run_kavosh("index", cut, "--index", ix)
    assert again.returncode == 1, again.stderr
    assert "1 unchanged (skipped)" in again.stderr
    assert "1 of the unchanged had unreadable parts when read before (listed again below)" in again.stderr
    assert f"{cut}:{n + 1}: the gzip data ends before its end marker" in again.stderr
    assert "(file unchanged since it was read)" in again.stderr


def test_unchanged_file_with_broken_lines_reports_them_on_every_run_until_fixed(run_kavosh, tmp_path: Path):
    f = tmp_path / "news.jsonl"
    f.write_bytes(jsonl(3) + b"{broken\n" + jsonl(2, start=3))
    ix = tmp_path / "ix"
    for run in range(2):
        proc = run_kavosh("index", f, "--index", ix)
        assert proc.returncode == 1, (run, proc.stderr)
        assert f"{f}:4: malformed JSON: Expecting property name enclosed in double quotes at column 2" \
               in proc.stderr, run
    assert json.loads(run_kavosh("info", "--index", ix).stdout)["documents"] == 5
    f.write_bytes(jsonl(6))  # fixed
    proc = run_kavosh("index", f, "--index", ix)
    assert proc.returncode == 0, proc.stderr
    assert "1 changed" in proc.stderr and "skipped" not in proc.stderr.split("pruned", 1)[1]
    proc = run_kavosh("index", f, "--index", ix)
    assert proc.returncode == 0 and "malformed" not in proc.stderr, proc.stderr


def test_a_larger_max_doc_mb_reads_an_unchanged_file_again(run_kavosh, tmp_path: Path):
    f = tmp_path / "big.jsonl"
    big = json.dumps({"id": "big", "text": "کتاب " * 60_000}, ensure_ascii=False)  # 0.6 MB
    f.write_text(big + "\n" + json.dumps({"id": "small", "text": TEXT}, ensure_ascii=False) + "\n", encoding="utf-8")
    ix = tmp_path / "ix"
    proc = run_kavosh("index", f, "--index", ix, "--max-doc-mb", "0.5")
    assert proc.returncode == 1 and "larger than the 0.5 MB limit" in proc.stderr, proc.stderr
    proc = run_kavosh("index", f, "--index", ix, "--max-doc-mb", "1")
    assert proc.returncode == 0, proc.stderr
    assert "1 changed" in proc.stderr
    assert json.loads(run_kavosh("info", "--index", ix).stdout)["documents"] == 2


# ---------------------------------------------------------------- WARC


def warc_with(path: Path, pages: list[tuple[str, bytes]], gz: bool = False) -> list[int]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    raw = io.BytesIO()
    writer = WARCWriter(raw, gzip=gz)
    offsets = []
    for url, html in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        offsets.append(raw.tell())
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html), http_headers=headers,
                                                      warc_headers_dict={"WARC-Date": "2024-12-02T08:30:00Z"}))
    path.write_bytes(raw.getvalue())
    return offsets


def page(title: str, body: str, published: str | None = None) -> bytes:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    return (f'<!DOCTYPE html><html lang="fa"><head><meta charset="utf-8"><title>{title}</title>{meta}</head>'
            f"<body><article><h1>{title}</h1><p>{body}</p><p>{TEXT}</p></article></body></html>").encode()


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_truncated_warc_record_is_reported_not_indexed(run_kavosh, tmp_path: Path, gz: bool):
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    offsets = warc_with(path, [("https://a.example.ir/1", page("خبر اول", "متن خبر اول درباره باران")),
                               ("https://a.example.ir/2", page("خبر دوم", "متن خبر دوم درباره برف " * 20))], gz)
    data = path.read_bytes()
    path.write_bytes(data[: offsets[1] + (len(data) - offsets[1]) // 2])  # the file ends inside record 2
    ix = tmp_path / "ix"
    proc = run_kavosh("index", path, "--index", ix)
    assert proc.returncode == 1, proc.stderr
    assert f"{path}: WARC record at byte {offsets[1]} " in proc.stderr
    assert "indexed 1 document" in proc.stderr
    assert [h["id"] for h in search_json(run_kavosh, ix, "خبر")["hits"]] == ["https://a.example.ir/1"]


def test_nul_bytes_are_stripped_and_warc_capture_date_is_not_the_page_date(run_kavosh, tmp_path: Path):
    path = tmp_path / "c.warc"
    warc_with(path, [("https://a.example.ir/nul", page("عنوان\x00 خبر", "متن با\x00بایت صفر درباره زعفران")),
                     ("https://a.example.ir/dated", page("خبر تاریخ‌دار", "متن دیگر درباره زعفران",
                                                         published="2024-11-21"))])
    (tmp_path / "n.jsonl").write_text(json.dumps({"id": "json-nul", "title": "سند\u0000 جیسون",
                                                  "text": "زعفران\u0000 و NUL در JSON"}) + "\n", encoding="utf-8")
    ix = tmp_path / "ix"
    proc = run_kavosh("index", path, tmp_path / "n.jsonl", "--index", ix)
    assert proc.returncode == 0, proc.stderr
    proc = run_kavosh("search", "--index", ix, "--json", "--no-collapse", "زعفران")
    assert "\\u0000" not in proc.stdout and "\x00" not in proc.stdout
    hits = {h["id"]: h for h in json.loads(proc.stdout)["hits"]}
    nul = hits["https://a.example.ir/nul"]
    assert nul["title"] == "عنوان خبر"
    assert (nul["date"], nul["date_display"]) == ("", "")  # no date of its own: not the capture date
    assert nul["fields"]["fetched"] == "2024-12-02T08:30:00Z"
    assert hits["https://a.example.ir/dated"]["date"] == "2024-11-21"
    assert hits["https://a.example.ir/dated"]["fields"]["fetched"] == "2024-12-02T08:30:00Z"
    assert hits["json-nul"]["title"] == "سند جیسون"
    plain = run_kavosh("search", "--index", ix, "زعفران")
    assert "\x00" not in plain.stdout


def test_a_year_in_a_pages_text_is_not_its_date(run_kavosh, tmp_path: Path):
    """A page without a date of its own gets none: htmldate's guess from a year in the text (در سال 2003)
    made it 2003-01-01; a date in the page's markup is still read."""
    body = "<p>زلزله‌ای به بزرگی ۶٫۶ ریشتر شهر بم را ویران کرد و خودروسازی ایران در سال 2003 رشد کرد.</p>" * 3
    (tmp_path / "undated.html").write_text(
        f'<html lang="fa"><head><meta charset="utf-8"><title>زلزله بم</title></head><body>{body}</body></html>',
        encoding="utf-8")
    (tmp_path / "dated.html").write_text(
        '<html lang="fa"><head><meta charset="utf-8"><title>زلزله بم</title>'
        '<meta property="article:published_time" content="2024-11-30T10:00:00+03:30"></head>'
        "<body><p>زلزله رودبار در خرداد شهرهای گیلان و زنجان را لرزاند؛ امدادگران تا صبح کار کردند.</p></body></html>",
        encoding="utf-8")
    proc = run_kavosh("index", tmp_path / "undated.html", tmp_path / "dated.html", "--index", tmp_path / "index")
    assert proc.returncode == 0, proc.stderr
    dates = {h["id"]: h["date"] for h in search_json(run_kavosh, tmp_path / "index", "زلزله")["hits"]}
    assert dates == {"undated.html": "", "dated.html": "2024-11-30"}


def test_every_file_kind_gives_its_absolute_path_as_its_location(tmp_path: Path, monkeypatch):
    """A folder named by a relative path: a Word document's location was ``../ing/w.docx`` while the HTML and
    text files beside it had absolute paths (a new user's finding); every kind now gives the absolute path."""
    import docx

    from kavosh.ingest.files import read_paths

    (tmp_path / "ing").mkdir()
    d = docx.Document()
    d.add_paragraph(TEXT)
    d.save(tmp_path / "ing" / "w.docx")
    (tmp_path / "ing" / "t.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "ing" / "p.html").write_text(f"<html><body><p>{TEXT}</p></body></html>", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    docs = [x for x in read_paths(["../ing"]) if hasattr(x, "url")]
    assert sorted((x.id, x.url) for x in docs) == sorted(
        (name, str(tmp_path / "ing" / name)) for name in ("w.docx", "t.txt", "p.html"))
