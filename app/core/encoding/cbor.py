"""Strict deterministic CBOR profile on top of cbor2.

The profile is a subset of RFC 8949 §4.2.1 "core deterministic encoding":

* integers in [-2**63, 2**64 - 1]; text (UTF-8, NFC-normalised); bytes; lists; maps;
  ``None``, ``True`` and ``False``;
* map keys are ints in [-24, 23] or text strings of fewer than 24 UTF-8 bytes;
* no floats, no tags, no ``undefined`` or other simple values, no indefinite lengths,
  no duplicate keys, containers nested at most ``MAX_DEPTH`` deep.

Why cbor2's ``canonical=True`` is enough for this profile: cbor2 sorts map keys
length-first (RFC 7049 §3.9 / RFC 8949 §4.2.3), whereas §4.2.1 sorts them bytewise by their
encodings. With the keys allowed here every encoded key starts with a single initial byte
that carries the whole head: 0x00-0x17 for 0..23, 0x20-0x37 for -1..-24 and 0x60-0x77 for
text of 0..23 bytes (whose length is in that byte). Two keys of different length therefore
already differ in their first byte, and there the shorter one is always smaller: every
int key is one byte long and sorts before every text key (0x00-0x37 < 0x60), and text
keys of n bytes start with 0x60 + n. Keys of equal length are compared bytewise by both
rules. So the two orders coincide, and §4.2.1 output is what cbor2 produces.

``decode`` is strict: cbor2 decodes, the tree is type-checked in one pass, then it is
re-encoded and must equal the input byte for byte (this also rejects non-shortest heads,
unsorted maps and trailing bytes, which ``cbor2.loads`` silently ignores). When something
is wrong, a slow raw-byte scan names the problem precisely.
"""

from __future__ import annotations

from typing import Any, TypeAlias
from unicodedata import is_normalized

import cbor2

Value: TypeAlias = None | bool | int | bytes | str | list["Value"] | dict[int | str, "Value"]

MAX_DEPTH = 16

_INT_MIN = -(2**63)
_INT_MAX = 2**64 - 1

_loads = cbor2.loads
_dumps = cbor2.dumps


class CanonicalError(ValueError):
    """The data is not in (or cannot be put into) the deterministic CBOR profile."""


def encode(value: object) -> bytes:
    """Encode ``value`` deterministically; raise CanonicalError if it is outside the profile."""
    _check(value, 0, False)
    try:
        return _dumps(value, canonical=True)
    except UnicodeEncodeError as e:  # a str holding lone surrogates is not UTF-8 text
        raise CanonicalError("invalid UTF-8 text (lone surrogate)") from e


def decode(data: bytes) -> Value:
    """Decode ``data``, which must be exactly the deterministic encoding of a profile value."""
    try:
        obj = _loads(data, max_depth=MAX_DEPTH, allow_indefinite=False, allow_duplicate_keys=False)
    except Exception as e:
        raise CanonicalError(_diagnose(data) or _cbor2_message(e)) from e
    try:
        _check(obj, 0, True)
    except CanonicalError as e:
        raise CanonicalError(_diagnose(data) or str(e)) from e
    # Maps are known to be in wire order == sorted order now, so the plain (insertion-order)
    # encoder gives the deterministic bytes; it is about twice as fast as canonical=True.
    # cbor2 always writes shortest-form heads, so any remaining difference is a non-shortest
    # head or trailing bytes, both named by _diagnose.
    if _dumps(obj) != data:
        raise CanonicalError(_diagnose(data) or "not in deterministic encoding")
    return obj  # type: ignore[no-any-return]


def _check(v: Any, depth: int, ordered: bool) -> None:
    """Single recursive pass checking that ``v`` is a profile value (no copies made).

    ``ordered``: also require every map's keys to be in RFC 8949 §4.2.1 order as iterated
    (true for decoded data, whose dicts keep the wire order).
    """
    t = type(v)
    if t is int:
        if v < _INT_MIN or v > _INT_MAX:
            raise CanonicalError("integer out of range [-2**63, 2**64-1]")
    elif t is str:
        if not v.isascii() and not is_normalized("NFC", v):
            raise CanonicalError("not NFC text")
    elif t is bytes or t is bool or v is None:
        pass
    elif t is list:
        if depth >= MAX_DEPTH:
            raise CanonicalError(f"nesting deeper than {MAX_DEPTH}")
        depth += 1
        for x in v:
            _check(x, depth, ordered)
    elif t is dict:
        if depth >= MAX_DEPTH:
            raise CanonicalError(f"nesting deeper than {MAX_DEPTH}")
        depth += 1
        # Order: the encoded key's first byte, then (text of equal length) its UTF-8 bytes.
        # Ints: 0..23 -> 0x00..0x17, -1..-24 -> 0x20..0x37; text: 0x60 + byte length. Code
        # point order of str equals bytewise order of its UTF-8 encoding.
        prev_rank = -1
        prev_text = ""
        for k, x in v.items():
            kt = type(k)
            if kt is int:
                if k < -24 or k > 23:
                    raise CanonicalError("map key not in profile: int key outside [-24, 23]")
                rank = k if k >= 0 else 0x1F - k
                if ordered and rank <= prev_rank:
                    raise CanonicalError("duplicate or unsorted map key: keys not in order")
            elif kt is str:
                n = len(k)
                if n >= 24 or not k.isascii():
                    n = len(k.encode("utf-8", "surrogatepass"))
                    if n >= 24:
                        raise CanonicalError("map key not in profile: text key of 24+ bytes")
                    _check(k, depth, ordered)
                rank = 0x60 + n
                if ordered:
                    if rank < prev_rank or (rank == prev_rank and k <= prev_text):
                        raise CanonicalError("duplicate or unsorted map key: keys not in order")
                    prev_text = k
            else:
                raise CanonicalError(
                    f"map key not in profile: {type(k).__name__} (only int or text allowed)"
                )
            prev_rank = rank
            _check(x, depth, ordered)
    elif t is float:
        raise CanonicalError("float not allowed")
    elif t is cbor2.CBORTag:
        raise CanonicalError("tag not allowed")
    elif t is type(cbor2.undefined):
        raise CanonicalError("undefined not allowed")
    elif t is cbor2.CBORSimpleValue:
        raise CanonicalError("simple value not allowed")
    else:
        raise CanonicalError(f"type {t.__name__} not allowed")


def _cbor2_message(e: Exception) -> str:
    text = str(e)
    low = text.lower()
    if "duplicate" in low:
        key = text.rpartition(":")[2].strip()
        return f"duplicate or unsorted map key: duplicate key {key}"
    if "indefinite" in low:
        return "indefinite-length item not allowed"
    if "depth" in low:
        return f"nesting deeper than {MAX_DEPTH}"
    if isinstance(e, cbor2.CBORDecodeEOF):
        return "truncated input"
    return f"malformed CBOR: {text}"


# ---------------------------------------------------------------------------------------
# Error-path diagnosis. Never runs for valid input.


class _Found(Exception):
    pass


def _diagnose(data: bytes) -> str | None:
    """Scan the raw bytes and return the first structural violation, or None."""
    try:
        end = _scan(memoryview(data), 0, 0)
    except _Found as f:
        return str(f)
    if end != len(data):
        return "trailing bytes"
    return None


def _scan(buf: memoryview, pos: int, depth: int) -> int:
    if pos >= len(buf):
        raise _Found("truncated input")
    ib = buf[pos]
    major, info = ib >> 5, ib & 0x1F
    pos += 1
    if major == 7:
        if info in (20, 21, 22):
            return pos
        if info == 23:
            raise _Found("undefined not allowed")
        if info in (25, 26, 27):
            raise _Found("float not allowed")
        if info == 31:
            raise _Found(f"unexpected break byte at offset {pos - 1}")
        raise _Found("simple value not allowed")
    if info == 31:
        if major in (2, 3, 4, 5):
            raise _Found("indefinite-length item not allowed")
        raise _Found(f"malformed CBOR: reserved initial byte 0x{ib:02x} at offset {pos - 1}")
    if info < 24:
        arg = info
    elif info < 28:
        size = 1 << (info - 24)
        if pos + size > len(buf):
            raise _Found("truncated input")
        arg = int.from_bytes(buf[pos : pos + size], "big")
        if arg < (24 if size == 1 else 1 << (4 * size)):
            raise _Found(f"non-shortest integer or length at offset {pos - 1}")
        pos += size
    else:
        raise _Found(f"malformed CBOR: reserved initial byte 0x{ib:02x} at offset {pos - 1}")
    if major == 6:
        raise _Found("tag not allowed")
    if major in (2, 3):
        if pos + arg > len(buf):
            raise _Found("truncated input")
        if major == 3:
            try:
                str(buf[pos : pos + arg], "utf-8")
            except UnicodeDecodeError:
                raise _Found("invalid UTF-8 text") from None
        return pos + arg
    if major in (4, 5):
        if depth >= MAX_DEPTH:
            raise _Found(f"nesting deeper than {MAX_DEPTH}")
        for _ in range(arg if major == 4 else 2 * arg):
            pos = _scan(buf, pos, depth + 1)
    return pos
