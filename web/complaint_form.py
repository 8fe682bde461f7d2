"""The complaint form, read: the resident's (or their representative's) answers made into
the complaint's `LogComplaintInput` (R-INT-1), with the damp, mould or danger question
beside it (R-HAZ-1).

The residents' complaint form and staff's form for a complaint they log both read it here,
so both ask the same questions with the same choices. Every free-text field is checked
first (its length, and no control characters), so a refused form takes no reference.
"""

from __future__ import annotations

from pydantic import ValidationError

from models.complaint import LogComplaintInput
from models.enums import Kind, Relationship, RepresentativeKind, ServiceArea, Tenure
from models.parties import Complainant, ContactPreferences, Representative
from models.text import ADDRESS, DESCRIPTION, SUMMARY, WORD, text_problem, too_long
from web.actions import words
from web.forms import Reader, validation_errors

PLACEHOLDER = {Kind.COMPLAINT: "CMP-0000-000000", Kind.COMPLIMENT: "CPL-0000-000000"}
REPRESENTATIVES = [c for c in words(RepresentativeKind) if c[0] != "legal_representative"]
CHOICES = {
    "relationship": words(Relationship),
    "tenure": words(Tenure),
    "service_area": words(ServiceArea),
    "rep_kind": REPRESENTATIVES,
    "contact_by": [("email", "Email"), ("post", "Post")],
    "acting_for": [("no", "No, it is about me"), ("yes", "Yes, I am acting for someone else")],
    "kind": [("compliment", "A compliment"), ("comment", "A comment or suggestion")],
    # R-HAZ-1: damp, mould or danger in the home starts a hazard beside the complaint.
    "hazard": [
        ("no", "No"),
        ("damp_or_mould", "Yes, damp or mould"),
        ("danger", "Yes, something else dangerous"),
    ],
}


# Each free-text field of the residents' forms: what the error calls it, and its bound
# (the same as the model's, models/text.py), checked before the models see the text.
COMPLAINT_TEXT = {
    "rep_name": ("Your name", WORD),
    "rep_email": ("Your email address", WORD),
    "name": ("The resident's name", WORD),
    "email": ("The email address", WORD),
    "phone": ("The phone number", WORD),
    "address": ("The address", ADDRESS),
    "postcode": ("The postcode", WORD),
    "description": ("What went wrong", DESCRIPTION),
    "outcomes_sought": ("What you would like us to do", DESCRIPTION),
    "hazard_where": ("Where in the home", SUMMARY),
    "hazard_who": ("Who lives there", SUMMARY),
}


def _check_text(r: Reader, fields: dict[str, tuple[str, int]]) -> None:
    """Refuse, beside the field, text that is too long or holds control characters, before
    anything is kept or a reference taken (issue 8: a 900 KB field once gave a 500)."""
    for name, (label, limit) in fields.items():
        value = str(r.form.get(name) or "").strip()
        problem = text_problem(value) or too_long(value, limit)
        if problem:
            r.errors[name] = f"{label} {problem}"


def _complaint(r: Reader, today) -> LogComplaintInput:  # type: ignore[no-untyped-def]
    _check_text(r, COMPLAINT_TEXT)
    name = r.text("name", "the resident's full name", required=True)
    email = r.optional("email")
    postcode = r.optional("postcode")
    if not email and not postcode:
        r.errors["email"] = "Enter an email address or a postcode, so we can find your complaint"
    description = r.text("description", "what went wrong", required=True)
    acting_for = r.choice("acting_for", CHOICES["acting_for"], "whether you are acting for someone")
    rep_name = rep_kind = None
    if acting_for == "yes":
        rep_name = r.text("rep_name", "your name", required=True)
        rep_kind = r.choice("rep_kind", REPRESENTATIVES, "who you are to the resident")
        if not r.checked("consent"):
            r.errors["consent"] = "Confirm that the resident has agreed you can act for them"
    relationship = r.choice(
        "relationship", CHOICES["relationship"], "how the resident is connected"
    )
    tenure = r.choice("tenure", CHOICES["tenure"], "the resident's tenancy")
    area = r.choice("service_area", CHOICES["service_area"], "the service it is about")
    contact_by = r.choice("contact_by", CHOICES["contact_by"], "how we should write", False)
    issue_date = r.date("issue_date", "when it happened")
    _hazard_answers(r)
    r.done()
    representative = None
    if acting_for == "yes":
        try:
            representative = Representative(
                name=rep_name or "",
                kind=RepresentativeKind(rep_kind or ""),
                email=r.optional("rep_email"),
                consent_recorded_on=today,
            )
        except ValidationError as error:
            raise validation_errors(error, {"email": "rep_email", "name": "rep_name"}) from None
    try:
        complainant = Complainant(
            name=name,
            relationship=Relationship(relationship or ""),
            tenure=Tenure(tenure or ""),
            email=email,
            phone=r.optional("phone"),
            address=r.optional("address"),
            postcode=postcode,
            preferences=ContactPreferences(
                channel=contact_by or "email", large_print=r.checked("large_print")
            ),
        )
    except ValidationError as error:
        raise validation_errors(error) from None
    return LogComplaintInput(
        reference=PLACEHOLDER[Kind.COMPLAINT],
        first_contact_on=today,
        complainant=complainant,
        representative=representative,
        description=description,
        outcomes_sought=r.text("outcomes_sought"),
        issue_date=issue_date,
        service_area=ServiceArea(area or ""),
        logged_by="representative" if representative else "resident",
    )


def _hazard_answers(r: Reader) -> tuple[str, str, str] | None:
    """R-HAZ-1: the damp, mould or danger question; where and who when the answer is yes."""
    answer = r.choice(
        "hazard", CHOICES["hazard"], "whether there is damp, mould or danger", required=False
    )
    if answer in (None, "no"):
        return None
    where = r.text("hazard_where", "where in the home it is", required=True, limit=SUMMARY)
    who = r.text("hazard_who", "who lives there", required=True, limit=SUMMARY)
    return answer or "", where, who
