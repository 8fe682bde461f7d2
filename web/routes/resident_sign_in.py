"""How a resident gets into their own view of their complaint (R-RES-1), with no account.

The view opens from the status page (reference with postcode or email, which starts the
resident's session there) or with a link we email to the address on the complaint:
single use, within an hour (`web.resident_links`). Asking for a link is limited against
guessing as the status page is, and the page says the same whether or not the details
matched. The link's page is a button, not a sign-in, so a mail scanner that opens the
link does not use it up.

`_reference` is the one question every page of the view asks first: whose complaint is
this session for, if it is still live (`_SignIn` sends the resident back to ask for a
link).
"""

from __future__ import annotations

from datetime import datetime
from email.utils import make_msgid

import aiosmtplib
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from delivery.mail import Mailer, build_message
from models.text import WORD
from settings import Settings
from store import queries
from web import resident_links as links
from web.deps import AppSettings, Db, Sessions
from web.forms import Reader
from web.limits import AttemptLimiter, too_many
from web.render import page
from web.routes.resident_status import _matches

router = APIRouter(include_in_schema=False)

HOME = "/your-complaint"
SENT = (
    "If the reference and email address match a complaint, we have sent a link to that "
    f"address. It works once, within {links.LINK_MINUTES} minutes."
)
LINK_FAILED = (
    "That link has already been used, has expired or is not one of ours. Ask for a new link."
)


async def _now(request: Request) -> datetime:
    now: datetime = await request.app.state.clock()
    return now


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _limiter(request: Request) -> AttemptLimiter:
    limiter: AttemptLimiter = request.app.state.status_limiter
    return limiter


# -- asking for a link, and using it -----------------------------------------------------------


@router.get(f"{HOME}/sign-in")
async def link_form(request: Request) -> Response:
    return page(request, "resident/ask_link.html")


@router.post(f"{HOME}/sign-in")
async def send_link(
    request: Request, db: Db, sessions: Sessions, settings: AppSettings
) -> Response:
    """Email a sign-in link to the address on the complaint, if the details match; the page
    says the same either way, and look-ups that found nothing count against the limit."""
    r = Reader(await request.form())
    reference = r.text("reference", "your reference", required=True, limit=WORD).upper()
    email = r.text("email", "the email address you gave us", required=True, limit=WORD)
    values = {"reference": reference, "email": email}
    if r.errors:
        return page(request, "resident/ask_link.html", {"values": values, "errors": r.errors}, 422)
    keys = (f"client:{_client(request)}", f"reference:{reference}")
    wait = await _limiter(request).wait_minutes(*keys)
    if wait is not None:
        errors = {"reference": too_many(wait)}
        return page(request, "resident/ask_link.html", {"values": values, "errors": errors}, 429)
    row = await queries.status_for_resident(db, reference)
    if row is None or "@" not in email or not _matches(row, email):
        await _limiter(request).failed(*keys)
        return page(request, "resident/link_sent.html", {"message": SENT})
    token = await links.new_link(sessions, row.reference, row.email, await _now(request))
    try:
        await _mail_link(request, settings, row.reference, row.email, token)
    except (aiosmtplib.SMTPException, OSError):
        return page(request, "resident/link_sent.html", {"unsent": True}, 503)
    return page(request, "resident/link_sent.html", {"message": SENT})


async def _mail_link(
    request: Request, settings: Settings, reference: str, to: str, token: str
) -> None:
    base = (settings.public_url or str(request.base_url)).rstrip("/")
    url = f"{base}{HOME}/link/{token}"
    text = (
        f"You asked for a link to see your complaint {reference} and reply to it.\n\n"
        f"{url}\n\nThe link works once, within {links.LINK_MINUTES} minutes. If you did not "
        "ask for it, you need do nothing: no one can use it without this email.\n"
    )
    mailer = Mailer(settings)
    message = build_message(
        sender=mailer.sender,
        to=to,
        subject=f"Your complaint {reference}: your sign-in link",
        msgid=make_msgid(domain=mailer.sender.rpartition("@")[2] or "localhost"),
        text=text,
        reference=reference,
    )
    await mailer.send(message)


@router.get(HOME + "/link/{token}")
async def link_landing(request: Request, token: str) -> Response:
    """A button, not a sign-in: mail scanners that open links must not use up the link."""
    return page(request, "resident/use_link.html", {"token": token})


@router.post(HOME + "/link/{token}")
async def use_link(request: Request, token: str, sessions: Sessions) -> Response:
    keys = (f"client:{_client(request)}",)
    wait = await _limiter(request).wait_minutes(*keys)
    if wait is not None:
        return page(
            request, "resident/ask_link.html", {"errors": {"reference": too_many(wait)}}, 429
        )
    now = await _now(request)
    reference = await links.use_link(sessions, token[:200], now)
    if reference is None:
        await _limiter(request).failed(*keys)
        return page(request, "resident/ask_link.html", {"errors": {"reference": LINK_FAILED}}, 404)
    links.start(request.session, reference, now)
    return RedirectResponse(HOME, status_code=303)


@router.post(f"{HOME}/sign-out")
async def sign_out(request: Request) -> Response:
    links.end(request.session)
    request.session.pop("resident_reference", None)
    request.session["flash"] = "You have signed out of your complaint."
    return RedirectResponse("/status", status_code=303)


# -- who is looking ------------------------------------------------------------------------


class _SignIn(Exception):
    """No live resident session: back to asking for a link."""


async def _reference(request: Request) -> str:
    found = links.current(request.session, await _now(request))
    if found is None:
        raise _SignIn()
    return found.reference
