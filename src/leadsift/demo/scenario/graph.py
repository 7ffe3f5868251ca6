"""The demo's social graph: who follows whom, shaped like a real professional market.

Arcs point from the followed to the follower (the direction a post travels). Practice staff
in the target market follow colleagues at their own practice, peers at other practices (in
their own town more often than not), and the market's associations and trade media; but
like real professionals, more than half of what they follow is outside the trade (friends,
family, hobbies). The platform's public sits in a few interest communities around celebrity
accounts, follows the market rarely, and the market rarely follows the celebrities. Bots
follow the celebrities (the viral content) and each other in rings; bought followers follow
the celebrities and are followed by nobody.

The mixing is calibrated on real graphs (`benchmarks/demo_market_graph.py` prints them):

- MARKET_INSIDE, the share of the accounts a market member follows that are the market's
  own (its people, associations and trade media): 0.47 on MUSAE GitHub with the machine-
  learning developers as the market, a median of 0.44 on email-eu-core's departments that
  hold 5-11% of its people (the demo's market is about 10% of its human accounts).
- PUBLIC_LIFT, the share of the public's follows that point into the market over the
  market's share of the accounts: 0.35 on MUSAE GitHub, 0.44 on those departments taken
  together (a median of 0.46 of their own lifts). The public's follows land in the market
  at 0.4 times the rate chance would give.

The calibrated demo graph (small: inside 0.42, lift 0.37; medium: 0.43, 0.36) has a market
that follows the public more than itself, as the real ones do, so a push that floods the
public reaches a good part of the market too and targeting wins only by some 4-10%.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from leadsift.demo.scenario.social import FakeAccounts

CELEBRITIES = 12
MARKET_INSIDE = 0.45
PUBLIC_LIFT = 0.4
# of a market member's follows inside the market: colleagues, peers, associations and media
INSIDE_MIX = (0.35, 0.4, 0.25)
PEERS_IN_TOWN = 0.5  # of the peers at other practices, the share in one's own town
POPULARITY_TAIL = 1.5  # a Pareto tail: follower counts of real platforms are heavy-tailed
BOT_RING = 20  # bots per ring; each follows every other bot of its ring
TRADE_COST = 10.0  # a sponsored post in a trade newsletter or association feed
CELEBRITY_COST = 50.0  # a celebrity's post costs far more than a practice manager's


@dataclass(frozen=True)
class Mixing:
    """How much of each side's attention stays on its side (influence direction)."""

    market_share: float  # the market's share of the accounts (people and the trade's media)
    market_inside: float  # of the arcs arriving at market accounts, the share from the market
    public_into: float  # of the arcs arriving at the public, the share from the market

    @property
    def public_lift(self) -> float:
        return self.public_into / self.market_share if self.market_share else 0.0


def mixing(source: np.ndarray, target: np.ndarray, market: np.ndarray) -> Mixing:
    """Mixing of a graph given as integer arcs (source -> target, the way a post travels)
    and a boolean market mask over the nodes; self-loops and repeated arcs are dropped."""
    keep = source != target
    arcs = np.unique(np.stack([source[keep], target[keep]], axis=1), axis=0)
    from_market, to_market = market[arcs[:, 0]], market[arcs[:, 1]]
    inside = int((from_market & to_market).sum())
    return Mixing(
        market_share=float(market.mean()),
        market_inside=inside / max(int(to_market.sum()), 1),
        public_into=int((from_market & ~to_market).sum()) / max(int((~to_market).sum()), 1),
    )


def _pick_within(
    rng: np.random.Generator,
    group: np.ndarray,
    members: np.ndarray,
    wanted: np.ndarray,
    weight: np.ndarray,
) -> np.ndarray:
    """For each index in `wanted` (positions in `members`), a member of its group drawn with
    probability proportional to `weight` (per node): a follow goes to the popular more often.
    It may be itself (the caller drops self-loops)."""
    order = np.argsort(group[members], kind="stable")
    ranked = members[order]
    sorted_groups = group[ranked]
    start = np.searchsorted(sorted_groups, sorted_groups, side="left")
    end = np.searchsorted(sorted_groups, sorted_groups, side="right")
    cumulative = np.cumsum(weight[ranked])
    below = np.concatenate([[0.0], cumulative])
    where = np.empty(len(members), dtype=np.int64)
    where[order] = np.arange(len(members))
    at = where[wanted]
    lo, hi = below[start[at]], below[end[at]]
    pick = np.searchsorted(cumulative, lo + rng.random(len(wanted)) * (hi - lo), side="right")
    return np.asarray(ranked[np.clip(pick, start[at], end[at] - 1)])


def _pick(rng: np.random.Generator, pool: np.ndarray, weight: np.ndarray, count: int) -> np.ndarray:
    """`count` draws from `pool` with probability proportional to `weight` (per node)."""
    cumulative = np.cumsum(weight[pool])
    pick = np.searchsorted(cumulative, rng.random(count) * cumulative[-1], side="right")
    return np.asarray(pool[np.minimum(pick, len(pool) - 1)])


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
    humans = len(keys)
    market = np.concatenate(
        [people["in_target_market"].to_numpy(dtype=bool), np.zeros(public, dtype=bool)]
    )
    members = np.flatnonzero(market)
    crowd = np.flatnonzero(~market)
    # the trade's own accounts: associations and trade media, a few big and many small
    trade = max(8, len(members) // 40)
    trade_keys = np.char.add("T", np.arange(trade).astype(str))
    trade_weight = 1.0 / np.arange(1, trade + 1)
    trade_weight /= trade_weight.sum()
    celebrities = np.array([f"C{i}" for i in range(CELEBRITIES)])
    fake = np.concatenate(
        [fakes.bots["person_key"].to_numpy(), fakes.bought["person_key"].to_numpy()]
    )
    # node numbering: humans, then the trade, celebrities, bots and bought followers
    trade_at = humans
    celebrity_at = trade_at + trade
    fake_at = celebrity_at + CELEBRITIES
    ids = np.concatenate([keys, trade_keys, celebrities, fake])
    market_share = (len(members) + trade) / len(ids)

    sources: list[np.ndarray] = []
    targets: list[np.ndarray] = []

    def follow(followed: np.ndarray, follower: np.ndarray) -> None:
        sources.append(np.asarray(followed, dtype=np.int64))
        targets.append(np.asarray(follower, dtype=np.int64))

    follows = rng.poisson(6, humans) + 1
    # how popular each account is: follows go to the popular more often, so followings are
    # heavy-tailed on both sides (the market's opinion leaders, the public's influencers)
    popularity = rng.pareto(POPULARITY_TAIL, humans) + 1.0
    # the market's follows: inside (colleagues, peers, the trade) or out among the public
    position = np.repeat(np.arange(len(members)), follows[members])
    follower = members[position]
    share = MARKET_INSIDE * np.array(INSIDE_MIX)
    way = rng.choice(4, len(follower), p=[*share, 1 - MARKET_INSIDE])
    colleague = way == 0
    account = people["account_index"].to_numpy()
    follow(
        _pick_within(rng, account, members, position[colleague], popularity),
        follower[colleague],
    )
    peer = way == 1
    in_town = peer & (rng.random(len(follower)) < PEERS_IN_TOWN)
    town = pd.factorize(people["city"])[0]
    follow(_pick_within(rng, town, members, position[in_town], popularity), follower[in_town])
    elsewhere = peer & ~in_town
    follow(_pick(rng, members, popularity, int(elsewhere.sum())), follower[elsewhere])
    media = way == 2
    follow(trade_at + rng.choice(trade, int(media.sum()), p=trade_weight), follower[media])
    outside = way == 3
    follow(_pick(rng, crowd, popularity, int(outside.sum())), follower[outside])

    # the public's follows: into the market rarely, else mostly its own interest community
    community = np.zeros(humans, dtype=np.int64)
    community[crowd] = rng.integers(0, 4, len(crowd))
    position = np.repeat(np.arange(len(crowd)), follows[crowd])
    follower = crowd[position]
    into = rng.random(len(follower)) < PUBLIC_LIFT * market_share
    follow(_pick(rng, members, popularity, int(into.sum())), follower[into])
    own = ~into & (rng.random(len(follower)) < 0.9)
    follow(_pick_within(rng, community, crowd, position[own], popularity), follower[own])
    anyone = ~into & ~own
    follow(_pick(rng, crowd, popularity, int(anyone.sum())), follower[anyone])
    # celebrities: a third of the public follows one, the market hardly ever
    fans = np.flatnonzero(rng.random(humans) < np.where(market, 0.005, 0.35))
    follow(celebrity_at + rng.integers(0, CELEBRITIES, len(fans)), fans)

    # bots follow a celebrity each (they amplify the viral content) and every other bot of
    # their ring; bought followers follow a celebrity and nobody follows them
    bots = fake_at + np.arange(len(fakes.bots))
    follow(celebrity_at + rng.integers(0, CELEBRITIES, len(bots)), bots)
    a = np.repeat(np.arange(len(bots)), BOT_RING)
    b = a // BOT_RING * BOT_RING + np.tile(np.arange(BOT_RING), len(bots))
    a, b = a[b < len(bots)], b[b < len(bots)]
    follow(bots[a], bots[b])
    bought = fake_at + len(fakes.bots) + np.arange(len(fakes.bought))
    follow(celebrity_at + rng.integers(0, CELEBRITIES, len(bought)), bought)

    source, target = np.concatenate(sources), np.concatenate(targets)
    keep = source != target
    edges = pd.DataFrame({"source": ids[source[keep]], "target": ids[target[keep]]})
    nodes = pd.DataFrame(
        {
            "node": ids,
            "target": np.concatenate([market, np.zeros(len(ids) - humans, dtype=bool)]).astype(
                float
            ),
            "cost": np.concatenate(
                [
                    np.ones(humans),
                    np.full(trade, TRADE_COST),
                    np.full(CELEBRITIES, CELEBRITY_COST),
                    np.ones(len(fake)),
                ]
            ),
            "bot": np.concatenate([np.zeros(fake_at, dtype=bool), np.ones(len(fake), dtype=bool)]),
        }
    )
    # a small trade newsletter nobody follows is not part of the graph
    followed = np.zeros(len(ids), dtype=bool)
    followed[source[keep]] = True
    lonely = np.zeros(len(ids), dtype=bool)
    lonely[trade_at:celebrity_at] = ~followed[trade_at:celebrity_at]
    return edges, nodes[~lonely].reset_index(drop=True)


def graph_mixing(edges: pd.DataFrame, nodes: pd.DataFrame) -> Mixing:
    """The demo graph's mixing, with the market's associations and trade media (`T` nodes)
    counted as the market's own accounts."""
    index = pd.Index(nodes["node"])
    market = nodes["target"].to_numpy() > 0
    market |= nodes["node"].str.startswith("T").to_numpy()
    return mixing(index.get_indexer(edges["source"]), index.get_indexer(edges["target"]), market)
