"""A document's key is sealed to each recipient commune's node key and to its further laptops
in service in the publication's past (docs/ledger.md, "Transport and documents"); the rule
refuses a laptop reader that is not in service there, or whose commune is not a recipient.
The journey tests/journeys/test_documents_on_laptops.py walks it through `obambu doc`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.core.crypto.boxes import open_key, seal_key
from app.core.crypto.keys import Identity
from app.core.devices import service as laptops
from app.core.documents import service as library
from app.core.encoding import cbor
from app.core.errors import Rejected
from app.core.ledger.txtypes import TxType
from app.core.node.node import Node
from tests.conftest import Network
from tests.ledger_kit import raw_block, signed_tx
from tests.test_laptops import _add

KEY = bytes(range(32))


def _body(readers: list[tuple[bytes, bytes]]) -> dict[str, Any]:
    """A publication of an empty document whose key is sealed to `readers` (id, public key)."""
    return {
        "name": "plan.txt",
        "sha256": bytes(32),
        "size": 0,
        "mime": "text/plain",
        "tags": [],
        "created": 0,
        "enc": True,
        "chunks": [],
        "keys": [[reader, seal_key(KEY, pk)] for reader, pk in readers],
    }


def _node_key(node: Node) -> tuple[bytes, bytes]:
    return node.commune, node.keyring.identity(node.commune).current.public_key


def _sealed_to(node: Node, doc: bytes) -> list[bytes]:
    body: Any = cbor.decode(node.store.value("SELECT body FROM documents WHERE id = ?", (doc,)))
    return [bytes(k[0]) for k in body["keys"]]


def _refused(node: Node, body: dict[str, Any], code: str) -> None:
    with pytest.raises(Rejected) as refused:
        node.submit(TxType.DOC_PUBLISH, body)
    assert refused.value.code == code


def test_a_document_is_sealed_to_the_recipients_laptops_in_service(
    net: Network, tmp_path: Path
) -> None:
    laptop = _add(net)
    a, b, _ = net.nodes
    path = tmp_path / "plan.txt"
    path.write_text("Plan du marché", encoding="utf-8")
    doc = library.publish(b, path, ["Ambam"])
    b.seal()
    net.sync()
    assert _sealed_to(a, doc) == [b.commune, a.commune, laptop.actor]
    body: Any = cbor.decode(a.store.value("SELECT body FROM documents WHERE id = ?", (doc,)))
    key = open_key(bytes(body["keys"][2][1]), laptop.current.seed)  # the laptop's own key
    assert key == open_key(bytes(body["keys"][1][1]), a.keyring.identity(a.commune).current.seed)
    assert library.open_document(a, doc) == ("plan.txt", b"Plan du march\xc3\xa9")

    # Once its retirement is in the publisher's past, the laptop gets no key.
    laptops.retire(a, laptop.actor, "volé")
    net.sync()
    later = library.publish(b, path, ["Ambam"])
    b.seal()
    assert _sealed_to(b, later) == [b.commune, a.commune]


def test_a_laptop_reader_must_be_in_service_and_of_a_recipient_commune(net: Network) -> None:
    laptop = _add(net)
    a, b, _ = net.nodes
    reader = (laptop.actor, laptop.current.public_key)
    # The laptop without its commune: a laptop reads a document only for its commune.
    _refused(b, _body([_node_key(b), reader]), "malformed")
    # A laptop nobody added.
    stranger = Identity.generate()
    _refused(
        b, _body([_node_key(a), (stranger.actor, stranger.current.public_key)]), "unknown_commune"
    )
    b.submit(TxType.DOC_PUBLISH, _body([_node_key(b), _node_key(a), reader]))  # in service
    b.seal()
    # Retired in the publication's past: refused, here and in a block that comes from afar.
    laptops.retire(a, laptop.actor, "volé")
    net.sync()
    _refused(b, _body([_node_key(a), reader]), "unknown_laptop")
    tx = signed_tx(b, TxType.DOC_PUBLISH, _body([_node_key(b), _node_key(a), reader]))
    outcome = a.receive(raw_block(b, [tx]))
    assert (outcome.status, outcome.code) == ("rejected", "unknown_laptop")


def test_a_laptop_added_after_the_publication_is_not_in_its_past(net: Network) -> None:
    """The rule reads the publication's past: a laptop whose LAPTOP_ADD Bipindi has not seen
    is unknown to that block even where the LAPTOP_ADD is held (judged alike everywhere)."""
    a, b, _ = net.nodes
    laptop = _add(net)
    net.sync()
    before = signed_tx(
        b,
        TxType.DOC_PUBLISH,
        _body([_node_key(b), _node_key(a), (laptop.actor, laptop.current.public_key)]),
    )
    # Bipindi's block naming no head of Ambam's that carries the LAPTOP_ADD.
    ambam_head = a.heads()[a.commune]
    refs = [
        bytes(h)
        for (h, author, seq) in b.store.all("SELECT head_id, author, head_seq FROM feeds")
        if bytes(author) != b.commune and (bytes(author), seq) != (a.commune, ambam_head)
    ]
    prior = a.store.value(
        "SELECT id FROM blocks WHERE author = ? AND seq = ?", (a.commune, ambam_head - 1)
    )
    outcome = a.receive(raw_block(b, [before], refs=sorted([*refs, bytes(prior)])))
    assert (outcome.status, outcome.code) == ("rejected", "unknown_laptop")
