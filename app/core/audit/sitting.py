"""A council sitting's record as a folder anyone can check offline: the convocation, the proxies,
the receipts, the councillors' own ballots, the entries (deliberations), the appointments and the
approvals of the minutes, with the genesis and the blocks that prove them (record.write). The
check replays the blocks from the genesis, finds each object in its block, and writes the
minutes again from the replayed entries, to say who approved exactly that text."""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.audit import record
from app.core.audit.replay import Replayed
from app.core.council import minutes
from app.core.encoding import cbor
from app.core.errors import NotFound, Rejected
from app.core.node.node import Node

FORMAT = "obambu-sitting-record/1"
MINUTES = "minutes.txt"

# Group in the record → the table whose rows of one sitting are its transactions.
TABLES = {
    "proxies": "sitting_proxies",
    "receipts": "sitting_receipts",
    "ballots": "sitting_ballots",
    "deliberations": "deliberations",
    "appointments": "appointments",
    "approvals": "minutes_approvals",
}


@dataclass(frozen=True)
class Checked:
    network_id: str
    sitting: str
    blocks: int
    objects: dict[str, int]  # group → how many signed objects the record holds
    minutes_digest: str  # SHA-256 of the minutes written again from the entries
    approved: int  # approvals of exactly that text
    # Each item voted, in item order: {"item": n from 0, "totals": [pour, contre, abstention,
    # blanc, nul, nppv]} as the replayed entries give them (what verifier/ recounts).
    deliberations: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def export(node: Node, sitting: bytes, folder: Path) -> Path:
    if node.store.one("SELECT 1 FROM sittings WHERE id = ?", (sitting,)) is None:
        raise NotFound("There is no such sitting. Check its id, or sync to receive it.")
    groups: dict[str, list[tuple[bytes, str]]] = {"convocation": [(sitting, "convocation.cose")]}
    for group, table in TABLES.items():
        rows = node.store.all(f"SELECT id FROM {table} WHERE sitting = ? ORDER BY id", (sitting,))
        groups[group] = [(bytes(i), f"{group}-{n:04d}.cose") for n, (i,) in enumerate(rows)]
    target = folder / f"sitting-{sitting.hex()[:16]}"
    index = {"format": FORMAT, "sitting": sitting.hex(), **record.write(node, target, groups)}
    text, digest = minutes.minutes(node, sitting)
    (target / MINUTES).write_bytes(text.encode("utf-8"))
    # "text", not "file": the signed objects are the entries that carry a "file"
    index["minutes"] = {"text": MINUTES, "sha256": digest.hex()}
    (target / "record.json").write_text(
        json.dumps({"record": index}, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return target


def check(folder: Path, index: dict[str, Any], done: Replayed) -> Checked:
    """After the replay and the objects found in their blocks (check.check)."""
    store = done.ledger.store
    sitting = bytes.fromhex(index["sitting"])
    for group, table in TABLES.items():
        # Nothing of the sitting left out: the blocks hold no entry the index does not list.
        held = {
            bytes(i).hex()
            for (i,) in store.all(f"SELECT id FROM {table} WHERE sitting = ?", (sitting,))
        }
        if held != {e["tx"] for e in index[group]}:
            raise Rejected(
                "audit_record_incomplete",
                f"The record's {group} are not all the ones its blocks hold.",
            )
    with tempfile.TemporaryDirectory(prefix="obambu-audit-") as home:
        # The replayed ledger read as a node: the minutes come out of the same code, from
        # the replayed entries only.
        _, digest = minutes.minutes(Node(Path(home), store), sitting)
    written = index.get("minutes")  # records exported before minutes.txt have none
    if written is not None and (
        hashlib.sha256((folder / written["text"]).read_bytes()).digest() != digest
    ):
        raise Rejected(
            "audit_object_changed",
            f"The file {written['text']} is not the minutes the record's signed entries give: "
            "it was changed or replaced after the export.",
            params={"file": written["text"]},
        )
    approved = sum(
        1
        for (d,) in store.all("SELECT digest FROM minutes_approvals WHERE sitting = ?", (sitting,))
        if bytes(d) == digest
    )
    return Checked(
        network_id=done.network_id.hex(),
        sitting=sitting.hex(),
        blocks=done.blocks,
        objects={g: len(index[g]) for g in ("convocation", *TABLES)},
        minutes_digest=digest.hex(),
        approved=approved,
        deliberations=[
            {"item": int(n), "totals": _totals(o)}
            for n, o in store.all(
                "SELECT item, outcome FROM deliberations WHERE sitting = ? ORDER BY item",
                (sitting,),
            )
        ],
    )


def _totals(outcome: bytes) -> list[int]:
    """The six totals of a replayed entry's outcome: pour, contre, abstention, blanc, nul, nppv."""
    decoded: Any = cbor.decode(bytes(outcome))
    return [int(n) for n in decoded["totals"]]
