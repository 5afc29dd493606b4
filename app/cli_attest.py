"""`obambu attest …`: the attestation office from the command line.

Printing draws the same page as the window, so it loads Qt (offscreen when there is no
display); everything else stays in app.core.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path
from typing import Any

from app.cli_base import Output, created, data_folder, opened, parse_id, read_file
from app.core.attestations import azerty, certificates, kit, scan, status_list
from app.core.attestations.attest_rules import REASONS, REQUESTERS
from app.core.attestations.certificates import Request
from app.core.attestations.qrtext import from_qr_text
from app.core.attestations.verdict import Verdict
from app.core.errors import ObambuError
from app.core.node.node import Node
from app.core.safetext import line


def default_kit_folder() -> Path:
    return data_folder() / "verifier"


def cmd_issue(args: argparse.Namespace, out: Output) -> None:
    request = Request(
        args.type,
        args.subject,
        born=args.born,
        place=args.place,
        detail=args.detail,
        requester=args.requester,
        id_checked=args.no_id_check is None,
        id_note=args.no_id_check,
        document=read_file(args.file) if args.file else None,
    )
    with opened(args) as node:
        issued = certificates.issue(node, request)
        out.result(
            {"id": issued.id.hex(), "number": issued.number, "qr": issued.qr_text},
            f"Attestation n° {issued.number} signed.\nid: {issued.id.hex()}\n"
            "Print it with: obambu attest print --id " + issued.id.hex() + " --out FILE.pdf",
        )


def cmd_print(args: argparse.Namespace, out: Output) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import app.ui.printing as printing  # Qt draws the page

    with opened(args) as node:
        copy = printing.print_to_file(node, parse_id(args.id), args.out, thermal=args.thermal)
    label = "original" if copy == 1 else f"DUPLICATA n° {copy - 1}"
    out.result({"out": str(args.out), "copy": copy}, f"Written: {args.out} ({label})")


def cmd_verify(args: argparse.Namespace, out: Output) -> None:
    network_id = kit.parse_network_id(args.network_id) if args.network_id is not None else None
    # The kit imported in that folder, or a kit file itself (a stick, docs/samples).
    with_kit = kit.held_or_file(args.kit, network_id) if args.kit else None
    if args.kit and with_kit is None:
        raise ObambuError(f"No verifier kit imported in {args.kit}. Run 'attest kit import'.")
    if with_kit is not None:
        if network_id is not None:
            _anchored(with_kit, network_id)
        data = _attestation(args, None)
        verdict = kit.verify(with_kit, data)
    else:
        with opened(args) as node, node.overlay():
            data = _attestation(args, node)
            verdict = certificates.verify(node, data)
    _show(out, verdict)


def _anchored(held: kit.Kit, network_id: bytes) -> None:
    """The kit held here is of the network the person was told, and was proven from its
    genesis when it was imported."""
    if held.network != network_id:
        raise kit.KitError(
            "The verifier kit on this laptop belongs to another network than the one you were "
            "told. Check the network id, or import your network's kit.",
            code="kit_other_network",
        )
    if not held.anchored:
        raise kit.KitError(
            "The verifier kit on this laptop was not checked against the network id. Import it "
            "again with --network-id.",
            code="kit_not_anchored",
        )


def _attestation(args: argparse.Namespace, node: Node | None) -> bytes:
    # `is not None`: an empty --payload or --code is a wrong attestation, not a missing option.
    if args.payload is not None or args.qr is not None:
        return from_qr_text(azerty.from_scanner(args.payload if args.qr is None else args.qr))
    if args.image is not None:
        texts = scan.qr_texts(args.image)
        if not texts:
            raise ObambuError(
                "No attestation QR code could be read in this file. Take a sharper photo, or "
                "type the number printed under the code."
            )
        return from_qr_text(texts[0])
    if node is None:
        raise ObambuError(
            "A number or a document is looked up in a town hall's ledger: run "
            "this without --kit, or scan the QR code."
        )
    if args.code is not None:
        return certificates.find_by_number(node, args.code)
    return certificates.find_by_file(node, args.file)


def _show(out: Output, verdict: Verdict) -> None:
    result = verdict.as_dict()
    fields = verdict.fields  # signed by a town hall, still written by someone else: one line each
    lines = "\n".join(
        f"  {line(str(label))}: {line(str(value))}" for label, value in fields.get("lines", [])
    )
    text = (
        f"{verdict.outcome.upper()}  n° {line(str(fields.get('number', '?')))}\n"
        f"  {line(str(fields.get('type_label', '')))}\n{lines}\n"
        + "\n".join(f"  [{'ok' if c['ok'] else '!!'}] {line(c['detail'])}" for c in verdict.checks)
    )
    out.result(result, text)
    if not result["valid"]:
        raise SystemExit(3)


def cmd_correct(args: argparse.Namespace, out: Output) -> None:
    request = Request(
        args.type,
        args.subject,
        born=args.born,
        place=args.place,
        detail=args.detail,
        requester=args.requester,
    )
    with opened(args) as node:
        issued = certificates.correct(node, parse_id(args.id), request, args.reason, args.note)
        text = f"Attestation n° {issued.number} signed; it replaces the earlier one."
        out.result({"id": issued.id.hex(), "number": issued.number}, text)


def cmd_revoke(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        created(out, certificates.revoke(node, parse_id(args.id), args.reason, args.note))


def cmd_kit_export(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        path = kit.export(node, args.to)
    size = path.stat().st_size
    out.result({"path": str(path), "bytes": size}, f"Verifier kit written: {path} ({size} bytes)")


def cmd_kit_import(args: argparse.Namespace, out: Output) -> None:
    network_id = kit.parse_network_id(args.network_id) if args.network_id is not None else None
    merged = kit.import_kit(args.source, args.kit, network_id)
    result: dict[str, Any] = {
        "updated": merged.updated,
        "refused_older": merged.refused,
        "folder": str(args.kit),
        "anchored": merged.kit.anchored,
    }
    text = f"Imported into {args.kit}: {len(merged.updated)} commune list(s) updated."
    if not merged.kit.anchored:
        text += "\nNot checked against the network id: give --network-id to check it."
    if merged.refused:
        text += (
            "\nKept the newer list already held for: "
            + ", ".join(map(line, merged.refused))
            + " (the stick's was older)."
        )
    out.result(result, text)


def cmd_lists(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        lists = status_list.held(node)
    rows = [
        {
            "commune": h.commune.hex(),
            "name": h.name,
            "id": h.id.hex(),
            "time": h.time,
            "keys": h.keys,
            "cancelled": [a.hex() for a in h.cancelled],
            "replaced": [a.hex() for a in h.replaced],
        }
        for h in lists
    ]
    text = "\n".join(
        f"{line(h.name)}: list of {_date(h.time)} ({len(h.cancelled)} cancelled, {len(h.replaced)} "
        f"replaced, {h.keys} keys)  {h.id.hex()}"
        for h in lists
    )
    out.result({"lists": rows}, text or "No commune's status list is held here yet.")


def _date(when: int) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(when))


def register(sub: Any, command: Any) -> None:
    attest = command(sub, "attest", None, "attestations (certificates)").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    p = command(attest, "issue", cmd_issue, "sign and record an attestation with its number")
    _fields(p)
    p.add_argument("--requester", choices=REQUESTERS, default="self", help="who asks for it")
    p.add_argument(
        "--no-id-check", metavar="WHY", help="issued without checking an identity document, and why"
    )
    p.add_argument("--file", type=Path, help="a document the attestation vouches for")
    p = command(attest, "print", cmd_print, "write the certificate as a PDF (or a thermal slip)")
    p.add_argument("--id", required=True)
    p.add_argument("--out", type=Path, required=True, help="the PDF (or PNG with --thermal)")
    p.add_argument("--thermal", action="store_true", help="58 mm thermal slip, as a PNG")
    p = command(attest, "verify", cmd_verify, "check an attestation (exit 3 unless authentic)")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--image", type=Path, help="a photo, a scan or a PDF of the certificate")
    group.add_argument("--code", help="the number printed under the QR code")
    group.add_argument("--payload", help="the QR code's text (AT1:…), AZERTY scanners welcome")
    group.add_argument("--file", type=Path, help="the document it vouches for")
    group.add_argument("qr", nargs="?", metavar="AT1:…", help="the QR code's text, as --payload")
    p.add_argument(
        "--kit",
        type=Path,
        nargs="?",
        const=default_kit_folder(),
        help="verify with an imported verifier kit (or a folder holding a kit file), without a "
        "profile",
    )
    p.add_argument(
        "--network-id",
        help="with --kit: the network id the town hall gave you; the kit must be of it",
    )
    p = command(attest, "correct", cmd_correct, "issue a corrected attestation replacing one")
    p.add_argument("--id", required=True, help="the attestation replaced")
    _fields(p)
    p.add_argument("--requester", choices=REQUESTERS, default="self")
    _reason(p)
    p = command(attest, "revoke", cmd_revoke, "cancel an attestation")
    p.add_argument("--id", required=True)
    _reason(p)
    command(attest, "lists", cmd_lists, "each commune's signed list of cancellations held here")
    kits = command(attest, "kit", None, "verifier kits").add_subparsers(
        dest="kit_action", required=True, metavar="ACTION"
    )
    p = command(kits, "export", cmd_kit_export, "write a verifier kit to a stick")
    p.add_argument("--to", type=Path, required=True, help="the stick or folder")
    p = command(kits, "import", cmd_kit_import, "load a verifier kit (verify-only laptop)")
    p.add_argument("--from", dest="source", type=Path, required=True)
    p.add_argument(
        "--kit",
        type=Path,
        default=default_kit_folder(),
        help="where this laptop keeps its verifier data",
    )
    p.add_argument(
        "--network-id",
        help="the network id the town hall gave you: the kit is checked from its genesis",
    )


def _fields(p: argparse.ArgumentParser) -> None:
    p.add_argument("--type", required=True, help="type code: nais, copie, res, vie, autre")
    p.add_argument("--subject", required=True, help="the person's name, as printed")
    p.add_argument("--born", help="birth date: 1964-03-02, 1964 or 'vers 1964'")
    p.add_argument("--place", help="birth place")
    p.add_argument("--detail", help="address, act number or object, per the type")


def _reason(p: argparse.ArgumentParser) -> None:
    p.add_argument("--reason", choices=REASONS, required=True)
    p.add_argument("--note", help="what happened (required for fraud and other)")
