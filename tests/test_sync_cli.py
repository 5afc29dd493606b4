"""The issue's end-to-end check: `obambu demo`, each commune changed on its own, then a stick
carried A → B → C → A (C never meets A directly before the end) and a serial link over a pty."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tty
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from app.core.node.node import Node
from app.sync.channel import Channel
from app.sync.session import Session
from tests.link_faults import FdStream
from tests.test_cli import PASS, ROOT, Result, ok

pytestmark = pytest.mark.usefixtures("_env")


@pytest.fixture
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OBAMBU_KDF", "interactive")
    monkeypatch.setenv("OBAMBU_PASSPHRASE", PASS)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Any:
    def run(*argv: str | Path) -> Result:
        capsys.readouterr()
        code = main([str(a) for a in argv])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def _demo(cli: Any, tmp_path: Path) -> list[Path]:
    ok(cli("demo", "--dir", tmp_path / "demo"))
    homes = [tmp_path / "demo" / name for name in ("ambam", "bipindi", "campo")]
    for home in homes:
        thread = ["forum", "thread", "--title", f"Nouvelles de {home.name}", "--body", "RAS"]
        ok(cli("--home", home, *thread))
        ok(cli("--home", home, "seal"))
    return homes


def _state(cli: Any, home: Path) -> dict[str, Any]:
    status = ok(cli("--home", home, "--json", "status")).json()
    return {"feeds": status["feeds"], "counts": status["counts"], "waiting": status["waiting"]}


def test_demo_communes_converge_through_a_stick_round(cli: Any, tmp_path: Path) -> None:
    a, b, c = _demo(cli, tmp_path)
    stick = tmp_path / "stick"
    stick.mkdir()
    for home in (a, b, c, a):
        cli("--home", home, "--json", "sync", "import", "--from", stick)
        result = cli("--home", home, "--json", "sync", "export", "--to", stick)
        assert result.code == 0, result.err
    cli("--home", b, "sync", "import", "--from", stick)  # the clerk's last stop
    assert _state(cli, a) == _state(cli, b) == _state(cli, c)
    again = cli("--home", c, "sync", "import", "--from", stick)
    assert again.out.startswith("All ") and "already known" in again.out
    health = cli("--home", b, "--json", "sync", "health").json()
    assert {row["commune"] for row in health} == {"Ambam", "Campo"}  # the others, from beacons


def test_demo_communes_converge_over_a_serial_pty(cli: Any, tmp_path: Path) -> None:
    a, b, c = _demo(cli, tmp_path)
    for left, right in ((a, b), (b, c), (c, a)):
        _serial(left, right)
    assert _state(cli, a) == _state(cli, b) == _state(cli, c)


def _serial(left: Path, right: Path) -> None:
    """`obambu sync serial` on the pty's device side, this process on the other end."""
    master, slave = os.openpty()
    tty.setraw(slave)
    env = {**os.environ, "OBAMBU_PASSPHRASE": PASS, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app.cli",
            "--home",
            str(right),
            "sync",
            "serial",
            "--port",
            os.ttyname(slave),
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    node = Node.open(left, PASS)
    channel = Channel(FdStream(master), timeout=10)
    try:
        Session(node, channel).run()
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    finally:
        channel.close()
        node.close()
        with contextlib.suppress(OSError):
            os.close(slave)
