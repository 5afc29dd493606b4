"""A demo network: a few communes with forum threads, an open vote, attestations and a document,
every home holding every block, so a newcomer sees a living network at once."""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.core.attestations import certificates
from app.core.council import service as council
from app.core.crypto.kdf import INTERACTIVE, KdfParams
from app.core.documents import service as library
from app.core.forum import service as forum
from app.core.node.node import Node
from app.core.votes import service as votes

COMMUNES = [
    ("Ambam", "Marie Ndongo"),
    ("Bipindi", "Paul Ekani"),
    ("Campo", "Jeanne Mvondo"),
    ("Djoum", "Luc Abessolo"),
    ("Ebolowa", "Claire Nkoulou"),
    ("Kribi", "Samuel Eyenga"),
    ("Lolodorf", "Agathe Mballa"),
    ("Mvangan", "Bernard Ondoa"),
]


def build(
    root: Path, communes: int = 3, passphrase: str = "demo", params: KdfParams | None = None
) -> tuple[bytes, list[Path]]:
    """Creates the homes under `root`; returns the network id and the homes."""
    if not 1 <= communes <= len(COMMUNES):
        raise ValueError(f"a demo has 1 to {len(COMMUNES)} communes")
    homes = [root / name.lower() for name, _ in COMMUNES[:communes]]
    nodes = [
        Node.create(home, passphrase, name, params)
        for home, (name, _) in zip(homes, COMMUNES, strict=False)
    ]
    try:
        founder, others = nodes[0], nodes[1:]
        genesis = founder.found("Communes du Sud", [n.authority() for n in others])
        for node in others:
            node.adopt(genesis)
        for index, (node, (_, mayor)) in enumerate(zip(nodes, COMMUNES, strict=False)):
            _add_people(node, index, mayor)
        exchange(nodes)
        _write_content(nodes)
        exchange(nodes)
        for node in nodes:
            _seal_pins(node)
        return founder.network_id, homes
    finally:
        for node in nodes:
            node.close()


# A deputy, a secretary and two councillors for every commune, besides its mayor (whose keys
# stay the ones that act on the demo's laptops). The founding commune's are the members of its
# demo sitting; the others' are named from these lists.
PEOPLE = (
    ("Paul Abega", "deputy", ("civil_status",)),
    ("Rose Atangana", "secretary", ()),
    ("Jean Owona", "councillor", ()),
    ("Lucie Mebenga", "councillor", ()),
)
GIVEN = ("Alain", "Brigitte", "Cyrille", "Denise", "Emile", "Florence", "Gaston", "Hélène")
SURNAMES = ("Mbarga", "Essomba", "Ngono", "Bella", "Zang", "Nguema", "Obiang", "Ateba")


def _add_people(node: Node, index: int, mayor: str) -> None:
    node.add_member(mayor)
    for position, (name, role, delegations) in enumerate(PEOPLE):
        if index:
            given = GIVEN[(index + 2 * position) % len(GIVEN)]
            name = f"{given} {SURNAMES[(3 * index + position) % len(SURNAMES)]}"
        node.add_member(name, role, delegations)
    node.seal()


DEMO_PIN = "1234"  # every person of the demo, as `obambu demo` and the first screen say


def _seal_pins(node: Node) -> None:
    """Each demo person's key sealed under DEMO_PIN, at the cheapest accepted cost: a demo
    protects nothing, and 15 people at a second each would make the trainer wait."""
    people = node.store.all("SELECT DISTINCT actor FROM keyring WHERE actor != ?", (node.commune,))
    for (actor,) in people:
        node.keyring.set_pin(bytes(actor), DEMO_PIN, INTERACTIVE)
    node.keyring.lock()


def _write_content(nodes: list[Node]) -> None:
    founder = nodes[0]
    road = forum.start_thread(
        founder,
        "Piste Ambam–Campo coupée",
        "Un arbre est tombé au km 12. Qui peut prêter une tronçonneuse ?",
        priority=1,
    )
    forum.start_thread(
        founder,
        "Calendrier de la campagne de vaccination",
        "Proposition : semaine du 14 pour toutes les communes.",
    )
    vote = votes.open_vote(
        founder,
        "Faut-il mutualiser l'achat d'un groupe électrogène ?",
        ["Oui", "Non", "Abstention"],
        closes=int(time.time()) + 14 * 86400,
    )
    _write_sitting(founder)
    founder.seal()
    exchange(nodes)
    with tempfile.TemporaryDirectory() as tmp:
        for index, node in enumerate(nodes):
            if index:
                forum.reply(node, road, f"{_name(node)} peut envoyer une équipe demain.")
            votes.cast(node, vote, "Oui" if index % 3 != 2 else "Non")
            resident = RESIDENTS[index % len(RESIDENTS)]
            address = f"Quartier Centre, {_name(node)}"
            request = certificates.Request("res", resident, born="1971", detail=address)
            issued = certificates.issue(node, request)
            certificates.confirm_print(node, issued.id)  # the demo's papers were handed over
            if index == 0:
                minutes = Path(tmp) / "compte-rendu-reunion.txt"
                minutes.write_text("Compte rendu de la réunion des maires.\n", encoding="utf-8")
                library.publish(founder, minutes, [_name(n) for n in nodes[1:]], ["réunion"])
            node.seal()


def _write_sitting(node: Node) -> None:
    """A council sitting of the founding commune: convened, four receipts, one proxy, and two
    items voted."""
    motions = [
        "Le conseil approuve l'achat mutualisé d'un groupe électrogène.",
        "Le conseil approuve la réfection du puits du quartier Nkol.",
        "Le conseil fixe la date de la fête communale au 15 août.",
    ]
    members = [
        (COMMUNES[0][1], "1968-03-02"),
        ("Paul Abega", "1961-07-14"),
        ("Rose Atangana", ""),
        ("Jean Owona", ""),
        ("Lucie Mebenga", ""),
    ]
    today = datetime.now(UTC).date()
    held = today + timedelta(days=7)
    sitting = council.convene(node, council.Convocation(held, 1, 2400, members, motions))
    for member, means in (("m1", "hand"), ("m2", "hand"), ("m3", "home"), ("m4", "email")):
        council.record_receipt(node, sitting, member, means, today)
    council.give_proxy(node, sitting, "m5", "m2", 1, 1)
    present = ["m1", "m2", "m3", "m4"]
    for item, choices in ((0, ["pour", "pour", "pour", "contre"]), (1, ["pour", "contre"])):
        entry = council.VoteEntry(
            "public",
            present,
            choices=dict(zip(present, choices, strict=False)),
            proxy_choices={"m5": "pour"},  # Paul votes for Lucie too, under her proxy
        )
        council.record_vote(node, sitting, item, entry)


RESIDENTS = ("Rose Atangana", "Jean-Baptiste Owona", "Lucie Mebenga", "Paul Abega")


def _name(node: Node) -> str:
    return (node.store.meta("commune_name") or b"").decode()


def exchange(nodes: list[Node]) -> None:
    """Every node gives every other what it lacks, as sticks would, until nothing moves."""
    moved = True
    while moved:
        moved = False
        for source in nodes:
            for target in nodes:
                if source is target:
                    continue
                # A group of blocks per store commit, as an import (Node.receive_all).
                taken = target.receive_all(list(source.blocks_after(target.heads())))
                moved |= any(outcome.status == "applied" for outcome in taken)
                have = set(target.chunk_ids())
                for cid in source.chunk_ids():
                    if cid not in have:
                        chunk = source.chunk(cid)
                        assert chunk is not None
                        target.add_chunk(chunk)
