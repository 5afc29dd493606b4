"""The README's commands exist: each `obambu …` line names a command and options it takes."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from app.cli import parser

ROOT = Path(__file__).resolve().parent.parent


def _readme_commands() -> list[list[str]]:
    lines = []
    for raw in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        for part in raw.split("&&"):
            text = part.split("#", 1)[0].strip()
            if text.startswith("obambu "):
                lines.append(shlex.split(text)[1:])
    return lines


@pytest.mark.parametrize("argv", _readme_commands(), ids=" ".join)
def test_every_readme_command_parses(argv: list[str]) -> None:
    args = parser().parse_args([a.replace("…", "x") for a in argv])
    assert args.func is not None
