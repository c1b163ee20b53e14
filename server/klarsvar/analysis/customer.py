"""Customer context from the customer's message: name, emotion, sentiment, key phrases and their mirrored forms.

Everything here is light-weight and offline: the AFINN lexicons (the `afinn` package ships Danish and
English word lists), cue phrases from `data/empathy/<lang>.yml`, and a heuristic noun-phrase extractor
with stop-word lists. The result is cached per (message, name, language) because the extension sends
the same customer message with every keystroke of the reply.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from .profanity import is_profane
from .rules.patterns import compile_phrase_set
from .text import FEAR_ADJECTIVES_DA, FEAR_ADJECTIVES_EN, LAUGHTER, STRONGLY_POSITIVE, segment

log = logging.getLogger(__name__)

# "sad": the customer is grieving or going through something hard (a death, a serious illness) or says
# they are sad; the acknowledgement then offers condolence or understanding, never "træt af det".
EMOTIONS = ("frustrated", "worried", "angry", "sad", "neutral", "happy")
# Only the start of a very long customer message is read: the newest words come first, and a pasted
# thread below them would cost time (≈3 ms per 1,000 characters) without changing who writes or how they feel.
MAX_MESSAGE_CHARS = 10_000
UPSET_EMOTIONS = frozenset({"frustrated", "worried", "angry", "sad"})
DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "empathy"
# libyaml's parser when present: the empathy data parses ~4x faster (start-up, issue 17).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Fear said in words (not urgency: "refund it immediately or …" is anger); the rewrite asks it too
# (`acknowledgement.says_fear`).
# Danish in any inflection ("bekymring", "uroligt", "frygter"); "bange" has none.
FEAR_WORDS = re.compile(r"(?i)(?<![^\W\d_])(?:" + "|".join(FEAR_ADJECTIVES_EN) + "|bange|(?:"
                        + "|".join(["bekymr", "frygt"] + [w for w in FEAR_ADJECTIVES_DA if w not in ("bekymret", "bange")])
                        + r")\w*)(?![^\W\d_])")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*(?:-[^\W_]+)*")
# Words strung together with dots and no spaces ("still....on....hold"): read as the words they are.
# A fault said not to be there ("a note on the eggs saying they'd checked none were cracked", "intet var i stykker"):
# no problem reported (sixteenth drafts: a glowing compliment read as frustration).
_NONE_WAS = re.compile(r"(?i)(?<![^\W\d_])(?:none|nothing|neither|ingen|intet|ingenting)(?:\s+of\s+(?:them|it|the\s+\w+))?"
                       r"\s+(?:were|was|is|are|got|had\s+been|has\s+been|var|er|blev|havde)\s+(?:\w+\s+)?[^\W\d_]+")
# A flaw owned up to and dismissed in one breath ("The table has a few scratches on top but it's solid", "lidt ridser, men
# den er fin"): the customer describes what they give or sell, no problem of ours (an enquiry about a furniture donation
# was asked for "We understand you'd like this sorted out"; both blind judges, eighty-second drafts: a false alarm).
_CONCEDED_FLAW = re.compile(
    r"(?i)(?<![^\W\d_])(?:a\s+few|some|a\s+couple\s+of|minor|small|little|lidt|et\s+par|nogle\s+få|små)\s+"
    r"(?:\w+\s+)?(?:scratch(?:es|ed)?|marks?|dents?|scuffs?|chips?|wear|ridser?|mærker|buler?|skrammer)\b"
    r"[^.!?\n]{0,40}?\b(?:but|men)\s+(?:it['’]?s|it\s+is|they['’]re|they\s+are|it\s+works|den\s+er|det\s+er|de\s+er|"
    r"ellers|otherwise)\b")
# A second time that did not happen ("hun sørgede for en glutenfri kage uden at vi behøvede at spørge to gange", "without
# having to ask twice"): praise, no repeat (a thank-you was asked "Jeg kan godt forstå, at du gerne vil have det her løst";
# both blind judges, 84. udkast: false alarm).
_NOT_TWICE = re.compile(r"(?i)(?<![^\W\d_])(?:uden\s+at|without)(?![^\W\d_])[^.!?\n]{0,40}?(?<![^\W\d_])"
                        r"(?:to\s+gange|flere\s+gange|twice|two\s+times|again)(?![^\W\d_])")
# With a word of candour between ("Jeg havde ærligt talt været lidt nervøs, da jeg lige er gået på pension"; both blind
# judges, 202. udkast: a volunteer's thank-you read as worry).
# "Hun har været så nervøs for at tage af sted" in a thank-you after the camp (both blind judges, 245. udkast: "Jeg forstår godt, at
# du er bekymret" to a father writing to thank).
_PAST_FEAR = re.compile(r"(?i)(?<![^\W\d_])(?:was|were|had\s+(?:honestly\s+|actually\s+|really\s+)?been|used\s+to\s+be|var|blev|"
                        r"(?:havde|har)\s+(?:ærligt\s+talt\s+|faktisk\s+|egentlig\s+|godt\s+nok\s+)?været)\s+"
                        r"(?:honestly\s+|ærligt\s+talt\s+|faktisk\s+)?(?:so+\s+|really\s+|very\s+|"
                        # "she was sooo nervous beforehand" (eighteenth drafts: a thank-you read as worry).
                        # "I was a nervous wreck leaving him, but … he came home purring" (thirty-fourth drafts).
                        r"totally\s+|super\s+|quite\s+|a\s+bit\s+|a\s+little\s+|a\s+(?:total\s+|complete\s+|real\s+)?|så+\s+|helt\s+|"
                        # "Elias var mega nervøs … nu snakker han ikke om andet" (54. udkast: a thank-you read as worry).
                        r"meget\s+|rigtig\s+|lidt\s+|mega\s+|vildt\s+|enormt\s+|pisse\s+|ret\s+|virkelig\s+|utrolig\s+|frygtelig\s+|ekstremt\s+)?(?:terrified|scared|afraid|nervous|worried|anxious|"
                        r"frightened|petrified|bange|nervøse?|bekymrede?|rædselsslagne?|utryg[te]?|urolige?)(?![^\W\d_])|"
                        # A panic told in the past ("My husband panicked a bit mooring stern-to … Marco talked him through
                        # it": fifty-third drafts, a praise letter read as worry).
                        r"(?<![^\W\d_])(?:panicked|freaked\s+out|gik\s+i\s+panik|fik\s+panik)(?![^\W\d_])|"
                        # Tears before the help came ("My daughter Mia was in tears the week before her prom … Priya spent
                        # over an hour with her": fifty-ninth drafts, a thank-you read as sadness).
                        r"(?<![^\W\d_])(?:was|were|had\s+been|var|havde\s+været)\s+(?:\w+\s+)?(?:in\s+tears|i\s+tårer|ked\s+af\s+det)(?![^\W\d_])")
# A fear of a thing, not of what happened: what the customer is like ("nervous of heights", "bange for vand").
_FEAR_OF_A_THING = re.compile(r"(?i)(?<![^\W\d_])(?:(?:very|really|so|quite|a\s+bit|a\s+little|meget|rigtig|lidt|så)\s+)?"
                              r"(?:terrified|scared|afraid|nervous|anxious|frightened|petrified|bange|nervøs|nervøse)\s+"
                              r"(?:of|about|for)\s+(?:heights?|water|deep\s+water|flying|needles|dogs|horses|spiders|the\s+dark|"
                              r"dentists?|the\s+dentist|crowds|højder?|vand|dybt\s+vand|at\s+flyve|nåle|hunde|heste|"
                              r"edderkopper|mørke|mørket|tandlæger|tandlægen)(?![^\W\d_])")
# Fear as what someone or something is like ("how to give a nervous dog space", "en nervøs hund"): the dog's, not the
# customer's worry (both blind judges, thirty-fourth drafts: "I can see why this is a worry for you" to a thank-you).
_FEARFUL_SOMEONE = re.compile(r"(?i)(?<![^\W\d_])(?:a|an|the|our|my|his|her|their|your|en|et|den|det|vores|min|mit|hans|hendes|"
                              r"deres|jeres)\s+(?:(?:very|really|meget|ret)\s+)?(?:nervous|anxious|scared|"
                              r"frightened|timid|nervøs|nervøse|bange|ængstelig|ængstelige)\s+(?=[^\W\d_])")
# Nerves said of someone else ("Vores søn Malthe på 6 år … Han er lidt nervøs", "she's a bit nervous"): the child's,
# not the parent's (both blind judges, 41. and 46. udkast: "Jeg forstår godt, at du er bekymret" misread the mother).
_SOMEONE_ELSE_NERVOUS = re.compile(
    # A child's nerves in any degree; "he/she" only "a bit" nervous: "hun er meget bange for at lukke fremmede ind" of an
    # elderly mother is her daughter's worry too (38. udkast).
    r"(?i)(?<![^\W\d_])(?:(?:han|hun|he|she)\s+(?:er|var|is|was|['’]s)\s+(?:lidt|a\s+bit|a\s+little)|"
    # What others are like ("They're sisters and get anxious apart" of two dogs; both blind judges, 136th drafts: "that
    # must be worrying" to a plain booking question).
    r"(?:they|he|she|de|han|hun)\b[^.!?\n]{0,40}?\b(?:get|gets|become|becomes|bliver)(?:\s+(?:a\s+bit|a\s+little|really|very|so|"
    r"quite|lidt|meget|ret|så))?|"
    # "She's never played in a proper team before so bit nervous!" (seventy-sixth drafts: a cheerful parent read as worried).
    r"(?:han|hun|he|she)\b[^.!?\n]{0,60}?\b(?:so|and|så|og)\s+(?:a\s+)?(?:bit|little|lidt)|"
    # "den lille er ret nervøs for det" of a six-year-old before ski school (both blind judges, 118. udkast: "Jeg kan godt
    # forstå, at du er urolig" misread the mother's practical questions).
    r"(?:(?:min|vores|my|our)\s+(?:søn|datter|dreng|pige|barn|børn|son|daughter|boy|girl|child|kids?|children)|"
    r"den\s+(?:lille|mindste|store|ældste)|de\s+(?:små|store)|ungerne|børnene|the\s+(?:little|youngest|oldest)\s+one|the\s+kids)"
    r"(?:\s+[A-ZÆØÅ][^\W\d_]*)?\s+(?:er|var|is|was|are|were|['’]s|['’]re)(?:\s+(?:lidt|meget|ret|a\s+bit|a\s+little|quite|very|"
    r"really|so|også|also))*)\s+(?:nervøs|nervøse|bange|ængstelig|nervous|anxious|scared|shy|genert)(?![^\W\d_])")
# Animals under stress ("my koi are getting stressed" from a pond that keeps losing water): the harm the customer reports,
# no fear of their own. Told in a third chase it read as worry (both blind judges, 219th drafts: "I can see why this is a
# worry for you" misread an angry customer).
_ANIMALS_STRESSED = re.compile(
    r"(?i)(?<![^\W\d_])(?:my|our|the|mine|vores|min|mit)\s+(?:koi|fish|goldfish|dogs?|cats?|horses?|ponies|pony|hens|chickens|"
    r"birds?|animals|pets|cows|sheep|bees|hunde?|katte?|heste?|høns|dyr|fisk|guldfisk|bier)\s+(?:are|is|were|was|er|var|bliver|blev)"
    r"\s+(?:getting\s+|becoming\s+|now\s+|nu\s+)?(?:(?:really|very|so|quite|rather|helt|meget|ret|så)\s+)?(?:stressed|distressed|"
    r"anxious|nervous|scared|stressede?|nervøse?|urolige?|bange)(?![^\W\d_])")
# What someone else is nervous on, with or around ("she's nervous on anything steeper" of an eight-year-old skier): what
# they are like, not the parent's worry (both blind judges, 137th drafts: "I can see why this is a worry for you" to a
# booking question). "hun er meget bange for at lukke fremmede ind" (a fear *for* something) stays the daughter's worry.
_NERVOUS_IN_AN_ACTIVITY = re.compile(
    r"(?i)(?<![^\W\d_])(?:he|she|they|han|hun|de)(?:['’]s|['’]re|\s+is|\s+are|\s+er|\s+gets?|\s+bliver)\s+"
    r"(?:(?:a\s+bit|a\s+little|quite|very|really|still|lidt|meget|ret|stadig)\s+)?(?:nervous|anxious|scared|nervøs|nervøse|"
    r"bange|utryg)\s+(?:on|with|around|in|at|near|when|på|med|ved|når|i)(?![^\W\d_])")
# A child named in the message ("Ella (4 år)", "my daughter", "our 6-year-old"): "hun"/"she" after it is the child, whose
# nerves in any degree are the child's, not the parent's worry ("Hun er også meget bange for at komme til tandlæge" after
# "Ella (4 år)"; both blind judges, 141. udkast: "Jeg kan godt forstå, at du er urolig" misread the father's questions).
_CHILD_NAMED = re.compile(r"(?i)\(\s*\d{1,2}\s*(?:år|years?|yrs?)\s*\)|(?<![^\W\d_])(?:min|vores|my|our)\s+(?:lille\s+|little\s+)?"
                          r"(?:søn|datter|dreng|pige|barn|son|daughter|boy|girl|child|kid)(?![^\W\d_])|"
                          r"(?<![^\W\d_])\d{1,2}[- ](?:year|år)[- ]?(?:old|gammel|gamle)(?![^\W\d_])")
_HE_OR_SHE_NERVOUS = re.compile(r"(?i)(?<![^\W\d_])(?:han|hun|he|she)(?:['’]s|\s+er|\s+is|\s+was|\s+var|\s+gets|\s+bliver)\s+"
                                r"(?:(?:også|also|really|very|so|quite|meget|rigtig|ret|så|helt|virkelig)\s+)*"
                                r"(?:bange|nervøs|nervous|anxious|scared|frightened|terrified|utryg)(?![^\W\d_])"
                                # "She's really anxious and honestly so am I": the parent's too (en45-02).
                                r"(?![^.!?\n]{0,30}?\b(?:so\s+am\s+i|me\s+too|as\s+am\s+i|det\s+er\s+jeg\s+også|jeg\s+er\s+også)\b)")
# A child in tears over it is the parent's worry too ("hun har grædt hver aften hele ugen fordi hun er så nervøs"; 18. udkast).
_IN_TEARS = re.compile(r"(?i)(?<![^\W\d_])(?:græd\w*|grædt|tårer|crying|cried|cries|in\s+tears|sobbing)(?![^\W\d_])")


def _nerves_unless_in_tears(m: re.Match) -> str:
    """A child's nerves taken out of the parent's feeling (`_HE_OR_SHE_NERVOUS`), kept where the sentence tells of tears."""
    text = m.string
    start = max(text.rfind(".", 0, m.start()), text.rfind("!", 0, m.start()), text.rfind("?", 0, m.start()),
                text.rfind("\n", 0, m.start())) + 1
    ends = [i for i in (text.find(c, m.end()) for c in ".!?\n") if i >= 0]
    return m.group(0) if _IN_TEARS.search(text, start, min(ends) if ends else len(text)) else " "


# A yes/no question whether something is wrong ("Is it stuck?", "is it too late to get them?", "Er det normalt?")
# asks, it reports no problem (fifteenth drafts: a first-time brewer and a traveller read as frustrated).
_ASKS_WHETHER = re.compile(
    r"(?im)(?:^|(?<=[.!?\n]))[ \t]*(?:(?:so|and|but|also|then|og|men|så)[ \t,]+)?"
    r"(?:is|are|was|were|does|do|did|could|can|should|would|will|am|er|var|kan|skal|vil|bliver|gør|må)[ \t]+"
    r"(?:it|this|that|there|i|we|something|anything|det|der|jeg|vi|noget|den)(?![^\W\d_])[^.!?\n]*\?+")
# Not remembering a name is no fault ("Jeg kan ikke huske navnet" read as a problem in a thank-you letter; 44. udkast).
_CANNOT_RECALL = re.compile(r"(?i)(?<![^\W\d_])(?:kan|kunne)\s+ikke\s+(?:lige\s+|helt\s+)?huske|can(?:['’]t|not)\s+"
                            r"(?:quite\s+)?remember|(?:can['’]t|cannot)\s+recall")
_DOT_STRUNG = re.compile(r"(?<=[^\W_])(?:\.{2,}|…+)(?=[^\W_])")
# The customer's own delay ("Vi er blevet forsinket med flytningen, så vi vil gerne forlænge", "we've been delayed
# with the move"): no problem of the company's to acknowledge (both blind judges, 28. udkast: a false alarm).
_OWN_DELAY = re.compile(r"(?i)(?<![^\W\d_])(?:vi|jeg|we|i)(?:\s+(?:er|var|blev|er\s+blevet|have\s+been|had\s+been|am|are|was|"
                        r"were|got|get)|['’](?:ve\s+been|d\s+been|m|re))\s+(?:lidt\s+|desværre\s+|a\s+bit\s+|unfortunately\s+)?"
                        r"(?:forsinket|forsinkede|delayed|held\s+up|running\s+late)(?![^\W\d_])")
_NAME_TOKEN = re.compile(r"^[A-ZÆØÅÄÖÜÉ][a-zæøåäöüéèáíóúñ]+(?:-[A-ZÆØÅÄÖÜÉ][a-zæøåäöüéèáíóúñ]+)?$")
_DEVICE_LINE = re.compile(
    r"^(?:sent\s+from|sendt\s+fra|get\s+outlook|hent\s+outlook|hentet\s+fra|sendt\s+via|sent\s+via|"
    r"sent\s+with|sendt\s+med|afsendt\s+fra|von\s+meinem)\b", re.IGNORECASE)
_COMPANY = re.compile(r"\b(?:a/s|aps|i/s|ivs|k/s|p/s|ltd|inc|llc|gmbh|plc|corp|co|group|kundeservice|support)\b\.?"
                      # Departments are not people ("Indkøbsafdelingen", "Purchasing Department", "Accounts").
                      r"|\w*(?:afdeling(?:en)?|kontor(?:et)?|sekretariat(?:et)?)\b|\b(?:department|dept|purchasing|"
                      r"accounts|procurement|finance|office|bogholderi(?:et)?|indkøb(?:et)?|økonomi)\b"
                      # A practice or shop under the writer's name ("Dr. Karen Whitfield / Brightsmile Dental": "Hello
                      # Brightsmile" greeted the practice; both blind judges, 154th drafts).
                      r"|\b(?:dental|clinic|practice|surgery|pharmacy|salon|studio|garage|bakery|restaurant|café|cafe|hotel|"
                      r"school|nursery|farm|motors|consulting|solutions|services|partners|klinik|tandklinik|lægehus|"
                      r"tandlæge(?:rne)?|apotek|frisør|bageri|skole|børnehave|vuggestue|gård)\b",
                      re.IGNORECASE)
_SIGNOFF_PHRASE = re.compile(
    r"^(?:(?:med\s+)?(?:venlig(?:st)?|venlige|kærlig|mange|de\s+bedste|bedste|varme|god)\s+hilsen(?:er)?|hilsen|"
    r"(?:hilsen|hilsner)\s+fra|mvh\.?|m\.v\.h\.?|vh\.?|kh\.?|(?:best|kind|warm|warmest)\s+regards|regards|best\s+wishes|"
    r"kind\s+wishes|x{2,}|xoxo|"
    r"(?:yours\s+)?sincerely|yours\s+(?:truly|faithfully)|all\s+the\s+best|(?:mange\s+|på\s+forhånd\s+|tusind\s+)?tak|"
    r"thanks(?:\s+again|\s+so\s+much)?|many\s+thanks|thank\s+you|cheers|best|take\s+care)\s*[,.!:;-]*\s*",
    re.IGNORECASE)
_SLASH_NAME = re.compile(r"^\s*[/–—-]+\s*(?P<name>[A-ZÆØÅ][\w-]+)\b")
# "-mike", "/peter": a lower-case name alone after a dash or slash on the last line.
_SLASH_LOWER = re.compile(r"^\s*[/–—-]+\s*(?P<name>[a-zæøå]{2,}(?:-[a-zæøå]+)?)\s*$")
# "… 6 weeks. Beth", "Hvor er min pakke? Lars": a bare name (and perhaps a surname) ending the last line.
# What a sign-off may add after the name: a band, a firm or a role in brackets or after a comma ("Sam (The Lantern
# Thieves)", "Amir Haddad, Haddad's Corner Market"): a name, not how they feel (twenty-second drafts: "Thieves" read
# as an accusation).
# After the name, a reference the customer gives ("— Priya Ramanathan, booking WD-4471", "Erik Dalgaard, cpr. 120358-xxxx"):
# the name still signs (309th drafts: "Dear Customer" stayed to a bride who signed so).
_AFFILIATION = (r"\s*\([^()\n]{1,60}\)|\s*,\s*[A-ZÆØÅ][\w'’&.-]*(?:\s+(?:[A-ZÆØÅ&][\w'’&.-]*|of|for|and|og|i|på))*|"
                r"\s*,\s*(?i:booking|order|ref|reference|account|customer|member|membership|policy|ticket|case|invoice|"
                r"kundenr|kundenummer|ordre|ordrenr|bestilling|medlem|medlemsnr|sag|sagsnr|faktura|policenr|cpr)\.?"
                r"(?:\s*(?i:no|nr|number|nummer)\.?)?\s*[:#]?\s*[\w/-]*\d[\w/-]*")
_TRAILING_NAME = re.compile(
    # A surname is capitalised, not shouted: "… changes. Absolute JOKE" is how they feel, not who signs.
    r"[.!?…)]\s+(?P<name>[A-ZÆØÅ][a-zæøå]+(?:-[A-ZÆØÅ][a-zæøå]+)?)(?:\s+[A-ZÆØÅ][a-zæøå'’-][\w'’-]*)?\s*[.!]?\s*$")
_INLINE_SIGNOFF = re.compile(
    r"(?:(?:[.!?]\s+|^|[^\w\s,'’]\s*)(?i:(?:med\s+)?venlig(?:st)?\s+hilsen|venlige\s+hilsner|(?:hilsen|hilsner)\s+fra|"
    r"hilsen|mvh\.?|vh\.?|kh\.?|(?:best|kind|warm)\s+(?:regards|wishes)|regards|best\s+wishes|many\s+thanks|"
    r"thank\s+you|thanks(?:\s+again|\s+so\s+much)?|cheers|best|x{2,}|xoxo|(?:mange\s+|tusind\s+)?tak)[,.]?\s+|\s[/–—-]\s?)"
    r"(?P<name>[A-ZÆØÅ][a-zæøå]+(?:-[A-ZÆØÅ][a-zæøå]+)?)(?:\s+[A-ZÆØÅ][\w'’-]+){0,2}" + r"(?:" + _AFFILIATION + r")?"
    r"\s*[.!]?\s*$")
_INTRODUCTION = re.compile(
    r"\b(?:jeg\s+hedder|mit\s+navn\s+er|my\s+name\s+is|i\s+am|i'm)\s+(?P<name>[A-ZÆØÅ][a-zæøå]+(?:-[A-ZÆØÅ][a-zæøå]+)?)\b")
# Words that can end a message on their own but are not names.
_NOT_TRAILING_NAMES = frozenset({"yes", "no", "please", "help", "thanks", "ok", "okay", "sorry", "ja", "nej", "tak",
                                 "hjælp", "undskyld", "venligst", "asap", "nu", "now", "today", "idag", "hurtigt",
                                 "again", "igen", "seriously", "seriøst", "why", "hvorfor", "hello", "hallo",
                                 "anyone", "nogen", "urgent", "haster", "bye", "farvel", "regards", "cheers"})
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "hr", "fru", "frk", "prof"})
_ACRONYMS = frozenset({"SMS", "PDF", "GLS", "DHL", "UPS", "DAO", "USPS", "FEDEX", "MITID", "NEMID", "ID", "OK",
                       "IT", "TV", "PC", "USB", "DKK", "EUR", "USD", "GBP", "ASAP", "FAQ", "VIP", "PIN", "CVR",
                       "CPR", "MOMS", "VAT", "EU", "UK", "USA", "APP", "IOS", "URL", "HTML", "API", "CEO"})


@dataclass(frozen=True)
class CustomerContext:
    """What the customer's message tells the checks: who they are, how they feel, what they talk about."""

    name: str | None = None            # first name, given or found in the sign-off
    emotion: str = "neutral"           # one of EMOTIONS
    sentiment: float = 0.0             # AFINN sum over the message body (negations flipped)
    key_phrases: tuple[str, ...] = ()  # noun phrases in the customer's words, most salient first
    mirrored_forms: dict[str, str] = field(default_factory=dict)  # 'min pakke' → 'din pakke'
    heads: dict[str, str] = field(default_factory=dict)           # key phrase → stem of its head noun
    has_message: bool = False
    problem: bool = False              # the message reports a problem (broken, missing, wrong, late …)
    life_event: bool = False           # a death or serious illness: condolence, not "sorry for the inconvenience"
    waiting: bool = False              # the customer is waiting for something (on hold, not arrived, delayed)
    signals: tuple[str, ...] = ()      # the signal families found in the message (data `customer.signals`)
    asks: bool = False                 # the message asks something (a "?" in its body)
    hostile: bool = False              # an angry cue in words: a threat to leave, sarcasm, an insult, an accusation

    @property
    def upset(self) -> bool:
        """Whether the customer is frustrated, worried or angry."""
        return self.emotion in UPSET_EMOTIONS

    @cached_property
    def phrase_regex(self) -> re.Pattern | None:
        """One regex for the key phrases and their mirrored forms (compiled once per customer message)."""
        forms = {f for p in self.key_phrases for f in (p, self.mirrored_forms.get(p)) if f}
        if not forms:
            return None
        alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
        return re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])", re.IGNORECASE)


# -------------------------------------------------------------------------------------------- data

def compile_phrases(patterns, language: str) -> re.Pattern | None:
    """The empathy data's phrase lists as one regex: the rule language of `rules/patterns.py` (one compiler,
    so the two syntaxes cannot drift), with a space between words also allowing a comma or a dash."""
    return compile_phrase_set(patterns, language, loose_spaces=True)


@lru_cache(maxsize=4)
def language_data(language: str) -> dict:
    """The parsed `data/empathy/<lang>.yml` with every pattern list compiled once."""
    path = DATA_DIR / f"{language if language in ('da', 'en') else 'en'}.yml"
    with open(path, encoding="utf-8") as handle:
        raw = yaml.load(handle, Loader=_YAML_LOADER)
    lang = raw.get("language", language)
    ack_raw = dict(raw.get("acknowledgement") or {})
    generic_words = frozenset(str(w).lower() for w in ack_raw.pop("generic_words", None) or ())
    ack = {k: compile_phrases(v, lang) for k, v in ack_raw.items()}
    cust = raw.get("customer") or {}
    return {
        "language": lang,
        "acknowledgement": ack,
        "generic_words": generic_words,
        "apologies": compile_phrases(raw.get("apologies"), lang),
        "reply_problem": compile_phrases(raw.get("reply_problem"), lang),
        "reply_refusal": compile_phrases(raw.get("reply_refusal"), lang),
        "feeling_apologies": compile_phrases(raw.get("feeling_apologies"), lang),
        "cheerful_wishes": compile_phrases(raw.get("cheerful_wishes"), lang),
        **_cues(cust.get("cues") or [], lang),
        "signals": _signals(cust.get("signals") or [], lang),
        "problem": compile_phrases(cust.get("problem"), lang),
        "waiting": compile_phrases(cust.get("waiting"), lang),
        "dependents": compile_phrases(cust.get("dependents"), lang),
        "life_event": compile_phrases(cust.get("life_event"), lang),
        "sentiment_overrides": {str(k).lower(): float(v) for k, v in (cust.get("sentiment_overrides") or {}).items()
                                if " " not in str(k).strip()},
        # A multi-word key scores that phrase instead of AFINN's ("does not work" reports, it does not feel).
        "sentiment_phrase_overrides": {tuple(str(k).lower().split()): float(v)
                                       for k, v in (cust.get("sentiment_overrides") or {}).items() if " " in str(k).strip()},
        "at_ease": _at_ease(cust.get("at_ease") or {}, lang),
        "rejects_stock_answers": _regex_list((cust.get("rejects_stock_answers") or {}).get("regex")),
        "negators": frozenset(str(w).lower() for w in cust.get("negators") or ()),
        "determiners": frozenset(str(w).lower() for w in cust.get("determiners") or ()),
        "mirror": {str(k).lower(): str(v) for k, v in (cust.get("mirror") or {}).items()},
        "adjectives": frozenset(str(w).lower() for w in cust.get("adjectives") or ()),
        "auxiliaries": frozenset(str(w).lower() for w in cust.get("auxiliaries") or ()),
        "stop_words": frozenset(str(w).lower() for w in cust.get("stop_words") or ()),
        "not_names": frozenset(str(w).lower() for w in cust.get("not_names") or ()),
        "in_words": {name: _in_words(entry) for name, entry in (cust.get("in_words") or {}).items()},
        "in_words_examples": {name: entry.get("examples") or {} for name, entry in (cust.get("in_words") or {}).items()},
    }


def _in_words(entry: dict) -> re.Pattern:
    """One `in_words` list as a regex: its words as whole words, its marks (emoji) anywhere."""
    words = "|".join(entry.get("words") or ())
    marks = "".join(f"|{m}" for m in entry.get("marks") or ())
    return re.compile(rf"(?<![^\W\d_])(?:{words})(?![^\W\d_]){marks}", re.IGNORECASE)


# Where the clause a laugh (`text.LAUGHTER`) closes begins: a clause mark or a word that opens one.
_CLAUSE_START = re.compile(r"(?i)[.!?\n,;:–—]|(?<![^\W\d_])(?:when|while|as|because|though|although|"
                           r"når|mens|da|fordi|selvom)(?![^\W\d_])")


def _without_mishaps_laughed_off(text: str) -> str:
    """`text` without the clauses a laughing face or "haha" closes ("… so patient with me when my milk kept turning
    into bubble bath 😂" keeps its praise and loses the mishap; the laughter itself stays)."""
    out, last = [], 0
    for mark in LAUGHTER.finditer(text):
        starts = [m.end() for m in _CLAUSE_START.finditer(text, last, mark.start())]
        start = starts[-1] if starts else last
        out.append(text[last:start] + " ")
        out.append(mark.group())
        last = mark.end()
    return "".join(out) + text[last:]


def without_past_fear(text: str) -> str:
    """`text` without fear told as its past ("I was terrified on day one, and by Friday I skied …")."""
    return _PAST_FEAR.sub(" ", text)


# A short span in double quotes: the company's words said back ("fået at vide, at det bliver hentet ”snarest”").
_QUOTED = re.compile(r'["“”„«»][^"“”„«»\n]{1,60}["“”«»]')


def said_in_words(name: str, text: str, language: str) -> bool:
    """Whether the text says the `in_words` list `name` of the empathy data (worry, annoyance, death …).

    Worry is the customer's own: a deadline word they quote from us ("told it would be collected 'snarest'") is ours,
    and "De er bekymret" to a customer chasing for the third time misread him (both blind judges, 131. udkast)."""
    if name == "worry" and text:
        text = _QUOTED.sub(" ", text)
    return language_data(language)["in_words"][name].search(text or "") is not None


def _cues(entries: list, language: str) -> dict:
    """The emotion cues: per emotion one phrase regex and its raw regexes, plus each entry for the tests.

    A cue entry is data like a rule (`id`, `emotion`, `patterns` and/or `regex`, `examples` with `match`
    and `no_match` texts); see the comment above `cues:` in data/empathy/<lang>.yml.
    """
    # Keyed by (emotion, emotion over a reported problem): a crying face is sad, or frustrated over a fault.
    patterns: dict[tuple[str, str], list[str]] = {}
    regexes: dict[tuple[str, str], list[re.Pattern]] = {}
    compiled = []
    for entry in entries:
        emotion = entry["emotion"]
        over_problem = entry.get("over_problem", emotion)
        if emotion not in EMOTIONS or over_problem not in EMOTIONS:
            raise ValueError(f"emotion cue {entry.get('id')!r}: unknown emotion {emotion!r}/{over_problem!r}")
        own = [re.compile(r, re.IGNORECASE) for r in entry.get("regex") or ()]
        patterns.setdefault((emotion, over_problem), []).extend(entry.get("patterns") or ())
        regexes.setdefault((emotion, over_problem), []).extend(own)
        compiled.append(_CueEntry(id=entry["id"], emotion=emotion, over_problem=over_problem,
                                  examples=entry.get("examples") or {}, regexes=tuple(own),
                                  _patterns=entry.get("patterns"), _language=language))
    keys = set(patterns) | set(regexes)
    # Irony (`irony: true`, regexes only): praise that means the opposite is never the passing complaint that delight
    # outweighs ("wow great job … arrived stone cold").
    irony = [r.removeprefix("(?i)") for entry in entries if entry.get("irony") for r in entry.get("regex") or ()]
    # Irony that is sarcasm whatever else the message says (an entry with a feeling of its own, not praise that turns
    # ironic only over a reported problem): its words of praise are no delight.
    sarcasm = [r.removeprefix("(?i)") for entry in entries if entry.get("irony") and entry["emotion"] != "neutral"
               for r in entry.get("regex") or ()]
    return {"cues": {k: (compile_phrases(patterns.get(k), language), tuple(regexes.get(k, ()))) for k in keys},
            "cue_entries": tuple(compiled), "irony": _regex_list(irony), "sarcasm": _regex_list(sarcasm)}


def _at_ease(entry: dict, language: str) -> tuple:
    """The at-ease closers (`customer.at_ease` in data/empathy/<lang>.yml): (phrase regex, raw regexes)."""
    return (compile_phrases(entry.get("patterns"), language),
            tuple(re.compile(r, re.IGNORECASE) for r in entry.get("regex") or ()))


def _regex_list(patterns) -> re.Pattern | None:
    """Raw regular expressions of a data entry joined into one case-insensitive pattern, or None."""
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE) if patterns else None


def at_ease(text: str, data: dict) -> bool:
    """Whether the customer closes the matter themselves ("… that's all. Cheers!", "no rush", "det haster ikke")."""
    rx, raws = data.get("at_ease") or (None, ())
    return bool((rx is not None and rx.search(text)) or any(r.search(text) for r in raws))


@dataclass(frozen=True)
class Signal:
    """One entry of a signal family (`customer.signals` in data/empathy/<lang>.yml): a class of wording that
    shows how the customer feels, with its weight in the score and the feeling it points to."""

    id: str
    family: str
    emotion: str
    weight: int
    supports: bool  # only adds to another family of its feeling, never makes it alone ("!", a 👻)
    phrases: re.Pattern | None
    regexes: tuple[re.Pattern, ...]
    examples: dict


def _signals(entries: list, language: str) -> tuple[Signal, ...]:
    """The signal families of the data, each entry's phrases compiled with the shared phrase compiler."""
    out = []
    for entry in entries:
        emotion = entry["emotion"]
        if emotion not in EMOTIONS:
            raise ValueError(f"signal {entry.get('id')!r}: unknown emotion {emotion!r}")
        out.append(Signal(id=entry["id"], family=entry.get("family", entry["id"]), emotion=emotion,
                          weight=int(entry.get("weight", 1)), supports=bool(entry.get("supports", False)),
                          phrases=compile_phrases(entry.get("patterns"), language),
                          regexes=tuple(re.compile(r, re.IGNORECASE) for r in entry.get("regex") or ()),
                          examples=entry.get("examples") or {}))
    return tuple(out)


class _CueEntry(dict):
    """One cue entry for its tests; its own phrase regex is compiled on first use, not at start-up.

    Checks use only the combined regex per emotion; compiling every cue's phrases alone as well was
    ~40 % of the empathy data's start-up (issue 17).
    """

    def __missing__(self, key):
        if key != "phrases":
            raise KeyError(key)
        self["phrases"] = compile_phrases(self["_patterns"], self["_language"])
        return self["phrases"]


@lru_cache(maxsize=4)
def sentiment_lexicon(language: str) -> tuple[dict[str, float], dict[tuple[str, ...], float]]:
    """AFINN word scores for the language: (single words, multi-word phrases). Empty when afinn is missing."""
    filename = {"da": "AFINN-da-32.txt", "en": "AFINN-en-165.txt"}.get(language, "AFINN-en-165.txt")
    try:
        import afinn  # noqa: PLC0415  (optional at import time so the server still starts without it)
    except ImportError:  # pragma: no cover - the dependency is declared in pyproject.toml
        log.warning("afinn is not installed; customer sentiment falls back to cue phrases only")
        return {}, {}
    path = os.path.join(os.path.dirname(afinn.__file__), "data", filename)
    words: dict[str, float] = {}
    phrases: dict[tuple[str, ...], float] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            term, _, score = line.rstrip("\n").rpartition("\t")
            if not term:
                continue
            parts = tuple(term.lower().split())
            if len(parts) == 1:
                words[parts[0]] = float(score)
            else:
                phrases[parts] = float(score)
    return words, phrases


# ------------------------------------------------------------------------------------------ context

def build_context(message: str | None, name: str | None, language: str) -> CustomerContext | None:
    """Return what the customer's message tells us, or None when there is no message and no name."""
    message = message if isinstance(message, str) else None
    name = name.strip() if isinstance(name, str) and name.strip() else None
    if not (message and message.strip()) and not name:
        return None
    return _build_context_cached(message or "", name, language if language in ("da", "en") else "en")


# A death told as long past ("Poul døde for 20 år siden og jeg går derud hver uge", "Mum passed away 12 years ago") is
# no fresh loss to offer condolences for: the message is about what it brings now (both blind judges, eighteenth
# drafts, called "Jeg er ked af at høre om Deres tab" worse there).
_LONG_AGO = re.compile(
    r"(?i)(?<![^\W\d_])(?:for\s+(?:[5-9]|[1-9]\d+|fem|seks|syv|otte|ni|ti|tolv|femten|tyve|tredive|mange)\s+år\s+siden|"
    r"(?:[5-9]|[1-9]\d+|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|many)\s+years\s+ago|"
    # A death or burial dated years back ("de blev begravet i 1971 og 1989": an 84-year-old asking about her parents'
    # grave lease got "Vi er kede af at høre, hvad du har været igennem"; a blind judge, 51. udkast: broken).
    r"(?:døde|død|begravet|begravede|bisat|kremeret|died|buried|cremated|passed\s+away)\b[^.!?\n]{0,40}?"
    r"\b(?:i|in)\s+(?:1[89]\d\d|20[01]\d)|"
    # Years since the death ("Den har ligget på loftet i næsten tyve år efter han døde": a thank-you for a father's old
    # guitar got "Jeg er ked af at høre om dit tab"; both blind judges, 196. udkast).
    r"(?:i|in|for)\s+(?:næsten\s+|over\s+|omkring\s+|ca\.\s+|nearly\s+|almost\s+|over\s+|about\s+)?(?:[5-9]|[1-9]\d+|fem|seks|syv|"
    r"otte|ni|ti|tolv|femten|tyve|tredive|mange|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|many)\s+(?:år|years),?\s+"
    # "Han har været min makker i 31 år, siden min kone gik bort" (a man missing the parrot he rehomed got "Jeg er ked af at
    # høre om dit tab"; both blind judges, 238. udkast: worse).
    r"(?:efter|siden|since|after)\s+(?:han|hun|de|he|she|they|min|mine|my)\b[^.!?\n]{0,20}?\b(?:døde|died|passed|gik\s+bort))(?![^\W\d_])")

# A death a year or more back ("Min mor døde af kræft for to år siden, så jeg er virkelig bange", "Dad died last year"):
# beside a fear said now the death is why they are afraid, and the fear is what to answer (both blind judges, 299. udkast:
# "Jeg er ked af at høre om Deres tab" to a woman waiting for her own test results was worse).
_YEARS_AGO = re.compile(
    r"(?i)(?<![^\W\d_])(?:for\s+(?:et|[1-4]|to|tre|fire|et\s+par|nogle)\s+år\s+siden|sidste\s+år|sidste\s+forår|sidste\s+efterår|"
    r"(?:a|one|[1-4]|two|three|four|a\s+couple\s+of|a\s+few)\s+years?\s+ago|last\s+year)(?![^\W\d_])")


# Words that are swear words or insults elsewhere but name a thing here: the junk folder, and droppings a pest left ("i
# morges lå der lort på køkkenbordet 😩 … vi har en baby på 4 mdr, er det farligt?" and "I've checked my junk folder …
# I'm getting a bit panicky" read as anger: both blind judges, 111th drafts, "rigtig utilfreds"/"upset" was worse).
_NOT_A_SWEAR_WORD = re.compile(
    r"(?i)(?<![^\W\d_])junk(?=\s+(?:folder|mail|mails|box|e-?mails?|filter|post)(?![^\W\d_]))"
    r"|(?<![^\W\d_])(?:muse|rotte|)lort(?=\s+(?:på|under|bag|langs|overalt|i\s+hjørne\w*|i\s+skab\w*)(?![^\W\d_]))"
    r"|\b(?:(?:lå|ligger|var) der|der (?:lå|ligger|var)|fundet) lort(?![^\W\d_])"
    # A bad phone line or the weather is no insult: "forbindelsen var elendig, og jeg fik kun halvdelen med" from a mother
    # told her daughter had fallen off a horse (both blind judges, 248. udkast: her fear was answered "frustrerende").
    r"|(?<![^\W\d_])(?:telefon)?(?:forbindelse|dækning|mobildækning|signal|vejr)(?:n|en|et)?\s+(?:var|er)\s+"
    r"(?:helt\s+|virkelig\s+|så\s+|bare\s+|ret\s+)?elendig[^\W\d_]*"
    # Nor the worst feared ("jeg nåede at tænke det værste" of a girl missing at pick-up; both blind judges, 260. udkast:
    # read as an insult, so the father's fear was answered "utilfreds").
    r"|(?<![^\W\d_])(?:tænke|tænkte|tænker|frygte|frygtede|frygter|forestille\s+(?:mig|os)|troede)\s+det\s+værste")


# "Great" that means big ("a bloody great scratch across the lid", "a big great dent") is no praise (both blind judges, 209th
# drafts: a furious customer read as merely frustrated beside it).
# Nor is "a great many gulls", "a great deal of rain": a quantity (both blind judges, 250th drafts: "I'm so glad to hear how
# pleased you are" to a customer asking questions before she accepts a quote).
_GREAT_AS_BIG = re.compile(r"(?i)(?:(?<=bloody\s)|(?<=big\s)|(?<=huge\s)|(?<=whacking\s))great(?=\s+[^\W\d_])"
                           r"|(?<![^\W\d_])(?<=a\s)great(?=\s+(?:many|deal|number|amount|majority)(?![^\W\d_]))")


def _things_named(text: str) -> str:
    """The text with such words as "thing", so no cue or signal reads them."""
    return _GREAT_AS_BIG.sub("big", _NOT_A_SWEAR_WORD.sub(lambda m: m.group()[:m.group().rfind(" ") + 1] + "thing", text))


# Away from home is no thing gone missing: "Det var første gang han var væk fra os" (a dog back from a kennel) read as a
# reported problem, and a thank-you as worry over it (both blind judges, 113. udkast: worse).
_AWAY_FROM = re.compile(r"(?i)(?<![^\W\d_])væk(?=\s+(?:fra\s+(?:os|mig|dig|jer|ham|hende|dem|hjemmet|familien|mor|far)|hjemmefra|"
                        r"på\s+(?:ferie|tur|pension)|i\s+(?:\d+|en|et|to|tre|fire|fem|seks|syv|otte|ni|ti|fjorten)\s+"
                        r"(?:dage?|døgn|uger?|nætter|nat|måneder?))(?![^\W\d_]))")

# A voice lost to singing or cheering is the fun had ("med en stemme, der var helt væk af at synge" after a camp; both blind
# judges, 245. udkast: read as a problem, so the father's thanks kept the daughter's past nerves and got worry).
_VOICE_GONE = re.compile(r"(?i)(?<![^\W\d_])(?:stemme(?:n)?|voice)(?![^\W\d_])[^.!?\n]{0,30}?(?<![^\W\d_])(?:væk|forsvundet|"
                         r"gone|lost)(?![^\W\d_])(?=[^.!?\n]{0,25}?(?<![^\W\d_])(?:synge|sang|råbe|råbte|heppe|heppede|grine|"
                         r"singing|cheering|shouting|screaming|laughing)(?![^\W\d_]))")

# Praise of someone who never made the customer feel small ("He was so patient with me … and never made me feel stupid"
# read as an insult and the thanks as anger; both blind judges, forty-second drafts).
_NEVER_MADE_TO_FEEL = re.compile(
    r"(?i)(?<![^\W\d_])(?:never|not\s+once|didn['’]?t|did\s+not|doesn['’]?t|does\s+not|don['’]?t|aldrig|ikke)\s+"
    r"(?:once\s+|ever\s+|på\s+noget\s+tidspunkt\s+)?(?:made|make|makes|fik|får)\s+(?:me|us|mig|os)\s+(?:to\s+|til\s+at\s+)?"
    r"(?:feel|føle\s+(?:mig|os))\s+(?:\w+\s+){0,2}?(?:stupid|silly|dumb|bad|small|rushed|judged|awkward|embarrassed|"
    r"useless|a\s+nuisance|an\s+idiot|like\s+an\s+idiot|dum|dumme|fjollet|forkert|til\s+besvær|flov|flove)(?![^\W\d_])")
# The paperwork of an accident is no accident told ("Nobody filled in an accident form" after a child split her lip at a
# party; both blind judges, 255th drafts: "We're sorry to hear what you've been going through" to a furious parent).
_ACCIDENT_PAPERWORK = re.compile(r"(?i)(?<![^\W\d_])accident\s+(?:form|report|book|log|record|sheet)s?(?![^\W\d_])")
# A hospital stay feared, not had ("er han dækket af en forsikring, hvis han skulle blive indlagt dernede?" before a youth
# orchestra's tour; both blind judges, 257. udkast: "hvad du har været igennem" to a mother lying awake before the trip).
_ADMITTED_IF = re.compile(r"(?i)(?<![^\W\d_])(?:hvis|if|in\s+case|i\s+tilfælde\s+af,?\s+at)\s+(?:[^\W\d_]+\s+){0,3}?"
                          r"(?:skulle\s+(?:blive\s+)?|bliver\s+|should\s+(?:be\s+|end\s+up\s+)?|were\s+to\s+(?:be\s+|end\s+up\s+)?|"
                          r"is\s+|gets?\s+|ends?\s+up\s+)(?:indlagt|admitted|hospitali[sz]ed|in\s+(?:the\s+)?hospital)(?![^\W\d_])")
# An illness named as what a group is for ("I run a stroke support group"; both blind judges, 262nd drafts: "I'm sorry to
# hear what you've been going through" to an organiser asking about wheelchair access) is no illness of the writer's.
_CONDITION_GROUP = re.compile(r"(?i)(?<![^\W\d_])(?:stroke|cancer|dementia|alzheimer['’]?s|parkinson['’]?s|ms|diabetes|heart|"
                              r"bereavement|slagtilfælde|apopleksi|kræft|demens|parkinson|diabetes|sorg)\s*-?\s*"
                              r"(?:support\s+)?(?:group|groups|club|charity|café|cafe|society|association|network|survivors|"
                              r"forening|foreningen|gruppe|gruppen|netværk|netværket|klub|klubben|café|caféen|patientforening)(?![^\W\d_])")
# A parent's death named, with no "my", as the time something began ("money has been very tight since Dad died last year",
# "I set up the subscription for my mum after Dad died in the winter"): the background of a request or a thank-you, not
# news to condole (a check of every labelled draft, 250th drafts' fix: "I'm so sorry for your loss" went in above both).
_PARENT_DIED_BEFORE = re.compile(r"(?i)(?<![^\W\d_])(?:since|after|ever\s+since|before)\s+(?:mum|mom|mam|dad|mother|father|nan|gran|"
                                 r"granny|grandma|grandad|granddad|grandpa)\s+(?:died|passed)(?![^\W\d_])")
# A funeral planned for oneself is no death ("I took out a Simple Cremation plan … My wife and I would like to be buried
# together": "I'm sorry to hear what you've been going through" misread a calm question; forty-third drafts).
_FUNERAL_PLANNING = re.compile(
    r"(?i)(?<![^\W\d_])(?:(?:simple\s+|direct\s+|pre-?paid\s+)?(?:funeral|cremation|burial)\s+plans?|"
    r"begravelses(?:opsparing|forsikring|plan)\w*|"
    r"(?:would\s+like|want|wish|like|hope|plan|planning|prefer|decided)\s+to\s+be\s+(?:buried|cremated)|"
    r"(?:ønsker|vil\s+gerne|vil|har\s+besluttet)\s+(?:at\s+)?blive\s+(?:begravet|bisat|kremeret))(?![^\W\d_])")
# A thing that belonged to someone who died long ago names its owner, not a new loss: "min afdøde mors silkekjole" ruined
# by a dry cleaner (an angry customer; both blind judges, 115. udkast: "Jeg er ked af at høre om Deres tab" misread her).
_BELONGED_TO_THE_DEAD = re.compile(
    r"(?i)(?<![^\W\d_])(?:afdøde|late)\s+(?:mors|fars|mormors|morfars|farmors|farfars|bedstemors|bedstefars|mands|kones|"
    # "mine afdøde forældres ting" in a storage unit to be emptied (both blind judges, 289th drafts: "Jeg er ked af at høre
    # om dit tab" to a tenant in arrears was worse).
    r"forældres|bedsteforældres|brors|søsters|sønnes|søns|datters|tantes|onkels|mosters|fasters|morbrors|farbrors|"
    r"parents[''’]|grandparents[''’]|brother[''’]s|sister[''’]s|son[''’]s|daughter[''’]s|aunt[''’]s|uncle[''’]s|"
    r"mother[''’]s|father[''’]s|mum[''’]s|mom[''’]s|dad[''’]s|grandmother[''’]s|grandfather[''’]s|gran[''’]s|grandad[''’]s|"
    r"nan[''’]s|husband[''’]s|wife[''’]s)(?![^\W\d_])|"
    # … or someone else's late husband or wife named as the giver ("Mrs Ellery's cardigan, which her late husband bought
    # her", lost by a care home's laundry: "I'm so sorry for your loss" to the home's manager; both blind judges, 234th
    # drafts).
    r"(?:her|his|their|hendes|hans|deres)\s+(?:late|afdøde)\s+(?:husband|wife|partner|mand|kone|hustru)(?![^\W\d_])|"
    # … or its provenance told ("my husband's watch that belonged to his late father", stolen in a burglary: "I'm so sorry
    # for your loss" misread a shaken customer; 134th drafts).
    r"(?:belonged|belonging|inherited|handed\s+down|passed\s+down|left\s+to\s+(?:me|us|him|her))\s+(?:to|from|by)?\s*"
    r"(?:my|his|her|our|their)\s+late\s+[^\W\d_]+|(?:arvet|arvede)\s+(?:efter|fra)\s+(?:min|mit|hans|hendes|vores)\s+"
    r"afdøde\s+[^\W\d_]+|"
    # … or a photo of them among what was lost ("Der var mine briller og et billede af min afdøde mand i" a handbag left on a
    # bus: "Jeg er ked af at høre om Deres tab" read as a bereavement; both blind judges, 168. udkast).
    r"(?:billede|billedet|billeder|foto|fotoet|fotos|fotografi|portræt|photo|photos|picture|pictures|photograph|photographs|"
    r"portrait)\s+(?:af|of)\s+(?:min|mit|hans|hendes|vores|my|his|her|our)\s+(?:afdøde|late)\s+[^\W\d_]+")
# Someone who has died named as the one who used to see to things ("My late husband dealt with these things", "min afdøde
# mand tog sig altid af det"): background to a question, no loss to condole (both blind judges, 155th drafts: "I'm so
# sorry for your loss" to a widow asking whether a letter was a scam).
_LATE_ONE_USED_TO = re.compile(
    r"(?i)(?<![^\W\d_])(?:(?:my|our)\s+late\s+(?:husband|wife|partner|mother|father|mum|mom|dad)\s+(?:always\s+|used\s+to\s+|would\s+)?"
    r"(?:dealt|deal|handled|handle|did|do|took\s+care|take\s+care|looked\s+after|look\s+after|sorted|sort|managed|manage|paid|"
    r"pay|organised|organized|arranged)|(?:min|vores)\s+afdøde\s+(?:mand|kone|hustru|mor|far|samlever)\s+(?:tog\s+sig\s+(?:altid\s+)?af|"
    r"klarede|ordnede|betalte|styrede|sørgede\s+for|plejede\s+at))(?![^\W\d_])")


# Plants and things that die: "6 ud af 12 hostaer er døde" is a spoilt delivery, no bereavement (both blind judges, 80.
# udkast: "Jeg er ked af at høre om Deres tab" to a customer chasing dead plants).
_THINGS_THAT_DIE = re.compile(
    r"(?i)(?<![^\W\d_])(?:\w*planter(?:ne)?|\w*plante[nr]?|stauder(?:ne)?|hosta\w*|\w*blomster(?:ne)?|roser(?:ne)?|\w*træer(?:ne)?|"
    r"buske(?:ne)?|frøene|løgene|stiklinger(?:ne)?|batteri(?:er|erne|et)?|pixels?|celler(?:ne)?|"
    # "ALLE vores telefoner er døde" at a doctors' surgery (both blind judges, 154. udkast: "Jeg er ked af at høre om dit
    # tab").
    r"telefon(?:en|er|erne)?|linje(?:n|r|rne)?|skærm(?:en|e|ene)?|router(?:en|e|ne)?|server(?:en|e|ne)?|"
    # Live goods bought by the box ("3 af de 5 neonfisk var DØDE da kassen kom": both blind judges, 184. udkast, "Jeg er
    # ked af at høre om dit tab"): a faulty delivery, not a bereavement.
    r"\w*fisk(?:en|ene)?|rejer(?:ne)?|snegle(?:ne)?|insekter(?:ne)?|larver(?:ne)?|græshopper(?:ne)?|fårekyllinger(?:ne)?|"
    # A vehicle that broke down ("flyttebilen … og den døde på E45 ved Horsens"; both blind judges, 205. udkast: "Jeg er ked
    # af at høre om dit tab" to a furious renter).
    # Devices that run flat ("apparaterne er døde ved frokosttid" of hearing aids; both blind judges, 228. udkast: "Vi er kede
    # af at høre om Deres tab").
    r"\w*apparat(?:et|er|erne)?|oplader(?:en|e|ne)?|enhed(?:en|er|erne)?|høretelefoner(?:ne)?|\w*pære(?:n|r|rne)?|"
    r"hearing\s+aids?|devices?|chargers?|headphones|earbuds|headsets?|"
    r"\w*bil(?:en|er|erne)?|varevogn(?:en|e|ene)?|motor(?:en|er|erne)?|(?:den|det)(?=\s+døde\s+på\s+(?:E\d+|motorvejen|vejen|"
    r"landevejen|broen))|cars?|vans?|engines?|motors?|"
    r"\w*plants|flowers|seedlings|trees|shrubs|bulbs|batter(?:y|ies)|pixels|cells|roses|phones?|lines?|screens?|"
    r"routers?|servers?)"
    r"\s+(?:[^\W\d_]+\s+){0,2}?(?:døde|død|died|dead)(?![^\W\d_])")


# A standing condition told as who someone is ("My wife is 74 and has a heart condition", left in a car park by a tour
# coach; both blind judges, 191st drafts: "what you've been going through" misread an angry husband): no event now.
_STANDING_CONDITION = re.compile(r"(?i)(?<![^\W\d_])(?:has|have|has\s+got|have\s+got|har)\s+(?:a\s+|en\s+|et\s+)?(?:weak\s+|dårligt\s+)?"
                                 r"(?:heart\s+condition|heart\s+problems?|hjertesygdom|hjerteproblemer|dårligt\s+hjerte)(?![^\W\d_])")
# An illness feared, not had ("jeg er bange for, at det er kræft" before a scan; both blind judges, 190. udkast: "hvad De har
# været igennem" misread a man afraid of what the scan might find): the fear is the feeling.
_FEARED_ILLNESS = re.compile(
    r"(?i)(?<![^\W\d_])(?:bange\s+for|frygter|nervøs\s+for|bekymret\s+for|afraid|scared|worried|terrified|frightened|fear)\s*"
    r",?\s*(?:at\s+|that\s+)?(?:det|den|it|this)(?:\s+(?:er|is|might\s+be|could\s+be|may\s+be|will\s+be|kan\s+være|måske\s+er|"
    r"vil\s+være|bliver)|['’]s)\s+(?:\w+\s+)?(?:kræft|cancer|en\s+svulst|a\s+tumou?r|en\s+blodprop|a\s+stroke|alvorligt|serious)"
    r"(?![^\W\d_])")
# A harm that did not happen ("Could have been a nasty accident in the next storm", "det kunne være endt grimt"): its
# words are no feeling (a thank-you for a gutter clipped back read as frustration; both blind judges, 190th drafts).
_AVERTED = re.compile(r"(?i)(?<![^\W\d_])(?:could\s+have\s+been|might\s+have\s+been|could\s+have\s+ended|kunne\s+(?:have\s+været|være\s+endt|"
                      r"være\s+gået))\s+(?:a\s+|really\s+|very\s+|so\s+|rigtig\s+|meget\s+|virkelig\s+|helt\s+)*"
                      r"(?:nasty|bad|terrible|horrible|awful|serious|dangerous|disastrous|ugly|grimt|galt|slemt|farligt|"
                      r"alvorligt|skidt)(?![^\W\d_])")


# Sadness on a condition ("Jeg er virkelig ked af det, hvis jeg har slået dem ihjel", "I'd be gutted if …") is the fear of
# what may have happened, no grief (both blind judges, 211. udkast: "du er ked af det" to a beekeeper who feared she had
# poisoned her bees).
_SAD_IF = re.compile(r"(?i)(?<![^\W\d_])(?:ked|kede|trist|knust|gutted|devastated|heartbroken|upset|sad)(?:\s+af\s+det)?,?\s+"
                     r"(?=(?:hvis|if)\s)")
# A few words in double quotes are someone else's (the company's bill: "akut udrykning", an e-mail's "refunds will be
# processed automatically"): their cue words are not the customer's feeling (both blind judges, 148. udkast: a night
# surcharge for an "akut udrykning" read as worry, not anger).
_QUOTED_WORDS = re.compile(r"[\"“„«][^\"“”„«»\n]{1,60}[\"”“»]")
# A practical concern about what is bought ("I am concerned about the weight", "the cost", "the noise").
_PRACTICAL_CONCERN = re.compile(r"(?i)(?<![^\W\d_])(?:concerned|a\s+concern)\s+(?:about|regarding|over)\s+(?:the|its|their)\s+"
                                r"(?:weight|size|cost|price|noise|height|width|depth|fit|timing|lead\s+time|installation|"
                                r"maintenance|running\s+costs?)(?![^\W\d_])")
# A title in guillemets ("»Syv fantastiske Fortællinger«"), either way round.
_TITLE = re.compile(r"[«»][^«»\n]{1,80}[«»]")


# What reads as a death or an illness but tells none, blanked in this order before the life-event words are looked for.
_NO_LIFE_EVENT_TOLD = (_LATE_ONE_USED_TO, _FUNERAL_PLANNING, _THINGS_THAT_DIE, _BELONGED_TO_THE_DEAD, _FEARED_ILLNESS,
                       _STANDING_CONDITION, _PARENT_DIED_BEFORE, _ACCIDENT_PAPERWORK, _ADMITTED_IF, _CONDITION_GROUP)
# What reads as a problem but tells none, blanked in this order before the problem words are looked for.
_NO_PROBLEM_TOLD = (_DOT_STRUNG, _OWN_DELAY, _CANNOT_RECALL, _CONCEDED_FLAW, _NOT_TWICE, _AWAY_FROM, _VOICE_GONE)


def _blanked(text: str, patterns: tuple) -> str:
    """The text with every match of each pattern, in turn, replaced by a space."""
    for pattern in patterns:
        text = pattern.sub(" ", text)
    return text


@lru_cache(maxsize=64)
def _build_context_cached(message: str, name: str | None, language: str) -> CustomerContext:
    """The cached worker behind `build_context` (the same message comes with every keystroke)."""
    if not message.strip():
        return CustomerContext(name=first_name(name), has_message=False)
    message = message[:MAX_MESSAGE_CHARS]
    data = language_data(language)
    seg = segment(message, language)
    body_sentences = [s for s in seg.sentences if s.kind == "body"]
    found_name = first_name(name) or _unless_titled(name_from_message(message, seg, data), message)
    # The sign-off and the customer's own name are not what they talk about or how they feel
    # ("… Venlig hilsen Lone Hansen" is no topic "hansen"; "… Sue" is no lawsuit).
    texts = _without_signoff([s.text for s in body_sentences] or [message], found_name, name)
    body = _things_named("\n".join(texts))
    sentiment = sentiment_score(body, language, data)
    told = _blanked(body, _NO_LIFE_EVENT_TOLD)
    life_event = bool(data["life_event"] is not None and data["life_event"].search(told)) \
        and not _LONG_AGO.search(body) and not (_YEARS_AGO.search(body) and FEAR_WORDS.search(body))
    plain = _blanked(body, _NO_PROBLEM_TOLD)
    problem = bool(data["problem"] is not None
                   and data["problem"].search(_NONE_WAS.sub(" ", _ASKS_WHETHER.sub(" ", plain))))
    waiting = bool(data["waiting"] is not None and data["waiting"].search(plain))
    # How they feel may also stand in what looks like a signature ("… Thanks @airline. Morons.").
    feeling = "\n".join(_without_signoff([s.text for s in seg.sentences if s.kind in ("body", "signature")]
                                         or [message], found_name, name))
    feeling += _hashtag_words(feeling)
    feeling = _things_named(_NEVER_MADE_TO_FEEL.sub(" ", feeling))
    excepted = _praise_with_an_exception(feeling, data)
    if excepted is not None:
        # "Thanks for a great book otherwise": praise that excepts what the message reports says the report is the point
        # (a path closure flagged in a guide book was answered "We're so glad to hear how pleased you are"; both blind
        # judges, seventy-ninth drafts: worse). The praise is no feeling to name, and what it excepts is a problem.
        feeling, problem, sentiment = excepted, True, min(sentiment, 0.0)
    if sentiment >= 3 and not problem:
        # A mishap of their own told laughing in a warm message ("mine skåle kollapsede igen og igen 😂") is the story,
        # no complaint (both blind judges, 41. udkast: a missing acknowledgement asked of a praise letter).
        feeling = _without_mishaps_laughed_off(feeling)
    # A title in guillemets is no feeling ("Karen Blixens »Syv fantastiske Fortællinger« i 1. udgave": a bookseller's
    # customer asking about its condition was thanked "for de pæne ord"; both blind judges, 211. udkast: broken).
    # Nor is sadness on a condition (`_SAD_IF`): "he'll be gutted if not" is the fear of the outcome.
    feeling = _SAD_IF.sub(" ", _TITLE.sub(" ", feeling))
    families = signal_families(feeling, data)
    asks = "?" in body
    # Thanks and praise together, with no sign of trouble, are a thank-you even when the story names what had gone
    # wrong ("the little drawer that's been stuck since the 80s opens!! You're a genius" read as frustration:
    # both blind judges, seventeenth drafts).
    praise_families = {f for f, v in families.items() if v[1] == "happy" and not (len(v) > 2 and v[2])}
    glad = any(v[1] == "happy" for v in families.values()) \
        and (not problem or sentiment >= STRONGLY_POSITIVE or len(praise_families) >= 2) \
        and all(v[1] in ("happy", "neutral") for v in families.values()) \
        and not (problem and _ASKS_FOR_A_REMEDY.search(body))
    settled = at_ease(feeling, data)
    praised = glad and any(v[1] == "happy" and not (len(v) > 2 and v[2]) for v in families.values())
    # So is a thank-you with praise that mentions something missing in passing ("hvis I nogensinde mangler en chauffør";
    # 202. udkast: a volunteer's past nerves read as worry beside it).
    # And a thank-you glowing in its words ("jeg må bare sige TAK … Hun græd af glæde i bilen hjem", after a girl afraid of
    # horses since a fall rode to the beach; both blind judges, 256. udkast: "Jeg kan godt forstå, at I er urolige").
    if (not problem or {"thanks", "praise"} <= set(families) or ("thanks" in families and sentiment >= STRONGLY_POSITIVE)) \
            and any(v[1] == "happy" and not (len(v) > 2 and v[2]) for v in families.values()):
        # Praise that tells of a fear overcome ("Evie was terrified of putting her face in the water … and on Saturday
        # she swam a whole width!!") is delight: the fear is the story's past (fifteenth drafts, read as worry).
        # So does a fear of a thing, what the customer is like ("I'm 52, very nervous of heights … I'd topped my first
        # V1!! 🎉"; fifty-fifth drafts: "We can see why this is a worry for you" to a thank-you, worse with both judges).
        feeling = _FEAR_OF_A_THING.sub(" ", _PAST_FEAR.sub(" ", feeling))
    feeling = _NERVOUS_IN_AN_ACTIVITY.sub(" ", _SOMEONE_ELSE_NERVOUS.sub(" ", _FEARFUL_SOMEONE.sub(" ", feeling)))
    feeling = _ANIMALS_STRESSED.sub(" ", feeling)
    if _CHILD_NAMED.search(feeling):
        feeling = _HE_OR_SHE_NERVOUS.sub(_nerves_unless_in_tears, feeling)
    emotion = classify_emotion(_AVERTED.sub(" ", _QUOTED_WORDS.sub(" ", feeling)), sentiment, data, life_event=life_event, problem=problem,
                               glad=glad, settled=settled, praised=praised, plain_question=asks and not families)
    # So is praise of a person with a warm emoji and nothing gone wrong ("Kerry … is an absolute star ⭐ my little one
    # screamed at every other pool … giggling by week 2!! 😍"; both blind judges, sixty-fourth drafts: "that must be really
    # frustrating").
    # So is thanks with a warm emoji and nothing gone wrong ("Just wanted to say THANK YOU to Fiona … I actually managed
    # Strip the Willow by the end 😂"; both blind judges, 209th drafts: "I understand how frustrating this is").
    if emotion in ("frustrated", "worried") and ({"thanks", "praise"} <= set(families)
                                                 or ({"praise", "warm_emoji"} <= set(families) and not problem)
                                                 or ({"thanks", "warm_emoji"} <= set(families) and not problem)) \
            and not any(v[1] == "angry" for v in families.values()) and not _trouble_in_words(feeling, data):
        # A thank-you that tells of a struggle before ("I failed my Mod 1 twice with another school … I passed Mod 2 this
        # morning!!! … He was so patient with me") is delight: "!!!" and the story's words are no complaint (both blind
        # judges, forty-second drafts: "I understand why you're upset" to it).
        emotion = "happy"
    if emotion == "happy" and "disappointment" in families and "thanks" not in families:
        # Praise of the past before a letdown said with restraint ("I have always found your descriptions scrupulously
        # fair. That is why I am writing with some sadness."): the praise is the background, the letdown the point (both
        # blind judges, 219th drafts: "I'm so glad to hear how pleased you are" was broken).
        emotion = emotion_from_signals({f: v for f, v in families.items() if v[1] != "happy"}, min(sentiment, 0.0),
                                       problem) or "frustrated"
    if emotion == "happy" and data.get("irony") is not None and data["irony"].search(feeling) \
            and {"repeat_fault", "repeat", "unresolved", "counted_wait"} & set(families):
        # "Fantastisk system I har fået. Tredje gang på en måned …": praise that means the opposite beside a fault that
        # keeps coming back is frustration even where no problem word stands (both blind judges, 154. udkast: "Tak for de
        # søde ord").
        emotion = "frustrated"
    if emotion == "happy" and "irony" in families:
        # Praise with a dry tag after a complaint ("FIVE weeks … Great service, really.") is sarcasm: the words of praise
        # read as delight, the signs of trouble beside them say what it is (fiftieth drafts: thanked "for the kind words").
        emotion = emotion_from_signals({f: v for f, v in families.items() if v[1] != "happy"}, min(sentiment, 0.0),
                                       problem) or "frustrated"
        # Its words of praise are no warmth either ("cool. great. … absolutely brilliant service guys, really" summed to
        # +6.5 and the feeling was read away as a happy message's capitals; eightieth drafts).
        sentiment = min(sentiment, 0.0)
    elif emotion == "worried" and not FEAR_WORDS.search(feeling) \
            and any(v[1] == "angry" and v[0] >= 2 for v in families.values()):
        # A threat after a deadline ("Hvis det ikke virker inden fredag, opsiger jeg og klager til Teleankenævnet") is
        # anger, not worry about the date (50. udkast: "bekymret" to a furious customer, worse with both judges).
        emotion = "angry"
    elif emotion == "frustrated" and _angry_in_words(feeling, data) \
            and any(v[1] == "angry" and v[0] >= 2 for v in families.values()):
        # An angry word beside a threat ("Don't you dare tell me to read the newsletter. … I'll be raising it with the FCA")
        # is anger: the word alone read as frustration where the threat alone read as anger (198th drafts).
        emotion = "angry"
    elif emotion == "worried" and not FEAR_WORDS.search(feeling) and ("irony" in families or (
            "repeat" in families and (shouted_capitals(feeling) >= 2 or re.search(r"[?!]{3,}", feeling)))):
        # So is one beside sarcasm ("Fantastisk kvalitetskontrol I har!! Vi har 14 gæster til konfirmation på lørdag";
        # both blind judges, 215. udkast: "bekymret" misread him).
        # A date the customer needs the thing by ("Jeg skal til bryllup på lørdag") beside a third chase shouted ("Det er
        # 3. gang jeg skriver nu. … HVOR ER DET???") is annoyance, not worry (both blind judges, 210. udkast: "urolig"
        # misread an angry customer).
        emotion = "frustrated"
    if emotion == "worried" and not problem and not families and not life_event and asks \
            and sentiment >= STRONGLY_POSITIVE and _PRACTICAL_CONCERN.search(feeling) and not FEAR_WORDS.search(feeling):
        # A practical concern in a warm enquiry ("I am concerned about the weight; roughly how heavy is a typical stove?"
        # among questions about a listed farmhouse) is a question, not worry (215th drafts: both blind judges called a
        # feeling line to this calm enquiry worse when "come to love" read as praise; without it the concern read as worry).
        emotion = "neutral"
    if emotion == "neutral":
        emotion = emotion_from_signals(families, sentiment, problem, asks=asks or bool(_REQUEST.search(body)),
                                       settled=settled, thanked_and_praised=len(praise_families) >= 2,
                                       politely=bool(_POLITE_ASK.search(body))) or "neutral"
    if emotion == "frustrated" and data.get("dependents") is not None and data["dependents"].search(feeling) \
            and not _angry_in_words(feeling, data) \
            and not (_IMPATIENT_FAMILIES | {"profanity"}) & set(families):
        # A problem told for someone the customer looks after ("min mor på 84 … kan næsten ikke høre noget", "my son is
        # coeliac and it's his party on Saturday") is worry about them, not annoyance (`dependents` in the data).
        # Also where only the signs read it as frustration ("golfbil til min far på 84 … er den i orden??": both blind
        # judges, 93. udkast, "frustrerende" misread her).
        emotion = "worried"
    if emotion == "happy" and problem and _ASKS_FOR_A_REMEDY.search(body):
        # Thanks for a quick delivery beside a leak the customer wants replaced is a calm report (see the regex).
        emotion = "neutral"
    # What the customer threatens or tells us not to say is no topic: "Og kom ikke og sig at det er min fil" and "går min
    # samling på 400 lots til jeres konkurrent" gave "frustrerende med din fil / Deres samling" (both blind judges, 53.
    # udkast: worse), "I'll be contacting my councillor" gave "upset about your councillor" (fifty-second drafts).
    topic_texts = [t for t in texts if not _NO_TOPIC_SENTENCE.search(t)
                   and not (set(signal_families(t, data)) & _NO_TOPIC_FAMILIES)]
    phrases, heads = key_phrases(topic_texts, data, language, fallback=body if topic_texts == texts else "")
    mirrored = mirror_forms(phrases, data)
    return CustomerContext(name=found_name, emotion=emotion, sentiment=sentiment, key_phrases=tuple(phrases),
                           mirrored_forms=mirrored, heads=heads, has_message=True, problem=problem,
                           life_event=life_event, waiting=waiting, signals=tuple(sorted(families)), asks=asks,
                           hostile=emotion in ("frustrated", "angry") and _angry_in_words(feeling, data))


def _angry_in_words(text: str, data: dict) -> bool:
    """Whether an angry cue stands in the message (a threat to leave, sarcasm, an insult, an accusation)."""
    return any(_count_cues(rx, text, data["negators"], first=True) or any(r.search(text) for r in raws)
               for (emotion, _over), (rx, raws) in data["cues"].items() if emotion == "angry")


def _without_signoff(texts: list[str], found_name: str | None, given_name: str | None) -> list[str]:
    """The body texts without a sign-off at the end of the last one and without the customer's name."""
    texts = list(texts)
    if texts:
        last = texts[-1]
        for rx in (_INLINE_SIGNOFF, _TRAILING_NAME):
            m = rx.search(last)
            if m:
                cut = m.start()
                # Keep the sentence's own full stop ("… i marts. Mvh Lone" → "… i marts.").
                if last[cut:cut + 1] in ".!?…)":
                    cut += 1
                last = last[:cut].rstrip()
                break
        m = _SIGNOFF_PHRASE.match(last.strip())
        texts[-1] = "" if m and not last.strip()[m.end():].strip() else last
    names = {t for n in (found_name, given_name) if n for t in re.split(r"[\s,]+", n) if len(t) >= 2}
    if names:
        rx = re.compile(r"(?<![^\W_])(?:" + "|".join(re.escape(n) for n in names) + r")(?![^\W_])")
        texts = [rx.sub("", t) for t in texts]
    return [t for t in texts if t.strip()]


def first_name(name: str | None) -> str | None:
    """The first name of a given name ('Maria Jensen' → 'Maria', 'Mr. Smith' → 'Smith')."""
    if not name:
        return None
    tokens = [t.strip(".,;:") for t in name.split()]
    tokens = [t for t in tokens if t and t.lower().rstrip(".") not in _TITLES]
    if not tokens or not any(ch.isalpha() for ch in tokens[0]) or "@" in tokens[0]:
        return None
    # "maria" typed in lower case is still greeted as "Maria".
    return tokens[0].capitalize() if tokens[0].islower() else tokens[0]


# --------------------------------------------------------------------------------------------- name

# A sign-off of initials and a surname: no first name to greet with.
_INITIAL_AND_SURNAME = re.compile(r"(?:[A-ZÆØÅ]\.\s*)+[A-ZÆØÅ][^\W\d_]+(?:[-'’][^\W\d_]+)*")


def name_from_message(message: str, seg, data: dict) -> str | None:
    """The customer's first name from their sign-off, a '/Name' line, a bare name line or 'Jeg hedder …'."""
    sentences = list(seg.sentences)
    signoff_index = next((i for i, s in enumerate(sentences) if s.kind == "signoff"), None)
    if signoff_index is not None:
        rest = _SIGNOFF_PHRASE.sub("", sentences[signoff_index].text, count=1).strip()
        # Right after a sign-off phrase, a lower-case word is still the name ("mvh maria").
        candidate = _name_in_line(rest, data, allow_lower=True)
        if candidate:
            return candidate
        for s in sentences[signoff_index + 1:signoff_index + 4]:
            candidate = _name_in_line(s.text, data)
            if candidate:
                return candidate
            if not _skippable_line(s.text):
                break
    # No sign-off: the last meaningful line may be "/Peter", "- Peter" or just "Peter".
    lines = [ln.strip() for ln in message.splitlines() if ln.strip()]
    while lines and _skippable_line(lines[-1]):
        lines.pop()
    if len(lines) >= 2:
        last = lines[-1]
        signoff = _SIGNOFF_PHRASE.match(last)
        if signoff and last[signoff.end():].strip():
            candidate = _name_in_line(last[signoff.end():], data, allow_lower=True)
            if candidate:
                return candidate
        m = _SLASH_NAME.match(last)
        if m and _is_name(m.group("name"), data):
            return m.group("name")
        m = _SLASH_LOWER.match(last)
        if m and m.group("name") not in data["stop_words"] and _is_name(m.group("name").capitalize(), data):
            return m.group("name").capitalize()
        candidate = _name_in_line(last, data)
        if candidate and len(last.split()) <= 3:
            return candidate
    # A one-line message with the sign-off at its end ("… for marts. Venlig hilsen Lone Hansen", "… /Thomas").
    last_line = lines[-1] if lines else message
    if _INITIAL_AND_SURNAME.fullmatch(last_line.strip()):
        return None  # "K. Ferreira": the surname alone, and "Dear Ferreira" is curt (both blind judges)
    m = _INLINE_SIGNOFF.search(last_line)
    if m and _is_name(m.group("name"), data):
        return m.group("name")
    # "… in 6 weeks. Beth": a capitalised word alone after the last sentence is the writer's name, when it
    # is no ordinary word ("… i dag. Tak", "… ok? Yes").
    m = _TRAILING_NAME.search(last_line)
    if m and _is_name(m.group("name"), data) and m.group("name").lower() not in data["stop_words"] \
            and m.group("name").lower() not in _NOT_TRAILING_NAMES:
        return m.group("name")
    m = _INTRODUCTION.search(message)
    if m and _is_name(m.group("name"), data):
        return m.group("name")
    return None


# A title the writer signs with and would be greeted by ("Rev. Sheila Martin", "Dr Anna Holt", "Pastor Jens Holm").
_SIGNING_TITLE = re.compile(r"(?i)(?<![^\W\d_])(?:rev|revd|reverend|fr|father|canon|pastor|provst|rabbi|imam|dr|prof|"
                            r"professor)\.?\s+(?P<name>[^\W\d_][\w-]*)")


def _unless_titled(found: str | None, message: str) -> str | None:
    """`found`, unless it is a title ("- Mrs Okafor" gave "Dear Mrs,"; the 279th drafts' regression reading) or the message
    signs it after a cleric's or a doctor's title: "Hello Sheila" dropped the Reverend (both blind judges, 270th drafts:
    "same", a cleric greeted by her first name)."""
    if found and (found.lower().rstrip(".") in _TITLES
                  or any(m.group("name") == found for m in _SIGNING_TITLE.finditer(message))):
        return None
    return found


def _skippable_line(line: str) -> bool:
    """Device footers, e-mail addresses, phone numbers, URLs and company lines are never the name."""
    stripped = line.strip()
    return (not stripped or bool(_DEVICE_LINE.match(stripped)) or "@" in stripped or "http" in stripped.lower()
            or "www." in stripped.lower() or sum(ch.isdigit() for ch in stripped) >= 4
            or bool(_COMPANY.search(stripped)))


def _name_in_line(line: str, data: dict, allow_lower: bool = False) -> str | None:
    """The first name in a line that holds only a name ('Peter Hansen', 'Anne-Marie', '/Peter')."""
    line = line.strip().lstrip("/–—-").strip().rstrip(".,!")
    if not line or _skippable_line(line):
        return None
    if allow_lower and line.islower() and len(line.split()) <= 3 and line.split()[0] not in data["stop_words"]:
        line = " ".join(part.capitalize() for part in line.split())
    tokens = line.split()
    if not 1 <= len(tokens) <= 4:
        return None
    tokens = [t for t in tokens if t.lower().rstrip(".") not in _TITLES]
    if not tokens:
        return None
    # Every token must look like a name part (capitalised word, an initial, or a surname's particle after the first name:
    # "Riaan van der Merwe", read as no name, left the town on the next line to be taken for one; 133rd drafts).
    for i, t in enumerate(tokens):
        if not (_NAME_TOKEN.match(t.rstrip(".,")) or re.fullmatch(r"[A-ZÆØÅ]\.?", t)
                or (0 < i < len(tokens) - 1 and t in NAME_PARTICLES)):
            return None
    first = tokens[0].rstrip(".,")
    return first if _is_name(first, data) else None


# The small words inside a surname ("van der Merwe", "de la Cruz", "von Holstein", "bin Salleh").
NAME_PARTICLES = frozenset({"van", "von", "der", "den", "de", "du", "da", "di", "del", "della", "le", "la", "al", "el",
                            "bin", "ibn", "ten", "ter", "dos", "das", "af"})


def _is_name(token: str, data: dict) -> bool:
    """Whether a capitalised token can be a first name (not 'Tak', 'Support', an initial)."""
    return (bool(_NAME_TOKEN.match(token)) and token.lower() not in data["not_names"] and len(token) >= 2
            and not _is_cue_word(token, data))


def _is_cue_word(token: str, data: dict) -> bool:
    """Whether a word is itself an emotion cue ("… Thanks @airline. Morons." is signed by nobody)."""
    return any((rx is not None and rx.fullmatch(token)) or any(r.fullmatch(token) for r in raws)
               for rx, raws in data["cues"].values())


# ---------------------------------------------------------------------------------------- sentiment

def _tokens(text: str) -> list[str]:
    """Lower-cased words of a text."""
    return [m.group().lower().replace("’", "'") for m in _WORD.finditer(text)]


def sentiment_score(text: str, language: str, data: dict) -> float:
    """AFINN sum over the words, with a score flipped when a negator stands one or two words before it."""
    words, phrases = sentiment_lexicon(language)
    overrides = data.get("sentiment_overrides") or {}
    tokens = _tokens(text)
    negators = data["negators"]
    phrase_overrides = data.get("sentiment_phrase_overrides") or {}
    total = 0.0
    skip_until = -1
    for i, token in enumerate(tokens):
        if i < skip_until:
            continue
        score = None
        for length in (3, 2):
            key = tuple(tokens[i:i + length])
            if len(key) == length and (key in phrase_overrides or key in phrases):
                score, skip_until = phrase_overrides.get(key, phrases.get(key)), i + length
                break
        if score is None:
            score = overrides.get(token, words.get(token))
        if not score:
            continue
        window = tokens[max(0, i - 2):i]
        if any(w in negators or w.endswith("n't") for w in window):
            # "not happy" is mildly negative, and "ikke dårligt" / "not unhappy" mildly positive.
            score = -score / 2
        total += score
    return total


def classify_emotion(text: str, sentiment: float, data: dict, life_event: bool = False, problem: bool = False,
                     glad: bool = False, settled: bool = False, praised: bool = False,
                     plain_question: bool = False) -> str:
    """Frustrated, worried, angry, sad, neutral or happy, from the cue data, shouting and the AFINN sum.

    A death or serious illness (`life_event`) makes the customer sad unless they are clearly angry: a
    bereaved customer's "desværre" is grief, not frustration. A cue with `over_problem` counts as that
    emotion when the message reports a problem ("😭" over a code that does not work is frustration).
    `praised`: `glad` with a sign of its own (thanks, praise, a warm emoji; not only "!").
    `plain_question`: the message asks and shows no signal family.
    `settled`: the customer closes the matter themselves ("… that's all. Cheers!"), so one passing sign of
    worry or annoyance is no upset; an accusation, "!!" or two signs still are."""
    cues: dict[str, int] = {}
    # Cues read as frustration only because a problem is reported (":(" over a missing parcel): they never outweigh
    # worry said in words ("nervøs for at jeg er blevet snydt … :("; seventh drafts).
    lent_to_frustration = 0
    for (emotion, over_problem), (rx, raws) in data["cues"].items():
        key = over_problem if problem else emotion
        found = _count_cues(rx, text, data["negators"]) + sum(len(r.findall(text)) for r in raws)
        cues[key] = cues.get(key, 0) + found
        if key == "frustrated" and emotion != "frustrated":
            lent_to_frustration += found
    # "Jeg er lidt nervøs for, om det er svindel": an accusing word inside a sentence of worry is the fear, not anger
    # (both blind judges, eleventh drafts; as "scammed" in the seventh).
    cues["angry"] = max(0, cues.get("angry", 0) - _angry_inside_worry(text, data))
    if data.get("sarcasm") is not None and data["sarcasm"].search(text):
        # "Love how your "improvement" update … rings every 10 minutes at 3am … Really great for the baby. Five stars.": the
        # praise is the sarcasm's, no delight to weigh against it (both blind judges, 303rd drafts: "I'm so glad to hear how
        # pleased you are", broken).
        cues["happy"] = 0
        sentiment = min(sentiment, 0.0)
    if settled and cues.get("frustrated", 0) + cues.get("worried", 0) <= 1 and not cues.get("angry", 0) \
            and not re.search(r"!{2,}", text):
        cues["frustrated"] = cues["worried"] = 0
        if not life_event and cues.get("sad", 0) <= 1:
            # "Not a big deal but my son Alfie was a bit gutted 🙂" is played down too (both blind judges, sixty-fifth
            # drafts: "I understand this has been hard for you" overplayed it).
            cues["sad"] = 0
    # Glad in every sign with a strongly positive sum ("Everything was exactly where you said it would be … the
    # stewards were lovely … Best festival in years!! 😍"): one passing complaint phrase is not trouble.
    # One strong word about their own life counts no more ("I'd had an awful few months … She was so kind. Please
    # pass it on!" read as frustration: both blind judges, tenth drafts).
    ironic = problem and data.get("irony") is not None and data["irony"].search(text) is not None
    if praised and sentiment >= STRONGLY_POSITIVE and not ironic \
            and cues.get("angry", 0) + cues.get("frustrated", 0) + cues.get("worried", 0) <= 1:
        cues["angry"] = cues["frustrated"] = cues["worried"] = 0
        if not life_event:
            # Tears of joy over the wedding photos ("vi sad begge to og græd 😭❤️ … Tusind, tusind tak!"; 42. udkast: read as
            # sadness, and the reply was asked to understand that they wanted their wedding "sorted").
            cues["sad"] = 0
    if _TEARS_OF_JOY.search(text):
        # "Lily was so happy she cried 😭" (a child on a hospital ward, a stuffed giraffe and a kind volunteer): tears of
        # joy are delight, not sadness (both blind judges, fifty-second drafts: the reply's warm thanks was asked for an
        # acknowledgement).
        cues["sad"] = 0
    if not problem and not life_event and _IN_TEARS.search(text) and _THANKS_SAID.search(text) \
            and not cues.get("angry", 0) + cues.get("frustrated", 0) + cues.get("worried", 0):
        # Tears beside thanks with nothing wrong ("We just got the gallery and I've been crying all morning … Thank you so
        # much"): joy, not grief (both blind judges, 315th drafts: "I can see that this has been hard for you", worse).
        cues["sad"] = 0
    negative = cues.get("angry", 0) + cues.get("frustrated", 0) + cues.get("worried", 0)
    # "!!" is intensity, not a direction: "Love it!!!" is delight, "Still nothing!!!" is anger; over a
    # reported problem ("won't load!!", "even in the site help!!") it says as much as a frustrated word.
    bangs = len(re.findall(r"!{2,}", text))
    # `glad`: the happy signal families (thanks, praise, warm emoji) found with no sign of trouble: "THANK YOU!!!
    # YOU ARE A REAL MVP!!!" shouts for joy.
    # With thanks or praise of its own (`praised`) a sum made negative by a worry told as over ("… look brand new!! Seriously
    # thank you … was worried they wouldn't be back in time"; both blind judges, 226th drafts: "frustrating") is no trouble.
    delighted = (cues.get("happy", 0) > 0 or glad) and negative == 0 and (sentiment > 0 or praised)
    strong = 1 if (problem and bangs) or (sentiment < 0 and re.search(r"!{3,}", text)) else 0
    shouting = 0 if delighted else bangs + strong
    # Capitals are loudness, not a direction: "BOORITO TIME!" is glee. They count only beside some sign of
    # trouble (a negative cue, a reported problem, a negative AFINN sum).
    caps = shouted_capitals(text) if (negative or problem or sentiment < 0) else 0
    angry = cues.get("angry", 0) * 2 + caps + shouting + (1 if sentiment <= -6 else 0)
    frustrated = cues.get("frustrated", 0) * 2 + (1 if sentiment < 0 else 0) + shouting
    worried = cues.get("worried", 0) * 2
    happy = cues.get("happy", 0) * 2 + (1 if sentiment >= 3 else 0) + (bangs if delighted else 0)
    hostile = cues.get("angry", 0)
    intensity = cues.get("frustrated", 0) + shouting + (caps >= 1) + (sentiment <= -4)
    if hostile >= 2 or (hostile >= 1 and intensity >= 1) or (caps >= 2 and shouting):
        return "angry"
    sad = cues.get("sad", 0) * 2
    # Crying faces beside an accusation or a threat to leave ("😭😭 #youlostacustomer") are the hyperbole of anger.
    if life_event or (sad >= 2 and sad >= frustrated and sad >= worried and not hostile):
        return "sad"
    # "Refused to help me. #MoneyStolen": an accusation outweighs the plea for help. "!!" is intensity, not a
    # direction: it does not turn a customer who says they are worried ("It was my rent!! I'm really worried") into
    # a frustrated one (a blind judge called "fed up" to her a misreading).
    # Nor does the AFINN sum: "6 weeks later … I'm a bit worried because I need that money" names the worry in words
    # and the wait as its cause ("That must be so frustrating" misread her: both blind judges, eighth drafts).
    if worried >= 2 and worried >= frustrated - shouting - 2 * lent_to_frustration - (1 if sentiment < 0 else 0) \
            and not hostile:
        return "worried"
    # "Super excited, get to try this trip all over again, I'll have the best time ☺️": several signs of
    # delight outweigh one complaint phrase used in fun; an accusation, shouting or a negative sum never does.
    if cues.get("happy", 0) >= 2 and cues.get("happy", 0) > negative and not hostile and not caps and sentiment > 0:
        return "happy"
    if frustrated >= 2 or angry >= 2:
        return "frustrated"
    if worried >= 2:
        return "worried"
    if happy >= 3 and sentiment > 0:
        return "happy"
    # The AFINN sum alone is a weak signal on a short plain report ("charged", "error"): only a clearly
    # negative one reads as frustration, and not when the customer has closed the matter themselves (the sum
    # is then the passing worry's own words: "was a bit worried it had disappeared, that's all").
    # Nor on a question with no sign of feeling at all (`plain_question`): "my pressure washer has started pulsing and
    # losing pressure … is this covered under warranty?" is a report in the product's words (both blind judges,
    # twelfth drafts: "That must be really frustrating" to a calm question).
    # Nor on a thank-you with no trouble in its cue words ("a quick note to say thanks to the lad … Could have been a nasty
    # accident in the next storm": the danger averted is no complaint; both blind judges, 190th drafts).
    if sentiment <= -4 and not settled and not (plain_question and not any(cues.values())) \
            and not (praised and negative == 0):
        return "frustrated"
    return "neutral"


# Signs that the feeling is impatience with the company, whoever the problem is for ("STADIG ikke fået dem … Seriøst??").
_IMPATIENT_FAMILIES = frozenset({"repeat_fault", "repeat", "blame", "threat", "going_elsewhere", "unresolved",
                                 "counted_wait", "emphasis", "irony"})
# A sentence that tells the reply what not to say ("kom ikke og sig, at …", "don't tell me …").
_NO_TOPIC_SENTENCE = re.compile(r"(?i)(?<![^\W\d_])(?:kom\s+ikke\s+og\s+sig|sig\s+ikke|lad\s+være\s+med\s+at\s+sige|"
                                r"don['’]?t\s+(?:tell|say|blame)|do\s+not\s+(?:tell|say|blame))(?![^\W\d_])")
# Signal families whose sentence is a threat or a move to a rival.
_NO_TOPIC_FAMILIES = frozenset({"threat", "going_elsewhere"})
# Thanks said in words ("Thank you so much", "Tusind tak").
_THANKS_SAID = re.compile(r"(?i)(?<![^\W\d_])(?:thank\s+you|thanks|tak)(?![^\W\d_])")
# Crying for joy ("so happy she cried", "så glad, at hun græd").
_TEARS_OF_JOY = re.compile(r"(?i)(?<![^\W\d_])(?:so\s+happy|so\s+pleased|so\s+touched|overjoyed|så\s+glad|så\s+rørt|"
                           r"lykkelig)[,]?\s+(?:that\s+|at\s+)?(?:she|he|i|we|they|hun|han|jeg|vi|de)\s+(?:cried|wept|"
                           r"teared\s+up|was\s+in\s+tears|græd|fik\s+tårer)|"
                           # A crying face with a heart ("mum actually cried when she saw it 😭❤️" over a birthday cake;
                           # both blind judges, sixty-second drafts: read as sadness, she was asked to feel heard).
                           r"😭\s*(?:❤|🥰|😍|💕|💖|💗|💞|🥹)|"
                           # Tears of joy in so many words ("Hun græd af glæde i bilen hjem"; 256. udkast).
                           r"(?<![^\W\d_])(?:(?:græd|græder|grædt|cried|wept)\s+(?:af|with|for)\s+(?:glæde|joy|happiness)|"
                           r"tears\s+of\s+joy|happy\s+tears|glædestårer)(?![^\W\d_])")


def _trouble_in_words(text: str, data: dict) -> bool:
    """Whether an angry, frustrated or worried cue of the empathy data stands in the text."""
    return any(_count_cues(rx, text, data["negators"], first=True) or any(r.search(text) for r in raws)
               for (emotion, over), (rx, raws) in data["cues"].items()
               if emotion in ("angry", "frustrated", "worried") or over in ("angry", "frustrated", "worried"))


def _angry_inside_worry(text: str, data: dict) -> int:
    """How many angry cues stand in a sentence that also says in words that the customer is afraid."""
    angry = [rx for (emotion, _over), (rx, _raws) in data["cues"].items() if emotion == "angry" and rx is not None]
    found = 0
    for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
        if FEAR_WORDS.search(sentence):
            found += sum(_count_cues(rx, sentence, data["negators"]) for rx in angry)
    return found


# The signal families (issue 14): classes of wording rather than phrase lists. Each family found counts its
# weight once; a customer the cues above read as neutral is upset when the families add up to SIGNAL_UPSET_AT
# (two weak signs, or one strong one), happy when the happy families add up to SIGNAL_HAPPY_AT with no sign
# of trouble. Chosen on the development sets (scripts/measure_emotion.py): calm questions stay neutral.
SIGNAL_UPSET_AT = 2
# A question asked as a favour ("Could you tell me roughly when …", "Kan I sige mig, hvornår …").
_POLITE_ASK = re.compile(r"(?i)(?<![^\W_])(?:(?:could|would|can)\s+(?:you|someone)\s+(?:please\s+)?(?:tell|let|confirm|check|advise|"
                         r"give)|(?:kan|vil)\s+(?:I|du)\s+(?:venligst\s+)?(?:sige|fortælle|oplyse|bekræfte))(?![^\W_])")
# A request in so many words: "please", "pls", "plz", "kindly", "venligst", "vil I".
# A problem the customer wants put right ("kan I sende en ny?", "could you send a replacement?"): beside thanks for a quick
# delivery the message is a report, not a thank-you ("Tusind tak for de pæne ord" to a leaked refill pouch; both blind
# judges, 70. udkast).
_ASKS_FOR_A_REMEDY = re.compile(r"(?i)(?<![^\W_])(?:send\w*\s+(?:mig\s+|me\s+|us\s+|os\s+)?(?:en\s+ny|et\s+nyt|nye|a\s+new|a\s+replacement|another|"
                                r"replacements?)|erstat\w*|ombyt\w*|refusion|refund\w*|pengene\s+(?:tilbage|retur)|money\s+back|"
                                r"replace\s+(?:it|them|the)|replacement)(?![^\W_])")
# Praise with an exception ("a great book otherwise", "apart from that it's lovely", "ellers en fin bog").
_EXCEPTION = re.compile(r"(?i)(?<![^\W_])(?:otherwise|apart\s+from\s+(?:that|this)|other\s+than\s+(?:that|this)|"
                        r"aside\s+from\s+(?:that|this)|ellers|bortset\s+fra\s+(?:det|dette))(?![^\W_])")
_CLAUSE = re.compile(r"[^.!?\n]+[.!?]*")


def _praise_with_an_exception(text: str, data: dict) -> str | None:
    """The text without its sentences of praise that except something ("Thanks for a great book otherwise"), or None."""
    if not _EXCEPTION.search(text):
        return None
    kept, dropped = [], False
    for m in _CLAUSE.finditer(text):
        part = m.group()
        if _EXCEPTION.search(part) and any(v[1] == "happy" for v in signal_families(part, data).values()):
            dropped = True
            continue
        kept.append(part)
    return " ".join(kept) if dropped else None


_REQUEST = re.compile(r"(?<![^\W_])(?:please|pls|plz|kindly|venligst|vær\s+sød\s+at)(?![^\W_])", re.IGNORECASE)
SIGNAL_HAPPY_AT = 2
PROFANITY_WEIGHT = 1


def signal_families(text: str, data: dict) -> dict[str, tuple]:
    """The signal families in the text: family -> (its strongest weight found, the feeling it points to,
    whether it only supports another family)."""
    found: dict[str, tuple] = {}
    for signal in data.get("signals") or ():
        # Whether the family is there at all: the first cue not negated settles it (no need to count them all).
        hit = (signal.phrases is not None and _count_cues(signal.phrases, text, data["negators"], first=True)) \
            or any(r.search(text) for r in signal.regexes)
        if hit and signal.weight > found.get(signal.family, (0, ""))[0]:
            found[signal.family] = (signal.weight, signal.emotion, signal.supports)
    # A word from the shipped profanity list (data/profanity/<lang>.yml, the list the rewrite never repeats) is
    # one weak sign of anger: "hell", "bloody" or "sucks" alone are also banter, so it needs another.
    if "profanity" not in found and any(is_profane(w, data.get("language", "en")) for w in _tokens(
            _A_SMELL.sub(" ", _SCAMS_FEARED.sub(" ", _HATE_OF_A_THING.sub(" ", text))))):
        found["profanity"] = (PROFANITY_WEIGHT, "angry", False)
    return found


# A smell told plainly ("the whole box stinks of beer"): a fact about the parcel, no insult (both blind judges, 203rd
# drafts: a daughter's broken birthday present read as anger).
_A_SMELL = re.compile(r"(?i)(?<![^\W\d_])(?:stinks|stank|stinking|stunk)\s+of(?![^\W\d_])")


# "Sam is autistic and usually hates new places": a hate told of someone or of a thing in general is the story, no anger
# at us (a delighted thank-you read as frustration; both blind judges, eighty-fourth drafts). "I hate your app" counts.
# So in Danish: "vores søn … har altid hadet sengetid" in a thank-you (both blind judges, 214. udkast: "rigtig utilfreds" to
# "Tusind tak!!"); "jeg hader jer" counts.
_HATE_OF_A_THING = re.compile(r"(?i)(?<!\bi\s)(?<!\bwe\s)(?<!\bi\sreally\s)(?<!\bwe\sreally\s)(?<![^\W\d_])hate[sd]?"
                              r"(?!\s+(?:you|your|u|this|that|it|how|when|the\s+way)\b)(?![^\W\d_])|"
                              r"(?<!\bjeg\s)(?<!\bvi\s)(?<![^\W\d_])(?:hader|hadede|hadet|hade)"
                              r"(?!\s+(?:jer|jeres|dig|det\s+her|den\s+måde|når|at\s+I)\b)(?![^\W\d_])")


# Scams and fraud asked about or warned of ("My son says there are scams about. Is this letter genuine?", "is this a
# scam?"), and the worst feared ("tænker det værste", "fearing the worst"): a fear, never an insult to the company (both
# blind judges, 178th drafts: "frustrating" misread an 87-year-old; 182. udkast: "utilfreds" to a patient awaiting a biopsy).
_SCAMS_FEARED = re.compile(r"(?i)(?<![^\W\d_])(?:(?:think|thinking|fear|fearing|expect|expecting|imagine|imagining|assume|assuming)\s+the\s+worst|"
                           r"(?:tænker|frygter|forventer|forestiller\s+mig)\s+det\s+værste|"
                           r"(?:there\s+are|there['’]s|lots\s+of|a\s+lot\s+of|so\s+many|heard\s+(?:about|of)|"
                           r"worried\s+(?:about|it['’]s|this\s+is)|afraid\s+(?:of|it['’]s)|beware\s+of|is\s+(?:this|it)|could\s+(?:this|it)\s+be|"
                           r"not\s+(?:a|another))\s+(?:a\s+)?(?:scams?|frauds?|fraudsters?|scammers?)|(?:scams?|frauds?|fraudsters?|scammers?)\s+"
                           r"(?:about|around|going\s+around|out\s+there)|der\s+er\s+(?:mange\s+)?(?:svindlere|svindel)|er\s+det\s+(?:svindel|fup))(?![^\W\d_])")


# The signal families that only count time (a wait, an age): trouble only beside a problem.
_TIME_FAMILIES = frozenset({"unresolved", "counted_wait"})


def emotion_from_signals(families: dict[str, tuple], sentiment: float, problem: bool, asks: bool = False,
                         settled: bool = False, thanked_and_praised: bool = False, politely: bool = False) -> str | None:
    """Upset (the strongest family's feeling) or happy from the signal families' score, else None.

    A message that asks or requests something (`asks`) is politeness before delight: there "!" and a picture
    emoji support nothing ("Stand by please … thanks!", "Can I use it on WWII? 🤔😂 plz"). A customer who closes
    the matter themselves (`settled`: "that's all", "no rush") needs one sign more to read as upset.
    `thanked_and_praised`: thanks and praise with no sign of trouble are delight whatever the story tells of."""
    # A family with emotion "neutral" has no direction ("!!", "?!"): it adds to a sign of trouble, never alone.
    trouble = {f: v for f, v in families.items() if v[1] not in ("happy", "neutral")}
    # Nor is a wait counted in a polite question ("It's been nearly three weeks … Could you tell me roughly when it will
    # be ready?": both blind judges, fifty-second drafts, "I can see why this is frustrating" overstated it).
    if not problem and trouble and set(trouble) <= _TIME_FAMILIES and (max(v[0] for v in trouble.values()) < 2 or politely):
        # Time counted in passing with nothing gone wrong ("started my kit 5 days ago … bubbling for 2 days … Is it
        # stuck?") is the story of a calm question (fifteenth drafts: "That must be so frustrating" to a first-time
        # brewer); a wait the customer counts ("It's been about a week now", weight 2) is not.
        trouble = {}
    undirected = sum(v[0] for v in families.values() if v[1] == "neutral")
    if trouble and sum(v[0] for v in trouble.values()) + undirected >= SIGNAL_UPSET_AT + (1 if settled else 0):
        # The strongest family names the feeling; on a tie the first in the data (the order is by strength).
        return max(trouble.values(), key=lambda v: v[0])[1]
    glad = sum(v[0] for v in families.values() if v[1] == "happy" and not (asks and v[2:] and v[2]))
    main = any(v[1] == "happy" and not (v[2:] and v[2]) for v in families.values())
    if glad >= SIGNAL_HAPPY_AT and main and not trouble and sentiment >= 0 \
            and (not problem or sentiment >= STRONGLY_POSITIVE or thanked_and_praised):
        return "happy"
    return None


_HASHTAG = re.compile(r"#([^\W_]+)")
_CAMEL = re.compile(r"(?<=[a-zæøå])(?=[A-ZÆØÅ])")


def _hashtag_words(text: str) -> str:
    """CamelCase hashtags as words on their own lines ("#ThanksForNothing" → "thanks for nothing"), so the
    cue phrases read them as the sentence the customer wrote."""
    words = [_CAMEL.sub(" ", m.group(1)).lower() for m in _HASHTAG.finditer(text) if _CAMEL.search(m.group(1))]
    return "".join("\n" + w for w in words)


# Capitals of thanks and delight are glee, never shouting ("a massive THANK YOU to Coach Jess" beside a fear
# the child got over read as anger; fifteenth drafts).
_GLAD_CAPITALS = frozenset({"thank", "thanks", "you", "love", "loved", "amazing", "best", "great", "awesome", "brilliant",
                            "perfect", "wow", "yay", "tak", "tusind", "elsker", "fantastisk", "skønt", "dejligt"})
_CAPS_WORD = re.compile(r"(?<![^\W_])[A-ZÆØÅ]{3,}(?![^\W_])")


def shouted_capitals(text: str) -> int:
    """2 for shouting in capitals ("HVOR ER MIN PAKKE", "DOESNT WORK"), 1 for one long capitalised word,
    0 for acronyms: airport codes, file types and order ids stand alone and are short ("LAX to ATL")."""
    words = [m for m in _CAPS_WORD.finditer(text) if m.group() not in _ACRONYMS
             and m.group().lower() not in _GLAD_CAPITALS]
    run = any(b.start() - a.end() <= 2 and not text[a.end():b.start()].strip(" ,")
              for a, b in zip(words, words[1:]))
    long_words = sum(1 for m in words if len(m.group()) >= 5)
    return 2 if run or long_words >= 2 else (1 if long_words else 0)


def _count_cues(rx: re.Pattern | None, text: str, negators: frozenset, first: bool = False) -> int:
    """Cue matches, a single cue word not negated by one of the two words before it ("not unhappy",
    "ikke skuffet"); with `first`, 1 at the first such match (whether there is one)."""
    if rx is None:
        return 0
    count = 0
    for m in rx.finditer(text):
        if not m.group()[:1].isalpha() or not m.group().isalpha():
            # An emoji or a hashtag is never negated ("virker ikke 😡"), nor is a phrase: "without internet
            # for two days" is no "not for two days".
            count += 1
        else:
            before = _tokens(text[max(0, m.start() - 30):m.start()])[-2:]
            if not any(w in negators or w.endswith("n't") for w in before):
                count += 1
        if first and count:
            return 1
    return count


# ------------------------------------------------------------------------------------- key phrases

_DA_DEFINITE = re.compile(r"(?:erne|ene|en|et|ne)$")
# A definite form right after a preposition is a noun ("i pakkeshoppen"), whatever came before.
_DA_PREPOSITIONS = frozenset("i på til fra med om af for ved hos under efter over mod uden gennem".split())


def key_phrases(sentences, data: dict, language: str, fallback: str = "") -> tuple[list[str], dict[str, str]]:
    """Noun phrases the customer talks about, most salient first, and the stem of each one's head noun."""
    stop, dets, adjectives, aux = data["stop_words"], data["determiners"], data["adjectives"], data["auxiliaries"]
    found: dict[str, list] = {}  # phrase → [count, first position, possessive, head stem]
    position = 0
    texts = [getattr(s, "text", s) for s in sentences] or [fallback]
    for text in texts:
        tokens = [m.group().replace("’", "'") for m in _WORD.finditer(text)]
        lowered = [t.lower() for t in tokens]
        i = 0
        while i < len(tokens):
            word = lowered[i]
            phrase_words: list[str] = []
            if word in dets:
                j = i + 1
                while j < len(tokens) and len(phrase_words) < 3:
                    w = lowered[j]
                    # A capital mid-sentence is a name ("my husband Paul"), never part of the topic.
                    if w in stop and w not in adjectives or tokens[j][0].isdigit() or tokens[j][0].isupper():
                        break
                    phrase_words.append(w)
                    j += 1
                    # Stop after the first noun unless it was an adjective, a genitive or (en) a compound.
                    followed = j < len(tokens) and lowered[j] not in stop and not tokens[j][0].isdigit()
                    if w in adjectives or (language == "da" and len(phrase_words) == 1 and followed
                                           and (w.endswith("s") or w.endswith("e") and word not in ("en", "et"))):
                        continue
                    if language == "en" and j < len(tokens) and lowered[j] not in stop and \
                            not lowered[j].endswith(("ed", "ly")) and len(phrase_words) < 3 and \
                            _looks_like_noun_en(lowered[j]):
                        continue
                    break
                # Drop trailing adjectives ("min nye" alone is not a phrase).
                while phrase_words and phrase_words[-1] in adjectives:
                    phrase_words.pop()
                if phrase_words:
                    # Indefinite articles and demonstratives carry no meaning worth mirroring.
                    keep_det = word in data["mirror"] or word in ("min", "mit", "mine", "din", "dit", "dine",
                                                                  "vores", "jeres", "the", "my", "our", "your")
                    phrase = " ".join(([word] if keep_det else []) + phrase_words)
                    _add(found, phrase, phrase_words[-1], position, word in data["mirror"], language)
                    i = j
                    position += 1
                    continue
            elif language == "da" and len(word) >= 5 and word not in stop and _DA_DEFINITE.search(word) \
                    and not word.endswith(("eret", "ket", "tet", "get")) and not (i > 0 and tokens[i][0].isupper()) \
                    and (i > 0 and lowered[i - 1] in _DA_PREPOSITIONS
                         or not any(w in aux for w in lowered[max(0, i - 2):i])) and not tokens[i][0].isdigit():
                _add(found, word, word, position, False, language)
                position += 1
            i += 1
    ranked = sorted(found.items(), key=lambda kv: (-kv[1][0] - (1 if kv[1][2] else 0), kv[1][1]))
    phrases = [p for p, _ in ranked[:8]]
    return phrases, {p: found[p][3] for p in phrases}


def _looks_like_noun_en(word: str) -> bool:
    """A cheap guess that an English word continues a compound noun ('credit' → 'card')."""
    return word.isalpha() and not word.endswith(("ing", "ed", "ly", "n't"))


def _add(found: dict, phrase: str, head: str, position: int, possessive: bool, language: str) -> None:
    """Count a phrase occurrence; the same head noun under another determiner counts for the first phrase."""
    stem = stem_word(head, language)
    for existing, info in found.items():
        if info[3] == stem:
            info[0] += 1
            # Prefer the customer's own possessive form as the phrase we show.
            if possessive and not info[2]:
                found[phrase] = [info[0], info[1], True, stem]
                del found[existing]
            return
    found[phrase] = [1, position, possessive, stem]


@lru_cache(maxsize=8192)
def stem_word(word: str, language: str) -> str:
    """A crude stem for matching the same noun in other forms (pakken/pakke/pakker, refund/refunds)."""
    w = word.lower().replace("’", "'")
    if language == "da":
        for ending in ("ernes", "erne", "ene", "ens", "ets", "en", "et", "er", "ne", "e", "s"):
            if w.endswith(ending) and len(w) - len(ending) >= 3:
                return w[: -len(ending)]
        return w
    if w.endswith("'s"):
        w = w[:-2]
    for ending in ("ies", "es", "s", "ing", "ed"):
        if w.endswith(ending) and len(w) - len(ending) >= 3 and not w.endswith("ss"):
            return w[: -len(ending)] + ("y" if ending == "ies" else "")
    return w


def mirror_forms(phrases, data: dict) -> dict[str, str]:
    """The reply's voice of the customer's possessive phrases: 'min pakke' → 'din pakke', 'my refund' → 'your refund'."""
    mirror = data["mirror"]
    out: dict[str, str] = {}
    for phrase in phrases:
        words = phrase.split()
        if words and words[0] in mirror:
            out[phrase] = " ".join([mirror[words[0]]] + words[1:])
    return out
