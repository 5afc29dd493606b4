"""The architecture as tests: no module imports itself back through others, and every
transaction type is defined once, in the registry."""

from __future__ import annotations

import sys

import grimp

from app.core.ledger.txtypes import TxType
from app.core.node import registry
from app.sync import delta, intake


def _cycles(package: str) -> list[list[str]]:
    """Strongly connected groups of modules (Tarjan), type-only imports included: a cycle is
    real to a reader even when Python does not trip on it."""
    graph = grimp.build_graph(package)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in edges[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                top = stack.pop()
                group.append(top)
                if top == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for module in sorted(edges):
        if module not in index:
            visit(module)
    return found


def test_no_module_imports_itself_back() -> None:
    assert _cycles("app") == []


def test_every_transaction_type_is_defined_once_in_the_registry() -> None:
    assert [spec.type for spec in registry.SPECS] == sorted(TxType)
    assert delta.GOVERNANCE == registry.GOVERNANCE  # what travels first comes from there
    assert intake.NEWS == registry.NEWS
    assert TxType.ATTEST_REVOKE in registry.GOVERNANCE  # a revocation must outrun the forgery
