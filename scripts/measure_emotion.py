#!/usr/bin/env python3
"""Measure how the customer's emotion and the acknowledgement verdict agree with labelled paired replies.

Usage (from the repo root):

    .venv/bin/python scripts/measure_emotion.py                      # the labelled sets in tests/data/
    .venv/bin/python scripts/measure_emotion.py --blind SAMPLE.json LABELS.json NAME [...]
        # also a blind-labelled sample: {"items": [{"id", "channel", "customer_message", "reply"}]} and
        # [{"id", "upset", "emotion", "acknowledges"}] (the form a separate judge returns)
    .venv/bin/python scripts/measure_emotion.py --errors             # list every disagreement

Per set it prints: upset customers read as non-neutral (recall), calm customers read as upset (false
upset), the emotion confusion, and the acknowledgement verdict's agreement in both directions. The texts
come from the shared corpus of real replies (`<repo>/../shared/corpora`, or `--corpus DIR`); only the
empathy stage runs (no grammar, no rewrite), so a few hundred replies take seconds.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "server"))

LABELS = ROOT / "tests" / "data" / "labels"
DEV_LABELS = ROOT / "tests" / "data" / "dev_labels"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora"
CHANNELS = {"tweet": "chat", "chat": "chat", "faq": "email", "prose": "email"}
UPSET = {"frustrated", "worried", "angry", "sad", "disappointed"}


def labelled_sets(corpus: Path) -> dict[str, list[dict]]:
    """The paired replies labelled in tests/data/: name -> [{id, channel, customer, reply, label}]."""
    rows = {}
    for name in ("en_replies.jsonl", "da_replies.jsonl"):
        path = corpus / name
        if path.exists():
            for line in path.open(encoding="utf-8"):
                rec = json.loads(line)
                rows[rec["id"]] = rec
    sample = yaml.safe_load((LABELS / "sample.yaml").read_text(encoding="utf-8")) or {}
    fresh = set(sample.get("en_fresh_paired") or [])
    sets: dict[str, list[dict]] = {"labels": [], "labels_fresh": []}
    for label in yaml.safe_load((LABELS / "replies_en.yaml").read_text(encoding="utf-8")) or []:
        rec = rows.get(label["id"])
        if rec and rec.get("customer"):
            sets["labels_fresh" if label["id"] in fresh else "labels"].append(_item(rec, label))
    da_labels = LABELS / "replies_da.yaml"
    if da_labels.exists():
        sets["labels_da"] = [_item(rows[lab["id"]], lab) for lab in yaml.safe_load(da_labels.read_text(encoding="utf-8")) or []
                             if lab["id"] in rows and rows[lab["id"]].get("customer")]
    # Blind-labelled draws kept as sets of their own ("blind_round4_test_paired.yaml" -> "blind_round4_test").
    for path in sorted(LABELS.glob("blind_*_paired.yaml")):
        sets[path.stem.removesuffix("_paired")] = [_item(rows[lab["id"]], lab)
                                                  for lab in yaml.safe_load(path.read_text(encoding="utf-8")) or []
                                                  if lab["id"] in rows and rows[lab["id"]].get("customer")]
    for path in sorted(DEV_LABELS.glob("replies_en_*.yaml")):
        name = "dev_" + path.stem.rsplit("_", 1)[-1]
        sets[name] = [_item(rows[lab["id"]], lab) for lab in yaml.safe_load(path.read_text(encoding="utf-8")) or []
                      if lab["id"] in rows and rows[lab["id"]].get("customer")]
    return sets


def _item(rec: dict, label: dict) -> dict:
    return {"id": rec["id"], "channel": CHANNELS.get(rec.get("channel"), "email"), "customer": rec["customer"],
            "reply": rec["text"], "label": label}


def blind_set(sample_path: str, labels_path: str) -> list[dict]:
    """A blind-labelled sample and its labels as items."""
    sample = json.loads(Path(sample_path).read_text(encoding="utf-8"))
    labels = {lab["id"]: lab for lab in json.loads(Path(labels_path).read_text(encoding="utf-8"))}
    items = sample["items"] if isinstance(sample, dict) else sample
    return [{"id": it["id"], "channel": CHANNELS.get(it.get("channel"), "email"), "customer": it["customer_message"],
             "reply": it["reply"], "label": labels[it["id"]]} for it in items if it["id"] in labels]


def predict(items: list[dict]) -> dict[str, dict]:
    """id -> the empathy summary of the reply checked with its customer message (no grammar, no rewrite)."""
    from klarsvar.analysis.pipeline import CheckRequest, analyze

    out = {}
    for it in items:
        request = CheckRequest(text=it["reply"], language="auto", channel=it["channel"],
                               customer_message=it["customer"], rewrite=False, grammar=False)
        out[it["id"]] = analyze(request).empathy
    return out


def score(items: list[dict], predicted: dict[str, dict]) -> dict:
    """Upset recall, false upset on calm customers, emotion confusion and acknowledgement agreement."""
    upset = [it for it in items if it["label"].get("upset")]
    calm = [it for it in items if not it["label"].get("upset")]

    def emotion(it):
        return predicted[it["id"]].get("customer_emotion") or "neutral"

    ack_yes = [it for it in items if it["label"].get("acknowledges")]
    ack_no = [it for it in items if not it["label"].get("acknowledges")]
    return {
        "n": len(items),
        "upset": len(upset),
        "upset_read_upset": sum(1 for it in upset if emotion(it) in UPSET),
        "upset_non_neutral": sum(1 for it in upset if emotion(it) != "neutral"),
        "calm": len(calm),
        "calm_read_upset": sum(1 for it in calm if emotion(it) in UPSET),
        "happy": sum(1 for it in items if it["label"].get("emotion") == "happy"),
        "happy_read_happy": sum(1 for it in items if it["label"].get("emotion") == "happy" and emotion(it) == "happy"),
        "ack_agree": sum(1 for it in items if bool(predicted[it["id"]].get("acknowledges")) == bool(it["label"].get("acknowledges"))),
        "ack_yes": len(ack_yes), "ack_yes_agree": sum(1 for it in ack_yes if predicted[it["id"]].get("acknowledges")),
        "ack_no": len(ack_no), "ack_no_agree": sum(1 for it in ack_no if not predicted[it["id"]].get("acknowledges")),
        "confusion": Counter((it["label"].get("emotion", "neutral"), emotion(it)) for it in items),
    }


def _pct(a: int, b: int) -> str:
    return f"{a}/{b} ({100.0 * a / b:.0f} %)" if b else f"{a}/{b}"


def report(name: str, s: dict) -> str:
    """One set's figures as text."""
    lines = [f"{name} (n={s['n']}):",
             f"  upset read non-neutral {_pct(s['upset_non_neutral'], s['upset'])}; read upset {_pct(s['upset_read_upset'], s['upset'])}",
             f"  calm read upset (false upset) {_pct(s['calm_read_upset'], s['calm'])}; happy read happy {_pct(s['happy_read_happy'], s['happy'])}",
             f"  acknowledgement agrees {_pct(s['ack_agree'], s['n'])}: labelled yes {_pct(s['ack_yes_agree'], s['ack_yes'])}, "
             f"labelled no {_pct(s['ack_no_agree'], s['ack_no'])}"]
    return "\n".join(lines)


def errors(items: list[dict], predicted: dict[str, dict]) -> str:
    """Every disagreement: emotion misses (upset read neutral, calm read upset) and acknowledgement both ways."""
    out = []
    for it in items:
        p, lab = predicted[it["id"]], it["label"]
        got = p.get("customer_emotion") or "neutral"
        tags = []
        if lab.get("upset") and got == "neutral":
            tags.append(f"MISSED-UPSET({lab.get('emotion')})")
        if not lab.get("upset") and got in UPSET:
            tags.append(f"FALSE-UPSET({got})")
        if bool(p.get("acknowledges")) != bool(lab.get("acknowledges")):
            tags.append("ACK-" + ("MISSED" if lab.get("acknowledges") else "FALSE"))
        if tags:
            out.append(f"- {it['id']} {' '.join(tags)} label={lab.get('emotion')} got={got}\n"
                       f"    C: {it['customer'][:400]!r}\n    R: {it['reply'][:400]!r}"
                       + (f"\n    why: {lab.get('reason')}" if lab.get("reason") else ""))
    return "\n".join(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    parser.add_argument("--blind", nargs=3, action="append", default=[], metavar=("SAMPLE", "LABELS", "NAME"))
    parser.add_argument("--only", action="append", default=[], help="only these sets (names)")
    parser.add_argument("--errors", action="store_true", help="list the disagreements")
    parser.add_argument("--json", help="write the figures as JSON to this file")
    args = parser.parse_args(argv)
    sets = labelled_sets(Path(args.corpus))
    for sample, labels, name in args.blind:
        sets[name] = blind_set(sample, labels)
    if args.only:
        sets = {k: v for k, v in sets.items() if k in args.only}
    figures = {}
    for name, items in sets.items():
        predicted = predict(items)
        s = score(items, predicted)
        figures[name] = {k: v for k, v in s.items() if k != "confusion"}
        print(report(name, s))
        if args.errors:
            print(errors(items, predicted))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
