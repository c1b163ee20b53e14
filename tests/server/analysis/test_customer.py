"""Customer context: name from the sign-off, emotion, sentiment, key phrases and possessive mirroring."""

from __future__ import annotations

import pytest

from klarsvar.analysis.customer import (EMOTIONS, build_context, compile_phrases, first_name, language_data,
                                        sentiment_lexicon, stem_word)


def ctx(message, language="da", name=None):
    """Shorthand for build_context."""
    return build_context(message, name, language)


# ------------------------------------------------------------------------------------------- name

@pytest.mark.parametrize("message, language, expected", [
    ("Hej\nHvor er min pakke?\n\nMvh Maria", "da", "Maria"),
    ("Hej\nHvor er min pakke?\n\nVenlig hilsen Peter Hansen\nHansen ApS\npeter@hansen.dk", "da", "Peter"),
    ("Hej\nHvor er min pakke?\n/Peter", "da", "Peter"),
    ("Hej\nHvor er min pakke?\n- Peter", "da", "Peter"),
    ("Hej\nHvor er min pakke?\n\nMed venlig hilsen\n\nAnne-Marie Holm", "da", "Anne-Marie"),
    ("Hej\nMin pakke er ikke kommet.\n\nMvh Maria\n\nSendt fra min iPhone", "da", "Maria"),
    ("Hej\nhvor er min pakke\nMaria", "da", "Maria"),
    ("Hello,\nMy refund still has not arrived.\nBest, John", "en", "John"),
    ("Hi\nwhere is my order?\nThanks, Anna", "en", "Anna"),
    ("Hi,\nwhere is it\n\nKind regards,\nJohn Smith\nAcme Ltd.\n\nSent from my iPhone", "en", "John"),
    ("Hi,\nwhere is it\n\nThanks,\nMr. Smith", "en", "Smith"),
    ("Hi, my name is Laura and my parcel is late.", "en", "Laura"),
    ("Hej, jeg hedder Søren og har et spørgsmål om min regning.", "da", "Søren"),
    ("hej\nhvor er min pakke\n\nmvh maria", "da", "Maria"),
    ("Hej, jeg har ikke fået min faktura for marts. Venlig hilsen Lone Hansen", "da", "Lone"),
    ("Min vaskemaskine er gået i stykker efter to uger. Mvh Anne", "da", "Anne"),
    ("Jeres app logger mig ud hele tiden. /Thomas", "da", "Thomas"),
    ("My order never arrived. Thanks, Emma", "en", "Emma"),
    ("hi, where is my order?\nthanks, anna", "en", "Anna"),
])
def test_name_found_in_message(message, language, expected):
    """The customer's first name comes from their sign-off, a slash line, a bare name or an introduction."""
    assert ctx(message, language).name == expected


@pytest.mark.parametrize("message, language", [
    ("Hej\nHvor er min pakke?\n\nSendt fra min iPhone", "da"),
    ("Hi\nWhere is my parcel?\n\nSent from my iPhone", "en"),
    ("Hi\nWhere is my parcel?\n\nThanks!", "en"),
    ("Hej\nHvor er min pakke?\nTak", "da"),
    ("hej\nhvor er min pakke?\n\nmvh\ntak for hjælpen", "da"),
    ("Hej\nHvor er min pakke?\n\nMvh\nHansen ApS\ninfo@hansen.dk", "da"),
    ("Hej\nHvor er min pakke?\n\nmvh\npeter@example.com", "da"),
    ("Hvor er min pakke?", "da"),
    ("Where is my parcel? Call me on 12 34 56 78", "en"),
])
def test_no_name_when_there_is_none(message, language):
    """Device footers, company names, e-mail addresses and closing words are never taken as a name."""
    assert ctx(message, language).name is None


def test_given_name_wins_and_first_name_is_used():
    """A name sent by the extension beats the sign-off; titles are skipped."""
    assert ctx("Hej\nHvor er min pakke?\nMvh Maria", name="Louise Berg").name == "Louise"
    assert first_name("Mr. Smith") == "Smith"
    assert first_name("  ") is None
    assert first_name("kunde@example.com") is None
    assert first_name("maria") == "Maria"


def test_context_is_none_without_message_and_name():
    """No message and no name: nothing to know."""
    assert build_context(None, None, "da") is None
    assert build_context("   ", "  ", "en") is None
    only_name = build_context(None, "Maria", "da")
    assert only_name.name == "Maria" and only_name.emotion == "neutral" and not only_name.has_message


# ---------------------------------------------------------------------------------------- emotion

@pytest.mark.parametrize("message, language, emotion", [
    ("Min pakke er stadig ikke kommet, og det er for tredje gang, jeg skriver.", "da", "frustrated"),
    ("Jeg har ventet i tre uger på min refundering. Hvorfor kan det tage så lang tid?", "da", "frustrated"),
    ("Det her er fuldstændig uacceptabelt!!! Jeg anmelder jer på Trustpilot.", "da", "angry"),
    ("HVOR ER MIN PAKKE??? DET ER LATTERLIGT", "da", "angry"),
    ("Jeg er lidt bekymret for, om kjolen når frem til brylluppet på fredag.", "da", "worried"),
    ("Det haster, gaven skal bruges i aften.", "da", "worried"),
    ("Tusind tak for den hurtige levering, jeg er super glad for lampen!", "da", "happy"),
    ("Hvornår åbner butikken i Aarhus på lørdag?", "da", "neutral"),
    ("I still haven't received my refund and this is the third time I'm writing.", "en", "frustrated"),
    ("This is ridiculous and unacceptable. I want my money back NOW.", "en", "angry"),
    ("I'm worried my card details were stolen, please help urgently.", "en", "worried"),
    ("Thanks so much, the new lamp is perfect! Great service.", "en", "happy"),
    ("Do you ship to Iceland?", "en", "neutral"),
    # A length or a "not yet" is a wait only beside a problem: a plan is calm, a stalled parcel or an outage is not.
    ("Can I borrow the car for two days?", "en", "neutral"),
    ("Kan jeg låne bilen i to dage?", "da", "neutral"),
    ("Jeg har endnu ikke bestilt, men har I den i blå?", "da", "neutral"),
    ("My order has been stuck in customs for two weeks.", "en", "frustrated"),
    ("We have had no power for 5 days.", "en", "frustrated"),
    ("Sporingen af min pakke har stået stille i flere dage.", "da", "frustrated"),
    ("Vi har ikke haft strøm i fem dage.", "da", "frustrated"),
    # Danish praise says "pisse-" and "latterligt" too: no upset customer.
    ("Maden var pissegod, og leveringen var latterligt hurtig!", "da", "neutral"),
    # Blind judges, eighth to tenth drafts: one strong word about their own life inside praise is no upset; worry in
    # words outweighs a wait; "i tide" alone is planning.
    ("I just wanted to say a huge thank you to Sofia who did my massage. I'd had an awful few months and honestly it "
     "was the first time I've properly relaxed in ages. She was so kind. Please pass it on! Also do you do gift "
     "vouchers? Would love to get one for my sister x", "en", "happy"),
    ("It's now 6 weeks later and I haven't had my deposit back. I'm a bit worried because I need that money.",
     "en", "worried"),
    ("Vi har stadig ikke hørt noget, og det er 30.000 kr for os, det har vi virkelig ikke råd til at miste.", "da",
     "worried"),
    ("Hvornår skal jeg senest bestille for at være sikker på at tøjet kommer i tide?", "da", "neutral"),
    # An accusing word inside a sentence of fear is the fear (eleventh drafts); "still keep my promo" is no complaint.
    ("Der står, at afregningen er tilbageholdt. Har køberen ikke betalt? Jeg er lidt nervøs for om det er svindel.",
     "da", "worried"),
    ("Hi! If I skip next week's delivery will I still keep my 20% off promo? Don't want to lose it lol", "en",
     "neutral"),
])
def test_emotion(message, language, emotion):
    """Cue phrases, shouting and the AFINN sum give one of the five emotions."""
    c = ctx(message, language)
    assert c.emotion == emotion
    assert c.emotion in EMOTIONS
    assert c.upset == (emotion in ("frustrated", "worried", "angry"))


def test_sentiment_uses_afinn_offline_with_negation():
    """The AFINN lexicons ship with the afinn package (no download) and know Danish; negation flips."""
    words_da, _ = sentiment_lexicon("da")
    words_en, _ = sentiment_lexicon("en")
    assert words_da.get("elendig", 0) < 0 < words_da.get("glad", 0)
    assert words_en.get("terrible", 0) < 0 < words_en.get("happy", 0)
    assert ctx("Jeg er meget utilfreds, det er elendigt.").sentiment < 0
    assert ctx("Jeg er glad og tilfreds.").sentiment > 0
    assert ctx("Jeg er ikke glad.").sentiment < 0
    assert ctx("I am not happy with this.", "en").sentiment < 0


# ------------------------------------------------------------------------------------ key phrases

@pytest.mark.parametrize("message, language, phrases", [
    ("Min pakke er stadig ikke kommet, og den skal bruges til min datters fødselsdag.", "da",
     ["min pakke", "min datters fødselsdag"]),
    ("Refunderingen er ikke kommet, og min ordre er forsinket.", "da", ["refunderingen", "min ordre"]),
    ("Mit abonnement blev trukket to gange.", "da", ["mit abonnement"]),
    ("Mine varer ligger stadig i pakkeshoppen.", "da", ["mine varer", "pakkeshoppen"]),
    ("The parcel never arrived and my refund is late.", "en", ["the parcel", "my refund"]),
    ("Our order #4411 arrived damaged.", "en", ["our order"]),
    ("I'm worried my credit card details were stolen.", "en", ["my credit card details"]),
])
def test_key_phrases(message, language, phrases):
    """Noun phrases the customer talks about, with their own determiners."""
    found = ctx(message, language).key_phrases
    for phrase in phrases:
        assert phrase in found, (phrase, found)


@pytest.mark.parametrize("message, language, verb", [
    ("Jeg har ventet længe, og pakken er ikke kommet.", "da", "kommet"),
    ("Mit abonnement blev også trukket to gange.", "da", "trukket"),
    ("Jeg er lidt bekymret for pakken.", "da", "bekymret"),
])
def test_participles_are_not_key_phrases(message, language, verb):
    """Danish participles that look like definite nouns (-et) are not taken as topics."""
    assert verb not in ctx(message, language).key_phrases


@pytest.mark.parametrize("message, language, mirrored", [
    ("Min pakke er ikke kommet.", "da", {"min pakke": "din pakke"}),
    ("Mit abonnement er for dyrt.", "da", {"mit abonnement": "dit abonnement"}),
    ("Mine varer er ikke kommet.", "da", {"mine varer": "dine varer"}),
    ("Vores ordre er forsinket.", "da", {"vores ordre": "jeres ordre"}),
    ("Where is my refund?", "en", {"my refund": "your refund"}),
    ("Our order is late.", "en", {"our order": "your order"}),
])
def test_possessive_mirroring(message, language, mirrored):
    """The customer's first person becomes the reply's second person."""
    assert ctx(message, language).mirrored_forms == mirrored


def test_stems_match_other_forms_of_the_same_noun():
    """pakken/pakke/pakker and refund/refunds share a stem, so the reply's form is recognised."""
    assert stem_word("pakken", "da") == stem_word("pakke", "da") == stem_word("pakker", "da")
    assert stem_word("refunds", "en") == stem_word("refund", "en")
    assert stem_word("deliveries", "en") == stem_word("delivery", "en")


# ------------------------------------------------------------------------------ robustness, speed

def test_odd_input_never_raises():
    """Emoji, CRLF, only punctuation, very long text and non-strings all give a context or None."""
    assert ctx("Hej 😀\r\nMin pakke 📦 er ikke kommet!!!\r\n\r\nMvh Maria").name == "Maria"
    assert ctx("!!!???", "en").emotion in EMOTIONS
    long_message = "Min pakke er ikke kommet. " * 2000
    assert ctx(long_message).key_phrases
    assert build_context(123, None, "da") is None  # type: ignore[arg-type]
    assert build_context("Hej", None, "xx") is not None  # unknown language falls back to English data


def test_long_messages_are_read_from_the_start_quickly():
    """A pasted 50,000-character thread costs about what its start costs: only the start is read (the newest words).

    Compared with reading the start alone in the same process, not against a clock, so a loaded CI machine cannot fail it
    (the absolute figures live in the benchmarks)."""
    import statistics
    import time

    from klarsvar.analysis.customer import MAX_MESSAGE_CHARS

    message = "Min pakke er stadig ikke kommet, og det er for tredje gang. " * 800 + "\nMvh Maria"

    def cost(text: str) -> float:
        runs = []
        for i in range(3):
            start = time.perf_counter()
            build_context(f"{text} {i}", None, "da")  # a new text each time: the context cache does not answer
            runs.append(time.perf_counter() - start)
        return statistics.median(runs)

    build_context("Min pakke er ikke kommet.", None, "da")  # the language data loaded before timing
    assert cost(message) < 3 * cost(message[:MAX_MESSAGE_CHARS]) + 0.05
    context = build_context(message, None, "da")
    assert context.emotion == "frustrated" and "min pakke" in context.key_phrases


def test_context_is_cached_per_message():
    """The extension sends the same customer message with every keystroke: build it once."""
    message = "Min pakke er stadig ikke kommet.\nMvh Maria"
    assert build_context(message, None, "da") is build_context(message, None, "da")


def test_phrase_syntax_compiler():
    """The data files' phrase syntax: alternatives, optional words, ~ endings, * tails, comma-tolerant gaps."""
    rx = compile_phrases(["jeg {kan |}godt forstå~", "ked af at høre {det|dette}", "frustr*"], "da")
    assert rx.search("Jeg kan godt forstå, at …")
    assert rx.search("jeg godt forstår")
    assert rx.search("Det er frustrerende")
    assert rx.search("Jeg er ked af, at høre det")  # a comma between words is allowed in data patterns
    assert not rx.search("misforstået")
    assert compile_phrases([], "da") is None


def test_one_phrase_compiler_for_rules_and_empathy_data(monkeypatch):
    """Issue 14: the empathy data is compiled by rules/patterns.py (with loose spaces), not by a second parser."""
    from klarsvar.analysis.rules import patterns

    seen = []
    real = patterns.compile_pattern

    def spy(pattern, language, **options):
        seen.append((pattern, options))
        return real(pattern, language, **options)

    monkeypatch.setattr(patterns, "compile_pattern", spy)
    rx = compile_phrases(["{frustrat|annoy}*", "{issue|problem}~ with *"], "en")
    assert seen == [("{frustrat|annoy}*", {"loose_spaces": True}), ("{issue|problem}~ with *", {"loose_spaces": True})]
    assert rx.search("How annoying!") and rx.search("Two problems, with billing")
    # The rule language's whole-word rules hold in the data too: hyphen-joined words are one word.
    assert compile_phrases(["mail"], "en").search("Send an e-mail") is None
    with pytest.raises(patterns.PatternError):
        compile_phrases(["sorry (very)"], "en")


def test_every_empathy_data_pattern_is_valid_rule_syntax():
    """Each phrase in data/empathy/<lang>.yml compiles with the rule compiler and matches its own words."""
    import yaml

    from klarsvar.analysis.customer import DATA_DIR
    from klarsvar.analysis.rules.patterns import compile_pattern

    lists = ("acknowledgement", "apologies", "cues", "problem", "life_event", "reply_problem", "reply_refusal",
             "feeling_apologies", "patterns")
    for path in sorted(DATA_DIR.glob("*.yml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))

        def walk(node, key=""):
            if isinstance(node, str) and key in lists:
                yield node
            elif isinstance(node, list):
                for item in node:
                    yield from walk(item, key)
            elif isinstance(node, dict):
                for k, v in node.items():
                    if k in ("examples", "generic_words", "regex", "id", "emotion"):
                        continue
                    yield from walk(v, k if k in lists else key)

        found = list(walk(raw))
        assert len(found) > 50, path
        for pattern in found:
            compile_pattern(pattern, raw["language"], loose_spaces=True)


def _in_words_examples():
    from klarsvar.analysis.customer import language_data

    for language in ("en", "da"):
        for name, examples in language_data(language)["in_words_examples"].items():
            for text in examples.get("match") or ():
                yield pytest.param(language, name, text, True, id=f"{language}-{name}-match-{text[:30]}")
            for text in examples.get("no_match") or ():
                yield pytest.param(language, name, text, False, id=f"{language}-{name}-no_match-{text[:30]}")


@pytest.mark.parametrize("language, name, text, found", list(_in_words_examples()))
def test_in_words_examples(language, name, text, found):
    """Each `in_words` list of data/empathy/<lang>.yml finds its `match` examples and none of its `no_match` ones."""
    from klarsvar.analysis.customer import said_in_words

    assert said_in_words(name, text, language) is found


def test_every_in_words_list_has_examples_both_ways():
    """An `in_words` list without a `match` and a `no_match` example is untested vocabulary."""
    from klarsvar.analysis.customer import language_data

    for language in ("en", "da"):
        lists = language_data(language)["in_words_examples"]
        assert set(lists) == {"worry", "annoyance", "disappointment", "fury", "death", "crime", "no_apology", "repeat", "escalation",
                              "accuses", "confusion"}
        for name, examples in lists.items():
            assert examples.get("match") and examples.get("no_match"), (language, name)


# ------------------------------------------------------------------------------ QA round (issue 6)

@pytest.mark.parametrize("message, language, expected", [
    ("I've waited 6 weeks for my order. Beth", "en", "Beth"),
    ("Hvor er min pakke? Lars", "da", "Lars"),
    ("Where is my parcel? Best wishes, Lisa", "en", "Lisa"),
    ("Where is my parcel? Many thanks, Lisa", "en", "Lisa"),
    ("Where is my parcel? Thanks, Mary-Jane O'Neill", "en", "Mary-Jane"),
    ("Tak for hjælpen!! I er de bedste 😍 Mvh Maja", "da", "Maja"),
    ("Where is my parcel?\n-mike", "en", "Mike"),
    ("Hvor er min pakke?\nHilsen fra Lone", "da", "Lone"),
    ("Hey - what's the status on my refund?? xx Chloe", "en", "Chloe"),
])
def test_names_after_a_sentence_and_unusual_signoffs(message, language, expected):
    """A bare name ending the last line, inline sign-offs, apostrophe surnames, emoji before 'Mvh', '-mike'."""
    assert ctx(message, language).name == expected


@pytest.mark.parametrize("message, language", [
    ("Hvor er min pakke?\n\nVenlig hilsen\nØrsted A/S\nIndkøbsafdelingen", "da"),
    ("Where is my parcel?\n\nKind regards\nPurchasing Department", "en"),
    ("Can you help me? Please", "en"),
    ("Hvornår kommer den? Tak", "da"),
])
def test_departments_and_ordinary_words_are_not_names(message, language):
    """Departments and companies after a sign-off, and a closing word, are not the customer's name."""
    assert ctx(message, language).name is None


@pytest.mark.parametrize("message, language, emotion", [
    ("Min mand Poul er desværre gået bort, og jeg vil gerne lukke hans konto. Mvh Lene", "da", "sad"),
    ("My husband Paul passed away last month and I would like to close his account. Regards, Jane", "en", "sad"),
    ("Jeg vil gerne opsige mit abonnement.", "da", "neutral"),
    ("Ikke dårligt, tak!", "da", "neutral"),
    ("I'm not unhappy with the service, just wondering where my parcel is. Thanks, Ann", "en", "neutral"),
    ("I'm really worried the present won't arrive in time for Christmas. Sue", "en", "worried"),
    ("Jeres rabatkode virker ikke 😡😡", "da", "angry"),
    ("Jeg er virkelig ked af det, min mors gave er gået i stykker", "da", "sad"),
    ("I sent my shoes back 3 weeks ago and haven't heard anything", "en", "frustrated"),
])
def test_emotion_qa_cases(message, language, emotion):
    """Grief is sad (not frustrated), negation counts, a signing 'Sue' is no lawsuit, emoji are cues."""
    assert ctx(message, language).emotion == emotion
    assert emotion in EMOTIONS


def test_life_event_is_flagged_only_for_death_or_illness():
    """'gået bort' / 'passed away' set life_event; a broken gift does not."""
    assert ctx("Min far er død, og jeg skal lukke hans abonnement.").life_event
    assert ctx("My mum is in hospital and can't use her account.", "en").life_event
    assert ctx("Min mor blev bisat i juni, og vi bestilte en mindesten hos jer.").life_event
    assert ctx("Mum was cremated in June and I'd like to collect her ashes.", "en").life_event
    assert not ctx("Can I bury the cable in the garden?", "en").life_event
    assert not ctx("Jeg er virkelig ked af det, min mors gave er gået i stykker").life_event


@pytest.mark.parametrize("message, language, absent", [
    ("Hvor er min pakke? Jeg er træt af at vente. Venlig hilsen Lone Hansen", "da", "hansen"),
    ("My husband Paul passed away and I want to close his account.", "en", "paul"),
    ("My boots fell apart after two weeks.", "en", "fell"),
])
def test_key_phrases_hold_no_names_or_verbs(message, language, absent):
    """Sign-off names, names inside a phrase and verbs after the noun never become key phrases."""
    phrases = ctx(message, language).key_phrases
    assert phrases and not any(absent in p.split() for p in phrases), phrases


def test_customer_your_is_our_in_the_reply():
    """The customer's 'jeres rabatkode' is 'vores rabatkode' in the reply's voice."""
    assert ctx("Jeres rabatkode virker ikke.").mirrored_forms["jeres rabatkode"] == "vores rabatkode"


@pytest.mark.parametrize("message, language, emotion, absent", [
    ("Hej, jeg vil gerne have mine penge tilbage for jakken. Den passede ikke.\n/Peter", "da", "neutral", "passede"),
    ("The app crashes every time I try to pay with Apple Pay. /Steve", "en", "neutral", "crashes"),
])
def test_calm_refund_requests_and_verbs_after_the_noun(message, language, emotion, absent):
    """'mine penge tilbage' is a calm request, and a verb after the noun never joins the topic."""
    context = ctx(message, language)
    assert context.emotion == emotion
    assert not any(absent in p.split() for p in context.key_phrases), context.key_phrases


# ------------------------------------------------------------------------------ emotion cues (issue 14)

def _cue_cases():
    """(test id, language, cue entry, kind, text) for every example of every emotion cue in the data."""
    for language in ("da", "en"):
        for entry in language_data(language)["cue_entries"]:
            for kind in ("match", "no_match"):
                for n, text in enumerate(entry["examples"].get(kind) or ()):
                    yield pytest.param(language, entry, kind, text, id=f"{language}.{entry['id']}-{kind}-{n}")


def _cue_hits(entry, text):
    """Whether the cue's own patterns or regexes find something in the text (camel-case hashtags read as
    words, as build_context reads them)."""
    from klarsvar.analysis.customer import _hashtag_words

    text += _hashtag_words(text)
    return bool((entry["phrases"] is not None and entry["phrases"].search(text))
                or any(r.search(text) for r in entry["regexes"]))


@pytest.mark.parametrize("language, entry, kind, text", list(_cue_cases()))
def test_emotion_cue_examples(language, entry, kind, text):
    """The cue data's examples are its tests: a `match` text is found by the cue and reads as its emotion
    (an angry cue alone as frustrated or angry); a `no_match` text is not found by it."""
    if kind == "match":
        assert _cue_hits(entry, text), f"{entry['id']} does not find {text!r}"
        got = ctx(text, language).emotion
        # One angry cue alone reads as frustrated (classify_emotion's weights): upset either way.
        wanted = ("angry", "frustrated") if entry["emotion"] == "angry" else (entry["emotion"],)
        # A cue with `over_problem` reads as that emotion when the message reports a problem ("😭", "???").
        wanted += (entry.get("over_problem"),)
        assert got in wanted, (text, got)
    else:
        assert not _cue_hits(entry, text), f"{entry['id']} finds {text!r}"


def test_every_emotion_cue_has_examples_of_both_kinds():
    """A cue nobody can see working is a cue nobody knows works."""
    for language in ("da", "en"):
        for entry in language_data(language)["cue_entries"]:
            assert entry["examples"].get("match") and entry["examples"].get("no_match"), entry["id"]


@pytest.mark.parametrize("message, language, emotion", [
    # Issue 14: "???" is impatience over a problem, only emphasis on a plain question.
    ("Where is the bind button on the xbox one s console???", "en", "neutral"),
    ("My parcel never arrived???", "en", "frustrated"),
    ("Hvor sidder knappen på konsollen???", "da", "neutral"),
    ("my redeem code DOESNT work 😭", "en", "frustrated"),
    ("Min rabatkode virker ikke 😭", "da", "frustrated"),
    ("My phone died last night and I can't log in to the app.", "en", "neutral"),
    ("I deleted my playlist by accident, can I get it back?", "en", "neutral"),
    # "grief" here is no bereavement (never sad); "Good grief" is exasperation (blind judgement, round 1).
    ("Good grief, the queue at the checkout!", "en", "frustrated"),
    ("Where is my money? I want my refund.", "en", "neutral"),
    ("Love the new cafe in my local store!!!", "en", "happy"),
    ("Last time I ordered it came in two days. Can I get express again?", "en", "neutral"),
])
def test_odd_labels_from_real_messages(message, language, emotion):
    """Issue 14: 😭 over a broken code is frustration, a dead phone no bereavement, a refund demand no grief,
    "!!!" in praise no anger."""
    assert ctx(message, language).emotion == emotion


@pytest.mark.parametrize("message", [
    "The captions switch off after every episode. Wtf",
    "Third refund request and still nothing. Morons",
])
def test_a_cue_word_at_the_end_is_no_signers_name(message):
    """A swear word or an insult alone at the end is how the customer feels, not who signs: it is read as a
    cue (the profanity cue is a regex, so it is never negated) and never taken for the name."""
    context = ctx(message, "en")
    assert context.name is None
    assert context.emotion in ("frustrated", "angry")


def test_crying_faces_beside_a_threat_to_leave_read_as_upset_not_sad():
    """"😭😭😭 #youlostacustomer" is anger in hyperbole: it must not read as grief (no condolence wording)."""
    context = ctx("You cancelled the promo I switched for, so I'm staying with my old provider 😭😭😭 #youlostacustomer", "en")
    assert context.emotion in ("frustrated", "angry")
    assert ctx("No costume this year, nobody wanted to go with me 😭", "en").emotion == "sad"


def test_capitals_alone_are_glee_not_anger():
    """"BOORITO TIME!" is excitement; capitals add to anger only beside a problem or a negative word."""
    assert ctx("BURRITO NIGHT TONIGHT! See you there", "en").emotion in ("neutral", "happy")
    assert ctx("WHERE IS MY PARCEL, it never arrived", "en").emotion in ("frustrated", "angry")


# ------------------------------------------------------------------- eighth round (issue 14): settled, plain reports

def _at_ease_cases():
    """(language, kind, text) for every example of the at-ease closers in the data."""
    import yaml

    from klarsvar.analysis.customer import DATA_DIR

    for language in ("da", "en"):
        raw = yaml.safe_load((DATA_DIR / f"{language}.yml").read_text(encoding="utf-8"))
        yaml_examples = (raw["customer"].get("at_ease") or {}).get("examples") or {}
        for kind in ("match", "no_match", "calm", "upset"):
            for n, text in enumerate(yaml_examples.get(kind) or ()):
                yield pytest.param(language, kind, text, id=f"{language}.at_ease-{kind}-{n}")


@pytest.mark.parametrize("language, kind, text", list(_at_ease_cases()))
def test_at_ease_examples(language, kind, text):
    """The at-ease data's examples are its tests: `match`/`no_match` are (not) found by its patterns, a `calm`
    message reads as neither upset nor worried, an `upset` one still reads as upset."""
    from klarsvar.analysis.customer import at_ease

    if kind in ("match", "no_match"):
        assert at_ease(text, language_data(language)) == (kind == "match"), text
    elif kind == "calm":
        assert ctx(text, language).emotion in ("neutral", "happy"), text
    else:
        assert ctx(text, language).upset, text


def test_every_language_has_at_ease_examples_of_every_kind():
    """Both languages ship the class with examples of all four kinds."""
    cases = {(c.values[0], c.values[1]) for c in _at_ease_cases()}
    assert cases == {(lang, kind) for lang in ("da", "en") for kind in ("match", "no_match", "calm", "upset")}


def test_a_passing_worry_the_customer_closes_is_not_upset_but_a_plain_worry_is():
    """"… was a bit worried it had gone, that's all. Cheers!" closes the matter; without the closer it is worry."""
    assert ctx("I was a bit worried it had disappeared off the timetable, that's all. Cheers!", "en").emotion == "neutral"
    assert ctx("I was a bit worried it had disappeared off the timetable.", "en").emotion == "worried"


@pytest.mark.parametrize("message, language", [
    ("could you please fix the game, the multiplier on the public matches does not work", "en"),
    ("The app is not working on my tablet, can you help?", "en"),
    ("Min app fungerer ikke på min tablet, kan I hjælpe?", "da"),
])
def test_a_plain_fault_report_is_no_feeling(message, language):
    """AFINN scores "does not work" / "not working" / "fungerer ikke" -3; as a report they weigh like "problem"."""
    context = ctx(message, language)
    assert context.sentiment >= -1.5, context.sentiment
    assert context.emotion == "neutral"
    assert context.problem


def test_a_phrase_override_replaces_the_lexicon_score():
    """A multi-word key in `sentiment_overrides` scores the phrase: a negated word inside it is not flipped."""
    from klarsvar.analysis.customer import sentiment_score

    data = language_data("en")
    assert sentiment_score("it does not work", "en", data) == -1
    assert sentiment_score("it does not work", "en", {**data, "sentiment_phrase_overrides": {}}) == -3


def test_words_strung_with_dots_are_read_as_words():
    """"……still….on….hold……" is a customer on hold: waiting, so "sorry for the long wait" names their situation."""
    context = ctx("........still....on....hold.....they made the booking. I am trying to pay.....so #frustrating.", "en")
    assert context.waiting
    assert ctx("still on hold", "en").waiting
    assert not ctx("Is the shop open on Sunday...thanks", "en").waiting


def test_a_channel_that_is_not_helping_is_one_weak_sign():
    """"Calling in isn't helping" reports a failed attempt (weak alone); "You're not helping" blames."""
    assert ctx("Hey how can I get help with this? Calling in isn't helping", "en").emotion == "neutral"
    assert ctx("You guys are not helping at all.", "en").upset
    assert ctx("ok. its been very frustrating. your application isnt helping.", "en").upset


@pytest.mark.parametrize("message, language", [
    ("wow great job guys, 1hr 20 min for a pizza that arrived stone cold. really worth the £4.99 delivery fee 👏👏", "en"),
    ("This is the THIRD print that has arrived bent. THIRD. Why should I order again??", "en"),
    ("den frøs HELE TIDEN, de sidste 40 min var bare et sort billede. fantastisk service 👏👏 vil ha pengene retur", "da"),
])
def test_sarcastic_praise_over_a_problem_is_upset_not_delight(message, language):
    """A slow clap, "wow great job" or "worth the fee" over a reported problem is sarcasm (twelfth drafts)."""
    c = ctx(message, language)
    assert c.problem and c.emotion in ("frustrated", "angry")


def test_a_plain_question_about_a_fault_is_calm_whatever_the_word_sum():
    c = ctx("Hello, my PowerJet PX2200 has started pulsing and losing pressure after about 10 mins of use. "
            "Is this covered under warranty and how do I get it fixed?", "en")
    assert c.emotion == "neutral"


def test_fear_for_the_family_is_worry():
    c = ctx("Does that make the will invalid?? I'm 81 and I don't want to leave a mess for my family. Please help.", "en")
    assert c.emotion == "worried"


@pytest.mark.parametrize("message, language", [
    ("Started my first IPA kit 5 days ago. Airlock was bubbling for 2 days and now nothing. Is it stuck? "
     "Should I add more yeast?", "en"),
    ("We are going to Thailand for 3 weeks from 2 November. Which jabs do we need and is it too late to get them?",
     "en"),
])
def test_asking_whether_something_is_wrong_reports_no_problem(message, language):
    """A yes/no question about a possible fault is a calm question (fifteenth drafts: "That must be so frustrating")."""
    c = ctx(message, language)
    assert not c.problem and c.emotion == "neutral"


def test_praise_that_tells_of_a_fear_overcome_is_not_worry_or_anger():
    message = ("Just wanted to say a massive THANK YOU to Coach Jess. My daughter Evie was terrified of putting her face "
               "in the water in September and on Saturday she swam a whole width on her own!! Please pass it on :)")
    assert ctx(message, "en").emotion not in ("worried", "angry", "frustrated")


def test_he_died_is_a_bereavement_and_a_plea_for_reassurance_is_worry():
    assert ctx("I'm sorry to say he died last week, very suddenly, a heart problem the vet said.", "en").life_event
    assert ctx("The party is in 4 days and this is the main present. Please tell me it's going to arrive??",
               "en").emotion == "worried"


def test_a_fault_said_not_to_be_there_is_no_problem():
    """"a note on the eggs saying they'd checked none were cracked" in a compliment (sixteenth drafts)."""
    message = ("Whoever picked my shop today is a STAR!! They subbed the oat milk with the barista one, which is even "
               "better. Also put a little note on the eggs saying they'd checked none were cracked. Made my day x")
    c = ctx(message, "en")
    assert not c.problem and c.emotion not in ("frustrated", "angry")
    assert ctx("Two of the eggs were cracked when the box arrived.", "en").problem


@pytest.mark.parametrize("message, language, problem", [
    # The customer's own delay is no problem of the company's (both blind judges, twenty-eighth drafts: asking for an
    # acknowledgement of a calm request to extend a hire was a false alarm).
    ("Vi er blevet forsinket med flytningen, så vi vil gerne forlænge med 3 måneder. Hvad koster det?", "da", False),
    ("We've been delayed with the move, can we extend the hire by a month?", "en", False),
    ("Min pakke er forsinket. Hvornår kommer den?", "da", True),
    ("My order is delayed, when will it come?", "en", True),
])
def test_the_customers_own_delay_is_no_problem_to_acknowledge(message, language, problem):
    context = build_context(message, None, language)
    assert context.problem is problem and context.waiting is problem


def test_a_mishap_laughed_off_in_a_warm_message_is_no_complaint():
    """The clause a laughing face closes is the story ("selvom mine skåle kollapsede igen og igen 😂"), not a repeated
    fault; the praise before it stays (both blind judges, 41. udkast: a missing acknowledgement asked for a solution)."""
    from klarsvar.analysis.customer import _without_mishaps_laughed_off

    assert _without_mishaps_laughed_off("Hun var så tålmodig med mig, selvom mine skåle kollapsede igen og igen 😂 Tak!") \
        == "Hun var så tålmodig med mig, selvom 😂 Tak!"
    kept = _without_mishaps_laughed_off("Marta was so patient with me when my milk kept turning into bubble bath 😂")
    assert "so patient" in kept and "bubble bath" not in kept
    message = ("Maja er en fantastisk underviser! Hun var så tålmodig med mig, selvom mine skåle kollapsede igen og igen 😂 "
               "Hvornår kan jeg hente dem?")
    assert build_context(message, None, "da").emotion == "happy"
    # A fault told angrily keeps its weight, laughing face or not.
    assert build_context("Den er gået i stykker igen og igen 😂 og I svarer ikke!!", None, "da").emotion != "happy"


@pytest.mark.parametrize("message, language, emotion", [
    # Droppings a pest left and the junk folder are things, not swear words or insults (both blind judges, 111th
    # drafts: "rigtig utilfreds" and "upset" to a worried parent and an anxious learner).
    ("vi har hørt noget kradse i væggen og i morges lå der lort på køkkenbordet 😩 vi har en baby på 4 mdr, er det "
     "farligt?", "da", "worried"),
    ("I've checked my junk folder. Could someone please send it asap? I'm getting a bit panicky about it.", "en", "worried"),
    # The swear words themselves still count.
    ("Det er noget lort, det her. Hvad fanden sker der med min ordre?", "da", "angry"),
    ("Your app is junk and your staff are idiots.", "en", "angry"),
])
def test_words_that_name_a_thing_are_no_swear_words(message, language, emotion):
    assert build_context(message, None, language).emotion == emotion


def test_the_button_bekraeft_is_no_illness():
    """"Hver gang jeg trykker Bekræft, kommer der en fejl" read as cancer ("*kræft") and got "Jeg er ked af at høre, hvad
    du har været igennem" (both blind judges, 111. udkast: worse); "brystkræft" still is one."""
    assert not build_context("Hver gang jeg trykker Bekræft, kommer der en fejl. Prøv igen senere.", None, "da").life_event
    assert build_context("Min mor har fået brystkræft og kan ikke komme til aftalen.", None, "da").life_event


def test_the_little_ones_nerves_are_the_childs():
    """"den lille er ret nervøs for det" before ski school (both blind judges, 118. udkast: "Jeg kan godt forstå, at du er
    urolig" misread the mother's practical questions)."""
    message = ("Vi overvejer at melde vores børn på 6 og 9 år til skiskole. Ingen af dem har stået på ski før, og den lille "
               "er ret nervøs for det. Foregår undervisningen på dansk?")
    assert build_context(message, None, "da").emotion != "worried"
