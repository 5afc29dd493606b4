"""Re-keying a commune's node through an epoch: each refusal with its reason, in a foreign
block too, and the stolen key's blocks refused wherever and whenever they arrive."""

from __future__ import annotations

from typing import Any

import pytest

from app.core.crypto.keys import Identity
from app.core.errors import ObambuError, Rejected
from app.core.ledger import incarnation
from app.core.ledger.objects import parse_block
from app.core.ledger.txtypes import TxType
from app.core.members import service
from app.core.node import backups
from app.core.node.node import REKEY_KID, Node
from tests.conftest import Network
from tests.ledger_kit import counts, next_block, raw_block, signed_tx

THREAD = {"title": "Route", "body": "…"}


def _rekey(net: Network, seq: int | None = None, **changes: Any) -> dict[str, Any]:
    """Bipindi's body re-keying Ambam to a fresh key, with some fields replaced."""
    a, b = net.nodes[:2]
    fresh = Identity.generate(a.commune)
    point = a.heads()[a.commune] if seq is None else seq
    head = b.store.value("SELECT id FROM blocks WHERE author = ? AND seq = ?", (a.commune, point))
    item = {
        "commune": a.commune,
        "pk": fresh.current.public_key,
        "next": fresh.next_digest,
        "seq": point,
        "head": head,
    }
    item.update(changes)
    return {
        "epoch": 1,
        "authorities": [n.authority().to_cbor() for n in net.nodes],
        "rekey": [item],
    }


def _refused_from_bipindi(net: Network, body: dict[str, Any], code: str) -> None:
    """Bipindi's proposal is refused when signed (a local check) and in Campo's hands."""
    b, c = net.nodes[1:]
    with pytest.raises(Rejected) as local:
        b.submit(TxType.EPOCH_PROPOSAL, body, actor=b.commune, prio=0)
    assert local.value.code == code
    tx = signed_tx(b, TxType.EPOCH_PROPOSAL, body, actor=b.commune)
    before = counts(c)
    outcome = c.receive(next_block(b, [tx]))
    assert (outcome.status, outcome.code) == ("rejected", code)
    assert counts(c)["evidence"] == before["evidence"] + 1
    assert c.store.value("SELECT count(*) FROM rekeys") == 0


def test_a_commune_re_keyed_twice_in_one_proposal_is_refused(net: Network) -> None:
    body = _rekey(net)
    body["rekey"] = body["rekey"] * 2
    _refused_from_bipindi(net, body, "rekey_twice")


def test_a_re_key_whose_head_is_not_the_block_at_its_seq_is_refused(net: Network) -> None:
    a = net.nodes[0]
    other = a.store.value("SELECT head_id FROM feeds WHERE author = ?", (net.nodes[2].commune,))
    _refused_from_bipindi(net, _rekey(net, head=other), "malformed")


def test_a_re_key_with_an_unknown_field_is_refused(net: Network) -> None:
    body = _rekey(net)
    body["rekey"][0]["why"] = "volé"
    _refused_from_bipindi(net, body, "malformed")


def test_a_commune_that_is_not_an_authority_cannot_be_re_keyed(net: Network) -> None:
    body = _rekey(net, commune=b"\x01" * 8)
    _refused_from_bipindi(net, body, "rekey_not_authority")


def test_a_re_key_to_a_key_already_registered_is_refused(net: Network) -> None:
    c = net.nodes[2]
    taken = c.authority().public_key
    _refused_from_bipindi(net, _rekey(net, pk=taken), "duplicate_key")


def test_a_second_claim_for_one_commune_is_refused(net: Network) -> None:
    b, c = net.nodes[1:]
    b.submit(TxType.EPOCH_PROPOSAL, _rekey(net), actor=b.commune, prio=0)
    b.seal()
    net.sync()
    with pytest.raises(Rejected) as second:
        c.submit(TxType.EPOCH_PROPOSAL, _rekey(net), actor=c.commune, prio=0)
    assert second.value.code == "rekey_claimed"


def _rekeyed(net: Network, approvers: int = 2) -> tuple[Node, bytes]:
    """Ambam asks for a new key, Bipindi proposes it, `approvers` communes approve."""
    a, b, c = net.nodes
    code = service.request_rekey(a)
    proposal = service.propose_rekey(b, code)
    net.sync([b, c])
    if approvers >= 2:
        service.approve_epoch(c, proposal)
    net.sync()
    return a, proposal


def test_one_approval_of_three_does_not_re_key(net: Network) -> None:
    a, _ = _rekeyed(net, approvers=1)
    assert {n.ledger.current_epoch() for n in net.nodes} == {0}
    with pytest.raises(Rejected) as refused:
        a.submit(TxType.FORUM_THREAD, THREAD)
        a.seal()
    assert refused.value.code == "rekey_waiting"


def test_the_stolen_key_signs_nothing_after_its_point_even_when_it_arrives_late(
    net: Network, tmp_path: Any
) -> None:
    a, b, c = net.nodes
    stolen_block = next_block(a, [signed_tx(a, TxType.FORUM_THREAD, THREAD)])  # not sent yet
    assert parse_block(stolen_block).kid == a.ledger.actors.get(a.commune).kid  # type: ignore[union-attr]
    _rekeyed(net)
    assert {n.ledger.current_epoch() for n in net.nodes} == {1}
    a.submit(TxType.FORUM_THREAD, {"title": "Nouvelle clé", "body": ""})
    a.seal()
    net.sync()
    for node in (b, c):
        outcome = node.receive(stolen_block)
        assert (outcome.status, outcome.code) == ("rejected", "stolen_key")
        assert node.store.counter("threads") == 1


def test_the_other_branch_of_a_fork_is_set_aside_not_frozen_again(net: Network) -> None:
    a, b, c = net.nodes
    one = next_block(a, [signed_tx(a, TxType.FORUM_THREAD, THREAD)])
    two = next_block(a, [signed_tx(a, TxType.FORUM_THREAD, {"title": "Pont", "body": ""})])
    a.receive(one)
    assert b.receive(one).status == "applied"
    assert b.receive(two).status == "evidence"
    assert b.store.value("SELECT frozen_at FROM feeds WHERE author = ?", (a.commune,)) is not None
    c.receive(one)
    _rekeyed(net)  # Bipindi proposes: the branch it holds ("Route") stands
    assert b.store.value("SELECT frozen_at FROM feeds WHERE author = ?", (a.commune,)) is None
    outcome = c.receive(two)  # Campo never saw the other branch: it does not freeze now
    assert (outcome.status, outcome.code) == ("rejected", "branch_set_aside")
    assert c.store.value("SELECT frozen_at FROM feeds WHERE author = ?", (a.commune,)) is None
    a.submit(TxType.FORUM_THREAD, {"title": "Nouvelle clé", "body": ""})
    a.seal()
    net.sync()
    assert b.heads() == c.heads() == a.heads()


def test_a_re_key_code_that_is_not_one_is_refused(net: Network) -> None:
    with pytest.raises(ObambuError) as refused:
        service.propose_rekey(net.nodes[1], "abc")
    assert refused.value.code == "bad_rekey_code"


def test_a_re_key_naming_a_block_not_in_its_past_is_refused(net: Network) -> None:
    _refused_from_bipindi(net, _rekey(net, head=b"\x05" * 32), "unknown_block")


def test_the_re_keyed_node_revokes_the_member_keys_the_thief_holds(net: Network) -> None:
    a = net.nodes[0]
    mayor_key = a.keyring.identity(net.mayors[0]).current.kid
    _rekeyed(net)
    service.revoke_key(a, mayor_key, "portable volé")
    net.sync()
    assert {
        n.store.value("SELECT revoked FROM keys WHERE kid = ?", (mayor_key,)) for n in net.nodes
    } == {1}
    with pytest.raises(Rejected) as refused:
        a.submit(TxType.FORUM_THREAD, THREAD)
    assert refused.value.code == "key_revoked"
    assert parse_block(next_block(a, [])).kid != mayor_key


def test_known_limit_a_stolen_key_block_applied_before_the_epoch_stays(net: Network) -> None:
    """docs/ledger.md, "Re-keying a commune", known limit: nothing rolls a node back yet."""
    a, b, c = net.nodes
    stolen = next_block(a, [signed_tx(a, TxType.FORUM_THREAD, THREAD)])
    code = service.request_rekey(a)
    proposal = service.propose_rekey(b, code)
    assert c.receive(stolen).status == "applied"  # before the proposal reaches Campo
    net.sync([b, c])
    service.approve_epoch(c, proposal)  # Campo's approval has the thief's block in its past
    net.sync()
    assert {n.ledger.current_epoch() for n in net.nodes} == {1}
    assert [n.store.counter("threads") for n in net.nodes] == [1, 1, 1]  # the thief's
    # The new key continues after it; a later block of the stolen key is refused.
    a.submit(TxType.FORUM_THREAD, {"title": "Nouvelle clé", "body": ""})
    a.seal()
    net.sync()
    assert a.heads() == b.heads() == c.heads()
    assert [n.store.counter("threads") for n in net.nodes] == [2, 2, 2]


def test_asking_twice_before_the_approval_gives_the_same_code(net: Network) -> None:
    a = net.nodes[0]
    first = service.request_rekey(a)
    assert service.request_rekey(a) == first
    _rekeyed_with(net, first)
    assert service.request_rekey(a) != first  # re-keyed: a new request is a new key


def _rekeyed_with(net: Network, code: str) -> None:
    _, b, c = net.nodes
    proposal = service.propose_rekey(b, code)
    net.sync([b, c])
    service.approve_epoch(c, proposal)
    net.sync()


def test_two_claims_made_at_once_the_first_certified_stands_and_the_other_key_never_signs(
    net: Network,
) -> None:
    a, b, c = net.nodes
    ours = service.request_rekey(a)
    other = Identity.generate(a.commune)  # a second laptop claiming to be Ambam's
    theirs = (a.commune + other.current.public_key + other.next_digest).hex()
    first = service.propose_rekey(b, ours)
    second = service.propose_rekey(c, theirs)  # made before the two communes met
    net.sync()
    assert {n.ledger.current_epoch() for n in net.nodes} == {0}  # one approval each
    service.approve_epoch(c, first)
    net.sync()
    service.approve_epoch(b, second)  # too late: epoch 1 is reached
    net.sync()
    epochs = "SELECT proposal FROM epochs WHERE epoch = 1"
    assert {bytes(n.store.value(epochs)) for n in net.nodes} == {first}
    node_kid = "SELECT kid FROM actors WHERE id = ?"
    assert {n.store.value(node_kid, (a.commune,)) for n in net.nodes} == {
        a.keyring.identity(a.commune).current.kid
    }
    assert other.current.kid not in {n.store.value(node_kid, (a.commune,)) for n in net.nodes}
    a.submit(TxType.FORUM_THREAD, THREAD)
    a.seal()
    net.sync()
    assert b.heads() == c.heads() == a.heads()


def test_a_backup_made_while_waiting_for_the_new_key_waits_too(net: Network, tmp_path: Any) -> None:
    a = net.nodes[0]
    code = service.request_rekey(a)
    restored = backups.restore(tmp_path / "restored", backups.export(a, "pw"), "pw", "pw")
    try:
        assert restored.store.meta(REKEY_KID) == a.store.meta(REKEY_KID) is not None
        assert code
        restored.store.set_counter(incarnation.RESTORING, 0)  # as if a neighbour's stick came
        with pytest.raises(Rejected) as refused:
            restored.submit(TxType.FORUM_THREAD, THREAD)
        assert refused.value.code == "rekey_waiting"
    finally:
        restored.close()


def test_a_block_under_the_new_key_whose_past_lacks_the_approvals_is_refused(
    net: Network,
) -> None:
    a, b, c = net.nodes
    new_key = Identity.generate(a.commune)
    code = (a.commune + new_key.current.public_key + new_key.next_digest).hex()
    early = raw_block(a, [], key=new_key.current)  # its past: no proposal, no approval
    outcome = b.receive(early)
    assert (outcome.status, outcome.code) == ("rejected", "wrong_key")  # nobody asked yet
    proposal = service.propose_rekey(b, code)
    net.sync([b, c])
    forged = raw_block(a, [], key=new_key.current, time=parse_block(early).time + 1)
    before = counts(c)["evidence"]
    outcome = c.receive(forged)  # proposed, not approved: no proof against Ambam either
    assert (outcome.status, outcome.code) == ("rejected", "wrong_key")
    assert counts(c)["evidence"] == before
    with a.store.transaction():
        a.keyring.add(new_key)  # Ambam's new laptop holds it
    service.approve_epoch(c, proposal)
    net.sync()
    too_soon = raw_block(a, [], key=new_key.current, refs=[], epoch=0)
    outcome = c.receive(too_soon)
    assert (outcome.status, outcome.code) == ("rejected", "not_rekeyed")
