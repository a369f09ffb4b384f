"""Property tests (hypothesis): the analyzer never raises, normalization is
idempotent, offsets slice the original text, and both paths agree."""

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kavosh.analysis import Analyzer, normalize
from kavosh.analysis.tokenize import SUFFIXES

A = Analyzer()

PERSIAN = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكۀةأإآؤئءًٌٍَُِّْٰـ۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩٫٬"
SEPARATORS = [" ", "\u200c", "\u200d", "\n", ".", "،", "a", "Z", "3"]
persian_text = st.text(alphabet=st.sampled_from(list(PERSIAN) + SEPARATORS),
                       max_size=200)
any_text = st.text(max_size=300)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(any_text, persian_text))
@example("وٰؠ")  # found by hypothesis: a waw seat's alef must start its token at the waw
@example("بةحٰك")  # found by hypothesis: the piece after a glued به must be read as its own slice
def test_never_raises_and_offsets_slice_original(text):
    tokens = A.analyze(text)
    last_end = 0
    for i, t in enumerate(tokens):
        assert t.position == i
        assert 0 <= t.start < t.end <= len(text)
        assert t.start >= last_end  # tokens are in order and do not overlap
        last_end = t.end
        # the original slice analyses to the same word
        assert A.normalize_term(text[t.start:t.end]) == t.word
        assert t.term


# A word split into pieces (a glued به, a joined Arabic name, a glued run) whose slice holds a
# character the context char filter reads by its place in the word (a dagger alef after a
# word's first letter is deleted, elsewhere it is ا): each piece is read as its own slice.
SPLIT_CONTEXT = [
    ("بةحٰك", ["به", "حک"]),           # whole بهحاک; the piece حٰک alone is حک
    ("بهحٰکم کتاب", ["به", "حکم", "کتاب"]),
    ("عبدالٰه", ["عبد", "اله"]),       # the piece الٰه alone: after a word-initial ال, deleted
]
NO_SPLIT_CONTEXT = [  # whole words keep the reading in context (it does not over-apply)
    ("زکوٰة", ["زکات"]), ("رحمٰن", ["رحمان"]), ("ابرٰهیم", ["ابراهیم"]), ("هٰذا", ["هذا"]),
]


def test_split_pieces_read_as_their_own_slice():
    for text, words in SPLIT_CONTEXT + NO_SPLIT_CONTEXT:
        tokens = A.analyze(text)
        assert [t.word for t in tokens] == words, text
        assert [A.normalize_term(text[t.start:t.end]) for t in tokens] == words, text
        assert A.terms(text) == [t.term for t in tokens], text
        assert A.index_terms(text) == [A.index_term(t) for t in tokens], text


@settings(max_examples=400, deadline=None)
@given(st.one_of(any_text, persian_text))
def test_normalization_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=400, deadline=None)
@given(st.one_of(any_text, persian_text))
def test_index_path_equals_offset_path(text):
    assert A.terms(text) == [t.term for t in A.analyze(text)]


WORDS = ["کتاب", "شبکه", "دانشگاه", "کشور", "مشکل", "همکاری", "سیستم", "روسیه"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(WORDS), st.sampled_from(["ها", "های", "هایی", "تر", "ترین"]),
       st.sampled_from(["", " ", "\u200c"]))
def test_half_space_variants_meet(word, suffix, sep):
    assert suffix in SUFFIXES
    assert A.terms(word + sep + suffix) == A.terms(word + "\u200c" + suffix)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(WORDS), st.sampled_from([" ", "\u200c"]))
def test_indefinite_ai_variants_meet_after_heh_or_yeh(word, sep):
    """``ای`` written apart joins only a word in ``ه``/``ی`` (issue #14 kind 3: after another
    letter it is the vocative, a word of its own); after a half-space it always joins."""
    if sep == " " and word[-1] not in "هی":
        assert A.terms(word + sep + "ای")[0] == A.terms(word)[0]
    else:
        assert A.terms(word + sep + "ای") == A.terms(word + "\u200c" + "ای")


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["شوند", "دانم", "روم", "کنند", "گویند", "خواهد"]), st.sampled_from(["می", "نمی"]),
       st.sampled_from(["", " ", "\u200c"]))
def test_verb_prefix_variants_meet(verb, prefix, sep):
    assert A.terms(prefix + sep + verb) == A.terms(prefix + "\u200c" + verb)


ARABIC_TO_PERSIAN = str.maketrans({"ي": "ی", "ك": "ک"})


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=list("ابتجدرزسشعفقلمنوهيكی"), min_size=1, max_size=30))
def test_arabic_letters_match_persian(text):
    assert A.terms(text) == A.terms(text.translate(ARABIC_TO_PERSIAN))


@settings(max_examples=300, deadline=None)
@given(st.one_of(any_text, persian_text))
@example("وَالْأَرْضِ ٱلرَّحِيمِ")  # the vocalised article: a second reading at the word's position
def test_index_terms_mark_exactly_the_stopwords(text):
    from kavosh.analysis.analyzer import STOP_MARK, piece_terms

    tokens = A.analyze(text)
    entries = [piece_terms(e) for e in A.index_terms(text)]  # one entry per position: a token's terms
    assert [e[0] for e in entries] == [STOP_MARK + t.term if A.is_stopword(t) else t.term for t in tokens]
    assert [e[0] for e in entries] == [A.index_term(t) for t in tokens]
    # more terms at a position only of the kinds that stack a second reading (issue #14)
    assert all(len(e) == 1 or _stacked_reading(e, t.word) for e, t in zip(entries, tokens, strict=True)), entries


def _stacked_reading(entry: list[str], word: str) -> bool:
    """Whether the terms ``entry`` of one position (its first the token's index term) stack a second reading
    of a kind the analyzer makes: a suffix written apart that may be a word of its own (kind 3: ``خانه ای``
    is also ``␀ای``), a negated verb form's marked term (kind 5: ``␕داد``), or a verb's own term after a
    preverb written apart (``برداشت`` + ``داشت``, each with its negated term when negated); last, the term of a
    word's rest after the vocalised Arabic article (``الرحیم`` + ``رحیم``).  A word's surface reading (``␖میرسم``,
    one after each word's term(s): two for a verb after a preverb written apart) is left out first."""
    from kavosh.analysis import context
    from kavosh.analysis.analyzer import STOP_MARK, negated_term

    from kavosh.analysis.analyzer import SURFACE_MARK

    surfaces = [t for t in entry if t.startswith(SURFACE_MARK)]  # a word's surface reading: after its term(s)
    if any(len(t) < 2 for t in surfaces) or len(surfaces) > 2:
        return False
    entry = [t for t in entry if not t.startswith(SURFACE_MARK)]
    first, rest = entry[0], entry[1:]
    if not rest:
        return True
    if any(word[n - 2:n] == "ال" and rest[-1] == A._index_word(word[n:]) for n in (2, 3)):
        rest = rest[:-1]  # a word written with the vocalised Arabic article: its rest's term last (kinds 2, 7)
        if not rest:
            return True
    if rest == [STOP_MARK + "ای"] and word.endswith("ای"):
        return True
    if rest[:1] == [negated_term(first)]:  # the negated reading, then maybe a suffix's or the own reading
        first, rest = rest[0], rest[1:]
        if not rest:
            return True
        if rest == [STOP_MARK + "ای"] and word.endswith("ای"):
            return True
    own = rest[0].lstrip(STOP_MARK)
    return (word.startswith(context.IMPERFECTIVE_PREFIXES) and entry[0].endswith(own) and len(rest) <= 2
            and rest[1:] in ([], [negated_term(rest[0])]))
