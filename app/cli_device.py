"""`obambu device …` and `obambu pack …`: relays from the command line, for technicians and for
the people who build firmware. The same functions as the Devices screen (app/provision)."""

from __future__ import annotations

import argparse
import sys
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

from app.cli_base import Output, opened, passphrase, read_file
from app.core.devices import devices, radio_plan, service
from app.core.devices import queries as laptop_queries
from app.core.devices.radio_plan import RadioChoice
from app.core.errors import ObambuError
from app.core.node.node import Node
from app.core.progress import Progress
from app.core.safetext import line
from app.provision import flashing, pack, ports, relay_setup
from app.provision.relay_setup import CLASSES, Settings
from app.sync import intake, laptop_invite
from app.sync.export import export


def cmd_list(args: argparse.Namespace, out: Output) -> None:
    found = [vars(p) | {"usb_id": p.usb_id} for p in ports.list_serial_ports()]
    text = "\n".join(f"{p['device']}  {p['bridge']}  {p['usb_id']}  {p['board']}" for p in found)
    result: dict[str, Any] = {"ports": found}
    if args.registered:
        with opened(args) as node, node.overlay():
            boards = devices.latest(node.store)
        result["registered"] = [_board(b) for b in boards]
        text += "\n" + "\n".join(f"{b['id'].hex()}  {_status_line(b)}" for b in boards)
    out.result(result, text or "No serial port: plug the relay in with a USB data cable.")


def _board(board: dict[str, Any]) -> dict[str, Any]:
    report = board["report"]
    shown = {k: v for k, v in board.items() if k != "report"}
    if report is not None:
        shown["status"] = vars(report.status) | {"links": [vars(x) for x in report.status.links]}
        if report.radio is not None:  # a relay of 0.1.0 sends none
            radio = report.radio
            near = [vars(n) | {"id": n.id.hex()} for n in radio.neighbours]
            shown["radio"] = vars(radio) | {"kind": radio.kind_name, "neighbours": near}
    return shown


def cmd_flash(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        checked = pack.verify(node, args.pack)  # before the port is even opened
    result = flashing.flash(
        args.port,
        checked.flash_args,
        expected_chip=checked.chip,
        baud=args.baud,
        progress=_bar(out),
        manual_boot=args.manual_boot,
        flash_size=checked.flash_size,
    )
    _end_bar(out)
    out.result(
        {
            "complete": result.complete,
            "chip": result.chip,
            "mac": result.mac,
            "bytes": result.bytes_written,
            "seconds": round(result.timings.get("total", 0), 1),
        },
        f"Flashed {checked.name} {checked.version} on {result.chip} ({result.mac}) in "
        f"{result.timings.get('total', 0):.1f} s. Now configure it: obambu device configure "
        f"--port {args.port} --pack {args.pack} --name NAME",
    )


def cmd_configure(args: argparse.Namespace, out: Output) -> None:
    settings = Settings(
        args.name,
        radio_channel=args.channel,
        tx_power_dbm=args.power,
        classes=sum(CLASSES[c] for c in args.carry),
        hop_limit=args.hop_limit,
        queue_budget_kib=args.budget_kib,
        radio=_radio(args),
    )
    with opened(args) as node:
        checked = pack.verify(node, args.pack)
        done = relay_setup.configure(
            node, args.port, settings, manual_boot=args.manual_boot, progress=_bar(out)
        )
        _end_bar(out)
        relay_setup.register(node, done, checked, member=_member(node, args.technician))
    out.result(
        {
            "device": done.device.hex(),
            "name": done.config.name,
            "firmware": done.info.firmware,
            "public_key": done.public_key.hex(),
        },
        f"Relay {done.config.name} ({done.device.hex()}) configured, read back and registered.",
    )


def _radio(args: argparse.Namespace) -> RadioChoice | None:
    """The radio from --country and the rest, refused unless the country's plan allows it: the
    relay would keep its radio off otherwise."""
    if not args.country:
        return None
    country = args.country.upper()
    plan = radio_plan.bands(country)
    if not plan:
        known = ", ".join(radio_plan.countries())
        raise ObambuError(
            f"No radio plan is known for {country} (known: {known}): leave --country out, the "
            "relay then works by cable only."
        )
    if not 0 <= args.band < len(plan):
        listed = "; ".join(f"{b.index}: {b.name}" for b in plan)
        raise ObambuError(f"{country} has bands {listed}: give one of them with --band.")
    band = plan[args.band]
    choice = RadioChoice(
        country, band.index, args.channel, args.power, args.sf, args.bandwidth, args.coding_rate
    )
    if band.kind == radio_plan.ESPNOW:
        choice = replace(choice, spreading_factor=0, coding_rate=0)
    if not radio_plan.allowed(choice):
        channels = ", ".join(str(c.number) for c in radio_plan.channels(band, args.bandwidth))
        powers = radio_plan.powers(band)
        raise ObambuError(
            f"{country} does not allow these settings in band {band.name}: channels "
            f"{channels or 'none at this bandwidth'}, power {powers[0]} to {powers[-1]} dBm, "
            "SF 7 to 12, coding rate 5 to 8."
        )
    return choice


def _member(node: Node, name: str | None) -> bytes | None:
    """The technician whose keys this laptop holds, by name; None: the laptop's member."""
    if name is None:
        return None
    found = node.store.value(
        "SELECT a.id FROM actors a JOIN keyring k ON k.actor = a.id WHERE a.name = ? LIMIT 1",
        (name,),
    )
    if found is None:
        raise ObambuError(f"This laptop holds no keys of a member named {name}. Check the name.")
    return bytes(found)


def cmd_status(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        relay_setup.report(node, args.port)
        with node.overlay():
            boards = devices.latest(node.store)
    out.result(
        {"registered": [_board(b) for b in boards]},
        "Link report recorded.\n" + "\n".join(_status_line(b) for b in boards),
    )


def _status_line(board: dict[str, Any]) -> str:
    report = board["report"]
    if report is None:
        return f"{board['name']}: no report yet"
    status = report.status
    links = ", ".join(
        f"{name} in {c.frames_in} out {c.frames_out} CRC errors {c.crc_errors}"
        for name, c in zip(devices.LINK_NAMES, status.links, strict=True)
    )
    power = "mains" if not status.battery_mv else f"{status.battery_mv} mV"
    return (
        f"{board['name']}: up {status.uptime_s} s, {status.queued} objects queued "
        f"({status.queued_bytes} B), power {power}; {links}"
    )


def cmd_exchange(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        moved = relay_setup.exchange(node, args.port)
    out.result(
        moved.as_dict(),
        f"Left {moved.sent} object(s) on the relay, took "
        f"{moved.imported.new} new block(s) from it.",
    )


def cmd_pack_build(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        built = pack.build(
            node,
            args.out,
            bootloader=read_file(args.bootloader),
            partition_table=read_file(args.partition_table),
            app=read_file(args.app),
            chip=args.chip,
            board=args.board,
            flash_size=args.flash_size,
        )
    out.result(
        {"out": str(args.out), "version": built.version, "signer": built.signer},
        f"Pack {args.out}: {built.name} {built.version} for {built.chip}, signed by "
        f"{built.signer}.",
    )


def cmd_pack_verify(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        checked = pack.verify(node, args.file)
    out.result(
        {
            "name": checked.name,
            "version": checked.version,
            "chip": checked.chip,
            "signer": checked.signer,
            "parts": [[hex(o), len(d)] for o, d in checked.flash_args],
        },
        f"Pack checked: {checked.name} {checked.version} for {checked.chip}, signed by "
        f"{checked.signer}.",
    )


class _Bar:
    def __init__(self, out: Output) -> None:
        self.out = out
        self.shown = -1
        self.lock = threading.Lock()

    def __call__(self, event: Progress) -> None:
        fraction = event.fraction()
        if self.out.as_json or fraction is None:
            return
        percent = int(100 * fraction)
        with self.lock:
            if percent != self.shown:
                self.shown = percent
                print(f"\r{event.phase.value} {percent:3d} %", end="", file=sys.stderr)


def _bar(out: Output) -> _Bar:
    return _Bar(out)


def _end_bar(out: Output) -> None:
    if not out.as_json:
        print(file=sys.stderr)


# --- a commune's further laptops (docs/ledger.md, "A commune's devices") -----------------------


def cmd_add_laptop(args: argparse.Namespace, out: Output) -> None:
    """On the first laptop: an offer on the stick, or, when the new laptop's request is there,
    its LAPTOP_ADD, its invitation, and everything the stick should carry back."""
    with opened(args) as node:
        laptop_invite.need_first_laptop(node)
        requests, refused = laptop_invite.read_requests(node, args.stick)
        if not requests:
            if refused:
                raise ObambuError(
                    "The laptop request on this stick is damaged or forged. Run `obambu device "
                    "join-laptop` on the new laptop again.",
                    code="damaged_laptop_request",
                )
            laptop_invite.write_offer(node, args.stick)
            out.result(
                {"offer": True, "added": []},
                "Offer written. On the new laptop, run `obambu device join-laptop --stick "
                "… --name …`, then bring the stick back here.",
            )
            return
        added = laptop_invite.add(node, args.stick, requests, args.name)
        export(node, args.stick)
    out.result(
        {"offer": False, "added": added},
        "Laptop added. On the new laptop, run `obambu device accept-laptop --stick …`.",
    )


def cmd_join_laptop(args: argparse.Namespace, out: Output) -> None:
    """On the new laptop: a new profile, the network of the offer, its request on the stick."""
    offer = laptop_invite.read_offer(args.stick)  # before any profile is made
    node = Node.create(args.home, passphrase(confirm=True), offer.name)
    try:
        laptop_invite.write_request(node, args.stick, offer, args.name)
        laptop = node.feed
    finally:
        node.close()
    out.result(
        {"home": str(args.home), "laptop": laptop, "commune": offer.commune},
        f"Request written for {line(offer.name)}. Take the stick back to the commune's first "
        "laptop and run `obambu device add-laptop` there.",
    )


def cmd_accept_laptop(args: argparse.Namespace, out: Output) -> None:
    """On the new laptop: the keys, then the stick, which brings its LAPTOP_ADD."""
    with opened(args) as node:
        laptop_invite.accept(node, args.stick)
        report = intake.import_(node, args.stick)
        laptop_invite.take_place(node)
        feed = node.feed
    out.result(
        report.as_dict() | {"laptop": feed},
        "This laptop now writes its own feed of its commune. " + report.summary(),
    )


def cmd_laptops(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node, node.overlay():
        found = laptop_queries.laptops(node)
    text = "\n".join(
        f"{x.id.hex()}  {line(x.name)}"
        + (" (first)" if x.first else "")
        + (" (this laptop)" if x.this else "")
        + (" (retired)" if x.retired else "")
        for x in found
    )
    out.result({"laptops": [vars(x) for x in found]}, text)


def cmd_retire_laptop(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        laptop_invite.need_first_laptop(node)
        laptop = _laptop_id(node, args.laptop)
        tx = service.retire(node, laptop, args.reason)
    out.result({"id": tx, "laptop": laptop}, f"Laptop {laptop.hex()} retired.")


def _laptop_id(node: Node, text: str) -> bytes:
    wanted = text.strip().lower()
    found = [
        x.id
        for x in laptop_queries.laptops(node)
        if not x.first and wanted and x.id.hex().startswith(wanted)
    ]
    if len(found) != 1:
        raise ObambuError(
            f"'{text}' names no single laptop of this commune: give an id shown by "
            "`obambu device laptops`.",
            code="unknown_laptop",
        )
    return found[0]


def register(sub: Any, command: Any) -> None:
    device = command(sub, "device", None, "radio relays and this commune's laptops").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    p = command(device, "list", cmd_list, "serial ports and the USB adapter behind each")
    p.add_argument("--registered", action="store_true", help="also the boards in the ledger")
    p = command(device, "flash", cmd_flash, "flash a signed firmware pack")
    _port(p)
    p.add_argument("--pack", type=Path, required=True)
    p.add_argument("--baud", type=int, default=flashing.FAST_BAUD)
    p = command(
        device, "configure", cmd_configure, "write a relay's settings, read them back, register it"
    )
    _port(p)
    p.add_argument("--pack", type=Path, required=True, help="the pack it was flashed with")
    p.add_argument("--name", required=True, help="what the relay is called (24 bytes)")
    p.add_argument("--channel", type=int, default=0, help="radio channel (in the band's grid)")
    p.add_argument("--power", type=int, default=14, help="radio power at the chip, dBm")
    p.add_argument("--country", help="ISO country code whose radio rules apply (none: radio off)")
    p.add_argument("--band", type=int, default=0, help="band number in the country's plan")
    p.add_argument("--sf", type=int, default=9, help="LoRa spreading factor, 7 to 12")
    p.add_argument(
        "--bandwidth",
        type=int,
        default=0,
        help="LoRa 0: 125 kHz, 1: 250, 2: 500; Wi-Fi 0: 1 Mbit/s, 1: 500k, 2: 250k",
    )
    p.add_argument("--coding-rate", type=int, default=5, help="LoRa coding rate 4/5 to 4/8: 5 to 8")
    p.add_argument(
        "--carry",
        nargs="+",
        choices=sorted(CLASSES),
        default=sorted(CLASSES),
        help="what the relay may carry",
    )
    p.add_argument(
        "--hop-limit",
        type=int,
        default=8,
        help="radio hops an object may make, plus 1 (%(default)s: 7 hops)",
    )
    p.add_argument("--budget-kib", type=int, default=256, help="room for objects, KiB")
    p.add_argument("--technician", help="the technician's name, if not the laptop's member")
    p = command(device, "status", cmd_status, "read a relay's signed link report and record it")
    _port(p)
    p = command(device, "exchange", cmd_exchange, "leave and take blocks through a relay")
    _port(p)
    p = command(
        device, "add-laptop", cmd_add_laptop, "on the first laptop: offer, then add a laptop"
    )
    p.add_argument("--stick", type=Path, required=True)
    p.add_argument("--name", help="what the new laptop is called, if not its own name")
    p = command(
        device, "join-laptop", cmd_join_laptop, "a new laptop of a commune: profile and request"
    )
    p.add_argument("--stick", type=Path, required=True)
    p.add_argument("--name", required=True, help="this laptop, e.g. 'Bureau du secrétariat'")
    p = command(
        device, "accept-laptop", cmd_accept_laptop, "the new laptop takes its place by stick"
    )
    p.add_argument("--stick", type=Path, required=True)
    command(device, "laptops", cmd_laptops, "this commune's laptops")
    p = command(device, "retire-laptop", cmd_retire_laptop, "retire a laptop of this commune")
    p.add_argument("laptop", help="its id, or the first characters of it")
    p.add_argument("--reason", default="", help="why: lost, stolen, replaced")
    packs = command(sub, "pack", None, "firmware packs").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    p = command(packs, "build", cmd_pack_build, "sign a pack of ESP-IDF outputs")
    p.add_argument("--bootloader", type=Path, required=True)
    p.add_argument("--partition-table", type=Path, required=True)
    p.add_argument("--app", type=Path, required=True)
    p.add_argument("--chip", default="ESP32", choices=sorted(pack.CHIP_IDS))
    p.add_argument("--board", default="generic")
    p.add_argument("--flash-size", default="4MB")
    p.add_argument("--out", type=Path, required=True)
    p = command(packs, "verify", cmd_pack_verify, "check a pack's signature, hashes and chip")
    p.add_argument("file", type=Path)


def _port(p: argparse.ArgumentParser) -> None:
    p.add_argument("--port", required=True, help="/dev/ttyUSB0, COM3, or a pyserial URL")
    p.add_argument(
        "--manual-boot",
        action="store_true",
        help="the technician holds BOOT (boards without auto-reset)",
    )
