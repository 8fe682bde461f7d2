"""Section 13 of the rules: what the resident does from their own view (R-RES-1).

The resident agrees or refuses a later date (`extensions.record_agreement`) and asks for
Stage 2 (`escalation.request_escalation`) through the staff actions themselves, with the
same checks; sent from the resident's own view (`by` is `ONLINE`), each also tells whoever
owns the complaint. Sending more information and answering the satisfaction survey are
the resident's own actions, here, which staff may also record for a resident who wrote or
phoned.
"""

from models.aftercare import SurveyAnswer
from models.complaint import ComplaintState
from models.effects import Effect, Event, Notify
from models.enums import Stage, Status
from models.messages import AnswerSurveyInput, SendInformationInput
from rules.calendar import format_due
from rules.handling.common import STAGE_WORDS, Ctx, Refused, describe, require_text

# Who acted, for an action the resident took from their own view (the record's actor).
ONLINE = "resident online"
FROM_RESIDENT = ("resident", ONLINE)

SATISFACTION = {
    1: "very dissatisfied",
    2: "fairly dissatisfied",
    3: "neither satisfied nor dissatisfied",
    4: "fairly satisfied",
    5: "very satisfied",
}


def owner_id(state: ComplaintState) -> str | None:
    """Who is told: the reviewer once the complaint reached Stage 2, else the handler (None:
    the complaints team)."""
    if state.stage != Stage.STAGE_1 and state.reviewer is not None:
        return state.reviewer.id
    return state.handler.id if state.handler else None


def told(state: ComplaintState, by: str, what: str) -> list[Effect]:
    """A notice to the complaint's owner that the resident did `what` from their own view.
    Only for `ONLINE`: a member of staff who recorded it already knows, and the records of
    complaints before the resident's view had no notice to replay."""
    return _notice(state, what) if by == ONLINE else []


def _notice(state: ComplaintState, what: str) -> list[Effect]:
    return [
        Notify(
            staff_id=owner_id(state),
            subject=f"{state.reference}: the resident {what}",
            body=f"The resident {what} on complaint {state.reference}. Its page has the details.",
        )
    ]


def _held(state: ComplaintState, doing: str) -> None:
    if state.intake.kind != "complaint" or state.status in (Status.RECORDED, Status.COMPLETED):
        raise Refused(f"Cannot {doing}: {state.reference} is {describe(state)}.")


def check_send_information(state: ComplaintState, inp: SendInformationInput, ctx: Ctx) -> None:
    """R-RES-1: more information is taken while the complaint is held."""
    _held(state, "send more information")
    require_text(inp.information, "the information you are sending")


def send_information(state: ComplaintState, inp: SendInformationInput, ctx: Ctx) -> list[Effect]:
    check_send_information(state, inp, ctx)
    documents = [line.strip() for line in inp.documents.splitlines() if line.strip()]
    count = f" with {len(documents)} document{'s' if len(documents) != 1 else ''}"
    return [
        Event(
            kind="information_received",
            summary=f"The resident sent more information{count if documents else ''}",
            actor=inp.by,
            data={"information": inp.information.strip(), "documents": documents},
        ),
        *(
            _notice(state, f"sent more information{count if documents else ''}")
            if inp.by in FROM_RESIDENT
            else []
        ),
    ]


def check_answer_survey(state: ComplaintState, inp: AnswerSurveyInput, ctx: Ctx) -> None:
    """R-SAT-1: the survey is answered once a stage's response has been sent (or the survey
    has gone out), once for each stage."""
    _held(state, "answer the satisfaction survey")
    if state.status != Status.CLOSED and state.survey_sent_on is None:
        raise Refused(
            "The satisfaction survey is answered once the complaint has had its response: "
            f"{state.reference} is {describe(state)}."
        )
    answered = next((a for a in state.survey_answers if a.stage == state.stage), None)
    if answered is not None:
        raise Refused(
            f"The survey for the {STAGE_WORDS[state.stage]} response was answered on "
            f"{format_due(answered.answered_on)}."
        )
    if inp.satisfaction not in SATISFACTION:
        raise Refused("Choose how satisfied the resident is, from 1 to 5.")


def answer_survey(state: ComplaintState, inp: AnswerSurveyInput, ctx: Ctx) -> list[Effect]:
    check_answer_survey(state, inp, ctx)
    answer = SurveyAnswer(
        stage=state.stage,
        answered_on=ctx.today,
        satisfaction=inp.satisfaction,
        comments=inp.comments.strip(),
    )
    state.survey_answers.append(answer)
    effects: list[Effect] = [
        Event(
            kind="survey_answered",
            summary=f"Satisfaction survey answered: {SATISFACTION[inp.satisfaction]}",
            actor=inp.by,
            data=answer.model_dump(mode="json"),
        )
    ]
    if inp.by in FROM_RESIDENT:
        effects += _notice(state, "answered the satisfaction survey")
    return effects
