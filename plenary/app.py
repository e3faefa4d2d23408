"""The Starlette application: routes, templates, errors and security headers."""

from __future__ import annotations

import logging
from datetime import datetime
from http.cookies import SimpleCookie
from pathlib import Path

import jinja2
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.schemas import SchemaGenerator
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from drafting.errors import DomainError
from exports import wording
from plenary import api, pages
from plenary.db import make_engine, make_sessionmaker
from plenary.http import PRESESSION_COOKIE, csrf_token, presession
from plenary.settings import PROJECT_ROOT, Settings, load_settings

log = logging.getLogger("plenary")
STATIC_DIR = Path(__file__).parent / "static"
TEMPLATES_DIR = PROJECT_ROOT / "templates"
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'self'; frame-ancestors 'none'; form-action 'self'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]

schemas = SchemaGenerator(
    {"openapi": "3.0.3", "info": {"title": "Plenary API", "version": "1"},
     "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
     "security": [{"bearer": []}]}
)


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


def page_templates(settings: Settings) -> Jinja2Templates:
    # Every page is autoescaped, whatever its file name (Starlette's default escapes only
    # .html/.htm/.xml); documents have their own environment in exports.
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR), autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["localtime"] = lambda dt: _local(dt, settings)
    env.filters["longdate"] = wording.format_date
    env.globals["statement_header"] = wording.statement_header
    env.globals["author_line"] = wording.author_line
    env.globals["quoted"] = wording.quoted_paragraphs
    env.globals["csrf_token"] = lambda request: csrf_token(request, settings.secret_key)
    return Jinja2Templates(env=env)


def _local(dt: datetime, settings: Settings) -> str:
    local = dt.astimezone(settings.zone)
    return f"{wording.format_date(local.date())}, {local:%H:%M} {local.tzname()}"


async def domain_error(request: Request, exc: DomainError) -> Response:
    if isinstance(exc, pages.SignInRequired) and not _is_api(request):
        return pages.login_redirect(request)
    return _error(request, exc.status, exc.code, exc.message)


async def http_error(request: Request, exc: HTTPException) -> Response:
    codes = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}
    message = {413: "the request is too large"}.get(exc.status_code, str(exc.detail))
    return _error(request, exc.status_code, codes.get(exc.status_code, "error"), message)


async def server_error(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return _error(request, 500, "internal", "something went wrong on our side; nothing was saved")


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error(request: Request, status: int, code: str, message: str) -> Response:
    if _is_api(request):
        return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)
    context = {"status": status, "message": message, "user": None}
    return pages.render(request, "plenary/error.html", context, status=status)


class PresessionAndHeaders:
    """Gives each browser a pre-session id (for the login form's CSRF token) and adds the
    security headers to every response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        cookies = SimpleCookie(_header(scope, b"cookie"))
        request_value = cookies.get(PRESESSION_COOKIE)
        value, new = presession(request_value.value if request_value else None)
        scope.setdefault("state", {})["presession"] = value

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", [])) + SECURITY_HEADERS
                if new:
                    cookie = f"{PRESESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax"
                    headers.append((b"set-cookie", cookie.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


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
    Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
]


def create_app(settings: Settings | None = None, sessionmaker=None) -> Starlette:
    settings = settings or load_settings()
    app = Starlette(
        routes=routes,
        exception_handlers={DomainError: domain_error, HTTPException: http_error,
                            Exception: server_error},
        max_body_size=settings.max_body_bytes,
    )
    app.add_middleware(PresessionAndHeaders)
    app.state.settings = settings
    app.state.sessionmaker = sessionmaker or make_sessionmaker(make_engine(settings.database_url))
    app.state.templates = page_templates(settings)
    return app
