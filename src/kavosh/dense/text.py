"""The text the encoder sees: passages and queries through one Persian normalization.

People write Persian in many ways (issue #14): ``كتاب`` with an Arabic kaf or ``کتاب`` with a
Persian one, ``۲۰۰`` or ``200``, ``کِتاب`` with a kasra, ``کـتاب`` stretched by a tatweel, letters as
presentation forms out of an old PDF.  The analyzer folds all of them to one term, so lexical search
finds and counts the same documents; the multilingual encoder, given the text as typed, made another
vector of each (its own normalizer, XLM-R's per-code-point map, keeps Arabic letters, Persian digits,
diacritics and tatweel as they are), so hybrid search ranked and counted by spelling.

:func:`encoder_text` is the one normalization both sides go through before the encoder's own
(:meth:`kavosh.dense.encoder.Encoder.token_ids`): the analyzer's char filters
(:data:`kavosh.analysis.normalize.CHAR_RULES`, their composed table and
:func:`~kavosh.analysis.normalize.respell_in_context` — the same rules, not a copy) but for the ones in
:data:`KEPT_AS_WRITTEN`.  So Arabic yeh/kaf/alef maksura/teh marbuta/heh-yeh become Persian letters,
Persian and Arabic-Indic digits ASCII digits, tatweel, diacritics and Quranic marks are deleted,
presentation forms become letters, bidi controls and invisible characters are deleted, no-break spaces
become spaces; the half-space (ZWNJ) is left as the analyzer leaves it (the encoder's own map reads it as
a space).  The alef madda, the hamza seats and Latin capitals stay as written: lexical search folds them
(``آب``/``اب``), but the encoder knows them apart and reads the text better with them.  Chosen by
measurement (docs/benchmarks.md, "The encoder's text"): on parsinlu_rc, dense nDCG@10 0.8378 raw →
0.8407 with these rules (0.8349 with every char filter), hybrid 0.8495 → 0.8535.  Diacritics are
deleted as the analyzer deletes them: kept, dense gave 0.8421 and hybrid 0.8519, and a kasra typed
or not would again be two vectors.

The vectors of a store are only comparable with queries normalized the same way, so the store records
:data:`TEXT_FORM` in its model name (:data:`ENCODER_NAME`): a digest of the
normalization table, which changes whenever a char filter's mapping does.  A store of another text
form is re-embedded by ``kavosh embed`` / ``kavosh index --dense`` and not searched before
(:mod:`kavosh.index.vectors`).
"""

from __future__ import annotations

import hashlib
import unicodedata

from ..analysis.normalize import CHAR_RULES, TABLE, respell_in_context

__all__ = ["ENCODER_NAME", "KEPT_AS_WRITTEN", "MODEL_NAME", "TEXT_FORM", "encoder_text"]

MODEL_NAME = "multilingual-e5-small-int8"
"""The encoder's weights and how they run (:mod:`kavosh.dense.encoder`)."""

KEPT_AS_WRITTEN = ("fold_alef_variants", "fold_waw_hamza", "fold_yeh_hamza", "delete_hamza", "lowercase")
"""The char filters (:data:`kavosh.analysis.normalize.CHAR_RULES`, by name) the encoder's text skips:
``آ``/``أ``/``إ``/``ٱ``, ``ؤ``, ``ئ``, ``ء`` and capitals reach it as written (with every char filter,
dense nDCG@10 on parsinlu_rc fell 0.0029 below the raw text; without these five it rose 0.0029)."""


def _encoder_table() -> dict[int, str]:
    """The analyzer's composed table (:data:`~kavosh.analysis.normalize.TABLE`) without the entries of
    :data:`KEPT_AS_WRITTEN`'s rules; a presentation form maps to its letters (NFKC) through this table, so
    ``ﺁ`` is ``آ`` as the letter is."""
    rules = {r.name: r for r in CHAR_RULES}
    missing = [n for n in KEPT_AS_WRITTEN if n not in rules]
    if missing:  # a rule renamed in kavosh.analysis.normalize: say so rather than fold what was kept
        raise RuntimeError(f"kavosh.dense.text: no char filter named {', '.join(missing)}")
    kept = {ord(c) for n in KEPT_AS_WRITTEN for c in rules[n].mapping}
    table = {cp: rep for cp, rep in TABLE.items() if cp not in kept}
    for cp in TABLE:
        if 0xFB50 <= cp <= 0xFEFF or 0xFF01 <= cp <= 0xFF5E:  # presentation forms, full-width ASCII
            letters = unicodedata.normalize("NFKC", chr(cp))
            table[cp] = (letters.strip() or letters).translate(table)
    return table


_TABLE = _encoder_table()


def _table_digest() -> str:
    """The first 8 hex digits of SHA-256 over the encoder's table (``code point:replacement``, sorted)."""
    h = hashlib.sha256()
    for cp, rep in sorted(_TABLE.items()):
        h.update(f"{cp:x}:{rep}\n".encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:8]


TEXT_FORM = f"fa-{_table_digest()}"
"""The name of the text normalization the encoder's input goes through: ``fa-`` and a digest of its table
(the analyzer's char filters but :data:`KEPT_AS_WRITTEN`).  Part of the vectors' model name, so a store
made from other text is never searched with these queries' vectors; a change to a char filter's mapping
changes it, and every store is then re-embedded (``tests/test_dense_spelling.py`` pins it)."""

ENCODER_NAME = f"{MODEL_NAME}+{TEXT_FORM}"
"""What a vector store records as its model (:class:`kavosh.index.vectors.VectorStore`): the weights and
the text form of their input.  Kept here, not in :mod:`kavosh.dense.encoder`, so that a search can compare
it with a store's without loading numpy or onnxruntime."""


def encoder_text(text: str) -> str:
    """``text`` as the encoder reads it: the analyzer's char filters but :data:`KEPT_AS_WRITTEN`.

    Args:
        text: a passage window or a query, any Unicode string.
    Returns:
        ``text`` after :func:`~kavosh.analysis.normalize.respell_in_context` and the table:
        ``"كتاب ۲۰۰"`` → ``"کتاب 200"``, ``"کِتـاب"`` → ``"کتاب"``, ``"آب"`` stays.  Idempotent; about
        0.4 µs for a query (``benchmarks/dense.py --query-ab``), nothing beside the model's milliseconds.
    Raises:
        TypeError: ``text`` is not a ``str``.
    """
    return respell_in_context(text).translate(_TABLE)
