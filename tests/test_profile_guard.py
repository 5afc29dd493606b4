"""What guards a profile: a passphrase long enough at creation, a wait that grows after wrong
passphrases in the unlock window, and a read-only profile said as such rather than as a wrong
passphrase (issue 15, finding 10)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.core.errors import ProfileReadOnly
from app.core.node.node import Node
from app.ui import i18n
from app.ui.firstrun import FirstRunDialog
from app.ui.messages import user_message
from app.ui.unlock import UnlockDialog
from app.ui.worker import Worker
from tests.test_cli import PASS, ROOT, in_process_cli, ok, sentence

# --- the passphrase at creation -------------------------------------------------------------


@pytest.mark.parametrize("secret", ["x", "court", "onze carac."])
def test_init_refuses_a_short_passphrase_and_creates_nothing(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, secret: str
) -> None:
    monkeypatch.setenv("OBAMBU_PASSPHRASE", secret)
    home = tmp_path / "home"
    text = sentence(cli("--home", home, "init", "--commune", "Ambam", "--member", "Marie"))
    assert "too short" in text and "at least 12 characters" in text
    assert not home.exists()
    monkeypatch.setenv("OBAMBU_PASSPHRASE", "douze carac.")
    ok(cli("--home", home, "init", "--commune", "Ambam", "--member", "Marie"))


def test_init_help_says_the_rule(cli: Any) -> None:
    assert "12 characters or more" in " ".join(cli("init", "--help").out.split())


def test_the_demo_keeps_its_own_passphrase(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo holds nothing real: "demo" opens it, as the first-run window says."""
    monkeypatch.delenv("OBAMBU_PASSPHRASE")
    made = ok(cli("--json", "demo", "--dir", tmp_path / "demo", "--communes", "2")).json()
    monkeypatch.setenv("OBAMBU_PASSPHRASE", "demo")
    status = ok(cli("--home", made["homes"][0], "--json", "status")).json()
    assert status["commune"] == "Ambam"


@pytest.fixture
def french(qapp: QApplication) -> Iterator[None]:
    i18n.install(qapp, "fr")
    yield
    i18n.install(qapp, "en")


@pytest.fixture
def worker(qtbot: Any) -> Iterator[Worker]:
    made = Worker()
    yield made
    made.stop()


def test_the_first_run_window_asks_for_a_long_passphrase_in_french(  # type: ignore[no-untyped-def]
    qtbot, worker, french, tmp_path: Path
) -> None:
    dialog = FirstRunDialog(worker, tmp_path / "profile", tmp_path / "demo")
    qtbot.addWidget(dialog)
    assert dialog.hint.text().startswith("Au moins 12 caractères.")
    for field, text in (
        (dialog.commune, "Ambam"),
        (dialog.mayor, "Marie Ndongo"),
        (dialog.network, "Communes du Sud"),
        (dialog.passphrase, "onze carac."),
        (dialog.again, "onze carac."),
    ):
        qtbot.keyClicks(field, text)
    qtbot.mouseClick(dialog.found_button, Qt.MouseButton.LeftButton)
    assert "trop courte" in dialog.problem.text() and "au moins 12 caractères" in (
        dialog.problem.text()
    )
    dialog.again.setText("onze carac!")
    qtbot.mouseClick(dialog.found_button, Qt.MouseButton.LeftButton)
    assert "diffèrent" in dialog.problem.text()
    dialog.problem.clear()
    dialog.ask_to_join(tmp_path)  # the same rule when asking to join, or rebuilding from paper
    assert "diffèrent" in dialog.problem.text()
    dialog.again.setText("onze carac.")
    dialog.problem.clear()
    dialog.rebuild_from_paper("code", tmp_path)
    assert "trop courte" in dialog.problem.text()
    assert not (tmp_path / "profile").exists()  # nothing was created


# --- the unlock window ----------------------------------------------------------------------


def test_wrong_passphrases_make_the_unlock_button_rest_longer_each_time(  # type: ignore[no-untyped-def]
    qtbot, worker, net, monkeypatch
) -> None:
    assert (UnlockDialog.FIRST_WAIT_MS, UnlockDialog.LONGEST_WAIT_MS) == (5_000, 300_000)
    monkeypatch.setattr(UnlockDialog, "FIRST_WAIT_MS", 40)  # the rule, on a test's time scale
    monkeypatch.setattr(UnlockDialog, "LONGEST_WAIT_MS", 200)
    home = net.nodes[0].home
    net.nodes[0].close()
    dialog = UnlockDialog(worker, home)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)

    def wrong_try() -> None:
        qtbot.waitUntil(dialog.unlock.isEnabled, timeout=20_000)
        before = dialog.wrong
        dialog.passphrase.setText("pas la bonne")
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.wrong == before + 1, timeout=20_000)

    wrong_try()
    wrong_try()
    assert dialog.unlock.isEnabled() and not dialog.waiting.isActive()  # two typos: no wait
    wrong_try()
    assert not dialog.unlock.isEnabled() and dialog.waiting.isActive()
    assert dialog.waiting.interval() == 40
    assert "Wait 1 second before trying again." in dialog.problem.text()
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)  # Enter while it rests: not a try
    assert dialog.wrong == 3 and "Wait" in dialog.problem.text()
    waits = [dialog.waiting.interval()]
    for _ in range(3):
        wrong_try()
        assert not dialog.unlock.isEnabled()
        waits.append(dialog.waiting.interval())
    assert waits == [40, 80, 160, 200]  # twice as long after each further one, up to a ceiling
    qtbot.waitUntil(dialog.unlock.isEnabled, timeout=20_000)
    dialog.passphrase.setText("pass phrase")
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=20_000)
    worker.stop()  # it holds the profile; the network fixture closes its own copy
    net.nodes[0] = Node.open(home, "pass phrase")


# --- a read-only profile --------------------------------------------------------------------


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder another account can reach (pytest's own is private to this one)."""
    folder = Path(tempfile.mkdtemp(prefix="obambu-ro-"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    shutil.rmtree(folder)


def _as_a_reader(
    folder: Path, *argv: str | Path, passphrase: str = PASS, open_folder: Path | None = None
) -> str:
    """`obambu` run by an account that may read the profile but not write it: another account
    when the tests run as root (root writes anywhere), else this one with the write bits off.
    `open_folder` stays writable by all, its files not."""
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    if open_folder is not None:
        open_folder.chmod(0o777)
    env = {
        **os.environ,
        "OBAMBU_PASSPHRASE": passphrase,
        "PYTHONPATH": str(ROOT),
        "HOME": str(folder),
    }
    nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    command = [sys.executable, "-m", "app.cli", *(str(a) for a in argv)]
    if os.geteuid() == 0:
        command = [*nobody, *command]
    run = subprocess.run(command, capture_output=True, env=env, cwd=ROOT, timeout=60, check=False)
    assert run.returncode == 2 and run.stdout == b"", run.stderr
    return run.stderr.decode()


def test_a_read_only_profile_is_said_so_not_as_a_wrong_passphrase(
    cli: Any, shared_folder: Path
) -> None:
    home = shared_folder / "profile"
    ok(cli("--home", home, "init", "--commune", "Ambam", "--member", "Marie Ndongo"))
    said = "cannot be written (Permission denied), so the profile cannot be opened: give this "
    for passphrase in (PASS, "pas la bonne phrase"):  # said before any passphrase is tried
        err = _as_a_reader(shared_folder, "--home", home, "status", passphrase=passphrase)
        assert err.startswith(f"obambu: The profile folder {home} {said}"), err
        assert "passphrase" not in err and err.count("\n") == 1
    err = _as_a_reader(shared_folder, "--home", home, "status", open_folder=home)
    assert "cannot be written (Permission denied)" in err  # the folder may be written, not the file
    for path in [shared_folder, *shared_folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    assert ok(cli("--home", home, "--json", "status")).json()["commune"] == "Ambam"


def test_the_window_says_a_read_only_profile_in_french(qtbot, french) -> None:  # type: ignore[no-untyped-def]
    text = user_message(ProfileReadOnly("/home/mairie/profil", "Permission denied"))
    assert text.startswith("Le dossier du profil n'accepte pas l'écriture")
    assert "donnez à ce compte le droit d'y écrire" in text


# --- the command line, as test_cli drives it ------------------------------------------------


cli = in_process_cli  # the `obambu` command in this process, with the tests' passphrase
