"""``redress-starter hazard-*`` on the session's worker (R-HAZ-1..6): every step of a hazard
is a subcommand, a refusal exits 2 with the workflow's sentence and changes nothing, and
``python -m reports hazards`` counts what was recorded."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from models.hazard import HazardReport, HazardStep
from models.hazard_state import HazardDeadline, HazardState
from reports import hazard_figures
from reports.__main__ import build, parser
from rules import hazard_catalogue
from starter.cli import build_parser
from starter.hazard_commands import describe
from tests.starter.test_cli import Shell, shell  # noqa: F401 - the fixture
from tests.web.hazard_steps import report_hazard, row


def test_every_hazard_step_has_its_subcommand() -> None:
    group = build_parser()._subparsers._group_actions[0]  # type: ignore[union-attr]
    commands = set(group.choices or {})
    for action in hazard_catalogue.ACTIONS:
        assert f"hazard-{action.name.replace('_', '-')}" in commands
    assert {"hazard-show", "hazard-list"} <= commands


async def test_r_haz_2_an_emergency_is_triaged_and_made_safe_from_the_command_line(
    shell: Shell,  # noqa: F811 - the fixture imported above
) -> None:
    complaints = shell.complaints
    hazard = await report_hazard(complaints, None, hazard="electrical_hazards")

    triaged = json.loads(
        await shell.ok(
            "hazard-triage", hazard, "--kind", "emergency", "--by", "o.bennett", "--json"
        )
    )
    assert (triaged["kind"], triaged["step"]) == ("emergency", "make_safe")
    made_safe = await shell.ok(
        "hazard-make-safe", hazard, "--what-was-done", "Supply isolated, socket replaced"
    )
    assert "Emergency: make safe" in made_safe and "met" in made_safe
    status, _, err = await shell(
        "hazard-triage", hazard, "--kind", "significant", "--by", "o.bennett"
    )
    assert (
        status == 2 and err.strip() == f"Refused: Hazard {hazard} was already triaged as emergency."
    )
    assert (await row(complaints, hazard)).kind == "emergency"
    shown = await shell.ok("hazard-show", hazard)
    assert shown.startswith(f"{hazard}: electrical hazards in back bedroom (emergency)")

    today = await complaints.today()
    period = ["hazards", "--from", today.isoformat(), "--to", today.isoformat()]
    figures = await build(parser().parse_args(period), complaints.sessionmaker)
    assert isinstance(figures, hazard_figures.HazardFigures)
    assert figures.by_kind.get("emergency", 0) >= 1
    assert figures.steps["make_safe"].counted >= 1


async def test_bad_options_for_a_hazard_step_exit_2_with_the_reason(
    shell: Shell,  # noqa: F811 - the fixture imported above
) -> None:
    hazard = await report_hazard(shell.complaints, None)
    status, _, err = await shell("hazard-make-safe", hazard, "--done-at", "yesterday-ish")
    assert status == 2 and "--done-at" in err
    assert (await row(shell.complaints, hazard)).made_safe_at is None


def test_r_haz_5_r_haz_6_hazard_show_says_which_steps_were_late_or_gave_way() -> None:
    """A step done after its due time is "met late", the 5 working days that gave way to
    the 12 weeks say so, and a step missed or still running says which."""
    due = datetime(2026, 12, 10, tzinfo=UTC)
    rows = [
        ("Safety works by Wed 9 Dec 2026", {"met_at": due - timedelta(hours=1)}, "met"),
        ("Written summary by Wed 9 Dec 2026", {"met_at": due + timedelta(hours=1)}, "met late"),
        (
            "Further works begun by Wed 9 Dec 2026",
            {"gave_way_at": due - timedelta(days=1)},
            "gave way to the 12-week clock",
        ),
        ("Triage by Wed 9 Dec 2026", {"breached": True}, "missed"),
        ("Further works started by Wed 3 Mar 2027", {}, "open"),
    ]
    state = HazardState(
        reference="HAZ-2026-000001",
        organisation="landlord",
        report=HazardReport(
            hazard="damp_and_mould",
            description="Mould",
            location="bedroom",
            aware_at=due - timedelta(days=9),
            affected="two adults",
        ),
        regime_name="phase 1",
        regime_from=date(2025, 10, 27),
        logged_at=due - timedelta(days=9),
        deadlines=[
            HazardDeadline(step=HazardStep.SUMMARY, label=label, due=due, **changes)
            for label, changes, _ in rows
        ],
    )
    shown = describe(state)
    for label, _, outcome in rows:
        assert f"  {label}: {outcome}\n" in shown + "\n", label
