"""What every command of the command line shares: output for people or JSON, the passphrase,
opening the profile for one command, and reading ids and files with a plain message."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any

import platformdirs

from app.core import safetext
from app.core.errors import ObambuError
from app.core.node.node import Node

APP = "obambu"


class Output:
    """Prints for people, or JSON on stdout with --json; messages always go to stderr.

    Names, titles and file names come from other communes and from sticks: nothing hidden in
    them reaches the terminal (app/core/safetext.py). A command composing `text` passes each
    such value through safetext.line(), so that a line break in it cannot forge a line either.
    """

    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json

    def result(self, data: dict[str, Any] | list[Any], text: str | None = None) -> None:
        if self.as_json:
            dumped = json.dumps(data, ensure_ascii=False, indent=2, default=_jsonable)
            print(safetext.escape_json(dumped))
        else:
            print(safetext.block(text) if text is not None else _human(data))


def say(message: str) -> None:
    """One line for the person at the terminal, on stderr (progress, notes, errors)."""
    print(f"obambu: {safetext.line(message)}", file=sys.stderr)


def _jsonable(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.hex()
    raise TypeError(type(value).__name__)


def _human(data: Any, indent: str = "") -> str:
    if isinstance(data, dict):
        lines = []
        for key, value in data.items():
            if isinstance(value, dict | list) and value:
                lines.append(f"{indent}{safetext.line(str(key))}:")
                lines.append(_human(value, indent + "  "))
            else:
                lines.append(f"{indent}{safetext.line(str(key))}: {safetext.line(str(value))}")
        return "\n".join(lines)
    if isinstance(data, list):
        return "\n".join(
            _human(item, indent + "  ")
            if isinstance(item, dict)
            else f"{indent}- {safetext.line(str(item))}"
            for item in data
        )
    return f"{indent}{safetext.line(str(data))}"


def passphrase(confirm: bool = False) -> str:
    value = os.environ.get("OBAMBU_PASSPHRASE")
    if value:
        return value
    if not sys.stdin.isatty():
        raise ObambuError("No passphrase: set OBAMBU_PASSPHRASE or run in a terminal to type it.")
    first = getpass.getpass("Passphrase: ")
    if confirm and getpass.getpass("Passphrase again: ") != first:
        raise ObambuError("The two passphrases differ. Run the command again.")
    if not first:
        raise ObambuError("The passphrase is empty. Type it again.")
    return first


def data_folder() -> Path:
    """Where profiles live: the user's data folder, or beside a portable build."""
    portable = os.environ.get("OBAMBU_DATA_DIR")
    return Path(portable) if portable else Path(platformdirs.user_data_dir(APP, appauthor=False))


def default_home() -> Path:
    return data_folder() / "profile"


def pin(prompt: str = "PIN: ") -> str | None:
    """A member's PIN: OBAMBU_PIN, or typed in a terminal; None when neither can be had (the
    signing then stops with MemberLocked, which says how to give it)."""
    value = os.environ.get("OBAMBU_PIN")
    if value:
        return value
    if not sys.stdin.isatty():
        return None
    return getpass.getpass(prompt) or None


def new_pin() -> str | None:
    """A PIN to set: OBAMBU_NEW_PIN, or typed twice in a terminal; None for no PIN."""
    value = os.environ.get("OBAMBU_NEW_PIN")
    if value:
        return value
    if not sys.stdin.isatty():
        return None
    first = getpass.getpass("New PIN (4 characters or more; empty for none): ")
    if first and getpass.getpass("New PIN again: ") != first:
        raise ObambuError("The two PINs differ. Run the command again.")
    return first or None


def open_node(args: argparse.Namespace) -> Node:
    node = Node.open(args.home, passphrase())
    try:
        # A locked member's PIN is asked at the moment their key is needed, not before: most
        # commands sign nothing, and the node key needs no PIN.
        node.keyring.ask_pin = lambda member: pin(f"PIN of member {member.hex()[:8]}: ")
        if getattr(args, "as_member", None):
            from app.core.members import service

            service.act_for_one_command(node, member_id(node, args.as_member))
    except BaseException:
        node.close()
        raise
    return node


def member_id(node: Node, text: str) -> bytes:
    """A member of this commune named by their id, or by the first characters of it."""
    from app.core.members import queries

    wanted = text.strip().lower()
    found = [p.id for p in queries.people(node) if p.id.hex().startswith(wanted)] if wanted else []
    if len(found) != 1:
        raise ObambuError(
            f"'{text}' names no single member of this commune: "
            "give an id shown by `obambu member list`."
        )
    return found[0]


class opened:
    """Opens the profile for one command and always closes it."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.node = open_node(args)

    def __enter__(self) -> Node:
        return self.node

    def __exit__(self, *exc: object) -> None:
        self.node.close()


def created(out: Output, oid: bytes) -> None:
    out.result({"id": oid.hex()}, oid.hex())


def parse_id(text: str) -> bytes:
    try:
        value = bytes.fromhex(text.strip())
    except ValueError:
        value = b""
    if len(value) != 32:
        raise ObambuError(f"'{text}' is not an id: ids are 64 hexadecimal characters.")
    return value


def read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ObambuError(f"Cannot read {path}: {exc.strerror}. Check the file name.") from exc
