"""Byte streams under a link: serial ports (real, pty, ``loop://``, ``socket://``) and TCP sockets.

A `Channel` needs only three calls, so anything with them (a test's fault injector, a
throttled in-process wire) can stand in for a real port. Failures to open become a `LinkError`
with a sentence for the clerk; failures after opening become `LinkLost`.
"""

from __future__ import annotations

import contextlib
import errno
import socket
import sys
from collections.abc import Callable
from typing import Any, Protocol

import serial

from app.sync.errors import LinkError, LinkLost

READ_TIMEOUT = 0.05  # short, so that a reader thread notices `close()` quickly


class ByteStream(Protocol):
    """A duplex byte pipe.

    `read(n)` waits at most the stream's own (short) timeout for data and returns what is there,
    between 1 and `n` bytes, or b"" when nothing came. `write` blocks until `data` is handed to
    the device and returns its length. Both raise `LinkLost` once the other end is gone.
    """

    def read(self, n: int) -> bytes: ...

    def write(self, data: bytes) -> int: ...

    def close(self) -> None: ...


class SerialStream:
    """A pyserial port as a `ByteStream`: returns as soon as some bytes arrived."""

    def __init__(self, port: Any, name: str) -> None:
        self._port = port
        self.name = name

    def read(self, n: int) -> bytes:
        try:
            # read(1) is the only call that waits; whatever else arrived meanwhile comes along
            # without waiting again (pyserial's read(n) would wait for all n bytes).
            data = bytes(self._port.read(1))
            if data and n > 1:
                waiting = int(self._port.in_waiting)
                if waiting:
                    data += bytes(self._port.read(min(waiting, n - 1)))
        except (serial.SerialException, OSError) as exc:
            raise self._lost() from exc
        return data

    def write(self, data: bytes) -> int:
        try:
            written = self._port.write(data)
        except (serial.SerialException, OSError) as exc:
            raise self._lost() from exc
        return len(data) if written is None else int(written)

    def close(self) -> None:
        self._port.close()

    def _lost(self) -> LinkLost:
        return LinkLost(
            f"The port {self.name} stopped working: check that the relay is still plugged in, "
            "then sync again."
        )


def open_port(
    url_or_device: str, baudrate: int = 115200, timeout: float = READ_TIMEOUT
) -> SerialStream:
    """Open a serial device or a pyserial URL (``loop://``, ``socket://host:port``, a pty path).

    The port is locked for exclusive use, so a second program (or a second Obambu window)
    cannot interleave its bytes with ours; that case gets its own sentence.
    """
    try:
        port = serial.serial_for_url(
            url_or_device, baudrate=baudrate, timeout=timeout, exclusive=True
        )
    except (serial.SerialException, OSError, ValueError) as exc:
        raise _open_error(url_or_device, exc) from exc
    return SerialStream(port, url_or_device)


def _open_error(name: str, exc: Exception) -> LinkError:
    code = getattr(exc, "errno", None)
    text = str(exc)
    if code in (errno.EBUSY, errno.EAGAIN, errno.EWOULDBLOCK) or (
        sys.platform == "win32" and ("Access is denied" in text or "PermissionError" in text)
    ):  # Windows reports a port held by another program as "access denied"
        return LinkError(
            f"The port {name} is busy: close the other program using it and try again.",
            code="port_busy",
        )
    if code in (errno.ENOENT, errno.ENODEV, errno.ENXIO) or "FileNotFoundError" in text:
        return LinkError(
            f"The port {name} does not exist: plug the relay in, check the cable, then pick the "
            "port again.",
            code="port_missing",
        )
    if code == errno.EACCES:
        return LinkError(
            f"Obambu may not open the port {name}: add your user to the 'dialout' group, "
            "log out and in again, then retry.",
            code="port_denied",
        )
    if isinstance(exc, ValueError):
        return LinkError(
            f"The port setting {name!r} is not valid: pick the port again from the list.",
            code="port_invalid",
        )
    return LinkError(
        f"The port {name} could not be opened ({text}): unplug and replug the relay, then try "
        "again.",
        code="port_failed",
    )


class SocketStream:
    """A connected TCP (or socketpair) socket as a `ByteStream`."""

    def __init__(self, sock: socket.socket, timeout: float = READ_TIMEOUT) -> None:
        self._sock = sock
        sock.settimeout(timeout)
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            # Acks are tiny and latency-bound: never hold them back to coalesce (Nagle).
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    @classmethod
    def connect(cls, host: str, port: int, *, timeout: float = 10.0) -> SocketStream:
        """Connect to a laptop that is listening (`listen`)."""
        try:
            sock = socket.create_connection((host, port), timeout=timeout)
        except ConnectionRefusedError as exc:
            raise LinkError(
                f"Nobody is listening at {host}:{port}: start the sync on the other laptop "
                "first, then try again.",
                code="peer_unreachable",
            ) from exc
        except OSError as exc:
            raise LinkError(
                f"The laptop at {host}:{port} cannot be reached: check the network address "
                "and the cable or Wi-Fi, then try again.",
                code="peer_unreachable",
            ) from exc
        return cls(sock)

    @classmethod
    def listen(
        cls,
        host: str,
        port: int,
        *,
        accept_timeout: float | None = 300.0,
        on_listening: Callable[[int], None] | None = None,
    ) -> SocketStream:
        """Wait for one laptop to connect and return the connection.

        `on_listening` gets the port actually bound (useful with port 0) before waiting, so a
        screen can show the address to type on the other laptop.
        """
        try:
            server = socket.create_server((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                message = (
                    f"The port {port} is already in use: close the other program using it, "
                    "or choose another port."
                )
            else:
                message = (
                    f"Obambu cannot listen on {host}:{port}: choose another address or port "
                    "and try again."
                )
            raise LinkError(message, code="listen_failed", params={"port": port}) from exc
        with server:
            server.settimeout(accept_timeout)
            if on_listening is not None:
                on_listening(int(server.getsockname()[1]))
            try:
                sock, _ = server.accept()
            except TimeoutError as exc:
                raise LinkError(
                    "No laptop connected in time: start the sync on the other laptop, "
                    "then try again.",
                    code="peer_unreachable",
                ) from exc
        return cls(sock)

    def read(self, n: int) -> bytes:
        try:
            data = self._sock.recv(n)
        except TimeoutError:
            return b""
        except OSError as exc:
            raise self._lost() from exc
        if not data:  # end of stream: the other side closed its socket
            raise self._lost()
        return data

    def write(self, data: bytes) -> int:
        try:
            self._sock.sendall(data)
        except OSError as exc:
            raise self._lost() from exc
        return len(data)

    def close(self) -> None:
        with contextlib.suppress(OSError):  # already disconnected
            self._sock.shutdown(socket.SHUT_RDWR)
        self._sock.close()

    @staticmethod
    def _lost() -> LinkLost:
        return LinkLost(
            "The other laptop closed the connection: check the network, then sync again on "
            "both laptops."
        )
