"""A clerk's day at the edges of the window: F1 for help on the forum, About to find where the
data lives, Ctrl+Q to leave, and the next morning the window as it was left."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QMenu

from app.core.node.node import Node
from app.ui import i18n
from app.ui.about import AboutDialog
from app.ui.help import HelpDialog
from app.ui.main import main_window
from app.ui.settings import Settings
from app.ui.window import MainWindow
from app.ui.worker import Worker
from tests.test_cli import PASS


def _open(qtbot: Any, home: Any) -> tuple[MainWindow, Worker]:
    """The window as `obambu run` opens it once the passphrase is typed (app/ui/main.start)."""
    worker = Worker()
    worker.open(lambda: Node.open(home, PASS))
    window = main_window(worker, home)
    qtbot.addWidget(window)
    window.sealer.stop()
    with qtbot.waitActive(window):  # keys go to the active window
        window.show()
        window.activateWindow()
    return window, worker


def _menu_action(window: MainWindow, text: str) -> Any:
    for menu in window.menuBar().findChildren(QMenu):
        for action in menu.actions():
            if action.text().replace("&", "") == text:
                return action
    raise AssertionError(f"no menu entry {text!r}")


def test_help_about_quit_and_the_window_as_it_was_left(qapp, qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    (town,) = demo(1)
    i18n.install(qapp, Settings.load().language)  # a new laptop speaks French, as main does
    window, _first = _open(qtbot, town.home)

    # The forum by its shortcut, then F1: the forum's help, in French.
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.forum
    qtbot.keyClick(window, Qt.Key.Key_F1)
    helped = window.dialog
    assert isinstance(helped, HelpDialog) and helped.isVisible()
    assert helped.windowTitle() == "Aide d'Obambu"
    assert "Le forum est l'endroit où les maires" in helped.browser.toPlainText()
    helped.close()

    # Aide › À propos d'Obambu names the folder where the data lives, and opens it.
    _menu_action(window, "À propos d'Obambu").trigger()
    about = window.dialog
    assert isinstance(about, AboutDialog) and about.isVisible()
    assert about.folder.text() == str(town.home.parent)
    assert "GPL-3.0-or-later" in about.licence.text()
    assert about.open_folder.text() == "Ouvrir ce dossier"
    about.close()

    # The clerk makes the window smaller (as small as its screens allow), then Ctrl+Q.
    before = window.size()
    window.resize(window.minimumSizeHint().expandedTo(QSize(700, 480)))
    left = window.size()
    assert left != before
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)

    # The next start: the same size, on the forum.
    again, _worker = _open(qtbot, town.home)
    try:
        assert again.size() == left
        assert again.stack.currentWidget() is again.forum
    finally:
        again.close()
