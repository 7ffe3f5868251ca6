"""The viral video's reposts as the platform shows them: who reposted a clip of it, and when,
along the social graph. Each clip is one cascade started by one account; every repost gives
each follower one chance to repost it in the next hours. The true chance of each arc is
written to the truth folder, so `leadsift spread learn` can be checked against it.

Passability is higher into the market (the video is about the trade: people in it pass it to
each other) than into the public, unlike weighted cascade's guess (1/in-degree), which knows
nothing of content."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from leadsift.demo.scenario.events import day
from leadsift.domain.truth import TRUE_WORDS
from leadsift.spread.graph import graph_from_columns
from leadsift.spread.passability import simulate_cascades, with_probabilities

SHARES_FILE = "video-shares.csv"
TRUTH_FILE = "passability.csv"
CLIPS_PER_NODE = 0.25  # cascades: one clip for every four accounts of the graph
INTO_MARKET, INTO_PUBLIC = 0.15, 0.03  # mean chance of a repost along one arc


def video_shares(
    rng: np.random.Generator, edges: pd.DataFrame, nodes: pd.DataFrame, inputs: Path, truth: Path
) -> int:
    """Write the reposts (input/video-shares.csv: cascade, node, time) and the arcs' true
    chances (truth/passability.csv: source, target, p); returns the number of cascades."""
    import pyarrow as pa

    def ids(column: pd.Series) -> pa.Array:
        return pa.array(column.astype(str).to_numpy(), type=pa.large_string())

    graph = graph_from_columns(ids(edges["source"]), ids(edges["target"]), None)
    weight = pd.Series(nodes["target"].to_numpy(dtype=float), index=nodes["node"].astype(str))
    in_market = weight.reindex(graph.ids.astype(str)).fillna(0).to_numpy() > 0
    bot = pd.Series(nodes["bot"].astype(str).str.lower().isin(TRUE_WORDS).to_numpy(),
                    index=nodes["node"].astype(str))  # fmt: skip
    is_bot = bot.reindex(graph.ids.astype(str)).fillna(False).to_numpy(dtype=bool)
    tails = np.repeat(np.arange(graph.nodes), np.diff(graph.out_ptr))
    mean = np.where(in_market[graph.out_dst], INTO_MARKET, INTO_PUBLIC)
    p = np.clip(mean * rng.uniform(0.3, 1.7, graph.arcs), 0, 1)
    p[is_bot[graph.out_dst] | is_bot[tails]] = 0.0  # bots repost by schedule, not by follow
    graph = with_probabilities(graph, p)
    # clips start with people of the trade as often as with the public
    humans = np.flatnonzero(~is_bot)
    chance = np.where(in_market[humans], 1.0 / max(in_market[humans].sum(), 1),
                      1.0 / max((~in_market[humans]).sum(), 1))  # fmt: skip
    count = max(20, int(graph.nodes * CLIPS_PER_NODE))
    starters = rng.choice(humans, count, p=chance / chance.sum())
    roots = [np.array([s]) for s in starters]
    cascade, node, step = simulate_cascades(graph, roots, seed=int(rng.integers(1 << 31)))
    start = np.array([day(float(d)) for d in rng.uniform(36, 91, count)])
    # a repost comes 1 to 6 hours after the one it follows
    delay = (step * 3_600 * rng.uniform(1, 6, len(step))).astype(np.int64)
    when = start[cascade] + delay.astype("timedelta64[s]")
    pd.DataFrame(
        {
            "cascade": np.char.add("clip-", cascade.astype(str)),
            "node": graph.ids[node],
            "time": np.datetime_as_string(when, unit="s", timezone="UTC"),
        }
    ).to_csv(inputs / SHARES_FILE, index=False)
    truth.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(
        {"source": graph.ids[tails], "target": graph.ids[graph.out_dst], "p": np.round(p, 6)}
    ).to_csv(truth / TRUTH_FILE, index=False)
    return count
