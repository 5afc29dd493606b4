"""The demo network as the first screens offer it: built once under the data folder, then
offered again at every start, with its passphrase shown.

A person who tried the demo and starts Obambu again must find it where they left it: were the
first screen to say "no profile yet", they would think their work gone. And its passphrase is no
secret (nothing in the demo is real), so it is shown rather than remembered.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from app.core import demo
from app.core.node.node import Node
from app.core.progress import Listener
from app.ui.operations import LongOp
from app.ui.plain import fill
from app.ui.worker import Worker

PASSPHRASE = "demo"
COMMUNES = 3


def home(root: Path) -> Path:
    """The commune whose laptop the window opens: the demo's first (Ambam)."""
    return root / demo.COMMUNES[0][0].lower()


def exists(root: Path) -> bool:
    """Whether a demo was built here before (by the first screen or `obambu demo`)."""
    return Node.exists(home(root))


def open_demo(
    parent: QWidget,
    worker: Worker,
    root: Path,
    opened: Callable[[Node], None],
    failed: Callable[[BaseException], object],
) -> Path:
    """Builds the demo under `root` unless it is there already, then opens its first commune
    on `worker`; returns that commune's home."""
    first = home(root)

    def build(_progress: Listener) -> Path:
        if not first.exists():
            demo.build(root, COMMUNES, PASSPHRASE)
        return first

    def built(built_home: Path) -> None:
        worker.open(lambda: Node.open(built_home, PASSPHRASE), opened, failed)

    # Minutes of signing and writing three profiles: a job, not the store's worker.
    LongOp.off_store(parent, worker, build, built).failure(failed).run_in_background()
    return first


def passphrase_sentence() -> str:
    """Shown wherever the demo is offered: nothing in it is secret, so nor is its passphrase."""
    text = QCoreApplication.translate(
        "demo_network",
        "The demo's passphrase is “{passphrase}”; every person's PIN is {pin}. Nothing in it is "
        "real: try everything.",
    )
    return fill(text, passphrase=PASSPHRASE, pin=demo.DEMO_PIN)
