"""The `obambu` command, driven through app.cli.main in-process and as a real program."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.cli import main

PASS = "phrase de passe du test"
ROOT = Path(__file__).resolve().parent.parent
HEX64 = re.compile(r"^[0-9a-f]{64}$")


@pytest.fixture(autouse=True)
def _env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OBAMBU_KDF", "interactive")
    monkeypatch.setenv("OBAMBU_PASSPHRASE", PASS)


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)

    def created(self) -> str:
        """The id printed by a command that creates something, with --json."""
        data = self.json()
        assert set(data) == {"id"}, data
        assert HEX64.match(data["id"]), data
        return str(data["id"])


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Any:
    def run(*argv: str | Path) -> Result:
        capsys.readouterr()
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exc:  # argparse, and `attest verify` on an invalid attestation
            code = exc.code if isinstance(exc.code, int) else 1
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def in_process_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Any:
    """`obambu` run in this process with the tests' passphrase, for modules that import it
    under the name `cli`."""
    monkeypatch.setenv("OBAMBU_PASSPHRASE", PASS)

    def run(*argv: str | Path) -> Result:
        capsys.readouterr()
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def ok(result: Result) -> Result:
    assert result.code == 0, result.err
    assert result.err == ""
    return result


def sentence(result: Result) -> str:
    """A failure's stderr: one line, 'obambu: ' and a sentence, no traceback."""
    assert result.code != 0
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("obambu: ")
    text = lines[0].removeprefix("obambu: ")
    assert len(text) > 10 and text.endswith("."), text
    assert "Traceback" not in result.err
    return text


def program(*argv: str | Path, passphrase: str = PASS) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "OBAMBU_PASSPHRASE": passphrase, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *(str(a) for a in argv)],
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )


def digests(home: Path) -> dict[str, str]:
    return {
        str(p.relative_to(home)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in home.rglob("*")
        if p.is_file()
    }


@pytest.fixture
def home(cli: Any, tmp_path: Path) -> Path:
    path = tmp_path / "home"
    ok(cli("--home", path, "init", "--commune", "Ambam", "--member", "Marie Ndongo"))
    return path


# --- init and status ------------------------------------------------------------------------


def test_init_then_status(cli: Any, tmp_path: Path) -> None:
    home = tmp_path / "home"
    made = ok(cli("--home", home, "--json", "init", "--commune", "Ambam", "--member", "Marie"))
    founded = made.json()
    assert HEX64.match(founded["network_id"])
    status = ok(cli("--home", home, "--json", "status")).json()
    assert {"network_id", "commune", "node_key", "feeds", "pending", "counts", "evidence"} <= set(
        status
    )
    assert status["network_id"] == founded["network_id"]
    assert status["commune"] == "Ambam"
    assert HEX64.match(status["node_key"])
    assert status["feeds"] == {founded["commune_id"]: 0}  # the member's registration block
    assert status["pending"] == 0
    assert status["counts"] == dict.fromkeys(
        ("threads", "posts", "votes", "attestations", "documents"), 0
    )
    assert status["evidence"] == 0
    # Human output too.
    text = ok(cli("--home", home, "status")).out
    assert f"network_id: {founded['network_id']}" in text
    assert "commune: Ambam" in text


def test_init_twice_is_refused(cli: Any, home: Path) -> None:
    before = digests(home)
    result = cli("--home", home, "init", "--commune", "Bipindi", "--member", "Paul")
    assert "already exists" in sentence(result)
    assert digests(home) == before


def test_refused_init_can_be_retried(cli: Any, tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = cli("--home", home, "init", "--commune", "Ambam", "--member", "M" * 81)
    assert "name" in sentence(result)
    ok(cli("--home", home, "init", "--commune", "Ambam", "--member", "Marie"))
    ok(cli("--home", home, "forum", "thread", "--title", "Route", "--body", "coupée"))


# --- forum ----------------------------------------------------------------------------------


def test_forum_thread_post_list(cli: Any, home: Path) -> None:
    h = ("--home", home, "--json")
    thread = ok(
        cli(
            *h,
            "forum",
            "thread",
            "--title",
            "Route",
            "--body",
            "La piste est coupée",
            "--priority",
            "P1",
        )
    ).created()
    post = ok(
        cli(*h, "forum", "post", "--thread", thread, "--body", "J'envoie une équipe")
    ).created()
    reply = ok(
        cli(*h, "forum", "post", "--thread", thread, "--body", "Merci", "--reply", post)
    ).created()

    listed = ok(cli(*h, "forum", "list")).json()
    assert [(t["id"], t["title"], t["priority"], t["posts"]) for t in listed] == [
        (thread, "Route", "P1", 2)
    ]
    assert ok(cli(*h, "status")).json()["pending"] == 3

    detail = ok(cli(*h, "forum", "list", "--thread", thread)).json()
    assert detail["title"] == "Route" and detail["body"] == "La piste est coupée"
    assert detail["author"] == "Marie Ndongo"
    posts = {p["id"]: p for p in detail["posts"]}
    assert set(posts) == {post, reply}
    assert posts[post]["body"] == "J'envoie une équipe" and posts[post]["reply_to"] is None
    assert posts[reply]["reply_to"] == post

    block = ok(cli(*h, "seal")).created()
    assert ok(cli(*h, "forum", "list")).json()[0]["pending"] is False
    assert ok(cli(*h, "forum", "list", "--thread", thread)).json()["posts"][0]["pending"] is False
    status = ok(cli(*h, "status")).json()
    assert status["pending"] == 0
    assert status["counts"]["threads"] == 1 and status["counts"]["posts"] == 2
    assert status["feeds"][status["commune_id"]] == 1
    assert HEX64.match(block)
    # Nothing left to seal.
    assert ok(cli(*h, "seal")).json() == {"id": None}
    # Human listing.
    assert "Route" in ok(cli("--home", home, "forum", "list")).out


def test_forum_list_marks_unsealed_items_pending(cli: Any, home: Path) -> None:
    h = ("--home", home, "--json")
    thread = ok(cli(*h, "forum", "thread", "--title", "Route", "--body", "coupée")).created()
    ok(cli(*h, "forum", "post", "--thread", thread, "--body", "Équipe demain")).created()
    assert ok(cli(*h, "status")).json()["pending"] == 2
    assert ok(cli(*h, "forum", "list")).json()[0]["pending"] is True
    assert ok(cli(*h, "forum", "list", "--thread", thread)).json()["posts"][0]["pending"] is True
    assert "[pending]" in ok(cli("--home", home, "forum", "list")).out


def test_forum_errors(cli: Any, home: Path) -> None:
    missing = "ab" * 32
    assert "no such thread" in sentence(cli("--home", home, "forum", "list", "--thread", missing))
    assert "not an id" in sentence(cli("--home", home, "forum", "list", "--thread", "xyz"))
    result = cli(
        "--home", home, "forum", "thread", "--title", "T", "--body", "B", "--priority", "P9"
    )
    assert "priority" in sentence(result)
    result = cli("--home", home, "forum", "post", "--thread", missing, "--body", "B")
    assert result.code == 4
    sentence(result)
    assert ok(cli("--home", home, "--json", "status")).json()["pending"] == 0


# --- votes ----------------------------------------------------------------------------------


def test_vote_open_cast_close_show(cli: Any, home: Path) -> None:
    h = ("--home", home, "--json")
    vote = ok(
        cli(*h, "vote", "open", "--question", "Budget ?", "--option", "Oui", "--option", "Non")
    ).created()
    ok(cli(*h, "vote", "cast", "--vote", vote, "--choice", "oui")).created()  # any case

    shown = ok(cli(*h, "vote", "show", "--vote", vote)).json()
    assert shown["question"] == "Budget ?" and shown["options"] == ["Oui", "Non"]
    assert shown["tally"] == [1, 0]
    assert shown["closed"] is False and shown["valid"] is None
    assert [b["choice"] for b in shown["ballots"]] == ["Oui"]

    again = cli(*h, "vote", "cast", "--vote", vote, "--choice", "Non")
    assert "already" in sentence(again)
    assert again.out == ""
    unknown = cli(*h, "vote", "cast", "--vote", vote, "--choice", "Peut-être")
    assert "not an option" in sentence(unknown)

    ok(cli(*h, "vote", "close", "--vote", vote)).created()
    shown = ok(cli(*h, "vote", "show", "--vote", vote)).json()
    assert shown["closed"] is True and shown["valid"] is True
    assert shown["tally"] == [1, 0] and shown["count"] == 1
    assert shown["result"]["winner"] == "Oui"
    assert ok(cli(*h, "vote", "list")).json() == [
        {"id": vote, "question": "Budget ?", "closed": True}
    ]
    status = ok(cli(*h, "status")).json()
    assert status["counts"]["votes"] == 1 and status["pending"] == 0
    assert "no such vote" in sentence(cli(*h, "vote", "show", "--vote", "cd" * 32))


# --- attestations ---------------------------------------------------------------------------


def test_attest_issue_print_verify_correct_revoke_and_a_kit(
    cli: Any, home: Path, tmp_path: Path
) -> None:
    h = ("--home", home, "--json")
    issued = ok(
        cli(
            *h,
            "attest",
            "issue",
            "--type",
            "res",
            "--subject",
            "Paul Ékani",
            "--born",
            "vers 1964",
            "--detail",
            "Quartier Nkolbikon",
        )
    ).json()
    att_id, number, payload = issued["id"], issued["number"], issued["qr"]
    pdf = tmp_path / "certificat.pdf"
    printed = ok(cli(*h, "attest", "print", "--id", att_id, "--out", pdf)).json()
    assert printed["copy"] == 1 and pdf.read_bytes().startswith(b"%PDF")

    verdict = ok(cli(*h, "attest", "verify", "--image", pdf)).json()  # read back from the PDF
    assert verdict["outcome"] == "authentic" and verdict["number"] == number
    assert verdict["subject"] == "Paul Ékani" and verdict["born"] == "vers 1964"
    assert verdict["issuer"] == "Marie Ndongo"
    by_code = ok(cli(*h, "attest", "verify", "--code", number.replace("-", " ").lower())).json()
    assert by_code["id"] == att_id
    shown = ok(cli("--home", home, "attest", "verify", "--payload", payload)).out
    assert shown.startswith(f"AUTHENTIC  n° {number}") and "Domicile: Quartier Nkolbikon" in shown

    fixed = ok(
        cli(
            *h,
            "attest",
            "correct",
            "--id",
            att_id,
            "--type",
            "res",
            "--subject",
            "Paul Ekani",
            "--reason",
            "clerical_error",
        )
    ).json()
    replaced = cli(*h, "attest", "verify", "--payload", payload)
    assert replaced.code == 3 and replaced.json()["replaced_by"] == fixed["number"]
    assert "needs it" in sentence(
        cli(*h, "attest", "revoke", "--id", fixed["id"], "--reason", "fraud")
    )
    ok(
        cli(
            *h,
            "attest",
            "revoke",
            "--id",
            fixed["id"],
            "--reason",
            "fraud",
            "--note",
            "faux témoin",
        )
    )

    stick, verifier = tmp_path / "stick", tmp_path / "gendarmerie"
    ok(cli(*h, "attest", "kit", "export", "--to", stick))
    loaded = ok(cli("--json", "attest", "kit", "import", "--from", stick, "--kit", verifier))
    assert loaded.json()["updated"] == ["Ambam"]
    offline = cli("--json", "attest", "verify", "--image", pdf, "--kit", verifier)
    assert offline.code == 3 and offline.json()["outcome"] == "replaced"
    assert "No such file" in sentence(
        cli(*h, "attest", "verify", "--image", tmp_path / "nothing.png")
    )
    blank = tmp_path / "blanc.png"
    blank.write_bytes(qr_blank())
    assert "No attestation QR code" in sentence(cli(*h, "attest", "verify", "--image", blank))
    wrong = number[:-1] + ("Y" if number.endswith("Z") else "Z")
    assert "check character" in sentence(cli(*h, "attest", "verify", "--code", wrong))


def qr_blank() -> bytes:
    """A white PNG: a damaged photo with no readable QR code."""
    import io

    import PIL.Image

    out = io.BytesIO()
    PIL.Image.new("L", (200, 200), 255).save(out, "PNG")
    return out.getvalue()


# --- documents ------------------------------------------------------------------------------


def test_doc_add_get_round_trip(cli: Any, home: Path, tmp_path: Path) -> None:
    content = bytes(range(256)) * 300 + "compte rendu é".encode()  # binary, several chunks?
    source = tmp_path / "compte-rendu.bin"
    source.write_bytes(content)
    h = ("--home", home, "--json")
    doc = ok(cli(*h, "doc", "add", "--file", source, "--tag", "réunion")).created()
    listed = ok(cli(*h, "doc", "list")).json()
    assert [(d["id"], d["name"], d["size"]) for d in listed] == [
        (doc, "compte-rendu.bin", len(content))
    ]
    assert listed[0]["sha256"] == hashlib.sha256(content).hexdigest()
    assert listed[0]["tags"] == ["réunion"]

    out = tmp_path / "copie.bin"
    got = ok(cli(*h, "doc", "get", "--id", doc, "--out", out)).json()
    assert got == {"name": "compte-rendu.bin", "out": str(out), "size": len(content)}
    assert out.read_bytes() == content
    assert "no such document" in sentence(cli(*h, "doc", "get", "--id", "ef" * 32, "--out", out))


def test_doc_add_missing_file(cli: Any, home: Path, tmp_path: Path) -> None:
    result = cli("--home", home, "doc", "add", "--file", tmp_path / "absent.txt")
    assert "Cannot read" in sentence(result)


# --- demo -----------------------------------------------------------------------------------


def test_demo_homes_are_in_sync(cli: Any, tmp_path: Path) -> None:
    demo = ok(cli("--json", "demo", "--dir", tmp_path / "demo", "--communes", "3")).json()
    assert HEX64.match(demo["network_id"])
    assert len(demo["homes"]) == 3 and len(set(demo["homes"])) == 3
    states = [ok(cli("--home", h, "--json", "status")).json() for h in demo["homes"]]
    assert [s["commune"] for s in states] == ["Ambam", "Bipindi", "Campo"]
    for state in states:
        assert state["network_id"] == demo["network_id"]
        assert state["pending"] == 0
        assert state["feeds"] == states[0]["feeds"]
        assert state["counts"] == states[0]["counts"]
        assert state["evidence"] == 0
    assert len(states[0]["feeds"]) == 3
    assert all(v > 0 for v in states[0]["counts"].values())


# --- objects, as a real program -------------------------------------------------------------


def test_object_get_writes_exact_bytes(home: Path) -> None:
    thread = program("--home", home, "--json", "forum", "thread", "--title", "T", "--body", "B")
    assert thread.returncode == 0, thread.stderr
    tx = json.loads(thread.stdout)["id"]
    sealed = program("--home", home, "seal")
    assert sealed.returncode == 0, sealed.stderr
    block = sealed.stdout.decode().strip()
    assert HEX64.match(block)
    for oid in (block, tx):
        got = program("--home", home, "object", "get", "--id", oid)
        assert got.returncode == 0, got.stderr
        assert got.stderr == b""
        assert hashlib.sha256(got.stdout).hexdigest() == oid
    missing = program("--home", home, "object", "get", "--id", "00" * 32)
    assert missing.returncode != 0 and missing.stdout == b""
    assert missing.stderr.decode().startswith("obambu: No object")


# --- failures -------------------------------------------------------------------------------


def test_wrong_passphrase_as_a_program(home: Path) -> None:
    before = digests(home)
    for argv in (("status",), ("forum", "thread", "--title", "T", "--body", "B"), ("seal",)):
        result = program("--home", home, *argv, passphrase="pas la bonne phrase")
        assert result.returncode != 0
        assert result.stdout == b""
        err = result.stderr.decode()
        assert (
            err == "obambu: The passphrase is wrong. Type it again, minding capitals and accents.\n"
        )
        assert digests(home) == before
    assert program("--home", home, "status").returncode == 0


def test_wrong_passphrase_in_process(cli: Any, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = digests(home)
    monkeypatch.setenv("OBAMBU_PASSPHRASE", PASS.upper())
    assert "passphrase is wrong" in sentence(cli("--home", home, "--json", "status"))
    assert digests(home) == before


def test_missing_profile(cli: Any, tmp_path: Path) -> None:
    nowhere = tmp_path / "nowhere"
    result = cli("--home", nowhere, "status")
    assert result.code != 0 and result.out == ""
    assert "There is no profile" in sentence(result)
    assert not nowhere.exists()


def test_no_passphrase_without_terminal(home: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "--home", str(home), "status"],
        capture_output=True,
        env={k: v for k, v in os.environ.items() if k != "OBAMBU_PASSPHRASE"},
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert result.returncode != 0
    assert result.stderr.decode().startswith("obambu: No passphrase")


# --- help -----------------------------------------------------------------------------------

GROUPS = {
    "init": [],
    "demo": [],
    "status": [],
    "run": [],
    "seal": [],
    "forum": ["thread", "post", "list"],
    "vote": ["open", "cast", "close", "ask-close", "show", "list"],
    "sitting": ["list", "show", "convene", "receipt", "proxy", "vote", "appoint", "minutes"],
    "attest": ["issue", "verify", "revoke"],
    "doc": ["add", "get", "list"],
    "object": ["get"],
    "backup": ["create", "paper", "restore"],
}


def test_help(cli: Any) -> None:
    top = cli("--help")
    assert top.code == 0 and top.out.startswith("usage: obambu")
    for command in GROUPS:
        assert re.search(rf"^\s+{command}\s", top.out, re.MULTILINE), command
    for command, actions in GROUPS.items():
        result = cli(command, "--help")
        assert result.code == 0 and result.out.startswith(f"usage: obambu {command}")
        for action in actions:
            assert re.search(rf"^\s+{action}\s", result.out, re.MULTILINE), (command, action)
            leaf = cli(command, action, "--help")
            assert leaf.code == 0
            assert leaf.out.startswith(f"usage: obambu {command} {action}")


def test_help_as_a_program() -> None:
    result = program("--help")
    assert result.returncode == 0
    assert b"obambu" in result.stdout and b"OBAMBU_PASSPHRASE" in result.stdout


def test_usage_errors(cli: Any) -> None:
    assert cli().code == 2
    assert cli("forum").code == 2
    assert cli("vote", "cast", "--vote", "x").code == 2  # --choice is required
