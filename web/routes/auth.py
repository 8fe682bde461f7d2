"""Signing in and out, and changing one's password (at once after signing in with a
temporary one an administrator set)."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from models.text import SUMMARY, WORD, text_problem
from web.deps import Db, MaybeUser, SignedInUser
from web.edge import problem, shown
from web.limits import AttemptLimiter, too_many
from web.permissions import may_view_complaints
from web.render import page
from web.security import load_session, sign_in, sign_out
from web.users import MIN_PASSWORD, authenticate, change_password, password_matches

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
    # Counted as a failure until the password proves right; the API counts the same.
    wait = await limiter.attempt(key) if not errors else None
    if wait is not None:  # refused before the password is even checked
        errors = {"email": too_many(wait)}
        context = {"errors": errors, "values": {"email": email}, "next": next}
        return page(request, "sign_in.html", context, 429)
    user = await authenticate(db, email, password) if not errors else None
    if user is None:
        errors = errors or {"email": "Enter a correct email address and password"}
        return page(
            request,
            "sign_in.html",
            {"errors": errors, "values": {"email": email}, "next": next},
            401,
        )
    await limiter.succeeded(key)
    await sign_in(request, db, user)
    if user.must_change_password:
        return RedirectResponse("/change-password", status_code=303)
    return RedirectResponse(safe_next(next) or home_for(user.roles), status_code=303)


@router.post("/sign-out")
async def sign_out_form(request: Request, db: Db) -> Response:
    await sign_out(request, db)
    return RedirectResponse("/sign-in", status_code=303)


@router.get("/change-password")
async def change_password_page(request: Request, user: SignedInUser) -> Response:
    return page(request, "change_password.html", {"user": user})


@router.post("/change-password")
async def change_password_form(request: Request, user: SignedInUser, db: Db) -> Response:
    """The user's own new password; their other sessions end (this one carries on)."""
    form = await request.form()
    current = str(form.get("current_password") or "")
    new = str(form.get("new_password") or "")
    confirm = str(form.get("confirm_password") or "")
    errors = {}
    if refused := problem("Your current password", current, SUMMARY):
        errors["current_password"] = refused
    elif not password_matches(user.password_hash, current):
        errors["current_password"] = "Enter your current password correctly"
    if refused := problem("The new password", new, SUMMARY):
        errors["new_password"] = refused
    elif len(new) < MIN_PASSWORD:
        errors["new_password"] = f"The new password must be at least {MIN_PASSWORD} characters"
    elif new == current:
        errors["new_password"] = "Choose a new password different from the current one"
    elif confirm != new:
        errors["confirm_password"] = "Enter the same new password twice"
    if errors:
        return page(request, "change_password.html", {"user": user, "errors": errors}, 422)
    live = await load_session(request)
    await change_password(db, user, new, keep_session=live.id if live else None)
    request.session["flash"] = "Your password is changed. Your other sessions have ended."
    return RedirectResponse(home_for(user.roles), status_code=303)
