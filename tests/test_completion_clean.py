"""Autocomplete, a new user's findings (issue #14 kind 12, "clean text out"): a Finglish prefix typed up to a
digraph's first letter (``esteg``, the start of ``esteghlal``) offered ``ایستگاه`` and never ``استقلال``; a title whose
tatweel stood between spaces was offered with a double space; a tatweel typed in the words before the last one was
repeated in every phrase completion; ``ان‌شا`` did not offer ``ان‌شاءالله`` (the key's most frequent form, ``انشاالله``,
was its only one).  Table tests both ways (the compiled core, ``kavosh._core.completion_rows``, and the Python
specification, ``KAVOSH_PURE_PYTHON=1``), end to end through the CLI and the HTTP API."""

from __future__ import annotations

import json
import unicodedata

import pytest

from kavosh.analysis.display import BIDI_CONTROLS, PRESENTATION_FORMS
from kavosh.index import completions as S
from kavosh.query.prefixes import _last_word_starts

CORES = {"rust": {}, "python": {"KAVOSH_PURE_PYTHON": "1"}}

DOCS = [{"id": f"f{i}", "title": "استقلال برد", "text": "استقلال و استقلال. هواداران استقلال."} for i in range(6)]
DOCS += [{"id": "s1", "title": "ایستگاه", "text": "ایستگاه مترو و ایستگاه قطار"}]
DOCS += [{"id": f"d{i}", "title": "دعا", "text": "ان‌شاءالله می‌آییم. ان‌شاءالله. انشاالله. انشاالله. انشاالله."}
         for i in range(3)]
DOCS += [{"id": "t1", "title": "نقشه ـ راه تازه", "text": "نقشه راه"},  # a tatweel between spaces in a title
         {"id": "t2", "title": "کتابخانه مـــلی", "text": "کتابخانه ملی و کتابخانه ملی و کتابخانه مرکزی"},
         {"id": "t3", "title": "کتابخانه مرکزی", "text": "کتابخانه مرکزی"}]

CASES = [  # prefix, the completions expected first (in order)
    ("esteg", ["استقلال"]),  # was ایستگاه alone: the g read as گ only
    ("isteg", ["ایستگاه"]),  # a reading with گ still completes when it is the word
    ("ان‌شا", ["ان‌شاءالله"]),  # the spelling typed, though انشاالله is the key's most frequent form
    ("انشا", ["انشاالله"]),  # no half-space typed: the most frequent form
    ("نقشه را", ["نقشه راه تازه"]),  # was «نقشه  راه تازه» (two spaces)
    ("کتابخـــانه م", ["کتابخانه ملی", "کتابخانه مرکزی"]),  # was «کتابخـــانه ملی», the typed tatweel repeated
]


@pytest.fixture(scope="module")
def index(tmp_path_factory, run_kavosh):
    folder = tmp_path_factory.mktemp("completion-clean")
    docs = folder / "docs.jsonl"
    docs.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in DOCS) + "\n", encoding="utf-8")
    path = folder / "index"
    proc = run_kavosh("index", "--index", path, docs, "-q")
    assert proc.returncode == 0, proc.stderr
    return path


def _suggest(run_kavosh, index, prefix: str, env: dict) -> list[str]:
    proc = run_kavosh("suggest", "--index", index, "--json", prefix, env=env)
    assert proc.returncode == 0, proc.stderr
    return [c["text"] for c in json.loads(proc.stdout)]


@pytest.mark.parametrize("core", CORES)
@pytest.mark.parametrize("prefix, first", CASES)
def test_completions_continue_what_was_typed_in_one_clean_spelling(run_kavosh, index, core, prefix, first):
    got = _suggest(run_kavosh, index, prefix, CORES[core])
    assert got[:len(first)] == first, got
    for text in got:  # kind 12: what Kavosh writes is clean
        assert text == unicodedata.normalize("NFC", text) and "  " not in text and text == text.strip()
        assert not BIDI_CONTROLS.search(text) and not PRESENTATION_FORMS.search(text)
        assert not S._UNSHOWN_MARKS.search(text), text  # no harakat, tatweel, superscript alef


def test_the_http_api_gives_the_same_completions(index):
    from fastapi.testclient import TestClient

    from kavosh.api.app import create_app
    from kavosh.api.service import IndexService

    with TestClient(create_app(IndexService(index, reload_interval=0))) as client:
        for prefix, first in CASES:
            r = client.get("/api/suggest", params={"q": prefix})
            assert r.status_code == 200
            assert [c["text"] for c in r.json()["completions"]][:len(first)] == first, prefix


@pytest.mark.parametrize("word, starts", [
    ("esteg", {"ایستگ": 0.9, "استق": 0.2}),  # the h of gh added, 0.1 more (استغ begins no word here)
    ("estegh", {"استق": 0.1}),  # typed: as before
    ("este", None),  # no digraph begins at e: the readings as typed alone
])
def test_a_last_word_ending_in_a_digraph_s_first_letter_is_read_with_its_h(index, word, starts):
    import kavosh
    from kavosh.query.prefixes import _cheapest_starts
    from kavosh.query.readings import core_readings
    from kavosh.query.vocabulary import Vocabulary

    with kavosh.Index(index, create=False) as ix:
        table = S.completion_table(ix.opened, ix.analyzer)
        vocab = Vocabulary(table.word_keys, table.lookup, readings=core_readings(table))
        got = _last_word_starts(word, vocab)
        if starts is None:
            assert got == _cheapest_starts(word, vocab)
        else:
            assert {k: round(v, 6) for k, v in got} == starts


@pytest.mark.parametrize("forms, shown, other", [
    ([("انشاالله", 29), ("ان\u200cشاءالله", 21), ("انشاءالله", 29), ("ان\u200cشاالله", 7), ("انشالا", 1)], "انشاالله",
     ["انشاءالله", "ان\u200cشاءالله", "ان\u200cشاالله"]),  # most frequent first, ties by the form, at most 3
    ([("کتاب", 5)], "کتاب", []),
    ([("کتاب", 5), ("كتاب", 1)], "کتاب", []),  # seen once: left out
])
def test_other_spellings(forms, shown, other):
    assert S.other_spellings(forms, shown) == other


@pytest.mark.parametrize("typed, expected", [
    ("ان\u200cشا", "ان\u200cشاءالله"), ("انشا", "انشاالله"), ("ان\u200cشاال", "ان\u200cشاالله"), ("ا", "انشاالله")])
def test_a_word_is_offered_in_the_spelling_typed(typed, expected):
    table = S.CompletionTable([("انشاالله", "انشاالله", 60)], [], {},
                              {"انشاالله": ["ان\u200cشاءالله", "ان\u200cشاالله"]})
    assert table.spelling("انشاالله", "انشاالله", typed, lambda s: s) == expected
