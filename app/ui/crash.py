"""When something goes wrong that no sentence was written for: a report the user can save.

As in Electrum's exception window, the report holds what a developer needs (versions, the
traceback, the end of the log: what Obambu was doing before) and nothing private: no
passphrase, no keys, no ledger content, and the home folder written as ~ (its name is often the
person's). The log holds nothing private either (app/logs.py). Saving the report to a stick is
the way it reaches us from a town hall without internet. app/ui/failure.py decides when it
opens.
"""

from __future__ import annotations

import platform
import sys
import time
import traceback
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app import logs
from app.ui import files
from app.ui.fit import ems, fit_window
from app.ui.messages import fill


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
    tail = logs.tail()
    if tail:
        lines += ["", f"The end of the log ({logs.current()}):", tail]
    text = "\n".join(line.rstrip("\n") for line in lines)
    return logs.private_paths_hidden(text)


class CrashDialog(QDialog):
    def __init__(self, error: BaseException, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Obambu ran into a problem"))
        intro = QLabel(
            self.tr(
                "Something went wrong inside Obambu. Nothing was lost: what was saved stays "
                "saved. Save this report to a stick and send it to whoever supports Obambu."
            )
        )
        intro.setWordWrap(True)
        self.report = QPlainTextEdit(report_text(error))
        self.report.setAccessibleName(self.tr("What happened, for the technician"))
        self.report.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = buttons.addButton(
            self.tr("Save the report…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_button.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.report)
        layout.addWidget(self.outcome)
        layout.addWidget(buttons)
        fit_window(self, ems(self, 80), self.fontMetrics().lineSpacing() * 26)
        self.saved: Path | None = None

    def save(self) -> None:
        name = f"obambu-report-{time.strftime('%Y%m%d-%H%M%S')}.txt"
        path = files.save_file(self, self.tr("Save the report"), name)
        if not path:
            return
        try:
            Path(path).write_text(self.report.toPlainText(), encoding="utf-8")
        except OSError as exc:  # a stick full or read-only: say so here, the report stays open
            why = exc.strerror or type(exc).__name__
            text = self.tr("The report could not be saved there ({reason}). Choose another place.")
            self.outcome.setText(fill(text, {"reason": why}))
            return
        self.saved = Path(path)
        self.outcome.setText(fill(self.tr("The report is saved in {file}."), {"file": str(path)}))
