"""The command line keeps a log in the data folder: what ran and how it ended, never what was
typed; --verbose also writes it on stderr."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import platformdirs
import pytest

from app import logs
from app.cli import main

ROOT = Path(__file__).resolve().parent.parent
PASS = "phrase de passe du journal"


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("OBAMBU_KDF", "interactive")
    monkeypatch.setenv("OBAMBU_PASSPHRASE", PASS)
    monkeypatch.setenv("OBAMBU_DATA_DIR", str(tmp_path / "stick-build"))  # a portable build
    return tmp_path


def test_each_command_is_logged_in_the_data_folder_without_what_was_typed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "ambam"
    assert main(["--home", str(home), "init", "--commune", "Ambam", "--member", "Awa Mbida"]) == 0
    monkeypatch.setenv("OBAMBU_PASSPHRASE", "pas la bonne")
    assert main(["--home", str(home), "status"]) == 2
    capsys.readouterr()
    log = (tmp_path / "stick-build" / "logs" / "obambu.log").read_text(encoding="utf-8")
    lines = [line.split(" ", 2)[2] for line in log.splitlines()]  # without the date and time
    assert lines == [
        "INFO app.cli: command init started",
        "INFO app.cli: command init finished",
        "INFO app.cli: command status started",
        "INFO app.cli: command status refused: wrong_passphrase",
    ]
    for private in (PASS, "pas la bonne", "Ambam", "Awa Mbida"):
        assert private not in log


def test_verbose_also_writes_the_log_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "ambam"
    assert main(["--home", str(home), "init", "--commune", "Ambam", "--member", "Awa"]) == 0
    assert capsys.readouterr().err == ""  # quiet without --verbose
    assert main(["--verbose", "--home", str(home), "sync", "health"]) == 0
    err = capsys.readouterr().err
    assert "INFO app.cli: command sync health started" in err
    assert "INFO app.cli: command sync health finished" in err


def test_a_sync_is_logged_with_its_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home, stick = tmp_path / "ambam", tmp_path / "stick"
    stick.mkdir()  # an empty stick, plugged in
    assert main(["--home", str(home), "init", "--commune", "Ambam", "--member", "Awa"]) == 0
    assert main(["--home", str(home), "sync", "export", "--to", str(stick)]) == 0
    capsys.readouterr()
    log = (tmp_path / "stick-build" / "logs" / "obambu.log").read_text(encoding="utf-8")
    assert "stick export started" in log
    finished = next(line for line in log.splitlines() if "stick export finished" in line)
    assert "stick export finished: written 1, " in finished and "ours_written 1," in finished


def test_the_program_logs_a_bug_with_its_traceback(tmp_path: Path) -> None:
    """A real process: a bug still ends as Python's traceback on stderr, and in the log."""
    data = tmp_path / "data"
    code = (
        "import sys; from app import cli\n"
        "def broken(args, out): raise KeyError('kdf_salt')\n"
        "cli.cmd_status = broken\n"
        "sys.exit(cli.main(['--home', sys.argv[1], 'status']))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OBAMBU_DATA_DIR": str(data)}
    command = [sys.executable, "-c", code, str(tmp_path / "home")]
    ran = subprocess.run(command, env=env, capture_output=True, text=True)
    assert ran.returncode == 1 and "KeyError: 'kdf_salt'" in ran.stderr
    log = (data / "logs" / "obambu.log").read_text(encoding="utf-8")
    assert "ERROR app.cli: command status failed: a bug" in log
    assert "Traceback" in log and "KeyError: 'kdf_salt'" in log


def test_without_a_portable_build_the_log_is_in_the_user_log_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("OBAMBU_DATA_DIR")
    assert logs.folder() == Path(platformdirs.user_log_dir("obambu", appauthor=False))
