"""Checking without trusting this laptop: `obambu vote export` writes a vote's record folder,
`obambu audit record DIR` checks one offline from its genesis, `obambu audit replica` checks a
whole profile from its genesis, and `obambu object list` lists block ids and feed heads."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli_base import Output, opened, parse_id
from app.core.audit import check, record, replica, sitting


def cmd_vote_export(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        folder = record.export(node, parse_id(args.vote), args.record)
    out.result(
        {"folder": str(folder)},
        f"{folder}\nThe vote's record: anyone checks it with `obambu audit record {folder}`.",
    )


def cmd_sitting_export(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        folder = sitting.export(node, parse_id(args.sitting), args.record)
    out.result(
        {"folder": str(folder)},
        f"{folder}\nThe sitting's record: anyone checks it with `obambu audit record {folder}`.",
    )


def cmd_record(args: argparse.Namespace, out: Output) -> None:
    # No profile is opened: the folder is checked from its own genesis and nothing else.
    checked = check.check(args.folder)
    if isinstance(checked, sitting.Checked):
        objects = ", ".join(f"{n} {group}" for group, n in checked.objects.items())
        out.result(
            checked.as_dict(),
            f"OK: the record checks from its genesis (network {checked.network_id}).\n"
            f"{checked.blocks} blocks verified; signed objects: {objects}.\n"
            f"The minutes written again from the entries were approved by {checked.approved} "
            "signature(s).",
        )
        return
    tally = ", ".join(str(n) for n in checked.tally)
    out.result(
        checked.as_dict(),
        f"OK: the record checks from its genesis (network {checked.network_id}).\n"
        f"{checked.question}\n"
        f"{checked.blocks} blocks verified, {checked.ballots} ballots counted again"
        f"{' in the close' if checked.closed else ''}: tally {tally}, ballot root {checked.root}."
        + (
            "\nSigned after the close without knowing of it, valid but not counted: "
            f"{checked.late} ballot(s)."
            if checked.late
            else ""
        ),
    )


def cmd_replica(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        checked = replica.check(node)
    lines = [
        f"OK: {checked.blocks} blocks verified again from the genesis (network "
        f"{checked.network_id}); {len(checked.heads)} feed heads match this profile's."
    ]
    # Held apart, not in the heads: what a sync has still to complete, or what was refused.
    if checked.waiting:
        lines.append(
            f"Waiting: {checked.waiting} block(s) received without a block they build on; "
            "not verified, not in the heads."
        )
    if checked.quarantined:
        reasons = ", ".join(f"{reason} {n}" for reason, n in checked.refused.items())
        lines.append(
            f"Quarantined: {checked.quarantined} object(s) refused on receipt ({reasons}); "
            "kept apart, not in the heads."
        )
    out.result(checked.as_dict(), "\n".join(lines))


def cmd_object_list(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        blocks = replica.blocks(node)
        heads = replica.heads(node.store)
    lines = [f"{b['id']}  {b['author'][:16]} #{b['seq']}" for b in blocks]
    lines += ["heads:"] + [f"  {a}  {h}" for a, h in heads.items()]
    out.result({"blocks": blocks, "heads": heads}, "\n".join(lines))


def register(sub: Any, command: Any, vote: Any, obj: Any) -> None:
    p = command(vote, "export", cmd_vote_export, "write a vote's record, checkable offline")
    p.add_argument("--vote", required=True)
    p.add_argument("--record", type=Path, required=True, help="folder to write the record in")
    command(obj, "list", cmd_object_list, "every block's id, and each feed's head")
    audit = command(sub, "audit", None, "check signed records from their genesis").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    p = command(audit, "sitting", cmd_sitting_export, "write a sitting's record, checkable offline")
    p.add_argument("--sitting", required=True, help="the sitting's id, as 'sitting list' shows")
    p.add_argument("--record", type=Path, required=True, help="folder to write the record in")
    p = command(audit, "record", cmd_record, "check a vote's or a sitting's record offline")
    p.add_argument("folder", type=Path)
    command(audit, "replica", cmd_replica, "verify every block of this profile again")
