"""False corrections: how often a correctly written dev query gets any correction the user sees.

Issue #14 kind 11 (spelling precision): a correctly written query — and the dev queries of the BEIR
collections are written by their authors, not retyped — must be searched as typed and get no
correction; the target is fewer than 1% of them.  For each collection this opens (or builds) the
Kavosh index of its corpus, the same ``kavosh-NAME`` folder ``benchmarks/retrieval.py --workdir``
keeps, searches every query as ``kavosh eval`` does (top 10, no snippets, not collapsed) and counts
each kind of correction a user is shown (:func:`kavosh.query.choose.notices`):

* a rewrite that ran instead of the query ("showing results for"), by kind: ``spelling``, a keyboard
  layout, ``finglish``;
* ``included`` — other spellings searched beside the words typed ("including results for", the note
  code ``spelling_included``, ``QueryPlan.included``), whether from the speller, a sound-alike or a
  slip inside a rewrite;
* ``suggestion`` — a "did you mean" offered.

A query is counted once in ``touched`` however many kinds it got.  Many dev questions are misspelt
themselves (PQuAD's ``فلیم``, ``فسلفه``, ``شهراستان``): a touched query is ``passage`` (a typo of the question
mended, by its passage) when every correction shown changes only words that no relevant passage of the
question (its qrels) writes into words one of them writes (:func:`by_passage`); the rest, ``unconfirmed``, hold
the false corrections proper.  The same word in the other script
searched beside the word typed (:mod:`kavosh.query.names`, the note code ``script_included``: ``فولاد``
also as ``foolad``) is no correction and is counted apart, in ``script`` (not in ``touched``).

Usage::

    python benchmarks/false_corrections.py [--collections hamshahri parsinlu_rc pquad_validation]
        [--workdir DIR] [--examples N] [--json OUT]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]  # benchmarks/http.py shadows http
DATA = HERE.parent.parent / "shared" / "data"


def open_index(coll: Path, workdir: Path):
    """The Kavosh index of ``coll``'s corpus in ``workdir`` (built when absent by
    ``benchmarks/retrieval.py``'s :func:`build_index`), opened for search."""
    from kavosh.engine import Index

    spec = importlib.util.spec_from_file_location("retrieval", HERE / "retrieval.py")
    retrieval = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(retrieval)
    return Index(retrieval.build_index(coll, workdir), create=False)


def shown(res) -> list[tuple[str, str]]:
    """Every correction ``res`` (:class:`kavosh.present.SearchResults`) shows its user, as
    ``(kind, text)``: the rewrite that ran (kind ``spelling``, a layout name or ``finglish``), the other
    spellings included beside the typed words (``included``: the ``spelling_included`` note), the
    did-you-mean (``suggestion``)."""
    out = []
    if res.rewritten is not None:
        out.append((res.rewrite_kind or "rewritten", res.rewritten))
    for note in res.notes:
        if getattr(note, "code", None) == "spelling_included":
            out.append(("included", note.details.get("included", str(note))))
    if res.suggestion is not None:
        out.append(("suggestion", res.suggestion))
    return out


_PUNCT = "«»؟?!،,.:;()[]{}\"'"


def _words(text: str, normalize) -> set[str]:
    """The normalized words of ``text`` (whitespace-separated, punctuation stripped, half-spaces dropped)."""
    out = set()
    for w in text.split():
        w = normalize(w.strip(_PUNCT)).replace("\u200c", "")
        if w:
            out.add(w)
    return out


def by_passage(query: str, shown: list[tuple[str, str]], passages: list[str], normalize) -> bool:
    """Whether every correction ``shown`` for ``query`` (``(kind, text)``) changes only words that none of the
    question's relevant ``passages`` writes, into words (at least one) that one of them does: a typo of the
    question mended (``فلیم`` → ``فیلم``), not a correctly written word changed (``ممل`` → ``مکمل``, where the
    passage writes ``ملل``).  A rewrite into another script or layout is never one."""
    if not passages or not shown:
        return False
    held: set[str] = set()
    for p in passages:
        held |= _words(p, normalize)
    typed = _words(query, normalize)
    for kind, text in shown:
        if kind not in ("spelling", "included", "suggestion"):
            return False
        fixed = _words(text, normalize)
        gone, new = typed - fixed, fixed - typed
        if not new or gone & held or not (new & held):
            return False
    return True


def _passages(coll: Path) -> tuple[dict[str, dict[str, int]], dict[str, str]]:
    """``(qrels, texts)``: the collection's judgements and the text (title + body) of every judged-relevant
    document (read from ``corpus.jsonl`` or ``corpus.jsonl.gz``)."""
    import gzip

    from kavosh.eval import read_qrels

    qrels = read_qrels(coll / "qrels.tsv")
    wanted = {d for docs in qrels.values() for d, rel in docs.items() if rel > 0}
    texts = {}
    path = coll / "corpus.jsonl"
    opener = open if path.exists() else gzip.open
    with opener(path if path.exists() else coll / "corpus.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            if not any(d in line for d in ('"_id"', '"id"')):
                continue
            doc = json.loads(line)
            i = doc.get("_id", doc.get("id"))
            if i in wanted:
                texts[i] = f"{doc.get('title', '')} {doc.get('text', '')}"
    return qrels, texts


def measure(coll: Path, workdir: Path) -> tuple[dict, list[tuple[str, str, str]]]:
    """``(row, examples)``: the queries of ``coll`` given any correction (``touched``) and the count of
    each kind (:func:`shown`); each example is ``(query, kind, what was shown)``."""
    from kavosh.eval import read_topics
    from kavosh.query.parse import QuerySyntaxError

    ix = open_index(coll, workdir)
    kinds: Counter[str] = Counter()
    examples = []
    touched = 0
    topics = read_topics(coll / "queries.jsonl")
    qrels, texts = _passages(coll)
    for qid, query in topics:
        try:
            res = ix.search(query, limit=10, snippets=False, collapse=False)
        except QuerySyntaxError:
            kinds["refused"] += 1
            continue
        seen = shown(res)
        for note in res.notes:  # no correction: counted apart
            if getattr(note, "code", None) == "script_included":
                kinds["script"] += 1
                examples.append((query, "script", note.details.get("included", str(note))))
        mended = by_passage(query, seen, [texts[d] for d, rel in qrels.get(qid, {}).items() if rel > 0 and d in texts],
                            ix.analyzer.normalize_term)
        kinds["passage" if mended else "unconfirmed"] += bool(seen)
        for kind, text in seen:
            kinds[kind] += 1
            examples.append((query, kind + (" (passage)" if mended else ""), text))
        touched += bool(seen)
    return {"collection": coll.name, "queries": len(topics), "touched": touched,
            "share": touched / len(topics), **kinds}, examples


def main(argv: list[str] | None = None) -> int:
    """Print a Markdown table (and write JSON with ``--json``)."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--collections", nargs="+", default=["hamshahri", "parsinlu_rc", "pquad_validation"])
    p.add_argument("--data", default=str(DATA))
    p.add_argument("--workdir", metavar="DIR", help="reuse/keep the indexes here (benchmarks/retrieval.py's layout)")
    p.add_argument("--examples", type=int, default=20, help="print up to N touched queries per collection")
    p.add_argument("--json", metavar="OUT")
    args = p.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.workdir) if args.workdir else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for name in args.collections:
            row, examples = measure(Path(args.data) / name, work)
            rows.append(row)
            for query, kind, shown in examples[: args.examples]:
                print(f"  {name}: {kind}: «{query}» → «{shown}»")
    layouts = sorted({k for r in rows for k in r} - {"collection", "queries", "touched", "share", "spelling",
                                                     "finglish", "included", "suggestion", "refused", "script",
                                                     "passage", "unconfirmed"})
    cols = ("spelling", *layouts, "finglish", "included", "suggestion", "refused", "script", "passage", "unconfirmed")
    print("| collection | queries | any correction | share | unconfirmed share | " + " | ".join(cols) + " |")
    print("|---|---:|---:|---:|---:|" + "---:|" * len(cols))
    for r in rows:
        print(f"| {r['collection']} | {r['queries']} | {r['touched']} | {100 * r['share']:.2f}% | "
              f"{100 * r.get('unconfirmed', 0) / max(1, r['queries']):.2f}% | "
              + " | ".join(str(r.get(c, 0)) for c in cols) + " |")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
