"""What the votes screen, the home screen and `obambu vote …` read: typed views of the votes
between communes, their ballots and their count, recounted from the signed ballots."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.encoding import cbor
from app.core.ledger.view import View
from app.core.node.node import Node
from app.core.votes.rules import count_ballots
from app.core.votes.tally import Result, result


@dataclass(frozen=True)
class Summary:
    id: bytes
    question: str
    closed: bool
    voted: bool  # this laptop's member has cast a ballot

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id.hex(), "question": self.question, "closed": self.closed}


@dataclass(frozen=True)
class Ballot:
    id: bytes
    voter: str  # whom it counts for: a member, or a commune
    signer: str
    choice: str


@dataclass(frozen=True)
class Outcome:
    statement: str
    owner: str
    follow_up: int  # seconds since the epoch

    def as_dict(self) -> dict[str, Any]:
        return {"statement": self.statement, "owner": self.owner, "follow_up": self.follow_up}


@dataclass(frozen=True)
class Waiting:
    """A voter who has not voted yet, and when their commune was last heard of (its newest
    beacon): a reminder is only worth sending with the stick that will reach them."""

    name: str
    heard: int | None


@dataclass(frozen=True)
class Detail:
    id: bytes
    question: str
    options: tuple[str, ...]
    rule: str
    quorum: int
    closes: int
    convener: str
    electorate: str
    nature: str
    voters: int
    ballots: tuple[Ballot, ...]
    tally: tuple[int, ...]
    closed: bool
    valid: bool | None  # the close's count matches the ballots in its past; None while open
    count: int | None
    root: bytes | None
    outcome: Outcome | None
    result: Result
    undecided: tuple[Waiting, ...]
    my_choice: str | None  # this laptop's member's ballot, if cast
    close_asked: int  # electors who asked to close it without its convener
    close_needed: int  # two thirds of the electorate: then any elector may close it
    i_asked: bool  # this laptop's member (or commune, for a vote of communes) asked

    @property
    def winner(self) -> str | None:
        return None if self.result.winner is None else self.options[self.result.winner]

    def as_dict(self) -> dict[str, Any]:
        """The record as `obambu vote show --json` and the exported record.json give it."""
        out: dict[str, Any] = {
            "id": self.id.hex(),
            "question": self.question,
            "options": list(self.options),
            "rule": self.rule,
            "quorum": self.quorum,
            "closes": self.closes,
            "convener": self.convener,
            "electorate": self.electorate,
            "nature": self.nature,
            "voters": self.voters,
            "ballots": [
                {"id": b.id.hex(), "voter": b.voter, "signer": b.signer, "choice": b.choice}
                for b in self.ballots
            ],
            "tally": list(self.tally),
            "closed": self.closed,
            "valid": self.valid,
            "close_requests": {"asked": self.close_asked, "needed": self.close_needed},
        }
        if self.closed:
            out["count"] = self.count
            out["root"] = None if self.root is None else self.root.hex()
            out["outcome"] = None if self.outcome is None else self.outcome.as_dict()
        out["result"] = self.result.as_dict(list(self.options))
        return out


def votes(node: Node) -> list[Summary]:
    """Every vote this laptop knows, the oldest first."""
    member = node.store.meta("member")
    with node.overlay():
        return [
            Summary(bytes(r[0]), str(r[1]), r[2] is not None, bool(r[3]))
            for r in node.store.all(
                "SELECT id, question, close_tx, "
                "EXISTS (SELECT 1 FROM ballots b WHERE b.vote = votes.id AND b.voter = ?) "
                "FROM votes ORDER BY created, id",
                (member,),
            )
        ]


def vote(node: Node, vote_id: bytes) -> Detail | None:
    with node.overlay():
        return _detail(node, vote_id)


def ballot_ids(node: Node, vote_id: bytes) -> tuple[list[bytes], bytes | None]:
    """The ids of a vote's ballots, and of its close if closed: the objects of its record."""
    with node.overlay():
        ballots = [
            bytes(b)
            for (b,) in node.store.all(
                "SELECT id FROM ballots WHERE vote = ? ORDER BY id", (vote_id,)
            )
        ]
        close = node.store.value("SELECT close_tx FROM votes WHERE id = ?", (vote_id,))
    return ballots, None if close is None else bytes(close)


def recount_close(
    node: Node, vote_id: bytes, body: dict[str, Any], author: bytes, seq: int
) -> dict[str, Any]:
    """Counts again the ballots in the causal past of the block that closed the vote."""
    block_id = node.store.value("SELECT id FROM blocks WHERE author = ? AND seq = ?", (author, seq))
    clock = node.ledger.clock(block_id) if block_id else {author: seq}
    return count_ballots(node.ledger, View(author, seq, 0, clock), vote_id, body)


def _detail(node: Node, vote_id: bytes) -> Detail | None:
    row = node.store.one(
        "SELECT body, actor, close_body, close_author, close_seq FROM votes WHERE id = ?",
        (vote_id,),
    )
    if row is None:
        return None
    body: Any = cbor.decode(row[0])
    options = tuple(str(o) for o in body["options"])
    rows = node.store.all(
        "SELECT id, voter, actor, choice FROM ballots WHERE vote = ? ORDER BY id", (vote_id,)
    )
    weights = {bytes(v[0]): int(v[1]) for v in body["electorate"]["voters"]}
    tally = [0] * len(options)
    for _, voter, _, choice in rows:
        tally[choice] += weights[bytes(voter)]
    ballots = tuple(
        Ballot(bytes(b[0]), _name(node, b[1]), _name(node, b[2]), options[b[3]]) for b in rows
    )
    # Ours: the member's ballot, or in a vote of one voice per commune, the commune's (else the
    # screen would offer to vote again after the commune voted).
    member = node.store.meta("member")
    ours = {node.commune} | ({bytes(member)} if member is not None else set())
    mine = next((options[b[3]] for b in rows if bytes(b[1]) in ours), None)
    asked = {
        bytes(v)
        for (v,) in node.store.all(
            "SELECT DISTINCT voter FROM vote_close_requests WHERE vote = ?", (vote_id,)
        )
    }
    closed = row[2] is not None
    valid, count, root, outcome = None, None, None, None
    if closed:
        carried: Any = cbor.decode(row[2])
        recount = recount_close(node, vote_id, body, row[3], row[4])
        tally = [int(n) for n in carried["tally"]]
        count, root = int(carried["count"]), bytes(carried["root"])
        valid = recount == {k: carried[k] for k in ("count", "root", "tally")}
        said = carried.get("outcome")
        if said is not None:
            outcome = Outcome(str(said["statement"]), str(said["owner"]), int(said["follow_up"]))
    return Detail(
        id=vote_id,
        question=str(body["question"]),
        options=options,
        rule=str(body["rule"]),
        quorum=int(body["quorum"]),
        closes=int(body["closes"]),
        convener=_name(node, row[1]),
        electorate=str(body["electorate"]["kind"]),
        nature=str(body.get("nature", "opinion")),  # older votes carry none: opinions
        voters=len(weights),
        ballots=ballots,
        tally=tuple(tally),
        closed=closed,
        valid=valid,
        count=count,
        root=root,
        outcome=outcome,
        result=result(str(body["rule"]), int(body["quorum"]), tally),
        undecided=() if closed else _undecided(node, body, {bytes(b[1]) for b in rows}),
        my_choice=mine,
        close_asked=len(asked),
        close_needed=(2 * len(weights) + 2) // 3,
        i_asked=_me(node, body) in asked,
    )


def _undecided(node: Node, body: Any, voted: set[bytes]) -> tuple[Waiting, ...]:
    out = []
    for voter, _weight in body["electorate"]["voters"]:
        if bytes(voter) in voted:
            continue
        row = node.store.one("SELECT name, commune FROM actors WHERE id = ?", (bytes(voter),))
        name, commune = (str(row[0]), bytes(row[1])) if row else ("?", bytes(voter))
        heard = node.store.value("SELECT time FROM beacons WHERE commune = ?", (commune,))
        out.append(Waiting(name, None if heard is None else int(heard)))
    return tuple(out)


def _me(node: Node, body: Any) -> bytes | None:
    """Whom this laptop speaks for in this vote: its member, or its commune."""
    if body["electorate"]["kind"] == "communes":
        return node.commune
    member = node.store.meta("member")
    return None if member is None else bytes(member)


def _name(node: Node, actor: bytes) -> str:
    return str(node.store.value("SELECT name FROM actors WHERE id = ?", (actor,), "?"))
