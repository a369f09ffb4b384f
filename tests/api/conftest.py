"""Fixtures for the HTTP API and web page tests: a small Persian index and real `kavosh serve` processes."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # for apisupport (pytest runs with --import-mode=importlib)

from apisupport import TOKEN, build_index, corpus, serving  # noqa: E402


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory) -> Path:
    """A read-only test index."""
    return build_index(tmp_path_factory.mktemp("api") / "index", corpus())


@pytest.fixture(scope="session")
def server(index_dir):
    """`kavosh serve` without a token (read-only) over the test index."""
    with serving(index_dir) as s:
        yield s


@pytest.fixture(scope="session")
def write_server(index_dir, tmp_path_factory):
    """`kavosh serve --token` over a copy of the test index, with a 64 KiB body limit."""
    copy = tmp_path_factory.mktemp("api-w") / "index"
    shutil.copytree(index_dir, copy)
    with serving(copy, "--max-body-mb", "0.0625", env={"KAVOSH_TOKEN": TOKEN}) as s:
        yield s


@pytest.fixture()
def api(server):
    """An HTTP client for the read-only server."""
    with server.client() as c:
        yield c
