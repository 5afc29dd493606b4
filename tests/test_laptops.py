"""A commune's further laptops in the ledger (docs/ledger.md, "A commune's devices"): each with
its own key and feed, added and retired by the commune's node, counted as its commune.

Most laptops' blocks are hand-crafted here; the last tests add one by stick, as `obambu device
add-laptop` does, and sync it in a session (tests/journeys/test_second_laptop.py walks it all
through `obambu`)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from app.core.crypto.keys import Identity, KeyPair
from app.core.demo import exchange
from app.core.devices import service
from app.core.errors import Rejected
from app.core.ledger.objects import make_block, parse_block
from app.core.ledger.txtypes import Role, TxType
from app.core.members import service as members_service
from app.core.node.node import Node
from app.core.votes import queries as vote_queries
from app.core.votes import service as votes
from app.sync import beacon, invite, laptop_invite
from app.sync.errors import LinkError
from app.sync.export import export
from app.sync.intake import import_
from app.sync.session import SessionReport
from tests.conftest import Network
from tests.ledger_kit import raw_block, signed_tx
from tests.test_session import run_pair, socket_streams


def _request(node: Node, laptop: Identity, **changes: Any) -> dict[str, Any]:
    """The body of `node`'s LAPTOP_ADD for `laptop`, with some fields replaced."""
    message = b"OBAMBU-LAPTOP-1" + node.network_id + node.commune
    body = {
        "laptop": laptop.actor,
        "pk": laptop.current.public_key,
        "next": laptop.next_digest,
        "name": "Bureau du secrétariat",
        "pop": laptop.current.signing_key.sign(message).signature,
    }
    body.update(changes)
    return body


def _add(net: Network) -> Identity:
    """Ambam adds a laptop; every commune holds the block that adds it."""
    a = net.nodes[0]
    laptop = Identity.generate()
    a.submit(TxType.LAPTOP_ADD, _request(a, laptop), actor=a.commune, prio=0)
    a.seal()
    net.sync()
    return laptop


def _data(node: Node, block_id: bytes | None) -> bytes:
    return bytes(node.store.value("SELECT data FROM blocks WHERE id = ?", (block_id,)))


def _laptop_block(
    on: Node, laptop: Identity, seq: int, *, prev: bytes | None = None, **changes: Any
) -> bytes:
    """The laptop's block at `seq`, naming every other feed's head that `on` holds."""
    fields: dict[str, Any] = {
        "author": laptop.actor,
        "seq": seq,
        "prev": prev,
        "refs": sorted(
            bytes(h)
            for (h,) in on.store.all("SELECT head_id FROM feeds WHERE author != ?", (laptop.actor,))
        ),
        "epoch": on.ledger.current_epoch(),
        "time": int(time.time()),
        "txs": [],
    }
    key: KeyPair = changes.pop("key", laptop.current)
    fields.update(changes)
    return make_block(key, on.network_id, **fields)


def test_a_laptop_writes_its_own_feed_and_every_commune_takes_it(net: Network) -> None:
    laptop = _add(net)
    a = net.nodes[0]
    block = _laptop_block(a, laptop, 0)
    assert [n.receive(block).status for n in net.nodes] == ["applied"] * 3
    # Ambam's own feed goes on at its own seq and names the laptop's head: no equivocation.
    a.submit(TxType.FORUM_THREAD, {"title": "Route", "body": "…"})
    assert parse_block(_data(a, a.seal())).refs.count(parse_block(block).id) == 1
    net.sync()
    for node in net.nodes:
        assert node.store.value("SELECT count(*) FROM evidence") == 0
        assert node.heads()[laptop.actor] == 0


def test_a_commune_counts_once_in_confirmations_whichever_laptop_saw_the_block(
    net: Network,
) -> None:
    laptop = _add(net)
    a, b, _ = net.nodes
    b.submit(TxType.FORUM_THREAD, {"title": "Pont", "body": "…"})
    seen = parse_block(_data(b, b.seal()))
    assert a.receive(seen.data).status == "applied"
    # Only Ambam's laptop names Bipindi's block, Ambam's own feed not yet: Ambam knows it.
    assert a.receive(_laptop_block(a, laptop, 0)).status == "applied"
    assert a.ledger.confirmations(seen.author, seen.seq) == (2, 3)
    a.submit(TxType.FORUM_THREAD, {"title": "Route", "body": "…"})
    a.seal()  # now both of Ambam's feeds have it: still one commune
    assert a.ledger.confirmations(seen.author, seen.seq) == (2, 3)


def test_a_laptop_block_without_its_addition_in_its_past_is_refused(net: Network) -> None:
    laptop = _add(net)
    outcome = net.nodes[1].receive(_laptop_block(net.nodes[1], laptop, 0, refs=[]))
    assert (outcome.status, outcome.code) == ("rejected", "laptop_not_added")


def test_no_laptop_signs_in_another_s_feed(net: Network) -> None:
    laptop = _add(net)
    a, b, _ = net.nodes
    ambam_key = a.keyring.identity(a.commune).current
    forged = _laptop_block(b, laptop, 0, key=ambam_key)
    outcome = b.receive(forged)
    assert (outcome.status, outcome.code) == ("rejected", "wrong_key")
    in_ambam_feed = raw_block(a, [], key=laptop.current)
    outcome = b.receive(in_ambam_feed)
    assert (outcome.status, outcome.code) == ("rejected", "wrong_key")


def _refused_locally(node: Node, body: dict[str, Any], code: str, actor: bytes) -> None:
    with pytest.raises(Rejected) as refused:
        node.submit(TxType.LAPTOP_ADD, body, actor=actor, prio=0)
    assert refused.value.code == code


def test_adding_a_laptop_is_refused_with_its_reason(net: Network) -> None:
    a, b, _ = net.nodes
    fresh = Identity.generate()
    _refused_locally(a, _request(a, fresh), "not_allowed", net.mayors[0])
    _refused_locally(a, _request(a, fresh, pop=bytes(64)), "bad_signature", a.commune)
    _refused_locally(a, _request(b, fresh), "bad_signature", a.commune)  # meant for Bipindi
    member_key = a.keyring.identity(net.mayors[0]).current
    reused = Identity(member_key.kid, member_key, KeyPair.generate())
    _refused_locally(a, _request(a, reused), "duplicate_key", a.commune)
    # The first laptop and two more; a fourth is refused, on Ambam and in Bipindi's hands.
    _add(net)
    _add(net)
    body = _request(a, Identity.generate())
    _refused_locally(a, body, "too_many_laptops", a.commune)
    tx = signed_tx(a, TxType.LAPTOP_ADD, body, actor=a.commune)
    outcome = b.receive(raw_block(a, [tx]))
    assert (outcome.status, outcome.code) == ("rejected", "too_many_laptops")


def test_a_retired_laptop_signs_nothing_after_its_stated_block(net: Network) -> None:
    laptop = _add(net)
    a, b, _ = net.nodes
    first = parse_block(_laptop_block(a, laptop, 0))
    assert a.receive(first.data).status == "applied"
    later = _laptop_block(a, laptop, 1, prev=first.id)
    body = {"laptop": laptop.actor, "seq": 0, "head": first.id, "reason": "volé"}
    a.submit(TxType.LAPTOP_RETIRE, body, actor=a.commune, prio=0)
    a.seal()
    net.sync()
    for node in (a, b):
        outcome = node.receive(later)
        assert (outcome.status, outcome.code) == ("rejected", "laptop_retired")
        assert node.heads()[laptop.actor] == 0  # what it signed before stands
    with pytest.raises(Rejected) as again:
        a.submit(TxType.LAPTOP_RETIRE, body, actor=a.commune, prio=0)
    assert again.value.code == "duplicate"
    with pytest.raises(Rejected) as unknown:
        a.submit(
            TxType.LAPTOP_RETIRE, {**body, "laptop": Identity.generate().actor}, actor=a.commune
        )
    assert unknown.value.code == "unknown_laptop"


def test_a_commune_s_two_laptops_voting_at_once_count_as_one_ballot(net: Network) -> None:
    laptop = _add(net)
    a, b, _ = net.nodes
    vote = votes.open_vote(a, "Mutualiser le groupe électrogène ?", ["Oui", "Non"], kind="communes")
    a.seal()
    net.sync()
    # The secretary's desktop votes "Non" in Ambam's name before it sees the mayor's "Oui".
    ballot = signed_tx(
        a,
        TxType.BALLOT,
        {"vote": vote, "choice": 1},
        actor=laptop.actor,
        key=laptop.current,
        aseq=1,
    )
    desktop = _laptop_block(a, laptop, 0, txs=[ballot])
    votes.cast(a, vote, "Oui")
    a.seal()
    votes.cast(b, vote, "Non")
    b.seal()
    for node in net.nodes:
        assert node.receive(desktop).status == "applied"
    net.sync()
    assert a.store.value("SELECT count(*) FROM ballots WHERE vote = ?", (vote,)) == 3
    votes.close(a, vote)
    net.sync()
    for node in net.nodes:  # every commune recounts the close and finds two voters
        shown = vote_queries.vote(node, vote)
        assert shown is not None
        assert (shown.count, sum(shown.tally), shown.valid) == (2, 2, True)


def test_a_second_laptop_of_ambam_posts_and_votes_without_conflict(
    net: Network, tmp_path: Path
) -> None:
    a, b, _ = net.nodes
    desk = Node.create(tmp_path / "ambam-desk", "pass phrase", "Ambam")
    desk.adopt(net.genesis)
    service.add(a, service.request(desk, a.commune, "Secrétariat"))
    exchange([a, desk])
    service.take_place(desk, a.commune)
    deputy = members_service.add_member(desk, "Adjointe d'Ambam", Role.DEPUTY)
    members_service.act_as(desk, deputy)
    desk.submit(TxType.FORUM_THREAD, {"title": "Salle des fêtes", "body": "…"})
    vote = votes.open_vote(
        desk, "Mutualiser le groupe électrogène ?", ["Oui", "Non"], kind="communes"
    )
    desk.seal()
    everyone = [*net.nodes, desk]
    exchange(everyone)
    # The mayor and the deputy vote in Ambam's name, each on a laptop, before meeting.
    votes.cast(a, vote, "Oui")
    votes.cast(desk, vote, "Non")
    votes.cast(b, vote, "Non")
    for node in everyone:
        node.seal()
    exchange(everyone)
    votes.close(desk, vote)
    exchange(everyone)
    for node in everyone:
        assert node.store.value("SELECT count(*) FROM evidence") == 0
        assert node.store.value("SELECT count(*) FROM quarantine") == 0
        assert node.store.one("SELECT 1 FROM threads WHERE author = ?", (desk.feed,))
        shown = vote_queries.vote(node, vote)
        assert shown is not None
        assert (shown.count, sum(shown.tally), shown.valid) == (2, 2, True)
    assert desk.feed != a.commune and desk.commune == a.commune
    with pytest.raises(Rejected) as refused:  # the desk cannot add a third laptop on its own
        desk.submit(
            TxType.LAPTOP_ADD,
            _request(desk, Identity.generate()),
            actor=desk.feed,
            prio=0,
        )
    assert refused.value.code == "not_allowed"
    # The desk is retired from the first laptop: what it signed stands, nothing after it does.
    service.retire(a, desk.feed, "remplacé")
    desk.submit(TxType.FORUM_THREAD, {"title": "Après", "body": "…"}, actor=deputy)
    after = _data(desk, desk.seal())
    exchange([a, b])
    outcome = b.receive(after)
    assert (outcome.status, outcome.code) == ("rejected", "laptop_retired")
    assert b.store.one("SELECT 1 FROM threads WHERE title = 'Salle des fêtes'")
    desk.close()


def test_a_member_signs_only_in_the_feed_of_the_laptop_that_registered_them(
    net: Network,
) -> None:
    laptop = _add(net)
    a, b, _ = net.nodes
    thread = {"title": "Route", "body": "…"}
    mayors_tx = signed_tx(a, TxType.FORUM_THREAD, thread, actor=net.mayors[0])
    outcome = b.receive(_laptop_block(a, laptop, 0, txs=[mayors_tx]))
    assert (outcome.status, outcome.code) == ("rejected", "member_elsewhere")


def _desk_by_stick(net: Network, tmp_path: Path) -> Node:
    """Ambam's second laptop, added by stick the way `obambu device add-laptop` does it."""
    a = net.nodes[0]
    stick = tmp_path / "trip"
    stick.mkdir()
    desk = Node.create(tmp_path / "desk", "pass phrase", "Ambam")
    laptop_invite.write_offer(a, stick)
    laptop_invite.write_request(desk, stick, laptop_invite.read_offer(stick), "Secrétariat")
    requests, refused = laptop_invite.read_requests(a, stick)
    assert (len(requests), refused) == (1, 0)
    laptop_invite.add(a, stick, requests)
    export(a, stick)
    laptop_invite.accept(desk, stick)
    import_(desk, stick)
    laptop_invite.take_place(desk)
    deputy = members_service.add_member(desk, "Adjointe d'Ambam", Role.DEPUTY)
    members_service.act_as(desk, deputy)
    return desk


def test_a_second_laptop_syncs_in_a_session_under_its_own_key_until_it_is_retired(
    net: Network, tmp_path: Path
) -> None:
    a, b, _ = net.nodes
    desk = _desk_by_stick(net, tmp_path)
    desk.submit(TxType.FORUM_THREAD, {"title": "Par le réseau local", "body": "…"})
    desk.seal()
    # Bipindi believes the desk's key once it holds the LAPTOP_ADD (here from Ambam): before,
    # the desk is a stranger to it in a session (on a stick its blocks still travel).
    with socket_streams() as (x, y):
        results = run_pair(desk, b, x, y, timeout=1.0)
    assert any(isinstance(r, LinkError) for r in results), results
    net.sync()
    with socket_streams() as (x, y):
        results = run_pair(desk, b, x, y)
    assert all(isinstance(r, SessionReport) for r in results), results
    assert b.store.one("SELECT 1 FROM threads WHERE title = 'Par le réseau local'")
    # Bipindi keeps the desk's beacon next to Ambam's own, each under its feed.
    assert b.store.one("SELECT 1 FROM beacons WHERE commune = ?", (desk.feed,))
    service.retire(a, desk.feed, "volé")
    net.sync()
    with socket_streams() as (x, y):
        results = run_pair(desk, b, x, y, timeout=1.0)
    refused = results[1]  # Bipindi's side: the retired key proves nothing
    assert isinstance(refused, LinkError) and refused.code == "unauthenticated_peer", results
    desk.close()


def test_two_laptops_of_a_commune_write_two_beacons_on_one_stick(
    net: Network, tmp_path: Path
) -> None:
    a, b, _ = net.nodes
    desk = _desk_by_stick(net, tmp_path)
    stick = tmp_path / "round"
    stick.mkdir()
    for node in (a, desk, b, a, desk):
        if (stick / "OBAMBU").is_dir():
            import_(node, stick)
        export(node, stick)
    heard = {x.feed for x in beacon.known(b)}
    assert {a.commune, desk.feed, b.commune} <= heard
    assert len(list((stick / "OBAMBU" / "bcn").glob("*.obb"))) == 3
    assert desk.store.value("SELECT count(*) FROM evidence") == 0
    desk.close()


def test_a_second_laptop_opens_sticks_written_under_a_new_epoch_s_key(
    net: Network, tmp_path: Path
) -> None:
    """Djoum joins after the desk: the epoch's new transport key is sealed to the authorities'
    node keys only; Ambam's first laptop passes it on to its desk in a new invitation on the
    stick, which the desk takes before reading anything."""
    a, b, c = net.nodes
    desk = _desk_by_stick(net, tmp_path)
    d = Node.create(tmp_path / "djoum", "pass phrase", "Djoum")
    stick = tmp_path / "join"
    stick.mkdir()
    invite.write_request(d, stick)
    invite.invite(a, stick, invite.read_requests(stick))
    export(a, stick)
    invite.accept(d, stick)
    import_(d, stick)
    import_(b, stick)
    (proposal,) = [bytes(r[0]) for r in b.store.all("SELECT id FROM proposals")]
    b.submit(TxType.EPOCH_APPROVE, {"proposal": proposal}, actor=b.commune, prio=0)
    b.seal()
    export(b, stick)
    for node in (d, c, a):
        import_(node, stick)
        export(node, stick)
    assert a.ledger.current_epoch() == 1
    assert transport_epochs(desk) == [0]  # the epoch sealed its key to node keys only
    rounds = tmp_path / "rounds"
    rounds.mkdir()
    for _ in range(2):  # until every laptop's beacon reports the new key
        for node in (a, desk, b, c, d):
            if (rounds / "OBAMBU").is_dir():
                import_(node, rounds)
            export(node, rounds)
    assert transport_epochs(desk) == [0, 1]  # from Ambam's first laptop, by the stick
    assert beacon.writing_key(b)[0] == 1  # the desk holds it: sticks are written under it
    b.submit(TxType.FORUM_THREAD, {"title": "Après Djoum", "body": "…"})
    b.seal()
    export(b, rounds)
    taken = import_(desk, rounds)
    assert taken.left_out == 0, taken.problems
    assert desk.store.one("SELECT 1 FROM threads WHERE title = 'Après Djoum'")
    desk.close()
    d.close()


def transport_epochs(node: Node) -> list[int]:
    return [
        int(e)
        for (e,) in node.store.all(
            "SELECT epoch FROM transport_keys WHERE commune = ? ORDER BY epoch", (node.feed,)
        )
    ]


def test_a_stick_forgets_a_segment_only_once_the_desk_holds_it_too(
    net: Network, tmp_path: Path
) -> None:
    a, b, c = net.nodes
    desk = _desk_by_stick(net, tmp_path)
    net.sync()  # every commune knows the desk's LAPTOP_ADD

    def rounds(nodes: list[Node], count: int) -> list[str]:
        pruned: list[str] = []
        for _ in range(count):
            for node in nodes:
                if (stick / "OBAMBU").is_dir():
                    import_(node, stick)
                pruned += export(node, stick).pruned
        return pruned

    stick = tmp_path / "round"
    stick.mkdir()
    assert rounds([a, b, c], 3) == []  # the desk has not said it holds anything yet
    assert rounds([desk, a, b, c], 2) != []
    desk.close()
