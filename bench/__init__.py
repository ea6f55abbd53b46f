"""Planning benchmarks: deterministic event data (generate), checks on it, and timings.

`python -m bench` (or `make bench`) generates a reference and a stress event on SQLite
and PostgreSQL, then reports the median time and the SQL statement count of the plan
summary and of finalising the plan.
"""
