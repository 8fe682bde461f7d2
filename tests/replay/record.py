"""Record the replay scenario's history into tests/replay/histories/.

Usage: python -m tests.replay.record [name]   (default name: complaint-v2)

A name with "tracker" in it records the tracker scenario's TrackerWorkflow history instead
(tracker-v1: the tracker writing through one runner, workflow.patched
"tracker-one-effect-runner"). A name with "hazard" in it records the hazard scenario's
HazardWorkflow history (hazard-v1: reported, triaged significant, found, summary sent,
safety works done, further works begun and complete).

complaint-v1 was recorded before letters were delivered by activities of their own;
complaint-v2 has them (workflow.patched "deliver-letters-and-notices").
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from temporalio.testing import WorkflowEnvironment

from activities import ComplaintActivities
from clients import encrypted_converter
from devstack.migrations import run_migrations
from devstack.postgres import EmbeddedPostgres
from settings import Settings
from store.db import make_engine, make_sessionmaker
from tests.conftest import temporal_test_server_path
from tests.harness import Complaints, register_search_attributes
from tests.mail import LocalMailSink
from tests.replay.hazard_scenario import run_hazard_scenario
from tests.replay.keys import RECORDING_KEY
from tests.replay.scenario import run_scenario
from tests.replay.tracker_scenario import run_tracker_scenario
from worker import build_worker


async def record(name: str) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        server = EmbeddedPostgres(Path(tmp) / "pgdata", database="redress")
        url = server.start()
        try:
            run_migrations(url)
            env = await WorkflowEnvironment.start_time_skipping(
                test_server_existing_path=str(temporal_test_server_path()),
                # Encrypted as in production, with the replay tests' own key, so the
                # history checked in replays with it.
                data_converter=encrypted_converter([RECORDING_KEY]),
            )
            async with env:
                await register_search_attributes(env)
                engine = make_engine(url)
                sessionmaker = make_sessionmaker(engine)
                mail = LocalMailSink(Path(tmp) / "mail")  # the letters the scenario sends
                mail.start()
                settings = Settings(
                    environment="test",
                    database_url=url,
                    data_dir=Path(tmp),
                    smtp_host=mail.host,
                    smtp_port=mail.port,
                )
                worker = build_worker(
                    env.client, ComplaintActivities(sessionmaker, settings), "replay"
                )
                try:
                    async with worker:
                        complaints = Complaints(env, "replay", sessionmaker, [0], settings, mail)
                        scenario = run_tracker_scenario if "tracker" in name else run_scenario
                        if "hazard" in name:
                            scenario = run_hazard_scenario
                        handle = await scenario(complaints)
                        history = await handle.fetch_history()
                finally:
                    mail.stop()
                await engine.dispose()
        finally:
            server.stop()
    path = Path(__file__).parent / "histories" / f"{name}.json"
    path.write_text(history.to_json())
    return path


if __name__ == "__main__":
    print(asyncio.run(record(sys.argv[1] if len(sys.argv) > 1 else "complaint-v2")))
