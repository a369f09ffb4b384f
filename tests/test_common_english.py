"""The common English words (``finglish.common_english``): pyspellchecker's judgement, kept in a cache file so a
one-shot ``kavosh search`` does not load pyspellchecker's whole list; rebuilt when the file is damaged."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from kavosh.query import finglish


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("KAVOSH_CACHE_DIR", str(folder))
    monkeypatch.delenv("KAVOSH_NO_CACHE", raising=False)
    finglish.common_english.cache_clear()
    yield folder
    finglish.common_english.cache_clear()


@functools.cache
def _library():
    """pyspellchecker's English list, loaded once for the module (0.2-1 s a load)."""
    return finglish._english_frequencies()


def _library_says(word: str) -> bool:
    return _library()[word] >= finglish.COMMON_ENGLISH


WORDS = ["house", "music", "money", "internet", "football", "the", "nokia", "tehran", "netflix", "deed", "zzzz"]


def test_the_set_is_pyspellcheckers_judgement(cache_dir: Path):
    words = finglish.common_english()
    assert 3_000 < len(words) < 20_000
    assert {w for w in WORDS if _library_says(w)} == {w for w in WORDS if w in words}
    assert {"house", "music", "money"} <= words and not {"nokia", "tehran", "zzzz"} & words
    assert finglish.is_common_english("House") and not finglish.is_common_english("Nokia")


def test_the_set_is_written_once_and_read_back(cache_dir: Path):
    built = finglish.common_english()
    (path,) = cache_dir.glob("english-*.txt")
    count, *kept = path.read_text(encoding="utf-8").split("\n")
    assert int(count) == len(kept) == len(built) and kept == sorted(built)
    stamp = path.stat().st_mtime_ns
    finglish.common_english.cache_clear()
    again = finglish.common_english()
    assert again == built and path.stat().st_mtime_ns == stamp  # read, not rewritten


@pytest.mark.parametrize("damage", ["house\nmusic", "", "7\nhouse\nmusic", "\xff not a count"])
def test_a_damaged_file_is_rebuilt(cache_dir: Path, damage: str):
    built = finglish.common_english()
    (path,) = cache_dir.glob("english-*.txt")
    path.write_text(damage, encoding="utf-8")
    finglish.common_english.cache_clear()
    assert finglish.common_english() == built
    assert int(path.read_text(encoding="utf-8").split("\n", 1)[0]) == len(built)


def test_no_cache_folder_still_answers(cache_dir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("KAVOSH_NO_CACHE", "1")
    assert "house" in finglish.common_english() and not cache_dir.exists()
