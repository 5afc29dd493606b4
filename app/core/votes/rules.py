"""The rules of votes between communes: opening, ballots, the close and its count."""

from __future__ import annotations

from typing import Any, NoReturn

from app.core.encoding import cbor, merkle
from app.core.errors import Rejected
from app.core.ledger.actors import Actor
from app.core.ledger.context import RuleContext
from app.core.ledger.fields import Fields
from app.core.ledger.objects import Tx
from app.core.ledger.view import View
from app.core.members import powers

VOTE_RULES = ("majority", "two_thirds")
VOTE_NATURES = ("opinion", "statutes")
ELECTORATES = ("members", "communes")

# Keyed by its transaction's row, the id kept once, in txs (schema migration 24, issue 21).
INSERT_BALLOT = (
    "INSERT INTO ballot_rows (tx, vote, voter, actor, choice, author, seq) "
    "VALUES ((SELECT n FROM txs WHERE id = ?), ?, ?, ?, ?, ?, ?)"
)


def vote_open(led: RuleContext, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    question = f.text("question", 500)
    options = f.list_("options", 20, shortest=2)
    if not all(isinstance(o, str) and 1 <= len(o) <= 200 for o in options):
        raise f.bad("each option is text of 1 to 200 characters")
    if len(set(options)) != len(options):
        raise f.bad("two options are the same")
    if f.text("rule", 20) not in VOTE_RULES:
        raise f.bad("the rule must be majority or two_thirds")
    # Between communes a vote is never a council deliberation (the law wants a sitting):
    # it is an opinion, or a vote under a body's statutes, and says which.
    nature = f.text("nature", 20, optional=True)
    if nature is not None and nature not in VOTE_NATURES:
        raise f.bad("the nature is opinion or statutes")
    f.int_("quorum")
    f.int_("closes")
    electorate = Fields(f.map_("electorate"), "electorate")
    if electorate.text("kind", 10) not in ELECTORATES:
        raise f.bad("the electorate is of members or of communes")
    voters = electorate.list_("voters", 5000, shortest=1)
    for item in voters:
        if not (
            isinstance(item, list)
            and len(item) == 2
            and isinstance(item[0], bytes)
            and len(item[0]) == 8
            and type(item[1]) is int
            and item[1] >= 1
        ):
            raise f.bad("each voter is [id, weight] with a weight of at least 1")
    if len({item[0] for item in voters}) != len(voters):
        raise f.bad("a voter is listed twice")
    electorate.done()
    led.store.run(
        "INSERT INTO votes (id, actor, commune, question, body, created, author, seq) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            tx.id,
            actor.id,
            actor.commune,
            question,
            cbor.encode(tx.body),
            tx.time,
            view.author,
            view.seq,
        ),
    )
    led.bump("votes")


def vote_row(led: RuleContext, view: View, vote: bytes) -> tuple[dict[str, Any], bytes]:
    row = led.store.one(
        "SELECT body, author, seq, actor, close_author, close_seq FROM votes WHERE id = ?", (vote,)
    )
    if row is None or not view.has(row[1], row[2]):
        raise Rejected("unknown_vote", "There is no such vote at that point.")
    if row[4] is not None and view.has(row[4], row[5]):
        raise Rejected("vote_closed", "This vote is closed.")
    body: Any = cbor.decode(row[0])
    return body, bytes(row[3])


def voter_id(electorate: dict[str, Any], actor: Actor) -> tuple[bytes, int] | None:
    """Who a ballot by `actor` counts for, and with what weight; None if not in the electorate."""
    weights = {bytes(v[0]): int(v[1]) for v in electorate["voters"]}
    if electorate["kind"] == "members":
        key = actor.id
    elif actor.speaks_for_commune or powers.may(actor, "commune_ballot"):
        key = actor.commune
    else:
        return None
    return (key, weights[key]) if key in weights else None


def _not_in_electorate(electorate: dict[str, Any], actor: Actor) -> NoReturn:
    """Refuses a signer outside the electorate; a member of a listed commune without the power
    to speak for it (a secretary, a councillor) is told who may."""
    communes = {bytes(v[0]) for v in electorate["voters"]}
    if electorate["kind"] == "communes" and actor.commune in communes:
        powers.need(actor, "commune_ballot")
    raise Rejected("not_in_electorate", "The signer is not in this vote's electorate.")


def ballot(led: RuleContext, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    vote, choice = f.bytes_("vote", 32), f.int_("choice", maximum=19)
    body, _ = vote_row(led, view, vote)
    if choice >= len(body["options"]):
        raise f.bad("the choice is not one of the options")
    voter = voter_id(body["electorate"], actor)
    if voter is None:
        _not_in_electorate(body["electorate"], actor)
    for author, seq in led.store.all(
        "SELECT author, seq FROM ballots WHERE vote = ? AND voter = ?", (vote, voter[0])
    ):
        if view.has(author, seq):
            raise Rejected("second_ballot", "This voter has already cast a ballot in this vote.")
    led.store.run(
        INSERT_BALLOT,
        (tx.id, vote, voter[0], actor.id, choice, view.author, view.seq),
    )


def count_ballots(
    led: RuleContext, view: View, vote: bytes, body: dict[str, Any]
) -> dict[str, Any]:
    """The count a close must carry: exactly the ballots in the close's causal past."""
    weights = {bytes(v[0]): int(v[1]) for v in body["electorate"]["voters"]}
    # Two laptops of one commune may carry ballots for one voter that did not see each other
    # (the mayor on one, a deputy on the other): the voter counts once, by the ballot with the
    # lowest id, the same on every node.
    counted: dict[bytes, tuple[bytes, int]] = {}
    for bid, voter, choice, author, seq in led.store.all(
        "SELECT id, voter, choice, author, seq FROM ballots WHERE vote = ?", (vote,)
    ):
        if view.has(author, seq):
            ballot_id, voter = bytes(bid), bytes(voter)
            if voter not in counted or ballot_id < counted[voter][0]:
                counted[voter] = (ballot_id, choice)
    tally = [0] * len(body["options"])
    for voter, (_, choice) in counted.items():
        tally[choice] += weights[voter]
    ids = sorted(ballot_id for ballot_id, _ in counted.values())
    return {"count": len(ids), "root": merkle.root(ids), "tally": tally}


def vote_close(led: RuleContext, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    vote = f.bytes_("vote", 32)
    claimed = {
        "count": f.int_("count"),
        "root": f.bytes_("root", 32),
        "tally": f.list_("tally", 20),
    }
    if "outcome" in f.body:
        # What was decided, who carries it out and when it is looked at again.
        outcome = Fields(f.map_("outcome"), "outcome")
        outcome.text("statement", 2000)
        outcome.text("owner", 200)
        outcome.int_("follow_up")
        outcome.done()
    body, convener = vote_row(led, view, vote)
    if actor.id != convener:
        _may_close_without_convener(led, view, tx, actor, vote, body)
    if claimed != count_ballots(led, view, vote, body):
        raise Rejected(
            "wrong_tally",
            "The close's count, ballot root or tally does not match the ballots in its past.",
        )
    led.store.run(
        "UPDATE votes SET close_tx = ?, close_author = ?, close_seq = ?, close_body = ? "
        "WHERE id = ?",
        (tx.id, view.author, view.seq, cbor.encode(tx.body), vote),
    )


def close_request(led: RuleContext, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    """An elector asks to close a vote whose closing date has passed: its convener may be gone
    (a lost laptop, a mayor no longer in office), and two thirds of such requests let any
    elector close it with the same count."""
    vote = f.bytes_("vote", 32)
    body, _ = vote_row(led, view, vote)
    voter = voter_id(body["electorate"], actor)
    if voter is None:
        _not_in_electorate(body["electorate"], actor)
    _due(body, tx)
    if voter[0] in close_requesters(led, view, vote):
        raise Rejected(
            "second_close_request",
            "This elector has already asked to close this vote: nothing more is needed.",
        )
    led.store.run(
        "INSERT INTO vote_close_requests (id, vote, voter, actor, time, author, seq) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (tx.id, vote, voter[0], actor.id, tx.time, view.author, view.seq),
    )


def close_requesters(led: RuleContext, view: View, vote: bytes) -> set[bytes]:
    """The electors (members or communes) whose request to close is in this block's past."""
    return {
        bytes(voter)
        for voter, author, seq in led.store.all(
            "SELECT voter, author, seq FROM vote_close_requests WHERE vote = ?", (vote,)
        )
        if view.has(author, seq)
    }


def enough_requests(asked: int, electors: int) -> bool:
    """At least two thirds of the electorate, counted as it is listed (members or communes),
    in integers so that every node agrees."""
    return 3 * asked >= 2 * electors


def _may_close_without_convener(
    led: RuleContext, view: View, tx: Tx, actor: Actor, vote: bytes, body: dict[str, Any]
) -> None:
    if voter_id(body["electorate"], actor) is None:
        raise Rejected(
            "not_convener",
            "Only the member who opened the vote, or an elector once two thirds of the "
            "electorate asked, may close it.",
        )
    _due(body, tx)
    asked, electors = len(close_requesters(led, view, vote)), len(body["electorate"]["voters"])
    if not enough_requests(asked, electors):
        raise Rejected(
            "too_few_close_requests",
            f"Only {asked} of {electors} electors have asked to close this vote, and two thirds "
            "must: sync to receive the others' requests, then close it.",
        )


def _due(body: dict[str, Any], tx: Tx) -> None:
    # The signer's own time, which is in the signed transaction: every node reads the same.
    closes = int(body["closes"])
    if closes <= 0 or tx.time < closes:
        raise Rejected(
            "vote_not_due",
            "This vote's closing date has not passed yet: wait for it, or ask its convener.",
        )
