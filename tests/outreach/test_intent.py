"""The intent classifier: held-out quality (a floor that can fail), the packaged model on
typical replies, and that it runs offline."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Iterator

import pytest
from sklearn.metrics import f1_score, recall_score

from leadsift.outreach import intent
from leadsift.outreach.intent import INTENTS, IntentClassifier, Reply, classify_replies
from leadsift.outreach.intent_corpus_io import MODEL, corpus_digest, load_corpus, train

# held-out floors, below the measured figures (docs/replies.md) by a margin for noise
MACRO_F1_FLOOR = 0.80
LANGUAGE_F1_FLOOR = 0.78
UNSUBSCRIBE_RECALL_FLOOR = 0.95


def test_held_out_split_shares_no_author_or_template() -> None:
    corpus = load_corpus()
    training = [r for r in corpus if r.split == "train"]
    held = [r for r in corpus if r.split == "test"]
    assert len(corpus) >= 1500 and len(held) >= 500
    assert {r.author for r in training}.isdisjoint({r.author for r in held})
    assert {r.template for r in training}.isdisjoint({r.template for r in held})
    assert {r.language for r in corpus} == {"en", "es", "fr"}
    assert {r.intent for r in held} == set(INTENTS)


@pytest.mark.slow
def test_held_out_quality_floor() -> None:
    corpus = load_corpus()
    model = train([r for r in corpus if r.split == "train"])
    held = [r for r in corpus if r.split == "test"]
    replies = [
        Reply(r.id, r.subject, r.body, r.sender, dt.date.fromisoformat(r.date)) for r in held
    ]
    predicted = [result.intent for result in IntentClassifier(model).classify(replies)]
    truth = [r.intent for r in held]
    assert f1_score(truth, predicted, average="macro") >= MACRO_F1_FLOOR
    assert recall_score(truth, predicted, labels=["unsubscribe"], average="macro") >= (
        UNSUBSCRIBE_RECALL_FLOOR
    )
    for language in ("en", "es", "fr"):
        rows = [i for i, r in enumerate(held) if r.language == language]
        score = f1_score([truth[i] for i in rows], [predicted[i] for i in rows], average="macro")
        assert score >= LANGUAGE_F1_FLOOR, language


def test_packaged_model_was_fitted_on_the_packaged_corpus() -> None:
    assert MODEL.is_file()
    assert intent.packaged_model().source == corpus_digest(), (
        "the corpus changed: refit with python -m leadsift.outreach.intent_corpus_io"
    )


SENT = dt.date(2025, 3, 10)


@pytest.mark.parametrize(
    ("subject", "body", "expected"),
    [
        ("Re: hi", "Please take me off your list.\n\nSent from my iPhone", "unsubscribe"),
        ("RE: Una pregunta", "Dadme de baja, gracias", "unsubscribe"),
        ("Re: Une question", "Merci de ne plus m'écrire.", "unsubscribe"),
        ("Automatic reply: hi", "I am out of the office until 17 March.", "out_of_office"),
        ("Re: hi", "Yes, let's set up a call on Thursday afternoon.", "interested"),
        ("Re: hi", "We already work with Aramark, happy with them.", "objection_has_solution"),
        ("RE: Una pregunta", "No tenemos presupuesto para esto este año.", "objection_budget"),
    ],
)
def test_packaged_model_on_typical_replies(subject: str, body: str, expected: str) -> None:
    [result] = classify_replies([Reply("1", subject, body, "me@clinic.org", SENT)])
    assert result.intent == expected
    assert 0.0 < result.confidence <= 1.0


def test_out_of_office_gets_its_return_date_and_referral_its_address() -> None:
    replies = [
        Reply("ooo", "Réponse automatique : Une question",
              "Je suis absente du bureau et serai de retour le 24 mars.", "a@b.fr", SENT),
        Reply("ref", "Re: Quick question",
              "I'm not the right person, please contact Karen Wu at karen.wu@harbor.org.\n\n"
              "Bob\nbob@harbor.org", "bob@harbor.org", SENT),
    ]  # fmt: skip
    ooo, ref = classify_replies(replies)
    assert (ooo.intent, ooo.return_date, ooo.language) == (
        "out_of_office",
        dt.date(2025, 3, 24),
        "fr",
    )
    assert (ref.intent, ref.referral_email) == ("referral", "karen.wu@harbor.org")
    assert ooo.referral_email is None and ref.return_date is None


def test_the_quoted_original_does_not_make_a_reply_an_opt_out() -> None:
    body = "Sounds great, call me Tuesday.\n\nOn Mon, Ann wrote:\n> reply 'unsubscribe' to stop"
    [result] = classify_replies([Reply("1", "Re: Quick question", body, None, SENT)])
    assert result.intent == "interested"


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network use")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    intent.packaged_model.cache_clear()
    yield
    intent.packaged_model.cache_clear()


@pytest.mark.usefixtures("no_network")
def test_classifying_uses_no_network() -> None:
    [result] = classify_replies([Reply("1", "Re: hi", "Not interested, thanks.")], SENT)
    assert result.intent in INTENTS
