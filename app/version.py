"""The application's version: the installed package's, or the frozen build's own file."""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path


def version() -> str:
    frozen = Path(getattr(sys, "_MEIPASS", "")) / "VERSION"
    if getattr(sys, "frozen", False) and frozen.is_file():
        return frozen.read_text().strip()  # written by packaging/obambu.spec at build time
    try:
        return metadata.version("obambu")
    except metadata.PackageNotFoundError:
        return "0+unknown"
