"""What goes wrong around a sync: another window holding the profile, a stick pulled while
writing, forged or impossible beacons. Each gets a plain sentence; nothing is lost and nothing
is signed twice."""

from __future__ import annotations

import errno
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from app.core.node.node import Node
from app.sync import export as export_module
from app.sync import signed
from app.sync.stick import Stick
from tests.journeys.conftest import Town
from tests.test_cli import PASS, ROOT

HOLD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from app.core.node.node import Node
    node = Node.open(Path(sys.argv[1]), sys.argv[2])
    node.store.conn.execute("BEGIN IMMEDIATE")  # the window, in the middle of a write
    print("holding", flush=True)
    sys.stdin.readline()
    node.store.conn.execute("ROLLBACK")
    """
)


def test_exporting_while_the_window_holds_the_profile_says_so_and_loses_nothing(
    demo: Callable[[int], list[Town]], stick: Path
) -> None:
    """The secretary left the window open in the middle of saving; the clerk runs the export
    from the command line: told to close the other one, then it works."""
    ambam, bipindi, _ = demo(3)
    ambam.run("forum", "thread", "--title", "Fête de la commune", "--body", "Samedi.")
    window = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(ambam.home), PASS],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert window.stdout is not None and window.stdout.readline().strip() == "holding"
        sentence = ambam.fails("sync", "export", "--to", stick)
        assert "in use by another Obambu" in sentence
    finally:
        assert window.stdin is not None
        window.stdin.write("\n")
        window.stdin.close()
        window.wait(60)
    ambam.run("sync", "export", "--to", stick)
    bipindi.run("sync", "import", "--from", stick)
    assert "Fête de la commune" in bipindi.titles()


def test_a_stick_pulled_between_sealing_and_writing_loses_nothing(
    demo: Callable[[int], list[Town]], stick: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The thread is sealed, then the stick is pulled before the segment is written: the
    clerk is told to plug it back; the next stick carries the thread, signed once."""
    ambam, bipindi, campo = demo(3)
    ambam.run("forum", "thread", "--title", "Routes inondées", "--body", "Prudence.")
    real = export_module._write_segments

    def pulled(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EIO, "Input/output error")  # what a vanished stick answers

    monkeypatch.setattr(export_module, "_write_segments", pulled)
    assert "Writing to the stick failed" in ambam.fails("sync", "export", "--to", stick)
    assert ambam.json("status")["pending"] == 0  # sealed, kept in the profile
    monkeypatch.setattr(export_module, "_write_segments", real)
    again = tmp_path / "again"
    again.mkdir()
    ambam.run("sync", "export", "--to", again)
    for town in (bipindi, campo):
        town.run("sync", "import", "--from", again)
        assert "Routes inondées" in town.titles()
        assert town.json("status")["evidence"] == 0


def test_forged_and_impossible_beacons_are_refused_in_a_sentence(
    demo: Callable[[int], list[Town]], stick: Path
) -> None:
    """Someone slipped two beacons onto the stick: one whose bytes were changed, one that
    claims a restore ten days from now. Bipindi's clerk is told, and Ambam's real news still
    counts."""
    ambam, bipindi, campo = demo(3)
    ambam.run("sync", "export", "--to", stick)
    node = Node.open(campo.home, PASS)
    try:
        body = {
            "v": 1,
            "bseq": 1,
            "time": int(time.time()),
            "heads": [],
            "chunks": 0,
            "seen": [],
            "keys": 0,
            "inc": int(time.time()) + 10 * 86400,
        }
        on_stick = Stick.at(stick)
        on_stick.write_beacon(node, node.commune, signed.sign(node, body))
        future = on_stick.beacon_path(node.network_id, node.commune)
    finally:
        node.close()
    other = next(p for p in sorted((stick / "OBAMBU" / "bcn").glob("*.obb")) if p != future)
    damaged = bytearray(other.read_bytes())
    damaged[-5] ^= 0xFF
    other.write_bytes(bytes(damaged))
    report = bipindi.json("sync", "import", "--from", stick)
    assert report["beacons_refused"] == 2
    text = bipindi.run("sync", "import", "--from", stick).out
    assert "2 beacons on the stick were refused" in text
    ambam.run("forum", "thread", "--title", "Toujours là", "--body", "…")
    ambam.run("sync", "export", "--to", stick)
    bipindi.run("sync", "import", "--from", stick)
    assert "Toujours là" in bipindi.titles()
