"""``kavosh search --topics F --output RUN`` (a TREC run of many queries): mistakes refused before any
query runs, one ``kavosh: error:`` line and status 2, and a run file replaced only when complete (new
user 4's findings R1–R3)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def mini(run_kavosh, tmp_path_factory) -> Path:
    """tests/data/mini (three documents about birds, a library and tea) indexed with `kavosh index`."""
    path = tmp_path_factory.mktemp("runs") / "index"
    proc = run_kavosh("index", DATA / "mini", "--index", path)
    assert proc.returncode == 0, proc.stderr
    return path


@pytest.fixture
def topics(tmp_path: Path) -> Path:
    path = tmp_path / "topics.tsv"
    path.write_text("q1\tتالاب\nq2\tکتابخانه\n", encoding="utf-8")
    return path


def _one_error(proc, says: str) -> None:
    assert proc.returncode == 2 and proc.stdout == "", proc.stderr
    assert proc.stderr == f"kavosh: error: {says}\n", proc.stderr


def test_a_run_is_written(run_kavosh, mini: Path, topics: Path, tmp_path: Path):
    out = tmp_path / "run.trec"
    proc = run_kavosh("search", "--index", mini, "--topics", topics, "--output", out, "--depth", "5")
    assert proc.returncode == 0, proc.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines and lines[0].startswith("q1 Q0 birds.txt 1 ") and lines[0].endswith(" kavosh")
    assert {line.split()[0] for line in lines} == {"q1", "q2"}
    assert f"wrote {len(lines)} lines for 2 queries to {out}" in proc.stderr
    assert sorted(os.listdir(tmp_path)) == ["run.trec", "topics.tsv"]  # no temporary file left


@pytest.mark.parametrize("where, says", [
    ("nonexistdir/x.run", "there is no folder {tmp}/nonexistdir (--output)"),
    ("", "it is a folder; give a file name (e.g. {tmp}/run.trec) (--output)"),
    ("topics.tsv/x.run", "{tmp}/topics.tsv is not a folder (--output)"),
])
def test_an_output_that_cannot_be_written_is_refused_before_the_queries(run_kavosh, mini: Path, topics: Path,
                                                                          tmp_path: Path, where: str, says: str):
    out = str(tmp_path / where) if where else str(tmp_path)
    proc = run_kavosh("search", "--index", mini, "--topics", topics, "--output", out)
    _one_error(proc, f"cannot write {out}: " + says.format(tmp=tmp_path))
    assert sorted(os.listdir(tmp_path)) == ["topics.tsv"]


def test_an_output_in_a_read_only_folder_is_refused(run_kavosh, mini: Path, topics: Path, tmp_path: Path):
    if os.geteuid() == 0:
        pytest.skip("root writes anywhere")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        proc = run_kavosh("search", "--index", mini, "--topics", topics, "--output", folder / "x.run")
    finally:
        folder.chmod(0o755)
    _one_error(proc, f"cannot write {folder / 'x.run'}: no permission to write in {folder} (--output)")


@pytest.mark.parametrize("depth", ["5000", "0", "-3", "1001"])
def test_a_depth_out_of_range_is_refused_and_the_run_file_kept(run_kavosh, mini: Path, topics: Path,
                                                                tmp_path: Path, depth: str):
    out = tmp_path / "run.trec"
    out.write_text("q1 Q0 birds.txt 1 3.000000 good\n", encoding="utf-8")
    proc = run_kavosh("search", "--index", mini, "--topics", topics, "--output", out, "--depth", depth)
    _one_error(proc, f"--depth must be 1 to 1,000 (results per query), got {depth}")
    assert out.read_text(encoding="utf-8") == "q1 Q0 birds.txt 1 3.000000 good\n"


def test_a_run_that_fails_keeps_the_old_file(run_kavosh, mini: Path, tmp_path: Path):
    out = tmp_path / "run.trec"
    out.write_text("old\n", encoding="utf-8")
    bad = tmp_path / "bad.tsv"
    bad.write_text("no tab here\n", encoding="utf-8")
    proc = run_kavosh("search", "--index", mini, "--topics", bad, "--output", out)
    assert proc.returncode == 2 and proc.stderr.startswith(f"kavosh: error: {bad}:1: ")
    assert out.read_text(encoding="utf-8") == "old\n"
    assert sorted(os.listdir(tmp_path)) == ["bad.tsv", "run.trec"]


def test_options_that_would_be_ignored_are_refused(run_kavosh, mini: Path, topics: Path, tmp_path: Path):
    out = tmp_path / "x.run"
    proc = run_kavosh("search", "--index", mini, "--output", out, "تالاب")
    _one_error(proc, "--output writes the run of --topics FILE: give --topics FILE too (a query alone prints "
                     "its results)")
    proc = run_kavosh("search", "--index", mini, "--topics", topics, "--output", out, "تالاب")
    _one_error(proc, "give a query or --topics FILE, not both (the query «تالاب» would not run)")
    assert not out.exists()


@pytest.mark.parametrize("group", ["abc", "xyz", "0123456789abcdef0"])
def test_a_group_that_is_not_16_hex_digits_is_refused(run_kavosh, mini: Path, group: str):
    proc = run_kavosh("search", "--index", mini, "تالاب", "--group", group)
    _one_error(proc, f"group: a group id is 16 hex digits (as in search results), got {group!r}")


def test_a_group_of_16_hex_digits_runs(run_kavosh, mini: Path):
    proc = run_kavosh("search", "--index", mini, "تالاب", "--group", "0000000000000abc")
    assert proc.returncode == 0 and proc.stdout.startswith("no results"), proc.stdout + proc.stderr


def test_a_topic_that_cannot_be_searched_is_listed_and_the_status_is_1(run_kavosh, mini: Path, tmp_path: Path):
    """As ``kavosh eval``: the run is written for the topics that could be searched, each failure listed,
    a warning, and exit status 1 (a script must not take a partial run for a whole one)."""
    topics = tmp_path / "topics.tsv"
    topics.write_text("q1\tتالاب\nq2\t«»\n", encoding="utf-8")
    out = tmp_path / "run.trec"
    proc = run_kavosh("search", "--index", mini, "--topics", topics, "--output", out, "--depth", "5")
    assert proc.returncode == 1, proc
    assert {line.split()[0] for line in out.read_text(encoding="utf-8").splitlines()} == {"q1"}
    assert "\n  query q2: " in proc.stderr, proc.stderr
    assert f"kavosh: warning: 1 of the 2 topics of {topics} could not be searched (listed above): the run has no " \
        "line for them\n" in proc.stderr
