"""Field kinds inferred from JSON records: what ``kavosh index`` proposes for undeclared metadata.

:func:`infer` reads ``(where, metadata)`` pairs and proposes a :class:`~kavosh.index.fields.Kind` for
each field, raising :class:`~kavosh.index.fields.FieldConflictError` (both records' file:line and the
field) when one field holds values of two kinds; :func:`infer_paths` runs it over the JSON and JSON
Lines files of an indexing run.  The kinds and their checks are in :mod:`kavosh.index.fields`.
"""

from __future__ import annotations

import json
import os
from collections import deque
from collections.abc import Iterable, Mapping
from itertools import islice
from typing import Any

from ..ingest.document import Document, IngestError
from .fields import (_NAME, INFER_KEYWORD_MAX_CHARS, RESERVED, FieldConfig, FieldConflictError, Kind, parse_bool,
                     parse_number)

_LONG = "long"  # inference: a string too long to be a keyword; the field stays stored only
_EMPTY_LIST = "empty list"  # inference: says only that the field is a list, if it ever holds a value
_NUMERIC_TEXT = "numeric text"  # inference: a short string that is a number ("۲٬۵۰۰"): a keyword, or a number
# beside JSON numbers (see _WIDER)
_BOOL_TEXT = "bool text"  # inference: a short string that is true or false ("بله", "no"): a keyword, or a bool beside
# JSON booleans (see _WIDER)


def _kind_of(value: object) -> Kind | str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return Kind.BOOL
    if isinstance(value, int | float):
        return Kind.NUMBER
    if isinstance(value, list):
        if not value:
            return _EMPTY_LIST
        return Kind.KEYWORDS if all(isinstance(v, str | int | float) and not isinstance(v, bool)
                                    and len(str(v)) <= INFER_KEYWORD_MAX_CHARS for v in value) else _LONG
    if isinstance(value, str):
        if len(value) > INFER_KEYWORD_MAX_CHARS or "\n" in value:
            return Kind.TEXT
        return _NUMERIC_TEXT if _parses(parse_number, value) else _BOOL_TEXT if _parses(parse_bool, value) \
            else Kind.KEYWORD
    return _LONG


def _parses(parse, text: str) -> bool:
    """Whether ``parse(text)`` (:func:`parse_number`, :func:`parse_bool`) reads ``text`` without a ValueError."""
    try:
        parse(text)
        return True
    except ValueError:
        return False


_WIDER = {frozenset({Kind.KEYWORD, Kind.TEXT}): Kind.TEXT,
          frozenset({Kind.KEYWORD, Kind.KEYWORDS}): Kind.KEYWORDS,
          frozenset({Kind.KEYWORDS, Kind.TEXT}): _LONG,
          # numeric text is a number beside JSON numbers (views: 1500 and "۲٬۵۰۰"), else a keyword
          frozenset({_NUMERIC_TEXT, Kind.NUMBER}): Kind.NUMBER,
          frozenset({_NUMERIC_TEXT, Kind.KEYWORD}): Kind.KEYWORD,
          frozenset({_NUMERIC_TEXT, Kind.TEXT}): Kind.TEXT,
          frozenset({_NUMERIC_TEXT, Kind.KEYWORDS}): Kind.KEYWORDS,
          # text that is true or false is a bool beside JSON booleans (hot: true and "بله"), else a keyword
          frozenset({_BOOL_TEXT, Kind.BOOL}): Kind.BOOL,
          frozenset({_BOOL_TEXT, Kind.KEYWORD}): Kind.KEYWORD,
          frozenset({_BOOL_TEXT, _NUMERIC_TEXT}): Kind.KEYWORD,
          frozenset({_BOOL_TEXT, Kind.TEXT}): Kind.TEXT,
          frozenset({_BOOL_TEXT, Kind.KEYWORDS}): Kind.KEYWORDS}

INFERRED_TEXT_WEIGHT = 0.25
"""How much a plain query word counts in an inferred text field (``abstract``), as in the title by default
(:data:`kavosh.search.ranking.TITLE_BOOST`); kept in the index's weights, changed with ``--weight NAME:W``.
A declared text field keeps weight 0 (searched only as ``NAME:word``) unless given one."""


def infer(records: Iterable[tuple[str, Mapping[str, Any]]], declared: Iterable[str] = ()) -> FieldConfig:
    """Propose kinds for the metadata fields of JSON records.

    JSON booleans → ``bool``; numbers → ``number``; lists of strings or
    numbers → ``keyword[]``; strings → ``keyword``, except that a field holding JSON numbers and strings
    that are numbers (``1500`` and ``"۲٬۵۰۰"``, :func:`parse_number`) is ``number``, and one holding JSON
    booleans and strings that are true or false (``true`` and ``"بله"``, :func:`parse_bool`) is ``bool``.
    A field seen both as one string and as a list (even an empty one) is ``keyword[]``.  A field with any string longer than
    :data:`INFER_KEYWORD_MAX_CHARS` characters or with a line break is ``text`` (analysed
    like the body, and searched by plain query words with :data:`INFERRED_TEXT_WEIGHT`, as the
    title is: ``abstract``).  Objects, lists of long strings, and a field both a list and long text
    are not inferred (they stay stored and shown; ``kavosh index`` warns about them, naming the
    field).  Dates are declared (``--field published:date``: a string that looks like a date is
    not guessed to be one).  Empty values (``""``, ``null``, ``[]``) say nothing of the kind: a field
    that is empty in every record (``tags: []`` throughout) is not inferred (it would be a facet with no
    values; ``kavosh index`` warns about it).

    Args:
        records: ``(where, metadata)`` pairs, ``where`` as ``"file:line"``.
        declared: names whose kind is declared (not inferred, never a conflict).
    Returns:
        A :class:`FieldConfig` in first-seen order (names that cannot be field names skipped), with
        :data:`INFERRED_TEXT_WEIGHT` in ``weights`` for each text field.
    Raises:
        FieldConflictError: a field holds values of two kinds (e.g. a number in one
            record and text in another); the message names both records and the field, one line
            for each field in conflict (the first conflict of each), in the order met.
    """
    seen: dict[str, tuple[Kind, str, object]] = {}
    conflicts: dict[str, str] = {}  # the first conflict of each field, in the order met
    lists: set[str] = set()  # fields seen as an empty list: a list, if ever they hold a value
    order: dict[str, int] = {}  # first-seen order, an empty value included
    skip = set(declared) | RESERVED
    for where, values in records:
        for name, value in values.items():
            kind = _kind_of(value)
            if kind is None or name in skip or name in conflicts or not isinstance(name, str) \
                    or not _NAME.match(name):
                continue
            order.setdefault(name, len(order))
            if kind == _EMPTY_LIST:
                lists.add(name)
                continue
            if name not in seen:
                seen[name] = (kind, where, value)
                continue
            old, old_where, old_value = seen[name]
            if old == kind or old == _LONG:
                continue
            if kind == _LONG:
                seen[name] = (_LONG, where, value)
                continue
            wider = _WIDER.get(frozenset({old, kind}))
            if wider is None:
                old, kind = (Kind.KEYWORD if k in (_NUMERIC_TEXT, _BOOL_TEXT) else k for k in (old, kind))  # shown
                if Kind.BOOL in (old, kind):  # no other kind takes JSON's true and false: keep a bool, or fix
                    conflicts[name] = (f"field {name}: {_show(old_value)} ({old}) at {old_where} but {_show(value)} "
                                       f"({kind}) at {where}; fix the document, or declare --field {name}:bool (a "
                                       "document whose value is not true or false — true/false, yes/no, بله/خیر — is "
                                       "then reported by file and line, and not indexed)")
                    continue
                suggested = _suggest(old, old_value, kind, value)
                strict = None if suggested != Kind.KEYWORD else next(
                    (k for k in (old, kind) if k not in (Kind.KEYWORD, Kind.TEXT)), None)  # a number, a date
                keep = (f", or --field {name}:{strict} to keep it a {strict} (a document whose value is not one is "
                        "then reported by file and line, and not indexed)") if strict is not None else ""
                conflicts[name] = (f"field {name}: {_show(old_value)} ({old}) at {old_where} but {_show(value)} "
                                   f"({kind}) at {where}; fix the document or declare the field's kind, e.g. "
                                   f"--field {name}:{suggested}{keep}")
                continue
            if wider != old:
                seen[name] = (wider, where, value)
    if conflicts:  # every field's, not only the first met: one run of the fixes, not one per field
        raise FieldConflictError("\n".join(conflicts.values()))
    kinds = {n: Kind.KEYWORD if k in (_NUMERIC_TEXT, _BOOL_TEXT) else k for n, (k, _, _) in seen.items()}  # text alone
    fields = {n: Kind.KEYWORDS if k == Kind.KEYWORD and n in lists else k for n, k in kinds.items()
              if k != _LONG and not (k == Kind.TEXT and n in lists)}  # a list and long text: as _WIDER says
    fields = dict(sorted(fields.items(), key=lambda kv: order[kv[0]]))
    unfit = {n: f"{w} holds {_show(v)}" for n, (k, w, v) in seen.items() if n not in fields}
    return FieldConfig(fields, {n: INFERRED_TEXT_WEIGHT for n, k in fields.items() if k == Kind.TEXT}, unfit)


def _suggest(a: Kind, a_value: object, b: Kind, b_value: object) -> Kind:
    """The kind that would hold both values: text when one is long text, a number when the text is a number
    (``"۴۵۸"``), else keyword."""
    if Kind.TEXT in (a, b):
        return Kind.TEXT
    if {a, b} == {Kind.NUMBER, Kind.KEYWORD}:
        text = b_value if b == Kind.KEYWORD else a_value
        try:
            parse_number(text)
            return Kind.NUMBER
        except ValueError:
            pass
    return Kind.KEYWORD if Kind.KEYWORD in (a, b) else a


def _show(value: object) -> str:
    s = json.dumps(value, ensure_ascii=False)
    return s if len(s) <= 30 else s[:29] + "…"


INFER_MAX_RECORDS = 10_000
"""Inference reads at most this many records of each JSON file (later values are checked
against the inferred kinds while indexing: a misfit is a document error)."""


def infer_paths(paths: Iterable[str], declared: Iterable[str] = ()) -> FieldConfig:
    """:func:`infer` over the JSON and JSON Lines files among ``paths`` (files and folders),
    the first :data:`INFER_MAX_RECORDS` records of each; other files have no metadata to infer.
    The files are read on up to :data:`INFER_THREADS` threads, a file ahead per thread (the compiled
    core parses the lines with the GIL released), and their records inferred in the order of the files.

    Raises:
        FieldConflictError: as :func:`infer`, naming the two records (file:line) and the field; a last
            line names how many of the records read could not be indexed anyway (bad JSON, a missing
            text…), the first of them by file and line, so one run shows every fix to make.
    """
    from ..ingest.files import discover, is_json_file

    files, _errors = discover(list(paths))  # errors are reported by the indexing run itself
    json_files = [(path, root) for path, root in files if is_json_file(path)]
    unreadable: list[IngestError] = []

    def records():
        threads = min(INFER_THREADS, len(json_files), _cpus())
        if threads <= 1:
            for path, root in json_files:
                found, errors = _file_records(path, root)
                unreadable.extend(errors)
                yield from found
            return
        from concurrent.futures import ThreadPoolExecutor  # noqa: PLC0415 - only for several files

        with ThreadPoolExecutor(threads, thread_name_prefix="kavosh-infer") as pool:
            todo = iter(json_files)
            ahead = deque(pool.submit(_file_records, *f) for f in islice(todo, threads))
            while ahead:
                found, errors = ahead.popleft().result()
                if (f := next(todo, None)) is not None:
                    ahead.append(pool.submit(_file_records, *f))
                unreadable.extend(errors)
                yield from found

    try:
        return infer(records(), declared)
    except FieldConflictError as e:
        if not unreadable:
            raise
        more = f" (and {len(unreadable) - 1} more)" if len(unreadable) > 1 else ""
        n = len(unreadable)
        raise FieldConflictError(f"{e}\nalso, {n} record{'s' if n > 1 else ''} cannot be indexed as written: "
                                 f"{unreadable[0]}{more}") from None


INFER_THREADS = 2
"""Threads :func:`infer_paths` reads files on, at most (and no more than the CPUs this process may use)."""


def _cpus() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _file_records(path, root: str) -> tuple[list[tuple[str, dict]], list[IngestError]]:
    """``(where, metadata)`` of the documents among the first :data:`INFER_MAX_RECORDS` items of one
    JSON or JSON Lines file (a run of clean records counts as its records: they hold no metadata), and
    the errors among them."""
    from ..ingest.files import DEFAULT_MAX_DOC_BYTES, read_json_file

    found: list[tuple[str, dict]] = []
    errors: list[IngestError] = []
    n = 0  # items read (documents and errors)
    for item in read_json_file(path, root, DEFAULT_MAX_DOC_BYTES, batch=True):
        if n >= INFER_MAX_RECORDS:
            break
        if isinstance(item, Document):
            found.append((item.source, item.fields))
        elif isinstance(item, IngestError):
            errors.append(item)
        n += 1 if isinstance(item, Document | IngestError) else len(item)  # records: no metadata
    return found, errors
