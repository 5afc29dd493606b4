"""A neighbour's signal and a relay's airtime in a technician's words (devices/signal.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.core.devices.signal import Quality, airtime_percent, quality


def test_lora_signal_is_judged_by_its_margin_over_the_spreading_factors_floor() -> None:
    # The same -8 dB SNR: comfortable at SF12 (floor -20 dB), lost at SF7 (floor -7.5 dB).
    assert quality(1, 12, -128, -8) is Quality.GOOD
    assert quality(1, 7, -128, -8) is Quality.WEAK
    assert quality(1, 9, -110, -7) is Quality.FAIR  # 5.5 dB over SF9's -12.5 dB
    assert quality(1, 9, -110, -3) is Quality.FAIR  # 9.5 dB: not yet good
    assert quality(1, 9, -110, -2) is Quality.GOOD


def test_espnow_signal_is_judged_by_its_rssi() -> None:
    assert quality(2, 0, -60, 0) is Quality.GOOD
    assert quality(2, 0, -85, 0) is Quality.FAIR
    assert quality(2, 0, -92, 0) is Quality.WEAK


@given(st.integers(0, 255), st.integers(0, 255), st.integers(-32768, 32767), st.integers(-128, 127))
def test_any_report_bytes_get_a_word_and_unknown_modems_count_as_weak(
    kind: int, sf: int, rssi: int, snr: int
) -> None:
    got = quality(kind, sf, rssi, snr)
    assert isinstance(got, Quality)
    if kind not in (1, 2) or (kind == 1 and not 7 <= sf <= 12):
        assert got is Quality.WEAK


def test_airtime_is_a_share_of_the_allowance_rounded_up() -> None:
    assert airtime_percent(0, 36_000_000) == 0
    assert airtime_percent(9_000_000, 36_000_000) == 25
    assert airtime_percent(35_700_000, 36_000_000) == 99.2
    assert airtime_percent(35_990_000, 36_000_000) == 100  # 99.97 %: about to fall silent
    assert airtime_percent(1, 36_000_000) == 0.1  # a hello is on air, however short
    assert airtime_percent(5, 0) is None


def test_the_radio_summary_names_registered_neighbours_and_puts_the_best_first() -> None:
    from app.core.devices.radio_report import Neighbour, RadioReport
    from app.core.devices.radio_summary import summary

    ours = bytes.fromhex("240ac4fefe102002")
    heard = (
        Neighbour(bytes.fromhex("deadbeef"), -118, -14, 40, 3),  # SF9: 1.5 dB over the floor
        Neighbour(ours[4:], -101, 2, 5, 17),  # 14.5 dB over
        Neighbour(bytes.fromhex("0badf00d"), -110, -6, 9, 8),  # 6.5 dB over
    )
    radio = RadioReport(
        1, 868_062_500, 125_000, 9, 13, 3600, 9_000_000, 36_000_000, 30, 12, 2, heard
    )
    seen = summary(radio, [{"id": ours, "name": "Relais de la colline"}])
    assert [(r.name, r.short_id, r.quality) for r in seen.neighbours] == [
        ("Relais de la colline", "fe102002", Quality.GOOD),
        ("", "0badf00d", Quality.FAIR),
        ("", "deadbeef", Quality.WEAK),
    ]
    assert seen.airtime_percent == 25 and seen.neighbours[0].snr_db == 2
