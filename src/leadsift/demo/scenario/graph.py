"""The demo's social graph: who follows whom, with the target market as a community.

People in the target market mostly follow each other; everyone else sits in a few large
interest communities around celebrity accounts with huge followings, which bots and bought
followers follow too. A message seeded at the celebrities goes "viral" through the crowd and
barely touches the market; seeded inside the market, it stays there. Arcs point from the
followed to the follower (the direction a post travels).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from leadsift.demo.scenario.social import FakeAccounts

CELEBRITIES = 12


def social_graph(
    rng: np.random.Generator, people: pd.DataFrame, fakes: FakeAccounts
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(edges: source, target) and (nodes: node, target, cost, bot)."""
    # the platform's public: three times as many accounts as the market has people, who are
    # in nobody's CRM (the viral video's audience)
    public = 3 * len(people)
    keys = np.concatenate(
        [people["person_key"].to_numpy(), np.char.add("U", np.arange(public).astype(str))]
    )
    market = np.concatenate(
        [people["in_target_market"].to_numpy(dtype=bool), np.zeros(public, dtype=bool)]
    )
    count = len(keys)
    # the crowd: four interest communities; the market is its own
    community = np.where(market, 0, rng.integers(1, 5, count))
    celebrities = np.array([f"C{i}" for i in range(CELEBRITIES)])
    sources: list[np.ndarray] = []
    targets: list[np.ndarray] = []
    follows = rng.poisson(6, count) + 1
    follower = np.repeat(np.arange(count), follows)
    # mostly inside one's own community (the market more so: a trade's own circle)
    inside = rng.random(len(follower)) < np.where(market[follower], 0.995, 0.9)
    by_community = {c: np.flatnonzero(community == c) for c in range(5)}
    followed = rng.integers(0, count, len(follower))
    for c, members in by_community.items():
        pick = inside & (community[follower] == c)
        if len(members) and pick.any():
            followed[pick] = members[rng.integers(0, len(members), int(pick.sum()))]
    keep = followed != follower
    sources.append(keys[followed[keep]])
    targets.append(keys[follower[keep]])
    # celebrities: a third of the crowd and a few market members follow one
    fans = np.flatnonzero(
        (~market & (rng.random(count) < 0.35)) | (market & (rng.random(count) < 0.005))
    )
    sources.append(celebrities[rng.integers(0, CELEBRITIES, len(fans))])
    targets.append(keys[fans])
    # bots and bought followers follow celebrities (and are followed by nobody)
    fake = np.concatenate(
        [fakes.bots["person_key"].to_numpy(), fakes.bought["person_key"].to_numpy()]
    )
    sources.append(celebrities[rng.integers(0, CELEBRITIES, len(fake))])
    targets.append(fake)
    edges = pd.DataFrame({"source": np.concatenate(sources), "target": np.concatenate(targets)})
    nodes = pd.DataFrame(
        {
            "node": np.concatenate([keys, celebrities, fake]),
            "target": np.concatenate(
                [market.astype(float), np.zeros(CELEBRITIES), np.zeros(len(fake))]
            ),
            # a celebrity's post costs far more than a practice manager's
            "cost": np.concatenate(
                [np.ones(count), np.full(CELEBRITIES, 50.0), np.ones(len(fake))]
            ),
            "bot": np.concatenate(
                [np.zeros(count + CELEBRITIES, dtype=bool), np.ones(len(fake), dtype=bool)]
            ),
        }
    )
    return edges, nodes
