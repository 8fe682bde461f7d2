"""One message as the reader keeps it: who sent it, when, what it says and what it carries.

Pure and forgiving: a broken encoding is read with replacement characters, an HTML-only
body is turned into text, and what could not be read is said in ``problems``, so a
message is always kept with a reason rather than refused by an exception.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from email import message_from_bytes, policy
from email.message import EmailMessage, Message
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser

from models.text import ALLOWED_CONTROLS, DESCRIPTION, WORD

_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "blockquote"}


@dataclass
class Attachment:
    name: str
    content_type: str
    content: bytes


@dataclass
class ParsedMail:
    key: str  # the Message-ID, or the hash of the whole message when it has none
    message_id: str | None
    sender_name: str
    sender_email: str | None
    subject: str
    body: str
    sent_at: datetime | None
    in_reply_to: str
    references: str
    attachments: list[Attachment] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def clean(text: str, limit: int) -> str:
    """Text that every model keeps: no control characters or lone surrogates, bounded."""
    kept = "".join(
        char
        for char in text
        if char in ALLOWED_CONTROLS
        or not (unicodedata.category(char) in ("Cc", "Cs") or 0xD800 <= ord(char) <= 0xDFFF)
    )
    return kept[:limit]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag in ("script", "style", "head"):
            self._skip += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    parser = _Text()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # markup beyond repair: its words without tags
        return html.unescape(re.sub(r"<[^>]*>", " ", markup))
    text = "".join(parser.parts)
    return re.sub(r"\n\s*\n+", "\n\n", re.sub(r"[ \t]+", " ", text)).strip()


def _decoded(part: Message, problems: list[str]) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset)
    except (LookupError, UnicodeDecodeError):
        problems.append(f"The text was not valid {charset}; unreadable characters are shown as �")
        return payload.decode("utf-8", errors="replace")


def _header(message: Message, name: str, problems: list[str]) -> str:
    try:
        value = message.get(name)
        return "" if value is None else str(value)
    except Exception:  # a header the parser cannot decode: keep its raw bytes as text
        problems.append(f"The {name} header could not be read")
        raw = message.get_all(name, failobj=[]) if hasattr(message, "get_all") else []
        return " ".join(str(item) for item in raw)


def parse(raw: bytes) -> ParsedMail:
    """Read a whole message (RFC 5322 bytes) as the reader keeps it."""
    problems: list[str] = []
    message = message_from_bytes(raw, policy=policy.default)
    if message.defects:
        problems.append(
            "The message is malformed: "
            + ", ".join(type(defect).__name__ for defect in message.defects[:3])
        )
    message_id = _header(message, "Message-ID", problems).strip() or None
    key = message_id or "sha256:" + hashlib.sha256(raw).hexdigest()
    sender = _header(message, "From", problems)
    addresses = [(name, email) for name, email in getaddresses([sender]) if "@" in email]
    name, email = addresses[0] if addresses else ("", None)
    if email is None:
        problems.append("The message has no sender's address to reply to")
    sent_at = None
    try:
        date = _header(message, "Date", problems)
        sent_at = parsedate_to_datetime(date) if date else None
        if sent_at is not None and sent_at.tzinfo is None:
            sent_at = None
    except (TypeError, ValueError):
        problems.append("The message's date could not be read")
    body, attachments = _body_and_attachments(message, problems)
    if not body.strip():
        problems.append("The message has no text")
    return ParsedMail(
        key=clean(key, 998),
        message_id=clean(message_id, 998) if message_id else None,
        sender_name=clean(name or (email or "").partition("@")[0], WORD),
        sender_email=clean(email, 320) if email else None,
        subject=clean(_header(message, "Subject", problems), 998),
        body=clean(body, DESCRIPTION),
        sent_at=sent_at,
        in_reply_to=clean(_header(message, "In-Reply-To", problems), 4000),
        references=clean(_header(message, "References", problems), 4000),
        attachments=attachments,
        problems=problems,
    )


def _body_and_attachments(
    message: EmailMessage, problems: list[str]
) -> tuple[str, list[Attachment]]:
    plain: list[str] = []
    markup: list[str] = []
    attachments: list[Attachment] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        filename = part.get_filename()
        content_type = part.get_content_type()
        if filename or part.get_content_disposition() == "attachment":
            payload = part.get_payload(decode=True)
            content = payload if isinstance(payload, bytes) else b""
            name = clean(filename or f"attachment-{len(attachments) + 1}", WORD).strip()
            attachments.append(Attachment(name or "attachment", content_type, content))
        elif content_type == "text/plain":
            plain.append(_decoded(part, problems))
        elif content_type == "text/html":
            markup.append(_decoded(part, problems))
    if plain:
        return "\n\n".join(plain).strip(), attachments
    if markup:
        return html_to_text("\n".join(markup)), attachments
    return "", attachments
