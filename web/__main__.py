"""``python -m web`` (or ``redress-web``): serve the web app with uvicorn.

    python -m web [--host 127.0.0.1] [--port 8000] [--seed-dev-users]

Connects to Temporal and the database named by the settings (``REDRESS_*``); with
``--seed-dev-users`` (dev environment only) it first adds one user per role.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn
from fastapi import FastAPI

from settings import get_settings
from store.db import make_engine, make_sessionmaker
from web.app import GOVUK_FRONTEND, create_app
from web.engine import connect
from web.seed import seed_users

DATABASE_CONNECT_SECONDS = 2


def _database_url() -> str:
    from starter.cli import database_url  # the embedded PostgreSQL when DATABASE_URL is unset

    return database_url(get_settings())


async def serve(host: str, port: int, seed: bool) -> None:
    settings = get_settings()
    # One connection per request in flight: 20 staff at once should not queue for the pool.
    # A connection that cannot be made in 2 s, or a free one in 5 s, is a page saying the
    # service is unavailable, not a request left hanging.
    engine = make_engine(
        _database_url(),
        pool_size=20,
        max_overflow=10,
        pool_timeout=5,
        connect_args={"timeout": DATABASE_CONNECT_SECONDS},
    )
    sessionmaker = make_sessionmaker(engine)
    if seed:
        if settings.environment != "dev":
            raise SystemExit("--seed-dev-users is for REDRESS_ENVIRONMENT=dev only")
        await seed_users(sessionmaker)
    client = await connect(settings)
    app = create_app(
        settings,
        client,
        sessionmaker,
        govuk_frontend=settings.govuk_frontend_dir or GOVUK_FRONTEND,
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        await engine.dispose()

    app.router.lifespan_context = lifespan
    # X-Forwarded-For and -Proto are believed only from the proxies named in
    # REDRESS_TRUSTED_PROXIES (none by default): a client cannot choose the address its
    # guesses count against, nor pretend to be served over HTTPS.
    trusted = settings.trusted_proxies
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        proxy_headers=bool(trusted),
        forwarded_allow_ips=trusted or None,
        log_level="info",
    )
    await uvicorn.Server(config).serve()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="redress-web", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=None, help="default REDRESS_WEB_HOST or 127.0.0.1")
    parser.add_argument("--port", type=int, default=None, help="default REDRESS_WEB_PORT or 8000")
    parser.add_argument("--seed-dev-users", action="store_true")
    args = parser.parse_args(argv)
    settings = get_settings()
    host = args.host or settings.web_host
    port = args.port or settings.web_port
    try:
        asyncio.run(serve(host, port, args.seed_dev_users))
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
