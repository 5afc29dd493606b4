"""Ambam's town hall has the mayor's laptop and the secretary's desktop: the desktop becomes a
second laptop of Ambam by stick (offer, request, invitation), its own feed; the deputy
registered on it posts and votes in Ambam's name while the mayor votes on the first laptop, and
the neighbours see both feeds, no double signature anywhere, Ambam counted once. Then the desk
is retired, and what it signs after is refused at the neighbour (docs/ledger.md, "A commune's
devices")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from app.core.crypto.keys import Identity
from app.core.encoding import cbor
from app.core.encoding.cose import parse_sign1, sign1
from app.sync import stickfiles
from tests.journeys.conftest import Cli, Town


@pytest.fixture(autouse=True)
def _new_pin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OBAMBU_NEW_PIN", "1234")  # the deputy's PIN on the desk


def _sticks(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.mkdir()
    return path


def _desk(cli: Cli, ambam: Town, tmp_path: Path, name: str = "ambam-desk") -> tuple[Town, Path]:
    """The secretary's desktop becomes a laptop of Ambam: two trips of one stick."""
    trip = _sticks(tmp_path, f"{name}-trip")
    desk = Town(cli, tmp_path / name)
    offered = ambam.json("device", "add-laptop", "--stick", trip)
    assert offered["offer"] is True
    asked = desk.json("device", "join-laptop", "--stick", trip, "--name", "Secrétariat")
    added = ambam.json("device", "add-laptop", "--stick", trip)
    assert added["added"] == [asked["laptop"]]
    desk.run("device", "accept-laptop", "--stick", trip)
    return desk, trip


def _feeds(town: Town) -> dict[str, int]:
    feeds: dict[str, int] = town.json("status")["feeds"]
    return feeds


def _vote(town: Town) -> str:
    vote: str = town.json(
        "vote",
        "open",
        "--question",
        "Mutualiser le groupe électrogène ?",
        "--option",
        "oui",
        "--option",
        "non",
        "--electorate",
        "communes",
    )["id"]
    return vote


def test_a_second_laptop_of_ambam_posts_and_votes_by_stick_and_is_retired(
    cli: Cli, demo: Callable[[int], list[Town]], stick: Path, tmp_path: Path
) -> None:
    ambam, bipindi, campo = demo(3)
    desk, _ = _desk(cli, ambam, tmp_path)
    laptops = ambam.json("device", "laptops")["laptops"]
    assert [(x["name"], x["first"]) for x in laptops] == [("Ambam", True), ("Secrétariat", False)]
    mine = desk.json("device", "laptops")["laptops"]
    assert [x["this"] for x in mine] == [False, True]
    desk_id = mine[1]["id"]

    # The deputy is registered on the desk, and signs there; the mayor stays on her laptop.
    deputy = desk.json("member", "add", "--name", "Adjointe d'Ambam", "--role", "deputy")["id"]
    desk.run("member", "use", deputy)
    desk.run("forum", "thread", "--title", "Salle des fêtes", "--body", "Depuis le bureau.")
    vote = _vote(bipindi)
    towns = [desk, ambam, bipindi, campo]
    for _ in range(2):
        for town in towns:
            town.visit(stick)
    desk.run("vote", "cast", "--vote", vote, "--choice", "non")
    ambam.run("vote", "cast", "--vote", vote, "--choice", "oui")  # both in Ambam's name
    bipindi.run("vote", "cast", "--vote", vote, "--choice", "non")
    for _ in range(2):
        for town in towns:
            town.visit(stick)
    bipindi.run("vote", "close", "--vote", vote)
    for _ in range(2):
        for town in towns:
            town.visit(stick)
    for town in towns:
        status = town.json("status")
        assert status["evidence"] == 0, town.name
        assert desk_id in status["feeds"], town.name  # the neighbours hold the desk's feed
        assert "Salle des fêtes" in town.titles(), town.name
        shown = town.json("vote", "show", "--vote", vote)
        assert shown["closed"] is True, town.name
        assert (shown["count"], shown["valid"]) == (2, True), town.name  # Ambam counted once
    # Each laptop wrote its own ack (its word, in place of a beacon once every holder's ack is
    # known), under a name of its own: the neighbour hears both.
    heard = {row["commune"] for row in campo.json("sync", "health")}
    assert {"Ambam", "Ambam (Secrétariat)", "Bipindi"} <= heard
    assert len(list((stick / "OBAMBU" / "ack").glob("*.oba"))) == 4

    # The desk is retired from the first laptop; what it signs after is refused at Campo.
    refused = desk.fails("device", "retire-laptop", desk_id)
    assert "first laptop" in refused
    ambam.run("device", "retire-laptop", desk_id[:8], "--reason", "remplacé")
    ambam.visit(stick)
    campo.visit(stick)
    # The desk, not knowing yet, signs again and writes the stick without reading it first.
    desk.run("forum", "thread", "--title", "Après le retrait", "--body", "…")
    desk.run("sync", "export", "--to", stick)
    taken = campo.json("sync", "import", "--from", stick)
    assert taken["quarantined"] >= 1, taken
    assert campo.json("status")["refused"].get("laptop_retired", 0) >= 1
    assert "Après le retrait" not in campo.titles()
    assert "Salle des fêtes" in campo.titles()  # what it signed before stands
    # The refused block is kept as proof (invalid_block), as a stolen key's would be.
    assert campo.json("status")["evidence"] == 1
    # Once it reads a stick, the desk learns it is retired, and writes nothing more.
    desk.run("sync", "import", "--from", stick)
    assert "retired" in desk.fails("sync", "export", "--to", stick)
    retired = [x for x in campo.json("device", "laptops")["laptops"] if x["id"] == desk_id]
    assert retired == []  # Campo's own laptops only
    listed = ambam.json("device", "laptops")["laptops"]
    assert listed[1]["retired"] is True


def test_a_laptop_that_is_not_the_first_is_refused_with_its_reason(
    cli: Cli, demo: Callable[[int], list[Town]], tmp_path: Path
) -> None:
    ambam, bipindi = demo(2)
    desk, desk_trip = _desk(cli, ambam, tmp_path)
    # The desk cannot add a third laptop on its own, nor retire one.
    other = _sticks(tmp_path, "desk-offer")
    assert "first laptop" in desk.fails("device", "add-laptop", "--stick", other)
    # Nor may it answer a commune's join request: that is the commune's node's to sign.
    Town(cli, tmp_path / "djoum").run("join", "request", "--commune", "Djoum", "--stick", other)
    assert "first laptop" in desk.fails("join", "invite", "--stick", other)

    # A request made on Bipindi's offer, brought to Ambam: it is for another commune.
    trip = _sticks(tmp_path, "bipindi-trip")
    bipindi.run("device", "add-laptop", "--stick", trip)
    stranger = Town(cli, tmp_path / "stranger")
    stranger.run("device", "join-laptop", "--stick", trip, "--name", "Intrus")
    assert "another commune" in ambam.fails("device", "add-laptop", "--stick", trip)

    # A request whose proof of possession was made for Bipindi but claims Ambam: the rule
    # refuses it (forged pop), and nothing is added.
    forged = _sticks(tmp_path, "forged-trip")
    ambam.run("device", "add-laptop", "--stick", forged)
    request = _forged_request(forged, pop_for=bipindi)
    refused = ambam.fails("device", "add-laptop", "--stick", forged)
    assert "did not sign" in refused.lower() or "signature" in refused.lower(), refused
    assert request.exists()
    assert len(ambam.json("device", "laptops")["laptops"]) == 2

    # A damaged offer: refused, and no profile is made from it.
    damaged = _sticks(tmp_path, "damaged-trip")
    ambam.run("device", "add-laptop", "--stick", damaged)
    offer = next((damaged / "OBAMBU" / "laptop").glob("*.off"))
    offer.write_bytes(offer.read_bytes()[:-1] + bytes([offer.read_bytes()[-1] ^ 1]))
    nobody = Town(cli, tmp_path / "nobody")
    refused = nobody.fails("device", "join-laptop", "--stick", damaged, "--name", "X")
    assert "damaged or forged" in refused
    assert not nobody.home.exists()

    # A laptop that takes another laptop's invitation as its own: refused, nothing taken.
    copycat_trip = _sticks(tmp_path, "copycat-trip")
    ambam.run("device", "add-laptop", "--stick", copycat_trip)
    copycat = Town(cli, tmp_path / "copycat")
    mine = copycat.json("device", "join-laptop", "--stick", copycat_trip, "--name", "Copie")
    folder = copycat_trip / "OBAMBU" / "laptop"
    desk_invitation = next((desk_trip / "OBAMBU" / "laptop").glob("*.inv"))
    (folder / f"{mine['laptop']}.inv").write_bytes(desk_invitation.read_bytes())
    refused = copycat.fails("device", "accept-laptop", "--stick", copycat_trip)
    assert "not signed by the commune" in refused or "not for this laptop" in refused, refused
    assert copycat.json("status")["commune_id"] == mine["laptop"]  # no place taken in Ambam

    # A third laptop is fine, a fourth is refused.
    _desk(cli, ambam, tmp_path, "ambam-annex")
    refused = _refused_fourth(cli, ambam, tmp_path)
    assert "three laptops" in refused

    # Accepting before the first laptop answered: the invitation is not there yet.
    trip = _sticks(tmp_path, "early-trip")
    bipindi.run("device", "add-laptop", "--stick", trip)
    early = Town(cli, tmp_path / "early")
    early.run("device", "join-laptop", "--stick", trip, "--name", "Trop tôt")
    assert "no invitation" in early.fails("device", "accept-laptop", "--stick", trip).lower()


def _refused_fourth(cli: Cli, ambam: Town, tmp_path: Path) -> str:
    trip = _sticks(tmp_path, "fourth-trip")
    ambam.run("device", "add-laptop", "--stick", trip)
    Town(cli, tmp_path / "fourth").run(
        "device", "join-laptop", "--stick", trip, "--name", "Quatrième"
    )
    return ambam.fails("device", "add-laptop", "--stick", trip)


def _forged_request(stick: Path, pop_for: Town) -> Path:
    """What a hostile laptop could write: a well-signed request for Ambam whose proof of
    possession names another commune (the request envelope is its own, the pop is not)."""
    folder = stick / "OBAMBU" / "laptop"
    offer = next(folder.glob("*.off"))
    body = cbor.decode(parse_sign1(stickfiles.read(offer, 1 << 24)).payload)
    from app.core.ledger.objects import parse_genesis

    network = parse_genesis(body["genesis"]).id
    bipindi = bytes.fromhex(pop_for.json("status")["commune_id"])
    laptop = Identity.generate()
    pop = laptop.current.signing_key.sign(b"OBAMBU-LAPTOP-1" + network + bipindi).signature
    request = {
        "v": 1,
        "commune": body["commune"],
        "time": 0,
        "laptop": laptop.actor,
        "pk": laptop.current.public_key,
        "next": laptop.next_digest,
        "name": "Faux bureau",
        "pop": pop,
    }
    path = folder / f"{laptop.actor.hex()}.req"
    path.write_bytes(sign1(cbor.encode(request), laptop.current.signing_key, network))
    return path


def test_the_desk_restored_from_its_backup_file_signs_again_after_one_stick(
    cli: Cli, demo: Callable[[int], list[Town]], stick: Path, tmp_path: Path
) -> None:
    """The desk is stolen; the secretary restores its backup file on a new computer. It is
    told to sync first, takes in a stick from the first laptop (which brings its transport keys
    again and its own feed), and signs again in its own feed, never twice at one number."""
    ambam, bipindi = demo(2)
    desk, _ = _desk(cli, ambam, tmp_path)
    deputy = desk.json("member", "add", "--name", "Adjointe d'Ambam", "--role", "deputy")["id"]
    desk.run("member", "use", deputy)
    backup = tmp_path / "desk.obk"
    desk.run("backup", "create", "--out", backup)
    refused = desk.fails("backup", "paper", "--out", tmp_path / "qr.png")
    assert "no paper backup" in refused  # it holds no node key: a backup file it is
    desk.run("forum", "thread", "--title", "Après la sauvegarde", "--body", "…")
    for town in (desk, ambam, bipindi):
        town.visit(stick)
    assert "Après la sauvegarde" in bipindi.titles()

    new = Town(cli, tmp_path / "desk-new")
    new.run("backup", "restore", "--file", backup)
    refused = new.fails("forum", "thread", "--title", "Trop tôt", "--body", "…")
    assert "sync" in refused.lower() or "stick" in refused.lower(), refused
    # The first laptop's stick: keys, acks, blocks. The stick had forgotten the desk's blocks
    # on its old ack's word; its new ack tells Ambam what it lacks, and the next visit brings it.
    for town in (ambam, new, ambam, new):
        town.visit(stick)
    assert "Après la sauvegarde" in new.titles()
    new.run("forum", "thread", "--title", "De retour au bureau", "--body", "…")
    new.visit(stick)
    bipindi.visit(stick)
    assert "De retour au bureau" in bipindi.titles()
    for town in (new, ambam, bipindi):
        assert town.json("status")["evidence"] == 0, town.name
