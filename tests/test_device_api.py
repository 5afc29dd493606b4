"""The device API (app/sync/device_api/) on a real socket, and its client in the firmware core
(firmware/core/devapi.c, host build through ctypes): a simulated Wi-Fi box says hello, signs
its challenge with the key registered in the ledger, and shows the commune's latest P0/P1 forum
items with their badges; a Wi-Fi relay takes sealed blocks another laptop can open. Then every
refusal (unregistered, retired, foreign, forged, replayed, expired, malformed, oversized, slow,
flooding) and the technicians' status page.
"""

from __future__ import annotations

import ctypes
import http.client
import json
import os
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nacl.signing
import pytest

from app.core.ledger.objects import object_id
from app.core.ledger.txtypes import TxType
from app.core.node.node import Node
from app.provision.relaycfg import RelayConfig
from app.sync import segment
from app.sync.device_api import Device, DeviceApi, Snapshot, handler, interfaces, is_local_address
from app.sync.device_api.wire import (
    CONTEXT,
    DISPLAY,
    INDEX_ENTRY,
    INDEX_HEAD,
    OBJECT,
    REFUSALS,
    TOKEN_S,
)
from app.sync.relay import Badge, open_object, relay_public_key, render_display
from bench.relay_forwarding import HostRelay, build_library, load
from tests.conftest import Network
from tests.sanitizer import rerun_sanitized

LIBRARY_ENV = "OBAMBU_DEVAPI_LIBRARY"  # set by the sanitizer run to the library it built
BOX = bytes.fromhex("246f28fffe0000b1")
RELAY = bytes.fromhex("246f28fffe0000b2")
OLD_BOX = bytes.fromhex("246f28fffe0000b3")
STRANGER = bytes.fromhex("246f28fffe0000ff")
SEEDS = {BOX: b"\x11" * 32, RELAY: b"\x22" * 32, OLD_BOX: b"\x33" * 32, STRANGER: b"\x44" * 32}

_u32 = ctypes.c_uint32
_vp, _c, _size, _int = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int
DEVAPI: dict[str, tuple[list[Any], Any]] = {
    "relay_host_devapi_init": ([_vp], _int),
    "relay_host_devapi_hello": ([_vp, _c, _size], _size),
    "relay_host_devapi_challenge": ([_vp, _c, _size, _u32], _int),
    "relay_host_devapi_session": ([_vp, _c, _size, _u32], _int),
    "relay_host_devapi_token": ([_vp, _c, _size, _u32], _int),
    "relay_host_devapi_ready": ([_vp, _u32], _int),
    "relay_host_devapi_authorization": ([_vp, _u32, _c, _size], _size),
    "relay_host_devapi_forget": ([_vp], None),
    "relay_host_devapi_config": ([_vp, _c, _size, _vp, _c, _c], _int),
    "relay_host_devapi_index": ([_c, _size, ctypes.POINTER(_u32)], _int),
    "relay_host_devapi_entry": ([_c, _size, ctypes.c_uint, _c, _vp], _int),
    "relay_host_devapi_path": ([_c, _size, ctypes.c_uint, _c, _size], _size),
    "relay_host_devapi_take": ([_vp, _c, _size, ctypes.c_uint, _c, _size, _u32], _int),
}
E_SIZE, E_STATE, E_FORMAT, E_OTHER, E_SIGN, E_CONFIG = -1, -2, -3, -4, -5, -6


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> ctypes.CDLL:
    given = os.environ.get(LIBRARY_ENV)
    path = Path(given) if given else build_library(tmp_path_factory.mktemp("devapi-build"))
    loaded = load(path)
    for name, (args, result) in DEVAPI.items():
        function = getattr(loaded, name)
        function.argtypes, function.restype = args, result
    return loaded


# --- a town hall with boards --------------------------------------------------------------------


@dataclass
class TownHall:
    net: Network
    node: Node
    technician: bytes
    snapshot: Snapshot


def register(node: Node, technician: bytes, device: bytes, kind: str, name: str) -> None:
    body = {
        "device": device,
        "kind": kind,
        "name": name,
        "pk": relay_public_key(SEEDS[device]),
        "chip": "ESP32-D0WDQ6",
        "firmware": "relay-0.1.0",
        "pack": b"\x01" * 32,
    }
    node.submit(TxType.DEVICE_REGISTER, body, actor=technician)


@pytest.fixture
def hall(net: Network) -> TownHall:
    """Ambam's laptop: a display box, a Wi-Fi relay and a retired box registered by its
    technician; a P0 notice by the mayor (signed), a P0 notice by a deputy whose key was stolen
    since (revoked), a P1 notice not sent yet (pending), and P2/P3 talk the box must not show."""
    a = net.nodes[0]
    technician = a.add_member("Technicien Ekani", "technician")
    deputy = a.add_member("Adjointe Mvondo", "deputy")
    register(a, technician, BOX, "display", "Boîte <de> la mairie")
    register(a, technician, RELAY, "relay", "Relais wifi")
    register(a, technician, OLD_BOX, "display", "Ancienne boîte")
    a.seal()
    a.submit(TxType.DEVICE_RETIRE, {"device": OLD_BOX, "reason": "volée"}, actor=technician)
    a.submit(
        TxType.FORUM_THREAD,
        {"title": "Coupure d'eau demain matin", "body": "."},
        actor=deputy,
        prio=0,
    )
    a.submit(TxType.FORUM_THREAD, {"title": "Pas pour la boîte", "body": "."}, prio=2)
    a.submit(TxType.FORUM_THREAD, {"title": "Bavardage", "body": "."}, prio=3)
    a.seal()
    key = a.keyring.identity(deputy).current
    a.submit(TxType.KEY_REVOKE, {"kid": key.kid, "reason": "volée"}, actor=a.commune)
    a.submit(TxType.FORUM_THREAD, {"title": "Réunion du conseil à 18 h", "body": "."}, prio=0)
    a.seal()
    net.sync()
    a.submit(TxType.FORUM_THREAD, {"title": "Marché déplacé", "body": "."}, prio=1)  # pending
    return TownHall(net, a, technician, Snapshot.build(a))


@pytest.fixture
def api(hall: TownHall) -> Iterator[DeviceApi]:
    with DeviceApi("127.0.0.1", 0, hall.snapshot, rate=None) as service:
        yield service


# --- a plain client -------------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    error: str | None
    body: bytes
    headers: http.client.HTTPMessage


def call(
    port: int,
    method: str,
    path: str,
    body: bytes | None = None,
    *,
    token: bytes | None = None,
    source: str = "127.0.0.1",
    headers: dict[str, str] | None = None,
) -> Reply:
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=10, source_address=(source, 0)
    )
    sent = dict(headers or {})
    if token is not None:
        sent["Authorization"] = "Obambu " + token.hex()
    try:
        connection.request(method, path, body=body, headers=sent)
        answer = connection.getresponse()
        return Reply(
            answer.status, answer.getheader("X-Obambu-Error"), answer.read(), answer.headers
        )
    finally:
        connection.close()


def raw(port: int, data: bytes) -> bytes:
    """Bytes as they are, and whatever comes back until the server closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def sign(device: bytes, tag: bytes, challenge: bytes, seed: bytes | None = None) -> bytes:
    key = nacl.signing.SigningKey(seed or SEEDS[device])
    return bytes(key.sign(CONTEXT + tag + device + challenge).signature)


def handshake(port: int, device: bytes, tag: bytes, *, source: str = "127.0.0.1") -> bytes:
    hello = call(port, "POST", "/v1/hello", device + tag, source=source)
    assert hello.status == 200, hello
    challenge = hello.body[:16]
    session = call(
        port,
        "POST",
        "/v1/session",
        device + challenge + sign(device, tag, challenge),
        source=source,
    )
    assert session.status == 200, session
    return session.body[:16]


# --- the board: the C core on the host ------------------------------------------------------------


class WifiBox:
    """A board of the host build that speaks to the device API as the ESP32 port would."""

    def __init__(self, lib: ctypes.CDLL, device: bytes, tag: bytes, commune: bytes) -> None:
        self.lib = lib
        self.relay = HostRelay(lib, device, boot_ms=0)
        config = RelayConfig(
            network_tag=tag,
            commune_id=commune,
            device_id=device,
            key_seed=SEEDS[device],
            name="box",
        )
        assert self.relay.set_config(config) == 0
        self.h = self.relay.handle
        assert lib.relay_host_devapi_init(self.h) == 0
        self.now = 1000

    def connect(self, port: int) -> None:
        out = ctypes.create_string_buffer(128)
        n = self.lib.relay_host_devapi_hello(self.h, out, len(out))
        hello = call(port, "POST", "/v1/hello", out.raw[:n])
        assert hello.status == 200, hello
        assert (
            self.lib.relay_host_devapi_challenge(self.h, hello.body, len(hello.body), self.now) == 0
        )
        n = self.lib.relay_host_devapi_session(self.h, out, len(out), self.now)
        assert n == 88
        session = call(port, "POST", "/v1/session", out.raw[:n])
        assert session.status == 200, session
        assert (
            self.lib.relay_host_devapi_token(self.h, session.body, len(session.body), self.now) == 0
        )

    def get(self, port: int, path: str) -> Reply:
        header = ctypes.create_string_buffer(64)
        n = self.lib.relay_host_devapi_authorization(self.h, self.now, header, len(header))
        assert n == 39
        return call(port, "GET", path, headers={"Authorization": header.value.decode()})

    def config(self, port: int) -> tuple[list[int], str, str]:
        reply = self.get(port, "/v1/config")
        assert reply.status == 200, reply
        fields, names, commune = (_u32 * 6)(), ctypes.create_string_buffer(48), buf(8)
        status = self.lib.relay_host_devapi_config(
            self.h, reply.body, len(reply.body), fields, names, commune
        )
        assert status == 0
        name, commune_name = (names.raw[i : i + 24].rstrip(b"\0").decode() for i in (0, 24))
        return list(fields), name, commune_name

    def sync(self, port: int) -> list[tuple[int, int, int]]:
        """content_index, then every content, each given to the core: (type, class, result)."""
        index = self.get(port, "/v1/content_index")
        assert index.status == 200, index
        version = _u32()
        count = self.lib.relay_host_devapi_index(index.body, len(index.body), ctypes.byref(version))
        assert count >= 1
        done = []
        for i in range(count):
            path = ctypes.create_string_buffer(64)
            assert self.lib.relay_host_devapi_path(index.body, len(index.body), i, path, 64) == 44
            fields, oid = (_u32 * 3)(), buf(16)
            assert (
                self.lib.relay_host_devapi_entry(index.body, len(index.body), i, oid, fields) == 0
            )
            content = self.get(port, path.value.decode())
            assert content.status == 200, content
            result = self.lib.relay_host_devapi_take(
                self.h, index.body, len(index.body), i, content.body, len(content.body), self.now
            )
            done.append((fields[0], fields[1], result))
        return done


def buf(size: int) -> Any:
    return ctypes.create_string_buffer(size)


# --- the happy paths ------------------------------------------------------------------------------


def test_the_snapshot_holds_p0_p1_items_with_the_forum_badges(hall: TownHall) -> None:
    items = [(i.priority, i.badge, i.title) for i in hall.snapshot.items]
    assert items == [
        (0, Badge.VALID, "Réunion du conseil à 18 h"),
        (0, Badge.INVALID, "Coupure d'eau demain matin"),
        (1, Badge.UNSIGNED, "Marché déplacé"),
    ]
    snap = hall.snapshot
    assert {d.name: d.retired for d in snap.devices.values()}["Ancienne boîte"]
    assert snap.objects and all(o.type == OBJECT and len(o.id) == 16 for o in snap.objects)
    assert snap.status["pending"] == 1 and len(snap.status["feeds"]) == 3


def test_a_wifi_box_shows_the_latest_items_with_their_badges(
    hall: TownHall, api: DeviceApi, lib: ctypes.CDLL
) -> None:
    box = WifiBox(lib, BOX, hall.snapshot.tag, hall.node.commune)
    box.connect(api.port)
    fields, name, commune = box.config(api.port)
    kind, _, poll_s, version, token_s, built = fields
    assert (kind, poll_s, token_s, version) == (1, 60, TOKEN_S, hall.snapshot.version)
    assert (name, commune) == ("Boîte <de> la mairie", "Ambam") and built > 0
    # A display box is offered the display only, never the relays' objects.
    assert box.sync(api.port) == [(DISPLAY, 0, 3)]
    screen = box.relay.render(32, 12)
    assert screen == render_display(hall.snapshot.items, 32, 12)
    assert screen.splitlines() == [
        "+P0 Reunion du conseil a 18 h",
        "!P0 Coupure d'eau demain matin",
        "?P1 Marche deplace",
    ]


def test_a_wifi_relay_carries_sealed_blocks_another_laptop_opens(
    hall: TownHall, api: DeviceApi, lib: ctypes.CDLL
) -> None:
    relay = WifiBox(lib, RELAY, hall.snapshot.tag, hall.node.commune)
    relay.connect(api.port)
    taken = relay.sync(api.port)
    assert taken[0] == (DISPLAY, 0, 3)
    objects = hall.snapshot.objects
    assert [(t, c) for t, c, _ in taken[1:]] == [(OBJECT, o.cls) for o in objects]
    assert all(result == 0 for _, _, result in taken[1:])  # QUEUE_STORED
    assert lib.relay_host_queue_bytes(relay.h) == sum(len(o.data) for o in objects)
    other = hall.net.nodes[1]
    for sealed in objects:
        kind, data = open_object(other, sealed.data)
        assert kind == segment.BLOCK and object_id(data)[:16] == sealed.id
    assert relay.sync(api.port)[1][2] == 1  # the same objects again: duplicates


# --- refusals -------------------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def store_mark(node: Node) -> tuple[Any, ...]:
    return (node.store.conn.total_changes, node.heads(), node.pending_count())


def refused(reply: Reply, status: int, code: str) -> None:
    assert (reply.status, reply.error) == (status, code), reply
    assert reply.body.decode() == REFUSALS[code][1]
    assert reply.headers["Connection"] == "close"


def test_boards_not_ours_are_refused_clearly(hall: TownHall) -> None:
    clock = Clock()
    tag = hall.snapshot.tag
    mark = store_mark(hall.node)
    with DeviceApi("127.0.0.1", 0, hall.snapshot, rate=None, clock=clock) as api:
        port = api.port
        refused(call(port, "POST", "/v1/hello", STRANGER + tag), 403, "unknown_device")
        refused(call(port, "POST", "/v1/hello", OLD_BOX + tag), 403, "device_retired")
        refused(call(port, "POST", "/v1/hello", BOX + b"othernet"), 403, "other_network")
        # A forged signature, then the replay of a good session: both refused.
        challenge = call(port, "POST", "/v1/hello", BOX + tag).body[:16]
        forged = BOX + challenge + sign(BOX, tag, challenge, SEEDS[STRANGER])
        refused(call(port, "POST", "/v1/session", forged), 401, "bad_signature")
        refused(call(port, "POST", "/v1/session", forged), 401, "challenge_unknown")
        challenge = call(port, "POST", "/v1/hello", BOX + tag).body[:16]
        good = BOX + challenge + sign(BOX, tag, challenge)
        assert call(port, "POST", "/v1/session", good).status == 200
        refused(call(port, "POST", "/v1/session", good), 401, "challenge_unknown")
        # Signed for another network: the signature covers our tag, so it cannot pass.
        challenge = call(port, "POST", "/v1/hello", BOX + tag).body[:16]
        foreign = BOX + challenge + sign(BOX, b"othernet", challenge)
        refused(call(port, "POST", "/v1/session", foreign), 401, "bad_signature")
        # A challenge used from another address, and one that expired.
        challenge = call(port, "POST", "/v1/hello", BOX + tag).body[:16]
        moved = call(
            port,
            "POST",
            "/v1/session",
            BOX + challenge + sign(BOX, tag, challenge),
            source="127.0.0.3",
        )
        refused(moved, 401, "challenge_unknown")
        challenge = call(port, "POST", "/v1/hello", BOX + tag).body[:16]
        clock.now += 31
        late = call(port, "POST", "/v1/session", BOX + challenge + sign(BOX, tag, challenge))
        refused(late, 401, "challenge_unknown")
        # Tokens: missing, unknown, expired, and a board retired after it got one.
        refused(call(port, "GET", "/v1/content_index"), 401, "token_missing")
        refused(call(port, "GET", "/v1/config", token=b"\x00" * 16), 401, "token_unknown")
        bad = call(port, "GET", "/v1/config", headers={"Authorization": "Bearer x"})
        refused(bad, 401, "token_unknown")
        token = handshake(port, BOX, tag)
        assert call(port, "GET", "/v1/content_index", token=token).status == 200
        clock.now += TOKEN_S + 1
        refused(call(port, "GET", "/v1/content_index", token=token), 401, "token_unknown")
        token = handshake(port, BOX, tag)
        a = hall.node
        a.submit(TxType.DEVICE_RETIRE, {"device": BOX, "reason": "perdue"}, actor=hall.technician)
        api.update(Snapshot.build(a))  # on the worker, in the app
        mark = store_mark(a)
        refused(call(port, "GET", "/v1/content_index", token=token), 403, "device_retired")
        refused(call(port, "POST", "/v1/hello", BOX + tag), 403, "device_retired")
        assert api.refused["device_retired"] == 3 and api.served >= 8
    assert store_mark(hall.node) == mark


def test_malformed_oversized_and_misplaced_requests_are_refused(hall: TownHall) -> None:
    tag = hall.snapshot.tag
    mark = store_mark(hall.node)
    with DeviceApi("127.0.0.1", 0, hall.snapshot, rate=None) as api:
        port = api.port
        refused(call(port, "POST", "/v1/hello", BOX), 400, "malformed")
        refused(call(port, "POST", "/v1/session", b"\x00" * 87), 400, "malformed")
        refused(call(port, "POST", "/v1/hello", b"\x00" * 300), 413, "too_large")
        refused(call(port, "GET", "/v1/hello"), 405, "method")
        refused(call(port, "PUT", "/v1/config", b"x"), 405, "method")
        refused(call(port, "DELETE", "/status"), 405, "method")
        refused(call(port, "GET", "/<script>alert(1)</script>"), 404, "not_found")
        token = handshake(port, BOX, tag)
        # A display box may not fetch a relay's object; an id that is not hex is malformed.
        relay_object = hall.snapshot.objects[0].id.hex()
        refused(call(port, "GET", f"/v1/content/{relay_object}", token=token), 404, "not_found")
        refused(call(port, "GET", "/v1/content/" + "zz" * 16, token=token), 404, "not_found")
        refused(call(port, "GET", "/v1/nothing", token=token), 404, "not_found")
        # Straight off the socket: none of it is echoed back.
        marker = b"ECHO-ME-NOT"
        for request in (
            b"\x16\x03\x01 garbage " + marker + b"\r\n\r\n",
            b"GET /" + marker + b" HTTP/9.9\r\n\r\n",
            b"GET /status HTTP/1.1\r\n" + b"X-" + marker + b": " + b"a" * 9000 + b"\r\n\r\n",
            b"GET /" + b"a" * 2000 + marker + b" HTTP/1.1\r\n\r\n",
            b"POST /v1/hello HTTP/1.1\r\nContent-Length: 16\r\nContent-Length: 16\r\n\r\n",
            b"POST /v1/hello HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n" + marker,
            b"POST /v1/hello HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
            b"POST /v1/hello HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n",
            b"GET /v1/config HTTP/1.1\r\nContent-Length: 3\r\n\r\n" + marker[:3],
        ):
            answer = raw(port, request)
            assert answer.startswith((b"HTTP/1.1 400 ", b"HTTP/1.1 413 ", b"HTTP/1.1 505 ")), answer
            assert marker not in answer and b"X-Obambu-Error: " in answer
        assert raw(port, b"") == b""  # a client that says nothing: just closed
    assert store_mark(hall.node) == mark


def test_a_slow_or_idle_client_cannot_hold_a_thread(hall: TownHall) -> None:
    with (
        DeviceApi("127.0.0.1", 0, hall.snapshot, rate=None, deadline=1.5) as api,
        socket.create_connection(("127.0.0.1", api.port), timeout=30) as slow,
    ):
        slow.sendall(b"POST /v1/hello HTTP/1.1\r\nContent-Length: 16\r\n\r\n\x00")
        assert slow.recv(100) == b""  # cut by the server (nothing else would end the wait)
    # Idle connections from one address: the fourth is turned away at once, other addresses
    # are still served. The server accepts connections one by one in the order they came, so
    # the three idle ones are counted before the fourth; a long deadline keeps them open
    # however slowly this test runs.
    with DeviceApi("127.0.0.1", 0, hall.snapshot, rate=None, deadline=300, per_address=3) as api:
        port = api.port
        idle = [
            socket.create_connection(("127.0.0.1", port), source_address=("127.0.0.2", 0))
            for _ in range(3)
        ]
        extra = call(port, "GET", "/status", source="127.0.0.2")
        assert (extra.status, extra.error) == (503, "busy")
        assert call(port, "GET", "/status.json").status == 200
        for s in idle:
            s.close()


def test_a_flood_is_refused_while_a_board_is_served(hall: TownHall) -> None:
    """2,000 requests from 8 threads on another loopback address (hellos of unknown boards,
    oversized bodies, garbage, replayed sessions, token guesses) against the default limits;
    meanwhile a board does its handshake and reads its index, again and again, and is served
    every time. (How long the board waits during a flood: bench/device_api.py --flood.)"""
    tag = hall.snapshot.tag
    mark = store_mark(hall.node)
    with DeviceApi("127.0.0.1", 0, hall.snapshot) as api:
        port = api.port
        replay = BOX + bytes(16) + bytes(64)
        kinds = [
            ("POST", "/v1/hello", STRANGER + tag),
            ("POST", "/v1/hello", b"\x00" * 255),
            ("POST", "/v1/session", replay),
            ("GET", "/v1/content_index", None),
            ("POST", "/v1/hello", BOX + tag),
        ]
        seen: Counter[int] = Counter()
        lock = threading.Lock()

        def flood(n: int) -> None:
            for i in range(250):
                method, path, body = kinds[(n + i) % len(kinds)]
                try:
                    got = call(port, method, path, body, source="127.0.0.2", token=bytes(16)).status
                except OSError:
                    got = 0  # cut off: fine
                with lock:
                    seen[got] += 1

        threads = [threading.Thread(target=flood, args=(n,)) for n in range(8)]
        began = time.monotonic()
        for t in threads:
            t.start()
        rounds = 0
        while any(t.is_alive() for t in threads) or rounds < 3:
            token = handshake(port, BOX, tag)
            index = call(port, "GET", "/v1/content_index", token=token)
            assert index.status == 200
            rounds += 1
            time.sleep(0.2)  # a board's pace, within its own address's allowance
        for t in threads:
            t.join()
        elapsed = time.monotonic() - began
    assert sum(seen.values()) == 2000
    allowance = 60 + 20 * elapsed  # the default burst, then 20 per second
    assert seen[429] >= 2000 - allowance - 1, seen
    assert rounds >= 3
    assert store_mark(hall.node) == mark


# --- the status page ------------------------------------------------------------------------------


def test_the_status_page_is_for_local_addresses_only(
    hall: TownHall, api: DeviceApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    handshake(api.port, BOX, hall.snapshot.tag)
    page = call(api.port, "GET", "/status")
    assert page.status == 200 and page.headers["Content-Type"].startswith("text/html")
    text = page.body.decode()
    assert "Ambam" in text and "Boîte &lt;de&gt; la mairie" in text and "<de>" not in text
    assert "Relais wifi" in text and "retired" in text
    data = json.loads(call(api.port, "GET", "/status.json").body)
    assert data["pending"] == 1 and {f["commune"] for f in data["feeds"]} == {
        "Ambam",
        "Bipindi",
        "Campo",
    }
    assert [s["id"] for s in data["api"]["seen"]] == [BOX.hex()]
    assert {s["commune"] for s in data["syncs"]} <= {"Bipindi", "Campo"}
    monkeypatch.setattr(handler, "is_local_address", lambda address: False)
    refused(call(api.port, "GET", "/status"), 403, "not_local")
    for local in (
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.9",
        "192.168.1.20",
        "169.254.3.4",
        "::1",
        "fe80::1%eth0",
        "fd12:3456::1",
        "::ffff:192.168.1.1",
    ):
        assert is_local_address(local), local
    for remote in (
        "8.8.8.8",
        "172.32.0.1",
        "100.64.0.1",
        "2001:db8::1",
        "::ffff:8.8.8.8",
        "0.0.0.0",
        "not an address",
        "",
    ):
        assert not is_local_address(remote), remote


def test_interfaces_lists_this_machines_addresses_loopback_only_when_alone() -> None:
    """The real machine's answer (tests/test_windows_network.py fakes Windows')."""
    found = interfaces()
    assert found and all(socket.inet_aton(address) for _, address in found)
    loopback = [address for _, address in found if address.startswith("127.")]
    assert not loopback or len(found) == 1


# --- the C client, piece by piece -----------------------------------------------------------------


def test_devapi_c_steps_refuse_what_is_out_of_turn(lib: ctypes.CDLL) -> None:
    tag = b"tag-8byt"
    box = WifiBox(lib, BOX, tag, b"commune1")
    h, out = box.h, buf(128)
    header = buf(64)
    assert lib.relay_host_devapi_session(h, out, 128, 0) == E_STATE  # no challenge yet
    assert lib.relay_host_devapi_authorization(h, 0, header, 64) == 0  # no token
    assert lib.relay_host_devapi_hello(h, out, 15) == 0
    assert lib.relay_host_devapi_hello(h, out, 128) == 16 and out.raw[:16] == BOX + tag
    grant = bytes(range(16)) + (30).to_bytes(4, "little")
    assert lib.relay_host_devapi_challenge(h, grant[:19], 19, 0) == E_SIZE
    assert lib.relay_host_devapi_challenge(h, grant[:16] + bytes(4), 20, 0) == E_FORMAT
    assert lib.relay_host_devapi_challenge(h, grant, 20, 0xFFFFF000) == 0  # near the wrap
    assert lib.relay_host_devapi_session(h, out, 87, 0xFFFFF000) == E_SIZE
    assert lib.relay_host_devapi_session(h, out, 128, 20_000) == 88  # across the wrap
    body = out.raw[:88]
    assert body[:24] == BOX + grant[:16]
    nacl.signing.VerifyKey(relay_public_key(SEEDS[BOX])).verify(
        CONTEXT + tag + BOX + grant[:16], body[24:]
    )
    assert lib.relay_host_devapi_session(h, out, 128, 20_000) == E_STATE  # used once
    assert lib.relay_host_devapi_challenge(h, grant, 20, 0) == 0
    assert lib.relay_host_devapi_session(h, out, 128, 30_001) == E_STATE  # expired
    assert lib.relay_host_devapi_token(h, grant, 20, 100) == 0
    assert lib.relay_host_devapi_ready(h, 100) == 1
    assert lib.relay_host_devapi_authorization(h, 100, header, 39) == 0
    assert lib.relay_host_devapi_authorization(h, 100, header, 64) == 39
    assert header.value == b"Obambu " + grant[:16].hex().encode()
    assert lib.relay_host_devapi_ready(h, 100 + 25_001) == 0  # within the safety margin
    lib.relay_host_devapi_forget(h)
    assert lib.relay_host_devapi_ready(h, 100) == 0
    unconfigured = HostRelay(lib, BOX, boot_ms=0)
    assert lib.relay_host_devapi_init(unconfigured.handle) == E_CONFIG


def test_devapi_c_parses_config_and_index_strictly(lib: ctypes.CDLL) -> None:
    tag = b"tag-8byt"
    box = WifiBox(lib, BOX, tag, b"commune1")
    h = box.h
    snapshot = Snapshot(
        tag,
        {BOX: Device(BOX, "display", "Boîte", b"\0" * 32, b"commune1", "Ambam", False)},
    )
    config = snapshot.config(snapshot.devices[BOX])
    fields, names, commune = (_u32 * 6)(), buf(48), buf(8)
    assert lib.relay_host_devapi_config(h, config, 96, fields, names, commune) == 0
    assert fields[0] == 1 and commune.raw == b"commune1"
    assert lib.relay_host_devapi_config(h, config[:95], 95, fields, names, commune) == E_SIZE
    magic = b"X" + config[1:]
    assert lib.relay_host_devapi_config(h, magic, 96, fields, names, commune) == E_FORMAT
    other = config[:16] + STRANGER + config[24:]
    assert lib.relay_host_devapi_config(h, other, 96, fields, names, commune) == E_OTHER
    other = config[:8] + b"othernet" + config[16:]
    assert lib.relay_host_devapi_config(h, other, 96, fields, names, commune) == E_OTHER
    index = snapshot.index("display")
    version = _u32()
    assert lib.relay_host_devapi_index(index, len(index), ctypes.byref(version)) == 1
    assert version.value == snapshot.version
    for bad in (
        index[:5],
        index[:-1],
        index + b"\0",
        index[: 16 + 6] + b"\x02" + index[23:],
        index[: 17 + 6] + b"\x04" + index[24:],  # no class 4 (3: urgent)
    ):
        assert lib.relay_host_devapi_index(bad, len(bad), ctypes.byref(version)) < 0, bad.hex()
    path, fields3, oid = buf(64), (_u32 * 3)(), buf(16)
    assert lib.relay_host_devapi_entry(index, len(index), 1, oid, fields3) == E_SIZE
    assert lib.relay_host_devapi_path(index, len(index), 0, path, 44) == 0
    assert lib.relay_host_devapi_path(index, len(index), 0, path, 64) == 44
    assert path.value.decode() == "/v1/content/" + snapshot.display.id.hex()
    display = snapshot.display.data  # no items: an empty screen
    assert lib.relay_host_devapi_take(h, index, len(index), 0, display, len(display), 0) == 0
    longer = display + b"\0"
    assert lib.relay_host_devapi_take(h, index, len(index), 0, longer, len(longer), 0) == E_SIZE
    lying = b"\x02\x00\x01\x05abc"  # says 2 items, holds less
    cheat = INDEX_HEAD.pack(1, 1) + INDEX_ENTRY.pack(bytes(16), 0, 0, 7)
    assert lib.relay_host_devapi_take(h, cheat, len(cheat), 0, lying, 7, 0) == E_FORMAT


# --- the sanitizer build --------------------------------------------------------------------------


@pytest.mark.skipif(bool(os.environ.get(LIBRARY_ENV)), reason="already the sanitizer run")
def test_sanitizer_build_runs_the_box_and_the_c_steps(tmp_path: Path) -> None:
    """The C client under AddressSanitizer and UBSan, as tests/test_firmware_core.py does."""
    run = rerun_sanitized(tmp_path, __file__, "devapi_c or wifi_box", LIBRARY_ENV)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    assert "3 passed" in run.stdout
