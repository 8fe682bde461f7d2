"""Limits on guessing: failed sign-ins per email address, and status-page look-ups that
find nothing per reference and per client address. In memory, per process: enough for one
web process; several processes each keep their own count (a shared store would be next).
"""

from __future__ import annotations

import math
import time
from collections import defaultdict, deque
from collections.abc import Callable

SIGN_IN_FAILURES = 5  # wrong passwords for one email address...
STATUS_FAILURES = 10  # ...or look-ups that found nothing, from one place or for one reference
WINDOW_SECONDS = 15 * 60  # ...within this long; then a wait until the oldest falls out


class AttemptLimiter:
    """At most `limit` failures per key within `window` seconds."""

    def __init__(
        self, limit: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._failures: dict[str, deque[float]] = defaultdict(deque)

    def wait_minutes(self, *keys: str) -> int | None:
        """Whole minutes until another attempt is allowed for any of `keys`, or None."""
        now = self.clock()
        waits = []
        for key in keys:
            failures = self._recent(key, now)
            if len(failures) >= self.limit:
                waits.append(failures[0] + self.window - now)
        return max(1, math.ceil(max(waits) / 60)) if waits else None

    def failed(self, *keys: str) -> None:
        now = self.clock()
        for key in keys:
            self._recent(key, now).append(now)

    def succeeded(self, *keys: str) -> None:
        for key in keys:
            self._failures.pop(key, None)

    def _recent(self, key: str, now: float) -> deque[float]:
        failures = self._failures[key]
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        return failures


def too_many(minutes: int) -> str:
    unit = "minute" if minutes == 1 else "minutes"
    return f"Too many attempts. Wait {minutes} {unit}, then try again."
