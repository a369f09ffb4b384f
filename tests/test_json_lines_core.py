"""The JSON Lines batch path (``kavosh._core.read_json_lines``, ``rust/kavosh-index/src/records.rs``) against
its specification, the Python reader of :mod:`kavosh.ingest.jsonl`: the same documents and the same
messages (file, line, field) for any line, clean or not, in any chunking; records that stay in Rust
(``batch=True``) are the documents the Python reader makes of them; and ``kavosh index`` through the
batch path writes the index the pure-Python path writes, with the same report."""

from __future__ import annotations

import gzip
import json
import os
import random
import sqlite3
from pathlib import Path

import pytest
from _index_helpers import stored_fields
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kavosh.analysis import Analyzer
from kavosh.index import schema as S
from kavosh.index.completions import TABLE_FILE
from kavosh.ingest import jsonl
from kavosh.ingest.document import Document, IngestError

core = pytest.importorskip("kavosh._core")
if os.environ.get("KAVOSH_PURE_PYTHON") or Analyzer()._core is None or not hasattr(core, "read_json_lines"):
    pytest.skip("the compiled core is not built or KAVOSH_PURE_PYTHON is set", allow_module_level=True)


def _read(path: Path, max_bytes: int, in_core: bool, batch: bool = False) -> list:
    reader = jsonl._core_reader
    if not in_core:
        jsonl._core_reader = lambda _path: None
    try:
        return list(jsonl.read_json_file(path, str(path.parent), max_bytes, batch=batch))
    finally:
        jsonl._core_reader = reader


def _flat(items: list) -> list:
    """Items with each run of records as the documents they are."""
    out = []
    for it in items:
        if isinstance(it, Document | IngestError):
            out.append(it)
        else:
            assert len(it) > 0 and it.doc_bytes == sum(len(d[1].encode()) + len(d[2].encode()) for d in it.documents())
            out += [Document(id=i, title=t, text=x, url=u, source=w) for i, t, x, u, w in it.documents()]
    return out


_TEXT = st.text(alphabet=st.sampled_from(list("سلام دنیا ab\"\\/\t\n\r\x0c\x00\x01\x0b\x1f\x7f\u200c\u2028\u00a0\x1c "
                                                 "😀é۱")), max_size=12)
_VALUE = st.one_of(_TEXT, _TEXT, _TEXT, st.none(), st.just(""), st.integers(-10, 2**70), st.floats(allow_nan=False),
                   st.booleans(), st.lists(_TEXT, max_size=2), st.dictionaries(st.just("a"), st.integers(), max_size=1))
_KEYS = st.sampled_from(["id", "_id", "docid", "doc_id", "title", "text", "body", "contents", "content", "url",
                         "date", "lang"])
_RECORD = st.dictionaries(_KEYS, _VALUE, max_size=6)
_JUNK = st.sampled_from([b"", b"   ", b"\x0c", b"{bad", b"\xff{}", b'\xef\xbb\xbf{"id": "b", "text": "x"}',
                         b"[1, 2]", b'{"id": "n", "text": NaN}', b'{"id": "s", "text": "\\ud800"}',
                         b'{"id": "d", "text": "x", "date": "1403-09-01"}', b'{"id": "e", "text": "x", "date": "nope"}',
                         b'{"id": "c", "text": "x"}\r', b'{"id": "k", "text": "x", "id": "k2"}'])


@st.composite
def _lines(draw) -> bytes:
    out = []
    for _ in range(draw(st.integers(1, 12))):
        if draw(st.integers(0, 3)) == 0:
            out.append(draw(_JUNK))
        else:
            rec = draw(_RECORD)
            if draw(st.booleans()):
                rec.setdefault("id", draw(st.sampled_from(["a", "۱", 7, "x y"])))
            out.append(json.dumps(rec, ensure_ascii=draw(st.booleans())).encode())
    return b"\n".join(out) + draw(st.sampled_from([b"", b"\n", b"\n\n"]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=_lines(), max_bytes=st.sampled_from([30, 80, 10_000_000]))
def test_the_core_reads_every_line_as_the_python_reader_does(tmp_path_factory, data: bytes, max_bytes: int):
    path = tmp_path_factory.mktemp("jl") / "in.jsonl"
    path.write_bytes(data)
    python = _read(path, max_bytes, in_core=False)
    assert _read(path, max_bytes, in_core=True) == python
    assert _flat(_read(path, max_bytes, in_core=True, batch=True)) == python


def test_a_large_file_read_in_chunks_and_a_cut_gzip_give_the_python_readers_items(tmp_path: Path):
    rng = random.Random(3)
    lines = []
    for i in range(9000):  # about 3 MB: several chunks of whole lines
        r = rng.random()
        if r < 0.02:
            lines.append("{broken")
        elif r < 0.04:
            lines.append(json.dumps({"id": f"m{i}", "text": "متن " * 40, "lang": "fa"}, ensure_ascii=False))
        elif r < 0.05:
            lines.append("")
        else:
            lines.append(json.dumps({"id": f"d{i}", "title": f"عنوان {i}", "text": "متن خبر " * rng.randint(5, 60),
                                     "url": f"http://x/{i}"}, ensure_ascii=False))
    data = ("\n".join(lines) + "\n").encode()
    assert len(data) > 3 * jsonl.CORE_CHUNK_BYTES
    plain = tmp_path / "big.jsonl"
    plain.write_bytes(data)
    python = _read(plain, 10_000_000, in_core=False)
    assert len(python) == sum(1 for line in lines if line)
    assert sum(isinstance(i, IngestError) for i in python) > 100
    assert _read(plain, 10_000_000, in_core=True) == python
    batched = _read(plain, 10_000_000, in_core=True, batch=True)
    assert sum(not isinstance(i, Document | IngestError) for i in batched) > 50  # runs between the other lines
    assert _flat(batched) == python
    cut = tmp_path / "cut.jsonl.gz"  # a gzip file cut short: the lines before, then the line it cut, once
    cut.write_bytes(gzip.compress(data)[: len(gzip.compress(data)) * 2 // 3])
    python = _read(cut, 10_000_000, in_core=False)
    last = python[-1]
    assert "truncated inside this line" in last.reason and f"the {last.line - 1:,} lines before it" in last.reason
    assert not [i for i in python[:-1] if isinstance(i, IngestError) and i.line == last.line]
    assert _read(cut, 10_000_000, in_core=True) == python
    assert _flat(_read(cut, 10_000_000, in_core=True, batch=True)) == python


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    """parsinlu_rc's passages as JSON Lines (clean records) with lines of every other kind among them:
    metadata, dates, a replaced id, broken JSON, a title that is an object, control characters, a text long
    enough for token checkpoints."""
    folder = tmp_path_factory.mktemp("mixed")
    with open(shared_data / "parsinlu_rc" / "corpus.jsonl", encoding="utf-8") as f:
        recs = [json.loads(line) for line in f][:600]
    lines = []
    for i, r in enumerate(recs):
        lines.append(json.dumps(r, ensure_ascii=False))
        if i % 50 == 7:
            lines += ["{broken", json.dumps({"id": f"meta{i}", "text": r["text"], "lang": "fa"}, ensure_ascii=False),
                      json.dumps({"id": f"dated{i}", "text": r["text"][:200], "date": "1403-09-01"},
                                 ensure_ascii=False),
                      json.dumps({"id": f"obj{i}", "title": {"a": 1}, "text": "x"}),
                      json.dumps({"id": f"ctl{i}", "text": "متن\x01 خبر"}),
                      json.dumps({"id": f"long{i}", "title": "بلند", "text": (r["text"] + "\n") * 40},  # checkpoints
                                 ensure_ascii=False),
                      json.dumps({"id": recs[i - 5]["_id"], "title": "جایگزین", "text": r["text"][:300]},
                                 ensure_ascii=False), ""]
    (folder / "a.jsonl").write_text("\n".join(lines[: len(lines) // 2]) + "\n", encoding="utf-8")
    (folder / "b.jsonl").write_text("\n".join(lines[len(lines) // 2:]) + "\n", encoding="utf-8")
    return folder


def test_kavosh_index_through_the_batch_path_writes_what_pure_python_writes(run_kavosh, mixed: Path,
                                                                           tmp_path: Path):
    runs = {}
    for name, env in (("batch", {}), ("python", {"KAVOSH_PURE_PYTHON": "1"})):
        out = tmp_path / name
        # one commit: the completion table's counts of an id replaced across a commit differ from those of one
        # replaced within a commit (a documented over-count), and the two paths commit at different documents
        proc = run_kavosh("index", mixed, "--index", out, "--jobs", "2", env=env, timeout=600)
        assert proc.returncode == 1, proc.stderr  # some lines could not be indexed
        report = [line.replace(str(out), "INDEX") for line in proc.stderr.splitlines()
                  if " MB/s" not in line]  # not the progress and timing lines (commits fall between other documents)
        runs[name] = (out, report)
    (batch, report), (python, python_report) = runs["batch"], runs["python"]
    assert report == python_report
    assert sum("malformed JSON" in line for line in report) == 12
    assert any("field title: expected text" in line for line in report)
    stored = stored_fields(batch)
    assert sum(b"\"tokens\": " in dict(doc)[S.STORED][0] for doc in stored.values()) >= 10  # long texts (Python path)
    assert stored == stored_fields(python) and len(stored) > 600
    groups = {}
    for name, index in (("batch", batch), ("python", python)):
        with sqlite3.connect(index / "kavosh-groups.sqlite") as db:
            groups[name] = db.execute("SELECT seq, doc_id, grp, sig, bands FROM docs ORDER BY seq").fetchall()
        table = json.loads(gzip.decompress((index / TABLE_FILE).read_bytes()))
        groups[name + " table"] = {k: v for k, v in table.items() if k != "generation"}
    assert groups["batch"] == groups["python"] and len(groups["batch"]) > 600
    assert groups["batch table"] == groups["python table"]
