"""Radio relays and display boxes on the ledger: who registered which board with which key and
firmware, and the link reports the boards sign.

A board is registered by a technician (or the mayor, or a deputy) of a commune: the
transaction is signed by that member and travels in the commune's feed, whose blocks the
commune's node signs, so both vouch for it. A relay signs its reports with the key it was given
at configuration (its seed never leaves the board and the laptop that configured it); the
ledger checks each report against the registered key and keeps only newer ones.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import nacl.exceptions
import nacl.signing

from app.core.devices import radio_report
from app.core.devices.radio_report import RadioReport
from app.core.errors import Rejected
from app.core.ledger.fields import Fields
from app.core.members import powers

if TYPE_CHECKING:
    from app.core.ledger.actors import Actor
    from app.core.ledger.context import RuleContext
    from app.core.ledger.objects import Tx
    from app.core.ledger.view import View

KINDS = ("relay", "display")
REPORT_CONTEXT = b"OBAMBU-LINK-REPORT-1"
HEAD = struct.Struct("<8sI")  # device, report sequence
LINK_NAMES = ("UART0", "UART1", "radio")
NEVER = 0xFFFFFFFF
_STATUS = struct.Struct("<IHIIH")  # uptime, queued, queued bytes, budget, battery mV
_LINK = struct.Struct("<IIIII")  # frames in, frames out, CRC errors, retransmits, last contact


@dataclass(frozen=True)
class LinkCounters:
    frames_in: int
    frames_out: int
    crc_errors: int
    retransmits: int
    last_contact_s: int | None  # seconds before the report; None: never heard


@dataclass(frozen=True)
class Status:
    """A relay's STATUS body (firmware/PROTOCOL.md): what GET_STATUS answers and what a signed
    link report carries."""

    uptime_s: int
    queued: int
    queued_bytes: int
    budget_bytes: int
    battery_mv: int  # 0: on mains
    links: tuple[LinkCounters, ...]  # UART0, UART1, radio

    SIZE = _STATUS.size + len(LINK_NAMES) * _LINK.size

    def pack(self) -> bytes:
        head = _STATUS.pack(
            self.uptime_s, self.queued, self.queued_bytes, self.budget_bytes, self.battery_mv
        )
        return head + b"".join(
            _LINK.pack(
                c.frames_in,
                c.frames_out,
                c.crc_errors,
                c.retransmits,
                NEVER if c.last_contact_s is None else c.last_contact_s,
            )
            for c in self.links
        )

    @classmethod
    def unpack(cls, body: bytes) -> Status:
        if len(body) != cls.SIZE:
            raise ValueError(f"a relay status is {cls.SIZE} bytes, not {len(body)}")
        links = []
        for n in range(len(LINK_NAMES)):
            got, sent, crc, again, last = _LINK.unpack_from(body, _STATUS.size + n * _LINK.size)
            links.append(LinkCounters(got, sent, crc, again, None if last == NEVER else last))
        uptime, queued, queued_bytes, budget, battery = _STATUS.unpack_from(body)
        return cls(uptime, queued, queued_bytes, budget, battery, tuple(links))


# A report of firmware 0.1.0: no radio section. Later ones append one (radio_report.py).
REPORT_SIZE = HEAD.size + Status.SIZE
REPORT_MAX_SIZE = REPORT_SIZE + radio_report.MAX_SIZE


@dataclass(frozen=True)
class Report:
    device: bytes
    sequence: int
    status: Status
    radio: RadioReport | None = None  # None: a relay of firmware 0.1.0, which sends none


def parse_report(report: bytes) -> Report:
    """The fields of a relay's signed report: its device, a sequence, its status and, from
    relays that send it, its radio section."""
    if not REPORT_SIZE <= len(report) <= REPORT_MAX_SIZE:
        raise ValueError(
            f"a link report is {REPORT_SIZE} to {REPORT_MAX_SIZE} bytes, not {len(report)}"
        )
    device, sequence = HEAD.unpack_from(report)
    status = Status.unpack(report[HEAD.size : REPORT_SIZE])
    radio = radio_report.unpack(report[REPORT_SIZE:]) if len(report) > REPORT_SIZE else None
    return Report(device, sequence, status, radio)


def _need_registrar(actor: Actor) -> None:
    powers.need(actor, "device_register")  # a technician, the mayor or a deputy


def register(led: RuleContext, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    _need_registrar(actor)
    device = f.bytes_("device", 8)
    kind = f.text("kind", 10)
    if kind not in KINDS:
        raise f.bad("the kind is relay or display")
    row = led.store.one("SELECT commune FROM devices WHERE id = ?", (device,))
    if row is not None and bytes(row[0]) != actor.commune:
        raise Rejected(
            "device_elsewhere",
            "This board is registered by another commune. Ask that commune to reconfigure it.",
        )
    values = (
        device,
        actor.commune,
        kind,
        f.text("name", 24),
        f.bytes_("pk", 32),
        f.text("chip", 24),
        f.text("firmware", 32),
        f.bytes_("pack", 32),
        actor.id,
        tx.time,
        view.author,
        view.seq,
    )
    # A board flashed or configured again gets its new key and firmware (and is back in
    # service); its reports so far stay, signed by the old key and already checked.
    led.store.run(
        "INSERT OR REPLACE INTO devices (id, commune, kind, name, pk, chip, firmware, pack, "
        "technician, registered, author, seq, retired) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
        values,
    )


def retire(led: RuleContext, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    """A board lost, stolen or broken: its key signs nothing the network believes any more."""
    _need_registrar(actor)
    device = f.bytes_("device", 8)
    f.text("reason", 200)
    row = led.store.one("SELECT commune, retired FROM devices WHERE id = ?", (device,))
    if row is None:
        raise Rejected("unknown_device", "This board is not registered at that point.")
    if bytes(row[0]) != actor.commune:
        raise Rejected(
            "device_elsewhere",
            "This board is registered by another commune. Ask that commune to retire it.",
        )
    if row[1] is not None:
        raise Rejected("duplicate", "This board is already retired.")
    led.store.run("UPDATE devices SET retired = ? WHERE id = ?", (tx.time, device))


def link_report(led: RuleContext, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    """A report a laptop fetched from a relay: any member may carry it, the relay signed it."""
    device = f.bytes_("device", 8)
    row = led.store.one("SELECT pk, author, seq, retired FROM devices WHERE id = ?", (device,))
    if row is None or not view.has(bytes(row[1]), int(row[2])):
        raise Rejected("unknown_device", "This board is not registered at that point.")
    if row[3] is not None:
        raise Rejected("device_retired", "This board was retired: its reports are not believed.")
    report, signature = f.blob("report", REPORT_MAX_SIZE), f.bytes_("sig", 64)
    try:
        parsed = parse_report(report)
        nacl.signing.VerifyKey(bytes(row[0])).verify(REPORT_CONTEXT + report, signature)
    except (ValueError, nacl.exceptions.BadSignatureError) as exc:
        raise Rejected("bad_report", "This link report is not signed by the board.") from exc
    if parsed.device != device:
        raise Rejected("bad_report", "This link report names another board.")
    newest = led.store.value("SELECT max(sequence) FROM link_reports WHERE device = ?", (device,))
    if newest is not None and parsed.sequence <= int(newest):
        raise Rejected("duplicate", "This link report is not newer than the last one recorded.")
    led.store.run(
        "INSERT INTO link_reports (device, sequence, report, received, author, seq) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (device, parsed.sequence, report, tx.time, view.author, view.seq),
    )


def latest(store: Any) -> list[dict[str, Any]]:
    """Every registered board with its newest report (None before the first one)."""
    out = []
    for device, commune, kind, name, chip, firmware, registered, retired in store.all(
        "SELECT id, commune, kind, name, chip, firmware, registered, retired FROM devices "
        "ORDER BY name"
    ):
        row = store.one(
            "SELECT report, received FROM link_reports WHERE device = ? "
            "ORDER BY sequence DESC LIMIT 1",
            (device,),
        )
        out.append(
            {
                "id": bytes(device),
                "commune": bytes(commune),
                "kind": kind,
                "name": name,
                "chip": chip,
                "firmware": firmware,
                "registered": registered,
                "report": parse_report(bytes(row[0])) if row else None,
                "received": row[1] if row else None,
                "retired": retired,
            }
        )
    return out
