"""The radio section a relay appends to its signed link report (firmware/PROTOCOL.md §2): the
modem it runs, its duty-cycle budget and use, its packet counters and the neighbours it hears.

Relays of firmware 0.1.0 send no such section; their reports still parse, with no radio report.
Everything here comes from a board: the length is checked exactly before anything is read.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

KINDS = {0: "none", 1: "LoRa", 2: "ESP-NOW"}
MAX_NEIGHBOURS = 16
# kind, freq_hz, bw_hz, sf, power_dbm, window_s, airtime_us, budget_us, packets in/out, dropped, n
_FIXED = struct.Struct("<BIIBbIIIIIIB")
_NEIGHBOUR = struct.Struct("<4shbII")  # id, rssi_dbm, snr_db, age_s, packets
FIXED_SIZE = _FIXED.size
MAX_SIZE = _FIXED.size + MAX_NEIGHBOURS * _NEIGHBOUR.size


@dataclass(frozen=True)
class Neighbour:
    """A relay heard on the air: the last 4 bytes of its device id, how well, how lately."""

    id: bytes
    rssi_dbm: int
    snr_db: int
    age_s: int  # seconds since it was last heard, at the report
    packets: int

    def pack(self) -> bytes:
        return _NEIGHBOUR.pack(self.id, self.rssi_dbm, self.snr_db, self.age_s, self.packets)


@dataclass(frozen=True)
class RadioReport:
    kind: int  # 0 none, 1 LoRa, 2 ESP-NOW
    freq_hz: int
    bw_hz: int
    sf: int
    power_dbm: int
    window_s: int  # the duty cycle's sliding window
    airtime_us: int  # spent in that window
    budget_us: int  # the window's allowance
    packets_in: int
    packets_out: int
    dropped: int  # packets and objects dropped, all reasons
    neighbours: tuple[Neighbour, ...]

    @property
    def kind_name(self) -> str:
        return KINDS.get(self.kind, "unknown")

    def pack(self) -> bytes:
        head = _FIXED.pack(
            self.kind,
            self.freq_hz,
            self.bw_hz,
            self.sf,
            self.power_dbm,
            self.window_s,
            self.airtime_us,
            self.budget_us,
            self.packets_in,
            self.packets_out,
            self.dropped,
            len(self.neighbours),
        )
        return head + b"".join(n.pack() for n in self.neighbours)


def unpack(body: bytes) -> RadioReport:
    """The radio section alone (what follows the STATUS body); ValueError when it is not one."""
    if len(body) < _FIXED.size:
        raise ValueError(f"a radio report is at least {_FIXED.size} bytes, not {len(body)}")
    kind, freq, bw, sf, power, window, airtime, budget, got, sent, dropped, n = _FIXED.unpack_from(
        body
    )
    if n > MAX_NEIGHBOURS:
        raise ValueError(f"a radio report lists at most {MAX_NEIGHBOURS} neighbours, not {n}")
    size = _FIXED.size + n * _NEIGHBOUR.size
    if len(body) != size:
        raise ValueError(f"a radio report with {n} neighbours is {size} bytes, not {len(body)}")
    if kind not in KINDS:
        raise ValueError(f"unknown radio kind {kind}")
    neighbours = tuple(
        Neighbour(*_NEIGHBOUR.unpack_from(body, _FIXED.size + i * _NEIGHBOUR.size))
        for i in range(n)
    )
    return RadioReport(
        kind, freq, bw, sf, power, window, airtime, budget, got, sent, dropped, neighbours
    )
