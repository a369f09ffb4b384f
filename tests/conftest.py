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
from hypothesis import settings

# CI runs the property tests derandomized (`HYPOTHESIS_PROFILE=ci` in .ci/run): the same examples every run,
# so a run's result does not depend on luck; locally they explore new examples each run (and keep failures).
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

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
    """``build_index(name, docs, analyzer=None)``: a new index of ``docs`` (dicts), committed once, by
    ``analyzer`` (the default analyzer when ``None``); returns its path."""
    import kavosh

    def build(name: str, docs: list[dict], analyzer=None) -> Path:
        path = tmp_path_factory.mktemp(name) / "index"
        with kavosh.Index(path, analyzer=analyzer) as ix:
            ix.add(docs)
            ix.commit()
        return path

    return build


@pytest.fixture(scope="session")
def news_dense(shared_data: Path, run_kavosh, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """120 news articles (title and abstract; every eighth with its whole text, several passage windows) with
    passage vectors (the real model), as one index (``kavosh index --dense``) and as 4 shards
    (``--shards 4 --dense``): ``{"corpus", "one", "four", "searches"}`` (``searches``: ``[query, keyword
    arguments]`` in dense and hybrid modes: title words, free phrasings, query syntax, a page, no collapsing).
    Only tests of the ``tests/cluster`` xdist
    group use it, so it is built once per run."""
    import gzip
    import json

    root = tmp_path_factory.mktemp("news-dense")
    corpus = root / "news120.jsonl"
    with gzip.open(shared_data / "news" / "articles.jsonl.gz", "rt", encoding="utf-8") as f, \
            open(corpus, "w", encoding="utf-8") as out:
        for i, line in zip(range(120), f, strict=False):
            d = json.loads(line)
            text = d["text"] if i % 8 == 0 else (d.get("abstract") or d["text"][:400])
            out.write(json.dumps({"id": str(d["id"]), "title": d["title"], "text": text}, ensure_ascii=False) + "\n")
    titles = [json.loads(line)["title"] for line in corpus.read_text(encoding="utf-8").splitlines()]
    searches = [(" ".join(t.split()[:3]), {}) for t in titles[:60:6]]
    searches += [("قیمت نفت و بازار", {}), ("تیم ملی فوتبال", {"limit": 5, "offset": 5}),
                 ('"وزارت ارتباطات" روستا', {}), ("بانک -پست", {"collapse": False})]
    paths = {"corpus": corpus, "one": root / "one", "four": root / "four",
             "searches": [(q, {**kw, "mode": mode}) for q, kw in searches for mode in ("dense", "hybrid")]}
    for name, extra in (("one", ()), ("four", ("--shards", "4"))):
        proc = run_kavosh("index", corpus, "--index", paths[name], "--dense", "-q", *extra, timeout=600)
        assert proc.returncode == 0, proc.stderr
    return paths


LONGEST_FIRST = ("tests/cluster",)
"""Test groups handed to pytest-xdist's workers before all others (longest-processing-time-first
scheduling): the Ray tests start two Ray nodes and build shards on them, and are the longest group by
far.  pytest-xdist orders groups by their number of tests, which put this group of few, long tests
last, on one worker, while the other worker had finished (about a third of CI's test time was that
tail)."""


def pytest_configure(config: pytest.Config) -> None:
    """Keep the group order that :func:`pytest_collection_modifyitems` sets (``--no-loadscope-reorder``)."""
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False


def _group(item: pytest.Item) -> str:
    """The xdist group of an item, as pytest-xdist's scheduler reads it: the id's suffix after ``@``."""
    return item.nodeid.rpartition("@")[2]


def _group_order(items: list[pytest.Item]) -> dict[str, int]:
    """Each xdist group's rank: :data:`LONGEST_FIRST`, then the others by their number of tests, most first
    (pytest-xdist's own order, which ``--no-loadscope-reorder`` turns off), ties in collection order."""
    sizes: dict[str, int] = {}
    for item in items:
        sizes[_group(item)] = sizes.get(_group(item), 0) + 1
    first = {g: i for i, g in enumerate(LONGEST_FIRST)}
    ranked = sorted(sizes, key=lambda g: (first.get(g, len(first)), -sizes[g] if g not in first else 0))
    return {g: i for i, g in enumerate(ranked)}


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
        # pytest-xdist 3.8 groups by a "@group" suffix it writes to item._nodeid, which pytest 9 no longer
        # reads (the id is item._id): without this, the groups were ignored and the cluster tests ran on
        # both workers, each starting its own Ray nodes.
        if getattr(config.option, "loadgroup", False) and hasattr(item, "_id") and "@" not in item.nodeid:
            from _pytest.nodeid import coerce_node_id

            names = sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default"))
                            for m in item.iter_markers("xdist_group")})
            item._id = coerce_node_id(f"{item.nodeid}@{'_'.join(names)}")
    if getattr(config.option, "loadgroup", False):
        rank = _group_order(items)
        items.sort(key=lambda item: rank[_group(item)])
