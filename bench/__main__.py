"""``python -m bench``: every benchmark in turn, printing its figures.

.venv/bin/python -m bench            # the recorded figures (a few minutes on 2 cores)
.venv/bin/python -m bench --quick    # small N, to see that everything runs
"""

from __future__ import annotations

import argparse
import asyncio
import platform
from datetime import UTC, datetime

import psutil

from bench import hazards, lifecycle, search, store, throughput, wave, web
from bench import mailbox as mail_bench
from bench import reports as report_bench

FULL = {
    "throughput": 200,
    "lifecycle_runs": 5,
    "wave": 1000,
    "hazards": 1000,
    "complaints": 100_000,
    "web_complaints": 10_000,
    "web_workflows": 40,
    "mailbox": 1000,
    "report_complaints": 1_000_000,
}
QUICK = {
    "throughput": 20,
    "lifecycle_runs": 3,
    "wave": 50,
    "hazards": 50,
    "complaints": 5_000,
    "web_complaints": 1_000,
    "web_workflows": 5,
    "mailbox": 100,
    "report_complaints": 20_000,
}


async def run_all(sizes: dict[str, int]) -> None:
    print(
        f"redress benchmarks, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
        f"{platform.machine()} {psutil.cpu_count()} cores, "
        f"{psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}\n",
        flush=True,
    )
    await throughput.main_async(sizes["throughput"])
    print(flush=True)
    await lifecycle.main_async(sizes["lifecycle_runs"])
    print(flush=True)
    await wave.main_async(sizes["wave"])
    print(flush=True)
    await hazards.main_async(sizes["hazards"])
    print(flush=True)
    await store.main_async(sizes["complaints"])
    print(flush=True)
    await search.main_async(sizes["complaints"])
    print(flush=True)
    await web.main_async(sizes["web_complaints"], sizes["web_workflows"])
    print(flush=True)
    await mail_bench.main_async(sizes["mailbox"])
    print(flush=True)
    await report_bench.main_async(sizes["report_complaints"])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small N: a smoke run")
    args = parser.parse_args(argv)
    asyncio.run(run_all(QUICK if args.quick else FULL))


if __name__ == "__main__":
    main()
