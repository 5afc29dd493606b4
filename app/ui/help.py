"""Help that needs no internet: one short page per screen (app/ui/help/<language>/<screen>.html),
shown by F1 for the screen in front, and the list of keyboard shortcuts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLocale
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMenu,
    QMenuBar,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.ui.fit import fit_window

HERE = Path(__file__).resolve().parent / "help"
LANGUAGES = ("fr", "en")


def language() -> str:
    """The language the screens speak now (app/ui/i18n.install sets the default locale)."""
    code = QLocale().name().split("_")[0]
    return code if code in LANGUAGES else "en"


def page(screen: str, lang: str) -> Path:
    """The help page of `screen` (its module's name, such as "forum") in `lang`."""
    return HERE / lang / f"{screen}.html"


class HelpDialog(QDialog):
    def __init__(self, screen: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Obambu help"))
        # In lines and characters, not pixels: the text size and the display's scale follow.
        metrics = self.fontMetrics()
        # Or what the screen has: 26 lines are taller than 1366×768 at 150 % leaves.
        fit_window(self, metrics.averageCharWidth() * 72, metrics.lineSpacing() * 26)
        self.screen_name = screen
        self.browser = QTextBrowser()
        self.browser.setAccessibleName(self.tr("Help page"))
        self.browser.setOpenLinks(False)  # the pages are local and have no links to follow
        source = page(screen, language())
        if source.is_file():
            self.browser.setHtml(source.read_text(encoding="utf-8"))
        else:  # a screen without its page yet: say so rather than show an empty window
            self.browser.setPlainText(self.tr("This screen has no help page yet."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)


class ShortcutsDialog(QDialog):
    """Every shortcut of the menus, read from the actions themselves so the list is never
    out of date, and how Tab moves through a screen."""

    def __init__(self, menus: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        rows: list[tuple[str, str]] = []
        for menu in menus.findChildren(QMenu):
            for action in menu.actions():
                if not action.shortcut().isEmpty():
                    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                    rows.append((action.text().replace("&", ""), keys))
        rows.append((self.tr("Next field or button"), self.tr("Tab")))
        rows.append((self.tr("Previous field or button"), self.tr("Shift+Tab")))
        self.table = QTableWidget(len(rows), 2)
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Keys")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (what, keys) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(what))
            self.table.setItem(row, 1, QTableWidgetItem(keys))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 60, metrics.lineSpacing() * 24)
