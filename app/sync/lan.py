"""The town hall on its local network: announced to the others, accepting their sync sessions,
and starting one with a town hall it heard of, in one call.

Threads only move bytes: the discovery threads keep the directory, the gate's threads accept
connections and shake hands with each caller on a copy of the node keys, several at once, so a
caller that stalls holds one handshake slot, never the node. Everything that reads or writes
the store (making the signed announcement, running a session) happens in `poll` and
`sync_with`, called on a thread that may use the node (a job of the window, which shares the
store one call at a time, see Store.lock; or the command line's only thread).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from app.core.node.node import Node
from app.core.progress import Listener, ignore
from app.sync import discovery
from app.sync.channel import Channel
from app.sync.discovery import Directory, Discovery, Peer
from app.sync.errors import LinkError
from app.sync.gate import PER_ADDRESS, Gate
from app.sync.handshake import AUTH_WAIT, Credentials, Handshake
from app.sync.session import Session, SessionReport
from app.sync.signed import feed_name
from app.sync.stream import SocketStream

SYNC_PORT = 7420
RENEW = discovery.LIFETIME / 3  # seconds between two fresh announcements


@dataclass
class LanReport:
    peer: str
    incoming: bool
    session: SessionReport | None = None
    error: str | None = None
    seconds: float = 0.0


@dataclass
class LanService:
    """Announcing, listening and serving, for as long as the application is open."""

    node_commune: bytes
    directory: Directory
    finder: Discovery
    gate: Gate
    renewed: float = 0.0
    stopped: threading.Event = field(default_factory=threading.Event)

    @classmethod
    def start(
        cls,
        node: Node,
        *,
        host: str = "0.0.0.0",
        port: int = SYNC_PORT,
        discovery_port: int = discovery.PORT,
        targets: Iterable[tuple[str, int]] | None = None,  # None: every network's broadcast
        interval: float = discovery.INTERVAL,
        auth_wait: float = AUTH_WAIT,
        per_address: int = PER_ADDRESS,
        on_refused: Callable[[str, str], None] | None = None,
    ) -> LanService:
        """On the node's thread: snapshot the keys, bind both ports, start the threads.
        `auth_wait`, `per_address` and `on_refused` go to the gate (gate.py)."""
        try:
            server = socket.create_server((host, port))
        except OSError as exc:
            raise LinkError(
                f"Obambu cannot accept syncs on port {port}: another program uses it. Close it, "
                "or choose another port.",
                code="listen_failed",
                params={"port": port},
            ) from exc
        directory = Directory(node.network_id, node.feed, discovery.node_keys(node))
        doorway = Gate(
            server,
            Credentials.of(node),
            auth_wait=auth_wait,
            per_address=per_address,
            on_refused=on_refused,
        )
        finder = Discovery(
            directory, listen=(host, discovery_port), targets=targets, interval=interval
        )
        service = cls(node.commune, directory, finder, doorway)
        finder.start(discovery.announcement(node, doorway.port))
        service.renewed = time.monotonic()
        return service

    @property
    def port(self) -> int:
        return self.gate.port

    def peers(self) -> list[Peer]:
        return self.directory.peers()

    def callers_waiting(self) -> bool:
        """Town halls that proved who they are wait for `poll` to serve them."""
        return self.gate.waiting() > 0

    def renewal_due(self) -> bool:
        return time.monotonic() - self.renewed > RENEW

    def poll(self, node: Node, progress: Listener = ignore) -> list[LanReport]:
        """On the node's thread: renew our announcement and keys when due, and run the sessions
        other town halls opened with us."""
        if self.renewal_due():
            self.finder.renew(discovery.announcement(node, self.port))
            self.directory.update_keys(discovery.node_keys(node))
            self.gate.update(Credentials.of(node))
            self.renewed = time.monotonic()
        done: list[LanReport] = []
        while (caller := self.gate.next(0)) is not None:
            done.append(
                _run(
                    node,
                    caller.channel,
                    caller.address,
                    incoming=True,
                    progress=progress,
                    handshake=caller.handshake,
                )
            )
        return done

    def sync_with(self, node: Node, peer: Peer, progress: Listener = ignore) -> LanReport:
        """The one action: connect to `peer` and run a session, both sides authenticated."""
        try:
            stream = SocketStream.connect(peer.address, peer.port)
        except LinkError as exc:
            return LanReport(peer.name, False, error=exc.message)
        return _run(node, Channel(stream), peer.name, incoming=False, progress=progress)

    def stop(self) -> None:
        self.stopped.set()
        self.finder.stop()
        self.gate.close()


def _run(
    node: Node,
    channel: Channel,
    who: str,
    *,
    incoming: bool,
    progress: Listener,
    handshake: Handshake | None = None,
) -> LanReport:
    began = time.monotonic()
    report = LanReport(who, incoming)
    session = Session(node, channel, progress, handshake=handshake)
    try:
        with channel:
            report.session = session.run()
    except LinkError as exc:
        report.error = exc.message
    if session.peer_commune is not None:  # proved by its node key: name it
        report.peer = feed_name(node, session.peer_commune)
    report.seconds = time.monotonic() - began
    return report
