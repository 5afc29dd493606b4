"""What the program says matches what happened: the verifier kit's notice and its content, an
equivocation found during an import, a stick pulled out in the middle of one (issue 15,
finding 10)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from app.core.attestations import kit
from app.core.progress import Phase, Progress
from tests.test_cli import in_process_cli, ok

cli = in_process_cli  # the `obambu` command in this process, with the tests' passphrase


def _demo(cli: Any, tmp_path: Path) -> tuple[Path, Path]:
    ok(cli("demo", "--dir", tmp_path / "demo", "--communes", "2"))
    return tmp_path / "demo" / "ambam", tmp_path / "demo" / "bipindi"


def test_the_kit_notice_says_what_the_kit_holds(cli: Any, tmp_path: Path) -> None:
    home = tmp_path / "home"
    h = ("--home", home, "--json")
    ok(cli(*h, "init", "--commune", "Ambam", "--member", "Marie Ndongo"))
    for subject in ("Paul Ékani", "Awa Biyong"):
        ok(cli(*h, "attest", "issue", "--type", "res", "--subject", subject, "--born", "1964"))
    issued = ok(cli(*h, "attest", "issue", "--type", "res", "--subject", "Jean Mba")).json()
    ok(cli(*h, "attest", "revoke", "--id", issued["id"], "--reason", "lost_or_stolen"))
    stick = tmp_path / "stick"
    ok(cli(*h, "attest", "kit", "export", "--to", stick))
    folder = stick / kit.FOLDER
    data = (folder / kit.FILE).read_bytes()
    held = kit.read(folder)  # the keys and lists it carries, as a verifier reads them
    assert "Marie Ndongo" in {key["name"] for key in held.keys.values()}  # "issued by" on paper
    assert [len(c["cancelled"]) for c in held.communes.values()] == [1]
    for person in ("Paul Ékani", "Awa Biyong", "Jean Mba"):
        assert person.encode() not in data
    notice = " ".join((folder / "LISEZ-MOI.txt").read_text(encoding="utf-8").split())
    assert "aucun nom" not in notice
    assert "chacune avec le nom de qui la détient" in notice
    assert "jamais par le nom de la personne" in notice
    assert "each with its holder's name" in notice and "never by the person's name" in notice


def test_an_equivocation_found_by_an_import_is_said(cli: Any, tmp_path: Path) -> None:
    """Ambam's profile copied to a second laptop, both writing: two versions of its history."""
    ambam, bipindi = _demo(cli, tmp_path)
    copy = tmp_path / "ambam-copie"
    shutil.copytree(ambam, copy)
    first, second = tmp_path / "cle1", tmp_path / "cle2"
    for home, stick, title in ((ambam, first, "Route"), (copy, second, "Pont")):
        stick.mkdir()
        ok(cli("--home", home, "forum", "thread", "--title", title, "--body", "."))
        ok(cli("--home", home, "seal"))
        assert cli("--home", home, "sync", "export", "--to", stick).code == 0
    assert cli("--home", bipindi, "sync", "import", "--from", first).code == 0
    human = cli("--home", bipindi, "sync", "import", "--from", second)
    assert human.code == 0
    assert (
        "1 proof of misbehaviour kept as evidence: a commune signed two versions of its history "
        "or a block against the rules; tell the other town halls." in human.out
    )
    status = ok(cli("--home", bipindi, "--json", "status")).json()
    assert status["evidence"] == 1


def test_a_stick_pulled_out_during_an_import_is_not_called_removable(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ambam, bipindi = _demo(cli, tmp_path)
    stick = tmp_path / "stick"
    stick.mkdir()
    for n in range(3):  # three trips, three segments
        ok(cli("--home", ambam, "forum", "thread", "--title", f"Sujet {n}", "--body", "."))
        ok(cli("--home", ambam, "seal"))
        assert cli("--home", ambam, "sync", "export", "--to", stick).code == 0
    aside = tmp_path / "pulled"
    import app.cli

    shown = app.cli.show_progress

    def pulled_after_the_first_segment(event: Progress) -> None:
        shown(event)
        if event.phase == Phase.VERIFY and event.done == 1 and (stick / "OBAMBU").exists():
            shutil.move(stick / "OBAMBU", aside)  # the clerk pulls the stick out

    monkeypatch.setattr(app.cli, "show_progress", pulled_after_the_first_segment)
    cut = cli("--home", bipindi, "--json", "sync", "import", "--from", stick)
    assert cut.code == 2
    assert "may be removed" not in cut.err
    assert (
        "the stick went away before the copy ended; what was copied is kept: plug the stick "
        "in again and import again to take the rest." in cut.err
    )
    assert cut.json()["copy_complete"] is False
    monkeypatch.setattr(app.cli, "show_progress", shown)

    shutil.move(aside, stick / "OBAMBU")  # plugged in again
    again = cli("--home", bipindi, "sync", "import", "--from", stick)
    assert again.code == 0 and "copy done; the stick may be removed." in again.err
    threads = ok(cli("--home", bipindi, "--json", "forum", "list")).json()
    assert {t["title"] for t in threads} >= {"Sujet 0", "Sujet 1", "Sujet 2"}
