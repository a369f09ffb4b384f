"""Snippets: original text, matched tokens marked, best window chosen."""

from kavosh.analysis import Analyzer
from kavosh.present.highlight import highlight_all, snippet

A = Analyzer()


def matcher(*terms):
    wanted = {t for w in terms for t in A.terms(w)}
    return lambda tok: tok.term in wanted


def test_highlight_keeps_original_spelling():
    text = "كتاب هاي ايران"
    segs = highlight_all(text, A, matcher("کتاب", "ایران"))
    assert [(s.text, s.match) for s in segs] == [("كتاب هاي", True), (" ", False), ("ايران", True)]
    assert "".join(s.text for s in segs) == text


def test_snippet_picks_window_with_most_distinct_terms():
    filler = " ".join(["متن"] * 100)
    text = f"شبکه {filler} شبکه های اجتماعی در ایران {filler}"
    segs = snippet(text, A, matcher("شبکه", "اجتماعی"), window=20)
    marked = [s.text for s in segs if s.match]
    assert marked == ["شبکه های", "اجتماعی"]
    assert segs[0].text == "… " and segs[-1].text == " …"


def test_snippet_without_match_shows_text_start():
    segs = snippet("سلام دنیا", A, matcher("کتاب"))
    assert "".join(s.text for s in segs) == "سلام دنیا" and not any(s.match for s in segs)


def test_a_short_text_that_fits_the_window_is_shown_whole():
    """A match near the end of a text shorter than the window: the snippet starts at the text's
    start, with no "…" (found as a new user: "… با نشانه …" dropped the first word)."""
    from kavosh.analysis import Analyzer
    from kavosh.present.highlight import snippet

    analyzer = Analyzer()
    text = "متن با نشانه ترتیب بایت درباره انار ساوه"
    segs = snippet(text, analyzer, lambda tok: tok.term in {analyzer.terms("انار")[0], analyzer.terms("ساوه")[0]})
    assert "".join(s.text for s in segs) == text
    assert [s.text for s in segs if s.match] == ["انار", "ساوه"]


from hypothesis import given, settings, strategies as st  # noqa: E402

_LETTERS = "اآأوٰةتکيیهab "
_TEXT = "اآأإوٰةۃتکكيیىهـً‌ abAB?(["


@settings(max_examples=300, deadline=None)
@given(groups=st.lists(st.lists(st.text(_LETTERS.strip(), min_size=1, max_size=3), min_size=1, max_size=2),
                       min_size=1, max_size=3),
       text=st.text(_TEXT, max_size=30))
def test_the_anchor_look_ahead_changes_no_match(groups, text):
    """The first-letter look-ahead of anchor_pattern only skips places: the matches (place and
    group) are those of the bare alternation."""
    import re

    from kavosh.present.highlight import anchor_pattern

    pat = anchor_pattern(groups)
    bare = re.compile(pat.pattern[pat.pattern.index("])(?:") + 2:], re.IGNORECASE)
    assert [(m.span(), m.lastindex) for m in pat.finditer(text)] == \
           [(m.span(), m.lastindex) for m in bare.finditer(text)]


def test_the_words_of_an_alternative_in_several_words_are_marked_only_side_by_side():
    """``کتابخونه`` (spoken کتابخانه) has the alternative ``کتاب خانه``: a text holding the two words apart
    is not that spelling, so neither is marked (a new user's stray highlights); side by side both are, and
    a word the query has in its own right is marked anywhere."""
    from types import SimpleNamespace

    from kavosh.present.format import matcher

    a = Analyzer()
    leaf = SimpleNamespace(kind="term", terms=("کتابخانه",), alternatives=[("کتاب", "خانه")])
    plan = SimpleNamespace(positive=[leaf])
    marked = lambda text: [s.text for s in highlight_all(text, a, matcher(plan)) if s.match]  # noqa: E731
    assert marked("من به خانه رفتم و کتاب خواندم.") == []
    assert marked("این کتاب خانه را دیدم.") == ["کتاب خانه"]
    assert marked("کتابخانه ملی") == ["کتابخانه"]
    plan.positive.append(SimpleNamespace(kind="term", terms=("کتاب",), alternatives=[]))
    assert marked("من به خانه رفتم و کتاب خواندم.") == ["کتاب"]
