"""Shared fixtures: run the real ``kavosh`` command, find ../shared/data, build the seed+Hamshahri index once.

Keep this file small; put fixtures used by one test module in that module.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
"""``../shared/data`` next to the repository (absent outside the project's machines)."""


def _kavosh_command() -> list[str]:
    script = Path(sys.executable).parent / "kavosh"
    return [str(script)] if script.exists() else [sys.executable, "-m", "kavosh"]


@pytest.fixture(scope="session")
def kavosh_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Environment for CLI runs: no inherited index, data home in a temp folder, no colour."""
    env = {k: v for k, v in os.environ.items() if k not in ("KAVOSH_INDEX", "FORCE_COLOR")}
    env["XDG_DATA_HOME"] = str(tmp_path_factory.mktemp("xdg"))
    env["NO_COLOR"] = "1"
    return env


@pytest.fixture(scope="session")
def run_kavosh(kavosh_env):
    """Run the installed ``kavosh`` command: ``run_kavosh("search", "--index", d, "q")`` → CompletedProcess.

    ``env`` adds environment variables.  stdout/stderr are decoded as UTF-8.  Every run is checked for a
    Python traceback: no user input may make the command print one.
    """

    def run(*args: str | os.PathLike, timeout: float = 120, check_traceback: bool = True,
            input: str | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        proc = subprocess.run([*_kavosh_command(), *map(str, args)], capture_output=True, text=True,
                              encoding="utf-8", errors="replace", env={**kavosh_env, **(env or {})}, timeout=timeout,
                              input=input, stdin=None if input is not None else subprocess.DEVNULL)
        if check_traceback:
            assert "Traceback" not in proc.stdout + proc.stderr, (args, proc.stderr[-3000:])
        return proc

    run.command = _kavosh_command()
    run.env = kavosh_env
    return run


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``; the test is skipped when it is absent."""
    if not (SHARED_DATA / "seed").is_dir() or not (SHARED_DATA / "hamshahri").is_dir():
        pytest.skip(f"shared test data not found at {SHARED_DATA} (../shared/data next to the repository)")
    return SHARED_DATA


SEED_ID = "000_9deb6ac52c792e38.txt"
"""Document id of the seed article (file name relative to the seed folder)."""


@pytest.fixture(scope="session")
def hamshahri_index(shared_data: Path, run_kavosh, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One index of ``seed/`` + ``hamshahri/corpus.jsonl.gz``, built once per session with ``kavosh index``."""
    seed = shared_data / "seed"
    if not (seed / SEED_ID).is_file():
        pytest.skip(f"seed article {SEED_ID} not found in {seed}")
    path = tmp_path_factory.mktemp("hamshahri") / "index"
    proc = run_kavosh("index", seed, shared_data / "hamshahri" / "corpus.jsonl.gz", "--index", path)
    if proc.returncode != 0:
        shutil.rmtree(path, ignore_errors=True)
    assert proc.returncode == 0, proc.stderr
    return path


@pytest.fixture(scope="session")
def build_index(tmp_path_factory: pytest.TempPathFactory):
    """``build_index(name, docs)``: a new index of ``docs`` (dicts), committed once; returns its path."""
    import kavosh

    def build(name: str, docs: list[dict]) -> Path:
        path = tmp_path_factory.mktemp(name) / "index"
        with kavosh.Index(path) as ix:
            ix.add(docs)
            ix.commit()
        return path

    return build


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With ``-n auto --dist loadgroup`` (pytest-xdist, the README's test command) each test file runs whole
    on one worker, so its module fixtures are built once; the Ray tests (tests/cluster) share one worker
    and so one pair of Ray nodes.  Without xdist the marks do nothing."""
    for item in items:
        if item.get_closest_marker("xdist_group") is None:
            where = Path(str(item.path)).relative_to(config.rootpath)
            group = "tests/cluster" if where.parts[:2] == ("tests", "cluster") else str(where)
            item.add_marker(pytest.mark.xdist_group(group))
