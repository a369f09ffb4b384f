"""Helpers shared by the tests that build small indexes through the CLI or compare two indexes built
different ways."""

from __future__ import annotations

import json
from pathlib import Path

import tantivy

from kavosh.index import schema as S
from kavosh.index.store import open_index


def stored_fields(index: Path) -> dict[str, tuple]:
    """Every document of ``index`` as ``{id: sorted (field, values) pairs}``, the stored JSON as bytes:
    equal for two indexes that hold the same documents, whichever writer built them."""
    searcher = open_index(index).index.searcher()
    out = {}
    for _s, addr in searcher.search(tantivy.Query.all_query(), limit=searcher.num_docs).hits:
        d = searcher.doc(addr).to_dict()
        out[d[S.ID][0]] = tuple(sorted((k, tuple(map(bytes, v)) if k.startswith("stored") else tuple(v))
                                       for k, v in d.items()))
    return out


def cli_index(run_kavosh, folder: Path, docs) -> Path:
    """``kavosh index`` (through ``run_kavosh``, the conftest fixture running the CLI) of ``docs``
    (``(id, title, text)`` triples) written as JSON Lines in ``folder``; the index's path
    (``folder / "ix"``).  Fails the test with the CLI's stderr when indexing fails."""
    (folder / "docs.jsonl").write_text("".join(json.dumps({"id": i, "title": t, "text": x}, ensure_ascii=False)
                                               + "\n" for i, t, x in docs), encoding="utf-8")
    proc = run_kavosh("index", folder / "docs.jsonl", "--index", folder / "ix")
    assert proc.returncode == 0, proc.stderr
    return folder / "ix"
