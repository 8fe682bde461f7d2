"""Section 14 of the rules, corrections (R-EDIT-1): what was recorded wrongly at logging is
put right, the complainant's contact details or the service area and organisation, each
value kept with its old one, who corrected it and why (R-REC-1). Letters from then on carry
the corrected details; a letter that could not be delivered may be sent again once
(`rules.handling.resend`).
"""

from datetime import date

from pydantic import ValidationError

from models.closure import Correction
from models.complaint import ComplaintState
from models.effects import Effect, Event
from models.enums import ServiceArea, Status, choices
from models.messages import CorrectContactInput, CorrectServiceInput
from models.organisation import Organisation
from models.parties import Complainant
from rules.handling.common import Ctx, Refused, require_status, require_text
from rules.organisations import UnknownOrganisation, load_organisation

# R-EDIT-1: anything the workflow still holds can be put right.
CORRECTABLE = tuple(s for s in Status if s != Status.COMPLETED)
CONTACT_FIELDS = ("name", "email", "phone", "address", "postcode")


def _given(value: str | None) -> str | None:
    return value.strip() if value is not None and value.strip() else None


def _contact_changes(state: ComplaintState, inp: CorrectContactInput) -> dict[str, str]:
    person = state.intake.complainant
    changes = {}
    for name in CONTACT_FIELDS:
        new = _given(getattr(inp, name))
        old = getattr(person, name)
        if new is not None and new != (str(old) if old is not None else None):
            changes[name] = new
    return changes


def _corrected_person(state: ComplaintState, changes: dict[str, str]) -> Complainant:
    person = state.intake.complainant
    try:
        return Complainant.model_validate(person.model_dump() | changes)
    except ValidationError as error:
        what = ", ".join(str(e["loc"][0]) for e in error.errors() if e["loc"])
        raise Refused(f"The corrected {what or 'details'} is not valid: check it.") from None


def check_correct_contact(state: ComplaintState, inp: CorrectContactInput, ctx: Ctx) -> None:
    require_status(state, CORRECTABLE, "correct the contact details")
    require_text(inp.reason, "the reason for the correction")
    changes = _contact_changes(state, inp)
    if not changes:
        raise Refused("Give at least one contact detail that differs from the one recorded.")
    _corrected_person(state, changes)
    _check_resend(state, inp)


def corrected_complainant(state: ComplaintState, inp: CorrectContactInput) -> Complainant:
    """The complainant as the correction would leave them; the state is unchanged."""
    return _corrected_person(state, _contact_changes(state, inp))


def _check_resend(state: ComplaintState, inp: CorrectContactInput) -> None:
    """R-EDIT-1: a letter that could not be delivered is sent again once, not on every
    correction (whether it could be delivered is read from the record, in the handler)."""
    if len(set(inp.resend)) != len(inp.resend):
        raise Refused("Name each letter to send again once.")
    again = sorted(set(inp.resend) & set(state.resent))
    if again:
        numbers = ", ".join(str(seq) for seq in again)
        raise Refused(
            f"Letter {numbers} was sent again after an earlier correction; a letter is "
            "not sent again twice."
        )


def correct_contact(state: ComplaintState, inp: CorrectContactInput, ctx: Ctx) -> list[Effect]:
    """R-EDIT-1: the complainant's contact details put right, each with its old value."""
    check_correct_contact(state, inp, ctx)
    changes = _contact_changes(state, inp)
    person = state.intake.complainant
    old = {name: getattr(person, name) for name in changes}
    state.intake = state.intake.model_copy(
        update={"complainant": _corrected_person(state, changes)}
    )
    return _corrected(state, inp.reason, inp.by, ctx.today, old, changes, "Contact details")


def _service_changes(state: ComplaintState, inp: CorrectServiceInput) -> dict[str, str]:
    changes = {}
    service = _given(inp.service_area)
    if service is not None and service != state.intake.service_area.value:
        changes["service_area"] = service
    organisation = _given(inp.organisation)
    if organisation is not None and organisation != state.intake.organisation:
        changes["organisation"] = organisation
    return changes


def _corrected_organisation(
    state: ComplaintState, changes: dict[str, str]
) -> tuple[ServiceArea, Organisation]:
    try:
        service = ServiceArea(changes.get("service_area", state.intake.service_area.value))
    except ValueError:
        raise Refused(
            f"'{changes['service_area']}' is not a service area; use one of: "
            f"{choices(ServiceArea)}."
        ) from None
    organisation = changes.get("organisation", state.intake.organisation)
    try:
        return service, load_organisation(organisation, service)
    except UnknownOrganisation as error:
        raise Refused(str(error)) from None


def check_correct_service(state: ComplaintState, inp: CorrectServiceInput, ctx: Ctx) -> None:
    require_status(state, CORRECTABLE, "correct the service area or organisation")
    require_text(inp.reason, "the reason for the correction")
    changes = _service_changes(state, inp)
    if not changes:
        raise Refused("Give a service area or organisation that differs from the one recorded.")
    _corrected_organisation(state, changes)


def correct_service(state: ComplaintState, inp: CorrectServiceInput, ctx: Ctx) -> list[Effect]:
    """R-EDIT-1: the service area or organisation put right; letters from now on carry the
    organisation's details, and the route to the ombudsman follows the service (R-SVC-1)."""
    check_correct_service(state, inp, ctx)
    changes = _service_changes(state, inp)
    service, organisation = _corrected_organisation(state, changes)
    old = {
        "service_area": state.intake.service_area.value,
        "organisation": state.intake.organisation,
    }
    new = {"service_area": service.value, "organisation": organisation.id}
    state.intake = state.intake.model_copy(
        update={"service_area": service, "organisation": organisation.id}
    )
    state.organisation = organisation
    changed = {key: value for key, value in new.items() if value != old[key]}
    return _corrected(
        state, inp.reason, inp.by, ctx.today, {k: old[k] for k in changed}, changed, "Service"
    )


def _corrected(
    state: ComplaintState,
    reason: str,
    by: str,
    on: date,
    old: dict[str, object],
    new: dict[str, str],
    what: str,
) -> list[Effect]:
    """Each value corrected is kept with its old value, who and why (R-REC-1)."""
    fields = {}
    for name, value in new.items():
        before = None if old.get(name) is None else str(old[name])
        state.corrections.append(
            Correction(what=name, old=before, new=value, reason=reason, by=by, on=on)
        )
        fields[name] = {"old": before, "new": value}
    words = ", ".join(
        f"{name.replace('_', ' ')} from {change['old'] or 'none'} to {change['new']}"
        for name, change in fields.items()
    )
    return [
        Event(
            kind="corrected",
            summary=f"{what} corrected: {words}, because {reason.strip()}",
            actor=by,
            data={"fields": fields, "reason": reason},
        )
    ]
