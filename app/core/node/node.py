"""The embedded node: one commune's laptop, its keys, its feed and everything it has received.

All writes go through here, each in one store transaction: submitting a transaction (checked
by applying it, with everything already pending, to a throw-away copy of the state), sealing
pending transactions into a block, and receiving foreign blocks.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.crypto.kdf import KdfParams
from app.core.crypto.keys import Identity
from app.core.errors import NotFound, ProfileDamaged, Rejected
from app.core.ledger import incarnation, transport, vclock
from app.core.ledger.ledger import Ledger, Outcome
from app.core.ledger.objects import (
    Authority,
    Tx,
    make_block,
    make_genesis,
    make_tx,
    object_id,
    parse_block,
    parse_genesis,
    parse_tx,
)
from app.core.ledger.sealing import SealPolicy
from app.core.ledger.txtypes import Role, TxType
from app.core.node import registry
from app.core.store import profile
from app.core.store.keyring import Keyring
from app.core.store.store import Store

REKEY_KID = "rekey_kid"  # meta: the new node key this laptop asked the network to approve
FEED = "feed"  # meta: a further laptop's own feed (its laptop id); absent on the first laptop
# Blocks received together share a store commit, up to this many or about this many bytes:
# a restore's and the demo's (`Node.receive_all`), and an import's when it checks signatures in
# place (app/sync/intake.py, where the bounds were measured: docs/performance.md, "Apply at the
# signature floor").
GROUP_BLOCKS = 10
GROUP_BYTES = 256 * 1024


@dataclass(frozen=True)
class Dropped:
    """One of our transactions that could not be sealed: a rule refused it by now."""

    id: bytes
    code: str
    reason: str  # the rule's sentence


@dataclass(frozen=True)
class Sealed:
    """What sealing before a sync did: how many of our transactions went into a block, and
    which ones a rule dropped instead (a person must be told which, and why)."""

    block: bytes | None = None
    count: int = 0
    dropped: list[Dropped] = field(default_factory=list)
    held: int = 0  # still pending: this laptop may not sign yet (see Node._block)


class _ListsDue(Exception):
    """Raised inside sealing's savepoint to undo a block and seal it again with the lists."""

    def __init__(self, due: list[tuple[TxType, dict[str, Any]]]) -> None:
        super().__init__("lists due")
        self.due = due


class Node:
    def __init__(self, home: Path, store: Store, policy: SealPolicy | None = None) -> None:
        self.home = home
        self.store = store
        self.keyring = Keyring(store)
        # The member acting in this session, chosen with act(): held in memory only, and
        # dropped on close. Without one, the member `obambu member use` recorded acts.
        self.acting: bytes | None = None
        self.policy = policy or SealPolicy()
        # While an overlay is open: the seq our pending transactions appear at.
        self.pending_seq: int | None = None
        network_id = store.meta("network_id")
        self.ledger = Ledger(store, network_id or b"", registry.RULES)

    # --- profiles ---------------------------------------------------------------------------

    @classmethod
    def create(
        cls, home: Path, passphrase: str, commune_name: str, params: KdfParams | None = None
    ) -> Node:
        """A profile holding a fresh node identity, not yet part of any network."""
        store = profile.create(home, passphrase, params)
        node = cls(home, store)
        identity = Identity.generate()
        with store.transaction():
            node.keyring.add(identity)
            store.set_meta("commune", identity.actor)
            store.set_meta("commune_name", commune_name.encode())
        return node

    @staticmethod
    def exists(home: Path) -> bool:
        """True if `home` holds a profile (to unlock), False if one is still to be made."""
        return profile.exists(home)

    @classmethod
    def open(cls, home: Path, passphrase: str) -> Node:
        return cls.open_with_key(home, profile.unlock_key(home, passphrase))

    @classmethod
    def open_with_key(cls, home: Path, key: bytes) -> Node:
        node = cls(home, profile.open_store(home, key))
        node.ledger.retry_waiting()  # a crash may have come between a block and its followers
        return node

    def close(self) -> None:
        self.keyring.lock()
        self.acting = None
        self.store.close()

    def held(self) -> AbstractContextManager[None]:
        """The calling thread has the store to itself while the block runs (see Store.lock)."""
        return self.store.held()

    def joined(self) -> bool:
        """True once this laptop belongs to a network (it holds a genesis)."""
        return self.store.meta("genesis") is not None

    @property
    def commune(self) -> bytes:
        value = self.store.meta("commune")
        if value is None:
            raise ProfileDamaged("This profile has no commune identity. Restore it from a backup.")
        return value

    @property
    def feed(self) -> bytes:
        """The feed this laptop writes: its commune's, or its own if it is a further laptop of
        the commune (docs/ledger.md, "A commune's devices")."""
        return self.store.meta(FEED) or self.commune

    @property
    def network_id(self) -> bytes:
        if not self.ledger.network_id:
            raise NotFound("This laptop has not joined a network yet. Found one or join one.")
        return self.ledger.network_id

    def authority(self) -> Authority:
        """How this commune appears in a genesis or an epoch proposal."""
        identity = self.keyring.identity(self.commune)
        name = (self.store.meta("commune_name") or b"").decode()
        return Authority(self.commune, name, identity.current.public_key, identity.next_digest)

    # --- founding and joining ---------------------------------------------------------------

    def found(self, network_name: str, others: list[Authority] | None = None) -> bytes:
        """Writes and adopts the genesis: this commune and `others` are the first authorities."""
        key = self.keyring.identity(self.commune).current
        authorities = [self.authority(), *(others or [])]
        sealed = transport.seal(transport.new_key(), authorities)
        genesis = make_genesis(key, network_name, int(time.time()), authorities, sealed)
        self.adopt(genesis)
        return genesis

    def adopt(self, genesis_bytes: bytes) -> None:
        genesis = parse_genesis(genesis_bytes)
        if self.store.meta("genesis") is not None:
            if self.store.meta("genesis") == genesis_bytes:
                return
            raise Rejected("wrong_network", "This laptop already belongs to another network.")
        with self.store.transaction():
            self.ledger.apply_genesis(genesis)
        self.ledger.network_id = genesis.id

    def add_member(
        self,
        name: str,
        role: str = Role.MAYOR,
        delegations: tuple[str, ...] = (),
        pin: str | None = None,
    ) -> bytes:
        """Creates a member's keys on this laptop and registers them through our node; with a
        PIN, the keys are sealed under it before anything is written."""
        identity = Identity.generate()
        body: dict[str, Any] = {
            "id": identity.actor,
            "pk": identity.current.public_key,
            "next": identity.next_digest,
            "name": name,
            "role": role,
        }
        if delegations:
            body["deleg"] = list(delegations)
        # Keys, default member and registration in one transaction: a laptop must never hold
        # a default member that the ledger does not know.
        with self.store.transaction():
            self.keyring.add(identity)
            if pin is not None:
                self.keyring.set_pin(identity.actor, pin)
                self.keyring.lock(identity.actor)  # they sign once they type it, like anyone
            if role == Role.MAYOR and self.store.meta("member") is None:
                self.store.set_meta("member", identity.actor)
            node = self.keyring.identity(self.feed)
            self._queue(TxType.MEMBER_ADD, body, actor=self.feed, prio=0, ttl=0, identity=node)
        self.maybe_seal()
        return identity.actor

    def act(self, member: bytes, pin: str | None) -> None:
        """`member` signs in this session from now on, their PIN opening their key; whoever
        acted before is locked again, so one person's PIN never lets the next one sign."""
        if pin is not None:
            self.keyring.unlock(member, pin)
        elif not self.keyring.is_unlocked(member):
            self.keyring.identity(member)  # asks for the PIN if someone can, else MemberLocked
        for other in (self.acting, self.store.meta("member")):
            if other is not None and other != member:
                self.keyring.lock(other)
        self.acting = member

    @property
    def member(self) -> bytes:
        """The member who acts on this laptop: the one chosen in this session (act), else the
        one `obambu member use` recorded, else the first mayor registered here."""
        if self.acting is not None:
            return self.acting
        value = self.store.meta("member")
        if value is None:
            raise NotFound("No member is registered on this laptop yet.")
        return value

    # --- writing ----------------------------------------------------------------------------

    def submit(
        self,
        kind: TxType,
        body: dict[str, Any],
        *,
        actor: bytes | None = None,
        prio: int = 2,
        ttl: int = 0,
        signer: Identity | None = None,
    ) -> bytes:
        """Signs a transaction, checks it against the rules, and queues it for the next block."""
        actor = actor or self.member
        identity = signer or self.keyring.identity(actor)
        with self.store.transaction():
            tx = self._queue(kind, body, actor=actor, prio=prio, ttl=ttl, identity=identity)
        self.maybe_seal()
        return tx

    def queue(self, kind: TxType, body: dict[str, Any], *, prio: int = 2) -> bytes:
        """As submit(), by this laptop's member, inside the caller's store transaction: what the
        caller writes with it is kept only if the transaction passes the rules, and vice versa."""
        identity = self.keyring.identity(self.member)
        return self._queue(kind, body, actor=self.member, prio=prio, ttl=0, identity=identity)

    def _queue(
        self,
        kind: TxType,
        body: dict[str, Any],
        *,
        actor: bytes,
        prio: int,
        ttl: int,
        identity: Identity,
        trial: bool = True,
    ) -> bytes:
        """Signs, checks (unless the caller seals it at once) and queues, inside the caller's
        transaction."""
        key = identity.following if kind == TxType.KEY_ROTATE else identity.current
        aseq = self._next_aseq(actor)
        data = make_tx(
            key,
            self.network_id,
            type=kind,
            actor=actor,
            aseq=aseq,
            body=body,
            prio=prio,
            ttl=ttl,
            time=int(time.time()),
        )
        if trial:
            self._trial(extra=data)
        self.store.run(
            "INSERT INTO pending (id, actor, data, created) VALUES (?, ?, ?, ?)",
            (object_id(data), actor, data, time.time()),
        )
        if kind == TxType.KEY_ROTATE:
            self.keyring.add(identity.rotated())
        return object_id(data)

    def _next_aseq(self, actor: bytes) -> int:
        done = int(self.store.value("SELECT aseq FROM actors WHERE id = ?", (actor,), 0))
        queued = int(self.store.value("SELECT count(*) FROM pending WHERE actor = ?", (actor,)))
        return done + queued + 1

    def _trial(self, extra: bytes) -> None:
        """Applies pending + `extra` as our next block, then undoes it: raises if `extra` fails.

        A pending transaction that something received since has made invalid is dropped here,
        with its reason kept, rather than blocking every later one.
        """
        while True:
            pending = self._pending()
            try:
                with self.store.trial("trial"):
                    self.ledger.apply_block(parse_block(self._block([*pending, extra])))
                return
            except Rejected as exc:
                self.ledger.forget()
                if exc.index is None or exc.index >= len(pending):
                    raise
                self._drop(pending[exc.index], exc)

    def maybe_seal(self, now: float | None = None) -> bytes | None:
        row = self.store.one("SELECT count(*), min(created) FROM pending")
        count, oldest = row if row else (0, None)
        if self.policy.due(count, oldest, time.time() if now is None else now):
            return self.seal()
        return None

    def seal(self) -> bytes | None:
        """Seals every pending transaction into our next block; returns its id, if any. On the
        commune's first laptop, the lists the commune publishes about itself (its status list)
        go into the same block when that block changes them or the last one is a day old."""
        listed = False
        with self.store.transaction():
            while True:
                pending = self._pending()
                if not pending:
                    return None
                block = parse_block(self._block(pending))
                try:
                    with self.store.savepoint("seal"):
                        self.ledger.apply_block(block)
                        due = [] if listed else self._lists_due(quiet=True)
                        if due:
                            raise _ListsDue(due)  # undone: sealed again with the lists
                except _ListsDue as lists:
                    self.ledger.forget()
                    listed = True
                    identity = self.keyring.identity(self.commune)
                    for kind, body in lists.due:
                        self._queue(
                            kind,
                            body,
                            actor=self.commune,
                            prio=0,
                            ttl=0,
                            identity=identity,
                            trial=False,  # the next round applies it, and drops it if refused
                        )
                    continue
                except Rejected as exc:
                    self.ledger.forget()
                    if exc.index is None:
                        raise
                    self._drop(pending[exc.index], exc)
                    continue
                self.store.run("DELETE FROM pending")
                return block.id

    def seal_for_sync(self) -> Sealed:
        """Seals everything pending before a sync writes or sends anything: what the mayor did
        a second ago travels with this stick or session, never with the next one. A status list
        a day old is made again, to travel too."""
        before = [object_id(data) for data in self._pending()]
        if not before:
            made: list[bytes] = []
            with suppress(Rejected, NotFound):
                # Not allowed to sign yet, or a list too long to sign: the last one stands.
                made = self.publish_lists()
            block = (
                self.store.value("SELECT block FROM txs WHERE id = ?", (made[0],)) if made else None
            )
            return Sealed(None if block is None else bytes(block))
        try:
            block = self.seal()
        except (Rejected, NotFound):
            # Not allowed to sign yet (restored, or not yet admitted): the sync still goes
            # ahead, and what stays pending is said.
            return Sealed(held=len(before))
        marks = ",".join("?" * len(before))
        dropped = [
            Dropped(bytes(oid), str(code), str(reason))
            for oid, code, reason in self.store.all(
                f"SELECT id, reason, detail FROM dropped WHERE id IN ({marks})", tuple(before)
            )
        ]
        return Sealed(block, len(before) - len(dropped), dropped)

    def publish_lists(self, force: bool = False) -> list[bytes]:
        """Makes and seals each list this commune publishes about itself (registry.PUBLISHED)
        that is due; `force` makes each one now: a verifier kit dates its writer's own list at
        its export. Returns the new transactions' ids: none on a further laptop."""
        if self.feed != self.commune:
            return []
        self.seal()  # what is pending first, with the lists it changes
        made = []
        with self.store.transaction():
            identity = self.keyring.identity(self.commune)
            for kind, body in self._lists_due(force=force):
                made.append(
                    self._queue(kind, body, actor=self.commune, prio=0, ttl=0, identity=identity)
                )
        if made:
            self.seal()
        return made

    def _lists_due(
        self, force: bool = False, quiet: bool = False
    ) -> list[tuple[TxType, dict[str, Any]]]:
        """The lists whose content, as the store stands, differs from the last one this commune
        signed, or whose last one is older than its age limit. Only the commune's first laptop
        makes them, under the node key: a further laptop never does. `quiet`: a list too long
        to sign is left out (sealing goes on; publish_lists says why)."""
        if self.feed != self.commune:
            return []
        now = int(time.time())
        # A list signed under a key this commune no longer holds (a re-keyed laptop) vouches
        # for nothing in a kit (kit.md step 4): the new key signs one at once.
        signer = self.keyring.identity(self.commune).current.kid
        due = []
        for spec in registry.PUBLISHED:
            if not force and not spec.needed(self.store, self.commune):
                continue
            try:
                body = spec.content(self.store, self.commune)
            except Rejected:
                if quiet:
                    continue
                raise
            last = self._last_published(spec.type)
            if (
                force
                or last is None
                or last.body != body
                or last.kid != signer
                or now - last.time >= spec.max_age
            ):
                due.append((spec.type, body))
        return due

    def _last_published(self, kind: TxType) -> Tx | None:
        data = self.store.value(
            "SELECT data FROM txs WHERE type = ? AND actor = ? ORDER BY seq DESC, idx DESC",
            (int(kind), self.commune),
        )
        return None if data is None else parse_tx(bytes(data))

    def _pending(self) -> list[bytes]:
        return [bytes(r[0]) for r in self.store.all("SELECT data FROM pending ORDER BY n")]

    def _drop(self, data: bytes, exc: Rejected) -> None:
        self.store.run("DELETE FROM pending WHERE id = ?", (object_id(data),))
        self.store.run(
            "INSERT OR IGNORE INTO dropped (id, data, reason, detail, at) VALUES (?, ?, ?, ?, ?)",
            (object_id(data), data, exc.code, exc.message, time.time()),
        )

    def _block(self, txs: list[bytes]) -> bytes:
        """Our next block holding `txs`, pointing at every feed head that moved since our last."""
        me = self.feed
        if self.store.one("SELECT 1 FROM waiting WHERE author = ?", (me,)):
            # After a restore our own older blocks may still wait for their parents; signing a
            # block now could reuse a seq already signed: a double signature.
            raise Rejected(
                "restore_incomplete",
                "Some of this commune's own blocks are still "
                "waiting for older ones. Sync with another commune first.",
            )
        head = self.store.one("SELECT head_seq, head_id FROM feeds WHERE author = ?", (me,))
        seq, prev = (head[0] + 1, bytes(head[1])) if head else (0, None)
        refused = incarnation.refusal(self.store, seq - 1)
        if refused is not None:
            raise refused
        mine = self.ledger.clock(prev) if prev else {}
        refs = [
            bytes(head_id)
            for author, head_seq, head_id in self.store.all(
                "SELECT author, head_seq, head_id FROM feeds WHERE author != ?", (me,)
            )
            if head_seq > mine.get(author, -1)
        ]
        parents = ([prev] if prev else []) + refs
        clock = vclock.merge(self.ledger.clock(p) for p in parents)
        epoch = self.ledger.certified_epoch(clock)
        node_kid = self.store.value("SELECT kid FROM actors WHERE id = ?", (me,))
        if node_kid is None:
            raise NotFound("This commune is not an authority of the network yet.")
        waiting = self.store.meta(REKEY_KID)
        if waiting is not None and waiting != node_kid:
            # A laptop that asked to be re-keyed signs only under its new key: a block under
            # the old one could be taken for the thief's.
            raise Rejected(
                "rekey_waiting",
                "This laptop's new key is not approved yet. Take in a stick that brings the "
                "approvals of two thirds of the communes.",
            )
        key = self.keyring.by_kid(node_kid)
        return make_block(
            key,
            self.network_id,
            author=me,
            seq=seq,
            prev=prev,
            refs=refs,
            epoch=epoch,
            time=int(time.time()),
            txs=txs,
        )

    # --- reading ----------------------------------------------------------------------------

    @contextmanager
    def overlay(self) -> Iterator[None]:
        """The state as if pending transactions were sealed now; undone on exit."""
        with self.store.held():  # a job never sees the preview: it waits for the lock
            yield from self._previewed()

    def _previewed(self) -> Iterator[None]:
        pending = self._pending()
        if not pending:
            yield
            return
        try:
            with self.store.trial("overlay"):
                try:
                    block = parse_block(self._block(pending))
                    self.ledger.apply_block(block)
                    self.pending_seq = block.seq
                except Rejected:
                    self.ledger.forget()  # shown without them; the next seal sorts them out
                yield
        finally:
            self.pending_seq = None
            self.ledger.forget()

    def pending_count(self) -> int:
        return int(self.store.value("SELECT count(*) FROM pending"))

    # --- exchanging -------------------------------------------------------------------------

    def receive(self, data: bytes) -> Outcome:
        return self.ledger.receive(data)

    def receive_all(self, blocks: Sequence[bytes]) -> list[Outcome]:
        """Receives blocks in order, a group of them per store commit (`Ledger.group`): each
        block stays its own unit (a refused one rolls back to its savepoint alone), but the
        disk is written once a group, not once a block. The outcomes are returned only once
        every group is committed; if one raises, the groups before it stay. A group ends early
        for a screen that asks the store something (`Store.wanted`)."""
        outcomes: list[Outcome] = []
        start = 0
        while start < len(blocks):
            end, size = start, 0
            with self.ledger.group():
                while end < len(blocks):
                    outcomes.append(self.ledger.receive(blocks[end]))
                    size += len(blocks[end])
                    end += 1
                    if end - start >= GROUP_BLOCKS or size >= GROUP_BYTES or self.store.wanted():
                        break
            start = end
        return outcomes

    def heads(self) -> dict[bytes, int]:
        return {bytes(a): s for a, s in self.store.all("SELECT author, head_seq FROM feeds")}

    def blocks_after(self, heads: dict[bytes, int]) -> Iterator[bytes]:
        """Our blocks that a peer with feed `heads` lacks, each feed in order."""
        for author, head_seq in self.store.all("SELECT author, head_seq FROM feeds"):
            since = heads.get(bytes(author), -1)
            if head_seq > since:
                for (data,) in self.store.all(
                    "SELECT data FROM blocks WHERE author = ? AND seq > ? ORDER BY seq",
                    (author, since),
                ):
                    yield bytes(data)

    def object(self, oid: bytes) -> bytes:
        for sql in (
            "SELECT data FROM blocks WHERE id = ?",
            "SELECT data FROM txs WHERE id = ?",
            "SELECT data FROM pending WHERE id = ?",
            "SELECT data FROM attestations WHERE id = ?",
        ):
            data = self.store.value(sql, (oid,))
            if data is not None:
                return bytes(data)
        if object_id(self.store.meta("genesis") or b"") == oid:
            return self.store.meta("genesis") or b""
        raise NotFound("No object with that id is in this profile.")

    def chunk_ids(self) -> list[bytes]:
        return [bytes(r[0]) for r in self.store.all("SELECT id FROM chunks")]

    def chunk(self, cid: bytes) -> bytes | None:
        value = self.store.value("SELECT data FROM chunks WHERE id = ?", (cid,))
        return None if value is None else bytes(value)

    def add_chunk(self, data: bytes) -> bytes:
        cid = object_id(data)
        with self.store.transaction():
            self.store.run("INSERT OR IGNORE INTO chunks (id, data) VALUES (?, ?)", (cid, data))
        return cid
