"""The encrypted store: nothing readable on disk, wrong passphrases, schema and pragmas."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from app.core.attestations import certificates
from app.core.documents import service as library
from app.core.errors import ProfileDamaged, WrongPassphrase
from app.core.ledger.txtypes import TxType
from app.core.node.node import Node
from app.core.store import profile
from app.core.store.schema import MIGRATIONS
from app.core.votes import service as votes

PASS = "Sésame, ouvre-toi 42"

MARKERS = {
    "commune": "Zorblaville-Commune-7731",
    "member": "Quentin Xylophage-Marker",
    "network": "Reseau-Kwazimodo-5519",
    "title": "Titre-Piste-Effondree-Marker",
    "body": "Corps du message: le pont de Wuxtapek est tombe",
    "question": "Question-Achat-Groupe-Vrombissant ?",
    "option": "Option-Zygomatique",
    "att_type": "Certificat-Type-Hippocampe",
    "subject": "Sujet-Ondine Pamplemousse",
    "doc_name": "fichier-nom-Bricabrac.txt",
    "doc_body": "Contenu secret du document Marmelade-Quokka 9981",
}


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OBAMBU_KDF", "interactive")


def files(home: Path) -> dict[str, bytes]:
    return {str(p.relative_to(home)): p.read_bytes() for p in home.rglob("*") if p.is_file()}


def digests(home: Path) -> dict[str, str]:
    return {name: hashlib.sha256(data).hexdigest() for name, data in files(home).items()}


def leaks(home: Path, secrets: dict[str, bytes]) -> list[str]:
    return [
        f"{what} in {name}"
        for name, data in files(home).items()
        for what, secret in secrets.items()
        if secret in data
    ]


def build(home: Path, outside: Path) -> Node:
    """A profile holding every kind of object, each carrying a marker; left open."""
    node = Node.create(home, PASS, MARKERS["commune"])
    node.found(MARKERS["network"])
    node.add_member(MARKERS["member"])
    node.seal()
    thread = node.submit(TxType.FORUM_THREAD, {"title": MARKERS["title"], "body": MARKERS["body"]})
    node.submit(TxType.FORUM_POST, {"thread": thread, "body": MARKERS["body"] + " (suite)"})
    votes.open_vote(node, MARKERS["question"], [MARKERS["option"], "Non"])
    document = outside / MARKERS["doc_name"]
    document.write_text(MARKERS["doc_body"] * 20, encoding="utf-8")
    library.publish(node, document, [], ["étiquette"])
    request = certificates.Request(
        "autre", MARKERS["subject"], detail=MARKERS["att_type"], document=document.read_bytes()
    )
    certificates.issue(node, request)
    node.seal()
    # Left pending on purpose: the pending table must not leak either.
    node.submit(TxType.FORUM_THREAD, {"title": MARKERS["title"] + " 2", "body": "x"})
    return node


def secrets_of(node: Node) -> dict[str, bytes]:
    secrets = {name: text.encode("utf-8") for name, text in MARKERS.items()}
    exported = node.keyring.export()
    assert len(exported) >= 2  # the commune's node key and the member's
    for n, key in enumerate(exported):
        for label, raw in (("seed", key.seed), ("next_seed", key.next_seed)):
            assert len(raw) == 32
            secrets[f"{label}{n}"] = raw
            secrets[f"{label}{n} hex"] = raw.hex().encode()
            secrets[f"{label}{n} HEX"] = raw.hex().upper().encode()
    return secrets


def test_no_plaintext_reaches_the_disk(tmp_path: Path) -> None:
    home, outside = tmp_path / "home", tmp_path / "outside"
    outside.mkdir()
    node = build(home, outside)
    try:
        secrets = secrets_of(node)
        # The objects really are in there, readable through the key...
        assert node.store.value("SELECT count(*) FROM threads") == 1
        assert node.store.value("SELECT count(*) FROM documents") == 1
        assert node.store.value("SELECT count(*) FROM attestations") == 1
        assert node.store.value("SELECT count(*) FROM votes") == 1
        # ... and the write-ahead log is live while the node is open.
        assert (home / "obambu.db-wal").stat().st_size > 0
        assert (home / "obambu.db-shm").exists()
        assert leaks(home, secrets) == []
    finally:
        node.close()
    assert sorted(files(home)) == ["obambu.db", "profile.json"]
    assert leaks(home, secrets) == []
    assert not (home / "obambu.db").read_bytes().startswith(b"SQLite format 3")


def test_leak_scan_finds_plaintext(tmp_path: Path) -> None:
    """The scan above is able to see a marker: it is read from every file, WAL included."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "obambu.db-wal").write_bytes(b"\0" * 10 + MARKERS["subject"].encode() + b"\0")
    secret = bytes(range(32))
    (home / "sub").mkdir()
    (home / "sub" / "x").write_bytes(b"ab" + secret + b"cd")
    assert leaks(home, {"subject": MARKERS["subject"].encode(), "seed": secret}) == [
        "subject in obambu.db-wal",
        "seed in sub/x",
    ]


def test_header_holds_only_kdf_settings(tmp_path: Path) -> None:
    node = Node.create(tmp_path / "home", PASS, MARKERS["commune"])
    node.close()
    header = json.loads((tmp_path / "home" / "profile.json").read_bytes())
    assert set(header) == {"format", "salt", "kdf"}
    assert set(header["kdf"]) == {"opslimit", "memlimit"}
    assert len(bytes.fromhex(header["salt"])) == 16
    assert MARKERS["commune"] not in json.dumps(header)


def test_wrong_passphrase_raises_and_changes_nothing(tmp_path: Path) -> None:
    home, outside = tmp_path / "home", tmp_path / "outside"
    outside.mkdir()
    build(home, outside).close()
    before = digests(home)
    for wrong in ("Sésame, ouvre-toi 43", "", PASS.upper(), PASS + " "):
        with pytest.raises(WrongPassphrase) as caught:
            Node.open(home, wrong)
        assert caught.value.code == "wrong_passphrase"
        assert digests(home) == before
    # Still opens with the right one, with everything in it.
    node = Node.open(home, PASS)
    try:
        assert node.store.meta("commune_name") == MARKERS["commune"].encode()
        assert node.store.value("SELECT title FROM threads") == MARKERS["title"]
    finally:
        node.close()


def test_passphrase_is_normalised(tmp_path: Path) -> None:
    """The same passphrase typed composed or decomposed opens the same profile."""
    home = tmp_path / "home"
    Node.create(home, "Se\u0301same 12345", "Ambam").close()
    Node.open(home, "S\u00e9same 12345").close()


def test_schema_version_and_pragmas(tmp_path: Path) -> None:
    node = Node.create(tmp_path / "home", PASS, "Ambam")
    node.close()
    node = Node.open(tmp_path / "home", PASS)
    try:
        store = node.store
        assert store.value("PRAGMA user_version") == len(MIGRATIONS)
        assert str(store.value("PRAGMA journal_mode")).lower() == "wal"
        assert store.value("PRAGMA synchronous") == 2  # FULL
        assert store.value("PRAGMA temp_store") == 2  # MEMORY: temp data is not encrypted
        assert store.value("PRAGMA foreign_keys") == 1
    finally:
        node.close()


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    home = tmp_path / "home"
    node = Node.create(home, PASS, "Ambam")
    node.store.run(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    node.close()
    before = digests(home)
    with pytest.raises(ProfileDamaged, match="newer Obambu"):
        Node.open(home, PASS)
    assert digests(home) == before


def test_current_schema_opens_without_migrating_again(tmp_path: Path) -> None:
    home = tmp_path / "home"
    Node.create(home, PASS, "Ambam").close()
    key = profile.unlock_key(home, PASS)
    for _ in range(2):
        store = profile.open_store(home, key)
        try:
            assert store.value("PRAGMA user_version") == len(MIGRATIONS)
            assert store.meta("commune_name") == b"Ambam"
        finally:
            store.close()


def test_missing_database_is_damaged_not_recreated(tmp_path: Path) -> None:
    home = tmp_path / "home"
    Node.create(home, PASS, "Ambam").close()
    (home / "obambu.db").unlink()
    with pytest.raises(ProfileDamaged):
        Node.open(home, PASS)
    assert not (home / "obambu.db").exists()
