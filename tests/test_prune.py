"""packaging/linux/prune.py: what the build leaves out, and that a library something kept still
needs is never among it (the frozen self-test and package-check's window prove the rest)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def prune_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("obambu_prune", ROOT / "packaging/linux/prune.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("destination", "dropped"),
    [
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", True),
        ("PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so", False),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", False),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", False),  # the self-test's
        ("PySide6/Qt/plugins/platforms/libqvnc.so", True),
        ("PySide6\\plugins\\platforms\\qwindows.dll", False),
        ("PySide6\\plugins\\platforms\\qdirect2d.dll", True),
        ("PySide6\\plugins\\imageformats\\qtiff.dll", True),
        ("PySide6/Qt/plugins/imageformats/libqjpeg.so", False),
        ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", False),  # printing
        ("python3.11/lib-dynload/_codecs_jp.cpython-311-x86_64-linux-gnu.so", True),
        ("python3.11/lib-dynload/unicodedata.cpython-311-x86_64-linux-gnu.so", False),
        ("_codecs_kr.pyd", True),
        ("readline.cpython-311-x86_64-linux-gnu.so", True),
    ],
)
def test_what_a_town_hall_never_loads_is_left_out(destination: str, dropped: bool) -> None:
    assert prune_module().unused(destination) is dropped


def test_a_library_goes_with_the_plugin_only_when_nothing_kept_needs_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    prune = prune_module()
    links = {
        "gtk3": ["libcairo.so.2", "libglib-2.0.so.0"],
        "cairo": ["libpixman-1.so.0"],
        "pixman": [],
        "glib": [],
        "xcb": ["libglib-2.0.so.0"],  # still needed by a kept plugin
    }
    monkeypatch.setattr(prune, "needed", lambda source: links[source])
    monkeypatch.setattr(sys, "platform", "linux")
    entries = [
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "gtk3", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "xcb", "BINARY"),
        ("libcairo.so.2", "cairo", "BINARY"),
        ("libpixman-1.so.0", "pixman", "BINARY"),
        ("libglib-2.0.so.0", "glib", "BINARY"),
    ]
    kept, dropped = prune.prune(entries)
    assert [e[1] for e in kept] == ["xcb", "glib"]
    assert sorted(e[1] for e in dropped) == ["cairo", "gtk3", "pixman"]
