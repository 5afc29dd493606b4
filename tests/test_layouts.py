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

from app.core import demo

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
