"""Spelling benchmark on PerSpellData: real Persian spelling errors, corrected with the index's vocabulary.

Data (``../shared/data/perspelldata``, MIT, rominaoji/PerSpellData):

* ``wrong.txt`` / ``correct.txt`` — 563 aligned sentences with real non-word and
  real-word errors;
* ``real-word/KIND/{wrong,correct}_KIND*.txt`` — aligned fragments, each with one
  real-word error of a kind (``plural``: ``امورات``→``امور``, ``be``:
  ``بعنوان``→``به‌عنوان``, ``gozar``: ``اثرگزار``→``اثرگذار``, ...).

The vocabulary and frequencies are those of a Kavosh index built from other
corpora (never from PerSpellData's correct side, which would leak the answers):
build it with::

    kavosh index ../shared/data/hamshahri/corpus.jsonl.gz ../shared/data/news/articles.jsonl.gz \\
        ../shared/data/parsinlu_rc/corpus.jsonl ../shared/data/pquad_validation/corpus.jsonl --index /tmp/spell-all

Alignment: each wrong/correct pair is split at whitespace and the tokens'
normalized keys (:meth:`kavosh.analysis.Analyzer.normalize_term`) are aligned
with :class:`difflib.SequenceMatcher`.  A differing block whose keys, joined
without spaces, are equal is a spelling the search engine already treats as the
same (``آنچه``/``آن‌چه``, ``تاکید``/``تأکید``) and counts as correct words.  Any
other differing block is an *error*; it is *corrected* when the corrector's
output for the block's wrong tokens, joined without spaces, has the correct
key.  An error is *non-word* when one of its wrong tokens is not in the index's
completion table, else *real-word*.  A *false correction* is a correct token
(in an equal block) that the corrector changed to another key.  Blocks that only
insert or delete a word are counted apart (not correctable by a speller).

Usage::

    python benchmarks/spelling.py --index /tmp/spell-all [--data ../shared/data/perspelldata]
        [--fragments 400] [--seed 1] [--json OUT]
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
import statistics
import sys
import time
from pathlib import Path

import kavosh
from kavosh.query import spelling as SP

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "perspelldata"


class Tally:
    """Counts for one set of pairs."""

    def __init__(self) -> None:
        self.errors = {"non-word": [0, 0], "real-word": [0, 0]}  # kind -> [corrected, total]
        self.correct_words = 0
        self.false = 0
        self.insert_delete = 0
        self.spacing_only = 0
        self.examples: list[tuple[str, str, str]] = []
        self.false_examples: list[tuple[str, str]] = []

    def add(self, other: Tally) -> None:
        for k, (c, n) in other.errors.items():
            self.errors[k][0] += c
            self.errors[k][1] += n
        self.correct_words += other.correct_words
        self.false += other.false
        self.insert_delete += other.insert_delete
        self.spacing_only += other.spacing_only

    def row(self) -> dict:
        out = {}
        for k, (c, n) in self.errors.items():
            out[k] = {"errors": n, "corrected": c, "share": c / n if n else None}
        c = sum(v[0] for v in self.errors.values())
        n = sum(v[1] for v in self.errors.values())
        out["all"] = {"errors": n, "corrected": c, "share": c / n if n else None}
        out["correct_words"] = self.correct_words
        out["false_corrections"] = self.false
        out["false_share"] = self.false / self.correct_words if self.correct_words else None
        out["insert_delete_blocks"] = self.insert_delete
        out["spacing_only_blocks"] = self.spacing_only
        return out


def evaluate(pairs, speller: SP.Speller, key, tally: Tally, times: list[float]) -> None:
    """Align each ``(wrong, correct)`` pair, run the speller on the wrong side and count."""
    for wrong, correct in pairs:
        wt, ct = wrong.split(), correct.split()
        wk, ck = [key(t) for t in wt], [key(t) for t in ct]
        t0 = time.perf_counter()
        out = speller.correct_words(wt)
        times.append((time.perf_counter() - t0) * 1000 / max(1, len(wt)))
        ok = [key(o) if o is not None else k for o, k in zip(out, wk, strict=True)]
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, wk, ck, autojunk=False).get_opcodes():
            if op == "equal":
                tally.correct_words += i2 - i1
                tally.false += sum(ok[i] != wk[i] for i in range(i1, i2))
                tally.false_examples += [(wt[i], out[i]) for i in range(i1, i2) if ok[i] != wk[i]]
                continue
            if i1 == i2 or j1 == j2:
                tally.insert_delete += 1
                continue
            want = "".join(ck[j1:j2]).replace(" ", "")
            if "".join(wk[i1:i2]).replace(" ", "") == want:
                tally.spacing_only += 1
                tally.correct_words += i2 - i1
                tally.false += sum(ok[i] != wk[i] for i in range(i1, i2))
                continue
            kind = "real-word" if all(speller.lookup(wk[i]) for i in range(i1, i2)) else "non-word"
            fixed = "".join(ok[i1:i2]).replace(" ", "") == want
            tally.errors[kind][1] += 1
            tally.errors[kind][0] += fixed
            if not fixed and len(tally.examples) < 400:
                tally.examples.append((" ".join(wt[i1:i2]), " ".join(ct[j1:j2]),
                                       " ".join(o or w for o, w in zip(out[i1:i2], wt[i1:i2], strict=True))))


def read_lines(path: Path) -> list[str]:
    """The lines of a PerSpellData file; ``_`` (the data's mark joining a verb's parts,
    ``شده_است``) becomes a half-space."""
    return path.read_text(encoding="utf-8").replace("_", "\u200c").splitlines()


def fragment_sets(data: Path) -> dict[str, list[tuple[str, str]]]:
    """``{kind: [(wrong, correct)]}`` from ``real-word/KIND``."""
    out = {}
    for d in sorted((data / "real-word").iterdir()):
        wrong = sorted(d.glob("wrong_*.txt"))
        correct = sorted(d.glob("correct_*.txt"))
        if len(wrong) == 1 and len(correct) == 1:
            w, c = read_lines(wrong[0]), read_lines(correct[0])
            if len(w) != len(c):
                raise SystemExit(f"{wrong[0]}: {len(w)} lines but {correct[0]} has {len(c)}")
            out[d.name] = list(zip(w, c, strict=True))
    return out


def pct(x) -> str:
    return "–" if x is None else f"{100 * x:.1f}%"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--index", required=True, help="an index built from corpora other than PerSpellData")
    ap.add_argument("--data", default=str(DATA))
    ap.add_argument("--fragments", type=int, default=400, help="fragments drawn per real-word kind (0: all)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", help="write the figures here")
    ap.add_argument("--examples", action="store_true", help="print missed errors")
    args = ap.parse_args(argv)
    data = Path(args.data)
    ix = kavosh.Index(args.index, create=False)
    speller = ix.speller()
    key = ix.analyzer.normalize_term
    times: list[float] = []
    report: dict = {"index": args.index, "docs": ix.opened.index.searcher().num_docs}

    sent = Tally()
    w, c = read_lines(data / "wrong.txt"), read_lines(data / "correct.txt")
    if len(w) != len(c):
        raise SystemExit(f"wrong.txt has {len(w)} lines, correct.txt {len(c)}")
    evaluate(zip(w, c, strict=True), speller, key, sent, times)
    report["sentences"] = sent.row()
    print(f"index {args.index}: {report['docs']:,} documents")
    print(f"sentences ({len(w)} pairs): " + summary(sent))
    if args.examples:
        for x in sent.examples:
            print("   missed:", " | ".join(x))
        for x in sent.false_examples[:30]:
            print("   false:", " → ".join(x))

    rng = random.Random(args.seed)
    frag_total = Tally()
    report["fragments"] = {}
    for kind, pairs in fragment_sets(data).items():
        if args.fragments and len(pairs) > args.fragments:
            pairs = rng.sample(pairs, args.fragments)
        t = Tally()
        evaluate(pairs, speller, key, t, times)
        frag_total.add(t)
        report["fragments"][kind] = t.row()
        print(f"real-word/{kind} ({len(pairs)} fragments): " + summary(t))
        if args.examples:
            for x in t.examples[:8]:
                print("   missed:", " | ".join(x))
            for x in t.false_examples[:8]:
                print("   false:", " → ".join(x))
    report["fragments_all"] = frag_total.row()
    report["queries"] = query_level(ix, w, c, key)
    print("real-word fragments, all kinds: " + summary(frag_total))
    times.sort()
    report["ms_per_word"] = {"p50": statistics.median(times), "p99": times[int(0.99 * (len(times) - 1))]}
    print(f"time per word (mean per sentence): p50 {report['ms_per_word']['p50']:.3f} ms, "
          f"p99 {report['ms_per_word']['p99']:.3f} ms")
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


def query_level(ix: kavosh.Index, wrong: list[str], correct: list[str], key) -> dict:
    """Each single-word non-word error of the sentences searched as a one-word query: how often
    search runs (rewritten) or offers (suggestion) the right word, and the time of a misspelt
    search beside the time of searching the right word (median, ms, top 10 with snippets).

    "Ran the right word" compares the rewrite's text with the right word's; since the text shown is the word
    searched (``query/choose.py`` ``shown_word``: ``آموزشی`` is searched and shown as ``آموزش``), the search that
    runs the right word's analysed terms (``ran_right_terms``) is counted too, and a right word searched beside the
    word as typed ("including results for", ``included_right_word``): the query was not rewritten, as documents
    hold it as typed or the word list knows it."""
    pairs = []
    lookup = ix.speller().lookup
    for ws, cs in zip(wrong, correct, strict=True):
        wt, ct = ws.split(), cs.split()
        wk, ck = [key(t) for t in wt], [key(t) for t in ct]
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, wk, ck, autojunk=False).get_opcodes():
            if op == "replace" and i2 - i1 == 1 and j2 - j1 == 1 and wk[i1] != ck[j1] and not lookup(wk[i1]) \
                    and any(not ix.analyzer.is_stopword(t) for t in ix.analyzer.analyze(ct[j1])):  # searchable
                pairs.append((wt[i1], ct[j1]))
    pairs = sorted(set(pairs))
    ran = offered = ran_terms = included = 0
    terms = ix.analyzer.terms
    t_wrong, t_right = [], []
    for w, c in pairs:
        t0 = time.perf_counter()
        res = ix.search(w)
        t_wrong.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        ix.search(c)
        t_right.append((time.perf_counter() - t0) * 1000)
        ran += res.rewritten is not None and key(res.rewritten) == key(c)
        ran_terms += res.rewritten is not None and terms(res.rewritten) == terms(c)
        offered += res.suggestion is not None and key(res.suggestion) == key(c)
        also = [n.details.get("included", "") for n in res.notes if getattr(n, "code", "") == "spelling_included"]
        included += any(terms(x) == terms(c) for x in also)
    n = len(pairs)
    out = {"queries": n, "ran_right_word": ran / n, "ran_right_terms": ran_terms / n,
           "included_right_word": included / n, "offered_right_word": offered / n,
           "ms_misspelt_p50": statistics.median(t_wrong), "ms_right_p50": statistics.median(t_right)}
    print(f"one-word queries ({n} distinct misspellings): search ran the right word {out['ran_right_word']:.1%} "
          f"(its terms {out['ran_right_terms']:.1%}; searched it beside the word typed "
          f"{out['included_right_word']:.1%}), "
          f"offered it {out['offered_right_word']:.1%}; median search time {out['ms_misspelt_p50']:.1f} ms "
          f"misspelt vs {out['ms_right_p50']:.1f} ms for the right word")
    return out


def summary(t: Tally) -> str:
    r = t.row()
    return (f"non-word {pct(r['non-word']['share'])} of {r['non-word']['errors']}, "
            f"real-word {pct(r['real-word']['share'])} of {r['real-word']['errors']}, "
            f"all {pct(r['all']['share'])} of {r['all']['errors']} corrected; "
            f"false corrections {r['false_corrections']} of {r['correct_words']} correct words "
            f"({pct(r['false_share'])}); spacing-only {r['spacing_only_blocks']}, "
            f"insert/delete {r['insert_delete_blocks']}")


if __name__ == "__main__":
    sys.exit(main())
