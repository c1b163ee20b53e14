"""Positive forms of negative phrasing, by class of wording, built from the sentence that holds the finding.

Negative-phrasing rules whose match is only the start of a clause offer no replacement; for a few classes
of wording the whole clause has a safe positive form that keeps its meaning:
  "We are unable to send an engineer until the form has been received" → "We can send … as soon as …"
  "Du skal udfylde formularen" → "Udfyld gerne formularen"
  "You forgot to cancel your subscription before …" → "It looks like your subscription wasn't cancelled …"
  "Som tidligere oplyst er svartiden 8 uger" → "Svartiden er 8 uger"
  "It is our policy to send invoices as PDF" → "We send invoices as PDF"
Anything outside a class (a negation in the rest, an unknown verb, an object without a determiner) is left as
written; the rewrite's re-check refuses a reframe that brings a finding of its own.
"""

from __future__ import annotations

import re

# The whole sentence says only the wall ("That's our policy."): the rewrite removes it.
REMOVE_SENTENCE = "remove"
# Rules whose sentence only says the customer's message arrived ("Vi har modtaget din henvendelse."): the rewrite
# removes that sentence where the reply says something else (or puts the acknowledgement in its place).
RECEIPT_FORMULAS = frozenset({"da.internal_language.modtaget_henvendelse"})

# A softener before the no that goes with it ("Unfortunately, we can't … until" → "We can … as soon as").
_SOFTENER = re.compile(r"(?i)^\s*(?:unfortunately|sadly|regrettably|desværre)\s*,?\s*$")
_UNTIL = {
    "en": re.compile(r"(?i)(?P<subject>we|i)\s+(?:can'?t|cannot|can\s+not|are\s+unable\s+to|am\s+unable\s+to|"
                     r"are\s+not\s+able\s+to|am\s+not\s+able\s+to|(?P<future>won'?t\s+be\s+able\s+to|will\s+not\s+be\s+able\s+to))\s+"
                     r"(?P<rest>[^.!?;:,]+?),?\s+(?:until|before)\s+(?P<condition>[^.!?;:]+?)(?P<end>[.!?]*)\s*$"),
    "da": re.compile(r"(?i)(?:(?P<subject>vi|jeg)\s+kan\s+(?:desværre\s+)?ikke|desværre\s+kan\s+(?P<subject2>vi|jeg)\s+"
                     r"(?:desværre\s+)?ikke)\s+(?P<rest>[^.!?;:,]+?),?\s+(?:før|indtil|inden)\s+(?P<condition>[^.!?;:]+?)"
                     r"(?P<end>[.!?]*)\s*$"),
}
# The condition after "until"/"før" must be a clause of its own ("the form has been received").
_HAS_VERB = {
    "en": re.compile(r"(?i)(?<![^\W\d_])(?:is|are|was|were|has|have|had|been|do|does|did|can|will|(?:we|you|it|they|he|she|i)\s+"
                     r"[^\W\d_]+)(?![^\W\d_])"),
    "da": re.compile(r"(?i)(?<![^\W\d_])(?:er|har|var|havde|bliver|blev|kan|vil|skal|(?:vi|du|den|det|de|han|hun|jeg)\s+"
                     r"[^\W\d_]+)(?![^\W\d_])"),
}
_NEGATED_REST = re.compile(r"(?i)(?<![^\W\d_])(?:not|no|never|n't|ikke|aldrig|ingen|intet)(?![^\W\d_])")
# Danish infinitive → imperative for the verbs of customer-service instructions (the plain "-e" drop gives
# "nulstill" or "ændr"; a list keeps it right).
_DA_IMPERATIVE = {
    "sende": "send", "udfylde": "udfyld", "vedhæfte": "vedhæft", "kontakte": "kontakt", "ringe": "ring",
    "vente": "vent", "nulstille": "nulstil", "returnere": "returner", "indsende": "indsend", "ombytte": "ombyt",
    "booke": "book", "logge": "log", "skifte": "skift", "opdatere": "opdater", "aktivere": "aktiver",
    "bestille": "bestil", "tjekke": "tjek", "trykke": "tryk", "klikke": "klik", "gemme": "gem", "slette": "slet",
    "indtaste": "indtast", "vælge": "vælg", "underskrive": "underskriv", "printe": "print", "genstarte": "genstart",
    "hente": "hent", "åbne": "åbn", "oplyse": "oplys", "følge": "følg", "læse": "læs", "bruge": "brug",
    "svare": "svar", "skrive": "skriv", "uploade": "upload", "tilmelde": "tilmeld", "afmelde": "afmeld",
    "opsige": "opsig", "betale": "betal", "udskrive": "udskriv", "pakke": "pak", "aflevere": "aflever",
    "benytte": "benyt", "kigge": "kig", "huske": "husk", "medbringe": "medbring", "fremvise": "fremvis",
    "vise": "vis", "tage": "tag", "gå": "gå", "indlevere": "indlever", "scanne": "scan", "fotografere": "fotografer",
}
# "Du skal" at the start of a sentence or after ", så": an instruction the imperative gives as kindly.
_DU_SKAL = re.compile(r"(?i)(?P<lead>^|,\s+så\s+)(?:du\s+skal|du\s+(?:er|bliver)\s+nødt\s+til\s+at)\s+(?P<verb>[^\W\d_]+)(?=[\s,])")
# A deadline or urgency in the instruction: it stays an instruction.
_URGENT_DA = re.compile(r"(?i)(?<![^\W\d_])(?:med\s+det\s+samme|straks|omgående|senest|inden|hurtigst\s+muligt|snarest|"
                        r"nu|i\s+dag)(?![^\W\d_])")
# English past participles and Danish participles of what a customer is told they "forgot to" do.
_EN_PARTICIPLE = {
    "select": "selected", "cancel": "cancelled", "attach": "attached", "send": "sent", "include": "included",
    "enter": "entered", "choose": "chosen", "update": "updated", "return": "returned", "sign": "signed",
    "add": "added", "confirm": "confirmed", "tick": "ticked", "complete": "completed", "pay": "paid",
    "activate": "activated", "register": "registered", "upload": "uploaded", "provide": "provided",
    "submit": "submitted", "book": "booked", "print": "printed", "save": "saved", "renew": "renewed",
    "verify": "verified", "check": "checked", "fill in": "filled in", "fill out": "filled out",
}
_DA_PARTICIPLE = {
    "afmelde": "afmeldt", "opsige": "opsagt", "vælge": "valgt", "vedhæfte": "vedhæftet", "sende": "sendt",
    "udfylde": "udfyldt", "indtaste": "indtastet", "betale": "betalt", "returnere": "returneret",
    "bekræfte": "bekræftet", "aktivere": "aktiveret", "oplyse": "oplyst", "tilmelde": "tilmeldt",
    "registrere": "registreret", "opdatere": "opdateret", "underskrive": "underskrevet", "indsende": "indsendt",
    "uploade": "uploadet", "gemme": "gemt", "forny": "fornyet", "annullere": "annulleret", "udfylde korrekt": "udfyldt",
}
_FORGOT = {
    "en": re.compile(r"(?i)^you\s+(?:(?:unfortunately|simply|just)\s+)?(?:failed|forgot|neglected)\s+to\s+(?P<verb>fill\s+(?:in|out)|[^\W\d_]+)\s+"
                     r"(?P<object>(?:a|an|the|your|this|that)\s+(?:[^\W\d_]+\s+){0,2}?[^\W\d_]+)(?P<rest>(?:\s+(?:when|before|after|on|in|at|by|for|with|during|while)\s[^.!?;]*)?)"
                     r"(?P<end>[.!?]*)\s*$"),
    "da": re.compile(r"(?i)^du\s+har\s+(?:desværre\s+|vist\s+|tilsyneladende\s+|nok\s+)?glemt\s+at\s+(?P<verb>[^\W\d_]+)\s+"
                     r"(?P<object>(?:din|dit|dine|den|det|de|en|et)\s+(?:[^\W\d_]+\s+){0,2}?[^\W\d_]+)(?P<rest>(?:\s+(?:inden|før|ved|på|i|under|efter|når)\s[^.!?;]*)?)"
                     r"(?P<end>[.!?]*)\s*$"),
}
# "Som tidligere oplyst, …" fronted: gone, the Danish sentence needs its subject first again (V2).
_AS_SAID_DA = re.compile(r"(?i)^som\s+(?:jeg|vi)?\s*(?:allerede\s+|tidligere\s+)?(?:har\s+)?(?:skrevet|skrev|nævnt|nævnte|"
                         r"oplyst|forklaret|forklarede|sagt|sagde)(?:\s+(?:tidligere|før))?\s*,?\s+")
_DA_SUBJECT = re.compile(r"(?i)(?P<verb>[^\W\d_]+)\s+(?P<subject>(?:jeg|vi|du|det|den|de|der|han|hun)|"
                         r"(?:din|dit|dine|vores|jeres|den|det|de|en|et)\s+[^\W\d_]+|"
                         r"[^\W\d_]+(?:en|et|ne|erne|ing|ingen|ion|ionen|tiden|tid))(?=\s|[.!?,]|$)")
# "It is our policy to …" with the verb after it: "We …" says the same without the wall.
_POLICY_TO = {
    "en": re.compile(r"(?i)^(?:it\s+is|it's)\s+(?:our|company)\s+policy\s+to\s+(?P<verb>[^\W\d_]+)(?P<rest>\s[^.!?;]*)?(?P<end>[.!?]*)\s*$"),
    "da": re.compile(r"(?i)^det\s+er\s+(?P<neg>ikke\s+)?(?:vores|firmaets)\s+(?:politik|procedure)\s+(?P<neg2>ikke\s+)?at\s+(?P<verb>[^\W\d_]+)"
                     r"(?P<rest>\s[^.!?;]*)?(?P<end>[.!?]*)\s*$"),
}
# A sentence that is only the wall ("That's our policy.", "Sådan er reglerne."): it says nothing the reply needs.
_POLICY_ONLY = re.compile(r"(?i)^\W*(?:(?:that|this|it)(?:'s|\s+is)\s+(?:our|company|the)\s+policy|those\s+are\s+the\s+rules|"
                          r"sådan\s+er\s+(?:reglerne|vores\s+regler|vores\s+politik|proceduren)|det\s+er\s+(?:reglerne|vores\s+politik))\W*$")

def reframe(text: str, language: str, sentence, finding, substantive: int) -> tuple[int, int, str] | str | None:
    """A positive form `(start, end, replacement)` of a negative-phrasing clause for the classes above,
    `REMOVE_SENTENCE` when the sentence is only the wall, or None (leave it as written)."""
    head = text[sentence.start:finding.start]
    tail = text[finding.start:sentence.end]
    at_start = not head.strip() or bool(_SOFTENER.match(head))
    rule = finding.rule

    def edit(start: int, end: int, replacement: str) -> tuple[int, int, str]:
        return start, end, replacement

    until = _UNTIL.get(language)
    if until is not None and rule.endswith((".cant", ".kan_ikke")):
        m = until.match(tail)
        if m is None or _NEGATED_REST.search(m.group("rest")) or _NEGATED_REST.search(m.group("condition")) \
                or not _HAS_VERB[language].search(m.group("condition")):
            return None  # "until Monday", "before the inspection": "as soon as" needs a clause
        subject = m.group("subject") or m.group("subject2")
        start = sentence.start if at_start else finding.start
        if at_start:
            subject = subject[0].upper() + subject[1:]
        if language == "en":
            verb = "will be able to" if m.group("future") else "can"
            new = f"{subject} {verb} {m.group('rest')} as soon as {m.group('condition')}{m.group('end')}"
        else:
            new = f"{subject} kan {m.group('rest')}, så snart {m.group('condition')}{m.group('end')}"
        return edit(start, finding.start + m.end("end"), new)
    if language == "da" and rule == "da.negative_phrasing.du_skal":
        line = text[sentence.start:sentence.end]
        local = finding.start - sentence.start
        m = next((m for m in _DU_SKAL.finditer(line) if m.start() + len(m.group("lead")) == local), None)
        imperative = _DA_IMPERATIVE.get(m.group("verb").lower()) if m is not None else None
        if imperative is None:
            return None
        clause_end = m.end() + re.search(r"[.!?;:]|,\s+(?!og\b)|$", line[m.end():]).start()
        if _URGENT_DA.search(line[m.end():]):
            return None  # "Du skal ændre koden med det samme": a deadline is no request ("gerne" would soften it)

        def coordinated(match: re.Match) -> str:
            return match.group(1) + _DA_IMPERATIVE[match.group(2).lower()]

        # Further infinitives of the same instruction ("… og vedhæfte en kopi") take the imperative too.
        rest = re.sub(r"(\s+og\s+)(" + "|".join(map(re.escape, _DA_IMPERATIVE)) + r")(?![^\W\d_])", coordinated,
                      line[m.end():clause_end])
        verb = imperative if m.group("lead") else imperative[0].upper() + imperative[1:]
        return edit(finding.start, sentence.start + clause_end, f"{verb} gerne{rest}")
    if rule.endswith((".you_failed", ".du_har_glemt")):
        forgot = _FORGOT.get(language)
        m = forgot.match(tail) if forgot is not None and not head.strip() else None
        if m is not None:
            verb = re.sub(r"\s+", " ", m.group("verb").lower())
            obj = m.group("object")
            if language == "en":
                participle = _EN_PARTICIPLE.get(verb)
                if participle is None:
                    return None
                plural = obj.split()[-1].lower().endswith("s") and not obj.split()[-1].lower().endswith(("ss", "us"))
                new = f"It looks like {obj} {'weren' if plural else 'wasn'}'t {participle}{m.group('rest')}{m.group('end')}"
            else:
                participle = _DA_PARTICIPLE.get(verb)
                if participle is None:
                    return None
                new = f"Det ser ud til, at {obj} ikke blev {participle}{m.group('rest')}{m.group('end')}"
            return edit(finding.start, finding.start + m.end("end"), new)
        if language == "da" and not head.strip():
            said = _AS_SAID_DA.match(tail)
            if said is not None:
                after = tail[said.end():]
                swap = _DA_SUBJECT.match(after)
                if swap is None or swap.group("verb").lower() in _NOT_A_FINITE_VERB:
                    return None
                subject = swap.group("subject")
                new = subject[0].upper() + subject[1:] + " " + swap.group("verb").lower()
                return edit(finding.start, finding.start + said.end() + swap.end(), new)
        return None
    if rule.endswith((".our_policy", ".vores_politik")):
        if rule == "da.internal_language.vores_politik" and not _POLICY_TO["da"].match(tail):
            return None
        if not head.strip() and _POLICY_ONLY.match(text[sentence.start:sentence.end]) and substantive > 1:
            return REMOVE_SENTENCE
        policy = _POLICY_TO.get(language)
        m = policy.match(tail) if policy is not None and not head.strip() else None
        if m is None:
            return None
        verb = m.group("verb").lower()
        rest = m.group("rest") or ""
        if language == "en":
            new = f"We {verb}{rest}{m.group('end')}"
        else:
            if not verb.endswith(("e", "å")) or len(verb) < 3:
                return None
            if m.group("neg") and m.group("neg2"):
                return None  # "Det er ikke vores politik ikke at …": leave a double negation to the agent
            new = f"Vi {verb}r{' ikke' if m.group('neg') or m.group('neg2') else ''}{rest}{m.group('end')}"
        return edit(finding.start, finding.start + m.end("end"), new)
    return None


# Words the subject swap must not take for the finite verb (an adverb or a conjunction first).
_NOT_A_FINITE_VERB = frozenset({"og", "men", "så", "da", "nu", "her", "der", "også", "ikke", "altid", "derfor"})
