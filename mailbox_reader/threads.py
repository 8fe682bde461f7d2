"""Which complaint a message answers: one of our Message-IDs in In-Reply-To or References
(delivery.mail.message_id: ``<REFERENCE.seq.n@domain>``), else a reference in the subject.
Pure; whether the sender may join that complaint is the reader's to judge."""

from __future__ import annotations

import re

_OUR_MESSAGE_ID = re.compile(r"<((?:CMP|CPL|CMT)-\d{4}-\d{6})\.\d+\.\d+@([^>\s]+)>")
_SUBJECT_REFERENCE = re.compile(r"\b((?:CMP|CPL|CMT)-\d{4}-\d{6})\b")


def reference_from_headers(in_reply_to: str, references: str, our_domain: str) -> str | None:
    """The complaint one of our own Message-IDs names, newest mention first."""
    for header in (in_reply_to, references):
        for found in reversed(_OUR_MESSAGE_ID.findall(header or "")):
            reference, domain = found
            if domain.lower() == our_domain.lower():
                return str(reference)
    return None


def reference_from_subject(subject: str) -> str | None:
    """A reference written in the subject ("Re: Your complaint CMP-2026-000123")."""
    found = _SUBJECT_REFERENCE.search(subject or "")
    return found.group(1) if found else None
