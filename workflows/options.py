"""Activity timeouts and retries, one place for every workflow (STYLE habit 4)."""

from datetime import timedelta

from temporalio.common import RetryPolicy

ACTIVITY_TIMEOUT = timedelta(seconds=60)
ACTIVITY_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(minutes=1),
)

# Sending a letter or a staff email: the mail server may be slow or down for a while, so a
# delivery keeps trying (with growing pauses, at most every 10 minutes) and never fails the
# complaint. The heartbeat lets a delivery whose worker died be retried within seconds.
DELIVERY_TIMEOUT = timedelta(minutes=2)
DELIVERY_HEARTBEAT = timedelta(seconds=10)
DELIVERY_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=5),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(minutes=10),
    non_retryable_error_types=["DeliveryRefused"],
)
# Workflows that started before letters and notices were delivered by activities of their
# own (their histories have none) keep running without them.
DELIVERY_PATCH = "deliver-letters-and-notices"

# Writing an action's records (a local activity): a few quick tries, then the workflow
# carries on with the records kept in its state and tries again later (RECORD_RETRY_AFTER,
# doubling to RECORD_RETRY_AT_MOST), so a database that is down, or data it cannot hold,
# never holds up the complaint's deadlines and updates.
RECORD_TIMEOUT = timedelta(seconds=20)
RECORD_RETRY = RetryPolicy(
    initial_interval=timedelta(milliseconds=500),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(seconds=2),
    maximum_attempts=4,
    non_retryable_error_types=["RecordRefused", "RecordConflict"],
)
RECORD_RETRY_AFTER = timedelta(minutes=1)
RECORD_RETRY_AT_MOST = timedelta(hours=1)
ATTENTION_RETRY = RetryPolicy(maximum_attempts=2)
