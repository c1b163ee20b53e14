"""Team terms: a team's product names (allowed) and its own jargon (internal, with a replacement)."""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("da", "en", "any")
KINDS = ("allowed", "internal")
MAX_TERMS = 5000
MAX_TERM_LENGTH = 100


class TermsError(ValueError):
    """A terms list that cannot be used; `field` names the offending place (e.g. `terms[3].term`)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Term:
    """One team term. `internal` terms are flagged and replaced; `allowed` ones are never flagged."""

    term: str
    replacement: str | None = None
    language: str = "any"
    note: str = ""
    kind: str = "internal"

    def applies_to(self, language: str) -> bool:
        """Whether the term is in force for a text in `language`."""
        return self.language in ("any", language)

    def to_dict(self) -> dict:
        """The wire form of the term."""
        return {"term": self.term, "replacement": self.replacement, "language": self.language,
                "note": self.note, "kind": self.kind}


@dataclass(frozen=True)
class TeamTerms:
    """An immutable, validated list of team terms."""

    terms: tuple[Term, ...] = ()

    def allowed(self, language: str) -> frozenset[str]:
        """Casefolded words that must never be flagged in `language` (allowed terms and all term names)."""
        return frozenset(t.term.casefold() for t in self.terms if t.applies_to(language) and t.kind == "allowed")

    def internal(self, language: str) -> tuple[Term, ...]:
        """Internal terms in force for `language`."""
        return tuple(t for t in self.terms if t.applies_to(language) and t.kind == "internal")

    def to_list(self) -> list[dict]:
        """The wire form of the whole list."""
        return [t.to_dict() for t in self.terms]


def _text_field(entry: dict, name: str, where: str, *, required: bool, max_length: int) -> str | None:
    """One string field of a term object, stripped and checked; `where` prefixes the field in errors."""
    field = f"{where}.{name}" if where else name
    value = entry.get(name)
    if value is None or value == "":
        if required:
            raise TermsError(field, "is required")
        return None
    if not isinstance(value, str):
        raise TermsError(field, "must be a string")
    value = value.strip()
    if not value and required:
        raise TermsError(field, "must not be blank")
    if len(value) > max_length:
        raise TermsError(field, f"must be at most {max_length} characters")
    if any(ord(c) < 32 for c in value):
        raise TermsError(field, "must not contain control characters or line breaks")
    if not is_encodable(value):
        raise TermsError(field, "must be valid Unicode text (it holds a lone surrogate)")
    return value


def is_encodable(value: str) -> bool:
    """Whether `value` can be stored as UTF-8 (a lone surrogate, legal in JavaScript, cannot)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def term_key(term: Term) -> tuple[str, str]:
    """What makes two entries the same term: the casefolded word and its language."""
    return term.term.casefold(), term.language


def merge_terms(stored: TeamTerms, incoming: TeamTerms) -> TeamTerms:
    """`stored` with every `incoming` term added, an incoming term replacing a stored one with its key."""
    replaced = {term_key(t) for t in incoming.terms}
    kept = tuple(t for t in stored.terms if term_key(t) not in replaced)
    merged = kept + incoming.terms
    if len(merged) > MAX_TERMS:
        raise TermsError("terms", f"must hold at most {MAX_TERMS} terms")
    return TeamTerms(merged)


def with_term(stored: TeamTerms, term: Term) -> tuple[TeamTerms, bool]:
    """`stored` with `term` added, or replacing the entry with its key in place; (terms, whether added)."""
    key = term_key(term)
    if any(term_key(t) == key for t in stored.terms):
        return TeamTerms(tuple(term if term_key(t) == key else t for t in stored.terms)), False
    if len(stored.terms) >= MAX_TERMS:
        raise TermsError("terms", f"must hold at most {MAX_TERMS} terms")
    return TeamTerms(stored.terms + (term,)), True


def _parse_entry(entry: object, at: str) -> Term:
    """Validate one term object; `at` prefixes field names in errors (`terms[3]`, or '' for a lone term)."""
    if not isinstance(entry, dict):
        raise TermsError(at or "body", "must be an object with at least a 'term'")
    prefix = f"{at}." if at else ""
    unknown = set(entry) - {"term", "replacement", "language", "note", "kind"}
    if unknown:
        raise TermsError(f"{prefix}{sorted(unknown, key=str)[0]}", "is not a known field")
    term = _text_field(entry, "term", at, required=True, max_length=MAX_TERM_LENGTH)
    replacement = _text_field(entry, "replacement", at, required=False, max_length=200)
    note = _text_field(entry, "note", at, required=False, max_length=500) or ""
    language = entry.get("language", "any") or "any"
    if language not in LANGUAGES:
        raise TermsError(f"{prefix}language", "must be 'da', 'en' or 'any'")
    kind = entry.get("kind") or ("internal" if replacement else "allowed")
    if kind not in KINDS:
        raise TermsError(f"{prefix}kind", "must be 'allowed' or 'internal'")
    if kind == "internal" and not replacement:
        raise TermsError(f"{prefix}replacement", "is required for an internal term")
    return Term(term=term, replacement=replacement, language=language, note=note, kind=kind)


def parse_term(entry: object) -> Term:
    """Validate one term object (what `POST /v1/terms` takes) and return it, or raise `TermsError`."""
    return _parse_entry(entry, "")


def parse_terms(data: object, *, where: str = "terms") -> TeamTerms:
    """Validate a JSON-like list of term objects and return `TeamTerms`, or raise `TermsError`."""
    if not isinstance(data, list):
        raise TermsError(where, "must be a list of term objects")
    if len(data) > MAX_TERMS:
        raise TermsError(where, f"must hold at most {MAX_TERMS} terms")
    out: list[Term] = []
    seen: set[tuple[str, str]] = set()
    for i, entry in enumerate(data):
        at = f"{where}[{i}]"
        term = _parse_entry(entry, at)
        key = term_key(term)
        if key in seen:
            raise TermsError(f"{at}.term", f"'{term.term}' is listed twice")
        seen.add(key)
        out.append(term)
    return TeamTerms(tuple(out))
