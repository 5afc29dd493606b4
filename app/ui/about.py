"""About Obambu: its version, its licence, and where this laptop keeps its data, with a button
that opens that folder (what a person needs to back it up or to tell a technician), and the log
file, which a technician asks for when something went wrong: on Windows the program has no
console, so this is the one place that says where its messages went."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import logs
from app.ui.fit import ems, scrolled_dialog
from app.ui.icons import app_icon, icon
from app.ui.plain import fill
from app.version import version

LICENCE = "GPL-3.0-or-later"


class AboutDialog(QDialog):
    def __init__(self, data_folder: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_folder = data_folder or Path.home()  # as the Settings screen shows it
        self.setWindowTitle(self.tr("About Obambu"))
        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(64, 64))
        title = QLabel(fill(self.tr("Obambu {version}"), version=version()))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        purpose = QLabel(self.tr("The communes of a network work together, even without internet."))
        purpose.setWordWrap(True)
        self.licence = QLabel(
            fill(
                self.tr(
                    "Free software under the GNU General Public License, version 3 or later"
                    " ({licence})."
                ),
                licence=LICENCE,
            )
        )
        self.licence.setWordWrap(True)
        credits = QLabel(self.tr("Icons: Lucide (ISC licence)."))
        letters = QLabel(self.tr("Letters of the printed papers: DejaVu (free licence)."))
        where = QLabel(self.tr("Your data is kept in this folder:"))
        self.folder = QLabel(str(self.data_folder))
        self.folder.setWordWrap(True)
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder.setAccessibleName(self.tr("Data folder"))
        self.open_folder = QPushButton(icon("folder"), self.tr("Open this folder"))
        self.open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.data_folder)))
        )
        self.log_file = logs.current() or logs.folder() / logs.FILE
        log_where = QLabel(self.tr("If something goes wrong, a technician may ask for this file:"))
        log_where.setWordWrap(True)
        self.log = QLabel(str(self.log_file))
        self.log.setWordWrap(True)
        self.log.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.log.setAccessibleName(self.tr("Log file"))
        self.open_log = QPushButton(icon("folder"), self.tr("Open the folder of this file"))
        self.open_log.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.log_file.parent)))
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        body = QWidget()
        layout = QVBoxLayout(body)
        for widget in (logo, title, purpose, self.licence, credits, letters, where, self.folder):
            layout.addWidget(widget)
        layout.addWidget(self.open_folder, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(log_where)
        layout.addWidget(self.log)
        layout.addWidget(self.open_log, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.setMinimumWidth(ems(self, 64))
        scrolled_dialog(self, body, buttons)  # at 150 % on a laptop it is taller than the screen
