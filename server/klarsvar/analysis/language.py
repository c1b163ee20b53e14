"""Danish/English detection for short chat replies and long e-mails alike, fully offline.

How it decides (see docs/quality/readability.md): every word scores points for Danish or English from two
small embedded lists of function words and everyday customer-service words (the words that carry grammar,
not the jargon nouns agents borrow from English), plus weak character cues (æ/ø/å, "hv-", "-lig", "th",
"w", "-ing"). The language with more points wins; with no evidence at all the answer is Danish, the
product's first language. Norwegian and Swedish function words (jeg/jag, ikke/inte, och, är, takk, hei)
count for Danish, so Scandinavian text answers 'da', the closer of the two.
"""

from __future__ import annotations

import re

# Word → points. Exclusive, frequent words weigh 2; words that also occur in the other language (rarely)
# weigh 1. Words frequent in BOTH languages ("for", "at", "over", "under", "her", "man", "mail") are left out.
_DANISH = {w: 2.0 for w in """
og jeg det er ikke til på med af som har du der den de vi os jer dem mig dig sig hun han hans hendes
min mit mine din dit dine sin sit sine vores jeres deres hvad hvor hvorfor hvordan hvornår hvilken hvilke
hvis når også eller men så kan skal vil må får fik gør gjorde var være været blev bliver blive havde haft
meget mere mest noget nogen nogle ingen intet alle alt andre anden andet hos fra efter uden mellem igen
allerede snart straks lige bare gerne desværre beklager selvfølgelig selvfolgelig tak hej hejsa ja nej
jo nok godt fint klart ordner ordne kigger kigge vender tilbage hjælpe hjælper hjælp modtaget sendt
pakke pakken ordre ordren kunde venlig venlige hilsen mvh dag morgen går aften dage uge ugen
denne dette disse her ud op ind ned nu da hvem ret ses skriver ringer svarer sender tjekker undersøger
kigget ordnet løst fundet sket sker ser tror synes mener ved kommer tager giver siger står ligger
virker kører betaler refunderer refundering levering leveret leveringen bestilling bestillingen
betaling betalingen varen varer kort konto adgangskode kode nummer beløb pengene penge dage timer
mvh vh kh hilsner kære goddag hejsa jamen altså egentlig måske muligt hurtigst snarest venligst
et en af om sådan helt rigtig rigtigt vel altid aldrig lidt tit ofte stadig endnu først sidst næste sidste
hele samme hver både enten hverken fordi siden indtil selvom mens derfor dog desuden faktisk sikkert
sikker fedt perfekt lyder noteret klaret tjek skønt dejligt dejlig glad ked undskyld forstået forstår
selv sammen velkommen gang gange tid tiden snakkes hører høre nogensinde hurtigt langsomt lige nu
""".split()}
_DANISH.update({w: 1.0 for w in "to se ser".split()})
# Norwegian, Swedish and Nynorsk function words: Scandinavian text is closer to Danish than to English.
_DANISH.update({w: 2.0 for w in """
jag och är inte att för av till tack takk hei hva meg deg seg bara också kommer vill ska hur varför när
mycket veldig ikkje eg berre kva korleis kanskje nei någon något ingenting hvordan hjelpe hjälpa
vänlig vennlig hilsen hälsningar hilsener mvh
""".split()})

_ENGLISH = {w: 2.0 for w in """
the and or but if then to of in on with from by about into out up down after before this that these those
it its it's i'm i'll i've i'd you you're you'll you've your yours we we're we'll we've our ours us they
they're their them he she his him is are was were be been being am has had do does did don't doesn't
didn't can't could will won't would should shall might must not yes yeah yep nope there here what when
where which who why how any some more most very just also only still already soon now today tomorrow
yesterday again please thanks thank sorry hi hello hey dear regards sure okay great let let's know get
got look looking check checking see need needs want help sent received delivery package issue problem
right away well back contact happy glad understand apologize apologise inconvenience hours days week
so an a me my one all else morning evening afternoon bye done understood
sounds good awesome noted lovely brilliant excellent cheers anytime definitely certainly exactly
totally indeed alright wonderful fantastic amazing appreciate appreciated hope hoping mean means while
because since until though although really actually probably perhaps sometimes always never ever every
each other another such same both either neither much many few own old first last next than too
enough yet ago later early better bad true wrong hard easy quick quickly slow welcome thing things
perfect yup gotcha
""".split()}
# English words Danish agents borrow as jargon ("din order", "en refund", "vores team"): weak evidence.
_ENGLISH.update({w: 1.0 for w in """
no team fix fixed working work email order refund account password payment card number issue package
delivery check checking sorry
""".split()})
_ENGLISH.update({"i": 0.0})  # decided by case below: "I" is English, "i" (in) is Danish

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_DANISH_LETTERS = frozenset("æøåäö")
# "I dag", "I morgen" …: a capital "I" that is the Danish preposition.
_DANISH_I_FOLLOWERS = frozenset("dag morgen går aften øvrigt forhold alt løbet mellemtiden weekenden".split())
_DANISH_ENDINGS = ("lig", "lige", "heden", "else", "erne", "ende", "ningen", "ingen", "tet")
_ENGLISH_ENDINGS = ("ly", "ght", "ough", "ould", "ness", "ful", "ous")

# Looking at more than this many words changes no answer but costs time on long texts.
_MAX_WORDS = 200


def language_scores(text: str) -> tuple[float, float]:
    """Return (danish_points, english_points) for `text` (exposed for tests and tuning)."""
    danish = english = 0.0
    words = _WORD.findall(text, 0, 2000)[:_MAX_WORDS]
    for index, original in enumerate(words):
        word = original.lower().replace("’", "'")
        if word == "i":
            if original == "I":
                following = words[index + 1].lower() if index + 1 < len(words) else ""
                if following in _DANISH_I_FOLLOWERS:
                    danish += 2.0
                else:
                    english += 2.0
            else:
                danish += 1.0
            continue
        d = _DANISH.get(word)
        e = _ENGLISH.get(word)
        if d or e:
            danish += d or 0.0
            english += e or 0.0
            continue
        # Character cues for words in neither list: weak, so a borrowed English noun cannot outvote
        # Danish grammar words around it.
        if not _DANISH_LETTERS.isdisjoint(word):
            danish += 1.5
            continue
        if word.startswith("hv") or (word.endswith(_DANISH_ENDINGS) and len(word) > 5):
            danish += 0.5
        elif "th" in word or "w" in word or word.endswith(_ENGLISH_ENDINGS):
            english += 0.5
        elif word.endswith("ing") and len(word) > 5:
            english += 0.3
        elif word.endswith("ed") and len(word) > 4:
            english += 0.3
    return danish, english


# Cheap signs that a reply may carry the customer's quoted message (decided properly by `own_text`).
_QUOTE_HINT = re.compile(r"^\s*>|skrev|wrote|^\s*(?:fra|from)\s*:|-{2,}", re.IGNORECASE | re.MULTILINE)


def detect_language(text: str) -> str:
    """Return 'da' or 'en' for `text`; Danish when there is no evidence either way.

    Quoted text (the customer's message below "On … wrote:", '>' lines) is left out when the agent wrote
    something of their own: an English reply to a Danish customer is English.
    """
    sample = text[:4000]
    if _QUOTE_HINT.search(sample):
        from .text import own_text

        own = own_text(sample)
        if own.strip():
            sample = own
    danish, english = language_scores(sample)
    return "en" if english > danish else "da"
