"""The demo's inputs as the tools write them: a HubSpot contacts export, a Zoom webinar
attendee report, a SendGrid Event Webhook body and a Google Ads campaign report. Each writer
takes the scenario's frames and writes the file byte for byte in the tool's layout (see the
built-in maps in leadsift/ingest/maps), so the demo imports them by detection.

Randomness that only shapes an export (a leave time, a client's IP address) comes from the
writer's own generator, so the scenario's other files are the same with or without it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from leadsift.demo.scenario.events import START, day, ips

# The zone the vendor's HubSpot and Zoom accounts write their times in (without an offset).
# Not New York, its office's zone: the importer rejects a time of the hour that repeats when
# daylight saving ends ("2024-11-03 01:58" there), and a CRM export of two years has some.
ACCOUNT_TIMEZONE = "UTC"
COUNTRY_NAMES = {
    "US": "United States",
    "CA": "Canada",
    "GB": "United Kingdom",
    "DE": "Germany",
    "IN": "India",
    "AU": "Australia",
}
HUBSPOT = "hubspot-contacts.csv"
ZOOM = "zoom-webinar-attendees.csv"
SENDGRID = "sendgrid-events.json"
GOOGLE_ADS = "google-ads-campaign-report.csv"
# recipients' own networks (home and office ISPs), none of them a scanner's or Apple's
_CLIENT_NETWORKS = np.array(["73.", "98.", "24.", "68.", "71.", "86."])
_SENDING_IP = "149.72.120.130"  # SendGrid's IP the vendor sends from


def _local(stamps: np.ndarray, fmt: str) -> np.ndarray:
    """UTC instants as the account's wall-clock text (no offset, as these tools write)."""
    local = pd.DatetimeIndex(stamps).tz_localize("UTC").tz_convert(ACCOUNT_TIMEZONE)
    return np.asarray(local.strftime(fmt), dtype=object)


def _at(stamp: np.datetime64, fmt: str) -> str:
    return str(_local(np.array([stamp]), fmt)[0])


def _epoch(stamps: np.ndarray) -> np.ndarray:
    return stamps.astype("datetime64[s]").astype(np.int64)


# -- HubSpot -----------------------------------------------------------------------------

_DRILL_DOWN = {"crm": "CRM_UI", "trade show": "IMPORT", "list import": "IMPORT",
               "webinar list": "INTEGRATION"}  # fmt: skip
# the lawful basis a team records by how a contact came in (a webinar registration asks for
# consent; a trade-show scan or a bought list is legitimate interest); every seventh record
# has none set, as in real portals. Derived, not drawn: the demo's random streams stay.
_LEGAL_BASIS = {"crm": "Legitimate interest \u2013 prospect/lead",
                "trade show": "Legitimate interest \u2013 prospect/lead",
                "list import": "Legitimate interest \u2013 prospect/lead",
                "webinar list": "Freely given consent from contact"}  # fmt: skip


def hubspot_contacts(path: Path, crm: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """The CRM as HubSpot's contacts export (all properties, the demo's columns of them).
    Returns the rows written, with their Record ID and line, for the ground truth."""
    m = len(crm)
    created = crm["created_at"].to_numpy().astype("datetime64[s]") + rng.integers(
        8 * 3600, 22 * 3600, m
    ).astype("timedelta64[s]")
    exported = np.datetime64("2026-02-27T18:00:00", "s")
    modified = np.minimum(
        created + rng.integers(0, 400 * 86_400, m).astype("timedelta64[s]"), exported
    )
    # HubSpot numbers records in the order they were created
    record_id = 100_651 + np.argsort(np.argsort(created, kind="stable"), kind="stable") * 3
    country = crm["country"].map(COUNTRY_NAMES).fillna(crm["country"])
    out = pd.DataFrame(
        {
            "Record ID": record_id,
            "First Name": crm["first_name"].to_numpy(),
            "Last Name": crm["last_name"].to_numpy(),
            "Email": crm["email"].to_numpy(),
            "Phone Number": crm["phone"].to_numpy(),
            "Job Title": crm["title"].to_numpy(),
            "Company Name": crm["company"].to_numpy(),
            "Company domain name": crm["domain"].to_numpy(),
            "Country/Region": country.to_numpy(),
            "City": crm["city"].to_numpy(),
            "Original Source": "Offline Sources",
            "Original Source Drill-Down 1": crm["source"].map(_DRILL_DOWN).to_numpy(),
            "Twitter Username": crm["twitter"].to_numpy(),
            "Lifecycle Stage": np.where(crm["company"].ne("").to_numpy(), "Lead", "Subscriber"),
            "Create Date": _local(created, "%Y-%m-%d %H:%M"),
            "Last Modified Date": _local(modified, "%Y-%m-%d %H:%M"),
            "Legal basis for processing contact's data": np.where(
                record_id % 7 == 0, "", crm["source"].map(_LEGAL_BASIS).fillna("").to_numpy()
            ),
        }
    )
    out.to_csv(path, index=False, lineterminator="\r\n")
    return crm.assign(source_id=record_id.astype(str), source_row=np.arange(m) + 2)


# -- Zoom --------------------------------------------------------------------------------

_ZOOM_TIME = "%b %d, %Y %H:%M:%S"
_ATTENDEE_COLUMNS = [
    "Attended", "User Name (Original Name)", "First Name", "Last Name", "Email", "Phone",
    "Organization", "Job Title", "Registration Time", "Approval Status", "Join Time", "Leave Time",
    "Time in Session (minutes)", "Is Guest", "Country/Region Name",
]  # fmt: skip


def _dashed(digits: pd.Series) -> np.ndarray:
    """'2125550123' as people type it into a form: '212-555-0123'."""
    text = digits.astype(str)
    dashed = text.str[:3] + "-" + text.str[3:6] + "-" + text.str[6:]
    return dashed.where(text.ne(""), "").to_numpy()


def zoom_attendees(
    path: Path,
    webinar: pd.DataFrame,
    people: pd.DataFrame,
    topic: str,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """The webinar as Zoom's attendee report: the preamble sections, then one row per
    registrant (and a second row for attendees who left and joined again).

    `webinar` holds each registrant's `register` touch, then, in the same order, their
    `attend` or `no_show`. Returns the webinar's touches as the report gives them (a rejoin
    is a second `attend`; a no-show is at the registration time), with ids naming their
    line, for the ground truth and the outcomes."""
    m = len(webinar) // 2
    register, final = (
        webinar.iloc[:m].reset_index(drop=True),
        webinar.iloc[m:].reset_index(drop=True),
    )
    who = people.set_index("person_key").loc[register["person_key"]].reset_index()
    attended = final["kind"].eq("attend").to_numpy()
    join = final["occurred_at"].to_numpy().astype("datetime64[s]")
    event = day(74) + np.timedelta64(17 * 3600, "s")
    # some attendees drop out and come back: two rows, two joins
    rejoin = attended & (rng.random(m) < 0.06)
    stay = rng.integers(8, 61, m).astype("timedelta64[m]").astype("timedelta64[s]")
    leave = np.minimum(join + stay, event + np.timedelta64(62 * 60, "s"))
    back = leave + rng.integers(60, 600, m).astype("timedelta64[s]")
    end = event + np.timedelta64(62 * 60, "s")
    rows = np.concatenate([np.arange(m), np.nonzero(rejoin)[0]])
    rows.sort(kind="stable")
    second = np.zeros(len(rows), dtype=bool)
    second[1:] = rows[1:] == rows[:-1]  # the rejoin row follows the first one
    joins = np.where(second, back[rows], join[rows])
    leaves = np.where(second, end, leave[rows])
    leaves = np.maximum(leaves, joins + np.timedelta64(60, "s"))
    minutes = ((leaves - joins).astype(np.int64) // 60).astype(str)
    shown = attended[rows]
    first, last = who["first_name"].to_numpy()[rows], who["last_name"].to_numpy()[rows]
    body = pd.DataFrame(
        {
            "Attended": np.where(shown, "Yes", "No"),
            "User Name (Original Name)": np.char.add(
                np.char.add(first.astype(str), " "), last.astype(str)
            ),
            "First Name": first,
            "Last Name": last,
            "Email": register["email"].to_numpy()[rows],
            # the registration form asks for a phone number; not everyone gives one
            "Phone": np.where(rng.random(m) < 0.6, _dashed(who["phone"]), "")[rows],
            "Organization": who["company"].to_numpy()[rows],
            "Job Title": who["title"].to_numpy()[rows],
            "Registration Time": _local(register["occurred_at"].to_numpy()[rows], _ZOOM_TIME),
            "Approval Status": "approved",
            "Join Time": np.where(shown, _local(joins, _ZOOM_TIME), "--"),
            "Leave Time": np.where(shown, _local(leaves, _ZOOM_TIME), "--"),
            "Time in Session (minutes)": np.where(shown, minutes, "--"),
            "Is Guest": "Yes",
            "Country/Region Name": pd.Series(who["country"].to_numpy()[rows])
            .map(COUNTRY_NAMES)
            .to_numpy(),
        }
    )
    width = len(_ATTENDEE_COLUMNS)
    unique_viewers = int(attended.sum())
    preamble = [
        ["Attendee Report"],
        ["Report Generated:", _at(event + np.timedelta64(3, "D"), "%b %d, %Y %I:%M %p")],
        ["Topic", "Webinar ID", "Actual Start Time", "Actual Duration (minutes)", "# Registered",
         "# Cancelled", "Unique Viewers", "Total Users", "Max Concurrent Views",
         "Enable Registration"],
        [topic, "845 2210 7736", _local(np.array([event]), "%b %d, %Y %I:%M %p")[0], "62",
         str(m), "0", str(unique_viewers), str(unique_viewers + 2), str(unique_viewers),
         "Yes"],
        ["Host Details"],
        ["Attended", "User Name (Original Name)", "Email", "Join Time", "Leave Time",
         "Time in Session (minutes)", "Is Guest", "Country/Region Name"],
        ["Yes", "Morgan Hale", "morgan.hale@vendor.example",
         _local(np.array([event - np.timedelta64(9 * 60, "s")]), _ZOOM_TIME)[0],
         _local(np.array([end + np.timedelta64(4 * 60, "s")]), _ZOOM_TIME)[0], "75", "No",
         "United States"],
        ["Panelist Details"],
        ["Attended", "User Name (Original Name)", "Email", "Join Time", "Leave Time",
         "Time in Session (minutes)", "Is Guest", "Country/Region Name"],
        ["Yes", "Dr. Priya Raman", "priya.raman@vendor.example",
         _local(np.array([event - np.timedelta64(5 * 60, "s")]), _ZOOM_TIME)[0],
         _local(np.array([end]), _ZOOM_TIME)[0], "67", "Yes", "United States"],
        ["Attendee Details"],
    ]  # fmt: skip
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerows(row + [""] * (width - len(row)) for row in preamble)
        body.to_csv(handle, index=False, lineterminator="\r\n")
    # the touches the report gives, each named by its line (the header is line 13)
    line = np.arange(len(rows)) + 13
    name = np.char.add(f"{path.name}:", line.astype(str))
    phone = body["Phone"].to_numpy()
    reg = register.iloc[rows[~second]].assign(
        touch_id=np.char.add(name[~second], ":register"), phone=phone[~second]
    )
    outcome = final.iloc[rows].assign(
        touch_id=np.char.add(name, np.where(shown, ":attend", ":no_show")),
        phone=phone,
        occurred_at=np.where(shown, joins, register["occurred_at"].to_numpy()[rows]),
    )
    return pd.concat([reg, outcome], ignore_index=True)


def zoom_registrants(touches: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    """The contact rows of the attendee report, for the ground truth: line and person."""
    lines = touches["touch_id"].str.split(":").str[1].astype(int)
    rows = touches.assign(source_row=lines).drop_duplicates("source_row")
    return pd.DataFrame(
        {
            "source": ZOOM,
            "source_row": rows["source_row"].to_numpy(),
            "email": rows["email"].to_numpy(),
            "phone": rows["phone"].to_numpy(),
            "person_key": rows["person_key"].to_numpy(),
        }
    ).sort_values("source_row", kind="stable")


# -- SendGrid ----------------------------------------------------------------------------

_EVENT = {"sent": "processed", "delivered": "delivered", "bounce": "bounce", "open": "open",
          "click": "click", "unsubscribe": "unsubscribe"}  # fmt: skip
FIRST_SEND = day(9)


def _sendgrid_batches(email: pd.DataFrame, rng: np.random.Generator, chunk: int) -> Iterator[str]:
    """The events as JSON text, in time order, a chunk at a time: each event type's own
    keys (no nulls), encoded by pandas."""
    events = email[email["kind"].isin(list(_EVENT))]
    when = events["occurred_at"].to_numpy().astype("datetime64[s]")
    events = events.iloc[np.argsort(when, kind="stable")].reset_index(drop=True)
    when = np.sort(when, kind="stable")
    send = ((when - FIRST_SEND).astype(np.int64) // (10 * 86_400)).clip(0)
    message, _ = pd.factorize(events["email"] + "|" + send.astype(str))
    event = events["kind"].map(_EVENT).to_numpy()
    engaged = np.isin(event, ["open", "click"])
    client = np.char.add(
        np.char.add(
            rng.choice(_CLIENT_NETWORKS, len(events)), rng.integers(0, 256, len(events)).astype(str)
        ),
        ips(rng, len(events), "."),
    )
    ip = np.where(events["ip"].ne("").to_numpy(), events["ip"].to_numpy(), client)
    frame = pd.DataFrame(
        {
            "email": events["email"].to_numpy(),
            "timestamp": _epoch(when),
            "event": event,
            "sg_event_id": events["touch_id"].to_numpy(),
            "sg_message_id": np.char.add(
                np.char.add("dAq3", np.char.zfill(message.astype(str), 7)),
                np.char.add(
                    np.char.add(".filterdrecv-7bd4d5b6c-x2kqp-1-66A3F0B1-", send.astype(str)), ".0"
                ),
            ),
            "category": "named-accounts",
            "singlesend_id": np.char.add(
                "5c1e7a40-4b2d-11f1-9e0b-0000000000", (send + 10).astype(str)
            ),
            "singlesend_name": events["campaign"].to_numpy(),
            "ip": np.where(engaged, ip, _SENDING_IP),
            "useragent": events["user_agent"].to_numpy(),
            "url": events["url"].to_numpy(),
            "sg_machine_open": events["noise"].eq("proxy_open").to_numpy(),
        }
    )
    keys = {
        "processed": ["email", "timestamp", "event", "sg_event_id", "sg_message_id", "category",
                      "singlesend_id", "singlesend_name"],
        "delivered": ["email", "timestamp", "event", "sg_event_id", "sg_message_id", "category",
                      "singlesend_id", "singlesend_name", "ip", "response", "tls"],
        "bounce": ["email", "timestamp", "event", "sg_event_id", "sg_message_id", "category",
                   "singlesend_id", "singlesend_name", "ip", "reason", "status", "type",
                   "bounce_classification"],
        "open": ["email", "timestamp", "event", "sg_event_id", "sg_message_id", "category",
                 "singlesend_id", "singlesend_name", "ip", "useragent", "sg_machine_open"],
        "click": ["email", "timestamp", "event", "sg_event_id", "sg_message_id", "category",
                  "singlesend_id", "singlesend_name", "ip", "useragent", "url"],
        "unsubscribe": ["email", "timestamp", "event", "sg_event_id", "sg_message_id",
                        "category", "singlesend_id", "singlesend_name"],
    }  # fmt: skip
    frame["response"] = "250 2.0.0 OK"
    frame["tls"] = 1
    frame["reason"] = "550 5.1.1 The email account that you tried to reach does not exist."
    frame["status"] = "5.1.1"
    frame["type"] = "bounce"
    frame["bounce_classification"] = "Invalid Address"
    for start in range(0, len(frame), chunk):
        part = frame.iloc[start : start + chunk]
        text = np.empty(len(part), dtype=object)
        for name, columns in keys.items():
            mask = (part["event"] == name).to_numpy()
            if mask.any():
                encoded = part.loc[mask, columns].to_json(orient="records", lines=True)
                text[mask] = encoded.rstrip("\n").split("\n")
        yield ",\n".join(text)


def sendgrid_events(
    path: Path, email: pd.DataFrame, rng: np.random.Generator, chunk: int = 100_000
) -> int:
    """The email sequence's events as one saved SendGrid Event Webhook body (a JSON array),
    written chunk by chunk. `sent` is SendGrid's `processed`; replies are not an ESP event
    (they land in the mailbox) and are left to the caller. Returns the events written."""
    written = 0
    with path.open("w", encoding="utf-8") as handle:
        handle.write("[\n")
        for text in _sendgrid_batches(email, rng, chunk):
            handle.write(",\n" if written else "")
            handle.write(text)
            written += text.count("\n") + 1
        handle.write("\n]\n")
    return written


# -- Google Ads --------------------------------------------------------------------------


def _number(values: np.ndarray, decimals: int) -> list[str]:
    return [f"{v:,.{decimals}f}" for v in values]


def google_ads_report(
    path: Path,
    campaign: str,
    days: np.ndarray,
    cost: np.ndarray,
    impressions: np.ndarray,
    clicks: np.ndarray,
    conversions: np.ndarray,
) -> None:
    """One campaign's days as Google Ads' campaign report download with the Day segment:
    UTF-16 with a byte-order mark, TAB-separated, a title and a date-range line, then the
    table and its "Total:" rows."""
    dates = pd.DatetimeIndex([str(day(float(d)))[:10] for d in days])
    first, last = dates[0], dates[-1]
    date_range = f"{first:%B} {first.day}, {first.year} - {last:%B} {last.day}, {last.year}"
    ctr = np.divide(clicks, impressions, out=np.zeros(len(days)), where=impressions > 0) * 100
    cpc = np.divide(cost, clicks, out=np.zeros(len(days)), where=clicks > 0)
    per_conv = np.divide(cost, conversions, out=np.zeros(len(days)), where=conversions > 0)
    body = pd.DataFrame(
        {
            "Campaign": campaign,
            "Campaign status": "Enabled",
            "Day": dates.strftime("%Y-%m-%d"),
            "Currency code": "USD",
            "Cost": _number(cost, 2),
            "Impr.": _number(impressions, 0),
            "Clicks": _number(clicks, 0),
            "CTR": np.where(impressions > 0, [f"{v:.2f}%" for v in ctr], "--"),
            "Avg. CPC": np.where(clicks > 0, _number(cpc, 2), "--"),
            "Conversions": _number(conversions, 2),
            "Cost / conv.": np.where(conversions > 0, _number(per_conv, 2), "--"),
            "Campaign type": "Demand Gen",
        }
    )
    total_cost, total_impr, total_clicks = cost.sum(), impressions.sum(), clicks.sum()
    total_conv = conversions.sum()
    totals = [
        [
            label, "--", "--", "USD", f"{total_cost:,.2f}", f"{total_impr:,.0f}",
            f"{total_clicks:,.0f}",
            f"{100 * total_clicks / total_impr:.2f}%" if total_impr else "--",
            f"{total_cost / total_clicks:,.2f}" if total_clicks else "--",
            f"{total_conv:,.2f}",
            f"{total_cost / total_conv:,.2f}" if total_conv else "--",
            "--",
        ]
        for label in ("Total: Account", "Total: Campaigns", "Total: Demand Gen")
    ]  # fmt: skip
    text = io.StringIO()
    text.write("Campaign report\r\n")
    text.write(date_range + "\r\n")
    body.to_csv(text, sep="\t", index=False, lineterminator="\r\n")
    for row in totals:
        text.write("\t".join(row) + "\r\n")
    path.write_bytes(b"\xff\xfe" + text.getvalue().encode("utf-16-le"))


def daily_counts(stamps: np.ndarray, days: np.ndarray) -> np.ndarray:
    """How many of the instants fall on each of the campaign's days."""
    offset = ((stamps.astype("datetime64[s]") - START).astype(np.int64) // 86_400).astype(int)
    counts = np.bincount(offset - int(days[0]), minlength=len(days))
    return counts[: len(days)]
