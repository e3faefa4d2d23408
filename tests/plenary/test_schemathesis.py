"""schemathesis against a real Plenary (`plenary serve` on a database of its own, the demo
loaded), as `st run` does it: every operation of /openapi.json with its examples, with the
boundary cases of each parameter, with data its schema allows and data it does not, then
sequences of calls that follow the links between operations (the stateful phase), as the
Chair and as a drafter, with every check schemathesis runs by default.

The engine behind `st run` is driven directly: schemathesis's lazy pytest loader
(`schemathesis.pytest.from_fixture`) needs pytest's removed `Node._nodeid` under pytest 9,
and the schema is only known once the server runs. A fixed seed and bounded examples keep
it repeatable and within a minute per database; each failure is reported with its curl."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from schemathesis.engine import Status, events, from_schema
from sqlalchemy.orm import Session

from plenary import accounts
from plenary.db import make_engine
from tests.live_server import live_server

pytestmark = pytest.mark.server

SEED = 20261201
EXAMPLES = 6  # per operation and phase
STEPS = 8  # calls in a stateful sequence at most
ROLES = {"chair": "chair@demo.plenary", "drafter": "drafter.ru@demo.plenary"}
# The examples and coverage phases send each parameter's documented examples and boundary
# values, the same whoever asks: the Chair's run has them; the drafter's run fuzzes and
# follows links, where who asks changes the answers (403, 404 for what it may not see).
PHASES = {"chair": ["examples", "coverage", "fuzzing", "stateful"],
          "drafter": ["fuzzing", "stateful"]}

# The one adjustment to the default checks. positive_data_acceptance expects every request
# the schema allows to be accepted; these operations also refuse (422) what JSON Schema
# cannot say, each for the reason given. Every other operation must accept all it allows.
RULES_BEYOND_THE_SCHEMA = {
    ("POST", "/api/v1/drafts"): "the text's structure; the symbol's body and year",
    ("GET", "/api/v1/drafts"): "a cursor is opaque: only those a list gave are valid",
    ("GET", "/api/v1/decisions"): "a cursor is opaque: only those a list gave are valid",
    ("GET", "/api/v1/notifications"): "a cursor is opaque: only those a list gave are valid",
    ("GET", "/api/v1/meetings"): "a cursor is opaque: only those a list gave are valid",
    ("GET", "/api/v1/journals"): "a cursor is opaque: only those a list gave are valid",
    ("GET", "/api/v1/drafts/{id}/events"): "a cursor is opaque: only those a list gave are valid",
    ("GET", "/api/v1/drafts/{id}/amendments"): "the paragraph must be one of the draft's; "
                                                "a cursor must be one the list gave",
    ("GET", "/api/v1/drafts/{id}/document"): "against must come before revision; "
                                              "amendments=pending only on the current one; "
                                              "a compilation only as html, pdf or docx, "
                                              "of the draft's paragraphs",
    ("POST", "/api/v1/drafts/{id}/amendments"): "the paragraph must be one of the draft's, "
                                                 "the text must change it, no control "
                                                 "characters",
    ("POST", "/api/v1/drafts/{id}/revisions"): "the amendments and paragraphs must be the "
                                                "draft's",
    ("POST", "/api/v1/drafts/{id}/silence"): "the deadline must be in the future",
    ("POST", "/api/v1/drafts/{id}/silence/break"): "an objection needs a reason, an "
                                                    "amendment its paragraph and text",
    ("POST", "/api/v1/drafts/{id}/adopt"): "the journal must be of the draft's body",
    ("POST", "/api/v1/amendments/{id}/accept"): "no control characters in the reason",
    ("POST", "/api/v1/amendments/{id}/reject"): "a reason that is more than spaces",
    ("POST", "/api/v1/amendments/{id}/rewrite"): "a text that changes the paragraph",
    ("GET", "/api/v1/amendments/{id}/comments"): "a cursor is opaque: only those a list "
                                                  "gave are valid",
    ("POST", "/api/v1/amendments/{id}/comments"): "reply_to must be a comment of the same "
                                                   "amendment; a text that is more than "
                                                   "spaces, no control characters",
    ("POST", "/api/v1/meetings"): "the last day may not come before the first",
    ("POST", "/api/v1/meetings/{id}/journals"): "the date must be a day of the meeting",
    ("POST", "/api/v1/journals/{id}/agenda"): "a title that is more than spaces",
    ("PATCH", "/api/v1/journals/{id}"): "times as HH:MM, closing after opening",
    ("PATCH", "/api/v1/journals/{id}/agenda/{number}"): "a title that is more than spaces",
    **{(method, f"/api/v1/journals/{{id}}/agenda/{{number}}/{path}"): rule
       for method, path, rule in [
           ("POST", "speakers", "a name that is more than spaces; a place the list has"),
           ("PATCH", "speakers/{position}", "a name that is more than spaces; a place the "
                                            "list has"),
           ("POST", "documents", "a document symbol (PC.DEL/1229/20); a place the list has"),
           ("PATCH", "documents/{position}", "a document symbol; a place the list has"),
           ("POST", "annexes", "a text that is more than spaces"),
           ("PATCH", "annexes/{annex}", "a text that is more than spaces")]},
    ("POST", "/api/v1/decisions/{id}/statements"): "participating States, a known language, "
                                                    "a text",
    ("POST", "/api/v1/statements/{id}/decline"): "no control characters in the reason",
    ("POST", "/api/v1/statements/{id}/resubmit"): "participating States",
    ("POST", "/api/v1/statements/{id}/withdraw"): "the secretariat must give a reason",
    ("POST", "/api/v1/groups"): "a participating State; the period may not end before it "
                                "starts",
    ("GET", "/api/v1/search"): "q must hold a word (letters or digits), ten at most; a state "
                               "one of the kinds have; the delegation a participating State",
}
ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]  # schemathesis's default


@pytest.fixture(scope="module")
def plenary_server(module_database_url: str) -> Iterator[tuple[str, dict[str, str]]]:
    """The server's base URL and an API token for each role."""
    with live_server(module_database_url) as base:
        yield base, _tokens(module_database_url)


def _tokens(database_url: str) -> dict[str, str]:
    engine = make_engine(database_url)
    with Session(engine) as session:
        tokens = {role: accounts.create_token(session, accounts.find_user(session, email))
                  for role, email in ROLES.items()}
        session.commit()
    engine.dispose()
    return tokens


def _schema(base: str, token: str, phases: list[str]):
    config = schemathesis.Config.from_dict({
        "seed": SEED,
        # One at a time. With two worker threads, CPython 3.11 before 3.11.8 sometimes
        # fails inside schemathesis with "AST constructor recursion depth mismatch"
        # (python/cpython#106905: ast's state is shared between threads); seen here once.
        "workers": 1,
        # A PDF takes a second or so; on a busy two-core machine two at once took over
        # schemathesis's 10 s. A server that hangs still fails, a minute later.
        "request-timeout": 60,
        "generation": {"mode": "all", "max-examples": EXAMPLES},
        "phases": _phases(phases),
        "auth": {"openapi": {"bearer": {"bearer": token}}},
        "operations": [
            {"include-method": method, "include-path": path,
             "checks": {"positive_data_acceptance": {"expected-statuses": [*ACCEPTED, "422"]}}}
            for method, path in RULES_BEYOND_THE_SCHEMA
        ],
    })
    return schemathesis.openapi.from_url(f"{base}/openapi.json", config=config)


def _phases(enabled: list[str]) -> dict:
    phases = {name: {"enabled": name in enabled}
              for name in ("examples", "coverage", "fuzzing", "stateful")}
    phases["stateful"]["max-steps"] = STEPS
    return phases


def failures_of(schema) -> list[str]:
    """Run the phases as `st run` does; each failed check with its curl, and any error of
    the run itself."""
    found = []
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            for checks in event.recorder.checks.values():
                found += [f"{check.failure_info.failure.title} on {event.recorder.label}:\n"
                          f"{check.failure_info.failure.message}\n"
                          f"{check.failure_info.code_sample}"
                          for check in checks if check.status == Status.FAILURE]
        elif isinstance(event, events.NonFatalError | events.FatalError):
            found.append(f"the run itself failed: {event}")
    return found


@pytest.mark.parametrize("role", ROLES)
def test_every_operation_answers_as_documented_whatever_it_is_sent(plenary_server, role):
    base, tokens = plenary_server
    failures = failures_of(_schema(base, tokens[role], PHASES[role]))
    assert not failures, f"{len(failures)} failures as the {role}:\n\n" + "\n\n".join(failures)
