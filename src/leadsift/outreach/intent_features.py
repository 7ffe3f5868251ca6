"""Features of a cleaned reply for the intent model: character 3-5-grams inside words (robust
to typos, inflections and missing accents), word unigrams and bigrams, and the subject's
words, all accent-folded and lower-cased, weighted TF-IDF and L2-normalised.

Written here rather than taken from scikit-learn's vectoriser so that the fitted model is
plain arrays (a vocabulary, IDF weights, coefficients) that load with numpy alone, the same
on every scikit-learn version, with nothing unpickled."""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
from scipy import sparse

_ADDRESS = re.compile(r"\S+@\S+\.\w+")
_URL = re.compile(r"https?://\S+|www\.\S+")
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"[a-z0]+(?:'[a-z]+)?")
# the subject's reply and forward markers say nothing about intent
_SUBJECT_NOISE = re.compile(r"^(?:\s*(?:re|fw|fwd|tr|rv|aw)\s*:\s*)+", re.IGNORECASE)
_CHAR_SIZES = (3, 4, 5)
MAX_TOKENS_CHARS = 4000  # what a reply says is in its first lines; bounds the work per reply


def normalise(text: str) -> str:
    """Lower case, no accents, addresses/links/numbers as placeholders."""
    text = _ADDRESS.sub(" zaddr ", text[:MAX_TOKENS_CHARS])
    text = _URL.sub(" zurl ", text)
    folded = unicodedata.normalize("NFKD", text.lower().replace("\u2019", "'"))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _DIGITS.sub("0", folded)


def tokens(body: str, subject: str) -> Counter[str]:
    """Counts of every feature of one reply (body already cleaned)."""
    counts: Counter[str] = Counter()
    words = _WORD.findall(normalise(body))
    for word in words:
        padded = f" {word} "
        for size in _CHAR_SIZES:
            for start in range(len(padded) - size + 1):
                counts["c" + padded[start : start + size]] += 1
    counts.update("w" + word for word in words)
    counts.update("b" + first + "_" + second for first, second in itertools.pairwise(words))
    subject_words = _WORD.findall(normalise(_SUBJECT_NOISE.sub("", subject[:300])))
    counts.update("s" + word for word in subject_words)
    # punctuation the word features drop: a question mark is most of what a question is
    head = body[:MAX_TOKENS_CHARS]
    for mark, name in (("?", "xquestion"), ("!", "xbang"), ("\u00bf", "xquestion")):
        if mark in head:
            counts[name] += 1
    if not words:
        counts["xempty"] += 1
    elif len(words) <= 3:
        counts["xshort"] += 1
    return counts


def document_frequencies(documents: Iterable[Counter[str]]) -> tuple[Counter[str], int]:
    frequencies: Counter[str] = Counter()
    total = 0
    for document in documents:
        frequencies.update(document.keys())
        total += 1
    return frequencies, total


def build_vocabulary(
    frequencies: Counter[str], total: int, min_df: int = 2
) -> tuple[list[str], np.ndarray]:
    """Features seen in at least `min_df` replies, sorted, with their smoothed IDF."""
    vocabulary = sorted(term for term, count in frequencies.items() if count >= min_df)
    idf = np.array(
        [math.log((1 + total) / (1 + frequencies[term])) + 1 for term in vocabulary],
        dtype=np.float32,
    )
    return vocabulary, idf


def vectorise(
    documents: Sequence[Counter[str]], index: dict[str, int], idf: np.ndarray
) -> sparse.csr_matrix:
    """Sublinear TF x IDF, each row L2-normalised (unknown features are dropped)."""
    indptr = [0]
    columns: list[int] = []
    values: list[float] = []
    for document in documents:
        for term, count in document.items():
            column = index.get(term)
            if column is not None:
                columns.append(column)
                values.append(1.0 + math.log(count))
        indptr.append(len(columns))
    matrix = sparse.csr_matrix(
        (np.asarray(values, dtype=np.float32), np.asarray(columns, dtype=np.int32), indptr),
        shape=(len(documents), len(idf)),
    )
    matrix = matrix.multiply(idf.reshape(1, -1)).tocsr()
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix, dtype=np.float32)
