"""Named placeholders for the screens: a codemod, safe to run again.

It rewrites

    text = self.tr("Sent %1 of %2.")
    show(label, text.replace("%1", str(moved.sent)).replace("%2", str(total)))

into

    text = self.tr("Sent {sent} of {total}.")
    show(label, fill(text, sent=str(moved.sent), total=str(total)))

(`fill` is app/ui/plain.py's) and rewrites the same source strings, and their translations, in
the Qt Linguist files (`<source>`, `<translation>`, `<numerusform>`: %1 becomes {sent}), so no
translation is lost. Each name comes from the value's expression (a variable, an attribute, a
dictionary key), or is `value` when the expression says nothing. `%n` stays: Qt needs it for
plural forms.

    python tools/named_placeholders.py app/ui/verifier.py app/ui/attest_verify.py
    python tools/named_placeholders.py --dry-run app/ui/*.py    # says what it would do

Give it every file at once: a source string (with its context, the class) is rewritten only
when every place that fills it was understood, in all the files given. What it does not
understand it leaves as it is and lists, with the reason, for a person to finish: a `tr()`
result handed on before its placeholders are filled, a name bound in other ways, a chain that
fills some placeholders of a sentence and not others. A file it has rewritten has no `%1` chains
left, so a second run changes nothing.
"""

from __future__ import annotations

import argparse
import itertools
import keyword
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor
from libcst.metadata import (
    ExpressionContext,
    ExpressionContextProvider,
    MetadataWrapper,
    ParentNodeProvider,
    PositionProvider,
)

ROOT = Path(__file__).resolve().parent.parent
TS_FILES = (ROOT / "app/ui/i18n/obambu_fr.ts", ROOT / "app/ui/i18n/obambu_en.ts")
HELPER_MODULE = "app.ui.plain"
HELPER = "fill"
NUMBERED = re.compile(r"%(\d+)")  # Qt's %1 … %99; %n (plurals) is not one of them
NAMED = re.compile(r"\{[a-z_]+\}")  # what `fill` replaces: app/ui/plain.py's PLACEHOLDER
LINE = 100  # the project's line length (pyproject.toml, ruff)
# words that name a relation rather than a thing: `kit.by` is better called kit_by
_RELATIONS = {"by", "to", "of", "at", "in", "on", "from", "for", "new", "old", "now", "value"}


@dataclass(frozen=True, order=True)
class Key:
    """One translatable sentence as Qt Linguist knows it."""

    context: str
    source: str
    comment: str = ""

    @property
    def numbers(self) -> frozenset[str]:
        return frozenset(NUMBERED.findall(self.source))


@dataclass
class Site:
    """One chain of `.replace("%k", value)` calls on a sentence."""

    path: Path
    line: int
    outer: cst.Call | cst.For  # the chain's last .replace call, or the loop of .replace
    base: cst.BaseExpression  # what the chain starts from
    steps: list[tuple[str, cst.BaseExpression]]  # (k, value), in the chain's order
    keys: frozenset[Key] | None  # the sentences that may reach `base`; None: not known


@dataclass
class Occurrence:
    path: Path
    line: int
    key: Key
    strings: list[cst.SimpleString]  # the literal's parts, rewritten in place
    understood: bool


@dataclass
class FileScan:
    path: Path
    wrapper: MetadataWrapper
    sites: list[Site] = field(default_factory=list)
    occurrences: list[Occurrence] = field(default_factory=list)
    helper_taken: bool = False  # `fill` means something else here


@dataclass
class Plan:
    names: dict[Key, dict[str, str]]  # for each sentence rewritten: k → name
    live: list[Site]
    skipped: list[str]  # why a chain or a sentence was left as it was


# --- reading ------------------------------------------------------------------------------


def _string(node: cst.BaseExpression) -> tuple[str, list[cst.SimpleString]] | None:
    """A literal's text and its parts, or None when it is not a plain literal."""
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return (value, [node]) if isinstance(value, str) else None
    if isinstance(node, cst.ConcatenatedString):
        left, right = _string(node.left), _string(node.right)
        if left is None or right is None:
            return None
        return left[0] + right[0], left[1] + right[1]
    return None


def _positional(call: cst.Call) -> list[cst.BaseExpression]:
    return [a.value for a in call.args if a.keyword is None and not a.star]


def _numbered_step(call: cst.Call) -> tuple[cst.BaseExpression, str, cst.BaseExpression] | None:
    """(receiver, k, value) when `call` is `receiver.replace("%k", value)`."""
    func = call.func
    args = call.args
    if not (isinstance(func, cst.Attribute) and func.attr.value == "replace" and len(args) == 2):
        return None
    if any(a.keyword is not None or a.star for a in args):
        return None
    found = _string(args[0].value)
    if found is None or not NUMBERED.fullmatch(found[0]):
        return None
    return func.value, found[0][1:], args[1].value


class _Scanner(cst.CSTVisitor):
    """Finds, per function, the sentences with numbered placeholders, the names bound to them
    and the chains that fill them."""

    METADATA_DEPENDENCIES = (PositionProvider, ExpressionContextProvider, ParentNodeProvider)

    def __init__(self, scan: FileScan) -> None:
        self.scan = scan
        self.classes: list[str] = []
        self.functions: list[_Function] = []

    def parent(self, node: cst.CSTNode) -> cst.CSTNode:
        return self.get_metadata(ParentNodeProvider, node)

    def ancestors(self, node: cst.CSTNode) -> set[int]:
        found: set[int] = set()
        while True:
            try:
                node = self.parent(node)
            except KeyError:
                return found
            found.add(id(node))

    def placed(self, name: cst.Name) -> tuple[tuple[int, int], cst.CSTNode]:
        """Where a binding of `name` takes effect: the end of its simple statement (or the name
        itself, in a `for` or `with` header), and the block holding its statement."""
        end = self.get_metadata(PositionProvider, name).end
        node: cst.CSTNode = name
        small_found = False
        while True:
            parent = self.parent(node)
            if isinstance(node, cst.BaseSmallStatement) and not small_found:
                end, small_found = self.get_metadata(PositionProvider, node).end, True
            if isinstance(parent, cst.IndentedBlock | cst.Module | cst.SimpleStatementSuite):
                return (end.line, end.column), parent
            node = parent

    def _line(self, node: cst.CSTNode) -> int:
        return self.get_metadata(PositionProvider, node).start.line

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.classes.append(node.name.value)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.classes.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        function = _Function(self)
        for param in _params(node.params):
            function.opaque.add(param)
        self.functions.append(function)
        if node.name.value == HELPER:
            self.scan.helper_taken = True

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        function = self.functions.pop()
        function.resolve(self.scan)

    def visit_Lambda(self, node: cst.Lambda) -> None:
        if self.functions:
            self.functions[-1].opaque.update(_params(node.params))

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if isinstance(node.names, cst.ImportStar):
            return
        module = cst.helpers.get_full_name_for_node(node.module) if node.module else ""
        for alias in node.names:
            bound = alias.evaluated_alias or alias.evaluated_name
            if bound == HELPER and (module != HELPER_MODULE or alias.evaluated_name != HELPER):
                self.scan.helper_taken = True

    def visit_Name(self, node: cst.Name) -> None:
        try:
            context = self.get_metadata(ExpressionContextProvider, node)
        except KeyError:
            return
        if context in (ExpressionContext.STORE, ExpressionContext.DEL):
            if node.value == HELPER:
                self.scan.helper_taken = True
            if self.functions:
                self.functions[-1].stored.append(node)

    def visit_Assign(self, node: cst.Assign) -> None:
        if self.functions and len(node.targets) == 1:
            target = node.targets[0].target
            if isinstance(target, cst.Name):
                self.functions[-1].bind(target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if self.functions and isinstance(node.target, cst.Name) and node.value is not None:
            self.functions[-1].bind(node.target, node.value)

    def visit_For(self, node: cst.For) -> None:
        if self.functions:
            loop = _loop(node)
            if loop is not None:
                self.functions[-1].loops.append((node, *loop, self._line(node)))

    def visit_Call(self, node: cst.Call) -> None:
        key = self._sentence(node)
        if key is not None:
            literal = _positional(node)[1 if _is_translate(node) else 0]
            found = _string(literal)
            assert found is not None
            occurrence = Occurrence(self.scan.path, self._line(node), key, found[1], False)
            if self.functions:
                self.functions[-1].occurrences.append((node, occurrence))
            self.scan.occurrences.append(occurrence)
        if self.functions and key is None and self._plain(node):
            self.functions[-1].plain.add(id(node))
        step = _numbered_step(node)
        if step is not None and self.functions:
            self.functions[-1].calls.append((node, self._line(node)))

    def _plain(self, call: cst.Call) -> bool:
        """A tr() of a literal without placeholders: nothing to fill."""
        args = _positional(call)
        if isinstance(call.func, cst.Attribute) and call.func.attr.value == "tr" and args:
            found = _string(args[0])
            return found is not None and not NUMBERED.search(found[0])
        return False

    def _sentence(self, call: cst.Call) -> Key | None:
        """The sentence `call` translates, if it is a tr() or translate() of a literal with
        numbered placeholders."""
        args = _positional(call)
        if _is_translate(call):
            if len(args) < 2 or (context := _string(args[0])) is None:
                return None
            context_name, rest = context[0], args[1:]
        elif isinstance(call.func, cst.Attribute) and call.func.attr.value == "tr":
            if not self.classes or not args:
                return None
            context_name, rest = self.classes[-1], args
        else:
            return None
        source = _string(rest[0])
        if source is None or not NUMBERED.search(source[0]):
            return None
        comment = _string(rest[1]) if len(rest) > 1 else ("", [])
        if comment is None:
            return None
        return Key(context_name, source[0], comment[0])


def _loop(node: cst.For) -> tuple[cst.Name, list[tuple[str, cst.BaseExpression]]] | None:
    """(text, steps) when `node` is

        for mark, value in (("%1", a), ("%2", b)):
            text = text.replace(mark, str(value))

    which fills `text` as `fill(text, …=str(a), …=str(b))` would."""
    target, pairs = node.target, node.iter
    if not (
        isinstance(target, cst.Tuple)
        and len(target.elements) == 2
        and all(isinstance(e.value, cst.Name) for e in target.elements)
        and isinstance(pairs, cst.Tuple | cst.List)
        and node.orelse is None
        and isinstance(node.body, cst.IndentedBlock)
        and len(node.body.body) == 1
        and isinstance(line := node.body.body[0], cst.SimpleStatementLine)
        and len(line.body) == 1
        and isinstance(assign := line.body[0], cst.Assign)
        and len(assign.targets) == 1
        and isinstance(text := assign.targets[0].target, cst.Name)
        and isinstance(call := assign.value, cst.Call)
        and isinstance(call.func, cst.Attribute)
        and call.func.attr.value == "replace"
        and isinstance(receiver := call.func.value, cst.Name)
        and receiver.value == text.value
        and len(call.args) == 2
        and isinstance(call.args[0].value, cst.Name)
    ):
        return None
    mark, value = (e.value.value for e in target.elements)  # type: ignore[attr-defined]
    if call.args[0].value.value != mark or mark == value:
        return None
    steps = []
    for element in pairs.elements:
        pair = element.value
        if not (isinstance(pair, cst.Tuple) and len(pair.elements) == 2):
            return None
        number = _string(pair.elements[0].value)
        if number is None or not NUMBERED.fullmatch(number[0]):
            return None
        given = _Substitute(value, pair.elements[1].value)
        steps.append((number[0][1:], call.args[1].value.visit(given)))
    return receiver, steps  # type: ignore[return-value]


class _Substitute(cst.CSTTransformer):
    """The loop's value expression for one pair: the loop variable replaced by the pair's."""

    def __init__(self, name: str, value: cst.BaseExpression) -> None:
        self.name, self.value = name, value

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        return self.value.deep_clone() if updated_node.value == self.name else updated_node

    def leave_Attribute(
        self, original_node: cst.Attribute, updated_node: cst.Attribute
    ) -> cst.BaseExpression:
        return updated_node.with_changes(attr=original_node.attr)  # x.value is not the variable

    def leave_Arg(self, original_node: cst.Arg, updated_node: cst.Arg) -> cst.Arg:
        return updated_node.with_changes(keyword=original_node.keyword)  # nor is f(value=…)


def _is_translate(call: cst.Call) -> bool:
    return isinstance(call.func, cst.Attribute) and call.func.attr.value == "translate"


def _branches(node: cst.BaseExpression) -> Iterator[cst.BaseExpression]:
    """`node`, or each value it may take when it is `a if … else b`."""
    if isinstance(node, cst.IfExp):
        yield from _branches(node.body)
        yield from _branches(node.orelse)
    else:
        yield node


def _params(params: cst.Parameters) -> Iterator[str]:
    for param in (*params.posonly_params, *params.params, *params.kwonly_params):
        yield param.name.value
    for star in (params.star_arg, params.star_kwarg):
        if isinstance(star, cst.Param):
            yield star.name.value


@dataclass
class _Binding:
    """`name = value`, as a statement that ends at `end`, in the block `block`."""

    name: str
    value: cst.BaseExpression | None  # None: not followed
    end: tuple[int, int]
    block: int  # id of the suite holding the statement


class _Function:
    """What one function does with sentences: its names, its chains, its tr() calls."""

    def __init__(self, scanner: _Scanner) -> None:
        self.scanner = scanner
        self.bindings: dict[str, list[_Binding]] = defaultdict(list)
        self.bound: set[int] = set()  # id of the Name nodes that are plain `name = value`
        self.stored: list[cst.Name] = []
        self.opaque: set[str] = set()
        self.occurrences: list[tuple[cst.Call, Occurrence]] = []
        self.plain: set[int] = set()  # tr() calls of a sentence without placeholders
        self.calls: list[tuple[cst.Call, int]] = []  # every .replace("%k", …) call, its line
        self.loops: list[tuple[cst.For, cst.Name, list[tuple[str, cst.BaseExpression]], int]] = []

    def bind(self, target: cst.Name, value: cst.BaseExpression | None) -> None:
        """`target` gets `value` (None: a value not followed, from a loop, +=, a with…)."""
        end, block = self.scanner.placed(target)
        self.bindings[target.value].append(_Binding(target.value, value, end, id(block)))
        self.bound.add(id(target))

    def resolve(self, scan: FileScan) -> None:
        for name in self.stored:  # bound by a loop, a with, +=, unpacking…: not followed
            if id(name) not in self.bound:
                self.bind(name, None)
        receivers = {
            id(branch)
            for call, _ in self.calls
            for branch in _branches(_numbered_step(call)[0])  # type: ignore[index]
        }
        for call, line in self.calls:
            if id(call) in receivers:
                continue  # not the last of its chain
            steps: list[tuple[str, cst.BaseExpression]] = []
            base: cst.BaseExpression = call
            while isinstance(base, cst.Call) and (step := _numbered_step(base)) is not None:
                steps.append((step[1], step[2]))
                base = step[0]
            steps.reverse()
            scan.sites.append(Site(scan.path, line, call, base, steps, self.keys(base)))
        for loop, name, steps, line in self.loops:
            scan.sites.append(Site(scan.path, line, loop, name, steps, self.keys(name)))
        held = {
            id(branch): b.name
            for bindings in self.bindings.values()
            for b in bindings
            if b.value is not None
            for branch in _branches(b.value)
        }
        for call, occurrence in self.occurrences:
            # understood: the start of a chain, or the value of a name the function follows
            occurrence.understood = id(call) in receivers or (
                id(call) in held and held[id(call)] not in self.opaque
            )

    def keys(self, node: cst.BaseExpression) -> frozenset[Key] | None:
        """The sentences `node` may hold; None when it may hold something else."""
        if isinstance(node, cst.Call):
            step = _numbered_step(node)
            if step is not None:
                return self.keys(step[0])
            if id(node) in self.plain:
                return frozenset()
            for key_call, occurrence in self.occurrences:
                if key_call is node:
                    return frozenset({occurrence.key})
            return None
        if isinstance(node, cst.IfExp):
            body, orelse = self.keys(node.body), self.keys(node.orelse)
            return None if body is None or orelse is None else body | orelse
        if isinstance(node, cst.Name):
            reaching = self._reaching(node)
            if not reaching:
                return None
            found: frozenset[Key] = frozenset()
            for binding in reaching:
                if binding.value is None:
                    return None
                more = self.keys(binding.value)
                if more is None:
                    return None
                found |= more
            return found
        return None

    def _reaching(self, use: cst.Name) -> list[_Binding]:
        """The bindings of `use`'s name that may give it its value: walking back from the use,
        each one met, until one in a block that holds the use (it always runs before the use).
        Loops are not followed round: a name rebound later in a loop body is not seen."""
        if use.value in self.opaque:
            return []
        start = self.scanner.get_metadata(PositionProvider, use).start
        at = (start.line, start.column)
        around = self.scanner.ancestors(use)
        reaching = []
        for binding in sorted(self.bindings[use.value], key=lambda b: b.end, reverse=True):
            if binding.end > at:
                continue
            reaching.append(binding)
            if binding.block in around:
                break
        return reaching  # no binding before on some path: no other sentence either


# --- deciding -----------------------------------------------------------------------------


def name_of(node: cst.BaseExpression) -> str | None:
    """A placeholder name read from a value's expression, or None."""
    if isinstance(node, cst.Name):
        return _identifier(node.value)
    if isinstance(node, cst.Attribute):
        attr = _identifier(node.attr.value)
        if attr in _RELATIONS:
            owner = name_of(node.value)
            return f"{owner}_{attr}" if owner and owner != "self" else attr
        return attr
    if isinstance(node, cst.Subscript):
        if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
            found = _string(node.slice[0].slice.value)
            if found is not None:
                return _identifier(found[0])
        return name_of(node.value)
    if isinstance(node, cst.Call):
        return _call_name(node)
    if isinstance(node, cst.BooleanOperation | cst.BinaryOperation):
        return name_of(node.left)
    if isinstance(node, cst.IfExp):
        return name_of(node.body)
    if isinstance(node, cst.FormattedString):
        for part in node.parts:
            if isinstance(part, cst.FormattedStringExpression):
                return name_of(part.expression)
    return None


def _call_name(call: cst.Call) -> str | None:
    func = call.func
    called = (
        func.attr.value
        if isinstance(func, cst.Attribute)
        else func.value
        if isinstance(func, cst.Name)
        else None
    )
    args = _positional(call)
    if called == "get" and args:
        literal = _string(args[0])
        return _identifier(literal[0]) if literal is not None else name_of(args[0])
    if called == "len" and args:
        inner = name_of(args[0])
        return f"{inner}_count" if inner else None
    if called in ("map", "filter", "sorted") and len(args) >= 2:
        return name_of(args[1])
    for arg in args:  # str(x), line(x), ", ".join(x), max(1, x): the first thing with a name
        found = name_of(arg)
        if found:
            return found
    return _identifier(called) if called and not args else None


def _identifier(text: str) -> str | None:
    """snake_case, letters and underscores only (what `fill` reads), never a keyword."""
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", "_", text).lower()
    name = re.sub(r"_+", "_", re.sub(r"[^a-z_]", "_", words)).strip("_")
    if not name or name == "self":
        return None
    return f"{name}_" if keyword.iskeyword(name) else name


class _Slots:
    """(sentence, k) pairs that must share a name because one chain fills them together."""

    def __init__(self) -> None:
        self.parent: dict[tuple[Key, str], tuple[Key, str]] = {}

    def find(self, slot: tuple[Key, str]) -> tuple[Key, str]:
        self.parent.setdefault(slot, slot)
        while self.parent[slot] != slot:
            self.parent[slot] = self.parent[self.parent[slot]]
            slot = self.parent[slot]
        return slot

    def join(self, a: tuple[Key, str], b: tuple[Key, str]) -> None:
        self.parent[self.find(a)] = self.find(b)


def plan(scans: Sequence[FileScan]) -> Plan:
    sites = [s for scan in scans for s in scan.sites]
    occurrences = [o for scan in scans for o in scan.occurrences]
    skipped: list[str] = []
    unsafe: dict[Key, str] = {}

    def refuse(key: Key, why: str) -> None:
        unsafe.setdefault(key, why)

    for o in occurrences:
        if not o.understood:
            refuse(o.key, f"{o.path}:{o.line}: the sentence is used before it is filled")
        if NAMED.search(o.key.source):
            refuse(o.key, f"{o.path}:{o.line}: the sentence already holds a {{name}}")
    taken = {scan.path for scan in scans if scan.helper_taken}
    for site in sites:
        where = f"{site.path}:{site.line}"
        if site.keys is None:
            skipped.append(f"{where}: the chain fills something not followed here (left as is)")
            continue
        numbers = [k for k, _ in site.steps]
        if len(set(numbers)) != len(numbers):
            for key in site.keys:
                refuse(key, f"{where}: a placeholder is filled twice")
        if site.path in taken:
            for key in site.keys:
                refuse(key, f"{where}: `{HELPER}` already means something else in this file")
        for k in numbers:
            if not any(k in key.numbers for key in site.keys):
                for key in site.keys:
                    refuse(key, f"{where}: %{k} is in none of the sentences it may fill")
    known = [s for s in sites if s.keys is not None]
    while True:  # a chain on a refused sentence is left as is, so its other sentences must be
        before = len(unsafe)
        live = [s for s in known if s.keys is not None and not (s.keys & unsafe.keys())]
        for site in known:
            if site not in live:
                for key in site.keys or ():
                    refuse(key, f"{site.path}:{site.line}: filled together with a sentence left")
        covered: dict[Key, set[str]] = defaultdict(set)
        for site in live:
            for key in site.keys or ():
                covered[key].update(k for k, _ in site.steps)
        for o in occurrences:
            missing = o.key.numbers - covered[o.key]
            if missing:
                first = "%" + min(missing, key=int)
                refuse(o.key, f"{o.path}:{o.line}: nothing here fills {first}")
        if len(unsafe) == before:
            break
    for key, why in sorted(unsafe.items()):
        skipped.append(f"{why} — left as is: {key.context}: {key.source!r}")
    return Plan(_names(live), live, skipped)


def _names(live: Sequence[Site]) -> dict[Key, dict[str, str]]:
    slots = _Slots()
    wishes: dict[tuple[Key, str], list[str]] = defaultdict(list)
    for site in live:
        for k, value in site.steps:
            holders = [(key, k) for key in sorted(site.keys or ()) if k in key.numbers]
            for slot in holders:
                slots.find(slot)
                wishes[slot].append(name_of(value) or "value")
            for a, b in itertools.pairwise(holders):
                slots.join(a, b)
    groups: dict[tuple[Key, str], list[tuple[Key, str]]] = defaultdict(list)
    for slot in slots.parent:
        groups[slots.find(slot)].append(slot)
    names: dict[Key, dict[str, str]] = defaultdict(dict)
    for members in sorted(groups.values(), key=lambda m: min((s[0], int(s[1])) for s in m)):
        wish = next(w for s in sorted(members) for w in wishes[s])
        name, suffix = wish, ord("b")
        while any(name in names[key].values() for key, _ in members):
            name, suffix = f"{wish}_{chr(suffix)}", suffix + 1
        for key, k in members:
            names[key][k] = name
    return dict(names)


# --- writing ------------------------------------------------------------------------------


def _renamed(text: str, names: dict[str, str]) -> str:
    return NUMBERED.sub(
        lambda m: "{" + names[m.group(1)] + "}" if m.group(1) in names else m.group(0), text
    )


class _Rewriter(cst.CSTTransformer):
    """Renames the placeholders of the sentences decided, and turns their chains into calls of
    the helper."""

    def __init__(self, decided: Plan, scan: FileScan) -> None:
        self.names = decided.names
        self.sites = {id(s.outer): s for s in decided.live if s.path == scan.path}
        self.strings: dict[int, dict[str, str]] = {}
        for o in scan.occurrences:
            if o.key in decided.names:
                for part in o.strings:
                    self.strings[id(part)] = decided.names[o.key]

    def leave_SimpleString(
        self, original_node: cst.SimpleString, updated_node: cst.SimpleString
    ) -> cst.SimpleString:
        names = self.strings.get(id(original_node))
        if names is None:
            return updated_node
        return updated_node.with_changes(value=_renamed(updated_node.value, names))

    def leave_For(
        self, original_node: cst.For, updated_node: cst.For
    ) -> cst.BaseStatement | cst.RemovalSentinel:
        site = self.sites.get(id(original_node))
        if site is None:
            return updated_node
        assert isinstance(site.base, cst.Name)
        text = site.base.value
        values = [value for _, value in site.steps]
        filled = cst.Assign([cst.AssignTarget(cst.Name(text))], self._fill(site, values))
        return cst.SimpleStatementLine([filled], leading_lines=updated_node.leading_lines)

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        site = self.sites.get(id(original_node))
        if site is None:
            return updated_node
        base: cst.BaseExpression = updated_node
        values: list[cst.BaseExpression] = []
        for _ in site.steps:  # down the (already rewritten) chain, to its start
            assert isinstance(base, cst.Call) and isinstance(base.func, cst.Attribute)
            values.append(base.args[1].value)
            base = base.func.value
        values.reverse()
        return self._fill(site, values, base)

    def _fill(
        self, site: Site, values: list[cst.BaseExpression], text: cst.BaseExpression | None = None
    ) -> cst.Call:
        """`fill(text, name=value, …)`, the names in the chain's order."""
        names = self._names(site)
        tight = cst.AssignEqual(
            whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
        )
        args = [cst.Arg(text if text is not None else site.base.deep_clone())] + [
            cst.Arg(value, keyword=cst.Name(names[k]), equal=tight)
            for (k, _), value in zip(site.steps, values, strict=True)
        ]
        return cst.Call(cst.Name(HELPER), args)

    def _names(self, site: Site) -> dict[str, str]:
        """k → name for this chain: the same in every sentence it may fill (see _names)."""
        merged: dict[str, str] = {}
        for key in sorted(site.keys or ()):
            for k, name in self.names.get(key, {}).items():
                merged.setdefault(k, name)
        return merged


class _Wrapper(cst.CSTTransformer):
    """Cuts at a space each part of a tr() sentence that runs past the line's end, since a name
    is longer than %1 (the formatter joins the parts again when they fit)."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self) -> None:
        self.cut = 0

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        if not isinstance(updated_node.func, cst.Attribute):
            return updated_node
        index = {"tr": 0, "translate": 1}.get(updated_node.func.attr.value)
        if index is None or len(updated_node.args) <= index:
            return updated_node
        source = original_node.args[index].value
        parts = list(_parts(source))
        text = _string(source)
        if text is None or not NAMED.search(text[0]):  # not a sentence with names
            return updated_node
        pieces: list[cst.SimpleString] = []
        most = LINE
        for part in parts:
            where = self.get_metadata(PositionProvider, part)
            if where.end.column > LINE:
                most = min(most, LINE - where.start.column - 2)
                pieces.extend(_cut(part, most))
            else:
                pieces.append(part)
        if len(pieces) == len(parts):
            return updated_node
        self.cut += 1
        pieces = _rejoined(pieces, most)
        joined: cst.BaseExpression = pieces[-1]
        for piece in reversed(pieces[:-1]):
            joined = cst.ConcatenatedString(piece, joined)  # type: ignore[arg-type]
        args = list(updated_node.args)
        args[index] = args[index].with_changes(value=joined)
        return updated_node.with_changes(args=args)


def _parts(node: cst.BaseExpression) -> Iterator[cst.SimpleString]:
    if isinstance(node, cst.ConcatenatedString):
        yield from _parts(node.left)
        yield from _parts(node.right)
    elif isinstance(node, cst.SimpleString):
        yield node


def _cut(part: cst.SimpleString, most: int) -> list[cst.SimpleString]:
    """A literal as pieces of at most `most` characters, quotes included, each ending with a
    space (a word longer than that stays whole)."""
    quote = part.prefix + part.quote
    pieces, piece = [], ""
    for word in re.split(r"(?<= )", part.raw_value):
        if piece and len(quote) + len(piece) + len(word) + len(part.quote) > most:
            pieces.append(piece)
            piece = ""
        piece += word
    pieces.append(piece)
    return [cst.SimpleString(quote + p + part.quote) for p in pieces]


def _rejoined(pieces: list[cst.SimpleString], most: int) -> list[cst.SimpleString]:
    """Neighbouring pieces put together again while they fit in `most` characters."""
    joined = [pieces[0]]
    for piece in pieces[1:]:
        last = joined[-1]
        same = (last.prefix, last.quote) == (piece.prefix, piece.quote)
        text = last.raw_value + piece.raw_value
        if same and len(last.prefix) + 2 * len(last.quote) + len(text) <= most:
            joined[-1] = cst.SimpleString(last.prefix + last.quote + text + last.quote)
        else:
            joined.append(piece)
    return joined


def wrap_long(path: Path) -> int:
    """Cuts the too-long sentences of `path` once; how many it cut."""
    wrapper = MetadataWrapper(cst.parse_module(path.read_text(encoding="utf-8")))
    cutter = _Wrapper()
    module = wrapper.visit(cutter)
    if cutter.cut:
        path.write_text(module.code, encoding="utf-8")
    return cutter.cut


def rewrite(scan: FileScan, decided: Plan) -> str | None:
    """The file's new text, or None when nothing in it changes."""
    own = any(s.path == scan.path for s in decided.live)
    if not own and not any(o.key in decided.names for o in scan.occurrences):
        return None
    module = scan.wrapper.module.visit(_Rewriter(decided, scan))
    if own:
        context = CodemodContext()
        AddImportsVisitor.add_needed_import(context, HELPER_MODULE, HELPER)
        module = AddImportsVisitor(context).transform_module(module)
    return module.code


_MESSAGE = re.compile(r"(<message\b[^>]*>)(.*?)(</message>)", re.DOTALL)
_CONTEXT = re.compile(r"<context>\s*<name>(.*?)</name>(.*?)</context>", re.DOTALL)
_TEXTS = re.compile(r"(<(source|numerusform|translation)\b[^>]*>)([^<]*)(</\2>)")


def _unescape(text: str) -> str:
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'")):
        text = text.replace(entity, char)
    return text.replace("&amp;", "&")


def rewrite_ts(text: str, names: dict[Key, dict[str, str]]) -> tuple[str, int]:
    """The .ts text with each rewritten sentence's source and translations renamed too."""
    count = 0

    def message(match: re.Match[str], context: str) -> str:
        nonlocal count
        body = match.group(2)
        source = re.search(r"<source>(.*?)</source>", body, re.DOTALL)
        comment = re.search(r"<comment>(.*?)</comment>", body, re.DOTALL)
        if source is None:
            return match.group(0)
        key = Key(
            context, _unescape(source.group(1)), _unescape(comment.group(1)) if comment else ""
        )
        wanted = names.get(key)
        if wanted is None:
            return match.group(0)
        count += 1
        body = _TEXTS.sub(lambda t: t.group(1) + _renamed(t.group(3), wanted) + t.group(4), body)
        return match.group(1) + body + match.group(3)

    def context(match: re.Match[str]) -> str:
        name = _unescape(match.group(1))
        return _MESSAGE.sub(lambda m: message(m, name), match.group(0))

    return _CONTEXT.sub(context, text), count


# --- the command --------------------------------------------------------------------------


def scan_file(path: Path) -> FileScan:
    wrapper = MetadataWrapper(
        cst.parse_module(path.read_text(encoding="utf-8")), unsafe_skip_copy=True
    )
    scan = FileScan(path, wrapper)
    wrapper.visit(_Scanner(scan))
    return scan


def run(paths: Iterable[Path], ts_files: Iterable[Path], *, dry_run: bool = False) -> list[str]:
    """Rewrites the files and the .ts; returns the report's lines."""
    scans = [scan_file(p) for p in paths]
    decided = plan(scans)
    report: list[str] = []
    changed: list[Path] = []
    for scan in scans:
        new = rewrite(scan, decided)
        if new is not None and new != scan.path.read_text(encoding="utf-8"):
            changed.append(scan.path)
            if not dry_run:
                scan.path.write_text(new, encoding="utf-8")
    sites = len(decided.live)
    report.append(
        f"{sites} chain(s) in {len(changed)} file(s) rewritten, "
        f"{len(decided.names)} sentence(s) given named placeholders"
    )
    for ts in ts_files:
        if not ts.exists():
            continue
        text = ts.read_text(encoding="utf-8")
        new_text, count = rewrite_ts(text, decided.names)
        report.append(f"{ts}: {count} message(s) rewritten")
        if new_text != text and not dry_run:
            ts.write_text(new_text, encoding="utf-8")
    report.extend(decided.skipped)
    if changed and not dry_run:
        report.extend(_format(changed))
    return report


def _format(paths: Sequence[Path]) -> list[str]:
    """ruff format, the project's formatter, on the files rewritten (if ruff is at hand); then
    the lines still too long, to wrap by hand."""
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(ruff).exists():
        return ["ruff not found: format the rewritten files before committing"]
    files = [str(p) for p in paths]
    sort = [ruff, "check", "--select", "I", "--fix", "--quiet", *files]  # the import added
    subprocess.run(sort, check=False, capture_output=True)
    for _ in range(3):  # formatting moves lines, so cut, format, and look again
        subprocess.run([ruff, "format", "--quiet", *files], check=False)
        if not sum(wrap_long(p) for p in paths):
            break
    long = subprocess.run(
        [ruff, "check", "--select", "E501", "--output-format", "concise", "--quiet", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    return [f"too long, to wrap by hand: {line}" for line in long.stdout.splitlines() if line]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument(
        "--ts", action="append", type=Path, help="a .ts file (default: the app's fr and en)"
    )
    parser.add_argument("--dry-run", action="store_true", help="report only, change nothing")
    args = parser.parse_args(argv)
    for line in run(args.files, args.ts or TS_FILES, dry_run=args.dry_run):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
