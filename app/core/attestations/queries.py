"""What the attestation screens, the verifier kit and the screenshots read from the ledger."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from app.core.attestations import doctypes
from app.core.node.node import Node

DAY = 86_400
LISTED = 500  # the most a search shows: the clerk narrows it by typing more


@dataclass(frozen=True)
class Listed:
    """An attestation as the "Manage" list shows it."""

    id: bytes
    number: str
    type: str
    subject: str
    issued: int
    reason: str | None  # why it was cancelled or replaced, None while it stands
    replaced_by: str | None  # the number of the attestation that replaced it
    revoke_author: bytes | None  # where its cancellation was written: author and block
    revoke_seq: int | None
    data: bytes  # the signed attestation


@dataclass(frozen=True)
class Freshness:
    """How recent a commune's list of attestations is here, and the types it is too old for."""

    commune: str
    as_of: int
    age: int  # days
    stale: tuple[str, ...]


@dataclass(frozen=True)
class Withdrawn:
    """An attestation no longer valid, as a verifier kit lists it: by id, never by name."""

    id: bytes
    why: str  # the cancellation's reason, or the number of the attestation that replaced it
    when: int


@dataclass(frozen=True)
class Unconfirmed:
    """An attestation signed or sent to the printer whose print was never confirmed."""

    id: bytes
    state: str  # signed or sent
    copy: int
    number: str
    subject: str


def ours(node: Node, search: str = "") -> list[Listed]:
    """This commune's attestations whose name or number contains `search`, newest first."""
    pattern = f"%{search}%"
    rows = node.store.all(
        "SELECT a.id, a.number, a.doc_type, a.subject, a.issued, a.revoke_reason, "
        "b.number, a.revoke_author, a.revoke_seq, a.data FROM attestations a "
        "LEFT JOIN attestations b ON b.id = a.replaced_by "
        "WHERE a.commune = ? AND (a.subject LIKE ? OR a.number LIKE ?) "
        "ORDER BY a.year DESC, a.seq_no DESC LIMIT ?",
        (node.commune, pattern, pattern, LISTED),
    )
    return [_listed(r) for r in rows]


def first(node: Node) -> Listed | None:
    """The network's earliest attestation held here (the screenshots' sample)."""
    row = node.store.one(
        "SELECT a.id, a.number, a.doc_type, a.subject, a.issued, a.revoke_reason, "
        "b.number, a.revoke_author, a.revoke_seq, a.data FROM attestations a "
        "LEFT JOIN attestations b ON b.id = a.replaced_by ORDER BY a.issued, a.id LIMIT 1"
    )
    return None if row is None else _listed(row)


def freshness(node: Node, now: int | None = None) -> list[Freshness]:
    """Per commune: the date of its newest block here, and the types whose limit it exceeds."""
    types = doctypes.load(node.home)
    names = {
        bytes(i): str(n)
        for i, n in node.store.all("SELECT id, name FROM actors WHERE id = commune")
    }
    now = int(time.time()) if now is None else now
    rows = []
    for author, as_of in node.store.all(
        "SELECT author, max(claimed_time) FROM blocks GROUP BY author"
    ):
        age = max(0, (now - int(as_of)) // DAY)
        stale = tuple(
            t.label
            for t in types
            if t.status_max_age_days is not None and age > t.status_max_age_days
        )
        rows.append(Freshness(names.get(bytes(author), "?"), int(as_of), int(age), stale))
    return sorted(rows, key=lambda r: r.commune)


def unconfirmed(node: Node) -> list[Unconfirmed]:
    """Signed or sent to the printer, never confirmed: what a power cut may have left."""
    rows = node.store.all(
        "SELECT j.att, j.state, j.copy, a.number, a.subject, a.revoke_tx IS NOT NULL "
        "FROM print_journal j JOIN attestations a ON a.id = j.att "
        "WHERE j.state != 'confirmed' ORDER BY j.at"
    )
    return [
        Unconfirmed(bytes(r[0]), str(r[1]), int(r[2]), str(r[3]), str(r[4]))
        for r in rows
        if not r[5]  # a cancelled attestation is not to be printed again
    ]


def signed_with(node: Node, kid: bytes) -> list[bytes]:
    """The attestations recorded under a key: they stay valid after it is revoked."""
    return [
        bytes(r[0]) for r in node.store.all("SELECT id FROM attestations WHERE kid = ?", (kid,))
    ]


def cancelled(node: Node, commune: bytes) -> list[Withdrawn]:
    """A commune's attestations cancelled without a replacement."""
    return [
        Withdrawn(bytes(i), str(reason), int(when))
        for i, reason, when in node.store.all(
            "SELECT id, revoke_reason, revoke_time FROM attestations "
            "WHERE commune = ? AND revoke_tx IS NOT NULL AND replaced_by IS NULL",
            (commune,),
        )
    ]


def replaced(node: Node, commune: bytes) -> list[Withdrawn]:
    """A commune's attestations replaced by a corrected one, with the new one's number."""
    return [
        Withdrawn(bytes(i), str(number or "?"), int(when))
        for i, number, when in node.store.all(
            "SELECT a.id, b.number, a.revoke_time FROM attestations a "
            "LEFT JOIN attestations b ON b.id = a.replaced_by "
            "WHERE a.commune = ? AND a.replaced_by IS NOT NULL",
            (commune,),
        )
    ]


def _listed(r: Any) -> Listed:
    return Listed(
        id=bytes(r[0]),
        number=str(r[1]),
        type=str(r[2]),
        subject=str(r[3]),
        issued=int(r[4]),
        reason=None if r[5] is None else str(r[5]),
        replaced_by=None if r[6] is None else str(r[6]),
        revoke_author=None if r[7] is None else bytes(r[7]),
        revoke_seq=None if r[8] is None else int(r[8]),
        data=bytes(r[9]),
    )
