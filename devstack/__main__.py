"""``python -m devstack up``: run the development stack until Ctrl-C.

While it runs, a component that dies is reported here and started again (see
`devstack.supervisor`). Ctrl-C or SIGTERM stops everything within a bound; a second one
kills what is still running at once.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from datetime import datetime

from pydantic import ValidationError

from devstack.process import PortInUse, StartupFailed
from devstack.stack import Stack
from settings import Settings, get_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devstack")
    commands = parser.add_subparsers(dest="command", required=True)
    up = commands.add_parser("up", help="start the stack and run until Ctrl-C")
    up.add_argument("--headless", action="store_true", help="no Temporal Web UI")
    up.add_argument("--no-worker", action="store_true", help="do not start worker.py")
    up.add_argument("--no-web", action="store_true", help="do not start the web app")
    args = parser.parse_args(argv)
    try:
        settings = get_settings()
    except ValidationError as error:
        print(f"Configuration error:\n{error}", file=sys.stderr)
        return 2
    return asyncio.run(
        _up(
            settings,
            headless=args.headless,
            with_worker=not args.no_worker,
            with_web=not args.no_web,
        )
    )


async def _up(
    settings: Settings, *, headless: bool, with_worker: bool, with_web: bool = True
) -> int:
    stack = Stack.from_settings(
        settings, headless=headless, with_worker=with_worker, with_web=with_web
    )
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)

    print(f"Starting the redress stack in {stack.data_dir} ...", flush=True)
    try:
        await stack.start()
    except PortInUse as error:
        print(
            f"Cannot start: {error}\nThe ports come from REDRESS_TEMPORAL_ADDRESS, "
            f"REDRESS_TEMPORAL_UI_URL, REDRESS_SMTP_PORT and REDRESS_IMAP_PORT.",
            file=sys.stderr,
        )
        return 1
    except StartupFailed as error:
        print(f"Cannot start: {error}", file=sys.stderr)
        return 1
    for note in stack.notes:
        print(f"Note: {note}", flush=True)
    _print_addresses(stack)
    stack.supervise(_say)

    await stopping.wait()
    print("\nStopping ... (again to kill everything at once)", flush=True)
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, _kill, stack)
    await stack.stop()
    print(f"Stopped. Data kept in {stack.data_dir}", flush=True)
    return 0


def _say(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", flush=True)


def _kill(stack: Stack) -> None:
    print("Killing what is still running ...", flush=True)
    stack.kill()


def _print_addresses(stack: Stack) -> None:
    width = max(len(what) for what, _ in stack.addresses())
    print("\nThe redress stack is running:")
    for what, where in stack.addresses():
        print(f"  {what:<{width}}  {where}")
    if stack.with_web:
        from web.seed import credentials

        print("\nSign in to the web app as (role, email, password):")
        for role, email, password in credentials():
            print(f"  {role:<11} {email:<24} {password}")
    if stack.mailbox is not None and stack.mail is not None:
        print(
            f"\nMail to {stack.mailbox.address} at the mail sink ({stack.mail.address}) lands "
            f"in the complaints mailbox and then in New mail (/staff/mail)."
        )
    print(
        "\nLog a complaint with the starter (see its options):\n"
        "  .venv/bin/redress-starter log --help\n"
        "\nPress Ctrl-C to stop (data is kept).",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
