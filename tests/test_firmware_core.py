"""The relay firmware core (firmware/core), built for the host with gcc and driven by ctypes.

Every golden vector of tests/vectors/firmware is checked both ways (the C side encodes what
Python encoded, and decodes what Python decoded); then real Channels talk to the C link layer
over lossy lines, and a block goes from one commune's laptop to another's through the relay.
The vector tests run a second time against the AddressSanitizer/UBSan build, in a subprocess
that preloads libasan (the sanitizer runtime must come first in a process; Python does not
link it).
"""

from __future__ import annotations

import ctypes
import json
import os
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import crc32c
import pytest

from app.core.ledger.txtypes import TxType
from app.provision.relaycfg import RelayConfig
from app.sync.channel import Channel
from app.sync.frames import MAX_ENCODED, Frame, Kind, encode
from app.sync.relay import (
    Badge,
    DisplayItem,
    RelayClient,
    RelayError,
    display_request,
    pull_blocks,
    push_blocks,
    relay_public_key,
    relay_tag,
)
from app.sync.stream import ByteStream
from bench.relay_forwarding import (
    HostRelay,
    RelayPump,
    build_library,
    load,
    socket_pair,
)
from tests.link_faults import FaultyStream
from tests.sanitizer import rerun_sanitized
from tests.sync_kit import post, same_state
from tests.vectors.firmware import make_vectors

VECTORS = Path(__file__).parent / "vectors" / "firmware"
LIBRARY_ENV = "OBAMBU_RELAY_LIBRARY"  # set by the sanitizer run to the library it built
FRAME_REASONS = ["ok", "too_long", "cobs", "too_short", "crc", "version", "length", "kind"]
CONFIG_STATUS = {"ok": 0, "bad_size": 1, "bad_magic": 2, "bad_crc": 3, "bad_format": 4}
FAST = 5.0  # channel timeout: a dead peer is noticed within seconds


def vectors(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((VECTORS / name).read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> ctypes.CDLL:
    given = os.environ.get(LIBRARY_ENV)
    path = Path(given) if given else build_library(tmp_path_factory.mktemp("relay-build"))
    return load(path)


def buf(size: int) -> Any:
    return ctypes.create_string_buffer(size)


# -- golden vectors ------------------------------------------------------------------------------


def test_vectors_are_what_the_python_side_makes_today() -> None:
    for name, made in make_vectors.build().items():
        on_disk = (VECTORS / name).read_text(encoding="utf-8")
        assert on_disk == make_vectors.dump(made), f"{name} is stale: run make_vectors"
        assert json.loads(on_disk)["SOURCE"]


def test_vectors_crc32c(lib: ctypes.CDLL) -> None:
    data = vectors("crc32c.json")
    for case in data["cases"]:
        raw = bytes.fromhex(case["data"])
        assert lib.crc32c_update(0, raw, len(raw)) == case["crc"]
    head, tail = (bytes.fromhex(data["running"][k]) for k in ("head", "tail"))
    first = lib.crc32c_update(0, head, len(head))
    assert lib.crc32c_update(first, tail, len(tail)) == data["running"]["crc"]


def test_vectors_cobs(lib: ctypes.CDLL) -> None:
    data = vectors("cobs.json")
    for case in data["cases"]:
        decoded, encoded = bytes.fromhex(case["decoded"]), bytes.fromhex(case["encoded"])
        out = buf(len(decoded) + len(decoded) // 254 + 1)
        n = lib.cobs_encode(decoded, len(decoded), out, len(out))
        assert out.raw[:n] == encoded
        back, size = buf(len(encoded) + 1), ctypes.c_size_t()
        assert lib.cobs_decode(encoded, len(encoded), back, len(back), ctypes.byref(size)) == 0
        assert back.raw[: size.value] == decoded
        assert lib.cobs_encode(decoded, len(decoded), out, len(out) - 1) == 0  # too small
    for bad in data["invalid"]:
        raw, size = bytes.fromhex(bad), ctypes.c_size_t()
        assert lib.cobs_decode(raw, len(raw), buf(600), 600, ctypes.byref(size)) == -1


def test_vectors_frames(lib: ctypes.CDLL) -> None:
    data = vectors("frames.json")
    assert data["max_encoded"] == MAX_ENCODED
    out, fields, payload = buf(300), (ctypes.c_uint32 * 5)(), buf(240)
    for case in data["cases"]:
        body = bytes.fromhex(case["payload"])
        wire = bytes.fromhex(case["wire"])
        n = lib.relay_host_frame_encode(
            case["kind"], case["seq"], case["ack"], body, len(body), case["sack"], out, len(out)
        )
        assert out.raw[:n] == wire
        status = lib.relay_host_frame_decode(wire, len(wire) - 1, fields, payload)
        assert status == 0
        assert list(fields)[:4] == [case["kind"], case["seq"], case["ack"], case["sack"]]
        assert payload.raw[: fields[4]] == body
    for reject in data["rejects"]:
        raw = bytes.fromhex(reject["encoded"])
        status = lib.relay_host_frame_decode(raw, len(raw), fields, payload)
        assert FRAME_REASONS[status] == reject["reason"], reject["case"]
    wire = bytes.fromhex(data["stream"]["wire"])
    for read in data["stream"]["reads"]:
        seqs, reasons = (ctypes.c_uint32 * 64)(), (ctypes.c_uint32 * 8)()
        count = lib.relay_host_read_frames(wire, len(wire), read["chunk"], seqs, 64, reasons)
        assert list(seqs)[:count] == read["seqs"]
        got = {FRAME_REASONS[i]: n for i, n in enumerate(reasons) if n}
        assert got == read["reasons"]
    # An ACK frame never carries a payload of its own, and kinds stop at 2.
    assert lib.relay_host_frame_encode(3, 0, 0, b"", 0, 0, out, len(out)) == 0
    assert lib.relay_host_frame_encode(0, 0, 0, bytes(241), 241, 0, out, len(out)) == 0


def test_vectors_config(lib: ctypes.CDLL) -> None:
    data = vectors("config.json")
    out = buf(128)
    for case in data["records"]:
        record = bytes.fromhex(case["record"])
        assert RelayConfig.unpack(record).pack() == record
        assert lib.relay_host_config_rebuild(record, 128, out, 0) == 0
        assert out.raw == record  # parsed then built again: the same 128 bytes
        assert lib.relay_host_config_rebuild(record, 128, out, 1) == 0
        assert out.raw.hex() == case["public"]  # GET_CONFIG's copy: seed blanked, CRC redone
    for case in data["invalid"]:
        record = bytes.fromhex(case["record"])
        status = lib.relay_host_config_rebuild(record, len(record), out, 0)
        assert status == CONFIG_STATUS[case["status"]]


def test_vectors_queue_scenario(lib: ctypes.CDLL) -> None:
    data = vectors("queue.json")
    q, arena = buf(lib.relay_host_queue_size()), buf(data["cap"])
    lib.queue_init(q, arena, data["cap"], data["budget"], data["classes"], data["hop_limit"])
    for number, op in enumerate(data["ops"]):
        kind = op["op"]
        if kind == "put":
            oid = bytes.fromhex(op["id"])
            body = bytes((i + op["len"]) % 251 for i in range(op["len"]))
            status = lib.queue_put(
                q, oid, op["cls"], op["hops"], op["ttl"], body, len(body), op["now"]
            )
            assert status == op["expect"], (number, op["what"])
        elif kind == "expire":
            assert lib.queue_expire(q, op["now"]) == op["expect"], number
        elif kind == "remove":
            assert lib.queue_remove(q, bytes.fromhex(op["id"])) == op["expect"], number
        elif kind == "configure":
            lib.queue_configure(q, op["budget"], op["classes"], op["hop_limit"])
        else:
            assert _queue_state(lib, q, arena) == op["expect"], number


def _queue_state(lib: ctypes.CDLL, q: Any, arena: Any) -> list[list[Any]]:
    state = []
    offset, oid, fields = ctypes.c_size_t(0), buf(16), (ctypes.c_uint32 * 5)()
    while lib.relay_host_queue_walk(q, ctypes.byref(offset), oid, fields):
        cls, hops, length, cursor, expiry = fields
        start = offset.value - length
        assert arena.raw[start : offset.value] == bytes((i + length) % 251 for i in range(length))
        state.append([oid.raw.hex(), cls, hops, length, cursor, expiry])
    return state


def test_vectors_message_script(lib: ctypes.CDLL) -> None:
    data = vectors("messages.json")
    relay = HostRelay(lib, bytes.fromhex(data["device"]), boot_ms=data["init_ms"])
    relay.set_battery(data["battery_mv"])
    for step in data["steps"]:
        request = bytes.fromhex(step["request"])
        reply = relay.handle_message(step["link"], request, step["now_ms"])
        assert reply.hex() == step["reply"], step["what"]
    # SET_CONFIG reached the fake flash with the seed, which GET_CONFIG never shows.
    stored = relay.stored()
    assert stored is not None
    assert RelayConfig.unpack(stored) == make_vectors.CONFIG


def test_vectors_display(lib: ctypes.CDLL) -> None:
    relay = _ready_relay(lib)
    for case in vectors("display.json")["cases"]:
        reply = relay.handle_message(0, bytes.fromhex(case["request"]), 0)
        assert reply == bytes([0x89, case["kept"]]), case["what"]
        assert relay.render(case["cols"], case["rows"]) == case["text"], case
    assert relay.render(7, 4) == ""  # narrower than a badge and a word: refused
    before = relay.render(80, 32)
    assert relay.handle_message(0, b"\x09\x01\x00\x01\x05ab", 0) == b"\xff\x02\x09"
    assert relay.render(80, 32) == before  # a malformed DISPLAY_PUT changed nothing


def _ready_relay(lib: ctypes.CDLL) -> HostRelay:
    relay = HostRelay(lib, make_vectors.DEVICE)
    assert relay.set_config(make_vectors.CONFIG) == 0
    hello = relay.handle_message(0, b"\x01\x01" + make_vectors.TAG + bytes(8), 0)
    assert hello[10] == 0
    return relay


def test_vectors_config_storage_and_reboot(lib: ctypes.CDLL) -> None:
    relay = HostRelay(lib, make_vectors.DEVICE)
    blank = make_vectors.unconfigured(relay.device).pack()
    lib.relay_host_set_kv_fail(relay.handle, 1)
    assert relay.set_config(make_vectors.CONFIG) == 3  # flash refused: nothing changes
    assert relay.handle_message(0, b"\x06", 0)[1:] == blank
    lib.relay_host_set_kv_fail(relay.handle, 0)
    assert relay.set_config(make_vectors.CONFIG) == 0
    # Writing back what GET_CONFIG gave (zero seed) keeps the key.
    shown = RelayConfig.unpack(relay.handle_message(0, b"\x06", 0)[1:])
    assert shown.key_seed == bytes(32)
    assert relay.set_config(replace(shown, config_version=4)) == 0
    stored = relay.stored()
    assert stored is not None and RelayConfig.unpack(stored).key_seed == make_vectors.SEED
    # A board that boots with that flash is configured; a copy made for another board is not.
    again = HostRelay(lib, make_vectors.DEVICE, stored=stored)
    assert RelayConfig.unpack(again.handle_message(0, b"\x06", 0)[1:]).config_version == 4
    other = HostRelay(lib, make_vectors.OTHER_DEVICE, stored=stored)
    assert not RelayConfig.unpack(other.handle_message(0, b"\x06", 0)[1:]).configured


# -- the link with real Channels ---------------------------------------------------------------


class Line:
    """A relay on links 0 and 1, each reached by a laptop-side stream."""

    def __init__(self, relay: HostRelay, drop: float = 0.0, seed: int = 0) -> None:
        self.relay = relay
        self.laptops: dict[int, ByteStream] = {}
        self.faults: list[FaultyStream] = []
        relay_ends: dict[int, ByteStream] = {}
        for link in (0, 1):
            laptop, board = socket_pair()
            if drop:
                laptop = FaultyStream(laptop, seed * 10 + link, drop=drop)
                board = FaultyStream(board, seed * 10 + link + 5, drop=drop)
                self.faults += [laptop, board]
            self.laptops[link], relay_ends[link] = laptop, board
        self.pump = RelayPump(relay, relay_ends)

    def channel(self, link: int) -> Channel:
        return Channel(_Unclosed(self.laptops[link]), timeout=FAST)


class _Unclosed:
    """The laptop's port stays open when a Channel closes, so the next session can use it."""

    def __init__(self, inner: ByteStream) -> None:
        self.inner = inner

    def read(self, n: int) -> bytes:
        return self.inner.read(n)

    def write(self, data: bytes) -> int:
        return self.inner.write(data)

    def close(self) -> None:
        pass


@pytest.fixture
def relay(lib: ctypes.CDLL) -> HostRelay:
    return _ready_relay(lib)


@pytest.fixture
def line(relay: HostRelay) -> Iterator[Line]:
    wired = Line(relay)
    with wired.pump:
        yield wired
    assert wired.pump.failure is None


def test_session_messages_of_every_size_cross_the_c_link(line: Line) -> None:
    channel = line.channel(0)
    client = RelayClient(channel, wait=10)
    client.hello(make_vectors.TAG, b"laptop-a")
    for size in (0, 1, 239, 240, 241, 480, 4096, 8192):  # fragment edges, the largest object
        data = bytes(i % 253 for i in range(size))
        oid = size.to_bytes(16, "little")
        client.put(oid, 1, 0, 600, data)
        got = client.get(oid)
        assert got is not None and got.data == data and got.ttl_left_s <= 600
    # A message over 8,448 bytes is dropped by the link, which goes on serving.
    channel.send(b"\x05" * 9000)
    assert client.get_info().device == make_vectors.DEVICE
    assert line.relay.link_stats(0)["dropped"] == 1
    status = client.get_status()
    assert status.links[0].frames_in > 0 and status.links[2].last_contact_s is None
    report = client.get_report()
    assert report.verify(relay_public_key(make_vectors.SEED))
    assert report.status.queued == 8 and report.device == make_vectors.DEVICE
    client.bye()
    channel.close()


def test_session_a_new_channel_after_bye_or_a_crash_is_served(line: Line) -> None:
    for ending in ("bye", "crash", "crash", "bye"):
        channel = line.channel(0)
        client = RelayClient(channel, wait=10)
        hello = client.hello(make_vectors.TAG, b"laptop-a")
        assert hello.device == make_vectors.DEVICE
        client.put(os.urandom(16), 1, 0, 600, os.urandom(3000))  # frames in both directions
        if ending == "bye":
            client.bye()
        channel.close()  # "crash": no bye, and the next Channel starts at seq 0 at once
    assert line.relay.link_stats(0)["resets"] >= 3


def test_session_refusals_are_clear(lib: ctypes.CDLL) -> None:
    blank = HostRelay(lib, make_vectors.DEVICE)
    wired = Line(blank)
    with wired.pump:
        channel = wired.channel(0)
        client = RelayClient(channel, wait=10)
        with pytest.raises(RelayError) as caught:
            client.hello(make_vectors.TAG, bytes(8))
        assert caught.value.code == "relay_not_configured"
        assert client.get_info().firmware == make_vectors.FW_VERSION
        device = client.get_config().device_id
        client.set_config(RelayConfig(make_vectors.TAG, bytes(8), device))
        with pytest.raises(RelayError) as caught:
            client.set_config(RelayConfig(make_vectors.TAG, bytes(8), make_vectors.OTHER_DEVICE))
        assert caught.value.code == "relay_wrong_device"
        with pytest.raises(RelayError) as caught:
            client.hello(make_vectors.OTHER_TAG, bytes(8))
        assert caught.value.code == "relay_other_network"
        with pytest.raises(RelayError) as caught:
            client.list(0, 10)
        assert caught.value.code == "relay_not_configured"
        client.hello(make_vectors.TAG, bytes(8))
        with pytest.raises(RelayError) as caught:
            client.put(bytes(16), 1, 9, 60, b"x")
        assert caught.value.code == "relay_hop_limit"
        with pytest.raises(RelayError) as caught:
            client.get_report()  # configured without a key: nothing to sign with
        assert caught.value.code == "relay_not_configured"
        items = [DisplayItem(0, Badge.VALID, "Coupure d’eau à Ambam")]
        assert client.display_put(items) == 1
        assert blank.render(21, 2) == "+P0 Coupure d'eau a\n    Ambam"
        client.bye()
        channel.close()
    assert wired.pump.failure is None


# -- laptop A → relay → laptop B -----------------------------------------------------------------


def test_a_block_goes_from_laptop_a_to_laptop_b_through_the_relay(lib, net) -> None:  # type: ignore[no-untyped-def]
    a, b, _ = net.nodes
    for n in range(3):  # a few KB each: some twenty frames per object
        post(a, f"Réunion du conseil {n}", "Ordre du jour : budget, école, marché. " * 100)
    assert not same_state([a, b])
    relay = HostRelay(lib, make_vectors.DEVICE)
    config = RelayConfig(
        network_tag=relay_tag(a.network_id),
        commune_id=a.commune[:8],
        device_id=relay.device,
        key_seed=make_vectors.SEED,
        queue_budget_kib=200,
    )
    assert relay.set_config(config) == 0
    wired = Line(relay, drop=0.05, seed=7)  # about one frame in twenty lost, each way
    results: dict[str, Any] = {}

    def laptop(name: str, link: int, work: Any) -> None:
        channel = wired.channel(link)
        try:
            results[name] = work(channel)
            RelayClient(channel, wait=20).bye()
        except BaseException as exc:  # handed to the test thread
            results[name] = exc
        finally:
            results[f"{name} retransmissions"] = channel.stats.retransmissions
            channel.close()

    with wired.pump:
        pusher = threading.Thread(target=laptop, args=("a", 0, lambda ch: push_blocks(a, ch)))
        pusher.start()
        pusher.join(60)
        puller = threading.Thread(target=laptop, args=("b", 1, lambda ch: pull_blocks(b, ch)))
        puller.start()
        puller.join(60)
    assert wired.pump.failure is None
    pushed, pulled = results["a"], results["b"]
    assert not isinstance(pushed, BaseException), pushed
    assert not isinstance(pulled, BaseException), pulled
    assert pushed.sent >= 1 and not pushed.full
    assert pulled.imported.new >= 1 and pulled.imported.quarantined == 0
    assert same_state([a, b])
    assert pushed.sent >= 3 and pulled.imported.new >= 3
    assert sum(f.counts.dropped for f in wired.faults) > 0  # the loss was real
    resent = results["a retransmissions"] + results["b retransmissions"]
    resent += relay.link_stats(0)["retransmits"] + relay.link_stats(1)["retransmits"]
    assert resent > 0  # and both link layers recovered from it


def test_a_relay_stops_carrying_an_item_whose_lifetime_ended(lib, net) -> None:  # type: ignore[no-untyped-def]
    """Ambam's standing notice has no end; its market notice, posted after, lives 60 s. The
    relay is given each with its own lifetime, and two minutes later only the standing one is
    still offered."""
    a, b, _ = net.nodes
    a.submit(TxType.FORUM_THREAD, {"title": "Horaires de la mairie", "body": "…"})
    a.seal()
    a.submit(TxType.FORUM_THREAD, {"title": "Marché ce matin", "body": "…"}, ttl=60)
    a.seal()
    relay = HostRelay(lib, make_vectors.DEVICE)
    config = RelayConfig(
        network_tag=relay_tag(a.network_id),
        commune_id=a.commune[:8],
        device_id=relay.device,
        key_seed=make_vectors.SEED,
    )
    assert relay.set_config(config) == 0
    wired = Line(relay)
    with wired.pump:
        channel = wired.channel(0)
        assert push_blocks(a, channel).sent >= 2
        client = RelayClient(channel, wait=10)
        lifetimes = sorted(client.get(e.id).ttl_left_s for e in client.list_all())  # type: ignore[union-attr]
        client.bye()
        channel.close()
        assert lifetimes[0] <= 60 < lifetimes[1]  # only the market notice ends soon
        relay.start -= 120  # two minutes pass on the relay's clock
        channel = wired.channel(1)
        pulled = pull_blocks(b, channel)
        RelayClient(channel, wait=10).bye()
        channel.close()
    assert wired.pump.failure is None
    titles = {str(t) for (t,) in b.store.all("SELECT title FROM threads")}
    assert "Horaires de la mairie" in titles and "Marché ce matin" not in titles
    assert pulled.imported.pending == 0


def test_a_channel_and_the_c_link_agree_on_frames(lib: ctypes.CDLL) -> None:
    """The first frames the C link writes, read by frames.py, and the other way round."""
    relay = _ready_relay(lib)
    wire = encode(Frame(Kind.LAST, 0, 0, b"\x05"))  # GET_INFO as seq 0
    relay.feed(0, wire, 10)
    out = relay.poll(0, 10)
    from app.sync.frames import FrameReader

    frames = FrameReader().feed(out)
    assert frames[0].kind == Kind.LAST and frames[0].seq == 0 and frames[0].ack == 1
    assert frames[0].payload[:1] == b"\x85"
    assert crc32c.crc32c(b"123456789") == lib.crc32c_update(0, b"123456789", 9)


# -- the sanitizer build -------------------------------------------------------------------------


@pytest.mark.skipif(bool(os.environ.get(LIBRARY_ENV)), reason="already the sanitizer run")
def test_sanitizer_build_replays_the_vectors_and_a_session(tmp_path: Path) -> None:
    """AddressSanitizer and UBSan (aborting on the first finding) under the same tests.

    ctypes loads the library into a Python that was not linked with the sanitizer runtime, so
    the run preloads libasan; leak detection is off because Python itself never frees
    everything at exit."""
    run = rerun_sanitized(tmp_path, __file__, "vectors or session or agree", LIBRARY_ENV)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    assert " passed" in run.stdout


def test_display_put_request_cuts_titles_at_a_character() -> None:
    title = "é" * 70  # 140 bytes
    request = display_request([DisplayItem(0, Badge.VALID, title)])
    assert request[4] == 120 and request[5:].decode() == "é" * 60
