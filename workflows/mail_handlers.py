"""Mail that joins a complaint by itself (R-CHAN-2): the mailbox reader signals a reply."""

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from models.effects import Effect, Event, Notify
    from models.mail import EmailReceived

from workflows.base import ComplaintBase


class MailHandlers(ComplaintBase):
    @workflow.signal
    def email_received(self, inp: EmailReceived) -> None:
        """A reply to one of our letters: on the timeline with its documents, and the
        handler told. The reader may signal again after a crash; a repeat is ignored."""
        seen: set[int] = self.__dict__.setdefault("_mail_seen", set())
        if inp.mail_id in seen:
            return
        seen.add(inp.mail_id)
        kept = f" with {', '.join(inp.documents)}" if inp.documents else ""
        owner = self.state.reviewer or self.state.handler
        effects: list[Effect] = [
            Event(
                kind="email_received",
                actor=inp.sender,
                summary=f"Email received: {inp.subject}"[:1000],
                data={
                    "received_at": inp.received_at.isoformat(),
                    "documents": inp.documents,
                    "refused": inp.refused,
                },
            ),
            Notify(
                staff_id=owner.id if owner else None,
                subject=f"{self.state.reference}: the resident has replied by email",
                body=f"An email from {inp.sender} joined {self.state.reference}{kept}: "
                f"{inp.subject}"[:1000],
            ),
        ]
        self._pending += effects
        self._changed = True
