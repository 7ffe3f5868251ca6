"""Deterministic rules for the intents where a miss costs most: an opt-out must never be
mistaken for anything else (the law and the sender's reputation depend on it).

They run on the cleaned reply, never on the quoted original (our own emails end with "reply
unsubscribe"), and are phrases, not words: "unsubscribe" alone is one, "list" is not."""

from __future__ import annotations

import re
import unicodedata

_PHRASES = (
    # English
    r"\bunsubscrib",
    r"\bremove (?:me|us|my (?:e-?mail|address|name|details|data)|this (?:e-?mail|address))\b",
    r"\bremove \S+@\S+ from\b",
    r"\b(?:be|get) removed\b",
    r"\btake (?:me|us|my (?:e-?mail|address|name)|this address) off\b",
    r"\boff (?:your|the|this|all) (?:mailing |e-?mail |distribution )?lists?\b",
    r"\bstop (?:e-?mailing|emailing|sending|contacting|spamming|messaging|writing|reaching out)\b",
    r"\b(?:do not|don'?t|never) (?:contact|e-?mail|email|write to|message) (?:me|us)\b",
    r"\b(?:do not|don'?t|never) reach out to (?:me|us)\b",
    r"\b(?:do not|don'?t) (?:ever )?(?:email|e-?mail|contact) (?:this address|again)\b",
    r"\bopt(?:-| )?(?:me )?out\b",
    r"\bno more (?:e-?mails|emails|messages)\b",
    r"\bdelete (?:me|my (?:data|information|details|address|e-?mail))\b",
    r"\bquit (?:e-?mailing|emailing|spamming)\b",
    r"\b(?:reported|marked|flagged) (?:this )?as spam\b",
    r"\bdo-?not-?contact\b",
    r"^\W*stop\W*$",
    r"^\W*stop\W+(?:don'?t|no more|ne m'|plus jamais|no me)",
    # Spanish
    r"\bdar(?:me|nos|se)? de baja\b",
    r"\b(?:den|dadme|deme|denme) de baja\b",
    r"\bbaja de (?:su|sus|la|esta|estos|todas)\b",
    r"^\W*baja\W*$",
    r"\bsolicito la baja\b",
    r"\belimin(?:en|enme|ar|e) (?:me |mi (?:direccion|correo|email|contacto)|de su lista)",
    r"\belimin[ae]nme\b",
    r"\bque me eliminen\b",
    r"\belimin(?:en|e) \S+@\S+ de\b",
    r"\bsaqu(?:en|enme|eme)\b",
    r"\bquit(?:en|enme)\b.{0,30}\blista\b",
    r"\bdej(?:en|a|e) de (?:escribir|enviar|mandar|contactar)",
    r"\bno (?:me|nos) (?:escriban|vuelvan a|contacten)\b",
    r"\bno vuelvan a (?:contactar|escribir)",
    r"\bni un correo mas\b",
    r"\bno mas correos\b",
    r"\bborr(?:en|ar) (?:mis datos|mi direccion|mi correo)\b",
    r"\bsupriman mis datos\b",
    r"\bbasta de spam\b",
    r"\b(?:marco|denunciado|marcado) como spam\b",
    r"\blista de exclusion\b",
    r"\bno (?:quiero|deseo) recibir mas\b",
    r"\b(?:elimin|borr)(?:en|e) esta direccion\b",
    # French
    r"\bdesinscri",
    r"\bdesabonn",
    r"\bne (?:plus|jamais) (?:recevoir|me contacter|m'ecrire)\b",
    r"\bretir(?:ez|er)(?:-moi| moi|\s+(?:cette|mon) adresse)",
    r"\bretir(?:ez|er) \S+@\S+ de\b",
    r"\bsupprim(?:ez|er)(?:-moi| moi| mon adresse| mes donnees)",
    r"\benlevez(?:-moi| moi)\b",
    r"\barret(?:ez|er) (?:de (?:m'ecrire|m'envoyer|me contacter|nous ecrire)|le spam)",
    r"\bcessez de (?:me|m')",
    r"\bne me (?:re)?contactez plus\b",
    r"^\W*plus (?:de|aucun) (?:mails?|e-?mails?|messages?)\b",
    r"\bme retirer de\b",
    r"\bne m'ecrivez plus\b",
    r"\bliste d'opposition\b",
    r"\bne (?:veux|souhaite) plus recevoir\b",
    r"\beffacez mes donnees\b",
    r"\bstop au spam\b",
    r"\bsignale comme (?:spam|indesirable)\b",
)
_UNSUBSCRIBE = re.compile("|".join(_PHRASES), re.MULTILINE)
_UNSUBSCRIBE_SUBJECT = re.compile(
    r"^\W*(?:unsubscribe|remove(?: me)?|baja|darme de baja|desinscription|desinscrire|stop)\W*$",
    re.IGNORECASE,
)
# "I didn't mean to unsubscribe", "how do I unsubscribe my colleague": rare, but not opt-outs
_NEGATED = re.compile(
    r"(?:\bnot|n't|\bnever) (?:mean|meant|want|wanted|trying) to unsubscribe\b", re.IGNORECASE
)


def fold(text: str) -> str:
    """Lower case without accents: "Désinscrivez" and "desinscrivez" are one phrase."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("\u2019", "'")


def asks_to_unsubscribe(cleaned: str, subject: str = "") -> bool:
    """True when the sender asks to stop receiving email, in any of the three languages."""
    text = fold(cleaned[:20_000])
    if _NEGATED.search(text):
        return False
    if _UNSUBSCRIBE.search(text):
        return True
    return not text.strip() and _UNSUBSCRIBE_SUBJECT.match(fold(subject)) is not None
