"""Documents shared between communes, sealing policy, and profile backups."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.crypto.backup import BackupError
from app.core.documents import documents, library
from app.core.errors import Rejected
from app.core.ledger.sealing import SealPolicy
from app.core.ledger.txtypes import TxType
from app.core.node import backups
from app.core.node.node import Node
from app.sync.export import export
from app.sync.intake import import_
from tests.conftest import Network


def test_document_reaches_only_its_recipients(net: Network, tmp_path: Path) -> None:
    a, b, c = net.nodes
    source = tmp_path / "budget.txt"
    content = b"Budget primitif 2027 : 12 millions FCFA.\n" * 5000  # several chunks
    source.write_bytes(content)
    doc = library.publish(a, source, ["Bipindi"], ["budget"])
    a.seal()
    net.sync()
    assert library.open_document(b, doc) == ("budget.txt", content)
    with pytest.raises(Rejected) as caught:
        library.open_document(c, doc)
    assert caught.value.code == "not_recipient"
    # Campo carries the chunks but holds only ciphertext.
    for cid in c.chunk_ids():
        assert b"Budget primitif" not in (c.chunk(cid) or b"")


def test_damaged_chunk_is_detected() -> None:
    enc = documents.encrypt(b"x" * 100_000)
    chunks = [c for _, c in enc.chunks]
    chunks[1] = chunks[1][:-1] + bytes([chunks[1][-1] ^ 1])
    with pytest.raises(Rejected):
        documents.decrypt(enc.key, enc.sha256, chunks)
    swapped = [chunks[0], chunks[0]]
    with pytest.raises(Rejected):
        documents.decrypt(enc.key, enc.sha256, swapped)


def test_seal_policy() -> None:
    policy = SealPolicy()
    assert not policy.due(0, None, 100.0)
    assert not policy.due(99, 100.0, 129.0)
    assert policy.due(100, 100.0, 100.0)
    assert policy.due(1, 100.0, 130.0)


def test_node_seals_at_100_pending_and_after_30_seconds(net: Network) -> None:
    a = net.nodes[0]
    head = a.heads()[a.commune]
    for n in range(99):
        a.submit(TxType.FORUM_THREAD, {"title": f"{n}", "body": ""})
    assert a.pending_count() == 99 and a.heads()[a.commune] == head
    a.submit(TxType.FORUM_THREAD, {"title": "100", "body": ""})
    assert a.pending_count() == 0 and a.heads()[a.commune] == head + 1
    a.submit(TxType.FORUM_THREAD, {"title": "tard", "body": ""})
    oldest = float(a.store.value("SELECT min(created) FROM pending"))
    assert a.maybe_seal(now=oldest + 29) is None
    assert a.maybe_seal(now=oldest + 30) is not None


def test_backup_restores_keys_and_feed(net: Network, tmp_path: Path) -> None:
    a = net.nodes[0]
    data = backups.export(a, "sauvegarde secrète")
    with pytest.raises(BackupError):
        backups.restore(tmp_path / "wrong", data, "pas la bonne", "x")
    restored = backups.restore(tmp_path / "restored", data, "sauvegarde secrète", "nouveau")
    try:
        assert restored.commune == a.commune
        assert restored.heads()[a.commune] == a.heads()[a.commune]
        net.sync([*net.nodes[1:], restored])
        with pytest.raises(Rejected, match="restored"):  # no word from another commune yet
            restored.submit(TxType.FORUM_THREAD, {"title": "trop tôt", "body": ""})
        stick = tmp_path / "stick"
        stick.mkdir()
        export(net.nodes[1], stick)
        import_(restored, stick)  # the neighbour's beacon: nothing newer of ours exists
        restored.submit(TxType.FORUM_THREAD, {"title": "après restauration", "body": ""})
        block = restored.seal()
        assert block is not None
        assert net.nodes[1].receive(restored.object(block)).status == "applied"
    finally:
        restored.close()
    reopened = Node.open(tmp_path / "restored", "nouveau")
    reopened.close()


def test_a_forum_message_attaches_documents_known_at_that_point(
    net: Network, tmp_path: Path
) -> None:
    from app.core import queries

    a, b, _ = net.nodes
    plan = tmp_path / "plan.png"
    plan.write_bytes(b"\x89PNG fake image")
    doc = library.publish(a, plan, ["Bipindi"])
    thread = a.submit(TxType.FORUM_THREAD, {"title": "Pont", "body": "Le plan"})
    a.submit(TxType.FORUM_POST, {"thread": thread, "body": "Voici le plan", "attach": [doc]})
    a.seal()
    net.sync()
    (post,) = queries.posts(b, thread)
    assert [x["name"] for x in post["attachments"]] == ["plan.png"]
    for attach, code in (([doc, doc], "malformed"), ([b"\x00" * 32], "unknown_document")):
        with pytest.raises(Rejected) as refused:
            b.submit(TxType.FORUM_POST, {"thread": thread, "body": "x", "attach": attach})
        assert refused.value.code == code
