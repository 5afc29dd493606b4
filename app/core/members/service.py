"""Keys and epochs: what a mayor does when a laptop may have been copied or was lost, and when
a new commune asks to join. These go out at once: the node seals them without waiting, and they
travel first (node/registry.py lists them as governance)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from app.core.crypto.keys import Identity, KeyPair
from app.core.devices.service import need_first_laptop
from app.core.errors import NotFound, ObambuError
from app.core.ledger import transport
from app.core.ledger.objects import Authority
from app.core.ledger.txtypes import TxType
from app.core.node.node import REKEY_KID, Node
from app.core.store.keyring import check_pin

T = TypeVar("T")
GOVERNANCE = 0  # the highest priority: who belongs and which keys count come before the rest


def rotate_my_key(node: Node) -> bytes:
    """Moves the member on this laptop to the key committed last time, committing the next."""
    new = node.keyring.identity(node.member).rotated()
    body = {"pk": new.current.public_key, "next": new.next_digest}
    tx = node.submit(TxType.KEY_ROTATE, body)
    node.seal()
    return tx


def revoke_key(node: Node, kid: bytes, reason: str) -> bytes:
    """Revokes, in the commune's name, a key of one of its members (a stolen laptop)."""
    need_first_laptop(node, "A member's key is revoked there.")
    body = {"kid": kid, "reason": reason}
    tx = node.submit(TxType.KEY_REVOKE, body, actor=node.commune, prio=GOVERNANCE)
    node.seal()
    return tx


def approve_epoch(node: Node, proposal: bytes) -> bytes:
    """Approves, in the commune's name, the proposed next epoch: signed by the commune's node
    on its first laptop, by this laptop's own key on a further one (the commune counts once)."""
    tx = node.submit(TxType.EPOCH_APPROVE, {"proposal": proposal}, actor=node.feed, prio=GOVERNANCE)
    node.seal()
    return tx


# --- re-keying a commune's node (a lost or stolen laptop) -------------------------------------

REKEY_CODE_BYTES = 8 + 32 + 32  # commune id, new public key, digest of the key after it


def request_rekey(node: Node) -> str:
    """On the commune's new laptop: a fresh node key, which this laptop will sign with once two
    thirds of the authorities approved it, and the code that carries it to them."""
    need_first_laptop(
        node,
        "A further laptop cannot ask for its commune's new node key yet: restore the first "
        "laptop from its paper backup or its backup file, and ask there.",
    )
    me = node.commune
    asked = node.store.meta(REKEY_KID)
    current = node.store.value("SELECT kid FROM actors WHERE id = ?", (me,))
    newest = node.keyring.identity(me)
    if asked is not None and asked != current and newest.current.kid == asked:
        # Asked already and not approved yet: the same code again, never a second claim.
        return (me + newest.current.public_key + newest.next_digest).hex()
    identity = Identity(me, KeyPair.generate(), KeyPair.generate())
    with node.store.transaction():
        node.keyring.add(identity)
        node.store.set_meta(REKEY_KID, identity.current.kid)
    return (me + identity.current.public_key + identity.next_digest).hex()


def propose_rekey(node: Node, code: str, seq: int | None = None) -> bytes:
    """Proposes, and approves in our commune's name, the epoch that gives a commune the new
    node key in `code`. Its old key stands up to its block `seq` (by default the last one this
    laptop holds: the branch that stands if the feed forked) and signs nothing after."""
    need_first_laptop(
        node, "Propose the epoch there; this laptop may approve it (`obambu rekey approve`)."
    )
    try:
        raw = bytes.fromhex(code.strip())
    except ValueError:
        raw = b""
    if len(raw) != REKEY_CODE_BYTES:
        raise ObambuError(
            "This is not a re-key code: copy the 144 characters the new laptop printed.",
            code="bad_rekey_code",
        )
    commune, public_key, digest = raw[:8], raw[8:40], raw[40:]
    feed = node.store.one("SELECT head_seq FROM feeds WHERE author = ?", (commune,))
    if feed is None:
        raise NotFound("This laptop holds no block of that commune. Sync with it first.")
    point = int(feed[0]) if seq is None else seq
    head = node.store.value("SELECT id FROM blocks WHERE author = ? AND seq = ?", (commune, point))
    if head is None:
        raise NotFound(f"This laptop holds no block {point} of that commune. Give another --seq.")
    epoch = node.ledger.current_epoch()
    authorities = [
        Authority(a.commune, a.name, public_key, digest) if a.commune == commune else a
        for a in _authorities(node, epoch)
    ]
    body = {
        "epoch": epoch + 1,
        "authorities": [a.to_cbor() for a in authorities],
        # A new transport key, sealed to the new node key and not to the stolen one: the thief
        # cannot read the sticks written from this epoch on.
        "transport": transport.seal(transport.new_key(), authorities),
        "rekey": [
            {"commune": commune, "pk": public_key, "next": digest, "seq": point, "head": head}
        ],
    }
    proposal = node.submit(TxType.EPOCH_PROPOSAL, body, actor=node.commune, prio=GOVERNANCE)
    approve_epoch(node, proposal)
    return proposal


def _authorities(node: Node, epoch: int) -> list[Authority]:
    """The authorities of `epoch` as a proposal lists them: the same communes stay."""
    rows = node.store.all(
        "SELECT a.id, a.name, k.pk, a.next_digest FROM authorities e "
        "JOIN actors a ON a.id = e.commune JOIN keys k ON k.kid = a.kid "
        "WHERE e.epoch = ? ORDER BY a.id",
        (epoch,),
    )
    return [Authority(bytes(c), str(n), bytes(pk), bytes(d)) for c, n, pk, d in rows]


# --- the commune's people: registered, given a role, suspended, removed by the commune's node --


def add_member(
    node: Node, name: str, role: str, delegations: tuple[str, ...] = (), pin: str | None = None
) -> bytes:
    """Registers a person of this commune, with keys made on this laptop and sealed under
    their PIN when one is given; returns their id."""
    member = node.add_member(name, role, delegations, pin)
    node.seal()
    return member


def change_role(node: Node, member: bytes, role: str, delegations: tuple[str, ...] = ()) -> bytes:
    """Gives a member a new role; a deputy's delegations come with it (and replace the old)."""
    body: dict[str, Any] = {"id": member, "role": role}
    if delegations:
        body["deleg"] = list(delegations)
    return _governance(node, TxType.MEMBER_ROLE, body)


def suspend(node: Node, member: bytes, reason: str = "") -> bytes:
    """Suspends a member: nothing they sign from then on is accepted, until reinstated."""
    return _governance(
        node, TxType.MEMBER_SUSPEND, {"id": member, "suspended": 1, "reason": reason}
    )


def reinstate(node: Node, member: bytes) -> bytes:
    return _governance(node, TxType.MEMBER_SUSPEND, {"id": member, "suspended": 0})


def remove(node: Node, member: bytes) -> bytes:
    """Removes a member for good: what they signed stays valid, they sign nothing more."""
    return _governance(node, TxType.MEMBER_REMOVE, {"id": member})


def act_as(node: Node, member: bytes, pin: str | None = None) -> None:
    """The member who signs on this laptop from now on: one whose keys are on this laptop,
    opened by their PIN if they set one (MemberLocked, WrongPin, PinWait otherwise)."""
    act_for_one_command(node, member, pin)
    node.store.set_meta("member", member)


def act_for_one_command(node: Node, member: bytes, pin: str | None = None) -> None:
    """As act_as, for this session only: the member recorded on this laptop stays the same."""
    _need_ours(node, member)
    node.act(member, pin)


def as_one_change(node: Node, person: bytes, pin: str, change: Callable[[Node], T]) -> T:
    """Runs `change` signed by `person` of this commune, their PIN opening their key for it
    alone (WrongPin, PinWait otherwise), as `obambu --as` does for one command: whoever acts
    on this laptop acts again afterwards, and `person`'s key is locked again unless they are
    the one acting. What the window does when the person acting lacks the role a change needs
    (app/ui/operations.py)."""
    _need_ours(node, person)
    acting = node.acting or node.store.meta("member")
    node.keyring.unlock(person, pin)  # outside any store transaction: a wrong PIN counts
    before = node.acting
    node.acting = person
    try:
        return change(node)
    finally:
        node.acting = before
        if person != acting:
            node.keyring.lock(person)


def lock(node: Node) -> bool:
    """Locks the key of the person acting on this laptop: nothing is signed in their name until
    their PIN is typed again (the window's "Lock"). False if they have no PIN: nothing to lock.
    The command line needs no such thing: it never keeps a key open from one command to the
    next."""
    member = node.member
    if not node.keyring.has_pin(member):
        return False
    node.keyring.lock(member)
    return True


def set_pin(node: Node, member: bytes, pin: str) -> None:
    """Seals a member's keys on this laptop under a new PIN. A member who has one already
    must have opened their keys with it (act_as) first: the PIN is theirs to change."""
    if node.keyring.has_pin(member) and not node.keyring.is_unlocked(member):
        node.keyring.identity(member)  # asks for the current PIN, or MemberLocked
    node.keyring.set_pin(member, pin)


def reissue(node: Node, member: bytes, pin: str | None = None, reason: str = "PIN oublié") -> bytes:
    """A forgotten PIN: the mayor or a deputy acting on this laptop signs, with their own key
    and PIN, a MEMBER_REISSUE giving `member` a fresh key made here (sealed under `pin`). The
    member keeps their id, role, delegations, votes and history; the rules on every node check
    who asked. Their old key is revoked from this point: what it signed before stays valid.
    Returns the transaction's id."""
    if pin is not None:
        check_pin(pin)
    acting = node.member
    _need_ours(node, member)
    node.keyring.identity(acting)  # their own PIN, asked now, outside the store transaction
    fresh = Identity(member, KeyPair.generate(), KeyPair.generate())
    body = {
        "member": member,
        "pk": fresh.current.public_key,
        "next": fresh.next_digest,
        "reason": reason,
    }
    # The signed re-issue and the new key on this laptop, in one transaction: if the rules
    # refuse it, the member's old key stays here untouched.
    with node.store.transaction():
        tx = node.queue(TxType.MEMBER_REISSUE, body, prio=GOVERNANCE)
        node.keyring.replace(fresh, pin)
    node.seal()
    return tx


def _governance(node: Node, kind: TxType, body: dict[str, Any]) -> bytes:
    # The commune's node, or a further laptop, which changes the commune's members like it.
    tx = node.submit(kind, body, actor=node.feed, prio=GOVERNANCE)
    node.seal()
    return tx


def _need_ours(node: Node, member: bytes) -> None:
    """Refuses unless `member` is a member of this laptop's commune, in office."""
    with node.overlay():
        row = node.store.one("SELECT commune, active FROM actors WHERE id = ?", (member,))
    if row is None or bytes(row[0]) != node.commune or not row[1]:
        raise NotFound("This commune has no such member: choose one from `obambu member list`.")
