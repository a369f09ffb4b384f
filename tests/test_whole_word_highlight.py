"""A highlight marks whole words as written (a new user's findings): ``الحمدلله`` marked ``لله`` inside ``انشالله`` (a
glued Arabic phrase's piece), and ``ان‌شا‌ء‌الله`` came out ``[ان‌شا]‌ء‌[الله]``, its hamza and half-spaces outside the
mark.  Decided as a user reads a page: the word that matched is marked whole, never cut (``present/words.py``
``whole_words``, applied to titles, snippets and a document's page whichever path made the segments).  Table tests
of the rule, then end to end through the CLI both ways (the compiled core and ``KAVOSH_PURE_PYTHON=1``) and the
HTTP API."""

from __future__ import annotations

import json

import pytest

from kavosh.analysis.display import BIDI_CONTROLS
from kavosh.present.results import Segment
from kavosh.present.words import whole_words

CORES = {"rust": {}, "python": {"KAVOSH_PURE_PYTHON": "1"}}
M, U = True, False

RULE = [  # segments in, segments out ((text, match) pairs)
    ([("انشا", U), ("لله", M), (" خوب", U)], [("انشالله", M), (" خوب", U)]),  # a piece: the whole word
    ([("الحمد", M), ("لله", U)], [("الحمدلله", M)]),
    ([("ان‌شا", M), ("‌ء‌", U), ("الله", M), (" موفق", U)], [("ان‌شا‌ء‌الله", M), (" موفق", U)]),  # the hamza inside
    ([("خط حزب‌", U), ("الله", M), (" ۲۸۷", U)], [("خط ", U), ("حزب‌الله", M), (" ۲۸۷", U)]),  # half-space: one word
    ([("کِتاب", M), ("ٌ و", U)], [("کِتابٌ", M), (" و", U)]),  # a combining mark after the word: inside
    ([("… ", U), ("کتاب", M), (" «خوب»", U)], [("… ", U), ("کتاب", M), (" «خوب»", U)]),  # whole already: as it was
    ([("کتاب", M), ("، ", U), ("کتاب", M)], [("کتاب", M), ("، ", U), ("کتاب", M)]),  # punctuation bounds a word
    ([("iPhone", M), ("s", U)], [("iPhone", M), ("s", U)]),  # other scripts: as before
    ([("۱۲", M), ("کتاب", U)], [("۱۲", M), ("کتاب", U)]),  # digits are not letters of a word
    ([("بی", U), ("متن", U)], [("بی", U), ("متن", U)]),  # nothing marked: unchanged
]


@pytest.mark.parametrize("segments, expected", RULE)
def test_a_mark_covers_whole_words(segments, expected):
    given = [Segment(t, m) for t, m in segments]
    got = whole_words(given)
    assert [(s.text, s.match) for s in got] == expected
    assert "".join(s.text for s in got) == "".join(s.text for s in given)  # the text is unchanged
    assert [(s.text, s.match) for s in given] == segments  # the arguments are not changed
    assert [(s.text, s.match) for s in whole_words(got)] == expected  # once is enough


DOCS = [{"id": "d1", "title": "دعا", "text": "انشالله خوب می‌شود. ان‌شا‌ء‌الله موفق باشید. الحمدلله که سالم هستیم."},
        {"id": "d2", "title": "خط حزب‌الله", "text": "سخن هفته‌ی خط حزب‌الله منتشر شد."}]

SEARCHES = [  # query, document, the marked words of its snippet
    ("الحمدلله", "d1", ["انشالله", "ان‌شا‌ء‌الله", "الحمدلله"]),  # was انشا[لله], [ان‌شا]‌ء‌[الله]
    ("ان‌شاءالله", "d1", ["انشالله", "ان‌شا‌ء‌الله", "الحمدلله"]),  # was الحمد[لله]
    ("الله", "d2", ["حزب‌الله"]),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory, run_kavosh):
    folder = tmp_path_factory.mktemp("whole-words")
    docs = folder / "docs.jsonl"
    docs.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in DOCS) + "\n", encoding="utf-8")
    path = folder / "index"
    assert run_kavosh("index", "--index", path, docs, "-q").returncode == 0
    return path


def _marked(segments: list[dict]) -> list[str]:
    return [s["text"] for s in segments if s["match"]]


@pytest.mark.parametrize("core", CORES)
@pytest.mark.parametrize("query, doc, marked", SEARCHES)
def test_the_cli_marks_whole_words(run_kavosh, index, core, query, doc, marked):
    proc = run_kavosh("search", "--index", index, "--json", query, env=CORES[core])
    assert proc.returncode == 0, proc.stderr
    hit = next(h for h in json.loads(proc.stdout)["hits"] if h["id"] == doc)
    assert _marked(hit["snippet"]) == marked
    for seg in hit["snippet"] + hit["title_segments"]:
        assert not BIDI_CONTROLS.search(seg["text"])


def test_the_http_api_marks_whole_words(index):
    from fastapi.testclient import TestClient

    from kavosh.api.app import create_app
    from kavosh.api.service import IndexService

    with TestClient(create_app(IndexService(index, reload_interval=0))) as client:
        for query, doc, marked in SEARCHES:
            hits = client.get("/api/search", params={"q": query}).json()["hits"]
            hit = next(h for h in hits if h["id"] == doc)
            assert _marked(hit["snippet"]) == marked, query
        title = next(h for h in client.get("/api/search", params={"q": "الله"}).json()["hits"] if h["id"] == "d2")
        assert _marked(title["title_segments"]) == ["حزب‌الله"]
