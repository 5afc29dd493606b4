"""The files a Windows town hall gets from Obambu, each fixing what a Windows laptop did wrong:
a certificate printed in the same letters without DejaVu on the system, a list of
deliberations French Excel opens in columns with its accents, and a log file a technician is
shown the way to, the Windows program having no console."""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from PySide6.QtWidgets import QMenu

from app.ui.about import AboutDialog
from tests.journeys.conftest import Cli, Town, open_window

ROOT = Path(__file__).resolve().parents[2]

# Fontconfig with no font folder: Qt then knows no font at all, as a Windows laptop knows no
# DejaVu. Whatever the PDF embeds can only come from the program itself.
NO_FONTS = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""


def embedded_fonts(pdf: Path) -> set[str]:
    """The base names of the fonts the PDF's text is drawn in and that it carries itself."""
    found = set()
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        for page in document:
            for item in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT]):
                font = pdfium_c.FPDFTextObj_GetFont(item.raw)
                if not pdfium_c.FPDFFont_GetIsEmbedded(font):
                    continue
                size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
                name = ctypes.create_string_buffer(size)
                pdfium_c.FPDFFont_GetBaseFontName(font, name, size)
                found.add(name.value.decode().split("+")[-1])  # "ABCDEF+DejaVuSans": a subset
    finally:
        document.close()
    return found


def test_a_certificate_prints_in_dejavu_on_a_laptop_without_it(
    demo: Callable[[int], list[Town]], tmp_path: Path
) -> None:
    """Windows has no DejaVu: the certificate came out in a substitute, its lines broken
    elsewhere. The program now carries its fonts and the PDF embeds them."""
    (ambam,) = demo(1)
    issued = ambam.json("attest", "issue", "--type", "res", "--subject", "Jean Mba")
    (tmp_path / "fonts.conf").write_text(NO_FONTS.format(cache=tmp_path / "fc-cache"))
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "FONTCONFIG_FILE": str(tmp_path / "fonts.conf"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    pdf = tmp_path / "certificat.pdf"
    argv = ["--home", str(ambam.home), "attest", "print", "--id", issued["id"], "--out", str(pdf)]
    code = f"import sys; from app.cli import main; sys.exit(main({argv!r}))"
    ran = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr
    assert embedded_fonts(pdf) == {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSansMono-Bold"}


def test_french_excel_opens_the_list_of_deliberations_in_columns(
    demo: Callable[[int], list[Town]], tmp_path: Path
) -> None:
    """French Excel read "," files as one column and UTF-8 without its mark as Windows-1252."""
    (ambam,) = demo(1)
    title = 'Le conseil fixe le prix de l\'eau ; 50 F le "seau", à compter de janvier.'
    when = (date.today() + timedelta(days=6)).isoformat()
    argv = ["sitting", "convene", "--date", when, "--number", "2", "--item", title]
    for member in ("Marie Ndongo", "Paul Ekani", "Jeanne Mvondo"):
        argv += ["--member", member]
    sitting = ambam.json(*argv)["id"]
    ambam.json("sitting", "vote", "--sitting", sitting, "--item", "1", "--others", "pour")
    saved = tmp_path / "deliberations.csv"
    ambam.run("sitting", "deliberations", "--out", saved)

    data = saved.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8's mark: Excel then reads the accents right
    lines = data[3:].decode("utf-8").splitlines()
    assert lines[0] == "séance;date;point;objet;résultat;mode;pour;contre;abstention;blanc;nul;nppv"
    (ours,) = [line for line in lines if "prix de l'eau" in line]
    # The field holding ";" and quotes is quoted, its quotes doubled, so it stays one column.
    assert ';"Le conseil fixe le prix de l\'eau ; 50 F le ""seau"", à compter de janvier.";' in ours
    assert ours.startswith(f"2;{when};1;")


def test_the_about_box_shows_the_log_file_a_technician_asks_for(qtbot, demo) -> None:  # type: ignore[no-untyped-def]
    """A Windows program started by a double-click has no console: its messages go only to the
    log file, and About says where it is."""
    (town,) = demo(1)
    town.run("status")  # something done, so something logged
    window, _worker = open_window(qtbot, town)
    (about_action,) = [
        action
        for menu in window.menuBar().findChildren(QMenu)
        for action in menu.actions()
        if action.text().replace("&", "") in ("About Obambu", "À propos d'Obambu")
    ]
    about_action.trigger()
    about = window.dialog
    assert isinstance(about, AboutDialog) and about.isVisible()
    log = Path(about.log.text())
    assert log.name == "obambu.log"
    assert "command status finished" in log.read_text(encoding="utf-8")
    assert about.open_log.isEnabled()
    about.close()


def test_obambu_help_names_the_log_file_whole(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Windows debug program prints `--help` in a console; the path of the log, which has
    spaces on Windows ("C:\\Users\\Jean Dupont\\…"), is printed on one line to be copied."""
    data = tmp_path / "Mairie de Ambam" / "Données Obambu sur cette clé USB"
    monkeypatch.setenv("OBAMBU_DATA_DIR", str(data))
    monkeypatch.setenv("COLUMNS", "80")
    shown = cli("--help")
    assert shown.code == 0
    assert f"  {data / 'logs' / 'obambu.log'}\n" in shown.out
    cli("--home", tmp_path / "ambam", "init", "--commune", "Ambam", "--member", "Awa")
    assert "command init finished" in (data / "logs" / "obambu.log").read_text(encoding="utf-8")
