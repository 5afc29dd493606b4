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
    page.font_size.setValue(14)
    assert QApplication.font().pointSize() == 14
    saved = json.loads(Settings.path().read_text(encoding="utf-8"))
    assert (saved["language"], saved["font_size"]) == ("en", 14)
    assert Settings.load() == Settings("en", 14)
    page.font_size.setValue(11)
    page.language.setCurrentIndex(page.language.findData("fr"))
    page.language.setCurrentIndex(page.language.findData("en"))  # back to the tests' language


def test_changing_the_language_rebuilds_the_window_in_it(qtbot, net, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from app.core.node.node import Node
    from app.ui.window import MainWindow
    from app.ui.worker import Worker

    Settings("en", 11).save()  # the tests speak English; the window starts so
    home = net.nodes[0].home
    net.nodes[0].close()
    worker = Worker()
    worker.open(lambda: Node.open(home, "pass phrase"))
    window = MainWindow(worker, tmp_path)
    qtbot.addWidget(window)
    window.show()
    try:
        assert window.nav.item(0).text() == "Home"
        window.nav.setCurrentRow(window.stack.indexOf(window.settings))
        window.settings.language.setCurrentIndex(window.settings.language.findData("fr"))
        rebuilt = window.successor
        assert rebuilt is not None and rebuilt.isVisible() and not window.isVisible()
        qtbot.addWidget(rebuilt)
        assert rebuilt.nav.item(0).text() == "Accueil"
        assert rebuilt.stack.currentWidget() is rebuilt.settings  # still on Settings
        assert worker.pending >= 0 and rebuilt.worker is worker  # same profile, still open
        rebuilt.settings.language.setCurrentIndex(rebuilt.settings.language.findData("en"))
    finally:
        worker.stop()
        net.nodes[0] = Node.open(home, "pass phrase")


def test_a_damaged_settings_file_gives_the_defaults() -> None:
    Settings.path().parent.mkdir(parents=True, exist_ok=True)
    Settings.path().write_text("{not json", encoding="utf-8")
    assert Settings.load() == Settings()
    Settings.path().write_text('{"language": "xx", "font_size": 99}', encoding="utf-8")
    assert Settings.load() == Settings("fr", 20)
