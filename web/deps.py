"""What routes depend on, as ``Annotated`` aliases: the database session, the Temporal
client, today's date, the signed-in user and the checks on them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import Client

from rules.calendar import local_date
from settings import Settings
from web.permissions import may_manage_users, may_view_complaints
from web.security import password_stamp
from web.users import User, user_by_id


class NotSignedIn(Exception):
    """The page needs a signed-in member of staff."""


class Forbidden(Exception):
    """The signed-in user may not do this; the message says why."""


async def _db(request: Request) -> AsyncIterator[AsyncSession]:
    async with request.app.state.sessionmaker() as session:
        yield session


def _client(request: Request) -> Client:
    return request.app.state.client


def _settings(request: Request) -> Settings:
    return request.app.state.settings


async def _today(request: Request) -> date:
    return local_date(await request.app.state.clock())


async def _maybe_user(request: Request, db: Annotated[AsyncSession, Depends(_db)]) -> User | None:
    user_id = request.session.get("user_id")
    if not isinstance(user_id, int):
        return None
    user = await user_by_id(db, user_id)
    if user is None or not user.active:
        return None
    if request.session.get("stamp") != password_stamp(user.password_hash):
        return None
    return user


async def _user(user: Annotated[User | None, Depends(_maybe_user)]) -> User:
    if user is None:
        raise NotSignedIn()
    return user


async def _staff(user: Annotated[User, Depends(_user)]) -> User:
    if not may_view_complaints(user.roles):
        raise Forbidden("Your role does not let you see complaints.")
    return user


async def _admin(user: Annotated[User, Depends(_user)]) -> User:
    if not may_manage_users(user.roles):
        raise Forbidden("Only an administrator can manage users.")
    return user


Db = Annotated[AsyncSession, Depends(_db)]
TemporalClient = Annotated[Client, Depends(_client)]
AppSettings = Annotated[Settings, Depends(_settings)]
Today = Annotated[date, Depends(_today)]
MaybeUser = Annotated[User | None, Depends(_maybe_user)]
CurrentUser = Annotated[User, Depends(_user)]
StaffUser = Annotated[User, Depends(_staff)]
AdminUser = Annotated[User, Depends(_admin)]
