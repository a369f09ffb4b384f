"""The compiled core's document path (``kavosh._core.prepare_batch``, ``rust/kavosh-py/src/index.rs``)
against its Python specification: terms, fingerprints, stored text and completion words of each
document, and whole indexes built by ``kavosh index`` with and without the core."""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kavosh.analysis import Analyzer
from kavosh.cli import sample_corpus_path
from kavosh.index import dedup, pipeline
from kavosh.index.completions import TABLE_FILE, Counts
from kavosh.index.writer import TITLE_GAP, prepare
from kavosh.ingest.document import Document

core = pytest.importorskip("kavosh._core")
if os.environ.get("KAVOSH_PURE_PYTHON") or Analyzer()._core is None:
    pytest.skip("the compiled core is not built or KAVOSH_PURE_PYTHON is set", allow_module_level=True)

EDGE_TEXTS = [
    "", " ", "و از به", "خبر کوتاه درباره باران",  # empty, stopwords only, too short to group
    "او مي شود، كتاب ها را 12 بار خواند و نمی‌خواهد خانه‌ای بزرگ تر بخرد؛ کتاب هادی x_y ٣٤ ²",
    "کتاب\u200c ها و کتاب \u200cها، مي\u200cرود مى رود؛ نمي شود  بهترين ترین",
    "سلام" * 3 + " " + " ".join(["تکرار"] * 40),  # many shingles, one distinct
    "\t\n علي  و\u00a0كتاب \u2028 ",
]


@pytest.fixture(scope="module")
def sample() -> list[Document]:
    """200 paragraphs of the bundled sample plus the edge cases, as documents."""
    docs = []
    with gzip.open(sample_corpus_path(), "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i >= 200:
                break
            r = json.loads(line)
            docs.append(Document(id=str(r["_id"]), title=r.get("title", ""), text=r.get("text", "")))
    docs += [Document(id=f"edge{i}", title=t[:20], text=t) for i, t in enumerate(EDGE_TEXTS)]
    docs.append(Document(id="title-only", title=" ".join(f"واژه{i}" for i in range(30)), text=""))
    return docs


def _threads(analyzer: Analyzer) -> pipeline._Threads:
    return pipeline._Threads(2, analyzer)


def test_prepare_batch_gives_what_the_python_specification_gives(sample: list[Document]):
    analyzer = Analyzer()
    threads = _threads(analyzer)
    try:
        got = threads.prepare(sample)
    finally:
        threads.close()
    fingerprints = 0
    for doc, p in zip(sample, got, strict=True):
        want = prepare(doc, analyzer)  # Python fingerprint (numpy), Python stored JSON
        assert p.words is not None, doc.id
        assert p._replace(words=None) == want, doc.id
        fingerprints += p.fingerprint is not None
    assert 150 < fingerprints < len(sample)  # most paragraphs are long enough, the edge cases are not


def _counts_python(title: str, text: str) -> Counts:
    c = Counts()
    c.add(title, text)
    return c


def _counts_core(title: str, text: str) -> Counts:
    (r,) = core.prepare_batch(pipeline._data_dir(), True, TITLE_GAP, [(title, text)])
    c = Counts()
    c.add_words(r[4])
    c._flush()
    return c


def _as_dicts(c: Counts) -> tuple[dict, dict, dict]:
    return dict(c.words), dict(c.title_words), dict(c.titles)


@pytest.mark.parametrize("text", EDGE_TEXTS)
def test_completion_words_are_counted_as_the_python_regex_counts_them(text: str):
    assert _as_dicts(_counts_core(text[:25], text)) == _as_dicts(_counts_python(text[:25], text))


ALPHABET = st.sampled_from(list("کتابهایمیینوشدترزگ") + ["ي", "ى", "ك", " ", "\u200c", "\u064b", "\u0670",
                                                         "\u0640", "_", "1", "٣", "²", "a", "\t", "،", "\u00a0"])


@settings(max_examples=300, deadline=None)
@given(st.text(ALPHABET, max_size=40), st.text(max_size=30))
def test_completion_words_match_the_regex_on_generated_text(text: str, other: str):
    text = text + other.encode("utf-8", "replace").decode("utf-8")  # any Unicode, no lone surrogate
    assert _as_dicts(_counts_core(text, text)) == _as_dicts(_counts_python(text, text))


def test_word_tally_sums_documents_and_empties_on_take():
    tally = core.WordTally()
    for text in ("کتاب ها", "کتاب ها و کتاب"):
        (r,) = core.prepare_batch(pipeline._data_dir(), True, TITLE_GAP, [("عنوان", text)])
        tally.add(r[4])
    titles, title_words, words = tally.take()
    assert (titles, title_words, words) == ({"عنوان": 2}, {"عنوان": 2}, {"کتاب ها": 2, "و": 1, "کتاب": 1})
    assert tally.take() == ({}, {}, {})


def test_not_unicode_goes_the_python_way_and_a_non_string_is_refused_by_position():
    (r,) = core.prepare_batch(pipeline._data_dir(), True, TITLE_GAP, [("عنوان", "متن \ud800 خراب")])
    assert r is None  # the pipeline then runs the Python path, which reports the document and its line
    with pytest.raises(TypeError, match="document 1 of the batch is not"):
        core.prepare_batch(pipeline._data_dir(), True, TITLE_GAP, [("a", "b"), ("a", None)])


def test_fingerprints_are_the_specification_bit_for_bit(sample: list[Document]):
    analyzer = Analyzer()
    docs = [(d.title, d.text) for d in sample]
    for (title, text), r in zip(docs, core.prepare_batch(pipeline._data_dir(), True, TITLE_GAP, docs),
                                strict=True):
        terms = analyzer.index_text(text) or analyzer.index_text(title)
        fp = dedup.fingerprint(terms.split())
        assert (r[2] is None) == (fp is None)
        if fp is not None:
            assert r[2][0] == fp.bands and r[2][1] == fp.sig_bytes()


# ---------------------------------------------------------------- whole indexes


@pytest.fixture(scope="module")
def near_duplicate_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample's first 200 paragraphs, then 40 of them again with small edits (new ids), as JSON Lines."""
    path = tmp_path_factory.mktemp("core-diff") / "corpus.jsonl"
    with gzip.open(sample_corpus_path(), "rt", encoding="utf-8") as f:
        recs = [json.loads(line) for _, line in zip(range(200), f, strict=False)]
    for i, r in enumerate(recs[:200:5]):
        words = r["text"].split()
        words[len(words) // 2:len(words) // 2 + 1] = ["ویرایش"]
        recs.append({**r, "_id": f"{r['_id']}-copy{i}", "text": " ".join(words) + " (بازنشر)"})
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    return path


def _index_contents(index: Path) -> dict:
    """Stored documents (by id), near-duplicate groups and completion counts of an index."""
    import kavosh  # noqa: PLC0415

    with sqlite3.connect(index / "kavosh-groups.sqlite") as db:
        groups = db.execute("SELECT doc_id, grp, sig, bands FROM docs ORDER BY doc_id").fetchall()
    with gzip.open(index / TABLE_FILE, "rt", encoding="utf-8") as f:
        table = json.load(f)
    ix = kavosh.Index(index)
    try:
        searcher = ix.opened.index.searcher()
        import tantivy  # noqa: PLC0415

        stored = {}
        for _s, addr in searcher.search(tantivy.Query.all_query(), limit=searcher.num_docs).hits:
            d = searcher.doc(addr)
            stored[d["id"][0]] = (d["stored"][0], d["stored_text"][0])
    finally:
        ix.close()
    return {"stored": stored, "groups": groups, "counts": table["counts"], "words": table["words"]}


def test_an_index_built_through_the_core_is_the_one_the_python_specification_builds(
        run_kavosh, near_duplicate_corpus: Path, tmp_path: Path):
    indexes = {"core": tmp_path / "core", "python": tmp_path / "python"}
    for name, index in indexes.items():
        env = {"KAVOSH_PURE_PYTHON": "1"} if name == "python" else {}
        proc = run_kavosh("index", near_duplicate_corpus, "--index", index, "--jobs", "2", env=env, timeout=300)
        assert proc.returncode == 0, proc.stderr
    core_ix, python_ix = (_index_contents(indexes[n]) for n in ("core", "python"))
    assert len(core_ix["stored"]) == 240
    assert core_ix["stored"] == python_ix["stored"]
    assert core_ix["groups"] == python_ix["groups"]
    grouped = Counter(g for _id, g, _s, _b in core_ix["groups"])
    assert sum(n for n in grouped.values() if n > 1) >= 70  # the 40 edited copies joined their originals
    assert core_ix["counts"] == python_ix["counts"] and core_ix["words"] == python_ix["words"]
    answered = 0
    for query in ("ایران", "زبان فارسی", "\"جنگ جهانی\"", "title:المپیک", "شهر بزرگ", "المپیک تابستانی"):
        hits = {}
        for name, index in indexes.items():
            proc = run_kavosh("search", "--index", index, "--json", "--limit", "10", "--", query)
            assert proc.returncode == 0, proc.stderr
            hits[name] = [(h["id"], round(h["score"], 4)) for h in json.loads(proc.stdout)["hits"]]
        assert hits["core"] == hits["python"], query
        answered += bool(hits["core"])
    assert answered >= 4
