"""What a stick visit writes beyond the day's objects (issue 21: "one-day delta write overhead
<= 1.10"), every file counted: segments (header, record frames, trailer, footer), beacons,
`index.obi` and `pruned.obp`, read from the stick itself (each file new or changed by the
visit, whole) rather than from what export reports.

Two communes share one stick that already carries a month of Ambam's history. Each day Ambam
does a busy day's work (bench.stick_sync's) and visits; Bipindi visits after it and takes the
day in. The ratio is (bytes Ambam's visits wrote) / (bytes of the blocks of those days), over
`--days` days so that the index, rewritten once every 8 segments, counts at its average. What
Bipindi's visits wrote is shown beside it, then what a visit writes when it brings nothing new.

With `--both` Bipindi signs a block of its own each day too (a notice before its visit, as a
commune that attests re-signs its status list daily): Ambam's visit then takes in Bipindi's
day and its beacon must say so (docs/spec/stick.md, "What a writer copies").

With `--clock` the days pass on the program's clock (Python's `time.time`, for this process
only): day k's visits come at k × 24 h plus a random shift of up to an hour either way (seeded),
as a clerk who visits once a day at about the same hour. A beacon is then also written when
the stick's copy is 24 hours old (beacon.REFRESH), and the stick forgets what its beacons show.

The baseline runs the same script on another tree of the program (`--baseline REV`: the git
revision, extracted to a temporary folder and run in a child process), in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from unittest import mock

from bench import child

if TYPE_CHECKING:
    from app.core.node.node import Node

QUIET = 4  # rounds of visits with nothing new, after the days


class _Clock:
    """The program's clock, moved on a day at a time: real time plus `offset` seconds."""

    def __init__(self, real: Callable[[], float]) -> None:
        self.real = real
        self.offset = 0.0

    def __call__(self) -> float:
        return self.real() + self.offset


def measure(
    root: Path, days: int, absent: bool, both: bool = False, clock: bool = False
) -> dict[str, object]:
    if not clock:
        return _measure(root, days, absent, both, None)
    shifted = _Clock(time.time)
    with mock.patch("time.time", shifted):
        return _measure(root, days, absent, both, shifted)


def _measure(
    root: Path, days: int, absent: bool, both: bool, clock: _Clock | None
) -> dict[str, object]:
    from app.core.crypto.kdf import INTERACTIVE
    from app.core.ledger.txtypes import TxType
    from app.core.node.node import Node
    from app.sync.export import export
    from app.sync.intake import import_
    from bench.stick_sync import _block_bytes, _day_of_work

    ambam = Node.create(root / "ambam", "bench", "Ambam", INTERACTIVE)
    bipindi = Node.create(root / "bipindi", "bench", "Bipindi", INTERACTIVE)
    others = [bipindi.authority()]
    if absent:  # a third commune that never sees this stick: nothing on it is ever pruned
        campo = Node.create(root / "campo", "bench", "Campo", INTERACTIVE)
        others.append(campo.authority())
        campo.close()
    bipindi.adopt(ambam.found("Bench", others))
    ambam.add_member("Maire")
    ambam.seal()
    if both:
        bipindi.add_member("Maire")
        bipindi.seal()
    stick = root / "stick"
    stick.mkdir()
    for day in range(30):  # a month of history already on the stick
        _day_of_work(ambam, day)
    export(ambam, stick)
    for node in (bipindi, ambam, bipindi):  # both have met: each one's beacon is on the stick
        import_(node, stick)
        export(node, stick)
    kinds: dict[str, int] = {}
    other: dict[str, int] = {}
    objects = written = 0
    shifts = random.Random(21)
    for day in range(days):
        if clock is not None:  # the next day, at about the same hour
            clock.offset = (day + 1) * 86_400 + shifts.uniform(-3_600, 3_600)
        size = _block_bytes(ambam)
        _day_of_work(ambam, 100 + day)
        objects += _block_bytes(ambam) - size
        written += _visit(ambam, stick, kinds)
        if both:  # Bipindi's own block of the day, which Ambam's next visit takes in
            bipindi.submit(TxType.FORUM_THREAD, {"title": f"Avis {day}", "body": "Voir."})
            bipindi.seal()
        _visit(bipindi, stick, other)  # it takes the day in, says so; the stick may forget
    quiet: dict[str, int] = {}
    for _ in range(QUIET):  # then visits that bring nothing new, each commune in turn
        _visit(ambam, stick, quiet)
        _visit(bipindi, stick, quiet)
    ambam.close()
    bipindi.close()
    return {
        "days": days,
        "objects": objects,
        "written": written,
        "files": kinds,
        "other": other,
        "quiet": quiet,
    }


def _visit(node: Node, stick: Path, kinds: dict[str, int]) -> int:
    from app.sync.export import export
    from app.sync.intake import import_

    before = _files(stick)
    import_(node, stick)
    export(node, stick)
    written = 0
    for path, n in _changed(before, _files(stick)).items():
        kind = "segments" if path.endswith(".obs") else Path(path).parent.name
        kind = {"bcn": "beacons", "OBAMBU": Path(path).name}.get(kind, kind)
        kinds[kind] = kinds.get(kind, 0) + n
        written += n
    return written


def _files(stick: Path) -> dict[str, tuple[int, int, int]]:
    out = {}
    for path in (stick / "OBAMBU").rglob("*"):
        if path.is_file():
            st = path.stat()
            out[str(path.relative_to(stick))] = (st.st_size, st.st_mtime_ns, st.st_ino)
    return out


def _changed(
    before: dict[str, tuple[int, int, int]], after: dict[str, tuple[int, int, int]]
) -> dict[str, int]:
    """Every file the visit wrote (new, or replaced: atomic writes give a new inode), whole."""
    return {p: s[0] for p, s in after.items() if before.get(p) != s}


def _line(label: str, r: dict[str, object]) -> str:
    objects, written, days = r["objects"], r["written"], r["days"]
    kinds, other, quiet = r["files"], r["other"], r["quiet"]
    assert isinstance(objects, int) and isinstance(written, int) and isinstance(days, int)
    assert isinstance(kinds, dict) and isinstance(other, dict) and isinstance(quiet, dict)

    def each(files: dict[str, int]) -> str:
        return ", ".join(f"{k} {v / days:,.0f} B" for k, v in sorted(files.items()))

    day = written + sum(other.values())
    return (
        f"{label}: {days} one-day visits, {objects:,} B of objects, {written:,} B written: "
        f"ratio {written / objects:.3f} (goal <= 1.10); a visit wrote {each(kinds)}; "
        f"the other commune's visit after it, {each(other)} (both visits: ratio "
        f"{day / objects:.3f}); a visit with nothing new, "
        f"{sum(quiet.values()) / (2 * QUIET):,.0f} B ({each_quiet(quiet)})"
    )


def each_quiet(files: dict[str, int]) -> str:
    return ", ".join(f"{k} {v / (2 * QUIET):,.0f} B" for k, v in sorted(files.items())) or "none"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--days", type=int, default=16)
    parser.add_argument("--baseline", help="a git revision to measure first, in the same run")
    parser.add_argument("--json", action="store_true", help="print this tree's figures as JSON")
    parser.add_argument(
        "--absent", action="store_true", help="a third commune never visits: nothing is pruned"
    )
    parser.add_argument(
        "--both", action="store_true", help="Bipindi signs a block of its own each day too"
    )
    parser.add_argument(
        "--clock", action="store_true", help="a day passes on the clock between visits"
    )
    args = parser.parse_args()
    extra = ["--absent"] * args.absent + ["--both"] * args.both + ["--clock"] * args.clock
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DIR")) as tmp:
        if args.json:
            print(json.dumps(measure(Path(tmp), args.days, args.absent, args.both, args.clock)))
            return
        print(f"load {os.getloadavg()[0]:.2f}")
        if args.baseline:
            tree = child.extract(args.baseline, Path(tmp) / "base", "visit_cost.py")
            base = child.run_tree(tree, "bench.visit_cost", "--days", str(args.days), *extra)
            print(_line(f"before ({args.baseline})", base))
        here = child.run_tree(child.ROOT, "bench.visit_cost", "--days", str(args.days), *extra)
        print(_line("after (this tree)", here))
        print(f"load {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
