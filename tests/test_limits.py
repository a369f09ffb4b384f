"""Bounded cost for every query: the documented limits, refused cleanly (Python, CLI, HTTP), and an
adversarial battery run under a memory rlimit through the engine and a real HTTP server."""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import textwrap
from pathlib import Path
from urllib.parse import quote

import pytest

import kavosh
from kavosh.query.plan import LIMITS, LimitError

sys.path.insert(0, str(Path(__file__).parent / "api"))
from apisupport import start_server  # noqa: E402

LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"


def battery() -> dict[str, str]:
    """Hostile query kind → query text (deterministic)."""
    rng = random.Random(12)

    def word(n: int) -> str:
        return "".join(rng.choice(LETTERS) for _ in range(n))

    words = [word(5) for _ in range(200)]
    nest = "تهران"
    for i in range(30):
        nest = f"({nest} {'OR' if i % 2 else 'AND'} NOT +{words[i]})"
    deeper = "تهران"
    for i in range(LIMITS.depth + 8):
        deeper = f"+({deeper} OR {words[i]})"
    return {
        "repeated word x40": " ".join(["تهران"] * 40),
        "repeated word x60 in a phrase": '"' + " ".join(["ایران"] * 60) + '"',
        "one 900-letter word": word(900),
        "one 64-letter word": word(LIMITS.word_chars),
        "one 24-letter misspelt word": word(24),
        "one 200-letter Latin word": "".join(rng.choice("abcdefghij") for _ in range(200)),
        "many distinct words": " ".join(words[:150]),
        "64 distinct rare words": " ".join(words[:LIMITS.terms]),
        "64 Finglish words": " ".join(["tehran", "iran", "doulat", "majles"] * 16),
        "many quoted phrases": " ".join(f'"{words[2 * i]} {words[2 * i + 1]}"' for i in range(40)),
        "four 16-word phrases": " ".join('"' + " ".join(words[16 * k:16 * k + 16]) + '"' for k in range(4)),
        "deep operator nesting": nest,
        "nesting over the depth limit": deeper,
        "a pasted paragraph of 150 words and 20 groups": " ".join(
            f"+({words[i]} OR {words[i + 1]})" if i % 8 == 0 else words[i] for i in range(150)),
        "operators only": "AND OR NOT + - ( ) : * title: body:",
        "one-letter prefix": "ا*",
        "four one-letter prefixes": "ا* ب* م* ت*",
        "bidi controls": "\u202eتهران\u202c \u2067ایران\u2069 \u200fبم\u200e \u061c",
        "lone combining marks": "\u064b\u0651 \u0300\u0301 \u0670 \u0654",
        "combining marks on words": "ت\u0651\u0651\u0651هران" + "\u064b" * 50,
        "lone surrogates": "\ud800تهران \udfff",
        "NUL and controls": "تهران\x00ایران\x00\x01\x1b[31m",
        "zero-width everything": "\u200c\u200d\ufeff\u2060تهران\u200c\u200c\u200c",
    }


# ---------------------------------------------------------------- the limits themselves


@pytest.fixture(scope="module")
def small_index(build_index) -> Path:
    return build_index("limits", [{"id": str(i), "title": f"تهران {i}", "text": "تهران و ایران در خبر " * (i + 1)}
                                  for i in range(20)])


@pytest.mark.parametrize("name, query", [
    ("word_chars", "ب" * (LIMITS.word_chars + 1)),
    ("phrase_terms", '"' + " ".join(f"واژه{i}" for i in range(LIMITS.phrase_terms + 1)) + '"'),
    ("prefixes", " ".join(f"{c}*" for c in "ابپتثجچ"[:LIMITS.prefixes + 1])),
    ("query_chars", "تهران " * 300),
])
def test_each_limit_is_refused_with_its_name(small_index, name, query):
    with kavosh.Index(small_index, create=False) as ix:
        with pytest.raises(LimitError) as err:
            ix.search(query)
        assert err.value.limit == name and err.value.value > err.value.maximum
        assert str(err.value).endswith(f"the limit is {err.value.maximum}" + (f" ({name})" if name != "query_chars"
                                                                              else ""))
        # exactly at the limit runs
        at_limit = {"terms": " ".join(["تهران"] * LIMITS.terms), "word_chars": "ب" * LIMITS.word_chars,
                    "phrase_terms": '"' + " ".join(["تهران"] * LIMITS.phrase_terms) + '"',
                    "prefixes": " ".join(["ته*"] * LIMITS.prefixes),
                    "query_chars": "تهران" + " " * (LIMITS.query_chars - 5)}[name]
        assert ix.search(at_limit, collapse=False).total == {"word_chars": 0, "phrase_terms": 0}.get(name, 20)


def test_page_limits(small_index):
    with kavosh.Index(small_index, create=False) as ix:
        with pytest.raises(LimitError) as err:
            ix.search("تهران", limit=LIMITS.page + 1)
        assert err.value.limit == "page"
        with pytest.raises(LimitError) as err:
            ix.search("تهران", offset=LIMITS.offset + 1)
        assert err.value.limit == "offset"


def test_repeated_words_find_what_the_words_find(small_index):
    """Two words repeated 20 times (one word repeated dozens of times made tantivy's sloppy phrase
    allocate gigabytes) find the documents the two words find."""
    with kavosh.Index(small_index, create=False) as ix:
        once = [h.id for h in ix.search("تهران ایران", limit=20, collapse=False).hits]
        many = [h.id for h in ix.search(" ".join(["تهران ایران"] * 20), limit=20, collapse=False).hits]
    assert len(once) == 20 and sorted(many) == sorted(once)


SURROGATE_CHILD = textwrap.dedent("""
    import json, sys
    import kavosh

    def rss() -> int:
        return int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0]) * 1024

    ix = kavosh.Index(sys.argv[1], create=False)
    plain = [h.id for h in ix.search("تهران ایران", limit=20, collapse=False).hits]
    before = rss()
    odd = [h.id for h in ix.search("\\ud800تهران ایران\\udfff", limit=20, collapse=False).hits]
    print(json.dumps({"same": odd == plain, "found": len(plain), "grew": rss() - before}))
""")


def test_a_lone_surrogate_is_a_separator_and_costs_no_second_analyzer(small_index):
    """A lone surrogate (an escaped ``\\ud800`` in JSON) finds what the query without it finds, and costs
    what that query costs: it sent the query to the Python specification of the analyzer, whose lexicon
    (about 200 MB, 0.5 s) a process searching through the compiled core had never loaded (the adversarial
    benchmark: 473 ms and 193 MB for one query)."""
    proc = subprocess.run([sys.executable, "-c", SURROGATE_CHILD, str(small_index)], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    got = json.loads(proc.stdout)
    assert got["same"] and got["found"] > 0
    assert got["grew"] < 50 * 2**20, got


def test_a_page_without_hits_compiles_no_snippet_pattern(small_index):
    """A query that finds nothing reads no hit, so neither its snippet pattern nor its quoted leaves'
    patterns (the exact-phrase preference) are compiled: four quoted phrases of 16 made-up words (the
    adversarial benchmark's) spent 150-230 ms compiling them for a page of no hits, now about 11 ms."""
    from kavosh.present import highlight
    from kavosh.search import exact

    words = [f"واژ{LETTERS[i % 32]}{LETTERS[i // 32]}ک" for i in range(64)]
    query = " ".join('"' + " ".join(words[16 * i:16 * i + 16]) + '"' for i in range(4))
    with kavosh.Index(small_index, create=False) as ix:
        before, leaves = highlight._core_anchors.cache_info().misses, exact._leaf_pattern.cache_info().misses
        found = ix.search(query)
        assert found.total == 0 and not found.hits
        assert highlight._core_anchors.cache_info().misses == before
        assert exact._leaf_pattern.cache_info().misses == leaves
        assert any(s.match for h in ix.search("تهران").hits for s in h.snippet)  # a hit still gets one


WORDS = [f"واژ{LETTERS[i % 32]}{LETTERS[i // 32]}ک" for i in range(100)]
"""100 distinct made-up words, one term each (digits would be terms of their own)."""


def test_a_query_over_the_terms_limit_is_shortened_to_its_first_terms(small_index):
    """A pasted paragraph is searched by its first :attr:`Limits.terms` terms (web engines keep the start:
    Google 32 words), with a note saying which text ran; the words after the cut do not count."""
    words = WORDS
    with kavosh.Index(small_index, create=False) as ix:
        first = ix.search("تهران " + " ".join(words), collapse=False)
        last = ix.search(" ".join(words) + " تهران", collapse=False)
        group = ix.search("+(تهران OR ایران) " + " ".join(words), collapse=False)
    assert first.total == 20 and last.total == 0 and group.total == 20
    kept = "تهران " + " ".join(words[:LIMITS.terms - 1])
    assert [getattr(n, "code", "") for n in first.notes] == ["shortened"]
    assert first.notes[0].details == {"terms": 101, "limit": LIMITS.terms, "searched": kept}
    assert str(first.notes[0]) == (f"the query has 101 terms after analysis; only its first {LIMITS.terms} were "
                                   f"searched (the limit is {LIMITS.terms}: terms): «{kept}»")


def test_the_shortened_note_names_the_words_when_they_gave_more_terms(small_index):
    # a new user: 80 words «واژه0 واژه1 …» were said to be "160 terms" with no word of why
    with kavosh.Index(small_index, create=False) as ix:
        res = ix.search(" ".join(f"واژه{i}" for i in range(80)), collapse=False)
    assert str(res.notes[0]).startswith("the query has 160 terms after analysis (from 80 words: a word of letters "
                                        "and digits, or of parts joined by a hyphen, gives several terms); only its "
                                        f"first {LIMITS.terms} were searched")
    assert res.notes[0].details["terms"] == 160


def test_shortening_closes_the_brackets_it_cuts(small_index):
    from kavosh.query.limits import shorten
    from kavosh.query.parse import parse

    parsed = parse(f"+(تهران OR ({' '.join(WORDS[:70])}))", kavosh.Analyzer())
    cut = shorten(parsed)
    assert cut == "+(تهران OR (" + " ".join(WORDS[:LIMITS.terms - 1]) + "))"
    assert shorten(parse(cut, kavosh.Analyzer())) is None


def test_cli_prints_one_line_naming_the_limit(run_kavosh, small_index):
    proc = run_kavosh("search", "--index", small_index, "ب" * 70)
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "the limit is 64 (word_chars)" in lines[0], proc.stderr
    proc = run_kavosh("search", "--index", small_index, "تهران " + " ".join(WORDS))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("(the query has 101 terms after analysis; only its first 64 were searched "
                                  f"(the limit is 64: terms): «تهران {WORDS[0]} "), proc.stdout
    assert f" results for «تهران {WORDS[0]} " in proc.stdout
    # The query (over 80 characters) is shown whole once, in the note; the results line shows its start.
    typed = "تهران " + " ".join(WORDS)
    assert proc.stdout.count(typed) == 0 and proc.stdout.count(typed[:80].rstrip()) == 2, proc.stdout
    assert f"… ({len(typed):,} characters)» (" in proc.stdout


def test_http_400_has_the_limit_in_its_body(small_index):
    server = start_server(small_index)
    try:
        with server.client() as c:
            r = c.get("/api/search", params={"q": "ب" * 70})
            assert r.status_code == 400
            assert r.json()["error"]["limit"] == {"name": "word_chars", "maximum": LIMITS.word_chars, "value": 70}
            assert r.json()["error"]["parameter"] == "q"
            words = [LETTERS[i % 32] + LETTERS[i // 32] + "ار" for i in range(100)]
            r = c.get("/api/search", params={"q": "تهران " + " ".join(words)})  # shortened, and said so
            # the other words match nothing: as many results as تهران alone
            assert r.status_code == 200 and r.json()["total"] == c.get("/api/search", params={"q": "تهران"}).json()["total"]
            assert r.json()["notes"][0].startswith("the query has 101 terms after analysis; only its first 64")
            assert c.get("/api/search", params={"q": "تهران"}).status_code == 200
    finally:
        server.stop()


# ---------------------------------------------------------------- the adversarial battery

CHILD = textwrap.dedent("""
    import json, resource, sys, time
    import kavosh
    from kavosh.query.parse import QuerySyntaxError

    index, headroom = sys.argv[1], int(sys.argv[2])
    queries = json.loads(sys.stdin.read())
    ix = kavosh.Index(index, create=False)
    for q in ["تهران", "تهرانن", "ته*", "tehran", "jivhk"]:  # word lists, speller, completions: not the battery's
        ix.search(q)
    size = int(open("/proc/self/status").read().split("VmSize:")[1].split()[0]) * 1024
    resource.setrlimit(resource.RLIMIT_AS, (size + headroom, size + headroom))
    out = {}
    for name, q in queries.items():
        t = time.process_time()
        try:
            res = ix.search(q)
            out[name] = ["ok", res.total]
        except QuerySyntaxError as e:
            out[name] = ["refused", str(e)]
        out[name].append(round(1000 * (time.process_time() - t), 1))
    out["after"] = ["ok", ix.search("تهران").total, 0]
    print(json.dumps(out, ensure_ascii=False))
""")

HEADROOM = 1 << 30
"""The battery runs with the address space capped at what the warmed process uses plus 1 GB."""


def _check(outcomes: dict) -> None:
    for name, (outcome, detail, *_cpu) in outcomes.items():
        assert outcome in ("ok", "refused"), (name, outcome, detail)
        if outcome == "refused":
            assert "\n" not in detail and "Traceback" not in detail and detail, (name, detail)


def test_battery_through_the_engine_under_a_memory_rlimit(hamshahri_index):
    queries = battery()
    proc = subprocess.run([sys.executable, "-c", CHILD, str(hamshahri_index), str(HEADROOM)],
                          input=json.dumps(queries), capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    outcomes = json.loads(proc.stdout)
    assert set(outcomes) == set(queries) | {"after"}
    _check(outcomes)
    assert outcomes["after"][1] > 100  # the process still searches
    assert outcomes["repeated word x40"][0] == "ok" and outcomes["one-letter prefix"][0] == "ok"
    assert outcomes["one 900-letter word"][0] == "refused" and "(word_chars)" in outcomes["one 900-letter word"][1]
    assert outcomes["many distinct words"][0] == "ok"  # shortened to its first 64 terms
    assert outcomes["nesting over the depth limit"][0] == "refused"
    assert "(depth)" in outcomes["nesting over the depth limit"][1]


def test_battery_through_a_real_http_server_that_keeps_serving(hamshahri_index):
    server = start_server(hamshahri_index)
    try:
        with server.client() as c:
            for q in ["تهران", "تهرانن", "ته*", "tehran", "jivhk"]:
                assert c.get("/api/search", params={"q": q}).status_code == 200
            status = Path(f"/proc/{server.proc.pid}/status").read_text()
            size = int(status.split("VmSize:")[1].split()[0]) * 1024
            resource.prlimit(server.proc.pid, resource.RLIMIT_AS, (size + HEADROOM, size + HEADROOM))
            answers = {}
            for name, q in battery().items():  # lone surrogates travel as their (invalid) UTF-8 bytes
                r = c.get("/api/search?q=" + quote(q.encode("utf-8", "surrogatepass")))
                answers[name] = r.status_code
                assert r.status_code in (200, 400), (name, r.status_code, r.text[:300])
                if r.status_code == 400:
                    assert r.json()["error"]["message"], name
            assert answers["repeated word x40"] == 200 and answers["one 900-letter word"] == 400
            assert server.proc.poll() is None
            r = c.get("/api/search", params={"q": "تهران"})
            assert r.status_code == 200 and r.json()["total"] > 100
    finally:
        server.stop()


def test_limit_messages_close_the_quote_they_open(small_index):
    """New user 19 #4: a long phrase was quoted ``the phrase "کتاب … کتاب has 20 terms`` (no closing quote,
    no ellipsis); it is quoted «…» as the empty-query error quotes, cut with … only when longer."""
    from kavosh.query.parse import shown_text
    assert shown_text("کتاب  ملی") == "«کتاب ملی»"  # short: whole, white space made one
    assert shown_text("ب" * 40) == "«" + "ب" * 40 + "»"  # exactly at the limit: no …
    assert shown_text("ب" * 41) == "«" + "ب" * 39 + "…»"
    with kavosh.Index(small_index, create=False) as ix:
        for typed in ('"' + " ".join(["کتاب"] * 20) + '"', "«" + " ".join(["کتاب"] * 20) + "»"):
            with pytest.raises(LimitError) as err:
                ix.search(typed)
            assert str(err.value) == ("the phrase «" + " ".join(["کتاب"] * 8) + "…» has 20 terms; "
                                      "the limit is 16 (phrase_terms)")
        with pytest.raises(LimitError) as err:
            ix.search("ب" * 70)
        assert str(err.value) == ("a word of the query is 70 characters long («" + "ب" * 19 + "…»); "
                                  "the limit is 64 (word_chars)")
