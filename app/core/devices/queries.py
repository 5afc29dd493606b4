"""What the Devices screen reads about the boards of the network."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.devices import devices
from app.core.node.node import Node


def boards(node: Node) -> list[dict[str, Any]]:
    """Every registered board with its newest report, our pending transactions included (a
    board registered a second ago shows before the next seal)."""
    with node.overlay():
        return devices.latest(node.store)


@dataclass(frozen=True)
class Laptop:
    """One laptop of this commune: the first (its node) or a further one."""

    id: bytes
    name: str
    first: bool  # the commune's node: its feed is the commune's
    this: bool  # the laptop this profile is
    head: int  # the last block of its feed held here; -1: none yet
    retired: bool
    last_seq: int | None  # retired: the last block of its feed that stands


def laptops(node: Node) -> list[Laptop]:
    """The commune's laptops, the first one first, with those retired (docs/ledger.md)."""
    commune = node.commune
    heads = node.heads()
    name = node.store.value("SELECT name FROM actors WHERE id = ?", (commune,))
    out = [
        Laptop(
            commune,
            str(name or ""),
            True,
            node.feed == commune,
            heads.get(commune, -1),
            False,
            None,
        )
    ]
    for laptop, label, last_seq, retired in node.store.all(
        "SELECT id, name, last_seq, retired_seq FROM laptops WHERE commune = ? ORDER BY rowid",
        (commune,),
    ):
        laptop = bytes(laptop)
        out.append(
            Laptop(
                laptop,
                str(label),
                False,
                node.feed == laptop,
                heads.get(laptop, -1),
                retired is not None,
                None if last_seq is None else int(last_seq),
            )
        )
    return out
