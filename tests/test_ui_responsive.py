"""The window never freezes: a long stick import runs while the test clicks through every screen,
and the GUI thread keeps running its event loop. How long its longest pause is, against the same
clicking with nothing imported, is measured by bench/ui_responsive.py: a wall-clock limit here
would fail on a loaded machine whatever the code does."""

from __future__ import annotations

from pathlib import Path

from app.core.node.node import Node
from app.sync.stick import Stick
from app.ui.window import MainWindow
from app.ui.worker import Worker
from bench.feed import Feed
from bench.stick_sync import _write_segments


def test_clicking_through_screens_during_a_long_import(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "bipindi"
    receiver = Node.create(home, "pass phrase", "Bipindi")
    feed = Feed(receiver.authority())
    receiver.adopt(feed.genesis)
    receiver.add_member("Paul Ekani")
    receiver.close()
    (tmp_path / "stick").mkdir()
    stick = Stick.at(tmp_path / "stick", create=True)
    stick.claim(feed.network_id)
    _write_segments(stick, feed, [feed.first_block(), *feed.forum_blocks(80, 100)])
    worker = Worker()
    worker.open(lambda: Node.open(home, "pass phrase"))
    window = MainWindow(worker, tmp_path)
    qtbot.addWidget(window)
    window.show()
    try:
        station = window.sync_station
        station.watch.stop()
        station.use(tmp_path / "stick")
        qtbot.waitUntil(lambda: station.sync_button.isEnabled(), timeout=30_000)
        station.sync()
        visits = 0
        while station.running:
            window.nav.setCurrentRow(visits % window.nav.count())
            visits += 1
            qtbot.wait(40)
        assert (
            "8001 new items" in station.result.text()
            or "new items taken in" in station.result.text()
        )
        assert visits > window.nav.count()  # every screen was shown while the import ran
        window.nav.setCurrentRow(1)
        qtbot.waitUntil(lambda: window.forum.threads.rowCount() == 80, timeout=30_000)
    finally:
        worker.stop()
