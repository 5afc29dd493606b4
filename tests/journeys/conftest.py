"""Journeys: each test follows one person's steps through the `obambu` command (or the
window), with no private call and no fixture that sets up state a person could not."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from app.core.demo import DEMO_PIN
from app.core.node.node import Node
from app.sync import acks
from app.ui.pin_prompt import PinDialog
from app.ui.window import MainWindow
from app.ui.worker import Worker
from tests.test_cli import PASS, Result, in_process_cli

Cli = Callable[..., Result]


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OBAMBU_KDF", "interactive")
    monkeypatch.setenv("OBAMBU_PASSPHRASE", PASS)
    monkeypatch.setenv("OBAMBU_PIN", DEMO_PIN)  # the demo's people all have this PIN


cli = in_process_cli  # `obambu` in this process, as test_cli drives it


class Town:
    """One commune's laptop, as its clerk uses it: every call is an `obambu` command."""

    def __init__(self, cli: Cli, home: Path) -> None:
        self.cli = cli
        self.home = home
        self.name = home.name

    def run(self, *argv: str | Path) -> Result:
        result = self.cli("--home", self.home, *argv)
        assert result.code == 0, f"{self.name} {argv}: {result.err}"
        return result

    def json(self, *argv: str | Path) -> Any:
        return self.run("--json", *argv).json()

    def fails(self, *argv: str | Path) -> str:
        """The one sentence a refused command says."""
        result = self.cli("--home", self.home, *argv)
        assert result.code != 0, f"{self.name} {argv} should have been refused"
        lines = result.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("obambu: "), result.err
        return lines[0]

    def visit(self, stick: Path) -> tuple[Any, Any]:
        """The clerk plugs the stick in: take in what it brings, then write what it lacks."""
        fresh = not (stick / "OBAMBU").is_dir()  # a new stick has nothing to take in yet
        taken = None if fresh else self.json("sync", "import", "--from", stick)
        written = self.json("sync", "export", "--to", stick)
        return taken, written

    def titles(self) -> set[str]:
        return {row["title"] for row in self.json("forum", "list")}


def open_vote(town: Town, question: str, *extra: str, signer: str | None = None) -> str:
    """`obambu vote open`: a yes-or-no question put to every commune (`extra`: `--days N`…),
    signed by the member acting on the laptop or by `signer` with their PIN (`--as`); its id."""
    signing = ("--as", signer) if signer else ()
    opened = town.json(
        *signing,
        "vote",
        "open",
        "--question",
        question,
        "--option",
        "oui",
        "--option",
        "non",
        "--electorate",
        "communes",
        *extra,
    )
    return str(opened["id"])


def fork(ambam: Town, tmp_path: Path) -> tuple[Town, Path, Path]:
    """Someone copied Ambam's laptop's disk: the laptop signs a thread "Route" on the stick
    `route`, the copy a thread "Pont" for the same place on the stick `pont` (an equivocation)."""
    copy = Town(ambam.cli, tmp_path / "ambam-copie")
    shutil.copytree(ambam.home, copy.home)
    route, pont = tmp_path / "route", tmp_path / "pont"
    for town, folder, title in ((ambam, route, "Route"), (copy, pont, "Pont")):
        folder.mkdir()
        town.run("forum", "thread", "--title", title, "--body", "…")
        town.run("sync", "export", "--to", folder)
    return copy, route, pont


def rekey_by_stick(
    code: str,
    proposer: Town,
    stick: Path,
    approvers: Sequence[Town] = (),
    then: Sequence[Town] = (),
    proposal: str | None = None,
) -> str:
    """A commune's new node key approved through an epoch, by stick. The code its laptop printed
    (`obambu rekey request`) is phoned to `proposer`, which proposes the epoch and approves it
    (unless `proposal` was made already); the stick takes it to each of `approvers`, which
    approves in turn, then to each of `then` (the laptop that asked, and whoever should learn of
    the approvals). Returns the proposal's id."""
    if proposal is None:
        proposal = str(proposer.json("rekey", "propose", "--code", code)["proposal"])
    proposer.run("sync", "export", "--to", stick)
    for town in approvers:
        town.run("sync", "import", "--from", stick)
        town.run("rekey", "approve", proposal)
        town.run("sync", "export", "--to", stick)
    for town in then:
        town.run("sync", "import", "--from", stick)
    return proposal


@pytest.fixture
def demo(cli: Cli, tmp_path: Path) -> Callable[[int], list[Town]]:
    """`obambu demo --communes N`, the way a trainer sets up a classroom."""

    def make(communes: int = 3) -> list[Town]:
        root = tmp_path / "demo"
        result = cli("demo", "--dir", root, "--communes", str(communes))
        assert result.code == 0, result.err
        return [Town(cli, Path(home)) for home in result.out.split("\n")[1 : 1 + communes]]

    return make


@pytest.fixture
def stick(tmp_path: Path) -> Path:
    """An empty USB stick."""
    path = tmp_path / "stick"
    path.mkdir()
    return path


def take_over(qtbot: Any, window: Any, name: str, pin: str = DEMO_PIN) -> None:
    """The next person takes over in the window: "Change person", their name, their PIN."""
    bar = window.acting
    bar.change.click()
    qtbot.waitUntil(lambda: bar.dialog is not None and bar.dialog.isVisible(), timeout=20_000)
    dialog = bar.dialog
    dialog.person.setCurrentIndex(dialog.person.findText(name))
    dialog.next_step()
    dialog.pin.setText(pin)
    dialog.next_step()
    qtbot.waitUntil(lambda: bar.label.text() == f"You act as {name}", timeout=20_000)


def open_window(qtbot: Any, town: Town) -> tuple[MainWindow, Worker]:
    """`town`'s laptop opened in the window with its passphrase; nothing pending is sealed
    behind the test's back (a block's own notice would refresh the screens too)."""
    worker = Worker()
    worker.open(lambda: Node.open(town.home, PASS))
    window = MainWindow(worker)
    qtbot.addWidget(window)
    window.sealer.stop()
    window.show()
    return window, worker


def pin_dialog() -> PinDialog | None:
    """The dialog that asks a PIN at the moment of signing, when one is showing."""
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, PinDialog)]
    return next((w for w in shown if w.isVisible()), None)


def stick_files(stick: Path) -> dict[str, tuple[int, int, int]]:
    """Every file on the stick: its size, and what changes when it is written again."""
    out = {}
    for path in (stick / "OBAMBU").rglob("*"):
        if path.is_file():
            st = path.stat()
            out[path.relative_to(stick / "OBAMBU").as_posix()] = (
                st.st_size,
                st.st_mtime_ns,
                st.st_ino,
            )
    return out


def known_acks(town: Town) -> acks.Known:
    """The cuts and acknowledgements `town`'s laptop keeps."""
    node = Node.open(town.home, PASS)
    try:
        return acks.known(node)
    finally:
        node.close()
