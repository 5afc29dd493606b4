"""The verifier kit: written by a town hall, loaded by a laptop outside the network, merged
forward-only, and the seven outcomes from the kit alone."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from app.core.attestations import certificates, kit
from app.core.attestations.attestation import make_attestation
from app.core.attestations.certificates import Request
from app.core.ledger.txtypes import TxType
from app.sync.spread import spread
from tests.conftest import Network

PAUL = Request("res", "Paul Ekani", born="1964", detail="Quartier Nkolbikon")


def test_a_verify_only_laptop_checks_with_the_kit_after_the_sticks_travel(
    net: Network, tmp_path: Path
) -> None:
    a, b = net.nodes[:2]
    kept = certificates.issue(a, PAUL)
    lost = certificates.issue(a, Request("vie", "Jeanne Mvondo", born="1950"))
    wrong = certificates.issue(a, Request("res", "Paul Ekeni"))
    certificates.revoke(a, lost.id, "lost_or_stolen")
    fixed = certificates.correct(a, wrong.id, PAUL, "clerical_error")
    net.sync()
    kit.export(b, tmp_path / "stick")  # Bipindi writes the kit: it holds Ambam's feed
    merged = kit.import_kit(tmp_path / "stick", tmp_path / "gendarmerie")
    assert "Ambam" in merged.updated and merged.refused == []
    held = kit.load(tmp_path / "gendarmerie")
    assert held is not None
    outcomes = {
        name: kit.verify(held, issued.data).outcome
        for name, issued in (("kept", kept), ("lost", lost), ("wrong", wrong), ("fixed", fixed))
    }
    assert outcomes == {
        "kept": "authentic",
        "lost": "cancelled",
        "wrong": "replaced",
        "fixed": "authentic",
    }
    assert kit.verify(held, wrong.data).fields["replaced_by"] == fixed.number
    later = int(time.time()) + 31 * 86_400  # a residence certificate wants a list of 30 days
    assert kit.verify(held, kept.data, now=later).outcome == "status_unknown"
    assert kit.verify(held, kept.data, now=later + 60 * 86_400).outcome == "expired"
    assert kit.verify(held, kept.data.replace(b"Paul", b"Saul")).outcome == "not_authentic"


def test_an_older_kit_cannot_roll_a_cancellation_back(net: Network, tmp_path: Path) -> None:
    a = net.nodes[0]
    issued = certificates.issue(a, PAUL)
    kit.export(a, tmp_path / "old")
    certificates.revoke(a, issued.id, "court_decision")
    kit.export(a, tmp_path / "new")
    folder = tmp_path / "verifier"
    kit.import_kit(tmp_path / "new", folder)
    merged = kit.import_kit(tmp_path / "old", folder)
    assert merged.refused == ["Ambam"]
    held = kit.load(folder)
    assert held is not None and kit.verify(held, issued.data).outcome == "cancelled"


def test_a_kit_of_another_network_or_altered_is_refused(
    net: Network, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from tests.conftest import Network as Other

    kit.export(net.nodes[0], tmp_path / "ours")
    folder = tmp_path / "verifier"
    kit.import_kit(tmp_path / "ours", folder)
    other = Other(tmp_path_factory.mktemp("other"), 1)
    try:
        kit.export(other.nodes[0], tmp_path / "theirs")
    finally:
        other.close()
    with pytest.raises(kit.KitError, match="another network"):
        kit.import_kit(tmp_path / "theirs", folder)
    path = tmp_path / "ours" / kit.FOLDER / kit.FILE
    data = bytearray(path.read_bytes())
    data[-10] ^= 1  # in the writer's signature: the payload no longer is what it signed
    path.write_bytes(bytes(data))
    with pytest.raises(kit.KitError, match="damaged or altered"):
        kit.read(tmp_path / "ours")
    with pytest.raises(kit.KitError, match="No verifier kit"):
        kit.read(tmp_path / "nowhere")


def test_a_stolen_key_shows_as_revoked_in_the_kit(net: Network, tmp_path: Path) -> None:
    a = net.nodes[0]
    deputy = a.add_member("Adjoint", "deputy")
    key = a.keyring.identity(deputy).current
    stolen = make_attestation(
        key, commune=a.commune, doc_type="res", subject="Faux", seq=42, issued=int(time.time())
    )
    a.submit(TxType.KEY_REVOKE, {"kid": key.kid, "reason": "volée"}, actor=a.commune)
    a.seal()
    kit.export(a, tmp_path)
    held = kit.read(tmp_path)
    assert kit.verify(held, stolen).outcome == "key_revoked"


def test_the_spread_of_a_cancellation_follows_the_beacons(net: Network, tmp_path: Path) -> None:
    """A stick goes from Ambam to Bipindi and back: Bipindi's beacon then says it has the
    cancellation; Campo, never visited, does not."""
    from app.sync.export import export
    from app.sync.intake import import_

    a, b, _ = net.nodes
    issued = certificates.issue(a, PAUL)
    certificates.revoke(a, issued.id, "lost_or_stolen")
    seq = a.store.value("SELECT revoke_seq FROM attestations WHERE id = ?", (issued.id,))
    assert [r.has_it for r in spread(a, a.commune, int(seq))] == [False, False]
    stick = tmp_path / "stick"
    stick.mkdir()
    export(a, stick)
    import_(b, stick)
    export(b, stick)
    import_(a, stick)
    reached = {r.commune: r.has_it for r in spread(a, a.commune, int(seq))}
    assert reached == {"Bipindi": True, "Campo": False}
