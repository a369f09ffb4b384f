"""What a new user met indexing real files (issue #17, the try of 2026-12-03), end to end through `kavosh index`
and `kavosh search`: a `date` that is not a date, and (below) the other inputs that were silent or garbled."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

import kavosh


def search_json(run_kavosh, index: Path, query: str) -> dict:
    proc = run_kavosh("search", "--index", index, "--json", "--", query)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


# ---------------------------------------------------------------- dates that are not dates


def test_a_date_that_is_not_a_date_is_named_and_the_document_indexed_undated(run_kavosh, tmp_path: Path):
    data = write_jsonl(tmp_path / "news.jsonl", [
        {"id": "ok", "text": "انجیر استهبان", "date": "1403/09/01"},
        {"id": "rfc", "text": "انجیر استهبان", "date": "Mon, 04 Nov 2024 10:00:00 GMT"},
        {"id": "tomorrow", "text": "انجیر استهبان", "date": "فردا"},
        {"id": "month13", "text": "انجیر استهبان", "date": "1403/13/40"},
    ])
    index = tmp_path / "ix"
    proc = run_kavosh("index", data, "--index", index)
    assert proc.returncode == 1, proc.stderr  # a problem in the input: status 1, like a broken line
    lines = proc.stderr.splitlines()
    assert "2 problems in 1 input (what a line names was not indexed, unless it says otherwise):" in lines
    kept = "indexed without a date (date: filters and sorting do not see it; the value is kept as written)"
    assert (f"  {data}:3: date 'فردا' is not a date (Jalali or Gregorian, e.g. 1403-09-01, ۱ آذر ۱۴۰۳ or "
            f"2024-11-21); {kept}") in lines
    assert any(line.startswith(f"  {data}:4: date '1403/13/40' is not a date") for line in lines)
    assert "indexed 4 documents" in proc.stderr
    hits = {h["id"]: h["date"] for h in search_json(run_kavosh, index, "انجیر")["hits"]}
    assert hits == {"ok": "2024-11-21", "rfc": "2024-11-04", "tomorrow": "فردا", "month13": "1403/13/40"}
    assert {h["id"] for h in search_json(run_kavosh, index, "انجیر date:1403")["hits"]} == {"ok", "rfc"}
    again = run_kavosh("index", data, "--index", index)  # unchanged: not read again, still said
    assert again.returncode == 1 and "news.jsonl:3: date 'فردا' is not a date" in again.stderr


def test_the_python_api_warns_of_a_date_that_is_not_a_date(tmp_path: Path):
    with kavosh.Index(tmp_path / "ix") as ix:
        with pytest.warns(UserWarning, match=r"document 2 \('b'\): date 'فردا' is not a date"):
            ix.add([{"id": "a", "text": "متن", "date": "2024-11-21"}, {"id": "b", "text": "متن", "date": "فردا"}])
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            ix.add([{"id": "c", "text": "متن", "date": "۱ آذر ۱۴۰۳"}, {"id": "d", "text": "متن"}])
        ix.commit()
        assert ix.get("b").date == "فردا" and ix.get("c").date == "2024-11-21"


# ---------------------------------------------------------------- WARC files cut short


def _warc_bytes(gz: bool) -> tuple[bytes, int]:
    """A WARC of three HTML pages (per-record gzip or plain), and where its last record starts."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    raw = io.BytesIO()
    writer = WARCWriter(raw, gzip=gz)
    last = 0
    for i, word in enumerate(["زعفران", "پسته", "خرما"]):
        last = raw.tell()
        html = (f'<html lang="fa"><head><meta charset="utf-8"><title>خبر {word}</title></head><body><article>'
                f"<h1>خبر {word}</h1><p>برداشت {word} امسال در استان آغاز شد و کشاورزان محصول بیشتری انتظار "
                f"دارند؛ خبر شماره {i}.</p></article></body></html>").encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://example.ir/{i}", "response", payload=io.BytesIO(html),
                                                      http_headers=headers))
    return raw.getvalue(), last


@pytest.mark.parametrize("kind", ["warc", "warc.gz", "whole.warc.gz"])
def test_a_warc_cut_anywhere_in_its_last_record_is_reported_never_silent_never_a_traceback(tmp_path: Path, kind):
    import gzip

    from kavosh.ingest.document import Document, IngestError
    from kavosh.ingest.warc import read_warc_file

    data, last = _warc_bytes(gz=kind == "warc.gz")
    if kind == "whole.warc.gz":  # the whole file gzip-compressed at once (gzip file.warc)
        data, last = gzip.compress(data), len(gzip.compress(data[:last]))  # about where the last record starts
    path = tmp_path / f"cut.{kind}"
    path.write_bytes(data)
    whole = [(type(d).__name__, getattr(d, "id", str(d))) for d in read_warc_file(path, 10**7, {})]
    assert whole == [("Document", f"https://example.ir/{i}") for i in range(3)], whole
    silent = []
    for cut in range(last + 1, len(data)):  # a cut at a record's start leaves a whole, shorter WARC
        path.write_bytes(data[:cut])
        items = list(read_warc_file(path, 10**7, {}))  # must not raise (warcio raised AttributeError on some cuts)
        docs = [i.id for i in items if isinstance(i, Document)]
        if "https://example.ir/2" not in docs and not any(isinstance(i, IngestError) for i in items):
            silent.append(cut)
    assert silent == []


def test_kavosh_index_says_a_warc_gz_is_cut_inside_a_records_headers(run_kavosh, tmp_path: Path):
    import zlib

    data, last = _warc_bytes(gz=True)

    def head(cut: int) -> bytes:  # what the last record's member gives when the file ends at ``cut``
        return zlib.decompressobj(wbits=31).decompress(data[last:cut])

    # the file ends inside the last record's WARC headers, before its URI: warcio raised AttributeError
    cut = next(c for c in range(last, len(data)) if b"WARC-Type: response\r\n" in head(c))
    assert b"WARC-Target-URI: https" not in head(cut)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[:cut])
    proc = run_kavosh("index", path, "--index", tmp_path / "ix")
    assert proc.returncode == 1, proc.stderr
    assert (f"{path}: WARC record at byte {last} cannot be read (its headers end before its WARC-Target-URI: "
            "the file is cut or damaged there); skipped") in proc.stderr
    assert "responses without HTTP headers" not in proc.stderr and "response records" not in proc.stderr
    assert "indexed 2 documents" in proc.stderr


# ---------------------------------------------------------------- text files: encodings and Markdown


def test_utf16_text_is_read_and_windows_1256_is_named(run_kavosh, tmp_path: Path):
    folder = tmp_path / "texts"
    folder.mkdir()
    # Windows Notepad's "Unicode": UTF-16 LE with a byte order mark (was "binary file (contains NUL bytes)")
    (folder / "notepad.txt").write_bytes("متن یونیکد درباره پسته رفسنجان".encode("utf-16"))
    old = "متن قدیمی با رمزگذاری ویندوز درباره زعفران قائنات".replace("ی", "ي").replace("ک", "ك")
    (folder / "old.txt").write_bytes(old.encode("cp1256"))
    (folder / "old.jsonl").write_bytes(('{"id": "j1", "text": "' + old + '"}\n').encode("cp1256"))
    (folder / "broken.txt").write_bytes("سلام دنیا، این متن درست است ".encode() + b"\xff" + " و ادامه".encode())
    (folder / "notepad.jsonl").write_bytes('{"id": "u1", "text": "سلام"}\n'.encode("utf-16"))
    proc = run_kavosh("index", folder, "--index", tmp_path / "ix")
    assert proc.returncode == 1, proc.stderr
    hint = ("; it looks like Windows-1256 (older Persian text): convert it to UTF-8, e.g. "
            "iconv -f WINDOWS-1256 -t UTF-8")
    lines = proc.stderr.splitlines()
    assert f"  {folder / 'old.txt'}:1: invalid UTF-8 at byte 0{hint}" in lines
    assert any(line.startswith(f"  {folder / 'old.jsonl'}:1: invalid UTF-8") and line.endswith(hint) for line in lines)
    assert f"  {folder / 'broken.txt'}:1: invalid UTF-8 at byte 50" in lines  # UTF-8 with a bad byte: no hint
    assert (f"  {folder / 'notepad.jsonl'}: UTF-16 text: JSON Lines are read in UTF-8; convert it, e.g. "
            "iconv -f UTF-16 -t UTF-8") in lines
    assert "binary" not in proc.stderr
    hits = search_json(run_kavosh, tmp_path / "ix", "پسته")["hits"]
    assert [(h["id"], h["title"]) for h in hits] == [("notepad.txt", "متن یونیکد درباره پسته رفسنجان")]


def test_markdown_is_indexed_and_shown_without_its_markup(run_kavosh, tmp_path: Path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "rose.md").write_text("# گلاب قمصر\n\nهر سال **گلاب** در [قمصر](https://example.ir/ghamsar) "
                                    "گرفته می‌شود؛ `کاشان` نزدیک است.\n\n- گل محمدی\n- *عرق* بیدمشک\n",
                                    encoding="utf-8")
    proc = run_kavosh("index", folder, "--index", tmp_path / "ix")
    assert proc.returncode == 0, proc.stderr
    out = run_kavosh("search", "--index", tmp_path / "ix", "--color", "never", "گلاب")
    assert out.returncode == 0, out.stderr
    assert "1. **گلاب** قمصر" in out.stdout
    assert "هر سال **گلاب** در قمصر گرفته می‌شود؛ کاشان نزدیک است." in out.stdout  # was ****گلاب**** [قمصر](…)
    assert "#" not in out.stdout and "](" not in out.stdout and "`" not in out.stdout
    [hit] = search_json(run_kavosh, tmp_path / "ix", "بیدمشک")["hits"]
    assert "".join(s["text"] for s in hit["snippet"]).endswith("گل محمدی\nعرق بیدمشک")


def test_a_file_of_a_byte_order_mark_alone_is_an_empty_file(run_kavosh, tmp_path: Path):
    # F4 (2026-12-04): an editor's empty "UTF-8 with BOM" .txt was indexed as a document with no text, and the
    # same .jsonl was "line 1: malformed JSON: Expecting value at column 1"
    bom, files = b"\xef\xbb\xbf", tmp_path / "in"
    files.mkdir()
    for name, data in [("bom.txt", bom), ("bom.md", bom), ("bom.html", bom), ("bom.jsonl", bom),
                       ("bom16.txt", b"\xff\xfe"), ("bom-space.txt", bom + b"\n  \n"), ("bom-space.jsonl", bom + b"\n"),
                       ("ws16.txt", "\ufeff \n".encode("utf-16-le")), ("empty.txt", b""), ("rule.md", b"---\n")]:
        (files / name).write_bytes(data)
    # a line of a byte order mark alone, then a record
    (files / "ok.jsonl").write_bytes(bom + b'\n{"id": "a", "text": "\xd9\x85\xd8\xaa\xd9\x86"}\n')
    proc = run_kavosh("index", files, "--index", tmp_path / "ix")
    assert proc.returncode == 1, proc.stderr
    assert "indexed 1 document," in proc.stderr and "malformed" not in proc.stderr, proc.stderr
    listed = dict(line.strip().split(": ", 1) for line in proc.stderr.splitlines() if line.startswith(f"  {files}/"))
    alone, spaced = "empty file: a byte order mark alone", "empty file: a byte order mark and whitespace alone"
    assert listed == {f"{files}/{name}": reason for name, reason in [
        ("bom.txt", alone), ("bom.md", alone), ("bom.html", alone), ("bom.jsonl", alone), ("bom16.txt", alone),
        ("bom-space.txt", spaced), ("bom-space.jsonl", spaced), ("ws16.txt", spaced), ("empty.txt", "empty file"),
        ("rule.md", "no text")]}, proc.stderr
    assert kavosh.Index(tmp_path / "ix", create=False).get("a").text == "متن"


def test_the_report_counts_documents_that_replaced_one_of_the_same_id(run_kavosh, tmp_path: Path):
    # F16 (2026-12-04): "indexed 5 documents … the index now holds 3", and nothing said why
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "one.jsonl").write_text('{"id": "a", "text": "یک"}\n{"id": "b", "text": "دو"}\n'
                                               '{"id": "a", "text": "سه"}\n', encoding="utf-8")
    (tmp_path / "in" / "two.jsonl").write_text('{"id": "b", "text": "چهار"}\n{"id": "c", "text": "پنج"}\n',
                                               encoding="utf-8")
    index = tmp_path / "ix"
    for jobs in ("1", "2"):  # documents analysed in this process, and in workers (records in the core)
        proc = run_kavosh("index", tmp_path / "in", "--index", index / jobs, "--jobs", jobs)
        assert proc.returncode == 0, proc.stderr
        assert "indexed 5 documents," in proc.stderr and "the index now holds 3\n" in proc.stderr, proc.stderr
        assert "\n2 documents replaced one read before with the same id (in this run, or from another file); " \
               "the one read last is kept: 'a', 'b'\n" in proc.stderr, proc.stderr
        assert kavosh.Index(index / jobs, create=False).get("a").text == "سه"
    # a later run: a new file's id held by another file's document is counted; a changed file's own ids are not
    (tmp_path / "three.jsonl").write_text('{"id": "c", "text": "شش"}\n', encoding="utf-8")
    proc = run_kavosh("index", tmp_path / "three.jsonl", "--index", index / "1")
    assert "\n1 document replaced one read before with the same id (in this run, or from another file); " \
           "the one read last is kept: 'c'\n" in proc.stderr, proc.stderr
    (tmp_path / "in" / "two.jsonl").write_text('{"id": "b", "text": "هفت"}\n', encoding="utf-8")
    proc = run_kavosh("index", tmp_path / "in", "--index", index / "1")
    assert proc.returncode == 0 and "1 changed" in proc.stderr and "replaced one" not in proc.stderr, proc.stderr
