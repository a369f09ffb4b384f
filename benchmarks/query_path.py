#!/usr/bin/env python3
"""Query analysis + rewriting, and snippet placement per hit: the Python specification against the
compiled core (issue #15 item 4), in-process, warm, one call at a time.

Two measures, each in a worker process per analysis path (``KAVOSH_PURE_PYTHON=1`` for the Python
specification, nothing for the Rust core), the paths alternating over ``--rounds``:

* **plan** — :func:`kavosh.query.plan.make_plan`: everything from the raw query string to the
  plan handed to the searcher (limits, parsing and analysis of every leaf, keyboard layout,
  Finglish, spelling correction, sound-alike and name alternatives, compound variants, synonyms).
  Queries: the dev queries of ``benchmarks/retrieval.py`` (each collection's ``queries.jsonl``,
  ``--sample`` per collection drawn with ``--seed``; 0 = all) and each one's ``finglish``, ``typo``,
  ``homophone`` and ``layout`` forms (``benchmarks/query_forms.py``), run against that collection's
  Kavosh index (built in ``--workdir`` as ``retrieval.py`` builds it, or reused).  A query the
  planner refuses (only stopwords) is timed too and counted.
* **hit** — what :func:`kavosh.present.format.present` does for one hit given its stored text and
  the plan: the title highlighted (``_title_segments``) and the snippet placed (``_snippet``: anchor
  scan, bounded analysis, best window, segments) from the text's stored UTF-8 bytes, as ``present``
  passes them (the Python specification decodes them, the core reads them as they are), on a
  **50,000-character document** of real Persian
  text: the query's relevant document (qrels) put at a random place among other documents of the
  same collection, concatenated (title, newline, text) and cut to 50,000 characters.  ``--hits``
  hits in pages of :data:`PAGE`: a query drawn from the timed plans and ten such documents (its
  relevant one in each at another place, among other documents), as a results page presents them.  The per-query part of ``present``
  (``matcher``, ``wanted_terms``, ``anchors`` and ``compile_anchors``: the anchor pattern built and
  compiled for the scan that uses it, ``re``'s or the core's) is timed apart as **present setup** (once
  per query, not per hit).
* **hit, placed** and **hit, match at the end, placed** — the same hits as they are presented from an
  index (issue #15 item 4): the hit documents are indexed once (``hits-index`` in the work folder, the
  compiled core's writer, which stores a long text's token checkpoints: :mod:`kavosh.index.checkpoints`);
  per hit the title, the query terms' positions read from the index (``TopSnapshot.positions``) and
  the snippet placed by them (:mod:`kavosh.present.placed`), falling back to the scan where the plan
  needs it (a prefix, words wanted as written); the stored document's read is not timed (as in
  **hit**).  How many hits were placed, and how many of those gave the very snippet the scan gives,
  are reported.  Rust path only (the specification has no positions: its rows repeat **hit**).
* **hit, match at the end** — the same per-hit work on 50,000-character documents whose only
  match is at their end: the query's relevant document last, after other documents of the
  collection in which the query's anchor pattern finds no place at all (checked per query with
  ``re``, untimed), the whole cut to its last 50,000 characters: the scan reads the whole text
  before its first place.  The same pages as **hit** (other fillers); a page whose collection has
  no such filler for its query is skipped and counted.

Warm: each worker first runs ``--warm`` other queries of each collection (with their forms) and
their hits untimed (word lists, completion tables, caches of the process loaded), then times each
measured query and hit once — each is new to the process, as a query arriving at a server is.
Reported per path: the median over rounds of each round's p50 and p99 (ms), wall clock
(``perf_counter``) and the calling thread's CPU time (``thread_time``: steadier on a loaded
machine), and Python ÷ Rust of the medians.

Usage::

    python benchmarks/query_path.py [--workdir /tmp/query-path] [--collections hamshahri parsinlu_rc
        pquad_validation] [--sample 300] [--warm 50] [--hits 300] [--rounds 3] [--paths python rust]
        [--seed 7] [--json]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]  # benchmarks/http.py shadows http
DATA = HERE.parent.parent / "shared" / "data"
FORMS = ("finglish", "typo", "homophone", "layout")
DOC_CHARS = 50_000
PAGE = 10
END_POOL = 400
"""Documents per collection from which the fillers of the end-only documents are drawn."""
"""Hits per query: a page of results (the query's anchor pattern is compiled once for them)."""
PATHS = {"python": {"KAVOSH_PURE_PYTHON": "1"}, "rust": {}}
MEASURES = ("plan", "present_setup", "hit", "hit_end", "hit_placed", "hit_end_placed")


def _module(name: str):
    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def percentile(xs: list[float], p: float) -> float:
    """Nearest-rank percentile ``p`` (0–100] of ``xs``."""
    s = sorted(xs)
    return s[max(0, min(len(s) - 1, -(-len(s) * p // 100) - 1))]


def _with_forms(query: str, rng: random.Random, qf, analyzer) -> list[tuple[str, str]]:
    out = [("original", query)]
    for form in FORMS:
        fn = getattr(qf, f"to_{form}")
        q = fn(query, rng, analyzer) if form in ("typo", "homophone") else fn(query, rng)
        if q.strip() and q != query:
            out.append((form, q))
    return out


def make_inputs(collections: list[str], data: Path, workdir: Path, sample: int, warm: int, hits: int,
                seed: int) -> dict:
    """Build (or reuse) each collection's index and draw the queries, their forms and the hits' documents.

    Returns ``{"collections": {name: index path}, "warm": [...], "queries": [...], "hits": [...],
    "warm_hits": [...]}``: a query is ``[collection, form, text]``, a hit ``[index into queries (warm_hits:
    into warm), title, 50k-character text]``."""
    from kavosh.analysis import default_analyzer
    from kavosh.eval import read_qrels, read_topics


    retrieval, qf, bc = _module("retrieval"), _module("query_forms"), _module("bench_corpora")
    analyzer = default_analyzer()
    rng = random.Random(seed)
    out: dict = {"collections": {}, "warm": [], "queries": [], "hits": [], "warm_hits": [], "end_hits": [],
                 "pool": {}}
    candidates, warm_candidates = [], []  # (index into queries or warm, collection, relevant doc id)
    for name in collections:
        coll = data / name
        out["collections"][name] = str(retrieval.build_index(coll, workdir))
        qrels = read_qrels(coll / "qrels.tsv")
        topics = [t for t in read_topics(coll / "queries.jsonl") if t[0] in qrels]
        rng.shuffle(topics)
        n = len(topics) if sample <= 0 else min(sample, len(topics))
        measured, warmup = topics[:n], topics[n:n + warm] or topics[:warm]
        for qid, text in warmup:
            for f, q in _with_forms(text, rng, qf, analyzer):
                warm_candidates.append((len(out["warm"]), name, sorted(qrels[qid])[0]))
                out["warm"].append([name, f, q])
        for qid, text in measured:
            for f, q in _with_forms(text, rng, qf, analyzer):
                candidates.append((len(out["queries"]), name, sorted(qrels[qid])[0]))
                out["queries"].append([name, f, q])
    docs = {name: {d["id"]: d for d in bc.load_beir(retrieval.corpus_file(data / name))} for name in collections}
    ids = {name: sorted(docs[name]) for name in collections}
    for key, pool, n_hits in (("hits", candidates, hits), ("warm_hits", warm_candidates, 20)):
        for qi, name, rel in rng.sample(pool, min(-(-n_hits // PAGE), len(pool))):
            if rel in docs[name]:
                r = docs[name][rel]
                out[key].extend([qi, r["title"], _long_document(r, docs[name], ids[name], rng)] for _ in range(PAGE))
                if key == "hits":  # the same page with its match at the end only (fillers chosen per query)
                    out["end_hits"].extend([qi, r["title"], r["title"] + "\n" + r["text"]] for _ in range(PAGE))
    for name in collections:  # fillers for the end-only documents
        out["pool"][name] = [docs[name][i]["title"] + "\n" + docs[name][i]["text"]
                             for i in rng.sample(ids[name], min(END_POOL, len(ids[name])))]
    return out


def end_document(relevant: str, clean: list[str], rng: random.Random) -> str | None:
    """:data:`DOC_CHARS` characters ending with ``relevant``, after documents drawn at random from
    ``clean`` (those in which the query's anchor scan finds nothing; repeated when few); ``None``
    when ``clean`` is empty."""
    if not clean:
        return None
    parts, size = [relevant], len(relevant)
    while size < DOC_CHARS:
        parts.append(rng.choice(clean))
        size += len(parts[-1]) + 2
    return "\n\n".join(reversed(parts))[-DOC_CHARS:]


def _long_document(relevant: dict, docs: dict, ids: list[str], rng: random.Random) -> str:
    """:data:`DOC_CHARS` characters of documents (title, newline, text; a blank line between), the
    ``relevant`` one starting somewhere before the last 5,000 characters, the others drawn at random."""
    parts, size = [], 0
    while size < 2 * DOC_CHARS:
        d = docs[rng.choice(ids)]
        parts.append(d["title"] + "\n" + d["text"])
        size += len(parts[-1]) + 2
    where, at = rng.randrange(0, DOC_CHARS - 5_000), 0
    for k, p in enumerate(parts):
        if at + len(p) > where:
            parts.insert(k, relevant["title"] + "\n" + relevant["text"])
            break
        at += len(p) + 2
    return "\n\n".join(parts)[:DOC_CHARS]


def hits_index(inputs: dict, work: Path) -> Path:
    """An index of the timed hits' documents (``h<i>``: ``inputs["hits"][i]``), built once per inputs
    with the compiled core's writer; the end-only documents are made in the worker and indexed there."""
    import hashlib

    from kavosh.engine import Index

    key = hashlib.sha256(json.dumps(inputs["hits"], ensure_ascii=False).encode()).hexdigest()[:12]
    path = work / f"hits-index-{key}"
    if not (path / "meta.json").exists():
        with Index(path) as ix:
            ix.add({"id": f"h{i}", "title": title, "text": text} for i, (_qi, title, text) in enumerate(inputs["hits"]))
            ix.commit()
    return path


def _summary(xs: list[float]) -> dict:
    return {"p50": statistics.median(xs) * 1000, "p99": percentile(xs, 99) * 1000, "n": len(xs)}


def worker(inputs_file: str) -> dict:
    """Time the plans, present setups and hits of ``inputs_file`` in this process; per measure
    ``{"wall": {"p50", "p99", "n"}, "cpu": {...}}`` (ms), plus refused queries and the core's use."""
    from kavosh.analysis import default_analyzer
    from kavosh.engine import Index
    from kavosh.index.stats import IndexStats
    from kavosh.present.format import _snippet, _title_segments, anchors, matcher, wanted_terms
    from kavosh.present.highlight import compile_anchors
    from kavosh.query.parse import QuerySyntaxError
    from kavosh.query.plan import make_plan

    inputs = json.loads(Path(inputs_file).read_text(encoding="utf-8"))
    analyzer = default_analyzer()
    analyzer.warm()
    opened = {name: Index(path, create=False, analyzer=analyzer)._opened for name, path in inputs["collections"].items()}
    searchers = {name: o.index.searcher() for name, o in opened.items()}

    def plan_of(name: str, query: str):
        try:
            return make_plan(query, analyzer, IndexStats(opened[name], analyzer, searchers[name]))
        except QuerySyntaxError:
            return None

    def hit(plan, title: str, text: str):
        is_match, places = matcher(plan), anchors(plan)
        compile_anchors(places, analyzer, is_match)
        _title_segments(title, analyzer, is_match)
        return _snippet(text.encode("utf-8"), analyzer, is_match, wanted_terms(plan), None, places)

    warm_plans = [plan_of(name, q) for name, _form, q in inputs["warm"]]  # untimed: word lists, tables
    for qi, title, text in inputs["warm_hits"]:
        if warm_plans[qi] is not None:
            hit(warm_plans[qi], title, text)
    wall, cpu = time.perf_counter, time.thread_time

    def timed_hit(title: str, text: str, is_match, n, places, walls: list, cpus: list) -> bool:
        """One hit's title and snippet, timed into ``walls``/``cpus``; whether the snippet has a mark."""
        stored = text.encode("utf-8")  # as the store hands it (present passes these bytes on)
        w0, c0 = wall(), cpu()
        _title_segments(title, analyzer, is_match)
        segs = _snippet(stored, analyzer, is_match, n, None, places)
        c1, w1 = cpu(), wall()
        walls.append(w1 - w0)
        cpus.append(c1 - c0)
        return any(s.match for s in segs)

    plan_w, plan_c, plans, refused = [], [], [], 0
    for name, _form, q in inputs["queries"]:
        w0, c0 = wall(), cpu()
        plan = plan_of(name, q)
        c1, w1 = cpu(), wall()
        plan_w.append(w1 - w0)
        plan_c.append(c1 - c0)
        plans.append(plan)
        refused += plan is None
    setup_w, setup_c, hit_w, hit_c, matched, last = [], [], [], [], 0, None
    end_docs, skipped, rng = [], 0, random.Random(11)  # the end-only documents, untimed
    clean: dict = {}
    for qi, title, relevant in inputs["end_hits"]:
        plan, name = plans[qi], inputs["queries"][qi][0]
        places = anchors(plan) if plan is not None else None
        if places is None:
            continue
        if qi not in clean:
            clean[qi] = [d for d in inputs["pool"][name] if not places.re.search(d)]
        text = end_document(relevant, clean[qi], rng)
        if text is None:
            skipped += 1
        else:
            end_docs.append((plan, title, text))
    for qi, title, text in inputs["hits"]:
        plan = plans[qi]
        if plan is None:
            continue
        if qi != last:  # a new page: the query's part of present, once
            w0, c0 = wall(), cpu()
            is_match, n, places = matcher(plan), wanted_terms(plan), anchors(plan)
            compile_anchors(places, analyzer, is_match)
            c1, w1 = cpu(), wall()
            setup_w.append(w1 - w0)
            setup_c.append(c1 - c0)
            last = qi
        matched += timed_hit(title, text, is_match, n, places, hit_w, hit_c)
    end_w, end_c, end_matched = [], [], 0
    for plan, title, text in end_docs:
        is_match, n, places = matcher(plan), wanted_terms(plan), anchors(plan)
        compile_anchors(places, analyzer, is_match)  # compiled for its page above: a cache hit
        end_matched += timed_hit(title, text, is_match, n, places, end_w, end_c)
    out = {"core": analyzer._core is not None, "refused": refused, "hits_matched": matched,
           "end_hits": len(end_docs), "end_skipped": skipped, "end_matched": end_matched,
           "plan": {"wall": _summary(plan_w), "cpu": _summary(plan_c)},
           "present_setup": {"wall": _summary(setup_w), "cpu": _summary(setup_c)},
           "hit": {"wall": _summary(hit_w), "cpu": _summary(hit_c)},
           "hit_end": {"wall": _summary(end_w), "cpu": _summary(end_c)}}
    if analyzer._core is None:  # no positions in the specification: the scan is what it does
        out["hit_placed"], out["hit_end_placed"] = out["hit"], out["hit_end"]
        return out
    pages = [(plans[qi], title, f"h{i}") for i, (qi, title, _text) in enumerate(inputs["hits"])]
    with tempfile.TemporaryDirectory(prefix="query-path-end-") as tmp:
        with Index(tmp, analyzer=analyzer) as ix:  # the end-only documents, indexed untimed
            ix.add({"id": f"e{i}", "title": title, "text": text} for i, (_p, title, text) in enumerate(end_docs))
            ix.commit()
            ends = [(plan, title, f"e{i}") for i, (plan, title, _text) in enumerate(end_docs)]
            out["hit_end_placed"], out["end_placed"] = placed_hits(ix._opened, ends, analyzer)
        with Index(inputs["hits_index"], create=False, analyzer=analyzer) as ix:
            out["hit_placed"], out["placed"] = placed_hits(ix._opened, [p for p in pages if p[0] is not None], analyzer)
    return out


def placed_hits(opened, hits: list, analyzer) -> tuple[dict, dict]:
    """Time each hit ``(plan, title, id)`` of ``opened`` as :func:`kavosh.present.format.present` presents
    it: the title, the positions of the plan's terms read from the index and the snippet placed by them
    (or scanned where the plan needs it); returns the timings and ``{"hits", "placed", "marked",
    "same"}``: hits placed by positions, hits with a mark, placed snippets equal to the scanned ones."""
    import tantivy

    from kavosh.index import schema as S
    from kavosh.index.store import StoredReader
    from kavosh.present.format import _snippet, _title_segments, anchors, matcher, wanted_terms
    from kavosh.present.highlight import compile_anchors
    from kavosh.present.placed import hit_positions, terms_of
    from kavosh.search.topk import current_searcher, pinned_snapshot

    searcher = current_searcher(opened)
    snapshot = pinned_snapshot(opened, searcher)
    reader = StoredReader(searcher)
    wall, cpu = time.perf_counter, time.thread_time
    walls, cpus, counts = [], [], {"hits": 0, "placed": 0, "marked": 0, "same": 0}
    for plan, title, doc_id in hits:
        is_match, n, places = matcher(plan), wanted_terms(plan), anchors(plan)
        compile_anchors(places, analyzer, is_match)
        placing = terms_of(plan)
        got = searcher.search(tantivy.Query.term_query(opened.schema, S.ID, doc_id), 1).hits
        address = got[0][1]
        doc, _stored = reader.read(address, text=False)  # untimed, as in ``hit``
        stored = bytes(doc.get_first(S.STORED_TEXT))
        tokens = reader.checkpoints(address) if placing else None
        w0, c0 = wall(), cpu()
        _title_segments(title, analyzer, is_match)
        positions = hit_positions(snapshot, address, placing) if tokens and snapshot is not None else None
        segs = _snippet(stored, analyzer, is_match, n, None, places,
                        (tokens, positions) if positions is not None else None)
        c1, w1 = cpu(), wall()
        walls.append(w1 - w0)
        cpus.append(c1 - c0)
        counts["hits"] += 1
        counts["marked"] += any(s.match for s in segs)
        if positions is not None:
            counts["placed"] += 1
            scanned = _snippet(stored, analyzer, is_match, n, None, places)
            counts["same"] += [(s.text, s.match) for s in segs] == [(s.text, s.match) for s in scanned]
    return {"wall": _summary(walls), "cpu": _summary(cpus)}, counts


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print a Markdown table (``--json``: everything as JSON)."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--collections", nargs="+", default=["hamshahri", "parsinlu_rc", "pquad_validation"])
    p.add_argument("--data", default=str(DATA))
    p.add_argument("--workdir", metavar="DIR", help="keep the indexes here and reuse them (default: a temporary folder)")
    p.add_argument("--sample", type=int, default=300, help="dev queries per collection, each with its forms (0: all)")
    p.add_argument("--warm", type=int, default=50, help="other queries per collection run untimed first")
    p.add_argument("--hits", type=int, default=300, help="(query, 50k-character document) pairs timed")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--paths", nargs="+", choices=tuple(PATHS), default=list(PATHS))
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--json", action="store_true")
    p.add_argument("--worker", metavar="INPUTS", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker)))
        return 0
    with tempfile.TemporaryDirectory(prefix="query-path-") as tmp:
        work = Path(args.workdir) if args.workdir else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        inputs = make_inputs(args.collections, Path(args.data), work, args.sample, args.warm, args.hits, args.seed)
        inputs["hits_index"] = str(hits_index(inputs, work))
        inputs_file = Path(tmp) / "inputs.json"
        inputs_file.write_text(json.dumps(inputs, ensure_ascii=False), encoding="utf-8")
        print(f"{len(inputs['queries'])} queries, {len(inputs['hits'])} hits of {DOC_CHARS:,} characters",
              file=sys.stderr)
        runs: dict[str, list[dict]] = {path: [] for path in args.paths}
        for r in range(args.rounds):
            for path in (args.paths if r % 2 == 0 else args.paths[::-1]):
                env = {k: v for k, v in os.environ.items() if k != "KAVOSH_PURE_PYTHON"} | PATHS[path]
                out = subprocess.run([sys.executable, __file__, "--worker", str(inputs_file)], env=env,
                                     capture_output=True, text=True)
                if out.returncode:
                    print(out.stderr[-2000:], file=sys.stderr)
                    return 1
                runs[path].append(json.loads(out.stdout.strip().splitlines()[-1]))
                print(f"round {r + 1} {path} done", file=sys.stderr)
    table = {}
    for path, rs in runs.items():
        table[path] = {m: {clock: {q: statistics.median(x[m][clock][q] for x in rs) for q in ("p50", "p99")}
                           for clock in ("wall", "cpu")} for m in MEASURES}
    if args.json:
        print(json.dumps({"queries": len(inputs["queries"]), "hits": len(inputs["hits"]), "summary": table,
                          "runs": runs}, indent=1))
        return 0
    names = {"plan": "query analysis + rewriting (per query)", "present_setup": "present setup (per query)",
             "hit": f"title + snippet placement (per hit, {DOC_CHARS:,} chars)",
             "hit_end": f"title + snippet placement (per hit, {DOC_CHARS:,} chars, match only at the end)",
             "hit_placed": f"title + snippet placed by positions (per hit, {DOC_CHARS:,} chars)",
             "hit_end_placed": f"title + snippet placed by positions (per hit, {DOC_CHARS:,} chars, match only at the end)"}
    first = runs[args.paths[0]][0]
    print(f"{len(inputs['queries'])} queries (with forms), {len(inputs['hits'])} hits "
          f"({first['hits_matched']} marked), {first['end_hits']} end-only hits ({first['end_matched']} marked, "
          f"{first['end_skipped']} skipped: no filler without the query's words); "
          f"refused {first['refused']}; median of {args.rounds} rounds")
    for path in args.paths:
        if "placed" in runs[path][0]:
            p, e = runs[path][0]["placed"], runs[path][0]["end_placed"]
            print(f"{path}: placed by positions {p['placed']} of {p['hits']} hits ({p['same']} the scanned snippet, "
                  f"{p['marked']} marked); match at the end {e['placed']} of {e['hits']} ({e['same']} the scanned, "
                  f"{e['marked']} marked)")
    print()
    print("| measure | path | wall p50 / p99 ms | CPU p50 / p99 ms |")
    print("|---|---|---:|---:|")
    for m, label in names.items():
        for path in args.paths:
            t = table[path][m]
            print(f"| {label} | {path} | {t['wall']['p50']:.3f} / {t['wall']['p99']:.3f} | "
                  f"{t['cpu']['p50']:.3f} / {t['cpu']['p99']:.3f} |")
        if len(args.paths) == 2:
            a, b = (table[x][m]["cpu"] for x in args.paths)
            print(f"| {label} | {args.paths[0]} ÷ {args.paths[1]} (CPU) | | "
                  f"{a['p50'] / b['p50']:.1f}× / {a['p99'] / b['p99']:.1f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
