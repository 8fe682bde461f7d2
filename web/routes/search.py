"""Search for staff (R-FIND-1): by reference, name, postcode, address, email or phone,
from the staff home and the header of every staff page. Every role that sees complaints
(``StaffUser``) sees results; an account that sees none (administration only) is refused."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from store import search as store_search
from web import queues
from web.deps import Db, StaffUser, Today
from web.render import page

router = APIRouter(include_in_schema=False)


def _address(row: Any) -> str:
    person = (row.parties or {}).get("complainant") or {}
    return str(person.get("address") or "")


@router.get("/search")
async def search(
    request: Request,
    user: StaffUser,
    db: Db,
    today: Today,
    q: Annotated[str | None, Query()] = None,
    asked: Annotated[int, Query(alias="page")] = 1,
) -> Response:
    """The search form, and one page of results for ``?q=`` best first; a query too short
    or too long is refused beside the field (422)."""
    context: dict[str, Any] = {"user": user, "values": {"q": q or ""}, "searched": q is not None}
    if q is None:
        return page(request, "search.html", context)
    try:
        found = await store_search.search(db, q, asked)
    except store_search.SearchRefused as refused:
        context["errors"] = {"q": str(refused)}
        return page(request, "search.html", context, 422)
    first = (found.page - 1) * store_search.PAGE_SIZE
    context |= {
        "found": found,
        "rows": [
            {
                "row": row,
                "address": _address(row),
                "rag": queues.rag(today, row.next_target, row.next_due) if row.is_open else None,
            }
            for row in found.rows
        ],
        "query": store_search.normalise(q),
        "shown_from": first + 1 if found.rows else 0,
        "shown_to": first + len(found.rows),
        "limit": store_search.MAX_RESULTS,
    }
    return page(request, "search.html", context)
