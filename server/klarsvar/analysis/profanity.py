"""The shipped list of profanity, slurs and insults (`data/profanity/<lang>.yml`): words the rewrite never repeats
and the customer context reads as one weak sign of anger."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

PROFANITY_DIR = Path(__file__).resolve().parent.parent / "data" / "profanity"
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


@lru_cache(maxsize=4)
def profanity_list(language: str) -> tuple[frozenset, tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(whole words, prefixes, exceptions, exceptions in the other language) of the shipped profanity/slur/insult
    list (`data/profanity/<lang>.yml`). An exception (`except`; `*` for any ending) is an ordinary word that starts
    like a listed prefix; `except_in_other_language` holds the other language's ordinary words ("slut" is Danish for
    "over"), which count only when the list is read for a message in that language."""
    path = PROFANITY_DIR / f"{language}.yml"
    if not path.exists():
        return frozenset(), (), (), ()
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    words = [str(w).strip().lower() for w in data.get("words") or () if str(w).strip()]
    return (frozenset(w for w in words if not w.endswith("*")),
            tuple(sorted({w[:-1] for w in words if w.endswith("*")})),
            _exceptions(data.get("except")), _exceptions(data.get("except_in_other_language")))


def _exceptions(entries) -> tuple[str, ...]:
    """Exception entries as prefixes to test `word + "\\0"` with: "x*" any ending, "x" the whole word only."""
    words = [str(w).strip().lower() for w in entries or () if str(w).strip()]
    return tuple(sorted(w[:-1] if w.endswith("*") else w + "\0" for w in words))


def profanity_examples(language: str) -> dict:
    """The list's own examples: `bad` texts that hold a listed word, `good` texts that must not match."""
    path = PROFANITY_DIR / f"{language}.yml"
    return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("examples") or {}


def is_profane(word: str, language: str) -> bool:
    """Whether one word is on the language's profanity list (either language's list for a mixed message)."""
    w = word.lower().replace("’", "'")
    for lang in (language, "en" if language == "da" else "da"):
        exact, prefixes, exceptions, foreign = profanity_list(lang)
        if w in exact or (w.startswith(prefixes) and not (w + "\0").startswith(exceptions)
                          and not (lang != language and (w + "\0").startswith(foreign))):
            return True
    return False


def profane_words(text: str, language: str) -> list[str]:
    """The words of `text` that are on the profanity list."""
    return [m.group() for m in _WORD.finditer(text) if is_profane(m.group(), language)]
