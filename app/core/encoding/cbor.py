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

``decode`` is strict: cbor2 decodes, refusing every tag (``_NO_TAGS``), and one pass over the
tree checks its types and map order and adds up the size of its deterministic encoding, which
must be the input's length. Without tags every item of the input is a head at least as long
as the shortest one followed by the same contents, so the lengths are equal exactly when every
head is shortest and nothing trails: when the input is the deterministic encoding itself. (It
used to be re-encoded and compared byte for byte: the same verdicts, tested, at twice the cost.)
This rejects non-shortest heads and trailing bytes, which ``cbor2.loads`` silently ignores.
When something is wrong, a slow raw-byte scan names the problem precisely.
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


class _NoTags(dict[int, Any]):
    """cbor2's `semantic_decoders` for the profile: cbor2 asks it for every tag it meets, known
    (a bignum, a shared value, a string reference, which may stand for bytes that are not there)
    or not, and each one is refused as it is met (`test_cbor`'s tag cases keep this true)."""

    def __missing__(self, tag: int) -> Any:
        return _refuse_tag


def _refuse_tag(decoder: Any) -> Any:
    raise CanonicalError("tag not allowed")


_NO_TAGS = _NoTags()


def decode(data: bytes) -> Value:
    """Decode ``data``, which must be exactly the deterministic encoding of a profile value."""
    try:
        obj = _loads(
            data,
            max_depth=MAX_DEPTH,
            allow_indefinite=False,
            allow_duplicate_keys=False,
            semantic_decoders=_NO_TAGS,
        )
    except Exception as e:
        raise CanonicalError(_diagnose(data) or _cbor2_message(e)) from e
    try:
        size = _check(obj, 0, True)
    except CanonicalError as e:
        raise CanonicalError(_diagnose(data) or str(e)) from e
    # Any remaining difference is a non-shortest head or trailing bytes (each makes the input
    # longer than its deterministic encoding), both named by _diagnose.
    if size != len(data):
        raise CanonicalError(_diagnose(data) or "not in deterministic encoding")
    return obj  # type: ignore[no-any-return]


def _head(n: int) -> int:
    """Bytes of the shortest head carrying the argument n >= 0."""
    return 1 if n < 24 else 2 if n < 0x100 else 3 if n < 0x10000 else 5 if n < 1 << 32 else 9


def _check(v: Any, depth: int, ordered: bool) -> int:
    """Single recursive pass checking that ``v`` is a profile value (no copies made); returns
    the size of its deterministic encoding.

    ``ordered``: also require every map's keys to be in RFC 8949 §4.2.1 order as iterated
    (true for decoded data, whose dicts keep the wire order).

    Byte strings, unsigned integers and ASCII text in a map, the commonest leaves (a block's
    transactions, ids, times), are checked and sized in their container's loop without a call
    of their own.
    """
    t = type(v)
    if t is int:
        if v < _INT_MIN or v > _INT_MAX:
            raise CanonicalError("integer out of range [-2**63, 2**64-1]")
        return _head(v if v >= 0 else -1 - v)
    if t is bytes:
        n = len(v)
        return n + _head(n)
    if t is str:
        if v.isascii():
            n = len(v)
        else:
            if not is_normalized("NFC", v):
                raise CanonicalError("not NFC text")
            # surrogatepass: a str to encode may hold a lone surrogate, refused by encode()
            # itself as before; a decoded one never does.
            n = len(v.encode("utf-8", "surrogatepass"))
        return n + _head(n)
    if t is bool or v is None:
        return 1
    if t is list:
        if depth >= MAX_DEPTH:
            raise CanonicalError(f"nesting deeper than {MAX_DEPTH}")
        depth += 1
        size = _head(len(v))
        for x in v:
            xt = type(x)
            if xt is bytes:
                n = len(x)
                size += n + (1 if n < 24 else 2 if n < 0x100 else _head(n))
            elif xt is int and 0 <= x < 24:
                size += 1
            else:
                size += _check(x, depth, ordered)
        return size
    if t is dict:
        if depth >= MAX_DEPTH:
            raise CanonicalError(f"nesting deeper than {MAX_DEPTH}")
        depth += 1
        count = len(v)
        size = 1 if count < 24 else _head(count)  # inline: a call costs more than the test
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
                size += 1
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
                size += 1 + n
            else:
                raise CanonicalError(
                    f"map key not in profile: {type(k).__name__} (only int or text allowed)"
                )
            prev_rank = rank
            xt = type(x)
            if xt is bytes:
                n = len(x)
                size += n + (1 if n < 24 else 2 if n < 0x100 else _head(n))
            elif xt is int and 0 <= x <= _INT_MAX:
                # `_head(x)` inline: times and sequence numbers are in every payload.
                if x < 24:
                    size += 1
                elif x < 0x10000:
                    size += 2 if x < 0x100 else 3
                else:
                    size += 5 if x < 0x100000000 else 9
            elif xt is str:
                # As `_check` of a str does, without the call: a message's text (accented,
                # so not ASCII) is a leaf of every transaction's body.
                if x.isascii():
                    n = len(x)
                else:
                    if not is_normalized("NFC", x):
                        raise CanonicalError("not NFC text")
                    n = len(x.encode("utf-8", "surrogatepass"))
                size += n + (1 if n < 24 else 2 if n < 0x100 else _head(n))
            else:
                size += _check(x, depth, ordered)
        return size
    if t is float:
        raise CanonicalError("float not allowed")
    if t is cbor2.CBORTag:
        raise CanonicalError("tag not allowed")
    if t is type(cbor2.undefined):
        raise CanonicalError("undefined not allowed")
    if t is cbor2.CBORSimpleValue:
        raise CanonicalError("simple value not allowed")
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
