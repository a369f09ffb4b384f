"""A document made ready for the writer (:mod:`kavosh.index.writer`): its analysed half (:class:`Prepared`: terms,
stored JSON, date, declared fields' values, near-duplicate fingerprint; :func:`prepare`, the CPU-heavy half of
indexing, run on analysis threads by :mod:`kavosh.index.pipeline`), the tantivy document built from it
(:func:`build`), and the check of its metadata against the declared fields (:func:`check_fields`)."""

from __future__ import annotations

import json
from functools import partial
from typing import NamedTuple

import tantivy

from ..analysis import Analyzer
from ..analysis.analyzer import STOP_MARK
from ..ingest.dates import parse_date, to_days
from ..ingest.document import Document, IngestError
from . import checkpoints, dedup
from . import fields as F
from . import schema as S
from .id_key import ID_KEYS, id_key

TITLE_GAP_POSITIONS = 50
TITLE_GAP = " ".join([STOP_MARK] * TITLE_GAP_POSITIONS)
"""Empty positions between the title and the text in the body field, so that no
phrase or proximity window joins the end of the title to the start of the text."""


class Prepared(NamedTuple):
    """The analysed half of a tantivy document: what :func:`build` and the writer
    need besides the id.

    Plain strings, bytes, ints and a small fingerprint, so that it pickles cheaply
    from an analysis worker process (:mod:`kavosh.index.pipeline`) to the writer.

    Attributes:
        title_terms: the title's index terms joined by spaces.
        body_terms: title terms, :data:`TITLE_GAP`, then the text's terms, joined by spaces.
        stored: the stored JSON without the text (UTF-8 bytes).
        stored_text: the text (UTF-8 bytes), stored apart (:func:`kavosh.index.store.load_stored`).
        days: the date as days since 1970-01-01, or ``None`` when there is none.
        source_key: the source file's key (:mod:`kavosh.index.update`), or ``""``.
        source_hash: the source file's content hash, or ``""``.
        fingerprint: the near-duplicate fingerprint (:func:`kavosh.index.dedup.fingerprint`),
            or ``None`` for a text too short to group (and for a document analysed for the Rust
            writer: its fingerprint is in ``core``).
        typed: the declared fields' values as ``(tantivy field, kind, values)``; a text
            field's value is its terms joined by spaces.
        words: the document's words for the completion table as the compiled core counts
            them (``kavosh._core.DocWords``, :meth:`kavosh.index.completions.Counts.add_words`),
            or ``None``: then the writer counts them from the title and text.
        core: the title's and body's terms as tantivy tokens, the text and the fingerprint, held in Rust
            (``kavosh._core.CoreDoc``, from ``prepare_core_batch``: :mod:`kavosh.index.pipeline`),
            for the Rust writer; then ``title_terms``, ``body_terms`` and ``stored_text`` are empty.
            ``None`` for a document analysed in Python.
    """

    title_terms: str
    body_terms: str
    stored: bytes
    days: int | None
    source_key: str
    source_hash: str
    fingerprint: dedup.Fingerprint | None
    typed: tuple = ()
    stored_text: bytes = b""
    words: object = None
    core: object = None

    def text_size(self) -> int:
        """The text's length in UTF-8 bytes."""
        return len(self.stored_text) if self.core is None else self.core.text_bytes


def prepare(doc: Document, analyzer: Analyzer) -> Prepared:
    """Analyse a :class:`Document`: terms, stored JSON, date and near-duplicate
    fingerprint (the CPU-heavy half of indexing).

    The body field holds the title too (measured better than title and body
    apart: ``docs/benchmarks.md``); the title field is for the title boost.
    A date that :func:`kavosh.ingest.dates.parse_date` reads (Jalali or Gregorian,
    any digits) is stored as ISO ``YYYY-MM-DD`` and indexed as days since
    1970-01-01 for date filters; any other date text is stored as given.  The
    fingerprint is taken from the text's terms (the title's when there is no text).

    Raises:
        UnicodeEncodeError: the document holds a lone surrogate (not valid Unicode).
    """
    title = analyzer.index_text(doc.title)
    text = analyzer.index_text(doc.text)
    return prepared_from(doc, analyzer, title, " ".join((title, TITLE_GAP, text)),
                         dedup.fingerprint((text or title).split()), doc.text.encode("utf-8"))


def prepared_from(doc: Document, analyzer: Analyzer, title_terms: str, body_terms: str,
                  fingerprint: dedup.Fingerprint | None, stored_text: bytes, words: object = None,
                  core: object = None) -> Prepared:
    """The :class:`Prepared` half of ``doc`` from its analysed parts (:func:`prepare`, or the
    compiled core's ``prepare_batch`` or ``prepare_core_batch``: :mod:`kavosh.index.pipeline`): adds
    the date, the stored JSON (with a text over :data:`kavosh.index.checkpoints.MIN_CHARS` characters,
    its token checkpoints) and the declared fields' values."""
    day = parse_date(doc.date)
    stored = {"title": doc.title, "url": doc.url,
              "date": day.isoformat() if day else doc.date, "fields": doc.fields, "source": doc.source}
    if len(doc.text) > checkpoints.MIN_CHARS:  # a long text: where its tokens stand, for snippets
        title = title_terms if core is None else analyzer.index_text(doc.title)
        pieces = len(S._PIECE.findall(title))  # the title's positions, as tantivy's whitespace tokenizer splits
        raw = checkpoints.table(doc.text, analyzer, pieces + TITLE_GAP_POSITIONS)
        if raw is not None:
            stored[checkpoints.KEY] = checkpoints.encode(raw)
    typed = tuple((F.tantivy_name(name), kind, [analyzer.index_text(v) for v in values]
                   if kind == F.Kind.TEXT else values) for name, (kind, values) in (doc.typed or {}).items())
    return Prepared(title_terms, body_terms, json.dumps(stored, ensure_ascii=False, default=str).encode("utf-8"),
                    to_days(day) if day is not None else None, doc.source_key, doc.source_hash,
                    fingerprint, typed, stored_text, words, core)


def build(doc_id: str, prepared: Prepared) -> tantivy.Document:
    """The tantivy document for ``doc_id`` from its :class:`Prepared` half (cheap; no
    analysis), without the near-duplicate group fields (the writer adds them); with the id's sort key
    (:func:`kavosh.index.id_key.id_key`).

    Raises:
        TypeError: ``prepared`` holds its terms in Rust (``core``): only the Rust writer takes it.
    """
    if prepared.core is not None:
        raise TypeError(f"document {doc_id!r} was analysed for the Rust writer (Prepared.core); "
                        "analyse it with core_docs=False for a tantivy-py writer")
    tdoc = tantivy.Document(**{S.ID: doc_id, S.STORED: prepared.stored, S.STORED_TEXT: prepared.stored_text})
    S.add_terms(tdoc, S.TITLE_TERMS, prepared.title_terms)
    S.add_terms(tdoc, S.BODY_TERMS, prepared.body_terms)
    for name, part in zip(ID_KEYS, id_key(doc_id), strict=True):
        tdoc.add_unsigned(name, part)
    if prepared.days is not None:
        tdoc.add_integer(S.DATE_DAYS, prepared.days)
    if prepared.source_key:
        tdoc.add_text(S.SOURCE_KEY, prepared.source_key)
        tdoc.add_text(S.SOURCE_HASH, prepared.source_hash)
    for name, kind, values in prepared.typed:
        add = (partial(S.add_terms, tdoc) if kind == F.Kind.TEXT else
               tdoc.add_text if kind in (F.Kind.KEYWORD, F.Kind.KEYWORDS) else
               tdoc.add_float if kind == F.Kind.NUMBER else
               tdoc.add_integer if kind == F.Kind.DATE else tdoc.add_unsigned)
        for v in values:
            add(name, v)
    return tdoc


def check_fields(doc: Document, config: F.FieldConfig) -> Document | IngestError:
    """Set ``doc.typed`` from its metadata for the declared fields (:func:`kavosh.index.fields.coerce`); a
    number field's value given as text (``"۱٬۲۰۰"``) is kept in ``doc.fields`` as the number (``1200``), so that
    results show every value of a number field as a number.

    Returns:
        ``doc``, or an :class:`IngestError` naming its file, line and the field whose
        value does not fit its kind.
    """
    try:
        doc.typed = {name: (str(config.fields[name]), values)
                     for name, values in F.coerce(config, doc.fields).items()}
        for name, (kind, values) in doc.typed.items():  # stored and shown as the number it is indexed as:
            if kind == F.Kind.NUMBER and values and isinstance(doc.fields.get(name), str):  # "۴۷۱۷" → 4717
                doc.fields[name] = int(values[0]) if float(values[0]).is_integer() else values[0]
    except ValueError as e:
        src = doc.source or doc.id
        path, sep, line = src.rpartition(":")
        where = (path, int(line)) if sep and line.isdigit() else (src, None)
        return IngestError(*where, f"document {doc.id!r}: {e}")
    return doc


def to_tantivy(doc: Document, analyzer: Analyzer) -> tantivy.Document:
    """Analyse a :class:`Document` into a tantivy document: :func:`build` of :func:`prepare`."""
    return build(doc.id, prepare(doc, analyzer))
