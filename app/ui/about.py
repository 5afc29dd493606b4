"""About Obambu: its version, its licence, and where this laptop keeps its data, with a button
that opens that folder (what a person needs to back it up or to tell a technician)."""

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
        where = QLabel(self.tr("Your data is kept in this folder:"))
        self.folder = QLabel(str(self.data_folder))
        self.folder.setWordWrap(True)
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder.setAccessibleName(self.tr("Data folder"))
        self.open_folder = QPushButton(icon("folder"), self.tr("Open this folder"))
        self.open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.data_folder)))
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (logo, title, purpose, self.licence, credits, where, self.folder):
            layout.addWidget(widget)
        layout.addWidget(self.open_folder, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 64, self.sizeHint().height())
