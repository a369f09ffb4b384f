"""The peer suites' expectations (``benchmarks/variants/peer_suites.tsv``) hold, both analyzers.

Each row of the file is a pair of forms from a peer project's analysis tests (hazm, shekar, Parsivar,
Lucene's Persian and Arabic filters, charabia) read as a search expectation: the two must give the
same content terms (``meet``) or different ones (``apart``).  Rows whose ``known`` field is filled are
expectations Kavosh does not meet, by design or not yet, with the reason written there; every other
row must pass.  The probe with counts per source and kind: ``python benchmarks/peer_suites.py``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from kavosh.analysis.analyzer import Analyzer, PythonAnalyzer

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("peer_suites", ROOT / "benchmarks" / "peer_suites.py")
peer_suites = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(peer_suites)

ROWS = peer_suites.read_rows()
ANALYZERS = [pytest.param(PythonAnalyzer(), id="python"), pytest.param(Analyzer(), id="core")]


def test_the_file_reads_and_has_every_kind_and_both_expectations():
    assert len(ROWS) > 300
    assert {r["kind"] for r in ROWS} == set(peer_suites.KINDS)
    assert {r["expect"] for r in ROWS} == {"meet", "apart"}
    assert all(r["source"].split()[0].count("/") == 1 for r in ROWS)


@pytest.mark.parametrize("analyzer", ANALYZERS)
def test_every_row_not_marked_known_holds(analyzer):
    failing = [(r["line"], r["input"], r["expected"], r["expect"], peer_suites.content(analyzer, r["input"]),
                peer_suites.content(analyzer, r["expected"]))
               for r in ROWS if not r["known"] and not peer_suites.holds(analyzer, r)]
    assert failing == []


def test_a_malformed_row_names_its_line(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("# header\ninput\texpected\texpect\tkind\tsource\tknown\nکتاب\tکتاب\tmeet\tverbs\n",
                   encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.tsv:3: 4 fields"):
        peer_suites.read_rows(bad)
    bad.write_text("input\texpected\texpect\tkind\tsource\tknown\nکتاب\tکتاب\tequal\tverbs\ta/b x\t\n",
                   encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.tsv:2: expect must be one of"):
        peer_suites.read_rows(bad)
