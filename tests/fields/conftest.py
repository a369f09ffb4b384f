"""Fixtures of the field tests: the derived news corpus (tests/fields/newsfields.py) indexed once
through the real `kavosh index` command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

import newsfields  # noqa: E402

needs_news = pytest.mark.skipif(not newsfields.NEWS.exists(), reason="../shared/data/news is not here")


def kavosh(*args: str, check: bool = True, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run the real `kavosh` command (``python -m kavosh``), capturing its output."""
    proc = subprocess.run([sys.executable, "-m", "kavosh", *args], capture_output=True, text=True,
                          timeout=timeout)
    if check and proc.returncode not in (0,):
        raise AssertionError(f"kavosh {' '.join(args)} exited {proc.returncode}: {proc.stderr}")
    return proc


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
