"""The error examples in docs/http.md are what a running server answers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "http.md"
LINE = re.compile(r"^(GET|POST|DELETE) (\S+)\s+(\d{3}) (\{.*\})$")


def examples() -> list[tuple[str, str, int, dict]]:
    text = DOC.read_text(encoding="utf-8")
    found = [LINE.match(line) for line in text.splitlines()]
    return [(m[1], m[2], int(m[3]), json.loads(m[4])) for m in found if m]


def test_the_doc_has_examples():
    assert len(examples()) >= 8


@pytest.mark.parametrize("method, path, status, body", examples(), ids=lambda v: v if isinstance(v, str) else None)
def test_documented_error(api, method, path, status, body):
    r = api.request(method, path)
    assert (r.status_code, r.json()) == (status, body)
