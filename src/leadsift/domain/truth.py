"""How files write true and false: the one set of words every reader accepts (a column of
flags, a boolean field, an outcome label), compared trimmed and lower-cased."""

from __future__ import annotations

TRUE_WORDS = frozenset({"1", "true", "t", "yes", "y", "x"})  # "x": a ticked spreadsheet cell
FALSE_WORDS = frozenset({"0", "false", "f", "no", "n"})
