"""Devices: the technician's screen for radio relays. Plug a board in, choose a signed firmware
pack, flash it (progress, cancel, one plain hint when it fails), configure it and register it;
then read its signed link report, or leave and take blocks through it.

Reading and writing the ledger runs on the store worker (app/ui/operations.py); talking to a
board runs on the job runner, one board conversation at a time, so a long flash never blocks
the window nor the other screens' reads, and its progress comes back to this page only.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.devices import devices, queries
from app.core.node.node import Node
from app.core.progress import Listener, Progress
from app.core.safetext import line
from app.provision import flashing, pack, ports, relay_setup
from app.provision.flashing import FlashResult
from app.provision.pack import Pack
from app.provision.relay_setup import CLASSES, Configured, Settings
from app.sync import device_api
from app.sync.relay import RelayReport
from app.ui import failure, files, formats, jobs
from app.ui.empty import EmptyState
from app.ui.flow import FlowLayout, SideBySide
from app.ui.messages import sentence_for, user_message
from app.ui.operations import CollectionOp, LongOp, QueryOp
from app.ui.plain import fill
from app.ui.radio_settings import RadioSettings
from app.ui.radio_view import RadioView
from app.ui.worker import Worker

T = TypeVar("T")
API_PORT = 7430  # the device API, next to sync (7420) and discovery (7421)
SNAPSHOT_MS = 30_000  # boards see new forum items within half a minute
PORTS_MS = 2_000  # while the screen is shown, a board plugged in appears within two seconds


class DevicesPage(QWidget):
    def __init__(self, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.pack: Pack | None = None
        self.pack_path: Path | None = None
        self.cancel_flag = threading.Event()
        self.looking = False  # a look for ports is under way: the poll does not start another
        self.ports = QListWidget()
        self.ports.setAccessibleName(self.tr("Boards plugged in"))
        self.listed: list[str] | None = None
        self.watcher = ports.PortWatcher()
        self.clock: Callable[[], float] = time.monotonic
        self.port_poll = QTimer(self)
        self.port_poll.timeout.connect(self.look_for_ports)
        self.port = QLineEdit()
        self.port.setPlaceholderText(self.tr("or type a port: /dev/ttyUSB0, COM3…"))
        self.ports.currentItemChanged.connect(self._port_chosen)
        refresh = QPushButton(self.tr("Look for boards"))
        refresh.clicked.connect(self.look_for_ports)
        self.manual = QCheckBox(self.tr("I hold the BOOT button (board without auto-reset)"))
        self.pack_label = QLabel(self.tr("No firmware pack chosen."))
        self.pack_label.setWordWrap(True)
        choose = QPushButton(self.tr("Choose a firmware pack…"))
        choose.clicked.connect(self.choose_pack)
        self.flash_button = QPushButton(self.tr("Flash"))
        self.flash_button.clicked.connect(self.flash)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel_flag.set)
        self.bar = QProgressBar()
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("for example: Relais du marché"))
        self.carry = {
            "governance": QCheckBox(self.tr("keys and governance")),
            "blocks": QCheckBox(self.tr("forum, votes, attestations")),
            "documents": QCheckBox(self.tr("documents")),
        }
        for box in self.carry.values():
            box.setChecked(True)
        self.configure_button = QPushButton(self.tr("Configure and register"))
        self.configure_button.clicked.connect(self.configure)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, 6)
        self.table.setAccessibleName(self.tr("Relays of the network"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Relay"),
                self.tr("Firmware"),
                self.tr("Last report"),
                self.tr("Up for"),
                self.tr("Queued"),
                self.tr("Links (in / out / errors)"),
            ]
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Every column as wide as its title and values: the table scrolls sideways rather than
        # squeeze the last one ("Links (in / out / errors)") below its title.
        self.table.verticalHeader().hide()
        self.boards: list[dict[str, Any]] = []
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.currentCellChanged.connect(self._board_chosen)
        self.radio_view = RadioView()  # the chosen relay's radio, from its last report
        self.report_button = QPushButton(self.tr("Read its link report"))
        self.report_button.clicked.connect(self.read_report)
        self.exchange_button = QPushButton(self.tr("Leave and take blocks"))
        self.exchange_button.clicked.connect(self.exchange)
        self._layout(refresh, choose)
        self._busy(False)

    def _layout(self, refresh: QPushButton, choose: QPushButton) -> None:
        board = QGroupBox(self.tr("1. The board"))
        board_layout = QVBoxLayout(board)
        board_layout.addWidget(self.ports)
        row = QHBoxLayout()
        row.addWidget(self.port, 1)
        row.addWidget(refresh)
        board_layout.addLayout(row)
        board_layout.addWidget(self.manual)
        firmware = QGroupBox(self.tr("2. The firmware"))
        firmware_layout = QVBoxLayout(firmware)
        firmware_layout.addWidget(self.pack_label)
        buttons = FlowLayout()  # rows of buttons wrap on a narrow window
        for button in (choose, self.flash_button, self.cancel_button):
            buttons.addWidget(button)
        firmware_layout.addLayout(buttons)
        firmware_layout.addWidget(self.bar)
        settings = QGroupBox(self.tr("3. Its settings"))
        form = QFormLayout(settings)
        form.addRow(self.tr("Name"), self.name)
        self.radio = RadioSettings(form, self)  # only what the chosen country allows
        carry = QVBoxLayout()
        for box in self.carry.values():
            carry.addWidget(box)
        form.addRow(self.tr("It may carry"), carry)
        form.addRow(self.configure_button)
        left = QVBoxLayout()
        for group in (board, firmware, settings):
            left.addWidget(group)
        left.addWidget(self.message)
        left.addStretch(1)
        registered = QGroupBox(self.tr("Relays of the network"))
        right = QVBoxLayout(registered)
        self.empty = EmptyState(
            self.tr(
                "No radio relay yet. Plug a board in, then follow steps 1 to 3 on the left to "
                "make it a relay of the network."
            ),
            self.tr("Look for boards"),
            self.look_for_ports,
        )
        right.addWidget(self.empty)
        right.addWidget(self.table, 1)
        right.addWidget(self.radio_view)
        actions = FlowLayout()
        actions.addWidget(self.report_button)
        actions.addWidget(self.exchange_button)
        right.addLayout(actions)
        column = QVBoxLayout()
        column.addWidget(registered, 1)
        column.addWidget(self._wifi_box())
        layout = SideBySide(self)  # one above the other on a narrow window
        layout.add_column(left, 2)
        layout.add_column(column, 3)

    # --- boards on Wi-Fi: the device API ------------------------------------------------------

    def _wifi_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Boards on Wi-Fi (display boxes, relays)"))
        self.interface = QComboBox()
        self.interface.setAccessibleName(self.tr("Network to serve the boards on"))
        self.list_interfaces()
        self.api_port = QSpinBox()
        self.api_port.setRange(0, 65535)
        self.api_port.setValue(API_PORT)
        self.api_button = QPushButton(self.tr("Serve the boards"))
        self.api_button.setCheckable(True)
        self.api_button.toggled.connect(self.serve_boards)
        self.api_state = QLabel(self.tr("Not serving."))
        self.api_state.setWordWrap(True)
        self.api_state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        row.addWidget(self.interface, 1)
        row.addWidget(self.api_port)
        row.addWidget(self.api_button)
        layout = QVBoxLayout(box)
        layout.addLayout(row)
        layout.addWidget(self.api_state)
        self.api: device_api.DeviceApi | None = None
        self.snapshots = QTimer(self)
        self.snapshots.timeout.connect(self._new_snapshot)
        return box

    def list_interfaces(self) -> None:
        """Every network this laptop is on ("Wi-Fi — 192.168.1.23"), read again each time the
        screen is opened: a Wi-Fi joined since is offered too. The choice is kept."""
        chosen = self.interface.currentData()
        found = device_api.interfaces()
        if [self.interface.itemData(n) for n in range(self.interface.count())] == [
            address for _name, address in found
        ]:
            return
        self.interface.clear()
        for name, address in found:
            self.interface.addItem(line(f"{name} — {address}"), address)  # the system's names
        kept = self.interface.findData(chosen)
        self.interface.setCurrentIndex(max(kept, 0))

    def serve_boards(self, on: bool) -> None:
        """Boards fetch what the snapshot holds; the snapshot is rebuilt on the worker, so the
        service's threads never touch the store."""
        if not on:
            self.snapshots.stop()
            if self.api is not None:
                self.api.stop()
                self.api = None
            self.api_state.setText(self.tr("Not serving."))
            return
        host, port = str(self.interface.currentData() or "127.0.0.1"), self.api_port.value()
        QueryOp(
            self,
            self.worker,
            device_api.Snapshot.build,
            lambda snapshot: self._serve(host, port, snapshot),
        ).failure(self._api_failed).run_in_background()

    def _serve(self, host: str, port: int, snapshot: device_api.Snapshot) -> None:
        api = device_api.DeviceApi(host, port, snapshot)
        try:
            api.start()
        except Exception as exc:
            self._api_failed(exc)
            return
        self.api = api
        self.snapshots.start(SNAPSHOT_MS)
        text = self.tr("Serving the boards at {host}:{port}. Status page for technicians: {where}")
        where = f"http://{host}:{api.port}/status"
        self.api_state.setText(fill(text, host=host, port=str(api.port), where=where))

    def _new_snapshot(self) -> None:
        api = self.api
        if api is not None:
            QueryOp(self, self.worker, device_api.Snapshot.build, api.update).run_in_background()

    def _api_failed(self, error: BaseException) -> None:
        self.api_button.blockSignals(True)
        self.api_button.setChecked(False)
        self.api_button.blockSignals(False)
        failure.report(error, self.api_state)

    # --- ports --------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.look_for_ports()
        if self.api is None:  # while serving, the address in use stays on show
            self.list_interfaces()
        QueryOp(self, self.worker, queries.boards, self._registered).run_in_background()

    def look_for_ports(self) -> None:
        """On a job of its own (USB enumeration may take a while), one look at a time."""
        if self.looking:
            return
        self.looking = True
        LongOp.off_store(
            self, self.worker, lambda _: ports.list_serial_ports(), self._ports
        ).failure(self._failed).run_in_background()

    def showEvent(self, event: QShowEvent) -> None:
        self.port_poll.start(PORTS_MS)
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self.port_poll.stop()
        super().hideEvent(event)

    def _ports(self, found: list[ports.PortInfo]) -> None:
        self.looking = False
        devices = [info.device for info in found]
        if self.watcher.update(devices, self.clock()):
            self.message.setText(sentence_for("port_vanished") or "")
        if devices == self.listed:
            return  # unchanged: keep the list, and what the technician selected in it
        self.listed = devices
        self.ports.clear()
        words = {
            ports.NO_USB: self.tr("serial port without USB identity"),
            ports.UNKNOWN_USB: self.tr("unknown USB serial adapter"),
            ports.URL_BRIDGE: self.tr("network or emulated port"),
        }
        for info in found:
            usb = f" ({info.usb_id})" if info.usb_id else ""
            # As the system names it ("COM3 — USB-SERIAL CH340" on Windows), else the bridge.
            named = info.system_name or words.get(info.bridge, info.bridge)
            text = f"{info.device} — {named}{usb}"
            if info.board:
                text += f" — {info.board}"
            item = QListWidgetItem(line(text))  # the board's USB strings: the board's words
            item.setData(Qt.ItemDataRole.UserRole, info.device)
            self.ports.addItem(item)
        if not found and not self.port.text():
            self.message.setText(
                self.tr(
                    "No board found. Plug the relay in with a USB data cable: charge-only "
                    "cables carry no data."
                )
            )

    def _port_chosen(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.port.setText(str(item.data(Qt.ItemDataRole.UserRole)))

    def _chosen_port(self) -> str | None:
        port = self.port.text().strip()
        if not port:
            self.message.setText(self.tr("Choose the board's port first."))
            return None
        return port

    # --- pack and flashing --------------------------------------------------------------------

    def choose_pack(self) -> None:
        path = files.open_file(
            self, self.tr("Choose a firmware pack"), self.tr("Firmware packs (*.zip)")
        )
        if path:
            self.load_pack(Path(path))

    def load_pack(self, path: Path) -> None:
        QueryOp(
            self, self.worker, lambda node: pack.verify(node, path), lambda c: self._pack(path, c)
        ).failure(self._failed).run_in_background()

    def _pack(self, path: Path, checked: Pack) -> None:
        self.pack, self.pack_path = checked, path
        text = self.tr("{name} {version} for {chip}, signed by {signer}: checked.")
        self.pack_label.setText(
            fill(
                text,
                name=checked.name,
                version=checked.version,
                chip=checked.chip,
                signer=checked.signer,
            )
        )

    def flash(self) -> None:
        port = self._chosen_port()
        if port is None:
            return
        if self.pack is None:
            self.message.setText(self.tr("Choose a firmware pack first."))
            return
        checked, manual = self.pack, self.manual.isChecked()
        self.cancel_flag.clear()
        self._busy(True)
        self.message.setText(self.tr("Flashing… do not unplug the board."))
        cancel = self.cancel_flag

        def run(progress: Listener) -> FlashResult:
            return flashing.flash(
                port,
                checked.flash_args,
                expected_chip=checked.chip,
                progress=progress,
                cancel=cancel,
                manual_boot=manual,
                flash_size=checked.flash_size,
            )

        self._on_board(run, self._flashed)

    def _progress(self, event: Progress | None) -> None:
        if event is None:
            self.bar.setRange(0, 0)  # working, nothing counted yet
            return
        self.bar.setRange(0, max(event.total, 1))
        self.bar.setValue(min(event.done, max(event.total, 1)))

    def _flashed(self, result: FlashResult) -> None:
        self._busy(False)
        if not result.complete:
            self.message.setText(
                user_message(result.hint)
                if result.hint
                else self.tr(
                    "Flashing was cancelled: the board will not start until it is flashed again."
                )
            )
            return
        self.bar.setRange(0, 1)
        self.bar.setValue(1)  # a flash shorter than the progress delay showed no bar until now
        text = self.tr("Flashed in {total} s and checked. Now give the relay its settings.")
        self.message.setText(fill(text, total=f"{result.timings.get('total', 0):.0f}"))

    # --- configuration and registration -------------------------------------------------------

    def configure(self) -> None:
        port = self._chosen_port()
        if port is None:
            return
        name = self.name.text().strip()
        if not name or self.pack is None:
            self.message.setText(self.tr("Give the relay a name, and choose the pack it runs."))
            return
        classes = sum(CLASSES[key] for key, box in self.carry.items() if box.isChecked())
        settings = Settings(name, classes=classes, radio=self.radio.choice())
        checked, manual = self.pack, self.manual.isChecked()
        self._busy(True)
        self.message.setText(self.tr("Writing the settings, then reading them back…"))
        self.cancel_flag.clear()
        cancel = self.cancel_flag

        def on_board(ids: tuple[bytes, bytes]) -> None:
            network_id, commune = ids
            self._on_board(
                lambda progress: relay_setup.configure_board(
                    network_id,
                    commune,
                    port,
                    settings,
                    manual_boot=manual,
                    progress=progress,
                    cancel=cancel,
                ),
                lambda done: self._register(done, checked),
            )

        # The ids come from the store's worker; the board's minutes run beside it.
        QueryOp(self, self.worker, lambda node: (node.network_id, node.commune), on_board).failure(
            self._failed
        ).run_in_background()

    def _register(self, done: Configured, checked: Pack) -> None:
        """The ledger's part, on the store's worker, once the board is configured."""

        def run(node: Node) -> Configured:
            relay_setup.register(node, done, checked)
            return done

        CollectionOp(self, self.worker, run, self._configured).failure(
            self._failed
        ).run_in_background()

    def _configured(self, done: Configured) -> None:
        self._busy(False)
        text = self.tr("{name} is configured, read back and registered in the ledger.")
        self.message.setText(fill(text, name=done.config.name))
        self.refresh()

    # --- registered relays --------------------------------------------------------------------

    def _registered(self, boards: list[dict[str, Any]]) -> None:
        chosen = self.table.currentRow()
        self.boards = boards
        self.table.setRowCount(len(boards))
        self.empty.follow(len(boards))
        for row, board in enumerate(boards):
            report = board["report"]
            cells = [board["name"], board["firmware"]]
            if report is None:
                cells += [self.tr("none yet"), "", "", ""]
            else:
                status = report.status
                when = formats.datetime(board["received"])
                links = "  ".join(
                    f"{name} {c.frames_in}/{c.frames_out}/{c.crc_errors}"
                    for name, c in zip(devices.LINK_NAMES, status.links, strict=True)
                )
                queued = self.tr("%Ln object(s)", "", status.queued)
                cells += [when, self._duration(status.uptime_s), queued, links]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(line(str(text))))
        if boards:  # the relay chosen before stays chosen; else the first
            self.table.setCurrentCell(chosen if 0 <= chosen < len(boards) else 0, 0)
        self._board_chosen(self.table.currentRow())

    def _board_chosen(self, row: int, *_: int) -> None:
        board = self.boards[row] if 0 <= row < len(self.boards) else None
        self.radio_view.show_board(board, self.boards)

    def read_report(self) -> None:
        port = self._chosen_port()
        if port is None:
            return
        self.message.setText(self.tr("Asking the relay for its report…"))
        LongOp(
            self, self.worker, lambda node, _: relay_setup.report(node, port), self._reported
        ).in_line(jobs.BOARD).failure(self._failed).run_in_background()

    def _reported(self, _tx: bytes) -> None:
        self.message.setText(self.tr("The relay's signed report is recorded."))
        self.refresh()

    def exchange(self) -> None:
        port = self._chosen_port()
        if port is None:
            return
        self.message.setText(self.tr("Leaving and taking blocks…"))
        LongOp(
            self, self.worker, lambda node, _: relay_setup.exchange(node, port), self._exchanged
        ).in_line(jobs.SYNC).failure(self._failed).run_in_background()

    def _exchanged(self, moved: RelayReport) -> None:
        text = self.tr("Left {sent} object(s) on the relay and took {imported_new} new block(s).")
        self.message.setText(fill(text, sent=str(moved.sent), imported_new=str(moved.imported.new)))

    def _duration(self, seconds: int) -> str:
        days, rest = divmod(seconds, 86_400)
        hours, rest = divmod(rest, 3600)
        if days:
            return fill(self.tr("{days} d {hours} h"), days=str(days), hours=str(hours))
        return fill(self.tr("{hours} h {rest} min"), hours=str(hours), rest=str(rest // 60))

    # --- common -------------------------------------------------------------------------------

    def _on_board(self, run: Callable[[Listener], T], done: Callable[[T], None]) -> None:
        """Board work (flashing takes minutes) on the job runner, one board at a time, so the
        store's worker keeps serving the other screens meanwhile."""
        LongOp.off_store(self, self.worker, run, done).in_line(jobs.BOARD).with_progress(
            self._progress
        ).failure(self._failed).run_in_background()

    def _busy(self, busy: bool) -> None:
        self.cancel_button.setEnabled(busy)
        for button in (
            self.flash_button,
            self.configure_button,
            self.report_button,
            self.exchange_button,
        ):
            button.setEnabled(not busy)

    def _failed(self, error: BaseException) -> None:
        self._busy(False)
        self.looking = False
        failure.report(error, self.message)
