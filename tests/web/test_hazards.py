"""Hazards under Awaab's Law in the web app (R-HAZ-1..7): the queue, a hazard's page, the
form for each step with its refusals, the complaint's page, who may act, and the JSON API,
on the time-skipping server with the real workflows and PostgreSQL."""

from __future__ import annotations

import re
from datetime import timedelta

from temporalio.client import WorkflowExecutionStatus

from models.messages import AcceptInput, AssignHandlerInput
from models.parties import StaffMember
from store import hazard_queries
from tests.harness import Complaints, eventually
from tests.web.conftest import date_fields
from tests.web.hazard_queue import every_listed_hazard, whole_hazards_queue
from tests.web.hazard_steps import report_hazard, row
from tests.web.steps import RESIDENT, file_complaint, refusal_on, state


async def _complaint_with_hazard(complaints: Complaints) -> tuple[str, str]:
    handle = await complaints.log()
    await complaints.act(handle, "accept", AcceptInput())
    handler = StaffMember(id="h.khan", name="Hana Khan", email="handler@test.example")
    await complaints.act(handle, "assign_handler", AssignHandlerInput(handler=handler))
    await eventually(lambda: complaints.row(handle.id), lambda found: found is not None)
    return handle.id, await report_hazard(complaints, handle.id)


def _error_beside(page: str, field: str) -> str:
    found = re.search(rf'id="{field}-error".*?</span>\s*(.*?)</p>', page, re.S)
    assert found, f"no error beside {field}"
    return found.group(1).strip()


async def test_r_haz_7_a_hazard_is_in_the_queue_on_its_page_and_on_its_complaint(
    complaints: Complaints, browser
) -> None:
    complaint, hazard = await _complaint_with_hazard(complaints)
    officer = await browser("officer")

    assert (await officer.get("/hazards")).status_code == 200
    queue = await whole_hazards_queue(officer)
    assert f'id="hazard-{hazard}" data-rag="amber"' in queue  # to triage within 24 hours
    page = (await officer.get(f"/hazards/{hazard}")).text
    assert f'href="/complaints/{complaint}"' in page
    assert "back bedroom" in page and "the baby has asthma" in page
    assert 'id="action-triage"' in page and 'id="action-make_safe"' not in page
    on_complaint = (await officer.get(f"/complaints/{complaint}")).text
    assert f'href="/hazards/{hazard}"' in on_complaint
    assert "Not yet triaged" in on_complaint


async def test_r_haz_3_the_officer_triages_as_significant_and_the_investigation_clock_shows(
    complaints: Complaints, browser
) -> None:
    complaint, hazard = await _complaint_with_hazard(complaints)
    officer = await browser("officer")

    done = await officer.post(f"/hazards/{hazard}/actions/triage", {"kind": "significant"})
    assert done.status_code == 303, done.text
    page = (await officer.get(done.headers["location"])).text
    assert "Hazard triaged" in page and 'id="kind">Significant<' in page
    assert 'id="step-investigate"' in page and 'id="action-record_finding"' in page
    assert (await row(complaints, hazard)).kind == "significant"
    on_complaint = (await officer.get(f"/complaints/{complaint}")).text
    assert f'id="hazard-kind-{hazard}">Significant' in on_complaint


async def test_r_haz_1_a_second_triage_is_refused_beside_the_form_and_changes_nothing(
    complaints: Complaints, browser
) -> None:
    _, hazard = await _complaint_with_hazard(complaints)
    manager = await browser("manager")
    await manager.post(f"/hazards/{hazard}/actions/triage", {"kind": "significant"})

    again = await manager.post(f"/hazards/{hazard}/actions/triage", {"kind": "emergency"})
    assert again.status_code == 409
    assert refusal_on(again.text) == f"Hazard {hazard} was already triaged as significant."
    assert (await row(complaints, hazard)).kind == "significant"


async def test_bad_input_on_a_hazard_form_is_refused_beside_the_field(
    complaints: Complaints, browser
) -> None:
    _, hazard = await _complaint_with_hazard(complaints)
    officer = await browser("officer")

    nothing = await officer.post(f"/hazards/{hazard}/actions/triage", {})
    assert nothing.status_code == 422
    assert _error_beside(nothing.text, "kind") == "Select how the hazard is triaged"
    no_reason = await officer.post(f"/hazards/{hazard}/actions/triage", {"kind": "not_in_scope"})
    assert _error_beside(no_reason.text, "reason") == "Say why the hazard is not in scope"
    control = await officer.post(
        f"/hazards/{hazard}/actions/triage", {"kind": "not_in_scope", "reason": "a\x00b"}
    )
    assert control.status_code == 422 and 'id="reason-error"' in control.text
    assert (await row(complaints, hazard)).kind is None


async def test_r_haz_3_a_finding_before_triage_or_in_the_future_is_refused(
    complaints: Complaints, browser
) -> None:
    _, hazard = await _complaint_with_hazard(complaints)
    officer = await browser("officer")
    finding = {
        "finding": "significant",
        "what_was_found": "Mould behind the wardrobe",
        "risk": "Respiratory risk to the baby",
    }
    early = await officer.post(f"/hazards/{hazard}/actions/record_finding", finding)
    assert early.status_code == 409
    assert "Triage the hazard before" in refusal_on(early.text)

    await officer.post(f"/hazards/{hazard}/actions/triage", {"kind": "significant"})
    tomorrow = (await complaints.now()) + timedelta(days=1)
    future = {**finding, **date_fields("concluded", tomorrow.date()), "concluded_time": "10:00"}
    late = await officer.post(f"/hazards/{hazard}/actions/record_finding", future)
    assert late.status_code == 409 and "cannot be in the future" in refusal_on(late.text)
    assert (await row(complaints, hazard)).concluded_at is None


async def test_r_haz_4_a_summary_without_its_parts_is_refused(
    complaints: Complaints, browser
) -> None:
    _, hazard = await _complaint_with_hazard(complaints)
    officer = await browser("officer")
    await officer.post(f"/hazards/{hazard}/actions/triage", {"kind": "significant"})
    found = {
        "finding": "significant",
        "what_was_found": "Mould behind the wardrobe",
        "risk": "Respiratory risk to the baby",
    }
    concluded = await officer.post(f"/hazards/{hazard}/actions/record_finding", found)
    assert concluded.status_code == 303, concluded.text

    partial = {"what_was_found": "Mould behind the wardrobe"}
    refused = await officer.post(f"/hazards/{hazard}/actions/send_summary", partial)
    assert refused.status_code == 409
    assert refusal_on(refused.text).startswith("The written summary needs the hazard and its risk")
    assert (await row(complaints, hazard)).state["summary_sent_at"] is None


async def test_who_may_record_a_hazards_steps(complaints: Complaints, browser) -> None:
    _, hazard = await _complaint_with_hazard(complaints)
    form = f"/hazards/{hazard}/actions/triage"

    assert (await (await browser("handler")).get(form)).status_code == 200  # its handler
    other = await (await browser("other_handler")).get(form)
    assert other.status_code == 403 and "it is not yours" in other.text
    governance = await browser("governance")
    assert (await governance.get(form)).status_code == 403
    assert 'id="no-actions"' in (await governance.get(f"/hazards/{hazard}")).text
    assert (await (await browser("admin")).get("/hazards")).status_code == 403


async def test_an_unknown_hazard_or_step_is_not_found(complaints: Complaints, browser) -> None:
    officer = await browser("officer")
    assert (await officer.get("/hazards/HAZ-2099-999999")).status_code == 404
    _, hazard = await _complaint_with_hazard(complaints)
    assert (await officer.get(f"/hazards/{hazard}/actions/no_such_step")).status_code == 404


async def test_the_json_api_lists_reads_and_records_a_hazards_steps(
    complaints: Complaints, browser
) -> None:
    _, hazard = await _complaint_with_hazard(complaints)
    officer = await browser("officer")

    listed = await every_listed_hazard(officer)
    assert any(r["reference"] == hazard and r["kind"] is None for r in listed)
    triaged = await officer.api(f"/api/hazards/{hazard}/triage", {"kind": "emergency"})
    assert triaged.status_code == 200, triaged.text
    assert triaged.json()["step"] == "make_safe" and triaged.json()["triaged_by"] == "o.bennett"
    assert (await officer.get("/api/hazards")).json()[0]["kind"] == "emergency"  # first
    again = await officer.api(f"/api/hazards/{hazard}/triage", {"kind": "significant"})
    assert again.status_code == 409 and "already triaged" in again.json()["detail"]
    missing = await officer.api("/api/hazards/HAZ-2099-999999/triage", {"kind": "emergency"})
    assert missing.status_code == 404
    governance = await browser("governance")
    made_safe = {"done_at": (await complaints.now()).isoformat(), "what_was_done": "Isolated"}
    forbidden = await governance.api(f"/api/hazards/{hazard}/make_safe", made_safe)
    assert forbidden.status_code == 403
    assert forbidden.json()["detail"] == "Your role lets you read hazards but not change them."
    assert (await governance.get(f"/api/hazards/{hazard}")).json()["kind"] == "emergency"


async def test_r_haz_1_mould_on_the_residents_form_starts_a_hazard_beside_the_complaint(
    complaints: Complaints, browser
) -> None:
    resident = await browser()
    answers = {"hazard": "damp_or_mould", "hazard_where": "bedroom", "hazard_who": "me and a baby"}
    complaint = await file_complaint(resident, complaints, **answers)
    async with complaints.sessionmaker() as session:
        found = await eventually(
            lambda: hazard_queries.of_complaint(session, complaint), lambda rows: len(rows) == 1
        )
    hazard = found[0]
    complaints.started.append(hazard.reference)
    assert (hazard.hazard, hazard.source, hazard.location) == ("damp_and_mould", "form", "bedroom")
    assert hazard.kind is None and hazard.is_open


async def test_r_haz_7_the_complaint_filed_with_mould_holds_its_hazard_whose_workflow_runs(
    complaints: Complaints, browser
) -> None:
    resident = await browser()
    answers = {"hazard": "damp_or_mould", "hazard_where": "kitchen", "hazard_who": "two adults"}
    complaint = await file_complaint(resident, complaints, **answers)
    filed = await eventually(lambda: state(complaints, complaint), lambda found: found.hazards)
    [hazard] = filed.hazards
    complaints.started.append(hazard)
    assert re.fullmatch(r"HAZ-\d{4}-\d{6}", hazard)
    running = await complaints.env.client.get_workflow_handle(hazard).describe()
    assert (running.workflow_type, running.status) == (
        "HazardWorkflow",
        WorkflowExecutionStatus.RUNNING,
    )


async def test_r_haz_1_the_forms_hazard_question_needs_where_and_who(
    complaints: Complaints, browser
) -> None:
    resident = await browser()
    refused = await resident.post("/complain", {**RESIDENT, "hazard": "danger"})
    assert refused.status_code == 422
    assert _error_beside(refused.text, "hazard_where") == "Enter where in the home it is"
    assert _error_beside(refused.text, "hazard_who") == "Enter who lives there"


async def test_r_vul_1_a_hazards_vulnerability_is_shown_only_to_who_sees_its_complaints(
    complaints: Complaints, browser
) -> None:
    """R-HAZ-1, R-VUL-1: the complaints officers, managers, governance and the complaint's
    handler see the vulnerability on the hazard's page, in the queue and the API; another
    handler sees the hazard without it."""
    _, hazard = await _complaint_with_hazard(complaints)
    for role in ("officer", "manager", "governance", "handler"):
        user = await browser(role)
        page = (await user.get(f"/hazards/{hazard}")).text
        assert 'id="vulnerability"' in page and "the baby has asthma" in page, role
        api = (await user.get(f"/api/hazards/{hazard}")).json()
        assert api["report"]["vulnerability"] == "the baby has asthma", role
        listed = await every_listed_hazard(user)
        assert [r["vulnerable"] for r in listed if r["reference"] == hazard] == [True], role
        queue = await whole_hazards_queue(user)
        shown = re.search(rf'id="hazard-{hazard}".*?</tr>', queue, re.S)
        assert shown and "Vulnerability</strong>" in shown.group(0), role

    other = await browser("other_handler")
    page = await other.get(f"/hazards/{hazard}")
    assert page.status_code == 200 and "back bedroom" in page.text
    assert 'id="vulnerability"' not in page.text and "the baby has asthma" not in page.text
    api = (await other.get(f"/api/hazards/{hazard}")).json()
    assert api["reference"] == hazard and api["report"]["vulnerability"] is None
    listed = await every_listed_hazard(other)
    assert [r["vulnerable"] for r in listed if r["reference"] == hazard] == [False]
    queue = await whole_hazards_queue(other)
    mine = re.search(rf'id="hazard-{hazard}".*?</tr>', queue, re.S)
    assert mine and "Vulnerability" not in mine.group(0)
    # The record itself keeps it.
    assert (await row(complaints, hazard)).state["report"]["vulnerability"] == "the baby has asthma"


async def test_r_haz_5_the_works_form_records_the_12_week_route_with_its_reason(
    complaints: Complaints, browser
) -> None:
    _, hazard = await _complaint_with_hazard(complaints)
    officer = await browser("officer")
    await officer.post(f"/hazards/{hazard}/actions/triage", {"kind": "significant"})
    found = {
        "finding": "significant",
        "what_was_found": "Mould behind the wardrobe",
        "risk": "Respiratory risk to the baby",
    }
    assert (
        await officer.post(f"/hazards/{hazard}/actions/record_finding", found)
    ).status_code == 303
    later = {"stage": "not_practicable", "what": "Replace the extractor fan and vent"}
    no_reason = await officer.post(f"/hazards/{hazard}/actions/further_works", later)
    assert no_reason.status_code == 422
    assert (
        _error_beside(no_reason.text, "why_not_sooner")
        == "Say why the works cannot begin within 5 working days"
    )
    why = "The wall needs a structural survey first"
    done = await officer.post(
        f"/hazards/{hazard}/actions/further_works", {**later, "why_not_sooner": why}
    )
    assert done.status_code == 303, done.text
    page = (await officer.get(f"/hazards/{hazard}")).text
    assert "Gave way to the 12-week clock" in page and "Further works started by" in page
    assert "Cannot begin within 5 working days" in page and why in page
    recorded = (await row(complaints, hazard)).state
    assert recorded["further_works_why_later"] == why and not recorded["breached"]
