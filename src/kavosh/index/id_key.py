"""The document id's sort key as numbers: equal scores ordered by id without reading stored documents.

Equal scores are ordered by document id, its runs of digits compared as numbers
(:func:`id_order`: ``p9`` before ``p10``).  Reading a tied hit's id from its stored document
costs a document-store block's decompression (about 40 µs); a near-duplicate index, whose
copies tie in groups of ten, read about a hundred a query.  So each document also carries the
first :data:`KEY_BITS` bits of an order-preserving binary encoding of :func:`id_order`, split into
the u64 fast fields :data:`ID_KEYS` (read for a batch of hits from their columns, no document
read).  The encoding is monotone — ``id_order(a) < id_order(b)`` implies ``key(a) <= key(b)`` —
so keys order ties exactly except among equal keys (ids longer than the key holds that agree on
it, or that differ only in leading zeros), whose ids are then read.

The encoding of the parts of :func:`id_order` (``str, int, str, int, …, str``), bit strings
concatenated, then cut or padded with zeros to :data:`KEY_BITS`:

- a text part: 6 bits a character, then the code 0 as its end (the end sorts before any
  character).  The 57 characters most ids are made of (``-./:``, ``A``–``Z``, ``_``, ``a``–``z``)
  have codes of their own, in code-point order; any other character has the code of the gap it
  falls in between them, followed by its code point in 21 bits.  (Digits never occur in a text
  part.)
- a number ``v``: an order-preserving Elias-delta code — ``n = v.bit_length()``, ``m =
  n.bit_length()``: ``m`` ones and a zero, the ``m - 1`` low bits of ``n``, the ``n - 1`` low bits
  of ``v`` (0 is ``0``, 1 is ``10``, 3 is ``11001``).  A number of more than :data:`MAX_NUMBER_BITS`
  bits fills the rest of the key with ones (every larger id has a key at least as large).

``farsnews-fars-news-1-0-c3`` takes 158 bits; ``HAM2-850410-071`` 77.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

ID_KEYS = ("id_key_0", "id_key_1", "id_key_2", "id_key_3")
"""The u64 fast fields holding the key, most significant first."""
KEY_BITS = 64 * len(ID_KEYS)
"""Bits of the encoding kept."""
MAX_NUMBER_BITS = 128
"""A run of digits worth more than ``2**128`` saturates the key (see the module text)."""

_DIGITS = re.compile(r"(\d+)")
_ALPHABET = "-./:" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ" + "_" + "abcdefghijklmnopqrstuvwxyz"
_CODE: dict[str, int] = {}
_GAPS: list[tuple[int, int]] = []  # (first code point of the gap, its escape code), in order
_next = 1
_prev = -1
for _ch in _ALPHABET:
    if ord(_ch) > _prev + 1 and not all(chr(c).isdigit() for c in range(_prev + 1, ord(_ch))):
        _GAPS.append((_prev + 1, _next))  # the characters between the previous one and this one
        _next += 1
    _CODE[_ch] = _next
    _next += 1
    _prev = ord(_ch)
_GAPS.append((_prev + 1, _next))
assert _next < 64


def id_order(doc_id: str) -> tuple:
    """The sort key of a document id: its runs of digits compared as numbers, so ``doc2`` comes
    before ``doc10`` (ids numbered in the order of a corpus keep that order); then the id itself.

    >>> sorted(["p10", "p9", "p09", "q1"], key=id_order)
    ['p09', 'p9', 'p10', 'q1']
    """
    parts = _DIGITS.split(doc_id)
    return (tuple(int(p) if i % 2 else p for i, p in enumerate(parts)), doc_id)


def _escape(code_point: int) -> int:
    code = _GAPS[0][1]
    for start, gap in _GAPS:
        if code_point < start:
            break
        code = gap
    return code


def _number(digits: str) -> int | None:
    """The value of a run of digits, ``None`` when it has more than :data:`MAX_NUMBER_BITS` bits."""
    start = 0
    while start < len(digits) - 1 and int(digits[start]) == 0:  # leading zeros (any script's)
        start += 1
    if len(digits) - start > 40:  # 10**39 < 2**128 < 10**40: decide from the digits, no huge int
        return None
    v = int(digits[start:])
    return v if v.bit_length() <= MAX_NUMBER_BITS else None


def id_key(doc_id: str) -> tuple[int, ...]:
    """The id's key as one u64 per field of :data:`ID_KEYS` (see the module text).

    >>> id_key("p9") < id_key("p10") < id_key("q1")
    True
    """
    acc = used = 0
    for i, part in enumerate(_DIGITS.split(doc_id)):
        if used >= KEY_BITS:
            break
        if i % 2:
            v = _number(part)
            if v is None:  # saturate: ones to the end
                acc, used = (acc << (KEY_BITS - used)) | ((1 << (KEY_BITS - used)) - 1), KEY_BITS
                break
            n = v.bit_length()
            m = n.bit_length()
            width = m + 1 + max(m - 1, 0) + max(n - 1, 0)
            code = ((1 << m) - 1) << 1
            if m > 1:
                code = (code << (m - 1)) | (n & ((1 << (m - 1)) - 1))
            if n > 1:
                code = (code << (n - 1)) | (v & ((1 << (n - 1)) - 1))
            acc, used = (acc << width) | code, used + width
        else:
            for ch in part:
                c = _CODE.get(ch)
                if c is None:
                    acc, used = (acc << 27) | (_escape(ord(ch)) << 21) | ord(ch), used + 27
                else:
                    acc, used = (acc << 6) | c, used + 6
                if used >= KEY_BITS:
                    break
            acc, used = acc << 6, used + 6  # the end of the text
    acc = acc >> (used - KEY_BITS) if used > KEY_BITS else acc << (KEY_BITS - used)
    mask = (1 << 64) - 1
    return tuple((acc >> (64 * (len(ID_KEYS) - 1 - j))) & mask for j in range(len(ID_KEYS)))


def read_keys(searcher, addresses: Sequence) -> list[tuple[int, ...] | None]:
    """The :func:`id_key` of each of ``addresses`` (tantivy ``DocAddress`` of ``searcher``) from the
    :data:`ID_KEYS` columns (one fast-field read per column for the whole batch); ``None`` for a document
    of a segment without them."""
    if not addresses:
        return []
    columns = [searcher.fast_field_values(f, list(addresses)) for f in ID_KEYS]
    return [None if None in k else k for k in zip(*columns, strict=True)]


def in_id_order(items: list, keys: list[tuple[int, ...] | None], read_id) -> list:
    """``items`` in document-id order (:func:`id_order`), given each one's key (:func:`read_keys`):
    by key, then, among equal keys (or missing ones), by the id ``read_id(item)`` returns."""
    if any(k is None for k in keys):
        return sorted(items, key=lambda it: id_order(read_id(it)))
    pairs = sorted(zip(keys, range(len(items)), strict=True))
    out, i = [], 0
    while i < len(pairs):
        j = i + 1
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            j += 1
        run = [items[p] for _, p in pairs[i:j]]
        out.extend(sorted(run, key=lambda it: id_order(read_id(it))) if len(run) > 1 else run)
        i = j
    return out
