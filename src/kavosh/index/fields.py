"""Declared and inferred document fields: the field configuration stored with an index.

A document's metadata (``category``, ``tags``, ``views``, ``author``…) becomes
searchable, filterable, countable (facets) and sortable when the index declares
its kind.  The configuration is a small JSON file beside the index
(:data:`CONFIG_FILE`), written when the index is created::

    {"fields": {"category": "keyword", "tags": "keyword[]", "views": "number",
                "published": "date", "breaking": "bool", "author": "text"}}

Kinds (Elasticsearch's ``keyword``/``text``/``long``/``date``/``boolean``;
Meilisearch's filterable attributes):

* ``text`` — analysed like the body (Persian analysis); searched with ``author:…``.
* ``keyword`` — one exact value, normalized by the analysis char filters
  (:func:`kavosh.analysis.normalize.normalize`: Arabic/Persian letter variants, digits,
  diacritics, ZWNJ-insensitive spacing) and lower-cased, so ``ورزشي`` = ``ورزشی``;
  filter, facet.
* ``keyword[]`` — a list of such values (a single value is a one-element list).
* ``number`` — int or float; strings with Persian/Arabic digits (``۱۲۰۰``, ``١٫٥``) are read;
  filter with ranges, facet with ranges, sort.
* ``date`` — Jalali or Gregorian (:func:`kavosh.ingest.dates.parse_date`), stored as days;
  filter, facet by Jalali year/month, sort.
* ``bool`` — ``true``/``false`` (also ``1``/``0``, ``بله``/``خیر``); filter, facet.

Values are checked per document by :func:`coerce`; a value that does not fit its
kind makes the document an :class:`~kavosh.ingest.document.IngestError` naming the
file, line and field.  :func:`infer` reads JSON Lines records and proposes kinds,
raising :class:`FieldConflictError` (file:line and field) when one field holds
values of two kinds.  Changing the configuration of an existing index is refused
(:class:`FieldConfigError`) with the command that rebuilds it.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from ..analysis.chars import ZWNJ
from ..analysis.normalize import normalize
from ..ingest.dates import parse_date, to_days
from ..ingest.document import Document, IngestError

CONFIG_FILE = "kavosh-fields.json"
"""The field configuration's file name inside the index folder."""

FIELD_PREFIX = "f_"
"""Prefix of the tantivy field that holds a declared field (``category`` → ``f_category``)."""

MAX_FIELDS = 64
"""Fields one index may declare."""

KEYWORD_MAX_CHARS = 256
"""A keyword value's length limit (longer values are a document error); inference
treats longer strings as ``text``."""

INFER_KEYWORD_MAX_CHARS = 100
"""Inference: a string field whose values are all at most this long is a keyword, else text."""

BUILTIN_FIELDS = ("title", "body", "text", "date")
"""Field names every index has in queries (``title:…``, ``date:…``); they cannot be declared."""

RESERVED = frozenset(BUILTIN_FIELDS) | {"id", "_id", "url", "docid", "doc_id", "contents", "content"}

_NAME = re.compile(r"[^\W\d]\w{0,63}\Z")


class Kind(StrEnum):
    """The kind of a declared field."""

    TEXT = "text"
    KEYWORD = "keyword"
    KEYWORDS = "keyword[]"
    NUMBER = "number"
    DATE = "date"
    BOOL = "bool"


FACETABLE = (Kind.KEYWORD, Kind.KEYWORDS, Kind.BOOL, Kind.NUMBER, Kind.DATE)
SORTABLE = (Kind.NUMBER, Kind.DATE)


class FieldError(ValueError):
    """A field declaration or configuration that cannot be used; one line for the user."""


class FieldConfigError(FieldError):
    """The index was built with another field configuration."""


class FieldConflictError(FieldError):
    """One field holds values of two kinds in the input (inference)."""


@dataclass(frozen=True)
class FieldConfig:
    """An index's declared fields, in declaration order.

    Attributes:
        fields: ``{name: Kind}``.
        weights: query weight of ``title`` (relative to the body) and of declared
            text fields in plain queries (``{"title": 0.25, "author": 0.5}``); missing
            names use the defaults of :mod:`kavosh.search.ranking`.
        unfit: see below.
    """

    fields: Mapping[str, Kind] = field(default_factory=dict)
    weights: Mapping[str, float] = field(default_factory=dict)
    unfit: Mapping[str, str] = field(default_factory=dict, compare=False)
    """From :func:`infer` only (never written to the index): each field given no kind, with the record that
    decided it (``"a.jsonl:6 holds {"a": 1}"``), for ``kavosh index``'s warning."""

    def kind(self, name: str) -> Kind | None:
        """The kind of ``name``, or ``None`` when it is not declared."""
        return self.fields.get(name)

    def names(self, *kinds: Kind) -> list[str]:
        """Declared names, all or of the given kinds, in declaration order."""
        return [n for n, k in self.fields.items() if not kinds or k in kinds]

    def known(self) -> list[str]:
        """Every field name a query may use: the built-in ones then the declared ones."""
        return [*BUILTIN_FIELDS, *self.fields]

    def to_json(self) -> dict:
        """The JSON form written to :data:`CONFIG_FILE`."""
        out: dict[str, Any] = {"fields": {n: str(k) for n, k in self.fields.items()}}
        if self.weights:
            out["weights"] = dict(self.weights)
        return out

    @classmethod
    def from_json(cls, data: Mapping, where: str = CONFIG_FILE) -> FieldConfig:
        """Read the JSON form; :class:`FieldError` naming ``where`` when it is malformed."""
        if not isinstance(data, Mapping) or not isinstance(data.get("fields", {}), Mapping):
            raise FieldError(f"{where}: expected {{\"fields\": {{name: kind}}}}")
        fields = {}
        for name, kind in data.get("fields", {}).items():
            fields[check_name(name, where)] = parse_kind(kind, f"{where}: field {name}")
        weights = data.get("weights", {})
        if not isinstance(weights, Mapping) or not all(
                isinstance(v, int | float) and 0 <= v <= 100 for v in weights.values()):
            raise FieldError(f"{where}: weights must map field names to numbers from 0 to 100")
        return cls(fields, {str(k): float(v) for k, v in weights.items()})


def tantivy_name(name: str) -> str:
    """The tantivy field that holds declared field ``name``."""
    return FIELD_PREFIX + name


def check_name(name: str, where: str = "field") -> str:
    """``name`` if it can be a declared field name (a letter then letters, digits or ``_``,
    at most 64; not a built-in name), else :class:`FieldError`."""
    if not isinstance(name, str) or not _NAME.match(name):
        raise FieldError(f"{where}: {name!r} is not a field name (a letter, then letters, digits or _)")
    if name in RESERVED:
        raise FieldError(f"{where}: {name!r} is a built-in field and cannot be declared")
    return name


def parse_kind(kind: object, where: str = "field") -> Kind:
    """The :class:`Kind` named ``kind``; :class:`FieldError` listing the kinds otherwise."""
    try:
        return Kind(str(kind).strip().lower())
    except ValueError:
        raise FieldError(f"{where}: unknown kind {kind!r}; kinds are "
                         + ", ".join(k.value for k in Kind)) from None


def parse_declaration(text: str) -> tuple[str, Kind]:
    """``"tags:keyword[]"`` → ``("tags", Kind.KEYWORDS)`` (the ``--field`` flag).

    Raises:
        FieldError: no ``:``, a bad name or an unknown kind (the message names the flag).
    """
    name, sep, kind = text.partition(":")
    if not sep:
        raise FieldError(f"--field {text}: expected NAME:KIND, e.g. category:keyword")
    return check_name(name.strip(), f"--field {text}"), parse_kind(kind, f"--field {text}")


def config_from_declarations(declarations: Iterable[str], inferred: FieldConfig | None = None,
                             weights: Mapping[str, float] | None = None) -> FieldConfig:
    """A configuration from ``--field`` flags, completed by ``inferred`` kinds (and the weights inferred for
    them) for the other fields; ``weights`` over both.

    Raises:
        FieldError: a malformed flag, the same name twice, or more than :data:`MAX_FIELDS`.
    """
    fields: dict[str, Kind] = {}
    for text in declarations:
        name, kind = parse_declaration(text)
        if name in fields:
            raise FieldError(f"--field {text}: {name} is declared twice")
        fields[name] = kind
    taken = {}
    for name, kind in (inferred.fields.items() if inferred else ()):
        if name not in fields:
            fields[name] = kind
            if name in inferred.weights:
                taken[name] = inferred.weights[name]
    if len(fields) > MAX_FIELDS:
        raise FieldError(f"{len(fields)} fields; an index may declare at most {MAX_FIELDS}")
    return FieldConfig(fields, {**taken, **(weights or {})}, inferred.unfit if inferred else {})


def load(folder: str | os.PathLike) -> FieldConfig:
    """The configuration stored in an index folder (empty when the index has none)."""
    p = Path(folder) / CONFIG_FILE
    if not p.exists():
        return FieldConfig()
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise FieldError(f"{p} is unreadable ({e})") from e
    return FieldConfig.from_json(data, str(p))


def save(folder: str | os.PathLike, config: FieldConfig) -> None:
    """Write ``config`` into the index folder atomically (nothing written for an empty one)."""
    if not config.fields and not config.weights:
        return
    p = Path(folder) / CONFIG_FILE
    tmp = p.with_suffix(".tmp")
    tmp.write_text(json.dumps(config.to_json(), ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, p)


def describe(config: FieldConfig) -> str:
    """``category:keyword tags:keyword[]`` (``(none)`` when empty), as the flags would say it."""
    return " ".join(f"{n}:{k}" for n, k in config.fields.items()) or "(none)"


def overlay(stored: FieldConfig, declarations: Iterable[str],
            weights: Mapping[str, float] | None = None) -> FieldConfig:
    """``stored`` with the ``--field`` flags and ``--weight`` values applied (what an existing index
    is asked to be).

    Raises:
        FieldError: a malformed flag.
    """
    fields = dict(stored.fields)
    for text in declarations:
        name, kind = parse_declaration(text)
        fields[name] = kind
    return FieldConfig(fields, {**stored.weights, **(weights or {})}, stored.unfit)


def parse_weights(flags: Iterable[str], fields: Mapping[str, Kind]) -> dict[str, float]:
    """``["title:0.5", "author:1"]`` (the ``--weight`` flag) → ``{"title": 0.5, "author": 1.0}``: how much a
    plain word counts in the title (relative to the body, default 0.25), the body, or a declared text field
    (default 0: searched only as ``author:word``).

    Raises:
        FieldError: not ``NAME:NUMBER``, a number outside 0–100, or a name that is not title, body or a
            declared text field.
    """
    out = {}
    for text in flags:
        name, sep, value = text.partition(":")
        try:
            w = float(value)
        except ValueError:
            w = -1.0
        if not sep or not 0 <= w <= 100:
            raise FieldError(f"--weight {text}: expected NAME:NUMBER with a number from 0 to 100, e.g. title:0.5")
        if name not in ("title", "body") and fields.get(name) != Kind.TEXT:
            texts = ", ".join(["title", "body", *(n for n, k in fields.items() if k == Kind.TEXT)])
            raise FieldError(f"--weight {text}: {name} is not a text field of the index ({texts})")
        out[name] = w
    return out


def check_unchanged(path: str | os.PathLike, stored: FieldConfig, wanted: FieldConfig) -> None:
    """Refuse different field kinds for an existing index (weights are query-time: they may change).

    Raises:
        FieldConfigError: the declared kinds differ; the message gives both and how to rebuild.
    """
    if dict(stored.fields) == dict(wanted.fields):
        return
    flags = " ".join(f"--field {n}:{k}" for n, k in wanted.fields.items())
    raise FieldConfigError(
        f"the index at {path} has the fields {describe(stored)}, not {describe(wanted)}; a field's kind "
        f"decides how it is indexed, so changing it needs a new index: `kavosh index PATH... --index NEW "
        f"{flags}` (or delete {path} and index again)")


# ---------------------------------------------------------------- values

_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\Z")
_TRUE = frozenset({"true", "1", "yes", "بله", "آری", "درست"})
_FALSE = frozenset({"false", "0", "no", "خیر", "نه", "نادرست"})
_SPACES = re.compile(r"[\s" + ZWNJ + r"]+")


def normalize_keyword(value: str) -> str:
    """A keyword as indexed and as matched: the analysis char filters, lower case, runs of
    spaces and half-spaces as one space, trimmed: ``" ورزشي "`` → ``"ورزشی"``, ``"۱۴۰۳"`` → ``"1403"``."""
    return _SPACES.sub(" ", normalize(value).lower()).strip()


def parse_number(value: object) -> float:
    """A number from JSON (int/float) or text with ASCII, Persian or Arabic digits and ``٫``/``.``
    decimal, ``٬``/``,`` thousands separators: ``"۱٬۲۰۰"`` → ``1200.0``.

    Raises:
        ValueError: not a finite number (booleans are not numbers).
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is a boolean, not a number")
    if isinstance(value, int | float):
        f = float(value)
    else:
        s = str(value).strip().translate(_DIGITS).replace("٫", ".").replace("٬", "").replace(",", "")
        s = s.replace("\u2212", "-")
        if not _NUMBER.match(s):
            raise ValueError(f"{str(value)[:40]!r} is not a number")
        f = float(s)
    if not math.isfinite(f):
        raise ValueError(f"{value!r} is not a finite number")
    return f


def parse_bool(value: object) -> bool:
    """``true``/``false`` from JSON, or text (``1``/``0``, ``yes``/``no``, ``بله``/``خیر``).

    Raises:
        ValueError: anything else.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    s = normalize_keyword(str(value))
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise ValueError(f"{str(value)[:40]!r} is not true or false")


def _keyword(value: object) -> str:
    if isinstance(value, bool | dict | list) or value is None:
        raise ValueError(f"{json.dumps(value, ensure_ascii=False)[:40]} is not a keyword (text or a number)")
    s = normalize_keyword(str(value))
    if len(s) > KEYWORD_MAX_CHARS:
        raise ValueError(f"a keyword of {len(s)} characters; the limit is {KEYWORD_MAX_CHARS}")
    return s


def _date_days(value: object) -> int:
    day = parse_date(str(value)) if isinstance(value, str | int) and not isinstance(value, bool) else None
    if day is None:
        raise ValueError(f"{str(value)[:40]!r} is not a date (Jalali or Gregorian, e.g. 1403-09-01 or 2024-11-21)")
    return to_days(day)


def coerce_value(kind: Kind, value: object) -> list:
    """The indexed values of one field value: a list (empty for ``None``, ``""`` or ``[]``).

    Text stays text (the writer analyses it); keywords are normalized
    (:func:`normalize_keyword`); numbers are floats; dates days since 1970-01-01;
    bools ``0``/``1``.

    Raises:
        ValueError: the value does not fit ``kind`` (the message says why).
    """
    if value is None or value == "" or value == []:
        return []
    if kind == Kind.KEYWORDS:
        items = value if isinstance(value, list) else [value]
        return [k for v in items if v not in (None, "") for k in [_keyword(v)] if k]
    if isinstance(value, list):
        raise ValueError(f"a list, but the field is {kind} (declare it {Kind.KEYWORDS} for a list of keywords)")
    if kind == Kind.TEXT:
        if isinstance(value, dict | bool):
            raise ValueError(f"{json.dumps(value, ensure_ascii=False)[:40]} is not text")
        return [str(value)]
    if kind == Kind.KEYWORD:
        k = _keyword(value)
        return [k] if k else []
    if kind == Kind.NUMBER:
        return [parse_number(value)]
    if kind == Kind.DATE:
        return [_date_days(value)]
    return [int(parse_bool(value))]


def coerce(config: FieldConfig, values: Mapping[str, Any]) -> dict[str, list]:
    """Indexed values of a document's metadata for every declared field it has.

    Args:
        config: the index's fields.
        values: the document's metadata (:attr:`kavosh.ingest.document.Document.fields`).
    Returns:
        ``{name: [values]}`` (see :func:`coerce_value`); undeclared fields are left out
        (they stay stored and shown).
    Raises:
        ValueError: ``"field NAME (KIND): reason"`` for the first value that does not fit.
    """
    out = {}
    for name, kind in config.fields.items():
        if name in values:
            try:
                got = coerce_value(kind, values[name])
            except ValueError as e:
                raise ValueError(f"field {name} ({kind}): {e}") from None
            if got:
                out[name] = got
    return out


# ---------------------------------------------------------------- inference

_LONG = "long"  # inference: a string too long to be a keyword; the field stays stored only
_EMPTY_LIST = "empty list"  # inference: says only that the field is a list, if it ever holds a value
_NUMERIC_TEXT = "numeric text"  # inference: a short string that is a number ("۲٬۵۰۰"): a keyword, or a number
# beside JSON numbers (see _WIDER)


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
        return _NUMERIC_TEXT if _is_number(value) else Kind.KEYWORD
    return _LONG


def _is_number(text: str) -> bool:
    try:
        parse_number(text)
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
          frozenset({_NUMERIC_TEXT, Kind.KEYWORDS}): Kind.KEYWORDS}

INFERRED_TEXT_WEIGHT = 0.25
"""How much a plain query word counts in an inferred text field (``abstract``), as in the title by default
(:data:`kavosh.search.ranking.TITLE_BOOST`); kept in the index's weights, changed with ``--weight NAME:W``.
A declared text field keeps weight 0 (searched only as ``NAME:word``) unless given one."""


def infer(records: Iterable[tuple[str, Mapping[str, Any]]], declared: Iterable[str] = ()) -> FieldConfig:
    """Propose kinds for the metadata fields of JSON records.

    JSON booleans → ``bool``; numbers → ``number``; lists of strings or
    numbers → ``keyword[]``; strings → ``keyword``, except that a field holding JSON numbers and strings
    that are numbers (``1500`` and ``"۲٬۵۰۰"``, :func:`parse_number`) is ``number``.  A field seen both as one string
    and as a list (even an empty one) is ``keyword[]``.  A field with any string longer than
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
            record and text in another); the message names both records and the field.
    """
    seen: dict[str, tuple[Kind, str, object]] = {}
    lists: set[str] = set()  # fields seen as an empty list: a list, if ever they hold a value
    order: dict[str, int] = {}  # first-seen order, an empty value included
    skip = set(declared) | RESERVED
    for where, values in records:
        for name, value in values.items():
            kind = _kind_of(value)
            if kind is None or name in skip or not isinstance(name, str) or not _NAME.match(name):
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
                old, kind = (Kind.KEYWORD if k == _NUMERIC_TEXT else k for k in (old, kind))  # as shown
                suggested = _suggest(old, old_value, kind, value)
                strict = None if suggested != Kind.KEYWORD else next(
                    (k for k in (old, kind) if k not in (Kind.KEYWORD, Kind.TEXT)), None)  # a number, a date
                keep = (f", or --field {name}:{strict} to keep it a {strict} (a document whose value is not one is "
                        "then reported by file and line, and not indexed)") if strict is not None else ""
                raise FieldConflictError(
                    f"field {name}: {_show(old_value)} ({old}) at {old_where} but {_show(value)} ({kind}) "
                    f"at {where}; fix the document or declare the field's kind, e.g. "
                    f"--field {name}:{suggested}{keep}")
            if wider != old:
                seen[name] = (wider, where, value)
    kinds = {n: Kind.KEYWORD if k == _NUMERIC_TEXT else k for n, (k, _, _) in seen.items()}  # text alone
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

    Raises:
        FieldConflictError: as :func:`infer`, naming the two records (file:line) and the field.
    """
    from ..ingest.files import DEFAULT_MAX_DOC_BYTES, discover, is_json_file, read_json_file

    files, _errors = discover(list(paths))  # errors are reported by the indexing run itself

    def records():
        for path, root in files:
            if not is_json_file(path):
                continue
            n = 0  # items read (documents and errors)
            for item in read_json_file(path, root, DEFAULT_MAX_DOC_BYTES, batch=True):
                if n >= INFER_MAX_RECORDS:
                    break
                if isinstance(item, Document):
                    yield item.source, item.fields
                n += 1 if isinstance(item, Document | IngestError) else len(item)  # records: no metadata

    return infer(records(), declared)
