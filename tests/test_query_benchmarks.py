"""Smoke test of the query benchmarks (benchmarks/latency.py, benchmarks/adversarial.py) on 50 documents.

No timing is asserted (speed is measured by the scripts, not by tests); the test
checks that the scripts run end to end through the real CLI and report figures
for every query.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "kavosh" / "data" / "sample" / "pquad_paragraphs.jsonl.gz"


def test_latency_benchmark_runs_on_50_documents(tmp_path: Path) -> None:
    corpus = tmp_path / "fifty.jsonl"
    with gzip.open(SAMPLE, "rt", encoding="utf-8") as fh, corpus.open("w", encoding="utf-8") as out:
        for _, line in zip(range(50), fh, strict=False):
            out.write(line)
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "latency.py"), "--corpus", str(corpus),
                           "--no-lucene", "--rounds", "1", "--queries", "12", "--json"],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout)["corpora"][str(corpus)]
    assert result["docs"] == 50
    assert result["queries"] == 12 and 0 < result["phrases"] < 12  # every other sampled query is quoted
    for mode in ("snippets", "no snippets"):
        kavosh = result["modes"][mode]["kavosh"]
        assert 0 < kavosh["p50"] <= kavosh["p90"] <= kavosh["p99"]
        assert len(result["modes"][mode]["rounds"]["kavosh"]) == 1
    # the queries are word runs of the documents themselves, so most find something
    assert result["hits_returned"]["kavosh"] >= 12


def test_adversarial_benchmark_reports_an_outcome(tmp_path: Path, build_index) -> None:
    index = build_index("adv", [{"id": "1", "title": "تهران", "text": "خبرهای تهران و ایران"}])
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "adversarial.py"), "--index", str(index),
                           "--kinds", "NUL", "only operators", "--json"],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = {r["kind"]: r for r in json.loads(proc.stdout)["rows"]}
    assert rows["NUL"]["outcome"] == "ok" and rows["NUL"]["total"] == 1
    assert rows["only operators"]["outcome"] == "refused" and rows["only operators"]["message"]
    assert rows["NUL"]["cpu_ms"] >= 0 and rows["NUL"]["peak_extra_mb"] >= 0


def test_scale_queries_times_an_existing_index(tmp_path: Path, build_index) -> None:
    index = build_index("scaleq", [{"id": "1", "title": "تهران", "text": "خبرهای تهران و ایران"},
                                   {"id": "2", "title": "شیراز", "text": "باغ های شیراز"}])
    queries = tmp_path / "q.json"
    queries.write_text(json.dumps(["تهران", "باغ شیراز", "   "], ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "scale_queries.py"), str(index),
                           "--queries", str(queries), "--passes", "2", "--rank-in-core", "always", "--json"],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    r = json.loads(proc.stdout)
    assert r["queries"] == 2 and r["passes"] == 2 and r["docs"] == 2 and r["rank_in_core"] is True and r["core_min_matches"] == 0  # the blank one refused
    assert 0 < r["thread_p50_ms"] <= r["thread_p99_ms"] and 0 < r["p50_ms"] <= r["p99_ms"]
    assert sorted(q for _, q in r["slowest"]) == ["باغ شیراز", "تهران"]
    bad = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "scale_queries.py"), str(tmp_path)],
                         capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert bad.returncode == 2 and "not an index folder" in bad.stderr
