"""The sync station lists the town halls heard on the local network and syncs with one click;
the other side serves the session by itself. Two profiles on one machine, on loopback ports."""

from __future__ import annotations

from app.core.node.node import Node
from app.ui.nearby import Nearby
from app.ui.syncstation import SyncStation
from app.ui.worker import Worker
from tests.sync_kit import free_udp_ports, post


def test_a_town_hall_heard_on_the_lan_syncs_in_one_click(qtbot, net, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    a, b = net.nodes[0], net.nodes[1]
    thread = post(b, "Marché de samedi annulé")
    homes = [a.home, b.home]
    a.close()
    b.close()
    udp = free_udp_ports(2)
    stations, workers = [], []
    for me, other in ((0, 1), (1, 0)):
        monkeypatch.setenv("OBAMBU_LAN", "on")
        monkeypatch.setenv("OBAMBU_LAN_PORT", "0")
        monkeypatch.setenv("OBAMBU_DISCOVERY_PORT", str(udp[me]))
        monkeypatch.setenv("OBAMBU_ANNOUNCE_TO", f"127.0.0.1:{udp[other]}")
        monkeypatch.setenv("OBAMBU_ANNOUNCE_EVERY", "0.2")
        worker = Worker()
        worker.open(lambda h=homes[me]: Node.open(h, "pass phrase"))
        station = SyncStation(worker)
        qtbot.addWidget(station)
        station.start_lan()
        workers.append(worker)
        stations.append(station)
    ambam, bipindi = stations
    try:
        qtbot.waitUntil(lambda: ambam.nearby.count() == 1, timeout=20_000)
        assert ambam.nearby.item(0).text().startswith("Bipindi")
        assert "announced on the local network" in ambam.nearby_state.text()
        ambam.nearby_button.click()
        qtbot.waitUntil(lambda: "received" in ambam.result.text(), timeout=20_000)
        assert "1 new item received," in ambam.result.text()
        qtbot.waitUntil(
            lambda: "synced with this town hall" in bipindi.result.text(), timeout=20_000
        )
        assert bipindi.result.text().startswith("Ambam synced")
    finally:
        for worker in workers:
            Nearby.of(worker).stop()
            worker.stop()
    net.nodes[0] = Node.open(homes[0], "pass phrase")
    net.nodes[1] = Node.open(homes[1], "pass phrase")
    assert net.nodes[0].store.one("SELECT 1 FROM threads WHERE id = ?", (thread,)) is not None
