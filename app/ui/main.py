"""Starting the desktop application: the log and the reporter of failures, translations, then
unlock (or first run), then the window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from app import logs
from app.core import status
from app.core.store import profile
from app.ui import failure, i18n
from app.ui.firstrun import FirstRunDialog
from app.ui.join import JoinDialog
from app.ui.settings import Settings, apply_font
from app.ui.unlock import UnlockDialog
from app.ui.window import MainWindow
from app.ui.worker import Worker


def application() -> QApplication:
    """The Qt application, in the language and font size the settings say."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    if logs.current() is None:  # `obambu run` configured it already, with its --verbose
        logs.configure()
    failure.install()
    settings = Settings.load()
    i18n.install(app, settings.language)
    apply_font(settings.font_size)
    return app


def start(home: Path, demo_root: Path) -> MainWindow | None:
    """Shows the first screens; returns the main window, or None if the user gave up."""
    app = application()
    worker = Worker()
    dialog: QDialog
    if profile.exists(home):
        dialog = UnlockDialog(worker, home)
    else:
        dialog = FirstRunDialog(worker, home, demo_root)
    if os.environ.get("OBAMBU_STARTUP_PROBE"):
        # For the start-up figure of a build: say when the first screen is up, then leave.
        QTimer.singleShot(
            0, lambda: (print("obambu: first screen shown", flush=True), dialog.reject())
        )
    if dialog.exec() != QDialog.DialogCode.Accepted or not _joined(app, worker):
        worker.stop()
        return None
    window = MainWindow(worker, home.parent)
    window.show()
    return window


def _joined(app: QApplication, worker: Worker) -> bool:
    """True once the profile belongs to a network; until then, the join screen waits for the
    stick that brings the invitation back."""
    answer: list[bool | None] = []

    def failed(error: BaseException) -> None:
        failure.report(error)
        answer.append(None)  # the report said what went wrong: no join screen after it

    worker.submit(status.joined, answer.append, failed)
    while not answer:
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    if answer[0] is None:
        return False
    return answer[0] or JoinDialog(worker).exec() == QDialog.DialogCode.Accepted


def run(home: Path, demo_root: Path) -> int:
    window = start(home, demo_root)
    if window is None:
        return 0
    app = QApplication.instance()
    assert app is not None
    return int(app.exec())
