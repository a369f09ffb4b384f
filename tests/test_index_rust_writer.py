"""The Rust writer (``kavosh._core.IndexWriter``, ``rust/kavosh-index``) against its specification,
tantivy-py's writer fed by :func:`kavosh.index.writer.build`: the same corpus indexed both ways gives
the same top-10 (ids, order, scores) for dev queries, the same phrase matches, groups and stored
documents; an index written in Rust is read by tantivy-py; errors name the document and field."""

from __future__ import annotations

import gzip
import itertools
import json
import os
import sqlite3
from pathlib import Path

import pytest
from _index_helpers import stored_fields
import tantivy

import kavosh
from kavosh.analysis import Analyzer
from kavosh.analysis.analyzer import piece_terms
from kavosh.cli import sample_corpus_path
from kavosh.index import schema as S
from kavosh.index.fields import FieldConfig, Kind
from kavosh.index.store import IndexLockedError, open_index
from kavosh.index.writer import TITLE_GAP, Writer, prepare
from kavosh.ingest.document import Document

core = pytest.importorskip("kavosh._core")
if os.environ.get("KAVOSH_PURE_PYTHON") or Analyzer()._core is None or not hasattr(core, "IndexWriter"):
    pytest.skip("the compiled core is not built or KAVOSH_PURE_PYTHON is set", allow_module_level=True)

QUERIES = 200
"""Dev queries of parsinlu_rc compared (its 1,267 passages are indexed; ~1 s of searching)."""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, shared_data: Path) -> Path:
    """The bundled sample (first 300 paragraphs) and parsinlu_rc's passages, as one JSON Lines file."""
    out = tmp_path_factory.mktemp("rust-writer") / "corpus.jsonl"
    with gzip.open(sample_corpus_path(), "rt", encoding="utf-8") as f:
        recs = [json.loads(line) for line in itertools.islice(f, 300)]
    with open(shared_data / "parsinlu_rc" / "corpus.jsonl", encoding="utf-8") as f:
        recs += [json.loads(line) for line in f]
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def indexes(corpus: Path, run_kavosh, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The corpus indexed by ``kavosh index --jobs 2`` with the Rust writer and with the Python path."""
    root = tmp_path_factory.mktemp("rust-writer-ix")
    out = {}
    for name, env in (("rust", {}), ("python", {"KAVOSH_PURE_PYTHON": "1"})):
        out[name] = root / name
        proc = run_kavosh("index", corpus, "--index", out[name], "--jobs", "2", "--quiet", env=env, timeout=600)
        assert proc.returncode == 0, proc.stderr
    return out


def _top10(index: Path, queries: list[str]) -> list[list[tuple[str, float]]]:
    with kavosh.Index(index, create=False) as ix:
        return [[(h.id, h.score) for h in ix.search(q, limit=10, snippets=False, collapse=False).hits]
                for q in queries]


def test_dev_queries_give_the_same_top_10_from_both_writers(indexes: dict[str, Path], shared_data: Path):
    with open(shared_data / "parsinlu_rc" / "queries.jsonl", encoding="utf-8") as f:
        queries = [json.loads(line)["text"] for line in itertools.islice(f, QUERIES)]
    rust, python = _top10(indexes["rust"], queries), _top10(indexes["python"], queries)
    assert sum(map(len, rust)) > 9 * QUERIES  # nearly every query finds ten passages
    for q, r, p in zip(queries, rust, python, strict=True):
        assert [i for i, _ in r] == [i for i, _ in p], q
        assert all(abs(a - b) <= 1e-4 for (_, a), (_, b) in zip(r, p, strict=True)), q


def test_both_writers_store_the_same_documents_and_groups(indexes: dict[str, Path], corpus: Path):
    rust, python = stored_fields(indexes["rust"]), stored_fields(indexes["python"])
    assert len(rust) == sum(1 for _ in corpus.open(encoding="utf-8"))
    assert rust == python
    groups = {}
    for name, index in indexes.items():
        with sqlite3.connect(index / "kavosh-groups.sqlite") as db:
            groups[name] = db.execute("SELECT seq, doc_id, grp, sig, bands FROM docs ORDER BY seq").fetchall()
    assert groups["rust"] == groups["python"] and len(groups["rust"]) > 1000


def _phrases(corpus: Path, analyzer: Analyzer) -> tuple[list[list[str]], list[tuple[str, list[str]]]]:
    """Phrase queries of 2 and 3 consecutive terms of passages' texts (their analysed terms, a
    stopword's marked term included: each is a phrase of the index), and of a title's last term and
    its text's first, which the title gap keeps apart (with the passage's id)."""
    inside, across = [], []
    for line in itertools.islice(corpus.open(encoding="utf-8"), 0, 1500, 7):
        r = json.loads(line)
        terms, title = ([piece_terms(p)[0] for p in analyzer.index_text(r.get(k, "")).split()]
                        for k in ("text", "title"))
        if len(terms) > 12:
            inside += [terms[3:5], terms[8:11]]
        if title and terms and (title[-1], terms[0]) not in set(itertools.pairwise(terms)):
            across.append((r["_id"], [title[-1], terms[0]]))
    return inside, across


def test_phrases_match_the_same_documents(indexes: dict[str, Path], corpus: Path):
    inside, across = _phrases(corpus, Analyzer())
    assert len(inside) > 300 and len(across) > 20
    found = {}
    for name, index in indexes.items():
        ix = open_index(index)
        searcher = ix.index.searcher()

        def count(terms: list[str], doc_id: str | None = None) -> int:
            q = tantivy.Query.phrase_query(ix.schema, S.BODY_TERMS, terms)  # noqa: B023 - used at once
            if doc_id is not None:
                q = tantivy.Query.boolean_query([(tantivy.Occur.Must, q), (tantivy.Occur.Must, tantivy.Query.term_query(
                    ix.schema, S.ID, doc_id))])  # noqa: B023
            return searcher.search(q, limit=1, count=True).count  # noqa: B023

        found[name] = [count(t) for t in inside] + [count(t, i) for i, t in across]
    assert found["rust"] == found["python"]
    assert all(found["rust"][:len(inside)])  # each phrase is in its passage at least
    assert not any(found["rust"][len(inside):])  # no phrase across the title gap in its passage


def test_an_index_written_in_rust_is_read_by_tantivy_py(tmp_path: Path):
    fields = FieldConfig({"topic": Kind.KEYWORD, "year": Kind.NUMBER, "summary": Kind.TEXT})
    opened = open_index(tmp_path / "ix", create=True, fields=fields)
    w = Writer(opened, Analyzer())
    assert w.core_docs
    doc = Document(id="d1", title="کتاب تازه", text="این کتاب درباره تاریخ ایران است",
                   fields={"topic": "تاریخ", "year": 1402, "summary": "خلاصه‌ای کوتاه"})
    w.add(doc)  # analysed in Python, written in Rust (add_terms)
    w.commit()
    w.close()
    ix = tantivy.Index.open(str(tmp_path / "ix"))  # a fresh tantivy-py index over the files, nothing shared
    ix.register_tokenizer(S.TERMS_TOKENIZER, S.terms_analyzer())
    searcher = ix.searcher()
    assert searcher.num_docs == 1
    for field, value in ((S.ID, "d1"), ("f_topic", "تاریخ")):
        assert searcher.doc_freq(field, value) == 1
    term = Analyzer().index_text("ایران")
    assert searcher.search(ix.parse_query(term, [S.BODY_TERMS]), 1).count == 1
    assert searcher.search(ix.parse_query("خلاصه", ["f_summary"]), 1).count == 1
    assert searcher.search(tantivy.Query.range_query(ix.schema, "f_year", tantivy.FieldType.Float, 1400.0, 1405.0),
                           1).count == 1
    stored = searcher.doc(searcher.search(tantivy.Query.all_query(), 1).hits[0][1])
    assert json.loads(bytes(stored[S.STORED][0]))["title"] == "کتاب تازه"
    assert bytes(stored[S.STORED_TEXT][0]).decode("utf-8") == doc.text


def _core_doc(title: str, text: str):
    from kavosh.index.pipeline import _data_dir  # noqa: PLC0415

    (r,) = core.prepare_core_batch(_data_dir(), True, TITLE_GAP, [(title, text)])
    return r[0]


def test_core_terms_are_the_split_of_the_python_strings():
    analyzer = Analyzer()
    title, text = "عنوان خبر", "او مي شود، كتاب ها را 12 بار خواند و نمی‌خواهد خانه‌ای بزرگ تر بخرد"
    title_terms, body_terms = _core_doc(title, text).terms()
    p = prepare(Document(id="x", title=title, text=text), analyzer)
    # a piece's stacked terms (نمی‌خواهد: خواست and ␕خواست, analyzer.NEG_MARK) each at the piece's position,
    want = [(t, i) for i, piece in enumerate(p.body_terms.split()) if piece != "\u2400" for t in piece_terms(piece)]
    at = dict(want)  # and its surface reading (␖نمیخواهد, analyzer.SURFACE_MARK) there too
    assert body_terms == want and at["\u2415خواست"] == at["خواست"] == at["\u2416نمیخواهد"]
    assert at["کتاب"] == at["\u2416کتابها"]
    assert title_terms == [(t, i) for i, t in enumerate(p.title_terms.split())]
    assert body_terms[len(title_terms)][1] == len(title_terms) + 50  # the title gap


def test_errors_name_the_document_and_field(tmp_path: Path):
    opened = open_index(tmp_path / "ix", create=True, fields=FieldConfig({"year": Kind.NUMBER}))
    w = Writer(opened, Analyzer())
    try:
        with pytest.raises(IndexLockedError, match="another writer of this process holds the index"):
            Writer(open_index(tmp_path / "ix"), Analyzer())
        doc = _core_doc("عنوان", "متن")
        key = (0, 0, 0, 0)
        with pytest.raises(ValueError, match=r"document \"d7\": field \"f_year\" takes float values, got 'x'"):
            w._w.add("d7", key, doc, b"{}", None, ("", ""), (("f_year", "number", ["x"]),), (1, False))
        w._w.add("d8", key, doc, b"{}", None, ("", ""), (), w.grouper)  # the group from the CoreDoc's fingerprint
        with pytest.raises(ValueError, match="document \"d8\": its analysed terms were already added"):
            w._w.add("d8", key, doc, b"{}", None, ("", ""), (), (1, False))
        with pytest.raises(ValueError, match="document \"d9\": a Grouper assigns the group of a CoreDoc only"):
            w._w.add("d9", key, ("t", "t", b"t"), b"{}", None, ("", ""), (), w.grouper)
        with pytest.raises(ValueError, match="no field \"nope\""):
            w._w.delete_documents_by_term("nope", "d8")
    finally:
        w.close()


def _segments_after(path: Path, max_docs_before_merge: int) -> list[int]:
    """The documents of each segment of an index written in 9 commits of 3 documents by a Rust writer
    with ``max_docs_before_merge``, after its merges have finished."""
    open_index(path, create=True)
    w = core.IndexWriter(str(path), 50_000_000, 1, max_docs_before_merge)
    for c in range(9):
        for i in range(3):
            doc_id = f"d{c}-{i}"
            w.add(doc_id, (0, 0, 0, 0), ("عنوان", "عنوان متن", "متن".encode()), b"{}", None, ("", ""), (), (1, False))
        w.commit()
    w.wait_merging_threads()
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    return sorted(s["max_doc"] - (s["deletes"] or {}).get("num_deleted_docs", 0) for s in meta["segments"])


def test_the_merge_policy_leaves_segments_above_its_size_unmerged(tmp_path: Path):
    """tantivy's LogMergePolicy merges 8 segments of a similar size; with ``max_docs_before_merge`` below a
    segment's size (kavosh.index.budget.merge_max_docs in a real index), none is merged."""
    assert _segments_after(tmp_path / "capped", 2) == [3] * 9
    merged = _segments_after(tmp_path / "default", 0)  # tantivy's default policy (10 million)
    assert sum(merged) == 27 and len(merged) < 9, merged


def test_a_band_table_that_fails_its_commit_leaves_the_index_uncommitted(tmp_path):
    """With the Rust writer, the band table's rows are committed while tantivy writes the segments
    (IndexWriter.commit_after), tantivy's commit made only after the band table's succeeded: when the band
    table's fails (an id assigned twice without forget, the first on disk: SQLite's UNIQUE error at the
    commit), the error is raised and the index's last commit is the one before."""
    from kavosh.index import dedup

    text = " ".join(f"واژه{i} متن" for i in range(80))
    with kavosh.Index(tmp_path / "ix") as ix:
        ix.add([{"id": "x", "title": "عنوان", "text": text}])
        ix.commit()
        meta = (tmp_path / "ix" / "meta.json").read_bytes()
        w = ix.writer
        assert w.core_docs and hasattr(w._w, "commit_after")
        ix.add([{"id": "y", "title": "عنوان دیگر", "text": "متن دیگر " + text}])
        w.grouper.assign("x", dedup.fingerprint(ix.analyzer.terms(text)))  # no forget: the first "x" is on disk
        with pytest.raises(OSError, match="UNIQUE"):
            w.commit()
        assert (tmp_path / "ix" / "meta.json").read_bytes() == meta
        assert open_index(tmp_path / "ix").index.searcher().num_docs == 1
