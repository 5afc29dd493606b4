"""Joining by stick: a request, an invitation, approvals carried by sticks, and the newcomer
writing its first block that every commune accepts."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.errors import NotFound
from app.core.ledger.txtypes import TxType
from app.core.node.node import Node
from app.sync import invite
from app.sync.export import export
from app.sync.intake import import_


def test_a_commune_joins_through_a_stick(net, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b, c = net.nodes
    d = Node.create(tmp_path / "djoum", "pass phrase", "Djoum")
    stick = tmp_path / "stick"
    stick.mkdir()
    invite.write_request(d, stick)
    with pytest.raises(NotFound, match="no invitation"):
        invite.accept(d, stick)
    (request,) = invite.read_requests(stick)
    assert request.name == "Djoum"
    invite.invite(a, stick, [request])
    export(a, stick)
    invite.accept(d, stick)
    taken = import_(d, stick)
    assert taken.new > 0 and taken.left_out == 0  # the stick opens with the invited keys
    assert d.ledger.current_epoch() == 0  # one approval of three: not yet an authority
    import_(b, stick)
    (proposal,) = [bytes(r[0]) for r in b.store.all("SELECT id FROM proposals")]
    b.submit(TxType.EPOCH_APPROVE, {"proposal": proposal}, actor=b.commune, prio=0)
    b.seal()
    export(b, stick)
    import_(d, stick)
    assert d.ledger.current_epoch() == 1  # two thirds approved: Djoum is an authority
    d.add_member("Maire de Djoum")
    assert d.seal() is not None
    export(d, stick)
    for node in (a, c):
        assert import_(node, stick).quarantined == 0
    assert a.heads() == d.heads() == c.heads()
    d.close()


def test_a_forged_request_is_not_read_and_a_joined_laptop_cannot_ask(net, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    d = Node.create(tmp_path / "djoum", "pass phrase", "Djoum")
    stick = tmp_path / "stick"
    stick.mkdir()
    path = invite.write_request(d, stick)
    data = bytearray(path.read_bytes())
    data[-1] ^= 1  # the signature no longer holds
    path.write_bytes(bytes(data))
    assert invite.read_requests(stick) == []
    with pytest.raises(invite.InviteError, match="already belongs"):
        invite.write_request(net.nodes[0], stick)
    d.close()


def test_a_laptop_rebuilt_from_the_paper_backup_comes_back_by_stick(net, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from app.core.crypto import paper
    from app.core.node import backups

    a, b, _ = net.nodes
    text = paper.seed_to_text(backups.paper_seed(a))
    rebuilt = backups.restore_from_paper(tmp_path / "ambam-again", text.lower(), "pass phrase")
    assert rebuilt.commune == a.commune
    stick = tmp_path / "stick"
    stick.mkdir()
    invite.write_request(rebuilt, stick)
    assert invite.invite(b, stick, invite.read_requests(stick)) is None  # no epoch needed
    export(b, stick)
    invite.accept(rebuilt, stick)
    import_(rebuilt, stick)
    assert rebuilt.store.meta("commune_name") == b"Ambam"
    assert rebuilt.heads() == a.heads()  # its own feed came back from the others
    rebuilt.close()
