"""One user per role for the development stack, with passwords it prints at start.

Only for ``REDRESS_ENVIRONMENT=dev``: a user that already exists is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from store.db import Sessionmaker
from web.users import Role, add_user, user_by_email


@dataclass(frozen=True)
class SeedUser:
    email: str
    staff_id: str
    name: str
    roles: tuple[Role, ...]
    password: str
    manager_id: str | None = None


DEV_USERS = (
    SeedUser(
        "officer@example.org", "o.bennett", "Olu Bennett", (Role.OFFICER,), "officer-dev-password"
    ),
    SeedUser(
        "handler@example.org",
        "h.khan",
        "Hana Khan",
        (Role.HANDLER,),
        "handler-dev-password",
        manager_id="m.osei",
    ),
    SeedUser(
        "reviewer@example.org",
        "r.patel",
        "Ravi Patel",
        (Role.REVIEWER,),
        "reviewer-dev-password",
        manager_id="m.osei",
    ),
    SeedUser("manager@example.org", "m.osei", "Mary Osei", (Role.MANAGER,), "manager-dev-password"),
    SeedUser(
        "governance@example.org",
        "g.ward",
        "Gail Ward",
        (Role.GOVERNANCE,),
        "governance-dev-password",
    ),
    SeedUser("admin@example.org", "a.admin", "Ade Admin", (Role.ADMIN,), "admin-dev-password"),
)


async def seed_users(sessionmaker: Sessionmaker, users: tuple[SeedUser, ...] = DEV_USERS) -> None:
    """Add each user that is not there yet."""
    async with sessionmaker() as session:
        for seed in users:
            if await user_by_email(session, seed.email) is None:
                await add_user(
                    session,
                    email=seed.email,
                    staff_id=seed.staff_id,
                    name=seed.name,
                    roles=seed.roles,
                    password=seed.password,
                    manager_id=seed.manager_id,
                )


def credentials(users: tuple[SeedUser, ...] = DEV_USERS) -> list[tuple[str, str, str]]:
    """(role, email, password) for the start-up message."""
    return [(", ".join(u.roles), u.email, u.password) for u in users]
