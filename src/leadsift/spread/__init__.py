"""Spread simulation and seed planning on social graphs."""
