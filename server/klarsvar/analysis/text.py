"""Segmentation: sentences, words, greeting/sign-off lines, protected spans. (Placeholder.)"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Sentence:
    """A sentence as code-point offsets; `kind` is 'body', 'greeting', 'signoff', 'signature' or 'quote'."""

    start: int
    end: int
    text: str
    kind: str = "body"
    words: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Segmentation:
    """Everything the checks need to know about the shape of a text."""

    sentences: tuple[Sentence, ...] = ()
    protected: tuple[tuple[int, int, str], ...] = field(default=())  # (start, end, kind)


_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


def segment(text: str, language: str) -> Segmentation:
    """Split `text` into sentences (placeholder implementation)."""
    sentences = []
    for m in _SENTENCE.finditer(text):
        if m.group().strip():
            words = tuple((w.start(), w.end()) for w in re.finditer(r"\w+", text[m.start():m.end()]))
            sentences.append(Sentence(m.start(), m.end(), m.group(), "body",
                                      tuple((m.start() + a, m.start() + b) for a, b in words)))
    return Segmentation(tuple(sentences), ())
