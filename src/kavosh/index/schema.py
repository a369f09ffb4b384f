"""The tantivy schema of a Kavosh index.

Searchable fields hold *our* terms (from :mod:`kavosh.analysis`) joined by
spaces and split again by a registered whitespace analyzer, so tantivy only
stores postings and positions.  The original document (title, text, url, date,
metadata) is stored once, as JSON in a stored, unindexed bytes field, for
display and highlighting.
"""

from __future__ import annotations

import re

import tantivy

from ..analysis.analyzer import STACK_MARK, STOP_MARK, piece_terms
from .fields import FieldConfig, Kind, tantivy_name
from .id_key import ID_KEYS

TERMS_TOKENIZER = "kavosh_terms"
"""Name of the registered analyzer for term fields: whitespace split, nothing else."""

SCHEMA_VERSION = 9
"""9: the id's sort key as fast fields (:mod:`kavosh.index.id_key`); 8: every word indexed, stopwords as marked terms (:func:`kavosh.analysis.analyzer.stop_term`); 7: the shard field."""

ID = "id"  # our document id: raw, indexed (for replace/delete), stored
TITLE_TERMS = "title_terms"
BODY_TERMS = "body_terms"
STORED = "stored"  # JSON bytes: {"title", "url", "date", "fields", "source"}
STORED_TEXT = "stored_text"  # the text, UTF-8 bytes: apart so that showing a hit needs not decode it
DATE_DAYS = "date_days"  # the document's date as days since 1970-01-01 (i64, fast): date filters
SOURCE_KEY = "source_key"  # the source file's resolved absolute path (raw, indexed, stored): replace/prune a file
SOURCE_HASH = "source_hash"  # BLAKE2b of the source file's bytes when read (raw, indexed, stored): skip unchanged
DUP_GROUP = "dup_group"  # near-duplicate group id (u64, indexed, fast)
DUP_JOINED = "dup_joined"  # 1 when the document joined an existing group (u64, indexed)
SHARD = "shard"  # the document's shard in a sharded index (u64, indexed; none otherwise): kavosh.index.shards

SEARCH_FIELDS = {"title": TITLE_TERMS, "body": BODY_TERMS, "text": BODY_TERMS}
"""Field names accepted in queries (``title:``), mapped to term fields."""


def terms_analyzer() -> tantivy.TextAnalyzer:
    """The analyzer registered for term fields: split on whitespace, drop the bare
    :data:`~kavosh.analysis.analyzer.STOP_MARK` (an empty position: the writer's title gap; a
    stopword's marked term, ``␀در``, is indexed) and >255-byte terms."""
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
            .filter(tantivy.Filter.custom_stopword([STOP_MARK]))
            .filter(tantivy.Filter.remove_long(MAX_TERM_BYTES)).build())


MAX_TERM_BYTES = 255
"""Terms of this many UTF-8 bytes or more are not indexed (:func:`terms_analyzer`'s ``remove_long``)."""

_PIECE = re.compile(r"[^\t\n\x0c\r ]+")
"""A piece between ASCII whitespace, as tantivy's whitespace tokenizer splits (Rust's ``is_ascii_whitespace``)."""


def add_terms(doc: tantivy.Document, field: str, joined: str) -> None:
    """Add a term field's joined terms (:meth:`kavosh.analysis.analyzer.Analyzer.index_text`) to ``doc``.

    Text without :data:`~kavosh.analysis.analyzer.STACK_MARK` goes through :func:`terms_analyzer`
    (``add_text``).  Text with it (two readings of a word at one position, kind 3 of issue #14) is
    added as tantivy's pre-tokenized text with the tokens :func:`terms_analyzer` would make, except
    that every term of a piece (:func:`~kavosh.analysis.analyzer.piece_terms`) takes the piece's
    position, as the Rust writer does (``rust/kavosh-index/src/terms.rs``)."""
    if STACK_MARK not in joined:
        doc.add_text(field, joined)
        return
    tokens = [tantivy.Token(term, pos, 0, 0)  # offsets are not stored for term fields
              for pos, m in enumerate(_PIECE.finditer(joined)) for term in piece_terms(m.group())
              if term != STOP_MARK and len(term.encode("utf-8")) < MAX_TERM_BYTES]
    doc.add_pre_tokenized_text(field, tantivy.PreTokenizedString("", tokens))


def build_schema(fields: FieldConfig | None = None) -> tantivy.Schema:
    """Build the schema: id (raw, indexed, stored), two term fields, the date, one stored blob, the
    source file's key and content hash (raw, indexed, stored; empty for documents not read from a file:
    see :mod:`kavosh.index.update`), the near-duplicate group fields (:mod:`kavosh.index.groups`), the shard
    number (:mod:`kavosh.index.shards`: lets a shard's server search only its shard's documents), then one
    field per declared field (:mod:`kavosh.index.fields`, named ``f_NAME``): ``text`` a term field
    with positions; ``keyword``/``keyword[]`` raw, indexed and fast (filters, facets); ``number`` f64,
    ``date`` i64 days and ``bool`` u64 0/1, indexed and fast (range filters, facets, sorting)."""
    sb = tantivy.SchemaBuilder()
    sb.add_text_field(ID, stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_text_field(TITLE_TERMS, stored=False, tokenizer_name=TERMS_TOKENIZER, index_option="position")
    sb.add_text_field(BODY_TERMS, stored=False, tokenizer_name=TERMS_TOKENIZER, index_option="position")
    sb.add_bytes_field(STORED, stored=True, indexed=False)
    sb.add_bytes_field(STORED_TEXT, stored=True, indexed=False)
    sb.add_integer_field(DATE_DAYS, stored=False, indexed=True, fast=True)
    sb.add_text_field(SOURCE_KEY, stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_text_field(SOURCE_HASH, stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_unsigned_field(DUP_GROUP, stored=False, indexed=True, fast=True)
    sb.add_unsigned_field(DUP_JOINED, stored=False, indexed=True)
    sb.add_unsigned_field(SHARD, stored=False, indexed=True)
    for name in ID_KEYS:
        sb.add_unsigned_field(name, stored=False, indexed=False, fast=True)
    for name, kind in (fields.fields.items() if fields else ()):
        add_field(sb, tantivy_name(name), kind)
    return sb.build()


def add_field(sb: tantivy.SchemaBuilder, name: str, kind: Kind) -> None:
    """Add the tantivy field of a declared field of ``kind`` to ``sb``."""
    if kind == Kind.TEXT:
        sb.add_text_field(name, stored=False, tokenizer_name=TERMS_TOKENIZER, index_option="position")
    elif kind in (Kind.KEYWORD, Kind.KEYWORDS):
        sb.add_text_field(name, stored=False, tokenizer_name="raw", index_option="basic", fast=True)
    elif kind == Kind.NUMBER:
        sb.add_float_field(name, stored=False, indexed=True, fast=True)
    elif kind == Kind.DATE:
        sb.add_integer_field(name, stored=False, indexed=True, fast=True)
    else:
        sb.add_unsigned_field(name, stored=False, indexed=True, fast=True)
