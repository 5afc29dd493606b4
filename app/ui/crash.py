"""When something goes wrong that no sentence was written for: a report the user can save.

As in Electrum's exception window, the report holds what a developer needs (versions, the
traceback) and nothing private: no passphrase, no keys, no ledger content. Saving it to a stick
is the way it reaches us from a town hall without internet.
"""

from __future__ import annotations

import platform
import sys
import time
import traceback
from pathlib import Path
from types import TracebackType

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import ObambuError
from app.ui.messages import user_message


def report_text(error: BaseException) -> str:
    from importlib.metadata import version

    lines = [
        "Obambu error report",
        f"date: {time.strftime('%Y-%m-%d %H:%M:%S %z')}",
        f"obambu: {version('obambu')}",
        f"python: {sys.version.split()[0]}, PySide6: {pyside_version}",
        f"system: {platform.platform()}",
        "",
        *traceback.format_exception(type(error), error, error.__traceback__),
    ]
    return "\n".join(line.rstrip("\n") for line in lines)


class CrashDialog(QDialog):
    def __init__(self, error: BaseException, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Obambu ran into a problem"))
        self.setMinimumSize(640, 420)
        intro = QLabel(
            self.tr(
                "Something went wrong inside Obambu. Nothing was lost: what was saved stays "
                "saved. Save this report to a stick and send it to whoever supports Obambu."
            )
        )
        intro.setWordWrap(True)
        self.report = QPlainTextEdit(report_text(error))
        self.report.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = buttons.addButton(
            self.tr("Save the report…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_button.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.report)
        layout.addWidget(buttons)
        self.saved: Path | None = None

    def save(self) -> None:
        name = f"obambu-report-{time.strftime('%Y%m%d-%H%M%S')}.txt"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the report"), name)
        if path:
            Path(path).write_text(self.report.toPlainText(), encoding="utf-8")
            self.saved = Path(path)


def show_error(error: BaseException, parent: QWidget | None = None) -> None:
    """A user error gets its translated sentence; anything else is a bug and gets the report."""
    if isinstance(error, ObambuError):
        QMessageBox.warning(parent, QCoreApplication.translate("CrashDialog", "Obambu"),
                            user_message(error))  # fmt: skip
        return
    CrashDialog(error, parent).exec()


def install_hook(parent: QWidget | None = None) -> None:
    """Uncaught exceptions on the GUI thread open the report instead of vanishing."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        show_error(error.with_traceback(tb), parent)

    sys.excepthook = hook
