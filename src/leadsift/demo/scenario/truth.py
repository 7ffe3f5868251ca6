"""The ground truth written beside the inputs, for evaluating leadsift against it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from leadsift.demo.scenario.social import FakeAccounts

README = """# Ground truth of the demo scenario

Written by `leadsift demo` beside `input/`, never imported. It says what the generator knows
and leadsift has to find out.

- `people.csv`: one row per actor. `kind` is human, bot, bought_follower or spammer.
  `is_real_person`, `in_target_market` (works at a healthcare practice or hospital in US, CA or
  GB), `at_target_account` (works at a named target account), `would_take_meeting` (would
  accept a sales meeting if reached), and the actor's main `email`, `phone` and `handle`.
  Anonymous visitors (impressions, views and ad clicks with only an `anonymous_id`) are not
  listed: they are all authentic and none is identified.
- `touches.csv`: every identified touch: `touch_id` (the `sg_event_id` of
  `sendgrid-events.json`, whose `processed` events are the sends, which leadsift leaves out;
  for the Zoom report, which has no ids, `zoom-webinar-attendees.csv:LINE:KIND`, KIND being
  register, attend or no_show), `person_key`, `is_authentic`, and `noise`: scanner_click,
  proxy_open, bot, bought_follower or spam_signup (empty when authentic). The bought
  followers' follows all fall in one two-hour burst on the viral video.
- `records.csv`: every contact row (`source` = hubspot-contacts.csv, with its `source_id`,
  the HubSpot Record ID, or zoom-webinar-attendees.csv; `source_row` = its line) and every
  distinct identifier seen in touches (`source` = touches), with the `person_key` it belongs
  to: pairs with the same person_key are the same person.
"""


def write_truth(
    folder: Path,
    people: pd.DataFrame,
    fakes: FakeAccounts,
    spammers: pd.DataFrame,
    touches: pd.DataFrame,
    contacts: pd.DataFrame,
    registrants: pd.DataFrame,
) -> dict[str, int]:
    """`touches` carry their ids as the inputs name them; `contacts` are the CRM export's
    rows (with `source_id` and `source_row`), `registrants` the webinar report's."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "README.md").write_text(README, encoding="utf-8")
    humans = people.assign(kind="human", is_real_person=True)
    fake_rows = [
        fakes.bots.assign(kind="bot"),
        fakes.bought.assign(kind="bought_follower"),
        spammers[["person_key", "email"]].assign(kind="spammer"),
    ]
    actors = pd.concat([humans, *fake_rows], ignore_index=True)
    for column in ("is_real_person", "in_target_market", "at_target_account", "would_take_meeting"):
        actors[column] = actors[column].eq(True)
    actors[
        [
            "person_key",
            "kind",
            "is_real_person",
            "in_target_market",
            "at_target_account",
            "would_take_meeting",
            "email",
            "phone",
            "handle",
        ]
    ].fillna("").to_csv(folder / "people.csv", index=False)

    identified = touches[touches["person_key"] != "anonymous"]
    identified[["touch_id", "person_key", "is_authentic", "noise"]].to_csv(
        folder / "touches.csv", index=False
    )
    contact_rows = pd.concat(
        [contacts.assign(source="hubspot-contacts.csv"), registrants.assign(source_id="")],
        ignore_index=True,
    ).assign(source_row=lambda f: f["source_row"].astype(str))
    touch_ids = pd.concat(
        [
            identified[["email", "person_key"]]
            .rename(columns={"email": "value"})
            .assign(kind="email"),
            identified[["phone", "person_key"]]
            .rename(columns={"phone": "value"})
            .assign(kind="phone"),
            identified[["handle", "person_key"]]
            .rename(columns={"handle": "value"})
            .assign(kind="handle"),
        ]
    )
    touch_ids = touch_ids[touch_ids["value"].astype(str) != ""].drop_duplicates(["kind", "value"])
    records = pd.concat(
        [
            contact_rows[
                ["source", "source_row", "source_id", "email", "phone", "person_key"]
            ].assign(kind="contact"),
            touch_ids.assign(source="touches", source_row=""),
        ],
        ignore_index=True,
    )
    records.fillna("").to_csv(folder / "records.csv", index=False)
    noise = identified.loc[identified["noise"] != "", "noise"].value_counts()
    return {str(k): int(v) for k, v in noise.items()}
