"""Merging an index's segments into one (:mod:`kavosh.index.merge`, ``kavosh index --merge``): one segment
after, the same answers (ids, scores, groups, totals) when no document was deleted (a merge drops deleted
documents, and with them their share of BM25's statistics), the completion table carried to the merged commit."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from pathlib import Path

import pytest

import kavosh
from kavosh.analysis import Analyzer
from kavosh.index.completions import TABLE_FILE
from kavosh.index.merge import merge_segments

if os.environ.get("KAVOSH_PURE_PYTHON") or Analyzer()._core is None:
    pytest.skip("merging needs the compiled core", allow_module_level=True)

QUERIES = ["تهران", "آلودگی هوای تهران", "بازار مسکن", "جام جهانی فوتبال", "انتخابات مجلس"]


def _docs(shared_data: Path, n: int) -> list[dict]:
    out = []
    with gzip.open(shared_data / "hamshahri" / "corpus.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            out.append({"id": r["_id"], "title": r.get("title", ""), "text": r["text"]})
            if len(out) == n:
                break
    return out


def _answers(path: Path) -> list:
    with kavosh.Index(path, create=False) as ix:
        out = []
        for q in QUERIES:
            r = ix.search(q, limit=20, snippets=False)
            out.append(([(h.id, h.score, h.similar) for h in r.hits], r.total, r.matched))
        return out


def _segments(path: Path) -> int:
    return len(json.loads((path / "meta.json").read_text())["segments"])


def test_merging_leaves_one_segment_and_the_same_answers(shared_data: Path, tmp_path: Path):
    docs = _docs(shared_data, 900)
    path = tmp_path / "ix"
    with kavosh.Index(path) as ix:
        for start in range(0, len(docs), 300):  # three commits: three segments
            ix.add(docs[start:start + 300])
            ix.commit()
    before = _segments(path)
    assert before >= 3
    answers = _answers(path)
    assert sum(len(h) for h, _, _ in answers) > 40
    assert merge_segments(path) == before
    assert _segments(path) == 1
    merged = _answers(path)
    for (hits, total, matched), (hits2, total2, matched2) in zip(answers, merged, strict=True):
        assert (total, matched) == (total2, matched2)
        assert [(i, n) for i, _, n in hits] == [(i, n) for i, _, n in hits2]
        assert all(abs(a - b) <= 1e-4 for (_, a, _), (_, b, _) in zip(hits, hits2, strict=True))  # sums' last bits
    table = json.loads(gzip.open(path / TABLE_FILE, "rt", encoding="utf-8").read())
    assert table["generation"] == hashlib.sha1((path / "meta.json").read_bytes()).hexdigest()
    assert merge_segments(path) == 1  # nothing more to merge
    with kavosh.Index(path, create=False) as ix:  # a deleted document is dropped by the next merge
        ix.add(docs[:1])  # replaces (deletes) the first document's earlier version
        ix.commit()
    assert _segments(path) == 2
    assert merge_segments(path) == 2 and _segments(path) == 1
    with kavosh.Index(path, create=False) as ix:
        assert len(ix) == 900
        assert ix.opened.index.searcher().num_docs == 900


def test_kavosh_index_merge_flag(shared_data: Path, run_kavosh, tmp_path: Path):
    corpus = tmp_path / "docs.jsonl"
    corpus.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in _docs(shared_data, 400)),
                      encoding="utf-8")
    proc = run_kavosh("index", corpus, "--index", tmp_path / "ix", "--commit-mb", "1")
    assert proc.returncode == 0, proc.stderr
    before = _segments(tmp_path / "ix")
    assert before >= 2
    more = tmp_path / "more.jsonl"
    more.write_text(json.dumps({"id": "extra-1", "title": "آزمون", "text": "یک سند دیگر برای آزمون ادغام بخش‌ها"},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    proc = run_kavosh("index", more, "--index", tmp_path / "ix", "--merge")
    assert proc.returncode == 0, proc.stderr
    assert "merged" in proc.stderr and "segments into one" in proc.stderr, proc.stderr
    assert _segments(tmp_path / "ix") == 1
    bad = run_kavosh("index", corpus, "--index", tmp_path / "sharded", "--shards", "2", "--merge")
    assert bad.returncode == 2 and "--merge is for an unsharded index" in bad.stderr
