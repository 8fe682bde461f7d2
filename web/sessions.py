"""Staff sessions kept in PostgreSQL (R-DP-4).

Signing in makes a ``staff_sessions`` row and gives the browser a random token (in the signed
cookie); the row keeps only the token's SHA-256, with the user, the CSRF token, when it
was made and last used, and when it ends. Every request looks the row up, so whatever ends
a session (signing out, an administrator, deactivation, a password change, idle time, the
8-hour limit) ends it in every web process at once, and a copied cookie is worth nothing
afterwards.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from store.tables import StaffSession, User

SESSION_HOURS = 8  # a working day, however busy
TOUCH_SECONDS = 60  # last use is written at most once a minute: idle time is in minutes

SIGNED_OUT = "signed out"
IDLE = "idle"
EXPIRED = "expired"
ENDED_BY_ADMIN = "ended by an administrator"
DEACTIVATED = "user deactivated"
PASSWORD_CHANGED = "password changed"
PASSWORD_RESET = "temporary password set"


@dataclass(frozen=True)
class LiveSession:
    """A session that is live now: who, and the CSRF token its forms carry."""

    id: int
    user_id: int
    csrf_token: str
    must_change_password: bool


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", errors="surrogatepass")).hexdigest()


async def start(
    db: AsyncSession, user_id: int, *, address: str | None, user_agent: str | None
) -> tuple[str, StaffSession]:
    """A new session for the user, committed; returns the token for the cookie."""
    token = secrets.token_urlsafe(32)
    row = StaffSession(
        token_hash=token_hash(token),
        user_id=user_id,
        csrf_token=secrets.token_urlsafe(32),
        expires_at=func.now() + timedelta(hours=SESSION_HOURS),
        address=_printable(address),
        user_agent=_printable(user_agent),
    )
    db.add(row)
    await db.commit()
    return token, row


async def live(db: AsyncSession, token: str, idle: timedelta) -> LiveSession | None:
    """The live session the token names, its last use brought up to date; None if there is
    none, or it has just ended (idle too long, past its limit, its user deactivated)."""
    found = (
        await db.execute(
            select(StaffSession, User.active, User.must_change_password, func.now())
            .join(User, User.id == StaffSession.user_id)
            .where(StaffSession.token_hash == token_hash(token), StaffSession.ended_at.is_(None))
        )
    ).one_or_none()
    if found is None:
        return None
    row, active, must_change, now = found
    reason = (
        DEACTIVATED
        if not active
        else EXPIRED
        if row.expires_at <= now
        else IDLE
        if row.last_seen_at <= now - idle
        else None
    )
    if reason is not None:
        await _end(db, StaffSession.id == row.id, reason)
        return None
    if row.last_seen_at <= now - timedelta(seconds=TOUCH_SECONDS):
        await db.execute(
            update(StaffSession)
            .where(StaffSession.id == row.id, StaffSession.ended_at.is_(None))
            .values(last_seen_at=func.now())
        )
        await db.commit()
    return LiveSession(row.id, row.user_id, row.csrf_token, must_change)


async def end(db: AsyncSession, token: str, reason: str = SIGNED_OUT) -> None:
    await _end(db, StaffSession.token_hash == token_hash(token), reason)


async def end_one(db: AsyncSession, user_id: int, session_id: int) -> bool:
    """An administrator ends one of a user's sessions; False when it was not live."""
    where = (StaffSession.id == session_id) & (StaffSession.user_id == user_id)
    return await _end(db, where, ENDED_BY_ADMIN) > 0


async def end_all(db: AsyncSession, user_id: int, reason: str, *, keep: int | None = None) -> int:
    """End every live session of the user (but ``keep``); how many ended."""
    where = StaffSession.user_id == user_id
    if keep is not None:
        where &= StaffSession.id != keep
    return await _end(db, where, reason)


async def sessions_of(db: AsyncSession, user_id: int) -> Sequence[StaffSession]:
    """The user's live sessions, the most recently used first."""
    statement = (
        select(StaffSession)
        .where(
            StaffSession.user_id == user_id,
            StaffSession.ended_at.is_(None),
            StaffSession.expires_at > func.now(),
        )
        .order_by(StaffSession.last_seen_at.desc())
    )
    return (await db.scalars(statement)).all()


async def _end(db: AsyncSession, where: object, reason: str) -> int:
    result = await db.execute(
        update(StaffSession)
        .where(where, StaffSession.ended_at.is_(None))  # type: ignore[arg-type]
        .values(ended_at=func.now(), ended_reason=reason)
        .execution_options(synchronize_session=False)
    )
    await db.commit()
    return int(result.rowcount)  # type: ignore[attr-defined]


def _printable(value: str | None, limit: int = 200) -> str | None:
    """What the administrator's list shows of a header: printable characters, bounded."""
    if value is None:
        return None
    kept = "".join(ch for ch in value if ch.isprintable())[:limit]
    return kept or None
