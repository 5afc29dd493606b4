"""`make package-check`: what a town hall does with a build that reached it on a stick.

Unzip it elsewhere; check its signature with the build itself; run its self-test; in portable
mode, create a profile, unzip the same build over it as an update and check the profile is
still there and opens; time the start to the first screen; start the window under Xvfb when
xvfb-run is there (offscreen otherwise); on Linux, put it in a user's applications menu and take
it away again. Prints the figures for docs/performance.md, and fails when the unpacked folder
is over the size budget (LIMIT_MB).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import stat
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
# The unpacked folder a town hall gets, in MB of 10^6 bytes (what Windows' Explorer calls
# "Mo" is MiB, which is smaller: 150 MB is 143 MiB, so both readings are met).
LIMIT_MB = 150
APP_ID = "org.obambu.Obambu"


def unzip(archive: Path, target: Path) -> Path:
    with zipfile.ZipFile(archive) as source:
        for info in source.infolist():
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):  # a library PyInstaller linked into place
                link = target / info.filename
                link.parent.mkdir(parents=True, exist_ok=True)
                if link.is_symlink() or link.exists():
                    link.unlink()
                link.symlink_to(source.read(info).decode())
                continue
            path = Path(source.extract(info, target))
            if mode:
                path.chmod(mode & 0o777)
    return target / "obambu"


def run(program: Path, *args: str, env: dict[str, str] | None = None,
        timeout: float = 120) -> subprocess.CompletedProcess[str]:  # fmt: skip
    result = subprocess.run([str(program / "obambu"), *args], capture_output=True, text=True,
                            env={**os.environ, **(env or {})}, timeout=timeout)  # fmt: skip
    if result.returncode != 0:
        raise SystemExit(f"obambu {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def main() -> None:
    (archive,) = sorted(DIST.glob("obambu-*.zip"))
    dev_key = ROOT / "build" / "release-dev.pub"
    env = {"QT_QPA_PLATFORM": "offscreen", "OBAMBU_KDF": "interactive", "OBAMBU_LAN": "off"}
    with tempfile.TemporaryDirectory() as tmp:
        program = unzip(archive, Path(tmp) / "v1")
        print(run(program, "--version").stdout.strip())
        keys = ["--key", dev_key.read_text().strip()] if dev_key.exists() else []
        print(run(program, "release", "verify", str(archive), *keys).stdout.strip())
        print(run(program, "--self-test", env=env).stdout.strip())
        portable_update(archive, program, env)
        print(startup(program, env))
        print(window(program, env))
        if sys.platform == "linux":
            print(desktop(program, Path(tmp)))
            print(glibc(program))
        print(f"size: zip {archive.stat().st_size / 1e6:.1f} MB")
        # Measured on a clean unpacking: the one above now holds a portable profile.
        budget(unzip(archive, Path(tmp) / "measure"))


def glibc(program: Path) -> str:
    """The newest glibc any file of the folder asks for: the oldest Linux it starts on. It is
    the build machine's, so releases are built in an old-glibc container; that job sets
    OBAMBU_MAX_GLIBC (e.g. 2.34, packaging/README.md) and a newer need fails the check."""
    found: set[tuple[int, ...]] = set()
    for path in program.rglob("*"):
        if path.is_file() and not path.is_symlink() and (".so" in path.name or path.name == "obambu"):
            symbols = subprocess.run(["objdump", "-T", str(path)], capture_output=True,
                                     text=True).stdout  # fmt: skip
            found |= {tuple(map(int, v.split("."))) for v in re.findall(r"GLIBC_([0-9.]+)\b", symbols)}
    newest = max(found)
    text = ".".join(map(str, newest))
    limit = os.environ.get("OBAMBU_MAX_GLIBC")
    if limit and newest > tuple(map(int, limit.split("."))):
        raise SystemExit(f"the folder needs glibc {text}, newer than the minimum {limit}")
    return f"glibc: the folder needs {text} or newer" + (f" (minimum {limit}: met)" if limit else "")


def folder_size(folder: Path) -> int:
    """Bytes on disk as the town hall unpacks it: a linked library counts once."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def desktop(program: Path, home: Path) -> str:
    """The zip's menu entry, as a clerk adds it with install-desktop.sh, then removes it."""
    data = home / "data"
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(data)}
    subprocess.run([str(program / "install-desktop.sh")], env=env, check=True,
                   capture_output=True)  # fmt: skip
    entry = (data / "applications" / f"{APP_ID}.desktop").read_text()
    if f'Exec="{program}/obambu"' not in entry or not (data / "metainfo").is_dir():
        raise SystemExit(f"install-desktop.sh did not add this folder's program:\n{entry}")
    subprocess.run([str(program / "install-desktop.sh"), "--remove"], env=env, check=True,
                   capture_output=True)  # fmt: skip
    return "desktop: install-desktop.sh adds the menu entry, icon and AppStream file, and removes them"


def portable_update(archive: Path, program: Path, env: dict[str, str]) -> None:
    (program / "obambu-portable").touch()
    secret = {**env, "OBAMBU_PASSPHRASE": "une phrase de passe"}
    run(program, "init", "--commune", "Ambam", "--member", "Marie Ndongo", env=secret)
    before = run(program, "--json", "status", env=secret).stdout
    unzip(archive, program.parent)  # the update: the same build unzipped over the old one
    after = run(program, "--json", "status", env=secret).stdout
    if not (program / "profile").is_dir() or '"Ambam"' not in after or before != after:
        raise SystemExit("the portable profile did not survive the update")
    print("update: the portable profile beside the program is kept and opens")


def startup(program: Path, env: dict[str, str]) -> str:
    times = []
    for _ in range(3):
        began = time.monotonic()
        out = run(program, env={**env, "OBAMBU_STARTUP_PROBE": "1",
                                "OBAMBU_DATA_DIR": tempfile.mkdtemp()}).stdout  # fmt: skip
        if "first screen shown" not in out:
            raise SystemExit(f"the first screen did not show:\n{out}")
        times.append(time.monotonic() - began)
    return f"start to the first screen (frozen, offscreen): median {statistics.median(times):.2f} s"


def window(program: Path, env: dict[str, str]) -> str:
    if shutil.which("xvfb-run") is None:
        return "window under Xvfb: skipped (no xvfb-run here); offscreen start checked above"
    quiet = {**os.environ, "OBAMBU_LAN": "off", "OBAMBU_DATA_DIR": tempfile.mkdtemp()}
    command = ["xvfb-run", "-a", str(program / "obambu")]
    process = subprocess.Popen(command, env=quiet, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)  # fmt: skip
    time.sleep(6)
    alive = process.poll() is None
    try:
        os.killpg(process.pid, signal.SIGTERM)  # xvfb-run, its X server and the window
    except ProcessLookupError:  # all gone already: the window did not stay up
        alive = False
    try:
        output = process.communicate(timeout=10)[0]
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output = process.communicate()[0]
    if not alive:
        raise SystemExit(f"the window did not stay up under Xvfb:\n{output}")
    return "window under Xvfb: started and stayed up for 6 s"


def budget(folder: Path) -> None:
    """`check.py --size FOLDER`: the size check alone, for a build checked elsewhere (the
    Windows runner's folder, .github/workflows/release.yml)."""
    size = folder_size(folder)
    print(f"size: unpacked folder {size / 1e6:.1f} MB ({size / (1 << 20):.1f} MiB); "
          f"budget {LIMIT_MB} MB")  # fmt: skip
    if size > LIMIT_MB * 1_000_000:
        raise SystemExit(f"the unpacked folder is over {LIMIT_MB} MB: {size / 1e6:.1f} MB")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--size"]:
        sys.exit(budget(Path(sys.argv[2])))
    sys.exit(main())
