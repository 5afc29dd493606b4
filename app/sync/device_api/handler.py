"""HTTP: one connection's requests, bounded in bytes and time, answered from the snapshot or
refused with one sentence. The stdlib's http.server does the parsing."""

from __future__ import annotations

import contextlib
import json
import socket
import socketserver
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, BinaryIO, Protocol

from app.sync import interfaces
from app.sync.device_api.network import is_local_address
from app.sync.device_api.sessions import Refused, Sessions
from app.sync.device_api.snapshot import Snapshot
from app.sync.device_api.status_page import render_status
from app.sync.device_api.wire import MAX_BODY, REFUSALS

REQUEST_LINE = 1024  # bytes of the request line
HEAD_BYTES = 8192  # request line and headers together
TIMEOUT = 5.0  # seconds any one read or write may wait
DEADLINE = 10.0  # seconds a whole request may take, from its first byte awaited
MAX_CONNECTIONS = 64
LINGER = 0.25  # seconds a refused connection is read from before it is closed
CSP = "default-src 'none'; style-src 'unsafe-inline'"
PER_ADDRESS = 16  # connections open at once from one address
_BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
    b"X-Obambu-Error: busy\r\nConnection: close\r\nContent-Length: "
    + str(len(REFUSALS["busy"][1])).encode()
    + b"\r\n\r\n"
    + REFUSALS["busy"][1].encode()
)


_HTTP_CODES = {  # what http.server itself refuses, in our words
    400: "malformed",
    404: "not_found",
    405: "method",
    413: "too_large",
    414: "malformed",
    431: "malformed",
    501: "method",
    505: "malformed",
}


class _TooLong(Exception):
    pass


class _Bounded:
    """The request's input with a byte budget: headers and body cannot grow without end."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.left = 0

    def readline(self, limit: int = -1) -> bytes:
        if self.left <= 0:
            raise _TooLong
        size = self.left if limit < 0 else min(limit, self.left)
        line = self.raw.readline(size)
        self.left -= len(line)
        if self.left <= 0 and not line.endswith(b"\n"):
            raise _TooLong
        return line

    def read(self, size: int) -> bytes:
        if size > self.left:
            raise _TooLong
        data = self.raw.read(size)
        self.left -= len(data)
        return data

    def close(self) -> None:
        self.raw.close()


class Host(Protocol):
    """What the handler needs of the service that runs it (service.DeviceApi): named here so the
    handler does not import the service that imports it."""

    timeout: float
    snapshot: Snapshot
    sessions: Sessions

    def status(self) -> dict[str, Any]: ...
    def _admit(self, connection: Any, address: str) -> bool: ...
    def _release(self, connection: Any, address: str) -> None: ...
    def _count(self, code: str | None) -> None: ...
    def _arm(self, connection: Any) -> None: ...


class Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = False  # set by interfaces.listening: not SO_REUSEADDR on Windows
    request_queue_size = 64
    api: Host

    def server_bind(self) -> None:
        interfaces.listening(self.socket)
        socketserver.TCPServer.server_bind(self)  # no reverse lookup of our own name
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self.api._admit(request, str(client_address[0])):
            try:
                request.settimeout(0.5)
                request.sendall(_BUSY)
            except OSError:
                pass
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.api._release(request, str(client_address[0]))

    def handle_error(self, request: Any, client_address: Any) -> None:
        self.api._count("internal")  # a handler bug: the connection is dropped, nothing printed


class Server6(Server):
    address_family = socket.AF_INET6


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body leave at once, not 40 ms apart
    server_version = "Obambu"
    sys_version = ""
    server: Server
    rfile: Any

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.api.timeout)
        self.rfile = _Bounded(self.rfile)
        self._linger = False

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            if self._linger:
                _linger(self.connection)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def handle_one_request(self) -> None:
        api = self.server.api
        api._arm(self.connection)
        self.rfile.left = HEAD_BYTES
        self.command, self.request_version, self.requestline = "", "HTTP/1.1", ""
        try:
            line = self.rfile.readline(REQUEST_LINE + 1)
            if not line:
                self.close_connection = True
                return
            address = str(self.client_address[0])
            if len(line) > REQUEST_LINE:
                self._refuse("malformed")
                return
            if not api.sessions.allow(address):
                self._refuse("rate_limited")
                return
            self.raw_requestline = line
            if not self.parse_request():
                return  # refused by send_error below
            if self.request_version == "HTTP/0.9":  # would be answered without a status line
                self._refuse("malformed")
                return
            self._dispatch(address)
            self.wfile.flush()
        except _TooLong:
            self._refuse("malformed")
        except (TimeoutError, ConnectionError, OSError):
            self.close_connection = True

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        self._refuse(_HTTP_CODES.get(code, "malformed"))  # never the stdlib's echo of the request

    def _dispatch(self, address: str) -> None:
        api = self.server.api
        snapshot = api.snapshot
        path, method = self.path, self.command
        if path in ("/v1/hello", "/v1/session"):
            if method != "POST":
                self._refuse("method", allow="POST")
                return
            body = self._body()
            if body is None:
                return
            step = api.sessions.hello if path == "/v1/hello" else api.sessions.session
            try:
                answer = step(snapshot, body, address)
            except Refused as exc:
                self._refuse(exc.code)
                return
            self._send(answer)
            return
        if path in ("/status", "/status.json"):
            if method != "GET":
                self._refuse("method", allow="GET")
            elif not is_local_address(address):
                self._refuse("not_local")
            elif self._no_body():
                page = api.status()
                if path == "/status.json":
                    self._send(json.dumps(page, indent=1).encode(), "application/json")
                else:
                    self._send(render_status(page).encode(), "text/html; charset=utf-8")
            return
        if not path.startswith("/v1/"):
            self._refuse("not_found")
            return
        if method != "GET":
            self._refuse("method", allow="GET")
            return
        if not self._no_body():
            return
        try:
            board = api.sessions.bearer(snapshot, self.headers.get("Authorization"), address)
        except Refused as exc:
            self._refuse(exc.code)
            return
        if path == "/v1/config":
            self._send(snapshot.config(board))
        elif path == "/v1/content_index":
            self._send(snapshot.index(board.kind))
        elif path.startswith("/v1/content/"):
            wanted = path[len("/v1/content/") :]
            try:
                cid = bytes.fromhex(wanted) if len(wanted) == 32 else b""
            except ValueError:
                cid = b""
            found = snapshot.content(board.kind, cid) if cid else None
            if found is None:
                self._refuse("not_found")
            else:
                self._send(found.data)
        else:
            self._refuse("not_found")

    def _body(self) -> bytes | None:
        if self.headers.get("Transfer-Encoding") is not None:
            self._refuse("malformed")
            return None
        length = self.headers.get_all("Content-Length") or []
        if len(length) != 1 or not (length[0].isascii() and length[0].isdigit()):
            self._refuse("malformed")
            return None
        size = int(length[0]) if len(length[0]) <= 12 else MAX_BODY + 1
        if size > MAX_BODY:
            self._refuse("too_large")
            return None
        self.rfile.left += size
        data = self.rfile.read(size)
        if len(data) != size:
            self.close_connection = True  # the client left half way
            return None
        return bytes(data)

    def _no_body(self) -> bool:
        length = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding") is not None or length not in (None, "0"):
            self._refuse("malformed")
            return False
        return True

    def _send(self, body: bytes, content_type: str = "application/octet-stream") -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        if content_type.startswith("text/html"):
            self.send_header("Content-Security-Policy", CSP)
            self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)
        self.server.api._count(None)

    def _refuse(self, code: str, *, allow: str | None = None) -> None:
        status, sentence = REFUSALS[code]
        body = sentence.encode()
        self.close_connection = True
        self._linger = True
        self.request_version = "HTTP/1.1"  # always a status line, even to a garbled request
        self.server.api._count(code)
        try:
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("X-Obambu-Error", code)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            if status == HTTPStatus.TOO_MANY_REQUESTS:
                self.send_header("Retry-After", "1")
            if allow is not None:
                self.send_header("Allow", allow)
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()
        except OSError:
            pass


def _linger(connection: Any) -> None:
    """A refused request may have left bytes unread; closing on them would reset the connection
    and could destroy the refusal on its way. So: no more writing, read what still comes for a
    moment (a bounded moment, and a bounded amount), then close."""
    with contextlib.suppress(OSError):
        connection.shutdown(socket.SHUT_WR)
        connection.settimeout(LINGER)
        until = time.monotonic() + LINGER
        left = 65536
        while left > 0 and time.monotonic() < until:
            got = connection.recv(min(left, 16384))
            if not got:
                break
            left -= len(got)


def cut(connection: Any) -> None:
    with contextlib.suppress(OSError):
        connection.shutdown(socket.SHUT_RDWR)
