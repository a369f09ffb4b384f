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
file, line and field.  :func:`kavosh.index.field_inference.infer` reads JSON Lines records and proposes kinds,
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
    """From :func:`~kavosh.index.field_inference.infer` only (never written to the index): each field given no kind, with the record that
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
