"""The web tests' app, browsers and users, for the data protection pages."""

from tests.web.conftest import app, browser

__all__ = ["app", "browser"]
