"""Cleaning a reply: what the sender wrote, without the quoted original, signature, phone
footer or disclaimer; never text the sender did not write, never an exception."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from leadsift.outreach.reply_html import html_to_text
from leadsift.outreach.reply_text import MAX_BODY_CHARS, clean_reply, truncate

GMAIL = """Sounds good, let's talk Thursday.

Best,
John Smith
VP Operations | Acme Clinic
+1 555 123 4567

On Tue, Mar 4, 2025 at 10:02 AM Ann Lee <ann@vendor.com>
wrote:
> Hi John,
> would you have 15 minutes? Reply 'unsubscribe' to stop.
"""

OUTLOOK_ES = """No gracias, ya tenemos proveedor.

Enviado desde mi iPhone

________________________________
De: Ann Lee <ann@vendor.com>
Enviado: martes, 4 de marzo de 2025 10:02
Para: Juan García <juan@clinica.es>
Asunto: Una pregunta

Hola Juan, si prefiere no recibir más correos, responda 'baja'.
"""

FRENCH = """Bonjour,

Merci, pas intéressé pour le moment.

Cordialement,
Sylvie Martin
Gérante
Cabinet des Lilas

Ce message et toutes les pièces jointes sont confidentiels et établis à l'intention
exclusive de ses destinataires.

Le 3 mars 2025 à 10:00, Ann <ann@vendor.com> a écrit :
> Bonjour Sylvie"""

OUTLOOK_EN = """Please remove me from your list.

-----Original Message-----
From: Ann Lee <ann@vendor.com>
Sent: Tuesday, March 4, 2025 10:02 AM
To: Bob
Subject: Quick question

Hi Bob, we help practices..."""

FRENCH_OUTLOOK = """Je transmets à ma collègue.

De : Ann Lee <ann@vendor.com>
Envoyé : mardi 4 mars 2025 10:02
À : Paul
Objet : Une question
Bonjour Paul"""


def test_gmail_quote_and_signature_are_removed() -> None:
    assert clean_reply(GMAIL) == "Sounds good, let's talk Thursday."


def test_outlook_spanish_quote_and_phone_footer_are_removed() -> None:
    assert clean_reply(OUTLOOK_ES) == "No gracias, ya tenemos proveedor."


def test_french_sign_off_disclaimer_and_quote_are_removed() -> None:
    assert clean_reply(FRENCH) == "Bonjour,\n\nMerci, pas intéressé pour le moment."


def test_outlook_original_message_block_is_removed() -> None:
    assert clean_reply(OUTLOOK_EN) == "Please remove me from your list."


def test_french_outlook_header_block_is_removed() -> None:
    assert clean_reply(FRENCH_OUTLOOK) == "Je transmets à ma collègue."


def test_sent_from_my_iphone_in_three_languages() -> None:
    for footer in ("Sent from my iPhone", "Enviado desde mi iPhone", "Envoyé de mon iPhone"):
        assert clean_reply(f"Yes, call me.\n\n{footer}") == "Yes, call me."


def test_dash_dash_signature_is_removed() -> None:
    assert clean_reply("Not now.\n-- \nJane Doe\nCEO") == "Not now."


def test_bottom_posted_reply_is_kept() -> None:
    body = "On Mon, Ann <ann@vendor.com> wrote:\n> Hi there\n> More?\n\nYes, let's talk."
    assert clean_reply(body) == "Yes, let's talk."


def test_a_reply_that_is_only_a_name_is_not_emptied() -> None:
    assert clean_reply("Thanks,\nJohn") == "Thanks,\nJohn"


def test_html_body_becomes_text_without_the_quote() -> None:
    body = (
        "<html><head><style>p{color:red}</style></head><body><div>Please call me&nbsp;"
        "tomorrow.</div><div class='gmail_quote'>On Mon, Ann wrote:<blockquote>Hi &amp; "
        "unsubscribe here</blockquote></div></body></html>"
    )
    assert clean_reply(body) == "Please call me tomorrow."


def test_outlook_html_reply_header_starts_the_quote() -> None:
    body = (
        "<div>Not interested.</div><hr><div id='divRplyFwdMsg'><b>From:</b> Ann</div>"
        "<div>Original text</div>"
    )
    assert clean_reply(body) == "Not interested."


def test_html_to_text_survives_broken_markup() -> None:
    assert "hello" in html_to_text("<div><p>hello</b></i></div></span><blockquote>")


def test_huge_body_is_truncated_with_a_bound_on_work() -> None:
    body = "Interested, call me.\n" + ("> quoted line of an attachment\n" * 400_000)
    assert len(body) > 10_000_000
    started = time.perf_counter()
    assert clean_reply(body) == "Interested, call me."
    assert time.perf_counter() - started < 2.0
    cut, was_cut = truncate(body)
    assert was_cut and len(cut) == MAX_BODY_CHARS


def test_huge_single_line_is_bounded() -> None:
    started = time.perf_counter()
    clean_reply("On " + "x" * 5_000_000)
    clean_reply("<div>" * 1_000_000)
    assert time.perf_counter() - started < 10.0


_LINES = st.sampled_from(
    ["", "> quoted", "On Mon, Ann wrote:", "-- ", "Best,", "John", "From: a", "Sent: b",
     "Sent from my iPhone", "CONFIDENTIALITY NOTICE: this email is confidential", "Yes!",
     "El lunes, Ana escribió:", "Le lundi, Ann a écrit :", "-----Original Message-----",
     "Cordialement,", "Saludos,", "\r", "\t x", "\u2028", "<div>"]
)  # fmt: skip


@given(st.lists(st.one_of(_LINES, st.text(max_size=40)), max_size=30))
@settings(max_examples=300, deadline=None)
def test_cleaning_never_raises_and_returns_only_input_lines(lines: list[str]) -> None:
    body = "\n".join(lines)
    cleaned = clean_reply(body)
    if "<" in body:  # markup: converted to text, so only "never raises" holds
        return
    for line in cleaned.split("\n"):
        assert line in body


@given(st.text(max_size=2000))
@settings(max_examples=200, deadline=None)
def test_cleaning_arbitrary_text_never_raises(body: str) -> None:
    assert isinstance(clean_reply(body), str)
