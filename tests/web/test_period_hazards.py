"""The period report's hazards (R-HAZ-7, R-HAZ-6, R-ORG-1): after real hazards run on the
time-skipping server (an emergency made safe late with its reason and an offer of
accommodation, a significant hazard investigated and its safety works done in time), the
period page, its CSV and its PDF give, for one organisation and for the group, exactly the
figures ``reports.hazard_figures`` gives from the same store for the same period."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from html import unescape
from typing import Any

from models.hazard import (
    Finding,
    HazardKind,
    HazardSource,
    HazardStep,
    LateReason,
)
from models.hazard_steps import (
    AccommodationInput,
    FindingInput,
    LateReasonInput,
    MakeSafeInput,
    SafetyWorksInput,
    SummaryInput,
    TriageInput,
)
from reports.hazard_figures import HazardFigures, hazard_figures, period_bounds
from rules.calendar import format_due, local_date
from store import hazard_queries
from tests.harness import Complaints
from tests.hazards.harness import act, deadline_of, start_hazard
from tests.letters.reading import pdf_text
from tests.web.test_governance_pages import headline
from web.render import when
from web.report_hazards import kind_words, source_words, step_words
from workflows.hazard import HazardWorkflow

ORGANISATION = "housing_association"
NO_ACCESS = "Nobody answered the door for the booked visit"
STEPS = "Hazard deadlines met in time, per statutory step (Awaab's Law)"
TIMES = "Time to make hazards safe, and alternative accommodation offered"
LATE = "Hazard steps done late or missed, with the reasons recorded"


async def run_two_hazards(complaints: Complaints) -> tuple[str, str]:
    """An emergency made safe two hours late, with the reason and an offer of accommodation
    recorded; a significant hazard found, its summary sent and safety works done in time."""
    await complaints.start_of_working_day()
    # Reported on their own, as the activity ``open_hazard`` starts one.
    emergency = await start_hazard(complaints, organisation=ORGANISATION, source=HazardSource.CALL)
    significant = await start_hazard(
        complaints, organisation=ORGANISATION, source=HazardSource.REPAIR
    )
    state = await act(
        complaints, emergency, HazardWorkflow.triage, TriageInput(kind=HazardKind.EMERGENCY)
    )
    await act(
        complaints, significant, HazardWorkflow.triage, TriageInput(kind=HazardKind.SIGNIFICANT)
    )
    await complaints.advance_to(deadline_of(state, HazardStep.MAKE_SAFE).due + timedelta(hours=2))
    await complaints.quiet(emergency.id)
    now = await complaints.now()
    reason = LateReasonInput(
        step=HazardStep.MAKE_SAFE,
        reason=LateReason.NO_ACCESS,
        occurred_on=await complaints.today(),
        detail=NO_ACCESS,
        evidence="Calling card left",
    )
    await act(complaints, emergency, HazardWorkflow.record_late_reason, reason)
    offer = AccommodationInput(offered_at=now, where="Flat 2, Ash Court", accepted=False)
    await act(complaints, emergency, HazardWorkflow.offer_accommodation, offer)
    safe = MakeSafeInput(done_at=now, what_was_done="Live wiring isolated")
    await act(complaints, emergency, HazardWorkflow.make_safe, safe)
    finding = FindingInput(
        finding=Finding.SIGNIFICANT,
        concluded_at=now,
        what_was_found="Condensation mould from a failed extractor fan.",
        risk="Respiratory risk to a baby with asthma.",
    )
    await act(complaints, significant, HazardWorkflow.record_finding, finding)
    summary = SummaryInput(
        what_was_found="Condensation mould from a failed extractor fan.",
        hazard_and_risk="Damp and mould: a risk to the baby's breathing.",
        no_works_reason="The works are being planned; we will write with their dates.",
        contact="Call 0300 000 0000.",
    )
    await act(complaints, significant, HazardWorkflow.send_summary, summary)
    await complaints.advance(timedelta(hours=3))
    done = SafetyWorksInput(done_at=await complaints.now(), what_was_done="Mould treated")
    await act(complaints, significant, HazardWorkflow.safety_works_done, done)
    return emergency.id, significant.id


async def _figures(complaints: Complaints, start: date, end: date, organisation: str) -> Any:
    async with complaints.sessionmaker() as session:
        rows = await hazard_queries.summaries_between(session, *period_bounds(start, end))
    return hazard_figures(rows, start, end, organisation)


def _expected(found: HazardFigures) -> dict[str, list[list[str]]]:
    """The rows each hazard table should hold, put into words from the figures."""
    share = lambda value: "none due" if value is None else f"{value:.0%}"  # noqa: E731
    by = lambda counts: sorted(counts.items(), key=lambda item: (-item[1], item[0]))  # noqa: E731
    hours, days = found.average_hours_to_make_safe, found.average_days_to_safety_works
    return {
        "Hazards by kind": [[kind_words(k), str(n)] for k, n in by(found.by_kind)],
        "Hazards by how they were reported": [
            [source_words(k), str(n)] for k, n in by(found.by_source)
        ],
        "Hazards by type": [[k, str(n)] for k, n in by(found.by_hazard)],
        STEPS: [
            [step_words(s), str(t.counted), str(t.in_time), share(t.share_in_time)]
            for s, t in found.steps.items()
        ],
        TIMES: [
            [
                "Average hours from becoming aware to an emergency made safe",
                "No emergency made safe" if hours is None else f"{hours:.1f} hours",
            ],
            [
                "Average days from the investigation's conclusion to the safety works",
                "No safety works done" if days is None else f"{days:.1f} days",
            ],
            ["Offers of alternative accommodation", str(found.alternative_accommodation)],
        ],
        LATE: [
            [
                late.reference,
                step_words(late.step),
                when(late.due),
                when(late.done) if late.done else "Not done",
                "; ".join(late.reasons) or "None recorded",
            ]
            for late in found.late
        ],
    }


def _text(cell: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", cell)).strip()


def page_tables(page: str) -> dict[str, list[list[str]]]:
    """Each table on the page under its caption, its rows' cells as text."""
    found = {}
    for table_id, caption in re.findall(r'<h2[^>]*id="(table-\d+)-heading">(.*?)</h2>', page):
        body = re.search(rf'<table[^>]*id="{table_id}".*?<tbody[^>]*>(.*?)</tbody>', page, re.S)
        rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1), re.S) if body else []
        found[unescape(caption)] = [
            [_text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)] for row in rows
        ]
    return found


def csv_tables(text: str) -> dict[str, list[list[str]]]:
    """Each table of the CSV under its caption: a caption row, the heading row, the rows."""
    lines = list(csv.reader(io.StringIO(text)))
    found = {}
    for i, line in enumerate(lines):
        if i and not lines[i - 1] and len(line) == 1 and i + 1 < len(lines):
            rows = []
            for row in lines[i + 2 :]:
                if not row:
                    break
                rows.append(row)
            found[line[0]] = rows
    return found


async def test_r_haz_7_the_period_page_csv_and_pdf_give_the_hazard_figures_of_the_store(
    complaints: Complaints, browser
) -> None:
    start = await complaints.today()
    emergency, significant = await run_two_hazards(complaints)
    end = await complaints.today()
    governance = await browser("governance")

    for organisation in (ORGANISATION, ""):
        params = {"from": start.isoformat(), "to": end.isoformat()}
        params["organisation"] = organisation
        page = await governance.get("/reports/period", params=params)
        assert page.status_code == 200, page.text
        found = await _figures(complaints, start, end, organisation)
        expected = _expected(found)
        tables = page_tables(page.text)
        for caption, rows in expected.items():
            assert tables[caption] == rows, caption
        assert headline(page.text, "Hazards reported") == str(found.hazards)
        assert headline(page.text, "Hazard steps late or missed") == str(len(found.late))
        assert f'href="/hazards/{emergency}">{emergency}</a>' in page.text
        # The share met in time is drawn, hidden from screen readers, above its table.
        steps_id = re.search(rf'id="(table-\d+)-heading">{re.escape(STEPS)}', unescape(page.text))
        assert steps_id
        chart = re.search(rf'id="{steps_id.group(1)}-chart">\s*<svg[^>]*>', page.text)
        assert chart and 'aria-hidden="true"' in chart.group(0)

        sheet = (await governance.get("/reports/period.csv", params=params)).text
        in_csv = csv_tables(sheet.lstrip("\ufeff"))
        for caption, rows in expected.items():
            assert in_csv[caption] == rows, caption
        assert f"Hazards reported,{found.hazards}" in sheet

        pdf = await governance.get("/reports/period.pdf", params=params)
        text = pdf_text(pdf.content)
        assert f"Hazards reported {found.hazards}" in text
        for caption in expected:
            assert caption in text, caption
        for row in (*expected["Hazards by kind"], *expected[STEPS], *expected[TIMES]):
            assert " ".join(row) in text, row
        assert emergency in text and NO_ACCESS in text

    # The organisation's own hazards, as they were run: one emergency made safe late, with
    # its reason, and a significant hazard whose steps all came in time.
    mine = await _figures(complaints, start, end, ORGANISATION)
    assert mine.by_kind.get("emergency", 0) >= 1 and mine.by_kind.get("significant", 0) >= 1
    [late] = [x for x in mine.late if x.reference == emergency]
    assert late.step == "make_safe" and late.done is not None
    assert late.reasons == [
        f"No access on {format_due(local_date(late.done))}: {NO_ACCESS} "
        "(evidence: Calling card left)"
    ]
    assert significant not in {x.reference for x in mine.late}
    assert mine.alternative_accommodation >= 1
    assert mine.average_hours_to_make_safe is not None
