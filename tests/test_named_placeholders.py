"""tools/named_placeholders.py, the codemod from `tr("%1").replace("%1", a)` chains to
`fill(tr("{name}"), name=a)`, on sample screens and a sample .ts; and app/ui/plain.fill."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from app.ui.plain import fill
from tools.named_placeholders import run

TS = """<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="fr_FR">
<context>
    <name>Page</name>
    <message>
        <location filename="../page.py" line="9" />
        <source>Sent %1 of %2.</source>
        <translation>%2 : %1 envoyés.</translation>
    </message>
    <message>
        <location filename="../page.py" line="12" />
        <source>Kept %1&apos;s lists from %2 (%3 days ago).</source>
        <translation>Listes de %1 gardées, du %2 (il y a %3 jours).</translation>
    </message>
    <message>
        <location filename="../page.py" line="13" />
        <source>Kept %1&apos;s lists of today, %2.</source>
        <translation>Listes de %1 gardées, d&apos;aujourd&apos;hui, %2.</translation>
    </message>
    <message numerus="yes">
        <location filename="../page.py" line="20" />
        <source>%n file(s) in %1</source>
        <translation>
            <numerusform>%n fichier dans %1</numerusform>
            <numerusform>%n fichiers dans %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../page.py" line="30" />
        <source>Handed on %1.</source>
        <translation>Transmis %1.</translation>
    </message>
</context>
<context>
    <name>Other</name>
    <message>
        <location filename="../other.py" line="3" />
        <source>Sent %1 of %2.</source>
        <translation>Autre contexte : %1 sur %2.</translation>
    </message>
</context>
</TS>
"""

PAGE = """
class Moved:
    def __init__(self, sent: int, total: int) -> None:
        self.sent, self.total = sent, total


def line(text: str) -> str:
    return text


class Page:
    def tr(self, source: str, comment: str = "", n: int = -1) -> str:
        return source.replace("%n", str(n))

    def sent(self, sent: str, total: str) -> str:
        return self.tr("Sent %1 of %2.").replace("%1", sent).replace("%2", total)

    def kept(self, fields: dict[str, str], days: int) -> str:
        text = (
            self.tr("Kept %1's lists from %2 (%3 days ago).")
            if days
            else self.tr("Kept %1's lists of today, %2.")
        )
        text = text.replace("%1", line(fields.get("commune") or "?"))
        return text.replace("%2", fields["as_of"]).replace("%3", str(days))

    def again(self, moved: Moved) -> str:
        text = self.tr("Sent %1 of %2.")
        return text.replace("%1", str(moved.sent)).replace("%2", str(moved.total))

    def files(self, count: int, folder: str) -> str:
        return self.tr("%n file(s) in %1", "", count).replace("%1", folder)

    def block(self, head: dict[str, int]) -> str:
        text = self.tr("Block #%1 is known to %2 of %3 communes.")
        for mark, value in (("%1", head["seq"]), ("%2", head["known_to"]), ("%3", head["of"])):
            text = text.replace(mark, str(value))
        return text

    def lacking(self, communes: list[str]) -> list[str]:
        lines = []
        if communes:
            lines.append(
                self.tr(
                    "Not yet known to: %1. It will reach them with the next stick or radio "
                    "exchange."
                ).replace("%1", ", ".join(map(line, communes)))
            )
        return lines

    def handed(self, town: str) -> str:
        return self.shout(self.tr("Handed on %1.")).replace("%1", town)

    def shout(self, text: str) -> str:
        return text.upper()
"""


def _load(path: Path) -> ModuleType:
    module = ModuleType(path.stem)
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), module.__dict__)
    return module


def _answers(module: ModuleType) -> list[str]:
    page, moved = module.Page(), module.Moved(3, 7)
    fields = {"commune": "Ambam", "as_of": "01/12/2026"}
    return [
        page.sent("3", "7"),
        page.kept(fields, 2),
        page.kept(fields, 0),
        page.again(moved),
        page.files(4, "{total}"),
        page.block({"seq": 12, "known_to": 3, "of": 5}),
        *page.lacking(["Ambam", "Kyé-Ossi"]),
    ]


def _sample(tmp_path: Path) -> tuple[Path, Path]:
    page, ts = tmp_path / "page.py", tmp_path / "fr.ts"
    page.write_text(PAGE, encoding="utf-8")
    ts.write_text(TS, encoding="utf-8")
    return page, ts


def test_chains_become_named_placeholders_with_the_same_text(tmp_path: Path) -> None:
    page, ts = _sample(tmp_path)
    before = _answers(_load(page))
    report = run([page], [ts])
    code = page.read_text(encoding="utf-8")
    left = [row.strip() for row in code.splitlines() if '.replace("%' in row]
    assert left == [  # the sample's tr(), and the sentence handed on before it is filled
        'return source.replace("%n", str(n))',
        'return self.shout(self.tr("Handed on %1.")).replace("%1", town)',
    ]
    assert 'self.tr("Sent {sent} of {total}.")' in code
    assert "fill(text, commune=line(" in code  # a chain over several statements
    assert 'self.tr("%n file(s) in {folder}", "", count)' in code  # %n is Qt's: kept
    assert "from app.ui.plain import fill" in code
    assert "for mark" not in code and 'of=str(head["of"])' in code  # the loop, unrolled
    assert max(len(row) for row in code.splitlines()) <= 100  # a longer name, cut at a space
    assert _answers(_load(page)) == before
    assert report[0].startswith("7 chain(s) in 1 file(s) rewritten, 6 sentence(s)")


def test_translations_follow_their_source(tmp_path: Path) -> None:
    page, ts = _sample(tmp_path)
    run([page], [ts])
    text = ts.read_text(encoding="utf-8")
    assert "<source>Sent {sent} of {total}.</source>" in text
    assert "<translation>{total} : {sent} envoyés.</translation>" in text
    assert "<source>Kept {commune}&apos;s lists of today, {as_of}.</source>" in text
    assert "<translation>Listes de {commune} gardées, du {as_of} (il y a {days} jours)." in text
    assert "<numerusform>%n fichiers dans {folder}</numerusform>" in text
    assert "Autre contexte : %1 sur %2." in text  # another class: another sentence


def test_what_it_does_not_follow_is_left_and_listed(tmp_path: Path) -> None:
    page, ts = _sample(tmp_path)
    report = run([page], [ts])
    assert 'self.shout(self.tr("Handed on %1.")).replace("%1", town)' in page.read_text()
    assert "<source>Handed on %1.</source>" in ts.read_text(encoding="utf-8")
    assert any("Handed on %1." in said and "used before it is filled" in said for said in report)


def test_a_second_run_changes_nothing(tmp_path: Path) -> None:
    page, ts = _sample(tmp_path)
    run([page], [ts])
    code, text = page.read_text(encoding="utf-8"), ts.read_text(encoding="utf-8")
    report = run([page], [ts])
    assert (page.read_text(encoding="utf-8"), ts.read_text(encoding="utf-8")) == (code, text)
    assert report[0].startswith("0 chain(s) in 0 file(s) rewritten")


def test_a_file_where_fill_means_something_else_is_left(tmp_path: Path) -> None:
    page, ts = _sample(tmp_path)
    page.write_text("from app.ui.messages import fill\n" + PAGE, encoding="utf-8")
    run([page], [ts])
    assert 'self.tr("Sent %1 of %2.")' in page.read_text(encoding="utf-8")
    assert "<source>Sent %1 of %2.</source>" in ts.read_text(encoding="utf-8")


def test_the_command_as_a_person_runs_it(tmp_path: Path) -> None:
    page, ts = _sample(tmp_path)
    tool = Path(__file__).resolve().parent.parent / "tools" / "named_placeholders.py"
    done = subprocess.run(
        [sys.executable, str(tool), "--dry-run", "--ts", str(ts), str(page)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "7 chain(s) in 1 file(s) rewritten" in done.stdout
    assert page.read_text(encoding="utf-8") == PAGE  # a dry run changes nothing
    assert ts.read_text(encoding="utf-8") == TS


def test_fill_reads_the_sentence_once() -> None:
    assert fill("Sent {sent} of {total}.", sent="{total}", total="7") == "Sent {total} of 7."
    assert fill("{a} and {b}", a="1") == "1 and {b}"  # a second step may fill the rest
    assert fill("100% {done}", done="yes") == "100% yes"


NUMBERED = re.compile(r"%[1-9]")


def _numbered(source: str) -> list[int]:
    """Lines of `source` whose translated sentence still has a numbered placeholder (%1…%9);
    %n stays: Qt needs it to choose a plural form."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute | ast.Name)
        and getattr(node.func, "attr", getattr(node.func, "id", "")) in ("tr", "translate")
        and any(
            isinstance(arg, ast.Constant)
            and isinstance(arg.value, str)
            and NUMBERED.search(arg.value)
            for arg in node.args
        )
    ]


def test_every_sentence_on_the_screens_names_its_placeholders() -> None:
    ui = Path(__file__).resolve().parent.parent / "app" / "ui"
    found = {p.name: _numbered(p.read_text(encoding="utf-8")) for p in sorted(ui.glob("*.py"))}
    assert {name: lines for name, lines in found.items() if lines} == {}
    assert _numbered('self.tr("Sent %1 of %2.")') == [1]  # the check can fail
    assert _numbered('self.tr("%n votes", "", n)') == []
