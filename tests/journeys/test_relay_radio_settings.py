"""A technician gives a relay its radio settings: on the Devices screen they pick France and see
only what France allows (its bands; each band's channels, powers and spreading factors), choose
the 10 % band at 869.4 MHz, configure the board (an emulated ESP32 running the relay's C core,
flashed with the real esptool) and the settings the relay reads at boot are the ones chosen,
with which its own check turns the radio on. Then the same from `obambu device configure`, and
a choice France does not allow refused in one sentence.
"""

from __future__ import annotations

import ctypes
import json
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.core.devices import radio_plan
from app.provision import pack, partitions
from app.provision.relaycfg import NVS_PARTITION, RelayConfig, config_from_nvs
from app.sync.relay import device_id_from_mac
from app.ui.devices import DevicesPage
from bench.relay_forwarding import HostRelay
from tests.conftest import Network
from tests.esp.kit import Firmware, eventually
from tests.esp.relay_app import RelayFirmware, library

pytest_plugins = ["tests.esp.fixtures"]  # esp_devices, firmware

PORT = "espboard://relay"
LONG = 40_000


def stored_config(board: Any) -> RelayConfig:
    """The CONFIG record in the board's `relaycfg` partition: what the relay boots with."""
    flash = bytes(board.flash)
    where = partitions.find(
        flash[partitions.OFFSET : partitions.OFFSET + partitions.TABLE_SIZE], NVS_PARTITION
    )
    return config_from_nvs(flash[where.offset : where.offset + where.size])


def relay_modem(lib: ctypes.CDLL, config: RelayConfig) -> tuple[int, ...] | None:
    """The modem the relay's own check (config_modem) turns the radio on with, if any."""
    out = (ctypes.c_int64 * 8)()
    data = config.pack()
    call = lib.config_radio_host_modem
    call.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_int64)]
    return tuple(out) if call(data, len(data), out) == 0 else None


def combo(box: Any) -> list[Any]:
    return [box.itemData(n) for n in range(box.count())]


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
    made = DevicesPage(request.getfixturevalue("ambam_worker"))
    qtbot.addWidget(made)
    return made


def test_the_technician_chooses_what_france_allows_on_the_screen(  # type: ignore[no-untyped-def]
    qtbot,
    page: DevicesPage,
    esp_devices: ModuleType,
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    board = esp_devices.board("relay")
    lib = library(tmp_path_factory.mktemp("build"))
    board.app = RelayFirmware(lib, board)
    radio = page.radio
    # Before a country is chosen the radio is off, and nothing else can be picked.
    assert radio.country.currentData() == "" and radio.band.count() == 0
    assert not radio.band.isEnabled()
    assert combo(radio.country) == ["", "FR"]  # only the countries whose rules are known
    radio.choose_country("FR")
    assert radio.band.count() == 6 and radio.band.isEnabled()
    assert radio.band.itemText(0) == "868–868.6 MHz LoRa, 1 % of the time"
    assert radio.band.itemText(5) == "2400–2483.5 MHz Wi-Fi (ESP-NOW), no time limit"
    tooltip = radio.band.itemData(0, Qt.ItemDataRole.ToolTipRole)
    assert tooltip == "868–868.6 MHz LoRa, on air 1 % of the time at most"
    # Every band offers only its own channels, powers and spreading factors, and every
    # combination of them is one France allows.
    for index in range(radio.band.count()):
        radio.band.setCurrentIndex(index)
        band = radio_plan.bands("FR")[index]
        assert combo(radio.channel) == [c.number for c in radio_plan.channels(band)]
        assert combo(radio.power) == list(radio_plan.powers(band))
        assert combo(radio.spreading) == list(radio_plan.spreading_factors(band))
        for channel in combo(radio.channel):
            for power in combo(radio.power):
                for sf in combo(radio.spreading) or [0]:
                    choice = radio_plan.RadioChoice(
                        "FR", index, channel, power, sf, 0, 5 if sf else 0
                    )
                    assert radio_plan.allowed(choice), choice
    radio.band.setCurrentIndex(0)
    assert radio.channel.itemText(0) == "0: 868.0625 MHz"
    assert radio.power.currentData() == 13  # 14 dBm ERP through a 3 dBi antenna
    # The technician chooses the 10 % band, its second channel, 19 dBm and SF10.
    radio.band.setCurrentIndex(radio.band.findData(2))
    assert combo(radio.channel) == [0, 1]
    radio.channel.setCurrentIndex(1)
    radio.power.setCurrentIndex(radio.power.findData(19))
    radio.spreading.setCurrentIndex(radio.spreading.findData(10))

    page.refresh()
    page.port.setText(PORT)
    page.load_pack(tmp_path / "relay.zip")
    qtbot.waitUntil(lambda: "checked" in page.pack_label.text(), timeout=LONG)
    page.flash()
    qtbot.waitUntil(lambda: page.message.text().startswith("Flashed in"), timeout=LONG)
    page.name.setText("Relais du marché")
    page.configure()  # writes the settings, reads them back from the relay, registers it
    qtbot.waitUntil(lambda: "registered in the ledger" in page.message.text(), timeout=LONG)
    config = stored_config(board)
    assert (config.country, config.radio_kind, config.band) == ("FR", radio_plan.LORA, 2)
    assert (config.radio_channel, config.tx_power_dbm, config.spreading_factor) == (1, 19, 10)
    assert (config.bandwidth, config.coding_rate) == (0, 5)
    kind, freq_hz, bw_hz, sf, cr, _preamble, power, _rate = relay_modem(lib, config) or ()
    assert (kind, freq_hz, bw_hz, sf, cr, power) == (1, 869_587_500, 125_000, 10, 5, 19)

    # Back to "no radio": the lists empty, and a relay configured so keeps its radio off.
    radio.choose_country("")
    assert radio.band.count() == radio.channel.count() == 0 and radio.choice() is None


def test_the_technician_chooses_the_radio_from_the_command_line(
    net: Network,
    firmware: Firmware,
    esp_devices: ModuleType,
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from app.cli import main

    def cli(*argv: object) -> tuple[int, str, str]:
        capsys.readouterr()
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exc:
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    board = esp_devices.board("relay")
    lib = library(tmp_path_factory.mktemp("build"))
    board.app = RelayFirmware(lib, board)
    monkeypatch.setenv("OBAMBU_PASSPHRASE", "pass phrase")
    a = net.nodes[0]
    a.close()
    h = ("--home", a.home, "--json")
    parts = []
    for name, data in (
        ("boot", firmware.bootloader),
        ("table", firmware.partition_table),
        ("app", firmware.app),
    ):
        (tmp_path / f"{name}.bin").write_bytes(data)
        parts.append(tmp_path / f"{name}.bin")
    zip_ = tmp_path / "relay.zip"
    code, _, err = cli(
        *h,
        "pack",
        "build",
        "--bootloader",
        parts[0],
        "--partition-table",
        parts[1],
        "--app",
        parts[2],
        "--out",
        zip_,
    )
    assert code == 0, err
    code, out, err = cli(*h, "device", "flash", "--port", PORT, "--pack", zip_)
    assert code == 0 and json.loads(out)["complete"], err
    assert eventually(lambda: board.app.relay is not None, 5.0)
    configure = (*h, "device", "configure", "--port", PORT, "--pack", zip_, "--name", "Relais")
    # 14 dBm at the pin is over 868.0-868.6's 14 dBm ERP with a 3 dBi antenna: refused.
    code, _, err = cli(*configure, "--country", "FR", "--band", "0", "--power", "14")
    assert code == 2 and "FR does not allow these settings" in err and "2 to 13 dBm" in err
    code, _, err = cli(*configure, "--country", "CM")
    assert code == 2 and "No radio plan is known for CM" in err
    code, out, err = cli(
        *configure, "--country", "fr", "--band", "5", "--channel", "6", "--power", "17"
    )
    assert code == 0, err
    config = stored_config(board)
    assert (config.country, config.radio_kind, config.band) == ("FR", radio_plan.ESPNOW, 5)
    kind, freq_hz, _bw, _sf, _cr, _pre, power, rate = relay_modem(lib, config) or ()
    assert (kind, freq_hz, power, rate) == (2, 2_437_000_000, 17, 1_000_000)  # Wi-Fi channel 6
    net.nodes[0] = type(a).open(a.home, "pass phrase")


class RadioBoard(RelayFirmware):
    """The board's relay with its radio on a fake air (firmware/host/relay_radio_host_api.c,
    ESP-NOW on Wi-Fi channel 1) beside two relays of the same network: one near, one far."""

    NEAR, FAR = (
        device_id_from_mac(bytes.fromhex("240ac4102001")),
        device_id_from_mac(bytes.fromhex("240ac4102002")),
    )

    def __init__(self, lib: ctypes.CDLL, board: Any) -> None:
        super().__init__(lib, board)
        vp, u32, size, i = ctypes.c_void_p, ctypes.c_uint32, ctypes.c_size_t, ctypes.c_int
        for name, args, result in [
            ("rr_size", [], size),
            ("rr_init", [vp, size, ctypes.c_uint, u32], i),
            ("rr_link", [vp, ctypes.c_uint, ctypes.c_uint, i, i], None),
            ("rr_attach", [vp, ctypes.c_uint, vp, u32, u32, u32], i),
            ("rr_step", [vp, u32], None),
        ]:
            function = getattr(lib, name)
            function.argtypes, function.restype = args, result
        self.kept: list[Any] = []  # every boot's air and neighbours outlive it
        self.air: int | None = None

    def boot(self) -> None:
        super().boot()
        with self.lock:
            relay = self.relay
            stored = relay.stored() if relay is not None else None
            if relay is None or stored is None:
                self.air = None
                return
            mine = RelayConfig.unpack(stored)
            lib = self.lib
            memory = ctypes.create_string_buffer(lib.rr_size() + 16)
            air = ctypes.addressof(memory) + (-ctypes.addressof(memory)) % 8
            assert lib.rr_init(air, lib.rr_size(), 3, 1_000_000) == 0
            lib.rr_link(air, 0, 1, -62, 0)
            lib.rr_link(air, 0, 2, -93, 0)
            assert lib.rr_attach(air, 0, relay.handle, 60_000, 1000, 1) == 0
            for index, device in ((1, self.NEAR), (2, self.FAR)):
                other = HostRelay(lib, device, boot_ms=relay.now())
                assert other.set_config(replace(mine, device_id=device, key_seed=bytes(32))) == 0
                assert lib.rr_attach(air, index, other.handle, 60_000, 1000, index + 1) == 0
                self.kept.append(other)
            self.kept.append(memory)
            self.air = air

    def _loop(self) -> None:
        while not self.stop.wait(0.005):
            with self.lock:
                if self.relay is None or self.board.mode != "app":
                    continue
                now = self.relay.now()
                if self.air is not None:
                    self.lib.rr_step(self.air, now)  # ticks the board's relay too
                else:
                    self.relay.tick(now)
                out = self.relay.poll(0, now)
            if out:
                self.board.emit(out)


def test_the_technician_reads_a_relays_radio_from_its_report(  # type: ignore[no-untyped-def]
    qtbot,
    page: DevicesPage,
    esp_devices: ModuleType,
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    board = esp_devices.board("relay")
    board.app = RadioBoard(library(tmp_path_factory.mktemp("build")), board)
    page.refresh()
    page.port.setText(PORT)
    page.load_pack(tmp_path / "relay.zip")
    qtbot.waitUntil(lambda: "checked" in page.pack_label.text(), timeout=LONG)
    page.flash()
    qtbot.waitUntil(lambda: page.message.text().startswith("Flashed in"), timeout=LONG)
    page.name.setText("Relais du marché")
    page.radio.choose_country("FR")
    page.radio.band.setCurrentIndex(page.radio.band.findData(5))  # Wi-Fi
    page.radio.channel.setCurrentIndex(page.radio.channel.findData(1))  # 2412 MHz
    page.configure()
    qtbot.waitUntil(lambda: "registered in the ledger" in page.message.text(), timeout=LONG)
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=LONG)
    view = page.radio_view
    assert "No report from this relay yet" in view.state.text()
    # The relays around it say hello as they start; the technician reads the report after.
    qtbot.wait(500)
    page.read_report()
    qtbot.waitUntil(lambda: "report is recorded" in page.message.text(), timeout=LONG)
    qtbot.waitUntil(lambda: "It hears" in view.state.text(), timeout=LONG)
    text = view.state.text()
    assert text.startswith("Wi-Fi (ESP-NOW) on 2412 MHz, ")
    assert "On air " in text and "% of the time the band allows" in text
    assert "0 dropped" in text and "It hears 2 relays." in text
    rows = [
        [view.neighbours.item(r, c).text() for c in range(4)]
        for r in range(view.neighbours.rowCount())
    ]
    near, far = RadioBoard.NEAR[4:].hex(), RadioBoard.FAR[4:].hex()
    assert [r[0] for r in rows] == [f"…{near}", f"…{far}"]  # the best heard first
    assert rows[0][1] == "good (-62 dBm)" and rows[1][1] == "weak (-93 dBm)"
    assert all(r[2].endswith(" s") and int(r[3]) > 0 for r in rows)
    assert view.neighbours.item(0, 0).toolTip() == f"…{near}"
    board.app.halt()
