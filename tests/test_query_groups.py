"""Bracketed groups (the new user's finding 1): a required, excluded or nested group keeps all its words.

Before, clauses were flat: ``ایران AND (زلزله OR سیل)`` required زلزله alone (the required mark went to one
member of the group) and ``(زلزله OR سیل) AND ایران`` required سیل alone.  Tables through the Python API on a
small index whose documents hold each combination, the parse's shape, the depth limit, and one run of the
CLI on the bundled sample comparing a group's results with the union of the required queries it stands for.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kavosh
from kavosh.analysis import Analyzer
from kavosh.query.limits import LIMITS, LimitError
from kavosh.query.parse import parse

DOCS = {  # id -> (title, text)
    "a": ("خبر", "ایران زلزله"),
    "b": ("خبر", "ایران سیل"),
    "c": ("خبر", "ایران"),
    "d": ("خبر", "زلزله"),
    "e": ("خبر", "سیل"),
    "f": ("خبر", "ایران زلزله سیل"),
    "g": ("زلزله", "ایران"),
    "h": ("خبر", "ایران سیل بزرگ"),
    "i": ("خبر", "ایران بزرگ سیل"),
    "j": ("خبر", "کتاب"),
}
WITH_IRAN = set("abcfghi")
EITHER = set("abdefghi")  # زلزله or سیل, the title included


@pytest.fixture(scope="module")
def index(build_index) -> Path:
    return build_index("groups", [{"id": k, "title": t, "text": x} for k, (t, x) in DOCS.items()])


@pytest.mark.parametrize("query, expected", [
    # the new user's four forms: ایران and either word
    ("ایران AND (زلزله OR سیل)", WITH_IRAN & EITHER),
    ("+ایران +(زلزله OR سیل)", WITH_IRAN & EITHER),
    ("(زلزله OR سیل) AND ایران", WITH_IRAN & EITHER),
    ("+(زلزله OR سیل)", EITHER),
    ("+(زلزله سیل)", EITHER),  # OR is the default between words
    # an optional group is its words standing in the query (unchanged)
    ("(زلزله OR سیل) ایران", WITH_IRAN | EITHER),
    # excluded groups
    ("ایران -(زلزله OR سیل)", WITH_IRAN - EITHER),
    ("ایران AND NOT (زلزله OR سیل)", WITH_IRAN - EITHER),
    ("ایران -(زلزله AND سیل)", WITH_IRAN - {"f"}),
    ("+ایران -(+زلزله +سیل)", WITH_IRAN - {"f"}),
    # a required group of required words is its words required
    ("+(زلزله AND سیل)", {"f"}),
    # a group that is optional in the query but requires its words
    ("(زلزله AND سیل) OR کتاب", {"f", "j"}),
    # a phrase inside a group
    ('+ایران +("سیل بزرگ" OR زلزله)', {"a", "f", "g", "h"}),
    # a field inside a group, and a field over a group
    ("+ایران +(title:زلزله OR سیل)", {"b", "f", "g", "h", "i"}),
    ("+ایران +title:(زلزله OR سیل)", {"g"}),
    # nesting
    ("+ایران +(زلزله OR (سیل AND بزرگ))", {"a", "f", "g", "h", "i"}),
    ("ایران AND ((زلزله AND سیل) OR (سیل AND بزرگ))", {"f", "h", "i"}),
    ("+(+(زلزله OR سیل) +ایران)", WITH_IRAN & EITHER),
])
def test_a_group_keeps_all_its_words(index, query, expected):
    with kavosh.Index(index, create=False) as ix:
        found = {h.id for h in ix.search(query, limit=50, collapse=False, exact=True).hits}
        assert found == expected, query
        assert ix.search(query, collapse=False, exact=True).total == len(expected)


@pytest.mark.parametrize("query, shape", [
    # (term, occur, group) per clause; then each group's (occur, parent)
    ("ایران AND (زلزله OR سیل)", ([("ایران", "must", None), ("زلزله", "should", 0), ("سیل", "should", 0)],
                                  [("must", None)])),
    ("(زلزله OR سیل) AND ایران", ([("زلزله", "should", 0), ("سیل", "should", 0), ("ایران", "must", None)],
                                  [("must", None)])),
    ("(زلزله OR سیل) ایران", ([("زلزله", "should", None), ("سیل", "should", None), ("ایران", "should", None)], [])),
    ("-(زلزله OR سیل) ایران", ([("زلزله", "must_not", None), ("سیل", "must_not", None),
                                ("ایران", "should", None)], [])),
    ("+(زلزله AND سیل)", ([("زلزله", "must", None), ("سیل", "must", None)], [])),
    ("+(زلزله)", ([("زلزله", "must", None)], [])),
    ("+(زلزله OR (سیل AND بزرگ))", ([("زلزله", "should", 0), ("سیل", "must", 1), ("بزرگ", "must", 1)],
                                    [("must", None), ("should", 0)])),
    ("+(زلزله OR (سیل OR بزرگ))", ([("زلزله", "should", 0), ("سیل", "should", 0), ("بزرگ", "should", 0)],
                                   [("must", None)])),
    ("+(و OR از) ایران", ([("␀و", "should", 0), ("␀از", "should", 0), ("ایران", "should", None)],
                          [("must", None)])),
    ("کتاب(جلد)", ([("کتاب", "should", None), ("جلد", "should", None)], [])),
])
def test_the_parse_keeps_groups_that_change_matching(query, shape):
    parsed = parse(query, Analyzer())
    assert [(c.terms[0], str(c.occur), c.group) for c in parsed.clauses] == shape[0]
    assert [(str(g.occur), g.parent) for g in parsed.groups] == shape[1]


def test_depth_limit(index):
    def nested(depth: int) -> str:
        q = "زلزله"
        for _ in range(depth - 1):
            q = f"(سیل OR {q})"
        return f"+({q} OR کتاب)"

    with kavosh.Index(index, create=False) as ix:
        assert {h.id for h in ix.search(nested(LIMITS.depth), limit=50, collapse=False).hits} == EITHER | {"j"}
        with pytest.raises(LimitError) as err:
            ix.search(nested(LIMITS.depth + 1))
        assert err.value.limit == "depth" and err.value.value == LIMITS.depth + 1
        assert str(err.value).endswith(f"the limit is {LIMITS.depth} (depth)")


SAMPLE = Path(kavosh.__file__).parent / "data" / "sample" / "pquad_paragraphs.jsonl.gz"


def test_cli_group_on_the_bundled_sample(run_kavosh, tmp_path):
    """``ایران AND (جنگ OR نفت)`` on the bundled sample: exactly the documents of ``+ایران +جنگ`` and of
    ``+ایران +نفت`` (no group in either), in all four ways of writing it."""
    index = tmp_path / "index"
    proc = run_kavosh("index", SAMPLE, "--index", index)
    assert proc.returncode == 0, proc.stderr

    def ids(query: str) -> set[str]:
        out = run_kavosh("search", "--index", index, "--json", "--exact", "--no-collapse", "--limit", "1000", query)
        assert out.returncode == 0, out.stderr
        page = json.loads(out.stdout)
        assert page["total"] == len(page["hits"])
        return {h["id"] for h in page["hits"]}

    war, oil = ids("+ایران +جنگ"), ids("+ایران +نفت")
    assert war - oil and oil - war  # each word finds documents the other does not
    for query in ("ایران AND (جنگ OR نفت)", "+ایران +(جنگ OR نفت)", "(جنگ OR نفت) AND ایران",
                  "ایران AND (نفت OR جنگ)"):
        assert ids(query) == war | oil, query
