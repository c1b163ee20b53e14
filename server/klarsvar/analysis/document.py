"""The document every check reads: the text plus what is known about it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .cache import TextCache
from .terms import TeamTerms

# Segmentations by (text, language): the analysis, the rewrite's re-checks and the next check of the same
# draft share one segmentation of each text instead of segmenting it again (segmentation is a pure function
# of the two). A segmentation holds ~15 bytes per character of text (word spans, sentences): 400,000
# characters (~6 MB) are the last drafts and the rewrite's texts of them, not a store of everything seen.
SEGMENTATIONS = TextCache(max_entries=128, max_chars=400_000)


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
        """Sentences, words, greeting/sign-off lines and protected spans (see `text.segment`), segmented
        once per text and language in the process."""
        key = (self.text, self.language)
        found = SEGMENTATIONS.get(key)
        if found is None:
            from .text import segment

            found = segment(self.text, self.language)
            SEGMENTATIONS.put(key, found, len(self.text))
        return found

    @cached_property
    def customer(self):
        """What the customer's message tells us (name, emotion, key phrases), or None without one."""
        from .customer import build_context

        return build_context(self.customer_message, self.customer_name, self.language)

    def with_text(self, text: str) -> Document:
        """The same reply context (language, channel, customer, terms) for another text, e.g. a rewrite.

        The customer context is shared, not derived again: it depends on the customer's message only."""
        if text == self.text:
            return self
        derived = Document(text=text, language=self.language, channel=self.channel,
                           customer_message=self.customer_message, customer_name=self.customer_name,
                           terms=self.terms, language_source=self.language_source)
        if "customer" in self.__dict__:
            derived.customer = self.customer  # cached_property: set the computed value on the new instance
        return derived
