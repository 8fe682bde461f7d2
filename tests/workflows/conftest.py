"""The workflow tests use the harness in tests/harness.py; fixtures are in tests/conftest.py."""

from tests.harness import HANDLER, OTHER_HANDLER, REVIEWER, Complaints

__all__ = ["HANDLER", "OTHER_HANDLER", "REVIEWER", "Complaints"]
