"""Joining from the screens: the newcomer's first run writes the request, the Network screen of
a commune invites, and the join screen takes the invitation back from the stick."""

from __future__ import annotations

from pathlib import Path

from app.core.node.node import Node
from app.ui.firstrun import FirstRunDialog
from app.ui.join import JoinDialog
from app.ui.network import NetworkPage
from app.ui.worker import Worker

PASS = "pass phrase"


def test_join_by_stick_from_the_screens(qtbot, net, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    stick = tmp_path / "stick"
    stick.mkdir()
    newcomer = Worker()
    try:
        first = FirstRunDialog(newcomer, tmp_path / "djoum", tmp_path / "demo")
        qtbot.addWidget(first)
        first.commune.setText("Djoum")
        first.passphrase.setText("une phrase assez longue")
        first.again.setText("une phrase assez longue")
        first.ask_to_join(stick)
        qtbot.waitUntil(lambda: first.result() == first.DialogCode.Accepted, timeout=20_000)
        assert list((stick / "OBAMBU" / "join").iterdir())
        join = JoinDialog(newcomer)
        qtbot.addWidget(join)
        join.take(stick)  # too early: nobody has invited Djoum yet
        qtbot.waitUntil(lambda: join.choose.isEnabled(), timeout=20_000)
        assert "no invitation" in join.problem.text()

        home = net.nodes[0].home
        net.nodes[0].close()
        ambam = Worker()
        try:
            ambam.open(lambda: Node.open(home, PASS))
            page = NetworkPage(ambam)
            qtbot.addWidget(page)
            monkeypatch.setattr("app.ui.confirm.ask", lambda *a, **k: True)
            page.invite_from(stick)
            qtbot.waitUntil(
                lambda: page.message.text().startswith("Invitation written"), timeout=20_000
            )
        finally:
            ambam.stop()
            net.nodes[0] = Node.open(home, PASS)

        join.take(stick)
        qtbot.waitUntil(lambda: join.result() == join.DialogCode.Accepted, timeout=20_000)
        joined: list[bytes | None] = []
        newcomer.submit(lambda node: node.store.meta("network_id"), joined.append)
        qtbot.waitUntil(lambda: bool(joined), timeout=20_000)
        assert joined[0] == net.nodes[0].network_id
    finally:
        newcomer.stop()


def test_rebuild_from_paper_writes_a_request(qtbot, net, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from app.core.crypto import paper
    from app.core.node import backups
    from app.sync import invite

    text = paper.seed_to_text(backups.paper_seed(net.nodes[0]))
    stick = tmp_path / "stick"
    stick.mkdir()
    worker = Worker()
    try:
        first = FirstRunDialog(worker, tmp_path / "ambam-again", tmp_path / "demo")
        qtbot.addWidget(first)
        first.passphrase.setText("une phrase assez longue")
        first.again.setText("une phrase assez longue")
        first.rebuild_from_paper("ce n'est pas un code", stick)
        qtbot.waitUntil(lambda: first.paper_button.isEnabled(), timeout=20_000)
        assert first.problem.text()  # a sentence about the code, nothing created
        assert not (tmp_path / "ambam-again").exists()
        first.rebuild_from_paper(text, stick)
        qtbot.waitUntil(lambda: first.result() == first.DialogCode.Accepted, timeout=20_000)
        (request,) = invite.read_requests(stick)
        assert request.commune == net.nodes[0].commune
    finally:
        worker.stop()


def test_a_forged_invitation_is_refused_on_the_join_screen_and_a_true_one_then_taken(  # type: ignore[no-untyped-def]
    qtbot, net, tmp_path: Path
) -> None:
    """The join screen keeps its node after a refusal: the next stick is read from a profile
    with nothing of the refused one, in its store or in its ledger's caches."""
    from app.core.crypto.keys import KeyPair
    from app.core.encoding.cose import parse_sign1, sign1
    from app.sync import invite
    from app.sync.export import export

    stick = tmp_path / "stick"
    stick.mkdir()
    Node.create(tmp_path / "djoum", PASS, "Djoum").close()
    newcomer = Worker()
    try:
        newcomer.open(lambda: Node.open(tmp_path / "djoum", PASS))
        done: list[object] = []
        newcomer.submit(lambda node: invite.write_request(node, stick), done.append)
        qtbot.waitUntil(lambda: bool(done), timeout=20_000)
        ambam = net.nodes[0]
        invite.invite(ambam, stick, invite.read_requests(stick))
        export(ambam, stick)
        (path,) = (stick / "OBAMBU" / "invite").iterdir()
        true = path.read_bytes()
        forged = sign1(parse_sign1(true).payload, KeyPair.generate().signing_key, ambam.network_id)
        path.write_bytes(forged)

        join = JoinDialog(newcomer)
        qtbot.addWidget(join)
        join.take(stick)
        qtbot.waitUntil(lambda: join.choose.isEnabled(), timeout=20_000)
        assert "not signed by a commune of the network" in join.problem.text()

        path.write_bytes(true)
        join.take(stick)
        qtbot.waitUntil(lambda: join.result() == join.DialogCode.Accepted, timeout=20_000)
        joined: list[tuple[bytes | None, int]] = []
        newcomer.submit(
            lambda node: (node.store.meta("network_id"), len(node.ledger.authorities(0))),
            joined.append,
        )
        qtbot.waitUntil(lambda: bool(joined), timeout=20_000)
        assert joined[0] == (ambam.network_id, 3)
    finally:
        newcomer.stop()
