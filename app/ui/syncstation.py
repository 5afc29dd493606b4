"""The sync station: plug a stick in, see what it brings, sync, and be told when it may go.

Mounted volumes are watched; a stick with an OBAMBU folder shows up here by itself. The sync is
the clerk's whole visit: take in what the stick brings, then write what it lacks. Each phase
reports its counts; "You may remove the stick" appears only after the read-back check.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from PySide6.QtCore import QStorageInfo, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.node import Node
from app.sync import intake
from app.sync.export import ExportReport, export
from app.sync.intake import ImportReport, Preflight
from app.sync.progress import Phase, Progress
from app.sync.stick import ROOT
from app.ui.messages import user_message
from app.ui.worker import Worker

WATCH_MS = 2000


class Cancelled(Exception):
    """The clerk pressed Cancel: the sync stops at the next safe point."""


def find_sticks() -> list[Path]:
    """Mounted volumes that carry an OBAMBU folder."""
    found = []
    for volume in QStorageInfo.mountedVolumes():
        if volume.isValid() and volume.isReady() and not volume.isReadOnly():
            root = Path(volume.rootPath())
            if (root / ROOT).is_dir():
                found.append(root)
    return found


class SyncStation(QWidget):
    stick_arrived = Signal(object)  # the MainWindow brings this screen forward

    def __init__(self, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.stick: Path | None = None
        self.known_sticks: set[Path] = set()
        self.cancel_flag = threading.Event()
        self.running = False
        self.phase_names = {
            Phase.READ: self.tr("Copying from the stick"),
            Phase.VERIFY: self.tr("Checking what was copied"),
            Phase.APPLY: self.tr("Applying to this laptop's ledger"),
            Phase.WRITE: self.tr("Writing to the stick"),
            Phase.FLUSH: self.tr("Forcing the stick to keep it"),
            Phase.CHECK: self.tr("Reading back what was written"),
        }
        self.where = QLabel(self.tr("Plug in a stick, or choose a folder."))
        self.where.setWordWrap(True)
        self.where.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.choose = QPushButton(self.tr("Choose a folder…"))
        self.choose.clicked.connect(self.choose_folder)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.sync_button = QPushButton(self.tr("Sync"))
        self.sync_button.clicked.connect(self.sync)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel_flag.set)
        self.phase = QLabel()
        self.bar = QProgressBar()
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.safe = QLabel()
        self.safe.setStyleSheet("font-size: 14pt; font-weight: bold; color: #1b5e20;")
        top = QHBoxLayout()
        top.addWidget(self.where, 1)
        top.addWidget(self.choose)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        for widget in (self.phase, self.bar, self.result, self.safe):
            layout.addWidget(widget)
        layout.addStretch(1)
        worker.progress.connect(self._progress)
        self.watch = QTimer(self)
        self.watch.timeout.connect(self.look_for_sticks)
        self.watch.start(WATCH_MS)
        self._idle(running=False)

    # --- finding the stick ------------------------------------------------------------------

    def look_for_sticks(self) -> None:
        now = set(find_sticks())
        for arrived in sorted(now - self.known_sticks):
            self.use(arrived)
            self.stick_arrived.emit(arrived)
        self.known_sticks = now

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose the stick or its folder"))
        if folder:
            self.use(Path(folder))

    def use(self, stick: Path) -> None:
        self.stick = stick
        self.where.setText(self.tr("Stick: %1").replace("%1", str(stick)))
        self.safe.clear()
        self.result.clear()
        self.summary.setText(self.tr("Looking at what the stick brings…"))
        self.sync_button.setEnabled(False)  # until the pre-flight has answered
        has_folder = (stick / ROOT).is_dir() or stick.name == ROOT
        if not has_folder:
            self.summary.setText(
                self.tr("This stick has never been used by Obambu; a sync will start it.")
            )
            self._idle(running=False)
            return
        self.worker.submit(
            lambda node: intake.preflight(node, stick), self._preflight, self._failed
        )

    def _preflight(self, seen: Preflight) -> None:
        lines = []
        if seen.visited:
            visits = ", ".join(
                f"{name} ({time.strftime('%d/%m %H:%M', time.localtime(when))})"
                for name, when in seen.visited[:5]
            )
            lines.append(self.tr("Visited: %1").replace("%1", visits))
        news = seen.new
        if news.get("blocks") or news.get("document_parts"):
            text = self.tr("New for us: %1 blocks (%2 posts, %3 votes, %4 attestations), %5 bytes.")
            for mark, key in (("%1", "blocks"), ("%2", "posts"), ("%3", "votes"),
                              ("%4", "attestations"), ("%5", "bytes")):  # fmt: skip
                text = text.replace(mark, str(news.get(key, 0)))
            lines.append(text)
        else:
            lines.append(self.tr("Nothing new for us on this stick."))
        for name, seq in seen.missing:
            lines.append(
                self.tr("Still missing: blocks of %1 from number %2, on no stick yet.")
                .replace("%1", name)
                .replace("%2", str(seq))
            )
        if seen.damaged:
            lines.append(self.tr("%n damaged item(s) will be skipped.", "", seen.damaged))
        self.summary.setText("\n".join(lines))
        if not self.running:
            self._idle(running=False)

    # --- syncing ----------------------------------------------------------------------------

    def sync(self) -> None:
        stick = self.stick
        if stick is None:
            return
        self.cancel_flag.clear()
        self.safe.clear()
        self.result.clear()
        self._idle(running=True)
        report = self.worker.report
        flag = self.cancel_flag

        def listener(event: Progress) -> None:
            if flag.is_set() and event.phase in (Phase.READ, Phase.VERIFY, Phase.APPLY):
                raise Cancelled()
            report(event)

        def visit(node: Node) -> tuple[ImportReport, ExportReport]:
            taken = ImportReport()
            if (stick / ROOT).is_dir() or stick.name == ROOT:
                taken = intake.stage(node, stick, listener)
                taken = intake.apply_staged(node, taken, listener)
            written = export(node, stick, progress=listener)
            return taken, written

        self.worker.submit(visit, self._synced, self._failed)

    def _progress(self, event: Progress) -> None:
        self.phase.setText(self.phase_names.get(event.phase, event.phase.value))
        self.bar.setRange(0, event.total or 0)
        self.bar.setValue(event.done)
        if event.phase == Phase.READ:
            self.safe.clear()

    def _synced(self, reports: tuple[ImportReport, ExportReport]) -> None:
        taken, written = reports
        lines = [self._taken(taken)]
        if taken.damaged:
            lines.append(
                self.tr("%n damaged item(s) were skipped; the rest was taken.", "", taken.damaged)
            )
        if taken.left_out:
            lines.append(
                self.tr(
                    "%n segment(s) of another network or key stay on the stick.", "", taken.left_out
                )
            )
        text = self.tr("%1 items written to the stick, %2 already there.")
        lines.append(text.replace("%1", str(written.written)).replace("%2", str(written.known)))
        if written.left_out:
            lines.append(
                self.tr("%n item(s) did not fit and wait for the next trip.", "", written.left_out)
            )
        self.result.setText("\n".join(lines))
        self.safe.setText(self.tr("You may remove the stick."))
        self.phase.setText(self.tr("Done."))
        self._idle(running=False)

    def _taken(self, taken: ImportReport) -> str:
        if taken.new == 0 and not taken.damaged:
            return self.tr("All %1 items already known.").replace("%1", str(taken.known))
        text = self.tr("%1 new items taken in, %2 already known.")
        text = text.replace("%1", str(taken.new)).replace("%2", str(taken.known))
        if taken.pending:
            text += " " + self.tr("%n block(s) wait for earlier blocks.", "", taken.pending)
        return text

    def _failed(self, error: BaseException) -> None:
        if not self.running:  # a pre-flight that failed: say why, and no sync on that stick
            self.summary.setText(user_message(error))
            self.result.setText(user_message(error))
            self.sync_button.setEnabled(False)
            return
        if isinstance(error, Cancelled):
            self.result.setText(
                self.tr("Stopped. What was taken in is kept; sync again to finish.")
            )
        else:
            self.result.setText(user_message(error))
        self.phase.clear()
        self._idle(running=False)

    def _idle(self, running: bool) -> None:
        self.running = running
        self.sync_button.setEnabled(not running and self.stick is not None)
        self.cancel_button.setEnabled(running)
        self.choose.setEnabled(not running)

    def refresh(self) -> None:
        self.look_for_sticks()
