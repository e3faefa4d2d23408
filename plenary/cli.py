"""The `plenary` command line. Errors go to stderr with exit status 1 (2 for usage)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from drafting.actors import SYSTEM
from drafting.errors import DomainError
from drafting.search_text import KINDS
from plenary import cli_accounts
from plenary.cli_common import CommandError, transaction
from plenary.settings import ConfigError, load_settings

if TYPE_CHECKING:  # the exporters are imported only by the commands that use them
    from exports.formats import Exported


def cmd_db_upgrade(args) -> None:
    from plenary import migrate

    migrate.upgrade(revision=args.revision)
    print(f"database at {args.revision}")


def cmd_db_downgrade(args) -> None:
    from plenary import migrate

    migrate.downgrade(revision=args.revision)
    print(f"database at {args.revision}")


# A stopping server finishes the requests it is answering for this long, then closes the
# rest: a restart never hangs on a client that keeps a connection open.
STOP_SECONDS = 15


def cmd_serve(args) -> None:
    import uvicorn

    load_settings()  # fail early, with a message, on a bad setting
    uvicorn.run("plenary.app:create_app", factory=True, host=args.host, port=args.port,
                workers=args.workers, proxy_headers=True,
                timeout_graceful_shutdown=STOP_SECONDS)


def cmd_demo(args) -> None:
    from plenary import demo

    with transaction() as session:
        accounts = demo.load(session)
    print("The demo is loaded. Sign in at http://127.0.0.1:8000 with:")
    for email, role, password in accounts:
        print(f"  {email:32} {password:22} {role}")


def cmd_draft_import(args) -> None:
    from drafting import services

    data = _read_file(args.file)
    with transaction() as session:
        draft = services.import_draft_file(session, SYSTEM, body=args.body,
                                           filename=args.file, data=data, title=args.title,
                                           symbol=args.symbol, sponsors=args.sponsor or [])
        summary = f"{draft.symbol}: {len(draft.revisions[0].paragraphs)} paragraphs"
        draft_id = draft.id
    print(summary, file=sys.stderr)
    print(draft_id)


def _read_file(name: str) -> bytes:
    path = Path(name)
    if not path.is_file():
        raise CommandError(f"{name}: no such file")
    if path.stat().st_size > 5_000_000:
        raise CommandError(f"{name}: the file is larger than 5 MB; is it really a draft?")
    return path.read_bytes()


def _export(prepare: Callable) -> Exported:
    """Read in one transaction, render outside it (a PDF takes seconds: on SQLite a
    transaction open that long would hold the server's writers back), record in another."""
    from exports.formats import record, render

    with transaction() as session:
        job = prepare(session)
    exported = render(job)
    with transaction() as session:
        record(session, SYSTEM, job)
    return exported


def cmd_export_decision(args) -> None:
    from exports.formats import prepare_decision
    from workflow.services import find_decision

    exported = _export(lambda session: prepare_decision(
        session, find_decision(session, args.symbol), args.format))
    _write_output(exported.body, args.output)


def cmd_export_journal(args) -> None:
    from exports.formats import prepare_journal
    from workflow.journals import find_journal

    exported = _export(lambda session: prepare_journal(
        session, find_journal(session, args.symbol), args.format))
    _write_output(exported.body, args.output)


def cmd_export_draft(args) -> None:
    from drafting.services import find_draft
    from exports.formats import prepare_draft

    def prepare(session):
        draft, revision = find_draft(session, args.symbol)
        return prepare_draft(session, draft, args.format, revision=revision,
                             against=args.against, amendments=args.amendments)

    _write_output(_export(prepare).body, args.output)


def cmd_export_compilation(args) -> None:
    from datetime import datetime

    from drafting.services import find_draft
    from exports.formats import prepare_compilation

    def prepare(session):
        draft, revision = find_draft(session, args.symbol)
        if revision is not None and revision != draft.current_revision:
            raise CommandError(f"a compilation is of the current revision, "
                               f"{draft.revision_symbol(draft.current_revision)}")
        return prepare_compilation(session, draft, args.format,
                                   "all" if args.all else "pending",
                                   paragraphs=args.paragraph or (),
                                   made_on=datetime.now(load_settings().zone).date())

    _write_output(_export(prepare).body, args.output)


def cmd_export_meeting(args) -> None:
    """Every decision and journal of a meeting in each format, one document at a time,
    each file written atomically into the folder: all read in one transaction, rendered
    outside it, recorded in another."""
    from rich.console import Console
    from rich.progress import Progress

    from exports.formats import (
        DECISION_FORMATS,
        JOURNAL_FORMATS,
        prepare_decision,
        prepare_journal,
        record,
        render,
    )
    from workflow.services import decisions_of_meeting, find_meeting

    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    unknown = [f for f in formats if f not in DECISION_FORMATS or f not in JOURNAL_FORMATS]
    if not formats or unknown:
        raise CommandError(f"unknown format {', '.join(unknown) or '(none)'}; use one or more of "
                           f"{', '.join(f for f in DECISION_FORMATS if f in JOURNAL_FORMATS)}")
    folder = Path(args.output)
    folder.mkdir(parents=True, exist_ok=True)
    with transaction() as session:
        meeting = find_meeting(session, args.meeting)
        records = [(prepare_journal, j) for j in meeting.journals] + [
            (prepare_decision, d) for d in decisions_of_meeting(session, meeting)]
        jobs = [prepare(session, one, fmt) for fmt in formats for prepare, one in records]
    console = Console(stderr=True)  # the bar on stderr; stdout keeps the summary
    with Progress(console=console, transient=True, disable=not console.is_terminal) as progress:
        task = progress.add_task("exporting", total=len(jobs))
        for job in jobs:
            _write_output(render(job).body, str(folder / job.file_name), quiet=True)
            progress.advance(task)
    with transaction() as session:
        for job in jobs:
            record(session, SYSTEM, job)
    print(f"wrote {len(jobs)} files to {folder}")


def _write_output(body: bytes, output: str | None, quiet: bool = False) -> None:
    if output is None:
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
        return
    target = Path(output)
    partial = target.with_name(f".{target.name}.partial")
    partial.write_bytes(body)
    partial.replace(target)  # atomic: never a half-written file under the final name
    if not quiet:
        print(f"wrote {target}", file=sys.stderr)


def cmd_body_next_number(args) -> None:
    from workflow import numbering

    year = args.year or date.today().year
    with transaction() as session:
        numbering.set_next_number(session, args.body, args.number, year)
    print(f"the next {args.body} decision is No. {args.number}")


def cmd_silence_tick(args) -> None:
    from plenary import clock
    from plenary.db import make_engine, make_sessionmaker

    settings = load_settings()
    engine = make_engine(settings.database_url)
    try:
        symbols = clock.tick(make_sessionmaker(engine), settings)
    finally:
        engine.dispose()
    print("adopted by silence: " + ", ".join(symbols) if symbols else "no silence is due")


def cmd_audit_verify(args) -> None:
    from drafting import audit

    with transaction() as session:
        broken = audit.verify(session)
        if broken is not None:
            raise CommandError(
                f"the audit trail is broken at event {broken.id} ({broken.name}, "
                f"{broken.at:%Y-%m-%d %H:%M:%S} UTC): it, or the event before it, was changed "
                "or removed after it was recorded")
        count = session.scalar(select(func.count()).select_from(audit.AuditEvent))
    print(f"the audit trail is intact: {count} events, each chained to the one before")


def _day(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option} must be a date such as 2017-07-01, not {value!r}") from None


def cmd_group_presidency(args) -> None:
    from drafting.services import find_delegation
    from workflow import statements

    starts_on, ends_on = _day(args.starts_on, "--from"), _day(args.ends_on, "--until")
    with transaction() as session:
        presidency = statements.set_presidency(
            session, SYSTEM, group=args.group, delegation=find_delegation(session, args.state),
            starts_on=starts_on, ends_on=ends_on)
        line = _presidency_line(presidency)
    print(f"recorded: {line}")


def _presidency_line(p) -> str:
    return f"{p.group}: {p.delegation.name}, {p.starts_on} to {p.ends_on}"


def cmd_group_list(args) -> None:
    from workflow import statements

    with transaction() as session:
        lines = [_presidency_line(p) for p in statements.list_presidencies(session)]
    print("\n".join(lines) if lines else "no presidency is recorded")


def cmd_statement_withdraw(args) -> None:
    from workflow import statements

    with transaction() as session:
        statement = statements.get_statement(session, args.id, SYSTEM, "withdraw")
        statements.withdraw(session, SYSTEM, statement, args.reason)
        symbol = statement.decision.symbol
    print(f"statement {args.id} on {symbol} is withdrawn; the later attachments are renumbered")


def cmd_search(args) -> None:
    from plenary.search_requests import link_of
    from workflow import search

    with transaction() as session:
        filters = search.Filters(kinds=tuple(args.kind or ()))
        results = search.search(session, SYSTEM, " ".join(args.words), filters,
                                limit=args.limit)
        lines = [_search_lines(hit, link_of(hit)) for hit in results.hits]
    print("\n\n".join(lines) if lines else "nothing found")


def _search_lines(hit, link: str) -> str:
    """A result: what it is and where, then its snippet with the words found [in brackets]."""
    state = f" · {hit.state.replace('_', ' ')}" if hit.state else ""
    snippet = "".join(f"[{part}]" if marked else part for part, marked in hit.snippet)
    return f"{hit.label}  ({hit.kind}{state}, {link})\n  {' '.join(snippet.split())}"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="plenary", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    db = sub.add_parser("db", help="the database schema").add_subparsers(dest="db", required=True)
    up = db.add_parser("upgrade", help="migrate to the newest schema")
    up.add_argument("revision", nargs="?", default="head")
    up.set_defaults(func=cmd_db_upgrade)
    down = db.add_parser("downgrade", help="migrate back to an older schema")
    down.add_argument("revision")
    down.set_defaults(func=cmd_db_downgrade)

    serve = sub.add_parser("serve", help="serve the web app and the API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(func=cmd_serve)

    sub.add_parser("demo", help="load the demo (idempotent)").set_defaults(func=cmd_demo)

    cli_accounts.add_parsers(sub)  # user add|disable|enable|password, token create|list|revoke

    draft = sub.add_parser("draft", help="drafts").add_subparsers(dest="draft", required=True)
    imp = draft.add_parser("import", help="table a draft from a .txt, .md or .docx file")
    imp.add_argument("file")
    imp.add_argument("--body", required=True, choices=["MC", "PC", "FSC"])
    imp.add_argument("--symbol", help="e.g. MC.DD/12/17 (default: the body's next)")
    imp.add_argument("--title", help="overrides the title found in the text")
    imp.add_argument("--sponsor", action="append", help="a sponsoring State (repeatable)")
    imp.set_defaults(func=cmd_draft_import)

    export = sub.add_parser("export", help="documents").add_subparsers(dest="export",
                                                                       required=True)
    dec = export.add_parser("decision", help="a decision with its attachments")
    dec.add_argument("symbol", help="e.g. MC.DEC/7/17")
    dec.add_argument("--format", default="txt")
    dec.add_argument("-o", "--output", help="a file to write (default: standard output)")
    dec.set_defaults(func=cmd_export_decision)
    jour = export.add_parser("journal", help="a journal of the day with its decisions appended")
    jour.add_argument("symbol", help='e.g. "MC(24) Journal No. 2" or PC.JOUR/1200')
    jour.add_argument("--format", default="txt")
    jour.add_argument("-o", "--output", help="a file to write (default: standard output)")
    jour.set_defaults(func=cmd_export_journal)

    drf = export.add_parser("draft", help="a draft at a revision, clean or redlined")
    drf.add_argument("symbol", help="e.g. MC.DD/3/26 (the current text) or MC.DD/3/26/Rev.1")
    drf.add_argument("--format", default="txt")
    drf.add_argument("--against", type=int, help="a redline against this earlier revision")
    drf.add_argument("--amendments", action="store_true",
                     help="mark every pending amendment (the current revision)")
    drf.add_argument("-o", "--output", help="a file to write (default: standard output)")
    drf.set_defaults(func=cmd_export_draft)

    cmp = export.add_parser("compilation", help="a draft's amendments beside each paragraph")
    cmp.add_argument("symbol", help="e.g. MC.DD/3/26 (its current revision)")
    cmp.add_argument("--format", default="html", help="html, pdf or docx")
    cmp.add_argument("--all", action="store_true",
                     help="every amendment with its outcome (default: the pending ones)")
    cmp.add_argument("--paragraph", action="append", help="only this paragraph (OP3, repeatable)")
    cmp.add_argument("-o", "--output", help="a file to write (default: standard output)")
    cmp.set_defaults(func=cmd_export_compilation)

    mtg = export.add_parser("meeting", help="every decision and journal of a meeting")
    mtg.add_argument("meeting", help='e.g. "MC(24)"')
    mtg.add_argument("--format", default="txt", help="one or more, comma-separated: pdf,docx")
    mtg.add_argument("-o", "--output", required=True, help="the folder to write into")
    mtg.set_defaults(func=cmd_export_meeting)

    body = sub.add_parser("body", help="bodies").add_subparsers(dest="body_cmd", required=True)
    nxt = body.add_parser("next-number", help="set the number of the body's next decision")
    nxt.add_argument("body", choices=["MC", "PC", "FSC"])
    nxt.add_argument("number", type=int)
    nxt.add_argument("--year", type=int, help="for MC and FSC (default: this year)")
    nxt.set_defaults(func=cmd_body_next_number)
    silence = sub.add_parser("silence", help="the silence procedure's clock")
    silence_sub = silence.add_subparsers(dest="silence_cmd", required=True)
    tick = silence_sub.add_parser("tick", help="adopt every draft whose silence expired")
    tick.set_defaults(func=cmd_silence_tick)

    group = sub.add_parser("group", help="groups and their presidencies")
    group_sub = group.add_subparsers(dest="group_cmd", required=True)
    pres = group_sub.add_parser("presidency", help="record who holds a group's presidency")
    pres.add_argument("group", help='e.g. "European Union"')
    pres.add_argument("state", help="the participating State holding it")
    pres.add_argument("--from", dest="starts_on", required=True, help="the first day")
    pres.add_argument("--until", dest="ends_on", required=True, help="the last day")
    pres.set_defaults(func=cmd_group_presidency)
    group_sub.add_parser("list", help="every presidency recorded").set_defaults(
        func=cmd_group_list)

    stm = sub.add_parser("statement", help="statements attached to decisions")
    stm_sub = stm.add_subparsers(dest="statement_cmd", required=True)
    withdraw = stm_sub.add_parser("withdraw", help="withdraw a statement registered in error")
    withdraw.add_argument("id", type=int)
    withdraw.add_argument("--reason", required=True)
    withdraw.set_defaults(func=cmd_statement_withdraw)

    audit_cmd = sub.add_parser("audit", help="the audit trail")
    audit_sub = audit_cmd.add_subparsers(dest="audit_cmd", required=True)
    verify = audit_sub.add_parser("verify", help="check the hash chain; name the first break")
    verify.set_defaults(func=cmd_audit_verify)

    find = sub.add_parser("search", help="full-text search of the record (what anyone may read)")
    find.add_argument("words", nargs="+")
    find.add_argument("--kind", action="append", choices=KINDS)
    find.add_argument("--limit", type=int, default=20)
    find.set_defaults(func=cmd_search)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Callable = args.func
    try:
        handler(args)
    except (CommandError, DomainError, ConfigError) as exc:
        print(f"plenary: {getattr(exc, 'message', exc)}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - a person gets a sentence, not a traceback
        sentence = _database_sentence(exc)
        if sentence is None:
            raise
        print(f"plenary: {sentence}", file=sys.stderr)
        return 1
    return 0


def _database_sentence(exc: Exception) -> str | None:
    """What to tell the person at the terminal when the database fails; None for a bug."""
    from sqlalchemy.exc import OperationalError

    from plenary import faults

    kind, said = faults.classify(exc), faults.first_line(exc)
    if kind == faults.UNAVAILABLE:
        return (f"the database cannot be reached ({said}); check PLENARY_DATABASE_URL and "
                "that the database server is running")
    if kind == faults.BUSY:
        return f"the database is busy ({said}); try again in a moment"
    if isinstance(exc, OperationalError):
        return f"the database is not migrated or not usable (run plenary db upgrade): {said}"
    if isinstance(exc, OSError):  # an SQLite folder that cannot be created, a full disk
        return f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc)
    return None


if __name__ == "__main__":
    sys.exit(main())
