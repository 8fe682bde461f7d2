"""Users and their roles, for administrators: add a user, change roles, deactivate and
reactivate, set a temporary password (changed at the next sign-in), and see and end a
user's sessions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import RedirectResponse, Response

from models.text import SUMMARY, WORD
from store.tables import User
from web import sessions
from web.deps import AdminUser, Db
from web.edge import problem, shown
from web.forms import Reader
from web.render import page
from web.users import (
    MIN_PASSWORD,
    ROLE_WORDS,
    DuplicateUser,
    Role,
    add_user,
    list_users,
    set_active,
    set_roles,
    set_temporary_password,
    user_by_id,
)

router = APIRouter(include_in_schema=False)
UserId = Annotated[int, Path(ge=1, le=2**63 - 1)]
SessionId = Annotated[int, Path(ge=1, le=2**63 - 1)]


def _roles(given: list) -> list[Role]:  # type: ignore[type-arg]
    return [Role(str(value)) for value in given if value in Role._value2member_map_]


async def _page(request: Request, user: AdminUser, db: Db, **context: object) -> Response:
    status = int(context.pop("status", 200))  # type: ignore[call-overload]
    return page(
        request,
        "admin_users.html",
        {"user": user, "users": await list_users(db), "role_words": ROLE_WORDS, **context},
        status,
    )


@router.get("/admin/users")
async def users(request: Request, user: AdminUser, db: Db) -> Response:
    return await _page(request, user, db)


@router.post("/admin/users")
async def add(request: Request, user: AdminUser, db: Db) -> Response:
    form = await request.form()
    r = Reader(form)
    name = r.text("name", "their name", required=True, limit=WORD)
    email = r.text("email", "their email address", required=True, limit=WORD)
    staff_id = r.text("staff_id", "their staff id", required=True, limit=WORD)
    manager_id = r.text("manager_id", "their manager's staff id", limit=WORD) or None
    password = str(form.get("password") or "")
    roles = _roles(form.getlist("roles"))
    if email and "@" not in email:
        r.errors["email"] = "Enter an email address like name@example.org"
    if len(password) < MIN_PASSWORD:
        r.errors["password"] = f"The password must be at least {MIN_PASSWORD} characters"
    elif refused := problem("The password", password, SUMMARY):
        r.errors["password"] = refused
    if not roles:
        r.errors["roles"] = "Select at least one role"
    values: dict[str, object] = {
        k: shown(v) for k, v in form.items() if k != "password" and isinstance(v, str)
    }
    values["roles"] = [role.value for role in roles]
    if not r.errors:
        try:
            added = await add_user(
                db,
                email=email,
                staff_id=staff_id,
                name=name,
                roles=roles,
                password=password,
                manager_id=manager_id,
            )
        except DuplicateUser as error:
            r.errors["email"] = str(error)
        else:
            request.session["flash"] = f"{added.name} can now sign in as {added.email}."
            return RedirectResponse("/admin/users", status_code=303)
    return await _page(request, user, db, errors=r.errors, values=values, status=422)


@router.post("/admin/users/{user_id}/roles")
async def change_roles(request: Request, user_id: UserId, user: AdminUser, db: Db) -> Response:
    form = await request.form()
    target = await user_by_id(db, user_id)
    if target is None:
        return await _page(request, user, db, errors={"": "There is no such user."}, status=404)
    roles = _roles(form.getlist("roles"))
    if target.id == user.id and Role.ADMIN not in roles:
        errors = {"": "You cannot remove your own administrator role."}
        return await _page(request, user, db, errors=errors, status=422)
    await set_roles(db, target, roles)
    request.session["flash"] = (
        f"{target.name}'s roles are now: {', '.join(target.roles) or 'none'}."
    )
    return RedirectResponse("/admin/users", status_code=303)


async def _user_page(
    request: Request, user: AdminUser, db: Db, target: User, **context: object
) -> Response:
    status = int(context.pop("status", 200))  # type: ignore[call-overload]
    live = await sessions.sessions_of(db, target.id)
    return page(
        request,
        "admin_user.html",
        {"user": user, "person": target, "sessions": live, "min_password": MIN_PASSWORD, **context},
        status,
    )


async def _target(request: Request, user: AdminUser, db: Db, user_id: int) -> User | Response:
    target = await user_by_id(db, user_id)
    if target is None:
        return await _page(request, user, db, errors={"": "There is no such user."}, status=404)
    return target


def _back(request: Request, target: User, flash: str) -> Response:
    request.session["flash"] = flash
    return RedirectResponse(f"/admin/users/{target.id}", status_code=303)


@router.get("/admin/users/{user_id}")
async def one_user(request: Request, user_id: UserId, user: AdminUser, db: Db) -> Response:
    """A user's account: active or not, and their live sessions."""
    target = await _target(request, user, db, user_id)
    if isinstance(target, Response):
        return target
    return await _user_page(request, user, db, target)


@router.post("/admin/users/{user_id}/deactivate")
async def deactivate(request: Request, user_id: UserId, user: AdminUser, db: Db) -> Response:
    """Signing in is refused and every session of the user ends at once."""
    target = await _target(request, user, db, user_id)
    if isinstance(target, Response):
        return target
    if target.id == user.id:
        errors = {"": "You cannot deactivate yourself."}
        return await _user_page(request, user, db, target, errors=errors, status=422)
    await set_active(db, target, False)
    return _back(request, target, f"{target.name} is deactivated; their sessions have ended.")


@router.post("/admin/users/{user_id}/reactivate")
async def reactivate(request: Request, user_id: UserId, user: AdminUser, db: Db) -> Response:
    target = await _target(request, user, db, user_id)
    if isinstance(target, Response):
        return target
    await set_active(db, target, True)
    return _back(request, target, f"{target.name} can sign in again.")


@router.post("/admin/users/{user_id}/password")
async def temporary_password(
    request: Request, user_id: UserId, user: AdminUser, db: Db
) -> Response:
    """A temporary password: the user's sessions end and they choose their own at sign-in."""
    target = await _target(request, user, db, user_id)
    if isinstance(target, Response):
        return target
    password = str((await request.form()).get("password") or "")
    if len(password) < MIN_PASSWORD:
        refused: str | None = f"The password must be at least {MIN_PASSWORD} characters"
    else:
        refused = problem("The password", password, SUMMARY)
    if refused:
        errors = {"password": refused}
        return await _user_page(request, user, db, target, errors=errors, status=422)
    await set_temporary_password(db, target, password)
    return _back(
        request,
        target,
        f"{target.name} has a temporary password, to change when they next sign in; "
        "their sessions have ended.",
    )


@router.post("/admin/users/{user_id}/sessions/{session_id}/end")
async def end_session(
    request: Request, user_id: UserId, session_id: SessionId, user: AdminUser, db: Db
) -> Response:
    target = await _target(request, user, db, user_id)
    if isinstance(target, Response):
        return target
    if not await sessions.end_one(db, target.id, session_id):
        errors = {"": "That session has already ended."}
        return await _user_page(request, user, db, target, errors=errors, status=404)
    return _back(request, target, f"One of {target.name}'s sessions has ended.")


@router.post("/admin/users/{user_id}/sessions/end")
async def end_sessions(request: Request, user_id: UserId, user: AdminUser, db: Db) -> Response:
    target = await _target(request, user, db, user_id)
    if isinstance(target, Response):
        return target
    ended = await sessions.end_all(db, target.id, sessions.ENDED_BY_ADMIN)
    unit = "session has" if ended == 1 else "sessions have"
    return _back(request, target, f"{ended} {unit} of {target.name} ended.")
