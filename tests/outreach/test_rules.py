"""Opt-out phrases, referral addresses and language, in English, Spanish and French."""

from __future__ import annotations

import pytest

from leadsift.outreach.intent_rules import asks_to_unsubscribe
from leadsift.outreach.language import detect_language
from leadsift.outreach.referrals import points_to_someone, referral_address


@pytest.mark.parametrize(
    "text",
    [
        "unsubscribe",
        "Please remove me from your mailing list.",
        "Stop emailing me.",
        "Don't contact me again.",
        "Take me off your list",
        "I want to opt out.",
        "Quiero darme de baja.",
        "Por favor, dadme de baja de esta lista",
        "Dejen de escribirme.",
        "BAJA",
        "Merci de me désinscrire.",
        "Je souhaite ne plus recevoir vos messages.",
        "Retirez-moi de votre liste.",
        "Desinscription",
        "Arrêtez de m\u2019envoyer des mails",
    ],
)
def test_opt_outs_are_recognised(text: str) -> None:
    assert asks_to_unsubscribe(text)


@pytest.mark.parametrize(
    "text",
    [
        "Yes, let's talk on Thursday.",
        "We already have a vendor.",
        "Please update your records, I left the company.",
        "No gracias, ya tenemos proveedor.",
        "Pas intéressé pour le moment.",
        "Cette adresse ne reçoit plus de messages.",
        "I didn't mean to unsubscribe, sorry.",
    ],
)
def test_other_replies_are_not_opt_outs(text: str) -> None:
    assert not asks_to_unsubscribe(text)


def test_an_empty_reply_with_unsubscribe_as_subject_is_an_opt_out() -> None:
    assert asks_to_unsubscribe("", "Unsubscribe")
    assert asks_to_unsubscribe("", "baja")
    assert not asks_to_unsubscribe("Thanks", "unsubscribe")


@pytest.mark.parametrize(
    ("text", "sender", "expected"),
    [
        ("Please contact Karen at karen.wu@harbor.org.", "bob@harbor.org", "karen.wu@harbor.org"),
        ("Copio a Luis (lortega@norte.es), que lleva esto.", "ana@norte.es", "lortega@norte.es"),
        ("Écrivez à sandrine.morel@parc.fr, elle gère.", "jean@parc.fr", "sandrine.morel@parc.fr"),
        ("Me: bob@harbor.org. Try ops@harbor.org", "Bob@Harbor.org", "ops@harbor.org"),
        ("Just me here, bob@harbor.org", "bob@harbor.org", None),
        ("Write to noreply@harbor.org", None, None),
    ],
)
def test_referral_address_is_not_the_senders(
    text: str, sender: str | None, expected: str | None
) -> None:
    assert referral_address(text, sender) == expected


def test_an_address_without_a_handover_word_is_not_a_referral() -> None:
    assert points_to_someone("Please contact jane@x.com instead", "me@x.com")
    assert not points_to_someone("Sure jane@x.com", "me@x.com")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("We are not interested, thanks.", "en"),
        ("No estamos interesados, gracias por el correo.", "es"),
        ("Nous ne sommes pas intéressés, merci.", "fr"),
        ("¿Cuánto cuesta?", "es"),
        ("", "en"),
    ],
)
def test_language(text: str, language: str) -> None:
    assert detect_language(text) == language
