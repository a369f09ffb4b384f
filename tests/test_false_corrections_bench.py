"""benchmarks/false_corrections.py's reading of a correction shown for a dev question (issue #14 kind 11): a typo of
the question mended, by its relevant passage, or a correctly written word changed."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _bench():
    spec = importlib.util.spec_from_file_location("false_corrections", ROOT / "benchmarks" / "false_corrections.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


PASSAGE = "فیلم جنگ ستارگان در سال ۱۹۷۷ اکران شد. فرانسه از اعضای سازمان ملل است."


@pytest.mark.parametrize("query, shown, mended", [
    ("فلیم جنگ ستارگان", [("spelling", "فیلم جنگ ستارگان")], True),  # فلیم in no passage, فیلم in it
    ("فرانسه در سازمان ممل", [("included", "فرانسه در سازمان مکمل")], False),  # the passage writes ملل, not مکمل
    ("فیلم جنگ ستارگان", [("included", "فیلم جنگ ستاره")], False),  # a word the passage writes was changed
    ("فلیم جنگ ستارگان", [("isiri-9147", "فیلم جنگ ستارگان")], False),  # a layout rewrite is never one
    ("فلیم جنگ ستارگان", [], False),
])
def test_a_correction_is_a_typo_mended_only_by_the_passage(query, shown, mended):
    assert _bench().by_passage(query, shown, [PASSAGE], lambda w: w) is mended
