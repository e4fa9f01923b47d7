"""Decoding subtitle files: BOMs, UTF-16 without BOM, UTF-8, and legacy
8-bit files (cp1252, else latin-1), with an ``encoding`` notice when the
file is not UTF-8."""

from __future__ import annotations

import codecs

from ..errors import SubtitleFileError
from ..models import Notice

MIXED_UTF8 = "UTF-8 with bytes that are not UTF-8"
"""The encoding of a UTF-8 file with a few stray bytes (an edit in another
encoding): each stray byte is read as cp1252 would read it."""


def _byte_char(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return bytes([byte]).decode("latin-1")


def _cp1252_bytes(err: UnicodeError) -> tuple[str, int]:
    assert isinstance(err, UnicodeDecodeError)
    chunk = err.object[err.start : err.end]
    return "".join(_byte_char(b) for b in chunk), err.end


codecs.register_error("subtitler-cp1252", _cp1252_bytes)


def _mostly_utf8(data: bytes) -> int | None:
    """The number of stray bytes when ``data`` is UTF-8 but for a few of them
    (it has real multi-byte UTF-8 characters, and few bytes that are not)."""
    text = data.decode("utf-8", "replace")
    stray = text.count("\ufffd") - data.count("\ufffd".encode())
    real = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    return stray if real and stray <= max(3, real) else None


def _notice(message: str, line: int | None) -> Notice:
    return Notice("encoding", message, line)


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig", "UTF-8 with BOM"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32 LE"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32 BE"),
    (b"\xff\xfe", "utf-16-le", "UTF-16 LE"),
    (b"\xfe\xff", "utf-16-be", "UTF-16 BE"),
)


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > half * 0.4 and even < half * 0.05:
        return "utf-16-le"
    if even > half * 0.4 and odd < half * 0.05:
        return "utf-16-be"
    return None


def decode(data: bytes, path: str = "") -> tuple[str, str, list[Notice]]:
    """``(text, encoding name, notices)`` for the bytes of a subtitle file."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            text = _decode_as(data[len(bom):], codec.replace("-sig", ""), path)
            found = [] if codec == "utf-8-sig" else [_not_utf8(name)]
            return text, name, found
    codec16 = _utf16_without_bom(data)
    if codec16:
        name = codec16.upper().replace("-LE", " LE").replace("-BE", " BE")
        return _decode_as(data, codec16, path), f"{name} (no BOM)", [_not_utf8(name)]
    try:
        return data.decode("utf-8"), "UTF-8", []
    except UnicodeDecodeError as err:
        bad = data[: err.start].count(b"\n") + 1
        first = data[err.start]
    mixed = _mostly_utf8(data)
    if mixed is not None:
        char = _byte_char(first)
        msg = (f"not valid UTF-8: byte 0x{first:02X} on line {bad} (read as {char!r}, as in "
               f"cp1252) and {mixed - 1} more; the rest is UTF-8: correct those bytes and "
               "save the file as UTF-8")
        text = data.decode("utf-8", "subtitler-cp1252")
        return text, MIXED_UTF8, [_notice(msg.replace(" and 0 more", ""), bad)]
    try:
        text, name = data.decode("cp1252"), "cp1252 (Windows Western)"
    except UnicodeDecodeError:
        text, name = data.decode("latin-1"), "latin-1 (ISO 8859-1)"
    msg = f"not UTF-8 (first bad byte on line {bad}); read as {name}: save it as UTF-8"
    return text, name, [_notice(msg, bad)]


def _not_utf8(name: str) -> Notice:
    return _notice(f"encoded as {name}; many players expect UTF-8", None)


def _decode_as(data: bytes, codec: str, path: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        raise SubtitleFileError(f"cannot decode as {codec}: {err.reason}", path=path) from None


def decode_text(data: bytes, path: str = "") -> tuple[str, str, list[Notice]]:
    """``decode``, refusing binary data (a video given as subtitles)."""
    text, encoding, found = decode(data, path)
    if "\x00" in text or _binary(text):
        raise SubtitleFileError("not a text file (binary data)", path=path)
    return text, encoding, found


def _binary(text: str) -> bool:
    sample = text[:4000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return controls > max(8, len(sample) // 100)
