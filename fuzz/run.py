"""Runs one harness of fuzz/targets.py under atheris, libFuzzer's coverage-guided engine.

    python -m fuzz.run TARGET WORLD [libFuzzer options] [corpus folders]

WORLD is a folder `python -m fuzz.seeds` made: a network with its keys, whose objects the seed
corpus was written from. The harness works on a copy of it, so two harnesses can run at once and
the seeds stay valid for it.

A crash stops the run and libFuzzer writes the input to `crash-<sha1>` (see -artifact_prefix).
With FUZZ_KEEP_GOING=FOLDER the run goes on instead: each distinct crash (its exception type and
the line of app/ it was raised from) is written once to FOLDER, input and traceback, so that one
known crash does not hide the others for the rest of the run.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

import atheris

INSTRUMENTED = ["app", "fuzz", "cbor2", "cobs", "base45", "http", "PIL"]


def main(argv: list[str]) -> None:
    name, world_folder, *options = argv[1:]
    with atheris.instrument_imports(include=INSTRUMENTED):
        from fuzz.targets import TARGETS
        from fuzz.world import World

    target = TARGETS[name]
    work = Path(tempfile.mkdtemp(prefix=f"obambu-fuzz-{name}-"))
    shutil.copytree(world_folder, work / "world", ignore=shutil.ignore_patterns("scratch"))
    world = World(work / "world")
    target.seeds(world)  # makes what the harness uses (the stick, the device service...) now
    keep = os.environ.get("FUZZ_KEEP_GOING")
    check = target.check if not keep else _keep_going(target.check, Path(keep) / name)

    def one_input(data: bytes) -> None:
        check(world, data)

    if target.dictionary and not any(o.startswith("-dict=") for o in options):
        options.insert(0, f"-dict={Path(__file__).parent / target.dictionary}")
    atheris.Setup([argv[0], *options], one_input)
    atheris.Fuzz()


def _keep_going(check: Callable[..., None], folder: Path) -> Callable[..., None]:
    folder.mkdir(parents=True, exist_ok=True)
    seen = {p.stem for p in folder.glob("*.txt")}

    def checked(world: object, data: bytes) -> None:
        try:
            check(world, data)
        except Exception as exc:
            site = _site(exc)
            key = hashlib.sha1(site.encode()).hexdigest()[:12]
            if key in seen:
                return
            seen.add(key)
            (folder / f"{key}.bin").write_bytes(data)
            text = "".join(traceback.format_exception(exc))
            (folder / f"{key}.txt").write_text(f"{site}\n\n{text}", encoding="utf-8")
            print(f"\n=== new crash {key}: {site}", file=sys.stderr, flush=True)

    return checked


def _site(exc: BaseException) -> str:
    """The exception's type and the innermost line of our code it went through."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/app/" in f.filename] or frames
    last = ours[-1]
    return f"{type(exc).__name__} at {Path(last.filename).name}:{last.lineno} ({last.name})"


if __name__ == "__main__":
    main(sys.argv)
