"""What surrounds a reply in a real mailbox: greetings, sign-offs and signature blocks, phone
footers, legal notices, the quoted original (Gmail, Outlook or HTML style), typos, missing
accents. None of it carries the intent; it is what the cleaner and the classifier must see
through."""

from __future__ import annotations

import datetime as dt
import html
import random
import unicodedata

from personas import Persona

REPS = ["Ann Lee", "Marcus Bell", "Sofia Ruiz", "Claire Martin", "Tom Hardy", "Lucía Vidal"]
VENDOR = "carewell-facilities.com"

OUR_EMAIL = {
    "en": (
        "Quick question about {company}",
        "Hi {first},\n\nI noticed {company} opened a second site this year. We help practices "
        "like yours keep clinical spaces compliant and running, with one contract for "
        "maintenance, infection-control cleaning and equipment checks.\n\nWould you have 15 "
        "minutes next week to see if it fits?\n\nBest,\n{rep}\nCarewell Facilities\n\n"
        "If you'd rather not hear from me, reply 'unsubscribe' and I won't email again.",
    ),
    "es": (
        "Una pregunta sobre {company}",
        "Hola {first}:\n\nHe visto que {company} ha abierto un nuevo centro este año. Ayudamos "
        "a clínicas como la suya a mantener sus instalaciones al día: mantenimiento, limpieza "
        "hospitalaria y revisión de equipos en un solo contrato.\n\n¿Tendría 15 minutos la "
        "próxima semana?\n\nUn saludo,\n{rep}\nCarewell Facilities\n\n"
        "Si prefiere no recibir más correos, responda 'baja' y no volveré a escribirle.",
    ),
    "fr": (
        "Une question sur {company}",
        "Bonjour {first},\n\nJ'ai vu que {company} a ouvert un nouveau site cette année. Nous "
        "aidons les cliniques comme la vôtre à garder leurs locaux conformes : maintenance, "
        "bionettoyage et contrôle des équipements en un seul contrat.\n\nAuriez-vous 15 "
        "minutes la semaine prochaine ?\n\nCordialement,\n{rep}\nCarewell Facilities\n\n"
        "Pour ne plus recevoir mes messages, répondez « désinscription ».",
    ),
}

GREETING = {
    "en": ["Hi {rep},", "Hello {rep},", "Hi,", "{rep},", "Dear {rep},", "Hey {rep}", "Hello,"],
    "es": ["Hola {rep},", "Hola {rep}:", "Buenos días,", "Buenas tardes {rep},", "Estimada {rep}:"],
    "fr": ["Bonjour {rep},", "Bonjour,", "Madame, Monsieur,", "Bonsoir {rep},", "Salut {rep},"],
}
SIGN_OFF = {
    "en": [
        "Best,",
        "Thanks,",
        "Regards,",
        "Kind regards,",
        "Cheers,",
        "Thank you,",
        "Best regards,",
    ],
    "es": [
        "Saludos,",
        "Un saludo,",
        "Gracias,",
        "Atentamente,",
        "Saludos cordiales,",
        "Un abrazo,",
    ],
    "fr": ["Cordialement,", "Bien cordialement,", "Merci,", "Bonne journée,", "Bien à vous,"],
}
MOBILE = {
    "en": ["Sent from my iPhone", "Sent from my iPad", "Get Outlook for Android",
           "Sent from my Samsung Galaxy smartphone.", "Sent from Outlook for iOS"],
    "es": ["Enviado desde mi iPhone", "Enviado desde mi smartphone Samsung Galaxy.",
           "Obtener Outlook para Android", "Enviado desde mi iPad"],
    "fr": ["Envoyé de mon iPhone", "Envoyé depuis mon smartphone Samsung Galaxy.",
           "Télécharger Outlook pour Android", "Envoyé de mon iPad"],
}  # fmt: skip
DISCLAIMER = {
    "en": [
        "CONFIDENTIALITY NOTICE: This email and any attachments are intended solely for the "
        "addressee and may contain confidential or privileged information. If you are not the "
        "intended recipient, please notify the sender and delete this message.",
        "This message and any attachments are confidential and intended only for the named "
        "recipient. It may contain protected health information (PHI) under HIPAA.",
        "Please consider the environment before printing this email.",
    ],
    "es": [
        "AVISO DE CONFIDENCIALIDAD: Este mensaje y sus anexos se dirigen exclusivamente a su "
        "destinatario y pueden contener información confidencial. Si no es usted el "
        "destinatario, le rogamos que lo comunique al remitente y lo elimine.",
        "Este correo electrónico es confidencial. De acuerdo con el RGPD, sus datos son "
        "tratados por la entidad remitente con la finalidad de gestionar la relación.",
        "Por favor, considere el medio ambiente antes de imprimir este correo.",
    ],
    "fr": [
        "Ce message et toutes les pièces jointes sont confidentiels et établis à l'intention "
        "exclusive de ses destinataires. Si vous recevez ce message par erreur, merci de le "
        "détruire et d'en avertir immédiatement l'expéditeur.",
        "Avertissement : ce courriel est confidentiel et destiné uniquement à son destinataire.",
        "Pensez à l'environnement avant d'imprimer ce message.",
    ],
}
WEEKDAYS = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "es": ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"],
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
}
MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "es": [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
}


def format_date(day: dt.date, persona: Persona, rng: random.Random) -> str:
    """A return date as this persona would write it (named month, numeric, with a weekday)."""
    lang = persona.language
    month, weekday = MONTHS[lang][day.month - 1], WEEKDAYS[lang][day.weekday()]
    numeric = f"{day.month}/{day.day}" if persona.us_dates else f"{day.day:02d}/{day.month:02d}"
    year = f"/{day.year}" if rng.random() < 0.4 else ""
    if lang == "en":
        suffix = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}
        choices = [
            f"{weekday}, {month} {day.day}",
            f"{day.day} {month}",
            f"{month} {day.day}{suffix.get(day.day, 'th')}",
            f"{weekday} {day.day} {month} {day.year}",
            numeric + year,
            f"{month[:3]} {day.day}",
            f"{day.isoformat()}",
        ]
    elif lang == "es":
        choices = [
            f"{weekday} {day.day} de {month}",
            f"{day.day} de {month}",
            f"{day.day} de {month} de {day.year}",
            numeric + year,
            f"{weekday}, {day.day} de {month}",
        ]
    else:
        choices = [
            f"{weekday} {day.day} {month}",
            f"{day.day} {month}",
            f"{day.day} {month} {day.year}",
            numeric + year,
            f"{weekday} {day.day} {month} {day.year}",
        ]
    return rng.choice(choices)


def strip_accents(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in folded if not unicodedata.combining(c)))


def typo(text: str, rate: float, rng: random.Random) -> str:
    """Swapped, dropped and doubled letters, at `rate` per word (never inside addresses)."""
    if rate <= 0:
        return text
    words = text.split(" ")
    for index, word in enumerate(words):
        if len(word) < 4 or "@" in word or "/" in word or rng.random() >= rate:
            continue
        at = rng.randrange(1, len(word) - 2)
        kind = rng.randrange(3)
        if kind == 0:
            word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
        elif kind == 1:
            word = word[:at] + word[at + 1 :]
        else:
            word = word[:at] + word[at] + word[at:]
        words[index] = word
    return " ".join(words)


def signature(persona: Persona, rng: random.Random) -> str:
    lines = [persona.name if rng.random() < 0.7 else persona.first]
    if rng.random() < 0.7:
        lines.append(persona.title)
        lines.append(persona.company)
    if rng.random() < 0.5:
        label = "Tél" if persona.language == "fr" else "T"
        parts = (rng.randrange(1, 99), rng.randrange(100, 999), rng.randrange(100, 999))
        lines.append(f"{label}: +{parts[0]} {parts[1]} {parts[2]} {rng.randrange(1000, 9999)}")
    if rng.random() < 0.4:
        lines.append(persona.email)
    if rng.random() < 0.2:
        lines.append(f"www.{persona.domain}")
    return "\n".join(lines)


def quoted(persona: Persona, rep: str, sent: dt.datetime, rng: random.Random) -> tuple[str, str]:
    """The original as this persona's client quotes it (text), and our subject line."""
    lang = persona.language
    subject, body = OUR_EMAIL[lang]
    subject = subject.format(company=persona.company)
    body = body.format(first=persona.first, company=persona.company, rep=rep)
    rep_email = f"{rep.split()[0].lower()}@{VENDOR}"
    when = sent.strftime("%a, %b %d, %Y at %I:%M %p")
    if persona.quotes in ("gmail", "html"):
        head = {
            "en": f"On {when}, {rep} <{rep_email}> wrote:",
            "es": f"El {sent:%d/%m/%Y %H:%M}, {rep} (<{rep_email}>) escribió:",
            "fr": f"Le {sent:%d/%m/%Y à %H:%M}, {rep} <{rep_email}> a écrit :",
        }[lang]
        if rng.random() < 0.3 and lang == "en":  # Gmail wraps a long attribution
            head = head.replace(f" <{rep_email}>", f" <\n{rep_email}>")
        return head + "\n\n" + "\n".join("> " + line for line in body.split("\n")), subject
    labels = {
        "en": ("From", "Sent", "To", "Subject"),
        "es": ("De", "Enviado", "Para", "Asunto"),
        "fr": ("De ", "Envoyé ", "À ", "Objet "),
    }[lang]
    sep = rng.choice(["________________________________", "-----Original Message-----"])
    head = (
        f"{sep}\n{labels[0]}: {rep} <{rep_email}>\n{labels[1]}: {sent:%d %B %Y %H:%M}\n"
        f"{labels[2]}: {persona.name} <{persona.email}>\n{labels[3]}: {subject}"
    )
    return head + "\n\n" + body, subject


def as_html(text: str, quote: str) -> str:
    """The reply as an HTML mail client sends it, the original in a gmail_quote block."""
    paragraphs = "".join(
        f"<div>{html.escape(line) if line else '<br>'}</div>" for line in text.split("\n")
    )
    lines = [line[2:] if line.startswith("> ") else line for line in quote.split("\n")]
    head, rest = lines[0], "<br>".join(html.escape(line) for line in lines[1:])
    return (
        '<html><head><style>p{margin:0}</style></head><body><div dir="ltr">'
        f'{paragraphs}</div><br><div class="gmail_quote"><div class="gmail_attr">'
        f"{html.escape(head)}</div><blockquote>{rest}</blockquote></div></body></html>"
    )
