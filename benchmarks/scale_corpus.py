"""A seeded, streamed generator of N distinct news-like Persian documents with known near-duplicates.

    python benchmarks/scale_corpus.py N OUT_DIR [--seed 1403] [--files 10] [--lucene]

The documents are composed of the real text in ``../shared/data``:

* **paragraphs**: the paragraphs of the news articles (Fars News, ``news/``), the
  Hamshahri articles (``hamshahri/``, whose hard-wrapped lines are joined and cut
  into runs of two to four sentences) and the passages of the question sets
  (``parsinlu_rc/``, ``pquad_validation/``: Wikipedia and news);
* **titles, categories and sources** of the same collections (a document takes the
  title of a real article of its kind; news categories as in the news corpus);
* **dates** between 2003 and 2024, written as ISO dates (news), Jalali dates in
  Persian digits (Hamshahri, e.g. ``۱۳۸۲/۰۵/۱۲``) or none (encyclopaedia passages);
* **lengths**: each document draws a target length from the real lengths of its
  kind's articles and takes random paragraphs of that kind until it reaches it
  (at least two), so the length distribution follows the real one (mean about
  3.4 kB of UTF-8 text) and its vocabulary is the real vocabulary.

Kinds are chosen in proportion to the documents each collection has (news 34%,
Hamshahri 46%, encyclopaedia passages 20%).  With 39 MB of real text, a million
documents (about 3.4 GB) reuse each paragraph about 90 times, in
other combinations: every document is distinct, but unrelated documents share
paragraphs more often than in a real archive (a harder case for near-duplicate
detection, not an easier one).

**Near-duplicates**: a share :data:`DUP_RATE` (10%) of the documents are
*syndicated copies* of an earlier original among the last :data:`WINDOW` ones (news
agencies copy recent stories): the same title (sometimes with the agency's name),
another source and id, about 2% of the words replaced by words of another
paragraph, sometimes an agency line at the start (``به گزارش خبرگزاری ایرنا،``),
sometimes the last paragraph dropped, sometimes a related-links line appended.
:func:`generate` yields each document with the id of its original (or ``None``),
the ground truth for grouping.

Everything is a function of ``(seed, i)`` and what came before, streamed: memory
holds the pools of real text (about 150 MB) and the last :data:`WINDOW` originals,
never the generated corpus.
"""

from __future__ import annotations

import argparse
import bisect
import gzip
import json
import random
import re
import sys
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
DUP_RATE = 0.10
"""Share of the documents that are syndicated copies of an earlier one."""
WINDOW = 2000
"""A copy's original is one of this many most recent originals."""
EDIT_RATE = 0.02
"""Share of a copy's words replaced by words of another paragraph."""
AGENCIES = ("ایرنا", "ایسنا", "مهر", "تسنیم", "فارس", "ایلنا", "برنا", "میزان")
SOURCES = ("irna", "isna", "mehrnews", "tasnim", "farsnews", "ilna", "borna", "mizan")
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_SENTENCE_END = re.compile(r"(?<=[.!؟?])\s+")


@dataclass
class Kind:
    """One kind of document: its paragraphs, titles, real lengths (UTF-8 bytes of text) and source name."""

    name: str
    paragraphs: list[str]
    titles: list[str]
    lengths: list[int]
    categories: list[str]
    weight: float = 0.0


def _read_jsonl(path: Path) -> Iterator[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _sentence_runs(text: str, rng: random.Random) -> list[str]:
    """Hard-wrapped text joined, then cut into runs of 2-4 sentences."""
    flat = " ".join(line.strip() for line in text.splitlines() if line.strip())
    sents = [s for s in _SENTENCE_END.split(flat) if s]
    out, i = [], 0
    while i < len(sents):
        k = rng.randint(2, 4)
        out.append(" ".join(sents[i:i + k]))
        i += k
    return out


def load_kinds(data: Path = DATA) -> list[Kind]:
    """The pools of real text, by kind (deterministic).

    Raises:
        FileNotFoundError: a collection of ``data`` is missing.
    """
    rng = random.Random(0)
    news = list(_read_jsonl(data / "news" / "articles.jsonl.gz"))
    ham = list(_read_jsonl(data / "hamshahri" / "corpus.jsonl.gz"))
    wiki = list(_read_jsonl(data / "parsinlu_rc" / "corpus.jsonl")) + list(
        _read_jsonl(data / "pquad_validation" / "corpus.jsonl"))
    cats = sorted({r["category"] for r in news if r.get("category")})
    kinds = [
        Kind("farsnews", [p.strip() for r in news for p in r["text"].split("\n") if len(p.strip()) >= 40],
             [r["title"] for r in news if r.get("title")], [len(r["text"].encode()) for r in news], cats),
        Kind("hamshahri", [p for r in ham for p in _sentence_runs(r["text"], rng) if len(p) >= 40],
             [r["title"] for r in ham if r.get("title")], [len(r["text"].encode()) for r in ham], []),
        Kind("wikipedia", [r["text"].strip() for r in wiki if len(r["text"].strip()) >= 40],
             [r["title"] for r in wiki if r.get("title")], [len(r["text"].encode()) for r in wiki], []),
    ]
    for k, n_docs in zip(kinds, (len(news), len(ham), len(wiki)), strict=True):
        k.weight = n_docs
        k.lengths.sort()
    return kinds


def _date(kind: str, rng: random.Random) -> str:
    if kind == "wikipedia":
        return ""
    y, m, d = rng.randint(2003, 2024), rng.randint(1, 12), rng.randint(1, 28)
    if kind == "hamshahri":  # the Jalali year starts in March: a near enough conversion for test data
        jy, jm = (y - 621, m - 3) if m > 3 else (y - 622, m + 9)
        return f"{jy}/{jm:02d}/{d:02d}".translate(PERSIAN_DIGITS)
    return f"{y}-{m:02d}-{d:02d}"


def _original(i: int, kinds: list[Kind], cum: list[float], rng: random.Random) -> dict:
    kind = kinds[bisect.bisect(cum, rng.random() * cum[-1])]
    target = max(200, kind.lengths[rng.randrange(len(kind.lengths))])
    paras: list[str] = []
    size = 0
    while True:
        p = kind.paragraphs[rng.randrange(len(kind.paragraphs))]
        n = len(p.encode())
        if len(paras) >= 2 and size + n / 2 > target:  # the nearest length to the target
            break
        paras.append(p)
        size += n
    doc = {"id": f"{kind.name}-{i:07d}", "title": kind.titles[rng.randrange(len(kind.titles))],
           "text": "\n".join(paras), "date": _date(kind.name, rng),
           "url": f"https://{kind.name}.example/{i}", "source": kind.name}
    if kind.categories:
        doc["category"] = kind.categories[rng.randrange(len(kind.categories))]
    return doc


def _copy(i: int, orig: dict, kinds: list[Kind], rng: random.Random) -> dict:
    a = rng.randrange(len(AGENCIES))
    paras = orig["text"].split("\n")
    if len(paras) >= 4 and rng.random() < 0.3:
        paras = paras[:-1]
    words = "\n".join(paras).split(" ")
    donor = kinds[rng.randrange(len(kinds))]
    donor_words = donor.paragraphs[rng.randrange(len(donor.paragraphs))].split()
    for _ in range(max(1, int(len(words) * EDIT_RATE))):
        words[rng.randrange(len(words))] = donor_words[rng.randrange(len(donor_words))]
    text = " ".join(words)
    if rng.random() < 0.5:
        text = f"به گزارش خبرگزاری {AGENCIES[a]}، " + text
    if rng.random() < 0.3:
        text += "\nاخبار مرتبط: " + kinds[0].titles[rng.randrange(len(kinds[0].titles))]
    title = orig["title"] if rng.random() < 0.7 else f"{orig['title']} ({AGENCIES[a]})"
    doc = dict(orig, id=f"{SOURCES[a]}-{i:07d}", title=title, text=text, source=SOURCES[a],
               url=f"https://{SOURCES[a]}.example/{i}")
    return doc


def generate(n: int, seed: int = 1403, data: Path = DATA) -> Iterator[tuple[dict, str | None]]:
    """Yield ``n`` documents ``(record, original_id_or_None)`` in order; records have ``id``, ``title``,
    ``text``, ``date``, ``url``, ``source`` and for news ``category``.  The same ``(n, seed)`` gives
    the same documents, and the first ``m`` of ``n`` are the documents of ``generate(m, seed)``."""
    kinds = load_kinds(data)
    cum = []
    acc = 0.0
    for k in kinds:
        acc += k.weight
        cum.append(acc)
    recent: deque[dict] = deque(maxlen=WINDOW)
    for i in range(n):
        rng = random.Random(f"{seed}:{i}")
        if recent and rng.random() < DUP_RATE:
            orig = recent[rng.randrange(len(recent))]
            yield _copy(i, orig, kinds, rng), orig["id"]
        else:
            doc = _original(i, kinds, cum, rng)
            recent.append(doc)
            yield doc, None


def text_mb(doc: dict) -> float:
    """UTF-8 megabytes of a record's title and text (the unit of MB/s figures)."""
    return (len(doc["title"].encode()) + len(doc["text"].encode())) / 1e6


def write(n: int, out: Path, seed: int = 1403, files: int = 10, lucene: Path | None = None,
          truth: Path | None = None, data: Path = DATA) -> dict:
    """Write ``generate(n, seed)`` as ``files`` JSON Lines files under ``out`` (document *i* in file
    ``i * files // n``: consecutive, so that files read in order give the input order); with ``lucene``
    also Anserini's JsonCollection form (``id``, ``contents`` = title + newline + text) there; with
    ``truth`` a TSV of ``copy_id original_id``.  Returns ``{"docs", "mb", "copies"}``."""
    out.mkdir(parents=True, exist_ok=True)
    if lucene:
        lucene.mkdir(parents=True, exist_ok=True)
    fk = fl = None
    tf = open(truth, "w", encoding="utf-8") if truth else None
    mb, copies, part = 0.0, 0, -1
    try:
        for i, (doc, orig) in enumerate(generate(n, seed, data)):
            k = i * files // n
            if k != part:
                for f in (fk, fl):
                    if f:
                        f.close()
                part = k
                fk = open(out / f"part-{k:03d}.jsonl", "w", encoding="utf-8")
                fl = open(lucene / f"part-{k:03d}.jsonl", "w", encoding="utf-8") if lucene else None
            fk.write(json.dumps(doc, ensure_ascii=False) + "\n")
            if fl:
                fl.write(json.dumps({"id": doc["id"], "contents": doc["title"] + "\n" + doc["text"]},
                                    ensure_ascii=False) + "\n")
            mb += text_mb(doc)
            if orig is not None:
                copies += 1
                if tf:
                    tf.write(f"{doc['id']}\t{orig}\n")
    finally:
        for f in (fk, fl, tf):
            if f:
                f.close()
    return {"docs": n, "mb": mb, "copies": copies}


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: write a corpus and print its size."""
    p = argparse.ArgumentParser(description="Generate N distinct news-like documents with 10% near-duplicates")
    p.add_argument("n", type=int)
    p.add_argument("out", type=Path)
    p.add_argument("--seed", type=int, default=1403)
    p.add_argument("--files", type=int, default=10)
    p.add_argument("--lucene", type=Path, default=None, help="also write Anserini's JsonCollection form here")
    p.add_argument("--truth", type=Path, default=None, help="write 'copy_id<TAB>original_id' lines here")
    p.add_argument("--data", type=Path, default=DATA, help=f"the shared data folder (default {DATA})")
    args = p.parse_args(argv)
    if args.n < 1:
        p.error("N must be at least 1")
    info = write(args.n, args.out, args.seed, args.files, args.lucene, args.truth, args.data)
    print(json.dumps(info))
    return 0


if __name__ == "__main__":
    sys.exit(main())
