"""Benchmark: people as observations from four real sources, resolved into persons.

Generates 200k contact observations with their true person, written as four sources in the
layouts their tools export (tests/fixtures/exports has a sample of each):

- a CRM export: HubSpot contacts (`hubspot-contacts`);
- a webinar: a Zoom attendee report, preamble and all (`zoom-webinar-attendees`);
- a lead form: Meta lead ads leads, UTF-16 LE and TAB-separated (`meta-lead-ads`);
- a plain list in leadsift's own contacts columns.

60% of the observations are a person's first sighting, 40% repeat a person already seen (in
another source or the same one) with realistic variation: a nickname, a personal address
instead of the work one, no title or a changed title, the phone left out or written
another way (each tool writes phones its own way). 10% of rows (CRM and list rows) carry no
email and no phone: a name and a company only, so only the probabilistic matcher can join
them to anyone. All four files are imported by detection (`leadsift import FILE...`, no
kind), then `leadsift score --full` resolves them; wall time and peak RSS of each step are
measured in child processes. Pairwise precision and recall of the resolved people come from
`leadsift people export` (each contact row's person) against the generator's truth, overall
and for the pairs that involve a row without email or phone.

    .venv/bin/python -m benchmarks.identity_observations [--records 200000]
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.common import (
    LEADSIFT,
    WORK,
    Pairwise,
    exported_contacts,
    pairwise,
    timed,
    timed_detected_import,
)
from leadsift.demo.scenario import names

SOURCES = ("crm", "zoom", "meta", "list")
SOURCE_P = (0.35, 0.20, 0.20, 0.25)
REPEAT_SHARE = 0.40
BARE_SHARE = 0.10
START = np.datetime64("2025-03-01T00:00:00")
HUBSPOT_SOURCES = np.array(
    ["Organic Search", "Paid Social", "Direct Traffic", "Email Marketing", "Offline Sources"]
)
MONTHS = np.array(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
)


def _s(values: object) -> pd.Series:
    return pd.Series(np.asarray(values)).astype(str)


def observations(records: int, seed: int = 12) -> pd.DataFrame:
    """`records` observations in contact fields, with `truth` (the person), `source`, `bare`
    (no email, no phone), `repeat` and `observed` (a distinct second for each row)."""
    rng = np.random.default_rng(seed)
    people = records - int(records * REPEAT_SHARE)
    companies = max(people // 12, 10)
    place = rng.choice(names.PLACES, companies)
    company = _s(np.char.add(np.char.add(place, " "), rng.choice(names.CLINICS, companies)))
    company = company + " " + _s(np.arange(companies))
    domain = company.str.lower().str.replace(r"[^a-z0-9]", "", regex=True) + ".example"
    works_at = rng.integers(0, companies, people)
    first = rng.choice(names.FIRST, people)
    last = rng.choice(names.LAST, people)
    local = _s(np.char.add(np.char.add(np.char.lower(first), "."), np.char.lower(last)))
    local = local + _s(np.arange(people))  # unique: the truth must not share an address
    personal = _s(np.char.add(np.char.lower(first), np.char.lower(last)))
    personal = personal + _s(rng.integers(10, 99, people)) + _s(np.arange(people))
    personal = personal + "@" + _s(rng.choice(names.FREE_MAIL, people))
    digits = (
        _s(rng.integers(201, 990, people))
        + _s(rng.integers(200, 1000, people))
        + _s(np.char.zfill(rng.integers(0, 10_000, people).astype(str), 4))
    )
    person = pd.DataFrame(
        {
            "first_name": first,
            "last_name": last,
            "title": rng.choice(names.STAFF_TITLES, people),
            "company": company.to_numpy()[works_at],
            "domain": domain.to_numpy()[works_at],
            "city": place[works_at],
            "email": local + "@" + domain.to_numpy()[works_at],
            "personal": personal,
            "digits": digits.where(rng.random(people) < 0.8),
        }
    )
    truth = np.concatenate([np.arange(people), rng.integers(0, people, records - people)])
    obs = person.iloc[truth].reset_index(drop=True)
    obs["truth"] = truth
    obs["repeat"] = np.arange(records) >= people
    obs["source"] = rng.choice(np.array(SOURCES), records, p=SOURCE_P)
    rep = obs["repeat"].to_numpy()
    draw = rng.random((5, records))
    nick = obs["first_name"].map(names.NICKNAMES)
    use_nick = rep & (draw[0] < 0.6) & nick.notna().to_numpy()
    obs.loc[use_nick, "first_name"] = nick[use_nick]
    use_personal = rep & (draw[1] < 0.35)
    obs.loc[use_personal, "email"] = obs.loc[use_personal, "personal"]
    obs.loc[rep & (draw[2] < 0.25), "title"] = None
    changed = rep & (draw[2] >= 0.25) & (draw[2] < 0.45)
    obs.loc[changed, "title"] = rng.choice(names.BUYER_TITLES, int(changed.sum()))
    obs.loc[rep & (draw[3] < 0.3), "digits"] = None
    # a tenth of all rows, from the CRM and the list: a name and a company, nothing else
    can_be_bare = obs["source"].isin(["crm", "list"]).to_numpy()
    bare = can_be_bare & (draw[4] < BARE_SHARE / can_be_bare.mean())
    obs.loc[bare, ["email", "digits", "title"]] = None
    obs["bare"] = bare
    obs["observed"] = START + rng.permutation(200 * 86400)[:records].astype("timedelta64[s]")
    return obs.drop(columns=["personal"])


def _phone(digits: pd.Series, style: str) -> pd.Series:
    area, exchange, line = digits.str[:3], digits.str[3:6], digits.str[6:]
    text = {
        "hubspot": "+1 " + area + " " + exchange + " " + line,
        "zoom": area + "-" + exchange + "-" + line,
        "meta": "p:+1" + digits,
        "list": "(" + area + ") " + exchange + "-" + line,
    }[style]
    return text.where(digits.notna(), "")


def _zoom_time(stamps: pd.Series) -> pd.Series:
    """Zoom's "Jun 02, 2025 09:14:55"."""
    month = pd.Series(MONTHS[stamps.dt.month.to_numpy() - 1], index=stamps.index)
    text: pd.Series = month + stamps.dt.strftime(" %d, %Y %H:%M:%S")
    return text


def write_hubspot(frame: pd.DataFrame, path: Path) -> None:
    n = len(frame)
    rng = np.random.default_rng(1)
    modified = frame["observed"].dt.strftime("%Y-%m-%d %H:%M")
    created = (frame["observed"] - pd.to_timedelta(rng.integers(0, 90, n), unit="D")).dt.strftime(
        "%Y-%m-%d %H:%M"
    )
    pd.DataFrame(
        {
            "Record ID": np.arange(1001, 1001 + n),
            "First Name": frame["first_name"].to_numpy(),
            "Last Name": frame["last_name"].to_numpy(),
            "Email": frame["email"].fillna("").to_numpy(),
            "Phone Number": _phone(frame["digits"], "hubspot").to_numpy(),
            "Job Title": frame["title"].fillna("").to_numpy(),
            "Company Name": frame["company"].to_numpy(),
            "Company domain name": frame["domain"].to_numpy(),
            "Country/Region": "United States",
            "Original Source": rng.choice(HUBSPOT_SOURCES, n),
            "Twitter Username": "",
            "Lifecycle Stage": rng.choice(
                np.array(["Subscriber", "Lead", "Marketing Qualified Lead"]), n
            ),
            "Lead Status": rng.choice(np.array(["NEW", "OPEN", "IN_PROGRESS", ""]), n),
            "Contact owner": rng.choice(np.array(["owner@vendor.example", ""]), n),
            "Create Date": created.to_numpy(),
            "Last Activity Date": "",
            "Last Modified Date": modified.to_numpy(),
        }
    ).to_csv(path, index=False)


def write_zoom(frame: pd.DataFrame, path: Path) -> None:
    """An attendee report: the preamble sections, then "Attendee Details", each row padded
    with commas to the widest row, as Zoom writes it."""
    n = len(frame)
    rng = np.random.default_rng(2)
    attended = rng.random(n) < 0.6
    join = pd.Timestamp("2025-09-18 15:00:00") + pd.to_timedelta(rng.integers(-600, 1800, n), "s")
    stay = rng.integers(5, 62, n)
    leave = join + pd.to_timedelta(stay * 60, "s")
    table = pd.DataFrame(
        {
            "Attended": np.where(attended, "Yes", "No"),
            "User Name (Original Name)": (
                frame["first_name"] + " " + frame["last_name"]
            ).to_numpy(),
            "First Name": frame["first_name"].to_numpy(),
            "Last Name": frame["last_name"].to_numpy(),
            "Email": frame["email"].to_numpy(),
            "Phone": _phone(frame["digits"], "zoom").to_numpy(),
            "Registration Time": _zoom_time(frame["observed"]).to_numpy(),
            "Approval Status": "approved",
            "Join Time": np.where(attended, _zoom_time(pd.Series(join)), "--"),
            "Leave Time": np.where(attended, _zoom_time(pd.Series(leave)), "--"),
            "Time in Session (minutes)": np.where(attended, stay.astype(str), "--"),
            "Is Guest": "Yes",
            "Organization": frame["company"].to_numpy(),
            "Job Title": frame["title"].fillna("").to_numpy(),
            "Country/Region Name": "United States",
        }
    )
    width = len(table.columns)
    host = (
        'Yes,Dana Host,dana.host@vendor.example,"Sep 18, 2025 14:52:10",'
        '"Sep 18, 2025 16:02:44",71,No,United States'
    )
    preamble = [
        "Attendee Report",
        'Report Generated:,"Sep 19, 2025 9:05 AM"',
        "Topic,Webinar ID,Actual Start Time,Actual Duration (minutes),# Registered,# Cancelled,"
        "Unique Viewers,Total Users,Max Concurrent Views,Enable Registration",
        f'Front Desk Automation Live,812 3456 7890,"Sep 18, 2025 3:00 PM",62,{n},0,'
        f"{int(attended.sum())},{int(attended.sum())},{int(attended.sum())},Yes",
        "Host Details",
        "Attended,User Name (Original Name),Email,Join Time,Leave Time,"
        "Time in Session (minutes),Is Guest,Country/Region Name",
        host,
        "Attendee Details",
    ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        for line in preamble:
            cells = len(next(csv.reader([line])))
            handle.write(line + "," * (width - cells) + "\n")
        table.to_csv(handle, index=False)


def write_meta(frame: pd.DataFrame, path: Path) -> None:
    """A leads download: UTF-16 LE with a byte-order mark, TAB-separated, CRLF."""
    n = len(frame)
    rng = np.random.default_rng(3)
    organic = rng.random(n) < 0.1
    ad = rng.integers(0, 3, n)
    ad_names = np.array(["Checklist - carousel", "Checklist - video", "Webinar promo"])
    created = frame["observed"] - pd.Timedelta(hours=7)

    def ad_field(values: np.ndarray) -> np.ndarray:
        return np.where(organic, "", values)

    pd.DataFrame(
        {
            "id": "l:" + _s(2345678901234501 + np.arange(n)),
            "created_time": (created.dt.strftime("%Y-%m-%dT%H:%M:%S") + "-07:00").to_numpy(),
            "ad_id": ad_field(("ag:12021000000000010" + _s(ad + 1)).to_numpy()),
            "ad_name": ad_field(ad_names[ad]),
            "adset_id": ad_field(("as:12021000000000020" + _s(ad + 1)).to_numpy()),
            "adset_name": ad_field(
                np.array(["US practice managers", "US clinic owners", "Lookalike 1%"])[ad]
            ),
            "campaign_id": ad_field(
                np.where(ad < 2, "c:120210000000000301", "c:120210000000000302")
            ),
            "campaign_name": ad_field(
                np.where(ad < 2, "Practice managers - leads", "Webinar - signups")
            ),
            "form_id": "f:1234567890123456",
            "form_name": "Front desk checklist form",
            "is_organic": np.where(organic, "true", "false"),
            "platform": rng.choice(np.array(["fb", "ig"]), n),
            "first_name": frame["first_name"].to_numpy(),
            "last_name": frame["last_name"].to_numpy(),
            "email": frame["email"].to_numpy(),
            "phone_number": _phone(frame["digits"], "meta").to_numpy(),
            "company_name": frame["company"].to_numpy(),
            "job_title": frame["title"].fillna("").to_numpy(),
            "country": "US",
            "how_many_locations_do_you_run?": rng.choice(np.array(["1", "2-5", "6+", ""]), n),
            "lead_status": rng.choice(np.array(["CREATED", ""]), n),
        }
    ).to_csv(path, index=False, sep="\t", encoding="utf-16", lineterminator="\r\n")


def write_list(frame: pd.DataFrame, path: Path) -> None:
    pd.DataFrame(
        {
            "email": frame["email"].fillna("").to_numpy(),
            "first_name": frame["first_name"].to_numpy(),
            "last_name": frame["last_name"].to_numpy(),
            "title": frame["title"].fillna("").to_numpy(),
            "phone": _phone(frame["digits"], "list").to_numpy(),
            "company": frame["company"].to_numpy(),
            "city": frame["city"].to_numpy(),
            "observed_at": frame["observed"].dt.strftime("%Y-%m-%dT%H:%M:%SZ").to_numpy(),
        }
    ).to_csv(path, index=False)


WRITERS = {"crm": write_hubspot, "zoom": write_zoom, "meta": write_meta, "list": write_list}
FILES = {
    "crm": "hubspot-crm-exports-all-contacts.csv",
    "zoom": "zoom-attendee-report.csv",
    "meta": "meta-leads.csv",
    "list": "trade-show-list.csv",
}


def _part(known: pd.DataFrame, bare: pd.Series) -> Pairwise:
    """Scores of the pairs that involve at least one bare row: all pairs less the pairs
    between rows with an email or a phone."""
    every, dressed = pairwise(known), pairwise(known[~bare])
    return Pairwise(*(a - b for a, b in zip(every, dressed, strict=True)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=200_000)
    args = parser.parse_args()
    folder = WORK / f"observations-{args.records}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    obs = observations(args.records)
    parts, paths = [], []
    for source in SOURCES:  # imported in this order: contact row ids follow it
        part = obs[obs["source"] == source]
        WRITERS[source](part.reset_index(drop=True), folder / FILES[source])
        parts.append(part)
        paths.append(folder / FILES[source])
    ordered = pd.concat(parts, ignore_index=True)
    counts = ", ".join(f"{s} {int((obs['source'] == s).sum()):,}" for s in SOURCES)
    print(
        f"{len(obs):,} observations of {obs['truth'].nunique():,} people ({counts}); "
        f"{int(obs['repeat'].sum()):,} repeats, {int(obs['bare'].sum()):,} without email or phone"
    )
    ws = folder / "ws"
    subprocess.run([*LEADSIFT, "init", str(ws)], check=True, capture_output=True)
    seconds, peak, how, output = timed_detected_import(ws, paths)
    print(f"import 4 files by detection: {seconds:.1f} s, peak {peak:,.0f} MB  ({how})")
    for line in output.strip().splitlines():
        print(f"    {line}")
    seconds, peak = timed(["--workspace", str(ws), "score", "--full", "--json"])
    print(f"score --full (resolve + score): {seconds:.1f} s, peak {peak:,.0f} MB")
    status = subprocess.run(
        [*LEADSIFT, "--workspace", str(ws), "status", "--json"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    stored = json.loads(status)["counts"]
    records = exported_contacts(ws, folder / "people.csv")
    print(
        f"  stored {stored['contacts']:,} contact rows, {stored['persons']:,} persons "
        f"(true people {obs['truth'].nunique():,})"
    )
    if (
        len(records) != len(ordered)
        or not (
            records["last_name"].str.lower().to_numpy()
            == ordered["last_name"].str.lower().to_numpy()
        ).all()
    ):
        raise SystemExit(
            f"the {len(records):,} exported contact rows do not line up with the "
            f"{len(ordered):,} rows written; cannot score against the truth"
        )
    person = pd.to_numeric(records["person_id"], errors="coerce").to_numpy()
    unresolved = np.isnan(person)
    person = np.where(unresolved, -np.arange(1, len(person) + 1), person)  # alone
    known = pd.DataFrame({"person_id": person.astype(np.int64), "truth": ordered["truth"]})
    bare = ordered["bare"].reset_index(drop=True)
    if unresolved.any():
        print(f"  {int(unresolved.sum()):,} contact rows have no person (counted as alone)")
    print(f"  all rows:                      {pairwise(known)}")
    print(f"  pairs with a no-email/phone row: {_part(known, bare)}")
    print(f"  pairs between rows with email or phone: {pairwise(known[~bare])}")


if __name__ == "__main__":
    main()
