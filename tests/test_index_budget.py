"""``kavosh index`` on large inputs: the memory budget (``--memory``) and progress lines in logs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kavosh.index.budget import MIN_MEMORY_MB, TANTIVY_MAX_HEAP_PER_THREAD, capped_heap, filter_mb, memory_split

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "kavosh" / "data" / "sample" / "pquad_paragraphs.jsonl.gz"


def test_the_budget_is_shared_out_and_bounded():
    heap, cache = memory_split(512)
    assert (heap, cache) == (384 * 1024 * 1024, 64)
    assert memory_split(MIN_MEMORY_MB) == (48 * 1024 * 1024, 8)
    with pytest.raises(ValueError, match="--memory must be at least 64 MB, not 10"):
        memory_split(10)
    assert (filter_mb(512), filter_mb(MIN_MEMORY_MB)) == (32, 4)  # the band filter's largest size
    # tantivy takes at most 4 GB - 1 MB of heap per writer thread: a larger budget is used up to that
    heap, _ = memory_split(20_000)
    assert heap == 15_000 * 1024 * 1024 and capped_heap(heap, 0) == capped_heap(heap, 1) == TANTIVY_MAX_HEAP_PER_THREAD
    assert capped_heap(heap, 2) == 2 * TANTIVY_MAX_HEAP_PER_THREAD and capped_heap(heap, 4) == heap
    assert capped_heap(384 * 1024 * 1024, 0) == 384 * 1024 * 1024


def test_a_log_gets_a_progress_line_per_commit_and_the_budget_is_checked(run_kavosh, tmp_path: Path):
    proc = run_kavosh("index", SAMPLE, "--index", tmp_path / "ix", "--commit-mb", "0.3", "--memory", "64")
    assert proc.returncode == 0, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.startswith("committed ")]
    assert len(lines) >= 3, proc.stderr
    pattern = re.compile(r"committed ([\d,]+) documents; read [\d,]+ of [\d,]+ MB \(\d+%\), [\d.]+ MB/s, "
                         r"[\d,]+ documents/s, about \d+:\d\d left")
    counts = [int(pattern.fullmatch(line).group(1).replace(",", "")) for line in lines]
    assert counts == sorted(counts) and counts[-1] < 1103
    assert "indexed 1,103 documents" in proc.stderr
    quiet = run_kavosh("index", SAMPLE, "--index", tmp_path / "ix2", "--commit-mb", "0.3", "-q")
    assert quiet.returncode == 0 and quiet.stderr == ""
    low = run_kavosh("index", SAMPLE, "--index", tmp_path / "ix3", "--memory", "10")
    assert low.returncode == 2 and "--memory must be at least 64 (MB), not 10" in low.stderr
    assert not (tmp_path / "ix3").exists()
    # a budget over tantivy's 4 GB a thread had ended in a traceback, leaving an empty index (new user F20)
    high = run_kavosh("index", SAMPLE, "--index", tmp_path / "ix4", "--memory", "20000", "-q")
    assert high.returncode == 0 and high.stderr == "", high.stderr
