"""`make package`: the one-folder build, its zip, the zip's SHA-256 and the release signature.

The signing key is the release manager's (OBAMBU_RELEASE_KEY: a file holding the Ed25519 seed
in hex). Without it, a development key is made once in build/release-dev.key and its public
half written beside it: such a build is checked with `obambu release verify --key`, and only
keys listed in packaging/release-keys.txt are trusted without it.
"""

from __future__ import annotations

import importlib.util
import os
import platform
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import nacl.signing

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "packaging"))  # beside this script (not PyPI's `packaging`)

import trim_icu  # noqa: E402

from app import release  # noqa: E402
from app.version import version  # noqa: E402

DIST, BUILD = ROOT / "dist", ROOT / "build"


def main() -> None:
    found = importlib.util.find_spec("PySide6")  # located, not imported: Qt stays in app/ui
    wheel = Path(next(iter(found.submodule_search_locations or []))) if found else ROOT
    icu = wheel / "Qt" / "lib" / "libicudata.so.73"
    if icu.exists():  # Linux wheels bundle ICU; trim its data to our two languages
        trim_icu.build(icu, BUILD / "icu")
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "ERROR",
         str(ROOT / "packaging" / "obambu.spec"), "--distpath", str(DIST),
         "--workpath", str(BUILD / "pyinstaller")],
        check=True, cwd=ROOT,
    )  # fmt: skip
    folder = DIST / "obambu"
    if sys.platform == "linux":
        linux_desktop(folder)
    name = f"obambu-{version()}-{platform.system().lower()}-{platform.machine()}.zip"
    archive = DIST / name
    zip_folder(folder, archive)
    public = sign(archive)
    print(f"built {archive} ({archive.stat().st_size // (1 << 20)} MB), folder "
          f"{size(folder) // (1 << 20)} MB, signed by {public}")  # fmt: skip


APP_ID = "org.obambu.Obambu"


def linux_desktop(folder: Path) -> None:
    """The menu entry, icon and AppStream description in the freedesktop layout (share/), and
    the script that puts them in the user's menu pointing at this folder (packaging/linux/)."""
    linux, share = ROOT / "packaging" / "linux", folder / "share"
    for source, target in [
        (linux / f"{APP_ID}.desktop", share / "applications"),
        (linux / f"{APP_ID}.metainfo.xml", share / "metainfo"),
        (ROOT / "packaging" / "obambu.png", share / "icons/hicolor/256x256/apps"),
        (ROOT / "app" / "ui" / "icons" / "obambu.svg", share / "icons/hicolor/scalable/apps"),
    ]:
        target.mkdir(parents=True, exist_ok=True)
        name = source.name if source.name.startswith(APP_ID) else APP_ID + source.suffix
        shutil.copyfile(source, target / name)
    shutil.copyfile(linux / "install-desktop.sh", folder / "install-desktop.sh")
    (folder / "install-desktop.sh").chmod(0o755)


def sign(path: Path) -> str:
    """`path`.sha256 and its release signature `path`.sha256.cose, as `obambu release verify`
    checks them; returns the public key that signed."""
    seed = signing_seed()
    line = release.checksum_line(path)
    Path(f"{path}.sha256").write_bytes(line)
    Path(f"{path}.sha256.cose").write_bytes(release.sign(line, seed))
    return bytes(nacl.signing.SigningKey(seed).verify_key).hex()


def zip_folder(folder: Path, archive: Path) -> None:
    """Deflated, with the files' modes kept, so the program stays executable once unzipped.
    PyInstaller links some libraries into place: those go in as links (the Info-ZIP way, which
    `unzip` restores), not as second copies."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for path in sorted(folder.rglob("*")):
            name = str(Path("obambu") / path.relative_to(folder))
            if path.is_symlink():
                info = zipfile.ZipInfo(name)
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
                out.writestr(info, os.readlink(path))
            elif path.is_file():
                info = zipfile.ZipInfo.from_file(path, name)
                info.compress_type = zipfile.ZIP_DEFLATED
                out.writestr(info, path.read_bytes())


def signing_seed() -> bytes:
    given = os.environ.get("OBAMBU_RELEASE_KEY")
    if given:
        return bytes.fromhex(Path(given).read_text().strip())
    dev = BUILD / "release-dev.key"
    if not dev.exists():
        BUILD.mkdir(exist_ok=True)
        dev.write_text(os.urandom(32).hex() + "\n")
        dev.chmod(0o600)
        print("warning: no OBAMBU_RELEASE_KEY: signing with a development key, "
              f"{dev}", file=sys.stderr)  # fmt: skip
    seed = bytes.fromhex(dev.read_text().strip())
    (BUILD / "release-dev.pub").write_text(
        bytes(nacl.signing.SigningKey(seed).verify_key).hex() + "\n"
    )
    return seed


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


if __name__ == "__main__":
    main()
