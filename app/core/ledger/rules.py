"""The rules of each transaction type, and what each does to the state the screens read.

Every check looks only at the causal past of the carrying block (`view`), so every node that
applies the same block reaches the same verdict, whatever else it has seen meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from app.core.attestations import attest_rules
from app.core.council import sittings
from app.core.crypto.keys import next_digest
from app.core.devices import devices
from app.core.encoding import cbor, merkle
from app.core.encoding.cose import CoseError, kid_of, verify_sign1
from app.core.errors import Rejected
from app.core.forum import moderation
from app.core.ledger.actors import Actor
from app.core.ledger.fields import Fields
from app.core.ledger.objects import Authority, Tx, need_sealed_keys
from app.core.ledger.txtypes import MAX_REFS, Role, TxType
from app.core.ledger.view import View
from app.core.store.store import IntegrityError

if TYPE_CHECKING:
    from app.core.ledger.ledger import Ledger

Handler = Callable[["Ledger", View, Tx, Actor, Fields], None]
VOTE_RULES = ("majority", "two_thirds")
VOTE_NATURES = ("opinion", "statutes")
MAX_ATTACHMENTS = 8  # documents a forum message may point to
ELECTORATES = ("members", "communes")


def apply_tx(led: Ledger, view: View, tx: Tx, block_id: bytes, index: int) -> None:
    """Checks one transaction against the rules and applies it, or raises Rejected."""
    try:
        # The primary key refuses a replay of the exact bytes; one statement, no look-up.
        led.store.run(
            "INSERT INTO txs (id, block, author, seq, idx, type, actor, data, prio, expires) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                tx.id,
                block_id,
                view.author,
                view.seq,
                index,
                tx.type,
                tx.actor,
                tx.data,
                tx.prio,
                tx.time + tx.ttl if tx.ttl else 0,
            ),
        )
    except IntegrityError as exc:
        raise Rejected("duplicate", "This transaction was already recorded: a replay.") from exc
    actor = _signer(led, view, tx)
    fields = Fields(tx.body, TxType(tx.type).name.lower().replace("_", " "))
    HANDLERS[TxType(tx.type)](led, view, tx, actor, fields)
    fields.done()
    actor.aseq = tx.aseq
    led.actors.touch(actor)
    led.bump("txs")


def _signer(led: Ledger, view: View, tx: Tx) -> Actor:
    actor = led.actors.get(tx.actor)
    if actor is None:
        raise Rejected("unknown_actor", "The signer is not a registered member or commune.")
    if actor.commune != view.author:
        raise Rejected("wrong_feed", "A transaction must travel in its own commune's feed.")
    if tx.type == TxType.KEY_ROTATE:
        public_key = _rotation_key(actor, tx)
    else:
        public_key = _current_key(led, actor, tx)
    try:
        verify_sign1(tx.envelope, public_key, led.network_id)
    except CoseError as exc:
        raise Rejected(
            "bad_signature",
            "The signature does not match: the transaction was forged or altered, "
            "or belongs to another network.",
        ) from exc
    if tx.aseq <= actor.aseq:
        raise Rejected("replay", f"This signer's transaction {tx.aseq} was already used: a replay.")
    if tx.aseq > actor.aseq + 1:
        raise Rejected(
            "gap", f"This signer's transactions {actor.aseq + 1}..{tx.aseq - 1} are missing."
        )
    return actor


def _current_key(led: Ledger, actor: Actor, tx: Tx) -> bytes:
    row = led.actors.key(tx.kid)
    if row is None or row[0] != actor.id:
        raise Rejected("unknown_key", "The signing key is not registered for this signer.")
    if row[2]:
        raise Rejected("key_revoked", "The signing key was revoked.")
    if tx.kid != actor.kid:
        raise Rejected("key_retired", "The signing key was replaced by a newer one.")
    if not actor.active:
        raise Rejected("actor_removed", "The signer was removed from the network.")
    return bytes(row[1])


def _rotation_key(actor: Actor, tx: Tx) -> bytes:
    public_key = tx.body.get("pk")
    if not isinstance(public_key, bytes) or len(public_key) != 32:
        raise Rejected("malformed", "A key rotation must reveal the new public key.")
    if not actor.active:
        raise Rejected("actor_removed", "The signer was removed from the network.")
    if next_digest(public_key) != actor.next_digest or tx.kid != kid_of(public_key):
        raise Rejected(
            "wrong_next_key",
            "A key rotation must be signed by the key committed to in the previous record.",
        )
    return public_key


def _need_node(actor: Actor) -> None:
    if not actor.is_node:
        raise Rejected("not_allowed", "Only the commune's node may do this.")


def _in_view(led: Ledger, view: View, table: str, oid: bytes) -> bool:
    placed = led.placed(table, oid)
    return placed is not None and view.has(*placed)


def _row_in_view(led: Ledger, view: View, table: str, oid: bytes, what: str) -> tuple[Any, ...]:
    row = led.placed(table, oid)
    if row is None or not view.has(row[0], row[1]):
        raise Rejected(f"unknown_{what}", f"The {what} it refers to is not known at that point.")
    return row


# --- members and keys -----------------------------------------------------------------------


def _member_add(led: Ledger, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    _need_node(actor)
    member, public_key = f.bytes_("id", 8), f.bytes_("pk", 32)
    digest, name, role = f.bytes_("next", 32), f.text("name", 80), f.text("role", 10)
    if role not in Role.ROLES:
        raise f.bad("the role must be mayor, deputy, clerk or technician")
    if member != kid_of(public_key):
        raise f.bad("a member id is the kid of the member's first key")
    if led.actors.get(member) is not None or led.actors.public_key(member) is not None:
        raise Rejected("duplicate_member", "This member is already registered.")
    new = Actor(member, view.author, role, name, member, digest, 0, True)
    led.actors.add(new, public_key, view.author, view.seq)


def _member_remove(led: Ledger, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    _need_node(actor)
    target = led.actors.get(f.bytes_("id", 8))
    if target is None or target.commune != view.author or target.is_node:
        raise Rejected("unknown_member", "This commune has no such member.")
    if not target.active:
        raise Rejected("actor_removed", "This member was already removed.")
    target.active = False
    led.actors.touch(target)


def _key_rotate(led: Ledger, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    public_key, digest = f.bytes_("pk", 32), f.bytes_("next", 32)
    led.store.run(
        "UPDATE keys SET retired_author = ?, retired_seq = ? WHERE kid = ?",
        (view.author, view.seq, actor.kid),
    )
    led.actors.forget_key(actor.kid)
    actor.kid, actor.next_digest = kid_of(public_key), digest
    led.store.run(
        "INSERT INTO keys (kid, actor, pk, since_author, since_seq) VALUES (?, ?, ?, ?, ?)",
        (actor.kid, actor.id, public_key, view.author, view.seq),
    )
    led.actors.forget_key(actor.kid)


def _key_revoke(led: Ledger, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    _need_node(actor)
    kid = f.bytes_("kid", 8)
    f.text("reason", 200, shortest=0)
    row = led.store.one("SELECT actor, revoked FROM keys WHERE kid = ?", (kid,))
    owner = led.actors.get(row[0]) if row else None
    if owner is None or owner.commune != view.author or owner.is_node:
        raise Rejected("unknown_key", "This commune has no member with that key.")
    if row and row[1]:
        raise Rejected("key_revoked", "This key was already revoked.")
    led.store.run(
        "UPDATE keys SET revoked = 1, revoked_author = ?, revoked_seq = ?, revoked_time = ? "
        "WHERE kid = ?",
        (view.author, view.seq, tx.time, kid),
    )
    led.actors.forget_key(kid)
    if owner.kid == kid:
        owner.active = False  # the member must be registered again under a fresh key
        led.actors.touch(owner)


# --- governance -----------------------------------------------------------------------------


def _epoch_proposal(led: Ledger, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    _need_node(actor)
    current = led.certified_epoch(view.clock)
    if actor.id not in led.authorities(current):
        raise Rejected("not_authority", "Only a current authority may propose a new epoch.")
    if f.int_("epoch") != current + 1:
        raise Rejected("wrong_epoch", f"The next epoch is {current + 1}.")
    items = f.list_("authorities", MAX_REFS, shortest=1)
    authorities = [Authority.from_cbor(item) for item in items]
    if len({a.commune for a in authorities}) != len(authorities):
        raise f.bad("a commune is listed twice")
    for authority in authorities:
        known = led.actors.get(authority.commune)
        if known is None and kid_of(authority.public_key) != authority.commune:
            raise f.bad("a new commune's id must be the kid of its node key")
    sealed = f.list_("transport", MAX_REFS, optional=True)
    if sealed is not None:
        need_sealed_keys(sealed, len(authorities))
    led.store.run(
        "INSERT INTO proposals (id, epoch, body, author, seq) VALUES (?, ?, ?, ?, ?)",
        (tx.id, current + 1, cbor.encode(tx.body), view.author, view.seq),
    )


def _epoch_approve(led: Ledger, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    _need_node(actor)
    proposal = f.bytes_("proposal", 32)
    _row_in_view(led, view, "proposals", proposal, "proposal")
    epoch = int(led.store.value("SELECT epoch FROM proposals WHERE id = ?", (proposal,)))
    if actor.id not in led.authorities(epoch - 1):
        raise Rejected("not_authority", "Only an authority of the current epoch may approve.")
    if led.store.one(
        "SELECT 1 FROM approvals WHERE proposal = ? AND commune = ?", (proposal, actor.id)
    ):
        raise Rejected("duplicate", "This commune already approved this proposal.")
    led.store.run(
        "INSERT INTO approvals (proposal, commune, author, seq) VALUES (?, ?, ?, ?)",
        (proposal, actor.id, view.author, view.seq),
    )


# --- forum ----------------------------------------------------------------------------------


def _forum_thread(led: Ledger, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    title, body = f.text("title", 200), f.text("body", 20_000, shortest=0)
    scope = f.list_("scope", MAX_REFS, shortest=1, optional=True)
    if scope is not None and not all(isinstance(c, bytes) and len(c) == 8 for c in scope):
        raise f.bad("the scope lists commune ids")
    # A thread may be about a consultation or a sitting's agenda: that must exist at that point.
    about = f.bytes_("about", 32, optional=True)
    if about is not None and not any(
        led.placed(table, about) and view.has(*led.placed(table, about))  # type: ignore[misc]
        for table in ("votes", "sittings")
    ):
        raise Rejected(
            "unknown_subject", "The vote or sitting it is about is not known at that point."
        )
    led.store.run(
        "INSERT INTO threads (id, actor, commune, title, body, prio, ttl, scope, created, author, "
        "seq, last_post, about) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            tx.id,
            actor.id,
            actor.commune,
            title,
            body,
            tx.prio,
            tx.ttl,
            None if scope is None else b"".join(scope),
            tx.time,
            view.author,
            view.seq,
            tx.time,
            about,
        ),
    )
    led.bump("threads")


def _forum_post(led: Ledger, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    thread, body = f.bytes_("thread", 32), f.text("body", 20_000)
    reply = f.bytes_("reply", 32, optional=True)
    attached = f.list_("attach", MAX_ATTACHMENTS, shortest=1, optional=True) or []
    if not all(isinstance(doc, bytes) and len(doc) == 32 for doc in attached):
        raise f.bad("'attach' lists document ids")
    if len(set(attached)) != len(attached):
        raise f.bad("a document is attached twice")
    for doc in attached:
        _row_in_view(led, view, "documents", doc, "document")
    _row_in_view(led, view, "threads", thread, "thread")
    if reply is not None:
        _row_in_view(led, view, "posts", reply, "post")
        if led.store.value("SELECT thread FROM posts WHERE id = ?", (reply,)) != thread:
            raise f.bad("a reply must be in the same thread")
    led.store.run(
        "INSERT INTO posts (id, thread, reply_to, actor, commune, body, prio, created, author, seq)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            tx.id,
            thread,
            reply,
            actor.id,
            actor.commune,
            body,
            tx.prio,
            tx.time,
            view.author,
            view.seq,
        ),
    )
    for doc in attached:
        led.store.run("INSERT INTO attachments (post, document) VALUES (?, ?)", (tx.id, doc))
    led.reply(thread, tx.time)
    led.bump("posts")


# --- votes ----------------------------------------------------------------------------------


def _vote_open(led: Ledger, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
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


def _vote_row(led: Ledger, view: View, vote: bytes) -> tuple[dict[str, Any], bytes]:
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
    elif actor.role in (Role.MAYOR, Role.DEPUTY, Role.NODE):
        key = actor.commune
    else:
        return None
    return (key, weights[key]) if key in weights else None


def _ballot(led: Ledger, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    vote, choice = f.bytes_("vote", 32), f.int_("choice", maximum=19)
    body, _ = _vote_row(led, view, vote)
    if choice >= len(body["options"]):
        raise f.bad("the choice is not one of the options")
    voter = voter_id(body["electorate"], actor)
    if voter is None:
        raise Rejected("not_in_electorate", "The signer is not in this vote's electorate.")
    for author, seq in led.store.all(
        "SELECT author, seq FROM ballots WHERE vote = ? AND voter = ?", (vote, voter[0])
    ):
        if view.has(author, seq):
            raise Rejected("second_ballot", "This voter has already cast a ballot in this vote.")
    led.store.run(
        "INSERT INTO ballots (id, vote, voter, actor, choice, author, seq) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (tx.id, vote, voter[0], actor.id, choice, view.author, view.seq),
    )


def count_ballots(led: Ledger, view: View, vote: bytes, body: dict[str, Any]) -> dict[str, Any]:
    """The count a close must carry: exactly the ballots in the close's causal past."""
    weights = {bytes(v[0]): int(v[1]) for v in body["electorate"]["voters"]}
    tally = [0] * len(body["options"])
    ids = []
    for bid, voter, choice, author, seq in led.store.all(
        "SELECT id, voter, choice, author, seq FROM ballots WHERE vote = ?", (vote,)
    ):
        if view.has(author, seq):
            ids.append(bytes(bid))
            tally[choice] += weights[bytes(voter)]
    ids.sort()
    return {"count": len(ids), "root": merkle.root(ids), "tally": tally}


def _vote_close(led: Ledger, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
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
    body, convener = _vote_row(led, view, vote)
    if actor.id != convener:
        raise Rejected("not_convener", "Only the member who opened the vote may close it.")
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


# --- attestations ---------------------------------------------------------------------------


# --- documents ------------------------------------------------------------------------------


def _doc_publish(led: Ledger, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    name, sha256 = f.text("name", 255), f.bytes_("sha256", 32)
    size, mime = f.int_("size", maximum=2**40), f.text("mime", 100)
    tags = f.list_("tags", 20)
    if not all(isinstance(t, str) and 1 <= len(t) <= 40 for t in tags):
        raise f.bad("each tag is text of 1 to 40 characters")
    f.int_("created")
    f.bool_("enc")
    chunks = f.list_("chunks", 100_000)
    if not all(isinstance(c, bytes) and len(c) == 32 for c in chunks):
        raise f.bad("chunks are listed by their 32-byte hash")
    for item in f.list_("keys", MAX_REFS, shortest=1):
        if not (
            isinstance(item, list)
            and len(item) == 2
            and isinstance(item[0], bytes)
            and isinstance(item[1], bytes)
            and len(item[1]) == 80
        ):
            raise f.bad("each key is [commune, sealed key]")
        if led.actors.get(item[0]) is None:
            raise Rejected("unknown_commune", "A recipient commune is not known.")
    led.store.run(
        "INSERT INTO documents (id, actor, commune, name, sha256, size, mime, body, created, "
        "author, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            tx.id,
            actor.id,
            actor.commune,
            name,
            sha256,
            size,
            mime,
            cbor.encode(tx.body),
            tx.time,
            view.author,
            view.seq,
        ),
    )
    led.bump("documents")


HANDLERS: dict[TxType, Handler] = {
    TxType.SITTING_CONVENE: sittings.convene,
    TxType.FORUM_MODERATE: moderation.moderate,
    TxType.SITTING_PROXY: sittings.proxy,
    TxType.SITTING_VOTE: sittings.record_vote,
    TxType.MINUTES_APPROVE: sittings.approve_minutes,
    TxType.ACT_STATUS: sittings.act_status,
    TxType.SITTING_APPOINT: sittings.appoint,
    TxType.SITTING_RECEIPT: sittings.receipt,
    TxType.DEVICE_REGISTER: devices.register,
    TxType.LINK_REPORT: devices.link_report,
    TxType.DEVICE_RETIRE: devices.retire,
    TxType.MEMBER_ADD: _member_add,
    TxType.MEMBER_REMOVE: _member_remove,
    TxType.KEY_ROTATE: _key_rotate,
    TxType.KEY_REVOKE: _key_revoke,
    TxType.EPOCH_PROPOSAL: _epoch_proposal,
    TxType.EPOCH_APPROVE: _epoch_approve,
    TxType.FORUM_THREAD: _forum_thread,
    TxType.FORUM_POST: _forum_post,
    TxType.VOTE_OPEN: _vote_open,
    TxType.BALLOT: _ballot,
    TxType.VOTE_CLOSE: _vote_close,
    TxType.ATTEST: attest_rules.issue,
    TxType.ATTEST_REVOKE: attest_rules.revoke,
    TxType.ATTEST_PRINT: attest_rules.printed,
    TxType.DOC_PUBLISH: _doc_publish,
}
