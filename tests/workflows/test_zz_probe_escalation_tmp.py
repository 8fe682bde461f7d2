import time
from datetime import timedelta
from models.complaint import OutstandingAction
from models.enums import Determination
from models.messages import RecordDeterminationInput
from tests.workflows.test_after_process import closed_finally, record_case, tidy_complaints  # noqa


async def test_probe(complaints):
    handle = await closed_finally(complaints)
    closed_on = await complaints.today()
    await record_case(complaints, handle)
    due = complaints.cal(closed_on).add_working_days(closed_on, 10)
    await complaints.act(handle, "record_determination", RecordDeterminationInput(case_id=1, determination=Determination.SERVICE_FAILURE.value, orders=[OutstandingAction(what="Apologise in writing", due=due)]))
    for i in range(13):
        t = time.monotonic()
        await complaints.advance(timedelta(days=30))
        print(i, await complaints.today(), round(time.monotonic() - t, 2), len(await complaints.letters(handle.id)), len(await complaints.events(handle.id)), flush=True)
