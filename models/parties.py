"""People in a complaint: the complainant, a representative, and staff.

Their free text is in the types of `models.text` (issue 8); an email address is checked
by `EmailStr`, which refuses control characters and anything over 254 characters.
"""

from datetime import date
from typing import Literal

from pydantic import BaseModel, EmailStr, Field, model_validator

from models.enums import Relationship, RepresentativeKind, Tenure
from models.text import Address, Summary, Word


class ContactPreferences(BaseModel):
    """R-COM-1: how the resident wants to hear from us."""

    channel: Word = "email"  # email | post
    large_print: bool = False
    easy_read: bool = False
    language: Word | None = None


class ContactRestriction(BaseModel):
    """R-COM-2: recorded with a reason and a review date; never stops handling."""

    reason: Summary = ""
    restriction: Summary = ""
    review_on: date
    # The one channel written contact may use while the restriction lasts (e.g. "post"
    # after abusive emails); None: the resident's preference still applies.
    channel: Literal["email", "post"] | None = None


class Complainant(BaseModel):
    name: Word = Field(min_length=1)
    relationship: Relationship = Relationship.CURRENT_RESIDENT
    tenure: Tenure = Tenure.TENANT
    email: EmailStr | None = None
    phone: Word | None = None
    address: Address | None = None
    postcode: Word | None = None
    preferences: ContactPreferences = ContactPreferences()
    restriction: ContactRestriction | None = None


class Representative(BaseModel):
    """R-WHO-1/R-WHO-2: someone acting for the resident, with consent recorded before sharing."""

    name: Word = Field(min_length=1)
    kind: RepresentativeKind
    email: EmailStr | None = None
    address: Address | None = None
    consent_recorded_on: date | None = None
    with_view_to_legal_action: bool = False

    @model_validator(mode="after")
    def _no_legal_representatives(self) -> "Representative":
        if self.kind == RepresentativeKind.LEGAL_REPRESENTATIVE or self.with_view_to_legal_action:
            raise ValueError(
                "A legal representative writing with a view to legal action cannot act as the "
                "resident's representative in our complaints process; the resident may still "
                "complain themselves or through another representative."
            )
        return self

    @property
    def has_consent(self) -> bool:
        return self.consent_recorded_on is not None


class StaffMember(BaseModel):
    """A member of staff as the complaint knows them: handler, reviewer or manager."""

    id: Word = Field(min_length=1)
    name: Word = Field(min_length=1)
    email: EmailStr | None = None
    phone: Word | None = None
    manager_id: Word | None = None
