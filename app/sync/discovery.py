"""Finding the town halls of the same network on the local network (a Wi-Fi router, an outdoor
link to a neighbour) without typing addresses.

Each laptop broadcasts, every few seconds, a small UDP datagram: a magic, the network's tag (so
other networks drop it at once) and an announcement signed by its node key, valid for a minute
and a half: its commune id, the TCP port it accepts sync sessions on, when it was made, a
nonce. No member's name, nothing about the ledger.

Plain UDP broadcast rather than mDNS: one datagram type on one port, on any LAN, with the
standard library; mDNS would add a dependency and a name service we do not need.

Receiving is split so the store is only touched on the node's own thread: the listener thread
drops what is not for us (size, magic, network tag, a flood from one address) and checks
signatures against a snapshot of the network's node keys; `Directory` keeps who was heard,
refusing replays (an announcement not newer than the last from that commune), expired ones,
and those dated too far in the future.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from app.core.encoding import cbor
from app.core.encoding.cose import CoseError, parse_sign1, sign1, verify_sign1
from app.core.node.node import Node
from app.sync import interfaces, signed
from app.sync.sealed import network_tag

PORT = 7421  # UDP, next to the TCP sync port 7420
MAGIC = b"OBD1"
MAX_DATAGRAM = 512
LIFETIME = 90  # seconds an announcement is believed
INTERVAL = 5.0  # seconds between two announcements
SKEW = 300  # seconds an announcement may be dated ahead of our clock
BURST, RATE = 20, 5.0  # per source address: a burst, then datagrams per second


@dataclass(frozen=True)
class Peer:
    commune: bytes
    name: str
    address: str  # where its announcement came from
    port: int  # its TCP sync port
    heard: float  # our clock when last heard
    expires: int  # its announcement's end of validity (its clock)


def announcement(node: Node, port: int, now: int | None = None) -> bytes:
    """Our datagram, signed by our node key (made on the node's thread)."""
    now = int(time.time()) if now is None else now
    payload = {"c": node.feed, "p": port, "t": now, "x": now + LIFETIME, "n": os.urandom(8)}
    key = node.keyring.identity(node.feed).current  # a further laptop announces its own feed
    signed = sign1(cbor.encode(payload), key.signing_key, node.network_id)
    return MAGIC + network_tag(node.network_id)[:8] + signed


def node_keys(node: Node) -> dict[bytes, tuple[bytes, bytes, str]]:
    """kid → (feed, public key, name) for every node key in force, and every key of a further
    laptop in service (its feed is its own id; it is named "Ambam (Secrétariat)")."""
    rows = node.store.all(
        "SELECT k.kid, a.id, k.pk, a.name, a.role, c.name FROM keys k "
        "JOIN actors a ON a.id = k.actor LEFT JOIN actors c ON c.id = a.commune "
        "LEFT JOIN laptops l ON l.id = a.id WHERE " + signed.IN_FORCE
    )
    return {
        bytes(kid): (bytes(feed), bytes(pk), f"{town} ({name})" if role == "laptop" else str(name))
        for kid, feed, pk, name, role, town in rows
    }


class Directory:
    """Who of our network was heard, and how many datagrams were refused, by reason."""

    def __init__(
        self, network_id: bytes, own: bytes, keys: dict[bytes, tuple[bytes, bytes, str]]
    ) -> None:
        self.network_id = network_id
        self.tag = network_tag(network_id)[:8]
        self.own = own
        self._keys = keys
        self._peers: dict[bytes, Peer] = {}
        self._newest: dict[bytes, int] = {}
        self._buckets: dict[str, tuple[float, float]] = {}
        self.refused: dict[str, int] = {}
        self._lock = threading.RLock()  # _refuse counts under the lock receive() holds

    def update_keys(self, keys: dict[bytes, tuple[bytes, bytes, str]]) -> None:
        """A key revoked since the last snapshot stops being believed."""
        with self._lock:
            self._keys = keys
            known = {commune for commune, _pk, _name in keys.values()}
            self._peers = {c: p for c, p in self._peers.items() if c in known}

    def receive(self, datagram: bytes, address: str, now: float | None = None) -> Peer | None:
        """The peer this datagram announces, or None (and the reason counted)."""
        clock = time.monotonic() if now is None else now
        wall = int(time.time())
        if not self._allowed(address, clock):
            self._refuse("flood")
            return None
        if len(datagram) > MAX_DATAGRAM or datagram[:4] != MAGIC:
            self._refuse("not_ours")
            return None
        if datagram[4:12] != self.tag:
            self._refuse("other_network")
            return None
        try:
            envelope = parse_sign1(datagram[12:])
            key = self._keys.get(envelope.kid or b"")
            if key is None:
                self._refuse("unknown_key")
                return None
            verify_sign1(envelope, key[1], self.network_id)
            payload: Any = cbor.decode(envelope.payload)
            commune, port, made, until = payload["c"], payload["p"], payload["t"], payload["x"]
        except (CoseError, cbor.CanonicalError, KeyError, TypeError):
            self._refuse("forged")
            return None
        if (
            commune != key[0]
            or not (type(port) is int and 0 < port < 65536)
            or type(made) is not int
            or type(until) is not int
        ):
            self._refuse("forged")
            return None
        if commune == self.own:
            self._refuse("ourselves")
            return None
        if until < wall or until - made > 2 * LIFETIME:
            self._refuse("expired")
            return None
        if made > wall + SKEW:
            self._refuse("future")
            return None
        with self._lock:
            if made <= self._newest.get(commune, -1):
                self._refuse("replayed")
                return None
            self._newest[commune] = made
            peer = Peer(commune, key[2], address, port, clock, until)
            self._peers[commune] = peer
        return peer

    def peers(self) -> list[Peer]:
        """Those whose announcement is still valid, by name."""
        wall = int(time.time())
        with self._lock:
            live = [p for p in self._peers.values() if p.expires >= wall]
        return sorted(live, key=lambda p: p.name)

    def _allowed(self, address: str, clock: float) -> bool:
        # A token bucket per source address: a flood from one machine costs us a dict lookup.
        with self._lock:
            tokens, last = self._buckets.get(address, (float(BURST), clock))
            tokens = min(float(BURST), tokens + (clock - last) * RATE)
            allowed = tokens >= 1
            self._buckets[address] = (tokens - 1 if allowed else tokens, clock)
            if len(self._buckets) > 4096:  # bounded memory whatever the flood
                self._buckets.clear()
        return allowed

    def _refuse(self, reason: str) -> None:
        with self._lock:
            self.refused[reason] = self.refused.get(reason, 0) + 1
        return None


class Discovery:
    """Announces us and listens for others, on two daemon threads.

    `targets`: where announcements go; by default (None) the broadcast address of every network
    this computer is on, looked up again at each round so a Wi-Fi joined later is announced on
    too (app/sync/interfaces.py). Two laptops on one machine (tests, a demo) listen on different
    ports and announce to each other's.
    """

    def __init__(
        self,
        directory: Directory,
        *,
        listen: tuple[str, int] = ("0.0.0.0", PORT),
        targets: Iterable[tuple[str, int]] | None = None,
        interval: float = INTERVAL,
        on_peer: Callable[[Peer], None] | None = None,
    ) -> None:
        self.directory = directory
        self.targets = None if targets is None else list(targets)
        self.port_out = listen[1] or PORT  # where the others listen, when broadcasting
        self.sent_to: list[str] = []  # the last round's destinations that took the datagram
        self.interval = interval
        self.on_peer = on_peer
        self._datagram = b""
        self._stop = threading.Event()
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
        interfaces.quiet_udp_resets(self._sock)
        self._sock.bind(listen)
        self._sock.settimeout(0.5)
        self.port = int(self._sock.getsockname()[1])
        self._threads = [
            threading.Thread(target=self._listen, daemon=True),
            threading.Thread(target=self._announce, daemon=True),
        ]

    def start(self, datagram: bytes) -> Discovery:
        self._datagram = datagram
        for thread in self._threads:
            thread.start()
        return self

    def renew(self, datagram: bytes) -> None:
        """A fresh announcement (made on the node's thread before the last one expires)."""
        self._datagram = datagram

    def announce_now(self) -> None:
        targets = self.targets
        if targets is None:
            targets = [(address, self.port_out) for address in interfaces.broadcasts()]
        sent = []
        for target in targets:
            # No route to that network now (cable out, Wi-Fi down): try again next round.
            with contextlib.suppress(OSError):
                self._sock.sendto(self._datagram, target)
                sent.append(target[0])
        self.sent_to = sent

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            if thread.ident is not None:  # stopped before it was started: nothing to wait for
                thread.join(2.0)
        self._sock.close()

    def _announce(self) -> None:
        while not self._stop.is_set():
            self.announce_now()
            self._stop.wait(self.interval)

    def _listen(self) -> None:
        while not self._stop.is_set():
            try:
                datagram, (address, _port) = self._sock.recvfrom(MAX_DATAGRAM + 1)
            except (TimeoutError, ConnectionResetError):
                continue  # a reset: an ICMP "port unreachable" for one we sent (Windows)
            except OSError:
                return  # closed
            peer = self.directory.receive(datagram, address)
            if peer is not None and self.on_peer is not None:
                self.on_peer(peer)
