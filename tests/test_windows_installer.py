"""The Windows program and its installer (packaging/windows/): what can be read without Windows.

The installer itself is installed, started and uninstalled under Wine by
`make package-check-windows` (packaging/check_windows.py, about 30 s): these are the fast
checks of the NSIS script, its French and English texts, the version resource and the list of
files the uninstaller removes. When makensis and mingw-w64 are on the machine, the installer
is also built here.
"""

from __future__ import annotations

import re
import shutil
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.sync.discovery import PORT as DISCOVERY_PORT
from app.sync.lan import SYNC_PORT
from app.ui.devices import API_PORT
from app.version import version

WINDOWS = Path(__file__).resolve().parents[1] / "packaging" / "windows"
saved = list(sys.path)
sys.path.insert(0, str(WINDOWS))
try:
    import assemble  # it adds its own folder and the repository to sys.path: undone below
    import version_info
finally:
    sys.path[:] = saved

SCRIPT = (WINDOWS / "obambu.nsi").read_text(encoding="utf-8")
CODE = "\n".join(line for line in SCRIPT.splitlines() if not line.lstrip().startswith(";"))
NBSP = "\u202f"


def section(title: str) -> str:
    """The body of one NSIS section, from its header to SectionEnd."""
    start = SCRIPT.index(f"Section {title}")
    return SCRIPT[start : SCRIPT.index("SectionEnd", start)]


def texts(language: str) -> dict[str, str]:
    source = (WINDOWS / f"lang_{language}.nsh").read_text(encoding="utf-8")
    return dict(re.findall(r'^LangString (\w+) \$\{LANG_\w+\} "(.*)"$', source, re.M))


def test_installs_for_the_user_alone_without_administrator_rights() -> None:
    assert "RequestExecutionLevel user" in SCRIPT
    assert 'InstallDir "$LOCALAPPDATA\\Programs\\Obambu"' in SCRIPT
    assert "HKLM" not in CODE and "$PROGRAMFILES" not in CODE
    assert "SetShellVarContext all" not in CODE  # shortcuts in the user's own menu
    program = section('"Obambu" SecProgram')
    assert '"$SMPROGRAMS\\${APP}.lnk" "$INSTDIR\\obambu.exe"' in program
    for value in ("DisplayName", "DisplayVersion", "UninstallString", "QuietUninstallString"):
        assert f'WriteRegStr HKCU "${{UNINSTALL_KEY}}" "{value}"' in program
    assert '"$DESKTOP\\${APP}.lnk" "$INSTDIR\\obambu.exe"' in section('"$(SEC_DESKTOP)"')


def test_the_uninstaller_removes_the_program_by_name_and_never_the_profile() -> None:
    uninstall = section('"Uninstall"')
    assert "!insertmacro ProgramFilesRemove" in uninstall
    assert 'RMDir "$INSTDIR"' in uninstall  # only when empty: a portable profile\ keeps it
    assert "RMDir /r" not in uninstall and "*.*" not in uninstall
    assert not re.search(r"profile(?!=)", CODE) and "$APPDATA" not in CODE
    assert not re.search(r"\$LOCALAPPDATA\\obambu", CODE, re.I)  # the profile's folder


def test_the_removal_list_is_the_build_s_own_files_and_refuses_a_user_s_data(
    tmp_path: Path,
) -> None:
    build = tmp_path / "obambu"
    (build / "_internal").mkdir(parents=True)
    (build / "obambu.exe").touch()
    with pytest.raises(SystemExit, match=r"no obambu-debug\.exe"):
        assemble.program_files(build)
    (build / "obambu-debug.exe").touch()
    assert assemble.program_files(build).splitlines() == [
        "!macro ProgramFilesRemove",
        '  RMDir /r "$INSTDIR\\_internal"',
        '  Delete "$INSTDIR\\obambu-debug.exe"',
        '  Delete "$INSTDIR\\obambu.exe"',
        "!macroend",
    ]
    (build / "profile").mkdir()  # a portable folder someone used: not a build to install
    with pytest.raises(SystemExit, match="user's data"):
        assemble.program_files(build)


def test_the_firewall_asks_for_an_administrator_only_when_ticked() -> None:
    firewall = section('/o "$(SEC_FIREWALL)" SecFirewall')  # /o: unticked by default
    assert SCRIPT.count('"runas"') == 2  # this step, and its undoing on uninstall
    assert 'ExecShellWait "runas" "$SYSDIR\\cmd.exe"' in firewall
    rules = re.findall(
        r'add rule name="\$\{(\w+)\}" dir=in action=allow program="\$INSTDIR\\obambu.exe" '
        r"protocol=(TCP|UDP) localport=(\d+) profile=private,domain",
        firewall,
    )
    names = dict(re.findall(r'!define (RULE_\w+) "(.*)"', SCRIPT))
    assert {(protocol, int(port)) for _, protocol, port in rules} == {
        ("TCP", SYNC_PORT),
        ("UDP", DISCOVERY_PORT),
        ("TCP", API_PORT),
    }
    for name, protocol, port in rules:
        assert f"{protocol} {port}" in names[name]
        assert f'delete rule name="${{{name}}}"' in firewall  # a reinstall makes no copies
    assert '"$(UNINSTALL_FIREWALL)" /SD IDNO' in section('"Uninstall"')  # silent: no prompt


def test_french_and_english_texts_match_and_read_as_french() -> None:
    french, english = texts("fr"), texts("en")
    used = set(re.findall(r"\$\((\w+)\)", SCRIPT))
    assert used == set(french) == set(english)
    assert '!insertmacro MUI_LANGUAGE "French"' in SCRIPT
    assert '!insertmacro MUI_LANGUAGE "English"' in SCRIPT
    for text in french.values():
        assert not re.search(r"[^\u202f][:;?!]", text.replace("«\u202f", "")), text
        assert not re.search(r"\bclé\b(?! (USB|de signature))", text), text
    assert any(NBSP + "?" in text for text in french.values())
    assert not any(NBSP in text for text in english.values())


def test_the_version_resource_follows_the_package_version() -> None:
    assert version_info.numbers("0.1.0") == (0, 1, 0, 0)
    assert version_info.numbers("1.2") == (1, 2, 0, 0)
    assert version_info.numbers("0.2.0.dev3+g1a2b") == (0, 2, 0, 3)
    assert version_info.numbers("2.0rc1") == (2, 0, 0, 1)
    assert version_info.numbers("70000.1.0") == (0xFFFF, 1, 0, 0)

    made: dict[str, object] = {}

    def record(kind: str) -> Callable[..., Any]:
        def build(*args: object, **kwargs: object) -> tuple[str, tuple[object, ...], Any]:
            if kind == "StringStruct":
                made[str(args[0])] = args[1]
            return kind, args, kwargs

        return build

    names = ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct")
    scope = {name: record(name) for name in (*names, "VarFileInfo", "VarStruct")}
    text = version_info.pyinstaller_text("0.2.0.dev3", "obambu-debug")
    resource = eval(text, scope)  # PyInstaller reads the file the same way
    assert resource[2]["ffi"][2]["filevers"] == (0, 2, 0, 3)
    assert made["ProductVersion"] == "0.2.0.dev3"
    assert made["OriginalFilename"] == "obambu-debug.exe"
    rc = version_info.rc_text("0.2.0.dev3", "obambu", icon="obambu.ico")
    assert "FILEVERSION 0,2,0,3" in rc and '1 ICON "obambu.ico"' in rc


def run_spec(platform: str, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """obambu.spec run as PyInstaller runs it, on the given platform, with PyInstaller's
    classes recording what they are given: the programs (EXE) it asks for."""
    programs: list[dict[str, Any]] = []

    class Analysis:
        def __init__(self, *args: object, **kwargs: object) -> None:
            self.datas: list[tuple[str, str, str]] = []
            self.binaries: list[tuple[str, str, str]] = []
            self.pure: list[object] = []
            self.scripts: list[object] = []

    def exe(*args: object, **kwargs: Any) -> dict[str, Any]:
        programs.append(kwargs)
        return kwargs

    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_data_files = lambda name: []  # type: ignore[attr-defined]
    hooks.collect_submodules = lambda name: []  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(sys, "path", list(sys.path))  # the spec adds its folders
    spec = WINDOWS.parent / "obambu.spec"
    scope = {"SPECPATH": str(spec.parent), "Analysis": Analysis, "PYZ": lambda pure: pure,
             "EXE": exe, "COLLECT": lambda *args, **kwargs: None}  # fmt: skip
    exec(compile(spec.read_text(encoding="utf-8"), str(spec), "exec"), scope)
    return programs


def test_the_spec_builds_a_windowed_program_and_a_debug_console_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    windows = run_spec("win32", monkeypatch)
    assert [(p["name"], p["console"]) for p in windows] == [
        ("obambu", False),  # a double click opens no console window
        ("obambu-debug", True),
    ]
    for program in windows:
        assert program["icon"].endswith("obambu.ico")
        resource = Path(program["version"]).read_text(encoding="utf-8")
        assert f"'OriginalFilename', '{program['name']}.exe'" in resource
        assert f"'ProductVersion', '{version()}'" in resource
    linux = run_spec("linux", monkeypatch)
    assert [(p["name"], p["console"]) for p in linux] == [("obambu", True)]


@pytest.mark.skipif(
    not (shutil.which("makensis") and shutil.which("x86_64-w64-mingw32-gcc")),
    reason="makensis or mingw-w64 not here (make package-check-windows installs them)",
)
def test_makensis_builds_the_installer(tmp_path: Path) -> None:
    installer = assemble.build(None, tmp_path / "setup.exe")
    data = installer.read_bytes()
    assert data[:2] == b"MZ" and b"Nullsoft" in data
    assert len(data) < 2_000_000
