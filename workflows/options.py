"""Activity timeouts and retries, one place for every workflow (STYLE habit 4)."""

from datetime import timedelta

from temporalio.common import RetryPolicy

ACTIVITY_TIMEOUT = timedelta(seconds=60)
ACTIVITY_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(minutes=1),
)
