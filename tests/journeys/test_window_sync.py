"""The secretary at the window: a reply typed a few seconds before syncing goes on the stick."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.core.node.node import Node
from app.ui.window import MainWindow
from app.ui.worker import Worker
from tests.journeys.conftest import Town, take_over
from tests.test_cli import PASS
from tests.test_ui_forum import click_thread


def test_a_reply_typed_just_before_sync_is_on_the_stick(
    qtbot, demo: Callable[[int], list[Town]], stick: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Ambam's secretary replies in the forum, goes straight to the sync station and syncs;
    the station says the stick may be removed, and Bipindi finds the reply on it."""
    monkeypatch.setenv("OBAMBU_LAN", "off")
    ambam, bipindi, _ = demo(3)
    worker = Worker()
    worker.open(lambda: Node.open(ambam.home, PASS))
    window = MainWindow(worker)
    qtbot.addWidget(window)
    window.show()
    take_over(qtbot, window, "Rose Atangana")  # the demo's PIN
    try:
        window.nav.setCurrentRow(window.stack.indexOf(window.forum))
        forum = window.forum
        qtbot.waitUntil(lambda: forum.threads.rowCount() > 0, timeout=20_000)
        click_thread(qtbot, forum, 0)
        qtbot.waitUntil(lambda: forum.send.isEnabled(), timeout=20_000)
        thread = forum.heading.text()
        qtbot.keyClicks(forum.reply, "Nous serons presents jeudi.")
        qtbot.mouseClick(forum.send, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: forum.reply.toPlainText() == "", timeout=20_000)

        window.nav.setCurrentRow(window.stack.indexOf(window.sync_station))
        station = window.sync_station
        station.use(stick)  # what choosing the stick's folder does
        qtbot.waitUntil(lambda: station.sync_button.isEnabled(), timeout=20_000)
        qtbot.mouseClick(station.sync_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: station.safe.text() != "", timeout=60_000)
        assert station.safe.text() == "You may remove the stick."
        assert "1 new item of yours went into this sync." in station.result.text()
    finally:
        worker.stop()
    bipindi.run("sync", "import", "--from", stick)
    threads = bipindi.json("forum", "list")
    chosen = next(t for t in threads if t["title"] in thread)
    posts = bipindi.json("forum", "list", "--thread", chosen["id"])
    assert "Nous serons presents jeudi." in [p["body"] for p in posts["posts"]]
