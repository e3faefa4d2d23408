"""The Starlette application: routes, templates, errors and security headers."""

from __future__ import annotations

import logging
from datetime import datetime
from http.cookies import SimpleCookie
from pathlib import Path

import jinja2
from sqlalchemy import exc as sa_exc
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Match, Mount, Route
from starlette.schemas import SchemaGenerator
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from drafting import amendment_machine
from drafting.consolidated import rewrite_note
from drafting.db import utcnow
from drafting.errors import DomainError
from exports import wording
from plenary import (
    accounts,
    api,
    background,
    clock,
    digest,  # noqa: F401  (registers the daily digest's background job)
    exporting,
    faults,
    feedback,
    idempotency,
    mailer,  # noqa: F401  (registers the mailer's background job)
    notice_rules,
    notice_settings,
    pages,
)
from plenary.api import schema as api_schema
from plenary.broker import Broker
from plenary.db import make_engine, make_sessionmaker, read_sessionmaker
from plenary.http import PRESESSION_COOKIE, SESSION_COOKIE, Unauthorized, csrf_token, presession
from plenary.pages import common as page_common
from plenary.settings import PROJECT_ROOT, Settings, load_settings
from plenary.writer import Writer
from workflow import machine, silence

log = logging.getLogger("plenary")
STATIC_DIR = Path(__file__).parent / "static"
TEMPLATES_DIR = PROJECT_ROOT / "templates"
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'self'; frame-ancestors 'none'; form-action 'self'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]

schemas = SchemaGenerator(api_schema.BASE)  # the handlers' docstrings fill in the paths


def openapi(request: Request) -> Response:
    """
    summary: This description of the API (OpenAPI 3)
    security: []
    responses:
      200: {description: the OpenAPI document}
    """
    return JSONResponse(schemas.get_schema(routes=request.app.routes))


def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


_readiness = faults.Probe()


async def readyz(request: Request) -> Response:
    # For a load balancer: 200 while the database answers, 503 (take this worker out of
    # rotation, ask again after Retry-After) while it does not. /healthz stays 200. A read
    # session: on SQLite it takes no write lock, so a rush of writes never fails the check.
    problem = await _readiness.problem(request.app.state.read_sessionmaker)
    if problem is None:
        return JSONResponse({"status": "ready"})
    return JSONResponse(
        {"status": "unavailable",
         "error": {"code": "database_unavailable", "message": f"{problem}; retry in a moment"}},
        status_code=503, headers={"Retry-After": faults.RETRY_AFTER})


def page_templates(settings: Settings) -> Jinja2Templates:
    # Every page is autoescaped, whatever its file name (Starlette's default escapes only
    # .html/.htm/.xml); documents have their own environment in exports.
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR), autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["localtime"] = lambda dt: _local(dt, settings)
    env.filters["longdate"] = wording.format_date
    env.filters["deadline"] = lambda dt: silence.deadline_text(dt, settings.zone)
    env.filters["remaining"] = remaining
    env.globals["zone_name"] = settings.time_zone
    env.globals["statement_header"] = wording.statement_header
    env.globals["author_line"] = wording.author_line
    env.globals["quoted"] = wording.quoted_paragraphs
    env.globals["journal_symbol"] = lambda j: wording.journal_symbol(
        j.meeting.body, j.meeting.number, j.number)
    env.globals["adoption_sentence"] = lambda d: wording.adoption_sentence(
        d.body, d.number_label, d.symbol, d.draft.title)
    env.globals["attachment_pointer"] = lambda position, count: f"attachment {position}"
    env.globals["csrf_token"] = lambda request: csrf_token(request, settings.secret_key)
    env.globals["unread_notices"] = notice_settings.unread_for_page
    env.filters["unread_label"] = notice_rules.unread_label
    env.globals["may"] = may
    env.globals["may_draft"] = may_draft
    env.globals["rewrite_note"] = rewrite_note
    env.globals["form_refused"] = feedback.refused  # a refused form, redisplayed
    env.globals["form_value"] = feedback.form_value
    env.globals["form_checked"] = feedback.form_checked
    env.globals["invalid"] = feedback.invalid
    return Jinja2Templates(env=env)


def may(user, draft, amendment, action: str) -> bool:
    """Whether the amendment table lets the signed-in user take `action` now: a page
    offers a button only where it does."""
    return amendment_machine.permitted(accounts.actor_for(user), draft, amendment, action)


def may_draft(user, draft, action: str) -> bool:
    """The same for the draft's own procedure (open, start_silence, adopt, withdraw …) and
    issuing a revised text ("revise")."""
    actor = accounts.actor_for(user)
    if action == "revise":
        return amendment_machine.may_revise(actor, draft)
    return machine.permitted(actor, draft, action)


def remaining(deadline: datetime) -> str:
    """ "2 h 14 min left": what the countdown shows without JavaScript."""
    minutes = int((deadline - utcnow()).total_seconds() // 60)
    if minutes < 0:
        return "The deadline has passed"
    days, hours, minutes = minutes // 1440, minutes % 1440 // 60, minutes % 60
    return " ".join(part for part in (f"{days} d" if days else "",
                                      f"{hours} h" if days or hours else "",
                                      f"{minutes} min") if part) + " left"


def _local(dt: datetime, settings: Settings) -> str:
    local = dt.astimezone(settings.zone)
    return f"{wording.format_date(local.date())}, {local:%H:%M} {local.tzname()}"


async def domain_error(request: Request, exc: DomainError) -> Response:
    if isinstance(exc, page_common.SignInRequired) and not _is_api(request):
        return page_common.login_redirect(request)
    # A 401 names the scheme to use (RFC 9110 requires WWW-Authenticate on a 401).
    refused = isinstance(exc, (Unauthorized, accounts.TokenRefused))
    headers = {"WWW-Authenticate": "Bearer"} if refused else getattr(exc, "headers", None)
    return _error(request, exc.status, exc.code, exc.message, headers)


async def http_error(request: Request, exc: HTTPException) -> Response:
    # Starlette's own messages ("Not Found") do not say what to do; these do.
    if exc.status_code == 404:
        where = "the API's paths are listed at /openapi.json" if _is_api(request) else (
            "check the address, or start from the dashboard")
        return _error(request, 404, "not_found", f"there is no {request.url.path}; {where}")
    if exc.status_code == 405:
        allowed = _allowed_methods(request)
        message = f"{request.method} is not allowed on {request.url.path}; use {allowed}"
        return _error(request, 405, "method_not_allowed", message, {"Allow": allowed})
    if exc.status_code == 413:
        return _error(request, 413, "too_large", _too_large(request.app.max_body_size))
    return _error(request, exc.status_code, "error", str(exc.detail), exc.headers)


def _allowed_methods(request: Request) -> str:
    # A path served by one Route per method (GET and POST /api/v1/drafts) gets from
    # Starlette an Allow header naming only the first route's methods: gather them all.
    methods: set[str] = set()
    for route in request.app.routes:
        if isinstance(route, Route) and route.methods:
            match, _ = route.matches(request.scope)
            if match != Match.NONE:
                methods |= route.methods
    return ", ".join(sorted(methods))


def _too_large(limit: int | None) -> str:
    return f"the request is too large: at most {limit:,} bytes are accepted"


async def database_error(request: Request, exc: Exception) -> Response:
    """A database that is down or overloaded passes: 503 with Retry-After, one log line
    per half minute. Any other database error (a constraint, a missing table) is a bug."""
    kind = faults.classify(exc)
    if kind is None:
        return await server_error(request, exc)
    faults.request_log.warning("answering 503 while the database is %s: %s", kind,
                               faults.first_line(exc))
    return _error(request, 503, f"database_{kind}", faults.MESSAGES[kind],
                  {"Retry-After": faults.RETRY_AFTER})


async def server_error(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return _error(request, 500, "internal", "something went wrong on our side; nothing was saved")


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error(request: Request, status: int, code: str, message: str,
           headers: dict[str, str] | None = None) -> Response:
    if _is_api(request):
        return JSONResponse({"error": {"code": code, "message": message}}, status_code=status,
                            headers=headers)
    context = {"status": status, "message": message, "user": None}
    response = page_common.render(request, "plenary/error.html", context, status=status)
    response.headers.update(headers or {})
    return response


class PresessionAndHeaders:
    """Gives each browser a pre-session id (for the login form's CSRF token) and adds the
    security headers to every response.

    It wraps the whole application (see Plenary.build_middleware_stack), outside
    Starlette's error and body-limit middleware, so that their 500 and 413 answers carry
    the headers too.
    """

    def __init__(self, app, https: bool = False):
        self.app = app
        self.https = https

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if scope["path"].startswith("/api/"):  # no forms, so no pre-session to bind them
            value, new = "", False
        else:
            cookies = SimpleCookie(_header(scope, b"cookie"))
            request_value = cookies.get(PRESESSION_COOKIE)
            value, new = presession(request_value.value if request_value else None)
        scope.setdefault("state", {})["presession"] = value
        secure = "; Secure" if self.https or scope.get("scheme") == "https" else ""

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", [])) + SECURITY_HEADERS
                headers += _storage_headers(scope["path"], headers, self.https)
                if new:
                    cookie = f"{PRESESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax{secure}"
                    headers.append((b"set-cookie", cookie.encode()))
                message["headers"] = headers
            await send(message)

        limit = scope["app"].max_body_size
        declared = _header(scope, b"content-length")
        if limit is not None and declared.isdigit() and int(declared) > limit:
            # Starlette answers a declared oversize body with its own plain-text 413,
            # whatever the handler returned; answer here in the API's JSON or as a page.
            response = _error(Request(scope), 413, "too_large", _too_large(limit))
            return await response(scope, receive, send_with_headers)
        await self.app(scope, receive, send_with_headers)


NO_STORE = (b"cache-control", b"no-store")
HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")


def _storage_headers(path: str, headers: list, https: bool) -> list[tuple[bytes, bytes]]:
    """no-store on everything but the static files: a page, a download or an API answer
    may hold what only its signed-in reader may see, and must stay in no browser cache or
    proxy (a handler that sets its own Cache-Control knows better). HSTS over HTTPS."""
    extra = []
    if not path.startswith("/static/") and all(k.lower() != b"cache-control" for k, _ in headers):
        extra.append(NO_STORE)
    if https:
        extra.append(HSTS)
    return extra


def _header(scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key == name:
            return value.decode("latin-1")
    return ""


routes = [
    *pages.routes,
    *api.routes,
    Route("/openapi.json", openapi, include_in_schema=False),
    Route("/healthz", healthz, include_in_schema=False),
    Route("/readyz", readyz, include_in_schema=False),
    Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
]


class Plenary(Starlette):
    def build_middleware_stack(self):
        # Added with add_middleware, PresessionAndHeaders would sit inside Starlette's
        # ServerErrorMiddleware and body limit: 500 pages would lack the security headers.
        https = self.state.settings.https
        return PresessionAndHeaders(super().build_middleware_stack(), https=https)


def create_app(settings: Settings | None = None, sessionmaker=None) -> Starlette:
    settings = settings or load_settings()
    app = Plenary(
        routes=routes,
        lifespan=background.lifespan,
        exception_handlers={DomainError: domain_error, HTTPException: http_error,
                            sa_exc.DBAPIError: database_error,
                            sa_exc.TimeoutError: database_error, Exception: server_error},
        middleware=[Middleware(idempotency.IdempotencyMiddleware, error=_error,
                               database_error=database_error, session_cookie=SESSION_COOKIE)],
        max_body_size=settings.max_body_bytes,
    )
    app.state.settings = settings
    app.state.sessionmaker = sessionmaker or make_sessionmaker(make_engine(settings.database_url))
    app.state.read_sessionmaker = read_sessionmaker(app.state.sessionmaker)
    app.state.writer = Writer(app.state.sessionmaker,
                              before_batch=lambda session: clock.settle_within(session, settings))
    app.state.templates = page_templates(settings)
    app.state.exports = exporting.Exports(settings.export_processes, settings.export_seconds)
    app.state.broker = Broker(settings.database_url, settings.live_streams)  # live pages
    return app
