"""A small, fast random generator for the numba kernels (xorshift64*, seeded by splitmix64).

numba's np.random is a Mersenne Twister: fine, but a cascade draws one number per arc it
tries, hundreds of millions per benchmark, and xorshift64* is several times cheaper. Each
run or RR set seeds its own state, so results do not depend on the number of threads."""

from __future__ import annotations

import numba
import numpy as np

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_MULT = np.uint64(2685821657736338717)
_TO_UNIT = 1.0 / 9007199254740992.0  # 2**-53


@numba.njit(cache=True, inline="always")
def seeded(seed):  # type: ignore[no-untyped-def]
    """A state array from any integer seed (splitmix64, never zero)."""
    z = np.uint64(seed) + _GOLDEN
    z = (z ^ (z >> np.uint64(30))) * _MIX1
    z = (z ^ (z >> np.uint64(27))) * _MIX2
    z = z ^ (z >> np.uint64(31))
    state = np.empty(1, dtype=np.uint64)
    state[0] = z if z != np.uint64(0) else _GOLDEN
    return state


@numba.njit(cache=True, inline="always")
def reseed(state, seed):  # type: ignore[no-untyped-def]
    """Seed an existing state in place, as seeded() would: a kernel drawing one short
    stream per RR set saves an allocation each."""
    z = np.uint64(seed) + _GOLDEN
    z = (z ^ (z >> np.uint64(30))) * _MIX1
    z = (z ^ (z >> np.uint64(27))) * _MIX2
    z = z ^ (z >> np.uint64(31))
    state[0] = z if z != np.uint64(0) else _GOLDEN


@numba.njit(cache=True, inline="always")
def uniform(state):  # type: ignore[no-untyped-def]
    """The next number in [0, 1)."""
    x = state[0]
    x ^= x >> np.uint64(12)
    x ^= x << np.uint64(25)
    x ^= x >> np.uint64(27)
    state[0] = x
    return float((x * _MULT) >> np.uint64(11)) * _TO_UNIT
