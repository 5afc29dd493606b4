"""A technician's whole job with a relay, on an emulated board whose firmware is the real C
core: flash a signed pack with the real esptool, configure it, read the settings back, register
it in the ledger, record its signed link report; then two laptops exchange a block through it.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from app.core.devices import devices
from app.provision import flashing, pack, relay_setup
from app.provision.relay_setup import Settings
from app.sync.relay import RelayError
from tests.conftest import Network
from tests.esp.kit import Firmware, eventually
from tests.esp.relay_app import RelayFirmware, library
from tests.sync_kit import post

pytest_plugins = ["tests.esp.fixtures"]  # esp_devices, firmware

PORT = "espboard://relay"


@pytest.fixture
def relay(esp_devices: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> RelayFirmware:
    board = esp_devices.board("relay")
    app = RelayFirmware(library(tmp_path_factory.mktemp("relay-build")), board)
    board.app = app
    yield app
    app.halt()


@pytest.fixture
def signed_pack(net: Network, firmware: Firmware, tmp_path: Path) -> tuple[Path, bytes]:
    a = net.nodes[0]
    technician = a.add_member("Technicien Ekani", "technician")
    a.seal()
    path = tmp_path / "relay.zip"
    pack.build(
        a,
        path,
        member=technician,
        bootloader=firmware.bootloader,
        partition_table=firmware.partition_table,
        app=firmware.app,
    )
    return path, technician


def test_flash_configure_register_report_and_exchange_a_block(
    net: Network, relay: RelayFirmware, signed_pack: tuple[Path, bytes]
) -> None:
    a, b, _ = net.nodes
    path, technician = signed_pack
    checked = pack.verify(a, path)
    flashed = flashing.flash(PORT, checked.flash_args, expected_chip=checked.chip)
    assert flashed.complete
    assert eventually(lambda: relay.relay is not None, 5.0)  # booted into the firmware
    with pytest.raises(RelayError) as unset, relay_setup.session(PORT) as client:
        client.hello_node(a)  # flashed, not yet configured
    assert unset.value.code == "relay_not_configured"

    done = relay_setup.configure(a, PORT, Settings(name="Relais du marché", classes=0b011))
    assert done.config.name == "Relais du marché" and done.config.key_seed == bytes(32)
    relay_setup.register(a, done, checked, member=technician)
    relay_setup.report(a, PORT)
    (shown,) = devices.latest(a.store)
    assert shown["name"] == "Relais du marché" and shown["firmware"] == "relay-1.2.3"
    assert shown["report"] is not None and shown["report"].status.links[0].frames_in > 0

    thread = post(a, "Route de Bipindi coupée")
    net.sync([a, net.nodes[2]])  # Bipindi has been out of reach: only the relay goes there
    sent = relay_setup.exchange(a, PORT)
    assert sent.sent >= 1
    got = relay_setup.exchange(b, PORT)
    assert got.imported.new >= 1
    assert b.store.one("SELECT 1 FROM threads WHERE id = ?", (thread,)) is not None


def _cli(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    from app.cli import main

    capsys.readouterr()
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_technicians_commands(
    net: Network,
    relay: RelayFirmware,
    firmware: Firmware,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    esp_devices: ModuleType,
) -> None:
    import json

    monkeypatch.setenv("OBAMBU_PASSPHRASE", "pass phrase")
    monkeypatch.setenv("OBAMBU_KDF", "interactive")
    a = net.nodes[0]
    a.close()
    h = ("--home", a.home, "--json")
    parts = {}
    for name, data in (
        ("boot", firmware.bootloader),
        ("table", firmware.partition_table),
        ("app", firmware.app),
    ):
        parts[name] = tmp_path / f"{name}.bin"
        parts[name].write_bytes(data)
    zip_ = tmp_path / "relay.zip"
    code, out, err = _cli(
        capsys,
        *h,
        "pack",
        "build",
        "--bootloader",
        parts["boot"],
        "--partition-table",
        parts["table"],
        "--app",
        parts["app"],
        "--out",
        zip_,
    )
    assert code == 0, err
    assert json.loads(out)["signer"] == "Maire de Ambam"
    assert json.loads(_cli(capsys, *h, "pack", "verify", zip_)[1])["version"] == "relay-1.2.3"
    code, out, err = _cli(capsys, *h, "device", "flash", "--port", PORT, "--pack", zip_)
    assert code == 0 and json.loads(out)["complete"], err
    assert eventually(lambda: relay.relay is not None, 5.0)
    name = ("--name", "Relais de la mairie", "--carry", "governance", "blocks")
    code, out, err = _cli(capsys, *h, "device", "configure", "--port", PORT, "--pack", zip_, *name)
    assert code == 0, err
    device = json.loads(out)["device"]
    code, out, err = _cli(capsys, "--home", a.home, "device", "status", "--port", PORT)
    assert code == 0 and "Relais de la mairie: up" in out, err
    code, out, _ = _cli(capsys, *h, "device", "list", "--registered")
    assert [b["id"] for b in json.loads(out)["registered"]] == [device]
    code, out, err = _cli(capsys, *h, "device", "exchange", "--port", PORT)
    assert code == 0, err

    esp_devices.board("silent", autoreset=False)  # no auto-reset circuit, BOOT not held
    code, _, err = _cli(
        capsys, *h, "device", "flash", "--port", "espboard://silent", "--pack", zip_
    )
    assert code == 2 and "hold its BOOT button" in err
    zip_.write_bytes(zip_.read_bytes()[:-10])  # a truncated download
    code, _, err = _cli(capsys, *h, "device", "flash", "--port", PORT, "--pack", zip_)
    assert code == 2 and "damaged" in err
    net.nodes[0] = type(a).open(a.home, "pass phrase")
