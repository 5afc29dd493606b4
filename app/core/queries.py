"""What the vote screens and commands read (the other domains' reads are in their own
queries.py)."""

from __future__ import annotations

from typing import Any

from app.core.encoding import cbor
from app.core.ledger.view import View
from app.core.node.node import Node
from app.core.votes.rules import count_ballots
from app.core.votes.tally import result


def _name(node: Node, actor: bytes) -> str:
    return str(node.store.value("SELECT name FROM actors WHERE id = ?", (actor,), "?"))


def votes(node: Node) -> list[dict[str, Any]]:
    return [
        {"id": bytes(r[0]).hex(), "question": r[1], "closed": r[2] is not None}
        for r in node.store.all("SELECT id, question, close_tx FROM votes ORDER BY created, id")
    ]


def vote(node: Node, vote_id: bytes) -> dict[str, Any] | None:
    row = node.store.one(
        "SELECT body, actor, close_body, close_author, close_seq FROM votes WHERE id = ?",
        (vote_id,),
    )
    if row is None:
        return None
    body: Any = cbor.decode(row[0])
    ballots = node.store.all(
        "SELECT id, voter, actor, choice FROM ballots WHERE vote = ? ORDER BY id", (vote_id,)
    )
    tally = [0] * len(body["options"])
    weights = {bytes(v[0]): int(v[1]) for v in body["electorate"]["voters"]}
    for _, voter, _, choice in ballots:
        tally[choice] += weights[bytes(voter)]
    detail: dict[str, Any] = {
        "id": vote_id.hex(),
        "question": body["question"],
        "options": body["options"],
        "rule": body["rule"],
        "quorum": body["quorum"],
        "closes": body["closes"],
        "convener": _name(node, row[1]),
        "electorate": body["electorate"]["kind"],
        # Older votes carry no nature: they were opinions.
        "nature": body.get("nature", "opinion"),
        "voters": len(weights),
        "ballots": [
            {
                "id": bytes(b[0]).hex(),
                "voter": _name(node, b[1]),
                "signer": _name(node, b[2]),
                "choice": body["options"][b[3]],
            }
            for b in ballots
        ],
        "tally": tally,
        "closed": row[2] is not None,
        "valid": None,
    }
    if row[2] is not None:
        carried: Any = cbor.decode(row[2])
        recount = recount_close(node, vote_id, body, row[3], row[4])
        detail["tally"] = carried["tally"]
        detail["count"] = carried["count"]
        detail["root"] = bytes(carried["root"]).hex()
        detail["valid"] = recount == {k: carried[k] for k in ("count", "root", "tally")}
        detail["outcome"] = carried.get("outcome")
    detail["result"] = result(body["rule"], body["quorum"], detail["tally"]).as_dict(
        body["options"]
    )
    return detail


def recount_close(
    node: Node, vote_id: bytes, body: dict[str, Any], author: bytes, seq: int
) -> dict[str, Any]:
    """Counts again the ballots in the causal past of the block that closed the vote."""
    block_id = node.store.value("SELECT id FROM blocks WHERE author = ? AND seq = ?", (author, seq))
    clock = node.ledger.clock(block_id) if block_id else {author: seq}
    return count_ballots(node.ledger, View(author, seq, 0, clock), vote_id, body)
