"""The document every check reads: the text plus what is known about it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .terms import TeamTerms


@dataclass
class Document:
    """A reply being checked. Derived views (sentences, protected spans, customer context) are computed once."""

    text: str
    language: str  # "da" | "en"
    channel: str = "email"  # "email" | "chat"
    customer_message: str | None = None
    customer_name: str | None = None
    terms: TeamTerms = field(default_factory=TeamTerms)
    language_source: str = "detected"  # "detected" | "request"

    @cached_property
    def segmentation(self):
        """Sentences, words, greeting/sign-off lines and protected spans (see `text.segment`)."""
        from .text import segment

        return segment(self.text, self.language)

    @cached_property
    def customer(self):
        """What the customer's message tells us (name, emotion, key phrases), or None without one."""
        from .customer import build_context

        return build_context(self.customer_message, self.customer_name, self.language)
