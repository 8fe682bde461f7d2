"""Governance's pages (issue 12): the reports for a period and organisation as a page, a
CSV and a PDF with the same figures; the quality sample drawn by its workflow and scored by
a reviewer (R-RPT-3); the survey's form by the letter's link (R-GOV-6); the lessons log with
its actions (R-GOV-5); and a handler refused them all."""

from __future__ import annotations

import re
import uuid
from html import unescape

from delivery.survey import survey_token
from models.qa import QaSampleRun
from rules.organisations import organisations
from tests.delivery.test_lifecycle import opened, response
from tests.harness import Complaints, eventually
from tests.letters.reading import pdf_text
from workflows.qa import QaSampleWorkflow


def headline(page: str, name: str) -> str:
    found = re.search(
        rf'<dt class="govuk-summary-list__key">{re.escape(name)}</dt>'
        r'<dd class="govuk-summary-list__value">([^<]*)</dd>',
        page,
    )
    assert found, f"no {name} on the page"
    return unescape(found.group(1))


async def test_governance_reads_each_report_as_a_page_csv_and_pdf_and_a_handler_is_refused(
    complaints: Complaints, browser
) -> None:
    handle = await opened(complaints)
    reference = handle.id
    await complaints.act(handle, "submit_response", response())
    await eventually(lambda: complaints.row(reference), lambda row: row.status == "closed")
    today = await complaints.today()
    row = await complaints.row(reference)
    period = f"from={today.replace(day=1).isoformat()}&to={today.isoformat()}"
    chosen = f"{period}&organisation={row.organisation}"
    governance = await browser("governance")

    # -- the survey's link: a wrong token is refused, the right one takes the answer.
    resident = await browser()
    wrong = await resident.get(f"/survey/{reference}?token=0123")
    assert wrong.status_code == 404 and 'id="survey-problem"' in wrong.text
    token = survey_token(complaints.settings.secret_key, reference)
    form = await resident.get(f"/survey/{reference}?token={token}")
    assert form.status_code == 200 and 'id="survey-form"' in form.text
    answered = await resident.post(
        f"/survey/{reference}", {"token": token, "satisfaction": "5", "comments": "Quick"}
    )
    assert answered.status_code == 200 and 'id="survey-thanks"' in answered.text

    # -- the quality sample of the month, drawn by its workflow, scored by a reviewer.
    month = f"{today:%Y-%m}"
    drawn = await complaints.env.client.execute_workflow(
        QaSampleWorkflow.run,
        QaSampleRun(month=month),
        id=f"qa-{uuid.uuid4()}",
        task_queue=complaints.task_queue,
    )
    assert drawn.closed >= 1 and len(drawn.sampled) >= 1
    sampled = drawn.sampled[0]
    review = await governance.get(f"/reports/qa/{month}/{sampled}")
    assert review.status_code == 200
    answers = {f"item-{i}": "yes" for i in range(5)} | {"item-4": "no", "item-0": "n/a"}
    saved = await governance.post(f"/reports/qa/{month}/{sampled}", answers)
    assert saved.status_code == 303, saved.text
    qa = (await governance.get(f"/reports/qa?month={month}")).text
    assert int(headline(qa, "Reviewed")) >= 1
    assert "75%" in qa  # 3 of the 4 items that apply

    # -- the lessons log finds the lesson; its action, once done, is an improvement made.
    found = (await governance.get("/lessons?q=BOILER parts")).text
    link = re.search(r'href="/lessons/(\d+)">Order boiler parts', found)
    assert link, found
    done = await governance.post(
        f"/lessons/{link.group(1)}",
        {
            "owner": "Head of repairs",
            "action": "Vans carry common boiler parts",
            "due": today.isoformat(),
            "completed": today.isoformat(),
            "outcome": "Parts on every van",
        },
    )
    assert done.status_code == 303, done.text

    # -- the period report: the page, its CSV and its PDF say the same figures.
    page = await governance.get(f"/reports/period?{chosen}")
    assert page.status_code == 200, page.text
    received = headline(page.text, "Complaints received")
    assert int(received) >= 1
    assert headline(page.text, "Improvements made") != "0"
    assert int(headline(page.text, "Survey answers")) >= 1
    assert "<svg" in page.text and "Parts on every van" in page.text
    csv = await governance.get(f"/reports/period.csv?{chosen}")
    assert csv.headers["content-type"].startswith("text/csv")
    assert f"Complaints received,{received}" in csv.content.decode("utf-8-sig")
    pdf = await governance.get(f"/reports/period.pdf?{chosen}")
    assert pdf.headers["content-type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert f"Complaints received {received}" in text and "Parts on every van" in text

    # -- the TSMs, the sample and the self-assessment, each in the three forms.
    for kind, query in (
        ("tsm", f"{chosen}&homes=1000"),
        ("qa", f"month={month}"),
        ("self-assessment", chosen),
    ):
        shown = await governance.get(f"/reports/{kind}?{query}")
        assert shown.status_code == 200, (kind, shown.text)
        first = re.search(r'<dd class="govuk-summary-list__value">([^<]*)</dd>', shown.text)
        assert first
        csv = (await governance.get(f"/reports/{kind}.csv?{query}")).content.decode("utf-8-sig")
        pdf = pdf_text((await governance.get(f"/reports/{kind}.pdf?{query}")).content)
        assert unescape(first.group(1)) in csv and unescape(first.group(1)) in pdf

    # -- a TSM without the number of homes is refused beside the field.
    missing = await governance.get(f"/reports/tsm?{period}")
    assert missing.status_code == 422 and "number of homes" in missing.text

    # -- a handler is refused every governance page.
    handler = await browser("handler")
    for path in ("/reports", f"/reports/period?{period}", "/reports/period.csv", "/lessons"):
        assert (await handler.get(path)).status_code == 403, path
    assert (await handler.post(f"/reports/qa/{month}/{sampled}", answers)).status_code == 403


async def test_r_org_1_every_organisation_of_the_group_can_be_chosen_for_a_report(
    browser,
) -> None:
    """An organisation with hazards but no complaints yet is still one to report on."""
    governance = await browser("governance")
    page = (await governance.get("/reports/period")).text
    offered = set(re.findall(r'<option value="([^"]+)"', page))
    assert set(organisations()) <= offered
