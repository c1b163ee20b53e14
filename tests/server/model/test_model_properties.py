"""Property: for random drafts with protected tokens, every candidate mutation that breaks a fact (drops,
alters or adds a number, date or name) is refused by the model checks, while the unmutated candidate passes
the fact checks (so a refusal is the mutation's doing)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klarsvar.analysis import model_check
from klarsvar.analysis.document import Document
from klarsvar.analysis.pipeline import CheckRequest, analyze

NAMES = ["Anna", "Maria", "Peter", "Jonas", "Sofie", "Karen", "Ahmed", "Lars", "Emma", "Oliver", "Freja", "Mikkel"]
COMPANIES = ["Zendesk", "PostNord", "Bring", "Acme"]
MONTHS = {"en": ["March", "April", "May", "June"], "da": ["marts", "april", "maj", "juni"]}
FACT_CHECKS = {"facts", "promises"}


@st.composite
def drafts(draw):
    """A draft reply with an order number, an amount, a date, a time and names, and its facts."""
    language = draw(st.sampled_from(["en", "da"]))
    customer, colleague, agent = draw(st.lists(st.sampled_from(NAMES), min_size=3, max_size=3, unique=True))
    company = draw(st.sampled_from(COMPANIES))
    ref = str(draw(st.integers(10000, 999999)))
    amount = f"{draw(st.integers(10, 4999))},{draw(st.integers(10, 99))}"
    day = str(draw(st.integers(1, 28)))
    month = draw(st.sampled_from(MONTHS[language]))
    hour = f"{draw(st.integers(8, 20)):02d}:{draw(st.sampled_from(['00', '15', '30', '45']))}"
    if language == "en":
        text = (f"Hi {customer},\n\nYour order {ref} of {amount} kr will arrive on {day} {month} before {hour}. "
                f"Please ask {colleague} at {company} if it does not arrive.\n\nBest regards\n{agent}")
        date = f"{day} {month}"
    else:
        text = (f"Hej {customer},\n\nDin ordre {ref} på {amount} kr. kommer den {day}. {month} inden kl. {hour}. "
                f"Spørg {colleague} hos {company}, hvis den ikke kommer.\n\nMed venlig hilsen\n{agent}")
        date = f"{day}. {month}"
    facts = {"number": [ref, amount], "date": [date, hour], "name": [customer, colleague, company, agent]}
    return language, text, facts


@st.composite
def mutations(draw, text, facts, language):
    """A (kind, function) that breaks one fact of a candidate."""
    kind = draw(st.sampled_from(["drop", "alter", "add"]))
    what = draw(st.sampled_from(["number", "date", "name"]))
    if kind == "drop":
        token = draw(st.sampled_from(facts[what]))
        return f"drop {what}", lambda t: t.replace(token, "", 1)
    if kind == "alter":
        token = draw(st.sampled_from(facts[what]))
        if what == "name":
            other = draw(st.sampled_from([n for n in NAMES + COMPANIES if n not in facts["name"]]))
            return "alter name", lambda t: t.replace(token, other, 1)
        digits = [i for i, ch in enumerate(token) if ch.isdigit()]
        i = draw(st.sampled_from(digits))
        new_digit = draw(st.sampled_from([d for d in "0123456789" if d != token[i]]))
        altered = token[:i] + new_digit + token[i + 1:]
        return f"alter {what}", lambda t: t.replace(token, altered, 1)
    if what == "number":
        # A number the draft does not have (repeating one it has restates a fact, it breaks none).
        added = str(draw(st.integers(2, 99999).filter(lambda n: not model_check.contains(text, str(n)))))
        sentence = {"en": f" Your reference is {added}.", "da": f" Dit referencenummer er {added}."}[language]
    elif what == "date":
        day = draw(st.integers(1, 28))
        sentence = {"en": f" We will call you on {day} July.", "da": f" Vi ringer til dig den {day}. juli."}[language]
    else:
        name = draw(st.sampled_from([n for n in NAMES if n not in facts["name"]]))
        sentence = {"en": f" You can also ask {name} for help.", "da": f" Du kan også spørge {name} om hjælp."}[language]
    return f"add {what}", lambda t: _add(t, sentence)


def _add(text: str, sentence: str) -> str:
    """Put a sentence at the end of the body (before the sign-off's blank line)."""
    head, sep, tail = text.rpartition("\n\n")
    return head + sentence + sep + tail


def refusing_checks(language, text, candidate):
    analysis = analyze(CheckRequest(text=text, language=language, grammar=False))
    doc = Document(text=text, language=language, language_source="request")
    verdict = model_check.verify(doc, analysis.findings, analysis.empathy, candidate)
    return {r.check for r in verdict.refusals}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_every_fact_breaking_mutation_is_refused(data):
    language, text, facts = data.draw(drafts())
    assert not refusing_checks(language, text, text) & FACT_CHECKS  # the draft itself keeps every fact
    kind, mutate = data.draw(mutations(text, facts, language))
    candidate = mutate(text)
    assert candidate != text
    refused = refusing_checks(language, text, candidate)
    assert refused & FACT_CHECKS, (kind, candidate, refused)
