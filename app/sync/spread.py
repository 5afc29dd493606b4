"""How far one of our blocks has spread, as the other communes' beacons tell it: a cancelled
attestation is only cancelled for a verifier once their laptop holds the block saying so."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.node.node import Node
from app.sync import beacon


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
    heard = {b.commune: b for b in beacon.known(node)}
    out = []
    for commune, name in sorted(names.items(), key=lambda item: item[1]):
        if commune == node.commune:
            continue
        last = heard.get(commune)
        has_it = last is not None and last.heads.get(author, -1) >= seq
        out.append(Reached(name, has_it, last.time if last else None))
    return out
