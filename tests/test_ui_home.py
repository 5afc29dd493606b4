"""Beneath the home screen and the news banner: what the core counts as news from each commune,
what it says the other communes have received from us, the first steps, the banner's words, and
the empty lists' sentences and buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.core import news, status
from app.core.forum import service as forum
from app.core.news import Arrival, News
from app.core.node import backups
from app.core.node.node import Node
from app.core.votes import service as votes
from app.sync import health
from app.ui.nearby import Nearby
from app.ui.notify import NewsBanner
from app.ui.syncstation import SyncStation
from app.ui.votes import NewVoteDialog, VotesPage
from app.ui.worker import Worker
from tests.conftest import Network
from tests.sync_kit import free_udp_ports, post


def test_news_counts_what_other_communes_wrote_since_the_mark(net: Network) -> None:
    ambam, bipindi, campo = net.nodes
    mark = news.mark(ambam)
    forum.start_thread(bipindi, "Marché", "Samedi")
    forum.start_thread(bipindi, "Pluies", "La piste est coupée")
    votes.open_vote(bipindi, "Route ?", ["oui", "non"])
    forum.start_thread(campo, "Fête", "Dimanche")
    forum.start_thread(ambam, "Nos nouvelles", "…")  # ours: never news for us
    for node in net.nodes:
        node.seal()
    net.sync()
    found, now = news.since(ambam, mark)
    assert found.arrivals == (
        Arrival("Bipindi", {"posts": 2, "votes": 1}),
        Arrival("Campo", {"posts": 1}),
    )
    assert found.main_kind == "posts"
    assert not news.since(ambam, now)[0]  # told once


def test_the_main_kind_of_news_decides_where_the_button_goes() -> None:
    assert News((Arrival("Bipindi", {"votes": 2, "posts": 1}),)).main_kind == "votes"
    assert News((Arrival("Bipindi", {"posts": 1, "votes": 1}),)).main_kind == "posts"
    assert News().main_kind is None


def test_what_each_commune_has_received_from_us(net: Network) -> None:
    """Known from the blocks each commune wrote after receiving ours: until Bipindi writes
    again, this laptop cannot know that Bipindi holds Ambam's founding blocks."""
    ambam, bipindi, _campo = net.nodes
    reach = health.reach(ambam)
    assert [(r.commune, r.everything) for r in reach.communes] == [
        ("Bipindi", False),
        ("Campo", False),
    ]
    assert reach.not_out > 0
    forum.start_thread(bipindi, "Bien reçu", "…")
    bipindi.seal()
    net.sync([ambam, bipindi])
    by_name = {r.commune: r for r in health.reach(ambam).communes}
    assert by_name["Bipindi"].everything and by_name["Bipindi"].upto is not None
    assert not by_name["Campo"].everything
    assert health.reach(ambam).not_out == 0  # Bipindi holds all of it
    forum.start_thread(ambam, "Marché", "Samedi")
    assert health.reach(ambam).not_out == 1  # not sealed yet: it leaves with the next stick


def test_the_first_steps_are_read_from_what_was_done(net: Network) -> None:
    ambam = net.nodes[0]
    steps = status.first_steps(ambam)
    assert (steps.members, steps.communes, steps.paper) == (False, True, False)
    ambam.add_member("Anne Bella", "deputy")  # pending: counted before its block is sealed
    backups.record_paper_printed(ambam)
    assert status.first_steps(ambam).done


def test_the_banner_says_what_came_and_from_whom(qtbot, ambam_worker) -> None:  # type: ignore[no-untyped-def]
    opened: list[str] = []
    banner = NewsBanner(ambam_worker, opened.append)
    qtbot.addWidget(banner)
    banner.tell(
        News(
            (
                Arrival("Bipindi", {"posts": 2, "votes": 1, "documents": 1}),
                Arrival("Campo", {"attestations": 1}),
            )
        )
    )
    assert banner.text.text() == (
        "2 new forum messages, 1 vote and 1 document from Bipindi. 1 attestation from Campo."
    )
    qtbot.mouseClick(banner.open_button, Qt.MouseButton.LeftButton)
    assert opened == ["posts"] and banner.isHidden()
    banner.stop()


def test_an_empty_list_says_why_and_offers_the_first_step(qtbot, ambam_worker, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = VotesPage(ambam_worker)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.empty.isVisible(), timeout=20_000)
    assert page.empty.sentence.text().startswith("No vote yet.")
    asked: list[bool] = []
    monkeypatch.setattr(NewVoteDialog, "exec", lambda self: asked.append(True) or 0)
    assert page.empty.action is not None
    qtbot.mouseClick(page.empty.action, Qt.MouseButton.LeftButton)
    assert asked == [True]  # the dialog that opens a vote


def test_a_sync_over_the_local_network_brings_news_the_banner_tells(  # type: ignore[no-untyped-def]
    qtbot, net: Network, monkeypatch
) -> None:
    """Ambam syncs with Bipindi, heard on the local network: what came is told in words."""
    a, b = net.nodes[0], net.nodes[1]
    post(b, "Marché de samedi annulé")
    homes = [a.home, b.home]
    a.close()
    b.close()
    udp = free_udp_ports(2)
    stations, workers = [], []
    try:
        for me, other in ((0, 1), (1, 0)):
            monkeypatch.setenv("OBAMBU_LAN", "on")
            monkeypatch.setenv("OBAMBU_LAN_PORT", "0")
            monkeypatch.setenv("OBAMBU_DISCOVERY_PORT", str(udp[me]))
            monkeypatch.setenv("OBAMBU_ANNOUNCE_TO", f"127.0.0.1:{udp[other]}")
            monkeypatch.setenv("OBAMBU_ANNOUNCE_EVERY", "0.2")
            worker = Worker()
            worker.open(lambda h=homes[me]: Node.open(h, "pass phrase"))
            workers.append(worker)
            station = SyncStation(worker)
            qtbot.addWidget(station)
            station.start_lan()
            stations.append(station)
        opened: list[str] = []
        banner = NewsBanner(workers[0], opened.append)  # Ambam's
        qtbot.addWidget(banner)
        qtbot.waitUntil(lambda: workers[0].pending == 0, timeout=20_000)  # marked
        ambam = stations[0]
        qtbot.waitUntil(lambda: ambam.nearby.count() == 1, timeout=20_000)
        ambam.nearby_button.click()
        qtbot.waitUntil(lambda: not banner.isHidden(), timeout=20_000)
        assert banner.text.text() == "1 new forum message from Bipindi."
        banner.open_button.click()
        assert opened == ["posts"]
        banner.stop()
    finally:
        for worker in workers:
            Nearby.of(worker).stop()
            worker.stop()
        net.nodes[0] = Node.open(homes[0], "pass phrase")
        net.nodes[1] = Node.open(homes[1], "pass phrase")
