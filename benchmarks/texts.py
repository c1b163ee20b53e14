"""Benchmark drafts: agent replies in Danish and English, cut to 50, 300 and 1,500 words.

These paragraphs were written for the benchmark in the style agents write: some plain, some full of process
language, with names, order numbers, amounts, dates, URLs and emoji — the things every stage has to handle.
They are denser with findings than most real replies; the benchmark measures real replies from the corpus
of real replies beside them (`benchmarks/corpus.py`).
"""

from __future__ import annotations

import re

PARAGRAPHS = {
    "da": [
        "Tak for din besked, Maria. Jeg kan godt forstå, at det er frustrerende, at pakken ikke kom til "
        "fødselsdagen 😕 Jeg har kigget på din ordre 482913, og jeg kan se, at den blev sendt d. 14. marts.",
        "Din henvendelse er registreret, og din sag er eskaleret til 2nd level, som behandler den inden for "
        "SLA. Vi har oprettet en ticket hos udviklingsteamet vedr. fejlen, og der arbejdes på en workaround.",
        "Refusion kan ikke foretages, jf. vores forretningsbetingelser, da returneringen er sket efter "
        "fristen. Du bedes derfor kontakte os, såfremt du har yderligere spørgsmål til sagen.",
        "Jeg har lige sendt en ny pakke til dig med GLS. Den koster dig ikke noget, og du kan følge den her: "
        "https://gls-group.eu/track/12345678. Den er fremme i morgen før kl. 16.",
        "Beløbet på 1.299,95 kr. vil blive refunderet til dit kort inden for 3-5 hverdage. Hvis du ikke kan "
        "se pengene på din konto på mandag, så skriv bare til mig på support@example.dk, så finder vi ud af det.",
        "Vi beklager ulejligheden. Der foretages en undersøgelse af forholdet, og du vil blive kontaktet, når "
        "vi har truffet en afgørelse i sagen. Sagsbehandlingstiden er p.t. ca. 14 dage.",
        "Jeg vil gerne hjælpe dig med at få styr på abonnementet. Du kan opsige det når som helst under "
        "Min side, og så stopper betalingen fra næste måned. Sig endelig til, hvis noget driller.",
        "Ordren er oversendt til lageret i ERP-systemet, og den pågældende vare forventes at være på lager i "
        "uge 12. Endvidere skal det bemærkes, at leveringsadressen ikke kan ændres efter afsendelse.",
    ],
    "en": [
        "Thanks for your message, John. I can see why the late parcel was frustrating, especially with the "
        "birthday on Saturday 😕 I've checked order #482913 and it left our warehouse on 14 March.",
        "Your request has been escalated to our Tier 2 team pursuant to our SLA. Please be advised that the "
        "ticket has been assigned to the backend queue for further investigation.",
        "Kindly note that the RMA will be processed upon receipt of the unit at our fulfilment centre. We "
        "are unable to issue a refund prior to the inspection, as per our policy.",
        "I've just sent a new parcel with UPS at no cost to you, and you can follow it here: "
        "https://www.ups.com/track?tracknum=1Z999AA10123456784. It should arrive before 4pm tomorrow.",
        "The amount of $129.95 will be refunded to your card within 3-5 working days. If you can't see it "
        "by Monday, just reply to me at support@example.com and we'll sort it out together.",
        "We apologise for any inconvenience caused. An investigation will be carried out and you will be "
        "contacted once a decision has been made regarding your case. Current processing time is 14 days.",
        "I'd be happy to help you change your subscription. You can cancel it any time under My Account, and "
        "the payments stop from next month. Let me know if anything doesn't work as expected.",
        "The order has been forwarded to the warehouse in the ERP system and the item in question is expected "
        "to be back in stock in week 12. Furthermore, please note that the delivery address cannot be changed.",
    ],
}

CUSTOMER_MESSAGES = {
    "da": "Hej. Min pakke er STADIG ikke kommet, og det er tredje gang jeg skriver!!! Den skulle have været "
          "en gave til min søns fødselsdag. Mvh Maria",
    "en": "Hi, my parcel still hasn't arrived and this is the third time I'm writing! It was meant to be a "
          "birthday present for my son. Best, John",
}

_WORD = re.compile(r"\S+")


def draft(language: str, words: int) -> str:
    """A reply of about `words` words, built from the language's paragraphs in order, cut at a sentence."""
    paragraphs, total, i = [], 0, 0
    pool = PARAGRAPHS[language]
    while total < words:
        p = pool[i % len(pool)]
        paragraphs.append(p)
        total += len(_WORD.findall(p))
        i += 1
    text = "\n\n".join(paragraphs)
    tokens = list(_WORD.finditer(text))
    if len(tokens) > words:
        cut = tokens[words - 1].end()
        sentence_end = re.search(r"[.!?](?=\s|$)", text[cut:])
        text = text[: cut + sentence_end.end()] if sentence_end else text[:cut]
    greeting = "Hej Maria," if language == "da" else "Hi John,"
    signoff = "Med venlig hilsen\nJens\nKundeservice" if language == "da" else "Best regards,\nSam\nCustomer care"
    return f"{greeting}\n\n{text}\n\n{signoff}"


def word_count(text: str) -> int:
    """Whitespace-separated words in `text`."""
    return len(_WORD.findall(text))


LONG_REPLY_CHARS = 50_000


def long_replies() -> dict[str, tuple[str, str]]:
    """50,000-character replies of the shapes that were super-linear before issue 13 (label → language, text)."""
    full = ("Your request has been escalated to our Tier 2 team pursuant to our SLA and kindly note that the RMA "
            "will be processed upon receipt of the unit at our fulfilment centre, and ")
    blocks = "Hi,\n\nThanks for your message.\n\nBest regards,\nSam\n\n"
    paragraphs = ("Hej Maria,\n\nDin sag er eskaleret til 2nd level. Vi beklager ulejligheden. Jeg sender pakken i "
                  "dag, og du får den i morgen. Tøv ikke med at kontakte os.\n\n")
    return {
        "one sentence full of findings (en)": ("en", (full * 400)[:LONG_REPLY_CHARS]),
        "repeated greeting/thanks/sign-off blocks (en)": ("en", (blocks * 1200)[:LONG_REPLY_CHARS]),
        "repeated paragraphs with findings (da)": ("da", (paragraphs * 400)[:LONG_REPLY_CHARS]),
    }
