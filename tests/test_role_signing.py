"""A change the person acting may not make, signed by one who may: the refusal names the power
(RoleNeeded), `who_may` lists the people here who hold it, and `as_one_change` signs that one
change as them with their PIN, the person acting unchanged and their key locked again. The
window's dialog that uses them is walked in tests/journeys/test_window_role_signing.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from app.core.attestations import certificates
from app.core.attestations.certificates import Request
from app.core.crypto.kdf import INTERACTIVE
from app.core.errors import NotFound, RoleNeeded, WrongPin
from app.core.ledger.actors import Actor
from app.core.members import powers, queries, service
from app.core.node.node import Node
from app.ui import i18n
from app.ui.operations import CollectionOp
from app.ui.pin_prompt import PinDialog
from app.ui.worker import Worker
from tests.conftest import Network

PIN = "4821"


def _people(node: Node) -> dict[str, bytes]:
    """The mayor, the civil-status deputy, a deputy without it, the secretary, a councillor:
    each with their PIN, the secretary acting."""
    mayor = node.member
    node.keyring.set_pin(mayor, PIN, INTERACTIVE)
    made = {"mayor": mayor}
    for name, role, delegations in (
        ("civil", "deputy", ("civil_status",)),
        ("roads", "deputy", ("roads",)),
        ("secretary", "secretary", ()),
        ("councillor", "councillor", ()),
    ):
        made[name] = service.add_member(node, name, role, delegations)
        node.keyring.set_pin(made[name], PIN, INTERACTIVE)
    node.keyring.lock()
    service.act_as(node, made["secretary"], PIN)
    return made


def _tx_actor(node: Node, tx: bytes) -> bytes:
    return bytes(node.store.value("SELECT actor FROM txs WHERE id = ?", (tx,)))


def test_who_may_lists_the_people_here_who_hold_the_power(net: Network) -> None:
    node = net.nodes[0]
    people = _people(node)
    ids = lambda power: [p.id for p in queries.who_may(node, power)]  # noqa: E731
    assert ids("attest_cancel") == [people["mayor"], people["civil"]]
    assert set(ids("commune_ballot")) == {people["mayor"], people["civil"], people["roads"]}
    assert people["secretary"] in ids("attest_issue")
    service.suspend(node, people["civil"], "absent")
    assert ids("attest_cancel") == [people["mayor"]]  # a suspended member signs nothing
    # Another commune's mayor holds the power, but not of this commune and not here.
    assert net.mayors[1] not in ids("attest_cancel")


def test_a_change_refused_for_its_role_is_signed_as_one_who_may_with_their_pin(
    net: Network,
) -> None:
    node = net.nodes[0]
    service.act_as(node, node.member)
    issued = certificates.issue(node, Request("res", "Paul Ekani", born="1964", detail="Nkol"))
    people = _people(node)

    def cancel(n: Node) -> bytes:
        return certificates.revoke(n, issued.id, "clerical_error")

    with pytest.raises(RoleNeeded) as refused:
        cancel(node)
    assert refused.value.code == "role_needed" and refused.value.power == "attest_cancel"

    with pytest.raises(WrongPin):  # nothing signed, the secretary still acts
        service.as_one_change(node, people["mayor"], "0000", cancel)
    assert node.member == people["secretary"]

    tx = service.as_one_change(node, people["mayor"], PIN, cancel)
    assert _tx_actor(node, tx) == people["mayor"]
    assert node.member == people["secretary"]
    assert not node.keyring.is_unlocked(people["mayor"])  # locked again after that change
    assert node.keyring.is_unlocked(people["secretary"])  # hers still open
    verdict = certificates.verify(node, issued.data)
    assert verdict.outcome == "cancelled" and verdict.fields["cancelled_by"] == "Maire de Ambam"


def test_one_who_lacks_the_power_is_refused_too_and_another_communes_member_cannot_sign(
    net: Network,
) -> None:
    node = net.nodes[0]
    service.act_as(node, node.member)
    issued = certificates.issue(node, Request("res", "Paul Ekani", born="1964", detail="Nkol"))
    people = _people(node)

    def cancel(n: Node) -> bytes:
        return certificates.revoke(n, issued.id, "clerical_error")

    with pytest.raises(RoleNeeded):  # a deputy for the roads, not for civil status
        service.as_one_change(node, people["roads"], PIN, cancel)
    assert node.member == people["secretary"] and not node.keyring.is_unlocked(people["roads"])
    with pytest.raises(NotFound):
        service.as_one_change(node, net.mayors[1], PIN, cancel)


@pytest.fixture
def french(qapp: QApplication) -> Iterator[None]:
    i18n.install(qapp, "fr")
    yield
    i18n.install(qapp, "en")


def test_the_dialog_asks_who_signs_in_french(qtbot, french: None) -> None:  # type: ignore[no-untyped-def]
    dialog = PinDialog(
        "",
        lambda _pin: None,
        people=[("Marie Ndongo", b"m" * 8), ("Paul Abega", b"p" * 8)],
        needed="le maire ou un adjoint délégué à l'état civil",
    )
    qtbot.addWidget(dialog)
    assert dialog.sentence.text() == (
        "Seul le maire ou un adjoint délégué à l'état civil peut le faire. Qui signe\u202f?"
    )
    assert [dialog.sign.text(), dialog.cancel.text()] == ["Signer", "Annuler"]
    dialog.person.setCurrentIndex(1)
    assert dialog.chosen() == b"p" * 8


def test_nobody_here_holds_the_power_the_refusal_is_reported_as_before(  # type: ignore[no-untyped-def]
    qtbot, ambam_worker: Worker, monkeypatch: pytest.MonkeyPatch
) -> None:
    councillor = Actor(b"c" * 8, b"a" * 8, "councillor", "Jean", b"k" * 8, b"", 0, True)
    with pytest.raises(RoleNeeded) as refused:
        powers.need(councillor, "attest_cancel")
    monkeypatch.setattr(queries, "who_may", lambda _node, _power: ())  # the mayor's laptop is away

    def change(_node: Node) -> None:
        raise refused.value

    failures: list[BaseException] = []
    CollectionOp(None, ambam_worker, change).failure(failures.append).run_in_background()
    qtbot.waitUntil(lambda: failures == [refused.value], timeout=20_000)
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, PinDialog)]
    assert not any(w.isVisible() for w in shown)
