"""Letters (R-ACK-1 ... R-ORG-1): every letter type built from the fields the workflow sends,
written to HTML and PDF in standard and large print, with the parts the Code requires."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from letters import LETTER_MODELS, LetterError
from letters.render import render_html, render_pdf
from tests.letters.reading import assert_says, build, font_sizes, html_text, pdf_text, written
from tests.letters.samples import (
    CARE,
    FIELDS,
    HANDLER_NAME,
    REFERENCE,
    REPRESENTATIVE,
    RESIDENT,
)

WORKFLOW_LETTERS = {
    "acknowledgement",
    "decline",
    "clarification",
    "extension",
    "agreement_request",
    "no_agreement",
    "stage_1_response",
    "stage_2_response",
    "stage_3_response",
    "final",
    "escalation_refused",
    "stage_2_acknowledgement",
    "stage_3_panel",
    "satisfaction_survey",
    "compliment_reply",
    "comment_reply",
    "withdrawal",
    "reopened",
    "duplicate_linked",
    "handler_changed",
    "action_update",
    "action_completed",
    "hazard_summary",
    "hazard_update",
}


def test_there_is_a_letter_for_every_letter_the_workflow_sends() -> None:
    assert set(LETTER_MODELS) == WORKFLOW_LETTERS == set(FIELDS)


@pytest.mark.parametrize("letter_type", sorted(WORKFLOW_LETTERS))
def test_r_org_1_every_letter_renders_to_html_and_pdf_with_its_heading(letter_type: str) -> None:
    letter = build(letter_type)
    html = render_html(letter)
    pdf = render_pdf(letter)
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert pdf.startswith(b"%PDF") and len(pdf) > 1800
    for text in (html_text(html), pdf_text(pdf)):
        for part in (
            "Northgate Homes - Customer Resolution Team",
            "Leeds LS1 1UR",
            "Alex Morgan",
            "Monday 2 March 2026",
            letter.head.reference,
            letter.subject,
            "Yours sincerely",
        ):
            assert part in text, f"{letter_type}: {part!r} missing"


def test_r_ack_1_acknowledgement_states_what_the_code_requires() -> None:
    assert_says(
        "acknowledgement",
        REFERENCE,
        "boiler has not worked properly since 12 February 2026",
        "A working boiler, and the cost of running heaters paid back.",
        "Missed repair appointments",
        "Your complaint handler, Customer Resolution Team",
        "priya.shah@northgate-homes.example.org",
        "0113 000 0101",
        "Stage 1 response by Monday 16 March 2026",
        "contact the Housing Ombudsman Service at any time",
        "0300 111 3000",
    )


def test_r_acc_2_decline_gives_the_detailed_reason_and_the_ombudsman() -> None:
    assert_says(
        "decline",
        "because it is an insurance claim",
        "covered by our insurer",
        "ask the Housing Ombudsman Service to look at our decision",
        "PO Box 152",
    )


def test_r_ack_2_clarification_asks_the_questions() -> None:
    assert_says("clarification", "Which rooms are affected by the damp", "quote your reference")


def test_r_s1_3_extension_gives_the_reason_and_the_new_date() -> None:
    assert_says(
        "extension",
        "waiting for the boiler engineer's report",
        "by Monday 30 March 2026, instead of Monday 16 March 2026",
        # Code 2024 6.5 and 6.16: told of an extension, the resident gets the ombudsman.
        "If you are unhappy with the delay",
        "contact the Housing Ombudsman Service",
        "PO Box 152",
    )


def test_r_s1_4_agreement_asked_and_ombudsman_given_when_not_agreed() -> None:
    assert_says(
        "agreement_request",
        "only take this extra time if you agree",
        "Monday 20 April 2026",
        "structural survey",
    )
    assert_says(
        "no_agreement",
        "do not agree",
        "was due by Monday 30 March 2026",
        "Your complaint stays open",
        "Housing Ombudsman Service",
        "0300 111 3000",
    )


def test_r_s1_6_stage_1_response_contains_every_part() -> None:
    assert_says(
        "stage_1_response",
        "This is our Stage 1 response",
        "boiler has not worked properly",
        "Boiler repair delay: Upheld.",
        "Missed repair appointments: Not upheld.",
        "your complaint is partially upheld",
        "Repairs Policy (section 4.2",
        "An apology: We apologise",
        "We will pay you £285.50 in total",
        "£150.00 for distress and inconvenience",
        "by Friday 27 March 2026",
        "Replace the boiler's heat exchanger: by Friday 20 March 2026",
        "take your complaint to Stage 2",
        "Please ask us by Wednesday 2 September 2026",
        "tell us why you are not happy",
    )


@pytest.mark.parametrize("letter_type", ["stage_1_response", "stage_2_response"])
def test_r_haz_7_a_response_says_what_was_done_about_the_hazards_reported(letter_type: str) -> None:
    said = "We treated the mould on 5 March and fitted an extractor fan on 9 March."
    fields = FIELDS[letter_type] | {"hazards_addressed": said}
    assert_says(letter_type, "The hazards you reported", said, fields=fields)
    for text in written(letter_type):
        assert "The hazards you reported" not in text


def test_r_s2_3_stage_2_response_ends_with_the_route_onwards() -> None:
    assert_says(
        "stage_2_response",
        "This is our Stage 2 response",
        "This is our final response",
        "Housing Ombudsman Service",
        "0300 111 3000",
    )
    fields = FIELDS["stage_2_response"] | {"route": {"final": False, "next": "stage_3"}}
    assert_says("stage_2_response", "go to Stage 3", "a panel", fields=fields)


def test_r_s3_1_panel_letter_and_stage_3_response() -> None:
    assert_says(
        "stage_3_panel",
        "Tuesday 12 May 2026",
        "a board member, an executive and a head of service",
        "You are welcome to attend",
    )
    assert_says(
        "stage_3_response",
        "This is our Stage 3 response",
        "Local Government and Social Care Ombudsman",
        "0300 061 0614",
    )


@pytest.mark.parametrize(
    ("which", "phrases"),
    [
        ("Housing Ombudsman Service", ("0300 111 3000", "www.housing-ombudsman.org.uk")),
        ("Local Government and Social Care Ombudsman", ("0300 061 0614", "www.lgo.org.uk")),
    ],
)
def test_r_ext_1_final_letter_names_the_ombudsman_and_how_to_reach_them(which, phrases) -> None:
    route = FIELDS["stage_3_response" if "Local" in which else "stage_2_response"]["route"]
    fields = FIELDS["final"] | {k: route[k] for k in ("ombudsman", "ombudsman_contact")}
    assert_says("final", f"ask the {which} to look into your complaint", *phrases, fields=fields)


def test_r_esc_2_escalation_refused_gives_the_reason_and_the_ombudsman() -> None:
    assert_says(
        "escalation_refused",
        "because the request came after the time allowed",
        "you asked on 20 October",
        "Housing Ombudsman Service",
    )


def test_r_esc_3_stage_2_acknowledgement_gives_understanding_reviewer_and_date() -> None:
    assert_says(
        "stage_2_acknowledgement",
        "took 19 days",
        "Higher compensation",
        "Your Stage 2 reviewer, Customer Resolution Team",
        "reviews@northgate-homes.example.org",
        "0113 000 0000",
        "Stage 2 response by Tuesday 14 April 2026",
    )


def test_r_sat_1_and_r_def_1_survey_and_thank_you() -> None:
    # Code 2024 1.6: asking for feedback, the landlord also says how to complain.
    assert_says(
        "satisfaction_survey", "the way we handled it", REFERENCE, "you can make a complaint"
    )
    assert_says("compliment_reply", "Thank you for your compliment", "CPL-2026-000007")
    comment = FIELDS["compliment_reply"] | {"reference": "CMT-2026-000001"}
    assert_says("compliment_reply", "Thank you for your comments", fields=comment)


def test_r_rem_3_action_update_and_completion_tell_the_resident() -> None:
    assert_says(
        "action_update",
        "Replace the boiler's heat exchanger, by Friday 20 March 2026",
        "The part has been ordered",
    )
    html, pdf = written("action_completed")
    for text in (html, pdf):
        assert "A payment for the cost of heaters and the distress caused." in text
        assert "remedy:" not in text and "Wednesday 25 March 2026" in text


def test_r_org_1_letter_carries_its_own_organisation() -> None:
    fields = FIELDS["clarification"] | {"organisation": CARE}
    assert_says(
        "clarification",
        "Northgate Care - Adult Social Care Complaints",
        "complaints@northgate-care.example.org",
        "Adult Social Care Complaints",
        fields=fields,
    )


def test_r_who_2_letter_to_a_representative_says_so() -> None:
    assert_says(
        "clarification", "Dear Cllr Jo Patel", "resident's representative", recipient=REPRESENTATIVE
    )


@pytest.mark.parametrize("letter_type", ["acknowledgement", "stage_1_response"])
def test_r_com_1_large_print_is_at_least_16pt(letter_type: str) -> None:
    letter = build(letter_type)
    assert "font-size: 18pt" in render_html(letter, large_print=True)
    assert "font-size: 18pt" not in render_html(letter)
    standard, large = render_pdf(letter), render_pdf(letter, large_print=True)
    assert min(font_sizes(large)) >= 16
    assert min(font_sizes(standard)) < 12
    assert len(PdfReader(io.BytesIO(large)).pages) > len(PdfReader(io.BytesIO(standard)).pages)


def test_r_s1_7_contact_is_a_role_with_direct_details_never_a_name() -> None:
    for text in written("acknowledgement") + written("stage_2_acknowledgement"):
        assert HANDLER_NAME not in text and "Tom Reid" not in text
        assert "Customer Resolution Team" in text


def test_r_s1_7_staff_may_be_named_when_the_complaint_is_about_them() -> None:
    fields = FIELDS["stage_1_response"] | {
        "reasons": f"{HANDLER_NAME} did not return your calls, which fell short of our standards.",
        "staff_names": [HANDLER_NAME],
        "complaint_is_about_staff": True,
    }
    assert_says("stage_1_response", f"{HANDLER_NAME} did not return your calls", fields=fields)


def test_text_is_escaped_in_html_and_folded_or_refused_in_pdf() -> None:
    fields = FIELDS["clarification"] | {"questions": "Is <b>this</b> the room with Łukasz's cot?"}
    letter = build(
        "clarification", fields, recipient=RESIDENT.model_copy(update={"name": "Zoë Łoś"})
    )
    html = render_html(letter)
    assert "&lt;b&gt;this&lt;/b&gt;" in html and "Zoë Łoś" in html
    assert "Dear Zoë Los," in pdf_text(render_pdf(letter))
    chinese = build("clarification", fields | {"questions": "请问是哪一个房间?"})
    assert "请问" in render_html(chinese)
    with pytest.raises(LetterError, match="cannot be printed to PDF"):
        render_pdf(chinese)


def test_the_same_letter_gives_the_same_pdf() -> None:
    letter = build("stage_1_response")
    assert render_pdf(letter) == render_pdf(letter)


@pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) not installed"
)
@pytest.mark.parametrize("letter_type", ["acknowledgement", "stage_1_response"])
def test_pdf_pages_draw_as_images(letter_type: str, tmp_path: Path) -> None:
    (tmp_path / "letter.pdf").write_bytes(render_pdf(build(letter_type)))
    subprocess.run(["pdftoppm", "-r", "50", "-png", "letter.pdf", "page"], cwd=tmp_path, check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert pages and all(page.stat().st_size > 5000 for page in pages)
