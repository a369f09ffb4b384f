"""Parallel analysis for indexing (``kavosh.index.pipeline`` and ``kavosh index --jobs N``).

Interrupting and killing a parallel run are covered by the Ctrl-C and kill -9 tests of
``test_ingest.py``: their 58 MB input is analysed by worker processes (``--jobs`` defaults to
one per CPU).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from kavosh.analysis import Analyzer
from kavosh.cli import sample_corpus_path
from kavosh.index import pipeline
from kavosh.index.writer import Prepared, prepare
from kavosh.ingest.document import Document, IngestError
from kavosh.ingest.files import read_paths

QUERIES = ("المپیک تابستانی", "زبان فارسی", "شبکه‌های اجتماعی", "\"جنگ جهانی\"", "title:ایران")
LONE_SURROGATE = '{"id": "bad", "text": "متن \\ud800 خراب"}'
"""A JSON line whose text decodes to a lone surrogate: valid JSON, not valid Unicode."""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample (1,103 Persian Wikipedia paragraphs) with a date on every fifth, as JSON Lines."""
    path = tmp_path_factory.mktemp("pipeline") / "sample.jsonl"
    with gzip.open(sample_corpus_path(), "rt", encoding="utf-8") as src, open(path, "w", encoding="utf-8") as out:
        for i, line in enumerate(src):
            rec = json.loads(line)
            if i % 5 == 0:
                rec["date"] = f"1403/0{1 + i % 9}/1{i % 10}"
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


def _docs(path: Path) -> list[Document | IngestError]:
    return list(read_paths([str(path)]))


def test_workers_give_what_in_process_analysis_gives_in_input_order(corpus: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch):
    # Small batches, so the 1,103 documents (and the bad lines placed among them) cross many batches
    # and both workers, round-robin.
    monkeypatch.setattr(pipeline, "BATCH_DOCS", 7)
    lines = corpus.read_text(encoding="utf-8").splitlines()
    lines.insert(10, "{not json")
    lines.insert(500, LONE_SURROGATE)
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _docs(mixed)
    analyzer = Analyzer()

    parallel = list(pipeline.analysed(iter(items), analyzer, jobs=2))
    serial = list(pipeline.analysed(iter(items), analyzer, jobs=1))

    assert len(parallel) == len(items) == 1105
    assert parallel == serial
    errors = [(e.path, e.line) for e, p in parallel if p is None]
    assert errors == [(str(mixed), 11), (str(mixed), 501)]
    good = [(d, p) for d, p in parallel if p is not None]
    assert [d.id for d, _ in good] == [d.id for d in items if isinstance(d, Document) and d.id != "bad"]
    for d, p in good[::97]:
        assert isinstance(p, Prepared)
        assert p._replace(words=None) == prepare(d, analyzer)  # words: the core's count for the completion table


def test_jobs_below_one_is_refused_and_small_inputs_stay_in_process():
    with pytest.raises(ValueError, match="--jobs must be at least 1, not 0"):
        pipeline.choose_jobs(0, 10**9)
    assert pipeline.choose_jobs(3, 10) == 3
    assert pipeline.choose_jobs(None, pipeline.AUTO_MIN_INPUT_BYTES - 1) == 1
    assert pipeline.choose_jobs(None, pipeline.AUTO_MIN_INPUT_BYTES) == pipeline.available_cpus()


def _search(run_kavosh, index: Path, query: str) -> list[tuple]:
    """Every hit as ``(score, id, title, date)``, ties in id order (tantivy's indexing threads may
    place documents in segments in any order, which orders equal scores differently)."""
    proc = run_kavosh("search", "--index", index, "--json", "--limit", "1000", "--", query)
    assert proc.returncode == 0, proc.stderr
    res = json.loads(proc.stdout)
    assert res["total"] == len(res["hits"])
    return sorted((-round(h["score"], 5), h["id"], h["title"], h["date"]) for h in res["hits"])


def test_kavosh_index_jobs_2_builds_the_same_index_as_jobs_1(run_kavosh, corpus: Path, tmp_path: Path):
    indexes = {}
    for jobs in ("1", "2"):
        indexes[jobs] = tmp_path / f"jobs{jobs}"
        proc = run_kavosh("index", corpus, "--index", indexes[jobs], "--jobs", jobs)
        assert proc.returncode == 0, proc.stderr
        assert "indexed 1,103 documents" in proc.stderr
    info = {j: json.loads(run_kavosh("info", "--index", p).stdout) for j, p in indexes.items()}
    assert info["1"]["documents"] == info["2"]["documents"] == 1103
    for query in QUERIES:
        one, two = _search(run_kavosh, indexes["1"], query), _search(run_kavosh, indexes["2"], query)
        assert len(one) > 0, query
        assert one == two, query
    dated = _search(run_kavosh, indexes["2"], "المپیک")
    assert sum(1 for *_, date in dated if date.startswith("2024-")) >= 3  # 1403/0M/1D, stored in ISO


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_document_that_cannot_be_indexed_is_reported_with_its_line_and_the_rest_indexed(
        run_kavosh, corpus: Path, tmp_path: Path, jobs: str):
    lines = corpus.read_text(encoding="utf-8").splitlines()[:600]
    lines.insert(300, LONE_SURROGATE)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    index = tmp_path / "index"
    proc = run_kavosh("index", bad, "--index", index, "--jobs", jobs)
    assert proc.returncode == 1, proc.stderr
    assert "indexed 600 documents" in proc.stderr
    assert f"{bad}:301: document 'bad' is not valid Unicode (a lone surrogate U+D800" in proc.stderr
    assert json.loads(run_kavosh("info", "--index", index).stdout)["documents"] == 600


def test_kavosh_index_refuses_jobs_0(run_kavosh, corpus: Path, tmp_path: Path):
    proc = run_kavosh("index", corpus, "--index", tmp_path / "index", "--jobs", "0")
    assert proc.returncode == 2
    assert proc.stderr == "kavosh: error: --jobs must be at least 1, not 0\n"
    assert not (tmp_path / "index").exists()


def test_an_id_given_again_replaces_its_document_in_one_batch_and_across_commits(tmp_path: Path):
    """The writer skips the delete and the band-table lookup for an id that is neither committed
    nor added since the last commit; an id that is either still replaces its document."""
    import tantivy

    from kavosh.cli.common import open_for_writing
    from kavosh.index import schema as S

    text = " ".join(f"واژه{i} کتاب‌های فارسی" for i in range(60))
    ix, w = open_for_writing(str(tmp_path / "ix"), None)
    an = Analyzer()

    def add(doc_id: str, title: str, body: str) -> None:
        w.add_prepared(doc_id, prepare(Document(id=doc_id, title=title, text=body), an))

    add("a", "نخست", text)
    add("b", "دیگر", "متنی کوتاه")
    add("a", "دوم", text + " پایان")  # the same id in the same uncommitted batch
    w.commit()
    add("b", "سوم", "متنی دیگر")  # an id of the last commit
    add("c", "تازه", text)  # a new id after a commit
    w.commit()
    searcher = ix.opened.index.searcher()
    assert searcher.num_docs == 3
    titles = {}
    for doc_id in "abc":
        hits = searcher.search(tantivy.Query.term_query(ix.opened.schema, S.ID, doc_id), limit=5).hits
        assert len(hits) == 1, doc_id
        titles[doc_id] = json.loads(bytes(searcher.doc(hits[0][1]).get_first(S.STORED)).decode())["title"]
    assert titles == {"a": "دوم", "b": "سوم", "c": "تازه"}
    assert set(w.grouper.groups()) == {"a", "c"}  # "b" is too short to group; "a" once
    w.close()
    ix.close()
