"""Letters as the rules write them (rules/letters.py): each letter is built with its own model
by the rule that sends it, so a letter without a part the Code requires fails the rule, not
the delivery; who receives it (R-WHO-2), by which channel (R-COM-1, R-COM-2) and whose names
it must not print (R-S1-7) are pure functions of the complaint's state."""

import subprocess
import sys
from datetime import date
from typing import Any

import pytest

from letters import LETTER_MODELS, LetterError, read_letter
from letters.models import ActionCompleted, ActionUpdate, Extension
from letters.parts import ResidentLetter
from models.complaint import ComplaintState, LogComplaintInput
from models.effects import Letter, Recipient
from models.enums import Kind, Stage
from models.messages import (
    AcceptInput,
    AcknowledgeInput,
    AssignHandlerInput,
    DeclineInput,
    ExtendInput,
    RequestClarificationInput,
)
from models.parties import (
    Complainant,
    ContactPreferences,
    ContactRestriction,
    Representative,
    RepresentativeKind,
    StaffMember,
)
from models.stages import StageResponse
from rules.calendar import WorkingCalendar, office_hours_on
from rules.handling import acceptance, acknowledgement, extensions, intake
from rules.handling.common import Ctx, ombudsman_fields
from rules.hazards.letters import hazard_letter
from rules.holidays_source import build_snapshot
from rules.letters import (
    COMPLAINT_PARTS,
    RESPONSE_LETTERS,
    action_letter,
    channel,
    channel_for,
    compose,
    recipients,
)
from rules.organisations import load_organisation
from rules.policy import load_profile
from rules.staff_names import complaint_is_about_staff
from tests.letters.samples import FIELDS

ON = date(2026, 3, 2)  # a Monday
SNAPSHOT = build_snapshot(date(2026, 1, 1), date(2027, 12, 31))
CTX = Ctx(now=office_hours_on(ON, 10), cal=WorkingCalendar(SNAPSHOT))
HANDLER = StaffMember(id="h.khan", name="Hana Khan", manager_id="m.osei")
ALEX = Complainant(name="Alex Morgan", email="alex@example.org", address="4 Mill Lane, Leeds")
JO = Representative(
    name="Jo Patel", kind=RepresentativeKind.ADVOCATE, email="jo@example.org", address=None
)
# A tracker's letters (R-REM-3) and a hazard's (R-HAZ-4, R-HAZ-5) are built by their own
# rules, tested below; every other letter is the complaint's.
HAZARD_LETTERS = ["hazard_summary", "hazard_update"]
COMPLAINT_LETTERS = sorted(
    set(LETTER_MODELS) - {"action_update", "action_completed", *HAZARD_LETTERS}
)


def complaint(
    complainant: Complainant = ALEX, kind: Kind = Kind.COMPLAINT, **fields: Any
) -> ComplaintState:
    prefix = {Kind.COMPLAINT: "CMP", Kind.COMPLIMENT: "CPL", Kind.COMMENT: "CMT"}[kind]
    log = LogComplaintInput(
        reference=f"{prefix}-2026-000001",
        kind=kind,
        first_contact_on=ON,
        complainant=complainant,
        description="The boiler has not worked for three weeks.",
        **fields,
    )
    return ComplaintState(
        reference=log.reference,
        intake=log,
        profile=load_profile("seed"),
        calendar=SNAPSHOT,
        logged_at=CTX.now,
        organisation=load_organisation(log.organisation, log.service_area),
        representative=log.representative,
    )


def logged() -> ComplaintState:
    state = complaint()
    intake.log(state, CTX)
    return state


def accepted() -> ComplaintState:
    state = logged()
    intake.assign_handler(state, AssignHandlerInput(handler=HANDLER), CTX)
    acceptance.accept(state, AcceptInput(by="officer"), CTX)
    return state


def opened() -> ComplaintState:
    state = accepted()
    acknowledgement.acknowledge(
        state,
        AcknowledgeInput(definition="Boiler broken", outcomes_sought="Fix it", issues=["Heat"]),
        CTX,
    )
    return state


def own_parts(letter_type: str) -> dict[str, Any]:
    """The sample letter's parts (tests/letters/samples.py) without those every complaint
    letter carries, which `compose` adds from the state (but the stage, which a stage
    response gives itself)."""
    given = set(COMPLAINT_PARTS) - {"stage"}
    return {k: v for k, v in FIELDS[letter_type].items() if k not in given}


def written(letter: Letter, state: ComplaintState) -> ResidentLetter:
    """The letter read back for its first recipient, as delivery reads it."""
    return read_letter(
        letter.letter,
        letter.fields,
        organisation=state.intake.organisation,
        recipient=letter.recipients[0],
        on=ON,
    )


# -- every letter type: built whole, refused without a part -------------------------------


@pytest.mark.parametrize("letter_type", COMPLAINT_LETTERS)
def test_every_complaint_letter_is_built_by_the_rules_with_its_parts(letter_type: str) -> None:
    state = opened()
    kind = LETTER_MODELS[letter_type]
    letter = compose(kind, state, CTX, "Send it", **own_parts(letter_type))
    assert (letter.letter, letter.summary) == (letter_type, "Send it")
    assert isinstance(written(letter, state), kind)


def _required_parts() -> list[Any]:
    """Every part a letter model requires that the rule itself gives (not the heading, nor
    the parts `compose` adds from the state)."""
    cases = []
    for letter_type in COMPLAINT_LETTERS:
        model = LETTER_MODELS[letter_type]
        for name, field in model.model_fields.items():
            if field.is_required() and name != "head" and name not in COMPLAINT_PARTS:
                cases.append(pytest.param(letter_type, name, id=f"{letter_type} without {name}"))
    return cases


@pytest.mark.parametrize(("letter_type", "part"), _required_parts())
def test_a_letter_missing_a_part_the_code_requires_fails_in_the_rule(
    letter_type: str, part: str
) -> None:
    parts = own_parts(letter_type)
    del parts[part]
    with pytest.raises(LetterError) as refused:
        compose(LETTER_MODELS[letter_type], opened(), CTX, "Send it", **parts)
    assert part in refused.value.parts
    assert str(refused.value).startswith("The ")  # a sentence, not a pydantic location


@pytest.mark.parametrize(
    ("letter_type", "changes", "words"),
    [
        pytest.param(
            "acknowledgement",
            {"ombudsman_any_time": True, "ombudsman_contact": None},
            "the Housing Ombudsman Service's contact details",
            id="R-ACK-1: the right to the Housing Ombudsman at any time, without their details",
        ),
        pytest.param(
            "stage_1_response",
            {"route": {"final": False, "next": "stage_2"}},
            "the date by which the resident can ask for Stage 2",
            id="R-S1-6: the route to Stage 2 without its date",
        ),
        pytest.param(
            "stage_2_response",
            {"route": {"final": True, "next": "ombudsman"}},
            "the ombudsman's name and how to contact them",
            id="R-S2-3: the route to the ombudsman without their details",
        ),
        pytest.param(
            "stage_1_response",
            {"decisions": []},
            "a decision on each issue",
            id="R-S1-6: a response without decisions",
        ),
        pytest.param(
            "decline",
            {"detail": "   "},
            "the detailed reason",
            id="R-ACC-2: a decline with a blank reason",
        ),
    ],
)
def test_a_letter_whose_part_is_incomplete_fails_in_the_rule(
    letter_type: str, changes: dict[str, Any], words: str
) -> None:
    parts = own_parts(letter_type) | changes
    with pytest.raises(LetterError, match=words):
        compose(LETTER_MODELS[letter_type], opened(), CTX, "Send it", **parts)


def test_a_part_the_letter_does_not_have_is_refused_by_name() -> None:
    with pytest.raises(LetterError, match="The extension letter has no part called new_date"):
        compose(Extension, opened(), CTX, "Send it", reason="Waiting for a surveyor", new_date=ON)


# -- the rules that send letters build them -------------------------------------------------


def _without_organisation(state: ComplaintState) -> ComplaintState:
    state.organisation = None
    return state


@pytest.mark.parametrize(
    "send",
    [
        pytest.param(
            lambda: intake.log(_without_organisation(complaint(kind=Kind.COMPLIMENT)), CTX),
            id="compliment reply (R-DEF-1)",
        ),
        pytest.param(
            lambda: acknowledgement.request_clarification(
                _without_organisation(accepted()),
                RequestClarificationInput(questions="Which rooms are affected?"),
                CTX,
            ),
            id="clarification (R-ACK-2)",
        ),
        pytest.param(
            lambda: acknowledgement.acknowledge(
                _without_organisation(accepted()),
                AcknowledgeInput(
                    definition="Boiler broken", outcomes_sought="Fix it", issues=["x"]
                ),
                CTX,
            ),
            id="acknowledgement (R-ACK-1)",
        ),
        pytest.param(
            lambda: acceptance.decline(
                _without_organisation(logged()),
                DeclineInput(reason="legal_action_started", detail="The matter is before a court."),
                CTX,
            ),
            id="decline (R-ACC-2)",
        ),
        pytest.param(
            lambda: extensions.extend(
                _without_organisation(opened()),
                ExtendInput(new_due=date(2026, 3, 25), reason="Waiting for the surveyor"),
                CTX,
            ),
            id="extension (R-S1-3)",
        ),
    ],
)
def test_r_org_1_a_rule_refuses_to_send_a_letter_without_the_organisations_details(
    send: Any,
) -> None:
    with pytest.raises(LetterError, match=r"the organisation's name and contact details"):
        send()


def test_the_stored_form_is_the_complaint_parts_then_the_letters_own_in_order() -> None:
    state = opened()
    [letter] = [
        e
        for e in extensions.extend(
            state, ExtendInput(new_due=date(2026, 3, 25), reason="Waiting for the surveyor"), CTX
        )
        if isinstance(e, Letter)
    ]
    own = ["reason", "new_due", "previous_due", "ombudsman", "ombudsman_contact"]
    assert list(letter.fields) == [*COMPLAINT_PARTS, *own]
    assert letter.fields == {
        "reference": "CMP-2026-000001",
        "stage": "Stage 1",
        "organisation": state.organisation.model_dump(mode="json") if state.organisation else None,
        "staff_names": [HANDLER.name],
        "complaint_is_about_staff": False,
        "reason": "Waiting for the surveyor",
        "new_due": "2026-03-25",
        "previous_due": "2026-03-16",
        **ombudsman_fields(state),  # Code 2024 6.5: told of an extension, the ombudsman too
    }
    typed = written(letter, state)
    assert isinstance(typed, Extension) and typed.new_due == date(2026, 3, 25)


def test_each_stage_has_its_own_response_letter() -> None:
    assert {stage: model.letter_type for stage, model in RESPONSE_LETTERS.items()} == {
        Stage.STAGE_1: "stage_1_response",
        Stage.STAGE_2: "stage_2_response",
        Stage.STAGE_3: "stage_3_response",
    }


# -- R-WHO-2, R-COM-1, R-COM-2: to whom and how ----------------------------------------------

CONSENTED = JO.model_copy(update={"consent_recorded_on": ON})


@pytest.mark.parametrize(
    ("logged_with", "recorded", "expected"),
    [
        pytest.param(None, None, ["complainant"], id="the complainant alone"),
        pytest.param(JO, None, ["complainant"], id="a representative without consent: not"),
        pytest.param(
            CONSENTED, None, ["complainant", "representative"], id="consent given at intake"
        ),
        pytest.param(JO, CONSENTED, ["complainant", "representative"], id="consent recorded later"),
    ],
)
def test_r_who_2_a_representative_receives_letters_once_consent_is_recorded(
    logged_with: Representative | None, recorded: Representative | None, expected: list[str]
) -> None:
    state = complaint(representative=logged_with)
    state.representative = recorded or logged_with
    found = recipients(state)
    assert [r.role for r in found] == expected
    assert found[0] == Recipient(name=ALEX.name, email=ALEX.email, address=ALEX.address)
    if len(found) > 1:
        assert (found[1].name, found[1].email) == (JO.name, JO.email)


@pytest.mark.parametrize(
    ("preference", "restricted_to", "expected"),
    [
        pytest.param("email", None, "email", id="R-COM-1: the preferred channel, email"),
        pytest.param("post", None, "post", id="R-COM-1: the preferred channel, post"),
        pytest.param("email", "post", "post", id="R-COM-2: a restriction to post overrides"),
        pytest.param("post", "email", "email", id="R-COM-2: a restriction to email overrides"),
    ],
)
def test_r_com_the_channel_is_the_preference_unless_a_restriction_allows_only_one(
    preference: str, restricted_to: str | None, expected: str
) -> None:
    state = complaint(
        complainant=ALEX.model_copy(update={"preferences": ContactPreferences(channel=preference)})
    )
    state.restriction = ContactRestriction(
        reason="Abusive emails", restriction="Post only", review_on=ON, channel=restricted_to
    )
    assert channel(state) == expected


def test_r_com_2_a_restriction_that_names_no_channel_leaves_the_preference() -> None:
    state = complaint(
        complainant=ALEX.model_copy(update={"preferences": ContactPreferences(channel="post")})
    )
    state.restriction = ContactRestriction(restriction="One contact a week", review_on=ON)
    assert channel(state) == "post"


@pytest.mark.parametrize(
    ("recipient", "letter_channel", "expected"),
    [
        pytest.param(Recipient(name="Alex"), "post", "post", id="the resident: the letter's"),
        pytest.param(
            Recipient(name="Jo", email="jo@example.org", role="representative"),
            "post",
            "email",
            id="a representative with an email address: by email",
        ),
        pytest.param(
            Recipient(name="Jo", address="1 High St", role="representative"),
            "email",
            "post",
            id="a representative without one: by post",
        ),
    ],
)
def test_r_who_2_a_representative_hears_by_email_when_they_gave_one_whatever_the_resident_chose(
    recipient: Recipient, letter_channel: str, expected: str
) -> None:
    assert channel_for(recipient, letter_channel) == expected


def test_the_rule_decides_who_receives_a_letter_and_how() -> None:
    large = ALEX.model_copy(
        update={"preferences": ContactPreferences(channel="post", large_print=True)}
    )
    state = complaint(complainant=large, representative=CONSENTED)
    intake.assign_handler(state, AssignHandlerInput(handler=HANDLER), CTX)
    acceptance.accept(state, AcceptInput(by="officer"), CTX)
    [letter] = [
        e
        for e in acknowledgement.request_clarification(
            state, RequestClarificationInput(questions="Which rooms are affected?"), CTX
        )
        if isinstance(e, Letter)
    ]
    assert [r.role for r in letter.recipients] == ["complainant", "representative"]
    assert (letter.channel, letter.large_print) == ("post", True)


# -- R-S1-7: whose names a letter must not print ---------------------------------------------


def test_r_s1_7_letters_carry_the_staff_on_the_complaint_and_whether_it_is_about_them() -> None:
    state = opened()
    letter = compose(LETTER_MODELS["final"], state, CTX, "Send it", **own_parts("final"))
    assert letter.fields["staff_names"] == [HANDLER.name]
    assert letter.fields["complaint_is_about_staff"] is False
    assert complaint_is_about_staff(state) is False


def test_r_s1_7_once_the_response_says_the_complaint_is_about_staff_letters_may_name_them() -> None:
    state = opened()
    state.stages[Stage.STAGE_1].response = StageResponse(
        decisions=[], complaint_is_about_staff=True
    )
    letter = compose(
        Extension,
        state,
        CTX,
        "Send it",
        reason=f"{HANDLER.name} is waiting for a surveyor",
        new_due="2026-04-14",
    )
    assert letter.fields["complaint_is_about_staff"] is True
    assert HANDLER.name in written(letter, state).reason


def test_r_s1_7_a_letter_naming_staff_is_still_refused_when_it_is_written() -> None:
    state = opened()
    letter = compose(
        Extension,
        state,
        CTX,
        "Send it",
        reason=f"{HANDLER.name} is waiting for a surveyor",
        new_due="2026-04-14",
    )
    with pytest.raises(LetterError, match=rf"names a member of staff \({HANDLER.name}\)"):
        written(letter, state)


# -- R-REM-3: an action tracker's letters -----------------------------------------------------


def test_r_rem_3_a_trackers_letter_is_built_and_checked_by_the_rules() -> None:
    to = [Recipient(name=ALEX.name, email=ALEX.email)]
    fields = action_letter(
        ActionUpdate,
        reference="CMP-2026-000001",
        organisation="landlord",
        recipients=to,
        on=ON,
        what="Replace the boiler",
        due="2026-04-14",
        progress="The boiler is ordered",
    )
    assert fields == {
        "reference": "CMP-2026-000001",
        "what": "Replace the boiler",
        "due": "2026-04-14",
        "progress": "The boiler is ordered",
    }
    typed = read_letter("action_update", fields, organisation="landlord", recipient=to[0], on=ON)
    assert isinstance(typed, ActionUpdate)


@pytest.mark.parametrize(
    ("kind", "parts", "missing"),
    [
        pytest.param(
            ActionUpdate,
            {"what": "Replace the boiler", "due": "2026-04-14"},
            "progress",
            id="an update without the progress",
        ),
        pytest.param(
            ActionCompleted, {"what": "Replace the boiler"}, "completed_on", id="done, no date"
        ),
        pytest.param(ActionCompleted, {"completed_on": "2026-04-14"}, "what", id="done, no what"),
    ],
)
def test_r_rem_3_a_trackers_letter_missing_a_part_fails_in_the_rule(
    kind: type[ActionUpdate] | type[ActionCompleted], parts: dict[str, Any], missing: str
) -> None:
    with pytest.raises(LetterError) as refused:
        action_letter(
            kind,
            reference="CMP-2026-000001",
            organisation="landlord",
            recipients=[Recipient(name=ALEX.name, email=ALEX.email)],
            on=ON,
            **parts,
        )
    assert missing in refused.value.parts


# -- R-HAZ-4, R-HAZ-5: a hazard's letters --------------------------------------------------


JO_RECIPIENT = Recipient(name=JO.name, address="1 High St", role="representative")


def hazard_parts(letter_type: str) -> dict[str, Any]:
    """The sample hazard letter's own parts, without the reference the rule adds."""
    return {k: v for k, v in FIELDS[letter_type].items() if k != "reference"}


def send_hazard_letter(letter_type: str, **parts: Any) -> dict[str, Any]:
    return hazard_letter(
        letter_type,
        reference="HAZ-2026-000012",
        organisation="landlord",
        recipients=[Recipient(name=ALEX.name, email=ALEX.email), JO_RECIPIENT],
        on=ON,
        **parts,
    )


@pytest.mark.parametrize("letter_type", HAZARD_LETTERS)
def test_every_hazard_letter_is_built_by_the_hazard_rules_with_its_parts(letter_type: str) -> None:
    fields = send_hazard_letter(letter_type, **hazard_parts(letter_type))
    assert fields == {"reference": "HAZ-2026-000012", **hazard_parts(letter_type)}
    for recipient in (Recipient(name=ALEX.name, email=ALEX.email), JO_RECIPIENT):
        typed = read_letter(
            letter_type, fields, organisation="landlord", recipient=recipient, on=ON
        )
        assert isinstance(typed, LETTER_MODELS[letter_type])


def _hazard_required_parts() -> list[Any]:
    """Every part a hazard letter model requires that the hazard rule gives."""
    return [
        pytest.param(letter_type, name, id=f"{letter_type} without {name}")
        for letter_type in HAZARD_LETTERS
        for name, field in LETTER_MODELS[letter_type].model_fields.items()
        if field.is_required() and name not in {"head", "reference"}
    ]


@pytest.mark.parametrize(("letter_type", "part"), _hazard_required_parts())
def test_a_hazard_letter_missing_a_part_the_code_requires_fails_in_the_hazard_rule(
    letter_type: str, part: str
) -> None:
    parts = hazard_parts(letter_type)
    del parts[part]
    with pytest.raises(LetterError) as refused:
        send_hazard_letter(letter_type, **parts)
    assert part in refused.value.parts
    assert str(refused.value).startswith("The ")


def test_r_haz_4_a_summary_without_works_or_why_none_are_needed_fails_in_the_hazard_rule() -> None:
    parts = hazard_parts("hazard_summary") | {"works": [], "no_works_reason": "  "}
    with pytest.raises(LetterError, match="the works planned with their dates"):
        send_hazard_letter("hazard_summary", **parts)


# -- the rules stay pure ----------------------------------------------------------------------


def test_the_letter_models_and_the_rules_that_build_them_import_nothing_heavy() -> None:
    """The rules import the letter models, never Temporal, SQLAlchemy or the renderer."""
    program = (
        "import sys, rules.letters, rules.handling.responses, rules.handling.timekeeping, "
        "letters.models\n"
        "heavy = ('temporalio', 'sqlalchemy', 'asyncpg', 'jinja2', 'fpdf')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    assert found.stdout.strip() == "[]"
