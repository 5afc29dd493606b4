"""The main window: the screens in a list on the left, one shown at a time, keyboard first."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.ui.acting import ActingBar
from app.ui.attestations import AttestationsPage
from app.ui.devices import DevicesPage
from app.ui.documents import DocumentsPage
from app.ui.fit import fit_window
from app.ui.forum import ForumPage
from app.ui.home import HomePage
from app.ui.members import MembersPage
from app.ui.menus import install, remember
from app.ui.network import NetworkPage
from app.ui.notify import NewsBanner
from app.ui.operations import CollectionOp, changes
from app.ui.settings import Settings, SettingsPage
from app.ui.sidebar import Screens, Sidebar
from app.ui.sittings import SittingsPage
from app.ui.syncstation import SyncStation
from app.ui.votes import VotesPage
from app.ui.worker import Worker

SEAL_CHECK_MS = 10_000


class MainWindow(QMainWindow):
    def __init__(self, worker: Worker, data_folder: Path | None = None) -> None:
        super().__init__()
        self.worker = worker
        self.data_folder = data_folder
        self.successor: MainWindow | None = None  # the window rebuilt in another language
        self.setWindowTitle(self.tr("Obambu"))
        fit_window(self, 1280, 700)  # less on a screen with less room (150 %, a task bar)
        self.home = HomePage(worker)
        self.forum = ForumPage(worker)
        self.votes = VotesPage(worker)
        self.sittings = SittingsPage(worker)
        self.attestations = AttestationsPage(worker)
        self.documents = DocumentsPage(worker)
        self.network = NetworkPage(worker)
        self.settings = SettingsPage(data_folder or Path.home())
        self.sync_station = SyncStation(worker)
        self.devices = DevicesPage(worker)
        self.members = MembersPage(worker)
        self.pages: list[tuple[str, QWidget]] = [
            (self.tr("Home"), self.home),
            (self.tr("Forum"), self.forum),
            (self.tr("Votes"), self.votes),
            (self.tr("Council sittings"), self.sittings),
            (self.tr("Attestations"), self.attestations),
            (self.tr("Documents"), self.documents),
            (self.tr("Sync station"), self.sync_station),
            (self.tr("Devices"), self.devices),
            (self.tr("Network and signatures"), self.network),
            (self.tr("Members"), self.members),
            (self.tr("Settings"), self.settings),
        ]
        self.nav = Sidebar()
        self.nav.setObjectName("sidebar")
        self.nav.setAccessibleName(self.tr("Screens"))
        self.stack = Screens()
        for label, page in self.pages:
            self.nav.addItem(label)
            self.stack.add_screen(page)
        self.nav.currentRowChanged.connect(self.show_page)
        # Who signs is always in view: the next person takes over from here (app/ui/acting.py).
        self.acting = ActingBar(worker)
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.addWidget(self.acting)
        # News from other communes, in words, with the way to its screen (app/ui/notify.py).
        self.news = NewsBanner(worker, self.open_screen)
        outer.addWidget(self.news)
        # The sidebar can be widened by dragging; it keeps its width when the window resizes.
        self.split = QSplitter()
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.nav)
        self.split.addWidget(self.stack)
        self.split.setStretchFactor(0, 0)
        self.split.setStretchFactor(1, 1)
        outer.addWidget(self.split, 1)
        kept = Settings.load().sidebar  # as wide as it was dragged last time, if wider
        if kept:
            self.split.setSizes([kept, max(1, self.width() - kept)])
        self.setCentralWidget(central)
        self.busy = QLabel()
        self.statusBar().addPermanentWidget(self.busy)
        self.working = {"store": False, "jobs": False}
        # Methods, not lambdas: Qt drops the connection when the window is gone, while the
        # worker and its jobs may still report (a job ending after the window closed).
        worker.busy.connect(self._store_busy)
        worker.jobs.busy.connect(self._jobs_busy)
        # A change made anywhere (a screen, a sync, a town hall that called) shows on the page
        # in front at once, not only when the clerk switches pages.
        changes().executed.connect(self._changed)
        self.listening = True
        self.settings.language_changed.connect(self.relaunch)
        # Icons, and the menu bar that holds Ctrl+1 … (each screen), F1, Ctrl+Q (app/ui/menus.py).
        self.dialog: QWidget | None = None  # the help or about dialog opened last
        install(self)
        # Pending transactions are sealed into a block when the seal policy says so.
        self.sealer = QTimer(self)
        self.sealer.timeout.connect(self._seal)
        self.sealer.start(SEAL_CHECK_MS)
        self.sync_station.stick_arrived.connect(
            lambda _stick: self.nav.setCurrentRow(self.stack.indexOf(self.sync_station))
        )
        self.home.go.connect(self.open_screen)
        self.acting.refresh()
        self.nav.setCurrentRow(0)
        self.nav.setFocus(Qt.FocusReason.OtherFocusReason)
        self.sync_station.start_lan()  # announce this town hall and serve syncs (once per run)

    def show_page(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        page = self.stack.currentWidget()
        refresh = getattr(page, "refresh", None)
        if refresh is not None:
            refresh()

    def open_screen(self, name: str) -> None:
        """The screen where news of a kind is read, or a first step is taken (home, banner)."""
        pages: dict[str, QWidget] = {
            "posts": self.forum,
            "votes": self.votes,
            "attestations": self.attestations,
            "documents": self.documents,
            "members": self.members,
            "network": self.network,
            "sittings": self.sittings,
        }
        self.nav.setCurrentRow(self.stack.indexOf(pages.get(name, self.home)))

    def _changed(self, initiator: object) -> None:
        """The page that made the change has shown it already; any other in front refreshes."""
        page = self.stack.currentWidget()
        refresh = getattr(page, "refresh", None)
        if page is not initiator and refresh is not None and self.isVisible():
            refresh()
        self.acting.refresh()

    def _seal(self) -> None:
        """Seals pending transactions when the policy says so; the screens hear of a block."""

        def sealed(block: bytes | None) -> None:
            if block is not None:
                changes().executed.emit(self)

        CollectionOp(
            self, self.worker, lambda node: node.maybe_seal(), sealed
        ).quiet().run_in_background()

    def _store_busy(self, busy: bool) -> None:
        self._busy("store", busy)

    def _jobs_busy(self, busy: bool) -> None:
        self._busy("jobs", busy)

    def _busy(self, which: str, busy: bool) -> None:
        self.working[which] = busy
        self.busy.setText(self.tr("Working…") if any(self.working.values()) else "")

    def relaunch(self, _language: str) -> None:
        """Every text is set when a screen is built: a new language means new screens. The
        worker and its open profile carry over, so nothing is unlocked again."""
        successor = MainWindow(self.worker, self.data_folder)
        successor.setGeometry(self.geometry())
        successor.split.setSizes(self.split.sizes())
        successor.nav.setCurrentRow(self.nav.currentRow())
        successor.show()
        self.successor = successor
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        remember(self)  # the next start reopens at this size, on this screen
        settings = Settings.load()
        settings.sidebar = self.split.sizes()[0]
        settings.save()
        if self.listening:
            self.listening = False
            changes().executed.disconnect(self._changed)
            self.news.stop()
        if self.successor is None:
            self.worker.stop()
        super().closeEvent(event)
