"""The `plenary user …` and `plenary token …` commands (added to the parser by
plenary.cli)."""

from __future__ import annotations

import getpass
import sys
from datetime import datetime

from plenary.cli_common import CommandError, transaction

ROLES = ["chair", "secretariat", "drafter", "observer"]
# plenary.accounts is imported by each command, not here: it hashes a password at import,
# and `plenary --help` or `plenary export …` should not wait for that.


def cmd_user_add(args) -> None:
    from plenary import accounts

    password = _read_password(args.password_stdin)
    with transaction() as session:
        user = accounts.add_user(session, email=args.email, role=args.role, password=password,
                                 delegation=args.delegation)
    print(f"user {user.email} added as {user.role}")


def cmd_user_disable(args) -> None:
    from plenary import accounts

    with transaction() as session:
        user = _user(session, args.email)
        sessions, tokens = accounts.disable_user(session, user)
    print(f"{user.email} is disabled: {sessions} sessions ended and {tokens} API tokens "
          "revoked at once")


def cmd_user_enable(args) -> None:
    from plenary import accounts

    with transaction() as session:
        user = _user(session, args.email)
        accounts.enable_user(session, user)
    print(f"{user.email} may sign in again; its old API tokens stay revoked (plenary token "
          "create makes a new one)")


def cmd_user_password(args) -> None:
    from plenary import accounts

    with transaction() as session:
        _user(session, args.email)  # before asking for a password: a mistyped address
    password = _read_password(from_stdin=not sys.stdin.isatty())
    with transaction() as session:
        user = _user(session, args.email)
        ended = accounts.set_password(session, user, password)
    print(f"the password of {user.email} is changed; {ended} sessions signed in with the old "
          "one are ended")


def _read_password(from_stdin: bool) -> str:
    from plenary import accounts

    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            raise CommandError("the two passwords differ")
    else:
        raise CommandError("give the password with --password-stdin, or run in a terminal")
    if not password:
        raise CommandError(f"the password is empty; give one of at least "
                           f"{accounts.MIN_PASSWORD} characters")
    return password


def _user(session, email: str):
    from plenary import accounts

    user = accounts.find_user(session, email)
    if user is None:
        raise CommandError(f"there is no user {email}; add one with plenary user add")
    return user


def cmd_token_create(args) -> None:
    from plenary import accounts

    with transaction() as session:
        user = _user(session, args.email)
        days = accounts.TOKEN_DAYS if args.expires_days is None else args.expires_days
        token = accounts.create_token(session, user, days=days)
        expires = accounts.list_tokens(session, user)[0].expires_at  # newest first: this one
    print(f"API token for {user.email}, valid until {_when(expires)} "
          "(shown once; keep it secret):")
    print(token)


def cmd_token_list(args) -> None:
    from plenary import accounts

    with transaction() as session:
        user = _user(session, args.email)
        rows = [(t.id, accounts.token_state(t), _when(t.created_at),
                 _when(t.last_used_at) if t.last_used_at else "never", _when(t.expires_at))
                for t in accounts.list_tokens(session, user)]
    if not rows:
        print(f"{user.email} has no API tokens")
        return
    line = "{:>6}  {:8} {:21} {:21} {}"
    print(line.format("ID", "STATE", "CREATED", "LAST USED (ABOUT)", "EXPIRES"))
    for row in rows:
        print(line.format(*row))


def cmd_token_revoke(args) -> None:
    from plenary import accounts

    with transaction() as session:
        row = accounts.find_token(session, args.id)
        revoked = accounts.revoke_token(session, row)
        email, when = row.user.email, _when(row.revoked_at)
    if revoked:
        print(f"API token {args.id} of {email} is revoked; it stops working at once")
    else:
        print(f"API token {args.id} of {email} was revoked already, on {when}")


def _when(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC"


def add_parsers(sub) -> None:
    """`plenary user …` and `plenary token …` on the main parser's subcommands."""
    user = sub.add_parser("user", help="accounts").add_subparsers(dest="user", required=True)
    add = user.add_parser("add", help="add a user")
    add.add_argument("email")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--delegation", help="the participating State a drafter works for")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    add.set_defaults(func=cmd_user_add)
    for name, func, what in [
        ("disable", cmd_user_disable, "stop a user signing in: ends sessions, revokes tokens"),
        ("enable", cmd_user_enable, "let a disabled user sign in again"),
        ("password", cmd_user_password,
         "set a new password (from a prompt, or stdin when not a terminal)"),
    ]:
        command = user.add_parser(name, help=what)
        command.add_argument("email")
        command.set_defaults(func=func)

    token = sub.add_parser("token", help="API tokens").add_subparsers(dest="token", required=True)
    create = token.add_parser("create", help="create an API token for a user")
    create.add_argument("email")
    create.add_argument("--expires-days", type=int, default=None,
                        help="how many days it works (default 90)")
    create.set_defaults(func=cmd_token_create)
    listing = token.add_parser("list", help="a user's tokens: created, last used, expires")
    listing.add_argument("email")
    listing.set_defaults(func=cmd_token_list)
    revoke = token.add_parser("revoke", help="revoke a token at once")
    revoke.add_argument("id", type=int, help="its number, as plenary token list shows it")
    revoke.set_defaults(func=cmd_token_revoke)
