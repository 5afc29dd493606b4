"""The window's sidebar, as wide as its longest entry at the text size in use, so that no
screen's name is cut ("Station de synchronisation" at text size 16), and the screens it
switches between, each scrolling when the window is smaller than it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QFrame, QListWidget, QScrollArea, QStackedWidget, QStyle, QWidget


class Sidebar(QListWidget):
    def _width(self) -> int:
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        # Room for a scroll bar too: at 150 % with large text the list may be taller than
        # the window, and the bar must not cover the ends of the names.
        return self.sizeHintForColumn(0) + 2 * self.frameWidth() + bar + 4

    def sizeHint(self) -> QSize:
        return QSize(self._width(), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self._width(), super().minimumSizeHint().height())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # a new text size in Settings
            self.updateGeometry()


class Screens(QStackedWidget):
    """The screens the sidebar switches between, each in a scroll area: a screen taller or
    wider than the window (150 % scaling, large text) scrolls instead of pushing the window
    off the screen. `widget`, `currentWidget` and `indexOf` speak of the screens themselves,
    not of the scroll areas that hold them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.held: list[QWidget] = []  # the screens, in the order of their scroll areas

    def add_screen(self, screen: QWidget) -> int:
        area = QScrollArea()
        area.setWidget(screen)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to what it holds
        self.held.append(screen)
        return self.addWidget(area)

    def widget(self, index: int) -> QWidget | None:
        return self.held[index] if 0 <= index < len(self.held) else super().widget(index)

    def currentWidget(self) -> QWidget:
        shown = self.widget(self.currentIndex())
        return shown if shown is not None else super().currentWidget()

    def indexOf(self, widget: QWidget) -> int:
        return self.held.index(widget) if widget in self.held else super().indexOf(widget)
