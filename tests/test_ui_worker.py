"""The worker: store calls off the GUI thread, callbacks back on it, in order."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QCoreApplication

from app.core.errors import WrongPassphrase
from app.core.node.node import Node
from app.core.queries import status
from app.ui.worker import Worker


@pytest.fixture
def worker(qtbot):  # type: ignore[no-untyped-def]
    made = Worker()
    yield made
    made.stop()


def test_operations_run_off_the_gui_thread_and_answer_on_it(qtbot, worker, net) -> None:  # type: ignore[no-untyped-def]
    home = net.nodes[0].home
    net.nodes[0].close()
    gui = threading.get_ident()
    seen: list[tuple[str, int]] = []
    worker.open(lambda: Node.open(home, "pass phrase"))
    worker.submit(
        lambda node: (status(node)["commune"], threading.get_ident()),
        lambda result: seen.append((result[0], result[1]))
        or seen.append(("cb", threading.get_ident())),
    )
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=10_000)
    (commune, where), (_, callback) = seen
    assert commune == "Ambam" and where != gui and callback == gui
    net.nodes[0] = Node.open(home, "pass phrase")  # the fixture closes it


def test_a_wrong_passphrase_comes_back_as_the_error(qtbot, worker, net) -> None:  # type: ignore[no-untyped-def]
    home = net.nodes[0].home
    errors: list[BaseException] = []
    worker.open(lambda: Node.open(home, "wrong"), failed=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert isinstance(errors[0], WrongPassphrase)


def test_busy_is_reported_and_order_is_kept(qtbot, worker) -> None:  # type: ignore[no-untyped-def]
    states: list[bool] = []
    order: list[int] = []
    worker.busy.connect(states.append)
    for n in range(20):
        worker.call(lambda n=n: n, order.append)
    qtbot.waitUntil(lambda: len(order) == 20, timeout=10_000)
    assert order == list(range(20)) and states[0] is True and states[-1] is False
    assert QCoreApplication.instance() is not None
