"""The satisfaction survey's link (R-GOV-6): the survey letter names an address where the
resident answers without signing in, with the complaint's reference and a token.

The token is an HMAC of the reference under the app's secret key, so nothing is stored for
it, it cannot be made up from the reference alone, and it works for that complaint only;
the form counts wrong tokens against the status page's guessing limit."""

from __future__ import annotations

import hashlib
import hmac

from settings import Settings

SURVEY_PATH = "/survey"


def survey_token(secret_key: str, reference: str) -> str:
    digest = hmac.new(secret_key.encode(), f"survey:{reference}".encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def token_matches(secret_key: str, reference: str, token: str) -> bool:
    # Compared as bytes: a token with a character outside ASCII is wrong, not an error.
    given = token.encode("utf-8", "replace")
    return hmac.compare_digest(survey_token(secret_key, reference).encode(), given)


def survey_url(settings: Settings, reference: str, base_url: str | None = None) -> str | None:
    """The survey's address for the letter; None when the app's public address is unknown."""
    base = settings.public_url or base_url
    if not base:
        return None
    token = survey_token(settings.secret_key, reference)
    return f"{base.rstrip('/')}{SURVEY_PATH}/{reference}?token={token}"
