"""Measure the offline English speller on codespell's list of common misspellings (issue 20).

Run: `.venv/bin/python scripts/measure_codespell.py` — needs the `codespell` package (PyPI; only for this
script, not a dependency of Klarsvar: `.venv/bin/pip install codespell`). It

1. reads `codespell_lib/data/dictionary.txt` (lines `misspelling->correction[, correction…]`),
2. keeps the entries a spelling checker can be judged on (see `population`: a single plain word with a
   single correction that the English dictionaries know),
3. draws a fixed-seed sample (`--size`, default 1,000; `--seed`, default 20) and writes it to
   `tests/data/codespell_sample.tsv` (`--no-write` leaves the file alone), and
4. prints the three figures of the issue's acceptance, measured word by word the way a check judges a new
   word (`OfflineSpelling.check_spans` on the bare word, every word judged now with a generous per-word
   allowance): misspellings flagged, flagged with codespell's correction as the first suggestion, and
   corrections flagged.

`--measure-only` measures the committed sample file instead of drawing one (what the test does);
`--all` measures the whole filtered population as well (~55,000 words, a few minutes): the sample's
figures should hold on the rest of the list, which the ranking was never looked at on word by word.
`--misses` lists the sample's misses.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "server"))

from klarsvar.analysis.grammar.spelling import OfflineSpelling, SpellingContext, load_spellers  # noqa: E402

SAMPLE = ROOT / "tests" / "data" / "codespell_sample.tsv"
# A second fixed sample from the rest of the list, drawn before the ranking was tuned on the first and
# never looked at word by word: its figures are the honest ones.
HELDOUT = ROOT / "tests" / "data" / "codespell_heldout.tsv"
HELDOUT_SEED = 2020
# A plain lower-case word, optionally with one apostrophe inside (doesn't); no digits, hyphens, capitals.
PLAIN_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def codespell_dictionary() -> tuple[Path, str]:
    """The installed codespell's English misspelling list and the package's version."""
    from importlib.metadata import version

    import codespell_lib

    return Path(codespell_lib.__file__).parent / "data" / "dictionary.txt", version("codespell")


def codespell_licence_note() -> str:
    """What the installed package's metadata says about the licence of its dictionaries, verbatim."""
    from importlib.metadata import metadata

    meta = metadata("codespell")
    text = meta.get_payload() if hasattr(meta, "get_payload") else str(meta)
    found = [line.strip() for line in (text or "").splitlines() if "dictionary.txt" in line and "icense" in line]
    return found[0] if found else ""


def population(path: Path, speller) -> tuple[list[tuple[str, str]], dict[str, int]]:
    """(misspelling, correction) entries a spelling checker can be judged on, and how many each filter left
    out. Left out, in this order:

    - entries with more than one correction, or a trailing comma (codespell's "do not fix automatically"
      mark, often with a reason): there is no one right first suggestion to compare with;
    - entries that are not one plain lower-case word on both sides (digits, `_`, `-`, capitals, spaces:
      identifiers such as `__cpluspus`, `1nd`, or a split into two words): the speller never judges
      tokens with digits and has nothing to rank for a phrase;
    - entries whose correction the English dictionaries (en_US + en_GB, as Klarsvar loads them) do not
      know — technical and code words, rare words: no speller of these dictionaries can suggest them, so
      they would measure the dictionary, not the ranking.

    Misspellings that are themselves dictionary words (real-word errors such as `alow`, `cheeper`) are
    kept: a speller cannot catch them, and they count as misses.
    """
    left_out = {"several corrections or not auto-fixable": 0, "not one plain word": 0,
                "correction not in the dictionaries": 0}
    entries: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "->" not in line:
            continue
        typo, correction = (part.strip() for part in line.split("->", 1))
        if "," in correction:
            left_out["several corrections or not auto-fixable"] += 1
        elif not PLAIN_WORD.fullmatch(typo) or not PLAIN_WORD.fullmatch(correction):
            left_out["not one plain word"] += 1
        elif not speller.is_known(correction):
            left_out["correction not in the dictionaries"] += 1
        else:
            entries[typo] = correction
    return sorted(entries.items()), left_out


def write_sample(rows: list[tuple[str, str]], version: str, seed: int, size: int, total: int,
                 left_out: dict[str, int], licence: str, path: Path = SAMPLE, drawn_from: str = "") -> None:
    header = [
        f"# {len(rows)} entries of codespell {version}'s English misspelling list (codespell_lib/data/dictionary.txt),",
        f"# drawn with random.Random({seed}).sample(..., {size}) from the {total} entries {drawn_from}that are one plain",
        "# lower-case word with one correction the English dictionaries know (scripts/measure_codespell.py says",
        "# why; left out: " + ", ".join(f"{k} {v}" for k, v in left_out.items()) + ").",
        "# Licence of the list, as the installed package's metadata (README) states it:",
        f"#   {licence}",
        "# (CC BY-SA 3.0: https://creativecommons.org/licenses/by-sa/3.0/ ; this file, an extract of it, is",
        "# shared under the same licence, attributed to the codespell project and English Wikipedia's list of",
        "# common misspellings; codespell's code is GPL-2.0-only and none of it is used here.)",
        "# misspelling<TAB>correction",
    ]
    body = [f"{typo}\t{correction}" for typo, correction in rows]
    path.write_text("\n".join(header + body) + "\n", encoding="utf-8")


def read_sample(path: Path = SAMPLE) -> list[tuple[str, str]]:
    """(misspelling, correction) rows of the committed sample file."""
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return [(typo, correction) for typo, correction in rows]


def flagged(spelling: OfflineSpelling, word: str, seconds: float = 5.0):
    """The finding on `word` checked alone as an English text, every new word judged now (None: not flagged)."""
    context = SpellingContext(language="en", ignored_words=frozenset(), blocked_spans=[], name_spans=[])
    findings, _ = spelling.check_spans(word, [(0, len(word))], context, deadline=time.monotonic() + 30,
                                       suggest_seconds=seconds, word_seconds=seconds)
    return findings[0] if findings else None


def measure(spelling: OfflineSpelling, rows: list[tuple[str, str]]) -> dict:
    """Counts and rates of the three acceptance figures over `rows`, and the misses."""
    detected = right_first = corrections_flagged = 0
    not_detected, wrong_first, false_alarms = [], [], []
    started = time.perf_counter()
    for typo, correction in rows:
        finding = flagged(spelling, typo)
        if finding is None:
            not_detected.append((typo, correction))
        else:
            detected += 1
            if finding.replacements[:1] == (correction,):
                right_first += 1
            else:
                wrong_first.append((typo, correction, finding.replacements[:3]))
        if flagged(spelling, correction) is not None:
            corrections_flagged += 1
            false_alarms.append(correction)
    n = len(rows)
    return {"n": n, "detected": detected, "right_first": right_first, "corrections_flagged": corrections_flagged,
            "detected_rate": detected / n, "right_first_rate": right_first / n,
            "corrections_flagged_rate": corrections_flagged / n, "seconds": time.perf_counter() - started,
            "not_detected": not_detected, "wrong_first": wrong_first, "false_alarms": false_alarms}


def report(name: str, result: dict) -> None:
    n = result["n"]
    print(f"{name}: {n} entries, {result['seconds']:.1f} s")
    print(f"  detected            {result['detected']:6d}/{n} = "
          f"{100 * result['detected_rate']:.1f} %   (target >= 98 %)")
    print(f"  first suggestion ok {result['right_first']:6d}/{n} = "
          f"{100 * result['right_first_rate']:.1f} %   (target >= 90 %)")
    print(f"  corrections flagged {result['corrections_flagged']:6d}/{n} = "
          f"{100 * result['corrections_flagged_rate']:.2f} %  (target <= 1 %)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--no-write", action="store_true", help="draw and measure, but leave the sample file alone")
    parser.add_argument("--measure-only", action="store_true", help="measure the committed sample file")
    parser.add_argument("--all", action="store_true", help="also measure the whole filtered population")
    parser.add_argument("--misses", action="store_true", help="list the misses (of the tuning sample only)")
    parser.add_argument("--heldout", action="store_true",
                        help="also measure the held-out sample (tests/data/codespell_heldout.tsv); with "
                             "--write-heldout, draw it first from the entries not in the sample")
    parser.add_argument("--write-heldout", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    spellers, problems = load_spellers()
    if "en" not in spellers:
        sys.exit(f"no English dictionary: {problems}")
    spelling = OfflineSpelling(spellers)
    if args.measure_only:
        rows = read_sample()
    else:
        path, version = codespell_dictionary()
        entries, left_out = population(path, spellers["en"])
        print(f"codespell {version}: {len(entries)} usable entries; left out: {left_out}")
        rows = sorted(random.Random(args.seed).sample(entries, args.size))
        if not args.no_write:
            write_sample(rows, version, args.seed, args.size, len(entries), left_out, codespell_licence_note())
            print(f"wrote {SAMPLE.relative_to(ROOT)}")
    result = measure(spelling, rows)
    report("sample", result)
    if args.misses:
        print("not detected:", " ".join(f"{t}({c})" for t, c in result["not_detected"]))
        for typo, correction, got in result["wrong_first"]:
            print(f"  {typo:20s} want {correction:20s} got {', '.join(got)}")
        print("corrections flagged:", " ".join(result["false_alarms"]))
    if args.write_heldout:
        path, version = codespell_dictionary()
        entries, left_out = population(path, spellers["en"])
        chosen = set(read_sample())
        rest = [entry for entry in entries if entry not in chosen]
        heldout = sorted(random.Random(HELDOUT_SEED).sample(rest, args.size))
        write_sample(heldout, version, HELDOUT_SEED, args.size, len(rest), left_out, codespell_licence_note(),
                     path=HELDOUT, drawn_from="not in codespell_sample.tsv ")
        print(f"wrote {HELDOUT.relative_to(ROOT)}")
    if args.heldout:
        report("held-out sample", measure(spelling, read_sample(HELDOUT)))
    if args.all and not args.measure_only:
        chosen = set(rows)
        rest = [entry for entry in entries if entry not in chosen]
        report("rest of the population (not in the sample)", measure(spelling, rest))


if __name__ == "__main__":
    main()
