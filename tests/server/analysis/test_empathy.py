"""Empathy stage: acknowledgement, sympathy vs empathy, negative phrasing, standard answers, name, apologies.

The phrase findings come from the rule DATA in rules/<lang>/{sympathy,negative_phrasing,standard_answer}.yml
run by the shared engine; these tests run exactly those three families (copied to a temporary rules
folder) so another family being edited at the same time cannot break or mask them.
"""

from __future__ import annotations

import shutil
import statistics
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from klarsvar.analysis import empathy, rules
from klarsvar.analysis.document import Document
from klarsvar.analysis.offsets import OffsetMap

ROOT = Path(__file__).resolve().parents[3]
RULES = ROOT / "server" / "klarsvar" / "rules"
DATA = ROOT / "tests" / "data"
FAMILIES = ("sympathy", "negative_phrasing", "standard_answer")
CATEGORY_OF_LABEL = {"negative": "negative_phrasing", "sympathy": "sympathy", "standard": "standard_answer"}
EMPATHY_CATEGORIES = {"negative_phrasing", "sympathy", "standard_answer", "missing_acknowledgement", "apologies",
                      "personal_touch"}
# Acceptance: `acknowledges` right in at least this share of the development drafts, per language.
DEV_ACCURACY = 0.90
# The held-out drafts were written after tuning and never tuned on; a looser floor that still catches a regression.
HELDOUT_ACCURACY = 0.75


@pytest.fixture(scope="module")
def rules_dir(tmp_path_factory) -> Path:
    """A rules folder holding only the empathy families of both languages."""
    folder = tmp_path_factory.mktemp("empathy_rules")
    for language in ("da", "en"):
        (folder / language).mkdir()
        for family in FAMILIES:
            shutil.copy(RULES / language / f"{family}.yml", folder / language / f"{family}.yml")
    return folder


def run(rules_dir, text, language="da", *, channel="email", customer=None, name=None):
    """The empathy summary and the empathy-related findings (phrase rules + required elements) for a reply."""
    doc = Document(text=text, language=language, channel=channel, customer_message=customer, customer_name=name)
    summary, findings = empathy.analyze(doc)
    findings = rules.check(doc, directory=rules_dir) + findings
    return summary, [f for f in findings if f.category in EMPATHY_CATEGORIES]


def of(findings, category):
    """Findings of one category."""
    return [f for f in findings if f.category == category]


# ------------------------------------------------------------------------------------- acceptance

def test_sympathy_is_flagged_with_an_empathy_alternative(rules_dir):
    """Issue 6: "Jeg er ked af, at du går igennem dette." is sympathy; the alternative shows understanding."""
    _, findings = run(rules_dir, "Jeg er ked af, at du går igennem dette.")
    sympathy = of(findings, "sympathy")
    assert len(sympathy) == 1
    assert sympathy[0].text == "Jeg er ked af, at du går igennem dette"
    assert sympathy[0].replacements[0].startswith("Jeg kan godt forstå")


def test_empathy_with_action_is_not_sympathy(rules_dir):
    """Issue 6: understanding plus action is the goal, not a finding."""
    summary, findings = run(rules_dir, "Jeg forstår, hvor vigtig denne levering er for dig. "
                                       "Lad mig hjælpe dig med at løse dette.")
    assert of(findings, "sympathy") == []
    assert summary["acknowledges"] is True
    assert of(findings, "missing_acknowledgement") == []


def test_negative_phrasing_gets_a_positive_reframe(rules_dir):
    """Issue 6: "Jeg kan ikke hjælpe dig med dette." → "Lad os finde en løsning sammen"."""
    _, findings = run(rules_dir, "Jeg kan ikke hjælpe dig med dette.")
    negative = of(findings, "negative_phrasing")
    assert len(negative) == 1
    assert negative[0].replacements[0] == "Lad os finde en løsning sammen"


def test_positive_phrasing_is_not_flagged(rules_dir):
    """Issue 6: "Lad os finde en løsning sammen." raises nothing of these checks."""
    _, findings = run(rules_dir, "Lad os finde en løsning sammen.")
    assert findings == []


MARIA = "Hej\nMin pakke er stadig ikke kommet, og den skal bruges til min datters fødselsdag.\n\nMvh Maria"


def test_name_suggestion_when_the_signed_name_is_not_used(rules_dir):
    """Issue 6: a customer message signed "Mvh Maria" and a reply without her name → name suggestion."""
    reply = "Hej,\n\nJeg kan godt forstå, at du venter på pakken. Den kommer på fredag.\n\nMed venlig hilsen\nJens"
    summary, findings = run(rules_dir, reply, customer=MARIA)
    names = of(findings, "personal_touch")
    assert summary["customer_name_used"] is False
    assert len(names) == 1
    assert names[0].rule == "da.empathy.use_name"
    assert names[0].text == "Hej" and names[0].replacements == ("Hej Maria",)


@pytest.mark.parametrize("greeting, language, customer, expected", [
    ("Dear Borrower", "en", "Hi, can I change my plan? I lost hours at work.\n\nMarcus Reid", "Dear Marcus"),
    ("Dear Valued Customer", "en", "Where is my parcel? It was due Monday.\n\nAnna Berg", "Dear Anna"),
    ("Kære medlem", "da", MARIA, "Kære Maria"),
])
def test_a_role_in_the_salutation_is_replaced_by_the_name(rules_dir, greeting, language, customer, expected):
    """"Dear Borrower" becomes "Dear Marcus", never "Dear Marcus Borrower" (blind judges, fourth drafts)."""
    reply = f"{greeting},\n\nYour request is with us and you will hear from us on Friday.\n\nKind regards\nAnne"
    _, findings = run(rules_dir, reply, customer=customer, language=language)
    names = of(findings, "personal_touch")
    assert [(f.text, f.replacements[0]) for f in names] == [(greeting, expected)]


def test_no_name_suggestion_when_the_reply_starts_with_the_name(rules_dir):
    """Issue 6: a reply starting "Hej Maria" gets no name suggestion."""
    reply = "Hej Maria\n\nJeg kan godt forstå, at du venter på pakken. Den kommer på fredag.\n\nMed venlig hilsen\nJens"
    summary, findings = run(rules_dir, reply, customer=MARIA)
    assert summary["customer_name_used"] is True
    assert of(findings, "personal_touch") == []


# -------------------------------------------------------------------------------- the other rules

def test_name_suggestion_is_email_only_and_document_level_without_greeting(rules_dir):
    """Chat replies have no letter greeting; an e-mail without one gets a document-level suggestion."""
    reply = "Jeg kan godt forstå, at du venter på pakken. Den kommer på fredag, og du får en sms."
    _, chat = run(rules_dir, reply, channel="chat", customer=MARIA)
    assert of(chat, "personal_touch") == []
    _, mail = run(rules_dir, reply, customer=MARIA)
    (suggestion,) = of(mail, "personal_touch")
    assert suggestion.start is None and suggestion.replacements == ("Hej Maria,",)
    _, given = run(rules_dir, reply, language="en", customer="Where is my parcel?", name="John Smith")
    assert of(given, "personal_touch")[0].replacements == ("Hi John,",)


def test_name_in_the_body_counts_and_the_agents_signature_does_not(rules_dir):
    """Using the name anywhere in the text counts; the same name in the agent's own signature does not."""
    summary, _ = run(rules_dir, "Hej\n\nTak, Maria, jeg kigger på det nu.", customer=MARIA)
    assert summary["customer_name_used"] is True
    summary, _ = run(rules_dir, "Hej\n\nJeg kigger på det nu.\n\nMed venlig hilsen\nMaria", customer=MARIA)
    assert summary["customer_name_used"] is False


def test_missing_acknowledgement_is_stronger_when_the_customer_is_upset(rules_dir):
    """Document-level finding: warning for an upset customer, suggestion otherwise; none when acknowledged."""
    reply = "Hej\n\nPakken er sendt i dag og bliver leveret torsdag mellem kl. 8 og 16."
    summary, upset = run(rules_dir, reply, customer=MARIA)
    (finding,) = of(upset, "missing_acknowledgement")
    assert summary["acknowledges"] is False and summary["customer_emotion"] == "frustrated"
    assert finding.severity == "warning" and finding.start is None and finding.end is None
    assert finding.rule == "da.empathy.acknowledge"
    assert finding.replacements and "din pakke" in finding.replacements[0]
    _, unhappy = run(rules_dir, reply, customer="Lampen har en fejl.")
    assert of(unhappy, "missing_acknowledgement")[0].severity == "suggestion"


def test_no_acknowledgement_finding_when_there_is_nothing_to_acknowledge(rules_dir):
    """A plain answer to a neutral question, or a reply about no problem at all, needs no acknowledgement."""
    reply = "Hej\n\nJa, vi sender gerne til Grønland. Fragten koster 149 kr., og pakken er fremme på 7-10 dage."
    summary, findings = run(rules_dir, reply, customer="Sender I til Grønland?")
    assert summary["acknowledges"] is False and of(findings, "missing_acknowledgement") == []
    _, findings = run(rules_dir, "Jeg har rettet adressen, så pakken kommer til Vejle i stedet for Horsens.")
    assert of(findings, "missing_acknowledgement") == []
    # Without the customer's message an apology alone is no evidence of a problem (issue 14) …
    _, findings = run(rules_dir, "Vi beklager. Pakken er afsendt og forventes leveret inden for 1-3 hverdage.")
    assert of(findings, "missing_acknowledgement") == []
    # … but a reply that itself names a delay, a fault or a refusal gets the suggestion.
    for text, language in [("Din pakke er desværre forsinket og bliver først leveret på mandag.", "da"),
                           ("Vi kan desværre ikke refundere din billet, da den er købt som rabatbillet.", "da"),
                           ("Your order was delayed at the depot and will be delivered on Monday.", "en"),
                           ("Your lamp arrived broken, so please send it back with the label we emailed.", "en")]:
        _, findings = run(rules_dir, text, language)
        assert of(findings, "missing_acknowledgement")[0].severity == "suggestion", text
    # A text that never addresses anyone is no reply (news prose about a delay).
    _, findings = run(rules_dir, "Toget var forsinket, og passagererne ventede i to timer på perronen.")
    assert of(findings, "missing_acknowledgement") == []


@pytest.mark.parametrize("text, language", [
    ("Please send us the order number and we will look into the issue for you today.", "en"),
    ("Thanks for your request. We have passed it on and you will hear from us by Friday.", "en"),
    ("We apologize for any inconvenience. Please send us a DM with your account details.", "en"),
    ("Send os gerne dit ordrenummer, så kigger vi på din henvendelse i dag.", "da"),
    ("Vi beklager ulejligheden. Skriv gerne dit ordrenummer, så vender vi tilbage.", "da"),
])
def test_generic_words_alone_raise_no_acknowledgement_finding(rules_dir, text, language):
    """Issue 14: "issue", "request", "henvendelse" or a stock apology in the reply alone are no evidence."""
    _, findings = run(rules_dir, text, language)
    assert of(findings, "missing_acknowledgement") == []


def test_no_acknowledgement_finding_on_short_replies(rules_dir):
    """A one-line holding reply ("Et øjeblik, jeg tjekker det.") is not asked to acknowledge."""
    _, findings = run(rules_dir, "Et øjeblik, jeg tjekker det lige.", channel="chat", customer=MARIA)
    assert of(findings, "missing_acknowledgement") == []


def test_generic_thanks_is_not_acknowledgement(rules_dir):
    """"Tak for din henvendelse" alone does not acknowledge and is a standard answer."""
    summary, findings = run(rules_dir, "Hej\n\nTak for din henvendelse. Pakken er sendt i dag og kommer torsdag.",
                            customer=MARIA)
    assert summary["acknowledges"] is False
    assert [f.text for f in of(findings, "standard_answer")] == ["Tak for din henvendelse"]


def test_specific_thanks_is_not_a_standard_answer(rules_dir):
    """Something specific after the thanks makes it personal."""
    _, findings = run(rules_dir, "Thank you for your email about the late delivery.", language="en")
    assert of(findings, "standard_answer") == []


@pytest.mark.parametrize("text, language", [
    ("Vi beklager, at pakken er forsinket. Vi beklager ulejligheden, og desværre kan vi ikke sende en ny.", "da"),
    ("Sorry your parcel is late. Sorry for the trouble, and unfortunately we can't send a new one.", "en"),
])
def test_repeated_apologies_give_one_finding_on_the_second(rules_dir, text, language):
    """Apology tokens are counted ("desværre"/"unfortunately" are not apologies); two or more give one
    finding, on the second apology."""
    summary, findings = run(rules_dir, text, language=language)
    assert summary["apologies"] == 2
    (finding,) = of(findings, "apologies")
    second = text.lower().index("sorry", 1) if language == "en" else text.index("beklager", 5)
    assert finding.start == second
    assert finding.rule == f"{language}.empathy.repeated_apologies"


def test_one_apology_is_fine(rules_dir):
    """A single, specific apology is good practice."""
    summary, findings = run(rules_dir, "I'm sorry your order arrived damaged. I've sent a new one today.", "en")
    assert summary["apologies"] == 1 and of(findings, "apologies") == []


@pytest.mark.parametrize("text, language", [
    ("I'm so sorry to hear of your change in circumstances. We apologise that we can't refund the season ticket.", "en"),
    ("Jeg er ked af at høre om dit tab. Vi beklager, at fakturaen blev sendt.", "da"),
])
def test_sympathy_is_no_second_apology(rules_dir, text, language):
    """"Sorry to hear …" is sympathy for what happened to them, not an apology (both blind judges, eleventh drafts)."""
    summary, findings = run(rules_dir, text, language=language)
    assert summary["apologies"] == 1 and of(findings, "apologies") == []


def test_mirrored_words_and_summary_shape(rules_dir):
    """The summary has the contract's keys; mirrored forms of the customer's phrases count."""
    summary, _ = run(rules_dir, "Hej Maria\n\nJeg kan godt forstå, at du venter på din pakke. Pakken kommer fredag.",
                     customer=MARIA)
    assert set(summary) == {"acknowledges", "customer_name_used", "apologies", "customer_emotion", "mirrored_words"}
    assert "din pakke" in summary["mirrored_words"]
    assert "pakken" in summary["mirrored_words"]
    no_customer, _ = run(rules_dir, "Pakken kommer fredag.")
    assert no_customer["customer_emotion"] is None and no_customer["mirrored_words"] == []


def test_offsets_survive_emoji_and_crlf(rules_dir):
    """Finding text equals its slice in code points, and the UTF-16 conversion stays consistent."""
    text = "Hej 😀\r\n\r\nVi beklager ulejligheden 😀. Vi beklager også ventetiden.\r\nMvh Jens"
    _, findings = run(rules_dir, text, customer=MARIA)
    spans = [f for f in findings if f.start is not None]
    assert spans
    offsets = OffsetMap(text)
    for f in spans:
        assert text[f.start:f.end] == f.text
        assert offsets.to_utf16(f.end) - offsets.to_utf16(f.start) == len(f.text.encode("utf-16-le")) // 2


def test_quoted_customer_text_is_not_counted(rules_dir):
    """Apologies in the quoted customer e-mail below the reply are not the agent's."""
    text = ("Hej Maria\n\nJeg kan godt forstå, at du er frustreret. Pakken kommer fredag.\n\n"
            "Den 3. marts skrev Maria:\n> Undskyld jeg skriver igen, men beklager, hvor er den?")
    summary, _ = run(rules_dir, text, customer=MARIA)
    assert summary["apologies"] == 0


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("emotion_message", [
    ("Min pakke er stadig ikke kommet, det er tredje gang!!", "My parcel still hasn't arrived, third time!!"),
    ("Jeg er bekymret for min pakke.", "I'm worried about my parcel."),
    ("Hvornår kommer min pakke?", "When will my parcel arrive?"),
    (None, None),
])
def test_the_rewrites_acknowledgement_is_recognised(rules_dir, language, emotion_message):
    """The rewrite's own acknowledgement sentence must count as acknowledging (or the rewrite is no fixed point)."""
    from klarsvar.analysis.acknowledgement import acknowledgement_sentence

    message = emotion_message[0 if language == "da" else 1]
    doc = Document(text="x", language=language, customer_message=message)
    sentence = acknowledgement_sentence(doc)
    summary, findings = run(rules_dir, sentence + " " + ("Pakken kommer fredag." if language == "da"
                                                        else "The parcel arrives on Friday."),
                            language=language, customer=message)
    assert summary["acknowledges"] is True, sentence
    assert not of(findings, "sympathy") and not of(findings, "negative_phrasing"), sentence


# ------------------------------------------------------------------------------ development sets

def _load(language: str) -> dict:
    """The labelled development and held-out drafts of a language."""
    with open(DATA / f"empathy_{language}.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def evaluate(rules_dir, drafts, language):
    """Accuracy of `acknowledges`, labelled phrases not flagged, acknowledgement findings on acknowledging drafts."""
    right, missed, false_alarms, unlabelled = 0, [], [], []
    for d in drafts:
        summary, findings = run(rules_dir, d["reply"], language, channel=d["channel"], customer=d.get("customer"),
                                name=d.get("name"))
        right += summary["acknowledges"] == d["acknowledges"]
        if d["acknowledges"] and of(findings, "missing_acknowledgement"):
            false_alarms.append(d["id"])
        labelled_spans = []
        for key, category in CATEGORY_OF_LABEL.items():
            for phrase in d.get(key) or []:
                start = d["reply"].find(phrase)
                assert start >= 0, f"{d['id']}: label {phrase!r} is not in the reply"
                end = start + len(phrase)
                labelled_spans.append((start, end))
                if not any(f.start is not None and f.start < end and start < f.end for f in of(findings, category)):
                    missed.append((d["id"], key, phrase))
        for f in findings:
            if f.category in CATEGORY_OF_LABEL.values() and not any(
                    f.start < e and s < f.end for s, e in labelled_spans):
                unlabelled.append((d["id"], f.category, f.text))
    return right / len(drafts), missed, false_alarms, unlabelled


@pytest.mark.parametrize("language", ["da", "en"])
def test_development_set(rules_dir, language):
    """Issue 6 acceptance on the labelled development drafts."""
    drafts = _load(language)["drafts"]
    assert len(drafts) >= 40
    assert len({d["channel"] for d in drafts}) == 2
    assert any(d["acknowledges"] for d in drafts) and any(not d["acknowledges"] for d in drafts)
    accuracy, missed, false_alarms, unlabelled = evaluate(rules_dir, drafts, language)
    print(f"\n{language} development set: acknowledges accuracy {accuracy:.1%} on {len(drafts)} drafts; "
          f"labelled phrases missed {len(missed)}; unlabelled phrase findings {len(unlabelled)}")
    assert accuracy >= DEV_ACCURACY
    assert missed == [], "every labelled negative/sympathy/standard phrase must be flagged"
    assert false_alarms == [], "no missing_acknowledgement on drafts labelled as acknowledging"
    assert len(unlabelled) <= 0.1 * len(drafts), unlabelled


@pytest.mark.parametrize("language", ["da", "en"])
def test_heldout_set(rules_dir, language):
    """Drafts written after tuning: reported honestly, bounded loosely."""
    drafts = _load(language).get("heldout") or []
    assert len(drafts) >= 15
    accuracy, missed, false_alarms, unlabelled = evaluate(rules_dir, drafts, language)
    print(f"\n{language} held-out set: acknowledges accuracy {accuracy:.1%} on {len(drafts)} drafts; "
          f"labelled phrases missed {len(missed)} {missed}; acknowledging drafts given missing_acknowledgement "
          f"{false_alarms}; "
          f"unlabelled phrase findings {unlabelled}")
    assert accuracy >= HELDOUT_ACCURACY


# --------------------------------------------------------------------------------- false alarms

@pytest.mark.parametrize("language", ["da", "en"])
def test_false_alarms_on_friendly_replies(rules_dir, language):
    """Friendly replies (one per line, another helper's set) raise almost no empathy findings."""
    path = DATA / f"friendly_replies_{language}.txt"
    if not path.exists():
        pytest.skip(f"{path.name} not written yet")
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    phrase_families = ("sympathy", "negative_phrasing", "standard_answer", "apologies")
    flagged: dict[str, list] = {family: [] for family in (*phrase_families, "missing_acknowledgement")}
    for line in lines:
        _, findings = run(rules_dir, line.replace("\\n", "\n"), language)
        for f in findings:
            if f.category in flagged:
                flagged[f.category].append((line[:60], f.rule))
    rates = {family: len(hits) / max(1, len(lines)) for family, hits in flagged.items()}
    print(f"\n{language} friendly replies ({len(lines)}): "
          + ", ".join(f"{family} {len(flagged[family])} ({rate:.1%})" for family, rate in rates.items()))
    for family in phrase_families:
        assert rates[family] <= 0.03, flagged[family]
    # Without the customer's message the acknowledgement check can only guess (see docs/quality/empathy.md).
    # (Issue 14: ≤ 5 % of replies without a customer message.)
    assert rates["missing_acknowledgement"] <= 0.05, flagged["missing_acknowledgement"]


# -------------------------------------------------------------------------------------------- speed

def test_empathy_stage_is_fast():
    """The whole empathy stage takes at most ~2 ms for a 300-word reply (median; segmentation already done)."""
    paragraph = ("Jeg kan se, at din pakke er blevet forsinket hos fragtfirmaet, og det beklager jeg. Vi har sendt "
                 "en ny pakke i dag med express, så du har den på fredag inden kl. 16. Du skal ikke gøre noget. ")
    text = "Hej Maria,\n\n" + paragraph * 8 + "\n\nMed venlig hilsen\nJens"
    assert 280 <= len(text.split()) <= 340
    medians = []
    for _ in range(3):  # best of three rounds: other processes on a shared machine only ever add time
        times = []
        for _ in range(40):
            doc = Document(text=text, language="da", customer_message=MARIA)
            doc.segmentation  # noqa: B018 - computed by the earlier stages in the pipeline
            start = time.perf_counter()
            empathy.analyze(doc)
            times.append(time.perf_counter() - start)
        medians.append(statistics.median(times[5:]) * 1000)
    print(f"\nempathy stage, 300 words: median {min(medians):.2f} ms (best of 3 rounds)")
    assert min(medians) <= 2.5


# ------------------------------------------------------------------------------------- robustness

@pytest.mark.parametrize("text", ["", "   ", "\r\n\r\n", "Hej Maria,", "Med venlig hilsen\nJens", "😀😀😀"])
def test_empty_and_odd_replies(rules_dir, text):
    """No body sentences: a well-formed summary and no findings, never an exception."""
    summary, findings = run(rules_dir, text, customer=MARIA)
    assert summary["apologies"] == 0 and summary["acknowledges"] is False
    assert of(findings, "missing_acknowledgement") == [] and of(findings, "apologies") == []


_FRAGMENTS = ["Hej Maria,", "\r\n", "\n\n", "😀", "Vi beklager ulejligheden.", "Jeg kan ikke hjælpe dig.",
              "Tak for din henvendelse.", "Jeg kan godt forstå, at det er frustrerende.", "din pakke", " æøå ",
              "Du skal", "desværre", "!!!", "Med venlig hilsen\nJens", "> Undskyld", "Sorry for the inconvenience."]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=12), st.sampled_from(["email", "chat"]))
def test_findings_always_point_at_their_text(rules_dir, parts, channel):
    """Whatever the mix of emoji, CRLF and phrases: span findings slice to their text; summary types hold."""
    text = " ".join(parts)
    summary, findings = run(rules_dir, text, channel=channel, customer=MARIA)
    assert isinstance(summary["acknowledges"], bool) and isinstance(summary["apologies"], int)
    for f in findings:
        if f.start is not None:
            assert text[f.start:f.end] == f.text


# ------------------------------------------------------------------------------ QA round (issue 6)

def _analyze(text, language, message=None, channel="email"):
    """Empathy summary and findings of a reply, with the customer's message."""
    return empathy.analyze(Document(text=text, language=language, channel=channel, customer_message=message))


@pytest.mark.parametrize("message, language, expected, never", [
    ("Min mand Poul er desværre gået bort, og jeg vil gerne lukke hans konto. Mvh Lene", "da",
     "Jeg er ked af at høre om dit tab.", ()),
    ("My husband Paul passed away last month and I would like to close his account. Regards, Jane", "en",
     "I'm so sorry for your loss.", ()),
    ("Jeg er virkelig ked af det, min mors gave er gået i stykker", "da", None, ("frustrerende", "træt")),
    ("Hvor er min pakke? Jeg er træt af at vente. Venlig hilsen Lone Hansen", "da", None, ("Hansen", "Lone")),
    ("My boots fell apart after two weeks. Not happy.", "en", None, ("fell",)),
    ("Where is my money? I want my refund.", "en", None, ("money",)),
    ("Jeres rabatkode virker ikke 😡😡", "da", None, ("jeres",)),
    ("Tak for hjælpen!! I er de bedste 😍 Mvh Maja", "da", None, ("Maja",)),
])
def test_acknowledgement_suggestion_fits_the_customer(message, language, expected, never):
    """The finding offers the acknowledgement module's sentence for this customer: condolence for a death,
    no names or verbs as the topic, the customer's 'jeres' never copied (the wording itself is
    acknowledgement.py's and is tested there)."""
    from klarsvar.analysis.acknowledgement import acknowledgement_sentence

    reply = ("Hej.\n\nJeg har lukket kontoen for dig nu, så det er ordnet i dag." if language == "da"
             else "Hi.\n\nI have closed the account for you now, so it is all done today.")
    _, findings = _analyze(reply, language, message)
    suggestions = [f.replacements for f in findings if f.category == "missing_acknowledgement"]
    doc = Document(text=reply, language=language, channel="email", customer_message=message)
    assert suggestions and suggestions[0] == (acknowledgement_sentence(doc),)
    sentence = suggestions[0][0]
    if expected is not None:
        assert sentence == expected
    assert not any(word.lower() in sentence.lower().split() or word in sentence for word in never), sentence
    # The suggested sentence itself acknowledges, and condolence is not flagged as sympathy.
    summary, _ = _analyze(sentence + " " + reply.split("\n\n")[1], language, message, channel="chat")
    assert summary["acknowledges"], sentence
    assert not [f for f in rules.find(sentence, language) if f.category in ("sympathy", "apologies")]


def test_bereaved_customer_gets_a_condolence_message():
    """The finding's message asks for condolence, not 'the customer is clearly frustrated'."""
    _, findings = _analyze("Jeg har lukket kontoen for dig nu, så det er ordnet i dag.", "da",
                           "Min far er død, og jeg skal lukke hans abonnement.")
    (finding,) = [f for f in findings if f.category == "missing_acknowledgement"]
    assert "medfølelse" in finding.message and finding.severity == "warning"


@pytest.mark.parametrize("reply, language, expected", [
    ("Having to chase us three times for one parcel is not OK, and I'm sorry. I've sent a new one today.", "en", True),
    ("I'm sorry to hear your parcel hasn't arrived. I've sent a new one today.", "en", True),
    ("Jeg er ked af at høre, at din pakke ikke er kommet. Jeg har sendt en ny i dag.", "da", True),
    ("We are sorry to hear that. Sorry again for the inconvenience.", "en", False),
    ("Vi er kede af at høre det. Undskyld igen for ulejligheden.", "da", False),
])
def test_specific_apologies_acknowledge_and_generic_sympathy_does_not(reply, language, expected):
    """An apology that names the situation acknowledges in both languages; stacked stock sympathy does not."""
    summary, _ = _analyze(reply, language)
    assert summary["acknowledges"] is expected


def test_sympathy_to_a_bereaved_customer_offers_condolence_not_frustration():
    """fit_to_customer swaps the 'frustrerende' replacement for the condolence when someone has died."""
    doc = Document(text="Jeg er ked af at høre det. Kontoen er lukket.", language="da", channel="email",
                   customer_message="Min mand er gået bort, og jeg vil gerne lukke hans konto. Mvh Lene")
    findings = [f for f in rules.check(doc) if f.category == "sympathy"]
    assert findings and "frustrerende" in findings[0].replacements[0]
    fitted = empathy.fit_to_customer(doc, findings)
    assert fitted[0].replacements == ("Jeg er ked af at høre om dit tab",)
    calm = Document(text=doc.text, language="da", channel="email", customer_message="Hvor er min pakke?")
    assert empathy.fit_to_customer(calm, findings) == findings


@pytest.mark.parametrize("reply, language", [
    ("Jeg kondolerer. Jeg har lukket kontoen i dag, så du skal ikke gøre mere.", "da"),
    ("Mine varmeste kondolencer. Jeg har lukket kontoen i dag, så du skal ikke gøre mere.", "da"),
    ("Our thoughts are with you. I've closed the account today, so there's nothing more to do.", "en"),
    ("My deepest condolences. I've closed the account today, so there's nothing more to do.", "en"),
])
def test_condolence_in_other_words_acknowledges(reply, language):
    """Condolence acknowledges a bereaved customer's situation in its usual wordings too."""
    message = ("Min mor er død, og hendes konto skal lukkes." if language == "da"
               else "My mother died and her account needs closing.")
    summary, findings = _analyze(reply, language, message)
    assert summary["acknowledges"] and summary["customer_emotion"] == "sad"
    assert not [f for f in findings if f.category == "missing_acknowledgement"]


@pytest.mark.parametrize("reply, message, language, expected", [
    ("Vi har pakket varen, og jeg pakker den selv om i dag. Din pakke kommer i morgen.", "Hvor er min pakke?", "da",
     ["din pakke"]),
    ("We refunded it yesterday and your refund will show in two days.", "Where is my refund?", "en", ["your refund"]),
])
def test_verbs_are_not_mirrored_nouns(reply, message, language, expected):
    """'har pakket', 'jeg pakker', 'we refunded' are verbs, not the customer's 'pakke'/'refund' mirrored."""
    summary, _ = _analyze(reply, language, message)
    assert summary["mirrored_words"] == expected


# ------------------------------------------------------------------ issue 14, second precision round

ANNOYED = "My parcel was sent to the wrong address and nobody has replied to my emails. Not impressed."


@pytest.mark.parametrize("reply", [
    "Sorry about the trouble with your new router. Please send us a DM so we can sort it out today.",
    "I'm sorry for the delivery mix-up with your sofa! Could you DM us your order number, please?",
    "Apologies for the delay on your refund. I've pushed it through and it will reach your card by Friday.",
    "That's really concerning to hear. Please send us the order number so we can look into it right away.",
    "That's not what we like to hear. Could you send us your order number so we can put this right?",
    "We're concerned to hear this. Could you DM us your order number so we can find your parcel today?",
    "Uh oh, that parcel should be with you by now. Can you DM us the tracking number and your postcode?",
    "We'd hate for you to miss out on the sale. Send us your order number and we'll check it right away.",
])
def test_real_acknowledgement_wordings_count(rules_dir, reply):
    """Acknowledgement in the words real agents use: an apology whose object names the customer's problem,
    'that's concerning', 'not what we like to hear', 'uh oh', 'we'd hate for you to …'."""
    summary, findings = run(rules_dir, reply, "en", channel="chat", customer=ANNOYED)
    assert summary["acknowledges"] is True, reply
    assert of(findings, "missing_acknowledgement") == []


@pytest.mark.parametrize("reply", [
    "Sorry for the confusion. Please send us a DM with your order number and we'll take a look.",
    "We're sorry for any difficulties you've experienced. Please DM us your order number and postcode.",
    "Sorry to learn about this. Could you please DM us your order number and the address you used?",
    "I apologize for the delayed response. Could you please DM us your order number and the address?",
    "Apologies for the delay. Could you please DM us your order number and the address you used?",
])
def test_generic_apology_objects_do_not_count(rules_dir, reply):
    """The confusion, any difficulties, 'this', our own late reply: an apology naming nothing of the
    customer's is no acknowledgement, and the upset customer's reply still gets the finding."""
    summary, findings = run(rules_dir, reply, "en", channel="chat", customer=ANNOYED)
    assert summary["acknowledges"] is False, reply
    assert len(of(findings, "missing_acknowledgement")) == 1


@pytest.mark.parametrize("customer, reply", [
    ("Look at my new puppy in his costume! 🐶", "He looks adorable! Thanks for sharing him with us, have a great evening."),
    ("Your staff at the airport were amazing today, thank you!", "We'll be sure to pass your kind words on to the team at the airport."),
    ("Best burrito I've had all year 😍", "Nice one! That's the best way to spend a Tuesday evening, enjoy every bite."),
])
def test_reacting_to_a_calm_customer_acknowledges(rules_dir, customer, reply):
    """Praise, news or a photo is acknowledged by reacting to it ("He looks adorable!")."""
    summary, _ = run(rules_dir, reply, "en", channel="chat", customer=customer)
    assert summary["acknowledges"] is True, reply


def test_reaction_words_do_not_acknowledge_a_problem(rules_dir):
    """'We'd love to help' or 'Nice' to a customer with a broken product is no acknowledgement of it."""
    summary, findings = run(rules_dir, "Nice to hear from you. We'd love to help, please DM us your order number.",
                            "en", channel="email", customer="My new kettle arrived broken and leaks everywhere.")
    assert summary["acknowledges"] is False
    assert of(findings, "missing_acknowledgement")


@pytest.mark.parametrize("language, forecast, owned", [
    ("en", "It should be delivered on Thursday.", "It should have been with you on Thursday."),
    ("en", "It should be with you by Friday.", "It should be with you by now."),
    ("da", "Den skulle være hos dig på torsdag.", "Den skulle have været hos dig i torsdags."),
    ("da", "Den burde være hos dig i morgen.", "Den burde jo være fremme nu."),
])
def test_a_delivery_forecast_is_no_ownership(rules_dir, language, forecast, owned):
    """"It should be delivered on Thursday" tells when; "it should have been with you" owns what went wrong."""
    customer = {"en": "Where is my parcel? It's late and I'm annoyed.",
                "da": "Hvor er min pakke? Den er forsinket, og jeg er irriteret."}[language]
    link = {"en": " Here is the tracking link: https://example.com/t", "da": " Her er sporingslinket: https://example.com/t"}
    summary, _ = run(rules_dir, forecast + link[language], language, channel="email", customer=customer)
    assert summary["acknowledges"] is False, forecast
    summary, _ = run(rules_dir, owned + link[language], language, channel="email", customer=customer)
    assert summary["acknowledges"] is True, owned


@pytest.mark.parametrize("reply", [
    "Det var så lidt. Vi glæder os til at se dig igen.",
    "Tak! Det betyder meget for os.",
    "God fornøjelse med lampen, Hanne.",
    "I gør os så glade. Tak for din loyalitet!",
])
def test_warmth_back_to_a_happy_danish_customer_acknowledges(rules_dir, reply):
    """Som på engelsk ("We look forward to seeing you", "Enjoy!", "means the world to us"): varme tilbage til en glad
    kunde er anerkendelsen; over for en kunde med et problem er det ingen."""
    summary, findings = run(rules_dir, reply, "da", channel="email",
                            customer="Tusind tak for den hurtige levering, I er bare de bedste! Kh Hanne")
    assert summary["acknowledges"] is True, reply
    assert of(findings, "missing_acknowledgement") == []
    summary, _ = run(rules_dir, reply, "da", channel="email",
                     customer="Min lampe kom i stykker, og jeg er virkelig skuffet. Kh Hanne")
    assert summary["acknowledges"] is False, reply


def test_a_calm_problem_report_in_chat_gets_no_acknowledgement_finding(rules_dir):
    """Issue 14: in chat only an upset customer is asked for; a calm report with a mildly negative word is
    answered by the next line (none of 14 such findings on the labelled real replies was judged correct)."""
    reply = "We'd like to look into this with you. Does the song appear to be greyed out in the library?"
    calm = "I keep getting this error message saying the item can't be played and idk how to fix it"
    _, chat = run(rules_dir, reply, "en", channel="chat", customer=calm)
    assert of(chat, "missing_acknowledgement") == []
    _, upset = run(rules_dir, reply, "en", channel="chat", customer=calm + ". Third time this week, so fed up!!")
    assert len(of(upset, "missing_acknowledgement")) == 1


def test_a_reply_opening_mid_sentence_is_a_later_part_of_a_thread(rules_dir):
    """'and the phone number on the account …' continues an earlier tweet, like '2/2'."""
    reply = "and the phone number associated with your account so I can look into this issue further. Thanks!"
    _, findings = run(rules_dir, reply, "en", channel="chat", customer=ANNOYED)
    assert of(findings, "missing_acknowledgement") == []
    _, findings = run(rules_dir, "Send us " + reply, "en", channel="chat", customer=ANNOYED)
    assert len(of(findings, "missing_acknowledgement")) == 1


def test_praise_in_chat_gets_no_acknowledgement_finding(rules_dir):
    """A chat answer to praise is not asked to acknowledge (a plain thank-you is the agent's call); e-mail still is."""
    customer = "The new app is brilliant, thank you so much for the great update!"
    reply = "Thank you. If you have any other questions about the app, just send us a message here."
    _, chat = run(rules_dir, reply, "en", channel="chat", customer=customer)
    assert of(chat, "missing_acknowledgement") == []
    _, email = run(rules_dir, reply, "en", channel="email", customer=customer)
    assert of(email, "missing_acknowledgement")


def test_a_later_part_of_a_thread_gets_no_acknowledgement_finding(rules_dir):
    """'2/2': the first part of the thread may hold the acknowledgement; '1/2' is judged as usual."""
    second = "Please DM us your order number and the address on the order so we can check it. 2/2"
    first = "Please DM us your order number and the address on the order so we can check it. 1/2"
    _, findings = run(rules_dir, second, "en", channel="chat", customer=ANNOYED)
    assert of(findings, "missing_acknowledgement") == []
    _, findings = run(rules_dir, first, "en", channel="chat", customer=ANNOYED)
    assert len(of(findings, "missing_acknowledgement")) == 1


def test_reacting_to_a_calm_danish_customer_acknowledges(rules_dir):
    """Den danske reaktion på ros eller en nyhed tæller som anerkendelse, ikke over et problem."""
    summary, _ = run(rules_dir, "Hvor er den fin! Tak fordi du delte billedet af hvalpen med os.", "da", channel="chat",
                     customer="Se min nye hvalp i sit kostume 🐶")
    assert summary["acknowledges"] is True
    summary, _ = run(rules_dir, "Hvor er den fin. Send os dit ordrenummer, så kigger vi på det.", "da", channel="chat",
                     customer="Min nye lampe kom i stykker og virker ikke.")
    assert summary["acknowledges"] is False


def test_a_calm_problem_report_in_chat_gets_no_acknowledgement_finding(rules_dir):
    """In chat a calm report or question is answered by the next line; an upset customer still gets the finding,
    and in e-mail the calm report still does."""
    calm = "The app shows an error when I open my invoices. Can you help?"
    reply = "Could you tell us which phone and app version you are using, so we can check it for you?"
    _, chat = run(rules_dir, reply, "en", channel="chat", customer=calm)
    assert of(chat, "missing_acknowledgement") == []
    _, email = run(rules_dir, reply, "en", channel="email", customer=calm)
    assert of(email, "missing_acknowledgement")
    _, upset = run(rules_dir, reply, "en", channel="chat", customer="The app shows an error AGAIN. Third time this week!!")
    assert of(upset, "missing_acknowledgement")


@pytest.mark.parametrize("reply", [
    "I'm sorry it hasn't arrived yet! Please DM us your order number so we can chase the courier for you.",
    "I'm also sorry to learn of the leaking bottle. Could you DM us your order number and a photo, please?",
])
def test_an_apology_that_names_the_fault_acknowledges(rules_dir, reply):
    """The apology's clause names the fault itself ("it hasn't arrived") or its object ("the leaking bottle")."""
    summary, _ = run(rules_dir, reply, "en", channel="chat", customer=ANNOYED)
    assert summary["acknowledges"] is True, reply


@pytest.mark.parametrize("text, language, names", [
    ("Jeg er ked af, at den ikke virker. Send mig et billede af skærmen, så ser jeg på det i dag.", "da", True),
    ("Jeg er ked af, at det ikke er kommet. Send mig dit ordrenummer, så finder jeg pakken i dag.", "da", True),
    ("Jeg er ked af, at det er sådan. Send mig dit ordrenummer, så ser jeg på det i dag.", "da", False),
    ("I'm sorry it still isn't working. Send me a photo of the screen and I'll look at it today.", "en", True),
    ("I'm sorry it happened. Send me a photo of the screen and I'll look at it today.", "en", False),
])
def test_the_apology_clause_names_a_fault_by_its_verb(text, language, names):
    """"…, at den ikke virker" / "it still isn't working" name the fault without a noun; "det er sådan" names nothing."""
    from klarsvar.analysis.customer import language_data
    from klarsvar.analysis.text import segment

    data = language_data(language)
    body = [s for s in segment(text, language).sentences if s.kind == "body"]
    assert empathy._apology_names_situation(body, data["acknowledgement"]["apology_clause"], data, language) is names


@pytest.mark.parametrize("text", [
    "Sorry for the delay. Could you send us your order number so we can check it for you?",
    "Hi Zach, apologies for the delay. Can you tell us a bit more about what happens on your phone?",
])
def test_an_apology_for_our_late_answer_is_no_problem_of_the_customer(rules_dir, text):
    """Without the customer's message, "sorry for the delay" (our late answer) shows no problem of theirs."""
    _, findings = run(rules_dir, text, "en", channel="chat")
    assert of(findings, "missing_acknowledgement") == []
    # … while a delay the reply reports is still one.
    _, findings = run(rules_dir, "Your order was delayed at the depot, so it will be with you on Monday.", "en",
                      channel="chat")
    assert of(findings, "missing_acknowledgement")


def test_not_what_wed_like_to_hear_acknowledges(rules_dir):
    """"That's not what we'd like to hear" takes the customer's side like "not what we like to hear"."""
    summary, _ = run(rules_dir, "That's definitely not what we'd like to hear. Please DM us your order number.",
                     "en", channel="chat", customer=ANNOYED)
    assert summary["acknowledges"] is True


@pytest.mark.parametrize("reply", [
    "That doesn't sound right. Please send us the receipt so we can refund the extra charge today.",
    "I am not happy to hear this. Could you DM us your order number so I can look at it myself?",
    "We take this very seriously. Please send us a DM with your email address so we can connect today.",
])
def test_taking_the_customers_side_acknowledges(rules_dir, reply):
    """"That doesn't sound right", "I am not happy to hear this", "We take this very seriously"."""
    summary, _ = run(rules_dir, reply, "en", channel="chat", customer=ANNOYED)
    assert summary["acknowledges"] is True, reply


@pytest.mark.parametrize("reply, acknowledges", [
    ("Det må have været rigtig frustrerende. Jeg sender en ny pakke i dag.", True),
    ("Det lyder ikke rigtigt. Send mig kvitteringen, så betaler jeg det ekstra gebyr tilbage i dag.", True),
    ("Det tager vi meget alvorligt. Skriv dit ordrenummer her, så ringer jeg dig op i dag.", True),
    ("Det må være en fejl i systemet. Skriv dit ordrenummer her, så kigger jeg på det i dag.", False),
])
def test_danish_understanding_needs_a_word_of_feeling(rules_dir, reply, acknowledges):
    """"Det må være …" is understanding only with a feeling after it, like the English "it must be …"."""
    summary, _ = run(rules_dir, reply, "da", channel="chat", customer="Min pakke er ikke kommet, og nu har jeg ventet i 3 uger!")
    assert summary["acknowledges"] is acknowledges, reply


@pytest.mark.parametrize("language, reply, customer", [
    ("en", "We appreciate your feedback and thank you for sharing your concerns. Have a nice day.",
     "Just frustrated. I got this card but no real perks, and nobody can tell me why."),
    ("da", "Tak for at dele din feedback. Vi sender den videre til vores team. Hav en god dag.",
     "Jeg er bare frustreret. Jeg fik kortet, men ingen fordele, og ingen kan forklare hvorfor."),
])
def test_stock_thanks_for_feedback_is_no_acknowledgement(rules_dir, language, reply, customer):
    """Issue 14: 'we appreciate your feedback', 'thank you for sharing your concerns' are the stock closer."""
    summary, _ = run(rules_dir, reply, language, channel="email", customer=customer)
    assert summary["acknowledges"] is False


@pytest.mark.parametrize("language, reply, customer", [
    ("en", "Nice costume! Enjoy the burrito tonight.", "Ready for the $3 burrito night in my costume"),
    ("da", "Flot kostume! God fornøjelse med burritoen i aften.", "Klar til burritoaften i mit kostume"),
])
def test_admiring_what_a_calm_customer_showed_acknowledges(rules_dir, language, reply, customer):
    summary, _ = run(rules_dir, reply, language, channel="chat", customer=customer)
    assert summary["acknowledges"] is True


@pytest.mark.parametrize("language, reply, customer", [
    ("en", "That shouldn't be happening. Please tell us more about the order here.", "Went there in costume and didn't get the deal, my order was full price"),
    ("da", "Det burde ikke ske. Skriv gerne mere om ordren her, så kigger vi på den.", "Jeg kom i kostume og fik ikke tilbuddet, min ordre kostede fuld pris"),
])
def test_saying_it_should_not_happen_acknowledges(rules_dir, language, reply, customer):
    summary, _ = run(rules_dir, reply, language, channel="chat", customer=customer)
    assert summary["acknowledges"] is True


# Blind judgement, round 1 (issue 14): the classes a separate judge saw in real replies, in our own words.
@pytest.mark.parametrize("reply", [
    "I'd be a sad panda too. I'm sorry. Please DM us your order number so we can put it right.",
    "I know the feeling. Send us your order number and we'll chase the courier today.",
    "I can't believe that either! Please DM us the order number so we can fix it.",
    "Delays are never fun. Your parcel is out for delivery now and arrives this afternoon.",
    "This is distressing. Send me a DM with your order number so I can see what happened.",
    "This is saddening to hear. Please shoot us a DM so that we can look into it.",
    "That's awful to read. Send us your order number and we'll sort it out today.",
    "😢 I'm so sorry about that. Please DM us the order number so we can sort it out.",
    "Sorry to hear this :( Please DM us the order number and we'll look into it right away.",
])
def test_informal_acknowledgement_counts(rules_dir, reply):
    """Sharing the feeling, a truth about the trouble, a word for how it feels, a sad face beside the apology."""
    summary, findings = run(rules_dir, reply, "en", channel="chat", customer=ANNOYED)
    assert summary["acknowledges"] is True, reply
    assert of(findings, "missing_acknowledgement") == []


@pytest.mark.parametrize("reply", [
    "We see your message and a member of our team will follow up by email soon. We appreciate your patience.",
    "I'm sorry to hear of any frustration. I have answered your DM, please check your messages.",
    "Thanks for reaching out with your concern about the order. We apologize for any inconvenience.",
    "Sorry to hear this. Please DM us the order number and we'll look into it right away.",
])
def test_stock_lines_in_informal_dress_do_not_acknowledge(rules_dir, reply):
    """The message seen, any frustration heard of, a concern thanked for: nothing of the customer's named."""
    summary, _ = run(rules_dir, reply, "en", channel="chat", customer=ANNOYED)
    assert summary["acknowledges"] is False, reply


@pytest.mark.parametrize("customer, reply", [
    ("Movie night sorted thanks to my new projector", "Love seeing that! Enjoy the new setup tonight."),
    ("Looks like the problem is fixed now, the technician was excellent.", "Okay great! Reach out if anything else comes up."),
    ("Free fries today if you show your ticket!!!", "Truth! Thanks so much for the shout out."),
    ("Thinking about burritos all day today", "Welcome to my life. What's your usual order?"),
])
def test_playing_along_with_a_calm_customer_acknowledges(rules_dir, customer, reply):
    summary, _ = run(rules_dir, reply, "en", channel="chat", customer=customer)
    assert summary["acknowledges"] is True, reply


VRED = "Min pakke blev sendt til den forkerte adresse, og ingen har svaret på mine mails. Ikke imponeret."


@pytest.mark.parametrize("reply", [
    "Jeg kender følelsen. Send os dit ordrenummer, så rykker vi fragtfirmaet i dag.",
    "Det kan jeg heller ikke tro! Skriv dit ordrenummer her, så retter vi det.",
    "Forsinkelser er aldrig sjove. Din pakke er ude at køre nu og kommer i eftermiddag.",
    "😢 Det er jeg så ked af. Skriv dit ordrenummer her, så ordner vi det.",
    "Ked af at høre det :( Skriv dit ordrenummer her, så kigger vi på det med det samme.",
])
def test_informal_acknowledgement_counts_da(rules_dir, reply):
    summary, findings = run(rules_dir, reply, "da", channel="chat", customer=VRED)
    assert summary["acknowledges"] is True, reply
    assert of(findings, "missing_acknowledgement") == []


def test_stock_sympathy_without_a_face_still_does_not_acknowledge_da(rules_dir):
    summary, _ = run(rules_dir, "Ked af at høre det. Skriv dit ordrenummer her, så kigger vi på det med det samme.",
                     "da", channel="chat", customer=VRED)
    assert summary["acknowledges"] is False


@pytest.mark.parametrize("language, customer, reply", [
    ("en", "My order still hasn't shipped and the site keeps saying tomorrow 🙄", "I'm sorry for the wait! Let us know if it hasn't arrived by Friday."),
    ("da", "Min ordre er stadig ikke afsendt, og siden siger hele tiden i morgen 🙄", "Beklager ventetiden! Skriv til os, hvis den ikke er kommet fredag."),
])
def test_an_apology_for_the_wait_the_customer_describes_acknowledges(rules_dir, language, customer, reply):
    """To a customer who is waiting, "sorry for the wait" names their situation, not the agent's late reply."""
    summary, _ = run(rules_dir, reply, language, channel="chat", customer=customer)
    assert summary["acknowledges"] is True


def test_an_apology_for_the_wait_names_nothing_when_the_customer_is_not_waiting(rules_dir):
    summary, _ = run(rules_dir, "I'm sorry for the wait! Please DM us your order number and we'll fix it.", "en",
                     channel="chat", customer="The jumper you sent is the wrong size and the sleeves are torn. Not impressed.")
    assert summary["acknowledges"] is False


def test_you_should_not_have_received_it_takes_the_customers_side(rules_dir):
    summary, _ = run(rules_dir, "Sorry about that. You shouldn't have received that email if you're not eligible.", "en",
                     channel="chat", customer="Your ad says I can get the deal but I'm told I'm not allowed. Make up your mind.")
    assert summary["acknowledges"] is True


@pytest.mark.parametrize("reply", ["Det er trist at høre. Skriv gerne dit ordrenummer, så ser vi på det i dag.",
                                   "Hvor ærgerligt at læse. Send os ordrenummeret, så retter vi det."])
def test_a_word_for_how_the_news_feels_acknowledges_in_danish(rules_dir, reply):
    """"Det er trist at høre" says how the news feels: an acknowledgement in the agent's own words."""
    summary, _ = run(rules_dir, reply, "da", channel="chat", customer="Min pakke er stadig ikke kommet, og jeg er træt af det")
    assert summary["acknowledges"] is True, reply


def test_an_apology_for_the_customers_feeling_raises_no_second_finding():
    """'Sorry for the frustration!' meets the feeling with a formula: the stock-sympathy finding says so, not a second one."""
    from klarsvar.analysis.document import Document
    from klarsvar.analysis.empathy import analyze

    message = "Second time this month the driver left my parcel at the wrong door. Not happy."
    apology = Document(text="I'm sorry for the frustration! Please send us your order number so we can look into it.",
                       language="en", channel="chat", customer_message=message)
    plain = Document(text="Please send us your order number so we can look into it and sort it out.",
                     language="en", channel="chat", customer_message=message)
    assert not [f for f in analyze(apology)[1] if f.category == "missing_acknowledgement"]
    assert [f for f in analyze(plain)[1] if f.category == "missing_acknowledgement"]
    da = Document(text="Jeg beklager den frustration, det har givet. Send os dit ordrenummer, så ser vi på det.",
                  language="da", channel="chat", customer_message="Anden gang i denne måned står pakken ved den forkerte dør!")
    assert not [f for f in analyze(da)[1] if f.category == "missing_acknowledgement"]


@pytest.mark.parametrize("reply, language", [
    ("Kære Maria\n\nDu er slet ikke hysterisk – det er helt naturligt at tjekke vejrudsigten hver time, når man har "
     "glædet sig i to år. Hvis det regner, holder vi vielsen i Orangeriet.\n\nMange hilsner\nSofie", "da"),
    ("Kære Annette\n\nDu skal slet ikke undskylde. Det er helt naturligt, at det hele flyder sammen lige nu. Salmerne "
     "bliver trykt i programmet.\n\nVarme hilsner\nKaren", "da"),
    ("Kære Inger\n\nTak for din besked – godt, du er opmærksom på det. Medicinen ligger klar til afhentning fra "
     "torsdag, og recepten gælder stadig.\n\nVenlig hilsen\nMette", "da"),
    ("Dear Maria,\n\nYou're not being silly at all - it's completely natural to worry when you've planned this for two "
     "years. If it rains, the ceremony moves to the Orangery.\n\nBest wishes,\nSofie", "en"),
])
def test_telling_the_customer_the_feeling_is_fair_acknowledges(rules_dir, reply, language):
    """"Det er helt naturligt, at …", "You're not being silly at all" acknowledge (fifth drafts: false alarms)."""
    customer = ("Vi er så bekymrede for regnen, undskyld hvis jeg er hysterisk!" if language == "da"
                else "We're so worried about the rain, sorry if I'm being hysterical!")
    summary, findings = run(rules_dir, reply, language=language, customer=customer)
    assert summary["acknowledges"] is True
    assert not of(findings, "missing_acknowledgement")


@pytest.mark.parametrize("reply, language", [
    ("Hi Maria,\n\nPlease don't apologise for the long message. I'm sorry the date clash has caused such worry. We can "
     "hold both Saturdays for you until Friday.\n\nBest wishes,\nSofie", "en"),
    ("Kære Annette\n\nDu skal slet ikke undskylde. Jeg beklager, at programmet kom sent. Salmerne bliver trykt i "
     "programmet, og jeg sender en korrektur.\n\nVarme hilsner\nKaren", "da"),
])
def test_telling_the_customer_not_to_apologise_is_no_apology(rules_dir, reply, language):
    """"Please don't apologise" beside one apology is no repeated apology (fifth drafts: false alarm)."""
    summary, findings = run(rules_dir, reply, language=language)
    assert summary["apologies"] == 1
    assert not of(findings, "apologies")


def test_a_bereaved_or_ill_customer_is_acknowledged_only_by_sympathy_in_words(rules_dir):
    """Her words said back ("Idas plads … ventetid") are no sympathy for a child's leukaemia (thirteenth drafts)."""
    message = ("Vores datter Ida går til klaver om onsdagen. Hun har lige fået konstateret leukæmi og skal starte kemo, "
               "så hun kan ikke komme i lang tid. Jeg ved ikke, hvad vi skal gøre med hendes plads.")
    facts = ("Kære Christina\n\nIdas plads på klaverholdet onsdag vil blive frigivet. Der er normal ventetid på ca. "
             "6-9 måneder for klaver.\n\nMvh\nBirthe")
    summary, _findings = run(rules_dir, facts, "da", customer=message)
    assert summary["acknowledges"] is False
    kind = facts.replace("Idas plads", "Det må være en rigtig svær tid for jer. Idas plads")
    summary, _findings = run(rules_dir, kind, "da", customer=message)
    assert summary["acknowledges"] is True


@pytest.mark.parametrize("reply, language", [
    ("Vi er glade for at høre, at du er tilfreds med vores arbejde. Fakturaen forfalder den 28. november.", "da"),
    ("We are pleased to hear that you are satisfied with your new carpet. The invoice is due on 28 November.", "en"),
    ("Tak for din mail, det er vi glade for. Fakturaen forfalder den 28. november.", "da"),
])
def test_gladness_at_the_customers_praise_acknowledges_it(rules_dir, reply, language):
    message = {"da": "Ali og hans makker lagde nyt tæppe i går, og det er bare blevet SÅ flot 😄 Tusind tak!",
               "en": "Dean and the lad did an AMAZING job on our stairs yesterday, the finish is perfect! Thank you!"}
    summary, _findings = run(rules_dir, reply, language, customer=message[language])
    assert summary["acknowledges"] is True


def test_two_apologies_to_a_grieving_customer_let_down_are_no_weight():
    """A funeral spray taken to the wrong place: "I am so very sorry. … I am truly sorry for the part we played …" (both
    blind judges of the 116th drafts' findings: the repeated-apologies finding was a false alarm)."""
    from klarsvar.analysis.pipeline import CheckRequest, analyze

    reply = ("I am so very sorry. The spray was taken to the crematorium instead of the church. I am truly sorry for the "
             "part we played in making a hard day harder. I have refunded the full £145 today.")
    grieving = analyze(CheckRequest(text=reply, language="en", customer_message=(
        "My dad's funeral was on Friday and the flowers we chose for his coffin never arrived at the church.")))
    assert not [f for f in grieving.findings if f.rule == "en.empathy.repeated_apologies"]
    calm = analyze(CheckRequest(text=reply, language="en", customer_message="The flowers for the party never arrived."))
    assert [f for f in calm.findings if f.rule == "en.empathy.repeated_apologies"]


@pytest.mark.parametrize("language, customer, reply, wish", [
    ("en", "We lost our daughter at 36 weeks last Tuesday. Please can you cancel my rental order.",
     "Hi Megan,\n\nI'm so sorry for your loss. Your order is cancelled and the full amount is refunded.\n\nHave a great "
     "day!\n\nJess", "Have a great day!"),
    ("da", "Min mand døde den 2. marts. Jeg vil gerne melde ham ud af foreningen.",
     "Kære Inger\n\nJeg er ked af at høre om dit tab. Udmeldelsen er registreret pr. 31. marts.\n\nHav en rigtig god "
     "dag 🙂\n\nPoul", "Hav en rigtig god dag 🙂"),
])
def test_a_cheerful_wish_to_a_bereaved_customer_is_a_finding(rules_dir, language, customer, reply, wish):
    """"Have a great day!" to a customer who has lost someone reads as careless: a standard-answer finding on the whole
    wish, with the empty replacement (both blind judges, 207th drafts: broken)."""
    _, findings = run(rules_dir, reply, language=language, customer=customer)
    (found,) = [f for f in findings if f.rule == f"{language}.empathy.cheerful_wish"]
    assert found.category == "standard_answer" and found.text == wish and found.replacements == ("",)


@pytest.mark.parametrize("language, customer, reply", [
    # Not bereaved: the wish is a friendly close.
    ("en", "My order hasn't arrived yet, can you check it?", "Hi Sam,\n\nIt arrives tomorrow.\n\nHave a great day!\n\nJess"),
    # A wish that says more than the wish is the agent's own sentence.
    ("en", "My father died last week. Please close his account.",
     "Hi Ann,\n\nI'm so sorry for your loss. His account is closed.\n\nHave a great day with your family if you can.\n\nJess"),
    ("da", "Min far døde i sidste uge. Jeg vil gerne opsige hans abonnement.",
     "Hej Ida\n\nJeg er ked af at høre om dit tab. Abonnementet er opsagt.\n\nMed venlig hilsen\nPoul"),
])
def test_no_cheerful_wish_finding_elsewhere(rules_dir, language, customer, reply):
    """Only a wish that is a sentence of its own, and only to a bereaved customer."""
    _, findings = run(rules_dir, reply, language=language, customer=customer)
    assert [f for f in findings if f.rule.endswith(".empathy.cheerful_wish")] == []
