"""The Windows installer: the program folder laid out as PyInstaller makes it, then makensis.

    python packaging/windows/assemble.py --folder dist/obambu   # the real build (Windows runner)
    python packaging/windows/assemble.py                        # a stand-in, for the Wine check

With --folder, the folder PyInstaller built on Windows (obambu.exe, obambu-debug.exe,
_internal/) becomes dist/obambu-VERSION-windows-setup.exe, the release's installer. makensis
runs on Windows (NSIS installed) or on Linux (Debian's nsis) alike.

Without it, no Windows build exists here: a stand-in folder of the same layout is made with
mingw-w64 from standin.c (two small programs that answer --version and --self-test, with the
real icon and version resource), and its installer goes to build/windows/, never to dist/: it
is for `make package-check-windows` only, and says so in its file name.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import version_info  # noqa: E402

from app.version import version  # noqa: E402

BUILD = ROOT / "build" / "windows"
PROGRAMS = ("obambu.exe", "obambu-debug.exe")
# What lives beside the program and is the user's: never in the program's file list, so
# neither an update nor the uninstaller touches it (app/portable.py, app/logs.py).
USERS = {"obambu-portable", "profile", "config", "demo", "logs"}


def makensis() -> str:
    found = shutil.which("makensis")
    if found:
        return found
    for base in (os.environ.get("PROGRAMFILES(X86)"), os.environ.get("PROGRAMFILES")):
        candidate = Path(base or "") / "NSIS" / "makensis.exe"
        if base and candidate.is_file():
            return str(candidate)
    raise SystemExit("makensis not found: `apt-get install nsis` (Debian) or NSIS 3 (Windows)")


def program_files(folder: Path) -> str:
    """The ProgramFilesRemove macro: the program's top-level files and folders, by name."""
    names = sorted(p.name for p in folder.iterdir())
    if missing := [p for p in PROGRAMS if p not in names]:
        raise SystemExit(f"{folder} is not a Windows build of Obambu: no {', '.join(missing)}")
    if mixed := USERS.intersection(names):
        raise SystemExit(f"{folder} holds a user's data ({', '.join(sorted(mixed))}): not a build")
    lines = ["!macro ProgramFilesRemove"]
    for name in names:
        if '"' in name or "$" in name:
            raise SystemExit(f"unexpected file name in the build: {name}")
        removal = "RMDir /r" if (folder / name).is_dir() else "Delete"
        lines.append(f'  {removal} "$INSTDIR\\{name}"')
    lines.append("!macroend")
    return "\n".join(lines) + "\n"


def standin(ver: str) -> Path:
    """The stand-in program folder (see standin.c), laid out as PyInstaller lays out the build."""
    folder = BUILD / "standin" / "obambu"
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "_internal").mkdir(parents=True)
    (folder / "_internal" / "VERSION").write_text(ver + "\n")
    shutil.copy(ROOT / "packaging" / "release-keys.txt", folder / "_internal")
    shutil.copy(ROOT / "LICENSE", folder / "_internal")
    for program, windowed in (("obambu", True), ("obambu-debug", False)):
        rc = BUILD / "standin" / f"{program}.rc"
        rc.write_text(version_info.rc_text(ver, program, icon=program_icon()))
        res = rc.with_suffix(".res.o")
        subprocess.run(["x86_64-w64-mingw32-windres", str(rc), "-O", "coff", "-o", str(res)],
                       check=True)  # fmt: skip
        subprocess.run(
            ["x86_64-w64-mingw32-gcc", "-O2", "-s", f'-DVERSION="{ver}"',
             *(["-mwindows"] if windowed else []), "-o", str(folder / f"{program}.exe"),
             str(HERE / "standin.c"), str(res)],
            check=True,
        )  # fmt: skip
    return folder


def program_icon() -> str:
    return str(ROOT / "packaging" / "obambu.ico").replace("\\", "/")


def build(folder: Path | None, out: Path | None = None, target: str | None = None) -> Path:
    """Builds the installer from the given Windows build, or from the stand-in; its path.
    target: NSIS' stub set, amd64-unicode unless given (x86-unicode for NSIS' own download)."""
    ver = version()
    if folder is None:
        folder, default = standin(ver), BUILD / f"obambu-{ver}-windows-setup-STANDIN.exe"
    else:
        default = ROOT / "dist" / f"obambu-{ver}-windows-setup.exe"
    installer = (out or default).resolve()
    installer.parent.mkdir(parents=True, exist_ok=True)
    BUILD.mkdir(parents=True, exist_ok=True)
    listing = BUILD / "program_files.nsh"
    listing.write_text(program_files(folder))
    a, b, c, d = version_info.numbers(ver)
    subprocess.run(
        [makensis(), "-V2", "-INPUTCHARSET", "UTF8", f"-DVERSION={ver}",
         f"-DVERSION4={a}.{b}.{c}.{d}", f"-DSOURCE={folder.resolve()}",
         f"-DPROGRAM_FILES={listing.resolve()}", f"-DOUTFILE={installer}",
         *([f"-DTARGET={target}"] if target else []),
         str(HERE / "obambu.nsi")],
        check=True, cwd=HERE,
    )  # fmt: skip
    print(f"installer {installer} ({installer.stat().st_size / (1 << 20):.1f} MB) from {folder}")
    if out is None and default.parent.name == "dist":
        sign(installer)
    return installer


def sign(installer: Path) -> None:
    """The release's checksum and signature beside the installer, as build.py does for the zip
    (`obambu release verify` checks either)."""
    # packaging/build.py, by its path: PyPI's `build` may be installed under that name.
    spec = importlib.util.spec_from_file_location("obambu_build", HERE.parent / "build.py")
    assert spec is not None and spec.loader is not None
    release_build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(release_build)
    from app import release

    line = release.checksum_line(installer)
    Path(f"{installer}.sha256").write_bytes(line)
    Path(f"{installer}.sha256.cose").write_bytes(release.sign(line, release_build.signing_seed()))
    print(f"signed {installer.name}.sha256 (.cose)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, help="the Windows build (dist/obambu)")
    parser.add_argument("--out", type=Path, help="where to write the installer")
    parser.add_argument("--target", help="NSIS stubs: x86-unicode with NSIS' Windows download")
    args = parser.parse_args()
    build(args.folder, args.out, args.target)


if __name__ == "__main__":
    main()
