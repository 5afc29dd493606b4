"""Loading the translations: ours (Qt Linguist .ts in the repository, .qm built by make) and
Qt's own, so that standard buttons and dialogs speak the same language."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

HERE = Path(__file__).resolve().parent / "i18n"
LANGUAGES = {"fr": "Français", "en": "English"}
DEFAULT = "fr"

_installed: list[QTranslator] = []


def source(language: str) -> Path:
    return HERE / f"obambu_{language}.ts"


def compiled(language: str) -> Path:
    return HERE / f"obambu_{language}.qm"


def install(app: QCoreApplication, language: str = DEFAULT) -> None:
    """Switches the application to `language`. English loads only its plural forms: the
    source strings are English already."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(QLocale(language))
    ours = QTranslator(app)
    if not compiled(language).exists():
        build(language)
    if ours.load(str(compiled(language))):
        app.installTranslator(ours)
        _installed.append(ours)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)


def build(language: str) -> None:
    """Compiles the .ts into the .qm the app loads (make does this; a checkout run may not)."""
    tool = Path(sys.executable).with_name("pyside6-lrelease")
    subprocess.run(
        [str(tool), "-silent", str(source(language)), "-qm", str(compiled(language))], check=True
    )
