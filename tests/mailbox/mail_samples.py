"""Messages as residents' mail programs send them, built with the standard library."""

from __future__ import annotations

import io
import uuid
import zipfile
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid


def email(
    *,
    sender: str | None = "Alex Morgan <alex@example.org>",
    subject: str = "My boiler",
    text: str | None = "The boiler has not worked for three weeks. Please fix it.",
    html: str | None = None,
    attachments: tuple[tuple[str, str, bytes], ...] = (),
    message_id: str | None = None,
    in_reply_to: str | None = None,
) -> bytes:
    message = EmailMessage()
    if sender:
        message["From"] = sender
    message["To"] = "complaints@example.org"
    message["Subject"] = subject
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = message_id or make_msgid(str(uuid.uuid4())[:8], "example.org")
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    if text is not None:
        message.set_content(text)
    if html is not None:
        if text is None:
            message.set_content(html, subtype="html")
        else:
            message.add_alternative(html, subtype="html")
    for name, content_type, content in attachments:
        main, _, sub = content_type.partition("/")
        message.add_attachment(content, maintype=main, subtype=sub, filename=name)
    return bytes(message)


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.txt", b"\0" * (50 * 1024 * 1024))
    return buffer.getvalue()
