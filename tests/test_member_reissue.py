"""A forgotten PIN (MEMBER_REISSUE): the mayor or a deputy, signing with their own key, gives a
member of their commune a new key; the member keeps their id, role and delegations; the old key
is revoked from that point and refused after it on every node. And one mayor per commune. Each
refusal here and in a foreign block, with hand-made transactions where the command refuses
before anything is signed."""

from __future__ import annotations

import time
from typing import Any

import pytest

from app.core.crypto.keys import Identity, KeyPair
from app.core.errors import MemberLocked, NotFound, PinWait, Rejected, WrongPin
from app.core.ledger.objects import make_block, object_id
from app.core.ledger.txtypes import Role, TxType
from app.core.members import queries, service
from app.core.node.node import Node
from tests.conftest import Network
from tests.ledger_kit import next_block, signed_tx

THREAD = {"title": "Route", "body": "La piste est coupée"}
PIN = "8642"


def _body(member: bytes, key: Identity | None = None) -> dict[str, Any]:
    fresh = key or Identity(member, KeyPair.generate(), KeyPair.generate())
    return {
        "member": member,
        "pk": fresh.current.public_key,
        "next": fresh.next_digest,
        "reason": "",
    }


def _refused_here_and_there(a: Node, b: Node, tx: bytes) -> str:
    """The code a foreign node gives a block of `a` carrying `tx` (here it never gets signed)."""
    outcome = b.receive(next_block(a, [tx]))
    assert outcome.status == "rejected", outcome
    return str(outcome.code)


def _row(node: Node, member: bytes) -> tuple[Any, ...]:
    row = node.store.one(
        "SELECT kid, role, delegations, active FROM actors WHERE id = ?", (member,)
    )
    assert row is not None
    return (bytes(row[0]), str(row[1]), str(row[2]), bool(row[3]))


def test_a_reissued_key_keeps_the_member_and_the_old_key_signs_nothing_after(
    net: Network,
) -> None:
    a, b, c = net.nodes
    deputy = service.add_member(a, "Adjointe", Role.DEPUTY, ("roads",), pin="1111")
    a.keyring.unlock(deputy, "1111")
    old = a.keyring.identity(deputy)
    before = a.submit(TxType.FORUM_THREAD, THREAD, actor=deputy)
    signed_before = signed_tx(a, TxType.FORUM_THREAD, {"title": "Tard", "body": "x"}, actor=deputy)
    a.seal()
    net.sync()

    a.keyring.lock(deputy)
    for _ in range(3):  # she tries and tries: the next try must wait
        with pytest.raises(WrongPin):
            a.keyring.unlock(deputy, "9999")
    with pytest.raises(PinWait):
        a.keyring.unlock(deputy, "1111")
    tx = service.reissue(a, deputy, PIN)  # by the mayor, acting on Ambam's laptop
    net.sync()
    for node in (a, b, c):
        kid, role, delegations, active = _row(node, deputy)
        assert kid != old.current.kid and (role, delegations, active) == ("deputy", "roads", True)
        assert node.store.value("SELECT revoked FROM keys WHERE kid = ?", (old.current.kid,)) == 1
        assert node.store.value("SELECT id FROM txs WHERE id = ?", (before,)) is not None
    assert a.store.value("SELECT type FROM txs WHERE id = ?", (tx,)) == TxType.MEMBER_REISSUE

    # The new key is sealed under the new PIN; the forgotten one opens nothing.
    with pytest.raises(MemberLocked):
        a.keyring.identity(deputy)
    with pytest.raises(WrongPin):
        a.keyring.unlock(deputy, "1111")
    a.keyring.unlock(deputy, PIN)  # at once: the forgotten PIN's count went with its key
    assert a.keyring.identity(deputy).current.kid == _row(a, deputy)[0]
    assert a.store.value("SELECT count(*) FROM keyring WHERE actor = ?", (deputy,)) == 1

    # The old key, after its revocation: refused here and at every neighbour, even for a
    # transaction it signed before the re-issue but that travels after it.
    with pytest.raises(Rejected) as here:
        a.submit(TxType.FORUM_THREAD, THREAD, actor=deputy, signer=old)
    assert here.value.code == "key_revoked"
    late = signed_tx(a, TxType.FORUM_THREAD, THREAD, actor=deputy, key=old.current)
    for tx_bytes in (late, signed_before):
        for other in (b, c):
            assert _refused_here_and_there(a, other, tx_bytes) == "key_revoked"
    # A rotation by the old key's committed successor is refused too: the new key replaced it.
    rotation = signed_tx(
        a,
        TxType.KEY_ROTATE,
        {"pk": old.following.public_key, "next": old.rotated().next_digest},
        actor=deputy,
        key=old.following,
    )
    assert _refused_here_and_there(a, b, rotation) == "wrong_next_key"

    # The new key signs, with the member's own sequence, and every commune takes it.
    after = a.submit(TxType.FORUM_THREAD, {"title": "Après", "body": "y"}, actor=deputy)
    a.seal()
    net.sync()
    assert c.store.value("SELECT actor FROM txs WHERE id = ?", (after,)) == deputy


def test_only_the_mayor_or_a_deputy_reissues_and_every_node_checks_it(net: Network) -> None:
    a, b, _ = net.nodes
    councillor = service.add_member(a, "Conseiller", Role.COUNCILLOR)
    secretary = service.add_member(a, "Secrétaire", Role.SECRETARY)
    deputy = service.add_member(a, "Adjoint", Role.DEPUTY)
    net.sync()
    for signer in (secretary, councillor, a.commune):
        target = deputy if signer != deputy else councillor
        with pytest.raises(Rejected) as here:
            a.submit(TxType.MEMBER_REISSUE, _body(target), actor=signer)
        assert here.value.code == "role_needed"
        assert "re-issue the key" in here.value.message
        tx = signed_tx(a, TxType.MEMBER_REISSUE, _body(target), actor=signer)
        assert _refused_here_and_there(a, b, tx) == "role_needed"
    # A deputy may; Bipindi's mayor may not, for a member of Ambam.
    a.submit(TxType.MEMBER_REISSUE, _body(councillor), actor=deputy)
    a.seal()
    net.sync()
    with pytest.raises(Rejected) as foreign:
        b.submit(TxType.MEMBER_REISSUE, _body(secretary), actor=net.mayors[1])
    assert foreign.value.code == "unknown_member"
    # A suspended deputy holds no power at all, on any node.
    service.suspend(a, deputy)
    net.sync()
    tx = signed_tx(a, TxType.MEMBER_REISSUE, _body(secretary), actor=deputy)
    assert _refused_here_and_there(a, b, tx) == "actor_suspended"


def test_a_reissue_is_refused_for_oneself_a_known_key_or_someone_gone(net: Network) -> None:
    a, b, _ = net.nodes
    mayor = net.mayors[0]
    councillor = service.add_member(a, "Conseiller", Role.COUNCILLOR)
    gone = service.add_member(a, "Parti", Role.COUNCILLOR)
    service.remove(a, gone)
    net.sync()
    cases = [
        (_body(mayor), "own_key"),
        (_body(councillor, a.keyring.identity(mayor)), "duplicate_key"),  # the mayor's key
        (_body(councillor, a.keyring.identity(councillor)), "duplicate_key"),  # their own
        (_body(gone), "actor_removed"),
        (_body(a.commune), "unknown_member"),
        (_body(net.mayors[1]), "unknown_member"),
        ({**_body(councillor), "role": "mayor"}, "malformed"),
        ({k: v for k, v in _body(councillor).items() if k != "next"}, "malformed"),
    ]
    for body, code in cases:
        with pytest.raises(Rejected) as here:
            a.submit(TxType.MEMBER_REISSUE, body, actor=mayor)
        assert here.value.code == code, body
        tx = signed_tx(a, TxType.MEMBER_REISSUE, body, actor=mayor)
        assert _refused_here_and_there(a, b, tx) == code
    with pytest.raises(NotFound):  # the command says so before anyone types a PIN
        service.reissue(a, gone, PIN)


def test_a_reissue_keeps_a_locked_laptop_intact_when_refused(net: Network) -> None:
    """The secretary, acting, is refused: the member's old key stays on this laptop."""
    a = net.nodes[0]
    councillor = service.add_member(a, "Conseiller", Role.COUNCILLOR, pin="1111")
    secretary = service.add_member(a, "Secrétaire", Role.SECRETARY)
    service.act_as(a, secretary)
    with pytest.raises(Rejected) as refused:
        service.reissue(a, councillor, PIN)
    assert refused.value.code == "role_needed"
    a.keyring.unlock(councillor, "1111")  # nothing changed here
    assert a.store.value("SELECT count(*) FROM pending") == 0


def test_one_mayor_per_commune_unless_the_old_one_is_given_another_role_first(
    net: Network,
) -> None:
    a, b, _ = net.nodes
    mayor = net.mayors[0]
    with pytest.raises(Rejected) as second:
        service.add_member(a, "Autre maire", Role.MAYOR)
    assert second.value.code == "one_mayor"
    deputy = service.add_member(a, "Adjoint", Role.DEPUTY)
    with pytest.raises(Rejected) as promoted:
        service.change_role(a, deputy, Role.MAYOR)
    assert promoted.value.code == "one_mayor"
    service.change_role(a, mayor, Role.MAYOR)  # the mayor stays mayor: no second one
    # Hand-made, in a foreign block: refused by every commune.
    other = Identity.generate()
    add = {
        "id": other.actor,
        "pk": other.current.public_key,
        "next": other.next_digest,
        "name": "Autre maire",
        "role": "mayor",
    }
    tx = signed_tx(a, TxType.MEMBER_ADD, add, actor=a.commune)
    net.sync()
    assert _refused_here_and_there(a, b, tx) == "one_mayor"
    # A suspended mayor is still in office.
    service.suspend(a, mayor)
    with pytest.raises(Rejected) as suspended:
        service.change_role(a, deputy, Role.MAYOR)
    assert suspended.value.code == "one_mayor"
    service.reinstate(a, mayor)

    # The office changes hands in one block: the mayor becomes a councillor first.
    for member, role in ((mayor, Role.COUNCILLOR), (deputy, Role.MAYOR)):
        a.submit(TxType.MEMBER_ROLE, {"id": member, "role": role}, actor=a.commune, prio=0)
    block = a.seal()
    assert block is not None
    net.sync()
    roles = {p.id: p.role for p in queries.people(b, everyone=True)}
    assert (roles[mayor], roles[deputy]) == ("councillor", "mayor")
    # Removed, a mayor leaves the office free.
    service.remove(a, deputy)
    service.add_member(a, "Nouvelle maire", Role.MAYOR)


def test_a_reissue_travels_in_the_members_home_feed(net: Network) -> None:
    """A deputy registered by Ambam's second laptop may not re-issue, in that laptop's feed,
    the key of a councillor whose transactions travel in Ambam's first feed."""
    a, b, _ = net.nodes
    councillor = service.add_member(a, "Conseiller", Role.COUNCILLOR)
    laptop = Identity.generate()
    message = b"OBAMBU-LAPTOP-1" + a.network_id + a.commune
    a.submit(
        TxType.LAPTOP_ADD,
        {
            "laptop": laptop.actor,
            "pk": laptop.current.public_key,
            "next": laptop.next_digest,
            "name": "Bureau du secrétariat",
            "pop": laptop.current.signing_key.sign(message).signature,
        },
        actor=a.commune,
        prio=0,
    )
    a.seal()
    net.sync()
    deputy = Identity.generate()
    add = {
        "id": deputy.actor,
        "pk": deputy.current.public_key,
        "next": deputy.next_digest,
        "name": "Adjointe du bureau",
        "role": "deputy",
    }
    first = make_block(
        laptop.current,
        b.network_id,
        author=laptop.actor,
        seq=0,
        prev=None,
        refs=sorted(bytes(h) for (h,) in b.store.all("SELECT head_id FROM feeds")),
        epoch=0,
        time=int(time.time()),
        txs=[signed_tx(a, TxType.MEMBER_ADD, add, actor=laptop.actor, key=laptop.current, aseq=1)],
    )
    assert b.receive(first).status == "applied"
    reissue = signed_tx(
        a, TxType.MEMBER_REISSUE, _body(councillor), actor=deputy.actor, key=deputy.current, aseq=1
    )
    second = make_block(
        laptop.current,
        b.network_id,
        author=laptop.actor,
        seq=1,
        prev=object_id(first),
        refs=[],
        epoch=0,
        time=int(time.time()),
        txs=[reissue],
    )
    outcome = b.receive(second)
    assert (outcome.status, outcome.code) == ("rejected", "member_elsewhere")
    assert "re-issued only on the laptop" in outcome.detail  # the rule's, not the signer's
