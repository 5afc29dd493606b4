"""Beacons: a commune's signed word of what it holds (the head of every feed) and when.

The stick carries the newest beacon of every commune it has heard of, so knowledge of who is
behind travels as far as the blocks do. A beacon is believed only when signed by a node key the
ledger knows; the newest (highest beacon seq) of each commune wins.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from app.core import transport
from app.core.node import Node
from app.sync.keys import epoch_key
from app.sync.signed import Forged, open_signed, sign


@dataclass(frozen=True)
class Beacon:
    commune: bytes
    bseq: int
    time: int
    heads: dict[bytes, int]
    chunks: int
    seen: frozenset[str]  # stick segments this commune has taken in whole
    keys: int  # the newest transport key epoch it holds
    data: bytes


def make(node: Node, seen: list[str]) -> bytes:
    with node.store.transaction():
        node.store.bump("beacon_seq")
        bseq = node.store.counter("beacon_seq")
    heads = sorted(node.heads().items())
    chunks = int(node.store.value("SELECT count(*) FROM chunks"))
    payload = {
        "v": 1,
        "bseq": bseq,
        "time": int(time.time()),
        "heads": [[author, seq] for author, seq in heads],
        "chunks": chunks,
        "seen": sorted(seen),
        "keys": transport.newest(node.store, node.keyring, node.commune)[0],
    }
    data = sign(node, payload)
    remember(node, parse(node, data))
    return data


def parse(node: Node, data: bytes) -> Beacon:
    commune, body = open_signed(node, data)
    try:
        heads = {bytes(a): int(s) for a, s in body["heads"]}
        return Beacon(
            commune,
            int(body["bseq"]),
            int(body["time"]),
            heads,
            int(body["chunks"]),
            frozenset(str(n) for n in body["seen"]),
            int(body["keys"]),
            data,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise Forged("not a beacon") from exc


def remember(node: Node, beacon: Beacon) -> bool:
    """Keeps `beacon` if it is the newest heard from its commune; True when it was."""
    known = node.store.value("SELECT bseq FROM beacons WHERE commune = ?", (beacon.commune,))
    if known is not None and known >= beacon.bseq:
        return False
    with node.store.transaction():
        node.store.run(
            "INSERT OR REPLACE INTO beacons (commune, bseq, time, data) VALUES (?, ?, ?, ?)",
            (beacon.commune, beacon.bseq, beacon.time, beacon.data),
        )
    return True


def known(node: Node) -> list[Beacon]:
    out = []
    for (data,) in node.store.all("SELECT data FROM beacons ORDER BY commune"):
        try:
            out.append(parse(node, bytes(data)))
        except Forged:
            continue  # its key was revoked since: no longer believed
    return out


def writing_key(node: Node) -> tuple[int, bytes]:
    """The transport key to write under: the newest one every current authority is known to
    hold. Right after a rotation, some communes have not adopted the new epoch yet; writing
    under it would lock them out of the very blocks that would bring it to them. So the old
    key stays in use until every authority's beacon reports the new one."""
    held = [
        int(e)
        for (e,) in node.store.all(
            "SELECT epoch FROM transport_keys WHERE commune = ? ORDER BY epoch", (node.commune,)
        )
    ]
    if not held:
        return transport.newest(node.store, node.keyring, node.commune)  # raises the sentence
    heard = {b.commune: b.keys for b in known(node)}
    heard[node.commune] = held[-1]
    authorities = node.ledger.authorities(node.ledger.current_epoch()) | {node.commune}
    common = min(heard.get(commune, held[0]) for commune in authorities)
    epoch = max((e for e in held if e <= common), default=held[0])
    key = epoch_key(node, epoch)
    if key is None:
        return transport.newest(node.store, node.keyring, node.commune)
    return epoch, key


def describe_heads(heads: dict[bytes, int]) -> dict[str, Any]:
    return {author.hex(): seq for author, seq in heads.items()}
