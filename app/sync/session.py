"""One sync session over a link (serial port, radio relay or TCP), the same on both sides.

    hello    network tag, commune, capabilities, and the objects we hold a part of
    summary  the head of every feed we hold, and the document parts we hold
    want     the document parts of the peer's summary that we lack
    data     what the peer lacks, class by class, each object in pieces of at most 4 KiB
    beacon   our signed frontier, then "done"; once both are done and acknowledged, "bye"

Both sides send at once (the link is full duplex) and take in what arrives between pieces.
Objects arrive whole or not at all: a piece goes into the store's staging only once its object
is complete. If the link breaks, the pieces of an unfinished object are kept, announced in the
next hello, and the peer resumes from there.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import asdict, dataclass
from typing import Any

from app.core import cbor
from app.core.node import Node
from app.core.objects import object_id
from app.sync import beacon, intake, segment, signed
from app.sync.channel import Channel
from app.sync.delta import missing
from app.sync.errors import LinkError, LinkLost
from app.sync.progress import Listener, Phase, Progress, ignore
from app.sync.sealed import network_tag
from app.sync.signed import Forged

VERSION = 1
PIECE = 4096
CAPS = ["blocks", "chunks", "resume"]
WAIT = 60.0  # seconds to wait for the peer's next message before giving up


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

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class Session:
    def __init__(self, node: Node, channel: Channel, progress: Listener = ignore) -> None:
        self.node = node
        self.channel = channel
        self.progress = progress
        self.report = SessionReport()
        self.partials: dict[bytes, tuple[int, int, bytearray]] = _load_partials(node)
        self.peer_done = False
        self.peer: dict[str, Any] = {}
        self.staged = 0
        self.peer_commune: bytes | None = None  # set once the peer proved it holds its node key

    def run(self) -> SessionReport:
        try:
            self._run()
        except LinkLost:
            _save_partials(self.node, self.partials)
            self._apply()
            raise
        _save_partials(self.node, self.partials)
        return self.report

    def _run(self) -> None:
        node = self.node
        # Sealed before the summary is made: what the mayor did a second ago goes now.
        self.report.ours_sealed = node.seal_for_sync().count
        summary_chunks = node.chunk_ids()
        nonce = os.urandom(16)
        self._send(
            "hello",
            v=VERSION,
            net=network_tag(node.network_id),
            commune=node.commune,
            caps=CAPS,
            partials=[[oid, len(got)] for oid, (_, _, got) in self.partials.items()],
            nonce=nonce,
        )
        self._send("summary", heads=[[a, s] for a, s in sorted(node.heads().items())],
                   chunks=summary_chunks)  # fmt: skip
        hello = self._expect("hello")
        if hello.get("net") != network_tag(node.network_id):
            # Let our hello reach the other side, so that it can say the same to its clerk.
            with contextlib.suppress(LinkError, TimeoutError):
                self.channel.drain(5.0)
            raise LinkError(
                "The other side belongs to another network. Connect to a node of your own network.",
                code="foreign_peer",
            )
        # Each side signs the other's fresh nonce with its node key: a node of this network is
        # at the other end, not a replay of an earlier session or of an announcement.
        self._send("auth", proof=signed.sign(node, {"peer": bytes(hello.get("nonce", b"")),
                                                    "commune": node.commune}))  # fmt: skip
        summary = self._expect("summary")
        self.peer_commune = self._authenticate(self._expect("auth"), hello, nonce)
        ours = set(summary_chunks)
        self._send("want", chunks=[c for c in summary["chunks"] if bytes(c) not in ours])
        want = self._expect("want")
        heads = {bytes(a): int(s) for a, s in summary["heads"]}
        wanted = {bytes(c) for c in want["chunks"]}
        resume = {bytes(oid): int(have) for oid, have in hello.get("partials", [])}
        self._send_objects(heads, wanted, resume)
        self._send("beacon", data=beacon.make(node, []))
        self._send("done")
        while not self.peer_done:
            self._handle(self._receive())
        self.channel.drain(WAIT)
        self._apply()
        self._say_goodbye()

    def _authenticate(self, auth: dict[str, Any], hello: dict[str, Any], nonce: bytes) -> bytes:
        try:
            commune, payload = signed.open_signed(self.node, bytes(auth.get("proof", b"")))
        except (Forged, TypeError) as exc:
            raise LinkError(
                "The other side could not prove it is a town hall of your network. Check which "
                "laptop you connected to.",
                code="unauthenticated_peer",
            ) from exc
        if payload.get("peer") != nonce or commune != hello.get("commune"):
            raise LinkError(
                "The other side answered for another session or another commune. Check which "
                "laptop you connected to.",
                code="unauthenticated_peer",
            )
        return commune

    def _say_goodbye(self) -> None:
        """Both sides hold everything now; "bye" keeps either from hanging up on the other's
        last acknowledgements. After the peer's bye, a dying link no longer matters."""
        self._send("bye")
        with contextlib.suppress(LinkLost):
            self._expect("bye")

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
                self._send("data", k=kind, id=item.id, off=offset, total=len(data),
                           part=data[offset : offset + PIECE])  # fmt: skip
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
            self._handle(_decode(raw))

    def _receive(self) -> dict[str, Any]:
        raw = self.channel.recv(WAIT)
        if raw is None:
            raise LinkLost()
        return _decode(raw)

    def _expect(self, kind: str) -> dict[str, Any]:
        while True:
            message = self._receive()
            if message.get("t") == kind:
                return message
            self._handle(message)

    def _handle(self, message: dict[str, Any]) -> None:
        kind = message.get("t")
        if kind == "data":
            self._piece(message)
        elif kind == "beacon":
            # A beacon we cannot check is not worth a failed session.
            with contextlib.suppress(Forged):
                beacon.remember(self.node, beacon.parse(self.node, bytes(message["data"])))
        elif kind == "done":
            self.peer_done = True
        elif kind in ("hello", "summary", "want"):
            self.peer[str(kind)] = message

    def _piece(self, message: dict[str, Any]) -> None:
        oid, kind = bytes(message["id"]), int(message["k"])
        offset, total, part = int(message["off"]), int(message["total"]), bytes(message["part"])
        if total > segment.MAX_RECORD or kind not in segment.KINDS:
            return
        _, _, got = self.partials.setdefault(oid, (kind, total, bytearray()))
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


def _decode(raw: bytes) -> dict[str, Any]:
    try:
        message: Any = cbor.decode(raw)
    except cbor.CanonicalError as exc:
        raise LinkError(
            "The other side sent something this version does not understand. Update both "
            "laptops to the same Obambu version.",
            code="bad_peer",
        ) from exc
    if not isinstance(message, dict):
        raise LinkError("The other side is not an Obambu node. Check what is connected.")
    return message


def _load_partials(node: Node) -> dict[bytes, tuple[int, int, bytearray]]:
    out = {}
    for oid, total, data in node.store.all("SELECT id, total, data FROM partials"):
        kind, body = int(bytes(data)[0]), bytearray(bytes(data)[1:])
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
