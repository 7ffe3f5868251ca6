"""Privacy: erasing a person from every table and file, suppressing their identifiers (as
keyed hashes only) so that they do not come back, and what is held about a person."""
