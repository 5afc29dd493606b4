"""A vote's record as a folder anyone can check offline, and that check.

The folder holds what an outsider needs and nothing to trust: the genesis (genesis.cbor, whose
SHA-256 is the network id), every block in the causal past of the blocks that carry the vote's
opening, ballots and close (blocks/<id>.cbor: the authority epochs, the members and the key
records that prove each signing key are among them), the opening, ballots and close as signed
objects of their own (vote-open.cose, ballot-NNNN.cose, vote-close.cose), and record.json,
the index. The check replays the blocks from the genesis (replay.py), then counts the ballots
in the close's causal past again and compares the tally and the ballot root with the close's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.encoding import cbor
from app.core.errors import NotFound, Rejected
from app.core.ledger import vclock
from app.core.ledger.objects import object_id, parse_block
from app.core.ledger.view import View
from app.core.node.node import Node
from app.core.votes import queries
from app.core.votes.rules import count_ballots

FORMAT = "obambu-vote-record/1"


@dataclass(frozen=True)
class Checked:
    """What a record proved: the network, the vote, and the count its close carries."""

    network_id: str
    vote: str
    question: str
    blocks: int
    ballots: int
    tally: list[int]
    root: str
    closed: bool
    late: int = 0  # ballots outside the close's causal past: valid, but not in its count

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def export(node: Node, vote: bytes, folder: Path) -> Path:
    """Writes the record of `vote` into a new folder under `folder`; returns that folder."""
    detail = queries.vote(node, vote)
    if detail is None:
        raise NotFound("There is no such vote. Check its number, or sync to receive it.")
    ballots, close = queries.ballot_ids(node, vote)
    target = folder / f"vote-{vote.hex()[:16]}"
    written = write(
        node,
        target,
        {
            "open": [(vote, "vote-open.cose")],
            "ballots": [(b, f"ballot-{n:04d}.cose") for n, b in enumerate(ballots)],
            "close": [(close, "vote-close.cose")] if close else [],
        },
    )
    index = detail.as_dict()
    (opening,), closing = written.pop("open"), written.pop("close")
    index["record"] = {
        "format": FORMAT,
        "vote": vote.hex(),
        "open": opening,
        "close": closing[0] if closing else None,
        **written,
    }
    (target / "record.json").write_text(
        json.dumps(index, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return target


def write(node: Node, target: Path, groups: dict[str, list[tuple[bytes, str]]]) -> dict[str, Any]:
    """Writes into `target` the genesis, every block in the causal past of the blocks that carry
    the given transactions, and each transaction under its file name; returns the index: the
    network id, the block ids, and for each group its entries (transaction, block, file)."""
    node.seal()  # our own ballot or signature, still pending, goes into a signed block first
    genesis = node.store.meta("genesis")
    if genesis is None:
        raise NotFound("This profile has no genesis.")
    wanted = {tx for entries in groups.values() for tx, _ in entries}
    holder: dict[bytes, bytes] = {}  # transaction id → id of the block that carries it
    rows = node.store.all("SELECT id, author, seq, vc, data FROM blocks ORDER BY author, seq")
    clocks = []
    for block_id, _, _, packed, data in rows:
        for raw in parse_block(bytes(data)).txs:
            tx = object_id(raw)
            if tx in wanted:
                holder[tx] = bytes(block_id)
                clocks.append(vclock.unpack(bytes(packed)))
    past = vclock.merge(clocks)
    (target / "blocks").mkdir(parents=True, exist_ok=True)
    (target / "genesis.cbor").write_bytes(genesis)
    kept = []
    for block_id, author, seq, _, data in rows:
        if past.get(bytes(author), -1) >= seq:
            (target / "blocks" / f"{bytes(block_id).hex()}.cbor").write_bytes(bytes(data))
            kept.append(bytes(block_id).hex())

    def entry(tx: bytes, name: str) -> dict[str, Any]:
        (target / name).write_bytes(node.object(tx))
        block = holder.get(tx)
        return {"tx": tx.hex(), "block": block.hex() if block else None, "file": name}

    index: dict[str, Any] = {
        "network_id": object_id(genesis).hex(),
        "genesis": "genesis.cbor",
        "blocks": kept,
    }
    for group, entries in groups.items():
        index[group] = [entry(tx, name) for tx, name in entries]
    return index


def need_in_block(store: Any, folder: Path, item: dict[str, Any]) -> None:
    """The object's file must be, byte for byte, a transaction of the checked block it names."""
    data = (folder / item["file"]).read_bytes()
    block = store.value(
        "SELECT data FROM blocks WHERE id = ?", (bytes.fromhex(item["block"] or ""),)
    )
    if object_id(data).hex() != item["tx"] or block is None or data not in parse_block(block).txs:
        raise Rejected(
            "audit_object_changed",
            f"The file {item['file']} is not the object its signed block holds: it was changed "
            "or replaced after the export.",
            params={"file": item["file"]},
        )


def count_vote(
    ledger: Any,
    vote: bytes,
    record: dict[str, Any],
    body: dict[str, Any],
    network: str,
    blocks: int,
) -> Checked:
    store = ledger.store
    row = store.one(
        "SELECT close_tx, close_author, close_seq, close_body FROM votes WHERE id = ?", (vote,)
    )
    if row is None:
        raise Rejected(
            "audit_object_changed",
            "The record's blocks do not open this vote.",
            params={"file": record["open"]["file"]},
        )
    close_tx, author, seq, close_body = row
    closed = record["close"] is not None
    if closed and (close_tx is None or bytes(close_tx).hex() != record["close"]["tx"]):
        raise Rejected(
            "audit_object_changed",
            "The record's blocks do not close this vote.",
            params={"file": record["close"]["file"] if closed else "record.json"},
        )
    if not closed:
        everything = {bytes(a): 1 << 62 for (a,) in store.all("SELECT author FROM feeds")}
        counted = count_ballots(ledger, View(b"", 0, 0, everything), vote, body)
        return _checked(network, vote, body, blocks, counted, closed)
    block_id = store.value("SELECT id FROM blocks WHERE author = ? AND seq = ?", (author, seq))
    clock = ledger.clock(block_id)
    late = 0  # ballots signed without knowing of the close (another laptop, a stick late)
    for item in record["ballots"]:
        b_author, b_seq = store.one(
            "SELECT author, seq FROM blocks WHERE id = ?", (bytes.fromhex(item["block"]),)
        )
        late += clock.get(bytes(b_author), -1) < b_seq
    counted = count_ballots(ledger, View(bytes(author), seq, 0, clock), vote, body)
    claimed: Any = cbor.decode(bytes(close_body))
    if [claimed["count"], bytes(claimed["root"]), list(claimed["tally"])] != [
        counted["count"],
        counted["root"],
        counted["tally"],
    ]:
        raise Rejected(
            "audit_wrong_tally",
            "Counted again, the ballots received before the close do not give the result the "
            "close announces.",
        )
    return _checked(network, vote, body, blocks, counted, closed, late)


def _checked(
    network: str,
    vote: bytes,
    body: dict[str, Any],
    blocks: int,
    counted: dict[str, Any],
    closed: bool,
    late: int = 0,
) -> Checked:
    return Checked(
        network_id=network,
        vote=vote.hex(),
        question=str(body.get("question", "")),
        blocks=blocks,
        ballots=int(counted["count"]),
        tally=list(counted["tally"]),
        root=bytes(counted["root"]).hex(),
        closed=closed,
        late=late,
    )
