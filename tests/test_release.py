"""A build that reached a town hall on a stick: its checksum and the release signature, the
self-test a frozen build runs, and portable mode (the profile beside the program)."""

from __future__ import annotations

from pathlib import Path

import nacl.signing
import pytest

from app import portable, release
from app.cli_base import data_folder, default_home

SEED = bytes(range(32))
PUBLIC = bytes(nacl.signing.SigningKey(SEED).verify_key)


def signed_zip(tmp_path: Path) -> Path:
    archive = tmp_path / "obambu-1.0-linux-x86_64.zip"
    archive.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 100)
    line = release.checksum_line(archive)
    Path(f"{archive}.sha256").write_bytes(line)
    Path(f"{archive}.sha256.cose").write_bytes(release.sign(line, SEED))
    return archive


def test_a_signed_build_checks_and_an_altered_one_does_not(tmp_path: Path) -> None:
    archive = signed_zip(tmp_path)
    checked = release.verify(archive, [PUBLIC])
    assert checked.name == archive.name and checked.key == PUBLIC.hex()
    with pytest.raises(release.ReleaseError, match="not signed by a known release key"):
        release.verify(archive, [bytes(32)])
    data = bytearray(archive.read_bytes())
    data[100] ^= 1
    archive.write_bytes(bytes(data))
    with pytest.raises(release.ReleaseError, match="does not match its checksum"):
        release.verify(archive, [PUBLIC])


def test_a_checksum_rewritten_by_someone_else_is_refused(tmp_path: Path) -> None:
    archive = signed_zip(tmp_path)
    archive.write_bytes(b"another build")
    Path(f"{archive}.sha256").write_bytes(release.checksum_line(archive))  # recomputed
    with pytest.raises(release.ReleaseError, match="covers another checksum"):
        release.verify(archive, [PUBLIC])
    Path(f"{archive}.sha256.cose").unlink()
    with pytest.raises(release.ReleaseError, match="missing"):
        release.verify(archive, [PUBLIC])


def test_release_keys_are_read_from_the_listing(tmp_path: Path) -> None:
    listing = tmp_path / "keys.txt"
    listing.write_text(f"# the project's key\n{PUBLIC.hex()}  # 2026\n\n")
    assert release.known_keys(listing) == [PUBLIC]
    assert release.known_keys(tmp_path / "none.txt") == []


def test_portable_mode_keeps_the_profile_beside_the_program(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OBAMBU_DATA_DIR", raising=False)
    monkeypatch.setattr(portable, "program_folder", lambda: tmp_path)
    portable.apply()
    assert default_home() != tmp_path / "profile"  # no marker: the user's data folder
    (tmp_path / portable.MARKER).touch()
    monkeypatch.delenv("OBAMBU_CONFIG_DIR")
    portable.apply()
    assert data_folder() == tmp_path and default_home() == tmp_path / "profile"
    assert Path(__import__("os").environ["OBAMBU_CONFIG_DIR"]) == tmp_path / "config"


def test_the_self_test_of_a_build_passes_here(qapp) -> None:  # type: ignore[no-untyped-def]
    from app.ui.selftest import run

    lines: list[str] = []
    assert run(lines.append) == 0, lines
    assert [line.split(":")[0].strip() for line in lines[1:7]] == [
        "ok  profile",
        "ok  signature",
        "ok  stick",
        "ok  window",
        "ok  text",
        "ok  shell",
    ]


def test_the_icu_data_keeps_french_english_and_the_unicode_tables() -> None:
    import importlib.util
    import struct
    import sys

    folder = Path(__file__).resolve().parents[1] / "packaging"
    sys.path.insert(0, str(folder))
    try:
        import trim_icu
    finally:
        sys.path.remove(str(folder))
    kept = [
        "fr.res",
        "fr_CA.res",
        "en_GB.res",
        "root.res",
        "coll/fr.res",
        "coll/ucadata.icu",
        "brkitr/line.brk",
        "brkitr/word.brk",
        "zoneinfo64.res",
        "supplementalData.res",
        "pool.res",
        "res_index.res",
        "uprops.icu",
        "nfc.nrm",
        "cnvalias.icu",
    ]
    dropped = [
        "de.res",
        "zh_Hant_TW.res",
        "coll/ja.res",
        "ibm-943_P15A-2003.cnv",
        "brkitr/thaidict.dict",
        "brkitr/cjdict.dict",
        "translit/root.res",
    ]
    assert all(trim_icu.keep(name) for name in kept)
    assert not any(trim_icu.keep(name) for name in dropped)
    spec = importlib.util.find_spec("PySide6")
    assert spec is not None and spec.submodule_search_locations
    library = Path(spec.submodule_search_locations[0]) / "Qt" / "lib" / "libicudata.so.73"
    if not library.exists():
        pytest.skip("this PySide6 wheel carries no ICU of its own (not Linux)")
    small, before, after = trim_icu.trim(trim_icu.read_blob(library))
    header = struct.unpack_from("<H", small)[0]
    count = struct.unpack_from("<I", small, header)[0]
    names = []
    for n in range(count):
        name_at, data_at = struct.unpack_from("<II", small, header + 4 + 8 * n)
        assert (header + data_at) % 16 == 0  # items stay aligned, as ICU maps them
        names.append(small[header + name_at : small.index(b"\0", header + name_at)])
    assert names == sorted(names) and count == after < before  # ICU searches the TOC by name
    assert len(small) < 6_000_000
