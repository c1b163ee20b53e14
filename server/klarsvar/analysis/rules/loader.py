"""Loading and validating rule files (`rules/<lang>/<family>.yml`) into `Entry` objects."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..cache import fingerprint, stored_data, stored_regex
from ..findings import CATEGORIES, SEVERITIES
from .patterns import CompiledPattern, PatternError, compile_pattern, compile_regex

RULES_DIR = Path(__file__).resolve().parent.parent.parent / "rules"
LANGUAGES = ("da", "en")
# The rule families a language may have; a new family is a deliberate decision (add it here and to the docs).
KNOWN_FAMILIES = (
    "internal_language", "plain_language", "nominal_style", "passive",
    "sympathy", "negative_phrasing", "standard_answer", "grammar", "txt_speak",
)
SCOPES = ("body", "opening", "closing", "any")
CHANNELS = ("email", "chat")
_ID = re.compile(r"^[a-z0-9_]+$")
# libyaml's loader is several times faster than the pure-Python one; same safe subset.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FILE_FIELDS = {"family", "category", "severity", "source", "description", "conditions", "word_lists", "entries"}
_ENTRY_FIELDS = {"id", "patterns", "regex", "message", "replacements", "severity", "category", "examples",
                 "unless", "not_before", "not_after", "swap_not_before", "swap_not_after", "swap_unless_reply", "scope",
                 "channel", "note",
                 "source", "case_sensitive", "except", "once", "without_conditions"}
# Conditions a file may give every one of its entries (`conditions:`), each a named set.
_CONDITION_FIELDS = ("unless", "not_before", "not_after", "swap_not_before", "swap_not_after", "swap_unless_reply")
_EXAMPLE_KINDS = {"bad", "good", "ok"}
_EXAMPLE_FIELDS = {"text", "fixed", "channel"}


class RuleError(ValueError):
    """A rule file that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Example:
    """One example sentence: `kind` is bad/good/ok; `fixed` is the expected text after the first replacement."""

    kind: str
    text: str
    fixed: str | None = None
    channel: str | None = None


@dataclass(frozen=True)
class Entry:
    """One rule: what it matches, when it may fire, and what it says."""

    rule_id: str  # <lang>.<family>.<id>
    id: str
    language: str
    family: str
    category: str
    severity: str
    message: str
    replacements: tuple[str, ...]
    patterns: tuple[CompiledPattern, ...]
    regexes: tuple[str, ...]
    unless: tuple[re.Pattern, ...] = ()
    not_before: tuple[re.Pattern, ...] = ()
    not_after: tuple[re.Pattern, ...] = ()
    # Where the replacement would not fit (the finding still stands, with no one-click swap): the text before or after
    # the match, anchored as `not_before` / `not_after`.
    swap_not_before: tuple[re.Pattern, ...] = ()
    swap_not_after: tuple[re.Pattern, ...] = ()
    # The same where the reply says something anywhere that the replacement would contradict ("the portal" → "our
    # website" in a reply that names "the BikeHub portal").
    swap_unless_reply: tuple[re.Pattern, ...] = ()
    scope: str = "body"
    channel: str | None = None
    case_sensitive: bool = False  # match the patterns' letter case exactly (acronyms: `RMA` but not `Rma`)
    # Only the first occurrence of each wording speaks (an acronym used five times is one finding; where its first
    # use is suppressed, "income-driven repayment (IDR)", the later ones are explained by it).
    once: bool = False
    # Words that silence a match ending in them (`*køen` but not `telefonkøen`; acronyms customers know).
    except_words: frozenset[str] = frozenset()
    examples: tuple[Example, ...] = ()
    order: tuple[int, int] = (0, 0)  # (family rank, position in file): earlier wins at equal length
    path: str = ""
    source: str = ""
    note: str = ""

    @property
    def pattern_sources(self) -> tuple[str, ...]:
        """The patterns as written in the file, then the raw regexes (prefixed `regex:`)."""
        return tuple(p.source for p in self.patterns) + tuple(f"regex:{r}" for r in self.regexes)


@dataclass(frozen=True)
class RuleFile:
    """A loaded rule file: its family and its entries in file order."""

    path: Path
    language: str
    family: str
    category: str
    severity: str
    source: str
    description: str
    entries: tuple[Entry, ...] = field(default=())


def _display(path: Path) -> str:
    """A short, recognisable path for error messages."""
    parts = path.parts
    for anchor in ("server", "tests"):
        if anchor in parts:
            return "/".join(parts[parts.index(anchor):])
    return str(path)


def _string_list(value, where: str, name: str, *, allow_empty_strings: bool = False) -> list[str]:
    """A YAML string or list of strings, as a list; raise RuleError otherwise."""
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError(f"{where}: '{name}' must be a string or a list of strings")
    if not allow_empty_strings and any(not v.strip() for v in value):
        raise RuleError(f"{where}: '{name}' holds an empty string")
    return list(value)


def _condition_regexes(value, where: str, name: str, *, anchor: str) -> tuple[re.Pattern, ...]:
    """Compile condition regexes; `anchor` is 'end' (text before the match) or 'start' or 'search'."""
    out = []
    for source in _string_list(value, where, name):
        try:
            if anchor == "end":
                out.append(stored_regex(f"(?:{source})\\Z", re.IGNORECASE))
            else:
                out.append(stored_regex(source, re.IGNORECASE))
        except re.error as e:
            raise RuleError(f"{where}: '{name}' regex {source!r} is invalid: {e}") from e
    return tuple(out)


def _shared_conditions(value, shown: str) -> dict[str, dict[str, list[str]]]:
    """A file's `conditions`: named sets of condition regexes that every entry takes (one place for a condition a
    whole family shares, such as a passive whose actor is named)."""
    if value is None:
        return {}
    if not isinstance(value, dict) or not value:
        raise RuleError(f"{shown}: 'conditions' must be a mapping of names to condition sets")
    out: dict[str, dict[str, list[str]]] = {}
    for name, fields in value.items():
        where = f"{shown}: conditions.{name}"
        if not isinstance(name, str) or not _ID.match(name):
            raise RuleError(f"{where}: a condition set's name must match [a-z0-9_]+")
        if not isinstance(fields, dict) or not fields:
            raise RuleError(f"{where}: must map some of {', '.join(_CONDITION_FIELDS)} to regex lists")
        unknown = set(fields) - set(_CONDITION_FIELDS)
        if unknown:
            raise RuleError(f"{where}: unknown field '{sorted(unknown)[0]}' (known: {', '.join(_CONDITION_FIELDS)})")
        out[name] = {field: _string_list(regexes, where, field) for field, regexes in fields.items()}
    return out


def _word_lists(value, shown: str) -> dict[str, list[str]]:
    """A file's `word_lists`: named lists of words that entries use in `except` as "@name" (one list, not copies that
    drift apart)."""
    if value is None:
        return {}
    if not isinstance(value, dict) or not value:
        raise RuleError(f"{shown}: 'word_lists' must be a mapping of names to lists of words")
    out = {}
    for name, words in value.items():
        if not isinstance(name, str) or not _ID.match(name):
            raise RuleError(f"{shown}: word_lists.{name}: a list's name must match [a-z0-9_]+")
        out[name] = _string_list(words, f"{shown}: word_lists.{name}", "words")
    return out


def _expand_lists(words: list[str], word_lists: dict[str, list[str]], where: str) -> list[str]:
    """`except` words with each "@name" replaced by the file's word list of that name."""
    out: list[str] = []
    for word in words:
        if word.startswith("@"):
            if word[1:] not in word_lists:
                raise RuleError(f"{where}: except names {word!r}, which the file's word_lists do not define")
            out.extend(word_lists[word[1:]])
        else:
            out.append(word)
    return out


def _entry_conditions(raw: dict, shared: dict[str, dict[str, list[str]]], where: str) -> dict[str, list[str]]:
    """The entry's own condition regexes and those of every file-level set it does not opt out of (`without_conditions`)."""
    without = _string_list(raw.get("without_conditions"), where, "without_conditions")
    unknown = [name for name in without if name not in shared]
    if unknown:
        raise RuleError(f"{where}: without_conditions names {unknown[0]!r}, which the file's conditions do not define")
    merged = {field: list(_string_list(raw.get(field), where, field)) for field in _CONDITION_FIELDS}
    for name, fields in shared.items():
        if name not in without:
            for field, regexes in fields.items():
                merged[field].extend(regexes)
    return merged


def _examples(value, where: str, entry_channel: str | None, has_replacements: bool) -> tuple[Example, ...]:
    """Validate an entry's `examples` mapping."""
    if not isinstance(value, dict):
        raise RuleError(f"{where}: 'examples' is required (bad, and good or ok); the examples are the tests")
    unknown = set(value) - _EXAMPLE_KINDS
    if unknown:
        raise RuleError(f"{where}: examples has unknown kind '{sorted(unknown)[0]}' (use bad, good, ok)")
    out: list[Example] = []
    for kind in ("bad", "good", "ok"):
        items = value.get(kind) or []
        if not isinstance(items, list):
            raise RuleError(f"{where}: examples.{kind} must be a list")
        for n, item in enumerate(items):
            at = f"{where}: examples.{kind}[{n}]"
            if isinstance(item, str):
                text, fixed, channel = item, None, None
            elif isinstance(item, dict):
                extra = set(item) - _EXAMPLE_FIELDS
                if extra:
                    raise RuleError(f"{at}: unknown field '{sorted(extra)[0]}' (use text, fixed, channel)")
                text, fixed, channel = item.get("text"), item.get("fixed"), item.get("channel")
                if fixed is not None and kind != "bad":
                    raise RuleError(f"{at}: only bad examples can have 'fixed'")
                if fixed is not None and not isinstance(fixed, str):
                    raise RuleError(f"{at}: 'fixed' must be a string")
                if fixed is not None and not has_replacements:
                    raise RuleError(f"{at}: 'fixed' needs at least one replacement in the entry")
                if channel is not None and channel not in CHANNELS:
                    raise RuleError(f"{at}: channel must be one of {', '.join(CHANNELS)}")
            else:
                raise RuleError(f"{at}: must be a string or {{text, fixed}}")
            if not isinstance(text, str) or not text.strip():
                raise RuleError(f"{at}: text must be a non-empty string")
            out.append(Example(kind, text, fixed, channel or entry_channel))
    if not any(e.kind == "bad" for e in out):
        raise RuleError(f"{where}: needs at least one bad example (a text this entry must flag)")
    if not any(e.kind in ("good", "ok") for e in out):
        raise RuleError(f"{where}: needs at least one good or ok example (a text this entry must leave alone)")
    return tuple(out)


def load_file(path: Path | str, *, family_rank: int = 0) -> RuleFile:
    """Load and validate one rule file; raise RuleError naming the file and entry on any problem."""
    path = Path(path)
    shown = _display(path)
    language = path.parent.name
    if language not in LANGUAGES:
        raise RuleError(f"{shown}: rule files live in rules/<lang>/ with lang one of {', '.join(LANGUAGES)}")
    try:
        text = path.read_text(encoding="utf-8")
        # The parsed YAML of an unchanged file comes from the server's data store (`stored_data`) when it is on.
        data = stored_data("rules-yaml", fingerprint(text, yaml.__version__, _YAML_LOADER.__name__),
                           lambda: yaml.load(text, Loader=_YAML_LOADER))
    except yaml.YAMLError as e:
        raise RuleError(f"{shown}: is not valid YAML: {e}") from e
    if not isinstance(data, dict):
        raise RuleError(f"{shown}: must be a mapping with family, category, severity, entries")
    unknown = set(data) - _FILE_FIELDS
    if unknown:
        raise RuleError(f"{shown}: unknown top-level field '{sorted(unknown)[0]}'")
    family = data.get("family")
    if family != path.stem:
        raise RuleError(f"{shown}: 'family' must equal the file name ({path.stem!r}), got {family!r}")
    category = data.get("category")
    if category not in CATEGORIES:
        raise RuleError(f"{shown}: unknown category {category!r} (one of {', '.join(CATEGORIES)})")
    severity = data.get("severity", "warning")
    if severity not in SEVERITIES:
        raise RuleError(f"{shown}: unknown severity {severity!r} (one of {', '.join(SEVERITIES)})")
    source = data.get("source") or ""
    description = data.get("description") or ""
    if not isinstance(source, str) or not isinstance(description, str):
        raise RuleError(f"{shown}: 'source' and 'description' must be strings")
    raw_entries = data.get("entries")
    if not isinstance(raw_entries, list) or not raw_entries:
        raise RuleError(f"{shown}: 'entries' must be a non-empty list")

    shared = _shared_conditions(data.get("conditions"), shown)
    word_lists = _word_lists(data.get("word_lists"), shown)
    entries: list[Entry] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_entries):
        rid = raw.get("id") if isinstance(raw, dict) else None
        where = f"{shown}: entries[{index}]" + (f" (id {rid!r})" if rid else "")
        if not isinstance(raw, dict):
            raise RuleError(f"{where}: must be a mapping")
        unknown = set(raw) - _ENTRY_FIELDS
        if unknown:
            known = ", ".join(sorted(_ENTRY_FIELDS))
            raise RuleError(f"{where}: unknown field '{sorted(unknown)[0]}' (known: {known})")
        if not isinstance(rid, str) or not _ID.match(rid):
            raise RuleError(f"{where}: 'id' must match [a-z0-9_]+")
        if rid in seen:
            raise RuleError(f"{where}: duplicate id {rid!r} in this file")
        seen.add(rid)
        message = raw.get("message")
        if not isinstance(message, str) or not message.strip():
            raise RuleError(f"{where}: 'message' is required")
        entry_category = raw.get("category", category)
        if entry_category not in CATEGORIES:
            raise RuleError(f"{where}: unknown category {entry_category!r}")
        entry_severity = raw.get("severity", severity)
        if entry_severity not in SEVERITIES:
            raise RuleError(f"{where}: unknown severity {entry_severity!r} (one of {', '.join(SEVERITIES)})")
        replacements = _string_list(raw.get("replacements"), where, "replacements", allow_empty_strings=True)
        scope = raw.get("scope", "body")
        if scope not in SCOPES:
            raise RuleError(f"{where}: scope must be one of {', '.join(SCOPES)}")
        case_sensitive = raw.get("case_sensitive", False)
        if not isinstance(case_sensitive, bool):
            raise RuleError(f"{where}: case_sensitive must be true or false")
        channel = raw.get("channel")
        if channel is not None and channel not in CHANNELS:
            raise RuleError(f"{where}: channel must be one of {', '.join(CHANNELS)}")

        compiled_patterns = []
        for source_pattern in _string_list(raw.get("patterns"), where, "patterns"):
            try:
                compiled_patterns.append(compile_pattern(source_pattern, language))
            except PatternError as e:
                raise RuleError(f"{where}: pattern {source_pattern!r} {e}") from e
        regexes = _string_list(raw.get("regex"), where, "regex")
        for source_regex in regexes:
            try:
                compile_regex(source_regex)
            except PatternError as e:
                raise RuleError(f"{where}: regex {source_regex!r} {e}") from e
        if not compiled_patterns and not regexes:
            raise RuleError(f"{where}: needs 'patterns' or 'regex'")
        if len({p.source.casefold() for p in compiled_patterns}) != len(compiled_patterns):
            raise RuleError(f"{where}: a pattern is listed twice")
        conditions = _entry_conditions(raw, shared, where)

        entries.append(Entry(
            rule_id=f"{language}.{family}.{rid}", id=rid, language=language, family=family,
            category=entry_category, severity=entry_severity, message=message.strip(),
            replacements=tuple(replacements), patterns=tuple(compiled_patterns), regexes=tuple(regexes),
            unless=_condition_regexes(conditions["unless"], where, "unless", anchor="search"),
            not_before=_condition_regexes(conditions["not_before"], where, "not_before", anchor="end"),
            not_after=_condition_regexes(conditions["not_after"], where, "not_after", anchor="start"),
            swap_not_before=_condition_regexes(conditions["swap_not_before"], where, "swap_not_before", anchor="end"),
            swap_not_after=_condition_regexes(conditions["swap_not_after"], where, "swap_not_after", anchor="start"),
            swap_unless_reply=_condition_regexes(conditions["swap_unless_reply"], where, "swap_unless_reply",
                                                 anchor="search"),
            scope=scope, channel=channel, case_sensitive=case_sensitive, once=raw.get("once") is True,
            except_words=frozenset(w.casefold() for w in _expand_lists(_string_list(raw.get("except"), where, "except"),
                                                                       word_lists, where)),
            examples=_examples(raw.get("examples"), where, channel, bool(replacements)),
            order=(family_rank, index), path=shown, source=str(raw.get("source") or ""),
            note=str(raw.get("note") or ""),
        ))
    return RuleFile(path, language, family, category, severity, source, description, tuple(entries))


def rule_files(language: str, directory: Path | None = None) -> list[Path]:
    """The rule files of `language`, in a stable order (known families first, in KNOWN_FAMILIES order)."""
    folder = (directory or RULES_DIR) / language
    files = sorted(folder.glob("*.yml")) if folder.is_dir() else []
    rank = {name: i for i, name in enumerate(KNOWN_FAMILIES)}
    return sorted(files, key=lambda p: (rank.get(p.stem, len(rank)), p.stem))


def load_language(language: str, directory: Path | None = None, *, on_error=None) -> list[RuleFile]:
    """Load every rule file of `language`; unknown family names are an error.

    Errors raise RuleError, unless `on_error` is given: then it is called with each error and the broken
    file is skipped (the server keeps checking with the files that are fine).
    """
    out = []
    for rank, path in enumerate(rule_files(language, directory)):
        try:
            if directory is None and path.stem not in KNOWN_FAMILIES:
                raise RuleError(f"{_display(path)}: unknown family {path.stem!r} "
                                f"(known: {', '.join(KNOWN_FAMILIES)})")
            out.append(load_file(path, family_rank=rank))
        except RuleError as error:
            if on_error is None:
                raise
            on_error(error)
    return out
