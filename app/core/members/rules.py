"""The rules of a commune's people: registering a member, changing their role and delegations,
suspending (or reinstating) and removing them, each signed by the commune's node key; and
re-issuing a member's key (a forgotten PIN), signed by the mayor or a deputy in person. All
travel as governance; a member acts only in their own commune's feed, so what their commune
decided about them is always in the past of what they sign next.

A commune has one mayor in office: naming a second one is refused until the first is given
another role (or removed), which may come earlier in the same block.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.core.encoding.cose import kid_of
from app.core.errors import Rejected
from app.core.ledger.actors import Actor
from app.core.ledger.checks import need_commune_laptop
from app.core.ledger.txtypes import Role
from app.core.members import powers

if TYPE_CHECKING:
    from app.core.ledger.context import RuleContext
    from app.core.ledger.fields import Fields
    from app.core.ledger.objects import Tx
    from app.core.ledger.view import View


def member_add(led: RuleContext, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    need_commune_laptop(actor)
    member, public_key = f.bytes_("id", 8), f.bytes_("pk", 32)
    digest, name, role = f.bytes_("next", 32), f.text("name", 80), f.text("role", 10)
    if role not in Role.ROLES:
        raise f.bad("the role must be mayor, deputy, councillor, secretary or technician")
    delegations = _delegations(f, role)
    if member != kid_of(public_key):
        raise f.bad("a member id is the kid of the member's first key")
    if led.actors.get(member) is not None or led.actors.public_key(member) is not None:
        raise Rejected("duplicate_member", "This member is already registered.")
    if role == Role.MAYOR:
        _one_mayor(led, view.commune, member)
    new = Actor(member, view.commune, role, name, member, digest, 0, True, False, delegations)
    led.actors.add(new, public_key, view.author, view.seq)


def member_role(led: RuleContext, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    """A member's new role, with the delegations it carries (only a deputy holds any)."""
    need_commune_laptop(actor)
    target = _member(led, view, f)
    role = f.text("role", 10)
    if role not in Role.NEW_ROLES:
        raise f.bad("the role must be mayor, deputy, councillor, secretary or technician")
    delegations = _delegations(f, role)
    if role == Role.MAYOR:
        _one_mayor(led, view.commune, target.id)
    target.role, target.delegations = role, delegations
    led.actors.touch(target)


def member_suspend(led: RuleContext, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    """Suspends a member (nothing they sign is accepted from then on), or reinstates them."""
    need_commune_laptop(actor)
    target = _member(led, view, f)
    suspended = bool(f.int_("suspended", maximum=1))
    f.text("reason", 200, shortest=0, optional=True)
    if target.suspended == suspended:
        raise Rejected(
            "already_suspended" if suspended else "not_suspended",
            "This member is already suspended." if suspended else "This member is not suspended.",
        )
    target.suspended = suspended
    led.actors.touch(target)


def member_remove(led: RuleContext, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    need_commune_laptop(actor)
    target = _member(led, view, f)
    target.active = False
    led.actors.touch(target)


def member_reissue(led: RuleContext, view: View, tx: Tx, actor: Actor, f: Fields) -> None:
    """A forgotten PIN: the mayor or a deputy, signing with their own key, gives a member of
    their commune a new key. The member keeps their id, role, delegations and history; their
    old key is revoked from this point of the feed (what it signed before stays valid)."""
    powers.need(actor, "member_reissue")
    target = _member(led, view, f, "member")
    if target.role == Role.LAPTOP:
        raise Rejected("unknown_member", "This commune has no such member.")
    public_key, digest = f.bytes_("pk", 32), f.bytes_("next", 32)
    f.text("reason", 200, shortest=0)
    if target.id == actor.id:
        raise Rejected(
            "own_key",
            "Nobody re-issues their own key: ask the mayor or a deputy, or change your PIN.",
        )
    if target.home not in (None, view.author):
        # Its old key's later transactions must be refused on every node alike: they can only
        # travel in the member's home feed, which must therefore carry the re-issue first.
        raise Rejected(
            "member_elsewhere",
            "A member's key is re-issued only on the laptop of the commune that registered them.",
        )
    kid = kid_of(public_key)
    if led.actors.key(kid) is not None or led.actors.get(kid) is not None:
        raise Rejected("duplicate_key", "This key is already registered.")
    old = target.kid
    led.store.run(
        "UPDATE keys SET revoked = 1, revoked_author = ?, revoked_seq = ?, revoked_time = ? "
        "WHERE kid = ?",
        (view.author, view.seq, tx.time, old),
    )
    led.store.run(
        "INSERT INTO keys (kid, actor, pk, since_author, since_seq) VALUES (?, ?, ?, ?, ?)",
        (kid, target.id, public_key, view.author, view.seq),
    )
    led.actors.forget_key(old)
    led.actors.forget_key(kid)
    target.kid, target.next_digest = kid, digest
    led.actors.touch(target)


def _one_mayor(led: RuleContext, commune: bytes, member: bytes) -> None:
    """Refuses a second mayor in office (a suspended mayor is still in office). The members
    are read as this block left them, so a role change earlier in the block counts."""
    for (other,) in led.store.all(
        "SELECT id FROM actors WHERE commune = ? AND id != ? AND id != commune", (commune, member)
    ):
        mayor = led.actors.get(bytes(other))
        if mayor is not None and mayor.active and mayor.role == Role.MAYOR:
            raise Rejected(
                "one_mayor", "This commune already has a mayor: change their role first."
            )


def _member(led: RuleContext, view: View, f: Fields, name: str = "id") -> Actor:
    """The commune's own member a transaction names, still a member."""
    target = led.actors.get(f.bytes_(name, 8))
    if target is None or target.commune != view.commune or target.is_node:
        raise Rejected("unknown_member", "This commune has no such member.")
    if not target.active:
        raise Rejected("actor_removed", "This member was already removed.")
    return target


def _delegations(f: Fields, role: str) -> tuple[str, ...]:
    items = f.list_("deleg", powers.MAX_DELEGATIONS, optional=True) or []
    known = powers.delegations()
    if any(not isinstance(d, str) or d not in known for d in items):
        raise f.bad(f"a delegation is one of {', '.join(known)}")
    if len(set(items)) != len(items):
        raise f.bad("a delegation is listed twice")
    if items and role != Role.DEPUTY:
        raise f.bad("only a deputy receives delegations")
    return tuple(sorted(items))
