"""A neighbour's signal and a relay's airtime in the words a technician reads on the Devices
screen: "good / fair / weak" beside the dB values, and the share of the allowed airtime used.

LoRa: what decides whether a packet is heard is the SNR's margin above the spreading
factor's demodulation floor (Semtech SX1276/77/78/79 datasheet, its spreading factors table:
-7.5 dB at SF7 down to -20 dB at SF12), not the RSSI alone: a packet at -130 dBm is heard at
SF12 and lost at SF7 (the datasheet's sensitivities at 125 kHz are about -137 and -123 dBm).
A margin of 10 dB or more rides out fading; under 3 dB packets are being lost.

ESP-NOW reports no SNR, so its RSSI is held against the ESP32's system sensitivity at 802.11b
1 Mbit/s, -97 dBm (Espressif's "ESP32 Specifications (WiFi Receive)", forum.esp32.com topic
3096; long-range mode hears down to -105 dBm, so this errs on the cautious side): 20 dB above
is good, under 8 dB above is weak.
"""

from __future__ import annotations

from enum import Enum

LORA = 1  # radio kinds, as in radio_plan.py
ESPNOW = 2
# Demodulation floor (dB SNR) per spreading factor, SX1276 datasheet table 13.
LORA_SNR_FLOOR_DB = {7: -7.5, 8: -10.0, 9: -12.5, 10: -15.0, 11: -17.5, 12: -20.0}
LORA_GOOD_MARGIN_DB = 10.0
LORA_FAIR_MARGIN_DB = 3.0
ESPNOW_SENSITIVITY_DBM = -97
ESPNOW_GOOD_MARGIN_DB = 20
ESPNOW_FAIR_MARGIN_DB = 8


class Quality(Enum):
    GOOD = "good"
    FAIR = "fair"
    WEAK = "weak"


def quality(kind: int, sf: int, rssi_dbm: int, snr_db: int) -> Quality:
    """How well a neighbour is heard; a modem this does not know (a report's hostile bytes)
    counts as weak rather than as good."""
    if kind == LORA and sf in LORA_SNR_FLOOR_DB:
        margin = snr_db - LORA_SNR_FLOOR_DB[sf]
        good, fair = LORA_GOOD_MARGIN_DB, LORA_FAIR_MARGIN_DB
    elif kind == ESPNOW:
        margin = rssi_dbm - ESPNOW_SENSITIVITY_DBM
        good, fair = ESPNOW_GOOD_MARGIN_DB, ESPNOW_FAIR_MARGIN_DB
    else:
        return Quality.WEAK
    if margin >= good:
        return Quality.GOOD
    return Quality.FAIR if margin >= fair else Quality.WEAK


def airtime_percent(airtime_us: int, budget_us: int) -> float | None:
    """The share of the duty-cycle allowance used in the window, rounded up to a tenth (99.96 %
    used is not "99.9 %": the relay is about to fall silent; a few hellos are 0.1 %, not 0);
    None when the band allows no budget."""
    if budget_us <= 0:
        return None
    return -(-max(airtime_us, 0) * 1000 // budget_us) / 10
