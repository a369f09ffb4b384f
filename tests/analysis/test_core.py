"""The compiled analysis core (``kavosh._core``, Rust under ``rust/``) and its specification.

The Python modules of ``kavosh.analysis`` are the specification; the Rust crate takes every
table from them through ``rust/kavosh-analysis/src/tables.rs``, which
``rust/kavosh-analysis/generate_tables.py`` writes.  Differential tests of the whole
analyzer are in ``test_differential.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kavosh.analysis import normalize
from kavosh.analysis.analyzer import Analyzer, PythonAnalyzer

N = sys.modules["kavosh.analysis.normalize"]  # the module (the package exports the function)

ROOT = Path(__file__).resolve().parents[2]


def test_the_generated_tables_are_current():
    """A change to a Python table (a suffix, a char filter, a stopword) must be carried to
    the Rust port: regenerate with the command in ``generate_tables.py``'s docstring."""
    script = ROOT / "rust" / "kavosh-analysis" / "generate_tables.py"
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, encoding="utf-8",
                         check=True).stdout
    assert out == (ROOT / "rust" / "kavosh-analysis" / "src" / "tables.rs").read_text(encoding="utf-8")


def _core_or_skip():
    from kavosh.analysis.normalize import compiled_extension

    core = compiled_extension()
    if core is None:
        pytest.skip("the compiled core is not built or KAVOSH_PURE_PYTHON is set")
    return core


def test_the_package_uses_the_compiled_core():
    core = _core_or_skip()
    assert N._normalize is core.normalize
    assert Analyzer()._core is not None and PythonAnalyzer()._core is None


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=st.sampled_from(sorted({chr(c) for c in N.TABLE} | set("abc کتاب 12 ولاة\u0670ۃ"))),
               max_size=40))
def test_compiled_char_filters_are_the_table(text):
    """The table after the one rule that looks at neighbours (``respell_in_context``)."""
    core = _core_or_skip()
    respelled = N.respell_in_context(text)
    assert len(respelled) == len(text)
    assert core.normalize(text) == N._normalize_python(text) == respelled.translate(N.TABLE)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.characters(codec=None), max_size=60))
def test_compiled_char_filters_on_any_text(text):
    """Any code point, lone surrogates included (the Python path takes those)."""
    core = _core_or_skip()
    assert normalize(text) == N._normalize_python(text)
    if not any(0xD800 <= ord(c) < 0xE000 for c in text):
        assert core.normalize_with_offsets(text) == N.normalize_with_offsets(text)


def test_a_non_string_is_a_type_error():
    _core_or_skip()
    with pytest.raises(TypeError):
        normalize(12)


def test_without_the_core_the_analyzer_gives_the_same_terms():
    """``KAVOSH_PURE_PYTHON=1`` (as on a machine without the compiled core): same terms."""
    text = "هم چنین قلم چی‌ها نمی دانم کتاب ها را در باره‌ی ۱۲٫۵ درصد و 1,234 نفر ICT"
    code = ("import json, sys; from kavosh.analysis import Analyzer; from kavosh.analysis import normalize as n; "
            "import kavosh.analysis.analyzer as A; assert A._CORE is None; "
            "print(json.dumps(Analyzer().terms(sys.argv[1])))")
    proc = subprocess.run([sys.executable, "-c", code, text], capture_output=True, text=True, encoding="utf-8",
                          env={**os.environ, "KAVOSH_PURE_PYTHON": "1"}, check=True)
    assert json.loads(proc.stdout) == Analyzer().terms(text)
