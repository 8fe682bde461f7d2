"""The resident's sign-in links and session (R-RES-1): the web app's own table.

A link emailed to a resident carries a random token; ``resident_links`` keeps only its
SHA-256, the complaint and the address it went to. It opens that complaint's view once,
within ``LINK_MINUTES``: using it marks it used in the same statement that finds it, so
two clicks racing each other (or two web processes) cannot both sign in.

The resident's session is a value in the signed session cookie, apart from the staff
session's token: the one complaint it opens and until when (``RESIDENT_MINUTES`` unused,
``RESIDENT_HOURS`` in all). It never signs anyone in as staff: staff pages look only at the
staff session's token, which a resident never has.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update

from store.db import Sessionmaker
from store.tables import ResidentLink

LINK_MINUTES = 60  # a link works once, within this long of being sent
RESIDENT_MINUTES = 30  # the resident's session ends after this long unused...
RESIDENT_HOURS = 2  # ...or this long after it began
RESIDENT_KEY = "resident"  # the session cookie's value for the resident's view


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", errors="surrogatepass")).hexdigest()


async def new_link(sessions: Sessionmaker, reference: str, email: str, now: datetime) -> str:
    """Keep a new link for the complaint and return its token (for the email only)."""
    token = secrets.token_urlsafe(32)
    async with sessions() as db:
        db.add(
            ResidentLink(
                token_hash=_hash(token),
                reference=reference,
                email=email,
                expires_at=now + timedelta(minutes=LINK_MINUTES),
            )
        )
        await db.commit()
    return token


async def use_link(sessions: Sessionmaker, token: str, now: datetime) -> str | None:
    """The complaint the link opens, marking it used; None for a link that is unknown,
    already used or expired (the same answer for each, so it tells a guesser nothing)."""
    async with sessions() as db:
        reference = await db.scalar(
            update(ResidentLink)
            .where(
                ResidentLink.token_hash == _hash(token),
                ResidentLink.used_at.is_(None),
                ResidentLink.expires_at > now,
            )
            .values(used_at=now)
            .returning(ResidentLink.reference)
        )
        await db.commit()
    return reference


@dataclass(frozen=True)
class ResidentSession:
    reference: str
    began: datetime


def start(session: dict[str, Any], reference: str, now: datetime) -> None:
    """The resident may now see and answer this one complaint (and no other)."""
    stamp = now.timestamp()
    session[RESIDENT_KEY] = {"reference": reference, "began": stamp, "seen": stamp}


def current(session: dict[str, Any], now: datetime) -> ResidentSession | None:
    """The resident's live session, refreshed; None when there is none or it has ended."""
    value = session.get(RESIDENT_KEY)
    if not isinstance(value, dict):
        return None
    try:
        reference = str(value["reference"])
        began = float(value["began"])
        seen = float(value["seen"])
    except (KeyError, TypeError, ValueError):
        session.pop(RESIDENT_KEY, None)
        return None
    stamp = now.timestamp()
    if stamp - seen > RESIDENT_MINUTES * 60 or stamp - began > RESIDENT_HOURS * 3600:
        session.pop(RESIDENT_KEY, None)
        return None
    value["seen"] = stamp
    session[RESIDENT_KEY] = value
    return ResidentSession(reference, datetime.fromtimestamp(began, now.tzinfo))


def end(session: dict[str, Any]) -> None:
    session.pop(RESIDENT_KEY, None)
