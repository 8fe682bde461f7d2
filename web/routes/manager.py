"""Managers' data protection pages: the subject access export (R-DP-2)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import Response

from dataprotection import subject_access
from delivery.documents import document_store
from web.deps import AppSettings, Db, Forbidden, StaffUser
from web.render import page

router = APIRouter(include_in_schema=False)
FIELDS = ("email", "postcode", "name")


def _manager(user: StaffUser) -> None:
    if "manager" not in user.roles:
        raise Forbidden("Only a manager can export what is held about a person.")


@router.get("/manager/subject-access")
async def subject_access_form(request: Request, user: StaffUser) -> Response:
    _manager(user)
    context = {"user": user, "values": {}, "errors": {}}
    return page(request, "subject_access.html", context)


@router.post("/manager/subject-access")
async def subject_access_export(
    request: Request, user: StaffUser, db: Db, settings: AppSettings
) -> Response:
    """The zip of everything held about the person found by email, postcode or name."""
    _manager(user)
    form = await request.form()
    values = {name: str(form.get(name) or "").strip() for name in FIELDS}
    try:
        references = await subject_access.find(db, **values)
    except subject_access.NoOneToFind as error:
        context = {"user": user, "values": values, "errors": {"email": str(error)}}
        return page(request, "subject_access.html", context, 422)
    asked = ", ".join(value for value in values.values() if value)
    if not references:
        context = {"user": user, "values": values, "errors": {}, "not_found": asked}
        return page(request, "subject_access.html", context, 404)
    content = await subject_access.bundle(db, document_store(settings), references, asked)
    name = f"subject-access-{date.today().isoformat()}.zip"
    return Response(
        content,
        media_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )
