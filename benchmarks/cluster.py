#!/usr/bin/env python3
"""Scale-out on Ray: fan-out latency over 4 shard actors against in-process search, build CPU per MB on
1 and 2 nodes, and the cluster's idle memory — measured in one run (docs/scale-out.md, docs/benchmarks.md).

Run as root with the project's environment and the ``cluster`` extra::

    python benchmarks/cluster.py [--rounds 3] [--json OUT]

The Ray nodes run in a network namespace holding only the loopback interface (Ray would otherwise
rewrite 127.0.0.1 to the machine's address), created and deleted here, one CPU and an 80 MB object
store each, no dashboard; this script re-runs itself inside it (``--inside``) for each measurement.

- **latency**: the 4-shard Hamshahri index (``kavosh index --shards 4``); its 30 dev queries plus 70
  titles of its documents, top 10, without and with snippets; each round runs every query once through
  :class:`kavosh.cluster.serving.ClusterIndex` (2 nodes, 4 actors) and once in-process
  (:class:`kavosh.Index` over the same index, in the same driver process), alternating; p50 / p99 over
  all rounds.
- **build**: the news corpus (4,000 articles) built as 4 shards by ``kavosh.cluster.build`` on 1 node,
  then on 2 nodes; CPU seconds of the tasks and of the driver process per MB of text (Ray's own daemons
  not counted), and wall time; beside it ``kavosh index --shards 4 --jobs 1`` in-process (CPU of the
  process from ``getrusage``).
- **memory**: the summed RSS and PSS of the cluster's processes (psutil), 2 nodes idle, then with the
  4 shard actors loaded.
- **facets and sort**: the news corpus with declared fields (tests/fields/newsfields.py) as 4 shards;
  20 words of its titles, each with facets (``category,site,tags,views,published:month,long_read``) and
  sorted by ``views:desc``, on the cluster (4 actors) and in-process, alternating; p50 / p99.
- **replicas**: the latency rows again with 2 replicas per shard (8 actors, each shard's two on the two
  nodes); then 2 threads of queries (snippets on) for ``--kill-load`` seconds during which the worker node
  is killed (its raylet and every process under it, SIGKILL) after 3 s: queries, failed, incomplete,
  latency p50 / p99 / max of the queries started after the kill, and how long Ray took to declare the
  node dead.

``--skip-build`` leaves out the build rows (and their in-process build).

``--dense N`` measures only dense and hybrid search (issue 19): the first N news articles (title and
abstract) as 4 shards with passage vectors (``kavosh index --shards 4 --dense``, the real model), the
first three words of 40 of their titles, top 10 without snippets, each mode on the cluster (4 actors,
2 nodes) and in-process, alternating; p50 / p99 over ``--rounds`` rounds.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]  # benchmarks/http.py shadows http
DATA = HERE.parent.parent / "shared" / "data"
BIN = Path(sys.executable).parent
PORT = 6395


def report(results: dict, path: str | None) -> None:
    """Print ``results`` as JSON, and write them to ``path`` when given."""
    text = json.dumps(results, indent=2, ensure_ascii=False)
    print(text)
    if path:
        Path(path).write_text(text, encoding="utf-8")


def pct(values: list[float], q: float) -> float:
    """The ``q``-th percentile (nearest rank) of ``values``."""
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q / 100 * len(s)) - 1))]


# ---------------------------------------------------------------- inside the namespace
def inside_latency(address: str, index: str, queries: list[str], rounds: int) -> dict:
    import kavosh
    from kavosh.cluster.serving import ClusterIndex

    cluster, local = ClusterIndex(index, address=address), kavosh.Index(index, create=False)
    out = {}
    for snippets in (False, True):
        times = {"cluster": [], "in-process": []}
        for q in queries[:10]:  # warm both
            cluster.search(q, snippets=snippets)
            local.search(q, snippets=snippets)
        for _ in range(rounds):
            for q in queries:
                for name, ix in (("cluster", cluster), ("in-process", local)):
                    t = time.perf_counter()
                    ix.search(q, limit=10, snippets=snippets)
                    times[name].append((time.perf_counter() - t) * 1000)
        out["snippets" if snippets else "no snippets"] = {
            name: {"p50_ms": round(statistics.median(v), 2), "p99_ms": round(pct(v, 99), 2), "n": len(v)}
            for name, v in times.items()}
    return out


def inside_dense(address: str, index: str, queries: list[str], rounds: int) -> dict:
    import kavosh
    from kavosh.cluster.serving import ClusterIndex

    cluster, local = ClusterIndex(index, address=address), kavosh.Index(index, create=False)
    out = {}
    for mode in ("dense", "hybrid"):
        times = {"cluster": [], "in-process": []}
        same = 0
        for q in queries:  # warm both (and the query vectors' cache, as a server's repeated queries)
            a, b = cluster.search(q, mode=mode, snippets=False), local.search(q, mode=mode, snippets=False)
            same += [h.id for h in a.hits] == [h.id for h in b.hits]
        for _ in range(rounds):
            for q in queries:
                for name, ix in (("cluster", cluster), ("in-process", local)):
                    t = time.perf_counter()
                    ix.search(q, limit=10, snippets=False, mode=mode)
                    times[name].append((time.perf_counter() - t) * 1000)
        out[mode] = {name: {"p50_ms": round(statistics.median(v), 2), "p99_ms": round(pct(v, 99), 2), "n": len(v)}
                     for name, v in times.items()}
        out[mode]["same top 10"] = f"{same}/{len(queries)}"
    return out


def inside_build(address: str, corpus: str, index: str) -> dict:
    from kavosh.cluster.build import build_on_cluster

    r = build_on_cluster([corpus], index, 4, address)
    me = resource.getrusage(resource.RUSAGE_SELF)  # the driver: grouping, view, completion table
    cpu = r.task_cpu_s + me.ru_utime + me.ru_stime
    return {"documents": r.documents, "mb": round(r.bytes / 1e6, 2), "task_cpu_s": round(r.task_cpu_s, 2),
            "driver_cpu_s": round(me.ru_utime + me.ru_stime, 2), "cpu_s_per_mb": round(cpu / (r.bytes / 1e6), 3),
            "wall_s": round(r.seconds, 2), "nodes": r.nodes}


def inside_fields(address: str, index: str, words: list[str], rounds: int) -> dict:
    import kavosh
    from kavosh.cluster.serving import ClusterIndex

    cluster, local = ClusterIndex(index, address=address), kavosh.Index(index, create=False)
    out = {}
    for label, kw in (("facets", {"facets": "category,site,tags,views,published:month,long_read"}),
                      ("sort views:desc", {"sort": "views:desc"})):
        times = {"cluster": [], "in-process": []}
        for w in words[:5]:
            cluster.search(w, snippets=False, **kw)
            local.search(w, snippets=False, **kw)
        for _ in range(rounds):
            for w in words:
                for name, ix in (("cluster", cluster), ("in-process", local)):
                    t = time.perf_counter()
                    ix.search(w, limit=10, snippets=False, **kw)
                    times[name].append((time.perf_counter() - t) * 1000)
        out[label] = {name: {"p50_ms": round(statistics.median(v), 2), "p99_ms": round(pct(v, 99), 2), "n": len(v)}
                      for name, v in times.items()}
    return out


def inside_replicas(address: str, index: str, queries: list[str], rounds: int, kill_load: float) -> dict:
    import threading

    import ray

    from kavosh.cluster.serving import ClusterIndex

    sys.path.insert(0, str(HERE.parent / "tests" / "cluster"))
    from driver import node_processes  # the raylet of a node and the processes under it

    cluster = ClusterIndex(index, address=address, replicas=2)
    times = []
    for q in queries[:10]:
        cluster.search(q, snippets=False)
    for _ in range(rounds):
        for q in queries:
            t = time.perf_counter()
            cluster.search(q, limit=10, snippets=False)
            times.append((time.perf_counter() - t) * 1000)
    out = {"no snippets, 2 replicas": {"p50_ms": round(statistics.median(times), 2),
                                       "p99_ms": round(pct(times, 99), 2), "n": len(times)}}
    head = ray.get_runtime_context().get_node_id()
    worker = next(n for row in cluster.servers.actors for n in ray.get([a.node.remote() for a in row]) if n != head)
    done, lock, stop = [], threading.Lock(), time.monotonic() + kill_load

    def load(i: int) -> None:
        while time.monotonic() < stop:
            t = time.monotonic()
            failed = missing = False
            try:
                r = cluster.search(queries[i % len(queries)], limit=10)
                missing = any(n.code == "missing_shards" for n in r.notes)
            except Exception:  # noqa: BLE001 - counted
                failed = True
            i += 1
            with lock:
                done.append((t, (time.monotonic() - t) * 1000, failed, missing))

    threads = [threading.Thread(target=load, args=(j * 7,)) for j in range(2)]
    for th in threads:
        th.start()
    time.sleep(3)
    killed_at = time.monotonic()
    for pid in node_processes(worker):
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
    for th in threads:
        th.join()
    dead = None
    while dead is None and time.monotonic() < killed_at + 120:
        if not any(n["NodeID"] == worker and n.get("Alive") for n in ray.nodes()):
            dead = round(time.monotonic() - killed_at, 1)
        time.sleep(0.5)
    after = [d[1] for d in done if d[0] >= killed_at]
    out["worker node killed under load"] = {
        "queries": len(done), "failed": sum(d[2] for d in done), "incomplete": sum(d[3] for d in done),
        "after_kill": len(after), "p50_ms": round(statistics.median(after), 1) if after else None,
        "p99_ms": round(pct(after, 99), 1) if after else None, "max_ms": round(max(after), 1) if after else None,
        "node_declared_dead_after_s": dead, "failover_s": cluster.servers.failover}
    return out


def inside_actors(address: str, index: str, temp: str) -> dict:
    """The cluster's memory (:func:`cluster_memory`) while this driver holds the 4 shard actors of ``index``,
    each having answered a search (they end with the driver, so it is measured here)."""
    from kavosh.cluster.serving import ClusterIndex

    ix = ClusterIndex(index, address=address)  # the actors are up when this returns
    ix.search("ایران", snippets=False)
    return cluster_memory(temp)


# ---------------------------------------------------------------- the outside
class Namespace:
    """A loopback-only network namespace with Ray nodes started in it."""

    def __init__(self) -> None:
        self.name = f"kavosh-bench-{os.getpid()}"
        self.temp = Path(f"/tmp/kb{os.getpid()}")
        self.env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0"}
        subprocess.run(["ip", "netns", "add", self.name], check=True)
        subprocess.run(["ip", "netns", "exec", self.name, "ip", "link", "set", "lo", "up"], check=True)

    def exec(self, *cmd: str, check: bool = True) -> subprocess.CompletedProcess:
        proc = subprocess.run(["ip", "netns", "exec", self.name, *cmd], capture_output=True, text=True,
                              env=self.env, timeout=1800)
        if check and proc.returncode != 0:
            raise RuntimeError(f"{cmd}: {proc.stderr[-3000:]}")
        return proc

    def node(self, head: bool) -> None:
        common = ["--num-cpus", "1", "--object-store-memory", str(80 * 1024 * 1024), "--disable-usage-stats"]
        if head:
            self.exec(str(BIN / "ray"), "start", "--head", "--port", str(PORT), "--include-dashboard", "false",
                      "--temp-dir", str(self.temp), *common)
        else:
            self.exec(str(BIN / "ray"), "start", "--address", f"127.0.0.1:{PORT}", *common)

    def job(self, name: str, *args) -> dict:
        proc = self.exec(sys.executable, __file__, "--inside", name, f"127.0.0.1:{PORT}", json.dumps(args))
        return json.loads([line for line in proc.stdout.splitlines() if line.startswith("{")][-1])

    def close(self) -> None:
        """Kill the namespace's processes by id (``ray stop`` would stop any Ray on the machine)."""
        for sig in (15, 9):
            pids = subprocess.run(["ip", "netns", "pids", self.name], capture_output=True, text=True).stdout.split()
            for pid in pids:
                try:
                    os.kill(int(pid), sig)
                except ProcessLookupError:
                    pass
            time.sleep(2)
        subprocess.run(["ip", "netns", "del", self.name], check=False)
        shutil.rmtree(self.temp, ignore_errors=True)


def cluster_memory(temp: str) -> dict:
    """Summed RSS and PSS (MiB) of the cluster's processes: those whose command line names its temporary
    folder ``temp``, and Ray's workers (``ray::…``; no other Ray may run on the machine meanwhile)."""
    import psutil

    rss = pss = 0
    for p in psutil.process_iter(["cmdline"]):
        cmd = " ".join(p.info["cmdline"] or [])
        if temp not in cmd and not cmd.startswith("ray::"):
            continue
        try:
            mem = p.memory_full_info()
            rss, pss = rss + mem.rss, pss + mem.pss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return {"rss_mib": round(rss / 2 ** 20), "pss_mib": round(pss / 2 ** 20)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--json", default=None, help="also write the results here")
    ap.add_argument("--skip-build", action="store_true", help="leave out the build rows")
    ap.add_argument("--kill-load", type=float, default=12.0, help="seconds of load around the node kill")
    ap.add_argument("--dense", type=int, default=0, metavar="N",
                    help="measure only dense and hybrid search over N news articles with passage vectors")
    ap.add_argument("--inside", nargs=3, metavar=("JOB", "ADDRESS", "ARGS"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.inside:
        job, address, args = a.inside
        fn = {"latency": inside_latency, "build": inside_build, "actors": inside_actors, "fields": inside_fields,
              "replicas": inside_replicas, "dense": inside_dense}[job]
        print(json.dumps(fn(address, *json.loads(args))))
        return
    work = Path(tempfile.mkdtemp(prefix="kavosh-bench-cluster-"))
    kavosh = str(BIN / "kavosh")
    if a.dense:
        return dense_only(a, work, kavosh)
    ham, news = DATA / "hamshahri", DATA / "news" / "articles.jsonl.gz"
    index = work / "hamshahri-4"
    subprocess.run([kavosh, "index", str(ham / "corpus.jsonl.gz"), "--index", str(index), "--shards", "4", "-q"],
                   check=True)
    queries = [json.loads(line)["text"] for line in open(ham / "queries.jsonl", encoding="utf-8")]
    with gzip.open(ham / "corpus.jsonl.gz", "rt", encoding="utf-8") as f:
        titles = [json.loads(line).get("title", "") for line in f]
    queries += [t for t in titles[::50] if t.strip()][:70]
    results: dict = {"queries": len(queries), "rounds": a.rounds}
    sys.path.insert(0, str(HERE.parent / "tests" / "fields"))
    import newsfields

    fields = work / "news-fields-4"
    subprocess.run([kavosh, "index", str(newsfields.write(work / "news-fields.jsonl")), "--index", str(fields),
                    "--shards", "4", *newsfields.FIELDS, "-q"], check=True)
    letters = ["".join(c for c in w if c.isalpha() or c == "\u200c") for r in newsfields.records(400)[::20]
               for w in r["title"].split()[:3]]
    words = [w for w in letters if len(w) >= 4][:20]  # content words of every 20th title
    ns = Namespace()
    try:
        ns.node(head=True)
        if not a.skip_build:
            t0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            w0 = time.perf_counter()
            subprocess.run([kavosh, "index", str(news), "--index", str(work / "news-local"), "--shards", "4", "-q",
                            "--jobs", "1"], check=True)
            t1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            local_wall = time.perf_counter() - w0
            local_cpu = t1.ru_utime + t1.ru_stime - t0.ru_utime - t0.ru_stime
            one = ns.job("build", str(news), str(work / "news-1node"))
            results["build"] = {"in-process (kavosh index --shards 4 --jobs 1)": {
                "cpu_s": round(local_cpu, 2), "cpu_s_per_mb": round(local_cpu / one["mb"], 3),
                "wall_s": round(local_wall, 2)}, "ray, 1 node": one}
        ns.node(head=False)
        time.sleep(2)
        results["memory"] = {"2 nodes idle": cluster_memory(str(ns.temp))}
        if not a.skip_build:
            results["build"]["ray, 2 nodes"] = ns.job("build", str(news), str(work / "news-2nodes"))
        actors = ns.job("actors", str(index), str(ns.temp))
        results["latency"] = ns.job("latency", str(index), queries, a.rounds)
        results["memory"]["2 nodes, 4 shard actors"] = actors
        results["facets and sort (news with fields, 20 words)"] = ns.job("fields", str(fields), words, a.rounds)
        results["replicas"] = ns.job("replicas", str(index), queries, a.rounds, a.kill_load)
    finally:
        ns.close()
        shutil.rmtree(work, ignore_errors=True)
    report(results, a.json)


def dense_only(a, work: Path, kavosh: str) -> None:
    """``--dense N``: the dense and hybrid rows alone (see the module text)."""
    corpus, titles = work / "news-dense.jsonl", []
    with gzip.open(DATA / "news" / "articles.jsonl.gz", "rt", encoding="utf-8") as f, \
            open(corpus, "w", encoding="utf-8") as out:
        for _, line in zip(range(a.dense), f, strict=False):
            d = json.loads(line)
            titles.append(d["title"])
            out.write(json.dumps({"id": str(d["id"]), "title": d["title"],
                                  "text": d.get("abstract") or d["text"][:400]}, ensure_ascii=False) + "\n")
    index = work / "news-dense-4"
    t0 = time.perf_counter()
    subprocess.run([kavosh, "index", str(corpus), "--index", str(index), "--shards", "4", "--dense", "-q"], check=True)
    queries = [" ".join(t.split()[:3]) for t in titles[:: max(1, len(titles) // 40)]][:40]
    results: dict = {"articles": a.dense, "index and embed s": round(time.perf_counter() - t0, 1),
                     "queries": len(queries), "rounds": a.rounds}
    ns = Namespace()
    try:
        ns.node(head=True)
        ns.node(head=False)
        results["dense and hybrid"] = ns.job("dense", str(index), queries, a.rounds)
    finally:
        ns.close()
        shutil.rmtree(work, ignore_errors=True)
    report(results, a.json)


if __name__ == "__main__":
    main()
