"""The LoRa drivers (firmware/core/sx127x.c) against register-level emulators of the chips
(firmware/host/sx127x_emu.c), the time on air against the datasheet's formula written again
here, and the country plans (firmware/core/radio_plan.c).

The emulator is the chip and the test is the medium and the clock: it injects packets with a
signal strength and a good or bad CRC, makes the chip stall, and moves time forward; the
emulated chip ends a transmission after the time on air computed from the registers the driver
wrote. Everything runs a second time against the AddressSanitizer/UBSan build.
"""

from __future__ import annotations

import ctypes
import math
import os
import random
from fractions import Fraction
from pathlib import Path

import pytest

from bench.radio_airtime import (
    ESPNOW,
    LORA,
    NEVER,
    SX126X,
    SX127X,
    TCXO_1V8,
    Modem,
    Radio,
    Verdict,
    airtime_table,
    espnow,
    load_radio,
    lora,
    spi_table,
)
from bench.relay_forwarding import build_library
from tests.sanitizer import rerun_sanitized

LIBRARY_ENV = "OBAMBU_RADIO_LIBRARY"  # set by the sanitizer run to the library it built
CHIPS = [SX127X, SX126X]
EV_NONE, EV_TX_DONE, EV_RX, EV_RX_ERROR, EV_TIMEOUT = 0, 1, 2, 3, 4
PLAN = {"ok": 0, "no_country": 1, "bad_modem": 2, "no_band": 3, "too_loud": 4}

REG_OP_MODE, REG_FRF_MSB, REG_PA_CONFIG = 0x01, 0x06, 0x09
REG_MODEM_CONFIG1, REG_MODEM_CONFIG2, REG_MODEM_CONFIG3 = 0x1D, 0x1E, 0x26
REG_PREAMBLE_LSB, REG_SYNC_WORD, REG_PA_DAC, REG_DIO_MAPPING1 = 0x21, 0x39, 0x4D, 0x40
LORA_RX, LORA_TX, LORA_STANDBY = 0x85, 0x83, 0x81


@pytest.fixture(scope="module")
def lib(tmp_path_factory: pytest.TempPathFactory) -> ctypes.CDLL:
    given = os.environ.get(LIBRARY_ENV)
    path = Path(given) if given else build_library(tmp_path_factory.mktemp("radio-build"))
    return load_radio(path)


def lora_airtime_us(sf: int, bw: int, cr: int, preamble: int, length: int) -> int:
    """SX1276 datasheet §4.1.1.7, again: explicit header, CRC on, DE when T_sym >= 16 ms."""
    t_sym = Fraction(2**sf, bw)
    de = 1 if t_sym >= Fraction(16, 1000) else 0
    blocks = math.ceil(Fraction(8 * length - 4 * sf + 28 + 16, 4 * (sf - 2 * de)))
    code_rate = cr - 4  # the datasheet's CR, 1..4 for 4/5..4/8
    symbols = preamble + Fraction(17, 4) + 8 + max(blocks * (code_rate + 4), 0)
    return math.ceil(symbols * t_sym * 1_000_000)


# -- time on air ---------------------------------------------------------------------------------


def test_lora_airtime_is_the_datasheet_formula_for_every_setting(lib: ctypes.CDLL) -> None:
    for sf in range(7, 13):
        for bw in (62_500, 125_000, 250_000, 500_000):
            for cr in range(5, 9):
                for length in (0, 1, 13, 20, 51, 100, 222, 250, 255):
                    modem = lora(bw=bw, sf=sf, cr=cr)
                    got = lib.radio_airtime_us(ctypes.byref(modem), length)
                    assert got == lora_airtime_us(sf, bw, cr, 8, length), (sf, bw, cr, length)


def test_lora_airtime_matches_published_figures(lib: ctypes.CDLL) -> None:
    # Semtech's LoRa calculator: SF7/125 kHz, 20 bytes, CR 4/5, preamble 8: 56.58 ms;
    # SF12/125 kHz, 51 bytes (LoRaWAN EU868 DR0 maximum): 2465.79 ms.
    assert lib.radio_airtime_us(ctypes.byref(lora()), 20) == 56_576
    assert lib.radio_airtime_us(ctypes.byref(lora(sf=12)), 51) == 2_465_792


def test_espnow_airtime_is_the_frame_at_its_bit_rate(lib: ctypes.CDLL) -> None:
    # 43 bytes of 802.11 action frame around the body, 192 us of long PLCP preamble.
    for rate in (1_000_000, 500_000, 250_000):
        for length in (0, 1, 100, 250):
            expected = 192 + math.ceil(Fraction((length + 43) * 8 * 1_000_000, rate))
            assert lib.radio_airtime_us(ctypes.byref(espnow(bit_rate=rate)), length) == expected
    assert lib.radio_airtime_us(ctypes.byref(espnow()), 250) == 2536


def test_impossible_modems_never_fit_a_budget(lib: ctypes.CDLL) -> None:
    for modem in (lora(sf=6), lora(sf=13), lora(cr=4), lora(bw=0), espnow(bit_rate=0)):
        assert lib.radio_airtime_us(ctypes.byref(modem), 10) == NEVER
    assert lib.radio_airtime_us(ctypes.byref(espnow()), 251) == NEVER
    assert lib.radio_airtime_us(ctypes.byref(Modem(kind=9)), 10) == NEVER


# -- country plans -------------------------------------------------------------------------------


def check(lib: ctypes.CDLL, country: bytes, modem: Modem, antenna: int = 0) -> tuple[str, Verdict]:
    verdict = Verdict()
    status = lib.radio_plan_check(country, ctypes.byref(modem), antenna, ctypes.byref(verdict))
    return {v: k for k, v in PLAN.items()}[status], verdict


def test_france_offers_the_etsi_sub_bands_and_wifi(lib: ctypes.CDLL) -> None:
    bands = []
    index = 0
    while band := lib.radio_plan_band(b"FR", index):
        b = band.contents
        bands.append((b.kind, b.low_hz, b.high_hz, b.max_dbm, b.duty_permille))
        index += 1
    assert bands == [
        (LORA, 868_000_000, 868_600_000, 14, 10),
        (LORA, 868_700_000, 869_200_000, 14, 1),
        (LORA, 869_400_000, 869_650_000, 27, 100),
        (LORA, 869_700_000, 870_000_000, 14, 10),
        (LORA, 433_050_000, 434_790_000, 10, 100),
        (ESPNOW, 2_400_000_000, 2_483_500_000, 20, 1000),
    ]
    assert not lib.radio_plan_band(b"CM", 0)  # no sourced national plan: nothing offered
    assert lib.radio_plan_country(0) == b"FR" and lib.radio_plan_country(1) is None


def test_plan_check_says_which_duty_cycle_applies(lib: ctypes.CDLL) -> None:
    status, verdict = check(lib, b"FR", lora(freq=868_100_000, power=14))
    assert status == "ok" and verdict.duty_permille == 10 and verdict.max_power_dbm == 16
    status, verdict = check(lib, b"FR", lora(freq=869_525_000, bw=125_000, power=27), antenna=2)
    assert status == "ok" and verdict.band == 2 and verdict.duty_permille == 100
    status, verdict = check(lib, b"FR", lora(freq=868_900_000, power=10))
    assert status == "ok" and verdict.duty_permille == 1
    status, verdict = check(lib, b"FR", lora(freq=433_175_000, power=10))
    assert status == "ok" and verdict.duty_permille == 100 and verdict.max_power_dbm == 12
    status, verdict = check(lib, b"FR", espnow(channel=13, power=20))
    assert status == "ok" and verdict.duty_permille == 1000


def test_plan_check_refuses_what_the_country_does_not_allow(lib: ctypes.CDLL) -> None:
    assert check(lib, b"FR", lora(freq=868_650_000))[0] == "no_band"  # between sub-bands
    assert check(lib, b"FR", lora(freq=868_500_000, bw=250_000))[0] == "no_band"  # spills over
    assert check(lib, b"FR", lora(freq=915_000_000))[0] == "no_band"
    assert check(lib, b"FR", lora(freq=868_100_000, power=17))[0] == "too_loud"
    assert check(lib, b"FR", lora(freq=868_100_000, power=14), antenna=3)[0] == "too_loud"
    assert check(lib, b"FR", espnow(power=21))[0] == "too_loud"
    assert check(lib, b"FR", espnow(channel=14))[0] == "no_band"  # 2484 MHz: Japan only
    assert check(lib, b"FR", lora(sf=13))[0] == "bad_modem"
    assert check(lib, b"FR", lora(bw=100_000))[0] == "bad_modem"
    for country in (b"CM", b"SN", b"CI", b"BF", b"ML", b"XX", b"fr", b""):
        assert check(lib, country, lora())[0] == "no_country"


# -- SX127x: registers -------------------------------------------------------------------------


def test_sx127x_init_puts_lora_receive_and_the_modem_in_its_registers(lib: ctypes.CDLL) -> None:
    radio = Radio(lib, lora(freq=868_100_000, sf=7, bw=125_000, cr=5, power=14))
    assert radio.status == 0
    assert radio.reg(REG_OP_MODE) == LORA_RX
    frf = radio.reg(REG_FRF_MSB) << 16 | radio.reg(REG_FRF_MSB + 1) << 8 | radio.reg(8)
    assert frf == 0xD90666 == round(868_100_000 * 2**19 / 32_000_000)
    assert radio.reg(REG_MODEM_CONFIG1) == 0x72  # BW 125 kHz, CR 4/5, explicit header
    assert radio.reg(REG_MODEM_CONFIG2) == 0x74  # SF7, CRC on
    assert radio.reg(REG_MODEM_CONFIG3) == 0x04  # AGC on, no low data rate optimisation
    assert radio.reg(REG_PREAMBLE_LSB) == 8 and radio.reg(REG_SYNC_WORD) == 0x12
    assert radio.reg(REG_PA_CONFIG) == 0xFC and radio.reg(REG_PA_DAC) == 0x84  # PA_BOOST 14

    radio = Radio(lib, lora(freq=433_175_000, sf=12, bw=250_000, cr=8, power=20))
    assert radio.status == 0
    frf = radio.reg(REG_FRF_MSB) << 16 | radio.reg(REG_FRF_MSB + 1) << 8 | radio.reg(8)
    assert frf == 0x6C4B33 == round(433_175_000 * 2**19 / 32_000_000)
    assert lib.sx127x_frf(433_175_000) == 0x6C4B33
    assert radio.reg(REG_MODEM_CONFIG1) == 0x88  # BW 250 kHz, CR 4/8
    assert radio.reg(REG_MODEM_CONFIG2) == 0xC4  # SF12, CRC on
    assert radio.reg(REG_MODEM_CONFIG3) == 0x0C  # 16.4 ms symbols: low data rate optimisation
    assert radio.reg(REG_PA_DAC) == 0x87 and radio.reg(REG_PA_CONFIG) == 0xFF  # +20 dBm


def test_sx127x_errata_500_khz_sensitivity(lib: ctypes.CDLL) -> None:
    assert Radio(lib, lora()).reg(0x36) == 0x03
    radio = Radio(lib, lora(bw=500_000))
    assert (radio.reg(0x36), radio.reg(0x3A)) == (0x02, 0x64)
    radio = Radio(lib, lora(freq=433_175_000, bw=500_000, power=10))
    assert (radio.reg(0x36), radio.reg(0x3A)) == (0x02, 0x7F)


def test_sx127x_modes_follow_send_and_receive(lib: ctypes.CDLL) -> None:
    radio = Radio(lib, lora())
    assert radio.reg(REG_OP_MODE) == LORA_RX and radio.reg(REG_DIO_MAPPING1) == 0x00
    assert radio.send(b"x") == 0
    assert radio.reg(REG_OP_MODE) == LORA_TX and radio.reg(REG_DIO_MAPPING1) == 0x40
    radio.advance(lora_airtime_us(7, 125_000, 5, 8, 1))
    assert radio.reg(REG_OP_MODE) == LORA_STANDBY  # the chip's own fall-back after TX
    assert radio.poll().kind == EV_TX_DONE
    assert radio.reg(REG_OP_MODE) == LORA_RX and radio.reg(REG_DIO_MAPPING1) == 0x00


# -- SX126x: commands ----------------------------------------------------------------------------

F_MODE, F_TYPE, F_FREQ, F_MOD, F_PKT, F_PA, F_TXP, F_LOST = 0, 1, 2, 3, 7, 13, 17, 19
F_DIO2, F_TCXO, F_SYNC, F_TX_START = 20, 21, 22, 25
EMU_STANDBY, EMU_TX, EMU_RX = 1, 2, 3


def test_sx126x_init_sends_the_modem_as_commands(lib: ctypes.CDLL) -> None:
    radio = Radio(lib, lora(freq=868_100_000, power=14), chip=SX126X)
    assert radio.status == 0
    assert radio.field(F_MODE) == EMU_RX and radio.field(F_TYPE) == 1  # LoRa, listening
    assert radio.field(F_FREQ) == round(868_100_000 * 2**25 / 32_000_000) == 0x3641999A
    assert [radio.field(F_MOD + i) for i in range(4)] == [7, 0x04, 1, 0]  # SF7 125k 4/5
    assert [radio.field(F_PKT + i) for i in range(6)] == [0, 8, 0, 255, 1, 0]
    assert [radio.field(F_PA + i) for i in range(4)] == [0x04, 0x07, 0x00, 0x01]
    assert [radio.field(F_TXP + i) for i in range(2)] == [14, 0x04]
    assert [radio.field(F_SYNC), radio.field(F_SYNC + 1)] == [0x14, 0x24]
    assert radio.field(F_DIO2) == 1 and radio.field(F_TCXO) == 0
    assert radio.field(F_LOST) == 0  # every command waited for BUSY low

    radio = Radio(
        lib,
        lora(freq=433_175_000, sf=12, bw=125_000, cr=8, power=22),
        chip=SX126X,
        board=TCXO_1V8,
    )
    assert radio.status == 0
    assert radio.field(F_FREQ) == lib.sx126x_rf_freq(433_175_000)
    assert radio.field(F_FREQ) == round(433_175_000 * 2**25 / 32_000_000)
    assert [radio.field(F_MOD + i) for i in range(4)] == [12, 0x04, 4, 1]  # LDRO at SF12
    assert radio.field(F_TCXO) != 0 and radio.field(F_DIO2) == 0
    assert radio.field(F_LOST) == 0  # the 3.5 ms of BUSY after reset were waited out


def test_sx126x_errata_tx_clamp_and_500_khz_modulation(lib: ctypes.CDLL) -> None:
    register = 0x1000
    radio = Radio(lib, lora(), chip=SX126X)
    assert radio.field(register + 0x08D8) & 0x1E == 0x1E
    assert radio.field(register + 0x0889) & 0x04 == 0x04
    radio = Radio(lib, lora(bw=500_000), chip=SX126X)
    assert radio.field(register + 0x0889) & 0x04 == 0


def test_sx126x_modes_follow_send_and_receive(lib: ctypes.CDLL) -> None:
    radio = Radio(lib, lora(), chip=SX126X)
    assert radio.send(b"abc") == 0
    assert radio.field(F_MODE) == EMU_TX and radio.field(F_PKT + 3) == 3
    radio.advance(lora_airtime_us(7, 125_000, 5, 8, 3))
    assert radio.field(F_MODE) == EMU_STANDBY
    assert radio.poll().kind == EV_TX_DONE
    assert radio.field(F_MODE) == EMU_RX and radio.field(F_PKT + 3) == 255
    assert radio.field(F_LOST) == 0


# -- both chips, through radio_ops_t -------------------------------------------------------------


@pytest.mark.parametrize("chip", CHIPS, ids=["sx127x", "sx126x"])
def test_wrong_chip_version_or_setting_is_refused_at_init(lib: ctypes.CDLL, chip: int) -> None:
    if chip == SX127X:
        assert Radio(lib, lora(), version=0x22).status == -1  # something else answers
        assert Radio(lib, lora(), version=0x00).status == -1  # nothing on the bus
    else:
        assert Radio(lib, lora(), chip=chip, version_string=b"SX1276").status == -1
        assert Radio(lib, lora(), chip=chip, version_string=b"").status == -1
    too_loud = 21 if chip == SX127X else 23
    for modem in (lora(sf=6), lora(bw=100_000), lora(power=too_loud), lora(cr=9), espnow()):
        assert Radio(lib, modem, chip=chip).status == -2


def tx_start(radio: Radio, chip: int, before: int) -> int:
    return radio.field(F_TX_START) if chip == SX126X else before


@pytest.mark.parametrize("chip", CHIPS, ids=["sx127x", "sx126x"])
def test_a_packet_sent_ends_in_tx_done_after_its_time_on_air(lib: ctypes.CDLL, chip: int) -> None:
    radio = Radio(lib, lora(sf=9), chip=chip)
    packet = bytes(range(40))
    airtime = lora_airtime_us(9, 125_000, 5, 8, len(packet))
    before = lib.radio_host_now_us(radio.handle)
    assert radio.send(packet) == 0
    assert radio.sent() == packet
    end = lib.radio_host_tx_end_us(radio.handle)
    assert end - tx_start(radio, chip, before) == airtime
    assert radio.send(b"second") == -1  # still on the air
    radio.advance(end - lib.radio_host_now_us(radio.handle) - 1)
    assert radio.poll().kind == EV_NONE and lib.radio_host_dio(radio.handle) == 0
    radio.advance(1)
    assert lib.radio_host_dio(radio.handle) == 1  # DIO raised: the port's interrupt fires
    assert radio.poll().kind == EV_TX_DONE
    assert lib.radio_host_sent_count(radio.handle) == 1
    assert radio.send(b"second") == 0


@pytest.mark.parametrize("chip", CHIPS, ids=["sx127x", "sx126x"])
def test_a_received_packet_comes_with_its_rssi_and_snr(lib: ctypes.CDLL, chip: int) -> None:
    radio = Radio(lib, lora(), chip=chip)
    assert radio.poll().kind == EV_NONE
    assert radio.inject(b"hello relay", rssi=-97, snr=7) == 0
    assert lib.radio_host_dio(radio.handle) == 1
    event = radio.poll()
    assert event.kind == EV_RX and bytes(event.data[: event.len]) == b"hello relay"
    assert (event.rssi_dbm, event.snr_db) == (-97, 7)
    assert radio.poll().kind == EV_NONE  # taken once
    assert radio.inject(b"below the noise", rssi=-125, snr=-9) == 0  # SX126x: -127.5 at least
    event = radio.poll()
    assert (event.kind, event.rssi_dbm, event.snr_db) == (EV_RX, -125, -9)

    radio433 = Radio(lib, lora(freq=433_175_000, power=10), chip=chip)  # SX127x: the LF port
    radio433.inject(b"x", rssi=-110, snr=3)
    event = radio433.poll()
    assert (event.kind, event.rssi_dbm) == (EV_RX, -110)


@pytest.mark.parametrize("chip", CHIPS, ids=["sx127x", "sx126x"])
def test_a_crc_error_is_reported_and_nothing_delivered(lib: ctypes.CDLL, chip: int) -> None:
    radio = Radio(lib, lora(), chip=chip)
    radio.inject(b"damaged on the way", crc_ok=0)
    event = radio.poll()
    assert event.kind == EV_RX_ERROR and event.len == 0 and bytes(event.data) == bytes(250)
    if chip == SX127X:
        radio.inject(b"no crc at all", crc_ok=-1)  # a CRC-less packet proves nothing
        assert radio.poll().kind == EV_RX_ERROR
    radio.inject(b"next one is fine")
    event = radio.poll()
    assert event.kind == EV_RX and bytes(event.data[: event.len]) == b"next one is fine"


@pytest.mark.parametrize("chip", CHIPS, ids=["sx127x", "sx126x"])
def test_a_stalled_chip_times_out_and_the_driver_recovers(lib: ctypes.CDLL, chip: int) -> None:
    radio = Radio(lib, lora(), chip=chip)
    resets = lib.radio_host_resets(radio.handle)
    assert radio.send(b"into the void") == 0
    lib.radio_host_set_stalled(radio.handle, 1)  # SX126x: BUSY stuck high as well
    for _ in range(20):
        radio.advance(50_000)
        event = radio.poll()
        if event.kind != EV_NONE:
            break
    assert event.kind == EV_TIMEOUT
    assert lib.radio_host_resets(radio.handle) == resets + 1  # the reset line, pulsed
    assert lib.radio_host_sent_count(radio.handle) == 0
    assert radio.send(b"again") == 0
    radio.advance(lora_airtime_us(7, 125_000, 5, 8, 5) + 5000)
    assert radio.poll().kind == EV_TX_DONE
    assert radio.sent() == b"again"


def test_sx127x_timeout_comes_at_twice_the_airtime_and_a_margin(lib: ctypes.CDLL) -> None:
    radio = Radio(lib, lora())
    lib.radio_host_set_stalled(radio.handle, 1)
    assert radio.send(b"into the void") == 0
    airtime_ms = lora_airtime_us(7, 125_000, 5, 8, 13) // 1000 + 1
    radio.advance((2 * airtime_ms + 99) * 1000)
    assert radio.poll().kind == EV_NONE  # not yet past the deadline
    radio.advance(1000)
    assert radio.poll().kind == EV_TIMEOUT
    assert radio.reg(REG_OP_MODE) == LORA_RX and radio.reg(REG_MODEM_CONFIG2) == 0x74


def test_sx126x_send_to_a_stalled_chip_is_refused_and_the_chip_reset(lib: ctypes.CDLL) -> None:
    radio = Radio(lib, lora(), chip=SX126X)
    lib.radio_host_set_stalled(radio.handle, 1)
    before = lib.radio_host_now_us(radio.handle)
    assert radio.send(b"x") == -1
    # one BUSY wait runs out (20 ms), then the reset and the whole init again (its commands
    # each wait out the emulator's 200 us of BUSY in 1 ms steps): bounded, not stuck
    assert lib.radio_host_now_us(radio.handle) - before <= 50_000
    assert lib.radio_host_resets(radio.handle) == 2  # init, then recovery
    assert radio.send(b"x") == 0


def test_sx126x_chip_timer_ends_a_transmission_that_hangs(lib: ctypes.CDLL) -> None:
    radio = Radio(lib, lora(), chip=SX126X)
    lib.radio_host_set_tx_hang(radio.handle, 1)
    assert radio.send(b"never ends") == 0
    start = radio.field(F_TX_START)
    airtime_ms = lora_airtime_us(7, 125_000, 5, 8, 10) // 1000 + 1
    timer_us = (2 * airtime_ms + 100) * 1000  # SetTx's timeout, in 15.625 us steps
    radio.advance(start + timer_us - lib.radio_host_now_us(radio.handle) - 1)
    assert radio.poll().kind == EV_NONE
    radio.advance(1)
    assert radio.poll().kind == EV_TIMEOUT  # the chip's own timer, not the driver's deadline
    lib.radio_host_set_tx_hang(radio.handle, 0)
    assert radio.send(b"fine now") == 0
    radio.advance(lora_airtime_us(7, 125_000, 5, 8, 8) + 5000)
    assert radio.poll().kind == EV_TX_DONE


@pytest.mark.parametrize("chip", CHIPS, ids=["sx127x", "sx126x"])
def test_a_chip_answering_noise_never_overruns_an_event(lib: ctypes.CDLL, chip: int) -> None:
    """Every byte read back is random (a dying chip, a loose wire): the driver may report
    anything, but never more than 250 bytes, never data without an RX, never a crash (the
    sanitizer run replays this)."""
    rng = random.Random(chip)
    radio = Radio(lib, lora(), chip=chip)
    lib.radio_host_set_noise(radio.handle, 0x2D2D2D2D)
    for _ in range(400):
        action = rng.randrange(4)
        if action == 0:
            radio.inject(rng.randbytes(rng.randint(1, 255)), crc_ok=rng.choice([1, 0]))
        elif action == 1:
            radio.send(rng.randbytes(rng.randint(1, 250)))
        elif action == 2:
            lib.radio_host_busy(radio.handle, radio.now_ms)
        radio.advance(rng.randint(0, 400_000))
        event = radio.poll()
        assert event.kind in (EV_NONE, EV_TX_DONE, EV_RX, EV_RX_ERROR, EV_TIMEOUT)
        assert event.len <= 250
        if event.kind != EV_RX:
            assert event.len == 0 and bytes(event.data) == bytes(250)
    lib.radio_host_set_noise(radio.handle, 0)  # the chip answers again: the driver recovers
    for _ in range(5):
        radio.advance(1_000_000)
        radio.poll()
    assert radio.send(b"back") == 0
    radio.advance(100_000)
    assert radio.poll().kind == EV_TX_DONE


def test_sx126x_stalled_while_receiving_is_reset_and_listens_again(lib: ctypes.CDLL) -> None:
    radio = Radio(lib, lora(), chip=SX126X)
    lib.radio_host_set_stalled(radio.handle, 1)
    assert radio.inject(b"lost") == -1  # a stalled chip hears nothing
    assert radio.poll().kind == EV_NONE  # nothing to report: no send was lost
    assert lib.radio_host_resets(radio.handle) == 2  # init, then recovery
    assert radio.inject(b"heard again") == 0
    event = radio.poll()
    assert event.kind == EV_RX and bytes(event.data[: event.len]) == b"heard again"


@pytest.mark.parametrize("chip", CHIPS, ids=["sx127x", "sx126x"])
def test_oversized_and_empty_packets_are_refused(lib: ctypes.CDLL, chip: int) -> None:
    radio = Radio(lib, lora(), chip=chip)
    assert radio.send(bytes(251)) == -1
    assert radio.send(b"") == -1
    assert radio.send(bytes(250)) == 0
    radio.advance(10_000_000)
    assert radio.poll().kind == EV_TX_DONE
    radio.inject(bytes(255))  # a foreign 255-byte packet: longer than any of ours
    assert radio.poll().kind == EV_RX_ERROR


@pytest.mark.parametrize("chip", CHIPS, ids=["sx127x", "sx126x"])
def test_listen_before_talk_uses_channel_activity_detection(lib: ctypes.CDLL, chip: int) -> None:
    radio = Radio(lib, lora(sf=12), chip=chip)
    assert lib.radio_host_busy(radio.handle, radio.now_ms) == 0
    lib.radio_host_set_channel_busy(radio.handle, 1)
    assert lib.radio_host_busy(radio.handle, radio.now_ms) == 1
    radio.inject(b"still listening")  # back in RX after the detection
    assert lib.radio_host_busy(radio.handle, radio.now_ms) == 1  # a packet waits for poll...
    event = radio.poll()  # ...and is still there: the detection did not clear it
    assert event.kind == EV_RX and bytes(event.data[: event.len]) == b"still listening"
    radio.send(b"x")
    assert lib.radio_host_busy(radio.handle, radio.now_ms) == 1  # we are the one talking


@pytest.mark.parametrize("chip", CHIPS, ids=["sx127x", "sx126x"])
def test_random_traffic_never_delivers_a_bad_packet(lib: ctypes.CDLL, chip: int) -> None:
    rng = random.Random(22)
    radio = Radio(lib, lora(), chip=chip)
    for _ in range(300):
        data = rng.randbytes(rng.randint(1, 255))
        crc = rng.choice([1, 1, 0, -1] if chip == SX127X else [1, 0])
        if radio.inject(data, rssi=rng.randint(-140, -20), snr=rng.randint(-20, 12), crc_ok=crc):
            continue
        event = radio.poll()
        if crc == 1 and len(data) <= 250:
            assert event.kind == EV_RX and bytes(event.data[: event.len]) == data
        else:
            assert event.kind == EV_RX_ERROR and event.len == 0


def test_spi_cost_of_a_packet_is_what_performance_md_says(lib: ctypes.CDLL) -> None:
    table = "\n".join(spi_table(lib, 250))
    assert "| SX127x | 12 / 273 / 273 us | 9 / 267 / 267 us | 0.001 |" in table
    assert "| SX126x | 11 / 304 / 304 us | 5 / 269 / 269 us | 0.001 |" in table
    rows = "\n".join(airtime_table(lib, 250))
    assert "| LoRa SF7/125 kHz | 389.38 ms | 642 B/s | 231,139 | 23,114 | 2,311 |" in rows
    assert "| ESP-NOW 1 Mb/s | 2.54 ms | 98,580 B/s |" in rows


# -- the sanitizer build -------------------------------------------------------------------------


@pytest.mark.skipif(bool(os.environ.get(LIBRARY_ENV)), reason="already the sanitizer run")
def test_sanitizer_build_replays_the_driver_tests(tmp_path: Path) -> None:
    run = rerun_sanitized(tmp_path, __file__, "not sanitizer", LIBRARY_ENV)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    assert " passed" in run.stdout
