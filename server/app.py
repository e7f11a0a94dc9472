"""The FastAPI application, built by a factory so tests can make as many isolated apps as they like."""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Receive, Scope, Send

from core.errors import GovDocsError, Unavailable
from core.profile import CorpusProfile
from core.settings import ROOT, Settings
from server import access_log
from server.branding import branding_for
from server.filters import answer_html, highlight_terms
from server.guards import BodyLimit, SameOriginWrites
from server.live import LiveServices
from server.services import Services
from server.validation import plain_details, plain_message

__all__ = ["Services", "create_app"]

log = logging.getLogger(__name__)

WEB_DIR = ROOT / "web"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/healthz"


def _allowed_methods(app: FastAPI, path: str) -> list[str]:
    """The methods the OpenAPI document gives for `path` (a path may be served by several routes)."""
    methods: set[str] = set()
    for template, operations in app.openapi()["paths"].items():
        if re.fullmatch(re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)), path):
            methods.update(m.upper() for m in operations)
    return sorted(methods)


def create_app(
    settings: Settings | None = None, services: Services | None = None, live: LiveServices | None = None
) -> FastAPI:
    """Build the app. Pass `services` to share loaded models between apps (tests do): such an app serves them as
    they are. Otherwise the app loads the newest index generation at start-up and follows every ingest."""
    settings = settings or Settings.from_env()

    def show_brand(loaded: Services) -> None:
        app.state.templates.env.globals["brand"] = loaded.branding

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        access_log.install(*access_log.ACCESS_LOGGERS)  # after uvicorn has configured its loggers
        live: LiveServices = app.state.live or LiveServices(settings)
        live.on_switch = live.on_switch or show_brand
        app.state.live = live
        live.start()
        with contextlib.suppress(Unavailable), live.acquire() as loaded:
            show_brand(loaded)
        yield
        live.close()  # stops the watcher; services shared with other apps (LiveServices.fixed) stay open

    app = FastAPI(title="Governance assistant", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.live = LiveServices.fixed(services) if services is not None else live
    templates = Jinja2Templates(directory=str(WEB_DIR / "templates"))
    templates.env.filters["answer_html"] = answer_html
    templates.env.filters["highlight_terms"] = highlight_terms
    templates.env.globals["brand"] = services.branding if services is not None else branding_for(CorpusProfile(), None)
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=str(WEB_DIR / "static")), name="static")

    async def send_error(scope: Scope, receive: Receive, send: Send, status: int, message: str) -> None:
        await error_response(Request(scope, receive), status, message)(scope, receive, send)

    # Added before the headers middleware, so they run inside it and their refusals carry its headers too.
    app.add_middleware(SameOriginWrites, send_error=send_error)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes, send_error=send_error)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response: Response = await call_next(request)
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        # Not no-referrer: with it a browser sends "Origin: null" on our own form posts, hiding that they are ours.
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    def error_response(
        request: Request,
        status: int,
        message: str,
        headers: Mapping[str, str] | None = None,
        detail: list[dict[str, Any]] | None = None,
    ) -> Response:
        if _wants_json(request):
            # `detail` as FastAPI's clients expect it (a list of problems for a 422, else a sentence), in words.
            body = {"error": {"status": status, "message": message}, "detail": message if detail is None else detail}
            return JSONResponse(body, status_code=status, headers=headers)
        return app.state.templates.TemplateResponse(
            request, "error.html", {"status": status, "message": message}, status_code=status, headers=headers
        )

    @app.exception_handler(GovDocsError)
    async def handle_known(request: Request, err: GovDocsError) -> Response:
        response = error_response(request, err.status_code, str(err))
        if isinstance(err, Unavailable):
            response.headers["Retry-After"] = str(err.retry_after)
        return response

    @app.exception_handler(RequestValidationError)
    async def handle_validation(request: Request, err: RequestValidationError) -> Response:
        return error_response(request, 422, plain_message(err.errors()), detail=plain_details(err.errors()))

    @app.exception_handler(StarletteHTTPException)
    async def handle_http(request: Request, err: StarletteHTTPException) -> Response:
        message = "no such page" if err.status_code == 404 else str(err.detail)
        headers = dict(err.headers or {})
        if err.status_code == 405:
            # Starlette names only the first route that matched the path; a path served by two routes
            # (GET and DELETE of a conversation) allows the methods of both.
            headers["Allow"] = ", ".join(_allowed_methods(app, request.url.path))
        return error_response(request, err.status_code, message, headers)

    @app.exception_handler(UnicodeEncodeError)
    async def handle_unencodable(request: Request, err: UnicodeEncodeError) -> Response:
        # A lone surrogate that got past the checks on questions and searches is still the client's input.
        return error_response(request, 422, "the request contains an invalid character (a lone UTF-16 surrogate)")

    @app.exception_handler(Exception)
    async def handle_unexpected(request: Request, err: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return error_response(request, 500, "something went wrong on our side; the error has been logged")

    from server.routes import api, pages

    app.include_router(api.router)
    app.include_router(pages.router)
    return app
