"""Use cases: one function per use case, one transaction per call (see baketracker.db)."""

# The activity trail listens to every session's flushes (services/activity_listener.py).
from baketracker.services import activity_listener as _activity_listener  # noqa: F401
