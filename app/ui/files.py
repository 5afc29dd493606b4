"""The one place the screens open a file dialog: to choose a file, a name to save under, or a
folder (a USB stick).

Each dialog starts where the person is likely to want it: the folder they used last time (kept
in the settings, so it survives a restart), else a USB stick that is plugged in, else their
Documents folder, and never the folder the program runs from, which is what Qt falls back to
and where nobody keeps their files. A folder asked for is most often the stick itself: that
dialog starts on a plugged stick first.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QStorageInfo
from PySide6.QtWidgets import QFileDialog, QWidget

from app.sync.stick import ROOT
from app.ui.settings import Settings

# Where removable drives are mounted (Linux desktops, macOS): QStorageInfo does not say which
# volume is removable, so a stick is recognised by where it is mounted, or by its OBAMBU folder.
REMOVABLE_MOUNTS = ("/media/", "/run/media/", "/Volumes/")


def documents() -> Path:
    """The person's Documents folder (their home when the system has none)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()


def plugged_stick() -> Path | None:
    """A writable USB stick that is plugged in, one carrying an OBAMBU folder first."""
    candidates: list[Path] = []
    for volume in QStorageInfo.mountedVolumes():
        if not (volume.isValid() and volume.isReady()) or volume.isReadOnly():
            continue
        root = Path(volume.rootPath())
        if (root / ROOT).is_dir():
            return root
        removable = sys.platform != "win32" and str(root).startswith(REMOVABLE_MOUNTS)
        if removable:
            candidates.append(root)
    return candidates[0] if candidates else None


def start_folder(stick_first: bool = False) -> Path:
    """Where the next dialog opens: the last folder used, else a plugged stick, else Documents.
    A folder asked for is most often the stick itself: `stick_first` puts a plugged one first."""
    stick = plugged_stick()
    if stick_first and stick is not None:
        return stick
    last = Settings.load().last_folder
    if last and Path(last).is_dir():
        return Path(last)
    return stick or documents()


def remember(chosen: Path) -> None:
    """The folder of what was chosen, for the next dialog, this run and the next."""
    folder = chosen if chosen.is_dir() else chosen.parent
    settings = Settings.load()
    settings.last_folder = str(folder)
    settings.save()


def open_file(parent: QWidget | None, title: str, kinds: str = "") -> Path | None:
    """A file to read (`kinds`: Qt's filter, "PDF (*.pdf)"), or None when cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, title, str(start_folder()), kinds)
    return _chosen(path)


def save_file(parent: QWidget | None, title: str, name: str, kinds: str = "") -> Path | None:
    """A file to write, proposed as `name` in the start folder, or None when cancelled."""
    path, _ = QFileDialog.getSaveFileName(parent, title, str(start_folder() / name), kinds)
    return _chosen(path)


def folder(parent: QWidget | None, title: str) -> Path | None:
    """A folder (most often a USB stick), or None when cancelled."""
    path = QFileDialog.getExistingDirectory(parent, title, str(start_folder(stick_first=True)))
    return _chosen(path)


def _chosen(path: str) -> Path | None:
    if not path:
        return None
    chosen = Path(path)
    remember(chosen)
    return chosen
