"""The `obambu` command: a thin layer over app.core for scripts, technicians and tests."""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app import (
    cli_attest,
    cli_audit,
    cli_device,
    cli_join,
    cli_member,
    cli_rekey,
    cli_sitting,
    logs,
)
from app.cli_base import (
    Output,
    created,
    data_folder,
    default_home,
    opened,
    parse_id,
    passphrase,
    read_file,
    say,
)
from app.core import demo, status
from app.core.crypto import paper, passphrases
from app.core.crypto.backup import BackupError
from app.core.documents import queries as documents
from app.core.documents import service as library
from app.core.errors import NotFound, ObambuError, Rejected
from app.core.forum import queries as forum
from app.core.forum import service as forum_service
from app.core.node import backups
from app.core.node.node import Node
from app.core.plain import plain
from app.core.progress import Progress
from app.core.safetext import line
from app.core.votes import queries as vote_queries
from app.core.votes import service as votes
from app.sync import health, intake
from app.sync.channel import Channel
from app.sync.export import export
from app.sync.gate import Gate, bind, first_caller
from app.sync.handshake import AUTH_WAIT, Credentials, Handshake
from app.sync.session import Session
from app.sync.stick import Stick
from app.sync.stream import SocketStream, open_port
from app.version import version

log = logging.getLogger(__name__)
# --- passphrase and profile -----------------------------------------------------------------


# --- commands -------------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace, out: Output) -> None:
    secret = passphrase(confirm=True)
    passphrases.check_new(secret)
    fresh = not args.home.exists() or not any(args.home.iterdir())
    node = Node.create(args.home, secret, args.commune)
    try:
        node.found(args.network or f"Réseau de {args.commune}")
        member = node.add_member(args.member)
        node.seal()
    except BaseException:
        node.close()
        if fresh:  # a half-founded network holds nothing yet: leave the folder as it was
            shutil.rmtree(args.home, ignore_errors=True)
        raise
    try:
        out.result(
            {
                "network_id": node.network_id.hex(),
                "commune_id": node.commune.hex(),
                "member_id": member.hex(),
                "home": str(args.home),
            },
            f"Network founded in {args.home}\nnetwork id: {node.network_id.hex()}",
        )
    finally:
        node.close()


def cmd_demo(args: argparse.Namespace, out: Output) -> None:
    secret = os.environ.get("OBAMBU_PASSPHRASE") or "demo"
    network_id, homes = demo.build(args.dir, args.communes, secret)
    out.result(
        {"network_id": network_id.hex(), "homes": [str(h) for h in homes]},
        "Demo network "
        + network_id.hex()
        + "\n"
        + "\n".join(str(h) for h in homes)
        + ("" if os.environ.get("OBAMBU_PASSPHRASE") else "\npassphrase: demo")
        + f"\nevery person's PIN: {demo.DEMO_PIN}",
    )


def cmd_status(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        node.maybe_seal()
        out.result(plain(status.status(node)))


def cmd_run(args: argparse.Namespace, out: Output) -> None:
    """What `make run` starts: the desktop application (first run offers the demo network)."""
    from app.ui.main import run as run_gui  # Qt is loaded only for the window

    demo_root = data_folder() / "demo"
    code = run_gui(args.home, demo_root)
    if code:
        raise ObambuError("The window closed with an error. Start Obambu again.")


def cmd_self_test(args: argparse.Namespace, out: Output) -> None:
    from app.ui.selftest import run as self_test

    if self_test():
        raise SystemExit(1)


def cmd_release_verify(args: argparse.Namespace, out: Output) -> None:
    from app import portable, release

    keys = [bytes.fromhex(k) for k in args.key] or release.known_keys(portable.release_keys())
    checked = release.verify(args.archive, keys)
    out.result(
        vars(checked),
        f"{checked.name}: checksum matches, signed by release key {checked.key[:16]}…",
    )


def cmd_release_sign(args: argparse.Namespace, out: Output) -> None:
    from app import release

    seed = bytes.fromhex(read_file(args.key_file).decode().strip())
    line = release.checksum_line(args.archive)
    Path(f"{args.archive}.sha256").write_bytes(line)
    Path(f"{args.archive}.sha256.cose").write_bytes(release.sign(line, seed))
    out.result({"sha256": line.decode().split()[0]}, line.decode().strip())


def cmd_verifier(args: argparse.Namespace, out: Output) -> None:
    """The verify-only window: a verifier kit instead of a profile."""
    from app.ui.verifier import run as run_verifier

    if run_verifier(args.kit):
        raise ObambuError("The window closed with an error. Start Obambu again.")


def cmd_forum_thread(args: argparse.Namespace, out: Output) -> None:
    priority = _priority(args.priority)
    with opened(args) as node:
        tx = forum_service.start_thread(
            node, args.title, args.body, priority=priority, ttl=args.ttl
        )
        created(out, tx)


def cmd_forum_post(args: argparse.Namespace, out: Output) -> None:
    thread = parse_id(args.thread)
    reply_to = parse_id(args.reply) if args.reply else None
    priority = _priority(args.priority)
    with opened(args) as node:
        created(
            out, forum_service.reply(node, thread, args.body, reply_to=reply_to, priority=priority)
        )


def cmd_forum_list(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node, node.overlay():
        if args.thread:
            detail = forum.thread(node, parse_id(args.thread))
            if detail is None:
                raise NotFound("There is no such thread. Check its number, or sync first.")
            out.result(plain(detail))
        else:
            items = forum.threads(node, limit=args.limit)
            out.result(
                plain(items),
                "\n".join(
                    f"{t.id}  {t.priority}  {line(t.title)}  ({t.posts} replies, "
                    f"{line(t.author)}){'  [pending]' if t.pending else ''}"
                    for t in items
                )
                or "No threads yet.",
            )


def cmd_vote_open(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        closes = int(time.time()) + args.days * 86400
        created(
            out,
            votes.open_vote(
                node,
                args.question,
                args.option,
                rule=args.rule,
                quorum=args.quorum,
                closes=closes,
                kind=args.electorate,
                nature=args.nature,
            ),
        )


def cmd_vote_cast(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        created(out, votes.cast(node, parse_id(args.vote), args.choice))


def cmd_vote_close(args: argparse.Namespace, out: Output) -> None:
    outcome = None
    if args.outcome:
        outcome = {
            "statement": args.outcome,
            "owner": args.owner or "",
            "follow_up": int(time.time()) + args.follow_up_days * 86400,
        }
    with opened(args) as node:
        created(out, votes.close(node, parse_id(args.vote), outcome))


def cmd_vote_ask_close(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        created(out, votes.ask_to_close(node, parse_id(args.vote)))


def cmd_vote_show(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        detail = vote_queries.vote(node, parse_id(args.vote))
        if detail is None:
            raise NotFound("There is no such vote. Check its number, or sync first.")
        out.result(detail.as_dict())


def cmd_vote_list(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        out.result([v.as_dict() for v in vote_queries.votes(node)])


def cmd_doc_add(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        created(out, library.publish(node, args.file, args.to or [], args.tag or []))


def cmd_doc_get(args: argparse.Namespace, out: Output) -> None:
    from app.core.atomic import write_atomic

    with opened(args) as node, node.overlay():
        name, content = library.open_document(node, parse_id(args.id))
    write_atomic(args.out, content)
    out.result(
        {"name": name, "out": str(args.out), "size": len(content)},
        f"{line(name)} written to {args.out} ({len(content)} bytes)",
    )


def cmd_doc_list(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node, node.overlay():
        out.result([_shared(d) for d in documents.documents(node)])


def _shared(document: documents.Document) -> dict[str, Any]:
    fields: dict[str, Any] = plain(document)
    fields["from"] = fields.pop("sender")  # the name the command has always printed
    return fields


def cmd_seal(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        block = node.seal()
        out.result(
            {"id": block.hex() if block else None}, block.hex() if block else "Nothing was pending."
        )


def cmd_object_get(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        data = node.object(parse_id(args.id))
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


def cmd_backup_create(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        backups.write(node, args.out, passphrase())
    out.result(
        {"out": str(args.out)},
        f"Backup written to {args.out}. Keep it apart from the "
        "laptop; it opens with the profile's passphrase.",
    )


def cmd_backup_paper(args: argparse.Namespace, out: Output) -> None:
    from app.core.atomic import write_atomic

    with opened(args) as node:
        text = paper.seed_to_text(backups.paper_seed(node))
    write_atomic(args.out, paper.qr_png(text.replace(" ", "")))
    out.result(
        {"seed": text, "qr": str(args.out)},
        f"Write this down and keep it locked away:\n\n    {text}\n\nQR code: {args.out}",
    )


def cmd_backup_restore(args: argparse.Namespace, out: Output) -> None:
    if (args.file is None) == (args.paper is None):
        raise ObambuError("Give either --file BACKUP or --paper CODE (with --stick).")
    if args.paper is not None:
        if args.stick is None:
            raise ObambuError("With --paper, give --stick: the request goes to the network on it.")
        cli_join.cmd_restore_paper(args.home, args.paper, args.stick, out)
        return
    secret = passphrase()
    node = backups.restore(args.home, read_file(args.file), secret, secret)
    try:
        out.result(
            {"home": str(args.home), "commune_id": node.commune.hex()},
            f"Profile restored in {args.home}. Sync a stick from another commune before "
            "writing: it brings back what this laptop signed after the backup.",
        )
    finally:
        node.close()


# --- plumbing -------------------------------------------------------------------------------


def cmd_sync_export(args: argparse.Namespace, out: Output) -> None:
    budget = None if args.budget_mb is None else int(args.budget_mb * 1024 * 1024)
    with opened(args) as node:
        log.info("stick export started")
        report = export(node, args.to, budget=budget, progress=show_progress)
    log.info("stick export finished: %s", logs.counts(report.as_dict()))
    lines = [
        f"{report.written} items written ({report.bytes_written:,} bytes), "
        f"{report.known} already on the stick."
    ]
    if report.ours_sealed:
        lines.append(f"{report.ours_sealed} new items of yours went into this sync.")
    lines += [f"Not sent: {d['reason']}" for d in report.ours_dropped]
    if report.left_out:
        lines.append(f"{report.left_out} items did not fit and wait for the next trip.")
    if report.ours_left_behind:
        # Never "you may remove the stick" while something of ours that should be on it is not.
        lines.append(
            f"{report.ours_left_behind} of your items are not on the stick: sync again with "
            "a stick that has room before it leaves."
        )
    else:
        lines.append("You may remove the stick.")
    out.result(report.as_dict(), "\n".join(lines))


def cmd_sync_import(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        log.info("stick import started")
        report = intake.stage(node, args.from_, progress=show_progress)
        pulled = _stick_gone(args.from_)
        say(PULLED if pulled else "copy done; the stick may be removed.")
        intake.apply_staged(node, report, progress=show_progress)
    gone = ", the stick went away before the copy ended" if pulled else ""
    log.info("stick import finished: %s%s", logs.counts(report.as_dict()), gone)
    text = " ".join([report.summary(), *map(line, report.problems)])
    out.result(
        {**report.as_dict(), "copy_complete": not pulled},
        text + (f" {PULLED[0].upper()}{PULLED[1:]}" if pulled else ""),
    )
    if pulled:
        raise SystemExit(2)


PULLED = (
    "the stick went away before the copy ended; what was copied is kept: plug the stick "
    "in again and import again to take the rest."
)


def _stick_gone(folder: Path) -> bool:
    """Whether the stick was pulled out while it was read: its folder can no longer be listed.
    (A single unreadable file on a stick still there is a damaged file, said in the report.)"""
    try:
        Stick.at(folder).segment_paths()
    except (ObambuError, OSError):
        return True
    return False


def cmd_sync_preflight(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        seen = intake.preflight(node, args.from_)
    lines = [
        "Visited: "
        + (", ".join(f"{line(n)} ({_date(t)})" for n, t in seen.visited) or "nobody yet")
    ]
    lines.append("New for us: " + (", ".join(f"{v} {k}" for k, v in seen.new.items()) or "nothing"))
    for name, seq in seen.missing:
        lines.append(f"Still missing: blocks of {line(name)} from number {seq}, on no stick yet.")
    out.result(seen.as_dict(), "\n".join(lines))


def cmd_sync_health(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        rows = health.report(node)
    text = "\n".join(
        f"{line(r['commune'])}: {r['behind']} blocks behind, last heard {_date(r['time'])}"
        for r in rows
    )
    out.result(rows, text or "No beacon heard yet: sync a stick first.")


def cmd_sync_serial(args: argparse.Namespace, out: Output) -> None:
    with opened(args) as node:
        stream = open_port(args.port, args.baud)
        # The other laptop's clerk may start a minute later: its silence is not a broken link.
        _session(node, Channel(stream, timeout=args.wait), out, auth_wait=args.wait)


def cmd_sync_tcp(args: argparse.Namespace, out: Output) -> None:
    if (args.listen is None) == (args.connect is None):
        raise ObambuError("Give either --listen HOST:PORT or --connect HOST:PORT.")
    host, port = _address(args.listen or args.connect)
    with opened(args) as node:
        if args.listen is not None:
            with Gate(
                bind(host, port),
                Credentials.of(node),
                auth_wait=args.auth_wait,
                on_refused=_Refusals(),
            ) as gate:
                print(f"obambu: waiting on port {gate.port}", file=sys.stderr, flush=True)
                caller = first_caller(gate)
            _session(node, caller.channel, out, handshake=caller.handshake)
        else:
            stream = SocketStream.connect(host, port)
            _session(node, Channel(stream), out, auth_wait=args.auth_wait)


class _Refusals:
    """Says on stderr who was turned away while listening, and why; the first few only."""

    SHOWN = 20

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, address: str, sentence: str) -> None:
        self.count += 1
        if self.count <= self.SHOWN:
            print(f"obambu: turned away {address}: {sentence}", file=sys.stderr, flush=True)


def _session(
    node: Node,
    channel: Channel,
    out: Output,
    *,
    handshake: Handshake | None = None,
    auth_wait: float = AUTH_WAIT,
) -> None:
    try:
        report = Session(
            node, channel, show_progress, handshake=handshake, auth_wait=auth_wait
        ).run()
    finally:
        channel.close()
    text = (
        f"{report.sent} items sent, {report.new} new items received, {report.known} already known."
    )
    if report.statements_refused:
        text += (
            f" {report.statements_refused} cut(s) or acknowledgement(s) from the other side "
            f"refused: {report.refused_why}"
        )
    out.result(report.as_dict(), text)


def cmd_sync_lan(args: argparse.Namespace, out: Output) -> None:
    """Announce this town hall on the LAN, serve the sessions others open, and (--auto) sync
    with each town hall heard of; for --seconds."""
    from app.sync.lan import LanService

    # None: the broadcast address of every network this computer is on (app/sync/interfaces.py)
    targets = [_address(t) for t in args.announce_to] or None
    began = time.monotonic()
    done: set[bytes] = set()
    with opened(args) as node:
        service = LanService.start(
            node,
            host=args.host,
            port=args.port,
            discovery_port=args.discovery_port,
            targets=targets,
            interval=args.interval,
            auth_wait=args.auth_wait,
            on_refused=_Refusals(),
        )
        print(f"obambu: announcing on port {service.port}", file=sys.stderr)
        try:
            while time.monotonic() - began < args.seconds:
                for report in service.poll(node):
                    _lan_line(out, report, began)
                for peer in service.peers():
                    if args.auto and peer.commune not in done:
                        done.add(peer.commune)
                        _lan_line(out, service.sync_with(node, peer), began)
                time.sleep(0.05)
        finally:
            service.stop()


def _lan_line(out: Output, report: Any, began: float) -> None:
    data = {
        "peer": report.peer,
        "incoming": report.incoming,
        "error": report.error,
        "at_s": round(time.monotonic() - began, 3),
        "session": report.session.as_dict() if report.session else None,
    }
    if out.as_json:
        print(json.dumps(data), flush=True)
    else:
        way = "from" if report.incoming else "with"
        said = line(f"sync {way} {report.peer}: {report.error or 'done'} ({data['at_s']} s)")
        print(said, flush=True)


def _address(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    if not port.isdigit():
        raise ObambuError(f"'{text}' is not an address: write HOST:PORT, for example 0.0.0.0:7420.")
    return host or "0.0.0.0", int(port)


class _ProgressLine:
    """Progress on stderr: one line per phase, updated at most every half second."""

    def __init__(self) -> None:
        self.phase: str | None = None
        self.shown = 0.0

    def __call__(self, event: Progress) -> None:
        now = time.monotonic()
        finished = bool(event.total) and event.done >= event.total
        if event.phase.value == self.phase and now - self.shown < 0.5 and not finished:
            return
        self.phase, self.shown = event.phase.value, now
        total = f"/{event.total}" if event.total else ""
        size = f", {event.bytes:,} bytes" if event.bytes else ""
        print(f"obambu: {event.phase.value} {event.done}{total}{size}", file=sys.stderr)


show_progress = _ProgressLine()


def _date(when: int) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(when))


def _priority(text: str) -> int:
    value = text.upper().removeprefix("P")
    if value not in ("0", "1", "2", "3"):
        raise ObambuError("The priority is P0, P1, P2 or P3.")
    return int(value)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="obambu",
        description="Obambu: the town-hall node of a network of communes.",
        # Kept as written: argparse would wrap the log's path, and a Windows path has spaces.
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="The passphrase comes from OBAMBU_PASSPHRASE, or is asked for; a member's PIN\n"
        "from OBAMBU_PIN, or is asked for.\n\n"
        "What each command did is logged in this file (the Windows program has no console):\n"
        f"  {logs.folder() / logs.FILE}",
    )
    top.add_argument(
        "--home", type=Path, default=default_home(), help="profile folder (default: %(default)s)"
    )
    top.add_argument("--json", action="store_true", help="machine-readable output on stdout")
    top.add_argument("--verbose", action="store_true", help="also write the log on stderr")
    top.add_argument(
        "--as",
        dest="as_member",
        metavar="ID",
        help="sign this one command as this member (their PIN is asked)",
    )
    top.add_argument("--version", action="version", version=f"Obambu {version()}")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(parent: Any, name: str, func: Callable[..., None] | None, text: str) -> Any:
        p = parent.add_parser(name, help=text, description=text)
        p.set_defaults(func=func)
        return p

    p = command(
        sub,
        "init",
        cmd_init,
        "found a new network with this commune as first authority "
        "(its passphrase: 12 characters or more)",
    )
    p.add_argument("--commune", required=True, help="name of this commune")
    p.add_argument("--member", required=True, help="name of its mayor")
    p.add_argument("--network", help="name of the network")
    cli_member.register(sub, command)
    p = command(
        sub,
        "demo",
        cmd_demo,
        "create a demo network of several communes, all in sync (every person's PIN: 1234)",
    )
    p.add_argument("--dir", type=Path, required=True, help="folder for the demo homes")
    p.add_argument("--communes", type=int, default=3, help="how many communes (1-8)")
    command(sub, "status", cmd_status, "state of this node: feeds, counts, pending, evidence")
    command(sub, "run", cmd_run, "start the desktop application (offers a demo on first run)")
    command(sub, "self-test", cmd_self_test, "check this build works here, in a temporary folder")
    releases = command(sub, "release", None, "check a build of Obambu").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    p = command(releases, "verify", cmd_release_verify, "check a build's checksum and signature")
    p.add_argument("archive", type=Path)
    p.add_argument("--key", action="append", default=[], help="a release public key, in hex")
    p = command(releases, "sign", cmd_release_sign, "write a build's checksum and sign it")
    p.add_argument("archive", type=Path)
    p.add_argument("--key-file", type=Path, required=True, help="the release key's seed, hex")
    p = command(sub, "verifier", cmd_verifier, "verify attestations only, with a verifier kit")
    p.add_argument(
        "--kit",
        type=Path,
        default=cli_attest.default_kit_folder(),
        help="where this laptop keeps its verifier kit",
    )
    command(sub, "seal", cmd_seal, "seal pending transactions into a block now")

    forum = command(sub, "forum", None, "the mayors' forum").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    p = command(forum, "thread", cmd_forum_thread, "start a thread")
    p.add_argument("--title", required=True)
    p.add_argument("--body", required=True)
    p.add_argument("--priority", default="P2", help="P0 (urgent) to P3 (default: P2)")
    p.add_argument(
        "--ttl",
        type=int,
        default=0,
        help="seconds sticks and relays go on carrying it (0: for ever)",
    )
    p = command(forum, "post", cmd_forum_post, "reply in a thread")
    p.add_argument("--thread", required=True)
    p.add_argument("--body", required=True)
    p.add_argument("--reply", help="id of the post answered")
    p.add_argument("--priority", default="P2")
    p = command(forum, "list", cmd_forum_list, "list threads, or the posts of one")
    p.add_argument("--thread")
    p.add_argument("--limit", type=int, default=100)

    vote = command(sub, "vote", None, "votes between communes").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    p = command(vote, "open", cmd_vote_open, "open a roll-call vote")
    p.add_argument("--question", required=True)
    p.add_argument("--option", action="append", required=True, help="an option (repeat)")
    p.add_argument("--rule", choices=["majority", "two_thirds"], default="majority")
    p.add_argument("--quorum", type=int, default=0, help="least total weight of ballots")
    p.add_argument(
        "--days",
        type=int,
        default=14,
        help="closing date, in days; after it, two thirds of the electors may close the vote",
    )
    p.add_argument("--electorate", choices=["members", "communes"], default="members")
    p.add_argument(
        "--nature",
        choices=["opinion", "statutes"],
        default="opinion",
        help="an opinion (avis), or a vote under a body's statutes; never a council decision",
    )
    p = command(vote, "cast", cmd_vote_cast, "cast your ballot")
    p.add_argument("--vote", required=True)
    p.add_argument("--choice", required=True, help="the option's text")
    p = command(
        vote,
        "close",
        cmd_vote_close,
        "close a vote you opened, or, after its closing date, one that two thirds of its "
        "electors asked to close; with its count",
    )
    p.add_argument("--vote", required=True)
    p.add_argument("--outcome", help="what was decided, in one sentence")
    p.add_argument("--owner", help="who carries it out")
    p.add_argument("--follow-up-days", type=int, default=30, help="when to look at it again")
    p = command(
        vote,
        "ask-close",
        cmd_vote_ask_close,
        "after its closing date, ask to close a vote its convener has not closed",
    )
    p.add_argument("--vote", required=True)
    p = command(vote, "show", cmd_vote_show, "question, ballots, tally and whether it checks")
    p.add_argument("--vote", required=True)
    command(vote, "list", cmd_vote_list, "list votes")

    cli_attest.register(sub, command)
    cli_device.register(sub, command)
    cli_join.register(sub, command)
    cli_rekey.register(sub, command)
    cli_sitting.register(sub, command)

    doc = command(sub, "doc", None, "shared documents").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    p = command(doc, "add", cmd_doc_add, "encrypt and share a document")
    p.add_argument("--file", type=Path, required=True)
    p.add_argument("--to", action="append", help="a recipient commune (repeat)")
    p.add_argument("--tag", action="append")
    p = command(doc, "get", cmd_doc_get, "decrypt a received document")
    p.add_argument("--id", required=True)
    p.add_argument("--out", type=Path, required=True)
    command(doc, "list", cmd_doc_list, "list documents")

    obj = command(sub, "object", None, "signed objects").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    p = command(obj, "get", cmd_object_get, "the exact signed bytes of an object, on stdout")
    p.add_argument("--id", required=True)
    cli_audit.register(sub, command, vote, obj)

    backup = command(sub, "backup", None, "backups of this profile").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    p = command(backup, "create", cmd_backup_create, "write an encrypted backup file")
    p.add_argument("--out", type=Path, required=True)
    p = command(backup, "paper", cmd_backup_paper, "print the node key as text and a QR image")
    p.add_argument("--out", type=Path, required=True, help="PNG file for the QR code")
    p = command(backup, "restore", cmd_backup_restore, "rebuild a profile in --home from a backup")
    p.add_argument("--file", type=Path, help="a backup file")
    p.add_argument("--paper", metavar="CODE", help="the code on the paper backup")
    p.add_argument("--stick", type=Path, help="with --paper: where the request to return goes")

    sync = command(sub, "sync", None, "exchange with other communes").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    p = command(sync, "export", cmd_sync_export, "write to a stick what it lacks")
    p.add_argument("--to", type=Path, required=True, help="the stick (or its OBAMBU folder)")
    p.add_argument("--budget-mb", type=float, help="write at most this many megabytes")
    p = command(sync, "import", cmd_sync_import, "take in what a stick brings")
    p.add_argument("--from", dest="from_", type=Path, required=True, help="the stick")
    p = command(sync, "preflight", cmd_sync_preflight, "what a stick would bring, changing nothing")
    p.add_argument("--from", dest="from_", type=Path, required=True, help="the stick")
    command(sync, "health", cmd_sync_health, "each commune's last known state, from beacons")
    p = command(sync, "serial", cmd_sync_serial, "sync over a serial port or radio relay")
    p.add_argument("--port", required=True, help="device or pyserial URL (socket://, loop://)")
    p.add_argument("--baud", type=int, default=115200, help="line rate (default: %(default)s)")
    p.add_argument(
        "--wait",
        type=float,
        default=120.0,
        help="seconds of silence before giving up (%(default)s)",
    )
    p = command(sync, "tcp", cmd_sync_tcp, "sync with another laptop over a network")
    p.add_argument("--listen", metavar="HOST:PORT", help="wait for the other laptop to connect")
    p.add_argument("--connect", metavar="HOST:PORT", help="connect to a laptop that listens")
    _auth_wait(p)
    p = command(sync, "lan", cmd_sync_lan, "announce this town hall on the LAN and serve syncs")
    p.add_argument("--host", default="0.0.0.0", help="the address to listen on")
    p.add_argument("--port", type=int, default=7420, help="TCP port for sync sessions")
    p.add_argument("--discovery-port", type=int, default=7421, help="UDP port for announcements")
    p.add_argument(
        "--announce-to",
        action="append",
        default=[],
        metavar="HOST:PORT",
        help="where to announce (default: every local network's broadcast); repeat",
    )
    p.add_argument("--interval", type=float, default=5.0, help="seconds between announcements")
    p.add_argument("--seconds", type=float, default=60.0, help="how long to stay")
    p.add_argument("--auto", action="store_true", help="sync with each town hall heard of")
    _auth_wait(p)
    return top


def _auth_wait(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--auth-wait",
        type=float,
        default=AUTH_WAIT,
        metavar="SECONDS",
        help="seconds the other laptop has to prove it belongs to the network "
        "(default: %(default)s)",
    )


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    with logs.kept(verbose=args.verbose):
        return _command(args)


def _command(args: argparse.Namespace) -> int:
    """Runs one command; what the log gets is its name and how it ended, never its arguments
    (they hold names, titles and passphrase files)."""
    what = " ".join(filter(None, [args.command, getattr(args, "action", None)]))
    log.info("command %s started", what)
    out = Output(args.json)
    try:
        args.func(args, out)
    except (ObambuError, BackupError) as exc:
        log.info("command %s refused: %s", what, exc.code)
        say(exc.message if isinstance(exc, ObambuError) else str(exc))
        return 4 if isinstance(exc, Rejected) else 2
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):  # `obambu … | head`: the reader left, not an error
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
        log.warning("command %s could not use a file", what, exc_info=exc)
        where = f" {exc.filename}" if exc.filename else ""
        say(f"cannot use{where}: {exc.strerror}. Check the path and the disk.")
        return 2
    except KeyboardInterrupt:
        log.info("command %s interrupted", what)
        return 130
    except Exception:
        log.exception("command %s failed: a bug", what)
        raise
    log.info("command %s finished", what)
    return 0


if __name__ == "__main__":
    sys.exit(main())
