"""Probe of issue #14's acceptance line on peer suites: their analysis tests read as search expectations.

Reads ``benchmarks/variants/peer_suites.tsv`` (rows ``input, expected, expect, kind, source, known``;
the file's header names the sources, their licences and the reading rules).  A row *meets* when both
sides give the same content terms (:meth:`Analyzer.index_terms` without the stopword terms, in order, the
first reading of a position that holds two);
``expect`` says whether it must meet or stay apart.  Both analyzers are run (the Python specification
and the compiled core); a row passes when it holds in both.

Prints pass counts per source and per kind, then the failing rows (``-v``: every row; ``--known``: the
rows marked known too).  Usage: ``python benchmarks/peer_suites.py [-v] [--known]``.
Figures in ``docs/benchmarks.md`` ("Peer suites probe").
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from kavosh.analysis.analyzer import Analyzer, PythonAnalyzer, is_stop_term, piece_terms

TSV = Path(__file__).resolve().parent / "variants" / "peer_suites.tsv"
KINDS = ("normalizer", "stemmer", "verbs", "colloquial", "tokenizer", "arabic")
EXPECTS = ("meet", "apart")


def read_rows(path: Path = TSV) -> list[dict[str, str]]:
    """The TSV's rows as dicts; a malformed row raises ``ValueError`` naming its line."""
    rows: list[dict[str, str]] = []
    names: list[str] | None = None
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        cells = line.split("\t")
        if names is None:
            names = cells
            continue
        if len(cells) != len(names):
            raise ValueError(f"{path}:{n}: {len(cells)} fields, expected {len(names)} ({', '.join(names)})")
        row = dict(zip(names, cells))
        if row["expect"] not in EXPECTS or row["kind"] not in KINDS:
            raise ValueError(f"{path}:{n}: expect must be one of {EXPECTS}, kind one of {KINDS}: {row}")
        row["line"] = str(n)
        rows.append(row)
    return rows


def content(a, text: str) -> tuple[str, ...]:
    """``text``'s index terms that are not stopword terms, in order; of a position holding two
    readings (:func:`piece_terms`) the first, the one a query's word meets."""
    firsts = (piece_terms(t)[0] for t in a.index_terms(text))
    return tuple(t for t in firsts if not is_stop_term(t))


def holds(a, row: dict[str, str]) -> bool:
    """Whether ``row``'s expectation holds for analyzer ``a``."""
    same = content(a, row["input"]) == content(a, row["expected"])
    return same if row["expect"] == "meet" else not same


def source_name(row: dict[str, str]) -> str:
    """The repository part of a row's source (``owner/name``)."""
    return row["source"].split()[0]


def run() -> None:
    """Print the counts (all rows, and the rows not marked known), then the failures."""
    py, rs = PythonAnalyzer(), Analyzer()
    if rs._core is None:
        sys.exit("the compiled core is not built (or KAVOSH_PURE_PYTHON is set): both analyzers are probed")
    rows = read_rows()
    verbose, show_known = "-v" in sys.argv, "--known" in sys.argv
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    failures = []
    for row in rows:
        ok = [holds(a, row) for a in (py, rs)]
        passed = all(ok)
        for group in ("all", "source " + source_name(row), "kind " + row["kind"]):
            per[group][0] += passed
            per[group][1] += 1
        if not passed or verbose:
            failures.append((row, ok))
    print(f"{'group':42} pass/rows")
    for group in sorted(per, key=lambda g: (g != "all", g)):
        p, n = per[group]
        print(f"{group:42} {p}/{n}")
    known = [r for r in rows if r["known"]]
    passing_known = [r["line"] for r in known if all(holds(a, r) for a in (py, rs))]
    print(f"rows marked known: {len(known)}; must pass: {len(rows) - len(known)}")
    if passing_known:
        print("rows marked known that now pass (clear their mark):", ", ".join(passing_known))
    for row, ok in failures:
        if row["known"] and not show_known and not verbose:
            continue
        print("OK  " if all(ok) else "FAIL", ok, row["line"], row["kind"], row["expect"], row["input"],
              content(py, row["input"]), "|", row["expected"], content(py, row["expected"]),
              ("known: " + row["known"]) if row["known"] else "")


if __name__ == "__main__":
    run()
