from datetime import timedelta
import asyncio
from models.messages import AssignHandlerInput
from tests.workflows.conftest import HANDLER


async def test_debug(complaints):
    today = await complaints.start_of_working_day()
    cal = complaints.cal(today)
    first = cal.subtract_working_days(today, 3)
    handle = await complaints.log(first_contact_on=first)
    await complaints.act(handle, "assign_handler", AssignHandlerInput(handler=HANDLER))
    await handle.terminate(reason="x")
    print((await handle.describe()).status)
    try:
        await asyncio.wait_for(complaints.advance(timedelta(days=3)), 10)
    except BaseException as e:
        print("advance failed", repr(e))
    h = await handle.fetch_history()
    print("len", len(h.events))
    for e in h.events[-5:]:
        print(e.event_id, e.event_time.ToDatetime(), e.WhichOneof("attributes"))
