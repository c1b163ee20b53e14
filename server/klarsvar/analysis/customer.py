"""Customer context from the customer's message. (Placeholder.)"""

from __future__ import annotations


def build_context(message: str | None, name: str | None, language: str):
    """Return what the customer's message tells us, or None when there is no message and no name."""
    return None
