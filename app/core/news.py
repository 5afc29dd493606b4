"""What arrived from other communes since a moment: the news a notification tells the mayor.

A moment is the feeds' heads as they stood then (`mark`); `since` counts, per commune, the
transactions of the blocks that came after it, as the registry classes them for an import's
summary (posts, votes, attestations, documents). Counted in the ledger itself, so a stick, a
session over a cable or a town hall calling on the local network are all told the same way,
whatever screen ran them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from app.core.ledger.txtypes import TxType
from app.core.node.node import Node
from app.core.node.registry import NEWS

Heads = dict[bytes, int]  # feed → the latest block of it held here

KINDS = ("posts", "votes", "attestations", "documents")  # the order they are told in


@dataclass(frozen=True)
class Arrival:
    """What one commune's blocks brought: kind → how many (only kinds with some)."""

    commune: str
    counts: dict[str, int]


@dataclass(frozen=True)
class News:
    arrivals: tuple[Arrival, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.arrivals)

    def total(self, kind: str) -> int:
        return sum(a.counts.get(kind, 0) for a in self.arrivals)

    @property
    def main_kind(self) -> str | None:
        """The kind most of the news is, first of KINDS on a tie: where a click should go."""
        totals = [(self.total(kind), -i, kind) for i, kind in enumerate(KINDS)]
        best = max(totals)
        return best[2] if best[0] else None


def mark(node: Node) -> Heads:
    return node.heads()


def since(node: Node, before: Heads) -> tuple[News, Heads]:
    """The news from other communes in blocks after `before`, and the heads now (the next
    mark). Our own commune's feeds (this laptop and its further laptops) are never news."""
    store = node.store
    now = node.heads()
    ours = {node.commune, node.feed}
    ours |= {
        bytes(i) for (i,) in store.all("SELECT id FROM laptops WHERE commune = ?", (node.commune,))
    }
    commune_of = {bytes(i): bytes(c) for i, c in store.all("SELECT id, commune FROM laptops")}
    names = {
        bytes(i): str(n) for i, n in store.all("SELECT id, name FROM actors WHERE id = commune")
    }
    counted: dict[bytes, Counter[str]] = {}
    for author, head in sorted(now.items()):
        start = before.get(author, -1)
        if author in ours or head <= start:
            continue
        commune = commune_of.get(author, author)
        for (kind,) in store.all(
            "SELECT type FROM txs WHERE author = ? AND seq > ? AND seq <= ?", (author, start, head)
        ):
            try:
                news = NEWS.get(TxType(kind))
            except ValueError:
                continue
            if news:
                counted.setdefault(commune, Counter())[news] += 1
    arrivals = tuple(
        Arrival(names.get(commune, "?"), {k: counts[k] for k in KINDS if counts[k]})
        for commune, counts in sorted(counted.items(), key=lambda c: names.get(c[0], "?"))
        if counts
    )
    return News(arrivals), now
