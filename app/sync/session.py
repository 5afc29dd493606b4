"""One sync session over a link (serial port, radio relay or TCP), the same on both sides.

    hello    version, network tag, commune, capabilities, a fresh nonce   (handshake.py)
    auth     the peer's nonce signed by our node key; nothing else is read before it checks
    summary  the head of every feed we hold, the document parts we hold, the objects we hold
             a part of
    want     the document parts of the peer's summary that we lack
    data     what the peer lacks, class by class, each object in pieces of at most 4 KiB
    beacon   our signed frontier
    cuts     the two newest cuts we keep and which ack of each feed we keep (only when both
             hellos announce "acks": linkacks.py), then "done"
    acks     once both are done and what came is applied: our ack and the others' we keep
             that the peer lacks (only when both announce "acks"), then "bye"

Both sides send at once (the link is full duplex) and take in what arrives between pieces.
Objects arrive whole or not at all: a piece goes into the store's staging only once its object
is complete. If the link breaks, the pieces of unfinished objects (at most `MAX_PARTIALS`) are
kept, announced in the next summary, and the peer resumes from there; a session that ends
normally drops those nobody claimed. Every message is checked field by field (messages.py) and
must come in its turn.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import asdict, dataclass
from typing import Any

from app.core.encoding import cbor
from app.core.ledger.objects import ID_BYTES, object_id
from app.core.node.node import Node
from app.core.progress import Listener, Phase, Progress, ignore
from app.sync import beacon, intake, linkacks, messages, segment, signed
from app.sync.channel import Channel
from app.sync.delta import missing
from app.sync.errors import LinkError, LinkLost
from app.sync.handshake import AUTH_WAIT, Credentials, Handshake, shake_hands
from app.sync.signed import Forged

PIECE = messages.PIECE
WAIT = 60.0  # seconds to wait for the peer's next message before giving up
MAX_PARTIALS = 4  # unfinished objects held at once (an honest peer sends one at a time)

log = logging.getLogger(__name__)


@dataclass
class SessionReport:
    sent: int = 0  # objects sent whole
    sent_bytes: int = 0
    new: int = 0
    known: int = 0
    quarantined: int = 0
    pending: int = 0
    resumed_bytes: int = 0  # bytes not sent again thanks to a resumed object
    ours_sealed: int = 0  # our pending transactions sealed when the session began
    statements: int = 0  # the peer's cuts and acks that checked (kept unless known as new)
    statements_refused: int = 0  # those refused: damaged, forged or beyond their bounds
    refused_why: str = ""  # the sentence of the first refused

    def took(self, taken: linkacks.Taken) -> None:
        self.statements += taken.kept
        self.statements_refused += taken.refused
        self.refused_why = self.refused_why or taken.why

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class Session:
    """`handshake`: the peer was already proven on another thread (a listener's); otherwise
    the session starts with the handshake, which must end within `auth_wait` seconds. `wait`:
    seconds the peer may stay silent between two messages once proven."""

    def __init__(
        self,
        node: Node,
        channel: Channel,
        progress: Listener = ignore,
        *,
        handshake: Handshake | None = None,
        auth_wait: float = AUTH_WAIT,
        wait: float = WAIT,
    ) -> None:
        self.node = node
        self.channel = channel
        self.progress = progress
        self.handshake = handshake
        self.auth_wait = auth_wait
        self.wait = wait
        self.report = SessionReport()
        self.partials: dict[bytes, tuple[int, int, bytearray]] = {}  # loaded once proven
        self.peer_done = False
        self.staged = 0
        self.peer_commune: bytes | None = None  # set once the peer proved it holds its node key
        self.acks = False  # both hellos announced "acks": cuts and acks travel (linkacks.py)
        self.peer_has: linkacks.Have = {}  # the acks the peer keeps: not sent again

    def run(self) -> SessionReport:
        log.info("sync session started")
        try:
            self._run()
        except LinkLost:
            if self.peer_commune is not None:  # pieces are kept for a proven peer only
                _save_partials(self.node, self.partials)
                self._apply()
            log.info("sync session broken off: %s", _counts(self.report))
            raise
        except Exception as exc:
            log.info("sync session stopped: %s", getattr(exc, "code", type(exc).__name__))
            raise
        _save_partials(self.node, {})  # what this session did not claim, none will
        log.info("sync session finished: %s", _counts(self.report))
        return self.report

    def _run(self) -> None:
        node = self.node
        proven = self.handshake or shake_hands(self.channel, Credentials.of(node), self.auth_wait)
        self.peer_commune = self._authenticate(proven)
        self.acks = "acks" in proven.shared
        self.partials = _load_partials(node)
        # Sealed before the summary is made: what the mayor did a second ago goes now.
        self.report.ours_sealed = node.seal_for_sync().count
        summary_chunks = node.chunk_ids()
        self._send(
            "summary",
            heads=[[a, s] for a, s in sorted(node.heads().items())],
            chunks=summary_chunks,
            partials=[[oid, len(got)] for oid, (_, _, got) in self.partials.items()],
        )
        summary = self._expect("summary")
        ours = set(summary_chunks)
        self._send("want", chunks=[c for c in summary["chunks"] if bytes(c) not in ours])
        want = self._expect("want")
        heads = {bytes(a): int(s) for a, s in summary["heads"]}
        wanted = {bytes(c) for c in want["chunks"]}
        resume = {bytes(oid): int(have) for oid, have in summary["partials"]}
        self._send_objects(heads, wanted, resume)
        self._send("beacon", data=beacon.make(node, []))
        if self.acks:
            sent_cuts, have = linkacks.cuts_to_send(node)
            self._send("cuts", cuts=sent_cuts, have=have)
        self._send("done")
        while not self.peer_done:
            self._handle(self._receive())
        self.channel.drain(WAIT)
        self._apply()
        self._say_goodbye()

    def _authenticate(self, proven: Handshake) -> bytes:
        """The handshake may have used a copy of the node keys made a while ago: a key revoked
        since is no longer believed."""
        row = self.node.store.one(
            "SELECT 1 FROM keys k JOIN actors a ON a.id = k.actor "
            "LEFT JOIN laptops l ON l.id = a.id WHERE k.kid = ? AND a.id = ? AND "
            + signed.IN_FORCE,
            (proven.kid, proven.commune),
        )
        if row is None:
            raise LinkError(
                "The other side could not prove it is a town hall of your network. Check which "
                "laptop you connected to.",
                code="unauthenticated_peer",
            )
        return proven.commune

    def _say_goodbye(self) -> None:
        """Both sides hold everything now; "bye" keeps either from hanging up on the other's
        last acknowledgements. After the peer's bye, a dying link no longer matters.

        Our acks go first (made now, so that ours says what this session brought), and the
        peer's are taken before its bye; a link that dies meanwhile costs only those acks."""
        if self.acks:
            self._send("acks", acks=linkacks.acks_to_send(self.node, self.peer_has))
        self._send("bye")
        with contextlib.suppress(LinkLost):
            if self.acks:
                self.report.took(linkacks.take_acks(self.node, list(self._expect("acks")["acks"])))
            self._expect("bye")
            if self.acks:  # we hang up once the peer acknowledged our acks and our bye
                with contextlib.suppress(TimeoutError):
                    self.channel.drain(WAIT)

    # --- sending ----------------------------------------------------------------------------

    def _send_objects(
        self, heads: dict[bytes, int], wanted: set[bytes], resume: dict[bytes, int]
    ) -> None:
        items = missing(
            self.node,
            lambda author, seq: seq <= heads.get(author, -1),
            lambda cid: cid not in wanted,
            lambda oid: True,  # evidence travels by stick; a session carries feeds and documents
        )
        for number, item in enumerate(items, 1):
            data = item.load()
            kind = segment.CHUNK if item.kind == "chunk" else segment.BLOCK
            start = resume.get(item.id, 0)
            if not 0 <= start < len(data):
                start = 0
            self.report.resumed_bytes += start
            for offset in range(start, len(data), PIECE):
                self._send(
                    "data",
                    k=kind,
                    id=item.id,
                    off=offset,
                    total=len(data),
                    part=data[offset : offset + PIECE],
                )
                self._take_in()
            self.report.sent += 1
            self.report.sent_bytes += len(data)
            self.progress(Progress(Phase.WRITE, number, len(items), self.report.sent_bytes))

    def _send(self, kind: str, **fields: Any) -> None:
        self.channel.send(cbor.encode({"t": kind, **fields}))

    # --- receiving --------------------------------------------------------------------------

    def _take_in(self) -> None:
        """Handles whatever has arrived, without waiting."""
        while (raw := self.channel.recv(0)) is not None:
            self._handle(messages.decode(raw))

    def _receive(self) -> dict[str, Any]:
        raw = self.channel.recv(self.wait)
        if raw is None:
            raise LinkLost()
        return messages.decode(raw)

    def _expect(self, kind: str) -> dict[str, Any]:
        message = self._receive()
        if message["t"] != kind:
            raise messages.unexpected(message["t"])
        return message

    def _handle(self, message: dict[str, Any]) -> None:
        kind = message.get("t")
        if kind == "data":
            self._piece(message)
        elif kind == "beacon":
            # A beacon we cannot check is not worth a failed session.
            with contextlib.suppress(Forged):
                beacon.remember(self.node, beacon.parse(self.node, bytes(message["data"])))
        elif kind == "cuts" and self.acks and not self.peer_done:
            self.report.took(linkacks.take_cuts(self.node, list(message["cuts"])))
            self.peer_has = linkacks.peer_has(message["have"])
        elif kind == "done":
            self.peer_done = True
        else:
            raise messages.unexpected(str(kind))

    def _piece(self, message: dict[str, Any]) -> None:
        # messages.decode checked the kind, the sizes, and that the part lies inside `total`.
        oid, kind = bytes(message["id"]), int(message["k"])
        offset, total, part = int(message["off"]), int(message["total"]), bytes(message["part"])
        if self.partials.get(oid, (kind, total))[:2] != (kind, total):
            del self.partials[oid]  # the same id announced with another size: start over
        if oid not in self.partials:
            if offset != 0:
                return  # a piece we cannot place: the object will come again whole
            while len(self.partials) >= MAX_PARTIALS:  # the oldest unfinished one gives way
                del self.partials[next(iter(self.partials))]
            self.partials[oid] = (kind, total, bytearray())
        _, _, got = self.partials[oid]
        if offset != len(got):
            if offset != 0:
                return  # a piece we cannot place: the object will come again whole
            got.clear()
        got.extend(part)
        if len(got) < total:
            return
        del self.partials[oid]
        data = bytes(got)
        if object_id(data) != oid:
            return  # damaged on the way: not worth keeping
        if intake.have(self.node, kind, oid):
            self.report.known += 1
            return
        with self.node.store.transaction():
            self.node.store.run(
                "INSERT INTO staged (id, kind, data) VALUES (?, ?, ?)", (oid, kind, data)
            )
        self.staged += 1
        self.progress(Progress(Phase.READ, self.staged, 0, total))
        if self.staged % intake.APPLY_BATCH == 0:
            self._apply()

    def _apply(self) -> None:
        applied = intake.apply_staged(self.node, intake.ImportReport(), self.progress)
        self.report.new += applied.new
        self.report.known += applied.known
        self.report.quarantined += applied.quarantined
        self.report.pending = applied.pending


def _load_partials(node: Node) -> dict[bytes, tuple[int, int, bytearray]]:
    """The pieces kept from a cut session, at most `MAX_PARTIALS` and only sound ones (a store
    written by an older version may hold more, or worse: they are never read)."""
    out = {}
    for oid, total, data in node.store.all(
        "SELECT id, total, data FROM partials WHERE length(id) = ? AND total <= ? "
        "AND length(data) BETWEEN 2 AND total LIMIT ?",
        (ID_BYTES, segment.MAX_RECORD, MAX_PARTIALS),
    ):
        kind, body = int(bytes(data)[0]), bytearray(bytes(data)[1:])
        if kind in segment.KINDS:
            out[bytes(oid)] = (kind, int(total), body)
    return out


def _save_partials(node: Node, partials: dict[bytes, tuple[int, int, bytearray]]) -> None:
    with node.store.transaction():
        node.store.run("DELETE FROM partials")
        for oid, (kind, total, got) in partials.items():
            if got:
                node.store.run(
                    "INSERT INTO partials (id, total, data) VALUES (?, ?, ?)",
                    (oid, total, bytes([kind]) + bytes(got)),
                )


def _counts(report: SessionReport) -> str:
    return ", ".join(f"{name} {value}" for name, value in report.as_dict().items())
