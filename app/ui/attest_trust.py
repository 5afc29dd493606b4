"""Listes de confiance et annulations: how fresh each commune's list of cancellations is here,
against the limit of each document type, and the verifier kit for a gendarmerie, a school or
a health post (written to a stick; its size is shown before writing)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.attestations import kit, queries
from app.core.attestations.queries import Freshness
from app.core.safetext import line
from app.ui import confirm, failure, files, formats
from app.ui.operations import LongOp, QueryOp
from app.ui.plain import fill, rich
from app.ui.worker import Worker


class TrustPanel(QWidget):
    def __init__(self, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Commune"), self.tr("List of"), self.tr("Age"), self.tr("Verifications")]
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.export_button = QPushButton(self.tr("Write a verifier kit to a stick…"))
        self.export_button.clicked.connect(self.export_kit)
        explain = QLabel(
            self.tr(
                "A verifier kit lets a gendarmerie, a school or a health post check "
                "attestations offline without joining the network. It holds the town halls' "
                "public keys with the names of those who sign, and their cancellations; "
                "never the names of the people attested."
            )
        )
        explain.setWordWrap(True)
        self.message = QLabel()
        self._failed = failure.into(self.message)
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(explain)
        layout.addWidget(self.export_button)
        layout.addWidget(self.message)

    def refresh(self) -> None:
        QueryOp(self, self.worker, queries.freshness, self._show).failure(
            self._failed
        ).run_in_background()

    def _show(self, rows: list[Freshness]) -> None:
        self.table.setRowCount(len(rows))
        for n, row in enumerate(rows):
            day = formats.short_date(row.as_of)
            age = self.tr("%n day(s)", "", row.age) if row.age else self.tr("today")
            state = (
                fill(self.tr("too old for: {stale}"), stale=", ".join(row.stale))
                if row.stale
                else self.tr("fresh enough for every document")
            )
            for column, text in enumerate((row.commune, day, age, state)):
                self.table.setItem(n, column, QTableWidgetItem(line(text)))

    def export_kit(self) -> None:
        folder = files.folder(self, self.tr("Choose the stick"))
        if folder:
            QueryOp(
                self, self.worker, kit.build, lambda data: self._confirm(data, Path(folder))
            ).failure(self._failed).run_in_background()

    def _confirm(self, data: bytes, folder: Path) -> None:
        question = self.tr(
            "The kit takes %Ln kB. Write it to {folder}?", "", max(1, len(data) // 1024)
        )
        if confirm.ask(
            self,
            self.tr("Verifier kit"),
            rich(fill(question, folder=str(folder))),
            self.tr("Write the kit"),
        ):
            LongOp.off_store(
                self, self.worker, lambda _progress: kit.write(data, folder), self._exported
            ).failure(self._failed).run_in_background()

    def _exported(self, path: Path) -> None:
        size = path.stat().st_size
        text = self.tr(
            "Verifier kit written: {path} (%Ln kB). Give the stick to the verifier.",
            "",
            max(1, size // 1024),
        )
        self.message.setText(fill(text, path=str(path)))
