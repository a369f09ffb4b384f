"""The text the dense encoder reads, compared: dense and hybrid nDCG@10 with each normalization of its input.

Each variant embeds a fresh copy of a lexical index (``kavosh index FILE --index DIR``, no vectors) with the
encoder's input normalized its way, passages and queries alike, then runs ``benchmarks/fusion.py`` on it:

* ``raw`` — no char filters (the encoder's own map only: Kavosh before ``kavosh.dense.text``);
* ``all`` — every analyzer char filter (:func:`kavosh.analysis.normalize.normalize`);
* ``encoder`` — :func:`kavosh.dense.text.encoder_text`, every char filter but ``KEPT_AS_WRITTEN`` (what Kavosh uses);
* ``encoder-diacritics`` — the same with diacritics and Quranic marks kept.

Embedding parsinlu_rc (1,446 windows) takes 2–4 minutes a variant on 2 shared cores.

Usage::

    kavosh index ../shared/data/parsinlu_rc/corpus.jsonl --index /tmp/prc-lex
    python benchmarks/encoder_text.py --lexical /tmp/prc-lex --workdir /tmp/enctext [--variants raw encoder]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]  # benchmarks/http.py shadows http
sys.path.append(str(HERE))  # for fusion.py, after the standard library
VARIANTS = ("raw", "all", "encoder", "encoder-diacritics")


def normalizer(name: str):
    """The function the encoder's input goes through for variant ``name``."""
    from kavosh.analysis import chars as C
    from kavosh.analysis.normalize import normalize, respell_in_context
    from kavosh.dense import text

    if name == "raw":
        return lambda t: t
    if name == "all":
        return normalize
    if name == "encoder":
        return text.encoder_text
    marks = {ord(c) for c in C.HARAKAT + (C.SUPERSCRIPT_ALEF,) + C.QURANIC_MARKS + C.ARABIC_SMALL_MARKS}
    table = {cp: rep for cp, rep in text._TABLE.items() if cp not in marks}
    return lambda t: respell_in_context(t).translate(table)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--lexical", required=True, help="a lexical index of the collection (no vectors)")
    p.add_argument("--collection", default="parsinlu_rc")
    p.add_argument("--workdir", required=True)
    p.add_argument("--variants", nargs="+", default=list(VARIANTS), choices=VARIANTS)
    args = p.parse_args(argv)
    import tantivy

    import fusion
    from kavosh.dense import encoder as E
    from kavosh.index.embedding import sync_folder

    own = E.encoder_text
    for name in args.variants:
        E.encoder_text = normalizer(name)  # Encoder._normalize and Encoder.query read it from the module
        E.shared_encoder()._cache.clear()
        index = Path(args.workdir) / name
        if not (index / "vectors").exists():
            shutil.rmtree(index, ignore_errors=True)
            shutil.copytree(args.lexical, index)
            t0 = time.perf_counter()
            counts = sync_folder(index, tantivy.Index.open(str(index)).searcher(), create=True)
            print(f"{name}: {counts} in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        print(f"### {name}")
        fusion.main(["--index", f"{args.collection}={index}", "--json", str(Path(args.workdir) / f"{name}.json")])
    E.encoder_text = own
    return 0


if __name__ == "__main__":
    sys.exit(main())
