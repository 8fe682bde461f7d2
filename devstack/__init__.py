"""A small supervisor for the development stack, on embedded defaults.

``python -m devstack up`` starts PostgreSQL (embedded), the Temporal dev server with
its Web UI, an SMTP sink and the worker, and stops them all on Ctrl-C. Tests use
the same pieces: ``Stack``, ``EmbeddedPostgres``, ``TemporalDevServer``, ``MailSink``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from devstack.mail import MailSink, list_messages
    from devstack.migrations import run_migrations
    from devstack.postgres import EmbeddedPostgres
    from devstack.process import PortInUse, StartupFailed, find_executable, free_port
    from devstack.stack import Stack
    from devstack.temporal import TemporalDevServer

# Imported on first use, so that `python -m devstack.mail` does not find its own
# module already imported by this package (runpy warns about that).
_EXPORTS = {
    "EmbeddedPostgres": "devstack.postgres",
    "MailSink": "devstack.mail",
    "PortInUse": "devstack.process",
    "Stack": "devstack.stack",
    "StartupFailed": "devstack.process",
    "TemporalDevServer": "devstack.temporal",
    "find_executable": "devstack.process",
    "free_port": "devstack.process",
    "list_messages": "devstack.mail",
    "run_migrations": "devstack.migrations",
}
__all__ = [
    "EmbeddedPostgres",
    "MailSink",
    "PortInUse",
    "Stack",
    "StartupFailed",
    "TemporalDevServer",
    "find_executable",
    "free_port",
    "list_messages",
    "run_migrations",
]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'devstack' has no attribute {name!r}")
    return getattr(importlib.import_module(_EXPORTS[name]), name)
