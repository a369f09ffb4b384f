"""Readers for topics and qrels, and a TREC run writer.

Topics: TSV ``qid<TAB>query`` (no header), BEIR ``queries.jsonl`` (``_id``,
``text``), or classic TREC topics (``<top> <num> Number: 401 <title> … </top>``;
the title is the query).  Qrels: BEIR TSV with a header ``query-id corpus-id score``, or TREC
format ``qid 0 docid rel``.  Runs: TREC format ``qid Q0 docid rank score tag``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path


class EvalInputError(ValueError):
    """A topics or qrels file that cannot be read; the message names file and line."""


def read_topics(path: str | Path) -> list[tuple[str, str]]:
    """Read topics as ``[(qid, query)]`` from TSV, BEIR JSON Lines or classic TREC topics
    (:func:`read_trec_topics`, when the first non-blank line starts with ``<top>``).

    Raises:
        EvalInputError: missing file, or a line that is neither form (file and line named).
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise EvalInputError(f"{p}: cannot read topics: {e}") from e
    if text.lstrip().lower().startswith("<top>"):
        return read_trec_topics(text, p)
    lines = text.splitlines()
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


_TOP = re.compile(r"<top>(.*?)(?:</top>|\Z)", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<(/?)(\w+)>", re.IGNORECASE)
_NUM_LABEL = re.compile(r"^\s*(?:number\s*:)?\s*", re.IGNORECASE)
_TITLE_LABEL = re.compile(r"^\s*(?:topic\s*:)?\s*", re.IGNORECASE)


def read_trec_topics(text: str, path: Path) -> list[tuple[str, str]]:
    """Classic TREC topics (the ad hoc tracks' ``topics.401-450`` form) as ``[(qid, title)]``::

        <top>
        <num> Number: 401
        <title> foreign minorities, Germany
        <desc> Description: ...
        <narr> Narrative: ...
        </top>

    A field runs from its tag to the next tag (closing tags such as ``</title>`` are allowed); ``Number:`` and
    ``Topic:`` labels are dropped and a title over several lines is joined.  ``text`` is the file's text,
    ``path`` its name (for errors).

    Raises:
        EvalInputError: a ``<top>`` without ``<num>`` or ``<title>`` (its line named), or no topic at all.
    """
    topics = []
    for m in _TOP.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        fields: dict[str, str] = {}
        tags = list(_TAG.finditer(m.group(1)))
        for i, t in enumerate(tags):
            if t.group(1):  # a closing tag
                continue
            end = tags[i + 1].start() if i + 1 < len(tags) else len(m.group(1))
            fields.setdefault(t.group(2).lower(), " ".join(m.group(1)[t.end():end].split()))
        qid = _NUM_LABEL.sub("", fields.get("num", ""), count=1).strip()
        title = _TITLE_LABEL.sub("", fields.get("title", ""), count=1).strip()
        if not qid or not title:
            raise EvalInputError(f"{path}:{line}: a TREC topic needs <num> and <title> (this <top> has "
                                 f"{', '.join(f'<{k}>' for k in fields) or 'no field'})")
        topics.append((qid, title))
    if not topics:
        raise EvalInputError(f"{path}: no topics found")
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
                raise ValueError(f"found {len(parts)} columns, not 3 or 4")
            qrels.setdefault(qid, {})[doc] = int(float(rel))
        except ValueError as e:
            why = str(e) if str(e).startswith("found ") else f"the relevance is not a number: {rel!r}"
            raise EvalInputError(f"{p}:{n}: expected 'qid docid rel' or 'qid 0 docid rel' ({why})") from e
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
