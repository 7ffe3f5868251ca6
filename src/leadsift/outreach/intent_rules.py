"""Deterministic rules for the intents where a miss costs most: an opt-out must never be
mistaken for anything else (the law and the sender's reputation depend on it).

They run on the cleaned reply, never on the quoted original (our own emails end with "reply
unsubscribe"), and are phrases, not words: "unsubscribe" alone is one, "list" is not.

The text is normalised first (`normalise`): lower case, accents folded, "dont" / "don t" read
as "don't", "m ecrire" as "m'ecrire", and a word that is a typo of a word the phrases use is
replaced by it: letters repeated ("pllus", "stopp", "baaja") or one letter missing, extra,
wrong or swapped ("unsubcribe", "escrbirme", "agian"). Only those words are corrected, so
"of" never becomes "off" and "spending" never becomes "sending".

A request is an opt-out wherever it stands in the reply, also next to "not interested" (a
person who says both wants no more mail). Three things keep other replies out:

- a request negated just before it ("don't remove me", "I didn't mean to unsubscribe", "no
  me den de baja", "ne me désinscrivez pas");
- statements that use the same words for something else ("este buzón se va a dar de baja",
  "estoy de baja por maternidad", "cette adresse ne recevra plus de mails", a ticket
  system's "to unsubscribe from notifications, click here"): a match inside one is ignored;
- `explains_departure`: "I have left", "this mailbox is being closed", "my address changed",
  an automatic reply. The classifier then lets the model's opt-out probability win only when
  it is the most likely intent, not from its lower threshold."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

MAX_RULE_CHARS = 20_000
# what the spaces of a phrase match: any run of spaces and punctuation ("retirez-moi",
# "STOP. EMAILING. ME.", a line break), never an apostrophe or an address
_SEP = r"[^\w'@]+"


class _Phrases:
    """Phrases compiled one by one, each run only when a reply has a word starting like the
    phrase's first word: one alternation of a hundred phrases would be tried at every
    position of every reply (seconds per 10,000 replies)."""

    def __init__(self, *patterns: str) -> None:
        # a space in a pattern stands for `_SEP` (no pattern has a space in a character class)
        self.phrases = [re.compile(p.replace(" ", _SEP), re.MULTILINE) for p in patterns]
        self.leading = [_leading_words(p) for p in patterns]
        self.always = [at for at, leading in enumerate(self.leading) if leading is None]
        self.by_word: dict[str, list[int]] = {}
        for at, leading in enumerate(self.leading):
            for word in leading or ():
                self.by_word.setdefault(word, []).append(at)
        self.words = frozenset(self.by_word)

    def finditer(self, text: str, starts: frozenset[str]) -> Iterator[re.Match[str]]:
        chosen = set(self.always)
        for word in self.words & starts:
            chosen.update(self.by_word[word])
        for at in sorted(chosen):
            yield from self.phrases[at].finditer(text)

    def search(self, text: str, starts: frozenset[str]) -> bool:
        return next(self.finditer(text, starts), None) is not None


_LITERAL = re.compile(r"[a-z]+")


def _leading_words(pattern: str) -> frozenset[str] | None:
    """How a match's first word starts: "\\bremov(?:e|ing) me" -> {"remov"}, "\\b(?:dar|den)
    de" -> {"dar", "den"}; None when that cannot be read off the pattern (it always runs)."""
    if not pattern.startswith(r"\b"):
        return None
    rest = pattern[2:]
    alternatives = [rest]
    if rest.startswith("(?:"):
        depth, close = 0, -1
        for at, ch in enumerate(rest):
            depth += {"(": 1, ")": -1}.get(ch, 0)
            if depth == 0:
                close = at
                break
        if close < 0 or rest[close + 1 : close + 2] in ("?", "*", "{"):
            return None
        alternatives, depth, current = [], 0, ""
        for ch in rest[3:close]:
            depth += {"(": 1, ")": -1}.get(ch, 0)
            if ch == "|" and depth == 0:
                alternatives.append(current)
                current = ""
            else:
                current += ch
        alternatives.append(current)
    words = set()
    for alternative in alternatives:
        literal = _LITERAL.match(alternative)
        if literal is None:
            return None
        word = literal.group()
        if alternative[literal.end() : literal.end() + 1] in ("?", "*", "{"):
            word = word[:-1]
        if not word:
            return None
        words.add(word)
    return frozenset(words)


def _starts(text: str) -> frozenset[str]:
    """Every beginning of every word of `text` ("stop" -> s, st, sto, stop)."""
    return frozenset(
        word[:length] for word in set(_LITERAL.findall(text)) for length in range(1, len(word) + 1)
    )


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# words (as normalised, no accents) that typos are corrected to: the ones the phrases need.
# Long, distinctive words take any one-letter typo; short or common ones ("plus", "darme",
# "writing") only repeated letters, since one edit makes them other words ("darse", "waiting")
_KEYWORDS = _words(
    """
    unsubscribe unsubscribed unsubscribing unsubscription remove removed removing removal
    delete contact contacts contacting contacted email emails emailing emailed anymore again
    spamming escribir escribirme escriban escriba escribanme contactar contactarme contacten
    contacte enviar enviarme envien mandar mandarme manden correos correo eliminen eliminenme
    eliminar eliminarme borren borrenme borrar borrarme quitenme quitarme saquenme sacarme
    desuscribir desuscribirme suscripcion recibir recibiendo desinscrire desinscrivez
    desinscription desinscrit desinscrite desabonner desabonnez desabonnement ecrire ecrivez
    contacter contactez envoyer envoyez courriel courriels retirer retirez supprimer supprimez
    enlever enlevez arreter arretez cesser cessez recevoir aucun recontacter recontactez
    contacto contactos
    """
)
_SHORT = _words(
    """
    stop never more list off me no not plus mas mail mails baja darme dadme denme writing
    sending messaging mailing unsub this jamais retire supprime enleve efface
    """
)
# real words one edit from a keyword, which must stay what they are
_PROTECTED = _words(
    """
    contract contracts contracting contracted contractor contractors remote retired retiring
    gmail mass mme remover removes deleted
    """
)
_MIN_FUZZY = 5  # shorter words are corrected only for repeated letters
_REPEATS = re.compile(r"([a-z])\1+")


def _collapse(word: str) -> str:
    return _REPEATS.sub(r"\1", word)


_BY_COLLAPSED = {_collapse(word): word for word in sorted(_KEYWORDS | _SHORT)}
_FUZZY = {_collapse(word): word for word in _KEYWORDS if len(_collapse(word)) >= _MIN_FUZZY}
# the short words with two neighbouring letters swapped
_SWAPS = {
    word[:at] + word[at + 1] + word[at] + word[at + 2 :]: word
    for word in sorted(_SHORT)
    if len(word) >= 4
    for at in range(len(word) - 1)
    if word[at] != word[at + 1]
}
_DELETIONS: dict[str, str] = {}
for _collapsed in sorted(_FUZZY):
    for _at in range(len(_collapsed)):
        _DELETIONS.setdefault(_collapsed[:_at] + _collapsed[_at + 1 :], _collapsed)


def _one_edit(a: str, b: str) -> bool:
    """Same length and one letter different, or two neighbours swapped."""
    if len(a) != len(b):
        return False
    differ = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    if len(differ) == 1:
        return True
    return (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and a[differ[0]] == b[differ[1]]
        and a[differ[1]] == b[differ[0]]
    )


@lru_cache(maxsize=65_536)
def spell(word: str) -> str:
    """The keyword `word` is a typo of, else `word` itself."""
    if word in _KEYWORDS or word in _SHORT or word in _PROTECTED or len(word) < 2:
        return word
    collapsed = _collapse(word)
    if collapsed != word and collapsed in _BY_COLLAPSED:  # letters repeated
        return _BY_COLLAPSED[collapsed]
    if len(collapsed) < _MIN_FUZZY:
        swapped = _SWAPS.get(collapsed)  # "mroe", "tihs", "stpo"
        return swapped if swapped is not None else word
    if collapsed in _FUZZY:  # letters repeated or a double written single ("suprimez")
        return _FUZZY[collapsed]
    if collapsed in _DELETIONS:  # a letter missing
        return _FUZZY[_DELETIONS[collapsed]]
    for at in range(len(collapsed)):
        shorter = collapsed[:at] + collapsed[at + 1 :]
        if shorter in _FUZZY:  # a letter too many
            return _FUZZY[shorter]
        near = _DELETIONS.get(shorter)
        if near is not None and _one_edit(collapsed, near):  # one wrong or two swapped
            return _FUZZY[near]
    return word


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
_EMAIL_WORD = re.compile(r"\be[ -]?mail")
_NOT = re.compile(
    r"\b(do|does|did|ca|wo|is|are|was|were|should|would|could|have|has|had)n ?'? ?t\b"
)
_ELISION = re.compile(r"(?<![\w'])([jmtnsdlc]) (?=[aeiouyh])")
_WORD = re.compile(r"[a-z]+")


def fold(text: str) -> str:
    """Lower case without accents: "Désinscrivez" and "desinscrivez" are one phrase."""
    lowered = text.lower().translate(_APOSTROPHES)
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise(text: str) -> str:
    """What the phrases are matched on (see the module's docstring)."""
    text = _EMAIL_WORD.sub("email", fold(text))
    text = _NOT.sub(r"\1n't", text)
    text = _ELISION.sub(r"\1'", text)
    return _WORD.sub(lambda word: spell(word.group()), text)


# --- asking for something to be done: unsubscribe, remove, delete (can be negated) --------
_REQUESTS = _Phrases(
    # English
    r"\bunsubscrib\w*",
    r"\bunsub\b",
    r"\bopt(?:ing|ed)? (?:me |us )?out\b",
    r"\bremov(?:e|ing) (?:me|us|myself|my (?:name|email|address|details|data|info|information"
    r"|contact)|our (?:name|email|address|details)|this (?:email|address|contact))\b",
    r"\bremov(?:e|ing) \S+@\S+ from\b",
    r"\bremov(?:e|ing) (?:[a-z]+ )?(?:email|address|name|details|data|contact)(?: address)? from\b",
    r"\b(?:be|get|been|being|getting) removed\b",
    r"\bremoval (?:from|of (?:me|my|this|our))\b",
    r"\btake (?:me|us|myself|my (?:name|email|address|details)|this (?:email|address)"
    r"|our (?:name|email|address)) (?:off|out of)\b",
    r"\b(?:me|us|myself|name|address|email|want|get|be|keep|taken|removed) off (?:of |from )?"
    r"(?:your|the|this|these|all|any|ur|every)(?: [a-z-]+){0,2} lists?\b",
    r"\bdelet(?:e|ing) (?:me|us|my (?:data|information|info|details|address|email|contact"
    r"|name)|our (?:data|details|email|address)|this (?:email )?address)\b",
    r"\b(?:put|add) (?:me|us) (?:on|to) (?:your|the) (?:do not|don't) (?:contact|email|mail)",
    r"\bdo not contact list\b",
    # Spanish
    r"\bdar(?:me|nos|le|les|se)? de baja\b",
    r"\b(?:dadme|dame|deme|denme|den|des|dad) de baja\b",
    r"\b(?:me|nos) (?:doy|damos|dan|den|des|de) de baja\b",
    r"\b(?:solicit\w*|pido|pedimos|quiero|quisiera|queremos|deseo|deseamos|exijo|tramit\w*"
    r"|proces\w*|confirm\w*) (?:la |mi |nuestra |una )?baja\b",
    r"\bbaja (?:de|del|en) (?:(?:su|sus|vuestra|vuestras|la|las|esta|este|estas|estos|todas"
    r"|todos|el|los) )?(?:lista|listas|listado|base|boletin|newsletter|correos?|comunicaciones"
    r"|envios|emails|mailing|suscripcion|mensajes|publicidad|campanas?)\b",
    r"\bbaja (?:de|en) (?:su|sus|vuestra|vuestras|esta|estos|estas|todas|todos)\b",
    r"^\W*(?:la |mi )?baja(?: (?:por favor|porfa|porfavor|gracias|ya|inmediata|urgente))?\W*$",
    r"\bbaja,? (?:por favor|porfa|porfavor|inmediata|urgente)\b",
    r"\bdesuscrib\w*",
    r"\bdesuscripcion\b",
    r"\b(?:cancel|anul)\w* (?:mi|la|nuestra) suscripcion\b",
    r"\b(?:elimin|borr|quit)(?:enme|adme|arme|enos|arnos|eme)\b",
    r"\bsa(?:quenme|cadme|carme|quenos|queme)\b",
    r"\b(?:me|nos) (?:elimin|borr)(?:en|e|eis|es)\b",
    r"\b(?:me|nos) (?:quit|saqu)(?:en|e|eis|es) de\b",
    r"\b(?:elimin|borr|quit|saqu)(?:en|ad|ar|e|a) (?:mi|mis|nuestro|nuestros|nuestra|este|esta) "
    r"(?:datos|direccion|correo|email|contacto|cuenta|nombre|mail)\b",
    r"\b(?:elimin|borr)(?:en|ad|ar|e|a) \S+@\S+",
    r"\bsupriman (?:mis|nuestros) datos\b",
    # French
    r"\bdesinscri\w*",
    r"\bdesabonn\w*",
    r"\b(?:retir|supprim|enlev|effac|ot)(?:ez|er|e) (?:moi|nous)\b",
    r"\b(?:me |m'|nous )(?:supprim|enlev|effac|ot|retir|radi)er\b",
    r"\b(?:retir|supprim|enlev|effac)(?:ez|er|e) (?:mon|mes|notre|nos|cette) (?:adresse|nom"
    r"|coordonnees|email|mail|contact|donnees|fiche)\b",
    r"\b(?:retir|supprim|enlev)(?:ez|er) \S+@\S+",
    r"\boubliez moi\b",
    r"\b(?:etre|soit|soient|soyons) (?:retire|supprime|enleve|desinscrit|radie|efface)e?s? "
    r"(?:de|des|du)\b",
    r"\bliste d'opposition\b",
    r"\bbloctel\b",
)

# --- asking for something to stop (negation is part of the phrase) ---------------------
_PROHIBITIONS = _Phrases(
    # English
    r"\bstop (?:emailing|mailing|contacting|spamming|messaging|writing|reaching out|bothering"
    r"|harass\w*|pestering|hounding|chasing|following up)\b",
    r"\bstop send(?:ing)? (?:me|us|these|this|those|your|them|any|all|emails?|messages?|mail"
    r"|spam|junk|more)\b",
    r"\bstop send(?:ing)? (?:[a-z]+ ){0,2}(?:emails|messages|mail|spam|junk|newsletters|offers"
    r"|marketing|solicitations|stuff)\b",
    r"\bstop (?:contact|email|message|writ|spam|mail)\w* (?:me|us)\b",
    r"\bstop (?:with )?(?:the |these |your |all the |those |all )?(?:emails|messages|spam|mails)\b",
    r"\bquit (?:emailing|contacting|spamming|messaging|sending|writing)\b",
    r"\b(?:do not|don't|never) (?:ever )?(?:again )?(?:contact|email|write|message|text|reach"
    r"|spam|send|mail)(?:ing|ed|s)?(?: out)?(?= (?:to )?(?:me|us)\b| again\b| anymore\b"
    r"| any more\b| ever\b| further\b| in the future\b| this (?:address|email|account|person"
    r"|inbox)\b| at this\b| here\b|\W*$|\s*[.,;!?])",
    r"\b(?:do not|don't) bother (?:me|us)\b",
    r"\bnot to (?:contact|email|write to|message|reach out to|send) (?:me|us)\b",
    r"\b(?:do not|don't|no longer|never) (?:want|wish|care|need) (?:to )?(?:hear from you"
    r"|be contacted|be emailed|(?:receive|get) (?:any |these |your |more |further |this |such )*"
    r"(?:emails|messages|mail|spam|newsletters|marketing|communications|information|stuff)"
    r"|any (?:more |further )?(?:emails|messages|contact)|(?:more|further) (?:emails|messages)"
    r"|your (?:emails|messages)|these (?:emails|messages))\b",
    r"\bno (?:more|further) (?:emails|messages|mail|mails|contact|communications?"
    r"|follow ups?|followups?|spam|outreach|solicitations?)\b",
    r"\b(?:enough|sick of|tired of) (?:with )?(?:the |these |your |all )?(?:emails|spam"
    r"|messages)\b",
    r"\b(?:refrain|desist|cease) (?:from )?(?:contacting|emailing|writing|sending|messaging"
    r"|reaching out)\b",
    r"\bcease (?:and desist|all (?:contact|communications?|emails))\b",
    r"\bleave (?:me|us) alone\b",
    r"\bnever (?:signed up|subscribed|opted in|consented)\b",
    r"\b(?:reported|marked|flagged|reporting|marking) (?:this |you |it |your emails? )?as spam\b",
    r"\bhow (?:do|can) i (?:stop (?:these|this|your|the)|get off)\b",
    r"^\W*(?:please |pls |plz |kindly |just )?(?:stop|remove|remove me|unsubscribe|unsub|opt out"
    r"|take me off|no more)(?: it| now| please| pls| thanks| thank you)?\W*$",
    r"^\W*stop\W+(?:don't|no more|never|enough|ne m'|ne plus|plus jamais|jamais plus|no me|no mas"
    r"|basta|ni un)",
    # Spanish
    r"\bno (?:me|nos) (?:(?:vuelva|vuelvan|vuelvas|volvais) a )?(?:escrib|contact|molest|spame"
    r"|insist)\w*",
    r"\bno (?:me|nos) (?:(?:vuelva|vuelvan|vuelvas) a )?(?:envi|mand)\w* (?:mas|nada|ningun\w*"
    r"|correos?|emails?|mails?|mensajes|publicidad|spam|informacion|esto|estos)\b",
    r"\bno (?:vuelva|vuelvan|vuelvas|volvais) a (?:escrib|contact|envi|mand|molest)\w*",
    r"\bnunca mas (?:me |nos )?(?:escrib|contact|envi|mand)\w*",
    r"\bdej(?:en|a|e|ad|ar|es|ais)(?: ya)? de (?:escribir|contactar|molestar|spamear|insistir"
    r"|acosar)\w*",
    r"\bdej(?:en|a|e|ad|ar|es|ais)(?: ya)? de (?:enviarme|mandarme|enviarnos|mandarnos)\b",
    r"\bdej(?:en|a|e|ad|ar|es|ais)(?: ya)? de (?:enviar|mandar)(?:me|nos|le)? (?:mas )?(?:correos?"
    r"|emails?|mails?|mensajes|spam|publicidad|informacion|esto|estos|nada)\b",
    r"\b(?:quiero|deseo|quisiera|queremos|como|necesito|para) dejar de recibir\b",
    r"\bno (?:quiero|deseo|quisiera|queremos|deseamos|necesito) (?:seguir )?recibi(?:r|endo)\b"
    r"(?! llamadas)",
    r"\bno (?:quiero|deseo|quisiera|queremos|deseamos) que (?:me|nos) (?:escrib|contact|envi|mand"
    r"|molest)\w*",
    r"\bno (?:mas|quiero mas) (?:correos|emails|mails|mensajes|spam|publicidad|envios"
    r"|comunicaciones)\b",
    r"\bni (?:un|uno|una) (?:(?:correo|email|mail|mensaje) )?mas\b",
    r"\bbasta(?: ya)?(?: de)? (?:correos|emails|mails|mensajes|spam|escribir|enviar|insistir)\b",
    r"\babsten(?:ganse|gase|erse|gan) de (?:contactar|escribir|enviar|mandar)\w*",
    r"\blista (?:de exclusion|robinson)\b",
    r"\b(?:marco|marcare|marcado|denunciare|denunciado|reportare|reportado) (?:esto |este correo "
    r"|su correo )?como spam\b",
    r"^\W*(?:basta|basta ya|ya basta)\W*$",
    r"\b(?:dejenme|dejadme) en paz\b",
    # French
    r"\bne plus (?:jamais )?(?:m'ecrire|m'envoyer|me (?:re)?contacter|me solliciter|me relancer"
    r"|me deranger|me spammer|nous (?:ecrire|envoyer|contacter|solliciter|relancer)|recevoir"
    r"|etre (?:contact|sollicit|relanc)\w*|rien recevoir)\b",
    r"\bne (?:me |m'|nous )(?:re)?(?:contact|ecriv|envoy|sollicit|relanc|spamm|derang)\w* (?:plus"
    r"|jamais)\b",
    r"\bne (?:veux|voulons|souhaite|souhaitons|desire|desirons|voudrais|veut|souhaiterais) plus "
    r"(?:rien )?(?:recevoir|etre (?:contact|sollicit|relanc|derang)\w*|de (?:mails|emails"
    r"|messages|courriels|relances|nouvelles)|d'(?:emails|autres)|aucun|entendre parler)",
    r"\bne (?:veux|voulons|souhaite|souhaitons|desire|voudrais) pas (?:recevoir|etre (?:contact"
    r"|sollicit|relanc)\w*)(?! par telephone| au telephone)",
    r"\barret(?:ez|er|e|ons)? (?:de |d')(?:m'|me |nous )?(?:ecrire|contacter|spammer|relancer"
    r"|solliciter|harceler|deranger|insister)\b",
    r"\barret(?:ez|er|e)? (?:de |d')(?:m'|me |nous )envoyer\b",
    r"\barret(?:ez|er|e)? (?:de |d')envoyer (?:des |vos |ces |de |de la |du )?(?:mails|emails"
    r"|messages|courriels|relances|newsletters|spams?|prospection|publicite|pub|offres"
    r"|sollicitations)\b",
    r"\barret(?:ez|er|e)? (?:le spam|les (?:mails|emails|relances|envois|messages|courriels)"
    r"|vos (?:mails|emails|relances|envois|messages|courriels))\b",
    r"\bcess(?:ez|er|e) (?:de |d')(?:m'|me |nous )?(?:ecrire|envoyer|contacter|spammer|relancer"
    r"|solliciter|harceler)\b",
    r"\bcess(?:ez|er|e) (?:tout|toute|tous|toutes|vos|les) (?:envois?|contacts?"
    r"|communications?|sollicitations?|relances?|mails|emails|messages|courriels)\b",
    r"\bplus (?:de |d'|aucun |aucune |jamais de )(?:mails?|emails?|messages?|courriels?|relances?"
    r"|sollicitations?|spams?|newsletters?|prospection|courriers?|envois?)\b",
    r"\baucun (?:mail|email|message|courriel) de plus\b",
    r"\bstop (?:aux? |les |a vos )?(?:mails|emails|messages|spams?|courriels|relances|envois"
    r"|sollicitations)\b",
    r"\blaissez (?:moi|nous) tranquilles?\b",
    r"\bsignale (?:comme|en) (?:spam|indesirable)\b",
    r"^\W*(?:stop|desinscription|desabonnement|plus jamais)(?: (?:merci|svp|stp|s'il vous plait))?"
    r"\W*$",
)

# a request negated just before it (the match is then not one)
_NEGATED_BEFORE = re.compile(
    r"(?:\b(?:do not|don't) (?:please )?"
    r"|\b(?:do not|don't|did not|didn't|never|not) (?:want|wanted|mean|meant|wish|wished|intend"
    r"|intended|trying|try) to (?:be )?"
    r"|\bno (?:me |nos )?(?:(?:quiero|queria|quise|deseo|pretendo|pretendia|pretendi) )?"
    r"(?:me |nos )?"
    r"|\bne (?:pas )?(?:me |m'|nous )?(?:(?:veux|voulais|souhaite|souhaitais|voulons) pas "
    r"(?:me |m'|etre )?)?)$"
)

# statements that use an opt-out's words for something else: matches inside them are ignored
_NOT_REQUESTS = _Phrases(
    # the mailbox, not the person, is "given de baja"; a person "de baja" is on leave
    r"\b(?:se (?:va|van|iba|iban) a dar(?:se)?|va a darse|van a darse|se dara|se daran|sera dad[oa]"
    r"|seran dad[oa]s|ha sido dad[oa]|han sido dad[oa]s|se ha dado|se han dado|quedara|quedaran"
    r"|queda|quedo|esta|estoy|estare|estaba|estara|sigo|seguire|continuo) de baja\b"
    r"(?: (?:por|medica|laboral|maternal|de maternidad|de paternidad)\w*)?",
    r"\b(?:la )?baja (?:por|de) (?:maternidad|paternidad|enfermedad)\b",
    r"\bbaja (?:medica|laboral|maternal|paternal)\b",
    # "cette adresse ne recevra plus de mails": a statement, not a request
    r"\bn(?:e |')(?:recevra|recevrai|recevrons|recoit|recois|accepte|acceptera|sera|serai|pourra"
    r"|pourrai|traite|traitera|gere|lira|lit|consulte|consultera|relevera|releve) plus (?:de |d'"
    r"|aucun |recevoir )",
    # footers of automatic mail: "To unsubscribe from these notifications, click here"
    r"(?:^|(?<=[.!?]) )(?:to|you can|you may|if you (?:no longer )?(?:wish|want|would like) to"
    r"|para|puede|si (?:no )?desea|pour|vous pouvez|si vous (?:ne )?souhaitez)\b[^\n.]{0,80}?"
    r"(?:unsubscrib\w*|opt out|darse de baja|desuscribirse|dejar de recibir|(?:vous|se) "
    r"desinscrire|(?:vous|se) desabonner|ne plus recevoir)[^\n.]{0,80}?\b(?:click|visit|follow"
    r"|link|here|portal|settings|preferences|manage|haga clic|pulse|enlace|aqui|visite|cliquez"
    r"|lien|ici|rendez vous|parametres)\b[^\n.]*",
)

_UNSUBSCRIBE_SUBJECT = re.compile(
    r"^\W*(?:unsubscribe|remove(?: me)?|baja|darme de baja|desinscription|desinscrire|stop)\W*$"
)
# a reply that is only a phone's footer is empty ("UNSUBSCRIBE" as subject, nothing written)
_ONLY_FOOTER = re.compile(
    r"(?:\s*(?:sent from|sent with|sent via|get outlook for|enviado desde|obtener outlook para"
    r"|envoyer? (?:de|depuis)|telecharger outlook)\b[^\n]*)*\s*"
)
_SUBJECT_PREFIX = re.compile(r"^(?:\s*(?:re|fw|fwd|tr|rv|aw)\s*:\s*)+")

# the person left, the mailbox closes, the address changed, or a machine answered
_DEPARTURE = _Phrases(
    # English
    r"\bi(?:'ve| have)? left\b(?! (?:you|a|the message|it|them|this|him|her)\b)",
    r"\bi(?:'m| am) no longer (?:with|at|working|employed|part of|in)\b",
    r"\bi no longer work\b",
    r"\bno longer (?:works?|working|employed)\b",
    r"\b(?:this|my|the) (?:mailbox|inbox|account|address|email(?: address)?|email account)"
    r"(?: [a-z]+){0,2} (?:is|will be|has been|was|is being|will soon be|are) (?:being |soon |now )?"
    r"(?:closed|shut down|shutdown|deactivated|deleted|disabled|discontinued|retired|removed"
    r"|terminated|unmonitored|no longer (?:monitored|active|in use|checked|read|valid))\b",
    r"\b(?:is|are) (?:not|no longer) (?:being )?(?:monitored|read|checked|answered)\b",
    r"\bunmonitored\b",
    r"\b(?:my|our|email) (?:email )?address (?:has )?changed\b",
    r"\bnew (?:email )?address\b",
    r"\bautomat(?:ed|ic) (?:message|response|reply|acknowledge?ment|confirmation|notification)\b",
    r"\bauto reply\b",
    r"\bautoreply\b",
    r"\bi(?:'ve| have)? retired\b",
    r"\bdo not reply to this\b",
    r"\bout of (?:the )?office\b",
    # Spanish
    r"\bhe dejado (?:la|el|de trabajar)\b",
    r"\bdeje (?:la|el) (?:empresa|clinica|centro|puesto|trabajo|hospital)\b",
    r"\bya no (?:trabajo|estoy|formo parte|pertenezco|ejerzo)\b",
    r"\b(?:se (?:va|van) a dar(?:se)?|se dara|sera dad[oa]|ha sido dad[oa]|quedara) de baja\b",
    r"\b(?:buzon|cuenta|direccion|correo)\b[^.\n]{0,40}\b(?:dejara de funcionar|se cerrara"
    r"|sera cerrad[oa]|se eliminara|sera eliminad[oa]|desactivad[oa]|ya no se (?:revisa|consulta"
    r"|lee|usa)|no se revisa|no esta atendid[oa])",
    r"\b(?:direccion|correo|email)(?: de correo)? ha cambiado\b",
    r"\bnueva direccion\b",
    r"\b(?:mensaje|respuesta) automatic[oa]\b",
    r"\bgenerado automaticamente\b",
    r"\bno responda a este\b",
    r"\bfuera de la oficina\b",
    r"\bme (?:he )?jubil\w*",
    # French
    r"\bj'ai quitte\b",
    r"\bje ne (?:travaille|suis) plus (?:chez|au|a|dans|en poste|en charge)\b",
    r"\bne fais plus partie\b",
    r"\b(?:boite|adresse|compte|messagerie)\b[^.\n]{0,40}\b(?:sera|va etre|est)(?: bientot)? "
    r"(?:fermee|supprimee|desactivee|cloturee)",
    r"\bn'est plus (?:consultee|active|surveillee|lue|valide|utilisee)\b",
    r"\bne recevra plus\b",
    r"\badresse (?:email |mail )?a change\b",
    r"\bchange d'adresse\b",
    r"\bnouvelle adresse\b",
    r"\b(?:message|reponse) automatique\b",
    r"\bgenere automatiquement\b",
    r"\bne pas (?:y )?repondre\b",
    r"\b(?:a la|ma) retraite\b",
)


def _spans(phrases: _Phrases, text: str, starts: frozenset[str]) -> list[tuple[int, int]]:
    return [match.span() for match in phrases.finditer(text, starts)]


def _inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(start < span[1] and span[0] < end for start, end in spans)


def _asks(text: str, starts: frozenset[str]) -> bool:
    statements = _spans(_NOT_REQUESTS, text, starts)
    for match in _PROHIBITIONS.finditer(text, starts):
        if not _inside(match.span(), statements):
            return True
    requests = [match.span() for match in _REQUESTS.finditer(text, starts)]
    # "no me den de baja, por favor": the negation covers every request overlapping it
    negated = [
        span for span in requests if _NEGATED_BEFORE.search(text[max(0, span[0] - 40) : span[0]])
    ]
    return any(not _inside(span, statements) and not _inside(span, negated) for span in requests)


def read_opt_out(cleaned: str, subject: str = "") -> str | None:
    """ "asks" when the sender asks to stop receiving email (in any of the three languages),
    "departs" when the reply instead says the person left, the mailbox is closing or unread,
    the address changed, or it is an automatic answer, else None.

    The subject is read only when the reply itself is empty, or only a phone's footer
    ("Unsubscribe" as the subject of a reply with nothing written)."""
    text = normalise(cleaned[:MAX_RULE_CHARS])
    if _ONLY_FOOTER.fullmatch(text):
        topic = _SUBJECT_PREFIX.sub("", normalise(subject[:300]))
        asks = _UNSUBSCRIBE_SUBJECT.match(topic) is not None or _asks(topic, _starts(topic))
        return "asks" if asks else None
    starts = _starts(text)
    if _asks(text, starts):
        return "asks"
    return "departs" if _DEPARTURE.search(text, starts) else None


def asks_to_unsubscribe(cleaned: str, subject: str = "") -> bool:
    """True when the sender asks to stop receiving email (see `read_opt_out`)."""
    return read_opt_out(cleaned, subject) == "asks"


def explains_departure(cleaned: str) -> bool:
    """True when the reply, asking nothing, says the person left, the mailbox is closing or
    unread, the address changed, or is an automatic answer: words like "de baja" or
    "deleted" in it are then about the mailbox (see `read_opt_out`)."""
    return read_opt_out(cleaned) == "departs"
