"""Measure the language-model checks (analysis/model_check.py) on real replies, without any model.

    python scripts/measure_model_checks.py               # every reply of the corpus and the labelled drafts
    python scripts/measure_model_checks.py --limit 300   # a quicker look

Three figures per reply set, as markdown:

1. The original offered back as its own candidate: the checks that guard facts (`facts`, `promises`,
   `language`, `length`, `channel`, `profanity`) must never refuse it — any refusal is a false alarm.
2. The rule-based rewrite offered as a candidate (it never touches a protected token): how often each
   check refuses it. `facts`/`promises` refusals here are false alarms of the checks or real changes by
   the rules, worth reading; `findings`/`acknowledgement` refusals are what the rules could not fix.
3. Fact mutations of real replies: one protected token (number, amount, date, time, link, address,
   reference, name) dropped or altered at random (fixed seed); every one must be refused.

Danish prose sentences (not replies) widen the Danish figures 1 and 3. The corpus of real replies is read from `<repo>/../shared/corpora/` (or `--corpus DIR`); grammar is off
(the spelling re-check needs the offline dictionaries and is measured by the rewrite's own script).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "server"))
sys.path.insert(0, str(ROOT / "scripts"))

from klarsvar.analysis import CheckRequest, analyze  # noqa: E402
from klarsvar.analysis import model_check  # noqa: E402
from klarsvar.analysis.document import Document  # noqa: E402
from measure_rewrite import corpus_dir, corpus_items, labelled_drafts  # noqa: E402

FACT_GUARDS = ("facts", "promises", "language", "length", "channel", "profanity")
MUTATED_KINDS = ("number", "amount", "date", "time", "url", "email", "reference", "name")


def document_of(item: dict) -> Document:
    """The reply as the server would see it."""
    return Document(text=item["text"], language=item["language"], channel=item["channel"],
                    customer_message=item["customer"], language_source="request")


def mutate(text: str, fact: model_check.Fact, rng: random.Random) -> str:
    """The text with `fact` dropped or altered (a digit changed, a name swapped) wherever it stands: a
    fact said twice and kept once is still kept."""
    digits = [i for i, ch in enumerate(fact.text) if ch.isdigit()]
    if digits and rng.random() < 0.5:
        i = rng.choice(digits)
        altered = fact.text[:i] + str((int(fact.text[i]) + rng.randint(1, 9)) % 10) + fact.text[i + 1:]
    elif fact.kind == "name" and rng.random() < 0.5:
        altered = "Morgan" if fact.text != "Morgan" else "Robin"
    else:
        altered = ""
    return text.replace(fact.text, altered)


def measure(items: list[dict], seed: int) -> dict:
    """The three figures over `items`."""
    rng = random.Random(seed)
    own, rules, mutations = Counter(), Counter(), Counter()
    counts = Counter()
    examples: dict[str, list[str]] = {}
    for item in items:
        if not item["text"].strip():
            continue
        analysis = analyze(CheckRequest(text=item["text"], language=item["language"], channel=item["channel"],
                                        customer_message=item["customer"], grammar=False))
        doc = document_of(item)
        counts["replies"] += 1
        verdict = model_check.verify(doc, analysis.findings, analysis.empathy, item["text"])
        for check in {r.check for r in verdict.refusals} & set(FACT_GUARDS):
            own[check] += 1
            examples.setdefault(f"own:{check}", []).append(item["id"])
        rewrite = analysis.rewrite
        if rewrite and rewrite["text"] != item["text"]:
            counts["rewritten"] += 1
            verdict = model_check.verify(doc, analysis.findings, analysis.empathy, rewrite["text"])
            checks = {r.check for r in verdict.refusals}
            rules.update(checks)
            if not checks:
                rules["accepted"] += 1
            for r in verdict.refusals:
                if r.check in ("facts", "promises"):
                    examples.setdefault(f"rules:{r.check}", []).append(f"{item['id']}: {r.detail}")
        facts = [f for f in model_check.facts_of(doc, analysis.findings) if f.kind in MUTATED_KINDS]
        if facts:
            fact = rng.choice(facts)
            candidate = mutate(item["text"], fact, rng)
            if candidate != item["text"]:
                counts["mutated"] += 1
                verdict = model_check.verify(doc, analysis.findings, analysis.empathy, candidate)
                refused = {r.check for r in verdict.refusals} & {"facts", "promises"}
                mutations["refused" if refused else "passed"] += 1
                if not refused:
                    examples.setdefault("mutation passed", []).append(f"{item['id']}: {fact.kind} {fact.text!r}")
    return {"counts": counts, "own": own, "rules": rules, "mutations": mutations, "examples": examples}


def report(name: str, result: dict) -> list[str]:
    """Markdown lines for one reply set."""
    c = result["counts"]
    lines = [f"### {name}", "", f"- replies: {c['replies']}"]
    false_alarms = sum(result["own"].values())
    lines.append(f"- the original as its own candidate, refused by a fact guard: {false_alarms} "
                 f"({', '.join(f'{k} {v}' for k, v in sorted(result['own'].items())) or 'none'})")
    rules = result["rules"]
    lines.append(f"- rule-based rewrites as candidates: {c['rewritten']}, accepted by every check {rules['accepted']}; "
                 "refused by " + ", ".join(f"{k} {rules[k]}" for k in model_check.CHECKS if rules[k]))
    m = result["mutations"]
    lines.append(f"- fact mutations (one token dropped or altered): {c['mutated']}, refused {m['refused']}, "
                 f"passed {m['passed']}")
    for key, values in sorted(result["examples"].items()):
        lines.append(f"  - {key}: {len(values)}" + (f" — e.g. {'; '.join(values[:3])}" if values else ""))
    return lines + [""]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", help="folder with en_replies.jsonl and da_replies.jsonl")
    parser.add_argument("--limit", type=int, help="at most this many replies per corpus file")
    parser.add_argument("--seed", type=int, default=19)
    args = parser.parse_args(argv)
    started = time.monotonic()
    corpus = corpus_items(corpus_dir(args.corpus), args.limit)
    folder = corpus_dir(args.corpus)
    prose = []
    if folder is not None and (folder / "da_prose.jsonl").exists():
        rows = [json.loads(line) for line in (folder / "da_prose.jsonl").read_text(encoding="utf-8").splitlines()
                if line.strip()][:args.limit]
        prose = [{"id": r["id"], "language": "da", "channel": "email", "text": r["text"], "customer": None,
                  "source": "corpus"} for r in rows]
    sets = {
        "English real replies": [i for i in corpus if i["language"] == "en"],
        "Danish real answers": [i for i in corpus if i["language"] == "da"],
        "Danish prose sentences": prose,
        "Labelled drafts (da + en)": labelled_drafts(),
    }
    lines = []
    for name, items in sets.items():
        if items:
            lines += report(name, measure(items, args.seed))
    lines.append(f"_{time.monotonic() - started:.0f} s, seed {args.seed}._")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
