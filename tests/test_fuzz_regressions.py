"""The crashes the fuzzers found (fuzz/targets.py, tests/test_fuzz_parsers.py, docs/fuzzing.md),
each replayed with the input that found it, shrunk to what matters.

Those found in stick.py, beacon.py and session.py were fixed there since; they are replayed
here like the others.
"""

from __future__ import annotations

import io
import shutil
import struct
from pathlib import Path
from typing import Any

import cbor2
import crc32c
import pytest

from app.cli import main
from app.core.attestations import certificates, kit, qrtext
from app.core.council import ruleprofile
from app.core.encoding import cbor
from app.core.encoding.cose import CoseError, parse_sign1
from app.core.errors import Rejected
from app.core.ledger.objects import make_tx, parse_tx
from app.core.ledger.txtypes import T_TYPE, TxType
from app.provision.relaycfg import RelayConfig, RelayConfigError
from app.sync import discovery, relay, sealed, segment
from app.sync.device_api import DeviceApi
from app.sync.export import export, read_stick_beacons
from app.sync.intake import import_
from app.sync.invite import InviteError, accept
from app.sync.stick import Stick
from fuzz.targets import check_session, seeds_session, session_messages
from fuzz.world import PASSPHRASE, World, payload_of
from tests.ledger_kit import next_block, raw_block
from tests.sync_kit import post


@pytest.fixture
def world(fuzz_world: World) -> World:
    return fuzz_world


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("OBAMBU_PASSPHRASE", PASSPHRASE)

    def run(*argv: str | Path) -> tuple[int, str, str]:
        capsys.readouterr()
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exc:  # `attest verify` exits 3 when not authentic
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        return code, out, err

    return run


def edited(signed: bytes, **changes: Any) -> dict[Any, Any]:
    """The payload of a signed object, with some fields replaced."""
    payload = cbor.decode(payload_of(signed))
    assert isinstance(payload, dict)
    return {**payload, **changes}


# --- ledger objects ------------------------------------------------------------------------------


def test_a_transaction_whose_type_is_a_list_is_refused_not_a_type_error(world: World) -> None:
    payload = cbor.decode(payload_of(world.txs[0]))
    assert isinstance(payload, dict)
    payload[T_TYPE] = [1]
    with pytest.raises(Rejected) as refused:
        parse_tx(world.signed(cbor.encode(payload), world.member_key))
    assert refused.value.code == "malformed"


@pytest.mark.parametrize(("field", "value"), [("seq", 2**63), ("time", 2**64 - 1)])
def test_a_block_holding_an_integer_the_store_cannot_keep_is_rejected(
    world: World, field: str, value: int
) -> None:
    """Signed by a node key of the network: was OverflowError from SQLite, with the block left
    staged to fail every later import."""
    outcome = world.a.receive(raw_block(world.b, [], **{field: value}))
    assert (outcome.status, outcome.code) == ("rejected", "malformed")


def test_a_sitting_dated_after_the_year_9999_is_rejected(world: World) -> None:
    """Signed by a mayor of the network: the sitting's rules turned its time into a date and
    raised ValueError (year 36812 is out of range)."""
    profile = ruleprofile.load("fr")
    body = {
        "profile": profile.code,
        "digest": bytes.fromhex(profile.digest),
        "population": 2400,
        "date": "2030-01-01",
        "urgent": 0,
        "number": 7,
        "president": "m1",
        "members": [["m1", "Paul Ekani", ""]],
        "items": [{"title": "Puits", "motion": bytes(32)}],
    }
    b = world.b
    tx = make_tx(
        world.member_key,
        world.network_id,
        type=TxType.SITTING_CONVENE,
        actor=b.member,
        aseq=b._next_aseq(b.member),
        body=body,
        time=2**40,
    )
    outcome = world.a.receive(next_block(b, [tx]))
    assert outcome.status == "rejected"


def test_a_foreign_envelope_with_int_and_text_labels_in_both_headers_is_refused() -> None:
    """Lenient parsing (foreign COSE objects): naming the labels found in both headers sorted
    them, and an int does not sort with a text (TypeError)."""
    protected = cbor2.dumps({1: -8, "a": 1})
    data = cbor2.dumps(cbor2.CBORTag(18, [protected, {1: -8, "a": 2}, b"p", bytes(64)]))
    with pytest.raises(CoseError, match="header labels in both"):
        parse_sign1(data, strict=False)


# --- verifier kits -------------------------------------------------------------------------------


def _kit_folder(world: World, folder: Path, payload: dict[str, Any]) -> Path:
    signed = world.signed(cbor.encode(payload), world.node_key, b"")
    kit.write(signed, folder)
    return folder


def test_a_kit_whose_key_lacks_its_revocation_is_refused_by_kit_import(
    world: World, cli: Any, tmp_path: Path
) -> None:
    verifier = tmp_path / "verifier"
    honest = kit.write(world.kit, tmp_path / "honest").parent.parent
    assert cli("attest", "kit", "import", "--from", honest, "--kit", verifier)[0] == 0
    payload = edited(world.kit)
    del payload["lists"]  # a missing field was a KeyError in kit.merge, with a traceback
    hostile = _kit_folder(world, tmp_path / "hostile", payload)
    code, _, err = cli("attest", "kit", "import", "--from", hostile, "--kit", verifier)
    assert code == 2
    assert "This verifier kit is damaged or altered" in err


@pytest.mark.parametrize(
    "change",
    [
        {"made": 2**62},  # the verify-only window shows it as a date
        {"network": 7},
        {"genesis": 2**63},
        {"proof": [7]},
        {"types": [{"code": "res"}]},
    ],
    ids=["made", "network", "genesis", "proof", "types"],
)
def test_a_kit_with_a_field_of_the_wrong_kind_is_refused_when_read(
    world: World, tmp_path: Path, change: dict[str, Any]
) -> None:
    folder = _kit_folder(world, tmp_path, edited(world.kit, **change))
    with pytest.raises(kit.KitError) as refused:
        kit.read(folder)
    assert refused.value.code == "kit_damaged"


# --- attestations --------------------------------------------------------------------------------


def test_an_attestation_valid_until_the_year_146_billion_is_not_authentic(
    world: World, cli: Any, tmp_path: Path
) -> None:
    """It was signed by a member, so its signature holds; showing its expiry date raised
    OSError (EOVERFLOW) on the way to the verdict."""
    payload = edited(world.attestations[0])
    payload[4] = 2**62  # expires
    signed = world.signed(cbor.encode(payload), world.member_key, b"")
    assert kit.verify(world.held_kit, signed).outcome == "not_authentic"
    assert certificates.verify(world.a, signed).outcome == "not_authentic"
    verifier = tmp_path / "verifier"
    honest = kit.write(world.kit, tmp_path / "honest").parent.parent
    assert cli("attest", "kit", "import", "--from", honest, "--kit", verifier)[0] == 0
    text = qrtext.to_qr_text(signed)
    code, out, _ = cli("attest", "verify", "--payload", text, "--kit", verifier)
    assert code == 3
    assert out.startswith("NOT_AUTHENTIC")


def test_a_truncated_photo_is_refused_in_one_sentence(
    world: World, cli: Any, tmp_path: Path
) -> None:
    import qrcode

    buffer = io.BytesIO()
    qrcode.make(qrtext.to_qr_text(world.attestations[0])).save(buffer, format="PNG")
    photo = tmp_path / "photo.png"
    photo.write_bytes(buffer.getvalue()[:600])  # was OSError (or zxing's TypeError)
    verifier = tmp_path / "verifier"
    honest = kit.write(world.kit, tmp_path / "honest").parent.parent
    assert cli("attest", "kit", "import", "--from", honest, "--kit", verifier)[0] == 0
    code, _, err = cli("attest", "verify", "--image", photo, "--kit", verifier)
    assert code == 2
    assert "cannot be read" in err


def test_a_pdf_whose_page_is_missing_is_refused_in_one_sentence(
    world: World, cli: Any, tmp_path: Path
) -> None:
    pdf = tmp_path / "scan.pdf"  # was PdfiumError "Failed to load page."
    pdf.write_bytes(
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Count 1/Kids[3 0 R]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    verifier = tmp_path / "verifier"
    honest = kit.write(world.kit, tmp_path / "honest").parent.parent
    assert cli("attest", "kit", "import", "--from", honest, "--kit", verifier)[0] == 0
    code, _, err = cli("attest", "verify", "--image", pdf, "--kit", verifier)
    assert code == 2
    assert "This PDF file is damaged and cannot be read" in err


# --- sticks: sealed files and segment records ----------------------------------------------------


def test_a_beacon_file_shorter_than_its_tag_is_skipped(world: World, tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    shutil.copytree(world.stick, stick)
    (blob,) = (stick / "OBAMBU" / "bcn").glob("*.obb")
    blob.write_bytes(blob.read_bytes()[:40])  # was ValueError "negative array length"
    assert read_stick_beacons(world.a, Stick.at(stick)) == ([], 1)  # refused, and counted
    assert import_(world.a, stick).damaged == 0


def test_a_relay_object_shorter_than_its_tag_is_unreadable(world: World) -> None:
    epoch, key = world.transport
    blob = relay.seal_object(segment.BLOCK, world.blocks[0], key, epoch)
    with pytest.raises(sealed.Unreadable):
        relay.open_object(world.a, blob[:40])  # was ValueError "negative array length"


def test_a_segment_record_shorter_than_its_tag_counts_as_damaged(world: World) -> None:
    """Its CRC-32C is right (anyone can compute one): the decryption raised ValueError."""
    (data,) = world.segments
    head = struct.pack(">2sBII", segment.MARK, segment.BLOCK, 0, 3)
    body = b"abc"
    frame = head + struct.pack(">I", crc32c.crc32c(head + body)) + body
    scan = segment.scan(data[: segment.HEADER_BYTES] + frame, world.network_id, world.key_for)
    assert scan.records == []
    assert scan.damaged == 1


# --- local network announcements -----------------------------------------------------------------


def test_an_announcement_without_a_time_is_refused_as_forged(world: World) -> None:
    datagram = discovery.announcement(world.b, 7420)
    payload = edited(datagram[12:], t=None)  # was TypeError on `until - made`
    forged = datagram[:12] + world.signed(cbor.encode(payload), world.node_key)
    directory = discovery.Directory(world.network_id, world.a.commune, discovery.node_keys(world.a))
    assert directory.receive(forged, "192.0.2.5", 1.0) is None
    assert directory.refused == {"forged": 1}


# --- a relay's replies ---------------------------------------------------------------------------


class _Relay:
    def __init__(self, reply: bytes) -> None:
        self.reply = reply
        self.asked = 0

    def send(self, message: bytes) -> None:
        self.asked += 1

    def recv(self, timeout: float | None = None) -> bytes:
        return self.reply


def _client(reply_type: relay.Type, body: bytes) -> relay.RelayClient:
    channel: Any = _Relay(bytes([reply_type | relay.REPLY]) + body)
    return relay.RelayClient(channel, wait=0)


def test_a_relay_config_with_a_baud_rate_of_zero_is_unreadable() -> None:
    record = bytearray(RelayConfig(b"T" * 8, b"C" * 8, b"D" * 8).pack())
    record[68:72] = bytes(4)  # uart_baud: was ValueError from RelayConfig
    record[-4:] = struct.pack("<I", crc32c.crc32c(bytes(record[:-4])))
    with pytest.raises(RelayConfigError):
        _client(relay.Type.GET_CONFIG, bytes(record)).get_config()


def test_a_relay_status_one_byte_too_long_is_a_bad_reply() -> None:
    from app.core.devices.devices import LinkCounters, Status

    status = Status(1, 2, 3, 4, 5, (LinkCounters(1, 2, 3, 4, None),) * 3).pack()
    with pytest.raises(relay.RelayError) as refused:  # was ValueError from Status.unpack
        _client(relay.Type.GET_STATUS, status + b"\x00").get_status()
    assert refused.value.code == "relay_bad_reply"


# --- the device API ------------------------------------------------------------------------------


def test_a_request_without_http_version_gets_a_status_line(world: World) -> None:
    """An HTTP/0.9 request line was answered the HTTP/0.9 way: the status page's body with no
    status line and none of its headers (no Content-Security-Policy)."""
    import socket

    api = DeviceApi("127.0.0.1", 0, world.device_api.snapshot, rate=None)
    with api, socket.create_connection(("127.0.0.1", api.port), timeout=10) as client:
        client.sendall(b"GET /status.json\r\n\r\n")
        answer = b""
        while chunk := client.recv(4096):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 400 ")
    assert b"X-Obambu-Error: malformed" in answer


def test_a_relay_whose_listing_never_moves_on_is_a_bad_reply() -> None:
    """A full page whose next cursor does not move past the one asked for: the laptop asked
    for the same page again, forever."""
    entry = bytes(16) + b"\x01" + struct.pack("<H", 5)
    client = _client(relay.Type.LIST, struct.pack("<IH", 0, 4) + entry * 4)
    with pytest.raises(relay.RelayError) as refused:
        for _ in client.list_all(most=4):
            assert client.channel.asked < 100  # type: ignore[attr-defined]
    assert refused.value.code == "relay_bad_reply"


# --- joining -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [{"genesis": 2**40}, {"keys": [[True, None]]}, {"keys": [[2**63, b"k"]]}, {"keys": ["0"]}],
    ids=["genesis-int", "key-types", "epoch-too-large", "key-not-a-pair"],
)
def test_a_damaged_invitation_is_refused_in_one_sentence(
    world: World, tmp_path: Path, change: dict[str, Any]
) -> None:
    """Signed by a founding commune, so it passes the signature: was MemoryError, OverflowError,
    TypeError or ValueError."""
    payload = edited(world.invitation, **change)
    folder = tmp_path / "stick"
    invitation = folder / "OBAMBU" / "invite" / f"{world.newcomer.commune.hex()}.inv"
    invitation.parent.mkdir(parents=True)
    invitation.write_bytes(world.signed(cbor.encode(payload), world.founder_key))
    with pytest.raises(InviteError) as refused:
        accept(world.newcomer, folder)
    assert refused.value.code == "damaged_invitation"
    assert world.newcomer.store.meta("genesis") is None


# --- found open in stick.py, beacon.py and session.py, fixed there since -------------------------


def test_a_stick_takes_a_ninth_export(world: World, tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    for n in range(9):
        post(world.b, f"Nouvelle {n}")
        export(world.b, stick)
    assert len(Stick.at(stick).segment_paths()) == 9


def _stick_copy(world: World, tmp_path: Path) -> Path:
    stick = tmp_path / "stick"
    shutil.copytree(world.stick, stick)
    return stick


def test_a_trailer_whose_directory_names_an_int_does_not_stop_the_export(
    world: World, tmp_path: Path
) -> None:
    stick = _stick_copy(world, tmp_path)
    payload = edited(world.trailers[0], feeds=[[2**63, 0, 0]])
    trailer = world.signed(cbor.encode(payload), world.node_key)
    epoch, key = world.transport
    folder = stick / "OBAMBU" / "seg" / "209901"
    folder.mkdir()
    writer = segment.SegmentWriter(folder / "0.part", world.network_id, epoch, key)
    writer.finish(lambda _hash, _records: trailer)
    writer.path.rename(folder / "0.obs")
    export(world.a, stick)


def test_an_index_entry_naming_an_int_does_not_stop_the_export(
    world: World, tmp_path: Path
) -> None:
    stick = _stick_copy(world, tmp_path)
    epoch, key = world.transport
    index = cbor.encode({"v": 1, "segments": {"x": [1, 2**63]}})
    (stick / "OBAMBU" / "index.obi").write_bytes(sealed.seal(index, key, epoch, b"index"))
    export(world.a, stick)


def test_an_index_whose_segments_are_not_a_map_does_not_stop_the_export(
    world: World, tmp_path: Path
) -> None:
    stick = _stick_copy(world, tmp_path)
    epoch, key = world.transport
    index = cbor.encode({"v": 1, "segments": 0})
    (stick / "OBAMBU" / "index.obi").write_bytes(sealed.seal(index, key, epoch, b"index"))
    export(world.a, stick)


def _hostile_beacon_stick(world: World, tmp_path: Path, **changes: Any) -> Path:
    stick = _stick_copy(world, tmp_path)
    (blob,) = (stick / "OBAMBU" / "bcn").glob("*.obb")
    epoch, key = world.transport
    signed = sealed.open_(blob.read_bytes(), key, b"beacon")
    hostile = world.signed(cbor.encode(edited(signed, **changes)), world.node_key)
    blob.write_bytes(sealed.seal(hostile, key, epoch, b"beacon"))
    return stick


def test_a_beacon_numbered_2_64_minus_1_does_not_stop_the_import(
    world: World, tmp_path: Path
) -> None:
    stick = _hostile_beacon_stick(world, tmp_path, bseq=2**64 - 1)
    import_(world.a, stick)


def test_a_beacon_whose_head_names_an_int_does_not_stop_the_import(
    world: World, tmp_path: Path
) -> None:
    stick = _hostile_beacon_stick(world, tmp_path, heads=[[2**63, 1]])
    import_(world.a, stick)


def test_a_data_message_without_its_fields_ends_the_session_with_a_sentence(
    world: World,
) -> None:
    stream = seeds_session(world)[0][1:]  # a stranger's messages: hello first
    (size,) = struct.unpack_from(">H", stream)
    data = cbor.encode({"t": "data"})
    check_session(world, b"\x00" + stream[: 2 + size] + struct.pack(">H", len(data)) + data)


DROP = object()
_SESSION_CRASHES = [
    # who, message, field, its new value (or DROP), what session.py raises
    ("stranger", "hello", "nonce", 2**63, OverflowError),
    ("stranger", "hello", "nonce", -1, ValueError),
    ("stranger", "hello", "nonce", "text", TypeError),
    ("stranger", "auth", "proof", 2**63, OverflowError),
    ("member", "hello", "partials", [[1]], ValueError),
    ("member", "summary", "heads", [[1]], ValueError),
    ("member", "summary", "chunks", DROP, KeyError),
    ("member", "want", "chunks", 5, TypeError),
    ("member", "data", "id", DROP, KeyError),
    ("member", "data", "off", [], TypeError),
    ("member", "beacon", "data", 2**63, OverflowError),
    ("member", "beacon", "data", DROP, KeyError),
]


@pytest.mark.parametrize(
    ("who", "kind", "field", "value"),
    [
        pytest.param(
            who,
            kind,
            field,
            value,
            id=f"{who}-{kind}-{field}-{'missing' if value is DROP else repr(value)}",
        )
        for who, kind, field, value, error in _SESSION_CRASHES
    ],
)
def test_a_message_with_a_missing_or_mistyped_field_ends_the_session_with_a_sentence(
    world: World, who: str, kind: str, field: str, value: Any
) -> None:
    """The session harness (fuzz/targets.py) with an honest session's messages, one field
    changed; a member proves it holds Bipindi's node key first, a stranger does not."""
    messages = []
    for message in session_messages(world):
        fields = {"t": "auth", "proof": b""} if message == b"auth" else cbor.decode(message)
        assert isinstance(fields, dict)
        if fields["t"] == kind:
            fields = {k: v for k, v in fields.items() if k != field}
            if value is not DROP:
                fields[field] = value
            message = cbor.encode(fields)
        messages.append(message)
    blob = b"".join(struct.pack(">H", len(m)) + m for m in messages)
    check_session(world, (b"\x01" if who == "member" else b"\x00") + blob)
