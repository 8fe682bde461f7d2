"""The key histories are recorded with (``record.py``) and replayed with (``test_replay.py``).

A test fixture, public on purpose: it protects fictional residents only, and never any
payload of a running stack (those use ``REDRESS_PAYLOAD_KEYS`` or the dev stack's own key).
"""

from __future__ import annotations

import hashlib

from codec import PayloadKey

RECORDING_KEY = PayloadKey("replay-1", hashlib.sha256(b"redress replay histories").digest())
