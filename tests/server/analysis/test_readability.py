"""Readability: LIX agrees with hand counts, Flesch works offline, findings and their thresholds."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import pytest

from klarsvar.analysis import readability
from klarsvar.analysis.document import Document
from klarsvar.analysis.findings import Finding


def summary(text: str, language: str = "da", channel: str = "email") -> dict:
    """The readability summary for `text`."""
    return readability.analyze(Document(text, language, channel))[0]


def findings(text: str, language: str = "da", channel: str = "email") -> list[Finding]:
    """The readability findings for `text`."""
    return readability.analyze(Document(text, language, channel))[1]


def measured(text: str, language: str = "da") -> dict:
    """The raw counts and formulas for `text`, whatever its length."""
    return readability.measure(Document(text, language))


# Each case: text, words, sentences, long words (7+ letters), LIX (rounded to one decimal).
# The counts were made by hand, word by word, before running the code; the comment lists them.
HAND_COUNTED = [
    pytest.param(
        # S1: Vi har f.eks sendt en erstatning (6) — long: erstatning
        # S2: Den kommer ca kl 14 i morgen eftermiddag (8) — long: eftermiddag
        # 14 words, 2 sentences, 2 long: 14/2 + 100*2/14 = 21.29
        "Vi har f.eks. sendt en erstatning. Den kommer ca. kl. 14 i morgen eftermiddag.",
        14, 2, 2, 21.3, id="abbreviations f.eks. ca. kl."),
    pytest.param(
        # S1: Din pakke blev afsendt d 3 maj (7) — long: afsendt
        # S2: Den bliver leveret 14 marts 2025 hos pakkeshoppen (8) — long: leveret, pakkeshoppen
        # 15 words, 2 sentences, 3 long: 7.5 + 20 = 27.5
        "Din pakke blev afsendt d. 3. maj. Den bliver leveret 14. marts 2025 hos pakkeshoppen.",
        15, 2, 3, 27.5, id="dates d. 3. maj, 14. marts 2025"),
    pytest.param(
        # S1: Beløbet er 1.299,95 kr inklusive fragt (6) — long: Beløbet, inklusive ("kr." + lower case: no split)
        # S2: Vi refunderer 2,5 procent (4) — long: refunderer, procent (7 letters exactly)
        # 10 words, 2 sentences, 4 long: 5 + 40 = 45.0
        "Beløbet er 1.299,95 kr. inklusive fragt. Vi refunderer 2,5 procent.",
        10, 2, 4, 45.0, id="decimals and amounts"),
    pytest.param(
        # S1: Du kan følge pakken på <URL> (5) — a URL is not a word: nobody reads it as one
        # S2: Skriv til <e-mail> hvis noget mangler (5) — long: mangler
        # 10 words, 2 sentences, 1 long: 5 + 10 = 15.0
        "Du kan følge pakken på https://www.postnord.dk/track?id=123. Skriv til kundeservice@butik.dk, "
        "hvis noget mangler.",
        10, 2, 1, 15.0, id="URL and e-mail address"),
    pytest.param(
        # S1: Sådan returnerer du varen (4) — long: returnerer
        # S2: Pak varen forsvarligt ind (4) — long: forsvarligt
        # S3: Print returlabelen (2) — long: returlabelen
        # S4: Aflever pakken i en pakkeshop (5) — long: Aflever, pakkeshop
        # 15 words, 4 sentences (each bullet is one), 5 long: 3.75 + 33.33 = 37.08
        "Sådan returnerer du varen:\n- Pak varen forsvarligt ind\n- Print returlabelen\n- Aflever pakken i en pakkeshop",
        15, 4, 5, 37.1, id="bullet list"),
    pytest.param(
        # Greeting (Margrethe would be long) and sign-off/signature (Christoffer, Andersen, Kundeservice) excluded.
        # S1: Tak for din henvendelse (4) — long: henvendelse
        # S2: Jeg undersøger sagen med det samme (6) — long: undersøger
        # 10 words, 2 sentences, 2 long: 5 + 20 = 25.0
        "Hej Margrethe\n\nTak for din henvendelse. Jeg undersøger sagen med det samme.\n\n"
        "Med venlig hilsen\nChristoffer Andersen\nKundeservice",
        10, 2, 2, 25.0, id="greeting and sign-off excluded"),
    pytest.param(
        # S1: Vi vil gerne hjælpe hvis du skriver (7) — long: skriver ("hjælpe," is 6 letters: not long)
        # S2: Ring hvornår du vil (4) — long: hvornår
        # 11 words, 2 sentences, 2 long: 5.5 + 18.18 = 23.68
        "Vi vil gerne hjælpe, hvis du skriver. Ring, hvornår du vil.",
        11, 2, 2, 23.7, id="trailing comma is not a letter"),
    pytest.param(
        # S1: Du er nr 3 i køen (6) — none long
        # S2: Vi ringer dig op kl 14.30 på torsdag (8) — long: torsdag
        # 14 words, 2 sentences, 1 long: 7 + 7.14 = 14.14
        "Du er nr. 3 i køen. Vi ringer dig op kl. 14.30 på torsdag.",
        14, 2, 1, 14.1, id="nr. and time 14.30"),
    pytest.param(
        # S1: Har du modtaget SMS-koden (4) — long: modtaget, SMS-koden (8 letters)
        # S2: Den er gyldig i 10 minutter (6) — long: minutter
        # S3: Ellers kan du bestille en ny e-mail (7) — long: bestille (e-mail: 5 letters)
        # 17 words, 3 sentences, 4 long: 5.67 + 23.53 = 29.20
        "Har du modtaget SMS-koden? Den er gyldig i 10 minutter! Ellers kan du bestille en ny e-mail.",
        17, 3, 4, 29.2, id="hyphenated compounds, ? and !"),
    pytest.param(
        # One sentence of 23 words; long: henvisning henvendelse meddele oversendt relevante afdeling
        # henblik yderligere behandling (9). 23 + 100*9/23 = 62.13
        "Under henvisning til Deres henvendelse skal vi hermed meddele, at sagen er blevet oversendt til den "
        "relevante afdeling med henblik på yderligere behandling.",
        23, 1, 9, 62.1, id="bureaucratic sentence"),
    pytest.param(
        # S1: Vent lidt Jeg kigger på Mine ordrer nu (8) — "…" does not split
        # S2: Kunden skrev Hvor bliver min pakke af (7) — none long (6 letters at most)
        # 15 words, 2 sentences, 0 long: 7.5
        "Vent lidt… Jeg kigger på »Mine ordrer« nu. Kunden skrev: \"Hvor bliver min pakke af?\"",
        15, 2, 0, 7.5, id="ellipsis and quotes"),
    pytest.param(
        # Greeting "Hej Anne-Mette 😀" and "Mvh / Jens" excluded; emoji are not words, and an emoji before
        # a capital ends a chat sentence.
        # S1: Din ombytning er godkendt (4) — long: ombytning, godkendt
        # S2: Vi sender en ny størrelse i dag (7) — long: størrelse
        # 11 words, 2 sentences, 3 long: 5.5 + 27.27 = 32.77
        "Hej Anne-Mette 😀\r\n\r\nDin ombytning er godkendt 👍 Vi sender en ny størrelse i dag.\r\n\r\nMvh\r\nJens",
        11, 2, 3, 32.8, id="CRLF and emoji"),
    pytest.param(
        # S1: Følg disse trin (3); S2: Log ind på din konto (5); S3: Vælg 1 januar som startdato (5) — long:
        # startdato; S4: Gem ændringerne (2) — long: ændringerne. List numbers are not words.
        # 15 words, 4 sentences, 2 long: 3.75 + 13.33 = 17.08
        "Følg disse trin:\n1. Log ind på din konto\n2. Vælg 1. januar som startdato\n3. Gem ændringerne",
        15, 4, 2, 17.1, id="numbered list with a date inside"),
]


@pytest.mark.parametrize("text, words, sentences, long_words, lix", HAND_COUNTED)
def test_lix_matches_hand_count(text, words, sentences, long_words, lix):
    raw = measured(text)
    assert (raw["words"], raw["sentences"], raw["long_words"]) == (words, sentences, long_words)
    assert round(raw["lix"], 1) == lix
    result = summary(text)
    assert (result["words"], result["sentences"], result["long_words"]) == (words, sentences, long_words)
    # Every hand-counted text is under 40 words: no verdict, so no number and no band.
    assert (result["lix"], result["band"], result["flesch_reading_ease"]) == (None, None, None)
    # Three times the text has the same LIX and is long enough for a verdict.
    tripled = summary("\n\n".join([text] * 3)) if words * 3 >= 40 else None
    if tripled is not None and "\n-" not in text and "\n1." not in text and "Hej" not in text:
        assert tripled["lix"] == lix and tripled["band"] == readability.lix_band(lix)


@pytest.mark.parametrize("case_id", [
    "decimals and amounts", "trailing comma is not a letter", "hyphenated compounds, ? and !",
    "bureaucratic sentence", "ellipsis and quotes",
])
def test_plain_prose_agrees_with_textstat(case_id):
    # An independent implementation as a cross-check, on texts without the traps textstat falls into
    # (it splits sentences at "f.eks."/"kl."/dates, reads a bullet list as one sentence and counts
    # greetings and signatures; docs/quality/readability.md lists the measured differences).
    textstat = pytest.importorskip("textstat")
    (text, *_rest, lix) = next(p.values for p in HAND_COUNTED if p.id == case_id)
    assert round(textstat.lix(text), 1) == lix == round(measured(text)["lix"], 1)


def test_summary_has_exactly_the_contract_keys():
    assert set(summary("Tak for din mail.")) == {
        "lix", "band", "flesch_reading_ease", "words", "sentences", "long_words", "long_sentences"}
    assert set(summary("Thanks for your mail.", "en")) == set(summary("Tak for din mail."))


def test_trailing_punctuation_is_not_counted_as_letters():
    # textstat's pitfall: "hjælpe," is 7 characters but 6 letters, so it is not a long word.
    assert not readability.is_long_word("hjælpe,")
    assert not readability.is_long_word("»hjælpe«")
    assert readability.is_long_word("hjælper,")
    assert summary("Vi vil gerne hjælpe, hvis du vil.")["long_words"] == 0
    assert summary("Vi vil gerne hjælpe. Ring bare.")["long_words"] == 0


def test_letters_exclude_digits_hyphens_and_combining_marks():
    assert readability.count_letters("SMS-kode") == 7
    assert readability.count_letters("1.299,95") == 0
    assert readability.count_letters("cafe\u0301") == 4
    assert readability.count_letters("ABC123") == 3


@pytest.mark.parametrize("lix, band", [
    (0, "very_easy"), (24.9, "very_easy"), (25, "easy"), (34.9, "easy"), (35, "medium"), (44.9, "medium"),
    (45, "difficult"), (54.9, "difficult"), (55, "very_difficult"), (80, "very_difficult"),
])
def test_danish_bands(lix, band):
    assert readability.lix_band(lix) == band


@pytest.mark.parametrize("score, band", [
    (100, "very_easy"), (90, "very_easy"), (89.9, "easy"), (70, "easy"), (69.9, "medium"), (50, "medium"),
    (49.9, "difficult"), (30, "difficult"), (29.9, "very_difficult"), (-20, "very_difficult"),
])
def test_flesch_bands(score, band):
    assert readability.flesch_band(score) == band


def test_empty_and_non_body_texts_have_no_score():
    for text in ("", "   ", "Hej Maria", "Mvh\nJens", "😀", "> quoted only"):
        result = summary(text)
        assert result["words"] == 0 and result["sentences"] == 0
        assert result["lix"] is None and result["band"] is None


# --- English: Flesch offline ----------------------------------------------------------------------

FLESCH_TEXT = ("Your replacement order is already on its way to you. The courier will deliver it on Friday "
               "afternoon. Please let us know if anything is missing.")


def test_flesch_hand_computed():
    # your 1 replacement 3 order 2 is 1 already 3 on 1 its 1 way 1 to 1 you 1 (10 words, 15 syllables)
    # the 1 courier 3 will 1 deliver 3 it 1 on 1 Friday 2 afternoon 3 (8 words, 15 syllables)
    # please 1 let 1 us 1 know 1 if 1 anything 3 is 1 missing 2 (8 words, 11 syllables)
    # 206.835 - 1.015*26/3 - 84.6*41/26 = 64.63
    raw = measured(FLESCH_TEXT, "en")
    assert (raw["words"], raw["sentences"], raw["syllables"], round(raw["flesch_reading_ease"], 1)) == (26, 3, 41, 64.6)
    # Twice the text: the same score, long enough (52 words) for a verdict; LIX is not the English measure.
    result = summary(FLESCH_TEXT + " " + FLESCH_TEXT, "en")
    assert (result["words"], result["flesch_reading_ease"], result["band"], result["lix"]) == (52, 64.6, "medium", None)


def test_a_score_off_the_scale_is_not_clamped_and_short_texts_show_none():
    # the cat sat on the mat (6 words, 6 syllables) / it was happy (3 words, 4 syllables)
    # 206.835 - 1.015*4.5 - 84.6*10/9 = 108.27: off the 0–100 scale; a clamped 100 would read as a score
    assert round(measured("The cat sat on the mat. It was happy.", "en")["flesch_reading_ease"], 1) == 108.3
    assert summary("The cat sat on the mat. It was happy.", "en")["flesch_reading_ease"] is None
    assert summary("Thanks!", "en")["flesch_reading_ease"] is None  # 121.2 as the formula gives it
    assert round(readability.flesch_reading_ease(1, 1, 1), 1) == 121.2
    assert round(readability.flesch_reading_ease(10, 1, 60), 1) == -310.9
    easy = " ".join(["The cat sat on the mat. It was so glad."] * 6)  # 60 words, one-syllable words
    result = summary(easy, "en")
    assert result["flesch_reading_ease"] > 100 and result["band"] == "very_easy"


def test_flesch_hard_text():
    # unfortunately 5, your 1, delivery 4, has 1, been 1, delayed 2 / we 1, apologize 4, for 1, the 1,
    # inconvenience 4 (CMU's shortest pronunciation): 25 syllables, 11 words, 2 sentences
    # 206.835 - 1.015*5.5 - 84.6*25/11 = 8.98
    text = "Unfortunately, your delivery has been delayed. We apologize for the inconvenience."
    assert round(measured(text, "en")["flesch_reading_ease"], 1) == 9.0
    assert summary(text, "en")["band"] is None  # two sentences: no verdict
    longer = summary(" ".join([text + " Additional information regarding the investigation is unavailable."] * 3),
                     "en")
    assert longer["band"] == "very_difficult"


@pytest.mark.parametrize("text, language", [
    ("Undskyld!", "da"),  # LIX 101
    ("Thanks!", "en"),  # Flesch 121
    ("Your ticket was escalated.", "en"),  # Flesch 33.6
    ("Din sag er eskaleret til 2nd level. Vi vender tilbage.", "da"),
    # Issue 14: a 20-word chat reply with two three-syllable words is not "hard to read".
    ("Hi Sam, sorry about that! Could you send us your booking reference? We'll investigate it and get back "
     "to you today.", "en"),
])
def test_short_texts_get_no_number_and_no_band(text, language):
    for channel in ("email", "chat"):
        result = summary(text, language, channel)
        assert (result["band"], result["lix"], result["flesch_reading_ease"]) == (None, None, None)
        assert [f for f in findings(text, language, channel) if f.category == "readability"] == []


def test_inline_signoff_is_not_read_as_body():
    result = summary("Hej Tom, your order ships today. Mvh Lise", "en")
    assert (result["words"], result["sentences"], result["band"]) == (4, 1, None)


def test_the_verdict_needs_three_sentences_and_forty_words_or_sixty_in_chat():
    assert not readability.has_verdict(words=39, sentences=3)
    assert not readability.has_verdict(words=80, sentences=2)
    assert readability.has_verdict(words=40, sentences=3)
    assert not readability.has_verdict(words=59, sentences=4, channel="chat")
    assert readability.has_verdict(words=60, sentences=4, channel="chat")
    easy = "Tak for din besked. Din pakke er sendt i dag. Du får den i morgen. "  # 16 words
    assert summary(easy * 2)["band"] is None
    assert summary(easy * 3)["band"] == "very_easy"
    assert summary(easy * 3, channel="chat")["band"] is None
    assert summary(easy * 4, channel="chat")["band"] == "very_easy"


def test_only_the_replys_own_measure_is_shown():
    english = summary(FLESCH_TEXT + " " + FLESCH_TEXT, "en")
    assert english["lix"] is None and english["flesch_reading_ease"] is not None
    danish = summary("Tak for din besked. Din pakke er sendt i dag. Du får den i morgen. " * 3)
    assert danish["flesch_reading_ease"] is None and danish["lix"] is not None


def test_links_handles_tags_emoji_and_markers_are_not_words():
    text = ("@AmazonHelp Thanks for waiting 😊 Your refund is on its way: https://t.co/AbC123 #LUVseat "
            "Reply to [email] if it has not arrived by Friday. (1/2)")
    raw = measured(text, "en")
    # Thanks for waiting (the emoji ends it) / Your refund is on its way Reply to if it has not arrived by Friday
    assert (raw["words"], raw["sentences"]) == (3 + 6 + 9, 2)
    signed = measured("Anything else I can help with? ^JS", "en")
    assert (signed["words"], signed["sentences"]) == (6, 1)  # the initials are a signature


@pytest.mark.parametrize("word, syllables", [
    ("the", 1), ("happy", 2), ("delivery", 4), ("Unfortunately", 5), ("don't", 1), ("e-mail", 2),
    ("refund", 2), ("2025", 1), ("Zendesk", 2), ("unboxing", 3), ("re-shipped", 2),
])
def test_english_syllables(word, syllables):
    assert readability.english_syllables(word) == syllables


def test_syllable_guess_for_unknown_words():
    assert readability._guess_syllables("klarsvar") == 2
    assert readability._guess_syllables("shipment") == 2
    assert readability._guess_syllables("make") == 1
    assert readability._guess_syllables("table") == 2


def test_flesch_works_with_the_network_blocked(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(readability, "_CMU", None)  # force a fresh load of the pronunciation table
    readability.english_syllables.cache_clear()
    result = measured("Thanks for your patience. Your refund is on its way today.", "en")
    assert result["flesch_reading_ease"] is not None and result["flesch_reading_ease"] > 60
    assert readability._CMU and len(readability._CMU) > 100_000


def test_readability_does_not_use_nltk_or_textstat():
    # A fresh interpreter: importing and running readability must not pull in NLTK (whose cmudict
    # downloads at first use) or textstat.
    code = (
        "import sys; sys.path.insert(0, 'server')\n"
        "from klarsvar.analysis import readability\n"
        "from klarsvar.analysis.document import Document\n"
        "readability.analyze(Document('Thanks for your mail. We will help.', 'en'))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('nltk', 'textstat')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_pronunciation_table_loads_quickly_and_once():
    readability.warm_up()
    table = readability._CMU
    readability.warm_up()
    assert readability._CMU is table
    best = float("inf")
    for _ in range(5):  # best of several batches: robust when other processes load the machine
        start = time.perf_counter()
        for _ in range(20):
            summary("Thanks for reaching out. I have checked your order and it ships today.", "en")
        best = min(best, (time.perf_counter() - start) / 20)
    assert best < 0.002


# --- findings -------------------------------------------------------------------------------------

def _sentence(n: int, word: str = "ord") -> str:
    """A sentence of exactly n words, starting with a capital letter."""
    return " ".join([word.capitalize()] + [word] * (n - 1)) + "."


def test_long_sentence_threshold_email():
    """From 33 words in e-mail: 31 and 32 that read in one go were "debatable" with both blind judges."""
    assert findings(_sentence(32)) == []
    (f,) = findings(_sentence(33))
    assert (f.category, f.rule, f.severity) == ("long_sentence", "da.readability.long_sentence", "suggestion")
    assert (f.start, f.end, f.text) == (0, len(_sentence(33)), _sentence(33))
    assert "Del den i to" in f.message and "33 ord" in f.message


def test_long_sentence_threshold_chat_is_the_emails():
    """26–32-word chat sentences were correct in only about half the blind verdicts: chat flags from 33 words too."""
    assert findings(_sentence(26), channel="chat") == []
    assert findings(_sentence(32), channel="chat") == []
    (f,) = findings(_sentence(33), channel="chat")
    assert f.category == "long_sentence"


def test_long_sentence_span_points_at_the_sentence_in_a_longer_text():
    long = _sentence(34, "word")
    text = f"Hi Anna,\n\nThanks. {long} Bye for now.\n\nBest regards,\nJens"
    result = readability.analyze(Document(text, "en"))
    (f,) = result[1]
    assert text[f.start:f.end] == long == f.text
    assert f.rule == "en.readability.long_sentence"
    assert f.message.startswith("This sentence has 34 words.")
    assert result[0]["long_sentences"] == 1


def test_quoted_and_signature_text_never_gets_long_sentence_findings():
    quoted = "> " + _sentence(40)
    assert findings(f"Det er ordnet.\n\n{quoted}") == []


HARD_DANISH = (
    "Under henvisning til Deres henvendelse skal vi meddele, at sagen er oversendt til afdelingen. "
    "Behandlingstiden forventes at udgøre cirka fjorten arbejdsdage. "
    "Yderligere oplysninger vedrørende ekspeditionen fremsendes efterfølgende. "
    "Eventuelle indsigelser vedrørende afgørelsen skal fremsendes skriftligt til administrationen. "
    "Sagsbehandlingen foretages i overensstemmelse med de gældende retningslinjer for området."
)


def test_document_level_finding_for_hard_danish():
    result, found = readability.analyze(Document(HARD_DANISH, "da"))
    assert result["lix"] > 55 and result["band"] == "very_difficult"
    band = [f for f in found if f.category == "readability"]
    assert len(band) == 1
    f = band[0]
    assert (f.start, f.end, f.rule, f.severity) == (None, None, "da.readability.band", "suggestion")
    assert "meget svær" in f.message and "LIX" in f.message


def test_no_document_level_finding_under_three_sentences():
    two = "Under henvisning til Deres henvendelse skal vi meddele, at sagen er oversendt til afdelingen, " \
          "og at den relevante sagsbehandler vil kontakte Dem vedrørende de yderligere forløb. " \
          "Behandlingstiden forventes at udgøre cirka fjorten arbejdsdage, afhængigt af sagens kompleksitet " \
          "og de foreliggende oplysninger."
    assert measured(two)["words"] >= 40 and measured(two)["lix"] > 44
    result, found = readability.analyze(Document(two, "da"))
    assert result["lix"] is None
    assert [f for f in found if f.category == "readability"] == []


def test_chat_no_longer_has_a_lower_lix_limit():
    """LIX between 40 and 44: no finding in e-mail or chat (Danish chat replies at LIX 40–45 were correct in 3 of 12
    blind verdicts); above 45 chat is flagged too."""
    text = ("Vi har modtaget din returnering og behandler den hurtigst muligt i denne uge. Pengene bliver "
            "overført til din konto inden for fem hverdage. Du modtager en bekræftelse på mail, når beløbet "
            "er registreret hos os. ") * 2
    lix = summary(text)["lix"]
    assert 40 < lix <= 44, lix
    assert [f for f in findings(text) if f.category == "readability"] == []
    assert [f for f in findings(text, channel="chat") if f.category == "readability"] == []
    hard = HARD_DANISH + " " + HARD_DANISH
    assert summary(hard)["lix"] > 45
    assert [f for f in findings(hard, channel="chat") if f.category == "readability"]


def test_easy_danish_has_no_document_level_finding():
    text = "Tak for din mail. Jeg har sendt en ny pakke. Den er hos dig i morgen."
    assert findings(text) == []


def test_document_level_finding_for_hard_english():
    text = ("Unfortunately, your delivery has been delayed. We apologize for the inconvenience. "
            "Consequently, additional verification procedures are necessary. ") * 3
    result, found = readability.analyze(Document(text, "en"))
    assert result["flesch_reading_ease"] < 50
    (f,) = [f for f in found if f.category == "readability"]
    assert f.rule == "en.readability.band" and f.start is None
    assert "Flesch" in f.message and "customer" in f.message


def test_plain_english_passes_in_email_and_chat_alike():
    """Flesch 50–59: no finding in either channel (English chat replies there were correct in 4 of 20 blind
    verdicts)."""
    text = ("We reviewed your account and processed the refund immediately. The amount should appear on your "
            "statement within five business days. Please contact our customer team if anything is unclear. ") * 3
    score = summary(text, "en")["flesch_reading_ease"]
    assert 50 <= score < 60, score
    assert [f for f in findings(text, "en") if f.category == "readability"] == []
    assert [f for f in findings(text, "en", "chat") if f.category == "readability"] == []


def test_findings_are_valid_finding_objects():
    for f in findings(HARD_DANISH + " " + _sentence(30)):
        assert isinstance(f, Finding)


@pytest.mark.parametrize("text", [
    "😀" * 50_000, ("Word " * 30 + "word. ") * 1_400, "a-" * 25_000, ("a" * 60 + ".dk ") * 780,
], ids=["emoji", "long sentences", "hyphens", "domains"])
def test_readability_on_50k_inputs_is_linear(text):
    text = text[:50_000]
    start = time.perf_counter()
    for language in ("da", "en"):
        summary(text, language)
    assert time.perf_counter() - start < 3.0


def test_words_outside_nested_or_overlapping_spans_are_found_in_one_sweep():
    """`_outside` merges spans that nest or overlap (an emoji inside a link's span) and sweeps once; it keeps exactly
    the words the word-by-span test keeps, on random spans of every kind."""
    import random

    from klarsvar.analysis.readability import _outside

    rng = random.Random(7)
    for _ in range(300):
        words = sorted({(a, a + rng.randint(1, 6)) for a in rng.sample(range(0, 200, 7), 20)})
        spans = sorted((s, s + rng.randint(0, 40)) for s in (rng.randint(0, 200) for _ in range(rng.randint(1, 8))))
        expected = [(a, b) for a, b in words if not any(s < b and a < e for s, e in spans)]
        assert _outside(words, spans) == expected
