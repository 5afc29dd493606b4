"""A technician at a town-hall laptop on Wi-Fi and Ethernet, as Windows shows them (issue 19).
Only the libraries' answers are faked, at their boundary: ifaddr's adapters and pyserial's
ports, as Windows gives them; everything else is the window as the technician uses it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ifaddr
import pytest
from serial.tools import list_ports
from serial.tools.list_ports_common import ListPortInfo

from app.ui.nearby import Nearby
from tests.journeys.conftest import Town, open_window
from tests.sync_kit import free_udp_ports

WAIT = 30_000


def adapter(name: str, address: str, prefix: int) -> ifaddr.Adapter:
    return ifaddr.Adapter(name, f"{name} adapter", [ifaddr.IP(address, prefix, name)])


LAPTOP = [
    adapter("Loopback Pseudo-Interface 1", "127.0.0.1", 8),
    adapter("Wi-Fi", "192.168.1.23", 24),
    adapter("Ethernet", "10.20.0.5", 16),
]


def com(device: str, description: str, vid: int | None = None, pid: int | None = None) -> Any:
    info = ListPortInfo(device, skip_link_detection=True)
    info.description, info.vid, info.pid = description, vid, pid
    return info


def test_a_board_plugged_in_after_the_screen_opened_appears_named_as_windows_names_it(
    qtbot, demo: Callable[[int], list[Town]], monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The technician opens Devices: the Wi-Fi is offered to serve the boards on, not 127.0.0.1
    alone. With the screen open, a relay is plugged in: "COM4 — USB-SERIAL CH340" appears
    without a restart, and the sync station's port list has it too. The Ethernet cable plugged
    in meanwhile is offered as well when Devices is opened again."""
    (ambam,) = demo(1)
    networks = LAPTOP[:2]  # loopback and Wi-Fi; the cable to the neighbour comes later
    monkeypatch.setattr(ifaddr, "get_adapters", lambda: list(networks))
    plugged = [com("COM1", "Communications Port (COM1)")]
    monkeypatch.setattr(list_ports, "comports", lambda: list(plugged))
    window, _worker = open_window(qtbot, ambam)
    try:
        window.nav.setCurrentRow(window.stack.indexOf(window.devices))
        page = window.devices
        offered = [page.interface.itemText(n) for n in range(page.interface.count())]
        assert offered == ["Wi-Fi — 192.168.1.23"]  # not 127.0.0.1 alone, as on Windows before
        qtbot.waitUntil(lambda: page.ports.count() == 1, timeout=WAIT)
        assert page.ports.item(0).text().startswith("COM1 — Communications Port")
        plugged.append(com("COM4", "USB-SERIAL CH340 (COM4)", 0x1A86, 0x7523))
        qtbot.waitUntil(lambda: page.ports.count() == 2, timeout=WAIT)  # no click, no restart
        assert page.ports.item(0).text().startswith("COM4 — USB-SERIAL CH340 (1A86:7523)")
        page.ports.setCurrentRow(0)
        assert page.port.text() == "COM4"
        window.nav.setCurrentRow(window.stack.indexOf(window.sync_station))
        station = window.sync_station
        qtbot.waitUntil(lambda: station.port.count() == 2, timeout=WAIT)
        assert station.port.itemText(0) == "COM4 — USB-SERIAL CH340"
        assert station.port.itemData(0) == "COM4"
        networks.append(LAPTOP[2])  # the Ethernet cable is plugged in; back to Devices
        window.nav.setCurrentRow(window.stack.indexOf(window.devices))
        offered = [page.interface.itemText(n) for n in range(page.interface.count())]
        assert offered == ["Wi-Fi — 192.168.1.23", "Ethernet — 10.20.0.5"]
    finally:
        window.close()


@pytest.mark.parametrize(
    ("adapters", "said"),
    [
        (LAPTOP, "firewall may be blocking Obambu"),
        (LAPTOP[:1], "on no local network"),
    ],
    ids=["on_two_networks", "on_no_network"],
)
def test_when_no_town_hall_answers_the_sync_station_says_why_that_may_be(
    qtbot,
    demo: Callable[[int], list[Town]],
    monkeypatch: pytest.MonkeyPatch,
    adapters: list[ifaddr.Adapter],
    said: str,
) -> None:  # type: ignore[no-untyped-def]
    """A standard Windows user cannot approve the firewall's prompt: nothing comes in. After a
    dozen announcements with no answer, the sync station says, in one sentence, that the
    firewall may be the cause — or that the laptop is on no network at all."""
    (ambam,) = demo(1)
    monkeypatch.setattr(ifaddr, "get_adapters", lambda: adapters)
    udp, nobody = free_udp_ports(2)
    monkeypatch.setenv("OBAMBU_LAN", "on")
    monkeypatch.setenv("OBAMBU_LAN_PORT", "0")
    monkeypatch.setenv("OBAMBU_DISCOVERY_PORT", str(udp))
    monkeypatch.setenv("OBAMBU_ANNOUNCE_TO", f"127.0.0.1:{nobody}")  # no town hall there
    monkeypatch.setenv("OBAMBU_ANNOUNCE_EVERY", "0.05")
    window, worker = open_window(qtbot, ambam)
    try:
        window.nav.setCurrentRow(window.stack.indexOf(window.sync_station))
        state = window.sync_station.nearby_state
        qtbot.waitUntil(lambda: said in state.text(), timeout=WAIT)
        assert state.text().count(".") <= 2  # one plain sentence, and what to do
    finally:
        Nearby.of(worker).stop()
        window.close()
