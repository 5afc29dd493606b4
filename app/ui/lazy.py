"""A table model that fetches its rows page by page through the worker, as the view scrolls.

The view asks `canFetchMore` when it nears the end; the next page is read on the worker thread
and appended on the GUI thread. So a forum of 100,000 posts opens with its first page only, and
scrolling never waits for the disk.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from app.core.node.node import Node
from app.ui import failure
from app.ui.operations import QueryOp
from app.ui.plain import rich, shown
from app.ui.worker import Worker

PAGE = 200
Index = QModelIndex | QPersistentModelIndex
Row = Any  # one read model per line, such as forum.queries.Thread
Fetch = Callable[[Node, int, int], Sequence[Row]]


class LazyTableModel(QAbstractTableModel):
    def __init__(
        self,
        worker: Worker,
        columns: Sequence[tuple[str, Callable[[Row], str]]],
        fetch: Fetch,
        bold: Callable[[Row], bool] | None = None,
    ) -> None:
        super().__init__()
        self.bold = bold  # rows to stand out, such as unread threads
        self.worker = worker
        self.columns = list(columns)
        self.fetch = fetch
        self.rows: list[Row] = []
        self.exhausted = False
        self.loading = False
        self.generation = 0  # pages asked for before a reset are dropped when they arrive

    def reset(self, fetch: Fetch | None = None) -> None:
        self.beginResetModel()
        if fetch is not None:
            self.fetch = fetch
        self.rows, self.exhausted, self.loading = [], False, False
        self.generation += 1
        self.endResetModel()
        self.fetchMore(QModelIndex())

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.FontRole and self.bold is not None:
            if self.bold(self.rows[index.row()]):
                font = QFont()
                font.setBold(True)
                return font
            return None
        # Cells hold titles, names and messages from others: shown neutralised (app/ui/plain.py).
        if role == Qt.ItemDataRole.DisplayRole:
            return shown(self.columns[index.column()][1](self.rows[index.row()]))
        if role == Qt.ItemDataRole.ToolTipRole:  # what a narrow column had to cut
            return rich(self.columns[index.column()][1](self.rows[index.row()]))
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section][0]
        return None

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and not self.exhausted and not self.loading

    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent):
            return
        self.loading = True
        offset, generation, fetch = len(self.rows), self.generation, self.fetch
        QueryOp(
            None,  # a model, not a widget: nothing to parent a progress to
            self.worker,
            lambda node: fetch(node, offset, PAGE),
            lambda rows: self._arrived(generation, rows),
        ).failure(lambda error: self._arrived(generation, [], error)).run_in_background()

    def _arrived(
        self, generation: int, rows: Sequence[Row], error: BaseException | None = None
    ) -> None:
        if generation != self.generation:
            return
        self.loading = False
        self.exhausted = len(rows) < PAGE or error is not None
        if rows:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()
        if error is not None:
            failure.report(error)

    def row(self, number: int) -> Row:
        return self.rows[number]

    def replace(self, number: int, row: Row) -> None:
        """Shows a changed line at once, such as a thread just read."""
        self.rows[number] = row
        self.dataChanged.emit(self.index(number, 0), self.index(number, len(self.columns) - 1))
