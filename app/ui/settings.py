"""Settings: language, text size and where the data lives, kept in the user's config folder."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

import platformdirs
from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from app.core.atomic import write_atomic
from app.ui import i18n

FONT_SIZES = (9, 20)


@dataclass
class Settings:
    language: str = i18n.DEFAULT
    font_size: int = 11
    last_folder: str = ""  # where the last file dialog was left (app/ui/files.py)
    # The window as it was last closed (QMainWindow.saveGeometry, in base64) and the screen
    # in front then (its module's name, app/ui/menus.py): the next start reopens there.
    geometry: str = ""
    last_screen: str = ""
    sidebar: int = 0  # the sidebar's width as it was left (app/ui/window.py); 0: its names'

    @staticmethod
    def path() -> Path:
        folder = os.environ.get("OBAMBU_CONFIG_DIR") or platformdirs.user_config_dir(
            "obambu", appauthor=False
        )
        return Path(folder) / "settings.json"

    @classmethod
    def load(cls) -> Settings:
        try:
            data = json.loads(cls.path().read_text(encoding="utf-8"))
            settings = cls(str(data["language"]), int(data["font_size"]))
            settings.last_folder = str(data.get("last_folder", ""))
            settings.geometry = str(data.get("geometry", ""))
            settings.last_screen = str(data.get("last_screen", ""))
            settings.sidebar = max(0, int(data.get("sidebar", 0)))
        except (OSError, ValueError, KeyError, TypeError):
            return cls()  # missing or damaged: the defaults, and the next save repairs it
        if settings.language not in i18n.LANGUAGES:
            settings.language = i18n.DEFAULT
        settings.font_size = min(max(settings.font_size, FONT_SIZES[0]), FONT_SIZES[1])
        return settings

    def save(self) -> None:
        self.path().parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path(), json.dumps(asdict(self), indent=2).encode("utf-8"))


def apply_font(size: int) -> None:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        font = QFont(app.font())
        font.setPointSize(size)
        app.setFont(font)


class SettingsPage(QWidget):
    language_changed = Signal(str)

    def __init__(self, data_folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = Settings.load()
        self.data_folder = data_folder
        self.language = QComboBox()
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(list(i18n.LANGUAGES).index(self.settings.language))
        self.language.currentIndexChanged.connect(self._language)
        self.font_size = QSpinBox()
        self.font_size.setRange(*FONT_SIZES)
        self.font_size.setValue(self.settings.font_size)
        self.font_size.valueChanged.connect(self._font)
        self.folder = QLabel(str(data_folder))
        self.folder.setWordWrap(True)
        open_folder = QPushButton(self.tr("Open the data folder"))
        open_folder.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.data_folder)))
        )
        form = QFormLayout(self)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Text size"), self.font_size)
        form.addRow(self.tr("Data folder"), self.folder)
        form.addRow("", open_folder)

    def _language(self, index: int) -> None:
        self.settings = Settings.load()  # what was saved since (the last folder, the window)
        self.settings.language = str(self.language.itemData(index))
        self.settings.save()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            i18n.install(app, self.settings.language)
        self.language_changed.emit(self.settings.language)

    def _font(self, size: int) -> None:
        self.settings = Settings.load()
        self.settings.font_size = size
        self.settings.save()
        apply_font(size)
