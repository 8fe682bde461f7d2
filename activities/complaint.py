"""The complaint workflow's activities: thin, idempotent writes to the record and the store.

Every write is keyed by the complaint reference and the sequence number the workflow
holds, and runs in one transaction: a retried activity finds its row already there
(``ON CONFLICT DO NOTHING``) and changes nothing. Business failures are non-retryable
``ApplicationError``s; anything else (a lost connection) is retried by Temporal.

Closure days for the calendar come from ``Settings.closures`` (``REDRESS_CLOSURES``), read
with the settings, so a worker that starts with a bad value fails at once rather than on
the first complaint.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError
from temporalio import activity
from temporalio.exceptions import ApplicationError

from delivery.routing import NO_RECIPIENT, route_for
from models.calendar import CalendarSnapshot
from models.closure import UndeliveredLetters, UndeliveredLettersInput
from models.effects import (
    AllocateReferenceInput,
    AttentionInput,
    CalendarRequest,
    NotifyInput,
    RecordEffectsInput,
    RecordEventInput,
    SendLetterInput,
)
from rules.holidays_source import Closures, build_snapshot, default_overrides
from settings import Settings
from store import rows
from store.db import Sessionmaker, UnitOfWork
from store.record import RecordConflict, write_records
from store.references import next_reference, reference_for_key
from store.undelivered import undelivered_letters


def refuse(message: str, kind: str) -> ApplicationError:
    """A business failure: Temporal does not retry it, the workflow sees ``message``."""
    return ApplicationError(message, type=kind, non_retryable=True)


# SQLSTATE classes of errors in the data itself: retrying cannot help.
BAD_DATA_CLASSES = ("22", "23", "P0")


def _is_bad_data(error: DBAPIError) -> bool:
    sqlstate = getattr(error.orig, "sqlstate", None) or ""
    return sqlstate[:2] in BAD_DATA_CLASSES


def _bad_data(error: Exception) -> str:
    detail = str(getattr(error, "orig", None) or error).splitlines()[0][:300]
    return f"The record could not be written: {detail}"


def _delivery_problem(letter: SendLetterInput) -> str | None:
    """Why the letter cannot go to some recipient as asked, or None: the same judgement
    delivery makes (``delivery.routing.route_for``), known as soon as the letter is recorded.

    Recorded with the letter rather than refused, so the workflow carries on and the
    team sees the gap and contacts the resident another way.
    """
    if not letter.recipients:
        return NO_RECIPIENT
    routes = [route_for(r.model_dump(mode="json"), letter.channel) for r in letter.recipients]
    return " ".join(route.problem for route in routes if route.problem) or None


class ComplaintActivities:
    """The activities of a complaint, holding their ports: the database and the settings.

    Built once in ``worker.py``; workflow tests register stand-ins under the same names.
    """

    def __init__(
        self,
        sessionmaker: Sessionmaker,
        settings: Settings,
        *,
        closures: Closures | None = None,
    ) -> None:
        self._sessionmaker = sessionmaker
        self.sessionmaker = sessionmaker
        self.settings = settings
        self._closures = closures or settings.closures

    @activity.defn(name="record_event")
    async def record_event(self, input: RecordEventInput) -> None:
        """Append the event to the record and bring the read model up to it, together.

        The read model only moves forward: it is written when ``input.seq`` is newer
        than the ``last_seq`` it holds, so a late retry cannot undo a newer state.
        An input without a summary (e.g. from an action tracker) only appends.
        """
        summary = input.summary
        if summary is not None and summary.reference != input.reference:
            raise refuse(
                f"event for {input.reference} carries the summary of {summary.reference}",
                "ReferenceMismatch",
            )
        async with UnitOfWork(self._sessionmaker) as uow:
            await rows.append_event(uow.session, input)
            await uow.commit()

    @activity.defn(name="send_letter")
    async def send_letter(self, input: SendLetterInput) -> None:
        """Record the letter to send; rendering and delivery read it from there.

        Missing contact details do not fail the activity: the row's ``problem`` says
        what is missing (see ``_delivery_problem``).
        """
        async with UnitOfWork(self._sessionmaker) as uow:
            await rows.record_letter(uow.session, input, _delivery_problem(input))
            await uow.commit()

    @activity.defn(name="notify_staff")
    async def notify_staff(self, input: NotifyInput) -> None:
        """Record a reminder or a manager's notice (R-S1-2); delivery reads it from there."""
        async with UnitOfWork(self._sessionmaker) as uow:
            await rows.record_notice(uow.session, input)
            await uow.commit()

    @activity.defn(name="record_effects")
    async def record_effects(self, input: RecordEffectsInput) -> None:
        """Everything one action or one timer asks for, in one transaction: its events,
        the letters to send, the notices to staff, and the read model brought up to the
        last of them (``store.record.write_records``).

        A retry of the same write writes nothing twice; a row left by a workflow task that
        never committed is superseded and kept aside; a different row written by a later
        task is a conflict. Data the database cannot hold, and conflicts, are business
        failures (not retried): the workflow marks the complaint as needing attention.
        """
        problems = {letter.seq: _delivery_problem(letter) for letter in input.letters}
        try:
            async with UnitOfWork(self._sessionmaker) as uow:
                written = await write_records(uow.session, input, problems)
                await uow.commit()
        except RecordConflict as error:
            raise refuse(str(error), "RecordConflict") from None
        except (DBAPIError, UnicodeError, ValueError) as error:
            if isinstance(error, DBAPIError) and not _is_bad_data(error):
                raise  # a lost connection, a deadlock: worth trying again
            raise refuse(_bad_data(error), "RecordRefused") from None
        if written.superseded:
            activity.logger.warning(
                "%s: superseded %d record(s) left by a workflow task that did not commit: %s",
                input.reference,
                len(written.superseded),
                ", ".join(f"{name} #{seq}" for name, seq in written.superseded),
            )

    @activity.defn(name="flag_attention")
    async def flag_attention(self, input: AttentionInput) -> None:
        """Mark the complaint as needing attention in the read model (or clear the mark),
        without touching anything else: used when its record cannot be written."""
        async with UnitOfWork(self._sessionmaker) as uow:
            await rows.mark_attention(uow.session, input.reference, input.reason)
            await uow.commit()

    @activity.defn(name="calendar_snapshot")
    async def calendar_snapshot(self, input: CalendarRequest) -> CalendarSnapshot:
        """England and Wales non-working days over the range (R-TIME-1), for the workflow.

        Bank holidays, then the configured closures, then the shipped overrides.
        """
        try:
            return build_snapshot(
                input.covers_from,
                input.covers_to,
                closures=self._closures,
                overrides=default_overrides(),
            )
        except ValueError as error:
            raise refuse(str(error), "CalendarRefused") from None

    @activity.defn(name="undelivered_letters")
    async def undelivered_letters(self, input: UndeliveredLettersInput) -> UndeliveredLetters:
        """R-EDIT-1: the letters of ``input.seqs`` the resident never received, as recorded,
        for a correction to send again; a letter that went, or is still going, is left out."""
        async with self._sessionmaker() as session:
            found = await undelivered_letters(session, input.reference, input.seqs)
        return UndeliveredLetters(letters=found)

    @activity.defn(name="allocate_reference")
    async def allocate_reference(self, input: AllocateReferenceInput) -> str:
        """A new reference for a complaint, compliment or comment (R-INT-1).

        With a key (the complaint and event asking), a retry after a lost reply returns
        the same reference; without one, a retry takes the next number, leaving a gap in
        the sequence but never a duplicate.
        """
        async with UnitOfWork(self._sessionmaker) as uow:
            try:
                if input.key:
                    reference = await reference_for_key(
                        uow.session, input.key, input.kind, input.year
                    )
                else:
                    reference = await next_reference(uow.session, input.kind, input.year)
            except ValueError as error:
                raise refuse(str(error), "ReferenceRefused") from None
            await uow.commit()
        return reference
