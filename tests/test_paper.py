from __future__ import annotations

import io

import png  # type: ignore[import-untyped]
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.crypto.paper import ALPHABET, PaperError, crc24, qr_png, seed_to_text, text_to_seed

SEED = bytes(range(32))
seeds = st.binary(min_size=32, max_size=32)


def test_crc24_check_value() -> None:
    # The catalogue check value of CRC-24/OPENPGP.
    assert crc24(b"123456789") == bytes.fromhex("21cf02")


def test_text_shape() -> None:
    text = seed_to_text(SEED)
    groups = text.split(" ")
    assert len(groups) == 14
    assert all(len(g) == 4 and set(g) <= set(ALPHABET) for g in groups)


@given(seeds)
def test_round_trip(seed: bytes) -> None:
    assert text_to_seed(seed_to_text(seed)) == seed


@given(seeds, st.sampled_from(["", " ", "-", "\n", "  "]), st.booleans())
def test_tolerant_of_separators_and_case(seed: bytes, sep: str, lower: bool) -> None:
    text = sep.join(seed_to_text(seed).split(" "))
    if lower:
        text = text.lower()
    assert text_to_seed(f"  {text}\n") == seed


def test_lookalike_digits() -> None:
    text = seed_to_text(SEED)
    assert "O" in text or "I" in text or "B" in text
    confused = text.replace("O", "0").replace("I", "1").replace("B", "8")
    assert text_to_seed(confused) == SEED


def test_full_width_characters() -> None:
    text = seed_to_text(SEED)
    full_width = "".join(chr(ord(c) + 0xFEE0) if c != " " else "\u3000" for c in text)
    assert text_to_seed(full_width) == SEED


@pytest.mark.parametrize("seed", [SEED, bytes(32), b"\xff" * 32, bytes.fromhex("a5" * 32)])
def test_every_single_character_typo_is_caught(seed: bytes) -> None:
    # The CRC is linear, so whether an error pattern is caught does not depend on the seed;
    # several seeds are checked anyway.
    chars = seed_to_text(seed).replace(" ", "")
    for i, original in enumerate(chars):
        for wrong in ALPHABET:
            if wrong == original:
                continue
            typo = chars[:i] + wrong + chars[i + 1 :]
            with pytest.raises(PaperError, match="check characters") as info:
                text_to_seed(typo)
            assert info.value.code == "paper_checksum_mismatch"


@given(seeds, st.integers(min_value=0, max_value=54))
def test_swapped_neighbours_are_caught(seed: bytes, i: int) -> None:
    chars = seed_to_text(seed).replace(" ", "")
    if chars[i] == chars[i + 1]:
        return
    swapped = chars[:i] + chars[i + 1] + chars[i] + chars[i + 2 :]
    with pytest.raises(PaperError):
        text_to_seed(swapped)


@given(seeds, st.integers(min_value=0, max_value=13), st.data())
def test_any_mistakes_inside_one_group_are_caught(
    seed: bytes, group: int, data: st.DataObject
) -> None:
    chars = seed_to_text(seed).replace(" ", "")
    start = group * 4
    new = data.draw(st.text(alphabet=ALPHABET, min_size=4, max_size=4))
    if new == chars[start : start + 4]:
        return
    with pytest.raises(PaperError):
        text_to_seed(chars[:start] + new + chars[start + 4 :])


def test_missing_group() -> None:
    groups = seed_to_text(SEED).split(" ")
    with pytest.raises(PaperError, match=r"56 characters .* but 52 were entered"):
        text_to_seed(" ".join(groups[:5] + groups[6:]))


def test_repeated_group() -> None:
    groups = seed_to_text(SEED).split(" ")
    with pytest.raises(PaperError, match="but 60 were entered"):
        text_to_seed(" ".join([*groups[:5], groups[5], *groups[5:]]))


@pytest.mark.parametrize("bad", ["9", "!", "=", "é"])
def test_foreign_characters(bad: str) -> None:
    text = seed_to_text(SEED)
    with pytest.raises(PaperError, match="never use") as info:
        text_to_seed(text[:6] + bad + text[7:])
    assert repr(bad.upper()) in str(info.value)


def test_empty() -> None:
    with pytest.raises(PaperError, match="but 0 were entered"):
        text_to_seed("   ")


def test_seed_length_checked() -> None:
    with pytest.raises(ValueError):
        seed_to_text(bytes(31))


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("box_size", [1, 3, 8])
def test_qr_png_is_a_valid_image(box_size: int) -> None:
    data = qr_png(seed_to_text(SEED), box_size=box_size)
    assert data.startswith(PNG_SIGNATURE)
    width, height, rows, info = png.Reader(file=io.BytesIO(data)).read()
    pixels = [list(row) for row in rows]
    assert width == height == len(pixels)
    assert width % box_size == 0
    modules = width // box_size - 2 * 4  # minus the quiet zone on both sides
    assert (modules - 17) % 4 == 0 and 21 <= modules <= 177  # a real QR version
    assert info["bitdepth"] == 1 and info["greyscale"]
    # Quiet zone is white; the top-left finder pattern starts with a black module.
    assert set(pixels[0]) == {1}
    assert pixels[4 * box_size][4 * box_size] == 0


def test_qr_png_default_box_size_and_version() -> None:
    # 69 alphanumeric characters (spaces included) at level M need version 4, 33 modules;
    # without the spaces, 56 fit version 3, 29 modules.
    width, _, _, _ = png.Reader(bytes=qr_png(seed_to_text(SEED))).read()
    assert width == (33 + 8) * 8
    width, _, _, _ = png.Reader(bytes=qr_png(seed_to_text(SEED).replace(" ", ""))).read()
    assert width == (29 + 8) * 8


def test_qr_png_rejects_bad_box_size() -> None:
    with pytest.raises(ValueError):
        qr_png("x", box_size=0)
