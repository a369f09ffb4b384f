"""Autocomplete (kavosh.search.suggest): surface words and titles, normalized prefixes, CLI and HTTP."""

from __future__ import annotations

import gzip
import json

import pytest

import kavosh
from kavosh.index import completions as S
from kavosh.search import suggest as suggest_module

DOCS = [
    {"id": "1", "title": "شبكه‌های اجتماعی در ایران", "text": "كاربران شبکه‌های اجتماعی در تهران و شبكه ها"},
    {"id": "2", "title": "تهران پایتخت", "text": "تهران بزرگ است. تهران شلوغ است. مردم تهران می شوند."},
    {"id": "3", "title": "تهرانپارس", "text": "محله تهرانپارس در شرق تهران است و تهرانی‌ها آن را می‌شناسند."},
    {"id": "4", "title": "کتاب", "text": "کتاب‌ها و کتاب ها و کتاب های تازه. تهدید تهدید"},
]


@pytest.fixture(scope="module")
def index_path(build_index):
    return build_index("suggest", DOCS)


@pytest.fixture()
def ix(index_path):
    with kavosh.Index(index_path, create=False) as ix:
        yield ix


def texts(completions):
    return [c.text for c in completions]


def test_words_ranked_by_frequency_titles_after(ix):
    got = ix.suggest("ته", limit=10)
    # تهران: 5 in texts + 1 title (x20); تهرانپارس: 1 + 1 title; تهدید 2; تهرانی‌ها 1 (left out: < 2)
    assert [(c.text, c.kind, c.count) for c in got] == [
        ("تهران", "word", 25), ("تهرانپارس", "word", 21), ("تهدید", "word", 2)]
    got = ix.suggest("تهر", limit=10)
    assert texts(got) == ["تهران", "تهرانپارس", "تهران پایتخت"]
    assert [c.kind for c in got] == ["word", "word", "title"]


@pytest.mark.parametrize("prefix", ["شبکه", "شبكه", "شبکهها", "شبکه‌ها", "شبكهها"])
def test_prefix_is_normalized_like_a_query(ix, prefix):
    got = texts(ix.suggest(prefix, limit=5))
    assert "شبکه‌های" in got  # shown in its written form, Persian letters, half-space kept


def test_prefix_and_suffix_written_apart_complete_with_a_half_space(ix):
    assert texts(ix.suggest("میشو", limit=3)) == []  # می شوند once only: below MIN_COUNT
    assert "شبکه‌ها" not in texts(ix.suggest("شبکه", limit=10))  # شبكه ها once only
    assert texts(ix.suggest("کتاب ها", limit=2)) == ["کتاب‌ها"]


def test_a_half_space_typed_puts_the_words_that_break_there_first(tmp_path):
    """A new user's ``می‌ش``: ``میش`` ("ewe", the most frequent word of those letters) came first, before
    ``می‌شکند``; the half-space typed says where the word breaks.  Without it the order is by count."""
    docs = [{"id": str(i), "title": "گله", "text": "میش و بره میش در دشت"} for i in range(3)]
    docs += [{"id": "9", "title": "شیشه", "text": "شیشه می‌شکند و شیشه‌ها می‌شکند"}]
    with kavosh.Index(tmp_path / "ix", create=True) as ix:
        ix.add(docs)
        ix.commit()
        assert texts(ix.suggest("میش", limit=5))[:2] == ["میش", "می‌شکند"]
        assert texts(ix.suggest("می‌ش", limit=5))[:2] == ["می‌شکند", "میش"]


def test_several_words_keep_the_head_and_titles_come_first(ix):
    got = ix.suggest("شبکه های اج", limit=5)
    assert got[0].text == "شبکه‌های اجتماعی در ایران" and got[0].kind == "title"
    assert "شبکه های اجتماعی" in texts(got)


@pytest.mark.parametrize("prefix, first", [
    ("title:تهر", "title:تهران"),
    ("+تهر", "+تهران"),
    ("-تهر", "-تهران"),
    ('"تهر', '"تهران'),
    ("(کتاب OR تهر", "(کتاب OR تهران"),
    ('کتاب -"تهر', 'کتاب -"تهران'),
    ("title:jivh", "title:تهران"),  # the wrong keyboard layout's reading, after the syntax
])
def test_a_prefix_with_query_syntax_completes_its_last_word_and_keeps_the_syntax(ix, prefix, first):
    got = ix.suggest(prefix, limit=5)
    assert got and got[0].text == first and all(c.kind == "word" for c in got), got
    assert all(c.text.startswith(first[:-5]) for c in got)


@pytest.mark.parametrize("prefix", ["title:", '"', "کتاب (", "+"])
def test_syntax_with_no_word_yet_completes_nothing(ix, prefix):
    assert ix.suggest(prefix, limit=5) == []


def test_nothing_to_complete(ix):
    assert ix.suggest("", limit=5) == [] and ix.suggest("تهران ", limit=5) == []
    assert ix.suggest("ژژژ", limit=5) == []
    with pytest.raises(ValueError, match="limit must be between 1 and 50"):
        ix.suggest("ته", limit=0)


def test_table_is_saved_and_rebuilt_after_a_commit(tmp_path):
    path = tmp_path / "index"
    with kavosh.Index(path) as ix:
        ix.add([{"id": "a", "title": "", "text": "زلزله زلزله"}])
        ix.commit()
        assert texts(ix.suggest("زل")) == ["زلزله"]
        assert (path / S.TABLE_FILE).is_file()
        S._cache.clear()
        assert texts(ix.suggest("زل")) == ["زلزله"]  # read back from the file
        ix.add([{"id": "b", "title": "", "text": "زلال زلال زلال"}])
        ix.commit()
        ix.reload()
        assert texts(ix.suggest("زل")) == ["زلال", "زلزله"]


def test_cli_and_errors(index_path, run_kavosh):
    proc = run_kavosh("suggest", "--index", index_path, "تهر", "--limit", "2")
    assert (proc.returncode, proc.stdout) == (0, "تهران\nتهرانپارس\t(title)\n")
    out = json.loads(run_kavosh("suggest", "--index", index_path, "تهر", "--json").stdout)
    assert out[2] == {"text": "تهران پایتخت", "kind": "title", "count": 1}
    proc = run_kavosh("suggest", "--index", index_path, "ته", "--limit", "99")
    assert proc.returncode == 2 and proc.stderr.strip() == "kavosh: error: limit must be between 1 and 50, got 99"


def test_server_builds_the_table_before_any_request(tmp_path):
    import time

    from kavosh.api.service import IndexService

    path = tmp_path / "index"
    with kavosh.Index(path) as ix:
        ix.add([{"id": "a", "title": "زلزله", "text": "زلزله بم"}])
        ix.commit()
    service = IndexService(path, reload_interval=0.05)
    service.start()
    try:
        deadline = time.monotonic() + 20
        while not (path / S.TABLE_FILE).exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert (path / S.TABLE_FILE).exists()
        assert [c.text for c in service.suggest("زل", 5)] == ["زلزله"]
    finally:
        service.stop()


def test_title_words_rank_first_but_counts_stay(tmp_path):
    # کتابخانه: 200 times in texts (count 200); کتابفروشی: once in a title (count TITLE_WEIGHT = 20)
    docs = [{"id": f"t{i}", "title": "خبر", "text": "کتابخانه " * 10} for i in range(20)]
    docs.append({"id": "f", "title": "کتابفروشی", "text": "یک متن"})
    with kavosh.Index(tmp_path / "index") as ix:
        ix.add(docs)
        ix.commit()
        assert texts(ix.suggest("کت", limit=2)) == ["کتابفروشی", "کتابخانه"]  # 20 + 280 × 1 > 200
        table = S.completion_table(ix.opened, ix.analyzer)
        assert table.lookup("کتابفروشی") == ("کتابفروشی", S.TITLE_WEIGHT) and table.lookup("کتابخانه")[1] == 200
        assert table.title_counts == {"خبر": 20, "کتابفروشی": 1}


def test_the_table_is_kept_at_commit_time_and_updated_incrementally(tmp_path):
    """No query builds the table: each commit leaves the table of its generation on disk, updated
    with what it added, replaced and deleted, equal to a table built from every document."""
    import gzip

    path = tmp_path / "index"
    with kavosh.Index(path) as ix:
        ix.add([{"id": "a", "title": "زلزله بم", "text": "زلزله زلزله بم"},
                {"id": "b", "title": "", "text": "زلال زلال زلال"}])
        ix.commit()
        table_file = path / S.TABLE_FILE
        data = json.loads(gzip.open(table_file, "rt", encoding="utf-8").read())
        assert data["generation"] == S.generation(ix.opened)
        ix.add([{"id": "b", "title": "", "text": "زلزله"}, {"id": "c", "title": "زلزله", "text": "زلیخا زلیخا"}])
        ix.delete("a")
        ix.commit()
        data = json.loads(gzip.open(table_file, "rt", encoding="utf-8").read())
        assert data["generation"] == S.generation(ix.opened)
        full = S.build_table(ix.opened, ix.analyzer)
        saved = S.completion_table(ix.opened, ix.analyzer)
        assert saved.words == full.words and saved.titles == full.titles
        assert saved.title_counts == full.title_counts
        assert saved.lookup("زلزله") == ("زلزله", 1 + S.TITLE_WEIGHT) and saved.lookup("زلال") is None
        assert saved.lookup("زلیخا") == ("زلیخا", 2)


def _same_table(a, b):
    return (a.words, a.titles, a.title_counts) == (b.words, b.titles, b.title_counts)


def test_a_run_of_many_commits_derives_the_table_once(tmp_path, monkeypatch):
    """Issue #13: deriving the table costs time in the vocabulary's size, so a run that commits
    every --commit-mb derives it at its last commit only — once per run, whatever the number of
    commits — and the result equals a table built from every stored document."""
    src = tmp_path / "docs"
    src.mkdir()
    for f in range(6):
        with open(src / f"part{f}.jsonl", "w", encoding="utf-8") as fh:
            for i in range(5):
                word = "زلزله" if f % 2 else "زلال"
                fh.write(json.dumps({"id": f"{f}-{i}", "title": f"خبر {word}",
                                     "text": f"{word} در شهر {f} و {i} " * 40}, ensure_ascii=False) + "\n")
    derived = []
    real = S.Counts.table
    monkeypatch.setattr(S.Counts, "table", lambda self, an: derived.append(1) or real(self, an))
    commits = []
    from kavosh.index.writer import Writer

    real_commit = Writer.commit
    monkeypatch.setattr(Writer, "commit", lambda self, table=True: commits.append(table) or real_commit(self, table))
    with kavosh.Index(tmp_path / "index") as ix:
        counts = ix.add_paths([src], commit_mb=0.001)
        assert counts.documents == 30
        assert len(commits) >= 6 and commits[-1] is True and not any(commits[:-1])
        assert len(derived) == 1
        full = S.build_table(ix.opened, ix.analyzer)
        assert _same_table(S.completion_table(ix.opened, ix.analyzer), full)
        assert full.lookup("زلزله")[1] > 0 and full.lookup("زلال")[1] > 0


def test_between_a_runs_commits_queries_use_the_earlier_table(tmp_path, monkeypatch):
    """A commit in the middle of a run leaves the table of the commit before the run; a query
    then reads that table (never every stored document); the run's last commit brings it up to date."""
    path = tmp_path / "index"
    with kavosh.Index(path) as ix:
        ix.add([{"id": "a", "title": "", "text": "زلزله زلزله"}])
        ix.commit()
        ix.add([{"id": "b", "title": "", "text": "زلال زلال زلال"}])
        ix.writer.commit(table=False)
        ix.reload()
        S._cache.clear()
        monkeypatch.setattr(S, "count_all", lambda opened: pytest.fail("read every stored document"))
        assert texts(ix.suggest("زل")) == ["زلزله"]
        ix.delete("a")
        ix.add([{"id": "c", "title": "", "text": "زلیخا زلیخا"}])
        ix.commit()
        ix.reload()
        monkeypatch.undo()
        assert texts(ix.suggest("زل")) == ["زلال", "زلیخا"]
        assert _same_table(S.completion_table(ix.opened, ix.analyzer), S.build_table(ix.opened, ix.analyzer))


def test_a_run_killed_between_commits_leaves_a_table_the_next_run_rebuilds(tmp_path):
    """A run that stops after a commit without the table (killed) leaves the table of an earlier
    commit; the next run's commit sees the table is not of the commit it started from and counts
    every stored document again, so the table is exact again."""
    path = tmp_path / "index"
    with kavosh.Index(path) as ix:
        ix.add([{"id": "a", "title": "زلزله", "text": "زلزله زلزله"}])
        ix.commit()
        ix.add([{"id": "b", "title": "", "text": "زلال زلال زلال"}])
        ix.writer.commit(table=False)  # then the process dies: no last commit
    with kavosh.Index(path) as ix:
        ix.add([{"id": "c", "title": "", "text": "زلیخا زلیخا"}])
        ix.commit()
        ix.reload()
        S._cache.clear()
        table = S.completion_table(ix.opened, ix.analyzer)
        assert _same_table(table, S.build_table(ix.opened, ix.analyzer))
        assert table.lookup("زلال") == ("زلال", 3) and table.lookup("زلیخا") == ("زلیخا", 2)


WORLD_CUP = [
    {"id": "w1", "title": "جام‌جهانی فوتبال", "text": "جام جهانی در قطر برگزار شد. تماشای جام‌جهانی"},
    {"id": "w2", "title": "فینال", "text": "در جام جهانی فرانسه و آرژانتین به فینال رسیدند"},
    {"id": "w3", "title": "پهلوانی", "text": "جام جهان پهلوان تختی در تهران؛ جهان پهلوان"},
    {"id": "w4", "title": "باد", "text": "جهت باد و جهت آب. جهاد کشاورزی و جهاد سازندگی. جهت جهت جهاد"},
    {"id": "w5", "title": "تهران", "text": "تهران بزرگ است و تهران پایتخت است"},
]


def test_several_words_complete_to_phrases_the_index_holds_most_documents_first(run_kavosh, tmp_path):
    src = tmp_path / "docs.jsonl"
    src.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in WORLD_CUP), encoding="utf-8")
    index = tmp_path / "index"
    assert run_kavosh("index", src, "--index", index).returncode == 0

    def suggest(prefix: str) -> list[tuple[str, str, int]]:
        proc = run_kavosh("suggest", "--index", index, "--json", "--", prefix)
        assert proc.returncode == 0, proc.stderr
        return [(c["text"], c["kind"], c["count"]) for c in json.loads(proc.stdout)]

    # جهت and جهاد are words of the index, but no document says «جام جهت» or «جام جهاد»: not offered.
    # A title that starts so first; then جام‌جهانی (2 documents, however it is spaced: one completion)
    # before جام جهان (1 document).
    assert suggest("جام جه") == [("جام‌جهانی فوتبال", "title", 1), ("جام‌جهانی", "phrase", 2),
                                 ("جام جهان", "phrase", 1)]
    # one word typed: words by weighted count, titles after
    assert [t for t, _k, _c in suggest("جه")][:2] == ["جهت", "جهاد"]
    # Finglish and the wrong keyboard layout: a Latin prefix with no completion of its own is read again
    assert suggest("tehr")[0][:2] == ("تهران", "word")
    assert suggest("jivh")[0][:2] == ("تهران", "word")  # تهرا typed with the US layout on
    assert [t for t, _k, _c in suggest("jam jah")] == ["جام‌جهانی فوتبال", "جام‌جهانی", "جام جهان"]
    assert suggest("xqzw") == []


def test_short_prefixes_best_completions_are_those_of_every_word_with_the_prefix():
    """The best completions of a 1–2 letter prefix, computed on its first lookup, are the
    :data:`~kavosh.index.completions.PRECOMPUTED_TOP` best-ranked of every word whose key starts with it
    (ties in key order), as ranking all words of the table gives them."""
    import random

    rng = random.Random(7)
    letters = "ابپتثجچکگیی\u200cو" + "\U0010ffff"
    words = {"".join(rng.choice(letters) for _ in range(rng.randint(1, 6))) for _ in range(3000)}
    rows = [(w, w, rng.randint(2, 40)) for w in sorted(words)]
    title_counts = {w: rng.randint(1, 3) for w in rng.sample(sorted(words), 200)}
    table = S.CompletionTable(rows, [], title_counts)
    ranked = sorted(range(len(table.words)),
                    key=lambda i: -(table.words[i][2] + S.RANK_TITLE_WEIGHT * title_counts.get(table.words[i][0], 0)))
    prefixes = {w[:n] for w in words for n in (1, 2) if len(w) >= n} | {"ژ", "ا\U0010ffff"}
    assert len(prefixes) > 100
    for p in sorted(prefixes):
        expected = [table.words[i] for i in ranked if table.words[i][0].startswith(p)][:S.PRECOMPUTED_TOP]
        assert table.words_with_prefix(p, S.PRECOMPUTED_TOP) == expected, p
        assert table.words_with_prefix(p, 3) == expected[:3], p  # the kept list, cut


@pytest.mark.parametrize("written,shown", [
    ("استقلا\u200cل\u200cپسند", "استقلال\u200cپسند"),  # after ا (never joins): stray, dropped
    ("رو\u200cها", "روها"), ("\u200cکتاب", "کتاب"), ("کتاب\u200c", "کتاب"),  # after و, at either edge
    ("کتاب\u200c\u200cها", "کتاب\u200cها"),  # doubled: one kept
    ("می\u200cرود", "می\u200cرود"), ("کتاب\u200cها", "کتاب\u200cها"),  # keeps two letters apart: kept
    ("خانه\u200cای", "خانه\u200cای"), ("کتابِ\u200cها", "کتابِ\u200cها"),  # a mark is read through
    ("استقلال", "استقلال"),
])
def test_a_shown_word_keeps_only_the_half_spaces_that_change_its_letters(written, shown):
    assert S.shown_spelling(written) == shown


def test_autocomplete_never_shows_a_stray_half_space_inside_a_word(run_kavosh, tmp_path):
    # the news corpus writes استقلا‌ل‌پسند once (a half-space after ا); `kavosh suggest استقل` showed it so
    # (the new user's finding of 2026-12-04b)
    docs = [{"id": "a", "text": "حزب استقلا\u200cل\u200cپسند و جبهه استقلا\u200cل\u200cپسند"},
            {"id": "b", "text": "تیم استقلال برد و هواداران استقلال شاد شدند"},
            {"id": "c", "text": "کتاب\u200cها و کتاب\u200cها در کتابخانه"}]
    src = tmp_path / "docs.jsonl"
    src.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    index = tmp_path / "index"
    assert run_kavosh("index", src, "--index", index).returncode == 0
    got = [c["text"] for c in json.loads(run_kavosh("suggest", "--index", index, "--json", "استقل").stdout)]
    assert got == ["استقلال", "استقلال\u200cپسند"]
    got = [c["text"] for c in json.loads(run_kavosh("suggest", "--index", index, "--json", "کتا").stdout)]
    assert got == ["کتاب\u200cها"]


def test_stopwords_are_not_offered(build_index, run_kavosh):
    # F16 (2026-12-04): `kavosh suggest از` offered «از» first, `که` «که», `ب` «به» and «برای»: function words
    # nobody completes to (the page's search box offered them too)
    index = build_index("suggest-stop", [
        {"id": str(i), "title": "گزارش", "text": "از آزادی و ازدواج که کهکشان این اینترنت به برای بازار برنامه "
                                                 "از که این به برای از که این به برای"} for i in range(3)])
    for prefix, want in [("از", "آزادی\nازدواج\n"), ("که", "کهکشان\n"), ("این", "اینترنت\n"),
                         ("ب", "بازار\nبرنامه\n"), ("بر", "برنامه\n")]:
        proc = run_kavosh("suggest", "--index", index, prefix)
        assert (proc.returncode, proc.stdout) == (0, want), (prefix, proc.stdout)
    # a stopword is still completed inside a phrase the index holds
    proc = run_kavosh("suggest", "--index", index, "آزادی و", "--json")
    assert [c["text"] for c in json.loads(proc.stdout)] == ["آزادی و"], proc.stdout



def test_a_long_prefix_completes_to_a_stopword_after_the_other_words(build_index, run_kavosh):
    # a new user's finding (page21): `می‌شو` completed to nothing but «میشو» (spoken), not «می‌شود»/«می‌شوند»:
    # forms of the auxiliary شدن are stopwords, and stopwords were left out whatever the prefix
    index = build_index("suggest-stop-long", [
        {"id": str(i), "title": "گزارش", "text": "این کار می‌شود و آن‌ها می‌شوند و می‌شود؛ میشو گفت. برای برادر"}
        for i in range(3)])
    for prefix, want in [("می‌شو", "می‌شود\nمی‌شوند\nمیشو\n"), ("می‌شوند", "می‌شوند\n"),
                         ("میشو", "میشو\nمی‌شود\nمی‌شوند\n"),
                         ("برا", "برادر\n")]:  # a short prefix: still no برای
        proc = run_kavosh("suggest", "--index", index, prefix)
        assert (proc.returncode, proc.stdout) == (0, want), (prefix, proc.stdout)

def _table_rows(table: S.CompletionTable) -> tuple:
    return table.words, table.titles, list(table.title_counts.items())


def test_a_table_of_another_version_is_derived_again_from_its_saved_counts(tmp_path, monkeypatch):
    """A table file of another table version or analyzer (a derivation changed) is derived again from
    the raw counts saved beside it, at query time and at the next commit, without reading every stored
    document; counts of another counts version are not used (then every document is read)."""
    path = tmp_path / "index"
    with kavosh.Index(path) as ix:
        ix.add([{"id": "a", "title": "زلزله", "text": "زلزله زلزله زلال زلال"}])
        ix.commit()
        file = path / S.TABLE_FILE
        saved = json.loads(gzip.decompress(file.read_bytes()))
        assert saved["counts_version"] == S.COUNTS_VERSION
        good = S.completion_table(ix.opened, ix.analyzer)

        def stale(base=saved, **changes):
            data = {**base, "version": S.TABLE_VERSION - 1, "words": [["زلزله", "غلط", 1]], **changes}
            file.write_bytes(gzip.compress(json.dumps(data, ensure_ascii=False).encode()))
            S._cache.clear()
            S._by_stat.clear()

        def fail(opened):
            pytest.fail("read every stored document")

        stale()
        with monkeypatch.context() as m:
            m.setattr(S, "count_all", fail)
            assert _table_rows(S.completion_table(ix.opened, ix.analyzer)) == _table_rows(good)
            assert json.loads(gzip.decompress(file.read_bytes()))["version"] == S.TABLE_VERSION  # saved again
            stale(analyzer_version="fa-000000000000")
            ix.add([{"id": "b", "title": "", "text": "زلیخا زلیخا"}])
            ix.commit()  # the commit's update_table starts from the stale file's counts
            ix.reload()
            table = S.completion_table(ix.opened, ix.analyzer)
        assert _table_rows(table) == _table_rows(S.build_table(ix.opened, ix.analyzer))
        assert table.lookup("زلیخا") == ("زلیخا", 2)
        # a file saved before counts_version was, whose table version (8) counted as counts version 1
        # does, read after a later table version: derived from its counts
        unversioned = {k: v for k, v in saved.items() if k != "counts_version"}
        stale(unversioned, version=8)
        with monkeypatch.context() as m:
            m.setattr(S, "TABLE_VERSION", 9)
            m.setattr(S, "count_all", fail)
            derived = S.Counts(**saved["counts"]).table(ix.analyzer)
            assert _table_rows(S.completion_table(ix.opened, ix.analyzer)) == _table_rows(derived)
        # counts of another counts version: every stored document is read
        read = []
        real = S.count_all
        monkeypatch.setattr(S, "count_all", lambda opened: read.append(1) or real(opened))
        stale(counts_version=S.COUNTS_VERSION + 1)
        assert _table_rows(S.completion_table(ix.opened, ix.analyzer)) == _table_rows(table) and read == [1]


def test_a_commit_that_fails_leaves_no_table_file_begun_and_loses_no_count(tmp_path, monkeypatch):
    """The table is derived and its file begun on a thread while the commit runs (TableUpdate): when the commit
    fails, the temporary file is removed and the saved table stays the last commit's; the next commit's table
    counts the documents once, as a table built from every document."""
    from kavosh.index.writer import Writer

    path = tmp_path / "index"
    with kavosh.Index(path) as ix:
        ix.add([{"id": "a", "title": "زلزله بم", "text": "زلزله زلزله بم"}])
        ix.commit()
        before = gzip.open(path / S.TABLE_FILE).read()
        ix.add([{"id": "b", "title": "زلال", "text": "زلال زلال زلیخا"}])
        real = Writer._commit_index

        def failing(self):
            raise OSError("disk full")

        monkeypatch.setattr(Writer, "_commit_index", failing)
        with pytest.raises(OSError, match="disk full"):
            ix.commit()
        assert sorted(p.name for p in path.iterdir() if p.name.endswith(".tmp")) == []
        assert gzip.open(path / S.TABLE_FILE).read() == before
        monkeypatch.setattr(Writer, "_commit_index", real)
        ix.add([{"id": "c", "title": "", "text": "زلزله"}])
        ix.commit()
        data = json.loads(gzip.open(path / S.TABLE_FILE, "rt", encoding="utf-8").read())
        assert data["generation"] == S.generation(ix.opened)
        assert _same_table(S.completion_table(ix.opened, ix.analyzer), S.build_table(ix.opened, ix.analyzer))
        assert S.completion_table(ix.opened, ix.analyzer).lookup("زلال") == ("زلال", 2 + S.TITLE_WEIGHT)


def test_the_table_begun_before_the_commit_is_the_table_after_it(tmp_path):
    """table_update.TableUpdate (begun before the commit, on a thread) writes the file update_table writes after it: the
    same JSON once the generation is read back."""
    path = tmp_path / "index"
    with kavosh.Index(path) as ix:
        ix.add([{"id": "a", "title": "زلزله بم", "text": "زلزله زلزله بم"}, {"id": "b", "title": "", "text": "زلال"}])
        ix.commit()
        threaded = json.loads(gzip.open(path / S.TABLE_FILE, "rt", encoding="utf-8").read())
        S.update_table(ix.opened, ix.analyzer, "no such generation", S.Counts(**threaded["counts"]), before_empty=True)
        after = json.loads(gzip.open(path / S.TABLE_FILE, "rt", encoding="utf-8").read())
    assert list(threaded) == list(after) and threaded["generation"] == after["generation"]
    assert threaded == after


# 40 frequent words in م (each 10 times in each of 4 documents), none after سازمان; ملل is rarer than all of them
# (its documents write it 3 times, always after سازمان), مسکو once after سازمان (a word the table holds, seen twice
# elsewhere: the phrase exists), and میز after سازمان only in a document that is not a hit's first 20 000 characters
_M_WORDS = [f"م{a}{b}ان" for a in "بپتجچ" for b in "دذرزسشصط"]


def test_several_words_complete_with_the_words_documents_write_after_them(tmp_path):
    assert len(_M_WORDS) > suggest_module.PHRASE_CANDIDATES
    docs = [{"id": f"m{i}", "title": "خبر", "text": " ".join(w for w in _M_WORDS for _ in range(10))} for i in range(4)]
    docs += [{"id": f"u{i}", "title": "گزارش", "text": "نشست سازمان ملل در ژنو برگزار شد."} for i in range(3)]
    docs.append({"id": "s", "title": "گزارش", "text": "سازمان مسکو و مسکو و مسکو"})
    docs.append({"id": "far", "title": "یادداشت", "text": "سازمان " + "واژه " * 5000 + "سازمان میز و میز"})
    with kavosh.Index(tmp_path / "index") as ix:
        ix.add(docs)
        ix.commit()
        got = ix.suggest("سازمان م", limit=5)
        assert [(c.text, c.kind, c.count) for c in got[:2]] == [("سازمان ملل", "phrase", 3), ("سازمان مسکو", "phrase", 1)]
        assert "سازمان میز" not in texts(got)  # past the characters read of its one document
        # the table's 30 best words in م alone (before): none of them follows سازمان, so nothing was offered
        best = S.completion_table(ix.opened, ix.analyzer).words_with_prefix("م", suggest_module.PHRASE_CANDIDATES)
        assert "ملل" not in {surface for _k, surface, _c in best}


SPOKEN_DOCS = [{"id": f"s{i}", "title": f"خبر {i}",
                "text": "نمی‌دانم کجا بروم. نمی‌دانیم. خیابان و خیابان‌ها در تهران. کتاب کتاب کتاب کتابخانه کتب کتبی"}
               for i in range(3)]


@pytest.fixture(scope="module")
def spoken_index(build_index):
    return build_index("suggest-spoken", SPOKEN_DOCS)


@pytest.mark.parametrize("prefix, first", [
    ("نمیدو", "نمی‌دانم"), ("نمیدون", "نمی‌دانم"), ("خیابو", "خیابان"), ("تهرو", "تهران"),  # spoken ون = ان
    ("نمیدا", "نمی‌دانم"), ("خیابا", "خیابان"),  # written: as before
])
def test_a_spoken_prefix_completes_as_written_persian_spells_it(spoken_index, prefix, first):
    """A new user's ``نمیدو`` (spoken نمیدونم) completed to nothing while ``میخوا`` completed: the index holds the
    written نمی‌دانم, whose prefix is ``نمیدا``.  A prefix with no completion whose last word ends in the spoken
    vowel (``و``, ``ون``) is completed as its written spelling (``ا``, ``ان``)."""
    with kavosh.Index(spoken_index, create=False) as ix:
        got = ix.suggest(prefix, limit=5)
        assert got and got[0].text == first, got


def test_the_spoken_reading_is_asked_only_when_nothing_completes():
    assert suggest_module.spoken_prefix("نمیدو") == "نمیدا" and suggest_module.spoken_prefix("نمیدون") == "نمیدان"
    assert suggest_module.spoken_prefix("جام خیابو") == "جام خیابا"
    assert suggest_module.spoken_prefix("تو") is None and suggest_module.spoken_prefix("کتاب") is None


def test_a_finglish_prefix_s_readings_come_by_the_index_s_words_too(spoken_index):
    """``ketab`` read «کتب» (0.25 in letters: both vowels left out) before «کتاب» (0.3), and its completions came
    first though کتاب is the far more frequent word; the readings are now ordered as a Finglish word's
    candidates are scored (cost less 0.15 × ln(count + 1) of the best word each starts)."""
    with kavosh.Index(spoken_index, create=False) as ix:
        assert [c.text for c in ix.suggest("ketab", limit=3)] == ["کتاب", "کتابخانه", "کتب"]


def test_completions_show_no_marks_or_tatweel_and_one_entry_per_clean_form(build_index):
    """New user 19 #2 (issue #14 kind 12, clean text out): ``الرح`` offered ``الرحیم|الرحمن|الرَّحْمَٰنِ|الرحمه``,
    the same word twice, once with its vowel marks and superscript alef; ``کتابخ`` a title with tatweel as
    written (``کـــتابخانه مـــلی``).  Marks, tatweel and alef wasla are not shown; the forms meet, counts added."""
    index = build_index("suggest-marks", [
        {"id": "q1", "title": "سوره", "text": "بِسْمِ ٱللَّهِ الرَّحْمَٰنِ ٱلرَّحِيمِ و الرَّحْمَٰنِ"},
        {"id": "q2", "title": "دعا", "text": "بسم الله الرحمن الرحیم و الرحمن الرحیم الرحمه الرحمه"},
        {"id": "t1", "title": "کـــتابخانه مـــلی", "text": "کتابخانه ملی ایران و کتابخانه"},
        {"id": "t2", "title": "گزارش", "text": "کـتـابـخـانـه شهر"},
    ])
    with kavosh.Index(index, create=False) as ix:
        got = [(c.text, c.kind, c.count) for c in ix.suggest("الرح", limit=10)]
        # الرحمن 2 + 2 vocalised (was 2 rows: الرحمن 2, الرَّحْمَٰنِ 2), الرحیم 2 + 1 ٱلرَّحِيمِ, الرحمه 2
        assert got == [("الرحمن", "word", 4), ("الرحیم", "word", 3), ("الرحمه", "word", 2)]
        got = [(c.text, c.kind) for c in ix.suggest("کتابخ", limit=10)]
        assert got == [("کتابخانه", "word"), ("کتابخانه ملی", "title")]  # was also «کـــتابخانه مـــلی»
        marks = set("\u0640\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0671")
        for prefix in ("ال", "الر", "کت", "بس", "ک"):
            assert not [c.text for c in ix.suggest(prefix, limit=50) if marks & set(c.text)], prefix
