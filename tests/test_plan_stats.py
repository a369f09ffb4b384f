"""One plan's view of the index (:class:`kavosh.query.choose.PlanStats`): every answer is the index's own,
and each distinct question reaches the index once."""

from __future__ import annotations

from kavosh.query.choose import PlanAnalyzer, PlanStats


class CountingStats:
    """An :class:`~kavosh.index.stats.IndexStats` stand-in that records what it is asked."""

    def __init__(self) -> None:
        self.opened, self.analyzer, self.searcher = None, None, object()
        self.asked: list[tuple] = []

    def doc_freq(self, term: str) -> int:
        self.asked.append(("doc_freq", term))
        return len(term)

    def count_all(self, leaves: list[list[str]]) -> int:
        self.asked.append(("count_all", tuple(map(tuple, leaves))))
        return sum(map(len, leaves))

    def near(self, a: str, b: str, slop: int) -> int:
        self.asked.append(("near", a, b, slop))
        return len(a) * 10 + len(b) + slop

    def completions(self):
        self.asked.append(("completions",))
        return ["table", len(self.asked)]


def test_answers_are_the_index_s_and_each_question_is_asked_once():
    base = CountingStats()
    stats = PlanStats(base)
    assert stats.searcher is base.searcher
    assert [stats.doc_freq(t) for t in ("ایران", "ab", "ایران", "ab", "x")] == [5, 2, 5, 2, 1]
    assert stats.count_all([["a"], ["b", "c"]]) == 3 and stats.count_all([["a"], ["b", "c"]]) == 3
    assert stats.count_all([["a", "b"], ["c"]]) == 3  # another grouping: another question
    assert stats.count_all([]) == 0
    assert stats.near("ab", "c", 3) == 24 and stats.near("ab", "c", 3) == 24 and stats.near("c", "ab", 3) == 15
    table = stats.completions()
    assert stats.completions() is table
    assert base.asked == [("doc_freq", "ایران"), ("doc_freq", "ab"), ("doc_freq", "x"),
                          ("count_all", (("a",), ("b", "c"))), ("count_all", (("a", "b"), ("c",))),
                          ("count_all", ()), ("near", "ab", "c", 3), ("near", "c", "ab", 3), ("completions",)]


def test_a_new_plan_asks_again():
    base = CountingStats()
    PlanStats(base).doc_freq("a")
    PlanStats(base).doc_freq("a")
    assert base.asked == [("doc_freq", "a"), ("doc_freq", "a")]


def test_with_a_commit_s_memo_a_term_and_a_pair_are_asked_once_per_commit():
    from kavosh.query.memo import Memo

    base = CountingStats()
    kept: dict[str, Memo] = {}

    def commit(stage: str) -> Memo:
        return kept.setdefault(stage, Memo())

    first = PlanStats(base, commit)
    assert [first.doc_freq(t) for t in ("ایران", "ab", "ایران")] == [5, 2, 5]
    assert first.near("ab", "c", 0) == 21 and first.near("ab", "c", 0) == 21
    second = PlanStats(base, commit)  # the next plan of the same commit
    assert [second.doc_freq(t) for t in ("ab", "ایران", "x")] == [2, 5, 1]
    assert second.near("ab", "c", 0) == 21 and second.near("ab", "c", 1) == 22
    assert second.count_all([["a"]]) == 1 and PlanStats(base, commit).count_all([["a"]]) == 1  # a plan's own
    assert base.asked == [("doc_freq", "ایران"), ("doc_freq", "ab"), ("near", "ab", "c", 0), ("doc_freq", "x"),
                          ("near", "ab", "c", 1), ("count_all", (("a",),)), ("count_all", (("a",),))]
    assert dict(kept["doc_freq"]) == {"ایران": 5, "ab": 2, "x": 1}
    assert dict(kept["near"]) == {("ab", "c", 0): 21, ("ab", "c", 1): 22}


class CountingAnalyzer:
    """An analyzer stand-in that records the texts it analyses."""

    stopwords = frozenset({"و"})

    def __init__(self) -> None:
        self.texts: list[str] = []

    def analyze(self, text: str) -> list[tuple[str, int]]:
        self.texts.append(text)
        return [(w, i) for i, w in enumerate(text.split())]

    def normalize_term(self, text: str) -> str:
        return text.strip()


def test_each_distinct_text_is_analysed_once_and_each_caller_gets_its_own_list():
    base = CountingAnalyzer()
    an = PlanAnalyzer(base)
    first = an.analyze("کتاب و قلم")
    assert first == [("کتاب", 0), ("و", 1), ("قلم", 2)]
    first.append(("x", 9))  # a caller's change stays its own
    assert an.analyze("کتاب و قلم") == [("کتاب", 0), ("و", 1), ("قلم", 2)]
    assert an.analyze("قلم") == [("قلم", 0)]
    assert base.texts == ["کتاب و قلم", "قلم"]
    assert an.normalize_term(" ab ") == "ab" and an.stopwords is base.stopwords  # the rest is the analyzer's
    assert an.analyzer is base

