"""The complaints mailbox over IMAP (aioimaplib): sign in with a password or an OAuth2
token (XOAUTH2), select the mailbox, list the UIDs after the reader's position and fetch
each message whole. Nothing is flagged or deleted: the reader's position is ours."""

from __future__ import annotations

import re
import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime

from aioimaplib import IMAP4, IMAP4_SSL

from settings import Settings

_UIDVALIDITY = re.compile(rb"UIDVALIDITY (\d+)")
_INTERNALDATE = re.compile(rb'INTERNALDATE "([^"]+)"')


class MailboxUnavailable(RuntimeError):
    """The server could not be reached or refused us; the next run tries again."""


@dataclass(frozen=True)
class Fetched:
    uid: int
    raw: bytes
    arrived_at: datetime | None  # the server's INTERNALDATE: when it reached the mailbox


class Mailbox:
    def __init__(self, client: IMAP4, uidvalidity: int) -> None:
        self.client = client
        self.uidvalidity = uidvalidity

    async def uids_after(self, last_uid: int) -> list[int]:
        """UIDs above ``last_uid``, oldest first (``n:*`` always names the newest, even when
        it is not above ``n``, so it is filtered here)."""
        response = await self.client.uid_search(f"UID {last_uid + 1}:*", charset=None)
        _ok(response, "search the mailbox")
        # aioimaplib gives the untagged "SEARCH" line's numbers, then the tagged status line.
        found = b" ".join(bytes(line) for line in response.lines[:-1]).removeprefix(b"SEARCH")
        return sorted({int(uid) for uid in found.split() if uid.isdigit() and int(uid) > last_uid})

    async def fetch(self, uid: int) -> Fetched | None:
        """The whole message with this UID, or None when it has gone since the search."""
        response = await self.client.uid("fetch", str(uid), "(INTERNALDATE BODY.PEEK[])")
        _ok(response, f"fetch message {uid}")
        raw = next((line for line in response.lines if isinstance(line, bytearray)), None)
        if raw is None:
            return None
        arrived = None
        head = b" ".join(bytes(line) for line in response.lines[:1])
        match = _INTERNALDATE.search(head)
        if match:
            try:
                arrived = datetime.strptime(match.group(1).decode(), "%d-%b-%Y %H:%M:%S %z")
            except ValueError:
                arrived = None
        return Fetched(uid, bytes(raw), arrived)


def _ok(response: object, doing: str) -> None:
    result = getattr(response, "result", "NO")
    if result != "OK":
        lines = getattr(response, "lines", [])
        said = b" ".join(bytes(line) for line in lines[-1:]).decode(errors="replace")
        raise MailboxUnavailable(f"could not {doing}: {said}")


@asynccontextmanager
async def open_mailbox(settings: Settings, wait: float = 30.0) -> AsyncIterator[Mailbox]:
    """Signed in to the complaints mailbox with it selected; logged out afterwards."""
    if not settings.imap_host or not settings.imap_user:
        raise MailboxUnavailable("REDRESS_IMAP_HOST and REDRESS_IMAP_USER are not set")
    if settings.imap_security == "tls":
        client: IMAP4 = IMAP4_SSL(
            settings.imap_host,
            settings.imap_port,
            timeout=wait,
            ssl_context=ssl.create_default_context(),
        )
    else:
        client = IMAP4(settings.imap_host, settings.imap_port, timeout=wait)
    try:
        await client.wait_hello_from_server()
    except (OSError, TimeoutError) as error:
        raise MailboxUnavailable(
            f"could not reach the mailbox at {settings.imap_host}:{settings.imap_port}: {error}"
        ) from None
    try:
        if settings.imap_oauth2_token is not None:
            token = settings.imap_oauth2_token.get_secret_value()
            _ok(await client.xoauth2(settings.imap_user, token.encode()), "sign in (XOAUTH2)")
        else:
            password = settings.imap_password.get_secret_value() if settings.imap_password else ""
            _ok(await client.login(settings.imap_user, password), "sign in")
        selected = await client.select(settings.imap_mailbox)
        _ok(selected, f"open the mailbox {settings.imap_mailbox}")
        found = _UIDVALIDITY.search(b" ".join(bytes(line) for line in selected.lines))
        yield Mailbox(client, int(found.group(1)) if found else 0)
    finally:
        try:
            await client.logout()
        except Exception:  # the server went away: nothing more to say to it
            pass


def arrival_of(fetched: Fetched, sent_at: datetime | None, now: datetime) -> datetime:
    """When the message reached us: the server's arrival time, else its Date, else now."""
    return fetched.arrived_at or sent_at or now


__all__ = ["Fetched", "Mailbox", "MailboxUnavailable", "open_mailbox"]
