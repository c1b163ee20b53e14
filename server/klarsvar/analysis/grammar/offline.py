"""Offline grammar, for when LanguageTool does not answer: repeated words (Danish and English), Klarsvar's
English rules for what Harper misses (`offline_rules/en/grammar.yml`) and Harper itself (`harper.py`).

Klarsvar's Danish grammar rules (`rules/da/grammar.yml`) are not here: they run in the rules stage of the
pipeline whatever the engine. The repeated-word check is code, not rule data, because it needs a
back-reference the rule language does not have; its legitimate doubles ("så så", "what it is is") are data
below and its examples are tests (`tests/data/grammar_repeated_words.yml`).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from ..findings import Finding
from .harper import HarperGrammar

RULES_FILE = Path(__file__).resolve().parent / "offline_rules" / "en" / "grammar.yml"

# Two identical words separated only by spaces on one line ("the the", "hunden hunden"); a word is letters,
# and a hyphen or apostrophe joins words (so "lose-lose" and "can't can't" are words of their own).
_REPEAT = re.compile(
    r"(?<![^\W_])(?<![^\W_][-'’])([^\W\d_]+)([ \t\u00a0]+)(\1)(?![^\W_]|[-'’][^\W_])", re.IGNORECASE)

# Doubles that are right as they stand: interjections, intensifiers, words that end one clause and begin
# the next ("det det handler om", "spørgsmålet om om", "I think that that is right"), and a verb's particle
# followed by the same preposition ("Sæt opladeren i i en time", "Please log in in the app", "Kommer du med
# med toget?"), which cannot be told from a slip without knowing the verb.
LEGITIMATE = {
    "da": frozenset(("så det der den de dem at om nej ja jo hej tak meget lidt ha hæ øh hm la "
                     "i på med op ud af over ind ned hen").split()),
    "en": frozenset(("that had bye so no ha haha hey knock very really many yeah yes well there now blah la go "
                     "pretty please chop tut wow ok okay boo woo yay hip oh uh mm hmm "
                     "in on up out off down over by").split()),
}
# Verbs that double where a fronted clause ends and the main clause begins ("Det du skal skal du selv
# vælge", "Hvad vi har har vi", "What it is is a bug"): flagged only close to the start of a clause, where
# no such fronted clause fits ("Jeg skal skal nok sende den", "It is is broken").
CLAUSE_VERBS = {
    "da": frozenset("er var har havde skal skulle kan kunne vil ville må måtte gør gjorde blev bliver får fik".split()),
    "en": frozenset("is was do did does".split()),
}
# Words that open a fronted clause: after one of them a doubled verb may be the clause boundary.
_CLAUSE_OPENERS = {
    "da": frozenset("hvad hvem hvor hvilke hvilken hvilket hvis når fordi mens om at da der som det den dem alt "
                    "de".split()),
    "en": frozenset("what whatever who whoever where when all that which thing the".split()),
}
# After a determiner or a definite genitive a doubled verb's first word is a noun: "En skal skal op af havet",
# "Hundens skal skal fikses" (the shell must …). Not "den"/"det"/"ingen": they are subjects too ("Det er er …").
_NOUN_BEFORE = {
    "da": frozenset("en et min din sin vores jeres deres hans hendes denne dette hver hvert enhver ethvert".split()),
    "en": frozenset(),
}
_DEFINITE_GENITIVE = re.compile(r"[^\W\d_]{3,}(?:ens|ets|enes|ernes)", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[.!?;:,\n(\"“”«»]")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
MESSAGES = {
    "da": "Ordet står to gange i træk: slet det ene.",
    "en": "The word is written twice in a row: delete one.",
}


def repeated_words(text: str, spans: list[tuple[int, int]], language: str, context=None) -> list[Finding]:
    """Findings for a word written twice in a row inside `spans`, apart from legitimate doubles."""
    if language not in LEGITIMATE:
        return []
    out = []
    for start, end in spans:
        for m in _REPEAT.finditer(text, start, end):
            first, second = m.group(1), m.group(3)
            lower = first.casefold()
            if lower in LEGITIMATE[language]:
                continue
            if second[:1].isupper():
                continue  # "Bora Bora", "The The", "Hip Hip": names and slogans, not slips
            if first != second and first[:1].isupper() and len(first) == 1:
                continue  # Danish "I i morgen" (you, in), English "I i…" is a name-like initial
            if context is not None and context.overlaps_blocked(m.start(), m.end()):
                continue
            if lower in CLAUSE_VERBS[language] and not _near_clause_start(text, m.start(), language):
                continue
            out.append(Finding(
                category="grammar", rule=f"{language}.grammar.repeated_word", severity="error",
                message=MESSAGES[language], start=m.start(), end=m.end(), text=m.group(), replacements=(first,),
                source="klarsvar",
            ))
    return out


def _near_clause_start(text: str, offset: int, language: str) -> bool:
    """Whether a doubled verb at `offset` has at most one word before it in its clause, or two words of
    which the first cannot open a fronted clause ("Jeg skal skal", "Nu har har", but not "Det du skal skal")."""
    head = text[max(0, offset - 200):offset]
    breaks = list(_CLAUSE_BREAK.finditer(head))
    clause = head[breaks[-1].end():] if breaks else (head if offset <= 200 else head.split(" ", 1)[-1])
    words = _WORD.findall(clause)
    if words and (words[-1].casefold() in _NOUN_BEFORE[language]
                  or (language == "da" and _DEFINITE_GENITIVE.fullmatch(words[-1]))):
        return False
    if len(words) <= 1:
        return True
    return len(words) == 2 and words[0].casefold() not in _CLAUSE_OPENERS[language]


@functools.lru_cache(maxsize=1)
def _english_rules():
    """The English offline rule file and its engine, loaded once."""
    from ..rules import Engine, load_file

    loaded = load_file(RULES_FILE)
    return loaded, Engine(loaded.entries)


def english_rules(doc, spans: list[tuple[int, int]]) -> list[Finding]:
    """Findings of Klarsvar's English offline rules inside `spans`."""
    from ..rules.engine import run

    _, engine = _english_rules()
    findings = run(doc, [engine])
    return [f for f in findings if any(s <= f.start and f.end <= e for s, e in spans)]


class OfflineGrammar:
    """Repeated words for both languages; for English also the offline rules and Harper."""

    def __init__(self, english_dialect: str = "auto") -> None:
        self.harper = HarperGrammar(english_dialect)

    def preload(self) -> None:
        """Build Harper's linters now, in the background (otherwise the first English check does)."""
        self.harper.preload()

    def check(self, doc, spans: list[tuple[int, int]], context, deadline: float) -> tuple[list[Finding], bool]:
        """Grammar findings for the spans of `doc.text`, and whether every engine ran on all of them."""
        text, language = doc.text, doc.language
        own = repeated_words(text, spans, language, context)
        if language != "en":
            return own, True
        own += [f for f in english_rules(doc, spans) if not context.overlaps_blocked(f.start, f.end)]
        harper, complete = self.harper.check(text, spans, context, deadline)
        # Klarsvar's own findings are the tuned ones: Harper's on the same words are left out.
        harper = [h for h in harper if not any(o.start < h.end and h.start < o.end for o in own)]
        return own + harper, complete


__all__ = ["CLAUSE_VERBS", "LEGITIMATE", "OfflineGrammar", "RULES_FILE", "english_rules", "repeated_words"]
