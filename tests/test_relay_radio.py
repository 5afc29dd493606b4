"""Relays that relay: whole relays of the host build (firmware/core/relay.c with its mesh wired
in by relay_attach_radio) on a fake shared air (firmware/host/relay_radio_host_api.c), with
real laptops' Channels and RelayClients at the edges.

A laptop's PUT on relay A by cable comes out of relay C's GET two radio hops away; relay B,
with its queue in flash, loses its power after taking the object from the air and still holds
it at the next boot; a laptop talking to A by radio (link 2) shares the air and the duty-cycle
budget with the mesh; the signed report carries the radio section with its neighbours. Then a
P0 post goes as class 3 (urgent) through a relay, and as a block through a relay of firmware
0.1.0's classes. The air is in real time with an ESP-NOW modem (a packet lasts about 2 ms), so
the Channels' own timers run as on a board.
"""

from __future__ import annotations

import ctypes
import os
import queue
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.devices import devices, radio_report
from app.core.ledger.txtypes import TxType
from app.sync.channel import Channel
from app.sync.relay import (
    RelayClient,
    RelayError,
    Report,
    device_id_from_mac,
    pull_blocks,
    push_blocks,
    relay_public_key,
    relay_tag,
)
from app.sync.relaycfg import RelayConfig
from app.sync.stream import ByteStream
from bench.relay_forwarding import HostRelay, RelayPump, build_library, load, socket_pair
from tests.sanitizer import rerun_sanitized
from tests.sync_kit import same_state
from tests.vectors.firmware import make_vectors

LIBRARY_ENV = "OBAMBU_RELAY_LIBRARY"
SECTOR, SECTORS = 4096, 12
WINDOW_MS, PERMILLE = 60_000, 1000  # 2.4 GHz: no duty-cycle rule, the whole window
RADIO = 2  # the relay's link 2
DOWNLINK = 0x01  # RELAY_DOWNLINK: first byte of a relay's packet to its laptop
FAST = 5.0
T = TypeVar("T")


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> ctypes.CDLL:
    given = os.environ.get(LIBRARY_ENV)
    path = Path(given) if given else build_library(tmp_path_factory.mktemp("relay-radio"))
    lib = load(path)
    vp, u32, size = ctypes.c_void_p, ctypes.c_uint32, ctypes.c_size_t
    for name, args, result in [
        ("rr_size", [], size),
        ("rr_init", [vp, size, ctypes.c_uint, u32], ctypes.c_int),
        ("rr_link", [vp, ctypes.c_uint, ctypes.c_uint, ctypes.c_int, ctypes.c_int], None),
        ("rr_attach", [vp, ctypes.c_uint, vp, u32, u32, u32], ctypes.c_int),
        ("rr_power_cut", [vp, ctypes.c_uint], None),
        ("rr_step", [vp, u32], None),
        ("rr_wake_in", [vp, u32], u32),
        ("rr_laptop_send", [vp, ctypes.c_uint, ctypes.c_char_p, size, u32], ctypes.c_int),
        ("rr_laptop_recv", [vp, ctypes.c_uint, ctypes.c_char_p, size], size),
        ("rr_counts", [vp, ctypes.c_uint, vp], None),
        ("fq_relay_flash_size", [], size),
        ("fq_relay_attach", [vp, vp, vp, u32, u32, u32], ctypes.c_int),
    ]:
        function = getattr(lib, name)
        function.argtypes, function.restype = args, result
    return lib


def _device(n: int) -> bytes:
    return device_id_from_mac(bytes([0x24, 0x0A, 0xC4, 0x10, 0x20, n]))


def _config(device: bytes, **changes: Any) -> RelayConfig:
    return replace(make_vectors.CONFIG, device_id=device, classes=0b1111, hop_limit=4, **changes)


class Flash:
    """A board's queue partition: bytes that outlive the boots made over them."""

    def __init__(self, lib: ctypes.CDLL) -> None:
        self.lib = lib
        self.mem = ctypes.create_string_buffer(b"\xff" * (SECTOR * SECTORS), SECTOR * SECTORS)
        self.logs: list[Any] = []  # one flash log per boot, kept alive with it

    def attach(self, relay: HostRelay) -> int:
        log = ctypes.create_string_buffer(self.lib.fq_relay_flash_size() + 16)
        self.logs.append(log)
        aligned = ctypes.addressof(log) + (-ctypes.addressof(log)) % 8
        never = 0xFFFFFFFF
        return int(
            self.lib.fq_relay_attach(
                relay.handle, aligned, ctypes.addressof(self.mem), len(self.mem), never, 0
            )
        )


class Air:
    """The relays' main loops and the air between them, in one thread that alone calls the C
    side (as a board has one loop): laptops' cable streams on link 0, a laptop's radio."""

    def __init__(self, lib: ctypes.CDLL, nodes: int) -> None:
        self.lib = lib
        self.t0 = time.monotonic()
        self._mem = ctypes.create_string_buffer(lib.rr_size() + 16)
        self.h = ctypes.addressof(self._mem) + (-ctypes.addressof(self._mem)) % 8
        assert lib.rr_init(self.h, lib.rr_size(), nodes, 1_000_000) == 0
        self.relays: dict[int, HostRelay] = {}
        self.cables: dict[int, ByteStream] = {}  # relay index → its link 0's board end
        self.radios: dict[int, ByteStream] = {}  # laptop node → its radio's board end
        self.inbox: queue.Queue[tuple[str, int, bytes]] = queue.Queue()
        self.calls: queue.Queue[tuple[Callable[[], Any], queue.Queue[Any]]] = queue.Queue()
        self.stopped = threading.Event()
        self.failure: BaseException | None = None
        self._pending: dict[int, list[bytes]] = {}
        self._partial: dict[int, bytes] = {}
        self.threads: list[threading.Thread] = []

    def now(self) -> int:
        return int((time.monotonic() - self.t0) * 1000) & 0xFFFFFFFF

    def link(self, a: int, b: int, rssi: int = -70, snr: int = 8) -> None:
        self.lib.rr_link(self.h, a, b, rssi, snr)

    def relay(self, index: int, device: bytes, *, flash: Flash | None = None) -> HostRelay:
        relay = HostRelay(self.lib, device, boot_ms=self.now())
        assert relay.set_config(_config(device)) == 0
        if flash is not None:
            flash.attach(relay)
        assert self.lib.rr_attach(self.h, index, relay.handle, WINDOW_MS, PERMILLE, index) == 0
        self.relays[index] = relay
        return relay

    def cable(self, index: int) -> Channel:
        laptop, board = socket_pair()
        self.cables[index] = board
        self._read(board, "cable", index)
        return Channel(laptop, timeout=FAST)

    def radio(self, index: int) -> Channel:
        laptop, board = socket_pair()
        self.radios[index] = board
        self._pending[index] = []
        self._partial[index] = b""
        self._read(board, "radio", index)
        return Channel(laptop, timeout=FAST)

    def call(self, fn: Callable[[], T]) -> T:
        """Runs `fn` in the loop's thread, between two steps."""
        done: queue.Queue[Any] = queue.Queue()
        self.calls.put((fn, done))
        ok, value = done.get(timeout=30)
        if not ok:
            raise value
        result: T = value
        return result

    def counts(self, index: int) -> dict[str, int]:
        out = (ctypes.c_uint32 * 4)()
        self.lib.rr_counts(self.h, index, out)
        return dict(zip(("mesh", "link", "received", "lost"), out, strict=True))

    def __enter__(self) -> Air:
        loop = threading.Thread(target=self._loop, daemon=True)
        self.threads.append(loop)
        loop.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopped.set()
        for thread in self.threads:
            thread.join(2.0)
        for stream in [*self.cables.values(), *self.radios.values()]:
            stream.close()

    def _read(self, stream: ByteStream, kind: str, index: int) -> None:
        def read() -> None:
            while not self.stopped.is_set():
                try:
                    data = stream.read(4096)
                except Exception:  # the laptop closed its side
                    return
                if data:
                    self.inbox.put((kind, index, data))

        thread = threading.Thread(target=read, daemon=True)
        self.threads.append(thread)
        thread.start()

    def _radio_in(self, index: int, data: bytes) -> None:
        """A laptop's radio sends one frame per packet; a frame over 250 bytes (252 with its
        delimiter at most) in two, the second not starting with RELAY_DOWNLINK (0x01)."""
        buffered = self._partial[index] + data
        *frames, self._partial[index] = buffered.split(b"\x00")
        for frame in frames:
            if not frame:
                continue
            wire = frame + b"\x00"
            if len(wire) <= 250:
                self._pending[index].append(wire)
            else:
                half = len(wire) // 2
                while wire[half] == 0x01:
                    half += 1
                self._pending[index] += [wire[:half], wire[half:]]

    def _loop(self) -> None:
        out = ctypes.create_string_buffer(256)
        try:
            while not self.stopped.is_set():
                # Calls first: one that boots a relay reads the clock, and no relay may then be
                # given an earlier time (a board's clock never goes back).
                while True:
                    try:
                        fn, done = self.calls.get_nowait()
                    except queue.Empty:
                        break
                    try:
                        done.put((True, fn()))
                    except BaseException as exc:
                        done.put((False, exc))
                now = self.now()
                while True:
                    try:
                        kind, index, data = self.inbox.get_nowait()
                    except queue.Empty:
                        break
                    if kind == "cable":
                        self.relays[index].feed(0, data, now)
                    else:
                        self._radio_in(index, data)
                for index, pending in self._pending.items():
                    if (
                        pending
                        and self.lib.rr_laptop_send(self.h, index, pending[0], len(pending[0]), now)
                        == 0
                    ):
                        pending.pop(0)
                self.lib.rr_step(self.h, now)
                for index, stream in self.cables.items():
                    if index in self.relays:
                        data = self.relays[index].poll(0, now)
                        if data:
                            stream.write(data)
                for index, stream in self.radios.items():
                    while n := self.lib.rr_laptop_recv(self.h, index, out, len(out)):
                        if out.raw[0] == DOWNLINK:  # the relay's frames, not another laptop's
                            stream.write(out.raw[1:n])
                wait = min(self.lib.rr_wake_in(self.h, self.now()), 2)
                if wait:
                    time.sleep(wait / 1000)
        except BaseException as exc:  # handed to the test thread
            self.failure = exc


def _until(what: Callable[[], T], seconds: float = 30.0) -> T:
    deadline = time.monotonic() + seconds
    while True:
        got = what()
        if got or time.monotonic() > deadline:
            return got
        time.sleep(0.05)


def _held(relay: HostRelay, oid: bytes, now: int) -> bytes:
    """GET on the relay's second cable, as a technician's laptop would."""
    relay.handle_message(1, b"\x01\x01" + make_vectors.TAG + bytes(8), now)
    return relay.handle_message(1, b"\x04" + oid, now)


def _mutate(seed: bytes, edits: list[tuple[int, int]], cut: int) -> bytes:
    out = bytearray(seed)
    for at, value in edits:
        if at < len(out):
            out[at] = value
    return bytes(out[: len(out) + cut] if cut < 0 else out + bytes(cut))


def _found(reply: bytes) -> bool:
    return len(reply) >= 25 and reply[23:25] != b"\xff\xff"


# -- three relays in a line ----------------------------------------------------------------------


def test_an_object_put_on_relay_a_comes_out_of_relay_c_two_hops_away(lib: ctypes.CDLL) -> None:
    a_dev, b_dev, c_dev = _device(1), _device(2), _device(3)
    flash = Flash(lib)
    data = os.urandom(3000)  # some fourteen fragments on the air
    oid = os.urandom(16)
    air = Air(lib, 3)
    air.link(0, 1, -60, 9)
    air.link(1, 2, -95, -3)  # A and C do not hear each other
    a = air.relay(0, a_dev)
    air.relay(1, b_dev, flash=flash)
    air.relay(2, c_dev)
    sender, receiver = air.cable(0), air.cable(2)
    with air:
        client = RelayClient(sender, wait=10)
        client.hello(make_vectors.TAG, b"laptop-a")
        client.put(oid, 1, 0, 600, data)
        # C's laptop asks until the object is there.
        far = RelayClient(receiver, wait=10)
        far.hello(make_vectors.TAG, b"laptop-c")
        got = _until(lambda: far.get(oid))
        assert got is not None and got.data == data and got.hops == 2 and got.cls == 1
        # B took it from the air (hops 1); the power goes, B boots again over the same flash.
        b_old = air.relays[1]
        assert _found(air.call(lambda: _held(b_old, oid, air.now())))

        def power_cut() -> int:
            lib.rr_power_cut(air.h, 1)
            again = HostRelay(lib, b_dev, stored=b_old.stored(), boot_ms=air.now())
            restored = flash.attach(again)
            assert lib.rr_attach(air.h, 1, again.handle, WINDOW_MS, PERMILLE, 7) == 0
            air.relays[1] = again
            return restored

        assert air.call(power_cut) >= 1
        kept = air.call(lambda: _held(air.relays[1], oid, air.now()))
        assert _found(kept), kept.hex()
        assert kept[18] == 1 and kept[25:] == data, kept[:25].hex()  # hops 1, whole
        # A's signed report names its neighbour B and what went on air.
        report = client.get_report()
        assert report.verify(relay_public_key(make_vectors.SEED))
        radio = report.radio
        assert radio is not None and radio.kind == 2 and radio.kind_name == "ESP-NOW"
        assert radio.freq_hz == 2_412_000_000 and radio.budget_us == WINDOW_MS * PERMILLE
        assert radio.window_s == WINDOW_MS // 1000 and radio.packets_out >= 14
        assert 0 < radio.airtime_us <= radio.budget_us
        near = {n.id: n for n in radio.neighbours}
        assert set(near) == {b_dev[4:]} and near[b_dev[4:]].rssi_dbm == -60
        assert near[b_dev[4:]].snr_db == 9 and near[b_dev[4:]].packets > 0
        # The ledger's reading of the same bytes agrees.
        parsed = devices.parse_report(report.body)
        assert parsed.radio == radio and parsed.status == report.status
        for stream in (sender, receiver):
            stream.close()
        assert air.counts(0)["mesh"] > 0 and a.link_stats(2)["frames_in"] == 0
    assert air.failure is None


def test_a_laptop_on_link_2_shares_the_air_and_the_budget_with_the_mesh(lib: ctypes.CDLL) -> None:
    oid = os.urandom(16)
    data = os.urandom(2000)
    air = Air(lib, 3)
    air.link(0, 1)
    air.link(0, 2)  # node 2: a laptop's radio, in range of A only
    a = air.relay(0, _device(1))
    b = air.relay(1, _device(2))
    channel = air.radio(2)
    with air:
        client = RelayClient(channel, wait=10)
        client.hello(make_vectors.TAG, b"laptop-r")
        client.put(oid, 3, 0, 600, data)  # urgent, by radio
        got = client.get(oid)
        assert got is not None and got.data == data
        assert _until(lambda: _found(air.call(lambda: _held(b, oid, air.now()))))
        client.bye()
        channel.close()

        def report_and_counts() -> tuple[bytes, dict[str, int]]:
            reply = a.handle_message(1, b"\x0a", air.now())
            return reply, air.counts(0)

        reply, counts = air.call(report_and_counts)
        radio = Report.unpack(reply[1:]).radio
        assert radio is not None
        # Both kinds of packet left A through one radio, and the mesh counted them all.
        assert counts["mesh"] > 0 and counts["link"] > 0
        assert radio.packets_out == counts["mesh"] + counts["link"]
        assert a.link_stats(RADIO)["frames_in"] > 0 and a.link_stats(RADIO)["errors"] == 0
        # The laptop's packets were not the mesh's: none counted as dropped by A.
        assert radio.dropped == 0
    assert air.failure is None


def test_link_2_waits_for_the_budget_the_mesh_spent(lib: ctypes.CDLL) -> None:
    """A budget of one packet's time: once the mesh spent it, link 2 sends nothing more."""
    air = Air(lib, 2)
    air.link(0, 1)
    relay = HostRelay(lib, _device(1), boot_ms=air.now())
    assert relay.set_config(_config(_device(1))) == 0
    # 60 s x 1 per mille = 60 ms: about 25 packets of 250 bytes at 1 Mbit/s.
    assert lib.rr_attach(air.h, 0, relay.handle, 60_000, 1, 1) == 0
    air.relays[0] = relay
    channel = air.radio(1)
    with air:
        client = RelayClient(channel, wait=2)
        with pytest.raises(Exception):  # noqa: B017 - whichever way the link gives up
            client.hello(make_vectors.TAG, b"laptop-r")
            for _ in range(40):
                client.put(os.urandom(16), 1, 0, 600, os.urandom(4000))
        channel.close()
        reply = air.call(lambda: relay.handle_message(1, b"\x0a", air.now()))
        radio = Report.unpack(reply[1:]).radio
        assert radio is not None and radio.budget_us == 60_000
        assert radio.airtime_us <= radio.budget_us
    assert air.failure is None


def test_a_relay_moved_to_another_network_speaks_that_networks_air(lib: ctypes.CDLL) -> None:
    """SET_CONFIG with another network tag while on the air: its neighbours of the old network
    no longer take its packets (nor it theirs)."""
    air = Air(lib, 2)  # driven by hand here, on a clock of its own: no loop thread
    air.link(0, 1)
    a = air.relay(0, _device(1))
    b = air.relay(1, _device(2))
    start = air.now()
    assert b.set_config(_config(_device(2), network_tag=make_vectors.OTHER_TAG)) == 0
    for step in range(0, 20_000, 5):  # 20 s: every relay says hello within its first 16 slots
        lib.rr_step(air.h, start + step)
    reply = a.handle_message(1, b"\x0a", start + 20_000)
    radio = Report.unpack(reply[1:]).radio
    assert radio is not None and radio.neighbours == () and radio.dropped > 0
    assert air.counts(1)["mesh"] > 0  # B did speak


# -- the radio section: refusals -----------------------------------------------------------------


def test_radio_report_bounds() -> None:
    near = radio_report.Neighbour(b"\x01\x02\x03\x04", -101, -7, 12, 40)
    full = radio_report.RadioReport(
        1, 868_100_000, 125_000, 9, 14, 3600, 5, 36_000_000, 1, 2, 3, (near,) * 16
    )
    assert radio_report.unpack(full.pack()) == full
    body = full.pack()
    for cut in (0, 1, radio_report.FIXED_SIZE - 1, len(body) - 1):
        with pytest.raises(ValueError):
            radio_report.unpack(body[:cut])
    with pytest.raises(ValueError):
        radio_report.unpack(body + b"\x00")
    seventeen = bytearray(full.pack()[: radio_report.FIXED_SIZE] + near.pack() * 17)
    seventeen[radio_report.FIXED_SIZE - 1] = 17
    with pytest.raises(ValueError):
        radio_report.unpack(bytes(seventeen))
    odd = bytearray(body)
    odd[0] = 9  # no such radio
    with pytest.raises(ValueError):
        radio_report.unpack(bytes(odd))
    # A report of firmware 0.1.0 (no radio section) still parses, without a radio.
    old = make_vectors.DEVICE + bytes(4) + bytes(devices.Status.SIZE)
    assert devices.parse_report(old).radio is None
    assert devices.parse_report(old + full.pack()).radio == full
    with pytest.raises(ValueError):
        devices.parse_report(old + full.pack()[:-1])


_SAMPLE = radio_report.RadioReport(
    2,
    2_412_000_000,
    0,
    0,
    20,
    60,
    7,
    60_000_000,
    3,
    4,
    0,
    (radio_report.Neighbour(b"\xfe\x10\x20\x02", -70, 8, 1, 9),) * 3,
)


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=300),
        st.builds(
            _mutate,
            st.just(_SAMPLE.pack()),
            st.lists(st.tuples(st.integers(0, 400), st.integers(0, 255)), max_size=4),
            st.integers(-3, 3),
        ),
    )
)
def test_radio_sections_from_a_board_parse_or_are_refused(body: bytes) -> None:
    """Whatever a board sends after its status: a radio report within its bounds, or
    ValueError (the ledger's rule turns it into a refusal; the laptop's client into
    relay_bad_reply)."""
    head = make_vectors.DEVICE + bytes(4) + bytes(devices.Status.SIZE)
    for parse in (radio_report.unpack, lambda b: devices.parse_report(head + b).radio):
        try:
            got = parse(body)
        except ValueError:
            continue
        if got is None:
            assert body == b""
            continue
        assert len(got.neighbours) <= radio_report.MAX_NEIGHBOURS and got.pack() == body
    reply = struct.pack("<H", len(head) + len(body)) + head + body + bytes(64)
    try:
        Report.unpack(reply)
    except RelayError as refused:
        assert refused.code == "relay_bad_reply"


def test_the_cli_shows_a_relays_radio_and_nothing_for_an_old_relay() -> None:
    from app.cli_device import _board

    head = make_vectors.DEVICE + bytes(4) + bytes(devices.Status.SIZE)
    shown = _board({"id": b"d", "report": devices.parse_report(head + _SAMPLE.pack())})
    assert shown["radio"]["kind"] == "ESP-NOW" and shown["radio"]["airtime_us"] == 7
    assert [n["id"] for n in shown["radio"]["neighbours"]] == ["fe102002"] * 3
    assert "radio" not in _board({"id": b"d", "report": devices.parse_report(head)})


# -- class 3: a P0 post through a relay ------------------------------------------------------------


@pytest.mark.parametrize("classes", [0b1111, 0b111])
def test_a_p0_post_goes_as_class_3_and_the_other_laptop_fetches_it(lib, net, classes) -> None:  # type: ignore[no-untyped-def]
    a, b, _ = net.nodes
    urgent = a.submit(
        TxType.FORUM_THREAD, {"title": "Crue : évacuez", "body": "Maintenant."}, prio=0
    )
    a.seal()
    relay = HostRelay(lib, make_vectors.DEVICE)
    config = RelayConfig(
        network_tag=relay_tag(a.network_id),
        commune_id=a.commune[:8],
        device_id=relay.device,
        key_seed=make_vectors.SEED,
        queue_budget_kib=200,
        classes=classes,
    )
    assert relay.set_config(config) == 0
    ends: dict[int, ByteStream] = {}
    laptops: dict[int, ByteStream] = {}
    for link in (0, 1):
        laptops[link], ends[link] = socket_pair()
    with RelayPump(relay, ends) as pump:
        channel = Channel(laptops[0], timeout=FAST)
        pushed = push_blocks(a, channel)
        listing = list(RelayClient(channel).list_all())
        RelayClient(channel).bye()
        channel.close()
        other = Channel(laptops[1], timeout=FAST)
        pulled = pull_blocks(b, other)
        RelayClient(other).bye()
        other.close()
    assert pump.failure is None
    assert pushed.refused == 0 and pushed.sent >= 1
    kinds = {entry.cls for entry in listing}
    # A relay of classes 0-2 refused class 3: the laptop sent the post again as a block.
    assert (3 in kinds) == (classes == 0b1111) and (classes == 0b1111 or 1 in kinds)
    assert pulled.imported.quarantined == 0
    assert b.store.one("SELECT count(*) FROM txs WHERE id = ?", (urgent,)) == (1,)
    assert same_state([a, b])


def test_sanitizer_build_replays_the_radio_relays(tmp_path: Path) -> None:
    if os.environ.get(LIBRARY_ENV):
        pytest.skip("already the sanitizer run")
    done = rerun_sanitized(
        tmp_path,
        __file__,
        "two_hops_away or shares_the_air or waits_for_the_budget or another_network",
        LIBRARY_ENV,
    )
    assert done.returncode == 0, done.stdout + done.stderr
