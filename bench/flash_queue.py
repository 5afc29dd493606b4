"""What the relay's queue in flash (firmware/core/flashlog.c) costs the flash: counts, not time.

Pushes objects through the host build's queue over the emulated NOR flash of
firmware/host/flash_emu.c, the queue holding a steady number of them (the oldest removed as
each new one comes, as laptops take them), and prints for each object size:

* write amplification: bytes programmed per byte of object data (record headers, CRC, commit
  marker, sector headers, REMOVE records and live records copied forward all count);
* erases per 1,000 objects, and the spread of erases between sectors (wear levelling);
* how many live records were copied forward per object.

The figures are counts from the code's own statistics: the machine's load does not move them.

    python -m bench.flash_queue [--objects 5000] [--sectors 16] [--held 8]
"""

from __future__ import annotations

import argparse
import ctypes
import os
import random
import tempfile
from pathlib import Path
from typing import Any

from bench.relay_forwarding import build_library

SECTOR = 4096
STATS = [
    "steps",
    "nor_errors",
    "bounds_errors",
    "programs",
    "erases",
    "programmed",
    "records",
    "relocated",
    "restored",
    "skipped",
    "failures",
    "in_use",
    "off",
]


def load(path: Path) -> ctypes.CDLL:
    lib = ctypes.CDLL(str(path))
    vp, u32, u8, size = ctypes.c_void_p, ctypes.c_uint32, ctypes.c_uint8, ctypes.c_size_t
    lib.fq_host_size.restype = size
    lib.fq_host_open.argtypes = [vp, vp, u32, u32, u32, vp, u32]
    lib.fq_host_put.argtypes = [vp, ctypes.c_char_p, u8, u8, u32, ctypes.c_char_p, size, u32]
    lib.fq_host_remove.argtypes = [vp, ctypes.c_char_p, u32]
    lib.fq_host_stats.argtypes = [vp, vp]
    lib.fq_host_ids.argtypes = [vp, ctypes.c_char_p, vp, ctypes.c_uint]
    return lib


def measure(
    lib: ctypes.CDLL,
    size: int,
    objects: int,
    sectors: int,
    held: int,
    *,
    fifo: bool = True,
    seed: int = 1,
) -> dict[str, Any]:
    flash = ctypes.create_string_buffer(b"\xff" * (sectors * SECTOR), sectors * SECTOR)
    wear = (ctypes.c_uint32 * sectors)()
    memory = ctypes.create_string_buffer(lib.fq_host_size() + 16)
    h = ctypes.addressof(memory) + (-ctypes.addressof(memory)) % 8
    lib.fq_host_open(h, ctypes.addressof(flash), sectors * SECTOR, 0xFFFFFFFF, 0, wear, 1 << 20)
    rng = random.Random(seed)
    live: list[bytes] = []
    refused = 0
    for n in range(objects):
        oid = rng.randbytes(16)
        data = rng.randbytes(size)
        if lib.fq_host_put(h, oid, 1, 0, 10**6, data, len(data), n) != 0:
            refused += 1
            continue
        live.append(oid)
        if len(live) > held:
            # in order (laptops take the oldest first), or any one (some stay long)
            gone = live.pop(0 if fifo else rng.randrange(len(live)))
            lib.fq_host_remove(h, gone, n)
    ids = ctypes.create_string_buffer(16 * 4096)
    cursors = (ctypes.c_uint32 * 4096)()
    # the queue itself evicted nothing: it held what the script says
    taken = objects - refused
    assert lib.fq_host_ids(h, ids, cursors, 4096) == min(held, taken), "the arena is too small"
    out = (ctypes.c_uint32 * len(STATS))()
    lib.fq_host_stats(h, out)
    stats = dict(zip(STATS, out, strict=True))
    counts = list(wear)
    stored = objects - refused
    return {
        "size": size,
        "stored": stored,
        "refused": refused,
        "amplification": stats["programmed"] / (stored * size),
        "erases_per_1000": 1000 * sum(counts) / stored,
        "spread": max(counts) - min(counts),
        "relocated_per_object": stats["relocated"] / stored,
        "nor_errors": stats["nor_errors"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--objects", type=int, default=5000)
    parser.add_argument("--sectors", type=int, default=16)
    parser.add_argument("--held", type=int, default=8, help="objects the queue holds")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as build:
        lib = load(build_library(Path(build)))
        print(
            f"{args.objects} objects through a {args.sectors}-sector partition "
            f"({args.sectors * 4} KiB), the queue holding {args.held}; "
            f"load {os.getloadavg()[0]:.2f} (it does not move these counts)"
        )
        print(
            "taken  | size B | held | bytes programmed / data byte | erases / 1,000 objects "
            "| spread | copied forward / object"
        )
        for fifo in (True, False):
            for size in (100, 500, 1500, 4000, 8192):
                # what the log accepts (FLASHLOG_RESERVE + 2 sectors kept free, and 40 bytes
                # for each of the ids it keeps for the dedupe list), at most --held
                limit = (args.sectors - 7) * 4080
                durable = min(256, limit // 16 // 40)
                room = limit - 4080 - durable * 40
                held = min(args.held, max(1, room // (size + 50)))
                r = measure(lib, size, args.objects, args.sectors, held, fifo=fifo)
                assert r["refused"] == 0 and r["nor_errors"] == 0, r
                print(
                    f"{'oldest' if fifo else 'any':6} | {size:6d} | {held:4d} | "
                    f"{r['amplification']:28.2f} | {r['erases_per_1000']:22.1f} | "
                    f"{r['spread']:6d} | {r['relocated_per_object']:.2f}"
                )


if __name__ == "__main__":
    main()
