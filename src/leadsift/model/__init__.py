"""Predictive conversion scoring: learn P(meeting within N days) from a workspace or a table."""
