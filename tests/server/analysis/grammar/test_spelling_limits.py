"""The offline speller on hostile input: over-long tokens are skipped, the grammar budget is respected,
and the never-flag patterns stay linear on long runs."""

from __future__ import annotations

import base64
import random
import time

import pytest

from klarsvar.analysis.document import Document
from klarsvar.analysis.grammar.spelling import (
    _NEW_WORDS_SECONDS,
    MAX_WORD_LENGTH,
    NEVER_CHECK,
    OfflineSpelling,
    SpellingContext,
    load_spellers,
)
from tests.support.lt_server import wait_until


@pytest.fixture(scope="module")
def spelling():
    """The real dictionaries, loaded once for the module."""
    spellers, problems = load_spellers()
    assert set(spellers) == {"da", "en"}, problems
    return OfflineSpelling(spellers)


def context_for(text: str, language: str) -> SpellingContext:
    """The never-flag context of a plain document."""
    return SpellingContext.from_document(Document(text=text, language=language))


def random_non_words(count: int, seed: int) -> list[str]:
    """`count` distinct consonant strings no dictionary knows (and no cache has seen)."""
    rng = random.Random(seed)
    words: set[str] = set()
    while len(words) < count:
        words.add("".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(rng.randint(6, 10))))
    return sorted(words)


BASE_WORDS = {
    "en": "customer delivery package tomorrow payment refund shipping address warehouse replacement "
          "confirmation subscription",
    "da": "kunde levering pakke betaling refusion forsendelse adresse lager ombytning bekræftelse "
          "abonnement faktura",
}


def typos(spelling, language: str, count: int, seed: int) -> list[str]:
    """`count` distinct typos no cache has seen: two neighbouring letters swapped, a letter doubled or one
    left out in an ordinary word (the slips the speller has evidence for)."""
    rng = random.Random(seed)
    speller = spelling.spellers[language]
    bases = BASE_WORDS[language].split()
    out: set[str] = set()
    while len(out) < count:
        word = rng.choice(bases) + rng.choice(("", "s", "er", "en", "ing", "ed", "et"))
        i = rng.randrange(1, len(word) - 1)
        slip = rng.choice((word[:i] + word[i + 1] + word[i] + word[i + 2:], word[:i] + word[i] + word[i:],
                           word[:i] + word[i + 1:]))
        if speller.is_known(word, compounds=False) and not speller.is_known(slip, compounds=False) \
                and speller.cached_verdict(slip) is None:
            out.add(slip)
    return sorted(out)


def generous(spelling, text: str, language: str):
    """Every word judged now, however long it takes (suggestion allowance out of the way)."""
    return spelling.check_spans(text, [(0, len(text))], context_for(text, language), deadline=time.monotonic() + 30,
                                suggest_seconds=30, word_seconds=5)[0]


@pytest.mark.parametrize("language, at_limit", [
    ("da", "kundeservicemedarbejderens-bestilingerne"), ("en", "customer-service-representative-recieves")])
def test_a_token_longer_than_the_limit_is_not_spell_checked(spelling, language, at_limit):
    assert len(at_limit) == MAX_WORD_LENGTH
    over = at_limit + "s"
    text = f"Tak {over} og {at_limit} slut." if language == "da" else f"Thanks {over} and {at_limit} done."
    findings = generous(spelling, text, language)
    assert [f.text for f in findings] == [at_limit]  # the limit itself is still checked
    before_full_stop = f"{text} {at_limit}."
    findings = generous(spelling, before_full_stop, language)
    assert [f.text for f in findings] == [at_limit, at_limit]  # not mistaken for an abbreviation with its dot


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_limit_applies_to_the_speller_itself_too(spelling, language):
    speller = spelling.spellers[language]
    assert speller.is_known("q" * (MAX_WORD_LENGTH + 1)) is True  # not judged, so never flagged
    assert speller.suggest("q" * (MAX_WORD_LENGTH + 1), time.monotonic() + 5) == ()
    assert speller.is_known("q" * 12) is False
    assert speller.judge("q" * (MAX_WORD_LENGTH + 1), time.monotonic() + 5)[0] == "known"


def test_real_long_danish_compounds_are_under_the_limit(spelling):
    words = ["kundeservicemedarbejderen", "ordrebekræftelsesmailen", "returneringsbekræftelsen"]
    assert all(len(w) <= MAX_WORD_LENGTH for w in words)
    text = " ".join(words) + " kundeservisemedarbejderen"
    findings = generous(spelling, text, "da")
    assert [f.text for f in findings] == ["kundeservisemedarbejderen"]
    assert findings[0].replacements[0] == "kundeservicemedarbejderen"


def test_a_check_that_runs_out_of_budget_returns_what_it_found_and_says_incomplete(spelling):
    words = typos(spelling, "en", 400, seed=11)
    text = " ".join(words)
    context = context_for(text, "en")
    findings, complete = spelling.check_spans(text, [(0, len(text))], context, deadline=time.monotonic() - 1)
    assert (findings, complete) == ([], False)  # nothing checked after the deadline

    deadline = time.monotonic() + 0.03
    findings, complete = spelling.check_spans(text, [(0, len(text))], context, deadline=deadline,
                                              suggest_seconds=30, word_seconds=5)
    assert complete is False
    found = [f.text for f in findings]
    assert 0 < len(found) < len(words)
    assert set(found) <= set(words[: words.index(found[-1]) + 1])  # in text order, up to where time ran out


def test_new_words_without_time_are_never_guessed_but_judged_for_the_next_check(spelling):
    words = typos(spelling, "en", 3, seed=23)
    text = "We " + " ".join(words) + " it."
    findings, complete = spelling.check_spans(text, [(0, len(text))], context_for(text, "en"),
                                              deadline=time.monotonic() + 5, suggest_seconds=0)
    assert findings == [] and complete is False  # not flagged unjudged, and the check says it is incomplete
    assert spelling.spellers["en"].wait_for_pending(10)
    findings, complete = spelling.check_spans(text, [(0, len(text))], context_for(text, "en"),
                                              deadline=time.monotonic() + 5, suggest_seconds=0)
    assert [f.text for f in findings] == words and complete is True
    assert all(f.replacements for f in findings)


def test_twenty_new_unknown_words_do_not_double_a_300_word_check(spelling):
    """Issue 14: no check of a 300-word reply with 20 new unknown words takes more than 2× one without."""
    from tests.server.analysis.grammar.test_grammar_offline import three_hundred_words

    text = three_hundred_words("en")
    spelling.check_spans(text, [(0, len(text))], context_for(text, "en"), deadline=time.monotonic() + 5)

    def best_of(texts) -> float:
        times = []
        for t in texts:
            spelling.spellers["en"].wait_for_pending(10)  # the agent's next check comes seconds later
            context = context_for(t, "en")  # the context is part of a check
            started = time.perf_counter()
            spelling.check_spans(t, [(0, len(t))], context, deadline=time.monotonic() + 5)
            times.append(time.perf_counter() - started)
        return sorted(times)[len(times) // 2]

    plain = best_of([text] * 5)
    words = text.split()
    burst = []
    for seed in range(5):
        fresh = random_non_words(10, seed=100 + seed) + typos(spelling, "en", 10, seed=200 + seed)
        mixed = list(words)
        for k, w in enumerate(fresh):
            mixed[10 + k * 12] = w  # 20 of the 300 words are new to every cache
        burst.append(" ".join(mixed))
    with_new = best_of(burst)
    # New words cost at most their allowance (8 ms), whatever their number: under the ~10 ms that the
    # rest of a 300-word /v1/check costs (docs/quality/spelling.md has the end-to-end measurement).
    assert with_new < plain + 2 * _NEW_WORDS_SECONDS, (with_new, plain)
    spelling.spellers["en"].wait_for_pending(10)


def test_a_finished_check_is_complete_and_quiet_without_evidence(spelling):
    words = random_non_words(3, seed=31)  # no dictionary word is a likely slip away: names, tags, new words
    text = "We " + " ".join(words) + " it."
    findings, complete = spelling.check_spans(text, [(0, len(text))], context_for(text, "en"),
                                              deadline=time.monotonic() + 5, suggest_seconds=30, word_seconds=5)
    assert findings == [] and complete is True


def test_a_finished_check_is_complete(spelling):
    text = "We will recieve it soon."
    fresh = OfflineSpelling(spelling.spellers)  # its own allowance, not drained by the tests before
    findings, complete = fresh.check_spans(text, [(0, len(text))], context_for(text, "en"),
                                           deadline=time.monotonic() + 5)
    assert [f.text for f in findings] == ["recieve"] and complete is True


def test_checks_in_quick_succession_share_one_allowance_for_new_words(spelling):
    """A check and the rewrite's re-checks of it must not each take a fresh allowance: one bucket, refilled
    at its size a second."""
    fresh = OfflineSpelling(spelling.spellers)
    assert fresh._allowance(_NEW_WORDS_SECONDS) == pytest.approx(_NEW_WORDS_SECONDS)
    fresh._spend(_NEW_WORDS_SECONDS)  # a check used it all
    assert fresh._allowance(_NEW_WORDS_SECONDS) < 0.1 * _NEW_WORDS_SECONDS  # the next check gets ~nothing
    time.sleep(0.5)
    assert fresh._allowance(_NEW_WORDS_SECONDS) == pytest.approx(0.5 * _NEW_WORDS_SECONDS, rel=0.3)
    assert fresh._allowance(30) == 30  # tools and tests that ask for more judge everything now
    text = " ".join(random_non_words(60, seed=41))
    fresh._spend(_NEW_WORDS_SECONDS)
    _findings, complete = fresh.check_spans(text, [(0, len(text))], context_for(text, "en"),
                                            deadline=time.monotonic() + 5)
    assert complete is False  # the new words wait for the background instead of a fresh allowance
    spelling.spellers["en"].wait_for_pending(10)


def test_the_service_reports_incomplete_when_the_builtin_speller_exceeds_the_budget(grammar_service, spelling):
    service = grammar_service(mode="auto", budget_seconds=0.3)
    assert wait_until(lambda: service.status()["engine"] == "builtin" and service.status()["ready"], 10)
    service.check(Document(text="Vi sender pakken.", language="da"))  # dictionaries loaded
    wait_until(lambda: service.check(Document(text="Vi sender pakken.", language="da"))[1].complete, 10)
    words = typos(spelling, "da", 400, seed=5)
    findings, status = service.check(Document(text=" ".join(words), language="da"))
    assert status.engine == "builtin" and status.complete is False
    assert len(findings) < len(words)


PATHOLOGICAL = {
    "one letter": "b" * 49_999,
    "letters and an emoji": "a" * 49_999 + "😀",
    "Danish letter": "æ" * 49_999,
    "hyphen chain": "a-" * 24_999,
    "path-like": "abc/" * 12_499,
    "dotted": "a." * 24_999,
    "hyphenated words": "kunde-" * 8_333,
    "base64": base64.b64encode(random.Random(1).randbytes(37_000)).decode()[:49_999],
    "5,000 emoji": "😀" * 5_000,
}


@pytest.mark.parametrize("shape", sorted(PATHOLOGICAL))
def test_pathological_50k_inputs_stay_fast(grammar_service, shape):
    """Regression guard for quadratic paths (these took 6–66 s): one generous bound, 2 s, per input."""
    service = grammar_service(mode="auto")
    assert wait_until(lambda: service.status()["engine"] == "builtin" and service.status()["ready"], 10)
    service.check(Document(text="Vi sender pakken.", language="da"))
    wait_until(lambda: service.check(Document(text="Vi sender pakken.", language="da"))[1].complete, 10)
    text = PATHOLOGICAL[shape]
    for language in ("da", "en"):
        started = time.monotonic()
        service.check(Document(text=text, language=language))
        assert time.monotonic() - started < 2.0, (shape, language)


def test_never_check_patterns_still_find_what_they_did():
    text = ("Skriv til kunde.service@firma.dk eller se firma.dk/retur og www.x.dk. Sag #12345, ordre A-2231/b, "
            "@support, 2nd level, `pip install`.")
    found = [m.group() for m in NEVER_CHECK.finditer(text)]
    assert found == ["kunde.service@firma.dk", "firma.dk/retur", "www.x.dk.", "#12345", "A-2231/b",
                     "@support", "2nd", "`pip install`"]


@pytest.mark.parametrize("language, text, wrong, right", [
    ("da", "Vi sender pakken imorgen.", "imorgen", "i morgen"),
    ("da", "Imorgen sender vi pakken.", "Imorgen", "I morgen"),
    ("da", "Pakken kom idag.", "idag", "i dag"),
    ("da", "Den blev sendt igår.", "igår", "i går"),
    ("da", "Det er ihvertfald iorden nu.", "ihvertfald", "i hvert fald"),
    ("da", "Vi ringer istedet.", "istedet", "i stedet"),
    ("da", "Iøvrigt er den sendt.", "Iøvrigt", "I øvrigt"),
    ("en", "Thankyou for waiting.", "Thankyou", "Thank you"),
    ("en", "It helps alot.", "alot", "a lot"),
])
def test_expressions_written_as_one_word_get_their_split_form(spelling, language, text, wrong, right):
    findings = spelling.check_span(text, 0, len(text), context_for(text, language), deadline=time.monotonic() + 5)
    hits = [f for f in findings if f.text == wrong]
    assert len(hits) == 1, findings
    assert hits[0].replacements == (right,)
    assert hits[0].rule == f"{language}.spelling.written_apart" and right in hits[0].message


def test_written_apart_forms_are_not_flagged(spelling):
    text = "Vi sender den i morgen, i dag eller i går i hvert fald, og i øvrigt er alt i orden."
    assert spelling.check_span(text, 0, len(text), context_for(text, "da"), deadline=time.monotonic() + 5) == []


@pytest.mark.parametrize("language, wrong, first", [
    ("en", "refnd", "refund"),      # a dropped vowel beats a stray letter ("rend")
    ("en", "teh", "the"),
    ("en", "adress", "address"),
    ("en", "shiping", "shipping"),
    ("en", "custmer", "customer"),
    ("en", "payement", "payment"),
    ("en", "sory", "sorry"),
    ("da", "undskyl", "undskyld"),
    ("da", "modtagt", "modtaget"),
    ("da", "hjælbe", "hjælpe"),
    ("da", "bestilingen", "bestillingen"),
])
def test_the_likeliest_correction_comes_first(spelling, language, wrong, first):
    assert spelling.spellers[language].suggest(wrong, time.monotonic() + 5)[0] == first


@pytest.mark.parametrize("typo, candidate, kind", [
    ("recieve", "receive", 0), ("tomorow", "tomorrow", 0), ("adresss", "adress", 0), ("refnd", "refund", 0),
    ("hjælbe", "hjælpe", 0), ("bekaler", "beklager", 3), ("beklaer", "beklager", 1), ("refnd", "rend", 2),
    ("cat", "cut", 1), ("payement", "payment", 1),
])
def test_typo_kinds(typo, candidate, kind):
    from klarsvar.analysis.grammar.spelling import _typo_kind

    assert _typo_kind(typo, candidate) == kind


# Common typos in customer-service replies with their intended word, written for the ranking change
# (docs/quality/spelling.md): top-1 was 34/40 (en) and 19/26 (da) before it, 39/40 and 25/26 after; with the
# word-frequency prior (issue 20) 40/40 and 27/27 (the Danish set has 27 pairs).
TYPO_SET = {
    "en": (
        "recieve:receive adress:address refnd:refund delivry:delivery custmer:customer shiping:shipping "
        "pakage:package tomorow:tomorrow teh:the untill:until seperate:separate wich:which becuase:because "
        "thier:their acount:account payement:payment availible:available problm:problem ordr:order "
        "replacment:replacement arive:arrive recieved:received reciept:receipt sory:sorry plese:please "
        "informaton:information hapy:happy emial:email passwrod:password returnd:returned begining:beginning "
        "occured:occurred wierd:weird truely:truly writting:writing refudn:refund trackng:tracking "
        "delivred:delivered invocie:invoice adresss:address"
    ),
    "da": (
        "forsinkelsn:forsinkelsen bestilingen:bestillingen hjælbe:hjælpe kundeservise:kundeservice "
        "venglig:venlig beklaer:beklager pakkken:pakken modtaet:modtaget desvære:desværre "
        "leveringn:leveringen tilbagebetalning:tilbagebetaling undskyl:undskyld adressn:adressen "
        "bestiling:bestilling returnring:returnering spøgsmål:spørgsmål problemmer:problemer vendlig:venlig "
        "modtagt:modtaget inforamtion:information kvitering:kvittering forsendlese:forsendelse hilsn:hilsen "
        "pengen:pengene ordere:ordre betalnig:betaling sendnig:sending"
    ),
}


@pytest.mark.parametrize("language, floor", [("en", 39), ("da", 26)])
def test_first_suggestion_is_the_intended_word_for_most_common_typos(spelling, language, floor):
    speller = spelling.spellers[language]
    pairs = [pair.split(":") for pair in TYPO_SET[language].split()]
    right = sum(1 for wrong, intended in pairs if (speller.suggest(wrong, time.monotonic() + 5) or ("",))[0] == intended)
    assert right >= floor, (right, len(pairs))


def test_blocked_span_lookup_agrees_with_a_plain_scan():
    rng = random.Random(7)
    for _ in range(200):
        spans = [(a, a + rng.randint(0, 6)) for a in (rng.randint(0, 80) for _ in range(rng.randint(0, 12)))]
        context = SpellingContext("da", frozenset(), list(spans), [])
        for start in range(0, 90, 3):
            end = start + rng.randint(1, 8)
            expected = any(s < end and start < e for s, e in spans)
            assert context.overlaps_blocked(start, end) == expected, (spans, start, end)


def test_languagetool_spelling_matches_get_the_split_form_first():
    from klarsvar.analysis.findings import Finding
    from klarsvar.analysis.grammar.spelling import with_split_form_first

    lt = Finding(category="spelling", rule="lt.HUNSPELL_RULE", severity="error", message="Muligvis stavefejl.",
                 start=0, end=7, text="Imorgen", replacements=("Morgen", "I morgen"), source="languagetool")
    assert with_split_form_first(lt, "da").replacements == ("I morgen", "Morgen")
    other = Finding(category="spelling", rule="lt.HUNSPELL_RULE", severity="error", message="x",
                    start=0, end=7, text="pakkken", replacements=("pakken",), source="languagetool")
    assert with_split_form_first(other, "da") is other
    grammar = Finding(category="grammar", rule="lt.X", severity="error", message="x", start=0, end=4,
                      text="alot", replacements=(), source="languagetool")
    assert with_split_form_first(grammar, "en") is grammar
