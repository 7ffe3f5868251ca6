"""Opt-out phrases, referral addresses and language, in English, Spanish and French.

The opt-out cases are families people write ("don't contact me", "no me escriban más", "plus
de mails"...), each in several forms and with typos, and near-misses: replies that use the
same words for something else ("this mailbox is being closed", "estoy de baja", "don't call
me, email me instead"), which must not be read as opt-outs."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadsift.outreach import intent_rules
from leadsift.outreach.intent import IntentClassifier, Reply, packaged_model
from leadsift.outreach.intent_rules import (
    asks_to_unsubscribe,
    explains_departure,
    normalise,
    read_opt_out,
    spell,
)
from leadsift.outreach.language import detect_language
from leadsift.outreach.referrals import points_to_someone, referral_address
from leadsift.outreach.reply_text import clean_reply

# family -> forms; every form is an opt-out
OPT_OUTS: dict[str, list[str]] = {
    # English
    "en.do_not_contact": [
        "Don't contact me again.",
        "Do not email me again please",
        "dont email me anymore",
        "Please do not write to me again.",
        "Please don't reach out to me any more.",
        "not interested — please don't reaching out.",
        "Never contact me again",
        "I'd ask you not to contact us again.",
        "Do NOT email me.",
        "dont contcat me agian",
    ],
    "en.stop": [
        "Stop emailing me.",
        "STOP. EMAILING. ME.",
        "stop sending me these emails",
        "Please stop contacting us.",
        "Stoop emailing me",
        "Not interested — please stop contact me again.",
        "Stop sending sales emails to this address.",
        "STOP",
        "Stop. No more.",
        "Quit spamming me",
    ],
    "en.remove": [
        "Please remove me from your mailing list.",
        "remove me",
        "Remove my email address from your database.",
        "Please remove jane@clinic.com from your lists",
        "remoove me from the list",
        "Can you please remove me from your list? Thanks.",
        "I'd like to be removed.",
        "Remove tihs address from all your lists.",
    ],
    "en.take_off": [
        "Take me off your list",
        "take me off",
        "Please take my name off your mailing list.",
        "I want off this list.",
        "Put me on your do-not-contact list.",
    ],
    "en.no_more": [
        "No more emails please.",
        "no more e-mails",
        "No mroe emails please.",
        "I don't want any more emails from you.",
        "No further contact, thank you.",
    ],
    "en.unsubscribe": [
        "unsubscribe",
        "Please unsubscribe me.",
        "Unsubcribe",
        "UNSUSCRIBE",
        "Unnsub please",
        "I want to opt out.",
        "Please opt me out of all future emails.",
        "How do I unsubscribe from these?",
    ],
    "en.other": [
        "Kindly refrain from contacting me in the future.",
        "Leave me alone.",
        "Please delete my data and cease all contact.",
        "I never signed up for this. Reported as spam.",
    ],
    # Spanish
    "es.no_me_escriban": [
        "No me escriban más.",
        "no me escriba mas",
        "Por favor, no me vuelvan a escribir.",
        "No me contacten nunca más.",
        "NO ME ESCRIBAN MAS!!!",
        "No vuelvan a contactarme.",
        "No me envíen más correos.",
        "no me escrivan mas",
    ],
    "es.dejen_de": [
        "Dejen de escribirme.",
        "Dejen de escrbirme, por favor",
        "Deje de enviarme correos.",
        "Dejen ya de mandarme spam.",
        "Quiero dejar de recibir sus correos.",
    ],
    "es.baja": [
        "Quiero darme de baja.",
        "Por favor, dadme de baja de esta lista",
        "Denme de baaja por favor",
        "BAJA",
        "Baja, por favor.",
        "Solicito la baja de sus comunicaciones.",
        "¿Cómo me doy de baja?",
        "Darme de baja, gracias.",
    ],
    "es.borrar": [
        "Bórrenme de su lista.",
        "borrenme",
        "Elimínenme de su base de datos.",
        "Eliminen mi correo de su lista.",
        "Sáquenme de la lista, gracias.",
        "Quítenme de su lista.",
        "Por favor, quiten esta dirección de su lista.",
    ],
    "es.no_mas": [
        "No más correos, por favor.",
        "no mas correos porfavor",
        "No quiero recibir más correos.",
        "No deseo seguir recibiendo sus emails.",
        "BASTA. Ni uno más.",
        "Absténganse de contactarme.",
    ],
    # French
    "fr.plus_de_mails": [
        "Plus de mails svp.",
        "plus de courriels merci",
        "Plus aucun e-mail.",
        "pllus aucun mail, merci.",
        "Pluss de mail merci",
        "STOP. Plus jamais.",
    ],
    "fr.ne_plus": [
        "Merci de ne plus m'écrire.",
        "Merci de ne plus me contacter.",
        "ne plus m ecrire svp",
        "Ne m'écrivez plus.",
        "Ne me recoontactez plus.",
        "Je ne souhaite plus être contacté.",
        "Je ne veux plus recevoir vos emails.",
        "Je vous prie de ne plus m'envoyer de messages.",
    ],
    "fr.desinscrire": [
        "Désinscrivez-moi.",
        "Merci de me désinscrire.",
        "desinscription",
        "Desincrivez moi svp",
        "Désabonnez-moi de cette liste.",
    ],
    "fr.retirer": [
        "Retirez-moi de votre liste.",
        "Veuillez me retirer de votre liste de diffusion.",
        "Je veux être retiré de cette liste.",
        "Supprimez mon adresse de vos fichiers.",
        "Merci de m'enlever de vos contacts.",
        "Effacez mes coordonnées.",
    ],
    "fr.arretez": [
        "Arrêtez de m'envoyer des mails !",
        "Arrêtez de m\u2019envoyer des mails",
        "Arrêtez d'envoyer de la prospection à cette adresse.",
        "Cessez de m'écrire.",
        "Merci de cesser tout envoi.",
    ],
}
# both a "not interested" and a request: the request wins (the safe reading)
BOTH = [
    "Not interested. Stop emailing me.",
    "We are not interested, do not contact us again.",
    "No me interesa. No me escriban más.",
    "No estamos interesados, denme de baja.",
    "Pas intéressé, merci de ne plus m'écrire.",
    "Pas intéressés. Plus de mails svp.",
]
NEAR_MISSES = [
    # not interested, without a request
    "Not interested, thanks.",
    "We'll pass. Good luck.",
    "No gracias, ya tenemos proveedor.",
    "Pas intéressé pour le moment.",
    # the person left, the mailbox closes, the address changed
    "Please update your records, I left the company.",
    "I have left Harbor Dental. This mailbox is being shut down.",
    "I'm no longer with the clinic; this account will be deleted next month.",
    "My email address has changed, please use ann@new.com.",
    "Este buzón se va a dar de baja.",
    "He dejado la empresa. Este buzón se va a dar de baja a final de mes.",
    "Ya no estoy en la clínica, esta cuenta se dará de baja pronto.",
    "Cette adresse ne reçoit plus de messages.",
    "J'ai quitté la société, cette adresse ne recevra plus de mails.",
    # on leave, or deregistered from something else
    "Estoy de baja por maternidad hasta junio.",
    "Estoy de baja médica hasta el lunes.",
    "Ya no ejerzo, me di de baja del colegio.",
    # automatic replies
    "This is an automated message. Please do not reply to this email.",
    "Este es un mensaje automático, no responda a este correo.",
    "Ceci est un message automatique, merci de ne pas y répondre.",
    "We received your request. To unsubscribe from ticket notifications, click here.",
    # the opt-out words used for a request to keep writing
    "Please send me more info by email.",
    "Don't call me, email me instead.",
    "Don't hesitate to email me the details.",
    "No me llamen, escríbanme por correo.",
    "Ne m'appelez pas, écrivez-moi.",
    "Merci de m'envoyer plus d'informations par mail.",
    "Feel free to email me again next year.",
    "Could you stop sending PDF attachments? Send a link.",
    "¿Pueden dejar de enviar adjuntos?",
    "Pourriez-vous arrêter d'envoyer des pièces jointes ?",
    "Please stop by our booth next week.",
    "Plus de budget cette année.",
    "Plus aucun intérêt depuis que nous avons internalisé.",
    "I'm part of your target list, apparently.",
    "We had to stop spending on new vendors.",
    "Our contract ends in May.",
    # negated requests
    "I didn't mean to unsubscribe, sorry.",
    "Please don't remove me, I like the newsletter.",
    "No me den de baja, por favor.",
    "Ne me désinscrivez pas.",
]
DEPARTURES = [
    "I have left Harbor Dental. This mailbox is being shut down.",
    "My email address has changed, please use ann@new.com.",
    "Este buzón se va a dar de baja.",
    "Mi dirección de correo ha cambiado.",
    "J'ai quitté la société.",
    "Cette adresse n'est plus consultée.",
    "This is an automated message.",
]

SIGNATURES = [
    "",
    "\n\nThanks,\nJohn Smith\nPractice Manager | Acme Clinic\n+1 555 123 4567",
    "\n\n--\nMaría López\nGerente\nClínica Sol",
    "\n\nCordialement,\nClaire Dubois\nCabinet des Lilas",
    "\n\nCONFIDENTIALITY NOTICE: This message is intended only for the addressee. If you "
    "received it in error, please delete it.",
]
FOOTERS = ["", "\n\nSent from my iPhone", "\n\nEnviado desde mi iPhone", "\n\nEnvoyé de mon iPhone"]
QUOTES = [
    "",
    "\n\nOn Mon, Mar 3, 2025 at 10:02 AM Tom Becker <tom@vendor.com> wrote:\n> Hi,\n> worth a "
    "call? Reply 'unsubscribe' and I won't email again.\n",
    "\n\n________________________________\nDe: Tom Becker <tom@vendor.com>\nEnviado: lunes, 3 de "
    "marzo de 2025 10:02\nPara: Ana\nAsunto: Una pregunta\n\nSi no desea recibir más correos, "
    "responda 'baja'.",
    "\n\nLe lun. 3 mars 2025 à 10:02, Tom Becker <tom@vendor.com> a écrit :\n> Pour ne plus "
    "recevoir nos messages, répondez « désinscription ».\n",
]
ALL_OPT_OUTS = [form for forms in OPT_OUTS.values() for form in forms]


def _as_html(text: str) -> str:
    body = "".join(f"<div>{html.escape(line) or '<br>'}</div>" for line in text.split("\n"))
    return f'<html><body><div dir="ltr">{body}</div></body></html>'


@pytest.mark.parametrize(
    "text", [pytest.param(form, id=f"{family}-{at}") for family, forms in OPT_OUTS.items()
             for at, form in enumerate(forms)],
)  # fmt: skip
def test_every_opt_out_family_is_caught_in_every_language(text: str) -> None:
    assert asks_to_unsubscribe(text)


def test_every_language_has_opt_out_families_with_typos() -> None:
    languages = {family.split(".")[0] for family in OPT_OUTS}
    assert languages == {"en", "es", "fr"}
    for language in languages:
        forms = [f for family, fs in OPT_OUTS.items() if family.startswith(language) for f in fs]
        typos = [form for form in forms if normalise(form) != intent_rules.fold(form)]
        assert len(typos) >= 3, language


@pytest.mark.parametrize("text", BOTH)
def test_a_request_next_to_not_interested_is_an_opt_out(text: str) -> None:
    assert asks_to_unsubscribe(text)


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_misses_are_not_opt_outs(text: str) -> None:
    assert not asks_to_unsubscribe(text)


@pytest.mark.parametrize("text", DEPARTURES)
def test_departures_are_recognised(text: str) -> None:
    assert read_opt_out(text) == "departs"
    assert explains_departure(text)


def test_a_departure_with_a_request_is_an_opt_out() -> None:
    assert read_opt_out("I've left the company. Please remove me from your list.") == "asks"
    assert read_opt_out("He dejado la clínica. Bórrenme de su lista.") == "asks"
    assert not explains_departure("Not interested, thanks.")


def test_an_empty_reply_with_unsubscribe_as_subject_is_an_opt_out() -> None:
    assert asks_to_unsubscribe("", "Unsubscribe")
    assert asks_to_unsubscribe("", "baja")
    assert asks_to_unsubscribe("", "RE: Please remove me from your list")
    assert not asks_to_unsubscribe("", "Re: Quick question about Acme")
    assert not asks_to_unsubscribe("Thanks", "unsubscribe")


def test_a_reply_that_is_only_a_phone_footer_is_read_by_its_subject() -> None:
    assert asks_to_unsubscribe("Get Outlook for Android", "UNSUBSCRIBE")
    assert asks_to_unsubscribe("Enviado desde mi iPhone", "Baja")
    assert asks_to_unsubscribe(clean_reply("\n\nEnvoyé de mon iPhone"), "Désinscription")
    assert not asks_to_unsubscribe("Sent from my iPhone", "Re: Quick question")


@pytest.mark.parametrize(
    ("typo", "word"),
    [
        ("pllus", "plus"),
        ("stopp", "stop"),
        ("baaja", "baja"),
        ("unsubcribe", "unsubscribe"),
        ("unsusbcribe", "unsubscribe"),
        ("escrbirme", "escribirme"),
        ("agian", "again"),
        ("mroe", "more"),
        ("suprimez", "supprimez"),
        ("desinscrir", "desinscrire"),
    ],
)
def test_typos_of_opt_out_words_are_corrected(typo: str, word: str) -> None:
    assert spell(typo) == word


@pytest.mark.parametrize(
    "word", ["of", "spending", "contract", "remote", "retired", "waiting", "darse", "gmail", "all"]
)
def test_real_words_near_opt_out_words_stay_what_they_are(word: str) -> None:
    assert spell(word) == word


@given(
    word=st.sampled_from(
        ["unsubscribe", "remove", "contact", "emailing", "plus", "stop", "baja", "escriban",
         "desinscrire", "courriels", "borrenme", "more", "mail"]
    ),
    data=st.data(),
)  # fmt: skip
def test_repeated_letters_never_hide_an_opt_out_word(word: str, data: st.DataObject) -> None:
    at = data.draw(st.integers(0, len(word) - 1))
    times = data.draw(st.integers(1, 3))
    assert spell(word[: at + 1] + word[at] * times + word[at + 1 :]) == word


@settings(max_examples=200, deadline=None)
@given(
    text=st.sampled_from(ALL_OPT_OUTS + BOTH),
    signature=st.sampled_from(SIGNATURES),
    footer=st.sampled_from(FOOTERS),
    quote=st.sampled_from(QUOTES),
    as_html=st.booleans(),
    greeting=st.sampled_from(["", "Hi Tom,\n\n", "Hola Tom:\n\n", "Bonjour,\n\n"]),
)
def test_a_signature_or_quoted_thread_never_turns_an_opt_out_into_something_else(
    text: str, signature: str, footer: str, quote: str, as_html: bool, greeting: str
) -> None:
    body = greeting + text + signature + footer + quote
    assert asks_to_unsubscribe(clean_reply(_as_html(body) if as_html else body))


@settings(max_examples=200, deadline=None)
@given(
    text=st.sampled_from(NEAR_MISSES),
    signature=st.sampled_from(SIGNATURES),
    footer=st.sampled_from(FOOTERS),
    quote=st.sampled_from(QUOTES),
    as_html=st.booleans(),
)
def test_a_quoted_thread_never_turns_a_near_miss_into_an_opt_out(
    text: str, signature: str, footer: str, quote: str, as_html: bool
) -> None:
    body = text + signature + footer + quote
    assert not asks_to_unsubscribe(clean_reply(_as_html(body) if as_html else body))


def test_each_phrase_is_looked_up_by_the_word_it_starts_with() -> None:
    """The phrases run only when the reply has a word starting like theirs: every match of
    every phrase on the examples must start with one of those words."""
    sets = ("_REQUESTS", "_PROHIBITIONS", "_NOT_REQUESTS", "_DEPARTURE")
    for text in ALL_OPT_OUTS + BOTH + NEAR_MISSES + DEPARTURES:
        normalised = normalise(text)
        for name in sets:
            phrases: intent_rules._Phrases = getattr(intent_rules, name)
            for leading, phrase in zip(phrases.leading, phrases.phrases, strict=True):
                for match in phrase.finditer(normalised):
                    first = normalised[match.start() :]
                    assert leading is None or any(map(first.startswith, leading)), (name, text)


def test_a_long_reply_is_read_quickly() -> None:
    import time

    body = ("We had a long week at the clinic and the board met twice. " * 400) + "Remove me."
    started = time.perf_counter()
    asks_to_unsubscribe(body)
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize(
    ("subject", "body", "expected"),
    [
        ("Re: Hi", "not interested — please don't reaching out.", "unsubscribe"),
        ("Re: Une question", "pllus aucun mail, merci.", "unsubscribe"),
        ("Re: Hi", "We're not interested. Please remove me from your list.", "unsubscribe"),
        ("RE: Una pregunta", "He dejado la clínica. Este buzón se va a dar de baja.", None),
        ("Re: Hi", "I've left Acme. This mailbox is being shut down.", None),
    ],
)
def test_the_classifier_combines_rules_and_model(
    subject: str, body: str, expected: str | None
) -> None:
    [result] = IntentClassifier(packaged_model()).classify(
        [Reply("r1", subject, body)], today=dt.date(2025, 3, 4)
    )
    if expected is None:
        assert result.intent != "unsubscribe"
    else:
        assert result.intent == expected


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
