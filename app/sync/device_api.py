"""The device API: a small HTTP service the app runs while it is open, for the boards of the
commune on Wi-Fi (a "low-tech box" display in the town hall, a relay with Wi-Fi), and the
node's read-only status page for technicians on the LAN. docs/device-api.md is the reference.

Nothing here touches the store from the HTTP threads. `Snapshot.build` runs on the worker (the
thread that owns the node) and gathers everything the API may serve; the server only ever reads
the current snapshot, swapped in whole by `DeviceApi.update`. A board proves who it is with the
Ed25519 key registered in the ledger (DEVICE_REGISTER): hello → challenge, session → signed
challenge → token, then token-authenticated GETs. An unregistered, retired or foreign board gets
a clear refusal and nothing else.

Bodies are binary and little-endian so the C core (firmware/core/devapi.c) needs no JSON.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import ipaddress
import json
import secrets
import socket
import socketserver
import struct
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import MappingProxyType
from typing import Any, BinaryIO

import nacl.exceptions
import nacl.signing

from app.core.devices import devices as boards
from app.core.errors import NotFound, ObambuError
from app.core.ledger.objects import object_id, parse_block
from app.core.node.node import Node
from app.sync import beacon, health, segment
from app.sync.delta import GOVERNANCE, Class
from app.sync.relay import MAX_OBJECT, Badge, DisplayItem, display_request, relay_tag, seal_object

# --- the wire formats (docs/device-api.md) ------------------------------------------------------

CONTEXT = b"OBAMBU-DEVICE-HELLO-1"  # signed with the network tag, device and challenge
MAX_BODY = 256  # no request needs more
CHALLENGE_S = 30  # a challenge lives this long, and serves once
TOKEN_S = 600  # a session token lives this long
POLL_S = 60  # how often a board should look at content_index
DISPLAY_ITEMS = 8
RELAY_OBJECTS = 32  # the most recent blocks offered to a relay
RECENT = 5000  # threads, and replies, looked at for the display

HELLO = struct.Struct("<8s8s")  # device, network tag
GRANT = struct.Struct("<16sI")  # challenge or token, seconds it stays valid
SESSION = struct.Struct("<8s16s64s")  # device, challenge, signature
CONFIG_MAGIC = b"OBDV"
CONFIG_FORMAT = 1
# magic, format, kind, flags, network tag, device, commune, poll s, content version, token s,
# snapshot time (Unix s), board name, commune name
CONFIG = struct.Struct("<4sHBB8s8s8sIIII24s24s")
INDEX_HEAD = struct.Struct("<IH")  # content version, count
INDEX_ENTRY = struct.Struct("<16sBBI")  # id, type, class, length

KINDS = {"relay": 0, "display": 1}
DISPLAY, OBJECT = 0, 1  # content types
AUTH_SCHEME = "Obambu "

# --- refusals ---------------------------------------------------------------------------------

REFUSALS: dict[str, tuple[int, str]] = {
    "malformed": (400, "The request is malformed: update the board's firmware to match Obambu."),
    "too_large": (413, "The request body is too large: device requests are at most 256 bytes."),
    "not_found": (404, "There is nothing at this address."),
    "method": (405, "This method is not allowed at this address."),
    "rate_limited": (429, "Too many requests from this address: wait a few seconds, then retry."),
    "busy": (503, "The laptop is serving too many connections: try again in a few seconds."),
    "other_network": (
        403,
        "This board belongs to another network: configure it again from a laptop of this one.",
    ),
    "unknown_device": (
        403,
        "This board is not registered in this network: register it on the Devices screen first.",
    ),
    "device_retired": (
        403,
        "This board was retired: register it again before it may receive anything.",
    ),
    "challenge_unknown": (
        401,
        "This challenge is unknown, already used or expired: say hello again.",
    ),
    "bad_signature": (
        401,
        "The signature does not match the board's registered key: configure the board again.",
    ),
    "token_missing": (401, "This request needs a session token: say hello first."),
    "token_unknown": (401, "This session token is unknown or expired: say hello again."),
    "not_local": (403, "The status page is only served to addresses of the local network."),
}

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


class DeviceApiError(ObambuError):
    code = "device_api_error"


# --- the snapshot -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Device:
    id: bytes
    kind: str  # "relay" or "display"
    name: str
    pk: bytes
    commune: bytes
    commune_name: str
    retired: bool


@dataclass(frozen=True)
class Content:
    id: bytes  # 16 bytes
    type: int  # DISPLAY or OBJECT
    cls: int  # the relay class (0 governance, 1 blocks); 0 for the display
    data: bytes


_BADGES = {"valid": Badge.VALID, "revoked": Badge.INVALID, "pending": Badge.UNSIGNED}


@dataclass(frozen=True)
class Snapshot:
    """Everything the API may serve, taken on the worker at one point; read-only afterwards."""

    tag: bytes  # the network tag (relay_tag)
    devices: Mapping[bytes, Device] = field(default_factory=dict)
    items: tuple[DisplayItem, ...] = ()
    objects: tuple[Content, ...] = ()
    status: Mapping[str, Any] = field(default_factory=dict)
    built: float = 0.0  # Unix time
    display: Content = field(init=False, repr=False, compare=False)
    version: int = field(init=False, repr=False, compare=False)
    _contents: Mapping[bytes, Content] = field(init=False, repr=False, compare=False)
    _indexes: Mapping[str, bytes] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.tag) != 8:
            raise ValueError("a network tag has 8 bytes")
        body = display_request(self.items)[1:]  # the DISPLAY_PUT body, type byte off
        display = Content(hashlib.sha256(body).digest()[:16], DISPLAY, 0, body)
        everything = (display, *self.objects)
        version = int.from_bytes(
            hashlib.sha256(b"".join(c.id for c in everything)).digest()[:4], "little"
        )
        indexes = {}
        for kind in KINDS:
            listed = everything if kind == "relay" else (display,)
            indexes[kind] = INDEX_HEAD.pack(version, len(listed)) + b"".join(
                INDEX_ENTRY.pack(c.id, c.type, c.cls, len(c.data)) for c in listed
            )
        set_ = object.__setattr__
        set_(self, "devices", MappingProxyType(dict(self.devices)))
        set_(self, "status", MappingProxyType(dict(self.status)))
        set_(self, "display", display)
        set_(self, "version", version)
        set_(self, "_contents", MappingProxyType({c.id: c for c in everything}))
        set_(self, "_indexes", MappingProxyType(indexes))

    @classmethod
    def build(cls, node: Node, *, objects: int = RELAY_OBJECTS) -> Snapshot:
        """Reads the node: call it on the worker thread, never from an HTTP thread."""
        with node.overlay():  # our own unsent words show as such, and a pending retire counts
            items = _display_items(node)
            devices = _devices(node)
        return cls(
            tag=relay_tag(node.network_id),
            devices=devices,
            items=tuple(items),
            objects=tuple(_relay_objects(node, objects)),
            status=_status(node),
            built=time.time(),
        )

    def index(self, kind: str) -> bytes:
        return self._indexes[kind]

    def content(self, kind: str, cid: bytes) -> Content | None:
        """The content `cid` if a board of `kind` may have it."""
        found = self._contents.get(cid)
        if found is None or (found.type == OBJECT and kind != "relay"):
            return None
        return found

    def config(self, device: Device) -> bytes:
        return CONFIG.pack(
            CONFIG_MAGIC,
            CONFIG_FORMAT,
            KINDS[device.kind],
            0,
            self.tag,
            device.id,
            device.commune[:8],
            POLL_S,
            self.version,
            TOKEN_S,
            int(self.built) & 0xFFFFFFFF,
            _padded(device.name, 24),
            _padded(device.commune_name, 24),
        )


def _padded(text: str, size: int) -> bytes:
    data = text.encode()[:size]
    return data.decode(errors="ignore").encode()  # never half a character


def _display_items(node: Node) -> list[DisplayItem]:
    """The latest P0/P1 threads and replies (P0 first, then the newest; a block's later seq
    breaks ties within a second), with the forum screen's badges; hidden replies stay off.

    Only the RECENT newest threads and replies are looked at (the tables have no index on
    priority): a notice older than that is no news for a board, and the worker stays quick."""
    signer = (  # the key that signed the row's transaction: revoked since, or not
        "SELECT k.revoked FROM txs x LEFT JOIN keys k ON k.kid = substr(x.data, 9, 8) WHERE x.id"
    )
    rows = node.store.all(
        "SELECT title, '', prio, created, author, seq, "
        f"  ({signer} = t.id), id FROM (SELECT * FROM threads ORDER BY rowid DESC LIMIT ?) t"
        "  WHERE prio <= 1 "
        "UNION ALL "
        "SELECT (SELECT title FROM threads h WHERE h.id = p.thread), body, prio, created, author, "
        f"  seq, ({signer} = p.id), id FROM (SELECT * FROM posts ORDER BY rowid DESC LIMIT ?) p"
        "  WHERE prio <= 1 AND coalesce((SELECT m.action FROM moderation m WHERE m.post = p.id"
        "    AND m.action IN ('hide', 'restore') ORDER BY m.rowid DESC LIMIT 1), '') != 'hide' "
        "ORDER BY 3, 4 DESC, 6 DESC, 8 LIMIT ?",
        (RECENT, RECENT, DISPLAY_ITEMS),
    )
    items = []
    for title, body, prio, _created, author, seq, revoked, _id in rows:
        pending = (
            node.pending_seq is not None
            and bytes(author) == node.commune
            and seq >= node.pending_seq
        )
        badge = "pending" if pending else "revoked" if revoked else "valid"
        text = str(title) if not body else f"{title}: {' '.join(str(body).split())}"
        items.append(DisplayItem(int(prio), _BADGES[badge], text))
    return items


def _devices(node: Node) -> dict[bytes, Device]:
    return {
        bytes(i): Device(
            bytes(i),
            str(kind),
            str(name),
            bytes(pk),
            bytes(commune),
            str(cname or ""),
            retired is not None,
        )
        for i, kind, name, pk, commune, retired, cname in node.store.all(
            "SELECT d.id, d.kind, d.name, d.pk, d.commune, d.retired, a.name FROM devices d "
            "LEFT JOIN actors a ON a.id = d.commune"
        )
    }


def _relay_objects(node: Node, most: int) -> list[Content]:
    """The `most` newest blocks, sealed with the transport key as relay.push_blocks does; a block
    holding governance transactions goes in class 0, the others in class 1."""
    if most <= 0:
        return []
    try:
        epoch, key = beacon.writing_key(node)
    except NotFound:
        return []
    marks = {int(t) for t in GOVERNANCE}
    rows = node.store.all("SELECT id, data FROM blocks ORDER BY rowid DESC LIMIT ?", (most,))
    out = []
    for oid, data in reversed(rows):  # applying order: parents first
        blob = seal_object(segment.BLOCK, bytes(data), key, epoch)
        if len(blob) > MAX_OBJECT:
            continue  # a stick's job
        governance = any(  # by primary key: txs has no index on its block
            node.store.value("SELECT type FROM txs WHERE id = ?", (object_id(tx),)) in marks
            for tx in parse_block(bytes(data)).txs
        )
        cls = Class.GOVERNANCE if governance else Class.BLOCKS
        out.append(Content(bytes(oid)[:16], OBJECT, int(cls), blob))
    return out


def _status(node: Node) -> dict[str, Any]:
    store = node.store
    names = {
        bytes(i): str(n) for i, n in store.all("SELECT id, name FROM actors WHERE id = commune")
    }
    feeds = [
        {"commune": names.get(bytes(a), bytes(a).hex()), "id": bytes(a).hex(), "head": int(s)}
        for a, s in store.all("SELECT author, head_seq FROM feeds")
    ]
    found = []
    for row in boards.latest(store):
        report = row["report"]
        found.append(
            {
                "id": row["id"].hex(),
                "name": row["name"],
                "kind": row["kind"],
                "commune": names.get(row["commune"], row["commune"].hex()),
                "firmware": row["firmware"],
                "retired": row["retired"] is not None,
                "report": None
                if report is None
                else {
                    "received": row["received"],
                    "sequence": report.sequence,
                    "uptime_s": report.status.uptime_s,
                    "queued": report.status.queued,
                    "battery_mv": report.status.battery_mv,
                    "last_contact_s": {
                        n: c.last_contact_s
                        for n, c in zip(boards.LINK_NAMES, report.status.links, strict=True)
                    },
                },
            }
        )
    return {
        "commune": (store.meta("commune_name") or b"").decode(),
        "feeds": sorted(feeds, key=lambda f: str(f["commune"])),
        "pending": node.pending_count(),
        "syncs": [
            {"commune": r["commune"], "time": r["time"], "behind": r["behind"]}
            for r in health.report(node)
        ],
        "devices": found,
    }


# --- who may see the status page --------------------------------------------------------------

_LOCAL = [
    ipaddress.ip_network(n)
    for n in (
        "127.0.0.0/8",
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "169.254.0.0/16",
        "::1/128",
        "fc00::/7",
        "fe80::/10",
    )
]


def is_local_address(address: str) -> bool:
    """Loopback, RFC 1918, link-local or unique-local: the status page's only readers."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip.version == n.version and ip in n for n in _LOCAL)


def interfaces() -> list[tuple[str, str]]:
    """(name, IPv4 address) of this machine's interfaces, for the technician to pick one."""
    found: list[tuple[str, str]] = []
    if sys.platform.startswith("linux"):
        import fcntl

        siocgifaddr = 0x8915
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            for _, name in socket.if_nameindex():
                request = struct.pack("256s", name.encode()[:15])
                try:
                    answer = fcntl.ioctl(probe.fileno(), siocgifaddr, request)
                except OSError:
                    continue  # no IPv4 address on it
                found.append((name, socket.inet_ntoa(answer[20:24])))
    return found or [("loopback", "127.0.0.1")]


# --- the gate: challenges, tokens, rate -------------------------------------------------------


class Refused(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class _Challenge:
    device: bytes
    address: str
    expires: float


MAX_CHALLENGES = 1024
PER_PAIR = 4  # outstanding challenges per (device, address)
MAX_TOKENS = 1024
MAX_BUCKETS = 4096


class _Gate:
    """The API's only mutable state, behind one lock; never the store."""

    def __init__(self, clock: Callable[[], float], rate: float | None, burst: float) -> None:
        self.clock = clock
        self.rate = rate
        self.burst = burst
        self.lock = threading.Lock()
        self.challenges: dict[bytes, _Challenge] = {}
        self.pairs: dict[tuple[bytes, str], deque[bytes]] = {}
        self.tokens: dict[bytes, tuple[bytes, float]] = {}
        self.buckets: dict[str, tuple[float, float]] = {}
        self.seen: dict[bytes, tuple[float, str]] = {}  # device: Unix time, address

    def allow(self, address: str) -> bool:
        """A token bucket per client address: `rate` per second, up to `burst` at once."""
        if self.rate is None:
            return True
        now = self.clock()
        with self.lock:
            got = self.buckets.get(address)
            if got is None:
                if len(self.buckets) >= MAX_BUCKETS:
                    self.buckets.clear()  # a flood of addresses: everyone starts afresh
                level = self.burst
            else:
                level = min(self.burst, got[0] + (now - got[1]) * self.rate)
            allowed = level >= 1.0
            self.buckets[address] = (level - 1.0 if allowed else level, now)
            return allowed

    def hello(self, snapshot: Snapshot, body: bytes, address: str) -> bytes:
        if len(body) != HELLO.size:
            raise Refused("malformed")
        device, tag = HELLO.unpack(body)
        if tag != snapshot.tag:
            raise Refused("other_network")
        _admitted(snapshot, device)
        challenge = secrets.token_bytes(16)
        now = self.clock()
        with self.lock:
            if len(self.challenges) >= MAX_CHALLENGES:
                self._purge_challenges(now)
            while len(self.challenges) >= MAX_CHALLENGES:
                self._drop_challenge(next(iter(self.challenges)))
            pair = self.pairs.setdefault((device, address), deque())
            while len(pair) >= PER_PAIR:
                self._drop_challenge(pair[0])
            self.challenges[challenge] = _Challenge(device, address, now + CHALLENGE_S)
            pair.append(challenge)
        return GRANT.pack(challenge, CHALLENGE_S)

    def session(self, snapshot: Snapshot, body: bytes, address: str) -> bytes:
        if len(body) != SESSION.size:
            raise Refused("malformed")
        device, challenge, signature = SESSION.unpack(body)
        now = self.clock()
        with self.lock:
            held = self.challenges.get(challenge)
            if held is not None:
                self._drop_challenge(challenge)  # single use, whatever comes next
        if held is None or held.expires < now or held.device != device or held.address != address:
            raise Refused("challenge_unknown")
        board = _admitted(snapshot, device)
        try:
            nacl.signing.VerifyKey(board.pk).verify(
                CONTEXT + snapshot.tag + device + challenge, signature
            )
        except (nacl.exceptions.BadSignatureError, ValueError, TypeError) as exc:
            raise Refused("bad_signature") from exc
        token = secrets.token_bytes(16)
        with self.lock:
            if len(self.tokens) >= MAX_TOKENS:
                for old in [t for t, (_, until) in self.tokens.items() if until < now]:
                    del self.tokens[old]
            while len(self.tokens) >= MAX_TOKENS:
                del self.tokens[next(iter(self.tokens))]
            self.tokens[token] = (device, now + TOKEN_S)
            self.seen[device] = (time.time(), address)
        return GRANT.pack(token, TOKEN_S)

    def bearer(self, snapshot: Snapshot, header: str | None, address: str) -> Device:
        """The board a request's Authorization header speaks for."""
        if header is None:
            raise Refused("token_missing")
        if not header.startswith(AUTH_SCHEME) or len(header) != len(AUTH_SCHEME) + 32:
            raise Refused("token_unknown")
        try:
            token = bytes.fromhex(header[len(AUTH_SCHEME) :])
        except ValueError as exc:
            raise Refused("token_unknown") from exc
        now = self.clock()
        with self.lock:
            held = self.tokens.get(token)
            if held is not None and held[1] < now:
                del self.tokens[token]
                held = None
        if held is None:
            raise Refused("token_unknown")
        board = _admitted(snapshot, held[0])  # retired since the token was given: refused now
        with self.lock:
            self.seen[board.id] = (time.time(), address)
        return board

    def _purge_challenges(self, now: float) -> None:
        for old in [c for c, held in self.challenges.items() if held.expires < now]:
            self._drop_challenge(old)

    def _drop_challenge(self, challenge: bytes) -> None:
        held = self.challenges.pop(challenge, None)
        if held is None:
            return
        key = (held.device, held.address)
        pair = self.pairs.get(key)
        if pair is not None:
            with contextlib.suppress(ValueError):
                pair.remove(challenge)
            if not pair:
                del self.pairs[key]


def _admitted(snapshot: Snapshot, device: bytes) -> Device:
    board = snapshot.devices.get(device)
    if board is None:
        raise Refused("unknown_device")
    if board.retired:
        raise Refused("device_retired")
    return board


# --- HTTP ------------------------------------------------------------------------------------

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


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 64
    api: DeviceApi

    def server_bind(self) -> None:
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


class _Server6(_Server):
    address_family = socket.AF_INET6


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body leave at once, not 40 ms apart
    server_version = "Obambu"
    sys_version = ""
    server: _Server
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
            if not api._gate.allow(address):
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
            step = api._gate.hello if path == "/v1/hello" else api._gate.session
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
            board = api._gate.bearer(snapshot, self.headers.get("Authorization"), address)
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


class DeviceApi:
    """The service: `start()` binds `host`:`port` (0 picks one; see `.port`) and serves in
    background threads until `stop()`. `update()` swaps in a newer snapshot."""

    def __init__(
        self,
        host: str,
        port: int,
        snapshot: Snapshot,
        *,
        rate: float | None = 20.0,
        burst: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        timeout: float = TIMEOUT,
        deadline: float = DEADLINE,
        max_connections: int = MAX_CONNECTIONS,
        per_address: int = PER_ADDRESS,
    ) -> None:
        """`rate`: requests per second per client address (None: no limit), `burst` at once."""
        self.host = host
        self._port = port
        self.snapshot = snapshot
        self.timeout = timeout
        self.deadline = deadline
        self.max_connections = max_connections
        self.per_address = per_address
        self._gate = _Gate(clock, rate, burst)
        self._server: _Server | None = None
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._open: dict[Any, float] = {}  # connection: deadline (time.monotonic)
        self._per_address: Counter[str] = Counter()
        self._served = 0
        self._refused: Counter[str] = Counter()
        self._started = 0.0

    # --- life ---

    def start(self) -> None:
        if self._server is not None:
            return
        kind = _Server6 if ":" in self.host else _Server
        try:
            server = kind((self.host, self._port), _Handler)
        except OSError as exc:
            raise DeviceApiError(
                f"The device service cannot listen on {self.host}:{self._port}: choose another "
                "interface or port, or close the program that uses it."
            ) from exc
        server.api = self
        self._server = server
        self._stopping.clear()
        self._started = time.time()
        self._threads = [
            threading.Thread(
                target=server.serve_forever, args=(0.2,), daemon=True, name="device-api"
            ),
            threading.Thread(target=self._reap, daemon=True, name="device-api-reaper"),
        ]
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        self._stopping.set()
        server.shutdown()
        server.server_close()
        with self._lock:
            still = list(self._open)
        for connection in still:
            _cut(connection)
        for thread in self._threads:
            thread.join(2.0)

    def __enter__(self) -> DeviceApi:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            return self._port
        return int(self._server.server_address[1])

    def update(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot  # one reference: requests see the old or the new, whole

    # --- counters ---

    @property
    def served(self) -> int:
        return self._served

    @property
    def refused(self) -> dict[str, int]:
        with self._lock:
            return dict(self._refused)

    def status(self) -> dict[str, Any]:
        """The status page's data: the snapshot's, with this service's own counters."""
        snapshot = self.snapshot
        with self._gate.lock:
            seen = dict(self._gate.seen)
        now = time.time()
        names = {d.id: d.name for d in snapshot.devices.values()}
        return {
            **snapshot.status,
            "built": int(snapshot.built),
            "api": {
                "served": self._served,
                "refused": self.refused,
                "since": int(self._started),
                "seen": [
                    {
                        "id": d.hex(),
                        "name": names.get(d, "?"),
                        "ago_s": int(now - when),
                        "address": address,
                    }
                    for d, (when, address) in sorted(seen.items())
                ],
            },
        }

    def _count(self, code: str | None) -> None:
        with self._lock:
            if code is None:
                self._served += 1
            else:
                self._refused[code] += 1

    # --- connections ---

    def _admit(self, connection: Any, address: str) -> bool:
        with self._lock:
            if len(self._open) >= self.max_connections or (
                self._per_address[address] >= self.per_address
            ):
                self._refused["busy"] += 1
                return False
            self._open[connection] = time.monotonic() + self.deadline
            self._per_address[address] += 1
            return True

    def _release(self, connection: Any, address: str) -> None:
        with self._lock:
            self._open.pop(connection, None)
            self._per_address[address] -= 1
            if self._per_address[address] <= 0:
                del self._per_address[address]

    def _arm(self, connection: Any) -> None:
        with self._lock:
            if connection in self._open:
                self._open[connection] = time.monotonic() + self.deadline

    def _reap(self) -> None:
        """Cuts connections whose request takes longer than `deadline`: a slow client, or one
        that keeps a connection open doing nothing, cannot hold a thread."""
        while not self._stopping.wait(0.25):
            now = time.monotonic()
            with self._lock:
                late = [c for c, until in self._open.items() if until < now]
                for connection in late:
                    self._open[connection] = now + self.deadline  # cut once
            for connection in late:
                _cut(connection)


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


def _cut(connection: Any) -> None:
    with contextlib.suppress(OSError):
        connection.shutdown(socket.SHUT_RDWR)


# --- the status page --------------------------------------------------------------------------


def _when(stamp: float | None) -> str:
    if not stamp:
        return "—"
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(stamp))


def render_status(page: Mapping[str, Any]) -> str:
    """Plain HTML, French first with the English after a slash; every value escaped."""
    e = html.escape
    parts = [
        "<!doctype html><html lang='fr'><head><meta charset='utf-8'>",
        "<title>Obambu — état / status</title>",
        "<style>body{font-family:sans-serif;margin:1em}td,th{padding:2px 8px;"
        "text-align:left}</style></head><body>",
        f"<h1>Obambu — {e(str(page.get('commune', '')))}</h1>",
        f"<p>Instantané / snapshot: {e(_when(page.get('built')))} · "
        f"en attente d'envoi / pending: {int(page.get('pending', 0))}</p>",
        "<h2>Fils / feeds</h2><table><tr><th>Commune</th><th>Hauteur / height</th></tr>",
    ]
    for feed in page.get("feeds", []):
        parts.append(f"<tr><td>{e(str(feed['commune']))}</td><td>{int(feed['head'])}</td></tr>")
    parts.append(
        "</table><h2>Dernières synchronisations / last syncs</h2><table><tr><th>Commune</th>"
        "<th>Balise / beacon</th><th>Blocs en retard / blocks behind</th></tr>"
    )
    for sync in page.get("syncs", []):
        parts.append(
            f"<tr><td>{e(str(sync['commune']))}</td><td>{e(_when(sync['time']))}</td>"
            f"<td>{int(sync['behind'])}</td></tr>"
        )
    api = page.get("api", {})
    seen = {s["id"]: s for s in api.get("seen", [])}
    parts.append(
        "</table><h2>Boîtiers / devices</h2><table><tr><th>Nom / name</th><th>Type</th>"
        "<th>Commune</th><th>Vu / seen</th><th>Dernier rapport / last report</th></tr>"
    )
    for board in page.get("devices", []):
        heard = seen.get(board["id"])
        report = board.get("report")
        said = "—"
        if report:
            said = (
                f"{_when(report['received'])}, file / queue {int(report['queued'])}, "
                f"{int(report['battery_mv'])} mV"
            )
        state = " (retiré / retired)" if board.get("retired") else ""
        where = f"{heard['ago_s']} s, {heard['address']}" if heard else "—"
        parts.append(
            f"<tr><td>{e(str(board['name']))}{state}</td><td>{e(str(board['kind']))}</td>"
            f"<td>{e(str(board['commune']))}</td>"
            f"<td>{e(where)}</td>"
            f"<td>{e(said)}</td></tr>"
        )
    refused = ", ".join(f"{e(k)} {int(v)}" for k, v in sorted(api.get("refused", {}).items()))
    parts.append(
        f"</table><p>Requêtes servies / served: {int(api.get('served', 0))} · "
        f"refusées / refused: {refused or '0'}</p></body></html>"
    )
    return "\n".join(parts)
