"""Reply intent: what a person's answer to our email means, with a confidence, the return
date of an out-of-office and the address of a referral.

The statistical model (intent_model, fitted on the packaged corpus) reads the cleaned reply;
deterministic rules override it where a miss is costly: a request to stop emailing is always
an unsubscribe (also next to "not interested"), a reply that only says the person left, the
mailbox is closing or the address changed never is, and "not me" with a colleague's address is
a referral."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from leadsift.outreach.intent_features import tokens
from leadsift.outreach.intent_model import IntentModel, load
from leadsift.outreach.intent_rules import read_opt_out
from leadsift.outreach.language import detect_language
from leadsift.outreach.referrals import points_to_someone, referral_address
from leadsift.outreach.reply_text import clean_reply
from leadsift.outreach.return_dates import extract_return_date

INTENTS = (
    "interested",
    "question",
    "objection_timing",
    "objection_budget",
    "objection_has_solution",
    "referral",
    "not_interested",
    "unsubscribe",
    "out_of_office",
    "wrong_person",
    "auto_reply_other",
)
RULE_CONFIDENCE = 0.99
# a missed opt-out costs far more than a wrongly suppressed lead: the model's unsubscribe
# wins from this probability on, even when another intent is more likely (fixed a priori),
# unless the reply explains a departure ("I have left", "este buzón se va a dar de baja")
UNSUBSCRIBE_FROM = 0.3
# intents a reply that hands over to a named address is really a referral from
_HANDED_OVER = frozenset({"wrong_person", "not_interested", "objection_has_solution"})


@dataclass(frozen=True)
class Reply:
    id: str
    subject: str
    body: str
    sender: str | None = None
    sent: dt.date | None = None


@dataclass(frozen=True)
class ReplyIntent:
    id: str
    intent: str
    confidence: float
    return_date: dt.date | None
    referral_email: str | None
    language: str


def _packaged_model_path() -> Path:
    from leadsift.outreach.intent_corpus_io import MODEL

    return MODEL


@lru_cache(maxsize=1)
def packaged_model() -> IntentModel:
    """The model fitted on the corpus shipped in the package (no download, no training)."""
    return load(_packaged_model_path())


class IntentClassifier:
    def __init__(self, model: IntentModel) -> None:
        self.model = model
        self._index = model.index()
        self._column = {name: position for position, name in enumerate(model.classes)}

    def classify(self, replies: Sequence[Reply], today: dt.date | None = None) -> list[ReplyIntent]:
        """One result per reply, in order. `today` stands in for a reply without a date."""
        cleaned = [clean_reply(reply.body) for reply in replies]
        documents = [
            tokens(text, reply.subject) for text, reply in zip(cleaned, replies, strict=True)
        ]
        probabilities = (
            self.model.probabilities(documents, self._index) if replies else np.zeros((0, 0))
        )
        fallback = today or dt.date.today()
        return [
            self._decide(reply, text, row, fallback)
            for reply, text, row in zip(replies, cleaned, probabilities, strict=True)
        ]

    def _decide(self, reply: Reply, text: str, row: np.ndarray, today: dt.date) -> ReplyIntent:
        best = int(row.argmax())
        intent, confidence = self.model.classes[best], float(row[best])
        unsubscribe = float(row[self._column["unsubscribe"]])
        opt_out = read_opt_out(text, reply.subject)
        if opt_out == "asks":
            intent, confidence = "unsubscribe", max(RULE_CONFIDENCE, unsubscribe)
        elif opt_out == "departs":
            # no request, and the words are about the mailbox: the likeliest other intent,
            # its probability given that this is not an opt-out
            if intent == "unsubscribe":
                others = row.copy()
                others[self._column["unsubscribe"]] = -1.0
                best = int(others.argmax())
                intent = self.model.classes[best]
                confidence = float(row[best]) / max(1e-9, 1.0 - unsubscribe)
        elif unsubscribe >= UNSUBSCRIBE_FROM:
            intent, confidence = "unsubscribe", unsubscribe
        if intent in _HANDED_OVER and points_to_someone(text, reply.sender):
            confidence = min(RULE_CONFIDENCE, confidence + float(row[self._column["referral"]]))
            intent = "referral"
        language = detect_language(text or reply.subject)
        return_date = None
        if intent == "out_of_office":
            return_date = extract_return_date(
                f"{text}\n{reply.subject}", reply.sent or today, language
            )
        referral = referral_address(text, reply.sender) if intent == "referral" else None
        return ReplyIntent(reply.id, intent, round(confidence, 4), return_date, referral, language)


def classify_replies(replies: Sequence[Reply], today: dt.date | None = None) -> list[ReplyIntent]:
    """Classify with the packaged model."""
    return IntentClassifier(packaged_model()).classify(replies, today)
