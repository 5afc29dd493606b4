"""Minutes (procès-verbal) and the list of deliberations, built from the ledger alone.

The minutes are text assembled from the signed convocation and the signed vote entries; their
SHA-256 is what members sign to approve them (MINUTES_APPROVE), so an approval names one exact
text and any later change shows.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from app.core.atomic import write_atomic
from app.core.council import council, pv
from app.core.encoding import cbor
from app.core.errors import NotFound
from app.core.ledger.objects import parse_tx
from app.core.ledger.txtypes import Role
from app.core.node.node import Node
from app.core.typography import french, french_date

CHOICE_NAMES = pv.CHOICE_NAMES
MODE_NAMES = pv.MODE_NAMES
STATE_NAMES = {
    "adopted": "adoptée",
    "published": "publiée",
    "transmitted": "transmise à la préfecture",
    "executory": "exécutoire (publiée et transmise)",
}
MEANS_NAMES = {
    "hand": "remise en main propre",
    "home": "déposée au domicile",
    "email": "courriel",
    "post": "courrier",
}


@dataclass(frozen=True)
class Receipt:
    member: str  # id
    name: str
    means: str | None  # None: no receipt recorded yet
    date: str | None
    clear_days: int | None  # between receipt and sitting, for the secretary's eye
    own: bool = False  # signed by the member themself (their PIN), not the secretary's word


def convocation_receipts(node: Node, sitting: bytes) -> list[Receipt]:
    """Every member convened, with the receipt recorded (by the secretary, or signed by the
    member themself), if any."""
    body = _sitting(node, sitting)
    got = {
        str(member): (str(means), str(on), signer)
        for member, means, on, signer in node.store.all(
            "SELECT r.member, r.means, r.date, a.name FROM sitting_receipts r "
            "LEFT JOIN txs t ON t.id = r.id LEFT JOIN actors a ON a.id = t.actor "
            "WHERE r.sitting = ?",
            (sitting,),
        )
    }
    held = date.fromisoformat(str(body["date"]))
    out = []
    for member_id, name, _born in body["members"]:
        means, on, signer = got.get(member_id, (None, None, None))
        days = council.clear_days(date.fromisoformat(on), held) if on else None
        out.append(Receipt(member_id, name, means, on, days, own=signer == name))
    return out


def minutes(node: Node, sitting: bytes) -> tuple[str, bytes]:
    """(text, its SHA-256) of the minutes of `sitting`."""
    body = _sitting(node, sitting)
    sent = datetime.fromtimestamp(parse_tx(node.object(sitting)).time, UTC).date()
    return pv.text(body, sent, _proxy_bodies(node, sitting), _entries(node, sitting))


@dataclass(frozen=True)
class Approval:
    name: str  # who signed
    digest: bytes  # the minutes text they approved
    own: bool  # a member the convocation names, signing with their own key (their PIN)
    member: str | None  # their id in the convocation (m1, m2…), when convened


def approvals_of(node: Node, sitting: bytes) -> list[Approval]:
    """Every approval of the minutes of `sitting`, in the order they were signed."""
    convened = {str(m[1]): str(m[0]) for m in reversed(_sitting(node, sitting)["members"])}
    out = []
    for name, role, digest in node.store.all(
        "SELECT a.name, a.role, m.digest FROM minutes_approvals m "
        "LEFT JOIN actors a ON a.id = m.actor WHERE m.sitting = ? ORDER BY m.rowid",
        (sitting,),
    ):
        member = convened.get(str(name)) if role in Role.MEMBER_ROLES else None
        out.append(Approval(str(name or "?"), bytes(digest), member is not None, member))
    return out


def own_ballots(node: Node, sitting: bytes) -> dict[int, dict[str, str]]:
    """item -> {member: choice}: the roll-call ballots members signed themselves."""
    out: dict[int, dict[str, str]] = {}
    for item, member, choice in node.store.all(
        "SELECT item, member, choice FROM sitting_ballots WHERE sitting = ? ORDER BY rowid",
        (sitting,),
    ):
        out.setdefault(int(item), {})[str(member)] = str(choice)
    return out


def approvals(node: Node, sitting: bytes) -> list[tuple[str, bytes]]:
    """(signer's name, the minutes hash they approved) for `sitting`."""
    return [
        (str(name or "?"), bytes(digest))
        for name, digest in node.store.all(
            "SELECT a.name, m.digest FROM minutes_approvals m "
            "LEFT JOIN actors a ON a.id = m.actor WHERE m.sitting = ? ORDER BY m.rowid",
            (sitting,),
        )
    ]


def deliberations_csv(node: Node) -> str:
    """The commune's list of deliberations, one row per item voted, for the registre."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["séance", "date", "point", "objet", "résultat", "mode", *CHOICE_NAMES])
    for sitting, number, data in node.store.all(
        "SELECT d.sitting, d.item, d.outcome FROM deliberations d "
        "JOIN sittings s ON s.id = d.sitting WHERE s.commune = ? ORDER BY s.date, d.item",
        (node.commune,),
    ):
        body = _sitting(node, bytes(sitting))
        outcome: Any = cbor.decode(bytes(data))
        writer.writerow(
            [
                body["number"],
                body["date"],
                int(number) + 1,
                body["items"][int(number)]["title"],
                outcome["label"],
                outcome["mode"],
                *outcome["totals"],
            ]
        )
    return out.getvalue()


def _sitting(node: Node, sitting: bytes) -> dict[str, Any]:
    data = node.store.value("SELECT body FROM sittings WHERE id = ?", (sitting,))
    if data is None:
        raise NotFound("There is no such sitting here. Check its number, or sync first.")
    body: dict[str, Any] = cbor.decode(bytes(data))  # type: ignore[assignment]
    return body


def _proxy_bodies(node: Node, sitting: bytes) -> list[dict[str, Any]]:
    return [
        cbor.decode(bytes(data))  # type: ignore[misc]
        for (data,) in node.store.all(
            "SELECT body FROM sitting_proxies WHERE sitting = ? ORDER BY rowid", (sitting,)
        )
    ]


def _entries(node: Node, sitting: bytes) -> dict[int, tuple[dict[str, Any], dict[str, Any]]]:
    out = {}
    for tx_id, number, data in node.store.all(
        "SELECT id, item, outcome FROM deliberations WHERE sitting = ?", (sitting,)
    ):
        vote = parse_tx(node.object(bytes(tx_id))).body
        out[int(number)] = (vote, cbor.decode(bytes(data)))
    return out  # type: ignore[return-value]


def act_state(node: Node, act: bytes) -> str:
    """adopted | published | transmitted | executory (published and transmitted, L2131-1)."""
    done = {
        str(r[0]) for r in node.store.all("SELECT status FROM act_status WHERE act = ?", (act,))
    }
    if {"published", "transmitted"} <= done:
        return "executory"
    return "transmitted" if "transmitted" in done else "published" if done else "adopted"


def transmission(node: Node, act: bytes, folder: Path) -> Path:
    """The file for the prefecture: the act's text and result, and its signed objects, so the
    prefecture can check them with any COSE verifier."""
    row = node.store.one("SELECT sitting, item, outcome FROM deliberations WHERE id = ?", (act,))
    if row is None:
        raise NotFound("There is no such deliberation here. Sync first.")
    sitting, number, data = bytes(row[0]), int(row[1]), bytes(row[2])
    body = _sitting(node, sitting)
    outcome: Any = cbor.decode(data)
    state = act_state(node, act)
    commune = (node.store.meta("commune_name") or b"").decode()
    target = folder / f"acte-{body['date']}-{number + 1:02d}"
    target.mkdir(parents=True, exist_ok=True)
    held = french_date(str(body["date"]))
    mode = MODE_NAMES.get(outcome["mode"], outcome["mode"])
    text = french(
        f"COMMUNE DE {commune.upper()}\n"
        f"Extrait du registre des délibérations — séance n° {body['number']} du {held}\n\n"
        f"Objet : {body['items'][number]['title']}\n"
        f"Résultat : {outcome['label']} ({mode})\n"
        + "".join(
            f"{name} : {count}\n"
            for name, count in zip(CHOICE_NAMES, outcome["totals"], strict=True)
            if count
        )
        + f"État : {STATE_NAMES.get(state, state)}\n"
    )
    write_atomic(target / "acte.txt", text.encode("utf-8"))
    write_atomic(target / "convocation.cose", node.object(sitting))
    write_atomic(target / "vote.cose", node.object(act))
    meta = {
        "commune": commune,
        "sitting": sitting.hex(),
        "act": act.hex(),
        "item": number + 1,
        "title": body["items"][number]["title"],
        "motion_sha256": bytes(body["items"][number]["motion"]).hex(),
        "result": outcome["label"],
        "totals": dict(zip(CHOICE_NAMES, outcome["totals"], strict=True)),
        "state": state,
        "network": node.network_id.hex(),
    }
    write_atomic(target / "acte.json", json.dumps(meta, ensure_ascii=False, indent=2).encode())
    return target
