"""Sessions, CSRF tokens, the client's address and response headers.

A staff session lives in PostgreSQL (``web.sessions``); the cookie, signed with
``settings.secret_key`` (Starlette's SessionMiddleware), carries only its random token,
beside what a resident's pages keep there (a flash message, the reference they opened).
The cookie is HttpOnly, SameSite=Lax, and Secure wherever the app is served over HTTPS.
Every request looks the session up once (``load_session``); every POST, PUT, PATCH and
DELETE must carry its CSRF token (a resident's comes from the cookie), as the form field
``csrf_token`` or the header ``X-CSRF-Token``; anything else is refused before the route
runs, so nothing changes. A change sent with a session that has ended is answered as
"sign in first".

The client's address is what uvicorn says it is: uvicorn believes ``X-Forwarded-For`` only
from the proxies in ``REDRESS_TRUSTED_PROXIES`` (``web.__main__``), so a client elsewhere
cannot choose the address its guesses are counted against.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request

from store.tables import User
from web import sessions
from web.sessions import SESSION_HOURS, LiveSession

__all__ = ["SESSION_HOURS", "LiveSession"]

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SESSION_COOKIE = "redress_session"
SESSION_KEY = "staff_session"  # the cookie's one staff value: the session's token
_UNSET = object()


class CsrfFailed(Exception):
    """A state-changing request without the session's CSRF token."""


class NotSignedIn(Exception):
    """The page needs a signed-in member of staff (or the session has ended)."""


async def load_session(request: Request) -> LiveSession | None:
    """The live staff session the cookie names, looked up once per request; a token whose
    session has ended is dropped from the cookie."""
    cached = getattr(request.state, "staff_session", _UNSET)
    if cached is not _UNSET:
        return cached  # type: ignore[return-value]
    found = None
    token = request.session.get(SESSION_KEY)
    if isinstance(token, str):
        idle = timedelta(minutes=request.app.state.settings.session_idle_minutes)
        async with request.app.state.sessionmaker() as db:
            found = await sessions.live(db, token, idle)
        if found is None:
            request.session.pop(SESSION_KEY, None)
            request.state.session_ended = True
    elif token is not None:
        request.session.pop(SESSION_KEY, None)
    request.state.staff_session = found
    return found


def csrf_token(request: Request) -> str:
    """The token this browser's forms carry: the staff session's, else one kept in the
    cookie, made on first use."""
    live = getattr(request.state, "staff_session", None)
    if isinstance(live, LiveSession):
        return live.csrf_token
    token = request.session.get(CSRF_FIELD)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        request.session[CSRF_FIELD] = token
    return token


async def check_csrf(request: Request) -> None:
    """A dependency of every router: look the session up, and refuse an unsafe request
    without its token (or made with a session that has ended)."""
    live = await load_session(request)
    if request.method in SAFE_METHODS:
        return
    if live is None and getattr(request.state, "session_ended", False):
        raise NotSignedIn()
    expected = live.csrf_token if live is not None else request.session.get(CSRF_FIELD)
    given: object = request.headers.get(CSRF_HEADER)
    if given is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        given = (await request.form()).get(CSRF_FIELD)  # cached: the route reads it again
    if not isinstance(expected, str) or not expected:
        raise CsrfFailed()
    if not isinstance(given, str) or not _same(expected, given):
        raise CsrfFailed()


def _same(expected: str, given: str) -> bool:
    """Compared as bytes, in constant time: a header may carry any Latin-1 character and a
    form field any character, which ``compare_digest`` refuses to compare as text."""
    return secrets.compare_digest(expected.encode(), given.encode("utf-8", errors="surrogatepass"))


def client_address(request: Request) -> str:
    """The client's address as uvicorn gives it (a trusted proxy's forwarded one)."""
    return request.client.host if request.client else "unknown"


async def sign_in(request: Request, db: AsyncSession, user: User) -> LiveSession:
    """A fresh session for the user: nothing from before signing in carries over, and a
    session this browser still had ends."""
    previous = request.session.get(SESSION_KEY)
    if isinstance(previous, str):
        await sessions.end(db, previous)
    request.session.clear()
    token, row = await sessions.start(
        db,
        user.id,
        address=client_address(request),
        user_agent=request.headers.get("user-agent"),
    )
    request.session[SESSION_KEY] = token
    live = LiveSession(row.id, user.id, row.csrf_token, user.must_change_password)
    request.state.staff_session = live
    return live


async def sign_out(request: Request, db: AsyncSession) -> None:
    """End the session in PostgreSQL, so a copy of the cookie is worth nothing, and clear
    the cookie."""
    token = request.session.get(SESSION_KEY)
    if isinstance(token, str):
        await sessions.end(db, token)
    request.session.clear()
    request.state.staff_session = None


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; "
        "img-src 'self' data:; font-src 'self'; frame-ancestors 'none'; form-action 'self'; "
        "base-uri 'none'"
    ),
}
