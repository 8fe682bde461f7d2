"""The subcommands of the response clock and the stage response itself.

More time with a reason (R-S1-3, R-S2-2) or the resident's agreement (R-S1-4), an issue
added or split off (R-S1-5), and the stage response (R-S1-6, R-S2-3), given as options or
as a ``StageResponse`` in JSON (`stage_response`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from models.enums import Decision, choices
from models.messages import (
    AddIssueInput,
    ExtendInput,
    RecordAgreementInput,
    RequestAgreementInput,
    SubmitResponseInput,
)
from models.stages import StageResponse
from rules import catalogue
from rules.catalogue import ActionEntry
from starter.actions.command import Args, Command, InputError, Parser, by_whom, text_option
from starter.options import (
    COMPENSATION_PARTS,
    action_spec,
    compensation_spec,
    decision_spec,
    iso_date,
    remedy_spec,
)

# -- the response clock ------------------------------------------------------------------


def _extend_arguments(p: Parser) -> None:
    p.add_argument("--new-due", type=iso_date, required=True, help="the new response date")
    text_option(p, "--reason", "why the response needs more time")


def _request_agreement_arguments(p: Parser) -> None:
    p.add_argument("--proposed-due", type=iso_date, required=True)
    text_option(p, "--reason", "why more time is needed")


def _record_agreement_arguments(p: Parser) -> None:
    answer = p.add_mutually_exclusive_group(required=True)
    answer.add_argument("--agreed", dest="agreed", action="store_true")
    answer.add_argument("--not-agreed", dest="agreed", action="store_false")
    p.add_argument("--agreed-due", type=iso_date, help="default: the date proposed")
    p.add_argument("--note", default="")


def _add_issue_arguments(p: Parser) -> None:
    text_option(p, "--summary", "the additional issue")
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
            return StageResponse.model_validate_json(a.file.readtext_option())
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


# The response clock's and the response's subcommands (see `starter.actions.COMMANDS`).
COMMANDS: dict[ActionEntry[Any], Command] = {
    catalogue.EXTEND: Command(
        "extend the response date with a reason (R-S1-3, R-S2-2)",
        _extend_arguments,
        lambda a, t: ExtendInput(**by_whom(a), new_due=a.new_due, reason=a.reason),
    ),
    catalogue.REQUEST_AGREEMENT: Command(
        "ask the resident to agree a later date (R-S1-4)",
        _request_agreement_arguments,
        lambda a, t: RequestAgreementInput(
            **by_whom(a), proposed_due=a.proposed_due, reason=a.reason
        ),
    ),
    catalogue.RECORD_AGREEMENT: Command(
        "record the resident's answer (R-S1-4)",
        _record_agreement_arguments,
        lambda a, t: RecordAgreementInput(
            **by_whom(a), agreed=a.agreed, agreed_due=a.agreed_due, note=a.note
        ),
    ),
    catalogue.ADD_ISSUE: Command(
        "add an issue, or split it off as a linked complaint (R-S1-5)",
        _add_issue_arguments,
        lambda a, t: AddIssueInput(
            **by_whom(a), summary=a.summary, as_new_complaint=a.as_new_complaint
        ),
    ),
    catalogue.SUBMIT_RESPONSE: Command(
        "send the stage response (R-S1-6, R-S2-3)",
        _respond_arguments,
        lambda a, t: SubmitResponseInput(**by_whom(a), response=stage_response(a)),
        name="respond",
    ),
}
