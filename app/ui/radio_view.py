"""The radio of the relay selected on the Devices screen, from its last signed report: its
modem, the airtime it used against what its band allows, its queue and drops, and the relays it
hears with their signal in words ("good", with the dB values). The numbers and words come from
app/core/devices/radio_summary.py; this only lays them out.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.devices.radio_summary import RadioSummary, summary
from app.core.devices.signal import Quality
from app.core.safetext import line
from app.ui.plain import fill
from app.ui.radio_settings import number


class RadioView(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Its radio, from its last report"))
        self.state = QLabel(self.tr("Choose a relay in the list to see its radio."))
        self.state.setWordWrap(True)
        self.state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.neighbours = QTableWidget(0, 4)
        self.neighbours.setAccessibleName(self.tr("Relays it hears"))
        self.neighbours.setHorizontalHeaderLabels(
            [
                self.tr("Relay heard"),
                self.tr("Signal"),
                self.tr("Heard before the report"),
                self.tr("Packets"),
            ]
        )
        self.neighbours.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.neighbours.verticalHeader().hide()
        self.neighbours.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addWidget(self.neighbours)

    def show_board(self, board: dict[str, Any] | None, boards: list[dict[str, Any]]) -> None:
        """`board`: a row of devices.latest, or None when none is chosen."""
        self.neighbours.setRowCount(0)
        self.neighbours.hide()
        report = board["report"] if board is not None else None
        if board is None:
            self.state.setText(self.tr("Choose a relay in the list to see its radio."))
            return
        if report is None:
            self.state.setText(self.tr("No report from this relay yet: read its link report."))
            return
        radio = getattr(report, "radio", None)
        if radio is None:  # firmware 0.1.0 sends no radio section
            self.state.setText(self.tr("Its firmware reports nothing of its radio."))
            return
        seen = summary(radio, boards)
        queued = self.tr("%Ln object(s) waiting", "", report.status.queued)
        if seen.kind == 0:
            text = fill(self.tr("Its radio is off. {queued}."), queued=queued)
            self.state.setText(text)
            return
        self.state.setText(self._words(seen, queued))
        self._table(seen)

    def _words(self, seen: RadioSummary, queued: str) -> str:
        mhz = number(seen.freq_hz / 1e6)
        if seen.kind == 1:
            modem = fill(
                self.tr("LoRa on {mhz} MHz, SF{sf}, {power} dBm"),
                mhz=mhz,
                sf=str(seen.sf),
                power=str(seen.power_dbm),
            )
        else:
            modem = fill(
                self.tr("Wi-Fi (ESP-NOW) on {mhz} MHz, {power} dBm"),
                mhz=mhz,
                power=str(seen.power_dbm),
            )
        minutes = number(round(seen.window_s / 60, 1))
        used, budget = number(round(seen.airtime_s, 3)), number(round(seen.budget_s, 1))
        if seen.airtime_percent is None:
            air = fill(
                self.tr("On air {used} s in the last {minutes} min; the band sets no limit."),
                used=used,
                minutes=minutes,
            )
        else:
            air = fill(
                self.tr(
                    "On air {percent} % of the time the band allows ({used} s of {budget} s "
                    "in the last {minutes} min)."
                ),
                percent=number(seen.airtime_percent),
                used=used,
                budget=budget,
                minutes=minutes,
            )
        counts = fill(
            self.tr("{queued}, {dropped} dropped; packets received {got}, sent {sent}."),
            queued=queued,
            dropped=str(seen.dropped),
            got=str(seen.packets_in),
            sent=str(seen.packets_out),
        )
        heard = self.tr("It hears %Ln relay(s).", "", len(seen.neighbours))
        return "\n".join((modem, air, counts, heard))

    def _table(self, seen: RadioSummary) -> None:
        words = {
            Quality.GOOD: self.tr("good"),
            Quality.FAIR: self.tr("fair"),
            Quality.WEAK: self.tr("weak"),
        }
        self.neighbours.setRowCount(len(seen.neighbours))
        for row, n in enumerate(seen.neighbours):
            who = n.name or f"…{n.short_id}"  # a registered board by its name
            if n.snr_db is None:
                signal = fill(
                    self.tr("{word} ({rssi} dBm)"), word=words[n.quality], rssi=str(n.rssi_dbm)
                )
            else:
                signal = fill(
                    self.tr("{word} ({rssi} dBm, SNR {snr} dB)"),
                    word=words[n.quality],
                    rssi=str(n.rssi_dbm),
                    snr=str(n.snr_db),
                )
            ago = fill(self.tr("{seconds} s"), seconds=str(n.age_s))
            for column, text in enumerate((who, signal, ago, str(n.packets))):
                item = QTableWidgetItem(line(text))
                item.setToolTip(f"…{n.short_id}")  # the id the report carries, for the record
                self.neighbours.setItem(row, column, item)
        self.neighbours.setVisible(bool(seen.neighbours))
