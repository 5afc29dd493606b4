"""A mayor at the window, in French: the forum reads like a conversation between communes."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from app.core.demo import DEMO_PIN
from app.ui import i18n
from app.ui.forum import ForumPage, NewThreadDialog
from app.ui.window import MainWindow
from tests.journeys.conftest import Town, open_window, pin_dialog
from tests.test_ui_forum import click_thread

WAIT = 30_000
NNBSP = "\u202f"
SUBJECT = "Arbres tombés sur la route de Bipindi après l'orage de cette nuit"


@pytest.fixture
def french(qapp: QApplication) -> Iterator[None]:
    i18n.install(qapp, "fr")
    yield
    i18n.install(qapp, "en")


def _line(forum: ForumPage, title: str) -> str:
    """The thread's line in the list, "" while it is not listed."""
    for number in range(forum.threads.rowCount()):
        text = str(forum.threads.data(forum.threads.index(number, 0)))
        if text.startswith(title + "\n"):
            return text
    return ""


def _row(forum: ForumPage, title: str) -> int:
    return next(n for n in range(forum.threads.rowCount()) if forum.threads.row(n).title == title)


def _sync(qtbot, window: MainWindow, stick: Path) -> None:  # type: ignore[no-untyped-def]
    """The stick in, "Synchroniser", until the station says it may be removed."""
    window.nav.setCurrentRow(window.stack.indexOf(window.sync_station))
    station = window.sync_station
    station.use(stick)  # what choosing the stick's folder does
    qtbot.waitUntil(lambda: station.sync_button.isEnabled(), timeout=WAIT)
    qtbot.mouseClick(station.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: station.safe.text() != "", timeout=60_000)


def test_a_thread_answered_by_stick_reads_as_a_conversation(  # type: ignore[no-untyped-def]
    qtbot, french, demo: Callable[[int], list[Town]], stick: Path, monkeypatch
) -> None:
    """Marie Ndongo, mayor of Ambam, opens a thread; the stick takes it to Bipindi, whose mayor
    answers; back on the stick, the answer shows as new in her list; opening the thread shows
    her message then his, as cards, and the mark goes; typing "tronconneuse", without accent
    or Enter, finds his message; a word nobody wrote says so."""
    monkeypatch.setenv("OBAMBU_LAN", "off")
    ambam, bipindi = demo(2)
    window, worker = open_window(qtbot, ambam)
    try:
        window.nav.setCurrentRow(window.stack.indexOf(window.forum))
        forum = window.forum
        qtbot.waitUntil(lambda: forum.threads.rowCount() == 2, timeout=WAIT)  # the demo's

        def write(dialog: NewThreadDialog) -> None:
            # Typed at once: QTest types few letters with accents (qasciikey.cpp).
            dialog.title.setText(SUBJECT)
            dialog.body.setPlainText("Il nous faut du matériel pour dégager la route.")
            dialog.priority.setCurrentIndex(1)  # Important
            qtbot.mouseClick(dialog.post, Qt.MouseButton.LeftButton)

        QTimer.singleShot(0, lambda: write(_dialog()))
        qtbot.mouseClick(forum.new_thread, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: pin_dialog() is not None, timeout=WAIT)  # she signs with her PIN
        asked = pin_dialog()
        assert asked is not None
        qtbot.keyClicks(asked.pin, DEMO_PIN)
        qtbot.mouseClick(asked.sign, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: worker.pending == 0 and _line(forum, SUBJECT) != "", timeout=WAIT)
        line = _line(forum, SUBJECT)
        assert line.startswith(f"{SUBJECT}\nImportant · Marie Ndongo · ")  # the subject whole
        assert "nouveau message" not in line  # her own message is not news to her
        _sync(qtbot, window, stick)

        bipindi.visit(stick)
        thread = next(t for t in bipindi.json("forum", "list") if t["title"] == SUBJECT)["id"]
        bipindi.run(
            "forum", "post", "--thread", thread, "--body", "Nous prêtons notre tronçonneuse lundi."
        )
        bipindi.run("sync", "export", "--to", stick)

        _sync(qtbot, window, stick)
        window.nav.setCurrentRow(window.stack.indexOf(window.forum))
        qtbot.waitUntil(
            lambda: worker.pending == 0 and "· 1 nouveau message" in _line(forum, SUBJECT),
            timeout=WAIT,
        )  # the list read again after the stick, and nothing more on the way
        unread = forum.threads.index(_row(forum, SUBJECT), 0)
        assert forum.threads.data(unread, Qt.ItemDataRole.FontRole).bold()

        click_thread(qtbot, forum, _row(forum, SUBJECT))
        qtbot.waitUntil(lambda: len(forum.pane.cards) == 2, timeout=WAIT)
        assert forum.heading.text() == SUBJECT
        assert forum.pane.tag.text() == f"Priorité{NNBSP}: Important"
        first, answer = forum.pane.cards
        assert first.who.text() == "Marie Ndongo, maire · Ambam"
        assert first.body.text() == "Il nous faut du matériel pour dégager la route."
        assert first.badge.text() == "✓ Signé par Marie Ndongo"
        assert answer.who.text() == "Paul Ekani, maire · Bipindi"
        assert answer.body.text() == "Nous prêtons notre tronçonneuse lundi."
        assert answer.badge.text() == "✓ Signé par Paul Ekani"
        for card in (first, answer):
            assert re.fullmatch(r"\d{1,2} \w+ \d{4} à \d{2}:\d{2}", card.date.text()), card.date
        qtbot.waitUntil(lambda: "nouveau message" not in _line(forum, SUBJECT), timeout=WAIT)
        read = forum.threads.index(_row(forum, SUBJECT), 0)
        assert forum.threads.data(read, Qt.ItemDataRole.FontRole) is None

        qtbot.mouseClick(forum.search, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(forum.search, "tronconneuse")  # no accent, no Enter
        qtbot.waitUntil(lambda: forum.threads.rowCount() == 2, timeout=WAIT)
        found = {forum.threads.row(n).title for n in range(2)}
        assert found == {SUBJECT, "Piste Ambam–Campo coupée"}  # his answer; the demo's opening
        forum.search.clear()
        qtbot.keyClicks(forum.search, "piscine")
        qtbot.waitUntil(lambda: forum.listing.currentIndex() == 1, timeout=WAIT)
        assert forum.empty.text() == (
            f"Aucun message ne contient «{NNBSP}piscine{NNBSP}». Essayez un autre mot."
        )
        forum.search.clear()  # the whole list, read again from the laptop: still read
        qtbot.waitUntil(lambda: worker.pending == 0 and _line(forum, SUBJECT) != "", timeout=WAIT)
        assert "nouveau message" not in _line(forum, SUBJECT)
    finally:
        worker.stop()


def _dialog() -> NewThreadDialog:
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, NewThreadDialog)]
    return next(w for w in shown if w.isVisible())
