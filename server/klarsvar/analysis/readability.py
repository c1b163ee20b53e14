"""Readability: LIX for Danish, Flesch reading ease for English. (Placeholder.)"""

from __future__ import annotations


def analyze(doc) -> tuple[dict, list]:
    """Return the readability summary and its findings (long sentences, document-level band)."""
    words = sum(len(s.words) for s in doc.segmentation.sentences)
    return ({"lix": None, "band": None, "flesch_reading_ease": None, "words": words,
             "sentences": len(doc.segmentation.sentences), "long_words": 0, "long_sentences": 0}, [])
