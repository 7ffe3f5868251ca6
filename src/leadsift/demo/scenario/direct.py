"""Direct campaigns: the targeted email sequence (with scanner clicks and proxy opens), the
webinar, telemarketing to named accounts, and the gated download (with spam sign-ups)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from leadsift.demo.scenario import names as n
from leadsift.demo.scenario.events import day, frame, ips, spread

EMAIL = "named-accounts-email"
WEBINAR = "webinar-practice-efficiency"
WEBINAR_TOPIC = "Practice Efficiency Live: a Leaner Front Desk"  # its title in Zoom
CALLS = "telemarketing-named-accounts"
CONTENT = "gated-guide-download"
LINKS = [
    "https://vendor.example/guide",
    "https://vendor.example/case-study",
    "https://vendor.example/demo",
]
UNSUBSCRIBE = "https://vendor.example/unsubscribe"


def email_sequence(rng: np.random.Generator, people: pd.DataFrame, sends: int = 4) -> pd.DataFrame:
    """Four emails, ten days apart, to people at named accounts and other in-market contacts."""
    chosen = people[
        people["at_target_account"]
        | (people["in_target_market"] & (rng.random(len(people)) < 0.35))
    ]
    m = len(chosen)
    # recipients behind a security gateway get every link clicked by a scanner; Apple Mail
    # users' opens are all "opened" by Apple's privacy proxy right after delivery
    gateway = rng.random(m) < 0.3
    apple = rng.random(m) < 0.4
    keen = chosen["would_take_meeting"].to_numpy()
    parts: list[pd.DataFrame] = []
    for send in range(sends):
        sent_at = np.full(m, day(9 + 10 * send)) + rng.integers(13 * 3600, 15 * 3600, m).astype(
            "timedelta64[s]"
        )
        keys = chosen["person_key"].to_numpy()
        mail = chosen["email"].to_numpy()
        bounced = rng.random(m) < 0.03
        delivered = ~bounced
        parts.append(frame(EMAIL, "email", "sent", sent_at, keys, email=mail))
        parts.append(
            frame(
                EMAIL,
                "email",
                np.where(bounced, "bounce", "delivered"),
                sent_at + np.timedelta64(2, "s"),
                keys,
                email=mail,
            )
        )
        d = delivered
        # privacy-proxy opens: seconds after delivery, from Apple's network
        proxy = d & apple
        lag = rng.integers(1, 30, m)
        parts.append(
            frame(
                EMAIL,
                "email",
                "open",
                (sent_at + lag.astype("timedelta64[s]"))[proxy],
                keys[proxy],
                False,
                "proxy_open",
                email=mail[proxy],
                ip=ips(rng, int(proxy.sum()), "17.58."),
                user_agent=n.PROXY_AGENT,
                seconds_since_send=lag[proxy],
            )
        )
        # human opens and clicks, hours later
        human_open = d & (rng.random(m) < np.where(keen, 0.6, 0.3))
        open_lag = rng.integers(600, 3 * 86_400, m)
        parts.append(
            frame(
                EMAIL,
                "email",
                "open",
                (sent_at + open_lag.astype("timedelta64[s]"))[human_open],
                keys[human_open],
                email=mail[human_open],
                user_agent=rng.choice(n.HUMAN_AGENTS, int(human_open.sum())),
                seconds_since_send=open_lag[human_open],
            )
        )
        human_click = human_open & (rng.random(m) < np.where(keen, 0.45, 0.12))
        click_lag = open_lag + rng.integers(5, 300, m)
        parts.append(
            frame(
                EMAIL,
                "email",
                "click",
                (sent_at + click_lag.astype("timedelta64[s]"))[human_click],
                keys[human_click],
                email=mail[human_click],
                url=rng.choice(LINKS, int(human_click.sum())),
                user_agent=rng.choice(n.HUMAN_AGENTS, int(human_click.sum())),
                seconds_since_send=click_lag[human_click],
            )
        )
        # scanners: every link, the unsubscribe link included, within the same second
        scanned = d & gateway
        scan_lag = rng.integers(1, 20, m)
        for url in [*LINKS, UNSUBSCRIBE]:
            parts.append(
                frame(
                    EMAIL,
                    "email",
                    "click",
                    (sent_at + scan_lag.astype("timedelta64[s]"))[scanned],
                    keys[scanned],
                    False,
                    "scanner_click",
                    email=mail[scanned],
                    url=url,
                    ip=ips(rng, int(scanned.sum()), "52.94."),
                    user_agent=rng.choice(n.SCANNER_AGENTS, int(scanned.sum())),
                    seconds_since_send=scan_lag[scanned],
                )
            )
        replied = human_open & (rng.random(m) < np.where(keen, 0.12, 0.008))
        reply_lag = open_lag + rng.integers(600, 86_400, m)
        parts.append(
            frame(
                EMAIL,
                "email",
                "reply",
                (sent_at + reply_lag.astype("timedelta64[s]"))[replied],
                keys[replied],
                email=mail[replied],
            )
        )
        unsubscribed = human_open & ~keen & (rng.random(m) < 0.02)
        parts.append(
            frame(
                EMAIL,
                "email",
                "unsubscribe",
                (sent_at + click_lag.astype("timedelta64[s]"))[unsubscribed],
                keys[unsubscribed],
                email=mail[unsubscribed],
                url=UNSUBSCRIBE,
            )
        )
    result = pd.concat(parts, ignore_index=True)
    result["touch_id"] = "em-" + pd.Series(np.arange(len(result))).astype(str)
    return result


def webinar(rng: np.random.Generator, people: pd.DataFrame, share: float) -> pd.DataFrame:
    """Registrations over three weeks, attendance on the day; no touch ids in this export."""
    p = np.where(people["in_target_market"], share * 2.0, share * 0.3)
    p = np.where(people["would_take_meeting"], np.minimum(0.5, share * 8), p)
    chosen = people[rng.random(len(people)) < p]
    m = len(chosen)
    keys = chosen["person_key"].to_numpy()
    # some register with their personal address
    mail = np.where(rng.random(m) < 0.15, chosen["personal_email"], chosen["email"])
    registered = spread(rng, m, 50, 73)
    event = day(74) + np.timedelta64(17 * 3600, "s")
    attended = rng.random(m) < np.where(chosen["would_take_meeting"], 0.75, 0.45)
    join = event + rng.integers(0, 900, m).astype("timedelta64[s]")
    return pd.concat(
        [
            frame(WEBINAR, "webinar", "register", registered, keys, email=mail),
            frame(
                WEBINAR,
                "webinar",
                np.where(attended, "attend", "no_show"),
                np.where(attended, join, event),
                keys,
                email=mail,
            ),
        ],
        ignore_index=True,
    )


def _formatted_phone(rng: np.random.Generator, digits: pd.Series) -> np.ndarray:
    area, mid, last = digits.str[:3], digits.str[3:6], digits.str[6:]
    styles = np.stack(
        [
            ("+1 (" + area + ") " + mid + "-" + last).to_numpy(),
            (area + "." + mid + "." + last).to_numpy(),
            (area + "-" + mid + "-" + last).to_numpy(),
            ("+1" + digits).to_numpy(),
        ]
    )
    return styles[rng.integers(0, 4, len(digits)), np.arange(len(digits))]


def telemarketing(rng: np.random.Generator, people: pd.DataFrame) -> pd.DataFrame:
    """Calls to people at named target accounts, known to the call log only by phone."""
    chosen = people[people["at_target_account"] & people["phone"].ne("")]
    m = len(chosen)
    keys = chosen["person_key"].to_numpy()
    phone = _formatted_phone(rng, chosen["phone"])
    keen = chosen["would_take_meeting"].to_numpy()
    attempts = rng.integers(1, 4, m)
    rows = np.repeat(np.arange(m), attempts)
    at = spread(rng, len(rows), 61, 121)
    parts = [frame(CALLS, "phone", "call_attempt", at, keys[rows], phone=phone[rows])]
    connected = rng.random(m) < 0.45
    talk = spread(rng, m, 61, 121)
    parts.append(
        frame(
            CALLS,
            "phone",
            np.where(connected, "call_connected", "voicemail"),
            talk,
            keys,
            phone=phone,
        )
    )
    positive = connected & keen & (rng.random(m) < 0.65)
    negative = connected & ~positive & (rng.random(m) < 0.5)
    parts.append(
        frame(
            CALLS,
            "phone",
            "call_positive",
            talk[positive] + np.timedelta64(60, "s"),
            keys[positive],
            phone=phone[positive],
        )
    )
    parts.append(
        frame(
            CALLS,
            "phone",
            "call_negative",
            talk[negative] + np.timedelta64(60, "s"),
            keys[negative],
            phone=phone[negative],
        )
    )
    booked = positive & (rng.random(m) < 0.5)
    parts.append(
        frame(
            CALLS,
            "phone",
            "meeting_booked",
            talk[booked] + np.timedelta64(120, "s"),
            keys[booked],
            phone=phone[booked],
        )
    )
    result = pd.concat(parts, ignore_index=True)
    result["touch_id"] = "call-" + pd.Series(np.arange(len(result))).astype(str)
    return result


def gated_download(
    rng: np.random.Generator, people: pd.DataFrame, share: float, spam: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Real sign-ups (form + download) and spam sign-ups; returns touches and the spammers."""
    p = np.where(people["in_target_market"], share * 1.5, share * 0.6)
    chosen = people[rng.random(len(people)) < p]
    m = len(chosen)
    at = spread(rng, m, 122, 183)
    keys = chosen["person_key"].to_numpy()
    mail = chosen["email"].to_numpy()
    parts = [
        frame(CONTENT, "content", "form_submit", at, keys, email=mail, url=LINKS[0]),
        frame(
            CONTENT,
            "content",
            "download",
            at + np.timedelta64(3, "s"),
            keys,
            email=mail,
            url=LINKS[0],
        ),
    ]
    spam_keys = np.char.add("S", np.arange(spam).astype(str))
    gibberish = np.array(["".join(row) for row in rng.choice(list("qwrtzxcvbnmkjh"), (spam, 8))])
    kind = rng.choice(["disposable", "role", "gibberish"], spam, p=[0.5, 0.2, 0.3])
    domains = rng.choice(n.DISPOSABLE, spam)
    spam_mail = np.where(
        kind == "disposable",
        np.char.add(np.char.add(gibberish, "@"), domains),
        np.where(
            kind == "role",
            np.char.add(
                rng.choice(["info@", "admin@", "test@", "sales@"], spam),
                rng.choice(["example.com", "test.example", "mail.example"], spam),
            ),
            np.char.add(gibberish, "@gmail.com"),
        ),
    )
    # half of the spam arrives in bursts from one network within minutes
    burst = rng.random(spam) < 0.5
    burst_at = (
        day(140)
        + np.timedelta64(3 * 3600, "s")
        + rng.integers(0, 600, spam).astype("timedelta64[s]")
    )
    spam_at = np.where(burst, burst_at, spread(rng, spam, 122, 183))
    spam_ip = np.where(burst, ips(rng, spam, "185.220.")[0], ips(rng, spam, "103.21."))
    parts.append(
        frame(
            CONTENT,
            "content",
            "form_submit",
            spam_at,
            spam_keys,
            False,
            "spam_signup",
            email=spam_mail,
            ip=spam_ip,
            value=rng.integers(1, 4, spam),
            url=LINKS[0],
        )
    )
    result = pd.concat(parts, ignore_index=True)
    result["touch_id"] = "dl-" + pd.Series(np.arange(len(result))).astype(str)
    spammers = pd.DataFrame(
        {
            "person_key": spam_keys,
            "kind": "spammer",
            "email": spam_mail,
            "first_name": gibberish,
            "spam_kind": kind,
        }
    )
    return result, spammers
