"""The acknowledgement wording: checked topics, the profanity list, one wording per feeling and language."""

from __future__ import annotations

from pathlib import Path

import re

import pytest
import yaml

from klarsvar.analysis import rules
from klarsvar.analysis.acknowledgement import (
    FEELINGS,
    acknowledgement_sentence,
    addresses_formally,
    all_wordings,
    customer_topic,
    feeling,
    formal_address,
    reacts_to_feeling,
    situation_clause,
    suggested_acknowledgement,
)
from klarsvar.analysis.document import Document
from klarsvar.analysis.profanity import is_profane, profane_words, profanity_examples


def doc(message, language="en", reply=""):
    """A reply document for a customer message (an empty reply: any checked topic will do)."""
    return Document(text=reply, language=language, customer_message=message)


@pytest.mark.parametrize("language", ["da", "en"])
def test_profanity_list_examples_hold(language):
    examples = profanity_examples(language)
    assert examples.get("bad") and examples.get("good")
    for text in examples["bad"]:
        assert profane_words(text, language), text
    for text in examples["good"]:
        assert not profane_words(text, language), text


@pytest.mark.parametrize("message, language", [
    ("your service sucks! my phone dies every day", "en"),
    ("#helpNow is there a quick way to move my photos?", "en"),
    ("Reason number 500 why you are the worst", "en"),
    ("What a stinker of a route, the courier drove past my house https://example.com/x1", "en"),
    ("Jeres lortefirma har STADIG ikke sendt MIN PAKKE!!", "da"),
    ("Der står \"min konto er spærret\" når jeg logger ind", "da"),
])
def test_topic_is_never_a_clause_a_hashtag_shouting_profanity_or_a_quote(message, language):
    topic = customer_topic(doc(message, language))
    sentence = acknowledgement_sentence(doc(message, language))
    assert topic is None or (topic.split()[0] in ("your", "din", "dit", "dine", "jeres")
                             and not any(is_profane(w, language) for w in topic.split()))
    for bad in ("dies", "#", "sucks", "worst", "stinker", "https", "PAKKE", "lort", "spærret"):
        assert bad not in sentence, sentence


@pytest.mark.parametrize("message, language, topic", [
    ("My parcel still hasn't arrived and I'm fed up", "en", "your parcel"),
    ("I'm worried about my new phone, it won't start", "en", "your new phone"),
    ("Min pakke er stadig ikke kommet!!", "da", "din pakke"),
    ("Jeg er virkelig ked af det, min mors gave er gået i stykker", "da", "din mors gave"),
])
def test_a_possessive_noun_phrase_is_mirrored_as_the_topic(message, language, topic):
    assert customer_topic(doc(message, language)) == topic


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_wording_acknowledges_and_has_no_finding(language):
    for sentence in all_wordings(language):
        reply = sentence + (" Pakken kommer fredag." if language == "da" else " The parcel arrives on Friday.")
        found = [f for f in rules.find(reply, language) if f.category != "readability"]
        assert not found, (sentence, [(f.rule, f.text) for f in found])


def test_the_topic_is_what_the_reply_is_about():
    message = "My parcel never came and the driver was rude at my door"
    assert customer_topic(doc(message, reply="I have sent a new parcel today.")) == "your parcel"
    assert customer_topic(doc(message, reply="I have booked a new delivery for Friday.")) is None


def test_unknown_or_new_emotions_fall_back_to_neutral_and_disappointed_has_its_own_wording():
    class Context:
        has_message, life_event, sentiment, problem, key_phrases, mirrored_forms, name = True, False, -2, True, (), {}, None

        def __init__(self, emotion):
            self.emotion = emotion

    for emotion, expected in (("disappointed", "disappointed"), ("bewildered", "neutral"), (None, "neutral")):
        d = doc("x")
        d.customer = Context(emotion)
        assert feeling(d) == expected
        assert acknowledgement_sentence(d) in all_wordings("en") or "{topic}" not in acknowledgement_sentence(d)
    assert set(FEELINGS) >= {"frustrated", "angry", "disappointed", "worried", "sad", "happy", "neutral"}


def test_a_complaint_is_never_thanked_for_kind_words():
    sentence = acknowledgement_sentence(doc("so I'm enjoying my lovely pasta salad and I find glass in my food "
                                            "I'm disgusted 😷"))
    assert "kind words" not in sentence


def test_the_wording_is_stable_for_one_customer_message():
    message = "My order is late again and nobody answers!!"
    assert acknowledgement_sentence(doc(message)) == acknowledgement_sentence(doc(message))


@pytest.mark.parametrize("message, language, expected", [
    ("Jeg har fået en forkert vare. Hvad gør jeg? Mvh Søren", "da", "neutral"),
    # 🆘 over a fault reads as frustration since the eighth round (test_customer.py); alone it is still worry.
    ("🆘🆘 where do I find my booking reference? 🆘", "en", "neutral"),
    ("Jeg er bekymret, for jeg rejser på søndag, og mit pas er ikke kommet endnu.", "da", "worried"),
    ("help! My vehicle registration expires today and the papers never came.", "en", "worried"),
])
def test_worry_is_named_only_when_the_customer_shows_it_in_words(message, language, expected):
    # A question ("Hvad gør jeg?") or an emoji alone reads as worry to the customer context; naming it
    # ("I understand why you're concerned") to a plain question misreads the customer.
    doc = Document(text="Hej", language=language, customer_message=message)
    assert doc.customer.emotion == "worried"
    assert feeling(doc) == expected


def test_a_positive_word_sum_does_not_read_away_a_repeated_fault():
    """"I want a full refund … I want it this week" sums positive; "the SECOND time" a charge came is trouble
    (twelfth drafts: "I understand you've had a charge you didn't expect" played it down)."""
    message = ("I cancelled my subscription on Jan 28th. You charged me $54.99 on Feb 3 anyway. This is the SECOND "
               "time this has happened. I want a full refund, not store credit, and I want it this week.")
    assert feeling(doc(message)) == "frustrated"
    assert feeling(doc("I LOVE THIS SHOP!! The new lamp is perfect and the delivery was so quick.")) != "frustrated"


@pytest.mark.parametrize("message, language, reply, clause", [
    ("I returned a jacket two weeks ago but haven't had my money back.", "en", "Refunds take 14 days.",
     "your refund hasn't reached you yet"),
    ("Hi, I got the wrong size shoes.", "en", "Please return them and we'll send the right size.",
     "you received the wrong size"),
    ("My new phone won't charge.", "en", "Phones are sent in for repair.", "your new phone won't charge"),
    ("Min vaskemaskine er gået i stykker efter 6 måneder.", "da", "En tekniker kommer tirsdag.",
     "din vaskemaskine er gået i stykker"),
    ("hvor er min ordre?? den skulle være kommet i går", "da", "Din ordre er sendt i dag.",
     "din ordre ikke er kommet endnu"),
])
def test_a_situation_the_customer_names_becomes_a_clause_in_the_replys_voice(message, language, reply, clause):
    assert situation_clause(doc(message, language, reply)) == clause
    assert clause in acknowledgement_sentence(doc(message, language, reply))


@pytest.mark.parametrize("message, language, reply", [
    # The reply is about something else: naming the refund would misread what the agent answers.
    ("I haven't had my money back yet.", "en", "Your new password is on its way."),
    # Quoted words are the customer quoting something, not their situation.
    ('It says "my order has not arrived" on the tracking page.', "en", "Your order arrives on Friday."),
    ("Kan jeg få pengene tilbage?", "da", "Pengene kommer inden fredag."),
])
def test_no_situation_clause_without_a_plain_statement_the_reply_is_about(message, language, reply):
    assert situation_clause(doc(message, language, reply)) is None


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_wording_is_recognised_as_acknowledging(language):
    # The rewrite's own sentence must count as an acknowledgement, or rewriting the rewrite adds another.
    from klarsvar.analysis import CheckRequest, analyze

    message = "Hvor er min pakke?" if language == "da" else "Where is my parcel?"
    after = " Pakken kommer fredag." if language == "da" else " The parcel arrives on Friday."
    for sentence in all_wordings(language):
        result = analyze(CheckRequest(text=sentence + after, language=language, customer_message=message,
                                      grammar=False, rewrite=False))
        assert result.empathy["acknowledges"], sentence


def test_locked_out_of_a_house_is_no_account_trouble():
    assert situation_clause(doc("I'm locked out of my house, the smart lock app won't open it", reply="Please log in "
                                "to the app again.")) is None
    assert situation_clause(doc("I've been locked out of my account for 2 hours", reply="Please reset your password.")) \
        == "you can't get into your account"


@pytest.mark.parametrize("message, language, reply, clause", [
    ("I've received a bill for £89 that I don't understand.", "en", "The bill covers your notice period.",
     "the bill came as a surprise"),
    ("I've been sent an invoice for a product I never ordered.", "en", "The invoice is for order 55120.",
     "the invoice came as a surprise"),
    ("Jeg har fået en faktura på et produkt, jeg aldrig har bestilt.", "da", "Fakturaen gælder ordre 55120.",
     "fakturaen kom bag på dig"),
    ("my discount code doesn't work", "en", "Discount codes can't be combined.", "your discount code isn't working"),
    ("mit gavekort virker ikke", "da", "Gavekortet skal aktiveres først.", "dit gavekort ikke virker"),
    ("My son accidentally spent £200 in a game. Can I get the money back?", "en", "In-app purchases are final.",
     "the purchase was a mistake"),
    ("Min søn har ved et uheld købt for 2.000 kr. i et spil.", "da", "Køb i appen refunderes ikke.", "købet var en fejl"),
])
def test_more_situations_of_a_class(message, language, reply, clause):
    assert situation_clause(doc(message, language, reply)) == clause


def test_an_error_on_logging_in_is_named_only_when_the_customer_names_an_error():
    assert situation_clause(doc('It says "error 503" when I log in.', reply="The error is on our side.")) == \
        "you get an error when you log in"
    assert situation_clause(doc("What happens to my basket when I log in?", reply="Your basket is saved.")) is None


def test_a_chat_line_names_the_situation_without_a_feeling():
    d = Document(text="Din ordre er sendt til lageret.", language="da", channel="chat",
                 customer_message="hvor er min ordre??? den skulle være kommet i går")
    assert acknowledgement_sentence(d) == "Jeg kan forstå, at din ordre ikke er kommet endnu."


def test_full_anger_is_not_called_unhappy():
    # A blind judge: "unhappy" understates "Infuriating 😡😡😡".
    for message in ("website impossible to navigate, 20 min going round in circles. Infuriating 😡😡😡",
                    "I am absolutely furious, third time the order is wrong"):
        d = doc(message)
        if feeling(d) == "angry":
            assert "unhappy" not in acknowledgement_sentence(d), acknowledgement_sentence(d)


def test_clear_caches_forgets_the_situation_clauses():
    """The situation clause found per message and reply is cached; `pipeline.clear_caches` forgets it (cold figures)."""
    from klarsvar.analysis import acknowledgement, pipeline

    acknowledgement._situation_clause("My refund still hasn't arrived.", "en", "we have sent it.")
    assert acknowledgement._situation_clause.cache_info().currsize >= 1
    pipeline.clear_caches()
    assert acknowledgement._situation_clause.cache_info().currsize == 0


@pytest.mark.parametrize("language", ["da", "en"])
def test_rejects_stock_answers_examples(language):
    from klarsvar.analysis.customer import language_data

    data = yaml.safe_load((Path(__file__).resolve().parents[3] / "server" / "klarsvar" / "data" / "empathy" /
                           f"{language}.yml").read_text(encoding="utf-8"))["customer"]["rejects_stock_answers"]
    rx = language_data(language)["rejects_stock_answers"]
    for text in data["examples"]["match"]:
        assert rx.search(text), text
    for text in data["examples"]["no_match"]:
        assert not rx.search(text), text


def test_no_stock_line_to_a_customer_who_objects_to_stock_answers():
    from klarsvar.analysis.pipeline import CheckRequest, analyze

    message = "Same again! I'll DM you if you can give me a #real #answer and no #standard #bs #answers"
    result = analyze(CheckRequest(text="I would be glad to look into this for you. *TB", language="en", channel="chat",
                                  customer_message=message))
    assert result.rewrite is None or "frustrat" not in result.rewrite["text"]


def test_a_reply_that_speaks_to_the_customers_unhappiness_gets_no_line():
    from klarsvar.analysis.pipeline import CheckRequest, analyze

    message = "so i wait almost 3 hours and then they are rude and arrogant & unhelpful"
    reply = "If you're unhappy with your experience on this call please contact us on our website. ^CB"
    result = analyze(CheckRequest(text=reply, language="en", channel="chat", customer_message=message))
    assert result.rewrite is None or "unhappy about this" not in result.rewrite["text"]
    assert reacts_to_feeling("Hvis du er utilfreds med svaret, så skriv til os.", "da")


def test_a_reply_that_names_how_hard_the_situation_is_reacts_to_the_feeling():
    assert reacts_to_feeling("Being stuck at the airport with two kids is a really tough spot.", "en")
    assert reacts_to_feeling("At stå i lufthavnen med to børn er en rigtig hård situation.", "da")
    assert not reacts_to_feeling("The situation at the airport is that flights leave from gate 4.", "en")


@pytest.mark.parametrize("message, shaken", [
    ("The driver was aggressive and threatened me.", True),
    ("Your driver tried to assault my cousin.", True),
    ("I was attacked outside your store last night.", True),
    # A thing attacked, or a figure of speech, is no danger to the customer (both blind judges, round 7).
    ("Got home and my internet is broken, they said there's been an attack on our router.", False),
    ("Why the huge price labels? It's like an assault on your eyes!", False),
    ("Your site was down after a cyber attack, I couldn't pay my bill.", False),
    # A weapon against someone, not a product: a chipped knife back from sharpening is annoyance (twenty-seventh drafts).
    ("A man pulled a knife on me at your car park.", True),
    ("My Japanese gyuto knife has come back with a CHIP in the edge. Not happy at all.", False),
])
def test_frightening_only_for_danger_to_the_customer(message, shaken):
    doc = Document(text="Please DM us your account number so we can help.", language="en", channel="chat",
                   customer_message=message)
    assert (feeling(doc) == "shaken") is shaken


@pytest.mark.parametrize("language, message, serious", [
    ("en", "It's now a police matter. You could check the police report.", True),
    ("en", "My card was stolen and someone used it on your site.", True),
    ("en", "There are unauthorized charges on my account.", True),
    ("da", "Mit kort blev stjålet, og nogen har brugt det i jeres butik.", True),
    ("da", "Jeg har anmeldt det til politiet.", True),
    # Told as a joke; anger at the company; no crime at all.
    ("en", "LOLLLLL our uber just got pulled over by the police", False),
    ("da", "Jeg har fået afslag på min cykel, der blev stjålet. Det er for dårligt! I er nogle svindlere!!!", False),
    ("en", "Damn, your fraud protection stopped me from buying shoes.", False),
    ("en", "My parcel is two days late.", False),
])
def test_a_crime_against_the_customer_is_acknowledged_as_serious(language, message, serious):
    doc = Document(text="Please send us the order number.", language=language, channel="email",
                   customer_message=message)
    assert (feeling(doc) == "serious") is serious
    if serious:
        sentence = acknowledgement_sentence(doc)
        assert sentence in all_wordings(language) and ("serious" in sentence or "alvorlig" in sentence)


@pytest.mark.parametrize("message, language", [
    ("We lost our cat Pepper last Thursday at your clinic. Today I got a letter saying we owe £412.60.", "en"),
    ("Our dog passed away last week, please cancel the policy.", "en"),
    ("Vi var inde med vores kat Smilla i torsdags, hvor hun blev aflivet. Kan I se på regningen?", "da"),
])
def test_a_pets_death_is_a_loss(message, language):
    """A pet that died or was put to sleep is grief (fourth drafts): condolence, not "isn't the news you wanted"."""
    assert feeling(doc(message, language)) == "loss"
    assert any(w in acknowledgement_sentence(doc(message, language)) for w in ("loss", "tab"))


@pytest.mark.parametrize("message", ["I lost my phone on the bus, can you help?",
                                     "I lost my daughter's card at the station."])
def test_a_lost_thing_is_no_loss(message):
    assert feeling(doc(message)) != "loss"


@pytest.mark.parametrize("message, reply, language", [
    ("Your engineers fitted our panels in March. Since April the app shows 0 kWh. I'm really anxious.",
     "Our engineers will visit on Thursday.", "en"),
    ("Jeres montører satte anlægget op i marts. Nu virker det ikke, og jeg er meget bekymret.",
     "Vores montører kommer torsdag.", "da"),
    ("The engine light came on after 3 WEEKS. Your salesman told me it had been fully checked. Not impressed.",
     "Our salesman checked the car and the warranty covers it.", "en"),
    ("Så fik jeg afslag på min rejsetidsgaranti!!! Det er simpelthen så useriøst.",
     "Vi har modtaget din klage over afslaget på rejsetidsgaranti.", "da"),
    ("They rejected my claim for the flight!!! Useless.", "We have reviewed your claim again.", "en"),
    ("Toget var 47 min forsinket, og jeg kom for sent!!! Useriøst.", "Toget var forsinket, men vi refunderer ikke.",
     "da"),
    ("bussen kom ALDRIG. nu kommer jeg for sent til min eksamen i kbh. tak for ingenting",
     "Vi kan ikke gøres ansvarlige for følgeskader som en misset eksamen.", "da"),    ("Nu har I trukket 1.800 kr af mit depositum for en ridse??? Det er ren svindel.",
     "Vi har gennemgået dit depositum og fastholder fradraget.", "da"),
    ("You kept £300 out of my deposit for a scratch that was already there!!", "Your deposit was reviewed.", "en"),
])
def test_people_are_never_the_topic(message, reply, language):
    """"I can see why you're worried about our engineers" blames the staff and misreads the worry (fourth drafts);
    nor is the thing refused ("utilfreds med din rejsetidsgaranti" after "afslag på min …"; ninth drafts)."""
    assert customer_topic(doc(message, language, reply)) is None


@pytest.mark.parametrize("reply, expected", [
    ("Kære Mette og Jonas\n\nVi sender en tekniker på mandag.\n\nMed venlig hilsen\nSolkraft", "I er urolige"),
    ("Hej\n\nVi har set på jeres anlæg og sender en tekniker på mandag.", "I er urolige"),
    ("Hej Mette\n\nVi sender en tekniker på mandag.", "du er urolig"),
    ("Hej\n\nVi har set på jeres anlæg, og du får besked på mandag.", "du er urolig"),
])
def test_a_danish_reply_to_several_people_says_i_and_jer(reply, expected):
    """"Kære Mette og Jonas" or "jeres" with no "du": the acknowledgement says "I er urolige", never "du" beside
    "jeres" (two blind judges, fourth drafts); a reply that says "du" keeps it."""
    message = "Vores anlæg viser fejl, og vi er meget bekymrede og urolige. Hvad gør vi?"
    sentence = acknowledgement_sentence(doc(message, "da", reply), specific=False)
    assert expected in sentence


@pytest.mark.parametrize("reply, formal", [
    ("Kære Else Mortensen\n\nTak for Deres besked. Vi har undersøgt Deres måler.", True),
    ("Kære Else og Poul\n\nHar De overtaget boet, overgår hæftelsen til Dem.", True),
    ("Kære Else\n\nDe skal ikke gøre noget. Vi sender en montør.", False),
    ("Kære Else\n\nVi har set på Deres måler, og du får besked på mandag.", False),
])
def test_a_formal_danish_reply_keeps_de_in_the_acknowledgement(reply, formal):
    """"Tak for Deres henvendelse" then "du er bekymret" or "jeres depositum" reads as a slip (blind judges, seventh
    and eighth drafts); "De" only at a sentence start may be "they", and a reply that says "du" keeps "du"."""
    message = "Vores vandregning er steget voldsomt, og vi er meget bekymrede. Hvad gør vi?"
    sentence = suggested_acknowledgement(doc(message, "da", reply))
    informal = re.search(r"\b(?:du|dig|din|dit|dine|jer|jeres|I)\b", sentence)
    assert (not informal) if formal else not re.search(r"\b(?:De|Dem|Deres)\b", sentence), sentence
    assert addresses_formally(reply) is formal
    assert formal_address("Jeg forstår godt, at du er bekymret for din regning.") == \
        "Jeg forstår godt, at De er bekymret for Deres regning."
    assert formal_address("Jeg kan se, at I er urolige for jeres regning.") == \
        "Jeg kan se, at De er urolige for Deres regning."
    # The preposition "i" is no pronoun (found in the 119. udkast: "ventet længe De telefonkøen"), and the spoken "rigtig"
    # goes in "De" (117. udkast).
    assert formal_address("Jeg kan godt forstå, at du er utilfreds med, at du har ventet længe i telefonkøen.") == \
        "Jeg kan godt forstå, at De er utilfreds med, at De har ventet længe i telefonkøen."
    assert formal_address("Jeg forstår godt, at du er rigtig utilfreds.") == "Jeg forstår godt, at De er utilfreds."


def test_a_worry_is_never_about_our_service():
    """"Jeg forstår godt, at du er bekymret for vores receptservice" names a worry she never had (fifth drafts)."""
    message = "Jeg bruger jeres receptservice, men recepten udløber om en uge, og jeg er lidt bekymret. Hvad gør jeg?"
    reply = "Kære Inger\n\nDu kan sagtens bruge vores receptservice, også når recepten er fornyet."
    assert not (customer_topic(doc(message, "da", reply)) or "").startswith("vores")


@pytest.mark.parametrize("message, language", [
    ("Jeg er 61 og jeg er bange for at jeg mister penge, nu hvor det hele er så usikkert. Har I flyttet mine penge??", "da"),
    ("I'm scared that I'll lose my savings now that everything is so uncertain. Did you move my money??", "en"),
])
def test_fear_of_losing_money_is_worry_not_shock(message, language):
    """"Bange for at jeg mister penge" fears what may come: "Det må have været virkelig ubehageligt" missed it (two
    blind judges, fifth drafts); shaken is for what happened ("I was scared, the driver shouted at me")."""
    assert feeling(doc(message, language)) != "shaken"
    assert feeling(doc("The driver shouted at me and I was scared.", "en")) == "shaken"


@pytest.mark.parametrize("message", [
    "hi my insulin order hasnt arrived and tracking hasnt moved since monday. really panicking here",
    "I left my phone in the car this morning. I'm so worried, it has everything on it.",
])
def test_a_worried_chat_customer_with_a_problem_in_plain_words_is_acknowledged(message):
    """"hasnt arrived" without its apostrophe and a phone left behind are problems: a worried chat customer with one
    gets an acknowledgement (fourth and third drafts: none was added)."""
    from klarsvar.analysis import CheckRequest, analyze

    result = analyze(CheckRequest(text="Your order was sent on Monday and should be with you tomorrow before 1pm.",
                                  language="en", channel="chat", customer_message=message, grammar=False))
    assert any(f.category == "missing_acknowledgement" for f in result.findings)


def test_a_shaken_danish_customer_is_not_called_frustrated():
    """"… er der nogen inde i huset?? jeg er helt rystet" (sixth drafts: "frustrerende" named the wrong feeling)."""
    message = "hej jeg har fået en sms om alarm i stuen og vi er i Spanien!! er der nogen inde i huset?? jeg er helt rystet"
    assert feeling(doc(message, "da")) == "shaken"


def test_a_worried_customer_keeps_the_worry_beside_crime_words():
    """"Nervous the alarm will go off again while we're away … a burglary": worry, not "how serious this is"."""
    message = ("The alarm went off twice this week with nobody there and we're away from Saturday. I'm really nervous "
               "that if there's a real burglary the police won't come. What should I do?")
    assert feeling(doc(message)) == "worried"


def test_the_usual_thing_is_never_the_topic():
    """"My normal bill is £22 and this one is £187!!" — not "frustrated about your normal bill" (seventh drafts)."""
    message = "My normal bill is £22 and this month it's £187.40!! I was only in Turkey for a week. Ridiculous."
    reply = "Your normal bill covers the UK only; roaming in Turkey is charged per MB."
    assert "normal" not in (customer_topic(doc(message, "en", reply)) or "")


def test_a_customer_still_shaking_is_shaken():
    assert feeling(doc("I've just been scammed out of £2,400 and I'm still shaking. What do I do?")) == "shaken"


@pytest.mark.parametrize("message, language", [
    ("Mister han sin plads i vuggestuen? Jeg er virkelig bange for det.", "da"),
    ("I'm terrified this is going to ruin my credit rating and that you'll take the boiler back.", "en"),
])
def test_fear_of_what_may_come_is_worry_not_shock(message, language):
    """"Det må have været virkelig ubehageligt" misread a mother afraid for her son's place (thirteenth drafts)."""
    assert feeling(doc(message, language)) == "worried"


def test_a_worry_names_only_what_its_own_sentence_names():
    """"urolig for din nye pakke" to a customer worried about her red eyes (fourteenth drafts)."""
    message = ("Jeg har fået min nye pakke linser, men efter 2 dage er mine øjne røde og det svier. "
               "Jeg er lidt bekymret for, om jeg har ødelagt noget.")
    d = Document(text="Hej Camilla\n\nDin nye pakke svarer til din recept.\n\nMvh\nLinse", language="da",
                 customer_message=message)
    assert "pakke" not in acknowledgement_sentence(d)


def test_the_customers_own_garage_is_never_the_topic():
    message = "Mit værksted siger, det er turboen. I sagde, bilen var klar. Jeg er virkelig skuffet over jer."
    d = Document(text="Hej Lars\n\nGarantien dækker kun vores eget værksted.\n\nMvh\nBilhuset", language="da",
                 customer_message=message)
    assert "værksted" not in acknowledgement_sentence(d)


def test_a_customer_who_says_they_are_furious_hears_their_own_word():
    message = "Jeg er RASENDE. Jeres montør var her i 40 min og nu får jeg en regning på 4.875 kr!!!"
    assert "vred" in acknowledgement_sentence(doc(message, "da", "Fakturaen er korrekt."))


def test_danish_words_that_start_like_an_english_insult_are_not_profanity_in_danish():
    """"i slutningen af oktober" counted as a word from the profanity list in a Danish rewrite (twenty-third drafts);
    "fagfolk" would read as anger. In English "slut" and "fag" stay on the list; "cocktail" is no "cock"."""
    from klarsvar.analysis.profanity import is_profane, profane_words
    assert profane_words("Leveringen er i slutningen af oktober, og vores fagfolk kommer. Det er slut.", "da") == []
    assert is_profane("slut", "en") and is_profane("fag", "en") and is_profane("sluts", "da")
    assert not is_profane("cocktail", "en") and is_profane("cock", "en")


def test_a_reply_signed_by_a_team_acknowledges_as_we():
    """A letter that never says "I" and is signed by a team ("Kundeteamet", "The Management") says its acknowledgement
    as "we" (blind judges, fortieth to forty-third drafts: "I can see why this has upset you" under "The Management");
    a person's name after the sign-off keeps "I", and a fragment is never touched."""
    from klarsvar.analysis.acknowledgement import in_reply_voice, speaks_as_a_team
    from klarsvar.analysis.document import Document

    team = Document(text="Kære Sara\n\nVi har modtaget din mail.\n\nMed venlig hilsen\nKundeteamet\nBilletBørsen.dk",
                    language="da", channel="email")
    assert speaks_as_a_team(team)
    assert in_reply_voice(team, "Jeg er rigtig ked af at høre om dit tab. Det beklager jeg.") \
        == "Vi er rigtig kede af at høre om dit tab. Det beklager vi."
    english = Document(text="Dear Mr Ellery,\n\nWe write about your email.\n\nYours sincerely,\n\nThe Management",
                       language="en", channel="email")
    assert in_reply_voice(english, "Thank you, and I'm sorry. I understand why.") == "Thank you, and we're sorry. We understand why."
    person = Document(text="Dear Jo,\n\nWe have sent it.\n\nKind regards,\n\nGareth Pryce\nCustomer Relations",
                      language="en", channel="email")
    assert not speaks_as_a_team(person)
    own = Document(text="Dear Jo,\n\nI have sent it.\n\nKind regards,\n\nCustomer Service", language="en", channel="email")
    assert not speaks_as_a_team(own)
