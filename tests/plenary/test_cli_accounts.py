"""`plenary user disable|enable|password` and `plenary token create|list|revoke`, run
in-process against a database of their own."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from drafting.db import utcnow
from plenary import accounts
from plenary.cli_common import transaction
from plenary.models import ApiToken, User, UserSession
from tests.plenary.test_cli import run

EMAIL = "anna@example.org"
PASSWORD = "a long enough password"


@pytest.fixture
def anna(cli_db, capsys, monkeypatch) -> str:
    code, _, err = run(capsys, "user", "add", EMAIL, "--role", "chair", "--password-stdin",
                       stdin=PASSWORD + "\n", monkeypatch=monkeypatch)
    assert code == 0, err
    return EMAIL


def sign_in_twice() -> None:
    with transaction() as session:
        user = accounts.find_user(session, EMAIL)
        accounts.start_session(session, user, hours=1)
        accounts.start_session(session, user, hours=1)


def stored(query):
    with transaction() as session:
        return session.execute(query).all()


def test_disable_ends_sessions_and_tokens_at_once_and_enable_lets_in_again(anna, capsys):
    sign_in_twice()
    run(capsys, "token", "create", EMAIL)

    code, out, _ = run(capsys, "user", "disable", EMAIL)

    assert code == 0
    assert out == (f"{EMAIL} is disabled: 2 sessions ended and 1 API tokens revoked at "
                   "once\n")
    assert stored(select(UserSession.id)) == []
    assert stored(select(User.active)) == [(False,)]
    assert [state for _, state, *_ in token_lines(capsys)] == ["revoked"]

    code, out, _ = run(capsys, "user", "enable", EMAIL)

    assert code == 0 and out.startswith(f"{EMAIL} may sign in again; its old API tokens "
                                        "stay revoked")
    assert stored(select(User.active)) == [(True,)]
    assert [state for _, state, *_ in token_lines(capsys)] == ["revoked"]


def test_a_new_password_from_stdin_ends_the_sessions_and_says_so(
    anna, capsys, monkeypatch
):
    sign_in_twice()

    code, out, _ = run(capsys, "user", "password", EMAIL, stdin="another good passphrase\n",
                       monkeypatch=monkeypatch)

    assert code == 0
    assert out == (f"the password of {EMAIL} is changed; 2 sessions signed in with the old "
                   "one are ended\n")
    assert stored(select(UserSession.id)) == []
    with transaction() as session:
        user = accounts.find_user(session, EMAIL)
        assert accounts.password_matches(user.password_hash, "another good passphrase")


@pytest.mark.parametrize(("given", "message"), [
    ("\n", "plenary: the password is empty; give one of at least 10 characters\n"),
    ("short\n", "plenary: a password has 10 to 1024 characters\n"),
    ("qwertyuiop\n", "plenary: this password is among the first ones guessed; choose a "
                     "longer phrase of several words\n"),
    ("anna@example.org\n", "plenary: the password may not be the e-mail address or its "
                           "first part\n"),
])
def test_a_weak_or_empty_password_is_refused_and_the_old_one_stays(
    anna, capsys, monkeypatch, given, message
):
    code, out, err = run(capsys, "user", "password", EMAIL, stdin=given,
                         monkeypatch=monkeypatch)

    assert (code, out, err) == (1, "", message)
    with transaction() as session:
        assert accounts.password_matches(accounts.find_user(session, EMAIL).password_hash,
                                         PASSWORD)


def test_user_commands_name_an_unknown_user(cli_db, capsys, monkeypatch):
    for command in ("disable", "enable", "password"):
        code, _, err = run(capsys, "user", command, "nobody@example.org", stdin="x\n",
                           monkeypatch=monkeypatch)
        assert (code, err) == (1, "plenary: there is no user nobody@example.org; add one "
                                  "with plenary user add\n")


def token_lines(capsys) -> list[list[str]]:
    code, out, _ = run(capsys, "token", "list", EMAIL)
    assert code == 0
    header, *lines = out.splitlines()
    assert header.split() == ["ID", "STATE", "CREATED", "LAST", "USED", "(ABOUT)", "EXPIRES"]
    return [line.split() for line in lines]


def test_tokens_are_created_with_a_life_listed_and_revoked(anna, capsys):
    code, out, _ = run(capsys, "token", "create", EMAIL, "--expires-days", "7")
    assert code == 0 and out.splitlines()[-1].startswith("pln_")
    week = (utcnow() + timedelta(days=7)).strftime("%Y-%m-%d")
    assert out.splitlines()[0].startswith(f"API token for {EMAIL}, valid until {week} ")
    run(capsys, "token", "create", EMAIL)

    code, out, _ = run(capsys, "token", "list", EMAIL)
    [(newest, newest_expiry), (first, first_expiry)] = stored(
        select(ApiToken.id, ApiToken.expires_at).order_by(ApiToken.id.desc()))
    assert out.splitlines()[1:] == [
        f"{newest:>6}  active   {utc(stored_created(newest))}  never                 "
        f"{utc(newest_expiry)}",
        f"{first:>6}  active   {utc(stored_created(first))}  never                 "
        f"{utc(first_expiry)}",
    ]

    code, out, _ = run(capsys, "token", "revoke", str(first))
    assert (code, out) == (0, f"API token {first} of {EMAIL} is revoked; it stops working at "
                              "once\n")
    code, out, _ = run(capsys, "token", "revoke", str(first))
    assert code == 0 and out.startswith(f"API token {first} of {EMAIL} was revoked already, on ")
    code, out, _ = run(capsys, "token", "list", EMAIL)
    assert [line.split()[:2] for line in out.splitlines()[1:]] == [
        [str(newest), "active"], [str(first), "revoked"]]


def utc(moment) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC"


def stored_created(token_id: int):
    return stored(select(ApiToken.created_at).where(ApiToken.id == token_id))[0][0]


def test_token_commands_refuse_what_they_cannot_do(anna, capsys):
    code, _, err = run(capsys, "token", "create", EMAIL, "--expires-days", "0")
    assert (code, err) == (1, "plenary: a token lasts 1 to 3650 days, not 0\n")
    code, _, err = run(capsys, "token", "revoke", "999")
    assert (code, err) == (1, "plenary: there is no API token 999; see plenary token list "
                              "EMAIL\n")
    code, _, err = run(capsys, "token", "list", "nobody@example.org")
    assert code == 1 and "there is no user nobody@example.org" in err
    code, out, _ = run(capsys, "token", "list", EMAIL)
    assert (code, out) == (0, f"{EMAIL} has no API tokens\n")
