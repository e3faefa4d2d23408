"""/openapi.json is a valid OpenAPI 3.0 document and describes every operation whole: its
parameters and body, what it answers on success, and each error it can give."""

from __future__ import annotations

import pytest
from openapi_spec_validator import OpenAPIV30SpecValidator

from exports.formats import DECISION_FORMATS, DECISION_FROM_RECORDS, DRAFT_FORMATS, JOURNAL_FORMATS

WRITES = {"post", "patch", "put", "delete"}

# Writes that read no body: the path says it all.
WITHOUT_BODY = {("post", "/api/v1/drafts/{id}/open"), ("post", "/api/v1/drafts/{id}/withdraw"),
                ("post", "/api/v1/decisions/{id}/issue"),
                ("post", "/api/v1/statements/{id}/confirm"),
                ("post", "/api/v1/notifications/{id}/read")} | {
    ("delete", f"/api/v1/journals/{{id}}/agenda/{{number}}/{lines}/{{{name}}}")
    for lines, name in (("speakers", "position"), ("documents", "position"),
                        ("annexes", "annex"))}
# Writes that no state of a record refuses: a journal's times, Chairperson, next meeting
# and agenda items can be corrected at any time (moving an item onto a taken number swaps).
# Likewise a speaker's name and place, and removing a cited document or an annex.
NEVER_409 = {("patch", "/api/v1/journals/{id}"),
             ("patch", "/api/v1/journals/{id}/agenda/{number}"),
             ("patch", "/api/v1/journals/{id}/agenda/{number}/speakers/{position}"),
             ("delete", "/api/v1/journals/{id}/agenda/{number}/documents/{position}"),
             ("delete", "/api/v1/journals/{id}/agenda/{number}/annexes/{annex}")}
# Writes each user makes on their own notifications only: nobody is refused, and no state
# of a notification refuses them (marking read twice changes nothing).
OWN_NOTIFICATIONS = {("post", "/api/v1/notifications/{id}/read"),
                     ("post", "/api/v1/notifications/read"),
                     ("patch", "/api/v1/account/notification-settings")}
# Operations whose body names a record to find (the journal of an adoption).
BODY_NAMES_A_RECORD = {("post", "/api/v1/drafts/{id}/adopt")}


@pytest.fixture
def document(client) -> dict:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(document: dict):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield method, path, operation


def resolved(document: dict, node: dict) -> dict:
    while "$ref" in node:
        section, name = node["$ref"].removeprefix("#/components/").split("/")
        node = document["components"][section][name]
    return node


def test_the_document_is_valid_openapi_3_0(document):
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in OpenAPIV30SpecValidator(document).iter_errors()]
    assert errors == []


def test_the_document_describes_every_route_of_the_api(document, app):
    documented = {(m, p) for m, p, _ in operations(document)}
    served = {(method.lower(), route.path.replace(":id}", "}"))
              for route in app.routes if getattr(route, "path", "").startswith("/api/")
              for method in route.methods - {"HEAD"}}
    assert served == documented


def expected_errors(method: str, path: str, operation: dict) -> set[str]:
    """The rule every operation is held to: which error answers it must document.

    401 everywhere: every operation needs an API token. 403 and 409 on writes: each write
    has a rule of who may make it and of the state it needs (reads are for every signed-in
    user and change nothing, so they neither forbid nor conflict). 404 where the path, or
    the body, names a record. 422 where a body or a query parameter can be wrong. 400 and
    413 where there is a body (not JSON; too large).
    """
    key = (method, path)
    body = "requestBody" in operation
    query = any(p.get("in") == "query" for p in operation.get("parameters", []))
    errors = {"401"}
    if method in WRITES and key not in OWN_NOTIFICATIONS:
        errors |= {"403"} | ({"409"} - ({"409"} if key in NEVER_409 else set()))
    if "{" in path or key in BODY_NAMES_A_RECORD:
        errors.add("404")
    if body or query:
        errors.add("422")
    if body:
        errors |= {"400", "413"}
    return errors


def test_every_operation_documents_exactly_the_errors_it_can_give(document):
    wrong = {}
    for method, path, operation in operations(document):
        documented = {s for s in operation["responses"] if s.startswith("4")}
        parameters = [resolved(document, p) for p in operation.get("parameters", [])]
        expected = expected_errors(method, path, operation | {"parameters": parameters})
        if documented != expected:
            wrong[f"{method.upper()} {path}"] = {"missing": sorted(expected - documented),
                                                  "not possible": sorted(documented - expected)}
    assert wrong == {}


def test_every_error_answer_is_the_error_object(document):
    for method, path, operation in operations(document):
        for status, answer in operation["responses"].items():
            if status.startswith("4"):
                schema = resolved(document, answer)["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/Error"}, (method, path, status)


def test_every_success_answer_has_a_schema(document):
    for method, path, operation in operations(document):
        successes = [resolved(document, a) for s, a in operation["responses"].items()
                     if s.startswith("2")]
        assert len(successes) == 1, (method, path)
        content = successes[0]["content"]
        assert content and all("schema" in media for media in content.values()), (method, path)


def test_every_write_that_reads_a_body_documents_its_schema_and_every_parameter_has_one(
        document):
    for method, path, operation in operations(document):
        if method in WRITES and (method, path) not in WITHOUT_BODY:
            schema = operation["requestBody"]["content"]["application/json"]["schema"]
            assert schema["type"] == "object" and "properties" in schema, (method, path)
        for parameter in operation.get("parameters", []):
            assert "schema" in resolved(document, parameter), (method, path, parameter)


@pytest.mark.parametrize(("path", "formats"), [
    ("/api/v1/decisions/{id}/document", DECISION_FORMATS | DECISION_FROM_RECORDS),
    ("/api/v1/drafts/{id}/document", DRAFT_FORMATS),
    ("/api/v1/journals/{id}/document", JOURNAL_FORMATS),
])
def test_a_document_lists_every_format_served_and_its_content_type(document, path, formats):
    operation = document["paths"][path]["get"]
    parameters = [resolved(document, p) for p in operation["parameters"]]
    listed = next(p for p in parameters if p["name"] == "format")["schema"]["enum"]
    assert listed == list(formats)
    content = resolved(document, operation["responses"]["200"])["content"]
    assert set(content) == {content_type.split(";")[0] for content_type, _ in formats.values()}
