"""bench.attestation_lookup's feed of signed attestations must stay what the ledger accepts:
its blocks once fell out of step with the attestation's fields and the bench stopped running."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_lookup_bench_fills_its_store_through_the_apply_path() -> None:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.attestation_lookup",
            "--attestations",
            "200",
            "--lookups",
            "20",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    assert "filled 200 attestations through the apply path" in run.stdout
