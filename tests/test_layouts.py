"""Every screen and dialog on a 1366×768 laptop whose task bar takes 40 px, at 100 %, 125 % and
150 % display scaling and at text size 16: no label, button, check box or column title cut
off, no control out of the window or the screen, no window larger than the screen.

Each setting runs tests/layout_worker.py in its own process (Qt reads the scale once, when the
application starts), on a screen the offscreen platform is told to have; the worker prints what
it found cut off (tests/layout_check.py), and the test shows all of it at once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget

from app.core import demo
from app.core.node.node import Node
from app.ui.window import MainWindow
from app.ui.worker import Worker

LAPTOP = (1366, 768)
TASK_BAR = 40  # device pixels the desktop keeps at the bottom of the screen
DEFAULT_TEXT = 11  # app/ui/settings.py: the text size a new user gets
WORKER = Path(__file__).with_name("layout_worker.py")


def screen_file(folder: Path) -> Path:
    """The offscreen platform's screen: what is left of the laptop's screen above its task bar
    (the offscreen platform has no task bar of its own, so its whole screen is available)."""
    width, height = LAPTOP
    screen = {"name": "laptop", "x": 0, "y": 0, "width": width, "height": height - TASK_BAR}
    screen |= {"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    path = folder / "screen.json"
    path.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    return path


def run_at(folder: Path, demo_home: Path, scale: float, language: str, size: int) -> list[str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen_file(folder)}"
    env["QT_SCALE_FACTOR"] = str(scale)
    env["QT_ENABLE_HIGHDPI_SCALING"] = "1"
    env.setdefault("OBAMBU_KDF", "interactive")
    env["OBAMBU_LAN"] = "off"
    env["OBAMBU_CONFIG_DIR"] = str(folder / "config")
    run = subprocess.run(
        [sys.executable, str(WORKER), str(demo_home), language, str(size)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-4000:]
    found: list[str] = json.loads(run.stdout.strip().splitlines()[-1])
    return found


@pytest.fixture(scope="module")
def demo_network(tmp_path_factory: pytest.TempPathFactory) -> Path:
    os.environ.setdefault("OBAMBU_KDF", "interactive")
    root = tmp_path_factory.mktemp("layouts") / "demo"
    demo.build(root, 3, "demo")
    return root


@pytest.mark.parametrize(
    ("scale", "language", "size"),
    [
        (1.0, "fr", DEFAULT_TEXT),
        (1.25, "fr", DEFAULT_TEXT),
        (1.5, "fr", DEFAULT_TEXT),
        (1.5, "en", DEFAULT_TEXT),
        (1.0, "fr", 16),
    ],
)
def test_nothing_is_cut_off(
    demo_network: Path, tmp_path: Path, scale: float, language: str, size: int
) -> None:
    found = run_at(tmp_path, demo_network, scale, language, size)
    assert not found, "\n".join(found)


def _drag(handle: QWidget, by: int) -> None:
    """A press on the splitter's handle, a move `by` pixels to the right, a release: as a
    mouse does (QTest's moves carry no pressed button, which a handle needs)."""
    start = QPointF(handle.rect().center())
    end = start + QPointF(by, 0)
    left = Qt.MouseButton.LeftButton
    for kind, at, buttons in (
        (QEvent.Type.MouseButtonPress, start, left),
        (QEvent.Type.MouseMove, end, left),
        (QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton),
    ):
        global_at = QPointF(handle.mapToGlobal(at.toPoint()))
        event = QMouseEvent(kind, at, global_at, left, buttons, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(handle, event)


def test_the_sidebar_widened_by_dragging_stays_so_at_the_next_start(qtbot, net) -> None:  # type: ignore[no-untyped-def]
    home = net.nodes[0].home
    net.nodes[0].close()

    def start() -> MainWindow:
        worker = Worker()
        worker.open(lambda: Node.open(home, "pass phrase"))
        window = MainWindow(worker)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    window = start()
    narrow = window.nav.width()
    assert narrow >= window.nav.sizeHintForColumn(0)  # as wide as its longest name
    _drag(window.split.handle(1), 80)
    wide = window.nav.width()
    assert wide >= narrow + 60
    window.close()  # the settings keep it
    again = start()
    try:
        assert abs(again.nav.width() - wide) <= 2
    finally:
        again.close()
    net.nodes[0] = Node.open(home, "pass phrase")  # for the fixture, which closes it
