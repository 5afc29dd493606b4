"""The radio settings a country allows, as the app offers them: country → bands → channels,
powers, spreading factors.

The same table as `firmware/core/radio_plan.c`, and the same channel grid and power rule as
`config_modem` in `firmware/core/config.c`, which the relay obeys before it transmits:
`tests/test_config_radio.py` holds this table against the C one and walks every choice offered
here through the C code (and checks that everything the C code refuses is never offered).

Only France is in it; the reason (no national plan found for Cameroon, Senegal, Côte d'Ivoire,
Burkina Faso, Mali) is in `firmware/core/radio_plan.h`. A country without a plan gets no
choice at all: its relays keep their radio off.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

LORA = 1  # radio_kind_t in firmware/core/radio.h, byte 110 of the CONFIG record
ESPNOW = 2
ANTENNA_DBI = 3  # CONFIG_ANTENNA_DBI: the boards' stock antennas are 2-3 dBi
POWER_MIN_DBM = 2  # CONFIG_POWER_MIN_DBM..MAX: what every radio here can set at its pin
POWER_MAX_DBM = 20
ERP_FROM_EIRP_CDB = 215  # a half-wave dipole's 2.15 dBi, in centi-dB
LORA_BANDWIDTHS_HZ = (125_000, 250_000, 500_000)  # by the record's bandwidth code
ESPNOW_BIT_RATES = (1_000_000, 500_000, 250_000)
SPREADING_FACTORS = tuple(range(7, 13))
CODING_RATES = tuple(range(5, 9))  # 4/5 .. 4/8
WIFI_CHANNELS = tuple(range(1, 14))
NO_DUTY_CYCLE = 1000  # per mille: RADIO_PLAN_NO_DUTY_CYCLE


@dataclass(frozen=True)
class Band:
    index: int  # in the country's plan: byte 111 of the CONFIG record
    kind: int  # LORA or ESPNOW
    low_hz: int
    high_hz: int
    max_dbm: int  # radiated: ERP when `erp`, else EIRP
    erp: bool
    duty_permille: int  # 10 = 1 %, NO_DUTY_CYCLE = no rule
    name: str

    @property
    def max_pin_dbm(self) -> int:
        """The most power at the chip's pin that stays under the band's limit through the
        assumed antenna, rounded down (a fraction of a dB over is still over)."""
        limit = self.max_dbm * 100 - ANTENNA_DBI * 100
        if self.erp:
            limit += ERP_FROM_EIRP_CDB
        return limit // 100


def _mhz(whole: int, thousandths: int) -> int:
    return whole * 1_000_000 + thousandths * 1_000


# ERC 70-03 annex 1 / EN 300 220 (sub-GHz), EN 300 328 (2.4 GHz): radio_plan.c's EU_BANDS.
_EU = (
    (LORA, _mhz(868, 0), _mhz(868, 600), 14, True, 10, "868.0-868.6 1%"),
    (LORA, _mhz(868, 700), _mhz(869, 200), 14, True, 1, "868.7-869.2 0.1%"),
    (LORA, _mhz(869, 400), _mhz(869, 650), 27, True, 100, "869.4-869.65 10%"),
    (LORA, _mhz(869, 700), _mhz(870, 0), 14, True, 10, "869.7-870.0 1%"),
    (LORA, _mhz(433, 50), _mhz(434, 790), 10, True, 100, "433.05-434.79 10%"),
    (ESPNOW, _mhz(2400, 0), _mhz(2483, 500), 20, False, NO_DUTY_CYCLE, "2.4 GHz Wi-Fi 1-13"),
)

PLANS: dict[str, tuple[Band, ...]] = {
    "FR": tuple(Band(i, *row) for i, row in enumerate(_EU)),
}


@dataclass(frozen=True)
class Channel:
    number: int  # byte 72 of the CONFIG record
    freq_hz: int  # its centre


@dataclass(frozen=True)
class RadioChoice:
    """What a technician chose: everything the CONFIG record's radio bytes hold."""

    country: str
    band: int
    channel: int
    power_dbm: int
    spreading_factor: int = 9
    bandwidth: int = 0  # code: LORA_BANDWIDTHS_HZ / ESPNOW_BIT_RATES index
    coding_rate: int = 5


def countries() -> tuple[str, ...]:
    return tuple(PLANS)


def bands(country: str) -> tuple[Band, ...]:
    """The country's bands; none for a country without a plan."""
    return PLANS.get(country, ())


def channels(band: Band, bandwidth: int = 0) -> tuple[Channel, ...]:
    """radio_plan_channel_hz's grid: LoRa channels side by side from the band's low edge, as
    wide as the bandwidth; ESP-NOW on the Wi-Fi channels 1..13 that fit the band."""
    if band.kind == ESPNOW:
        half = 11_000_000  # an 802.11b channel is 22 MHz wide
        centres = [(n, 2_407_000_000 + 5_000_000 * n) for n in WIFI_CHANNELS]
    else:
        if not 0 <= bandwidth < len(LORA_BANDWIDTHS_HZ):
            return ()
        width = LORA_BANDWIDTHS_HZ[bandwidth]
        half = width // 2
        centres = [(n, band.low_hz + half + n * width) for n in range(256)]
    return tuple(
        Channel(n, f) for n, f in centres if f - half >= band.low_hz and f + half <= band.high_hz
    )


def powers(band: Band) -> tuple[int, ...]:
    """Whole dBm at the pin, from the radios' least to what the band allows."""
    return tuple(range(POWER_MIN_DBM, min(POWER_MAX_DBM, band.max_pin_dbm) + 1))


def spreading_factors(band: Band) -> tuple[int, ...]:
    return SPREADING_FACTORS if band.kind == LORA else ()


def bandwidths(band: Band) -> tuple[int, ...]:
    return tuple(range(len(LORA_BANDWIDTHS_HZ if band.kind == LORA else ESPNOW_BIT_RATES)))


def allowed(choice: RadioChoice) -> bool:
    """Whether the relay will turn its radio on with this choice (config_modem says 0)."""
    plan = bands(choice.country)
    if not 0 <= choice.band < len(plan):
        return False
    band = plan[choice.band]
    if choice.bandwidth not in bandwidths(band) or choice.power_dbm not in powers(band):
        return False
    if choice.channel not in {c.number for c in channels(band, choice.bandwidth)}:
        return False
    if band.kind == ESPNOW:
        return True
    return choice.spreading_factor in SPREADING_FACTORS and choice.coding_rate in CODING_RATES


def choices(country: str) -> Iterator[RadioChoice]:
    """Every choice offered for the country (LoRa: each bandwidth, SF and coding rate)."""
    for band in bands(country):
        lora = band.kind == LORA
        for bandwidth in bandwidths(band):
            for channel in channels(band, bandwidth):
                for power in powers(band):
                    for sf in spreading_factors(band) if lora else (0,):
                        for cr in CODING_RATES if lora else (0,):
                            yield RadioChoice(
                                country, band.index, channel.number, power, sf, bandwidth, cr
                            )


def kind(choice: RadioChoice) -> int:
    plan = bands(choice.country)
    return plan[choice.band].kind if 0 <= choice.band < len(plan) else 0
