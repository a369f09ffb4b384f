"""A Latin word's Persian readings: the letter model of Finglish (:mod:`kavosh.query.finglish`).

There is no single standard: people write the same word many ways (``tehran``,
``tehraan``, ``tehrân``; ``ghazal``, ``qazal``; ``khaneh``, ``khane``, ``xane``).
This module is a small transliteration model written for Kavosh:

* **letter rules** (:data:`RULES`): each Latin letter or digraph with the Persian
  letters it may stand for and a cost (0 = the usual reading).  The readings are
  those of everyday Finglish as commonly written in chats, mail and search boxes, with
  the letters of the UniPers script (Pârsiye Jahâni: ``â``, ``š``, ``ž``, ``c`` for
  چ, ``x`` for خ, ``q`` for غ/ق, ``'`` for ع/ء; https://unipers.org/up.htm) and
  the usual diacritics of the scholarly romanizations (ALA-LC / DIN 31635:
  ``ā ī ū``, ``š č ž ġ``) folded onto them (:data:`FOLD`).  Several spellings per sound:
  ``sh``/``š`` → ش, ``ch``/``č``/``c`` → چ, ``kh``/``x`` → خ, ``gh``/``q`` → ق or غ,
  ``zh``/``ž`` → ژ, ``j``/``dj`` → ج, ``v``/``w`` → و, ``s`` → س/ص/ث, ``z`` → ز/ذ/ض/ظ,
  ``t`` → ت/ط, ``h`` → ه/ح, ``ou``/``oo``/``u`` → و, ``ee``/``i``/``y`` → ی,
  ``aa``/``a``/``â`` → ا (آ at the start of a word), ``'`` → ع (or nothing).
* **vowels the Persian script leaves out**: ``a``, ``e``, ``o`` inside a word are
  usually not written (``tehran`` → تهران) but may be (``o`` → و, ``a`` → ا or ع);
  at the start of a word they are carried by ا (``esfahan`` → اصفهان, ``iran``
  → ایران); at the end ``e``/``eh`` is the silent ه (``khane`` → خانه) or an
  ezafe, which Persian does not write (``daneshgahe`` → دانشگاه).
* **doubled letters** stand for one letter with tashdid, which is not written
  (``mohammad`` → محمد).
* **spellings that do not follow the sounds**: the silent و of ``خوا``
  (``khaje`` → خواجه), the Arabic article in names and loanwords (``abdol``,
  ``nooreddin`` → عبدال, نورالدین), hiatus (``teatr`` → تئاتر), a final ع
  (``mamnoo`` → ممنوع).
* **suffixes written apart**: ``ha``, ``haye``, ``hai``, ``hayi``, ``tar``, ``tarin``
  are joined to the word before (``shabake haye`` → شبکه‌های); ``mi``/``nemi`` to
  the word after; a lone ezafe ``e``/``ye`` (or ``-e``/``-ye``) is dropped, and one
  written on the word (``falsafeye``) is read off it.

A beam search over a word's letters (:func:`spellings`, run in the compiled core when it is built:
:func:`core_readings`) keeps only prefixes of a :class:`~kavosh.query.vocabulary.Vocabulary`'s words;
:func:`word_candidates` adds the particles written apart or joined, :func:`group_words` attaches them.
"""

from __future__ import annotations

import math
import threading
import unicodedata
from collections.abc import Callable, Sequence

from .cores import per_table
from .vocabulary import Vocabulary

# ---------------------------------------------------------------- the letter rules
# Positions: "I" = the chunk starts the word, "M" = inside, "F" = the chunk ends the word.
# A rule is (Latin chunk, positions, [(Persian, cost), ...]).  Persian letters are those of the
# index's normalized keys: آ is ا, ئ and ي are ی, ء is left out (Analyzer.normalize_term).
_C = "IMF"  # any position
_RULE_SPEC: list[tuple[str, str, list[tuple[str, float]]]] = [
    # consonants
    ("b", _C, [("ب", 0)]), ("bb", "MF", [("ب", 0)]),
    ("p", _C, [("پ", 0)]), ("pp", "MF", [("پ", 0)]),
    ("t", _C, [("ت", 0), ("ط", 0.4)]), ("tt", "MF", [("ت", 0), ("ط", 0.4)]),
    ("s", _C, [("س", 0), ("ص", 0.4), ("ث", 0.5)]), ("ss", "MF", [("س", 0), ("ص", 0.4), ("ث", 0.5)]),
    ("th", _C, [("ث", 0.6)]),
    ("j", _C, [("ج", 0), ("ژ", 0.8)]), ("dj", _C, [("ج", 0.2)]), ("jj", "MF", [("ج", 0)]),
    ("ch", _C, [("چ", 0)]), ("tch", _C, [("چ", 0.3)]), ("c", _C, [("ک", 0.4), ("چ", 0.5), ("س", 1.0)]),
    ("ck", _C, [("ک", 0.3)]),
    ("h", _C, [("ه", 0), ("ح", 0.3)]), ("hh", "MF", [("ح", 0.3), ("ه", 0.3)]),
    ("kh", _C, [("خ", 0)]), ("x", _C, [("خ", 0.3), ("کس", 0.6)]),
    ("d", _C, [("د", 0)]), ("dd", "MF", [("د", 0)]),
    ("z", _C, [("ز", 0), ("ذ", 0.4), ("ض", 0.4), ("ظ", 0.5)]), ("zz", "MF", [("ز", 0), ("ذ", 0.4), ("ض", 0.4)]),
    ("r", _C, [("ر", 0)]), ("rr", "MF", [("ر", 0)]),
    ("zh", _C, [("ژ", 0)]), ("sh", _C, [("ش", 0)]), ("ssh", "M", [("ش", 0.2)]),
    ("gh", _C, [("ق", 0), ("غ", 0)]), ("q", _C, [("ق", 0), ("غ", 0.2)]), ("qh", _C, [("ق", 0.3), ("غ", 0.3)]),
    ("f", _C, [("ف", 0)]), ("ff", "MF", [("ف", 0)]), ("ph", _C, [("ف", 0.5)]),
    ("k", _C, [("ک", 0)]), ("kk", "MF", [("ک", 0)]),
    ("g", _C, [("گ", 0)]), ("gg", "MF", [("گ", 0)]),
    ("l", _C, [("ل", 0)]), ("ll", "MF", [("ل", 0)]),
    ("m", _C, [("م", 0)]), ("mm", "MF", [("م", 0)]),
    ("n", _C, [("ن", 0)]), ("nn", "MF", [("ن", 0)]),
    ("v", _C, [("و", 0)]), ("w", _C, [("و", 0.1)]), ("vv", "MF", [("و", 0)]),
    ("y", _C, [("ی", 0)]), ("yy", "MF", [("ی", 0)]),
    ("y", "I", [("ای", 0.5)]),  # the alef of an initial ای left unwritten: yalati, yalat (ایالتی, ایالات)
    ("kha", "IM", [("خوا", 0.3)]), ("khaa", "IM", [("خوا", 0.2)]),  # the silent و of خواب, خواهر, خواجه
    ("'", _C, [("ع", 0), ("", 0.3)]),
    # vowels at the start of a word: carried by alef (آ is ا in the keys)
    ("a", "I", [("ا", 0), ("ع", 0.3)]), ("aa", "I", [("ا", 0), ("عا", 0.4)]),
    ("e", "I", [("ا", 0), ("ع", 0.3), ("ای", 0.8)]), ("ee", "I", [("ای", 0.2)]),
    ("i", "I", [("ای", 0), ("ا", 0.5), ("عی", 0.4)]),
    ("o", "I", [("ا", 0), ("او", 0.4), ("ع", 0.3)]),
    ("u", "I", [("او", 0), ("ا", 0.6)]), ("oo", "I", [("او", 0)]), ("ou", "I", [("او", 0)]),
    ("ey", "I", [("ای", 0.2)]), ("ei", "I", [("ای", 0.3)]),
    # vowels inside a word: short ones usually unwritten
    ("a", "M", [("", 0.15), ("ا", 0.2), ("ع", 0.6)]), ("aa", "M", [("ا", 0), ("اع", 0.5), ("عا", 0.5)]),
    ("e", "M", [("", 0.1), ("ع", 0.6), ("ی", 0.7), ("ه", 0.8), ("ا", 0.9)]),
    ("ee", "M", [("ی", 0), ("یی", 0.5)]),
    ("i", "M", [("ی", 0), ("", 0.6)]),
    ("o", "M", [("", 0.15), ("و", 0.2), ("ع", 0.7)]),
    ("u", "M", [("و", 0), ("", 0.5)]),
    ("oo", "M", [("و", 0)]), ("ou", "M", [("و", 0)]), ("ow", "M", [("و", 0.2)]),
    ("ea", "M", [("یا", 0.2)]), ("eo", "M", [("یو", 0.3)]),  # hiatus: تئاتر (te'atr), لئون (leon)
    ("ei", "M", [("ی", 0.1), ("عی", 0.3), ("یی", 0.5)]), ("ey", "M", [("ی", 0.1)]),
    ("ai", "M", [("ای", 0.2), ("ایی", 0.4), ("ی", 0.4)]), ("ay", "M", [("ای", 0.1), ("ی", 0.3)]),
    ("ae", "M", [("اع", 0.4), ("ای", 0.4)]),
    # vowels ending a word
    ("a", "F", [("ا", 0), ("ه", 0.2), ("ی", 0.8), ("ع", 0.8)]), ("aa", "F", [("ا", 0)]), ("ah", "F", [("ه", 0.3)]),
    ("e", "F", [("ه", 0), ("", 0.35), ("ی", 0.8)]), ("eh", "F", [("ه", 0)]), ("ye", "F", [("ی", 0.3)]),
    ("i", "F", [("ی", 0), ("یی", 0.4)]), ("ee", "F", [("ی", 0), ("یی", 0.4)]),
    ("ei", "F", [("ی", 0.1), ("عی", 0.2), ("یی", 0.2), ("ه", 0.8)]), ("ey", "F", [("ی", 0.1)]),
    ("ai", "F", [("ایی", 0.3), ("ای", 0.3), ("ی", 0.5)]), ("ay", "F", [("ای", 0.1)]),
    ("aei", "F", [("اعی", 0.2), ("ایی", 0.3)]), ("ayi", "F", [("ایی", 0.2)]),
    ("o", "F", [("و", 0), ("ه", 0.6), ("وع", 0.5)]), ("u", "F", [("و", 0), ("وع", 0.4)]),
    ("oo", "F", [("و", 0), ("وع", 0.4)]), ("ou", "F", [("و", 0), ("وع", 0.4)]),  # ممنوع (mamnoo), شروع
    ("aa", "F", [("اع", 0.4)]),  # اجتماع (ejtemaa)
    ("ow", "F", [("و", 0.1)]),
]

# the Arabic article inside names and loanwords: abdol-, -ol-, nasrollah, nooreddin, ezzeddin
_RULE_SPEC += [(v + "l", "M", [("ال", 0.3)]) for v in "aeou"]
_RULE_SPEC += [(v + sun + sun, "M", [("ال" + fa, 0.3)]) for v in "aeou"
               for sun, fa in (("d", "د"), ("t", "ت"), ("s", "س"), ("z", "ز"), ("r", "ر"), ("n", "ن"), ("l", "ل"))]

RULES: dict[str, list[tuple[str, str, float]]] = {}
"""Latin chunk → ``[(positions, Persian, cost)]``; positions is a string of ``I``/``M``/``F``."""
for _chunk, _where, _outs in _RULE_SPEC:
    for _persian, _cost in _outs:
        RULES.setdefault(_chunk, []).append((_where, _persian, float(_cost)))
_MAX_CHUNK = max(map(len, RULES))

FOLD: dict[str, str] = {
    "â": "aa", "ā": "aa", "á": "aa", "à": "aa", "ä": "a", "ê": "e", "é": "e", "è": "e", "ë": "e", "ē": "e",
    "î": "i", "ī": "i", "í": "i", "ï": "i", "ô": "o", "ō": "o", "ó": "o", "ö": "o", "û": "u", "ū": "u", "ú": "u",
    "ü": "u", "š": "sh", "ş": "sh", "č": "ch", "ç": "ch", "ž": "zh", "ġ": "gh", "ḡ": "gh", "ḵ": "kh", "ḫ": "kh",
    "ḥ": "h", "ṣ": "s", "ṭ": "t", "ẓ": "z", "ż": "z", "ḍ": "z", "ẕ": "z", "s̱": "s",
    "’": "'", "‘": "'", "`": "'", "ʿ": "'", "ʾ": "'", "ʼ": "'", "ʻ": "'",
}
"""Accented and scholarly letters (UniPers, ALA-LC, DIN 31635) → plain Finglish letters."""

SUFFIXES: dict[str, list[tuple[str, float]]] = {
    "ha": [("ها", 0)], "haa": [("ها", 0)], "haye": [("های", 0)], "haaye": [("های", 0)], "hay": [("های", 0)],
    "hae": [("های", 0.1)], "hai": [("های", 0), ("هایی", 0.1)], "haei": [("هایی", 0), ("های", 0.2)],
    "hayi": [("هایی", 0)], "haie": [("های", 0.1)], "tar": [("تر", 0)], "tarin": [("ترین", 0)], "gan": [("گان", 0)],
    "ye": [("ی", 0.2)], "yi": [("یی", 0.2)], "i": [("ی", 0.1)], "ee": [("ی", 0.2)],
}
"""Suffixes written as separate words (or joined) in Finglish → their Persian spellings and cost.  ``gan``
(``گان``) is the plural of a word ending in a silent ``ه``, which it replaces (``setaregan`` → ``ستارگان``,
:func:`join_ending`)."""
UNJOINED_COST = 0.3
"""A word whose suffix was written apart (``kane ha``) may also be read without it, for this much more
(:func:`word_candidates`): the table may lack the joined word (``کنه‌ها``), and a dearer reading that joins it
(``کانی‌ها``, 1.0) was all that was left; the analyzer stems the plural off either way."""
PREFIXES: dict[str, list[tuple[str, float]]] = {"mi": [("می", 0)], "mee": [("می", 0)], "nemi": [("نمی", 0)]}
"""Verb prefixes written apart (``mi shavad`` → می‌شود)."""
EZAFE = frozenset({"e", "ye", "-e", "-ye"})
"""A lone ezafe word: dropped (Persian does not write it)."""
BEAM = 160
"""States kept per letter position in the beam search."""
MAX_WORD_COST = 1.6
"""A candidate whose transliteration costs more than this is not offered."""

def fold(word: str) -> str:
    """Lowercase ``word`` and fold accented letters onto plain Finglish letters (:data:`FOLD`);
    other combining marks are dropped.  ``"Tehrân"`` → ``"tehraan"``."""
    out = "".join(FOLD.get(ch, ch) for ch in unicodedata.normalize("NFC", word.lower()))
    return "".join(ch for ch in unicodedata.normalize("NFD", out) if not unicodedata.combining(ch))


def cheapest(states: dict[str, float], beam: int) -> dict[str, float]:
    """The ``beam`` cheapest of a beam search's ``states`` (``{prefix: cost}``; ties in insertion
    order), ``states`` itself when it holds no more."""
    if len(states) <= beam:
        return states
    return dict(sorted(states.items(), key=lambda kv: kv[1])[:beam])

def spellings(word: str, vocab: Vocabulary, beam: int = BEAM, max_cost: float = MAX_WORD_COST,
              stems: bool = False, rules: dict[str, list[tuple[str, str, float]]] | None = None) -> dict[str, float]:
    """Every word of ``vocab`` that the Latin ``word`` may spell, with its cost.

    A beam search over the letters of ``word`` (already :func:`fold`-ed): at
    each position every rule of :data:`RULES` whose chunk starts there (and whose
    position, start/inside/end, fits) extends each kept Persian prefix; prefixes
    that no word of ``vocab`` starts with are dropped, and the ``beam`` cheapest
    states are kept.  Doubled consonants read as one letter come from the doubled
    rules (``mm`` → م).

    Returns:
        ``{key: cost}`` for the complete readings that are words of ``vocab`` with
        cost ≤ ``max_cost`` (with ``stems``: that begin a word of ``vocab``, for a
        suffix to be joined); empty when ``word`` has letters no rule reads.
        ``rules``: another rule table of the same shape (default :data:`RULES`).

    With ``vocab.readings`` (:func:`core_readings`) the same search runs in the compiled core; this
    function's code is its specification.
    """
    n = len(word)
    if not n:
        return {}
    rules_of = RULES if rules is None else rules
    if vocab.readings is not None and not has_surrogate(word):
        return dict(vocab.readings.spellings(word, _core_rules(rules_of), beam, max_cost, stems))
    max_chunk = _MAX_CHUNK if rules is None else max(map(len, rules))
    states: list[dict[str, float]] = [{} for _ in range(n + 1)]
    states[0][""] = 0.0
    for pos in range(n):
        here = cheapest(states[pos], beam)
        if not here:
            continue
        for size in range(1, min(max_chunk, n - pos) + 1):
            chunk = word[pos:pos + size]
            chunk_rules = rules_of.get(chunk)
            if not chunk_rules:
                continue
            end = pos + size
            where = "I" if pos == 0 else ("F" if end == n else "M")
            if pos == 0 and end == n:
                where = "IF"  # a one-chunk word: start and end rules both apply
            nxt = states[end]
            for allowed, persian, cost in chunk_rules:
                if not any(w in allowed for w in where):
                    continue
                for prefix, c0 in here.items():
                    total = c0 + cost
                    if total > max_cost:
                        continue
                    new = prefix + persian
                    if persian and not vocab.has_prefix(new):
                        continue
                    if total < nxt.get(new, math.inf):
                        nxt[new] = total
    return {k: c for k, c in states[n].items() if k and (stems or vocab.has(k))}


def has_surrogate(text: str) -> bool:
    """True when ``text`` holds a lone surrogate (not valid UTF-8: the compiled core cannot take it)."""
    return not text.isascii() and any("\ud800" <= ch <= "\udfff" for ch in text)


_RULE_TABLES: dict[int, tuple[dict, object]] = {}
_RULES_LOCK = threading.Lock()


@per_table
def core_readings(ext, table):
    """The compiled :func:`spellings` (``kavosh._core.Readings``) over a completion table's words
    (:class:`kavosh.index.completions.CompletionTable`; its keys hold no surrogate, being runs of
    letters): ``core_readings(table)``, built once per table (an index generation,
    :func:`kavosh.query.cores.per_table`); None when the core is not built or ``KAVOSH_PURE_PYTHON=1``."""
    return ext.Readings([k for k in table.word_keys if not has_surrogate(k)])


def _core_rules(rules: dict):
    """``rules`` (a rule table of :func:`spellings`) converted once for the core (``kavosh._core.RuleTable``)."""
    from ..analysis.normalize import compiled_extension

    with _RULES_LOCK:
        hit = _RULE_TABLES.get(id(rules))
        if hit is None or hit[0] is not rules:
            hit = _RULE_TABLES[id(rules)] = (rules, compiled_extension().RuleTable(rules))
        return hit[1]


def _split_suffix(word: str) -> list[tuple[str, str]]:
    """Ways to read a Latin word as stem + a suffix of :data:`SUFFIXES` (stem of at least 2 letters)."""
    return [(word[:-len(s)], s) for s in SUFFIXES if len(word) - len(s) >= 2 and word.endswith(s)]


def join_ending(key: str, ending: str) -> str | None:
    """``key`` with a Persian suffix joined: ``گان`` replaces a final silent ``ه`` (``ستاره`` → ``ستارگان``)
    and follows nothing else (None); other suffixes are appended."""
    if ending.startswith("گان"):
        return key[:-1] + ending if key.endswith("ه") and len(key) > 2 else None
    return key + ending


def word_candidates(word: str, vocab: Vocabulary, *, prefix: str = "", suffix: str = "",
                    open_endings: bool = False) -> dict[str, float]:
    """Persian keys for one query word with its attached particles.

    Args:
        word: the Latin word (:func:`fold`-ed).
        vocab: the index's words.
        prefix: a verb prefix written apart (``mi``), or "".
        suffix: a suffix written apart (``haye``), or "".
        open_endings: a suffix or verb prefix may join a reading that is a word of ``vocab`` even when the
            joined word is not one (for the word list, which holds few inflected forms: ``jahayi`` →
            ``جا`` + ``هایی``, ``yakhtegan`` → ``یاخته`` + ``گان``); the index then decides
            (:func:`transliterate_query` keeps only readings whose terms some document holds).
    Returns:
        ``{key: cost}``: readings of the word alone, of its suffix written
        joined (``shabakehaye``), and with the particles joined
        (``shabake`` + ``haye`` → شبکههای), all words of ``vocab`` (or, with ``open_endings``, a word of it
        and its particles); with a suffix written apart, the word's own readings too, for
        :data:`UNJOINED_COST` more.
    """
    def joined_ok(stem: str, joined: str | None) -> bool:
        return joined is not None and (vocab.has(joined) or (open_endings and vocab.has(stem)))

    def keep(out: dict[str, float], key: str, cost: float) -> None:
        out[key] = min(out.get(key, math.inf), cost)

    base = dict(spellings(word, vocab))
    for end in ("ye", "ie"):  # an ezafe written on the word: falsafeye → فلسفه, bimarie → بیماری
        if word.endswith(end) and len(word) > len(end) + 2:
            stem = word[:-len(end)] + ("i" if end == "ie" else "")
            for key, cost in spellings(stem, vocab).items():
                keep(base, key, cost + 0.1)
    for stem, suf in _split_suffix(word):
        for key, cost in spellings(stem, vocab, stems=True).items():
            for p, c in SUFFIXES[suf]:
                joined = join_ending(key, p)
                if joined_ok(key, joined):
                    keep(base, joined, cost + c + 0.05)
    out = base
    if suffix:
        joined_all: dict[str, float] = {}
        for key, cost in spellings(word, vocab, stems=True).items():
            for p, c in SUFFIXES[suffix]:
                joined = join_ending(key, p)
                if joined_ok(key, joined):
                    keep(joined_all, joined, cost + c)
        for key, cost in base.items():  # the word without its ending (the analyzer stems it off anyway):
            keep(joined_all, key, cost + UNJOINED_COST)  # kane ha is کنه (کنه‌ها is no word of the table), not کانی‌ها
        out = joined_all
    if prefix:
        joined_all = {}
        for p, c in PREFIXES[prefix]:
            for key, cost in out.items():
                if joined_ok(key, p + key):
                    keep(joined_all, p + key, cost + c)
        out = joined_all or out
    return out


def group_words(words: Sequence[str]) -> list[tuple[str, str, str]]:
    """Attach particles written apart to their word: ``["shabake", "haye", "ejtemaei"]`` →
    ``[("shabake", "", "haye"), ("ejtemaei", "", "")]`` as ``(word, prefix, suffix)``.

    Lone ezafe words are dropped (:func:`choose_finglish` splits ``bank-e`` at the
    hyphen first); an ezafe written on the word is read by :func:`word_candidates`.
    """
    out: list[list[str]] = []
    pending = ""
    for w in words:
        if w in EZAFE and out:
            continue
        if w in PREFIXES:
            pending = w
            continue
        if w in SUFFIXES and out and not out[-1][2] and w not in ("i", "ee", "ye"):
            out[-1][2] = w
            continue
        out.append([w.strip("-"), pending, ""])
        pending = ""
    if pending:
        out.append([pending, "", ""])
    return [(w, p, s) for w, p, s in out if w]


def likeliest(word: str, vocab: Vocabulary, freq_weight: float,
              found: dict[str, float] | None = None) -> tuple[str, float] | None:
    """The reading of the Latin ``word`` (:func:`fold`-ed) that ``vocab`` (the word list) makes likeliest, with its
    rank: letter-rule cost less ``freq_weight`` × log10(frequency + 1) (``nokia``: ``نوکیا`` −0.82, before ``نکا``
    −0.15); None with no reading.  ``found``: the word's :func:`word_candidates` over ``vocab``, when known."""
    best = None
    for key, cost in (word_candidates(word, vocab) if found is None else found).items():
        hit = vocab.lookup(key)
        rank = cost - freq_weight * math.log10((hit[1] if hit else 0) + 1)
        if best is None or (rank, key) < (best[1], best[0]):
            best = (key, rank)
    return best


LONE_MARGIN = 0.3
"""A one-word reading is another word than the one typed when the word list's likeliest reading
(:func:`likeliest`) ranks this much better and no document holds it (:func:`another_word`);
nor is it then the word's spelling in the other script (:func:`kavosh.query.names.other_script`)."""


def another_word(word: str, chosen: str, word_list: Vocabulary, analyzer, doc_freq: Callable[[str], int],
                 freq_weight: float) -> bool:
    """True when the Latin ``word`` means a word no document holds, not the index's reading ``chosen``: the
    word list's likeliest reading of it (:func:`likeliest`, by ``freq_weight``; ``analyzer`` the index's) ranks
    :data:`LONE_MARGIN` better than ``chosen`` and its terms are in no document (``nokia``: ``نوکیا`` −0.82 against
    ``نکا`` −0.15, a town of the news sample; new user 3's finding 5).  ``iran``, ``dolar``, ``hoghoogh`` keep
    their reading: the list's likeliest is the index's (ایران, دلار, حقوق)."""
    key = analyzer.normalize_term(chosen)
    found = word_candidates(word, word_list)
    best, own = likeliest(word, word_list, freq_weight, found), found.get(key)
    if best is None or best[0] == key or own is None:  # a reading of other rules (trump → ترامپ) is not judged
        return False
    hit = word_list.lookup(key)
    mine = own - freq_weight * math.log10((hit[1] if hit else 0) + 1)
    terms = analyzer.terms(best[0])
    return mine - best[1] >= LONE_MARGIN and bool(terms) and not any(doc_freq(t) for t in terms)
