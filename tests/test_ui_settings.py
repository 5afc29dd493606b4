"""Settings: the language and text size are kept, a damaged file falls back to the defaults."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.ui.settings import Settings, SettingsPage


def test_language_and_size_are_saved_and_applied(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = SettingsPage(tmp_path)
    qtbot.addWidget(page)
    assert page.language.currentData() == "fr"  # French first
    page.language.setCurrentIndex(page.language.findData("en"))
    assert "next start" in page.note.text()
    page.font_size.setValue(14)
    assert QApplication.font().pointSize() == 14
    saved = json.loads(Settings.path().read_text(encoding="utf-8"))
    assert saved == {"language": "en", "font_size": 14}
    assert Settings.load() == Settings("en", 14)
    page.font_size.setValue(11)


def test_a_damaged_settings_file_gives_the_defaults() -> None:
    Settings.path().parent.mkdir(parents=True, exist_ok=True)
    Settings.path().write_text("{not json", encoding="utf-8")
    assert Settings.load() == Settings()
    Settings.path().write_text('{"language": "xx", "font_size": 99}', encoding="utf-8")
    assert Settings.load() == Settings("fr", 20)
