"""Unsigned LEB128 varints: 7 bits a byte, low bits first, the top bit set on every byte but the
last. A beacon's head vector is a run of them (docs/spec/stick.md, "Beacons").

A dozen lines rather than a library: what the PyPI packages decode is unbounded (a run of
0x80 bytes from a hostile stick would be read to its end into one huge integer), while this one
refuses before it reads a tenth byte, refuses a value over the caller's bound and a padded
(non-minimal) encoding, so that one list of numbers has exactly one encoding.
"""

from __future__ import annotations

from collections.abc import Iterable

LONGEST = 9  # bytes: 63 bits, enough for every number below 2^62 a signed statement may hold


def encode(n: int) -> bytes:
    if n < 0:
        raise ValueError("a varint is unsigned")
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        if not n:
            out.append(byte)
            return bytes(out)
        out.append(byte | 0x80)


def encode_all(values: Iterable[int]) -> bytes:
    return b"".join(encode(n) for n in values)


def decode_all(data: bytes, *, count: int, largest: int) -> list[int]:
    """The varints of `data`, every byte used: at most `count` of them, each at most `largest`,
    each at most LONGEST bytes and minimal. Raises ValueError otherwise."""
    values: list[int] = []
    value = shift = length = 0
    for byte in data:
        length += 1
        if length > LONGEST:
            raise ValueError("a varint longer than 9 bytes")
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte & 0x80:
            continue
        if byte == 0 and length > 1:
            raise ValueError("a padded varint")
        if value > largest:
            raise ValueError("a varint out of range")
        if len(values) == count:
            raise ValueError("more varints than expected")
        values.append(value)
        value = shift = length = 0
    if length:
        raise ValueError("a varint cut short")
    return values
