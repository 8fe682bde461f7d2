"""Subject access (R-DP-2): everything held about a person, across their complaints and
hazards, as one zip for a manager to review before it is released.

The person is found by email address, postcode or name, as complainant or representative,
with the hazards reported with their complaints or naming them (`find`,
`dataprotection.hazard_access`). The bundle (`bundle`) holds, per complaint: the record as
JSON (the read model, the state the workflow last recorded with its notes, vulnerability
and corrections, the timeline, letters, notices, deliveries, documents, the complaints
mailbox's messages and the resident's sign-in links), the same as a readable PDF
(``record.pdf``), each letter as the resident saw it (HTML) and every document kept with
the complaint; per hazard, the same of its record: its report and every step (its row and
state in ``hazards``), the start input kept for it, timeline, letters, notices, deliveries
and documents. Other people's names (staff, other parties) are marked ``[REVIEW: name]``
wherever they appear, for the reviewer to decide.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from dataprotection.hazard_access import hazards_of
from dataprotection.record_pdf import record_pdf
from delivery.documents import DocumentStore, safe_file_name
from letters.errors import LetterError
from letters.models import read_record
from letters.render import render_html
from store import queries
from store.tables import (
    Complaint,
    Hazard,
    IntakeSubmission,
    MailMessage,
    ResidentLink,
    StaffRecord,
    User,
)


class NoOneToFind(ValueError):
    """The search names nobody: give an email address, a postcode or a name."""


def _squash(value: str) -> str:
    return re.sub(r"\s+", "", value).upper()


async def find(
    session: AsyncSession, *, email: str = "", postcode: str = "", name: str = ""
) -> list[str]:
    """The references of the complaints the person is complainant or representative in,
    then of their hazards."""
    email, postcode, name = email.strip().lower(), _squash(postcode), " ".join(name.split())
    if not (email or postcode or name):
        raise NoOneToFind("Enter an email address, a postcode or a name")
    representative = Complaint.parties["representative"]
    wanted = []
    if email:
        wanted += [
            func.lower(Complaint.email) == email,
            func.lower(representative["email"].astext) == email,
        ]
    if postcode:
        wanted.append(func.upper(func.replace(Complaint.postcode, " ", "")) == postcode)
    if name:
        wanted += [
            func.lower(Complaint.complainant_name) == name.lower(),
            func.lower(representative["name"].astext) == name.lower(),
        ]
    statement = select(Complaint.reference).where(or_(*wanted)).order_by(Complaint.reference)
    complaints = list((await session.scalars(statement)).all())
    found = await hazards_of(session, complaints, email=email, postcode=postcode, name=name)
    return complaints + found


async def bundle(
    session: AsyncSession, store: DocumentStore, references: Sequence[str], asked: str
) -> bytes:
    """The zip of everything held on these complaints and hazards; ``asked`` says whom it
    is about."""
    records = [await _record(session, store, reference) for reference in references]
    others = await _other_people(session, records)
    mark = _Marker(others)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", _readme(asked, references, sorted(others)))
        for record in records:
            reference = record["reference"]
            marked = mark.json({k: v for k, v in record.items() if not k.startswith("_")})
            archive.writestr(f"{reference}/record.json", json.dumps(marked, indent=2))
            archive.writestr(f"{reference}/record.pdf", record_pdf(marked))
            for name, html in record["_letters"]:
                archive.writestr(f"{reference}/letters/{name}", mark.text(html))
            for name, content in record["_documents"]:
                archive.writestr(f"{reference}/documents/{name}", content)
    return buffer.getvalue()


async def _record(session: AsyncSession, store: DocumentStore, reference: str) -> dict[str, Any]:
    letters = await queries.list_letters(session, reference)
    documents = await queries.list_documents(session, reference)
    hazard = await session.get(Hazard, reference)
    if hazard is not None:
        kept = select(IntakeSubmission.start).where(IntakeSubmission.reference == reference)
        about = {"hazard": _columns(hazard), "kept_start": await session.scalar(kept)}
    else:
        row = await queries.get_complaint(session, reference)
        about = {
            "complaint": _columns(row) if row else None,
            "state": await queries.recorded_state(session, reference),
        }
    return {
        "reference": reference,
        **about,
        "timeline": [_columns(e) for e in await queries.list_events(session, reference)],
        "letters": [_columns(letter) for letter in letters],
        "notices": [_columns(n) for n in await queries.list_notifications(session, reference)],
        "deliveries": [_columns(d) for d in await queries.list_deliveries(session, reference)],
        "documents": [_columns(d) for d in documents],
        "mail_messages": await _mail(session, reference),
        "resident_links": await _links(session, reference),
        "_letters": [(f"{x.seq:04d}-{x.letter}.html", _letter_html(reference, x)) for x in letters],
        "_documents": [
            (f"{d.id}-{safe_file_name(d.name)}", await store.get(d.path)) for d in documents
        ],
    }


async def _mail(session: AsyncSession, reference: str) -> list[dict[str, Any]]:
    """The mailbox's messages of the complaint (the whole message is among its documents)."""
    of = (MailMessage.reference == reference) | (MailMessage.thread_reference == reference)
    rows = (await session.scalars(select(MailMessage).where(of).order_by(MailMessage.id))).all()
    return [{k: v for k, v in _columns(row).items() if k != "raw"} for row in rows]


async def _links(session: AsyncSession, reference: str) -> list[dict[str, Any]]:
    """The sign-in links emailed to the resident: where and when (never the token's hash)."""
    where = ResidentLink.reference == reference
    rows = (await session.scalars(select(ResidentLink).where(where))).all()
    return [{k: v for k, v in _columns(row).items() if k != "token_hash"} for row in rows]


def _columns(row: Any) -> dict[str, Any]:
    values = {column.key: getattr(row, column.key) for column in row.__table__.columns}
    return json.loads(json.dumps(values, default=str))


def _letter_html(reference: str, record: Any) -> str:
    try:
        return render_html(read_record(record, reference), large_print=record.large_print)
    except LetterError as error:
        return f"<p>The {record.letter} letter cannot be shown: {error}</p>"


async def _other_people(session: AsyncSession, records: list[dict[str, Any]]) -> set[str]:
    """Staff and the other parties named in the record: to be reviewed before release."""
    found: set[str] = set()
    for record in records:
        row = record.get("complaint") or {}
        found.update(n for n in (row.get("handler_name"), row.get("reviewer_name")) if n)
    staff = await session.execute(select(StaffRecord.name).union(select(User.name)))
    found.update(name for (name,) in staff.all() if name)
    return {name for name in found if len(name) >= 3}


class _Marker:
    def __init__(self, names: Iterable[str]) -> None:
        ordered = sorted(set(names), key=len, reverse=True)
        self.pattern = (
            re.compile(r"\b(" + "|".join(re.escape(n) for n in ordered) + r")\b")
            if ordered
            else None
        )

    def text(self, value: str) -> str:
        if self.pattern is None:
            return value
        return self.pattern.sub(lambda m: f"[REVIEW: {m.group(1)}]", value)

    def json(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {key: self.json(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.json(item) for item in value]
        return value


def _readme(asked: str, references: Sequence[str], others: list[str]) -> str:
    listed = "\n".join(f"  {reference}" for reference in references) or "  (none)"
    return (
        f"Subject access bundle (R-DP-2) for: {asked}\n\n"
        f"Complaints and hazards found:\n{listed}\n\n"
        "Each complaint's or hazard's folder has record.json (everything held), record.pdf\n"
        "(the same to read), letters/ (each letter as sent) and documents/ (every document\n"
        "kept).\n\n"
        "Review before release: other people's names are marked [REVIEW: name]"
        f" ({len(others)} names looked for).\n"
    )
