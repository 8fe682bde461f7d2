"""The `fields` of every letter exactly as they are recorded: the parts the rules give
(rules/handling/*.py, workflows/tracker.py) plus the `reference`, `stage` and `organisation`
that `rules.letters.compose` adds. Nested parts are dumped from the real
models, and ombudsman details come from the rules' own table, so a change of shape shows."""

from datetime import date
from typing import Any

from models.effects import Recipient
from models.enums import EXCLUSION_WORDS, Decision, Exclusion, Ombudsman, RemedyKind
from models.stages import Compensation, IssueDecision, OutstandingAction, Remedy
from rules.handling.common import OMBUDSMAN_CONTACT, OMBUDSMAN_WORDS
from rules.organisations import organisations

ON = date(2026, 3, 2)
REFERENCE = "CMP-2026-000123"
HAZARD_REFERENCE = "HAZ-2026-000012"
HANDLER_NAME = "Priya Shah"
LANDLORD = organisations()["landlord"].model_dump(mode="json")
CARE = organisations()["care"].model_dump(mode="json")
HOS = Ombudsman.HOUSING
LGSCO = Ombudsman.LGSCO
RESIDENT = Recipient(
    name="Alex Morgan", email="alex@example.org", address="Flat 4, 12 Mill Lane, Leeds LS6 2AB"
)
REPRESENTATIVE = Recipient(
    name="Cllr Jo Patel", email="jo.patel@example.org", address=None, role="representative"
)


def ombudsman(which: Ombudsman = HOS) -> dict[str, Any]:
    return {"ombudsman": OMBUDSMAN_WORDS[which], "ombudsman_contact": OMBUDSMAN_CONTACT[which]}


def common(stage: str = "Stage 1", organisation: dict | None = None) -> dict[str, Any]:
    return {"reference": REFERENCE, "stage": stage, "organisation": organisation or LANDLORD}


DEFINITION = (
    "You told us your boiler has not worked properly since 12 February 2026 and that two "
    "repair appointments were missed without notice."
)
ISSUES = {"1": "Boiler repair delay", "2": "Missed repair appointments"}
DECISIONS = [
    IssueDecision(
        issue_id=1,
        decision=Decision.UPHELD,
        reasons="Our Repairs Policy says a loss of heating is fixed within 24 hours; "
        "it took 19 days.",
    ),
    IssueDecision(
        issue_id=2,
        decision=Decision.NOT_UPHELD,
        reasons="Our call records show both appointments were rearranged with you the day before.",
    ),
]
REMEDIES = [
    Remedy(kind=RemedyKind.APOLOGY, description="We apologise for how long the repair took."),
    Remedy(
        kind=RemedyKind.FINANCIAL,
        description="A payment for the cost of heaters and the distress caused.",
        compensation=Compensation(
            quantifiable_losses=85.5, time_and_trouble=50, distress_and_inconvenience=150
        ),
        due=date(2026, 3, 27),
    ),
]
ACTIONS = [OutstandingAction(what="Replace the boiler's heat exchanger", due=date(2026, 3, 20))]


def response(stage: str, route: dict[str, Any], organisation: dict | None = None) -> dict:
    """`responses.submit_response`: the response letter's fields."""
    return common(stage, organisation) | {
        "definition": DEFINITION,
        "decisions": [d.model_dump(mode="json") for d in DECISIONS],
        "issues": ISSUES,
        "overall": Decision.PARTIALLY_UPHELD.value,
        "reasons": "We looked at the repair records, the call logs and our Repairs Policy "
        "(section 4.2, emergency repairs), and the Housing Ombudsman's guidance on repairs.",
        "remedies": [r.model_dump(mode="json") for r in REMEDIES],
        "actions": [a.model_dump(mode="json") for a in ACTIONS],
        "route": route,
    }


STAGE_1_ROUTE = {
    "final": False,
    "next": "stage_2",
    "escalate_by": "2026-09-02",
    "reasons_required": True,
}
OMBUDSMAN_ROUTE = {"final": True, "next": "ombudsman"} | ombudsman(HOS)
LGSCO_ROUTE = {"final": True, "next": "ombudsman"} | ombudsman(LGSCO)

FIELDS: dict[str, dict[str, Any]] = {
    "acknowledgement": common()
    | {
        "definition": DEFINITION,
        "outcomes_sought": "A working boiler, and the cost of running heaters paid back.",
        "issues": list(ISSUES.values()),
        "contact": {
            "name": HANDLER_NAME,
            "email": "priya.shah@northgate-homes.example.org",
            "phone": "0113 000 0101",
        },
        "response_due": "2026-03-16",
        "ombudsman_any_time": True,
    }
    | ombudsman(HOS),
    "decline": common()
    | {
        "reason": EXCLUSION_WORDS[Exclusion.INSURANCE_CLAIM],
        "detail": "Damage to your car from the fallen tree is covered by our insurer, Zurich.",
    }
    | ombudsman(HOS),
    "clarification": common()
    | {"questions": "Which rooms are affected by the damp, and since when?"},
    "extension": common()
    | {
        "stage": "Stage 1",
        "reason": "We are waiting for the boiler engineer's report, due on 18 March.",
        "new_due": "2026-03-30",
        "previous_due": "2026-03-16",
    }
    | ombudsman(HOS),
    "agreement_request": common()
    | {
        "stage": "Stage 1",
        "proposed_due": "2026-04-20",
        "reason": "The structural survey of the block cannot be done until 10 April.",
    },
    "no_agreement": common() | {"stage": "Stage 1", "due": "2026-03-30"} | ombudsman(HOS),
    "stage_1_response": response("Stage 1", STAGE_1_ROUTE),
    "stage_2_response": response("Stage 2", OMBUDSMAN_ROUTE),
    "stage_3_response": response("Stage 3", LGSCO_ROUTE),
    "final": common("Stage 2") | ombudsman(HOS),
    "escalation_refused": common()
    | {
        "reason": "the request came after the time allowed to escalate",
        "explanation": "Our Stage 1 response was sent on 2 March 2026; you asked on 20 October.",
    }
    | ombudsman(HOS),
    "stage_2_acknowledgement": common("Stage 2")
    | {
        "understanding": "You remain unhappy that the boiler repair took 19 days.",
        "outcomes_sought": "Higher compensation for the weeks without heating.",
        "contact": {
            "name": "Tom Reid",
            "email": "reviews@northgate-homes.example.org",
            "phone": None,
        },
        "response_due": "2026-04-14",
    },
    "stage_3_panel": common("Stage 3", LANDLORD) | {"meeting_on": "2026-05-12", "may_attend": True},
    "satisfaction_survey": common("Stage 1"),
    "compliment_reply": {
        "reference": "CPL-2026-000007",
        "stage": "Stage 1",
        "organisation": LANDLORD,
    },
    "comment_reply": {
        "reference": "CMT-2026-000003",
        "stage": "Stage 1",
        "organisation": LANDLORD,
    },
    "withdrawal": common("Stage 1")
    | {"withdrawn_on": "2026-03-09", "how": "by phone", "reopen_by": "2027-03-10"},
    "reopened": common("Stage 1")
    | {
        "reopened_on": "2026-03-23",
        "next_step": "respond to your complaint",
        "next_due": "2026-04-06",
    },
    "duplicate_linked": common("Stage 1") | {"original": "CMP-2026-000042"},
    "handler_changed": common("Stage 1")
    | {"contact": {"name": "Jo Doe", "email": "jo.doe@example.org", "phone": "0113 496 0001"}},
    # workflows/tracker.py sends only the reference and its own fields.
    "action_update": {
        "reference": REFERENCE,
        "what": "Replace the boiler's heat exchanger",
        "due": "2026-03-20",
        "progress": "The part has been ordered and the engineer will fit it on 18 March.",
    },
    "action_completed": {
        "reference": REFERENCE,
        "what": "remedy: A payment for the cost of heaters and the distress caused.",
        "completed_on": "2026-03-25",
    },
    # workflows/hazard.py sends the hazard's reference and the letter's own fields.
    "hazard_summary": {
        "reference": HAZARD_REFERENCE,
        "what_was_found": "Black mould on the bedroom ceiling, spreading from a leaking gutter.",
        "hazard_and_risk": "Damp and mould growth: a risk to the breathing of those at home.",
        "works": [{"what": "Repair the gutter and treat the mould", "by": "2026-03-20"}],
        "no_works_reason": "",
        "how_to_contact": "Call the repairs team on 0113 000 0102, quoting the reference.",
    },
    "hazard_update": {
        "reference": HAZARD_REFERENCE,
        "hazard": "damp and mould in the bedroom",
        "progress": "Safety works is our next step.",
        "next_step": "Safety works to be done",
    },
}
# The letters workflows/tracker.py and workflows/hazard.py send without an organisation in
# `fields`.
ORGANISATION_BY_ID = {"action_update", "action_completed", "hazard_summary", "hazard_update"}
