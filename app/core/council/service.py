"""What a secretary does to a sitting, as signed transactions: convene it, note the receipts and
the proxies, enter each item's vote, run an appointment, sign the minutes, follow each act.

The screens and `obambu sitting …` both call these functions; the law's checks run in the
ledger rules (app/core/council/sittings.py), so a breach comes back as a Rejected with its code.
Each function seals at once: the registre is kept as the sitting goes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from app.core.atomic import write_atomic
from app.core.council import council, minutes, queries
from app.core.council.ruleprofile import load
from app.core.errors import NotFound, Rejected
from app.core.forum import service as forum
from app.core.ledger.txtypes import TxType
from app.core.members import service as member_service
from app.core.node.node import Node

PROFILE = "fr"
MODES = tuple(m.value for m in council.VoteMode)
HOWS = ("ballots", "totals", "noted")
RECEIPT_MEANS = ("hand", "home", "email", "post")
ACT_STATUSES = ("published", "transmitted")
TITLE_CHARS = 500  # an agenda item's title, as the convocation rule bounds it


def motion_hash(text: str) -> bytes:
    """What binds every ballot to the exact text put to the vote."""
    return hashlib.sha256(text.encode("utf-8")).digest()


@dataclass(frozen=True)
class Convocation:
    """A sitting as the mayor convenes it. The first member presides; a birth date settles a
    tied appointment (L2121-21)."""

    held: date
    number: int
    population: int
    members: Sequence[tuple[str, str]]  # (name, birth date YYYY-MM-DD or "")
    motions: Sequence[str]  # each text exactly as it will be put to the vote
    urgent: bool = False
    reconvenes: bytes | None = None  # the sitting without quorum this one takes up again


@dataclass(frozen=True)
class VoteEntry:
    """One item's room and votes, as the secretary saw them.

    how: "ballots" (each member's vote), "totals" (a count, the only way for a secret ballot)
    or "noted" (the council takes note without a vote)."""

    mode: str
    present: Sequence[str]
    interested: Sequence[str] = ()
    how: str = "ballots"
    choices: Mapping[str, str] = field(default_factory=dict)  # member -> choice
    proxy_choices: Mapping[str, str] = field(default_factory=dict)  # mandant -> choice
    totals: Sequence[int] = ()  # in the order of queries.CHOICES
    president_choice: str | None = None  # on a tie in a public vote entered as totals


@dataclass(frozen=True)
class Quorum:
    counted: int
    required: int
    met: bool


def convene(node: Node, convocation: Convocation) -> bytes:
    profile = load(PROFILE)
    members = [
        [f"m{n + 1}", name, born if _is_date(born) else ""]
        for n, (name, born) in enumerate(convocation.members)
    ]
    body: dict[str, Any] = {
        "profile": profile.code,
        "digest": bytes.fromhex(profile.digest),
        "population": convocation.population,
        "date": convocation.held.isoformat(),
        "urgent": int(convocation.urgent),
        "number": convocation.number,
        "president": "m1",
        "members": members,
        "items": [
            {"title": text[:TITLE_CHARS], "motion": motion_hash(text)}
            for text in convocation.motions
        ],
    }
    if convocation.reconvenes is not None:
        body["reconvenes"] = convocation.reconvenes
    return _signed(node, TxType.SITTING_CONVENE, body)


def convene_again(node: Node, failed: bytes, held: date) -> bytes:
    """Convenes again, after a sitting without quorum, what it could not decide: the same
    members and texts, the next number, three days later at the earliest (L2121-17)."""
    earlier = queries.sitting(node, failed)
    open_texts = [_motion_text(earlier, item) for item in earlier.open_items]
    return convene(
        node,
        Convocation(
            held,
            earlier.number + 1,
            earlier.population,
            [(m.name, m.born) for m in earlier.members],
            open_texts,
            reconvenes=failed,
        ),
    )


def earliest_again(failed: queries.Sitting) -> date:
    """The first day a sitting without quorum may be convened again (L2121-17: three days)."""
    days = load(failed.profile).quorum.reconvene_min_days
    return date.fromisoformat(failed.date) + timedelta(days=days)


def record_receipt(node: Node, sitting: bytes, member: str, means: str, on: date) -> bytes:
    body = {"sitting": sitting, "member": member, "means": means, "date": on.isoformat()}
    return _signed(node, TxType.SITTING_RECEIPT, body)


def give_proxy(
    node: Node,
    sitting: bytes,
    mandant: str,
    holder: str,
    first: int,
    last: int,
    *,
    illness: bool = False,
) -> bytes:
    body = {
        "sitting": sitting,
        "mandant": mandant,
        "holder": holder,
        "first": first,
        "last": last,
        "illness": int(illness),
    }
    return _signed(node, TxType.SITTING_PROXY, body)


def proxies_voting(
    sitting: queries.Sitting, present: Sequence[str], interested: Sequence[str]
) -> tuple[queries.GivenProxy, ...]:
    """The proxies that cast a ballot on this item: in force for this sitting, the holder in
    the room, the mandant not, and neither of them interested in the affair (L2121-20,
    L2131-11)."""
    room, out = set(present), set(interested)
    return tuple(
        p
        for p in sitting.proxies_in_force
        if p.holder in room and p.mandant not in room and not {p.holder, p.mandant} & out
    )


def quorum(sitting: queries.Sitting, present: Sequence[str], interested: Sequence[str]) -> Quorum:
    """The quorum as the room stands, shown while the secretary ticks who is there."""
    profile = load(sitting.profile)
    members = tuple(council.Member(m.id, m.name) for m in sitting.members)
    check = council.check_quorum(
        profile,
        council.Sitting(sitting.number, members, sitting.president),
        council.ItemPresence("", frozenset(present), frozenset(interested)),
    )
    counted = len(set(present) - set(interested))
    required = profile.quorum.required(len(sitting.members))
    return Quorum(counted, required, not isinstance(check, council.Breach))


def record_vote(node: Node, sitting: bytes, item: int, entry: VoteEntry) -> bytes:
    """Enters one item's vote; the motion signed is the agenda's, never a text typed again."""
    held = queries.sitting(node, sitting)
    if not 0 <= item < len(held.items):
        raise NotFound(
            f"Sitting no. {held.number} has no item {item + 1}. Choose one from 1 to "
            f"{len(held.items)}."
        )
    body: dict[str, Any] = {
        "sitting": sitting,
        "item": item,
        "motion": held.items[item].motion,
        "mode": entry.mode,
        "present": list(entry.present),
        "interested": list(entry.interested),
        "how": entry.how,
    }
    if entry.how == "ballots":
        body["ballots"] = _ballots(held, entry)
    elif entry.how == "totals":
        body["totals"] = list(entry.totals)
        if entry.president_choice is not None:
            body["president_choice"] = entry.president_choice
    return _signed(node, TxType.SITTING_VOTE, body)


def appoint(node: Node, sitting: bytes, office: str, votes: Mapping[str, int]) -> bytes:
    """One round of an appointment: the votes each candidate received. The round number is the
    next one for this office; `queries.elected` then says who, if anyone, won."""
    body = {
        "sitting": sitting,
        "office": office,
        "round": queries.next_round(node, sitting, office),
        "candidates": list(votes),
        "votes": dict(votes),
    }
    return _signed(node, TxType.SITTING_APPOINT, body)


def approve_minutes(node: Node, sitting: bytes, digest: bytes) -> bytes:
    """Signs the minutes whose text hashes to `digest`, the text the member read."""
    return _signed(node, TxType.MINUTES_APPROVE, {"sitting": sitting, "minutes": digest})


def cast_ballot(node: Node, sitting: bytes, item: int, choice: str) -> bytes:
    """The acting member's own ballot on one item of a roll call, signed with their key before
    the secretary enters the item; her entry must then carry it as it is."""
    held = queries.sitting(node, sitting)
    if not 0 <= item < len(held.items):
        raise NotFound(
            f"Sitting no. {held.number} has no item {item + 1}. Choose one from 1 to "
            f"{len(held.items)}."
        )
    body = {"sitting": sitting, "item": item, "choice": choice}
    return _signed(node, TxType.SITTING_BALLOT, body)


def sign_own(
    node: Node, sitting: bytes, member: str, pin: str, digest: bytes | None = None
) -> bytes:
    """A convened member signs, on this laptop, with their PIN, their own receipt of the
    convocation (handed over today) or, given the `digest` of the minutes they read, their
    approval: what `obambu --as ID sitting receipt|approve` signs. Whoever acts on this laptop
    acts again afterwards, their key as it was; the member's key is locked again."""
    signer = next((s for s in queries.own_signers(node, sitting) if s.member == member), None)
    if signer is None:
        raise NotFound(
            "This member has nothing left to sign here, or no key on this laptop. Check the "
            "sitting's list of members."
        )

    def sign(node: Node) -> bytes:
        if digest is None:
            return record_receipt(node, sitting, member, "hand", date.today())
        return approve_minutes(node, sitting, digest)

    return member_service.as_one_change(node, signer.person, pin, sign)


def mark_act(node: Node, act: bytes, status: str, on: date | None = None) -> bytes:
    """Notes that an act was published or transmitted to the prefecture (L2131-1)."""
    body = {"act": act, "status": status, "date": (on or date.today()).isoformat()}
    return _signed(node, TxType.ACT_STATUS, body)


def discuss(node: Node, sitting: bytes, item: int) -> bytes:
    """A forum thread about one item, to prepare it between mayors."""
    title = queries.sitting(node, sitting).items[item].title
    tx = forum.start_thread(node, title[:200], "", priority=1, about=sitting)
    node.seal()  # the registre is kept as the sitting goes
    return tx


def save_deliberations(node: Node, target: Path) -> Path:
    """The commune's list of deliberations as a CSV file, for the registre."""
    with node.overlay():
        text = minutes.deliberations_csv(node)
    write_atomic(target, text.encode(minutes.CSV_ENCODING))
    return target


def export_act(node: Node, act: bytes, folder: Path) -> Path:
    """The folder for the prefecture: the act's text and its signed objects."""
    with node.overlay():
        return minutes.transmission(node, act, folder)


def export_record(node: Node, sitting: bytes, folder: Path) -> Path:
    """The sitting's record for a check anywhere: the convocation, proxies, receipts, ballots,
    deliberations, appointments and approvals of the minutes as signed objects, with the genesis
    and the blocks that prove them (app/core/audit/sitting.py, as `obambu audit sitting`)."""
    from app.core.audit import sitting as record  # late: the audit imports this package's minutes

    return record.export(node, sitting, folder)


def check_record(folder: Path) -> Any:
    """A sitting's record folder checked offline from its own genesis, trusting nothing of this
    laptop (app/core/audit/check.py, as `obambu audit record`): what it proved, or Rejected with
    the first fault."""
    from app.core.audit import check, sitting  # late: the audit imports this package's minutes

    checked = check.check(folder)
    if not isinstance(checked, sitting.Checked):
        raise Rejected("audit_not_a_sitting", "This folder holds a vote's record, not a sitting's.")
    return checked


def _ballots(held: queries.Sitting, entry: VoteEntry) -> list[list[str]]:
    """Each member in the room and not interested votes for themself; a proxy holder also votes
    for the mandant, when the law lets the proxy be used on this item. A vote given for anyone
    else is refused, never dropped: the registre must hold every vote the secretary saw."""
    known = {m.id for m in held.members}
    for member in [*entry.present, *entry.interested, *entry.choices, *entry.proxy_choices]:
        if member not in known:
            raise Rejected(
                "not_a_councillor",
                f"Sitting no. {held.number} has no member {member}. Use the members' ids as "
                "the sitting lists them (m1, m2…).",
                params={"member": member, "number": held.number},
            )
    voting = set(entry.present) - set(entry.interested)
    for member in entry.choices:
        if member not in voting:
            raise Rejected(
                "not_in_the_room",
                f"{held.name(member)} is absent or interested in this item, so has no vote on "
                "it. Mark them present, or leave their vote out.",
                params={"name": held.name(member)},
            )
    usable = {p.mandant: p for p in proxies_voting(held, entry.present, entry.interested)}
    for mandant in entry.proxy_choices:
        if mandant not in usable:
            raise Rejected(
                "proxy_not_usable",
                f"No proxy of {held.name(mandant)} can be used on this item: its holder must be "
                "in the room, and the mandant away. Leave this vote out.",
                params={"name": held.name(mandant)},
            )
    own = [[m.id, entry.choices[m.id], ""] for m in held.members if m.id in entry.choices]
    proxied = [
        [usable[mandant].holder, choice, mandant] for mandant, choice in entry.proxy_choices.items()
    ]
    return own + proxied


def _motion_text(sitting: queries.Sitting, item: queries.Item) -> str:
    """The text convened again must hash to the motion the failed sitting carried: the title
    is that text whenever it was not cut to fit."""
    if motion_hash(item.title) != item.motion:
        raise Rejected(
            "motion_text_lost",
            f"The text of item {item.number + 1} of sitting no. {sitting.number} was longer "
            "than its title, so it cannot be convened again from here. Convene it with its "
            "full text.",
            params={"item": item.number + 1, "number": sitting.number},
        )
    return item.title


def _signed(node: Node, kind: TxType, body: dict[str, Any]) -> bytes:
    tx = node.submit(kind, body, prio=1)
    node.seal()  # the registre is kept as the sitting goes
    return tx


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True
