"""Bytes -> clean Unicode text: size limit, binary refusal, encoding detection, normalisation.

Typographic characters (curly quotes, dashes, ellipses) are kept as they are: they are the
written text. What is fixed: the BOM, Unicode normalisation (NFC), control characters, stray
and non-breaking spaces, and whitespace before punctuation or inside quotes.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from .errors import InputError

def decode_bytes(data: bytes, name: str = "input", limit: int | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)``. Raises InputError for empty, binary or oversized input.
    ``limit``: the largest input in bytes (default: the settings' ``max_input_bytes``)."""
    if limit is None:
        from .settings import from_environment

        limit = from_environment().max_input_bytes
    if len(data) > limit:
        raise InputError(
            f"{name}: {len(data):,} bytes is over the input limit of {limit:,} bytes",
            hint="set PIPELINE_MAX_INPUT_BYTES to raise the limit",
        )
    if not data.strip():
        raise InputError(f"{name}: the file is empty or holds only white space")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if _looks_binary(data):
        raise InputError(f"{name}: this looks like a binary file, not text or HTML")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        if e.reason == "unexpected end of data" and e.start >= len(data) - 3:
            return data[:e.start].decode("utf-8"), "utf-8"  # cut off inside its last character: drop that one
    if _has_utf8_sequences(data):  # UTF-8 with a few legacy bytes pasted in: keep the UTF-8, read the rest as cp1252
        return data.decode("utf-8", errors=_CP1252_FALLBACK), "utf-8+cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1252", "latin_1", "utf_8", "iso8859_15", "mac_roman"]).best()
    if best is None:
        raise InputError(f"{name}: cannot tell the text encoding", hint="save the file as UTF-8")
    enc = best.encoding
    # cp1252 is a superset of latin-1's printable range and is what Windows scrapers write
    if enc in ("latin_1", "iso8859_15"):
        enc = "cp1252"
    return data.decode(enc, errors="replace"), enc


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_CP1252_FALLBACK = "pipeline-cp1252-fallback"


def _has_utf8_sequences(data: bytes) -> bool:
    """True when the bytes hold well-formed multi-byte UTF-8 characters (which legacy text almost never does)."""
    return any(m.group().decode("utf-8", errors="ignore") for m in _UTF8_MULTIBYTE.finditer(data))


def _cp1252_fallback(err: UnicodeDecodeError) -> tuple[str, int]:
    bad = err.object[err.start:err.end]
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in bad), err.end


codecs.register_error(_CP1252_FALLBACK, _cp1252_fallback)


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        # NUL bytes in otherwise-text: tolerated if rare (we strip them), binary if common
        if head.count(b"\x00") > max(4, len(head) // 100):
            return True
    ctrl = sum(1 for b in head if b < 9 or 13 < b < 32)
    return ctrl > max(8, len(head) // 20)


_CTRL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\ufeff\u2028\u2029]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_SPACE_BEFORE_PUNCT = re.compile(r" +([,.;:!?%)\]”’»])")
_SPACE_AFTER_OPEN = re.compile(r"([(\[“‘«]) +")


def normalise(text: str) -> str:
    """NFC, no control characters, single spaces, no space inside quotes/brackets or before punctuation."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _CTRL.sub("", text)
    lines = []
    for line in text.split("\n"):
        line = _SPACES.sub(" ", line).strip()
        line = _SPACE_AFTER_OPEN.sub(r"\1", line)
        line = _SPACE_BEFORE_PUNCT.sub(r"\1", line)
        lines.append(line)
    return "\n".join(lines)


def normalise_inline(text: str) -> str:
    """``normalise`` for text that must be one line (titles, HTML paragraphs)."""
    return normalise(" ".join(text.split()))
