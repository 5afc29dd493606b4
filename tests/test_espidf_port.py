"""The ESP-IDF port's parts that can run without ESP-IDF (firmware/README.md, "The real
image"): the boards' pin table, the ring between ESP-NOW's Wi-Fi task and the loop, the
ESP-NOW modem's channel and rate, the display's change count the port redraws on, and the one
release command, run with a stand-in `idf.py`.

What this does NOT prove: that the glue's ESP-IDF calls (spi_espidf.c, espnow_espidf.c,
i2c_espidf.c, main.c) compile or work. There is no ESP-IDF here; those calls were checked by
hand against ESP-IDF's headers (v5.2 to v5.5), and were never built nor run."""

from __future__ import annotations

import ctypes
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from app.provision import pack
from bench.radio_airtime import Event, Modem
from bench.relay_forwarding import build_library
from tests.conftest import Network
from tests.sanitizer import rerun_sanitized

ROOT = Path(__file__).parent.parent
FIRMWARE = ROOT / "firmware"
PROJECT = FIRMWARE / "port" / "esp-idf"
MAIN = PROJECT / "main"
LIBRARY_ENV = "OBAMBU_ESPIDF_LIBRARY"  # set by the sanitizer run to the library it built
EV_NONE, EV_RX = 0, 2
LORA, ESPNOW = 1, 2
NO = -1

# The pins firmware/README.md's wiring table and the brief give, checked against Meshtastic's
# variants (boards.c names the files): (lora chip, sck, miso, mosi, nss, nreset, dio, busy,
# sda, scl, oled reset, vext).
PINS = {
    "ttgo_lora32_v21": (1, 5, 19, 27, 18, 23, 26, NO, 21, 22, NO, NO),
    "heltec_v2": (1, 5, 19, 27, 18, 14, 26, NO, 4, 15, 16, 21),
    "heltec_v3": (2, 9, 11, 10, 8, 12, 14, 13, 17, 18, 21, 36),
    "devkit": (0, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO),
}
TARGETS = {"esp32": ("ESP32", 0), "esp32s3": ("ESP32-S3", 9)}  # chip, image header chip id


class Board(ctypes.Structure):
    _fields_ = [
        ("name", ctypes.c_char_p),
        ("target", ctypes.c_char_p),
        ("chip", ctypes.c_char_p),
        ("lora", ctypes.c_uint8),
        *[(pin, ctypes.c_int8) for pin in ("sck", "miso", "mosi", "nss", "nreset", "dio", "busy")],
        ("sx126x_flags", ctypes.c_uint8),
        *[(pin, ctypes.c_int8) for pin in ("sda", "scl", "oled_reset", "vext")],
        ("vext_on", ctypes.c_uint8),
        ("uart1_tx", ctypes.c_int8),
        ("uart1_rx", ctypes.c_int8),
    ]


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> ctypes.CDLL:
    given = os.environ.get(LIBRARY_ENV)
    path = Path(given) if given else build_library(tmp_path_factory.mktemp("espidf-build"))
    lib = ctypes.CDLL(str(path))
    ring, size = ctypes.c_void_p, ctypes.c_size_t
    for name, args, result in (
        ("espidf_host_ring_size", [], size),
        ("espidf_host_event_size", [], size),
        ("espidf_host_ring_dropped", [ring], ctypes.c_uint32),
        ("espidf_host_ring_refused", [ring], ctypes.c_uint32),
        ("espidf_host_ring_count", [ring], ctypes.c_uint),
        ("radio_ring_init", [ring], None),
        (
            "radio_ring_push",
            [ring, ctypes.c_char_p, ctypes.c_int, ctypes.c_int16, ctypes.c_int8],
            ctypes.c_int,
        ),
        ("radio_ring_pop", [ring, ctypes.POINTER(Event)], ctypes.c_int),
        ("espnow_channel", [ctypes.c_uint32], ctypes.c_uint8),
        ("espnow_channel_hz", [ctypes.c_uint8], ctypes.c_uint32),
        ("espnow_rate", [ctypes.c_uint32], ctypes.c_int),
        ("espnow_modem_ok", [ctypes.POINTER(Modem)], ctypes.c_int),
        (
            "espidf_host_display_changes",
            [ctypes.c_char_p, size, ctypes.c_uint, ctypes.c_int],
            ctypes.c_int64,
        ),
    ):
        fn = getattr(lib, name)
        fn.argtypes, fn.restype = args, result
    return lib


@pytest.fixture(scope="module")
def boards(tmp_path_factory: pytest.TempPathFactory) -> ctypes.CDLL:
    """boards.c as the image has it, built alone with the house's C flags."""
    out = tmp_path_factory.mktemp("boards") / "libboards.so"
    subprocess.run(
        [
            "gcc",
            "-std=c99",
            "-Wall",
            "-Wextra",
            "-Werror",
            "-pedantic",
            "-fPIC",
            "-shared",
            f"-I{FIRMWARE / 'core'}",
            "-o",
            str(out),
            str(MAIN / "boards.c"),
        ],
        check=True,
        capture_output=True,
    )
    lib = ctypes.CDLL(str(out))
    lib.board_get.argtypes, lib.board_get.restype = [ctypes.c_uint], ctypes.POINTER(Board)
    lib.board_by_name.argtypes = [ctypes.c_char_p]
    lib.board_by_name.restype = ctypes.POINTER(Board)
    return lib


def board_table(boards: ctypes.CDLL) -> dict[str, Board]:
    table = {}
    for i in range(16):
        got = boards.board_get(i)
        if not got:
            break
        table[got.contents.name.decode()] = got.contents
    return table


# -- the boards --------------------------------------------------------------------------------


def test_every_board_has_its_makers_pins_and_no_pin_twice(boards: ctypes.CDLL) -> None:
    table = board_table(boards)
    assert sorted(table) == sorted(PINS)
    for name, board in table.items():
        fields = (
            "lora",
            "sck",
            "miso",
            "mosi",
            "nss",
            "nreset",
            "dio",
            "busy",
            "sda",
            "scl",
            "oled_reset",
            "vext",
        )
        assert tuple(getattr(board, f) for f in fields) == PINS[name], name
        used = [getattr(board, f) for f in fields[1:]] + [board.uart1_tx, board.uart1_rx]
        used = [p for p in used if p != NO]
        assert len(used) == len(set(used)), f"{name}: a pin used twice {sorted(used)}"
        # the flash's own pins: GPIO 6-11 on the ESP32, 26-32 on the ESP32-S3
        flash = range(6, 12) if board.target == b"esp32" else range(26, 33)
        assert not set(used) & set(flash), f"{name}: pins of the flash"
        assert boards.board_by_name(name.encode()).contents.nss == board.nss
    heltec_v3 = table["heltec_v3"]
    assert heltec_v3.sx126x_flags == 0x03  # DIO2 drives the RF switch, DIO3 a 1.8 V TCXO
    assert heltec_v3.target == b"esp32s3" and heltec_v3.chip == b"ESP32-S3"
    assert not boards.board_by_name(b"tbeam")
    assert not boards.board_get(4)


def test_kconfig_the_board_files_and_the_release_script_name_the_same_boards(
    boards: ctypes.CDLL,
) -> None:
    table = board_table(boards)
    kconfig = (MAIN / "Kconfig.projbuild").read_text(encoding="utf-8")
    script = (FIRMWARE / "build-release.sh").read_text(encoding="utf-8")
    c_source = (MAIN / "boards.c").read_text(encoding="utf-8")
    for name, board in table.items():
        symbol = f"OBAMBU_BOARD_{name.upper()}"
        assert f"config {symbol}" in kconfig and f"CONFIG_{symbol}" in c_source
        defaults = (PROJECT / f"sdkconfig.board.{name}").read_text(encoding="utf-8")
        assert f"CONFIG_{symbol}=y" in defaults
        # the script's case: this board gives this target and chip
        rule = re.search(
            rf"^\s*([a-z0-9_ |]*\b{name}\b[a-z0-9_ |]*)\) target=(\S+); chip=(\S+) ;;", script, re.M
        )
        assert rule is not None, name
        assert (rule.group(2), rule.group(3)) == (board.target.decode(), board.chip.decode())
        if board.target == b"esp32s3":
            assert "IDF_TARGET_ESP32S3" in kconfig.split(f"config {symbol}")[1].split("config")[0]
    assert f'boards="{" ".join(table)}"' in script


def test_the_component_compiles_every_file_of_the_port() -> None:
    """A glue file left out of main/CMakeLists.txt would only fail on the ESP-IDF machine."""
    text = (MAIN / "CMakeLists.txt").read_text(encoding="utf-8")
    sources = re.search(r"SRCS\s+(.*?)\n\s*INCLUDE_DIRS", text, re.S)
    assert sources is not None
    named = {n.strip('"') for n in sources.group(1).split()}
    assert {p.name for p in MAIN.glob("*.c")} <= named


# -- ESP-NOW: the ring and the modem ---------------------------------------------------------


def ring(lib: ctypes.CDLL) -> ctypes.Array[ctypes.c_char]:
    buf = ctypes.create_string_buffer(lib.espidf_host_ring_size())
    lib.radio_ring_init(buf)
    return buf


def test_the_ring_keeps_packets_in_order_and_counts_what_it_drops(lib: ctypes.CDLL) -> None:
    assert lib.espidf_host_event_size() == ctypes.sizeof(Event)
    r = ring(lib)
    for k in range(8):
        assert lib.radio_ring_push(r, bytes([k]) * (k + 1), k + 1, -40 - k, 0) == 0
    assert lib.radio_ring_push(r, b"late", 4, -90, 0) == -1  # full: the newest is lost
    assert lib.espidf_host_ring_dropped(r) == 1 and lib.espidf_host_ring_count(r) == 8
    ev = Event()
    for k in range(8):
        assert lib.radio_ring_pop(r, ctypes.byref(ev)) == 1
        assert (ev.kind, ev.len, ev.rssi_dbm) == (EV_RX, k + 1, -40 - k)
        assert bytes(ev.data[: ev.len]) == bytes([k]) * (k + 1)
    assert lib.radio_ring_pop(r, ctypes.byref(ev)) == 0 and ev.kind == EV_NONE
    # it wraps: 20 more through a ring of 8, popped as they come
    for k in range(20):
        assert lib.radio_ring_push(r, bytes([k]) * 250, 250, -1, 0) == 0
        assert lib.radio_ring_pop(r, ctypes.byref(ev)) == 1 and ev.data[249] == k


def test_the_ring_refuses_hostile_lengths_without_reading_them(lib: ctypes.CDLL) -> None:
    r = ring(lib)
    big = b"x" * 1470  # ESP-NOW v2 delivers up to 1470 bytes: more than any radio here
    for data, length in ((big, 1470), (big, 251), (b"", 0), (b"x", -1), (None, 10)):
        assert lib.radio_ring_push(r, data, length, 0, 0) == -1
    assert lib.espidf_host_ring_refused(r) == 5 and lib.espidf_host_ring_count(r) == 0
    assert lib.radio_ring_push(r, big, 250, 0, 0) == 0


def test_an_espnow_modem_is_a_channel_centre_and_a_known_rate(lib: ctypes.CDLL) -> None:
    for channel in range(1, 14):
        hz = (2407 + 5 * channel) * 1_000_000
        assert lib.espnow_channel(hz) == channel and lib.espnow_channel_hz(channel) == hz
    for hz in (
        0,
        2_407_000_000,
        2_413_000_000,
        2_477_000_000,
        2_484_000_000,
        868_100_000,
        0xFFFFFFFF,
    ):
        assert lib.espnow_channel(hz) == 0, hz
    assert lib.espnow_channel_hz(0) == 0 and lib.espnow_channel_hz(14) == 0
    assert [lib.espnow_rate(r) for r in (1_000_000, 500_000, 250_000, 2_000_000, 0)] == [
        0,
        1,
        2,
        -1,
        -1,
    ]
    ok = Modem(ESPNOW, 2_437_000_000, 0, 0, 0, 0, 20, 500_000)
    assert lib.espnow_modem_ok(ctypes.byref(ok)) == 1
    for bad in (
        Modem(ESPNOW, 2_438_000_000, 0, 0, 0, 0, 20, 500_000),
        Modem(ESPNOW, 2_437_000_000, 0, 0, 0, 0, 20, 54_000_000),
        Modem(LORA, 2_437_000_000, 125_000, 7, 5, 8, 14, 500_000),
    ):
        assert lib.espnow_modem_ok(ctypes.byref(bad)) == 0
    assert lib.espnow_modem_ok(None) == 0


def test_the_screen_is_redrawn_when_a_display_put_took_a_body(lib: ctypes.CDLL) -> None:
    body = bytes([1, 0, 1, 5]) + b"Eau !"  # one P0 item, signature valid
    assert lib.espidf_host_display_changes(body, len(body), 3, 0) == 3
    assert lib.espidf_host_display_changes(body, len(body), 2, 1) == 2  # a bad body: no change


@pytest.mark.skipif(bool(os.environ.get(LIBRARY_ENV)), reason="already the sanitizer run")
def test_sanitizer_build_replays_the_ring_and_modem_tests(tmp_path: Path) -> None:
    run = rerun_sanitized(tmp_path, __file__, "ring or modem or screen", LIBRARY_ENV)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    assert " passed" in run.stdout


# -- the one release command -------------------------------------------------------------------

FAKE_IDF = r'''
"""A stand-in for ESP-IDF's idf.py: writes what `set-target T build` leaves in the build folder
(ESP images with T's chip id, the project's partition table, an app whose esp_app_desc_t holds
PROJECT_VER), and logs each call. It compiles nothing."""
import json, re, struct, sys
from pathlib import Path
from tests.esp import elf_builder

CHIP_IDS = {"esp32": 0, "esp32s3": 9}
args, defines, project, build = sys.argv[1:], {}, None, None
actions = []
while args:
    a = args.pop(0)
    if a == "-C": project = Path(args.pop(0))
    elif a == "-B": build = Path(args.pop(0))
    elif a == "-D": k, v = args.pop(0).split("=", 1); defines[k] = v
    else: actions.append(a)
log = Path(sys.argv[0]).with_suffix(".log")
with log.open("a") as f:
    f.write(json.dumps({"project": str(project), "build": str(build), "defines": defines,
                        "actions": actions}) + "\n")
assert actions[0] == "set-target" and actions[2] == "build", actions
target = actions[1]
for name in defines["SDKCONFIG_DEFAULTS"].split(";"):
    if not (project / name).is_file():
        sys.exit(f"fake idf.py: no defaults file {name}")
if (project / "FAIL").is_file() and target in (project / "FAIL").read_text().split():
    sys.exit(2)

def image(version):
    header = bytes([0xE9, 1, 2, 0x20]) + b"\0" * 8 + struct.pack("<H", CHIP_IDS[target])
    header += b"\0" * 10
    desc = struct.pack("<III", 0xABCD5432, 0, 0) + b"\0" * 4
    desc += version.encode().ljust(32, b"\0") + b"obambu_relay".ljust(32, b"\0")
    return header + b"\0" * 8 + desc + bytes(2048)

version = re.search(r'set\(PROJECT_VER "([^"]+)"\)', (project / "CMakeLists.txt").read_text())
(build / "bootloader").mkdir(parents=True, exist_ok=True)
(build / "partition_table").mkdir(parents=True, exist_ok=True)
(build / "bootloader" / "bootloader.bin").write_bytes(image("bootloader"))
csv = (project / "partitions.csv").read_text()
(build / "partition_table" / "partition-table.bin").write_bytes(elf_builder.partition_table(csv))
(build / "obambu_relay.bin").write_bytes(image(version.group(1)))
'''


def run_release(
    tmp_path: Path, home: Path, *boards: str, project: Path = PROJECT
) -> tuple[subprocess.CompletedProcess[str], list[dict[str, object]]]:
    fake = tmp_path / "idf_fake.py"
    fake.write_text(FAKE_IDF, encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "IDF_PY": f"{sys.executable} {fake}",
        "OBAMBU": f"{sys.executable} -m app.cli",
        "OBAMBU_PASSPHRASE": "pass phrase",
        "OBAMBU_KDF": "interactive",
    }
    script = project.parent.parent / "build-release.sh"
    run = subprocess.run(
        [
            "sh",
            str(script),
            "--home",
            str(home),
            "--out",
            str(tmp_path / "release"),
            "--build",
            str(tmp_path / "builds"),
            *boards,
        ],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    log = fake.with_suffix(".log")
    calls = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    return run, calls


def test_the_release_command_builds_every_board_and_signs_packs_every_commune_accepts(
    net: Network, tmp_path: Path
) -> None:
    """Proves the script's plumbing: the idf.py calls per board (folder, defaults, target) and
    that ESP-IDF's output paths feed `obambu pack build` into packs that open with the app's
    own checker. It does not prove the images: idf.py here is a stand-in writing dummy ones."""
    a = net.nodes[0]
    a.close()  # the script's `obambu` opens the profile itself
    run, calls = run_release(tmp_path, a.home)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert [c["build"] for c in calls] == [str(tmp_path / "builds" / f"build-{b}") for b in PINS]
    for call, board in zip(calls, PINS, strict=True):
        assert call["project"] == str(PROJECT)
        assert call["defines"] == {
            "SDKCONFIG_DEFAULTS": f"sdkconfig.defaults;sdkconfig.board.{board}"
        }
        target = "esp32s3" if board == "heltec_v3" else "esp32"
        assert call["actions"] == ["set-target", target, "build"]
        checked = pack.verify(net.nodes[1], tmp_path / "release" / f"obambu-relay-{board}.zip")
        chip = TARGETS[target][0]
        assert (checked.chip, checked.board, checked.signer) == (chip, board, "Maire de Ambam")
        relay_h = (FIRMWARE / "core" / "relay.h").read_text(encoding="utf-8")
        assert f'#define RELAY_FW_VERSION "{checked.version}"' in relay_h
        offsets = [offset for offset, _ in checked.flash_args]
        assert offsets == [0x1000 if chip == "ESP32" else 0x0, 0x8000, 0x20000]
    with zipfile.ZipFile(tmp_path / "release" / "obambu-relay-heltec_v3.zip") as archive:
        assert json.loads(archive.read(pack.MANIFEST))["flash_size"] == "4MB"


def test_the_release_command_stops_at_a_failed_build_or_an_unknown_board(
    net: Network, tmp_path: Path
) -> None:
    a = net.nodes[0]
    a.close()
    run, calls = run_release(tmp_path, a.home, "tbeam")
    assert run.returncode == 2 and "Unknown board tbeam" in run.stderr and calls == []
    # a copy of the project whose esp32s3 build fails: the board before it is packed, no more
    project = tmp_path / "firmware" / "port" / "esp-idf"
    project.mkdir(parents=True)
    for name in os.listdir(PROJECT):
        if (PROJECT / name).is_file():
            (project / name).write_bytes((PROJECT / name).read_bytes())
    (project.parent.parent / "build-release.sh").write_bytes(
        (FIRMWARE / "build-release.sh").read_bytes()
    )
    (project / "FAIL").write_text("esp32s3")
    run, calls = run_release(tmp_path, a.home, "devkit", "heltec_v3", "heltec_v2", project=project)
    assert run.returncode != 0
    assert [c["actions"][1] for c in calls] == ["esp32", "esp32s3"]
    assert sorted(p.name for p in (tmp_path / "release").iterdir()) == ["obambu-relay-devkit.zip"]
    bare = subprocess.run(
        ["sh", str(FIRMWARE / "build-release.sh")], capture_output=True, text=True
    )
    assert bare.returncode == 2 and "--home" in bare.stderr
