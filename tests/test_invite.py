"""Joining by stick: a request, an invitation, approvals carried by sticks, and the newcomer
writing its first block that every commune accepts."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.crypto.keys import KeyPair
from app.core.encoding import cbor
from app.core.encoding.cose import parse_sign1, sign1
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
    taken = invite.accept(d, stick)  # the genesis, the keys, and what the stick carries
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


def _resign(path: Path, key: KeyPair, network_id: bytes, **change: object) -> bytes:
    """The invitation at `path` signed again by `key`, its payload changed by `change`; returns
    the bytes it held."""
    original = path.read_bytes()
    body = cbor.decode(parse_sign1(original).payload)
    body.update(change)
    path.write_bytes(sign1(cbor.encode(body), key.signing_key, network_id))
    return original


def _nothing_joined(node: Node) -> None:
    assert node.store.meta("genesis") is None
    assert not node.ledger.network_id
    assert not node.ledger.authorities(0)  # nor do the ledger's caches
    for table in ("blocks", "actors", "transport_keys"):
        assert node.store.value(f"SELECT count(*) FROM {table}") == 0, table


@pytest.mark.parametrize(
    "who", ["unknown key", "another commune named", "inviter not a commune id"]
)
def test_an_invitation_whose_key_is_not_in_force_leaves_nothing_joined(  # type: ignore[no-untyped-def]
    net, tmp_path: Path, who: str
) -> None:
    a, b, _ = net.nodes
    d = Node.create(tmp_path / "djoum", "pass phrase", "Djoum")
    stick = tmp_path / "stick"
    stick.mkdir()
    invite.write_request(d, stick)
    invite.invite(a, stick, invite.read_requests(stick))
    export(a, stick)
    path = stick / "OBAMBU" / "invite" / f"{d.commune.hex()}.inv"
    if who == "unknown key":  # a key no block on the stick makes known
        original = _resign(path, KeyPair.generate(), a.network_id)
    elif who == "another commune named":  # Ambam's own key, but it names Bipindi's commune
        original = _resign(
            path, a.keyring.identity(a.commune).current, a.network_id, inviter=b.commune
        )
    else:  # damaged: refused before anything is adopted
        original = _resign(
            path, a.keyring.identity(a.commune).current, a.network_id, inviter=b"\x00"
        )
    with pytest.raises(invite.InviteError) as refused:
        invite.accept(d, stick)
    damaged = who == "inviter not a commune id"
    assert refused.value.code == ("damaged_invitation" if damaged else "forged_invitation")
    _nothing_joined(d)  # the stick was taken in (unless damaged), then undone with the genesis
    path.write_bytes(original)
    taken = invite.accept(d, stick)  # the same profile joins with the true invitation
    assert taken.new > 0 and d.ledger.current_epoch() == 0
    d.close()


def test_tentative_work_reaches_the_disk_whole_or_not_at_all(net) -> None:  # type: ignore[no-untyped-def]
    store = net.nodes[0].store

    class Undone(Exception):
        pass

    with pytest.raises(Undone), store.tentative():
        with store.transaction():
            store.set_meta("first", b"1")
        with pytest.raises(ValueError), store.transaction():
            store.set_meta("second", b"2")
            raise ValueError  # this transaction alone is undone
        assert store.meta("first") == b"1" and store.meta("second") is None
        raise Undone
    assert store.meta("first") is None
    with store.tentative(), store.transaction():
        store.set_meta("first", b"1")
    assert store.meta("first") == b"1"
