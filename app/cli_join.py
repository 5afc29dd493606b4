"""Joining a network by stick, and a commune's laptop coming back from its paper backup:
`obambu join request|invite|accept`, and `obambu backup restore --paper`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli_base import Output, opened, passphrase
from app.core.node import backups
from app.core.node.node import Node
from app.sync import invite, laptop_invite
from app.sync.export import export


def cmd_request(args: argparse.Namespace, out: Output) -> None:
    """A new laptop asks to join: a profile with a fresh node key, its request on the stick."""
    node = Node.create(args.home, passphrase(confirm=True), args.commune)
    try:
        invite.write_request(node, args.stick)
    finally:
        node.close()
    out.result(
        {"home": str(args.home), "stick": str(args.stick)},
        "Request written. Take the stick to a commune of the network, then run "
        "`obambu join accept` when it comes back.",
    )


def cmd_invite(args: argparse.Namespace, out: Output) -> None:
    """A commune of the network answers the requests on the stick, and writes what it holds."""
    requests = invite.read_requests(args.stick)
    if not requests:
        out.result({"invited": []}, "There is no join request on this stick.")
        return
    with opened(args) as node:
        laptop_invite.need_first_laptop(node)  # a further laptop holds no node key to propose
        proposal = invite.invite(node, args.stick, requests)
        export(node, args.stick)
    names = ", ".join(r.name for r in requests)
    # The epoch that admits them: the other communes approve it (`obambu rekey approve`).
    out.result(
        {"invited": [r.commune for r in requests], "proposal": proposal},
        f"Invitation written for {names}. Take the stick back to them.",
    )


def cmd_accept(args: argparse.Namespace, out: Output) -> None:
    """The invited laptop takes its invitation and everything the stick carries."""
    with opened(args) as node:
        report = invite.accept(node, args.stick)  # the stick taken in with it
    out.result(report.as_dict(), "Joined. " + report.summary())


def cmd_restore_paper(node_home: Path, code: str, stick: Path, out: Output) -> None:
    node = backups.restore_from_paper(node_home, code, passphrase(confirm=True))
    try:
        invite.write_request(node, stick)
    finally:
        node.close()
    out.result(
        {"home": str(node_home), "stick": str(stick)},
        "Keys rebuilt from the paper. Take the stick to a commune of the network, then run "
        "`obambu join accept` when it comes back.",
    )


def register(sub: Any, command: Any) -> None:
    join = command(sub, "join", None, "join a network by stick").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    p = command(join, "request", cmd_request, "create this laptop's profile and ask to join")
    p.add_argument("--commune", required=True, help="name of this commune")
    p.add_argument("--stick", type=Path, required=True)
    p = command(join, "invite", cmd_invite, "answer the join requests on a stick")
    p.add_argument("--stick", type=Path, required=True)
    p = command(join, "accept", cmd_accept, "take the invitation the stick brings back")
    p.add_argument("--stick", type=Path, required=True)
