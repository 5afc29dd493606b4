"""Cuts, acks and beacons checked once while their signer stays believed (app/sync/checked.py,
beacon.known): `acks.known` and `beacon.known` are asked several times a visit, and each
stored statement's signature is checked the first time only, until its key stops being in
force (a laptop retired, a key revoked); and each file's transport key opened once
(keys.epoch_key)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.core.crypto.boxes import seal_key
from app.core.devices import service
from app.core.encoding import cbor
from app.core.encoding.cose import sign1
from app.core.ledger import transport
from app.sync import acks, beacon, checked, cuts, export, keys, signed
from app.sync.errors import StatementRefused
from app.sync.stick import Stick
from tests.conftest import Network
from tests.test_laptops import _add


def _counting(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[int]:
    """How many times `module.name` is called from now on (a signature checked, a box opened)."""
    count = [0]
    real: Callable[..., Any] = getattr(module, name)

    def counted(*args: Any) -> Any:
        count[0] += 1
        return real(*args)

    monkeypatch.setattr(module, name, counted)
    return count


def test_a_kept_statement_is_checked_once_until_its_laptop_is_retired(
    net: Network, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, _ = net.nodes
    laptop = _add(net)  # a further laptop of Ambam's, known to every commune
    folder = tmp_path / "stick"
    folder.mkdir()
    export.export(a, folder)  # Ambam's cut and ack
    found = acks.read_stick(b, Stick.at(folder))
    (cut,) = found.cuts.values()
    payload = cuts.ack_payload(1, int(time.time()), cut.name, {}, 0, 0, 0)
    signed = cuts.sign(payload, laptop.current.signing_key, b.network_id)
    found.acks[laptop.actor] = cuts.read_ack(
        signed, cuts.node_signers(b), b.network_id, cuts.node_bounds(b)
    )
    acks.remember(b, found)

    checks = _counting(monkeypatch, cuts, "verify_sign1")
    first = acks.known(b)
    assert {a.feed, laptop.actor} <= first.acks.keys() and cut.name in first.cuts
    assert 0 < checks[0] <= 3  # the cut, Ambam's ack and the laptop's, at most
    checks[0] = 0
    for _ in range(3):
        assert acks.known(b) == first
    assert checks[0] == 0  # asked again: no signature checked again

    # Ambam retires the laptop: once Bipindi holds that block, the laptop's ack no longer
    # counts, though its bytes are still stored.
    service.retire(a, laptop.actor, "volé")
    net.sync()
    assert b.store.one("SELECT 1 FROM acks WHERE feed = ?", (laptop.actor,))
    for _ in range(2):
        after = acks.known(b)
        assert laptop.actor not in after.acks and a.feed in after.acks
    assert checks[0] == 0  # refused by its key before its signature: nothing to check


def test_the_clocks_rule_is_applied_on_every_read(net: Network) -> None:
    """An ack's incarnation may be ahead of the reader's clock by cuts.FUTURE, no more: a
    statement taken once is refused later when the clock went back."""
    a = net.nodes[0]
    now = int(time.time())
    payload = cuts.ack_payload(1, now, b"\1" * cuts.NAME, {}, 0, 0, now + cuts.FUTURE)
    signed = cuts.sign(payload, a.keyring.identity(a.feed).current.signing_key, a.network_id)
    signers, bounds = cuts.node_signers(a), cuts.node_bounds(a)
    assert checked.read_ack(a, signed, signers, bounds, now).inc == now + cuts.FUTURE
    assert checked.read_ack(a, signed, signers, bounds, now).inc == now + cuts.FUTURE
    with pytest.raises(StatementRefused, match="restore that has not happened"):
        checked.read_ack(a, signed, signers, bounds, now - 60)


def test_a_statement_is_read_again_under_other_bounds_or_another_key(net: Network) -> None:
    """Read once under bounds or a signer, a statement is not taken on that reading under
    others: the key its kid names now decides, as for a statement never read."""
    a = net.nodes[0]
    now = int(time.time())
    payload = cuts.ack_payload(1, now, b"\1" * cuts.NAME, {0: 1}, 0, 0, 0)
    signed = cuts.sign(payload, a.keyring.identity(a.feed).current.signing_key, a.network_id)
    signers, bounds = cuts.node_signers(a), cuts.node_bounds(a)
    assert checked.read_ack(a, signed, signers, bounds).exceptions == ((0, 1),)
    with pytest.raises(StatementRefused, match="not signed by a key of this network"):
        checked.read_ack(a, signed, lambda kid: None, bounds)
    narrow = cuts.Bounds(bounds.order[:0], -cuts.SLACK)  # no feed at all: index 0 is too many
    with pytest.raises(StatementRefused, match="not readable"):
        checked.read_ack(a, signed, signers, narrow)
    other = cuts.Signer(b"\0" * 32, a.feed, True)  # the kid naming another key: it fails
    with pytest.raises(StatementRefused):
        checked.read_ack(a, signed, lambda kid: other, bounds)


def test_a_kept_beacon_is_checked_once_until_its_laptop_is_retired(
    net: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beacons kept from before the switch to acks are read by every visit too (words.py)."""
    a, b, _ = net.nodes
    laptop = _add(net)  # a further laptop of Ambam's, known to every commune
    payload = beacon.payload_v1(1, int(time.time()), {laptop.actor: 0}, 0, [], 0, 0)
    data = sign1(cbor.encode(payload), laptop.current.signing_key, b.network_id)
    assert beacon.remember(b, beacon.parse(b, data))
    count = _counting(monkeypatch, signed, "verify_sign1")
    first = beacon.known(b)
    assert laptop.actor in {x.feed for x in first} and count[0] >= 1
    count[0] = 0
    assert beacon.known(b) == first and beacon.known(b) == first
    assert count[0] == 0
    service.retire(a, laptop.actor, "volé")
    net.sync()
    for _ in range(2):
        assert laptop.actor not in {x.feed for x in beacon.known(b)}


def test_a_kept_beacon_from_a_restore_ahead_of_the_clock_is_refused_when_the_clock_goes_back(
    net: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, _ = net.nodes
    now = time.time()
    payload = beacon.payload_v1(1, int(now), {a.feed: 0}, 0, [], 0, int(now) + beacon.FUTURE)
    assert beacon.remember(b, beacon.parse(b, signed.sign(a, payload)))
    assert a.feed in {x.feed for x in beacon.known(b)}
    monkeypatch.setattr(time, "time", lambda: now - 60)
    assert a.feed not in {x.feed for x in beacon.known(b)}


def test_a_transport_key_is_opened_once_while_its_row_stays(
    net: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every file read asks for its epoch's key: the sealed box is opened the first time only,
    and again once the store's row changed; a row gone gives none."""
    a = net.nodes[0]
    opened = _counting(monkeypatch, transport, "open_key")
    key = keys.epoch_key(a, 0)
    assert key is not None and key == transport.key_for(a.store, a.keyring, a.feed, 0)
    opened[0] = 0
    assert keys.epoch_key(a, 0) == key and keys.epoch_key(a, 0) == key
    assert opened[0] == 0
    row = a.store.one(
        "SELECT kid, sealed FROM transport_keys WHERE epoch = 0 AND commune = ?", (a.feed,)
    )
    assert row is not None
    again = seal_key(key, a.keyring.by_kid(bytes(row[0])).public_key)
    with a.store.transaction():
        a.store.run(
            "UPDATE transport_keys SET sealed = ? WHERE epoch = 0 AND commune = ?", (again, a.feed)
        )
    assert keys.epoch_key(a, 0) == key and opened[0] == 1
    with a.store.transaction():
        a.store.run("DELETE FROM transport_keys WHERE epoch = 0 AND commune = ?", (a.feed,))
    assert keys.epoch_key(a, 0) is None
