"""How a letter reaches each recipient, and what its email says it is about.

The resident's letters go by their preferred channel (R-COM-1), or by the one channel a
contact restriction allows (R-COM-2, `rules.letters.channel_for`); a representative whose
consent is recorded (R-WHO-2) by email when they gave one, else by post. A recipient who
cannot be reached that way (an invalid email address, no postal address) has a `Route`
with the problem in words, which delivery records as undeliverable and the complaint
activities record with the letter, so the team sees the gap as soon as it is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from delivery.mail import AddressRefused, checked_address
from models.effects import Recipient
from rules.letters import channel_for

# What an email says it is about, in words, after the reference ("Your complaint
# CMP-2026-000123: our decision at Stage 2"); the reference lets a reply find its complaint.
EMAIL_SUBJECTS = {
    "acknowledgement": "we have received it",
    "decline": "why we cannot take it on",
    "clarification": "please help us understand it",
    "extension": "we need more time to respond",
    "agreement_request": "can we agree a later response date?",
    "no_agreement": "our response date",
    "stage_1_response": "our decision at Stage 1",
    "stage_2_acknowledgement": "it is now at Stage 2",
    "escalation_refused": "your request to take it to Stage 2",
    "stage_2_response": "our decision at Stage 2",
    "stage_3_panel": "your Stage 3 panel meeting",
    "stage_3_response": "our decision at Stage 3",
    "final": "our complaints process is complete",
    "satisfaction_survey": "how did we handle it?",
    "compliment_reply": "thank you",
    "comment_reply": "thank you",
    "action_update": "an update on what we promised",
    "action_completed": "we have done what we promised",
}
KIND_WORDS = {"CMP": "complaint", "CPL": "compliment", "CMT": "comment", "HAZ": "hazard report"}


def email_subject(kind: str, reference: str, letter_subject: str) -> str:
    """The subject of a letter's email, in words: "Your complaint CMP-2026-000123: our
    decision at Stage 2"; a letter without its own words gives its subject line."""
    what = EMAIL_SUBJECTS.get(kind) or letter_subject[:1].lower() + letter_subject[1:]
    return f"Your {KIND_WORDS.get(reference[:3], 'complaint')} {reference}: {what}"


NO_RECIPIENT = "The letter has no recipient."


@dataclass
class Route:
    channel: str  # email | post
    address: str | None  # the email address, or the postal address
    problem: str | None = None


def route_for(recipient: dict[str, Any], channel: str) -> Route:
    """How a letter reaches one recipient, or why it cannot."""
    whose = (
        f"the representative {recipient.get('name')}"
        if recipient.get("role") == "representative"
        else f"the resident {recipient.get('name')}"
    )
    channel = channel_for(Recipient.model_validate(recipient), channel)
    if channel == "email":
        try:
            return Route("email", checked_address(recipient.get("email"), whose))
        except AddressRefused as error:
            return Route("email", recipient.get("email"), f"Not sent by email: {error}.")
    address = (recipient.get("address") or "").strip()
    if not address:
        return Route(
            "post",
            None,
            f"Not posted: there is no postal address for {whose}; add one to "
            "the complaint or ask how they would like to hear from us.",
        )
    return Route("post", address)
