"""Sending what the complaint has recorded: each letter and staff notice is delivered by an
activity of its own, started without waiting (R-COM-1, R-S1-2), so a slow or unreachable
mail server never holds up the complaint. The workflow waits for them all
(`_deliveries_done`) before it continues as new or ends.

Deliveries start only after their records are written, and only in workflows past
`DELIVERY_PATCH` (histories from before it have none).
"""

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.delivery import DeliveryActivities
    from models.complaint import ComplaintState
    from models.effects import DeliverInput, DeliveryReport, RecordEffectsInput, SendLetterInput
    from workflows.options import (
        DELIVERY_HEARTBEAT,
        DELIVERY_PATCH,
        DELIVERY_RETRY,
        DELIVERY_TIMEOUT,
    )

# deliver_letter or deliver_notice, called by reference so that mypy and a reader follow it.
Delivery = Callable[[DeliveryActivities, DeliverInput], Awaitable[DeliveryReport]]


class DeliveryStarter:
    """Starts the deliveries of a complaint's written records; see `RecordWriter._flush`."""

    state: ComplaintState
    _deliveries: list[asyncio.Future[Any]]

    def _deliver(self, records: RecordEffectsInput) -> None:
        """Send each recorded letter and staff notice (R-COM-1, R-S1-2), without waiting:
        a slow or unreachable mail server must not hold up the complaint. Each delivery is
        idempotent (keyed by reference and sequence number), and the workflow waits for
        them all before it continues as new or ends."""
        if not (records.letters or records.notices) or not workflow.patched(DELIVERY_PATCH):
            return
        for letter in records.letters:
            self._start_delivery(
                DeliveryActivities.deliver_letter, letter.seq, self._letter_label(letter)
            )
        for notice in records.notices:
            who = "the manager of " if notice.to_manager_of else ""
            label = f"Email {who}{notice.staff_id or 'the complaints team'}: {notice.subject}"
            self._start_delivery(DeliveryActivities.deliver_notice, notice.seq, label)

    def _letter_label(self, letter: SendLetterInput) -> str:
        how = "by post" if letter.channel == "post" else "by email"
        kind = letter.letter.replace("_", " ")
        large = ", large print" if letter.large_print else ""
        return f"Send the {kind} letter {how}{large}"

    def _start_delivery(self, activity: Delivery, seq: int, label: str) -> None:
        handle = workflow.start_activity_method(
            activity,
            DeliverInput(reference=self.state.reference, seq=seq),
            start_to_close_timeout=DELIVERY_TIMEOUT,
            heartbeat_timeout=DELIVERY_HEARTBEAT,
            retry_policy=DELIVERY_RETRY,
            summary=label[:200],
        )
        self._deliveries.append(handle)

    async def _deliveries_done(self) -> None:
        """Wait for every delivery started so far; a failed one is in the record already."""
        pending, self._deliveries = self._deliveries, []
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
