"""The resident's forms: for a representative with consent (R-WHO-1, R-WHO-2), compliments
and comments (R-DEF-1), and errors shown beside the fields."""

from tests.web.steps import RESIDENT, file_complaint, state


async def test_r_who_2_a_representative_complains_with_the_residents_consent(
    browser, complaints
) -> None:
    today = await complaints.today()
    rep = await browser()
    reference = await file_complaint(
        rep,
        complaints,
        acting_for="yes",
        rep_name="Cllr Pat Jones",
        rep_kind="councillor",
        rep_email="pat.jones@council.example",
        consent="yes",
    )
    recorded = await state(complaints, reference)
    assert recorded.representative.name == "Cllr Pat Jones"
    assert recorded.representative.consent_recorded_on == today
    assert recorded.intake.logged_by == "representative"


async def test_a_representative_without_the_residents_consent_is_asked_for_it(browser) -> None:
    rep = await browser()
    page = await rep.post(
        "/complain", {**RESIDENT, "acting_for": "yes", "rep_name": "Pat", "rep_kind": "advocate"}
    )
    assert page.status_code == 422
    assert 'id="consent-error"' in page.text


async def test_r_def_1_a_compliment_gets_its_own_reference(browser, complaints) -> None:
    resident = await browser()
    response = await resident.post(
        "/feedback",
        {
            "kind": "compliment",
            "name": "Alex Morgan",
            "email": "alex@example.org",
            "description": "Thank you for the quick repair.",
        },
    )
    assert response.status_code == 303, response.text
    page = (await resident.get("/confirmation")).text
    reference = page.split('id="filed-reference">')[1].split("<")[0]
    complaints.started.append(reference)
    assert reference.startswith("CPL-")


async def test_a_complaint_without_its_details_shows_each_error(browser) -> None:
    resident = await browser()
    page = await resident.post("/complain", {"acting_for": "no", "email": "not an email"})
    assert page.status_code == 422
    for name in ("name", "description", "relationship", "tenure", "service_area"):
        assert f'id="{name}-error"' in page.text, name
