"""Which of English, Spanish and French a reply is written in, from its most common words.

Replies are short, so a character model would be noisy; the function words people cannot
avoid writing ("the", "que", "les") and a few letters only one language uses decide it."""

from __future__ import annotations

import re

LANGUAGES = ("en", "es", "fr")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STOPWORDS = {
    "en": _words(
        "the and to of you for is are we our this that not with be on in it at me my your have "
        "will please thanks thank no yes would can do don't i'm am us out office back until "
        "who here right now"
    ),
    "es": _words(
        "el la los las de que y en un una por para con no es nos su sus al lo del se me mi "
        "gracias estamos tenemos hola favor pero está muy más hasta ahora quien aquí"
    ),
    "fr": _words(
        "le la les de des du et en un une pour par avec ne pas est nous vous votre vos au aux "
        "je suis merci bonjour sommes avons mais très plus jusqu'au c'est qui ici"
    ),
}
_LETTERS = {"es": re.compile(r"[ñ¿¡]"), "fr": re.compile(r"[çèêëœàâîôû]")}
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def detect_language(text: str) -> str:
    """'en', 'es' or 'fr' (English when nothing tells them apart)."""
    words = _WORD.findall(text[:5000].lower())
    scores = {lang: sum(word in _STOPWORDS[lang] for word in words) for lang in LANGUAGES}
    for lang, letters in _LETTERS.items():
        scores[lang] += 2 * min(3, len(letters.findall(text[:5000].lower())))
    best = max(LANGUAGES, key=lambda lang: (scores[lang], lang == "en"))
    return best if scores[best] > 0 else "en"
