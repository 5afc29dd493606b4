"""Two town halls on one network cable: what the mayor did a second before goes over it, and
each one's acknowledgement of the newest cut (docs/sync.md, "Session"; issue 21)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.journeys.conftest import Town, known_acks, open_vote
from tests.test_cli import PASS, ROOT


def sync_over_tcp(listening: Town, calling: Town) -> tuple[Any, Any]:
    """`obambu sync tcp --listen` on one laptop, `--connect` on the other: both reports."""
    env = {**os.environ, "OBAMBU_PASSPHRASE": PASS, "PYTHONPATH": str(ROOT)}
    args = ["--home", str(listening.home), "--json", "sync", "tcp", "--listen", "127.0.0.1:0"]
    listener = subprocess.Popen(
        [sys.executable, "-m", "app.cli", *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert listener.stderr is not None and listener.stdout is not None
        line = listener.stderr.readline()
        port = re.search(r"port (\d+)", line)
        assert port, line
        called = calling.json("sync", "tcp", "--connect", f"127.0.0.1:{port.group(1)}")
        out, err = listener.communicate(timeout=60)
        assert listener.returncode == 0, err
    finally:
        listener.kill()
        listener.wait()
    return json.loads(out), called


def test_after_a_session_each_town_hall_holds_the_others_ack_and_the_stick_forgets_sooner(
    demo: Callable[[int], list[Town]], stick: Path
) -> None:
    """Ambam's clerk posts, visits a stick (which proposes the first cut), then syncs with
    Bipindi over the network; Bipindi never sees the stick. Each laptop now knows the other's
    acknowledgement, and Bipindi's says it holds the post: Ambam's next visit prunes it from
    the stick. With beacons only, Bipindi's word would date from before the post came."""
    ambam, bipindi = demo(2)
    ambam.run("forum", "thread", "--title", "Le puits", "--body", "Il est réparé.")
    _, written = ambam.visit(stick)
    assert written["segments"]
    listened, called = sync_over_tcp(bipindi, ambam)
    assert called["statements"] >= 1 and listened["statements"] >= 2  # an ack; a cut and an ack
    assert called["statements_refused"] == listened["statements_refused"] == 0
    assert "Le puits" in bipindi.titles()
    for town in (ambam, bipindi):
        known = known_acks(town)
        assert len(known.acks) == 2 and all(a.cut in known.cuts for a in known.acks.values())
    _, again = ambam.visit(stick)
    assert set(written["segments"]) <= set(again["pruned"])


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
