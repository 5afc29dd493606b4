from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.attestations.qrtext import PREFIX, QrTextError, from_qr_text, to_qr_text

QR_ALPHANUMERIC = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")


def test_rfc9285_examples() -> None:
    assert to_qr_text(b"AB") == "AT1:BB8"
    assert to_qr_text(b"Hello!!") == "AT1:%69 VD92EX0"
    assert to_qr_text(b"base-45") == "AT1:UJCLQE7W581"
    assert from_qr_text("AT1:QED8WEX0") == b"ietf!"


@given(st.binary(min_size=1, max_size=300))
def test_round_trip(data: bytes) -> None:
    text = to_qr_text(data)
    assert text.startswith(PREFIX)
    assert set(text) <= QR_ALPHANUMERIC  # whole text fits QR alphanumeric mode
    assert from_qr_text(text) == data


@given(
    st.binary(min_size=1, max_size=100),
    st.sampled_from(["", " ", "\n", "\r\n", "\t  "]),
    st.sampled_from(["", " ", "\n", "\r\n", "\t  "]),
    st.sampled_from(["AT1:", "at1:", "At1:"]),
)
def test_tolerates_whitespace_and_prefix_case(
    data: bytes, before: str, after: str, prefix: str
) -> None:
    payload = to_qr_text(data)[len(PREFIX) :]
    assert from_qr_text(before + prefix + payload + after) == data


def test_payload_starting_with_space_survives() -> None:
    # Space is a base45 digit and can open the payload; stripping must not eat it.
    data = next(
        bytes([a, b]) for a in range(256) for b in range(256) if to_qr_text(bytes([a, b]))[4] == " "
    )
    assert from_qr_text("  " + to_qr_text(data) + " ") == data


def test_empty_data_refused() -> None:
    with pytest.raises(ValueError):
        to_qr_text(b"")
    with pytest.raises(QrTextError, match="nothing after"):
        from_qr_text("AT1:  ")


@pytest.mark.parametrize(
    "text", ["", "   ", "https://example.org", "AT2:BB8", "AT1BB8", "BB8", "XAT1:BB8"]
)
def test_wrong_prefix(text: str) -> None:
    with pytest.raises(QrTextError, match="should start with AT1:"):
        from_qr_text(text)


@pytest.mark.parametrize(
    "payload",
    [
        "B",  # length 1 mod 3 is never valid base45
        "BB8B",
        "bb8",  # base45 is upper case only
        "BB8#",
        "GGW",  # 65535 + 1: overflows two bytes
        ":::",
        "BB\n8",
    ],
)
def test_damaged_payload(payload: str) -> None:
    with pytest.raises(QrTextError, match="damaged or was typed wrongly"):
        from_qr_text(PREFIX + payload)


def test_errors_are_value_errors_with_codes() -> None:
    with pytest.raises(ValueError):
        from_qr_text("nope")
    for text, code in [
        ("nope", "qr_not_an_attestation"),
        ("AT1:", "qr_empty"),
        ("AT1:B", "qr_damaged"),
    ]:
        with pytest.raises(QrTextError) as info:
            from_qr_text(text)
        assert info.value.code == code
