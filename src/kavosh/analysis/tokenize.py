"""Tokenizer over normalized text: affixes join, compounds split.

Runs on the output of :func:`kavosh.analysis.normalize.normalize`.  One regular
expression (:data:`TOKEN_RE`) finds three kinds of token:

* Persian words: runs of Arabic-script letters.  A verbal prefix ``می``/``نمی``
  and inflectional suffixes (``ها``, ``تر``, ``ای``, clitics...) are taken into
  the word whether they are written with a half-space, a space or nothing
  (``کتاب‌ها``, ``کتاب ها``, ``کتابها``; ``می‌شوند``, ``می شوند``, ``میشوند``),
  never across punctuation or a line break; ``ای`` after a space only joins a word in ``ه``/``ی``
  (``خانه ای``; ``وطن ای وطن`` is three words: :data:`SPACED_SUFFIX_HOSTS`).  Any other half-space separates
  two words: ``بین‌المللی`` is ``بین`` + ``المللی``, like ``بین المللی``.
* Numbers: ASCII digits with internal ``.``/``/``/``:`` separators (``12.5``,
  ``1402/05/12``) or ``,`` thousands groups (``200,000``).
* Other words: Latin and other-script letters and digits (``ict``, ``3d``).

Then compounds from a word list are brought to their usual spelling (see
:class:`Compounds`): ``هم چنین``/``هم‌چنین`` join into ``همچنین``, and
``تصمیمگیری`` splits like ``تصمیم‌گیری``/``تصمیم گیری`` into ``تصمیم`` + ``گیری``.
So every spelling of a compound gives the same terms.

The scan is :mod:`.scan`, the compounds :mod:`.compounds`; this module runs them
(:func:`tokenize_spans`) and re-exports their names.
"""

from __future__ import annotations

from .compounds import (  # noqa: F401 (re-exported: the analyzer, the stemmer, tests and generate_tables.py read them here)
    ARABIC_ARTICLE,
    ARABIC_NAME_HEADS,
    CARDINALS,
    COMPOUND_SUFFIXES,
    DERIVATIONAL_SUFFIXES,
    FAMILY_SUFFIXES,
    FUTURE_AUXILIARIES,
    GLUED_AUXILIARIES,
    GLUED_PARTICIPLE_PREFIXES,
    GLUED_PARTS,
    GLUED_PREPOSITION,
    MIN_ARTICLED_FREQ,
    MIN_GLUED_FREQ,
    MULTIPLIERS,
    PASSIVE_AUXILIARIES,
    PERFECT_AUXILIARY,
    WAW,
    WAW_COMPOUNDS,
    WAW_MIDDLE,
    Compounds,
    numeral_run,
)
from .scan import (  # noqa: F401 (re-exported: the analyzer, the char filters, tests and generate_tables.py read them here)
    COMPOUND_JOINER,
    HALF_SPACE_SUFFIXES,
    LETTER,
    PREFIXES,
    SCAN_RE,
    SEPS,
    SPACED_SUFFIX_HOSTS,
    SUFFIXES,
    TOKEN_RE,
    _letter_ranges,
    scan,
    surface_to_word,
)


def tokenize(normalized: str, compounds: Compounds | None = None) -> list[str]:
    """Return the token surfaces of already-normalized text, in order.

    Args:
        normalized: output of :func:`kavosh.analysis.normalize.normalize`.
        compounds: known compounds (see :class:`Compounds`): a compound usually
            written as one word is joined when written with a space or
            half-space; one usually written with a half-space is split when
            written joined.
    """
    return [s for s, _, _ in tokenize_spans(normalized, compounds)]


def tokenize_spans(normalized: str, compounds: Compounds | None = None) -> list[tuple[str, int, int]]:
    """``[(surface, start, end)]`` for each token of normalized text (see :func:`tokenize`).

    ``start``/``end`` index ``normalized``; map them to the original text with
    the offset lists of :func:`kavosh.analysis.normalize.normalize_with_offsets`.
    """
    matches = [(m.group(), m.start()) for m in SCAN_RE.finditer(normalized)]
    surfaces = [m[0] for m in matches]
    starts = [m[1] for m in matches]
    if compounds is not None:
        compounds.join_tokens(surfaces, normalized, starts)
    spans: list[tuple[str, int, int]] = []
    for s, a in zip(surfaces, starts, strict=True):
        s = s.rstrip(SEPS)
        split = compounds.split(s) if compounds is not None else None
        if split is None:
            spans.append((s, a, a + len(s)))
        else:
            for p in split:
                spans.append((p, a, a + len(p)))
                a += len(p)
    return spans


def surfaces_unsplit(normalized: str, compounds: Compounds | None = None) -> list[str]:
    """Like :func:`tokenize`, but fast: compounds usually written with a half-space
    stay whole (``تصمیمگیری``) and a surface may end with the separator that followed
    it (see :data:`SCAN_RE`); the caller strips it and maps the surface through
    ``compounds.parts``, once per distinct surface (cached)."""
    out = scan(normalized)
    if compounds is not None:
        compounds.join_tokens(out, normalized)
    return out
