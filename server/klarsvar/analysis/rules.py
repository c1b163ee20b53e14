"""The phrase/substitution rule engine over `rules/<lang>/*.yml`. (Placeholder.)"""

from __future__ import annotations


def check(doc) -> list:
    """Return the findings of every phrase rule for the document's language."""
    return []
