"""Fixtures of the field tests: the derived news corpus (tests/fields/newsfields.py) indexed once
through the real `kavosh index` command."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

import newsfields  # noqa: E402
from fieldsupport import kavosh  # noqa: E402


@pytest.fixture(scope="session")
def news_jsonl(tmp_path_factory) -> Path:
    """The derived news corpus as a JSON Lines file."""
    if not newsfields.NEWS.exists():
        pytest.skip("../shared/data/news is not here")
    return newsfields.write(tmp_path_factory.mktemp("newsfields") / "news.jsonl")


@pytest.fixture(scope="session")
def news_index(tmp_path_factory, news_jsonl) -> Path:
    """The derived news corpus indexed by `kavosh index --field ...` (every kind declared)."""
    path = tmp_path_factory.mktemp("newsfields-index") / "index"
    kavosh("index", str(news_jsonl), "--index", str(path), *newsfields.FIELDS, "-q")
    return path
