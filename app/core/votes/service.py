"""Opening, casting and closing roll-call votes from this laptop, and the record of one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.core.encoding import cbor
from app.core.errors import NotFound, Rejected
from app.core.forum import service as forum
from app.core.ledger.txtypes import Role, TxType
from app.core.ledger.view import View
from app.core.node.node import Node
from app.core.votes.rules import count_ballots


def electorate(node: Node, kind: str) -> dict[str, Any]:
    """Today's electorate: every mayor and deputy in office (not suspended), or every authority
    commune."""
    if kind == "communes":
        rows = node.store.all(
            "SELECT commune FROM authorities WHERE epoch = ? ORDER BY commune",
            (node.ledger.current_epoch(),),
        )
    else:
        rows = node.store.all(
            "SELECT id FROM actors WHERE active = 1 AND suspended = 0 AND role IN (?, ?) "
            "ORDER BY id",
            (Role.MAYOR, Role.DEPUTY),
        )
    return {"kind": kind, "voters": [[bytes(r[0]), 1] for r in rows]}


def open_vote(
    node: Node,
    question: str,
    options: list[str],
    *,
    rule: str = "majority",
    quorum: int = 0,
    closes: int = 0,
    kind: str = "members",
    nature: str = "opinion",
) -> bytes:
    with node.overlay():
        voters = electorate(node, kind)
    body = {
        "question": question,
        "options": options,
        "rule": rule,
        "quorum": quorum,
        "closes": closes,
        "electorate": voters,
        "nature": nature,
    }
    return node.submit(TxType.VOTE_OPEN, body, prio=1)


def cast(node: Node, vote: bytes, choice: str) -> bytes:
    with node.overlay():
        options = _options(node, vote)
    index = _choice_index(options, choice)
    return node.submit(TxType.BALLOT, {"vote": vote, "choice": index}, prio=1)


def ask_to_close(node: Node, vote: bytes) -> bytes:
    """Asks, as one elector, to close a vote whose closing date has passed and whose convener
    has not closed it; once two thirds of the electorate asked, any elector may close it."""
    return node.submit(TxType.VOTE_CLOSE_REQUEST, {"vote": vote}, prio=1)


def close(node: Node, vote: bytes, outcome: dict[str, Any] | None = None) -> bytes:
    """Closes with the count of every ballot we know of, and seals at once: by its convener,
    or by any elector once two thirds of the electorate asked (the rules check which).

    Sealing at once matters: the close must count exactly the ballots in its block's past, and
    a block sealed later could have received more.
    """
    with node.overlay():
        body = _body(node, vote)
        clock = {bytes(a): s for a, s in node.store.all("SELECT author, head_seq FROM feeds")}
        me = node.feed  # our next block's feed: a further laptop writes its own
        clock[me] = clock.get(me, -1) + 1
        count = count_ballots(node.ledger, View(me, clock[me], 0, clock), vote, body)
    close_body: dict[str, Any] = {"vote": vote, **count}
    if outcome is not None:
        close_body["outcome"] = outcome  # {"statement", "owner", "follow_up"}
    tx = node.submit(TxType.VOTE_CLOSE, close_body, prio=0)
    node.seal()
    return tx


def discuss(node: Node, vote: bytes) -> bytes:
    """A forum thread about this vote, for the mayors to argue before they decide."""
    with node.overlay():
        question = str(_body(node, vote)["question"])
    return forum.start_thread(node, question[:200], "", about=vote)


def export_record(node: Node, vote: bytes, folder: Path) -> Path:
    """The vote's record for a recount anywhere: its signed objects with the genesis and the
    blocks that prove them (app/core/audit/record.py, checked by `obambu audit record`)."""
    from app.core.audit import record  # late: it imports this package's queries and rules

    return record.export(node, vote, folder)


def check_record(folder: Path) -> Any:
    """A vote's record folder checked offline from its own genesis, trusting nothing of this
    laptop: what it proved (app/core/audit/record.py), or Rejected with the first fault."""
    from app.core.audit import check, record  # late: they import this package's queries, rules

    checked = check.check(folder)
    if not isinstance(checked, record.Checked):
        raise Rejected("audit_not_a_vote", "This folder holds a sitting's record, not a vote's.")
    return checked


def _body(node: Node, vote: bytes) -> dict[str, Any]:
    data = node.store.value("SELECT body FROM votes WHERE id = ?", (vote,))
    if data is None:
        raise NotFound("There is no such vote. Check its number, or sync to receive it.")
    body: Any = cbor.decode(data)
    return dict(body)


def _options(node: Node, vote: bytes) -> list[str]:
    return list(_body(node, vote)["options"])


def _choice_index(options: list[str], choice: str) -> int:
    if choice in options:
        return options.index(choice)
    folded = [o.casefold() for o in options]
    if choice.casefold() in folded:
        return folded.index(choice.casefold())
    raise Rejected(
        "unknown_choice", f"'{choice}' is not an option. Choose one of: {', '.join(options)}."
    )
