"""What routes depend on, as ``Annotated`` aliases: the database session, the Temporal
client, today's date, the signed-in user and the checks on them.

The user comes from the live staff session (``web.security.load_session``, kept in
PostgreSQL); a user with a temporary password is sent to change it before anything else
(``SignedInUser`` is the one exception: the change-password page itself)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import Client

from mailbox_reader.store import count_new
from rules.calendar import local_date
from settings import Settings
from store.db import Sessionmaker
from web.permissions import may_manage_users, may_triage_mail, may_view_complaints
from web.security import LiveSession, NotSignedIn, load_session
from web.users import User, user_by_id

__all__ = ["NotSignedIn"]


class Forbidden(Exception):
    """The signed-in user may not do this; the message says why."""


class PasswordChangeNeeded(Forbidden):
    """The user signed in with a temporary password and must choose their own first."""

    def __init__(self) -> None:
        super().__init__("Change your temporary password first, at /change-password.")


async def _db(request: Request) -> AsyncIterator[AsyncSession]:
    async with request.app.state.sessionmaker() as session:
        yield session


def _sessionmaker(request: Request) -> Sessionmaker:
    """For the services that write: each opens its own unit of work."""
    return request.app.state.sessionmaker


def _client(request: Request) -> Client:
    return request.app.state.client


def _settings(request: Request) -> Settings:
    return request.app.state.settings


async def _today(request: Request) -> date:
    return local_date(await request.app.state.clock())


async def _maybe_user(request: Request, db: Annotated[AsyncSession, Depends(_db)]) -> User | None:
    live = await load_session(request)
    if live is None:
        return None
    user = await user_by_id(db, live.user_id)
    if user is None or not user.active:
        return None
    return user


async def _signed_in(user: Annotated[User | None, Depends(_maybe_user)]) -> User:
    if user is None:
        raise NotSignedIn()
    return user


async def _user(user: Annotated[User, Depends(_signed_in)]) -> User:
    if user.must_change_password:
        raise PasswordChangeNeeded()
    return user


async def _staff(
    request: Request,
    user: Annotated[User, Depends(_user)],
    db: Annotated[AsyncSession, Depends(_db)],
) -> User:
    if not may_view_complaints(user.roles):
        raise Forbidden("Your role does not let you see complaints.")
    if may_triage_mail(user.roles) and not request.url.path.startswith("/api"):
        # Every staff page's header links to "New mail" with how many messages wait there.
        request.state.new_mail = await count_new(db)
    return user


async def _admin(user: Annotated[User, Depends(_user)]) -> User:
    if not may_manage_users(user.roles):
        raise Forbidden("Only an administrator can manage users.")
    return user


async def staff_session(request: Request, user: Annotated[User, Depends(_staff)]) -> LiveSession:
    """A live session of a member of staff who may see complaints (and has no temporary
    password left to change); otherwise NotSignedIn or Forbidden."""
    live = await load_session(request)
    if live is None:  # not reached: _staff found the user through it
        raise NotSignedIn()
    return live


Db = Annotated[AsyncSession, Depends(_db)]
Sessions = Annotated[Sessionmaker, Depends(_sessionmaker)]
TemporalClient = Annotated[Client, Depends(_client)]
AppSettings = Annotated[Settings, Depends(_settings)]
Today = Annotated[date, Depends(_today)]
MaybeUser = Annotated[User | None, Depends(_maybe_user)]
SignedInUser = Annotated[User, Depends(_signed_in)]
CurrentUser = Annotated[User, Depends(_user)]
StaffUser = Annotated[User, Depends(_staff)]
AdminUser = Annotated[User, Depends(_admin)]
LiveStaffSession = Annotated[LiveSession, Depends(staff_session)]
