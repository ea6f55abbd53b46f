"""Use cases: one function per use case, one transaction per call (see baketracker.db)."""
