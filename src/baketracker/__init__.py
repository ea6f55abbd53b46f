"""Bake Tracker: a production planner for event-based baking."""

__version__ = "0.1.0"
