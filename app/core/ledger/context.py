"""What a transaction's rule may use of the ledger: a small protocol, so that the rules of each
domain depend on it and not on the `Ledger` that applies them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from app.core.ledger import vclock
from app.core.ledger.actors import Actor, Actors
from app.core.ledger.fields import Fields
from app.core.ledger.objects import Tx
from app.core.ledger.view import View
from app.core.store.store import Store


class RuleContext(Protocol):
    """The state a rule reads and changes, as of the block being applied."""

    store: Store
    actors: Actors
    network_id: bytes

    def bump(self, name: str, delta: int = 1) -> None:
        """Moves one of the store's counters when the block is kept."""

    def reply(self, thread: bytes, when: int) -> None:
        """Counts a reply in `thread`, when the block is kept."""

    def placed(self, table: str, oid: bytes) -> tuple[bytes, int] | None:
        """(author, seq) of the block that holds row `oid` of `table`."""

    def authorities(self, epoch: int) -> frozenset[bytes]:
        """The communes that are authorities in `epoch`."""

    def certified_epoch(self, clock: vclock.Clock) -> int:
        """The highest epoch certified within `clock`."""

    def signed(self, oid: bytes, public_key: bytes) -> bool:
        """Whether a worker already verified object `oid`'s signature with `public_key`."""


Rule = Callable[[RuleContext, View, Tx, Actor, Fields], None]
