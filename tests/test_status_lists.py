"""STATUS_LIST (33): the commune's first laptop signs its own list when it seals, again only when
it changed or is a day old; the ledger takes it from the commune's node key only, in its shape
only; a further laptop never makes one; a list that would not fit in one transaction is refused
with its reason while sealing goes on."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path
from typing import Any

import pytest

from app.core.attestations import certificates, status_list, status_rules
from app.core.attestations.certificates import Request
from app.core.demo import exchange
from app.core.devices import service as laptops
from app.core.encoding import cbor
from app.core.errors import Rejected
from app.core.ledger.objects import parse_block, parse_tx
from app.core.ledger.txtypes import MAX_TX_BYTES, Role, TxType
from app.core.members import service as members
from app.core.node import registry
from app.core.node.node import Node
from tests.conftest import Network
from tests.ledger_kit import raw_block, signed_tx

PAUL = Request("res", "Paul Ekani", born="1964", detail="Quartier Nkolbikon")


def lists_of(node: Node) -> dict[bytes, Any]:
    return {commune: parse_tx(data) for commune, data in status_list.latest(node.store).items()}


def test_each_commune_signs_its_list_when_it_seals_and_again_only_when_it_changes(
    net: Network,
) -> None:
    a, b, c = net.nodes
    assert lists_of(b) == {}  # no commune has issued a paper yet: none signs a list
    issued = certificates.issue(a, PAUL)
    a.seal()
    first = lists_of(a)[a.commune]  # signed with its first paper, under its node key
    assert first.actor == a.commune and first.body["cancelled"] == []
    assert [k["name"] for k in first.body["keys"]] == ["Maire de Ambam"]  # not the node's

    a.submit(TxType.FORUM_THREAD, {"title": "Route", "body": "…"})
    a.seal()
    assert lists_of(a)[a.commune].id == first.id  # a post changes nothing in the list

    certificates.revoke(a, issued.id, "fraud", "Faux témoin")
    net.sync()
    newer = lists_of(b)[a.commune]
    assert newer.aseq > first.aseq
    assert newer.body["cancelled"] == [[issued.id, "fraud", newer.body["cancelled"][0][2]]]
    # Sealed in the very block of the cancellation: nothing travels without the other.
    (block,) = [
        parse_block(bytes(d))
        for (d,) in a.store.all(
            "SELECT data FROM blocks WHERE id = (SELECT block FROM txs WHERE id = ?)", (newer.id,)
        )
    ]
    assert [parse_tx(t).type for t in block.txs] == [TxType.ATTEST_REVOKE, TxType.STATUS_LIST]
    assert c.commune not in lists_of(b)  # Campo issued nothing: still no list


def test_a_list_a_day_old_is_signed_again_before_a_sync(
    net: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = net.nodes[0]
    certificates.issue(a, PAUL)
    a.seal()
    before = lists_of(a)[a.commune]
    assert a.seal_for_sync().block is None  # fresh, unchanged, nothing pending: no block
    assert lists_of(a)[a.commune].id == before.id
    (spec,) = registry.PUBLISHED
    monkeypatch.setattr(registry, "PUBLISHED", (dataclasses.replace(spec, max_age=0),))
    sealed = a.seal_for_sync()  # its last list is now "too old"
    assert sealed.count == 0 and not sealed.dropped
    again = lists_of(a)[a.commune]
    assert again.aseq > before.aseq and again.body == before.body


def test_publish_dates_a_fresh_list_now(net: Network) -> None:
    a = net.nodes[0]
    assert (
        status_list.publish(a) is not None
    )  # asked for (a kit's export): made even before any paper
    before = lists_of(a)[a.commune]
    made = status_list.publish(a)
    assert made is not None and made == lists_of(a)[a.commune].id != before.id
    assert status_list.content(a) == lists_of(a)[a.commune].body


def test_a_further_laptop_never_makes_one(net: Network, tmp_path: Path) -> None:
    a = net.nodes[0]
    certificates.issue(a, PAUL)  # Ambam has issued a paper: its list is due from now on
    a.seal()
    desk = Node.create(tmp_path / "ambam-desk", "pass phrase", "Ambam")
    try:
        desk.adopt(net.genesis)
        laptops.add(a, laptops.request(desk, a.commune, "Secrétariat"))
        exchange([a, desk])
        laptops.take_place(desk, a.commune)
        members.add_member(desk, "Adjointe d'Ambam", Role.DEPUTY)  # the list's content changes
        desk.seal()
        assert status_list.publish(desk) is None
        desk.seal_for_sync()
        ours = desk.store.all("SELECT type FROM txs WHERE author = ?", (desk.feed,))
        assert ours and TxType.STATUS_LIST not in {t for (t,) in ours}
        exchange([a, desk])  # the first laptop signs it before its next sync, nothing pending
        assert a.pending_count() == 0 and a.seal_for_sync().block is not None
        names = {k["name"] for k in lists_of(a)[a.commune].body["keys"]}
        assert names == {"Maire de Ambam", "Adjointe d'Ambam"}
    finally:
        desk.close()


def body_of(node: Node) -> dict[str, Any]:
    return status_rules.content(node.store, node.commune)


def test_only_the_communes_node_key_signs_its_list(net: Network) -> None:
    a, b, _ = net.nodes
    with pytest.raises(Rejected) as refused:
        a.submit(TxType.STATUS_LIST, body_of(a), prio=0)  # the mayor, not the node
    assert refused.value.code == "not_allowed"
    forged = signed_tx(a, TxType.STATUS_LIST, body_of(a), actor=net.mayors[0])
    outcome = b.receive(raw_block(a, [forged]))
    assert (outcome.status, outcome.code) == ("rejected", "not_allowed")


@pytest.mark.parametrize(
    "change",
    [
        {"keys": None},
        {"extra": 1},
        {"cancelled": [[bytes(32), "because", 0]]},  # not a reason code
        {"cancelled": [[bytes(31), "fraud", 0]]},
        {"replaced": [[bytes(32), "N° 12", -1]]},
        {"keys": [{"kid": bytes(8)}]},
    ],
)
def test_a_malformed_list_is_refused(net: Network, change: dict[str, Any]) -> None:
    a, b, _ = net.nodes
    body = {**body_of(a), **change}
    body = {k: v for k, v in body.items() if v is not None}
    with pytest.raises(Rejected) as refused:
        a.submit(TxType.STATUS_LIST, body, actor=a.commune, prio=0)
    assert refused.value.code == "malformed"
    foreign = signed_tx(a, TxType.STATUS_LIST, body, actor=a.commune)
    outcome = b.receive(raw_block(a, [foreign]))
    assert (outcome.status, outcome.code) == ("rejected", "malformed")


def _cancelled_rows(node: Node, count: int, start: int) -> None:
    """`count` cancelled attestations of the commune, as thousands of years of revocations
    would leave them (written straight into the table: issuing them one by one takes long)."""
    with node.store.transaction():
        for n in range(start, start + count):
            oid = hashlib.sha256(n.to_bytes(8, "big")).digest()
            node.store.run(
                "INSERT INTO attestations (id, tx, actor, commune, kid, doc_type, subject, "
                "doc_hash, issued, expires, data, author, seq, revoke_tx, revoke_reason, "
                "revoke_time) VALUES (?, ?, ?, ?, ?, 'res', '', x'', 0, NULL, x'', ?, 0, ?, "
                "'clerical_error: note', 1700000000)",
                (oid, oid, node.commune, node.commune, node.commune, node.commune, oid),
            )


def test_a_list_near_the_size_limit_is_signed_and_one_beyond_is_refused_with_its_reason(
    net: Network,
) -> None:
    a, b, _ = net.nodes
    entry = len(cbor.encode([[bytes(32), "clerical_error", 1700000000]])) - 1
    room = status_rules.MAX_BODY_BYTES - len(cbor.encode(body_of(a))) - 3  # longer list headers
    _cancelled_rows(a, room // entry, 0)
    assert status_rules.MAX_BODY_BYTES - entry < len(cbor.encode(body_of(a)))
    made = status_list.publish(a)  # the largest list that fits: signed, and it travels
    assert made is not None and len(a.object(made)) <= MAX_TX_BYTES
    net.sync()
    assert lists_of(b)[a.commune].id == made

    _cancelled_rows(a, 1, room // entry)  # one cancellation more no longer fits
    with pytest.raises(Rejected) as refused:
        status_list.publish(a)
    assert refused.value.code == "status_list_full"
    a.submit(TxType.FORUM_THREAD, {"title": "Route", "body": "…"})
    assert a.seal() is not None  # sealing goes on; the last list stands
    assert a.seal_for_sync().held == 0
    assert lists_of(a)[a.commune].id == made
