"""Identities known to the ledger: communes' nodes and their members, with their current key."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.ledger.txtypes import Role
from app.core.store.store import Store


@dataclass(slots=True)
class Actor:
    id: bytes
    commune: bytes
    role: str
    name: str
    kid: bytes
    next_digest: bytes
    aseq: int
    active: bool
    suspended: bool = False  # by its commune (MEMBER_SUSPEND): nothing it signs is accepted
    delegations: tuple[str, ...] = ()  # what the mayor delegated to a deputy (MEMBER_ROLE)
    home: bytes | None = None  # the feed that registered it: a member signs in that one only

    @property
    def is_node(self) -> bool:
        return self.id == self.commune

    @property
    def speaks_for_commune(self) -> bool:
        """The commune's node or one of its further laptops: a ballot in the commune's name."""
        return self.is_node or self.role == Role.LAPTOP


class Actors:
    """Reads and writes actor rows, with a per-block cache (cleared whenever a block ends)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._cache: dict[bytes, Actor | None] = {}
        self._keys: dict[bytes, tuple[Any, ...] | None] = {}
        self._dirty: set[bytes] = set()

    def key(self, kid: bytes) -> tuple[Any, ...] | None:
        """(actor, public key, revoked, retired seq) of a key, cached for the block."""
        # The cache is read under the store's lock like the rows it copies: a job must not see
        # what another thread's operation holds there for a moment (a preview of pending work).
        with self.store.lock:
            if kid not in self._keys:
                self._keys[kid] = self.store.one(
                    "SELECT actor, pk, revoked, retired_seq FROM keys WHERE kid = ?", (kid,)
                )
            return self._keys[kid]

    def get(self, actor_id: bytes) -> Actor | None:
        with self.store.lock:  # as in key()
            if actor_id not in self._cache:
                row = self.store.one(
                    "SELECT id, commune, role, name, kid, next_digest, aseq, active, "
                    "suspended, delegations, author FROM actors WHERE id = ?",
                    (actor_id,),
                )
                self._cache[actor_id] = None if row is None else _actor(row)
            return self._cache[actor_id]

    def add(self, actor: Actor, public_key: bytes, author: bytes | None, seq: int | None) -> None:
        self.store.run(
            "INSERT INTO actors (id, commune, role, name, kid, next_digest, aseq, active, "
            "author, seq, delegations) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                actor.id,
                actor.commune,
                actor.role,
                actor.name,
                actor.kid,
                actor.next_digest,
                actor.aseq,
                int(actor.active),
                author,
                seq,
                ",".join(actor.delegations),
            ),
        )
        self.store.run(
            "INSERT INTO keys (kid, actor, pk, since_author, since_seq) VALUES (?, ?, ?, ?, ?)",
            (actor.kid, actor.id, public_key, author, seq),
        )
        actor.home = author
        self._cache[actor.id] = actor
        self._keys.pop(actor.kid, None)

    def forget_key(self, kid: bytes) -> None:
        self._keys.pop(kid, None)

    def touch(self, actor: Actor) -> None:
        """Marks an actor changed; written back by flush() at the end of the block."""
        self._dirty.add(actor.id)

    def flush(self) -> None:
        for actor_id in self._dirty:
            actor = self._cache[actor_id]
            assert actor is not None
            self.store.run(
                "UPDATE actors SET kid = ?, next_digest = ?, aseq = ?, active = ?, role = ?, "
                "suspended = ?, delegations = ? WHERE id = ?",
                (
                    actor.kid,
                    actor.next_digest,
                    actor.aseq,
                    int(actor.active),
                    actor.role,
                    int(actor.suspended),
                    ",".join(actor.delegations),
                    actor.id,
                ),
            )
        self._dirty.clear()

    def forget(self) -> None:
        self._cache.clear()
        self._keys.clear()
        self._dirty.clear()

    def public_key(self, kid: bytes) -> bytes | None:
        value: bytes | None = self.store.value("SELECT pk FROM keys WHERE kid = ?", (kid,))
        return value


def _actor(row: tuple[Any, ...]) -> Actor:
    return Actor(
        bytes(row[0]),
        bytes(row[1]),
        str(row[2]),
        str(row[3]),
        bytes(row[4]),
        bytes(row[5]),
        int(row[6]),
        bool(row[7]),
        bool(row[8]),
        tuple(d for d in str(row[9]).split(",") if d),
        None if row[10] is None else bytes(row[10]),
    )
