#!/usr/bin/env python3
"""Dump the pages of a query set, and compare two dumps: a change meant for speed must not move a page.

Run with the environment (and ``PYTHONPATH``) of the code to dump, e.g. main's before and a branch's after::

    python benchmarks/page_dump.py dump INDEX QUERIES OUT.json
    python benchmarks/page_dump.py compare BEFORE.json AFTER.json

``QUERIES``: a JSON list of strings, or ``scale`` for :func:`scale.fixed_queries` (the 200 queries of
``benchmarks/scale.py``).  Each query is searched as four pages (``Index.search`` without snippets): the
first page of 10 collapsed, the second (offset 10), the first uncollapsed, and 3 results at offset 2;
each page is dumped as its hits ``(id, repr(score), group, similar)`` and its ``total``, ``matched``,
``total_exact`` and ``total_lower_bound`` (a query Kavosh refuses: its error's ``repr``).  The index is
only read.

``compare`` prints how many pages differ in their hits (ids, order, scores to the last bit, groups,
similar counts: none may) and in their totals, and lists the pages whose totals moved in a way that is
not allowed: a total may only change to a lower bound (``total_lower_bound``) no larger than before, with
``matched`` no larger than before, where the total before was itself a lower bound or over 20,000
(``kavosh.search.topk.STOP_COUNT``'s stop).  Exit status 1 when a page differs or a total moved otherwise.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

KINDS = ({}, {"offset": 10}, {"collapse": False}, {"limit": 3, "offset": 2})
"""The page kinds dumped for each query (``Index.search`` keyword arguments)."""


def dump(index: Path, queries: str, out: Path) -> int:
    """Writes the pages of ``queries`` on ``index`` to ``out`` (see the module text); returns the pages."""
    import kavosh

    if queries == "scale":
        import scale

        qs = scale.fixed_queries()
    else:
        qs = json.loads(Path(queries).read_text(encoding="utf-8"))
    ix = kavosh.Index(index, create=False)
    rows = []
    for q in qs:
        for kw in KINDS:
            try:
                r = ix.search(q, snippets=False, **kw)
            except Exception as e:  # noqa: BLE001 - a refused query is dumped as its error
                rows.append([q, kw, repr(e)])
                continue
            page = {k: getattr(r, k, None) for k in ("total", "matched", "total_exact", "total_lower_bound")}
            page["hits"] = [[h.id, repr(h.score), h.group, h.similar] for h in r.hits]
            rows.append([q, kw, page])
    out.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return len(rows)


def compare(before: Path, after: Path) -> int:
    """Prints the comparison of two dumps (see the module text); returns the exit status."""
    a = json.loads(before.read_text(encoding="utf-8"))
    b = json.loads(after.read_text(encoding="utf-8"))
    if [r[:2] for r in a] != [r[:2] for r in b]:
        print("the dumps are not of the same queries and pages")
        return 1
    hits = totals = bound_before = bound_after = 0
    bad = []
    for (q, kw, x), (_, _, y) in zip(a, b, strict=True):
        if isinstance(x, str) or isinstance(y, str):
            if x != y:
                bad.append((q, kw, "error", x, y))
            continue
        if x["hits"] != y["hits"]:
            hits += 1
            bad.append((q, kw, "hits"))
            continue
        bound_before += bool(x["total_lower_bound"])
        bound_after += bool(y["total_lower_bound"])
        keys = ("total", "matched", "total_exact", "total_lower_bound")
        if [x[k] for k in keys] != [y[k] for k in keys]:
            totals += 1
            allowed = (y["total_lower_bound"] and y["total"] <= x["total"] and y["matched"] <= x["matched"]
                       and (x["total_lower_bound"] or x["total"] > 20_000))
            if not allowed:
                bad.append((q, kw, "total", {k: x[k] for k in keys}, {k: y[k] for k in keys}))
    print(f"{len(a)} pages: hits differ {hits}, totals differ {totals} (lower bounds before {bound_before}, "
          f"after {bound_after}), not allowed {len(bad)}")
    for row in bad[:10]:
        print(row)
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) == 4 and args[0] == "dump":
        print(dump(Path(args[1]), args[2], Path(args[3])), "pages")
        return 0
    if len(args) == 3 and args[0] == "compare":
        return compare(Path(args[1]), Path(args[2]))
    print(__doc__.split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
