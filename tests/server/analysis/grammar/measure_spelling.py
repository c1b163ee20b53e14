"""Measure the offline speller's false-alarm rate and the Danish grammar rules' hits on real text.

Run: `.venv/bin/python tests/server/analysis/grammar/measure_spelling.py` (writes nothing; prints the
numbers that go into docs/quality/spelling.md). Corpora:
- the Debian Edu manual in Danish and English (Debian packages `debian-edu-doc-da`, `debian-edu-doc-en`:
  real, edited prose; technical register), paragraphs (`<p>`) only;
- customer-service sentences the team wrote: every `good`/`ok` example in `rules/<lang>/*.yml` and the
  texts in tests/data/*.yaml / friendly_replies_<lang>.txt when present (customer-service register, but
  not independent of the rules);
- the shared corpora of real replies and Danish prose (`../shared/corpora/`, next to the repository; skipped
  when absent): flags per 1,000 words and every flag listed for judging by hand, the typo sets in
  tests/data/typos_<lang>.tsv, the cost of 20 new unknown words in a 300-word check, and the readability
  verdicts on the real replies.
Every flag on edited text is counted as a false alarm unless it is listed as a real error by hand.
Run with `--corpus` for the corpus part only.
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


CORPORA = ROOT.parent / "shared" / "corpora"


def corpus_records(name: str) -> list[dict]:
    """Records of a shared corpus file, or [] when it is not there."""
    import json

    path = CORPORA / f"{name}.jsonl"
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def api_channel(record: dict) -> str:
    """The API channel a corpus record is checked in (tweets and chats are chat; FAQ and prose e-mail)."""
    return "chat" if record["channel"] in ("tweet", "chat") else "email"


def corpus_spelling(spelling: OfflineSpelling) -> None:
    """Flags per 1,000 words on the real replies and the Danish prose, with every flag in context."""
    for name, language in (("en_replies", "en"), ("da_replies", "da"), ("da_prose", "da")):
        records = corpus_records(name)
        if not records:
            print(f"{name}: not available")
            continue
        words = flags = 0
        shown = []
        for record in records:
            text = record["text"]
            doc = Document(text=text, language=language, channel=api_channel(record),
                           customer_message=record.get("customer"))
            words += len(WORD.findall(text))
            found, _ = spelling.check_spans(text, [(0, len(text))], SpellingContext.from_document(doc),
                                            deadline=time.monotonic() + 60, suggest_seconds=60, word_seconds=5)
            flags += len(found)
            shown += [f"  {f.text!r} -> {f.replacements[:2]}: …{text[max(0, f.start - 40):f.end + 30]}…"
                      .replace("\n", " ") for f in found]
        print(f"{name}: {len(records)} texts, {words} words, {flags} flags = "
              f"{1000 * flags / max(words, 1):.2f} per 1,000 words")
        print("\n".join(shown))


def typo_sets(spellers) -> None:
    """The typo sets: caught and right first suggestion, with every new word judged now, and with the
    check's own allowance (caught on the check itself, and on the next one after background judging)."""
    for language in ("en", "da"):
        path = ROOT / "tests" / "data" / f"typos_{language}.tsv"
        rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")]
        for mode in ("judged now", "own allowance", "next check"):
            spelling = OfflineSpelling(spellers)
            spellers[language]._verdicts.clear()
            caught = first = others = 0
            for sentence, typo, intended in rows:
                context = SpellingContext.from_document(Document(text=sentence, language=language))
                budget = {"suggest_seconds": 60, "word_seconds": 5} if mode == "judged now" else {}
                found, _ = spelling.check_spans(sentence, [(0, len(sentence))], context,
                                                deadline=time.monotonic() + 5, **budget)
                if mode == "next check":
                    spellers[language].wait_for_pending(10)
                    found, _ = spelling.check_spans(sentence, [(0, len(sentence))], context,
                                                    deadline=time.monotonic() + 5)
                hits = [f for f in found if f.text == typo]
                caught += bool(hits)
                first += bool(hits) and hits[0].replacements[:1] == (intended,)
                others += sum(1 for f in found if f.text != typo)
            print(f"typos {language} ({mode}): {len(rows)} typos, caught {caught} "
                  f"({100 * caught / len(rows):.0f} %), right first suggestion {first}, other flags {others}")


def new_word_cost() -> None:
    """Issue 14: a whole check (pipeline with the builtin grammar service, rewrite on) of a 300-word reply,
    without new words, with 20 strings no dictionary knows, and with 20 new typos of its words; medians of 12
    each, with the offline speller's own share (its calls in the check and in the rewrite's re-checks)."""
    import random
    import statistics

    from klarsvar.analysis.grammar import GrammarSettings, create_service
    from klarsvar.analysis.grammar import spelling as spelling_module
    from klarsvar.analysis.pipeline import CheckRequest, analyze

    paragraphs = {
        "da": ("Tak for din besked, og undskyld at din pakke er forsinket. Jeg har tjekket din ordre, og pakken "
               "er sendt fra vores lager i går. Den bliver leveret til din pakkeshop i morgen, og du får en sms, "
               "når du kan hente den. Hvis du hellere vil have den leveret til døren, kan du ændre "
               "leveringsadressen via linket i din ordrebekræftelse. "),
        "en": ("Thank you for your message, and sorry that your parcel is late. I have checked your order, and "
               "the parcel left our warehouse yesterday. It will be delivered to your parcel shop tomorrow, and "
               "you will get a text when you can collect it. If you would rather have it delivered to your "
               "door, you can change the delivery address with the link in your order confirmation. "),
    }
    spent = [0.0]
    original = spelling_module.OfflineSpelling.check_spans

    def timed_spelling(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - started

    spelling_module.OfflineSpelling.check_spans = timed_spelling
    service = create_service(GrammarSettings(mode="auto"))
    service.start()
    rng = random.Random(5)
    for language, paragraph in paragraphs.items():
        base = paragraph * 5
        for _ in range(50):  # warm: dictionaries loaded, words cached
            if analyze(CheckRequest(text=base, language=language), grammar_checker=service).grammar.complete:
                break
            time.sleep(0.1)
        for mode in ("no new words", "20 unknown strings", "20 new typos"):
            totals, speller = [], []
            for _ in range(12):
                words = base.split()
                for k in range(20 if mode != "no new words" else 0):
                    j = 12 + k * 13
                    if mode == "20 unknown strings":
                        words[j] = "".join(rng.choice("bcdfghklmnprstvz") for _ in range(rng.randint(6, 9)))
                    elif words[j].isalpha() and len(words[j]) > 3:
                        i = rng.randrange(1, len(words[j]) - 1)
                        words[j] = words[j][:i] + words[j][i] + words[j][i:]
                spent[0] = 0.0
                started = time.perf_counter()
                analyze(CheckRequest(text=" ".join(words), language=language), grammar_checker=service)
                totals.append(1000 * (time.perf_counter() - started))
                speller.append(1000 * spent[0])
                time.sleep(0.3)  # the agent types on: background judging finishes in between
            print(f"300-word {language} check, {mode}: median {statistics.median(totals):.1f} ms "
                  f"(worst {max(totals):.1f}), of which the offline speller {statistics.median(speller):.1f} ms")
    service.close()
    spelling_module.OfflineSpelling.check_spans = original


def corpus_readability() -> None:
    """How many real replies get a readability number, a band and a readability finding, per language."""
    from klarsvar.analysis import readability

    for name, language in (("en_replies", "en"), ("da_replies", "da"), ("da_prose", "da")):
        records = corpus_records(name)
        if not records:
            continue
        counts = collections.Counter()
        for record in records:
            doc = Document(text=record["text"], language=language, channel=api_channel(record))
            summary, found = readability.analyze(doc)
            counts["texts"] += 1
            counts["with a number"] += summary["lix"] is not None or summary["flesch_reading_ease"] is not None
            counts["LIX shown on English"] += language == "en" and summary["lix"] is not None
            counts["with a band"] += summary["band"] is not None
            counts["band finding"] += any(f.category == "readability" for f in found)
            counts["under 40 words with a band"] += summary["band"] is not None and summary["words"] < 40
            counts["number off the 0-100 scale"] += (summary["flesch_reading_ease"] or 50) > 100 or \
                (summary["flesch_reading_ease"] or 50) < 0
        print(f"readability {name}: {dict(counts)}")


def main() -> None:
    """Print the measurements."""
    if "--corpus" in sys.argv:
        spellers, problems = load_spellers()
        corpus_spelling(OfflineSpelling(spellers))
        typo_sets(spellers)
        corpus_readability()
        new_word_cost()
        return
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
