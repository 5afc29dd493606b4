"""The radio network on one machine: real C meshes on a simulated air with distances.

firmware/host/radio_air.c is a discrete-event air in C (path loss by distance with a seeded
shadowing, RSSI and SNR against the noise floor, each modem's sensitivity, time on air, half
duplex, collisions with capture, listen before talk), and firmware/host/air_mesh_node.c puts
a real `mesh_t` over its own `queue_t` behind each radio (with its queue in an emulated flash
when a scenario cuts the power). Python only places the relays, puts objects, runs the clock
and measures. Prints:

* one hop, per modem (ESP-NOW LR 250 kb/s, LoRa SF7, SF9, SF12 at 125 kHz): goodput (object
  bytes delivered per second of simulated time) against the airtime-limited rate (MESH_FRAG_DATA
  object bytes per full packet's time on air, back to back), without a duty cycle and under
  the band's (1 % at 868.1 MHz; none at 2.4 GHz), beside the goal 0.8;
* a line of 6 relays (5 hops) at the edge of each other's range, over seeds: P0 delivery
  ratio, latency (median, worst), whether it came before every bulk object queued earlier,
  bytes put on air per object byte delivered at the far end;
* 30 relays over a 60 x 40 km department (LoRa SF9): how often a P0 item reaches the commune
  farthest in hops from the source;
* the same departments with whole relays (bench.radio_department: relay_t with its CONFIG,
  flash log and mesh) and laptops' Channels on the two end relays' cables: P0 from laptop to
  laptop, its latency, and whether it beat two bulk objects put just before it.

Figures are of the simulation (the real C core, a modelled air), not of radios.
`python -m bench.radio_network [--seeds N]`. tests/test_radio_network.py drives the same
`Sim`.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import random
import statistics
import tempfile
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.relay_forwarding import build_library

TAG = b"AIRTAG01"
HOUR_MS = 3_600_000
WARM_MS = 12 * 60_000  # a hello period (10 min, up to 11.25) and more: neighbours known
BULK = 2  # queue class of documents
STATS = [
    "packets_in",
    "packets_out",
    "objects_in",
    "objects_out",
    "cancelled",
    "duplicates_heard",
    "hop_limit_reached",
    "budget_waits",
    "lbt_busy",
    "lbt_gave_up",
    "drop_short",
    "drop_network",
    "drop_shape",
    "drop_mismatch",
    "drop_crc",
    "drop_timeout",
    "drop_evicted",
    "drop_refused",
    "drop_radio",
    "queued_mesh",
    "retries",
    "needs_sent",
    "needs_answered",
    "dead_ends",
    "sent",
    "received",
    "collided",
    "deaf",
    "weak",
    "inbox_lost",
    "cut",
    "boots",
    "flash_failures",
    "queued",
]


@dataclass(frozen=True)
class Modem:
    name: str
    kind: int
    freq_hz: int
    bw_hz: int
    sf: int
    cr: int
    preamble: int
    power_dbm: int
    bit_rate: int
    permille: int  # the band's duty cycle (France's plan: radio_plan.c)

    def fields(self) -> list[int]:
        return [
            self.kind,
            self.freq_hz,
            self.bw_hz,
            self.sf,
            self.cr,
            self.preamble,
            self.power_dbm & 0xFFFFFFFF,
            self.bit_rate,
        ]


# 868.1 MHz lies in ETSI's 868.0-868.6 MHz sub-band: 25 mW ERP, 1 % duty cycle; 2.4 GHz has no
# duty-cycle rule (ETSI EN 300 328), 20 dBm EIRP.
ESPNOW_LR = Modem("ESP-NOW LR 250 kb/s", 2, 2_412_000_000, 0, 0, 0, 0, 20, 250_000, 1000)
LORA_SF7 = Modem("LoRa SF7/125 kHz", 1, 868_100_000, 125_000, 7, 5, 8, 14, 0, 10)
LORA_SF9 = Modem("LoRa SF9/125 kHz", 1, 868_100_000, 125_000, 9, 5, 8, 14, 0, 10)
LORA_SF12 = Modem("LoRa SF12/125 kHz", 1, 868_100_000, 125_000, 12, 5, 8, 14, 0, 10)
MODEMS = [ESPNOW_LR, LORA_SF7, LORA_SF9, LORA_SF12]


def load_sim(path: Path) -> ctypes.CDLL:
    """The host build with the simulator's entry points typed (firmware/host/radio_sim_api.c)."""
    lib = ctypes.CDLL(str(path))
    p, c, size, u32 = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint32
    uint, i, i32 = ctypes.c_uint, ctypes.c_int, ctypes.c_int32
    signatures: dict[str, tuple[list[Any], Any]] = {
        "sim_size": ([], size),
        "sim_init": ([c, size, u32, p, c], p),
        "sim_band": ([p, i, i, i, i], None),
        "sim_add": ([p, i32, i32, p, i], i),
        "sim_put": ([p, uint, c, uint, u32, c, size], i),
        "sim_run": ([p, u32, u32], u32),
        "sim_now": ([p], u32),
        "sim_power": ([p, uint, i], None),
        "sim_schedule_power": ([p, uint, u32, i], i),
        "sim_get": ([p, uint, c, c, size, p], i),
        "sim_arrivals": ([p, uint, c, p, u32], u32),
        "sim_held": ([p, uint, c, u32], u32),
        "sim_log": ([p, p, u32], u32),
        "sim_stats": ([p, uint, p], None),
        "sim_rssi_x10": ([p, uint, uint], i),
        "sim_sensitivity_x10": ([p, uint], i),
        "sim_airtime_us": ([p, uint, size], u32),
        "sim_p0_class": ([], uint),
        "sim_add_raw": ([p, i32, i32, p], i),
        "sim_send_raw": ([p, uint, c, size], i),
        "sim_busy_raw": ([p, uint], i),
        "sim_recv_raw": ([p, uint, p, c], i),
        "sim_frag_data": ([], uint),
    }
    for name, (args, res) in signatures.items():
        fn = getattr(lib, name)
        fn.argtypes = args
        fn.restype = res
    return lib


class Sim:
    """Relays on one simulated air; the clock is simulated milliseconds."""

    def __init__(
        self,
        lib: ctypes.CDLL,
        *,
        seed: int = 1,
        window_ms: int = HOUR_MS,
        permille: int = 1000,
        reassembly_ms: int = 10 * 60_000,
        slot_ms: int = 0,
        hop_limit: int = 8,
        sigma_db: float | None = None,
    ) -> None:
        self.lib = lib
        size = lib.sim_size()
        self.mem = ctypes.create_string_buffer(size + 8)
        aligned = (ctypes.addressof(self.mem) + 7) // 8 * 8
        self.base = ctypes.c_char_p(aligned)  # self.mem keeps the memory alive
        params = (ctypes.c_uint32 * 5)(window_ms, permille, reassembly_ms, slot_ms, hop_limit)
        self.h = lib.sim_init(self.base, size, seed, params, TAG)
        assert self.h
        if sigma_db is not None:  # the defaults' PL(1 m) and exponent, another shadowing
            lib.sim_band(self.h, 1, 3120, 270, round(sigma_db * 100))
            lib.sim_band(self.h, 0, 4020, 270, round(sigma_db * 100))
        self.n = 0

    def add(self, x_m: float, y_m: float, modem: Modem, *, durable: bool = False) -> int:
        fields = (ctypes.c_uint32 * 8)(*modem.fields())
        index: int = self.lib.sim_add(self.h, round(x_m), round(y_m), fields, int(durable))
        assert index >= 0
        self.n += 1
        return index

    def add_raw(self, x_m: float, y_m: float, modem: Modem) -> int:
        """A bare radio, no mesh behind it: `send_raw` and `events` drive it."""
        fields = (ctypes.c_uint32 * 8)(*modem.fields())
        index: int = self.lib.sim_add_raw(self.h, round(x_m), round(y_m), fields)
        assert index >= 0
        self.n += 1
        return index

    def send_raw(self, node: int, packet: bytes) -> int:
        status: int = self.lib.sim_send_raw(self.h, node, packet, len(packet))
        return status

    def busy_raw(self, node: int) -> bool:
        return bool(self.lib.sim_busy_raw(self.h, node) == 1)

    def events(self, node: int) -> list[tuple[int, bytes, int, int]]:
        """A bare radio's events so far: (kind, bytes, rssi, snr); kinds as radio.h."""
        out = (ctypes.c_int32 * 4)()
        data = ctypes.create_string_buffer(256)
        events = []
        while self.lib.sim_recv_raw(self.h, node, out, data):
            events.append((out[0], data.raw[: out[1]], out[2], out[3]))
        return events

    def put(self, node: int, oid: bytes, cls: int, data: bytes, ttl_s: int = 86_400) -> int:
        status: int = self.lib.sim_put(self.h, node, oid, cls, ttl_s, data, len(data))
        return status

    def run(self, ms: int) -> None:
        self.lib.sim_run(self.h, self.now + ms, 200_000_000)

    def run_until(self, ms: int) -> None:
        self.lib.sim_run(self.h, ms, 200_000_000)

    @property
    def now(self) -> int:
        now: int = self.lib.sim_now(self.h)
        return now

    def power(self, node: int, on: bool) -> None:
        self.lib.sim_power(self.h, node, int(on))

    def get(self, node: int, oid: bytes) -> tuple[bytes, int, int] | None:
        out = ctypes.create_string_buffer(8192)
        fields = (ctypes.c_uint32 * 2)()
        n = self.lib.sim_get(self.h, node, oid, out, 8192, fields)
        return None if n < 0 else (out.raw[:n], fields[0], fields[1])

    def arrivals(self, node: int) -> list[tuple[bytes, int, int, int]]:
        """(id, class, hops, ms) of each object the node took from the air, in order."""
        ids = ctypes.create_string_buffer(16 * 256)
        meta = (ctypes.c_uint32 * (3 * 256))()
        n = min(self.lib.sim_arrivals(self.h, node, ids, meta, 256), 256)
        return [
            (ids.raw[16 * k : 16 * k + 16], meta[3 * k], meta[3 * k + 1], meta[3 * k + 2])
            for k in range(n)
        ]

    def arrived_at(self, node: int, oid: bytes) -> int | None:
        return next((at for i, _, _, at in self.arrivals(node) if i == oid), None)

    def held(self, node: int) -> set[bytes]:
        ids = ctypes.create_string_buffer(16 * 512)
        n = self.lib.sim_held(self.h, node, ids, 512)
        return {ids.raw[16 * k : 16 * k + 16] for k in range(n)}

    def log(self) -> list[tuple[int, ...]]:
        """(node, start ms, airtime us, length, fragment's object id head, kind) per packet."""
        rows = 131_072
        out = (ctypes.c_uint32 * (6 * rows))()
        total = self.lib.sim_log(self.h, out, rows)
        assert total <= rows, "the air's log overflowed"
        return [tuple(out[6 * k : 6 * k + 6]) for k in range(total)]

    def stats(self, node: int) -> dict[str, int]:
        out = (ctypes.c_uint32 * len(STATS))()
        self.lib.sim_stats(self.h, node, out)
        return dict(zip(STATS, out, strict=True))

    def rssi(self, rx: int, tx: int) -> float:
        return float(self.lib.sim_rssi_x10(self.h, rx, tx)) / 10

    def sensitivity(self, node: int) -> float:
        return float(self.lib.sim_sensitivity_x10(self.h, node)) / 10

    def hears(self, rx: int, tx: int) -> bool:
        return self.rssi(rx, tx) >= self.sensitivity(rx)

    def airtime_us(self, node: int, length: int) -> int:
        us: int = self.lib.sim_airtime_us(self.h, node, length)
        return us

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


def oid(n: int) -> bytes:
    return n.to_bytes(2, "big") * 8


def blob(n: int, size: int) -> bytes:
    return random.Random(n).randbytes(size)


def distance_for(modem: Modem, rssi_dbm: float) -> float:
    """Where a relay stands to be heard at `rssi_dbm` (the defaults, no shadowing)."""
    pl0 = 31.2 if modem.kind == 1 else 40.2
    return float(10 ** ((modem.power_dbm - rssi_dbm - pl0) / 27))


def range_m(modem: Modem, margin_db: float = 0.0) -> float:
    """Distance at which the path loss (the defaults, no shadowing) leaves `margin_db` above
    the sensitivity (radio_air.c's formulas, in Python for placing relays)."""
    import math

    if modem.kind == 1:
        floor = -174 + 10 * math.log10(modem.bw_hz) + 6
        sens = floor - 7.5 - 2.5 * (modem.sf - 7)
        pl0 = 31.2
    else:
        sens = -98 - 10 * math.log10(1e6 / modem.bit_rate)
        pl0 = 40.2
    budget = modem.power_dbm - sens - margin_db
    return float(10 ** ((budget - pl0) / 27))


def line(
    lib: ctypes.CDLL,
    modem: Modem,
    relays: int,
    *,
    seed: int = 1,
    durable: bool = False,
    **kw: Any,
) -> Sim:
    """Relays in a line, each 4 dB above the sensitivity of its neighbours and, without
    shadowing, out of reach of the one after (so every hop is a radio hop)."""
    sim = Sim(lib, seed=seed, sigma_db=0.0, **kw)
    spacing = range_m(modem, 4.0)
    for k in range(relays):
        sim.add(k * spacing, 0, modem, durable=durable)
    return sim


def one_hop(lib: ctypes.CDLL, modem: Modem, *, duty: bool) -> dict[str, float]:
    """Goodput of bulk objects from relay 0 to relay 1 (well within range) against the
    airtime-limited rate. Without the duty cycle: 8 objects of 8,000 bytes, timed from the PUT
    to the last arrival. Under the band's duty cycle: objects enough for 1.5 times what the
    budget allows over 3 windows, delivered bytes over those 3 windows."""
    permille = modem.permille if duty else 1000
    sim = Sim(lib, permille=permille, reassembly_ms=2 * HOUR_MS, sigma_db=0.0)
    sim.add(0, 0, modem)
    sim.add(range_m(modem, 15.0), 0, modem)
    sim.run_until(WARM_MS)
    frag = lib.sim_frag_data()
    rate = frag / (sim.airtime_us(0, 250) / 1e6)
    limit = rate * permille / 1000
    if duty and permille < 1000:
        span_ms = 3 * HOUR_MS
        capacity = limit * span_ms / 1000
        size = max(frag, min(8000, int(capacity / 6) // frag * frag - 20))
        count = min(9, int(1.5 * capacity / size) + 1)
    else:
        span_ms, size, count = 0, 8000, 8
    ids = [oid(1000 + k) for k in range(count)]
    start = sim.now
    for k, i in enumerate(ids):
        assert sim.put(0, i, BULK, blob(k, size)) == 0
    if span_ms:
        sim.run(span_ms)
        got = [at for i, _, _, at in sim.arrivals(1) if i in ids]
        goodput = len(got) * size / (span_ms / 1000)
    else:
        while sim.now - start < 24 * HOUR_MS and len(sim.arrivals(1)) < count:
            sim.run(1_000)
        got = [at for i, _, _, at in sim.arrivals(1) if i in ids]
        end = max(got) if got else sim.now
        goodput = len(got) * size / max((end - start) / 1000, 1e-9)
    return {
        "goodput": goodput,
        "limit": limit,
        "ratio": goodput / limit,
        "objects": len(got),
        "of": count,
        "size": size,
    }


def five_hops(lib: ctypes.CDLL, seed: int, modem: Modem = LORA_SF9) -> dict[str, Any]:
    """6 relays in a line (5 hops), the band's duty cycle: 4 bulk objects of 2,000 bytes
    queued at the first, a P0 item of 600 bytes a second later; up to 6 simulated hours."""
    sim = line(lib, modem, 6, seed=seed, permille=modem.permille)
    sim.run_until(WARM_MS)
    p0 = lib.sim_p0_class()
    bulk = [oid(100 + k) for k in range(4)]
    for k, i in enumerate(bulk):
        assert sim.put(0, i, BULK, blob(100 + k, 2000)) == 0
    sim.run(1_000)
    urgent = oid(7)
    assert sim.put(0, urgent, p0, blob(7, 600)) == 0
    start = sim.now
    while sim.now - start < 6 * HOUR_MS:
        sim.run(60_000)
        if all(sim.arrived_at(5, i) is not None for i in [urgent, *bulk]):
            break
    p0_at = sim.arrived_at(5, urgent)
    bulk_at = [sim.arrived_at(5, i) for i in bulk]
    first = p0_at is not None and all(b is None or p0_at < b for b in bulk_at)
    delivered = (600 if p0_at is not None else 0) + 2000 * sum(b is not None for b in bulk_at)
    on_air = sum(row[3] for row in sim.log() if row[1] >= start - 1_000)
    return {
        "p0": p0_at is not None,
        "latency_ms": None if p0_at is None else p0_at - start,
        "first": first,
        "bulk": sum(b is not None for b in bulk_at),
        "air_per_byte": on_air / delivered if delivered else float("inf"),
        "sim": sim,
    }


def department(lib: ctypes.CDLL, seed: int, *, modem: Modem = LORA_SF9) -> tuple[Sim, int, int]:
    """30 relays at seeded positions over 60 x 40 km; returns the air, a source relay and the
    relay farthest from it in hops (the source picked for the longest such path)."""
    rnd = random.Random(seed)
    sim = Sim(lib, seed=seed, permille=modem.permille, reassembly_ms=HOUR_MS)
    for _ in range(30):
        sim.add(rnd.uniform(0, 60_000), rnd.uniform(0, 40_000), modem)
    best = (-1, 0, 0)
    for s in range(sim.n):
        dist = sim.hops(s)
        far = max(dist, key=lambda k: dist[k])
        if dist[far] > best[0]:
            best = (dist[far], s, far)
    return sim, best[1], best[2]


def department_p0(lib: ctypes.CDLL, seed: int) -> dict[str, Any]:
    sim, source, target = department(lib, seed)
    hops = sim.hops(source)[target]
    sim.run_until(WARM_MS)
    urgent = oid(9)
    assert sim.put(source, urgent, lib.sim_p0_class(), blob(9, 600)) == 0
    start = sim.now
    while sim.now - start < 2 * HOUR_MS and sim.arrived_at(target, urgent) is None:
        sim.run(30_000)
    at = sim.arrived_at(target, urgent)
    return {
        "hops": hops,
        "delivered": at is not None,
        "latency_ms": None if at is None else at - start,
        "sim": sim,
        "target": target,
    }


def duty_cycle_excess(sim: Sim, window_ms: int, permille: int) -> list[tuple[int, int, int]]:
    """(node, window start ms, airtime us) of every window, starting at one of the node's
    packets, in which the node sent more than its budget (from the air's log)."""
    budget_us = window_ms * permille  # window_ms * 1000 us * permille / 1000
    per_node: dict[int, list[tuple[int, int]]] = {}
    for node, at, air, *_ in sim.log():
        per_node.setdefault(node, []).append((at, air))
    excess = []
    for node, packets in per_node.items():
        total, j = 0, 0
        for i, (at, _) in enumerate(packets):
            while j < len(packets) and packets[j][0] < at + window_ms:
                total += packets[j][1]
                j += 1
            if total > budget_us:
                excess.append((node, at, total))
            total -= packets[i][1]
    return excess


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=10)
    args = parser.parse_args()
    started = time.process_time()
    with tempfile.TemporaryDirectory() as build:
        lib = load_sim(build_library(Path(build)))
        print(f"load average {os.getloadavg()[0]:.2f} at the start")
        print("one hop: goodput against the airtime-limited rate (goal 0.8)")
        for modem in MODEMS:
            for duty in (False, True):
                if duty and modem.permille >= 1000:
                    continue
                r = one_hop(lib, modem, duty=duty)
                label = f"{modem.permille / 10:g} % duty cycle" if duty else "no duty cycle"
                print(
                    f"  {modem.name:22} {label:18} {r['goodput']:10.2f} B/s of "
                    f"{r['limit']:10.2f} B/s  ratio {r['ratio']:.3f}  "
                    f"({r['objects']}/{r['of']} objects of {r['size']} B)"
                )
        runs = [five_hops(lib, seed) for seed in range(1, args.seeds + 1)]
        lat = [r["latency_ms"] / 1000 for r in runs if r["latency_ms"] is not None]
        print(f"P0 across 5 hops ({LORA_SF9.name}, 1 % duty cycle), {len(runs)} seeds:")
        print(f"  delivered {sum(r['p0'] for r in runs)}/{len(runs)}")
        if lat:
            print(f"  latency median {statistics.median(lat):.1f} s, worst {max(lat):.1f} s")
        print(f"  before every bulk object queued earlier: {sum(r['first'] for r in runs)}")
        print(f"  bulk objects at the far end: {sum(r['bulk'] for r in runs)}/{4 * len(runs)}")
        air = [r["air_per_byte"] for r in runs]
        med = statistics.median(air)
        print(f"  bytes on air per delivered byte: median {med:.1f} ({med / 5:.2f} a hop)")
        dep = [department_p0(lib, seed) for seed in range(1, args.seeds + 1)]
        far = [r for r in dep if r["hops"] >= 5]
        print(f"department, 30 relays, {LORA_SF9.name}, 1 % duty cycle, {len(dep)} seeds:")
        print(f"  farthest commune in hops: {sorted(r['hops'] for r in dep)}")
        print(
            f"  P0 delivered within 2 h: {sum(r['delivered'] for r in dep)}/{len(dep)}"
            f" (of them >= 5 hops: {sum(r['delivered'] for r in far)}/{len(far)})"
        )
        dl = [r["latency_ms"] / 1000 for r in dep if r["latency_ms"] is not None]
        if dl:
            print(f"  latency median {statistics.median(dl):.1f} s, worst {max(dl):.1f} s")
        from bench.radio_department import laptop_to_laptop

        wall = time.monotonic()
        for bulk, ids in ((0, True), (0, False), (2, False)):
            whole = [
                laptop_to_laptop(lib, seed, bulk_objects=bulk, mesh_node_ids=ids)
                for seed in range(1, args.seeds + 1)
            ]
            deep = [r for r in whole if r["hops"] >= 5]
            print(
                f"department with whole relays (CONFIG hop limit 8, flash, laptops on link 0), "
                f"ids {'of the bare meshes above' if ids else 'from MACs'}, "
                f"{bulk} bulk objects put before the P0, {len(whole)} seeds:"
            )
            print(
                f"  P0 from laptop to laptop within 2 h: {sum(r['delivered'] for r in whole)}"
                f"/{len(whole)} (of them >= 5 hops: {sum(r['delivered'] for r in deep)}"
                f"/{len(deep)}); missed at {[r['hops'] for r in whole if not r['delivered']]} hops"
            )
            wl = [r["latency_ms"] / 1000 for r in whole if r["latency_ms"] is not None]
            if wl:
                print(f"  latency median {statistics.median(wl):.1f} s, worst {max(wl):.1f} s")
            if bulk:
                print(
                    f"  P0 before every bulk object put just before it: "
                    f"{sum(r['first'] for r in whole)}; bulk at the far end "
                    f"{sum(r['bulk'] for r in whole)}/{bulk * len(whole)}"
                )
        print(f"  ({time.monotonic() - wall:.1f} s wall, laptops' sessions in real time)")
    print(f"CPU {time.process_time() - started:.1f} s; load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
