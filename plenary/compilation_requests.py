"""What a request for the compilation of amendments asks (?compilation=pending|all, the
?paragraph= repeated, ?format=), read the same way by the JSON API and the draft's
download: a wrong value is a 422 naming what to send."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session
from starlette.requests import Request

from drafting.errors import Invalid
from drafting.models import Draft
from exports import compilation
from exports.formats import Job, prepare_compilation
from plenary.inputs import check_text, query_choice

FORMATS = compilation.FORMATS


def wants_compilation(request: Request) -> bool:
    return "compilation" in request.query_params


def prepare(request: Request, session: Session, draft: Draft, fmt: str) -> Job:
    """The compilation the request asks for, read in the request's session; its limits
    are checked there, before the render."""
    scope = query_choice(request, "compilation", compilation.SCOPES)
    if fmt not in compilation.FORMATS:
        raise Invalid(f"the compilation of amendments is made as "
                      f"{', '.join(compilation.FORMATS)}; not {fmt!r}")
    mixed = [name for name in ("revision", "against", "amendments")
             if name in request.query_params]
    if mixed:
        raise Invalid(f"a compilation is of the current revision's amendments: leave out "
                      f"?{mixed[0]}=")
    paragraphs = [check_text(p, "?paragraph=") for p in request.query_params.getlist("paragraph")]
    today = datetime.now(request.app.state.settings.zone).date()
    return prepare_compilation(session, draft, fmt, scope, paragraphs=paragraphs,
                               made_on=today)
