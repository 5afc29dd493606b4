"""Strict deterministic CBOR profile (app/core/encoding/cbor.py)."""

from __future__ import annotations

import unicodedata
from typing import Any

import cbor2
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from app.core.encoding import cbor
from app.core.encoding.cbor import MAX_DEPTH, CanonicalError, decode, encode

# --- an independent RFC 8949 §4.2.1 encoder (bytewise key order), for the ordering property --


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | info]) + n.to_bytes(size, "big")
    raise AssertionError(n)


def ref_encode(v: Any) -> bytes:
    if v is None:
        return b"\xf6"
    if v is True:
        return b"\xf5"
    if v is False:
        return b"\xf4"
    if isinstance(v, int):
        return _head(0, v) if v >= 0 else _head(1, -1 - v)
    if isinstance(v, bytes):
        return _head(2, len(v)) + v
    if isinstance(v, str):
        b = v.encode()
        return _head(3, len(b)) + b
    if isinstance(v, list):
        return _head(4, len(v)) + b"".join(ref_encode(x) for x in v)
    if isinstance(v, dict):
        items = sorted((ref_encode(k), ref_encode(x)) for k, x in v.items())
        return _head(5, len(v)) + b"".join(k + x for k, x in items)
    raise TypeError(v)


# --- strategies over the profile ------------------------------------------------------------

nfc_text = st.text().map(lambda s: unicodedata.normalize("NFC", s))
ints = st.integers(min_value=-(2**63), max_value=2**64 - 1)
scalars = st.none() | st.booleans() | ints | st.binary(max_size=300) | nfc_text
keys = st.integers(min_value=-24, max_value=23) | nfc_text.filter(lambda s: len(s.encode()) < 24)


def _depth(v: Any) -> int:
    if isinstance(v, list):
        return 1 + max((_depth(x) for x in v), default=0)
    if isinstance(v, dict):
        return 1 + max((_depth(x) for x in v.values()), default=0)
    return 0


values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=6) | st.dictionaries(keys, children, max_size=6),
    max_leaves=40,
).filter(lambda v: _depth(v) <= MAX_DEPTH)


@given(values)
@settings(max_examples=400)
def test_round_trip(v: Any) -> None:
    data = encode(v)
    assert decode(data) == v
    assert encode(decode(data)) == data


@given(values)
@settings(max_examples=400)
def test_encoding_is_rfc8949_core_deterministic(v: Any) -> None:
    # cbor2's length-first order equals §4.2.1 bytewise order for the profile's keys.
    assert encode(v) == ref_encode(v)


@given(st.dictionaries(keys, st.integers(0, 3), min_size=2, max_size=30))
def test_map_keys_in_bytewise_order(m: dict[int | str, int]) -> None:
    data = encode(m)
    encoded_keys = [ref_encode(k) for k in decode(data)]  # type: ignore[union-attr]
    assert encoded_keys == sorted(encoded_keys)
    # ... and the same as cbor2's canonical (length-first) order.
    assert data == cbor2.dumps(m, canonical=True)


def test_rfc8949_ordering_example_subset() -> None:
    # RFC 8949 §4.2.1 example order is 10, 100, -1, "z", "aa", [100], [-1], false; the keys
    # allowed in the profile keep their relative order.
    data = encode({"aa": 0, "z": 0, -1: 0, 10: 0})
    assert data == bytes.fromhex("a4 0a00 2000 617a00 62616100")
    assert list(decode(data)) == [10, -1, "z", "aa"]  # type: ignore[arg-type]


def test_length_first_and_bytewise_differ_outside_profile() -> None:
    # Why the key profile exists: with key 24 cbor2's canonical order is not §4.2.1.
    m = {24: 1, -1: 2}
    assert cbor2.dumps(m, canonical=True) != ref_encode(m)
    with pytest.raises(CanonicalError, match="map key not in profile"):
        encode(m)


@given(st.binary(max_size=64))
@settings(max_examples=1000)
def test_decode_fuzz_only_canonical_error(data: bytes) -> None:
    try:
        v = decode(data)
    except CanonicalError:
        return
    assert encode(v) == data


@given(values, st.integers(min_value=0), st.integers(min_value=0, max_value=255))
@settings(max_examples=400)
def test_mutations_rejected_or_canonical(v: Any, pos: int, byte: int) -> None:
    data = bytearray(encode(v))
    pos %= len(data)
    assume(data[pos] != byte)
    data[pos] = byte
    try:
        w = decode(bytes(data))
    except CanonicalError:
        return
    assert encode(w) == bytes(data)


# --- accepted edge values ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hexdata", "value"),
    [
        ("00", 0),
        ("17", 23),
        ("1818", 24),
        ("18ff", 255),
        ("190100", 256),
        ("1a00010000", 65536),
        ("1b0000000100000000", 2**32),
        ("1bffffffffffffffff", 2**64 - 1),
        ("3b7fffffffffffffff", -(2**63)),
        ("20", -1),
        ("f4", False),
        ("f5", True),
        ("f6", None),
        ("40", b""),
        ("60", ""),
        ("62c3a9", "é"),
        ("80", []),
        ("a0", {}),
        ("a2 0101 616101", {1: 1, "a": 1}),
        ("a2 1701 2001", {23: 1, -1: 1}),
        ("a2 3601 3701", {-23: 1, -24: 1}),
        ("a1 77" + "61" * 23 + "01", {"a" * 23: 1}),
        ("81" * 16 + "00", [[[[[[[[[[[[[[[[0]]]]]]]]]]]]]]]]),
    ],
)
def test_accepts(hexdata: str, value: Any) -> None:
    data = bytes.fromhex(hexdata)
    assert decode(data) == value
    assert type(decode(data)) is type(value)
    assert encode(value) == data


def test_bool_is_not_int() -> None:
    assert decode(b"\xf5") is True
    assert decode(b"\x01") == 1 and decode(b"\x01") is not True
    assert encode(True) == b"\xf5" and encode(1) == b"\x01"


# --- rejections, each with hand-written hex -------------------------------------------------


@pytest.mark.parametrize(
    ("hexdata", "message"),
    [
        # duplicate keys
        ("a2 0101 0102", "duplicate or unsorted map key"),
        ("a2 616101 616102", "duplicate or unsorted map key"),
        # unsorted maps (ints, ints vs text, text length-first, text bytewise, -1 vs 23)
        ("a2 0201 0101", "duplicate or unsorted map key"),
        ("a2 616101 0101", "duplicate or unsorted map key"),
        ("a2 62616101 616201", "duplicate or unsorted map key"),
        ("a2 616201 616101", "duplicate or unsorted map key"),
        ("a2 2001 1701", "duplicate or unsorted map key"),
        ("a2 2101 2001", "duplicate or unsorted map key"),
        ("a1 00a2 0201 0101", "duplicate or unsorted map key"),
        # non-shortest integers and lengths
        ("1800", "non-shortest"),
        ("1817", "non-shortest"),
        ("190017", "non-shortest"),
        ("1900ff", "non-shortest"),
        ("1a0000ffff", "non-shortest"),
        ("1b00000000ffffffff", "non-shortest"),
        ("3800", "non-shortest"),
        ("5800", "non-shortest"),
        ("780161", "non-shortest"),
        ("98020000", "non-shortest"),
        ("b800", "non-shortest"),
        ("59000100", "non-shortest"),
        ("81 1801", "non-shortest"),
        # indefinite-length items
        ("5f4101ff", "indefinite-length"),
        ("7f6161ff", "indefinite-length"),
        ("9f01ff", "indefinite-length"),
        ("bf0101ff", "indefinite-length"),
        ("9fff", "indefinite-length"),
        # floats: half, single, double
        ("f93c00", "float not allowed"),
        ("f97e00", "float not allowed"),
        ("fa3f800000", "float not allowed"),
        ("fb3ff0000000000000", "float not allowed"),
        ("81 f90000", "float not allowed"),
        # tags: unknown, epoch datetime, bignums (incl. an in-range one), self-describe
        ("d82a01", "tag not allowed"),
        ("c101", "tag not allowed"),
        ("c24101", "tag not allowed"),
        ("c249010000000000000000", "tag not allowed"),
        ("c34100", "tag not allowed"),
        ("d9d9f700", "tag not allowed"),
        ("d28440a0f640", "tag not allowed"),
        # undefined and other simple values
        ("f7", "undefined not allowed"),
        ("f0", "simple value not allowed"),
        ("f818", "simple value not allowed"),
        ("f8ff", "simple value not allowed"),
        # trailing bytes (cbor2.loads alone would accept all of these)
        ("0000", "trailing bytes"),
        ("a0a0", "trailing bytes"),
        ("6161 00", "trailing bytes"),
        ("f6ff", "trailing bytes"),
        # truncated / malformed
        ("", "truncated"),
        ("18", "truncated"),
        ("6261", "truncated"),
        ("8201", "truncated"),
        ("ff", "break"),
        ("1c", "malformed"),
        # text: not NFC (e + combining acute; Angstrom sign), invalid UTF-8
        ("6365cc81", "not NFC text"),
        ("63e284ab", "not NFC text"),
        ("a1 6365cc81 00", "not NFC text"),
        ("62c328", "invalid UTF-8"),
        ("61ff", "invalid UTF-8"),
        ("63eda080", "invalid UTF-8"),  # UTF-8 encoded surrogate
        ("62c0af", "invalid UTF-8"),  # overlong '/'
        # keys outside the profile
        ("a1 1818 00", "map key not in profile"),
        ("a1 3818 00", "map key not in profile"),
        ("a1 7818" + "61" * 24 + "00", "map key not in profile"),
        ("a1 4161 00", "map key not in profile"),
        ("a1 f5 00", "map key not in profile"),
        ("a1 f6 00", "map key not in profile"),
        ("a1 8100 00", "map key not in profile"),
        ("a1 a0 00", "map key not in profile"),
        # too deep
        ("81" * 17 + "00", "nesting deeper than 16"),
        ("a100" * 16 + "a0", "nesting deeper than 16"),
        ("81" * 1000 + "00", "nesting deeper than 16"),
        # ints out of range
        ("3b8000000000000000", "integer out of range"),
        ("3bffffffffffffffff", "integer out of range"),
    ],
)
def test_rejects(hexdata: str, message: str) -> None:
    data = bytes.fromhex(hexdata)
    with pytest.raises(CanonicalError, match=message):
        decode(data)


def test_cbor2_alone_is_lenient() -> None:
    """The reasons decode() is strict: plain cbor2.loads accepts all of these."""
    for hexdata in ("0000", "a201010102", "1801", "9f01ff", "a202010101"):
        cbor2.loads(bytes.fromhex(hexdata))


def test_deep_map_nesting() -> None:
    v: Any = 0
    for _ in range(MAX_DEPTH):
        v = {0: v}
    assert decode(encode(v)) == v
    with pytest.raises(CanonicalError, match="nesting deeper than 16"):
        encode({0: v})
    with pytest.raises(CanonicalError, match="nesting deeper than 16"):
        encode([v])


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (1.0, "float not allowed"),
        ([0.5], "float not allowed"),
        (float("nan"), "float not allowed"),
        ((1, 2), "type tuple not allowed"),
        (bytearray(b"x"), "type bytearray not allowed"),
        ({1, 2}, "type set not allowed"),
        (cbor2.CBORTag(42, 1), "tag not allowed"),
        (cbor2.undefined, "undefined not allowed"),
        (cbor2.CBORSimpleValue(16), "simple value not allowed"),
        (2**64, "integer out of range"),
        (-(2**63) - 1, "integer out of range"),
        ("e\u0301", "not NFC text"),
        (["\u212b"], "not NFC text"),
        ({"e\u0301": 1}, "not NFC text"),
        ("\ud800", "invalid UTF-8"),
        ({24: 0}, "map key not in profile"),
        ({-25: 0}, "map key not in profile"),
        ({"a" * 24: 0}, "map key not in profile"),
        ({"é" * 12: 0}, "map key not in profile"),  # 12 chars, 24 bytes
        ({True: 0}, "map key not in profile"),
        ({b"k": 0}, "map key not in profile"),
        ({None: 0}, "map key not in profile"),
        ({(1,): 0}, "map key not in profile"),
    ],
)
def test_encode_rejects(value: Any, message: str) -> None:
    with pytest.raises(CanonicalError, match=message):
        encode(value)


def test_encode_does_not_normalise() -> None:
    nfd = unicodedata.normalize("NFD", "é")
    with pytest.raises(CanonicalError, match="not NFC"):
        encode(nfd)
    assert encode(unicodedata.normalize("NFC", nfd)) == bytes.fromhex("62c3a9")


def test_encode_sorts_any_insertion_order() -> None:
    assert encode({"b": 0, 3: 0, "a": 0, -1: 0, "aa": 0}) == encode(
        {-1: 0, "aa": 0, 3: 0, "b": 0, "a": 0}
    )
    assert encode({"b": 0, 3: 0, "a": 0, -1: 0, "aa": 0}) == bytes.fromhex(
        "a5 0300 2000 616100 616200 62616100"
    )


def test_error_is_value_error() -> None:
    assert issubclass(CanonicalError, ValueError)
    with pytest.raises(ValueError):
        decode(b"\xf9\x00\x00")


def test_diagnose_none_for_valid() -> None:
    assert cbor._diagnose(encode({1: [b"x", "y", None, True, -5]})) is None


# --- the length check that replaced re-encoding (decode) -------------------------------------

# Tags cbor2 decodes itself (dates, bignums, fractions, shared values, string references,
# sets, IP addresses, self-describe ...) and some it does not know.
CBOR2_TAGS = (0, 1, 2, 3, 4, 5, 25, 28, 29, 30, 35, 36, 37, 52, 54, 100, 256, 258, 260, 261)
CBOR2_TAGS += (262, 263, 270, 1004, 55799, 42, 18, 24, 2**32)


@pytest.mark.parametrize("tag", CBOR2_TAGS)
def test_every_tag_is_refused_as_cbor2_meets_it(tag: int) -> None:
    """decode() compares sizes, not bytes: sound only if no tag is ever decoded (a shared
    value or a string reference stands for bytes the input does not hold). cbor2 must ask the
    profile's `semantic_decoders` for every tag, its own included."""
    data = cbor2.dumps(cbor2.CBORTag(tag, b""))
    with pytest.raises(cbor2.CBORDecodeError):
        cbor2.loads(data, semantic_decoders=cbor._NO_TAGS)
    with pytest.raises(CanonicalError, match="tag not allowed"):
        decode(data)


@pytest.mark.parametrize(
    ("hexdata", "message"),
    [
        # [b"abcdefg", b"abcdefg"] through a shared value (tags 28, 29) and padded heads: the
        # 17 bytes of its deterministic encoding, so a size check alone would take it.
        ("9802 d81c 5807 61626364656667 d81d 1800", "non-shortest"),
        # The same through a string reference (tags 256, 25).
        ("d90100 9802 5807 61626364656667 d819 00", "tag not allowed"),
        # Shorter than its value's encoding: a shared value repeated.
        ("82 d81c 47 61626364656667 d81d 00", "tag not allowed"),
        # A duplicate key whose pair cbor2 would fold into one (the size would differ too).
        ("a2 0100 0100", "duplicate or unsorted map key"),
        # Two-byte simple values for true and null: one byte longer than their encoding.
        ("f814", "simple value not allowed"),
        ("f816", "simple value not allowed"),
        # Non-shortest heads inside a map and a list, one byte each, the rest canonical.
        ("a1 01 1b0000000000000001", "non-shortest"),
        ("82 40 5800", "non-shortest"),
        ("a1 6161 7800", "non-shortest"),
    ],
)
def test_refusals_of_the_size_check(hexdata: str, message: str) -> None:
    with pytest.raises(CanonicalError, match=message):
        decode(bytes.fromhex(hexdata))


@given(values)
@settings(max_examples=400)
def test_the_size_is_the_encodings(v: Any) -> None:
    assert cbor._check(v, 0, False) == len(encode(v))


def _reencoded(data: bytes) -> bool:
    """The verdict of the decoder before (loads, type check, re-encode, compare bytes)."""
    try:
        obj = cbor2.loads(
            data, max_depth=MAX_DEPTH, allow_indefinite=False, allow_duplicate_keys=False
        )
        cbor._check(obj, 0, True)
        return bool(cbor2.dumps(obj) == data)
    except Exception:
        return False


@given(values, st.integers(min_value=0), st.integers(min_value=0, max_value=255))
@settings(max_examples=600)
def test_same_verdicts_as_re_encoding(v: Any, pos: int, byte: int) -> None:
    data = bytearray(encode(v))
    data[pos % len(data)] = byte
    try:
        decode(bytes(data))
        accepted = True
    except CanonicalError:
        accepted = False
    assert accepted == _reencoded(bytes(data))


@given(st.binary(max_size=64))
@settings(max_examples=1000)
def test_same_verdicts_as_re_encoding_on_any_bytes(data: bytes) -> None:
    try:
        decode(data)
        accepted = True
    except CanonicalError:
        accepted = False
    assert accepted == _reencoded(data)
