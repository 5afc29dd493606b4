"""Each commune's signed status list (STATUS_LIST): what this laptop would sign now, the newest
one each commune signed, and making a fresh one of ours.

The rule and the content's shape are in `status_rules.py`; the node makes the list again when it
seals before a sync (Node.publish_lists). A verifier kit carries the newest list of each commune
as its exact bytes, so each commune's cancellations reach a verifier under its own signature.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.attestations import status_rules
from app.core.ledger.objects import parse_tx
from app.core.ledger.txtypes import TxType
from app.core.node.node import Node
from app.core.store.store import Store


@dataclass(frozen=True)
class Held:
    """A commune's newest status list held here, as `obambu attest lists` shows it."""

    commune: bytes
    name: str
    id: bytes  # the transaction's id: `obambu object get` gives its exact bytes
    time: int  # the list's date: the commune's word as of then
    keys: int
    cancelled: tuple[bytes, ...]  # attestation ids
    replaced: tuple[bytes, ...]


def content(node: Node) -> dict[str, Any]:
    """The list this laptop's commune would sign now, its pending transactions included."""
    with node.overlay():
        return status_rules.content(node.store, node.commune)


def publish(node: Node) -> bytes | None:
    """Signs and seals a fresh list of this commune, dated now, and returns its transaction id;
    None on a further laptop, which never makes one (the node key is on the first). A kit's
    export calls this first, so its writer's own list is as of the export."""
    made = node.publish_lists(force=True)
    return made[0] if made else None


def latest(store: Store) -> dict[bytes, bytes]:
    """The newest STATUS_LIST of each commune held here, as its exact signed bytes: the one with
    the greatest actor sequence (a commune's later list always has a greater one)."""
    newest: dict[bytes, tuple[int, bytes]] = {}
    for actor, data in store.all(
        "SELECT actor, data FROM txs WHERE type = ?", (int(TxType.STATUS_LIST),)
    ):
        aseq = parse_tx(bytes(data)).aseq
        if bytes(actor) not in newest or aseq > newest[bytes(actor)][0]:
            newest[bytes(actor)] = (aseq, bytes(data))
    return {commune: data for commune, (_, data) in sorted(newest.items())}


def held(node: Node) -> list[Held]:
    """Every commune's newest list held here, by commune name."""
    names = {bytes(i): str(n) for i, n in node.store.all("SELECT id, name FROM actors")}
    lists = []
    for commune, data in latest(node.store).items():
        tx = parse_tx(data)
        lists.append(
            Held(
                commune,
                names.get(commune, "?"),
                tx.id,
                tx.time,
                len(tx.body["keys"]),
                tuple(bytes(e[0]) for e in tx.body["cancelled"]),
                tuple(bytes(e[0]) for e in tx.body["replaced"]),
            )
        )
    return sorted(lists, key=lambda h: (h.name, h.commune))
