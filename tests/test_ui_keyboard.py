"""No screen needs a mouse: Ctrl+1… reach every screen, and Tab moves into the screen shown."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from app.core.node.node import Node
from app.ui.window import MainWindow
from app.ui.worker import Worker


def _next_tab_stop(widget: QWidget) -> QWidget:
    """Where Tab goes from `widget`: the next visible, enabled widget that takes Tab focus."""
    current = widget.nextInFocusChain()
    while current is not widget:
        takes_tab = current.focusPolicy() & Qt.FocusPolicy.TabFocus
        if takes_tab and current.isVisible() and current.isEnabled():
            return current
        current = current.nextInFocusChain()
    raise AssertionError("nothing else takes the focus")


def test_every_screen_by_keyboard(qtbot, net) -> None:  # type: ignore[no-untyped-def]
    home = net.nodes[0].home
    net.nodes[0].close()
    worker = Worker()
    worker.open(lambda: Node.open(home, "pass phrase"))
    window = MainWindow(worker)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):  # shortcuts go to the active window
        window.show()
        window.activateWindow()
    try:
        for number in range(window.nav.count()):
            shift = Qt.KeyboardModifier.ShiftModifier if number >= 10 else Qt.KeyboardModifier(0)
            qtbot.keyClick(
                window,
                Qt.Key(Qt.Key.Key_0 + (number + 1) % 10),
                Qt.KeyboardModifier.ControlModifier | shift,
            )
            assert window.stack.currentIndex() == number
            following = _next_tab_stop(window.nav)
            assert window.stack.currentWidget().isAncestorOf(following), (number, following)
        qtbot.waitUntil(lambda: worker.pending == 0, timeout=20_000)
    finally:
        worker.stop()
        net.nodes[0] = Node.open(home, "pass phrase")
