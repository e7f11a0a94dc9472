"""The FastAPI application, built by a factory so tests can make as many isolated apps as they like."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from core.errors import GovDocsError, Unavailable
from core.profile import CorpusProfile
from core.settings import ROOT, Settings
from server.branding import branding_for
from server.filters import answer_html, highlight_terms
from server.live import LiveServices
from server.services import Services
from server.validation import plain_message

__all__ = ["Services", "create_app"]

log = logging.getLogger(__name__)

WEB_DIR = ROOT / "web"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/healthz"


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

    @app.middleware("http")
    async def security_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response: Response = await call_next(request)
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    def error_response(request: Request, status: int, message: str) -> Response:
        if _wants_json(request):
            return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)
        return app.state.templates.TemplateResponse(
            request, "error.html", {"status": status, "message": message}, status_code=status
        )

    @app.exception_handler(GovDocsError)
    async def handle_known(request: Request, err: GovDocsError) -> Response:
        response = error_response(request, err.status_code, str(err))
        if isinstance(err, Unavailable):
            response.headers["Retry-After"] = str(err.retry_after)
        return response

    @app.exception_handler(RequestValidationError)
    async def handle_validation(request: Request, err: RequestValidationError) -> Response:
        return error_response(request, 422, plain_message(err.errors()))

    @app.exception_handler(StarletteHTTPException)
    async def handle_http(request: Request, err: StarletteHTTPException) -> Response:
        message = "no such page" if err.status_code == 404 else str(err.detail)
        return error_response(request, err.status_code, message)

    @app.exception_handler(Exception)
    async def handle_unexpected(request: Request, err: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return error_response(request, 500, "something went wrong on our side; the error has been logged")

    from server.routes import api, pages

    app.include_router(api.router)
    app.include_router(pages.router)
    return app
