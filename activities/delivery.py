"""Delivery activities: send a recorded letter or staff notice (see ``delivery.send``).

Each is idempotent per recipient (the ``deliveries`` table), heartbeats while it works so
a delivery whose worker died is retried within seconds, and never fails the complaint for
bad contact details or a letter that cannot be written: those are recorded as
undeliverable, with the reason, for the team to act on.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from functools import partial

from temporalio import activity

from delivery.documents import document_store
from delivery.mail import Mailer
from delivery.send import Deliverer
from delivery.survey import survey_url
from models.effects import DeliverInput, DeliveryReport
from settings import Settings
from store.db import Sessionmaker

# Fault injection for the exactly-once test: pause this long after the mail server accepted
# a message and it was marked sent, before the activity completes (so the test can kill the
# worker there). Unset in every real deployment.
PAUSE_AFTER_SEND_ENV = "REDRESS_FAULT_PAUSE_AFTER_SEND_SECONDS"


class DeliveryActivities:
    """Built once per worker. With ``settings.render_processes`` above 0, letters' PDFs are
    rendered in a pool of that many processes (started on first use), so the worker's own
    core stays free for workflows; call `close` when the worker stops."""

    def __init__(self, sessionmaker: Sessionmaker, settings: Settings) -> None:
        self._pool = (
            ProcessPoolExecutor(
                max_workers=settings.render_processes,
                mp_context=multiprocessing.get_context("spawn"),  # no fork under threads
                initializer=_exit_with_parent,
                initargs=(os.getpid(),),
            )
            if settings.render_processes > 0
            else None
        )
        self.deliverer = Deliverer(
            sessionmaker,
            mailer=Mailer(settings),
            documents=document_store(settings),
            print_queue=settings.print_queue_path,
            complaints_team=settings.complaints_team_email,
            heartbeat=_heartbeat,
            renderer=self._pool,
            survey_link=partial(survey_url, settings),
        )
        self._pause_after_send = float(os.environ.get(PAUSE_AFTER_SEND_ENV) or 0)

    @activity.defn(name="deliver_letter")
    async def deliver_letter(self, input: DeliverInput) -> DeliveryReport:
        """Send a recorded letter to each recipient by their channel (R-COM-1, R-WHO-2)."""
        report = await self.deliverer.deliver_letter(input.reference, input.seq)
        await self._maybe_pause()
        return report

    @activity.defn(name="deliver_notice")
    async def deliver_notice(self, input: DeliverInput) -> DeliveryReport:
        """Email a recorded reminder or missed-deadline notice to staff (R-S1-2)."""
        report = await self.deliverer.deliver_notice(input.reference, input.seq)
        await self._maybe_pause()
        return report

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    async def _maybe_pause(self) -> None:
        if self._pause_after_send > 0:
            activity.logger.warning("fault injection: pausing after send")
            await asyncio.sleep(self._pause_after_send)


def _heartbeat(*details: object) -> None:
    if activity.in_activity():
        activity.heartbeat(*details)


def _exit_with_parent(parent: int) -> None:
    """In a rendering process: end when the worker that started it is gone (killed, say),
    rather than live on as an orphan."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="exit-with-parent").start()
