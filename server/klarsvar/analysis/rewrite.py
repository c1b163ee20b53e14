"""The plain-language, acknowledging rewrite: deterministic edits built from the findings.

Every edit is a span of the ORIGINAL text and its replacement, so the extension can show a diff and the
invariants can be checked edit by edit: protected tokens (numbers, dates, URLs, names, quotes, the
signature) are never touched, content is never dropped silently, and the result is a fixed point
(rewriting the rewrite changes nothing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .acknowledgement import acknowledgement_sentence, customer_name
from .readability import LONG_SENTENCE_WORDS

# Categories whose first replacement is applied as it stands (the rule data makes it fit the sentence).
REPLACEABLE = frozenset({"internal_language", "plain_language", "nominal_style", "negative_phrasing",
                         "passive", "sympathy", "standard_answer"})
# Own grammar rules are precise enough to apply; spelling suggestions (a guess among several) are not.
SAFE_GRAMMAR_SOURCES = frozenset({"klarsvar"})
# Findings that depend only on their own sentence: after an edit, the touched sentences are enough to
# look for them again (sympathy and standard answers look at neighbours and position, so they are not).
LOCAL_CATEGORIES = frozenset({"internal_language", "plain_language", "nominal_style", "passive",
                              "negative_phrasing", "grammar"})
# A replacement with a placeholder needs the agent's knowledge; never insert it.
_PLACEHOLDER = re.compile(r"\u2026|\.\.\.|\[|\]|<|>|\{|\}")
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_LETTER = re.compile(r"[^\W\d_]")
# Where a long sentence may be split: ", og", "; ", ", men", ", and", ", but", ", so".
_SPLIT_POINTS = {
    "da": re.compile(r"(?:,\s+(?:og|men|så)|;)\s+(?=[^\W\d_])", re.IGNORECASE),
    "en": re.compile(r"(?:,\s+(?:and|but|so)|;)\s+(?=[^\W\d_])", re.IGNORECASE),
}
# After the connector, these open a subordinate clause: "…, men at den ikke nåede med" is no sentence.
_SUBORDINATORS = frozenset({"at", "som", "hvis", "fordi", "da", "når", "der", "hvor", "hvad", "om", "selvom",
                            "that", "which", "who", "if", "because", "when", "where", "whether", "although",
                            "though", "while", "as", "then"})
# Conjunctions that are dropped when a split turns them into a sentence start ("…, og vi" → "… Vi").
_DROPPED_CONJUNCTIONS = frozenset({"og", "and"})
MIN_SPLIT_WORDS = 6
_GREETING = re.compile(
    r"^(?P<word>hej|hejsa|hi|hello|hey|dear|kære|goddag|god morgen|good morning|good afternoon)"
    r"(?P<generic>\s+(?:there|kunde|customer|sir or madam|all|alle))?(?=\s*[,!.:]?\s*$)",
    re.IGNORECASE)


@dataclass(frozen=True)
class Edit:
    """Replace `text[start:end]` with `replacement`; `priority` decides between overlapping edits."""

    start: int
    end: int
    replacement: str
    rule: str
    priority: int = 0
    fallback: str | None = None  # a plainer replacement to try before giving the edit up (LIX guard)
    local: bool = False  # a phrase replacement whose finding depends only on its own sentence


MAX_PASSES = 4


@dataclass(frozen=True)
class Change:
    """A change against the ORIGINAL text: `text[start:end]` becomes `replacement`."""

    start: int
    end: int
    replacement: str
    rule: str


def rewrite(doc, findings, empathy_summary: dict | None = None) -> dict:
    """Return `{'text': rewritten, 'changes': [...]}` for `doc`, using its findings and empathy summary.

    Edits are applied in passes until the text is a fixed point: an edit can reveal another (two
    overlapping findings, a split that leaves a long part), and rewriting the rewrite must change nothing.
    """
    changes: list[Change] = []
    current, current_findings, summary = doc, findings, empathy_summary or {}
    original_lix = lix(doc)
    for _ in range(MAX_PASSES):
        candidates = _collect_edits(current, current_findings, summary)
        resolved = _resolve_overlaps(candidates)
        edits = _keep_invariants(current, resolved, original_lix)
        kept_keys = {(e.start, e.end, e.rule) for e in edits}  # a fallback stands for its edit
        refused = [e for e in resolved if (e.start, e.end, e.rule) not in kept_keys]
        if refused:
            # An edit an invariant refused may have beaten another in an overlap: let that one try.
            retry = _resolve_overlaps([c for c in candidates if c not in refused])
            if retry != resolved:
                edits = _keep_invariants(current, retry, original_lix)
        if not edits:
            break
        changes = _compose(changes, current.text, edits)
        text, spans = _apply_with_spans(current.text, edits)
        current = _derived_document(doc, text)
        # An acknowledgement goes in only where the empathy stage asks for one, and whether it asks depends
        # on the words, so a rewritten reply that still does not acknowledge is always checked again.
        undecided = (not summary.get("acknowledges", True)
                     and not any(e.rule.endswith(".acknowledge") for e in edits))
        if undecided or not all(e.local for e in candidates if e not in edits):
            current_findings, summary = _recheck(current)
            continue
        # Every edit given up was a phrase replacement, so what is left to find lies in the sentences the
        # edits touched (two replacements side by side can form a new phrase; an overlap's loser can
        # remain): look there only, instead of checking the whole reply again.
        current_findings = _local_findings(current, spans)
        if not current_findings:
            break
        summary = {**summary, "acknowledges": True}  # acknowledging was settled by the first pass
    return {"text": current.text, "changes": [
        {"start": c.start, "end": c.end, "text": doc.text[c.start:c.end], "replacement": c.replacement,
         "rule": c.rule} for c in changes]}


def _derived_document(doc, text: str):
    """A document for `text` that keeps everything else `doc` knows (language, customer, terms)."""
    from .document import Document

    if text == doc.text:
        return doc
    # One document per text for the whole rewrite: the LIX guard and the next pass share its segmentation.
    cache = doc.__dict__.setdefault("_rewrite_documents", {})
    derived = cache.get(text)
    if derived is None:
        derived = Document(text=text, language=doc.language, channel=doc.channel,
                           customer_message=doc.customer_message, customer_name=doc.customer_name,
                           terms=doc.terms, language_source=doc.language_source)
        if "customer" in doc.__dict__:  # the customer context is the same; don't derive it again
            derived.__dict__["customer"] = doc.__dict__["customer"]
        if len(cache) < 32:
            cache[text] = derived
    return derived


def _recheck(doc):
    """Findings and empathy summary of an intermediate rewrite (the stages the rewrite acts on)."""
    from . import empathy, readability, rules
    from .findings import finalize

    _summary, findings = readability.analyze(doc)
    findings += rules.check(doc)
    summary, empathy_findings = empathy.analyze(doc)
    return finalize(empathy.fit_to_customer(doc, findings + empathy_findings)), summary


def _compose(changes: list[Change], current: str, edits: list[Edit]) -> list[Change]:
    """Fold edits made on `current` (the original with `changes` applied) into changes on the original."""
    # Segments of the current text: (cur_start, cur_end, orig_start, orig_end, change or None).
    segments, pos_orig, pos_cur = [], 0, 0
    for c in changes:
        if c.start > pos_orig:
            segments.append((pos_cur, pos_cur + c.start - pos_orig, pos_orig, c.start, None))
            pos_cur += c.start - pos_orig
        segments.append((pos_cur, pos_cur + len(c.replacement), c.start, c.end, c))
        pos_cur += len(c.replacement)
        pos_orig = c.end
    tail = len(current) - pos_cur
    segments.append((pos_cur, pos_cur + tail, pos_orig, pos_orig + tail, None))

    merged = list(changes)
    for e in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        touched = [seg[4] for seg in segments if seg[4] is not None and (
            (seg[0] < e.end and e.start < seg[1]) or seg[0] < e.start < seg[1]
            or (seg[0] == seg[1] and e.start <= seg[0] <= e.end and e.start < e.end))]
        cur_start = min([e.start] + [s[0] for s in segments if s[4] in touched])
        cur_end = max([e.end] + [s[1] for s in segments if s[4] in touched])
        orig_start = _to_original(segments, cur_start, touched, start=True)
        orig_end = _to_original(segments, cur_end, touched, start=False)
        replacement = current[cur_start:e.start] + e.replacement + current[e.end:cur_end]
        rules = [c.rule for c in touched] + [e.rule]
        rule = ",".join(dict.fromkeys(r for rule in rules for r in rule.split(",")))
        merged = [c for c in merged if c not in touched]
        merged.append(Change(orig_start, orig_end, replacement, rule))
    return sorted(merged, key=lambda c: (c.start, c.end))


def _to_original(segments, cur: int, touched, *, start: bool) -> int:
    """Map a position in the current text to the original, expanding over touched changes."""
    for cur_start, cur_end, orig_start, orig_end, change in segments:
        if change is not None and change in touched and cur_start <= cur <= cur_end:
            return orig_start if start else orig_end
    for cur_start, cur_end, orig_start, orig_end, change in segments:
        if change is None and cur_start <= cur <= cur_end:
            return orig_start + (cur - cur_start)
    for cur_start, cur_end, orig_start, orig_end, change in segments:
        if cur_start <= cur <= cur_end:
            return orig_start if start or cur == cur_start else orig_end
    return segments[-1][3]


# ---------------------------------------------------------------------------------------------- edits

def _collect_edits(doc, findings, empathy_summary: dict) -> list[Edit]:
    """Turn findings and the empathy summary into candidate edits."""
    text = doc.text
    sentences = [s for s in doc.segmentation.sentences if s.kind == "body"]
    first_body = sentences[0] if sentences else None
    edits: list[Edit] = []
    acknowledgement_placed = False
    # An acknowledgement goes in where the empathy stage asks for one (an upset customer, a real problem,
    # a reply that apologises): a plain answer to a plain question needs nothing and stays as it is.
    needs_acknowledgement = bool(sentences) and not empathy_summary.get("acknowledges", True) and any(
        f.category == "missing_acknowledgement" for f in findings)
    removed_sentences: set[int] = set()

    for f in findings:
        if f.start is None:
            continue
        sentence = _sentence_at(sentences, f.start)
        if f.category in ("sympathy", "standard_answer", "apologies") and sentence is not None:
            mostly_canned = _covers_most_of(sentence, f.start, f.end)
            if needs_acknowledgement and sentence is first_body and mostly_canned and not acknowledgement_placed:
                edits.append(_acknowledgement_edit(doc, sentence.start, _sentence_end(text, sentence),
                                                   _trailing_gap(text, sentence)))
                acknowledgement_placed = True
                removed_sentences.add(sentence.start)
                continue
            # Sympathy beside an acknowledgement (there already, or coming) would say the same thing twice.
            redundant_sympathy = f.category == "sympathy" and mostly_canned and (
                needs_acknowledgement or empathy_summary.get("acknowledges", False))
            if f.category == "apologies" or (f.category == "standard_answer" and not _usable(f)) or redundant_sympathy:
                if mostly_canned and sentence.start not in removed_sentences and not _is_only_body(sentences):
                    edits.append(_removal_edit(text, sentence, f.rule))
                    removed_sentences.add(sentence.start)
                continue
        if f.category in REPLACEABLE or (f.category == "grammar" and f.source in SAFE_GRAMMAR_SOURCES):
            if _usable(f):
                edits.append(_replacement_edit(doc, f))
        elif f.category == "long_sentence":
            edits.extend(_split_edits(doc, f))

    if needs_acknowledgement and not acknowledgement_placed and first_body is not None:
        edits.append(_acknowledgement_edit(doc, first_body.start, first_body.start, " "))
    edits.extend(_greeting_edits(doc))
    return edits


def _acknowledgement_edit(doc, start: int, end: int, gap: str) -> Edit:
    """An edit putting the acknowledgement at [start, end), fitted to what stands before and after it.

    After a greeting that runs on with a comma or dash ("Hej Lone, jeg har …") the acknowledgement goes
    on in lower case, and the sentence it now precedes starts with a capital.
    """
    text = doc.text
    before = text[:start].rstrip(" \t")
    runs_on = bool(before) and before[-1] in ",–—-"
    following = text[end:end + 1] if start == end else ""

    def fitted(sentence: str) -> tuple[int, str]:
        if runs_on and not sentence.startswith("I "):
            sentence = sentence[0].lower() + sentence[1:]
        if following.islower():  # insertion before a sentence that began in lower case after the greeting
            return end + 1, sentence + gap + following.upper()
        return end, sentence + gap

    stop, replacement = fitted(acknowledgement_sentence(doc))
    _, fallback = fitted(acknowledgement_sentence(doc, specific=False))
    return Edit(start, stop, replacement, f"{doc.language}.rewrite.acknowledge", priority=30, fallback=fallback)


def _usable(finding) -> bool:
    """Whether the finding's first replacement can be inserted without the agent filling anything in."""
    return bool(finding.replacements) and not _PLACEHOLDER.search(finding.replacements[0])


def _replacement_edit(doc, finding) -> Edit:
    """An edit applying the finding's first replacement, as the rule engine applies it for one click."""
    from .rules import replacement_edit

    start, end, replacement = replacement_edit(doc.text, finding)
    return Edit(start, end, replacement, finding.rule, priority=10, local=finding.category in LOCAL_CATEGORIES)


def _split_edits(doc, finding) -> list[Edit]:
    """Split an over-long sentence at every safe connector that leaves both parts long enough."""
    text, language = doc.text, doc.language
    pattern = _SPLIT_POINTS.get(language)
    if pattern is None:
        return []
    limit = LONG_SENTENCE_WORDS.get(doc.channel, 25)
    span = text[finding.start:finding.end]
    if _count_words(span) <= limit:
        return []
    edits: list[Edit] = []
    segment_start = 0
    for m in pattern.finditer(span):
        left = _count_words(span[segment_start:m.start()])
        rest = _count_words(span[m.end():])
        if left < MIN_SPLIT_WORDS or rest < MIN_SPLIT_WORDS:
            continue
        connector = m.group(0)
        word = re.search(r"[^\W\d_]+", connector)
        next_char_at = finding.start + m.end()
        following = re.match(r"[^\W\d_]+", span[m.end():])
        if following and following.group(0).lower() in _SUBORDINATORS:
            continue
        if word and word.group(0).lower() in _DROPPED_CONJUNCTIONS:
            replacement = ". " + text[next_char_at].upper()
        elif word:
            replacement = ". " + word.group(0).capitalize() + " " + text[next_char_at]
        else:  # a semicolon
            replacement = ". " + text[next_char_at].upper()
        edits.append(Edit(finding.start + m.start(), next_char_at + 1, replacement,
                          f"{language}.rewrite.split_sentence", priority=5))
        segment_start = m.end()
    return edits


def _greeting_edits(doc) -> list[Edit]:
    """Personalise the greeting with the customer's name (email only; chat gets no letter greeting)."""
    name = customer_name(doc)
    if doc.channel != "email" or not name:
        return []
    text = doc.text
    protected = [(s, e) for s, e, kind in doc.segmentation.protected if kind in ("email", "url")]
    for m in re.finditer(rf"(?<![^\W\d_]){re.escape(name)}(?![^\W\d_])", text, re.IGNORECASE):
        if not any(s <= m.start() < e for s, e in protected):  # "lone@example.dk" is not the name used
            return []
    greetings = [s for s in doc.segmentation.sentences if s.kind == "greeting"]
    if greetings:
        g = greetings[0]
        m = _GREETING.match(text[g.start:g.end].strip())
        if not m:
            return []
        lead = len(text[g.start:g.end]) - len(text[g.start:g.end].lstrip())
        word_end = g.start + lead + m.end("word")
        generic_end = g.start + lead + m.end()
        return [Edit(word_end, generic_end, f" {name}", f"{doc.language}.rewrite.use_name", priority=35)]
    hello = "Hej" if doc.language == "da" else "Hi"
    first = len(text) - len(text.lstrip())
    return [Edit(first, first, f"{hello} {name},\n\n", f"{doc.language}.rewrite.use_name", priority=35)]


# ------------------------------------------------------------------------------------------ helpers

def _sentence_at(sentences, offset: int):
    """The body sentence holding `offset`, if any."""
    for s in sentences:
        if s.start <= offset < s.end:
            return s
    return None


def _sentence_end(text: str, sentence) -> int:
    """The sentence's end, taking in the spaces that follow it on the same line."""
    end = sentence.end
    while end < len(text) and text[end] in " \t":
        end += 1
    return end


def _removal_edit(text: str, sentence, rule: str) -> Edit:
    """An edit removing a whole sentence with the spaces that separated it from its neighbour."""
    start, end = sentence.start, _sentence_end(text, sentence)
    line_start = start == 0 or text[start - 1] in "\r\n"
    if line_start and (end >= len(text) or text[end] in "\r\n"):
        # The sentence is a whole line: take its line break too, so no empty line is left behind.
        end += 2 if text.startswith("\r\n", end) else 1 if end < len(text) else 0
        if text[:start].replace("\r\n", "\n").endswith("\n\n"):
            # A paragraph of its own: take the blank line after it as well.
            while end < len(text) and text[end] in "\r\n":
                end += 1
        return Edit(start, min(end, len(text)), "", rule, priority=20)
    if end == sentence.end or end >= len(text) or text[end] in "\r\n":
        # Nothing follows on the line: take the spaces before it instead, so no trailing space is left.
        while start > 0 and text[start - 1] in " \t":
            start -= 1
    return Edit(start, end, "", rule, priority=20)


def _trailing_gap(text: str, sentence) -> str:
    """The spaces a replaced sentence had after it (kept so the next sentence does not glue on)."""
    end = _sentence_end(text, sentence)
    return text[sentence.end:end]


def _covers_most_of(sentence, start: int, end: int) -> bool:
    """Whether [start, end) covers most of the sentence's words (the sentence says little else)."""
    total = sum(1 for _ in _WORD.finditer(sentence.text))
    inside = sum(1 for m in _WORD.finditer(sentence.text)
                 if start <= sentence.start + m.start() and sentence.start + m.end() <= end)
    return total > 0 and inside / total >= 0.6


def _is_only_body(sentences) -> bool:
    """Whether removing a sentence would leave the reply with no body at all."""
    return len(sentences) <= 1


def _count_words(text: str) -> int:
    """Number of words in `text`."""
    return sum(1 for _ in _WORD.finditer(text))


def _resolve_overlaps(edits: list[Edit]) -> list[Edit]:
    """Keep the highest-priority edits that do not overlap; insertions may not fall inside a kept edit."""
    kept: list[Edit] = []
    for e in sorted(edits, key=lambda e: (-e.priority, e.start, e.end)):
        if all(_disjoint(e, k) for k in kept):
            kept.append(e)
    # At one point a greeting goes before an acknowledgement (higher priority first).
    return sorted(kept, key=lambda e: (e.start, e.end, -e.priority))


def _disjoint(a: Edit, b: Edit) -> bool:
    """Whether two edits can both apply."""
    if a.start == a.end or b.start == b.end:  # an insertion
        point, other = (a, b) if a.start == a.end else (b, a)
        if other.start == other.end:
            # Two insertions at one point are fine unless they are the same kind (two greetings).
            return point.start != other.start or point.rule != other.rule
        return not (other.start < point.start < other.end)
    return a.end <= b.start or b.end <= a.start


def _apply_with_spans(text: str, edits: list[Edit]) -> tuple[str, list[tuple[int, int]]]:
    """Apply edits like `_apply` and also return where each replacement now stands in the new text."""
    out, spans, pos, length = [], [], 0, 0
    for e in edits:
        kept = text[pos:e.start]
        out += [kept, e.replacement]
        length += len(kept)
        spans.append((length, length + len(e.replacement)))
        length += len(e.replacement)
        pos = e.end
    out.append(text[pos:])
    return "".join(out), spans


def _local_findings(doc, spans: list[tuple[int, int]]) -> list:
    """Sentence-local findings in the body sentences around the new text, with offsets into `doc`."""
    from dataclasses import replace

    from . import rules
    from .findings import finalize

    touched = [s for s in doc.segmentation.sentences
               if s.kind == "body" and any(s.start <= end and start <= s.end for start, end in spans)]
    if not touched:
        return []
    starts, parts, pos = [], [], 0
    for s in touched:
        starts.append((pos, s.start))
        parts.append(s.text)
        pos += len(s.text) + 2
    found = []
    for f in rules.find("\n\n".join(parts), doc.language, channel=doc.channel, terms=doc.terms):
        if f.category not in LOCAL_CATEGORIES or f.start is None or not _usable(f):
            continue
        base, origin = next((b, o) for b, o in reversed(starts) if b <= f.start)
        found.append(replace(f, start=origin + f.start - base, end=origin + f.end - base))
    return finalize(found)


def _apply(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits (sorted by start) to `text`."""
    out, pos = [], 0
    for e in edits:
        out.append(text[pos:e.start])
        out.append(e.replacement)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def _keep_invariants(doc, edits: list[Edit], original_lix: float | None) -> list[Edit]:
    """Drop edits that would touch a protected token or raise the LIX of the reply."""
    protected = [(s, e) for s, e, _kind in doc.segmentation.protected]
    name = customer_name(doc)
    safe = []
    for e in edits:
        touches = any(s < e.end and e.start < t_end for s, t_end in protected) if e.start < e.end else any(
            s < e.start < t_end for s, t_end in protected)
        if touches and not _keeps_tokens(doc.text, e, protected):
            continue
        if name and e.start < e.end and name.lower() in doc.text[e.start:e.end].lower() \
                and name.lower() not in e.replacement.lower():
            continue
        safe.append(e)
    return _within_lix(doc, safe, original_lix)


def _keeps_tokens(text: str, edit: Edit, protected) -> bool:
    """Whether every protected token inside the edited span reappears in its replacement."""
    return all(text[s:t_end] in edit.replacement for s, t_end in protected if edit.start < t_end and s < edit.end)


def _within_lix(doc, edits: list[Edit], original: float | None) -> list[Edit]:
    """Drop the least important edits until the rewrite's LIX is not above the original draft's.

    Each edit's effect on the counts (words, long words, sentences) is known from its own text, so the
    choice is made on estimated counts and only the result is measured exactly (one readability run);
    should the estimate have been wrong, edits are dropped one by one against exact measurements.
    """
    if original is None:
        return edits
    kept = list(edits)
    base = _lix_counts(doc)
    deltas = {id(e): _count_delta(doc.text, e) for e in edits}
    dropped: list[Edit] = []
    exact = False
    while kept:
        if exact:
            value = lix(doc, _apply(doc.text, kept), needs_verdict=False)
        else:
            value = _estimated_lix(base, [deltas[id(e)] for e in kept])
            if value <= original + 1e-9:
                exact = True
                value = lix(doc, _apply(doc.text, kept), needs_verdict=False)
        if value is None or value <= original + 1e-9:
            return _add_back(doc, kept, dropped, original)
        # Drop the lowest-priority edit that adds the most long words; splits only ever lower LIX.
        candidates = [e for e in kept if not e.rule.endswith("split_sentence")]
        if not candidates:
            return _add_back(doc, kept, dropped, original)
        worst = min(candidates, key=lambda e: (e.priority, -deltas[id(e)][1]))
        kept.remove(worst)
        dropped.append(worst)
        if worst.fallback is not None and worst.fallback != worst.replacement:
            plainer = Edit(worst.start, worst.end, worst.fallback, worst.rule, worst.priority)
            deltas[id(plainer)] = _count_delta(doc.text, plainer)
            kept.append(plainer)
            kept.sort(key=lambda e: (e.start, e.end, -e.priority))
    return _add_back(doc, kept, dropped, original)


def _add_back(doc, kept: list[Edit], dropped: list[Edit], original: float) -> list[Edit]:
    """Give back, one at a time, dropped edits that fit after all (dropping is greedy, so it overshoots)."""
    for edit in reversed(dropped):
        trial = sorted(kept + [edit], key=lambda e: (e.start, e.end, -e.priority))
        value = lix(doc, _apply(doc.text, trial), needs_verdict=False)
        if value is not None and value <= original + 1e-9:
            kept = trial
    return kept


_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")


def _lix_counts(doc) -> tuple[int, int, int]:
    """(words, long words, sentences) of the document's body, as the readability stage counts them."""
    summary = doc.__dict__.get("_readability_summary")
    if summary is None:
        lix(doc)
        summary = doc.__dict__["_readability_summary"]
    return summary.get("words", 0), summary.get("long_words", 0), summary.get("sentences", 0)


def _count_delta(text: str, edit: Edit) -> tuple[int, int, int]:
    """How an edit changes (words, long words, sentences): its replacement's counts less the original's."""
    def counts(s: str) -> tuple[int, int, int]:
        words = [m.group() for m in _WORD.finditer(s)]
        long_words = sum(1 for w in words if sum(c.isalpha() for c in w) >= 7)
        return len(words), long_words, len(_SENTENCE_END.findall(s))
    new, old = counts(edit.replacement), counts(text[edit.start:edit.end])
    return new[0] - old[0], new[1] - old[1], new[2] - old[2]


def _estimated_lix(base: tuple[int, int, int], deltas) -> float:
    """LIX from base counts plus edit deltas."""
    words = base[0] + sum(d[0] for d in deltas)
    long_words = base[1] + sum(d[1] for d in deltas)
    sentences = max(1, base[2] + sum(d[2] for d in deltas))
    return words / sentences + 100 * long_words / max(1, words)


def lix(doc, text: str | None = None, *, needs_verdict: bool = True) -> float | None:
    """LIX of `text` (default: the document's own text) as the readability stage computes it.

    None when the text is too short for LIX to mean anything (fewer body sentences than the readability
    stage needs for a verdict): one sentence's LIX is its length, and "Lad os finde en løsning sammen"
    must be allowed to replace "Det kan jeg ikke hjælpe med" although it is one long word richer.
    """
    from .readability import MIN_SENTENCES_FOR_VERDICT
    from .readability import analyze as readability

    if text is not None:
        doc = _derived_document(doc, text)
    summary = doc.__dict__.get("_readability_summary")
    if summary is None:
        summary = doc.__dict__["_readability_summary"] = readability(doc)[0]
    if needs_verdict and summary.get("sentences", 0) < MIN_SENTENCES_FOR_VERDICT:
        return None
    return summary.get("lix")
