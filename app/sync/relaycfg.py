"""The relay's 128-byte CONFIG record (firmware/PROTOCOL.md §3): the one definition of it.

The link code (GET_CONFIG/SET_CONFIG, `relay.py`) and provisioning (`app/provision/relaycfg.py`,
which writes it into the board's NVS partition) both use this record.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, replace

import crc32c

from app.core.errors import ObambuError

MAGIC = b"OBRC"
FORMAT_VERSION = 1
SIZE = 128
FLAG_CONFIGURED = 0x0001
RADIO_OFF = 0  # radio kinds at byte 110: off, LoRa, ESP-NOW (radio_kind_t in core/radio.h)
RADIO_LORA = 1
RADIO_ESPNOW = 2

# Offsets and sizes exactly as the table of PROTOCOL.md §3; the last 4 bytes are the CRC.
BODY = struct.Struct("<4sHHI8s8s8s32sIBbBBBBHI24s2sBBBB10s")
assert BODY.size == SIZE - 4


class RelayConfigError(ObambuError):
    code = "relay_config_invalid"

    def __init__(self, why: str) -> None:
        super().__init__(f"The relay's settings are unreadable ({why}); write them again.")


@dataclass(frozen=True)
class RelayConfig:
    network_tag: bytes  # 8 bytes
    commune_id: bytes  # 8 bytes, the commune that configured the relay
    device_id: bytes  # 8 bytes, from the board's MAC
    key_seed: bytes = bytes(32)  # Ed25519 seed; secret, GET_CONFIG returns zeros
    config_version: int = 1  # incremented by the laptop on each write
    flags: int = FLAG_CONFIGURED
    uart_baud: int = 115_200
    # Radio and queue values below are placeholders until a network profile sets them.
    radio_channel: int = 0
    tx_power_dbm: int = 14
    spreading_factor: int = 9
    classes: int = 0b1111  # one bit per object class the relay may carry (3: urgent)
    hop_limit: int = 8
    queue_budget_kib: int = 256
    default_lifetime_s: int = 7 * 24 * 3600
    name: str = ""  # UTF-8, at most 24 bytes
    # The radio (bytes 108..113): no country chosen keeps the radio off; the relay checks the
    # rest against its country's plan (config_modem in core/config.c) before it transmits.
    country: str = ""  # ISO 3166-1 alpha-2, upper case, or ""
    radio_kind: int = RADIO_OFF
    band: int = 0  # index in the country's plan
    bandwidth: int = 0  # LoRa 0: 125 kHz, 1: 250, 2: 500; ESP-NOW 0: 1 Mbit/s, 1: 500k, 2: 250k
    coding_rate: int = 0  # LoRa 4/5..4/8 as 5..8

    def __post_init__(self) -> None:
        sizes = {"network_tag": 8, "commune_id": 8, "device_id": 8, "key_seed": 32}
        for attr, size in sizes.items():
            if len(getattr(self, attr)) != size:
                raise ValueError(f"{attr} must be {size} bytes")
        if len(self.name.encode()) > 24:
            raise ValueError("name must fit in 24 UTF-8 bytes")
        if self.country and not (
            len(self.country) == 2 and self.country.isascii() and self.country.isupper()
        ):
            raise ValueError("country must be two capital letters (ISO 3166-1) or empty")
        ranges = {
            "config_version": (0, 0xFFFFFFFF),
            "flags": (0, 0xFFFF),
            "uart_baud": (1, 0xFFFFFFFF),
            "radio_channel": (0, 0xFF),
            "tx_power_dbm": (-128, 127),
            "spreading_factor": (0, 0xFF),
            "classes": (0, 0xFF),
            "hop_limit": (0, 0xFF),
            "queue_budget_kib": (0, 0xFFFF),
            "default_lifetime_s": (0, 0xFFFFFFFF),
            "radio_kind": (0, 0xFF),
            "band": (0, 0xFF),
            "bandwidth": (0, 0xFF),
            "coding_rate": (0, 0xFF),
        }
        for attr, (low, high) in ranges.items():
            if not low <= getattr(self, attr) <= high:
                raise ValueError(f"{attr} out of range {low}..{high}")

    @property
    def configured(self) -> bool:
        return bool(self.flags & FLAG_CONFIGURED)

    def pack(self) -> bytes:
        body = BODY.pack(
            MAGIC,
            FORMAT_VERSION,
            self.flags,
            self.config_version,
            self.network_tag,
            self.commune_id,
            self.device_id,
            self.key_seed,
            self.uart_baud,
            self.radio_channel,
            self.tx_power_dbm,
            self.spreading_factor,
            self.classes,
            self.hop_limit,
            0,
            self.queue_budget_kib,
            self.default_lifetime_s,
            self.name.encode(),
            self.country.encode("ascii") or bytes(2),
            self.radio_kind,
            self.band,
            self.bandwidth,
            self.coding_rate,
            bytes(10),
        )
        return body + struct.pack("<I", crc32c.crc32c(body))

    @classmethod
    def unpack(cls, record: bytes) -> RelayConfig:
        if len(record) != SIZE:
            raise RelayConfigError(f"{len(record)} bytes instead of {SIZE}")
        body = record[:-4]
        if struct.unpack("<I", record[-4:])[0] != crc32c.crc32c(body):
            raise RelayConfigError("checksum mismatch")
        (
            magic,
            version,
            flags,
            config_version,
            network_tag,
            commune_id,
            device_id,
            key_seed,
            baud,
            channel,
            power,
            sf,
            classes,
            hops,
            _reserved,
            budget,
            lifetime,
            name,
            country,
            kind,
            band,
            bandwidth,
            coding_rate,
            _reserved2,
        ) = BODY.unpack(body)
        if magic != MAGIC or version != FORMAT_VERSION:
            raise RelayConfigError(f"format {magic!r} version {version}")
        try:
            text = name.rstrip(b"\0").decode()
        except UnicodeDecodeError:
            raise RelayConfigError("name is not UTF-8") from None
        if country == bytes(2):
            land = ""
        elif all(0x41 <= c <= 0x5A for c in country):
            land = country.decode("ascii")
        else:
            raise RelayConfigError("country is not two capital letters")
        try:
            return cls(
                network_tag,
                commune_id,
                device_id,
                key_seed,
                config_version,
                flags,
                baud,
                channel,
                power,
                sf,
                classes,
                hops,
                budget,
                lifetime,
                text,
                land,
                kind,
                band,
                bandwidth,
                coding_rate,
            )
        except ValueError as exc:  # a field out of its range (a baud rate of 0)
            raise RelayConfigError(str(exc)) from None

    def public(self) -> RelayConfig:
        """The record as GET_CONFIG returns it: the key seed never leaves the relay."""
        return replace(self, key_seed=bytes(32))
