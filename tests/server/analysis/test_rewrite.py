"""The rewrite: natural results on real drafts, and its invariants on hand-written and generated drafts."""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klarsvar.analysis import CheckRequest, analyze, rules
from klarsvar.analysis import rewrite as rewrite_module
from klarsvar.analysis.acknowledgement import addresses_formally
from klarsvar.analysis.document import Document
from klarsvar.analysis.findings import Finding, finalize
from klarsvar.analysis.rewrite import EASY_FLESCH, EASY_LIX, FORMAL_ADDRESS_RULES, rewrite
from klarsvar.analysis.terms import parse_terms

DATA = Path(__file__).resolve().parents[2] / "data"
# Categories the rewrite must leave no fixable finding of.
CLEARED = {"internal_language", "plain_language", "nominal_style", "negative_phrasing", "sympathy",
           "standard_answer"}


def run(text, language="da", message=None, name=None, channel="email", terms=None):
    """Analyse a draft and return the analysis."""
    return analyze(CheckRequest(text=text, language=language, channel=channel, customer_message=message,
                                customer_name=name), terms=terms)


def protected_tokens(text, language):
    """The protected tokens of `text` (numbers, dates, URLs, quotes, signature …) with their counts."""
    doc = Document(text=text, language=language)
    return Counter(text[s:e] for s, e, _kind in doc.segmentation.protected)


OFFER_RULE = rewrite_module.MINOR_CHANGES


@contextlib.contextmanager
def offer_rule():
    """The product's rule of which rewrites are offered, inside `every_rewrite_offered`."""
    offered = rewrite_module.MINOR_CHANGES
    rewrite_module.MINOR_CHANGES = OFFER_RULE
    try:
        yield
    finally:
        rewrite_module.MINOR_CHANGES = offered


@contextlib.contextmanager
def every_rewrite_offered():
    """Offer the rewrite even where it only makes minor swaps, so its edits are checked all the same."""
    minor = rewrite_module.MINOR_CHANGES
    rewrite_module.MINOR_CHANGES = 0
    try:
        yield
    finally:
        rewrite_module.MINOR_CHANGES = minor


def assert_invariants(text, language="da", message=None, name=None, channel="email", terms=None, *,
                      cards=False):
    """Check every rewrite invariant for one draft and return the rewritten text.

    A rewrite not offered because it only swaps wording (`rewrite_skipped`) is checked as it would be offered
    (`cards`): its edits are what the findings' cards apply. Its fixed point is the agent's next check, under the
    offer rule: a swap the cards revealed ("we can discuss …" after a refusal turned round, with "Please be advised
    that" before it) is one more card, not a one-click rewrite."""
    first = run(text, language, message, name, channel, terms)
    if first.rewrite is None:
        assert first.rewrite_skipped == "minor_changes" and first.to_dict()["rewrite"] is None
        with every_rewrite_offered():
            offered, *_rest = assert_invariants(text, language, message, name, channel, terms, cards=True)
            assert offered != text
            return (offered, *_rest)
    rewritten = first.rewrite["text"]
    # 1. Protected tokens survive exactly.
    after = Counter()
    for token, count in protected_tokens(text, language).items():
        after[token] = rewritten.count(token)
        assert after[token] >= count, f"protected token {token!r} lost in rewrite:\n{rewritten}"
    if name:
        assert text.count(name) <= rewritten.count(name)
    # 2. The changes describe the edit exactly.
    rebuilt, pos = [], 0
    for change in first.rewrite["changes"]:
        assert text[change["start"]:change["end"]] == change["text"]
        rebuilt += [text[pos:change["start"]], change["replacement"]]
        pos = change["end"]
    assert "".join(rebuilt) + text[pos:] == rewritten
    # 3. Idempotent: rewriting the rewrite changes nothing.
    with offer_rule() if cards else contextlib.nullcontext():
        second = run(rewritten, language, message, name, channel, terms)
    # A second rewrite not offered because only minor swaps are left counts as unchanged, as in
    # scripts/measure_rewrite.py: the agent is offered nothing more with one click.
    assert (second.rewrite is None and second.rewrite_skipped == "minor_changes") \
        or second.rewrite["text"] == rewritten, f"not idempotent:\n{rewritten}\n---\n{(second.rewrite or {}).get('text')}"
    # 4. No fixable finding of the cleared categories remains unless the rewrite says why (`remaining`):
    # an edit that would give its sentence a new finding is refused, and the agent is told.
    explained = {r["rule"] for r in first.rewrite["remaining"]}
    if explained & FORMAL_ADDRESS_RULES or (language == "da" and addresses_formally(text)
                                            and addresses_formally(rewritten)):
        # A formal reply the rewrite could not turn to "du" throughout keeps "De" throughout, its acknowledgement too:
        # whether to say "du" stays the agent's call, on the cards.
        explained |= FORMAL_ADDRESS_RULES
    leftovers = [f for f in second.findings if f.category in CLEARED and f.replacements
                 and not re.search(r"…|\.\.\.|\[", f.replacements[0]) and f.rule not in explained
                 and not _blocked_by_lix(first, rewritten, f, language, channel)]
    assert not leftovers, f"rewrite still triggers {[(f.rule, f.text) for f in leftovers]}:\n{rewritten}"
    for r in first.rewrite["remaining"]:
        assert set(r) == {"id", "category", "rule", "reason"} and r["reason"]
    # 5. Not harder to read (where the measure means something: a readability verdict): LIX not higher /
    # Flesch not lower, or still within the easy band (an acknowledgement adds a few words, not difficulty).
    assert not _harder(first.readability, second.readability), (first.readability, second.readability)
    return rewritten, first, second


# "Very easy" and "easy" are one band for the guard (EASY_LIX / EASY_FLESCH bound both).
_BANDS = {"very_easy": 0, "easy": 0, "medium": 1, "difficult": 2, "very_difficult": 3}


def _harder(original, rewritten):
    """Whether a rewrite reads harder than the original (only with a verdict): in a harder band than the original's
    (the band is what the agent sees), or out of the easy band's bound. Within its band a reply may move by the
    guard's tolerance, and by what its plain edits do to the averages (a stock sentence gone, the acknowledgement)."""
    if not original.get("band") or not rewritten.get("band"):
        return False
    if _BANDS[rewritten["band"]] > _BANDS[original["band"]]:
        return True
    if _BANDS[original["band"]] > 0:
        # A medium reply shown as Flesch 70.0 (rounded from just under the easy bound) may move within its band: the
        # bound below applies only to a reply that was easy (250th drafts: 70.0 "medium" → 67.0 "medium").
        return False
    if original.get("lix") is not None:
        return original["lix"] <= EASY_LIX and rewritten["lix"] > EASY_LIX + 0.05
    return original["flesch_reading_ease"] >= EASY_FLESCH and rewritten["flesch_reading_ease"] < EASY_FLESCH - 0.05


def _blocked_by_lix(first, rewritten, finding, language, channel):
    """Whether applying `finding` to the rewrite would make it read harder than the original (so it must stay)."""
    if not first.readability.get("band"):
        return False
    applied = rules.apply_first_replacement(rewritten, finding)
    return _harder(first.readability, run(applied, language, channel=channel).readability)


# ------------------------------------------------------------------------------------- example drafts

DA_SAMPLES = [
    "Hej Jens. Din henvendelse er modtaget og din sag er eskaleret til 2nd level, som behandler den inden for SLA.",
    "Vi har oprettet en ticket hos udviklingsteamet vedr. fejlen, og der arbejdes på en workaround.",
    "Refusion kan ikke foretages, jf. vores forretningsbetingelser, da returneringen er sket efter fristen.",
]
EN_SAMPLES = [
    "Your request has been escalated to our Tier 2 team pursuant to our SLA.",
    "Please be advised that the ticket has been assigned to the backend queue for further investigation.",
    "Kindly note that the RMA will be processed upon receipt of the unit at our fulfilment centre.",
]


def load_examples():
    """The hand-written rewrite examples (tests/data/rewrite_examples.yaml) and the drafts of issue 13."""
    return [case for name in ("rewrite_examples.yaml", "rewrite_da_drafts.yaml", "rewrite_da_drafts_2.yaml",
                              "rewrite_da_drafts_3.yaml", "rewrite_en_drafts_3.yaml", "rewrite_da_drafts_4.yaml",
                              "rewrite_en_drafts_4.yaml", "rewrite_da_drafts_5.yaml", "rewrite_en_drafts_5.yaml",
                              "rewrite_da_drafts_6.yaml", "rewrite_en_drafts_6.yaml", "rewrite_da_drafts_7.yaml",
                              "rewrite_en_drafts_7.yaml", "rewrite_da_drafts_8.yaml", "rewrite_en_drafts_8.yaml",
                              "rewrite_da_drafts_9.yaml", "rewrite_en_drafts_9.yaml", "rewrite_da_drafts_10.yaml",
                              "rewrite_en_drafts_10.yaml", "rewrite_da_drafts_11.yaml", "rewrite_en_drafts_11.yaml",
                              "rewrite_da_drafts_12.yaml", "rewrite_en_drafts_12.yaml", "rewrite_da_drafts_13.yaml",
                              "rewrite_en_drafts_13.yaml", "rewrite_da_drafts_14.yaml", "rewrite_en_drafts_14.yaml",
                              "rewrite_da_drafts_15.yaml", "rewrite_en_drafts_15.yaml", "rewrite_da_drafts_16.yaml",
                              "rewrite_en_drafts_16.yaml", "rewrite_da_drafts_17.yaml", "rewrite_en_drafts_17.yaml",
                              "rewrite_da_drafts_18.yaml", "rewrite_en_drafts_18.yaml",
                              "rewrite_da_drafts_19.yaml", "rewrite_en_drafts_19.yaml",
                              "rewrite_da_drafts_20.yaml", "rewrite_en_drafts_20.yaml",
                              "rewrite_da_drafts_21.yaml", "rewrite_en_drafts_21.yaml",
                              "rewrite_da_drafts_22.yaml", "rewrite_en_drafts_22.yaml",
                              "rewrite_da_drafts_23.yaml", "rewrite_en_drafts_23.yaml",
                              "rewrite_da_drafts_24.yaml", "rewrite_en_drafts_24.yaml",
                              "rewrite_da_drafts_25.yaml", "rewrite_en_drafts_25.yaml",
                              "rewrite_da_drafts_26.yaml", "rewrite_en_drafts_26.yaml",
                              "rewrite_da_drafts_27.yaml", "rewrite_en_drafts_27.yaml",
                              "rewrite_da_drafts_28.yaml", "rewrite_en_drafts_28.yaml",
                              "rewrite_da_drafts_29.yaml", "rewrite_en_drafts_29.yaml",
                              "rewrite_da_drafts_30.yaml", "rewrite_en_drafts_30.yaml",
                              "rewrite_da_drafts_31.yaml", "rewrite_en_drafts_31.yaml",
                              "rewrite_da_drafts_32.yaml", "rewrite_en_drafts_32.yaml",
                              "rewrite_da_drafts_33.yaml", "rewrite_en_drafts_33.yaml",
                              "rewrite_da_drafts_34.yaml", "rewrite_en_drafts_34.yaml",
                              "rewrite_da_drafts_35.yaml", "rewrite_en_drafts_35.yaml",
                              "rewrite_da_drafts_36.yaml", "rewrite_en_drafts_36.yaml",
                              "rewrite_da_drafts_37.yaml", "rewrite_en_drafts_37.yaml",
                              "rewrite_da_drafts_38.yaml", "rewrite_en_drafts_38.yaml",
                              "rewrite_da_drafts_39.yaml", "rewrite_en_drafts_39.yaml",
                              "rewrite_da_drafts_40.yaml", "rewrite_en_drafts_40.yaml",
                              "rewrite_da_drafts_41.yaml", "rewrite_en_drafts_41.yaml",
                              "rewrite_da_drafts_42.yaml", "rewrite_en_drafts_42.yaml",
                              "rewrite_da_drafts_43.yaml", "rewrite_en_drafts_43.yaml",
                              "rewrite_da_drafts_44.yaml", "rewrite_en_drafts_44.yaml",
                              "rewrite_da_drafts_45.yaml", "rewrite_en_drafts_45.yaml",
                              "rewrite_da_drafts_46.yaml", "rewrite_en_drafts_46.yaml",
                              "rewrite_da_drafts_47.yaml", "rewrite_en_drafts_47.yaml",
                              "rewrite_da_drafts_48.yaml", "rewrite_en_drafts_48.yaml",
                              "rewrite_da_drafts_49.yaml", "rewrite_en_drafts_49.yaml",
                              "rewrite_da_drafts_50.yaml", "rewrite_en_drafts_50.yaml",
                              "rewrite_da_drafts_51.yaml", "rewrite_en_drafts_51.yaml",
                              "rewrite_da_drafts_52.yaml", "rewrite_en_drafts_52.yaml",
                              "rewrite_da_drafts_53.yaml", "rewrite_en_drafts_53.yaml",
                              "rewrite_da_drafts_54.yaml", "rewrite_en_drafts_54.yaml",
                              "rewrite_da_drafts_55.yaml", "rewrite_en_drafts_55.yaml",
                              "rewrite_da_drafts_56.yaml", "rewrite_en_drafts_56.yaml",
                              "rewrite_da_drafts_57.yaml", "rewrite_en_drafts_57.yaml",
                              "rewrite_da_drafts_58.yaml", "rewrite_en_drafts_58.yaml",
                              "rewrite_da_drafts_59.yaml", "rewrite_en_drafts_59.yaml",
                              "rewrite_da_drafts_60.yaml", "rewrite_en_drafts_60.yaml",
                              "rewrite_da_drafts_61.yaml", "rewrite_en_drafts_61.yaml",
                              "rewrite_da_drafts_62.yaml", "rewrite_en_drafts_62.yaml",
                              "rewrite_da_drafts_63.yaml", "rewrite_en_drafts_63.yaml",
                              "rewrite_da_drafts_64.yaml", "rewrite_en_drafts_64.yaml",
                              "rewrite_da_drafts_65.yaml", "rewrite_en_drafts_65.yaml",
                              "rewrite_da_drafts_66.yaml", "rewrite_en_drafts_66.yaml",
                              "rewrite_da_drafts_67.yaml", "rewrite_en_drafts_67.yaml",
                              "rewrite_da_drafts_68.yaml", "rewrite_en_drafts_68.yaml",
                              "rewrite_da_drafts_69.yaml", "rewrite_en_drafts_69.yaml",
                              "rewrite_da_drafts_70.yaml", "rewrite_en_drafts_70.yaml",
                              "rewrite_da_drafts_71.yaml", "rewrite_en_drafts_71.yaml",
                              "rewrite_da_drafts_72.yaml", "rewrite_en_drafts_72.yaml",
                              "rewrite_da_drafts_73.yaml", "rewrite_en_drafts_73.yaml",
                              "rewrite_da_drafts_74.yaml", "rewrite_en_drafts_74.yaml",
                              "rewrite_da_drafts_75.yaml", "rewrite_en_drafts_75.yaml",
                              "rewrite_da_drafts_76.yaml", "rewrite_en_drafts_76.yaml",
                              "rewrite_da_drafts_77.yaml", "rewrite_en_drafts_77.yaml",
                              "rewrite_da_drafts_78.yaml", "rewrite_en_drafts_78.yaml",
                              "rewrite_da_drafts_79.yaml", "rewrite_en_drafts_79.yaml",
                              "rewrite_da_drafts_80.yaml", "rewrite_en_drafts_80.yaml",
                              "rewrite_da_drafts_81.yaml", "rewrite_en_drafts_81.yaml",
                              "rewrite_da_drafts_82.yaml", "rewrite_en_drafts_82.yaml",
                              "rewrite_da_drafts_83.yaml", "rewrite_en_drafts_83.yaml",
                              "rewrite_da_drafts_84.yaml", "rewrite_en_drafts_84.yaml",
                              "rewrite_da_drafts_85.yaml", "rewrite_en_drafts_85.yaml",
                              "rewrite_da_drafts_86.yaml", "rewrite_en_drafts_86.yaml",
                              "rewrite_da_drafts_87.yaml", "rewrite_en_drafts_87.yaml",
                              "rewrite_da_drafts_88.yaml", "rewrite_en_drafts_88.yaml",
                              "rewrite_da_drafts_89.yaml", "rewrite_en_drafts_89.yaml",
                              "rewrite_da_drafts_90.yaml", "rewrite_en_drafts_90.yaml",
                              "rewrite_da_drafts_91.yaml", "rewrite_en_drafts_91.yaml",
                              "rewrite_da_drafts_92.yaml", "rewrite_en_drafts_92.yaml",
                              "rewrite_da_drafts_93.yaml", "rewrite_en_drafts_93.yaml",
                              "rewrite_da_drafts_94.yaml", "rewrite_en_drafts_94.yaml",
                              "rewrite_da_drafts_95.yaml", "rewrite_en_drafts_95.yaml",
                              "rewrite_da_drafts_96.yaml", "rewrite_en_drafts_96.yaml",
                              "rewrite_da_drafts_97.yaml", "rewrite_en_drafts_97.yaml",
                              "rewrite_da_drafts_98.yaml", "rewrite_en_drafts_98.yaml",
                              "rewrite_da_drafts_99.yaml", "rewrite_en_drafts_99.yaml",
                              "rewrite_da_drafts_100.yaml", "rewrite_en_drafts_100.yaml",
                              "rewrite_da_drafts_101.yaml", "rewrite_en_drafts_101.yaml",
                              "rewrite_da_drafts_102.yaml", "rewrite_en_drafts_102.yaml",
                              "rewrite_da_drafts_103.yaml", "rewrite_en_drafts_103.yaml",
                              "rewrite_da_drafts_104.yaml", "rewrite_en_drafts_104.yaml",
                              "rewrite_da_drafts_105.yaml", "rewrite_en_drafts_105.yaml",
                              "rewrite_da_drafts_106.yaml", "rewrite_en_drafts_106.yaml",
                              "rewrite_da_drafts_107.yaml", "rewrite_en_drafts_107.yaml",
                              "rewrite_da_drafts_108.yaml", "rewrite_en_drafts_108.yaml",
                              "rewrite_da_drafts_109.yaml", "rewrite_en_drafts_109.yaml",
                              "rewrite_da_drafts_110.yaml", "rewrite_en_drafts_110.yaml",
                              "rewrite_da_drafts_111.yaml", "rewrite_en_drafts_111.yaml",
                              "rewrite_da_drafts_112.yaml", "rewrite_en_drafts_112.yaml",
                              "rewrite_da_drafts_113.yaml", "rewrite_en_drafts_113.yaml",
                              "rewrite_da_drafts_114.yaml", "rewrite_en_drafts_114.yaml",
                              "rewrite_da_drafts_115.yaml", "rewrite_en_drafts_115.yaml",
                              "rewrite_da_drafts_116.yaml", "rewrite_en_drafts_116.yaml",
                              "rewrite_da_drafts_117.yaml", "rewrite_en_drafts_117.yaml",
                              "rewrite_da_drafts_118.yaml", "rewrite_en_drafts_118.yaml",
                              "rewrite_da_drafts_119.yaml", "rewrite_en_drafts_119.yaml",
                              "rewrite_da_drafts_120.yaml", "rewrite_en_drafts_120.yaml",
                              "rewrite_da_drafts_121.yaml", "rewrite_en_drafts_121.yaml",
                              "rewrite_da_drafts_122.yaml", "rewrite_en_drafts_122.yaml",
                              "rewrite_da_drafts_123.yaml", "rewrite_en_drafts_123.yaml",
                              "rewrite_da_drafts_124.yaml", "rewrite_en_drafts_124.yaml",
                              "rewrite_da_drafts_125.yaml", "rewrite_en_drafts_125.yaml",
                              "rewrite_da_drafts_126.yaml", "rewrite_en_drafts_126.yaml",
                              "rewrite_da_drafts_127.yaml", "rewrite_en_drafts_127.yaml",
                              "rewrite_da_drafts_128.yaml", "rewrite_en_drafts_128.yaml",
                              "rewrite_da_drafts_129.yaml", "rewrite_en_drafts_129.yaml",
                              "rewrite_da_drafts_130.yaml", "rewrite_en_drafts_130.yaml",
                              "rewrite_da_drafts_131.yaml", "rewrite_en_drafts_131.yaml",
                              "rewrite_da_drafts_132.yaml", "rewrite_en_drafts_132.yaml",
                              "rewrite_da_drafts_133.yaml", "rewrite_en_drafts_133.yaml",
                              "rewrite_da_drafts_134.yaml", "rewrite_en_drafts_134.yaml",
                              "rewrite_da_drafts_135.yaml", "rewrite_en_drafts_135.yaml",
                              "rewrite_da_drafts_136.yaml", "rewrite_en_drafts_136.yaml",
                              "rewrite_da_drafts_137.yaml", "rewrite_en_drafts_137.yaml",
                              "rewrite_da_drafts_138.yaml", "rewrite_en_drafts_138.yaml",
                              "rewrite_da_drafts_139.yaml", "rewrite_en_drafts_139.yaml",
                              "rewrite_da_drafts_140.yaml", "rewrite_en_drafts_140.yaml",
                              "rewrite_da_drafts_141.yaml", "rewrite_en_drafts_141.yaml",
                              "rewrite_da_drafts_142.yaml", "rewrite_en_drafts_142.yaml",
                              "rewrite_da_drafts_143.yaml", "rewrite_en_drafts_143.yaml",
                              "rewrite_da_drafts_144.yaml", "rewrite_en_drafts_144.yaml",
                              "rewrite_da_drafts_145.yaml", "rewrite_en_drafts_145.yaml",
                              "rewrite_da_drafts_146.yaml", "rewrite_en_drafts_146.yaml",
                              "rewrite_da_drafts_147.yaml", "rewrite_en_drafts_147.yaml",
                              "rewrite_da_drafts_148.yaml", "rewrite_en_drafts_148.yaml",
                              "rewrite_da_drafts_149.yaml", "rewrite_en_drafts_149.yaml",
                              "rewrite_da_drafts_150.yaml", "rewrite_en_drafts_150.yaml",
                              "rewrite_da_drafts_151.yaml", "rewrite_en_drafts_151.yaml",
                              "rewrite_da_drafts_152.yaml", "rewrite_en_drafts_152.yaml",
                              "rewrite_da_drafts_153.yaml", "rewrite_en_drafts_153.yaml",
                              "rewrite_da_drafts_154.yaml", "rewrite_en_drafts_154.yaml",
                              "rewrite_da_drafts_155.yaml", "rewrite_en_drafts_155.yaml",
                              "rewrite_da_drafts_156.yaml", "rewrite_en_drafts_156.yaml",
                              "rewrite_da_drafts_157.yaml", "rewrite_en_drafts_157.yaml",
                              "rewrite_da_drafts_158.yaml", "rewrite_en_drafts_158.yaml",
                              "rewrite_da_drafts_159.yaml", "rewrite_en_drafts_159.yaml",
                              "rewrite_da_drafts_160.yaml", "rewrite_en_drafts_160.yaml",
                              "rewrite_da_drafts_161.yaml", "rewrite_en_drafts_161.yaml",
                              "rewrite_da_drafts_162.yaml", "rewrite_en_drafts_162.yaml",
                              "rewrite_da_drafts_163.yaml", "rewrite_en_drafts_163.yaml",
                              "rewrite_da_drafts_164.yaml", "rewrite_en_drafts_164.yaml",
                              "rewrite_da_drafts_165.yaml", "rewrite_en_drafts_165.yaml",
                              "rewrite_da_drafts_166.yaml", "rewrite_en_drafts_166.yaml",
                              "rewrite_da_drafts_167.yaml", "rewrite_en_drafts_167.yaml",
                              "rewrite_da_drafts_168.yaml", "rewrite_en_drafts_168.yaml",
                              "rewrite_da_drafts_169.yaml", "rewrite_en_drafts_169.yaml",
                              "rewrite_da_drafts_170.yaml", "rewrite_en_drafts_170.yaml",
                              "rewrite_da_drafts_171.yaml", "rewrite_en_drafts_171.yaml",
                              "rewrite_da_drafts_172.yaml", "rewrite_en_drafts_172.yaml",
                              "rewrite_da_drafts_173.yaml", "rewrite_en_drafts_173.yaml",
                              "rewrite_da_drafts_174.yaml", "rewrite_en_drafts_174.yaml",
                              "rewrite_da_drafts_175.yaml", "rewrite_en_drafts_175.yaml",
                              "rewrite_da_drafts_176.yaml", "rewrite_en_drafts_176.yaml",
                              "rewrite_da_drafts_177.yaml", "rewrite_en_drafts_177.yaml",
                              "rewrite_da_drafts_178.yaml", "rewrite_en_drafts_178.yaml",
                              "rewrite_da_drafts_179.yaml", "rewrite_en_drafts_179.yaml",
                              "rewrite_da_drafts_180.yaml", "rewrite_en_drafts_180.yaml",
                              "rewrite_da_drafts_181.yaml", "rewrite_en_drafts_181.yaml",
                              "rewrite_da_drafts_182.yaml", "rewrite_en_drafts_182.yaml",
                              "rewrite_da_drafts_183.yaml", "rewrite_en_drafts_183.yaml",
                              "rewrite_da_drafts_184.yaml", "rewrite_en_drafts_184.yaml",
                              "rewrite_da_drafts_185.yaml", "rewrite_en_drafts_185.yaml",
                              "rewrite_da_drafts_186.yaml", "rewrite_en_drafts_186.yaml",
                              "rewrite_da_drafts_187.yaml", "rewrite_en_drafts_187.yaml",
                              "rewrite_da_drafts_188.yaml", "rewrite_en_drafts_188.yaml",
                              "rewrite_da_drafts_189.yaml", "rewrite_en_drafts_189.yaml",
                              "rewrite_da_drafts_190.yaml", "rewrite_en_drafts_190.yaml",
                              "rewrite_da_drafts_191.yaml", "rewrite_en_drafts_191.yaml",
                              "rewrite_da_drafts_192.yaml", "rewrite_en_drafts_192.yaml",
                              "rewrite_da_drafts_193.yaml", "rewrite_en_drafts_193.yaml",
                              "rewrite_da_drafts_194.yaml", "rewrite_en_drafts_194.yaml",
                              "rewrite_da_drafts_195.yaml", "rewrite_en_drafts_195.yaml",
                              "rewrite_da_drafts_196.yaml", "rewrite_en_drafts_196.yaml",
                              "rewrite_da_drafts_197.yaml", "rewrite_en_drafts_197.yaml",
                              "rewrite_da_drafts_198.yaml", "rewrite_en_drafts_198.yaml",
                              "rewrite_da_drafts_199.yaml", "rewrite_en_drafts_199.yaml",
                              "rewrite_da_drafts_200.yaml", "rewrite_en_drafts_200.yaml",
                              "rewrite_da_drafts_201.yaml", "rewrite_en_drafts_201.yaml",
                              "rewrite_da_drafts_202.yaml", "rewrite_en_drafts_202.yaml",
                              "rewrite_da_drafts_203.yaml", "rewrite_en_drafts_203.yaml",
                              "rewrite_da_drafts_204.yaml", "rewrite_en_drafts_204.yaml",
                              "rewrite_da_drafts_205.yaml", "rewrite_en_drafts_205.yaml",
                              "rewrite_da_drafts_206.yaml", "rewrite_en_drafts_206.yaml",
                              "rewrite_da_drafts_208.yaml",
                              "rewrite_en_drafts_207.yaml",
                              "rewrite_da_drafts_207.yaml",
                              "rewrite_en_drafts_208.yaml",
                              "rewrite_da_drafts_209.yaml",
                              "rewrite_en_drafts_209.yaml",
                              "rewrite_da_drafts_210.yaml",
                              "rewrite_en_drafts_210.yaml",
                              "rewrite_da_drafts_211.yaml",
                              "rewrite_en_drafts_211.yaml",
                              "rewrite_da_drafts_212.yaml",
                              "rewrite_en_drafts_212.yaml",
                              "rewrite_da_drafts_214.yaml",
                              "rewrite_en_drafts_213.yaml",
                              "rewrite_da_drafts_213.yaml",
                              "rewrite_en_drafts_214.yaml",
                              "rewrite_da_drafts_215.yaml",
                              "rewrite_en_drafts_215.yaml",
                              "rewrite_da_drafts_216.yaml",
                              "rewrite_en_drafts_216.yaml",
                              "rewrite_en_drafts_217.yaml",
                              "rewrite_da_drafts_217.yaml",
                              "rewrite_da_drafts_218.yaml",
                              "rewrite_en_drafts_218.yaml",
                              "rewrite_en_drafts_219.yaml",
                              "rewrite_da_drafts_219.yaml",
                              "rewrite_en_drafts_220.yaml",
                              "rewrite_da_drafts_220.yaml",
                              "rewrite_da_drafts_221.yaml",
                              "rewrite_en_drafts_221.yaml",
                              "rewrite_en_drafts_222.yaml",
                              "rewrite_da_drafts_222.yaml",
                              "rewrite_en_drafts_223.yaml",
                              "rewrite_da_drafts_223.yaml",
                              "rewrite_en_drafts_224.yaml",
                              "rewrite_en_drafts_225.yaml",
                              "rewrite_en_drafts_226.yaml",
                              "rewrite_en_drafts_227.yaml",
                              "rewrite_da_drafts_224.yaml",
                              "rewrite_da_drafts_225.yaml",
                              "rewrite_da_drafts_226.yaml",
                              "rewrite_da_drafts_227.yaml",
                              "rewrite_en_drafts_228.yaml",
                              "rewrite_da_drafts_228.yaml",
                              "rewrite_en_drafts_229.yaml",
                              "rewrite_da_drafts_229.yaml",
                              "rewrite_en_drafts_230.yaml",
                              "rewrite_da_drafts_230.yaml",
                              "rewrite_en_drafts_231.yaml",
                              "rewrite_da_drafts_231.yaml",
                              "rewrite_en_drafts_232.yaml",
                              "rewrite_da_drafts_232.yaml",
                              "rewrite_en_drafts_233.yaml",
                              "rewrite_da_drafts_233.yaml",
                              "rewrite_en_drafts_234.yaml",
                              "rewrite_da_drafts_234.yaml",
                              "rewrite_en_drafts_235.yaml",
                              "rewrite_da_drafts_235.yaml",
                              "rewrite_en_drafts_236.yaml",
                              "rewrite_da_drafts_236.yaml",
                              "rewrite_en_drafts_237.yaml",
                              "rewrite_da_drafts_237.yaml",
                              "rewrite_en_drafts_238.yaml",
                              "rewrite_da_drafts_238.yaml",
                              "rewrite_en_drafts_239.yaml",
                              "rewrite_da_drafts_239.yaml",
                              "rewrite_en_drafts_240.yaml",
                              "rewrite_da_drafts_240.yaml",
                              "rewrite_en_drafts_241.yaml",
                              "rewrite_da_drafts_241.yaml",
                              "rewrite_en_drafts_242.yaml",
                              "rewrite_da_drafts_242.yaml",
                              "rewrite_en_drafts_243.yaml",
                              "rewrite_da_drafts_243.yaml",
                              "rewrite_en_drafts_244.yaml",
                              "rewrite_da_drafts_244.yaml",
                              "rewrite_en_drafts_245.yaml",
                              "rewrite_da_drafts_245.yaml",
                              "rewrite_en_drafts_246.yaml",
                              "rewrite_da_drafts_246.yaml",
                              "rewrite_en_drafts_247.yaml",
                              "rewrite_da_drafts_247.yaml",
                              "rewrite_en_drafts_248.yaml",
                              "rewrite_da_drafts_248.yaml",
                              "rewrite_en_drafts_249.yaml",
                              "rewrite_da_drafts_249.yaml",
                              "rewrite_en_drafts_250.yaml",
                              "rewrite_da_drafts_250.yaml",
                              "rewrite_en_drafts_251.yaml",
                              "rewrite_da_drafts_251.yaml",
                              "rewrite_en_drafts_252.yaml",
                              "rewrite_da_drafts_252.yaml",
                              "rewrite_en_drafts_253.yaml",
                              "rewrite_da_drafts_253.yaml",
                              "rewrite_en_drafts_254.yaml",
                              "rewrite_da_drafts_254.yaml",
                              "rewrite_en_drafts_255.yaml",
                              "rewrite_da_drafts_255.yaml",
                              "rewrite_en_drafts_256.yaml",
                              "rewrite_da_drafts_256.yaml",
                              "rewrite_en_drafts_257.yaml",
                              "rewrite_da_drafts_257.yaml",
                              "rewrite_en_drafts_258.yaml",
                              "rewrite_da_drafts_258.yaml",
                              "rewrite_en_drafts_259.yaml",
                              "rewrite_da_drafts_259.yaml",
                              "rewrite_en_drafts_260.yaml",
                              "rewrite_da_drafts_260.yaml",
                              "rewrite_en_drafts_261.yaml",
                              "rewrite_da_drafts_261.yaml",
                              "rewrite_en_drafts_262.yaml",
                              "rewrite_da_drafts_262.yaml",
                              "rewrite_en_drafts_263.yaml",
                              "rewrite_da_drafts_263.yaml",
                              "rewrite_en_drafts_264.yaml",
                              "rewrite_da_drafts_264.yaml",
                              "rewrite_en_drafts_265.yaml",
                              "rewrite_da_drafts_265.yaml",
                              "rewrite_en_drafts_266.yaml",
                              "rewrite_da_drafts_266.yaml",
                              "rewrite_en_drafts_267.yaml",
                              "rewrite_da_drafts_267.yaml",
                              "rewrite_en_drafts_268.yaml",
                              "rewrite_da_drafts_268.yaml",
                              "rewrite_en_drafts_269.yaml",
                              "rewrite_da_drafts_269.yaml",
                              "rewrite_en_drafts_270.yaml",
                              "rewrite_da_drafts_270.yaml",
                              "rewrite_en_drafts_271.yaml",
                              "rewrite_da_drafts_271.yaml",
                              "rewrite_en_drafts_272.yaml",
                              "rewrite_da_drafts_272.yaml",
                              "rewrite_en_drafts_273.yaml",
                              "rewrite_da_drafts_273.yaml",
                              "rewrite_en_drafts_274.yaml",
                              "rewrite_da_drafts_274.yaml",
                              "rewrite_en_drafts_275.yaml",
                              "rewrite_da_drafts_275.yaml",
                              "rewrite_en_drafts_276.yaml",
                              "rewrite_da_drafts_276.yaml",
                              "rewrite_en_drafts_277.yaml",
                              "rewrite_da_drafts_277.yaml",
                              "rewrite_en_drafts_278.yaml",
                              "rewrite_da_drafts_278.yaml",
                              "rewrite_en_drafts_279.yaml",
                              "rewrite_da_drafts_279.yaml",
                              "rewrite_en_drafts_280.yaml",
                              "rewrite_da_drafts_280.yaml",
                              "rewrite_en_drafts_281.yaml",
                              "rewrite_da_drafts_281.yaml",
                              "rewrite_en_drafts_282.yaml",
                              "rewrite_da_drafts_282.yaml",
                              "rewrite_en_drafts_283.yaml",
                              "rewrite_da_drafts_283.yaml",
                              "rewrite_en_drafts_284.yaml",
                              "rewrite_da_drafts_284.yaml",
                              "rewrite_en_drafts_285.yaml",
                              "rewrite_da_drafts_285.yaml",
                              "rewrite_en_drafts_286.yaml",
                              "rewrite_da_drafts_286.yaml",
                              "rewrite_en_drafts_287.yaml",
                              "rewrite_da_drafts_287.yaml",
                              "rewrite_en_drafts_288.yaml",
                              "rewrite_da_drafts_288.yaml",
                              "rewrite_en_drafts_289.yaml",
                              "rewrite_da_drafts_289.yaml",
                              "rewrite_en_drafts_290.yaml",
                              "rewrite_da_drafts_290.yaml",
                              "rewrite_en_drafts_291.yaml",
                              "rewrite_da_drafts_291.yaml",
                              "rewrite_en_drafts_292.yaml",
                              "rewrite_da_drafts_292.yaml",
                              "rewrite_en_drafts_293.yaml",
                              "rewrite_da_drafts_293.yaml",
                              "rewrite_en_drafts_294.yaml",
                              "rewrite_da_drafts_294.yaml",
                              "rewrite_en_drafts_295.yaml",
                              "rewrite_da_drafts_295.yaml",
                              "rewrite_en_drafts_296.yaml",
                              "rewrite_da_drafts_296.yaml",
                              "rewrite_en_drafts_297.yaml",
                              "rewrite_da_drafts_297.yaml",
                              "rewrite_en_drafts_298.yaml",
                              "rewrite_da_drafts_298.yaml",
                              "rewrite_en_drafts_299.yaml",
                              "rewrite_da_drafts_299.yaml",
                              "rewrite_en_drafts_300.yaml",
                              "rewrite_da_drafts_300.yaml",
                              "rewrite_en_drafts_301.yaml",
                              "rewrite_da_drafts_301.yaml",
                              "rewrite_en_drafts_302.yaml",
                              "rewrite_da_drafts_302.yaml",
                              "rewrite_en_drafts_303.yaml",
                              "rewrite_da_drafts_303.yaml",
                              "rewrite_en_drafts_304.yaml",
                              "rewrite_da_drafts_304.yaml",
                              "rewrite_en_drafts_305.yaml",
                              "rewrite_da_drafts_305.yaml",
                              "rewrite_en_drafts_306.yaml",
                              "rewrite_da_drafts_306.yaml",
                              "rewrite_en_drafts_307.yaml",
                              "rewrite_da_drafts_307.yaml",
                              "rewrite_en_drafts_308.yaml",
                              "rewrite_da_drafts_308.yaml",
                              "rewrite_en_drafts_309.yaml",
                              "rewrite_da_drafts_309.yaml",
                              "rewrite_en_drafts_310.yaml",
                              "rewrite_da_drafts_310.yaml",
                              "rewrite_en_drafts_311.yaml",
                              "rewrite_da_drafts_311.yaml",
                              "rewrite_en_drafts_312.yaml",
                              "rewrite_da_drafts_312.yaml",
                              "rewrite_en_drafts_313.yaml",
                              "rewrite_da_drafts_313.yaml",
                              "rewrite_en_drafts_314.yaml",
                              "rewrite_da_drafts_314.yaml",
                              "rewrite_en_drafts_315.yaml",
                              "rewrite_da_drafts_315.yaml",
                              "rewrite_en_drafts_316.yaml",
                              "rewrite_da_drafts_316.yaml",
                              "rewrite_en_drafts_317.yaml",
                              "rewrite_da_drafts_317.yaml",
                              "rewrite_en_drafts_318.yaml",
                              "rewrite_da_drafts_318.yaml",
                              "rewrite_en_drafts_319.yaml",
                              "rewrite_da_drafts_319.yaml",
                              "rewrite_en_drafts_320.yaml",
                              "rewrite_da_drafts_320.yaml")
            for case in yaml.safe_load((DATA / name).read_text(encoding="utf-8"))]


@pytest.mark.parametrize("text", DA_SAMPLES, ids=[f"da-sample-{i + 1}" for i in range(len(DA_SAMPLES))])
def test_danish_sample_drafts_pass_every_invariant(text):
    rewritten, first, _ = assert_invariants(text, "da")
    assert rewritten != text


@pytest.mark.parametrize("text", EN_SAMPLES, ids=[f"en-sample-{i + 4}" for i in range(len(EN_SAMPLES))])
def test_english_sample_drafts_pass_every_invariant(text):
    rewritten, first, _ = assert_invariants(text, "en")
    assert rewritten != text


@pytest.mark.parametrize("case", load_examples(), ids=lambda c: c["id"])
def test_rewrite_examples(case):
    rewritten, first, second = assert_invariants(case["text"], case["language"], case.get("message"),
                                                 case.get("name"), case.get("channel", "email"))
    for phrase in case.get("contains", []):
        assert phrase in rewritten, f"{phrase!r} missing from:\n{rewritten}"
    for phrase in case.get("absent", []):
        assert phrase not in rewritten, f"{phrase!r} still in:\n{rewritten}"
    if case.get("unchanged"):
        assert rewritten == case["text"]
    assert_acknowledges_or_says_why(first, second, rewritten)


def assert_acknowledges_or_says_why(first, second, rewritten):
    """Where an acknowledgement was asked for, the rewrite has one or lists the finding as remaining."""
    asked = [f for f in first.findings if f.category == "missing_acknowledgement"]
    if not first.empathy.get("acknowledges") and asked and not second.empathy["acknowledges"]:
        remaining = {r["id"] for r in first.rewrite["remaining"]}
        assert asked[0].id in remaining, f"rewrite does not acknowledge and does not say why:\n{rewritten}"


def development_drafts():
    """Every draft of the empathy development and held-out sets, and the lexicon issue's sample drafts."""
    cases = []
    for language in ("da", "en"):
        data = yaml.safe_load((DATA / f"empathy_{language}.yaml").read_text(encoding="utf-8"))
        for section in ("drafts", "heldout"):
            for d in data.get(section) or []:
                cases.append(pytest.param(language, d["reply"], d.get("customer"), d.get("channel", "email"),
                                          id=d["id"]))
    for i, text in enumerate(DA_SAMPLES + EN_SAMPLES):
        cases.append(pytest.param("da" if i < 3 else "en", text, None, "email", id=f"lexicon-sample-{i + 1}"))
    return cases


@pytest.mark.parametrize("language, text, message, channel", development_drafts())
def test_development_drafts_keep_invariants_and_acknowledge(language, text, message, channel):
    rewritten, first, second = assert_invariants(text, language, message, channel=channel)
    assert_acknowledges_or_says_why(first, second, rewritten)


def test_plain_answer_to_a_plain_question_gets_no_acknowledgement():
    text = "Hi Oliver,\n\nI've just sent your order 55120. It will be with you on Friday.\n\nBest,\nAmy"
    result = run(text, "en")
    assert result.rewrite["text"] == text


def test_acknowledgement_after_a_run_on_greeting_keeps_the_case_right():
    result = run("Hej Maria, tak for din besked. Pakken er sendt i dag, og den er fremme i morgen.", "da",
                 message="Hvor er min pakke?? Den er STADIG ikke kommet, og det er tredje gang jeg skriver! Mvh Maria")
    assert re.match(r"Hej Maria, jeg (?:kan godt forstå|forstår godt), at ", result.rewrite["text"]), result.rewrite["text"]
    assert ". Pakken er sendt i dag" in result.rewrite["text"]


def test_split_never_starts_a_sentence_with_a_subordinate_clause():
    text = ("Hej Jonas\n\nJeg har talt med vores lager om din ordre i Horsens i går, men at den desværre ikke nåede "
            "med bilen, fordi chaufføren var kørt, og den kommer derfor først med næste bil på mandag formiddag.")
    result = run(text, "da")
    rewritten = result.rewrite["text"] if result.rewrite else text  # a split alone is not offered (minor)
    assert "Men at" not in rewritten


def test_reply_that_needs_nothing_comes_back_unchanged():
    text = "Hej Maria,\n\nJeg kan godt forstå, at du venter på din pakke. Jeg sender en ny i dag.\n\nMvh\nJens"
    result = run(text, "da", message="Min pakke er ikke kommet. Mvh Maria")
    assert result.rewrite["text"] == text
    assert result.rewrite["changes"] == []


def test_chat_reply_gets_no_letter_greeting(offer_every_rewrite):
    result = run("Din sag er eskaleret til 2nd level.", "da", message="Hvor er min pakke?? /Maria",
                 channel="chat")
    assert not result.rewrite["text"].startswith("Hej")


def test_rewrite_is_null_when_not_asked_for():
    result = analyze(CheckRequest(text="Din sag er eskaleret.", language="da", rewrite=False))
    assert result.rewrite is None
    assert result.to_dict()["rewrite"] is None


def test_team_product_name_is_protected():
    terms = parse_terms([{"term": "KlarBox Pro", "kind": "allowed"}])
    rewritten, *_ = assert_invariants("Din KlarBox Pro er eskaleret til 2nd level.", "da", terms=terms)
    assert "KlarBox Pro" in rewritten


# -------------------------------------------------------------------------------------- unit level

def test_replacement_edit_keeps_offsets_and_records_change(offer_every_rewrite):
    text = "Hej,\n\nDin sag er eskaleret til 2nd level 😀 i dag."
    phrase = "er eskaleret til 2nd level"
    start = text.index(phrase)
    finding = Finding("internal_language", "da.test.x", "warning", "m", start, start + len(phrase), phrase,
                      ("er sendt videre til en kollega",))
    doc = Document(text=text, language="da")
    result = rewrite(doc, finalize([finding]), {"acknowledges": True})
    assert "Din sag er sendt videre til en kollega 😀 i dag." in result["text"]
    assert {"start": start, "end": start + len(phrase), "text": phrase,
            "replacement": "er sendt videre til en kollega", "rule": "da.test.x"} in result["changes"]


def test_placeholder_replacements_are_never_inserted():
    text = "Det kan vi ikke."
    finding = Finding("negative_phrasing", "da.test.neg", "warning", "m", 4, 15, "kan vi ikke",
                      ("Det, vi kan gøre, er …",))
    result = rewrite(Document(text=text, language="da"), finalize([finding]), {"acknowledges": True})
    assert result["text"] == text


def test_edit_touching_a_protected_number_is_dropped():
    text = "Beløbet på 249 kr. refunderes."
    start = text.index("249 kr. refunderes")
    finding = Finding("passive", "da.test.p", "suggestion", "m", start, len(text) - 1, text[start:-1],
                      ("vi betaler pengene tilbage",))
    result = rewrite(Document(text=text, language="da"), finalize([finding]), {"acknowledges": True})
    assert "249 kr." in result["text"]


def test_english_article_follows_the_replacement(offer_every_rewrite):
    text = "We opened a ticket for you."
    start = text.index("ticket")
    finding = Finding("internal_language", "en.test.t", "warning", "m", start, start + 6, "ticket",
                      ("issue",))
    result = rewrite(Document(text=text, language="en"), finalize([finding]), {"acknowledges": True})
    assert result["text"].endswith("We opened an issue for you.")


def test_a_swap_the_guard_gave_up_is_made_where_the_rewrite_of_the_rewrite_would_make_it():
    """Found by the generated drafts: the acknowledgement made the reply a little harder, so "escalated to our Tier 2
    team" was given up for readability, and the rewrite of the rewrite (held to its own readability) swapped it."""
    text = "Hi Maria,\n\nYour request has been escalated to our Tier 2 team. " + " ".join(["I'm sending the parcel today."] * 4)
    assert_invariants(text, "en", CUSTOMER["en"])


# ------------------------------------------------------------------------------- generated drafts

DA_FRAGMENTS = [
    "Din sag er eskaleret til 2nd level.", "Vi har oprettet en ticket.", "Jeg sender pakken i dag.",
    "Beløbet på 1.299,95 kr. er på vej.", "Ordre 482913 blev sendt d. 14. marts.",
    "Skriv til support@example.dk, hvis noget driller.", "Du kan følge den på https://example.dk/spor/123.",
    "Vi beklager ulejligheden.", "Tak for din henvendelse.", "Jeg kan ikke hjælpe dig med dette.",
    "Refusion kan ikke foretages, jf. vores forretningsbetingelser.", "Kl. 14.30 ringer jeg til dig 😀",
    "Vi har foretaget en undersøgelse af sagen, og vi vender tilbage hurtigst muligt, så snart vi har "
    "et svar fra lageret, og så får du besked på mail med det samme.",
]
EN_FRAGMENTS = [
    "Your request has been escalated to our Tier 2 team.", "Please be advised that the ticket is open.",
    "I'm sending the parcel today.", "The refund of $129.95 is on its way.", "Order #482913 left on 14 March.",
    "Email support@example.com if anything goes wrong.", "Track it at https://example.com/track/123.",
    "We apologise for any inconvenience caused.", "Thank you for contacting us.", "We can't do that.",
    "Kindly note that the RMA will be processed upon receipt of the unit.", "I'll call you at 2:30 pm 😀",
    "We have carried out a review of your case, and we will get back to you as soon as we have heard from "
    "the warehouse, and then you will get an email with the answer straight away.",
]


@st.composite
def drafts(draw, fragments):
    """A draft made of realistic fragments, sometimes with a greeting and a sign-off."""
    body = " ".join(draw(st.lists(st.sampled_from(fragments), min_size=1, max_size=6)))
    if draw(st.booleans()):
        body = draw(st.sampled_from(["Hej,", "Hej Maria,", "Hi,", "Hi Maria,"])) + "\n\n" + body
    if draw(st.booleans()):
        body += "\n\n" + draw(st.sampled_from(["Med venlig hilsen\nJens", "Best regards,\nSam"]))
    return body


CUSTOMER = {"da": "Min pakke er STADIG ikke kommet!!! Mvh Maria",
            "en": "My parcel still hasn't arrived! Best, Maria"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=drafts(DA_FRAGMENTS), with_customer=st.booleans())
def test_generated_danish_drafts_keep_invariants(text, with_customer):
    assert_invariants(text, "da", CUSTOMER["da"] if with_customer else None)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=drafts(EN_FRAGMENTS), with_customer=st.booleans())
def test_generated_english_drafts_keep_invariants(text, with_customer):
    assert_invariants(text, "en", CUSTOMER["en"] if with_customer else None)
