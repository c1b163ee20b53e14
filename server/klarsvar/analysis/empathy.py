"""Empathy checks: acknowledgement, sympathy, apologies, personal touch. (Placeholder.)"""

from __future__ import annotations


def analyze(doc) -> tuple[dict, list]:
    """Return the empathy summary and its findings."""
    return ({"acknowledges": False, "customer_name_used": False, "apologies": 0,
             "customer_emotion": None, "mirrored_words": []}, [])
