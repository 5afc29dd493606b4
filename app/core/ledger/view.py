"""What a transaction is judged against: the causal past of the block that carries it.

Rules never look at "everything this laptop has", only at what the block's author had seen,
so every node reaches the same verdict whatever order blocks arrived in.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.ledger.vclock import Clock


@dataclass(frozen=True, slots=True)
class View:
    author: bytes  # the feed whose block carries the transaction: a commune or one of its laptops
    seq: int
    time: int
    clock: Clock  # includes the block itself: earlier transactions of the block are "past"
    feed_commune: bytes = b""  # the commune of a laptop's feed; empty for a commune's own feed

    @property
    def commune(self) -> bytes:
        """The commune whose feed (its own or one of its laptops') carries the transaction."""
        return self.feed_commune or self.author

    def has(self, author: bytes, seq: int) -> bool:
        return self.clock.get(author, -1) >= seq
