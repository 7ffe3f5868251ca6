"""Stage rules on small hand-made tables: the model's probability moves a stage only when
[stages] mql_min_probability says so, and only with good enough fit."""

from __future__ import annotations

import pandas as pd

from leadsift.config.scoring import StageSettings
from leadsift.scoring.stages import decide_stages


def _people() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "grade": ["A", "A", "F"],
            "intent": [5.0, 5.0, 5.0],
            "excluded": [False, False, False],
            "noise": [None, None, None],
            "best_outcome": [None, None, None],
            "lost": [False, False, False],
            "engaged": [True, True, True],
            "probability": [0.6, 0.1, 0.9],
        },
        index=pd.Index([1, 2, 3], name="person_id"),
    )


def test_probability_rule_is_off_unless_configured() -> None:
    decision = decide_stages(_people(), StageSettings(), pd.Series(dtype=object))
    assert decision.stage.tolist() == ["engaged", "engaged", "engaged"]


def test_probability_makes_an_mql_with_good_fit_only() -> None:
    settings = StageSettings(mql_min_probability=0.5)
    decision = decide_stages(_people(), settings, pd.Series(dtype=object))
    assert decision.stage.tolist() == ["mql", "engaged", "engaged"]  # grade F stays out
    assert "predicted 60% to meet sales" in decision.reason.loc[1]
    without = _people().drop(columns=["probability"])  # no model yet: nothing changes
    assert decide_stages(without, settings, pd.Series(dtype=object)).stage.eq("engaged").all()
