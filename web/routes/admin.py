"""Users and their roles, for administrators."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import RedirectResponse, Response

from models.text import SUMMARY, WORD
from web.deps import AdminUser, Db
from web.edge import problem, shown
from web.forms import Reader
from web.render import page
from web.users import ROLE_WORDS, DuplicateUser, Role, add_user, list_users, set_roles, user_by_id

router = APIRouter(include_in_schema=False)
MIN_PASSWORD = 12


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
async def change_roles(
    request: Request, user_id: Annotated[int, Path(ge=1, le=2**63 - 1)], user: AdminUser, db: Db
) -> Response:
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
