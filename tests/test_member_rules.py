"""The rules of a commune's people: roles, delegations, suspension, and who may do what (the
powers file), each refusal with its reason, in a foreign block too."""

from __future__ import annotations

import pytest

from app.core.attestations import certificates
from app.core.errors import Rejected
from app.core.ledger.actors import Actor
from app.core.ledger.txtypes import Role, TxType
from app.core.members import powers, queries, service
from tests.conftest import Network
from tests.ledger_kit import next_block, signed_tx

THREAD = {"title": "Route", "body": "La piste est coupée"}
RESIDENCE = certificates.Request("res", "Jean Mba", born="1971", detail="Quartier Centre")


def _person(node_people: tuple[queries.Person, ...], member: bytes) -> queries.Person:
    return next(p for p in node_people if p.id == member)


def _actor(role: str, *delegations: str) -> Actor:
    return Actor(b"m" * 8, b"c" * 8, role, "X", b"k" * 8, b"n" * 32, 0, True, False, delegations)


def test_the_powers_file_says_who_may_cancel_an_attestation() -> None:
    assert powers.may(_actor(Role.MAYOR), "attest_cancel")
    assert powers.may(_actor(Role.DEPUTY, "civil_status"), "attest_cancel")
    assert not powers.may(_actor(Role.DEPUTY, "urbanism"), "attest_cancel")
    assert not powers.may(_actor(Role.COUNCILLOR), "attest_cancel")
    with pytest.raises(Rejected) as refused:
        powers.need(_actor(Role.SECRETARY), "attest_cancel")
    assert refused.value.code == "role_needed"
    assert refused.value.params["needed"] == "le maire ou un adjoint délégué à l'état civil"
    assert "L2122-18" in str(refused.value.params["article"])


def test_three_roles_read_as_a_sentence_does() -> None:
    with pytest.raises(Rejected) as refused:
        powers.need(_actor(Role.COUNCILLOR), "sitting_record")
    assert refused.value.params["needed"] == "le maire, un adjoint ou le secrétaire de mairie"
    assert refused.value.message.startswith("Only the mayor, a deputy or the secretary may")


def test_an_old_clerk_is_read_as_the_secretary() -> None:
    assert powers.may(_actor(Role.CLERK), "sitting_record")
    assert not powers.may(_actor(Role.COUNCILLOR), "sitting_record")


def test_a_role_change_carries_the_deputys_delegations_to_every_commune(net: Network) -> None:
    a, b, _ = net.nodes
    deputy = service.add_member(a, "Adjointe", Role.DEPUTY, ("urbanism",))
    service.change_role(a, deputy, Role.DEPUTY, ("civil_status", "roads"))
    net.sync()
    for node in (a, b):
        shown = _person(queries.people(node, everyone=True), deputy)
        assert (shown.role, shown.delegations) == ("deputy", ("civil_status", "roads"))
    service.change_role(a, deputy, Role.COUNCILLOR)
    assert _person(queries.people(a), deputy).delegations == ()


def test_only_a_deputy_receives_known_delegations_and_only_the_node_changes_roles(
    net: Network,
) -> None:
    a = net.nodes[0]
    councillor = service.add_member(a, "Conseiller", Role.COUNCILLOR)
    for role, delegations in ((Role.COUNCILLOR, ("civil_status",)), (Role.DEPUTY, ("bakery",))):
        with pytest.raises(Rejected) as malformed:
            service.change_role(a, councillor, role, delegations)
        assert malformed.value.code == "malformed"
    with pytest.raises(Rejected) as clerk:
        service.change_role(a, councillor, Role.CLERK)  # the former name is read, not given
    assert clerk.value.code == "malformed"
    with pytest.raises(Rejected) as mayor:
        a.submit(TxType.MEMBER_ROLE, {"id": councillor, "role": "deputy"})  # not the node
    assert mayor.value.code == "not_allowed"
    with pytest.raises(Rejected) as elsewhere:
        service.change_role(a, net.mayors[1], Role.COUNCILLOR)  # Bipindi's mayor
    assert elsewhere.value.code == "unknown_member"


def test_a_deputy_cancels_only_within_the_delegation(net: Network) -> None:
    a = net.nodes[0]
    issued = certificates.issue(a, RESIDENCE)
    deputy = service.add_member(a, "Adjoint", Role.DEPUTY, ("urbanism",))
    body = {"att": issued.id, "reason": "lost_or_stolen"}
    with pytest.raises(Rejected) as refused:
        a.submit(TxType.ATTEST_REVOKE, body, actor=deputy)
    assert refused.value.code == "role_needed"
    service.change_role(a, deputy, Role.DEPUTY, ("civil_status",))
    a.submit(TxType.ATTEST_REVOKE, body, actor=deputy)


def test_a_suspended_member_signs_nothing_until_reinstated_here_and_in_a_foreign_block(
    net: Network,
) -> None:
    a, b, _ = net.nodes
    deputy = service.add_member(a, "Adjoint", Role.DEPUTY)
    net.sync()
    written_before = signed_tx(a, TxType.FORUM_THREAD, THREAD, actor=deputy)
    service.suspend(a, deputy, "enquête")
    net.sync()
    with pytest.raises(Rejected) as here:
        a.submit(TxType.FORUM_THREAD, THREAD, actor=deputy)
    assert here.value.code == "actor_suspended"
    # Signed before the suspension, carried after it: refused by every commune all the same.
    assert b.receive(next_block(a, [written_before])).code == "actor_suspended"
    with pytest.raises(Rejected) as twice:
        service.suspend(a, deputy)
    assert twice.value.code == "already_suspended"
    service.reinstate(a, deputy)
    a.submit(TxType.FORUM_THREAD, THREAD, actor=deputy)
    with pytest.raises(Rejected) as again:
        service.reinstate(a, deputy)
    assert again.value.code == "not_suspended"


def test_a_removed_member_cannot_be_suspended_or_given_a_role(net: Network) -> None:
    a = net.nodes[0]
    councillor = service.add_member(a, "Conseillère", Role.COUNCILLOR)
    service.remove(a, councillor)
    assert not _person(queries.people(a), councillor).active
    for change in (
        lambda: service.suspend(a, councillor),
        lambda: service.change_role(a, councillor, Role.DEPUTY),
        lambda: service.remove(a, councillor),
    ):
        with pytest.raises(Rejected) as refused:
            change()
        assert refused.value.code == "actor_removed"


@pytest.mark.parametrize(
    ("power", "holders"),
    [
        ("forum_hide", {Role.MAYOR, Role.DEPUTY}),
        ("forum_flag", {Role.MAYOR, Role.DEPUTY, Role.COUNCILLOR, Role.SECRETARY}),
        ("sitting_record", {Role.MAYOR, Role.DEPUTY, Role.SECRETARY}),
        ("device_register", {Role.MAYOR, Role.DEPUTY, Role.TECHNICIAN}),
        ("firmware_sign", {Role.MAYOR, Role.DEPUTY, Role.TECHNICIAN}),
        ("commune_ballot", {Role.MAYOR, Role.DEPUTY}),
        ("member_reissue", {Role.MAYOR, Role.DEPUTY}),
        ("attest_cancel", {Role.MAYOR}),  # a deputy only with civil status: tested above
        ("attest_issue", {Role.MAYOR, Role.SECRETARY}),  # and a deputy with civil status
    ],
)
def test_each_power_is_held_by_the_roles_docs_ledger_md_names(
    power: str, holders: set[str]
) -> None:
    held = {role for role in Role.NEW_ROLES if powers.may(_actor(role), power)}
    assert held == holders


def test_a_delegation_is_given_once(net: Network) -> None:
    a = net.nodes[0]
    with pytest.raises(Rejected) as twice:
        service.add_member(a, "Adjoint", Role.DEPUTY, ("roads", "roads"))
    assert twice.value.code == "malformed"


def test_a_councillor_issues_no_attestation_and_a_delegated_deputy_does(net: Network) -> None:
    a = net.nodes[0]
    councillor = service.add_member(a, "Conseiller", Role.COUNCILLOR)
    deputy = service.add_member(a, "Adjointe", Role.DEPUTY, ("civil_status",))
    service.act_as(a, councillor)
    with pytest.raises(Rejected) as refused:
        certificates.issue(a, RESIDENCE)
    assert refused.value.code == "role_needed"
    service.act_as(a, deputy)
    assert certificates.issue(a, RESIDENCE).number


def test_a_suspended_deputy_is_left_out_of_a_new_votes_electorate(net: Network) -> None:
    from app.core.votes import service as votes

    a = net.nodes[0]
    deputy = service.add_member(a, "Adjoint", Role.DEPUTY)
    assert deputy in {bytes(v[0]) for v in votes.electorate(a, "members")["voters"]}
    service.suspend(a, deputy)
    assert deputy not in {bytes(v[0]) for v in votes.electorate(a, "members")["voters"]}


def test_a_secretary_casts_no_ballot_in_the_communes_name_and_is_told_who_may(
    net: Network,
) -> None:
    from app.core.votes import service as votes

    a, b, _ = net.nodes
    vote = votes.open_vote(a, "Niveleuse ?", ["oui", "non"], kind="communes")
    a.seal()
    net.sync()
    secretary = service.add_member(b, "Secrétaire", Role.SECRETARY)
    net.sync()
    ballot = {"vote": vote, "choice": 0}
    with pytest.raises(Rejected) as here:
        b.submit(TxType.BALLOT, ballot, actor=secretary)
    assert here.value.code == "role_needed"
    assert "Only the mayor or a deputy may vote in the commune's name" in here.value.message
    # Signed all the same and carried to another commune: refused there too, for the same reason.
    foreign = next_block(b, [signed_tx(b, TxType.BALLOT, ballot, actor=secretary)])
    assert a.receive(foreign).code == "role_needed"
