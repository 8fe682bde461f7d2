"""The quarterly pack's one activity (R-GOV-4): read the quarter's figures, aggregated in
PostgreSQL (``reports.pack.stored_mrc_pack``), render the pack as a PDF and email it to the
Member Responsible for Complaints and governance.

Idempotent as mail goes: each recipient's message has a Message-ID made of the quarter,
so a retry after a message was accepted repeats the same message, which mail systems
can tell is one."""

from __future__ import annotations

from temporalio import activity

from delivery.mail import Mailer, build_message, checked_address, domain_of, html_to_text
from models.mrc_pack import MrcPackResult, SendMrcPackInput
from reports import publish
from reports.pack import stored_mrc_pack
from rules.calendar import local_date
from settings import Settings
from store.db import Sessionmaker


class MrcPackActivities:
    def __init__(self, sessionmaker: Sessionmaker, settings: Settings) -> None:
        self.sessionmaker = sessionmaker
        self.settings = settings
        self.mailer = Mailer(settings)

    @activity.defn(name="send_mrc_pack")
    async def send_mrc_pack(self, inp: SendMrcPackInput) -> MrcPackResult:
        s = self.settings
        today = local_date(inp.now)
        async with self.sessionmaker() as session:
            pack = await stored_mrc_pack(session, today, homes=s.homes, mrc_name=s.mrc_name)
        html = publish.pack_html(pack)
        attachment = (
            f"complaints-pack-{pack.quarter.replace(' ', '-')}.pdf",
            publish.pack_pdf(pack),
        )
        recipients = [checked_address(s.governance_email, "governance")]
        if s.mrc_email:
            recipients.insert(0, checked_address(s.mrc_email, "the Member Responsible"))
        for number, to in enumerate(recipients):
            msgid = f"<mrc-pack.{pack.quarter.replace(' ', '-')}.{number}@{domain_of(s.mail_from)}>"
            await self.mailer.send(
                build_message(
                    sender=self.mailer.sender,
                    to=to,
                    subject=f"Complaints: the quarterly pack for {pack.quarter}",
                    msgid=msgid,
                    text=html_to_text(html),
                    html=html,
                    attachment=attachment,
                )
            )
        activity.logger.info("MRC pack for %s sent to %s", pack.quarter, ", ".join(recipients))
        return MrcPackResult(quarter=pack.quarter, sent_to=recipients)
