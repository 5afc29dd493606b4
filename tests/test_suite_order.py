"""The suite itself: a plain `pytest -q` runs the tests in a random order and says which, so
that a failure that depends on the order can be replayed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _pytest(*args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout


def test_a_quiet_run_is_in_random_order_and_names_its_seed() -> None:
    given = _pytest("--randomly-seed=4242", "tests/test_atomic.py")
    assert "Tests ran in random order: pytest -p randomly --randomly-seed=4242 replays it." in (
        given
    )
    chosen = _pytest("tests/test_atomic.py")  # no seed given: one is drawn, and printed
    assert "Tests ran in random order: pytest -p randomly --randomly-seed=" in chosen


def test_the_same_seed_gives_the_same_order_and_another_seed_another() -> None:
    def order(seed: int) -> list[str]:
        out = _pytest(f"--randomly-seed={seed}", "--collect-only", "tests/test_atomic.py")
        return [line for line in out.splitlines() if "::" in line]

    first = order(1)
    assert len(first) > 5 and order(1) == first
    other = order(2)
    assert sorted(other) == sorted(first) and other != first
