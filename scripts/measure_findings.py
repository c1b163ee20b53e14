#!/usr/bin/env python3
"""Measure the findings on the shared corpus of real replies against the labelled set (issue 14).

Usage (from the repo root):

    .venv/bin/python scripts/measure_findings.py               # run, join with the labels, print
    .venv/bin/python scripts/measure_findings.py --write       # … and write docs/quality/findings.md
    .venv/bin/python scripts/measure_findings.py --unlabelled /tmp/todo.txt   # findings still to label
    .venv/bin/python scripts/measure_findings.py --import-blind SAMPLE.json LABELS.json NAME --write
        # add a separate judge's labels of a blind sample (items "<id>#<k>" with rule, category, flagged_text;
        # labels [{"id", "label", "note"}]) as finding labels and `blind_NAME` in sample.yaml, then measure

It runs the pipeline (offline grammar: the builtin Hunspell speller, never LanguageTool; no rewrite) over
every reply of the shared corpus (`<repo>/../shared/corpora`, or `--corpus DIR`), joins the findings with
the labels in `tests/data/labels/` (see GUIDELINES.md there) and reports:

- precision (correct / debatable / false alarm), overall on the random sample of replies (the natural mix
  of categories) and per category on every labelled finding (random sample plus oversampled replies);
- findings in the sampled replies that have no label yet (every spelling flag on the English replies is
  labelled, not a sample);
- spelling flags per 1,000 words on all English replies, and the labelled share that are real typos;
- missing-acknowledgement rate on English replies without a customer message;
- on the labelled paired replies: upset customers read as non-neutral, acknowledgement verdict agreement,
  recall of the labelled clear problems;
- Danish prose: findings per 1,000 words, and per-category false alarms on its labelled sample.

A label is keyed by corpus id + rule + flagged text + occurrence (the n-th finding with that rule and
text in the reply). When a rule was renamed, a label with the same id, category, text and occurrence
still joins (counted as "joined by category").
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "server"))

LABELS = ROOT / "tests" / "data" / "labels"
DEV_LABELS = ROOT / "tests" / "data" / "dev_labels"
DOC = ROOT / "docs" / "quality" / "findings.md"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora"
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
VERDICTS = ("correct", "debatable", "false_alarm")
CHANNELS = {"tweet": "chat", "chat": "chat", "faq": "email", "prose": "email"}

# Which finding categories count as flagging a labelled problem kind (reply labels, for recall).
PROBLEM_CATEGORIES = {
    "stock_sympathy": {"sympathy", "apologies"},
    "repeated_apologies": {"apologies", "sympathy"},
    "jargon": {"internal_language", "plain_language"},
    "negative_phrasing": {"negative_phrasing"},
    "missing_acknowledgement": {"missing_acknowledgement"},
    "standard_answer": {"standard_answer"},
    "typo": {"spelling", "grammar"},
    "passive": {"passive", "nominal_style"},
    "long_sentence": {"long_sentence", "readability"},
}


# ----------------------------------------------------------------------------------------------- corpus

def corpus_dir(explicit: str | None = None) -> Path | None:
    path = Path(explicit) if explicit else DEFAULT_CORPUS
    return path if (path / "en_replies.jsonl").exists() else None


def load_corpus(directory: Path) -> dict[str, list[dict]]:
    out = {}
    for name in ("en_replies", "da_replies", "da_prose"):
        path = directory / f"{name}.jsonl"
        out[name] = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return out


def words(text: str) -> int:
    return len(WORD.findall(text or ""))


# --------------------------------------------------------------------------------------------- pipeline

def offline_grammar(wait_seconds: float = 60.0):
    """The grammar service in builtin mode (Hunspell spelling plus whatever offline grammar the service has),
    never LanguageTool: it is looked for in an empty folder. Waits until every offline engine is ready, so
    a run does not depend on how fast the engines start."""
    from klarsvar.analysis.grammar import GrammarSettings, create_service

    empty = tempfile.mkdtemp(prefix="klarsvar-no-lt-")
    service = create_service(GrammarSettings(mode="local", budget_seconds=30.0, languagetool_dir=empty))
    service.start()
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        status = service.status()
        engines = [e for e in status.get("engines", []) if e.get("languages") and e.get("name") != "languagetool"]
        if status.get("ready") and status.get("engine") != "languagetool" and all(e.get("ready") for e in engines):
            break
        time.sleep(0.2)
    from klarsvar.analysis.pipeline import CheckRequest, analyze

    for language, text in (("en", "Thanks for you're message, we has sent it."), ("da", "Tak for din besked.")):
        analyze(CheckRequest(text=text, language=language, rewrite=False), grammar_checker=service)  # warm up
    return service


def _long_sentence_words() -> int:
    """The limit of the long-sentence finding (words), as the readability stage has it."""
    from klarsvar.analysis.readability import LONG_SENTENCE_WORDS
    return LONG_SENTENCE_WORDS


def check_records(records: list[dict], grammar=None) -> dict[str, dict]:
    """Run the pipeline over `records`; id -> {findings: [...], empathy: {...}, words, language}."""
    from klarsvar.analysis.pipeline import CheckRequest, analyze

    close = grammar is None
    grammar = grammar or offline_grammar()
    results = {}
    try:
        for rec in records:
            request = CheckRequest(text=rec["text"], language="auto", channel=CHANNELS.get(rec["channel"], "email"),
                                   customer_message=rec.get("customer"), rewrite=False)
            analysis = analyze(request, grammar_checker=grammar)
            # The speller judges new words within a small per-check budget and finishes them in the background
            # for the next check (as the extension re-checks while the agent types): measure what the agent sees
            # once it settles, by checking again until the grammar result is complete (a few tries).
            for _ in range(8):
                if analysis.grammar.complete:
                    break
                time.sleep(0.25)
                analysis = analyze(request, grammar_checker=grammar)
            seen: Counter = Counter()
            findings = []
            for f in analysis.findings:
                text = f.text or ""
                n = seen[(f.rule, text)]
                seen[(f.rule, text)] += 1
                findings.append({"rule": f.rule, "category": f.category, "text": text, "n": n,
                                 "start": f.start, "end": f.end, "message": f.message,
                                 "replacements": list(f.replacements)[:3], "severity": f.severity})
            results[rec["id"]] = {"findings": findings, "empathy": analysis.empathy, "language": analysis.language,
                                  "words": words(rec["text"]), "grammar_complete": analysis.grammar.complete}
    finally:
        if close:
            grammar.close()
    return results


# ----------------------------------------------------------------------------------------------- labels

def _yaml(path: Path):
    import yaml

    if not path.exists():
        return None
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def load_labels(directory: Path = LABELS) -> dict:
    """{'sample': {...}, 'findings': [...], 'replies': {id: {...}}}"""
    sample = _yaml(directory / "sample.yaml") or {}
    findings = []
    for name in ("findings_en.yaml", "findings_da.yaml"):
        findings += _yaml(directory / name) or []
    replies = {r["id"]: r for r in (_yaml(directory / "replies_en.yaml") or [])}
    replies.update({r["id"]: r for r in (_yaml(directory / "replies_da.yaml") or [])})
    # Every round of blind re-judgement, oldest first: a later round's label of the same finding and replacement wins.
    rejudged = []
    for path in sorted(directory.glob("rejudged_round*_en.yaml"), key=_round_number):
        rejudged += [{**lab, "round": _round_number(path)} for lab in (_yaml(path) or [])]
    return {"sample": sample, "findings": findings, "replies": replies, "rejudged": rejudged}


def _round_number(path: Path) -> int:
    """5 for rejudged_round5_en.yaml."""
    m = re.search(r"round(\d+)", path.name)
    return int(m.group(1)) if m else 0


def join(results: dict[str, dict], labels: list[dict]) -> tuple[list[tuple[dict, dict, str]], list[tuple[str, dict]]]:
    """(labelled: [(finding, label, how)], unlabelled: [(id, finding)]) over the replies in `results`."""
    by_rule = {_label_key(lab): lab for lab in labels}
    by_cat = defaultdict(list)
    for lab in labels:
        by_cat[(lab["id"], lab["category"], lab.get("text") or "", lab.get("n", 0))].append(lab)
    labelled, unlabelled = [], []
    for rid, res in results.items():
        for f in res["findings"]:
            lab = by_rule.get((rid, f["rule"], f["text"], f["n"]))
            if lab is not None:
                labelled.append((f, lab, "rule"))
                continue
            cands = by_cat.get((rid, f["category"], f["text"], f["n"]))
            if cands:
                labelled.append((f, cands[0], "category"))
            else:
                unlabelled.append((rid, f))
    return labelled, unlabelled


def tally(items) -> dict:
    c = Counter(lab["verdict"] for _f, lab, _h in items)
    n = sum(c.values())
    return {"n": n, **{v: c[v] for v in VERDICTS},
            **{f"{v}_pct": (100.0 * c[v] / n if n else None) for v in VERDICTS}}


def _label_key(lab: dict) -> tuple:
    """A finding label's key: corpus id, rule, flagged text and occurrence."""
    return lab["id"], lab["rule"], lab.get("text") or "", lab.get("n", 0)


def rejudged_tally(results: dict[str, dict], rejudged: list[dict], random_ids: set) -> dict:
    """The blind re-judgement rounds on what the code finds today: a label counts while the finding is still
    produced with the replacement the judge saw; a finding whose replacement changed since is stale."""
    current, stale = [], []
    # A finding may have been judged with more than one replacement (re-judged when it changed): the label whose
    # replacement is today's counts.
    by_version = {(*_label_key(lab), lab.get("replacement")): lab for lab in rejudged}
    judged_ids = {lab["id"] for lab in rejudged}
    labelled, _unlabelled = join({rid: res for rid, res in results.items() if rid in judged_ids}, rejudged)
    for f, lab, how in labelled:
        judged = by_version.get((*_label_key(lab), (f.get("replacements") or [None])[0]))
        (current if judged is not None else stale).append((f, judged or lab, how))
    produced = {_label_key(lab) for _f, lab, _h in labelled}
    findings = {_label_key(lab): lab for lab in rejudged}
    gone = [lab for key, lab in findings.items() if key not in produced]
    rounds = sorted({lab.get("round", 0) for _f, lab, _h in current})
    return {"rounds": rounds, "all": tally(current), "random": tally([x for x in current if x[1]["id"] in random_ids]),
            "by_category": {cat: tally([x for x in current if x[0]["category"] == cat])
                            for cat in sorted({x[0]["category"] for x in current})},
            "stale": len(stale), "gone": len(gone), "gone_by_verdict": dict(Counter(lab["verdict"] for lab in gone)),
            "labels": len(findings)}


# ---------------------------------------------------------------------------------------------- measure

def measure(corpus: dict[str, list[dict]], labels: dict, *, full: bool = True, grammar=None,
            results: dict | None = None) -> dict:
    """Every number of the report. `full=False` checks only the labelled replies (the regression test);
    `results` (id -> result, as `check_records` returns) measures a saved run instead of checking again."""
    sample = labels["sample"]
    en_random = set(sample.get("en_paired", [])) | set(sample.get("en_unpaired_random", []))
    en_over = set(sample.get("en_oversample", []))
    en_paired = set(sample.get("en_paired", []))
    en_fresh = set(sample.get("en_fresh_paired", [])) | set(sample.get("en_fresh_unpaired", []))
    da_prose_sample = set(sample.get("da_prose", []))
    da_replies_ids = {r["id"] for r in corpus["da_replies"]}
    # Samples judged blind by a separate judge and imported with --import-blind (keys `blind_<name>`).
    blind = {key: set(ids or []) for key, ids in sample.items() if key.startswith("blind_") and isinstance(ids, list)}
    blind_ids = set().union(*blind.values()) if blind else set()
    labelled_ids = en_random | en_over | en_paired | en_fresh | da_prose_sample | da_replies_ids | blind_ids
    labelled_ids |= {lab["id"] for lab in labels["findings"]}
    labelled_ids |= {r["id"] for path in DEV_LABELS.glob("replies_en_*.yaml") for r in (_yaml(path) or [])}

    en = corpus["en_replies"] if full else [r for r in corpus["en_replies"] if r["id"] in labelled_ids]
    prose = corpus["da_prose"] if full else [r for r in corpus["da_prose"] if r["id"] in labelled_ids]
    t0 = time.perf_counter()
    if results is not None:
        res_en = {r["id"]: results[r["id"]] for r in en}
        res_da = {r["id"]: results[r["id"]] for r in corpus["da_replies"]}
        res_prose = {r["id"]: results[r["id"]] for r in prose}
    else:
        own = grammar is None
        grammar = grammar or offline_grammar()
        try:
            res_en = check_records(en, grammar)
            res_da = check_records(corpus["da_replies"], grammar)
            res_prose = check_records(prose, grammar)
        finally:
            if own:
                grammar.close()
    seconds = time.perf_counter() - t0

    out: dict = {"seconds": seconds, "replies_checked": len(en) + len(corpus["da_replies"]) + len(prose)}
    rec_by_id = {r["id"]: r for name in corpus for r in corpus[name]}

    # Findings precision: English random sample (natural mix) and every labelled finding by category.
    sampled = {rid: res_en[rid] for rid in (en_random | en_over | en_paired | en_fresh | blind_ids) if rid in res_en}
    sampled.update({rid: res_prose[rid] for rid in blind_ids if rid in res_prose})
    # The spelling census: every spelling flag on every English reply is labelled (the flags are few).
    for rid, res in res_en.items():
        if rid not in sampled:
            spelling_only = [f for f in res["findings"] if f["category"] == "spelling"]
            if spelling_only:
                sampled[rid] = {**res, "findings": spelling_only}
    sampled.update(res_da)
    sampled.update({rid: res_prose[rid] for rid in da_prose_sample if rid in res_prose})
    for rid, res in res_prose.items():  # the Danish prose spelling flags are a census too
        if rid not in sampled:
            spelling_only = [f for f in res["findings"] if f["category"] == "spelling"]
            if spelling_only:
                sampled[rid] = {**res, "findings": spelling_only}
    labelled, unlabelled = join(sampled, labels["findings"])
    en_labelled = [x for x in labelled if rec_by_id[x[1]["id"]]["language"] == "en"]
    random_labelled = [x for x in en_labelled if x[1]["id"] in en_random]
    out["overall_random"] = tally(random_labelled)
    out["random_replies"] = len(en_random)
    out["fresh"] = tally([x for x in en_labelled if x[1]["id"] in en_fresh])
    out["fresh_replies"] = len(en_fresh)
    out["blind"] = {key[len("blind_"):]: {**tally([x for x in labelled if x[1]["id"] in ids]), "replies": len(ids),
                                           "by_category": {cat: tally([x for x in labelled if x[1]["id"] in ids and x[0]["category"] == cat])
                                                           for cat in sorted({x[0]["category"] for x in labelled if x[1]["id"] in ids})}}
                    for key, ids in sorted(blind.items())}
    out["overall_pooled_en"] = tally(en_labelled)
    out["by_category_en"] = {cat: tally([x for x in en_labelled if x[0]["category"] == cat])
                             for cat in sorted({x[0]["category"] for x in en_labelled})}
    out["joined_by_category"] = sum(1 for x in labelled if x[2] == "category")
    out["rejudged"] = rejudged_tally(sampled, labels.get("rejudged") or [], en_random)
    # What a new round of blind re-judgement is shown (`--export-rejudge`): every English finding on the labelled replies.
    out["_rejudge_pool"] = {rid: res for rid, res in sampled.items()
                            if rid in (en_random | en_over | en_paired | en_fresh | blind_ids) and rid in res_en}
    # Findings labelled correct in some run that the code no longer produces on the same reply (lost help).
    joined_labels = {id(lab) for _f, lab, _h in labelled}
    checked = set(res_en) | set(res_da) | set(res_prose)
    now = defaultdict(list)  # (id, category) -> texts of the findings produced today
    for f, lab, _h in labelled:
        now[(lab["id"], f["category"])].append(f["text"])

    def _came_back(lab) -> bool:  # the same finding under a new span (a signature no longer counted in, …)
        text = lab.get("text") or ""
        return any(text and t and (t in text or text in t) for t in now.get((lab["id"], lab["category"]), []))

    lost = [lab for lab in labels["findings"] if lab["verdict"] == "correct" and lab["id"] in checked
            and id(lab) not in joined_labels and not _came_back(lab)]
    out["correct_labels"] = sum(1 for lab in labels["findings"] if lab["verdict"] == "correct" and lab["id"] in checked)
    out["correct_lost"] = len(lost)
    out["correct_lost_by_category"] = dict(Counter(lab["category"] for lab in lost))
    notes_by_category: dict = defaultdict(Counter)
    for f, lab, _how in labelled:
        if lab["verdict"] != "correct":
            notes_by_category[f["category"]][f"{lab['verdict'].replace('_', ' ')}: {lab.get('note') or 'no note'}"] += 1
    out["notes_by_category"] = notes_by_category
    out["unlabelled"] = len(unlabelled)
    out["unlabelled_by_category"] = dict(Counter(f["category"] for _rid, f in unlabelled))
    out["_unlabelled"] = unlabelled
    out["_results"] = {**res_en, **res_da, **res_prose}

    # Spelling on all English replies.
    en_words = sum(r["words"] for r in res_en.values())
    spelling = [(rid, f) for rid, r in res_en.items() for f in r["findings"] if f["category"] == "spelling"]
    out["en_replies"] = len(res_en)
    out["en_words"] = en_words
    out["spelling_flags"] = len(spelling)
    out["spelling_per_1000"] = 1000.0 * len(spelling) / en_words if en_words else None
    spell_lab = [x for x in en_labelled if x[0]["category"] == "spelling"]
    out["spelling_labelled"] = tally(spell_lab)
    # Real typos found so far (spelling labels judged correct) that the speller still flags today.
    en_ids = {r["id"] for r in en}
    typo_labels = [lab for lab in labels["findings"] if lab["category"] == "spelling" and lab["verdict"] == "correct"
                   and lab["id"] in en_ids]
    still = {(lab["id"], lab.get("text"), lab.get("n", 0)) for _f, lab, _h in spell_lab}
    out["real_typos_known"] = len(typo_labels)
    out["real_typos_still_flagged"] = sum(1 for lab in typo_labels if (lab["id"], lab.get("text"), lab.get("n", 0)) in still)
    out["language_not_en"] = sum(1 for r in res_en.values() if r["language"] != "en")
    out["grammar_incomplete"] = sum(1 for r in {**res_en, **res_da, **res_prose}.values() if not r.get("grammar_complete", True))

    # Missing acknowledgement without a customer message.
    no_customer = [r["id"] for r in en if not r.get("customer")]
    fired = sum(1 for rid in no_customer
                if any(f["category"] == "missing_acknowledgement" for f in res_en[rid]["findings"]))
    out["no_customer_replies"] = len(no_customer)
    out["no_customer_ack_fired"] = fired
    out["no_customer_ack_pct"] = 100.0 * fired / len(no_customer) if no_customer else None

    # Reply-level labels (English paired sample; the Danish replies are reported separately).
    reply_labels = labels["replies"]
    fresh_paired = set(sample.get("en_fresh_paired", []))
    for lang, pool in (("en", res_en), ("en_fresh", res_en), ("da", res_da)):
        ids = [rid for rid in reply_labels if rid in pool and rec_by_id[rid]["language"] == lang[:2]
               and (rid in fresh_paired) == (lang == "en_fresh")]
        upset = [rid for rid in ids if reply_labels[rid].get("upset")]
        non_neutral = [rid for rid in upset if (pool[rid]["empathy"].get("customer_emotion") or "neutral") != "neutral"]
        calm = [rid for rid in ids if not reply_labels[rid].get("upset")]
        calm_neutral = [rid for rid in calm if (pool[rid]["empathy"].get("customer_emotion") or "neutral") in ("neutral", "happy")]
        agree = [rid for rid in ids if bool(pool[rid]["empathy"].get("acknowledges")) == bool(reply_labels[rid].get("acknowledges"))]
        problems, hit = Counter(), Counter()
        missed = []
        for rid in ids:
            for p in reply_labels[rid].get("problems") or []:
                kind = p["kind"]
                problems[kind] += 1
                cats = PROBLEM_CATEGORIES.get(kind, {kind})
                span = p.get("text")
                ok = False
                for f in pool[rid]["findings"]:
                    if f["category"] not in cats:
                        continue
                    if not span or f["start"] is None:
                        ok = True
                        break
                    where = rec_by_id[rid]["text"].find(span)
                    if where < 0 or (f["start"] < where + len(span) and where < f["end"]):
                        ok = True
                        break
                if ok:
                    hit[kind] += 1
                else:
                    missed.append((rid, kind, span))
        confusion = Counter((reply_labels[rid].get("emotion", "neutral"),
                             pool[rid]["empathy"].get("customer_emotion") or "neutral") for rid in ids)
        out[f"replies_{lang}"] = {
            "confusion": dict(confusion),
            "n": len(ids), "upset": len(upset), "upset_non_neutral": len(non_neutral),
            "upset_non_neutral_pct": 100.0 * len(non_neutral) / len(upset) if upset else None,
            "calm": len(calm), "calm_read_neutral_or_happy": len(calm_neutral),
            "calm_neutral_pct": 100.0 * len(calm_neutral) / len(calm) if calm else None,
            "ack_agree": len(agree), "ack_agree_pct": 100.0 * len(agree) / len(ids) if ids else None,
            "ack_labelled_yes": sum(1 for rid in ids if reply_labels[rid].get("acknowledges")),
            "ack_predicted_yes": sum(1 for rid in ids if pool[rid]["empathy"].get("acknowledges")),
            "problems": sum(problems.values()), "problems_flagged": sum(hit.values()),
            "recall_pct": 100.0 * sum(hit.values()) / sum(problems.values()) if problems else None,
            "by_kind": {k: (hit[k], problems[k]) for k in sorted(problems)},
            "_missed": missed,
        }

    # The development batches (tests/data/dev_labels/): paired replies labelled blind when drawn, tuned on since.
    out["dev_sets"] = {}
    for path in sorted(DEV_LABELS.glob("replies_en_*.yaml")):
        rows = [r for r in (_yaml(path) or []) if r["id"] in res_en and rec_by_id[r["id"]].get("customer")]
        read = {r["id"]: res_en[r["id"]]["empathy"] for r in rows}
        upset = [r for r in rows if r.get("upset")]
        calm = [r for r in rows if not r.get("upset")]
        out["dev_sets"][path.stem.rsplit("_", 1)[-1].upper()] = {
            "n": len(rows), "upset": len(upset),
            "upset_non_neutral": sum(1 for r in upset if (read[r["id"]].get("customer_emotion") or "neutral") != "neutral"),
            "calm": len(calm),
            "calm_read_neutral_or_happy": sum(1 for r in calm if (read[r["id"]].get("customer_emotion") or "neutral") in ("neutral", "happy")),
            "ack_agree": sum(1 for r in rows if bool(read[r["id"]].get("acknowledges")) == bool(r.get("acknowledges"))),
        }

    # Danish prose.
    prose_words = sum(r["words"] for r in res_prose.values())
    prose_findings = [f for r in res_prose.values() for f in r["findings"]]
    out["typo_phrases"] = typo_phrases(corpus["en_replies"] + corpus["da_replies"], {**res_en, **res_da})
    out["prose_sentences"] = len(res_prose)
    out["prose_words"] = prose_words
    out["prose_findings"] = len(prose_findings)
    out["prose_per_1000"] = 1000.0 * len(prose_findings) / prose_words if prose_words else None
    out["prose_by_category"] = dict(Counter(f["category"] for f in prose_findings))
    # Long sentences are most of the Danish prose findings and are judged right (33+ words); the rest is what
    # the phrase rules add to general prose.
    rest = sum(1 for f in prose_findings if f["category"] != "long_sentence")
    # The guideline's rulings judge a Danish prose sentence of 33+ words correct and 26-32 debatable: split the
    # long-sentence findings by the word count their message gives.
    lengths = [int(n.group()) for f in prose_findings if f["category"] == "long_sentence"
               for n in [re.search(r"\d+", f.get("message") or "")] if n]
    out["prose_long_sentences_33_plus"] = sum(1 for n in lengths if n >= 33)
    out["prose_long_sentences_under_33"] = sum(1 for n in lengths if n < 33)
    out["prose_per_1000_without_long_sentences"] = 1000.0 * rest / prose_words if prose_words else None
    prose_ids = {r["id"] for r in corpus["da_prose"]}
    prose_lab = [x for x in labelled if x[1]["id"] in prose_ids]
    out["prose_labelled"] = tally(prose_lab)
    out["prose_labelled_by_category"] = {cat: tally([x for x in prose_lab if x[0]["category"] == cat])
                                         for cat in sorted({x[0]["category"] for x in prose_lab})}
    da_lab = [x for x in labelled if x[1]["id"] in da_replies_ids]
    out["da_replies_labelled"] = tally(da_lab)
    return out


# ----------------------------------------------------------------------------------------------- report

_PHRASE_WORD = re.compile(r"[^\W\d_]{6,}")


def _typo(word: str, k: int) -> str:
    """A one-letter slip in the middle of `word`, of the k-th kind (dropped, swapped, doubled, changed)."""
    i = len(word) // 2
    kind = k % 4
    if kind == 0:
        return word[:i] + word[i + 1:]
    if kind == 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:] if word[i] != word[i + 1] else word[:i] + word[i + 1:]
    if kind == 2:
        return word[:i] + word[i] + word[i:]
    swap = "e" if word[i] != "e" else "a"
    return word[:i] + swap + word[i + 1:]


def typo_phrases(records: list[dict], results: dict[str, dict]) -> dict:
    """Stock-phrase findings (sympathy, standard_answer) on real replies, checked again with a one-letter slip
    in the phrase's longest word: how many keep their finding (issue 14: a typo must not hide the phrase).
    Slips that make another dictionary word are left out (a real-word error is no typo of the phrase)."""
    from klarsvar.analysis.document import Document
    from klarsvar.analysis.grammar.spelling import word_frequencies
    from klarsvar.analysis.rules import checking

    by_id = {r["id"]: r for r in records}
    tried = kept = 0
    for k, (rid, res) in enumerate(sorted(results.items())):
        rec = by_id.get(rid)
        if rec is None:
            continue
        for f in res["findings"]:
            if f["category"] not in ("sympathy", "standard_answer") or f["start"] is None:
                continue
            words = list(_PHRASE_WORD.finditer(rec["text"], f["start"], f["end"]))
            if not words:
                continue
            word = max(words, key=lambda m: len(m.group()))
            slip = _typo(word.group(), k + tried)
            if slip.lower() in word_frequencies(res["language"]) or slip == word.group():
                continue
            text = rec["text"][:word.start()] + slip + rec["text"][word.end():]
            doc = Document(text=text, language=res["language"], channel=CHANNELS.get(rec["channel"], "email"),
                           customer_message=rec.get("customer"))
            tried += 1
            if any(g.rule == f["rule"] and g.start <= word.start() < g.end for g in checking.check(doc)):
                kept += 1
    return {"n": tried, "kept": kept, "kept_pct": 100.0 * kept / tried if tried else None}


def summary(m: dict) -> dict:
    """The headline numbers of a run (what baseline.json keeps and the history table compares)."""
    r = m["replies_en"]
    out = {
        "correct_pct": m["overall_random"]["correct_pct"], "debatable_pct": m["overall_random"]["debatable_pct"],
        "false_alarm_pct": m["overall_random"]["false_alarm_pct"], "random_findings": m["overall_random"]["n"],
        "pooled_correct_pct": m["overall_pooled_en"]["correct_pct"], "pooled_n": m["overall_pooled_en"]["n"],
        "spelling_per_1000": m["spelling_per_1000"], "spelling_real_typo_pct": m["spelling_labelled"]["correct_pct"],
        "no_customer_ack_pct": m["no_customer_ack_pct"], "upset_non_neutral_pct": r["upset_non_neutral_pct"],
        "ack_agree_pct": r["ack_agree_pct"], "recall_pct": r["recall_pct"], "prose_per_1000": m["prose_per_1000"],
        "prose_false_alarm_pct": m["prose_labelled"]["false_alarm_pct"], "unlabelled": m["unlabelled"],
        "correct_lost": m.get("correct_lost"),
    }
    out.update({f"correct_pct:{cat}": t["correct_pct"] for cat, t in m["by_category_en"].items()})
    out.update({f"n:{cat}": t["n"] for cat, t in m["by_category_en"].items()})
    return out


SUMMARY_ROWS = [
    ("findings correct, random sample", "correct_pct", "%"), ("debatable, random sample", "debatable_pct", "%"),
    ("false alarms, random sample", "false_alarm_pct", "%"), ("findings in the random sample", "random_findings", ""),
    ("spelling flags per 1,000 words", "spelling_per_1000", ""), ("labelled spelling flags that are real typos", "spelling_real_typo_pct", "%"),
    ("missing acknowledgement without a customer message", "no_customer_ack_pct", "%"),
    ("upset customers read as non-neutral", "upset_non_neutral_pct", "%"),
    ("acknowledgement verdict agrees", "ack_agree_pct", "%"), ("recall of labelled clear problems", "recall_pct", "%"),
    ("Danish prose findings per 1,000 words", "prose_per_1000", ""), ("Danish prose sample false alarms", "prose_false_alarm_pct", "%"),
    ("findings labelled correct that are no longer produced", "correct_lost", ""),
]


def _fmt(value, unit) -> str:
    if value is None:
        return "–"
    return f"{value:.0f} %" if unit == "%" else (f"{value:.2f}" if isinstance(value, float) else str(value))


def history_table(baseline: dict, latest: dict) -> list[str]:
    lines = ["| measure | baseline | latest |", "|---|---|---|"]
    for name, key, unit in SUMMARY_ROWS:
        lines.append(f"| {name} | {_fmt(baseline.get(key), unit)} | {_fmt(latest.get(key), unit)} |")
    cats = sorted({k.split(":", 1)[1] for k in list(baseline) + list(latest) if k.startswith("correct_pct:")})
    for cat in cats:
        b, l = baseline.get(f"correct_pct:{cat}"), latest.get(f"correct_pct:{cat}")
        lines.append(f"| {cat} correct (n) | {_fmt(b, '%')} ({baseline.get(f'n:{cat}', 0)}) | {_fmt(l, '%')} ({latest.get(f'n:{cat}', 0)}) |")
    return lines


# A separate judge's blind verdicts (round 1, on the code of 2026-12-02 morning), as the judge gave them; the
# script cannot recompute them (the judge's files are not in the repository), so the text says what they were
# and what became of them. They were used for tuning afterwards: none of these is a blind figure any more.
BLIND_ROUND_1 = (
    "**Blind judgement, round 1** (a separate judge who saw only the texts, never the code): 80 English findings "
    "drawn at random were 33 correct / 31 debatable / 16 false alarms (41 % / 39 % / 20 %); 12 of the 16 false alarms "
    "were `missing_acknowledgement` on replies that acknowledge in their own informal words (\"Delays are never "
    "fun\", \"This is distressing\", \"I can't believe that either\") or to a neutral or playful customer. 100 paired "
    "replies: upset customers read as non-neutral 26 of 42 (62 %), calm read calm 58 of 58, acknowledgement verdict "
    "agrees 88 of 100. Danish prose, 60 findings: 50 correct / 7 debatable / 3 false alarms, the 3 all a wrong first "
    "replacement in `plain_language` (21 findings). After tuning on their classes (afternoon of 2026-12-02): all 12 "
    "missing-acknowledgement false alarms no longer fire, 4 of the 16 false alarms still do (2 `sympathy` on a "
    "specific apology, `internal_language` \"pending\" and the acronym MQD: rule files of other work); of the 27 "
    "replies where judge and code disagreed, the code now agrees on the emotion of 15 more upset customers (19 of 20 "
    "read non-neutral) and on 9 more acknowledgement verdicts (24 of 27); the 3 Danish replacements are now the "
    "right ones. A new blind draw is the measure of whether the classes generalise.")


# The second blind judgement (a separate judge, guideline as written, fresh draw of unseen replies, code of
# 2026-12-02 ~13:00 UTC), as the judge gave it, and the classes of its reasons that the rule files then addressed.
BLIND_ROUND_2 = (
    "**Blind judgement, round 2** (a separate judge, a fresh draw of 80 findings from unseen English replies, code "
    "of about 13:00 UTC): 51 % correct / 40 % debatable / 9 % false alarms. By category: missing_acknowledgement 21 "
    "correct / 7 debatable of 28; plain_language 9 / 12 / 2 of 23; sympathy 6 correct / 7 "
    "debatable / 3 false alarms of 16; standard_answer 1 / 3 / 1; internal_language 0 / 2 / 1. The classes of its "
    "reasons, and what the rule files do about them since: taste swaps in chat (\"reach out to\" → \"contact\" 7 "
    "times, \"approx\", \"ASAP\", \"in order for\", \"therefore\") are e-mail only; \"should you need anything "
    "else\" (a standard closing) is left alone; \"in compliance with\" becomes \"in line with\" (\"under\" changed "
    "the meaning); a train that \"terminates at\" a station is left alone; an apology that names what went wrong "
    "(\"Apologies for the late reply\", \"sorry for the frustration with the extra charge\"), one beside \"I understand "
    "…\", and one whose sentence goes on (\"sorry to hear this was your experience\", where the replacement broke the "
    "sentence) no longer get a sympathy finding; \"thanks for reaching out\" before \"to us with your concern …\" or "
    "a next sentence saying \"we understand …\" is left alone. Later, after the fresh samples below: a generic sorry "
    "with an action just before or after it is left alone; without the customer's message, a generic sorry followed "
    "straight away by a request for the details needed to act (the judge: debatable; the agent may not know the "
    "problem yet) is left alone, while with an upset customer's message it is still flagged (issue 14: a question "
    "is no action; the development sets label it so); \"thanks for reaching out\" in chat with no customer message "
    "(debatable every time) is left alone.")

# Two fresh samples drawn and labelled after the round-2 changes (seeds 2718 and 9091, from English replies in no
# other sample or blind draw), labelled by the helper who changed the rules, strictly by the guideline: not
# blind figures, the labeller knew the code, and the rules were tuned on their classes afterwards.
FRESH_2718 = (
    "**Fresh samples, seeds 2718 and 9091** (labelled by the person who changed the rules, strictly by the "
    "guideline; not blind). Seed 2718: 80 findings of every kind from 456 unseen English replies, on the code after "
    "the round-2 changes: 52 correct / 24 debatable / 4 false alarms (65 % / 30 % / 5 %); missing_acknowledgement "
    "23 / 7 / 2 of 32, plain_language 11 / 4 / 1 of 16, sympathy 9 / 6 / 0 of 15, grammar 7 / 0 / 0, standard_answer "
    "1 / 3 / 0, internal_language 0 / 2 / 1 (\"the relevant department\", \"our Logistics team\", \"in our "
    "system\"), nominal_style 1 / 0 / 0, long_sentence 0 / 1 / 0, negative_phrasing 0 / 1 / 0. Seed 9091: 60 "
    "findings of the phrase families only (plain_language, sympathy, standard_answer, passive, nominal_style, "
    "txt_speak) from 1,093 further unseen replies: 38 / 21 / 1 (sympathy 13 / 14 / 0 of 27, 9 of the 14 a generic "
    "sorry followed by a request for details; plain_language 21 / 2 / 1 of 24; standard_answer 3 / 5 / 0 of 8, 4 of "
    "the 5 with no customer message). After the changes that followed (a sorry next to an action, or before a details "
    "request without the customer's message, is left alone; a chat opener needs the customer's message; "
    "'operational', 'Please please', 'Kindly please' fixed), the same labels on what the code still finds: seed 2718 "
    "52 / 18 / 3 of 73 (71 % correct, 4 % false alarms; sympathy 9 / 4 / 0 of 13); seed 9091 38 / 7 / 0 of 45 "
    "(sympathy 13 / 5 / 0 of 18, plain_language 21 / 2 / 0 of 23, standard_answer 3 / 0 / 0). These are the "
    "tuned-on samples: a new blind draw is the measure.")


# The classes of the seed-8086 blind round's non-correct findings outside missing_acknowledgement (docs/quality/blind.md)
# and what the rule files and the check do about them; a fresh sample (seed 5151) labelled by the helper who changed
# the rules, strictly by the guideline: not blind.
ROUND_8086_CLASSES = (
    "**The seed-8086 blind round's classes** (59 correct / 16 debatable / 5 false alarms of 80; its 12 findings not "
    "judged correct outside missing_acknowledgement): \"our Logistics team\" (false alarm), \"the relevant "
    "department\" and \"in our system\" are words customers know and are left alone (\"the system\", internal "
    "units, queues and acronyms are still flagged); \"find a resolution\" is left alone (\"reach a resolution\" is "
    "still flagged); \"Please allow 24 to 72 hours\" and \"on a weekly basis\" are e-mail only; \"sorry to hear "
    "that\" followed in the same or the next sentence by the agent's next step (\"we'll …\", \"let me …\", \"I've "
    "passed …\", \"please DM us … so we can …\", \"please call …\") or by a personal line about the customer's "
    "situation is left alone unless the customer's message is upset, and it no longer suggests \"I understand how "
    "frustrating this is\" (just as stock): the message asks to name what happened. Of the 12, 7 are no longer "
    "produced; still produced: a 26-word chat sentence (the labelled set has 12 of 13 chat sentences of 26–32 words "
    "correct, so the chat limit of 25 stays), \"I apologize for the frustration\" (labelled correct 18 of 18 in "
    "its rule), and \"I'm really sorry to hear that\" to a customer the check reads as upset (by design). On the "
    "corpus of real replies 7 of 33 \"sorry to hear\" findings go, none to an upset customer. Fresh sample, seed "
    "5151 (the phrase families sympathy, internal_language, plain_language and nominal_style over 541 English replies "
    "outside the labelled set; not blind; the seed-8086 draw is not stored, so a few of its replies may be among "
    "them): before these changes 43 findings, 23 correct / 16 debatable / 4 false alarms (53 % / 37 % / 9 %); after "
    "36 findings, 23 / 12 / 1 (64 % / 33 % / 3 %); no finding labelled correct there went. In the labelled set one "
    "finding labelled correct went (\"in our system\" in a request for a ticket ID) and one debatable (\"on our system\").")


def _pct(value) -> str:
    return "–" if value is None else f"{value:.0f} %"


def _pct1(value) -> str:
    return "–" if value is None else f"{value:.1f} %"


def _row(name: str, t: dict) -> str:
    return (f"| {name} | {t['n']} | {t['correct']} ({_pct(t['correct_pct'])}) | {t['debatable']} "
            f"({_pct(t['debatable_pct'])}) | {t['false_alarm']} ({_pct(t['false_alarm_pct'])}) |")


def _holds(ok: bool) -> str:
    return "holds" if ok else "**fails**"


def report(m: dict, baseline: dict | None = None) -> str:
    """The markdown of docs/quality/findings.md."""
    r = m["replies_en"]
    o = m["overall_random"]
    lines = [
        "# Findings on real replies (issue 14)",
        "",
        "How the findings hold up on the shared corpus of real replies (real company replies to customers on",
        "Twitter and in chat, Danish help-centre answers and Danish general prose), judged by a person against",
        "the labelling guidelines in `tests/data/labels/GUIDELINES.md`. Measured by",
        "`scripts/measure_findings.py --write` (offline grammar: the builtin Hunspell speller, no LanguageTool;",
        "language detected as in the product, channel `chat` for tweets and chat, `email` otherwise). A text",
        "whose grammar result is incomplete is checked again until it is complete: the speller finishes new",
        "words in the background within a per-check budget, so this is what the agent sees once typing pauses.",
        "The labels live in `tests/data/labels/` keyed by corpus id, rule and flagged text, and",
        "`tests/server/test_labelled_set.py` replays them as a regression test.",
        "",
        f"Run: {m['replies_checked']} texts checked in {m['seconds']:.0f} s; grammar/spelling incomplete on "
        f"{m['grammar_incomplete']} of them.",
        "",
        "## Precision of the findings",
        "",
        f"Overall on a random sample of {m['random_replies']} English replies (every finding in them, the natural",
        "mix of categories), and per category on every labelled English finding (the random sample plus",
        "replies drawn to give rare categories at least 15 findings, plus the paired sample).",
        "",
        "| | findings | correct | debatable | false alarm |",
        "|---|---|---|---|---|",
        _row("overall (random sample)", o),
        _row(f"fresh sample, labelled blind at 09:20, since seen ({m['fresh_replies']} replies)", m["fresh"]),
        _row("all labelled (English)", m["overall_pooled_en"]),
    ]
    for name, t in m.get("blind", {}).items():
        lines.append(_row(f"blind sample {name}, labelled by a separate judge ({t['replies']} texts with findings)", t))
    for cat, t in m["by_category_en"].items():
        lines.append(_row(cat, t))
    rj = m.get("rejudged")
    if rj and rj["labels"]:
        lines += [
            "",
            f"**Blind re-judgement of today's findings (round{'s' if len(rj['rounds']) > 1 else ''} "
            f"{', '.join(str(r) for r in rj['rounds'])} counted)**: English labelled",
            "findings judged again by separate judges who saw only the guideline and, per finding, the customer's message,",
            "the reply, the message and the first replacement as the agent sees them. Round 5 (2026-12-02 evening): the 168",
            "findings the code produced then, two judges; round 6 (2026-12-05): the 502 findings it produced on every labelled",
            "English reply at `6ad1fda`, four judges with a quarter of the replies each (`tests/data/labels/rejudged_round*_en.yaml`).",
            f"A later round's verdict on the same finding and replacement counts. Of the {rj['labels']} findings re-judged in",
            f"any round, counted here are those still produced with the replacement a judge saw; {rj['gone']} are no longer produced "
            + (f"({', '.join(f'{k} {v}' for k, v in sorted(rj['gone_by_verdict'].items()))})" if rj["gone"] else "")
            + f", {rj['stale']} now offer another replacement (stale, not counted).",
            "",
            "| re-judged (blind) | findings | correct | debatable | false alarm |",
            "|---|---|---|---|---|",
            _row("overall (random sample)", rj["random"]),
            _row("all re-judged (English)", rj["all"]),
        ]
        for cat, t in rj["by_category"].items():
            lines.append(_row(cat, t))
    lines += [
        "",
        f"Findings in the sampled texts without a label yet: {m['unlabelled']}"
        + (f" ({', '.join(f'{k} {v}' for k, v in sorted(m['unlabelled_by_category'].items()))})" if m['unlabelled'] else "")
        + f"; labels joined through a renamed rule (same category, text and occurrence): {m['joined_by_category']}.",
        "",
        f"Findings labelled **correct** in any run that the code no longer produces: {m['correct_lost']} of "
        f"{m['correct_labels']}"
        + (f" ({', '.join(f'{k} {v}' for k, v in sorted(m['correct_lost_by_category'].items()))})" if m['correct_lost'] else "")
        + " (a finding whose span changed and that came back under a new label is not counted as lost).",
        "",
        "## Spelling on the English replies",
        "",
        f"{m['spelling_flags']} spelling flags in {m['en_replies']} English replies ({m['en_words']} words): "
        f"**{m['spelling_per_1000']:.2f} per 1,000 words**. Of the labelled spelling flags "
        f"(n = {m['spelling_labelled']['n']}), {m['spelling_labelled']['correct']} are real typos "
        f"({_pct(m['spelling_labelled']['correct_pct'])}); every spelling flag is labelled, not a sample. Of the "
        f"{m['real_typos_known']} real typos labelled in any run so far, {m['real_typos_still_flagged']} are still "
        f"flagged. {m['language_not_en']} of the English replies were detected as another language.",
        "",
        "## Empathy on the labelled paired replies",
        "",
        f"{r['n']} English replies with the customer's message, labelled by hand:",
        "",
        f"- upset customers (labelled): {r['upset']}; read as non-neutral by `empathy.customer_emotion`: "
        f"{r['upset_non_neutral']} (**{_pct(r['upset_non_neutral_pct'])}**). Calm customers read as neutral or "
        f"happy: {r['calm_read_neutral_or_happy']} of {r['calm']}.",
        f"- acknowledgement verdict (`empathy.acknowledges`) agrees with the label: {r['ack_agree']} of {r['n']} "
        f"(**{_pct(r['ack_agree_pct'])}**); labelled as acknowledging: {r['ack_labelled_yes']}, "
        f"verdict yes: {r['ack_predicted_yes']}.",
        f"- clear problems flagged (recall): {r['problems_flagged']} of {r['problems']} "
        f"(**{_pct(r['recall_pct'])}**); by kind: "
        + ", ".join(f"{k} {h}/{n}" for k, (h, n) in r["by_kind"].items()) + ".",
        f"- missing acknowledgement on English replies **without** a customer message: "
        f"{m['no_customer_ack_fired']} of {m['no_customer_replies']} (**{_pct(m['no_customer_ack_pct'])}**).",
        f"- stock phrases through a typo: of {m['typo_phrases']['n']} sympathy and standard-answer findings on the "
        "English and Danish replies, checked again with a one-letter slip in the phrase's longest word (dropped, "
        f"swapped, doubled or changed letter), {m['typo_phrases']['kept']} keep their finding "
        f"(**{_pct(m['typo_phrases']['kept_pct'])}**).",
        "",
        "## Danish",
        "",
        f"Danish prose: {m['prose_findings']} findings in {m['prose_sentences']} sentences ({m['prose_words']} words): "
        f"**{m['prose_per_1000']:.1f} per 1,000 words** ("
        + ", ".join(f"{k} {v}" for k, v in sorted(m["prose_by_category"].items())) + "); without the long-sentence "
        f"findings **{m['prose_per_1000_without_long_sentences']:.1f} per 1,000 words**. News, fiction and law have long "
        "sentences, and the labelled long-sentence findings there are right (a sentence of more than "
        f"{_long_sentence_words()} words in e-mail); the limit of 5 per 1,000 words cannot hold while they are counted. "
        f"Of the long-sentence findings, {m['prose_long_sentences_33_plus']} have 33 words or more (correct by the "
        f"guideline's ruling) and {m['prose_long_sentences_under_33']} have fewer (debatable by the same ruling).",
        "",
        "The sample: random sentences with findings until at least 60 findings, plus every spelling flag on",
        "the Danish prose (census).",
        "",
        "| Danish prose sample | findings | correct | debatable | false alarm |",
        "|---|---|---|---|---|",
        _row("all", m["prose_labelled"]),
    ]
    for cat, t in m["prose_labelled_by_category"].items():
        lines.append(_row(cat, t))
    rf = m["replies_en_fresh"]
    if rf["n"]:
        lines += ["", f"A fresh sample of {rf['n']} paired replies, drawn and labelled blind at 09:20 UTC (nobody had tuned on "
                  "them then; its emotion errors, its acknowledgement-verdict errors and its findings not judged correct "
                  "were looked at while tuning between 11:05 and 11:50, so none of these figures is blind any more): "
                  f"upset read as non-neutral {rf['upset_non_neutral']} of {rf['upset']} (**{_pct(rf['upset_non_neutral_pct'])}**); "
                  f"calm read as neutral or happy {rf['calm_read_neutral_or_happy']} of {rf['calm']}; "
                  f"acknowledgement verdict agrees {rf['ack_agree']} of {rf['n']} (**{_pct(rf['ack_agree_pct'])}**); clear problems "
                  f"flagged {rf['problems_flagged']} of {rf['problems']} (**{_pct(rf['recall_pct'])}**; "
                  + ", ".join(f"{k} {h}/{n}" for k, (h, n) in rf["by_kind"].items()) + ")."]
    dev = {k: d for k, d in m.get("dev_sets", {}).items() if d["n"]}
    if dev:
        lines += ["", "The development batches (`tests/data/dev_labels/`, paired replies labelled blind when drawn and tuned "
                  "on since, so not blind figures): " + "; ".join(
                      f"{k}: upset read as non-neutral {d['upset_non_neutral']}/{d['upset']}, calm read as neutral or happy "
                      f"{d['calm_read_neutral_or_happy']}/{d['calm']}, acknowledgement verdict agrees {d['ack_agree']}/{d['n']}"
                      for k, d in dev.items()) + "."]
    lines += ["", BLIND_ROUND_1, "", BLIND_ROUND_2, "", FRESH_2718, "", ROUND_8086_CLASSES]
    labelled_emotions = sorted({a for a, _b in r["confusion"]})
    predicted = sorted({b for _a, b in r["confusion"]})
    lines += ["", "Customer emotion, labelled (rows) against `empathy.customer_emotion` (columns), paired English replies:", "",
              "| labelled \\ read as | " + " | ".join(predicted) + " |", "|---" * (len(predicted) + 1) + "|"]
    for a in labelled_emotions:
        lines.append(f"| {a} | " + " | ".join(str(r["confusion"].get((a, b), 0)) for b in predicted) + " |")
    lines += ["", "## Why findings are not correct", "",
              "The labeller's notes on the debatable and false-alarm findings that the current code still produces",
              "(English and Danish, most frequent first; notes that occur once are counted under \"other\"):", ""]
    for cat, notes in sorted(m["notes_by_category"].items()):
        common = [(n, c) for n, c in notes.most_common() if c > 1]
        rest = sum(c for n, c in notes.items() if c <= 1)
        parts = [f"{n} ({c})" for n, c in common[:6]] + ([f"other ({rest})"] if rest else [])
        lines.append(f"- **{cat}**: " + "; ".join(parts) + ".")
    d = m["replies_da"]
    lines += [
        "",
        f"Danish help-centre answers ({d['n']} labelled): findings {m['da_replies_labelled']['n']}, correct "
        f"{m['da_replies_labelled']['correct']}, debatable {m['da_replies_labelled']['debatable']}, false alarm "
        f"{m['da_replies_labelled']['false_alarm']}; acknowledgement verdict agrees on {d['ack_agree']} of {d['n']}.",
        "",
        "## Acceptance of issue 14",
        "",
        "| criterion | target | measured | |",
        "|---|---|---|---|",
    ]
    ok = lambda v, target, ge=True: v is not None and (v >= target if ge else v <= target)  # noqa: E731
    lines.append(f"| findings correct (random sample) | ≥ 80 % | {_pct1(o['correct_pct'])} | {_holds(ok(o['correct_pct'], 80))} |")
    lines.append(f"| false alarms (random sample) | ≤ 5 % | {_pct1(o['false_alarm_pct'])} | {_holds(ok(o['false_alarm_pct'], 5, False))} |")
    for cat, t in m["by_category_en"].items():
        if t["n"] >= 15:
            lines.append(f"| {cat} correct (n = {t['n']}) | ≥ 70 % | {_pct1(t['correct_pct'])} | {_holds(ok(t['correct_pct'], 70))} |")
    rj = m.get("rejudged")
    if rj and rj["labels"]:
        t = rj["random"]
        lines.append(f"| blind re-judgement: findings correct (random sample, n = {t['n']}) | ≥ 80 % | "
                     f"{_pct1(t['correct_pct'])} | {_holds(ok(t['correct_pct'], 80))} |")
        lines.append(f"| blind re-judgement: false alarms (random sample) | ≤ 5 % | {_pct1(t['false_alarm_pct'])} | "
                     f"{_holds(ok(t['false_alarm_pct'], 5, False))} |")
        for cat, t in rj["by_category"].items():
            if t["n"] >= 15:
                lines.append(f"| blind re-judgement: {cat} correct (n = {t['n']}) | ≥ 70 % | "
                             f"{_pct1(t['correct_pct'])} | {_holds(ok(t['correct_pct'], 70))} |")
    lines.append(f"| spelling flags per 1,000 words | ≤ 1 | {m['spelling_per_1000']:.2f} | {_holds(ok(m['spelling_per_1000'], 1, False))} |")
    s = m["spelling_labelled"]
    lines.append(f"| spelling flags that are real typos (n = {s['n']}) | ≥ 70 % | {_pct1(s['correct_pct'])} | {_holds(ok(s['correct_pct'], 70))} |")
    lines.append(f"| missing acknowledgement without a customer message | ≤ 5 % | {_pct1(m['no_customer_ack_pct'])} | {_holds(ok(m['no_customer_ack_pct'], 5, False))} |")
    lines.append(f"| upset customers read as non-neutral (n = {r['upset']}) | ≥ 85 % | {_pct1(r['upset_non_neutral_pct'])} | {_holds(ok(r['upset_non_neutral_pct'], 85))} |")
    lines.append(f"| calm customers read as neutral or happy (n = {r['calm']}; no target, the other direction) | – | {_pct1(r['calm_neutral_pct'])} | |")
    lines.append(f"| acknowledgement verdict agrees (n = {r['n']}) | ≥ 90 % | {_pct1(r['ack_agree_pct'])} | {_holds(ok(r['ack_agree_pct'], 90))} |")
    rf = m["replies_en_fresh"]
    if rf["n"]:
        fo = m["fresh"]
        lines.append(f"| fresh sample: findings correct (n = {fo['n']}) | ≥ 80 % | {_pct1(fo['correct_pct'])} | {_holds(ok(fo['correct_pct'], 80))} |")
        lines.append(f"| fresh sample: false alarms (n = {fo['n']}) | ≤ 5 % | {_pct1(fo['false_alarm_pct'])} | {_holds(ok(fo['false_alarm_pct'], 5, False))} |")
        lines.append(f"| fresh sample: upset read as non-neutral (n = {rf['upset']}) | ≥ 85 % | {_pct1(rf['upset_non_neutral_pct'])} | {_holds(ok(rf['upset_non_neutral_pct'], 85))} |")
        lines.append(f"| fresh sample: acknowledgement verdict agrees (n = {rf['n']}) | ≥ 90 % | {_pct1(rf['ack_agree_pct'])} | {_holds(ok(rf['ack_agree_pct'], 90))} |")
    lines.append(f"| Danish prose findings per 1,000 words | ≤ 5 | {m['prose_per_1000']:.1f} | {_holds(ok(m['prose_per_1000'], 5, False))} |")
    lines.append(f"| — without the long-sentence findings | ≤ 5 | {m['prose_per_1000_without_long_sentences']:.1f} | "
                 f"{_holds(ok(m['prose_per_1000_without_long_sentences'], 5, False))} |")
    for cat, t in m["prose_labelled_by_category"].items():
        lines.append(f"| Danish prose {cat} false alarms (n = {t['n']}) | ≤ 10 % | {_pct1(t['false_alarm_pct'])} | {_holds(ok(t['false_alarm_pct'], 10, False))} |")
    for name, t in m.get("blind", {}).items():
        lines.append(f"| blind sample {name}: findings correct (n = {t['n']}) | ≥ 80 % | {_pct1(t['correct_pct'])} | {_holds(ok(t['correct_pct'], 80))} |")
        lines.append(f"| blind sample {name}: false alarms (n = {t['n']}) | ≤ 5 % | {_pct1(t['false_alarm_pct'])} | {_holds(ok(t['false_alarm_pct'], 5, False))} |")
        for cat, c in t["by_category"].items():
            if c["n"] >= 15:
                lines.append(f"| blind sample {name}: {cat} correct (n = {c['n']}) | ≥ 70 % | {_pct1(c['correct_pct'])} | {_holds(ok(c['correct_pct'], 70))} |")
    lines += ["", "Not measured here: the typo set caught ≥ 90 %, the drafted development sets (`tests/data/empathy_*.yaml`, "
              "`test_empathy.py`) and the benchmark (other reports)."]
    if baseline:
        lines += ["", "## Baseline and latest", "",
                  f"Baseline: {baseline.get('_when', 'the first labelled run')}. Latest: this run. The labels of the",
                  "baseline were never changed afterwards; findings that appeared later got labels of their own.", ""]
        lines += history_table(baseline, summary(m))
    return "\n".join(lines).rstrip() + "\n"


def unlabelled_dump(m: dict, corpus: dict, path: Path) -> None:
    """Write the unlabelled findings with their reply (for a person to label)."""
    rec_by_id = {r["id"]: r for name in corpus for r in corpus[name]}
    groups = defaultdict(list)
    for rid, f in m["_unlabelled"]:
        groups[rid].append(f)
    with path.open("w", encoding="utf-8") as out:
        for rid, fs in groups.items():
            rec = rec_by_id[rid]
            out.write(f"=== {rid}  [{rec['channel']}]\n")
            if rec.get("customer"):
                out.write(f"CUSTOMER: {rec['customer']}\n")
            out.write(f"REPLY: {rec['text']}\n")
            for f in fs:
                out.write(f"  - {f['category']} | {f['rule']} | {f['text']!r} | n={f['n']} | {f['message'][:110]} "
                          f"| -> {f['replacements'][:2]}\n")


def import_blind(sample_path: Path, labels_path: Path, name: str, directory: Path = LABELS) -> tuple[int, int]:
    """Add a separate judge's blind labels to the labelled set: one finding label per judged item, and the
    sample's texts under `blind_<name>` in sample.yaml, so the measure reports them and the regression test
    replays them. `sample_path` is a JSON sample as drawn (items with `id` "<corpus id>#<k>", `rule`,
    `category`, `flagged_text`, in the order the pipeline reported them); `labels_path` the judge's JSON list
    of {"id", "label", optional "note"}. Returns (labels added, labels already there)."""
    import yaml

    sample = json.loads(sample_path.read_text(encoding="utf-8"))
    judged = {x["id"]: x for x in json.loads(labels_path.read_text(encoding="utf-8"))}
    existing = {_label_key(lab) for lab in load_labels(directory)["findings"]}
    seen: Counter = Counter()
    new = {"en": [], "da": []}
    ids: list[str] = []
    skipped = 0
    for item in sample["items"]:
        rid = item["id"].split("#", 1)[0]
        text = item.get("flagged_text") or ""
        n = seen[(rid, item["rule"], text)]
        seen[(rid, item["rule"], text)] += 1
        verdict = (judged.get(item["id"]) or {}).get("label")
        if verdict not in VERDICTS:
            continue
        if rid not in ids:
            ids.append(rid)
        if (rid, item["rule"], text, n) in existing:
            skipped += 1
            continue
        note = f"blind judge ({name})" + (f": {judged[item['id']]['note']}" if judged[item["id"]].get("note") else "")
        language = "da" if item["rule"].startswith("da.") else "en"
        new[language].append({"id": rid, "rule": item["rule"], "category": item["category"], "text": text, "n": n,
                               "verdict": verdict, "note": note})
    for language, labels in new.items():
        if labels:
            with (directory / f"findings_{language}.yaml").open("a", encoding="utf-8") as out:
                out.write(yaml.safe_dump(labels, allow_unicode=True, sort_keys=False, width=110))
    with (directory / "sample.yaml").open("a", encoding="utf-8") as out:
        out.write(yaml.safe_dump({f"blind_{name}": ids, f"note_blind_{name}": f"{sample.get('how', '')}; drawn "
                                  f"{sample.get('drawn_at', '')}, seed {sample.get('seed', '')}; labelled by a separate "
                                  "judge who saw only the sample file"}, allow_unicode=True, sort_keys=False, width=110))
    return sum(len(v) for v in new.values()), skipped


def export_rejudge(m: dict, corpus: dict, directory: Path, parts: int = 4) -> int:
    """Write a new round of blind re-judgement: every English finding on the labelled replies as the agent sees it,
    the replies split in turn between `parts` judges (`rejudge_1.json` …, in the items-with-findings form of the blind
    rounds) and the key (`rejudge_key.json`). Returns the number of findings."""
    records = {r["id"]: r for r in corpus["en_replies"]}
    directory.mkdir(parents=True, exist_ok=True)
    halves: list[list[dict]] = [[] for _ in range(parts)]
    key: dict[str, dict] = {}
    count = 0
    for i, (rid, res) in enumerate(sorted(m["_rejudge_pool"].items())):
        if not res["findings"]:
            continue
        rec = records[rid]
        n = len(key) + 1
        halves[i % parts].append({"n": n, "channel": CHANNELS.get(rec["channel"], "email"),
                              "customer_message": rec.get("customer"), "reply": rec["text"],
                              "findings": [{"category": f["category"], "message": f["message"],
                                            "flagged_text": f["text"] or None,
                                            "first_replacement": (f["replacements"] or [None])[0]}
                                           for f in res["findings"]]})
        key[str(n)] = {"id": rid, "findings": [{"rule": f["rule"], "category": f["category"], "text": f["text"],
                                                "n": f["n"], "replacement": (f["replacements"] or [None])[0]}
                                               for f in res["findings"]]}
        count += len(res["findings"])
    for k, half in enumerate(halves, 1):
        (directory / f"rejudge_{k}.json").write_text(json.dumps(half, ensure_ascii=False, indent=1), encoding="utf-8")
    (directory / "rejudge_key.json").write_text(json.dumps(key, ensure_ascii=False, indent=1), encoding="utf-8")
    return count


def import_rejudged(directory: Path, round_number: int, note: str, labels: Path = LABELS) -> int:
    """Turn the judges' verdicts of an exported round (`rejudge_<k>.verdicts.json`: [{n, k, verdict, reason}]) into
    `rejudged_round<N>_en.yaml`. Returns the number of labels written."""
    import yaml

    key = json.loads((directory / "rejudge_key.json").read_text(encoding="utf-8"))
    out = []
    for path in sorted(directory.glob("rejudge_*.verdicts.json")):
        for v in json.loads(path.read_text(encoding="utf-8")):
            finding = key[str(v["n"])]["findings"][int(v["k"])]
            if v.get("verdict") not in VERDICTS:
                continue
            out.append({"id": key[str(v["n"])]["id"], "rule": finding["rule"], "category": finding["category"],
                        "text": finding["text"], "n": finding["n"], "verdict": v["verdict"],
                        "replacement": finding["replacement"], "note": v.get("reason", "")})
    out.sort(key=lambda lab: (lab["id"], lab["rule"], lab["text"], lab["n"]))
    header = "".join(f"# {line}\n" for line in note.splitlines())
    (labels / f"rejudged_round{round_number}_en.yaml").write_text(
        header + yaml.safe_dump(out, allow_unicode=True, sort_keys=False, width=110), encoding="utf-8")
    return len(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", help="folder with en_replies.jsonl, da_replies.jsonl, da_prose.jsonl")
    parser.add_argument("--write", action="store_true", help="write docs/quality/findings.md")
    parser.add_argument("--unlabelled", metavar="FILE", help="write the findings still to label to FILE")
    parser.add_argument("--json", metavar="FILE", help="write the numbers as JSON")
    parser.add_argument("--import-blind", nargs=3, metavar=("SAMPLE", "LABELS", "NAME"),
                        help="add a separate judge's labels of a blind sample (JSON) to tests/data/labels, then measure")
    parser.add_argument("--export-rejudge", metavar="DIR",
                        help="write a new blind re-judgement round of the English labelled findings to DIR (four parts)")
    parser.add_argument("--import-rejudged", nargs=3, metavar=("DIR", "ROUND", "NOTE"),
                        help="write the judges' verdicts in DIR as tests/data/labels/rejudged_round<ROUND>_en.yaml")
    parser.add_argument("--results", metavar="FILE", help=argparse.SUPPRESS)  # a saved run (check_records output)
    parser.add_argument("--save-baseline", metavar="WHEN", help=argparse.SUPPRESS)  # keep this run as the baseline
    args = parser.parse_args(argv)
    for key in ("KLARSVAR_LANGUAGETOOL", "KLARSVAR_LANGUAGETOOL_URL", "LTP_JAR_DIR_PATH"):
        os.environ.pop(key, None)  # never a configured or custom LanguageTool: the offline engines only
    if args.import_blind:
        added, skipped = import_blind(Path(args.import_blind[0]), Path(args.import_blind[1]), args.import_blind[2])
        print(f"imported {added} blind labels ({skipped} already labelled)", file=sys.stderr)
    if args.import_rejudged:
        written = import_rejudged(Path(args.import_rejudged[0]), int(args.import_rejudged[1]), args.import_rejudged[2])
        print(f"wrote {written} re-judged labels", file=sys.stderr)
    directory = corpus_dir(args.corpus)
    if directory is None:
        print("the shared corpus is not there; nothing to measure", file=sys.stderr)
        return 2
    corpus = load_corpus(directory)
    results = json.loads(Path(args.results).read_text(encoding="utf-8")) if args.results else None
    m = measure(corpus, load_labels(), results=results, full=not args.export_rejudge)
    if args.export_rejudge:
        count = export_rejudge(m, corpus, Path(args.export_rejudge))
        print(f"exported {count} findings to {args.export_rejudge}", file=sys.stderr)
        return 0
    if args.save_baseline:
        (LABELS / "baseline.json").write_text(json.dumps({"_when": args.save_baseline, **summary(m)}, indent=1) + "\n",
                                              encoding="utf-8")
    baseline_path = LABELS / "baseline.json"
    baseline = json.loads(baseline_path.read_text(encoding="utf-8")) if baseline_path.exists() else None
    text = report(m, baseline)
    if args.write:
        DOC.write_text(text, encoding="utf-8")
        print(f"wrote {DOC}", file=sys.stderr)
    print(text)
    if args.unlabelled:
        unlabelled_dump(m, corpus, Path(args.unlabelled))
    if args.json:
        def plain(value):  # JSON needs string keys (the confusion table is keyed by pairs)
            if isinstance(value, dict):
                return {(" -> ".join(k) if isinstance(k, tuple) else str(k)): plain(v) for k, v in value.items()
                        if not str(k).startswith("_")}
            return [plain(v) for v in value] if isinstance(value, (list, tuple)) else value

        Path(args.json).write_text(json.dumps(plain(m), indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
