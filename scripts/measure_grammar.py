"""Measure Klarsvar's offline grammar (issue 20): the English and Danish test sets, false alarms on real text,
the labelled sample of findings on real English replies, and the time of a 300-word check.

Run: .venv/bin/python scripts/measure_grammar.py [--english] [--danish] [--corpus] [--speed] [--unlabelled]
(no flag: all). The corpora are read from ../shared/corpora/ beside the repository (or KLARSVAR_CORPORA);
without them the corpus figures are skipped. Nothing from the corpora is written anywhere.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "server"))

from klarsvar.analysis import rules  # noqa: E402
from klarsvar.analysis.document import Document  # noqa: E402
from klarsvar.analysis.grammar import GrammarSettings, create_service, split_paragraphs  # noqa: E402
from klarsvar.analysis.grammar.offline import OfflineGrammar  # noqa: E402
from klarsvar.analysis.grammar.spelling import SpellingContext  # noqa: E402

DATA = ROOT / "tests" / "data"
CORPORA = Path(os.environ.get("KLARSVAR_CORPORA", ROOT.parent / "shared" / "corpora"))


def load_marked(path: Path) -> list[dict]:
    """Sentences with one error marked [[like this]]: class, bad text, error span, corrected text."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        marked = item["marked"]
        start = marked.index("[[")
        end = marked.index("]]") - 2
        out.append({**item, "bad": marked.replace("[[", "").replace("]]", ""), "span": (start, end)})
    return out


_GRAMMAR = None


def offline_grammar() -> OfflineGrammar:
    """One started offline grammar engine, its Harper linters built."""
    global _GRAMMAR
    if _GRAMMAR is None:
        _GRAMMAR = OfflineGrammar()
        _GRAMMAR.preload()
        deadline = time.monotonic() + 30
        while not (_GRAMMAR.harper.loaded("american") and _GRAMMAR.harper.loaded("british")) \
                and time.monotonic() < deadline:
            time.sleep(0.05)
    return _GRAMMAR


def grammar_findings(text: str, language: str, *, channel: str = "email", customer: str | None = None) -> list:
    """Every offline grammar finding for `text`: Klarsvar's rules of the language's grammar family (Danish
    rules run in the rules stage), repeated words, English offline rules and Harper."""
    doc = Document(text=text, language=language, channel=channel, customer_message=customer)
    context = SpellingContext.from_document(doc)
    spans = [(base, base + len(part)) for base, part in split_paragraphs(text)]
    found, _ = offline_grammar().check(doc, spans, context, time.monotonic() + 10)
    if language == "da":
        found += [f for f in rules.check(doc) if f.rule.startswith("da.grammar.")]
    return found


def evaluate_marked(items: list[dict], language: str) -> dict:
    """Caught (a grammar finding over the marked words), fixed (its first replacement gives the corrected
    sentence), false alarms on the corrected sentences, misses."""
    caught, false_alarms, misses, alarms = 0, 0, [], []
    first_right = 0
    for item in items:
        start, end = item["span"]
        hits = [f for f in grammar_findings(item["bad"], language) if f.start < end and start < f.end]
        if hits:
            caught += 1
            if any(f.replacements and rules.apply_first_replacement(item["bad"], f) == item["good"] for f in hits):
                first_right += 1
        else:
            misses.append(item)
        wrong = grammar_findings(item["good"], language)
        if wrong:
            false_alarms += 1
            alarms.append((item["good"], [f.rule for f in wrong]))
    return {"n": len(items), "caught": caught, "false_alarms": false_alarms, "misses": misses, "alarms": alarms,
            "first_right": first_right}


def _print_marked(name: str, result: dict) -> None:
    n = result["n"]
    print(f"{name}: {result['caught']}/{n} caught ({100 * result['caught'] / n:.1f} %), "
          f"{result['false_alarms']}/{n} corrected sentences flagged ({100 * result['false_alarms'] / n:.1f} %)")
    by_class = collections.Counter(i["class"] for i in result["misses"])
    if by_class:
        print("  missed by class:", dict(by_class))
    for item in result["misses"]:
        print("  MISS", item["class"], item["bad"])
    for text, which in result["alarms"]:
        print("  FALSE ALARM", which, text)


def corpus_records(name: str) -> list[dict]:
    """The records of one corpus file, or [] when the corpora are absent."""
    path = CORPORA / name
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def corpus_findings(records: list[dict], language: str) -> tuple[int, list[tuple[str, object]]]:
    """(words, [(record id, finding)]) of the offline grammar over real text."""
    words, out = 0, []
    for record in records:
        text = record["text"]
        words += len(text.split())
        channel = "chat" if record.get("channel") in ("chat", "tweet") else "email"
        for f in grammar_findings(text, language, channel=channel, customer=record.get("customer")):
            out.append((record["id"], f))
    return words, out


def load_labels() -> dict[tuple, bool]:
    """Hand labels of the English corpus findings: (record id, rule, start, end) → correct."""
    path = DATA / "grammar_en_replies_labels.jsonl"
    labels = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            labels[(item["id"], item["rule"], item["start"], item["end"])] = item["correct"]
    return labels


def measure_corpus(show_unlabelled: bool) -> None:
    records = corpus_records("en_replies.jsonl")
    if not records:
        print("English corpus: absent, skipped")
    else:
        words, found = corpus_findings(records, "en")
        per_rule = collections.Counter(f.rule for _, f in found)
        print(f"English replies: {len(records)} replies, {words} words, {len(found)} grammar findings "
              f"= {1000 * len(found) / words:.2f} per 1,000 words")
        for rule, n in per_rule.most_common():
            print(f"  {n:3d} {rule}")
        labels = load_labels()
        verdicts = [labels.get((rid, f.rule, f.start, f.end)) for rid, f in found]
        labelled = [v for v in verdicts if v is not None]
        if labelled:
            print(f"  labelled: {len(labelled)}/{len(found)} findings, {sum(labelled)} correct "
                  f"({100 * sum(labelled) / len(labelled):.0f} %)")
        if show_unlabelled:
            texts = {r["id"]: r["text"] for r in records}
            for (rid, f), v in zip(found, verdicts):
                if v is None:
                    t = texts[rid]
                    print("  UNLABELLED", json.dumps({"id": rid, "rule": f.rule, "start": f.start, "end": f.end}),
                          repr(t[max(0, f.start - 60):f.end + 40]), f.replacements[:2])
    records = corpus_records("da_prose.jsonl") + corpus_records("da_replies.jsonl")
    if records:
        words, found = corpus_findings(records, "da")
        print(f"Danish prose and help pages: {len(records)} texts, {words} words, {len(found)} grammar findings "
              f"= {1000 * len(found) / words:.2f} per 1,000 words")
        for rid, f in found:
            print("  ", f.rule, repr(f.text), f.replacements[:2])


def measure_speed() -> None:
    """A 300-word English and Danish check through the grammar service with both offline engines."""
    service = create_service(GrammarSettings(mode="local"))
    service.start()
    offline_grammar()
    english = ("Thanks for getting in touch about your order. I'm sorry the parcel has not arrived yet. I have "
               "checked with the courier and it is on its way to you now; it should arrive on Thursday. ") * 8
    danish = ("Tak for din besked om din ordre. Jeg er ked af, at pakken ikke er kommet endnu. Jeg har talt med "
              "fragtfirmaet, og den er på vej til dig nu; den bør være fremme på torsdag. ") * 8
    for language, text in (("en", english), ("da", danish)):
        words = len(text.split())
        doc = Document(text=text, language=language)
        service.check(doc)  # the first check loads the dictionaries
        times = []
        for _ in range(20):
            t0 = time.perf_counter()
            service.check(Document(text=text.replace("Thursday", f"Thursday {len(times)}"), language=language))
            times.append(time.perf_counter() - t0)
        times.sort()
        print(f"{language}: {words} words, grammar+spelling median {1000 * statistics.median(times):.0f} ms, "
              f"p95 {1000 * times[int(0.95 * len(times)) - 1]:.0f} ms")
    service.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for flag in ("english", "danish", "corpus", "speed", "unlabelled"):
        parser.add_argument(f"--{flag}", action="store_true")
    args = parser.parse_args()
    everything = not (args.english or args.danish or args.corpus or args.speed)
    if args.english or everything:
        _print_marked("English test set", evaluate_marked(load_marked(DATA / "grammar_en_sentences.jsonl"), "en"))
        _print_marked("English held-out set", evaluate_marked(load_marked(DATA / "grammar_en_holdout.jsonl"), "en"))
    if args.danish or everything:
        result = evaluate_marked(load_marked(DATA / "grammar_da_sentences.jsonl"), "da")
        _print_marked("Danish test set", result)
        print(f"  first replacement gives the corrected sentence: {result['first_right']}/{result['n']} "
              f"({100 * result['first_right'] / result['n']:.1f} %)")
    if args.corpus or args.unlabelled or everything:
        measure_corpus(args.unlabelled)
    if args.speed or everything:
        measure_speed()


if __name__ == "__main__":
    main()
