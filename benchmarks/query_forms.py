"""Query forms (issue #14 kind 13): the dev queries retyped in Finglish, with a typo, with a
sound-alike letter, and on the wrong keyboard; nDCG@10 of each form as a share of the original's.

For each BEIR collection the Kavosh index of ``benchmarks/retrieval.py --workdir`` is opened (built
when absent) and a sample of its queries (``--sample`` per collection, drawn with ``--seed``; all
30 Hamshahri topics) is converted mechanically into each form:

* ``layout`` — every Persian word typed with the US layout active while meaning ISIRI 9147
  (``تهران`` → ``jivhk``; a half-space is Shift+B, ``؟`` is ``?``, Persian digits ASCII);
* ``finglish`` — every Persian word romanized as people write it in chats (:func:`finglish`):
  letters by their usual Latin spelling (``ش`` sh, ``خ`` kh, ``ق``/``غ`` gh, ``ع`` an apostrophe),
  long vowels written, the short vowels Persian leaves out put back where its syllables need one
  (no word starts with two consonants, no more than two stand together: ``اجتماعی`` → ``ejtema'i``),
  ``ه`` at the end ``e``;
  it cannot know every vowel (``تهران`` → ``tahran``), as a person writing by ear does not;
* ``typo`` — one content word of 4+ letters (chosen at random) gets one slip: a letter left out,
  two letters swapped, a letter doubled, or a letter replaced by a neighbour on the ISIRI keyboard;
* ``homophone`` — one content word gets one letter swapped within its sound-alike group
  (``ا``/``ع``, ``ت``/``ط``, ``س``/``ص``/``ث``, ``ه``/``ح``, ``ز``/``ذ``/``ض``/``ظ``), as a writer
  unsure of the spelling does.

Each form runs through ``kavosh.cli.run_topics`` (the code path of ``kavosh eval``); the figure is
the form's mean nDCG@10 over the sampled queries divided by the original queries' (ir-measures,
``kavosh.eval.evaluate``).  ``--show N`` prints, per form, the N queries that lost most.

Usage::

    python benchmarks/query_forms.py [--workdir /tmp/query-ret] [--collections hamshahri parsinlu_rc
        pquad_validation] [--sample 300] [--seed 7] [--forms finglish typo homophone layout] [--show 10]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import re
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]  # benchmarks/http.py shadows http
DATA = HERE.parent.parent / "shared" / "data"
FORMS = ("finglish", "typo", "homophone", "layout")
ZWNJ = "\u200c"

_ROMAN = {"ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "j", "چ": "ch", "ح": "h", "خ": "kh", "د": "d", "ذ": "z",
          "ر": "r", "ز": "z", "ژ": "zh", "س": "s", "ش": "sh", "ص": "s", "ض": "z", "ط": "t", "ظ": "z", "غ": "gh",
          "ف": "f", "ق": "gh", "ک": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ء": "", "ئ": "y",
          "ؤ": "o", "ع": "", "أ": "a", "إ": "e", "ة": "e"}
_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ۀ": "ه", "\u0640": ""})
_PERSIAN = re.compile(r"[\u0600-\u06ff]")
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
HOMOPHONES = ("اع", "تط", "سصث", "هح", "زذضظ")
ISIRI_ROWS = ("ضصثقفغعهخحجچ", "شسیبلاتنمکگ", "ظطزرذدپو")


def _syllabify(units: list[tuple[str, bool]]) -> str:
    """Latin units ``(spelling, is_vowel)`` of one word → the word, a short vowel put where a run of
    consonants needs one: a word never starts with two consonants (``ب ر ا د ر`` → ``baradar``), and
    between two vowels, or after the last one, more than two consonants in a row get an ``e`` after the
    second (``ا ج ت م ا ع`` → ``ejtema'``)."""
    out: list[str] = []
    i, n = 0, len(units)
    while i < n:
        if units[i][1]:
            out.append(units[i][0])
            i += 1
            continue
        j = i
        while j < n and not units[j][1]:
            j += 1
        run = [u for u, _v in units[i:j]]
        if i == 0:  # the first consonant of the word carries a vowel when a consonant follows it
            out.append(run.pop(0))
            if run or j == n:
                out.append("a")
        while len(run) > 2:
            out.extend((run.pop(0), run.pop(0), "e"))
        out.extend(run)
        i = j
    return "".join(out)


def finglish(word: str) -> str:
    """One Persian word romanized as chat Finglish (see the module text); other words as they are."""
    w = word.translate(_FOLD).replace(ZWNJ, "")
    if not _PERSIAN.search(w):
        return word.translate(_DIGITS)
    w = w.replace("\u0654", "").replace("\u0670", "")
    w = "".join(ch for ch in w if not "\u064b" <= ch <= "\u0652")
    units: list[tuple[str, bool]] = []
    n = len(w)
    for i, ch in enumerate(w):
        first, last = i == 0, i == n - 1
        prev_vowel = bool(units) and units[-1][1]
        if ch == "آ":
            units.append(("aa" if first else "a", True))
        elif ch == "ا":
            if first and i + 1 < n and w[i + 1] in "یو":
                continue  # ای / او at the start: the vowel is the next letter
            cluster = first and i + 2 < n and w[i + 1] not in "اآویه" and w[i + 2] not in "اآوی"
            units.append(("e" if cluster else "a", True))  # استخر → estakhr, اجتماع → ejtema
        elif ch == "و" and i > 0 and w[i - 1] == "خ" and i + 1 < n and w[i + 1] == "ا":
            continue  # the silent و of خوا: خواهر → khahar
        elif ch == "و":
            if first or prev_vowel or (i + 1 < n and w[i + 1] in "اآ"):
                units.append(("v", False))
            elif i == 1 and w[0] == "ا":
                units.append(("oo", True))
            elif last and units and not prev_vowel and len(w) == 2:
                units.append(("o", True))
            else:
                units.append(("oo" if not last else "o", True))
        elif ch == "ی":
            if first or prev_vowel and not (i == 1 and w[0] == "ا") or (i + 1 < n and w[i + 1] in "اآو"):
                units.append(("y", False))
            else:
                units.append(("i", True))
        elif ch == "ه" and last and i > 0 and not prev_vowel:
            units.append(("e", True))
        elif ch == "ع":
            units.append(("a", True) if first else ("'", False))
        elif ch.isdigit():
            units.append((ch.translate(_DIGITS), True))
        elif ch in _ROMAN:
            units.append((_ROMAN[ch], False))
        elif ch in "؟?!.,،؛:":
            continue
        else:
            units.append((ch, False))
    return _syllabify([(u, v) for u, v in units if u])


def to_finglish(query: str, _rng: random.Random) -> str:
    """The query with every Persian word romanized (:func:`finglish`); ``؟`` dropped."""
    query = unicodedata.normalize("NFC", query)
    return " ".join(f for f in (finglish(w) for w in query.replace(ZWNJ, " ").split()) if f)


def to_layout(query: str, _rng: random.Random) -> str:
    """The keys a user presses for ``query`` with the US layout active while meaning ISIRI 9147."""
    from kavosh.query.layout import ISIRI_9147

    keys = {char: key for key, char in sorted(ISIRI_9147.items(), key=lambda kv: not kv[0].islower())}
    query = unicodedata.normalize("NFC", query)
    query = "".join(ch for ch in query if not "\u064b" <= ch <= "\u0652")  # nobody types harakat here
    return "".join(keys.get(ch, ch) for ch in query.translate(_FOLD).translate(_DIGITS))


def _content_words(query: str, analyzer) -> list[int]:
    words = query.split()
    return [i for i, w in enumerate(words) if len(w) >= 4 and _PERSIAN.search(w)
            and not analyzer.is_stopword(next(iter(analyzer.analyze(w)), None) or _NoTok())]


class _NoTok:
    term = ""


def _neighbours(ch: str) -> str:
    for row in ISIRI_ROWS:
        k = row.find(ch)
        if k >= 0:
            return row[max(0, k - 1):k] + row[k + 1:k + 2]
    return ""


def to_typo(query: str, rng: random.Random, analyzer=None) -> str:
    """One slip in one content word (see the module text); the query unchanged when it has none."""
    words = query.split()
    idx = _content_words(query, analyzer)
    if not idx:
        return query
    i = rng.choice(idx)
    w = words[i]
    letters = [k for k, ch in enumerate(w) if _PERSIAN.match(ch) and ch != ZWNJ]
    k = rng.choice(letters[1:] if len(letters) > 1 else letters)
    kind = rng.choice(("drop", "swap", "double", "key"))
    if kind == "drop":
        w = w[:k] + w[k + 1:]
    elif kind == "swap" and k + 1 < len(w):
        w = w[:k] + w[k + 1] + w[k] + w[k + 2:]
    elif kind == "double":
        w = w[:k] + w[k] + w[k:]
    else:
        near = _neighbours(w[k])
        w = w[:k] + (rng.choice(near) if near else w[k]) + w[k + 1:]
    words[i] = w
    return " ".join(words)


def to_homophone(query: str, rng: random.Random, analyzer=None) -> str:
    """One letter of one content word swapped within its sound-alike group (module text)."""
    words = query.split()
    spots = [(i, k) for i in _content_words(query, analyzer) for k, ch in enumerate(words[i].translate(_FOLD))
             if any(ch in g for g in HOMOPHONES) and not (ch == "ا" and k > 0) and not (ch == "ه" and k == len(words[i]) - 1)]
    if not spots:
        return query
    i, k = rng.choice(spots)
    w = words[i].translate(_FOLD)
    group = next(g for g in HOMOPHONES if w[k] in g)
    words[i] = w[:k] + rng.choice(group.replace(w[k], "")) + w[k + 1:]
    return " ".join(words)


def _retrieval():
    spec = importlib.util.spec_from_file_location("retrieval", HERE / "retrieval.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def measure(coll: Path, workdir: Path, forms: tuple[str, ...], sample: int, seed: int) -> dict:
    """Per form: mean nDCG@10 of the sampled queries, the ratio to the original's, the worst losses."""
    import ir_measures

    from kavosh.cli import run_topics
    from kavosh.engine import Index
    from kavosh.eval import read_qrels, read_topics

    ix = Index(_retrieval().build_index(coll, workdir), create=False)
    qrels = read_qrels(coll / "qrels.tsv")
    topics = [t for t in read_topics(coll / "queries.jsonl") if t[0] in qrels]
    rng = random.Random(seed)
    if sample and len(topics) > sample:
        topics = sorted(rng.sample(topics, sample))

    def per_query(run):
        return {m.query_id: m.value for m in ir_measures.iter_calc([ir_measures.nDCG @ 10], qrels, run)}

    def as_run(run):
        return {q: {d: s for d, s in hits} for q, hits in run.items()}

    base, *_ = run_topics(ix, topics, 100)
    base_q = per_query(as_run(base))
    mean = lambda d: sum(d.get(q, 0.0) for q, _t in topics) / len(topics)  # noqa: E731
    out = {"queries": len(topics), "original": round(mean(base_q), 4)}
    makers = {"finglish": to_finglish, "layout": to_layout, "typo": to_typo, "homophone": to_homophone}
    for form in forms:
        frng = random.Random(f"{seed}-{form}")
        conv = []
        for qid, q in topics:
            make = makers[form]
            conv.append((qid, make(q, frng, ix.analyzer) if form in ("typo", "homophone") else make(q, frng)))
        t0 = time.perf_counter()
        run, *_ = run_topics(ix, conv, 100)
        secs = time.perf_counter() - t0
        got = per_query(as_run(run))
        orig = dict(topics)
        losses = sorted(((base_q.get(q, 0) - got.get(q, 0), q) for q, _t in conv), reverse=True)
        conv_d = dict(conv)
        out[form] = {"ndcg": round(mean(got), 4), "ratio": round(mean(got) / out["original"], 4) if out["original"]
                     else None, "ms_per_query": round(1000 * secs / len(conv), 1),
                     "worst": [(round(d, 3), orig[q], conv_d[q]) for d, q in losses[:50] if d > 0]}
    ix.close()
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--collections", nargs="+", default=["hamshahri", "parsinlu_rc", "pquad_validation"])
    ap.add_argument("--workdir", help="index folder shared with benchmarks/retrieval.py (default: a temp folder)")
    ap.add_argument("--sample", type=int, default=300, help="queries per collection (0: all)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--forms", nargs="+", default=list(FORMS), choices=FORMS)
    ap.add_argument("--show", type=int, default=0, help="print the N worst queries of each form")
    ap.add_argument("--json", help="write the figures here")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(args.workdir or tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        results = {c: measure(DATA / c, workdir, tuple(args.forms), args.sample, args.seed) for c in args.collections}
    print("| collection | queries | original nDCG@10 | " + " | ".join(f"{f} (ratio)" for f in args.forms) + " |")
    print("|---|---|---|" + "---|" * len(args.forms))
    for c, r in results.items():
        cells = [f"{r[f]['ndcg']:.4f} ({r[f]['ratio']:.3f})" for f in args.forms]
        print(f"| {c} | {r['queries']} | {r['original']:.4f} | " + " | ".join(cells) + " |")
    if args.show:
        for c, r in results.items():
            for f in args.forms:
                print(f"\n{c} {f}: {r[f]['ms_per_query']} ms/query; worst losses:")
                for d, q, conv in r[f]["worst"][:args.show]:
                    print(f"  -{d}  {q}  →  {conv}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
