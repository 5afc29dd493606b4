"""The ledger's rules: each refusal with its reason, the store unchanged, proof kept."""

from __future__ import annotations

import random

import pytest

from app.core.crypto.keys import Identity, KeyPair
from app.core.encoding import cbor
from app.core.encoding.cose import sign1
from app.core.errors import Rejected
from app.core.ledger.objects import parse_block
from app.core.ledger.txtypes import MAX_BLOCK_BYTES, MAX_TX_BYTES, TxType
from app.core.votes import service as votes
from tests.conftest import Network
from tests.ledger_kit import counts, next_block, raw_block, signed_tx

THREAD = {"title": "Route", "body": "La piste est coupée"}


def _refused(net: Network, block: bytes, code: str, *, evidence: bool = False) -> None:
    """Delivers a block to Bipindi and checks it is refused for `code`, touching nothing else."""
    receiver = net.nodes[1]
    before = counts(receiver)
    outcome = receiver.receive(block)
    assert (outcome.status, outcome.code) == ("rejected", code), outcome
    after = counts(receiver)
    assert after["quarantine"] == before["quarantine"] + 1
    assert after["evidence"] == before["evidence"] + (1 if evidence else 0)
    for table in ("blocks", "txs", "threads", "posts", "votes", "ballots", "attestations"):
        assert after[table] == before[table], table


def test_honest_block_applies_everywhere(net: Network) -> None:
    a, b, c = net.nodes
    a.submit(TxType.FORUM_THREAD, THREAD)
    a.seal()
    net.sync()
    assert a.heads() == b.heads() == c.heads()
    assert b.store.counter("threads") == c.store.counter("threads") == 1


def test_forged_signature_is_refused(net: Network) -> None:
    a = net.nodes[0]
    block = bytearray(next_block(a, [signed_tx(a, TxType.FORUM_THREAD, THREAD)]))
    block[-1] ^= 0x01
    _refused(net, bytes(block), "bad_signature")


def test_block_from_another_network_is_refused(net: Network) -> None:
    a = net.nodes[0]
    block = raw_block(a, [], network_id=b"\x07" * 32)
    _refused(net, block, "bad_signature")


def test_block_signed_by_a_stranger_is_refused(net: Network) -> None:
    a = net.nodes[0]
    _refused(net, raw_block(a, [], key=KeyPair.generate()), "wrong_key")


def test_forged_transaction_signature_is_refused_and_kept_as_proof(net: Network) -> None:
    a = net.nodes[0]
    tx = bytearray(signed_tx(a, TxType.FORUM_THREAD, THREAD))
    tx[-5] ^= 0x40
    _refused(net, next_block(a, [bytes(tx)]), "bad_signature", evidence=True)


def test_unknown_member_is_refused(net: Network) -> None:
    a = net.nodes[0]
    stranger = KeyPair.generate()
    tx = signed_tx(a, TxType.FORUM_THREAD, THREAD, actor=stranger.kid, key=stranger, aseq=1)
    _refused(net, next_block(a, [tx]), "unknown_actor", evidence=True)


def test_member_of_another_commune_cannot_travel_in_this_feed(net: Network) -> None:
    a, b = net.nodes[:2]
    tx = signed_tx(b, TxType.FORUM_THREAD, THREAD)  # Bipindi's mayor...
    _refused(net, next_block(a, [tx]), "wrong_feed", evidence=True)  # ...in Ambam's block


def test_replayed_transaction_is_refused(net: Network) -> None:
    a = net.nodes[0]
    tx = signed_tx(a, TxType.FORUM_THREAD, THREAD)
    a.receive(next_block(a, [tx]))  # Ambam applies its own block
    net.sync()
    _refused(net, next_block(a, [tx]), "duplicate", evidence=True)


def test_reused_member_sequence_is_a_replay(net: Network) -> None:
    a = net.nodes[0]
    a.submit(TxType.FORUM_THREAD, THREAD)
    a.seal()
    net.sync()
    again = signed_tx(
        a, TxType.FORUM_THREAD, {"title": "Autre", "body": ""}, aseq=a._next_aseq(a.member) - 1
    )
    _refused(net, next_block(a, [again]), "replay", evidence=True)


def test_gap_in_member_sequence_is_refused(net: Network) -> None:
    a = net.nodes[0]
    tx = signed_tx(a, TxType.FORUM_THREAD, THREAD, aseq=a._next_aseq(a.member) + 1)
    _refused(net, next_block(a, [tx]), "gap", evidence=True)


def test_non_canonical_payload_is_refused(net: Network) -> None:
    a = net.nodes[0]
    honest = parse_block(next_block(a, []))
    payload = bytearray(honest.envelope.payload)
    assert payload[0] == 0xA8  # a map of 8 entries...
    indefinite = b"\xbf" + bytes(payload[1:]) + b"\xff"  # ...written with indefinite length
    key = a.keyring.by_kid(honest.kid)
    _refused(net, sign1(indefinite, key.signing_key, a.network_id), "malformed")


def test_oversized_objects_are_refused(net: Network) -> None:
    a = net.nodes[0]
    big_tx = signed_tx(a, TxType.FORUM_THREAD, {"title": "x", "body": "x" * 20_000})
    padded = bytes(big_tx) + b""
    assert len(padded) < MAX_TX_BYTES  # an honest large post still fits
    huge = raw_block(a, [b"\x00" * (MAX_BLOCK_BYTES // 8)] * 9)
    _refused(net, huge, "oversized")
    too_big_tx = b"\x00" * (MAX_TX_BYTES + 1)
    _refused(net, raw_block(a, [too_big_tx]), "oversized", evidence=True)


def test_unknown_transaction_field_is_refused(net: Network) -> None:
    a = net.nodes[0]
    tx = signed_tx(a, TxType.FORUM_THREAD, {**THREAD, "colour": "red"})
    _refused(net, next_block(a, [tx]), "malformed", evidence=True)


def test_gap_in_a_feed_waits_then_applies(net: Network) -> None:
    a, b = net.nodes[:2]
    blocks = []
    for n in range(3):
        a.submit(TxType.FORUM_THREAD, {"title": f"T{n}", "body": ""})
        blocks.append(a.object(a.seal() or b""))
    assert [b.receive(x).status for x in reversed(blocks)] == ["waiting", "waiting", "applied"]
    assert b.heads() == a.heads()
    assert b.store.counter("threads") == 3
    assert int(b.store.value("SELECT count(*) FROM waiting")) == 0


def test_importing_twice_changes_nothing(net: Network) -> None:
    a, b = net.nodes[:2]
    a.submit(TxType.FORUM_THREAD, THREAD)
    block = a.object(a.seal() or b"")
    assert b.receive(block).status == "applied"
    before = counts(b)
    assert b.receive(block).status == "known"
    assert counts(b) == before


def test_any_arrival_order_reaches_the_same_state(make_network) -> None:  # type: ignore[no-untyped-def]
    source = make_network(3, "source")
    a, b, c = source.nodes
    for round_ in range(4):
        for node in (a, b, c):
            node.submit(TxType.FORUM_THREAD, {"title": f"{round_}", "body": ""})
            node.seal()
        source.sync([a, b]) if round_ % 2 else source.sync([b, c])
    source.sync()
    everything = list(a.blocks_after({}))
    expected = counts(a)
    stranger = make_network(1, "stranger").nodes[0]  # another network entirely
    assert {stranger.receive(x).status for x in everything} == {"waiting"}
    assert counts(stranger)["blocks"] == 1  # only its own
    late = _late_joiner(source)
    shuffled = everything[:]
    random.Random(7).shuffle(shuffled)
    for block in shuffled:
        late.receive(block)
    got = counts(late)
    for table in ("blocks", "txs", "threads", "actors"):
        assert got[table] == expected[table], table
    assert late.heads() == a.heads()


def _late_joiner(net: Network):  # type: ignore[no-untyped-def]
    """A fresh laptop of Campo restored from nothing but the genesis: it has to take it all."""
    from app.core.node.node import Node

    home = net.nodes[0].home.parent / "late"
    node = Node.create(home, "pw", "Late")
    node.adopt(net.genesis)
    return node


def test_equivocation_is_kept_as_evidence_and_freezes_the_feed(net: Network) -> None:
    a, b = net.nodes[:2]
    one = next_block(a, [signed_tx(a, TxType.FORUM_THREAD, THREAD)])
    two = next_block(a, [signed_tx(a, TxType.FORUM_THREAD, {"title": "Autre", "body": ""})])
    assert one != two
    assert b.receive(one).status == "applied"
    outcome = b.receive(two)
    assert (outcome.status, outcome.code) == ("evidence", "equivocation")
    first, second = b.store.one("SELECT first, second FROM evidence WHERE kind='equivocation'")
    assert {bytes(first), bytes(second)} == {one, two}
    a.receive(one)
    a.submit(TxType.FORUM_THREAD, {"title": "Suite", "body": ""})
    later = a.object(a.seal() or b"")
    assert b.receive(later).code == "feed_frozen"
    assert b.receive(two).status == "known"  # the same proof twice is not a second record


def test_unsigned_copy_at_an_existing_place_is_not_evidence(net: Network) -> None:
    a, b = net.nodes[:2]
    block = bytearray(raw_block(a, [], seq=0, prev=None))
    block[-1] ^= 1
    assert b.receive(bytes(block)).code == "bad_signature"
    assert counts(b)["evidence"] == 0
    assert b.store.value("SELECT frozen_at FROM feeds WHERE author = ?", (a.commune,)) is None


def _open_vote(net: Network) -> bytes:
    """Ambam opens a yes/no vote; every commune receives it."""
    vote = votes.open_vote(net.nodes[0], "Budget ?", ["Oui", "Non"])
    net.nodes[0].seal()
    net.sync()
    return vote


def test_votes_ballots_and_close(net: Network) -> None:
    a, b, c = net.nodes
    vote = _open_vote(net)
    votes.cast(b, vote, "Oui")
    b.seal()
    votes.cast(c, vote, "Non")
    c.seal()
    net.sync([a, b])  # Ambam has seen Bipindi's ballot, not Campo's
    votes.close(a, vote)
    net.sync()
    from app.core.votes import queries

    for node in net.nodes:
        detail = queries.vote(node, vote)
        assert detail is not None
        assert detail.closed and detail.valid
        assert detail.count == 1 and detail.tally == (1, 0)
    # Campo's ballot arrived after the close's block: it stays out of the count everywhere.
    assert int(a.store.value("SELECT count(*) FROM ballots WHERE vote = ?", (vote,))) == 2


def test_second_ballot_is_refused_locally_and_in_a_foreign_block(net: Network) -> None:
    b = net.nodes[1]
    vote = _open_vote(net)
    votes.cast(b, vote, "Oui")
    with pytest.raises(Rejected) as caught:
        votes.cast(b, vote, "Non")
    assert caught.value.code == "second_ballot"
    b.seal()
    net.sync()
    tx = signed_tx(b, TxType.BALLOT, {"vote": vote, "choice": 1})
    receiver = net.nodes[2]
    before = counts(receiver)
    outcome = receiver.receive(next_block(b, [tx]))
    assert outcome.code == "second_ballot"
    assert counts(receiver)["ballots"] == before["ballots"]


def test_ballot_for_unknown_or_closed_vote_is_refused(net: Network) -> None:
    a, b = net.nodes[:2]
    tx = signed_tx(b, TxType.BALLOT, {"vote": b"\x01" * 32, "choice": 0})
    assert a.receive(next_block(b, [tx])).code == "unknown_vote"
    vote = votes.open_vote(a, "Budget ?", ["Oui", "Non"])
    votes.close(a, vote)
    net.sync()
    with pytest.raises(Rejected) as caught:
        votes.cast(b, vote, "Oui")
    assert caught.value.code == "vote_closed"
    late = signed_tx(b, TxType.BALLOT, {"vote": vote, "choice": 0})
    assert a.receive(next_block(b, [late])).code == "vote_closed"


def test_wrong_tally_is_refused_and_kept_as_proof(net: Network) -> None:
    a, b, c = net.nodes
    vote = _open_vote(net)
    votes.cast(b, vote, "Oui")
    b.seal()
    net.sync()
    from app.core.encoding import merkle

    lie = {"vote": vote, "count": 1, "root": merkle.root([]), "tally": [0, 1]}
    tx = signed_tx(a, TxType.VOTE_CLOSE, lie)
    outcome = c.receive(next_block(a, [tx]))
    assert outcome.code == "wrong_tally"
    assert counts(c)["evidence"] == 1
    assert c.store.value("SELECT close_tx FROM votes WHERE id = ?", (vote,)) is None


def test_only_the_convener_closes_a_vote_without_a_closing_date(net: Network) -> None:
    """Another elector closes only after a closing date: tests/test_vote_without_convener.py."""
    b = net.nodes[1]
    vote = _open_vote(net)
    with pytest.raises(Rejected) as caught:
        votes.close(b, vote)
    assert caught.value.code == "vote_not_due"


def test_pending_ballot_made_invalid_by_an_arrival_is_dropped_at_seal(net: Network) -> None:
    a, b = net.nodes[:2]
    vote = _open_vote(net)
    votes.cast(b, vote, "Oui")  # pending on Bipindi
    votes.close(a, vote)
    net.sync()  # Bipindi receives the close before sealing its ballot
    assert b.seal() is None
    reason = b.store.value("SELECT reason FROM dropped")
    assert reason == "vote_closed"


def test_key_rotation_uses_the_committed_key(net: Network) -> None:
    a, b = net.nodes[:2]
    old = a.keyring.identity(a.member)
    new = old.rotated()
    a.submit(TxType.KEY_ROTATE, {"pk": new.current.public_key, "next": new.next_digest})
    a.seal()
    net.sync()
    assert b.store.value("SELECT kid FROM actors WHERE id = ?", (a.member,)) == new.current.kid
    stale = signed_tx(a, TxType.FORUM_THREAD, THREAD, key=old.current)
    assert b.receive(next_block(a, [stale])).code == "key_retired"
    a.submit(TxType.FORUM_THREAD, THREAD)  # the keyring signs with the new key
    a.seal()
    net.sync()
    assert b.store.counter("threads") == 1


def test_key_rotation_by_an_uncommitted_key_is_refused(net: Network) -> None:
    a = net.nodes[0]
    thief = Identity.generate(a.member)
    with pytest.raises(Rejected) as caught:
        a.submit(
            TxType.KEY_ROTATE,
            {"pk": thief.following.public_key, "next": thief.next_digest},
            signer=thief,
        )
    assert caught.value.code == "wrong_next_key"


def test_revoked_key_and_removed_member_are_refused(net: Network) -> None:
    a, b = net.nodes[:2]
    deputy = a.add_member("Adjoint", "deputy")
    clerk = a.add_member("Secrétaire", "clerk")
    a.seal()
    net.sync()
    deputy_key = a.keyring.identity(deputy).current
    a.submit(TxType.KEY_REVOKE, {"kid": deputy_key.kid, "reason": "perdue"}, actor=a.commune)
    a.submit(TxType.MEMBER_REMOVE, {"id": clerk}, actor=a.commune)
    a.seal()
    net.sync()
    revoked = signed_tx(a, TxType.FORUM_THREAD, THREAD, actor=deputy)
    assert b.receive(next_block(a, [revoked])).code == "key_revoked"
    removed = signed_tx(a, TxType.FORUM_THREAD, THREAD, actor=clerk)
    assert b.receive(next_block(a, [removed])).code == "actor_removed"


def test_only_the_node_registers_members(net: Network) -> None:
    a = net.nodes[0]
    newcomer = Identity.generate()
    body = {
        "id": newcomer.actor,
        "pk": newcomer.current.public_key,
        "next": newcomer.next_digest,
        "name": "Intrus",
        "role": "mayor",
    }
    with pytest.raises(Rejected) as caught:
        a.submit(TxType.MEMBER_ADD, body)  # signed by the mayor, not the node
    assert caught.value.code == "not_allowed"


def test_confirmation_counts_communes_that_know_a_block(net: Network) -> None:
    a, b, c = net.nodes
    a.submit(TxType.FORUM_THREAD, THREAD)
    block = a.seal()
    seq = a.heads()[a.commune]
    assert a.ledger.confirmations(a.commune, seq) == (1, 3)
    net.sync()
    b.submit(TxType.FORUM_POST, {"thread": a.store.value("SELECT id FROM threads"), "body": "vu"})
    b.seal()
    net.sync()
    assert a.ledger.confirmations(a.commune, seq) == (2, 3)  # final: 2 >= ceil(2*3/3)
    assert block is not None
    c.submit(TxType.FORUM_THREAD, {"title": "Autre", "body": ""})
    c.seal()
    net.sync()
    assert b.ledger.confirmations(a.commune, seq) == (3, 3)


def test_a_commune_joins_through_an_epoch(make_network) -> None:  # type: ignore[no-untyped-def]
    from app.core.node.node import Node

    net = make_network(3)
    a, b, c = net.nodes
    d = Node.create(a.home.parent / "djoum", "pw", "Djoum")
    d.adopt(net.genesis)
    members = [n.authority().to_cbor() for n in (a, b, c, d)]
    proposal = a.submit(
        TxType.EPOCH_PROPOSAL, {"epoch": 1, "authorities": members}, actor=a.commune, prio=0
    )
    a.submit(TxType.EPOCH_APPROVE, {"proposal": proposal}, actor=a.commune, prio=0)
    a.seal()
    net.sync()
    d_first = None
    for node in (a, b, c, d):
        assert node.ledger.current_epoch() == 0  # one approval of three: not yet
    b.submit(TxType.EPOCH_APPROVE, {"proposal": proposal}, actor=b.commune, prio=0)
    b.seal()
    net.sync()
    exchange_all = [a, b, c, d]
    net.sync(exchange_all)
    assert {n.ledger.current_epoch() for n in exchange_all} == {1}
    d.add_member("Maire de Djoum")
    d_first = d.seal()
    assert d_first is not None
    net.sync(exchange_all)
    assert a.heads() == d.heads()
    assert parse_block(d.object(d_first)).epoch == 1
    # A block that ignores the epoch it has seen is refused.
    stale = raw_block(a, [], epoch=0)
    outcome = c.receive(stale)
    assert outcome.code == "wrong_epoch"
    d.close()


def test_attestation_payload_is_signed_cbor(net: Network) -> None:
    from app.core.attestations import certificates

    a = net.nodes[0]
    issued = certificates.issue(a, certificates.Request("res", "Paul Ekani"))
    decoded = cbor.decode(parse_block(next_block(a, [])).envelope.payload)
    assert isinstance(decoded, dict)
    assert len(issued.data) <= 240


def test_a_vote_between_communes_says_what_it_is(net: Network) -> None:
    """The law wants a sitting for a council decision: a vote across communes is an opinion or
    a vote under a body's statutes, and says which (docs/council.md)."""
    from app.core.votes import queries
    from app.core.votes import service as votes

    a = net.nodes[0]
    opinion = votes.open_vote(a, "Avis sur la piste ?", ["Oui", "Non"])
    statutes = votes.open_vote(a, "Cotisation ?", ["Oui", "Non"], nature="statutes")
    opened, by_statutes = queries.vote(a, opinion), queries.vote(a, statutes)
    assert opened is not None and opened.nature == "opinion"
    assert by_statutes is not None and by_statutes.nature == "statutes"
    with pytest.raises(Rejected) as refused:
        votes.open_vote(a, "Délibération ?", ["Oui", "Non"], nature="deliberation")
    assert refused.value.code == "malformed"


def test_a_close_may_carry_the_outcome_with_an_owner_and_a_follow_up(net: Network) -> None:
    from app.core.votes import queries
    from app.core.votes import service as votes

    a = net.nodes[0]
    vote = votes.open_vote(a, "Groupe électrogène ?", ["Oui", "Non"])
    votes.cast(a, vote, "Oui")
    outcome = {"statement": "Achat groupé", "owner": "Marie Ndongo", "follow_up": 1_800_000_000}
    votes.close(a, vote, outcome)
    net.sync()
    shown = queries.vote(net.nodes[1], vote)
    assert shown is not None and shown.outcome is not None and shown.valid
    assert shown.outcome.as_dict() == outcome
    bad = votes.open_vote(a, "Autre ?", ["Oui", "Non"])
    with pytest.raises(Rejected) as refused:
        votes.close(a, bad, {"statement": "x", "owner": "y"})  # no follow-up date
    assert refused.value.code == "malformed"


def test_moderation_is_signed_and_only_the_writers_commune_may_hide(net: Network) -> None:
    from app.core.forum import queries

    a, b, _ = net.nodes
    thread = a.submit(TxType.FORUM_THREAD, {"title": "Route", "body": "Coupée"})
    post = a.submit(TxType.FORUM_POST, {"thread": thread, "body": "Message déplacé"})
    a.seal()
    net.sync()
    with pytest.raises(Rejected) as refused:
        b.submit(TxType.FORUM_MODERATE, {"post": post, "action": "hide", "reason": "insulte"})
    assert refused.value.code == "not_allowed"
    b.submit(TxType.FORUM_MODERATE, {"post": post, "action": "flag", "reason": "insulte"})
    a.submit(TxType.FORUM_MODERATE, {"post": post, "action": "hide", "reason": "hors sujet"})
    a.seal()
    b.seal()
    net.sync()
    for node in net.nodes:
        (shown,) = queries.posts(node, thread)
        assert shown.hidden == "hors sujet" and shown.flags == 1
        assert shown.body == "Message déplacé"  # kept in the ledger, only hidden on screen


def test_a_thread_may_be_about_a_consultation_that_exists(net: Network) -> None:
    from app.core.votes import service as votes

    a = net.nodes[0]
    vote = votes.open_vote(a, "Avis ?", ["Oui", "Non"])
    a.submit(TxType.FORUM_THREAD, {"title": "Discussion", "body": "", "about": vote})
    with pytest.raises(Rejected) as refused:
        a.submit(TxType.FORUM_THREAD, {"title": "X", "body": "", "about": b"\x01" * 32})
    assert refused.value.code == "unknown_subject"
