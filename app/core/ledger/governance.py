"""The rules of keys and epochs: which keys count, and which communes are authorities (the
rules of a commune's members are in members/rules.py)."""

from __future__ import annotations

from app.core.encoding import cbor
from app.core.encoding.cose import kid_of
from app.core.errors import Rejected
from app.core.ledger.actors import Actor
from app.core.ledger.checks import need_commune_laptop, need_node, row_in_view
from app.core.ledger.context import RuleContext
from app.core.ledger.fields import Fields
from app.core.ledger.objects import Authority, Tx, need_sealed_keys
from app.core.ledger.txtypes import MAX_REFS
from app.core.ledger.view import View


def key_rotate(led: RuleContext, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
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


def key_revoke(led: RuleContext, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    need_node(actor)
    kid = f.bytes_("kid", 8)
    f.text("reason", 200, shortest=0)
    row = led.store.one("SELECT actor, revoked FROM keys WHERE kid = ?", (kid,))
    owner = led.actors.get(row[0]) if row else None
    if owner is None or owner.commune != view.commune or owner.is_node:
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


def epoch_proposal(led: RuleContext, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    need_node(actor)
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
    rekeys = f.list_("rekey", MAX_REFS, shortest=1, optional=True)
    listed = {a.commune for a in authorities}
    claims = [_rekey(led, view, item, listed, current + 1) for item in rekeys or []]
    if len({claim[0] for claim in claims}) != len(claims):
        raise Rejected("rekey_twice", "A proposal may re-key a commune only once.")
    led.store.run(
        "INSERT INTO proposals (id, epoch, body, author, seq) VALUES (?, ?, ?, ?, ?)",
        (tx.id, current + 1, cbor.encode(tx.body), view.author, view.seq),
    )
    for commune, public_key, digest, point, head in claims:
        led.store.run(
            "INSERT INTO rekeys (proposal, epoch, commune, kid, pk, next, point, head, author, "
            "seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                tx.id,
                current + 1,
                commune,
                kid_of(public_key),
                public_key,
                digest,
                point,
                head,
                view.author,
                view.seq,
            ),
        )


def _rekey(
    led: RuleContext, view: View, item: object, listed: set[bytes], epoch: int
) -> tuple[bytes, bytes, bytes, int, bytes]:
    """One re-key of a proposal: a commune's new node key, and the last block of its old key
    that stands (the branch that stands, if the feed forked). Old bodies have no 'rekey'."""
    if not isinstance(item, dict):
        raise Rejected("malformed", "The epoch proposal is malformed: a re-key must be a map.")
    r = Fields(item, "re-key")
    commune, public_key, digest = r.bytes_("commune", 8), r.bytes_("pk", 32), r.bytes_("next", 32)
    point, head = r.int_("seq"), r.bytes_("head", 32)
    r.done()
    node = led.actors.get(commune)
    if node is None or not node.is_node or commune not in listed:
        raise Rejected(
            "rekey_not_authority", "Only a commune that stays an authority can be re-keyed."
        )
    if led.actors.key(kid_of(public_key)) is not None:
        raise Rejected("duplicate_key", "This key is already registered.")
    if row_in_view(led, view, "blocks", head, "block") != (commune, point):
        raise r.bad("'head' must be the commune's block at 'seq'")
    # Two laptops claiming to be the commune's new one: the first proposal in the past stands
    # until the authorities decide on it; a second claim for the same epoch is refused.
    for author, seq in led.store.all(
        "SELECT author, seq FROM rekeys WHERE commune = ? AND epoch = ?", (commune, epoch)
    ):
        if view.has(bytes(author), int(seq)):
            raise Rejected("rekey_claimed", "This commune's re-keying is already proposed.")
    return commune, public_key, digest, point, head


def epoch_approve(led: RuleContext, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    """An authority's approval, signed by its node or by one of its further laptops in the
    commune's name: the commune counts once. A second approval of the commune is refused when
    the first is in its past; two made concurrently on two laptops are both kept, and the
    count takes the commune once (Ledger._certified_proposal)."""
    need_commune_laptop(actor)
    proposal = f.bytes_("proposal", 32)
    row_in_view(led, view, "proposals", proposal, "proposal")
    epoch = int(led.store.value("SELECT epoch FROM proposals WHERE id = ?", (proposal,)))
    if actor.commune not in led.authorities(epoch - 1):
        raise Rejected("not_authority", "Only an authority of the current epoch may approve.")
    for author, seq in led.store.all(
        "SELECT author, seq FROM approvals WHERE proposal = ? AND commune = ?",
        (proposal, actor.commune),
    ):
        if view.has(bytes(author), int(seq)):
            raise Rejected("duplicate", "This commune already approved this proposal.")
    led.store.run(
        "INSERT INTO approvals (proposal, commune, author, seq) VALUES (?, ?, ?, ?)",
        (proposal, actor.commune, view.author, view.seq),
    )
