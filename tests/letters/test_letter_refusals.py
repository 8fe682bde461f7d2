"""Letters refused whole: a missing or invalid mandatory part (R-ACK-1, R-S1-6, R-S2-3,
R-ESC-2, R-EXT-1 ...), a member of staff named (R-S1-7), an unknown letter type, no
organisation (R-ORG-1), or a template that fails; each with a sentence that says why."""

import pytest
from jinja2 import DictLoader, Environment, StrictUndefined

from letters import LetterError, build_letter
from letters import render as render_module
from letters.render import render_html, render_pdf
from tests.letters.reading import build
from tests.letters.samples import FIELDS, HANDLER_NAME, ON, RESIDENT


@pytest.mark.parametrize(
    ("letter_type", "part", "words"),
    [
        ("stage_1_response", "reasons", f"{HANDLER_NAME} did not order the part."),
        ("stage_1_response", "reasons", "Ms Shah did not order the part."),
        ("acknowledgement", "definition", "You say priya shah was rude on the phone."),
        ("action_update", "progress", "Tom Reid has ordered the part."),
    ],
)
def test_r_s1_7_staff_name_in_a_letter_is_refused(letter_type: str, part: str, words: str) -> None:
    fields = FIELDS[letter_type] | {part: words, "staff_names": ["Tom Reid", HANDLER_NAME]}
    with pytest.raises(LetterError, match=r"names a member of staff .*R-S1-7"):
        build(letter_type, fields)


def without(letter_type: str, *parts: str, **changes) -> dict:
    fields = {k: v for k, v in FIELDS[letter_type].items() if k not in parts}
    return fields | changes


@pytest.mark.parametrize(
    ("letter_type", "fields", "message"),
    [
        (
            "acknowledgement",
            without("acknowledgement", "response_due"),
            "The acknowledgement letter needs the response due date.",
        ),
        (
            "acknowledgement",
            without("acknowledgement", "definition", "contact"),
            "needs our understanding of the complaint (the complaint definition) and who is "
            "dealing with the complaint and how to contact them.",
        ),
        (
            "acknowledgement",
            without("acknowledgement", "ombudsman_contact"),
            "needs the Housing Ombudsman Service's contact details",
        ),
        (
            "acknowledgement",
            without("acknowledgement", outcomes_sought="  "),
            "needs the outcomes the resident is seeking.",
        ),
        (
            "acknowledgement",
            without("acknowledgement", response_due="next week"),
            "In the acknowledgement letter, the response due date is not valid",
        ),
        (
            "acknowledgement",
            without("acknowledgement", "reference"),
            "needs the complaint reference.",
        ),
        ("decline", without("decline", "detail"), "The decline letter needs the detailed reason."),
        ("clarification", without("clarification", "questions"), "needs what we need the resident"),
        (
            "extension",
            without("extension", "reason", "new_due"),
            "The extension letter needs the reason and the new response date.",
        ),
        (
            "agreement_request",
            without("agreement_request", "proposed_due"),
            "needs the proposed response date",
        ),
        (
            "no_agreement",
            without("no_agreement", "ombudsman_contact"),
            "needs the ombudsman's name and how to contact them",
        ),
        (
            "stage_1_response",
            without("stage_1_response", "decisions"),
            "The Stage 1 response letter needs a decision on each issue.",
        ),
        (
            "stage_1_response",
            without("stage_1_response", decisions=[]),
            "needs a decision on each issue.",
        ),
        (
            "stage_1_response",
            without("stage_1_response", "remedies", "actions"),
            "needs the remedies offered and the outstanding actions.",
        ),
        (
            "stage_1_response",
            without("stage_1_response", overall="upheld"),
            "overall decision (upheld) that does not follow from the decisions on each issue",
        ),
        (
            "stage_1_response",
            without("stage_1_response", route={"next": "stage_2"}),
            "needs the date by which the resident can ask for Stage 2.",
        ),
        (
            "stage_1_response",
            FIELDS["stage_2_response"] | {"stage": "Stage 1"},
            "needs the route onwards: Stage 2.",
        ),
        (
            "stage_2_response",
            without("stage_2_response", route={"next": "ombudsman"}),
            "The Stage 2 response letter needs the ombudsman's name and how to contact them.",
        ),
        (
            "stage_2_response",
            without("stage_2_response", "reasons"),
            "needs the reasons for the decision, citing policy, law or good practice.",
        ),
        (
            "stage_1_response",
            without("stage_1_response", remedies=[{"kind": "financial", "description": "£50"}]),
            "needs the amount of each part of the compensation offered.",
        ),
        ("stage_3_response", without("stage_3_response", stage="Stage 2"), "is for Stage 3"),
        (
            "final",
            without("final", "ombudsman_contact"),
            "The final letter needs the ombudsman's name and how to contact them.",
        ),
        (
            "escalation_refused",
            without("escalation_refused", "reason", "explanation"),
            "needs the reason and the explanation for the resident.",
        ),
        (
            "stage_2_acknowledgement",
            without("stage_2_acknowledgement", "understanding"),
            "needs our understanding of what is outstanding.",
        ),
        (
            "stage_3_panel",
            without("stage_3_panel", "meeting_on"),
            "needs the date of the panel meeting.",
        ),
        ("action_update", without("action_update", "progress"), "needs the progress made."),
        (
            "action_completed",
            without("action_completed", "completed_on"),
            "needs the date the action was completed.",
        ),
    ],
)
def test_a_letter_without_a_mandatory_part_is_refused_with_a_clear_message(
    letter_type: str, fields: dict, message: str
) -> None:
    with pytest.raises(LetterError) as refused:
        build(letter_type, fields)
    assert message in str(refused.value)
    assert refused.value.letter_type == letter_type


def test_unknown_letter_type_is_refused() -> None:
    with pytest.raises(LetterError, match="There is no letter called 'apology_note'"):
        build_letter("apology_note", {}, recipient=RESIDENT, on=ON)


def test_r_org_1_a_letter_without_an_organisation_is_refused() -> None:
    with pytest.raises(LetterError, match="needs the organisation's name and contact details"):
        build("clarification", FIELDS["clarification"] | {"organisation": None})
    with pytest.raises(LetterError, match="'northwind', which is not one of our organisations"):
        build("action_update", organisation="northwind")


def test_a_template_error_raises_and_writes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = Environment(
        loader=DictLoader(
            {
                "clarification.html": "<p>Dear {{ head.recipient_name }}</p>"
                "<p>{{ letter.no_such_part }}</p>"
            }
        ),
        autoescape=True,
        undefined=StrictUndefined,
    )
    monkeypatch.setattr(render_module, "ENVIRONMENT", broken)
    letter = build("clarification")
    for render in (render_html, render_pdf):
        with pytest.raises(LetterError, match="clarification letter could not be written"):
            render(letter)


def test_r_s1_7_the_contacts_own_name_is_protected_without_being_listed() -> None:
    fields = FIELDS["acknowledgement"] | {"outcomes_sought": f"An apology from {HANDLER_NAME}."}
    assert "staff_names" not in fields
    with pytest.raises(LetterError, match=rf"names a member of staff \({HANDLER_NAME}\)"):
        build("acknowledgement", fields)
