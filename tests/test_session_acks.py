"""Cuts and acknowledgements over a link (app/sync/linkacks.py): both hellos announce "acks",
or nothing new travels; what the peer sends is checked as a stick's files before it is kept."""

from __future__ import annotations

import dataclasses
import socket
import threading
import types

import pytest

from app.core.encoding import cbor
from app.core.node.node import Node
from app.sync import acks, beacon, cuts, linkacks, messages
from app.sync.channel import Channel
from app.sync.errors import LinkError, LinkLost
from app.sync.handshake import CAPS, Credentials, shake_hands
from app.sync.session import Session, SessionReport
from app.sync.stream import SocketStream
from tests.sync_kit import post, same_state

PREVIOUS_CAPS = ("blocks", "chunks", "resume")  # the previous release's hello


def session(
    left: Node, right: Node, right_caps: tuple[str, ...] = tuple(CAPS)
) -> tuple[SessionReport, SessionReport]:
    """One session over a socket pair, each side on its thread; `right_caps`: what the right
    side's hello announces (the previous release's, to play an old laptop)."""
    x, y = socket.socketpair()
    results: list[SessionReport | BaseException] = [LinkLost(), LinkLost()]

    def side(index: int, node: Node, stream: SocketStream, caps: tuple[str, ...]) -> None:
        channel = Channel(stream, timeout=5.0)
        try:
            proven = shake_hands(channel, dataclasses.replace(Credentials.of(node), caps=caps))
            results[index] = Session(node, channel, handshake=proven).run()
        except BaseException as exc:  # handed to the test thread
            results[index] = exc
        finally:
            channel.close()

    threads = [
        threading.Thread(target=side, args=(0, left, SocketStream(x), tuple(CAPS))),
        threading.Thread(target=side, args=(1, right, SocketStream(y), right_caps)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    a, b = results
    assert isinstance(a, SessionReport) and isinstance(b, SessionReport), (a, b)
    return a, b


def first_cut(node: Node) -> cuts.Cut:
    """The cut a commune's first laptop proposes on its first visit of a stick."""
    cut = acks.propose(node, None, acks.held(node))
    assert cut is not None
    return cut


def test_each_side_learns_the_newest_cut_and_the_others_ack(net) -> None:  # type: ignore[no-untyped-def]
    a, b, _ = net.nodes
    cut = first_cut(a)
    post(b, "Le marché de samedi")
    left, right = session(a, b)
    assert same_state([a, b])
    known_a, known_b = acks.known(a), acks.known(b)
    assert cut.name in known_b.cuts
    assert set(known_a.acks) == set(known_b.acks) == {a.feed, b.feed}
    # Each ack was made once the session's news was in: b's says it holds a's blocks of the
    # cut, a's says it holds b's post (its own feed, past the cut); no cut was proposed.
    assert len(known_a.cuts) == len(known_b.cuts) == 1
    assert cuts.holding(known_a.acks[b.feed], cut) == {f: s for f, s in cut.heads().items()} | {
        b.feed: b.heads()[b.feed]
    }
    # Both sides send their acks at once: b gets the cut and a's ack, a gets b's ack.
    assert right.statements == 2 and left.statements == 1
    assert left.statements_refused == right.statements_refused == 0


def test_a_session_that_brings_nothing_new_makes_no_new_ack(net) -> None:  # type: ignore[no-untyped-def]
    a, b, _ = net.nodes
    first_cut(a)
    session(a, b)
    before = {n: acks.known(n).acks[n.feed].aseq for n in (a, b)}
    left, right = session(b, a)
    assert {n: acks.known(n).acks[n.feed].aseq for n in (a, b)} == before
    # Each said which acks it has: none travelled again, only the cut.
    assert left.statements == right.statements == 1


def test_a_laptop_of_the_previous_release_still_syncs_and_is_sent_no_cut(net) -> None:  # type: ignore[no-untyped-def]
    """Its hello names no "acks": nothing of the new kinds goes to it (it would refuse them and
    end the session), and it sends none; the blocks go both ways as before."""
    a, b, _ = net.nodes
    first_cut(a)
    post(a, "Le puits")
    post(b, "La route")
    left, right = session(a, b, right_caps=PREVIOUS_CAPS)
    assert same_state([a, b])
    assert left.statements == right.statements == 0
    assert acks.known(b).cuts == {} and acks.known(b).acks == {}
    assert b.feed not in acks.known(a).acks


def test_a_forged_or_oversized_ack_over_the_link_is_refused_in_a_sentence_and_not_kept(
    net, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """b's newer ack with its signature damaged, and one larger than any honest ack."""
    a, b, _ = net.nodes
    first_cut(a)
    session(a, b)
    kept = acks.known(b)
    newer = acks.make_ack(b, kept.cuts[kept.acks[b.feed].cut], acks.held(b), frozenset())
    assert newer is not None and newer.aseq > acks.known(a).acks[b.feed].aseq
    forged = newer.data[:-8] + bytes(8)  # the signature's last bytes changed
    oversized = b"\xa0" * (cuts.node_bounds(a).ack_bytes + 1)
    real = linkacks.acks_to_send
    monkeypatch.setattr(
        linkacks,
        "acks_to_send",
        lambda node, has: [forged, oversized] if node is b else real(node, has),
    )
    stored = a.store.all("SELECT feed, aseq FROM acks")
    left, _ = session(a, b)
    assert left.statements_refused == 2
    assert left.refused_why.endswith(".") and left.refused_why.count(". ") == 0  # one sentence
    assert [r for r in a.store.all("SELECT feed, aseq FROM acks") if bytes(r[0]) != a.feed] == [
        r for r in stored if bytes(r[0]) != a.feed
    ]


def test_more_acks_than_the_network_has_feeds_are_refused_unread(net) -> None:  # type: ignore[no-untyped-def]
    a, b, _ = net.nodes
    first_cut(a)
    session(a, b)
    ack = acks.known(b).acks[b.feed].data
    feeds = cuts.node_bounds(a).feeds
    taken = linkacks.take_acks(a, [ack] * (feeds + 2))
    assert taken.kept == 1 and taken.refused == 2
    assert "more acknowledgements than feeds" in taken.why


def test_an_ack_whose_exceptions_do_not_fit_its_cut_is_refused(net) -> None:  # type: ignore[no-untyped-def]
    a, b, _ = net.nodes
    cut = first_cut(a)
    session(a, b)
    kept = acks.known(a).acks[b.feed]
    key = b.keyring.identity(b.feed).current.signing_key
    more = {0: cut.counts[0] + 5}  # "holds all but": more than the cut holds
    payload = cuts.ack_payload(kept.aseq + 1, kept.time, cut.name, more, kept.head, 0, kept.inc, [])
    taken = linkacks.take_acks(a, [cuts.sign(payload, key, a.network_id)])
    assert taken.kept == 0 and taken.refused == 1 and "do not fit its cut" in taken.why
    assert acks.known(a).acks[b.feed].aseq == kept.aseq


def test_a_day_old_ack_is_made_again_for_a_session(net, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    a, b, _ = net.nodes
    first_cut(a)
    session(a, b)
    before = acks.known(a).acks[a.feed]
    linkacks.acks_to_send(a)
    assert acks.known(a).acks[a.feed].aseq == before.aseq  # nothing new, not a day old
    later = before.time + beacon.REFRESH
    monkeypatch.setattr(linkacks, "time", types.SimpleNamespace(time=lambda: later))
    linkacks.acks_to_send(a)
    assert acks.known(a).acks[a.feed].aseq == before.aseq + 1


@pytest.mark.parametrize(
    "message",
    [
        {"t": "cuts", "cuts": [b"x", b"y", b"z"], "have": []},  # more than the two newest
        {"t": "cuts", "have": []},
        {"t": "cuts", "cuts": []},
        {"t": "cuts", "cuts": [], "have": [[b"12345678", 0]]},
        {"t": "cuts", "cuts": [], "have": [[b"1234567", 0, 1]]},
        {"t": "cuts", "cuts": [], "have": [[b"12345678", -1, 1]]},
        {"t": "acks", "acks": ["not bytes"]},
        {"t": "acks", "acks": [b""]},
        {"t": "acks", "acks": [b"x" * (messages.segment.MAX_RECORD + 1)]},
        {"t": "acks", "acks": b"x"},
    ],
)
def test_malformed_cuts_and_acks_messages_are_refused_field_by_field(
    message: dict[str, object],
) -> None:
    with pytest.raises(LinkError) as refused:
        messages.decode(cbor.encode(message))
    assert refused.value.code == "bad_peer"


def test_well_formed_cuts_and_acks_messages_pass_the_field_checks() -> None:
    cuts_message = {"t": "cuts", "cuts": [b"x", b"y"], "have": [[b"12345678", 0, 1]]}
    assert messages.decode(cbor.encode(cuts_message))["cuts"]
    assert messages.decode(cbor.encode({"t": "acks", "acks": []}))["acks"] == []


def test_the_fuzzers_seed_is_a_whole_session_whose_cut_and_ack_are_taken(fuzz_world) -> None:  # type: ignore[no-untyped-def]
    """fuzz/targets.py mutates this session: it must reach the new messages, not stop early."""
    from typing import cast

    from fuzz.targets import _Peer, session_with_acks

    peer = _Peer(fuzz_world, session_with_acks(fuzz_world), prove=True)
    report = Session(fuzz_world.a, cast(Channel, peer)).run()
    assert report.statements == 2 and report.statements_refused == 0  # the cut and the ack


def test_the_bench_runs_and_a_peer_keeping_every_ack_is_sent_none(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """bench.link_acks, small (its figures are in docs/performance.md; no timing here)."""
    from bench.link_acks import measure

    r = measure(tmp_path, 3, 3)
    assert r["acks_count"] == r["taken"] == 3
    assert r["acks_known"] == len(cbor.encode({"t": "acks", "acks": []})) == 14
