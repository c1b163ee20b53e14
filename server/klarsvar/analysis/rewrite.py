"""The plain-language, acknowledging rewrite. (Placeholder: returns the text unchanged.)"""

from __future__ import annotations


def rewrite(doc, findings) -> dict:
    """Return {'text': rewritten, 'changes': [...]} with change offsets into the original text."""
    return {"text": doc.text, "changes": []}
