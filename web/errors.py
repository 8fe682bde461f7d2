"""Errors become HTTP answers here, and nowhere else: a GOV.UK page for the pages, a JSON
``{"detail": sentence}`` for ``/api``.

Besides the domain's own errors (not signed in, forbidden, not found, bad input), an outage
of a part the web app stands on (Temporal, PostgreSQL) is a 503 that says what happened and
what to do, and anything unexpected a 500 "Sorry, there is a problem with the service" page;
never a bare text/plain 500.
"""

from __future__ import annotations

import logging
from typing import Any

import asyncpg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy import exc as sa
from starlette.exceptions import HTTPException
from temporalio.client import RPCTimeoutOrCancelledError, WorkflowUpdateRPCTimeoutOrCancelledError
from temporalio.service import RPCError, RPCStatusCode

from web.deps import Forbidden, NotSignedIn, PasswordChangeNeeded
from web.edge import BadInput, shown
from web.engine import ComplaintNotFound
from web.render import templates
from web.security import CsrfFailed

log = logging.getLogger("redress.web")

UNAVAILABLE = "Sorry, the service is unavailable"
UNAVAILABLE_MESSAGE = (
    "Part of the service is not answering at the moment, so we could not do what you asked "
    "and nothing has been changed."
)
TRY_AGAIN = "Try again in a few minutes."
UNCONFIRMED_MESSAGE = (
    "The complaint did not answer in time, so we cannot say whether your action was recorded."
)
CHECK_FIRST = "Look at the complaint's timeline in a few minutes before you try again."
BROKEN = "Sorry, there is a problem with the service"
BROKEN_MESSAGE = "Something went wrong on our side and what you asked for was not finished."
GO_BACK = "Go back and try again."
RETRY_AFTER = "120"  # seconds: "a few minutes"

# Statuses of a Temporal call that mean the server (or the way to it) is not answering.
TEMPORAL_DOWN = frozenset(
    {
        RPCStatusCode.UNAVAILABLE,
        RPCStatusCode.DEADLINE_EXCEEDED,
        RPCStatusCode.RESOURCE_EXHAUSTED,
        RPCStatusCode.CANCELLED,
    }
)
# Errors of the database driver and pool that mean PostgreSQL is not answering.
DATABASE_DOWN: tuple[type[Exception], ...] = (
    sa.OperationalError,
    sa.InterfaceError,
    sa.TimeoutError,
    sa.DisconnectionError,
    asyncpg.PostgresConnectionError,
    asyncpg.CannotConnectNowError,
    asyncpg.TooManyConnectionsError,
    asyncpg.InterfaceError,
    OSError,  # connection refused, no socket, a connect that timed out
)


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def problem_page(
    request: Request,
    status: int,
    title: str,
    message: str,
    advice: str = "",
    headers: dict[str, str] | None = None,
) -> Response:
    """The answer for a problem: a JSON sentence for the API, else a GOV.UK page."""
    if wants_json(request):
        detail = f"{message} {advice}".strip()
        return JSONResponse({"detail": detail}, status_code=status, headers=headers)
    context: dict[str, Any] = {"title": title, "message": message, "advice": advice}
    response = templates.TemplateResponse(request, "problem.html", context, status)
    response.headers.update(headers or {})
    return response


def unavailable(request: Request, error: Exception) -> Response:
    """Temporal or PostgreSQL is not answering: say so, and when to try again."""
    log.warning("%s %s: a dependency is down: %r", request.method, request.url.path, error)
    headers = {"Retry-After": RETRY_AFTER}
    return problem_page(request, 503, UNAVAILABLE, UNAVAILABLE_MESSAGE, TRY_AGAIN, headers)


def broken(request: Request, error: Exception) -> Response:
    """Anything unexpected: logged with its traceback, and a page that says sorry."""
    log.error("%s %s failed", request.method, request.url.path, exc_info=error)
    return problem_page(request, 500, BROKEN, BROKEN_MESSAGE, "Try again later.")


def _validation_sentence(error: RequestValidationError) -> str:
    """Each wrong field named with what is wrong, never echoing what was sent."""
    parts = []
    for item in error.errors():
        where = ".".join(shown(str(part)) for part in item["loc"][1:]) or "body"
        if item.get("type") == "json_invalid":
            parts.append("The body is not valid JSON")
            continue
        message = shown(str(item["msg"])).removeprefix("Value error, ")
        parts.append(f"{where}: {message[:1].lower()}{message[1:]}")
    return "; ".join(dict.fromkeys(parts)) + "."


def install(app: FastAPI) -> None:
    """Register every handler on ``app``."""

    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, error: NotSignedIn) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": "Sign in first."}, status_code=401)
        return RedirectResponse(f"/sign-in?next={request.url.path}", status_code=303)

    @app.exception_handler(PasswordChangeNeeded)
    async def password_change_needed(request: Request, error: PasswordChangeNeeded) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": str(error)}, status_code=403)
        return RedirectResponse("/change-password", status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, error: Forbidden) -> Response:
        return problem_page(request, 403, "You cannot do this", str(error))

    @app.exception_handler(CsrfFailed)
    async def csrf_failed(request: Request, error: CsrfFailed) -> Response:
        if wants_json(request):
            return JSONResponse({"detail": "Missing or wrong CSRF token."}, status_code=403)
        message = "The form has expired or did not come from this service. Go back and try again."
        return problem_page(request, 403, "Your form could not be sent", message)

    @app.exception_handler(ComplaintNotFound)
    async def not_found(request: Request, error: ComplaintNotFound) -> Response:
        message = f"There is no complaint {shown(str(error))}."
        return problem_page(request, 404, "Complaint not found", message)

    @app.exception_handler(BadInput)
    async def bad_input(request: Request, error: BadInput) -> Response:
        return problem_page(request, 422, "There is a problem", error.message, GO_BACK)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> Response:
        sentence = _validation_sentence(error)
        return problem_page(request, 422, "There is a problem", sentence, GO_BACK)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        headers = dict(error.headers or {})
        if error.status_code == 404:
            message = "If you typed the web address, check it is correct."
            if wants_json(request):
                message = "There is nothing at this address."
            return problem_page(request, 404, "Page not found", message, headers=headers)
        detail = shown(str(error.detail))
        return problem_page(request, error.status_code, detail, detail, headers=headers)

    @app.exception_handler(WorkflowUpdateRPCTimeoutOrCancelledError)
    async def unconfirmed(request: Request, error: Exception) -> Response:
        log.warning("%s %s: no answer from the workflow in time", request.method, request.url)
        headers = {"Retry-After": RETRY_AFTER}
        return problem_page(request, 503, UNAVAILABLE, UNCONFIRMED_MESSAGE, CHECK_FIRST, headers)

    @app.exception_handler(RPCTimeoutOrCancelledError)
    async def temporal_timeout(request: Request, error: Exception) -> Response:
        return unavailable(request, error)

    @app.exception_handler(RPCError)
    async def temporal_error(request: Request, error: RPCError) -> Response:
        if error.status in TEMPORAL_DOWN:
            return unavailable(request, error)
        return broken(request, error)

    @app.exception_handler(RuntimeError)
    async def runtime_error(request: Request, error: RuntimeError) -> Response:
        # The Temporal client says so when it cannot reach the server at all.
        if str(error).startswith("Failed client connect"):
            return unavailable(request, error)
        return broken(request, error)

    @app.exception_handler(sa.DBAPIError)
    async def database_error(request: Request, error: sa.DBAPIError) -> Response:
        if error.connection_invalidated or isinstance(error, DATABASE_DOWN):
            return unavailable(request, error)
        if isinstance(getattr(error, "orig", None), DATABASE_DOWN):
            return unavailable(request, error)
        return broken(request, error)

    for kind in DATABASE_DOWN:
        if not issubclass(kind, sa.DBAPIError):
            app.add_exception_handler(kind, unavailable)  # type: ignore[arg-type]

    # Anything else: Starlette's outermost middleware calls this, then re-raises for the log.
    app.add_exception_handler(Exception, broken)  # type: ignore[arg-type]
