"""A lost or stolen laptop: the commune's new laptop asks for a new node key, and the other
communes give it through an epoch: `obambu rekey request|propose|approve`."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli_base import Output, opened, parse_id
from app.core.members import service


def cmd_request(args: argparse.Namespace, out: Output) -> None:
    """On the new laptop, once restored: the code to give a neighbouring commune."""
    with opened(args) as node:
        code = service.request_rekey(node)
    out.result(
        {"code": code},
        f"{code}\nGive this code to a neighbouring commune: it proposes the new key, and this "
        "laptop signs again once two thirds of the communes approved it.",
    )


def cmd_propose(args: argparse.Namespace, out: Output) -> None:
    """On a neighbour's laptop: propose (and approve) the epoch that re-keys the commune."""
    with opened(args) as node:
        proposal = service.propose_rekey(node, args.code, args.seq)
    out.result(
        {"proposal": proposal.hex()},
        f"{proposal.hex()}\nProposed and approved in this commune's name. The other communes "
        "approve it with `obambu rekey approve`.",
    )


def cmd_approve(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        tx = service.approve_epoch(node, parse_id(args.proposal))
    out.result({"id": tx.hex()}, "Approved in this commune's name.")


def register(sub: Any, command: Any) -> None:
    rekey = command(
        sub, "rekey", None, "a lost or stolen laptop: give its commune a new node key"
    ).add_subparsers(dest="action", required=True, metavar="ACTION")
    command(rekey, "request", cmd_request, "on the new laptop: print the code of its new key")
    p = command(rekey, "propose", cmd_propose, "propose and approve the epoch that re-keys")
    p.add_argument("--code", required=True, help="the code the new laptop printed")
    p.add_argument(
        "--seq",
        type=int,
        help="the old key's last block that stands (default: the last one held here)",
    )
    p = command(rekey, "approve", cmd_approve, "approve a proposed epoch")
    p.add_argument("proposal", help="the proposal's id")
