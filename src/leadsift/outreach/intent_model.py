"""The reply-intent model: multinomial logistic regression over `intent_features`, with a
temperature fitted on out-of-fold predictions grouped by phrasing template, so a confidence
of 0.9 means about nine in ten right on phrasings the model has not seen (not on its own
training text, where it is always sure).

Stored as a compressed .npz of plain arrays (vocabulary as fixed-width strings, weights as
float32): loading needs numpy only, never unpickles, and is the same on every scikit-learn
version. scikit-learn is imported only to fit."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from leadsift.outreach.intent_features import (
    build_vocabulary,
    document_frequencies,
    vectorise,
)

FORMAT = 1
C = 20.0  # weak regularisation: many sparse, mostly informative n-grams
CALIBRATION_FOLDS = 3


@dataclass(frozen=True)
class IntentModel:
    classes: tuple[str, ...]
    vocabulary: tuple[str, ...]
    idf: np.ndarray
    coef: np.ndarray  # (classes, features)
    intercept: np.ndarray  # (classes,)
    temperature: float
    source: str = ""  # what it was fitted on (the corpus file's SHA-256), to tell if stale

    def index(self) -> dict[str, int]:
        return {term: column for column, term in enumerate(self.vocabulary)}

    def probabilities(
        self, documents: Sequence[Counter[str]], index: dict[str, int] | None = None
    ) -> np.ndarray:
        """(documents, classes) calibrated probabilities."""
        matrix = vectorise(documents, index or self.index(), self.idf)
        return _softmax((matrix @ self.coef.T + self.intercept) / self.temperature)

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            format=np.array(FORMAT),
            classes=np.array(self.classes),
            vocabulary=np.array(self.vocabulary),
            idf=self.idf.astype(np.float32),
            coef=self.coef.astype(np.float32),
            intercept=self.intercept.astype(np.float32),
            temperature=np.array(self.temperature),
            source=np.array(self.source),
        )


def load(path: Path) -> IntentModel:
    with np.load(path, allow_pickle=False) as stored:
        if int(stored["format"]) != FORMAT:
            raise ValueError(f"{path}: intent model format {int(stored['format'])} != {FORMAT}")
        return IntentModel(
            classes=tuple(str(name) for name in stored["classes"]),
            vocabulary=tuple(str(term) for term in stored["vocabulary"]),
            idf=stored["idf"],
            coef=stored["coef"],
            intercept=stored["intercept"],
            temperature=float(stored["temperature"]),
            source=str(stored["source"]) if "source" in stored else "",
        )


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.asarray(logits, dtype=np.float64)
    shifted = shifted - shifted.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return np.asarray(exp / exp.sum(axis=1, keepdims=True))


def _fit_linear(
    documents: Sequence[Counter[str]], labels: Sequence[str]
) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, list[str]]:
    from sklearn.linear_model import LogisticRegression

    frequencies, total = document_frequencies(documents)
    vocabulary, idf = build_vocabulary(frequencies, total)
    index = {term: column for column, term in enumerate(vocabulary)}
    matrix = vectorise(documents, index, idf)
    classifier = LogisticRegression(C=C, max_iter=2000, tol=1e-5)
    classifier.fit(matrix, np.asarray(labels))
    classes = [str(name) for name in classifier.classes_]
    return vocabulary, idf, classifier.coef_, classifier.intercept_, classes


def _temperature(logits: np.ndarray, truth: np.ndarray) -> float:
    """The temperature that minimises the log loss of out-of-fold logits."""
    from scipy.optimize import minimize_scalar

    def loss(temperature: float) -> float:
        probabilities = _softmax(logits / temperature)
        return float(-np.log(probabilities[np.arange(len(truth)), truth] + 1e-12).mean())

    result = minimize_scalar(loss, bounds=(0.05, 20.0), method="bounded")
    return float(result.x)


def fit(
    documents: Sequence[Counter[str]], labels: Sequence[str], groups: Sequence[str]
) -> IntentModel:
    """Fit on every document; calibrate on folds that hold out whole phrasing templates."""
    vocabulary, idf, coef, intercept, classes = _fit_linear(documents, labels)
    names = np.asarray(sorted(set(groups)))
    fold_of = {group: position % CALIBRATION_FOLDS for position, group in enumerate(names)}
    folds = np.array([fold_of[group] for group in groups])
    class_index = {name: position for position, name in enumerate(classes)}
    truth = np.array([class_index[label] for label in labels])
    logits = np.zeros((len(documents), len(classes)))
    for fold in range(CALIBRATION_FOLDS):
        train = [i for i in range(len(documents)) if folds[i] != fold]
        held = [i for i in range(len(documents)) if folds[i] == fold]
        v, f_idf, f_coef, f_intercept, f_classes = _fit_linear(
            [documents[i] for i in train], [labels[i] for i in train]
        )
        matrix = vectorise([documents[i] for i in held], {t: c for c, t in enumerate(v)}, f_idf)
        fold_logits = matrix @ f_coef.T + f_intercept
        for position, name in enumerate(f_classes):
            logits[held, class_index[name]] = fold_logits[:, position]
        missing = [class_index[name] for name in classes if name not in f_classes]
        logits[np.ix_(held, missing)] = -1e3
    return IntentModel(
        classes=tuple(classes),
        vocabulary=tuple(vocabulary),
        idf=idf,
        coef=np.asarray(coef, dtype=np.float32),
        intercept=np.asarray(intercept, dtype=np.float32),
        temperature=_temperature(logits, truth),
    )
