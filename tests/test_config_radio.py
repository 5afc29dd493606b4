"""The radio bytes of the CONFIG record (PROTOCOL.md §3, 108..113) and `config_modem`: the app
offers a technician only what the relay will accept (app/core/devices/radio_plan.py against
firmware/core/config.c and radio_plan.c, through the host build), and the relay turns its
radio on with exactly the modem that was chosen. Replayed under ASan/UBSan.
"""

from __future__ import annotations

import ctypes
import itertools
import os
import random
import struct
from dataclasses import replace
from pathlib import Path

import crc32c
import pytest

from app.core.devices import radio_plan
from app.core.devices.radio_plan import RadioChoice
from app.sync.relaycfg import RelayConfig, RelayConfigError
from bench.relay_forwarding import build_library
from tests.sanitizer import rerun_sanitized

LIBRARY_ENV = "OBAMBU_CONFIG_RADIO_LIBRARY"
BASE = RelayConfig(bytes(8), b"AMBAM\x00\x00\x01", bytes.fromhex("240ac4000001a2b3"))


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> ctypes.CDLL:
    given = os.environ.get(LIBRARY_ENV)
    path = Path(given) if given else build_library(tmp_path_factory.mktemp("relay-build"))
    loaded = ctypes.CDLL(str(path))
    loaded.config_radio_host_modem.argtypes = [
        ctypes.c_char_p,
        ctypes.c_size_t,
        ctypes.POINTER(ctypes.c_int64),
    ]
    loaded.config_radio_host_band.argtypes = [
        ctypes.c_char_p,
        ctypes.c_size_t,
        ctypes.POINTER(ctypes.c_int64),
        ctypes.c_char_p,
    ]
    return loaded


def record(choice: RadioChoice) -> bytes:
    return replace(
        BASE,
        country=choice.country,
        radio_kind=radio_plan.kind(choice),
        band=choice.band,
        radio_channel=choice.channel,
        tx_power_dbm=choice.power_dbm,
        spreading_factor=choice.spreading_factor,
        bandwidth=choice.bandwidth,
        coding_rate=choice.coding_rate,
    ).pack()


def modem(lib: ctypes.CDLL, data: bytes) -> tuple[int, ...] | None:
    out = (ctypes.c_int64 * 8)()
    status = lib.config_radio_host_modem(data, len(data), out)
    assert status in (0, -1), status
    return tuple(out) if status == 0 else None


def test_the_apps_plan_is_the_one_the_relay_obeys(lib: ctypes.CDLL) -> None:
    assert lib.config_radio_host_antenna_dbi() == radio_plan.ANTENNA_DBI
    for country in [*radio_plan.countries(), "CM", "SN", "CI", "BF", "ML"]:
        c_bands = []
        for index in itertools.count():
            out, name = (ctypes.c_int64 * 6)(), ctypes.create_string_buffer(24)
            if lib.config_radio_host_band(country.encode(), index, out, name) != 0:
                break
            c_bands.append((index, *out[:4], out[4] == 0, out[5], name.value.decode()))
        python = [
            (b.index, b.kind, b.low_hz, b.high_hz, b.max_dbm, b.erp, b.duty_permille, b.name)
            for b in radio_plan.bands(country)
        ]
        assert python == c_bands, country
    # No plan was found for these (radio_plan.h): nothing is offered, so their radios stay off.
    assert radio_plan.countries() == ("FR",)
    assert list(radio_plan.choices("CM")) == []


def test_every_choice_offered_turns_the_radio_on_with_that_modem(lib: ctypes.CDLL) -> None:
    offered = list(radio_plan.choices("FR"))
    assert len(offered) > 1000
    for choice in offered:
        band = radio_plan.bands("FR")[choice.band]
        got = modem(lib, record(choice))
        assert got is not None, choice
        freq = {c.number: c.freq_hz for c in radio_plan.channels(band, choice.bandwidth)}
        kind, freq_hz, bw_hz, sf, cr, preamble, power, bit_rate = got
        assert (kind, freq_hz, power) == (band.kind, freq[choice.channel], choice.power_dbm)
        if kind == radio_plan.LORA:
            assert bw_hz == radio_plan.LORA_BANDWIDTHS_HZ[choice.bandwidth]
            assert (sf, cr, preamble, bit_rate) == (
                choice.spreading_factor,
                choice.coding_rate,
                8,
                0,
            )
        else:
            assert (bw_hz, bit_rate) == (0, radio_plan.ESPNOW_BIT_RATES[choice.bandwidth])
    # What a technician meets first: 868.0-868.6 at 125 kHz has 4 channels, power up to 13 dBm
    # at the pin (14 dBm ERP through a 3 dBi antenna), SF7..SF12; 2.4 GHz has Wi-Fi 1..13.
    first, wifi = radio_plan.bands("FR")[0], radio_plan.bands("FR")[5]
    assert [c.freq_hz for c in radio_plan.channels(first)] == [
        868_062_500,
        868_187_500,
        868_312_500,
        868_437_500,
    ]
    assert radio_plan.powers(first) == tuple(range(2, 14))
    assert radio_plan.spreading_factors(first) == (7, 8, 9, 10, 11, 12)
    assert [c.number for c in radio_plan.channels(wifi)] == list(range(1, 14))
    assert radio_plan.powers(wifi) == tuple(range(2, 18))


def test_what_the_relay_refuses_is_never_offered(lib: ctypes.CDLL) -> None:
    """A grid around every edge: bands past the plan, channels past the band, each bandwidth
    code and one past, powers around each band's limit, SFs and coding rates around theirs."""
    grid = itertools.product(
        ["FR", "CM"],
        range(8),
        [*range(15), 255],
        range(4),
        [-1, 1, 2, 13, 14, 17, 18, 19, 20, 21, 27],
        [0, 6, 7, 12, 13],
        [4, 5, 8, 9],
    )
    accepted = 0
    for country, band, channel, bandwidth, power, sf, cr in grid:
        if country == "CM" and (channel > 2 or power != 14):
            continue  # no plan at all: a sample is enough
        choice = RadioChoice(country, band, channel, power, sf, bandwidth, cr)
        got = modem(lib, record(choice)) is not None
        assert got == radio_plan.allowed(choice), choice
        accepted += got
    assert accepted > 500


def test_a_record_without_a_radio_keeps_it_off(lib: ctypes.CDLL) -> None:
    # Records written before these bytes had a meaning hold zeros there: valid, radio off.
    old = BASE.pack()
    assert old[108:124] == bytes(16)
    assert RelayConfig.unpack(old).country == ""
    assert modem(lib, old) is None
    chosen = next(radio_plan.choices("FR"))
    on = record(chosen)
    assert modem(lib, on) is not None
    off = RelayConfig.unpack(on)
    assert modem(lib, replace(off, radio_kind=0).pack()) is None
    assert modem(lib, replace(off, country="").pack()) is None
    assert modem(lib, replace(off, radio_kind=radio_plan.ESPNOW).pack()) is None  # wrong band
    assert on[108:114] == b"FR\x01\x00\x00\x05"


def test_hostile_radio_bytes(lib: ctypes.CDLL) -> None:
    """Any bytes at 108..123 with a good CRC: the relay never turns the radio on with a modem
    the app would not offer, and the app refuses a country that is not two capital letters."""
    rng = random.Random(22)
    base = bytearray(record(next(radio_plan.choices("FR"))))
    for n in range(3000):
        data = bytearray(base)
        if n % 2:
            data[72:75] = rng.randbytes(3)
        data[108 : 114 + n % 11] = rng.randbytes(6 + n % 11)
        if n % 3:
            data[108:110] = b"FR"
        data[124:] = struct.pack("<I", crc32c.crc32c(bytes(data[:124])))
        got = modem(lib, bytes(data))
        try:
            config = RelayConfig.unpack(bytes(data))
        except RelayConfigError:
            assert got is None  # not letters: no country, no plan
            continue
        choice = RadioChoice(
            config.country,
            config.band,
            config.radio_channel,
            config.tx_power_dbm,
            config.spreading_factor,
            config.bandwidth,
            config.coding_rate,
        )
        expected = config.radio_kind == radio_plan.kind(choice) != 0 and radio_plan.allowed(choice)
        assert (got is not None) == expected, (data[72:75].hex(), data[108:114].hex())


def test_under_address_sanitizer(tmp_path: Path) -> None:
    if os.environ.get(LIBRARY_ENV):
        pytest.skip("already the sanitized run")
    run = rerun_sanitized(tmp_path, __file__, "not sanitizer", LIBRARY_ENV)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
