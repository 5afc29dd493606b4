"""Windows and dialogs that fit the screen they open on: a 1366×768 laptop with its task bar, at
150 % display scaling or with large text, leaves about 900×480 logical pixels. Sizes here are in
the text's own measure (`ems`), so they grow with the text size instead of cutting it; what is
taller than the screen scrolls, and a dialog's buttons stay in view below what scrolls."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QStyle, QVBoxLayout, QWidget

# What a desktop's title bar and window borders take: Qt cannot know before the window shows.
TITLE_BAR = 40
BORDERS = 8


def ems(widget: QWidget, count: float) -> int:
    """`count` average characters of `widget`'s text, in pixels."""
    return round(widget.fontMetrics().averageCharWidth() * count)


def room(widget: QWidget | None = None) -> QSize:
    """What a window may take on the screen it opens on, its title bar included."""
    # The screen of the window's native handle when it has one; never QWidget.screen() on a
    # widget being built: asked before the window exists, it left Qt's list of screens
    # corrupted here (PySide6 6.10, a crash in a later QWidget's constructor).
    handle = widget.window().windowHandle() if widget is not None else None
    screen = handle.screen() if handle is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    if screen is None:
        return QSize(1366, 728 - TITLE_BAR)
    free = screen.availableGeometry()
    return QSize(free.width() - BORDERS, free.height() - TITLE_BAR)


def fit_window(window: QWidget, width: int, height: int) -> None:
    """Resizes `window` to `width`×`height`, or less when the screen is smaller."""
    free = room(window)
    window.resize(min(width, free.width()), min(height, free.height()))


def scrolling(body: QWidget) -> QScrollArea:
    """`body` in a frameless scroll area that scrolls down, not sideways: its width is the
    body's own, when the screen has it."""
    area = QScrollArea()
    area.setWidget(body)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to what it holds
    bar = area.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, area)
    bar += 2 * area.frameWidth()
    area.setMinimumWidth(min(body.minimumSizeHint().width() + bar, room(body).width() - 40))
    return area


def scrolled_dialog(dialog: QWidget, body: QWidget, buttons: QWidget | None = None) -> None:
    """Lays `dialog` out as `body`, scrolling when the screen is too low for it, then `buttons`
    always in view; then sizes it to show all of `body` when the screen allows."""
    area = scrolling(body)
    layout = QVBoxLayout(dialog)
    layout.addWidget(area, 1)
    if buttons is not None:
        layout.addWidget(buttons)
    size_to_content(dialog, body, buttons)


def size_to_content(dialog: QWidget, body: QWidget, buttons: QWidget | None = None) -> None:
    """Sizes `dialog` (`body` in a scroll area, `buttons` below) to show all of `body` at the
    dialog's width, within the screen: Qt sizes a window by its widest text unwrapped and
    lets a wrapping label's height fall short, the scroll area asks for a few lines only."""
    layout = dialog.layout()
    assert layout is not None
    free = room(dialog)
    margins = layout.contentsMargins()
    around = margins.left() + margins.right()
    width = min(max(body.sizeHint().width() + around, dialog.minimumWidth()), free.width())
    inner = width - around
    tall = body.heightForWidth(inner) if body.hasHeightForWidth() else -1
    height = max(tall, body.minimumSizeHint().height()) + margins.top() + margins.bottom()
    if buttons is not None:
        height += buttons.sizeHint().height() + layout.spacing()
    dialog.resize(width, min(height, free.height()))


class _FontWatch(QObject):
    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)  # goes with the widget
        self.then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FontChange:
            QTimer.singleShot(0, self.then)  # once every widget has its new font
        return False


def on_font_change(widget: QWidget, then: Callable[[], None]) -> None:
    """Runs `then` when `widget`'s font changes (a new text size in Settings): sizes computed
    from the text when the screen was built are computed again."""
    _FontWatch(widget, then)
