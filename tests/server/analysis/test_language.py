"""Danish/English detection: one-line chat replies, long e-mails, English jargon in Danish, Scandinavian."""

from __future__ import annotations

import time

import pytest

from klarsvar.analysis.language import detect_language, language_scores

# A labelled set written for this test (not taken from any corpus): customer-service chat lines and
# e-mail sentences the way agents write them, including the hard cases — very short replies, English
# jargon inside Danish, Danish names and places inside English, and Norwegian/Swedish (labelled 'da',
# the closer of the two answers). docs/quality/readability.md reports the accuracy measured on it.
LABELLED: list[tuple[str, str]] = [
    # --- Danish, one-line chat -------------------------------------------------------------------
    ("Tak, det ordner jeg", "da"),
    ("Ok, jeg kigger på det", "da"),
    ("Hej!", "da"),
    ("Det er fint", "da"),
    ("Tak!", "da"),
    ("Jeg vender tilbage", "da"),
    ("Et øjeblik", "da"),
    ("Ja, det kan jeg godt", "da"),
    ("Nej, desværre ikke", "da"),
    ("Selvfølgelig!", "da"),
    ("Super, tak for hjælpen", "da"),
    ("Den er sendt", "da"),
    ("Jeg tjekker lige", "da"),
    ("Hvad er dit ordrenummer?", "da"),
    ("Hvornår bestilte du?", "da"),
    ("Godt at høre", "da"),
    ("Fedt, så lukker jeg sagen", "da"),
    ("Vil du have pengene tilbage?", "da"),
    ("Må jeg få din mail?", "da"),
    ("Perfekt, tusind tak", "da"),
    ("Velkommen tilbage", "da"),
    ("Hav en god dag", "da"),
    ("Ingen problemer", "da"),
    ("Klart!", "da"),
    ("Mvh Jens", "da"),
    ("Jeg har sendt et link", "da"),
    ("Prøv at genstarte appen", "da"),
    ("Kan du sende et billede?", "da"),
    ("Beklager ventetiden", "da"),
    ("Okay, jeg forstår", "da"),
    # --- Danish with English jargon ------------------------------------------------------------------
    ("Din ticket er escalated til 2nd level", "da"),
    ("Jeg har lavet en refund på din order", "da"),
    ("Din case er closed nu", "da"),
    ("Vi har en known issue med login", "da"),
    ("Prøv at cleare din cache og cookies", "da"),
    ("Jeg har opdateret din account i CRM", "da"),
    ("Din tracking er updated i systemet", "da"),
    ("Det er en bug, som vores dev team fixer", "da"),
    ("Jeg sender det videre til vores backoffice", "da"),
    ("Din pakke er out for delivery", "da"),
    ("Jeg har sat en follow-up på din ticket", "da"),
    ("SLA'en er 48 timer på den type request", "da"),
    # --- Danish, e-mail sentences ----------------------------------------------------------------
    ("Tak for din mail om den manglende pakke.", "da"),
    ("Jeg kan godt forstå, at du er utilfreds med leveringen.", "da"),
    ("Vi har sendt en ny vare til dig i dag, og den er fremme i morgen.", "da"),
    ("Du får pengene tilbage på dit kort inden for fem hverdage.", "da"),
    ("Hvis du har spørgsmål, er du altid velkommen til at ringe.", "da"),
    ("Din ordre 123456 blev afsendt d. 3. maj fra vores lager i Vejle.", "da"),
    ("Jeg har talt med vores lager, og de leder efter pakken nu.", "da"),
    ("Det beklager jeg meget, og jeg forstår godt din frustration.", "da"),
    ("Under henvisning til Deres henvendelse skal vi meddele, at sagen er oversendt.", "da"),
    ("Beløbet på 1.299,95 kr. bliver refunderet hurtigst muligt.", "da"),
    ("Vores åbningstider er mandag til fredag kl. 8-16.", "da"),
    ("Returlabelen finder du under Mine ordrer på www.butik.dk.", "da"),
    ("Hej Maria\n\nTak for din besked. Jeg har kigget på din ordre, og den er desværre forsinket.\n\n"
     "Med venlig hilsen\nJens", "da"),
    ("Kære Peter\n\nVi har modtaget din reklamation og vender tilbage inden fredag.\n\nVenlig hilsen\nKundeservice",
     "da"),
    ("Adgangskoden kan nulstilles via linket i mailen.", "da"),
    ("Fakturaen er betalt, så du skal ikke gøre mere.", "da"),
    ("Varen er udsolgt, men vi forventer flere på lager i uge 12.", "da"),
    ("Du kan altid skrive til kundeservice@butik.dk.", "da"),
    ("Abonnementet fornyes automatisk hver måned.", "da"),
    ("Skal jeg annullere bestillingen for dig?", "da"),
    # --- Norwegian and Swedish (answer the closer language: 'da') -------------------------------------
    ("Takk for meldingen, jeg ser på det nå", "da"),
    ("Hei! Pakken din er sendt i dag", "da"),
    ("Jeg skal sjekke det med en kollega", "da"),
    ("Beklager, det var ikke meningen", "da"),
    ("Hva er ordrenummeret ditt?", "da"),
    ("Tack, jag tittar på det direkt", "da"),
    ("Hej! Ditt paket är skickat", "da"),
    ("Vi återkommer så snart som möjligt", "da"),
    ("Jag förstår att det är frustrerande", "da"),
    ("Har du fått pengarna tillbaka?", "da"),
    ("Eg skal sjå på saka di i morgon", "da"),
    ("Med vennlig hilsen kundeservice", "da"),
    # --- English, one-line chat -------------------------------------------------------------------
    ("Sure, on it", "en"),
    ("Thanks!", "en"),
    ("No problem", "en"),
    ("I'll check", "en"),
    ("Got it, thanks", "en"),
    ("Let me look into that", "en"),
    ("One moment please", "en"),
    ("Sorry about that!", "en"),
    ("Happy to help", "en"),
    ("That's fixed now", "en"),
    ("Yes, I can do that", "en"),
    ("What is your order number?", "en"),
    ("When did you place the order?", "en"),
    ("Great, I'll close the ticket", "en"),
    ("Could you send a screenshot?", "en"),
    ("Try restarting the app", "en"),
    ("I've sent you a link", "en"),
    ("Have a nice day", "en"),
    ("Thank you for waiting", "en"),
    ("Hello!", "en"),
    ("Hi Maria", "en"),
    ("Understood", "en"),
    ("Absolutely!", "en"),
    ("It shipped yesterday", "en"),
    ("Done!", "en"),
    ("Best regards, Jens", "en"),
    ("Welcome back", "en"),
    ("All sorted", "en"),
    # --- English, e-mail sentences -------------------------------------------------------------------
    ("Thank you for your email about the missing parcel.", "en"),
    ("I understand how important this delivery is to you.", "en"),
    ("We have sent a new item today, and it will arrive tomorrow.", "en"),
    ("You will get the money back on your card within five working days.", "en"),
    ("If you have any questions, feel free to call us.", "en"),
    ("Your order 123456 left our warehouse in Vejle on 3 May.", "en"),
    ("I spoke with our warehouse team and they are looking for the parcel now.", "en"),
    ("Unfortunately, your delivery has been delayed.", "en"),
    ("We apologize for the inconvenience.", "en"),
    ("The refund of 1,299.95 DKK has been processed.", "en"),
    ("Our opening hours are Monday to Friday, 8 am to 4 pm.", "en"),
    ("You can find the return label under My orders on www.butik.dk.", "en"),
    ("Hi Søren,\n\nThanks for your message. I have checked your order, and it is delayed.\n\nBest regards,\nJens",
     "en"),
    ("Dear Mr. Jørgensen,\n\nWe received your complaint and will reply by Friday.\n\nKind regards,\nCustomer Care",
     "en"),
    ("The password can be reset using the link in the email.", "en"),
    ("The invoice has been paid, so there is nothing more you need to do.", "en"),
    ("The item is sold out, but we expect more in stock in week 12.", "en"),
    ("You can always write to kundeservice@butik.dk.", "en"),
    ("Your subscription renews automatically every month.", "en"),
    ("Shall I cancel the order for you?", "en"),
    ("Your parcel is at the pickup point in Århus.", "en"),
    ("Please bring your receipt to our store in Østerbro.", "en"),
    ("I have forwarded your request to Søren in our billing team.", "en"),
    ("The package was delivered to Brøndby Strand at 14:30.", "en"),
]


def test_labelled_set_is_large_enough_and_balanced():
    assert len(LABELLED) >= 100
    da = sum(1 for _, label in LABELLED if label == "da")
    assert 40 <= da <= len(LABELLED) - 40


def test_accuracy_on_labelled_set():
    wrong = [(text, label) for text, label in LABELLED if detect_language(text) != label]
    accuracy = 1 - len(wrong) / len(LABELLED)
    # Reported in docs/quality/readability.md; a regression below 97 % fails.
    assert accuracy >= 0.97, f"accuracy {accuracy:.3f}; wrong: {wrong}"


@pytest.mark.parametrize("text, label", [
    ("Tak, det ordner jeg", "da"), ("Sure, on it", "en"), ("Ok, jeg kigger på det", "da"),
    ("Thanks!", "en"), ("Hej!", "da"), ("Det er fint", "da"),
    ("Din ticket er escalated til 2nd level", "da"),
])
def test_examples_from_the_brief(text, label):
    assert detect_language(text) == label


@pytest.mark.parametrize("text", ["", "   ", "😀", "123456", "Ok", "https://x.dk", "Maria", "?!"])
def test_no_evidence_answers_danish(text):
    assert detect_language(text) == "da"


def test_capital_i_is_english_unless_it_is_danish_i_dag():
    assert detect_language("I will send it") == "en"
    assert detect_language("I dag sender vi den") == "da"
    assert detect_language("I morgen") == "da"


def test_quoted_customer_message_does_not_decide():
    reply = ("Hi Maria,\n\nThanks, I have sent a new one.\n\n"
             "Den tir. 14. mar. 2025 kl. 10.03 skrev Maria Hansen <maria@x.dk>:\n"
             "> Hej, min pakke er ikke kommet, og jeg har ventet i over en uge nu. Hvad sker der med den?\n"
             "> Jeg har brug for den til på lørdag, så jeg håber, I kan hjælpe mig hurtigt.")
    assert detect_language(reply) == "en"
    assert detect_language("> Hej, min pakke er ikke kommet\nSure, on it") == "en"
    # Only a quote: judge the quote.
    assert detect_language("> Hej, min pakke er ikke kommet") == "da"


def test_scores_are_exposed_for_tuning():
    da, en = language_scores("Tak, det ordner jeg")
    assert da > 0 and en == 0


def test_long_text_looks_at_a_prefix_only_and_stays_fast():
    text = "Tak for din mail, jeg kigger på det. " * 2000
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        assert detect_language(text) == "da"
        best = min(best, time.perf_counter() - start)
    assert best < 0.005


def test_short_text_is_fast():
    per_call = float("inf")
    for _ in range(7):  # best of several batches: robust when other processes load the machine
        start = time.perf_counter()
        for _ in range(300):
            detect_language("Tak, det ordner jeg med det samme")
        per_call = min(per_call, (time.perf_counter() - start) / 300)
    assert per_call < 0.0001, f"{per_call * 1e6:.1f} µs"


# Written after the detector's word lists were last tuned on LABELLED, and never used for tuning:
# the honest number for unseen text (reported separately in docs/quality/readability.md).
HELD_OUT: list[tuple[str, str]] = [
    ("Jeg har lige ringet til fragtfirmaet", "da"),
    ("Pakken står klar i pakkeshoppen", "da"),
    ("Du skulle gerne have fået en sms", "da"),
    ("Kig i dit spamfilter", "da"),
    ("Lyder godt!", "da"),
    ("Det forstår jeg godt", "da"),
    ("Din konto er låst op igen", "da"),
    ("Vi sender en ny med det samme", "da"),
    ("Har du prøvet at logge ud og ind?", "da"),
    ("Jeg har givet dig 100 kr. i rabat", "da"),
    ("Undskyld, det var min fejl", "da"),
    ("Fint, så gør vi det", "da"),
    ("Din booking er confirmed", "da"),
    ("Jeg har merget dine to accounts", "da"),
    ("Leveringen sker mellem kl. 8 og 16", "da"),
    ("Varen kan returneres inden for 30 dage", "da"),
    ("Ring endelig, hvis der er noget", "da"),
    ("Tusind tak for tålmodigheden", "da"),
    ("Jeg sjekker med lageret og kommer tilbake til deg", "da"),
    ("Vi skickar en ny vara i morgon", "da"),
    ("I've just called the courier", "en"),
    ("Your parcel is ready at the shop", "en"),
    ("You should have received a text", "en"),
    ("Check your spam folder", "en"),
    ("Sounds good!", "en"),
    ("I completely understand", "en"),
    ("Your account is unlocked again", "en"),
    ("We'll send a new one right away", "en"),
    ("Have you tried logging out and in?", "en"),
    ("I've given you a 100 DKK discount", "en"),
    ("Apologies, that was my mistake", "en"),
    ("Fine, let's do that", "en"),
    ("Your booking is confirmed", "en"),
    ("I merged your two accounts", "en"),
    ("Delivery happens between 8 and 4", "en"),
    ("Items can be returned within 30 days", "en"),
    ("Do call if there is anything", "en"),
    ("Many thanks for your patience", "en"),
    ("Noted, thanks", "en"),
    ("Perfect, talk soon", "en"),
]


def test_accuracy_on_held_out_set():
    wrong = [(text, label) for text, label in HELD_OUT if detect_language(text) != label]
    accuracy = 1 - len(wrong) / len(HELD_OUT)
    assert accuracy >= 0.9, f"accuracy {accuracy:.3f}; wrong: {wrong}"


# Written after the second round of word-list changes (English chat words such as "sounds", "awesome",
# "noted"; jargon such as "order", "refund", "team" down-weighted) and measured once, untouched since.
HELD_OUT_2: list[tuple[str, str]] = [
    ("Awesome, thanks a lot", "en"),
    ("Brilliant!", "en"),
    ("Cheers", "en"),
    ("Totally understand", "en"),
    ("Lovely, have a good weekend", "en"),
    ("Really sorry to hear that", "en"),
    ("Anytime!", "en"),
    ("Exactly right", "en"),
    ("The courier picks it up tomorrow morning", "en"),
    ("Could you confirm your address?", "en"),
    ("A replacement is on its way", "en"),
    ("We refunded the shipping cost", "en"),
    ("Your voucher code is SUMMER25", "en"),
    ("Feel free to reach out again", "en"),
    ("I hope this helps", "en"),
    ("Let us know if it arrives damaged", "en"),
    ("Our team is looking into it", "en"),
    ("Please allow up to ten working days", "en"),
    ("It's been sorted, Mads", "en"),
    ("Just to confirm, is it the blue one?", "en"),
    ("Fedt, tak!", "da"),
    ("Lyder fint", "da"),
    ("Noteret", "da"),
    ("Det er helt i orden", "da"),
    ("Dejligt at høre", "da"),
    ("Rigtig god weekend", "da"),
    ("Undskyld ventetiden", "da"),
    ("Fragtmanden henter den i morgen tidlig", "da"),
    ("Kan du bekræfte din adresse?", "da"),
    ("En erstatning er på vej", "da"),
    ("Vi har refunderet fragten", "da"),
    ("Din rabatkode er SOMMER25", "da"),
    ("Skriv endelig igen", "da"),
    ("Jeg håber, det hjælper", "da"),
    ("Sig til, hvis den kommer i stykker", "da"),
    ("Vores team kigger på det", "da"),
    ("Regn med op til ti hverdage", "da"),
    ("Det er fikset nu, Mads", "da"),
    ("Bare for at være sikker: er det den blå?", "da"),
    ("Din order er shipped og tracking er sendt", "da"),
]


def test_accuracy_on_second_held_out_set():
    wrong = [(text, label) for text, label in HELD_OUT_2 if detect_language(text) != label]
    accuracy = 1 - len(wrong) / len(HELD_OUT_2)
    assert accuracy >= 0.9, f"accuracy {accuracy:.3f}; wrong: {wrong}"
