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
