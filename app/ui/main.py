"""Starting the desktop application: the log and the reporter of failures, translations, then
unlock (or first run), then the window."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from app import logs
from app.core.node.node import Node
from app.ui import failure, i18n, private_copies
from app.ui.firstrun import FirstRunDialog
from app.ui.icons import app_icon
from app.ui.join import JoinDialog
from app.ui.menus import clamp, restore
from app.ui.operations import QueryOp
from app.ui.settings import Settings, apply_font
from app.ui.single_instance import InstanceGuard
from app.ui.unlock import UnlockDialog
from app.ui.window import MainWindow
from app.ui.worker import Worker

log = logging.getLogger(__name__)


def application() -> QApplication:
    """The Qt application, in the language and font size the settings say."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    if logs.current() is None:  # `obambu run` configured it already, with its --verbose
        logs.configure()
    failure.install()
    app.setWindowIcon(app_icon())  # every window, the unlock dialog first, and the task bar
    settings = Settings.load()
    i18n.install(app, settings.language)
    apply_font(settings.font_size)
    return app


def start(home: Path, demo_root: Path) -> MainWindow | None:
    """Shows the first screens; returns the main window, or None if the user gave up or the
    profile is open in another start already (that one's window comes forward instead)."""
    app = application()
    guard = InstanceGuard(home)
    if not guard.claim():
        log.info("%s is open in another window already: brought forward", home)
        return None
    guard.setParent(app)  # it answers later starts for as long as this one runs
    guard.raise_requested.connect(bring_forward)
    private_copies.clear_leftovers()  # documents an earlier run opened and could not remove
    worker = Worker()
    dialog = first_screen(worker, home, demo_root)
    if os.environ.get("OBAMBU_STARTUP_PROBE"):
        # For the start-up figure of a build: say when the first screen is up, then leave.
        def shown() -> None:
            print("obambu: first screen shown", flush=True)
            dialog.reject()

        QTimer.singleShot(0, shown)
    if dialog.exec() != QDialog.DialogCode.Accepted or not _joined(worker):
        worker.stop()
        guard.release()
        return None
    window = main_window(worker, home)
    window.show()
    # Once shown, the title bar and edges are known: the window is kept on screen with them.
    QTimer.singleShot(0, lambda: clamp(window))
    return window


def first_screen(worker: Worker, home: Path, demo_root: Path) -> QDialog:
    """Unlock this laptop's profile, or the first run when it has none. Both offer the demo
    network when one was built before: a person who tried it finds it again."""
    if Node.exists(home):
        return UnlockDialog(worker, home, demo_root=demo_root)
    return FirstRunDialog(worker, home, demo_root)


def main_window(worker: Worker, home: Path) -> MainWindow:
    """The window over the profile at `home`, at the size and on the screen it was left."""
    window = MainWindow(worker, home.parent)
    restore(window)
    return window


def bring_forward() -> None:
    """Another start on this profile asked for us: the window in front, or the dialog that
    still asks for the passphrase, is shown and raised."""
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    target: QWidget | None = QApplication.activeModalWidget() or next(
        (w for w in shown if isinstance(w, MainWindow)), next(iter(shown), None)
    )
    if target is None:
        return
    target.setWindowState(target.windowState() & ~Qt.WindowState.WindowMinimized)
    target.show()
    target.raise_()
    target.activateWindow()


def _joined(worker: Worker) -> bool:
    """True once the profile belongs to a network; until then, the join screen waits for the
    stick that brings the invitation back. The question goes to the worker like any other; a
    local event loop waits for its answer and ends on the failure too (the worker answers
    every operation, one way or the other)."""
    answer: list[bool] = []
    waiting = QEventLoop()

    def joined(yes: bool) -> None:
        answer.append(yes)
        waiting.quit()

    def failed(error: BaseException) -> None:
        failure.report(error)  # it says what went wrong: no join screen after it
        waiting.quit()

    QueryOp(None, worker, lambda node: node.joined(), joined).failure(failed).run_in_background()
    waiting.exec()  # the callbacks run inside it, never before: they come through events
    if not answer:
        return False
    return answer[0] or JoinDialog(worker).exec() == QDialog.DialogCode.Accepted


def run(home: Path, demo_root: Path) -> int:
    window = start(home, demo_root)
    if window is None:
        return 0
    app = QApplication.instance()
    assert app is not None
    return int(app.exec())
