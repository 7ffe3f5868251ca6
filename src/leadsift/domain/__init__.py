"""Plain types, vocabularies and errors shared by every layer; no I/O."""
