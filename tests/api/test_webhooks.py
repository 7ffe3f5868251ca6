"""Webhook receivers in process: each tool's signature over the raw body (with the vectors
the tools publish where they do), its events stored once through the tool's own column map,
and a request that is not the tool's, or is stale, or is bad, leaving nothing behind."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from leadsift.api import webhooks as routes
from leadsift.api.app import create_app
from leadsift.config.settings import load_settings
from leadsift.ingest.webhooks import hubspot, standard
from leadsift.workspace.workspace import Workspace
from tests.helpers import count_rows, query

CONFIG = """
[service.webhooks.sendgrid]
provider = "sendgrid"
secret_env = "TEST_SENDGRID_KEY"

[service.webhooks.mailgun]
provider = "mailgun"
secret_env = "TEST_MAILGUN_KEY"
campaign = "spring-webinar"

[service.webhooks.hubspot]
provider = "hubspot"
secret_env = "TEST_HUBSPOT_SECRET"

[service.webhooks.mailchimp]
provider = "mailchimp"
secret_env = "TEST_MAILCHIMP_KEY"

[service.webhooks.app]
provider = "standard"
secret_env = "TEST_STANDARD_SECRET"
"""

# Twilio SendGrid's own test vector: sendgrid/sendgrid-python test/unit/test_eventwebhook.py
SG_PUBLIC_KEY = (
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE83T4O/n84iotIvIW4mdBgQ/7dAfSmpqIM8kF9mN1flpVKS3GRqe62"
    "gw+2fNNRaINXvVpiglSI8eNEc6wEA3F+g=="
)
SG_SIGNATURE = (
    "MEUCIGHQVtGj+Y3LkG9fLcxf3qfI10QysgDWmMOVmxG0u6ZUAiEAyBiXDWzM+uOe5W0JuG+luQAbPIqHh89M15TluL"
    "tEZtM="
)
SG_TIMESTAMP = "1600112502"
SG_PAYLOAD = json.dumps(
    [{
        "email": "hello@world.com", "event": "dropped", "reason": "Bounced Address",
        "sg_event_id": "ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA",
        "sg_message_id":
            "LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0",
        "smtp-id": "<LRzXl_NHStOGhQ4kofSm_A@ismtpd0039p1iad1.sendgrid.net>",
        "timestamp": 1600112492,
    }],
    sort_keys=True, separators=(",", ":"),
) + "\r\n"  # fmt: skip
# Standard Webhooks' own vector: standard-webhooks/standard-webhooks
# libraries/python/tests/test_webhooks.py (test_sign_function)
SW_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SW_ID, SW_TIMESTAMP, SW_PAYLOAD = (
    "msg_p5jXN8AQM9LWM0D4loKWxJek",
    "1614265330",
    '{"test": 2432232314}',
)
SW_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
# HubSpot's request-validation docs: the example client secret and webhook body
HS_SECRET = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy"
HS_BODY = (
    '[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,'
    '"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,'
    '"changeSource":"CRM","changeFlag":"NEW","appId":54321}]'
)
HS_V1_HASH = "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de"
# Mailgun's "Securing Webhooks" docs: the example token and timestamp (no key is published)
MG_KEY = "test-webhook-signing-key"
MG_TOKEN, MG_TIMESTAMP = "e0b5477167110d68991efc6b9f89f0a11066af27834600e123", "1770920772"
MC_KEY = "a-long-random-url-key"


@pytest.fixture
def hooked(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    path = workspace.settings_path
    path.write_text(path.read_text(encoding="utf-8") + CONFIG, encoding="utf-8")
    monkeypatch.setenv("TEST_SENDGRID_KEY", SG_PUBLIC_KEY)
    monkeypatch.setenv("TEST_MAILGUN_KEY", MG_KEY)
    monkeypatch.setenv("TEST_HUBSPOT_SECRET", HS_SECRET)
    monkeypatch.setenv("TEST_MAILCHIMP_KEY", MC_KEY)
    monkeypatch.setenv("TEST_STANDARD_SECRET", SW_SECRET)
    return Workspace(root=Path(workspace.root), settings=load_settings(path))


def _at(monkeypatch: pytest.MonkeyPatch, when: float) -> None:
    monkeypatch.setattr(routes, "_clock", lambda: when)


Call = tuple[str, str, bytes, dict[str, str]]


async def _send_all(workspace: Workspace, calls: list[Call]) -> list[httpx.Response]:
    app = create_app(workspace)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://leadsift") as client:
            return [
                await client.request(method, path, content=body, headers=headers)
                for method, path, body, headers in calls
            ]


def _send(workspace: Workspace, *calls: Call) -> list[httpx.Response]:
    return asyncio.run(_send_all(workspace, list(calls)))


def _ids(workspace: Workspace) -> list[str]:
    return [r.message_id for r in query(workspace, "SELECT message_id FROM api_messages")]


def _nothing_stored(workspace: Workspace) -> None:
    for table in ("touches", "contacts", "api_messages", "audit_log"):
        assert count_rows(workspace, table) == 0, table


# --- SendGrid -----------------------------------------------------------------------------


def _sendgrid(body: str, timestamp: str, signature: str) -> Call:
    headers = {
        "Content-Type": "application/json",
        "X-Twilio-Email-Event-Webhook-Signature": signature,
        "X-Twilio-Email-Event-Webhook-Timestamp": timestamp,
    }
    return ("POST", "/v1/webhooks/sendgrid", body.encode(), headers)


def test_sendgrid_published_vector(hooked: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    _at(monkeypatch, int(SG_TIMESTAMP) + 30)
    first, again = _send(hooked, *[_sendgrid(SG_PAYLOAD, SG_TIMESTAMP, SG_SIGNATURE)] * 2)
    assert first.status_code == 200, first.text
    # a dropped message is left out by the map, as in a saved webhook body; its id is kept
    assert first.json()["left_out"] == {"dropped": 1} and first.json()["stored"] == {}
    assert again.status_code == 200 and again.json()["repeated"] == 1
    assert _ids(hooked) == ["sendgrid:ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA"]
    entries = query(hooked, "SELECT api_key_id, action FROM audit_log ORDER BY id")
    assert [(e.api_key_id, e.action) for e in entries] == [(None, "POST /v1/webhooks/sendgrid")] * 2


def test_sendgrid_refuses_tampered_stale_and_unsigned(
    hooked: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    tampered = SG_PAYLOAD.replace("hello@world.com", "mallory@example.com")
    _at(monkeypatch, int(SG_TIMESTAMP) + 30)
    bad, unsigned = _send(
        hooked,
        _sendgrid(tampered, SG_TIMESTAMP, SG_SIGNATURE),
        ("POST", "/v1/webhooks/sendgrid", SG_PAYLOAD.encode(), {}),
    )
    assert bad.status_code == 401 and "does not match" in bad.json()["detail"]
    assert unsigned.status_code == 401 and "Signature" in unsigned.json()["detail"]
    _at(monkeypatch, int(SG_TIMESTAMP) + 301)
    (old,) = _send(hooked, _sendgrid(SG_PAYLOAD, SG_TIMESTAMP, SG_SIGNATURE))
    assert old.status_code == 401 and "old, outside the 5 minutes" in old.json()["detail"]
    _at(monkeypatch, int(SG_TIMESTAMP) - 301)
    (future,) = _send(hooked, _sendgrid(SG_PAYLOAD, SG_TIMESTAMP, SG_SIGNATURE))
    assert future.status_code == 401 and "in the future" in future.json()["detail"]
    _nothing_stored(hooked)


def _sendgrid_key(monkeypatch: pytest.MonkeyPatch) -> tuple[ec.EllipticCurvePrivateKey, int]:
    """A signing key of our own, its public half configured as SendGrid's, and the time."""
    key = ec.generate_private_key(ec.SECP256R1())
    der = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    monkeypatch.setenv("TEST_SENDGRID_KEY", base64.b64encode(der).decode())
    now = int(time.time())
    _at(monkeypatch, now)
    return key, now


def _sendgrid_signed(
    key: ec.EllipticCurvePrivateKey, events: list[dict[str, Any]], now: int
) -> Call:
    body = json.dumps(events)
    signature = key.sign(f"{now}{body}".encode(), ec.ECDSA(hashes.SHA256()))
    return _sendgrid(body, str(now), base64.b64encode(signature).decode())


def test_sendgrid_events_become_touches_once(
    hooked: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    key, now = _sendgrid_key(monkeypatch)
    common = {"email": "ana@clinic.example", "timestamp": now - 60, "singlesend_name": "Winter"}
    events = [
        {**common, "event": "processed", "sg_event_id": "sg-1"},
        {**common, "event": "delivered", "sg_event_id": "sg-2", "ip": "168.1.1.1"},
        {**common, "event": "open", "sg_event_id": "sg-3", "ip": "203.0.113.9",
         "useragent": "Mozilla/5.0"},
        {**common, "event": "click", "sg_event_id": "sg-4", "url": "https://vendor.example/demo",
         "category": ["newsletter", "q4"]},
    ]  # fmt: skip
    first, again = _send(
        hooked, _sendgrid_signed(key, events, now), _sendgrid_signed(key, events, now)
    )
    assert first.status_code == 200, first.text
    assert first.json()["stored"] == {"touches": 3} and first.json()["left_out"] == {"processed": 1}
    assert again.json()["repeated"] == 4 and again.json()["stored"] == {}
    touches = query(
        hooked, "SELECT touch_id, kind, email, campaign, ip, url FROM touches ORDER BY touch_id"
    )
    assert [(t.touch_id, t.kind, t.campaign) for t in touches] == [
        ("sg-2", "delivered", "Winter"), ("sg-3", "open", "Winter"), ("sg-4", "click", "Winter")
    ]  # fmt: skip
    assert touches[0].ip is None  # SendGrid's sending IP is not the recipient's
    assert touches[1].ip == "203.0.113.9" and touches[2].url == "https://vendor.example/demo"
    # the delivery is in the import log and its rows carry it: incremental scoring sees them
    logged = query(hooked, "SELECT id, file, rows_new FROM imports WHERE format = 'api'")
    assert [(e.file, e.rows_new) for e in logged] == [("leadsift serve: sendgrid webhook", 3)]
    carried = query(hooked, "SELECT DISTINCT import_id FROM touches")
    assert [c.import_id for c in carried] == [logged[0].id]


def test_sendgrid_bad_event_refuses_the_delivery(
    hooked: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    key, now = _sendgrid_key(monkeypatch)
    good = {"email": "ana@clinic.example", "timestamp": now, "event": "open", "sg_event_id": "a"}
    no_email = {"timestamp": now, "event": "open", "sg_event_id": "b"}
    bad_time = {**good, "sg_event_id": "c", "timestamp": "yesterday"}
    broken_signature = key.sign(f"{now}[{{not json".encode(), ec.ECDSA(hashes.SHA256()))
    missing, unparsable, broken = _send(
        hooked,
        _sendgrid_signed(key, [good, no_email], now),
        _sendgrid_signed(key, [good, bad_time], now),
        _sendgrid("[{not json", str(now), base64.b64encode(broken_signature).decode()),
    )
    assert missing.status_code == 400
    assert missing.json()["detail"] == "event 1 (sendgrid:b): email (the recipient) is missing"
    assert unparsable.status_code == 400
    assert unparsable.json()["detail"].startswith("event 1 (sendgrid:c): timestamp (occurred_at)")
    assert broken.status_code == 400 and "not JSON" in broken.json()["detail"]
    _nothing_stored(hooked)


# --- Mailgun ------------------------------------------------------------------------------


def _mailgun(event: dict[str, Any], token: str = MG_TOKEN, key: str = MG_KEY) -> Call:
    signature = hmac.new(key.encode(), f"{MG_TIMESTAMP}{token}".encode(), hashlib.sha256)
    body = {
        "signature": {
            "token": token,
            "timestamp": MG_TIMESTAMP,
            "signature": signature.hexdigest(),
        },
        "event-data": event,
    }
    return (
        "POST",
        "/v1/webhooks/mailgun",
        json.dumps(body).encode(),
        {"Content-Type": "application/json"},
    )


MG_DELIVERED = {
    "event": "delivered", "id": "CPgfbmQMTCKtHW6uIWtuVe", "timestamp": 1770920770.518243,
    "recipient": "alice@example.com", "log-level": "info",
    "message": {"headers": {"message-id": "20130503182626.18666.16540@example.com"}},
    "envelope": {"sending-ip": "209.61.154.250"}, "tags": ["my_tag_1"],
}  # fmt: skip


def test_mailgun_event_stored_once_and_token_taken_once(
    hooked: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    _at(monkeypatch, int(MG_TIMESTAMP) + 5)
    bounce = {**MG_DELIVERED, "event": "failed", "severity": "permanent", "id": "mg-fail"}
    first, retry, replay, failed = _send(
        hooked,
        _mailgun(MG_DELIVERED),
        _mailgun(MG_DELIVERED, token="a-new-token-for-the-retry-of-the-same-event-000000"),
        _mailgun({**MG_DELIVERED, "id": "other"}),  # a new event under a used token
        _mailgun(bounce, token="token-of-the-bounce-event-00000000000000000000000000"),
    )
    assert first.status_code == 200 and first.json()["stored"] == {"touches": 1}, first.text
    assert retry.status_code == 200 and retry.json()["repeated"] == 1
    assert replay.status_code == 401 and "used before" in replay.json()["detail"]
    assert failed.status_code == 200 and failed.json()["stored"] == {"touches": 1}
    touches = query(
        hooked, "SELECT touch_id, kind, email, campaign, occurred_at FROM touches ORDER BY id"
    )
    assert [(t.touch_id, t.kind, t.campaign) for t in touches] == [
        ("CPgfbmQMTCKtHW6uIWtuVe", "delivered", "spring-webinar"),
        ("mg-fail", "bounce", "spring-webinar"),
    ]
    assert str(touches[0].occurred_at).startswith("2026-02-12 18:26:10")


def test_mailgun_refuses_a_bad_signature_and_a_stale_one(
    hooked: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    _at(monkeypatch, int(MG_TIMESTAMP) + 5)
    (forged,) = _send(hooked, _mailgun(MG_DELIVERED, key="not-the-key"))
    assert forged.status_code == 401 and "does not match" in forged.json()["detail"]
    _at(monkeypatch, int(MG_TIMESTAMP) + 3600)
    (stale,) = _send(hooked, _mailgun(MG_DELIVERED))
    assert stale.status_code == 401 and "3,600 s old" in stale.json()["detail"]
    _nothing_stored(hooked)


# --- HubSpot ------------------------------------------------------------------------------


def _hubspot(
    body: str, ms: int, secret: str = HS_SECRET, path: str = "/v1/webhooks/hubspot"
) -> Call:
    url = f"http://leadsift{path}"
    source = f"POST{url}{body}{ms}".encode()
    signature = base64.b64encode(hmac.new(secret.encode(), source, hashlib.sha256).digest())
    headers = {"X-HubSpot-Signature-v3": signature.decode(), "X-HubSpot-Request-Timestamp": str(ms),
               "Content-Type": "application/json"}  # fmt: skip
    return ("POST", path, body.encode(), headers)


def test_hubspot_documented_example(hooked: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    # the body is HubSpot's to the byte: its v1 hash is the one the docs publish
    assert hashlib.sha256((HS_SECRET + HS_BODY).encode()).hexdigest() == HS_V1_HASH
    now = time.time()
    _at(monkeypatch, now)
    ms = int(now * 1000) - 2000
    email = json.dumps([{
        "id": "e-77", "created": ms - 60_000, "type": "OPEN", "recipient": "ana@clinic.example",
        "emailCampaignId": 4242, "portalId": 62515, "appId": 54321, "userAgent": "Mozilla/5.0",
    }])  # fmt: skip
    crm, again, opened, forged = _send(
        hooked, _hubspot(HS_BODY, ms), _hubspot(HS_BODY, ms), _hubspot(email, ms),
        _hubspot(email.replace("e-77", "e-78"), ms, secret="another app's secret"),
    )  # fmt: skip
    assert crm.status_code == 200 and crm.json()["left_out"] == {"contact.creation": 1}, crm.text
    assert again.json()["repeated"] == 1
    assert opened.status_code == 200 and opened.json()["stored"] == {"touches": 1}, opened.text
    assert forged.status_code == 401
    (touch,) = query(hooked, "SELECT touch_id, kind, campaign, user_agent FROM touches")
    assert tuple(touch) == ("e-77", "open", "4242", "Mozilla/5.0")
    assert sorted(_ids(hooked)) == ["hubspot:1", "hubspot:e-77"]


def test_hubspot_refuses_stale_and_names_a_bad_event(
    hooked: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = time.time()
    _at(monkeypatch, now)
    no_recipient = json.dumps([{"id": "e-1", "created": int(now * 1000), "type": "OPEN"}])
    stale, bad = _send(
        hooked,
        _hubspot(HS_BODY, int(now * 1000) - 301_000),
        _hubspot(no_recipient, int(now * 1000)),
    )
    assert stale.status_code == 401 and "X-HubSpot-Request-Timestamp" in stale.json()["detail"]
    assert bad.status_code == 400
    assert (
        bad.json()["detail"]
        == "event 0 (hubspot:e-1): recipient (the recipient's email) is missing"
    )
    _nothing_stored(hooked)


def test_hubspot_uri_is_decoded_as_hubspot_signs_it() -> None:
    assert (
        hubspot.signed_uri("https://example.com/hook%3Fa?x=%40b%2Cc&y=%2a%20")
        == "https://example.com/hook?a?x=@b,c&y=*%20"
    )


# --- Mailchimp ----------------------------------------------------------------------------


def _mailchimp(fields: dict[str, str], key: str = MC_KEY) -> Call:
    headers = {"Content-Type": "application/x-www-form-urlencoded", "User-Agent": "MailChimp"}
    return ("POST", f"/v1/webhooks/mailchimp?key={key}", urlencode(fields).encode(), headers)


# Mailchimp's documented webhook payloads ("Synchronize audience data with webhooks")
MC_SUBSCRIBE = {
    "type": "subscribe", "fired_at": "2009-03-26 21:35:57", "data[id]": "8a25ff1d98",
    "data[list_id]": "a6b5da1054", "data[email]": "api@mailchimp.com", "data[email_type]": "html",
    "data[merges][EMAIL]": "api@mailchimp.com", "data[merges][FNAME]": "Mailchimp",
    "data[merges][LNAME]": "API", "data[merges][INTERESTS]": "Group1,Group2",
    "data[ip_opt]": "10.20.10.30", "data[ip_signup]": "10.20.10.30", "data[web_id]": "123456",
}  # fmt: skip
MC_UNSUBSCRIBE = {
    "type": "unsubscribe", "fired_at": "2009-03-26 21:40:57", "data[action]": "unsub",
    "data[reason]": "manual", "data[id]": "8a25ff1d98", "data[list_id]": "a6b5da1054",
    "data[email]": "api+unsub@mailchimp.com", "data[email_type]": "html",
    "data[merges][EMAIL]": "api+unsub@mailchimp.com", "data[merges][FNAME]": "Mailchimp",
    "data[merges][LNAME]": "API", "data[ip_opt]": "10.20.10.30", "data[campaign_id]": "cb398d21d2",
}  # fmt: skip


def test_mailchimp_url_check_and_events(hooked: Workspace) -> None:
    check, wrong, subscribe, unsubscribe, again, campaign = _send(
        hooked,
        ("GET", f"/v1/webhooks/mailchimp?key={MC_KEY}", b"", {}),
        _mailchimp(MC_SUBSCRIBE, key="guessed"),
        _mailchimp(MC_SUBSCRIBE),
        _mailchimp(MC_UNSUBSCRIBE),
        _mailchimp(MC_UNSUBSCRIBE),
        _mailchimp({"type": "campaign", "fired_at": "2009-03-26 21:31:21", "data[id]": "5aa2102003",
                    "data[subject]": "Test Campaign Subject", "data[status]": "sent",
                    "data[reason]": "", "data[list_id]": "a6b5da1054"}),
    )  # fmt: skip
    assert check.status_code == 200
    assert wrong.status_code == 401
    assert subscribe.status_code == 200 and subscribe.json()["stored"] == {"contacts": 1}
    assert unsubscribe.json()["stored"] == {"contacts": 1, "touches": 1}, unsubscribe.text
    assert again.json()["repeated"] == 1
    assert campaign.json()["left_out"] == {"campaign (names no person)": 1}
    people = query(
        hooked, "SELECT email, first_name, last_name, source_id, source_type, created_at"
        " FROM contacts ORDER BY email",
    )  # fmt: skip
    assert [(p.email, p.first_name, p.last_name, p.source_id, p.source_type) for p in people] == [
        ("api+unsub@mailchimp.com", "Mailchimp", "API", None, "list"),
        ("api@mailchimp.com", "Mailchimp", "API", "123456", "list"),
    ]
    assert str(people[1].created_at).startswith("2009-03-26 21:35:57")
    (touch,) = query(hooked, "SELECT kind, email, campaign, occurred_at FROM touches")
    assert (touch.kind, touch.email, touch.campaign) == (
        "unsubscribe",
        "api+unsub@mailchimp.com",
        "cb398d21d2",
    )


def test_mailchimp_bad_events(hooked: Workspace) -> None:
    no_email, malformed, no_key = _send(
        hooked,
        _mailchimp({"type": "profile", "fired_at": "2009-03-26 21:31:21", "data[list_id]": "x"}),
        ("POST", f"/v1/webhooks/mailchimp?key={MC_KEY}", b"type=subscribe&&=%zz", {}),
        ("POST", "/v1/webhooks/mailchimp", urlencode(MC_SUBSCRIBE).encode(), {}),
    )
    assert no_email.status_code == 400
    assert "event 0 (mailchimp:" in no_email.json()["detail"]
    assert "data.email (the member's email) is missing" in no_email.json()["detail"]
    assert malformed.status_code == 400 and "not a form" in malformed.json()["detail"]
    assert no_key.status_code == 401
    _nothing_stored(hooked)


# --- Standard Webhooks --------------------------------------------------------------------


def _standard(body: str, message_id: str, timestamp: str, signature: str | None = None) -> Call:
    signature = signature or standard.sign(SW_SECRET, message_id, timestamp, body.encode())
    headers = {"webhook-id": message_id, "webhook-timestamp": timestamp,
               "webhook-signature": signature, "Content-Type": "application/json"}  # fmt: skip
    return ("POST", "/v1/webhooks/app", body.encode(), headers)


def test_standard_webhooks_published_vector(
    hooked: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert standard.sign(SW_SECRET, SW_ID, SW_TIMESTAMP, SW_PAYLOAD.encode()) == SW_SIGNATURE
    rotated = f"v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= {SW_SIGNATURE}"
    _at(monkeypatch, int(SW_TIMESTAMP) + 1)
    # signed as the spec's vector says, but a body that is no tracking call: refused whole
    (taken,) = _send(hooked, _standard(SW_PAYLOAD, SW_ID, SW_TIMESTAMP, rotated))
    assert taken.status_code == 400 and taken.json()["detail"].startswith(f"event 0 ({SW_ID})")
    _at(monkeypatch, int(SW_TIMESTAMP) + 301)
    (stale,) = _send(hooked, _standard(SW_PAYLOAD, SW_ID, SW_TIMESTAMP, SW_SIGNATURE))
    assert stale.status_code == 401 and "webhook-timestamp" in stale.json()["detail"]
    _at(monkeypatch, int(SW_TIMESTAMP))
    (wrong,) = _send(hooked, _standard(SW_PAYLOAD, SW_ID, SW_TIMESTAMP, SW_SIGNATURE[:-2] + "A="))
    assert wrong.status_code == 401
    _nothing_stored(hooked)


def test_standard_webhooks_calls_taken_once(
    hooked: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = int(time.time())
    _at(monkeypatch, now)
    call = {
        "type": "track", "userId": "u-17", "event": "Email Link Clicked",
        "timestamp": "2026-11-30T09:15:00Z", "context": {"traits": {"email": "ana@clinic.example"}},
        "properties": {"url": "https://vendor.example/pricing", "campaign": "winter"},
    }  # fmt: skip
    batch = json.dumps([call, {**call, "event": "Email Opened"}])
    first, again = _send(hooked, *[_standard(batch, "msg_2", str(now))] * 2)
    assert first.status_code == 200 and first.json()["stored"] == {"touches": 2}, first.text
    assert again.json()["repeated"] == 2 and count_rows(hooked, "touches") == 2
    assert sorted(_ids(hooked)) == ["msg_2:0", "msg_2:1", "standard:msg_2"]


# --- configuration ------------------------------------------------------------------------


def test_unconfigured_and_secretless_webhooks(
    hooked: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TEST_SENDGRID_KEY")
    unknown, secretless = _send(
        hooked,
        ("POST", "/v1/webhooks/klaviyo", b"[]", {}),
        _sendgrid(SG_PAYLOAD, SG_TIMESTAMP, SG_SIGNATURE),
    )
    assert unknown.status_code == 404
    assert "[service.webhooks.klaviyo]" in unknown.json()["detail"]
    assert "secret_env" in unknown.json()["detail"]
    assert secretless.status_code == 503 and "$TEST_SENDGRID_KEY" in secretless.json()["detail"]


def test_events_of_erased_people_are_counted_never_stored(
    hooked: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from leadsift.app.privacy import erase_people
    from leadsift.app.session import open_session

    with open_session(hooked) as session:
        erase_people(session, ["Ana@Clinic.example"], reason="asked")  # matches no one yet
    key, now = _sendgrid_key(monkeypatch)
    events = [
        {"email": "ana@clinic.example", "timestamp": now - 60, "event": "open",
         "sg_event_id": "sg-a"},
        {"email": "bo@clinic.example", "timestamp": now - 60, "event": "open",
         "sg_event_id": "sg-b"},
    ]  # fmt: skip
    first, again = _send(
        hooked, _sendgrid_signed(key, events, now), _sendgrid_signed(key, events, now)
    )
    assert first.status_code == 200, first.text
    assert first.json()["stored"] == {"touches": 1}
    assert first.json()["left_out"] == {"of suppressed people": 1}
    assert again.json()["repeated"] == 2  # a retry of the erased person's event stays out too
    assert [t.email for t in query(hooked, "SELECT email FROM touches")] == ["bo@clinic.example"]
