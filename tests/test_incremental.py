"""Incremental indexing through the real ``kavosh index`` command: skip unchanged files (by content hash),
replace changed ones, ``--prune``, document identity, and exactly-once indexing across ``kill -9``."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
import tantivy

import kavosh
from kavosh.index import schema as S
from kavosh.index.update import PENDING_FILE

WORDS = ("ایران تهران کتاب دانشگاه شهر مردم زبان فارسی باغ درخت رود کوه دریا خبر روزنامه بازار "
         "کارخانه ورزش فوتبال دانشجو مدرسه هنر موسیقی سینما کشاورزی باران").split()
COUNTS = re.compile(r"files: ([\d,]+) new, ([\d,]+) changed, ([\d,]+) unchanged \(skipped\), ([\d,]+) pruned")


RESUMED = re.compile(r", ([\d,]+) resumed \(left half-indexed by an interrupted run")


def resumed(proc: subprocess.CompletedProcess) -> int:
    """Files the summary of `kavosh index` reports as resumed (0 when it names none)."""
    m = RESUMED.search(proc.stderr)
    return int(m[1].replace(",", "")) if m else 0


def counts(proc: subprocess.CompletedProcess) -> tuple[int, int, int, int]:
    """(new, changed, unchanged, pruned) from the summary of `kavosh index`."""
    m = COUNTS.search(proc.stderr)
    assert m, proc.stderr
    return tuple(int(g.replace(",", "")) for g in m.groups())


def indexed(run_kavosh, *args) -> subprocess.CompletedProcess:
    proc = run_kavosh("index", *args)
    assert proc.returncode == 0, proc.stderr
    return proc


def all_ids(index: Path) -> Counter:
    """Every live document id in the index's last commit, with how often it occurs."""
    ix = kavosh.Index(index, create=False)
    searcher = ix.opened.index.searcher()
    hits = searcher.search(tantivy.Query.all_query(), limit=max(1, searcher.num_docs)).hits
    return Counter(searcher.doc(addr).get_first(S.ID) for _score, addr in hits)


def search_ids(index: Path, query: str) -> list[str]:
    """Ids found for ``query`` in the index's last commit (searched in this process: one analyzer load)."""
    return [h.id for h in kavosh.Index(index, create=False).search(query, limit=50, snippets=False).hits]


def write_corpus(folder: Path, n: int, seed: int = 7) -> list[str]:
    """``n`` small Persian text files ``f0000.txt``…; file 5 alone holds the word پلنگ. Returns the file names."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    names = []
    for i in range(n):
        body = " ".join(rng.choice(WORDS) for _ in range(30))
        extra = " پلنگ" if i == 5 else ""
        (folder / f"f{i:04d}.txt").write_text(f"گزارش شماره {i}\n{body}{extra}\n", encoding="utf-8")
        names.append(f"f{i:04d}.txt")
    return names


def jsonl(records: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


# ---------------------------------------------------------------- 1,000 files: skip, edit, touch, delete, prune


def test_only_new_or_changed_files_are_indexed_and_prune_removes_lost_ones(run_kavosh, tmp_path: Path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    names = write_corpus(corpus, 1000)
    first = indexed(run_kavosh, corpus, "--index", index)
    assert counts(first) == (1000, 0, 0, 0)
    assert "indexed 1,000 documents" in first.stderr
    assert sorted(all_ids(index)) == names

    # A second run reads nothing again.
    second = indexed(run_kavosh, corpus, "--index", index)
    assert counts(second) == (0, 0, 1000, 0)
    assert "indexed 0 documents" in second.stderr

    # Editing one file re-indexes exactly that file; search finds the new text, not the old.
    f5 = corpus / "f0005.txt"
    f5.write_text(f5.read_text(encoding="utf-8").replace("پلنگ", "زرافه"), encoding="utf-8")
    edited = indexed(run_kavosh, corpus, "--index", index)
    assert counts(edited) == (0, 1, 999, 0)
    assert "indexed 1 document," in edited.stderr
    assert search_ids(index, "زرافه") == ["f0005.txt"]
    assert search_ids(index, "پلنگ") == []
    assert all_ids(index) == Counter(names)

    # `touch` changes the time, not the content: nothing is re-indexed. A deleted file keeps its document
    # without --prune and loses it with --prune.
    later = time.time() + 3600
    os.utime(corpus / "f0006.txt", (later, later))
    (corpus / "f0007.txt").unlink()
    kept = indexed(run_kavosh, corpus, "--index", index)
    assert counts(kept) == (0, 0, 999, 0)
    assert "; 1 indexed before is no longer found, its documents kept (--prune removes them)" in kept.stderr
    assert "f0007.txt" in all_ids(index)
    pruned = indexed(run_kavosh, corpus, "--index", index, "--prune")
    assert counts(pruned) == (0, 0, 999, 1)
    assert "the index now holds 999" in pruned.stderr and "no longer found" not in pruned.stderr
    assert all_ids(index) == Counter(n for n in names if n != "f0007.txt")


def test_prune_only_touches_the_folders_given(run_kavosh, tmp_path: Path):
    a, b, index = tmp_path / "a", tmp_path / "ab", tmp_path / "index"  # "ab" shares a prefix with "a"
    for folder, word in ((a, "سیب"), (b, "انار")):
        folder.mkdir()
        for i in range(3):
            (folder / f"{folder.name}{i}.txt").write_text(f"میوه {word} شماره {i}", encoding="utf-8")
    indexed(run_kavosh, a, b, "--index", index)
    (b / "ab0.txt").unlink()
    (a / "a0.txt").unlink()
    # Pruning under `a` removes a0.txt only; ab0.txt (under another folder given before) stays.
    assert counts(indexed(run_kavosh, a, "--index", index, "--prune")) == (0, 0, 2, 1)
    assert set(all_ids(index)) == {"a1.txt", "a2.txt", "ab0.txt", "ab1.txt", "ab2.txt"}
    # A folder that no longer exists is reported; with --prune, what was indexed from it goes.
    for f in b.iterdir():
        f.unlink()
    b.rmdir()
    gone = run_kavosh("index", b, "--index", index, "--prune")
    assert gone.returncode == 1 and "no such file or folder" in gone.stderr
    assert counts(gone)[3] == 3
    assert set(all_ids(index)) == {"a1.txt", "a2.txt"}
    # A file moved to another folder given in the same run keeps its short id (its old place is pruned).
    (tmp_path / "c").mkdir()
    (a / "a1.txt").rename(tmp_path / "c" / "a1.txt")
    assert counts(indexed(run_kavosh, a, tmp_path / "c", "--index", index, "--prune")) == (1, 0, 1, 1)
    assert all_ids(index) == Counter(["a1.txt", "a2.txt"])
    assert kavosh.Index(index, create=False).get("a1.txt").source_key == str((tmp_path / "c" / "a1.txt").resolve())


# ---------------------------------------------------------------- many documents in one file


def test_a_jsonl_file_losing_a_line_loses_that_document(run_kavosh, tmp_path: Path):
    src, index = tmp_path / "news.jsonl", tmp_path / "index"
    records = [{"id": f"n{i}", "title": f"خبر {i}", "text": f"متن خبر شماره {i} درباره {w}"}
               for i, w in enumerate(["باران", "برف", "تگرگ", "توفان"])]
    src.write_text(jsonl(records), encoding="utf-8")
    assert counts(indexed(run_kavosh, src, "--index", index)) == (1, 0, 0, 0)
    assert all_ids(index) == Counter(["n0", "n1", "n2", "n3"])
    records[1]["text"] = "متن خبر شماره یک درباره آفتاب"
    src.write_text(jsonl(records[:2] + records[3:]), encoding="utf-8")  # n2 removed, n1 edited
    assert counts(indexed(run_kavosh, src, "--index", index)) == (0, 1, 0, 0)
    assert all_ids(index) == Counter(["n0", "n1", "n3"])
    assert search_ids(index, "تگرگ") == []
    assert search_ids(index, "آفتاب") == ["n1"]
    assert search_ids(index, "برف") == []
    # A file that no longer yields any document is reported and keeps what was indexed from it.
    src.write_text('{"id": "n9", "text": \n', encoding="utf-8")
    broken = run_kavosh("index", src, "--index", index)
    assert broken.returncode == 1 and f"{src}:1: malformed JSON" in broken.stderr
    assert all_ids(index) == Counter(["n0", "n1", "n3"])


def test_a_broken_line_in_a_changed_file_keeps_the_earlier_version_and_says_so(run_kavosh, tmp_path: Path):
    """A changed JSONL file read with errors keeps the earlier version of each document no readable line
    has (one bad write must not unpublish an article); once the file reads cleanly, what it lost goes."""
    src, index = tmp_path / "news.jsonl", tmp_path / "index"
    records = [{"id": f"n{i}", "title": f"خبر {i}", "text": f"متن خبر شماره {i} درباره {w}", "category": c}
               for i, (w, c) in enumerate([("باران", "هوا"), ("برف", "هوا"), ("تگرگ", "ورزش"), ("توفان", "هوا")])]
    src.write_text(jsonl(records), encoding="utf-8")
    assert counts(indexed(run_kavosh, src, "--index", index)) == (1, 0, 0, 0)
    lines = jsonl(records).splitlines()
    lines[2] = lines[2][: len(lines[2]) // 2]  # n2's line cut short
    lines[0] = json.dumps({**records[0], "text": "متن خبر شماره صفر درباره آفتاب"}, ensure_ascii=False)
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = run_kavosh("index", src, "--index", index)
    assert proc.returncode == 1 and f"{src}:3: malformed JSON" in proc.stderr
    assert "indexed 3 documents" in proc.stderr and "the index now holds 4" in proc.stderr
    assert "1 document of a changed file with unreadable parts is kept in its earlier version" in proc.stderr
    assert "'n2'" in proc.stderr
    assert all_ids(index) == Counter(["n0", "n1", "n2", "n3"])
    assert search_ids(index, "تگرگ") == ["n2"] and search_ids(index, "آفتاب") == ["n0"]
    ix = kavosh.Index(index, create=False)
    kept = ix.get("n2")
    assert (kept.title, kept.text) == ("خبر 2", "متن خبر شماره 2 درباره تگرگ")
    assert [h.id for h in ix.search("", filter={"category": "ورزش"}).hits] == ["n2"]
    # Unchanged since: skipped, its error listed again, n2 still there.
    again = run_kavosh("index", src, "--index", index)
    assert counts(again) == (0, 0, 1, 0) and f"{src}:3: malformed JSON" in again.stderr
    assert all_ids(index) == Counter(["n0", "n1", "n2", "n3"])
    # The line removed, the file reads cleanly: n2 goes, as a removed line's document does.
    src.write_text("\n".join(lines[:2] + lines[3:]) + "\n", encoding="utf-8")
    assert counts(indexed(run_kavosh, src, "--index", index)) == (0, 1, 0, 0)
    assert all_ids(index) == Counter(["n0", "n1", "n3"])


# ---------------------------------------------------------------- identity


def test_one_file_is_one_source_whatever_path_reaches_it(run_kavosh, tmp_path: Path):
    docs, index = tmp_path / "docs", tmp_path / "index"
    (docs / "sub").mkdir(parents=True)
    (docs / "sub" / "a.txt").write_text("نخستین نسخه درباره کبوتر", encoding="utf-8")
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    (tmp_path / "x" / "same.txt").write_text("نامه از شهر شیراز", encoding="utf-8")
    (tmp_path / "y" / "same.txt").write_text("نامه از شهر تبریز", encoding="utf-8")
    # Overlapping folders: the file is read once. Two files named alike given directly: two documents.
    first = indexed(run_kavosh, docs, docs / "sub", tmp_path / "x" / "same.txt", tmp_path / "y" / "same.txt",
                    "--index", index)
    assert counts(first) == (3, 0, 0, 0)
    y_key = str((tmp_path / "y" / "same.txt").resolve())
    assert all_ids(index) == Counter(["sub/a.txt", "same.txt", y_key])
    assert search_ids(index, "تبریز") == [y_key]
    assert search_ids(index, "شیراز") == ["same.txt"]
    # Reached through another path (and a symlink): the same source, unchanged; edited, it keeps its id.
    (tmp_path / "link").symlink_to(docs / "sub")
    assert counts(indexed(run_kavosh, tmp_path / "docs" / ".." / "docs" / "sub", "--index", index)) == (0, 0, 1, 0)
    (docs / "sub" / "a.txt").write_text("دومین نسخه درباره طاووس", encoding="utf-8")
    assert counts(indexed(run_kavosh, tmp_path / "link", "--index", index)) == (0, 1, 0, 0)
    assert all_ids(index) == Counter(["sub/a.txt", "same.txt", y_key])
    assert search_ids(index, "طاووس") == ["sub/a.txt"]
    assert search_ids(index, "کبوتر") == []


def test_python_api_add_paths_returns_the_counts(tmp_path: Path):
    corpus = tmp_path / "c"
    write_corpus(corpus, 5)
    with kavosh.Index(tmp_path / "index") as ix:
        first = ix.add_paths([corpus])
        assert (first.new, first.changed, first.unchanged, first.pruned, first.documents) == (5, 0, 0, 0, 5)
        (corpus / "f0001.txt").unlink()
        (corpus / "f0002.txt").write_text("متن تازه درباره کتابخانه", encoding="utf-8")
        again = ix.add_paths([corpus], prune=True)
        assert (again.new, again.changed, again.unchanged, again.pruned, again.documents) == (0, 1, 3, 1, 1)
        assert len(ix) == 4
        assert [h.id for h in ix.search("کتابخانه").hits] == ["f0002.txt"]
        assert ix.get("f0002.txt").source_key == str((corpus / "f0002.txt").resolve())


def test_add_paths_warns_of_an_undeclared_field_as_add_does(tmp_path: Path):
    """Left from new user 4: ``Index.add`` warned that a field the index does not declare is not searched,
    ``add_paths`` said nothing."""
    import json
    import warnings

    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps({"id": str(i), "text": f"خبر شماره {i} دربارهٔ باران", "views": i},
                                       ensure_ascii=False) + "\n" for i in range(3)), encoding="utf-8")
    with kavosh.Index(tmp_path / "index") as ix, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert ix.add_paths(data).documents == 3
    said = [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
    assert len(said) == 1 and said[0].startswith("field views (3 documents) is stored and shown, not searched, "
                                                 "filtered or counted"), said
    assert 'kavosh.Index(path, fields={"views": KIND})' in said[0]
    with kavosh.Index(tmp_path / "declared", fields={"views": "number"}) as ix, \
            warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert ix.add_paths(data).documents == 3
    assert not [w for w in caught if issubclass(w.category, UserWarning)]


def test_add_paths_takes_one_path_as_one_path_and_refuses_what_is_no_path(tmp_path: Path, monkeypatch):
    """A new user's report: ``add_paths("site/")`` read the string as its characters (``s``, ``i``, ...,
    ``/``) and indexed the whole file system.  One ``str`` or ``Path`` is one path; ``bytes`` or a
    non-path item is a TypeError naming it, before anything is read."""
    (tmp_path / "sit").mkdir()
    for name in ("s", "i", "t"):  # what the characters of "sit" would name
        (tmp_path / name).mkdir()
        (tmp_path / name / f"{name}.txt").write_text("متن درباره کتابخانه", encoding="utf-8")
    (tmp_path / "sit" / "a.txt").write_text("متن درباره طاووس", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with kavosh.Index(tmp_path / "index") as ix:
        counts = ix.add_paths("sit")
        assert (counts.new, counts.documents, counts.failed) == (1, 1, 0)
        assert len(ix) == 1
        assert [h.id for h in ix.search("طاووس").hits] == ["a.txt"]
        assert ix.search("کتابخانه").hits == []
        assert ix.add_paths(tmp_path / "sit").unchanged == 1
        with pytest.raises(TypeError, match="not bytes"):
            ix.add_paths(b"sit")
        with pytest.raises(TypeError, match=r"paths\[1\] must be a path .*not int"):
            ix.add_paths(["sit", 3])
        with pytest.raises(TypeError, match="not NoneType"):
            ix.add_paths(None)
        assert len(ix) == 1


# ---------------------------------------------------------------- exactly once across kill -9


SMALL = range(1, 12)


def write_mixed_corpus(folder: Path) -> list[str]:
    """600 text files (~600 bytes each); after m0299.txt a JSONL file of 400 records (~250 KB), and after
    every 50th text file a JSONL file of 5 records (~3 KB, below the 5 KB commit budget of :func:`kill_when`)."""
    rng = random.Random(11)
    folder.mkdir(parents=True)
    ids = []

    def text() -> str:
        return " ".join(rng.choice(WORDS) for _ in range(60))

    for i in range(600):
        (folder / f"m{i:04d}.txt").write_text(text(), encoding="utf-8")
        ids.append(f"m{i:04d}.txt")
    records = [{"id": f"r{i}", "text": text()} for i in range(400)]
    (folder / "m0299_records.jsonl").write_text(jsonl(records), encoding="utf-8")
    for k in SMALL:
        small = [{"id": f"s{k}-{j}", "text": text()} for j in range(5)]
        (folder / f"m{k * 50:04d}_small.jsonl").write_text(jsonl(small), encoding="utf-8")
        ids += [r["id"] for r in small]
    return ids + [r["id"] for r in records]


def small_files_whole(ids: Counter) -> list[int]:
    """The small JSONL files (by number) whose 5 documents are all in ``ids``; fails if one is half there."""
    whole = []
    for k in SMALL:
        present = sum(f"s{k}-{j}" in ids for j in range(5))
        assert present in (0, 5), f"m{k * 50:04d}_small.jsonl is half committed: {present} of 5 documents"
        whole += [k] if present else []
    return whole


def kill_when(run_kavosh, corpus: Path, index: Path, ready, *extra: str) -> None:
    """Run `kavosh index` with a commit every ~5 KB and kill -9 it as soon as ``ready()`` is true."""
    proc = subprocess.Popen([*run_kavosh.command, "index", str(corpus), "--index", str(index), "--commit-mb", "0.005",
                             *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=run_kavosh.env)
    try:
        deadline = time.monotonic() + 90
        while not ready():
            assert proc.poll() is None, f"`kavosh index` ended before it could be killed: {proc.stderr.read()}"
            assert time.monotonic() < deadline, "`kavosh index` never reached the point to kill it"
            time.sleep(0.005)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def committed(index: Path) -> int:
    try:
        return len(kavosh.Index(index, create=False))
    except Exception:  # not created yet
        return 0


@pytest.mark.parametrize("jobs", [(), ("--jobs", "2")], ids=["default", "workers"])
def test_kill_9_then_rerun_leaves_each_document_exactly_once(run_kavosh, tmp_path: Path, jobs: tuple[str, ...]):
    corpus = tmp_path / "corpus"
    expected = Counter(write_mixed_corpus(corpus))

    # Killed after the first commit is visible: the index opens with that commit, not everything.
    index = tmp_path / "index"
    kill_when(run_kavosh, corpus, index, lambda: committed(index) > 0, *jobs)
    n_killed = len(kavosh.Index(index, create=False))
    assert 0 < n_killed < len(expected)
    small_files_whole(all_ids(index))  # a file below the commit budget is committed whole or not at all
    rerun = indexed(run_kavosh, corpus, "--index", index, *jobs)
    new, changed, unchanged, _ = counts(rerun)
    assert new + changed + unchanged + resumed(rerun) == 612 and unchanged > 0 and changed == 0
    assert all_ids(index) == expected
    assert not (index / PENDING_FILE).exists()

    # Killed while the JSONL file is half replaced (it is on the pending list): the re-run reads it again.
    index2 = tmp_path / "index2"
    kill_when(run_kavosh, corpus, index2, lambda: (index2 / PENDING_FILE).exists(), *jobs)
    pending = json.loads((index2 / PENDING_FILE).read_text(encoding="utf-8"))["sources"]
    assert pending == [str((corpus / "m0299_records.jsonl").resolve())]
    assert small_files_whole(all_ids(index2))[:5] == [1, 2, 3, 4, 5]  # those read before the large file
    rerun2 = indexed(run_kavosh, corpus, "--index", index2, *jobs)
    # the half-read file has not changed: it is reported as resumed, not as changed (a new user's finding)
    assert counts(rerun2)[1] == 0 and resumed(rerun2) == 1 and sum(counts(rerun2)[:3]) == 611
    assert all_ids(index2) == expected
    assert not (index2 / PENDING_FILE).exists()
    assert counts(indexed(run_kavosh, corpus, "--index", index2, *jobs)) == (0, 0, 612, 0)


def test_a_pending_file_is_read_again_even_when_its_hash_matches(run_kavosh, tmp_path: Path):
    src, index = tmp_path / "big.jsonl", tmp_path / "index"
    src.write_text(jsonl([{"id": f"p{i}", "text": f"سطر شماره {i} درباره دریا"} for i in range(30)]), encoding="utf-8")
    indexed(run_kavosh, src, "--index", index)
    # As a run killed half-way through this file leaves it: some documents gone, the file on the pending list.
    with kavosh.Index(index) as ix:
        for i in range(10, 30):
            ix.delete(f"p{i}")
        ix.commit()
    (index / PENDING_FILE).write_text(json.dumps({"sources": [str(src.resolve())]}), encoding="utf-8")
    rerun = indexed(run_kavosh, src, "--index", index)
    assert counts(rerun) == (0, 0, 0, 0) and resumed(rerun) == 1  # unchanged since: resumed, not changed
    assert all_ids(index) == Counter(f"p{i}" for i in range(30))
    assert not (index / PENDING_FILE).exists()


def test_incremental_updates_with_analysis_workers(run_kavosh, tmp_path: Path):
    """The same skip / change / prune through the worker processes (``--jobs 2``, as inputs of
    2 MB or more get by default): a worker's result keeps the source file's key and hash."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    names = write_corpus(corpus, 40)
    (corpus / "records.jsonl").write_text(jsonl([{"id": f"r{i}", "text": f"سطر {i} درباره باغ"} for i in range(30)]),
                                          encoding="utf-8")
    first = indexed(run_kavosh, corpus, "--index", index, "--jobs", "2")
    assert counts(first) == (41, 0, 0, 0)
    ix = kavosh.Index(index, create=False)
    searcher = ix.opened.index.searcher()
    docs = [searcher.doc(a) for _s, a in searcher.search(tantivy.Query.all_query(), limit=100).hits]
    assert len(docs) == 70 and all(d.get_first(S.SOURCE_KEY) and d.get_first(S.SOURCE_HASH) for d in docs)
    assert counts(indexed(run_kavosh, corpus, "--index", index, "--jobs", "2")) == (0, 0, 41, 0)
    (corpus / "records.jsonl").write_text(jsonl([{"id": f"r{i}", "text": f"سطر {i}"} for i in range(29)]),
                                          encoding="utf-8")
    (corpus / names[3]).unlink()
    rerun = indexed(run_kavosh, corpus, "--index", index, "--jobs", "2", "--prune")
    assert counts(rerun) == (0, 1, 39, 1)
    assert all_ids(index) == Counter([n for n in names if n != names[3]] + [f"r{i}" for i in range(29)])


def test_a_run_stopped_after_reading_ahead_counts_only_the_files_it_committed(tmp_path: Path):
    """New user 8: an interrupted run said ``files: 195 new`` while only one file's documents were committed
    (the pipeline reads ahead of what it adds); the next run said 201 new again. The counts are the last
    commit's: files finished by its mark, and the half-read one as ``partly``."""
    from kavosh.index.update import Update

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "big.jsonl").write_text("".join(json.dumps({"id": f"b{i}", "text": f"سند {i}"}, ensure_ascii=False) + "\n"
                                              for i in range(3)), encoding="utf-8")  # read first (sorted)
    for i in range(4):
        (folder / f"f{i}.txt").write_text(f"متن شماره {i} درباره کتابخانه", encoding="utf-8")

    def stopped_after(index: Path, n_added: int):
        with kavosh.Index(index) as ix:
            update = Update(ix.writer, [str(folder)])
            read, marks = [], []
            for item in update.items():  # everything read, as the pipeline reads ahead of what it adds
                read.append(item)
                marks.append(update.mark())
            for item in read[:n_added]:
                ix.writer.add(item)
            update.commit(at=marks[n_added - 1])
            return update.counts, len(ix)

    counts, held = stopped_after(tmp_path / "a", 2)  # two of big.jsonl's three records
    assert (counts.new, counts.partly, held) == (0, 1, 2)
    assert counts.summary().startswith("files: 0 new, 0 changed, 0 unchanged (skipped), 0 pruned, 1 partly")
    counts, held = stopped_after(tmp_path / "b", 4)  # big.jsonl and f0.txt
    assert (counts.new, counts.partly, held) == (2, 0, 4)
    with kavosh.Index(tmp_path / "b") as ix:
        again = ix.add_paths(folder)  # the three files read but never committed are new now, once
        assert (again.new, again.unchanged, again.partly) == (3, 2, 0)
        assert len(ix) == 7
