"""Email out through the configured SMTP server, with aiosmtplib.

In development and tests the server is the stack's own mail sink (``devstack.mail``); in
production a real relay (``REDRESS_SMTP_HOST``, ``_PORT``, ``_SECURITY``, ``_USERNAME``,
``_PASSWORD``). Every message has a Message-ID derived from the complaint and the record it
belongs to, so the same letter always carries the same id: mail systems that see it twice
can tell it is one message.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate
from html.parser import HTMLParser

import aiosmtplib
from email_validator import EmailNotValidError, validate_email

from settings import Settings

BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "tr", "address", "table", "ul", "ol"}


class AddressRefused(ValueError):
    """An email address we cannot send to, in words."""


def checked_address(address: str | None, whose: str) -> str:
    """A normalised email address, or `AddressRefused` naming whose it is and why."""
    if not address or not address.strip():
        raise AddressRefused(f"there is no email address for {whose}")
    try:
        return validate_email(address.strip(), check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise AddressRefused(
            f'the email address "{address}" for {whose} is not valid: {error}'
        ) from None


def message_id(reference: str, seq: int, recipient: int, domain: str) -> str:
    """The Message-ID of one record's message to one recipient; the same on every attempt."""
    return f"<{reference}.{seq}.{recipient}@{domain}>"


def domain_of(address: str) -> str:
    return address.rpartition("@")[2] or "localhost"


class _Text(HTMLParser):
    """The words of an HTML letter, one block per line: the plain-text part of an email."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("style", "script", "head"):
            self._skip += 1
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "head"):
            self._skip = max(0, self._skip - 1)
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        words = " ".join(data.split())
        if not words:
            self.parts.append(" " if data else "")
            return
        # Keep a space where the markup had one, e.g. "our <b>Stage 1</b> response".
        lead = " " if data[0].isspace() else ""
        trail = " " if data[-1].isspace() else ""
        self.parts.append(f"{lead}{words}{trail}")


def html_to_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    lines = [" ".join(line.split()) for line in "".join(parser.parts).splitlines()]
    text: list[str] = []
    for line in lines:
        if line or (text and text[-1]):
            text.append(line)
    return "\n".join(text).strip() + "\n"


def build_message(
    *,
    sender: str,
    to: str,
    subject: str,
    msgid: str,
    text: str,
    html: str | None = None,
    attachment: tuple[str, bytes] | None = None,
    reference: str | None = None,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = msgid
    if reference:
        message["X-Complaint-Reference"] = reference
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    if attachment is not None:
        name, content = attachment
        message.add_attachment(content, maintype="application", subtype="pdf", filename=name)
    return message


class Mailer:
    """Sends one message at a time to the configured SMTP server."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @property
    def sender(self) -> str:
        return self.settings.mail_from

    async def send(self, message: EmailMessage) -> None:
        """Hand the message to the server; returns once the server has accepted it.

        Raises `aiosmtplib.SMTPException` or `OSError` when it has not (the delivery
        activity is then retried).
        """
        s = self.settings
        await aiosmtplib.send(
            message,
            hostname=s.smtp_host,
            port=s.smtp_port,
            username=s.smtp_username,
            password=s.smtp_password,
            use_tls=s.smtp_security == "tls",
            start_tls=True if s.smtp_security == "starttls" else False,
            timeout=s.smtp_timeout_seconds,
        )
