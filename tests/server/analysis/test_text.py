"""Segmentation: sentence boundaries, kinds, word spans and protected spans."""

from __future__ import annotations

import time

import pytest

from klarsvar.analysis.document import Document
from klarsvar.analysis.offsets import OffsetMap
from klarsvar.analysis.text import Segmentation, Sentence, segment


def kinds(text: str, language: str = "da") -> list[tuple[str, str]]:
    """(kind, sentence text) pairs."""
    return [(s.kind, s.text) for s in segment(text, language).sentences]


def body(text: str, language: str = "da") -> list[str]:
    """Body sentence texts."""
    return [s.text for s in segment(text, language).sentences if s.kind == "body"]


def words(text: str, language: str = "da") -> list[str]:
    """Every word of every sentence, as text."""
    seg = segment(text, language)
    return [text[a:b] for s in seg.sentences for a, b in s.words]


def protected(text: str, language: str = "da") -> list[tuple[str, str]]:
    """(kind, text) of every protected span."""
    return [(k, text[s:e]) for s, e, k in segment(text, language).protected]


def assert_consistent(seg: Segmentation, text: str) -> None:
    """Every sentence's text is its slice, has no outer whitespace, and its words lie inside it."""
    previous_end = 0
    for s in seg.sentences:
        assert s.text == text[s.start:s.end]
        assert s.text == s.text.strip() and s.text
        assert s.start >= previous_end
        previous_end = s.end
        for a, b in s.words:
            assert s.start <= a < b <= s.end
    for a, b, _ in seg.protected:
        assert 0 <= a < b <= len(text)


# --- sentence boundaries --------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Vi har f.eks. sendt en ny vare.",
    "Der er bl.a. en fejl i systemet.",
    "Det tager ca. to dage.",
    "Vi ringer kl. 14 i morgen.",
    "Det er ordre nr. 12 på listen.",
    "Se jf. vores betingelser.",
    "Vi har mht. leveringen ingen nyheder.",
    "Du kan evt. ringe til os.",
    "Prisen er inkl. moms.",
    "Det er dvs. en ny pakke.",
    "Pakken er forsinket pga. vejret.",
    "Vedr. din ordre: den er sendt.",
    "Ang. Deres spørgsmål har vi svar.",
    "De koster hhv. 10 og 20 kroner.",
    "Ring på tlf. 70 20 30 40 i dag.",
    "You can, e.g. Monday, pick it up.",
    "That is, i.e. Tuesday, the day.",
    "Mr. Smith and Ms. Jones will call.",
    "Dr. Hansen skriver til dig.",
    "It is item No. 5 on the list.",
    "Den kommer d. 3. maj.",
    "Den kommer den 14. marts.",
    "Vi åbner 1. januar 2025 igen.",
    "Vi ringer kl. 14.30 i morgen.",
    "Det koster 2,5 kr. pr. stk. hos os.",
    "The price is 2.5 dollars.",
    "Den koster 1.299,95 kr. i alt.",
    "Se https://www.example.dk/side?id=3. Tak.",
    "Skriv til kundeservice@firma.dk i dag.",
    "Vent lidt… Jeg tjekker det lige.",
    "Vent lidt... Jeg tjekker det lige.",
    "Din pakke 📦 er på vej i dag.",
    "😀 Vi ses i morgen.",
    "Du er den 3. kunde i dag.",
    "Hilsen fra J. Jensen i butikken.",
])
def test_no_split_inside(text):
    sentences = body(text)
    # URL example: the URL's own "." and "?" never split; the "." after it does.
    expected = 2 if text.startswith("Se https") else 1
    assert len(sentences) == expected, sentences


@pytest.mark.parametrize("text, expected", [
    ("Tak for din mail. Vi har sendt pakken.", ["Tak for din mail.", "Vi har sendt pakken."]),
    ("Er det i orden? Så sender jeg den!", ["Er det i orden?", "Så sender jeg den!"]),
    ("Vi har æbler, pærer osv. Du kan også få bananer.", ["Vi har æbler, pærer osv.", "Du kan også få bananer."]),
    ("Den koster 249 kr. Du kan betale med kort.", ["Den koster 249 kr.", "Du kan betale med kort."]),
    ("Wow!!! Det er godt.", ["Wow!!!", "Det er godt."]),
    ("Hvad sker der?! Jeg ser på det.", ["Hvad sker der?!", "Jeg ser på det."]),
    ("Han sagde: »Den er sendt.« Det passer.", ["Han sagde: »Den er sendt.«", "Det passer."]),
    ("Pakken er sendt. 3 varer mangler.", ["Pakken er sendt.", "3 varer mangler."]),
    ("Tak! 😀 Vi ses.", ["Tak! 😀", "Vi ses."]),
    ("Se www.netto.dk. Der står det.", ["Se www.netto.dk.", "Der står det."]),
    ("Skriv til os på info@firma.dk. Vi svarer hurtigt.", ["Skriv til os på info@firma.dk.", "Vi svarer hurtigt."]),
    ("The order shipped. It arrives on Monday.", ["The order shipped.", "It arrives on Monday."]),
    ("Den er sendt d. 3. maj. Den er fremme i dag.", ["Den er sendt d. 3. maj.", "Den er fremme i dag."]),
    ("Sådan! det er ordnet", ["Sådan!", "det er ordnet"]),
    ("Tak for din besked 😊 Vi kigger på det!", ["Tak for din besked 😊", "Vi kigger på det!"]),
    ("Tak for hjælpen :) Vi ses i morgen.", ["Tak for hjælpen :)", "Vi ses i morgen."]),
    ("Super 👍 👍 Vi ses", ["Super 👍 👍", "Vi ses"]),
    ("Thanks 👍🏽 I will check", ["Thanks 👍🏽", "I will check"]),
])
def test_splits(text, expected):
    assert body(text) == expected


def test_paragraphs_and_line_breaks_split():
    text = "Tak for din besked\n\nVi har sendt pakken\nDu får den i morgen"
    assert body(text) == ["Tak for din besked", "Vi har sendt pakken", "Du får den i morgen"]


def test_hard_wrapped_line_continues_the_sentence():
    text = "Vi har modtaget din returnering og sender\npengene tilbage i morgen."
    assert body(text) == ["Vi har modtaget din returnering og sender\npengene tilbage i morgen."]


def test_bullet_and_numbered_items_are_sentences_without_marker():
    text = ("Du skal gøre følgende:\n- Gå til forsiden\n* Log ind\n• Vælg Mine ordrer\n"
            "1. Klik på ordren\n2) Tryk på Returner\n  a) Vælg en grund")
    seg = segment(text, "da")
    assert [s.text for s in seg.body] == [
        "Du skal gøre følgende:", "Gå til forsiden", "Log ind", "Vælg Mine ordrer", "Klik på ordren",
        "Tryk på Returner", "Vælg en grund"]
    assert [s.list_item for s in seg.body] == [False] + [True] * 6


def test_date_at_line_start_is_not_a_list_item():
    seg = segment("1. januar 2025 flytter vi.\n14. marts åbner vi igen.", "da")
    assert [s.list_item for s in seg.body] == [False, False]
    assert seg.body[0].text == "1. januar 2025 flytter vi."


# --- greeting, sign-off, signature, quotes --------------------------------------------------------

@pytest.mark.parametrize("greeting", [
    "Hej Maria", "Hej Maria,", "Kære Jens,", "Hi John,", "Dear Ms Smith", "Dear Ms. Smith,", "Hello!",
    "Hej igen Maria", "Hi there,", "Kære kunde", "God morgen Anna!", "Hej Maria og Jens",
    "Hej, Maria", "Hej igen, Maria!", "Dear Sir or Madam,", "Goddag Hr. Hansen",
])
def test_greeting_lines(greeting):
    seg = segment(f"{greeting}\n\nVi har sendt din pakke.", "da")
    assert seg.greeting is not None and seg.greeting.text == greeting
    assert [s.text for s in seg.body] == ["Vi har sendt din pakke."]


@pytest.mark.parametrize("greeting", ["Dean,", "Mrs Whitaker,", "Maria Jensen,", "Hr. Hansen,", "Anne-Marie,"])
def test_a_name_alone_on_the_first_line_is_the_greeting(greeting):
    seg = segment(f"{greeting}\n\nI've checked the invoice.", "en")
    assert seg.greeting is not None and seg.greeting.text == greeting


@pytest.mark.parametrize("first", ["Sorry,", "Unfortunately,", "Desværre,"])
def test_a_sentence_word_alone_on_the_first_line_is_no_greeting(first):
    assert segment(f"{first}\nthe parcel is late.", "en").greeting is None


def test_greeting_split_off_a_longer_first_line():
    seg = segment("Hej Maria, tak for din besked. Den er sendt.", "da")
    assert seg.greeting.text == "Hej Maria,"
    assert [s.text for s in seg.body] == ["tak for din besked.", "Den er sendt."]


def test_greeting_prefix_with_comma_or_full_stop():
    assert kinds("Hej, Maria. Tak for din mail.")[:2] == [("greeting", "Hej, Maria."), ("body", "Tak for din mail.")]
    assert kinds("Hi, I checked it.", "en") == [("greeting", "Hi,"), ("body", "I checked it.")]
    assert kinds("Dear Dr. Smith, thanks for writing.", "en")[0] == ("greeting", "Dear Dr. Smith,")


def test_a_name_in_a_greeting_ends_at_its_full_stop_unless_it_is_an_initial():
    """"Hej Ahmed. Iflg. vores …" greets Ahmed; the abbreviation opens the first sentence (198. udkast: an acknowledgement
    went in after "Iflg.")."""
    assert kinds("Hej Ahmed. Iflg. vores regler er det sådan. Mvh Team")[:2] == [
        ("greeting", "Hej Ahmed."), ("body", "Iflg. vores regler er det sådan.")]
    assert kinds("Kære A.P. Møller\n\nTak for brevet.")[0] == ("greeting", "Kære A.P. Møller")
    assert kinds("Dear J. Smith,\n\nThanks for writing.", "en")[0] == ("greeting", "Dear J. Smith,")


def test_chat_greetings_lower_case_and_emoji():
    assert kinds("hej maria\ndet ordner jeg") == [("greeting", "hej maria"), ("body", "det ordner jeg")]
    assert kinds("Hej Maria 😊 Tak for din besked.") == [("greeting", "Hej Maria 😊"), ("body", "Tak for din besked.")]
    assert kinds("Hi! How can I help?", "en") == [("greeting", "Hi!"), ("body", "How can I help?")]


def test_a_sentence_starting_with_hello_word_is_body_when_it_goes_on():
    assert body("Hej, jeg har kigget på din sag") == ["jeg har kigget på din sag"]
    assert kinds("Hej, jeg har kigget på din sag")[0] == ("greeting", "Hej,")


@pytest.mark.parametrize("signoff, signature", [
    ("Med venlig hilsen", ["Jens Hansen", "Kundeservice"]),
    ("Mvh", ["Jens"]),
    ("Venlig hilsen", ["Jens Hansen", "Butik A/S", "Tlf. 70 20 30 40"]),
    ("Best regards,", ["Anna"]),
    ("Kind regards", ["Anna Holm", "Customer Care"]),
    ("Thanks,", ["Anna"]),
    ("Best,", ["Anna"]),
    ("Mvh Jens", []),
    ("De bedste hilsner", ["Kundeservice"]),
])
def test_signoff_and_signature(signoff, signature):
    text = "Hej Maria\n\nVi har sendt din pakke i dag.\n\n" + "\n".join([signoff] + signature)
    seg = segment(text, "da")
    assert seg.signoff is not None and seg.signoff.text == signoff
    assert [s.text for s in seg.sentences if s.kind == "signature"] == signature
    assert [s.text for s in seg.body] == ["Vi har sendt din pakke i dag."]
    if signature:
        sig = [(k, text[a:b]) for a, b, k in seg.protected if k == "signature"]
        assert sig == [("signature", "\n".join(signature))]


def test_weak_signoff_needs_its_own_place():
    # "Tak!" alone is the whole message, not a sign-off.
    assert kinds("Tak!") == [("body", "Tak!")]
    # Its own last paragraph: a sign-off.
    assert kinds("Den er sendt.\n\nTak!")[-1] == ("signoff", "Tak!")
    # Followed by a body line: not a sign-off, and the body line stays body.
    assert kinds("Den er sendt.\n\nTak!\nDin pakke kommer i morgen")[-1][0] == "body"
    assert kinds("Den er sendt.\n\nHa' en god dag!")[-1] == ("signoff", "Ha' en god dag!")
    assert kinds("Den er sendt.\n\nHej hej\nJens")[-2:] == [("signoff", "Hej hej"), ("signature", "Jens")]
    # "Tak for hjælpen." is a sentence, not a sign-off phrase.
    assert kinds("Den er sendt.\n\nTak for hjælpen.")[-1] == ("body", "Tak for hjælpen.")


def test_signoff_followed_by_name_and_a_long_disclaimer():
    text = ("Tak for din mail.\n\nBest regards,\nAnna\nCustomer Care\n\nThis e-mail and any attachments are "
            "confidential and intended solely for the addressee. If you are not the addressee, delete it.")
    seg = segment(text, "en")
    assert seg.signoff.text == "Best regards,"
    assert [s.text for s in seg.body] == ["Tak for din mail."]
    assert seg.sentences[-1].kind == "signature"


@pytest.mark.parametrize("text, language, expected", [
    ("Hej Tom, your order ships today. Mvh Lise", "en",
     [("greeting", "Hej Tom,"), ("body", "your order ships today."), ("signoff", "Mvh Lise")]),
    ("Din pakke er sendt. Med venlig hilsen Lise Holm", "da",
     [("body", "Din pakke er sendt."), ("signoff", "Med venlig hilsen Lise Holm")]),
    ("Den er sendt. Mvh. Lise", "da", [("body", "Den er sendt."), ("signoff", "Mvh. Lise")]),
    ("Your order ships today. Best regards, Lise\nKlarsvar Support", "en",
     [("body", "Your order ships today."), ("signoff", "Best regards, Lise"), ("signature", "Klarsvar Support")]),
    ("Den er sendt i dag. Vi ses. Hilsen Jens", "da",
     [("body", "Den er sendt i dag."), ("body", "Vi ses."), ("signoff", "Hilsen Jens")]),
])
def test_inline_signoff_at_the_end_of_a_line(text, language, expected):
    seg = segment(text, language)
    assert [(s.kind, s.text) for s in seg.sentences] == expected
    assert all(text[s.start:s.end] == s.text for s in seg.sentences)


@pytest.mark.parametrize("text", [
    "Din pakke er sendt. Tak, Lise",                      # weak: may be thanking a customer called Lise
    "Den er sendt.\nMvh er en forkortelse. Hilsen til alle",  # not a sign-off phrase + name
    "Den er sendt. Mvh Lise\nVi ringer også i morgen, hvis den ikke er kommet.",  # prose follows
    "Mvh er en forkortelse for med venlig hilsen.",
])
def test_inline_signoff_needs_a_strong_phrase_at_the_very_end(text):
    assert "signoff" not in [k for k, _ in kinds(text)]


def test_inline_signoff_words_are_not_counted_as_body():
    seg = segment("Hej Tom, your order ships today. Mvh Lise", "en")
    assert [len(s.words) for s in seg.body] == [4]
    assert seg.signoff.words and seg.signoff.text == "Mvh Lise"


def test_strong_signoff_followed_by_prose_is_not_a_signoff():
    text = "Hilsen\nVi har sendt din pakke i dag, og den er fremme i morgen. Du får en sms."
    assert all(k == "body" for k, _ in kinds(text))


def test_trailing_name_line_without_signoff_is_signature():
    assert kinds("Hej Maria\n\nDin pakke er sendt.\n\nJens")[-1] == ("signature", "Jens")
    assert kinds("Din pakke er sendt.\n\nAnna Holm")[-1] == ("signature", "Anna Holm")
    assert [k for k, _ in kinds("Din pakke er sendt.\n\nJens Hansen\nKundeservice\nTlf. 70 20 30 40")] == [
        "body", "signature", "signature", "signature"]
    # A bare name after the last sentence signs a chat message or post, on its own line or not.
    assert kinds("Din pakke er sendt.\nJens")[-1] == ("signature", "Jens")
    # Not a signature: the only line, or a sentence after the name.
    assert kinds("Jens") == [("body", "Jens")]
    assert kinds("Din pakke er sendt.\n\nJens\nRing til os i morgen.")[-1][0] == "body"


def test_signature_delimiter():
    text = "Din pakke er sendt.\n-- \nJens Hansen\nwww.butik.dk"
    assert [k for k, _ in kinds(text)] == ["body", "signature", "signature", "signature"]


def test_quoted_lines_and_reply_attribution():
    text = ("Hej Maria\n\nJeg har sendt en ny.\n\n"
            "Den tir. 14. mar. 2025 kl. 10.03 skrev Maria Hansen <maria@x.dk>:\n"
            "> Hvor er min pakke?\n>\n> Jeg har ventet længe.")
    seg = segment(text, "da")
    assert [s.text for s in seg.body] == ["Jeg har sendt en ny."]
    assert [s.kind for s in seg.sentences][-4:] == ["quote"] * 4
    quote = [text[a:b] for a, b, k in seg.protected if k == "quote"]
    assert quote == [text[text.index("Den tir."):]]


def test_english_reply_attribution_wrapped_over_two_lines():
    text = ("Thanks, I have sent a new one.\n\nOn Tue, Mar 14, 2025 at 10:03 AM Maria Hansen <\n"
            "maria@x.dk> wrote:\nWhere is my parcel?")
    seg = segment(text, "en")
    assert [s.text for s in seg.body] == ["Thanks, I have sent a new one."]
    assert seg.sentences[-1].kind == "quote"


def test_attribution_without_on_or_den():
    text = "Den er sendt.\n\nMaria Hansen <maria@x.dk> wrote:\nWhere is it?"
    assert [s.kind for s in segment(text, "en").sentences] == ["body", "quote", "quote"]
    # "Du skrev:" introducing the agent's own quote is not an attribution line.
    assert kinds("Du skrev:\nDen er væk.")[0] == ("body", "Du skrev:")


def test_outlook_header_block_is_quote():
    text = "Den er sendt.\n\nFra: Maria Hansen\nSendt: 14. marts 2025 10:03\nTil: Kundeservice\nEmne: Pakke\n\nHvor er den?"
    seg = segment(text, "da")
    assert [s.text for s in seg.body] == ["Den er sendt."]


def test_inline_greater_than_lines_are_quote():
    text = "> Min pakke er ikke kommet\nDet er jeg ked af at høre. Jeg finder den."
    assert kinds(text) == [("quote", "> Min pakke er ikke kommet"), ("body", "Det er jeg ked af at høre."),
                           ("body", "Jeg finder den.")]


# --- words ----------------------------------------------------------------------------------------

def test_words_exclude_punctuation_and_keep_inner_hyphens_and_apostrophes():
    assert words("Hvad så, Maria? Din e-mail, SMS-koden og don't/can't er ok!") == [
        "Hvad", "så", "Maria", "Din", "e-mail", "SMS-koden", "og", "don't", "can't", "er", "ok"]


def test_words_numbers_abbreviations_urls_and_emails_are_one_word_each():
    text = "Den koster 1.299,95 kr. f.eks. kl. 14.30, se https://x.dk/a-b?c=1 eller skriv til a.b@c.dk."
    assert words(text) == ["Den", "koster", "1.299,95", "kr", "f.eks", "kl", "14.30", "se",
                           "https://x.dk/a-b?c=1", "eller", "skriv", "til", "a.b@c.dk"]


def test_words_danish_letters_and_combining_marks():
    text = "Blåbærgrød og cafe\u0301 med naïve søstre"
    assert words(text) == ["Blåbærgrød", "og", "cafe\u0301", "med", "naïve", "søstre"]


def test_soft_hyphen_stays_inside_the_word():
    assert words("Din leve\u00adring er sendt") == ["Din", "leve\u00adring", "er", "sendt"]


def test_emoji_is_not_a_word_and_offsets_stay_code_points():
    text = "Hej 😀 Maria 👍🏽! Din pakke er sendt 🎉. Tak."
    seg = segment(text, "da")
    assert_consistent(seg, text)
    assert "😀" not in words(text) and "Maria" in words(text)
    sent = [s for s in seg.sentences if "sendt" in s.text][0]
    offsets = OffsetMap(text)
    start16, end16 = offsets.to_utf16(sent.start), offsets.to_utf16(sent.end)
    utf16 = text.encode("utf-16-le")
    assert utf16[start16 * 2:end16 * 2].decode("utf-16-le") == sent.text


def test_crlf_text_offsets():
    text = "Hej Maria\r\n\r\nTak for din mail.\r\nVi har sendt den.\r\n\r\nMvh\r\nJens\r\n"
    seg = segment(text, "da")
    assert_consistent(seg, text)
    assert [(s.kind, s.text) for s in seg.sentences] == [
        ("greeting", "Hej Maria"), ("body", "Tak for din mail."), ("body", "Vi har sendt den."),
        ("signoff", "Mvh"), ("signature", "Jens")]


def test_lone_carriage_returns_are_line_breaks():
    assert body("Tak for din mail\rVi har sendt den") == ["Tak for din mail", "Vi har sendt den"]


def test_empty_and_whitespace_text():
    assert segment("", "da").sentences == ()
    assert segment(" \n\r\n\t ", "da").sentences == ()
    assert segment("😀", "da").sentences[0].words == ()


# --- protected spans ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Se https://www.example.dk/ordre/123.", [("url", "https://www.example.dk/ordre/123")]),
    ("Gå til www.netto.dk, så ser du den.", [("url", "www.netto.dk")]),
    ("Læs mere på netto.dk/hjaelp i dag.", [("url", "netto.dk/hjaelp")]),
    ("(se https://x.dk/a_(b))", [("url", "https://x.dk/a_(b)")]),
    ("Skriv til kundeservice@firma.dk.", [("email", "kundeservice@firma.dk")]),
    ("Den koster 249 kr. i alt.", [("amount", "249 kr.")]),
    ("Prisen er kr. 1.299,95 med fragt.", [("amount", "kr. 1.299,95")]),
    ("Only €49 today.", [("amount", "€49")]),
    ("It is $10.50.", [("amount", "$10.50")]),
    ("Det er 100 DKK.", [("amount", "100 DKK")]),
    ("Det er 1 299 kr. i alt.", [("amount", "1 299 kr.")]),
    ("Det koster 49,- kr.", [("amount", "49,- kr.")]),
    ("Ticket #12345 is open.", [("reference", "#12345")]),
    ("Din ordre 123456 er sendt.", [("reference", "123456")]),
    ("Ordrenr. 4711 er sendt.", [("reference", "4711")]),
    ("Jeg har sagsnr. 2024-001 her.", [("reference", "2024-001")]),
    ("Faktura INV-2231 er betalt.", [("reference", "INV-2231")]),
    ("Koden ABC123 virker.", [("reference", "ABC123")]),
    ("Your order #A-7781 shipped.", [("reference", "#A-7781")]),
    ("Den kommer 14. marts.", [("date", "14. marts")]),
    ("Den kommer d. 3. maj.", [("date", "d. 3. maj")]),
    ("Vi åbner 1. januar 2025.", [("date", "1. januar 2025")]),
    ("It arrives on 14 March 2025.", [("date", "14 March 2025")]),
    ("It arrives March 14, 2025.", [("date", "March 14, 2025")]),
    ("Mødet er 14.03.2025 om morgenen.", [("date", "14.03.2025")]),
    ("Mødet er 2025-03-14.", [("date", "2025-03-14")]),
    ("Den kommer på fredag.", [("date", "fredag")]),
    ("Vi ringer kl. 14.30.", [("time", "kl. 14.30")]),
    ("Vi ringer 14:30.", [("time", "14:30")]),
    ("We call at 3pm.", [("time", "3pm")]),
    ("Vi ringer kl 14 i dag.", [("time", "kl 14")]),
    ("Vi ringer klokken 9.", [("time", "klokken 9")]),
    ("Han sendte d. 3. maj.", [("date", "d. 3. maj")]),
    ("Vi sendte 3. maj.", [("date", "3. maj")]),
    ("Du får 3 pakker.", [("number", "3")]),
    ("Rabatten er 20 %.", [("number", "20 %")]),
    # A number naming an internal support tier is jargon for the rewrite to remove, not a fact.
    ("Din sag er eskaleret til 2nd level.", []),
    ("It went to our Tier 2 team.", []),
    ("Den er sendt til 2. linje.", []),
    ("Det er 2,5 kg.", [("number", "2,5")]),
    ("Han sagde \"det er fint\" og gik.", [("quote", "\"det er fint\"")]),
    ("Du skrev »pakken er væk« i går.", [("quote", "»pakken er væk«")]),
    ("You wrote “it never came” yesterday.", [("quote", "“it never came”")]),
    ("Status er sat til REFUND_APPROVED i systemet.", [("reference", "REFUND_APPROVED")]),
])
def test_protected_spans(text, expected):
    assert protected(text) == expected


def test_protected_tokens_never_overlap_and_are_sorted():
    text = ("Ordre #12345 (1.299,95 kr.) sendes d. 3. maj kl. 14.30 til a@b.dk, se https://x.dk/12345. "
            "Sagsnr. 2024-001, INV-2231, 100 DKK, €49, 14/3, 20 %.")
    seg = segment(text, "da")
    spans = [(a, b) for a, b, k in seg.protected if k not in ("quote", "signature")]
    assert spans == sorted(spans)
    for (a1, b1), (a2, b2) in zip(spans, spans[1:]):
        assert b1 <= a2
    kinds_found = {k for _, _, k in seg.protected}
    assert {"reference", "amount", "date", "time", "email", "url", "number"} <= kinds_found


def test_quoted_email_lines_are_protected_quote():
    text = "Det er ordnet.\n> Min ordre 123 kom aldrig\n> Hjælp!"
    seg = segment(text, "da")
    assert ("quote", "> Min ordre 123 kom aldrig\n> Hjælp!") in [(k, text[a:b]) for a, b, k in seg.protected]


def test_is_protected_helper():
    text = "Den koster 249 kr. i alt."
    seg = segment(text, "da")
    assert seg.is_protected(11, 14)
    assert not seg.is_protected(0, 10)
    assert seg.is_protected(0, 12, kinds=("amount",))
    assert not seg.is_protected(0, 12, kinds=("url",))
    assert seg.sentence_at(12).text == text
    assert seg.sentence_at(999) is None


# --- robustness and speed -------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "\u200b\u200b", "\u202eHej\u202c", "a\x00b. C", "..!!??", "\ud800 lone surrogate", ">", "--", "- ", "1.",
    "Hej", "Mvh", "\n\n\n", "e\u0301\u0301\u0301", "👩‍👩‍👧‍👦" * 50, "x" * 5000, ". " * 500,
])
def test_odd_input_never_crashes(text):
    seg = segment(text, "da")
    assert_consistent(seg, text)


def test_sentence_dataclass_keeps_contract_fields():
    s = Sentence(0, 3, "Hej")
    assert (s.start, s.end, s.text, s.kind, s.words) == (0, 3, "Hej", "body", ())


REPLY_300_WORDS = (
    "Hej Maria\n\n"
    + ("Tak for din mail om ordre 123456. Jeg kan godt forstå, at du gerne vil have din pakke hurtigt, "
       "f.eks. inden d. 3. maj. Vi har sendt den kl. 14.30 i dag, og den koster 1.299,95 kr. i alt. "
       "Du kan følge den på https://www.example.dk/spor/123456 eller skrive til kundeservice@example.dk. ") * 6
    + "\n\nMed venlig hilsen\nJens Hansen\nKundeservice"
)


def _timed(call, runs: int) -> float:
    """Mean seconds per call over `runs` calls."""
    start = time.perf_counter()
    for _ in range(runs):
        call()
    return (time.perf_counter() - start) / runs


def test_segmentation_is_fast():
    assert 280 <= len(REPLY_300_WORDS.split()) <= 340
    segment(REPLY_300_WORDS, "da")
    # Best of several batches: robust when other processes load the machine.
    per_call = min(_timed(lambda: segment(REPLY_300_WORDS, "da"), 20) for _ in range(7))
    # Budget: the whole analysis of a 300-word reply is ~10 ms; segmentation gets a small share. This
    # reply is dense with amounts, dates, URLs and addresses: about 1 ms on an idle machine; the bound
    # leaves room for a loaded CI machine and still catches a regex that went quadratic.
    assert per_call < 0.005, f"{per_call * 1000:.2f} ms"


# --- property: any text segments consistently -----------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from([
    "Hej Maria", "Med venlig hilsen", "Mvh", "Jens", "> ", "Den 3. maj skrev Ole:", "On Mon, Anna wrote:",
    "f.eks.", "kl. 14.30", "1.299,95 kr.", "#123", "ordre 4711", "https://x.dk/a?b=1", "a@b.dk", "…", "...",
    ". ", "! ", "? ", "\n", "\r\n", "\r", "\n\n", "- ", "1. ", "»", "«", "\"", "😀", "👍🏽", "e\u0301", "æøå",
    "Tak", "det", "er", "fint", " ", ",", "INV-22", "14. marts", "\u200b", "\ud800", "\x00", "Thanks,", "--",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=40))
def test_segmentation_invariants_on_random_text(pieces):
    text = "".join(pieces)
    seg = segment(text, "da")
    assert_consistent(seg, text)
    assert all(s.kind in ("greeting", "body", "signoff", "signature", "quote") for s in seg.sentences)
    tokens = [(a, b) for a, b, k in seg.protected if k not in ("quote", "signature")]
    for (a1, b1), (a2, b2) in zip(tokens, tokens[1:]):
        assert b1 <= a2
    assert list(seg.protected) == sorted(seg.protected)


@pytest.mark.parametrize("text", [
    "😀" * 50_000, "👩‍👩‍👧‍👦" * 7_000 + " Vi ses", "1" * 50_000, "1." * 25_000, "1. " * 16_000, "#1" * 25_000,
    ">\n" * 25_000, "- a\n" * 12_000, "Mvh\n" * 12_000, "»a" * 25_000, ("a" * 60 + ".dk ") * 780,
    ("a." * 30 + "@b.dk ") * 700, "kr. 1 " * 8_000, "On " + "a " * 24_000 + " wrote:",
], ids=lambda t: repr(t[:12]))
def test_pathological_50k_inputs_stay_linear(text):
    # The API's largest text is 50,000 characters; nothing may go quadratic on it (a regex that
    # backtracks over a run of emoji once took 50 s here).
    text = text[:50_000]
    start = time.perf_counter()
    seg = segment(text, "da")
    elapsed = time.perf_counter() - start
    assert elapsed < 2.0, f"{elapsed:.2f} s"
    assert all(s.text == text[s.start:s.end] for s in seg.sentences)


# --- Issue 14: real chat and social replies ----------------------------------------------------------

@pytest.mark.parametrize("text, signature", [
    ("Anything I can do to help? ^dw", "^dw"),
    ("Have you had a chance to run a tracert?^RMD", "^RMD"),
    ("Pls DM your conf # if I may assist, *AAB", "*AAB"),
    ("That's the best kind. All treats, my friend. -Becky", "-Becky"),
    ("We replied via DM.Thanks- Mar", "- Mar"),
    ("Let us know how it goes! ~Sam", "~Sam"),
    ("Here is some info: https://t.co/MEjmIRL2eB /NQ", "/NQ"),
    ("Let me know if you need any help. *TBW 2/2", "*TBW 2/2"),
    ("I can get a refund added for you. Robbie https://t.co/MdMtnTlX6H", "Robbie https://t.co/MdMtnTlX6H"),
    ("Which store did you buy it in? Faiza.", "Faiza."),
    ("If so, let me know :)  Thanks!  Asmita - HP Social Media Tech Support",
     "Asmita - HP Social Media Tech Support"),
    ("Din pakke er sendt i dag. Lise", "Lise"),
])
def test_initials_and_names_after_the_last_sentence_are_the_signature(text, signature):
    seg = segment(text, "en")
    assert [s.text for s in seg.sentences if s.kind == "signature"] == [signature]
    assert any(k == "signature" and text[a:b] == signature for a, b, k in seg.protected)
    assert all(signature not in s.text for s in seg.body)
    assert_consistent(seg, text)


@pytest.mark.parametrize("text, signoff, signature", [
    ("Any other questions, please ask. Thanks ^SG", "Thanks", "^SG"),
    ("We're sorry. Thank you ^ro", "Thank you", "^ro"),
    ("Please raise a request for your concern. Rgds, Saransh https://t.co/LBfZgLCSfr", "Rgds",
     "Saransh https://t.co/LBfZgLCSfr"),
])
def test_a_signoff_before_the_signature_mark_is_the_signoff(text, signoff, signature):
    assert [(k, t) for k, t in kinds(text, "en") if k != "body"] == [("signoff", signoff), ("signature", signature)]


def test_a_weak_signoff_before_a_signature_with_an_email_line():
    """"Best," then a name, a team, a company and "hello@dormkit.com | (617) 555-0148": the signature's "Customer
    Ops" was flagged as internal language (both blind judges, tenth drafts)."""
    text = ("Hi Sam,\n\nThe mattress needs its cover or a $40 fee applies.\n\nBest,\nJordan Pike\n"
            "Customer Ops (Logistics)\nDormKit Furniture Rental\nhello@dormkit.com | (617) 555-0148")
    assert [k for k, _ in kinds(text, "en")] == ["greeting", "body", "signoff"] + ["signature"] * 4


@pytest.mark.parametrize("text, sentences", [
    ("I can see your booking for 9:00 AM with Rosa M. The $132.00 has been refunded.", 2),
    ("Vi har talt med Rosa M. Det er ordnet nu.", 2),
    ("Please ask for J. Jensen at the desk.", 1),
])
def test_a_name_with_an_initial_ends_before_a_sentence_opener(text, sentences):
    """"… with Rosa M. The $132.00 …" was one 34-word sentence to the long-sentence rule (both blind judges, ninth
    drafts); an initial before a surname stays inside its sentence."""
    assert len(segment(text, "en").sentences) == sentences


@pytest.mark.parametrize("text, sentences", [
    ("Vores værksted kan se på den. Bemærk, at fejlfinding koster 695 kr.", 2),
    ("Det er ikke noget, man. Tak", 2),
    ("Pakken kommer den. 12. maj.", 1),
])
def test_den_and_man_end_a_sentence_before_a_capital(text, sentences):
    """"… se på den. Bemærk, …" was one 40-word sentence to the long-sentence rule (both blind judges, ninth drafts)."""
    assert len(segment(text, "da").sentences) == sentences


@pytest.mark.parametrize("text", [
    "Let me know. Thanks",  # a closing word, not a name
    "Din pakke er sendt. Tak",
    "Robbie",  # a name as the whole message is the message
    "Vi sender den. Jens vil ringe til dig i morgen.",  # a sentence after the name
    "Check the menu and/or the site",  # a slash inside the text is no signature mark
    "The price is 20 - 30 kr",
])
def test_no_signature_without_a_mark_or_a_lone_name_at_the_end(text):
    assert [k for k, _ in kinds(text, "en")] == ["body"] * len(kinds(text, "en"))


@pytest.mark.parametrize("text, kind, token", [
    ("Please DM @AmazonHelp with your order", "handle", "@AmazonHelp"),
    ("Thanks @115712, we'll look into it", "handle", "@115712"),
    ("We love it too #LUVseat #justsaying", "hashtag", "#LUVseat"),
    ("Reply to [email] or call [phone]", "placeholder", "[email]"),
    ("Hej [Kundens navn], tak for din mail", "placeholder", "[Kundens navn]"),
    ("We do! 👋 All episodes are up 👍🏽", "emoji", "👍🏽"),
    ("Let me know :) and we'll fix it", "emoji", ":)"),
    ("Send us a DM with your booking reference and...1/2", "thread", "1/2"),
    ("Kindly visit a shop for the swap (1/2)", "thread", "(1/2)"),
    ("2/2 Please make sure the app is updated", "thread", "2/2"),
    ("Thanks for waiting - Callum 2/2 https://t.co/x1", "thread", "2/2"),
    ("See t.co/MdMtnTlX6H for the steps", "url", "t.co/MdMtnTlX6H"),
    ("Visit shop.example.co.uk today", "url", "shop.example.co.uk"),
])
def test_social_tokens_are_protected(text, kind, token):
    seg = segment(text, "en")
    assert (kind, token) in [(k, text[a:b]) for a, b, k in seg.protected]
    assert_consistent(seg, text)


@pytest.mark.parametrize("text, token", [
    ("The delivery is booked on 1/2", "1/2"),  # a date, not a thread marker
    ("Half of them, 1/2, arrived and the rest follow.", "1/2"),  # inside the text
    ("Mix 3/2 of the powder", "3/2"),  # a part larger than the whole
    ("1/2 kg mel og 2 æg", "1/2"),  # a fraction opening a text, not a marker
    ("Skriv til support#hjælp", "#hjælp"),  # not a tag inside a word
    ("Skriv til lise@firma.dk", "@firma"),  # an e-mail address, not a handle
])
def test_look_alikes_are_not_social_tokens(text, token):
    seg = segment(text, "en")
    found = [(k, text[a:b]) for a, b, k in seg.protected]
    assert ("thread", token) not in found and ("hashtag", token) not in found and ("handle", token) not in found


def test_social_tokens_never_overlap_other_tokens_and_stay_byte_exact():
    text = ("@Sam hi! Order #12345 ships 14/3 🎉🎉 see https://t.co/Ab1 #happy [email] (1/2)")
    seg = segment(text, "en")
    tokens = sorted((a, b) for a, b, k in seg.protected if k not in ("quote", "signature"))
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(tokens, tokens[1:]))
    kinds_found = {k: text[a:b] for a, b, k in seg.protected}
    assert kinds_found["reference"] == "#12345" and kinds_found["hashtag"] == "#happy"
    assert kinds_found["date"] == "14/3" and kinds_found["emoji"] == "🎉🎉" and kinds_found["thread"] == "(1/2)"


def test_offset_map_counts_every_character_outside_the_bmp():
    import random

    from klarsvar.analysis.offsets import OffsetMap, utf16_len

    rng = random.Random(17)
    for _ in range(300):
        text = "".join(rng.choice("aæ ø\n😕\U0001F600é\u00ad\uffff\U00010000") for _ in range(rng.randint(0, 40)))
        offsets = OffsetMap(text)
        assert utf16_len(text) == len(text.encode("utf-16-le")) // 2
        for i in range(len(text) + 1):
            assert offsets.to_utf16(i) == len(text[:i].encode("utf-16-le")) // 2
            assert offsets.from_utf16(offsets.to_utf16(i)) == i


@pytest.mark.parametrize("text, first", [
    ("Your cancellation came at 11:52 PM EST. Unfortunately the cut-off was midnight.", "Your cancellation came at 11:52 PM EST."),
    ("It is set out in your SLA Schedule B. Full details are in the portal.", "It is set out in your SLA Schedule B."),
    ("Mød op ved Gate C. Boarding starter kl. 10.", "Mød op ved Gate C."),
    # A number's abbreviation before a plain word (both blind judges, twenty-seventh drafts: one long sentence).
    ("Husk at lægge sedlen i med ordrenr. Japanske knive sliber vi gerne.", "Husk at lægge sedlen i med ordrenr."),
])
def test_a_label_letter_or_a_capital_acronym_can_end_a_sentence(text, first):
    """"Schedule B." and "EST." end their sentence before a capital (fourth drafts: two sentences counted as one long
    one); an initial ("J. Jensen") and "est." (estimated) still do not."""
    assert segment(text, "en").sentences[0].text == first


@pytest.mark.parametrize("text", ["Please call J. Jensen tomorrow.", "The est. amount is 300 kr. today.",
                                  "Skriv ordrenr. SO-22 i mailen.", "Din ordrenr. 4711 er sendt."])
def test_initials_and_lower_case_abbreviations_still_join(text):
    assert len(segment(text, "en").sentences) == 1


@pytest.mark.parametrize("text, sentences", [
    ("din ordre er fejlet på flexkablet. vi afventer en del fra leverandøren. du får en mail når den er sendt.", 3),
    ("afgiften på 795 kr. er derfor pålagt korrekt. du kan gøre indsigelse via appen", 2),
    ("Apologies for the late reply. we are busy today", 2),
    # Abbreviations written in small letters go on before a small word, as do words of under three letters.
    ("Behandlingstiden iht. vores SLA er 15 dage", 1),
    ("Vi har pt. travlt med ekskl. det hele", 1),
    ("Send dit serienr. så vi kan se den", 1),
    ("Prisen er 49 kr. pr. md. hvis du binder dig", 1),
    ("Hi Aisha sorry for the wait. the screen we had was faulty. should be ready after 4pm", 3),
    # A small word that does not open sentences is no sign of a new one.
    ("Vi sender pakken i morgen. kl 14 kommer den", 1),
    # Written in small letters throughout, any small word opens the next sentence, and an emoji ends one; a date goes on.
    ("ja der er både nye kartofler og æg 👍 jordbærsæsonen er slut, men vi har hindbær og blommer. boden er åben 8-18", 3),
    ("din ordre er sendt d. 3. maj og vi har pt. travlt. ring gerne kl. 9", 2),
    ("vi har den på lager osv. og den kan hentes i dag", 1),
])
def test_a_full_stop_before_a_small_word_that_opens_sentences_ends_one(text, sentences):
    """Chat written in lower case: "… på flexkablet. vi afventer …" was one long sentence to the long-sentence rule
    (both blind judges of the Danish findings, 105th–106th drafts: a false alarm)."""
    assert len(segment(text, "da").sentences) == sentences


@pytest.mark.parametrize("text, heading", [
    ("Dear Mrs Hughes,\n\nRe: Mortgage account 7194036201 – Arrears of £1,846.40\n\nThank you for your letter.\n\n"
     "Yours sincerely,\nAnna", "Re: Mortgage account 7194036201 – Arrears of £1,846.40"),
    ("Vedr.: Lejemål 12, 2. th.\n\nKære Ole\n\nVi sender en håndværker på mandag.\n\nMvh\nAnna", "Vedr.: Lejemål 12, 2. th."),
])
def test_a_subject_line_is_a_heading_not_body(text, heading):
    """A subject line by the salutation is a heading: no body sentence, and the acknowledgement goes after it
    (sixth drafts: it was glued onto "Re: Mortgage account …")."""
    sentences = segment(text, "en").sentences
    assert any(s.kind == "greeting" and s.text == heading for s in sentences)
    assert all(not s.text.startswith(("Re:", "Vedr.")) for s in sentences if s.kind == "body")


@pytest.mark.parametrize("text, language, first_body", [
    ("Erik Bonde Nielsen\nSkovsbovej 22, st. th.\n5700 Svendborg\n\nOdense, den 28. marts\n\nVedr. Deres klage over "
     "udeblevet kørsel – sagsnr. HK-2024-0419\n\nVi bekræfter modtagelsen af Deres besked.\n\nMed venlig hilsen\nHanne",
     "da", "Vi bekræfter modtagelsen af Deres besked."),
    ("Mr A Whitmore\n14 Church Lane\nLeeds LS12 2PL\n\n3 March 2025\n\nDear Mr Whitmore,\n\nThank you for your letter.",
     "en", "Thank you for your letter."),
])
def test_a_letter_head_is_no_body(text, language, first_body):
    """The addressee's name and address, the place and date and a subject line without a colon head the letter: the
    acknowledgement went in after the name, inside the address (212. udkast)."""
    sentences = segment(text, language).sentences
    assert [s.text for s in sentences if s.kind == "body"][0] == first_body


@pytest.mark.parametrize("text", ["Tak for din besked.\nVi sender den til\n2100 København Ø\n\nMvh Ole",
                                  "3 dage\n\nMvh Ole", "Vedrørende din ordre har vi sendt en ny.\n\nMvh"])
def test_no_letter_head_in_a_reply_that_opens_with_its_text(text):
    """A first paragraph of sentences, a duration or a sentence with "Vedrørende" stays the reply's text."""
    assert segment(text, "da").sentences[0].kind == "body"


def test_a_month_abbreviation_ends_its_sentence_before_a_word_that_opens_one():
    """"… is Tues 18 Nov. Please note drivers …" was one 41-word sentence (both blind judges, thirty-ninth drafts: the
    long-sentence finding was a false alarm); before a time or a number the date goes on."""
    def sentences(text, language):
        return [s.text for s in Document(text=text, language=language).segmentation.sentences]

    assert sentences("The next slot is Tues 18 Nov. Please note drivers cannot carry items upstairs.", "en") == [
        "The next slot is Tues 18 Nov.", "Please note drivers cannot carry items upstairs."]
    assert sentences("Vi kommer d. 3. nov. Det er en mandag.", "da") == ["Vi kommer d. 3. nov.", "Det er en mandag."]
    assert len(sentences("Vi kommer mandag d. 3. nov. kl. 10.", "da")) == 1
    assert len(sentences("See you on Mon. 4 March at 10.", "en")) == 1


@pytest.mark.parametrize("text, first", [
    ("Kjolen afleveres på Vestergade 44, 5000 Odense C. Ved senere aflevering opkræves et gebyr.",
     "Kjolen afleveres på Vestergade 44, 5000 Odense C."),
    ("Bussen kører fra Hobro Station, stoppested B. Ændringen er annonceret.", "Bussen kører fra Hobro Station, stoppested B."),
])
def test_a_postal_district_or_a_labelled_stop_ends_the_sentence(text, first):
    """"5000 Odense C. Ved …" and "stoppested B. Ændringen …" are two sentences, not a name's initial (both blind judges,
    67. and 68. udkast: one 33-word "long sentence"); "Hans J. Jensen" stays one."""
    from klarsvar.analysis.text import segment
    assert segment(text, "da").sentences[0].text == first
    assert len(segment("Hilsen fra Hans J. Jensen og familien.", "da").sentences) == 1


@pytest.mark.parametrize("text", ["god tur herud ☀️\nhilsen Karen, Hyldegården", "Tak for i dag.\nMvh Anna, Kundeservice"])
def test_a_signoff_with_the_name_and_the_shop_after_a_comma(text):
    """"hilsen Karen, Hyldegården" was read into the sentence before it (both blind judges of the 115th drafts' findings:
    a long-sentence false alarm)."""
    assert kinds(text, "da")[-1][0] == "signoff"
