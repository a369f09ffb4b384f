"""``kavosh analyze`` shows every term the index holds for a text (a new user's finding: ``میرسم`` showed
``رسید`` only, not its surface reading ``␖میرسم`` stacked at the same position; ``analysis/marks.py``
``SURFACE_MARK``).  Table tests both ways (the compiled core and the Python specification,
``KAVOSH_PURE_PYTHON=1``), end to end through the CLI: the plain listing, ``--json`` and ``--explain``."""

from __future__ import annotations

import json

import pytest

from kavosh.analysis.analyzer import NEG_MARK as N
from kavosh.analysis.analyzer import STOP_MARK as M
from kavosh.analysis.analyzer import SURFACE_MARK as S
from kavosh.cli.analyze import reading_kind, reading_step

CORES = {"rust": {}, "python": {"KAVOSH_PURE_PYTHON": "1"}}

LINES = [  # text, each token's line after its original slice: "→ term" and its flags
    ("میرسم", ["→ رسید  (as written: also ␖میرسم)"]),
    ("کتاب", ["→ کتاب"]),  # a word that is its term: nothing stacked
    ("نمی دهد", ["→ داد  (negated: also ␕داد)  (as written: also ␖نمیدهد)"]),
    ("به کتابها", ["→ به  (stopword)", "→ کتاب  (as written: also ␖کتابها)"]),
    ("نشد", ["→ شد  (stopword)  (negated: also ␀␕شد)"]),  # a stopword: its marked term, no surface
]


@pytest.mark.parametrize("core", CORES)
@pytest.mark.parametrize("text, lines", LINES)
def test_analyze_lists_every_term_indexed_at_a_position(run_kavosh, core, text, lines):
    proc = run_kavosh("analyze", text, env=CORES[core])
    assert proc.returncode == 0, proc.stderr
    rows = proc.stdout.splitlines()
    assert len(rows) == len(lines)
    for row, line in zip(rows, lines):
        assert row.endswith(line), row


@pytest.mark.parametrize("core", CORES)
def test_analyze_json_and_explain_name_the_stacked_readings(run_kavosh, core):
    env = CORES[core]
    out = json.loads(run_kavosh("analyze", "--json", "میرسم به خانه", env=env).stdout)
    assert [t["indexed"] for t in out] == [["رسید", S + "میرسم"], [M + "به"], ["خانه"]]
    proc = run_kavosh("analyze", "--explain", "میرسم به خانه", env=env)
    lines = proc.stdout.splitlines()
    token = next(line for line in lines if "میرسم" in line and line[:4].strip() == "0")
    assert token.endswith("stem → رسید  surface_reading → ␖میرسم")
    assert f"terms: رسید/{S}میرسم {M}به خانه" in lines
    assert any(line.strip().startswith("(a/b: terms indexed at one position") for line in lines)
    data = json.loads(run_kavosh("analyze", "--explain", "--json", "نمی‌دهد", env=env).stdout)
    assert data["index_terms"] == [["داد", N + "داد", S + "نمیدهد"]]
    assert data["terms"] == ["داد"]
    # no stacked reading: no legend
    plain = run_kavosh("analyze", "--explain", "کتاب", env=env).stdout.splitlines()
    assert plain[-1] == "terms: کتاب"


@pytest.mark.parametrize("term, kind, step", [
    (S + "میرسم", "as written", "surface_reading"), (N + "داد", "negated", "negated_reading"),
    (M + N + "شد", "negated", "negated_reading"), ("عالم", "another reading", "other_reading")])
def test_a_stacked_reading_is_named_by_its_mark(term, kind, step):
    assert reading_kind(term) == kind
    assert reading_step(term) == step
