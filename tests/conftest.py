"""Shared fixtures: real profiles on disk (real SQLCipher files), cheap Argon2id limits."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("OBAMBU_KDF", "interactive")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.core.demo import exchange
from app.core.node.node import Node

# Hypothesis's default 200 ms per example, and its check that generating data is not too slow,
# are wall-clock limits: on a loaded machine they fail whatever the code does.
settings.register_profile("obambu", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("obambu")

if TYPE_CHECKING:
    from fuzz.world import World

NAMES = ["Ambam", "Bipindi", "Campo", "Djoum", "Ebolowa"]


class Network:
    """A few communes founded together, each with a mayor, every block exchanged."""

    def __init__(self, root: Path, size: int) -> None:
        self.nodes = [
            Node.create(root / name.lower(), "pass phrase", name) for name in NAMES[:size]
        ]
        founder, *others = self.nodes
        self.genesis = founder.found("Test", [n.authority() for n in others])
        for node in others:
            node.adopt(self.genesis)
        self.mayors = []
        for node, name in zip(self.nodes, NAMES, strict=False):
            self.mayors.append(node.add_member(f"Maire de {name}"))
            node.seal()
        self.sync()

    def sync(self, nodes: list[Node] | None = None) -> None:
        exchange(nodes or self.nodes)

    def close(self) -> None:
        for node in self.nodes:
            node.close()


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    """The order the tests ran in, even under -q (which hides pytest-randomly's header): a
    failure that depends on it is replayed with the same seed."""
    seed = getattr(config.option, "randomly_seed", None)
    if seed is None or not config.getoption("randomly_reorganize"):
        terminalreporter.write_line("Tests ran in file order (pytest-randomly off).")
    else:
        terminalreporter.write_line(
            f"Tests ran in random order: pytest -p randomly --randomly-seed={seed} replays it."
        )


@pytest.fixture
def net(tmp_path: Path) -> Iterator[Network]:
    network = Network(tmp_path, 3)
    yield network
    network.close()


@pytest.fixture
def ambam_worker(net: Network) -> Iterator[object]:
    """The GUI's worker with Ambam's profile open on it, as a screen under test gets it; the
    profile is handed back to `net` afterwards."""
    from app.ui.worker import Worker

    home = net.nodes[0].home
    net.nodes[0].close()
    worker = Worker()
    worker.open(lambda: Node.open(home, "pass phrase"))
    yield worker
    worker.stop()
    net.nodes[0] = Node.open(home, "pass phrase")


@pytest.fixture
def make_network(tmp_path: Path) -> Iterator[object]:
    made: list[Network] = []

    def make(size: int, name: str = "n") -> Network:
        network = Network(tmp_path / name, size)
        made.append(network)
        return network

    yield make
    for network in made:
        network.close()


@pytest.fixture(autouse=True)
def _english_screens(request: pytest.FixtureRequest) -> None:
    """Screens under test speak English unless a test asks for French (the source strings,
    with their plural forms from obambu_en.ts), in the platform's own font. The QApplication
    lives for the whole run: what an earlier test changed in it (the text size the settings
    apply, the language) must not decide what this one measures."""
    if "qapp" in request.fixturenames:
        from PySide6.QtGui import QFontDatabase

        from app.ui import i18n

        app = request.getfixturevalue("qapp")
        app.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont))
        i18n.install(app, "en")


@pytest.fixture(autouse=True)
def _no_hidden_dialogs(request: pytest.FixtureRequest) -> Iterator[None]:
    """A report or warning dialog in a screen test is a failure, not a hang: offscreen, a modal
    dialog would wait forever for a click. Tests that expect one patch it themselves."""
    if "qtbot" not in request.fixturenames:
        yield
        return
    from PySide6.QtWidgets import QMessageBox

    from app.ui.crash import CrashDialog

    shown: list[str] = []
    patch = request.getfixturevalue("monkeypatch")
    patch.setattr(CrashDialog, "exec", lambda self: shown.append(self.report.toPlainText()) or 0)
    patch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text) or 0)
    yield
    assert not shown, f"a dialog would have opened: {shown[0][-600:]}"


@pytest.fixture(autouse=True)
def _own_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings, data and logs go to the test's folder, never to the user's own, nor to another
    test's (portable mode sets these variables for the whole process)."""
    monkeypatch.setenv("OBAMBU_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("OBAMBU_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("OBAMBU_LAN", "off")  # windows under test stay off the LAN
    # The demo's people all have this PIN (app/core/demo.py): a command that signs as one of
    # them gives it, as a trainer would type it. Tests of PINs set or remove it themselves.
    monkeypatch.setenv("OBAMBU_PIN", "1234")


@pytest.fixture(scope="session")
def _fuzz_world_made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """The fuzzing harnesses' network (fuzz/world.py), made once; tests get copies of it."""
    from fuzz.world import World

    root = tmp_path_factory.mktemp("fuzz") / "world"
    world = World(root).prepare()
    keys = dict(world.keys)
    world.close()
    return root, keys


@pytest.fixture
def fuzz_world(_fuzz_world_made: tuple[Path, dict[str, bytes]], tmp_path: Path) -> Iterator[World]:
    """A copy of that network of this test's own: what the test changes stays with it."""
    from fuzz.world import World

    made, keys = _fuzz_world_made
    copy = tmp_path / "fuzz-world"
    shutil.copytree(made, copy, ignore=shutil.ignore_patterns("scratch"))
    world = World(copy, keys)
    yield world
    world.close()
