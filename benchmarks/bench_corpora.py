"""Corpora and query sets shared by the query benchmarks (latency.py, http_load.py, adversarial.py).

Standard library only: it is imported both by the project's Python and by the
Lucene venv's (benchmarks/lucene_latency.py).

* :func:`load_beir` reads a BEIR corpus (``_id``, ``title``, ``text``; ``.gz`` or not)
  or news JSON Lines (``id``, ``title``, ``text``, ``url``).
* :func:`news_x10` repeats a corpus ten times with distinct ids (``ID-cK``); copies
  1–9 of each document have :data:`EDIT_SHARE` of their words replaced by other
  words of the same document (a fixed seed), so 90% of the documents are
  near-duplicates of another (light edits keep the shingle Jaccard similarity
  near 0.8, above Kavosh's grouping threshold of 0.5).
* :func:`write_inputs` writes a corpus as Kavosh input (``id``, ``title``, ``text``,
  ``url``) and as an Anserini JsonCollection (``id``, ``contents`` = title + "\\n" + text).
* :func:`sample_queries` draws word runs of 2–4 words from document texts (every
  other one quoted, so half are phrase queries); :func:`choose_queries` makes the
  query set: the topics, then samples, keeping those a predicate accepts.
"""

from __future__ import annotations

import gzip
import json
import random
import re
from collections.abc import Callable
from pathlib import Path

Doc = dict  # {"id", "title", "text", "url"}
EDIT_SHARE = 0.03
COPIES = 10
WORD = re.compile(r"[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u0622\u200c]{2,}")
"""A run of Persian/Arabic letters (with ZWNJ): the words sampled into queries."""


def _open(path: Path):
    return gzip.open(path, "rt", encoding="utf-8") if str(path).endswith(".gz") else open(path, encoding="utf-8")


def load_beir(path: Path, limit: int | None = None) -> list[Doc]:
    """Documents of a JSON Lines corpus (``_id`` or ``id``, ``title``, ``text``, ``url``), in file order.

    Raises ``ValueError`` naming the file and line of a record that is not JSON or has no id.
    """
    docs: list[Doc] = []
    with _open(path) as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
                doc_id = str(r.get("_id", r.get("id")))
            except ValueError as e:
                raise ValueError(f"{path}:{n}: not JSON ({e})") from None
            if doc_id == "None":
                raise ValueError(f"{path}:{n}: no _id or id")
            docs.append({"id": doc_id, "title": r.get("title") or "", "text": r.get("text") or "",
                         "url": r.get("url") or ""})
            if limit is not None and len(docs) >= limit:
                break
    return docs


def news_x10(docs: list[Doc], seed: int = 12, copies: int = COPIES) -> list[Doc]:
    """The corpus ``copies`` times: copy 0 as is, copies 1.. with :data:`EDIT_SHARE` of the words replaced."""
    out: list[Doc] = []
    for c in range(copies):
        for d in docs:
            text = d["text"]
            if c:
                rng = random.Random(f"{seed}:{d['id']}:{c}")
                words = text.split(" ")
                for _ in range(max(1, int(len(words) * EDIT_SHARE))):
                    words[rng.randrange(len(words))] = rng.choice(words)
                text = " ".join(words)
            out.append({**d, "id": f"{d['id']}-c{c}", "text": text})
    return out


def write_inputs(docs: list[Doc], out: Path, lucene_files: int = 2) -> None:
    """``out/kavosh.jsonl`` (Kavosh input) and ``out/lucene/docs-NN.jsonl`` (Anserini JsonCollection)."""
    (out / "lucene").mkdir(parents=True, exist_ok=True)
    files = [open(out / "lucene" / f"docs-{i:02d}.jsonl", "w", encoding="utf-8") for i in range(lucene_files)]
    try:
        with open(out / "kavosh.jsonl", "w", encoding="utf-8") as k:
            for i, d in enumerate(docs):
                k.write(json.dumps(d, ensure_ascii=False) + "\n")
                files[i % lucene_files].write(json.dumps(
                    {"id": d["id"], "contents": d["title"] + "\n" + d["text"]}, ensure_ascii=False) + "\n")
    finally:
        for f in files:
            f.close()


def load_topics(path: Path) -> list[str]:
    """The ``text`` of every query of a BEIR ``queries.jsonl``."""
    with _open(path) as fh:
        return [json.loads(line)["text"] for line in fh if line.strip()]


def sample_queries(docs: list[Doc], n: int, seed: int = 7) -> list[str]:
    """``n`` runs of 2–4 consecutive words from random documents' texts; every other one in quotes."""
    rng = random.Random(seed)
    out: list[str] = []
    tries = 0
    while len(out) < n and tries < 50 * n + 100:
        tries += 1
        words = WORD.findall(rng.choice(docs)["text"])
        k = rng.randint(2, 4)
        if len(words) < k:
            continue
        i = rng.randrange(len(words) - k + 1)
        q = " ".join(words[i:i + k])
        out.append(f'"{q}"' if len(out) % 2 else q)
    return out


def choose_queries(topics: list[str], docs: list[Doc], n: int, accepts: Callable[[str], bool],
                   seed: int = 7) -> list[str]:
    """The topics, then :func:`sample_queries` (seed ``seed``), that ``accepts``, up to ``n`` queries."""
    out = [q for q in topics[:n] if accepts(q)]
    for q in sample_queries(docs, 4 * n, seed):
        if len(out) >= n:
            break
        if accepts(q):
            out.append(q)
    return out
