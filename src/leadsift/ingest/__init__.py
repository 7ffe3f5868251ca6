"""Readers and validators that bring users' files into the workspace store."""
