"""The sync station: plug a stick in, see what it brings, sync, and be told when it may go.

Mounted volumes are watched; a stick with an OBAMBU folder shows up here by itself. The sync is
the clerk's whole visit: take in what the stick brings, then write what it lacks. Each phase
reports its counts; "You may remove the stick" appears only after the read-back check.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import logs
from app.core.errors import Rejected
from app.core.node.node import Node
from app.core.progress import Listener, Phase, Progress
from app.core.safetext import line
from app.provision import ports
from app.sync import intake
from app.sync.channel import Channel
from app.sync.discovery import Peer
from app.sync.export import ExportReport, export
from app.sync.gate import Gate, bind, first_caller
from app.sync.handshake import Credentials, Handshake
from app.sync.intake import ImportReport, Preflight
from app.sync.lan import LanReport
from app.sync.session import Session, SessionReport
from app.sync.stick import ROOT
from app.sync.stream import ByteStream, SocketStream, open_port
from app.ui import failure, files, formats, jobs
from app.ui.empty import EmptyState
from app.ui.icons import icon
from app.ui.jobs import Cancelled
from app.ui.messages import user_message
from app.ui.nearby import Nearby
from app.ui.operations import LongOp
from app.ui.plain import fill, show
from app.ui.worker import Worker

log = logging.getLogger(__name__)
T = TypeVar("T")

WATCH_MS = 2000
LINK_WAIT = 120.0  # the other clerk may start a minute later


__all__ = ["Cancelled", "SyncStation", "find_sticks"]

# On the job's thread, with the node: a channel to the other side, and the handshake if made.
Opener = Callable[[Node], tuple[Channel, Handshake | None]]


def _dial(stream: Callable[[], ByteStream]) -> Opener:
    return lambda node: (Channel(stream(), timeout=LINK_WAIT), None)


def find_sticks() -> list[Path]:
    """Mounted volumes that carry an OBAMBU folder."""
    found = []
    for volume in files.volumes():
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
        self.sync_button.setIcon(icon("sync"))
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
        layout.addWidget(self._link_box())
        layout.addWidget(self._nearby_box())
        for widget in (self.phase, self.bar, self.result, self.safe):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.watch = QTimer(self)
        self.watch.timeout.connect(self.look_for_sticks)
        self.watch.start(WATCH_MS)
        self._idle(running=False)

    # --- finding the stick ------------------------------------------------------------------

    def look_for_sticks(self) -> None:
        self.look_for_ports()
        now = set(find_sticks())
        for arrived in sorted(now - self.known_sticks):
            self.use(arrived)
            self.stick_arrived.emit(arrived)
        self.known_sticks = now

    def choose_folder(self) -> None:
        folder = files.folder(self, self.tr("Choose the stick or its folder"))
        if folder:
            self.use(Path(folder))

    def use(self, stick: Path) -> None:
        self.stick = stick
        show(self.where, fill(self.tr("Stick: {stick}"), stick=line(str(stick))))
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
        # It reads the stick: a job (a slow stick must not hold the store's worker); it only
        # reads, so it needs no turn in the line of syncs and tells no screen.
        LongOp(
            self, self.worker, lambda node, _: intake.preflight(node, stick), self._preflight
        ).quiet().failure(self._failed).run_in_background()

    def _preflight(self, seen: Preflight) -> None:
        lines = []
        if seen.visited:
            visits = ", ".join(
                f"{line(name)} ({formats.datetime(when)})" for name, when in seen.visited[:5]
            )
            lines.append(fill(self.tr("Visited: {visits}"), visits=visits))
        news = seen.new
        if news.get("blocks") or news.get("document_parts"):
            # Counted as the mayor counts: posts, votes, attestations, documents; the blocks
            # and bytes they travel in are no one's business here (docs/glossaire.md).
            counts = {
                "posts": self.tr("%n post(s)", "", news.get("posts", 0)),
                "votes": self.tr("%n vote(s)", "", news.get("votes", 0)),
                "attestations": self.tr("%n attestation(s)", "", news.get("attestations", 0)),
                "documents": self.tr("%n shared document(s)", "", news.get("documents", 0)),
            }
            said = [text for kind, text in counts.items() if news.get(kind)]
            what = ", ".join(said) or self.tr("other news of the network")
            lines.append(fill(self.tr("New for us: {what}."), what=what))
        else:
            lines.append(self.tr("Nothing new for us on this stick."))
        for name, seq in seen.missing:
            lines.append(
                fill(
                    self.tr("Still missing: news of {name} from its batch {seq}, on no stick yet."),
                    name=line(name),
                    seq=formats.number(seq),
                )
            )
        if seen.damaged:
            lines.append(self.tr("%n damaged item(s) will be skipped.", "", seen.damaged))
        show(self.summary, "\n".join(lines))  # commune names are read from the stick
        if not self.running:
            self._idle(running=False)

    # --- cable, relay or network ------------------------------------------------------------

    def _link_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Cable, radio relay or network"))
        self.port = QComboBox()
        self.port.setEditable(True)  # a pyserial URL (socket://…) may be typed too
        self.port.setAccessibleName(self.tr("Serial port"))
        self.listed_ports: list[str] | None = None
        self.looking_ports = False  # one look at a time: USB enumeration may be slow
        self.port_button = QPushButton(self.tr("Sync over this port"))
        self.port_button.clicked.connect(self.sync_port)
        self.address = QLineEdit()
        self.address.setPlaceholderText(self.tr("address:port, for example 192.168.1.20:7420"))
        self.listen_button = QPushButton(self.tr("Wait for a laptop"))
        self.listen_button.clicked.connect(lambda: self.sync_network(listen=True))
        self.connect_button = QPushButton(self.tr("Connect"))
        self.connect_button.clicked.connect(lambda: self.sync_network(listen=False))
        form = QFormLayout(box)
        port_row = QHBoxLayout()
        port_row.addWidget(self.port, 1)
        port_row.addWidget(self.port_button)
        form.addRow(self.tr("Serial port"), port_row)
        net_row = QHBoxLayout()
        net_row.addWidget(self.address, 1)
        net_row.addWidget(self.listen_button)
        net_row.addWidget(self.connect_button)
        form.addRow(self.tr("Network"), net_row)
        return box

    # --- town halls on the local network -----------------------------------------------------

    def _nearby_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Town halls on the local network"))
        self.nearby = QListWidget()
        self.nearby.setAccessibleName(self.tr("Town halls on the local network"))
        self.nearby.setMaximumHeight(self.fontMetrics().lineSpacing() * 5)
        self.nearby_button = QPushButton(self.tr("Sync with this town hall"))
        self.nearby_button.clicked.connect(self.sync_nearby)
        self.nearby_state = QLabel(self.tr("Not listening on the local network."))
        self.nearby_state.setWordWrap(True)
        layout = QVBoxLayout(box)
        self.nearby_empty = EmptyState(
            self.tr(
                "No other town hall heard on this network yet. Those on the same network "
                "appear here by themselves; until then, a USB stick carries the news."
            )
        )
        layout.addWidget(self.nearby_empty)
        row = QHBoxLayout()
        row.addWidget(self.nearby, 1)
        row.addWidget(self.nearby_button)
        layout.addLayout(row)
        layout.addWidget(self.nearby_state)
        self.lan = Nearby.of(self.worker)
        self.lan.peers_changed.connect(self._nearby)
        self.lan.state.connect(self.nearby_state.setText)
        self.lan.synced.connect(self._served)
        self._nearby(self.lan.peers)
        return box

    def start_lan(self) -> None:
        """Once the profile is open (the window calls it): announce and serve."""
        self.lan.start()

    def _nearby(self, peers: list[Peer]) -> None:
        self.nearby.clear()
        for peer in peers:
            item = QListWidgetItem(line(f"{peer.name} — {peer.address}"))  # announced by anyone
            item.setData(Qt.ItemDataRole.UserRole, peer.commune)
            self.nearby.addItem(item)
        self.nearby_empty.follow(len(peers))
        if peers:
            self.nearby.setCurrentRow(0)
        self.nearby_button.setEnabled(bool(peers) and not self.running)

    def sync_nearby(self) -> None:
        item = self.nearby.currentItem()
        if item is None:
            return
        commune = bytes(item.data(Qt.ItemDataRole.UserRole))
        peer = next((p for p in self.lan.peers if p.commune == commune), None)
        if peer is None:
            return
        show(self.where, fill(self.tr("Link: {name}"), name=line(peer.name)))
        self.result.clear()
        self._idle(running=True)
        self.lan.sync_with(peer, self._lan_done, self._failed)

    def _lan_done(self, report: LanReport) -> None:
        if report.error is not None:
            show(self.result, report.error)
            self._idle(running=False)
            return
        assert report.session is not None
        self._linked(report.session)

    def _served(self, report: LanReport) -> None:
        if report.session is None:
            return
        text = self.tr("{peer} synced with this town hall: {received}.")
        text = fill(text, peer=line(report.peer), received=self._received(report.session.new))
        show(self.result, text)

    def look_for_ports(self) -> None:
        """While the screen is shown, a cable or relay plugged in joins the list by itself."""
        if self.looking_ports or not self.isVisible():
            return
        self.looking_ports = True

        def failed(error: BaseException) -> None:
            self.looking_ports = False
            log.warning("listing the serial ports failed: %s", error)

        LongOp.off_store(
            self, self.worker, lambda _: ports.list_serial_ports(), self._ports
        ).quiet().failure(failed).run_in_background()

    def _ports(self, found: list[ports.PortInfo]) -> None:
        self.looking_ports = False
        devices = [info.device for info in found]
        if devices == self.listed_ports:
            return  # unchanged: keep what the clerk chose or typed
        self.listed_ports = devices
        typed = self.port.currentText()
        self.port.clear()
        for info in found:
            # As the system names it: "COM3 — USB-SERIAL CH340" on Windows.
            named = f"{info.device} — {info.system_name}" if info.system_name else info.device
            self.port.addItem(line(named), info.device)
        self.port.setEditText(typed if typed or not found else self.port.itemText(0))

    def _chosen_port(self) -> str:
        text = self.port.currentText().strip()
        index = self.port.findText(text)
        if index >= 0 and self.port.itemData(index):
            return str(self.port.itemData(index))
        return text  # typed: a port name or a pyserial URL

    def sync_port(self) -> None:
        port = self._chosen_port()
        if port:
            self._session(_dial(lambda: open_port(port)), fill(self.tr("Port {port}"), port=port))

    def sync_network(self, listen: bool) -> None:
        host, _, port = self.address.text().strip().rpartition(":")
        if not port.isdigit():
            self.result.setText(self.tr("Write the address as address:port, then try again."))
            return
        number = int(port)
        if listen:
            opener = self._listen(host or "0.0.0.0", number)
        else:
            opener = _dial(lambda: SocketStream.connect(host or "127.0.0.1", number))
        self._session(opener, self.address.text().strip())

    def _listen(self, host: str, port: int) -> Opener:
        """Wait for the first town hall of the network to connect; the Cancel button stops the
        wait, and callers that cannot prove who they are do not end it."""
        flag = self.cancel_flag

        def check() -> None:
            if flag.is_set() or jobs.stop_requested():  # the clerk, or the window closing
                raise Cancelled()

        def opener(node: Node) -> tuple[Channel, Handshake | None]:
            with Gate(bind(host, port), Credentials.of(node)) as gate:
                caller = first_caller(gate, check=check)
            return caller.channel, caller.handshake

        return opener

    def _session(self, opener: Opener, where: str) -> None:
        """One session with the other side, on a job of its own: the other clerk may take
        two minutes, and the screens keep reading the store meanwhile."""
        show(self.where, fill(self.tr("Link: {name}"), name=line(where)))
        self.result.clear()
        self.safe.clear()
        self._idle(running=True)
        self.cancel_flag.clear()
        flag = self.cancel_flag

        def run(node: Node, report: Listener) -> SessionReport:
            def listener(event: Progress) -> None:
                if flag.is_set():  # what arrived whole is kept; the next session sends the rest
                    raise Cancelled()
                report(event)

            channel, proven = opener(node)
            try:
                # The other clerk may start a minute later: give it that long to prove itself.
                return Session(node, channel, listener, handshake=proven, auth_wait=LINK_WAIT).run()
            finally:
                channel.close()

        self._long(run, self._linked)

    def _linked(self, done: SessionReport) -> None:
        text = fill(
            self.tr("{sent}, {received}, {known}."),
            sent=self.tr("%Ln item(s) sent", "", done.sent),
            received=self._received(done.new),
            known=self._known(done.known),
        )
        self.result.setText(text)
        self.phase.setText(self.tr("Done."))
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
        flag = self.cancel_flag

        def visit(node: Node, report: Listener) -> tuple[ImportReport, ExportReport]:
            def listener(event: Progress) -> None:
                # Once writing, the stick is finished: a half-written stick would help nobody.
                if flag.is_set() and event.phase in (Phase.READ, Phase.VERIFY, Phase.APPLY):
                    raise Cancelled()
                report(event)

            log.info("stick sync started")
            taken = ImportReport()
            if (stick / ROOT).is_dir() or stick.name == ROOT:
                taken = intake.stage(node, stick, listener)
                taken = intake.apply_staged(node, taken, listener)
            written = export(node, stick, progress=listener)
            return taken, written

        self._long(visit, self._synced)

    def _long(self, run: Callable[[Node, Listener], T], done: Callable[[T], None]) -> None:
        """A sync on the job runner: one at a time, its progress shown, the screens told."""
        LongOp(self, self.worker, run, done).in_line(jobs.SYNC).with_progress(
            self._progress
        ).failure(self._failed).cancelled(self._stopped).run_in_background()

    def _progress(self, event: Progress | None) -> None:
        if event is None:
            return  # nothing counted yet: the phase line keeps its last words
        self.phase.setText(self.phase_names.get(event.phase, event.phase.value))
        self.bar.setRange(0, event.total or 0)
        self.bar.setValue(event.done)
        if event.phase == Phase.READ:
            self.safe.clear()

    def _synced(self, reports: tuple[ImportReport, ExportReport]) -> None:
        taken, written = reports
        counts = logs.counts(taken.as_dict()), logs.counts(written.as_dict())
        log.info("stick sync finished: taken in %s; written %s", *counts)
        lines = [self._taken(taken)]
        if taken.damaged:
            lines.append(
                self.tr("%n damaged item(s) were skipped; the rest was taken.", "", taken.damaged)
            )
        if taken.beacons_refused:
            lines.append(
                self.tr(
                    "%n note(s) on the stick about what a commune holds were damaged or forged, "
                    "and were ignored.",
                    "",
                    taken.beacons_refused,
                )
            )
        if taken.evidence:
            lines.append(
                self.tr("%n proof(s) of misbehaviour were found: see Network.", "", taken.evidence)
            )
        if taken.left_out:
            lines.append(
                self.tr(
                    "%n batch(es) of another network, or not readable here yet, stay on the stick.",
                    "",
                    taken.left_out,
                )
            )
        text = fill(
            self.tr("{written}, {known}."),
            written=self.tr("%Ln item(s) written to the stick", "", written.written),
            known=self.tr("%Ln already there", "", written.known),
        )
        lines.append(text)
        if written.ours_sealed:
            lines.append(
                self.tr("%n new item(s) of yours went into this sync.", "", written.ours_sealed)
            )
        for dropped in written.ours_dropped:
            refusal = Rejected(dropped["code"], dropped["reason"])
            lines.append(fill(self.tr("Not sent: {refusal}"), refusal=user_message(refusal)))
        if written.left_out:
            lines.append(
                self.tr("%n item(s) did not fit and wait for the next trip.", "", written.left_out)
            )
        self.result.setText("\n".join(lines))
        if written.ours_left_behind:
            # Never "remove the stick" while something of ours that should be on it is not.
            self.safe.setText(
                self.tr(
                    "%n of your item(s) are not on the stick yet. Sync again with a stick that "
                    "has room before it leaves.",
                    "",
                    written.ours_left_behind,
                )
            )
        else:
            self.safe.setText(self.tr("You may remove the stick."))
        self.phase.setText(self.tr("Done."))
        self._idle(running=False)

    def _taken(self, taken: ImportReport) -> str:
        if taken.new == 0 and not taken.damaged:
            return self.tr("All %n item(s) already known.", "", taken.known)
        text = fill(
            self.tr("{taken}, {known}."),
            taken=self.tr("%Ln new item(s) taken in", "", taken.new),
            known=self._known(taken.known),
        )
        if taken.pending:
            text += " " + self.tr("%n batch(es) of news wait for earlier ones.", "", taken.pending)
        return text

    def _received(self, count: int) -> str:
        return self.tr("%Ln new item(s) received", "", count)

    def _known(self, count: int) -> str:
        return self.tr("%Ln already known", "", count)

    def _failed(self, error: BaseException) -> None:
        if not self.running:  # a pre-flight that failed: say why, and no sync on that stick
            self.sync_button.setEnabled(False)
            self.summary.setText(failure.report(error, self.result))
            return
        self.phase.clear()
        self._idle(running=False)
        failure.report(error, self.result)

    def _stopped(self) -> None:
        """The clerk's choice, not a failure."""
        log.info("sync stopped by the clerk")
        self.phase.clear()
        self._idle(running=False)
        self.result.setText(self.tr("Stopped. What was taken in is kept; sync again to finish."))

    def _idle(self, running: bool) -> None:
        self.running = running
        self.sync_button.setEnabled(not running and self.stick is not None)
        self.cancel_button.setEnabled(running)
        self.choose.setEnabled(not running)
        for button in (self.port_button, self.listen_button, self.connect_button):
            button.setEnabled(not running)
        self.nearby_button.setEnabled(not running and self.nearby.count() > 0)

    def refresh(self) -> None:
        self.look_for_sticks()
