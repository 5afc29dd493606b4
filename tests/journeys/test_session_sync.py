"""Two town halls on one network cable: what the mayor did a second before goes over it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable

from tests.journeys.conftest import Town, open_vote
from tests.test_cli import PASS, ROOT


def test_a_vote_opened_then_synced_at_once_over_the_network_reaches_the_other_town_hall(
    demo: Callable[[int], list[Town]],
) -> None:
    """Bipindi's clerk waits for a connection; Ambam's mayor opens a vote and the clerk
    connects at once. Bipindi's mayor can vote on it straight away."""
    ambam, bipindi, _ = demo(3)
    env = {**os.environ, "OBAMBU_PASSPHRASE": PASS, "PYTHONPATH": str(ROOT)}
    listener = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app.cli",
            "--home",
            str(bipindi.home),
            "sync",
            "tcp",
            "--listen",
            "127.0.0.1:0",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert listener.stderr is not None
        line = listener.stderr.readline()
        port = re.search(r"port (\d+)", line)
        assert port, line
        vote = open_vote(ambam, "Forage au quartier Nord ?")
        sent = ambam.json("sync", "tcp", "--connect", f"127.0.0.1:{port.group(1)}")
        assert sent["ours_sealed"] == 1
        listener.wait(60)
        assert listener.returncode == 0, listener.stderr.read()
    finally:
        listener.kill()
        listener.wait()
    bipindi.run("vote", "cast", "--vote", vote, "--choice", "oui")
