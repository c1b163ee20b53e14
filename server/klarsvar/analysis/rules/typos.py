"""Stock phrases through a typo: "sorry for the inconvenince" still gets the stock-sympathy finding (issue 14).

A word of the reply that no dictionary table lists but that is one edit (a letter added, dropped, changed or
two letters swapped) from a word of the stock-phrase rules is read as that word; the phrase rules run again
over the corrected text, and their new findings that cover a corrected word are mapped back to the reply as
typed. The spelling finding on the typo stays; this only stops the typo from hiding the phrase.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from ..findings import Finding

# The families of whole stock phrases: a typo inside one should not hide it. Single-word rules (plain
# language, jargon) are left to the speller, which already points at the word.
PHRASE_FAMILIES = frozenset({"sympathy", "standard_answer"})
# Short words have too many one-edit neighbours that are other words ("form"/"from"); the phrase words that
# carry a stock phrase ("inconvenience", "apologise", "contacting", "ulejligheden") are long.
MIN_LETTERS = 5
_WORD = re.compile(r"[^\W\d_]+")
_LONG_WORD = re.compile(r"[^\W\d_]{%d,}" % MIN_LETTERS)


@functools.lru_cache(maxsize=None)
def _frequency_table(language: str) -> dict[str, float]:
    """The language's word-frequency table (the speller's): a word listed there is a word, not a typo."""
    from ..grammar.spelling import word_frequencies

    return word_frequencies(language)


def phrase_words(entries) -> frozenset[str]:
    """The letters-only words of the stock-phrase entries' patterns (lower case), long enough to correct to."""
    found: set[str] = set()
    for entry in entries:
        if entry.family not in PHRASE_FAMILIES:
            continue
        for pattern in entry.patterns:
            found.update(w for w in _WORD.findall(pattern.source.casefold()) if len(w) >= MIN_LETTERS)
    return frozenset(found)


def _deletes(word: str) -> list[str]:
    """`word` with one letter left out, every way."""
    return [word[:i] + word[i + 1:] for i in range(len(word))]


class TypoIndex:
    """A one-edit index of the stock-phrase words (symmetric deletes: a lookup costs one dict probe per letter)."""

    def __init__(self, words: frozenset[str], language: str) -> None:
        """Index `words` and each of them with one letter left out."""
        self.words = words
        self.language = language
        # One edit changes the length by at most one letter: longer words are never looked up (a pasted
        # 50,000-letter token would otherwise cost 50,000 deletes of 50,000 letters each).
        self.longest = max((len(w) for w in words), default=0) + 1
        self._by_delete: dict[str, set[str]] = {}
        for word in words:
            for key in (word, *_deletes(word)):
                self._by_delete.setdefault(key, set()).add(word)

    def correction(self, typed: str) -> str | None:
        """The phrase word `typed` is one edit away from, or None.

        With several, a changed or swapped letter goes first, then a dropped one, then an extra one (a wrong
        pick only means no phrase matches: the corrected text is used for nothing else)."""
        low = typed.casefold()
        if not MIN_LETTERS <= len(low) <= self.longest or low in self.words or low in _frequency_table(self.language):
            return None
        found: set[str] = set()
        for key in (low, *_deletes(low)):
            for word in self._by_delete.get(key, ()):
                if _one_edit(low, word):
                    found.add(word)
        if not found:
            return None
        rank = {0: 0, 1: 1, -1: 2}  # len(word) - len(typed)
        return min(found, key=lambda w: (rank[len(w) - len(low)], w))


def _one_edit(a: str, b: str) -> bool:
    """Whether `a` and `b` differ by exactly one inserted, deleted or changed letter, or two swapped neighbours."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1:]


def _with_case(word: str, typed: str) -> str:
    """`word` in the letter case of `typed` (first capital or all capitals)."""
    if typed.isupper() and len(typed) > 1:
        return word.upper()
    if typed[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def corrections(text: str, index: TypoIndex) -> list[tuple[int, int, str]]:
    """(start, end, corrected word) for each word of `text` read as a typo of a stock-phrase word."""
    # One pass in C over the whole text finds the few unlisted long words; most replies have none near a
    # phrase word, and then nothing else is done (this runs on every check).
    unlisted = set(_LONG_WORD.findall(text.casefold())).difference(_frequency_table(index.language))
    unlisted.difference_update(index.words)
    wanted = {word: fix for word in unlisted if (fix := index.correction(word)) is not None}
    if not wanted:
        return []
    out = []
    for m in _LONG_WORD.finditer(text):
        typed = m.group()
        word = wanted.get(typed.casefold())
        if word is not None:
            out.append((m.start(), m.end(), _with_case(word, typed)))
    return out


def corrected_text(text: str, fixes: list[tuple[int, int, str]]) -> str:
    """`text` with each (start, end, word) of `fixes` put in."""
    parts, at = [], 0
    for start, end, word in fixes:
        parts += [text[at:start], word]
        at = end
    parts.append(text[at:])
    return "".join(parts)


def _to_original(offset: int, fixes: list[tuple[int, int, str]], *, is_end: bool) -> int:
    """An offset in the corrected text, as an offset in the text as typed (inside a fixed word: its edge)."""
    shift = 0
    for start, end, word in fixes:
        new_start = start + shift
        new_end = new_start + len(word)
        if offset < new_start or (offset == new_start and not is_end):
            break
        if offset < new_end or (offset == new_end and not is_end):
            return end if is_end else start
        if offset == new_end:
            return end
        shift += len(word) - (end - start)
    return offset - shift


def mapped_findings(found: list[Finding], fixes: list[tuple[int, int, str]], text: str) -> list[Finding]:
    """Findings on the corrected text that cover a corrected word, with spans and text of the reply as typed."""
    out = []
    for finding in found:
        if finding.start is None or finding.end is None:
            continue
        start = _to_original(finding.start, fixes, is_end=False)
        end = _to_original(finding.end, fixes, is_end=True)
        if not any(start <= a and b <= end for a, b, _w in fixes):
            continue  # the phrase matched without any corrected word: the normal check has it already
        out.append(replace(finding, start=start, end=end, text=text[start:end]))
    return out
