"""Keys and epochs: the members' service and the network screen's read model."""

from __future__ import annotations

from app.core.ledger.txtypes import TxType
from app.core.members import queries, service
from app.core.node.node import Node
from tests.conftest import Network


def _mayor(node: Node, name: str) -> queries.Member:
    return next(m for m in queries.network(node).members if m.name == name)


def test_the_network_lists_every_commune_town_hall_first(net: Network) -> None:
    a = net.nodes[0]
    shown = queries.network(a)
    assert shown.epoch == 0 and shown.proposals == () and shown.member == net.mayors[0]
    ambam = [(m.name, m.role) for m in shown.members if m.commune == "Ambam"]
    assert ambam == [("Ambam", "node"), ("Maire de Ambam", "mayor")]
    assert all(m.ours == (m.commune == "Ambam") for m in shown.members)
    assert not any(m.revoked for m in shown.members)


def test_rotating_my_key_changes_it_and_goes_out_at_once(net: Network) -> None:
    a = net.nodes[0]
    before = _mayor(a, "Maire de Ambam").kid
    service.rotate_my_key(a)
    after = _mayor(a, "Maire de Ambam")
    assert after.kid != before and not after.revoked
    assert a.pending_count() == 0
    assert queries.public_key(a, after.kid) == a.keyring.identity(a.member).current.public_key


def test_revoking_a_key_marks_the_member_everywhere(net: Network) -> None:
    a, b, _ = net.nodes
    kid = _mayor(a, "Maire de Ambam").kid
    service.revoke_key(a, kid, "ordinateur volé")
    assert a.pending_count() == 0
    net.sync()
    assert _mayor(b, "Maire de Ambam").revoked
    assert queries.public_key(b, b"\x00" * 8) is None


def test_approving_an_epoch_counts_towards_two_thirds(net: Network) -> None:
    a, b, _ = net.nodes
    d = Node.create(a.home.parent / "djoum", "pw", "Djoum")
    try:
        d.adopt(net.genesis)
        authorities = [n.authority().to_cbor() for n in (*net.nodes, d)]
        body = {"epoch": 1, "authorities": authorities}
        proposal = a.submit(TxType.EPOCH_PROPOSAL, body, actor=a.commune, prio=0)
        service.approve_epoch(a, proposal)
        net.sync()
        (seen,) = queries.network(b).proposals
        assert (seen.id, seen.epoch, seen.by) == (proposal, 1, "Ambam")
        assert (seen.approvals, seen.needed, seen.mine) == (1, 2, False)
        assert queries.network(a).proposals[0].mine
        service.approve_epoch(b, proposal)
        net.sync()
        shown = queries.network(a)
        assert shown.epoch == 1 and shown.proposals == ()
    finally:
        d.close()
