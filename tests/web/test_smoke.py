"""Pages render and the resident's forms give a reference (R-INT-1)."""

from tests.harness import eventually
from tests.web.conftest import Browser


async def test_r_int_1_a_resident_files_a_complaint_and_gets_a_reference_at_once(
    browser, complaints
) -> None:
    resident: Browser = await browser()
    form = (await resident.get("/complain")).text
    assert 'id="complaint-form"' in form
    response = await resident.post(
        "/complain",
        {
            "acting_for": "no",
            "name": "Alex Morgan",
            "email": "alex@example.org",
            "postcode": "LS1 1AA",
            "relationship": "current_resident",
            "tenure": "tenant",
            "service_area": "landlord_services",
            "description": "The boiler has not worked for three weeks.",
            "outcomes_sought": "A working boiler",
            "contact_by": "email",
        },
    )
    assert response.status_code == 303, response.text
    page = await resident.get(response.headers["location"])
    reference = page.text.split('id="filed-reference">')[1].split("<")[0]
    complaints.started.append(reference)
    assert reference.startswith("CMP-")
    row = await eventually(lambda: complaints.row(reference), lambda row: row is not None)
    assert row.postcode == "LS1 1AA"
