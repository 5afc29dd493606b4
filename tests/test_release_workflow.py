"""The release recipe (.github/workflows/release.yml) builds both systems the same way: Python
packages only from the hashed lock, the one-folder build, the built program's --self-test, the
size budget, and the release signature; Linux in the old-glibc container packaging/README.md
names as the minimum. Only a runner can run it: this checks that what it runs is complete."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = yaml.safe_load((ROOT / ".github/workflows/release.yml").read_text())
JOBS: dict[str, Any] = WORKFLOW["jobs"]
BUILDS = ("linux", "windows")


def script(job: str) -> str:
    return "\n".join(step.get("run", "") for step in JOBS[job]["steps"])


def test_it_runs_on_a_version_tag_and_by_hand() -> None:
    triggers = WORKFLOW[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["tags"] == ["v*"]
    assert "workflow_dispatch" in triggers


def test_both_systems_install_only_from_the_hashed_lock() -> None:
    for job in [*BUILDS, "lock"]:
        installs = [line.strip() for line in script(job).splitlines() if "pip install" in line]
        assert installs, job
        for line in installs:
            hashed = re.search(r"--require-hashes -r requirements/(build|dev)\.txt$", line)
            project = line.endswith("--no-deps --no-build-isolation -e .")
            assert hashed or project, f"{job} installs around the lock: {line}"
    for job in BUILDS:
        assert "--require-hashes -r requirements/build.txt" in script(job)


def test_both_systems_build_self_test_check_the_size_and_sign() -> None:
    check = (ROOT / "packaging/check.py").read_text()
    for job in BUILDS:
        run = script(job)
        assert "packaging/build.py" in run, job
        assert "OBAMBU_RELEASE_KEY" in run and "secrets.OBAMBU_RELEASE_KEY" in str(JOBS[job]), job
    # Linux: packaging/check.py runs the unzipped program's --self-test and the size budget.
    assert "packaging/check.py\n" in script("linux") + "\n"
    assert '"--self-test"' in check and "budget(" in check
    # Windows: the console program's self-test, the size, then the installer, signed too.
    windows = script("windows")
    assert "obambu-debug.exe --self-test" in windows
    assert "packaging/check.py --size dist/obambu" in windows
    assert "packaging/windows/assemble.py --folder dist/obambu" in windows  # signs it too
    uploaded = {job: JOBS[job]["steps"][-1]["with"]["path"] for job in BUILDS}
    for job, files in uploaded.items():
        assert ".sha256.cose" in files, job
    assert "setup.exe.sha256.cose" in uploaded["windows"]


def test_linux_is_built_on_the_minimum_glibc_the_readme_states() -> None:
    readme = (ROOT / "packaging/README.md").read_text()
    stated = re.search(r"glibc (2\.\d+) or newer", readme)
    assert stated, "packaging/README.md states the Linux minimum as 'glibc 2.NN or newer'"
    linux = JOBS["linux"]
    assert linux["container"] == "almalinux:9"  # glibc 2.34
    assert linux["env"]["OBAMBU_MAX_GLIBC"] == stated.group(1) == "2.34"
    lock_check = (ROOT / "tools/lock_check.py").read_text()
    assert f"glibc {stated.group(1)}+" in lock_check  # the lock is checked for the same Linux
    assert "tools.lock_check requirements/build.txt" in script("lock")


def test_the_installer_is_checked_under_wine_and_nothing_is_published_unchecked() -> None:
    wine = JOBS["windows-installer-under-wine"]
    assert wine["needs"] == "windows"
    assert "make package-check-windows" in script("windows-installer-under-wine")
    assert "WINDOWS_BUILD=" in script("windows-installer-under-wine")
    publish = JOBS["publish"]
    assert set(publish["needs"]) == {"lock", *BUILDS, "windows-installer-under-wine"}
    assert publish["if"] == "github.ref_type == 'tag'"
    # A tag is never signed with a throwaway key.
    for job in BUILDS:
        assert "a tag is never released unsigned" in script(job)


def test_the_scripts_it_runs_are_here() -> None:
    for path in ["packaging/build.py", "packaging/check.py", "tools/lock_check.py",
                 "requirements/build.txt", "requirements/dev.txt"]:  # fmt: skip
        assert (ROOT / path).is_file(), path
