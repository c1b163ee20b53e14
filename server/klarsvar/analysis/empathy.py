"""Empathy checks the phrase rules cannot express: acknowledgement, apology count, name, mirroring.

The phrase-level empathy findings (sympathy, negative phrasing, standard answers) are rule DATA in
`rules/<lang>/{sympathy,negative_phrasing,standard_answer}.yml`, run by the shared engine. This module is
the required-element check: does the reply acknowledge the customer's situation in words? It scores
the reply with the phrase lists in `data/empathy/<lang>.yml` plus what the customer context knows
(their key phrases mirrored back, their emotion), counts apologies, and checks the customer's name.
See docs/quality/empathy.md for the design and its measured accuracy.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from pathlib import Path
from re import _constants as _sre  # the parse tree's opcodes, for `_sealed_by`
from re import _parser as _sre_parser

from .acknowledgement import feeling, reports_our_mistake, suggested_acknowledgement
from .cache import DATA_STORE, TextCache, fingerprint, stored_data
from .customer import CustomerContext, first_name, language_data, stem_word
from .findings import Finding
from .text import GENERIC_ADDRESS, TEXT_SAD_FACE

# The acknowledgement decision: points per kind of evidence (each kind counts once), threshold 2.
WEIGHTS = {"understanding": 2, "ownership": 2, "reflection": 1, "specific_thanks": 1, "specific_apology": 1,
           "feelings": 1, "reassurance": 1, "apology_clause": 0, "reaction": 0, "shared_feeling": 2}
# Delight or warmth in answer to a happy or calm customer (`reaction` data) acknowledges what they shared.
_CONGRATULATES = re.compile(r"(?i)(?<![^\W\d_])(?:congrat\w*|tillykke|til\s+lykke)(?![^\W\d_])")
REACTION_POINTS = 2
# An apology whose own clause names the situation counts as much as understanding (see apology_clause).
SPECIFIC_APOLOGY_POINTS = 2
# "Sorry for the wait" to a customer who says they are waiting (on hold, parcel not shipped) names THEIR
# situation, not the agent's late reply (blind judgement, round 1, and the labelled replies).
_APOLOGY_FOR_THE_WAIT = {
    "da": re.compile(r"(?<!\w)(?:beklager|undskyld(?:er)?|(?:er\s+)?kede?\s+af)\s+(?:(?:meget|virkelig|rigtig)\s+)?(?:den\s+lange\s+)?"
                     r"(?:ventetiden|forsinkelsen|ventetid|forsinkelse)(?!\w)", re.IGNORECASE),
    "en": re.compile(r"(?<!\w)(?:sorry|apologi[sz]e|apologies)(?:\s+(?:so\s+much|very\s+much))?\s+(?:for|about)\s+(?:the|your|this|all\s+the)\s+"
                     r"(?:long\s+|extended\s+|lengthy\s+)?(?:wait|waiting|delay|delays|hold\s+time)(?!\w)", re.IGNORECASE),
}
ACKNOWLEDGES_AT = 2
# What acknowledges a death or a serious illness: sympathy in words, not the customer's facts said back.
# "Please don't worry – we have everything safely on file" to a widow who lost the paper with her husband's headstone
# wording answers her (both blind judges, sixty-second drafts: a condolence put before it was canned, worse).
_SYMPATHY_EVIDENCE = frozenset({"condolence", "understanding", "shared_feeling", "emotion_echo", "specific_apology",
                                "reassurance"})
# Sympathy that is condolence to a bereaved or seriously ill customer (and only to them).
_CONDOLENCE = {
    # Said with feeling ("I'm very sorry you're going through this"): the bare stock line stays sympathy and gives
    # way to the condolence in the rewrite.
    "en": re.compile(r"(?i)(?<![^\W\d_])(?:so|very|truly|really|deeply|terribly)\s+sorry\s+(?:to\s+hear|"
                     # "I'm so sorry you're facing this" (both blind judges, thirty-fifth drafts: it acknowledges).
                     r"(?:that\s+)?you(?:'re|’re|\s+are|'ve|’ve|\s+have)\s+(?:going|gone|been\s+going)\s+through|"
                     r"(?:that\s+)?you(?:'re|’re|\s+are)\s+(?:facing|dealing\s+with|living\s+with)\s+(?:this|that|all\s+(?:of\s+)?this)|"
                     r"about\s+your\s+(?:diagnosis|illness|loss|husband|wife|mother|father|mum|dad)|"
                     # "I'm so sorry about Biscuit" (fifty-eighth drafts: the dog named; a false alarm with both judges).
                     r"about\s+(?-i:[A-Z][a-z]+)(?![^\W\d_]))|sorry\s+for\s+your\s+loss|"
                     # "I'm sorry to hear about Derek": the person named, whatever the intensity (seventy-third drafts:
                     # a condolence asked of it was a false alarm with both judges).
                     r"sorry\s+to\s+(?:hear|read|learn)\s+(?:about|of)\s+(?-i:[A-Z][a-z]+)(?![^\W\d_])|"
                     # "Please accept our condolences." (forty-eighth drafts: a second condolence was put before it).
                     r"(?:accept|offer|send|extend)\s+(?:our|my)\s+(?:(?:deepest|sincere|heartfelt)\s+)?(?:condolences|sympathies)|"
                     r"(?:our|my)\s+(?:(?:deepest|sincere|heartfelt)\s+)?(?:condolences|sympathies)\b"),
    "da": re.compile(r"(?i)(?<![^\W\d_])(?:rigtig|virkelig|utrolig|meget|så)\s+kede?\s+af\s+"
                     r"(?:at\s+høre|det|,\s+at\s+du\s+(?:står|går|er))|(?:vores|mine)\s+(?:dybeste\s+|varmeste\s+)?kondolencer|"
                     # "… lejemål nr. 312 og kondolerer" (42. udkast: a second condolence was put before it).
                     r"kondolerer(?![^\W\d_])"),
}
# Below this many body words a reply is a quick holding line or a one-liner ("Et øjeblik, jeg tjekker
# det."): no missing-acknowledgement finding; the phrase rules still judge its wording.
MIN_WORDS_FOR_ACKNOWLEDGEMENT = {"email": 8, "chat": 8}
# Apology tokens from this count on give one finding, on the second apology.
REPEATED_APOLOGIES_AT = 2

# A sentence that states a problem or a wait: mirroring the customer's words in it reflects their situation.
_SITUATION = {
    "da": re.compile(r"(?<!\w)(?:ikke|endnu|stadig|forsink\w*|ventet|venter|mangler|manglede|desværre|fejl\w*|"
                     r"problem\w*|gået galt|gik galt|ødelagt\w*|defekt\w*|forkert\w*|væk|for sent|for sen|"
                     r"beskadiget|i stykker)(?!\w)", re.IGNORECASE),
    "en": re.compile(r"(?<!\w)(?:not|n't|never|still|yet|delay\w*|late|waiting|waited|missing|wrong|broken|damaged|"
                     r"faulty|lost|problem\w*|issue\w*|error\w*|went wrong|gone wrong)(?!\w)", re.IGNORECASE),
}
# The reply addresses the customer: without a customer message, a problem is only theirs when it does.
_ADDRESS = {
    "da": re.compile(r"(?<![^\W_])(?:du|dig|din|dit|dine|jer|jeres)(?![^\W_])", re.IGNORECASE),
    "en": re.compile(r"(?<![^\W_])(?:you|your|yours|you['’](?:re|ve|ll|d))(?![^\W_])", re.IGNORECASE),
}
# Feeling words that answer the customer's emotion ("frustrerende" to a frustrated customer).
_EMOTION_ECHO = {
    "da": {
        # "Vi beklager, at du ikke er tilfreds" names the customer's feeling too: a line put before it said it twice (both
        # blind judges, 74. udkast: worse).
        "frustrated": re.compile(r"(?<!\w)(?:frustr\w*|irriter\w*|ærgerl\w*|træls|træt\s+af|skuffe\w*|utålmodig|ventetid\w*|"
                                 r"ventet\s+(?:alt\s+)?for\s+længe|utilfreds|ikke\s+(?:er\s+|var\s+|har\s+været\s+)?tilfreds)(?!\w)",
                                 re.IGNORECASE),
        "angry": re.compile(r"(?<!\w)(?:frustr\w*|irriter\w*|vred|sur|skuffe\w*|ikke\s+i\s+orden|ikke\s+godt\s+nok|"
                            r"urimelig\w*|forståeligt|utilfreds|ikke\s+(?:er\s+|var\s+|har\s+været\s+)?tilfreds)(?!\w)",
                            re.IGNORECASE),
        "worried": re.compile(r"(?<!\w)(?:bekymr\w*|nervøs|urolig|utryg\w*|stress\w*|vigtig\w*|haster|rolig)(?!\w)",
                              re.IGNORECASE),
        "sad": re.compile(r"(?<!\w)(?:tab|tabet|kondoler\w*|medfølelse|svær\w*\s+tid|hård\w*\s+tid|trist\w*|"
                          r"kede?\s+af\s+at\s+høre)(?!\w)", re.IGNORECASE),
        "happy": re.compile(r"(?<!\w)(?:dejligt|glade?|glæde\w*|skønt|godt\s+at|selv\s+tak|tak\s+for\s+de)(?!\w)",
                            re.IGNORECASE),
    },
    "en": {
        "frustrated": re.compile(r"(?<!\w)(?:frustrat\w*|annoy\w*|disappoint\w*|fed\s+up|waiting|waited|long\s+wait|"
                                 r"so\s+long|too\s+long|hassle)(?!\w)", re.IGNORECASE),
        "angry": re.compile(r"(?<!\w)(?:frustrat\w*|annoy\w*|angry|upset\w*|disappoint\w*|not\s+okay|not\s+good\s+enough|"
                            r"unacceptable|understandabl\w*)(?!\w)", re.IGNORECASE),
        "worried": re.compile(r"(?<!\w)(?:worr\w*|concern\w*|nervous|anxious|stress\w*|important|urgent|unsettling)(?!\w)", re.IGNORECASE),
        "sad": re.compile(r"(?<!\w)(?:loss|condolence\w*|sympathies|difficult\s+time|hard\s+time|sad\w*|"
                          r"sorry\s+to\s+hear)(?!\w)", re.IGNORECASE),
        "happy": re.compile(r"(?<!\w)(?:glad|great\s+to\s+hear|lovely|delighted|wonderful|kind\s+words|"
                            # "We are pleased to hear that you are satisfied" (thirteenth drafts: both judges).
                            r"(?:pleased|happy|thrilled)\s+to\s+(?:hear|read|know)|"
                            r"you're\s+(?:very\s+|most\s+)?welcome)(?!\w)",
                            re.IGNORECASE),
    },
}
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*(?:-[^\W_]+)*")
_THREAD_PART = re.compile(r"(\d+)\s*/\s*\d+")
# A reply that opens in the middle of a sentence ("and the phone number on the account …") is the second
# part of a split message even without a "2/2" marker.
_CONTINUATION_START = re.compile(r"^\s*(?:and|or|but|nor|plus|og|eller|men)\s", re.UNICODE)
# Words after which a form of a key noun is a verb instead ("vi pakker", "I've refunded").
_VERB_CONTEXT = {
    "da": frozenset({"jeg", "du", "han", "hun", "vi", "de", "man", "at", "og"}),
    "en": frozenset({"i", "you", "he", "she", "we", "they", "i've", "we've", "you've", "i'll", "we'll", "to"}),
}
# An apology and the noun it apologises for ("beklager ventetiden", "sorry for the delay").
_APOLOGY_OBJECT = {
    "da": re.compile(r"(?<!\w)(?:beklager|undskyld(?:er)?)(?:\s+(?:meget|virkelig|mange\s+gange|igen|endnu\s+en\s+gang))?"
                     r"(?:\s+for)?\s+(?:den\s+|det\s+|de\s+|din\s+|dit\s+|dine\s+|"
                     r"eventuel(?:le)?\s+|lange\s+)?[^\W\d_]+", re.IGNORECASE),
    # "I'm sorry to hear of any frustration" is the same stock apology for a feeling as "sorry for any frustration".
    "en": re.compile(r"(?<!\w)(?:sorry|apologi[sz]e|apologies)(?:\s+(?:again|once\s+again|so\s+much|very\s+much))?"
                     # "We apologize for your disappointment" is the same stock line as "for the disappointment";
                     # "sorry in the delay getting back to you" is the slip of a hurried agent for "for".
                     r"(?:\s+to\s+(?:hear|learn|read)\s+of)?\s+(?:(?:for|about|in|on)\s+)?(?:the\s+|any\s+|this\s+|our\s+|your\s+)?(?:long\s+)?"
                     r"[^\W\d_]+", re.IGNORECASE),
}
# A delay named only as what an explanation is about ("Forsinkelsen skyldes, at de fliser I selv valgte …", "The delay
# was caused by …") tells the customer why, not that the reply sees what it did to them (both blind judges,
# seventeenth drafts: an acknowledgement was never offered to a family four days without a toilet).
_EXPLAINED_DELAY = {
    "da": re.compile(r"(?<!\w)(?:forsinkelse(?:n|rne)?|ventetide[nr]|ventetid)\s+(?:skyldes|skyldtes|kommer\s+af|kom\s+af|"
                     r"(?:er|var)\s+(?:forårsaget|opstået))(?!\w)", re.IGNORECASE),
    "en": re.compile(r"(?<!\w)the\s+(?:delays?|wait)\s+(?:is|was|has\s+been|were|are)\s+(?:due\s+to|caused\s+by|because)"
                     r"(?!\w)", re.IGNORECASE),
}
# A condition up to its comma or the sentence end ("if it still isn't working, …", "hvis pakken ikke er kommet, …"):
# a problem named there is a case the reply prepares for, not one the reply says the customer has.
_HYPOTHETICAL = {
    "da": re.compile(r"(?<!\w)(?:hvis|såfremt|i\s+tilfælde\s+af\s+at|i\s+fald)\b[^,;.!?\n]*", re.IGNORECASE),
    "en": re.compile(r"(?<!\w)(?:if|in\s+case|unless|should\s+(?:it|you|your|the|they))\b[^,;.!?\n]*", re.IGNORECASE),
}
# An alternative offered in the same sentence as the problem ("…, but I can cancel it", "…, men jeg kan …").
_ALTERNATIVE_OFFER = {
    "da": re.compile(r"(?<!\w)men\s+(?:jeg|vi)\s+(?:kan|vil\s+gerne|sender|har)(?!\w)", re.IGNORECASE),
    "en": re.compile(r"(?<!\w)but\s+(?:i|we)\s+(?:can|could|will|['’]ll|have|['’]ve|would\s+be\s+happy\s+to)(?!\w)",
                     re.IGNORECASE),
}
# A fault named by its verb inside an apology's clause ("I'm sorry it hasn't arrived", "… at den ikke virker").
_NAMED_FAULT = {
    "da": re.compile(r"(?<!\w)(?:ikke\s+(?:er\s+|var\s+)?(?:kommet|ankommet|leveret|modtaget|dukket\s+op)|"
                     r"(?:virker|virkede|fungerer|fungerede)\s+ikke|ikke\s+(?:virker|virkede|fungerer|fungerede))(?!\w)",
                     re.IGNORECASE),
    "en": re.compile(r"(?<!\w)(?:hasn['’]t|has\s+not|haven['’]t|have\s+not|didn['’]t|did\s+not|isn['’]t|is\s+not|wasn['’]t|"
                     r"was\s+not|aren['’]t|are\s+not|(?:it|that|this|they)['’](?:s|re)\s+not|won['’]t|will\s+not|doesn['’]t|does\s+not|still\s+not|never)\s+"
                     r"(?:yet\s+|been\s+)?(?:arrived|arrive|working|work|received|delivered|shown\s+up|turned\s+up|come|"
                     # "Sorry if we haven't called you back": an answer or a call owed is a fault named too.
                     r"loading|load|refunded|fixed|called|call|rung|phoned|dialed|dialled|replied|reply|answered|"
                     r"responded|respond|contacted|got\s+back|gotten\s+back|get\s+back|shipped|sent)(?!\w)"
                     # "Sorry it took so long": the wait named in the apology's own clause.
                     r"|(?<!\w)(?:took|has\s+taken|is\s+taking|['’]s\s+taking|taking)\s+(?:so|this|that|too)\s+long(?!\w)",
                     re.IGNORECASE),
}
# "Vi beklager, hvis det har givet besvær": a conditional non-apology names no feeling of the customer's.
_CONDITIONAL_APOLOGY = {
    "da": re.compile(r"(?<!\w)(?:beklager|undskylder|(?:er\s+)?kede?\s+af),?\s+hvis\b[^.!?\n]*", re.IGNORECASE),
    "en": re.compile(r"(?<!\w)(?:sorry|apologi[sz]e)\s+if\b[^.!?\n]*", re.IGNORECASE),
}
# Thanks for the message itself ("Thank you for your email regarding order PD-2047", "Tak for din mail om …").
_THANKS_FOR_THE_MESSAGE = {
    "en": re.compile(r"(?i)thank(?:s|\s+you)\s+(?:so\s+much\s+|very\s+much\s+)?for\s+(?:your|the)\s+(?:e-?mail|message|enquiry|"
                     r"inquiry|letter|note|query|request|booking|order)(?![^\W\d_])(?!\s+(?:and|&)\s+(?:your|the)\s+(?:kind|lovely|"
                     r"feedback|praise))"),
    "da": re.compile(r"(?i)tak\s+for\s+(?:din|jeres|Deres)\s+(?:mail|e-mail|besked|henvendelse|forespørgsel|bestilling|"
                     r"booking)(?![^\W\d_])(?!\s+og\s+(?:de|dine|jeres)\s+(?:søde|pæne|venlige|rosende))"),
}
# Where a sentence of a unit ends (units are body sentences joined by blank lines or spaces).
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+")
# A condition and what it governs, to the end of its sentence ("medmindre …", "hvis …", "unless …", "if …"). Unlike
# `_HYPOTHETICAL`, it runs on past a comma: the fault owned on a condition often follows one ("Såfremt det konstateres, at
# fejlen ligger hos os").
_CONDITION_CLAUSE = {
    "da": re.compile(r"(?<!\w)(?:medmindre|hvis|såfremt|dersom)\b[^.!?\n]*", re.IGNORECASE),
    "en": re.compile(r"(?<!\w)(?:unless|if|should\s+it\s+turn\s+out)\b[^.!?\n]*", re.IGNORECASE),
}
_STOCK_THANKS = {
    "da": re.compile(r"(?<!\w)tak\s+for\s+(?:(?:din\s+|jeres\s+)?(?:tålmodighed(?:en)?\s+og\s+forståelse(?:n)?|"
                     r"forståelse(?:n)?(?:\s+og\s+tålmodighed(?:en)?)?)|at\s+(?:dele|give)\s+(?:din|dine|jeres)\s+"
                     r"(?:feedback|tilbagemelding(?:er)?|bekymring(?:er)?|kommentar(?:er)?|tanker|synspunkter?))", re.IGNORECASE),
    "en": re.compile(r"(?<!\w)thank(?:s|\s+you)\s+(?:so\s+much\s+|very\s+much\s+)?for\s+(?:your\s+(?:patience\s+and\s+"
                     r"understanding|understanding(?:\s+and\s+patience)?)|sharing\s+your\s+(?:concerns?|feedback|"
                     r"thoughts|comments?|views?|opinions?)|reaching\s+out\s+(?:to\s+us\s+)?about\s+your\s+"
                     r"(?:[^\W\d_]+\s+){0,2}(?:concerns?|issues?|inquiry|enquiry|questions?))"
                     # "Thanks for reaching out with your concern about the game" (blind judgement, round 1).
                     r"|thank(?:s|\s+you)\s+(?:so\s+much\s+|very\s+much\s+)?for\s+reaching\s+out\s+(?:to\s+us\s+)?with\s+"
                     r"your\s+(?:concerns?|issues?|inquiry|enquiry|questions?)", re.IGNORECASE),
}
# "We see your outreach", "I've received your DM": the message seen or received, not the customer's situation
# (blind judgement, round 1); "I see your order is …" stays evidence.
_STOCK_SEEN = {
    "da": re.compile(r"(?<!\w)(?:jeg|vi)\s+(?:kan\s+)?(?:se|ser|har\s+set|har\s+modtaget|modtog)\s+(?:din|jeres)\s+"
                     r"(?:besked|henvendelse|mail|e-mail|e-mails|beskeder|mails|kommentar|opslag|DM)(?!\w)", re.IGNORECASE),
    "en": re.compile(r"(?<!\w)(?:i|we)\s+(?:can\s+)?(?:see|saw|have\s+seen|'ve\s+seen|received|have\s+received|'ve\s+received|got)\s+"
                     r"your\s+(?:outreach|message|messages|tweet|tweets|dm|dms|post|posts|comment|comments|email|e-mail|emails|"
                     r"note|reply|replies|mention|request)(?!\w)", re.IGNORECASE),
}
_GREETING_WORD = re.compile(
    r"(?P<word>hej(?:sa)?|hey|hi|hello|hallo|halløj|goddag|god\s+(?:morgen|eftermiddag|aften)|"
    r"good\s+(?:morning|afternoon|evening)|kære|dear)(?P<generic>\s+(?:" + GENERIC_ADDRESS + r")(?![^\W_]))?",
    re.IGNORECASE)

MESSAGES = {
    "da": {
        "acknowledge": "Kunden vil føle sig hørt. Vis med dine egne ord, at du forstår situationen "
                       "(»Jeg kan godt forstå, at …«), før du går til løsningen.",
        "acknowledge_upset": "Kunden lyder {feeling}. Vis med dine egne ord, at du forstår situationen "
                             "(»Jeg kan godt forstå, at …«), før du går til løsningen.",
        "repeated_apologies": "Mange undskyldninger får problemet til at virke større. Sig undskyld én gang, "
                              "konkret, og gå så til løsningen.",
        "acknowledge_loss": "Kunden går igennem noget svært (et dødsfald eller en alvorlig sygdom). Vis medfølelse "
                            "først (»Jeg er ked af at høre om dit tab.«, »Det må være en rigtig svær tid for dig.«), og gør det så nemt "
                            "som muligt for kunden.",
        "use_name": "Du kender kundens navn. Brug det i hilsenen, så svaret føles personligt og ikke som en formular.",
        "cheerful_wish": "Kunden har mistet en, de holdt af. En munter hilsen lyder ligegyldig her; slut med "
                         "din hilsen og dit navn.",
    },
    "en": {
        "acknowledge": "The customer wants to feel heard. Show in your own words that you understand their "
                       "situation (\"I understand how …\") before the solution.",
        "acknowledge_upset": "The customer sounds {feeling}. Show in your own words that you understand their "
                             "situation (\"I understand how …\") before the solution.",
        "repeated_apologies": "Apologising again and again makes the problem seem bigger. Apologise once, "
                              "specifically, then go to the solution.",
        "acknowledge_loss": "The customer is going through something hard (a death or a serious illness). Offer "
                            "your sympathy first (\"I'm so sorry for your loss.\", \"That must be a really hard time for you.\"), then make "
                            "things as easy as possible.",
        "use_name": "You know the customer's name. Use it in the greeting so the reply feels personal, not like a form letter.",
        "cheerful_wish": "The customer has lost someone close. A cheerful wish reads as careless here; close with your "
                         "sign-off and name.",
    },
}
# The feeling the message names is the one the suggested sentence names (`acknowledgement.feeling`): a lead
# disagreed with "the customer is clearly frustrated" over a mild message whose suggestion named no feeling.
_FEELING_WORDS = {
    "da": {"frustrated": "frustreret", "angry": "vred", "worried": "bekymret", "sad": "ked af det",
           "disappointed": "skuffet", "shaken": "rystet"},
    "en": {"frustrated": "frustrated", "angry": "angry", "worried": "worried", "sad": "sad",
           "disappointed": "disappointed", "shaken": "shaken"},
}


def analyze(doc) -> tuple[dict, list]:
    """Return the empathy summary (the contract's `empathy` object) and its findings."""
    language = doc.language if doc.language in ("da", "en") else "en"
    data = language_data(language)
    ctx: CustomerContext | None = doc.customer
    seg = doc.segmentation
    text = doc.text
    quotes = [(s, e) for s, e, k in seg.protected if k in ("quote", "signature")]
    body = [s for s in seg.sentences if s.kind == "body" and not _inside(s.start, s.end, quotes)]

    apologies = _apology_spans(body, data, quotes)
    mirrored, mirrored_by_sentence = mirrored_words(body, ctx, language)
    # The evidence itself is read below only for a customer in grief or a reply that does not acknowledge: otherwise
    # the searches stop once the points reach the threshold (most of a first check's empathy time, issue 17).
    grief = ctx is not None and ctx.has_message and ctx.life_event
    score, evidence = 0, []
    for points, kind in acknowledgement_evidence(body, data, ctx, mirrored_by_sentence, language):
        score += points
        evidence.append(kind)
        if score >= ACKNOWLEDGES_AT and not grief:
            break
    acknowledges = score >= ACKNOWLEDGES_AT
    if acknowledges and grief and not set(evidence) & _SYMPATHY_EVIDENCE:
        # To a parent whose child has leukaemia, "Idas plads … normal ventetid" mirrors her words but offers no
        # sympathy (both blind judges, thirteenth drafts: the rewrite then took the only warm line out).
        acknowledges = False
    name = first_name(ctx.name) if ctx is not None else None
    name_used = _name_used(text, seg, name, ctx)

    summary = {
        "acknowledges": acknowledges,
        "customer_name_used": name_used,
        "apologies": len(apologies),
        "customer_emotion": ctx.emotion if ctx is not None and ctx.has_message else None,
        "mirrored_words": mirrored,
    }
    findings: list[Finding] = []
    words = sum(len(s.words) for s in body)
    if (body and not acknowledges and words >= MIN_WORDS_FOR_ACKNOWLEDGEMENT.get(doc.channel, 8)
            and needs_acknowledgement(ctx, body, language, doc.channel, evidence)
            and not _thread_continuation(doc.text, seg) and not _apologises_for_the_feeling(body, data)):
        findings.append(_missing_acknowledgement(doc, ctx, language))
    # To a grieving customer the company let down, saying sorry twice is no weight on the reply ("I am so very sorry. …
    # I am truly sorry for the part we played …" about a funeral spray taken to the wrong place: both blind judges of
    # the 116th drafts' findings, a false alarm).
    grieving = ctx is not None and ctx.has_message and ctx.life_event and len(apologies) < REPEATED_APOLOGIES_AT + 1
    if len(apologies) >= REPEATED_APOLOGIES_AT and not grieving:
        start, end = apologies[1]
        findings.append(Finding(
            category="apologies", rule=f"{language}.empathy.repeated_apologies", severity="suggestion",
            message=MESSAGES[language]["repeated_apologies"], start=start, end=end, text=text[start:end]))
    if name and not name_used and doc.channel == "email" and body:
        findings.append(_use_name(doc, seg, name, language))
    if ctx is not None and ctx.has_message and ctx.life_event and data["cheerful_wishes"] is not None \
            and feeling(doc) == "loss":
        findings += _cheerful_wishes(doc, seg, data, quotes, language)
    return summary, findings


# What may close a wish besides its words: punctuation, a smiley or an emoji.
_WISH_END = re.compile(r"[\s.!,:;)(\-–—]*(?:[:;]-?[)D]|[^\w\s.,!?]{1,4})?[\s.!]*$")


def _cheerful_wishes(doc, seg, data: dict, quotes, language: str) -> list[Finding]:
    """A sentence that is only a cheerful wish ("Have a great day!") in a reply to a bereaved customer: leave it out."""
    out = []
    for s in seg.sentences:
        if s.kind not in ("body", "signoff") or _inside(s.start, s.end, quotes):
            continue
        m = data["cheerful_wishes"].match(s.text)
        if m is None or not _WISH_END.fullmatch(s.text, m.end()):
            continue
        out.append(Finding(category="standard_answer", rule=f"{language}.empathy.cheerful_wish", severity="warning",
                           message=MESSAGES[language]["cheerful_wish"], start=s.start, end=s.end, text=s.text,
                           replacements=("",)))
    return out


# ----------------------------------------------------------------------------------- acknowledgement

def acknowledgement_evidence(body, data: dict, ctx: CustomerContext | None, mirrored_by_sentence: dict, language: str):
    """(points, name) of each piece of evidence that the reply recognises the customer's situation, searched as asked."""
    patterns = data["acknowledgement"]
    units = _unit_facts(body, data, language)

    def found(kind: str) -> bool:
        """Whether a unit holds the data's phrases of `kind` (each unit remembers its answer)."""
        return patterns.get(kind) is not None and any(u.has(kind) for u in units)

    for kind, rx in patterns.items():
        if rx is not None and found(kind):
            yield WEIGHTS.get(kind, 0), kind
    if found("apology_clause") and _apology_names_situation(body, patterns["apology_clause"], data, language):
        yield SPECIFIC_APOLOGY_POINTS, "apology_names_situation"
    situation = _SITUATION[language]
    # Mirroring the customer's words where the reply names their situation, thanks them for something
    # specific or apologises specifically, reflects THEIR case rather than a generic one.
    for index, sentence in enumerate(body):
        if not mirrored_by_sentence.get(index):
            continue
        kinds_here = {kind for kind in ("reflection", "specific_thanks", "specific_apology", "feelings")
                      if found(kind) and patterns[kind].search(sentence.text)}
        if kinds_here or (situation.search(sentence.text) and index <= 1):
            yield 1, "mirrored"
            break
    if ctx is not None and ctx.has_message:
        echo = _EMOTION_ECHO[language].get(ctx.emotion)
        if echo is not None and any(u.echoes(ctx.emotion, echo) for u in units):
            yield 1, "emotion_echo"
        calm = ctx.emotion == "happy" or (ctx.emotion == "neutral" and not ctx.problem and ctx.sentiment >= 0)
        # Congratulations answer the customer's news whatever small problem they ask about ("we've just adopted a second
        # cat … I can't work out how to add her chip": "Congratulations on adopting Pepper!"; both blind judges,
        # fiftieth drafts: a missing acknowledgement there was a false alarm).
        congratulated = ctx.emotion == "neutral" and ctx.sentiment >= 0 and any(
            _CONGRATULATES.search(s.text) for s in body)
        if (calm or congratulated) and found("reaction"):
            yield REACTION_POINTS, "reaction_to_happy"
        if ctx.emotion == "worried" and found("reassurance"):
            # To a worried customer a reassurance answers the worry itself ("Please don't lie awake over this – we can
            # absolutely look after Mango" to "I'm now lying awake worrying"; both blind judges, seventy-second drafts:
            # the missing acknowledgement was a false alarm, and a line put before it said the worry twice).
            yield 1, "reassurance_to_worry"
        if ctx.waiting and ctx.upset and any(u.apologises_for_the_wait(language) for u in units):
            yield SPECIFIC_APOLOGY_POINTS, "apology_for_their_wait"
        # To a customer who is bereaved or seriously ill, "I'm so sorry you're going through this" is the condolence
        # itself (both blind judges of the third drafts: a false alarm where the reply said it).
        if ctx.life_event and any(_CONDOLENCE[language].search(s.text) for s in body):
            yield SPECIFIC_APOLOGY_POINTS, "condolence"
        # Only to a happy customer: to a calm one an exclamation is as often a cheerful answer or an offer
        # (measured: 14 new disagreements against 5 fixed on the labelled sets when calm posts counted too).
        if ctx.emotion == "happy" and not found("reaction") and _exclaimed_reaction(body, language):
            yield REACTION_POINTS, "exclaimed_reaction"
        if ctx.emotion == "happy" and found("specific_thanks") and any(
                patterns["specific_thanks"].search(s.text) and not _THANKS_FOR_THE_MESSAGE[language].search(s.text)
                for s in body):
            # Thanking a happy customer for their words IS the acknowledgement; "Thank you for your email regarding
            # order PD-2047" thanks for the message, not for the praise in it (fifty-ninth drafts: a glowing thank-you
            # went unanswered because the opener counted).
            yield 1, "thanks_happy"


# ------------------------------------------------------------------- the evidence, run of sentences by run

# The evidence is searched in the body sentences joined by blank lines. A draft checked again after one word
# changed, and the rewrite's re-check of its own text, share most of those sentences: the searches run per
# unit (the body sentences of a paragraph, up to one that ends in a sealing character) and are remembered by
# the unit's text. A character seals when no evidence regex can consume it, start a match on the line break after it,
# see across that break in a look-around, or match empty (`_sealed_by`, proven from the regexes themselves):
# then no match runs across the break and the units together find exactly what the whole body finds (issue
# 17). For the shipped data ".", "!" and "?" seal. Bounded like the paragraphs' tokens (text.PARAGRAPH_TOKENS).
# 512 units hold the paragraphs of ~15 long drafts (a 1,500-word draft needs 30–35): larger limits only kept old
# drafts and grew a server's memory by ~2 MiB per cache over 20,000 checks (measured with tracemalloc).
ACKNOWLEDGEMENT_UNITS = TextCache(max_entries=512, max_chars=400_000)
_TERMINALS = ".!?"
_SEALS: dict[str, tuple] = {}


class _UnitFacts:
    """What the acknowledgement searches find in one unit of body sentences (see ACKNOWLEDGEMENT_UNITS), as asked."""

    def __init__(self, text: str, patterns: dict, language: str) -> None:
        self.patterns = patterns
        self.language = language
        # A text face is read as the emoji it stands for by the `shared_feeling` phrases.
        self.joined = _STOCK_SEEN[language].sub(" ", TEXT_SAD_FACE.sub("☹️", text))
        self._kinds: dict[str, bool] = {}
        self._echo: dict[str, bool] = {}
        self._wait: bool | None = None

    @functools.cached_property
    def thanks_text(self) -> str:
        """The unit without the stock closer ("Tak for din tålmodighed og forståelse" thanks for nothing specific)."""
        return _STOCK_THANKS[self.language].sub(" ", self.joined)

    @functools.cached_property
    def feeling(self) -> str:
        """The unit as the feeling words are looked for in it."""
        language = self.language
        # A feeling word that is only the object of an apology ("Vi beklager ventetiden", "Sorry for the
        # delay") is the stock apology, not the customer's feeling named: it must not count twice.
        # The stock closer's "concern" is no feeling named either ("Thanks for reaching out with your concern").
        feeling_text = _EXPLAINED_DELAY[language].sub(" ", _APOLOGY_OBJECT[language].sub(
            " ", _CONDITIONAL_APOLOGY[language].sub(" ", self.thanks_text)))
        # A problem word in a refusal or a policy ("depositum ikke refunderes ved forsinkelser forårsaget af
        # underleverandører") states terms, not the customer's situation (both blind judges, 57. udkast: an angry customer
        # got no acknowledgement because "forsinkelser" counted as naming his feeling).
        refusal = language_data(language).get("reply_refusal")
        if refusal is not None and refusal.search(feeling_text):
            feeling_text = " ".join(part for part in _SENTENCE_BREAK.split(feeling_text) if not refusal.search(part))
        return feeling_text

    def has(self, kind: str) -> bool:
        """Whether the data's phrases of `kind` stand here (`kind` has a regex)."""
        found = self._kinds.get(kind)
        if found is None:
            # "Thank you for sharing your concerns" is the stock closer too, not a reflection of what the customer said.
            # "… medmindre det konstateres, at fejlen ligger hos os": a fault owned only on a condition is not owned (both
            # blind judges, 55. udkast: an angry third-time customer got no acknowledgement).
            text = (self.feeling if kind == "feelings" else self.thanks_text if kind in ("specific_thanks", "reflection")
                    else _CONDITION_CLAUSE[self.language].sub(" ", self.joined) if kind == "ownership" else self.joined)
            found = self._kinds[kind] = self.patterns[kind].search(text) is not None
        return found

    def echoes(self, emotion: str, rx: re.Pattern) -> bool:
        """Whether a feeling word answering `emotion` stands here (asked only for an emotional customer)."""
        found = self._echo.get(emotion)
        if found is None:
            found = self._echo[emotion] = bool(rx.search(self.feeling))
        return found

    def apologises_for_the_wait(self, language: str) -> bool:
        """Whether "sorry for the wait" stands here (asked only for an upset customer who waits)."""
        if self._wait is None:
            self._wait = bool(_APOLOGY_FOR_THE_WAIT[language].search(self.joined))
        return self._wait


def _unit_facts(body, data: dict, language: str) -> list[_UnitFacts]:
    """The evidence searches of the body, unit by unit, from the cache where a unit was seen before."""
    patterns = data["acknowledgement"]
    seals = _sealing_characters(patterns, language)
    units: list[str] = []
    current: list[str] = []
    for index, sentence in enumerate(body):
        current.append(sentence.text)
        # A unit is a paragraph (each search costs a call, and a typing change stays inside one), or more
        # where a paragraph does not end sealed.
        following = body[index + 1] if index + 1 < len(body) else None
        if sentence.text[-1:] in seals and (following is None or following.paragraph != sentence.paragraph):
            units.append("\n\n".join(current))
            current = []
    if current or not units:
        units.append("\n\n".join(current))
    out = []
    for text in units:
        key = (language, text)
        facts = ACKNOWLEDGEMENT_UNITS.get(key)
        if facts is None or facts.patterns is not patterns:
            facts = _UnitFacts(text, patterns, language)
            ACKNOWLEDGEMENT_UNITS.put(key, facts, len(text))
        out.append(facts)
    return out


def _sealing_characters(patterns: dict, language: str) -> frozenset[str]:
    """The characters that end a unit for this language's evidence regexes, once they are known; none (the
    whole body one unit, as before units) until then. Finding them parses the data's regexes (~70 ms for
    English, ~40 ms for Danish): the server's start-up does it (its data store keeps the answer across
    starts); a process without the store does it only once it has checked more than a few replies, so a
    one-shot `klarsvar check` does not pay for a cache it would not use."""
    known = _SEALS.get(language)
    if known is not None and known[0] is patterns:
        return known[1]
    if DATA_STORE.path is None:
        calls = _CALLS_BEFORE_SEALS[language] = _CALLS_BEFORE_SEALS.get(language, 0) + 1
        if calls <= CHECKS_BEFORE_UNITS:
            return frozenset()
    return find_sealing_characters(language, patterns)


# Without the server's data store, replies of a language checked as one unit before its units are worked out.
CHECKS_BEFORE_UNITS = 8
_CALLS_BEFORE_SEALS: dict[str, int] = {}


def find_sealing_characters(language: str, patterns: dict | None = None) -> frozenset[str]:
    """Work out (or look up in the server's data store) the characters that end a unit for `language`."""
    if patterns is None:
        patterns = language_data(language)["acknowledgement"]
    known = _SEALS.get(language)
    if known is not None and known[0] is patterns:
        return known[1]
    regexes = [rx for rx in patterns.values() if rx is not None]
    refusal = language_data(language).get("reply_refusal")
    regexes += [TEXT_SAD_FACE, _STOCK_SEEN[language], _STOCK_THANKS[language], _CONDITIONAL_APOLOGY[language],
                _CONDITION_CLAUSE[language], *([refusal] if refusal is not None else []),
                _APOLOGY_OBJECT[language], _EXPLAINED_DELAY[language], _APOLOGY_FOR_THE_WAIT[language], *_EMOTION_ECHO[language].values()]
    seals = set(_TERMINALS)
    for rx in regexes:
        seals &= set(stored_data("empathy-seals", (fingerprint(rx.pattern), int(rx.flags), _code_fingerprint()),
                                 lambda rx=rx: _sealed_by(rx)))
    found = frozenset(seals)
    _SEALS[language] = (patterns, found)
    return found


@functools.lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """A digest of this module's source: a stored answer of `_sealed_by` holds only for the code that gave it."""
    return fingerprint(Path(__file__).read_bytes())


def _sealed_by(rx: re.Pattern) -> str:
    """Which of _TERMINALS seal a unit for `rx` (see ACKNOWLEDGEMENT_UNITS); anything unusual seals nothing."""
    try:
        parsed = _sre_parser.parse(rx.pattern, rx.flags)
    except Exception:  # noqa: BLE001 - a regex this cannot read: never split the body for it
        return ""
    flags = parsed.state.flags
    if parsed.getwidth()[0] == 0 or _may_start_with(parsed, "\n", flags)[0]:
        return ""
    touched = _touched(parsed, flags, look=False)
    return "".join(ch for ch in _TERMINALS if ch not in touched)


_LEAVES = (_sre.LITERAL, _sre.NOT_LITERAL, _sre.ANY, _sre.IN)
_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", _sre.MAX_REPEAT))
_BOUNDARIES = (_sre.AT_BOUNDARY, _sre.AT_NON_BOUNDARY)
_TERMINAL_CODES = frozenset(map(ord, _TERMINALS))


def _touched(seq, flags: int, look: bool) -> frozenset[str] | set[str]:
    """The characters of _TERMINALS some character node of `seq` can consume; all of them when a look-around
    can read a line break (it stands between units), or for an anchor other than a word boundary or a
    back-reference. A look-around may read a terminal itself: it stands in the unit too."""
    every = frozenset(_TERMINALS)
    out: set[str] = set()
    for op, av in seq:
        if op is _sre.LITERAL and not look:
            if av in _TERMINAL_CODES:
                out.add(chr(av))
        elif op in _LEAVES:
            if look:
                if _leaf_matches(op, av, "\n", flags):
                    return every
            else:
                out.update(ch for ch in _TERMINALS if _leaf_matches(op, av, ch, flags))
        elif op is _sre.BRANCH:
            for alt in av[1]:
                out |= _touched(alt, flags, look)
        elif op is _sre.SUBPATTERN:
            out |= _touched(av[3], (flags | av[1]) & ~av[2], look)
        elif op is getattr(_sre, "ATOMIC_GROUP", None):
            out |= _touched(av, flags, look)
        elif op in _REPEATS:
            out |= _touched(av[2], flags, look)
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT):
            out |= _touched(av[1], flags, look=True)
        elif not (op is _sre.AT and av in _BOUNDARIES):
            return every
        if len(out) == len(every):
            return every
    return out


def _may_start_with(seq, ch: str, flags: int) -> tuple[bool, bool]:
    """(whether a match of `seq` can begin by consuming `ch`, whether `seq` can match empty)."""
    for op, av in seq:
        if op in _LEAVES:
            return _leaf_matches(op, av, ch, flags), False
        if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            continue  # zero width
        if op is _sre.BRANCH:
            parts = [_may_start_with(alt, ch, flags) for alt in av[1]]
            can, empty = any(p[0] for p in parts), any(p[1] for p in parts)
        elif op is _sre.SUBPATTERN:
            can, empty = _may_start_with(av[3], ch, (flags | av[1]) & ~av[2])
        elif op is getattr(_sre, "ATOMIC_GROUP", None):
            can, empty = _may_start_with(av, ch, flags)
        elif op in _REPEATS:
            can, empty = _may_start_with(av[2], ch, flags)
            empty = empty or av[0] == 0
        else:
            return True, False  # a back-reference or something new: assume it can
        if can:
            return True, False
        if not empty:
            return False, False
    return False, True


def _leaf_matches(op, av, ch: str, flags: int) -> bool:
    """Whether one character node can match `ch` (a line break or a sentence's end mark: no case forms)."""
    code = ord(ch)
    if op is _sre.LITERAL:
        return av == code
    if op is _sre.NOT_LITERAL:
        return av != code
    if op is _sre.ANY:
        return ch != "\n" or bool(flags & re.DOTALL)
    negate = hit = False
    for item, value in av:
        if item is _sre.NEGATE:
            negate = True
        elif item is _sre.LITERAL:
            hit = hit or value == code
        elif item is _sre.NOT_LITERAL:
            hit = hit or value != code
        elif item in (_sre.RANGE, getattr(_sre, "RANGE_UNI_IGNORE", _sre.RANGE)):
            hit = hit or value[0] <= code <= value[1]
        elif item is _sre.CATEGORY:
            hit = hit or _in_category(str(value), ch)
        else:
            return True  # unknown: assume it can
    return hit != negate


def _in_category(name: str, ch: str) -> bool:
    """Whether `ch` is in an sre category (CATEGORY_SPACE, CATEGORY_NOT_WORD, …)."""
    base = name.replace("CATEGORY_", "").replace("UNI_", "").replace("LOC_", "")
    negated = base.startswith("NOT_")
    kind = base[4:] if negated else base
    tests = {"DIGIT": str.isdecimal, "SPACE": str.isspace, "WORD": lambda c: c.isalnum() or c == "_",
             "LINEBREAK": lambda c: c == "\n"}
    test = tests.get(kind)
    if test is None:
        return True
    return test(ch) != negated


# A sentence that only thanks, asks for something or sends the customer elsewhere is no reaction, however
# warmly it ends ("Thanks for stopping by!", "DM us your number!", "Check out our site!").
_NOT_A_REACTION = {
    "da": re.compile(r"^\W*(?:tak|tusind\s+tak|mange\s+tak|skriv|send|ring|kontakt|tjek|se|besøg|klik|følg|husk|"
                     r"giv|lad|du\s+kan|kan\s+du|vil\s+du|selv\s+tak|velbekomme|ingen\s+årsag|det\s+var\s+så\s+lidt|"
                     r"hej|hejsa|goddag|hvis|kom\s+(?:igen|forbi|tilbage)|vi\s+ses|på\s+gensyn)\b", re.IGNORECASE),
    "en": re.compile(r"^\W*(?:thanks|thank\s+you|thx|ty|dm|please|send|call|contact|check|visit|click|follow|"
                     r"let\s+us|let\s+me|reach\s+out|give|tap|head|go\s+to|you\s+can|can\s+you|could\s+you|"
                     r"you['’]re\s+(?:very\s+|most\s+|so\s+)?welcome|welcome|no\s+problem|not\s+problem|no\s+worries|"
                     r"any\s*time|my\s+pleasure|happy\s+to\s+help|glad\s+to\s+help|hi|hey|hello|if|"
                     r"come\s+(?:back|again|see)|(?:we\s+)?hope\s+to\s+see|see\s+you)\b",
                     re.IGNORECASE),
}


# A sales line or a stock closer ends with "!" as often as a reaction does ("Sign up before 31 May and we'll waive the £25
# joining fee!", "Any questions, don't hesitate to ask!"): neither answers praise (fifty-fifth and fifty-sixth drafts: an
# upsell and a closer counted as playing along with a thank-you, which then went unanswered).
_OFFER_OR_CLOSER = {
    "da": re.compile(r"(?i)(?<!\w)(?:tilmeld\w*|bestil\s+(?:nu|i\s+dag)|køb\s+(?:nu|i\s+dag)|spar\w*|rabat\w*|tilbud\w*|"
                     r"gratis\s+prøve\w*|læs\s+mere|meld\s+dig\s+ind|\d+\s*%|tøv\s+ikke|spørg\s+(?:endelig|bare)|"
                     r"(?:du\s+er|I\s+er)\s+(?:altid\s+)?velkommen\s+til\s+at|hvis\s+(?:du|I)\s+har\s+(?:flere\s+|yderligere\s+)?spørgsmål)(?!\w)"),
    "en": re.compile(r"(?i)(?<!\w)(?:sign\s+up|book\s+(?:now|today)|order\s+(?:now|today)|buy\s+(?:now|today)|"
                     r"join\s+(?:now|today)|find\s+out\s+more|don['’]t\s+miss|waive\w*|discount\w*|offer|"
                     r"free\s+trial|upgrade|\d+\s*%\s+off|don['’]t\s+hesitate|do\s+not\s+hesitate|feel\s+free|"
                     r"any\s+(?:other\s+|further\s+|more\s+)?questions)(?!\w)"),
}


def _exclaimed_reaction(body, language: str) -> bool:
    """Whether the reply answers a happy customer with an exclamation of its own ("We tend to have a
    spook-tacular time at work!", "Great flights and views!"): playing along is the acknowledgement there
    (a blind judge, issue 14); a thanks, a request or a link is not."""
    for sentence in body:
        text = sentence.text.strip()
        if (text.endswith("!") and _WORD.search(text) and "http" not in text
                and not _NOT_A_REACTION[language].search(text) and not _OFFER_OR_CLOSER[language].search(text)):
            return True
    return False


def _apology_names_situation(body, rx, data: dict, language: str) -> bool:
    """Whether an apology's own clause names something specific ("…, at lampen kom i stykker")."""
    skip = data["stop_words"] | data["determiners"] | data["generic_words"]
    fault = _NAMED_FAULT.get(language)
    for sentence in body:
        for m in rx.finditer(sentence.text):
            # The clause: from the apology's last word to the next comma, semicolon or sentence end.
            start = m.end() - len(m.group().split()[-1])
            parts = re.split(r"[,;.!?:]", sentence.text[start:], maxsplit=2)
            clause = parts[0]
            # "Jeg er ked af at høre, at din pakke …": the situation is in the "at"/"that" clause after the comma.
            if len(parts) > 1 and re.match(r"\s*(?:at|that)\b", parts[1], re.IGNORECASE) \
                    and re.search(r"(?:høre|læse|hear|read|learn)\s*$", clause, re.IGNORECASE):
                clause += " " + parts[1]
            for word in _WORD.findall(clause):
                w = word.lower().replace("’", "'")
                if len(w) >= 3 and w not in skip and not w.endswith("n't"):
                    return True
            # "I'm sorry it hasn't arrived", "… that it isn't working": the clause names the fault itself.
            if fault is not None and fault.search(clause):
                return True
    return False


# Signal families of a customer chasing the company (`data/empathy/<lang>.yml` signals).
_CHASING_SIGNALS = frozenset({"repeat_fault", "repeat"})
# The customer's word sum (AFINN) at which an e-mail reply is asked for an acknowledgement without another sign.
NEGATIVE_MESSAGE_AT = -3


def needs_acknowledgement(ctx: CustomerContext | None, body, language: str, channel: str = "email",
                          evidence=()) -> bool:
    """Whether there is a situation to acknowledge: an upset, unhappy or delighted customer, or (without
    their message) a reply to them that itself names a delay, a fault or a refusal (`reply_problem` and
    `reply_refusal` data).
    A plain answer, an apology alone or a generic word ("issue", "request") is no evidence: no finding.
    In chat only an upset customer counts: a calm problem report, a question, praise or a mildly negative
    word (AFINN) is answered by the next line, and on real chat replies a lead did not ask those to
    acknowledge (none of 14 such findings on the labelled replies was judged correct)."""
    if ctx is not None and ctx.has_message:
        if channel == "chat":
            # A crying face or a worry with no problem named ("walking there alone tonight 😭") is banter in
            # a chat line more often than distress; the rewrite skips it too.
            # A customer who chases ("This is the THIRD time I've messaged … he has 2 tablets left") is no idle worry.
            idle = ctx.emotion in ("worried", "sad") and not (ctx.problem or ctx.life_event) and ctx.sentiment >= 0 \
                and not set(ctx.signals) & _CHASING_SIGNALS
            return ctx.upset and not idle
        # A mildly negative word sum alone ("any fee for that?", "I'm not sure") is a calm question: two blind
        # judges of the fourth drafts called all four such findings false alarms.
        # Nor does the sum of a question about what the customer sees ("a warning about bleed … do I need to fix
        # something?"): the product's words are not their feeling (both blind judges, eighth drafts).
        return ctx.upset or ctx.problem or ctx.emotion == "happy" or (ctx.sentiment <= NEGATIVE_MESSAGE_AT
                                                                      and not ctx.asks)
    # Without their message the reply is the only witness: an apology that names the problem ("sorry it's not
    # working again", "I apologise deeply for the delay") already answers it, and a stock line on top would be
    # filler (a blind judge: 5 of 5 such findings wrong, seventh round). Only a named problem answered with a
    # stock formula or nothing is evidence enough.
    if set(evidence) & {"specific_apology", "apology_names_situation"}:
        return False
    data = language_data(language)
    problem_lists = [rx for rx in (data["reply_problem"], data.get("reply_refusal")) if rx is not None]
    # "Sorry for the delay" is the agent apologising for a late answer, not a delay the customer has: the
    # object of an apology is no evidence on its own ("Vi beklager ventetiden" likewise).
    apology_object = _APOLOGY_OBJECT[language]
    # A text that never says "you" is no reply to a customer (news prose, an internal note).
    # "If you haven't received the code within a day, …" is an instruction for a case that may not be theirs.
    hypothetical = _HYPOTHETICAL[language]
    # "We can't change the colour, but I can cancel it and place a new one": a no with its alternative in the
    # same sentence is a clear informative answer (a blind judge called the stock line there filler).
    offer = _ALTERNATIVE_OFFER[language]
    return (any(any(rx.search(hypothetical.sub(" ", apology_object.sub(" ", s.text))) for rx in problem_lists)
                and not offer.search(s.text) for s in body)
            and any(_ADDRESS[language].search(s.text) for s in body))


def _thread_continuation(text: str, seg) -> bool:
    """Whether the reply is a later part of a thread ("2/2", "3/4", or it opens mid-sentence in lower case):
    its first part may hold the acknowledgement."""
    if _CONTINUATION_START.match(text):
        return True
    for start, end, kind in seg.protected:
        if kind == "thread":
            m = _THREAD_PART.search(text[start:end])
            if m and int(m.group(1)) >= 2:
                return True
    return False


def _apologises_for_the_feeling(body, data: dict) -> bool:
    """Whether a body sentence apologises for the customer's feeling (`feeling_apologies` in data/empathy/)."""
    rx = data.get("feeling_apologies")
    return rx is not None and any(rx.search(s.text) for s in body)


def _missing_acknowledgement(doc, ctx: CustomerContext | None, language: str) -> Finding:
    """The document-level finding: stronger (warning) when the customer is upset."""
    upset = ctx is not None and ctx.has_message and ctx.upset
    felt = feeling(doc) if upset else "neutral"
    if upset and ctx.life_event:
        message = MESSAGES[language]["acknowledge_loss"]
    elif felt in _FEELING_WORDS[language]:
        message = MESSAGES[language]["acknowledge_upset"].format(feeling=_FEELING_WORDS[language][felt])
    else:
        message = MESSAGES[language]["acknowledge"]
    return Finding(category="missing_acknowledgement", rule=f"{language}.empathy.acknowledge",
                   severity="warning" if upset else "suggestion", message=message,
                   replacements=_acknowledgement_suggestion(doc))


def fit_to_customer(doc, findings: list) -> list:
    """Findings adjusted to what the customer is going through: to a bereaved or seriously ill customer
    the sympathy replacement "Jeg kan godt forstå, at det er frustrerende" would be offensive, so sympathy
    findings there offer the condolence instead ("Jeg er ked af at høre om dit tab."), and a condolence said with
    feeling is no finding."""
    ctx = getattr(doc, "customer", None)
    if ctx is None or not getattr(ctx, "life_event", False):
        return findings
    # The rule spans end before the full stop, so the replacement has none ("…tab." would become "…tab..").
    condolence = tuple(c.rstrip(".") for c in _acknowledgement_suggestion(doc))
    language = doc.language if doc.language in ("da", "en") else "en"
    out = []
    for f in findings:
        if f.category == "sympathy" and _CONDOLENCE[language].search(f.text or ""):
            # "I'm so sorry you're going through this" to a customer in hospital is the condolence itself (both blind
            # judges, forty-first drafts: a false alarm), as the acknowledgement check counts it.
            continue
        if f.category == "sympathy" and (_NAMES_A_FAULT.search(f.text or "") or reports_our_mistake(doc.text, language)):
            # "Vi beklager den opståede fejl" to a widow whose wreath had the wrong name apologises for our mistake: the
            # condolence in its place lost that apology and broke the sentence ("… tab og eventuelle gener"; both blind
            # judges, 73. udkast: false alarm). It stays a sympathy finding with no swap. So does a stock apology in a reply
            # that names the mistake elsewhere ("the card text … was entered incorrectly"): the condolence in its place left
            # the misprinted funeral card unapologised for (both blind judges, 267th drafts: worse).
            out.append(dataclasses.replace(f, replacements=()))
            continue
        if f.category == "sympathy":
            # Only where the stock phrase is its whole clause: "Vi beklager eventuelle gener i forbindelse med bestillingen"
            # became "Jeg er ked af at høre om dit tab i forbindelse med bestillingen" (a blind judge, 81. udkast: false
            # alarm; the other: awkward). There the finding offers no swap.
            # Where the clause runs on a few words to its full stop, the finding takes them in.
            if f.end is not None and _CLAUSE_ENDS.match(doc.text, f.end) is None:
                rest = _CLAUSE_REST.match(doc.text, f.end)
                f = dataclasses.replace(f, end=rest.end(), text=doc.text[f.start:rest.end()]) if rest else \
                    dataclasses.replace(f, replacements=())
            if f.replacements or f.end is None or _CLAUSE_ENDS.match(doc.text, f.end) is not None:
                f = dataclasses.replace(f, replacements=condolence)
            f = dataclasses.replace(f, message=MESSAGES[language]["acknowledge_loss"])
        out.append(f)
    return out


# What may follow a stock phrase that is its whole clause: the end of the sentence or of the text.
_CLAUSE_ENDS = re.compile(r"\s*(?:[.!?…\n]|\Z)")
# The rest of a clause up to its full stop: a few words, no comma, no conjunction that starts another clause ("Vi beklager
# ulejligheden og håber at se Dem ved en senere lejlighed" keeps its hope).
_CLAUSE_REST = re.compile(r"(?:(?!(?<![^\W\d_])(?:og|men|samt|eller|så|hvis|da|fordi|når|som|der|"
                          r"and|but|or|so|if|because|when|while|which|who|that|as)(?![^\W\d_]))[^.!?…\n,;:–—()]){1,80}?"
                          r"(?=\s*(?:[.!?…\n]|\Z))", re.IGNORECASE)


# An apology that names a fault of ours ("den opståede fejl", "the error", "our mistake").
_NAMES_A_FAULT = re.compile(r"(?i)(?<![^\W\d_])(?:fejl\w*|mistake\w*|error\w*|mix-up|mixup)(?![^\W\d_])")


def _acknowledgement_suggestion(doc) -> tuple[str, ...]:
    """A specific acknowledgement sentence built from the customer context (the rewrite's own wording)."""
    try:
        return (suggested_acknowledgement(doc),)
    except Exception:  # noqa: BLE001 - a suggestion is optional; the finding stands without it
        return ()


# -------------------------------------------------------------------------------------- apologies

def _apology_spans(body, data: dict, quotes) -> list[tuple[int, int]]:
    """Absolute spans of apology tokens in the body sentences, in order."""
    rx = data["apologies"]
    if rx is None:
        return []
    spans = []
    for sentence in body:
        for m in rx.finditer(sentence.text):
            start, end = sentence.start + m.start(), sentence.start + m.end()
            if _NOT_AN_APOLOGY.search(sentence.text[:m.start()]):
                continue  # "Please don't apologise", "Du skal slet ikke undskylde": comfort, not an apology
            if _SYMPATHY_NOT_APOLOGY.match(sentence.text, m.start()):
                continue  # "sorry to hear of your change in circumstances": sympathy (eleventh drafts, both judges)
            if not _inside(start, end, quotes):
                spans.append((start, end))
    return spans


# Sorry for what happened to the customer, not for what the company did ("so sorry to hear of your change in
# circumstances", "sorry for your loss", "ked af at høre om dit tab"): sympathy, no apology to count.
_SYMPATHY_NOT_APOLOGY = re.compile(r"(?i)sorry\s+to\s+(?:hear|learn|read)\b|sorry\s+(?:for|about)\s+(?:your|the)\s+loss\b|"
                                   r"(?:(?:er|var|blev)\s+(?:virkelig\s+|meget\s+|rigtig\s+|så\s+)?)?kede?\s+af\s+"
                                   r"(?:at\s+(?:høre|læse)\b|dit\s+tab\b|tabet\b)")
# Telling the customer not to apologise (fifth drafts: counted as the agent's second apology).
_NOT_AN_APOLOGY = re.compile(r"(?i)(?:\b(?:don't|do\s+not|no\s+need\s+to|never|not)|\bskal\s+(?:slet\s+|overhovedet\s+)?ikke"
                             r"|\bbehøver\s+(?:slet\s+|overhovedet\s+)?ikke)\s+(?:at\s+)?$")


# ---------------------------------------------------------------------------------------- mirroring

def mirrored_words(body, ctx: CustomerContext | None, language: str) -> tuple[list[str], dict[int, list[str]]]:
    """The customer's key phrases the reply reuses (as the reply writes them), and per body sentence."""
    if ctx is None or not ctx.key_phrases:
        return [], {}
    # Every content word of a key phrase counts ("the wrong size shoes" → size, shoes), not only its head.
    data = language_data(language)
    skip = data["determiners"] | data["adjectives"] | data["stop_words"]
    heads = {stem: phrase for phrase, stem in ctx.heads.items() if stem}
    for phrase in ctx.key_phrases:
        for word in phrase.split():
            if word not in skip and len(word) >= 3:
                heads.setdefault(stem_word(word, language), phrase)
    phrase_regex = ctx.phrase_regex
    prefixes = {stem[:3] for stem in heads}
    # What a sentence mirrors depends on its own words and on the key phrases alone: remembered per sentence.
    key = (language, ctx.key_phrases, tuple(ctx.heads.items()), tuple(ctx.mirrored_forms.items()))
    out: list[str] = []
    per_sentence: dict[int, list[str]] = {}
    for index, sentence in enumerate(body):
        hits = MIRRORED_SENTENCES.get((key, sentence.text))
        if hits is None:
            hits = _mirrored_in(sentence.text, phrase_regex, heads, prefixes, data, language)
            MIRRORED_SENTENCES.put((key, sentence.text), hits, len(sentence.text))
        if hits:
            per_sentence[index] = list(hits)
            for h in hits:
                if h not in out:
                    out.append(h)
    return out, per_sentence


# The words each sentence mirrors, by key phrases and sentence text (see `mirrored_words`).
MIRRORED_SENTENCES = TextCache(max_entries=1024, max_chars=400_000)  # see ACKNOWLEDGEMENT_UNITS on the limit


def _mirrored_in(text: str, phrase_regex, heads: dict, prefixes: set, data: dict, language: str) -> tuple[str, ...]:
    """The customer's key phrases and head nouns one sentence reuses, in order of appearance."""
    hits: list[str] = []
    if phrase_regex is not None:
        for m in phrase_regex.finditer(text):
            form = m.group().lower()
            if form not in hits:
                hits.append(form)
    previous = ""
    for m in _WORD.finditer(text):
        word, before, previous = m.group().lower(), previous, m.group().lower()
        if len(word) < 3 or word[:3] not in prefixes:
            continue  # cheap pre-check: no head noun starts like this word
        # After a pronoun or an auxiliary the word is a verb ("har pakket" is no "pakke", "we refunded").
        if before in _VERB_CONTEXT[language] or before in data["auxiliaries"]:
            continue
        stem = stem_word(word, language)
        if stem in heads and not any(word in h.split() for h in hits):
            hits.append(word)
    return tuple(hits)


# ------------------------------------------------------------------------------------------- name

# A title and a capitalised name in the greeting ("Dear Ms Moran", "Kære fru Jensen").
_TITLE_AND_NAME = re.compile(r"(?<![^\W\d_])(?i:mr|mrs|ms|miss|mx|dr|hr|fru|frk)\.?\s+[A-ZÆØÅ][^\W\d_]+")


def _name_used(text: str, seg, name: str | None, ctx: CustomerContext | None) -> bool:
    """Whether the reply uses the customer's name outside quoted text and the agent's signature."""
    if not name:
        return False
    names = {name}
    if ctx is not None and ctx.name:
        names |= {t for t in re.split(r"\s+", ctx.name) if len(t) >= 2 and t[0].isupper()}
    for sentence in seg.sentences:
        if sentence.kind in ("quote", "signature", "signoff"):
            continue
        if sentence.kind == "greeting" and _TITLE_AND_NAME.search(sentence.text):
            return True  # "Dear Mrs Lowe": the formal address is the name (both blind judges: a false alarm)
        if sentence.kind == "greeting" and _greets_by_a_name(sentence.text):
            # "Hi Jess," where the message was signed with a band's or a firm's name ("Owl Records", "Havblik"): the
            # agent knows the customer's name better than the sign-off (both blind judges, thirty-third drafts:
            # "Hi Owl" was a false alarm in both languages).
            return True
        for n in names:
            if re.search(rf"(?<![^\W\d_]){re.escape(n)}(?![^\W\d_])", sentence.text, re.IGNORECASE):
                return True
    return False


_NAME_AFTER_GREETING = re.compile(r"[ \t]+[A-ZÆØÅ][a-zæøåéü]+(?:[-'][A-ZÆØÅ]?[a-zæøåéü]+)?(?![^\W_])")


def _greets_by_a_name(greeting: str) -> bool:
    """Whether a greeting line names someone: a capitalised word after the greeting word that is no role ("Hi Jess,")."""
    m = _GREETING_WORD.match(greeting.lstrip())
    return m is not None and not m.group("generic") and _NAME_AFTER_GREETING.match(greeting.lstrip(), m.end()) is not None


def _use_name(doc, seg, name: str, language: str) -> Finding:
    """The personal-touch suggestion: on the greeting's salutation when there is one, else document-level."""
    rule = f"{language}.empathy.use_name"
    message = MESSAGES[language]["use_name"]
    greeting = seg.greeting
    if greeting is not None:
        m = _GREETING_WORD.match(greeting.text)
        if m:
            start, end = greeting.start + m.start(), greeting.start + m.end()
            return Finding(category="personal_touch", rule=rule, severity="suggestion", message=message,
                           start=start, end=end, text=doc.text[start:end],
                           replacements=(f"{m.group('word')} {name}",))
    hello = "Hej" if language == "da" else "Hi"
    return Finding(category="personal_touch", rule=rule, severity="suggestion", message=message,
                   replacements=(f"{hello} {name},",))


def _inside(start: int, end: int, spans) -> bool:
    """Whether [start, end) lies within one of `spans`."""
    return any(a <= start and end <= b for a, b in spans)


def clear_caches() -> None:
    """Forget the evidence found per unit of sentences and the words mirrored per sentence (`pipeline.clear_caches`)."""
    ACKNOWLEDGEMENT_UNITS.clear()
    MIRRORED_SENTENCES.clear()
