"""The screens reach the store worker only through app/ui/operations.py (QueryOp, CollectionOp,
LongOp): a change made by a screen then tells the others, and long I/O never holds the store.
Only the worker itself, the operations and the job runner call `worker.submit` or
`worker.call`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parent.parent / "app" / "ui"
ALLOWED = {"worker.py", "operations.py", "jobs.py"}
SCREENS = sorted(p.name for p in UI.glob("*.py") if p.name not in ALLOWED)


def direct_calls(source: str) -> list[int]:
    """Lines calling `<…>worker.submit(…)` or `<…>worker.call(…)`: the receiver is named worker,
    as an attribute (self.worker, self.page.worker) or a plain name."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        if node.func.attr not in ("submit", "call"):
            continue
        receiver = node.func.value
        name = receiver.attr if isinstance(receiver, ast.Attribute) else None
        if isinstance(receiver, ast.Name):
            name = receiver.id
        if name == "worker":
            found.append(node.lineno)
    return found


@pytest.mark.parametrize("name", SCREENS)
def test_no_screen_calls_the_worker_directly(name: str) -> None:
    calls = direct_calls((UI / name).read_text(encoding="utf-8"))
    assert calls == [], f"{name}: worker.submit/call at lines {calls}; use app/ui/operations.py"


def test_the_check_finds_what_it_looks_for() -> None:
    assert direct_calls("self.worker.submit(run, done)\n") == [1]
    assert direct_calls("x = 1\nworker.call(lambda: 1)\n") == [2]
    assert direct_calls("self.page.worker.submit(run)\n") == [1]
    assert direct_calls("QueryOp(self, self.worker, run, done).run_in_background()\n") == []
    assert direct_calls("self.pool.submit(run)\nself.worker.jobs.start(job)\n") == []


def test_the_allowed_modules_exist() -> None:
    assert all((UI / name).exists() for name in ALLOWED)
