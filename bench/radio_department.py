"""Whole relays on the simulated air, with laptops at their cables.

firmware/host/air_relay_node.c puts a whole `relay_t` (its CONFIG, its queue in an emulated
flash, its mesh wired by `relay_attach_radio`) behind each radio of firmware/host/radio_air.c;
`Department` places them, runs the air's clock fast while nobody is at a cable, and in step
with the wall clock while a laptop talks to a relay's link 0 (`live`): the link's timers are in
the relay's clock, the laptop's `Channel` in the wall clock, so both must move together.
tests/journeys/test_radio_department.py, tests/test_air_relay.py and bench/radio_network.py
drive it.
"""

from __future__ import annotations

import ctypes
import random
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from app.sync.channel import Channel
from app.sync.relay import RelayClient, device_id_from_mac
from app.sync.relaycfg import RelayConfig
from bench.radio_network import HOUR_MS, LORA_SF9, Modem
from bench.relay_forwarding import socket_pair

HOP_LIMIT = 8  # the CONFIG's default (7 radio hops); before issue 22 it was 4, 3 hops
STATS = [
    "boots",
    "attach_failures",
    "cable_lost",
    "queued",
    "packets_in",
    "packets_out",
    "objects_in",
    "objects_out",
    "sent",
    "received",
    "collided",
    "cut",
    "hop_limit_reached",
    "durable",
    "budget_waits",
    "refused",
]

Sink = Callable[[bytes], object]  # what it returns is ignored


def load_department(lib: ctypes.CDLL) -> ctypes.CDLL:
    """Types the entry points of firmware/host/air_relay_api.c on the host build."""
    p, c, size, u32 = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint32
    uint, i, i32 = ctypes.c_uint, ctypes.c_int, ctypes.c_int32
    signatures: dict[str, tuple[list[Any], Any]] = {
        "ar_size": ([], size),
        "ar_init": ([c, size, u32, p], p),
        "ar_band": ([p, i, i, i, i], None),
        "ar_add": ([p, i32, i32, p, c, c, size], i),
        "ar_write": ([p, uint, c, size], size),
        "ar_read": ([p, uint, c, size], size),
        "ar_run": ([p, u32, u32], u32),
        "ar_now": ([p], u32),
        "ar_power": ([p, uint, i], None),
        "ar_on_air": ([p, uint], i),
        "ar_arrivals": ([p, uint, c, p, u32], u32),
        "ar_held": ([p, uint, c, u32], u32),
        "ar_log": ([p, p, u32], u32),
        "ar_stats": ([p, uint, p], None),
        "ar_rssi_x10": ([p, uint, uint], i),
        "ar_sensitivity_x10": ([p, uint], i),
    }
    for name, (args, res) in signatures.items():
        fn = getattr(lib, name)
        fn.argtypes = args
        fn.restype = res
    return lib


def relay_config(tag: bytes, device: bytes, commune: bytes, **changes: Any) -> RelayConfig:
    """What a technician leaves in a department relay: the network's tag, every class
    (3: urgent P0 posts), a hop limit for the department's depth."""
    fields: dict[str, Any] = {
        "network_tag": tag,
        "commune_id": commune,
        "device_id": device,
        "key_seed": random.Random(device).randbytes(32),
        "classes": 0b1111,
        "hop_limit": HOP_LIMIT,
        "queue_budget_kib": 64,
        "default_lifetime_s": 2 * 24 * 3600,
        "name": f"Relais {device[-1]}",
    }
    fields.update(changes)
    return RelayConfig(**fields)


class Department:
    """Whole relays on one simulated air. Only one thread at a time calls the C side: the
    caller's, or `live`'s pump while it runs."""

    def __init__(
        self,
        lib: ctypes.CDLL,
        *,
        seed: int = 1,
        window_ms: int = HOUR_MS,
        permille: int = LORA_SF9.permille,
        reassembly_ms: int = HOUR_MS,
    ) -> None:
        self.lib = load_department(lib)
        size = self.lib.ar_size()
        self.mem = ctypes.create_string_buffer(size + 8)
        aligned = (ctypes.addressof(self.mem) + 7) // 8 * 8
        self.base = ctypes.c_char_p(aligned)
        params = (ctypes.c_uint32 * 4)(window_ms, permille, reassembly_ms, 0)
        self.h = self.lib.ar_init(self.base, size, seed, params)
        assert self.h
        self.n = 0
        self.devices: list[bytes] = []
        self._lock = threading.Lock()

    def add(self, x_m: float, y_m: float, modem: Modem, config: RelayConfig) -> int:
        fields = (ctypes.c_uint32 * 8)(*modem.fields())
        record = config.pack()
        index: int = self.lib.ar_add(
            self.h, round(x_m), round(y_m), fields, config.device_id, record, len(record)
        )
        assert index >= 0
        self.n += 1
        self.devices.append(config.device_id)
        return index

    # -- the clock --------------------------------------------------------------------------

    @property
    def now(self) -> int:
        now: int = self.lib.ar_now(self.h)
        return now

    def run(self, ms: int) -> None:
        self.lib.ar_run(self.h, self.now + ms, 500_000_000)

    def run_until(self, ms: int) -> None:
        self.lib.ar_run(self.h, ms, 500_000_000)

    @contextmanager
    def live(self, sinks: dict[int, Sink]) -> Iterator[LivePump]:
        """The air in step with the wall clock while laptops talk to relays' cables: `sinks`
        gets what each relay writes on its link 0; `LivePump.write` carries the laptop's."""
        pump = LivePump(self, sinks)
        pump.start()
        try:
            yield pump
        finally:
            pump.stop()
        if pump.failure is not None:
            raise pump.failure

    # -- what happened ------------------------------------------------------------------------

    def arrivals(self, node: int) -> list[tuple[bytes, int, int, int]]:
        """(id, class, hops, ms) of each object that entered the relay's queue, in order."""
        ids = ctypes.create_string_buffer(16 * 128)
        meta = (ctypes.c_uint32 * (3 * 128))()
        n = min(self.lib.ar_arrivals(self.h, node, ids, meta, 128), 128)
        return [
            (ids.raw[16 * k : 16 * k + 16], meta[3 * k], meta[3 * k + 1], meta[3 * k + 2])
            for k in range(n)
        ]

    def held(self, node: int) -> set[bytes]:
        ids = ctypes.create_string_buffer(16 * 512)
        n = self.lib.ar_held(self.h, node, ids, 512)
        return {ids.raw[16 * k : 16 * k + 16] for k in range(n)}

    def stats(self, node: int) -> dict[str, int]:
        out = (ctypes.c_uint32 * len(STATS))()
        self.lib.ar_stats(self.h, node, out)
        return dict(zip(STATS, out, strict=True))

    def log(self, rows: int = 131_072) -> list[tuple[int, ...]]:
        """(node, start ms, airtime us, length, fragment's object id head, kind) per packet,
        the first `rows`."""
        out = (ctypes.c_uint32 * (6 * rows))()
        total = self.lib.ar_log(self.h, out, rows)
        return [tuple(out[6 * k : 6 * k + 6]) for k in range(min(total, rows))]

    def power(self, node: int, on: bool) -> None:
        self.lib.ar_power(self.h, node, int(on))

    def on_air(self, node: int) -> bool:
        return bool(self.lib.ar_on_air(self.h, node))

    def hears(self, rx: int, tx: int) -> bool:
        rssi = self.lib.ar_rssi_x10(self.h, rx, tx)
        return bool(rssi >= self.lib.ar_sensitivity_x10(self.h, rx))

    def hops(self, source: int) -> dict[int, int]:
        """Fewest radio hops from `source` to each relay it can reach (both ways heard)."""
        dist = {source: 0}
        todo = deque([source])
        while todo:
            a = todo.popleft()
            for b in range(self.n):
                if b not in dist and self.hears(a, b) and self.hears(b, a):
                    dist[b] = dist[a] + 1
                    todo.append(b)
        return dist

    def path(self, source: int, target: int) -> list[int]:
        """One shortest path of radio hops, source first."""
        dist = self.hops(target)
        path = [source]
        while path[-1] != target:
            here = path[-1]
            path.append(
                min(
                    (b for b in dist if self.hears(here, b) and self.hears(b, here)),
                    key=lambda b: dist[b],
                )
            )
        return path


@contextmanager
def laptop(dept: Department, node: int, tag: bytes, name: bytes) -> Iterator[RelayClient]:
    """A laptop's session on relay `node`'s cable (a real Channel over a socket pair) while
    the air runs in step with the wall clock; HELLO done, BYE at the end."""
    near, board = socket_pair()
    try:
        with dept.live({node: board.write}) as pump:

            def carry() -> None:
                while True:
                    try:
                        data = board.read(4096)
                    except Exception:  # the laptop closed its side
                        return
                    if data:
                        pump.write(node, data)

            threading.Thread(target=carry, daemon=True).start()
            channel = Channel(near, timeout=5.0)
            try:
                client = RelayClient(channel, wait=10)
                client.hello(tag, name)
                yield client
                client.bye()
            finally:
                channel.close()
    finally:
        board.close()


class LivePump:
    """One thread that alone calls the C side while laptops talk: it moves the laptops' bytes
    in, runs the air up to the wall clock's time, and hands the relays' bytes out."""

    def __init__(self, dept: Department, sinks: dict[int, Sink]) -> None:
        self.dept = dept
        self.sinks = sinks
        self.failure: BaseException | None = None
        self._incoming: deque[tuple[int, bytes]] = deque()
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._wall0 = 0.0
        self._sim0 = 0

    def write(self, node: int, data: bytes) -> None:
        self._incoming.append((node, data))  # deque.append is atomic: any thread may write

    def start(self) -> None:
        self._wall0, self._sim0 = time.monotonic(), self.dept.now
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(10.0)

    def _loop(self) -> None:
        lib, h = self.dept.lib, self.dept.h
        out = ctypes.create_string_buffer(8192)
        try:
            while not self._stopped.is_set():
                while self._incoming:
                    node, data = self._incoming.popleft()
                    while data:  # a full buffer empties as the relay polls
                        taken = lib.ar_write(h, node, data, len(data))
                        data = data[taken:]
                        if data:
                            lib.ar_run(h, lib.ar_now(h) + 1, 1_000_000)
                target = self._sim0 + int((time.monotonic() - self._wall0) * 1000)
                if target > lib.ar_now(h):
                    lib.ar_run(h, target, 1_000_000)
                for node, sink in self.sinks.items():
                    while n := lib.ar_read(h, node, out, len(out)):
                        sink(out.raw[:n])
                time.sleep(0.002)
        except BaseException as exc:  # handed to the caller by Department.live
            self.failure = exc


def mesh_node_id(k: int) -> bytes:
    """The device id firmware/host/air_mesh_node.c gives the k-th bare mesh: the back-offs
    come from it (mesh_init), so whole relays with these ids replay bench.radio_network's
    department draw for draw."""
    return bytes([0xA1, 0, 0, 0, k + 1, 0xA1, 0, 0])


def department(
    lib: ctypes.CDLL,
    seed: int,
    tag: bytes,
    commune: bytes,
    *,
    modem: Modem = LORA_SF9,
    mesh_node_ids: bool = False,
) -> tuple[Department, int, int]:
    """30 relays at the seeded positions of bench.radio_network.department (60 x 40 km), each
    configured for `tag`, their ids from MACs (or `mesh_node_id`); returns the air, a source
    relay and the relay farthest from it in hops (the source picked for the longest such
    path)."""
    rnd = random.Random(seed)
    dept = Department(lib, seed=seed, permille=modem.permille)
    for k in range(30):
        device = (
            mesh_node_id(k)
            if mesh_node_ids
            else device_id_from_mac(bytes([0x24, 0x0A, 0xC4, 0x22, seed & 0xFF, k]))
        )
        dept.add(
            rnd.uniform(0, 60_000),
            rnd.uniform(0, 40_000),
            modem,
            relay_config(tag, device, commune),
        )
    best = (-1, 0, 0)
    for s in range(dept.n):
        dist = dept.hops(s)
        far = max(dist, key=lambda k: dist[k])
        if dist[far] > best[0]:
            best = (dist[far], s, far)
    return dept, best[1], best[2]


TAG = b"DEPT22AB"
COMMUNE = b"DEPT-22\x00"


def laptop_to_laptop(
    lib: ctypes.CDLL, seed: int, *, bulk_objects: int = 2, mesh_node_ids: bool = False
) -> dict[str, Any]:
    """The department of `seed` with whole relays: a laptop on the source relay's cable puts
    `bulk_objects` bulk objects (class 2, 2,000 bytes) then a P0 item (class 3, 600 bytes); the
    air runs up to 2 simulated hours; a laptop on the farthest relay's cable GETs the P0 item.
    Latency: from the P0 entering the source relay's queue (STORED) to its arrival at the far
    relay."""
    dept, source, target = department(lib, seed, TAG, COMMUNE, mesh_node_ids=mesh_node_ids)
    hops = dept.hops(source)[target]
    dept.run_until(12 * 60_000)
    rnd = random.Random(seed)
    bulk = [rnd.randbytes(16) for _ in range(bulk_objects)]
    urgent, data = rnd.randbytes(16), rnd.randbytes(600)
    with laptop(dept, source, TAG, b"laptop-a") as client:
        for oid in bulk:
            assert client.put(oid, 2, 0, 86_400, rnd.randbytes(2000)) == 0
        assert client.put(urgent, 3, 0, 86_400, data) == 0
    put_at = next(at for i, _, _, at in dept.arrivals(source) if i == urgent)
    start = dept.now
    wanted = {urgent, *bulk}
    while dept.now - start < 2 * HOUR_MS and not wanted <= dept.held(target):
        dept.run(30_000)
    came = {i: at for i, _, _, at in dept.arrivals(target)}
    got = None
    if urgent in came:
        with laptop(dept, target, TAG, b"laptop-b") as far:
            got = far.get(urgent)
    p0_at = came.get(urgent)
    return {
        "hops": hops,
        "delivered": got is not None and got.data == data,
        "latency_ms": None if p0_at is None else p0_at - put_at,
        "first": p0_at is not None and all(came.get(b, p0_at + 1) > p0_at for b in bulk),
        "bulk": sum(b in came for b in bulk),
    }
