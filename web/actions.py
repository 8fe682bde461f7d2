"""Every action of the catalogue (`rules.catalogue`) as a form: its fields and how the
submitted values become the workflow update's input model (``models.messages``).

The catalogue says what the action is, which update it sends, the rules it serves and when
it is offered; this module adds only what a page needs. The same table serves the HTML
forms and the JSON API's routes. The workflow's validator decides whether the Code allows
the action; a form only shapes the input.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ValidationError

from letters.errors import letter_name
from models.casework import ADJUSTMENT_WORDS, CONTACT_WORDS, Adjustment
from models.closure import UndeliveredLetter
from models.complaint import ComplaintState
from models.enums import (
    EXCLUSION_WORDS,
    Determination,
    EscalationRefusal,
    Exclusion,
    Ombudsman,
    RepresentativeKind,
    ServiceArea,
)
from models.messages import (
    AcceptInput,
    AcknowledgeInput,
    AddIssueInput,
    AnswerEnquiryInput,
    ArrangePanelInput,
    AssignHandlerInput,
    AssignReviewerInput,
    CorrectContactInput,
    CorrectServiceInput,
    DecideEscalationInput,
    DeclineInput,
    ExtendInput,
    RecordAgreementInput,
    RecordConsentInput,
    RecordContactInput,
    RecordDeterminationInput,
    RecordEnquiryInput,
    RecordOmbudsmanCaseInput,
    RecordPanelMeetingInput,
    RecordProgressInput,
    RecordRestrictionInput,
    RecordVulnerabilityInput,
    ReopenInput,
    RequestAgreementInput,
    RequestClarificationInput,
    RequestEscalationInput,
    RequestStageThreeInput,
    ResolveEarlyInput,
    SubmitResponseInput,
    WithdrawInput,
)
from models.parties import ContactRestriction, Representative, StaffMember
from rules import catalogue
from rules.calendar import LONDON, format_due
from rules.catalogue import ActionEntry
from rules.handling.closure import HOW_WORDS
from rules.organisations import organisations
from rules.rule_clauses import code_reference
from web.forms import Choices, Field, FormErrors, Reader, validation_errors
from web.generic_form import generic_form
from web.hazard_report_form import FIELDS as HAZARD_FIELDS
from web.hazard_report_form import build_report_hazard
from web.response_form import build_response


@dataclass
class Context:
    """What a form needs besides the submitted values."""

    state: ComplaintState
    today: date
    by: str  # the signed-in user's staff id
    by_name: str = ""  # and their name, for what they record (R-NOTE-1)
    handlers: dict[str, StaffMember] = field(default_factory=dict)
    reviewers: dict[str, StaffMember] = field(default_factory=dict)
    # R-EDIT-1: the letters the resident never received, from the record
    undelivered: list[UndeliveredLetter] = field(default_factory=list)


Build = Callable[[Reader, Context], BaseModel]


@dataclass(frozen=True)
class Form:
    """What a page adds to a catalogue action."""

    button: str
    build: Build
    fields: tuple[Field, ...] = ()
    template: str = "action.html"


@dataclass(frozen=True)
class ActionForm:
    action: ActionEntry[Any]
    form: Form

    @property
    def update(self) -> str:
        """The workflow update, also the last part of the form's address."""
        return self.action.name

    @property
    def title(self) -> str:
        return self.action.title

    @property
    def rule(self) -> str:
        """The Code's clauses it serves, shown as a hint ("Code 5.1"): staff know the Code
        by its clause numbers, not by our rule ids."""
        return code_reference(self.action.rules)

    @property
    def model(self) -> type[BaseModel]:
        return self.action.model

    @property
    def button(self) -> str:
        return self.form.button

    @property
    def fields(self) -> tuple[Field, ...]:
        return self.form.fields

    @property
    def template(self) -> str:
        return self.form.template

    def offered(self, state: ComplaintState) -> bool:
        return self.action.offered(state)

    def input_from(self, form: object, context: Context) -> BaseModel:
        """The update's input from a submitted form; raises FormErrors."""
        reader = Reader(form)  # type: ignore[arg-type]
        try:
            built = self.form.build(reader, context)
        except ValidationError as error:
            reader.done()  # the fields' own errors say it better, when there are any
            raise validation_errors(error, {f.name: f.name for f in self.fields}) from None
        reader.done()
        return built.model_copy(update={"by": context.by})


def words(enum: type[StrEnum], labels: dict | None = None) -> Choices:
    return [(m.value, (labels or {}).get(m, m.value.replace("_", " ").capitalize())) for m in enum]


def _staff_choices(attribute: str) -> Callable[[Context], Choices]:
    def choices(context: Context) -> Choices:
        people = getattr(context, attribute)
        return [(staff_id, f"{person.name} ({staff_id})") for staff_id, person in people.items()]

    return choices


EXCLUSIONS = words(Exclusion, {e: w[:1].upper() + w[1:] for e, w in EXCLUSION_WORDS.items()})


# -- builders ---------------------------------------------------------------------------


def _assign_handler(r: Reader, c: Context) -> BaseModel:
    chosen = r.choice("handler", _staff_choices("handlers")(c), "the handler")
    reason = r.optional("reason")
    r.done()
    return AssignHandlerInput(handler=c.handlers[chosen or ""], reason=reason)


def _assign_reviewer(r: Reader, c: Context) -> BaseModel:
    chosen = r.choice("reviewer", _staff_choices("reviewers")(c), "the reviewer")
    r.done()
    return AssignReviewerInput(reviewer=c.reviewers[chosen or ""])


def _decline(r: Reader, c: Context) -> BaseModel:
    reason = r.choice("reason", EXCLUSIONS, "the exclusion that applies")
    detail = r.text("detail", "the detailed reason for the resident", required=True)
    r.done()
    return DeclineInput(reason=reason or "", detail=detail)


def _acknowledge(r: Reader, c: Context) -> BaseModel:
    definition = r.text("definition", "our understanding of the complaint", required=True)
    outcomes = r.text("outcomes_sought", "the outcomes the resident is seeking", required=True)
    issues = [line.strip() for line in r.text("issues").splitlines() if line.strip()]
    if not issues:
        r.errors["issues"] = "Enter at least one issue, one a line"
    r.done()
    return AcknowledgeInput(definition=definition, outcomes_sought=outcomes, issues=issues)


def _consent(r: Reader, c: Context) -> BaseModel:
    name = r.text("rep_name", "the representative's name", required=True)
    kind = r.choice("rep_kind", words(RepresentativeKind), "who the representative is")
    email = r.optional("rep_email")
    address = r.optional("rep_address")
    consent_on = r.date("consent_on", "the date consent was given") or c.today
    r.done()
    try:
        representative = Representative(name=name, kind=kind, email=email, address=address)
    except ValidationError as error:
        raise validation_errors(error, {"kind": "rep_kind", "email": "rep_email"}) from None
    return RecordConsentInput(representative=representative, consent_on=consent_on)


def _restriction(r: Reader, c: Context) -> BaseModel:
    reason = r.text("reason", "why contact is restricted", required=True)
    what = r.text("restriction", "what is restricted", required=True)
    review_on = r.date("review_on", "the review date", required=True)
    channel = r.choice("channel", CHANNEL_CHOICES, "how letters go meanwhile", required=False)
    r.done()
    assert review_on is not None
    return RecordRestrictionInput(
        restriction=ContactRestriction(
            reason=reason,
            restriction=what,
            review_on=review_on,
            channel=None if channel in (None, "any") else channel,
        )
    )


# R-COM-2: while a restriction lasts, letters may be limited to one channel.
CHANNEL_CHOICES = [
    ("any", "As the resident prefers"),
    ("post", "By post only"),
    ("email", "By email only"),
]


def _extend(r: Reader, c: Context) -> BaseModel:
    new_due = r.date("new_due", "the new response date", required=True)
    reason = r.text("reason", "why the response needs more time", required=True)
    r.done()
    assert new_due is not None
    return ExtendInput(new_due=new_due, reason=reason)


def _request_agreement(r: Reader, c: Context) -> BaseModel:
    proposed = r.date("proposed_due", "the date proposed to the resident", required=True)
    reason = r.text("reason", "why more time is needed", required=True)
    r.done()
    assert proposed is not None
    return RequestAgreementInput(proposed_due=proposed, reason=reason)


def _record_agreement(r: Reader, c: Context) -> BaseModel:
    answer = r.choice("agreed", [("yes", "Yes"), ("no", "No")], "whether the resident agreed")
    agreed_due = r.date("agreed_due", "the agreed date")
    note = r.text("note")
    r.done()
    return RecordAgreementInput(agreed=answer == "yes", agreed_due=agreed_due, note=note)


def _decide_escalation(r: Reader, c: Context) -> BaseModel:
    decision = r.choice("decision", [("accept", "Accept"), ("refuse", "Refuse")], "a decision")
    refusal = r.optional("refusal")
    exclusion = r.optional("exclusion")
    if decision == "refuse" and not refusal:
        r.errors["refusal"] = "Select the reason the escalation is refused"
    r.done()
    accept = decision == "accept"
    return DecideEscalationInput(
        accept=accept,
        refusal=None if accept else refusal,
        exclusion=None if accept else exclusion,
        explanation=r.text("explanation"),
        exceptional_reason=r.optional("exceptional_reason"),
        understanding=r.optional("understanding"),
        outcomes_sought=r.optional("outcomes_sought"),
    )


def _panel_member(r: Reader, name: str, label: str) -> StaffMember | None:
    staff_id = r.text(f"{name}_id", f"the {label}'s staff id", required=True)
    person = r.text(f"{name}_name", f"the {label}'s name", required=True)
    if not (staff_id and person):
        return None
    return StaffMember(id=staff_id, name=person, email=r.optional(f"{name}_email"))


def _arrange_panel(r: Reader, c: Context) -> BaseModel:
    members = {
        key: _panel_member(r, key, label)
        for key, label in (
            ("board_member", "board member"),
            ("executive", "executive"),
            ("head_of_service", "head of service"),
        )
    }
    meeting_on = r.date("meeting_on", "the meeting date", required=True)
    attending = r.checked("complainant_attending")
    r.done()
    return ArrangePanelInput(**members, meeting_on=meeting_on, complainant_attending=attending)  # type: ignore[arg-type]


def _progress(r: Reader, c: Context) -> BaseModel:
    open_items = [(i.id, i.what) for i in c.state.tracked.values() if i.completed_on is None]
    item = r.choice("item_id", open_items, "the action")
    note = r.text("note", "what progress was made", required=True)
    completed = r.checked("completed")
    r.done()
    return RecordProgressInput(item_id=item or "", note=note, completed=completed)


def _ombudsman_case(r: Reader, c: Context) -> BaseModel:
    ombudsman = r.choice("ombudsman", words(Ombudsman), "the ombudsman")
    case_reference = r.text("case_reference", "the ombudsman's case reference", required=True)
    referred_on = r.date("referred_on", "the date of referral") or c.today
    r.done()
    return RecordOmbudsmanCaseInput(
        ombudsman=ombudsman or "", case_reference=case_reference, referred_on=referred_on
    )


def _case_choices(c: Context) -> Choices:
    return [(str(case.id), f"{case.case_reference}") for case in c.state.ombudsman_cases]


def _enquiry(r: Reader, c: Context) -> BaseModel:
    case = r.choice("case_id", _case_choices(c), "the ombudsman case")
    due = r.date("due", "the date the answer is due", required=True)
    r.done()
    return RecordEnquiryInput(case_id=int(case or 0), due=due)  # type: ignore[arg-type]


def _enquiry_choices(c: Context) -> Choices:
    return [
        (f"{case.id}:{enquiry.id}", f"{case.case_reference}, enquiry {enquiry.id}")
        for case in c.state.ombudsman_cases
        for enquiry in case.enquiries
        if enquiry.answered_on is None
    ]


def _answer(r: Reader, c: Context) -> BaseModel:
    chosen = r.choice("enquiry", _enquiry_choices(c), "the enquiry")
    r.done()
    case_id, enquiry_id = (int(part) for part in (chosen or "0:0").split(":"))
    return AnswerEnquiryInput(case_id=case_id, enquiry_id=enquiry_id)


ORDER_ROWS = 3


def _determination(r: Reader, c: Context) -> BaseModel:
    case = r.choice("case_id", _case_choices(c), "the ombudsman case")
    determination = r.choice("determination", words(Determination), "the determination")
    orders = []
    for n in range(1, ORDER_ROWS + 1):
        what = r.text(f"order-{n}-what")
        due = r.date(f"order-{n}-due", f"the due date of order {n}")
        if what and due is None:
            r.errors[f"order-{n}-due"] = f"Enter the due date of order {n}"
        if what and due:
            orders.append({"what": what, "due": due})
    r.done()
    return RecordDeterminationInput(
        case_id=int(case or 0), determination=determination or "", orders=orders
    )  # type: ignore[arg-type]


# -- section 14: notes and contacts (R-NOTE-1), vulnerability (R-VUL-1) -------------------

CONTACT_CHOICES = [(kind.value, words) for kind, words in CONTACT_WORDS.items()]


def _moment(r: Reader, c: Context) -> datetime | None:
    """When a contact took place, from a date and a 24-hour time (London); None: now."""
    on = r.date("happened_on", "the date of the contact")
    clock = r.text("happened_time", "the time of the contact", limit=5)
    if on is None and not clock:
        return None
    at: time | None = None
    if clock:
        try:
            at = time.fromisoformat(clock.replace(".", ":").zfill(5))
        except ValueError:
            r.errors["happened_time"] = "Enter the time like 14:30"
    elif on is not None:
        r.errors["happened_time"] = "Enter the time of the contact, like 14:30"
    if at is None or "happened_on" in r.errors:
        return None
    return datetime.combine(on or c.today, at, tzinfo=LONDON)


def _contact(r: Reader, c: Context) -> BaseModel:
    kind = r.choice("kind", CONTACT_CHOICES, "what kind of note or contact it is")
    summary = r.text("summary", "a summary of the note or contact", required=True)
    happened_at = _moment(r, c)
    corrects = r.text("corrects", limit=10)
    if corrects and not corrects.isdigit():
        r.errors["corrects"] = "Enter the number of the note it corrects, like 2"
    r.done()
    return RecordContactInput(
        kind=kind or "",
        summary=summary,
        happened_at=happened_at,
        corrects=int(corrects) if corrects else None,
        author=c.by_name,
    )


def _vulnerability(r: Reader, c: Context) -> BaseModel:
    circumstances = r.text("circumstances", "the resident's circumstances", required=True)
    adjustments = [a.value for a in Adjustment if r.checked(f"adjustment-{a.value}")]
    named = r.optional("named_contact")
    if Adjustment.ADVOCATE.value in adjustments and not named:
        r.errors["named_contact"] = "Enter the name of the advocate or contact"
    review_on = r.date("review_on", "the review date", required=True)
    other = r.text("other_adjustments")
    r.done()
    assert review_on is not None
    return RecordVulnerabilityInput(
        circumstances=circumstances,
        adjustments=adjustments,
        other_adjustments=other,
        named_contact=named,
        review_on=review_on,
        author=c.by_name,
    )


# R-WDR-1: how the resident told us they withdraw.
WITHDRAW_HOW = [(how.value, words[:1].upper() + words[1:]) for how, words in HOW_WORDS.items()]


def _withdraw(r: Reader, c: Context) -> BaseModel:
    how = r.choice("how", WITHDRAW_HOW, "how the resident told us")
    withdrawn_on = r.date("withdrawn_on", "the day the resident withdrew", required=True)
    reason = r.text("reason")
    r.done()
    assert withdrawn_on is not None
    return WithdrawInput(how=how or "", withdrawn_on=withdrawn_on, reason=reason)


def _undelivered_choices(c: Context) -> Choices:
    """R-EDIT-1: the letters that could not be delivered and have not been sent again."""
    return [
        (
            str(letter.seq),
            f"Letter {letter.seq}, the {letter_name(letter.letter)} letter of "
            f"{format_due(letter.recorded_on)}: {letter.problem}",
        )
        for letter in c.undelivered
        if letter.seq not in c.state.resent
    ]


def _correct_contact(r: Reader, c: Context) -> BaseModel:
    details = {name: r.optional(name) for name in ("name", "email", "phone", "address", "postcode")}
    reason = r.text("reason", "the reason for the correction", required=True)
    offered = {key for key, _ in _undelivered_choices(c)}
    getlist = getattr(r.form, "getlist", None)  # a form sends each ticked box apart
    sent: Any = getlist("resend") if getlist else r.form.get("resend") or []
    chosen = [str(seq) for seq in ([sent] if isinstance(sent, str | int) else sent)]
    if any(seq not in offered for seq in chosen):
        r.errors["resend"] = "Select letters to send again from the list"
    r.done()
    resend = sorted(int(seq) for seq in chosen)
    return CorrectContactInput(**details, reason=reason, resend=resend)  # type: ignore[arg-type]


def _organisation_choices(c: Context) -> Choices:
    return [(o.id, o.name) for o in organisations().values()]


def _correct_service(r: Reader, c: Context) -> BaseModel:
    service = r.choice("service_area", words(ServiceArea), "the service area")
    organisation = r.choice("organisation", _organisation_choices(c), "the organisation")
    reason = r.text("reason", "the reason for the correction", required=True)
    r.done()
    return CorrectServiceInput(service_area=service, organisation=organisation, reason=reason)


def _simple(model: type[BaseModel], **fields: tuple[str, str]) -> Build:
    """A model whose fields are all required text: name -> (form field, label)."""

    def build(r: Reader, c: Context) -> BaseModel:
        values = {key: r.text(name, label, required=True) for key, (name, label) in fields.items()}
        r.done()
        return model(**values)

    return build


# -- the table ---------------------------------------------------------------------------

TEXTAREA = "textarea"

# What the catalogue's actions look like as forms: the button, how the submitted values
# become the update's input, and the fields. An action without an entry here gets a form
# made from its input model (`generic_form`).
FORMS: dict[ActionEntry[Any], Form] = {
    catalogue.ASSIGN_HANDLER: Form(
        "Assign handler",
        _assign_handler,
        (
            Field("handler", "Handler", "select", True, choices=_staff_choices("handlers")),
            Field(
                "reason",
                "Reason for reassigning (if it had a handler)",
                TEXTAREA,
                hint="Kept with the complaint; the resident is told who now deals with it.",
            ),
        ),
    ),
    catalogue.ACCEPT: Form(
        "Accept complaint",
        lambda r, c: AcceptInput(late_discretion_reason=r.optional("late_discretion_reason")),
        (
            Field(
                "late_discretion_reason",
                "Reason for accepting a late complaint (if it is late)",
                TEXTAREA,
                hint="For example safeguarding or illness. Leave blank if it is not late.",
            ),
        ),
    ),
    catalogue.DECLINE: Form(
        "Decline complaint",
        _decline,
        (
            Field("reason", "Exclusion that applies", "radios", True, choices=EXCLUSIONS),
            Field(
                "detail",
                "Detailed reason for the resident",
                TEXTAREA,
                True,
                hint="This goes in the letter, with the right to go to the ombudsman.",
            ),
        ),
    ),
    catalogue.RESOLVE_EARLY: Form(
        "Record early resolution",
        lambda r, c: ResolveEarlyInput(
            what_was_done=r.text("what_was_done", "what was done", required=True),
            resident_agreed=r.checked("resident_agreed"),
        ),
        (
            Field("what_was_done", "What was done at first contact", TEXTAREA, True),
            Field("resident_agreed", "The resident agreed it is resolved", "checkbox"),
        ),
    ),
    catalogue.REOPEN: Form(
        "Reopen as Stage 1",
        _simple(ReopenInput, reason=("reason", "why it becomes a formal complaint")),
        (Field("reason", "Why it becomes a formal complaint", TEXTAREA, True),),
    ),
    catalogue.REQUEST_CLARIFICATION: Form(
        "Send clarification request",
        _simple(RequestClarificationInput, questions=("questions", "what needs clarifying")),
        (Field("questions", "What needs clarifying", TEXTAREA, True),),
    ),
    catalogue.ACKNOWLEDGE: Form(
        "Acknowledge complaint",
        _acknowledge,
        (
            Field(
                "definition",
                "Our understanding of the complaint",
                TEXTAREA,
                True,
                default=lambda c: c.state.intake.description,
            ),
            Field(
                "outcomes_sought",
                "Outcomes the resident is seeking",
                TEXTAREA,
                True,
                default=lambda c: c.state.intake.outcomes_sought,
            ),
            Field("issues", "Issues", TEXTAREA, True, hint="One issue a line."),
        ),
    ),
    catalogue.RECORD_CONSENT: Form(
        "Record consent",
        _consent,
        (
            Field("rep_name", "Representative's name", required=True),
            Field(
                "rep_kind",
                "Who the representative is",
                "select",
                True,
                choices=words(RepresentativeKind),
            ),
            Field("rep_email", "Representative's email address", "email"),
            Field("rep_address", "Representative's postal address", TEXTAREA),
            Field(
                "consent_on",
                "Date the resident gave consent",
                "date",
                hint="Leave blank for today.",
            ),
        ),
    ),
    catalogue.RECORD_RESTRICTION: Form(
        "Record restriction",
        _restriction,
        (
            Field("reason", "Why contact is restricted", TEXTAREA, True),
            Field(
                "restriction",
                "What is restricted",
                required=True,
                hint="For example, contact by email only.",
            ),
            Field("review_on", "Date to review it", "date", True),
            Field(
                "channel",
                "How letters go while it lasts",
                "radios",
                choices=CHANNEL_CHOICES,
                hint="Letters still go: a restriction never stops the complaint being handled.",
            ),
        ),
    ),
    catalogue.RECORD_CONTACT: Form(
        "Record note",
        _contact,
        (
            Field("kind", "What is it?", "radios", True, choices=CONTACT_CHOICES),
            Field(
                "summary",
                "Summary",
                TEXTAREA,
                True,
                hint="Who was spoken to and what was said or agreed. A note cannot be changed "
                "once recorded: to correct one, record a new note.",
            ),
            Field("happened_on", "Date of the contact", "date", hint="Leave blank for now."),
            Field("happened_time", "Time of the contact", hint="24-hour clock, like 14:30."),
            Field(
                "corrects",
                "It corrects note number",
                hint="Only for a correction: the number shown with the note on the timeline.",
            ),
        ),
    ),
    catalogue.RECORD_VULNERABILITY: Form(
        "Record vulnerability",
        _vulnerability,
        (
            Field(
                "circumstances",
                "The resident's circumstances",
                TEXTAREA,
                True,
                hint="Special category data: shown only to staff who work this complaint, "
                "managers and governance.",
            ),
        )
        + tuple(
            Field(f"adjustment-{a.value}", words, "checkbox")
            for a, words in ADJUSTMENT_WORDS.items()
        )
        + (
            Field("named_contact", "Name of the advocate or contact", hint="If there is one."),
            Field("other_adjustments", "Other adjustments agreed", TEXTAREA),
            Field("review_on", "Date to review them", "date", True),
        ),
    ),
    catalogue.REPORT_HAZARD: Form("Report hazard", build_report_hazard, HAZARD_FIELDS),
    catalogue.EXTEND: Form(
        "Extend response date",
        _extend,
        (
            Field(
                "new_due",
                "New response date",
                "date",
                True,
                hint="A working day, for example 27 3 2027.",
            ),
            Field(
                "reason",
                "Why the response needs more time",
                TEXTAREA,
                True,
                hint="The resident is told this reason.",
            ),
        ),
    ),
    catalogue.REQUEST_AGREEMENT: Form(
        "Ask for agreement",
        _request_agreement,
        (
            Field("proposed_due", "Date proposed", "date", True),
            Field("reason", "Why more time is needed", TEXTAREA, True),
        ),
    ),
    catalogue.RECORD_AGREEMENT: Form(
        "Record answer",
        _record_agreement,
        (
            Field(
                "agreed",
                "Did the resident agree?",
                "radios",
                True,
                choices=[("yes", "Yes"), ("no", "No")],
            ),
            Field("agreed_due", "Agreed date", "date", hint="Leave blank for the date proposed."),
            Field("note", "Note", TEXTAREA),
        ),
    ),
    catalogue.ADD_ISSUE: Form(
        "Add issue",
        lambda r, c: AddIssueInput(
            summary=r.text("summary", "the issue", required=True),
            as_new_complaint=r.checked("as_new_complaint"),
        ),
        (
            Field("summary", "The additional issue", TEXTAREA, True),
            Field(
                "as_new_complaint",
                "Log it as a new, linked complaint",
                "checkbox",
                hint="When adding it would unreasonably delay the response.",
            ),
        ),
    ),
    catalogue.SUBMIT_RESPONSE: Form(
        "Send response",
        lambda r, c: SubmitResponseInput(response=build_response(r, c.state)),
        template="respond.html",
    ),
    catalogue.REQUEST_ESCALATION: Form(
        "Record escalation request",
        lambda r, c: RequestEscalationInput(reasons=r.text("reasons")),
        (Field("reasons", "The resident's reasons", TEXTAREA),),
    ),
    catalogue.ASSIGN_REVIEWER: Form(
        "Assign reviewer",
        _assign_reviewer,
        (
            Field(
                "reviewer",
                "Reviewer",
                "select",
                True,
                hint="Never someone who handled the complaint at Stage 1.",
                choices=_staff_choices("reviewers"),
            ),
        ),
    ),
    catalogue.DECIDE_ESCALATION: Form(
        "Record decision",
        _decide_escalation,
        (
            Field(
                "decision",
                "Decision",
                "radios",
                True,
                choices=[("accept", "Accept at Stage 2"), ("refuse", "Refuse")],
            ),
            Field(
                "understanding",
                "What is outstanding, agreed with the resident",
                TEXTAREA,
                hint="When accepting.",
            ),
            Field(
                "outcomes_sought",
                "Outcomes the resident is seeking",
                TEXTAREA,
                hint="When accepting.",
            ),
            Field(
                "exceptional_reason",
                "Exceptional reason",
                TEXTAREA,
                hint="When accepting after the escalation window.",
            ),
            Field("refusal", "Reason for refusing", "select", choices=words(EscalationRefusal)),
            Field(
                "exclusion",
                "Exclusion that applies",
                "select",
                choices=EXCLUSIONS,
                hint="When refusing for an exclusion.",
            ),
            Field("explanation", "Explanation for the resident", TEXTAREA, hint="When refusing."),
        ),
        template="decide_escalation.html",  # shows the resident's reasons above the form
    ),
    catalogue.REQUEST_STAGE_THREE: Form(
        "Record Stage 3 request",
        lambda r, c: RequestStageThreeInput(reasons=r.text("reasons")),
        (Field("reasons", "The resident's reasons", TEXTAREA),),
    ),
    catalogue.ARRANGE_PANEL: Form(
        "Arrange panel",
        _arrange_panel,
        tuple(
            item
            for key, label in (
                ("board_member", "Board member"),
                ("executive", "Executive"),
                ("head_of_service", "Head of service"),
            )
            for item in (
                Field(f"{key}_id", f"{label}: staff id", required=True),
                Field(f"{key}_name", f"{label}: name", required=True),
                Field(f"{key}_email", f"{label}: email address", "email"),
            )
        )
        + (
            Field("meeting_on", "Meeting date", "date", True),
            Field("complainant_attending", "The complainant will attend", "checkbox"),
        ),
    ),
    catalogue.RECORD_PANEL_MEETING: Form(
        "Record meeting",
        lambda r, c: RecordPanelMeetingInput(
            held_on=r.date("held_on", "the meeting date") or c.today
        ),
        (Field("held_on", "Date the panel met", "date", hint="Leave blank for today."),),
    ),
    catalogue.RECORD_PROGRESS: Form(
        "Record progress",
        _progress,
        (
            Field(
                "item_id",
                "Action",
                "select",
                True,
                choices=lambda c: [
                    (i.id, f"{i.what} (due {i.due:%d %b %Y})")
                    for i in c.state.tracked.values()
                    if i.completed_on is None
                ],
            ),
            Field("note", "Progress", TEXTAREA, True),
            Field("completed", "The action is complete", "checkbox"),
        ),
    ),
    catalogue.RECORD_OMBUDSMAN_CASE: Form(
        "Record case",
        _ombudsman_case,
        (
            Field("ombudsman", "Ombudsman", "radios", True, choices=words(Ombudsman)),
            Field("case_reference", "Ombudsman's case reference", required=True),
            Field("referred_on", "Date referred", "date", hint="Leave blank for today."),
        ),
    ),
    catalogue.RECORD_ENQUIRY: Form(
        "Record enquiry",
        _enquiry,
        (
            Field("case_id", "Ombudsman case", "select", True, choices=_case_choices),
            Field("due", "Answer due", "date", True),
        ),
    ),
    catalogue.ANSWER_ENQUIRY: Form(
        "Record answer",
        _answer,
        (Field("enquiry", "Enquiry", "select", True, choices=_enquiry_choices),),
    ),
    catalogue.RECORD_DETERMINATION: Form(
        "Record determination",
        _determination,
        (
            Field("case_id", "Ombudsman case", "select", True, choices=_case_choices),
            Field("determination", "Determination", "radios", True, choices=words(Determination)),
        )
        + tuple(
            item
            for n in range(1, ORDER_ROWS + 1)
            for item in (
                Field(f"order-{n}-what", f"Order {n}: what", hint="Leave blank if none."),
                Field(f"order-{n}-due", f"Order {n}: due", "date"),
            )
        ),
    ),
    catalogue.WITHDRAW: Form(
        "Record withdrawal",
        _withdraw,
        (
            Field("how", "How the resident told us", "radios", True, choices=WITHDRAW_HOW),
            Field("withdrawn_on", "The day the resident withdrew", "date", True),
            Field(
                "reason",
                "The resident's reason, if they gave one",
                TEXTAREA,
                hint="The deadlines stop and the resident is sent a letter confirming it.",
            ),
        ),
    ),
    catalogue.CORRECT_CONTACT: Form(
        "Correct contact details",
        _correct_contact,
        (
            Field("name", "Name"),
            Field("email", "Email", "email"),
            Field("phone", "Phone"),
            Field("address", "Address", TEXTAREA),
            Field("postcode", "Postcode"),
            Field("reason", "Reason for the correction", TEXTAREA, True),
            Field(
                "resend",
                "Letters that could not be delivered",
                "checkboxes",
                hint="Those you tick are sent again to the corrected details.",
                choices=_undelivered_choices,
            ),
        ),
    ),
    catalogue.CORRECT_SERVICE: Form(
        "Correct service",
        _correct_service,
        (
            Field(
                "service_area",
                "Service area",
                "select",
                True,
                choices=words(ServiceArea),
                default=lambda c: c.state.intake.service_area.value,
            ),
            Field(
                "organisation",
                "Organisation",
                "select",
                True,
                choices=_organisation_choices,
                default=lambda c: c.state.intake.organisation,
            ),
            Field("reason", "Reason for the correction", TEXTAREA, True),
        ),
    ),
}

ACTIONS: tuple[ActionForm, ...] = tuple(
    ActionForm(action, FORMS.get(action) or Form(action.title, *generic_form(action.model)))
    for action in catalogue.ACTIONS
)
BY_UPDATE = {action.update: action for action in ACTIONS}

__all__ = ["ACTIONS", "BY_UPDATE", "ActionForm", "Context", "Form", "FormErrors"]
