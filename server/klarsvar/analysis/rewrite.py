"""The plain-language, acknowledging rewrite: deterministic edits built from the findings, checked by the pipeline.

Every edit is a span of the ORIGINAL text and its replacement, so the extension can show a diff. The rewrite
is a client of the pipeline: it collects edits, applies them per sentence, and has the pipeline's sentence
stages (`recheck`) look at the changed sentences only. An edit that gives its sentence a finding it did not
have is refused and the sentence keeps the original wording for it; an edit that would raise the reply's
LIX is refused too. Protected tokens (numbers, dates, URLs, names, quotes, the signature) are never
touched, and what the rewrite could not fix is listed in `remaining` with the reason. A rewrite that would
only swap a word or two is not offered at all: its findings' cards offer those swaps.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from .acknowledgement import (FORMAL_ADDRESS_RULES, WRITES_FORMALLY, acknowledgement_sentence, addresses_formally,
                              calm_situation_clause, customer_name, customer_situation, feeling, formal_address,
                              glad_sentence, in_reply_address, in_reply_voice, keeps_formal_address, message_of,
                              mixes_address, names_our_error, plainest_sentence, reacts_to_feeling, refuses,
                              rejects_stock_answers, reports_our_mistake, said_as_we, said_in_words, says_du, says_fear,
                              situation_clause, sorry_sentence, standing_alone)
from .address import readers_address
from .cache import TextCache
from .clauses import CLAUSE_OPENER_END, leaves_shared_predicate, shares_its_subject
from .reframe import RECEIPT_FORMULAS, REMOVE_SENTENCE, reframe
from .rules.engine import is_sentence_start, replacement_edit
from .text import GENERIC_ADDRESS, GREETING_WORD, MIN_WORDS_FOR_VERDICT, line_in_small_letters

# Categories whose first replacement is applied as it stands (the rule data makes it fit the sentence).
REPLACEABLE = frozenset({"internal_language", "plain_language", "nominal_style", "negative_phrasing",
                         "passive", "sympathy", "standard_answer"})
# Sources of grammar findings precise enough to apply when they offer exactly one replacement.
SAFE_GRAMMAR_SOURCES = frozenset({"klarsvar", "languagetool"})
# Findings the re-check of a changed sentence ignores: about the whole reply, not the sentence.
_DOCUMENT_CATEGORIES = frozenset({"readability", "missing_acknowledgement", "personal_touch", "apologies"})
# A replacement with a placeholder needs the agent's knowledge; never insert it.
_PLACEHOLDER = re.compile(r"\u2026|\.\.\.|\[|\]|<|>|\{|\}")
# Letter phrases a chat reply must not get ("reply to this email", a "Med venlig hilsen" block).
_LETTER_PHRASES = re.compile(
    r"(?i)(?<!\w)(?:(?:this|that|the|my|our|an?)\s+e-?mail|(?:denne|den|min|vores|en)\s+(?:e-?)?mail|"
    r"med\s+venlig\s+hilsen|venlig\s+hilsen|kind\s+regards|best\s+regards|yours\s+sincerely)(?!\w)")
# A customer who says they hardly use e-mail or gives a number to ring: "Just reply to this email" in place of "Don't
# hesitate to contact us" sent an 80-year-old who gave her phone number back to the computer (both blind judges,
# sixty-seventh drafts: worse).
_PREFERS_PHONE = re.compile(
    r"(?i)(?<!\w)(?:(?:don['’]?t|do\s+not|never|rarely|hardly|can['’]?t)\s+(?:really\s+|much\s+)?(?:use|go\s+on|manage)\s+"
    r"(?:the\s+|a\s+)?(?:computer|email|e-mail|internet|emails)|(?:my\s+)?(?:tele)?phone(?:\s+number)?\s+(?:is|:)\s*\+?\d|"
    r"(?:call|ring|phone)\s+me\s+on|(?:please|pls|can\s+you|could\s+you|would\s+you)\s+(?:call|ring|phone)\s+me|"
    r"(?:bruger|har)\s+ikke\s+(?:\w+\s+)?(?:computer|mail|e-mail|internet|nettet)|"
    r"ikke\s+(?:så\s+)?(?:god|vant)\s+til\s+(?:computer|mail|e-mail|internet|nettet)|"
    r"mit\s+(?:tlf\.?|telefon(?:nummer)?|nummer)\s*(?:er|:)\s*\+?\d|ring\s+(?:gerne\s+|venligst\s+)?til\s+mig)")
_REPLY_BY_EMAIL = re.compile(r"(?i)reply\s+to\s+this\s+e-?mail|svar\s+(?:bare\s+)?på\s+denne\s+(?:e-?)?mail")
# A sentence that already asks the customer to answer ("Giv mig gerne besked, om det passer jer", "Let me know which suits").
_INVITES_A_REPLY = re.compile(r"(?i)(?<![^\W\d_])(?:giv\s+(?:mig|os)\s+(?:gerne\s+|lige\s+)?besked|skriv\s+(?:gerne\s+|bare\s+)?"
                              r"(?:tilbage\s+)?til\s+(?:mig|os)|svar\s+(?:gerne|bare)|let\s+(?:me|us)\s+know|just\s+reply|"
                              r"reply\s+to\s+(?:this|me|us)|get\s+back\s+to\s+(?:me|us)|drop\s+(?:me|us)\s+a\s+line)(?![^\W\d_])")
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_LETTER = re.compile(r"[^\W\d_]")
# Where a long sentence may be split: ", og", "; ", ", men", ", and", ", but". Not ", so" / ", så": it is as often
# "so that" ("…, so you have time to talk it over" → "So you have time …" reads as a fragment; fifth drafts).
_SPLIT_POINTS = {
    "da": re.compile(r"(?:,\s+(?:og|men)|;)\s+(?=[^\W\d_])", re.IGNORECASE),
    "en": re.compile(r"(?:,\s+(?:and|but)|;)\s+(?=[^\W\d_])", re.IGNORECASE),
}
# After the connector, these open a subordinate clause: "…, men at den ikke nåede med" is no sentence.
_SUBORDINATORS = frozenset({"at", "som", "hvis", "fordi", "da", "når", "der", "hvor", "hvad", "om", "selvom",
                            "that", "which", "who", "if", "because", "when", "where", "whether", "although",
                            "though", "while", "as", "then"})
# Words after the connector that start no sentence: a subordinate clause, or a phrase of the first part going on
# ("entitled to re-routing, and to assistance …" → "To assistance …"; fifth drafts, broken).
_NO_CLAUSE_START = _SUBORDINATORS | frozenset({
    "to", "for", "with", "in", "on", "at", "from", "by", "of", "into", "not", "also", "more", "less", "than", "or",
    "nor", "without", "within", "under", "over", "after", "before", "between", "during", "through", "including",
    "til", "med", "på", "af", "fra", "ved", "ikke", "også", "uden", "inden", "efter", "før", "mellem",
    "gennem", "inklusive", "eller", "end",
    # A contrast of two phrases ("skyldes ikke installationen, men derimod en kendt firmwarefejl": both blind judges, 70.
    # udkast: "Men derimod en …" had no verb).
    "derimod", "snarere", "tværtimod", "rather", "instead",
    # A verb: the second part shares the first part's subject ("the crack is in the plaster, and is addressed in
    # Section 7.3" → "Is addressed …"; twenty-fourth drafts, broken).
    "is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could", "should", "may", "might",
    "must", "does", "did", "needs", "takes", "seems", "means", "includes", "requires", "costs", "covers",
    # "…, but excludes the test fee" (both blind judges, thirtieth drafts: "But excludes …", broken).
    "excludes", "contains", "offers", "provides", "applies", "depends", "allows", "gives", "lasts", "remains",
    "udelukker", "indeholder", "tilbyder", "giver", "varer",
    "er", "var", "har", "havde", "vil", "kan", "skal", "må", "bliver", "blev", "får", "fik", "kræver", "koster",
    "betyder", "dækker", "gælder"})
# A sentence that opens with a phrase of cause or time before its main clause ("Due to …", "På grund af …").
_OPENING_PHRASE = re.compile(r"(?i)\s*(?:due\s+to|owing\s+to|because\s+of|as\s+a\s+result\s+of|following|given|despite|"
                             r"in\s+view\s+of|in\s+light\s+of|på\s+grund\s+af|som\s+følge\s+af|grundet|trods|på\s+trods\s+af|"
                             r"i\s+lyset\s+af)\b")
# A focusing word and a preposition after the connector ("…, and only on receipt of …", "…, og kun ved …"): a phrase.
_LIMITED_PHRASE = re.compile(r"(?i)(?:only|just|even|especially|particularly|kun|blot|især|navnlig|endda)\s+"
                             r"(?:on|upon|in|at|after|before|by|with|within|for|from|via|through|ved|efter|før|med|inden|"
                             r"fra|gennem|på|i)\b")
# "så" + a subject + its verb: a clause of purpose ("så du kan …"), not "så kan du …".
_SO_THAT_DA = re.compile(r"(?i)så\s+(?:du|vi|jeg|de|I|man|han|hun|den|det|der)\s+(?:\w+\s+)?(?:kan|skal|vil|må|får|har|er|bliver|kommer)\b")
# A Danish verb in the present or the past tense, in lower case ("forventer", "regner", "sendte"); a plural noun that ends
# so ("kunder") only keeps a sentence from being split.
_DA_FINITE_VERB = re.compile(r"[a-zæøå]{2,}(?:er|ede)")
# A past tense or participle after "and" goes on with the first part's subject: "… a form, which is obtainable from our
# website, and returned by post" split off "Returned by post …" (both blind judges, forty-first drafts: broken).
_SHARED_SUBJECT_PARTICIPLE = re.compile(
    r"(?:[a-z]+ed|sent|given|taken|made|paid|done|kept|held|found|left|brought|built|put|shown|told|known|seen|"
    r"sold|bought|dealt)(?![^\W_])")
# A Danish clause in subordinate word order, a sentence adverb between its subject and its verb: "…, idet de er oprettet
# efter cut-off, og ordren dermed automatisk opgraderes" goes on with the "idet"-clause, and split off "Ordren dermed
# automatisk opgraderes …" is no main clause (both blind judges, 45. udkast: broken).
_SUBORDINATE_ORDER_DA = re.compile(
    r"(?i)(?:(?:den|det|de|din|dit|dine|vores|jeres)\s+)?[^\W\d_]+\s+(?:dermed|derfor|således|også|ikke|aldrig|altid|kun|"
    # "Bemærk venligst, at der pt. er øget sagsbehandlingstid" → "Der lige nu er …" (both blind judges, 196. udkast: broken).
    r"allerede|desværre|stadig|dog|netop|først|automatisk|heller|endnu|muligvis|måske|formentlig|sikkert|gerne|pt\.|p\.t\.|nu|"
    r"fortsat|normalt|typisk|generelt|for\s+tiden|i\s+øjeblikket|på\s+nuværende\s+tidspunkt)(?![^\W\d_])|"
    # A pronoun subject and a phrase before its verb: "…, og vi af hensyn til sikkerheden ikke kan udleje …" (both blind
    # judges, 47. udkast: split off as "Vi af hensyn til sikkerheden ikke kan …").
    r"(?:vi|jeg|du|de|den|det|man|han|hun|der)\s+(?:af|på|i|til|med|for|efter|uden|under|over|ved|hos|fra|inden|"
    r"indtil|grundet|pga\.)\s")
# A sentence adverb, then a verb of the first part's subject with no subject of its own: "…, og således skal afleveres
# på genbrugsstationen" → "Altså skal afleveres …" (both blind judges, 29. udkast: broken); "…, and therefore is …".
# "…, og derfor skal du …" has its subject after the verb and splits.
_SHARED_SUBJECT_AFTER_ADVERB = re.compile(
    r"(?i)(?:således|derfor|dermed|altså|også|derefter|herefter|desuden|endvidere|dog|heller\s+ikke|therefore|thus|"
    r"then|also|hence|so|accordingly)\s+(?:er|var|har|havde|vil|kan|skal|må|bliver|blev|får|fik|kræver|is|are|was|were|"
    r"has|have|had|will|would|can|could|should|may|might|must|needs|requires)\s+"
    r"(?!(?:du|vi|jeg|den|det|de|han|hun|man|der|I|De|kunden|pakken|varen|beløbet|pengene|affaldet)\b)")


# A price list whose second half leaves its verb out: "Prisen … udgør kr. 1.150,-, og små træer (100-125 cm) kr. 175,-"
# split off "Små træer (100-125 cm) kr. 175,-" as a sentence without a verb (both blind judges, 55. udkast: broken).
_GAPPED_AMOUNT = re.compile(r"(?i)(?:[^\W\d_][\w-]*\s+){1,4}(?:\([^()\n]{0,40}\)\s+)?(?:kr\.?|dkk|eur|€|£|\$|usd|gbp)\s*\d[\d.,]*"
                            r"(?:,-)?(?:\s+(?:ekskl|inkl|excl|incl|ex|pr|per|each|stk)\.?(?:\s+(?:moms|vat|stk|piece|item)\.?)?)*\s*(?:[.;!?](?=\s|$)|$)")


def _lists_after_a_colon(before: str) -> bool:
    """Whether the text before a connector holds a colon outside brackets with a comma-separated item after it: a
    list the colon opened ("… the following documentation: a copy of …, proof that …"), not "(section 7: Weather
    Conditions), adverse weather …". Brackets of its own inside the list ("a completed Form IB2 (Notice of Interment),
    the Certificate for Burial (green form) …") do not end it (both blind judges, sixty-fifth drafts: broken)."""
    colon = before.rfind(":")
    after = before[colon + 1:]
    if colon < 0 or before[:colon].count("(") != before[:colon].count(")") or after.count(")") > after.count("("):
        return False
    return "," in before[colon:]


# Words that open a list of noun phrases ("all transfers are subject to vehicle and crew availability, receipt of …, and
# confirmation from the receiving facility that …": split at the last ", and" the last condition read as a fragment; both
# blind judges, 270th drafts: broken).
_LIST_OPENER = re.compile(r"(?i)(?<![^\W\d_])(?:subject\s+to|including|such\s+as|consisting\s+of|namely|as\s+follows|"
                          r"med\s+forbehold\s+for|herunder|såsom|bl\.\s*a\.)(?![^\W\d_])")


# What follows a list's last ", and" when it is an item, not a clause: no capital (a name as the subject: "…, and Cut & Lined
# Boat Painting cannot accept …") and no verb before a clause of its own or the next comma ("confirmation from the receiving
# facility that a bed has been allocated" is an item; "any call-out … will be chargeable" is a clause).
_ITEM_WITHOUT_A_VERB = re.compile(
    r"\s*(?-i:[^\WA-ZÆØÅ])(?:(?!(?<![^\W\d_])(?:is|are|was|were|will|would|can|cannot|could|may|might|must|shall|should|has|"
    r"have|had|does|do|did|er|var|vil|kan|skal|må|har|havde|bliver|blev)(?![^\W\d_]))(?!(?<![^\W\d_])(?:that|which|who|"
    r"whose|where|som|der|hvor)(?![^\W\d_]))[^,;.!?\n])*(?:(?<![^\W\d_])(?:that|which|who|whose|where|som|der|hvor)"
    r"(?![^\W\d_])|[,;.!?\n]|$)", re.IGNORECASE)


def _lists_after_an_opener(before: str) -> bool:
    """Whether the text before a connector holds a list opener (`_LIST_OPENER`) with a comma-separated item after it."""
    found = None
    for found in _LIST_OPENER.finditer(before):
        pass
    return found is not None and "," in before[found.end():]


def _ends_a_list(before: str) -> bool:
    """Whether the text before a ", and" ends in the items of a list: two short comma-separated items or more
    ("… the knowledge test fee, checkride fee, headset, and any …" split into "Any additional hours …"; both blind
    judges, thirtieth drafts: broken)."""
    items = before.split(",")
    return len(items) >= 3 and all(0 < len(_WORD.findall(item)) <= 3 for item in items[-2:])


# A noun phrase's first word (an item of a list), as the part after ", and" and the part before it start; a number
# may open it ("a 38% uplift in the buildings insurance premium, and the new lift maintenance contract …, which …":
# both blind judges, 115th drafts: the last item split off as a fragment).
_NOUN_PHRASE_START = re.compile(r"(?i)\s*(?:a|an|the|your|our|any|all|some|his|her|their|its|one|two|three|en|et|den|det|"
                                r"de|din|dit|dine|vores|jeres|hans|hendes|deres|alle|nogle)\s+(?!(?:is|are|was|were|will|"
                                r"can|has|have|er|var|vil|kan|har)\b)[^\W_]")
# The last item of such a list: a noun phrase with no finite verb up to a relative clause of its own ("the
# completed Bereavement Settlement Form (BSF-3), which can be downloaded …"); "the Council may rely on …" is a clause.
_LIST_ITEM_AFTER_AND = re.compile(
    r"(?i)\s*(?:a|an|the|your|our|any|all|some|his|her|their|its|en|et|den|det|de|din|dit|dine|vores|jeres|alle|nogle)\s+"
    r"(?:(?!(?<![^\W\d_])(?:is|are|was|were|will|would|can|could|may|might|must|shall|should|has|have|had|does|do|did|"
    r"er|var|vil|kan|har|havde|skal|må|bliver|blev)(?![^\W\d_]))[^,.;!?])*"
    r",\s*(?:which|that|who|available|downloadable|som|der)(?![^\W\d_])")
# The last item of a list that runs to the sentence's end: a noun phrase with no finite verb (no auxiliary, no common
# past tense, no word in "-ed") after ", and".
_LAST_ITEM_TO_THE_END = re.compile(
    r"(?i)\s*(?:a|an|the|your|our|any|all|some|his|her|their|its|en|et|den|det|de|din|dit|dine|vores|jeres|alle|nogle)\s+"
    r"(?:(?!(?<![^\W\d_])(?:is|are|was|were|will|would|can|could|(?-i:may)|might|must|shall|should|has|have|had|does|do|did|"
    r"went|came|took|sent|said|made|got|gave|left|told|kept|found|applies|means|remains|includes|covers|takes|needs|goes|comes|"
    r"makes|gets|shows|runs|works|depends|starts|ends|costs|requires|contains|seems|arrives|leaves|happens|says|er|var|vil|kan|har|havde|skal|må|bliver|blev|"
    r"kom|tog|sendte|sagde|gik|fik|gav)(?![^\W\d_]))(?![^\W\d_]+ed(?![^\W\d_]))[^,;:!?\n])*[.!?]?\s*$")
# The same with a bare plural for its head ("photographs of the damage, two … quotations …, and receipts for any other items
# being claimed for."; both blind judges, 266th drafts: "Receipts for …" split off as a fragment): a participle after
# "being" is no verb of its own.
_BARE_PLURAL_TO_THE_END = re.compile(
    r"(?i)\s*[^\W\d_]{3,}s\s+(?:for|of|from|showing|with|covering)\s"
    r"(?:(?!(?<![^\W\d_])(?:is|are|was|were|will|would|can|could|might|must|shall|should|has|have|had|does|do|did)"
    r"(?![^\W\d_]))(?<!being\s)(?![^\W\d_]+ed(?![^\W\d_]))[^,;:!?\n]|being\s+[^\W\d_]+ed(?![^\W\d_]))*[.!?]?\s*$")
# A subordinate clause joined on with a connector ("og da …", "and because …"): its main clause comes later.
_JOINED_SUBORDINATE = re.compile(r"(?i)\s*(?:og|men|and|but)\s+(?:da|fordi|hvis|når|selvom|eftersom|idet|mens|because|if|"
                                 r"when|since|as|although|while|unless)\s")
# A clause of condition or time before the connector ("…, når der er indgået en aftale, og flyttemeldingen er behandlet …",
# "…, såfremt dødsfaldet er indtruffet …, og afbestillingen er foretaget …"): the part after the connector is its second
# condition, and split off it read as a fact (both blind judges, 128. udkast: broken).
_CONDITION_CLAUSE = re.compile(r"(?i)\s*(?:(?:og|men|and|but)\s+)?(?:når|hvis|såfremt|medmindre|indtil|forudsat\s+at|"
                               r"så\s+længe|if|when|once|unless|until|provided(?:\s+that)?|as\s+long\s+as)\s")
# The first half of a pair the connector completes: "mellem den indkomst, der …, og den endelige indkomst", "between …
# and …", "både … og …" (both blind judges, 128. udkast: the second half split off as a fragment).
_PAIR_OPENED = re.compile(r"(?i)(?<![^\W\d_])(?:mellem|både|between|both)(?![^\W\d_])(?![^\n]*\s(?:og|and)\s)")
# Conjunctions that are dropped when a split turns them into a sentence start ("…, og vi" → "… Vi").
_DROPPED_CONJUNCTIONS = frozenset({"og", "and"})
MIN_SPLIT_WORDS = 6
# The readability guard: a rewrite may not make a reply with a readability verdict harder to read than it
# was, unless it stays within the easy band (readability.lix_band / flesch_band; a test keeps them equal):
# an acknowledgement in place of "Sorry to hear that." adds words, not difficulty.
EASY_LIX = 34.99
EASY_FLESCH = 70.0
# Words an e-mail presumed easy may gain by the estimate before it is measured (the estimate counts what the readability
# stage may not, and the other way round).
SHORT_MARGIN = 3
# Room an estimated measure must leave before the rewrite skips measuring it exactly.
LIX_MARGIN = 1.5
FLESCH_MARGIN = 4.0
# What the guard lets pass as noise: Flesch counts syllables per word, so taking out a short filler ("Please note
# that") or putting in one plain word lowers it by a point while no sentence got harder (blind judges of the third
# drafts: hard replies came back unchanged, every swap refused by a point). The room is a cell of a fixed grid
# laid on the bands (LIX 45, 47, 49 …; Flesch 30, 34, 38 …), not a distance from the reply's own value: a rewrite
# stays in its reply's cell, so the rewrite of the rewrite has the same bound and changes nothing (a distance
# drifted: 47.0 allowed 48.0, and the rewrite's own 47.1 then allowed 48.1; fourth drafts).
LIX_CELL = 2.0
FLESCH_CELL = 4.0
# How a stock apology's clause may go on and still say nothing ("… you've experienced", "… this may have
# caused you", "… det har medført"); any other continuation names the situation.
_STOCK_TAIL = re.compile(
    r"(?i)\s*(?:(?:that\s+)?you(?:'ve|\s+have|\s+may\s+have)\s+(?:experienced|had|faced|been\s+caused|encountered)|"
    r"(?:this|that|it)\s+(?:may\s+have\s+|might\s+have\s+|has\s+|have\s+)?caused(?:\s+you)?|caused(?:\s+you)?|"
    r"(?:som\s+)?(?:det|dette|den)\s+(?:har|måtte\s+have|kan\s+have)\s+(?:medført|forårsaget|givet(?:\s+dig)?)|"
    r"du\s+har\s+oplevet)"
    r"(?:\s+(?:with|in|during|on|by|med|i|ved|på)\s+(?:your|the|this|our|din|dit|dine|den|det|vores)\s+[^\W\d_]+)?\s*$")
# Clause ends inside a sentence: punctuation, or a coordinating "and"/"og" that starts a new main clause.
_CLAUSE_END = re.compile(r"[,;:.!?—–]|\s(?:and|but|og|men)\s", re.IGNORECASE)
# "Der er bedt vores udviklere om …": a Danish impersonal passive with a participle the rewrite must not leave.
_DANGLING_DER = re.compile(r"(?i)(?<![^\W_])der\s+(?:er|bliver|blev)\s+[^\W\d_]+(?:et|t)\b(?!\s+(?:en|et|to|tre|mange|nogen|ingen)\b)")
# Faults no stage reports that an edit must not bring in: a doubled word ("Please please"), a Danish
# impersonal passive left dangling ("Der er bedt vores udviklere om …").
_NEW_FAULTS = {
    "da": (re.compile(r"(?i)(?<![^\W_])([^\W\d_]+)\s+\1(?![^\W_])"), _DANGLING_DER),
    "en": (re.compile(r"(?i)(?<![^\W_])([^\W\d_]+)\s+\1(?![^\W_])"),),
}
# What `_NEW_FAULTS` finds in a changed unit, by language and the unit's old and new text: a draft checked again
# after one word changed has the same sentences changed by the same edits, and the doubled-word pattern is slow.
# Cleared by `pipeline.clear_caches`.
NEW_FAULTS = TextCache(max_entries=4096, max_chars=400_000)
_GREETING = re.compile(
    r"^(?P<word>hej|hejsa|hi|hello|hey|dear|kære|goddag|god morgen|good morning|good afternoon)"
    r"(?P<generic>\s+(?:" + GENERIC_ADDRESS + r"))?"
    r"(?=\s*[,!.:]?\s*$)",
    re.IGNORECASE)
_APOLOGY = {"en": re.compile(r"(?i)(?<!\w)(?:sorry|apologi[sz]e\w*|apologies)(?!\w)"),
            "da": re.compile(r"(?i)(?<!\w)(?:beklager|undskyld\w*|kede?\s+af)(?!\w)")}
# Apology words with the English "sorry" of a Danish chat ("Sorry for besværet."): a stock one beside a condolence (a blind
# judge, 225. udkast: kept beside "Jeg er ked af at høre om dit tab" it called a dead pet a bother), and the apology already
# said when deciding whether an owned one must stay.
_APOLOGY_WITH_SORRY = {"en": _APOLOGY["en"],
                       "da": re.compile(r"(?i)(?<!\w)(?:beklager|undskyld\w*|kede?\s+af|sorry)(?!\w)")}
# Wording a swap turns into an apology ("We regret to inform you that" → "I'm sorry, but", "Det beklages" → "Vi
# beklager"): counted as one already, so a rewrite keeps or drops a stock apology beside it as its own rewrite would
# (a letter that kept "We apologise for any inconvenience caused" lost it on the second rewrite; seventy-second drafts).
_APOLOGY_TO_BE = {"en": re.compile(r"(?i)(?<!\w)(?:we|i)\s+regret\s+to\s+(?:inform|advise|tell)(?!\w)"),
                  "da": re.compile(r"(?i)(?<!\w)det\s+beklages(?!\w)")}
# A contrast that answers the negative phrase before it ("…, men jeg har sendt …", "…, but I have …").
_CONTRAST_AFTER = re.compile(r"(?i)[^.!?\n]{0,40}?,?\s*(?:men|but|however|dog)\b")
_GREETING_START = re.compile(r"(?i)\s*(?:hej|hejsa|hi|hello|hey|dear|kære|goddag|good\s+(?:morning|afternoon|evening)|"
                             r"god\s+(?:morgen|dag|eftermiddag|aften))(?![^\W\d_])")
# Negations: a plainer word for the same thing that drops one turns the sentence's meaning round (negative
# phrasing, stock phrases and sympathy are rewritten whole on purpose: "do not hesitate" → "just reply").
_NEGATION = re.compile(r"(?i)(?<![^\W\d_])(?:no|not|never|none|nothing|cannot|can't|won't|don't|doesn't|didn't|"
                       r"isn't|aren't|wasn't|n't|ikke|aldrig|ingen|intet|ingenting)(?![^\W\d_])")
_MEANING_KEEPING = frozenset({"internal_language", "plain_language", "nominal_style", "passive"})
# Rules whose edits change how the reply meets the customer's feeling.
_FEELING_RULE = re.compile(r"\.(?:sympathy|apologies|standard_answer|empathy)\.")
# The reply's first words ask for the customer's story ("Tell us what happened", "Let us know more about …").
_ASKS_FOR_THE_STORY = re.compile(r"(?i)\s*(?:please\s+)?(?:tell|let)\s+(?:us|me)\s+(?:know\s+)?(?:what\s+(?:happened|'?s\s+going\s+on|"
                                 r"is\s+going\s+on|went\s+wrong)|more\b)|(?:fortæl|skriv)\s+(?:os|mig)\s+(?:gerne\s+)?(?:hvad\s+der\s+(?:skete|er\s+sket)|mere)")
# "We'll get back to you shortly." / "Vi vender tilbage snarest.": a stock line, but the reply's only promise of a next
# step; taking it out leaves the customer with none (two blind judges: broken / worse). It stays, with its finding.
# A reply's opening thanks for writing ("Thank you for your email.", "Tak for din henvendelse.").
_OPENING_THANKS = re.compile(r"(?i)\s*(?:many\s+|mange\s+|tusind\s+)?(?:thank\s+you|thanks|tak)\s+for(?![^\W_])")
_PROMISES_FOLLOW_UP = re.compile(
    r"(?i)(?<![^\W\d_])(?:(?:we|i)(?:['’]ll|\s+will|\s+shall)\s+(?:get\s+back|come\s+back|respond|reply|be\s+in\s+touch|"
    r"contact\s+you|call\s+you|update\s+you|follow\s+up|look\s+into)|"
    r"(?:vi|jeg)\s+(?:vender|kommer)\s+tilbage|(?:vi|jeg)\s+(?:kontakter|ringer\s+til|skriver\s+til|svarer)\s+(?:dig|jer))")
# The reply's first words answer a question ("We shouldn't — …", "Yes, …", "Nope!", "You're right …", "Ja, …").
_DIRECT_ANSWER = re.compile(r"(?i)\s*(?:yes|yeah|yep|no|nope|absolutely|definitely|of\s+course|you['’]re\s+right|you\s+are\s+right|"
                            r"no\s+(?:problem|worries|bother)|sure(?:\s+thing)?|done|sorted|ingen\s+problem|intet\s+problem|klart|klaret|"
                            r"we\s+(?:should(?:n['’]t)?|do(?:n['’]t)?|did(?:n['’]t)?|are(?:n['’]t)?)|ja|nej|selvfølgelig|du\s+har\s+ret)"
                            r"\s*[—–,.!-]")
# A chat reply this long or longer may get a sentence naming a calm customer's situation (a one-liner is answer enough).
CHAT_SITUATION_WORDS = 5
# A chat reply shorter than this (in words outside links, handles and signatures) gets no generic feeling line.
CHAT_GENERIC_WORDS = 30
# Below this many words a reply may cross the length at which the empathy stage asks for an acknowledgement.
SHORT_REPLY_WORDS = 40
# Lead-in phrases a rule may delete ("due to our policy", "as per our terms", "i henhold til").
_DELETED_LEAD_IN = re.compile(r"(?i)(?:due\s+to|as\s+per|per|in\s+accordance\s+with|pursuant\s+to|according\s+to|"
                              r"i\s+henhold\s+til|jf\.?|ifølge|grundet|på\s+grund\s+af)(?![^\W\d_])")
# Words that open a subordinate clause at the start of a replacement.
_CLAUSE_OPENER = re.compile(r"(?i)\s*(?:so|because|when|if|once|since|så|fordi|når|hvis|da)\s")
# Words after which a request may begin ("… and please …", "… så venligst …").
_CLAUSE_JOINERS = frozenset({"and", "so", "then", "but", "og", "så", "men", "derefter"})
# How the rewrite's own acknowledgements (and most written ones) begin.
# In a team's voice too ("Vi kan godt forstå …", "We're so sorry for your loss": `acknowledgement.in_reply_voice`).
_ACKNOWLEDGEMENT_START = re.compile(r"(?i)\s*(?:(?:jeg|vi)\s+(?:kan\s+(?:godt\s+)?forstå|forstår\s+godt)|(?:i|we)\s+(?:can\s+see|understand)|"
                                    r"tak\s+for\s+de|tusind\s+tak\s+for\s+de|thank\s+you\s+(?:so\s+much\s+)?for\s+(?:the|your)\s+kind|"
                                    r"(?:jeg|vi)\s+er\s+kede?\s+af\s+at\s+høre\s+om\s+(?:dit|deres|jeres)\s+tab|(?:i'm|we're)\s+so\s+sorry\s+for\s+your\s+loss|"
                                    r"that\s+must\s+be\s+a\s+really\s+hard\s+time|det\s+må\s+være\s+en\s+rigtig\s+svær\s+tid|"
                                    r"that\s+must\s+be\s+(?:really\s+|so\s+)?(?:frustrating|worrying)|"
                                    r"that's\s+not\s+what\s+you\s+expected|that\s+must\s+have\s+been\s+really\s+frightening|"
                                    r"det\s+må\s+have\s+været\s+virkelig\s+ubehageligt|(?:i|we)\s+can\s+imagine\s+how|"
                                    r"(?:i'm|we're)\s+sorry\s+to\s+hear\s+what\s+you've\s+been|(?:jeg|vi)\s+er\s+kede?\s+af\s+at\s+høre,\s+hvad\s+(?:du|de|i)\s|"
                                    r"det\s+(?:lyder\s+virkelig|må\s+være)\s+(?:frustrerende|rigtig\s+frustrerende|en\s+skuffelse|bekymrende))")
# An interjection that opens the reply in the agent's own voice ("Hm, …", "Oh, …", "Whoa!", "Øh, …", "😱 …").
_INTERJECTION_START = re.compile(r"(?i)\s*(?:(?:h+m+|oh|ah+|uh|oops|whoa|wow|yikes|ugh|aw+|øh|åh|ups|hov)(?![^\W\d_])|"
                                 r"[\U0001F300-\U0001FAFF\u2600-\u27BF])")
# The reply's own first words say back what it sees or understands ("I can see that …"). In Danish "Det må være rigtig
# frustrerende. Jeg kan se at booking 77315 er betalt 2 gange …" reads as two different sentences, and stays.
_REFLECTION_START = re.compile(r"(?i)\s*(?:i\s+can\s+see\s+(?:that|why|how)|i\s+understand|i\s+see\s+that|we\s+can\s+see\s+(?:that|why)|"
                               r"we\s+understand)(?![^\W\d_])")
# A formal reply whose understanding already speaks in "De" ("Jeg kan godt forstå, at De er utilfreds …"; the formal
# rewrite of a reply that could not be turned to "du" throughout) keeps "De": turned to "du" on a second rewrite, the
# rewrite was no fixed point (33. udkast).
_UNDERSTANDS_IN_DE = re.compile(r"(?:forstå\w*|forstår)(?:\s+(?:godt|sagtens))?\s*,?\s*at\s+(?:De|det\s+[^.!?\n]{0,40}\bDem)\b|"
                                r"kede?\s+af\s+at\s+høre(?:,\s+hvad\s+De\b|\s+om\s+Deres\b)")
# The reply agrees with the complaint ("Du har fuldstændig ret: Det må ikke ske, og slet ikke to gange"): that is its own
# acknowledgement (a feeling line put before it played down a coeliac customer's second wrong delivery; both blind judges,
# 219. udkast: worse), and the customer it agrees with was let down, so the reply's only apology stays beside it
# (`_only_apology_to_the_let_down`). "Du har ret til at fortryde" is no agreement.
_AGREEING = (r"(?:you(?:'re|’re|\s+are)|you\s+were)\s+(?:absolutely\s+|completely\s+|quite\s+|totally\s+|entirely\s+)?right"
             r"(?!\s+to\b)|du\s+har\s+(?:helt\s+|fuldstændig\s+|absolut\s+|jo\s+)?ret(?!\s+til\b)")
# Words that say the agent understands ("I understand", "I can see why", "Jeg forstår godt").
# A condolence or sympathy for what the customer went through is understanding too: beside it a stock apology kept for
# a customer the company let down must stay as it is when the rewrite is rewritten (or a second condolence took its place).
# "I can see the £36 … has been passed to Finance" reads a record, it understands nothing (thirty-sixth drafts: the
# reply's only apology went beside it): "can see" understands only with why / how / that it … / what.
_UNDERSTANDS = re.compile(r"(?i)(?<!\w)(?:understand\w*|can\s+imagine|can\s+(?:totally\s+|easily\s+|really\s+)?see\s+"
                          r"(?:why|how|what|that\s+(?:this|it|you)|you(?:'re|\s+are|'ve|\s+have))|forstå\w*|forestille|"
                          r"sorry\s+for\s+your\s+loss|condolences|sympathies|kondolence\w*|kondolerer|"
                          r"sorry\s+to\s+hear\s+what\s+you've|kede?\s+af\s+at\s+høre(?:,\s+hvad|\s+om\s+(?:dit|deres|jeres)\s+tab)|"
                          r"(?:svær|hard)\s+tid|hard\s+time|" + _AGREEING + r")(?!\w)")
_AGREES = re.compile(r"(?i)(?<!\w)(?:" + _AGREEING + r")(?!\w)")
# Words of a stock apology's object: an apology made only of these names nothing ("sorry for the trouble").
_GENERIC_APOLOGY_WORDS = frozenset("""
det dette den at høre for af om over meget virkelig rigtig igen endnu gang eventuelle eventuel ulejligheden ulejlighed
besværet besvær gener generne ventetiden ventetid forsinkelsen forvirringen situationen oplevelsen det her hvis har
haft givet skabt forårsaget sig the that this it to hear about for any all so very much really truly again once
inconvenience inconveniences trouble troubles hassle delay wait confusion frustration experience issue issues problem
problems caused this has may have been you've you your situation disruption and
måtte medført medføre kunne du dig oplevet evt eventuelt
""".split())
# A reply that already answers kind words: thanks, "you're welcome", "glad", "selv tak", "dejligt".
# Also a thanks for the feedback itself ("Tak for din feedback, som vi har noteret"): "Tak for de søde ord." before it
# thanked twice in a row (both blind judges, eleventh drafts).
_THANKED = re.compile(r"(?i)(?<!\w)(?:thanks?(?:\s+you)?(?:\s+so\s+much)?\s+for\s+(?:the|your)\s+(?:kind|lovely|nice|"
                      r"feedback|review|comments?|compliments?)|"
                      r"tak\s+for\s+de\s+\w+\s+ord|tak\s+for\s+(?:din|jeres)\s+(?:feedback|ros|tilbagemelding|anmeldelse|"
                      r"kommentar)|selv\s+tak|welcome|glad|(?:happy|pleased|thrilled|delighted)\s+to\s+hear|great\s+to\s+hear|"
                      r"love\s+to\s+hear|dejligt|så\s+lidt|velbekomme)(?!\w)")
# "1/2", "2/2 ^AB", "(3/3)": the reply is one message of a thread.
_THREAD_MARKER = re.compile(r"(?<![\d/.,:-])[1-9]\s?/\s?[1-9](?![\d/.,:-])")
# Rounds of re-checking before the rewrite settles (each refuses at least one edit).
MAX_ROUNDS = 5
# Passes over the rewritten text for what the first pass revealed (an overlap's loser, a phrase formed anew).
MAX_PASSES = 3
# A rewrite made only of a word or two of plain-language swaps or a dropped stock opener ("reach out to" →
# "contact", "Thanks for reaching out." gone) reads the same as the reply (every blind judgement called
# these "same"): the findings' own cards offer those edits, and the one-click rewrite of the whole reply is
# offered only when it does more. Which edit kinds count as minor, per category; set MINOR_CHANGES to 0 to
# offer every rewrite. Internal language stays offered: jargon made plain is more than a word swap (and the
# customer may not know the word at all).
MINOR_CHANGES = 2
# A long sentence split in two is minor too: alone in an already warm reply it changed nothing a judge could see
# (sixth drafts: "same" with both judges, twice).
MINOR_EDITS = {"plain_language": ("phrase",), "nominal_style": ("phrase",), "standard_answer": ("remove",),
               "rewrite": ("split",)}
# Nor is a reply's rewrite, however many swaps it makes, where the customer's message is known and no edit changes how
# the reply meets them: an acknowledgement, their name in the greeting, stock sympathy or an apology rewritten, a typo
# or grammar fixed. Blind judges called swaps alone (plain words, jargon made plain, a stock closing, a split, a
# passive or a refusal turned round) "same" in 142 of 164 verdicts over the 122nd to 134th drafts (18 better, 4
# worse), and those with such an edit better in 217 of 326; each swap stays on its finding's card. Without the
# message the rewrite cannot meet the customer, plain wording is all it has, and no judgement has measured it: there
# only the minor swaps above are held back.
CUSTOMER_FACING_KINDS = ("acknowledge", "greeting")
CUSTOMER_FACING_CATEGORIES = frozenset({"sympathy", "apologies", "spelling", "grammar"})
SKIPPED_MINOR = "minor_changes"

REASONS = {
    "no_replacement": "no safe replacement",
    "judgement": "needs the agent's judgement",
    "protected": "would change a name, number, link or quoted text",
    "worse": "the replacement would not fit this sentence",
    "harder": "the replacement would make the reply harder to read",
    "chat": "the replacement is letter wording, not for a chat",
    "specific_apology": "a specific apology is kept: it is empathy",
}


@dataclass(frozen=True)
class Edit:
    """Replace `text[start:end]` with `replacement`; `priority` decides between overlapping edits."""

    start: int
    end: int
    replacement: str
    rule: str
    priority: int = 0
    fallback: str | None = None  # a plainer replacement to try before giving the edit up
    fixes: tuple[str, ...] = ()  # ids of the findings the edit fixes
    kind: str = "phrase"  # phrase | clause | acknowledge | remove | greeting | split


def rewrite(doc, findings, empathy_summary: dict | None = None, *, readability_summary: dict | None = None,
            recheck=None, deadline: float | None = None) -> dict:
    """Return `{'text', 'changes', 'remaining'}` for `doc` from its findings and empathy summary.

    A rewrite that would only make minor swaps (`MINOR_EDITS`) comes back unchanged with `'skipped':
    'minor_changes'`; the pipeline then offers none (`rewrite_skipped`).

    `recheck(document, stages=…) -> StageResults` is the pipeline's stage run over a document of changed
    sentences; without it the edits are applied unchecked (unit tests of the edit mechanics). The pipeline's
    `deadline` reaches the rewrite through `recheck`, which drops the grammar engine near it.

    Passes run until the text is a fixed point: the sentences a pass changed are checked again for what
    its edits revealed (an overlap's loser, a phrase seen whole), and the rewritten reply's acknowledgement
    is asked of the empathy stage, so rewriting the rewrite changes nothing."""
    result = _rewrite(doc, findings, empathy_summary, readability_summary, recheck)
    if doc.language == "da" and addresses_formally(doc.text) and mixes_address(result["text"]):
        # A letter in "De" comes back in one address or unchanged: a "De" no rule turned ("Såfremt De har …" kept
        # beside "din sag") mixed the address after a later pass or the rewrite of the rewrite (35. udkast: broken).
        guard = _Guard.for_reply(readability_summary, doc.language, doc.channel)
        result = _passes(doc, _kept_in_de(findings), empathy_summary, guard, recheck, keep_de=True)[0]
        if mixes_address(result["text"]):
            return {"text": doc.text, "changes": [], "remaining": _remaining(findings, [], [], {})}
    return result


def _rewrite(doc, findings, empathy_summary, readability_summary, recheck) -> dict:
    """`rewrite` before its last check that a letter in "De" comes back in one address."""
    guard = _Guard.for_reply(readability_summary, doc.language, doc.channel)
    keep_de = False
    result, gave_up, made = _passes(doc, findings, empathy_summary, guard, recheck)
    # A customer who writes "De" herself ("jeg håber De vil skrive det ligetil") is answered in "De" (both blind judges,
    # 38. udkast: "dit spørgsmål" to her was broken).
    if doc.language == "da" and addresses_formally(doc.text) and (mixes_address(made) or _GREETS_SEVERAL.match(doc.text)
                                                                  or _UNDERSTANDS_IN_DE.search(doc.text)
                                                                  or addresses_formally(doc.customer_message or "")
                                                                  or keeps_formal_address(doc)):
        # A formal reply the rewrite could turn to "du" only in part ("Tak for din besked … overgår hæftelsen til
        # Dem") keeps "De" throughout: the swaps to "du" stay on their cards.
        # A plainer word for a phrase in "De" keeps it ("Deres anmodning" → "Deres ønske", not "dit ønske";
        # fourteenth drafts, broken with both judges).
        # So does a letter to two people ("Kære Mette og Jens"): "Deres" is their plural, and "din" to both of them
        # was wrong (eighteenth drafts, broken with a blind judge).
        # And a swap that brings "du" of its own ("betalingen er foretaget" → "du har betalt") says "De" too (both blind
        # judges, 38. udkast: "du" in a letter that says "De" was broken).
        findings, keep_de = _kept_in_de(findings), True
        result, gave_up, _made = _passes(doc, findings, empathy_summary, guard, recheck, keep_de=True)
    if gave_up and recheck is not None:
        # A rewrite too short for a readability verdict makes no readability claim, and its own rewrite has no
        # guard: an edit a middle pass gave up for readability would come back then. Where the rewrite ends
        # without a verdict, the unguarded rewrite is the fixed point (rare: the guard gave something up).
        unguarded, _, _made = _passes(doc, findings, empathy_summary, _Guard(), recheck, keep_de=keep_de)
        if unguarded["text"] != result["text"]:
            measured = recheck(doc.with_text(unguarded["text"]), stages=("readability",)).readability
            if not _Guard.verdict(measured):
                return unguarded
            # Nor where the unguarded rewrite reads no harder than the guarded one: the guard gave an edit up on the
            # counts' estimate, and the rewrite of the rewrite, held to the guarded rewrite's own readability, made it
            # (thirty-fifth drafts: "please do not hesitate to contact us" was swapped only the second time).
            guarded = recheck(doc.with_text(result["text"]), stages=("readability",)).readability
            if _Guard.verdict(guarded) and _Guard.of(guarded).holds(measured):
                return unguarded
        return _settled(doc, result, recheck)
    if recheck is not None and result.get("changes") and not result.get("skipped") and (
            (any(f.category == "missing_acknowledgement" for f in findings)
             and not any(c["rule"].endswith(".rewrite.acknowledge") for c in result["changes"]))
            or any(_opens_a_sentence(c) for c in result["changes"])):
        # An acknowledgement asked for and not given can be given to the rewrite: its swaps can carry a chat reply
        # over the length at which a generic line goes in ("pga" → "på grund af"; 125. udkast, not idempotent). And one
        # put after a greeting that ran on makes the words after it a sentence start, where a rule of openings applies
        # ("Hi, per our policy payment is …" → "Hi, I can see why this has upset you. Per our policy payment …", whose
        # "Per our policy" went only on the second rewrite; 128th drafts). The rewrite is carried on to its fixed point.
        return _settled(doc, result, recheck)
    return result


SETTLE_ROUNDS = 3


def _opens_a_sentence(change: dict) -> bool:
    """Whether an acknowledgement change turned a word that went on after the greeting into a sentence's start."""
    return change["rule"].endswith(".rewrite.acknowledge") and change["text"][-1:].islower() \
        and change["replacement"][-1:].isupper()


def _kept_in_de(findings) -> list:
    """The findings of a reply that keeps "De": no swap to "du", and a plainer word says "De" too."""
    return [replace(f, replacements=()) if f.rule in FORMAL_ADDRESS_RULES
            else replace(f, replacements=tuple(formal_address(r) for r in f.replacements))
            if f.replacements and (_FORMAL_IN_SPAN.search(f.text or "") or any(says_du(r) for r in f.replacements))
            else f for f in findings]


def _settled(doc, result: dict, recheck) -> dict:
    """The rewrite carried on to its fixed point where the guard gave an edit up.

    The rewrite of a rewrite is held to the rewritten reply's own readability, which its acknowledgement made a little
    harder: a swap the first rewrite gave up then fits ("escalated to our Tier 2 team" swapped only the second time;
    found by the generated drafts). So the rewrite is asked of its own result, as the agent's next check would, and
    what that changes is folded into the changes on the original (rare: only where the guard gave something up)."""
    for _round in range(SETTLE_ROUNDS):
        if result.get("skipped") or not result.get("changes"):
            return result
        again = doc.with_text(result["text"])
        stages = recheck(again, stages=("readability", "rules", "empathy", "grammar"))
        guard = _Guard.for_reply(stages.readability, again.language, again.channel)
        # A letter the rewrite kept in "De" stays in it.
        keep_de = again.language == "da" and addresses_formally(again.text)
        found = _kept_in_de(stages.findings) if keep_de else stages.findings
        more, _gave_up, _made = _passes(again, found, stages.empathy, guard, recheck, keep_de=keep_de,
                                        offer_swaps=True)
        if more.get("skipped") or more["text"] == result["text"] or not more["changes"]:
            return result
        edits = [Edit(c["start"], c["end"], c["replacement"], c["rule"]) for c in more["changes"]]
        changes = _compose([{k: v for k, v in c.items() if k != "text"} for c in result["changes"]], result["text"], edits)
        fixed = Counter(c["rule"] for c in more["changes"])
        remaining = []
        for r in result.get("remaining", []):
            if fixed[r["rule"]] > 0:
                fixed[r["rule"]] -= 1
                continue
            remaining.append(r)
        result = {**result, "text": more["text"],
                  "changes": [dict(c, text=doc.text[c["start"]:c["end"]]) for c in changes], "remaining": remaining}
    return result


def _passes(doc, findings, empathy_summary, guard, recheck, *, keep_de: bool = False,
            offer_swaps: bool = False) -> tuple[dict, bool, str]:
    """The rewrite's passes under one readability guard; also whether the guard made it give an edit up, and the
    text the edits make (also where only minor swaps leave the result unchanged). With `keep_de` every pass keeps a
    letter's "De" (`_kept_in_de`), not only the first: a later pass's re-check found "Deres sag" anew and swapped it.
    With `offer_swaps` swaps alone are kept (`_only_minor`): they carry on a rewrite already offered. Without the
    customer's message they are kept too."""
    summary = dict(empathy_summary or {})
    notes: dict[str, str] = {}
    gave_up: list[Edit] = []
    current, current_findings, known = doc, findings, None
    document_ids = {f.id for f in findings if f.start is None}
    changes: list[dict] = []
    all_edits: list[Edit] = []
    pass_guard = guard
    measured: dict[str, dict] = {}  # the readability stage's summary of a rewritten text the guard measured
    for number in range(MAX_PASSES):
        edits, text, (revealed, known) = _one_pass(current, current_findings, summary, pass_guard, recheck,
                                                   notes if number == 0 else {}, known, gave_up, measured)
        if not edits:
            break
        # The next pass edits the rewritten reply: its estimate starts from the stage's own counts where this
        # pass measured that reply (the pessimistic estimate drifts with every pass), else from counts moved
        # by this pass's edits.
        pass_guard = pass_guard.moved(current.text, edits)
        if text in measured:
            pass_guard = pass_guard.counted(measured[text])
        changes = [_change(doc.text, e) for e in edits] if number == 0 else _compose(changes, current.text, edits)
        # A later pass's findings come from re-checked sentences, whose ids count occurrences anew: only
        # the first pass's edits name the analysis's findings (the others count by where they changed).
        all_edits += edits if number == 0 else [replace(e, fixes=tuple(i for i in e.fixes if i in document_ids))
                                                 for e in edits]
        rewritten = current.with_text(text)
        if recheck is None:
            current = rewritten
            break
        if summary.get("settled") or any(e.kind == "acknowledge" for e in edits):
            summary = {**summary, "acknowledges": True, "settled": True}
        elif not _may_change_acknowledgement(current, current_findings, summary, edits):
            summary = {**summary, "settled": True}
        else:
            # Whether a reply asks for an acknowledgement depends on its words (a rewrite can cross the
            # length at which one is asked for): ask the empathy stage about the rewritten reply.
            assessed = recheck(rewritten, stages=("empathy",))
            summary = {**assessed.empathy, "settled": bool(assessed.empathy.get("acknowledges"))}
            revealed += [f for f in assessed.findings if f.category == "missing_acknowledgement"]
        current = rewritten
        if not revealed:
            break
        current_findings = _kept_in_de(revealed) if keep_de else revealed
    if _only_minor(all_edits, changes, offer_swaps=offer_swaps or not (doc.customer_message or "").strip()):
        # Not offered: `skipped` tells the pipeline why (`rewrite_skipped`); the cards still offer each swap.
        return {"text": doc.text, "changes": [], "remaining": _remaining(findings, [], [], notes),
                "skipped": SKIPPED_MINOR}, bool(gave_up), current.text
    text, changes = _in_one_address(doc, current.text, changes, all_edits)
    return {"text": text, "changes": [dict(c, text=doc.text[c["start"]:c["end"]]) for c in changes],
            "remaining": _remaining(findings, all_edits, changes, notes)}, bool(gave_up), text


# A greeting of two people by name ("Kære Mette og Jens", "Hej Lone & Per").
# After a subject line too ("Vedr.: Deres ejendomshandel …"; 287th drafts).
_GREETS_SEVERAL = re.compile(r"\s*(?:(?:Vedr\.|Vedrørende|Emne|Angående|Re)[ \t]*:?[^\n]*\n\s*)?"
                             r"(?:Kære|Hej|Hejsa|Goddag|Godmorgen)\s+[A-ZÆØÅ][\w-]+(?:\s+[A-ZÆØÅ][\w-]+)?\s+(?:og|&)\s+"
                             r"[A-ZÆØÅ][\w-]+")
_FORMAL_IN_SPAN = re.compile(r"(?<![^\W\d_])(?:De|Dem|Deres)(?![^\W\d_])")


def _in_one_address(doc, text: str, changes: list[dict], edits: list[Edit]) -> tuple[str, list[dict]]:
    """The rewritten reply in one address: where a formal Danish reply still says "De" when the rewrite is done (a
    "De" it could not turn into "du"), its inserted acknowledgement says "De" too, not "du" beside "Deres"."""
    if doc.language != "da" or not addresses_formally(doc.text):
        return text, changes
    # The feeling put in a stock apology's place ("Jeg kan godt forstå, at du er utilfreds. Det beklager jeg.") is ours
    # too (both blind judges, 37. udkast: "du" beside "Deres ordre" was broken).
    # So is a swap that says "du" of its own ("De bedes venligst udfylde" → "Vi beder dig udfylde", retried in a later
    # pass from a re-check that cannot know the letter stays formal: "dig" beside "De vil modtage"; both blind judges, 78.
    # udkast: broken).
    inserted = {e.replacement.strip() for e in edits if e.replacement.strip() and (
        e.kind == "acknowledge" or (_category(e.rule) == "sympathy" and _ACKNOWLEDGEMENT_START.match(e.replacement))
        or (e.rule not in FORMAL_ADDRESS_RULES and says_du(e.replacement)))}
    for sentence in sorted(inserted, key=len, reverse=True):
        if sentence not in text or not addresses_formally(text.replace(sentence, " ")):
            continue
        formal = formal_address(sentence)
        text = text.replace(sentence, formal)
        changes = [dict(c, replacement=c["replacement"].replace(sentence, formal)) for c in changes]
    return text, changes


def _only_minor(edits: list[Edit], changes: list[dict], *, offer_swaps: bool = False) -> bool:
    """Whether the rewrite only swaps a word or two (plain-language phrases, a stock opener dropped), or, unless
    `offer_swaps` (no customer's message, or a rewrite already offered), makes swaps alone (no edit that meets the
    customer, `_meets_the_customer`)."""
    if not changes or MINOR_CHANGES == 0:
        return False
    if not offer_swaps and not any(_meets_the_customer(e) for e in edits):
        return True
    if len(changes) > MINOR_CHANGES:
        return False
    for e in edits:
        if any(e.kind not in MINOR_EDITS.get(_category(rule), ()) for rule in e.rule.split(",")):
            return False
    return True


def _meets_the_customer(edit: Edit) -> bool:
    """Whether an edit changes how the reply meets the customer (`CUSTOMER_FACING_KINDS`, `…_CATEGORIES`)."""
    return edit.kind in CUSTOMER_FACING_KINDS or any(_category(rule) in CUSTOMER_FACING_CATEGORIES
                                                     for rule in edit.rule.split(","))


def _category(rule: str) -> str:
    """The category in a rule id ("en.plain_language.kindly" → "plain_language"); "" for the rewrite's own."""
    parts = rule.split(".")
    return parts[1] if len(parts) >= 3 else ""


def _may_change_acknowledgement(doc, findings, summary: dict, edits: list[Edit]) -> bool:
    """Whether the empathy stage could judge the rewritten reply's acknowledgement differently.

    Only edits of what carries feeling can (a removed or replaced apology, sympathy or stock sentence), a split of a
    reply that acknowledged, or, in a reply that was not asked for an acknowledgement, a change of length (a short
    reply gets none): then the empathy stage is asked again; otherwise its judgement stands."""
    if any(e.kind in ("remove", "acknowledge") or _FEELING_RULE.search(e.rule) for e in edits):
        return True
    if summary.get("acknowledges") and any(e.kind == "split" for e in edits):
        # A split can part the customer's words from what the sentence said about them ("… the deposit …, and we are not
        # in a position …"): an acknowledgement that rested on that sentence is gone, and the rewrite of the rewrite put
        # one in (seventy-fourth drafts: no fixed point). The empathy stage is asked again.
        return True
    asked = any(f.category == "missing_acknowledgement" for f in findings)
    if summary.get("acknowledges") or asked:
        return False
    return len(_WORD.findall(doc.text)) < SHORT_REPLY_WORDS


def _one_pass(doc, findings, summary, guard, recheck, notes, known=None, gave_up: list | None = None,
              measured: dict | None = None):
    """Collect, resolve and verify the edits of one pass.

    Returns the edits (sorted), the text they make, and the fixable findings the re-check revealed in the
    changed sentences (offsets into the new text) for the next pass."""
    plan = _Plan(doc)
    plan.attach(doc, findings if known is None else known)
    edits = _collect_edits(doc, plan, findings, summary, notes)
    edits = _keep_protected(doc, plan, edits, notes)
    losers: set = set()
    edits = _resolve_overlaps(doc.text, edits, notes, losers)
    revealed: tuple = ([], [])
    if recheck is not None and edits:
        edits, revealed = _verify(doc, plan, edits, recheck, guard, notes, losers, gave_up, measured)
    return edits, _apply(doc.text, edits), revealed


# ---------------------------------------------------------------------------------------------- plan

class _Plan:
    """The body sentences of a document with their offsets, looked up by bisection (computed once)."""

    def __init__(self, doc) -> None:
        seg = doc.segmentation
        self.sentences = [s for s in seg.sentences if s.kind == "body"]
        self.starts = [s.start for s in self.sentences]
        # Tokens (numbers, URLs …) are short and looked up by bisection; containers (a quote, the signature)
        # are few and long, so they are checked one by one.
        self.containers = [(s, e) for s, e, k in seg.protected if k in ("quote", "signature")]
        self.tokens = sorted((s, e) for s, e, k in seg.protected if k not in ("quote", "signature"))
        self.token_starts = [s for s, _e in self.tokens]
        self.longest_token = max((e - s for s, e in self.tokens), default=0)
        self._word_starts: dict[int, list[int]] = {}

    def attach(self, doc, findings) -> None:
        """Remember the analysis's findings (by start) for `findings_in`."""
        self.findings = sorted((f for f in findings if f.start is not None and f.category not in _DOCUMENT_CATEGORIES),
                               key=lambda f: f.start)
        self.finding_starts = [f.start for f in self.findings]

    def findings_in(self, start: int, end: int) -> list:
        """The analysis's sentence findings that start within [start, end)."""
        i = bisect_left(self.finding_starts, start)
        j = bisect_left(self.finding_starts, max(start, end) if end > start else start + 1)
        return self.findings[i:j]

    def index_at(self, offset: int) -> int | None:
        """The index of the body sentence holding `offset`, if any."""
        i = bisect_right(self.starts, offset) - 1
        if i >= 0 and offset < self.sentences[i].end:
            return i
        return None

    def unit_of(self, edit: Edit) -> int | None:
        """The body sentence an edit lies inside (None for an edit across or outside sentences)."""
        i = self.index_at(edit.start) if edit.start < edit.end else self.index_at(max(0, edit.start - 1))
        if i is None or edit.kind in ("remove", "greeting") or (edit.kind == "acknowledge" and edit.start == edit.end):
            return None
        s = self.sentences[i]
        return i if s.start <= edit.start and edit.end <= s.end else None

    def covered_share(self, index: int, start: int, end: int) -> float:
        """The share of the sentence's words inside [start, end)."""
        s = self.sentences[index]
        if not s.words:
            return 0.0
        starts = self._word_starts.get(index)
        if starts is None:
            starts = self._word_starts[index] = [w[0] for w in s.words]
        first = bisect_left(starts, start)
        inside = 0
        for w_start, w_end in s.words[first:]:
            if w_start >= end:
                break
            inside += w_end <= end
        return inside / len(s.words)

    def touches_protected(self, start: int, end: int) -> list[tuple[int, int]]:
        """The protected spans an edit of [start, end) touches (an insertion: spans it falls strictly inside)."""
        def touches(s: int, e: int) -> bool:
            return (start < e and s < end) if start < end else (s < start < e)

        hits = [(s, e) for s, e in self.containers if touches(s, e)]
        i = bisect_left(self.token_starts, start - self.longest_token)
        while i < len(self.tokens) and self.tokens[i][0] < max(end, start + 1):
            if touches(*self.tokens[i]):
                hits.append(self.tokens[i])
            i += 1
        return hits


# ---------------------------------------------------------------------------------------------- edits

def _collect_edits(doc, plan: _Plan, findings, summary: dict, notes: dict) -> list[Edit]:
    """Turn findings and the empathy summary into candidate edits; note why a finding gets none."""
    text = doc.text
    sentences = plan.sentences
    edits: list[Edit] = []
    # The empathy stage may count the stock apology itself as acknowledging: only a reply that says it
    # understands in words of its own keeps its acknowledgement when the stock sentence goes. (Both this and
    # `substantive` scan every sentence: computed only when a finding needs them.)
    acknowledged = None
    insert_acknowledgement = not summary.get("settled") and _wants_acknowledgement(doc, plan, findings, summary)
    added = False  # an acknowledgement edit of this pass stands in the reply
    removed: set[int] = set()
    # A canned sentence goes only when something else is said: an acknowledgement alone is no answer.
    substantive = None
    for f in findings:
        if f.start is None:
            continue
        index = plan.index_at(f.start)
        if index is not None and f.end > f.start and plan.index_at(f.end - 1) != index:
            # A span that runs over a sentence end ("… som iht. | vores SLA besvarer …" where the full stop of an
            # abbreviation was read as one) is edited per sentence in no safe way: merged with a later pass's swap it
            # garbled a word ("som efterarer"). The finding stays on its card without an edit.
            notes[f.id] = "judgement"
            continue
        if f.rule.endswith(".empathy.cheerful_wish"):
            # A wish that is a sentence of its own, often the sign-off line the plan does not hold: it goes whole.
            wish = next((s for s in doc.segmentation.sentences if s.start == f.start and s.end == f.end), None)
            if wish is not None:
                edits.append(_removal_edit(text, wish, f.rule, (f.id,)))
            continue
        if f.category in ("sympathy", "standard_answer", "apologies") and index is not None:
            mostly = plan.covered_share(index, f.start, f.end) >= 0.6
            sentence = sentences[index]
            if f.category == "sympathy" and doc.channel == "chat" and not insert_acknowledgement \
                    and (_ASKS_FOR_SPEED.search(message_of(doc)) or _DEPARTS_AT.search(message_of(doc))):
                # A chat customer who asked for speed ("key safe code … isn't working and it's starting to rain … please
                # quick!!") gets the answer first: a feeling line put in the stock apology's stead, opening the reply, kept
                # the new code waiting (both blind judges, 174th drafts: worse). The apology stays as written.
                notes[f.id] = "judgement"
                continue
            if f.category == "sympathy":
                if acknowledged is None:
                    acknowledged = (bool(summary.get("acknowledges", False))
                                    and any(_UNDERSTANDS.search(s.text) for s in sentences)) \
                        or any(reacts_to_feeling(s.text, doc.language) for s in sentences)
                # A reply that owns the fault in an apology of its own ("I'm sorry you've been left wondering – that's our
                # fault, and I should have written to you weeks ago") has said it: a feeling line in the closing formula's
                # place repeated it and ended the letter on the worry it had just eased (blind judges, 217th drafts: worse
                # and same). The formula just goes.
                owns_apology = bool(summary.get("acknowledges")) and _owns_the_fault(doc, plan, index)
                # The line an earlier edit of this pass put in (the opener's place takes the stand-alone wording, "Jeg
                # forstår godt, at du er bekymret."): an apology kept after it must read after that line.
                put_in = next((e.replacement.strip() for e in edits if e.kind == "acknowledge" and e.replacement), None)
                edit = _sympathy_edit(doc, plan, f, index, acknowledged or owns_apology or insert_acknowledgement,
                                      insert_acknowledgement and index == 0, notes, findings,
                                      added=added or insert_acknowledgement, put_in=put_in)
                if edit is not None and _belongs_first(doc, plan, index, edit, added) \
                        and (_generic_line_above_blame(doc, plan, findings) or _line_for_unsaid_frustration(doc)):
                    # A line opening the reply before blame that stays ("as you failed to confirm the booking … Apologies
                    # for any inconvenience caused.") rings hollow: the apology stays as written. So does a line for a
                    # frustration never said ("Hi, that must be so frustrating." above a kept "Sorry for the inconvenience."
                    # to a customer about to lose a contract; both blind judges, 291st drafts: worse), as in
                    # `_wants_acknowledgement`.
                    notes[f.id] = "judgement"
                    edit = None
                elif edit is not None and _belongs_first(doc, plan, index, edit, added):
                    # "… Det er ikke muligt at få fragten refunderet. Vi beklager ulejligheden." → the feeling
                    # named after the refusal reads as an afterthought: the stock line goes and the
                    # acknowledgement opens the reply instead (unless the reply apologises already: then the
                    # stock line just goes, "Sorry to hear about the trouble" stays the reply's own).
                    # A condolence of the reply's own counts ("Vores dybeste medfølelse med dit tab."): a second one put
                    # before it said it twice (both blind judges, 192. udkast: worse).
                    elsewhere = _said_elsewhere(doc, plan, index) or _condoles_elsewhere(plan, index)
                    # Not right after an opening thanks ("Tak for din henvendelse. Vi beklager ulejligheden."): there
                    # the acknowledgement put in its place would end the opener's finding and reveal its plain-word
                    # swap in a sentence the rewrite does not re-check, so the acknowledgement opens the reply as before.
                    after_thanks = index == 1 and _OPENING_THANKS.match(plan.sentences[0].text) is not None
                    if not elsewhere and not after_thanks and _only_apology_to_the_let_down(doc, plan, index):
                        # The reply's only apology to a customer the company let down stays where it stands; the
                        # acknowledgement opens the reply (both blind judges, twenty-fourth drafts: losing it was
                        # worse).
                        notes[f.id] = "judgement"
                        edit = None
                    else:
                        edit = replace(_removal_edit(text, sentence, f.rule, edit.fixes), priority=edit.priority)
                    insert_acknowledgement, acknowledged = not elsewhere, True
                elif edit is not None and len(sentences) > 2 and _closing_acknowledgement(plan, index, edit, added):
                    # Where the opening cannot take it ("Hej! Tak for din besked. …"), the feeling put in the closing
                    # apology's place reads tacked on before the sign-off (both blind judges, 131. udkast: worse): the
                    # apology stays as written.
                    notes[f.id] = "judgement"
                    edit = None
                elif edit is not None and edit.kind == "phrase" and _ACKNOWLEDGEMENT_START.match(edit.replacement or "") \
                        and _after_a_refusal(plan, index):
                    # Right after a refusal the feeling put in the stock apology's place reads as a brush-off ("Vi kan
                    # desværre ikke tage ansvar for knive med … mikrohak. Jeg kan godt forstå, at du er vred."; both blind
                    # judges, 211. udkast: worse): the apology stays as written.
                    notes[f.id] = "judgement"
                    edit = None
                if edit is not None:
                    if edit.kind == "acknowledge":
                        insert_acknowledgement, acknowledged, added = False, True, True
                    if edit.kind == "remove":
                        removed.add(index)
                    elif f.replacements:
                        acknowledged = True  # "I understand how frustrating this is" now stands there
                    edits.append(edit)
                continue
            if f.category == "apologies" or not _usable(f):
                if substantive is None:
                    substantive = sum(1 for s in sentences if not _ACKNOWLEDGEMENT_START.match(s.text))
                if mostly and _GREETING_OPENS.match(sentence.text):
                    # "Hej og tak for din henvendelse." is the chat's greeting too: gone, the reply opened on the refusal
                    # (a blind judge, 51. udkast: worse). It stays, as the greeting line does.
                    notes[f.id] = "judgement"
                elif mostly and index == 0 and insert_acknowledgement and substantive > 1 \
                        and not _THANKS_FOR_WHAT_WAS_SENT.search(sentence.text):
                    # A canned opener ("Tak for din henvendelse.") makes way for the acknowledgement.
                    opener = _acknowledgement_edit(doc, sentence.start, sentence.end, "", findings)
                    edits.append(replace(opener, fixes=opener.fixes + (f.id,)))
                    insert_acknowledgement, acknowledged, added = False, True, True
                    removed.add(index)
                elif mostly and index == 0 and _OPENING_THANKS.match(sentence.text) and not added \
                        and (not summary.get("acknowledges") or _only_thanks_to_the_pleased(doc, sentences)
                             or refuses(doc) or (feeling(doc) == "loss" and not _condoles_next(sentences, index))):
                    # "Tak for din henvendelse." is the only warm word before "Der gøres opmærksom på …": with no
                    # acknowledgement in its place the reply opens coldly (two blind judges, fourth drafts). It
                    # stays; its plain-language swaps still apply ("Tak for din besked."). So it does where it is the
                    # only thanks to a customer who wrote to thank (a blind judge, twenty-seventh drafts: worse). Nor before
                    # a refusal: "Tak for din mail." was the only warm word before "refunderes … ikke" to a customer in
                    # hospital (both blind judges, 47. udkast, as in the thirty-seventh: worse). Nor to a bereaved customer
                    # whose reply condoles only at its end: without the thanks it opened bluntly on the rules (a blind judge,
                    # 127. udkast: worse).
                    notes[f.id] = "judgement"
                # A canned sentence that carries the reply's only apology to a customer let down stays ("Vi har modtaget
                # din mail og beklager ulejligheden." to a captain who waited 12 days: both blind judges, 239. udkast, worse).
                elif mostly and index not in removed and substantive > 1 and not _after_run_on(text, sentence) \
                        and not _PROMISES_FOLLOW_UP.search(sentence.text) \
                        and not ((f.category == "sympathy" or _APOLOGY.get(doc.language, _APOLOGY["en"]).search(sentence.text))
                                 and _only_apology_to_the_let_down(doc, plan, index)) \
                        and not (not added and not insert_acknowledgement and _only_thanks_for_waiting(sentences, index)) \
                        and not _warm_chat_closing(doc, sentences, index):
                    edits.append(_removal_edit(text, sentence, f.rule, (f.id,)))
                    removed.add(index)
                else:
                    notes[f.id] = "judgement" if f.category == "apologies" else "no_replacement"
                continue
        if f.rule in RECEIPT_FORMULAS and index is not None and index not in removed \
                and plan.covered_share(index, f.start, f.end) >= 0.9 and not _PROMISES_FOLLOW_UP.search(sentences[index].text):
            # "Vi har modtaget din henvendelse." says only that the customer wrote: it goes (or makes way for
            # the acknowledgement) where the reply says something else; its replacement "Tak for din besked"
            # is itself a stock phrase.
            if substantive is None:
                substantive = sum(1 for s in sentences if not _ACKNOWLEDGEMENT_START.match(s.text))
            if substantive > 1 and not _after_run_on(text, sentences[index]):
                if index == 0 and insert_acknowledgement:
                    opener = _acknowledgement_edit(doc, sentences[index].start, sentences[index].end, "", findings)
                    edits.append(replace(opener, fixes=opener.fixes + (f.id,)))
                    insert_acknowledgement, acknowledged, added = False, True, True
                else:
                    edits.append(_removal_edit(text, sentences[index], f.rule, (f.id,)))
                removed.add(index)
                continue
        if (f.category == "negative_phrasing" or f.rule == "da.internal_language.vores_politik") and not _usable(f):
            if substantive is None:
                substantive = sum(1 for s in sentences if not _ACKNOWLEDGEMENT_START.match(s.text))
            reframed = reframe(text, doc.language, sentences[index], f, substantive) if index is not None else None
            if reframed == REMOVE_SENTENCE:
                edits.append(_removal_edit(text, sentences[index], f.rule, (f.id,)))
                continue
            if reframed is not None:
                # Its own kind: a whole clause ends at its sentence's end, so a phrase edit in the next sentence
                # is no neighbour it could fuse with.
                start, end, replacement = reframed
                edits.append(Edit(start, end, replacement, f.rule, priority=12, fixes=(f.id,), kind="clause"))
                continue
        if f.category in REPLACEABLE or _safe_grammar(f):
            if not _usable(f):
                notes[f.id] = "no_replacement"
            elif doc.channel == "chat" and _LETTER_PHRASES.search(f.replacements[0]):
                notes[f.id] = "chat"
            elif _REPLY_BY_EMAIL.search(f.replacements[0]) and _PREFERS_PHONE.search(doc.customer_message or ""):
                notes[f.id] = "worse"
            elif _REPLY_BY_EMAIL.search(f.replacements[0]) and index is not None \
                    and any(_INVITES_A_REPLY.search(s.text) for s in sentences[:index]):
                # "Giv mig gerne besked, om det passer jer." already asks for an answer: "Svar bare på denne mail." after it
                # says it twice (both blind judges, 189. udkast). The stock line goes where it is its own sentence.
                if text[sentences[index].start:sentences[index].end].strip(" .!?\n") == (f.text or "").strip(" .!?\n"):
                    edits.append(_removal_edit(text, sentences[index], f.rule, (f.id,)))
                else:
                    notes[f.id] = "worse"
            else:
                start, end, replacement = replacement_edit(text, f)
                if f.category == "negative_phrasing" and " " in replacement.strip() and replacement[:1].isupper() \
                        and index is not None and text[end:sentences[index].end].strip(" .!?\n"):
                    # A replacement written as a whole sentence stands only where the no was the whole sentence:
                    # "… tager over, der booker tider", "I'll make sure a colleague takes over, so please call
                    # bookings" hang the rest on words that are gone.
                    notes[f.id] = "worse"
                    continue
                if f.category == "negative_phrasing" and _CONTRAST_AFTER.match(text, end):
                    notes[f.id] = "worse"  # "Det er ikke min afdeling, men jeg har …": the "men" needs the "ikke"
                    continue
                if _breaks_the_sentence(text, start, end, replacement, doc.language, f.category):
                    notes[f.id] = "worse"
                    continue
                if _capital_mid_sentence(text, start, replacement):
                    notes[f.id] = "worse"  # "Sadly Let's look at …": a sentence inside a sentence
                    continue
                # A finding a later pass revealed was checked in its sentence alone, which cannot see "Hej Anne og
                # Mikkel": its "du" is said to them here ("hvis du har spørgsmål" to a couple; 42. udkast, broken).
                # In a letter a team signs, a swap that says "I" says "we" ("I've passed your feedback on" above "Customer
                # Relations Team"; both blind judges, 270th drafts: worse). Only a swap of words: a capital put back where a
                # phrase went ("Please be advised that i…" → "I…") is no "I".
                if " " in replacement.strip():
                    voiced = in_reply_voice(doc, replacement)
                    if voiced != replacement and voiced[:1].isupper() and not is_sentence_start(text, start):
                        # "Following a check of our records, We can confirm": English "I" is a capital anywhere, "we" not.
                        voiced = voiced[:1].lower() + voiced[1:]
                    replacement = voiced
                replacement = readers_address(doc, replacement)
                edits.append(Edit(start, end, replacement, f.rule, priority=10, fixes=(f.id,)))
        elif _confident_spelling(text, f):
            edits.append(Edit(f.start, f.end, f.replacements[0], f.rule, priority=8, fixes=(f.id,)))
        elif f.category == "long_sentence" and index is not None:
            # A chat line is read at a glance and split into "But …" fragments it reads worse, not better.
            split = _split_edits(doc, f) if doc.channel == "email" else []
            edits.extend(split)
            if not split:
                notes[f.id] = "judgement"
        elif f.category in ("spelling", "grammar"):
            notes[f.id] = "no_replacement" if len(f.replacements) != 1 else "judgement"
    edits = _merge_removals(doc.text, edits)
    if insert_acknowledgement and sentences and not sentences[0].list_item:
        bereaved = feeling(doc) == "loss"
        stock = _stock_apology_sentence(doc, plan, removed, bereaved=bereaved)
        stock_at = plan.sentences.index(stock) if stock is not None else -1
        if stock is not None and bereaved and _only_apology_to_the_let_down(doc, plan, stock_at, bereaved=True) \
                and (stock_at > 0 or names_our_error(doc.text, doc.language)):
            # A condolence does not apologise for our own mistake ("the error occurred at the layout stage" in a mother's
            # death notice): put in the apology's place it left the error unapologised for (both blind judges, 192nd
            # drafts: worse). The apology stays; the condolence opens the reply.
            # Only a formula that would follow the condolence straight away, in a reply that names no mistake of ours,
            # gives way: "Jeg er ked af at høre om dit tab. Sorry for besværet." called a dead pet a bother (a blind judge,
            # 225. udkast: broken).
            stock = None
        patience = _patience_thanks_to_a_chaser(doc, plan, removed) if stock is None else None
        if patience is not None:
            # "Hej, tak for din tålmodighed." to a customer asking for the third time: the line put before it stacked a
            # feeling on a thanks that reads as tone-deaf (both blind judges, 267. udkast: worse). The line takes its place.
            # Where the reply apologises elsewhere ("We apologise for any inconvenience caused." closing it), the line stands
            # alone: an apology of ours beside it made that one go on the rewrite of the rewrite (not idempotent).
            at = plan.sentences.index(patience)
            apology = _APOLOGY.get(doc.language, _APOLOGY["en"])
            if any(apology.search(s.text) for i, s in enumerate(plan.sentences) if i != at):
                edits.append(_acknowledgement_edit(doc, patience.start, patience.end, "", findings))
            else:
                edits.append(_acknowledgement_in_place(doc, plan, at, findings))
        elif stock is not None:
            # "Vi beklager ulejligheden." beside the acknowledgement says the same twice; the acknowledgement
            # takes its place (the apology's feeling now stands there in words). "Jeg er ked af at høre det."
            # is the agent's own regret (a blind judge called dropping it worse): it stays an apology, now
            # naming the situation ("Jeg er ked af at høre, at din pakke ikke er kommet endnu.").
            sorry = sorry_sentence(doc) if _SORRY_TO_HEAR.search(stock.text) and feeling(doc) in _REGRET_FEELINGS else None
            if sorry is not None:
                edits.append(_acknowledgement_edit(doc, stock.start, stock.end, "", findings, sentence=sorry))
            else:
                edits.append(_acknowledgement_in_place(doc, plan, stock_at, findings))
        else:
            # After a heading line ("Penalty Charge Notice ZX40217755" under the salutation), not glued in front of it
            # (both blind judges, thirty-seventh drafts: broken).
            # Past every heading line of a reference block ("Council Tax account: 700129845" / "Property: 22 Elm Grove":
            # the line went in before the second; both blind judges, 133rd drafts: broken).
            opening = _after_a_late_greeting(doc.text, sentences)
            while opening is not sentences[-1] and _is_heading(doc.text, opening):
                # The first sentence after the heading's line (a line cut at "1no." holds two sentences).
                line_end = doc.text.find("\n", opening.start)
                at = sentences.index(opening)
                opening = next((x for x in sentences[at + 1:] if line_end < 0 or x.start > line_end), sentences[at + 1])
            at = sentences.index(opening)
            before = _acknowledgement_edit(doc, opening.start, opening.start, " ", findings)
            if _THANKS_FOR_CONTACTING_US.match(opening.text) and at not in removed and at + 1 < len(sentences) \
                    and not sentences[at + 1].list_item and feeling(doc) != "happy":
                # The company's thanks for contacting it, kept for its name ("Thank you for contacting Cartridge
                # Corner!"), opens the reply; the acknowledgement follows. Put before it, "I understand you've had to
                # chase us. Thank you for contacting …!" read as a cheery clash (both blind judges, 122nd and 124th
                # drafts). Where the thanks is a paragraph of its own, the acknowledgement ends it rather than opening
                # the next one.
                follows = sentences[at + 1]
                own_line = "\n" in doc.text[opening.end:follows.start]
                after = _acknowledgement_edit(doc, opening.end, opening.end, "", findings) if own_line else \
                    _acknowledgement_edit(doc, follows.start, follows.start, " ", findings)
                # Not where it would open like the sentence after it ("We can see why … We can confirm …"): refused
                # for the repeat, the reply would lose its acknowledgement.
                if not _same_first_word(after.replacement.strip(), follows.text):
                    before = after
            edits.append(before)
    edits.extend(_greeting_edits(doc, plan, findings))
    return _before_our_apology_as_we(doc, edits)


def _before_our_apology_as_we(doc, edits: list[Edit]) -> list[Edit]:
    """The line put right before an apology the reply keeps in the "we" voice said as "we" too: "Jeg kan godt forstå, at du
    er vred. Vi beklager ventetiden …" switched voice mid-breath (both blind judges, 312. udkast: worse). Not where that
    apology is itself rewritten ("We apologise for any inconvenience" becoming "I'm sorry about this")."""
    apologises = _APOLOGISES_AS_WE.get(doc.language, _APOLOGISES_AS_WE["en"])
    for n, edit in enumerate(edits):
        if edit.kind != "acknowledge" or edit.start != edit.end or not apologises.match(doc.text, edit.end):
            continue
        following = next((s for s in doc.segmentation.sentences if s.start >= edit.end), None)
        if following is None or any(other is not edit and other.start < following.end and other.end > following.start
                                    for other in edits):
            continue
        fallback = said_as_we(doc.language, edit.fallback) if edit.fallback else edit.fallback
        edits[n] = replace(edit, replacement=said_as_we(doc.language, edit.replacement), fallback=fallback)
    return edits


# Thanks that also confirms what the customer sent ("Tak for din mail og billederne"): the only word that the photos she
# sent twice arrived went with the opener (a blind judge, 69. udkast: worse). It stays; the acknowledgement goes before it.
_THANKS_FOR_WHAT_WAS_SENT = re.compile(r"(?i)(?<![^\W\d_])(?:billede\w*|foto\w*|kvittering\w*|dokumentation\w*|vedhæft\w*|"
                                       r"photos?|pictures?|receipts?|screenshots?|attachments?|documents?)(?![^\W\d_])")
def _same_first_word(one: str, other: str) -> bool:
    """Whether two sentences open with the same word ("We can see why … We can confirm …" side by side is refused);
    "I" and "we" count as one, since the acknowledgement takes the reply's voice."""
    a, b = _WORD.search(one), _WORD.search(other)
    if a is None or b is None:
        return False
    first, second = (_VOICE.get(w.group().lower(), w.group().lower()) for w in (a, b))
    return first == second


_VOICE = {"i": "we", "jeg": "vi"}


# A short thanks for contacting the company by its name: "Thank you for contacting Cartridge Corner!", "Thanks for
# reaching out to Fresh Fork!", "Tak fordi du kontaktede NordStrand."
_THANKS_FOR_CONTACTING_US = re.compile(
    r"(?i)\s*(?:many\s+|mange\s+|tusind\s+)?(?:thank\s+you|thanks|tak)\s+(?:for|fordi\s+du)\s+(?:contacting|reaching\s+out\s+to|"
    r"getting\s+in\s+touch\s+with|writing\s+to|kontaktede|skrev\s+til|kontakte)\s+(?:the\s+)?(?-i:[A-ZÆØÅ])[\w&'’.-]*"
    r"(?:\s+(?-i:[A-ZÆØÅ])[\w&'’.-]*){0,3}\s*[.!]*\s*$")
# A sentence that opens with the greeting ("Hej og tak for …", "Hi and thanks for …").
_GREETING_OPENS = re.compile(r"(?i)\s*" + GREETING_WORD + r"(?![^\W\d_])")


_THANKS_WORD = re.compile(r"(?i)(?<![^\W_])(?:tak|takke\w*|thanks?|thank\s+you)(?![^\W_])")


# Thanks for waiting ("Thank you for your patience and understanding."), not for writing.
_THANKS_FOR_WAITING = re.compile(r"(?i)(?<![^\W_])(?:patience|understanding|bearing\s+with|waiting|tålmodighed|forståelse)(?![^\W_])")


def _line_around(text: str, sentence) -> tuple[int, int, str]:
    """The start and end (-1 at the text's end) of the line a sentence stands on, and that line stripped."""
    line_start, line_end = text.rfind("\n", 0, sentence.start) + 1, text.find("\n", sentence.end)
    return line_start, line_end, text[line_start:line_end if line_end >= 0 else len(text)].strip()


def _after_a_late_greeting(text: str, sentences) -> object:
    """The first body sentence, or the one after a greeting by name the segmentation left in the body below a reference
    line ("Sagsnr. SK-2024-1193 – skadesanmeldelse" / "Kære Claus Winther": the line went in front of the case number; both
    blind judges, 296th drafts: broken). A bare "Hej" there is left to the opener's own handling."""
    for at, sentence in enumerate(sentences[1:3], start=1):
        _start, _end, line = _line_around(text, sentence)
        if at + 1 < len(sentences) and line == sentence.text.strip() and _GREETING_START.match(line) \
                and 2 <= len(_WORD.findall(line)) <= 6 and not line.endswith((".", "!", "?")):
            return sentences[at + 1]
    return sentences[0]


def _is_heading(text: str, sentence) -> bool:
    """Whether a body sentence is a heading line: alone on its line, no closing stop, a few words, each capitalised or
    a number/reference ("Penalty Charge Notice ZX40217755", "Order 4471 – Replacement")."""
    line_start, line_end, line = _line_around(text, sentence)
    words = _WORD.findall(line)
    if line == sentence.text.strip() and not line.endswith((".", "!", "?")) and len(words) <= 10 \
            and _LABEL_LINE.match(line):
        # A labelled reference line ("Your reference: HW/2025/02488", "Re: Flat 3 – Deposit Return"): an acknowledgement
        # put before it landed in the reference block (both blind judges, seventy-sixth drafts: broken).
        return True
    if line == sentence.text.strip() and not line.endswith((".", "!", "?", ":", ",")) and len(words) <= 14 \
            and _SUBJECT_LINE.match(line):
        # A subject line in its own words ("Vedr. faktura nr. 2025-0412" under "Hej"): the acknowledgement was glued in
        # front of it on its line (both blind judges, 122. udkast: broken).
        return True
    if sentence.start == line_start and _SUBJECT_MARK.match(line) and len(words) <= 30 \
            and (line_end < 0 or text[line_end:line_end + 2] == "\n\n"):
        # A long one with a full stop, a paragraph of its own ("Vedr. Deres henvendelse om prøveresultat … (eksaminandnr.
        # 2024-PD3-0871)."): the line went in front of it (both blind judges, 275. udkast: broken). The sentence splitter
        # may cut it at an abbreviation, so its first sentence stands for the line.
        return True
    if line == sentence.text.strip() and not line.endswith((".", "!", "?", ":", ",")) and 1 < len(words) <= 8 \
            and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in ("of", "for", "and", "to", "the", "og", "til")
                    for w in words):
        return True
    # A subject line of its own paragraph that the sentence splitter cut at an abbreviation ("Application 24/01873/TPO –
    # Works to 1no. Oak (T3), 27 Linden Grove": the acknowledgement went in before it, both blind judges, ninety-ninth
    # drafts: broken): no closing stop, a reference number, and most words capitalised or numbers.
    own_paragraph = text[max(0, line_start - 2):line_start].endswith("\n\n") and (
        line_end < 0 or text[line_end:line_end + 2] == "\n\n" or line_end == len(text.rstrip()))
    capitalised = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
    return own_paragraph and not line.endswith((".", "!", "?", ":", ",")) and 1 < len(words) <= 14 \
        and any(ch.isdigit() for ch in line) and capitalised * 3 >= len(words) * 2


# "Your reference: HW/2025/02488", "Re: …", "Vedr.: ordre 4471", "Sagsnr.: 55-2219": a label of up to three words, a
# colon, a value.
_LABEL_LINE = re.compile(r"[A-ZÆØÅ][^\W\d_]*\.?(?:\s+[^\W\d_]+\.?){0,2}:\s+\S")
# A line opened by the word of a subject line: "Vedr. faktura nr. 2025-0412", "Angående din ordre", "Regarding order 4471".
_SUBJECT_LINE = re.compile(r"(?i)(?:vedr\.|vedrørende|ang\.|angående|regarding|re|ref\.|emne|subject)\s*:?\s+\S")
# Only a subject line's marks, never a word a sentence opens with ("Regarding job card 2241, we apologise …").
_SUBJECT_MARK = re.compile(r"(?i)(?:vedr\.|ang\.|re:|ref\.|emne:|subject:)\s*\S")


def _only_thanks_for_waiting(sentences, index: int) -> bool:
    """Whether the sentence at `index` thanks for waiting and is the reply's only thanks: dropped with nothing put in, a
    letter telling of a further delay ended coldly (both blind judges, thirty-fifth drafts: worse)."""
    sentence = sentences[index].text
    return bool(_THANKS_WORD.search(sentence) and _THANKS_FOR_WAITING.search(sentence)) and not any(
        _THANKS_WORD.search(s.text) for i, s in enumerate(sentences) if i != index)


def _only_thanks_to_the_pleased(doc, sentences) -> bool:
    """Whether the opening thanks is the only thanks in a reply to a customer who wrote in praise or thanks."""
    return feeling(doc) == "happy" and not any(_THANKS_WORD.search(s.text) for s in sentences[1:])


def _closing_acknowledgement(plan: _Plan, index: int, edit: Edit, added: bool) -> bool:
    """Whether the edit puts an acknowledgement in place of a whole stock apology that is the last body sentence."""
    sentences = plan.sentences
    if added or index == 0 or index != len(sentences) - 1 or edit.kind != "phrase" or not edit.replacement:
        return False
    sentence = sentences[index]
    return edit.start <= sentence.start and edit.end >= sentence.end - 1 \
        and _ACKNOWLEDGEMENT_START.match(edit.replacement) is not None


def _after_a_refusal(plan: _Plan, index: int) -> bool:
    """Whether the sentence before this one refuses (a negative-phrasing finding of the analysis in it that has no
    replacement: "You must also take into account …" becomes "Please also …", no refusal, and judged as one the rewrite of
    the rewrite gave the feeling line it had withheld; 223rd drafts, not idempotent)."""
    if index == 0:
        return False
    before = plan.sentences[index - 1]
    return any(f.category == "negative_phrasing" and not _usable(f) for f in plan.findings_in(before.start, before.end))


def _warm_chat_closing(doc, sentences, index: int) -> bool:
    """Whether the sentence is a chat reply's closing thanks said warmly ("Thanks for reaching out! -Tash"): the reply's
    last word of warmth, which stays (both blind judges, 159th drafts: dropping it was a loss)."""
    sentence = sentences[index].text.rstrip()
    return doc.channel == "chat" and index == len(sentences) - 1 and index > 0 and sentence.endswith("!") \
        and _OPENING_THANKS.match(sentence) is not None


def _belongs_first(doc, plan: _Plan, index: int, edit: Edit, added: bool) -> bool:
    """Whether a stock apology's in-place acknowledgement (the last body sentence, after the answer) should open
    the reply instead: a whole last sentence, a first sentence that can take one before it, none added yet."""
    if not _closing_acknowledgement(plan, index, edit, added):
        return False
    sentence, first = plan.sentences[index], plan.sentences[0]
    return not (first.list_item or _GREETING_START.match(first.text) or _is_thread_part(doc)
                or _after_run_on(doc.text, sentence) or (first.text[:1].islower() and not doc.text[:first.start].strip()))


def _after_run_on(text: str, sentence) -> bool:
    """Whether the sentence follows a greeting that runs on with a comma ("Hej Maria, tak for …")."""
    line_start = text.rfind("\n", 0, sentence.start) + 1
    return text[line_start:sentence.start].rstrip().endswith((",", "–", "—"))


# A sentence that only thanks for the customer's patience ("Tak for din tålmodighed.", "Thank you for your patience!").
_PATIENCE_THANKS = re.compile(r"(?i)\W*(?:(?:mange|tusind)\s+)?(?:tak|thank\s+you|thanks)(?:\s+(?:so|very)\s+much)?\s+for\s+"
                              r"(?:din|jeres|Deres|your)\s+(?:tålmodighed|patience)(?:\s+(?:og|and)\s+(?:forståelse|understanding))?"
                              r"\s*[.!]*\s*")


# The situations of a customer who has had to ask again.
_CHASING_SITUATIONS = frozenset({"gentagne_henvendelser", "repeated_contact"})


def _patience_thanks_to_a_chaser(doc, plan: _Plan, removed: set):
    """The sentence among the first two that only thanks for patience, in a reply to a customer who chased or waited."""
    ctx = getattr(doc, "customer", None)
    chased = getattr(ctx, "waiting", False) or bool(set(getattr(ctx, "signals", ()) or ()) & {"repeat", "counted_wait"})
    if not chased:
        situation = customer_situation(doc)
        chased = situation is not None and (situation.wait or situation.name in _CHASING_SITUATIONS)
    if not chased:
        return None
    return next((s for index, s in enumerate(plan.sentences[:2])
                 if index not in removed and _PATIENCE_THANKS.fullmatch(s.text)), None)


# An opening thanks for the message joined to a sorry ("Thank you for your email, and sorry to hear about your situation.",
# "Thank you for your email and apologies for any inconvenience caused."; both blind judges, 274th drafts: a line put before
# it stacked two).
_THANKS_AND_SORRY = re.compile(r"(?i)\s*(?:thank\s+you|thanks)(?:\s+so\s+much)?\s+for\s+(?:your|the)\s+(?:e-?mail|message|note|"
                               r"letter|reply|update)(?:\s+[^\W\d_]+){0,4}?,?\s+and\s+(?:(?:I|we)(?:['’]m|['’]re|\s+am|\s+are)\s+)?"
                               r"(?:so\s+|very\s+|really\s+|truly\s+)?(?:sorry\s+(?:to\s+hear|for)|(?:our\s+|my\s+)?apologies\s+for|"
                               r"apologi[sz]e\s+for)")


def _stock_apology_sentence(doc, plan: _Plan, removed: set, *, bereaved: bool = False):
    """A short formula apology sentence among the first two ("Vi beklager ulejligheden.", "We apologise.")."""
    apology = (_APOLOGY_WITH_SORRY if bereaved else _APOLOGY).get(doc.language, _APOLOGY["en"])
    for index, s in enumerate(plan.sentences[:2]):
        # A thanks for the message joined to a stock sorry ("Thank you for your email, and sorry to hear about your
        # situation.") is the formula too: a line put before it said "sorry to hear" twice to a customer with cancer (both
        # blind judges, 269th drafts: worse), and stacked a line on "… and apologies for any inconvenience" (274th).
        if index in removed or (len(s.words) > 8 and not _THANKS_AND_SORRY.match(s.text)) or s.list_item:
            continue
        m = apology.search(s.text)
        if m is None or _after_run_on(doc.text, s) or s.text.rstrip().endswith("!"):
            continue  # "We apologize for the trouble!" is said warmly: it stays (see `_sympathy_edit`)
        words = [w.lower() for w in _WORD.findall(s.text[m.end():])]
        # Only a formula gives way: "I'm truly sorry." is the agent's own apology and stays beside it.
        if all(w in _GENERIC_APOLOGY_WORDS or len(w) <= 2 for w in words) \
                and (_FORMULA_APOLOGY.search(s.text) or (doc.channel != "chat" and _SORRY_TO_HEAR.search(s.text))) \
                and not _SINCERE.search(s.text):
            return s
    return None


def _merge_removals(text: str, edits: list[Edit]) -> list[Edit]:
    """Sentences removed side by side become one removal (their spans share the space between them); where together
    they make a whole line, its line break goes too ("Thank you for getting in touch. Your email is important to us."
    as a paragraph left two empty lines; both blind judges, 174th drafts: broken)."""
    removals = sorted((e for e in edits if e.kind == "remove"), key=lambda e: (e.start, e.end))
    if len(removals) < 2:
        return edits
    merged: list[Edit] = []
    for e in removals:
        if merged and e.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = replace(last, end=max(last.end, e.end), rule=f"{last.rule},{e.rule}",
                                 fixes=last.fixes + e.fixes)
        else:
            merged.append(e)
    for i, e in enumerate(merged):
        start, end = e.start, e.end
        while start > 0 and text[start - 1] in " \t":
            start -= 1
        while end < len(text) and text[end] in " \t":
            end += 1
        line_end = _whole_line_end(text, start, end)
        if line_end is not None and line_end > e.end:
            merged[i] = replace(e, start=start, end=line_end)
    return [e for e in edits if e.kind != "remove"] + merged


# Feelings whose generic line still says something in a chat: a loss, an illness, a fright, a serious matter, a
# worry, sadness ("That must be worrying." to a customer whose test strips are running out).
_WEIGHTY_FEELINGS = frozenset({"loss", "illness", "shaken", "serious", "worried", "sad"})


# A customer who asks for a quick answer in words ("quick pls", "asap", "skriv bare hurtigt").
_ASKS_FOR_SPEED = re.compile(r"(?i)(?<![^\W\d_])(?:quick(?:ly)?\s+(?:pls|plz|please|answer|reply)|(?:pls|please)\s+(?:be\s+)?quick|"
                             r"asap|in\s+a\s+(?:rush|hurry)|hurry|(?:skriv|svar)\s+(?:bare\s+)?hurtigt|hurtigt\s+svar|"
                             r"har\s+travlt|haster)(?![^\W\d_])")
# A departure at a time of the day ("my train to Paris is at 17:31 … ANSWER ME": the line put in the stock apology's place,
# before the news that the shop reopens at 16:45, kept her waiting; both blind judges, 305th drafts: worse). Only for that
# place: a worried customer's chat line above the answer stays ("Our flight is at 7.10 … please tell me this is actually
# booked??", twenty-third drafts).
_DEPARTS_AT = re.compile(r"(?i)(?<![^\W\d_])(?:train|flight|plane|bus|coach|ferry|tog|toget|fly|flyet|færgen|bussen)\s+"
                         r"(?:[^\W\d_]+\s+){0,3}?(?:is\s+at|leaves\s+at|departs\s+at|går\s+kl\.?|afgår\s+kl\.?|"
                         r"kører\s+kl\.?)\s*\d{1,2}[:.]\d{2}(?!\d)")


# A reply that hopes the customer enjoyed what they complain about ("We hope you enjoyed your stay", "Vi håber, I nød
# opholdet"), or congratulates them.
_CHEERS_THE_CUSTOMER = re.compile(r"(?i)(?<![^\W\d_])(?:(?:we|i)\s+(?:hope|trust)\s+(?:that\s+)?you\s+(?:all\s+)?(?:enjoyed|had\s+a\s+"
                                 r"(?:lovely|great|wonderful|nice|good)|were\s+happy\s+with)|(?:vi|jeg)\s+håber,?\s+(?:at\s+)?"
                                 r"(?:du|I|De)\s+(?:har\s+)?(?:nød|nyder|nydt|havde\s+en\s+(?:dejlig|god|skøn)|har\s+haft\s+en\s+"
                                 r"(?:dejlig|god|skøn)|var\s+glade?\s+for)|"
                                 # Or congratulates them ("og tillykke med bilen!" beside "det er en skuffelse": both blind
                                 # judges, 192. udkast).
                                 r"tillykke|congratulations|congrats)(?![^\W\d_])")


# The findings that blame the customer (no safe rewording: they stay for the agent).
_BLAME_RULES = frozenset({"en.negative_phrasing.you_failed", "da.negative_phrasing.du_har_glemt"})


def _blames_the_customer(doc, plan: _Plan, findings) -> bool:
    """Whether the reply blames the customer in words the rewrite leaves for the agent (no `reframe` of its own:
    "you forgot to attach the receipt" becomes "It looks like the receipt wasn't attached" and counts no more)."""
    blame = [(f, plan.index_at(f.start)) for f in findings if f.rule in _BLAME_RULES and f.start is not None]
    blame = [(f, index) for f, index in blame if index is not None]
    if not blame:
        return False
    substantive = sum(1 for s in plan.sentences if not _ACKNOWLEDGEMENT_START.match(s.text))
    return any(reframe(doc.text, doc.language, plan.sentences[index], f, substantive) is None for f, index in blame)


def _generic_line_above_blame(doc, plan: _Plan, findings) -> bool:
    """Whether the line would name nothing of a customer upset with us and stand above blame that stays."""
    return feeling(doc) in _UPSET and _blames_the_customer(doc, plan, findings) and not _names_something(doc)


def _wants_acknowledgement(doc, plan: _Plan, findings, summary: dict) -> bool:
    """Whether to add an acknowledgement: only on strong evidence, and never a second one.

    The empathy stage must ask for one (the reply does not acknowledge, and there is a situation). With the
    customer's message their feeling must show: a generic "I understand you'd like this sorted out" to a
    plain question reads as a form letter, so a neutral customer gets none. Thanks for kind words only to
    a reply that does not thank or welcome them already. A reply that apologises in its own words, a part
    of a thread ("2/2") or a fragment that goes on from another message is left alone; so is a chat reply
    without the customer's message (nothing shows what they feel)."""
    if not plan.sentences or summary.get("acknowledges", True):
        return False
    if feeling(doc) == "loss" and any(_CONDOLENCE_SAID.search(s.text) for s in plan.sentences):
        return False  # the reply condoles in words of its own: a second condolence says it twice
    if said_in_words("death", message_of(doc), doc.language) and any(_SO_SORRY.fullmatch(s.text) for s in plan.sentences):
        # "I am so very sorry. Harold was one of my favourite students." to a daughter telling of her father's death: the
        # reply's own sorrow (both blind judges, 249th drafts: "I understand this has been hard for you" put before it).
        return False
    if any(reacts_to_feeling(s.text, doc.language) for s in plan.sentences):
        return False  # "That's not what we like to hear." already answers the feeling
    if _generic_line_above_blame(doc, plan, findings):
        # "I can see why you're upset." before "as you failed to confirm the booking" (or "Du skal selv holde øje med
        # ændringer i appen") rings hollow: the blame, which has no safe rewording, stays for the agent, and understanding
        # put in front of it reads as a formula (both blind judges, 276th–278th drafts: same or worse, six replies; as in
        # the 267th). Only a line that names nothing of theirs, to a customer upset with us: a line saying back what
        # happened ("I understand your delivery didn't arrive"), a condolence, a worry or thanks still go in.
        return False
    if _INTERJECTION_START.match(plan.sentences[0].text):
        # "Hm, we haven't had any reported errors …", "Oh, …": the agent's own voice opens the reply; a sentence
        # before it reads pasted on (a blind judge: "reads awkwardly").
        return False
    if _REFLECTION_START.match(plan.sentences[0].text):
        # "I can see that payment ref TT-77812 was duplicated …": the reply opens by saying back what it found; "I
        # understand you've had to get in touch …" in front of it stacks two openers of the same kind (fifty-sixth drafts).
        return False
    if doc.channel == "chat" and situation_clause(doc) is None and (
            plan.sentences[0].text.rstrip().endswith("?") or _ASKS_FOR_THE_STORY.match(plan.sentences[0].text)):
        # A chat reply that opens by asking what happened ("Whoa, what's going on?", "Tell us what happened so
        # …") has not heard the customer out yet: "I can see why …" before it claims to know already.
        return False
    if rejects_stock_answers(doc) and situation_clause(doc) is None:
        # "… no #standard #bs #answers": a stock line proves the customer's point (blind judges, rounds 4 and 5).
        return False
    if _CHEERS_THE_CUSTOMER.search(doc.text) and feeling(doc) in _UPSET | {"worried"}:
        # "We hope you enjoyed your stay at Curlew Cottage" in a reply to a guest who felt cheated: a line naming her
        # frustration above it makes the reply contradict itself (both blind judges, 188th drafts: worse).
        return False
    if doc.channel == "chat" and _ASKS_FOR_SPEED.search(message_of(doc)):
        # "can we still drop the car if we're late?? quick pls", "Skriv bare hurtigt ja/nej": a line before the answer
        # keeps a customer waiting who asked for speed (both blind judges, 154th drafts: worse; as in the 146th and
        # 149th, an urgent reply padded by a line).
        return False
    if doc.channel == "chat" and _EXCLAIMED_APOLOGY.match(plan.sentences[0].text) and situation_clause(doc) is None:
        # "Hej, sorry for besværet! jeg har tjekket …": the chat reply opens with its own warm apology; a feeling line put
        # before it stacked two lines of sympathy (both blind judges, 236. udkast: worse). A line naming what happened
        # ("at du har måttet kontakte os flere gange") says something the apology does not, and stays.
        return False
    named = _NAMES_THE_FEELING.get(feeling(doc))
    if named is not None and named[0].search(doc.text) and named[1].search(acknowledgement_sentence(doc)):
        # "Vi beklager, hvis det har givet anledning til forvirring." at the close: "Jeg kan godt forstå, at det er
        # forvirrende." above it says the confusion twice (both blind judges, 291st drafts: worse); so did "at De er
        # utilfreds" above "Vi beklager, hvis stigningen har givet anledning til utilfredshed" (both, 295th drafts: worse).
        return False
    if _sorry_for_the_wait_already(doc, plan):
        # "I can see why you're disappointed that you've been waiting a long time." above "Thanks for reaching out and
        # apologies for the delay.": the reply names the wait already, and the line stacks on it (both blind judges, 288th
        # drafts: same and worse).
        return False
    ctx = getattr(doc, "customer", None)
    if _DIRECT_ANSWER.match(plan.sentences[0].text):
        # "We shouldn't — …", "Yes, …", "No problem, I've moved you …": the reply's first words answer the customer's question;
        # a line in front of them cuts the answer off from the question (both blind judges: worse).
        return False
    greeting = doc.segmentation.greeting
    if greeting is not None and greeting.end <= plan.sentences[0].start \
            and "\n" not in doc.text[greeting.end:plan.sentences[0].start] \
            and not greeting.text.rstrip().endswith((",", "!", ".", ":", ";", "-", "–", "—")):
        # "Hi 🎃 Fɍ1sꝀɇNsŦɇƗn 👻, please DM …": the greeting runs on into the first sentence (a display name the
        # greeting did not take in); a line inserted there splits the greeting (judged broken).
        return False
    if not any(f.category == "missing_acknowledgement" for f in findings) and not (
            doc.channel == "chat" and len(_WORD.findall(doc.text)) >= CHAT_SITUATION_WORDS and calm_situation_clause(doc)):
        # In a chat the empathy stage asks only for an upset customer; a sentence that names what the customer
        # reported ("I understand your order hasn't arrived yet") still fits a calm one, as its own short line.
        return False
    first = plan.sentences[0]
    fragment = first.text[:1].islower() and not doc.text[:first.start].strip()  # no greeting before it
    # A greeting the segmentation kept in the body ("Hi Anna,all done!") must stay first.
    greeting_in_body = _GREETING_START.match(first.text) is not None
    if fragment or greeting_in_body or _is_thread_part(doc):
        return False
    if ctx is None or not getattr(ctx, "has_message", False):
        # Without the customer's message only a line that names something (what the reply is about, a refusal)
        # is worth adding: the generic "I understand you'd like this sorted out" was judged worse by both blind
        # judges of replies without a message (2026-12-03).
        return doc.channel == "email" and _names_something(doc)
    # A negative feeling read from capitals or punctuation in a happy message, or from a chat question, is
    # "neutral" here (`acknowledgement.feeling`): only a named situation is acknowledged then.
    felt = feeling(doc)
    # A situation of a class named in the customer's words is a problem, whatever the customer context says.
    problem = bool(getattr(ctx, "problem", False)) or situation_clause(doc) is not None
    if felt == "neutral" and calm_situation_clause(doc) is None:
        # A customer who reports a problem calmly ("my October invoice never came, can you resend it?") wants
        # it solved: "I understand you'd like (your invoice) sorted out" before the answer reads as filler —
        # judged worse than the plain answer in both blind judgements of real replies. Only a sentence that
        # names their situation ("I understand your refund hasn't reached you yet") is worth adding.
        return False
    if felt in ("worried", "sad") and doc.channel == "chat" and not problem and not getattr(ctx, "life_event", False) \
            and not (felt == "worried" and says_fear(message_of(doc))):
        # A worried emoji on a chat question, a joke about a gloomy Monday: nothing to acknowledge. Fear said in so many
        # words is ("I'm really worried I've harmed the baby", to a chat reply that only gives the figures).
        return False
    if _line_for_unsaid_frustration(doc):
        # Frustration read from the message's shape alone ("still", "again", capitals, "??") and named by a line that says
        # nothing of theirs ("I understand how frustrating this is.") was the weakest line the blind judges saw: over the
        # 250th–282nd drafts 10 better, 21 same, 13 worse and 2 broken, where a generic line to a customer who said their
        # worry or letdown in words was better 68 times in 80. Said back in their words, or naming what happened, it stays.
        return False
    if felt == "happy":
        # In a chat a cheerful emoji on a question or a complaint ("love you guys but the soup was cold")
        # too often reads as praise: thanks for kind words only in an e-mail. Nor where the reply apologises for what went
        # wrong: the praise was sarcasm ("Tusind tak for det FANTASTISKE telt … Især hullet i taget … var en fin detalje" to
        # "Vi beklager meget de gener …"; both blind judges, 282. udkast: "dejligt at høre, at du er så glad" was worse).
        apology = _APOLOGY.get(doc.language, _APOLOGY["en"])
        return doc.channel == "email" and not any(_THANKED.search(s.text) for s in plan.sentences[:2]) \
            and not any(apology.search(s.text) and not _REPLY_DELAY_APOLOGY.search(s.text) for s in plan.sentences)
    first = plan.sentences[0]
    replaceable = _stock_apology_sentence(doc, plan, set())  # the acknowledgement would take its place
    if replaceable is None and not _names_something(doc) \
            and _only_apology_to_the_let_down(doc, plan, 0) and any(
            f.category == "sympathy" and f.start is not None and first.start < f.start < first.end
            and doc.text[first.start:f.start].strip() for f in findings):
        # The first sentence goes on into a stock apology that stays as the reply's only one ("Tak for din henvendelse,
        # og vi beklager de gener, det måtte have medført."; `_sympathy_edit` keeps a let-down customer's apology there):
        # a generic line put right above it stacks sympathy on sympathy (both blind judges, 105. udkast, worse). A line
        # that names what happened still goes there ("We can see why it's frustrating that you've been waiting a long
        # time.", fiftieth drafts), and an apology that opens the sentence gives way to the line as the agent's own.
        return False
    if doc.channel == "chat" and felt not in _WEIGHTY_FEELINGS and _body_words(doc) < CHAT_GENERIC_WORDS \
            and not _names_something(doc) and not said_in_words("fury", message_of(doc), doc.language) \
            and replaceable is None:
        # A line that names nothing of the customer's ("That must be so frustrating.", "I can see why this has upset
        # you.") on a tweet-length reply ("Here to help! Send us a DM.") becomes half the message, and reads as the
        # stock answer: of the corpus judgements' generic lines on such replies one judge called most better and the
        # other most "boilerplate, no real gain" (and some worse), so it is not clearly better; a line that says back
        # what happened to them was better with both. Before a fuller answer (a refusal, a policy) it still sets the
        # tone, and in place of a stock apology it still goes in (the apology kept as the agent's own).
        return False
    # A reply that apologises in its own words ("I'm sorry the courier missed you") already answers the
    # feeling. In an e-mail a stock apology ("Sorry for the inconvenience") does not; in a chat line any
    # apology already stands where the acknowledgement would go, and two would crowd it.
    apology = _APOLOGY.get(doc.language, _APOLOGY["en"])
    if replaceable is not None and _SORRY_TO_HEAR.search(replaceable.text) and sorry_sentence(doc) is None \
            and felt in _REGRET_FEELINGS:
        # "Jeg er ked af at høre det." to a disappointed or sad customer is the agent's regret, the fitting answer
        # (a blind judge called trading it for "Jeg kan godt forstå, at du er skuffet" worse); with nothing
        # specific to add it stays. An angry or frustrated customer wants to be understood: it gives way.
        return False
    # To a bereaved customer a stock sympathy line ("I'm sorry you're going through this") gives way to the
    # condolence (`_sympathy_edit`), so it is no apology of the reply's own.
    stock = {plan.index_at(f.start) for f in findings if f.category == "sympathy" and f.start is not None} \
        if felt == "loss" else set()
    # An apology the sympathy rules call stock is none of the agent's own, however its clause runs on ("Vi beklager
    # eventuelle gener og takker for din tålmodighed" kept an angry customer from any acknowledgement; both blind
    # judges, twenty-sixth drafts).
    formulas = [(f.start, f.end) for f in findings if f.category == "sympathy" and f.start is not None]
    for index, s in enumerate(plan.sentences):
        if s is replaceable or index in stock:
            continue
        for m in apology.finditer(s.text):
            if doc.channel == "chat":
                return False
            if any(a <= s.start + m.start() < b for a, b in formulas):
                continue
            clause = re.split(r"[,.!?;:]", s.text[m.end():], maxsplit=1)[0]
            words = [w.lower() for w in _WORD.findall(clause)]
            if len(words) >= 3 and any(w not in _GENERIC_APOLOGY_WORDS and len(w) > 2 for w in words):
                return False
    return True


def _line_for_unsaid_frustration(doc) -> bool:
    """Whether the line would name a frustration never said (`_frustration_unsaid`) and nothing of the customer's: a
    line that says back their own word for the feeling ("at du følte dig ydmyget") is theirs, not the generic one."""
    return _frustration_unsaid(doc) and not _names_something(doc) \
        and _FRUSTRATION_NAMED.search(acknowledgement_sentence(doc)) is not None


# The generic frustration lines' own word ("frustrating", "frustrerende").
_FRUSTRATION_NAMED = re.compile(r"(?i)frustr")


def _frustration_unsaid(doc) -> bool:
    """Whether the feeling is a frustration the customer never said in words (read from capitals, "still", "??")."""
    return feeling(doc) == "frustrated" and not said_in_words("annoyance", message_of(doc), doc.language) \
        and not said_in_words("fury", message_of(doc), doc.language)


def _body_words(doc) -> int:
    """The reply's words outside its protected tokens (links, handles, signatures, hashtags)."""
    text, kept = doc.text, []
    at = 0
    for start, end, _kind in sorted(doc.segmentation.protected):
        if start >= at:
            kept.append(text[at:start])
            at = end
    kept.append(text[at:])
    return len(_WORD.findall(" ".join(kept)))


def _names_something(doc) -> bool:
    """Whether the acknowledgement for this reply says more than the generic line for its feeling (a situation,
    the customer's or the reply's topic, a refusal)."""
    return acknowledgement_sentence(doc) != acknowledgement_sentence(doc, specific=False)


def _is_thread_part(doc) -> bool:
    """Whether the reply is one part of a thread of messages ("1/2", "2/2" or a protected thread marker)."""
    if any("thread" in kind for _s, _e, kind in doc.segmentation.protected):
        return True
    return bool(_THREAD_MARKER.search(doc.text))


# An apology that says it is said again ("Vi beklager endnu engang", "Once again, we apologise").
_APOLOGY_AGAIN = re.compile(r"(?i)(?<![^\W\d_])(?:(?:beklager|undskyld\w*|apologi[sz]e|sorry)[^.!?\n]{0,40}?"
                            r"(?:endnu\s+en\s*gang|igen|once\s+again|again)|(?:endnu\s+en\s*gang|once\s+again|again)"
                            r"[^.!?\n]{0,20}?(?:beklager|apologi[sz]e|sorry))(?![^\W\d_])")


def _sympathy_edit(doc, plan: _Plan, finding, index: int, acknowledged: bool, place_acknowledgement: bool,
                   notes: dict, findings, *, added: bool = False, put_in: str | None = None) -> Edit | None:
    """The edit for a stock sympathy phrase: its WHOLE clause is replaced (or its sentence removed).

    The rule's match may be only the start of the clause ("I'm sorry for the inconvenience" + "you've
    experienced"); the edit reaches to the clause end, or leaves a clause that names the situation (a
    specific apology) as it is. Where the reply already acknowledges, a stock sentence is removed rather
    than turned into a second "I understand"."""
    text = doc.text
    sentence = plan.sentences[index]
    clause_start, clause_end, stop = _stock_clause(text, sentence, finding.start, finding.end)
    if clause_start is None:
        notes[finding.id] = "specific_apology"
        return None
    if shares_its_subject(text, clause_end):
        # "We apologize for any inconvenience … and look forward to welcoming you": the next verb needs the "We"
        # ("Look forward to welcoming you …" was left without one; seventh drafts, broken with both judges).
        # To an upset customer the formula becomes the agent's own apology and keeps its subject ("We're sorry about
        # this and thank you for bringing it to our attention"): an acknowledgement put before the formula stacked two
        # stock lines (both blind judges, seventy-third drafts: worse).
        formula = _FORMULA_WITH_A_SUBJECT.fullmatch(text[clause_start:clause_end])
        if formula is not None and doc.language == "en" and feeling(doc) not in ("neutral", "happy", "loss") \
                and (place_acknowledgement or acknowledged):
            # In the acknowledgement's voice ("I can see why you're upset. I'm sorry about this and thank you …"):
            # "I … We're" beside each other read as two writers.
            own = in_reply_address(doc, "I'm sorry about this")
            return Edit(clause_start, clause_end, own, finding.rule, priority=20, fixes=(finding.id,), kind="clause")
        notes[finding.id] = "worse"
        return None
    bereaved = feeling(doc) == "loss" and place_acknowledgement
    wait = _wait_apology_edit(doc, sentence, finding)
    if wait is not None:
        return wait
    # "We apologize for the trouble!": said with an exclamation mark the formula is warm, and blind judges called
    # dropping it worse (three times, one of them "We apologize for the trouble!").
    exclaimed = text[clause_end:clause_end + 1] == "!"
    whole = plan.covered_share(index, clause_start, clause_end) >= 0.99 or (
        text[sentence.start:clause_start].strip() == "" and stop in ".!?")
    if acknowledged and not place_acknowledgement and whole and len(plan.sentences) > 1 and feeling(doc) == "loss" \
            and said_in_words("death", getattr(doc, "customer_message", None), doc.language) \
            and _FOR_WHAT_HAPPENED.search(text[clause_start:clause_end]):
        # To a widow "Vi beklager det skete" is a stiff condolence, no apology for a fault of ours: beside the condolence
        # put before it, it said the same twice (both blind judges, 74. udkast: worse).
        return _removal_edit(text, sentence, finding.rule, (finding.id,))
    if not bereaved and (not _FORMULA_APOLOGY.search(text[clause_start:clause_end]) or exclaimed
                         or _SINCERE.search(text[clause_start:clause_end])):
        # "I'm truly sorry", "My apologies for that": a plain apology for what went wrong is the agent's
        # own, and dropping it reads colder; only the formula ("for any inconvenience") gives way.
        notes[finding.id] = "judgement"
        return None
    if not whole and any(_APOLOGY_AGAIN.search(s.text) for s in plan.sentences[index + 1:]):
        # "Tak for din henvendelse, og vi beklager de gener …" then "Vi beklager endnu engang …": a clause cannot carry
        # the agent's own apology, and without it the later one apologises "again" for nothing (both blind judges,
        # twenty-fourth drafts). A whole sentence becomes the acknowledgement and "Det beklager jeg." instead.
        notes[finding.id] = "judgement"
        return None
    if bereaved and whole and reports_our_mistake(text, doc.language) \
            and _only_apology_to_the_let_down(doc, plan, index, bereaved=True):
        # A condolence does not apologise for the mistake the reply reports ("the card text … was entered incorrectly"):
        # in the apology's place it left the misprinted funeral card unapologised for (both blind judges, 267th drafts:
        # worse). The apology stays; the condolence opens the reply, as for the 192nd drafts' death notice.
        notes[finding.id] = "judgement"
        return None
    if place_acknowledgement and whole:
        edit = _acknowledgement_in_place(doc, plan, index, findings)
        return replace(edit, fixes=edit.fixes + (finding.id,))
    if acknowledged:
        if whole and len(plan.sentences) > 1 and (added or _said_elsewhere(doc, plan, index)):
            # An acknowledgement added elsewhere (before the opening thanks) does not apologise: the reply's only
            # apology, to a customer the company let down, stays as the agent's own ("I'm sorry about this.";
            # both blind judges, eighth drafts: the apology was gone).
            # So does the only apology beside a sentence that merely says it understands ("we understand this may
            # not have been received"; both blind judges, fourteenth drafts: worse to a customer stood up twice).
            owned = _owned_apology(doc, plan, index, after=put_in) if text[sentence.start:sentence.end].rstrip()[-1:] == "." \
                else None

            if owned:
                return Edit(sentence.start, sentence.end, owned, finding.rule, priority=20, fixes=(finding.id,),
                            kind="clause")
            if _only_apology_to_the_let_down(doc, plan, index, bereaved=True):
                notes[finding.id] = "judgement"  # a closing apology that is the only one stays as written
                return None
            if index > 0 and _EXPLAINS_A_DELAY.search(plan.sentences[index - 1].text):
                # "Regarding the delay, this was due to a high volume of vehicles. We apologize for any inconvenience.":
                # the apology is for the delay just explained, not for what the acknowledgement names (the scratch);
                # without it the excuse stood bare (both blind judges, 186th drafts: worse).
                notes[finding.id] = "judgement"
                return None
            return _removal_edit(text, sentence, finding.rule, (finding.id,))
        notes[finding.id] = "judgement"
        return None
    if not _usable(finding):
        notes[finding.id] = "no_replacement"
        return None
    ctx = getattr(doc, "customer", None)
    if ctx is None or not getattr(ctx, "has_message", False):
        # Without the customer's message their feeling is unknown: "I understand how frustrating this is" for
        # "Sorry for the trouble" trades one stock line for another and loses the apology (both blind judges:
        # "same" five times, "worse" for "Sorry for the confusion"; 2026-12-03). The finding stays on its card;
        # only a formula repeating an apology the reply makes in its own words goes (both: better).
        if whole and len(plan.sentences) > 1 and _said_elsewhere(doc, plan, index):
            return _removal_edit(text, sentence, finding.rule, (finding.id,))
        notes[finding.id] = "judgement"
        return None
    # The rule's "I understand how frustrating this is" fits a frustrated customer only: the customer's own
    # feeling is named instead, and to a calm or cheerful one the apology stays as written.
    if feeling(doc) in ("neutral", "happy"):
        notes[finding.id] = "judgement"
        return None
    # The customer's situation, where the message states one the reply is about ("… that nobody turned up as
    # arranged"): of the blind verdicts on the 122nd–144th drafts, 63 % called a line with a feeling and the situation
    # better, 44 % a generic one. Not the topic: a noun copied from the message misnamed the trouble as often as not.
    # Nor a situation said plainly ("Jeg kan forstå, at din pakke ikke er kommet endnu"): in place of an apology to an
    # upset customer it would drop their feeling.
    if feeling(doc) == "loss" and _condoles_elsewhere(plan, index):
        # The reply condoles already ("I'm so sorry about your mum"): a condolence in the stock apology's place said it
        # twice (both blind judges, 194th drafts). The apology stays as written.
        notes[finding.id] = "judgement"
        return None
    replacement = acknowledgement_sentence(doc, name_topic=False, plain=False)
    if not _points_back_to_the_customer(doc, clause_start):
        replacement = standing_alone(doc, replacement)
    replacement = replacement.rstrip(".")
    owned = _owned_apology(doc, plan, index, alone=False, after=replacement) if whole and stop in ".!" else None
    if owned and not text[sentence.start:clause_start].strip():
        # The reply's only apology, to a customer the company let down, stays as the agent's own ("We apologise for
        # any inconvenience caused." to a father left waiting for dialysis a third time: both blind judges,
        # eighteenth drafts, called losing it worse). After a greeting that runs on ("Hej, vi beklager …") it goes on
        # in lower case ("Hej, Jeg forstår …" was broken with both blind judges, thirtieth drafts).
        if _after_run_on(text, sentence) and not replacement.startswith("I "):
            replacement = replacement[0].lower() + replacement[1:]
        return Edit(clause_start, clause_end, f"{replacement}. {owned.rstrip('.')}", finding.rule, priority=15,
                    fixes=(finding.id,))
    before = text[sentence.start:clause_start].rstrip()
    if (before or not whole) and _only_apology_to_the_let_down(doc, plan, index):
        # "… sker normalt 14-21 dage efter godkendelse, vi beklager ulejligheden." to a customer who has chased a refund
        # twice: the feeling put in the apology's place lost the reply's only apology (both blind judges, 37. udkast).
        # So is one that opens a sentence going on ("I apologize for any confusion, What part of …" to a customer who
        # says he was lied to: both blind judges of the corpus round of 5 December, evening: worse).
        notes[finding.id] = "judgement"
        return None
    if not whole and _POINTS_BACK.search(text, clause_end, sentence.end):
        # "Vi beklager ulejligheden, men der kan derfor ikke ydes refusion": the rest of the sentence draws its "derfor"
        # from the reason before the apology, and a feeling put between them makes the refusal follow from the
        # customer's anger (both blind judges, 90. udkast: broken). The apology stays with its finding.
        notes[finding.id] = "judgement"
        return None
    if before.endswith(",") and len(_WORD.findall(before)) > 2 and not _GREETING_START.match(before):
        # "Tak for din henvendelse, og vi beklager de gener …": the acknowledgement is a sentence of its own, not a
        # clause spliced on with a comma (both blind judges, twenty-fourth drafts).
        comma = sentence.start + len(before) - 1
        return Edit(comma, clause_end, ". " + replacement[0].upper() + replacement[1:], finding.rule, priority=15,
                    fixes=(finding.id,))
    if (before.endswith((",", "–", "—", "-")) or (not before and _after_run_on(text, sentence))) \
            and not replacement.startswith("I "):
        # "Hi Marcus, sorry for the trouble." → "Hi Marcus, that must be really frustrating." (the greeting runs on; "Hi
        # Marcus, That must be …" was a capital after a comma, 215th drafts).
        replacement = replacement[0].lower() + replacement[1:]
    elif not before or before.endswith((".", "!", "?")):
        replacement = replacement[0].upper() + replacement[1:]
    end = clause_end
    if stop in (",", ";", "and", "og", "but", "men") and not whole:
        # The sentence goes on: the replacement ends its own sentence and the rest starts a new one.
        m = re.compile(r"\s*(?:,|;|and|og|but|men)?\s*(?:(?:and|og)\s+)?", re.IGNORECASE).match(text, clause_end)
        rest = m.end()
        # A short rest is an address or an aside ("…, Anna."): it stays on the replacement's sentence.
        if rest < sentence.end and text[rest].isalpha() and len(_WORD.findall(text[rest:sentence.end])) > 3:
            return Edit(clause_start, rest + 1, replacement + ". " + _sentence_initial(text, rest), finding.rule,
                        priority=15, fixes=(finding.id,))
    return Edit(clause_start, end, replacement, finding.rule, priority=15, fixes=(finding.id,))


# A sentence that explains a delay of ours ("Regarding the delay, this was due to …", "Forsinkelsen skyldes …").
_EXPLAINS_A_DELAY = re.compile(
    r"(?i)(?<![^\W\d_])(?:delay\w*|wait\w*|forsinkelse\w*|ventetid\w*)(?![^\W\d_])[^.!?\n]*?(?<![^\W\d_])(?:due\s+to|because|"
    r"caused\s+by|owing\s+to|skyldes|skyldtes|på\s+grund\s+af|fordi)(?![^\W\d_])|(?<![^\W\d_])(?:due\s+to|because\s+of|"
    r"caused\s+by|owing\s+to|på\s+grund\s+af)(?![^\W\d_])[^.!?\n]*?(?<![^\W\d_])(?:delay\w*|forsinkelse\w*|ventetid\w*)(?![^\W\d_])")
# A connective that draws its reason from what came before ("derfor", "therefore").
_POINTS_BACK = re.compile(r"(?i)(?<![^\W\d_])(?:derfor|dermed|således|af\s+den\s+grund|therefore|thus|hence|consequently|"
                          r"for\s+that\s+reason|as\s+a\s+result)(?![^\W\d_])")


# "Apologies for the wait." / "Vi beklager ventetiden." as a sentence of its own.
_WAIT_APOLOGY = re.compile(
    r"(?i)^\W*(?:(?:(?:we|i)\s+)?(?:apologi[sz]e|are\s+sorry|am\s+sorry)|(?:we['’]re|i['’]m)\s+sorry|(?:my|our)\s+apologies"
    r"|apologies|sorry)\s+(?:for|about)\s+(?:the|your|such\s+a)\s+(?:long\s+)?(?:wait|waiting(?:\s+time)?|wait\s+time|hold\s+time)"
    r"\W*$|^\W*(?:vi|jeg)\s+beklager\s+(?:den\s+lange\s+)?ventetid(?:en)?\W*$")


def _wait_apology_edit(doc, sentence, finding) -> Edit | None:
    """"Apologies for the wait." to a customer who says how long they waited: the apology says what it is about
    ("I'm sorry to hear you've been kept waiting on hold."), the agent's regret kept, as a stock "Sorry to hear
    that" becomes; None for any other apology or situation."""
    if not _WAIT_APOLOGY.match(sentence.text):
        return None
    situation = customer_situation(doc)
    if situation is None or not situation.wait:
        return None
    sorry = sorry_sentence(doc)
    if sorry is None:
        return None
    return Edit(sentence.start, sentence.end, sorry, finding.rule, priority=15, fixes=(finding.id,))


def _owns_the_fault(doc, plan: _Plan, index: int) -> bool:
    """Whether another sentence apologises and says the fault was the company's own ("that's our fault", "det er vores
    fejl", "I should have written")."""
    apology = _APOLOGY.get(doc.language, _APOLOGY["en"])
    owned = _OWN_FAULT.get(doc.language, _OWN_FAULT["en"])
    return any(apology.search(s.text) and owned.search(s.text) and not _REPLY_DELAY_APOLOGY.search(s.text)
               for i, s in enumerate(plan.sentences) if i != index)


# The customer asks us to correct a mistake of ours ("Kan I rette det?", "Could you correct the spelling?").
_ASKS_TO_PUT_RIGHT = re.compile(
    r"(?i)(?<![^\W\d_])(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?(?:correct|fix|amend|reprint)\s+(?:it|this|that|the\s+\w+)|"
    r"spel(?:t|led)\s+(?:\w+\s+){0,2}?wrong(?:ly)?|misspel\w*|the\s+wrong\s+name|"
    r"(?:kan|vil)\s+(?:I|De)\s+(?:godt\s+|venligst\s+|ikke\s+)?rette\s+(?:det|den|dem|navnet|fejlen|stavefejlen)|"
    # "Kan det rettes på en eller anden måde?" of a misspelt name in an obituary (229. udkast).
    r"kan\s+(?:det|den|navnet|fejlen)\s+(?:blive\s+)?rett(?:es|et)|can\s+(?:it|this|that|the\s+\w+)\s+be\s+(?:corrected|fixed|put\s+right)|"
    r"stavet\s+forkert|forkert\s+stavet|forkert\s+navn|stavefejl\w*)(?![^\W\d_])")
# An apology said with an exclamation mark as a sentence of its own ("sorry for besværet!", "So sorry about that!").
_EXCLAIMED_APOLOGY = re.compile(r"(?i)\W*(?:(?:so|really|very|super|mega|rigtig|virkelig)\s+)?(?:sorry|beklager|undskyld)"
                                r"(?![^\W\d_])[^.!?\n]*!+\s*$")
# Sorrow said as a sentence of its own ("I am so very sorry.", "Jeg er så ked af det.").
_SO_SORRY = re.compile(r"(?i)\W*(?:i\s+am|i[\'’]m|we\s+are|we[\'’]re)\s+(?:so\s+|very\s+|truly\s+|deeply\s+|really\s+)+sorry\W*|"
                       r"\W*(?:jeg|vi)\s+er\s+(?:så|virkelig|rigtig|utrolig|dybt)\s+(?:ked|kede)\s+af\s+det\W*")
# A wrong item the reply says we sent ("den fejlsendte vare", "we sent you the wrong size").
_SENT_THE_WRONG_ITEM = re.compile(r"(?i)(?<![^\W\d_])(?:fejlsendt\w*|fejlleveret\w*|fejlpakket\w*|(?:sendt|leveret|pakket)\s+(?:dig\s+|jer\s+|Dem\s+)?"
                                  r"(?:en\s+|et\s+|den\s+|det\s+)?forkert\w*|(?:sent|delivered|packed)\s+(?:you\s+)?(?:the\s+|a\s+)?wrong|"
                                  r"wrongly\s+(?:sent|delivered|packed))(?![^\W\d_])")
# The company's own fault, said by the reply.
_OWN_FAULT = {
    "en": re.compile(r"(?i)(?<![^\W\d_])(?:(?:I|we)\s+should\s+have|we\s+(?:got|made)\s+(?:this|it|that)\s+wrong|"
                     r"(?:our|my)\s+(?:mistake|fault|error))(?![^\W\d_])"),
    "da": re.compile(r"(?i)(?<![^\W\d_])(?:det\s+(?:er|var)\s+(?:helt\s+)?(?:vores|min)\s+skyld|(?:vi|jeg)\s+burde\s+have|"
                     r"(?:vores|min)\s+(?:egen\s+)?fejl)(?![^\W\d_])"),
}


def _said_elsewhere(doc, plan: _Plan, index: int) -> bool:
    """Whether another sentence apologises or says it understands, so the stock one may go.

    A reaction alone ("That's not good.") is no apology: the reply's only "sorry" stays beside it."""
    apology = _APOLOGY.get(doc.language, _APOLOGY["en"])
    return any((apology.search(s.text) and not _REPLY_DELAY_APOLOGY.search(s.text) and not _SORRY_THEY_FEEL.search(s.text))
               or _UNDERSTANDS.search(s.text) for i, s in enumerate(plan.sentences) if i != index)


# Sorry for the customer's reaction, not for what went wrong ("We are sorry to hear that you were not satisfied with your
# recent purchase", "Vi beklager, at du ikke er tilfreds"): the reply's other apology stays beside it (both blind judges,
# 160th drafts: a parent whose nut-free cake had nuts was left with no apology).
_SORRY_THEY_FEEL = re.compile(
    r"(?i)(?:sorry|beklager|ked\s+af)\b[^.!?\n]{0,20}?\b(?:that\s+|at\s+)?(?:you|du|De|I)\s+(?:were|are|have\s+been|felt|feel|er|var|har\s+været|føler|følte)\s+"
    r"(?:not\s+(?:fully\s+|entirely\s+)?(?:satisfied|happy)|dissatisfied|unhappy|disappointed|that\s+way|this\s+way|"
    r"ikke\s+(?:helt\s+)?tilfreds|utilfreds|skuffe[dt]e?|sådan|det\s+sådan)\b|"
    # "We are sorry to hear about your experience" names nothing that went wrong: to a man whose sofa never came it was
    # all that was left when the closing apology went (both blind judges, 187th drafts: worse).
    # Nor "We are sorry to hear about the issues reported" (a holiday let found dirty; both blind judges, 196th drafts).
    r"(?:sorry|ked\s+af)\s+to\s+(?:hear|learn|read)\s+(?:about|of)\s+(?:your|this|that|the|these|those)\s+(?:recent\s+)?"
    r"(?:experience|situation|feedback|concerns?|issues?|problems?)\b|ked\s+af\s+at\s+høre\s+om\s+(?:din|Deres|jeres)\s+oplevelse\b")


# An apology for the reply's own lateness ("Apologies for the delay in responding."): it does not apologise for what went
# wrong, so the reply's other apology stays (both blind judges, fifty-sixth drafts: a band whose test pressings were four
# weeks late lost its only apology for them; "beklager den sene besvarelse" beside a wrong and broken order, 80. udkast;
# "undskyld den sene tilbagemelding" beside medicine sent to a wrong address, 111. udkast).
_REPLY_DELAY_APOLOGY = re.compile(
    r"(?i)(?:sorry|apologi[sz]e\w*|apologies|beklager|undskyld\w*)\b[^.!?\n]{0,30}?(?:(?:delay|wait)\s+(?:in\s+)?(?:responding|replying|"
    r"response|reply|getting\s+back)|(?:late|slow|delayed)\s+(?:reply|response|answer)|(?:sene|sent|forsinkede?)\s+(?:svar|besvarelse|tilbagemelding|tilbagesvar|respons)|(?:lange|langsomme)\s+(?:svartid|sagsbehandlingstid)|"
    r"ventetiden\s+på\s+(?:et\s+)?svar|at\s+(?:vi\s+|jeg\s+)?(?:først\s+)?svarer\s+(?:nu|først\s+nu|sent))")


# The reply names the customer's feeling in words of its own, and the line would say the same word: by the feeling, (the
# reply's word, the line's word).
_NAMES_THE_FEELING = {
    "confused": (re.compile(r"(?i)(?<![^\W\d_])(?:forvirring\w*|forvirrende|forvirret|confusion|confusing|confused)(?![^\W\d_])"),
                 re.compile(r"(?i)forvirr|confus")),
    "angry": (re.compile(r"(?i)(?<![^\W\d_])utilfredshed\w*(?![^\W\d_])"), re.compile(r"(?i)utilfreds")),
    "disappointed": (re.compile(r"(?i)(?<![^\W\d_])(?:skuffelse\w*|disappointment)(?![^\W\d_])"),
                     re.compile(r"(?i)skuffe|disappoint")),
}
# An apology for the wait itself ("apologies for the delay", "sorry for the long wait", "Vi beklager ventetiden").
_SORRY_FOR_THE_WAIT = re.compile(r"(?i)(?:sorry|apologi[sz]e\w*|apologies|beklager)\s+(?:for|about)?\s*(?:the|this|your|den|din)?\s*"
                                 r"(?:long\s+|lange\s+)?(?:delay|wait|ventetid(?:en)?|forsinkelse(?:n)?)(?![^\W\d_])")


def _sorry_for_the_wait_already(doc, plan: _Plan) -> bool:
    """Whether the customer's situation is a wait and one of the reply's first two sentences apologises for it."""
    situation = customer_situation(doc)
    return situation is not None and situation.wait and any(_SORRY_FOR_THE_WAIT.search(s.text) for s in plan.sentences[:2])


# A formula apology: its object is the form letter's ("any inconvenience", "ulejligheden"), or it has none
# ("We apologise.", "Vi beklager."). These are what the rewrite replaces with the customer's feeling. "Sorry
# for the frustration" names the feeling already: "I understand how frustrating this is" in its place reads
# the same (judged "same" blind), so it stays as the agent wrote it.
_FORMULA_APOLOGY = re.compile(
    r"(?i)(?<!\w)(?:inconvenien\w*|confusion|trouble\w*|hassle\w*|disruption\w*|situation\w*|"
    r"ulejlighed\w*|besvær\w*|gener(?:ne)?|forvirring\w*|"
    # "We apologise for this.", "Vi beklager det.": an apology whose object is only a pronoun names nothing.
    r"^\W*(?:(?:we|i)\s+)?(?:apologi[sz]e|beklager)(?:\s+(?:for\s+)?(?:this|that|it|det|dette))?\W*$|"
    r"^\W*(?:vi|jeg)\s+beklager(?:\s+(?:det|dette))?\W*$)(?!\w)")


# "Jeg er ked af at høre det.", "Sorry to hear that.": beside the acknowledgement it says the same twice (judged
# "same" blind: "the extra line stacks a second one"), so in an e-mail the acknowledgement takes its place. In a
# chat line no acknowledgement is put beside an apology, so it stays: there it is the agent's word of sympathy.
_SORRY_TO_HEAR = re.compile(r"(?i)^\W*(?:(?:i'?m|i\s+am|we'?re|we\s+are|so|really|very|jeg\s+er|vi\s+er|det\s+er\s+jeg)\s+)*"
                            r"(?:sorry|kede?\s+af)(?:\s+(?:to\s+hear|at\s+høre))(?:\s+(?:that|this|it|det|dette))?"
                            r"(?:\s+(?:at\s+høre))?\W*$")


# "I'm truly sorry for the inconvenience": the agent means it, and where the company let the customer down
# the apology matters more than the wording (the blind judgement called dropping it worse).
_SINCERE = re.compile(r"(?i)(?<!\w)(?:truly|deeply|sincerely|really|so|very|terribly|incredibly|virkelig|"
                      r"oprigtigt|inderligt|meget)\s+(?:sorry|apologi[sz]e|beklager|ked)(?!\w)|"
                      # "I'm sorry for the trouble!": the agent's own apology in the first person singular for what
                      # the customer went through (two blind verdicts called dropping it worse); "the
                      # inconvenience" stays the formula.
                      r"^\W*(?:(?:i'?m|i\s+am)\s+sorry(?:\s+(?:for|about)\s+(?:the|all\s+the|this)\s+(?:trouble|hassle|confusion|"
                      r"mix-up|mess))?|(?:jeg|vi)\s+er\s+kede?\s+af(?:\s+(?:besværet|balladen|forvirringen|rodet))?)\W*$")


def _stock_clause(text: str, sentence, start: int, end: int) -> tuple[int | None, int, str]:
    """The clause around a stock phrase: (start, end, what stops it); start None for a specific apology."""
    m = _CLAUSE_END.search(text, end, sentence.end)
    clause_end = m.start() if m else sentence.end
    stop = (m.group().strip().lower() if m else ".") or "."
    tail = text[end:clause_end]
    if tail.strip() and not _STOCK_TAIL.match(tail):
        return None, end, stop  # the clause goes on to name the situation: a specific apology
    clause_start = start
    head = text[sentence.start:start]
    cut = max(head.rfind(","), head.rfind(";"), head.rfind(":"))
    prefix = head[cut + 1:] if cut >= 0 else head
    if len(_WORD.findall(prefix)) <= 2:  # "Again, …", "And we …": part of the stock clause
        clause_start = sentence.start + (cut + 1 if cut >= 0 else 0)
        while clause_start < start and text[clause_start].isspace():
            clause_start += 1
    else:
        return None, end, stop
    # Keep the clause's own trailing spaces out of the edit.
    while clause_end > end and text[clause_end - 1].isspace():
        clause_end -= 1
    return clause_start, clause_end, stop


# An apology in the agent's own words, kept beside the acknowledgement where the stock one was the reply's only one.
_OWNED_APOLOGY = {"da": "Det beklager jeg.", "en": "I'm sorry about this."}


def _owned_apology(doc, plan: _Plan, index: int, *, alone: bool = True, after: str | None = None) -> str | None:
    """"Det beklager jeg." where the stock apology at `index` is the reply's only one and the customer is upset about
    a problem: the company let them down (a technician who never came, a sold hotel room), and two blind judges in
    three rounds called the reply that lost its only apology worse (fifth to seventh drafts)."""
    if (alone and index > 1) or not _only_apology_to_the_let_down(doc, plan, index):
        # Standing alone at the close "Det beklager jeg." apologises for the sentence before it ("SLA'en anses altså for
        # overholdt. Det beklager jeg."; both blind judges, fifteenth drafts: broken): there only the opening apology
        # becomes the agent's own. After the acknowledgement put in its place it follows that (`alone=False`).
        return None
    if alone and doc.language == "da" and (index == 0 or (index == 1 and _OPENING_THANKS.match(plan.sentences[0].text))) \
            and any(_UNDERSTANDS.search(s.text) or reacts_to_feeling(s.text, doc.language) for s in plan.sentences):
        # The Danish reply's first sentence once an opening thanks goes where it acknowledges in words of its own ("det er
        # nervepirrende så tæt på brylluppet"): "Det beklager jeg." would open the reply with nothing for its "Det" to point
        # to (205. udkast, on re-reading the fix for its lost apology). The stock apology stays as written there.
        return None
    if alone and index == 1 and _CONFIRMS_RECEIPT.match(plan.sentences[0].text):
        # The acknowledgement goes before the first sentence, and a receipt confirmed there stays: "Det beklager jeg." after
        # "Vi bekræfter modtagelsen af Deres henvendelse" regrets the message (both blind judges, 174. udkast: broken). The
        # stock apology stays as written there. (A stock thanks there gives way to the acknowledgement, which it follows.)
        return None
    if doc.language == "en" and _UPHOLDS["en"].search(doc.text):
        # A reply that holds the charge to be right ("the payment was taken correctly") contradicts "I'm sorry about this."
        # said in the stock apology's place (both blind judges, 318th drafts: worse), as the Danish one below.
        return None
    owned = _OWNED_APOLOGY.get(doc.language)
    # `after`: the acknowledgement it follows, where the caller put a wording of its own.
    if doc.language == "da" and _FEELING_ONLY.search((after or acknowledgement_sentence(doc)).rstrip(".") + "."):
        # After "Jeg kan godt forstå, at du er utilfreds." the "Det" of "Det beklager jeg." is the customer's feeling: an
        # apology for being unhappy, not for the bus that never came (both blind judges, 61. udkast).
        if _UPHOLDS["da"].search(doc.text):
            # A reply that finds no fault and holds the customer to the bill ("der ikke er konstateret fejl, hvorfor
            # opgørelsen fastholdes") contradicts "Vi beklager, at det er sket" (145. udkast: a blind judge, worse; the
            # same after refusals split the judges before).
            return None
        owned = _OWNED_APOLOGY_FOR_WHAT_HAPPENED.get(doc.language)
    elif owned and owned.endswith(" about this.") and " about " in (after or acknowledgement_sentence(doc)).casefold():
        # "… upset about this. I'm sorry about this." (or "… frustrated about your bike fit. I'm sorry about this.") says
        # "about" twice, and the echo check gave the line up: the reply lost its only apology, or an angry customer kept
        # "sorry for any inconvenience" (twenty-fifth, thirty-third and 130th drafts).
        owned = owned.removesuffix(" about this.") + "."
    return in_reply_address(doc, owned) if owned else None


# A first sentence that confirms the message came.
_CONFIRMS_RECEIPT = re.compile(r"(?i)\s*(?:(?:we|i)\s+(?:acknowledge|confirm|have\s+received|received)|"
                               r"(?:vi|jeg)\s+(?:bekræfter|kvitterer|har\s+modtaget))(?![^\W\d_])")
# A reply that finds no fault of ours and upholds what the customer disputes.
_UPHOLDS = {
    "da": re.compile(r"(?i)(?<![^\W\d_])(?:fastholde[rs]?|ikke\s+(?:er\s+)?(?:blevet\s+)?(?:konstateret|fundet)\s+(?:nogen\s+)?fejl|"
                     r"(?:er|blev)\s+(?:opkrævet|beregnet|opgjort|pålagt|udstedt)\s+(?:korrekt|med\s+rette))(?![^\W\d_])"),
    "en": re.compile(r"(?i)(?<![^\W\d_])(?:(?:was|were|has\s+been|have\s+been|is|are)\s+(?:taken|charged|applied|issued|"
                     r"calculated|billed|debited|raised)\s+correctly|(?:charge|fee|payment|invoice|penalty|fine)\s+(?:was|is)\s+"
                     r"(?:correct|valid|due)|(?:we|i)\s+(?:must|have\s+to)\s+uphold|(?:is|was|remains)\s+upheld)(?![^\W\d_])"),
}
# An acknowledgement that names only the customer's state ("…, at du er utilfreds.", "…, at De er vred.").
_FEELING_ONLY = re.compile(r"(?<![^\W\d_])(?:at\s+(?:du|De|I)\s+er\s+(?:\w+\s+)?[^\W\d_]+|(?:at|hvor\s+[^\W\d_]+)\s+det\s+"
                           r"(?:her\s+)?er\s+(?:[^\W\d_]+\s+)?for\s+(?:dig|Dem|jer))\.$")
_OWNED_APOLOGY_FOR_WHAT_HAPPENED = {"da": "Jeg beklager, at det er sket."}


# Signal families of a company that failed the customer though no fault word stands in the message ("THREE WEEKS. I've
# called four times and … nobody does": both blind judges, eighteenth drafts, called losing the apology worse).
# Money taken that the customer did not owe is a let-down too ("Alligevel er der trukket 899 kr. … for kasser jeg ikke har
# bestilt": both blind judges, 60. udkast, called losing the reply's only apology worse).
_LET_DOWN_SIGNALS = frozenset({"repeat_fault", "repeat", "nothing_came", "promise", "unresolved", "counted_wait", "charge"})

# An angry, frustrated or disappointed customer writing a letter is let down whatever the message names: across the
# blind rounds (thirty-second to sixtieth drafts) an e-mail that lost its only apology to one of them beside a line
# naming the feeling was judged worse 27 times in 34 verdicts (better 3), each time for a problem word the message
# lacked. In a chat line the acknowledgement stands where the apology was and was judged better.
_UPSET = frozenset({"angry", "frustrated", "disappointed"})


# A reply that holds the customer to terms, a policy or a restriction, or finds nothing left ("As per our Terms &
# Conditions, … Unfortunately there are no private rooms available tonight", "due to licensing agreement restrictions").
# Said in chat to an upset customer, its only apology is all that meets their feeling: both blind judges called losing it
# worse in all eight chat replies that did, over the drafts and the corpus round of 5 December. So it is to an angry one
# whatever the reply says ("Vi beklager ulejligheden" gone for "rigtig utilfreds" to a fan without tickets: both blind
# judges, 98. udkast, worse); to a merely frustrated one the line in its place was judged better where the reply puts the
# fault with the customer (87. udkast).
_STANDS_BY_A_RULE = {
    "en": re.compile(r"(?i)\b(?:as\s+per|per|in\s+line\s+with|in\s+accordance\s+with|under|according\s+to|due\s+to)\s+"
                     r"(?:our|the|your)\s+(?:[\w-]+\s+)?(?:terms|t&cs?|policy|policies|conditions|rules|restrictions?|agreements?)\b|"
                     r"\brestrictions?\b|\bnon-?refundable\b|\bno\s+(?:\w+\s+){0,2}(?:available|left)\b"),
    "da": re.compile(r"(?i)(?:\bi\s+henhold\s+til|\biht\.|\bjf\.|\bifølge|\bpå\s+grund\s+af)\s+(?:vores|de|gældende|jeres)\s+"
                     r"(?:\w+\s+)?\w*(?:betingelser|vilkår|regler|regulativ|reglement|politik|aftaler?)\b|\brestriktion\w*|"
                     r"\bikke\s+(?:refunderes|refunderbar\w*)\b|\bingen\s+(?:\w+\s+){0,2}(?:ledige|tilbage)\b"),
}


def _stands_by_a_rule(doc) -> bool:
    """Whether the reply holds the customer to a rule or refuses them (`_STANDS_BY_A_RULE`, `refuses`)."""
    rule = _STANDS_BY_A_RULE.get(doc.language)
    return refuses(doc) or (rule is not None and rule.search(doc.text) is not None)


# A condolence said in a sentence of the reply's own.
_CONDOLENCE_SAID = re.compile(r"(?i)sorry\s+(?:for|about)\s+your\s+(?:loss|bereavement)|condolences?|kondolence\w*|kondoler\w*|"
                              # "I'm so sorry about your mum" (194th drafts: a second condolence was added at the close).
                              r"sorry\s+(?:for|about|to\s+hear\s+about)\s+(?:the\s+loss\s+of\s+)?your\s+(?:mum|mom|mother|dad|father|husband|"
                              r"wife|partner|son|daughter|brother|sister|nan|gran|grandma|grandad|grandmother|grandfather)\b|"
                              r"(?:min|vores|our|my)\s+(?:dybeste\s+|oprigtige\s+|varmeste\s+|deepest\s+|sincere\s+|heartfelt\s+)?"
                              r"(?:medfølelse|deltagelse|sympathy|sympathies)|"
                              r"kede?\s+af\s+at\s+høre\s+om\s+(?:dit|deres|jeres)\s+tab|"
                              # "Det gør os ondt at høre." after the news of a dog's death (both blind judges, 222. udkast:
                              # "Jeg er ked af at høre om dit tab" put before it condoled twice).
                              r"gør\s+(?:os|mig)\s+(?:så\s+|virkelig\s+|rigtig\s+|meget\s+|inderligt\s+)?ondt\s+at\s+høre|"
                              # A hospice that knew the child: "Vi tænker tit på Ella og på jer." (both blind judges, 224.
                              # udkast: a stock line in place of the thanks above it was broken).
                              r"(?:vi|jeg)\s+tænker\s+(?:tit\s+|ofte\s+|meget\s+|stadig\s+|dagligt\s+)?på\s+(?:dig|jer|\w+\s+og\s+(?:på\s+)?(?:dig|jer))(?![^\W\d_])|"
                              # "mine varmeste tanker til dig i sorgen over din mor" (both blind judges, 234. udkast:
                              # "Jeg er ked af at høre om dit tab" put before it condoled twice).
                              r"(?:varmeste|dybeste|kærlige|bedste)\s+tanker\s+(?:går\s+)?til\s+(?:dig|jer|Dem)|sorgen\s+over\s+(?:din|jeres|Deres)|"
                              r"thinking\s+of\s+you|(?:our|my)\s+thoughts\s+are\s+with\s+you|(?:we|i)\s+(?:often\s+|still\s+)?think\s+of\s+(?:you|\w+\s+and\s+you)(?![^\W\d_])")


# A reply that names the customer's upset in its own words.
_REPLY_NAMES_UPSET = re.compile(r"(?i)(?<![^\W\d_])(?:din|jeres|Deres|your)\s+(?:skuffelse|frustration|vrede|irritation|"
                                r"disappointment|anger)(?![^\W\d_])|(?<![^\W\d_])(?:at\s+(?:du|I|De)\s+er|you(?:['’]re|\s+are))\s+"
                                r"(?:\w+\s+)?(?:skuffede?|frustrerede?|vrede?|disappointed|frustrated|upset|angry)(?![^\W\d_])")


def _only_apology_to_the_let_down(doc, plan: _Plan, index: int, *, bereaved: bool = False) -> bool:
    """Whether the apology at `index` is the only one left to a customer upset about a problem the company caused
    (with `bereaved`, a grieving customer the company let down too: the condolence does not apologise for the
    collection nobody came to; both blind judges, thirty-third drafts)."""
    ctx = getattr(doc, "customer", None)
    # A situation the message states ("har skrevet 2 gange før": a third contact) is a problem too, as in `feeling`.
    let_down = getattr(ctx, "problem", False) or getattr(ctx, "waiting", False) \
        or bool(set(getattr(ctx, "signals", ()) or ()) & _LET_DOWN_SIGNALS) or situation_clause(doc) is not None \
        or (feeling(doc) in _UPSET and (doc.channel != "chat" or _stands_by_a_rule(doc) or feeling(doc) == "angry"
                                       or said_in_words("accuses", getattr(doc, "customer_message", None), doc.language)))
    # A customer who says nobody apologised ("Nobody even said sorry properly") keeps the reply's only apology,
    # whatever feeling the acknowledgement names (both blind judges, twenty-fourth drafts).
    wants_apology = said_in_words("no_apology", getattr(doc, "customer_message", None), doc.language)
    # A worried or frightened customer whose problem the company caused keeps the apology too ("a crack in the ceiling
    # since your team started work … is it safe??", a mother's carer who never came: both blind judges, twenty-fourth
    # and thirty-second drafts, called losing it worse), as does one who tells of a third call nobody answered (forty-first
    # drafts: both blind judges).
    # Or the agent's own draft names their letdown ("jeg forstår godt din skuffelse" to a mother whose daughter's piano
    # lessons were cancelled four times: both blind judges, 189. udkast, called losing the only apology worse).
    # So does a reply that agrees with the complaint (`_AGREES`: "du har ret i, at du burde have hørt fra os for længst").
    agrees = _AGREES.search(doc.text) is not None
    # A mistake of ours the customer asks us to put right ("der står 'Ole Jensen'. Han hed Ole Jepsen … Kan I rette det?"
    # on a memorial certificate; both blind judges, 228. udkast: the condolence took the only apology's place) lets them down
    # too, though no problem word stands in the message.
    asks_to_put_right = _ASKS_TO_PUT_RIGHT.search(getattr(doc, "customer_message", None) or "") is not None
    # So does a wrong item the reply itself owns ("Du skal returnere den fejlsendte vare" to a mother whose daughter cried over
    # the wrong tutu; both blind judges, 240. udkast: the only apology went).
    sent_wrong = _SENT_THE_WRONG_ITEM.search(doc.text) is not None
    # To a grieving customer a mistake the reply reports ("the card text … was entered incorrectly") is a letdown too: the
    # condolence in the apology's place left the misprinted funeral card unapologised for (both blind judges, 267th drafts).
    # So is it to a frightened one ("besøget … ikke blev planlagt korrekt" to a daughter who found her mother dizzy after a
    # missed insulin visit: both blind judges, 291st drafts, called losing the only apology worse).
    reports_error = (bereaved or feeling(doc) in ("worried", "shaken")) and reports_our_mistake(doc.text, doc.language)
    let_down = let_down or agrees or asks_to_put_right or sent_wrong or reports_error
    upset = agrees or feeling(doc) in _UPSET or _REPLY_NAMES_UPSET.search(doc.text) is not None or (
        feeling(doc) in ("worried", "shaken") and (getattr(ctx, "problem", False) or let_down)) or (bereaved and feeling(doc) == "loss") \
        or (feeling(doc) == "neutral" and situation_clause(doc) is not None) \
        or (feeling(doc) == "sad" and bool(set(getattr(ctx, "signals", ()) or ()) & _LET_DOWN_SIGNALS))
    # Sadness at a fault that came back is an upset too ("This is now my THIRD email … sits there in tears while his
    # friends are coding"; both blind judges, 251st drafts: "Apologies for any inconvenience caused" went).
    # A calm customer the company charged twice keeps the reply's only apology beside the line naming it ("Jeg kan
    # forstå, at du har betalt to gange." without "Vi beklager ulejligheden."; both blind judges, 38. udkast: worse).
    if ctx is None or not (let_down or wants_apology) or not (upset or wants_apology):
        return False
    # "Sorry for besværet!" in a Danish chat is an apology too: an owned one beside it stacked two (a blind judge, 225.
    # udkast: "Sorry for besværet! … Det beklager jeg.").
    apology = _APOLOGY_WITH_SORRY.get(doc.language, _APOLOGY["en"])
    # A condolence of ours ("Jeg er ked af at høre, hvad du har været igennem.", "We are sorry for your loss.") is no
    # apology for what went wrong (both blind judges, forty-fourth drafts: a reminder for a dead dog lost its apology).
    others = [i for i, s in enumerate(plan.sentences)
              if i != index and (apology.search(s.text) or _APOLOGY_TO_BE[doc.language if doc.language == "da" else "en"]
                                 .search(s.text)) and not _ACKNOWLEDGEMENT_START.match(s.text)
              and not _CONDOLENCE_SAID.search(s.text) and not _REPLY_DELAY_APOLOGY.search(s.text)
              and not _SORRY_THEY_FEEL.search(s.text)]
    # Another apology in the agent's own words stays; other stock ones go too ("Vi beklager igen de gener …" at the
    # close): the first of them carries the owned apology, or the reply is left with none (fourteenth drafts).
    return not any(not _FORMULA_APOLOGY.search(plan.sentences[i].text) or i < index for i in others)


def _acknowledgement_in_place(doc, plan: _Plan, index: int, findings) -> Edit:
    """The acknowledgement taking the place of a stock apology sentence, the reply's only apology kept beside it.

    To a customer the company let down, that apology stays as the agent's own ("… teknikeren udeblev for tredje
    gang": both blind judges, sixteenth drafts); where it gives the sentence a finding, the acknowledgement alone
    stands there."""
    sentence = plan.sentences[index]
    alone = _acknowledgement_edit(doc, sentence.start, sentence.end, "", findings)
    said = acknowledgement_sentence(doc)
    if not _points_back_to_the_customer(doc, sentence.start):
        # The wording as it will stand: "Det må være bekymrende." becomes "Jeg forstår godt, at du er bekymret." there, and
        # "Det beklager jeg." after that regretted her worry (200th round's re-read of the 107th drafts).
        said = standing_alone(doc, said)
    owned = _owned_apology(doc, plan, index, alone=False, after=said)
    if not owned:
        return alone
    with_owned = _acknowledgement_edit(doc, sentence.start, sentence.end, "", findings, sentence=f"{said} {owned}")
    return replace(with_owned, fallback=alone.replacement)


def _condoles_elsewhere(plan: _Plan, index: int) -> bool:
    """Whether a sentence other than the one at `index` condoles (`_CONDOLENCE_SAID`)."""
    return any(_CONDOLENCE_SAID.search(s.text) for i, s in enumerate(plan.sentences) if i != index)


def _condoles_next(sentences, index: int) -> bool:
    """Whether the sentence after `index` condoles or acknowledges: without the thanks before it, it opens the reply."""
    if index + 1 >= len(sentences):
        return False
    following = sentences[index + 1].text
    return bool(_CONDOLENCE_SAID.search(following) or _ACKNOWLEDGEMENT_START.match(following))


def _points_back_to_the_customer(doc, at: int) -> bool:
    """Whether a sentence put at `at` follows the customer's own words: the first line of a chat reply."""
    if doc.channel != "chat":
        return False
    first = next((s for s in doc.segmentation.sentences if s.kind == "body"), None)
    return first is None or at <= first.start


def _acknowledgement_edit(doc, start: int, end: int, gap: str, findings, sentence: str | None = None) -> Edit:
    """An edit putting the acknowledgement at [start, end) as a sentence of its own, fitted to its neighbours.

    After a greeting that runs on with a comma or dash ("Hej Lone, jeg har …") it goes on in lower case,
    and the sentence it now precedes starts with a capital; it never glues to a word before or after."""
    text = doc.text
    before = text[:start].rstrip(" \t")
    runs_on = bool(before) and before[-1] in ",–—-"
    following = text[end:end + 1] if start == end else ""
    lead = " " if start > 0 and not text[start - 1].isspace() else ""
    # A chat line written in small letters keeps them: a capital opening only the new sentence and the one after it
    # ("hej. Jeg kan forstå, … Din sag ligger …. du får …") read as mixed (both blind judges, 123. udkast).
    small = doc.channel == "chat" and line_in_small_letters(text, start if start < len(text) else max(0, start - 1))

    def fitted(sentence: str) -> tuple[int, str]:
        if (runs_on or small) and not sentence.startswith(("I ", "I'")):
            sentence = sentence[0].lower() + sentence[1:]
        tail = gap or (" " if end < len(text) and not text[end].isspace() else "")
        if following.islower() and not small:  # the sentence it now precedes began in lower case after the greeting
            return end + 1, lead + sentence + tail + _sentence_initial(text, end)
        return end, lead + sentence + tail

    points_back = _points_back_to_the_customer(doc, start)

    def in_place(wording: str) -> str:
        return wording if points_back else standing_alone(doc, wording)

    said = sentence or acknowledgement_sentence(doc)
    if sentence is None and feeling(doc) == "happy" and _THANKS_FIRST.match(said) and _THANKS_FIRST.match(text[end:].lstrip()):
        # Before the reply's own thanks ("Tak for din besked om ordre #10482"), a thank-you for the kind words opened
        # twice alike ("Tusind tak for de pæne ord. Tak for din besked …"; the sixty-ninth and seventieth drafts' judges):
        # the delight is said without thanking.
        said = glad_sentence(doc)
    if said.startswith("I can see ") and _OPENS_WITH_I_CAN_SEE.match(text, end):
        # "Hi, I can see why this is frustrating. I can see FP-10552 has been re-opened …" opened two sentences alike (a
        # blind judge, 199th drafts: "a clumsy double 'I can see'").
        said = "I understand " + said[len("I can see "):]
    stop, replacement = fitted(in_place(said))
    # To a calm customer only their own words acknowledge anything: no generic fallback (it is filler); nor to a
    # frustration never said (`_wants_acknowledgement`: "Hi Hannah, that must be so frustrating." in the place of a line
    # naming her seven-week wait; both blind judges, 283rd drafts: worse).
    fallback = None if feeling(doc) == "neutral" or sentence or _frustration_unsaid(doc) else fitted(in_place(
        glad_sentence(doc) if feeling(doc) == "happy" else plainest_sentence(doc)))[1]
    ids = tuple(f.id for f in findings if f.category == "missing_acknowledgement")
    return Edit(start, stop, replacement, f"{doc.language}.rewrite.acknowledge", priority=30, fallback=fallback,
                fixes=ids, kind="acknowledge")


# An apology in the "we" voice opening the sentence ("Vi beklager …", "We apologise …", "We're so sorry …").
_APOLOGISES_AS_WE = {"da": re.compile(r"\s*Vi\s+(?:beklager|undskylder|er\s+(?:meget\s+|virkelig\s+|rigtig\s+)?kede\s+af)\b"),
                     "en": re.compile(r"\s*We\s+(?:apologi[sz]e|(?:are|were)\s+(?:so\s+|very\s+|really\s+|truly\s+)?sorry)\b|"
                                      r"\s*We['’]re\s+(?:so\s+|very\s+|really\s+|truly\s+)?sorry\b")}
# "I can see …" opening the next sentence, or the one after a short thanks ("Thanks for reaching out. I can see booking …").
_OPENS_WITH_I_CAN_SEE = re.compile(r"\s*(?:(?:thanks|thank\s+you)\b[^.!?\n]{0,60}[.!]\s+)?I\s+can\s+see\s", re.IGNORECASE)
# A sentence that opens with thanks ("Tak for …", "Tusind tak …", "Thank you …", "Many thanks …").
_THANKS_FIRST = re.compile(r"(?i)(?:(?:tusind|mange|hjertelig)\s+)?(?:tak|thank\s+you|thanks)(?![^\W\d_])|many\s+thanks\b")
# Sorry "for what happened", with nothing of ours named ("Vi beklager det skete", "We're sorry for what happened").
_FOR_WHAT_HAPPENED = re.compile(r"(?i)(?:beklager|undskylder|sorry|apologi[sz]e)\s+(?:meget\s+|very\s+|so\s+)?(?:det\s+skete|"
                                r"det\s+passerede|hændelsen|det\s+indtrufne|(?:for|about)\s+what\s+(?:has\s+)?happened)\W*$")
# The stock formula said by its subject, nothing else in the clause ("We apologise for any inconvenience caused").
_FORMULA_WITH_A_SUBJECT = re.compile(r"(?i)(?:we|i)\s+(?:sincerely\s+|do\s+|would\s+like\s+to\s+)?"
                                     r"apologi[sz]e\s+for\s+(?:any|the)\s+inconvenience(?:\s+(?:caused|this\s+(?:may\s+have\s+)?"
                                     r"(?:has\s+)?caused(?:\s+you)?|(?:that\s+)?this\s+may\s+cause))?")
_LAST_WORD = re.compile(r"([^\W\d_]+)\W*$")
_LETTERS = re.compile(r"[^\W\d_]+")
_LETTERS_NO_APOSTROPHE = re.compile(r"[^\W\d_']+")


# Words that open a noun phrase, and what before a match already determines one (a genitive, a possessive).
_DETERMINERS = {"en": frozenset({"the", "a", "an", "your", "our", "my", "this", "that"}),
                "da": frozenset({"den", "det", "de", "en", "et", "din", "dit", "dine", "vores", "jeres"})}
_ENDS_DETERMINED = {
    # Not "that"/"her" (a conjunction, an object: "advised that the ticket …"), nor the Danish "den/det/de/en" (pronouns).
    "en": re.compile(r"(?i)(?:[^\W\d_]['’]s|[^\W\d_]s['’]|(?<![^\W\d_])(?:your|our|my|his|their|its|the|a|an))\s+$"),
    "da": re.compile(r"(?i)(?<![^\W\d_])(?:din|dit|dine|min|mit|mine|vores|jeres|hans|hendes|deres|sin|sit|sine)\s+$"),
}


def _breaks_the_sentence(text: str, start: int, end: int, replacement: str, language: str, category: str = "") -> bool:
    """Whether a replacement would not fit its place in the sentence, in ways no stage reports.

    "Please" starts a request: after a noun or "I'm afraid" it breaks the sentence ("The app is a free
    download please install it"). An English singular subject turned plural keeps its verb's -s ("Our
    engineers closely follows")."""
    negations = _NEGATION.findall(text[start:end])
    if negations and not _NEGATION.search(replacement) and category in _MEANING_KEEPING:
        return True  # "no ETA yet" → "a date yet" says the opposite
    after = text[end:end + 2].lstrip(" ")[:1]
    if not replacement.strip() and _DELETED_LEAD_IN.match(text, start) and after[:1].isalnum() \
            and not CLAUSE_OPENER_END.search(text[max(0, start - 12):start].rstrip()):
        # "Sadly, due to our policy refund rules, we …" → "Sadly, refund rules, we …":
        # a lead-in phrase can go only where its own comma or the sentence end follows it, or with the comma it took
        # right after the word that opens its clause ("…, and per our SLA, P2 incidents …" → "…, and P2 incidents …").
        return True
    if _CLAUSE_OPENER.match(replacement) and len(replacement.split()) > 2 and after[:1].isalpha():
        # "For further checks please …" → "So we can check it please …": a clause put before the
        # main clause needs its comma.
        return True
    first = replacement.split(" ", 1)[0].lower()
    if first in _DETERMINERS.get(language, ()) and _ENDS_DETERMINED.get(language, _ENDS_DETERMINED["en"]).search(
            text, max(0, start - 40), start):
        # "Your father's case owner, …" → "Your father's the person looking after your request" (both blind judges, 186th
        # drafts: broken): a genitive or a possessive before the match already determines the noun.
        return True
    if first in ("please", "venligst"):
        before = text[max(0, start - 200):start].rstrip()  # a window: the whole prefix per finding is quadratic
        previous = _LAST_WORD.search(before)
        if before and before[-1] not in ".!?,;:–—-(\n" and not is_sentence_start(text, start) and not (
                previous and previous.group(1).lower() in _CLAUSE_JOINERS):
            return True
    if leaves_shared_predicate(text, start, end, replacement, language):
        return True
    if language == "en":
        old_head = _LETTERS.findall(text[start:end])
        new_head = _LETTERS.findall(replacement)
        if old_head and new_head and not old_head[-1].lower().endswith("s") and new_head[-1].lower().endswith("s") \
                and not new_head[-1].lower().endswith("ss"):
            following = _LETTERS_NO_APOSTROPHE.findall(text[end:end + 40])[:2]
            if following and following[0].lower().endswith("ly"):
                following = following[1:]
            if following and following[0].endswith("s") and not following[0].endswith("ss") \
                    and following[0].lower() not in ("is", "was", "has", "does", "this", "us", "as", "its"):
                return True
    return False


def _sentence_initial(text: str, at: int) -> str:
    """The letter at `at` as it starts a sentence: capitalised, unless its word is a name like "iOS" or "eBay"."""
    m = _WORD.match(text, at)
    if m and any(c.isupper() for c in m.group()[1:]):
        return text[at]
    return text[at].upper()


def _capital_mid_sentence(text: str, start: int, replacement: str) -> bool:
    """Whether a replacement written as a sentence ("Let's …", "Vi …") would land inside one."""
    first = replacement.split(" ", 1)[0]
    if not first[:1].isupper() or first in ("I", "I'm", "I'll", "I've", "I'd") or is_sentence_start(text, start):
        return False
    return not first.isupper()  # an acronym is written in capitals anywhere


def _usable(finding) -> bool:
    """Whether the finding's first replacement can be inserted without the agent filling anything in."""
    return bool(finding.replacements) and not _PLACEHOLDER.search(finding.replacements[0])


def _safe_grammar(finding) -> bool:
    """A grammar finding precise enough to apply: Klarsvar's own rules, or LanguageTool with one suggestion."""
    if finding.category != "grammar" or finding.source not in SAFE_GRAMMAR_SOURCES:
        return False
    return finding.source == "klarsvar" or len(finding.replacements) == 1


def _confident_spelling(text: str, finding) -> bool:
    """A spelling finding with one suggestion close to a lower-case word ("recieve" → "receive").

    A capitalised word mid-reply is more likely a name or a product than a typo, and a suggestion far
    from the word is a guess: both are left for the agent."""
    if finding.category != "spelling" or len(finding.replacements) != 1 or finding.start is None:
        return False
    word, suggestion = text[finding.start:finding.end], finding.replacements[0]
    if len(word) < 4 or not word.isalpha() or word != word.lower() or not suggestion:
        return False
    if _finding_language(finding) == "da" and len(word) == len(suggestion) \
            and sorted(word.lower()) != sorted(suggestion.lower()):
        # The Danish dictionary lacks many a derived word of the trade, and its one-letter neighbour is another word
        # ("falmning" → "filmning", "notarialiseres" → "notarealiseres"; both blind judges, twelfth and thirteenth
        # drafts): a letter swapped for another stays on the card; a letter missing, doubled or turned round is applied.
        return False
    if len(word) == len(suggestion) + 1 and not _drops_a_doubled_letter(word.lower(), suggestion.lower()):
        # A letter taken out that was not doubled makes another word of a compound the dictionary lacks ("neutral
        # læderkrem" → "læderrem", a strap: both blind judges, 59. udkast: broken); "tilllykke" → "tillykke" is applied.
        # So in English: a trade word the dictionary lacks ("turn the scratter" → "scatter", the apple mill: both blind
        # judges, sixty-ninth drafts: broken).
        return False
    if _finding_language(finding) == "da" and word[:-2].lower() == suggestion[:-2].lower() \
            and word[-2:].lower() in ("et", "er", "es") and word[-2:].lower() != suggestion[-2:].lower():
        # An inflection's ending ("-et", "-er", "-es") is the agent's: "blive kontaket" is "kontaktet" (a letter missing), and
        # the dictionary's one suggestion "kontakte" turned the ending round into the infinitive (both blind judges, 58.
        # udkast: broken). "forsinkelsne" → "forsinkelsen" ends in no inflection and is still applied.
        return False
    return _edit_distance(word.lower(), suggestion.lower()) <= 2 and word[0].lower() == suggestion[0].lower()


def _drops_a_doubled_letter(word: str, shorter: str) -> bool:
    """Whether `shorter` is `word` without one letter of a pair ("tilllykke" → "tillykke")."""
    for i in range(len(word)):
        if word[:i] + word[i + 1:] == shorter:
            return (i > 0 and word[i - 1] == word[i]) or (i + 1 < len(word) and word[i + 1] == word[i])
    return False


def _finding_language(finding) -> str:
    """The language of a finding, from its rule id ("da.spelling.unknown_word")."""
    return (finding.rule or "").split(".", 1)[0]


def _edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (short words only)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


# A clause that disclaims responsibility ("TicketHaven cannot be held responsible", "vi kan ikke gøres ansvarlige").
_DISCLAIMER_AHEAD = re.compile(r"(?i)\s*(?:[^\W\d_]+\s+){1,3}?(?:cannot|can['’]t|can\s+not|will\s+not|won['’]t|is\s+not|are\s+not|isn['’]t|"
                               r"aren['’]t|kan\s+ikke|er\s+ikke)\s+(?:be\s+held\s+|accept\s+|gøres\s+|holdes\s+)?(?:responsible|liable|"
                               r"liability|ansvarlig\w*|erstatningsansvarlig\w*|ansvar)(?![^\W\d_])")
# The customer's own failure told after "but": "men du tog ikke telefonen", "but you did not reply".
_BLAME_AFTER_BUT = re.compile(r"(?i)\s*(?:du|De|you)\s+(?:[^\W\d_]+\s+){0,2}?(?:ikke|aldrig|not|never|didn['’]t|"
                              r"haven['’]t|hasn['’]t|wasn['’]t|weren['’]t|failed|glemte|forgot|missed|undlod)(?![^\W\d_])")


def _split_edits(doc, finding) -> list[Edit]:
    """Split an over-long sentence at every safe connector that leaves both parts long enough."""
    text, language = doc.text, doc.language
    pattern = _SPLIT_POINTS.get(language)
    if pattern is None:
        return []
    span = text[finding.start:finding.end]
    opener = re.match(r"\s*([^\W\d_]+)", span)
    if opener and opener.group(1).lower() in _SUBORDINATORS:
        # "Hvis du ikke er hjemme, og naboen heller ikke er, tager vi …": the first part is a
        # subordinate clause and cannot stand as a sentence of its own.
        return []
    if _OPENING_PHRASE.match(span):
        # "Due to a prolonged outage …, and the associated reduction in income, the Board resolved …": the "and" joins
        # two causes before the main clause, and split there neither part is a sentence (both blind judges,
        # ninety-seventh drafts: broken).
        return []
    # Word starts once, then counts by bisection: a sentence of thousands of words stays linear.
    word_starts = [m.start() for m in _WORD.finditer(span)]
    total = len(word_starts)
    edits: list[Edit] = []
    segment_start = 0
    for m in pattern.finditer(span):
        left = bisect_left(word_starts, m.start()) - bisect_left(word_starts, segment_start)
        rest = total - bisect_left(word_starts, m.end())
        if left < MIN_SPLIT_WORDS or rest < MIN_SPLIT_WORDS:
            continue
        connector = m.group(0)
        word = re.search(r"[^\W\d_]+", connector)
        next_char_at = finding.start + m.end()
        following = re.match(r"[^\W\d_]+", span[m.end():])
        if following and following.group(0).lower() in _NO_CLAUSE_START:
            continue
        if word and word.group(0).lower() in ("men", "but") and _BLAME_AFTER_BUT.match(span, m.end()):
            # "…, men du tog ikke telefonen, og derfor …" split into "Men du tog ikke telefonen." put the customer's failure
            # in a sentence of its own and sharpened the blame (both blind judges, 275. udkast: worse).
            continue
        if _DISCLAIMER_AHEAD.match(span, m.end()):
            # "…, and TicketHaven cannot be held responsible for delays on the organiser's side." on its own read as a
            # blunter brush-off (both blind judges, 282nd drafts): a disclaimer stays inside the sentence that explains it.
            continue
        if _LIMITED_PHRASE.match(span, m.end()):
            # "…, and only on receipt of a written request" split off "Only on receipt of …", a phrase of the first part
            # without a verb (both blind judges, ninety-fourth drafts: broken).
            continue
        if language == "da" and _SO_THAT_DA.match(span, m.end()):
            # "…, og så du kan modtage holdbeskeder …" is "so that you can": split off, "Så du kan …" has a subordinate
            # clause's word order and no main clause (both blind judges, 88. udkast: broken).
            continue
        if language == "da" and following and _DA_FINITE_VERB.fullmatch(following.group(0)):
            # "…, men forventer at den vil være færdig …": a verb in the present or past goes on with the first part's
            # subject, and "Men forventer at …" had none (both blind judges, 84. udkast: broken).
            continue
        if _SHARED_SUBJECT_AFTER_ADVERB.match(span, m.end()):
            continue
        if _GAPPED_AMOUNT.match(span, m.end()):
            continue
        if language == "en" and _SHARED_SUBJECT_PARTICIPLE.match(span, m.end()):
            continue
        if language == "da" and _SUBORDINATE_ORDER_DA.match(span, m.end()):
            continue
        # The part since the last split and its last clause, cut once for every guard below.
        before = span[segment_start:m.start()]
        last_clause = before[before.rfind(",") + 1:]
        if _ends_a_list(before):
            continue  # "…, DPE checkride fee, headset, and any additional hours …": the last item of a list
        if _CONDITION_CLAUSE.match(last_clause) \
                or _PAIR_OPENED.search(span, segment_start, m.start()):
            continue
        if _JOINED_SUBORDINATE.match(last_clause):
            # "…, og da der ikke er registreret en reklamation i perioden, og rengøringen er udført …, kan der desværre
            # ikke ydes kompensation": the clause before the connector is a subordinate one joined on with "og", whose
            # main clause comes after the next part; split there, neither part was a sentence (both blind judges, 123.
            # udkast: broken).
            continue
        if _LIST_ITEM_AFTER_AND.match(span, m.end()) and _NOUN_PHRASE_START.match(last_clause) and "," in before:
            # "we require a certified copy of …, a copy of the grant of probate …, and the completed Bereavement Settlement
            # Form (BSF-3), which can be downloaded …": item after item opens with a determiner, and the last split off was
            # a fragment that no longer said the form is required (both blind judges, hundred-and-tenth drafts: broken).
            continue
        if (_LAST_ITEM_TO_THE_END.match(span, m.end()) or _BARE_PLURAL_TO_THE_END.match(span, m.end())) and "," in before:
            # "… pending the finalisation of the annual accounts following …, which resulted in …, and the approval of
            # the interest rate by the members at the AGM on 14 May 2025.": the last item of the list runs to the
            # sentence's end with no verb of its own, and split off it was a fragment (both blind judges, 117th
            # drafts: broken).
            continue
        if _lists_after_a_colon(before) or (word and word.group(0).lower() in ("and", "og") and _lists_after_an_opener(before)
                                            and _ITEM_WITHOUT_A_VERB.match(span, m.end())):
            # "… the following documentation: a copy of the death certificate, proof that you are the executor, and a
            # completed Account Closure Form (ACF-2), available at …": the last item of a list the colon opened split
            # off as a sentence without a verb (both blind judges, thirty-fifth drafts: broken). A list of clauses too
            # ("betingelser …: Madrassen skal …, den skal …, og den må ikke …": both blind judges, 40. udkast, worse).
            continue
        if segment_start == 0 and _OPENING_THANKS.match(span[:m.start()]):
            # "Thank you for getting in touch, and I'm sorry for …": split off, the thanks is a stock sentence the
            # next rewrite removes (not idempotent; eleventh drafts).
            continue
        if word and word.group(0).lower() in _DROPPED_CONJUNCTIONS:
            replacement = ". " + _sentence_initial(text, next_char_at)
        elif word:
            replacement = ". " + word.group(0).capitalize() + " " + text[next_char_at]
        else:  # a semicolon
            replacement = ". " + _sentence_initial(text, next_char_at)
        if text[finding.start + m.start() - 1:finding.start + m.start()] == ".":
            # An abbreviation's full stop ends the sentence too: "225 kr., og tasken" → "225 kr. Tasken", not "kr.. Tasken"
            # (both blind judges, 62. udkast: broken).
            replacement = replacement[1:]
        edits.append(Edit(finding.start + m.start(), next_char_at + 1, replacement,
                          f"{language}.rewrite.split_sentence", priority=5, fixes=(finding.id,), kind="split"))
        segment_start = m.end()
    return edits




# A customer who signs with a title ("Mr Albert Finch"): "Dear Albert" was too familiar (both blind judges, 155th drafts).
# Also after a dash or at the end of the last sentence, with initials or a surname alone ("… Trading Standards. - Mrs
# Okafor", "Account 40028819. Mr D. Okonkwo": "Dear Okonkwo" greeted a surname; 300th drafts' regression reading).
_SIGNS_WITH_A_TITLE = re.compile(r"(?m)(?:^|[.!?][ \t]+)[ \t]*(?:[-–—~][ \t]*)?(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?[ \t]+"
                                 r"(?:[A-Z]\.[ \t]*)*[A-Z][a-z'-]+(?:[ \t]+[A-Z][a-z'-]+)*[ \t]*$")


# "Deres"/"Dem" in capitals: the formal "you" anywhere in a letter (lower-case "deres" is "their").
_FORMAL_POSSESSIVE = re.compile(r"(?<![^\W\d_])(?:Deres|Dem)(?![^\W\d_])")


def _greeting_edits(doc, plan: _Plan, findings) -> list[Edit]:
    """Personalise the greeting with the customer's name (e-mail only; a chat gets no letter greeting)."""
    name = customer_name(doc)
    # A letter in "De" that the rewrite turns into "du" (its formal-address findings offer the swap) is greeted as the "du"
    # letter it becomes: greeted only on the second rewrite, "Kære kunde" below a subject line became "Kære Torben" (a
    # rewrite that was not its own fixed point; the 15th session's measure).
    switching = any(f.rule in FORMAL_ADDRESS_RULES and f.replacements for f in findings)
    if doc.channel != "email" or not name or WRITES_FORMALLY.search(doc.customer_message or "") \
            or _SIGNS_WITH_A_TITLE.search(doc.customer_message or "") \
            or (doc.language == "da" and not switching
                and (addresses_formally(doc.text) or _FORMAL_POSSESSIVE.search(doc.text))):
        # Nor in a letter in "De": "Kære Jonas" above "Deres sag er registreret …" mixes the forms of address (a pass
        # that turned one "De" into "du" left "Deres" at a sentence start, which `addresses_formally` does not count).
        # "Dear Sir/Madam … Yours faithfully, Brian Hollis" (79) is no "Dear Brian" (both blind judges, forty-fourth
        # drafts: broken); his title is not known, so the greeting stays.
        return []
    text = doc.text
    ids = tuple(f.id for f in findings if f.category == "personal_touch")
    emails = [(s, e) for s, e, kind in doc.segmentation.protected if kind in ("email", "url")]
    for m in re.finditer(rf"(?<![^\W\d_]){re.escape(name)}(?![^\W\d_])", text, re.IGNORECASE):
        if not any(s <= m.start() < e for s, e in emails):  # "lone@example.dk" is not the name used
            return []
    rule = f"{doc.language}.rewrite.use_name"
    greeting = doc.segmentation.greeting
    if greeting is not None:
        m = _GREETING.match(greeting.text.strip())
        if not m:
            # The salutation below a subject or reference line ("Subject: DR-1183390 – Delay Repay Claim" above "Dear
            # Customer,": the chasing customer's name was never used; 298th drafts).
            greeting, m = next(((s, found) for s in _opening_lines(doc)
                                if (found := _GREETING.match(s.text.strip())) is not None), (None, None))
        if not m:
            return []
        lead = len(greeting.text) - len(greeting.text.lstrip())
        word_end = greeting.start + lead + m.end("word")
        generic_end = greeting.start + lead + m.end()
        return [Edit(word_end, generic_end, f" {name}", rule, priority=35, fixes=ids, kind="greeting")]
    if not plan.sentences:
        return []
    hello = "Hej" if doc.language == "da" else "Hi"
    first = len(text) - len(text.lstrip())
    return [Edit(first, first, f"{hello} {name},\n\n", rule, priority=35, fixes=ids, kind="greeting")]


def _opening_lines(doc) -> list:
    """The greeting-kind sentences before the body (a subject line, a reference line, the salutation)."""
    lines = []
    for sentence in doc.segmentation.sentences:
        if sentence.kind != "greeting":
            break
        lines.append(sentence)
    return lines


def _whole_line_end(text: str, start: int, end: int) -> int | None:
    """Where removing text[start:end] should end if the span is a whole line: past its line break (and past the blank
    line after it where it is a paragraph of its own), so no empty line is left behind; None if it is not one."""
    if not (start == 0 or text[start - 1] in "\r\n") or not (end >= len(text) or text[end] in "\r\n"):
        return None
    end += 2 if text.startswith("\r\n", end) else 1 if end < len(text) else 0
    if text[:start].replace("\r\n", "\n").endswith("\n\n"):
        while end < len(text) and text[end] in "\r\n":
            end += 1
    return min(end, len(text))


def _removal_edit(text: str, sentence, rule: str, fixes: tuple[str, ...]) -> Edit:
    """An edit removing a whole sentence with the spaces that separated it from its neighbour."""
    start, end = sentence.start, _sentence_end(text, sentence)
    line_end = _whole_line_end(text, start, end)
    if line_end is not None:
        return Edit(start, line_end, "", rule, priority=20, fixes=fixes, kind="remove")
    if end == sentence.end or end >= len(text) or text[end] in "\r\n":
        # Nothing follows on the line: take the spaces before it instead, so no trailing space is left.
        while start > 0 and text[start - 1] in " \t":
            start -= 1
    return Edit(start, end, "", rule, priority=20, fixes=fixes, kind="remove")


def _sentence_end(text: str, sentence) -> int:
    """The sentence's end, taking in the spaces that follow it on the same line."""
    end = sentence.end
    while end < len(text) and text[end] in " \t":
        end += 1
    return end


def _count_words(text: str) -> int:
    """Number of words in `text`."""
    return sum(1 for _ in _WORD.finditer(text))


# Feelings that regret answers best: "Sorry to hear that" stays (made specific where it can be).
_REGRET_FEELINGS = frozenset({"disappointed", "sad", "neutral"})


# ------------------------------------------------------------------------------------ keeping things safe

def _keep_protected(doc, plan: _Plan, edits: list[Edit], notes: dict) -> list[Edit]:
    """Drop edits that would touch a protected token (unless they carry it over) or the customer's name."""
    text = doc.text
    name = (customer_name(doc) or "").lower()
    kept = []
    for e in edits:
        touched = plan.touches_protected(e.start, e.end)
        if touched and not all(text[s:t] in e.replacement for s, t in touched):
            _note(notes, e, "protected")
            continue
        if name and e.start < e.end and name in text[e.start:e.end].lower() and name not in e.replacement.lower():
            _note(notes, e, "protected")
            continue
        kept.append(e)
    return kept


def _note(notes: dict, edit: Edit, reason: str) -> None:
    """Record why the findings an edit would have fixed stay."""
    for finding_id in edit.fixes:
        notes.setdefault(finding_id, reason)


def _resolve_overlaps(text: str, edits: list[Edit], notes: dict, losers: set | None = None) -> list[Edit]:
    """Keep the highest-priority edits that neither overlap nor touch each other, in one sweep per priority.

    Two replacements with nothing but spaces between them would merge into one new phrase ("…in progress
    return approval…"), so touching edits count as overlapping; insertions may not fall inside a kept edit."""
    kept_starts: list[int] = []
    kept: list[Edit] = []
    for e in sorted(edits, key=lambda e: (-e.priority, e.start, e.end)):
        i = bisect_left(kept_starts, e.start)
        # Kept edits never overlap one another, so only a few before (insertions share a start) and those
        # starting inside `e` can conflict with it.
        neighbours = kept[max(0, i - 4):i]
        j = i
        while j < len(kept) and kept[j].start <= e.end:
            neighbours.append(kept[j])
            j += 1
        if all(_compatible(text, e, k) for k in neighbours):
            kept_starts.insert(i, e.start)
            kept.insert(i, e)
        else:
            _note(notes, e, "worse")
            if losers is not None:
                losers.add((e.rule, text[e.start:e.end].strip().casefold()))  # an edit may take a space along
    return sorted(kept, key=lambda e: (e.start, e.end, -e.priority))


def _compatible(text: str, a: Edit, b: Edit) -> bool:
    """Whether two edits can both apply without overlapping or fusing into one phrase."""
    if a.start == a.end or b.start == b.end:  # an insertion
        point, other = (a, b) if a.start == a.end else (b, a)
        if other.start == other.end:
            # Two insertions at one point are fine unless they are the same kind (two greetings).
            return point.start != other.start or point.kind != other.kind
        return not (other.start < point.start < other.end)
    if not (a.end <= b.start or b.end <= a.start):
        return False
    first, second = (a, b) if a.end <= b.start else (b, a)
    if first.kind == "phrase" and second.kind == "phrase" and first.replacement and second.replacement \
            and not (".spelling." in first.rule or ".spelling." in second.rule) \
            and not (first.rule in FORMAL_ADDRESS_RULES or second.rule in FORMAL_ADDRESS_RULES):
        # A typo put right beside a swap ("iht. vaskeanvsiningen" → "efter vaskeanvisningen") makes no new phrase: the
        # word is the one the agent meant. Refused, it came back on the rewrite of the rewrite (thirty-second drafts).
        # Nor does "Deres" → "din" beside "henvendelse vedr." → "besked om": refused, the "Deres" left made the letter
        # mixed and formal, and its rewrite turned it to "du" (38. udkast).
        return not text[first.end:second.start].isspace() and first.end != second.start
    return True


def _verify(doc, plan: _Plan, edits: list[Edit], recheck, guard, notes, losers: set, gave_up: list | None = None,
            measured_texts: dict | None = None):
    """Re-check the changed sentences with the pipeline's sentence stages; refuse edits that make them worse.

    An edit whose sentence gains a finding it did not have (grammar, spelling, a new phrase, a long
    sentence, a doubled word, a dangling Danish "der er …" passive) is refused; a specific acknowledgement
    with a finding falls back to the plainest one. Then the reply may not read harder (`_Guard`): the
    readability stage measures the new text once per round, and the edits that add most words and long
    words are given up first. Returns the edits and what the re-check revealed for the next pass."""
    # Edits the counts' estimate gave up beyond what the measure blamed: offered back once the measured reply holds,
    # so the rewrite does not stop short of what its own rewrite would make (the estimate is pessimistic).
    on_estimate: list[Edit] = []
    held = None  # (edits, revealed) of the measured reply that held, while the edits given back are tried
    for _ in range(MAX_ROUNDS):
        units = _units(plan, edits)
        old_parts, new_parts, owners = [], [], []
        for key, unit_edits in units.items():
            if unit_edits[0].kind == "greeting":
                continue  # the salutation line: no body words, and the name is the customer's own
            old, new = _unit_texts(doc.text, plan, key, unit_edits)
            old_parts.append(old)
            new_parts.append(new)
            owners.append((key, unit_edits))
        # What the original sentences had is known from the analysis: only the new wording is checked.
        old_found = [plan.findings_in(*_unit_span(plan, key, unit_edits)) for key, unit_edits in owners]
        new_found, offsets = _per_part(recheck, doc, new_parts)
        refused: list[Edit] = []
        substituted: dict[Edit, Edit] = {}
        # The sentence before a changed one as this round leaves it ("Please be advised that express …" loses its
        # "Please" in the same round as "You will need to" becomes "Please": no repeat left; thirty-fifth drafts, the
        # rewrite of the rewrite made the swap).
        changed_sentences = {key: new_parts[i] for i, (key, _unit) in enumerate(owners) if isinstance(key, int)}
        untouched = [sentence.text for i, sentence in enumerate(plan.sentences) if i not in changed_sentences]
        repeated_openings = _openings_made_twice(old_parts, new_parts, untouched)
        gained = [_new_findings(old_found[index], new_found[index], old_parts[index]) for index in range(len(owners))]
        doubtful = [index for index, found in enumerate(gained) if found]
        if doubtful:
            # The analysis saw the old words in the whole reply, the re-check sees the new ones alone: a rule that looks
            # at the next sentence ("Tak for Deres henvendelse. Jeg forstår godt …" is no stock opener) fires alone on
            # the new words and not in the reply on the old ones. Such a finding is new only if the old words, checked
            # alone too, did not have it ("henvendelse" → "besked" there was refused on every rewrite; 73. udkast).
            alone, _alone_offsets = _per_part(recheck, doc, [old_parts[index] for index in doubtful])
            for index, old_alone in zip(doubtful, alone):
                gained[index] = [f for f in gained[index]
                                 if f in _new_findings(old_alone, new_found[index], old_parts[index])]
        for index, (key, unit_edits) in enumerate(owners):
            extra = [(f.start - offsets[index], f.end - offsets[index]) for f in gained[index]]
            extra += _new_faults(doc.language, old_parts[index], new_parts[index])
            extra += _opening_as_before(doc.text, plan, key, old_parts[index], new_parts[index], changed_sentences)
            extra += repeated_openings.get(index, [])
            if not extra:
                continue
            for e in _culprits(doc.text, plan, key, unit_edits, extra, len(new_parts[index])):
                if e.kind == "acknowledge" and e.fallback and e.fallback != e.replacement:
                    substituted[e] = replace(e, replacement=e.fallback, fallback=None)
                else:
                    refused.append(e)
        if refused or substituted:
            for e in refused:
                _note(notes, e, "worse")
            refused_ids = {id(e) for e in refused}
            edits = [substituted.get(e, e) for e in edits if id(e) not in refused_ids]
            continue
        revealed = _revealed(plan, edits, owners, old_found, new_found, offsets, losers)
        before = _revealed_before(doc, plan, edits, owners, new_parts, recheck)
        if before:
            revealed = (revealed[0] + before, revealed[1] + before)
        if not guard.active or not edits or (guard.estimates and guard.surely_holds(doc.text, edits)) \
                or guard.stays_short(doc.text, edits):
            return edits, revealed
        new_text = _apply(doc.text, edits)
        measured = recheck(doc.with_text(new_text), stages=("readability",)).readability
        if measured_texts is not None:
            measured_texts[new_text] = measured
        # A rewrite too short for a verdict makes no readability claim (and its own check has no guard, so
        # holding it to one here would break the fixed point).
        if not guard.verdict(measured) or guard.holds(measured):
            if held is None and on_estimate:
                held = (edits, revealed)
                edits = sorted(edits + on_estimate, key=lambda e: (e.start, e.end))
                on_estimate = []
                continue
            if held is not None and gave_up is not None:
                back = {id(e) for e in edits}
                gave_up[:] = [e for e in gave_up if id(e) not in back]
            return edits, revealed
        if held is not None:
            return held  # the edits given back make it harder after all: the reply as it held
        relaxed = _with_plain_edits_baseline(doc, guard, edits, recheck)
        if relaxed is not guard:
            guard = relaxed
            if guard.holds(measured):
                return edits, revealed
        # Give up as many edits as the counts say it takes, not one per measured round: with ten edits on a hard
        # reply the rounds ran out and every edit went, the acknowledgement with them (blind judges of the third
        # drafts: replies with a dozen findings came back unchanged). The next round measures again.
        kept = _give_up_hardest(doc.text, edits, notes, keep_plain=guard.relaxed)
        measured_blame = kept
        while guard.estimates and kept and not guard.surely_holds(doc.text, kept, margin=False):
            fewer = _give_up_hardest(doc.text, kept, {}, keep_plain=True, only_harmful=True)
            if fewer == kept:
                break  # no edit left that the counts blame: the next round measures
            kept = _give_up_hardest(doc.text, kept, notes, keep_plain=True, only_harmful=True)
        if held is None:
            kept_spans = {(e.start, e.end, e.rule) for e in kept}
            on_estimate += [e for e in measured_blame if (e.start, e.end, e.rule) not in kept_spans]
        if gave_up is not None:
            kept_set = set(kept)
            gave_up.extend(e for e in edits if e not in kept_set)
        edits = kept
    # Out of rounds: give up every edit rather than return one the checks did not pass.
    for e in edits:
        _note(notes, e, "worse")
    return [], ([], [])


# Edits that make no wording harder: a stock sentence removed, the acknowledgement (a short plain sentence of our
# own), the greeting's name, a long sentence split. They move the reply's averages all the same (a short sentence
# gone makes the average sentence longer), so the guard measures them as the baseline instead of giving them up.
_PLAIN_KINDS = frozenset({"acknowledge", "remove", "greeting", "split"})


def _with_plain_edits_baseline(doc, guard: _Guard, edits: list[Edit], recheck) -> _Guard:
    """The guard held to the reply with its plain edits alone (`_PLAIN_KINDS`).

    On a reply of short lines the acknowledgement raises the average sentence length, and removing "Thank you for
    your email." does too; the guard then gave them up, and in running out of rounds every other edit with them
    (blind judges of the third drafts: hard replies came back unchanged). What the guard keeps out is wording made
    harder, which none of these is."""
    plain = [e for e in edits if e.kind in _PLAIN_KINDS]
    if not plain or guard.relaxed:
        return guard
    measured = recheck(doc.with_text(_apply(doc.text, plain)), stages=("readability",)).readability
    if not guard.verdict(measured) or measured.get("band") != guard.band:
        return guard  # the agent sees the band: no edit may move the reply into a harder one
    if guard.lix is not None and measured.get("lix") is not None:
        if measured["lix"] <= guard.lix:
            return replace(guard, relaxed=True)
        return replace(guard, lix=measured["lix"], relaxed=True)
    if guard.flesch is not None and measured.get("flesch_reading_ease") is not None:
        if measured["flesch_reading_ease"] >= guard.flesch:
            return replace(guard, relaxed=True)
        return replace(guard, flesch=measured["flesch_reading_ease"], relaxed=True)
    return guard


def _new_faults(language: str, old: str, new: str) -> list[tuple[int, int]]:
    """Spans in `new` of the faults no stage reports (`_NEW_FAULTS`) that `old` did not have."""
    key = (language, old, new)
    found = NEW_FAULTS.get(key)
    if found is None:
        spans = []
        for rx in _NEW_FAULTS.get(language, ()):
            spans += [m.span() for m in rx.finditer(new) if not rx.search(old)]
        echoed_before = {word for word, _span in _echoes(old)}
        spans += [span for word, span in _echoes(new) if word not in echoed_before]
        found = tuple(spans)
        NEW_FAULTS.put(key, found, len(old) + len(new))
    return list(found)


# A word said twice within a few words is an echo no stage reports: "næste bestyrelsesmøde, næste gang", "er lige nu
# ikke på lager lige nu" (two swaps that each brought the word; both blind judges, twelfth drafts). Short words and
# the words every sentence repeats are no echo.
ECHO_WINDOW = 5
_ECHO_WORD = re.compile(r"[^\W\d_]{4,}")
_NO_ECHO = frozenset("""
ikke også eller efter over under have havde været være blive bliver blev skal kunne vil ville meget mere dette denne
disse deres jeres vores hvis hvor hvad når fordi som alle andre anden andet noget nogle både selv bare igen
your that this with from have will would been were they them their there what when which then than also just
into more some other only very here these those does could should
""".split())


def _echoes(text: str) -> list[tuple[str, tuple[int, int]]]:
    """The words that come back within `ECHO_WINDOW` words (not side by side), each with the span from its first use
    to its second (the edit that brought either one is to blame)."""
    words = [(m.group().casefold(), m.span()) for m in _ECHO_WORD.finditer(text)]
    found = []
    for i, (word, span) in enumerate(words):
        if word in _NO_ECHO:
            continue
        first = next((s for other, s in words[max(0, i - ECHO_WINDOW):i] if other == word), None)
        # Side by side it is the doubled word `_NEW_FAULTS` finds.
        if first is not None and _LETTERS.search(text, first[1], span[0]):
            found.append((word, (first[0], span[1])))
    return found


# Two sentences in a row that open with the same word read as a form letter: "Bemærk, at … uger. Bemærk, at vi ikke
# kan …" where a swap turned "Vi gør opmærksom på" into the word the sentence before opens with (both blind judges,
# seventeenth drafts).
_OPENING_WORD = re.compile(r"\W*([^\W\d_]{4,})")


def _opening_as_before(text: str, plan: _Plan, key, old: str, new: str, changed: dict | None = None) -> list[tuple[int, int]]:
    """The span of a body sentence's new opening word when it is the opening word of the sentence just before it
    in the same paragraph, as this round leaves that sentence (`changed`: sentence index → its new text), and was not
    before the edit."""
    if not isinstance(key, int):
        return _opens_like_the_next(text, key, new)
    if key == 0:
        return []
    before, opened = plan.sentences[key - 1], _OPENING_WORD.match(new)
    if opened is None or "\n\n" in text[before.end:plan.sentences[key].start]:
        return []
    word = opened.group(1).casefold()
    was = _OPENING_WORD.match(old)
    previous = _OPENING_WORD.match((changed or {}).get(key - 1, before.text))
    if word in _NO_ECHO or previous is None or previous.group(1).casefold() != word or (
            was is not None and was.group(1).casefold() == word):
        return []
    return [opened.span(1)]


# Openings a reply may use for several sentences without reading as a form letter.
_OPENINGS_THAT_REPEAT = frozenset({"please", "venligst"})


def _openings_made_twice(old_parts: list[str], new_parts: list[str], untouched: list[str] = ()) -> dict[int, list[tuple[int, int]]]:
    """The opening word of each changed part that another changed part before it now opens with too, where neither
    opened with it before: two swaps that each make a sentence open "Bemærk, at …" (from "Det skal oplyses, at" and
    "Vi gør opmærksom på") read as a form letter, paragraphs apart too (both blind judges, 33. udkast: worse).

    A body sentence this round leaves as it is counts as opening before them: the rewrite of a rewrite that had
    opened one sentence "About …" made the second "About …" the first round refused (not idempotent; 114th drafts)."""
    seen: set[str] = {m.group(1).casefold() for m in map(_OPENING_WORD.match, untouched) if m is not None}
    out: dict[int, list[tuple[int, int]]] = {}
    for index, (old, new) in enumerate(zip(old_parts, new_parts)):
        opened, was = _OPENING_WORD.match(new), _OPENING_WORD.match(old)
        if opened is None:
            continue
        word = opened.group(1).casefold()
        # Only an opening the swap brought in: "Please be advised that guests …" → "Guests …" beside another
        # "Guests …" repeats the reply's own subject, and "Please" opens requests everywhere.
        if word in _NO_ECHO or word in _OPENINGS_THAT_REPEAT or (was is not None and was.group(1).casefold() == word) \
                or re.search(rf"(?i)(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])", old):
            continue
        if word in seen:
            out[index] = [opened.span(1)]
        seen.add(word)
    return out


_FIRST_TWO_WORDS = re.compile(r"\W*([^\W\d_]+)\W+([^\W\d_]+)")


def _opens_like_the_next(text: str, key, new: str) -> list[tuple[int, int]]:
    """The span of an inserted sentence that opens with the same two words as the sentence it is put before: "Tak for
    de søde ord. Tak for Deres henvendelse …" thanks twice (seventeenth and eighteenth drafts)."""
    if not (isinstance(key, tuple) and len(key) == 4 and key[0] == "edit"):
        return []
    inserted, following = _FIRST_TWO_WORDS.match(new), _FIRST_TWO_WORDS.match(text[key[2]:key[2] + 80])
    if inserted is None or following is None:
        return []
    if [w.casefold() for w in inserted.groups()] != [w.casefold() for w in following.groups()]:
        return []
    return [(0, len(new))]


@dataclass(frozen=True)
class _Guard:
    """The readability the rewrite must keep: the reply's own measure (LIX in Danish, Flesch in English)."""

    lix: float | None = None
    flesch: float | None = None
    counts: tuple[float, float, float, float] = (0, 0, 0, 0)  # words, long words, sentences, syllables
    # The counts are those of the reply the pass edits: the original's, moved by each pass's edits (`moved`).
    estimates: bool = True
    relaxed: bool = False  # the bound is the reply with its plain edits (`_with_plain_edits_baseline`)
    band: str | None = None  # the original reply's band: neither the baseline nor the tolerance ever leaves it
    presumed: bool = False  # an e-mail too short for a verdict, presumed easy (`for_reply`)

    @classmethod
    def for_reply(cls, summary: dict | None, language: str, channel: str) -> _Guard:
        """The rewrite's guard: the reply's own readability, or for an e-mail too short for a verdict, "easy".

        A rewrite that takes an e-mail under the length a verdict needs makes no readability claim, so its own rewrite
        had no guard and made what this one had given up for readability (an acknowledgement: no fixed point). A short
        e-mail reads as easy and is kept so where a rewrite makes it long enough for a verdict. A chat reply gets its
        acknowledgement at any length (the verdict needs 60 words there; the blind rounds judged those better)."""
        if summary and summary.get("band") is not None:
            return cls.of(summary)
        if channel == "chat" or not summary or (summary.get("words") or 0) >= MIN_WORDS_FOR_VERDICT:
            # An e-mail with the words for a verdict but too few sentences is not short: its sentences are long, and
            # presumed easy, every split and swap of a 1,700-word sentence was given up for making it "hard".
            return cls()
        counts = (summary.get("words") or 0, 0, summary.get("sentences") or 0, 0)
        if language == "da":
            return cls(lix=EASY_LIX, band="easy", estimates=False, counts=counts, presumed=True)
        return cls(flesch=EASY_FLESCH, band="easy", estimates=False, counts=counts, presumed=True)

    @classmethod
    def of(cls, summary: dict | None) -> _Guard:
        """The guard for a reply with this readability summary (inactive without a verdict)."""
        if not summary or summary.get("band") is None:
            return cls()
        words, sentences = summary.get("words") or 0, summary.get("sentences") or 0
        flesch = summary.get("flesch_reading_ease")
        # Flesch is not clamped, so the syllables behind it follow from the summary's own numbers.
        syllables = ((206.835 - 1.015 * words / max(1, sentences) - flesch) * words / 84.6
                     if flesch is not None else 0)
        return cls(lix=summary.get("lix"), flesch=flesch,
                   counts=(words, summary.get("long_words") or 0, sentences, syllables), band=summary.get("band"))

    def moved(self, text: str, edits: list[Edit]) -> _Guard:
        """The guard for the reply these edits make of `text`: the same bounds, the counts moved by the edits'
        own counts (pessimistically, as in `surely_holds`), so a later pass may estimate instead of measuring."""
        if self.presumed:
            # Only the words count: a later pass of a short e-mail asks whether it is still too short for a verdict.
            words = self.counts[0] + sum(_count_delta(text, e)[0] for e in edits)
            return replace(self, counts=(words, *self.counts[1:]))
        if not self.active or not self.estimates:
            return self
        words, long_words, sentences, syllables = self.counts
        for e in edits:
            dw, dl, ds = _count_delta(text, e)
            words, long_words, sentences = words + dw, long_words + dl, sentences + ds
            syllables += _syllables(e.replacement) - len(_WORD.findall(text[e.start:e.end]))
        return replace(self, counts=(words, long_words, sentences, syllables))

    def counted(self, summary: dict) -> _Guard:
        """The same bounds with the counts the readability stage measured for the reply (where it has them)."""
        exact = _Guard.of(summary)
        if not self.active or not self.estimates or not exact.active:
            return self
        return replace(self, counts=exact.counts)

    def surely_holds(self, text: str, edits: list[Edit], *, margin: bool = True) -> bool:
        """Whether the edits' own counts show the guard holds with room to spare (no need to measure); without
        `margin`, whether the estimate holds at all (how many edits to give up before measuring again).

        The estimate counts words, long words, sentence ends and syllables in each edit's old and new text
        (pessimistically: vowel groups in the new, one per word in the old); the margin covers what it cannot
        see (abbreviations, words the stage does not count)."""
        words, long_words, sentences, syllables = self.counts
        for e in edits:
            dw, dl, ds = _count_delta(text, e)
            words, long_words, sentences = words + dw, long_words + dl, sentences + ds
            # Removed words count one syllable each (the fewest the stage can count), so a removal never
            # looks easier than it is: vowel groups overcount silent e's, and the error grows with repeats.
            syllables += _syllables(e.replacement) - len(_WORD.findall(text[e.start:e.end]))
        if words <= 0 or sentences <= 0:
            return False
        if self.lix is not None:
            estimate = words / sentences + 100 * long_words / words
            return estimate <= max(self.lix, EASY_LIX) - (LIX_MARGIN if margin else 0)
        estimate = 206.835 - 1.015 * words / sentences - 84.6 * syllables / words
        return estimate >= min(self.flesch, EASY_FLESCH) + (FLESCH_MARGIN if margin else 0)

    def stays_short(self, text: str, edits: list[Edit]) -> bool:
        """Whether an e-mail presumed easy stays too short for a verdict after the edits (no need to measure)."""
        if not self.presumed:
            return False
        words = self.counts[0] + sum(_count_delta(text, e)[0] for e in edits)
        return words < MIN_WORDS_FOR_VERDICT - SHORT_MARGIN

    @property
    def active(self) -> bool:
        """Whether the reply had a verdict, so there is something to keep."""
        return self.lix is not None or self.flesch is not None

    @staticmethod
    def verdict(measured: dict) -> bool:
        """Whether the rewritten reply still has a readability verdict."""
        return measured.get("band") is not None

    def holds(self, measured: dict) -> bool:
        """Not harder to read than before (within the tolerance), or still within the easy band."""
        # The cells never cross a band's edge, so the tolerance never takes a reply out of its band. The summary's
        # number is rounded (69.96 shows as 70.0, "medium" where 70.5 was "easy"): its band decides at an edge.
        if _BAND_ORDER.get(measured.get("band"), 0) > _BAND_ORDER.get(self.band, 0) \
                and _BAND_ORDER.get(measured.get("band"), 0) > _BAND_ORDER["easy"]:
            return False
        if self.lix is not None:
            new = measured.get("lix")
            if new is None or new <= max(self.lix, EASY_LIX) + 1e-9:
                return True
            return new < _lix_cell_top(self.lix) - 1e-9 and measured.get("band") == self.band
        new = measured.get("flesch_reading_ease")
        if new is None or new >= min(self.flesch, EASY_FLESCH) - 1e-9:
            return True
        return new >= _flesch_cell_bottom(self.flesch) - 1e-9 and measured.get("band") == self.band


# How hard each band is; "very easy" and "easy" are one band for the guard (EASY_LIX / EASY_FLESCH).
_BAND_ORDER = {"very_easy": 0, "easy": 0, "medium": 1, "difficult": 2, "very_difficult": 3}


def _lix_cell_top(lix: float) -> float:
    """The upper edge of the guard's LIX cell holding `lix` (cells of LIX_CELL from the band edge 45: 45–47, 47–49 …)."""
    return 45.0 + LIX_CELL * (((lix - 45.0) // LIX_CELL) + 1)


def _flesch_cell_bottom(flesch: float) -> float:
    """The lower edge of the guard's Flesch cell holding `flesch` (cells of FLESCH_CELL from the band edge 50)."""
    return 50.0 + FLESCH_CELL * ((flesch - 50.0) // FLESCH_CELL)


def _revealed(plan: _Plan, edits: list[Edit], owners, old_found, new_found, offsets, losers: set) -> list:
    """Fixable findings of the changed sentences that the next pass should try, and every finding there (both
    with offsets into the new text). A finding the sentence had before was tried already, unless its edit
    lost an overlap to another."""
    ordered = sorted(edits, key=lambda e: (e.end, e.start))
    present: list = []
    ends = [e.end for e in ordered]
    shifts = [0]
    for e in ordered:
        shifts.append(shifts[-1] + len(e.replacement) - (e.end - e.start))
    # Where each edit's new words end in the new text: a finding right after them stands in new surroundings.
    new_ends = {(e.start, e.end, e.rule): e.start + shifts[i] + len(e.replacement) for i, e in enumerate(ordered)}
    out = []
    for index, (key, unit_edits) in enumerate(owners):
        if not isinstance(key, int):
            continue
        before = {(f.rule, (f.text or "").casefold()) for f in old_found[index]}
        # Only a deletion changes what stands right before a finding the way a swap's fit depends on.
        unit_ends = {new_ends[(e.start, e.end, e.rule)] for e in unit_edits
                     if not e.replacement.strip() and (e.start, e.end, e.rule) in new_ends}
        sentence = plan.sentences[key]
        # A sentence split in two reads anew: a swap given up because it lengthened the long sentence may fit one of its
        # parts ("Grundet … pga. sygdom" kept both until the rewrite of the rewrite; 84. udkast: no fixed point).
        split_here = any(e.kind == "split" for e in unit_edits)
        k = bisect_right(ends, sentence.start)
        own = sum(len(e.replacement) - (e.end - e.start) for e in unit_edits if e.end <= sentence.start)
        origin = sentence.start + shifts[k] - own - offsets[index]
        for f in new_found[index]:
            mapped = _moved(f, origin)
            present.append(mapped)
            # A long sentence whose words an edit changed may split now where it could not before ("…, and please
            # note that the price …" → "…, and the price …"); left to the next check, the rewrite was no fixed point.
            fixable = ((f.category in REPLACEABLE or _safe_grammar(f)) and _usable(f)) or f.category == "long_sentence"
            key_words = (f.rule, (f.text or "").casefold())
            # A swap that did not fit beside the words a deletion took may fit now ("please be advised that you must"
            # → "…, you must": "please" now fits); left to the next check, the rewrite was no fixed point (fifty-sixth
            # drafts). The address form is changed for the whole reply or not at all, never from here.
            after_an_edit = f.rule not in FORMAL_ADDRESS_RULES \
                and (mapped.start in unit_ends or mapped.start - 1 in unit_ends)
            lost = (f.rule, (f.text or "").strip().casefold()) in losers
            # The address form is the first pass's to change, whole or not at all: a "Dem" an edit of ours said in a
            # letter kept formal is no new "De" to turn ("Vi beder Dem" → "Vi beder dig" beside "De vil modtage"; 78.
            # udkast: broken).
            if f.rule in FORMAL_ADDRESS_RULES and key_words not in before and not lost:
                continue
            if fixable and (key_words not in before or lost or after_an_edit or (split_here and f.category != "long_sentence")):
                out.append(mapped)
    return out, present


def _revealed_before(doc, plan: _Plan, edits: list[Edit], owners, new_parts: list[str], recheck) -> list:
    """Fixable findings an edit reveals in the unchanged sentence before it: a standard answer that holds a plainer swap
    ("Tak for Deres henvendelse.") is no longer one when an understanding follows it ("… Jeg forstår godt, at …"), and
    its swap ("henvendelse" → "besked") came only on the rewrite of the rewrite (73. udkast: no fixed point). Only such
    a sentence is checked again, with the changed one after it (offsets into the new text)."""
    if recheck is None:
        return []
    changed = {key for key, _unit in owners if isinstance(key, int)}
    parts, where = [], []
    for index, (key, unit_edits) in enumerate(owners):
        before = key - 1 if isinstance(key, int) else -1
        # Only an acknowledgement put in changes how the sentence before it reads to the rules, or one a swap made of the
        # sentence ("Vi har forståelse for din frustration" → "Vi forstår godt din frustration"; 133. udkast: no fixed
        # point).
        if before < 0 or before in changed or not (any(
                e.kind == "acknowledge" or _ACKNOWLEDGEMENT_START.match(e.replacement) for e in unit_edits)
                or _ACKNOWLEDGEMENT_START.match(new_parts[index].lstrip())):
            continue
        sentence = plan.sentences[before]
        if any(e.start < sentence.end and sentence.start < e.end for e in edits):
            # Removed or edited itself ("Tak for din henvendelse." gone before the acknowledgement): its swap, found
            # where it no longer stands, landed inside the new line ("Jeg forstår beskedt er frustrerende"; both blind
            # judges, 194. udkast: broken).
            continue
        found = plan.findings_in(sentence.start, sentence.end)
        if not any(f.category == "standard_answer" and not f.replacements for f in found):
            continue
        parts.append(doc.text[sentence.start:plan.sentences[key].start] + new_parts[index])
        where.append((sentence, {(f.rule, (f.text or "").casefold()) for f in found}))
    if not parts:
        return []
    per_part, offsets = _per_part(recheck, doc, parts)
    out = []
    for (sentence, had), found, offset in zip(where, per_part, offsets):
        # Where the sentence starts in the new text: the edits before it moved it.
        shift = sum(len(e.replacement) - (e.end - e.start) for e in edits if e.end <= sentence.start)
        for f in found:
            if f.start - offset >= sentence.end - sentence.start or (f.rule, (f.text or "").casefold()) in had:
                continue
            # The address form is changed for the whole reply or not at all, never from here.
            if (f.category in REPLACEABLE or _safe_grammar(f)) and _usable(f) and f.rule not in FORMAL_ADDRESS_RULES:
                out.append(_moved(f, sentence.start + shift - offset))
    return out


def _moved(finding, delta: int):
    """A copy of a finding `delta` characters further on (`dataclasses.replace` costs more than the re-check
    it serves: every finding of every changed sentence is moved, each pass)."""
    moved = object.__new__(type(finding))
    moved.__dict__.update(finding.__dict__, start=finding.start + delta, end=finding.end + delta)
    return moved


def _unit_span(plan: _Plan, key, unit_edits: list[Edit]) -> tuple[int, int]:
    """The span of the original text a unit stands for: its sentence, or its edit's span."""
    if isinstance(key, int):
        s = plan.sentences[key]
        return s.start, s.end
    return unit_edits[0].start, unit_edits[0].end


def _units(plan: _Plan, edits: list[Edit]) -> dict:
    """Edits grouped by what they change: a body sentence (its index) or a stand-alone edit (the edit)."""
    units: dict = {}
    for e in edits:
        key = plan.unit_of(e)
        units.setdefault(key if key is not None else ("edit", e.start, e.end, e.rule), []).append(e)
    return units


def _unit_texts(text: str, plan: _Plan, key, unit_edits: list[Edit]) -> tuple[str, str]:
    """A unit's text before and after its edits (a removal's sentence, an insertion's new sentence)."""
    if isinstance(key, int):
        s = plan.sentences[key]
        if text[s.start:s.end] != s.text:  # a segmentation that rewrote the sentence's text: shift the edits
            local = [replace(e, start=e.start - s.start, end=e.end - s.start) for e in unit_edits]
            return s.text, _apply(s.text, local)
        # Applied in place on the sentence's slice of the text (no shifted copies of the edits).
        out, pos = [], s.start
        for e in sorted(unit_edits, key=lambda e: (e.start, e.end, -e.priority)):
            out += (text[pos:e.start], e.replacement)
            pos = e.end
        out.append(text[pos:s.end])
        return s.text, "".join(out)
    e = unit_edits[0]
    return text[e.start:e.end].strip(), e.replacement.strip()


def _per_part(recheck, doc, parts: list[str]):
    """Findings of each part, from one re-check of all parts as one document, and where each part starts."""
    joined, offsets, pos = [], [], 0
    for part in parts:
        offsets.append(pos)
        joined.append(part)
        pos += len(part) + 2
    result = recheck(doc.with_text("\n\n".join(joined)))
    per_part: list[list] = [[] for _ in parts]
    for f in result.findings:
        if f.start is None or f.category in _DOCUMENT_CATEGORIES:
            continue
        per_part[bisect_right(offsets, f.start) - 1].append(f)
    return per_part, offsets


def _culprits(text: str, plan: _Plan, key, unit_edits: list[Edit], faults, length: int) -> list[Edit]:
    """The edits of a unit to refuse for new faults (spans in the unit's new text): those overlapping one.

    A fault across most of the sentence (a new long sentence) is blamed on the edit that adds most words."""
    if not isinstance(key, int):
        return list(unit_edits)
    base = plan.sentences[key].start
    placed, shift = [], 0
    for e in sorted(unit_edits, key=lambda e: (e.start, e.end)):
        start = e.start - base + shift
        placed.append((start, start + len(e.replacement), e))
        shift += len(e.replacement) - (e.end - e.start)
    blamed: list[Edit] = []
    seen: set[int] = set()
    growth = None
    for f_start, f_end in faults:
        if f_end - f_start > 0.6 * max(1, length):
            if growth is None:
                growth = max(placed, key=lambda p: _count_words(p[2].replacement) - _count_words(text[p[2].start:p[2].end]))
            hits = [growth[2]]
        else:
            hits = [e for s, t, e in placed if s <= f_end and f_start <= t]
        for e in hits or [p[2] for p in placed]:
            if id(e) not in seen:
                seen.add(id(e))
                blamed.append(e)
    return blamed


# The phrase families, where one rule names one kind of wording (not spelling, grammar or a sentence's length).
_PHRASE_CATEGORIES = frozenset({"standard_answer", "plain_language", "internal_language", "sympathy",
                                "negative_phrasing", "passive", "nominal_style"})


def _new_findings(old: list, new: list, old_text: str = "") -> list:
    """Findings of a changed part that were not there before.

    The same rule on the same words is the same finding; so is one of the same category whose words hold
    the old finding's words or lie within them ("will be processed" → "Your return will be processed"):
    the problem was there already, now seen whole, and the next pass may fix it. A term the part already held
    is no new finding either: a rule that speaks once per reply (an acronym, `once: true`) names its later uses
    only when the part is checked alone."""
    old_words = old_text.casefold()
    before = Counter((f.rule, (f.text or "").casefold()) for f in old)
    # The same rule as many times as before is the same problem in new words ("Tak for Deres henvendelse" → "Tak for
    # din besked": still a stock opener, now seen by the rule): no new finding, or the swap would be refused.
    rules_before = Counter(f.rule for f in old)
    by_category: dict[str, list[str]] = {}
    for f in old:
        by_category.setdefault(f.category, []).append((f.text or "").casefold())
    # A sentence that was long already is the same long sentence after a swap that adds no words: its words changed,
    # so it never matched the old finding, and every swap in it was refused ("… within the standard SLA of 5 working
    # days" kept its SLA, its "actioned" and its CRM; twenty-sixth drafts).
    long_words = sorted((_count_words(f.text or "") for f in old if f.category == "long_sentence"), reverse=True)
    extra = []
    for f in new:
        key = (f.rule, (f.text or "").casefold())
        if before[key] > 0:
            before[key] -= 1
            rules_before[f.rule] -= 1
            continue
        if f.category == "long_sentence" and long_words and _count_words(f.text or "") <= long_words[0]:
            long_words.pop(0)
            continue
        if rules_before[f.rule] > 0 and f.category in _PHRASE_CATEGORIES:
            rules_before[f.rule] -= 1
            continue
        words = key[1]
        if words and any(o and (o in words or words in o) for o in by_category.get(f.category, ())):
            continue
        if f.category == "internal_language" and words and re.search(
                r"(?<![^\W_])" + re.escape(words) + r"(?![^\W_])", old_words):
            continue
        extra.append(f)
    return extra


def _give_up_hardest(text: str, edits: list[Edit], notes, *, keep_plain: bool = False,
                     only_harmful: bool = False) -> list[Edit]:
    """Give up the least important edit that adds most long words and words (splits only make it easier).

    An acknowledgement first falls back to its plainest wording before it is given up. `keep_plain`: the plain
    edits (`_PLAIN_KINDS`) are measured in the guard's baseline and never given up here; `only_harmful`: give up
    nothing whose own counts do not make the reply harder."""
    def syllables(e: Edit) -> int:
        # Flesch counts syllables: "As per" → "Following" adds none of the words or long words LIX counts.
        return _syllables(e.replacement) - _syllables(text[e.start:e.end])

    def weight(e: Edit) -> tuple:
        words, long_words, _sentences = _count_delta(text, e)
        return (e.priority, -long_words, -words, -syllables(e), e.start)

    allowed = [e for e in edits if e.kind != "split" and not (keep_plain and e.kind in _PLAIN_KINDS)]
    candidates = [e for e in allowed if sum(_count_delta(text, e)[:2]) > 0 or syllables(e) > 0]
    if not candidates and not only_harmful:
        candidates = allowed
    if not candidates:
        return edits
    worst = min(candidates, key=weight)
    if worst.fallback is not None and worst.fallback != worst.replacement:
        return [replace(e, replacement=e.fallback, fallback=None) if e is worst else e for e in edits]
    _note(notes, worst, "harder")
    return [e for e in edits if e is not worst]


_VOWEL_GROUPS = re.compile(r"[aeiouyæøå]+", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _syllables(text: str) -> int:
    """A rough syllable count (vowel groups, at least one per word) for the readability estimate."""
    return sum(max(1, len(_VOWEL_GROUPS.findall(w))) for w in _WORD.findall(text))


_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")


# Edits are short phrases, counted again in every round and pass: remembered by their text.
@lru_cache(maxsize=4096)
def _counts(s: str) -> tuple[int, int, int]:
    """(words, long words, sentence ends) of a short text, as the readability estimate counts them."""
    words = _WORD.findall(s)
    long_words = sum(1 for w in words if len(w) >= 7 and sum(c.isalpha() for c in w) >= 7)
    return len(words), long_words, len(_SENTENCE_END.findall(s))


def _count_delta(text: str, edit: Edit) -> tuple[int, int, int]:
    """How an edit changes (words, long words, sentences): its replacement's counts less the original's."""
    new, old = _counts(edit.replacement), _counts(text[edit.start:edit.end])
    return new[0] - old[0], new[1] - old[1], new[2] - old[2]


# ------------------------------------------------------------------------------------- applying, passes

def _apply(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits (sorted by start) to `text`."""
    out, pos = [], 0
    for e in sorted(edits, key=lambda e: (e.start, e.end, -e.priority)):
        out.append(text[pos:e.start])
        out.append(e.replacement)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def _change(text: str, e: Edit) -> dict:
    """The wire form of one edit against the original text."""
    return {"start": e.start, "end": e.end, "text": text[e.start:e.end], "replacement": e.replacement,
            "rule": e.rule}


def _compose(changes: list[dict], current: str, edits: list[Edit]) -> list[dict]:
    """Fold edits made on `current` (the original with `changes` applied) into changes on the original."""
    # Where each change stands in the current text, in order.
    placed, shift = [], 0
    for c in changes:
        start = c["start"] + shift
        placed.append((start, start + len(c["replacement"]), c))
        shift += len(c["replacement"]) - (c["end"] - c["start"])
    starts = [p[0] for p in placed]
    # Each edit with the changes it touches; edits and changes that touch one another become one change. Two edits can
    # fall inside one earlier change (a clause rewritten in one pass, two swaps inside it in the next): folding them one
    # at a time left the second as a change of its own over the first's span (159th drafts: the changes no longer
    # rebuilt the rewrite).
    group_of: dict[int, int] = {}  # index of a placed change -> its group
    groups: list[dict] = []
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        touched = []
        j = bisect_right(starts, e.end) - 1
        while j >= 0 and placed[j][1] >= e.start:
            p0, p1, _c = placed[j]
            if p0 < e.end or e.start == e.end == p0 or p0 <= e.start <= p1:
                touched.append(j)
            j -= 1
        ids = {group_of[t] for t in touched if t in group_of}
        group = {"edits": [e], "changes": set(touched)}
        for g in sorted(ids):
            group["edits"] += groups[g]["edits"]
            group["changes"] |= groups[g]["changes"]
            groups[g] = None
        groups.append(group)
        for t in group["changes"]:
            group_of[t] = len(groups) - 1
    kept = [c for k, (_s, _e, c) in enumerate(placed) if k not in group_of]
    for group in groups:
        if group is None:
            continue
        members = sorted(group["changes"])
        group_edits = sorted(group["edits"], key=lambda e: (e.start, e.end))
        cur_start = min([e.start for e in group_edits] + [placed[k][0] for k in members])
        cur_end = max([e.end for e in group_edits] + [placed[k][1] for k in members])
        # The text between the group and the changes outside it is as in the original: each end is placed by the
        # nearest change inside the group, or by the last change before it.
        before = bisect_right(starts, cur_start) - 1
        shift_before = placed[before][2]["end"] - placed[before][1] if before >= 0 and before not in members else 0
        if members and placed[members[0]][0] == cur_start:
            orig_start = placed[members[0]][2]["start"]
        else:
            orig_start = cur_start + shift_before
        if members:
            _p0, p1, last = max((placed[k] for k in members), key=lambda p: (p[1], p[2]["end"]))
            orig_end = last["end"] + (cur_end - p1)
        else:
            orig_end = cur_end + shift_before
        pieces, at = [], cur_start
        for e in group_edits:
            pieces += [current[at:e.start], e.replacement]
            at = e.end
        pieces.append(current[at:cur_end])
        rules = [placed[k][2]["rule"] for k in members] + [e.rule for e in group_edits]
        rule = ",".join(dict.fromkeys(r for rr in rules for r in rr.split(",")))
        kept.append({"start": orig_start, "end": orig_end, "text": "", "replacement": "".join(pieces), "rule": rule})
    return sorted(kept, key=lambda c: (c["start"], c["end"]))


def _remaining(findings, edits: list[Edit], changes: list[dict], notes: dict) -> list[dict]:
    """The findings the rewrite did not fix, each with the reason (what the extension shows the agent).

    Fixed: named by an edit, or lying inside what a change replaced (a rewritten clause, a removed sentence)."""
    fixed = {i for e in edits for i in e.fixes}
    covered = sorted((c["start"], c["end"]) for c in changes if c["end"] > c["start"])
    starts = [c[0] for c in covered]
    out = []
    for f in findings:
        if f.id in fixed:
            continue
        if f.start is not None:
            i = bisect_right(starts, f.start) - 1
            if i >= 0 and covered[i][0] <= f.start and f.end <= covered[i][1]:
                continue  # inside a replaced clause or a removed sentence
        reason = notes.get(f.id)
        if reason is None:
            reason = "no_replacement" if f.category in REPLACEABLE and not _usable(f) else "judgement"
        out.append({"id": f.id, "category": f.category, "rule": f.rule, "reason": REASONS[reason]})
    return out
