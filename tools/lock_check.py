"""`make lock-check`: every package of a hashed lock can be had for Windows and for the oldest
Linux the release supports, as files whose hashes the lock lists, without a compiler.

    python -m tools.lock_check requirements/build.txt

For each system, the lock's markers are evaluated as that system would (pip download alone
evaluates them for the machine it runs on, so it would skip Windows-only packages), and pip
downloads each package for that system's tags. A package with no wheel for it comes as source:
allowed only for the pure-Python ones listed in PURE_SOURCE, which build without a compiler.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement

# Published as source only, and pure Python: they build anywhere with setuptools alone.
PURE_SOURCE = frozenset({"esptool"})


@dataclass(frozen=True)
class System:
    name: str
    platforms: tuple[str, ...]  # pip's --platform tags, newest first
    markers: dict[str, str]


# The tags a glibc 2.34 system accepts (PEP 600), newest first: the Linux build's container.
MANYLINUX = [f"manylinux_2_{minor}_x86_64" for minor in range(34, 4, -1)]
MANYLINUX += ["manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64"]
WINDOWS = {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt"}
LINUX = {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix"}
# Python 3.11 on each system the release is built for (packaging/README.md: the minimums).
SYSTEMS = (
    System("Windows 10+ x64", ("win_amd64",), {**WINDOWS, "platform_machine": "AMD64"}),
    System("Linux x86_64, glibc 2.34+", tuple(MANYLINUX), {**LINUX, "platform_machine": "x86_64"}),
)
COMMON = {
    "python_version": "3.11",
    "python_full_version": "3.11.9",
    "implementation_name": "cpython",
    "platform_python_implementation": "CPython",
}


@dataclass(frozen=True)
class Entry:
    requirement: Requirement
    hashes: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.requirement.name.lower()

    def line(self) -> str:
        pin = f"{self.requirement.name}{self.requirement.specifier}"
        return " ".join([pin, *(f"--hash={h}" for h in self.hashes)])


def entries(lock: str) -> list[Entry]:
    """The lock's requirements with their hashes (pip's format, lines joined at `\\`)."""
    found = []
    for logical in lock.replace("\\\n", " ").splitlines():
        words = logical.split()
        if not words or words[0].startswith("#"):
            continue
        hashes = tuple(w.removeprefix("--hash=") for w in words if w.startswith("--hash="))
        spec = " ".join(w for w in words if not w.startswith("--hash="))
        found.append(Entry(Requirement(spec), hashes))
    return found


def applies(entry: Entry, system: System, extra: str = "") -> bool:
    marker: Marker | None = entry.requirement.marker
    return marker is None or marker.evaluate({**COMMON, **system.markers, "extra": extra})


def download(lock: Path, system: System, into: Path) -> list[str]:
    """Downloads the lock's files for `system` into `into`; returns what came as source."""
    chosen = [e for e in entries(lock.read_text()) if applies(e, system)]
    wanted = into / "requirements.txt"
    wanted.write_text("".join(e.line() + "\n" for e in chosen))
    platforms = [arg for tag in system.platforms for arg in ("--platform", tag)]
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--require-hashes",
         "--python-version", "3.11", "--implementation", "cp", *platforms, "--prefer-binary",
         "-d", str(into), "-r", str(wanted)],
        check=True,
    )  # fmt: skip
    return sorted(p.name for p in into.iterdir() if p.name.endswith((".tar.gz", ".zip")))


def source_name(archive: str) -> str:
    return archive.removesuffix(".tar.gz").removesuffix(".zip").rsplit("-", 1)[0]


def main(lock: Path) -> None:
    for system in SYSTEMS:
        with tempfile.TemporaryDirectory() as tmp:
            source = download(lock, system, Path(tmp))
            compiled = [a for a in source if source_name(a).replace("_", "-") not in PURE_SOURCE]
            if compiled:
                raise SystemExit(f"lock-check: {system.name}: no wheel for {', '.join(compiled)}")
            count = sum(1 for p in Path(tmp).iterdir() if p.name != "requirements.txt")
            print(f"lock-check: {system.name}: {count} files, hashes match; "
                  f"pure-Python source: {', '.join(source) or 'none'}")  # fmt: skip


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "requirements/build.txt"))
