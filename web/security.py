"""Sessions, CSRF tokens and response headers.

The session is a cookie signed with ``settings.secret_key`` (Starlette's SessionMiddleware,
itsdangerous underneath): HttpOnly, SameSite=Lax, and Secure wherever the app is served
over HTTPS. It holds the user's id, a stamp of their password hash (changing the password
ends every session) and the CSRF token. Every POST, PUT, PATCH and DELETE must carry that
token, as the form field ``csrf_token`` or the header ``X-CSRF-Token``; anything else is
refused before the route runs, so nothing changes.
"""

from __future__ import annotations

import hashlib
import secrets

from starlette.requests import Request

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SESSION_COOKIE = "redress_session"
SESSION_HOURS = 8  # a working day


class CsrfFailed(Exception):
    """A state-changing request without the session's CSRF token."""


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use."""
    token = request.session.get(CSRF_FIELD)
    if not token:
        token = secrets.token_urlsafe(32)
        request.session[CSRF_FIELD] = token
    return token


async def check_csrf(request: Request) -> None:
    """A dependency of every router: refuse an unsafe request without the session's token."""
    if request.method in SAFE_METHODS:
        return
    expected = request.session.get(CSRF_FIELD)
    given: object = request.headers.get(CSRF_HEADER)
    if given is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        given = (await request.form()).get(CSRF_FIELD)  # cached: the route reads it again
    if not expected or not isinstance(given, str) or not _same(expected, given):
        raise CsrfFailed()


def _same(expected: str, given: str) -> bool:
    """Compared as bytes, in constant time: a header may carry any Latin-1 character and a
    form field any character, which ``compare_digest`` refuses to compare as text."""
    return secrets.compare_digest(expected.encode(), given.encode("utf-8", errors="surrogatepass"))


def password_stamp(password_hash: str) -> str:
    """A short digest of the password hash: a session made before a change no longer fits."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def sign_in(request: Request, user_id: int, password_hash: str) -> None:
    """A fresh session for the user: nothing from before signing in carries over."""
    request.session.clear()
    request.session["user_id"] = user_id
    request.session["stamp"] = password_stamp(password_hash)
    csrf_token(request)


def sign_out(request: Request) -> None:
    request.session.clear()


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
