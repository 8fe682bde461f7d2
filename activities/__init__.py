"""Activities: thin, idempotent adapters from the workflows to the database, mail and files."""

from activities.complaint import ComplaintActivities

__all__ = ["ComplaintActivities"]
