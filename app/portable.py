"""Portable mode: a build run from a stick keeps its profile and settings beside itself.

With a file named `obambu-portable` next to the executable, the profile, the settings and the
demo live in that folder instead of the user's data folders; nothing is written on the laptop.
An update replaces the program files and leaves `profile/` and `config/` as they are.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

MARKER = "obambu-portable"


def program_folder() -> Path:
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parents[1]


def folder() -> Path | None:
    """The portable data folder, when the marker is there."""
    here = program_folder()
    return here if (here / MARKER).exists() else None


def apply() -> None:
    """Points settings at the portable folder (before anything reads them)."""
    base = folder()
    if base is not None:
        os.environ.setdefault("OBAMBU_CONFIG_DIR", str(base / "config"))
        os.environ.setdefault("OBAMBU_DATA_DIR", str(base))


def release_keys() -> Path:
    """The public release keys this build trusts (packaging/release-keys.txt, bundled)."""
    bundled = Path(getattr(sys, "_MEIPASS", "")) / "release-keys.txt"
    if getattr(sys, "frozen", False) and bundled.is_file():
        return bundled
    return Path(__file__).resolve().parents[1] / "packaging" / "release-keys.txt"
