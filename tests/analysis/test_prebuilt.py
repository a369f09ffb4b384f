"""The compiled core's prebuilt lexicon (``rust/kavosh-analysis/build.rs``): the bundled word lists
are read from it, the same tables as the Python specification; edited lists never are."""

from __future__ import annotations

import gzip
import shutil
from importlib import resources
from pathlib import Path

import pytest

from kavosh.analysis import analyzer as analyzer_module
from kavosh.analysis.morphology import Lexicon

CORE = analyzer_module._CORE
pytestmark = pytest.mark.skipif(CORE is None, reason="the compiled core is not built")

DATA = Path(str(resources.files("kavosh.analysis") / "data"))
LISTS = ("words.tsv.gz", "verbs.tsv", "compounds.txt")
NEW_WORD = "زرپلنگ"


def test_the_bundled_lists_are_read_from_the_prebuilt_lexicon():
    core = CORE.Analyzer(str(DATA))
    assert core.prebuilt()
    lexicon = Lexicon.load()
    assert core.word_count() == len(lexicon.freq)
    assert core.freq("کتاب") == lexicon.freq["کتاب"]
    assert core.compound_parts() == lexicon.compounds.parts
    assert core.terms("تصمیمگیری‌های کتاب‌ها") == ["تصمیم", "گیری", "کتاب"]
    assert core.freq(NEW_WORD) is None


def test_edited_word_lists_are_built_from_the_files(tmp_path: Path):
    for name in LISTS:
        shutil.copy(DATA / name, tmp_path / name)
    assert CORE.Analyzer(str(tmp_path)).prebuilt(), "the same lists in another folder are the prebuilt ones"

    edited = tmp_path / "edited"
    edited.mkdir()
    for name in LISTS[1:]:
        shutil.copy(DATA / name, edited / name)
    text = gzip.decompress((DATA / "words.tsv.gz").read_bytes()).decode()
    (edited / "words.tsv.gz").write_bytes(gzip.compress((text + f"{NEW_WORD}\t7\tN\n").encode()))
    core = CORE.Analyzer(str(edited))
    assert not core.prebuilt()
    assert core.freq(NEW_WORD) == 7
    assert core.word_count() == CORE.Analyzer(str(DATA)).word_count() + 1


def test_a_missing_list_is_an_error_naming_it(tmp_path: Path):
    with pytest.raises(OSError, match="words.tsv.gz"):
        CORE.Analyzer(str(tmp_path))
