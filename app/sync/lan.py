"""The town hall on its local network: announced to the others, accepting their sync sessions,
and starting one with a town hall it heard of, in one call.

Threads only move bytes: the discovery threads keep the directory, the server thread accepts
connections and queues them. Everything that reads or writes the store (making the signed
announcement, running a session) happens in `poll` and `sync_with`, called on the node's own
thread (the window's worker, or the command line's only thread).
"""

from __future__ import annotations

import contextlib
import queue
import socket
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from app.core.node import Node
from app.sync import discovery
from app.sync.channel import Channel
from app.sync.discovery import Directory, Discovery, Peer
from app.sync.errors import LinkError
from app.sync.progress import Listener, ignore
from app.sync.session import Session, SessionReport
from app.sync.stream import SocketStream

SYNC_PORT = 7420
RENEW = discovery.LIFETIME / 3  # seconds between two fresh announcements
PENDING = 4  # connections waiting for the node at most; more are closed at once


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
    server: socket.socket
    incoming: queue.Queue[tuple[SocketStream, str]] = field(default_factory=queue.Queue)
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
        targets: Iterable[tuple[str, int]] = (("255.255.255.255", discovery.PORT),),
        interval: float = discovery.INTERVAL,
    ) -> LanService:
        """On the node's thread: snapshot the keys, bind both ports, start the threads."""
        try:
            server = socket.create_server((host, port))
        except OSError as exc:
            raise LinkError(
                f"Obambu cannot accept syncs on port {port}: another program uses it. Close it, "
                "or choose another port.",
                code="listen_failed",
            ) from exc
        server.settimeout(0.5)
        directory = Directory(node.network_id, node.commune, discovery.node_keys(node))
        bound = int(server.getsockname()[1])
        finder = Discovery(directory, listen=(host, discovery_port), targets=targets,
                           interval=interval)  # fmt: skip
        service = cls(node.commune, directory, finder, server)
        finder.start(discovery.announcement(node, bound))
        service.renewed = time.monotonic()
        threading.Thread(target=service._accept, daemon=True).start()
        return service

    @property
    def port(self) -> int:
        return int(self.server.getsockname()[1])

    def peers(self) -> list[Peer]:
        return self.directory.peers()

    def renewal_due(self) -> bool:
        return time.monotonic() - self.renewed > RENEW

    def poll(self, node: Node, progress: Listener = ignore) -> list[LanReport]:
        """On the node's thread: renew our announcement and keys when due, and run the sessions
        other town halls opened with us."""
        if self.renewal_due():
            self.finder.renew(discovery.announcement(node, self.port))
            self.directory.update_keys(discovery.node_keys(node))
            self.renewed = time.monotonic()
        done: list[LanReport] = []
        while True:
            try:
                stream, address = self.incoming.get_nowait()
            except queue.Empty:
                return done
            done.append(_run(node, stream, address, incoming=True, progress=progress))

    def sync_with(self, node: Node, peer: Peer, progress: Listener = ignore) -> LanReport:
        """The one action: connect to `peer` and run a session, both sides authenticated."""
        try:
            stream = SocketStream.connect(peer.address, peer.port)
        except LinkError as exc:
            return LanReport(peer.name, False, error=exc.message)
        return _run(node, stream, peer.name, incoming=False, progress=progress)

    def stop(self) -> None:
        self.stopped.set()
        self.finder.stop()
        with contextlib.suppress(OSError):
            self.server.close()

    def _accept(self) -> None:
        while not self.stopped.is_set():
            try:
                sock, (address, _port) = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # closed
            if self.incoming.qsize() >= PENDING:
                sock.close()  # a flood of connections never reaches the store
                continue
            self.incoming.put((SocketStream(sock), address))


def _run(node: Node, stream: SocketStream, who: str, *, incoming: bool,
         progress: Listener) -> LanReport:  # fmt: skip
    began = time.monotonic()
    report = LanReport(who, incoming)
    try:
        with Channel(stream) as channel:
            session = Session(node, channel, progress)
            report.session = session.run()
        if session.peer_commune is not None:  # proved by its node key: name it
            name = node.store.value("SELECT name FROM actors WHERE id = ?", (session.peer_commune,))
            report.peer = str(name or who)
    except LinkError as exc:
        report.error = exc.message
    finally:
        stream.close()
    report.seconds = time.monotonic() - began
    return report
