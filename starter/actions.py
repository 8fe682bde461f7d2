"""The handler actions the starter can take: one subcommand per action of the catalogue.

The catalogue (`rules.catalogue`) says which update each action sends; this table adds
its subcommand's help, its options and how they become the update's input model
(``models.messages``). An action with no entry here gets options made from its input
model. The workflow's validator decides whether the action is allowed; the starter only
shapes the input.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from models.casework import Adjustment, ContactKind
from models.complaint import StageResponse
from models.enums import (
    Decision,
    Determination,
    EscalationRefusal,
    Exclusion,
    Ombudsman,
    RepresentativeKind,
    choices,
)
from models.messages import (
    AcceptInput,
    AcknowledgeInput,
    AddIssueInput,
    AnswerEnquiryInput,
    ArrangePanelInput,
    AssignHandlerInput,
    AssignReviewerInput,
    CorrectContactInput,
    DecideEscalationInput,
    DeclineInput,
    ExtendInput,
    RecordAgreementInput,
    RecordConsentInput,
    RecordContactInput,
    RecordDeterminationInput,
    RecordEnquiryInput,
    RecordOmbudsmanCaseInput,
    RecordPanelMeetingInput,
    RecordProgressInput,
    RecordRestrictionInput,
    RecordVulnerabilityInput,
    ReopenInput,
    RequestAgreementInput,
    RequestClarificationInput,
    RequestEscalationInput,
    RequestStageThreeInput,
    ResolveEarlyInput,
    SubmitResponseInput,
)
from models.parties import ContactRestriction, Representative, StaffMember
from rules import catalogue
from rules.catalogue import ActionEntry, input_fields
from starter.hazard_report import report_hazard, report_hazard_arguments
from starter.options import (
    COMPENSATION_PARTS,
    action_spec,
    compensation_spec,
    decision_spec,
    iso_date,
    remedy_spec,
    staff_spec,
)

Args = argparse.Namespace
Parser = argparse.ArgumentParser


class InputError(ValueError):
    """Options that do not make a valid input; the message says what to give."""


@dataclass(frozen=True)
class Command:
    """What the command line adds to a catalogue action."""

    help: str
    arguments: Callable[[Parser], None]
    build: Callable[[Args, date], BaseModel]  # (options, today) -> update input
    name: str | None = None  # the subcommand, when not the update's name with dashes


@dataclass(frozen=True)
class ActionCommand:
    action: ActionEntry[Any]
    command: Command

    @property
    def name(self) -> str:
        """The subcommand."""
        return self.command.name or self.action.name.replace("_", "-")

    @property
    def update(self) -> str:
        """The ComplaintWorkflow update it sends."""
        return self.action.name

    @property
    def help(self) -> str:
        return self.command.help

    def arguments(self, parser: Parser) -> None:
        self.command.arguments(parser)

    def build(self, args: Args, today: date) -> BaseModel:
        return self.command.build(args, today)


def _by(args: Args) -> dict[str, Any]:
    return {"by": args.by} if args.by else {}


def _staff_arguments(parser: Parser) -> None:
    parser.add_argument("--id", required=True, help="staff id, e.g. h.khan")
    parser.add_argument("--name", required=True)
    parser.add_argument("--email")
    parser.add_argument("--phone")
    parser.add_argument("--manager", help="the staff id of their manager (told of breaches)")


def _staff(args: Args) -> StaffMember:
    return StaffMember(
        id=args.id, name=args.name, email=args.email, phone=args.phone, manager_id=args.manager
    )


def _text(parser: Parser, flag: str, help: str, required: bool = True) -> None:
    parser.add_argument(flag, required=required, default=None if required else "", help=help)


# -- intake ------------------------------------------------------------------------------


def _accept_arguments(p: Parser) -> None:
    p.add_argument("--late-reason", help="why a complaint older than the policy allows is accepted")


def _decline_arguments(p: Parser) -> None:
    _text(p, "--reason", f"the exclusion: one of {choices(Exclusion)}")
    _text(p, "--detail", "the detailed reason for the resident (10 characters or more)")


def _resolve_early_arguments(p: Parser) -> None:
    _text(p, "--what-was-done", "what was done at first contact")
    p.add_argument("--resident-agreed", action="store_true", help="the resident agreed")


def _acknowledge_arguments(p: Parser) -> None:
    _text(p, "--definition", "our understanding of the complaint")
    _text(p, "--outcomes", "the outcomes the resident is seeking")
    p.add_argument("--issue", action="append", required=True, help="an issue (repeat for each)")


def _consent_arguments(p: Parser) -> None:
    p.add_argument("--rep-name", required=True, help="the representative's name")
    p.add_argument("--rep-kind", required=True, choices=[k.value for k in RepresentativeKind])
    p.add_argument("--rep-email")
    p.add_argument("--rep-address")
    p.add_argument("--consent-on", type=iso_date, help="date consent was given (default today)")


def _consent(a: Args, today: date) -> RecordConsentInput:
    rep = Representative(name=a.rep_name, kind=a.rep_kind, email=a.rep_email, address=a.rep_address)
    return RecordConsentInput(**_by(a), representative=rep, consent_on=a.consent_on or today)


def _restriction_arguments(p: Parser) -> None:
    _text(p, "--reason", "why contact is restricted")
    _text(p, "--restriction", "what is restricted, e.g. 'contact by email only'")
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
    return RecordRestrictionInput(**_by(a), restriction=restriction)


# -- notes, contacts and vulnerability (section 14) -------------------------------------


def _contact_arguments(p: Parser) -> None:
    p.add_argument(
        "--kind", default="note", choices=[k.value for k in ContactKind], help="default: note"
    )
    _text(p, "--summary", "who was spoken to and what was said or agreed")
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
        **_by(a),
        kind=a.kind,
        summary=a.summary,
        happened_at=a.at,
        corrects=a.corrects,
        author=a.author,
    )


def _vulnerability_arguments(p: Parser) -> None:
    _text(p, "--circumstances", "the resident's circumstances (special category data)")
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
        **_by(a),
        circumstances=a.circumstances,
        adjustments=a.adjustment,
        other_adjustments=a.other,
        named_contact=a.named_contact,
        review_on=a.review_on,
        author=a.author,
    )


# -- the response clock ------------------------------------------------------------------


def _extend_arguments(p: Parser) -> None:
    p.add_argument("--new-due", type=iso_date, required=True, help="the new response date")
    _text(p, "--reason", "why the response needs more time")


def _request_agreement_arguments(p: Parser) -> None:
    p.add_argument("--proposed-due", type=iso_date, required=True)
    _text(p, "--reason", "why more time is needed")


def _record_agreement_arguments(p: Parser) -> None:
    answer = p.add_mutually_exclusive_group(required=True)
    answer.add_argument("--agreed", dest="agreed", action="store_true")
    answer.add_argument("--not-agreed", dest="agreed", action="store_false")
    p.add_argument("--agreed-due", type=iso_date, help="default: the date proposed")
    p.add_argument("--note", default="")


def _add_issue_arguments(p: Parser) -> None:
    _text(p, "--summary", "the additional issue")
    p.add_argument("--as-new-complaint", action="store_true", help="log it as a linked complaint")


def _respond_arguments(p: Parser) -> None:
    p.add_argument("--file", type=Path, help="a StageResponse as JSON (instead of the options)")
    p.add_argument("--definition", help="the complaint definition")
    p.add_argument(
        "--decision",
        type=decision_spec,
        action="append",
        default=[],
        metavar="ISSUE_ID:DECISION:REASONS",
        help=f"one per issue; DECISION one of {choices(Decision)}",
    )
    p.add_argument("--overall", choices=[d.value for d in Decision], help="default: derived")
    p.add_argument("--reasons", help="the reasons, citing policy, law or good practice")
    p.add_argument(
        "--remedy",
        type=remedy_spec,
        action="append",
        default=[],
        metavar="KIND:DESCRIPTION[:DUE]",
        help="a remedy; with DUE it is tracked until delivered",
    )
    p.add_argument(
        "--compensation",
        type=compensation_spec,
        action="append",
        default=[],
        metavar="PART=POUNDS[,...]",
        help=f"the financial remedy's parts: {', '.join(COMPENSATION_PARTS)}",
    )
    p.add_argument("--action", type=action_spec, action="append", default=[], metavar="WHAT:DUE")
    p.add_argument("--lesson", help="the lesson learned (required when anything is upheld)")
    p.add_argument(
        "--hazards-addressed", help="what was done about its hazards (required when it has any)"
    )
    p.add_argument("--names-staff", action="store_true", help="the letter names staff")
    p.add_argument("--about-staff", action="store_true", help="the complaint is about them")


def stage_response(a: Args) -> StageResponse:
    """The response from ``--file``, or from the options."""
    if a.file is not None:
        try:
            return StageResponse.model_validate_json(a.file.read_text())
        except OSError as error:
            raise InputError(f"cannot read {a.file}: {error.strerror}") from None
    if not a.definition or not a.reasons or not a.decision:
        raise InputError("give --definition, --reasons and a --decision for each issue (or --file)")
    remedies = [dict(r) for r in a.remedy]
    if a.compensation:
        parts: dict[str, float] = {}
        for given in a.compensation:
            parts.update(given)
        financial = [r for r in remedies if r["kind"] == "financial"]
        if not financial:
            total = sum(parts.values())
            financial = [{"kind": "financial", "description": f"Compensation of £{total:.2f}"}]
            remedies += financial
        for remedy in financial:
            remedy["compensation"] = parts
    return StageResponse.model_validate(
        {
            "definition": a.definition,
            "decisions": a.decision,
            "overall": a.overall,
            "reasons": a.reasons,
            "remedies": remedies,
            "actions": a.action,
            "lesson": a.lesson,
            "hazards_addressed": getattr(a, "hazards_addressed", None),
            "names_staff": a.names_staff,
            "complaint_is_about_staff": a.about_staff,
        }
    )


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
        **_by(a),
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
    _text(p, "--note", "what progress was made")
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
    return CorrectContactInput(**_by(a), **details, reason=a.reason, resend=a.resend)


def generic_command(action: ActionEntry[Any]) -> Command:
    """Options made from the action's input model: ``--field-name`` for each simple field."""
    fields = input_fields(action.model)
    types: dict[str, Callable[[str], Any]] = {"date": iso_date, "number": int}

    def arguments(p: Parser) -> None:
        for f in fields:
            flag = "--" + f.name.replace("_", "-")
            if f.kind == "flag":
                p.add_argument(flag, action="store_true", help=f.label)
            else:
                p.add_argument(flag, type=types.get(f.kind, str), required=f.required, help=f.label)

    def build(a: Args, today: date) -> BaseModel:
        given = {f.name: getattr(a, f.name) for f in fields if getattr(a, f.name) is not None}
        return action.model(**_by(a), **given)

    rules = f" ({action.rule_ids})" if action.rules else ""
    return Command(action.title[:1].lower() + action.title[1:] + rules, arguments, build)


# What the command line adds to each action of the catalogue: its help, its options and how
# they become the update's input. An action without an entry here gets options made from
# its input model (`generic_command`).
COMMANDS: dict[ActionEntry[Any], Command] = {
    catalogue.ASSIGN_HANDLER: Command(
        "assign (or reassign) the Stage 1 handler",
        _staff_arguments,
        lambda a, t: AssignHandlerInput(**_by(a), handler=_staff(a)),
    ),
    catalogue.ACCEPT: Command(
        "accept the complaint at Stage 1 (R-ACC-1)",
        _accept_arguments,
        lambda a, t: AcceptInput(**_by(a), late_discretion_reason=a.late_reason),
    ),
    catalogue.DECLINE: Command(
        "decline for a listed exclusion (R-ACC-2)",
        _decline_arguments,
        lambda a, t: DeclineInput(**_by(a), reason=a.reason, detail=a.detail),
    ),
    catalogue.RESOLVE_EARLY: Command(
        "record a resolution at first contact (R-INT-2)",
        _resolve_early_arguments,
        lambda a, t: ResolveEarlyInput(
            **_by(a), what_was_done=a.what_was_done, resident_agreed=a.resident_agreed
        ),
    ),
    catalogue.REOPEN: Command(
        "make an early resolution a Stage 1 complaint (R-INT-2)",
        lambda p: _text(p, "--reason", "why it becomes a formal complaint"),
        lambda a, t: ReopenInput(**_by(a), reason=a.reason),
    ),
    catalogue.REQUEST_CLARIFICATION: Command(
        "ask the resident to clarify (R-ACK-2)",
        lambda p: _text(p, "--questions", "what needs clarifying"),
        lambda a, t: RequestClarificationInput(**_by(a), questions=a.questions),
        name="clarify",
    ),
    catalogue.ACKNOWLEDGE: Command(
        "acknowledge with the agreed definition (R-ACK-1)",
        _acknowledge_arguments,
        lambda a, t: AcknowledgeInput(
            **_by(a), definition=a.definition, outcomes_sought=a.outcomes, issues=a.issue
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
    catalogue.EXTEND: Command(
        "extend the response date with a reason (R-S1-3, R-S2-2)",
        _extend_arguments,
        lambda a, t: ExtendInput(**_by(a), new_due=a.new_due, reason=a.reason),
    ),
    catalogue.REQUEST_AGREEMENT: Command(
        "ask the resident to agree a later date (R-S1-4)",
        _request_agreement_arguments,
        lambda a, t: RequestAgreementInput(**_by(a), proposed_due=a.proposed_due, reason=a.reason),
    ),
    catalogue.RECORD_AGREEMENT: Command(
        "record the resident's answer (R-S1-4)",
        _record_agreement_arguments,
        lambda a, t: RecordAgreementInput(
            **_by(a), agreed=a.agreed, agreed_due=a.agreed_due, note=a.note
        ),
    ),
    catalogue.ADD_ISSUE: Command(
        "add an issue, or split it off as a linked complaint (R-S1-5)",
        _add_issue_arguments,
        lambda a, t: AddIssueInput(
            **_by(a), summary=a.summary, as_new_complaint=a.as_new_complaint
        ),
    ),
    catalogue.SUBMIT_RESPONSE: Command(
        "send the stage response (R-S1-6, R-S2-3)",
        _respond_arguments,
        lambda a, t: SubmitResponseInput(**_by(a), response=stage_response(a)),
        name="respond",
    ),
    catalogue.REQUEST_ESCALATION: Command(
        "the resident asks for Stage 2 (R-ESC-1)",
        _reasons_arguments,
        lambda a, t: RequestEscalationInput(**_by(a), reasons=a.reasons),
    ),
    catalogue.ASSIGN_REVIEWER: Command(
        "assign the Stage 2 reviewer (R-S2-1)",
        _staff_arguments,
        lambda a, t: AssignReviewerInput(**_by(a), reviewer=_staff(a)),
    ),
    catalogue.DECIDE_ESCALATION: Command(
        "accept or refuse escalation (R-ESC-2, R-ESC-3)",
        _decide_arguments,
        _decide,
    ),
    catalogue.REQUEST_STAGE_THREE: Command(
        "the resident asks for a Stage 3 panel",
        _reasons_arguments,
        lambda a, t: RequestStageThreeInput(**_by(a), reasons=a.reasons),
    ),
    catalogue.ARRANGE_PANEL: Command(
        "arrange the Stage 3 panel (R-S3-1)",
        _panel_arguments,
        lambda a, t: ArrangePanelInput(
            **_by(a),
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
        lambda a, t: RecordPanelMeetingInput(**_by(a), held_on=a.held_on or t),
    ),
    catalogue.RECORD_PROGRESS: Command(
        "progress on a tracked action (R-REM-3)",
        _progress_arguments,
        lambda a, t: RecordProgressInput(
            **_by(a), item_id=a.item, note=a.note, completed=a.completed
        ),
    ),
    catalogue.RECORD_OMBUDSMAN_CASE: Command(
        "a referral to the ombudsman (R-EXT-2)",
        _case_arguments,
        lambda a, t: RecordOmbudsmanCaseInput(
            **_by(a),
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
        lambda a, t: RecordEnquiryInput(**_by(a), case_id=a.case, due=a.due),
    ),
    catalogue.ANSWER_ENQUIRY: Command(
        "an ombudsman enquiry was answered",
        _answer_arguments,
        lambda a, t: AnswerEnquiryInput(**_by(a), case_id=a.case, enquiry_id=a.enquiry),
    ),
    catalogue.RECORD_DETERMINATION: Command(
        "the ombudsman's determination and orders",
        _determination_arguments,
        lambda a, t: RecordDeterminationInput(
            **_by(a), case_id=a.case, determination=a.determination, orders=a.order
        ),
    ),
}

ACTIONS: tuple[ActionCommand, ...] = tuple(
    ActionCommand(action, COMMANDS.get(action) or generic_command(action))
    for action in catalogue.ACTIONS
)
BY_NAME = {command.name: command for command in ACTIONS}
