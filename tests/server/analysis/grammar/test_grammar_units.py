"""Units of the grammar package: LanguageTool JSON mapping, breaker, cache, paragraphs, settings."""

from __future__ import annotations

import pytest

from klarsvar.analysis.grammar import GrammarSettings, split_paragraphs
from klarsvar.analysis.grammar.breaker import CircuitBreaker
from klarsvar.analysis.grammar.cache import LRUCache
from klarsvar.analysis.grammar.languagetool import LanguageToolFailure, classify, parse_check_response
from tests.support.lt_server import lt_matches, utf16_offset


def _match(offset, length, rule_id="R", issue="grammar", category="GRAMMAR", replacements=("x",)):
    return {"offset": offset, "length": length, "message": "msg",
            "replacements": [{"value": r} for r in replacements],
            "rule": {"id": rule_id, "issueType": issue, "category": {"id": category, "name": category}}}


def test_utf16_offsets_are_converted_once_including_length_across_emoji():
    text = "😀 a 👍b teh 🚚 x"
    # A match that itself spans an emoji: LanguageTool's length counts it as 2 units.
    start, end = text.index("👍"), text.index("teh") + 3
    u_start, u_end = utf16_offset(text, start), utf16_offset(text, end)
    findings = parse_check_response({"matches": [_match(u_start, u_end - u_start)]}, text, "en")
    assert [(f.start, f.end, f.text) for f in findings] == [(start, end, "👍b teh")]


def test_the_protocol_server_and_the_parser_agree_on_offsets():
    text = "Hej 😀😀 teh og pakkken 🇩🇰 teh"
    findings = parse_check_response({"matches": lt_matches(text)}, text, "da")
    assert [f.text for f in findings] == ["teh", "pakkken", "teh"]
    assert all(text[f.start:f.end] == f.text for f in findings)


def test_matches_outside_the_text_are_dropped_and_malformed_answers_raise():
    text = "short"
    assert parse_check_response({"matches": [_match(3, 10)]}, text, "en") == []
    assert parse_check_response({"matches": [_match(-1, 2)]}, text, "en") == []
    for payload in (None, [], {"matches": "x"}, {"matches": [{"offset": "1", "length": 1, "rule": {"id": "R"}}]},
                    {"matches": [{"offset": 1}]}):
        with pytest.raises(LanguageToolFailure) as info:
            parse_check_response(payload, text, "en")
        assert info.value.kind == "garbage"


def test_replacements_are_capped_deduplicated_and_rule_ids_prefixed():
    text = "abc def"
    f = parse_check_response({"matches": [_match(0, 3, "SOME_RULE[1]", replacements=list("aabcdefg"))]}, text, "en")[0]
    assert f.replacements == ("a", "b", "c", "d", "e")
    assert f.rule == "lt.SOME_RULE1" and f.source == "languagetool"


@pytest.mark.parametrize("rule, expected", [
    ({"issueType": "misspelling", "category": {"id": "TYPOS"}}, ("spelling", "error")),
    ({"issueType": "typographical", "category": {"id": "TYPOS"}}, ("spelling", "error")),
    ({"issueType": "grammar", "category": {"id": "GRAMMAR"}}, ("grammar", "error")),
    ({"issueType": "duplication", "category": {"id": "MISC"}}, ("grammar", "error")),
    ({"issueType": "style", "category": {"id": "STYLE"}}, ("grammar", "suggestion")),
    ({"issueType": "uncategorized", "category": {"id": "REDUNDANCY"}}, ("grammar", "suggestion")),
    ({}, ("grammar", "error")),
])
def test_category_mapping(rule, expected):
    assert classify(rule) == expected


def test_breaker_opens_after_threshold_and_half_opens_after_cooldown():
    now = [0.0]
    breaker = CircuitBreaker(threshold=2, cooldown_seconds=10, clock=lambda: now[0])
    assert breaker.allow()
    breaker.record_failure("HTTP 500")
    assert breaker.state == "closed"
    breaker.record_failure("HTTP 500")
    assert breaker.state == "open" and not breaker.allow()
    assert breaker.seconds_until_retry() == 10
    now[0] = 10.5
    assert breaker.state == "half_open"
    assert breaker.allow() and not breaker.allow()  # one probe at a time
    breaker.record_failure("down")
    assert breaker.state == "open"  # a failed probe re-opens at once
    now[0] = 21
    assert breaker.allow()
    breaker.record_success()
    assert breaker.state == "closed" and breaker.consecutive_failures == 0


def test_lru_cache_evicts_least_recently_used():
    cache = LRUCache(max_entries=2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1
    cache.put("c", 3)
    assert cache.get("b") is None and cache.get("a") == 1 and cache.get("c") == 3
    assert len(cache) == 2


def test_paragraphs_split_on_blank_lines_with_crlf_and_keep_offsets():
    text = "Hej Maria,\r\n\r\nFørste afsnit\r\nfortsætter.\n \n\n\nAndet 😀 afsnit.\n\n"
    parts = split_paragraphs(text)
    assert [p for _, p in parts] == ["Hej Maria,", "Første afsnit\r\nfortsætter.", "Andet 😀 afsnit."]
    assert all(text[base:base + len(p)] == p for base, p in parts)


def test_settings_from_env_and_overrides():
    env = {"KLARSVAR_LANGUAGETOOL": "Remote", "KLARSVAR_LANGUAGETOOL_URL": " http://lt:8081 ",
           "KLARSVAR_GRAMMAR_BUDGET": "0.8"}
    settings = GrammarSettings.from_env(env)
    assert (settings.mode, settings.url, settings.budget_seconds) == ("remote", "http://lt:8081", 0.8)
    assert GrammarSettings.from_env(env, mode="off", url=None).mode == "off"
    with pytest.raises(ValueError):
        GrammarSettings(mode="cloud")
    with pytest.raises(ValueError):
        GrammarSettings.from_env({"KLARSVAR_GRAMMAR_BUDGET": "soon"})
