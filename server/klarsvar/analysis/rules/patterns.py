"""The phrase-pattern language of rule files, compiled to Python regular expressions.

A pattern such as `{den |}pågældende`, `eskalere~`, `sagsbehandl*` or `*systemet` becomes a regex that
matches whole words only. "Whole word" understands Unicode letters (æøå), digits, and words joined by
hyphens or apostrophes: `mail` does not match inside `e-mail`, nor `don` inside `don't`.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..cache import fingerprint, stored_data, stored_regex

# A word character is a Unicode letter or digit (not the underscore `\w` also allows).
WORD = r"[^\W_]"
LETTER = r"[^\W\d_]"
# Characters that join two words into one (`ERP-systemet`, `don't`, `SLA'en`): hyphens and apostrophes.
# They are kept in two small classes used in separate branches: one class mixing ASCII and these code points
# makes `re` build a large bitmap, which made compiling the rules several times slower.
JOINERS = "-\u2010\u2011'\u2019"
HYPHEN = "[-\u2010\u2011]"
APOSTROPHE = "['\u2019]"
# A match may not start right after a word character, nor after a word character plus a joiner.
LEFT_BOUNDARY = rf"(?<!{WORD})(?<!{WORD}{HYPHEN})(?<!{WORD}{APOSTROPHE})"
# …and may not end right before a word character, nor before a joiner followed by a word character.
RIGHT_BOUNDARY = rf"(?!{WORD})(?!{HYPHEN}{WORD})(?!{APOSTROPHE}{WORD})"
# The rest of a word: more word characters, or joiner-connected word parts (`-systemet`, `'en`).
WORD_REST = rf"(?:{WORD}|{HYPHEN}(?={WORD})|{APOSTROPHE}(?={WORD}))*"

# The space between two words of a phrase: any run of whitespace. (The engine drops a match that runs on
# across a paragraph break; checking that afterwards is much cheaper than in every pattern.)
SPACE = r"\s+"

# Inflectional endings per language (`word~`); see docs/authoring-rules.md.
ENDINGS = {
    "da": ("e", "er", "ede", "et", "es", "en", "ens", "erne", "ernes", "ne", "s", "t", "ts", "r",
           "ende", "ets", "ers"),
    "en": ("s", "es", "ed", "d", "ing", "er", "ers"),
}
# Endings that may follow a `~` word after an apostrophe (`SLA'en`, `ticket's`).
APOSTROPHE_ENDINGS = {
    "da": ("en", "et", "er", "erne", "s", "ens", "ets", "ernes", "e"),
    "en": ("s",),
}
_DOUBLING_CONSONANTS = set("bdglmnprt")
_VOWELS = set("aeiouy")
# Characters that are regex syntax and therefore not allowed in a phrase pattern (use `regex:` instead).
_FORBIDDEN = set("\\()[]^$?+")


class PatternError(ValueError):
    """A pattern that cannot be compiled or could never match; the message says why."""


def inflected_forms(word: str, language: str) -> list[str]:
    """Every form `word~` matches (the word's own letter case, lower-case endings), without apostrophe forms."""
    lower = word.lower()
    endings = ENDINGS[language]
    forms = {word} | {word + e for e in endings}
    if language == "da" and lower.endswith("e"):
        # eskalere~ → eskaleret, eskalerede; henvendelse~ → henvendelsen, henvendelserne.
        stem = word[:-1]
        forms |= {stem + e for e in endings if e.startswith("e")}
    if language == "en":
        if lower.endswith("e"):
            stem = word[:-1]
            forms |= {stem + e for e in ("ing", "ed", "er", "ers", "es")}
        elif len(lower) > 2 and lower.endswith("y") and lower[-2] not in _VOWELS:
            stem = word[:-1]
            forms |= {stem + e for e in ("ies", "ied", "ier", "iers")}
        elif (len(lower) > 2 and lower[-1] in _DOUBLING_CONSONANTS and lower[-2] in _VOWELS
              and lower[-3] not in _VOWELS):
            # submit~ → submitted, submitting.
            forms |= {word + word[-1] + e for e in ("ed", "ing", "er", "ers")}
    return sorted(forms, key=lambda f: (-len(f), f))


def inflection_regex(word: str, language: str) -> str:
    """The regex for `word~`: the word, its inflected forms and apostrophe forms, longest first."""
    forms = inflected_forms(word, language)
    stem = _common_prefix(forms)
    tails = sorted({f[len(stem):] for f in forms}, key=lambda t: (-len(t), t))
    apostrophe = "|".join(re.escape(e) for e in sorted(APOSTROPHE_ENDINGS[language], key=len, reverse=True))
    body = literal_regex(stem) + "(?:" + "|".join(literal_regex(t) for t in tails) + ")"
    return f"{body}(?:{APOSTROPHE}(?:{apostrophe}))?"


def _common_prefix(words: list[str]) -> str:
    """The longest common prefix of `words`."""
    prefix = words[0]
    for w in words[1:]:
        while not w.startswith(prefix):
            prefix = prefix[:-1]
    return prefix


def literal_regex(text: str) -> str:
    """Regex for literal pattern text: apostrophes and hyphens match their typographic variants."""
    out = []
    for ch in text:
        if ch in "'\u2019":
            out.append(APOSTROPHE)
        elif ch in "-\u2010\u2011":
            out.append(HYPHEN)
        else:
            out.append(re.escape(ch))
    return "".join(out)


@dataclass(frozen=True)
class CompiledPattern:
    """A phrase pattern as regex source, plus what the engine's index needs.

    `core` has no left boundary (the engine only tries it at word starts); `full` has both boundaries;
    `prefilter` has neither (a cheaper superset for the engine's fused prefilter regexes).
    `keys` are the possible first two characters of a match (lower case, any whitespace as " "), or None
    when they cannot be listed; `tail` is the literal word part after a leading `*` (`systemet`), if any.
    """

    source: str
    core: str
    full: str
    prefilter: str = ""
    keys: frozenset[str] | None = None
    tail: str | None = None
    regex: re.Pattern | None = field(default=None, compare=False, repr=False)  # `full`, case-insensitive


# ----------------------------------------------------------------------------------------- the parser
# The parse tree: a sequence is a list of nodes; a node is ("lit", text) | ("ws",) | ("alt", [seq…])
# | ("infl", word) | ("cont",) | ("cont1",) (after a hyphen: at least one character) | ("tail",)
# | ("any",) (a whole word of any letters).


def _parse(pattern: str) -> list:
    """Parse a phrase pattern into a node sequence, or raise PatternError."""
    seq, i = _parse_sequence(pattern, 0, depth=0)
    if i != len(pattern):
        raise PatternError(f"unexpected '{pattern[i]}' at position {i}")
    return seq


def _parse_sequence(p: str, i: int, depth: int) -> tuple[list, int]:
    """Parse until `|`/`}` (inside braces) or the end; return the nodes and the stop position."""
    nodes: list = []
    lit = ""

    def flush():
        nonlocal lit
        if lit:
            nodes.append(("lit", lit))
            lit = ""

    while i < len(p):
        ch = p[i]
        if ch in "|}":
            if depth == 0:
                raise PatternError(f"'{ch}' outside braces at position {i} (alternatives go in {{a|b}})")
            break
        if ch in _FORBIDDEN:
            raise PatternError(f"'{ch}' is regex syntax; write the phrase plainly or use `regex:`")
        if ch == "{":
            flush()
            alternatives = []
            i += 1
            while True:
                alt, i = _parse_sequence(p, i, depth + 1)
                alternatives.append(alt)
                if i >= len(p):
                    raise PatternError("'{' is never closed")
                if p[i] == "}":
                    i += 1
                    break
                i += 1  # the '|'
            if len(alternatives) < 2:
                raise PatternError("braces need at least two alternatives: {a|b} or {a|} for optional")
            nodes.append(("alt", alternatives))
            continue
        if ch.isspace():
            flush()
            while i < len(p) and p[i].isspace():
                i += 1
            nodes.append(("ws",))
            continue
        if ch == "~":
            if not lit and nodes and nodes[-1][0] == "alt":
                # `{issue|problem}~` is `{issue~|problem~}`: every alternative's last word is inflected.
                nodes[-1] = ("alt", [_inflect_last_word(a) for a in nodes[-1][1]])
                i += 1
                if i < len(p) and re.match(WORD, p[i]):
                    raise PatternError("'~' must end a word")
                continue
            m = re.search(rf"{LETTER}+$", lit)
            if not m:
                raise PatternError("'~' must directly follow a word (eskalere~)")
            word = m.group()
            lit = lit[:m.start()]
            flush()
            nodes.append(("infl", word))
            i += 1
            if i < len(p) and re.match(WORD, p[i]):
                raise PatternError("'~' must end a word")
            continue
        if ch == "*":
            before = p[i - 1] if i > 0 else ""
            after = p[i + 1] if i + 1 < len(p) else ""
            if before == "}" and not lit and nodes and nodes[-1][0] == "alt" and after and re.match(WORD, after):
                # `{vores |}*systemet`: a compound head right after an optional group.
                nodes.append(("tail",))
                i += 1
                continue
            if before == "}" and not lit and nodes and nodes[-1][0] == "alt":
                # `{frustrat|annoy}*` is `{frustrat*|annoy*}`: every alternative runs on into any ending.
                if any(not a or a[-1][0] != "lit" or not re.search(rf"{WORD}$", a[-1][1]) for a in nodes[-1][1]):
                    raise PatternError("'*' after braces needs every alternative to end in a word ({frustrat|annoy}*); "
                                       "for any word after an optional group write {so|very|} *")
                nodes[-1] = ("alt", [[*a, ("cont",)] for a in nodes[-1][1]])
                i += 1
                if after and re.match(WORD, after):
                    raise PatternError("'*' must end a word (sagsbehandl*) or start one (*systemet)")
                continue
            if not lit and (not before or before.isspace() or before in "{|") and (
                    not after or after.isspace() or after in "}|"):
                # `*` on its own is any one word ("thanks for your message about *").
                flush()
                nodes.append(("any",))
                i += 1
                continue
            if before and re.match(WORD, before) and lit:
                flush()
                nodes.append(("cont",))
                i += 1
                if after and re.match(WORD, after):
                    raise PatternError("'*' must end a word (sagsbehandl*) or start one (*systemet)")
                continue
            if before and before in JOINERS and len(lit) >= 2 and re.match(WORD, lit[-2]):
                # `KYC-*`: the word as the first part of a hyphenated compound (KYC-tjek, KYC-processen).
                flush()
                nodes.append(("cont1",))
                i += 1
                if after and re.match(WORD, after):
                    raise PatternError("'*' must end a word (sagsbehandl*) or start one (*systemet)")
                continue
            if (not before or before.isspace() or before in "{|") and after and re.match(WORD, after):
                flush()
                nodes.append(("tail",))
                i += 1
                continue
            raise PatternError("'*' must end a word (sagsbehandl*) or start one (*systemet)")
        lit += ch
        i += 1
    flush()
    return nodes, i


def _is_optional(node) -> bool:
    """Whether a node is a `{…|}` group with an empty alternative."""
    return node[0] == "alt" and any(not alt for alt in node[1])


def _carries_space(group, *, at_end: bool) -> bool:
    """Whether some alternative of `group` already has its own space at its end (or start): `{the |}`."""
    return any(alt and alt[-1 if at_end else 0] == ("ws",) for alt in group[1])


def _absorb_spaces(seq: list) -> list:
    """Move a space next to an optional group into the group, so `help you {with it|}`, `{den|} pågældende`
    and `{du er|} {meget|} velkommen` read as written: a space is needed only when the optional words are there.

    An optional group takes the space before it; at the start of a phrase (or right after a group that took
    the space after it) it takes the space after it instead.
    """
    seq = [("alt", [_absorb_spaces(a) for a in node[1]]) if node[0] == "alt" else node for node in seq]
    out: list = []
    trailing = False  # the last node put out is an optional group that took the space after it
    i = 0
    while i < len(seq):
        node = seq[i]
        nxt = seq[i + 1] if i + 1 < len(seq) else None
        if (node[0] == "ws" and out and not trailing and nxt is not None and _is_optional(nxt)
                and not _carries_space(nxt, at_end=True)):
            out.append(("alt", [[("ws",), *a] if a else a for a in nxt[1]]))
            i += 2
            continue
        if ((not out or trailing) and _is_optional(node) and nxt is not None and nxt[0] == "ws"
                and not _carries_space(node, at_end=False)):
            out.append(("alt", [[*a, ("ws",)] if a else a for a in node[1]]))
            trailing = True
            i += 2
            continue
        out.append(node)
        trailing = False
        i += 1
    return out


def _inflect_last_word(alternative: list) -> list:
    """An alternative whose last word gets `~` (for `{a|b}~`); raise PatternError when it has none."""
    if not alternative or alternative[-1][0] != "lit":
        raise PatternError("'~' after braces needs every alternative to end in a word ({issue|problem}~)")
    text = alternative[-1][1]
    m = re.search(rf"{LETTER}+$", text)
    if not m:
        raise PatternError("'~' after braces needs every alternative to end in a word ({issue|problem}~)")
    head = [("lit", text[:m.start()])] if m.start() else []
    return [*alternative[:-1], *head, ("infl", m.group())]


def _to_regex(seq: list, language: str, space: str = SPACE) -> str:
    """Regex source for a node sequence; `space` is what a space between words matches."""
    out = []
    for node in seq:
        kind = node[0]
        if kind == "lit":
            out.append(literal_regex(node[1]))
        elif kind == "ws":
            out.append(space)
        elif kind == "infl":
            out.append(inflection_regex(node[1], language))
        elif kind == "cont":
            out.append(WORD_REST)
        elif kind in ("cont1", "any"):
            out.append(WORD + WORD_REST)
        elif kind == "tail":
            # Any word parts before the tail, possibly joined by a hyphen (ERP-systemet, kundesystemet).
            out.append(WORD_REST)
        elif kind == "alt":
            # Longer alternatives first so an optional part is taken when present.
            alternatives = sorted(node[1], key=lambda a: -len(_sample(a)))
            out.append("(?:" + "|".join(_to_regex(a, language, space) for a in alternatives) + ")")
    return "".join(out)


def _sample(seq: list) -> str:
    """The first sample string of a sequence (used for ordering)."""
    return next(iter(_samples(seq, limit=1)), "")


def _samples(seq: list, limit: int = 256) -> list[str]:
    """Up to `limit` plain strings the sequence should match (one per combination of alternatives)."""
    parts: list[list[str]] = []
    for node in seq:
        kind = node[0]
        if kind == "lit":
            parts.append([node[1]])
        elif kind == "ws":
            parts.append([" "])
        elif kind == "infl":
            parts.append([node[1]])
        elif kind in ("cont", "tail"):
            parts.append([""])
        elif kind in ("cont1", "any"):
            parts.append(["x"])
        elif kind == "alt":
            options: list[str] = []
            for a in node[1]:
                options.extend(_samples(a, limit))
            parts.append(options[:limit])
    out = []
    for combo in itertools.islice(itertools.product(*parts), limit):
        out.append("".join(combo))
    return out


# With `loose_spaces`, a space between words also allows a comma or a dash ("forstå at" ~ "forstå, at"):
# the empathy data reads customers' and agents' punctuation that way.
LOOSE_SPACE = r"(?:\s*[,–—-]\s*|\s+)"


def compile_pattern(pattern: str, language: str, *, loose_spaces: bool = False) -> CompiledPattern:
    """Compile one phrase pattern; raise PatternError when it is malformed or could never match."""
    if not isinstance(pattern, str) or not pattern.strip():
        raise PatternError("is empty")
    if pattern != pattern.strip():
        raise PatternError("starts or ends with a space")
    if getattr(_trusted, "on", False):
        # The shipped data, already proven by the tests: no self-test, and the regex is compiled where used;
        # the server's data store keeps the derived parts across starts (keyed by this module's source too).
        core, full, body, keys, tail = stored_data(
            "phrase-pattern", (pattern, language, loose_spaces, _code_fingerprint()),
            lambda: _derived_parts(pattern, language, loose_spaces))
        return CompiledPattern(pattern, core, full, body, keys, tail, None)
    seq = _absorb_spaces(_parse(pattern))
    body = _to_regex(seq, language, LOOSE_SPACE if loose_spaces else SPACE)
    core = body + "(?<=\\S)" + RIGHT_BOUNDARY
    full = LEFT_BOUNDARY + "(?=\\S)" + core
    try:
        compiled = re.compile(full, re.IGNORECASE)
    except re.error as e:  # pragma: no cover - the parser only emits valid regex
        raise PatternError(f"does not compile: {e}") from e
    for sample in _samples(seq):
        normalised = " ".join(sample.split())
        if not normalised:
            raise PatternError("can match nothing at all (every part is optional)")
        if sample != normalised:
            raise PatternError(
                f"leaves a stray space when an optional part is left out ({sample!r}); "
                "put the space inside the braces: {den |}pågældende")
        m = compiled.match(normalised)
        if not m or m.end() != len(normalised):
            raise PatternError(f"can never match its own words ({normalised!r}); check hyphens and spaces")
    return CompiledPattern(pattern, core, full, body, _keys(seq), _tail(seq), compiled)


def _tail(seq: list) -> str | None:
    """The literal word part after a leading `*` (`*systemet` → `systemet`), or None."""
    if seq and seq[0] == ("tail",) and len(seq) > 1 and seq[1][0] in ("lit", "infl"):
        return re.match(rf"{WORD}*", seq[1][1].lower()).group() or None
    return None


def _derived_parts(pattern: str, language: str, loose_spaces: bool) -> tuple:
    """What `compile_pattern` derives from a pattern: core, full and prefilter regex source, keys and tail."""
    seq = _absorb_spaces(_parse(pattern))
    body = _to_regex(seq, language, LOOSE_SPACE if loose_spaces else SPACE)
    core = body + "(?<=\\S)" + RIGHT_BOUNDARY
    full = LEFT_BOUNDARY + "(?=\\S)" + core
    return core, full, body, _keys(seq), _tail(seq)


@functools.lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """A digest of this module's source: stored derived patterns are valid only for the code that made them."""
    return fingerprint(Path(__file__).read_bytes())


# Per thread: whether `compile_pattern` may skip its self-test (see `trusted_data`).
_trusted = threading.local()


@contextlib.contextmanager
def trusted_data():
    """Within this block, on this thread, `compile_pattern` skips compiling each pattern on its own to test
    that it matches its own words, and leaves `regex` None (the engine compiles a pattern where it is used).

    For the server's warm-up over the shipped rule and empathy data, which the test suite compiles and
    self-tests in full (test_rule_structure, test_customer): it halves what start-up compiles. Every other
    caller, and every other thread meanwhile, gets the full self-test and its PatternError."""
    before = getattr(_trusted, "on", False)
    _trusted.on = True
    try:
        yield
    finally:
        _trusted.on = before


KEY_LENGTH = 2
# Characters a pattern literal matches as one (the key of a text position normalises them the same way).
KEY_FOLD = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2019": "'"})


# For whole texts: the same folding plus every whitespace character as a plain space.
_TEXT_KEY_FOLD = str.maketrans({**{chr(c): " " for c in range(0x3001) if chr(c).isspace()},
                                "\u2010": "-", "\u2011": "-", "\u2019": "'"})


def position_key(text: str, at: int) -> str:
    """The index key of a text position: its first two characters, lower case, whitespace as one space."""
    return text[at:at + KEY_LENGTH].lower().translate(_TEXT_KEY_FOLD)


def key_text(text: str) -> str | None:
    """The whole text folded for index keys (key at `at` is `key_text[at:at+2]`), or None if lower-casing
    would change its length (then `position_key` is used per position)."""
    lowered = text.lower()
    return lowered.translate(_TEXT_KEY_FOLD) if len(lowered) == len(text) else None


def key_text_between(text: str, lo: int, hi: int) -> tuple[str | None, int]:
    """The index keys of the positions in text[lo:hi] as `key_text(text)` gives them, and the offset they start at:
    the stretch (with the character a key reads beyond it) folded alone. Lower-casing is one character at a time but
    for a capital sigma: a stretch holding one, or a character that lowers to several, gets the whole text's keys."""
    stretch = text[lo:hi + KEY_LENGTH - 1]
    lowered = stretch.lower()
    if "Σ" in stretch or len(lowered) != len(stretch):
        return key_text(text), 0
    return lowered.translate(_TEXT_KEY_FOLD), lo


def _keys(seq: list) -> frozenset[str] | None:
    """Every possible first-two-characters of a match of `seq`, or None when they cannot be listed."""
    partials = _prefixes(seq, {""})
    if partials is None or any(len(p) < KEY_LENGTH for p in partials) or len(partials) > 64:
        return None
    return frozenset(p.lower().translate(KEY_FOLD) for p in partials)


def _prefixes(seq: list, partials: set[str]) -> set[str] | None:
    """Extend each partial prefix (shorter than KEY_LENGTH) through `seq`; None when a part is open-ended."""
    for node in seq:
        growing = {p for p in partials if len(p) < KEY_LENGTH}
        if not growing:
            break
        done = partials - growing
        kind = node[0]
        if kind in ("lit", "infl"):
            word = node[1]
            if kind == "infl" and any(len(p) + len(word) < KEY_LENGTH for p in growing):
                return None  # the ending would decide the key: too short to index
            extended = {(p + word)[:KEY_LENGTH] for p in growing}
        elif kind == "ws":
            extended = {p + " " for p in growing}
        elif kind == "alt":
            extended = set()
            for alternative in node[1]:
                got = _prefixes(alternative, set(growing))
                if got is None:
                    return None
                extended |= got
        else:  # `*` continuation or tail: any character may follow
            return None
        partials = done | extended
        if len(partials) > 256:
            return None
    return partials


def compile_regex(source: str) -> re.Pattern:
    """Compile an entry's raw `regex:` (case-insensitive); raise PatternError if invalid or empty-matching."""
    if not isinstance(source, str) or not source:
        raise PatternError("is empty")
    try:
        compiled = stored_regex(source, re.IGNORECASE)  # the server keeps the compiled form across starts
    except re.error as e:
        raise PatternError(f"is not a valid regex: {e}") from e
    for probe in ("", " ", "a", "ab cd", "æ ø å"):
        for m in compiled.finditer(probe):
            if m.end() == m.start():
                raise PatternError("can match an empty string; every match must cover at least one character")
    return compiled


# ------------------------------------------------------------------------------ first-character index

def first_characters(regex_source: str, *, ignore_case: bool = True) -> frozenset[str] | None:
    """Lower-cased characters a match of `regex_source` can start with, or None when it could be anything.

    Used to try only the few entries that could match at a position, instead of all of them.
    """
    try:  # CPython's regex parser: `re._parser` since 3.11, `sre_parse` before.
        from re import _constants as c
        from re import _parser
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_constants as c
        import sre_parse as _parser

    try:
        tree = _parser.parse(regex_source, re.IGNORECASE if ignore_case else 0)
    except Exception:  # pragma: no cover - only valid regexes reach here
        return None

    def fold(ch: str) -> set[str]:
        """The keys a character is looked up under: both cases, or exactly itself for a case-sensitive regex."""
        return _fold(ch) if ignore_case else {ch}

    def first(items) -> tuple[set[str] | None, bool]:
        """(first chars or None for any, whether the item sequence can match empty)."""
        chars: set[str] = set()
        for op, av in items:
            if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
                continue
            if op == c.LITERAL:
                return chars | fold(chr(av)), False
            if op == c.IN:
                got = _in_set(av)
                if got is None:
                    return None, False
                return chars | got, False
            if op == c.SUBPATTERN:
                got, nullable = first(av[3])
            elif op == c.BRANCH:
                got, nullable = set(), False
                for branch in av[1]:
                    b, n = first(branch)
                    if b is None:
                        return None, False
                    got |= b
                    nullable = nullable or n
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", None)):
                got, nullable = first(av[2])
                nullable = nullable or av[0] == 0
            else:
                return None, False
            if got is None:
                return None, False
            chars |= got
            if not nullable:
                return chars, False
        return chars, True

    def _in_set(items) -> set[str] | None:
        """Characters of a `[...]` set, or None when it is negated, a category or very large."""
        out: set[str] = set()
        for op, av in items:
            if op == c.LITERAL:
                out |= fold(chr(av))
            elif op == c.RANGE:
                lo, hi = av
                if hi - lo > 400:
                    return None
                for code in range(lo, hi + 1):
                    out |= fold(chr(code))
            else:
                return None
        return out

    chars, nullable = first(list(tree))
    if chars is None or nullable or not chars:
        return None
    return frozenset(chars)


def _fold(ch: str) -> set[str]:
    """The lower-case keys under which a text character `ch` (any case) would be looked up."""
    return {ch.lower(), ch.upper().lower(), ch.casefold()}


# ---------------------------------------------------------------------------------- a set as one regex

def compile_phrase_set(patterns, language: str, *, loose_spaces: bool = False) -> re.Pattern | None:
    """Many phrase patterns as ONE case-insensitive regex (`search`/`finditer` find any of them), or None.

    For lists that are only ever asked "does any of these occur, and where" (the empathy data). The
    alternatives are grouped by the letters they can start with behind a look-ahead, so at each position
    only the few that can match there are tried. Raises PatternError for a malformed pattern.
    """
    groups: dict[frozenset | None, list[str]] = {}
    symbols: list[str] = []  # patterns that start with an emoji or a sign: no word boundary before them
    for source in patterns or ():
        source = str(source).strip()
        if not source:
            continue
        compiled = compile_pattern(source, language, loose_spaces=loose_spaces)
        firsts = frozenset(k[0] for k in compiled.keys) if compiled.keys else None
        if firsts is not None and not any(re.match(WORD, ch) for ch in firsts):
            symbols.append(compiled.prefilter)  # "no chips😤" is still angry, glued to the word or not
            continue
        if firsts is not None and not all(re.match(WORD, ch) for ch in firsts):
            firsts = None
        groups.setdefault(firsts, []).append(compiled.prefilter)
    if not groups and not symbols:
        return None
    branches = []
    every: set[str] = set()
    for letters, cores in groups.items():
        body = "|".join(cores)
        if letters:
            chars = {c for ch in letters for c in _fold(ch) | {ch.upper()}}
            every |= chars
            branches.append(f"(?=[{re.escape(''.join(sorted(chars)))}])(?:{body})")
        else:
            every = set()  # a pattern that may start with anything: no first-letter test up front
            branches.append(f"(?:{body})")
    # Speed: `search` tries every position; a first-letter test there fails fast on most of them, before
    # the word-boundary look-behinds. The end of a match is checked once after the group.
    first = f"(?=[{re.escape(''.join(sorted(every)))}])" if every and None not in groups else ""
    end = r"(?<=\S)" + RIGHT_BOUNDARY
    words = first + LEFT_BOUNDARY + r"(?=\S)(?:" + "|".join(branches) + ")" + end if branches else ""
    signs = "(?:" + "|".join(symbols) + ")" + end if symbols else ""
    return stored_regex("|".join(x for x in (words, signs) if x), re.IGNORECASE)
