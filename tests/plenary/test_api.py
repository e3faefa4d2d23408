"""The JSON API, version 1, through HTTP: bearer tokens, tabling a draft and every way of
getting it wrong, reading drafts and decisions, documents, OpenAPI, and the errors."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime

import pytest
from sqlalchemy import func, select
from starlette.routing import Route

from drafting import services as drafting_services
from drafting.actors import SYSTEM
from drafting.models import Draft
from exports.formats import DECISION_FORMATS, DECISION_FROM_RECORDS
from plenary import demo
from plenary.models import ApiToken
from tests.factories import make_draft, make_user
from tests.plenary.conftest import bearer
from workflow import services as workflow_services

SECURITY_HEADERS = ("content-security-policy", "x-content-type-options")
PARAGRAPH_KEY = re.compile(r"^p[0-9a-f]{10}$")
DRAFT_TEXT = """Protecting journalists

The Ministerial Council,

Recalling its commitments on freedom of expression,

Decides:

1. To protect journalists;

2. To task the Secretariat with:

(a) a report;

(b) a conference.
"""
EXPECTED_PARAGRAPHS = [
    ("preambular", "PP1", 0, None, "Recalling its commitments on freedom of expression,"),
    ("operative", "Chapeau", 0, None, "Decides:"),
    ("operative", "OP1", 0, "1", "To protect journalists;"),
    ("operative", "OP2", 0, "2", "To task the Secretariat with:"),
    ("operative", "OP2(a)", 1, "a", "a report;"),
    ("operative", "OP2(b)", 1, "b", "a conference."),
]


def draft_count(session) -> int:
    return session.scalar(select(func.count()).select_from(Draft))


def error(code: str, message: str) -> dict:
    return {"error": {"code": code, "message": message}}


@pytest.fixture
def chair(session):
    return make_user(session, "chair")


@pytest.fixture
def chair_headers(chair, token_for) -> dict[str, str]:
    return bearer(token_for(chair))


@pytest.fixture
def demo_loaded(session) -> None:
    demo.load(session)
    session.commit()


# --- bearer tokens ---------------------------------------------------------------------------


def test_a_request_without_a_token_is_refused_with_what_to_send(client):
    response = client.get("/api/v1/drafts")

    assert response.status_code == 401
    assert response.json() == error(
        "unauthorized",
        "send an API token: Authorization: Bearer <token> (see plenary token create)",
    )
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("authorization", ["Bearer", "Bearer   ", "Basic dXNlcjpwYXNz", "pln_x"])
def test_an_authorization_header_that_is_not_a_bearer_token_is_refused(client, authorization):
    response = client.get("/api/v1/drafts", headers={"Authorization": authorization})

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
    assert "Authorization: Bearer <token>" in response.json()["error"]["message"]


def test_an_unknown_token_is_refused(client, chair, token_for):
    token_for(chair)

    response = client.get("/api/v1/drafts", headers=bearer("pln_" + "x" * 43))

    assert response.status_code == 401
    assert response.json() == error(
        "unauthorized", "the API token is unknown or its account is disabled"
    )


def test_a_token_of_a_disabled_account_is_refused_at_once(client, session, chair, token_for):
    headers = bearer(token_for(chair))
    assert client.get("/api/v1/drafts", headers=headers).status_code == 200

    chair.active = False
    session.commit()
    response = client.get("/api/v1/drafts", headers=headers)

    assert response.status_code == 401
    assert response.json() == error(
        "unauthorized", "the API token is unknown or its account is disabled"
    )


def test_tokens_are_stored_as_digests_only(session, chair, token_for):
    token = token_for(chair)

    rows = session.execute(select(ApiToken.__table__)).mappings().all()
    assert len(rows) == 1
    assert token.startswith("pln_") and len(token) > 40
    assert rows[0]["digest"] == hashlib.sha256(token.encode()).hexdigest()
    assert not any(token in str(value) for row in rows for value in row.values())
    assert not any(token[4:] in str(value) for row in rows for value in row.values())


def test_a_token_works_and_its_use_is_recorded(client, session, chair, token_for):
    headers = bearer(token_for(chair))

    assert client.get("/api/v1/drafts", headers=headers).status_code == 200

    session.expire_all()
    assert session.scalar(select(ApiToken.last_used_at)) is not None


# --- tabling a draft -------------------------------------------------------------------------


def test_the_chair_tables_a_draft_and_gets_it_back_paragraph_by_paragraph(
    client, session, chair_headers
):
    payload = {"body": "MC", "text": DRAFT_TEXT, "symbol": "MC.DD/5/17",
               "sponsors": ["italy", "the Holy See", "Austria", "Italy"]}

    response = client.post("/api/v1/drafts", json=payload, headers=chair_headers)

    assert response.status_code == 201, response.text
    draft = response.json()
    assert isinstance(draft["id"], int)
    assert datetime.fromisoformat(draft["tabled_at"]).tzinfo is not None
    keys = [p.pop("key") for p in draft["paragraphs"]]
    assert all(PARAGRAPH_KEY.match(key) for key in keys), keys
    assert len(set(keys)) == len(keys)
    assert {k: v for k, v in draft.items() if k not in ("id", "tabled_at")} == {
        "symbol": "MC.DD/5/17",
        "base_symbol": "MC.DD/5/17",
        "title": "Protecting journalists",
        "body": "MC",
        "state": "proposed",
        "revision": 0,
        "enacting_formula": "The Ministerial Council,",
        "sponsors": ["Italy", "Holy See", "Austria"],  # as named, once each, in order
        "paragraphs": [
            {"kind": kind, "label": label, "level": level, "marker": marker, "text": text}
            for kind, label, level, marker, text in EXPECTED_PARAGRAPHS
        ],
        "silence": None,
    }
    assert draft_count(session) == 1


def test_a_draft_without_a_symbol_gets_the_next_one_of_its_body_and_year(
    client, chair_headers
):
    year = datetime.now().year % 100

    first = client.post("/api/v1/drafts", json={"body": "PC", "text": DRAFT_TEXT.replace(
        "The Ministerial Council,", "The Permanent Council,")}, headers=chair_headers)
    second = client.post("/api/v1/drafts", json={"body": "MC", "text": DRAFT_TEXT,
                                                 "title": "  Another   title "},
                         headers=chair_headers)

    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["symbol"] == f"PC.DD/1/{year:02d}"
    assert first.json()["enacting_formula"] == "The Permanent Council,"
    assert second.json()["symbol"] == f"MC.DD/1/{year:02d}"
    assert second.json()["title"] == "Another title"


def test_the_secretariat_may_table_a_draft(client, session, token_for):
    headers = bearer(token_for(make_user(session, "secretariat")))

    response = client.post("/api/v1/drafts", json={"body": "MC", "text": DRAFT_TEXT},
                           headers=headers)

    assert response.status_code == 201


@pytest.mark.parametrize("role", ["drafter", "observer"])
def test_a_drafter_or_an_observer_may_not_table_a_draft(client, session, token_for, role):
    headers = bearer(token_for(make_user(session, role)))

    response = client.post("/api/v1/drafts", json={"body": "MC", "text": DRAFT_TEXT},
                           headers=headers)

    assert response.status_code == 403
    assert response.json() == error(
        "forbidden",
        f"only the chair or secretariat may table a draft; you are signed in as {role}",
    )
    assert draft_count(session) == 0


def test_tabling_without_a_token_is_refused_before_the_body_is_looked_at(client, session):
    for content in (b"{not json", json.dumps({"body": "MC", "text": DRAFT_TEXT}).encode()):
        response = client.post("/api/v1/drafts", content=content,
                               headers={"content-type": "application/json"})

        assert response.status_code == 401, content
        assert response.json()["error"]["code"] == "unauthorized"
    assert draft_count(session) == 0


@pytest.mark.parametrize(
    "content",
    [b"{not json", b'{"body": "MC",}', b"\xff\xfe{}", b"[" * 60_000 + b"]" * 60_000],
    ids=["garbage", "trailing-comma", "not-utf8", "nested-too-deep"],
)
def test_a_body_that_is_not_json_is_a_bad_request(client, session, chair_headers, content):
    headers = {**chair_headers, "content-type": "application/json"}

    response = client.post("/api/v1/drafts", content=content, headers=headers)

    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "bad_request"
    assert response.json()["error"]["message"].startswith("the request body is not valid JSON")
    assert draft_count(session) == 0


@pytest.mark.parametrize("content", [b"[1, 2]", b'"MC"', b"3", b"null", b""])
def test_a_body_that_is_not_an_object_is_refused(client, session, chair_headers, content):
    headers = {**chair_headers, "content-type": "application/json"}

    response = client.post("/api/v1/drafts", content=content, headers=headers)

    assert response.status_code == 422
    assert response.json() == error("invalid", "the request body must be a JSON object")
    assert draft_count(session) == 0


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"text": DRAFT_TEXT}, "the field 'body' is required"),
        ({"body": "MC"}, "the field 'text' is required"),
        ({"body": "MC", "text": None}, "the field 'text' is required"),
        ({"body": 5, "text": DRAFT_TEXT}, "the field 'body' must be a string"),
        ({"body": "MC", "text": ["1. Decides;"]}, "the field 'text' must be a string"),
        ({"body": "MC", "text": DRAFT_TEXT, "title": 3}, "the field 'title' must be a string"),
        ({"body": "MC", "text": DRAFT_TEXT, "symbol": True},
         "the field 'symbol' must be a string"),
        ({"body": "MC", "text": DRAFT_TEXT, "sponsors": "Italy"},
         "the field 'sponsors' must be an array"),
        ({"body": "MC", "text": DRAFT_TEXT, "sponsors": ["Italy", 7]},
         "the field 'sponsors' must be a list of names of participating States"),
        ({"body": "EU", "text": DRAFT_TEXT}, "unknown body 'EU'; use one of MC, PC, FSC"),
        ({"body": "PC", "text": DRAFT_TEXT},
         "the enacting formula 'The Ministerial Council,' does not belong to the body PC: "
         "a PC draft opens with 'The Permanent Council,'"),
        ({"body": "MC", "text": DRAFT_TEXT, "symbol": "MC/12"},
         "the symbol 'MC/12' is not a draft symbol such as MC.DD/12/17"),
        ({"body": "MC", "text": DRAFT_TEXT, "symbol": "PC.DD/1/17"},
         "the symbol 'PC.DD/1/17' belongs to PC, not to MC"),
        ({"body": "MC", "text": DRAFT_TEXT, "sponsors": ["Atlantis"]},
         "unknown sponsor: 'Atlantis' is not a participating State; "
         "use a name as in the list of States"),
    ],
    ids=["no-body", "no-text", "null-text", "body-int", "text-list", "title-int",
         "symbol-bool", "sponsors-str", "sponsor-int", "unknown-body", "formula-of-other-body",
         "bad-symbol", "symbol-of-other-body", "unknown-sponsor"],
)
def test_a_draft_with_a_wrong_field_is_refused_and_says_which(
    client, session, chair_headers, payload, message
):
    response = client.post("/api/v1/drafts", json=payload, headers=chair_headers)

    assert response.status_code == 422, response.text
    assert response.json() == error("invalid", message)
    assert draft_count(session) == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Title\n\nThe Ministerial Council,\n\nRecalling X,\n\n1. To act;\n\n3. To end.\n",
         "line 9: operative paragraph 3 follows paragraph 1; paragraph 2 is missing"),
        ("Title\n\nThe Ministerial Council,\n\n1. To act;\n\nAn unnumbered afterthought.\n",
         "line 7: unnumbered text after operative paragraph 1: \"An unnumbered afterthought.\" "
         "(number it or join it to the paragraph above)"),
        ("Title\n\nThe Ministerial Council,\n\n1. To act;\n\n(b) wrongly lettered.\n",
         "line 7: sub-paragraph (b) of operative paragraph 1 is its first sub-paragraph; "
         "expected (a)"),
        ("Title\n\nThe Ministerial Council,\n\n1. To act\x07;\n",
         "line 5: the text contains the control character U+0007 at column 10; remove it"),
    ],
    ids=["missing-op", "unnumbered-after-op", "wrong-letter", "control-character"],
)
def test_a_text_whose_structure_cannot_be_read_is_refused_naming_the_line(
    client, session, chair_headers, text, message
):
    response = client.post("/api/v1/drafts", json={"body": "MC", "text": text},
                           headers=chair_headers)

    assert response.status_code == 422
    assert response.json() == error("invalid", f"the draft's structure cannot be read: {message}")
    assert draft_count(session) == 0


def test_a_text_without_paragraphs_is_refused(client, session, chair_headers):
    response = client.post("/api/v1/drafts", json={"body": "MC", "text": "\n\n"},
                           headers=chair_headers)

    assert response.status_code == 422
    assert response.json()["error"]["message"].startswith(
        "the draft's structure cannot be read: no paragraphs found"
    )
    assert draft_count(session) == 0


def test_a_duplicate_symbol_is_a_conflict_and_the_first_draft_stays(
    client, session, chair_headers
):
    payload = {"body": "MC", "text": DRAFT_TEXT, "symbol": "MC.DD/12/17"}
    first = client.post("/api/v1/drafts", json=payload, headers=chair_headers)

    again = client.post("/api/v1/drafts", json={**payload, "title": "Another title"},
                        headers=chair_headers)

    assert first.status_code == 201
    assert again.status_code == 409
    assert again.json() == error("conflict", "a draft with the symbol MC.DD/12/17 exists already")
    assert draft_count(session) == 1
    listed = client.get("/api/v1/drafts", headers=chair_headers).json()["drafts"]
    assert [(d["symbol"], d["title"]) for d in listed] == [
        ("MC.DD/12/17", "Protecting journalists")
    ]


def test_a_body_over_the_size_limit_is_refused_with_a_json_error(
    client, session, settings, chair_headers
):
    text = DRAFT_TEXT + "\n3. " + "x" * settings.max_body_bytes + ".\n"

    response = client.post("/api/v1/drafts", json={"body": "MC", "text": text},
                           headers=chair_headers)

    assert settings.max_body_bytes == 200_000
    assert response.status_code == 413
    assert response.json() == error(
        "too_large", "the request is too large: at most 200,000 bytes are accepted"
    )
    assert draft_count(session) == 0
    for name in SECURITY_HEADERS:
        assert name in response.headers


def test_a_streamed_body_over_the_size_limit_is_refused_with_a_json_error(
    client, session, settings, chair_headers
):
    def chunks():  # no Content-Length: the limit bites while the body is read
        yield b'{"body": "MC", "text": "'
        for _ in range(30):
            yield b"x" * 10_000
        yield b'"}'

    headers = {**chair_headers, "content-type": "application/json"}
    response = client.post("/api/v1/drafts", content=chunks(), headers=headers)

    assert response.status_code == 413
    assert response.json() == error(
        "too_large", "the request is too large: at most 200,000 bytes are accepted"
    )
    assert draft_count(session) == 0


def test_a_body_just_under_the_size_limit_is_read(client, session, settings, chair_headers):
    # Within the draft's own limits (drafting/limits.py) yet close to the body's: accented
    # letters take six bytes each in escaped JSON.
    paragraphs = "".join(f"\n{n}. To say " + "éèêë " * 1_900 + ".\n" for n in range(3, 7))
    body = json.dumps({"body": "MC", "text": DRAFT_TEXT + paragraphs})
    assert 0.9 * settings.max_body_bytes < len(body.encode()) < settings.max_body_bytes

    response = client.post("/api/v1/drafts", content=body,
                           headers={**chair_headers, "content-type": "application/json"})

    assert response.status_code == 201
    assert draft_count(session) == 1


# --- reading drafts --------------------------------------------------------------------------


def test_drafts_are_listed_newest_first_with_their_state(client, session, chair_headers):
    older = make_draft(session, symbol="MC.DD/1/17", tabled_at=datetime.fromisoformat(
        "2017-11-01T09:00:00+00:00"))
    newer = make_draft(session, symbol="MC.DD/2/17", tabled_at=datetime.fromisoformat(
        "2017-11-02T09:00:00+00:00"))
    workflow_services.open_negotiation(session, SYSTEM, newer)
    session.commit()

    response = client.get("/api/v1/drafts", headers=chair_headers)

    assert response.status_code == 200
    assert response.json() == {"drafts": [
        {"id": newer.id, "symbol": "MC.DD/2/17", "title": "Test decision", "body": "MC",
         "state": "negotiating", "revision": 0},
        {"id": older.id, "symbol": "MC.DD/1/17", "title": "Test decision", "body": "MC",
         "state": "proposed", "revision": 0},
    ], "counts": {"proposed": 1, "negotiating": 1, "under_silence": 0, "adopted": 0,
                  "withdrawn": 0},
        "next": None, "previous": None}


def test_a_draft_reads_the_same_twice_with_unique_stable_keys(client, session, chair_headers):
    created = client.post("/api/v1/drafts", json={"body": "MC", "text": DRAFT_TEXT},
                          headers=chair_headers).json()

    first = client.get(f"/api/v1/drafts/{created['id']}", headers=chair_headers)
    second = client.get(f"/api/v1/drafts/{created['id']}", headers=chair_headers)

    assert first.status_code == second.status_code == 200
    assert first.json() == second.json() == created
    keys = [p["key"] for p in first.json()["paragraphs"]]
    assert len(keys) == len(set(keys)) == len(EXPECTED_PARAGRAPHS)
    assert [p["label"] for p in first.json()["paragraphs"]] == [
        label for _, label, *_ in EXPECTED_PARAGRAPHS
    ]


def test_paragraph_keys_differ_between_drafts(client, chair_headers):
    one = client.post("/api/v1/drafts", json={"body": "MC", "text": DRAFT_TEXT},
                      headers=chair_headers).json()
    two = client.post("/api/v1/drafts", json={"body": "MC", "text": DRAFT_TEXT},
                      headers=chair_headers).json()

    assert not {p["key"] for p in one["paragraphs"]} & {p["key"] for p in two["paragraphs"]}


def test_an_unknown_draft_is_a_json_404(client, chair_headers):
    response = client.get("/api/v1/drafts/999999", headers=chair_headers)

    assert response.status_code == 404
    assert response.json() == error("not_found", "there is no draft 999999")


def test_an_unknown_draft_asked_without_a_token_is_401_not_404(client):
    response = client.get("/api/v1/drafts/999999")

    assert response.status_code == 401


# --- decisions -------------------------------------------------------------------------------


def test_decisions_filtered_by_symbol_return_exactly_that_decision(
    client, demo_loaded, chair_headers
):
    response = client.get("/api/v1/decisions", params={"symbol": "MC.DEC/7/17"},
                          headers=chair_headers)

    assert response.status_code == 200
    decisions = response.json()["decisions"]
    assert len(decisions) == 1
    decision = decisions[0]
    assert {k: decision[k] for k in ("symbol", "number", "body", "draft_symbol", "adopted_at",
                                     "adopted_on")} == {
        "symbol": "MC.DEC/7/17", "number": 7, "body": "MC", "draft_symbol": "MC.DD/12/17",
        "adopted_at": "2017-12-08T16:05:00+00:00", "adopted_on": "2017-12-08",  # closed 17:05 CET
    }
    assert decision["title"].startswith("Strengthening efforts to combat all forms of child")
    assert decision["journal"]["agenda_item"] == 7
    labels = [p["label"] for p in decision["paragraphs"]]
    assert labels[:2] == ["PP1", "PP2"] and labels[-1] == "OP13"
    assert "OP5(a)" in labels and "OP5(b)" in labels
    [statement] = decision["statements"]
    assert {k: v for k, v in statement.items() if k not in ("id", "paragraphs")} == {
        "status": "registered", "attachment": 1, "kind": "interpretative_statement",
        "delegation": "Russian Federation", "also_on_behalf_of": [], "cosigners": [],
        "group": None, "group_role": None, "original_language": "RUSSIAN",
    }
    assert statement["paragraphs"][0].startswith("In joining the consensus")
    assert len(statement["paragraphs"]) == 4


def test_decisions_filter_without_a_match_is_an_empty_list(client, demo_loaded, chair_headers):
    for symbol in ("MC.DEC/8/17", "MC.DEC/7/1"):
        response = client.get("/api/v1/decisions", params={"symbol": symbol},
                              headers=chair_headers)

        assert response.status_code == 200
        assert response.json() == {"decisions": [], "next": None, "previous": None}


def test_a_decision_reads_the_same_by_id_as_in_the_list(client, demo_loaded, chair_headers):
    listed = client.get("/api/v1/decisions", headers=chair_headers).json()["decisions"]

    assert [d["symbol"] for d in listed] == ["MC.DEC/7/17"]
    response = client.get(f"/api/v1/decisions/{listed[0]['id']}", headers=chair_headers)
    assert response.status_code == 200
    assert response.json() == listed[0]


def test_an_unknown_decision_is_a_json_404(client, chair_headers):
    response = client.get("/api/v1/decisions/424242", headers=chair_headers)

    assert response.status_code == 404
    assert response.json() == error("not_found", "there is no decision 424242")


def test_the_decision_document_downloads_as_text_named_after_the_symbol(
    client, demo_loaded, chair_headers
):
    [decision] = client.get("/api/v1/decisions", headers=chair_headers).json()["decisions"]

    response = client.get(f"/api/v1/decisions/{decision['id']}/document",
                          params={"format": "txt"}, headers=chair_headers)

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.headers["content-disposition"] == 'attachment; filename="MC.DEC-7-17.txt"'
    text = response.text
    assert text.startswith("Second day of the Twenty-Fourth Meeting\n")
    assert "DECISION No. 7/17\n" in text
    assert "\nBy the delegation of the Russian Federation:\n" in text
    assert "&amp;" not in text and "&#" not in text  # plain text, not HTML-escaped


def test_the_decision_document_defaults_to_text_and_offers_markdown(
    client, demo_loaded, chair_headers
):
    [decision] = client.get("/api/v1/decisions", headers=chair_headers).json()["decisions"]
    url = f"/api/v1/decisions/{decision['id']}/document"

    default = client.get(url, headers=chair_headers)
    markdown = client.get(url, params={"format": "md"}, headers=chair_headers)

    assert default.headers["content-disposition"] == 'attachment; filename="MC.DEC-7-17.txt"'
    assert markdown.status_code == 200
    assert markdown.headers["content-type"] == "text/markdown; charset=utf-8"
    assert markdown.headers["content-disposition"] == 'attachment; filename="MC.DEC-7-17.md"'


def test_an_unknown_document_format_is_422_listing_the_formats(
    client, session, demo_loaded, chair_headers
):
    [decision] = client.get("/api/v1/decisions", headers=chair_headers).json()["decisions"]

    response = client.get(f"/api/v1/decisions/{decision['id']}/document",
                          params={"format": "odt"}, headers=chair_headers)

    assert response.status_code == 422
    assert response.json() == error("invalid", "?format= takes one of "
                                     + ", ".join([*DECISION_FORMATS, *DECISION_FROM_RECORDS])
                                     + "; not 'odt'")


def test_decisions_need_a_token(client, demo_loaded):
    for path in ("/api/v1/decisions", "/api/v1/decisions/1", "/api/v1/decisions/1/document"):
        response = client.get(path)

        assert response.status_code == 401, path
        assert response.json()["error"]["code"] == "unauthorized"


# --- OpenAPI ---------------------------------------------------------------------------------


def api_operations(app) -> set[tuple[str, str]]:
    """(path as OpenAPI writes it, method) of every /api route the app has."""
    operations = set()
    for route in app.routes:
        if isinstance(route, Route) and route.path.startswith("/api/"):
            path = re.sub(r"\{(\w+):\w+\}", r"{\1}", route.path)
            operations |= {(path, method.lower()) for method in route.methods - {"HEAD"}}
    return operations


def _resolved(schema: dict, parameter: dict) -> dict:
    """A parameter as written, or the shared one it refers to ($ref)."""
    if "$ref" not in parameter:
        return parameter
    return schema["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[1]]


def test_openapi_describes_every_api_path_and_method(client, app):
    response = client.get("/openapi.json")  # no token needed to read the description

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["components"]["securitySchemes"]["bearer"] == {"type": "http",
                                                                 "scheme": "bearer"}
    operations = api_operations(app)
    assert len(operations) >= 6
    described = {(path, method) for path, ops in schema["paths"].items() for method in ops
                 if path.startswith("/api/")}
    assert described == operations
    for path, method in operations:
        operation = schema["paths"][path][method]
        assert operation["summary"], (path, method)
        assert operation["responses"], (path, method)
        parameters = [_resolved(schema, p) for p in operation.get("parameters", [])]
        declared = {p["name"] for p in parameters if p["in"] == "path"}
        assert declared == set(re.findall(r"\{(\w+)\}", path)), (path, method)


# --- routing errors and headers --------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/nothing", "/api/v2/drafts", "/api/v1/drafts/abc"])
def test_an_unknown_api_path_is_a_json_404(client, chair_headers, path):
    response = client.get(path, headers=chair_headers)

    assert response.status_code == 404
    assert response.json() == error(
        "not_found", f"there is no {path}; the API's paths are listed at /openapi.json"
    )


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [("DELETE", "/api/v1/drafts", "GET, HEAD, POST"),
     ("PUT", "/api/v1/drafts/1", "GET, HEAD"),
     ("POST", "/api/v1/decisions", "GET, HEAD")],
)
def test_a_wrong_method_is_a_json_405_naming_the_allowed_ones(
    client, chair_headers, method, path, allowed
):
    response = client.request(method, path, headers=chair_headers)

    assert response.status_code == 405
    assert response.headers["allow"] == allowed
    assert response.json() == error(
        "method_not_allowed", f"{method} is not allowed on {path}; use {allowed}"
    )


def test_api_responses_carry_the_security_headers(client, chair_headers):
    responses = [
        client.get("/api/v1/drafts", headers=chair_headers),
        client.get("/api/v1/drafts"),
        client.get("/api/v1/nothing"),
        client.get("/openapi.json"),
    ]

    for response in responses:
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "default-src 'self'" in response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_an_unexpected_failure_is_a_json_500_that_says_nothing_was_saved(
    make_client, chair_headers, monkeypatch, caplog
):
    def broken(session, **page):
        raise RuntimeError("the database exploded")

    monkeypatch.setattr(drafting_services, "list_drafts", broken)
    client = make_client(raise_server_exceptions=False)

    response = client.get("/api/v1/drafts", headers=chair_headers)

    assert response.status_code == 500
    assert response.json() == error(
        "internal", "something went wrong on our side; nothing was saved"
    )
    assert "the database exploded" not in response.text
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" in response.headers
    assert "unhandled error on GET /api/v1/drafts" in caplog.text


def test_the_decision_as_akoma_ntoso_through_the_api(client, session, token_for):
    from lxml import etree

    from exports.akn import assert_validates

    demo.load(session)
    session.commit()
    token = token_for(make_user(session, role="observer"))
    decision = client.get("/api/v1/decisions?symbol=MC.DEC/7/17",
                          headers=bearer(token)).json()["decisions"][0]
    response = client.get(f"/api/v1/decisions/{decision['id']}/document?format=akn",
                          headers=bearer(token))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/akn+xml")
    assert response.headers["content-disposition"].endswith('MC.DEC-7-17.akn.xml"')
    assert_validates(etree.fromstring(response.content))


def test_the_decision_as_pdf_and_html_through_the_api(client, session, token_for):
    demo.load(session)
    session.commit()
    token = token_for(make_user(session, role="observer"))
    decision = client.get("/api/v1/decisions?symbol=MC.DEC/7/17",
                          headers=bearer(token)).json()["decisions"][0]
    url = f"/api/v1/decisions/{decision['id']}/document"
    pdf = client.get(url, params={"format": "pdf"}, headers=bearer(token))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert pdf.headers["content-disposition"].endswith('MC.DEC-7-17.pdf"')
    page = client.get(url, params={"format": "html"}, headers=bearer(token))
    assert page.headers["content-type"].startswith("text/html")
    assert "<h1" in page.text and "DECISION No. 7/17" in page.text
