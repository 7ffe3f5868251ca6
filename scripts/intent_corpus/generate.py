"""Generate the labelled reply corpus leadsift's intent classifier is trained and evaluated on.

    .venv/bin/python scripts/intent_corpus/generate.py

Deterministic (fixed seed): the same phrasings always give the same file. Each reply is one
phrasing family ("template") written by one persona ("author") and wrapped the way their mail
client and habits wrap it. The split is decided before anything is generated: a third of the
authors and a third of the templates of every (language, intent) are held out, and a held-out
reply pairs a held-out author with a held-out template, so no test phrasing family and no test
writer is ever seen in training. The hand-written free replies are split half and half.

Writes src/leadsift/outreach/intent_corpus/replies.jsonl (one JSON object a line)."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import sys
from pathlib import Path

import noise
import phrasings_en
import phrasings_es
import phrasings_extra_en
import phrasings_extra_es
import phrasings_extra_fr
import phrasings_fr
from free_replies import FREE, SENT
from personas import FIRST, LAST, Persona, personas

OUT = Path(__file__).resolve().parents[2] / "src/leadsift/outreach/intent_corpus/replies.jsonl"
SEED = 20250310
AUTHORS_PER_LANGUAGE = 48
PER_CELL = {"train": 66, "test": 24}
MACHINE = {"out_of_office", "auto_reply_other"}
TEMPLATES = {
    lang: {intent: first[intent] + extra[intent] for intent in first}
    for lang, first, extra in (
        ("en", phrasings_en.TEMPLATES, phrasings_extra_en.EXTRA),
        ("es", phrasings_es.TEMPLATES, phrasings_extra_es.EXTRA),
        ("fr", phrasings_fr.TEMPLATES, phrasings_extra_fr.EXTRA),
    )
}
COMPETITORS = ["ABM Healthcare", "Aramark", "Sodexo", "ISS", "Elior", "Onet", "Clece", "Ferrovial"]
SITES = {
    "en": ["Springfield", "Worcester", "Leeds", "Bristol", "Dayton"],
    "es": ["Alcalá", "Getafe", "Sabadell", "Dos Hermanas", "Elche"],
    "fr": ["Villeurbanne", "Rennes", "Nancy", "Aix", "Lille"],
}
QUARTERS = {
    "en": ["Q3", "Q4", "the third quarter", "Q1"],
    "es": ["el tercer trimestre", "Q3", "el último trimestre", "el primer trimestre"],
    "fr": ["T3", "troisième trimestre", "quatrième trimestre", "T1"],
}
PRICES = {"en": ["$1,500", "$2,000", "$900"], "es": ["1.500 €", "2.000 €", "900 €"],
          "fr": ["1 500 €", "2 000 €", "900 €"]}  # fmt: skip
AUTO_SUBJECT = {
    "out_of_office": {
        "en": ["Automatic reply: ", "Out of Office: ", "Auto: ", "Out of office re: "],
        "es": ["Respuesta automática: ", "Fuera de la oficina: ", "Ausente: "],
        "fr": ["Réponse automatique : ", "Absence du bureau : ", "Absent : "],
    },
    "auto_reply_other": {
        "en": ["[Ticket #{ticket}] Re: ", "Request received: ", "Automatic reply: "],
        "es": ["[Incidencia #{ticket}] Re: ", "Solicitud recibida: ", "Respuesta automática: "],
        "fr": ["[Ticket #{ticket}] Re : ", "Demande reçue : ", "Réponse automatique : "],
    },
}
UNSUB_SUBJECT = {"en": ["unsubscribe", "REMOVE"], "es": ["baja", "BAJA"], "fr": ["désinscription"]}
_ALTERNATION = re.compile(r"\[([^\[\]]*)\]")


def expand(template: str, rng: random.Random) -> str:
    return _ALTERNATION.sub(lambda match: rng.choice(match.group(1).split("|")), template)


def colleague(persona: Persona, rng: random.Random) -> tuple[str, str, str]:
    first = rng.choice(FIRST[persona.language].split())
    last = rng.choice(LAST[persona.language].split())
    local = noise.strip_accents(rng.choice([f"{first}.{last}", f"{first[0]}{last}", first]))
    domain = persona.domain if rng.random() < 0.8 else f"group-{persona.domain}"
    return f"{first} {last}", first, f"{local.lower().replace(' ', '')}@{domain}"


def slots(persona: Persona, reply_day: dt.date, rng: random.Random) -> dict[str, str]:
    lang = persona.language
    back = reply_day + dt.timedelta(days=rng.randrange(2, 26))
    start = reply_day - dt.timedelta(days=rng.randrange(0, 5))
    name, first, email = colleague(persona, rng)
    future = (reply_day.month - 1 + rng.randrange(2, 7)) % 12
    return {
        "rep": rng.choice(noise.REPS).split()[0],
        "weekday": rng.choice(noise.WEEKDAYS[lang][:5]),
        "month": noise.MONTHS[lang][future],
        "quarter": rng.choice(QUARTERS[lang]),
        "competitor": rng.choice(COMPETITORS),
        "site": rng.choice(SITES[lang]),
        "price": rng.choice(PRICES[lang]),
        "company": persona.company,
        "colleague": name,
        "colleague_first": first,
        "ref_email": email,
        "me_email": persona.email,
        "me_first": persona.first,
        "new_email": f"{persona.first[0].lower()}{noise.strip_accents(persona.last).lower()}"
        f"@new-{persona.domain}",
        "ticket": str(rng.randrange(10000, 999999)),
        "return": noise.format_date(back, persona, rng),
        "start": noise.format_date(start, persona, rng),
        "_return_iso": back.isoformat(),
    }


def render(
    persona: Persona, intent: str, template: str, extra: str | None, rng: random.Random
) -> dict[str, object]:
    lang = persona.language
    sent = dt.datetime(2024, 1, 8, 9) + dt.timedelta(
        days=rng.randrange(0, 700), minutes=rng.randrange(0, 600)
    )
    reply_day = (sent + dt.timedelta(days=rng.randrange(0, 4))).date()
    values = slots(persona, reply_day, rng)
    expanded = expand(template, rng)
    text = expanded.format(**values)
    if extra:  # a second sentence from another family of the same split ("yes, and: how much?")
        text += " " + expand(extra, rng).format(**values)
    if not persona.accents:
        text = noise.strip_accents(text)
    text = noise.typo(text, persona.typos, rng)
    if persona.lowercase:
        text = text.lower()
    machine = intent in MACHINE
    rep = next(r for r in noise.REPS if r.startswith(values["rep"]))
    parts = []
    if not machine and rng.random() < persona.greets:
        parts.append(rng.choice(noise.GREETING[lang]).format(rep=values["rep"]))
    parts.append(text)
    mobile = not machine and rng.random() < persona.mobile
    if machine and rng.random() < 0.6:
        parts.append(noise.signature(persona, rng))
    elif not mobile and rng.random() < persona.signs:
        parts.append(rng.choice(noise.SIGN_OFF[lang]) + "\n" + noise.signature(persona, rng))
    elif not mobile and rng.random() < 0.5:
        parts.append(rng.choice(["-- ", "--"]) + "\n" + noise.signature(persona, rng))
    if mobile:
        pool = noise.MOBILE["en"] if lang != "en" and rng.random() < 0.3 else noise.MOBILE[lang]
        parts.append(rng.choice(pool))
    if persona.disclaimer:
        parts.append(rng.choice(noise.DISCLAIMER[lang]))
    quote, our_subject = noise.quoted(persona, rep, sent, rng)
    include_quote = persona.quotes != "none" and (not machine or rng.random() < 0.3)
    reply_text = "\n\n".join(parts)
    if include_quote and persona.quotes == "html":
        body = noise.as_html(reply_text, quote)
    elif include_quote:
        body = reply_text + "\n\n" + quote
    else:
        body = reply_text
    prefix = {"en": "Re: ", "es": rng.choice(["RE: ", "Re: "]), "fr": rng.choice(["RE : ", "Re: "])}
    subject = prefix[lang] + our_subject
    if intent in AUTO_SUBJECT and rng.random() < 0.75:
        subject = rng.choice(AUTO_SUBJECT[intent][lang]).format(**values) + our_subject
    elif intent == "unsubscribe" and rng.random() < 0.1:
        subject = rng.choice(UNSUB_SUBJECT[lang])
    return {
        "from": persona.email,
        "date": reply_day.isoformat(),
        "subject": subject,
        "body": body,
        "return_date": values["_return_iso"] if "{return}" in expanded else None,
        "referral_email": values["ref_email"] if "{ref_email}" in expanded else None,
    }


def split_of(items: list[str], share: float, rng: random.Random) -> dict[str, str]:
    shuffled = sorted(items)
    rng.shuffle(shuffled)
    held = max(1, round(len(shuffled) * share))
    return {item: ("test" if index < held else "train") for index, item in enumerate(shuffled)}


def generate() -> list[dict[str, object]]:
    rng = random.Random(SEED)
    rows: list[dict[str, object]] = []
    for lang, families in TEMPLATES.items():
        people = personas(lang, AUTHORS_PER_LANGUAGE, rng)
        author_split = split_of([p.id for p in people], 1 / 3, rng)
        by_split = {s: [p for p in people if author_split[p.id] == s] for s in PER_CELL}
        template_split: dict[str, dict[str, str]] = {}
        for intent, phrasings in families.items():
            ids = [f"{lang}.{intent}.{index:02d}" for index in range(len(phrasings))]
            template_split[intent] = split_of(ids, 1 / 3, rng)
        for intent, phrasings in families.items():
            for split, count in PER_CELL.items():
                mine = [
                    (tid, phrasings[int(tid.rsplit(".", 1)[1])])
                    for tid, s in sorted(template_split[intent].items())
                    if s == split
                ]
                questions = [
                    families["question"][int(tid.rsplit(".", 1)[1])]
                    for tid, s in sorted(template_split["question"].items())
                    if s == split
                ]
                for _ in range(count):
                    persona = rng.choice(by_split[split])
                    template_id, template = rng.choice(mine)
                    extra = (
                        rng.choice(questions)
                        if intent == "interested" and rng.random() < 0.12
                        else None
                    )
                    row = render(persona, intent, template, extra, rng)
                    rows.append(
                        {"author": persona.id, "template": template_id, "language": lang,
                         "intent": intent, "split": split, **row}
                    )  # fmt: skip
    for index, (lang, intent, subject, body, back, referral) in enumerate(FREE):
        rows.append(
            {"author": f"{lang}-free{index:03d}", "template": f"{lang}.free.{index:03d}",
             "language": lang, "intent": intent, "split": "test" if index % 2 else "train",
             "from": f"sender{index}@example-clinic.org", "date": SENT, "subject": subject,
             "body": body, "return_date": back, "referral_email": referral}
        )  # fmt: skip
    for index, row in enumerate(rows):
        row["id"] = f"r{index:05d}"
    return rows


FIELDS = ["id", "split", "author", "template", "language", "intent", "from", "date", "subject",
          "body", "return_date", "referral_email"]  # fmt: skip


def main() -> None:
    rows = generate()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps({key: row[key] for key in FIELDS}, ensure_ascii=False) + "\n")
    print(f"{len(rows)} replies written to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
