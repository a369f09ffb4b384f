"""Readers for topics and qrels, and a TREC run writer.

Topics: TSV ``qid<TAB>query`` (no header), or BEIR ``queries.jsonl`` (``_id``,
``text``).  Qrels: BEIR TSV with a header ``query-id corpus-id score``, or TREC
format ``qid 0 docid rel``.  Runs: TREC format ``qid Q0 docid rank score tag``.
"""

from __future__ import annotations

import json
from pathlib import Path


class EvalInputError(ValueError):
    """A topics or qrels file that cannot be read; the message names file and line."""


def read_topics(path: str | Path) -> list[tuple[str, str]]:
    """Read topics as ``[(qid, query)]`` from TSV or BEIR JSON Lines.

    Raises:
        EvalInputError: missing file, or a line that is neither form.
    """
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise EvalInputError(f"{p}: cannot read topics: {e}") from e
    topics = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        if line.lstrip().startswith("{"):
            try:
                obj = json.loads(line)
                topics.append((str(obj.get("_id", obj.get("id"))), str(obj["text"] if "text" in obj
                                                                         else obj["query"])))
            except (json.JSONDecodeError, KeyError, TypeError) as e:
                raise EvalInputError(f"{p}:{n}: expected a JSON object with _id and text ({e})") from e
        else:
            qid, sep, query = line.partition("\t")
            if not sep:
                raise EvalInputError(f"{p}:{n}: expected 'qid<TAB>query' or a JSON object")
            topics.append((qid.strip(), query.strip()))
    if not topics:
        raise EvalInputError(f"{p}: no topics found")
    return topics


def read_qrels(path: str | Path) -> dict[str, dict[str, int]]:
    """Read qrels as ``{qid: {docid: relevance}}`` from BEIR TSV or TREC format.

    Raises:
        EvalInputError: missing file, malformed line, or no judgment at all (an empty file, a header
            alone).
    """
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise EvalInputError(f"{p}: cannot read qrels: {e}") from e
    qrels: dict[str, dict[str, int]] = {}
    for n, line in enumerate(lines, 1):
        parts = line.split()
        if not parts or (n == 1 and parts[0] in ("query-id", "qid", "query_id")):
            continue
        try:
            if len(parts) == 3:
                qid, doc, rel = parts
            elif len(parts) == 4:
                qid, _, doc, rel = parts
            else:
                raise ValueError(f"{len(parts)} columns")
            qrels.setdefault(qid, {})[doc] = int(float(rel))
        except ValueError as e:
            raise EvalInputError(f"{p}:{n}: expected 'qid docid rel' or 'qid 0 docid rel' ({e})") from e
    if not qrels:
        raise EvalInputError(f"{p}: no judgments found (expected lines 'qid docid rel' or 'qid 0 docid rel')")
    return qrels


def write_run(path: str | Path, run: dict[str, list[tuple[str, float]]], tag: str = "kavosh") -> None:
    """Write ``{qid: [(docid, score), ...]}`` (best first) as a TREC run file."""
    with open(path, "w", encoding="utf-8") as fh:
        for qid, docs in run.items():
            for rank, (doc, score) in enumerate(docs, 1):
                fh.write(f"{qid} Q0 {doc} {rank} {score:.6f} {tag}\n")


def read_run(path: str | Path) -> dict[str, list[tuple[str, float]]]:
    """Read a TREC run file into ``{qid: [(docid, score)]}`` in file order."""
    run: dict[str, list[tuple[str, float]]] = {}
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        parts = line.split()
        if not parts:
            continue
        if len(parts) != 6:
            raise EvalInputError(f"{path}:{n}: expected 'qid Q0 docid rank score tag'")
        run.setdefault(parts[0], []).append((parts[2], float(parts[4])))
    return run
