"""The word list as the analyzer reads it: frequencies, part-of-speech tags, verb stems, compounds and the
spellings of a word that differ in their hamza seat, loaded once and kept in a cache file.

:class:`Lexicon` is what :class:`~kavosh.analysis.morphology.Stemmer` and the tokenizer's
:class:`~kavosh.analysis.tokenize.Compounds` consult; :func:`analysis_digest` hashes every file that
decides how text becomes terms (it keys the cache and is the analyzer's version).  The compiled core
builds the same structures in ``rust/kavosh-analysis/src/lexicon.rs``.

Word list: ``data/words.tsv.gz`` (shekar 1.7.0 vocabulary frequencies and hazm 0.10.0 word list, both
MIT); verbs: ``data/verbs.tsv`` (hazm and shekar, MIT); compounds: ``data/compounds.txt``.  See
``LICENSES.md`` in the package data folder.
"""

from __future__ import annotations

import functools
import gc
import gzip
import hashlib
import os
import pickle
import re
import sys
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path

from .chars import ZWNJ
from .normalize import normalize
from .stopwords import FUNCTION_WORDS
from .tokenize import Compounds
from .verbs import preverb_verb_compound, written_apart_infinitive


def _key(word: str) -> str:
    return normalize(word).replace(ZWNJ, "")


def read_verbs(text: str) -> tuple[frozenset[str], dict[str, tuple[str, ...]]]:
    """The verb list ``data/verbs.tsv`` (a line: past stem, tab, present stem; ``#`` comments) as word list keys:
    ``(past stems, {present stem: (past stem, ...)})``, the past stems of a present stem in the file's order."""
    past: set[str] = set()
    past_of_present: dict[str, tuple[str, ...]] = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        p, s = (_key(x) for x in line.split("\t"))
        past.add(p)
        if p not in past_of_present.get(s, ()):
            past_of_present[s] = past_of_present.get(s, ()) + (p,)
    return frozenset(past), past_of_present


COMPOUND_PART_MARK = "#"
"""Parts of a compound of ``data/compounds.txt`` that the list writes solid (``کیفر#خواست``)."""


def _solid(compound: str) -> str:
    """A compound of the list (normalized, parts apart by a half-space or :data:`COMPOUND_PART_MARK`)
    written solid, as the word list spells it: ``کیفر#خواست`` → ``کیفرخواست``.  Its frequency decides
    whether the compound is joined or split (the ``#`` compounds were looked up with the mark and so
    counted 0 times solid: 1,078 of the 1,251 were split, ``کیفرخواست`` into ``کیفر`` + ``خواست``,
    whose term every form of ``خواستن`` has: ``میخوام`` found the indictment)."""
    return compound.replace(ZWNJ, "").replace(COMPOUND_PART_MARK, "")


@functools.cache
def _stopword_keys() -> frozenset[str]:
    """The function words (:data:`.stopwords.FUNCTION_WORDS`, the stopwords but the auxiliaries)
    as word-list keys (normalized, no ZWNJ)."""
    return frozenset(_key(w) for w in FUNCTION_WORDS)


ANALYSIS_MODULES = (
    "analyzer.py", "arabic.py", "chars.py", "compounds.py", "context.py", "display.py", "explain.py", "index_path.py",
    "index_term.py", "lexicon.py", "marks.py",
    "morphology.py", "normalize.py", "scan.py", "segment.py", "spoken.py", "stem_rules.py", "stopwords.py",
    "tokenize.py", "verbs.py",
)
"""The modules of ``kavosh.analysis`` whose source :func:`analysis_digest` hashes (the compiled
core, ``rust/kavosh-analysis``, implements them exactly, which the differential tests check, so
they stand for it)."""

DATA_FILES = ("data/words.tsv.gz", "data/verbs.tsv", "data/compounds.txt")
"""The word lists, also hashed by :func:`analysis_digest`."""


@functools.cache
def analysis_digest() -> str:
    """SHA-256 (hex) of every file that decides how text becomes terms: the analysis modules'
    source and the word lists.  A change to a rule's logic, a constant or a list changes it (a
    docstring edit too).  It is :attr:`Analyzer.version` and keys :meth:`Lexicon.cached`."""
    h = hashlib.sha256()
    package = resources.files("kavosh.analysis")
    for name in ANALYSIS_MODULES + DATA_FILES:
        h.update(name.encode())
        h.update(package.joinpath(name).read_bytes())
    return h.hexdigest()


def cache_folder() -> Path | None:
    """Where Kavosh keeps the files it derives once and reads back (:meth:`Lexicon.cached`'s lexicon,
    :func:`kavosh.query.finglish.common_english`'s word set), or ``None`` when ``KAVOSH_NO_CACHE`` is set:
    ``$KAVOSH_CACHE_DIR``, else ``$XDG_CACHE_HOME/kavosh``, else ``~/.cache/kavosh``."""
    if os.environ.get("KAVOSH_NO_CACHE"):
        return None
    if os.environ.get("KAVOSH_CACHE_DIR"):
        return Path(os.environ["KAVOSH_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kavosh"


def _cache_key() -> str:
    return hashlib.sha256((sys.version + analysis_digest()).encode()).hexdigest()[:16]


@dataclass
class Lexicon:
    """The word list: frequencies, noun-lexicon membership and verb stems.

    Attributes:
        freq: ``{word: corpus frequency}``, keys normalized (no ZWNJ).
        compounds: words written with a half-space in the word lists (hazm,
            shekar's ``compound_words.csv``); see :class:`~kavosh.analysis.tokenize.Compounds`.
        lemmas: words hazm's word list tags as a lemma (noun, adjective, adverb...).
        plurals: words hazm's word list tags as plural (``ادبیات``, ``دختران``).
        adjectives: words it tags as adjectives (the only bases of ``تر``/``ترین``).
        tagged_nouns: words it tags as nouns (the only bases of ezafe ``ی`` after a vowel).
        past_of_present: ``{present stem: (past stem, ...)}``, the verbs of the list that
            share the present stem, in the list's order.
        past: the set of past stems.
        hamza_variants: ``{normalized spelling: canonical}`` for words spelled with
            different hamza seats (``مسئله``/``مسأله``/``مساله`` → ``مسیله``); see
            :func:`hamza_variant_map`.
    """

    freq: dict[str, int]
    compounds: Compounds
    lemmas: frozenset[str]
    plurals: frozenset[str]
    adjectives: frozenset[str]
    tagged_nouns: frozenset[str]
    past_of_present: dict[str, tuple[str, ...]]
    past: frozenset[str]
    hamza_variants: dict[str, str]

    @cached_property
    def nouns(self) -> frozenset[str]:
        """Words of the non-verb lexicon (lemmas and plurals)."""
        return self.lemmas | self.plurals

    @classmethod
    def cached(cls) -> Lexicon:
        """:meth:`load`, through a cache file: building the lexicon takes about 1.3 s,
        reading it back from the cache about 0.45 s (it is loaded by every ``kavosh``
        command that analyses text).

        The file is ``lexicon-<key>.pickle`` in ``$KAVOSH_CACHE_DIR``, else
        ``$XDG_CACHE_HOME/kavosh``, else ``~/.cache/kavosh``; the key is
        :func:`analysis_digest` (the word lists, the analysis source) and the Python
        version, so any change builds a new file (older ones are removed).  A cache that cannot be read or
        written is ignored (the lexicon is built as without it); ``KAVOSH_NO_CACHE=1``
        turns it off.  Raises ``OSError`` if the bundled word lists are missing.
        """
        folder = cache_folder()
        if folder is None:
            return cls.load()
        path = folder / f"lexicon-{_cache_key()}.pickle"
        try:
            raw = path.read_bytes()
        except OSError:
            raw = None
        if raw is not None:
            collecting = gc.isenabled()
            gc.disable()  # a million small objects: the collector would run dozens of times for nothing
            try:
                lexicon = pickle.loads(raw)
                if isinstance(lexicon, cls):
                    return lexicon
            except Exception:  # noqa: BLE001 (a damaged or foreign file: rebuild it)
                pass
            finally:
                if collecting:
                    gc.enable()
        lexicon = cls.load()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            tmp = folder / f".{path.name}.{os.getpid()}.tmp"
            tmp.write_bytes(pickle.dumps(lexicon, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(tmp, path)  # atomic: a reader sees the old file or the whole new one
            for old in folder.glob("lexicon-*.pickle"):
                if old != path:
                    old.unlink(missing_ok=True)
        except OSError:
            pass
        return lexicon

    @classmethod
    def load(cls) -> Lexicon:
        """Build the lexicon from the bundled word lists (about 1.3 s; :meth:`cached`
        keeps the result).  Raises ``OSError`` if they are missing."""
        data = resources.files("kavosh.analysis") / "data"
        freq: dict[str, int] = {}
        compounds: set[str] = set()
        raw_freq: dict[str, int] = {}  # frequency of the half-spaced spellings
        spelled: dict[str, int] = {}  # every spelling as written in the list
        lemmas: set[str] = set()
        plurals: set[str] = set()
        adjectives: set[str] = set()
        tagged_nouns: set[str] = set()
        with gzip.open(data.joinpath("words.tsv.gz").open("rb"), "rt", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#"):
                    continue
                word, f, kind = line.rstrip("\n").split("\t")
                spelled[word] = int(f)
                k = _key(word)
                freq[k] = max(freq.get(k, 0), int(f))
                if ZWNJ in word:
                    nw = normalize(word)
                    compounds.add(nw)
                    raw_freq[nw] = max(raw_freq.get(nw, 0), int(f))
                if "P" in kind:
                    plurals.add(k)
                elif kind != "0":
                    lemmas.add(k)
                if "A" in kind:
                    adjectives.add(k)
                if "N" in kind:
                    tagged_nouns.add(k)
        past, past_of_present = read_verbs(data.joinpath("verbs.tsv").read_text(encoding="utf-8"))
        for line in data.joinpath("compounds.txt").read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                compounds.add(normalize(line.strip()))
        hamza_variants = hamza_variant_map(spelled)
        half_freq = {w: f for w, f in raw_freq.items() if ZWNJ in w}
        entries = [(w, half, max(joined, half + 1) if preverb_verb_compound(w, past) else joined)
                   for w in sorted(compounds) if not written_apart_infinitive(w, past)
                   for half, joined in [(half_freq.get(w, 0), freq.get(_solid(w), 0))]]
        never_split = _stopword_keys()
        nouns = frozenset(tagged_nouns)
        return cls(freq, Compounds(entries, never_split, nouns, freq, frozenset(past)), frozenset(lemmas), frozenset(plurals - lemmas),
                   frozenset(adjectives), nouns, past_of_present, frozenset(past), hamza_variants)

    def hamza_canonical(self, word: str) -> str:
        """The canonical hamza spelling of a normalized word (:attr:`hamza_variants`).

        A word the word list does not know that is a spelling :attr:`hamza_variants`
        maps (at least :data:`MIN_HAMZA_PREFIX` letters) followed by at most
        :data:`MAX_HAMZA_REMAINDER` letters takes the canonical spelling of that
        beginning: the adverb ``مسؤولاً``/``مسئولاً``/``مسوولاً`` (tanvin dropped,
        too rare for the word list) is ``مسئول`` + ``ا`` in all three spellings,
        as ``مسؤولش`` is ``مسئول`` + ``ش``.  The remainder is kept for the
        stemmer.  Known words are left to :func:`hamza_variant_map`'s frequency
        guard (``مائده`` is not ``ماده``); the longest mapped beginning wins."""
        variants = self.hamza_variants
        canonical = variants.get(word)
        if canonical is not None:
            return canonical
        if word in self.freq:
            return word
        for cut in range(1, MAX_HAMZA_REMAINDER + 1):
            if len(word) - cut < MIN_HAMZA_PREFIX:
                break
            canonical = variants.get(word[:-cut])
            if canonical is not None:
                return canonical + word[-cut:]
        return word


HAMZA_SEATS = "ئأؤ"
SEAT_VARIANTS = {"أ": "ئؤا", "ئ": "أؤی", "ؤ": "ئأو"}
"""What a hamza seat may be written as instead: another seat, or the plain letter it
sits on (``أ`` → ``ا``, ``ئ`` → ``ی``, ``ؤ`` → ``و``), never another plain letter:
``رأس`` is ``راس``, not ``روس``; ``وأم`` is ``وام``, not ``ویم``; ``مؤج`` is ``موج``, not ``ماج``."""
MIN_VARIANT_FREQ = 100
MAX_VARIANT_RATIO = 5.0
MIN_HAMZA_PREFIX = 5
"""Shortest beginning of an unknown word that :meth:`Lexicon.hamza_canonical` respells."""
MAX_HAMZA_REMAINDER = 3
"""Longest ending (``ا``, ``ش``, ``های``) after a respelled beginning."""


def hamza_variant_map(spelled: dict[str, int]) -> dict[str, str]:
    """Group the spellings of a word that differ only in its hamza seat.

    ``مسئله``, ``مسأله`` and ``مساله`` (also ``مسئول``/``مسؤول``/``مسوول``,
    ``هیئت``/``هیأت``/``هیات``, ``سؤال``/``سوال``) are one word written three ways;
    after letter folding they still differ (``مسیله``, ``مساله``).  A medial
    hamza seat is replaced by each other seat and by its own plain letter
    (:data:`SEAT_VARIANTS`); a replacement that the word list also has (at least
    :data:`MIN_VARIANT_FREQ` times, and at most :data:`MAX_VARIANT_RATIO` times as
    frequent, so ``مائده`` never joins ``ماده``) is the same word.  A group holds at
    most one spelling without a seat, and a seat spelling that folds into a much more
    frequent word joins none: ``رأس``/``راس`` ("head") never meets ``روس`` ("Russia")
    through ``رؤس``, ``موج`` never meets ``ماج`` through ``مؤج`` (most frequent first).

    Args:
        spelled: ``{word as written: frequency}`` from the word list.
    Returns:
        ``{normalized spelling: normalized most frequent spelling}`` for every
        spelling of a group with more than one normalized form.
    """
    parent: dict[str, str] = {}

    def find(w: str) -> str:
        while parent.get(w, w) != w:
            w = parent[w]
        return w

    # A seat spelling whose folded form is another, much more frequent word written
    # without a seat is that word's (رؤس folds to روس, "Russia"): it joins no group.
    def dominated(w: str, f: int) -> bool:
        return spelled.get(_key(w), 0) > MAX_VARIANT_RATIO * f

    plain: dict[str, str] = {}  # {group root: its one spelling without a hamza seat}

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra == rb:
            return
        pa = plain.get(ra, "" if has_seat(a) else a)
        pb = plain.get(rb, "" if has_seat(b) else b)
        if pa and pb and pa != pb:
            return  # two different words without a seat (راس, روس): never one word
        parent[rb] = ra
        plain[ra] = pa or pb

    # The most frequent spellings decide first (deterministic whatever the file order).
    has_seat = re.compile(f"[{HAMZA_SEATS}]").search
    seated = [(w, f) for w, f in spelled.items() if f >= MIN_VARIANT_FREQ and has_seat(w)]
    for word, f in sorted(seated, key=lambda kv: (-kv[1], kv[0])):
        if dominated(word, f):
            continue
        for i in range(1, len(word)):
            if word[i] not in HAMZA_SEATS:
                continue
            for seat in SEAT_VARIANTS[word[i]]:
                other = word[:i] + seat + word[i + 1:]
                fo = spelled.get(other, 0)
                if other != word and MIN_VARIANT_FREQ <= fo <= MAX_VARIANT_RATIO * f and not dominated(other, fo):
                    union(word, other)
    groups: dict[str, list[str]] = {}
    for w in parent:
        groups.setdefault(find(w), []).append(w)
    out: dict[str, str] = {}
    for root, members in groups.items():
        members = set(members) | {root}
        best = _key(max(members, key=lambda m: spelled.get(m, 0)))
        forms = {_key(m) for m in members}
        if len(forms) > 1:
            for form in forms:
                out[form] = best
    return out
