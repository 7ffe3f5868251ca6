"""Exports for people who act on leads: call lists, email segments, CRM imports."""
