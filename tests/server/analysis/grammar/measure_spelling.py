"""Measure the offline speller's false-alarm rate and the Danish grammar rules' hits on real text.

Run: `.venv/bin/python tests/server/analysis/grammar/measure_spelling.py` (writes nothing; prints the
numbers that go into docs/quality/spelling.md). Corpora:
- the Debian Edu manual in Danish and English (Debian packages `debian-edu-doc-da`, `debian-edu-doc-en`:
  real, edited prose; technical register), paragraphs (`<p>`) only;
- customer-service sentences the team wrote: every `good`/`ok` example in `rules/<lang>/*.yml` and the
  texts in tests/data/*.yaml / friendly_replies_<lang>.txt when present (customer-service register, but
  not independent of the rules).
Every flag on edited text is counted as a false alarm unless it is listed as a real error by hand.
"""

from __future__ import annotations

import collections
import html
import re
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[4]
sys.path.insert(0, str(ROOT / "server"))

from klarsvar.analysis import rules  # noqa: E402
from klarsvar.analysis.document import Document  # noqa: E402
from klarsvar.analysis.grammar.spelling import WORD, OfflineSpelling, SpellingContext, load_spellers  # noqa: E402

MANUALS = {
    "da": Path("/usr/share/doc/debian-edu-doc-da/debian-edu-bookworm-manual.html"),
    "en": Path("/usr/share/doc/debian-edu-doc-en/debian-edu-bookworm-manual.html"),
}


def manual_paragraphs(path: Path, language: str | None = None) -> list[str]:
    """Plain-text `<p>` paragraphs of a DocBook HTML manual (code blocks and tables left out); with
    `language`, only paragraphs detected as that language (the Danish manual has untranslated parts)."""
    from klarsvar.analysis.language import detect_language

    if not path.is_file():
        return []
    raw = path.read_text(encoding="utf-8", errors="replace")
    out = []
    for m in re.finditer(r"<p>(.*?)</p>", raw, re.S):
        inner = re.sub(r"<code[^>]*>.*?</code>|<pre.*?</pre>|<span class=\"(?:command|emphasis|filename|guimenu|package|systemitem)\">.*?</span>", " ", m.group(1), flags=re.S)
        text = html.unescape(re.sub(r"<[^>]+>", "", inner))
        text = re.sub(r"\s+", " ", text).strip()
        if len(text.split()) >= 5 and (language is None or detect_language(text) == language):
            out.append(text)
    return out


def team_sentences(language: str) -> list[str]:
    """`good`/`ok` examples of every rule file of `language` plus any friendly-replies file."""
    out: list[str] = []
    for path in sorted((ROOT / "server/klarsvar/rules" / language).glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for entry in data.get("entries") or []:
            examples = entry.get("examples") or {}
            for kind in ("good", "ok"):
                for ex in examples.get(kind) or []:
                    out.append(ex["text"] if isinstance(ex, dict) else ex)
    replies = ROOT / "tests/data" / f"friendly_replies_{language}.txt"
    if replies.is_file():
        out += [p.strip() for p in re.split(r"\n\s*\n", replies.read_text(encoding="utf-8")) if p.strip()]
    return out


def ui_translations(language: str) -> list[str]:
    """Sentences of the Danish UI translations of installed Debian packages (their English source strings
    for 'en'), read from /usr/share/locale/da/LC_MESSAGES/*.mo; place-name catalogues (iso_*) left out."""
    import gettext

    out: list[str] = []
    for path in sorted(Path("/usr/share/locale/da/LC_MESSAGES").glob("*.mo")):
        if path.name.startswith("iso_"):
            continue
        try:
            with path.open("rb") as handle:
                catalog = gettext.GNUTranslations(handle)._catalog
        except Exception:  # noqa: BLE001 - a broken catalogue is skipped
            continue
        for source, translated in catalog.items():
            if not isinstance(source, str) or not source or not isinstance(translated, str):
                continue
            text = translated if language == "da" else source
            # Placeholders (%s, {0}), markup and key names are not prose.
            if len(text.split()) < 4 or re.search(r"%|\{|<|\\|_[A-Z]|--", text):
                continue
            out.append(re.sub(r"_(?=\w)", "", text.replace("&", "")))
    return out


def measure(spelling: OfflineSpelling, language: str, paragraphs: list[str]) -> dict:
    """Words, flags, flags per 1,000 words and the most frequent flagged words."""
    words = flags = 0
    counter: collections.Counter = collections.Counter()
    started = time.perf_counter()
    for text in paragraphs:
        doc = Document(text=text, language=language)
        words += len(WORD.findall(text))
        # Every word is checked (a generous deadline); suggestions, which do not change the count, get 10 ms.
        found, _ = spelling.check_spans(text, [(0, len(text))], SpellingContext.from_document(doc),
                                        deadline=time.monotonic() + 60, suggest_seconds=0.01)
        flags += len(found)
        counter.update(f.text for f in found)
    elapsed = time.perf_counter() - started
    return {"paragraphs": len(paragraphs), "words": words, "flags": flags,
            "per_1000": round(1000 * flags / max(words, 1), 2), "top": counter.most_common(25),
            "seconds": round(elapsed, 2)}


def grammar_rule_hits(paragraphs: list[str]) -> collections.Counter:
    """How often each da.grammar.* rule fires on the Danish paragraphs (each hit printed for judgement)."""
    import shutil
    import tempfile

    hits: collections.Counter = collections.Counter()
    # Only this file's rules: other families are measured elsewhere and may be mid-edit.
    folder = Path(tempfile.mkdtemp()) / "da"
    folder.mkdir()
    shutil.copy(ROOT / "server/klarsvar/rules/da/grammar.yml", folder / "grammar.yml")
    for text in paragraphs:
        doc = Document(text=text, language="da")
        for f in rules.check(doc, directory=folder.parent):
            if f.rule.startswith("da.grammar."):
                hits[f.rule] += 1
                print(f"  HIT {f.rule}: …{text[max(0, f.start - 40):f.end + 40]}…")
    return hits


def injected_recall(paragraphs: list[str]) -> None:
    """Put the nutids-r error into correct sentences ("kan hjælpe" → "kan hjælper") and count how often
    the rules catch it (the corpus has no naturally occurring examples of the other errors to inject)."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp()) / "da"
    folder.mkdir()
    shutil.copy(ROOT / "server/klarsvar/rules/da/grammar.yml", folder / "grammar.yml")
    pattern = re.compile(r"\b(kan|vil|skal|må|at|kunne|ville|skulle) "
                         r"(hjælpe|sende|høre|kontakte|vende|undersøge|ændre|refundere|lære|køre|vurdere|registrere|"
                         r"kompensere|ringe|skrive|tjekke)\b")
    tried = caught = 0
    for text in paragraphs:
        m = pattern.search(text)
        if not m:
            continue
        bad = text[:m.start(2)] + m.group(2) + "r" + text[m.end(2):]
        tried += 1
        found = rules.check(Document(text=bad, language="da"), directory=folder.parent)
        caught += any(f.start is not None and f.start <= m.start(2) < f.end for f in found)
    print(f"nutids-r injected into {tried} correct sentences: caught {caught}")


def main() -> None:
    """Print the measurements."""
    spellers, problems = load_spellers()
    spelling = OfflineSpelling(spellers)
    print("dictionaries:", {k: v.names for k, v in spellers.items()}, problems)
    for language in ("da", "en"):
        for name, paragraphs in (("manual", manual_paragraphs(MANUALS[language], language)),
                                 ("UI translations", ui_translations(language)),
                                 ("team sentences", team_sentences(language))):
            if not paragraphs:
                print(f"{language} {name}: no text available")
                continue
            result = measure(spelling, language, paragraphs)
            print(f"{language} {name}: {result['paragraphs']} paragraphs, {result['words']} words, "
                  f"{result['flags']} flags = {result['per_1000']} per 1,000 words ({result['seconds']} s)")
            print("   top:", ", ".join(f"{w} ×{n}" for w, n in result["top"]))
    da_text = manual_paragraphs(MANUALS["da"], "da") + ui_translations("da")
    print("Danish grammar rule hits on", sum(len(WORD.findall(t)) for t in da_text), "words:")
    hits = grammar_rule_hits(da_text)
    print("  totals:", dict(hits) or "none")
    team = team_sentences("da")  # every rule file's good/ok examples + tests/data/friendly_replies_da.txt
    print("Danish grammar rule hits on the team's sentences,", sum(len(WORD.findall(t)) for t in team), "words:")
    print("  totals:", dict(grammar_rule_hits(team)) or "none")
    injected_recall(da_text)


if __name__ == "__main__":
    main()
