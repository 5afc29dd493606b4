"""Time on air per modem setting, what it allows under each band's duty cycle, and what one
packet costs on the SPI bus with each LoRa driver (firmware/core/sx127x.c, sx126x.c) against its
emulated chip (firmware/host/sx127x_emu.c, sx126x_emu.c).

Time on air is computed (radio_airtime_us, the datasheet's formula): the figures do not depend
on the machine. The SPI bytes are counted by the emulators, so they are exact as well; the bus
time assumes an 8 MHz SPI clock (what the ESP32 ports use for both chips) and ignores the gaps
between transfers.

This module also holds what tests/test_radio_drivers.py uses to drive the drivers (`Modem`,
`Event`, `Radio`, `load_radio`).

    .venv/bin/python -m bench.radio_airtime
"""

from __future__ import annotations

import argparse
import ctypes
import tempfile
from pathlib import Path
from typing import Any

from bench.relay_forwarding import build_library

SX127X, SX126X = 0x127, 0x126
DIO2_RF_SWITCH, TCXO_1V8 = 0x01, 0x02
LORA, ESPNOW = 1, 2
NEVER = 0xFFFFFFFF
SPI_HZ = 8_000_000


class Modem(ctypes.Structure):
    _fields_ = [
        ("kind", ctypes.c_uint8),
        ("freq_hz", ctypes.c_uint32),
        ("bw_hz", ctypes.c_uint32),
        ("sf", ctypes.c_uint8),
        ("cr", ctypes.c_uint8),
        ("preamble", ctypes.c_uint16),
        ("power_dbm", ctypes.c_int8),
        ("bit_rate", ctypes.c_uint32),
    ]


class Event(ctypes.Structure):
    _fields_ = [
        ("kind", ctypes.c_uint8),
        ("len", ctypes.c_uint8),
        ("rssi_dbm", ctypes.c_int16),
        ("snr_db", ctypes.c_int8),
        ("data", ctypes.c_uint8 * 250),
    ]


class Band(ctypes.Structure):
    _fields_ = [
        ("kind", ctypes.c_uint8),
        ("low_hz", ctypes.c_uint32),
        ("high_hz", ctypes.c_uint32),
        ("max_dbm", ctypes.c_int8),
        ("limit", ctypes.c_uint8),
        ("duty_permille", ctypes.c_uint16),
        ("name", ctypes.c_char * 24),
    ]


class Verdict(ctypes.Structure):
    _fields_ = [
        ("band", ctypes.c_uint8),
        ("duty_permille", ctypes.c_uint16),
        ("max_power_dbm", ctypes.c_int8),
    ]


def load_radio(path: Path) -> ctypes.CDLL:
    """The host library with the radio entry points' signatures set."""
    lib = ctypes.CDLL(str(path))
    vp, size, u32, u64, c = (
        ctypes.c_void_p,
        ctypes.c_size_t,
        ctypes.c_uint32,
        ctypes.c_uint64,
        ctypes.c_char_p,
    )
    integer = ctypes.c_int
    signatures: dict[str, tuple[list[Any], Any]] = {
        "radio_airtime_us": ([ctypes.POINTER(Modem), size], u32),
        "radio_plan_band": ([c, size], ctypes.POINTER(Band)),
        "radio_plan_country": ([size], c),
        "radio_plan_check": (
            [c, ctypes.POINTER(Modem), ctypes.c_int8, ctypes.POINTER(Verdict)],
            integer,
        ),
        "sx127x_frf": ([u32], u32),
        "radio_host_size": ([], size),
        "radio_host_init": (
            [vp, size, ctypes.c_uint, ctypes.c_uint, c, ctypes.c_uint, ctypes.POINTER(Modem)],
            integer,
        ),
        "radio_host_sx126x_field": ([vp, ctypes.c_uint], ctypes.c_int64),
        "sx126x_rf_freq": ([u32], u32),
        "radio_host_send": ([vp, c, size, u32], integer),
        "radio_host_busy": ([vp, u32], integer),
        "radio_host_poll": ([vp, u32, ctypes.POINTER(Event)], integer),
        "radio_host_advance_us": ([vp, u64], None),
        "radio_host_now_us": ([vp], u64),
        "radio_host_inject": ([vp, c, size, integer, integer, integer], integer),
        "radio_host_set_stalled": ([vp, integer], None),
        "radio_host_set_channel_busy": ([vp, integer], None),
        "radio_host_set_noise": ([vp, u32], None),
        "radio_host_set_tx_hang": ([vp, integer], None),
        "radio_host_reg": ([vp, ctypes.c_uint], integer),
        "radio_host_sent": ([vp, vp, size], size),
        "radio_host_sent_count": ([vp], u32),
        "radio_host_tx_end_us": ([vp], u64),
        "radio_host_dio": ([vp], integer),
        "radio_host_resets": ([vp], u32),
        "radio_host_spi": ([vp, ctypes.POINTER(u32)], u32),
    }
    for name, (args, result) in signatures.items():
        function = getattr(lib, name)
        function.argtypes = args
        function.restype = result
    return lib


class Radio:
    """One emulated chip with its driver, driven the way a board's loop drives it."""

    def __init__(
        self,
        lib: ctypes.CDLL,
        modem: Modem,
        chip: int = SX127X,
        version: int = 0x12,
        version_string: bytes = b"SX1261 V2D 2D02",
        board: int = DIO2_RF_SWITCH,
    ):
        self.lib = lib
        size = lib.radio_host_size()
        self.memory = (ctypes.c_uint64 * (size // 8 + 1))()
        self.handle = ctypes.addressof(self.memory)
        self.status = lib.radio_host_init(
            self.handle, size, chip, version, version_string, board, ctypes.byref(modem)
        )

    def field(self, index: int) -> int:
        value: int = self.lib.radio_host_sx126x_field(self.handle, index)
        return value

    @property
    def now_ms(self) -> int:
        return int(self.lib.radio_host_now_us(self.handle) // 1000) & NEVER

    def reg(self, address: int) -> int:
        value: int = self.lib.radio_host_reg(self.handle, address)
        return value

    def send(self, data: bytes) -> int:
        result: int = self.lib.radio_host_send(self.handle, data, len(data), self.now_ms)
        return result

    def poll(self) -> Event:
        event = Event()
        self.lib.radio_host_poll(self.handle, self.now_ms, ctypes.byref(event))
        return event

    def advance(self, us: int) -> None:
        self.lib.radio_host_advance_us(self.handle, us)

    def inject(self, data: bytes, rssi: int = -80, snr: int = 8, crc_ok: int = 1) -> int:
        result: int = self.lib.radio_host_inject(self.handle, data, len(data), rssi, snr, crc_ok)
        return result

    def sent(self) -> bytes:
        out = (ctypes.c_uint8 * 256)()
        return bytes(out[: self.lib.radio_host_sent(self.handle, ctypes.addressof(out), 256)])

    def spi(self) -> tuple[int, int]:
        """(transfers, bytes) on the SPI bus so far."""
        transfers = ctypes.c_uint32()
        total: int = self.lib.radio_host_spi(self.handle, ctypes.byref(transfers))
        return transfers.value, total


def lora(
    freq: int = 868_100_000,
    bw: int = 125_000,
    sf: int = 7,
    cr: int = 5,
    power: int = 14,
    preamble: int = 8,
) -> Modem:
    return Modem(LORA, freq, bw, sf, cr, preamble, power, 0)


def espnow(channel: int = 1, power: int = 20, bit_rate: int = 1_000_000) -> Modem:
    return Modem(ESPNOW, (2407 + 5 * channel) * 1_000_000, 0, 0, 0, 0, power, bit_rate)


MODEMS: list[tuple[str, Modem]] = [
    ("ESP-NOW 1 Mb/s", espnow()),
    ("ESP-NOW LR 500 kb/s", espnow(bit_rate=500_000)),
    ("ESP-NOW LR 250 kb/s", espnow(bit_rate=250_000)),
    ("LoRa SF7/125 kHz", lora(sf=7)),
    ("LoRa SF9/125 kHz", lora(sf=9)),
    ("LoRa SF12/125 kHz", lora(sf=12)),
]
DUTY = [("none", 1000), ("10 %", 100), ("1 %", 10), ("0.1 %", 1)]


def airtime_table(lib: ctypes.CDLL, length: int) -> list[str]:
    lines = [
        f"| modem | airtime of {length} B | goodput at 100 % | bytes/hour at "
        + " | ".join(name for name, _ in DUTY[1:])
        + " |",
        "|---|---|---|" + "---|" * (len(DUTY) - 1),
    ]
    for name, modem in MODEMS:
        us = lib.radio_airtime_us(ctypes.byref(modem), length)
        rate = length * 1_000_000 / us
        hourly = " | ".join(f"{rate * 3600 * permille / 1000:,.0f}" for _, permille in DUTY[1:])
        lines.append(f"| {name} | {us / 1000:.2f} ms | {rate:,.0f} B/s | {hourly} |")
    return lines


def spi_table(lib: ctypes.CDLL, length: int) -> list[str]:
    lines = [
        f"| chip | send {length} B + TX_DONE: transfers / bytes / bus time | "
        f"receive {length} B: transfers / bytes / bus time | bus time / airtime (SF7) |",
        "|---|---|---|---|",
    ]
    packet = bytes(range(length))
    for name, chip in (("SX127x", SX127X), ("SX126x", SX126X)):
        radio = Radio(lib, lora(), chip=chip)
        airtime = lib.radio_airtime_us(ctypes.byref(lora()), length)
        t0, b0 = radio.spi()
        radio.send(packet)
        radio.advance(airtime)
        radio.poll()
        t1, b1 = radio.spi()
        radio.inject(packet)
        radio.poll()
        t2, b2 = radio.spi()
        send_us = (b1 - b0) * 8 * 1_000_000 / SPI_HZ
        recv_us = (b2 - b1) * 8 * 1_000_000 / SPI_HZ
        lines.append(
            f"| {name} | {t1 - t0} / {b1 - b0} / {send_us:.0f} us | "
            f"{t2 - t1} / {b2 - b1} / {recv_us:.0f} us | {send_us / airtime:.3f} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--length", type=int, default=250, help="packet bytes (1..250)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as build:
        lib = load_radio(build_library(Path(build)))
        print("\n".join(airtime_table(lib, args.length)))
        print()
        print("\n".join(spi_table(lib, args.length)))


if __name__ == "__main__":
    main()
