"""Minutes (procès-verbal) and the list of deliberations, built from the ledger alone.

The minutes are text assembled from the signed convocation and the signed vote entries; their
SHA-256 is what members sign to approve them (MINUTES_APPROVE), so an approval names one exact
text and any later change shows.
"""

from __future__ import annotations

import csv
import hashlib
import io
from typing import Any

from app.core import cbor
from app.core.errors import NotFound
from app.core.node import Node
from app.core.objects import parse_tx

CHOICE_NAMES = ("pour", "contre", "abstention", "blanc", "nul", "nppv")


def minutes(node: Node, sitting: bytes) -> tuple[str, bytes]:
    """(text, its SHA-256) of the minutes of `sitting`."""
    body = _sitting(node, sitting)
    names = {m[0]: m[1] for m in body["members"]}
    lines = [
        f"PROCÈS-VERBAL — séance n° {body['number']} du {body['date']}",
        f"Règles appliquées : profil « {body['profile']} » ({bytes(body['digest']).hex()[:16]}…)",
        f"Président : {names.get(body['president'], body['president'])}",
        "Conseillers en exercice : " + ", ".join(m[1] for m in body["members"]),
        "",
    ]
    entries = _entries(node, sitting)
    for number, item in enumerate(body["items"]):
        lines.append(f"{number + 1}. {item['title']}")
        entry = entries.get(number)
        if entry is None:
            lines.append("   Non délibéré.")
            continue
        vote, outcome = entry
        present = ", ".join(names.get(m, m) for m in vote["present"])
        totals = ", ".join(
            f"{name} {count}" for name, count in zip(CHOICE_NAMES, outcome["totals"], strict=True)
            if count
        )  # fmt: skip
        lines.append(f"   Présents : {present}")
        lines.append(f"   Scrutin : {outcome['mode']} — {totals}")
        lines.append(f"   Résultat : {outcome['label']}")
        if outcome.get("flag"):
            lines.append(f"   Mention : {outcome['flag']}")
    text = "\n".join(lines) + "\n"
    return text, hashlib.sha256(text.encode("utf-8")).digest()


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
        writer.writerow([body["number"], body["date"], int(number) + 1,
                         body["items"][int(number)]["title"], outcome["label"], outcome["mode"],
                         *outcome["totals"]])  # fmt: skip
    return out.getvalue()


def _sitting(node: Node, sitting: bytes) -> dict[str, Any]:
    data = node.store.value("SELECT body FROM sittings WHERE id = ?", (sitting,))
    if data is None:
        raise NotFound("There is no such sitting here. Check its number, or sync first.")
    body: dict[str, Any] = cbor.decode(bytes(data))  # type: ignore[assignment]
    return body


def _entries(node: Node, sitting: bytes) -> dict[int, tuple[dict[str, Any], dict[str, Any]]]:
    out = {}
    for tx_id, number, data in node.store.all(
        "SELECT id, item, outcome FROM deliberations WHERE sitting = ?", (sitting,)
    ):
        vote = parse_tx(node.object(bytes(tx_id))).body
        out[int(number)] = (vote, cbor.decode(bytes(data)))
    return out  # type: ignore[return-value]
