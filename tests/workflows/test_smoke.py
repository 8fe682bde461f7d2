from datetime import timedelta

from models.complaint import IssueDecision, OutstandingAction, Remedy, StageResponse
from models.messages import (AcceptInput, AcknowledgeInput, AssignHandlerInput, AssignReviewerInput,
                             DecideEscalationInput, RecordProgressInput, RequestEscalationInput,
                             SubmitResponseInput)
from tests.workflows.conftest import HANDLER, REVIEWER


async def test_smoke(complaints):
    day = await complaints.start_of_working_day()
    handle = await complaints.log()
    await complaints.act(handle, "assign_handler", AssignHandlerInput(handler=HANDLER))
    await complaints.act(handle, "accept", AcceptInput(by="officer"))
    await complaints.act(handle, "acknowledge", AcknowledgeInput(by="h.khan", definition="Boiler broken", outcomes_sought="Fix it", issues=["Boiler repair delay"]))
    await complaints.advance(timedelta(days=20))
    state = await complaints.state(handle)
    print(state.deadlines["stage_1_response"])
    print([ (n.staff_id, n.subject) for n in await complaints.notices(handle.id)])
    today = await complaints.today()
    resp = StageResponse(definition="Boiler broken", decisions=[IssueDecision(issue_id=1, decision="upheld", reasons="Repair took too long")],
                         reasons="Our repairs policy says 3 days", remedies=[Remedy(kind="apology", description="We apologise")],
                         actions=[OutstandingAction(what="Replace boiler", due=today + timedelta(days=30))], lesson="Order parts sooner")
    r = await complaints.act(handle, "submit_response", SubmitResponseInput(by="h.khan", response=resp))
    print(r)
    await complaints.advance(timedelta(days=16))
    r = await complaints.act(handle, "record_progress", RecordProgressInput(by="h.khan", item_id="1", note="Parts ordered"))
    await complaints.advance(timedelta(days=2))
    r = await complaints.act(handle, "request_escalation", RequestEscalationInput(reasons="Still cold"))
    r = await complaints.act(handle, "assign_reviewer", AssignReviewerInput(reviewer=REVIEWER))
    r = await complaints.act(handle, "decide_escalation", DecideEscalationInput(by="r.patel", accept=True, understanding="Boiler still broken", outcomes_sought="Fix"))
    print(r)
    await complaints.advance(timedelta(days=40))
    r = await complaints.act(handle, "record_progress", RecordProgressInput(by="h.khan", item_id="1", note="Fitted", completed=True))
    await complaints.advance(timedelta(days=1))
    state = await complaints.state(handle)
    print(state.status, state.tracked)
    for e in await complaints.events(handle.id):
        print(e.occurred_at, e.seq, e.summary)
    for l in await complaints.letters(handle.id):
        print(l.seq, l.letter)
    print([ (n.staff_id, n.subject, n.created_at) for n in await complaints.notices(handle.id)])
    desc = await handle.describe()
    print(desc.typed_search_attributes)
    assert r.status == "open"
