"""The scan of the tokenizer: the regular expressions that find tokens in normalized text.

:data:`TOKEN_RE` finds the three kinds of token :mod:`kavosh.analysis.tokenize` describes (Persian
words with their prefixes and suffixes joined, numbers, other words); :data:`SCAN_RE` also keeps
the separator after a word that may be a compound's first part (:mod:`.compounds` joins them).
The letters (:data:`LETTER`), affixes and :func:`surface_to_word` are read by the analyzer, the
char filters (:mod:`.normalize`), the compounds and ``generate_tables.py`` (through
:mod:`.tokenize`, which re-exports them).  The compiled core's counterpart is
``rust/kavosh-analysis/src/scan.rs``.
"""

from __future__ import annotations

import re

from .chars import ZWNJ
from .verbs import PREVERBS, PREVERBS_WRITTEN_APART

# Arabic-script letters left after normalization (U+0620–U+064A, U+066E–U+06D3,
# U+06FA–U+06FF, U+0750–U+077F supplement); digits and punctuation excluded.
LETTER = "\u0620-\u063f\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06fa-\u06fc\u06ff\u0750-\u077f"
"""Character-class body for Arabic-script letters (used inside ``[...]``)."""

PREFIXES = ("نمی", "می") + tuple(pv + p for pv in PREVERBS if pv not in PREVERBS_WRITTEN_APART for p in ("نمی", "می"))
"""Verbal prefixes joined to the following word (half-space, space or nothing), also after a
preverb written joined to them (:data:`.verbs.PREVERBS`: ``برمی‌گزیند``, ``بازمی‌گردد``,
``درنمی‌یابد``), but not after one written apart (``پس‌می‌دهد`` is ``پس`` + ``می‌دهد``, like
``پس می‌دهد``: :data:`.verbs.PREVERBS_WRITTEN_APART`)."""

SUFFIXES = (
    "هایمان", "هایتان", "هایشان", "هامون", "هاتون", "هاشون", "هایی", "هایم", "هایت", "هایش", "های", "هام", "ها",
    "ترین", "تری", "تر",
    "اند", "ایم", "اید", "ام", "اش", "ی",
)
"""Suffixes joined to the preceding word when written after a space or half-space.

Plural ``ها`` with its clitic forms, comparative/superlative ``تر``/``ترین``,
the copula endings after a past participle (``رفته اند``),
clitic pronouns ``ام``/``اش`` and ezafe ``ی`` (``خانه ی``); spoken plural + clitic (``خونه هاتون``,
``بچه هام`` = ``بچه‌هایم``; ``هات``/``هاش`` only after a half-space: :data:`HALF_SPACE_SUFFIXES`).
"""

HALF_SPACE_SUFFIXES = ("شان", "تان", "مان", "شون", "تون", "مون", "هات", "هاش", "ات", "یم", "ید", "ند", "ای")
"""Further suffixes joined after a half-space (``خانه‌شان``, ``کرده‌اید``, spoken ``خونه‌مون``,
``کتاب‌هات`` = ``کتاب‌هایت``, ``چشم‌هاش``): after a space they are words of their own (``شان``
"dignity"; ``هات داگ`` "hot dog", ``تابع هاش`` "hash function"); ``ای`` also after a space, see
:data:`SPACED_SUFFIX_HOSTS`."""

SPACED_SUFFIX_HOSTS = {"ای": "هی"}
"""``{suffix: the letters a word must end in}`` for a suffix that, written after a space, joins
the word before it only when that word ends in one of the letters (kind 3 of issue #14).  The
indefinite or copula ``ای`` is written apart after a silent ``ه`` or a ``ی`` (``خانه ای``,
``رفته ای``, ``مهمانی ای``); after any other letter it is written joined (``کتابی``), so ``ای``
written apart there is a word of its own: the vocative (``وطن ای وطن``, ``خداحافظ ای سرزمین``),
``ای کاش``, the letter E (``ویتامین ای``, ``اچ ای وی``).  Of the 248 such ``ای`` in the corpora
of ``../shared/data``, about 19 in 20 are these words.  After a half-space it always joins."""

def _trie_regex(words: tuple[str, ...]) -> str:
    """A regex alternation of ``words`` factored as a trie (``ها(?:ی(?:ی|م)?)?``...),
    which Python's ``re`` matches much faster than a flat ``a|b|c`` of literals.
    Longer words are tried first, as in a flat alternation sorted by length."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


COMPOUND_JOINER = "\u2060"
"""WORD JOINER: put between the parts of a compound written apart that the word
list says is usually written as one word.  The char filters delete it from input
text, so in normalized text it only ever comes from :meth:`Compounds.join_tokens`."""

_SEP = f"[ {ZWNJ}]+"
_SUFFIX_ALT = _trie_regex(SUFFIXES)
_ZWNJ_SUFFIX_ALT = _trie_regex(HALF_SPACE_SUFFIXES)
_PREFIX_ALT = _trie_regex(PREFIXES)

# No look-behind for a letter before a word is needed: scanning from the start, a
# match never ends in the middle of a run of letters (``[LETTER]+`` is greedy and
# every other branch starts and ends outside one), so a word always starts where a
# run starts.  (Dropping it made the scan 13% faster; same tokens on the corpora.)
_PERSIAN_WORD = (
    f"(?:(?:{_PREFIX_ALT}){_SEP}(?=[{LETTER}]))?"
    f"[{LETTER}]+(?:{COMPOUND_JOINER}[{LETTER}]+)*"
    f"(?:{_SEP}(?:{_SUFFIX_ALT})(?![{LETTER}])|{ZWNJ}+(?:{_ZWNJ_SUFFIX_ALT})(?![{LETTER}])"
    + "".join(f"|(?<=[{hosts}]){_SEP}{re.escape(suffix)}(?![{LETTER}])" for suffix, hosts in SPACED_SUFFIX_HOSTS.items())
    + ")*"
)
_OTHER_WORD = rf"\d*[^\W\d_{LETTER}][^\W_{LETTER}]*"
_NUMBER = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:[./:]\d+)*"

TOKEN_RE = re.compile(f"{_PERSIAN_WORD}|{_OTHER_WORD}|{_NUMBER}")
"""The tokenizer.  ``findall`` gives surfaces (fast path); ``finditer`` spans."""

SEPS = f" {ZWNJ}"
"""The separators a compound's parts may be written with (one of them)."""

SCAN_RE = re.compile(f"{_PERSIAN_WORD}(?:[{SEPS}](?=[{LETTER}]))?|{_OTHER_WORD}|{_NUMBER}")
""":data:`TOKEN_RE`, except that a Persian word also takes one space or half-space
that follows it when a letter comes next: a token ending so may be the first part
of a compound written apart (:meth:`Compounds.join_tokens`).  The separator is no
part of the word (``surface.rstrip(SEPS)``)."""



def _letter_ranges(body: str) -> list[tuple[int, int]]:
    """``[(first, last)]`` code points of a character-class body like :data:`LETTER`."""
    out = []
    i = 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            out.append((ord(body[i]), ord(body[i + 2])))
            i += 3
        else:
            out.append((ord(body[i]), ord(body[i])))
            i += 1
    return out


scan = SCAN_RE.findall
"""``scan(normalized) -> list[str]``: the surfaces of :data:`SCAN_RE` (the specification's
scan; the compiled core, ``rust/kavosh-analysis/src/scan.rs``, implements it and
``tests/analysis/test_differential.py`` checks the two agree)."""

_JOINERS = str.maketrans({" ": None, ZWNJ: None, ",": None, COMPOUND_JOINER: None})


def surface_to_word(surface: str) -> str:
    """Turn a matched token surface into its word: drop spaces, ZWNJ and ``,``.

    ``"کتاب ها"`` → ``"کتابها"``; ``"200,000"`` → ``"200000"``.
    """
    if " " in surface or ZWNJ in surface or "," in surface or COMPOUND_JOINER in surface:
        return surface.translate(_JOINERS)
    return surface


_LEAD_LETTERS = re.compile(f"[{LETTER}]+")
