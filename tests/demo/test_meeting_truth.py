"""How a share and a direct touch change a person's chance of a meeting: the generator's
record of it, and the rates leadsift learns from the demo workspace checked against it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from leadsift.app.session import open_session
from leadsift.demo.run import DemoOutcome
from leadsift.demo.scenario.generate import GeneratedScenario, generate
from leadsift.demo.scenario.meetings import SHARE_TAKE
from leadsift.spread.history import reach_counts, reached_people
from leadsift.spread.rates import learned_rate


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> GeneratedScenario:
    return generate(tmp_path_factory.mktemp("truth") / "g", size="small", seed=7)


def _truth(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / name, keep_default_na=False)


def test_every_person_has_a_chance_and_the_rates_are_their_means(
    scenario: GeneratedScenario,
) -> None:
    chances = _truth(scenario.truth_dir, "meeting-chances.csv")
    people = _truth(scenario.truth_dir, "people.csv")
    assert set(chances["person_key"]) == set(people.loc[people["kind"] == "human", "person_key"])
    # only a buyer who would take a meeting has any chance of one
    assert (chances.loc[~chances["would_take_meeting"], "meeting_chance"] == 0).all()
    assert chances["meeting_chance"].between(0, 1).all()
    assert set(chances["reached_by"]) == {"share", "direct", "both", "none"}
    rates = _truth(scenario.truth_dir, "meeting-rates.csv").set_index("reached_by")
    market = chances[chances["in_target_market"]]
    means = market.groupby("reached_by")["meeting_chance"].mean()
    for way in ("share", "direct"):
        assert rates.loc[way, "meeting_rate"] == pytest.approx(means[way], abs=1e-6)
        assert rates.loc[way, "people"] == (market["reached_by"] == way).sum()
    assert "meeting-chances.csv" in (scenario.truth_dir / "README.md").read_text()


def test_meetings_come_from_signals_or_shares_as_the_truth_says(
    scenario: GeneratedScenario,
) -> None:
    chances = _truth(scenario.truth_dir, "meeting-chances.csv").set_index("person_key")
    people = _truth(scenario.truth_dir, "people.csv").set_index("email")
    outcomes = pd.read_csv(scenario.files["outcomes"][0])
    met = people.loc[outcomes.loc[outcomes["kind"] == "meeting", "email"], "person_key"]
    # everyone who met had a chance of it, and those a share reached met after the share
    assert (chances.loc[met, "meeting_chance"] > 0).all()
    by_share = chances[(chances["meeting_chance"] == SHARE_TAKE)]
    assert len(by_share) and set(by_share["reached_by"]) <= {"share", "both"}
    shared = chances.loc[chances.index.intersection(met)]
    shared = shared[(shared["meeting_chance"] == SHARE_TAKE) & (shared["reached_by"] == "share")]
    meeting_at = (
        outcomes[outcomes["kind"] == "meeting"]
        .assign(person_key=lambda f: people.loc[f["email"], "person_key"].to_numpy())
        .set_index("person_key")["occurred_at"]
    )
    lag = pd.to_datetime(meeting_at.reindex(shared.index)) - pd.to_datetime(shared["reached_at"])
    assert len(lag) and lag.between(pd.Timedelta(days=2), pd.Timedelta(days=14)).all()


def test_learned_rates_match_the_generators_truth(demo_outcome: DemoOutcome) -> None:
    """The rates leadsift learns from the small demo, against the mean true chance of the
    very people it learned them from (within the 95% interval)."""
    workspace = demo_outcome.workspace
    with open_session(workspace) as session, session.reading() as connection:
        counts = reach_counts(connection)
        people = pd.DataFrame(reached_people(connection), columns=["person_id", "way", "met"])
        emails = pd.DataFrame(
            connection.exec_driver_sql(
                "SELECT person_id, value FROM identities WHERE kind = 'email'"
            ).all(),
            columns=["person_id", "email"],
        )
    truth = _truth(demo_outcome.truth_dir, "people.csv")[["person_key", "email"]]
    chances = _truth(demo_outcome.truth_dir, "meeting-chances.csv")
    keys = truth.merge(emails.assign(email=emails["email"].str.lower()), on="email")
    matched = (
        people.merge(keys.drop_duplicates("person_id"), on="person_id", how="left")
        .merge(chances, on="person_key", how="left")
    )  # fmt: skip
    assert matched["person_key"].notna().all()  # every person learned from is a real one
    for way in ("share", "direct"):
        group = matched[matched["way"] == way]
        # leadsift sees the generator's ways of reaching (a handle or email it cannot link
        # may hide a second way from it, rarely)
        assert (group["reached_by"] == way).mean() >= 0.95
        learned = learned_rate(counts[way].meetings, counts[way].people, way)
        assert learned.people == len(group) and learned.events == int(group["met"].sum())
        true_rate = float(group["meeting_chance"].mean())
        assert learned.low <= true_rate <= learned.high, (way, learned, true_rate)
    # the direct group is large enough for a narrow check: within two points
    direct = matched[matched["way"] == "direct"]
    assert counts["direct"].people > 500
    assert (
        abs(counts["direct"].meetings / counts["direct"].people - direct["meeting_chance"].mean())
        < 0.02
    )
    # and the demo's own comparison learned its direct rate from the workspace
    assert demo_outcome.spread_rates.rates.direct_meeting.source == "workspace"
    assert np.isclose(
        demo_outcome.spread_rates.rates.direct_meeting.value,
        counts["direct"].meetings / counts["direct"].people,
    )


def test_campaign_effects_are_the_touches_campaigns_and_bounded_by_their_meetings(
    scenario: GeneratedScenario,
) -> None:
    from leadsift.demo.scenario import exports
    from leadsift.demo.scenario.direct import WEBINAR
    from tests.demo.test_generate import _touches

    effects = _truth(scenario.truth_dir, "campaign_effects.csv")
    assert list(effects.columns) == ["campaign", "caused_meetings"]
    touches = _touches(scenario)
    # the Zoom report names its webinar only in its preamble (told on import)
    touches.loc[touches["file"] == exports.ZOOM, "campaign"] = WEBINAR
    assert set(effects["campaign"]) == set(touches["campaign"]) and effects["campaign"].is_unique
    truth = _truth(scenario.truth_dir, "touches.csv")
    touched = touches[["touch_id", "campaign"]].merge(truth, on="touch_id")
    touched = touched[touched["is_authentic"]]
    people = _truth(scenario.truth_dir, "people.csv").set_index("email")
    outcomes = pd.read_csv(scenario.files["outcomes"][0])
    met = set(people.loc[outcomes.loc[outcomes["kind"] == "meeting", "email"], "person_key"])
    keen = set(people.loc[people["would_take_meeting"], "person_key"])
    caused = effects.set_index("campaign")["caused_meetings"]
    for campaign, group in touched.groupby("campaign"):
        reached = set(group["person_key"])
        # a campaign causes only meetings of people it touched, and can count against
        # itself only for keen buyers it touched (a signal that closed the share path)
        assert caused[campaign] <= len(reached & met), campaign
        assert caused[campaign] >= -SHARE_TAKE * len(reached & keen), campaign
    # but-for counts: a meeting with two sufficient causes counts for neither
    assert caused.clip(lower=0).sum() <= len(met)
    # the sequence and the webinar bring most strong signals: they caused meetings
    assert caused["named-accounts-email"] > 0 and caused["webinar-practice-efficiency"] > 0
    assert "campaign_effects.csv" in (scenario.truth_dir / "README.md").read_text()
