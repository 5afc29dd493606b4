"""The hashed lock (requirements/*.txt, `make lock`) is complete and is what everything installs.

A dependency added to pyproject.toml without `make lock` fails here, as does a lock entry
without hashes, or a Makefile target that installs around the lock.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from tools.lock_check import SYSTEMS, Entry, applies, entries

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
# Which lock answers for which of pyproject's lists.
LOCKS = {
    "runtime.txt": PROJECT["dependencies"],
    "dev.txt": PROJECT["dependencies"] + PROJECT["optional-dependencies"]["dev"],
    "build.txt": PROJECT["dependencies"] + PROJECT["optional-dependencies"]["build"],
    "fuzz.txt": PROJECT["dependencies"] + PROJECT["optional-dependencies"]["fuzz"],
}


def lock(name: str) -> dict[str, Entry]:
    return {e.name: e for e in entries((ROOT / "requirements" / name).read_text())}


def pinned(entry: Entry) -> str:
    (spec,) = entry.requirement.specifier
    assert spec.operator == "==", f"{entry.name} is not pinned exactly in the lock"
    return spec.version


@pytest.mark.parametrize("name", sorted(LOCKS))
def test_every_dependency_of_pyproject_is_in_the_lock_at_its_version(name: str) -> None:
    locked = lock(name)
    for line in LOCKS[name]:
        wanted = Requirement(line)
        key = wanted.name.lower()
        assert key in locked, f"{wanted.name} is missing from requirements/{name}: run make lock"
        version = pinned(locked[key])
        assert wanted.specifier.contains(version), (
            f"requirements/{name} has {wanted.name}=={version}, pyproject.toml wants "
            f"{wanted.specifier}: run make lock"
        )
        # A platform-only dependency stays on its platform in the lock.
        for system in SYSTEMS:
            ours = wanted.marker is None or wanted.marker.evaluate(
                {**system.markers, "python_version": "3.11", "extra": ""}
            )
            assert applies(locked[key], system) == ours, (wanted.name, system.name)


@pytest.mark.parametrize("name", sorted(LOCKS))
def test_every_locked_package_is_pinned_with_hashes(name: str) -> None:
    for entry in lock(name).values():
        pinned(entry)
        assert entry.hashes, f"{entry.name} has no hash in requirements/{name}"
        assert all(re.fullmatch(r"sha256:[0-9a-f]{64}", h) for h in entry.hashes), entry.name


def test_the_locks_agree_so_one_venv_holds_them() -> None:
    runtime, dev = lock("runtime.txt"), lock("dev.txt")
    for key, entry in runtime.items():
        assert pinned(dev[key]) == pinned(entry), key
    for other in (lock("build.txt"), lock("fuzz.txt")):
        for key in dev.keys() & other.keys():
            assert pinned(dev[key]) == pinned(other[key]), key
        assert runtime.keys() <= other.keys()


def test_pyinstaller_is_a_build_extra_and_cobs_has_a_wheel() -> None:
    build = [Requirement(r) for r in PROJECT["optional-dependencies"]["build"]]
    assert [r.name.lower() for r in build] == ["pyinstaller"]
    # cobs 1.2.2 is source only (a compiler or a silent fallback); 1.2.0 is a wheel.
    assert pinned(lock("runtime.txt")["cobs"]) == "1.2.0"


def test_make_installs_from_the_lock_and_only_from_it() -> None:
    makefile = (ROOT / "Makefile").read_text()
    installs = [
        line.strip() for line in makefile.splitlines() if re.search(r"\bpip install\b", line)
    ]
    from_lock = [line for line in installs if "--require-hashes -r requirements/" in line]
    assert any("requirements/dev.txt" in line for line in from_lock)  # run, test
    assert any("requirements/build.txt" in line for line in from_lock)  # package
    assert any("requirements/fuzz.txt" in line for line in from_lock)  # fuzz
    # The project itself, on top, must not pull anything in around the lock.
    assert any("--no-deps" in line and line.endswith("-e .") for line in installs)
    # The interop test's own venv (an independent COSE verifier) has a hashed lock too.
    assert any("--require-hashes -r tests/interop/requirements.txt" in line for line in installs)
    # Outside a lock: only the lock tool itself.
    allowed = ("uv==", "--require-hashes -r tests/interop/requirements.txt")
    others = [line for line in installs if line not in from_lock and "--no-deps" not in line]
    assert all(any(a in line for a in allowed) for line in others), others
    assert "pyinstaller==" not in makefile.lower()
