"""The Devices screen driven as a technician would, against an emulated board running the
relay's C core: check a signed pack, flash it with the real esptool, configure and register
the relay, read its signed report, exchange blocks; and the hint when a board does not answer.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from app.provision import pack, ports
from app.ui.devices import DevicesPage
from tests.conftest import Network
from tests.esp.kit import Firmware
from tests.esp.relay_app import RelayFirmware, library

pytest_plugins = ["tests.esp.fixtures"]  # esp_devices, firmware

PORT = "espboard://relay"
LONG = 40_000


@pytest.fixture
def page(qtbot, net: Network, firmware: Firmware, tmp_path: Path, request):  # type: ignore[no-untyped-def]
    a = net.nodes[0]
    technician = a.add_member("Technicien Ekani", "technician")
    a.seal()
    pack.build(
        a,
        tmp_path / "relay.zip",
        member=technician,
        bootloader=firmware.bootloader,
        partition_table=firmware.partition_table,
        app=firmware.app,
    )
    made = DevicesPage(request.getfixturevalue("ambam_worker"))  # once the pack is signed
    qtbot.addWidget(made)
    return made


def test_flash_configure_report_and_exchange(  # type: ignore[no-untyped-def]
    qtbot,
    page: DevicesPage,
    esp_devices: ModuleType,
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    board = esp_devices.board("relay")
    board.app = RelayFirmware(library(tmp_path_factory.mktemp("build")), board)
    page.refresh()
    page.port.setText(PORT)
    page.load_pack(tmp_path / "relay.zip")
    qtbot.waitUntil(lambda: "checked" in page.pack_label.text(), timeout=LONG)
    assert "relay-1.2.3 for ESP32, signed by Technicien Ekani" in page.pack_label.text()
    page.flash()
    qtbot.waitUntil(lambda: page.message.text().startswith("Flashed in"), timeout=LONG)
    assert page.bar.value() == page.bar.maximum()
    page.name.setText("Relais du marché")
    page.carry["documents"].setChecked(False)
    page.configure()
    qtbot.waitUntil(lambda: "registered in the ledger" in page.message.text(), timeout=LONG)
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=LONG)
    assert page.table.item(0, 0).text() == "Relais du marché"
    assert page.table.item(0, 2).text() == "none yet"
    page.read_report()
    qtbot.waitUntil(lambda: "report is recorded" in page.message.text(), timeout=LONG)
    qtbot.waitUntil(lambda: "objects" in page.table.item(0, 4).text(), timeout=LONG)
    page.exchange()
    qtbot.waitUntil(lambda: page.message.text().startswith("Left"), timeout=LONG)
    board.app.halt()
    from app.ui.home import HomePage

    home = HomePage(page.worker)
    qtbot.addWidget(home)
    home.refresh()  # the relay shows in the network's health, from its signed report
    qtbot.waitUntil(lambda: "Radio relay" in home.received.text(), timeout=LONG)
    relay = next(r for r in home.received.text().split("\n") if "Relais du marché" in r)
    assert relay.startswith("Radio relay Relais du marché (report of ")
    assert "waiting on it" in relay


def test_a_board_that_does_not_answer_gets_the_boot_hint(  # type: ignore[no-untyped-def]
    qtbot, page: DevicesPage, esp_devices: ModuleType, tmp_path: Path
) -> None:
    esp_devices.board("silent", autoreset=False)
    page.port.setText("espboard://silent")
    page.load_pack(tmp_path / "relay.zip")
    qtbot.waitUntil(lambda: "checked" in page.pack_label.text(), timeout=LONG)
    page.flash()
    qtbot.waitUntil(lambda: "BOOT" in page.message.text(), timeout=LONG)
    assert "Hold its BOOT button" in page.message.text()
    assert page.flash_button.isEnabled() and not page.cancel_button.isEnabled()


def test_serving_the_wifi_boards_and_the_status_page(qtbot, page: DevicesPage, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import json
    import urllib.request

    import ifaddr

    # A laptop on no network: loopback is offered, alone (tests/test_windows_network.py).
    lone = ifaddr.Adapter("lo", "lo", [ifaddr.IP("127.0.0.1", 8, "lo")])
    monkeypatch.setattr(ifaddr, "get_adapters", lambda: [lone])
    page.refresh()  # what opening the screen does
    index = page.interface.findData("127.0.0.1")
    assert index >= 0
    page.interface.setCurrentIndex(index)
    page.api_port.setValue(0)  # any free port
    page.api_button.setChecked(True)
    qtbot.waitUntil(lambda: page.api is not None, timeout=LONG)
    assert "Serving the boards at 127.0.0.1" in page.api_state.text()
    assert page.api is not None
    with urllib.request.urlopen(f"http://127.0.0.1:{page.api.port}/status.json") as reply:
        status = json.loads(reply.read())
    assert status  # feeds, devices… for the technician
    page.api_button.setChecked(False)
    assert page.api is None and page.api_state.text() == "Not serving."


def test_the_other_screens_are_served_while_a_board_is_flashed(  # type: ignore[no-untyped-def]
    qtbot, page: DevicesPage, esp_devices: ModuleType, tmp_path: Path
) -> None:
    esp_devices.board("slow", line_time=True)  # the UART's real speed: flashing takes seconds
    page.port.setText("espboard://slow")
    page.load_pack(tmp_path / "relay.zip")
    qtbot.waitUntil(lambda: "checked" in page.pack_label.text(), timeout=LONG)
    page.flash()
    qtbot.waitUntil(lambda: page.bar.value() > 0, timeout=LONG)
    answered: list[bytes] = []
    page.worker.submit(lambda node: node.commune, answered.append)
    qtbot.waitUntil(lambda: bool(answered), timeout=LONG)
    assert page.message.text().startswith("Flashing")  # answered while the flash still runs
    qtbot.waitUntil(lambda: page.message.text().startswith("Flashed in"), timeout=LONG * 2)


def test_a_board_plugged_in_appears_and_a_port_stolen_at_once_is_explained(  # type: ignore[no-untyped-def]
    qtbot, monkeypatch, page: DevicesPage
) -> None:
    """The technician keeps the screen open and plugs a relay in: it is listed without a
    click. On a laptop where brltty takes CH340 adapters, the port appears and vanishes at once,
    and the screen says why."""
    plugged: list[list[ports.PortInfo]] = [
        [ports.PortInfo("/dev/ttyS0", ports.NO_USB, "")],
        [
            ports.PortInfo("/dev/ttyS0", ports.NO_USB, ""),
            ports.PortInfo("/dev/ttyUSB0", "CH340/CH341", "", vid=0x1A86, pid=0x7523),
        ],
        [ports.PortInfo("/dev/ttyS0", ports.NO_USB, "")],
    ]
    monkeypatch.setattr(
        ports, "list_serial_ports", lambda: plugged.pop(0) if len(plugged) > 1 else plugged[0]
    )
    page.clock = lambda: 100.0  # the three looks fall within brltty's second
    page.show()
    for count in (1, 2, 1):  # the screen's own polling: no click
        qtbot.waitUntil(lambda c=count: page.ports.count() == c, timeout=20_000)
        if count == 2:
            assert "/dev/ttyUSB0" in page.ports.item(1).text()
    assert "brltty" in page.message.text()
