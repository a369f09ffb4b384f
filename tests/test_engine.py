"""The Python API: ``kavosh.Index`` (create, add, delete, commit, search, get), typed results, errors."""

from __future__ import annotations

import dataclasses
import doctest
import json
import warnings
from pathlib import Path

import pytest

import kavosh
from kavosh import Document, Hit, SearchResults, Segment
from kavosh.index.store import IndexLockedError, IndexNotFoundError, IndexVersionError
from kavosh.query.parse import QuerySyntaxError

ZWNJ = "\u200c"

DOCS = [
    {"id": "tea", "title": "چای لاهیجان", "text": "کاشت چای در لاهیجان گیلان بیش از صد سال پیش آغاز شد.",
     "url": "https://example.org/tea", "date": "2024-05-01", "region": "گیلان"},
    {"id": "birds", "title": "پرندگان مهاجر", "text": "پرندگان مهاجر در زمستان به تالاب‌های گیلان می‌آیند."},
    {"_id": "library", "title": "كتابخانه ملي", "body": "كتاب‌هاي تازه در كتابخانه ملي ايران"},
]


@pytest.fixture
def ix(tmp_path: Path):
    with kavosh.Index(tmp_path / "index") as index:
        assert index.add(DOCS) == 3
        index.commit()
        yield index


def test_doctest_of_the_engine_module_passes():
    import kavosh.engine

    result = doctest.testmod(kavosh.engine, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 2
    assert result.failed == 0


def test_create_add_commit_search(tmp_path: Path):
    path = tmp_path / "new" / "index"
    with kavosh.Index(path) as index:
        assert (path / "kavosh.json").is_file()
        assert len(index) == 0
        index.add([Document(id="d1", title="زعفران قائنات", text="برداشت زعفران در پاییز")])
        assert index.search("زعفران").total == 0  # not visible before commit
        index.commit()
        assert len(index) == 1
        res = index.search("زعفران")
        assert [h.id for h in res.hits] == ["d1"]
    # Reopened: the commit is durable.
    again = kavosh.Index(path, create=False)
    assert len(again) == 1
    assert again.get("d1").title == "زعفران قائنات"


def test_search_results_are_typed(ix):
    res = ix.search("چای گیلان")
    assert isinstance(res, SearchResults)
    assert res.query == "چای گیلان"
    assert res.total == 2 and len(res.hits) == 2
    assert (res.offset, res.limit) == (0, 10)
    assert isinstance(res.took_ms, float) and res.took_ms >= 0
    assert [h.id for h in res.hits] == ["tea", "birds"]
    for rank, hit in enumerate(res.hits, 1):
        assert isinstance(hit, Hit)
        assert hit.rank == rank
        assert isinstance(hit.score, float) and hit.score > 0
        assert all(isinstance(s, Segment) for s in hit.title_segments + hit.snippet)
        assert "".join(s.text for s in hit.title_segments) == hit.title
    assert res.hits[0].score > res.hits[1].score
    tea = res.hits[0]
    assert (tea.title, tea.url, tea.date, tea.fields) == ("چای لاهیجان", "https://example.org/tea", "2024-05-01",
                                                           {"region": "گیلان"})
    assert [s.text for s in tea.title_segments if s.match] == ["چای"]
    assert [s.text for s in tea.snippet if s.match] == ["چای", "گیلان"]
    assert [s.text for s in res.hits[1].snippet if s.match] == ["گیلان"]
    # to_dict is plain JSON with segments as {"text", "match"}
    d = json.loads(json.dumps(res.to_dict(), ensure_ascii=False))
    assert d["hits"][0]["title_segments"] == [{"text": "چای", "match": True}, {"text": " لاهیجان", "match": False}]
    assert {f.name for f in dataclasses.fields(Hit)} == set(d["hits"][0])


def test_highlights_show_the_original_spelling(ix):
    res = ix.search("کتابهای ایران")  # Persian letters, no half-space; the document has Arabic letters + ZWNJ
    assert [h.id for h in res.hits] == ["library"]
    hit = res.hits[0]
    assert [s.text for s in hit.snippet if s.match] == [f"كتاب{ZWNJ}هاي", "ايران"]
    assert "".join(s.text for s in hit.snippet) == f"كتاب{ZWNJ}هاي تازه در كتابخانه ملي ايران"


def test_search_without_snippets(ix):
    hit = ix.search("چای", snippets=False).hits[0]
    assert hit.id == "tea" and hit.title == "چای لاهیجان"
    assert hit.title_segments == [] and hit.snippet == []


def test_offset_and_limit(ix):
    everything = ix.search("چای گیلان کتاب")
    assert everything.total == 3
    page = ix.search("چای گیلان کتاب", limit=1, offset=1)
    assert page.total == 3
    assert [(h.rank, h.id) for h in page.hits] == [(2, everything.hits[1].id)]
    assert ix.search("چای گیلان کتاب", offset=3).hits == []
    with pytest.raises(QuerySyntaxError, match="limit"):
        ix.search("چای", limit=0)
    with pytest.raises(QuerySyntaxError, match="offset"):
        ix.search("چای", offset=-1)


@pytest.mark.parametrize("query, expected", [
    ("title:گیلان", []),  # گیلان is in bodies only
    ("گیلان", ["birds", "tea"]),
    ("گیلان -چای", ["birds"]),
    ("+لاهیجان گیلان", ["tea"]),
    ('"پرندگان مهاجر"', ["birds"]),
    ('"زمستان مهاجر"', []),
    ("لاهی*", ["tea"]),
    ("چای OR پرنده", ["birds", "tea"]),
    ("چای AND پرنده", []),
])
def test_query_syntax(ix, query: str, expected: list[str]):
    assert sorted(h.id for h in ix.search(query).hits) == expected


def test_phrase_does_not_match_across_title_and_text(tmp_path: Path):
    with kavosh.Index(tmp_path / "index") as index:
        index.add([{"id": "x", "title": "پرندگان مهاجر", "text": "زمستان در تالاب"}])
        index.commit()
        assert index.search('"پرندگان مهاجر"').total == 1
        assert index.search('"در تالاب"').total == 1
        assert index.search('"مهاجر زمستان"').total == 0


@pytest.mark.parametrize("query", ["(چای", "", "-چای", "\""])
def test_bad_queries_raise_query_syntax_error(ix, query: str):
    with pytest.raises(QuerySyntaxError):
        ix.search(query)


def test_a_stopword_of_a_plain_query_is_not_required(ix):
    res = ix.search("چای و لاهیجان")  # the tea document has no و between them
    assert [h.id for h in res.hits] == ["tea"]
    assert res.notes == []


def test_get_returns_the_stored_document(ix):
    doc = ix.get("tea")
    assert isinstance(doc, Document)
    assert (doc.id, doc.title, doc.url, doc.date) == ("tea", "چای لاهیجان", "https://example.org/tea", "2024-05-01")
    assert doc.text == DOCS[0]["text"]
    assert doc.fields == {"region": "گیلان"}
    assert ix.get("library").text == DOCS[2]["body"]  # `_id` and `body` are accepted
    assert ix.get("nope") is None


def test_add_replaces_by_id_and_delete_removes(ix):
    ix.add([{"id": "tea", "title": "قهوه", "text": "دانه‌های قهوه"}])
    ix.commit()
    assert len(ix) == 3
    assert ix.get("tea").title == "قهوه"
    assert ix.search("لاهیجان").total == 0
    assert [h.id for h in ix.search("قهوه").hits] == ["tea"]
    assert ix.delete("birds") is True
    assert ix.get("birds") is not None  # not before commit
    ix.commit()
    assert ix.get("birds") is None
    assert len(ix) == 2
    assert ix.search("مهاجر").total == 0
    assert ix.delete("never-existed") is False  # as HTTP's DELETE answers 404
    assert ix.delete("birds") is False  # deleted already
    ix.add([{"id": "new", "text": "تازه"}])
    assert ix.delete("new") is True  # added since the last commit
    ix.commit()
    assert len(ix) == 2 and ix.get("new") is None


def test_search_checks_the_type_of_its_query(tmp_path: Path):
    with kavosh.Index(tmp_path / "index", fields={"category": "keyword"}) as index:
        index.add([{"id": "a", "text": "خبر ورزشی", "category": "ورزشی"}, {"id": "b", "text": "خبر سیاسی",
                                                                           "category": "سیاسی"}])
        index.commit()
        # None is the empty query docs/fields.md allows with filters (it was "NoneType has no len()")
        assert [h.id for h in index.search(None, filter={"category": "ورزشی"}).hits] == ["a"]
        with pytest.raises(TypeError, match=r"takes the query as a str, got bytes .*decode it"):
            index.search("خبر".encode())
        with pytest.raises(TypeError, match=r"got int '123' .*str\(\) it"):
            index.search(123)
        with pytest.raises(TypeError, match=r"got dict .*filters go in filter="):
            index.search({"q": "خبر"})


def test_add_rejects_a_bad_dict_and_names_it(tmp_path: Path):
    with kavosh.Index(tmp_path / "index") as index:
        with pytest.raises(ValueError, match="document 2: no id"):
            index.add([{"id": "ok", "text": "درست"}, {"text": "بدون شناسه"}])
        with pytest.raises(ValueError, match="no text"):
            index.add([{"id": "empty", "text": ""}])


def test_uncommitted_changes_are_dropped_by_close(tmp_path: Path):
    path = tmp_path / "index"
    index = kavosh.Index(path)
    index.add([{"id": "a", "text": "اول"}])
    index.commit()
    index.add([{"id": "b", "text": "دوم"}])
    index.close()
    reopened = kavosh.Index(path)
    assert len(reopened) == 1 and reopened.get("b") is None


def test_one_writer_at_a_time_and_close_releases_the_lock(tmp_path: Path):
    path = tmp_path / "index"
    first = kavosh.Index(path)
    first.add([{"id": "a", "text": "اول"}])
    first.commit()
    second = kavosh.Index(path)
    assert len(second) == 1  # reading needs no lock
    # in the same process: said so (it was "another process is writing")
    with pytest.raises(IndexLockedError, match=r"another writer of this process holds the index .* \(a second "
                                               "kavosh.Index of the same folder"):
        second.add([{"id": "b", "text": "دوم"}])
    first.close()
    second.add([{"id": "b", "text": "دوم"}])
    second.commit()
    first.reload()
    assert len(first) == 2
    second.close()


def test_context_manager_releases_the_lock(tmp_path: Path):
    path = tmp_path / "index"
    with kavosh.Index(path) as index:
        index.add([{"id": "a", "text": "اول"}])
        index.commit()
    with kavosh.Index(path) as index:
        index.add([{"id": "b", "text": "دوم"}])  # would raise IndexLockedError if the lock were kept
        index.commit()
        assert len(index) == 2


def test_missing_index_without_create(tmp_path: Path):
    with pytest.raises(IndexNotFoundError, match="no Kavosh index at"):
        kavosh.Index(tmp_path / "nothing", create=False)
    assert not (tmp_path / "nothing").exists()


USER_SCRIPT = """
import kavosh
ix = kavosh.Index("my-idnex")  # meant ./my-index, which holds documents
print(ix.created, ix.search("تهران").total, ix.search("کتاب").total)
again = kavosh.Index("my-idnex")
print(again.created, again.search("تهران").total)
asked = kavosh.Index("fresh", create=True)
print(asked.created, asked.search("تهران").total)
with kavosh.Index("filled") as filled:
    filled.add([{"id": "1", "text": "تهران"}])
    filled.commit()
    print(filled.created, filled.search("تهران").total)
"""


def test_a_search_of_an_index_created_by_a_mistyped_path_warns(tmp_path: Path):
    # F15 (new user, 2026-12-04): kavosh.Index("typo") created typo/ and every search found nothing, silently
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-c", USER_SCRIPT], cwd=tmp_path, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["True 0 0", "False 0", "True 0", "True 1"]
    warned = [line for line in proc.stderr.splitlines() if "UserWarning" in line]
    assert warned == ['<string>:4: UserWarning: the index at my-idnex did not exist: kavosh.Index() created it, '
                      'empty, so this search finds nothing (a mistyped path? create=False opens an existing '
                      'index only, create=True creates one without this warning; add() and commit() fill it)'], \
        proc.stderr  # once, at the user's line; not for the index opened again, asked for, or filled


def test_a_non_empty_folder_is_not_turned_into_an_index(tmp_path: Path):
    (tmp_path / "precious.txt").write_text("x", encoding="utf-8")
    with pytest.raises(IndexNotFoundError, match="not an empty folder"):
        kavosh.Index(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["precious.txt"]


def test_another_analyzer_version_is_refused(tmp_path: Path):
    path = tmp_path / "index"
    with kavosh.Index(path) as index:
        index.add([{"id": "a", "text": "اول"}])
        index.commit()
    meta = json.loads((path / "kavosh.json").read_text(encoding="utf-8"))
    assert meta["analyzer_version"] == kavosh.Analyzer().version
    meta["analyzer_version"] = "fa-0123456789ab"
    (path / "kavosh.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(IndexVersionError, match="Reindex") as e:
        kavosh.Index(path)
    assert "fa-0123456789ab" in str(e.value) and kavosh.Analyzer().version in str(e.value)
    # An unstemmed analyzer is another version too.
    meta["analyzer_version"] = kavosh.Analyzer().version
    (path / "kavosh.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(IndexVersionError):
        kavosh.Index(path, analyzer=kavosh.Analyzer(stem=False))


def test_default_path_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("KAVOSH_INDEX", str(tmp_path / "env-index"))
    with kavosh.Index() as index:
        assert index.path == tmp_path / "env-index"
    assert (tmp_path / "env-index" / "kavosh.json").is_file()


def test_the_analyzer_version_covers_every_analysis_module():
    """A change to any module of kavosh.analysis changes Analyzer.version (so an index built
    before it asks to be rebuilt): every module is hashed."""
    from importlib import resources

    from kavosh.analysis import analyzer

    package = resources.files("kavosh.analysis")
    modules = {p.name for p in package.iterdir() if p.name.endswith(".py") and p.name != "__init__.py"}
    assert modules == set(analyzer.ANALYSIS_MODULES)


def test_add_takes_metadata_beside_the_text_or_in_a_fields_mapping_as_the_http_api_does(tmp_path):
    # the new user's F8 (2026-12-04d): the HTTP shape {"fields": {...}} had been stored as one field "fields",
    # its declared values neither indexed nor checked
    with kavosh.Index(tmp_path / "ix", fields={"views": "number", "tags": "keyword[]"}) as ix:
        ix.add([{"id": "g", "text": "سلام دنیا", "fields": {"views": "۱٬۲۰۰", "tags": ["یک"]}},
                {"id": "f", "text": "سلام دنیا", "views": 5, "tags": ["دو"]}])
        with pytest.raises(ValueError, match=r"document 'd': field views \(number\): 'زیاد' is not a number"):
            ix.add({"id": "d", "text": "متن", "fields": {"views": "زیاد"}})
        with pytest.raises(ValueError, match=r"document 1: field views is given twice, in fields and beside it"):
            ix.add({"id": "d", "text": "متن", "views": 3, "fields": {"views": 4}})
        with pytest.raises(ValueError, match=r"document 1: fields.title: title belongs beside fields"):
            ix.add({"id": "d", "text": "متن", "fields": {"title": "x"}})
        ix.commit()
        assert ix.get("g").fields == {"views": 1200, "tags": ["یک"]}
        assert [h.id for h in ix.search("views:>1000").hits] == ["g"]
        assert sorted(h.id for h in ix.search("سلام tags:(یک OR دو)").hits) == ["f", "g"]
        assert len(ix) == 2


def test_add_warns_of_an_undeclared_field_as_kavosh_index_does(tmp_path: Path):
    """A new user's finding: ``ix.add({"id": "n7", "text": "سلام", "author": "علی"})`` stored the undeclared
    ``author`` with no word, while ``kavosh index`` warns; the same check (index/field_warnings.py) now warns
    once per call, naming the field, its documents and how to declare it."""
    with kavosh.Index(tmp_path / "idx", create=True, fields={"category": "keyword"}) as ix:
        with pytest.warns(UserWarning) as caught:
            assert ix.add([{"id": "n7", "text": "سلام", "author": "علی", "category": "ورزشی"},
                           {"id": "n8", "text": "سلام", "author": "رضا", "note": ""}]) == 2
        assert [str(w.message) for w in caught] == [
            'field author (2 documents) is stored and shown, not searched, filtered or counted: it was not '
            'declared when the index was created (kavosh.Index(path, fields={"author": KIND}) for a new index; '
            "an index's fields are fixed then) (docs/fields.md)"]
        assert caught[0].filename == __file__  # points at the caller's add()
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a declared field, or an empty undeclared one: no warning
            ix.add({"id": "n9", "text": "سلام", "category": "سیاسی", "note": None})
        ix.commit()
        assert ix.get("n7").fields["author"] == "علی"  # still stored and shown
