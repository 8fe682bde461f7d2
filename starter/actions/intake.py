"""The subcommands of a complaint's intake and its record beside the response.

Taking a complaint in: the handler, accepting or declining it (R-ACC-1, R-ACC-2), an early
resolution (R-INT-2), clarifying and acknowledging (R-ACK-1, R-ACK-2). Then what is kept
about the resident while it runs: a representative's consent (R-WHO-2), a contact
restriction (R-COM-2), case notes and contacts (R-NOTE-1), a vulnerability and its
adjustments (R-VUL-1), and a hazard in the home (R-HAZ-1, R-HAZ-7).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from models.casework import Adjustment, ContactKind
from models.enums import Exclusion, RepresentativeKind, choices
from models.messages import (
    AcceptInput,
    AcknowledgeInput,
    AssignHandlerInput,
    DeclineInput,
    RecordConsentInput,
    RecordContactInput,
    RecordRestrictionInput,
    RecordVulnerabilityInput,
    ReopenInput,
    RequestClarificationInput,
    ResolveEarlyInput,
)
from models.parties import ContactRestriction, Representative
from rules import catalogue
from rules.catalogue import ActionEntry
from starter.actions.command import (
    Args,
    Command,
    Parser,
    by_whom,
    staff_arguments,
    staff_member,
    text_option,
)
from starter.hazard_report import report_hazard, report_hazard_arguments
from starter.options import iso_date

# -- intake ------------------------------------------------------------------------------


def _accept_arguments(p: Parser) -> None:
    p.add_argument("--late-reason", help="why a complaint older than the policy allows is accepted")


def _decline_arguments(p: Parser) -> None:
    text_option(p, "--reason", f"the exclusion: one of {choices(Exclusion)}")
    text_option(p, "--detail", "the detailed reason for the resident (10 characters or more)")


def _resolve_early_arguments(p: Parser) -> None:
    text_option(p, "--what-was-done", "what was done at first contact")
    p.add_argument("--resident-agreed", action="store_true", help="the resident agreed")


def _acknowledge_arguments(p: Parser) -> None:
    text_option(p, "--definition", "our understanding of the complaint")
    text_option(p, "--outcomes", "the outcomes the resident is seeking")
    p.add_argument("--issue", action="append", required=True, help="an issue (repeat for each)")


def _consent_arguments(p: Parser) -> None:
    p.add_argument("--rep-name", required=True, help="the representative's name")
    p.add_argument("--rep-kind", required=True, choices=[k.value for k in RepresentativeKind])
    p.add_argument("--rep-email")
    p.add_argument("--rep-address")
    p.add_argument("--consent-on", type=iso_date, help="date consent was given (default today)")


def _consent(a: Args, today: date) -> RecordConsentInput:
    rep = Representative(name=a.rep_name, kind=a.rep_kind, email=a.rep_email, address=a.rep_address)
    return RecordConsentInput(**by_whom(a), representative=rep, consent_on=a.consent_on or today)


def _restriction_arguments(p: Parser) -> None:
    text_option(p, "--reason", "why contact is restricted")
    text_option(p, "--restriction", "what is restricted, e.g. 'contact by email only'")
    p.add_argument("--review-on", type=iso_date, required=True, help="date to review it")
    p.add_argument(
        "--channel",
        choices=["email", "post"],
        help="letters go only this way while the restriction lasts (default: as preferred)",
    )


def _restriction(a: Args, today: date) -> RecordRestrictionInput:
    restriction = ContactRestriction(
        reason=a.reason, restriction=a.restriction, review_on=a.review_on, channel=a.channel
    )
    return RecordRestrictionInput(**by_whom(a), restriction=restriction)


# -- notes, contacts and vulnerability (section 14) -------------------------------------


def _contact_arguments(p: Parser) -> None:
    p.add_argument(
        "--kind", default="note", choices=[k.value for k in ContactKind], help="default: note"
    )
    text_option(p, "--summary", "who was spoken to and what was said or agreed")
    p.add_argument(
        "--at",
        type=datetime.fromisoformat,
        help="when it took place, ISO 8601 with its offset, e.g. 2026-12-04T16:40+00:00 "
        "(default now)",
    )
    p.add_argument("--corrects", type=int, help="the number of the note this one corrects")
    p.add_argument("--author", default="", help="the name of who recorded it")


def _contact(a: Args, today: date) -> RecordContactInput:
    return RecordContactInput(
        **by_whom(a),
        kind=a.kind,
        summary=a.summary,
        happened_at=a.at,
        corrects=a.corrects,
        author=a.author,
    )


def _vulnerability_arguments(p: Parser) -> None:
    text_option(p, "--circumstances", "the resident's circumstances (special category data)")
    p.add_argument(
        "--adjustment",
        action="append",
        default=[],
        choices=[a.value for a in Adjustment],
        help="an adjustment agreed (repeat for each)",
    )
    p.add_argument("--other", default="", help="any other adjustment agreed, in words")
    p.add_argument("--named-contact", help="the advocate or contact who speaks for the resident")
    p.add_argument("--review-on", type=iso_date, required=True, help="date to review them")
    p.add_argument("--author", default="", help="the name of who recorded it")


def _vulnerability(a: Args, today: date) -> RecordVulnerabilityInput:
    return RecordVulnerabilityInput(
        **by_whom(a),
        circumstances=a.circumstances,
        adjustments=a.adjustment,
        other_adjustments=a.other,
        named_contact=a.named_contact,
        review_on=a.review_on,
        author=a.author,
    )


# The intake actions' subcommands (see `starter.actions.COMMANDS`).
COMMANDS: dict[ActionEntry[Any], Command] = {
    catalogue.ASSIGN_HANDLER: Command(
        "assign (or reassign) the Stage 1 handler",
        staff_arguments,
        lambda a, t: AssignHandlerInput(**by_whom(a), handler=staff_member(a)),
    ),
    catalogue.ACCEPT: Command(
        "accept the complaint at Stage 1 (R-ACC-1)",
        _accept_arguments,
        lambda a, t: AcceptInput(**by_whom(a), late_discretion_reason=a.late_reason),
    ),
    catalogue.DECLINE: Command(
        "decline for a listed exclusion (R-ACC-2)",
        _decline_arguments,
        lambda a, t: DeclineInput(**by_whom(a), reason=a.reason, detail=a.detail),
    ),
    catalogue.RESOLVE_EARLY: Command(
        "record a resolution at first contact (R-INT-2)",
        _resolve_early_arguments,
        lambda a, t: ResolveEarlyInput(
            **by_whom(a), what_was_done=a.what_was_done, resident_agreed=a.resident_agreed
        ),
    ),
    catalogue.REOPEN: Command(
        "make an early resolution a Stage 1 complaint (R-INT-2)",
        lambda p: text_option(p, "--reason", "why it becomes a formal complaint"),
        lambda a, t: ReopenInput(**by_whom(a), reason=a.reason),
    ),
    catalogue.REQUEST_CLARIFICATION: Command(
        "ask the resident to clarify (R-ACK-2)",
        lambda p: text_option(p, "--questions", "what needs clarifying"),
        lambda a, t: RequestClarificationInput(**by_whom(a), questions=a.questions),
        name="clarify",
    ),
    catalogue.ACKNOWLEDGE: Command(
        "acknowledge with the agreed definition (R-ACK-1)",
        _acknowledge_arguments,
        lambda a, t: AcknowledgeInput(
            **by_whom(a), definition=a.definition, outcomes_sought=a.outcomes, issues=a.issue
        ),
    ),
    catalogue.RECORD_CONSENT: Command(
        "record consent for a representative (R-WHO-2)",
        _consent_arguments,
        _consent,
    ),
    catalogue.RECORD_RESTRICTION: Command(
        "record a contact restriction with its reason and review date (R-COM-2)",
        _restriction_arguments,
        _restriction,
    ),
    catalogue.RECORD_CONTACT: Command(
        "record a case note or a contact with the resident (R-NOTE-1)",
        _contact_arguments,
        _contact,
    ),
    catalogue.RECORD_VULNERABILITY: Command(
        "record a vulnerability and the adjustments agreed, with a review date (R-VUL-1)",
        _vulnerability_arguments,
        _vulnerability,
    ),
    catalogue.REPORT_HAZARD: Command(
        "report a hazard in the home; it starts its own clock at once (R-HAZ-1, R-HAZ-7)",
        report_hazard_arguments,
        report_hazard,
    ),
}
