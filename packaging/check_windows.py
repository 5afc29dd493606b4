"""`make package-check-windows`: the Windows installer, built by makensis, run under Wine.

    python packaging/check_windows.py                      # the stand-in program (standin.c)
    python packaging/check_windows.py --folder dist/obambu # a real Windows build, when one is here

In a throwaway Wine prefix (its own HOME too, so nothing lands on this machine's desktop or
menus), as a Windows user with no administrator rights would:

1. a profile is already in %LOCALAPPDATA%\\obambu\\profile (a town hall that used Obambu before);
2. silent install on a French Windows: the program in %LOCALAPPDATA%\\Programs\\Obambu, the
   Start-menu and desktop shortcuts pointing at obambu.exe, the uninstall entry under HKCU and
   nothing under HKLM, French chosen, and no elevated step (the firewall box is unticked);
3. obambu.exe is a windowed program and obambu-debug.exe a console one, both with the version
   resource; `obambu-debug.exe --self-test` runs from the installed folder (with --folder, a
   self-test Wine cannot run is reported, not failed: the Windows runner runs it natively);
4. portable mode: obambu-portable and a profile\\ beside the program;
5. silent uninstall: shortcuts, uninstall entry and program files gone; both profiles and the
   portable marker untouched;
6. reinstall on an English Windows, with the firewall box ticked (/FIREWALL): the profiles are
   still there, English chosen, and the elevated step asked netsh for exactly the three rules
   (netsh is replaced in the prefix by a recorder: Wine has no firewall);
7. silent uninstall again: the firewall question defaults to "no", so no elevated step.
8. a person's install, when Xvfb is here: the French pages walked by keyboard on a virtual
   screen, the town hall's network ticked on the components page; French chosen and the three
   rules asked for. A picture of each page is kept in build/windows/screens/.

Without --folder the program is the stand-in of packaging/windows/standin.c, not Obambu: it
checks the installer, the layout and the launch, not Qt under Windows (a Windows machine does).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "packaging" / "windows"))

import assemble  # noqa: E402
from screen import Screen  # noqa: E402

from app.version import version  # noqa: E402

UNINSTALL = r"Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\Obambu"
FRENCH, ENGLISH = "1036", "1033"
RULES = {  # the rule's port and protocol, as the elevated step must ask for them
    "Obambu - synchronisation (TCP 7420)": ("TCP", "7420"),
    "Obambu - discovery (UDP 7421)": ("UDP", "7421"),
    "Obambu - devices (TCP 7430)": ("TCP", "7430"),
}


def tool(*names: str) -> str:
    for name in names:
        found = shutil.which(name) or (name if Path(name).is_file() else None)
        if found:
            return found
    raise SystemExit(f"{names[0]} not found: `apt-get install wine64` (make package-check-windows)")


class Wine:
    """A throwaway Wine prefix whose user is a standard user (HKCU, no elevation)."""

    def __init__(self, base: Path, display: str | None = None) -> None:
        self.wine = tool("wine", "wine64", "/usr/lib/wine/wine64")
        self.server = tool("wineserver", "/usr/lib/wine/wineserver")
        self.prefix = base / "prefix"
        (base / "home").mkdir()
        self.env = {
            **os.environ,
            "WINEPREFIX": str(self.prefix),
            "HOME": str(base / "home"),
            "WINEDEBUG": "-all",
            "WINEARCH": "win64",
            # No Mono or Gecko download prompts, no menu entries written for this machine, and
            # the prefix's own netsh.exe (the recorder, see replace_netsh) over Wine's.
            "WINEDLLOVERRIDES": "mscoree,mshtml=;winemenubuilder.exe=d;netsh.exe=n",
        }
        self.env.pop("DISPLAY", None)  # silent installs show nothing; no X server needed
        if display:
            self.env["DISPLAY"] = display
        self.run("wineboot", "--init")
        users = [p for p in (self.prefix / "drive_c" / "users").iterdir() if p.name != "Public"]
        (self.user,) = users
        self.local = self.user / "AppData" / "Local"
        self.installed = self.local / "Programs" / "Obambu"
        self.menu = self.user / "AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Obambu.lnk"
        self.desktop = self.user / "Desktop" / "Obambu.lnk"
        self.netsh_log = self.prefix / "drive_c" / "netsh.log"

    def environment(self, lang: str = "fr_FR.UTF-8", debug: str = "-all") -> dict[str, str]:
        return {**self.env, "LANG": lang, "LC_ALL": lang, "WINEDEBUG": debug,
                "QT_QPA_PLATFORM": "offscreen", "OBAMBU_KDF": "interactive"}  # fmt: skip

    def run(self, *args: str, lang: str = "fr_FR.UTF-8",
            debug: str = "-all") -> subprocess.CompletedProcess[str]:  # fmt: skip
        env = self.environment(lang, debug)
        result = subprocess.run([self.wine, *args], env=env, capture_output=True, text=True,
                                timeout=300)  # fmt: skip
        # Installers and uninstallers hand over to other processes: wait for all of them, and
        # for the registry to be written to user.reg.
        subprocess.run([self.server, "-w"], env=env, timeout=300, check=False)
        return result

    def windows_path(self, path: Path) -> str:
        return "C:\\" + str(path.relative_to(self.prefix / "drive_c")).replace("/", "\\")

    def key(self, hive: str = "user.reg") -> dict[str, str] | None:
        """The values of the uninstall key in a registry hive, or None when it is absent."""
        text = (self.prefix / hive).read_text(encoding="utf-8", errors="replace")
        match = re.search(r"^\[" + re.escape(UNINSTALL) + r"\][^\n]*\n(.*?)(?:\n\n|\Z)", text,
                          re.M | re.S)  # fmt: skip
        if match is None:
            return None
        values = {}
        for line in match.group(1).splitlines():
            if line.startswith('"'):
                name, _, value = line.partition("=")
                values[name.strip('"')] = value.strip('"')
        return values

    def replace_netsh(self) -> None:
        """netsh.exe in this prefix becomes a recorder of its command lines (Wine has no
        firewall); the check reads which rules the installer's elevated step asked for."""
        target = self.prefix / "drive_c" / "windows" / "system32" / "netsh.exe"
        subprocess.run(["x86_64-w64-mingw32-gcc", "-O2", "-s", "-o", str(target),
                        str(ROOT / "packaging" / "windows" / "netsh_recorder.c")],
                       check=True)  # fmt: skip


def fingerprint(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}  # fmt: skip


def subsystem(program: Path) -> int:
    """The PE subsystem: 2 a windowed program, 3 a console one."""
    data = program.read_bytes()
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    if data[pe : pe + 4] != b"PE\0\0":
        raise SystemExit(f"{program.name} is not a Windows program")
    return int(struct.unpack_from("<H", data, pe + 24 + 68)[0])


def expect(condition: bool, what: str) -> None:
    if not condition:
        raise SystemExit(f"FAILED: {what}")
    print(f"  ok  {what}")


def check_program(wine: Wine, standin: bool) -> None:
    window, debug = wine.installed / "obambu.exe", wine.installed / "obambu-debug.exe"
    expect(
        subsystem(window) == 2 and subsystem(debug) == 3,
        "obambu.exe is windowed (no console window), obambu-debug.exe a console program",
    )
    marker = "ProductVersion".encode("utf-16-le") + b"\0\0"
    ver = version().encode("utf-16-le")
    expect(all(marker in p.read_bytes() and ver in p.read_bytes() for p in (window, debug)),
           f"both carry the version resource ({version()})")  # fmt: skip
    result = wine.run(str(debug), "--self-test")
    out = result.stdout.replace("\r\n", "\n")
    passed = (result.returncode == 0 and out.startswith(f"Obambu {version()} self-test")
              and "all checks passed" in out)  # fmt: skip
    if not passed and not standin:
        # Qt, SQLCipher and the rest under Wine are Wine's business, not the installer's: the
        # Windows runner's self-test (release workflow) is the one that counts.
        print(f"  --  Wine could not run the real program's self-test; Windows checks it:\n"
              f"{out.rstrip()}\n{result.stderr.strip()[-2000:]}")  # fmt: skip
        return
    expect(passed, f"obambu-debug.exe --self-test from the installed folder:\n{out.rstrip()}")


def shortcut_to(link: Path, program: str) -> bool:
    data = link.read_bytes() if link.is_file() else b""
    return any(program.encode(enc) in data for enc in ("utf-16-le", "cp1252"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, help="a real Windows build (dist/obambu)")
    args = parser.parse_args()
    installer = assemble.build(args.folder)
    print("stand-in program (packaging/windows/standin.c)" if args.folder is None
          else f"the Windows build in {args.folder}")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="obambu-wine-") as tmp:
        wine = Wine(Path(tmp))
        wine.replace_netsh()
        setup = wine.prefix / "drive_c" / installer.name
        shutil.copy(installer, setup)
        profile = wine.local / "obambu" / "profile"
        profile.mkdir(parents=True)
        (profile / "obambu.db").write_bytes(os.urandom(4096))
        (profile / "backup.txt").write_text("a profile from an earlier version\n")
        kept = fingerprint(profile)

        print("install (French Windows, standard user, silent)")
        wine.run(wine.windows_path(setup), "/S")
        exe = wine.windows_path(wine.installed / "obambu.exe")
        expect((wine.installed / "obambu.exe").is_file()
               and (wine.installed / "uninstall.exe").is_file(),
               "the program is in %LOCALAPPDATA%\\Programs\\Obambu")  # fmt: skip
        expect(shortcut_to(wine.menu, exe), "Start-menu shortcut to obambu.exe")
        expect(shortcut_to(wine.desktop, exe), "desktop shortcut to obambu.exe")
        key = wine.key() or {}
        expect(key.get("DisplayName") == "Obambu" and key.get("DisplayVersion") == version()
               and "uninstall.exe" in key.get("UninstallString", "")
               and key.get("QuietUninstallString", "").endswith("/S")
               and "Programs\\\\Obambu" in key.get("InstallLocation", ""),
               "uninstall entry under HKCU (name, version, uninstaller, location)")  # fmt: skip
        expect(wine.key("system.reg") is None, "nothing under HKLM: no administrator needed")
        expect(key.get("InstallerLanguage") == FRENCH, "French installer on a French Windows")
        expect("FirewallRules" not in key and not wine.netsh_log.exists(),
               "no elevated step when the firewall box is not ticked")  # fmt: skip
        check_program(wine, standin=args.folder is None)

        (wine.installed / "obambu-portable").touch()
        (wine.installed / "profile").mkdir()
        (wine.installed / "profile" / "obambu.db").write_bytes(os.urandom(4096))
        portable = fingerprint(wine.installed / "profile")

        print("uninstall (silent)")
        wine.run(wine.windows_path(wine.installed / "uninstall.exe"), "/S")
        expect(not wine.menu.exists() and not wine.desktop.exists(), "shortcuts removed")
        expect(wine.key() is None, "uninstall entry removed")
        left = sorted(p.name for p in wine.installed.iterdir()) if wine.installed.is_dir() else []
        expect(
            left == ["obambu-portable", "profile"],
            f"program files removed, the portable marker and profile\\ kept ({left})",
        )
        expect(fingerprint(profile) == kept, "the profile in %LOCALAPPDATA%\\obambu untouched")
        expect(
            fingerprint(wine.installed / "profile") == portable, "the portable profile untouched"
        )

        print("reinstall (English Windows, firewall box ticked: /S /FIREWALL)")
        # Wine's trace of ShellExecute shows the verb: "runas" is what makes Windows ask for an
        # administrator (Wine itself runs everything as the one user and asks nothing).
        traced = wine.run(wine.windows_path(setup), "/S", "/FIREWALL", lang="en_US.UTF-8",
                          debug="-all,trace+exec")  # fmt: skip
        key = wine.key() or {}
        asked = re.findall(
            r'verb=L"runas" file=L"C:\\\\windows\\\\system32\\\\cmd\.exe"', traced.stderr
        )
        expect(len(asked) == 1, "the firewall step asks Windows for an administrator (runas), once")
        expect(key.get("DisplayVersion") == version() and shortcut_to(wine.menu, exe),
               "installed again, with its entry and shortcuts")  # fmt: skip
        expect(fingerprint(profile) == kept
               and fingerprint(wine.installed / "profile") == portable
               and (wine.installed / "obambu-portable").exists(),
               "both profiles and the portable marker survive the reinstall")  # fmt: skip
        expect(key.get("InstallerLanguage") == ENGLISH, "English installer on an English Windows")
        check_rules(wine, exe, key)
        check_program(wine, standin=args.folder is None)

        print("uninstall (silent: the firewall question defaults to no)")
        calls = wine.netsh_log.read_text().count("\n")
        wine.run(wine.windows_path(wine.installed / "uninstall.exe"), "/S")
        expect(wine.key() is None and not (wine.installed / "obambu.exe").exists(),
               "uninstalled")  # fmt: skip
        expect(wine.netsh_log.read_text().count("\n") == calls,
               "no elevated step without a yes")  # fmt: skip
        expect(fingerprint(profile) == kept, "the profile in %LOCALAPPDATA%\\obambu untouched")
        walk(installer, Path(tmp) / "walk")
    print(f"windows installer: {installer.name}, {installer.stat().st_size / (1 << 20):.1f} MB")


SCREENS = ROOT / "build" / "windows" / "screens"


def walk(installer: Path, base: Path) -> None:
    """A person's install on a French Windows, by keyboard, page by page, on a virtual screen:
    the language dialog (French offered), the welcome page, the components page where they
    tick the town hall's network, the folder, the end page. Each page's picture is kept in
    build/windows/screens/ for a person to look at."""
    if not Screen.available():
        print("walk through the pages: skipped (no Xvfb here); the silent installs checked above")
        return
    print("a person's install (French Windows, by keyboard, on a virtual screen)")
    base.mkdir()
    with Screen() as screen:
        wine = Wine(base, display=screen.display)
        wine.replace_netsh()
        person = subprocess.Popen([wine.wine, str(installer)], env=wine.environment(),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        pages = [
            ("1-langue", ["Return"]),  # French, already chosen from Windows' language
            ("2-accueil", ["Return"]),
            ("3-composants", ["Down", "Down", "space"]),  # the town hall's network, ticked
            ("4-composants-reseau", ["Return"]),
            ("5-dossier", ["Return"]),
            ("6-fin", ["space", "Return"]),  # "Lancer Obambu" unticked, then Fermer
        ]
        for name, keys in pages:
            screen.settled(SCREENS / f"fr-{name}.png")
            screen.press(*keys)
        person.wait(timeout=120)
        subprocess.run([wine.server, "-w"], env=wine.env, timeout=300, check=False)
        key = wine.key() or {}
        expect(key.get("InstallerLanguage") == FRENCH and wine.menu.is_file(),
               "installed in French through the pages")  # fmt: skip
        exe = wine.windows_path(wine.installed / "obambu.exe")
        check_rules(wine, exe, key)
    print(f"  ok  pictures of the pages in {SCREENS.relative_to(ROOT)}/")


def check_rules(wine: Wine, exe: str, key: dict[str, str]) -> None:
    added = [line for line in wine.netsh_log.read_text().splitlines() if " add rule " in line]
    expect(key.get("FirewallRules") == "dword:00000001" and len(added) == len(RULES),
           "the ticked box ran the elevated step: three firewall rules")  # fmt: skip
    for name, (protocol, port) in RULES.items():
        (line,) = [a for a in added if f'name="{name}"' in a]
        expect(f"protocol={protocol}" in line and f"localport={port}" in line
               and "dir=in" in line and "action=allow" in line
               and "profile=private,domain" in line and f'program="{exe}"' in line,
               f"rule {protocol} {port}: inbound, obambu.exe only, private networks")  # fmt: skip


if __name__ == "__main__":
    main()
