"""The network's health as beacons tell it: each commune's last word, and how far behind it is."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class News:
    """What one other laptop of the network is known to hold of ours, as its beacon says: the
    Network screen's "who has received our news, and when" (docs/glossaire.md)."""

    commune: str  # "Bipindi", or a further laptop's "Ambam (Secrétariat)"
    heard: int  # when its latest beacon was written (seconds since the epoch)
    ours_until: int | None  # the time of our latest block it holds; None: none of ours yet
    all_ours: bool  # it holds every block we have written
    behind: int  # blocks of any commune it lacks that we hold (the technicians' figure)
    heads: str  # what it holds, feed by feed (the technicians' Détails)


def news(node: Node) -> tuple[News, ...]:
    """Each other laptop heard from, with how far it holds this laptop's own feed: the laptops
    that lack most of it first."""
    ours = node.heads()
    mine = ours.get(node.feed)
    found = []
    for heard in beacon.known(node):
        if heard.feed == node.feed:
            continue
        held = heard.heads.get(node.feed)
        until = None
        if held is not None:
            until = node.store.value(
                "SELECT claimed_time FROM blocks WHERE author = ? AND seq = ?", (node.feed, held)
            )
        behind = sum(max(0, seq - heard.heads.get(author, -1)) for author, seq in ours.items())
        found.append(
            News(
                commune=feed_name(node, heard.feed),
                heard=heard.time,
                ours_until=None if until is None else int(until),
                all_ours=mine is None or (held is not None and held >= mine),
                behind=behind,
                heads=", ".join(f"{a.hex()[:12]} n° {s}" for a, s in sorted(heard.heads.items())),
            )
        )
    return tuple(sorted(found, key=lambda n: (n.all_ours, n.ours_until or 0, n.commune)))


def unsent(node: Node) -> int:
    """How many of this laptop's own items no other laptop is known to hold yet: those still
    waiting to be sealed, and those in blocks after the furthest any beacon reports. They
    leave with the next stick (or session)."""
    held = [
        seq
        for heard in beacon.known(node)
        if heard.feed != node.feed and (seq := heard.heads.get(node.feed)) is not None
    ]
    furthest = max(held, default=-1)
    sealed = node.store.value(
        "SELECT count(*) FROM txs WHERE author = ? AND seq > ?", (node.feed, furthest)
    )
    return node.pending_count() + int(sealed)
