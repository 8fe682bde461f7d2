"""Signing in and out."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from models.text import SUMMARY, WORD, text_problem
from web.deps import Db, MaybeUser
from web.edge import problem, shown
from web.limits import AttemptLimiter, too_many
from web.permissions import may_view_complaints
from web.render import page
from web.security import sign_in, sign_out
from web.users import authenticate

router = APIRouter(include_in_schema=False)


def home_for(roles: list[str]) -> str:
    return "/staff" if may_view_complaints(roles) else "/admin/users"


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: never an address elsewhere (an open redirect)."""
    if not target or text_problem(target) or len(target) > SUMMARY:
        return None
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


@router.get("/sign-in")
async def sign_in_page(request: Request, user: MaybeUser, next: str = "") -> Response:
    if user is not None:
        return RedirectResponse(safe_next(next) or home_for(user.roles), status_code=303)
    return page(request, "sign_in.html", {"next": safe_next(next)})


@router.post("/sign-in")
async def sign_in_form(
    request: Request,
    db: Db,
    email: str = Form(""),
    password: str = Form(""),
    next: str = Form(""),
) -> Response:
    next = safe_next(next) or ""
    refused = {
        name: sentence
        for name, sentence in (
            ("email", problem("Your email address", email, WORD)),
            ("password", problem("Your password", password, SUMMARY)),
        )
        if sentence
    }
    if refused:  # text that cannot be kept (a NUL, a control character, too long)
        values = {"email": shown(email)[:WORD]}
        return page(
            request, "sign_in.html", {"errors": refused, "values": values, "next": next}, 422
        )
    errors = {}
    if not email.strip():
        errors["email"] = "Enter your email address"
    if not password:
        errors["password"] = "Enter your password"
    limiter: AttemptLimiter = request.app.state.sign_in_limiter
    key = f"email:{email.strip().lower()}"
    wait = limiter.wait_minutes(key) if not errors else None
    if wait is not None:  # refused before the password is even checked
        errors = {"email": too_many(wait)}
        context = {"errors": errors, "values": {"email": email}, "next": next}
        return page(request, "sign_in.html", context, 429)
    user = await authenticate(db, email, password) if not errors else None
    if user is None:
        if not errors:
            limiter.failed(key)
        errors = errors or {"email": "Enter a correct email address and password"}
        return page(
            request,
            "sign_in.html",
            {"errors": errors, "values": {"email": email}, "next": next},
            401,
        )
    limiter.succeeded(key)
    sign_in(request, user.id, user.password_hash)
    return RedirectResponse(safe_next(next) or home_for(user.roles), status_code=303)


@router.post("/sign-out")
async def sign_out_form(request: Request) -> Response:
    sign_out(request)
    return RedirectResponse("/sign-in", status_code=303)
