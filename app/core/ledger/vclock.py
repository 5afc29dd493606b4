"""Vector clocks of blocks: for each feed, the highest seq in a block's causal past.

Each feed is a hash chain, so a block's causal past is exactly "every block of feed a up to
seq vc[a]". That turns "is X in the causal past of B" into one dictionary lookup, which the
vote close, the epoch rules and the confirmation count all need.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Mapping

Clock = dict[bytes, int]
_ENTRY = struct.Struct(">8sQ")


def pack(clock: Mapping[bytes, int]) -> bytes:
    return b"".join(_ENTRY.pack(author, clock[author]) for author in sorted(clock))


def unpack(data: bytes) -> Clock:
    return {author: seq for author, seq in _ENTRY.iter_unpack(data)}


def merge(clocks: Iterable[Mapping[bytes, int]]) -> Clock:
    out: Clock = {}
    for clock in clocks:
        for author, seq in clock.items():
            if seq > out.get(author, -1):
                out[author] = seq
    return out


def contains(clock: Mapping[bytes, int], author: bytes, seq: int) -> bool:
    return clock.get(author, -1) >= seq
