"""The id's sort key (kavosh.index.id_key): monotone in id order, and ties ordered from it without
reading stored documents."""

from __future__ import annotations

import tantivy
from hypothesis import given, settings
from hypothesis import strategies as st

from kavosh import Index
from kavosh.index import schema as S
from kavosh.index.id_key import id_key, id_order
from kavosh.index.store import StoredReader
from kavosh.search import proximity

# letters of the key's own alphabet, characters it escapes (below, between and above it), digits of
# two scripts (runs of digits are numbers), zeros (leading zeros tie as numbers)
IDS = st.text(alphabet="ab-_.:/Zz0019۰۱۲é~ \x01\U0001f600", max_size=14)


@settings(max_examples=400, deadline=None)
@given(IDS, IDS)
def test_the_key_never_contradicts_id_order(a, b):
    if id_order(a) < id_order(b):
        assert id_key(a) <= id_key(b)


def test_the_key_tells_apart_the_ids_of_a_news_corpus_and_saturates_huge_numbers():
    ids = [f"farsnews-fars-news-{a}-{b}-c{c}" for a in (1, 2, 10) for b in range(12) for c in range(10)]
    keys = [id_key(i) for i in sorted(ids, key=id_order)]
    assert keys == sorted(keys) and len(set(keys)) == len(ids)  # 158 bits: inside the 256 kept
    assert id_key("p9") < id_key("p10") < id_key("p" + "9" * 60) == id_key("p" + "9" * 70) < id_key("q")
    assert id_key("p" + "0" * 80 + "5") == id_key("p5")  # leading zeros: the same number
    assert all(0 <= v < 2**64 for v in id_key("ثبت-۱۲۳-" * 20))


ASCII_IDS = st.text(alphabet=st.characters(max_codepoint=127), max_size=60)


@settings(max_examples=600, deadline=None)
@given(st.one_of(ASCII_IDS, st.text(alphabet="aZ-_.:/~ 0123456789", max_size=80)))
def test_the_rust_writers_key_of_an_ascii_id_is_the_python_key(doc_id):
    from kavosh.analysis.normalize import compiled_extension

    core = compiled_extension()
    if core is None:
        return  # KAVOSH_PURE_PYTHON: only the Python key exists
    assert tuple(core.id_key_ascii(doc_id)) == id_key(doc_id)


def test_the_rust_key_on_edge_ids_and_none_outside_ascii():
    from kavosh.analysis.normalize import compiled_extension

    core = compiled_extension()
    if core is None:
        return
    edges = ["", "0", "00", "9", "p9", "p09", "p10", "a" * 50, "x" + "7" * 39, "x" + "9" * 39, "x" + "9" * 40,
             "x" + "0" * 90 + "1", "340282366920938463463374607431768211455",  # 2**128 - 1: fits
             "340282366920938463463374607431768211456", "farsnews-fars-news-1-0-c3", "HAM2-850410-071",
             "~" * 12, "a\x00b", "\x7f9", "z" * 45 + "12345"]
    for doc_id in edges:
        assert tuple(core.id_key_ascii(doc_id)) == id_key(doc_id), doc_id
    assert core.id_key_ascii("ثبت-۱۲") is None and core.id_key_ascii("é") is None


class CountingReader(StoredReader):
    def __init__(self, searcher):
        super().__init__(searcher)
        self.reads = 0

    def document(self, address):
        self.reads += 1
        return super().document(address)


def _tied(build_index, name, ids):
    ix = Index(build_index(name, [{"id": i, "text": "کتابخانه ملی ایران در تهران"} for i in ids]), create=False)
    searcher = ix._opened.index.searcher()
    term = ix.analyzer.index_text("کتابخانه")
    hits = list(searcher.search(tantivy.Query.term_query(ix._opened.schema, S.BODY_TERMS, term), limit=50).hits)
    assert len(hits) == len(ids) and len({s for s, _ in hits}) == 1
    reader = CountingReader(searcher)
    got = [searcher.doc(a).get_first(S.ID) for _, a in proximity.by_score_then_id(reader, hits)]
    return got, reader.reads


def test_ties_are_ordered_by_id_from_the_key_columns_without_reading_documents(build_index):
    ids = [f"farsnews-fars-news-3-{b}-c{c}" for b in (7, 12) for c in (9, 0, 10, 2)]
    got, reads = _tied(build_index, "keyties", ids[::-1])
    assert got == sorted(ids, key=id_order)
    assert reads == 0


def test_ids_beyond_the_key_are_read_and_still_in_id_order(build_index):
    long = "https://www.example.org/" + "خبر/" * 20  # 24 + 80 characters, escaped: far past 256 bits
    ids = [f"{long}{n}" for n in (10, 9, 100)] + ["a1"]
    got, reads = _tied(build_index, "longties", ids)
    assert got == ["a1", f"{long}9", f"{long}10", f"{long}100"]
    assert reads == 3  # the three ids whose keys are equal, not "a1"


def test_sorted_pages_order_equal_values_by_id_as_equal_scores_are(build_index):
    # ids whose string order differs from id order (p10 < p9 as strings), all of one date: a sort by date
    # gives them in id order, page after page, as equal scores are given
    ids = [f"p{n}" for n in (10, 9, 100, 1, 11, 2, 20, 3)]
    ix = Index(build_index("sortties", [{"id": i, "text": "کتابخانه ملی", "date": "2020-05-01"} for i in ids]),
               create=False)
    want = sorted(ids, key=id_order)
    assert want != sorted(ids)
    for sort in ("date:desc", "date:asc"):
        pages = [h.id for off in (0, 3, 6) for h in ix.search("کتابخانه", limit=3, offset=off, sort=sort,
                                                                  snippets=False).hits]
        assert pages == want, sort
    assert [h.id for h in ix.search("کتابخانه", limit=10, snippets=False).hits] == want
