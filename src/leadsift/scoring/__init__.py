"""Qualification: fit to the target profile, intent from activity, lifecycle stages."""
