"""Benchmark: resolve 1M contact records (goal: <= 10 minutes and <= 8 GB on 2 cores).

Generates contacts with known true persons (5% of people appear twice: a personal address,
a nickname, no title, the phone half the time), imports them into a SQLite workspace with
the real importer, then times `leadsift score --full`, which runs the probabilistic matcher
(parameters estimated from these contacts) and the deterministic joins, in a child process
whose peak memory is measured. Pairwise precision and recall come from `people export`.

    .venv/bin/python -m benchmarks.identity_scale [--records 1000000]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess

import numpy as np
import pandas as pd

from benchmarks.common import LEADSIFT, WORK, timed
from leadsift.demo.scenario import names


def contacts(records: int, seed: int = 11) -> tuple[pd.DataFrame, pd.Series]:
    """About `records` contacts and the true person of each."""
    rng = np.random.default_rng(seed)
    people = int(records / 1.05)
    companies = max(people // 12, 10)
    place = rng.choice(names.PLACES, companies)
    company = pd.Series(np.char.add(np.char.add(place, " "), rng.choice(names.CLINICS, companies)))
    company = company + " " + pd.Series(np.arange(companies)).astype(str)
    domain = company.str.lower().str.replace(r"[^a-z0-9]", "", regex=True) + ".example"
    works_at = rng.integers(0, companies, people)
    first = rng.choice(names.FIRST, people)
    last = rng.choice(names.LAST, people)
    serial = np.arange(people).astype(str)
    local = pd.Series(np.char.add(np.char.add(np.char.lower(first), "."), np.char.lower(last)))
    local = local + serial
    area = rng.integers(201, 990, people).astype(str)
    exchange = rng.integers(200, 1000, people).astype(str)
    line = np.char.zfill(rng.integers(0, 10_000, people).astype(str), 4)
    frame = pd.DataFrame(
        {
            "email": local + "@" + domain.to_numpy()[works_at],
            "first_name": first,
            "last_name": last,
            "title": rng.choice(names.STAFF_TITLES, people),
            "phone": np.char.add(np.char.add(np.char.add(area, "-"), exchange), "-" + line),
            "company": company.to_numpy()[works_at],
            "city": place[works_at],
        }
    )
    truth = pd.Series(np.arange(people))
    twins = frame.sample(records - people, random_state=seed)
    twin_truth = truth.loc[twins.index]
    twins = twins.assign(
        email=local.loc[twins.index] + "@" + rng.choice(names.FREE_MAIL, len(twins)),
        first_name=twins["first_name"].map(names.NICKNAMES).fillna(twins["first_name"]),
        title=None,
        phone=twins["phone"].where(rng.random(len(twins)) < 0.5),
    )
    return (
        pd.concat([frame, twins], ignore_index=True),
        pd.concat([truth, twin_truth], ignore_index=True),
    )


def _pairs(sizes: pd.Series) -> int:
    return int((sizes * (sizes - 1) // 2).sum())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=1_000_000)
    args = parser.parse_args()
    folder = WORK / f"identity-{args.records}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    frame, truth = contacts(args.records)
    path = folder / "contacts.csv"
    frame.to_csv(path, index=False)
    pd.DataFrame({"email": frame["email"], "truth": truth}).to_csv(
        folder / "truth.csv", index=False
    )
    ws = folder / "ws"
    subprocess.run([*LEADSIFT, "init", str(ws)], check=True, capture_output=True)
    seconds, peak = timed(["--workspace", str(ws), "import", "contacts", str(path)])
    print(f"import {len(frame):,} contacts: {seconds:.1f} s, peak {peak:,.0f} MB")
    seconds, peak = timed(["--workspace", str(ws), "score", "--full", "--json"])
    print(
        f"resolve {len(frame):,} contacts (score --full: probabilistic + deterministic): "
        f"{seconds:.1f} s, peak {peak:,.0f} MB  (goal <= 600 s, <= 8,192 MB)"
    )
    exported = folder / "people.csv"
    subprocess.run(
        [*LEADSIFT, "--workspace", str(ws), "people", "export", "-o", str(exported)],
        check=True, capture_output=True,
    )  # fmt: skip
    records = pd.read_csv(exported, usecols=["person_id", "email"], dtype=str)
    known = records.merge(pd.read_csv(folder / "truth.csv", dtype=str), on="email")
    predicted = _pairs(known.groupby("person_id").size())
    actual = _pairs(known.groupby("truth").size())
    both = _pairs(known.groupby(["person_id", "truth"]).size())
    print(
        f"  pairwise precision {both / max(predicted, 1):.4f}  recall {both / max(actual, 1):.4f}"
        f"  ({both:,} of {actual:,} true pairs, {predicted:,} predicted)"
    )


if __name__ == "__main__":
    main()
