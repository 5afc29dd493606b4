"""A member's key sealed under their own PIN: locked until typed, a wrong PIN counted and then
delayed, a rotation sealed under the same PIN, a backup carrying it sealed, the node key never."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.crypto.kdf import INTERACTIVE
from app.core.errors import MemberLocked, ObambuError, PinWait, WrongPin
from app.core.members import queries, service
from app.core.node import backups
from app.core.store.keyring import WAIT_CAP, pin_wait
from tests.conftest import Network

PIN = "4821"


def _sealed(net: Network, actor: bytes) -> list[tuple[bytes, bytes, object]]:
    rows = net.nodes[0].store.all(
        "SELECT seed, next_seed, sealed FROM keyring WHERE actor = ?", (actor,)
    )
    return [(bytes(s), bytes(n), x) for s, n, x in rows]


def test_a_pin_seals_the_seeds_and_only_the_pin_opens_them(net: Network) -> None:
    node, mayor = net.nodes[0], net.mayors[0]
    before = node.keyring.identity(mayor).current.public_key
    node.keyring.set_pin(mayor, PIN, INTERACTIVE)
    assert all(s == n == b"" and x is not None for s, n, x in _sealed(net, mayor))
    node.keyring.lock()
    with pytest.raises(MemberLocked):
        node.keyring.identity(mayor)
    with pytest.raises(MemberLocked):  # signing needs the key: nothing is queued
        service.rotate_my_key(node)
    with pytest.raises(WrongPin):
        node.keyring.unlock(mayor, "0000")
    node.keyring.unlock(mayor, PIN)
    assert node.keyring.identity(mayor).current.public_key == before
    # The commune's node key stays under the profile passphrase alone.
    assert node.keyring.identity(node.commune).current.seed != b""


def test_a_rotation_under_a_pin_is_sealed_under_it_too(net: Network) -> None:
    node, mayor = net.nodes[0], net.mayors[0]
    node.keyring.set_pin(mayor, PIN, INTERACTIVE)
    service.rotate_my_key(node)
    rows = _sealed(net, mayor)
    assert len(rows) == 2 and all(s == b"" and x is not None for s, _, x in rows)
    node.keyring.lock()
    node.keyring.unlock(mayor, PIN)
    node.keyring.identity(mayor)


def test_wrong_pins_are_counted_then_delayed_and_a_right_one_resets(net: Network) -> None:
    node, mayor = net.nodes[0], net.mayors[0]
    node.keyring.set_pin(mayor, PIN, INTERACTIVE)
    node.keyring.lock()
    for _ in range(2):
        with pytest.raises(WrongPin):
            node.keyring.unlock(mayor, "1111")
    node.keyring.unlock(mayor, PIN)  # two slips are forgiven, and forgotten
    node.keyring.lock()
    for _ in range(3):
        with pytest.raises(WrongPin):
            node.keyring.unlock(mayor, "1111")
    with pytest.raises(PinWait) as waited:
        node.keyring.unlock(mayor, PIN)  # right, but too soon
    assert 0 < int(waited.value.params["seconds"]) <= pin_wait(3)


def test_the_wait_grows_and_is_capped() -> None:
    assert [pin_wait(n) for n in (1, 2)] == [0, 0]
    assert pin_wait(4) == 2 * pin_wait(3) > 0
    assert pin_wait(50) == WAIT_CAP


def test_a_pin_is_four_characters_or_more(net: Network) -> None:
    with pytest.raises(ObambuError) as refused:
        net.nodes[0].keyring.set_pin(net.mayors[0], "123", INTERACTIVE)
    assert refused.value.code == "pin_too_short"


def test_a_backup_keeps_the_key_sealed_and_the_same_pin_opens_it(
    net: Network, tmp_path: Path
) -> None:
    node, mayor = net.nodes[0], net.mayors[0]
    node.keyring.set_pin(mayor, PIN, INTERACTIVE)
    key = node.keyring.identity(mayor).current.public_key
    data = backups.export(node, "backup passphrase", INTERACTIVE)
    restored = backups.restore(tmp_path / "again", data, "backup passphrase", "p" * 12, INTERACTIVE)
    try:
        with pytest.raises(MemberLocked):
            restored.keyring.identity(mayor)
        restored.keyring.unlock(mayor, PIN)
        assert restored.keyring.identity(mayor).current.public_key == key
    finally:
        restored.close()


def test_acting_as_someone_locks_the_one_before(net: Network) -> None:
    node, mayor = net.nodes[0], net.mayors[0]
    node.keyring.set_pin(mayor, PIN, INTERACTIVE)
    other = service.add_member(node, "Eric Nguema", "secretary", pin="7531")
    node.act(other, "7531")
    with pytest.raises(MemberLocked):
        node.keyring.identity(mayor)
    assert node.member == other


def test_the_demo_tells_its_pin_and_every_person_has_it(tmp_path: Path) -> None:
    from app.core import demo
    from app.core.node.node import Node

    _, homes = demo.build(tmp_path / "demo", 1, "demo passphrase", INTERACTIVE)
    node = Node.open(homes[0], "demo passphrase")
    try:
        assert demo.DEMO_PIN == "1234"  # what `obambu demo --help`, its output and README say
        people = [p.id for p in queries.people(node)]
        assert people and all(node.keyring.has_pin(p) for p in people)
        assert not node.keyring.has_pin(node.commune)
        for person in people:
            node.keyring.unlock(person, demo.DEMO_PIN)
    finally:
        node.close()
