"""What the Devices screen shows of a relay's radio, from the radio section of its last signed
report (radio_report.py): each neighbour by name when it is a registered board, its signal in
words (signal.py), and the airtime used against the allowance.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from app.core.devices.radio_report import RadioReport
from app.core.devices.signal import Quality, airtime_percent, quality

ORDER = (Quality.GOOD, Quality.FAIR, Quality.WEAK)


@dataclass(frozen=True)
class NeighbourRow:
    name: str  # the registered board's name, or "" when none of ours ends with this id
    short_id: str  # the 4 bytes the report carries, in hex
    quality: Quality
    rssi_dbm: int
    snr_db: int | None  # None: ESP-NOW reports none
    age_s: int
    packets: int


@dataclass(frozen=True)
class RadioSummary:
    kind: int  # 0: off
    freq_hz: int
    sf: int
    power_dbm: int
    airtime_percent: float | None  # of the allowance in the window; None: no allowance
    airtime_s: float
    budget_s: float
    window_s: int
    packets_in: int
    packets_out: int
    dropped: int
    neighbours: tuple[NeighbourRow, ...]


def summary(radio: RadioReport, boards: Iterable[dict[str, Any]]) -> RadioSummary:
    """`boards`: devices.latest's rows, to name the neighbours that are registered boards."""
    names = {bytes(b["id"])[-4:]: str(b["name"]) for b in boards}
    rows = [
        NeighbourRow(
            names.get(bytes(n.id), ""),
            bytes(n.id).hex(),
            quality(radio.kind, radio.sf, n.rssi_dbm, n.snr_db),
            n.rssi_dbm,
            n.snr_db if radio.kind == 1 else None,
            n.age_s,
            n.packets,
        )
        for n in radio.neighbours
    ]
    # The best heard first: the technician looks for the links that carry.
    rows.sort(key=lambda r: (ORDER.index(r.quality), -r.rssi_dbm))
    return RadioSummary(
        radio.kind,
        radio.freq_hz,
        radio.sf,
        radio.power_dbm,
        airtime_percent(radio.airtime_us, radio.budget_us),
        radio.airtime_us / 1e6,
        radio.budget_us / 1e6,
        radio.window_s,
        radio.packets_in,
        radio.packets_out,
        radio.dropped,
        tuple(rows),
    )
