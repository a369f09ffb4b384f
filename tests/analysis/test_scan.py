"""The compiled analysis steps (``kavosh._core``, Rust) are the Python ones, exactly.

The token scan is ``SCAN_RE.findall``, the pair test ``Compounds._join_hits`` and the
char filters ``text.translate(normalize.TABLE)``: the Python forms are the specification,
the compiled ones the fast implementation the index-time path uses.  Checked on generated text
made of the characters each rule cares about, on any text, and on every document of
the corpora.
"""

from __future__ import annotations

import gzip
import json
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kavosh.analysis import normalize
from kavosh.analysis import tokenize as T

N = sys.modules["kavosh.analysis.normalize"]  # the module (the package exports the function)

if T._compiled is None:
    pytest.skip("the compiled core is not built or KAVOSH_PURE_PYTHON is set", allow_module_level=True)
_scan = T._compiled

PIECES = (
    list("کتابهامینرویچشتدلز ی ‌\u2060\n\t12345.,/:_-ab۳٣ۮ\u0670\u064bيك،؛!؟xY٫é") +
    list(T.PREFIXES + T.SUFFIXES + T.HALF_SPACE_SUFFIXES) + [" ", "\u200c", "1,234", "12,", ",567", "\U0001d7d8", "漢"]
)


def test_the_module_uses_the_compiled_scan():
    from kavosh import _core

    assert _scan is _core and T.scan is _scan.scan and N._normalize is _scan.normalize


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=st.sampled_from(sorted({chr(c) for c in N.TABLE} | set("abc کتاب 12"))), max_size=40))
def test_compiled_char_filters_are_the_table(text):
    assert _scan.normalize(text) == N._normalize_python(text) == text.translate(N.TABLE)


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=60))
def test_compiled_char_filters_on_any_text(text):
    assert _scan.normalize(text) == N._normalize_python(text)


CASES = [
    "می شود", "نمی‌دانم", "می  کتاب", "می", "می ", "کتاب ها", "کتاب‌ها‌یم", "کتاب ‌ها", "خانه‌شان", "خانه شان",
    "قلم چی", "1,234,5678", "1,234,567", "12,345", "1234,567", "12.5.6", "1402/05/12", "10:30", "3.", "abc۳کتاب",
    "_a", "a_b", "۱۲کتاب", "x\u2060y", "کتاب\u2060خانه", "کتاب\u2060", "", " ", "ها", "کتاب،ها",
]


@pytest.mark.parametrize("text", CASES)
def test_scan_golden(text):
    assert _scan.scan(text) == T.SCAN_RE.findall(text)
    assert _scan.scan(normalize(text)) == T.SCAN_RE.findall(normalize(text))


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_scan_is_the_regular_expression(text):
    assert _scan.scan(text) == T.SCAN_RE.findall(text)
    norm = normalize(text)
    assert _scan.scan(norm) == T.SCAN_RE.findall(norm)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=40))
def test_scan_on_any_text(text):
    assert _scan.scan(text) == T.SCAN_RE.findall(text)


def _texts(data):
    for name in ("news/articles.jsonl.gz", "hamshahri/corpus.jsonl.gz"):
        with gzip.open(data / name, "rt", encoding="utf-8") as fh:
            for line in fh:
                doc = json.loads(line)
                yield doc.get("title", "") + "\n" + doc.get("text", "")
    for name in ("pquad_validation/corpus.jsonl", "parsinlu_rc/corpus.jsonl"):
        with open(data / name, encoding="utf-8") as fh:
            for line in fh:
                doc = json.loads(line)
                yield doc.get("title", "") + "\n" + doc.get("text", "")


@pytest.mark.slow
def test_scan_on_the_corpora(shared_data):
    n = 0
    for text in _texts(shared_data):
        norm = normalize(text)
        assert norm == N._normalize_python(text), text[:200]
        assert _scan.scan(norm) == T.SCAN_RE.findall(norm), text[:200]
        n += 1
    assert n > 10_000


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(PIECES + ["هم ", "چنین", "این ", "که", "در ", "باره", "به ", "ویژه"]), max_size=30)
       .map("".join))
def test_join_hits_is_the_python_pair_test(text):
    from kavosh.analysis.analyzer import default_analyzer

    compounds = default_analyzer().compounds
    surfaces = T.SCAN_RE.findall(normalize(text))
    assert _scan.join_hits(surfaces, compounds._first_sep, compounds.join) == compounds._join_hits(surfaces)


@pytest.mark.slow
def test_join_hits_on_the_corpora(shared_data):
    from kavosh.analysis.analyzer import default_analyzer

    compounds = default_analyzer().compounds
    hits = 0
    for text in _texts(shared_data):
        surfaces = T.SCAN_RE.findall(normalize(text))
        found = _scan.join_hits(surfaces, compounds._first_sep, compounds.join)
        assert found == compounds._join_hits(surfaces), text[:200]
        hits += len(found)
    assert hits > 10_000


def test_without_the_extension_the_analyzer_gives_the_same_terms():
    """``KAVOSH_PURE_PYTHON=1`` (as on a machine without the compiled core): same terms."""
    import subprocess
    import sys

    from kavosh.analysis.analyzer import default_analyzer

    text = "هم چنین قلم چی‌ها نمی دانم کتاب ها را در باره‌ی ۱۲٫۵ درصد و 1,234 نفر ICT"
    code = ("import json, sys; from kavosh.analysis import tokenize as T, Analyzer; "
            "assert T.scan == T.SCAN_RE.findall and T._join_hits is None; "
            "print(json.dumps(Analyzer().terms(sys.argv[1])))")
    proc = subprocess.run([sys.executable, "-c", code, text], capture_output=True, text=True, encoding="utf-8",
                          env={**__import__("os").environ, "KAVOSH_PURE_PYTHON": "1"}, check=True)
    assert json.loads(proc.stdout) == default_analyzer().terms(text)
