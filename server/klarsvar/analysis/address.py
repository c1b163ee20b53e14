"""A Danish reply's own address for a sentence of ours, remembered per reply (shared by the rule stage and the rewrite).

`acknowledgement.to_the_replys_readers` searches the whole reply for a plural address ("Hej Anne og Mikkel", "I"/"jer"
and no "du"), ~30 µs a call on a 300-word reply. The rule stage asks it for each replacement that says "du", and the
rewrite again for the same replacements of the same reply: the answer is remembered by the sentence and every field of
the reply's document, so each is worked out once.
"""

from __future__ import annotations

from .acknowledgement import to_the_replys_readers
from .cache import TextCache

# Bounded like the other per-text caches; emptied by `pipeline.clear_caches`.
READERS_ADDRESS = TextCache(max_entries=1024, max_chars=1_000_000)


def readers_address(doc, sentence: str) -> str:
    """`to_the_replys_readers(doc, sentence)`, remembered for Danish replies (`READERS_ADDRESS`)."""
    if getattr(doc, "language", None) != "da":
        return to_the_replys_readers(doc, sentence)
    key = (sentence, getattr(doc, "text", None), "da", getattr(doc, "channel", None),
           getattr(doc, "customer_message", None), getattr(doc, "customer_name", None), getattr(doc, "terms", None))
    try:
        found = READERS_ADDRESS.get(key)
    except TypeError:  # a document whose fields cannot be hashed: asked each time
        return to_the_replys_readers(doc, sentence)
    if found is None:
        found = to_the_replys_readers(doc, sentence)
        READERS_ADDRESS.put(key, found, len(key[1] or "") + len(sentence))
    return found
