"""The parts of /openapi.json that every operation shares: the record shapes, the error
answers and the common parameters. Handlers' docstrings refer to them with $ref (see
plenary.api), so each docstring says only what is particular to its operation.

Enumerations come from the domain's own constants, so the document cannot drift from
what the code accepts: the formats are exports.formats', the states drafting's.
"""

from __future__ import annotations

from drafting.db import MAX_ID
from drafting.limits import MAX_COMMENTS_PER_AMENDMENT
from drafting.models import AMENDMENT_ACTIONS, AMENDMENT_STATUSES, BODIES, DRAFT_STATES
from drafting.paging import DEFAULT_LIMIT, MAX_CURSOR, MAX_LIMIT
from exports.formats import DECISION_FORMATS, DECISION_FROM_RECORDS, DRAFT_FORMATS, JOURNAL_FORMATS
from plenary.inputs import MAX_INT, MIN_INT
from plenary.notice_rules import EMAIL_SETTINGS, UNREAD_CAP
from workflow.models import STATEMENT_KINDS, STATEMENT_STATUSES

STRING = {"type": "string"}
INTEGER = {"type": "integer", "minimum": MIN_INT, "maximum": MAX_INT}
ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
REVISION = {"type": "integer", "minimum": 0, "maximum": MAX_ID}
BOOLEAN = {"type": "boolean"}
DATE = {"type": "string", "format": "date"}
DATE_TIME = {"type": "string", "format": "date-time"}


def obj(**properties) -> dict:
    """An object with every property required: the serialisers always write them all."""
    return {"type": "object", "required": list(properties), "properties": properties}


def array(items: dict) -> dict:
    return {"type": "array", "items": items}


def nullable(schema: dict) -> dict:
    if "$ref" in schema:  # OpenAPI 3.0 ignores siblings of a $ref
        return {"allOf": [schema], "nullable": True}
    return {**schema, "nullable": True}


def enum(values) -> dict:
    return {"type": "string", "enum": list(values)}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


# A paged list's links to its next and previous pages (null on the last or first page),
# and its numbers per status or state, for what the other pages hold (plenary.paging).
PAGE_LINKS = {"next": nullable(STRING), "previous": nullable(STRING)}
COUNTS = {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}

# A user's unread notifications, counted no further than the cap (plenary.notice_rules).
UNREAD = {"type": "integer", "minimum": 0, "maximum": UNREAD_CAP}

# ("=", text) | ("-", text) | ("+", text): a word-level redline, kept, deleted, inserted.
REDLINE = array({"type": "array", "items": STRING, "minItems": 2, "maxItems": 2})

# A comment of an amendment's discussion (drafting/discussion.py): a reply's reply_to is
# the top-level comment it answers; delegation is null for the Chair and the secretariat.
COMMENT = dict(id=ID, amendment_id=ID, reply_to=nullable(ID), author_id=nullable(ID),
               speaker=STRING, delegation=nullable(STRING), role=STRING, text=STRING,
               compromise=BOOLEAN, created_at=DATE_TIME)

SCHEMAS = {
    "Error": obj(error=obj(code=STRING, message=STRING)),
    "Paragraph": obj(key=STRING, kind=STRING, label=STRING, level=INTEGER,
                     marker=nullable(STRING), text=STRING),
    "Silence": obj(deadline=DATE_TIME, deadline_text=STRING, revision=REVISION, status=STRING),
    "Draft": obj(
        id=ID, symbol=STRING, base_symbol=STRING, title=STRING, body=enum(BODIES),
        state=enum(DRAFT_STATES), revision=REVISION, enacting_formula=STRING,
        tabled_at=DATE_TIME, sponsors=array(STRING), paragraphs=array(ref("Paragraph")),
        silence=nullable(ref("Silence"))),
    "DraftSummary": obj(id=ID, symbol=STRING, title=STRING, body=enum(BODIES),
                        state=enum(DRAFT_STATES), revision=REVISION),
    "DraftList": obj(drafts=array(ref("DraftSummary")), counts=COUNTS, **PAGE_LINKS),
    "Statement": obj(
        id=ID, status=enum(STATEMENT_STATUSES), attachment=nullable(INTEGER),
        kind=enum(STATEMENT_KINDS), delegation=STRING, also_on_behalf_of=array(STRING),
        cosigners=array(obj(delegation=STRING, status=STRING)), group=nullable(STRING),
        group_role=nullable(STRING), original_language=STRING, paragraphs=array(STRING)),
    "StatementOfDecision": {"allOf": [ref("Statement"), obj(decision=obj(id=ID, symbol=STRING))]},
    "StatementRegistered": obj(id=ID, status=enum(STATEMENT_STATUSES),
                               attachment=nullable(INTEGER), decision=STRING),
    "Decision": obj(
        id=ID, symbol=STRING, number=INTEGER, body=enum(BODIES), title=STRING, draft_id=ID,
        draft_symbol=STRING, draft=obj(id=ID, symbol=STRING), adopted_at=DATE_TIME,
        adopted_on=DATE, mode=enum(["meeting", "silence"]), issued=BOOLEAN,
        issued_at=nullable(DATE_TIME), journal=nullable(obj(id=ID, agenda_item=INTEGER)),
        paragraphs=array(ref("Paragraph")), statements=array(ref("Statement"))),
    "DecisionList": obj(decisions=array(ref("Decision")), **PAGE_LINKS),
    "Adoption": obj(decision=obj(id=ID, symbol=STRING, number=INTEGER)),
    "Meeting": obj(id=ID, body=enum(BODIES), number=INTEGER, place=STRING, first_day=DATE,
                   last_day=DATE, journals=array(obj(id=ID, number=INTEGER, date=DATE))),
    "MeetingList": obj(meetings=array(ref("Meeting")), **PAGE_LINKS),
    "JournalList": obj(journals=array(obj(
        id=ID, meeting_id=ID, body=enum(BODIES), number=INTEGER, symbol=STRING, day=DATE)),
        **PAGE_LINKS),
    "Journal": obj(
        id=ID, meeting_id=ID, body=enum(BODIES), number=INTEGER, symbol=STRING,
        document_symbol=STRING, day=DATE, chairperson=STRING, session_title=STRING,
        opened_at=nullable(STRING),
        closed_at=nullable(STRING), next_meeting=STRING,
        suspensions=array(obj(suspended_at=STRING, resumed_at=nullable(STRING))),
        announcements=array(obj(kind=STRING, decision=STRING)),
        agenda_items=array(obj(
            number=INTEGER, title=STRING,
            entries=array(obj(kind=STRING, decision=nullable(STRING))),
            speakers=array(obj(position=INTEGER, name=STRING, annex=nullable(INTEGER))),
            documents=array(obj(position=INTEGER, symbol=STRING)),
            annexes=array(obj(number=INTEGER, speaker=INTEGER, delegation=STRING,
                              text=STRING))))),
    "Amendment": obj(
        id=ID, draft_id=ID, paragraph=STRING, action=enum(AMENDMENT_ACTIONS),
        status=enum(AMENDMENT_STATUSES), delegation=STRING, base_revision=REVISION,
        base_text=STRING, text=nullable(STRING), new_paragraph=nullable(STRING),
        rationale=STRING, reason=STRING, supporters=array(STRING), redline=REDLINE,
        conflict=nullable({"type": "object"}), incorporated_in=nullable(REVISION),
        rebased_onto=nullable(REVISION), created_at=DATE_TIME),
    "AmendmentList": obj(amendments=array(ref("Amendment")), counts=COUNTS, **PAGE_LINKS),
    "Comment": obj(**COMMENT),
    "CommentThread": obj(**COMMENT, replies=array(ref("Comment"))),
    "Discussion": obj(comments=array(ref("CommentThread")), open=BOOLEAN,
                      count={"type": "integer", "minimum": 0,
                             "maximum": MAX_COMMENTS_PER_AMENDMENT}, **PAGE_LINKS),
    "RevisionIssued": obj(revision=REVISION, symbol=STRING, incorporated=array(ID),
                          rebased=array(ID), needs_rebase=array(ID), contained=array(ID)),
    "Comparison": obj(
        **{"from": obj(revision=REVISION, symbol=STRING),
           "to": obj(revision=REVISION, symbol=STRING)},
        paragraphs=array(obj(key=STRING, from_label=nullable(STRING),
                             to_label=nullable(STRING),
                             change=enum(["unchanged", "modified", "inserted", "deleted"]),
                             moved=BOOLEAN, redline=REDLINE))),
    "EventList": obj(events=array(obj(
        id=ID, at=DATE_TIME, name=STRING, actor_user_id=nullable(ID), actor_role=STRING,
        actor_delegation_id=nullable(ID), subject_id=nullable(INTEGER),
        data={"type": "object"}, hash=STRING)), **PAGE_LINKS),
    "Presidency": obj(id=ID, name=STRING, presidency=STRING, **{"from": DATE, "until": DATE}),
    "GroupList": obj(groups=array(obj(name=STRING, presidencies=array(ref("Presidency"))))),
    "NotificationList": obj(notifications=array(obj(
        id=ID, message=STRING, link=STRING, draft_id=nullable(ID), created_at=DATE_TIME,
        read=BOOLEAN)), unread=UNREAD, **PAGE_LINKS),
    "NotificationRead": obj(id=ID, read=BOOLEAN, unread=UNREAD),
    "NotificationsRead": obj(unread=UNREAD),
    "NotificationSettings": obj(email=enum(EMAIL_SETTINGS)),
}


def _error(description: str, headers: dict | None = None) -> dict:
    answer = {"description": description,
              "content": {"application/json": {"schema": ref("Error")}}}
    return answer | ({"headers": headers} if headers else {})


def _record(description: str, schema: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": ref(schema)}}}


def _document(formats: dict) -> dict:
    # Every content type the formats are served as; the body is the file itself.
    types = sorted({content_type.split(";")[0] for content_type, _ in formats.values()})
    return {"description": "the document, as a download named after its symbol",
            "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in types}}


DECISION_DOCUMENT_FORMATS = DECISION_FORMATS | DECISION_FROM_RECORDS

RESPONSES = {
    "BadRequest": _error("the request body is not JSON; the message says where it breaks"),
    "Unauthorized": _error(
        "no API token, or one that is unknown or of a disabled account",
        {"WWW-Authenticate": {"required": True, "schema": STRING,
                              "description": "Bearer: the scheme to use"}}),
    "Forbidden": _error("this user may not do this; the message names who may"),
    "NotFound": _error("no such record (or none this user may see); the message names it"),
    "Conflict": _error("not possible in the record's present state; the message says why"),
    "TooLarge": _error("the request body is over the size limit"),
    "Invalid": _error("a field or parameter is missing or wrong; the message names it and "
                      "says what to send"),
    "DecisionDocument": _document(DECISION_DOCUMENT_FORMATS),
    "DraftDocument": _document(DRAFT_FORMATS),
    "JournalDocument": _document(JOURNAL_FORMATS),
    **{name: _record(f"the {description}", name) for name, description in {
        "Draft": "draft at its current revision", "DraftList": "drafts",
        "Decision": "decision", "DecisionList": "decisions", "Adoption": "new decision",
        "Meeting": "meeting", "MeetingList": "meetings", "Journal": "journal",
        "JournalList": "journals of the day, the latest first",
        "Amendment": "amendment", "AmendmentList": "amendments",
        "Comment": "comment",
        "Discussion": "discussion of the amendment, a page of top-level comments (each with "
                      "its replies) at a time, the oldest first",
        "RevisionIssued": "revision issued and what became of the amendments",
        "Comparison": "two revisions compared", "EventList": "audit trail, oldest first",
        "StatementOfDecision": "statement as it now stands, with its decision",
        "StatementRegistered": "statement", "Presidency": "presidency",
        "GroupList": "groups and their presidencies", "NotificationList": "notifications",
        "NotificationRead": "notification, now read, and how many remain unread",
        "NotificationsRead": "number of notifications that remain unread",
        "NotificationSettings": "e-mail setting for notifications",
    }.items()},
}


def _path(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": schema,
            "description": description}


def _query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description}


def _format(formats: dict) -> dict:
    return _query("format", {**enum(formats), "default": "txt"}, "the file format")


PARAMETERS = {
    "Id": _path("id", ID, "the record's id"),
    "RevisionNumber": _path("n", REVISION, "the revision: 0 for the text as tabled, N for Rev.N"),
    "AgendaNumber": _path("number", ID, "the agenda item's number in the journal"),
    "LinePosition": _path("position", ID, "the line's position under the agenda item, from 1"),
    "AnnexNumber": _path("annex", ID, "the annex's number in the journal: 2 for Annex 2"),
    "DecisionFormat": _format(DECISION_DOCUMENT_FORMATS),
    "DraftFormat": _format(DRAFT_FORMATS),
    "JournalFormat": _format(JOURNAL_FORMATS),
    "Limit": _query("limit", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT,
                              "default": DEFAULT_LIMIT}, "the page size"),
    "Cursor": _query("cursor", {**STRING, "maxLength": MAX_CURSOR},
                     "opaque: as found in the next and previous links; leave it out for "
                     "the first page"),
}

BASE = {
    "openapi": "3.0.3",
    "info": {"title": "Plenary API", "version": "1",
             "description": "Errors are {\"error\": {\"code\", \"message\"}}; the message says "
                            "what to fix."},
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": SCHEMAS, "responses": RESPONSES, "parameters": PARAMETERS,
    },
    "security": [{"bearer": []}],
}
