"""A further laptop approves an epoch proposal in its commune's name, and the commune counts
once (docs/ledger.md, "Counting communes, not laptops"): a second approval of the commune is
`duplicate` when the first is in its past; two made concurrently on two laptops are both kept,
and certify nothing more than one. Laptop blocks are hand-crafted as in tests/test_laptops.py;
the journey tests/journeys/test_epoch_on_laptops.py walks it through `obambu rekey approve`."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.attestations import kit
from app.core.demo import exchange
from app.core.errors import Rejected
from app.core.ledger.txtypes import TxType
from app.core.members import queries
from app.core.members import service as members_service
from app.core.node.node import Node
from tests.conftest import Network
from tests.ledger_kit import signed_tx
from tests.test_laptops import _add, _desk_by_stick, _laptop_block


def _propose(net: Network) -> bytes:
    """Bipindi proposes epoch 1 with the same three authorities (2 approvals certify it)."""
    b = net.nodes[1]
    body = {"epoch": 1, "authorities": [n.authority().to_cbor() for n in net.nodes]}
    proposal = b.submit(TxType.EPOCH_PROPOSAL, body, actor=b.commune, prio=0)
    b.seal()
    net.sync()
    return proposal


def _approve(node: Node, proposal: bytes) -> None:
    node.submit(TxType.EPOCH_APPROVE, {"proposal": proposal}, actor=node.commune, prio=0)
    node.seal()


def _approvals(node: Node, proposal: bytes) -> set[tuple[bytes, bytes]]:
    return {
        (bytes(c), bytes(a))
        for c, a in node.store.all(
            "SELECT commune, author FROM approvals WHERE proposal = ?", (proposal,)
        )
    }


def test_two_laptops_of_a_commune_approving_at_once_count_once(net: Network) -> None:
    laptop = _add(net)
    a, b, c = net.nodes
    proposal = _propose(net)
    # The desk approves in Ambam's name before it sees the mayor's laptop approve.
    approval = signed_tx(
        a, TxType.EPOCH_APPROVE, {"proposal": proposal}, actor=laptop.actor, key=laptop.current
    )
    desk = _laptop_block(a, laptop, 0, txs=[approval])
    _approve(a, proposal)
    mayors = a.store.value(
        "SELECT data FROM blocks WHERE author = ? ORDER BY seq DESC", (a.commune,)
    )
    # Each commune takes both, in either order: neither is a duplicate of the other.
    assert [a.receive(desk).status] == ["applied"]
    assert [b.receive(desk).status, b.receive(mayors).status] == ["applied", "applied"]
    assert [c.receive(mayors).status, c.receive(desk).status] == ["applied", "applied"]
    for node in net.nodes:
        assert _approvals(node, proposal) == {(a.commune, a.commune), (a.commune, laptop.actor)}
        # Ambam once, whichever laptop: one of the two approvals needed, not two.
        assert node.ledger.current_epoch() == 0, node.commune
    shown = {p.id: p for p in queries.network(c).proposals}
    assert (shown[proposal].approvals, shown[proposal].needed) == (1, 2)
    _approve(c, proposal)
    net.sync()
    assert [n.ledger.current_epoch() for n in net.nodes] == [1, 1, 1]
    for node in net.nodes:
        assert node.store.value("SELECT count(*) FROM evidence") == 0
        assert node.store.value("SELECT count(*) FROM quarantine") == 0


def test_a_second_approval_of_a_commune_with_the_first_in_its_past_is_a_duplicate(
    net: Network,
) -> None:
    laptop = _add(net)
    a, b, _ = net.nodes
    proposal = _propose(net)
    approval = signed_tx(
        a, TxType.EPOCH_APPROVE, {"proposal": proposal}, actor=laptop.actor, key=laptop.current
    )
    first = _laptop_block(a, laptop, 0, txs=[approval])
    assert a.receive(first).status == "applied"
    # The mayor's laptop, holding the desk's approval, may not approve again…
    with pytest.raises(Rejected) as refused:
        _approve(a, proposal)
    assert refused.value.code == "duplicate"
    # …nor the desk twice: its block that does is refused at Bipindi.
    net.sync()
    again = signed_tx(
        a,
        TxType.EPOCH_APPROVE,
        {"proposal": proposal},
        actor=laptop.actor,
        key=laptop.current,
        aseq=2,
    )
    prev = a.store.value("SELECT id FROM blocks WHERE author = ? AND seq = 0", (laptop.actor,))
    outcome = b.receive(_laptop_block(a, laptop, 1, prev=prev, txs=[again]))
    assert (outcome.status, outcome.code) == ("rejected", "duplicate")


def test_a_person_does_not_approve_an_epoch(net: Network) -> None:
    """The commune's node or one of its laptops approves in its name; a member never does."""
    a = net.nodes[0]
    proposal = _propose(net)
    with pytest.raises(Rejected) as refused:
        a.submit(TxType.EPOCH_APPROVE, {"proposal": proposal}, prio=0)  # the mayor, a person
    assert refused.value.code == "not_allowed"


def test_the_desk_approves_through_the_service_and_refuses_what_the_node_key_signs(
    net: Network, tmp_path: Path
) -> None:
    desk = _desk_by_stick(net, tmp_path)
    a, b, _ = net.nodes
    net.sync()
    proposal = _propose(net)
    exchange([b, desk])
    members_service.approve_epoch(desk, proposal)  # signed by the desk's own key
    assert _approvals(desk, proposal) == {(a.commune, desk.feed)}
    for call in (
        lambda: members_service.revoke_key(desk, net.mayors[0], "volé"),
        lambda: members_service.propose_rekey(desk, "00" * 72),
        lambda: members_service.request_rekey(desk),
        lambda: kit.build(desk),
    ):
        with pytest.raises(Rejected) as refused:
            call()
        assert refused.value.code == "first_laptop_only"
    desk.close()
