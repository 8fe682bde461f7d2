"""The parts letters are made of: the heading every letter carries (R-ORG-1), who to contact
(R-ACK-1, R-S1-7), the ombudsman's details (R-EXT-1), and the pieces of a stage response
(R-S1-6, R-S2-3). `ResidentLetter` is the base of every letter and refuses one that names
a member of staff unless the complaint is about them (R-S1-7)."""

from collections.abc import Iterator
from datetime import date
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from letters.errors import missing_part
from models.enums import Decision, RemedyKind
from rules.staff_names import name_patterns

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Part(BaseModel):
    # Workflow fields may carry more than a letter prints; extra keys are ignored.
    model_config = ConfigDict(extra="ignore", frozen=True)


class LetterHead(Part):
    """What every letter carries: who it is from, to whom, when, and the reference."""

    organisation_name: Text
    letter_heading: Text
    address: Text
    phone: Text
    email: Text
    website: Text
    date: date
    reference: Text
    recipient_name: Text
    recipient_address: str | None = None
    recipient_postcode: str | None = None
    recipient_is_representative: bool = False

    @property
    def team(self) -> str:
        """The team that signs letters: the part of the heading after the organisation's name
        ("Northgate Homes - Customer Resolution Team"), else the complaints team."""
        _, dash, team = self.letter_heading.rpartition(" - ")
        return team.strip() if dash and team.strip() else "Complaints Team"

    @property
    def recipient_lines(self) -> list[str]:
        """The address block under the name: the address a line per comma, then the postcode
        on its own line (unless the address already ends with it)."""
        lines = [line.strip() for line in (self.recipient_address or "").split(",")]
        lines = [line for line in lines if line]
        postcode = (self.recipient_postcode or "").strip()
        if postcode and not (
            lines and lines[-1].replace(" ", "").upper().endswith(postcode.replace(" ", "").upper())
        ):
            lines.append(postcode)
        return lines


class Contact(Part):
    """Who deals with the complaint, as the workflow sends it (`owner_words`). The name is
    kept only to check it is not printed (R-S1-7): letters give a role and direct details."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None

    @property
    def personal_name(self) -> str | None:
        """The staff member's name, or None for a team ("The complaints team")."""
        name = (self.name or "").strip()
        if not name or name.lower().startswith("the ") or "team" in name.lower():
            return None
        return name


class OmbudsmanContact(Part):
    name: Text
    address: Text
    phone: Text
    website: Text
    email: str | None = None


class IssueDecision(Part):
    issue_id: int
    decision: Decision
    reasons: Text


class Compensation(Part):
    """R-REM-2: compensation in its parts, in pounds."""

    statutory: float = Field(default=0, ge=0)
    quantifiable_losses: float = Field(default=0, ge=0)
    time_and_trouble: float = Field(default=0, ge=0)
    distress_and_inconvenience: float = Field(default=0, ge=0)

    PART_WORDS: ClassVar[dict[str, str]] = {
        "statutory": "Statutory payment",
        "quantifiable_losses": "Losses you can show (for example damaged belongings)",
        "time_and_trouble": "Your time and trouble",
        "distress_and_inconvenience": "Distress and inconvenience",
    }

    @property
    def parts(self) -> list[tuple[str, float]]:
        return [
            (words, getattr(self, key))
            for key, words in self.PART_WORDS.items()
            if getattr(self, key)
        ]

    @property
    def total(self) -> float:
        return round(sum(amount for _, amount in self.parts), 2)


class Remedy(Part):
    kind: RemedyKind
    description: Text
    compensation: Compensation | None = None
    due: date | None = None

    @model_validator(mode="after")
    def _money_has_parts(self) -> "Remedy":
        if self.kind == RemedyKind.FINANCIAL and (
            not self.compensation or not self.compensation.total
        ):
            raise missing_part("the amount of each part of the compensation offered")
        return self


class OutstandingAction(Part):
    what: Text
    due: date


class Route(Part):
    """How to take the complaint further (R-S1-6, R-S2-3)."""

    next: Literal["stage_2", "stage_3", "ombudsman"]
    final: bool = False
    escalate_by: date | None = None
    reasons_required: bool = False
    ombudsman: str | None = None
    ombudsman_contact: OmbudsmanContact | None = None

    @model_validator(mode="after")
    def _route_is_complete(self) -> "Route":
        if self.next == "stage_2" and self.escalate_by is None:
            raise missing_part("the date by which the resident can ask for Stage 2")
        if self.next == "ombudsman" and self.ombudsman_contact is None:
            raise missing_part("the ombudsman's name and how to contact them")
        return self


def _texts(value: Any, where: str) -> Iterator[tuple[str, str]]:
    """Every piece of text a letter prints, with the part it sits in."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, BaseModel):
        for key in type(value).model_fields:
            yield from _texts(getattr(value, key), where or key)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item, where)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item, where)


class ResidentLetter(Part):
    """The base of every letter: its heading, and the R-S1-7 check on staff names."""

    letter_type: ClassVar[str]
    SUBJECT: ClassVar[str]  # may use {stage}
    # Parts not printed as written, so not searched for staff names.
    NOT_PRINTED: ClassVar[frozenset[str]] = frozenset({"head", "contact", "staff_names"})

    head: LetterHead
    stage: str | None = None
    # R-S1-7: staff on the complaint (handler, reviewer, panel, action owners) whose names
    # must not be printed, and whether the complaint is about them.
    staff_names: list[str] = []
    complaint_is_about_staff: bool = False

    @property
    def subject(self) -> str:
        """The letter's subject line, e.g. "Stage 1 response to your complaint"."""
        return self.SUBJECT.format(stage=self.stage or "")

    @property
    def template(self) -> str:
        return f"{self.letter_type}.html"

    def body_texts(self) -> Iterator[tuple[str, str]]:
        for key in type(self).model_fields:
            if key not in self.NOT_PRINTED:
                yield from _texts(getattr(self, key), key)

    def protected_names(self) -> list[str]:
        names = [n.strip() for n in self.staff_names if n and n.strip()]
        contact = getattr(self, "contact", None)
        if isinstance(contact, Contact) and contact.personal_name:
            names.append(contact.personal_name)
        return names

    @model_validator(mode="after")
    def _no_staff_named(self, info: ValidationInfo) -> "ResidentLetter":
        """R-S1-7: resident letters do not name individual staff unless the complaint is
        about them. Refused here, so a letter that breaks it is never written. The rules
        build a letter with ``context={"check_names": False}``: a name in what the handler
        wrote is refused at delivery, as it always was (see `rules.letters.compose`)."""
        if self.complaint_is_about_staff or (info.context or {}).get("check_names") is False:
            return self
        for name in self.protected_names():
            patterns = name_patterns(name)
            for where, text in self.body_texts():
                if any(p.search(text) for p in patterns):
                    raise PydanticCustomError(
                        "names_staff",
                        "names a member of staff ({name}) in {where}: resident letters must "
                        "not name individual staff unless the complaint is about them "
                        "(R-S1-7). Describe their role instead, or record that the complaint "
                        "is about them.",
                        {"name": name, "where": where.replace("_", " ")},
                    )
        return self
