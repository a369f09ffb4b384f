"""Sharded indexes (`kavosh index --shards N`, kavosh.index.shards): documents spread by a hash of their id,
updates and deletions reaching the right shard, near-duplicate groups and scores equal to one index's."""

from __future__ import annotations

import importlib.util
import json
import random
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import tantivy

import kavosh
from kavosh.index import schema as S
from kavosh.index.shards import MANIFEST, read_manifest, shard_of, shard_paths
from kavosh.query.plan import make_plan
from kavosh.index.stats import IndexStats
from kavosh.search.execute import execute

WORDS = ("ایران تهران کتاب دانشگاه شهر مردم زبان فارسی باغ درخت رود کوه دریا خبر روزنامه بازار "
         "کارخانه ورزش فوتبال دانشجو مدرسه هنر موسیقی سینما کشاورزی باران").split()


def write_corpus(folder: Path, n: int, seed: int = 3) -> None:
    """``n`` small Persian text files; file 5 alone holds the word پلنگ."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    for i in range(n):
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 60)))
        (folder / f"f{i:04d}.txt").write_text(f"گزارش {i}\n{body}{' پلنگ' if i == 5 else ''}\n", encoding="utf-8")


def ids_per_shard(index: Path) -> list[Counter]:
    """The live document ids of each shard of a sharded index, read from the shard's own tantivy index."""
    out = []
    for p in shard_paths(index, read_manifest(index)):
        searcher = tantivy.Index.open(str(p)).searcher()
        hits = searcher.search(tantivy.Query.all_query(), limit=max(1, searcher.num_docs)).hits
        out.append(Counter(searcher.doc(a).get_first(S.ID) for _, a in hits))
    return out


def groups(index: Path) -> dict[str, int]:
    """Every document's near-duplicate group id, read from the index."""
    searcher = kavosh.Index(index, create=False).opened.index.searcher()
    hits = searcher.search(tantivy.Query.all_query(), limit=max(1, searcher.num_docs)).hits
    gids = searcher.fast_field_values(S.DUP_GROUP, [a for _, a in hits])
    return {searcher.doc(a).get_first(S.ID): g for (_, a), g in zip(hits, gids, strict=True)}


def indexed(run_kavosh, *args):
    proc = run_kavosh("index", *args)
    assert proc.returncode == 0, proc.stderr
    return proc


def test_documents_go_to_the_shard_of_their_id_and_updates_follow_them(run_kavosh, tmp_path: Path):
    corpus, index, plain = tmp_path / "corpus", tmp_path / "sharded", tmp_path / "plain"
    write_corpus(corpus, 200)
    indexed(run_kavosh, corpus, "--index", index, "--shards", "3")
    indexed(run_kavosh, corpus, "--index", plain)
    manifest = json.loads((index / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["shards"] == 3 and manifest["folders"] == ["shard-000", "shard-001", "shard-002"]
    per_shard = ids_per_shard(index)
    assert sum(sum(c.values()) for c in per_shard) == 200
    assert all(40 < sum(c.values()) < 95 for c in per_shard), [len(c) for c in per_shard]
    for i, ids in enumerate(per_shard):
        assert all(shard_of(d, 3) == i and n == 1 for d, n in ids.items())
    # The CLI's answers are the plain index's (one word: no proximity bonus, see ranked() below).
    for q in ("پلنگ", "کتاب", "گزارش"):
        a = run_kavosh("search", "--index", index, "--json", "--limit", "20", q)
        b = run_kavosh("search", "--index", plain, "--json", "--limit", "20", q)
        assert a.returncode == b.returncode == 0, a.stderr + b.stderr
        hits_a, hits_b = json.loads(a.stdout)["hits"], json.loads(b.stdout)["hits"]
        assert len(hits_a) == (1 if q == "پلنگ" else 20)
        assert [h["score"] for h in hits_a] == [h["score"] for h in hits_b]  # equal scores, rank by rank
        key_a, key_b = sorted((-h["score"], h["id"]) for h in hits_a), sorted((-h["score"], h["id"]) for h in hits_b)
        last = key_a[-1][0]  # equal scores come in address order, so the page may cut their group differently
        assert [k for k in key_a if k[0] < last] == [k for k in key_b if k[0] < last]
    # An edited file replaces its document in its own shard; a pruned one leaves it.
    f5 = corpus / "f0005.txt"
    f5.write_text(f5.read_text(encoding="utf-8").replace("پلنگ", "زرافه"), encoding="utf-8")
    (corpus / "f0007.txt").unlink()
    indexed(run_kavosh, corpus, "--index", index, "--prune")
    ix = kavosh.Index(index, create=False)
    assert [h.id for h in ix.search("زرافه", snippets=False).hits] == ["f0005.txt"]
    assert ix.search("پلنگ", snippets=False).hits == []
    per_shard = ids_per_shard(index)
    assert sum(sum(c.values()) for c in per_shard) == 199 == len(ix)
    assert per_shard[shard_of("f0005.txt", 3)]["f0005.txt"] == 1
    assert not any("f0007.txt" in c for c in per_shard)
    # The view links only live segments: every segment file in the folder belongs to a listed segment.
    listed = {s["segment_id"].replace("-", "") for s in json.loads((index / "meta.json").read_text())["segments"]}
    linked = {f.name[:32] for f in index.iterdir() if re.fullmatch(r"[0-9a-f]{32}\..*", f.name)}
    assert linked == listed


def test_the_default_install_never_imports_ray():
    code = ("import sys, kavosh, kavosh.cli, kavosh.engine, kavosh.api.app, kavosh.index.shards; "
            "print('ray' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and proc.stdout.strip() == "False", proc.stderr


def test_shard_counts_are_checked(run_kavosh, tmp_path: Path):
    corpus = tmp_path / "c"
    write_corpus(corpus, 3)
    for bad in ("0", "257", "x"):
        proc = run_kavosh("index", corpus, "--index", tmp_path / f"i{bad}", "--shards", bad)
        assert proc.returncode == 2 and "--shards" in proc.stderr, proc.stderr
        assert not (tmp_path / f"i{bad}" / MANIFEST).exists()
    indexed(run_kavosh, corpus, "--index", tmp_path / "four", "--shards", "4")
    indexed(run_kavosh, corpus, "--index", tmp_path / "plain")
    info = json.loads(run_kavosh("info", "--index", tmp_path / "four").stdout)
    assert info["shards"]["count"] == 4 and sum(info["shards"]["documents"]) == info["documents"] == 3, info
    assert "shards" not in json.loads(run_kavosh("info", "--index", tmp_path / "plain").stdout)
    other = run_kavosh("index", corpus, "--index", tmp_path / "four", "--shards", "2")
    assert other.returncode == 2 and "has 4 shards, not 2" in other.stderr
    plain = run_kavosh("index", corpus, "--index", tmp_path / "plain", "--shards", "2")
    assert plain.returncode == 2 and "has no shards, not 2" in plain.stderr
    # Without --shards an existing sharded index is used as it is.
    assert "0 new, 0 changed, 3 unchanged" in indexed(run_kavosh, corpus, "--index", tmp_path / "four").stderr


def test_python_api_adds_and_deletes_in_the_right_shard(tmp_path: Path):
    with kavosh.Index(tmp_path / "ix", shards=2) as ix:
        ix.add([{"id": str(i), "title": f"خبر {i}", "text": f"متن خبر شماره {i} درباره باران"} for i in range(40)])
        ix.commit()
        assert len(ix) == 40
        ix.delete("7")
        ix.add({"id": "8", "text": "متن تازه درباره برف"})
        ix.commit()
        assert len(ix) == 39 and ix.get("7") is None and "برف" in ix.get("8").text
        assert [h.id for h in ix.search("برف", snippets=False).hits] == ["8"]
    per_shard = ids_per_shard(tmp_path / "ix")
    assert [sorted(c) for c in per_shard] == [sorted(str(i) for i in range(40) if i != 7 and shard_of(str(i), 2) == s)
                                              for s in range(2)]


def test_a_long_lived_reader_of_a_sharded_index_searches_each_commit_at_once(tmp_path: Path):
    # another Index object's commits (an add, a delete, a delete and an add in one commit) are seen by the
    # reader's next search, len and reload, not after tantivy's ~0.5 s watcher: tests/cluster/test_writes.py's
    # reader of the folder once lagged one commit behind the cluster and counted one match fewer
    with kavosh.Index(tmp_path / "ix", shards=2) as w, kavosh.Index(tmp_path / "ix", create=False) as reader:
        w.add([{"id": str(i), "text": f"باران شماره {i}"} for i in range(6)])
        w.commit()
        assert reader.search("باران", limit=20, snippets=False).matched == 6
        seen = []
        for step in range(6):
            w.add({"id": f"n{step}", "text": f"باران تازه {step}"})
            if step % 2:
                w.delete(str(step))
            w.commit()
            reader.reload()
            seen.append((reader.search("باران", limit=20, snippets=False).matched, len(reader)))
        assert seen == [(7, 7), (7, 7), (8, 8), (8, 8), (9, 9), (9, 9)]
        w.delete("n0")
        w.commit()
        assert reader.search("باران", limit=20, snippets=False).matched == 8  # without reload(): the search's own


# ---------------------------------------------------------------- the same answers as one index


def ranked(index: Path, queries: list[str], k: int = 10) -> list[list[tuple[float, str, int | None, int]]]:
    """Each query's top ``k`` (collapsed) as ``(score, id, group, similar)``, ranked as ``kavosh search``
    ranks (the proximity bonus of the first hits included: computed by Kavosh from the stored text, it
    does not depend on the segments, kavosh.search.proximity)."""
    ix = kavosh.Index(index, create=False)
    op, out = ix.opened, []
    searcher = op.index.searcher()
    stats = IndexStats(op, ix.analyzer, searcher)
    for q in queries:
        plan = make_plan(q, ix.analyzer, stats, limit=k)
        found = execute(op, plan, searcher, analyzer=ix.analyzer)
        ids = [searcher.doc(h.address).get_first(S.ID) for h in found.hits]
        out.append([(h.score, i, h.group, h.similar) for h, i in zip(found.hits, ids, strict=True)])
    return out


def assert_same_answers(single: list, sharded: list, queries: list[str]) -> int:
    """Equal ranked lists: at every rank the same score (within 1e-4) and the same document, or two
    documents with equal scores (a hit is its group when it has one); returns the number of queries whose
    lists were identical — all of them since equal scores are ordered by document id
    (kavosh.search.proximity), which the callers require."""
    identical = 0
    for q, a, b in zip(queries, single, sharded, strict=True):
        assert len(a) == len(b), q
        assert all(abs(x[0] - y[0]) <= 1e-4 for x, y in zip(a, b)), (q, a, b)
        by_score_a = sorted((round(s, 4), str(g or i), n) for s, i, g, n in a)
        by_score_b = sorted((round(s, 4), str(g or i), n) for s, i, g, n in b)
        lowest = min((x[0] for x in by_score_a), default=0)  # the last tie may be cut differently
        assert [x for x in by_score_a if x[0] > lowest] == [x for x in by_score_b if x[0] > lowest], (q, a, b)
        identical += a == b
    return identical


@pytest.mark.slow
def test_four_shards_rank_hamshahri_dev_queries_as_one_index(run_kavosh, shared_data: Path, hamshahri_index: Path,
                                                            tmp_path: Path):
    index = tmp_path / "sharded"
    indexed(run_kavosh, shared_data / "seed", shared_data / "hamshahri" / "corpus.jsonl.gz", "--index", index,
            "--shards", "4", "-q")
    queries = [json.loads(line)["text"] for line in open(shared_data / "hamshahri" / "queries.jsonl", encoding="utf-8")]
    assert len(queries) == 30
    single, sharded = ranked(hamshahri_index, queries), ranked(index, queries)
    assert all(len(r) == 10 for r in single)
    assert assert_same_answers(single, sharded, queries) == len(queries)  # ties too: by id
    assert groups(index) == groups(hamshahri_index)


@pytest.mark.slow
def test_four_shards_keep_the_news_corpus_near_duplicate_groups(run_kavosh, shared_data: Path, tmp_path: Path):
    news = shared_data / "news" / "articles.jsonl.gz"
    if not news.exists():
        pytest.skip(f"{news} not found")
    indexed(run_kavosh, news, "--index", tmp_path / "one", "-q")
    indexed(run_kavosh, news, "--index", tmp_path / "four", "--shards", "4", "-q")
    one, four = groups(tmp_path / "one"), groups(tmp_path / "four")
    assert len(one) == 4000 and one == four
    assert len(set(one.values())) <= 3950  # 68 documents joined the group of a near-duplicate
    titles = [kavosh.Index(tmp_path / "one", create=False).get(d).title for d in sorted(one)[::40]]
    single, sharded = ranked(tmp_path / "one", titles), ranked(tmp_path / "four", titles)
    assert sum(h[3] for r in single for h in r) > 0  # collapsing hid members of some shown groups
    assert assert_same_answers(single, sharded, titles) == len(titles)


def test_serve_checks_the_cluster_options_before_connecting(run_kavosh, tmp_path: Path):
    corpus = tmp_path / "c"
    write_corpus(corpus, 3)
    indexed(run_kavosh, corpus, "--index", tmp_path / "four", "--shards", "4")
    for extra, message in ((["--cluster", "auto", "--replicas", "0"], "--replicas must be at least 1"),
                           (["--cluster", "auto", "--replicas", "2", "--failover", "0"], "--failover must be above 0"),
                           (["--replicas", "2"], "add --cluster ADDRESS"),
                           (["--failover", "3"], "add --cluster ADDRESS")):
        proc = run_kavosh("serve", "--index", tmp_path / "four", "--port", "0", *extra, timeout=60)
        assert proc.returncode == 2 and message in proc.stderr, (extra, proc.stderr)
    if importlib.util.find_spec("ray") is None:
        return
    # an address where nothing listens is an error within seconds, not Ray's minutes of retries; so is
    # `auto` pointing at a cluster stopped since (RAY_ADDRESS, or the file `ray start` leaves behind)
    for extra, env, message in (
            (["--cluster", "127.0.0.1:9"], {}, "cannot reach a Ray cluster at '127.0.0.1:9': nothing answers at "
                                               "127.0.0.1:9 (Connection refused); start its head node there "
                                               "(`ray start --head --port 9`) or use --cluster local"),
            (["--cluster", "ray://127.0.0.1:9"], {}, "nothing answers at 127.0.0.1:9"),
            (["--cluster", "auto"], {"RAY_ADDRESS": "127.0.0.1:9"}, "auto found 127.0.0.1:9 (RAY_ADDRESS), a "
                                                                    "cluster stopped since")):
        for cmd in (["serve", "--index", tmp_path / "four", "--port", "0"],
                    ["index", corpus, "--index", tmp_path / "new", "--shards", "2"]):
            proc = run_kavosh(*cmd, *extra, env=env, timeout=60)
            assert proc.returncode == 2 and message in proc.stderr, (cmd, extra, proc.stderr)
    assert not (tmp_path / "new").exists()
