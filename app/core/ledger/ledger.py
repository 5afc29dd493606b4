"""Applying blocks: one feed per commune, merged as a DAG.

A block is applied only when its parents (`prev` and every `ref`) are applied, inside one
store transaction, after every transaction in it passed the rules against the block's causal
past. Otherwise it waits (parents missing), is quarantined with a reason (rules broken), or
becomes evidence (two blocks for one author and seq).
"""

from __future__ import annotations

import math
import time as clock_time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from app.core.encoding import cbor
from app.core.encoding.cose import CoseError, kid_of, verify_sign1
from app.core.errors import Deferred, Rejected
from app.core.ledger import transport, vclock
from app.core.ledger.actors import Actor, Actors
from app.core.ledger.context import Rule
from app.core.ledger.objects import Authority, Block, Genesis, object_id, parse_block, parse_tx
from app.core.ledger.rules import apply_tx
from app.core.ledger.txtypes import Role, TxType
from app.core.ledger.view import View
from app.core.store.store import Store

_HAVE_BLOCK = "SELECT 1 FROM blocks WHERE id = ?"
_KNOWN_RETRIED = (
    "SELECT 1 FROM blocks WHERE id = ?1 UNION ALL SELECT 1 FROM quarantine WHERE id = ?1 "
    "UNION ALL SELECT 1 FROM evidence WHERE second = ?2 LIMIT 1"
)
_KNOWN = (
    "SELECT 1 FROM blocks WHERE id = ?1 UNION ALL SELECT 1 FROM quarantine WHERE id = ?1 "
    "UNION ALL SELECT 1 FROM waiting WHERE id = ?1 "
    "UNION ALL SELECT 1 FROM evidence WHERE second = ?2 LIMIT 1"
)
MAX_WAITING = 20_000  # foreign blocks kept while their parents travel; beyond, refuse more


def threshold(n: int) -> int:
    """The two-thirds rule: how many of n authorities make a decision or a block final."""
    return math.ceil(2 * n / 3)


@dataclass(frozen=True)
class Outcome:
    status: str  # applied | known | waiting | rejected | evidence
    id: bytes
    code: str = ""
    detail: str = ""


class Ledger:
    def __init__(self, store: Store, network_id: bytes, rules: Mapping[TxType, Rule]) -> None:
        self.store = store
        # The node passes its registry's rules in: the ledger applies them without knowing
        # the domains that define them (app/core/node/registry.py).
        self.rules = rules
        self.network_id = network_id
        self.actors = Actors(store)
        self._clocks: dict[bytes, vclock.Clock] = {}
        self._authorities: dict[int, frozenset[bytes]] = {}
        self._proof = False  # set once a block's signature checked out: its faults are proof
        # Per-block buffers: written once when the block ends, dropped if it is refused.
        self._counts: dict[str, int] = {}
        self._replies: dict[bytes, tuple[int, int]] = {}
        self._placed: dict[tuple[str, bytes], tuple[bytes, int]] = {}
        # Signatures a worker process already checked (app/core/ledger/preverify.py): object
        # id + public key, 64 bytes each. Facts about bytes, not about the store: a rollback
        # leaves them true. Whoever fills them (the import) empties them.
        self.presigned: set[bytes] = set()

    # --- genesis ----------------------------------------------------------------------------

    def apply_genesis(self, genesis: Genesis) -> None:
        founder = genesis.envelope.kid
        keys = {a.public_key for a in genesis.authorities}
        signer = next((pk for pk in keys if kid_of(pk) == founder), None)
        if signer is None:
            raise Rejected("not_authority", "The genesis is not signed by one of its authorities.")
        _verify(genesis.envelope, signer, b"")
        for authority in genesis.authorities:
            if kid_of(authority.public_key) != authority.commune:
                raise Rejected("malformed", "A commune id must be the kid of its first node key.")
            self._admit(authority)
            self.store.run(
                "INSERT INTO authorities (epoch, commune) VALUES (0, ?)", (authority.commune,)
            )
        self.store.run("INSERT INTO epochs (epoch, proposal) VALUES (0, NULL)")
        transport.record(self.store, 0, genesis.authorities, genesis.transport)
        self.store.set_meta("genesis", genesis.data)
        self.store.set_meta("network_id", genesis.id)

    # --- receiving --------------------------------------------------------------------------

    def receive(self, data: bytes) -> Outcome:
        """Takes a foreign block: applies it and whatever was waiting for it. Never raises."""
        outcome = self._receive_one(data)
        if outcome.status == "applied":
            self.retry_waiting()
        return outcome

    @contextmanager
    def group(self) -> Iterator[None]:
        """Receives several foreign blocks in one store commit (`Store.grouped`): each block
        is still its own unit (a refused one rolls back to its savepoint only), but the disk
        is written once for the group, not once per block. The caller reports a block applied
        only after the group ends normally; if it raises, nothing of it was kept, and neither
        are the caches of what was undone."""
        try:
            with self.store.grouped():
                yield
        except BaseException:
            self.forget()
            raise

    def _receive_one(self, data: bytes, *, from_waiting: bool = False) -> Outcome:
        try:
            block = parse_block(data)
        except Rejected as exc:
            return self._quarantine(data, exc)
        if self._known(block.id, data, from_waiting):
            return Outcome("known", block.id)
        self._proof = False
        try:
            with self.store.transaction():
                self.apply_block(block)
                if from_waiting:
                    self.store.run("DELETE FROM waiting WHERE id = ?", (block.id,))
        except Deferred as exc:
            self.forget()
            if not from_waiting:
                self._wait(block, exc)
            return Outcome("waiting", block.id, exc.code, exc.message)
        except Equivocation as exc:
            self.forget()
            self._record_equivocation(block, exc.first)
            return Outcome("evidence", block.id, "equivocation", exc.message)
        except Rejected as exc:
            self.forget()
            if from_waiting:
                with self.store.transaction():
                    self.store.run("DELETE FROM waiting WHERE id = ?", (block.id,))
            return self._quarantine(data, exc, block=block if self._proof else None)
        return Outcome("applied", block.id)

    def _known(self, block_id: bytes, data: bytes, from_waiting: bool) -> bool:
        """Whether the block is applied, refused, waiting (unless it is being retried from
        there) or kept as the second of two signed for one place: one question for all."""
        return (
            self.store.one(_KNOWN_RETRIED if from_waiting else _KNOWN, (block_id, data)) is not None
        )

    def retry_waiting(self) -> None:
        """Applies every waiting block whose parents are all here now, until none is left.

        Readiness is judged from the table alone, so a large backlog costs a scan, not a
        signature check per waiting block.
        """
        progress = True
        while progress:
            progress = False
            for data in self._ready_waiting():
                if self._receive_one(data, from_waiting=True).status != "waiting":
                    progress = True

    def _ready_waiting(self) -> list[bytes]:
        # SQLite picks the few blocks that are next in a known feed; only those have their
        # referenced parents looked up.
        ready = []
        for missing, data in self.store.all(
            "SELECT w.missing, w.data FROM waiting w JOIN actors a ON a.id = w.author "
            "LEFT JOIN feeds f ON f.author = w.author "
            "WHERE w.seq <= coalesce(f.head_seq, -1) + 1 ORDER BY w.author, w.seq"
        ):
            parents = [missing[i : i + 32] for i in range(0, len(missing), 32)]
            if all(self.store.one("SELECT 1 FROM blocks WHERE id = ?", (p,)) for p in parents):
                ready.append(bytes(data))
        return ready

    def _wait(self, block: Block, exc: Deferred) -> None:
        if int(self.store.value("SELECT count(*) FROM waiting")) >= MAX_WAITING:
            return  # the sender will offer it again once the store has room
        with self.store.transaction():
            self.store.run(
                "INSERT OR IGNORE INTO waiting (id, author, seq, data, missing, received) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (
                    block.id,
                    block.author,
                    block.seq,
                    block.data,
                    b"".join(exc.missing),
                    clock_time.time(),
                ),
            )

    def _quarantine(self, data: bytes, exc: Rejected, *, block: Block | None = None) -> Outcome:
        oid = object_id(data)
        with self.store.transaction():
            self.store.run(
                "INSERT OR IGNORE INTO quarantine (id, data, reason, detail, received) "
                "VALUES (?, ?, ?, ?, ?)",
                (oid, data, exc.code, exc.message, clock_time.time()),
            )
            if block is not None:
                # Signed by its author and against the rules: that is proof of misbehaviour.
                self.store.run(
                    "INSERT OR IGNORE INTO evidence (kind, author, seq, first, second, detail, "
                    "found) VALUES (?, ?, ?, ?, NULL, ?, ?)",
                    (
                        "invalid_block",
                        block.author,
                        block.seq,
                        data,
                        f"{exc.code}: {exc.message}",
                        clock_time.time(),
                    ),
                )
        return Outcome("rejected", oid, exc.code, exc.message)

    def _record_equivocation(self, block: Block, first: bytes) -> None:
        with self.store.transaction():
            self.store.run(
                "INSERT OR IGNORE INTO evidence (kind, author, seq, first, second, detail, found) "
                "VALUES ('equivocation', ?, ?, ?, ?, ?, ?)",
                (
                    block.author,
                    block.seq,
                    first,
                    block.data,
                    "two different blocks signed for the same place in the feed",
                    clock_time.time(),
                ),
            )
            # The feed stays as it was up to the fork and takes nothing after it.
            self.store.run(
                "UPDATE feeds SET frozen_at = min(coalesce(frozen_at, ?), ?) WHERE author = ?",
                (block.seq, block.seq, block.author),
            )

    def forget(self) -> None:
        """Drops caches after a rollback: they may hold what was undone."""
        self._end_block()
        self.actors.forget()
        self._clocks.clear()
        self._authorities.clear()

    # --- applying ---------------------------------------------------------------------------

    def apply_block(self, block: Block) -> None:
        """Applies one block inside the caller's transaction, or raises and writes nothing."""
        author = self._check_signature(block)
        self._check_stolen(block)
        self._check_retired(block)
        self._check_place(block)
        parents = self._check_parents(block)
        clock = vclock.merge(self.clock(p) for p in parents)
        clock[block.author] = block.seq
        laptop = author.role == Role.LAPTOP
        view = View(block.author, block.seq, block.time, clock, author.commune if laptop else b"")
        if laptop:
            self._check_laptop_added(block, view)
        self._check_epoch(block, view)  # adopts the epochs its past certifies, re-keys included
        self._check_key(block)
        for index, raw in enumerate(block.txs):
            try:
                tx = parse_tx(raw)
                apply_tx(self, view, tx, block.id, index, self.rules)
            except Rejected as exc:
                exc.index = index
                raise
        if block.txs:  # every one applied: counted once (a refusal drops the block's counts)
            self.bump("txs", len(block.txs))
        self.actors.flush()
        self._flush_block()
        self.store.run(
            "INSERT INTO blocks (id, author, seq, epoch, claimed_time, vc, data) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                block.id,
                block.author,
                block.seq,
                block.epoch,
                block.time,
                vclock.pack(clock),
                block.data,
            ),
        )
        self.store.run(
            "INSERT INTO feeds (author, head_seq, head_id) VALUES (?, ?, ?) "
            "ON CONFLICT (author) DO UPDATE SET head_seq = excluded.head_seq, "
            "head_id = excluded.head_id",
            (block.author, block.seq, block.id),
        )
        self._clocks[block.id] = clock
        self.certified_epoch(clock)  # adopts an epoch this block's approvals just certified
        self.store.bump("blocks")
        self.store.bump("objects", 1 + len(block.txs))
        self.actors.forget()

    # --- per-block buffers ------------------------------------------------------------------

    def bump(self, name: str, delta: int = 1) -> None:
        self._counts[name] = self._counts.get(name, 0) + delta

    def reply(self, thread: bytes, when: int) -> None:
        count, last = self._replies.get(thread, (0, 0))
        self._replies[thread] = (count + 1, max(last, when))

    def placed(self, table: str, oid: bytes) -> tuple[bytes, int] | None:
        """(author, seq) of the block that holds row `oid` of `table`; rows never move."""
        key = (table, oid)
        if key not in self._placed:
            row = self.store.one(f"SELECT author, seq FROM {table} WHERE id = ?", (oid,))
            if row is None:
                return None
            self._placed[key] = (bytes(row[0]), int(row[1]))
        return self._placed[key]

    def _flush_block(self) -> None:
        for name, delta in self._counts.items():
            self.store.bump(name, delta)
        for thread, (count, last) in self._replies.items():
            self.store.run(
                "UPDATE threads SET posts = posts + ?, last_post = max(last_post, ?) WHERE id = ?",
                (count, last, thread),
            )
        self._end_block()

    def _end_block(self) -> None:
        self._counts.clear()
        self._replies.clear()
        self._placed.clear()

    def _check_signature(self, block: Block) -> Actor:
        """Authenticates the block first: nothing unsigned may become evidence or wait."""
        author = self.actors.get(block.author)
        if author is None or not (author.is_node or author.role == Role.LAPTOP):
            raise Deferred([], "The block's commune is not known yet: waiting for its admission.")
        row = self.store.one("SELECT actor, pk FROM keys WHERE kid = ?", (block.kid,))
        proof = True
        if row is None:
            # A new node key that an epoch proposal names: its block is authenticated by it,
            # and refused later unless its own past certifies that epoch (_check_key). Any
            # authority may propose a key, so until then its blocks prove nothing against
            # the commune.
            row = self.store.one(
                "SELECT commune, pk FROM rekeys WHERE kid = ? AND commune = ?",
                (block.kid, block.author),
            )
            proof = False
        if row is None or row[0] != block.author:
            head = self.store.value(
                "SELECT head_seq FROM feeds WHERE author = ?", (block.author,), -1
            )
            if block.seq > head + 1:
                # Signed perhaps by a key that a missing block of this feed rotates to.
                raise Deferred([], "Earlier blocks of this feed are missing.")
            missing = [r for r in block.refs if not self.store.one(_HAVE_BLOCK, (r,))]
            if missing:
                # Signed perhaps by a new node key that a block it refers to proposes (an
                # epoch's re-key): judged once that block is here. Waiting is bounded
                # (MAX_WAITING), as for a gap in the feed.
                raise Deferred(missing, "The block naming this key has not arrived yet.")
            raise Rejected("wrong_key", "The block is signed by a key its commune never had.")
        public_key = bytes(row[1])
        if not self.signed(block.id, public_key):
            _verify(block.envelope, public_key, self.network_id)
        self._proof = proof
        return author

    def signed(self, oid: bytes, public_key: bytes) -> bool:
        """Whether a worker already found object `oid`'s signature good under `public_key`,
        the key this ledger picked itself: then it need not be checked again here. Any other
        key, or no word from a worker, and the caller checks in place."""
        return oid + public_key in self.presigned

    def _check_stolen(self, block: Block) -> None:
        """A node key replaced by a re-keying epoch signs nothing after its stated point, here
        as on every node, whenever the block arrives: it may be in a thief's hands."""
        last = self.store.value("SELECT last_seq FROM key_limits WHERE kid = ?", (block.kid,))
        if last is None:
            return
        if block.seq > last:
            raise Rejected(
                "stolen_key",
                f"This block was signed after block {last} with a key the authorities revoked "
                "when they re-keyed its commune.",
            )
        # The epoch's past holds the branch that stands up to `last`, so it is applied here:
        # an old-key block for those places that is not applied is on the other branch.
        raise Rejected(
            "branch_set_aside",
            "This block is on a branch of its commune's feed that the authorities set aside "
            "when they re-keyed the commune.",
        )

    def _check_retired(self, block: Block) -> None:
        """A retired laptop signs nothing after its stated block, whenever it arrives."""
        last = self.store.value(
            "SELECT last_seq FROM laptops WHERE id = ? AND retired_seq IS NOT NULL",
            (block.author,),
        )
        if last is not None and block.seq > last:
            raise Rejected(
                "laptop_retired",
                f"This block was signed after block {last} by a laptop its commune retired.",
            )

    def _check_laptop_added(self, block: Block, view: View) -> None:
        """A laptop's feed is its commune's only from the LAPTOP_ADD in its past on."""
        row = self.store.one("SELECT author, seq FROM laptops WHERE id = ?", (block.author,))
        if row is None or not view.has(bytes(row[0]), int(row[1])):
            raise Rejected(
                "laptop_not_added",
                "The block comes from a laptop its commune had not added in the block's past.",
            )

    def _check_key(self, block: Block) -> None:
        """The block is signed with its commune's key in force, established by its own past."""
        author = self.actors.get(block.author)
        if author is None or block.kid != author.kid:
            raise Rejected("wrong_key", "The block is not signed with its commune's current key.")
        epoch = self.store.value(
            "SELECT r.epoch FROM rekeys r JOIN epochs e ON e.proposal = r.proposal WHERE r.kid = ?",
            (block.kid,),
        )
        if epoch is not None and block.epoch < epoch:
            raise Rejected(
                "not_rekeyed",
                "The block is signed with a new key that two thirds of the authorities have "
                "not approved in its past.",
            )

    def _check_place(self, block: Block) -> None:
        feed = self.store.one(
            "SELECT head_seq, head_id, frozen_at FROM feeds WHERE author = ?", (block.author,)
        )
        head_seq, head_id, frozen_at = feed if feed else (-1, None, None)
        if frozen_at is not None and block.seq >= frozen_at:
            raise Rejected(
                "feed_frozen", "This commune's feed is frozen after a proven double signature."
            )
        if block.seq <= head_seq:
            first = self.store.value(
                "SELECT data FROM blocks WHERE author = ? AND seq = ?", (block.author, block.seq)
            )
            raise Equivocation(first)
        if block.seq > head_seq + 1:
            raise Deferred(
                [], f"Blocks {head_seq + 1} to {block.seq - 1} of this feed are missing."
            )
        if block.seq > 0 and block.prev != head_id:
            # Our block at seq-1 differs from the one this block follows: a fork, once it comes.
            raise Deferred([block.prev or b""], "The previous block of this feed is missing.")

    def _check_parents(self, block: Block) -> list[bytes]:
        parents = [block.prev] if block.prev is not None else []
        missing = []
        for ref in block.refs:
            row = self.store.one("SELECT author FROM blocks WHERE id = ?", (ref,))
            if row is None:
                missing.append(ref)
            elif row[0] == block.author:
                raise Rejected("malformed", "A block refers to its own feed outside 'prev'.")
            else:
                parents.append(ref)
        if missing:
            raise Deferred(missing, f"{len(missing)} referenced block(s) have not arrived yet.")
        return parents

    def _check_epoch(self, block: Block, view: View) -> None:
        certified = self.certified_epoch(view.clock)
        if block.epoch != certified:
            raise Rejected(
                "wrong_epoch",
                f"The block claims epoch {block.epoch} but its past establishes epoch {certified}.",
            )
        if view.commune not in self.authorities(block.epoch):
            raise Rejected("not_authority", "The block's commune is not an authority in its epoch.")

    # --- clocks and epochs ------------------------------------------------------------------

    def clock(self, block_id: bytes) -> vclock.Clock:
        # Caches are read under the store's lock, as the actors' are (actors.py).
        with self.store.lock:
            if block_id not in self._clocks:
                packed = self.store.value("SELECT vc FROM blocks WHERE id = ?", (block_id,))
                if packed is None:
                    raise KeyError(block_id)
                if len(self._clocks) > 4096:
                    self._clocks.clear()
                self._clocks[block_id] = vclock.unpack(packed)
            return self._clocks[block_id]

    def authorities(self, epoch: int) -> frozenset[bytes]:
        with self.store.lock:
            if epoch not in self._authorities:
                rows = self.store.all("SELECT commune FROM authorities WHERE epoch = ?", (epoch,))
                self._authorities[epoch] = frozenset(r[0] for r in rows)
            return self._authorities[epoch]

    def certified_epoch(self, clock: vclock.Clock) -> int:
        """The highest epoch whose proposal gathered two thirds of approvals within `clock`."""
        epoch = 0
        while True:
            winner = self._certified_proposal(epoch + 1, clock)
            if winner is None:
                return epoch
            self._adopt_epoch(epoch + 1, winner)
            epoch += 1

    def _certified_proposal(self, epoch: int, clock: vclock.Clock) -> bytes | None:
        current = self.authorities(epoch - 1)
        need = threshold(len(current))
        for pid, author, seq in self.store.all(
            "SELECT id, author, seq FROM proposals WHERE epoch = ? ORDER BY id", (epoch,)
        ):
            if not vclock.contains(clock, author, seq):
                continue
            approvals = self.store.all(
                "SELECT commune, author, seq FROM approvals WHERE proposal = ?", (pid,)
            )
            # Per commune, once: two of its laptops may have approved concurrently.
            count = len(
                {c for c, a, s in approvals if c in current and vclock.contains(clock, a, s)}
            )
            if count >= need:
                return bytes(pid)
        return None

    def _adopt_epoch(self, epoch: int, proposal: bytes) -> None:
        if self.store.one("SELECT 1 FROM epochs WHERE epoch = ?", (epoch,)):
            return
        body: Any = cbor.decode(
            self.store.value("SELECT body FROM proposals WHERE id = ?", (proposal,))
        )
        authorities = [Authority.from_cbor(item) for item in body["authorities"]]
        if "transport" in body:
            transport.record(self.store, epoch, authorities, body["transport"])
        for authority in authorities:
            self.store.run(
                "INSERT INTO authorities (epoch, commune) VALUES (?, ?)", (epoch, authority.commune)
            )
            if self.actors.get(authority.commune) is None:
                self._admit(authority)
        self.store.run("INSERT INTO epochs (epoch, proposal) VALUES (?, ?)", (epoch, proposal))
        self._authorities.pop(epoch, None)
        self._rekey(epoch, proposal)

    def _rekey(self, epoch: int, proposal: bytes) -> None:
        """Gives each commune the epoch re-keys its new node key. Every older key of that
        commune stands up to the stated block and signs nothing after it (_check_stolen)."""
        for commune, kid, public_key, digest, point, head in self.store.all(
            "SELECT commune, kid, pk, next, point, head FROM rekeys WHERE proposal = ?",
            (proposal,),
        ):
            commune, kid = bytes(commune), bytes(kid)
            for (old,) in self.store.all("SELECT kid FROM keys WHERE actor = ?", (commune,)):
                self.store.run(
                    "INSERT INTO key_limits (kid, commune, last_seq, epoch) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (kid) DO UPDATE SET last_seq = min(last_seq, excluded.last_seq)",
                    (old, commune, point, epoch),
                )
                self.actors.forget_key(bytes(old))
            self.store.run(
                "INSERT INTO keys (kid, actor, pk, since_author, since_seq) VALUES (?, ?, ?, ?, ?)",
                (kid, commune, public_key, commune, point + 1),
            )
            self.store.run(
                "UPDATE actors SET kid = ?, next_digest = ? WHERE id = ?", (kid, digest, commune)
            )
            node = self.actors.get(commune)
            if node is not None:  # the cached copy too: a flush later in this block keeps it
                node.kid, node.next_digest = kid, bytes(digest)
            # The branch the epoch names stands: a feed frozen on it after a double signature
            # takes blocks again, from the new key.
            self.store.run(
                "UPDATE feeds SET frozen_at = NULL WHERE author = ? AND head_seq = ? "
                "AND head_id = ?",
                (commune, point, head),
            )

    def _admit(self, authority: Authority) -> None:
        """Registers a commune's node identity: the commune id is its first key's kid."""
        actor = Actor(
            authority.commune,
            authority.commune,
            Role.NODE,
            authority.name,
            authority.commune,
            authority.next_digest,
            0,
            True,
        )
        self.actors.add(actor, authority.public_key, None, None)

    def current_epoch(self) -> int:
        return int(self.store.value("SELECT max(epoch) FROM epochs", (), 0))

    # --- confirmation -----------------------------------------------------------------------

    def confirmations(self, author: bytes, seq: int) -> tuple[int, int]:
        """(k, n): how many of the n current authorities have this block in their past, in
        the latest block of their own feed or of one of their laptops'; a commune counts once."""
        authorities = self.authorities(self.current_epoch())
        known: set[bytes] = set()
        for commune, head_id in self.store.all(
            "SELECT coalesce(l.commune, f.author), f.head_id FROM feeds f "
            "LEFT JOIN laptops l ON l.id = f.author"
        ):
            if commune in authorities and vclock.contains(self.clock(head_id), author, seq):
                known.add(bytes(commune))
        return len(known), len(authorities)


class Equivocation(Exception):
    def __init__(self, first: bytes) -> None:
        super().__init__("Two different blocks were signed for the same place in this feed.")
        self.first = first

    @property
    def message(self) -> str:
        return str(self.args[0])


def _verify(envelope: Any, public_key: bytes, aad: bytes) -> None:
    try:
        verify_sign1(envelope, public_key, aad)
    except CoseError as exc:
        raise Rejected(
            "bad_signature",
            "The signature does not match: the object was forged "
            "or altered, or belongs to another network.",
        ) from exc
