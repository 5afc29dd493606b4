"""Provisioning relays with the real esptool 5.6.0 against an emulated ESP32 (tests/esp).

Every flash goes through esptool's own code: SLIP, stub upload, compression, per-block
retries, MD5 verification, DTR/RTS resets. Only the chip and its board are emulated.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
import serial
from esp_pylib.logger import EspLog

from app.core.progress import Phase, Progress
from app.provision import chip, flashing, hints, ports, relaycfg
from app.provision.hints import ProvisionError
from app.provision.nvs import NvsFormatError, read_nvs_blob
from app.provision.relaycfg import RelayConfig, RelayConfigError
from tests.esp import elf_builder
from tests.esp.board import BannerApp
from tests.esp.kit import Firmware, PtyBridge, eventually
from tests.esp.romemu import Faults, RomEmulator

pytest_plugins = ["tests.esp.fixtures"]  # esp_devices, firmware, pty_emulator

MAC = "24:6f:28:aa:bb:cc"
FAST = 2  # connect attempts when nothing will answer: esptool's 7 take ~6 s


def config(**changes: object) -> RelayConfig:
    base = RelayConfig(
        network_tag=b"NETTAG01",
        commune_id=b"AMBAM001",
        device_id=bytes.fromhex("0000246f28aabbcc"),
        key_seed=bytes(range(32)),
        name="Relais de la mairie",
    )
    return RelayConfig(**{**base.__dict__, **changes})  # type: ignore[arg-type]


def new_install(firmware: Firmware) -> list[tuple[int, bytes]]:
    return [*firmware.parts(), (firmware.offset("relaycfg"), relaycfg.nvs_image(config()))]


def flash_holds(flash: bytearray, parts: list[tuple[int, bytes]]) -> bool:
    return all(flash[offset : offset + len(data)] == data for offset, data in parts)


# -- detection ---------------------------------------------------------------------------------


def test_detect_reads_chip_mac_and_flash(esp_devices: ModuleType) -> None:
    esp_devices.emulator("a")
    info = chip.detect("espemu://a")
    assert info.name == "ESP32"
    assert info.description.startswith("ESP32-D0WDQ6")
    assert info.mac == MAC
    assert info.flash_size == "4MB"
    assert info.crystal == 40
    assert "Wi-Fi" in info.features


def test_detect_tells_an_s3_apart(esp_devices: ModuleType) -> None:
    esp_devices.emulator("s3", chip="esp32s3")
    info = chip.detect("espemu://s3")
    assert info.name == "ESP32-S3"
    assert info.mac == MAC


def test_detect_through_the_auto_reset_circuit(esp_devices: ModuleType) -> None:
    board = esp_devices.board("b")
    assert chip.detect("espboard://b").name == "ESP32"
    # esptool's ClassicReset put it in download mode, the final hard reset back in its app.
    assert eventually(lambda: board.boots == ["download", "app"])


# -- flashing ----------------------------------------------------------------------------------


def test_new_install_writes_every_part_and_reports_progress(
    esp_devices: ModuleType, firmware: Firmware
) -> None:
    board = esp_devices.board("relay")
    parts = new_install(firmware)
    events: list[Progress] = []
    result = flashing.flash(
        "espboard://relay", parts, expected_chip="ESP32", flash_size="4MB", progress=events.append
    )
    assert result.complete and result.hint is None
    assert (result.chip, result.mac, result.flash_size) == ("ESP32", MAC, "4MB")
    assert (result.baud, result.attempts) == (460_800, 1)
    assert [(p.offset, p.size) for p in result.written] == sorted((o, len(d)) for o, d in parts)
    assert flash_holds(board.flash, parts)
    assert {"connect", "stub", "write", "reset", "total"} <= set(result.timings)

    writes = [e for e in events if e.phase is Phase.WRITE]
    total = sum(len(d) for _, d in parts)
    assert all(e.total == total for e in writes)
    assert [e.done for e in writes] == sorted(e.done for e in writes)
    assert writes[-1].done == total and writes[-1].fraction() == 1.0
    checks = [e for e in events if e.phase is Phase.CHECK]
    assert checks[-1].done == checks[-1].total == len(parts)
    assert "CHANGE_BAUDRATE" in board.rom.names()
    assert eventually(lambda: board.mode == "app")  # hard reset into the new firmware

    back = flashing.read_back("espboard://relay", firmware.offset("relaycfg"), 0x6000)
    assert relaycfg.config_from_nvs(back) == config()


def test_esptool_logger_is_restored(esp_devices: ModuleType, firmware: Firmware) -> None:
    esp_devices.emulator("a")
    before = EspLog.instance
    lines: list[str] = []
    flashing.flash("espemu://a", firmware.parts()[:1], expected_chip="esp32", on_line=lines.append)
    assert EspLog.instance is before
    assert any("Hash of data verified" in line for line in lines)


def test_cancel_mid_write_leaves_a_recoverable_relay(
    esp_devices: ModuleType, firmware: Firmware
) -> None:
    board = esp_devices.board("relay")
    cancel = threading.Event()
    big = os.urandom(200_000)  # incompressible: 13 blocks of 16 KiB

    def listener(event: Progress) -> None:
        if event.phase is Phase.WRITE and event.done > 30_000:
            cancel.set()

    parts = [*firmware.parts()[:2], (0x10000, big)]
    result = flashing.flash(
        "espboard://relay", parts, expected_chip="ESP32", progress=listener, cancel=cancel
    )
    assert not result.complete
    assert result.hint is not None and result.hint.code == "flash_interrupted"
    assert [p.offset for p in result.written] == [0x1000, 0x8000]
    assert board.flash[0x10000 : 0x10000 + len(big)] != big
    # Not bricked: the next job resets it into the ROM loader and finishes.
    again = flashing.flash("espboard://relay", parts, expected_chip="ESP32")
    assert again.complete and flash_holds(board.flash, parts)


def test_cancel_before_connecting_touches_nothing(
    esp_devices: ModuleType, firmware: Firmware
) -> None:
    emulator = esp_devices.emulator("a")
    cancel = threading.Event()
    cancel.set()
    result = flashing.flash("espemu://a", firmware.parts(), expected_chip="ESP32", cancel=cancel)
    assert not result.complete
    assert result.hint is not None and result.hint.code == "cancelled"
    assert not emulator.wrote_anything()


def test_flash_write_error_is_retried_at_115200(
    esp_devices: ModuleType, firmware: Firmware
) -> None:
    faults = Faults(fail_write_from_block=2, fail_write_count=3)  # esptool tries a block 3 times
    board = esp_devices.board("relay", faults=faults)
    parts = [(0x10000, os.urandom(100_000))]
    lines: list[str] = []
    result = flashing.flash("espboard://relay", parts, expected_chip="ESP32", on_line=lines.append)
    assert result.complete
    assert (result.attempts, result.baud) == (2, 115_200)
    assert flash_holds(board.flash, parts)
    assert any("Retrying at 115200" in line for line in lines)


def test_flash_write_error_that_persists_is_explained(
    esp_devices: ModuleType, firmware: Firmware
) -> None:
    board = esp_devices.board("relay", faults=Faults(fail_write_from_block=2))
    with pytest.raises(ProvisionError) as caught:
        flashing.flash("espboard://relay", [(0x10000, os.urandom(100_000))], expected_chip="ESP32")
    assert caught.value.code == "flash_write_failed"
    assert caught.value.flash_touched
    assert "Failed SPI operation" in caught.value.detail
    assert board.rom.names().count("MEM_END") == 2  # two full sessions: 460800, then 115200


def test_unplugged_mid_write_says_replug(esp_devices: ModuleType, firmware: Firmware) -> None:
    emulator = esp_devices.emulator("a", faults=Faults(disconnect_at_block=1))
    with pytest.raises(ProvisionError) as caught:
        flashing.flash("espemu://a", [(0x10000, os.urandom(100_000))], expected_chip="ESP32")
    assert caught.value.code == "disconnected"
    assert "replug" in caught.value.message and caught.value.flash_touched
    assert not emulator.present


def test_wrong_chip_is_refused_before_anything_is_written(
    esp_devices: ModuleType, firmware: Firmware
) -> None:
    emulator = esp_devices.emulator("s3", chip="esp32s3")
    before = bytes(emulator.flash)
    with pytest.raises(ProvisionError) as caught:
        flashing.flash("espemu://s3", firmware.parts(), expected_chip="ESP32")
    assert caught.value.code == "wrong_chip"
    assert caught.value.params == {"found": "ESP32-S3", "expected": "ESP32"}
    assert not caught.value.flash_touched
    names = emulator.names()
    assert "FLASH_BEGIN" not in names and "FLASH_DEFL_BEGIN" not in names
    assert "MEM_BEGIN" not in names  # not even the stub was uploaded
    assert bytes(emulator.flash) == before


def test_flash_too_small_is_refused(esp_devices: ModuleType, firmware: Firmware) -> None:
    emulator = esp_devices.emulator("small", flash_size=2 << 20)
    with pytest.raises(ProvisionError) as caught:
        flashing.flash("espemu://small", firmware.parts(), expected_chip="ESP32", flash_size="4MB")
    assert caught.value.code == "flash_too_small"
    assert caught.value.params == {"found": "2MB", "needed": "4MB"}
    assert not emulator.wrote_anything()


def test_board_without_auto_reset_needs_the_boot_button(
    esp_devices: ModuleType, firmware: Firmware
) -> None:
    board = esp_devices.board("clone", autoreset=False)
    with pytest.raises(ProvisionError) as caught:
        flashing.flash(
            "espboard://clone", firmware.parts(), expected_chip="ESP32", connect_attempts=FAST
        )
    assert caught.value.code == "no_answer"
    assert "hold its BOOT button" in caught.value.message
    assert board.boots == []  # esptool's resets never reached the chip

    board.enter_download_mode()  # the technician holds BOOT and taps RESET
    result = flashing.flash(
        "espboard://clone", firmware.parts(), expected_chip="ESP32", manual_boot=True
    )
    assert result.complete and flash_holds(board.flash, firmware.parts())
    assert board.boots == ["download"]


def test_silent_chip_gets_the_hold_boot_hint(esp_devices: ModuleType) -> None:
    esp_devices.emulator("dead", faults=Faults(mute=True))
    with pytest.raises(ProvisionError) as caught:
        chip.detect("espemu://dead", connect_attempts=1)
    assert caught.value.code == "no_answer"


def test_busy_port(esp_devices: ModuleType, firmware: Firmware) -> None:
    esp_devices.emulator("a")
    holder = serial.serial_for_url("espemu://a", exclusive=True)  # another program has it
    try:
        with pytest.raises(ProvisionError) as caught:
            flashing.flash("espemu://a", firmware.parts(), expected_chip="ESP32")
        assert caught.value.code == "port_busy"
    finally:
        holder.close()
    assert chip.detect("espemu://a").name == "ESP32"  # free again


def test_busy_tty_with_real_pyserial(
    pty_emulator: Callable[[RomEmulator], PtyBridge],
) -> None:
    bridge = pty_emulator(RomEmulator())
    holder = serial.Serial(bridge.path, exclusive=True)
    try:
        with pytest.raises(ProvisionError) as caught:
            chip.detect(bridge.path)
        assert caught.value.code == "port_busy"
        assert "exclusively lock" in caught.value.detail
    finally:
        holder.close()


def test_missing_port() -> None:
    with pytest.raises(ProvisionError) as caught:
        chip.detect("/dev/ttyUSB-obambu-absent")
    assert caught.value.code == "port_missing"


def test_esptool_command_line_on_a_pty(pty_emulator: Callable[[RomEmulator], PtyBridge]) -> None:
    """The CLI path (a QProcess backend would take it): the real console script on a PTY."""
    emulator = RomEmulator()
    bridge = pty_emulator(emulator)
    esptool = Path(sys.executable).with_name("esptool")
    run = subprocess.run(
        [
            str(esptool),
            "--port",
            bridge.path,
            "--chip",
            "esp32",
            "--before",
            "no-reset",
            "--after",
            "no-reset",
            "--no-stub",
            "chip-id",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "ESP32-D0WDQ6" in run.stdout
    assert MAC in run.stdout
    assert "SYNC" in emulator.names()


# -- hints -------------------------------------------------------------------------------------

ROWS = [  # anchors-esp32.md §2.6, then the other causes a technician meets
    (
        "Could not open /dev/ttyUSB0, the port is busy or doesn't exist.\n([Errno 16] could "
        "not open port /dev/ttyUSB0: [Errno 16] Device or resource busy: '/dev/ttyUSB0')",
        "port_busy",
    ),
    (
        "Could not open /dev/ttyUSB0, the port is busy or doesn't exist.\n([Errno 13] could "
        "not open port /dev/ttyUSB0: [Errno 13] Permission denied: '/dev/ttyUSB0')\n"
        "Hint: Try to add user into dialout or uucp group.",
        "port_permission",
    ),
    (
        "Could not open /dev/ttyUSB0, the port is busy or doesn't exist.\n([Errno 2] could "
        "not open port /dev/ttyUSB0: [Errno 2] No such file or directory: '/dev/ttyUSB0')",
        "port_missing",
    ),
    ("could not open port 'COM3': PermissionError(13, 'Access is denied.', None, 5)", "port_busy"),
    (
        "Failed to connect to ESP32: No serial data received.\nFor troubleshooting steps "
        "visit: https://docs.espressif.com/projects/esptool/en/latest/troubleshooting.html",
        "no_answer",
    ),
    (
        "Failed to connect to ESP32: Wrong boot mode detected (0x13)! The chip needs to be "
        "in download mode.",
        "wrong_boot_mode",
    ),
    (
        "Failed to connect to ESP32: Download mode successfully detected, but getting no sync "
        "reply: The serial TX path seems to be down.",
        "tx_path_down",
    ),
    ("Invalid head of packet (0x65): Possible serial noise or corruption.", "serial_noise"),
    (
        "Failed to write to target flash after seq 3 (result was 0108: Flash write error)",
        "flash_write_failed",
    ),
    (
        "Failed to write compressed data to flash after seq 2 (result was c400: Failed SPI "
        "operation)",
        "flash_write_failed",
    ),
    ("MD5 of file does not match data in flash!", "verify_failed"),
    ("Write failed, the written flash region is empty.", "verify_failed"),
    ("Failed to write to target RAM (result was 0107: Operation timed out)", "adapter_timeout"),
    (
        "A serial exception error occurred: write failed: [Errno 5] Input/output error",
        "disconnected",
    ),
    ("Failed to start stub flasher. There was no response.", "stub_failed"),
    ("This chip is ESP32-S3, not ESP32. Wrong chip argument?", "wrong_chip"),
    ("Secure Boot V1 detected, writing to flash regions < 0x8000 is disabled", "relay_locked"),
]


@pytest.mark.parametrize(("text", "code"), ROWS)
def test_error_texts_map_to_hints(text: str, code: str) -> None:
    error = hints.explain(RuntimeError(text))
    assert error.code == code
    assert error.detail == text
    assert error.message.endswith(".") and error.message.count(".") == 1  # one sentence


def test_serial_and_os_errors_map_to_hints() -> None:
    gone = serial.SerialException("device reports readiness to read but returned no data")
    assert hints.explain(gone).code == "disconnected"
    assert hints.explain(PermissionError(13, "Permission denied")).code == "port_permission"
    assert hints.explain(OSError(16, "Device or resource busy")).code == "port_busy"
    assert hints.explain(serial.SerialException("something new")).code == "disconnected"
    assert hints.explain(ValueError("?")).code == "unknown"
    wrong = hints.explain(RuntimeError("This chip is ESP32-S3, not ESP32. Wrong chip argument?"))
    assert wrong.message == (
        "This relay has an ESP32-S3 chip but the firmware is for ESP32; choose firmware made "
        "for ESP32-S3."
    )


def test_every_sentence_is_one_sentence_with_an_action() -> None:
    for code in hints.SENTENCES:
        text = hints.hint(code, found="ESP32-S3", expected="ESP32", needed="4MB").message
        assert text[0].isupper() and text.endswith("."), code
        assert text.count(". ") == 0, code  # no second sentence
    for code in ("no_port", "port_vanished", "flash_interrupted", "no_answer"):
        assert code in hints.SENTENCES


# -- ports -------------------------------------------------------------------------------------


def test_ports_are_named_by_their_usb_bridge(monkeypatch: pytest.MonkeyPatch) -> None:
    class Found:
        def __init__(self, device: str, vid: int | None, pid: int | None) -> None:
            self.device, self.vid, self.pid = device, vid, pid
            self.serial_number, self.description = None, "USB Serial"

    found = [
        Found("/dev/ttyS0", None, None),
        Found("/dev/ttyUSB1", 0x1A86, 0x7523),
        Found("/dev/ttyUSB0", 0x10C4, 0xEA60),
        Found("/dev/ttyACM0", 0x303A, 0x1001),
        Found("/dev/ttyUSB2", 0x0403, 0x6001),
        Found("/dev/ttyUSB3", 0x1234, 0x5678),
    ]
    monkeypatch.setattr(ports.list_ports, "comports", lambda: found)
    listed = ports.list_serial_ports()
    assert [p.device for p in listed] == [
        "/dev/ttyACM0",
        "/dev/ttyUSB0",
        "/dev/ttyUSB1",
        "/dev/ttyUSB2",
        "/dev/ttyUSB3",
        "/dev/ttyS0",
    ]
    bridges = {p.device: p.bridge for p in listed}
    assert bridges["/dev/ttyACM0"] == "ESP32-S3/C3 native USB (USB-Serial/JTAG)"
    assert bridges["/dev/ttyUSB0"] == "CP210x"
    assert bridges["/dev/ttyUSB1"] == "CH340/CH341"
    assert bridges["/dev/ttyUSB2"] == "FTDI"
    assert bridges["/dev/ttyUSB3"] == ports.UNKNOWN_USB
    assert listed[1].usb_id == "10C4:EA60"
    assert ports.describe("/dev/ttyUSB1").bridge == "CH340/CH341"
    assert ports.describe("socket://relay.local:4000").bridge == ports.URL_BRIDGE
    assert ports.describe("espemu://a").board == ""


def test_port_watcher_spots_brltty_stealing_a_ch340() -> None:
    watcher = ports.PortWatcher()
    assert watcher.update(["/dev/ttyS0"], now=0.0) == []
    assert watcher.update(["/dev/ttyS0", "/dev/ttyUSB0"], now=10.0) == []
    assert watcher.update(["/dev/ttyS0"], now=11.0) == ["/dev/ttyUSB0"]  # gone within 2 s
    assert watcher.update(["/dev/ttyS0", "/dev/ttyUSB0"], now=20.0) == []
    assert watcher.update(["/dev/ttyS0"], now=30.0) == []  # unplugged after a while: normal


# -- the CONFIG record and its NVS partition ---------------------------------------------------


def test_config_record_layout() -> None:
    record = config().pack()
    assert len(record) == 128
    assert record[:4] == b"OBRC" and record[4:6] == b"\x01\x00"
    assert record[28:36] == bytes.fromhex("0000246f28aabbcc")
    assert record[84:108].rstrip(b"\0").decode() == "Relais de la mairie"
    assert RelayConfig.unpack(record) == config()
    assert config().public().key_seed == bytes(32)
    damaged = record[:70] + bytes([record[70] ^ 1]) + record[71:]
    with pytest.raises(RelayConfigError):
        RelayConfig.unpack(damaged)
    with pytest.raises(ValueError):
        config(name="x" * 25)
    with pytest.raises(ValueError):
        config(tx_power_dbm=200)


def test_nvs_image_round_trip() -> None:
    image = relaycfg.nvs_image(config())
    assert len(image) == 0x6000
    assert read_nvs_blob(image, "relay", "config") == config().pack()
    assert relaycfg.config_from_nvs(image) == config()
    with pytest.raises(KeyError):
        read_nvs_blob(image, "relay", "other")
    with pytest.raises(KeyError):
        read_nvs_blob(image, "wifi", "config")
    with pytest.raises(RelayConfigError):
        relaycfg.config_from_nvs(b"\xff" * 0x6000)
    with pytest.raises(NvsFormatError):
        read_nvs_blob(image[:100], "relay", "config")


def test_nvs_reader_follows_blobs_across_pages() -> None:
    from esp_idf_nvs_partition_gen import nvs_partition_gen as gen

    blob = os.urandom(9000)  # three pages' worth of BLOB_DATA chunks
    import io

    out = io.BytesIO()
    nvs = gen.nvs_open(out, 0x5000, gen.Page.VERSION2)
    gen.write_entry(nvs, "first", "namespace", "", None)
    gen.write_entry(nvs, "n", "data", "u32", "7")
    gen.write_entry(nvs, "second", "namespace", "", None)
    gen.write_entry(nvs, "big", "data", "binary", blob)
    gen.write_entry(nvs, "text", "data", "string", "bonjour")
    gen.nvs_close(nvs)
    image = out.getvalue()
    assert read_nvs_blob(image, "second", "big") == blob
    assert read_nvs_blob(image, "second", "text") == b"bonjour\0"
    assert read_nvs_blob(image, "first", "n") == (7).to_bytes(4, "little")


def test_nvs_image_equals_the_generator_command_line(tmp_path: Path) -> None:
    (tmp_path / "config.bin").write_bytes(config().pack())
    (tmp_path / "relay.csv").write_text(
        "key,type,encoding,value\nrelay,namespace,,\n"
        f"config,file,binary,{tmp_path / 'config.bin'}\n"
    )
    out = tmp_path / "relaycfg.bin"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "esp_idf_nvs_partition_gen",
            "generate",
            str(tmp_path / "relay.csv"),
            str(out),
            "0x6000",
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    assert out.read_bytes() == relaycfg.nvs_image(config())


# -- the synthetic firmware ---------------------------------------------------------------------


def test_synthetic_parts_are_what_esp_idf_makes(firmware: Firmware) -> None:
    assert firmware.app[0] == firmware.bootloader[0] == 0xE9
    assert firmware.app[12:14] == b"\x00\x00"  # chip id: ESP32
    assert b"obambu-relay" in firmware.app[0x20:0x120]
    table = firmware.partition_table
    assert len(table) == 0xC00 and table[:2] == b"\xaa\x50"
    names = [p.name for p in firmware.partitions]
    assert names == ["nvs", "otadata", "phy_init", "relaycfg", "factory", "ota_0", "ota_1", "queue"]
    md5_at = 32 * len(names)
    assert table[md5_at : md5_at + 2] == b"\xeb\xeb"
    assert elf_builder.parse_partition_table(elf_builder.partition_table()) == firmware.partitions


# -- the emulator itself -----------------------------------------------------------------------


def test_emulator_speaks_the_rom_and_the_stub_dialects(esp_devices: ModuleType) -> None:
    """Without the stub: 1 KiB blocks and a hex MD5 from the ROM; with it, erase commands."""
    from esptool.cmds import attach_flash, detect_chip, erase_region, run_stub, write_flash

    emulator = esp_devices.emulator("a")
    data = os.urandom(5000)
    with detect_chip("espemu://a", connect_mode="no-reset") as esp:
        attach_flash(esp)
        write_flash(esp, [(0x20000, data)])  # ROM loader: verified through its hex MD5
        assert esp.flash_md5sum(0x20000, len(data)) == hashlib.md5(data).hexdigest()
        esp = run_stub(esp)
        erase_region(esp, 0x21000, 0x1000)
    assert emulator.flash[0x20000:0x21000] == data[:0x1000]
    assert emulator.flash[0x21000:0x22000] == b"\xff" * 0x1000
    assert emulator.names().count("FLASH_DATA") == 5  # 5000 bytes in 1 KiB ROM blocks
    assert not emulator.log[emulator.names().index("FLASH_DATA")].stub


def test_board_hands_its_uart_to_the_firmware_after_a_hard_reset(
    esp_devices: ModuleType, firmware: Firmware
) -> None:
    board = esp_devices.board("relay", app=lambda data: data.upper())
    flashing.flash("espboard://relay", firmware.parts(), expected_chip="ESP32")
    assert eventually(lambda: board.mode == "app")
    console = serial.serial_for_url("espboard://relay", 115_200, timeout=1)  # DTR, RTS asserted
    try:
        console.write(b"get_info")
        assert console.read(8) == b"GET_INFO"
        assert board.boots == ["download", "app"]  # opening the console reset nothing
        board.app = BannerApp()
        board.press_reset()
        assert b"obambu-relay (emulated) ready" in console.read(200)
    finally:
        console.close()
