"""`obambu member …`: the commune's people, as the Members screen shows them (the same
services: app/core/members). Every change is signed by the commune's node key on this laptop,
except a re-issued key (`member rekey`), signed by the mayor or a deputy with their own PIN."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli_base import Output, created, member_id, new_pin, opened
from app.core.errors import ObambuError
from app.core.ledger.txtypes import Role
from app.core.members import queries, service
from app.core.members.queries import Person
from app.core.node.node import Node
from app.core.safetext import line


def cmd_add(args: argparse.Namespace, out: Output) -> None:
    """Registers a person of this commune, with keys made on this laptop."""
    secret = new_pin()
    with opened(args) as node:
        member = service.add_member(node, args.name, args.role, _delegations(args), secret)
    note = (
        ""
        if secret
        else "\nNo PIN: whoever opens this profile can sign as them. Set one: obambu member pin ID."
    )
    out.result({"id": member.hex(), "pin": bool(secret)}, member.hex() + note)


def cmd_list(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        people = queries.people(node, args.all)
    rows = [_row(p) for p in people]
    text = "\n".join(
        f"{r['id']}  {line(r['name'])}  {line(r['commune'])}  {r['role']}"
        + (f" ({', '.join(r['delegations'])})" if r["delegations"] else "")
        + ("  suspended" if r["suspended"] else "")
        + ("" if r["active"] else "  removed")
        + ("  acting here" if r["acting"] else "")
        for r in rows
    )
    out.result({"members": rows}, text or "This commune has no member yet.")


def cmd_role(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        member = _member(node, args.id)
        created(out, service.change_role(node, member, args.role, _delegations(args)))


def cmd_suspend(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        member = _member(node, args.id)
        created(out, service.suspend(node, member, args.reason or ""))


def cmd_reinstate(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        created(out, service.reinstate(node, _member(node, args.id)))


def cmd_remove(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        created(out, service.remove(node, _member(node, args.id)))


def cmd_use(args: argparse.Namespace, out: Output) -> None:
    """Who signs on this laptop from now on (a member whose keys were made here)."""
    with opened(args) as node:
        member = _member(node, args.id)
        service.act_as(node, member)
    out.result({"acting": member.hex()}, f"Acting as {member.hex()} on this laptop.")


def cmd_pin(args: argparse.Namespace, out: Output) -> None:
    """Seals a member's keys on this laptop under a new PIN (their current one is asked)."""
    secret = new_pin()
    if secret is None:
        raise ObambuError(
            "No new PIN: set OBAMBU_NEW_PIN or run in a terminal to type it.", code="no_pin"
        )
    with opened(args) as node:
        member = _member(node, args.id)
        service.set_pin(node, member, secret)
    out.result({"id": member.hex(), "pin": True}, f"{member.hex()} now signs with their PIN.")


def cmd_rekey(args: argparse.Namespace, out: Output) -> None:
    """A forgotten PIN: the mayor or a deputy, with their own PIN, gives the member a new key
    under a new PIN; the member keeps their id, role and history."""
    secret = new_pin()
    with opened(args) as node:
        member = _member(node, args.id)
        tx = service.reissue(node, member, secret, args.reason or "PIN oublié")
    note = (
        ""
        if secret
        else "\nNo PIN: whoever opens this profile can sign as them. Set one: obambu member pin ID."
    )
    out.result(
        {"id": member.hex(), "tx": tx.hex(), "pin": bool(secret)},
        f"{member.hex()} has a new key; what their old key signed before stays valid." + note,
    )


def _row(person: Person) -> dict[str, Any]:
    return {
        "id": person.id.hex(),
        "name": person.name,
        "commune": person.commune,
        "role": person.role,
        "delegations": list(person.delegations),
        "suspended": person.suspended,
        "active": person.active,
        "acting": person.acting,
        "keys_here": person.here,
    }


def _member(node: Node, text: str) -> bytes:
    return member_id(node, text)


def _delegations(args: argparse.Namespace) -> tuple[str, ...]:
    return tuple(dict.fromkeys(args.delegation or ()))


def register(sub: Any, command: Any) -> None:
    members = command(sub, "member", None, "the commune's people").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    names = ", ".join(queries.delegations())
    p = command(
        members,
        "add",
        cmd_add,
        "register a person of this commune on this laptop, their keys sealed under their PIN "
        "(OBAMBU_NEW_PIN, or asked twice)",
    )
    p.add_argument("--name", required=True)
    p.add_argument(
        "--role",
        choices=Role.ROLES,
        default=Role.MAYOR,
        help="clerk is the secretary's former name",
    )
    p.add_argument("--delegation", action="append", choices=list(queries.delegations()), help=names)
    p = command(members, "list", cmd_list, "the commune's members, their roles and delegations")
    p.add_argument("--all", action="store_true", help="the members of every commune")
    p = command(members, "role", cmd_role, "change a member's role (and a deputy's delegations)")
    p.add_argument("id", help="the member's id, or its first characters")
    p.add_argument("--role", choices=Role.NEW_ROLES, required=True)
    p.add_argument("--delegation", action="append", choices=list(queries.delegations()), help=names)
    p = command(members, "suspend", cmd_suspend, "suspend a member: they sign nothing more")
    p.add_argument("id")
    p.add_argument("--reason", help="why, in a few words")
    p = command(members, "reinstate", cmd_reinstate, "lift a member's suspension")
    p.add_argument("id")
    p = command(members, "remove", cmd_remove, "remove a member for good")
    p.add_argument("id")
    p = command(
        members,
        "use",
        cmd_use,
        "sign as this member on this laptop from now on (their PIN: OBAMBU_PIN, or asked)",
    )
    p.add_argument("id")
    p = command(
        members,
        "rekey",
        cmd_rekey,
        "a forgotten PIN: give the member a new key under a new PIN (OBAMBU_NEW_PIN, or asked "
        "twice), keeping their id, role and history; signed by the mayor or a deputy with their "
        "own PIN",
    )
    p.add_argument("id")
    p.add_argument("--reason", help="why, in a few words (default: PIN oublié)")
    p = command(
        members,
        "pin",
        cmd_pin,
        "seal a member's keys on this laptop under a new PIN (OBAMBU_NEW_PIN, or asked twice; "
        "their current PIN, if any: OBAMBU_PIN)",
    )
    p.add_argument("id")
