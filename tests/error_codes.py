"""Every error code the application can raise, found by reading its source with `ast`.

A code is raised by:
- an ObambuError subclass's `code = "..."` when the class is raised without a code of its own,
- `code="..."` given to an error class (LinkError("...", code="port_busy")),
- the first argument of Rejected, ProvisionError and the factories hint() and relay_error().

A code computed at run time (a variable, an f-string) must be listed in DYNAMIC with how to
enumerate its values; an unlisted one is reported, so that no new code slips past the check.
The command line's own modules (app/cli*.py) may raise the bare ObambuError: their English
sentence is printed to a terminal and never reaches a screen.

Reading the whole of app/ takes some 40 MB that Python keeps once freed; `collected()` does it
in a process of its own, so that the test process stays as small as the memory bounds of other
tests (test_hostile_files.py measures its children, which start as copies of it) expect.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"
BASE = "ObambuError"
CODE_FIRST = {"Rejected", "ProvisionError", "hint", "relay_error", "BackupError", "_breach"}
# factories that give values of their own: sittings._breach quotes a council.Breach
GIVEN_BY_FACTORY = {"_breach": {"article", "detail"}}


Trees = list[tuple[str, ast.Module]]


# --- the values of computed codes, read from the source too (so that moving a module into a
# package changes nothing here: files are named by their base name, tables by their name) -----


def _table(trees: Trees, name: str) -> ast.expr:
    """The literal assigned to the module-level `name`, wherever it is defined."""
    for _, tree in trees:
        for node in tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else []
            if isinstance(node, ast.AnnAssign):
                targets = [node.target]
            if any(_name(t) == name for t in targets) and node.value is not None:
                return node.value
    raise LookupError(f"no module-level {name} in app/")


def _strings(nodes: list[ast.expr | None]) -> set[str]:
    return {n.value for n in nodes if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def _keys(name: str) -> Callable[[Trees], set[str]]:
    def codes(trees: Trees) -> set[str]:
        table = _table(trees, name)
        assert isinstance(table, ast.Dict), name
        return _strings(list(table.keys))

    return codes


def _values(*names: str, extra: str = "") -> Callable[[Trees], set[str]]:
    def codes(trees: Trees) -> set[str]:
        found = {extra} - {""}
        for name in names:
            table = _table(trees, name)
            if isinstance(table, ast.Dict):
                found |= _strings(list(table.values))
            else:  # PATTERNS: a list of (pattern, code)
                assert isinstance(table, ast.List), name
                found |= _strings([t.elts[-1] for t in table.elts if isinstance(t, ast.Tuple)])
        return found

    return codes


def _enum(name: str, member: str | None = None) -> Callable[[Trees], set[str]]:
    """The values of the members of class `name` (an enum), or of one of them."""

    def codes(trees: Trees) -> set[str]:
        for _, tree in trees:
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name == name:
                    return _strings(
                        [
                            s.value
                            for s in node.body
                            if isinstance(s, ast.Assign)
                            and (member is None or _name(s.targets[0]) == member)
                        ]
                    )
        raise LookupError(name)

    return codes


def _unknown_rows(trees: Trees) -> set[str]:
    """checks.row_in_view(…, what) raises unknown_<what>: the `what` of each call."""
    return {
        f"unknown_{call.args[-1].value}"
        for _, tree in trees
        for call in ast.walk(tree)
        if isinstance(call, ast.Call)
        and _name(call.func) == "row_in_view"
        and isinstance(call.args[-1], ast.Constant)
    }


def _none(trees: Trees) -> set[str]:
    return set()


_RELAY_REPLIES = _values("_PUT_ERRORS", "_SET_ERRORS", "_ERROR_CODES", extra="relay_bad_reply")

# (file's base name, expression giving the code) -> its possible values
DYNAMIC: dict[tuple[str, str], Callable[[Trees], set[str]]] = {
    ("relay.py", "code"): _keys("_SENTENCES"),  # relay_error(code)
    ("relay.py", "_PUT_ERRORS[reply[16]]"): _RELAY_REPLIES,
    ("relay.py", "_SET_ERRORS.get(reply[0], 'relay_bad_reply')"): _RELAY_REPLIES,
    ("relay.py", "_ERROR_CODES.get(reply[1], 'relay_bad_reply')"): _RELAY_REPLIES,
    ("hints.py", "code"): _keys("SENTENCES"),  # hint(code, …)
    ("hints.py", "ERRNO_CODES[number]"): _values("ERRNO_CODES"),
    ("hints.py", "matched"): _values("PATTERNS"),
    ("backup.py", "reason.value"): _enum("BackupProblem"),
    **{
        ("backup.py", f"BackupProblem.{member}"): _enum("BackupProblem", member)
        for member in (
            "NOT_A_BACKUP",
            "TRUNCATED",
            "CORRUPTED",
            "UNSUPPORTED_VERSION",
            "WRONG_PASSPHRASE",
        )
    },
    ("checks.py", "f'unknown_{what}'"): _unknown_rows,
    # A refusal the ledger recorded, shown again in the export summary: codes raised elsewhere.
    ("syncstation.py", "dropped['code']"): _none,
    # sittings._breach(code, breach): its callers name the code.
    ("sittings.py", "code"): _none,
}


@dataclass
class Codes:
    raised: dict[str, set[str]] = field(default_factory=dict)  # code -> where (file:line)
    bare: list[str] = field(default_factory=list)  # an ObambuError raised without any code
    unresolved: list[str] = field(default_factory=list)  # a computed code not in DYNAMIC
    # code -> the names of the values each raise site gives (params={...} or keywords); None
    # for a factory that passes on its own **params, whose callers are checked instead
    params: dict[str, list[set[str] | None]] = field(default_factory=dict)

    def add(self, code: str, where: str, params: set[str] | None) -> None:
        self.raised.setdefault(code, set()).add(where)
        self.params.setdefault(code, []).append(params)


NOT_PARAMS = {"code", "detail", "params", "index"}


def _params(call: ast.Call) -> set[str] | None:
    """The value names a raise site gives: a params={...} literal's keys, or keywords."""
    if any(k.arg is None for k in call.keywords):
        return None  # **params: what the callers give
    names = {k.arg for k in call.keywords if k.arg and k.arg not in NOT_PARAMS}
    names |= GIVEN_BY_FACTORY.get(_name(call.func) or "", set())
    for keyword in call.keywords:
        if keyword.arg == "params" and isinstance(keyword.value, ast.Dict):
            names |= {k.value for k in keyword.value.keys if isinstance(k, ast.Constant)}
    return names


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _sources() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(APP.rglob("*.py")):
        yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def _classes(
    trees: list[tuple[str, ast.Module]],
) -> tuple[set[str], dict[str, str], dict[str, list[str]]]:
    """The error classes, the code each declares, and their bases (by name)."""
    bases: dict[str, list[str]] = {}
    declared: dict[str, str] = {}
    for _, tree in trees:
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            bases[node.name] = [n for n in map(_name, node.bases) if n]
            for statement in node.body:
                if (
                    isinstance(statement, ast.Assign)
                    and any(_name(t) == "code" for t in statement.targets)
                    and isinstance(statement.value, ast.Constant)
                ):
                    declared[node.name] = statement.value.value

    def is_error(name: str, seen: frozenset[str] = frozenset()) -> bool:
        return name == BASE or any(
            is_error(b, seen | {name}) for b in bases.get(name, []) if b not in seen
        )

    return {name for name in bases if is_error(name)}, declared, bases


def collect() -> Codes:
    trees = list(_sources())
    errors, declared, bases = _classes(trees)

    def inherited(name: str) -> str | None:
        while name not in declared:
            parents = [b for b in bases.get(name, []) if b in errors]
            if not parents:
                return None
            name = parents[0]
        return declared[name]

    found = Codes()
    for path, tree in trees:
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call):
                continue
            name = _name(call.func)
            if name not in errors and name not in CODE_FIRST:
                continue
            where = f"{path}:{call.lineno}"
            given = {k.arg: k.value for k in call.keywords}.get("code")
            if given is None and name in CODE_FIRST and call.args:
                given = call.args[0]
            if given is None:
                code = inherited(name) if name in errors else None
                if code is None or code == "error":
                    if not path.startswith("app/cli"):
                        found.bare.append(f"{where} {name}")
                    continue
                found.add(code, where, _params(call))
            elif isinstance(given, ast.Constant) and isinstance(given.value, str):
                found.add(given.value, where, _params(call))
            elif isinstance(given, ast.IfExp) and all(
                isinstance(b, ast.Constant) for b in (given.body, given.orelse)
            ):  # "flash_interrupted" if touched else "cancelled"
                for branch in (given.body, given.orelse):
                    found.add(str(getattr(branch, "value", "")), where, _params(call))
            elif (Path(path).name, ast.unparse(given)) in DYNAMIC:
                for code in DYNAMIC[(Path(path).name, ast.unparse(given))](trees):
                    found.add(code, where, _params(call))
            else:
                found.unresolved.append(f"{where} {ast.unparse(given)}")
    return found


def collected() -> Codes:
    """`collect()`, run in a separate Python process."""
    ran = subprocess.run(
        [sys.executable, "-m", "tests.error_codes"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(ran.stdout)
    return Codes(
        raised={code: set(where) for code, where in data["raised"].items()},
        bare=data["bare"],
        unresolved=data["unresolved"],
        params={
            code: [None if given is None else set(given) for given in sites]
            for code, sites in data["params"].items()
        },
    )


if __name__ == "__main__":
    found = collect()
    json.dump(
        {
            "raised": {code: sorted(where) for code, where in found.raised.items()},
            "bare": found.bare,
            "unresolved": found.unresolved,
            "params": {
                code: [None if given is None else sorted(given) for given in sites]
                for code, sites in found.params.items()
            },
        },
        sys.stdout,
    )
