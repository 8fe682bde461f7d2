"""Staff accounts: who may sign in, with which roles, and the password that proves it.

Passwords are hashed with Argon2id (argon2-cffi, the OWASP first choice): memory-hard, so a
stolen table is costly to attack on GPUs, with its parameters kept in each hash so they can
be raised later (`needs_rehash` upgrades a hash at the next sign-in). hashlib.scrypt would
also do, but leaves salt, parameters and encoding to us.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from store.tables import StaffRecord, User
from web import sessions


class Role(StrEnum):
    """What a member of staff does; a user may hold several."""

    OFFICER = "officer"  # complaints officer: intake, assignment, escalation, ombudsman
    HANDLER = "handler"  # Stage 1 handler: only the complaints assigned to them
    REVIEWER = "reviewer"  # Stage 2 reviewer: never a complaint they handled at Stage 1
    MANAGER = "manager"  # oversees every complaint and may act on any
    GOVERNANCE = "governance"  # reads everything, changes nothing
    ADMIN = "admin"  # manages users and their roles


ROLE_WORDS = {
    Role.OFFICER: "Complaints officer",
    Role.HANDLER: "Handler",
    Role.REVIEWER: "Stage 2 reviewer",
    Role.MANAGER: "Manager",
    Role.GOVERNANCE: "Governance (read only)",
    Role.ADMIN: "Administrator",
}


MIN_PASSWORD = 12

_hasher = PasswordHasher()
# Verified against when the email is unknown, so a wrong email takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a password anyone has")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def normalise_email(email: str) -> str:
    return email.strip().lower()


async def authenticate(session: AsyncSession, email: str, password: str) -> User | None:
    """The active user with this email and password, else None (the same time either way)."""
    user = await user_by_email(session, email)
    if user is None or not user.active:
        password_matches(_DUMMY_HASH, password)
        return None
    if not password_matches(user.password_hash, password):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        await session.commit()
    return user


async def user_by_email(session: AsyncSession, email: str) -> User | None:
    return await session.scalar(select(User).where(User.email == normalise_email(email)))


async def user_by_id(session: AsyncSession, user_id: int) -> User | None:
    return await session.get(User, user_id)


async def list_users(session: AsyncSession) -> Sequence[User]:
    return (await session.scalars(select(User).order_by(User.name))).all()


async def users_with_role(session: AsyncSession, role: Role) -> Sequence[User]:
    statement = (
        select(User)
        .where(User.roles.contains([role.value]), User.active.is_(True))
        .order_by(User.name)
    )
    return (await session.scalars(statement)).all()


async def user_by_staff_id(session: AsyncSession, staff_id: str) -> User | None:
    return await session.scalar(select(User).where(User.staff_id == staff_id))


async def staff_names(session: AsyncSession, staff_ids: Iterable[str]) -> dict[str, str]:
    """The names of the users among ``staff_ids``, by staff id, for a timeline that names
    who did what (a staff id that is no user's, such as ``system``, is left out)."""
    wanted = set(staff_ids)
    if not wanted:
        return {}
    statement = select(User.staff_id, User.name).where(User.staff_id.in_(wanted))
    return {staff_id: name for staff_id, name in (await session.execute(statement)).all()}


class DuplicateUser(ValueError):
    """The email or staff id is already taken."""


async def add_user(
    session: AsyncSession,
    *,
    email: str,
    staff_id: str,
    name: str,
    roles: Sequence[Role],
    password: str,
    manager_id: str | None = None,
) -> User:
    """Add a user and commit; raises DuplicateUser when the email or staff id is taken."""
    email = normalise_email(email)
    if await user_by_email(session, email) is not None:
        raise DuplicateUser(f"There is already a user with the email {email}.")
    if await user_by_staff_id(session, staff_id) is not None:
        raise DuplicateUser(f"There is already a user with the staff id {staff_id}.")
    user = User(
        email=email,
        staff_id=staff_id.strip(),
        name=name.strip(),
        roles=[Role(role).value for role in roles],
        password_hash=hash_password(password),
        manager_id=manager_id or None,
    )
    session.add(user)
    # Reminders and missed-deadline notices are emailed through the staff directory
    # (R-S1-2): everyone who signs in is in it, with their manager.
    directory = insert(StaffRecord).values(
        id=user.staff_id, name=user.name, email=email, manager_id=user.manager_id
    )
    await session.execute(
        directory.on_conflict_do_update(
            index_elements=[StaffRecord.id],
            set_={key: directory.excluded[key] for key in ("name", "email", "manager_id")},
        )
    )
    await session.commit()
    return user


async def set_roles(session: AsyncSession, user: User, roles: Sequence[Role]) -> None:
    user.roles = [Role(role).value for role in roles]
    await session.commit()


async def change_password(
    session: AsyncSession, user: User, password: str, *, keep_session: int | None = None
) -> None:
    """The user's own new password: every other session of theirs ends at once."""
    user.password_hash = hash_password(password)
    user.must_change_password = False
    # One transaction: the new password and the end of the other sessions commit together.
    await sessions.end_all(session, user.id, sessions.PASSWORD_CHANGED, keep=keep_session)


async def set_temporary_password(session: AsyncSession, user: User, password: str) -> None:
    """An administrator's temporary password: the user's sessions end, and they must choose
    their own password when they next sign in."""
    user.password_hash = hash_password(password)
    user.must_change_password = True
    await sessions.end_all(session, user.id, sessions.PASSWORD_RESET)


async def set_active(session: AsyncSession, user: User, active: bool) -> None:
    """Deactivate (every session ends at once, and signing in is refused) or reactivate."""
    user.active = active
    if active:
        await session.commit()
    else:
        await sessions.end_all(session, user.id, sessions.DEACTIVATED)  # commits both
