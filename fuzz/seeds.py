"""Writes a world and the seed corpus of every harness, from that world's real objects.

    python -m fuzz.seeds OUT

makes OUT/world (a two-commune network, its stick, its kits: see fuzz/world.py) unless it is
there already, and OUT/seeds/TARGET/<sha256 prefix> for each harness of fuzz/targets.py.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

from fuzz.targets import TARGETS
from fuzz.world import World


def write(out: Path) -> dict[str, int]:
    world = World(out / "world")
    counts = {}
    try:
        for name, target in TARGETS.items():
            folder = out / "seeds" / name
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            seeds = target.seeds(world)
            for seed in seeds:
                (folder / hashlib.sha256(seed).hexdigest()[:16]).write_bytes(seed)
            counts[name] = len(seeds)
    finally:
        world.close()
    return counts


if __name__ == "__main__":
    for name, count in write(Path(sys.argv[1])).items():
        print(f"{name}: {count} seeds")
