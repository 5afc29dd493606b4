"""This laptop's private keys, kept only inside the encrypted store."""

from __future__ import annotations

import time

from app.core.crypto.keys import Identity, KeyPair
from app.core.errors import NotFound
from app.core.store.store import Store


class Keyring:
    def __init__(self, store: Store) -> None:
        self.store = store

    def add(self, identity: Identity) -> None:
        self.store.run(
            "INSERT INTO keyring (kid, actor, seed, next_seed, created) VALUES (?, ?, ?, ?, ?)",
            (
                identity.current.kid,
                identity.actor,
                identity.current.seed,
                identity.following.seed,
                time.time_ns(),
            ),
        )

    def identity(self, actor: bytes) -> Identity:
        """The newest key of `actor` held here, with its committed successor."""
        row = self.store.one(
            "SELECT seed, next_seed FROM keyring WHERE actor = ? ORDER BY created DESC LIMIT 1",
            (actor,),
        )
        if row is None:
            raise NotFound("This laptop holds no key for that member. Use the member's own laptop.")
        return Identity(actor, KeyPair(row[0]), KeyPair(row[1]))

    def by_kid(self, kid: bytes) -> KeyPair:
        row = self.store.one("SELECT seed FROM keyring WHERE kid = ?", (kid,))
        if row is None:
            raise NotFound("This laptop does not hold that key.")
        return KeyPair(row[0])

    def export(self) -> list[tuple[bytes, bytes, bytes]]:
        """(actor, seed, next seed) of every key, oldest first: what a backup must hold."""
        rows = self.store.all("SELECT actor, seed, next_seed FROM keyring ORDER BY created")
        return [(bytes(a), bytes(s), bytes(n)) for a, s, n in rows]
