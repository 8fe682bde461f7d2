"""``redress-starter log``: record a complaint, compliment or comment (R-INT-1).

`intake.service.receive` settles the policy profile, the organisation and the calendar
snapshot, keeps the submission with its reference and starts the workflow, exactly as the
web app does. All that is settled before a reference is taken from PostgreSQL, so a
mistyped option never uses up a number; if Temporal does not answer, the submission is kept
and the worker starts it later.
"""

from __future__ import annotations

import argparse
import json
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from intake.service import receive
from models.complaint import LogComplaintInput
from models.enums import Channel, Kind, Relationship, RepresentativeKind, ServiceArea, Tenure
from models.parties import Complainant, Representative, StaffMember
from rules.calendar import format_due
from starter.options import iso_date

if TYPE_CHECKING:
    from starter.connection import Connection

# Any reference of the right shape: validation runs before the real one is allocated.
_PLACEHOLDER = {Kind.COMPLAINT: "CMP-0000-000000", Kind.COMPLIMENT: "CPL-0000-000000"}


def _values(enum: type[StrEnum]) -> list[str]:
    return [member.value for member in enum]


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser(
        "log", parents=[common], help="log a complaint, compliment or comment (R-INT-1)"
    )
    p.add_argument("--kind", choices=_values(Kind), default=Kind.COMPLAINT.value)
    who = p.add_argument_group("the person complaining")
    who.add_argument("--name", required=True)
    who.add_argument("--email")
    who.add_argument("--phone")
    who.add_argument("--address")
    who.add_argument("--postcode")
    who.add_argument("--tenure", choices=_values(Tenure), default=Tenure.TENANT.value)
    who.add_argument(
        "--relationship", choices=_values(Relationship), default=Relationship.CURRENT_RESIDENT.value
    )
    what = p.add_argument_group("the complaint")
    what.add_argument("--description", required=True, help="what the resident told us")
    what.add_argument("--outcomes", default="", help="the outcomes the resident is seeking")
    what.add_argument("--channel", choices=_values(Channel), default=Channel.WEB_FORM.value)
    what.add_argument(
        "--service-area", choices=_values(ServiceArea), default=ServiceArea.LANDLORD_SERVICES.value
    )
    what.add_argument(
        "--organisation", default="", help="its id (default: ours that provides the service)"
    )
    what.add_argument("--first-contact", type=iso_date, help="default today")
    what.add_argument("--issue-date", type=iso_date, help="when the problem happened (R-ACC-1)")
    what.add_argument("--category", action="append", default=[], help="repeat for each")
    what.add_argument("--profile", help="the policy profile (default REDRESS_POLICY_PROFILE)")
    what.add_argument("--by", default="system", help="who logged it")
    rep = p.add_argument_group("a representative acting for the resident (R-WHO-1)")
    rep.add_argument("--rep-name")
    rep.add_argument("--rep-kind", choices=_values(RepresentativeKind))
    rep.add_argument("--rep-email")
    staff = p.add_argument_group("the Stage 1 handler, if already known")
    staff.add_argument("--handler-id")
    staff.add_argument("--handler-name")
    staff.add_argument("--handler-email")
    staff.add_argument("--handler-manager", help="the handler's manager's staff id")


def intake_from(args: argparse.Namespace, connection: Connection, today: Any) -> LogComplaintInput:
    kind = Kind(args.kind)
    representative = None
    if args.rep_name or args.rep_kind:
        representative = Representative.model_validate(
            {"name": args.rep_name or "", "kind": args.rep_kind or "", "email": args.rep_email}
        )
    handler = None
    if args.handler_id or args.handler_name:
        handler = StaffMember.model_validate(
            {
                "id": args.handler_id or "",
                "name": args.handler_name or "",
                "email": args.handler_email,
                "manager_id": args.handler_manager,
            }
        )
    return LogComplaintInput(
        reference=_PLACEHOLDER.get(kind, "CMT-0000-000000"),
        kind=kind,
        organisation=args.organisation,
        service_area=args.service_area,
        channel=args.channel,
        first_contact_on=args.first_contact or today,
        complainant=Complainant(
            name=args.name,
            relationship=args.relationship,
            tenure=args.tenure,
            email=args.email,
            phone=args.phone,
            address=args.address,
            postcode=args.postcode,
        ),
        representative=representative,
        description=args.description,
        outcomes_sought=args.outcomes,
        issue_date=args.issue_date,
        categories=args.category,
        policy_profile=args.profile or connection.policy_profile,
        handler=handler,
        logged_by=args.by,
    )


async def log(args: argparse.Namespace, connection: Connection) -> None:
    if connection.sessionmaker is None:
        raise RuntimeError("logging needs the database: the connection has no sessionmaker")
    today = await connection.today()
    intake = intake_from(args, connection, today)
    received = await receive(
        connection.sessionmaker, connection.client, intake, connection.task_queue
    )
    reference = received.reference
    if args.json:
        print(
            json.dumps(
                {"reference": reference, "run_id": received.run_id, "started": received.started}
            )
        )
        return
    area = intake.service_area.value.replace("_", " ")
    print(
        f"{reference} logged: {intake.kind.value} from {intake.complainant.name} ({area}), "
        f"first contact {format_due(intake.first_contact_on)}"
    )
    if not received.started:
        print("Temporal did not answer: it is kept, and the worker will start it when it can.")
