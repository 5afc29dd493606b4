"""Relay to relay over the radio (firmware/core/mesh.c) on the host's fake air.

Runs the real C mesh on N relays (firmware/host/mesh_host_api.c: a shared air where a packet
reaches the relays linked to its sender when its time on air is over, half duplex, packets that
overlap at a receiver lost) with a clock that moves from event to event, and prints:

* one hop: goodput (object bytes delivered per second of the run) against the airtime-limited
  rate (full 250-byte packets back to back: 250 bytes per packet's time on air), per modem,
  with no duty cycle; and LoRa SF7 under a 1 % duty cycle over an hour, against 1 % of it;
* a line of 5 relays (4 hops), over many seeds: how many of 4 bulk objects and 1 P0 item
  queued after them reach the far end, whether the P0 item comes first, its latency, and the
  bytes put on air per object byte delivered to a relay.

Figures are of the simulation (the same C core as a board, the air a model of it), not of
radios. `python -m bench.mesh_delivery [--seeds N]`.

This module also holds what tests/test_mesh.py uses to drive the meshes (`load_mesh`, `Air`).
"""

from __future__ import annotations

import argparse
import ctypes
import os
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.relay_forwarding import build_library

TAG = b"MESHTAG1"
NODES = 8
NEIGHBOURS = 16
HEADER = 27
NEED = 24  # the longest packet that is not a fragment
FRAG = 250 - HEADER
DROPS = ["short", "network", "shape", "mismatch", "crc", "timeout", "evicted", "refused", "radio"]
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
    *DROPS,
    "queued",
    "retries",
    "needs_sent",
    "needs_answered",
    "dead_ends",
]
# (kind, sf, bw_hz, cr, preamble, bit_rate)
LORA_SF7 = (1, 7, 125_000, 5, 8, 0)
LORA_SF9 = (1, 9, 125_000, 5, 8, 0)
LORA_SF12 = (1, 12, 125_000, 5, 8, 0)
ESPNOW_LR = (2, 0, 0, 0, 0, 250_000)
HOUR_MS = 3_600_000
WARM_MS = 12 * 60_000  # a hello period (10 min, up to 11.25) and more
P0, BLOCK, BULK, GOVERNANCE = 1, 1, 2, 0  # queue classes (P0 posts travel as blocks today)


def load_mesh(path: Path) -> ctypes.CDLL:
    """The host build with the mesh entry points typed (firmware/host/mesh_host_api.c)."""
    lib = ctypes.CDLL(str(path))
    p, c, size, u32 = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint32
    uint, i = ctypes.c_uint, ctypes.c_int
    signatures: dict[str, tuple[list[Any], Any]] = {
        "mesh_host_size": ([], size),
        "mesh_host_init": ([c, size, uint, p, c, u32], p),
        "mesh_host_link": ([p, uint, uint, i, i, i], None),
        "mesh_host_drop": ([p, uint, u32, u32], None),
        "mesh_host_drop_kind": ([p, uint, uint], None),
        "mesh_host_put": ([p, uint, c, uint, uint, u32, c, size], i),
        "mesh_host_inject": ([p, uint, c, size, i, i], None),
        "mesh_host_run": ([p, u32, u32], u32),
        "mesh_host_now": ([p], u32),
        "mesh_host_stats": ([p, uint, p], None),
        "mesh_host_arrivals": ([p, uint, c, c, size], size),
        "mesh_host_get": ([p, uint, c, c, size, p], i),
        "mesh_host_log": ([p, p, size], u32),
        "mesh_host_report": ([p, uint, p], None),
        "mesh_host_airtime_us": ([p, size], u32),
        "mesh_rank": ([ctypes.c_uint8], ctypes.c_uint8),
    }
    for name, (args, res) in signatures.items():
        fn = getattr(lib, name)
        fn.argtypes = args
        fn.restype = res
    return lib


class Air:
    """N relays on one air; node i's relay id on the air is (i + 1) << 24 (little-endian)."""

    def __init__(
        self,
        lib: ctypes.CDLL,
        n: int,
        *,
        modem: tuple[int, ...] = ESPNOW_LR,
        window_ms: int = HOUR_MS,
        permille: int = 1000,
        reassembly_ms: int = 60_000,
        slot_ms: int = 0,
        hop_limit: int = 8,
        collisions: bool = True,
        seed: int = 1,
        warm: bool = True,
    ) -> None:
        self.lib = lib
        self.n = n
        self.mem = ctypes.create_string_buffer(lib.mesh_host_size() + 8)
        aligned = (ctypes.addressof(self.mem) + 7) // 8 * 8
        self.base = ctypes.c_char_p(aligned)  # ctypes keeps self.mem alive through self
        params = (ctypes.c_uint32 * 12)(
            *modem, window_ms, permille, reassembly_ms, slot_ms, hop_limit, int(collisions)
        )
        self.h = lib.mesh_host_init(self.base, lib.mesh_host_size(), n, params, TAG, seed)
        assert self.h
        self.warm = warm

    def link(self, a: int, b: int, *, rssi: int = -90, snr: int = 5, on: bool = True) -> None:
        self.lib.mesh_host_link(self.h, a, b, int(on), rssi, snr)

    def chain(self) -> None:
        for a in range(self.n - 1):
            self.link(a, a + 1)

    def power_on(self) -> None:
        """Relays on for a while, as in the field: their hellos told each who is near."""
        if self.warm and self.now == 0:
            self.lib.mesh_host_run(self.h, WARM_MS, 50_000_000)

    def put(self, node: int, oid: bytes, cls: int, data: bytes, ttl_s: int = 86_400) -> int:
        self.power_on()
        status: int = self.lib.mesh_host_put(self.h, node, oid, cls, 0, ttl_s, data, len(data))
        return status

    def run(self, ms: int) -> None:
        """The clock moves on by `ms`."""
        self.power_on()
        self.lib.mesh_host_run(self.h, self.now + ms, 50_000_000)

    @property
    def now(self) -> int:
        now: int = self.lib.mesh_host_now(self.h)
        return now

    def stats(self, node: int) -> dict[str, int]:
        out = (ctypes.c_uint32 * len(STATS))()
        self.lib.mesh_host_stats(self.h, node, out)
        return dict(zip(STATS, out, strict=True))

    def arrivals(self, node: int) -> list[tuple[bytes, int]]:
        ids = ctypes.create_string_buffer(16 * 256)
        hops = ctypes.create_string_buffer(256)
        n = self.lib.mesh_host_arrivals(self.h, node, ids, hops, 256)
        return [(ids.raw[16 * k : 16 * k + 16], hops.raw[k]) for k in range(n)]

    def get(self, node: int, oid: bytes) -> tuple[bytes, int, int] | None:
        out = ctypes.create_string_buffer(8192)
        fields = (ctypes.c_uint32 * 2)()
        n = self.lib.mesh_host_get(self.h, node, oid, out, 8192, fields)
        return None if n < 0 else (out.raw[:n], fields[0], fields[1])

    def log(self, *, everything: bool = False) -> list[tuple[int, int, int]]:
        """(node, start ms, airtime us) of each fragment sent; hellos and NEEDs if asked."""
        return [(n, at, air) for n, at, air, size, _ in self.packets() if everything or size > NEED]

    def packets(self) -> list[tuple[int, ...]]:
        """(node, start ms, airtime us, length, object id's first 4 bytes) of each packet."""
        out = (ctypes.c_uint32 * (5 * 16384))()
        total = self.lib.mesh_host_log(self.h, out, 16384)
        assert total <= 16384, "the air's log overflowed: the test sent too much"
        return [tuple(out[5 * k : 5 * k + 5]) for k in range(total)]

    def sent_order(self, node: int) -> list[int]:
        """The objects `node` started sending, in order, by the first 2 bytes of their ids."""
        order: list[int] = []
        for n, _, _, size, short in self.packets():
            if n == node and size > NEED and short >> 16 not in order:
                order.append(short >> 16)
        return order

    def report(self, node: int) -> dict[str, Any]:
        out = (ctypes.c_int32 * (8 + 5 * NEIGHBOURS))()
        self.lib.mesh_host_report(self.h, node, out)
        names = ["n", "airtime_us", "budget_us", "queued", "queued_bytes", "dropped", "in", "out"]
        report: dict[str, Any] = dict(zip(names, out[:8], strict=True))
        report["neighbours"] = {
            out[8 + 5 * k] & 0xFFFFFFFF: tuple(out[9 + 5 * k : 13 + 5 * k])
            for k in range(report["n"])
        }
        return report

    def inject(self, node: int, packet: bytes, *, rssi: int = -80, snr: int = 3) -> None:
        self.power_on()
        self.lib.mesh_host_inject(self.h, node, packet, len(packet), rssi, snr)


def oid(n: int) -> bytes:
    return n.to_bytes(2, "big") * 8


def blob(n: int, size: int) -> bytes:
    return random.Random(n).randbytes(size)


def one_hop(
    lib: ctypes.CDLL, modem: tuple[int, ...], objects: int, *, permille: int = 1000, run_ms: int = 0
) -> tuple[float, float]:
    """(goodput B/s, airtime-limited B/s) of 8 KiB objects from relay 0 to relay 1: `objects`
    of them, timed to the last one's last fragment; or, with `run_ms`, two not yet across at
    any time (topped up every minute) over that long."""
    # Under a duty cycle an object may wait most of a window between two fragments.
    air = Air(lib, 2, modem=modem, permille=permille, reassembly_ms=2 * HOUR_MS)
    air.link(0, 1)
    size = 8192
    put = 0
    while put < objects and air.put(0, oid(1000 + put), BULK, blob(put, size)) == 0:
        put += 1
    start = air.now
    step = 60_000 if run_ms else 1_000
    limit = run_ms or 24 * HOUR_MS
    while air.now - start < limit and (run_ms or air.stats(1)["objects_in"] < objects):
        air.run(step)
        # Two objects not yet across at any time (the queue makes room by evicting the oldest).
        while run_ms and air.stats(1)["objects_in"] + 2 > put:
            air.put(0, oid(1000 + put), BULK, blob(put, size))
            put += 1
    delivered = air.stats(1)["objects_in"] * size  # its queue holds 3: it evicts the oldest
    fragments = [(at, a) for _, at, a, length, _ in air.packets() if length > NEED]
    end = air.now if run_ms else max(at * 1000 + a for at, a in fragments) / 1000
    rate = 250 / (lib.mesh_host_airtime_us(air.h, 250) / 1e6)
    return delivered / ((end - start) / 1000), rate


def line_of_five(lib: ctypes.CDLL, seed: int) -> dict[str, Any]:
    air = Air(lib, 5, modem=LORA_SF7, seed=seed)
    air.chain()
    bulk = [oid(100 + k) for k in range(4)]
    for k, i in enumerate(bulk):
        air.put(0, i, BULK, blob(100 + k, 2000))
    air.run(1_000)
    air.put(0, oid(7), P0, blob(7, 600))
    start = air.now
    latency = None
    while air.now - start < 30 * 60_000:
        air.run(1_000)
        if latency is None and any(i == oid(7) for i, _ in air.arrivals(4)):
            latency = air.now - start
    arrived = [i for i, _ in air.arrivals(4)]
    on_air = sum(length for _, at, _, length, _ in air.packets() if at >= start - 1_000)
    held = 0
    for n in range(1, 5):
        for i, _ in air.arrivals(n):
            got = air.get(n, i)
            held += len(got[0]) if got else 0
    return {
        "delivered": len(arrived),
        "p0_first": bool(arrived) and arrived[0] == oid(7),
        "latency_ms": latency,
        "air_per_byte": on_air / held if held else float("inf"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as build:
        lib = load_mesh(build_library(Path(build)))
        cpu = time.process_time()
        print(f"load average {os.getloadavg()[0]:.2f}")
        print("one hop, no duty cycle: goodput / airtime-limited rate")
        for name, modem, objects in (
            ("ESP-NOW LR 250 kb/s", ESPNOW_LR, 3),
            ("LoRa SF7/125 kHz", LORA_SF7, 3),
            ("LoRa SF9/125 kHz", LORA_SF9, 2),
            ("LoRa SF12/125 kHz", LORA_SF12, 1),
        ):
            good, rate = one_hop(lib, modem, objects)
            print(f"  {name:22} {good:9.1f} B/s of {rate:9.1f}: {good / rate:.3f}")
        good, rate = one_hop(lib, LORA_SF7, 0, permille=10, run_ms=6 * HOUR_MS)
        print(
            f"  LoRa SF7, 1 % over 6 h {good:9.1f} B/s of {rate / 100:9.1f}: "
            f"{good / rate * 100:.3f}"
        )
        runs = [line_of_five(lib, seed) for seed in range(1, args.seeds + 1)]
        delivered = sum(r["delivered"] for r in runs)
        latencies = sorted(r["latency_ms"] for r in runs if r["latency_ms"] is not None)
        print(f"line of 5 relays, LoRa SF7, {len(runs)} seeds:")
        print(f"  objects at the far end: {delivered} of {5 * len(runs)}")
        print(
            f"  P0 item there: {len(latencies)} of {len(runs)}; first: "
            f"{sum(r['p0_first'] for r in runs)} of {len(runs)}"
        )
        if latencies:
            print(
                f"  P0 latency, 4 hops: median {latencies[len(latencies) // 2] / 1000:.1f} s, "
                f"worst {latencies[-1] / 1000:.1f} s"
            )
        ratios = sorted(r["air_per_byte"] for r in runs)
        print(f"  bytes on air per object byte a relay took: median {ratios[len(ratios) // 2]:.2f}")
        print(f"CPU {time.process_time() - cpu:.1f} s, load average {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
