"""Danish/English detection. (Placeholder until the readability/language work lands.)"""


def detect_language(text: str) -> str:
    """Return 'da' or 'en' for `text`."""
    lowered = text.lower()
    return "da" if any(c in lowered for c in "æøå") or " jeg " in f" {lowered} " else "en"
