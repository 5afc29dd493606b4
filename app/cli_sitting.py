"""`obambu sitting …`: a council sitting run from the command line, as the secretary runs it
from the window: convene, note receipts and proxies, enter each item's vote, appoint, sign the
minutes, follow each act. A convened member signs their own receipt, approval of the minutes
or roll-call ballot with `obambu --as ID …` and their PIN. Every command calls
app/core/council/service.py, as the screen does.

Members are named by the ids the convocation gives them (m1 for the first, who presides, m2…),
as `obambu sitting show` lists them; items by their number on the agenda, from 1.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from app.cli_base import Output, created, opened, parse_id
from app.core.council import queries, service
from app.core.errors import ObambuError
from app.core.safetext import line


def cmd_list(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        rows = queries.sittings(node)
    data = [
        {
            "id": s.id.hex(),
            "number": s.number,
            "date": s.date,
            "items": len(s.items),
            "voted": len(s.deliberations),
        }
        for s in rows
    ]
    text = "\n".join(
        f"no. {s.number}  {line(s.date)}  {len(s.deliberations)}/{len(s.items)} item(s) voted  "
        f"{s.id.hex()}"
        for s in rows
    )
    out.result(data, text or "No sittings yet. Convene one with: obambu sitting convene")


def cmd_show(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        held = queries.sitting(node, parse_id(args.sitting))
    out.result(_as_dict(held), _as_text(held))


def cmd_convene(args: argparse.Namespace, out: Output) -> None:
    held = _day(args.date)
    with opened(args) as node:
        if args.again:
            created(out, service.convene_again(node, parse_id(args.again), held))
            return
        if not args.member or not args.item:
            raise ObambuError(
                "A convocation names its members and its agenda: give --member and --item, "
                "each once per member and per item."
            )
        members = [_member(text) for text in args.member]
        convocation = service.Convocation(
            held, args.number, args.population, members, args.item, urgent=args.urgent
        )
        created(out, service.convene(node, convocation))


def cmd_receipt(args: argparse.Namespace, out: Output) -> None:
    on = _day(args.date) if args.date else date.today()
    with opened(args) as node:
        created(
            out, service.record_receipt(node, parse_id(args.sitting), args.member, args.means, on)
        )


def cmd_proxy(args: argparse.Namespace, out: Output) -> None:
    sitting = parse_id(args.sitting)
    with opened(args) as node:
        number = queries.sitting(node, sitting).number
        first = args.first or number
        tx = service.give_proxy(
            node,
            sitting,
            args.mandant,
            args.holder,
            first,
            args.last or first,
            illness=args.illness,
        )
        created(out, tx)


def cmd_vote(args: argparse.Namespace, out: Output) -> None:
    sitting = parse_id(args.sitting)
    with opened(args) as node:
        held = queries.sitting(node, sitting)
        absent, interested = _ids(args.absent), _ids(args.interested)
        present = [m.id for m in held.members if m.id not in absent]
        entry = service.VoteEntry(
            mode=args.mode,
            present=present,
            interested=interested,
            how=_how(args),
            choices=_ballots(args, present, interested),
            proxy_choices=_pairs(args.proxy, "--proxy"),
            totals=_totals(args.totals) if args.totals else [],
            president_choice=args.president_choice,
        )
        tx = service.record_vote(node, sitting, args.item - 1, entry)
        outcome = queries.sitting(node, sitting).deliberations[args.item - 1]
    out.result(
        {"id": tx.hex(), "adopted": outcome.adopted, "label": outcome.label},
        f"Item {args.item}: {line(outcome.label)}\nid: {tx.hex()}",
    )


def cmd_appoint(args: argparse.Namespace, out: Output) -> None:
    sitting = parse_id(args.sitting)
    votes = {member: _count(n) for member, n in _pairs(args.votes, "--votes").items()}
    with opened(args) as node:
        held = queries.sitting(node, sitting)
        tx = service.appoint(node, sitting, args.office, votes)
        elected = queries.elected(node, tx)
    text = (
        f"Elected: {line(held.name(elected))}"
        if elected
        else "Nobody has the majority: enter the next round."
    )
    out.result({"id": tx.hex(), "elected": elected}, text)


def cmd_minutes(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        read = queries.minutes_of(node, parse_id(args.sitting))
    signed = ", ".join(map(line, read.signed_by)) or "nobody yet"
    out.result(
        {
            "text": read.text,
            "digest": read.digest.hex(),
            "signed_by": list(read.signed_by),
            "signed_an_earlier_text": list(read.signed_other),
        },
        f"{read.text}\ndigest: {read.digest.hex()}\nsigned by: {signed}\n"
        "Sign this text with: obambu sitting approve --sitting ID --digest " + read.digest.hex(),
    )


def cmd_approve(args: argparse.Namespace, out: Output) -> None:
    sitting = parse_id(args.sitting)
    digest = _digest(args.digest)
    with opened(args) as node:
        created(out, service.approve_minutes(node, sitting, digest))


def cmd_ballot(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        created(out, service.cast_ballot(node, parse_id(args.sitting), args.item - 1, args.choice))


def cmd_act(args: argparse.Namespace, out: Output) -> None:
    on = _day(args.date) if args.date else None
    with opened(args) as node:
        created(out, service.mark_act(node, parse_id(args.act), args.status, on))


def cmd_export(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        path = service.export_act(node, parse_id(args.act), args.to)
    out.result({"path": str(path)}, f"Written: {path}")


def cmd_deliberations(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        path = service.save_deliberations(node, args.out)
    out.result({"path": str(path)}, f"Written: {path}")


def register(sub: Any, command: Any) -> None:
    sitting = command(sub, "sitting", None, "council sittings and their votes").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    command(sitting, "list", cmd_list, "this commune's sittings, the newest first")
    p = command(sitting, "show", cmd_show, "members, agenda, votes, receipts and proxies")
    _sitting(p)
    p = command(sitting, "convene", cmd_convene, "sign the convocation of a sitting")
    p.add_argument("--date", required=True, help="the day of the sitting, YYYY-MM-DD")
    p.add_argument("--number", type=int, default=1, help="the sitting's rank (default: 1)")
    p.add_argument("--population", type=int, default=2000, help="the commune's population")
    p.add_argument(
        "--member",
        action="append",
        help="a councillor, 'Name' or 'Name;YYYY-MM-DD' (repeat; the first presides)",
    )
    p.add_argument("--item", action="append", help="a motion, as it will be put to the vote")
    p.add_argument("--urgent", action="store_true", help="an urgent convocation")
    p.add_argument(
        "--again",
        metavar="SITTING",
        help="convene again, without quorum, the items a sitting could not decide",
    )
    p = command(sitting, "receipt", cmd_receipt, "note that a member received the convocation")
    _sitting(p)
    p.add_argument("--member", required=True, help="the member's id: m1, m2…")
    p.add_argument("--means", choices=service.RECEIPT_MEANS, required=True)
    p.add_argument("--date", help="the day of receipt, YYYY-MM-DD (default: today)")
    p = command(sitting, "proxy", cmd_proxy, "note a proxy one member gives another")
    _sitting(p)
    p.add_argument("--from", dest="mandant", required=True, help="the member who gives it")
    p.add_argument("--to", dest="holder", required=True, help="the member who holds it")
    p.add_argument("--first", type=int, help="the first sitting it covers (default: this one)")
    p.add_argument("--last", type=int, help="the last sitting it covers (default: the first)")
    p.add_argument("--illness", action="store_true", help="given for a certified illness")
    p = command(sitting, "vote", cmd_vote, "enter the vote on one item of the agenda")
    _sitting(p)
    p.add_argument("--item", type=int, required=True, help="the item's number, from 1")
    p.add_argument("--mode", choices=service.MODES, default="public")
    p.add_argument("--absent", action="append", default=[], help="members away (m3,m4)")
    p.add_argument("--interested", action="append", default=[], help="members out of the room (m2)")
    how = p.add_mutually_exclusive_group()
    how.add_argument(
        "--ballot", action="append", default=[], help="one member's vote: m1=pour (repeat)"
    )
    how.add_argument("--totals", help="the count, as pour,contre,abstention,blanc,nul,nppv")
    how.add_argument("--noted", action="store_true", help="no vote: the council takes note")
    p.add_argument(
        "--others",
        choices=queries.CHOICES,
        help="with --ballot: the vote of every member in the room not named by a --ballot",
    )
    p.add_argument(
        "--proxy", action="append", default=[], help="a vote under a proxy: mandant=contre"
    )
    p.add_argument(
        "--president-choice",
        choices=("pour", "contre"),
        help="with --totals, on a tie in a public vote: the president's own vote",
    )
    p = command(sitting, "appoint", cmd_appoint, "enter one round of an appointment")
    _sitting(p)
    p.add_argument("--office", required=True, help="for example: first deputy")
    p.add_argument(
        "--votes", action="append", required=True, help="a candidate's votes: m2=3 (repeat)"
    )
    p = command(sitting, "minutes", cmd_minutes, "the minutes, their digest and who signed them")
    _sitting(p)
    p = command(sitting, "approve", cmd_approve, "sign the minutes you have read")
    _sitting(p)
    p.add_argument("--digest", required=True, help="the digest 'sitting minutes' printed")
    p = command(
        sitting, "ballot", cmd_ballot, "sign your own vote on an item, before it is entered"
    )
    _sitting(p)
    p.add_argument("--item", type=int, required=True, help="the item's number, from 1")
    p.add_argument("--choice", choices=queries.CHOICES, required=True)
    p = command(sitting, "act", cmd_act, "note that an act was published or transmitted")
    p.add_argument("--act", required=True, help="the id 'sitting vote' printed")
    p.add_argument("--status", choices=service.ACT_STATUSES, required=True)
    p.add_argument("--date", help="YYYY-MM-DD (default: today)")
    p = command(sitting, "export", cmd_export, "write an act's folder for the prefecture")
    p.add_argument("--act", required=True)
    p.add_argument("--to", type=Path, required=True, help="the folder to write it in")
    p = command(
        sitting, "deliberations", cmd_deliberations, "save the list of deliberations as CSV"
    )
    p.add_argument("--out", type=Path, required=True)


def _sitting(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sitting", required=True, help="the sitting's id, as 'sitting list' shows")


def _as_dict(held: queries.Sitting) -> dict[str, Any]:
    return {
        "id": held.id.hex(),
        "number": held.number,
        "date": held.date,
        "population": held.population,
        "urgent": held.urgent,
        "president": held.president,
        "members": [{"id": m.id, "name": m.name, "born": m.born} for m in held.members],
        "items": [
            {"number": i.number + 1, "title": i.title, **_voted(held.deliberations.get(i.number))}
            for i in held.items
        ],
        "receipts": [
            {"member": r.member, "means": r.means, "date": r.date, "own": r.own}
            for r in held.receipts
        ],
        "proxies": [
            {"from": p.mandant, "to": p.holder, "first": p.first, "last": p.last}
            for p in held.proxies
        ],
        "approvals": [
            {"name": a.name, "member": a.member, "own": a.own, "digest": a.digest.hex()}
            for a in held.approvals
        ],
        "own_ballots": {
            str(item + 1): dict(votes) for item, votes in sorted(held.own_ballots.items())
        },
    }


def _voted(done: queries.Deliberation | None) -> dict[str, Any]:
    if done is None:
        return {"voted": False}
    return {
        "voted": True,
        "act": done.act.hex(),
        "adopted": done.adopted,
        "label": done.label,
        "mode": done.mode,
        "totals": dict(zip(queries.CHOICES, done.totals, strict=True)),
        "state": done.state,
    }


def _as_text(held: queries.Sitting) -> str:
    lines = [
        f"Sitting no. {held.number} of {line(held.date)}{' (urgent)' if held.urgent else ''}",
        "Members:",
        *(f"  {m.id}  {line(m.name)}" for m in held.members),
        "Agenda:",
    ]
    for item in held.items:
        done = held.deliberations.get(item.number)
        state = f"{line(done.label)} · {done.state}  act {done.act.hex()}" if done else "not voted"
        lines.append(f"  {item.number + 1}. {line(item.title)} — {state}")
    got = [r for r in held.receipts if r.means is not None]
    lines.append(f"Convocation received by {len(got)} of {len(held.receipts)}.")
    for p in held.proxies:
        lines.append(f"Proxy: {line(held.name(p.mandant))} to {line(held.name(p.holder))}")
    for a in held.approvals:
        how = "their own signature" if a.own else "not convened"
        lines.append(f"Minutes signed by {line(a.name)} ({how})")
    for number, votes in sorted(held.own_ballots.items()):
        signed = ", ".join(f"{line(held.name(m))} {c}" for m, c in votes.items())
        lines.append(f"Item {number + 1}, ballots signed by the members: {signed}")
    return "\n".join(lines)


def _digest(text: str) -> bytes:
    try:
        digest = bytes.fromhex(text.strip())
    except ValueError:
        digest = b""
    if len(digest) != 32:
        raise ObambuError(
            f"'{text}' is not a digest: copy the 64 characters 'obambu sitting minutes' printed."
        )
    return digest


def _member(text: str) -> tuple[str, str]:
    name, _, born = (part.strip() for part in text.partition(";"))
    return name, born


def _ids(values: list[str]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _how(args: argparse.Namespace) -> str:
    if args.noted:
        return "noted"
    if args.totals:
        return "totals"
    if args.ballot or args.others:
        return "ballots"
    raise ObambuError(
        "Say how the item was decided: each vote with --ballot or --others, the count with "
        "--totals, or --noted when the council only takes note."
    )


def _ballots(args: argparse.Namespace, present: list[str], interested: list[str]) -> dict[str, str]:
    named = _pairs(args.ballot, "--ballot")
    if args.others:
        for member in present:
            if member not in interested:
                named.setdefault(member, args.others)
    return named


def _pairs(values: list[str], option: str) -> dict[str, str]:
    out = {}
    for value in values:
        key, sign, choice = value.partition("=")
        if not sign or not key.strip() or not choice.strip():
            raise ObambuError(f"'{value}' is not a vote: write {option} m1=pour.")
        out[key.strip()] = choice.strip()
    return out


def _count(text: str) -> int:
    if not text.isdigit():
        raise ObambuError(f"'{text}' is not a number of votes: write --votes m2=3.")
    return int(text)


def _totals(text: str) -> list[int]:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != len(queries.CHOICES) or not all(p.isdigit() for p in parts):
        raise ObambuError(
            "The totals are six counts, pour,contre,abstention,blanc,nul,nppv: write for "
            "example --totals 7,2,1,0,0,0."
        )
    return [int(p) for p in parts]


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ObambuError(f"'{text}' is not a date: write it as YYYY-MM-DD.") from None
