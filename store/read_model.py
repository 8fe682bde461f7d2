"""Writing a complaint's read-model row (``complaints``), live and by the rebuild, with its
part of the period report and the TSMs (R-RPT-1, R-RPT-2) worked out as plain columns.

From the summary the workflow sends: per stage, how many acknowledgements and responses
came to an end (met, or missed past their limit; cancelled ones and those still running
are not counted) and how many of those by their target and by their limit; the day the
response was given, and the working days from first contact to it (by ``report_calendar``);
whether the stage was reached (its response came due); the remedies' kinds and the
ombudsman cases' determinations.

From the event log, which still knows once the row says "completed": whether the complaint
was declined, withdrawn (R-WDR-1) or linked as a duplicate (R-DUP-1), the last of these
events deciding, and a withdrawal taken up again undoing it; else the row's status says;
and how many times its response date was extended.

``reports.figures`` works the same figures out from the rows and the log in Python;
``reports.sql`` sums these columns, and the two agree (tests/reports).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import Text, bindparam, case, func, select
from sqlalchemy.dialects.postgresql import Insert, insert
from sqlalchemy.ext.asyncio import AsyncSession

from models.calendar import Closures
from models.effects import ComplaintSummary
from rules.calendar import WorkingCalendar
from rules.holidays_source import build_snapshot, default_overrides
from settings import get_settings
from store.tables import Complaint, ComplaintEvent

CLOSED_WITHOUT_RESPONSE = ("declined", "withdrawn", "duplicate")
# The events that close a complaint without a response, and what reports call each.
CLOSING_EVENTS = {
    "declined": "declined",
    "withdrawn": "withdrawn",
    "linked_as_duplicate": "duplicate",
}
REOPENED = "withdrawal_reopened"  # R-WDR-1: a withdrawn complaint taken up again
EXTENDED = "extended"
COUNTED_EVENTS = frozenset({*CLOSING_EVENTS, REOPENED, EXTENDED})


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


@lru_cache(maxsize=16)
def _calendar(first_year: int, last_year: int, closures: str) -> WorkingCalendar:
    return WorkingCalendar(
        build_snapshot(
            date(first_year, 1, 1),
            date(last_year, 12, 31),
            closures=Closures.model_validate_json(closures),
            overrides=default_overrides(),
        )
    )


def report_calendar(first: date, last: date, closures: Closures | None = None) -> WorkingCalendar:
    """The working days reports count by, from ``first`` to ``last`` at least: England and
    Wales bank holidays, the closures set (``REDRESS_CLOSURES``, as this process read it)
    and the shipped overrides, as ``intake.calendar.calendar_for`` builds them."""
    closures = closures if closures is not None else get_settings().closures
    return _calendar(first.year, last.year, closures.model_dump_json())


def day_ranks(first: date, last: date) -> tuple[list[date], list[int]]:
    """Each day from ``first`` to ``last`` and how many working days after ``first`` up to
    it: the working days between two of them is the difference of their ranks."""
    cal = report_calendar(first, last)
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return days, [cal.working_days_between(first, day) for day in days]


def _ended(deadlines: list[dict[str, Any]]) -> tuple[int, int, int]:
    """How many came to an end, and how many of those by their target and by their limit.
    A deadline written without a flag or date counts as not having it: a row is always
    written, whatever its deadlines say."""
    counted = in_target = in_limit = 0
    for d in deadlines:
        met = _day(d.get("met_on"))
        if d.get("cancelled") or (met is None and not d.get("limit_missed")):
            continue
        counted += 1
        target, due = _day(d.get("target")), _day(d.get("due"))
        if met is not None and target is not None and met <= target:
            in_target += 1
        if met is not None and due is not None and met <= due:
            in_limit += 1
    return counted, in_target, in_limit


def report_columns(summary: ComplaintSummary) -> dict[str, Any]:
    """The report's columns from the summary alone; ``closed_as`` from the status."""
    deadlines = summary.deadlines
    columns: dict[str, Any] = {
        "closed_as": summary.status if summary.status in CLOSED_WITHOUT_RESPONSE else None,
        "extensions": 0,
        "remedy_kinds": [str(m.get("kind")) for m in summary.remedies],
        "ombudsman_determinations": [c.get("determination") or "" for c in summary.ombudsman],
    }
    acknowledgements = {
        1: [d for d in deadlines if d.get("key") == "acknowledgement"],
        2: [d for d in deadlines if str(d.get("key")).startswith("escalation_decision_")],
    }
    for n, found in acknowledgements.items():
        counted, in_target, in_limit = _ended(found)
        columns[f"s{n}_ack_counted"] = counted
        columns[f"s{n}_ack_in_target"] = in_target
        columns[f"s{n}_ack_in_limit"] = in_limit
    for n in (1, 2, 3):
        # One response deadline per stage: the complaint's deadlines are kept by key.
        found = [d for d in deadlines if d.get("key") == f"stage_{n}_response"]
        counted, in_target, in_limit = _ended(found)
        columns[f"s{n}_response_counted"] = counted
        columns[f"s{n}_response_in_target"] = in_target
        columns[f"s{n}_response_in_limit"] = in_limit
        given = [_day(d["met_on"]) for d in found if d.get("met_on") is not None]
        columns[f"s{n}_responded_on"] = given[0] if given else None
        columns[f"s{n}_response_days"] = _working_days(summary.first_contact_on, given)
        if n < 3:
            columns[f"s{n}_reached"] = bool(found)
    return columns


def _working_days(first_contact: date, given: list[date | None]) -> int | None:
    if not given or given[0] is None:
        return None
    day = given[0]
    cal = report_calendar(min(first_contact, day), max(first_contact, day))
    return cal.working_days_between(first_contact, day)


def read_model_row(summary: ComplaintSummary, seq: int) -> dict[str, Any]:
    """The ``complaints`` row for a summary, before the event log's part (see
    ``with_events``)."""
    return summary.model_dump(mode="python") | {"last_seq": seq} | report_columns(summary)


def _closed_by_events(reference: Any) -> Any:
    """The last closing (or reopening) event's name for the complaint; NULL when none, or
    when a withdrawal was taken up again after it."""
    kind = ComplaintEvent.kind
    return (
        select(case(*((kind == k, name) for k, name in CLOSING_EVENTS.items()), else_=None))
        .where(ComplaintEvent.reference == reference, kind.in_([*CLOSING_EVENTS, REOPENED]))
        .order_by(ComplaintEvent.seq.desc())
        .limit(1)
        .scalar_subquery()
    )


def _extensions(reference: Any) -> Any:
    return (
        select(func.count())
        .where(ComplaintEvent.reference == reference, ComplaintEvent.kind == EXTENDED)
        .scalar_subquery()
    )


@lru_cache(maxsize=64)
def _upsert(columns: tuple[str, ...], from_log: bool, force: bool) -> Insert:
    """The upsert for rows of these columns, built once: the values come as parameters.
    From the log, ``closed_as`` and ``extensions`` are read in the statement; otherwise a
    new row takes them from the parameters and a row already there keeps its own."""
    upsert = insert(Complaint)
    updated = [name for name in columns if name not in ("reference", "closed_as", "extensions")]
    if from_log:
        reference = bindparam("of_reference", type_=Text())
        upsert = upsert.values(
            closed_as=func.coalesce(
                _closed_by_events(reference), bindparam("closed_by_status", type_=Text())
            ),
            extensions=_extensions(reference),
        )
        updated += ["closed_as", "extensions"]
    return upsert.on_conflict_do_update(
        index_elements=[Complaint.reference],
        set_={**{name: upsert.excluded[name] for name in updated}, "updated_at": func.now()},
        where=None if force else Complaint.last_seq < upsert.excluded.last_seq,
    )


def advance_read_model(
    summary: ComplaintSummary,
    seq: int,
    *,
    force: bool = False,
    kinds: Collection[str] | None = None,
) -> tuple[Insert, dict[str, Any]]:
    """The upsert of the complaint's row and its parameters, for ``session.execute``: only
    over a row written by an older record, unless ``force``: rows of a task that never
    committed were just superseded, and the read model they advanced must come back to what
    the workflow accepted.

    The event log's part is read in the same statement, after the caller has written the
    batch's events, when the batch has one of the events it counts (``kinds``: the kinds of
    the batch's events; None: not known) or ``force``; otherwise the row keeps what it has
    (a new row takes its status), since only those events change it."""
    row = read_model_row(summary, seq)
    from_log = force or kinds is None or not COUNTED_EVENTS.isdisjoint(kinds)
    if from_log:
        closed_by_status = row.pop("closed_as")
        del row["extensions"]
        columns = tuple(row)
        row |= {"of_reference": summary.reference, "closed_by_status": closed_by_status}
    else:
        columns = tuple(row)
    return _upsert(columns, from_log, force), row


async def event_figures(
    session: AsyncSession, references: Sequence[str] | None = None
) -> dict[str, tuple[str | None, int]]:
    """Per complaint with any such event: how the event log says it closed without a
    response (None: it does not) and how many extensions it had; as ``advance_read_model``
    reads them, for the rebuild."""
    statement = (
        select(ComplaintEvent.reference, ComplaintEvent.kind)
        .where(ComplaintEvent.kind.in_([*CLOSING_EVENTS, REOPENED, EXTENDED]))
        .order_by(ComplaintEvent.reference, ComplaintEvent.seq)
    )
    if references is not None:
        statement = statement.where(ComplaintEvent.reference.in_(references))
    found: dict[str, tuple[str | None, int]] = {}
    for reference, kind in (await session.execute(statement)).all():
        closed, extensions = found.get(reference, (None, 0))
        if kind == EXTENDED:
            extensions += 1
        else:
            closed = CLOSING_EVENTS.get(kind)  # REOPENED: no longer closed that way
        found[reference] = (closed, extensions)
    return found


def with_events(row: dict[str, Any], figures: dict[str, tuple[str | None, int]]) -> dict[str, Any]:
    """The rebuilt row with the event log's part (from ``event_figures``)."""
    closed, extensions = figures.get(row["reference"], (None, 0))
    return row | {"closed_as": closed or row["closed_as"], "extensions": extensions}
