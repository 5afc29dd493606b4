"""Layouts that give way on a narrow window instead of making the screen scroll sideways (at
150 % display scaling or with large text, where "Signer" hid past the right edge):

- FlowLayout: a row of buttons that wraps onto the next line, as words do in a paragraph
  (Qt's own flow layout example, kept small: items at their size hint, in order);
- SideBySide: columns side by side when there is room for all of them, else one above the other.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QStyle, QWidget, QWidgetItem


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[QLayoutItem] = []

    def addItem(self, item: QLayoutItem) -> None:
        self.items.append(item)

    def count(self) -> int:
        return len(self.items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self.items[index] if 0 <= index < len(self.items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self.items.pop(index) if 0 <= index < len(self.items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        """All in one line, when there is room for it."""
        width = sum(self._hint(item).width() for item in self._shown())
        width += self._gap() * max(0, len(self._shown()) - 1)
        height = max((self._hint(item).height() for item in self._shown()), default=0)
        return QSize(width, height).grownBy(self.contentsMargins())

    def minimumSize(self) -> QSize:
        """The widest single item: the rest goes onto further lines."""
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize()).expandedTo(self._hint(item))
        return size.grownBy(self.contentsMargins())

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self.items if not item.isEmpty()]

    @staticmethod
    def _hint(item: QLayoutItem) -> QSize:
        return item.sizeHint()

    def _gap(self) -> int:
        if self.spacing() >= 0:
            return self.spacing()
        parent = self.parentWidget()
        style = parent.style() if parent is not None else None
        if style is None:
            return 6
        return style.layoutSpacing(
            QSizePolicy.ControlType.PushButton,
            QSizePolicy.ControlType.PushButton,
            Qt.Orientation.Horizontal,
        ) or style.pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing)

    def _place(self, rect: QRect, move: bool) -> int:
        """Lays the items out in lines within `rect` (when `move`); the height they take."""
        margins: QMargins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        x, y, line = area.x(), area.y(), 0
        gap = self._gap()
        for item in self._shown():
            hint = self._hint(item)
            if x > area.x() and x + hint.width() > area.right() + 1:
                x, y, line = area.x(), y + line + gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + gap
            line = max(line, hint.height())
        return y + line - rect.y() + margins.bottom()


class SideBySide(QLayout):
    """Columns side by side when the screen is wide enough for all of them, one above the
    other when it is not (the relays' screen at 150 %): the screen then scrolls down, never
    sideways. Each column is a layout, with its share of the width when side by side."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns: list[tuple[QLayoutItem, int]] = []

    def add_column(self, column: QLayout | QWidget, share: int = 1) -> None:
        if isinstance(column, QWidget):
            self.addChildWidget(column)
            self.columns.append((QWidgetItem(column), share))
        else:
            self.addChildLayout(column)
            self.columns.append((column, share))
        self.invalidate()

    def addItem(self, item: QLayoutItem) -> None:
        self.columns.append((item, 1))

    def count(self) -> int:
        return len(self.columns)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self.columns[index][0] if 0 <= index < len(self.columns) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self.columns.pop(index)[0] if 0 <= index < len(self.columns) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation.Horizontal | Qt.Orientation.Vertical

    def _gap(self) -> int:
        return max(self.spacing(), 6)

    def _side(self, width: int) -> bool:
        inner = width - self.contentsMargins().left() - self.contentsMargins().right()
        needed = sum(item.minimumSize().width() for item, _ in self.columns)
        return inner >= needed + self._gap() * max(0, len(self.columns) - 1)

    def _widths(self, width: int) -> list[int]:
        """Each column's width side by side: its minimum, and the rest shared by `share`."""
        inner = width - self.contentsMargins().left() - self.contentsMargins().right()
        inner -= self._gap() * max(0, len(self.columns) - 1)
        least = [item.minimumSize().width() for item, _ in self.columns]
        spare = max(0, inner - sum(least))
        shares = [share for _, share in self.columns]
        total = sum(shares) or 1
        return [low + spare * share // total for low, share in zip(least, shares, strict=True)]

    @staticmethod
    def _height(item: QLayoutItem, width: int) -> int:
        if item.hasHeightForWidth():
            return max(item.heightForWidth(width), item.minimumSize().height())
        return item.sizeHint().height()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        margins = self.contentsMargins()
        if self._side(width):
            widths = self._widths(width)
            pairs = zip(self.columns, widths, strict=True)
            tallest = max((self._height(item, w) for (item, _), w in pairs), default=0)
            return tallest + margins.top() + margins.bottom()
        inner = width - margins.left() - margins.right()
        heights = [self._height(item, inner) for item, _ in self.columns]
        gaps = self._gap() * max(0, len(heights) - 1)
        return sum(heights) + gaps + margins.top() + margins.bottom()

    def sizeHint(self) -> QSize:
        width = sum(item.sizeHint().width() for item, _ in self.columns)
        width += self._gap() * max(0, len(self.columns) - 1)
        height = max((item.sizeHint().height() for item, _ in self.columns), default=0)
        return QSize(width, height).grownBy(self.contentsMargins())

    def minimumSize(self) -> QSize:
        """One above the other: the widest column's minimum."""
        width = max((item.minimumSize().width() for item, _ in self.columns), default=0)
        height = max((item.minimumSize().height() for item, _ in self.columns), default=0)
        return QSize(width, height).grownBy(self.contentsMargins())

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        area = rect.marginsRemoved(self.contentsMargins())
        if self._side(rect.width()):
            x = area.x()
            for (item, _), width in zip(self.columns, self._widths(rect.width()), strict=True):
                item.setGeometry(QRect(x, area.y(), width, area.height()))
                x += width + self._gap()
            return
        y = area.y()
        for number, (item, _) in enumerate(self.columns):
            height = self._height(item, area.width())
            if number == len(self.columns) - 1:
                height = max(height, area.bottom() + 1 - y)  # the last takes what is left
            item.setGeometry(QRect(area.x(), y, area.width(), height))
            y += height + self._gap()
