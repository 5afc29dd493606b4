"""The network's health as beacons and acks tell it: each commune's last word, and how far
behind it is (a feed's word: its ack, or its beacon until one is heard; words.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.node import registry
from app.core.node.node import Node
from app.sync import beacon, words
from app.sync.signed import feed_name


def report(node: Node) -> list[dict[str, Any]]:
    """One row per other laptop heard from: its name, when, and blocks it lacks that we hold."""
    ours = node.heads()
    rows = []
    for heard in words.as_beacons(node):  # a feed's own head raised by the trailers it signed
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
    """One other laptop of the network as its latest beacon describes it: the technicians'
    Détails of the Network screen. What each commune holds of ours, in the mayor's words, is
    `reach` (home and the Network screen count it once, from block clocks and beacons)."""

    commune: str  # "Bipindi", or a further laptop's "Ambam (Secrétariat)"
    heard: int  # when its latest beacon was written (seconds since the epoch)
    behind: int  # blocks of any commune it lacks that we hold (the technicians' figure)
    heads: str  # what it holds, feed by feed (the technicians' Détails)


def news(node: Node) -> tuple[News, ...]:
    """Each other laptop heard from: the laptops that lack most first."""
    ours = node.heads()
    found = []
    for heard in words.as_beacons(node):
        if heard.feed == node.feed:
            continue
        behind = sum(max(0, seq - heard.heads.get(author, -1)) for author, seq in ours.items())
        found.append(
            News(
                commune=feed_name(node, heard.feed),
                heard=heard.time,
                behind=behind,
                heads=", ".join(f"{a.hex()[:12]} n° {s}" for a, s in sorted(heard.heads.items())),
            )
        )
    return tuple(sorted(found, key=lambda n: (-n.behind, n.commune)))


@dataclass(frozen=True)
class Received:
    """How far one other commune has our news: the time of the latest of our blocks it holds
    (None: nothing yet), and whether that is all we wrote."""

    commune: str
    upto: int | None
    everything: bool


@dataclass(frozen=True)
class Reach:
    communes: tuple[Received, ...]
    # Our transactions no other commune is known to hold yet: those not sealed, and those of
    # our blocks after the furthest any commune holds. They go with the next stick or link.
    not_out: int


def reach(node: Node) -> Reach:
    """What the other communes have received from us, as far as this laptop knows: from the
    clocks of their blocks we hold (what they held when they wrote), and from their beacons
    (what they held when they last said)."""
    me = node.feed
    store = node.store
    ours = node.heads().get(me, -1)
    holds: dict[bytes, int] = {}  # commune → the latest of our blocks it holds
    commune_of = {bytes(i): bytes(c) for i, c in store.all("SELECT id, commune FROM laptops")}
    for author, head_id in store.all("SELECT author, head_id FROM feeds"):
        commune = commune_of.get(bytes(author), bytes(author))
        seq = node.ledger.clock(bytes(head_id)).get(me, -1)
        holds[commune] = max(holds.get(commune, -1), seq)
    # Words (acks and beacons): a trailer raises only its signer's own feed, never ours.
    for heard in words.as_beacons(node):
        commune = commune_of.get(heard.feed, heard.feed)
        holds[commune] = max(holds.get(commune, -1), heard.heads.get(me, -1))
    names = dict(
        (bytes(i), str(n)) for i, n in store.all("SELECT id, name FROM actors WHERE id = commune")
    )
    rows = []
    for commune, name in sorted(names.items(), key=lambda c: c[1]):
        if commune == node.commune:
            continue
        seq = holds.get(commune, -1)
        when = store.value(
            "SELECT claimed_time FROM blocks WHERE author = ? AND seq = ?", (me, seq)
        )
        rows.append(Received(name, None if when is None else int(when), seq >= ours >= 0))
    furthest = max((holds.get(c, -1) for c in names if c != node.commune), default=-1)
    # The lists the laptop signs by itself (a commune's status list) are not "your messages".
    automatic = [int(p.type) for p in registry.PUBLISHED]
    unsent = store.value(
        f"SELECT count(*) FROM txs WHERE author = ? AND seq > ? "
        f"AND type NOT IN ({', '.join('?' * len(automatic))})",
        (me, furthest, *automatic),
    )
    return Reach(tuple(rows), node.pending_count() + int(unsent))
