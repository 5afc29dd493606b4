"""How far one of our blocks has spread, as the other communes' acks and beacons tell it: a
cancelled attestation is only cancelled for a verifier once their laptop holds the block saying
so."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.node.node import Node
from app.sync import beacon, words
from app.sync.signed import commune_of


@dataclass(frozen=True)
class Reached:
    commune: str
    has_it: bool
    heard: int | None  # when its last beacon was written; None: never heard of


def spread(node: Node, author: bytes, seq: int) -> list[Reached]:
    """Every other commune, and whether its last beacon shows block `seq` of `author`."""
    names = {
        bytes(i): str(n)
        for i, n in node.store.all("SELECT id, name FROM actors WHERE id = commune")
    }
    # A commune has it when the beacon of any of its laptops shows it (docs/ledger.md).
    heard: dict[bytes, list[beacon.Beacon]] = {}
    for known in words.as_beacons(node):  # its ack, or its beacon until one is heard
        heard.setdefault(commune_of(node, known.feed), []).append(known)
    out = []
    for commune, name in sorted(names.items(), key=lambda item: item[1]):
        if commune == node.commune:
            continue
        beacons = heard.get(commune, [])
        has_it = any(b.heads.get(author, -1) >= seq for b in beacons)
        last = max((b.time for b in beacons), default=None)
        out.append(Reached(name, has_it, last))
    return out
