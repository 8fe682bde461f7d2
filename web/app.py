"""The app factory: ``create_app(settings, client, sessionmaker)`` builds the web app on a
Temporal client and a database, so the stack and the tests build it the same way."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from temporalio.client import Client

from clients import payload_keys
from codec import EncryptionCodec
from settings import Settings
from store.db import Sessionmaker
from web import errors
from web.edge import refuse_bad_input
from web.limits import SIGN_IN_FAILURES, STATUS_FAILURES, WINDOW_SECONDS, AttemptLimiter
from web.routes import (
    admin,
    api,
    auth,
    board,
    case_file,
    complaint,
    hazards,
    hazards_api,
    lessons,
    manager,
    reports,
    resident,
    resident_actions,
    resident_information,
    resident_sign_in,
    resident_status,
    resident_view,
    search,
    staff,
    staff_actions,
    staff_intake,
    survey,
    team,
    triage,
)
from web.routes.codec import codec_app
from web.security import (
    SECURITY_HEADERS,
    SESSION_COOKIE,
    SESSION_HOURS,
    check_csrf,
)

Clock = Callable[[], Awaitable[datetime]]
REPO_ROOT = Path(__file__).resolve().parent.parent
GOVUK_FRONTEND = REPO_ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk"


async def system_clock() -> datetime:
    return datetime.now(UTC)


def create_app(
    settings: Settings,
    client: Client,
    sessionmaker: Sessionmaker,
    *,
    clock: Clock | None = None,
    secure_cookies: bool | None = None,
    govuk_frontend: Path = GOVUK_FRONTEND,
) -> FastAPI:
    """The web app.

    ``clock`` says what time it is (tests pass the time-skipping server's clock);
    ``secure_cookies`` marks the session cookie Secure, by default everywhere but the dev
    stack, which serves plain HTTP on localhost.
    """
    app = FastAPI(
        title="redress",
        summary="Complaint handling for social housing landlords",
        description=(
            "The JSON API of the complaints team's web app. Sign in with `POST /api/session` "
            "(or the sign-in page): the session cookie then authenticates each call, and every "
            "POST carries the session's CSRF token in the `X-CSRF-Token` header (from "
            "`GET /api/session`)."
        ),
        # Bad text in the address or a JSON body is refused first, then a change without
        # the session's CSRF token.
        dependencies=[Depends(refuse_bad_input), Depends(check_csrf)],
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.settings = settings
    app.state.client = client
    app.state.sessionmaker = sessionmaker
    app.state.clock = clock or system_clock
    # Counted in PostgreSQL: the sign-in page and the API, and every web process, alike.
    app.state.sign_in_limiter = AttemptLimiter(
        sessionmaker, "sign_in", SIGN_IN_FAILURES, WINDOW_SECONDS
    )
    app.state.status_limiter = AttemptLimiter(
        sessionmaker, "status", STATUS_FAILURES, WINDOW_SECONDS
    )
    if secure_cookies is None:
        secure_cookies = settings.environment != "dev"

    app.add_middleware(SecurityHeaders)

    # Added last, so it runs first: the session is there for everything else.
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_HOURS * 3600,
        same_site="lax",
        https_only=secure_cookies,
    )
    errors.install(app)
    for router in (
        resident.router,
        resident_status.router,
        resident_sign_in.router,
        resident_view.router,
        resident_actions.router,
        resident_information.router,
        auth.router,
        staff.router,
        complaint.router,
        case_file.router,
        search.router,
        team.router,
        staff_intake.router,
        triage.router,
        staff_actions.router,
        hazards.router,
        admin.router,
        manager.router,
        board.router,
        reports.router,
        lessons.router,
        survey.router,
        api.router,
        hazards_api.router,
    ):
        app.include_router(router)
    # Temporal Web decodes payloads here, for signed-in staff only (R-DP-1).
    codec = client.data_converter.payload_codec or EncryptionCodec(payload_keys(settings))
    assert settings.temporal_ui_origin is not None  # derived from temporal_ui_url
    app.mount("/codec", codec_app(codec, settings.temporal_ui_origin, app.state))
    # Our own stylesheet: the print rules (a printed page has no navigation or forms).
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    if govuk_frontend.is_dir():
        app.mount("/assets", StaticFiles(directory=govuk_frontend / "assets"), name="assets")
        app.mount("/govuk", StaticFiles(directory=govuk_frontend), name="govuk")
    return app


class SecurityHeaders:
    """Every response gets the security headers, its Content-Security-Policy with a fresh
    script nonce (``request.state.nonce`` for the templates). A plain ASGI middleware: it
    touches only the response's start message, at no cost to the body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(16)
        scope.setdefault("state", {})["nonce"] = nonce
        docs = scope["path"].startswith("/api/docs")  # the docs page loads its own scripts

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    if docs and name == "Content-Security-Policy":
                        continue
                    if name not in headers:
                        headers[name] = value.format(nonce=nonce)
            await send(message)

        await self.app(scope, receive, send_with_headers)
