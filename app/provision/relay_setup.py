"""What a technician does with a relay after flashing it, and what a clerk does with it later.

configure  read the board's partition table, write a factory image of its `relaycfg`
           partition (network, commune, a fresh relay key, link settings), reset it into its
           firmware, and read the settings back over its UART before calling it configured
register   record the board in the ledger, with its public key and the pack it runs
report     ask the relay for its signed link report and record it in the ledger
exchange   give the relay what it lacks and take what it holds (store and forward)

The relay key's seed is made here, written to the board, and never kept on the laptop: the
ledger holds only its public half, which checks every report the relay signs.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

import serial

from app.core.devices import radio_plan
from app.core.devices.radio_plan import RadioChoice
from app.core.ledger.txtypes import TxType
from app.core.node.node import Node
from app.core.progress import Listener, ignore
from app.provision import flashing, partitions
from app.provision.chip import ChipInfo, detect
from app.provision.hints import ProvisionError
from app.provision.pack import Pack
from app.provision.relaycfg import NVS_PARTITION, RelayConfig, nvs_image
from app.sync.channel import Channel
from app.sync.errors import LinkError
from app.sync.relay import (
    Info,
    RelayClient,
    RelayReport,
    device_id_from_mac,
    relay_public_key,
    relay_sync,
    relay_tag,
)
from app.sync.stream import SerialStream

APP_BAUD = 115_200
CLASSES = {"governance": 0b001, "blocks": 0b010, "documents": 0b100}


@dataclass(frozen=True)
class Settings:
    """What the technician chooses on the Devices screen; the rest comes from the network."""

    name: str
    radio_channel: int = 0
    tx_power_dbm: int = 14
    spreading_factor: int = 9
    classes: int = 0b111
    hop_limit: int = 8
    queue_budget_kib: int = 256
    default_lifetime_s: int = 7 * 24 * 3600
    # The radio, from the country's plan (radio_plan.choices); None: the radio stays off. When
    # given, its channel, power and spreading factor are the ones written.
    radio: RadioChoice | None = None

    def with_radio(self, config: RelayConfig) -> RelayConfig:
        """`config` with this choice in its radio fields (PROTOCOL.md §3, 72..74, 108..113)."""
        choice = self.radio
        if choice is None:
            return replace(
                config,
                radio_channel=self.radio_channel,
                tx_power_dbm=self.tx_power_dbm,
                spreading_factor=self.spreading_factor,
            )
        return replace(
            config,
            radio_channel=choice.channel,
            tx_power_dbm=choice.power_dbm,
            spreading_factor=choice.spreading_factor,
            country=choice.country,
            radio_kind=radio_plan.kind(choice),
            band=choice.band,
            bandwidth=choice.bandwidth,
            coding_rate=choice.coding_rate,
        )


@dataclass(frozen=True)
class Configured:
    device: bytes  # 8 bytes, from the MAC
    public_key: bytes  # the relay key's public half, for the ledger
    chip: ChipInfo
    info: Info  # what the relay's firmware says of itself once running
    config: RelayConfig  # as read back (key seed blanked)


def configure(
    node: Node,
    port: str,
    settings: Settings,
    *,
    manual_boot: bool = False,
    progress: Listener = ignore,
    cancel: threading.Event | None = None,
) -> Configured:
    return configure_board(
        node.network_id,
        node.commune,
        port,
        settings,
        manual_boot=manual_boot,
        progress=progress,
        cancel=cancel,
    )


def configure_board(
    network_id: bytes,
    commune: bytes,
    port: str,
    settings: Settings,
    *,
    manual_boot: bool = False,
    progress: Listener = ignore,
    cancel: threading.Event | None = None,
) -> Configured:
    """The board's part of `configure`: it needs the network and commune ids, not the store,
    so a screen can run it beside the store's worker (minutes of flashing block nothing)."""
    chip = detect(port, manual_boot=manual_boot)
    table = flashing.read_back(
        port, partitions.OFFSET, partitions.TABLE_SIZE, manual_boot=manual_boot
    )
    where = partitions.find(table, NVS_PARTITION)
    device = device_id_from_mac(bytes.fromhex(chip.mac.replace(":", "")))
    seed = os.urandom(32)
    config = settings.with_radio(
        RelayConfig(
            network_tag=relay_tag(network_id),
            commune_id=commune,
            device_id=device,
            key_seed=seed,
            uart_baud=APP_BAUD,
            classes=settings.classes,
            hop_limit=settings.hop_limit,
            queue_budget_kib=settings.queue_budget_kib,
            default_lifetime_s=settings.default_lifetime_s,
            name=settings.name,
        )
    )
    result = flashing.flash(
        port,
        [(where.offset, nvs_image(config, where.size))],
        expected_chip=chip.name,
        progress=progress,
        cancel=cancel,
        manual_boot=manual_boot,
    )
    if not result.complete:
        raise result.hint or ProvisionError("flash_interrupted")
    with session(port) as client:
        client.hello(relay_tag(network_id), commune[:8])
        info = client.get_info()
        back = client.get_config()
        client.bye()
    if back != config.public() or info.device != device:
        raise ProvisionError("config_mismatch")
    return Configured(device, relay_public_key(seed), chip, info, back)


def register(node: Node, configured: Configured, pack: Pack, member: bytes | None = None) -> bytes:
    """DEVICE_REGISTER, signed by the technician (`member`) in this commune's feed."""
    body = {
        "device": configured.device,
        "kind": "relay",
        "name": configured.config.name or "relay",
        "pk": configured.public_key,
        "chip": configured.chip.description[:24],
        "firmware": pack.version[:32],
        "pack": pack.digest,
    }
    tx = node.submit(TxType.DEVICE_REGISTER, body, actor=member, prio=0)
    node.seal()
    return tx


def report(node: Node, port: str) -> bytes:
    """Fetches the relay's signed report and records it (LINK_REPORT); returns the tx id."""
    with session(port) as client:
        client.hello_node(node)
        signed = client.get_report()
        client.bye()
    body = {"device": signed.device, "report": signed.body, "sig": signed.signature}
    tx = node.submit(TxType.LINK_REPORT, body, prio=1)
    node.seal()
    return tx


def exchange(node: Node, port: str) -> RelayReport:
    """Store and forward: what the relay lacks goes in, what it holds comes out."""
    with open_app_port(port) as stream, Channel(stream) as channel:
        return relay_sync(node, channel)


@contextmanager
def session(port: str) -> Iterator[RelayClient]:
    with open_app_port(port) as stream, Channel(stream) as channel:
        yield RelayClient(channel)


@contextmanager
def open_app_port(port: str, baud: int = APP_BAUD) -> Iterator[SerialStream]:
    """The relay's UART, opened with DTR and RTS released first: asserting them would reset
    the board (they drive EN and IO0 through the auto-reset circuit)."""
    try:
        line = serial.serial_for_url(port, baudrate=baud, timeout=0.2, do_not_open=True)
        line.dtr = False
        line.rts = False
        line.open()
    except (serial.SerialException, OSError, ValueError) as exc:
        raise LinkError(
            f"The relay's port {port} cannot be opened: close any other program using it, or "
            "plug the relay in again.",
            code="port_busy",
        ) from exc
    stream = SerialStream(line, port)
    try:
        yield stream
    finally:
        stream.close()
