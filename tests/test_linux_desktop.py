"""Linux desktop integration of the zip: the menu entry, icon and AppStream description
(packaging/linux/, laid out by packaging/build.py), and the script a clerk runs to put Obambu in
the applications menu.

The validators (desktop-file-validate, appstreamcli) run when the machine has them (Debian:
desktop-file-utils, appstream); the structure is checked everywhere.
"""

from __future__ import annotations

import configparser
import importlib.util
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINUX = ROOT / "packaging" / "linux"
APP_ID = "org.obambu.Obambu"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def build_script() -> ModuleType:
    saved = list(sys.path)
    try:
        spec = importlib.util.spec_from_file_location("obambu_build", ROOT / "packaging/build.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path[:] = saved  # it puts packaging/ first, which would hide PyPI's `packaging`


def entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def validate(tool: str, *args: str) -> None:
    if shutil.which(tool) is None:
        return
    result = subprocess.run([tool, *args], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_menu_entry_is_a_valid_desktop_file_named_for_the_app() -> None:
    path = LINUX / f"{APP_ID}.desktop"
    desktop = entry(path)
    assert desktop["Type"] == "Application"
    assert desktop["Name"] == "Obambu"
    assert desktop["Exec"] == "obambu"  # install-desktop.sh makes it this folder's program
    assert desktop["Icon"] == APP_ID
    assert desktop["Terminal"] == "false"
    assert desktop["StartupWMClass"] == "obambu"  # the window's class: the program's name
    assert "Office" in desktop["Categories"].split(";")
    assert desktop["Comment[fr]"] and desktop["GenericName[fr]"]
    validate("desktop-file-validate", str(path))


def test_the_appstream_description_is_valid_and_names_this_release() -> None:
    path = LINUX / f"{APP_ID}.metainfo.xml"
    component = ET.parse(path).getroot()
    assert component.tag == "component"
    assert component.get("type") == "desktop-application"
    assert component.findtext("id") == APP_ID
    assert component.findtext("metadata_license") == "CC0-1.0"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert component.findtext("project_license") == project["license"]
    assert component.findtext("name") == "Obambu"
    launchable = component.find("launchable")
    assert launchable is not None and launchable.get("type") == "desktop-id"
    assert launchable.text == f"{APP_ID}.desktop"
    summaries = {s.get(XML_LANG, "en"): s.text for s in component.findall("summary")}
    assert set(summaries) == {"en", "fr"}
    description = component.find("description")
    assert description is not None
    paragraphs = {p.get(XML_LANG, "en") for p in description.findall("p")}
    assert paragraphs == {"en", "fr"}
    provides = component.find("provides")
    assert provides is not None and provides.findtext("binary") == "obambu"
    releases = [r.get("version") for r in component.iterfind("releases/release")]
    assert releases[0] == VERSION, "add this version to the metainfo's <releases>"
    validate("appstreamcli", "validate", "--no-net", str(path))


def test_a_clerk_adds_obambu_to_the_menu_and_takes_it_away(tmp_path: Path) -> None:
    folder = tmp_path / "Mes programmes" / "obambu"  # a space in the path, as on many laptops
    folder.mkdir(parents=True)
    (folder / "obambu").write_text("#!/bin/sh\n")
    build_script().linux_desktop(folder)
    for part in [
        f"share/applications/{APP_ID}.desktop",
        f"share/metainfo/{APP_ID}.metainfo.xml",
        f"share/icons/hicolor/256x256/apps/{APP_ID}.png",
        f"share/icons/hicolor/scalable/apps/{APP_ID}.svg",
    ]:
        assert (folder / part).is_file(), part
    data = tmp_path / "home-data"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_DATA_HOME": str(data)}
    run = subprocess.run([str(folder / "install-desktop.sh")], env=env, capture_output=True,
                         text=True, check=True)  # fmt: skip
    assert "applications menu" in run.stdout
    installed = data / "applications" / f"{APP_ID}.desktop"
    assert entry(installed)["Exec"] == f'"{folder}/obambu"'
    assert (data / "icons/hicolor/256x256/apps" / f"{APP_ID}.png").read_bytes() == (
        ROOT / "packaging/obambu.png"
    ).read_bytes()
    assert (data / "icons/hicolor/scalable/apps" / f"{APP_ID}.svg").is_file()
    assert (data / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    validate("desktop-file-validate", str(installed))
    subprocess.run([str(folder / "install-desktop.sh"), "--remove"], env=env, check=True,
                   capture_output=True)  # fmt: skip
    assert not installed.exists()
    assert not (data / "icons/hicolor/256x256/apps" / f"{APP_ID}.png").exists()


@pytest.mark.parametrize("name", ['pro"grammes', "pro$grammes", "100%"])
def test_a_folder_the_menu_cannot_name_is_refused_plainly(tmp_path: Path, name: str) -> None:
    folder = tmp_path / name / "obambu"
    folder.mkdir(parents=True)
    build_script().linux_desktop(folder)
    data = tmp_path / "home-data"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_DATA_HOME": str(data)}
    run = subprocess.run([str(folder / "install-desktop.sh")], env=env, capture_output=True,
                         text=True)  # fmt: skip
    assert run.returncode == 1
    assert "Move the Obambu folder" in run.stderr
    assert not (data / "applications").exists()
