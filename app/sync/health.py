"""The network's health as beacons tell it: each commune's last word, and how far behind it is."""

from __future__ import annotations

from typing import Any

from app.core.node.node import Node
from app.sync import beacon


def report(node: Node) -> list[dict[str, Any]]:
    """One row per other commune heard from: its name, when, and blocks it lacks that we hold."""
    ours = node.heads()
    names: dict[bytes, str] = {
        bytes(i): str(n)
        for i, n in node.store.all("SELECT id, name FROM actors WHERE id = commune")
    }
    rows = []
    for heard in beacon.known(node):
        if heard.commune == node.commune:
            continue  # our own old beacon would show us behind ourselves
        behind = sum(max(0, seq - heard.heads.get(author, -1)) for author, seq in ours.items())
        rows.append(
            {
                "commune": names.get(heard.commune, heard.commune.hex()),
                "commune_id": heard.commune.hex(),
                "time": heard.time,
                "beacon": heard.bseq,
                "behind": behind,
                "heads": beacon.describe_heads(heard.heads),
            }
        )
    return sorted(rows, key=lambda r: (-int(r["behind"]), str(r["commune"])))
