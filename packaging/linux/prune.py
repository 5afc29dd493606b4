"""What the one-folder build leaves out: Qt plugins and Python modules a town-hall laptop never
loads, and then, on Linux, every shared library that only they needed.

PyInstaller collects each Qt plugin with the libraries it links, taken from the build machine;
dropping a plugin from the list leaves those behind. The GTK theme alone brought cairo, pango,
GIO and their kin (about 9 MB). So the libraries the dropped pieces needed (readelf's NEEDED,
followed through) are dropped too, unless something kept still needs them. Windows' DLLs are
left to PyInstaller: only the plugins are dropped there.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import PurePosixPath

# (folder, name without "lib" and extension), as Qt and Python name them on either system.
UNUSED_PLUGINS = {
    # Qt's own dialogs instead of GTK's; the portal theme (small, D-Bus only) stays.
    "platformthemes": {"qgtk3"},
    # Only xcb (the desktop), windows, and offscreen (the self-test) are ever used.
    "platforms": {"qlinuxfb", "qminimal", "qminimalegl", "qvkkhrdisplay", "qvnc", "qdirect2d"},
    "generic": {"qevdevkeyboardplugin", "qevdevmouseplugin", "qevdevtabletplugin",
                "qevdevtouchplugin", "qtuiotouchplugin"},  # fmt: skip
    # Clerks' photos and scans are JPEG or PNG; icons SVG or ICO.
    "imageformats": {"qicns", "qtga", "qtiff", "qwbmp", "qwebp"},
}
# Python extension modules never imported: the terminal's line editor, Chinese, Japanese and
# Korean codecs, Pillow's Tk bridge.
UNUSED_MODULES = re.compile(
    r"(^|/)(readline|_codecs_(cn|hk|jp|kr|tw|iso2022)|_imagingtk)\.(cpython-[^/]*\.so|pyd)$"
)
# Qt's embedded-board display (EGLFS), which nothing kept loads.
UNUSED_LIBRARIES = ("libQt6EglFSDeviceIntegration", "Qt6EglFSDeviceIntegration")

Entry = tuple[str, str, str]  # PyInstaller's (destination, source, kind)


def unused(destination: str) -> bool:
    path = PurePosixPath(destination.replace("\\", "/"))
    stem = path.name.split(".", 1)[0].removeprefix("lib")
    if path.parent.name in UNUSED_PLUGINS and "plugins" in path.parts:
        return stem in UNUSED_PLUGINS[path.parent.name]
    return bool(UNUSED_MODULES.search(path.as_posix())) or path.name.startswith(UNUSED_LIBRARIES)


def needed(source: str) -> list[str]:
    """The libraries an ELF file names as NEEDED."""
    out = subprocess.run(["readelf", "-d", source], capture_output=True, text=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", out)


def prune(binaries: Iterable[Entry]) -> tuple[list[Entry], list[Entry]]:
    """(kept, dropped): the unused pieces, and on Linux the libraries only they needed."""
    entries = list(binaries)
    dropped = [e for e in entries if unused(e[0])]
    if sys.platform != "linux" or not dropped:
        return [e for e in entries if e not in dropped], dropped
    by_name: dict[str, Entry] = {}
    for entry in entries:  # a library by its file name; the file rather than a link to it
        name = PurePosixPath(entry[0]).name
        if entry[2] != "SYMLINK" or name not in by_name:
            by_name[name] = entry
    links = {e: [by_name[n] for n in needed(e[1]) if n in by_name] for e in entries}

    def closure(roots: Iterable[Entry]) -> set[Entry]:
        seen: set[Entry] = set()
        stack = list(roots)
        while stack:
            entry = stack.pop()
            if entry not in seen:
                seen.add(entry)
                stack += links[entry]
        return seen

    # Candidates: what the dropped pieces needed. One goes only if nothing else still needs it.
    candidates = closure(dropped) - set(dropped)
    still = closure(e for e in entries if e not in candidates and e not in dropped)
    dropped += sorted(candidates - still)
    gone = {PurePosixPath(e[0]).name for e in dropped}
    dropped += [e for e in entries if e[2] == "SYMLINK" and PurePosixPath(e[0]).name in gone
                and e not in dropped]  # fmt: skip
    return [e for e in entries if e not in dropped], dropped
