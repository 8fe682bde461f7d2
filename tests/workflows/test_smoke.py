from models.messages import AcceptInput, AcknowledgeInput, AssignHandlerInput
from tests.workflows.conftest import HANDLER


async def test_smoke(complaints):
    await complaints.start_of_working_day()
    handle = await complaints.log()
    r = await complaints.act(handle, "assign_handler", AssignHandlerInput(handler=HANDLER))
    r = await complaints.act(handle, "accept", AcceptInput(by="officer"))
    r = await complaints.act(handle, "acknowledge", AcknowledgeInput(by="h.khan", definition="Boiler broken", outcomes_sought="Fix it", issues=["Boiler repair delay"]))
    print(r)
    state = await complaints.state(handle)
    print(state.deadlines)
    print([e.summary for e in await complaints.events(handle.id)])
    assert r.status == "open"
