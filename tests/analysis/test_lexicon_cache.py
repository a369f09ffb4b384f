"""The lexicon cache (``Lexicon.cached``): same lexicon, rebuilt when damaged, optional."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kavosh.analysis.morphology import Lexicon


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("KAVOSH_CACHE_DIR", str(folder))
    monkeypatch.delenv("KAVOSH_NO_CACHE", raising=False)
    return folder


def _same(a: Lexicon, b: Lexicon) -> None:
    assert a.freq == b.freq and a.lemmas == b.lemmas and a.plurals == b.plurals
    assert a.hamza_variants == b.hamza_variants and a.past_of_present == b.past_of_present
    assert a.compounds.parts == b.compounds.parts and a.compounds.join == b.compounds.join


def test_the_cache_is_written_once_and_read_back(cache_dir: Path):
    built = Lexicon.cached()
    files = list(cache_dir.glob("lexicon-*.pickle"))
    assert len(files) == 1 and files[0].stat().st_size > 1_000_000
    stamp = files[0].stat().st_mtime_ns
    again = Lexicon.cached()
    assert again is not built and files[0].stat().st_mtime_ns == stamp  # read, not rewritten
    _same(again, built)
    _same(again, Lexicon.load())


def test_a_damaged_cache_is_rebuilt_and_old_versions_removed(cache_dir: Path):
    Lexicon.cached()
    (path,) = cache_dir.glob("lexicon-*.pickle")
    path.write_bytes(b"not a pickle")
    stale = cache_dir / "lexicon-0000000000000000.pickle"
    stale.write_bytes(b"an older version")
    lexicon = Lexicon.cached()
    assert lexicon.freq["کتاب"] > 0
    assert path.stat().st_size > 1_000_000 and not stale.exists()


def test_an_unwritable_cache_folder_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("KAVOSH_CACHE_DIR", str(blocker / "cache"))
    assert Lexicon.cached().freq["کتاب"] > 0


def test_kavosh_no_cache_turns_it_off(tmp_path: Path):
    env = {**os.environ, "KAVOSH_CACHE_DIR": str(tmp_path / "cache"), "KAVOSH_NO_CACHE": "1"}
    code = "from kavosh.analysis import Analyzer; print(Analyzer().terms('کتابها'))"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['کتاب']" and not (tmp_path / "cache").exists()
