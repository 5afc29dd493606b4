"""What a person would see cut off on a shown window: the findings tests/test_layouts.py and the
journeys assert empty. Each finding is one sentence naming the window, the control and its text.

A control counts as cut off when Qt has less room for it than it asks for its text (its minimum
size hint: a button, a check box, a label that does not wrap), when a wrapping label is lower
than its text needs at its width, when a table's column is narrower than its title, when a list
that does not wrap is narrower than its longest entry (the sidebar), when a screen or a form
scrolls sideways, and when it lies outside its window, outside a parent that does not scroll,
or the window outside the screen's available area. What a scroll area holds may lie outside
its viewport: the person scrolls to it.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QScrollArea,
    QStyle,
    QTabBar,
    QWidget,
)

CONTROLS = (
    QAbstractButton,
    QLabel,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractScrollArea,
    QTabBar,
)
TITLE_BAR = 32  # logical pixels a desktop's title bar adds above a window (none offscreen)


def available() -> QRect:
    screen = QApplication.primaryScreen()
    assert screen is not None
    return screen.availableGeometry()


def _name(window: QWidget, widget: QWidget) -> str:
    text = ""
    if isinstance(widget, QLabel | QAbstractButton):
        text = widget.text()
    label = widget.objectName() or widget.accessibleName()
    what = f"{type(widget).__name__} {text or label!r}"
    holder = widget.parentWidget()
    while holder is not None and not type(holder).__module__.startswith("app."):
        holder = holder.parentWidget()
    if holder is not None and holder is not window:
        what += f" in {type(holder).__name__}"
    return f"{window.windowTitle() or type(window).__name__}: {what}"


def _cut_text(widget: QWidget) -> str | None:
    if isinstance(widget, QLabel):
        if not widget.text() or not widget.pixmap().isNull():
            return None
        if widget.wordWrap():
            needed = widget.heightForWidth(widget.width())
            if needed > widget.height():
                return f"wraps to {needed} px high, has {widget.height()}"
            return None
    elif not isinstance(widget, QAbstractButton) or not widget.text():
        return None
    needed = widget.minimumSizeHint().width()
    if needed > widget.width():
        return f"needs {needed} px wide, has {widget.width()}"
    return None


def _cut_titles(header: QHeaderView) -> list[str]:
    model = header.model()
    if model is None or header.orientation() != Qt.Orientation.Horizontal:
        return []
    style = header.style()
    margin = 2 * style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    cut = []
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        title = str(model.headerData(section, Qt.Orientation.Horizontal) or "")
        needed = header.fontMetrics().horizontalAdvance(title) + margin
        if needed > header.sectionSize(section):
            cut.append(f"column {title!r} needs {needed} px, has {header.sectionSize(section)}")
    return cut


def _cut_entries(view: QListView) -> str | None:
    if view.wordWrap() or view.model() is None or view.model().rowCount() == 0:
        return None
    needed = view.sizeHintForColumn(0)
    if needed > view.viewport().width():
        return f"its longest entry needs {needed} px, has {view.viewport().width()}"
    return None


def _sideways(area: QScrollArea) -> str | None:
    """A form or a screen that scrolls sideways hides its right-hand buttons ("Signer"): only
    a picture may (a page at its size)."""
    held = area.widget()
    if held is None or isinstance(held, QLabel) or not area.horizontalScrollBar().isVisible():
        return None
    needed, has = held.minimumSizeHint().width(), area.viewport().width()
    return f"({type(held).__name__}) scrolls sideways: it needs {needed} px, has {has}"


def _outside(window: QWidget, widget: QWidget) -> str | None:
    """Where `widget` is cut by its window or by a parent that does not scroll."""
    child, parent = widget, widget.parentWidget()
    while parent is not None and parent is not window:
        holder = parent.parentWidget()
        if isinstance(holder, QAbstractScrollArea) and parent is holder.viewport():
            return None  # scrolled to
        if not parent.rect().contains(child.geometry()):
            return f"is cut by its parent {type(parent).__name__}"
        child, parent = parent, parent.parentWidget()
    rect = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
    if not window.rect().contains(rect):
        return f"lies at {rect.getRect()}, outside the window's {window.rect().getRect()}"
    return None


def findings(window: QWidget) -> list[str]:
    """Everything cut off or out of reach on `window`, shown; empty when all is in view."""
    found = []
    frame, screen = window.frameGeometry(), available()
    if not screen.contains(frame):
        found.append(
            f"{_name(window, window)}: the window {frame.getRect()} does not fit the screen's "
            f"available {screen.getRect()}"
        )
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not window:
            continue
        problems: list[str] = []
        if isinstance(widget, CONTROLS):
            problems.append(_outside(window, widget) or "")
        problems.append(_cut_text(widget) or "")
        if isinstance(widget, QHeaderView):
            problems.extend(_cut_titles(widget))
        if isinstance(widget, QScrollArea):
            problems.append(_sideways(widget) or "")
        if isinstance(widget, QListView):
            problems.append(_cut_entries(widget) or "")
        found.extend(f"{_name(window, widget)} {p}" for p in problems if p)
    return found


def fits_with_title_bar(window: QWidget) -> str | None:
    """A window shown at its own size must fit the screen with a desktop's title bar above it."""
    frame, screen = window.frameGeometry(), available()
    if frame.width() > screen.width() or frame.height() + TITLE_BAR > screen.height():
        return (
            f"{_name(window, window)}: {frame.width()}×{frame.height()} and a title bar do not "
            f"fit the screen's available {screen.width()}×{screen.height()}"
        )
    return None
