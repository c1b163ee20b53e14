"""The acknowledgement sentence the rewrite inserts and the empathy finding suggests.

Built from the customer context (their feeling, their own words mirrored into the reply's voice); shared by
`empathy` (the suggestion) and `rewrite` (the insertion), so neither imports the other.
"""

from __future__ import annotations

import re

_LETTER = re.compile(r"[^\W\d_]")
# A replacement with a placeholder needs the agent's knowledge; never insert it.
_PLACEHOLDER = re.compile(r"\u2026|\.\.\.|\[|\]|<|>|\{|\}")

# Short words on purpose: the acknowledgement must not raise the reply's LIX (a rewrite invariant).
_ACKNOWLEDGEMENTS = {
    "da": {
        "upset": ("Jeg kan godt forstå, at du er træt af det med {topic}.",
                  "Jeg kan godt forstå, at du er træt af det."),
        "worried": ("Jeg kan godt forstå, at du er urolig for {topic}.",
                    "Jeg kan godt forstå, at du er urolig."),
        # A sad customer (a broken gift from a late mother) is not "træt af det".
        "sad": ("Jeg kan godt forstå, at du er ked af det med {topic}.",
                "Jeg kan godt forstå, at du er ked af det."),
        # A death or serious illness: condolence, never a topic ("din mand") or a feeling we guess.
        "loss": ("Jeg er ked af at høre om dit tab.",
                 "Jeg er ked af at høre om dit tab."),
        "happy": ("Tak for de søde ord.",
                  "Tak for de søde ord."),
        "neutral": ("Jeg kan godt forstå, at du gerne vil have styr på {topic}.",
                    "Jeg kan godt forstå, at du gerne vil have det her løst."),
    },
    "en": {
        "upset": ("I can see why you're upset about {topic}.",
                  "I can see why you're upset about this."),
        "worried": ("I can see why you're worried about {topic}.",
                    "I can see why this is a worry for you."),
        "sad": ("I can see why you're sad about {topic}.",
                "I can see why this has made you sad."),
        "loss": ("I'm so sorry for your loss.",
                 "I'm so sorry for your loss."),
        "happy": ("Thank you for your kind words.",
                  "Thank you for your kind words."),
        "neutral": ("I can see why you'd like help with {topic}.",
                    "I can see why you'd like this sorted out."),
    },
}
_EMOTION_GROUP = {"frustrated": "upset", "angry": "upset", "worried": "worried", "sad": "sad", "happy": "happy"}
# Heads that make a poor topic for "træt af det med …" / "upset about …": abstract, or the help itself.
_WEAK_TOPIC_HEADS = frozenset({
    "penge", "pengene", "hjælp", "hjælpen", "bedste", "tid", "tiden", "ting", "tingen", "svar", "svaret", "status",
    "money", "help", "status", "time", "thing", "things", "way", "answer", "reply", "best", "one", "lot", "bit",
})


def acknowledgement_sentence(doc, *, specific: bool = True) -> str:
    """An acknowledgement built from the customer context: their feeling and (if `specific`) their words."""
    ctx = getattr(doc, "customer", None)
    if getattr(ctx, "life_event", False) is True:
        group = "loss"
    else:
        group = _EMOTION_GROUP.get(getattr(ctx, "emotion", None) or "neutral", "neutral")
    table = _ACKNOWLEDGEMENTS.get(doc.language, _ACKNOWLEDGEMENTS["en"])
    with_topic, without_topic = table.get(group, table["neutral"])
    topic = customer_topic(doc) if specific and "{topic}" in with_topic else None
    return with_topic.format(topic=topic) if topic else without_topic


def customer_topic(doc) -> str | None:
    """The customer's main topic in the reply's voice ('min pakke' → 'din pakke'), if one is known.

    The customer's own possessive phrases come first ("din pakke" before "cyklen"); names, abstract heads
    ("your money") and anything with a capital inside ("husband Paul") are never a topic."""
    ctx = getattr(doc, "customer", None)
    if ctx is None:
        return None
    mirrored = getattr(ctx, "mirrored_forms", None)
    phrases = getattr(ctx, "key_phrases", None) or []
    # (phrase, already in the reply's voice): a mirrored form must not be mirrored back ("vores" → "jeres").
    candidates: list[tuple[str, bool]] = []
    if isinstance(mirrored, dict):
        candidates += [(mirrored[p], True) for p in phrases if p in mirrored]
        candidates += [(v, True) for v in mirrored.values()]
    elif mirrored:
        candidates += [(m, True) for m in mirrored]
    candidates += [(p, False) for p in phrases]
    name = (getattr(ctx, "name", None) or "").lower()
    for phrase, voiced in candidates:
        phrase = str(phrase).strip()
        words = phrase.split()
        if not (0 < len(words) <= 4 and _LETTER.search(phrase) and not _PLACEHOLDER.search(phrase)):
            continue
        if words[-1].lower() in _WEAK_TOPIC_HEADS or (name and name in (w.lower() for w in words)):
            continue
        if any(w[:1].isupper() for w in words[1:]):
            continue
        return phrase if voiced else _mirror_possessive(phrase, doc.language)
    return None


_POSSESSIVES = {
    "da": {"min": "din", "mit": "dit", "mine": "dine", "vores": "jeres", "mig": "dig"},
    "en": {"my": "your", "our": "your", "mine": "yours", "me": "you"},
}


def _mirror_possessive(phrase: str, language: str) -> str:
    """Turn the customer's first person into the reply's second person ('min pakke' → 'din pakke')."""
    table = _POSSESSIVES.get(language, {})
    words = phrase.split()
    return " ".join(table.get(w.lower(), w) for w in words)


def customer_name(doc) -> str | None:
    """The customer's first name, from the request or their message's sign-off."""
    ctx = getattr(doc, "customer", None)
    name = getattr(ctx, "name", None) or doc.customer_name
    if not name:
        return None
    first = name.strip().split()[0] if name.strip() else ""
    return first if _LETTER.search(first) else None
