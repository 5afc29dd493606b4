"""Where other laptops connect: a TCP listener that shakes hands with each caller on a thread of
its own and hands over only the callers that proved they are town halls of the network.

A caller that says nothing, says it slowly, floods, or sends something malformed costs one
handshake slot until the handshake's limits end it (handshake.py), then is counted and
forgotten; the gate goes on accepting. At most `per_address` handshakes run at once for one
address and `handshakes` in all; at most `waiting` proven callers wait for the node. A
connection beyond those is closed at once. Nothing here touches the store.
"""

from __future__ import annotations

import contextlib
import errno
import queue
import socket
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType

from app.sync.channel import Channel
from app.sync.deadline import Deadline
from app.sync.errors import LinkError
from app.sync.handshake import AUTH_WAIT, PRE_AUTH, Credentials, Handshake, shake_hands
from app.sync.stream import SocketStream

PER_ADDRESS = 8
HANDSHAKES = 32
WAITING = 4
LINK_TIMEOUT = 20.0  # seconds of silence before a link is lost (as `obambu sync tcp`)
LISTEN_WAIT = 300.0  # seconds a one-off listener waits for a town hall of the network


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on `host:port`, or a sentence saying why not."""
    try:
        return socket.create_server((host, port))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            message = (
                f"The port {port} is already in use: close the other program using it, or "
                "choose another port."
            )
        else:
            message = (
                f"Obambu cannot listen on {host}:{port}: choose another address or port and "
                "try again."
            )
        raise LinkError(message, code="listen_failed", params={"port": port}) from exc


@dataclass(frozen=True)
class Caller:
    """A proven caller: its channel, open and ready for a session."""

    channel: Channel
    handshake: Handshake
    address: str


class Gate:
    """Listening on `server` until `close`; `next` gives the proven callers, in order.

    `on_refused(address, sentence)` is told of each caller turned away (from the gate's
    threads); `refused` counts them by error code ("busy" when a limit was reached).
    """

    def __init__(
        self,
        server: socket.socket,
        credentials: Credentials,
        *,
        auth_wait: float = AUTH_WAIT,
        link_timeout: float = LINK_TIMEOUT,
        per_address: int = PER_ADDRESS,
        handshakes: int = HANDSHAKES,
        waiting: int = WAITING,
        on_refused: Callable[[str, str], None] | None = None,
    ) -> None:
        self.server = server
        self.auth_wait = auth_wait
        self.link_timeout = link_timeout
        self.per_address = per_address
        self.handshakes = handshakes
        self.on_refused = on_refused
        self.refused: Counter[str] = Counter()
        self._credentials = credentials
        self._proven: queue.Queue[Caller] = queue.Queue(maxsize=waiting)
        self._busy: Counter[str] = Counter()  # handshakes running, by address
        self._shaking: set[Channel] = set()
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        server.settimeout(0.2)
        self._thread = threading.Thread(target=self._accept, name="gate", daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        return int(self.server.getsockname()[1])

    def update(self, credentials: Credentials) -> None:
        """Node keys changed (a commune joined, a key was revoked): later handshakes use these."""
        with self._lock:
            self._credentials = credentials

    def waiting(self) -> int:
        """How many proven callers wait for the node."""
        return self._proven.qsize()

    def next(self, timeout: float | None = None) -> Caller | None:
        """The next proven caller, or None if none came within `timeout` seconds."""
        try:
            return self._proven.get(timeout=timeout)
        except queue.Empty:
            return None

    def close(self) -> None:
        """Stop accepting; callers still shaking hands or waiting are hung up on."""
        with self._lock:
            self._stopped.set()
            shaking = list(self._shaking)
        with contextlib.suppress(OSError):
            self.server.close()
        self._thread.join(2.0)
        for channel in shaking:
            channel.close()
        while (caller := self.next(0)) is not None:
            caller.channel.close()

    def __enter__(self) -> Gate:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                sock, peer = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # closed
            address = str(peer[0])
            credentials = self._admit(address)
            if credentials is None:
                sock.close()  # a flood of connections costs an accept and a close
                self._refuse(address, "busy", "Too many connections at once: try again later.")
                continue
            threading.Thread(
                target=self._shake,
                args=(sock, address, credentials),
                name=f"handshake {address}",
                daemon=True,
            ).start()

    def _admit(self, address: str) -> Credentials | None:
        """The credentials for one more handshake with `address`, or None if over a limit."""
        with self._lock:
            if (
                self._busy[address] >= self.per_address
                or sum(self._busy.values()) >= self.handshakes
                or self._proven.full()
            ):
                return None
            self._busy[address] += 1
            return self._credentials

    def _shake(self, sock: socket.socket, address: str, credentials: Credentials) -> None:
        channel: Channel | None = None
        handed = False
        try:
            channel = Channel(SocketStream(sock), timeout=self.link_timeout, **PRE_AUTH)
            with self._lock:
                self._shaking.add(channel)
            if not self._stopped.is_set():
                proven = shake_hands(channel, credentials, self.auth_wait)
                with self._lock:
                    if not self._stopped.is_set():
                        self._proven.put_nowait(Caller(channel, proven, address))
                        handed = True
        except LinkError as exc:
            if not self._stopped.is_set():  # hung up on by `close`: nothing to tell
                self._refuse(address, exc.code, exc.message)
        except queue.Full:
            self._refuse(address, "busy", "Too many town halls at once: try again later.")
        except Exception:  # one caller, whatever it sent, never ends the gate
            if not self._stopped.is_set():
                self._refuse(
                    address, "bad_peer", "It broke the protocol: check which laptop connected."
                )
        finally:
            with self._lock:
                if channel is not None:
                    self._shaking.discard(channel)
                self._busy[address] -= 1
                if self._busy[address] <= 0:
                    del self._busy[address]
            if channel is None:
                sock.close()
            elif not handed:
                channel.close()

    def _refuse(self, address: str, code: str, sentence: str) -> None:
        with self._lock:
            self.refused[code] += 1
        if self.on_refused is not None:
            self.on_refused(address, sentence)


def first_caller(
    gate: Gate, wait: float = LISTEN_WAIT, check: Callable[[], None] = lambda: None
) -> Caller:
    """The first proven caller within `wait` seconds; callers turned away meanwhile do not end
    the wait. `check` runs between short waits (it may raise, to stop waiting)."""
    deadline = Deadline(wait)
    while (pause := deadline.pause(0.2)) is not None:
        caller = gate.next(pause)
        if caller is not None:
            return caller
        check()
    raise LinkError(
        "No town hall of your network connected in time: start the sync on the other laptop, "
        "then try again.",
        code="peer_unreachable",
    )
