"""Finglish: Persian typed in Latin letters (``tehran``, ``daneshgah``, ``shabake haye ejtemaei``).

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

The model generates **only words the index has**: a beam search over the
letters of each Latin word keeps only Persian prefixes of the index's words
(:class:`Vocabulary`, the words of the completion table of
:mod:`kavosh.index.completions`), and a complete candidate must be a word of the
index.  Each word's candidates are scored by transliteration cost minus the
log of its document frequency; the whole query is chosen by a Viterbi pass in
which adjacent words that occur in the same documents support each other
(:func:`transliterate_query`).  Whether the query is Finglish at all is decided
by the index too (:func:`choose_finglish`): a genuinely Latin query stays as
typed — acronyms and brands (``ICT``, ``BRICS``, ``iPhone``, ``COVID-19``), Latin
words the index has (``python`` where the index has it), and common English
words (``music``, ``world cup``, by the English word frequencies of PyPI
``pyspellchecker``).
"""

from __future__ import annotations

import functools
import math
import re
import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..analysis import Analyzer
from .cores import per_table
from .layout import RATIO, long_supported, support
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
PREFIXES: dict[str, list[tuple[str, float]]] = {"mi": [("می", 0)], "mee": [("می", 0)], "nemi": [("نمی", 0)]}
"""Verb prefixes written apart (``mi shavad`` → می‌شود)."""
EZAFE = frozenset({"e", "ye", "-e", "-ye"})
"""A lone ezafe word: dropped (Persian does not write it)."""
ENGLISH_WORDS = frozenset({"the", "of", "and", "for", "with", "from", "what", "how", "where", "which", "why",
                           "who", "is", "are", "was", "were", "an", "on", "at", "by", "vs", "my", "your", "its"})
"""English function words: a query with one of them is taken as English, not Finglish."""
COMMON_ENGLISH = 10_000
"""A word seen at least this many times in pyspellchecker's English word-frequency list
(about 1.6 billion words of text) is a common English word: ``house``, ``music``, ``money``."""

BEAM = 160
"""States kept per letter position in the beam search."""
TOP_K = 6
"""Candidates kept per word for the whole-query choice."""
MAX_WORD_COST = 1.6
"""A candidate whose transliteration costs more than this is not offered."""
FREQ_WEIGHT = 0.15
"""Word score = cost − FREQ_WEIGHT × ln(document frequency + 1)."""
MIN_SUPPORT = 1
"""Every Persian term of a reading must be in at least this many documents (a Finglish
query may well be after the one document that has its words)."""
MIN_LATIN_DOCS = 3
"""A Latin word in this many documents is taken as meant (see :func:`latin_in_index`)."""
MAX_LONE_WORD_COST = 0.2
"""A one-word query is read as Finglish only within this letter-rule cost per Latin
letter: alone, nothing confirms a far-fetched reading (``covid`` → ``سوئد`` costs
0.23 a letter on an index without ``کووید``; ``kaqaz`` → ``کاغذ`` 0.19)."""
PAIR_WEIGHT = 0.2
"""The query score adds − PAIR_WEIGHT × ln(documents holding both words + 1) for each adjacent pair."""
MAX_WORDS = 32
"""A query of more words is not read as Finglish (each word costs one beam search, about a
millisecond).  Was 8: most PQuAD questions are longer (median 11 words), and none was read."""
READING_MARGIN = 0.5
"""Other readings of a word whose score is within this of the chosen one's are kept as
alternatives of its leaf (:attr:`Reading.alternatives`): the letters cannot always tell ``toost``
(توسط? تست?) or ``nasa`` (ناسا? نسا?), and the documents can."""
MAX_READINGS = 2
"""Alternatives kept per word at most."""
WORD_LIST_COST = 0.3
"""Added to the cost of a reading from the word list (:func:`kavosh.query.vocabulary.word_list_vocabulary`), not
from the index's completion table (a word the corpus holds once: ``عطاری``, ``هیولا`` on ParsiNLU): less
certain, such a word alone is read only within :data:`MAX_LONE_WORD_COST` a letter all the same."""
WORD_LIST_READINGS = 8
"""Readings of a word taken from the word list at most, the most likely first (transliteration cost less
:data:`WORD_LIST_FREQ_WEIGHT` × log10 of the list's frequency); each is analysed and looked up in the index."""
WORD_LIST_MARGIN = 1.0
"""A reading chosen from the word list keeps as alternatives the list's other readings scoring within this of it
(not :data:`READING_MARGIN`): the index holds such words about once, so its counts cannot rank them, and the
letters cannot either (``atari``: اتری, عطاری, عطری); the documents can."""
WORD_LIST_FREQ_WEIGHT = 0.15
"""Ten times as frequent in the word list pays for 0.15 of a letter rule's cost (ranking the list's readings)."""
MIN_FUNCTION_WORDS = 1
"""A reading with this many Persian function words (``dar`` در, ``kaja`` کجا, ``est`` است) is
Persian whether or not its content words meet in one document (``gachsaran dar kaja gharar dard``:
the one document on گچساران does not say قرار); with fewer, two of its content words must meet."""
PUNCTUATION = "?!.,;()«»،؛؟…"
"""Stripped from the ends of a Latin word (a question mark, a parenthesis): not query syntax."""

_LATIN = re.compile(r"^[a-z'\-]+$")
_LETTERS = re.compile(r"[^\W\d_]+")
_SYNTAX_WORDS = re.compile(r"(?<!\S)(?:title|body|text):|(?<!\S)(?:AND|OR|NOT)(?!\S)")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_SYNTAX_CHAR = re.compile(r'[":*]')
_HYPHENS = re.compile(r"-+")
"""(Compiled once: ``re``'s own cache is emptied by the per-query patterns of highlighting.)"""


@dataclass
class Candidate:
    """A Persian reading of one Latin word.

    Attributes:
        key: the normalized key (no half-spaces): ``"شبکههای"``.
        text: the written form to show and search (``"شبکه‌های"``).
        cost: the transliteration cost (sum of rule costs).
        df: document frequency of its rarest analysed term (a stopword's: of its marked index term).
        terms: its analysed content terms.
        latin: the Latin word kept as typed (no reading, or the index holds it).
        listed: a reading from the word list (:func:`word_list_readings`), not the index's table.
    """

    key: str
    text: str
    cost: float
    df: int = 0
    terms: list[str] = field(default_factory=list)
    latin: bool = False
    listed: bool = False

    @property
    def score(self) -> float:
        """Lower is better: cost − :data:`FREQ_WEIGHT` × ln(df + 1)."""
        return self.cost - FREQ_WEIGHT * math.log(self.df + 1)


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
        and its particles).
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
        out = joined_all or base
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


def word_list_readings(word: str, word_list: Vocabulary, found: dict[str, float], *, prefix: str = "",
                       suffix: str = "") -> dict[str, float]:
    """A Latin word's readings from the word list that the index's table did not give (``found``): at most
    :data:`WORD_LIST_READINGS`, ranked by cost less :data:`WORD_LIST_FREQ_WEIGHT` × log10(frequency + 1) in
    the list, each costing :data:`WORD_LIST_COST` more (``atari`` → ``عطاری``; ``jahayi`` → ``جاهایی``, a
    word of the list with an ending: :func:`word_candidates`' ``open_endings``)."""
    more = word_candidates(word, word_list, prefix=prefix, suffix=suffix, open_endings=True)

    def rank(kv: tuple[str, float]) -> tuple[float, str]:
        hit = word_list.lookup(kv[0])
        return kv[1] - WORD_LIST_FREQ_WEIGHT * math.log10((hit[1] if hit else 0) + 1), kv[0]

    ranked = sorted(((k, c) for k, c in more.items() if k not in found), key=rank)
    return {k: c + WORD_LIST_COST for k, c in ranked[:WORD_LIST_READINGS]}


def _latin_held(word: str, analyzer: Analyzer, doc_freq: Callable[[str], int]) -> tuple[int, list[str]]:
    """Documents holding the Latin ``word`` as typed (its rarest term; 0 with none) and its terms."""
    terms = analyzer.terms(word)
    return (min(doc_freq(t) for t in terms) if terms else 0), terms


def transliterate_query(words: Sequence[str], vocab: Vocabulary, analyzer: Analyzer,
                        doc_freq: Callable[[str], int],
                        co_freq: Callable[[Sequence[str]], int] | None = None,
                        with_cost: bool = False,
                        alternatives: dict[str, list[list[str]]] | None = None,
                        word_list: Vocabulary | None = None) -> tuple | None:
    """The best Persian reading of a Finglish query.

    Args:
        words: the query's Latin words, :func:`fold`-ed.
        vocab: the index's words.
        analyzer: the index's analyzer (for document frequencies of candidates).
        doc_freq: document frequency of an analysed term.
        co_freq: number of documents holding all the given analysed terms (adjacent-word
            support), or None to score words independently.
    Returns:
        ``(words, words kept as typed)``, or None when more than half of the words
        have no reading in the vocabulary (those words are kept in Latin; a word
        with no reading is first tried joined to the next: ``khosh nevisi`` →
        خوشنویسی).  Each word keeps its :data:`TOP_K` best candidates by
        :attr:`Candidate.score`; the sequence maximizes the sum of word scores plus
        the pair support (Viterbi over adjacent words).  With ``with_cost``, a third
        element: the highest letter-rule cost among the chosen words.  With ``alternatives``
        (a dict, filled in place): chosen word's text → the analysed terms of up to
        :data:`MAX_READINGS` other readings of it scoring within :data:`READING_MARGIN`.
        word_list: the word list's :class:`Vocabulary` (:func:`kavosh.query.vocabulary.word_list_vocabulary`),
            a second source of readings for a Latin word that the index's words cannot read and no document
            holds as typed (:func:`word_list_readings`), or None.  Asked for every word, it cost about 20 ms
            a 25-word question (eight readings analysed and looked up per word) for one more ParsiNLU query
            found, and its readings became alternatives of words the table reads (``mizan`` → ``میزان``, also
            ``میزن``), so it is only asked for a word the table cannot read.

    A Latin word :data:`MIN_LATIN_DOCS`+ documents hold as typed (``ict`` in a news index) is kept as typed
    unless a reading costs at most :data:`MAX_LONE_WORD_COST` a letter (``iran`` → ``ایران``, ``be`` → ``به``):
    a far-fetched reading (``ict`` → ``است``) is then only an alternative of it (a stopword reading not even
    that), and the word list is never asked for a word the index holds.
    """
    groups = group_words(words)
    if not groups:
        return None
    lattice: list[list[Candidate]] = []
    i = 0
    while i < len(groups):
        word, prefix, suffix = groups[i]
        found = word_candidates(word, vocab, prefix=prefix, suffix=suffix)
        joined = False
        if not found and i + 1 < len(groups) and not suffix and not groups[i + 1][1]:
            # a compound written as two words: khosh nevisi → خوشنویسی
            nxt = groups[i + 1]
            found = word_candidates(word + nxt[0], vocab, prefix=prefix, suffix=nxt[2])
            if found:
                i += 1
                joined = True
        if not found and lattice and not prefix and not groups[i - 1][2] and not lattice[-1][0].latin:
            # ... or joined to the word before: pestan daran → پستانداران
            prev = groups[i - 1]
            found = word_candidates(prev[0] + word, vocab, prefix=prev[1], suffix=suffix)
            if found:
                lattice.pop()
                joined = True
        i += 1
        held, latin_terms = _latin_held(word, analyzer, doc_freq) if not (prefix or suffix or joined) else (0, [])
        listed: dict[str, float] = {}
        if word_list is not None and not found and not held and not joined:
            listed = word_list_readings(word, word_list, found, prefix=prefix, suffix=suffix)
            found = {**found, **listed}
        far_fetched: list[list[str]] = []
        cands = []
        for key, cost in found.items():
            hit = vocab.lookup(key)
            text = (hit[0] if hit else key).replace("ه\u0654", "ه").replace("ۀ", "ه")  # فلسفهٔ → فلسفه
            every = analyzer.analyze(text)
            toks = [t for t in every if not analyzer.is_stopword(t)]
            terms = [t.term for t in toks]
            df = min((doc_freq(t) for t in terms), default=0)
            if terms and not df:
                continue
            if not terms and every:  # a stopword (در, چه, توسط): as frequent as the index says, every word is indexed
                df = min(doc_freq(analyzer.index_term(t)) for t in every)
            if held >= MIN_LATIN_DOCS and cost > MAX_LONE_WORD_COST * len(word):
                if terms:  # ict held as typed: است is no reading of it, ایست at most an alternative
                    far_fetched.append(terms)
                continue
            cands.append(Candidate(key, text, cost, df, terms, listed=key in listed))
        if not cands and held >= MIN_LATIN_DOCS:  # the Latin word the index holds, kept as typed
            cands = [Candidate(word, word, 0.0, held, latin_terms, latin=True)]
            if alternatives is not None and far_fetched:
                alternatives[word] = far_fetched[:MAX_READINGS]
        if not cands:  # no reading: the word stays as typed
            cands = [Candidate(word, (PREFIXES[prefix][0][0] + " " if prefix else "") + word, 0.0, latin=True)]
        cands.sort(key=lambda c: (c.score, c.key))
        lattice.append(cands[:TOP_K])
    # Viterbi: best[i][j] = (score, back-pointer) of the best sequence ending in candidate j of word i
    best: list[list[tuple[float, int]]] = [[(c.score, -1) for c in lattice[0]]]
    for i in range(1, len(lattice)):
        row = []
        for cand in lattice[i]:
            options = []
            for j, prev in enumerate(lattice[i - 1]):
                pair = 0.0
                if co_freq is not None and prev.terms and cand.terms:
                    pair = PAIR_WEIGHT * math.log(co_freq([prev.terms[0], cand.terms[0]]) + 1)
                options.append((best[i - 1][j][0] + cand.score - pair, j))
            row.append(min(options))
        best.append(row)
    if sum(c[0].latin for c in lattice) * 2 > len(lattice):
        return None  # mostly not Persian
    j = min(range(len(best[-1])), key=lambda k: best[-1][k][0])
    chosen: list[Candidate] = []
    for i in range(len(lattice) - 1, -1, -1):
        chosen.append(lattice[i][j])
        j = best[i][j][1]
    chosen.reverse()
    if alternatives is not None:
        for column, pick in zip(lattice, chosen, strict=True):
            margin = WORD_LIST_MARGIN if pick.listed else READING_MARGIN
            others = [c.terms for c in column if c is not pick and not c.latin and c.terms
                      and c.terms != pick.terms and c.score <= pick.score + margin]
            if others and not pick.latin:
                alternatives[pick.text] = others[:MAX_READINGS]
    if with_cost:
        return [c.text for c in chosen], [c.text for c in chosen if c.latin], max(c.cost for c in chosen)
    return [c.text for c in chosen], [c.text for c in chosen if c.latin]


@functools.cache
def _english_frequencies():
    from spellchecker import SpellChecker  # PyPI pyspellchecker; loading its English list takes ~0.7 s

    return SpellChecker(language="en", distance=1).word_frequency


def is_common_english(word: str) -> bool:
    """True when the lowercase ``word`` is a common English word (:data:`COMMON_ENGLISH`)
    by the English word-frequency list of PyPI ``pyspellchecker`` (loaded on first use)."""
    return _english_frequencies()[word] >= COMMON_ENGLISH


def is_english(query: str) -> bool:
    """True when every word of ``query`` (query syntax and numbers aside) is a common
    English word (:func:`is_common_english`) or an English function word: ``music``,
    ``world cup``, ``the universe``.  Such a query is neither Finglish nor typed on the
    wrong keyboard layout (``film`` is not بهمئ)."""
    words = _LETTERS.findall(_SYNTAX_WORDS.sub(" ", query))
    if not words or not all(w.isascii() for w in words):
        return False
    return all(w.lower() in ENGLISH_WORDS or is_common_english(w.lower()) for w in words)


def is_genuinely_latin(word: str) -> bool:
    """True for a word that is Latin as written, never Finglish: an acronym in capitals
    (``ICT``, ``BRICS``), a capital inside a word (``iPhone``, ``YouTube``), or letters
    mixed with digits (``COVID-19``, ``mp3``)."""
    letters = [c for c in word if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return True
    if any(c.isupper() for c in word[1:]):
        return True
    return any(c.isdigit() for c in word)


def latin_support(query: str, analyzer: Analyzer, doc_freq: Callable[[str], int]) -> int:
    """For a query with Latin letters, the number of documents of its rarest content
    term as typed (0 when one is missing, or the query has no Latin letter or no term)."""
    if not _ASCII_LETTER.search(query):
        return 0
    s = support(query, analyzer, doc_freq)
    return s.weakest if s.terms else 0


def latin_in_index(query: str, analyzer: Analyzer, doc_freq: Callable[[str], int]) -> bool:
    """True when ``query`` has Latin letters and every one of its content terms is in
    at least :data:`MIN_LATIN_DOCS` documents of the index as typed (``ICT``, ``python``
    in an index that has them): such a query is genuinely Latin and is not rewritten,
    neither as Finglish nor as a wrong layout.  A word in one or two documents (an
    e-mail address, a URL: ``ahmadi@tehran.hamshahri.net``) does not make ``tehran``
    Latin; the rewrite must then still be far better supported than the query as typed."""
    return latin_support(query, analyzer, doc_freq) >= MIN_LATIN_DOCS


def choose_finglish(query: str, analyzer: Analyzer, doc_freq: Callable[[str], int],
                    vocab: Callable[[], Vocabulary],
                    co_freq: Callable[[Sequence[str]], int] | None = None,
                    alternatives: dict[str, list[list[str]]] | None = None,
                    word_list: Callable[[], Vocabulary] | None = None) -> tuple[str, str] | None:
    """Decide whether ``query`` is Finglish and what it means in Persian.

    Args:
        query: the query as typed.
        analyzer: the index's analyzer.
        doc_freq: document frequency of an analysed term (body field).
        vocab: returns the index's :class:`Vocabulary` (called only for a Latin query).
        co_freq: number of documents holding all the given analysed terms (see
            :func:`transliterate_query`); in a reading of several words, two at
            least must meet in one document.
        alternatives: filled in place with the other readings of each word (see
            :func:`transliterate_query`), for the plan to add to their leaves.
        word_list: returns the word list's :class:`Vocabulary`, a second source of readings (see
            :func:`transliterate_query`), or None.
    Returns:
        ``("finglish", Persian query)`` or None.  None when the query is genuinely
        Latin: every term of it is in the index as typed (:func:`latin_in_index`),
        or a word is an acronym, has a capital inside or digits among letters
        (:func:`is_genuinely_latin`; digits alone are kept: ``boeing 747``), or it
        has an English function word (:data:`ENGLISH_WORDS`), or every word is a
        common English word (:func:`is_english`); when it has Persian
        script, query syntax (``+``, ``-``, quotes, fields, operators) or more than
        :data:`MAX_WORDS` words; when most words have no reading; or when the reading is not much
        better supported by the index than the query as typed — the test of the
        keyboard-layout rewrite (:func:`kavosh.query.layout.choose_layout`) with
        :data:`MIN_SUPPORT` 1: every Persian term of the reading is in the index,
        its rarest term :data:`~kavosh.query.layout.RATIO` times as frequent as the
        original's, and its mean log frequency higher (a reading of 3+ terms may hold a
        quarter of them missing: :func:`kavosh.query.layout.long_supported`); and, unless
        it holds :data:`MIN_FUNCTION_WORDS` Persian function words, two of its content
        words must meet in one document.  :data:`PUNCTUATION` around a word is ignored.
    """
    raw = query.split()
    if not raw or len(raw) > MAX_WORDS:
        return None
    words: list[str] = []
    for w in raw:
        w = w.strip(PUNCTUATION)
        if not w:
            continue
        if w.isdigit():
            words.append(w)
            continue
        if w.startswith(("+", "-")) or w in ("AND", "OR", "NOT") or _SYNTAX_CHAR.search(w):
            return None  # query syntax: leave it to the user
        if is_genuinely_latin(w):
            return None
        f = fold(w)
        if not _LATIN.match(f) or f in ENGLISH_WORDS or not any(c.isalpha() for c in f):
            return None
        words.extend(p for p in _HYPHENS.split(f) if p)  # bank-e → bank, e (an ezafe, dropped)
    if latin_in_index(query, analyzer, doc_freq):
        return None
    got = transliterate_query([w for w in words if not w.isdigit()], vocab(), analyzer, doc_freq, co_freq,
                              with_cost=True, alternatives=alternatives,
                              word_list=word_list() if word_list is not None else None)
    if got is None:
        return None
    persian, kept, cost = got
    if len(persian) == 1 and cost > MAX_LONE_WORD_COST * sum(map(len, words)):
        return None  # one far-fetched word with no neighbour to confirm it: covid → سوئد
    digits = [w for w in words if w.isdigit()]
    conv = " ".join(persian + digits)
    orig = support(query, analyzer, doc_freq)
    s = support(" ".join(w for w in persian if w not in kept), analyzer, doc_freq)
    if not s.terms:
        return None
    if long_supported(s, orig):  # a long question: a quarter of its terms may be missing (یک طرف → یکطرف)
        if s.score <= orig.score:
            return None
    elif s.weakest < MIN_SUPPORT or s.weakest < RATIO * orig.weakest or s.score <= orig.score:
        return None
    terms = sorted(set(s.terms))
    function_words = sum(1 for w in persian if w not in kept and _is_function_word(w, analyzer))
    if co_freq is not None and len(terms) > 1 and function_words < MIN_FUNCTION_WORDS and not any(
            co_freq([a, b]) for i, a in enumerate(terms) for b in terms[i + 1:]):
        return None  # words that never meet in one document: not what was meant (world cup → وورلد چپ)
    if is_english(query):
        return None  # English as typed (house, music), not هوس, مؤسس
    return "finglish", conv


def _is_function_word(word: str, analyzer: Analyzer) -> bool:
    """True when every token of the Persian ``word`` is a stopword (در, کجا, است)."""
    toks = analyzer.analyze(word)
    return bool(toks) and all(analyzer.is_stopword(t) for t in toks)
