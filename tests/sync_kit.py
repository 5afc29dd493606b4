"""Helpers for the sync tests: a stick visit is an import followed by an export."""

from __future__ import annotations

import contextlib
import socket
from pathlib import Path

from app.core.ledger.txtypes import TxType
from app.core.node.node import Node
from app.core.queries import status
from app.sync.export import ExportReport, export
from app.sync.intake import ImportReport, import_


def visit(node: Node, stick: Path) -> tuple[ImportReport, ExportReport]:
    """What a clerk does with the stick at a town hall: take in, then write what it lacks."""
    taken = import_(node, stick) if (stick / "OBAMBU").is_dir() else ImportReport()
    return taken, export(node, stick)


def post(node: Node, text: str, body: str = "") -> bytes:
    thread = node.submit(TxType.FORUM_THREAD, {"title": text, "body": body or text})
    node.seal()
    return thread


def same_state(nodes: list[Node]) -> bool:
    states = [status(n) for n in nodes]
    keys = ("feeds", "counts")
    return all({k: s.get(k) for k in keys} == {k: states[0].get(k) for k in keys} for s in states)


def free_udp_ports(count: int) -> list[int]:
    """`count` loopback UDP ports free now, all different: each is held until all are chosen,
    so the system cannot hand out one of them twice."""
    with contextlib.ExitStack() as held:
        sockets = [
            held.enter_context(socket.socket(socket.AF_INET, socket.SOCK_DGRAM))
            for _ in range(count)
        ]
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [int(s.getsockname()[1]) for s in sockets]
