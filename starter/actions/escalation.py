"""The subcommands of escalation, the Stage 3 panel and what follows a response.

Escalation asked for and decided (R-ESC-1 to R-ESC-3) with its reviewer (R-S2-1), the
Stage 3 panel (R-S3-1), progress on tracked actions (R-REM-3), the ombudsman's case, its
enquiries and determination (R-EXT-2), and corrected contact details with the letters
that could not be delivered sent again (R-EDIT-1).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel

from models.enums import Determination, EscalationRefusal, Exclusion, Ombudsman, choices
from models.messages import (
    AnswerEnquiryInput,
    ArrangePanelInput,
    AssignReviewerInput,
    CorrectContactInput,
    DecideEscalationInput,
    RecordDeterminationInput,
    RecordEnquiryInput,
    RecordOmbudsmanCaseInput,
    RecordPanelMeetingInput,
    RecordProgressInput,
    RequestEscalationInput,
    RequestStageThreeInput,
)
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
from starter.options import action_spec, iso_date, staff_spec

# -- escalation and the panel -------------------------------------------------------------


def _reasons_arguments(p: Parser) -> None:
    p.add_argument("--reasons", default="", help="the resident's reasons")


def _decide_arguments(p: Parser) -> None:
    decision = p.add_mutually_exclusive_group(required=True)
    decision.add_argument("--accept", action="store_true", help="accept at Stage 2")
    decision.add_argument("--refuse", metavar="REASON", help=f"one of {choices(EscalationRefusal)}")
    p.add_argument("--exclusion", help=f"with --refuse exclusion: one of {choices(Exclusion)}")
    p.add_argument("--explanation", default="", help="the explanation for the resident")
    p.add_argument("--exceptional-reason", help="accepting after the escalation window")
    p.add_argument("--understanding", help="what is outstanding, agreed with the resident")
    p.add_argument("--outcomes", help="the outcomes the resident is seeking")


def _decide(a: Args, today: date) -> DecideEscalationInput:
    return DecideEscalationInput(
        **by_whom(a),
        accept=a.accept,
        refusal=a.refuse,
        exclusion=a.exclusion,
        explanation=a.explanation,
        exceptional_reason=a.exceptional_reason,
        understanding=a.understanding,
        outcomes_sought=a.outcomes,
    )


def _panel_arguments(p: Parser) -> None:
    for flag in ("--board-member", "--executive", "--head-of-service"):
        p.add_argument(flag, type=staff_spec, required=True, metavar="ID:NAME[:EMAIL]")
    p.add_argument("--meeting-on", type=iso_date, required=True)
    p.add_argument("--complainant-attending", action="store_true")


def _held_arguments(p: Parser) -> None:
    p.add_argument("--held-on", type=iso_date, help="default today")


# -- aftercare -----------------------------------------------------------------------------


def _progress_arguments(p: Parser) -> None:
    p.add_argument("--item", required=True, help="the tracked item's number (see show)")
    text_option(p, "--note", "what progress was made")
    p.add_argument("--completed", action="store_true")


def _case_arguments(p: Parser) -> None:
    p.add_argument("--ombudsman", required=True, help=f"one of {choices(Ombudsman)}")
    p.add_argument("--case-reference", required=True)
    p.add_argument("--referred-on", type=iso_date, help="default today")


def _enquiry_arguments(p: Parser) -> None:
    p.add_argument("--case", type=int, required=True, help="the case number (see show)")
    p.add_argument("--due", type=iso_date, required=True)


def _answer_arguments(p: Parser) -> None:
    p.add_argument("--case", type=int, required=True)
    p.add_argument("--enquiry", type=int, required=True)


def _determination_arguments(p: Parser) -> None:
    p.add_argument("--case", type=int, required=True)
    p.add_argument("--determination", required=True, help=f"one of {choices(Determination)}")
    p.add_argument("--order", type=action_spec, action="append", default=[], metavar="WHAT:DUE")


CONTACT_DETAILS = ("name", "email", "phone", "address", "postcode")


def _correct_contact_arguments(p: Parser) -> None:
    for name in CONTACT_DETAILS:
        p.add_argument(f"--{name}", help=f"the corrected {name} (leave out to keep it)")
    p.add_argument("--reason", required=True, help="the reason for the correction")
    p.add_argument(
        "--resend",
        type=int,
        action="append",
        default=[],
        metavar="SEQ",
        help="a letter that could not be delivered, sent again to the corrected details "
        "(its number in the record; repeat for each)",
    )


def _correct_contact(a: Args, today: date) -> BaseModel:
    details = {name: getattr(a, name) for name in CONTACT_DETAILS if getattr(a, name)}
    return CorrectContactInput(**by_whom(a), **details, reason=a.reason, resend=a.resend)


# The subcommands after a response (see `starter.actions.COMMANDS`).
COMMANDS: dict[ActionEntry[Any], Command] = {
    catalogue.REQUEST_ESCALATION: Command(
        "the resident asks for Stage 2 (R-ESC-1)",
        _reasons_arguments,
        lambda a, t: RequestEscalationInput(**by_whom(a), reasons=a.reasons),
    ),
    catalogue.ASSIGN_REVIEWER: Command(
        "assign the Stage 2 reviewer (R-S2-1)",
        staff_arguments,
        lambda a, t: AssignReviewerInput(**by_whom(a), reviewer=staff_member(a)),
    ),
    catalogue.DECIDE_ESCALATION: Command(
        "accept or refuse escalation (R-ESC-2, R-ESC-3)",
        _decide_arguments,
        _decide,
    ),
    catalogue.REQUEST_STAGE_THREE: Command(
        "the resident asks for a Stage 3 panel",
        _reasons_arguments,
        lambda a, t: RequestStageThreeInput(**by_whom(a), reasons=a.reasons),
    ),
    catalogue.ARRANGE_PANEL: Command(
        "arrange the Stage 3 panel (R-S3-1)",
        _panel_arguments,
        lambda a, t: ArrangePanelInput(
            **by_whom(a),
            board_member=a.board_member,
            executive=a.executive,
            head_of_service=a.head_of_service,
            meeting_on=a.meeting_on,
            complainant_attending=a.complainant_attending,
        ),
    ),
    catalogue.RECORD_PANEL_MEETING: Command(
        "the Stage 3 panel met",
        _held_arguments,
        lambda a, t: RecordPanelMeetingInput(**by_whom(a), held_on=a.held_on or t),
    ),
    catalogue.RECORD_PROGRESS: Command(
        "progress on a tracked action (R-REM-3)",
        _progress_arguments,
        lambda a, t: RecordProgressInput(
            **by_whom(a), item_id=a.item, note=a.note, completed=a.completed
        ),
    ),
    catalogue.RECORD_OMBUDSMAN_CASE: Command(
        "a referral to the ombudsman (R-EXT-2)",
        _case_arguments,
        lambda a, t: RecordOmbudsmanCaseInput(
            **by_whom(a),
            ombudsman=a.ombudsman,
            case_reference=a.case_reference,
            referred_on=a.referred_on or t,
        ),
    ),
    catalogue.CORRECT_CONTACT: Command(
        "correct the contact details, sending again the letters that could not be "
        "delivered (R-EDIT-1)",
        _correct_contact_arguments,
        _correct_contact,
    ),
    catalogue.RECORD_ENQUIRY: Command(
        "an ombudsman enquiry and its deadline",
        _enquiry_arguments,
        lambda a, t: RecordEnquiryInput(**by_whom(a), case_id=a.case, due=a.due),
    ),
    catalogue.ANSWER_ENQUIRY: Command(
        "an ombudsman enquiry was answered",
        _answer_arguments,
        lambda a, t: AnswerEnquiryInput(**by_whom(a), case_id=a.case, enquiry_id=a.enquiry),
    ),
    catalogue.RECORD_DETERMINATION: Command(
        "the ombudsman's determination and orders",
        _determination_arguments,
        lambda a, t: RecordDeterminationInput(
            **by_whom(a), case_id=a.case, determination=a.determination, orders=a.order
        ),
    ),
}
