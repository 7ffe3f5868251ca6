"""The duplicate finder keys its table by a 64-bit prefix; only whole keys make repeats."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import sqlalchemy as sa

from leadsift.ingest.duplicates import DuplicateFinder


def _lines(*numbers: int) -> np.ndarray:
    return np.asarray(numbers, dtype=np.int64)


def test_keys_sharing_a_prefix_are_not_repeats(tmp_path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'keys.db'}")
    prefix = "0123456789abcdef"
    with engine.begin() as connection:
        finder = DuplicateFinder(connection)
        assert finder.add(pd.Series([prefix + "0" * 16, "f" * 32]), _lines(2, 3)) == []
        # a later batch: one key shares only the prefix, one is a true repeat
        repeats = finder.add(pd.Series([prefix + "1" * 16, "f" * 32]), _lines(9, 10))
        finder.close()
    assert repeats == [(10, 3)]
