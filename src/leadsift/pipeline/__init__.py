"""Runs the engine steps over the store, in order, incrementally where it can."""
