"""A small supervisor for the development stack, on embedded defaults.

``python -m devstack up`` starts PostgreSQL (embedded), the Temporal dev server with
its Web UI, an SMTP sink and the worker, and stops them all on Ctrl-C. Tests use
the same pieces: ``Stack``, ``EmbeddedPostgres``, ``TemporalDevServer``, ``MailSink``.
"""

from devstack.mail import MailSink, list_messages
from devstack.migrations import run_migrations
from devstack.postgres import EmbeddedPostgres
from devstack.process import PortInUse, StartupFailed, find_executable, free_port
from devstack.stack import Stack
from devstack.temporal import TemporalDevServer

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
