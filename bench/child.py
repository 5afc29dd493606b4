"""A bench's baseline, measured in the same run: the program at another git revision
extracted to a folder, and a bench module run on a tree in a child process, its figures read
from the JSON of its last line (bench.visit_cost, bench.ack_bytes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def extract(rev: str, into: Path, script: str) -> Path:
    """The program at `rev` (its app/ and bench/) in `into`, with this tree's `script` (a
    file of bench/) and this module in it: the baseline is measured the same way."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", rev, "app", "bench"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    for name in (script, Path(__file__).name):
        (into / "bench" / name).write_text((ROOT / "bench" / name).read_text())
    return into


def run_tree(tree: Path, module: str, *args: str) -> dict[str, object]:
    """`python -m module --json args` on the program in `tree`: the figures it printed."""
    out = subprocess.run(
        [sys.executable, "-m", module, "--json", *args],
        cwd=tree,
        env=dict(os.environ, PYTHONPATH=str(tree)),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    return result
