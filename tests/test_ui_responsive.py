"""The window never freezes: a long stick import runs while the test clicks through every screen,
and the GUI thread keeps answering (its event loop never stalls for long)."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

from PySide6.QtCore import QTimer

from app.core.node import Node
from app.sync.stick import Stick
from app.ui.window import MainWindow
from app.ui.worker import Worker
from bench.feed import Feed
from bench.stick_sync import _write_segments

MAX_STALL = 0.25  # seconds the GUI thread may go without running its event loop


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
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    try:
        station = window.sync_station
        station.watch.stop()
        station.use(tmp_path / "stick")
        qtbot.waitUntil(lambda: station.sync_button.isEnabled(), timeout=30_000)
        station.sync()
        timer.start(10)
        visits = 0
        while station.running:
            window.nav.setCurrentRow(visits % window.nav.count())
            visits += 1
            qtbot.wait(40)
        timer.stop()
        assert (
            "8001 new items" in station.result.text()
            or "new items taken in" in station.result.text()
        )
        assert visits > window.nav.count()  # the import lasted long enough to see every screen
        gaps = [b - a for a, b in itertools.pairwise(ticks)]
        assert max(gaps) < MAX_STALL, f"the GUI stalled for {max(gaps):.2f} s"
        window.nav.setCurrentRow(1)
        qtbot.waitUntil(lambda: window.forum.threads.rowCount() == 80, timeout=30_000)
    finally:
        worker.stop()
