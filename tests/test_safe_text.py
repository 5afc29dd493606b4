"""Text from others shown harmlessly: a forum title, a name, a file name on a stick cannot clear
the terminal, retitle it, overwrite a line or reverse what is read, on the command line or on a
screen (issue 15, finding 9)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from app.core import safetext
from app.core.documents import service as library
from app.core.ledger.txtypes import TxType
from app.core.node.node import Node
from app.sync.export import export
from app.ui.documents import DocumentsPage
from app.ui.forum import ForumPage
from app.ui.worker import Worker
from tests.test_ui_forum import click_thread

# Clear the screen, retitle the window and ring, then return to the start of the line to print
# over it, and reverse the rest ("exe.jpg" read as "gpj.exe"), with some HTML for the screens.
TITLE = "\x1b[2J\x1b]0;pwned\x07\r999 new items, stick verified \u202egpj.exe <b>gras</b>"
NAME = "Jean\u2066\u200b Ndongo\x9b31m"  # an isolate, a zero-width space and a C1 CSI
FILE = "facture\u202efdp.exe"
RAW = ("\x1b", "\x07", "\r", "\u202e", "\u2066", "\u200b", "\x9b")
ROOT = Path(__file__).resolve().parent.parent


def raw_in(text: str) -> list[str]:
    return [repr(char) for char in RAW if char in text]


# --- the module -----------------------------------------------------------------------------


@given(st.text())
def test_nothing_hidden_survives_a_line(text: str) -> None:
    shown = safetext.line(text)
    assert not [c for c in shown if safetext.is_hidden(c)]
    assert len(shown) == len(text)  # one visible sign for each hidden character, nothing dropped


@given(st.text())
def test_a_block_keeps_only_line_breaks_and_tabs(text: str) -> None:
    assert not [c for c in safetext.block(text) if safetext.is_hidden(c) and c not in "\n\t"]


@given(
    st.recursive(
        st.text() | st.integers() | st.none(),
        lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
    )
)
def test_json_keeps_every_character_and_shows_none(data: Any) -> None:
    dumped = safetext.escape_json(json.dumps(data, ensure_ascii=False, indent=2))
    assert json.loads(dumped) == data
    assert not [c for c in dumped if safetext.is_hidden(c) and c != "\n"]


def test_what_people_write_is_left_alone() -> None:
    for text in ("Réunion à 10 h\u202f30", "اجتماع المجلس", "👩\u200d🌾 Bipindi", "N° 12\tok"):
        assert safetext.block(text) == text
    assert safetext.line(TITLE).startswith("␛[2J␛]0;pwned␇␍999 new items")
    assert safetext.block("ligne 1\r\nligne 2") == "ligne 1\nligne 2"


# --- the command line -----------------------------------------------------------------------


def obambu(home: Path, *argv: str | Path) -> subprocess.CompletedProcess[bytes]:
    """`obambu` as a program, its output as bytes: exactly what reaches the terminal."""
    env = {**os.environ, "OBAMBU_PASSPHRASE": "pass phrase", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "app.cli", "--home", str(home), *(str(a) for a in argv)],
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def _hostile_news(net: Any, tmp_path: Path) -> tuple[Node, bytes, bytes]:
    """Bipindi's laptop, in someone else's hands: a member with a strange name, a thread with a
    title that attacks terminals, a document with a reversed file name. Returns (Bipindi, the
    thread, the document)."""
    bipindi = net.nodes[1]
    member = bipindi.add_member(NAME, role="deputy")
    bipindi.seal()
    thread = bipindi.submit(
        TxType.FORUM_THREAD, {"title": TITLE, "body": f"Voir {TITLE}\n-- "}, actor=member
    )
    named = tmp_path / FILE
    named.write_bytes(b"%PDF-1.4 pas vraiment")
    doc = library.publish(bipindi, named, ["Ambam"])
    bipindi.seal()
    return bipindi, thread, doc


def test_the_command_line_prints_nothing_raw_from_others(net: Any, tmp_path: Path) -> None:
    bipindi, thread, doc = _hostile_news(net, tmp_path)
    stick = tmp_path / "stick"
    stick.mkdir()
    export(bipindi, stick)
    hostile = stick / "OBAMBU" / "seg" / "202601" / f"{TITLE.replace('/', '')}.obs"
    hostile.mkdir(parents=True)  # a "segment" that cannot be read: the import names it
    ambam = net.nodes[0]
    home = ambam.home
    ambam.close()
    try:
        runs = {
            "import": obambu(home, "sync", "import", "--from", stick),
            "list": obambu(home, "forum", "list"),
            "thread": obambu(home, "forum", "list", "--thread", thread.hex()),
            "status": obambu(home, "status"),
            "doc get": obambu(home, "doc", "get", "--id", doc.hex(), "--out", tmp_path / "d"),
            "doc list": obambu(home, "doc", "list"),
            "preflight": obambu(home, "sync", "preflight", "--from", stick),
        }
        for what, run in runs.items():
            out, err = run.stdout.decode(), run.stderr.decode()
            assert run.returncode == 0, (what, err)
            assert raw_in(out) == [] and raw_in(err) == [], (what, out, err)
        listed = runs["list"].stdout.decode()
        assert "␛[2J␛]0;pwned␇␍999 new items, stick verified �gpj.exe" in listed
        assert f"Jean�� Ndongo{chr(0xFFFD)}31m" in listed
        assert "facture�fdp.exe written to" in runs["doc get"].stdout.decode()
        assert "left alone" in runs["import"].stdout.decode()  # its name is not even repeated
        # With --json a program still gets every character, escaped.
        as_json = obambu(home, "--json", "forum", "list")
        assert raw_in(as_json.stdout.decode()) == []
        assert [t["title"] for t in json.loads(as_json.stdout)] == [TITLE]
    finally:
        net.nodes[0] = Node.open(home, "pass phrase")


def test_an_error_quoting_a_name_prints_it_harmlessly(net: Any, tmp_path: Path) -> None:
    home = net.nodes[0].home
    net.nodes[0].close()
    try:
        run = obambu(home, "doc", "add", "--file", tmp_path / "absent", "--to", TITLE)
        err = run.stderr.decode()
        assert run.returncode != 0 and err.count("\n") == 1 and raw_in(err) == [], err
        assert "No commune is called" in err or "Cannot read" in err
    finally:
        net.nodes[0] = Node.open(home, "pass phrase")


# --- the screens ----------------------------------------------------------------------------


@pytest.fixture
def ambam_with_hostile_news(net: Any, tmp_path: Path, qtbot: Any) -> Any:
    """Ambam's window worker after a sync with Bipindi's hostile news."""
    _hostile_news(net, tmp_path)
    net.sync()
    home = net.nodes[0].home
    net.nodes[0].close()
    worker = Worker()
    opened: list[Node] = []
    worker.open(lambda: Node.open(home, "pass phrase"), opened.append)
    qtbot.waitUntil(lambda: bool(opened), timeout=20_000)
    yield worker
    worker.stop()
    net.nodes[0] = Node.open(home, "pass phrase")


def test_the_forum_screen_shows_a_hostile_title_harmlessly(  # type: ignore[no-untyped-def]
    qtbot, ambam_with_hostile_news
) -> None:
    page = ForumPage(ambam_with_hostile_news)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.threads.rowCount() == 1, timeout=20_000)
    model = page.threads
    line = model.data(model.index(0, 0))
    assert raw_in(str(line)) == []
    assert "␍999 new items, stick verified" in line and "Jean" in line
    tip = model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;gras&lt;/b&gt;" in tip and raw_in(tip) == []  # drawn as written, not bold
    click_thread(qtbot, page, 0)
    qtbot.waitUntil(lambda: "999 new items" in page.heading.text(), timeout=20_000)
    (card,) = page.pane.cards
    for label in (page.heading, card.who, card.body):
        assert raw_in(label.text()) == [], label.text()
        assert label.textFormat() == Qt.TextFormat.PlainText  # "<b>gras</b>" stays text
    assert "<b>gras</b>" in page.heading.text()
    qtbot.waitUntil(lambda: not page.pane.loading, timeout=20_000)


def test_the_documents_screen_shows_and_saves_a_reversed_name_harmlessly(  # type: ignore[no-untyped-def]
    qtbot, ambam_with_hostile_news, tmp_path: Path, monkeypatch
) -> None:
    page = DocumentsPage(ambam_with_hostile_news)
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.list.topLevelItemCount() == 1, timeout=20_000)
    assert page.list.topLevelItem(0).text(0) == "facture�fdp.exe"
    page.list.setCurrentItem(page.list.topLevelItem(0))
    assert raw_in(page.details.text()) == [] and "facture�fdp.exe" in page.details.text()
    # An .exe could run a program: never opened in a click, only saved where the person says.
    assert not page.open_button.isEnabled()
    folder = tmp_path / "gardés"
    folder.mkdir()
    monkeypatch.setattr(
        "app.ui.files.QFileDialog.getSaveFileName",
        lambda parent, title, proposed, kinds: (str(folder / Path(proposed).name), ""),
    )
    page.save_button.click()
    qtbot.waitUntil(lambda: any(folder.iterdir()), timeout=20_000)
    assert [p.name for p in folder.iterdir()] == ["facture�fdp.exe"]  # no reversed name on disk
