"""A long text's token checkpoints (:mod:`kavosh.index.checkpoints`): the compiled core writes the
specification's table, its points are the analyzer's tokens' starts, a table that cannot be written
or read is ``None``, and the stored JSON keeps it out of what users read."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

from kavosh.analysis import Analyzer
from kavosh.analysis.normalize import compiled_extension
from kavosh.engine import Index
from kavosh.index import checkpoints as C
from kavosh.index import writer as W

pytestmark = pytest.mark.skipif(compiled_extension() is None, reason="the compiled core is not built")

A = Analyzer()
_WORDS = ["کتاب", "کتاب‌ها", "شبکه", "زلزله", "مي شود", "خانه", "در", "و", "abc", "تهران", "ﷺ", "ي", "۱۲", "\u200c",
          "كتاب\u0651", "\n", "، ", " ", "بم"]


@settings(max_examples=150, deadline=None)
@given(pieces=st.lists(st.sampled_from(_WORDS), max_size=300), base=st.integers(0, 400))
def test_the_core_writes_the_specification_s_table(pieces, base):
    text = " ".join(pieces)
    raw = C.table(text, A, base)
    assert raw == C.table_spec(text, A, base)
    t = C.decode(raw)
    starts = [tok.start for tok in A.analyze(text)]
    assert (t.every, t.base, t.n_tokens, t.n_chars, t.n_bytes) == (C.EVERY, base, len(starts), len(text),
                                                                  len(text.encode()))
    assert t.points == [(c, len(text[:c].encode())) for c in starts[::C.EVERY]]


def test_a_table_that_does_not_fit_is_none():
    assert C.decode(b"") is None and C.decode(b"\x02" + bytes(23)) is None
    raw = C.table("کتاب " * 100, A, 0)
    assert C.decode(raw[:-1]) is None
    gap = "کتاب " * 32 + " " * 70_000 + "خانه"  # checkpoints 0 and 32 are 70,000 characters apart
    assert C.table_spec(gap, A, 0) is None and C.table(gap, A, 0) is None
    assert C.decode(C.table(gap[:-len("خانه")], A, 0)).n_tokens == 32  # (one checkpoint: it fits)


def test_both_analysis_paths_store_the_same_table_and_users_never_see_it(tmp_path):
    """``writer.prepare`` (analysed in Python, the title's terms in hand) and the analysis threads of the
    Rust writer (the title's terms in Rust) store the same table, based after the title and its gap;
    a short text has none; ``Index.get`` and search results do not show it."""
    from kavosh.index.pipeline import _Threads
    from kavosh.ingest.document import Document

    text = "کتاب خوب " * 1_500 + "زلزله"
    doc = Document(id="long", title="عنوان خبر تازه", text=text)
    python_side = W.prepare(doc, A)
    threads = _Threads(1, A, core_docs=True)
    (core_side,) = threads.prepare([doc])
    threads.close()
    tables = [json.loads(p.stored)[C.KEY] for p in (python_side, core_side)]
    assert tables[0] == tables[1]
    import base64

    t = C.decode(base64.b64decode(tables[0]))
    assert t.base == len(python_side.title_terms.split()) + W.TITLE_GAP_POSITIONS == 3 + 50
    assert t.n_tokens == len(A.analyze(text)) == 3_001
    assert C.KEY not in json.loads(W.prepare(Document(id="s", title="t", text="کتاب خوب"), A).stored)
    with Index(tmp_path / "ix") as ix:
        ix.add(doc)
        ix.commit()
        got = ix.get("long")
        assert got.text == text and C.KEY not in (got.fields or {})
        assert C.KEY not in (ix.search("زلزله").hits[0].fields or {})
