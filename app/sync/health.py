"""The network's health as beacons tell it: each commune's last word, and how far behind it is."""

from __future__ import annotations

from typing import Any

from app.core.node.node import Node
from app.sync import beacon
from app.sync.signed import feed_name


def report(node: Node) -> list[dict[str, Any]]:
    """One row per other laptop heard from: its name, when, and blocks it lacks that we hold."""
    ours = node.heads()
    rows = []
    for heard in beacon.known(node):
        if heard.feed == node.feed:
            continue  # our own old beacon would show us behind ourselves
        behind = sum(max(0, seq - heard.heads.get(author, -1)) for author, seq in ours.items())
        rows.append(
            {
                # A further laptop of a commune is named after it: "Ambam (Secrétariat)".
                "commune": feed_name(node, heard.feed),
                "commune_id": heard.feed.hex(),
                "time": heard.time,
                "beacon": heard.bseq,
                "behind": behind,
                "heads": beacon.describe_heads(heard.heads),
            }
        )
    return sorted(rows, key=lambda r: (-int(r["behind"]), str(r["commune"])))
