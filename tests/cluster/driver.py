"""Runs inside the tests' loopback-only network namespace (tests/cluster/conftest.py): one cluster job,
its result as one JSON line on stdout.  Usage: ``python driver.py ADDRESS JOB ARGS_JSON``."""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time


def query_load(ix, queries: list[str], seconds: float, kill_after_s: float, kill, empty_is_missing: bool = False):
    """Two threads search ``queries`` (top 10 with snippets) on ``ix`` for ``seconds``; ``kill()`` is called
    ``kill_after_s`` into the load.  Returns ``(done, errors, killed_at, kill's result)``: ``done`` holds
    ``(start, seconds, failed, missing)`` per query (missing: the results name missing shards, or with
    ``empty_is_missing`` have no hits), ``errors`` the failures' reprs."""
    stop = time.monotonic() + seconds
    done: list[tuple[float, float, bool, bool]] = []
    errors: list[str] = []
    lock = threading.Lock()

    def load(offset: int) -> None:
        i = offset
        while time.monotonic() < stop:
            q = queries[i % len(queries)]
            i += 1
            t = time.monotonic()
            failed = missing = False
            try:
                r = ix.search(q, limit=10, snippets=True)
                missing = any(n.code == "missing_shards" for n in r.notes) or (empty_is_missing and not r.hits)
            except Exception as e:  # noqa: BLE001 - counted: the tests require none
                failed = True
                with lock:
                    errors.append(repr(e)[:300])
            with lock:
                done.append((t, time.monotonic() - t, failed, missing))

    threads = [threading.Thread(target=load, args=(j * 7,)) for j in range(2)]
    for t in threads:
        t.start()
    time.sleep(kill_after_s)
    killed_at = time.monotonic()
    result = kill()
    for t in threads:
        t.join()
    return done, errors, killed_at, result


def totals(r) -> list:
    """A result's total as the user sees it: ``[total, exact, lower bound]``."""
    return [r.total, r.total_exact, r.total_lower_bound]


def serve(address: str, args: dict) -> dict:
    """Answers of the queries from the cluster, then the same queries under load while a shard actor
    is SIGKILLed: counts of queries, failures, answers with missing shards."""
    from kavosh.cluster.serving import ClusterIndex

    ix = ClusterIndex(args["index"], address=address, timeout=args.get("timeout", 10.0))
    answers = []
    for q in args["queries"]:
        r = ix.search(q, limit=10, snippets=False)
        answers.append({"hits": [[h.id, h.score, h.group, h.similar] for h in r.hits], "total": r.total,
                        "notes": [n.code for n in r.notes]})
    pages = [[q, limit, offset, *totals(ix.search(q, limit=limit, offset=offset, snippets=False))]
             for q, limit, offset in args.get("pages", [])]
    snippet = ix.search(args["queries"][0], limit=3)
    import ray

    out = {"answers": answers, "pages": pages, "snippet": [[s.text for s in h.snippet] for h in snippet.hits],
           "nodes": ray.get([a.node.remote() for a in ix.actors]), "cluster_nodes": sum(bool(n.get("Alive")) for n in ray.nodes())}
    if not args.get("load_s"):
        return out
    victim = ix.actors[1]
    pid = ray.get(victim.pid.remote())
    done, errors, killed_at, _ = query_load(ix, args["queries"], args["load_s"], args["kill_after_s"],
                                            lambda: os.kill(pid, signal.SIGKILL))
    counts = {"queries": len(done), "failed": sum(d[2] for d in done), "missing": sum(d[3] for d in done)}
    new_pid = ray.get(victim.pid.remote())
    out.update(counts, errors=errors[:5], killed_pid=pid, new_pid=new_pid,
               seconds_after_kill=round(time.monotonic() - killed_at, 1))
    return out


def writes(address: str, args: dict) -> dict:
    """Writes through a cluster-served index, each commit followed at once by searches (read your own
    writes): every round adds a document holding ``args["word"]``, every third also deletes the one before,
    then searches the word and ``args["query"]`` and compares with a reader of the same folder reloaded in
    this process, while another thread searches ``args["query"]`` all along.  Returns the rounds' findings,
    the background searches made and any errors."""
    from kavosh import Index
    from kavosh.cluster.serving import ClusterIndex

    ix = ClusterIndex(args["index"], address=address)
    local = Index(args["index"], create=False)
    live, rounds, errors = [], [], []
    stop = threading.Event()
    background = {"searches": 0}

    def search_on() -> None:  # searches racing the commits, as an HTTP server's other clients do
        while not stop.is_set():
            try:
                ix.search(args["query"], limit=10, snippets=True)
                background["searches"] += 1
            except Exception as e:  # noqa: BLE001 - reported: the test requires none
                errors.append(repr(e)[:300])

    thread = threading.Thread(target=search_on)
    thread.start()
    for i in range(args["rounds"]):
        try:
            ix.add([{"id": f"w{i}", "title": args["word"], "text": f"{args['word']} {args['query']} {i}"}])
            live.append(f"w{i}")
            if i % 3 == 2:
                ix.delete(live.pop(-2))
            ix.commit()
            found = ix.search(args["word"], limit=100, snippets=True)
            common = ix.search(args["query"], limit=10, snippets=True)
            local.reload()
            want = local.search(args["query"], limit=10, snippets=False)
            rounds.append({"live": sorted(live), "found": sorted(h.id for h in found.hits), "total": found.total,
                           "common": [h.id for h in common.hits], "common_total": common.total,
                           "want": [h.id for h in want.hits], "want_total": want.total,
                           "snippets": all(h.snippet for h in common.hits)})
        except Exception as e:  # noqa: BLE001 - reported: the test requires none
            errors.append(repr(e)[:300])
    stop.set()
    thread.join()
    return {"rounds": rounds, "errors": errors, **background}


def fields(address: str, args: dict) -> dict:
    """Each ``args["searches"]`` item ``[query, keyword arguments]`` run on the cluster: hits, totals, facets."""
    from kavosh.cluster.serving import ClusterIndex

    # the answers are compared, not timed: a shard's first dense search loads the model, which at load 20+
    # took longer than the default 10 s and left the shard out (missing_shards)
    ix = ClusterIndex(args["index"], address=address, timeout=120)
    out = []
    for q, kw in args["searches"]:
        r = ix.search(q, snippets=False, **kw)
        out.append({"hits": [[h.id, h.score] for h in r.hits], "total": r.total, "matched": r.matched,
                    "facets": list(r.facets), "notes": [n.code for n in r.notes]})
    return {"results": out}


def dense(address: str, args: dict) -> dict:
    """``kavosh index --shards 4 --dense --cluster ADDRESS`` of ``args["corpus"]`` into ``args["index"]``, then each
    ``args["searches"]`` item ``[query, keyword arguments]`` run on the cluster (shard actors)."""
    import subprocess

    from kavosh.cluster.serving import ClusterIndex

    kavosh = os.path.join(os.path.dirname(sys.executable), "kavosh")
    proc = subprocess.run([kavosh, "index", args["corpus"], "--index", args["index"], "--shards", "4", "--dense",
                           "--cluster", address], capture_output=True, text=True,
                          timeout=600 * (3 if os.environ.get("KAVOSH_PURE_PYTHON") else 1))  # conftest.SLOWER
    if proc.returncode != 0:
        return {"error": proc.stderr[-3000:]}
    # the answers are compared, not timed: a shard's first dense search loads the model, which at load 20+
    # took longer than the default 10 s and left the shard out (missing_shards)
    ix = ClusterIndex(args["index"], address=address, timeout=120)
    out = []
    for q, kw in args["searches"]:
        r = ix.search(q, snippets=False, **kw)
        out.append({"hits": [[h.id, h.score] for h in r.hits], "total": r.total, "matched": r.matched,
                    "mode": r.mode, "notes": [n.code for n in r.notes]})
    legacy = []
    if args.get("legacy"):  # vectors in the index folder, as an earlier version kept them
        old = ClusterIndex(args["legacy"], address=address, timeout=120)
        legacy = [[[h.id, h.score] for h in old.search(q, snippets=False, mode=m).hits] for q, m in args["legacy_searches"]]
    return {"build": proc.stderr.strip().splitlines(), "results": out, "legacy": legacy}


def node_processes(node_id: str) -> list[int]:
    """The raylet of Ray node ``node_id`` (found by its command line) and every process below it."""
    children: dict[int, list[int]] = {}
    raylet = None
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                cmd = fh.read().split(b"\0")
        except OSError:
            continue
        children.setdefault(ppid, []).append(int(entry))
        if cmd and cmd[0].endswith(b"/raylet") and f"--node_id={node_id}".encode() in cmd:
            raylet = int(entry)
    if raylet is None:
        return []
    out, todo = [], [raylet]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def kill_node(node_id: str) -> list[int]:
    """SIGKILL Ray node ``node_id``'s raylet and every process below it; returns their ids."""
    pids = node_processes(node_id)
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return pids


def replicas(address: str, args: dict) -> dict:
    """Shards with 2 replicas on the 2 nodes: where they are, answers, then a query load during which the
    worker node (its raylet and every process under it: the shard actors there) is SIGKILLed."""
    import ray

    from kavosh.cluster.serving import ClusterIndex

    ix = ClusterIndex(args["index"], address=address, timeout=args["timeout"], replicas=2,
                      failover=args["failover"])
    placement = [ray.get([a.node.remote() for a in row]) for row in ix.servers.actors]
    answers = []
    for q in args["queries"]:
        r = ix.search(q, limit=10, snippets=False)
        answers.append({"hits": [[h.id, h.score] for h in r.hits], "total": r.total})
    head = ray.get_runtime_context().get_node_id()
    worker = next(n for row in placement for n in row if n != head)

    done, errors, killed_at, killed = query_load(ix, args["queries"], args["load_s"], args["kill_after_s"],
                                                 lambda: kill_node(worker), empty_is_missing=True)
    dead_after = None  # until the cluster declares the node dead (the next test adds a node again)
    while dead_after is None and time.monotonic() < killed_at + 60:
        if not any(n["NodeID"] == worker and n.get("Alive") for n in ray.nodes()):
            dead_after = round(time.monotonic() - killed_at, 1)
        time.sleep(0.5)
    after = [d for d in done if d[0] >= killed_at]
    # A new node joins: the lost replicas are re-created there while serving (Shards.repair).
    import subprocess

    lost = sum(n == worker for row in placement for n in row)
    subprocess.run(args["add_worker"], check=True, capture_output=True, timeout=120)
    joined = time.monotonic()
    while ix.servers.recreated < lost and time.monotonic() < joined + 150:
        time.sleep(0.5)
    repaired_s = round(time.monotonic() - joined, 1)
    alive = {n["NodeID"] for n in ray.nodes() if n.get("Alive")}
    placement_after = [ray.get([a.node.remote() for a in row]) for row in ix.servers.actors]
    answers_after = []
    for q in args["queries"]:
        r = ix.search(q, limit=10, snippets=False)
        answers_after.append({"hits": [[h.id, h.score] for h in r.hits], "total": r.total})
    return {"placement": placement, "head": head, "answers": answers, "killed": len(killed), "dead_after_s": dead_after,
            "lost": lost, "recreated": ix.servers.recreated, "repaired_s": repaired_s,
            "placement_after": placement_after,
            "all_alive_after": all(n in alive for row in placement_after for n in row),
            "answers_after": answers_after,
            "queries": len(done), "after_kill": len(after), "failed": sum(d[2] for d in done),
            "missing": sum(d[3] for d in done), "errors": errors[:5],
            "slowest_after_kill": round(max((d[1] for d in after), default=0.0), 2),
            "median_s": round(sorted(d[1] for d in done)[len(done) // 2], 3) if done else None}


def lose_node(address: str, args: dict) -> dict:
    """Shards without replicas, pinned over the 2 nodes: answers, then the worker node SIGKILLed (no query
    load: without replicas its shards answer nothing until re-created); one search at once with a
    ``partial_timeout`` of 3 s (``partial``: its notes, exactness, ids), then waits for the coordinator to
    re-create the lost shards on the head node, and answers again."""
    import ray

    from kavosh.cluster.serving import ClusterIndex

    ix = ClusterIndex(args["index"], address=address, timeout=args["timeout"])

    def ask() -> list[dict]:
        out = []
        for q in args["queries"]:
            r = ix.search(q, limit=10, snippets=False)
            out.append({"hits": [[h.id, h.score] for h in r.hits], "total": r.total})
        return out

    placement = [ray.get(a.node.remote()) for a in ix.servers.all()]
    answers = ask()
    head = ray.get_runtime_context().get_node_id()
    worker = next(n for n in placement if n != head)
    lost = placement.count(worker)
    killed = kill_node(worker)
    started = time.monotonic()
    # at once, with a short per-query timeout: the lost shards do not answer in time (Ray has not even
    # declared their node dead), so the answer is the other shards', with a note naming the missing ones
    ix.timeout = args.get("partial_timeout", 3.0)
    try:
        r = ix.search(args["queries"][0], limit=10, snippets=True)
        partial = {"notes": [[n.code, str(n)] for n in r.notes], "exact": r.total_exact, "total": r.total,
                   "ids": [h.id for h in r.hits], "snippets": all(h.snippet for h in r.hits),
                   "seconds": round(time.monotonic() - started, 1)}
    except Exception as e:  # noqa: BLE001 - reported: the test requires none
        partial = {"error": repr(e)[:500]}
    ix.timeout = args["timeout"]
    while ix.servers.recreated < lost and time.monotonic() < started + 120:
        time.sleep(0.5)
    return {"placement": placement, "head": head, "lost": lost, "killed": len(killed),
            "recreated": ix.servers.recreated, "repaired_s": round(time.monotonic() - started, 1),
            "placement_after": [ray.get(a.node.remote()) for a in ix.servers.all()],
            "answers": answers, "answers_after": ask(), "partial": partial}


def build(address: str, args: dict) -> dict:
    """A cluster build of ``args["paths"]`` into ``args["index"]``.  With ``kill`` true, the worker process of
    the first analysis task seen running is SIGKILLed a moment after it starts; with ``kill`` ``"node"``, the
    node of the first one seen running on a node other than this driver's (its raylet and every process
    under it, :func:`kill_node`).  ``killed``: the process id, or for a node the number of processes killed;
    ``shard``: that task's; ``lost_running_task``: it had not reported its result when killed."""
    from pathlib import Path

    import ray

    from kavosh.cluster.build import BUILD_DIR, build_on_cluster
    from kavosh.cluster.serving import connect

    connect(address)  # the build shares this connection
    lines: list[str] = []
    result: dict = {}

    def run() -> None:
        try:
            r = build_on_cluster(args["paths"], args["index"], args["shards"], address, progress=lines.append)
            result.update(documents=r.documents, bytes=r.bytes, errors=[str(e) for e in r.errors], cpu_s=r.task_cpu_s,
                          seconds=r.seconds, nodes=r.nodes)
        except Exception as e:  # noqa: BLE001 - reported to the test
            result["error"] = repr(e)

    def analysed(shard: int) -> bool:
        return any(line.startswith(f"shard {shard}: analysed") for line in lines)

    other = None
    if args.get("kill") == "node":
        here = ray.get_runtime_context().get_node_id()
        other = next(n["NodeID"] for n in ray.nodes() if n.get("Alive") and n["NodeID"] != here)
    worker = threading.Thread(target=run)
    worker.start()
    pids, killed, shard, lost = Path(args["index"]) / BUILD_DIR, None, None, None
    while args.get("kill") and worker.is_alive() and killed is None:
        there = set(node_processes(other)) if other else None
        for f in sorted(pids.glob("pid-*")) if pids.is_dir() else []:
            s, pid = map(int, f.name.split("-")[1:])
            if (there is None or pid in there) and not analysed(s):
                time.sleep(args.get("kill_after_s", 1.0 if other is None else 0.5))
                if other is None:
                    os.kill(pid, signal.SIGKILL)
                killed, shard = (pid if other is None else len(kill_node(other))), s
                lost = not analysed(s)
                break
        time.sleep(0.05)
    worker.join()
    return {**result, "killed": killed, "shard": shard, "lost_running_task": lost, "progress": lines}


def http(address: str, args: dict) -> dict:
    """``kavosh serve --cluster ADDRESS`` on a free port; the JSON of /api/search for each query."""
    import re
    import subprocess
    import urllib.parse
    import urllib.request

    kavosh = os.path.join(os.path.dirname(sys.executable), "kavosh")
    server = subprocess.Popen([kavosh, "serve", "--index", args["index"], "--cluster", address, "--port", "0"],
                              stderr=subprocess.PIPE, text=True)
    try:
        log = ""
        while (m := re.search(r"at http://([\d.]+):(\d+)/", log)) is None:
            line = server.stderr.readline()
            if not line:
                return {"error": log}
            log += line
        base = f"http://{m.group(1)}:{m.group(2)}"
        out = {"banner": log.strip().splitlines()[-1], "answers": []}
        for q in args["queries"]:
            with urllib.request.urlopen(f"{base}/api/search?q={urllib.parse.quote(q)}&limit=10", timeout=60) as r:
                body = json.loads(r.read())
            out["answers"].append({"hits": [[h["id"], h["score"], h.get("group") or h["id"]] for h in body["hits"]], "total": body["total"]})
        return out
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    address, job, raw = sys.argv[1], sys.argv[2], sys.argv[3]
    result = {"serve": serve, "http": http, "build": build, "fields": fields,
              "replicas": replicas, "lose_node": lose_node, "dense": dense, "writes": writes}[job](address, json.loads(raw))
    print(json.dumps(result, ensure_ascii=False))
