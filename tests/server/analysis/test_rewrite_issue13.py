"""Issue 13's failure classes, one test each: a rewrite an agent can send as-is."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from klarsvar.analysis import CheckRequest, analyze, pipeline
from klarsvar.analysis import rewrite as rewrite_module
from klarsvar.analysis.acknowledgement import acknowledgement_sentence, feeling, mixes_address
from klarsvar.analysis.document import Document
from klarsvar.analysis.findings import Finding, finalize
from klarsvar.analysis.rewrite import _compose, _apply, _change, Edit, rewrite

_ACKNOWLEDGEMENT = re.compile(r"(?i)(?:(?:jeg|vi) kan godt forstå|(?:jeg|vi) forstår godt|(?:jeg|vi) kan forstå|(?:i|we) can see why|(?:i|we) understand|"
                             r"that must be|that must have been|that's not what you expected|"
                             r"det lyder virkelig|det må være)")


def run(text, language="en", message=None, channel="email"):
    """Analyse a draft (grammar off) and return the analysis."""
    return analyze(CheckRequest(text=text, language=language, channel=channel, customer_message=message,
                                grammar=False))


def labelled_draft(filename, prefix):
    """One draft of a labelled set in tests/data (the blind rounds' drafts), by the start of its id."""
    import yaml
    from pathlib import Path
    drafts = yaml.safe_load((Path(__file__).parents[2] / "data" / filename).read_text(encoding="utf-8"))
    return next(d for d in drafts if d["id"].startswith(prefix))


def rewritten_draft(filename, prefix):
    """The rewrite of a labelled draft, with its language, message and channel (the draft itself where none is made)."""
    draft = labelled_draft(filename, prefix)
    result = run(draft["text"], draft["language"], draft.get("message"), channel=draft.get("channel", "email"))
    return result.rewrite["text"] if result.rewrite else draft["text"]


def labelled_findings(filename, prefix):
    """The findings of a labelled draft, with its language, message and channel (grammar off)."""
    draft = labelled_draft(filename, prefix)
    return run(draft["text"], draft["language"], draft.get("message"), channel=draft.get("channel", "email")).findings


def finding(text, phrase, category, replacement, rule="en.test.x"):
    """A finding on `phrase` in `text` with one replacement."""
    start = text.index(phrase)
    return Finding(category, rule, "warning", "m", start, start + len(phrase), phrase, (replacement,))


def checked_rewrite(text, findings, language="en", channel="email", summary=None, message=None):
    """The rewrite with the pipeline's re-check, as the analysis runs it."""
    doc = Document(text=text, language=language, channel=channel, customer_message=message)
    return rewrite(doc, finalize(findings), summary or {"acknowledges": True},
                   recheck=pipeline.recheck_sentences)


def test_stock_apology_is_replaced_as_a_whole_clause():
    text = "Sorry for the inconvenience you've experienced with your purchase. Your new parcel ships on Monday."
    f = finding(text, "Sorry for the inconvenience", "sympathy", "I understand how frustrating this is",
                rule="en.sympathy.test")
    upset = "My parcel is a week late and nobody answers. This is so frustrating!"
    result = checked_rewrite(text, [f], summary={"acknowledges": False}, message=upset)
    first, rest = result["text"].split(". ", 1)
    assert _ACKNOWLEDGEMENT.match(first) and "frustrat" in first, result["text"]
    # The reply's only apology, to a customer let down (a week late, nobody answers), stays as the agent's own.
    assert rest == "I'm sorry about this. Your new parcel ships on Monday."


def test_without_the_customers_message_a_stock_apology_is_not_traded_for_another_stock_line():
    """Their feeling is unknown: "I understand how frustrating this is" would only swap one stock line for
    another and lose the apology (blind judges, replies without a message, 2026-12-03)."""
    text = "Sorry for the inconvenience you've experienced with your purchase. Your new parcel ships on Monday."
    f = finding(text, "Sorry for the inconvenience", "sympathy", "I understand how frustrating this is")
    result = checked_rewrite(text, [f], summary={"acknowledges": False})
    assert result["text"] == text
    assert result["remaining"][0]["reason"] == "needs the agent's judgement"


def test_a_specific_apology_is_kept():
    text = "I'm sorry the courier didn't ring the bell. Your new parcel ships on Monday."
    f = finding(text, "I'm sorry", "sympathy", "I understand how frustrating this is")
    result = checked_rewrite(text, [f], summary={"acknowledges": False})
    assert result["text"] == text
    assert result["remaining"][0]["reason"] == "a specific apology is kept: it is empathy"


def test_a_replacement_that_adds_a_finding_is_refused_and_said():
    text = "Din sag er sendt videre til en kollega, og du hører fra os i morgen."
    f = finding(text, "sendt videre til en kollega", "plain_language", "eskaleret til 2nd level", "da.test.x")
    result = checked_rewrite(text, [f], language="da")
    assert result["text"] == text
    assert result["remaining"] == [{"id": result["remaining"][0]["id"], "category": "plain_language",
                                    "rule": "da.test.x", "reason": "the replacement would not fit this sentence"}]


def test_no_dangling_danish_der_er_passive():
    text = "Vi har bedt vores udviklere om at se på fejlen i dag."
    f = finding(text, "Vi har bedt", "passive", "Der er bedt", "da.test.p")
    assert checked_rewrite(text, [f], language="da")["text"] == text


def test_a_replacement_that_doubles_a_word_is_refused():
    text = "Kindly please proceed with a new booking on our website."
    f = finding(text, "Kindly", "plain_language", "Please")
    assert "Please please" not in checked_rewrite(text, [f])["text"]


def test_chat_replies_get_no_letter_phrases():
    text = "Your parcel is on its way. Please do not hesitate to contact us."
    f = finding(text, "Please do not hesitate to contact us", "standard_answer", "Just reply to this email")
    result = checked_rewrite(text, [f], channel="chat")
    assert "email" not in result["text"]
    assert result["remaining"][0]["reason"] == "the replacement is letter wording, not for a chat"


def test_the_customers_profanity_hashtags_and_clauses_never_reach_the_reply():
    message = "your service SUCKS #fail my phone dies every day @support https://t.co/x1"
    rewritten = run("Please send us a DM with your account number and we will look into it.", message=message,
                    channel="chat").rewrite["text"]
    for word in ("SUCKS", "sucks", "#fail", "dies", "@support", "https://t.co/x1"):
        assert word not in rewritten


def test_a_reply_that_acknowledges_gets_no_second_acknowledgement():
    text = ("Hi Anna,\n\nI understand how frustrating the late parcel is. I have sent a new one today.\n\n"
            "Best,\nJoe")
    result = run(text, message="My parcel is STILL not here!! Anna")
    assert len(_ACKNOWLEDGEMENT.findall(result.rewrite["text"])) == 1


def test_the_acknowledgement_is_a_sentence_of_its_own_after_the_greeting():
    text = "Hi Anna,\n\nyour refund was sent on Friday and should be on your card within five days.\n\nBest,\nJoe"
    rewritten = run(text, message="I'm so frustrated, my refund is still not here. Anna").rewrite["text"]
    assert not re.search(r"[a-z][.!?][A-Za-z]", rewritten)
    assert rewritten.endswith("\n\nBest,\nJoe")
    body = rewritten.split("\n\n")[1]
    assert _ACKNOWLEDGEMENT.match(body) and ". Your refund was sent on Friday" in body


def test_no_acknowledgement_in_a_later_part_of_a_thread():
    text = "Also, could you add the receipt number and the shop you went to? Kind regards - Ann 3/3"
    result = run(text, message="I'm shocked, there was a piece of metal in my sandwich today!!",
                 channel="chat")
    assert not _ACKNOWLEDGEMENT.search(result.rewrite["text"])


def test_a_complaint_is_not_thanked_for_kind_words():
    result = run("That's worrying. Please tell us more here: https://example.com/form -Ann",
                 message="I'm enjoying my lovely pasta salad and I find glass in my food, I'm appalled 😷",
                 channel="chat")
    assert "kind words" not in result.rewrite["text"]


def test_remaining_lists_what_the_rewrite_left_with_a_reason():
    result = run("Hej Jens\n\nVi kan ikke betale pengene tilbage, fordi fristen er overskredet.\n\nMvh\nSara", "da")
    remaining = result.rewrite["remaining"]
    assert remaining and all(set(r) == {"id", "category", "rule", "reason"} and r["reason"] for r in remaining)
    assert {r["id"] for r in remaining} <= {f.id for f in result.findings}


def test_compose_keeps_a_removal_next_to_a_later_replacement():
    original = "One. Sorry. Please be advised that the ticket is open."
    first = [Edit(5, 12, "", "r.remove", kind="remove"), Edit(12, 36, "T", "r.advised")]
    current = _apply(original, first)
    later = [Edit(current.index("The ticket"), current.index("The ticket") + 10, "Your request", "r.ticket")]
    changes = _compose([_change(original, e) for e in first], current, later)
    rebuilt, pos = "", 0
    for c in changes:
        rebuilt += original[pos:c["start"]] + c["replacement"]
        pos = c["end"]
    assert rebuilt + original[pos:] == _apply(current, later) == "One. Your request is open."


def _rebuilt(original, changes):
    """The original with composed changes applied, checking they are ordered and do not overlap."""
    out, pos = "", 0
    for c in changes:
        assert c["start"] >= pos, changes
        out += original[pos:c["start"]] + c["replacement"]
        pos = c["end"]
    return out + original[pos:]


def test_compose_folds_two_later_swaps_inside_one_rewritten_clause():
    """A clause rewritten in one pass and two swaps inside it in the next are one change (159th drafts: the second swap
    came back as a change of its own over the clause, and the changes no longer rebuilt the rewrite)."""
    original = "Hi. We cannot confirm a date until a case handler picks it up within the SLA. Bye."
    clause = "We cannot confirm a date until a case handler picks it up within the SLA."
    first = [Edit(4, 4 + len(clause), "We can confirm a date once a case handler picks it up within the SLA.", "r.cant")]
    current = _apply(original, first)
    later = [Edit(current.index("a case handler"), current.index("a case handler") + 14, "the person", "r.owner"),
             Edit(current.index("SLA"), current.index("SLA") + 3, "target time", "r.sla")]
    changes = _compose([_change(original, e) for e in first], current, later)
    assert len(changes) == 1 and changes[0]["rule"] == "r.cant,r.owner,r.sla"
    assert _rebuilt(original, changes) == _apply(current, later)


@st.composite
def _two_rounds_of_edits(draw):
    """A text, non-overlapping edits on it, and non-overlapping edits on the text they make."""
    original = draw(st.text(alphabet="abc .", min_size=0, max_size=30))

    def edits_on(text):
        cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=6)))
        out, last = [], -1
        for a, b in zip(cuts[::2], cuts[1::2]):
            if a > last:
                out.append(Edit(a, b, draw(st.text(alphabet="XYZ ", max_size=4)), f"r.{len(out)}"))
                last = b
        return out

    first = edits_on(original)
    current = _apply(original, first)
    return original, first, current, edits_on(current)


@settings(max_examples=300, deadline=None)
@given(_two_rounds_of_edits())
def test_composed_changes_rebuild_the_text_of_both_rounds(case):
    """Whatever two rounds of edits do, the changes composed on the original rebuild the final text."""
    original, first, current, later = case
    changes = _compose([_change(original, e) for e in first], current, later)
    assert _rebuilt(original, changes) == _apply(current, later)


@pytest.mark.parametrize("shape", ["blocks", "findings"])
def test_a_50000_character_reply_is_checked_with_rewrite_in_linear_time(shape):
    if shape == "blocks":
        text = ("Hi,\n\nThanks for your message.\n\nBest regards,\nSam\n\n" * 1200)[:50_000]
    else:
        text = ("Your request has been escalated to our Tier 2 team pursuant to our SLA and kindly note that the "
                "RMA will be processed upon receipt of the unit, and " * 400)[:50_000]
    t0 = time.perf_counter()
    result = run(text)
    # Minutes before issue 13; about a second now on a loaded two-core machine.
    assert time.perf_counter() - t0 < 10
    # Made in full (not cut by the time limit), and offered unless it only swaps wording.
    assert result.rewrite is not None or result.rewrite_skipped == "minor_changes"


def test_the_rewrites_easy_bands_are_the_readability_stages():
    from klarsvar.analysis import readability
    from klarsvar.analysis import rewrite as rewrite_module

    assert readability.lix_band(rewrite_module.EASY_LIX) == "easy"
    assert readability.lix_band(rewrite_module.EASY_LIX + 0.01) != "easy"
    assert readability.flesch_band(rewrite_module.EASY_FLESCH) == "easy"
    assert readability.flesch_band(rewrite_module.EASY_FLESCH - 0.01) != "easy"


def test_a_sentence_opening_with_a_subordinate_clause_is_not_split():
    text = ("Hvis du ikke er hjemme, når vi kommer med varen til dig, og din nabo heller ikke kan tage imod "
            "den for dig, tager vi den med tilbage og sender dig en sms om, hvor du kan hente den.")
    assert ". Din nabo heller" not in run(text, "da").rewrite["text"]


def test_no_acknowledgement_before_a_greeting_left_in_the_body():
    text = "Hello please open the form, I need a few more details before I can unlock the phones for you."
    result = run(text, message="Nobody will unlock our phones and now my children have no phones at all!!",
                 channel="chat")
    assert result.rewrite["text"].startswith("Hello")


@pytest.mark.parametrize("text", [
    "The app is a free download you will need to install on your new speaker! You can learn more on our help pages.",
    "I'm sorry we could not call you back today. I'm afraid you'll need to enter your booking details again.",
])
def test_please_is_not_put_in_the_middle_of_a_sentence(text):
    rewritten = run(text, channel="chat").rewrite["text"]
    assert not re.search(r"(?i)(?:download|afraid|speaker) please", rewritten)


def test_a_happy_message_read_as_upset_gets_no_acknowledgement():
    result = run("That makes our day! See you on board again soon.", channel="chat",
                 message="Me too! I'm so excited, and this time I know the trip will be great thanks to you all!!!")
    assert not _ACKNOWLEDGEMENT.search(result.rewrite["text"])


def test_a_replacement_that_drops_a_negation_is_refused():
    text = "There is no ETA for the fix yet, but we will post it on our status page."
    f = finding(text, "no ETA", "internal_language", "a date")
    result = checked_rewrite(text, [f])
    assert result["text"] == text


@pytest.mark.parametrize("text, phrase, replacement", [
    ("Sadly, due to our policy refund rules, we need to talk to the account holder.", "due to our policy", ""),
    ("For further checks please post this in our community forum.", "For further checks",
     "So we can check it"),
])
def test_a_lead_in_or_clause_without_its_comma_is_refused(text, phrase, replacement):
    f = finding(text, phrase, "nominal_style", replacement)
    assert checked_rewrite(text, [f])["text"] == text


# ------------------------------------------------------------------ classes from the blind judgement

def test_calm_customer_keeps_the_apology_instead_of_being_told_it_is_frustrating():
    message = "Hi, quick question: does the app show my order history somewhere? Thanks!"
    text = "Sorry for the inconvenience. You'll find your orders under Account, then History."
    rewritten = run(text, message=message, channel="chat").rewrite["text"]
    assert "frustrat" not in rewritten.lower()
    assert "Sorry" in rewritten


def test_stock_apology_to_an_upset_customer_names_their_feeling():
    message = "This is the THIRD time my parcel is late!!! I'm so fed up with you."
    text = "Sorry for the inconvenience. Your parcel leaves our warehouse today and arrives on Friday."
    rewritten = run(text, message=message).rewrite["text"]
    assert "inconvenience" not in rewritten
    assert _ACKNOWLEDGEMENT.search(rewritten)


@pytest.mark.parametrize("language, reply, message", [
    ("en", "That's not what we like to hear. Your parcel leaves our warehouse today and arrives on Friday, "
           "and we've refunded the shipping.",
     "My parcel is a week late and nobody answers my emails. This is ridiculous!"),
    ("da", "Øv, det er ærgerligt. Din pakke sendes fra lageret i dag og er hos dig på fredag, og vi har "
           "refunderet fragten.",
     "Min pakke er en uge forsinket, og ingen svarer på mine mails. Det er helt uacceptabelt!"),
])
def test_a_reply_that_reacts_in_its_own_words_gets_no_second_acknowledgement(language, reply, message):
    rewritten = run(reply, language=language, message=message).rewrite["text"]
    assert not _ACKNOWLEDGEMENT.search(rewritten), rewritten


def test_a_disappointed_customer_is_not_called_fed_up():
    from klarsvar.analysis.acknowledgement import feeling

    doc = Document(text="Hej Birgitte", language="da",
                   customer_message="Jeg er virkelig skuffet og irriteret. Lampen kom i stykker, og ingen svarer mig!")
    assert doc.customer.emotion in ("frustrated", "disappointed")
    assert feeling(doc) == "disappointed"


def test_a_stock_apology_is_not_taken_for_the_replys_own_reaction():
    message = "Someone ordered things on my account last night. I never made those orders!"
    text = "Hi Simon! I'm sorry to hear this! Please contact our security team today so they can lock your account."
    rewritten = run(text, message=message, channel="chat").rewrite["text"]
    assert re.search(r"(?i)sorry|understand|can see why", rewritten), rewritten


def test_a_chat_reply_that_first_asks_what_happened_gets_no_acknowledgement():
    message = "Today is the day you lost my business for good. Worst airline ever!!!"
    text = "Whoa, what's going on that you're feeling this way towards us? Tell us more and we'll help."
    rewritten = run(text, message=message, channel="chat").rewrite["text"]
    assert not _ACKNOWLEDGEMENT.search(rewritten), rewritten


@pytest.mark.parametrize("apology", ["I'm truly sorry.", "My apologies for that."])
def test_a_plain_apology_of_the_agents_own_stays(apology):
    message = "Your courier left my parcel in the rain AGAIN, the 4th time it's soaked!!! Ridiculous."
    text = f"{apology} Please send us a photo of the parcel and we'll send a new one today."
    rewritten = run(text, message=message).rewrite["text"]
    assert apology in rewritten, rewritten


def test_a_calm_report_of_a_problem_gets_no_filler_acknowledgement():
    # Only a sentence that names the situation, never "Jeg forstår godt, at du gerne vil have en løsning".
    message = "Jeg har ikke fået min faktura for oktober. Kan I sende den igen? Venlig hilsen Lene"
    text = "Hej Lene\n\nVi har sendt fakturaen til lene@example.dk i dag.\n\nMed venlig hilsen\nKundeservice"
    rewritten = run(text, language="da", message=message).rewrite["text"]
    # Signed "Kundeservice" and written as "vi" throughout, the reply says it as "vi" (`in_reply_voice`).
    assert [m.group() for m in _ACKNOWLEDGEMENT.finditer(rewritten)] == ["Vi kan forstå"], rewritten
    assert "Vi kan forstå, at du ikke har fået din faktura. Vi har sendt" in rewritten
    signed = run(text.replace("Kundeservice", "Mette"), language="da", message=message).rewrite["text"]
    assert "Jeg kan forstå, at du ikke har fået din faktura. Vi har sendt" in signed
    calm = run(text, language="da", message="Kan I sende min faktura for oktober igen? Venlig hilsen Lene")
    assert calm.rewrite is None or not _ACKNOWLEDGEMENT.search(calm.rewrite["text"])


def test_a_sincere_formula_apology_after_a_company_failure_stays():
    message = "You promised my order would ship last week and it never did. I'm done, cancelling everything!!!"
    text = "I'm truly sorry for the inconvenience! Your order ships today and arrives on Friday."
    rewritten = run(text, message=message).rewrite["text"]
    assert "I'm truly sorry" in rewritten, rewritten


# ------------------------------------------------------------------ no one-click rewrite for minor swaps

def test_a_rewrite_of_only_a_word_swap_is_not_offered_but_the_card_still_is():
    text = "Hi Sam,\n\nPlease reach out to our billing team and they will sort out the refund for you.\n\nBest,\nAmy"
    # A question that names no situation of a class (`situation_clause`): no acknowledgement is added.
    result = run(text, message="Can you check on my refund? Sam")
    assert result.rewrite is None and result.rewrite_skipped == "minor_changes"
    wire = result.to_dict()
    assert wire["rewrite"] is None and wire["rewrite_skipped"] == "minor_changes"
    assert any(f.replacements[:1] == ("contact",) for f in result.findings)


def test_a_stock_opener_with_nothing_warm_in_its_place_stays():
    """The opening thanks is the only warm word left when no acknowledgement takes its place (fourth drafts): it
    stays, and no rewrite is offered for it."""
    text = "Thanks for reaching out! The refund left us today and should be with you by Friday."
    result = run(text, message="Any news on my refund? Sam", channel="chat")
    assert result.rewrite is None or result.rewrite["text"] == text


@pytest.mark.parametrize("text, message, channel, expected", [
    # An acknowledgement for an upset customer makes the rewrite worth a click; the swap comes along.
    ("Please reach out to our billing team and they will sort out the refund for you.",
     "My refund STILL has not arrived, this is ridiculous!!", "email", "Please contact our billing team"),
    # Stock sympathy made the agent's own beside the customer's feeling.
    ("We apologise for any inconvenience caused. Your ticket has been escalated to our tier 2 team.",
     "Third time I'm asking where my refund is. Useless!", "email", "escalated to our specialist team"),
    # The customer's name for "Dear Customer".
    ("Dear Customer,\n\nYour refund was sent today.\n\nKind regards,\nAmy", "Where is my refund?\n\nSam Hill",
     "email", "Dear Sam,"),
])
def test_a_rewrite_that_meets_the_customer_is_offered(text, message, channel, expected):
    result = run(text, message=message, channel=channel)
    assert result.rewrite_skipped is None and expected in result.rewrite["text"]


@pytest.mark.parametrize("text, message, channel", [
    # More than two swaps, and jargon made plain: blind judges called such rewrites "same" (rewrite.MINOR_EDITS).
    ("Kindly reach out to our billing team prior to Friday in order to get the refund. We will inform you when it "
     "is done.", "Can you check on my refund?", "email"),
    ("Your ticket has been escalated to our tier 2 team, they will look at it today.", "Where is my refund? Sam",
     "chat"),
])
def test_a_rewrite_of_swaps_alone_is_not_offered_but_the_cards_are(text, message, channel):
    result = run(text, message=message, channel=channel)
    assert result.rewrite is None and result.rewrite_skipped == "minor_changes"
    assert [f for f in result.findings if f.replacements]


def test_a_reply_with_nothing_to_rewrite_keeps_its_unchanged_rewrite():
    text = "The refund left us today and should be with you by Friday."
    result = run(text, message="Any news on my refund? Sam", channel="chat")
    assert result.rewrite_skipped is None and result.rewrite["text"] == text and result.rewrite["changes"] == []


def test_the_only_apology_stays_beside_a_reaction():
    # "That's not good." reacts to the customer but apologises for nothing: the reply keeps its "sorry".
    text = ("That's not good. Please return to the airport and file a report with our baggage desk. "
            "I'm sorry for the trouble.")
    result = run(text, message="The zipper on my bag was broken off on my return flight 😥 is there help?",
                 channel="chat")
    assert "I'm sorry for the trouble." in result.rewrite["text"]


def test_an_apology_that_names_the_feeling_stays_as_written():
    # "Sorry for the frustration" already names it; "I understand how frustrating this is" would read the same.
    text = "I'm sorry for the frustration! We can't see your account here, but the tracking page shows if it shipped."
    result = run(text, message="Still no idea if my order has shipped. Useless.", channel="chat")
    assert result.rewrite["text"].startswith("I'm sorry for the frustration!")


@pytest.mark.parametrize("text, language, message, channel", [
    ("We apologise for this. The restaurant has been busy tonight.", "en", "my food arrived cold and an hour late",
     "chat"),
    ("Hej Kasper\n\nVi beklager den opståede situation. Vores tekniske afdeling er informeret.\n\nMvh\nSara", "da",
     "Jeres app crasher hver gang jeg prøver at betale, og jeg har prøvet fem gange nu. Jeg er træt af det!", "email"),
])
def test_an_apology_that_names_nothing_makes_way_for_the_acknowledgement(text, language, message, channel):
    # "We apologise for this.", "Vi beklager den opståede situation.": formulas, like "any inconvenience".
    result = run(text, language, message=message, channel=channel)
    assert _ACKNOWLEDGEMENT.search(result.rewrite["text"])
    assert "apologise for this" not in result.rewrite["text"] and "opståede situation" not in result.rewrite["text"]


def test_a_name_written_with_inner_capitals_keeps_them_when_it_now_starts_a_sentence():
    # The acknowledgement goes before "iOS 11.1 …": "IOS" would be a misspelt product name.
    text = "Hi there! iOS 11.1 was released today with bug fixes. Back up and update: https://example.com/ios"
    result = run(text, message="Since the update my phone keeps glitching and freezing, this is so annoying!",
                 channel="chat")
    assert _ACKNOWLEDGEMENT.search(result.rewrite["text"])
    assert " iOS 11.1" in result.rewrite["text"] and "IOS" not in result.rewrite["text"]


def test_a_stock_sorry_to_hear_stays_as_regret_names_the_situation_or_gives_way_to_anger():
    # To a disappointed customer "Jeg er ked af at høre det." is the agent's regret (a blind judge called trading
    # it for "Jeg kan godt forstå, at du er skuffet" worse): it stays, naming the situation where it has words.
    disappointed = run("Hej Birgitte\n\nJeg er ked af at høre det. Send os et billede af lampen, så sender vi en ny.\n\n"
                       "Venlig hilsen\nMads", "da",
                       message="Jeg er virkelig skuffet. Lampen var en gave til min mor, og den kom i stykker. Hilsen Birgitte")
    assert disappointed.rewrite is not None
    assert "Jeg er ked af at høre, at varen er gået i stykker. Send os" in disappointed.rewrite["text"]
    assert "forstå" not in disappointed.rewrite["text"]
    vague = run("Hej Birgitte\n\nJeg er ked af at høre det. Send os et billede, så kigger vi på det.\n\n"
                "Venlig hilsen\nMads", "da", message="Jeg er virkelig skuffet over jer. Hilsen Birgitte")
    assert vague.rewrite is None or "Jeg er ked af at høre det." in vague.rewrite["text"]
    # Where the situation has words, the regret names it.
    named = run("Hi Emma,\n\nSorry to hear that. Refunds take up to 14 working days from when the parcel arrives.\n\n"
                "Best,\nAmy", message="I returned a jacket but haven't had my money back. Emma")
    assert "I'm sorry to hear your refund hasn't reached you yet. Refunds take" in named.rewrite["text"]
    # A furious customer wants to be understood: the stock line gives way to the acknowledgement.
    angry = run("Hi Neil,\n\nI'm sorry to hear that. Please send photos of the damage so we can assess it.\n\n"
                "Kind regards,\nCustomer Service", message="Your engineer put a big scratch in my new floor. I'm furious. /Neil")
    assert "sorry to hear that" not in angry.rewrite["text"] and _ACKNOWLEDGEMENT.search(angry.rewrite["text"])
    chat = run("I'm sorry to hear that. Can you please let our team know at the link? https://example.com/help",
               message="app order messed up AGAIN. I paid extra for double meat and got a salad. 4th time.",
               channel="chat")
    assert chat.rewrite is None or chat.rewrite["text"].startswith("I'm sorry to hear that.")


def test_an_edit_given_up_for_readability_midway_is_made_when_the_rewrite_ends_without_a_verdict(monkeypatch):
    # Pass 2 gives "The RMA" → "Your return" up to keep Flesch; pass 3 then shortens the reply below the
    # length that has a readability verdict, so the rewrite of the rewrite (no guard) would make that edit.
    from klarsvar.analysis import rewrite as rewrite_module

    monkeypatch.setattr(rewrite_module, "MINOR_CHANGES", 0)
    text = " ".join(["Kindly note that the RMA will be processed upon receipt of the unit."] * 4)
    first = run(text)
    second = run(first.rewrite["text"])
    assert second.rewrite["text"] == first.rewrite["text"]
    assert "RMA" not in first.rewrite["text"]


def test_a_later_pass_is_held_to_the_readability_guard_by_measuring_not_by_the_originals_counts():
    # The estimate starts from the original reply's counts; a third pass edits a rewritten reply already near
    # the easy band's edge, so estimating from the original let Flesch fall to 69.9 (< 70, from 76.5).
    text = " ".join(["Kindly note that the RMA will be processed upon receipt of the unit."] * 6)
    message = "My parcel still hasn't arrived! Best, Maria"
    first = run(text, message=message)
    second = run(first.rewrite["text"], message=message)
    assert first.readability["flesch_reading_ease"] == 76.5
    if second.readability["band"] is not None:
        assert second.readability["flesch_reading_ease"] >= 70.0


# ------------------------------------------------------------------ acknowledgements that name the situation

def test_a_calm_customer_gets_a_sentence_naming_their_situation_and_nothing_generic():
    text = "Hi Emma,\n\nRefunds take up to 14 working days from when we receive the parcel.\n\nBest,\nAmy"
    rewritten = run(text, message="I returned a jacket two weeks ago but haven't had my money back. Emma").rewrite["text"]
    assert rewritten.startswith("Hi Emma,\n\nI understand your refund hasn't reached you yet. Refunds take"), rewritten
    # A calm question that names no situation of a class gets no acknowledgement at all (filler).
    result = run(text, message="How long do refunds take? Emma")
    assert result.rewrite is None or "understand" not in result.rewrite["text"]


def test_a_calm_chat_customer_gets_the_situation_as_one_short_line():
    rewritten = run("Please reset your password with the link on the login page and try again.",
                    message="hi, I can't log in to my account, it keeps saying wrong password",
                    channel="chat").rewrite["text"]
    assert rewritten.startswith("I understand you can't get into your account. Please reset"), rewritten


def test_a_stock_apology_after_the_answer_makes_way_for_an_acknowledgement_that_opens_the_reply():
    message = ("Jeg har betalt for ekspreslevering, men pakken kom først efter fem dage. Det er så irriterende og spild af "
               "penge. Mvh Hussein")
    text = ("Hej Hussein\n\nLeveringstiden er vejledende. Det er ikke muligt at få fragten refunderet. Vi beklager "
            "ulejligheden.\n\nMed venlig hilsen\nKundeservice")
    rewritten = run(text, "da", message=message).rewrite["text"]
    first_line = rewritten.split("\n\n")[1]
    # The closing apology is the only one to a customer let down (five days for express): it stays (sixteenth drafts).
    assert _ACKNOWLEDGEMENT.match(first_line) and first_line.endswith("Vi beklager ulejligheden."), rewritten
    # A frustration never said in words gets no generic line in the apology's place either (291st drafts).
    unsaid = run(text, "da", message=message.replace("Det er så irriterende og spild af penge.", "Det er spild af penge."))
    assert unsaid.rewrite is None or not _ACKNOWLEDGEMENT.match(unsaid.rewrite["text"].split("\n\n")[1])
    # Where the reply apologises already, the stock line only goes.
    chat = run("Sorry to hear about the trouble, Eric! At airports there are only specific pick up zones. We "
               "apologize for the inconvenience.", message="I did this five times to no avail, it keeps defaulting "
               "to the terminal and I missed my ride. So annoying!!", channel="chat").rewrite["text"]
    assert chat == "Sorry to hear about the trouble, Eric! At airports there are only specific pick up zones.", chat


def test_a_chat_reply_that_asks_first_gets_the_situation_not_a_guessed_feeling():
    rewritten = run("Did you receive an email confirming your request? Please check your spam folder as well.",
                    message="How long does account recovery usually take? It's been about a week now.",
                    channel="chat").rewrite["text"]
    assert rewritten.startswith("I understand you've been waiting a long time. Did you receive"), rewritten
    # Without a nameable situation, a chat reply that asks what happened gets nothing before its question.
    asked = run("Whoa, what's going on? Can you send us a screenshot of the error please?",
                message="your app is garbage it keeps failing!!", channel="chat")
    assert asked.rewrite is None or asked.rewrite["text"].startswith("Whoa, what's going on?")


def test_a_first_person_sorry_for_the_trouble_stays():
    # Two blind verdicts called trading "I'm sorry for the trouble!" for a generic acknowledgement worse.
    text = "I'm sorry for the trouble! Please DM us your order number and we'll sort it out."
    result = run(text, message="This is the third time my order is wrong, absolutely furious!!! Fix it", channel="chat")
    assert result.rewrite is None or result.rewrite["text"].startswith("I'm sorry for the trouble!")


def test_escalated_to_a_named_team_is_left_as_written():
    text = ("I'd like to have a member of our team ensure this is escalated to the correct teams for investigation. "
            "Please send us as many details as possible.")
    result = run(text, message="It's now a police matter. You could check the police report.", channel="chat")
    assert result.rewrite is None or "escalated to the correct teams" in result.rewrite["text"]


def test_a_frightening_experience_is_not_called_frustrating():
    rewritten = run("We see your outreach and a member of our team will be following up via email as soon as possible.",
                    message="I had a horrifying experience with the driver: he refused to pick me up and threatened me.",
                    channel="chat").rewrite["text"]
    assert rewritten.startswith("That must have been really frightening."), rewritten
    assert "frustrat" not in rewritten


def test_a_formula_apology_said_with_an_exclamation_mark_stays():
    text = "We apologize for the trouble! Send us a DM with your email address and we'll follow up."
    result = run(text, message="I'm ready to file a complaint over the misleading info and the overcharging!!",
                 channel="chat")
    assert result.rewrite is None or "We apologize for the trouble!" in result.rewrite["text"]


def test_no_acknowledgement_before_the_agents_own_interjection():
    result = run("Hm, we haven't had any reported errors lately. Have you tried accessing your account via a "
                 "different browser?", message="it is down on the my account page again, so annoying 😑😑",
                 channel="chat")
    assert result.rewrite is None or result.rewrite["text"].startswith("Hm, we haven't")


def test_no_acknowledgement_before_an_opening_emoji():
    result = run("😱 We're unaware of any issues. Did you manage to get through to us?",
                 message="I placed an order on Friday and the discount still isn't showing, so annoying!!", channel="chat")
    assert result.rewrite is None or result.rewrite["text"].startswith("😱")


# Round 4 of the blind judgement (both judges): where a line in front breaks or cuts off the reply.
def test_no_line_inside_a_greeting_that_runs_on_with_a_display_name():
    text = "Hi 🎃 Fɍ1sꝀɇNsŦɇƗn 👻, please DM account info including street address so we can look into this.  -Greg"
    result = run(text, message="It needs to be fixed. Permanently. Now.", channel="chat")
    assert result.rewrite is None or result.rewrite["text"].startswith("Hi 🎃 Fɍ1sꝀɇNsŦɇƗn 👻, please DM"), result.rewrite


def test_no_line_before_a_reply_that_answers_the_question():
    text = "We shouldn't — please share this with our team at the link if we've yet to make amends for that serving. -Shawn"
    result = run(text, message="how are you gonna charge me $1.95 for guac when you can't even mash the avocados",
                 channel="chat")
    assert result.rewrite is None or result.rewrite["text"].startswith("We shouldn't —"), result.rewrite


def test_no_seeing_why_before_asking_what_happened():
    text = "Tell us what happened so we can look into what we can do to help. Please don't mention account numbers."
    result = run(text, message="Now i gotta go to the other bank and complain", channel="chat")
    assert result.rewrite is None or result.rewrite["text"].startswith("Tell us what happened"), result.rewrite


@pytest.mark.parametrize("text, language, promise", [
    ("We apologise for the inconvenience. The courier has been very busy. We'll get back to you shortly.", "en",
     "We'll get back to you shortly."),
    ("Vi beklager ulejligheden. Der er travlt hos fragtfirmaet. Vi vender tilbage snarest.", "da",
     "Vi vender tilbage snarest."),
])
def test_the_only_promise_of_a_next_step_stays(text, language, promise):
    """A stock "we'll get back to you" is the reply's only next step: removing it left none (judged broken)."""
    result = analyze(CheckRequest(text=text, language=language, channel="email"))
    rewritten = result.rewrite["text"] if result.rewrite else text
    assert promise in rewritten


def test_without_the_customers_message_a_formula_repeating_the_replys_own_apology_goes():
    text = ("Apologies for your original tweet being missed, Charlie. It was due to more requests than normal. "
            "Sorry for any inconvenience caused. ^NM")
    rewritten = run(text, channel="chat").rewrite["text"]
    assert rewritten == ("Apologies for your original tweet being missed, Charlie. It was due to more requests than "
                         "normal. ^NM")


def test_without_the_customers_message_no_generic_line_takes_the_place_of_a_closing_formula():
    """"I understand you'd like this sorted out." before a policy answer was judged worse by both blind judges."""
    text = "Shipping times are calculated from the date of dispatch. Apologies for the inconvenience. ^TP"
    analysis = run(text, channel="chat")
    assert analysis.rewrite is None or analysis.rewrite["text"] == text
    email = "Hello,\n\nShipping times are calculated from the date of dispatch. Apologies for the inconvenience.\n\nBest,\nTom"
    analysis = run(email)
    assert analysis.rewrite is None or "sorted out" not in analysis.rewrite["text"]


def test_an_apology_for_the_wait_names_the_customers_wait():
    """"Apologies for the wait." to a customer who says how long they waited says what it is sorry about; the apology
    stays an apology. Any other apology, or a wait the customer did not report, is left as written."""
    on_hold = run("Apologies for the wait. What is your enquiry regarding?",
                  message="I've been on hold for 45 minutes so now I'm trying chat. Not impressed.", channel="chat")
    assert on_hold.rewrite["text"] == "I'm sorry to hear you've been kept waiting on hold. What is your enquiry regarding?"
    queue = run("Vi beklager ventetiden. Hvad drejer din henvendelse sig om?", "da",
                message="Jeg har ventet i telefonkø i 45 minutter og nu skriver jeg her i stedet. Det er for dårligt.",
                channel="chat")
    assert queue.rewrite["text"].startswith("Jeg er ked af at høre, at du har ventet længe i telefonkøen. ")
    # No wait in the customer's words: the apology for the wait is the agent's own late answer, and stays.
    late = run("Apologies for the wait. What is your enquiry regarding?",
               message="My parcel arrived damaged. Not impressed.", channel="chat")
    assert late.rewrite is None or late.rewrite["text"].startswith("Apologies for the wait.")


@settings(max_examples=300, deadline=None)
@given(st.floats(35, 60), st.floats(35, 60), st.floats(35, 60), st.booleans())
def test_the_guards_room_does_not_drift(first, second, third, danish):
    """What the guard lets the rewrite of a rewrite do, it let the first rewrite do (the rewrite is idempotent):
    the room is a fixed cell of the band, not a distance from the reply's own value (fourth drafts: 47.0 allowed
    48.0, and the rewrite's 47.1 then allowed 48.1)."""
    from klarsvar.analysis.readability import flesch_band, lix_band
    from klarsvar.analysis.rewrite import _Guard

    def guard(value):
        return _Guard(lix=value, band=lix_band(value)) if danish else _Guard(flesch=value + 20, band=flesch_band(value + 20))

    def measured(value):
        return {"lix": value, "band": lix_band(value)} if danish else \
            {"flesch_reading_ease": value + 20, "band": flesch_band(value + 20)}

    if guard(first).holds(measured(second)) and guard(second).holds(measured(third)):
        assert guard(first).holds(measured(third))


def test_the_guard_reads_the_band_at_an_edge():
    """The summary rounds: 69.96 shows as 70.0 but is "medium" where the reply was "easy" at 70.5 (tenth drafts)."""
    from klarsvar.analysis.rewrite import _Guard

    assert not _Guard(flesch=70.5, band="easy").holds({"flesch_reading_ease": 70.0, "band": "medium"})
    assert _Guard(flesch=70.5, band="easy").holds({"flesch_reading_ease": 70.2, "band": "easy"})
    assert not _Guard(lix=44.9, band="medium").holds({"lix": 45.0, "band": "difficult"})


@pytest.mark.parametrize("text, kept", [
    ("Under the regulation, where a sailing is cancelled passengers are entitled to re-routing or a refund, and to "
     "assistance including accommodation where a stay of one or more nights becomes necessary.", ", and to assistance"),
    ("I've put a free provisional hold on both Saturdays under booking AB-0614-PH until Friday 28 February, so you "
     "have time to talk things over with the family and wait for the dates without worrying.", ", so you have time"),
])
def test_a_long_sentence_is_not_split_into_a_fragment(text, kept):
    """", and to assistance …" continues a phrase, ", so you have time" is "so that": neither starts a sentence
    (fifth drafts: "To assistance including …" and "So you have time …" were broken or worse)."""
    result = run(text, message="My ferry was cancelled and I had to pay for a hotel. What can I claim?")
    assert kept in (result.rewrite["text"] if result.rewrite else text)


def test_a_split_alone_is_not_offered():
    """Splitting one long sentence of an already warm reply is no rewrite worth a click (sixth drafts: "same" twice)."""
    text = ("Hi Sam, thanks so much for the lovely note about the prints! We still have your original file from order "
            "#PL-60934, so we can reprint the aurora photo and ship it framed and ready to hang, and you get to keep "
            "the print you already have as well.")
    result = run(text, message="The prints are amazing, thank you! Could I get the aurora one framed?")
    assert result.rewrite is None or result.rewrite["text"] == text


def test_a_stock_apology_sharing_its_subject_with_the_next_verb_stays():
    """"We apologize for any inconvenience … and look forward to welcoming you" → "Look forward to welcoming you"
    lost its subject (seventh drafts, broken with both judges): the clause is left to the agent."""
    text = ("Dear Ms Park,\n\nThe upgrade fee of $349.00 will be refunded within 7 business days. We apologize for any "
            "inconvenience this may have caused and look forward to welcoming you on board again soon.\n\nKind regards,\nJo")
    result = run(text, message="I paid $349 for an upgrade and was put back in economy!! Unacceptable.")
    rewritten = result.rewrite["text"] if result.rewrite else text
    assert "\nLook forward" not in rewritten and ". Look forward" not in rewritten


def test_a_passive_swap_is_refused_when_a_second_verb_follows_a_few_words_on():
    """"Your comments have been logged against job ref SC-19284 and forwarded to …" (seventh drafts, broken)."""
    text = ("Hi Sam,\n\nYour comments have been logged against job ref SC-19284 and forwarded to the Operations "
            "Manager. We look forward to seeing you next month.\n\nBest,\nAnn")
    result = run(text, message="Maria and Tom were brilliant, thank you so much!")
    rewritten = result.rewrite["text"] if result.rewrite else text
    assert "feedback on to our team against" not in rewritten


@pytest.mark.parametrize("text, message, language, owned", [
    ("Hej Jonas\n\nVi beklager de gener, dette måtte have medført. Der er registreret fejl på ladepunktet den 28.10, og "
     "beløbet på 312 kr. er sat til refusion. Pengene står på din konto inden for 3-7 bankdage.\n\nMvh\nLine",
     "Jeres lader virker IKKE. Bilen ladede 0 kWh og nu har I trukket 312 kr på mit kort!!! Det er for dårligt.",
     "da", "Jeg beklager, at det er sket."),
])
def test_the_only_apology_to_a_customer_let_down_is_kept_in_own_words(text, message, language, owned):
    """A stock apology that was the reply's only one, to a customer upset about a problem, gives way to the
    acknowledgement and a short apology in the agent's words (fifth to seventh drafts: worse three times); after a line
    that names only the feeling ("at du er utilfreds") it apologises for what happened, not for the feeling."""
    result = run(text, language, message=message)
    assert result.rewrite is not None and owned in result.rewrite["text"]
    assert "gener, dette måtte" not in result.rewrite["text"]


def test_a_word_two_swaps_each_bring_is_refused():
    """"p.t. i restordre" gave "lige nu ikke på lager lige nu" (both blind judges, twelfth drafts)."""
    from klarsvar.analysis.rewrite import _new_faults
    assert _new_faults("da", "Blazeren er p.t. i restordre.", "Blazeren er lige nu ikke på lager lige nu.")
    assert _new_faults("da", "på førstkommende møde, næste gang", "på næste møde, næste gang")
    assert _new_faults("da", "på næste møde, næste gang", "på næste møde, næste gang") == []
    assert _new_faults("en", "Your order.", "Your order and your refund.") == []


def test_an_acknowledgement_goes_after_a_salutation_of_the_name_alone():
    text = ("Dean,\n\nI've checked INV-20931. The off-hire wasn't logged with us until 24 March, so the invoice is "
            "correct.\n\nRegards,\n\nLee Marsh\nHire Desk")
    result = run(text, "en", "Your lads didn't turn up for 9 DAYS so dont even think about charging me. This is "
                             "ridiculous. Sort it!!")
    assert result.rewrite["text"].startswith("Dean,\n\n") and result.rewrite["text"] != text


@pytest.mark.parametrize("language, word, suggestion, applied", [
    ("da", "desvære", "desværre", True),        # a letter missing
    ("da", "forsinkelsne", "forsinkelsen", True),  # two letters turned round
    ("da", "falmning", "filmning", False),      # a letter swapped: the dictionary may lack the word
    ("da", "notarialiseres", "notarealiseres", False),
    ("en", "recieve", "receive", True),
    ("en", "adress", "address", True),
])
def test_which_spelling_suggestions_the_rewrite_applies(language, word, suggestion, applied):
    """A Danish letter swapped for another stays on the card (twelfth and thirteenth drafts)."""
    from klarsvar.analysis.rewrite import _confident_spelling
    text = f"Det er {word} her."
    start = text.index(word)
    f = Finding("spelling", f"{language}.spelling.unknown_word", "warning", "m", start, start + len(word), word,
                (suggestion,))
    assert _confident_spelling(text, f) is applied


def test_two_stock_apologies_leave_one_owned_apology_to_a_customer_let_down():
    """Both "Vi beklager …" went, the reply had none left for a customer stood up by the fitter (fourteenth drafts)."""
    draft = labelled_draft("rewrite_da_drafts_14.yaml", "da14-07")
    assert draft["text"].count("beklager") == 2
    rewritten = run(draft["text"], "da", draft["message"]).rewrite["text"]
    assert rewritten.count("beklager") == 1 and "beklager igen" not in rewritten


def test_a_formal_reply_keeps_de_where_a_sentence_opens_with_it():
    """"De har mulighed for at klage" stayed beside "din anmeldelse" (both blind judges, fourteenth drafts)."""
    text = ("Kære Sara Møller\n\nTak for Deres henvendelse vedr. skadesnr. 2024-88412.\n\nVi har gennemgået Deres "
            "anmodning om revurdering. Da telefonen ifølge Deres anmeldelse er tabt i vandet, er skaden ikke dækket.\n\n"
            "De har mulighed for at klage til vores klageansvarlige senest 4 uger fra dags dato.\n\n"
            "Med venlig hilsen\nKim")
    message = "Jeg har betalt HVER måned og NU får jeg afslag??? Det er jo til grin."
    result = run(text, "da", message)
    rewritten = result.rewrite["text"] if result.rewrite else text
    informal = re.search(r"(?<![^\W\d_])(?:du|dig|din|dit|dine)(?![^\W\d_])", rewritten)
    assert not (informal and "De har mulighed" in rewritten)


def test_a_closing_stock_apology_that_is_the_only_one_stays_as_written():
    """"SLA'en anses altså for overholdt. Det beklager jeg." apologised for the SLA being met (fifteenth drafts)."""
    draft = labelled_draft("rewrite_da_drafts_15.yaml", "da15-10")
    rewritten = run(draft["text"], "da", draft["message"]).rewrite["text"]
    assert "Det beklager jeg." not in rewritten and "beklager" in rewritten


def test_the_owned_apology_follows_an_acknowledgement_that_took_a_stock_apologys_place():
    """A chat reply to a customer stood up for the third time lost its only apology (sixteenth drafts)."""
    draft = labelled_draft("rewrite_da_drafts_16.yaml", "da16-09")
    rewritten = run(draft["text"], "da", draft["message"], channel=draft["channel"]).rewrite["text"]
    assert "beklager" in rewritten


def test_thanks_and_praise_with_a_story_of_what_was_wrong_are_no_frustration():
    """"the little drawer that's been stuck since the 80s opens!! You're a genius" got "I understand why you're
    frustrated about your insurer" (both blind judges, seventeenth drafts)."""
    draft = labelled_draft("rewrite_en_drafts_17.yaml", "en17-09")
    doc = Document(text=draft["text"], language="en", customer_message=draft["message"])
    assert doc.customer.emotion not in ("frustrated", "angry")
    result = run(draft["text"], "en", draft["message"])
    assert doc.customer.emotion == "happy"
    assert "frustrat" not in (result.rewrite["text"] if result.rewrite else "")
    suggested = [f.replacements[0] for f in result.findings if f.category == "missing_acknowledgement"]
    assert suggested and all("kind words" in s for s in suggested)


@pytest.mark.parametrize("language, prefix", [("da", "da17-17"), ("en", "en17-15")])
def test_fear_for_a_childs_safety_is_worry(language, prefix):
    """"er det farligt for hende??" and "it nearly tipped over with my 10 month old in it … Is it safe to use??" were
    answered "Det lyder virkelig frustrerende" / nothing (both blind judges, seventeenth drafts)."""
    draft = labelled_draft(f"rewrite_{language}_drafts_17.yaml", prefix)
    doc = Document(text=draft["text"], language=language, channel=draft["channel"], customer_message=draft["message"])
    assert doc.customer.emotion == "worried"
    rewritten = run(draft["text"], language, draft["message"], channel=draft["channel"]).rewrite["text"]
    assert re.search(r"(?i)bekymr|worr", rewritten) and "frustr" not in rewritten


def test_fed_up_said_with_godt_is_acknowledged_beside_an_explained_delay():
    """"Jeg er ærligt talt ved at være godt træt af jer" summed positive, and "Forsinkelsen skyldes …" counted as
    acknowledgement: the only friendly line went and nothing came instead (both blind judges, seventeenth drafts)."""
    draft = labelled_draft("rewrite_da_drafts_17.yaml", "da17-01")
    doc = Document(text=draft["text"], language="da", customer_message=draft["message"])
    assert doc.customer.sentiment < 0
    result = run(draft["text"], "da", draft["message"])
    assert result.empathy["acknowledges"] is False
    assert re.search(r"(?i)jeg forstår godt|det lyder|det må være", result.rewrite["text"])


def test_a_customer_who_plays_it_down_is_not_told_it_must_be_a_disappointment():
    """"Det er ikke nogen katastrofe, men det ville være ærgerligt …" got "Det må være en skuffelse", and a swap made
    two sentences in a row open "Bemærk, at" (both blind judges, seventeenth drafts)."""
    draft = labelled_draft("rewrite_da_drafts_17.yaml", "da17-20")
    result = run(draft["text"], "da", draft["message"])
    rewritten = result.rewrite["text"] if result.rewrite else draft["text"]
    assert "skuffelse" not in rewritten
    assert not re.search(r"Bemærk, at [^.]*\. Bemærk, at", rewritten)


def test_a_swap_never_opens_a_sentence_with_the_word_the_sentence_before_opens_with():
    text = ("Hej Bodil\n\nBemærk, at brikkerne kommer fra Tyskland, og at leveringstiden er 4-6 uger. Vi gør opmærksom "
            "på, at vi ikke kan garantere, at brikken kan leveres.\n\nMed venlig hilsen\nKundeservice")
    result = run(text, "da")
    rewritten = result.rewrite["text"] if result.rewrite else text
    assert "uger. Bemærk" not in rewritten
    assert [f for f in result.findings if f.rule == "da.plain_language.goer_opmaerksom_paa_kort"]


def test_a_how_to_question_with_what_should_i_do_is_calm():
    """"What should I do with it over the winter?" read as worry and asked for an acknowledgement (both blind judges,
    seventeenth drafts: a false alarm)."""
    draft = labelled_draft("rewrite_en_drafts_17.yaml", "en17-08")
    doc = Document(text=draft["text"], language="en", customer_message=draft["message"])
    assert doc.customer.emotion == "neutral"
    assert Document(text="x", language="en", customer_message="It's gone! What do I do??").customer.emotion == "worried"
    assert Document(text="x", language="da", customer_message="Hvad skal jeg gøre med den om vinteren?"
                    ).customer.emotion == "neutral"


@pytest.mark.parametrize("prefix", ["en18-01", "en18-16"])
def test_the_only_apology_to_a_customer_let_down_stays_beside_the_rules_replacement(prefix):
    """"We apologise for any inconvenience caused." became "I understand how frustrating this is" alone, to a father
    left waiting for dialysis a third time and to a customer chasing a repair for three weeks (both blind judges,
    eighteenth drafts: worse)."""
    draft = labelled_draft("rewrite_en_drafts_18.yaml", prefix)
    rewritten = run(draft["text"], "en", draft["message"]).rewrite["text"]
    assert re.search(r"(?i)\b(?:sorry|apologi[sz]e)\b", rewritten)


@pytest.mark.parametrize("language, prefix", [("en", "en18-04"), ("da", "da18-04")])
def test_a_scare_over_what_a_child_ate_is_worry(language, prefix):
    """A milk allergy ("What if my husband had fed her") and sesame for a baby with eczema were "frustrating" (both
    blind judges, eighteenth drafts)."""
    draft = labelled_draft(f"rewrite_{language}_drafts_18.yaml", prefix)
    assert Document(text=draft["text"], language=language, customer_message=draft["message"]).customer.emotion == "worried"
    rewritten = run(draft["text"], language, draft["message"]).rewrite["text"]
    assert "frustr" not in rewritten


def test_a_calm_question_with_a_date_to_make_is_no_worry():
    """"Kan det nås inden jul, og hvad koster det cirka?" got "Jeg kan godt forstå, at du er urolig" (both blind
    judges, eighteenth drafts); beside a problem the date is still worry."""
    draft = labelled_draft("rewrite_da_drafts_18.yaml", "da18-20")
    result = run(draft["text"], "da", draft["message"])
    assert not [f for f in result.findings if f.category == "missing_acknowledgement"]
    assert Document(text="x", language="da", customer_message="Pakken er ikke kommet, og den skal bruges inden fredag."
                    ).customer.emotion == "worried"


def test_a_death_long_ago_is_no_fresh_loss():
    """"Poul døde for 20 år siden" got "Jeg er ked af at høre om Deres tab" above her worry about the money (both blind
    judges, eighteenth drafts)."""
    draft = labelled_draft("rewrite_da_drafts_18.yaml", "da18-13")
    doc = Document(text=draft["text"], language="da", customer_message=draft["message"])
    assert not doc.customer.life_event
    rewritten = run(draft["text"], "da", draft["message"]).rewrite["text"]
    assert "tab" not in rewritten.split("\n\n")[1] and "personlig henvendelse" in rewritten
    assert Document(text="x", language="en", customer_message="My husband passed away last week.").customer.life_event


def test_a_letter_to_two_people_keeps_deres_and_thanks_once():
    """"Kære Mette og Jens": "Deres" became "din", "Event & Partner-teamet" became "Event & en kollega", and the reply
    opened "Tak for de søde ord. Tak for din besked …" (broken with both blind judges, eighteenth drafts)."""
    draft = labelled_draft("rewrite_da_drafts_18.yaml", "da18-07")
    rewritten = run(draft["text"], "da", draft["message"]).rewrite["text"]
    assert not re.search(r"(?<![^\W\d_])(?:din|dit|dine)(?![^\W\d_])", rewritten)
    assert "Event & Partner-teamet" in rewritten
    assert not re.search(r"Tak for [^.]*\. Tak for", rewritten)


def test_a_fear_told_as_the_past_of_a_thank_you_is_no_worry():
    """"she was sooo nervous beforehand … She is over the moon 🎉🎉" read as worry (eighteenth drafts)."""
    draft = labelled_draft("rewrite_en_drafts_18.yaml", "en18-10")
    assert Document(text=draft["text"], language="en", customer_message=draft["message"]).customer.emotion == "happy"


@pytest.mark.parametrize("prefix, wrong", [("da19-14", "profil"), ("da19-20", "elmåler"), ("da19-09", "telefon")])
def test_annoyance_is_named_with_a_topic_only_from_the_sentence_that_says_what_went_wrong(prefix, wrong):
    """"frustrerende med jeres profil" (another child's photo on it), "med din elmåler" (a fitter who came without
    calling), "med din telefon" (a trade-in offer cut): both blind judges, nineteenth drafts, same or broken."""
    draft = labelled_draft("rewrite_da_drafts_19.yaml", prefix)
    doc = Document(text=draft["text"], language="da", customer_message=draft["message"])
    sentence = acknowledgement_sentence(doc)
    assert wrong not in sentence and "frustrerende" in sentence
    # A topic the message names where it says what went wrong stays.
    uldtroeje = labelled_draft("rewrite_da_drafts_17.yaml", "da17-16")
    assert "uldtrøje" in acknowledgement_sentence(
        Document(text=uldtroeje["text"], language="da", customer_message=uldtroeje["message"]))


def test_an_acronym_spelled_out_in_brackets_just_after_it_is_no_internal_language():
    """"restricted to FLEA perils (Fire, Lightning, Explosion and Aircraft)" (both blind judges, nineteenth drafts)."""
    text = "Hi Sam,\n\nCover is restricted to FLEA perils (Fire, Lightning, Explosion and Aircraft) only.\n\nThanks"
    assert not [f for f in run(text).findings if f.text == "FLEA"]
    assert [f for f in run("Hi Sam,\n\nCover is restricted to FLEA perils only.\n\nThanks").findings if f.text == "FLEA"]


def test_a_thank_you_to_a_named_teacher_with_a_fear_overcome_is_no_worry():
    """"a massive thank you to Tom … She was so nervous beforehand but she did it … Tom has been so patient" got "That
    must be worrying" (twentieth drafts)."""
    draft = labelled_draft("rewrite_en_drafts_20.yaml", "en20-04")
    result = run(draft["text"], "en", draft["message"])
    assert Document(text=draft["text"], language="en", customer_message=draft["message"]).customer.emotion == "happy"
    assert "worr" not in (result.rewrite["text"] if result.rewrite else "")


def test_a_letter_threatening_debt_collection_is_no_shock():
    """"a letter threatening debt collection" made an angry customer "really frightened" (twentieth drafts)."""
    draft = labelled_draft("rewrite_en_drafts_20.yaml", "en20-09")
    rewritten = run(draft["text"], "en", draft["message"]).rewrite["text"]
    assert "frighten" not in rewritten
    from klarsvar.analysis.acknowledgement import feeling
    threatened = Document(text="x", language="en", customer_message="A man threatened me with a knife outside your shop.")
    assert feeling(threatened) == "shaken"


def test_a_delivery_that_did_not_come_is_no_missed_appointment():
    """"NOBODY came" about a delivery became "nobody turned up for your appointment" beside a reply saying the driver
    tried (both blind judges, twenty-first drafts: broken)."""
    draft = labelled_draft("rewrite_en_drafts_21.yaml", "en21-14")
    rewritten = run(draft["text"], "en", draft["message"]).rewrite["text"]
    assert "appointment" not in rewritten and "your delivery didn't arrive" in rewritten


def test_please_be_advised_before_and_that_stays_when_an_abbreviation_sits_between():
    """"Please be advised that our TAT is … (PDF or JPG, min. 300 dpi) …, and that an expedited service is available":
    dropping the frame left "and that" dangling (both blind judges, twenty-first drafts: broken)."""
    draft = labelled_draft("rewrite_en_drafts_21.yaml", "en21-12")
    rewritten = run(draft["text"], "en", draft["message"]).rewrite["text"]
    assert "Please be advised that our standard TAT" in rewritten


def test_a_feeling_said_of_someone_else_is_not_the_customers():
    """"Hun er rigtig ked af det … Jeg er også lidt bekymret": the daughter is sad, the mother worried; "du er ked af
    det" misread her (both blind judges, twenty-first drafts: worse)."""
    draft = labelled_draft("rewrite_da_drafts_21.yaml", "da21-08")
    rewritten = run(draft["text"], "da", draft["message"]).rewrite["text"]
    assert "ked af det" not in rewritten.split("\n\n")[1] and "urolig" in rewritten


def test_a_customer_writing_for_the_third_time_is_acknowledged_with_the_feeling():
    """"Det her er 3. gang jeg skriver til jer. SVAR mig nu.": the acknowledgement named no feeling and the apology
    went (both blind judges, twenty-first drafts: worse)."""
    draft = labelled_draft("rewrite_da_drafts_21.yaml", "da21-05")
    rewritten = run(draft["text"], "da", draft["message"]).rewrite["text"]
    assert "frustrerende, at De har måttet kontakte os flere gange" in rewritten
    assert "beklager" in rewritten


def test_annoyance_is_named_with_what_its_sentence_names_first():
    """"HVORDAN kan min regning være på 1.487 kr når mit abonnement koster 129 kr": "frustrerende med dit abonnement"
    named the contrast (both blind judges, twenty-first drafts)."""
    draft = labelled_draft("rewrite_da_drafts_21.yaml", "da21-10")
    # The frustration is read from the capitals alone: no generic line goes in since the 276th–282nd drafts.
    result = run(draft["text"], "da", draft["message"])
    rewritten = result.rewrite["text"] if result.rewrite else draft["text"]
    assert "frustrerende med dit abonnement" not in rewritten


def test_a_band_name_in_the_sign_off_is_no_accusation(offer_every_rewrite):
    """"Cheers, Sam (The Lantern Thieves)": "Thieves" read as anger, and a calm customer got "I understand how
    frustrating this is" (both blind judges, twenty-second drafts)."""
    draft = labelled_draft("rewrite_en_drafts_22.yaml", "en22-05")
    assert Document(text=draft["text"], language="en", customer_message=draft["message"]).customer.emotion == "neutral"
    assert "frustrat" not in run(draft["text"], "en", draft["message"]).rewrite["text"]


def test_a_near_miss_for_a_pet_is_frightening_not_frustrating():
    """"my husky was out on the road … She could have been killed" got "I can see why this is frustrating" (both blind
    judges, twenty-second drafts)."""
    draft = labelled_draft("rewrite_en_drafts_22.yaml", "en22-03")
    rewritten = run(draft["text"], "en", draft["message"]).rewrite["text"]
    assert "frustrating" not in rewritten and "frightening" in rewritten


def test_not_a_silly_question_acknowledges_the_customer():
    """"Not a silly question at all, glad you got in touch" answered a worried parent; a second acknowledgement was
    added and the finding raised (both blind judges, twenty-second drafts)."""
    draft = labelled_draft("rewrite_en_drafts_22.yaml", "en22-02")
    result = run(draft["text"], "en", draft["message"])
    assert not [f for f in result.findings if f.category == "missing_acknowledgement"]
    assert not result.rewrite or "worry" not in result.rewrite["text"]


def test_a_wedding_date_in_a_calm_question_is_planning_not_worry():
    """"smoking til mit bryllup d. 10. august … Kan jeg nå at få en mindre størrelse?" got "du er urolig" (both blind
    judges, twenty-second drafts: worse)."""
    draft = labelled_draft("rewrite_da_drafts_22.yaml", "da22-15")
    assert Document(text=draft["text"], language="da", customer_message=draft["message"]).customer.emotion == "neutral"
    worried = Document(text="x", language="da",
                       customer_message="Pakken er ikke kommet, og mit bryllup er på lørdag. Hvad gør jeg?")
    assert worried.customer.emotion == "worried"


def test_a_sentence_adverb_after_a_hidden_refund_keeps_the_wording():
    """"Refusion sker kun via formularen" became "Vi betaler pengene tilbage kun via formularen" (both blind judges,
    twenty-second drafts)."""
    draft = labelled_draft("rewrite_da_drafts_22.yaml", "da22-13")
    rewritten = run(draft["text"], "da", draft["message"], channel="chat").rewrite["text"]
    assert "tilbage kun" not in rewritten


def test_a_plea_for_reassurance_is_worry_not_frustration():
    """"please tell me this is actually booked??" / "Er vi sikre på at I kommer??" got "frustrating" (both blind judges,
    twenty-third drafts)."""
    en = labelled_draft("rewrite_en_drafts_23.yaml", "en23-18")
    rewritten = run(en["text"], "en", en["message"], channel="chat").rewrite["text"]
    assert "frustrat" not in rewritten and "concerned" in rewritten
    da = labelled_draft("rewrite_da_drafts_23.yaml", "da23-18")
    rewritten = run(da["text"], "da", da["message"], channel="chat").rewrite["text"]
    assert "frustrerende" not in rewritten and "urolig" in rewritten


def test_efterfoelgende_before_a_noun_and_a_queue_for_something_keep_their_wording(offer_every_rewrite):
    """"og at efterfølgende fordeling" → "bagefter fordeling" (broken) and "står i kø til fejlsøgning" → "venter på, at
    vi når til den til fejlsøgning" (both blind judges, twenty-third drafts)."""
    catalogue = labelled_draft("rewrite_da_drafts_23.yaml", "da23-02")
    assert "bagefter fordeling" not in run(catalogue["text"], "da", catalogue["message"]).rewrite["text"]
    drone = labelled_draft("rewrite_da_drafts_23.yaml", "da23-16")
    result = run(drone["text"], "da", drone["message"], channel="chat")
    assert not result.rewrite or "når til den til" not in result.rewrite["text"]


def test_thanks_for_all_the_detail_reacts_to_the_customer():
    """"Thanks for all the detail, that really helps" to a calm customer describing a fault: no missing acknowledgement
    (both blind judges, twenty-third drafts: a false alarm); a bare "Thanks for the details" is no reaction."""
    kiln = labelled_draft("rewrite_en_drafts_23.yaml", "en23-10")
    assert not [f for f in run(kiln["text"], "en", kiln["message"]).findings if f.category == "missing_acknowledgement"]
    bare = run("Hi Linda,\n\nThanks for the details. We will look at it.", "en", kiln["message"])
    assert [f for f in bare.findings if f.category == "missing_acknowledgement"]


def test_twenty_fourth_drafts_broken_rewrites_stay_whole():
    """"the sheet you were sent on 26/02" → "we have sent you on 26/02"; "…, and is addressed within Section 7.3" →
    "Is addressed …"; "idet vi dog" → "fordi vi dog"; "fugerens" → "fugernes" (both blind judges, twenty-fourth drafts:
    broken)."""
    assert "we have sent you on" not in rewritten_draft("rewrite_en_drafts_24.yaml", "en24-03")
    assert "Is addressed" not in rewritten_draft("rewrite_en_drafts_24.yaml", "en24-04")
    assert "fordi vi dog" not in rewritten_draft("rewrite_da_drafts_24.yaml", "da24-18")


def test_an_apology_stays_for_a_customer_who_says_nobody_apologised_or_a_worried_one_the_company_let_down():
    """"Nobody even said sorry properly" and "a crack … since your team started work … is it safe??": the reply's only
    apology went (both blind judges, twenty-fourth drafts: worse)."""
    party = labelled_draft("rewrite_en_drafts_24.yaml", "en24-20")
    rewritten = run(party["text"], "en", party["message"]).rewrite["text"]
    assert "sorry" in rewritten.lower() or "apologise" in rewritten.lower()
    loft = labelled_draft("rewrite_en_drafts_24.yaml", "en24-04")
    rewritten = run(loft["text"], "en", loft["message"]).rewrite["text"]
    assert "apologise" in rewritten and "frustrat" not in rewritten and "concerned" in rewritten


def test_an_apology_said_again_later_keeps_the_first_and_no_comma_splice():
    """"Tak for din henvendelse, og vi beklager de gener …" then "Vi beklager endnu engang": the first went and the
    acknowledgement was spliced on with a comma (both blind judges, twenty-fourth drafts)."""
    course = labelled_draft("rewrite_da_drafts_24.yaml", "da24-09")
    result = run(course["text"], "da", course["message"])
    rewritten = result.rewrite["text"] if result.rewrite else course["text"]
    assert "henvendelse, det må" not in rewritten and "beklager de gener" in rewritten


def test_twenty_fifth_drafts_condolence_worry_and_as_of_today():
    """"Vi beklager Deres tab" is a condolence (a second was added: broken); "larver igen :( … lidt bekymret … Er det
    farligt??" is worry, not "svært"; "pr. dags dato" → "lige nu" doubled a "nu" (both blind judges, twenty-fifth
    drafts)."""
    scooter = labelled_draft("rewrite_da_drafts_25.yaml", "da25-11")
    result = run(scooter["text"], "da", scooter["message"])
    rewritten = result.rewrite["text"] if result.rewrite else scooter["text"]
    assert rewritten.count(" tab") == 1
    moth = labelled_draft("rewrite_da_drafts_25.yaml", "da25-20")
    assert "svært" not in run(moth["text"], "da", moth["message"]).rewrite["text"]
    gym = labelled_draft("rewrite_da_drafts_25.yaml", "da25-15")
    assert "nu registreret din opsigelse lige nu" not in run(gym["text"], "da", gym["message"]).rewrite["text"]


def test_swaps_in_a_sentence_that_was_long_already_are_kept(offer_every_rewrite):
    """"It has been confirmed that … actioned within the standard SLA of 5 working days": every swap in a sentence that
    was long before it was refused as giving it a new long-sentence finding (the rewrite kept SLA, CRM and
    "actioned"; twenty-sixth drafts). A swap that makes it longer still is refused."""
    text = ("Hi Sam,\n\nIt has been confirmed that your reports of 21 January and 3 February were logged on our CRM "
            "system, however due to a backlog within the Aftercare Department a callback was not able to be actioned "
            "within the standard SLA of 5 working days.\n\nBest,\nJo")
    rewritten = run(text, "en", None).rewrite["text"]
    assert "SLA" not in rewritten and "CRM" not in rewritten and "actioned" not in rewritten
    spa = labelled_draft("rewrite_da_drafts_26.yaml", "da26-06")
    assert "grundet sygdom" in run(spa["text"], "da", spa["message"]).rewrite["text"]  # "på grund af" adds words


def test_the_owned_apology_beside_an_acknowledgement_says_about_this_once():
    """"I understand why you're unhappy about this. I'm sorry about this." was refused for the repeat and the reply
    lost its only apology to a customer the company let down (twenty-fifth and twenty-sixth drafts)."""
    for name, prefix in (("rewrite_en_drafts_25.yaml", "en25-12"), ("rewrite_en_drafts_26.yaml", "en26-01")):
        draft = labelled_draft(name, prefix)
        rewritten = run(draft["text"], "en", draft["message"]).rewrite["text"]
        # "We're sorry." where the reply is a team's (`in_reply_voice`).
        assert ("I'm sorry." in rewritten or "We're sorry." in rewritten) and "about this. I'm sorry about this" not in rewritten \
            and "about this. We're sorry about this" not in rewritten


def test_twenty_sixth_drafts_fear_of_what_may_come_and_a_stock_apology_that_runs_on():
    """"I'm honestly terrified, is it made in the same kitchen …?" is worry, not "That must have been really
    frightening"; "Vi beklager eventuelle gener og takker for din tålmodighed" is stock and kept an angry customer from
    any acknowledgement, while "Vi beklager den ulejlighed, det måtte have forårsaget, at besøget …" lost its "at"-clause
    to a fragment (both blind judges, twenty-sixth drafts)."""
    cake = labelled_draft("rewrite_en_drafts_26.yaml", "en26-14")
    rewritten = run(cake["text"], "en", cake["message"]).rewrite["text"]
    assert "frightening" not in rewritten and ("worried" in rewritten or "concerned" in rewritten)
    spa = labelled_draft("rewrite_da_drafts_26.yaml", "da26-06")
    result = run(spa["text"], "da", spa["message"])
    rewritten = result.rewrite["text"]
    assert result.empathy["acknowledges"] is False and "frustrerende" in rewritten
    assert ". At det planlagte" not in rewritten and "rettet besked" not in rewritten


def test_twenty_seventh_drafts_broken_and_worse_rewrites():
    """"one of our in-house engineers is included" → "are" (a grammar false alarm the rewrite applied: broken); "That
    must have been really frightening" to a customer whose knife came back chipped; "inconvenience caused about order";
    "Det må være en rigtig svær tid for dig" to a theatre club on "frivillige kræfter"; the only thanks to a customer
    who wrote to praise removed (both blind judges, twenty-seventh drafts)."""
    assert "engineers are included" not in rewritten_draft("rewrite_en_drafts_27.yaml", "en27-03")
    assert "frightening" not in rewritten_draft("rewrite_en_drafts_27.yaml", "en27-10")
    assert "caused about" not in rewritten_draft("rewrite_en_drafts_27.yaml", "en27-17")
    assert "svær tid" not in rewritten_draft("rewrite_da_drafts_27.yaml", "da27-11")
    assert "Tak for din" in rewritten_draft("rewrite_da_drafts_27.yaml", "da27-20")


def test_a_customers_own_step_and_a_call_keep_their_wording():
    """"Once the ticket has been submitted, the Finance team will …" is the customer's step ("once we've passed this on"
    changed who acts); "Telefoniske henvendelser" are calls, not "beskeder"; "pr. dags dato med virkning fra 30.
    november" is not "fra i dag" (both blind judges, twenty-seventh drafts)."""
    assert "passed this on" not in rewritten_draft("rewrite_en_drafts_27.yaml", "en27-19")
    rewritten = rewritten_draft("rewrite_da_drafts_27.yaml", "da27-14")
    assert "Telefoniske beskeder" not in rewritten and "fra i dag med virkning" not in rewritten


def test_twenty_eighth_drafts_repeat_upset_and_an_answer_that_came():
    """"frustrerende med jeres eltavle" to a customer whose installation was cancelled for the third time (the reason
    given, not the annoyance); "unhappy" to a mother with a baby and no heating; "you haven't had an answer yet" in the
    reply that is the answer (blind judges, twenty-eighth drafts)."""
    battery = labelled_draft("rewrite_da_drafts_28.yaml", "da28-09")
    assert "eltavle" not in acknowledgement_sentence(
        Document(text=battery["text"], language="da", customer_message=battery["message"]))
    rewritten = rewritten_draft("rewrite_en_drafts_28.yaml", "en28-02")
    assert "unhappy" not in rewritten and "upset" in rewritten
    assert "answer yet" not in rewritten_draft("rewrite_en_drafts_28.yaml", "en28-04")


def test_twenty_ninth_drafts_a_shared_subject_after_an_adverb_and_a_formal_condolence():
    """"…, og således skal afleveres på genbrugsstationen" split into "Altså skal afleveres …" (both blind judges:
    broken); "I'm so sorry for your loss" before "We note with regret the passing of Mr Doyle" said it twice; "I'm
    panicking a bit" after "Our solicitor has just told us …" read as frustration; "colourfast" became "colorfast" in a
    British letter (blind judges, twenty-ninth drafts)."""
    assert "Altså skal afleveres" not in rewritten_draft("rewrite_da_drafts_29.yaml", "da29-11")
    assert "sorry for your loss" not in rewritten_draft("rewrite_en_drafts_29.yaml", "en29-19")
    removal = rewritten_draft("rewrite_en_drafts_29.yaml", "en29-17")
    assert "frustrat" not in removal and "when you can" not in removal
    assert "colorfast" not in rewritten_draft("rewrite_en_drafts_29.yaml", "en29-01")


def test_thirtieth_drafts_a_list_a_verb_after_but_and_a_greeting_that_runs_on():
    """"…, but excludes the FAA knowledge test fee, DPE checkride fee, headset, and any additional hours …" split into
    "But excludes …. Any additional hours …"; "Hej, vi beklager ulejligheden." became "Hej, Jeg forstår …" (both blind
    judges, thirtieth drafts: broken)."""
    flying = rewritten_draft("rewrite_en_drafts_30.yaml", "en30-08")
    assert "But excludes" not in flying and ". Any additional hours" not in flying
    podcast = rewritten_draft("rewrite_da_drafts_30.yaml", "da30-15")
    assert "Hej, Jeg" not in podcast


def test_thirty_first_drafts_a_warm_reply_that_answers_what_the_customer_said_of_herself():
    """"First of all, you are not a terrible mum. You're six nights into something really hard …" acknowledges: a stock
    "I can see why you're upset." put before it was worse with both blind judges (thirty-first drafts)."""
    sleep = labelled_draft("rewrite_en_drafts_31.yaml", "en31-15")
    assert "I can see why you're upset" not in rewritten_draft("rewrite_en_drafts_31.yaml", "en31-15")
    assert run(sleep["text"], "en", sleep["message"]).empathy["acknowledges"] is True


def test_thirty_second_drafts_an_apology_to_the_let_down_and_words_that_point_back():
    """A frightened daughter whose mother's carer never came kept no apology, and "That must have been really
    frightening." stood after the agent's own sentence about the next of kin, pointing at it; a formal letter turned to
    "du" in part ("De vil modtage …" beside "din sag"); "eskaleret til 2nd line support" became "en specialist
    support"; "ovennævnte gebyr" became "denne gebyr"; "De bedes rette henvendelse til undertegnede" became "Vi beder dig
    kontakte mig"; "rent tyveri" about a bill read as a crime (both blind judges, thirty-second drafts)."""
    carer = rewritten_draft("rewrite_en_drafts_32.yaml", "en32-01")
    assert "That must" not in carer and "I'm sorry about this." in carer
    greenhouse = rewritten_draft("rewrite_da_drafts_32.yaml", "da32-04")
    assert not mixes_address(greenhouse) and "specialist support" not in greenhouse
    drone = rewritten_draft("rewrite_da_drafts_32.yaml", "da32-07")
    assert "denne gebyr" not in drone and "Vi beder dig kontakte mig" not in drone and not mixes_address(drone)
    assert "alvorligt" not in rewritten_draft("rewrite_da_drafts_32.yaml", "da32-20")


def test_thirty_third_drafts_sla_swaps_a_bereaved_customer_let_down_and_sarcastic_thanks():
    """"within the SLA tolerance" became "within the time we promised tolerance", "As per our service level agreement
    with the NHS trust" lost its agreement, "pursuant to our billing records" became "Under our billing records", "jf.
    vores SLA op til 15 arbejdsdage" became "inden for den tid, vi har lovet op til 15 arbejdsdage" (broken); a widow
    whose collection nobody came to lost the reply's only apology beside the condolence; "I understand why you're
    frustrated about your bike fit. I'm sorry about this." was refused for its two "about"s and the apology went with it;
    "Tak for den fantastiske service 👏" over a cancelled tour was thanked for kind words; two swaps opened two
    paragraphs with "Bemærk" (both blind judges, thirty-third drafts)."""
    dialysis = rewritten_draft("rewrite_en_drafts_33.yaml", "en33-02")
    assert "promised tolerance" not in dialysis and "\n\nWith the NHS trust" not in dialysis
    assert "Under our billing records" not in rewritten_draft("rewrite_en_drafts_33.yaml", "en33-10")
    assert "We apologise" in rewritten_draft("rewrite_en_drafts_33.yaml", "en33-01")
    assert "We're sorry" in rewritten_draft("rewrite_en_drafts_33.yaml", "en33-19")  # signed "Studio Team"
    assert "lovet op til" not in rewritten_draft("rewrite_da_drafts_33.yaml", "da33-02")
    assert "søde ord" not in rewritten_draft("rewrite_da_drafts_33.yaml", "da33-15")
    assert rewritten_draft("rewrite_da_drafts_33.yaml", "da33-04").count("Bemærk") <= 1


def test_thirty_fourth_drafts_a_school_letters_salutation_and_fear_that_is_someone_elses():
    """"Hi Karen," was put above "Dear Parent/Guardian,"; "remains pending approval" (by the manufacturer) became
    "remains waiting for us to check it"; "how to give a nervous dog space" and "I was a nervous wreck leaving him, but
    … he came home purring" made two thank-you notes read as worry; "at det i henhold til vores handelsbetingelser pkt.
    4.2 påhviler kunden" became "at det som der står i …" (both blind judges, thirty-fourth drafts)."""
    meals = rewritten_draft("rewrite_en_drafts_34.yaml", "en34-06")
    assert "Dear Parent/Guardian" not in meals and meals.count("Dear ") + meals.count("Hi ") == 1
    assert "waiting for us to check it" not in rewritten_draft("rewrite_en_drafts_34.yaml", "en34-12")
    assert "worry" not in rewritten_draft("rewrite_en_drafts_34.yaml", "en34-14")
    assert "worry" not in rewritten_draft("rewrite_en_drafts_34.yaml", "en34-01")
    assert "at det som der står" not in rewritten_draft("rewrite_da_drafts_34.yaml", "da34-02")


def test_thirty_fifth_drafts_the_undersigned_a_list_after_a_colon_and_someone_elses_system():
    """"contact the undersigned" became "contact I"; ", and a completed Account Closure Form (ACF-2), available at …",
    the last item of a list a colon opened, was split off without a verb; "de franske toldmyndigheders godkendelse via
    PABLO-systemet" became "godkendelse hos os"; "Din henvendelse er oprettet som sag … og eskaleret" became "Jeg har
    fået din besked som sag … og eskaleret" (both blind judges, thirty-fifth drafts: broken)."""
    mortgage = rewritten_draft("rewrite_en_drafts_35.yaml", "en35-20")
    assert "contact I " not in mortgage
    assert "next of kin, and a completed Account Closure Form" in rewritten_draft("rewrite_en_drafts_35.yaml", "en35-14")
    assert "godkendelse hos os" not in rewritten_draft("rewrite_da_drafts_35.yaml", "da35-07")
    assert "Jeg har fået din besked som sag" not in rewritten_draft("rewrite_da_drafts_35.yaml", "da35-04")


def test_thirty_sixth_and_seventh_drafts_liability_a_heading_and_the_only_apology():
    """"we cannot accept liability without an inspection" became "we can accept liability as soon as we have an
    inspection"; "not covered by the SLA" became "not covered by the target time"; "I can see the £36 … has been passed
    to our Finance team" read as understanding, so the chat's only apology went; "I can see why this is frustrating." was
    glued in front of the heading "Penalty Charge Notice ZX40217755"; "Beløbet vil blive krediteret den anvendte
    betalingsmetode" lost its "til"; "under L1-support" (a portal's category) became "under vores specialister"; a
    praise letter that tells of a fear overcome read as shaken; "amatørteater" read as an insult (both blind judges,
    thirty-sixth and thirty-seventh drafts)."""
    chimney = rewritten_draft("rewrite_en_drafts_36.yaml", "en36-09")
    assert "can accept liability" not in chimney
    assert "target time" not in rewritten_draft("rewrite_en_drafts_36.yaml", "en36-16")
    assert "We apologise" in rewritten_draft("rewrite_en_drafts_36.yaml", "en36-05")
    parking = rewritten_draft("rewrite_en_drafts_37.yaml", "en37-12")
    assert "frustrating. Penalty" not in parking and "\n\nPenalty Charge Notice ZX40217755\n" in parking
    assert "tilbage den anvendte" not in rewritten_draft("rewrite_da_drafts_37.yaml", "da37-10")
    assert "under vores specialister" not in rewritten_draft("rewrite_da_drafts_37.yaml", "da37-07")
    assert "frightening" not in rewritten_draft("rewrite_en_drafts_37.yaml", "en37-06")
    assert "frustrerende" not in rewritten_draft("rewrite_da_drafts_37.yaml", "da37-20")
    assert "vi beklager ulejligheden" in rewritten_draft("rewrite_da_drafts_37.yaml", "da37-17")
    assert not mixes_address(rewritten_draft("rewrite_da_drafts_37.yaml", "da37-01"))


def test_thirty_eighth_and_ninth_drafts_a_customer_who_writes_de_and_words_that_are_no_typos():
    """"prosecco" became "prosector"; "Dear Parent/Guardian" aside, a customer who writes "De" got "dit spørgsmål";
    "idet der gøres opmærksom på" became "fordi der …"; "in respect of stoppages" after "issued" became "about"; "Tak for
    de søde ord" answered a polite complaint that asks what to do; "Teknisk Backoffice" became "Teknisk mine kolleger";
    "fremgår tydeligt af vores hjemmeside" became "står i vores hjemmeside"; "Bemærk venligst, at …, og at …" lost its
    first "at"; "he won't be back until Sunday" read as a threat to leave (both blind judges, thirty-eighth and
    thirty-ninth drafts)."""
    assert "prosector" not in rewritten_draft("rewrite_en_drafts_38.yaml", "en38-07")
    bus = rewritten_draft("rewrite_da_drafts_38.yaml", "da38-04")
    assert "dit spørgsmål" not in bus and "fordi der gøres" not in bus
    assert "issued about" not in rewritten_draft("rewrite_en_drafts_38.yaml", "en38-11")
    assert "søde ord" not in rewritten_draft("rewrite_da_drafts_38.yaml", "da38-13")
    warranty = rewritten_draft("rewrite_da_drafts_39.yaml", "da39-08")
    assert "Teknisk mine kolleger" not in warranty and "Bemærk venligst, at SLA" in warranty
    assert "står i vores hjemmeside" not in rewritten_draft("rewrite_da_drafts_39.yaml", "da39-06")
    assert "frustrating" not in rewritten_draft("rewrite_en_drafts_38.yaml", "en38-10")
    assert "Vi beklager ulejligheden" in rewritten_draft("rewrite_da_drafts_38.yaml", "da38-12")


def test_fortieth_and_forty_first_drafts_swaps_that_broke_and_feelings_misread():
    """"assigned to Tier 2 Billing" became "assigned to a specialist Billing" and "escalated to 2nd Line Technical" "passed
    to a specialist Technical"; "which in respect of order MR-66012 is 21 April" became "which about order …"; ", and
    returned by post" was split off as "Returned by post …"; "3-4 hverdage herefter" became "3-4 hverdage så"; "for
    indeværende halvår" became "for denne halvår"; "Kære Torben Lund, have nr. 41" took the acknowledgement after its
    comma; a list of conditions after a colon was split before its last item; "ticket #88213" became "sag" after "Din
    sag er oprettet under" (both blind judges, fortieth and forty-first drafts)."""
    app = rewritten_draft("rewrite_en_drafts_40.yaml", "en40-10")
    assert "a specialist Billing" not in app and "Tier 2 Billing" in app
    assert "a specialist Technical" not in rewritten_draft("rewrite_en_drafts_40.yaml", "en40-19")
    assert "which about order" not in rewritten_draft("rewrite_en_drafts_40.yaml", "en40-09")
    assert "Returned by post" not in rewritten_draft("rewrite_en_drafts_41.yaml", "en41-20")
    assert "hverdage så" not in rewritten_draft("rewrite_da_drafts_40.yaml", "da40-03")
    assert "denne halvår" not in rewritten_draft("rewrite_da_drafts_41.yaml", "da41-02")
    allotment = rewritten_draft("rewrite_da_drafts_41.yaml", "da41-09")
    assert allotment.startswith("Kære Torben Lund, have nr. 41\n\n")
    assert "madrasbeskytter, og den må ikke" in rewritten_draft("rewrite_da_drafts_40.yaml", "da40-09")
    assert "under sag #88213" not in rewritten_draft("rewrite_da_drafts_41.yaml", "da41-13")


def test_fortieth_and_forty_first_drafts_feelings_read_from_the_words_that_say_them():
    """Terrible back pain is no insult, an ultimatum ("If I do not have my machine back by Friday I will be collecting
    it unrepaired") is anger and keeps the reply's only apology, "absolutely furious" is said back, an elderly father's
    heart medicine is worry, "admitted to hospital … chemo" is an illness, a mishap told laughing in a praise letter is
    no complaint (both blind judges, fortieth and forty-first drafts)."""
    mattress = rewritten_draft("rewrite_en_drafts_40.yaml", "en40-09")
    assert "upset" not in mattress and "concerned" in mattress
    sewing = rewritten_draft("rewrite_en_drafts_41.yaml", "en41-03")
    assert "concerned" not in sewing and "We apologise for any inconvenience" in sewing
    assert "so angry" in rewritten_draft("rewrite_en_drafts_40.yaml", "en40-04")
    assert "frustrerende" not in rewritten_draft("rewrite_da_drafts_40.yaml", "da40-12")
    lessons = labelled_draft("rewrite_en_drafts_41.yaml", "en41-14")
    result = run(lessons["text"], "en", lessons["message"])
    assert not [f for f in result.findings if f.category == "sympathy"]
    pottery = labelled_draft("rewrite_da_drafts_41.yaml", "da41-05")
    doc = Document(text=pottery["text"], language="da", channel="email", customer_message=pottery["message"])
    assert doc.customer.emotion == "happy"


def test_fortieth_and_forty_first_drafts_findings_that_were_false_alarms():
    """"Yes, that's completely normal" and "det er helt i orden at spørge" reassure the customer; a customer who writes
    "Deres butik" is answered in "De"; "bliver udbetalt" answers "Hvornår bliver de udbetalt?"; "high winds were
    recorded" is weather; "Deres kælder" and "Deres tømrer" are one cellar and one carpenter; "requests received via
    email are logged" agrees (both blind judges, fortieth and forty-first drafts)."""
    assert not [f for f in labelled_findings("rewrite_en_drafts_40.yaml", "en40-05") if f.category == "missing_acknowledgement"]
    assert not [f for f in labelled_findings("rewrite_da_drafts_40.yaml", "da40-07") if f.category == "missing_acknowledgement"]
    assert not [f for f in labelled_findings("rewrite_da_drafts_41.yaml", "da41-15") if f.rule.startswith("da.plain_language.formel")]
    assert not [f for f in labelled_findings("rewrite_da_drafts_41.yaml", "da41-20") if f.category == "passive"]
    assert not [f for f in labelled_findings("rewrite_en_drafts_40.yaml", "en40-15") if (f.text or "") == "were recorded"]
    cellar = [f for f in labelled_findings("rewrite_da_drafts_41.yaml", "da41-17") if f.text == "Deres"]
    assert cellar and all(f.replacements[:1] != ("dine",) for f in cellar)
    carpenter = [f for f in labelled_findings("rewrite_da_drafts_40.yaml", "da40-04") if f.text == "Deres"]
    assert carpenter and all(f.replacements[:1] != ("dine",) for f in carpenter)


def test_forty_second_and_third_drafts_swaps_that_broke():
    """"sent automatically by our ticketing system" became "by our records"; "an SLA response" "a target time response";
    "Tøv ikke med at kontakte os ved spørgsmål" became "Svar bare på denne mail hvis du har spørgsmål" to Anne and Mikkel
    (no comma, and "du" to two people); "Deres skadesanmeldelse" became "din" beside "De gøres opmærksom på"; "Din
    henvendelse er modtaget og registreret under sagsnr." became "Jeg har fået din besked og registreret under …"; "just
    reply to this email" to a customer who is not good with computers (both blind judges, forty-second and forty-third
    drafts)."""
    assert "by our records" not in rewritten_draft("rewrite_en_drafts_42.yaml", "en42-17")
    assert "target time response" not in rewritten_draft("rewrite_en_drafts_42.yaml", "en42-09")
    wedding = rewritten_draft("rewrite_da_drafts_42.yaml", "da42-07")
    assert "hvis du har" not in wedding and "mail hvis" not in wedding
    storage = rewritten_draft("rewrite_da_drafts_42.yaml", "da42-06")
    assert not mixes_address(storage) and "De gøres opmærksom på" in storage
    assert "din besked og registreret" not in rewritten_draft("rewrite_da_drafts_43.yaml", "da43-03")
    assert "reply to this email" not in rewritten_draft("rewrite_en_drafts_42.yaml", "en42-01")
    assert "Svar bare på denne mail" not in rewritten_draft("rewrite_da_drafts_43.yaml", "da43-13")


def test_forty_second_and_third_drafts_feelings_and_situations():
    """A thank-you that tells of two failed tests before ("never made me feel stupid") is delight; a funeral plan changed
    for oneself and the fear of an accident at an open pit are no loss; a stranded family counting hours and a knife
    returned with a chip were let down, so the only apology stays; an unsure customer ("ved ikke om jeg skulle have gjort
    noget") is not frustrated; "og kondolerer" is the condolence; an ultimatum in Danish is anger, and a worried customer
    is not told they worry about having had to write again; tears of joy over wedding photos are no sadness (both blind
    judges, forty-second and forty-third drafts)."""
    riders = rewritten_draft("rewrite_en_drafts_42.yaml", "en42-05")
    assert "upset" not in riders and "frustrat" not in riders
    assert "going through" not in rewritten_draft("rewrite_en_drafts_43.yaml", "en43-15")
    assert "har været igennem" not in rewritten_draft("rewrite_da_drafts_43.yaml", "da43-18")
    assert "We apologise" in rewritten_draft("rewrite_en_drafts_43.yaml", "en43-07")
    assert "beklager" in rewritten_draft("rewrite_da_drafts_42.yaml", "da42-02")
    assert "frustrerende" not in rewritten_draft("rewrite_da_drafts_42.yaml", "da42-13")
    dorm = rewritten_draft("rewrite_da_drafts_42.yaml", "da42-11")
    assert "tab." not in dorm and "kondolerer" in dorm
    attic = rewritten_draft("rewrite_da_drafts_43.yaml", "da43-03")
    assert "bekymret over, at du har måttet" not in attic and ("utilfreds" in attic or "vred" in attic)
    photos = labelled_draft("rewrite_da_drafts_42.yaml", "da42-07")
    assert Document(text=photos["text"], language="da", channel="email",
                    customer_message=photos["message"]).customer.emotion == "happy"
    worried = Document(text="Hej Ole\n\nVi sender en tekniker.\n\nMvh Lis", language="da", channel="email",
                       customer_message="Jeg er virkelig bekymret. Det er tredje gang, jeg skriver om det. Taget er utæt.")
    assert "bekymret over" not in acknowledgement_sentence(worried)


def test_forty_second_and_third_drafts_findings_that_were_false_alarms():
    """"If we can't, you'll be able to move the whole £1,260 …" is a condition, not a refusal; "Oh poor Leo, … is miserable
    for both of you" acknowledges (both blind judges, forty-second and forty-third drafts)."""
    assert not [f for f in labelled_findings("rewrite_en_drafts_42.yaml", "en42-14") if f.category == "negative_phrasing"]
    assert not [f for f in labelled_findings("rewrite_en_drafts_43.yaml", "en43-05") if f.category == "missing_acknowledgement"]


def test_forty_fourth_and_fifth_drafts_swaps_that_broke():
    """"an automated update from Zendesk" became "an update in our records"; "We wish to inform you that …, and that …"
    and "Please be advised that pursuant to … (205 characters) …, and that …" left the second "that" dangling; "£50 per
    consignment" in quoted terms became "per parcel"; "Bemærk venligst, at der i perioden … er" lost its main clause;
    "idet der opkræves et gebyr" became "fordi vi opkræver"; "jf. vores leveringsbetingelser pkt. 9.2" lost the
    document's name; ", og ordren dermed automatisk opgraderes" was split off; "Dear Customer" became "Dear Brian" to a
    79-year-old who wrote "Dear Sir/Madam" (both blind judges, forty-fourth and forty-fifth drafts)."""
    assert "in our records once" not in rewritten_draft("rewrite_en_drafts_45.yaml", "en45-12")
    tutors = rewritten_draft("rewrite_en_drafts_45.yaml", "en45-02")
    assert "We wish to inform you that" in tutors or ", and that" not in tutors
    marquee = rewritten_draft("rewrite_en_drafts_45.yaml", "en45-11")
    assert "Please be advised that" in marquee or ", and that" not in marquee
    assert "per parcel" not in rewritten_draft("rewrite_en_drafts_45.yaml", "en45-18")
    assert "\n\nDer i perioden" not in rewritten_draft("rewrite_da_drafts_44.yaml", "da44-18")
    assert "fordi vi opkræver" not in rewritten_draft("rewrite_da_drafts_44.yaml", "da44-11")
    assert "som der står i vores betingelser pkt." not in rewritten_draft("rewrite_da_drafts_44.yaml", "da44-09")
    assert "Ordren dermed" not in rewritten_draft("rewrite_da_drafts_45.yaml", "da45-18")
    assert "Dear Brian" not in rewritten_draft("rewrite_en_drafts_44.yaml", "en44-20")


def test_forty_fourth_and_fifth_drafts_feelings_and_findings():
    """A taxi that never came is no missed appointment; a condolence is no apology, so a bereaved customer sent a
    reminder for her dead dog keeps the reply's only one; a passing "tak for hurtig levering" before a wrong item is no
    praise; a teacher who asks "Kan I bekræfte at bussen kommer?" is not frustrated; "Jeg vil bare sige tak … Sådan en
    service" is praise and "Tusind tak for dine søde ord" answers it; "an MOT", "LET" (a team), "CDX-xxxxx" (a reference
    format), "available on request from …", "campen" and "Det er vi virkelig kede af … jeg forstår godt, at du er sur"
    are no findings to change (both blind judges, forty-fourth and forty-fifth drafts)."""
    assert "appointment" not in rewritten_draft("rewrite_en_drafts_45.yaml", "en45-04")
    assert "We apologise for any inconvenience caused." in rewritten_draft("rewrite_en_drafts_44.yaml", "en44-06")
    assert "søde ord" not in rewritten_draft("rewrite_da_drafts_45.yaml", "da45-20")
    assert "frustrerende" not in rewritten_draft("rewrite_da_drafts_44.yaml", "da44-17")

    assert not [f for f in labelled_findings("rewrite_da_drafts_44.yaml", "da44-15") if f.category == "missing_acknowledgement"]
    assert not [f for f in labelled_findings("rewrite_en_drafts_44.yaml", "en44-12") if f.text == "an"]
    cdx = labelled_findings("rewrite_en_drafts_45.yaml", "en45-08")
    assert not [f for f in cdx if f.text == "CDX"]
    assert not [f for f in labelled_findings("rewrite_en_drafts_44.yaml", "en44-17")
                if f.text == "on request" and f.replacements]
    assert not [f for f in labelled_findings("rewrite_da_drafts_44.yaml", "da44-03") if f.text == "campen"]
    assert not [f for f in labelled_findings("rewrite_da_drafts_45.yaml", "da45-13") if f.category == "sympathy"]


def test_forty_sixth_and_seventh_drafts():
    """"placed on hold status" became "paused status"; "noted on your account" "I've passed your feedback on to our team on
    your account"; "the RMA portal" "your return portal"; "our Tier 2 Parts Escalation desk" was renamed; "udtrykker hermed
    vores medfølelse" became "udtrykker nu"; ", og vi af hensyn til sikkerheden ikke kan" and "skader som følge heraf" →
    "Skader derfor" broke Danish word order; "Tak for din mail." went before a refusal to a customer in hospital; a son's
    nerves were read as the mother's worry; "utilfreds" understated "hvad fanden" and 😡; "pain on and off" read as
    frustration; "upset about your generation" (both blind judges, forty-sixth and forty-seventh drafts)."""
    assert "paused status" not in rewritten_draft("rewrite_en_drafts_46.yaml", "en46-01")
    assert "our team on your account" not in rewritten_draft("rewrite_en_drafts_46.yaml", "en46-04")
    assert "your return portal" not in rewritten_draft("rewrite_en_drafts_47.yaml", "en47-14")
    assert "Parts Escalation desk" in rewritten_draft("rewrite_en_drafts_46.yaml", "en46-14")
    assert "udtrykker nu" not in rewritten_draft("rewrite_da_drafts_46.yaml", "da46-09")
    assert "Vi af hensyn" not in rewritten_draft("rewrite_da_drafts_47.yaml", "da47-11")
    assert "Skader derfor" not in rewritten_draft("rewrite_da_drafts_47.yaml", "da47-14")
    assert "Tak for din mail." in rewritten_draft("rewrite_da_drafts_47.yaml", "da47-04")
    assert "bekymret" not in rewritten_draft("rewrite_da_drafts_46.yaml", "da46-15")
    assert "utilfreds" not in rewritten_draft("rewrite_da_drafts_46.yaml", "da46-10")
    assert "frustrating" not in rewritten_draft("rewrite_en_drafts_47.yaml", "en47-04")
    assert "upset about your generation" not in rewritten_draft("rewrite_en_drafts_47.yaml", "en47-10")


def test_forty_eighth_and_ninth_drafts():
    """"It is requested that the items are retained" became "Please the items are retained"; "the Fulfilment Team" was
    renamed "our warehouse team"; "released on the system" became "in our records"; "As per our Terms of Service,
    refunds cannot be issued" lost its basis; "Please accept our condolences." got a second condolence before it; "No
    rush" was answered "We understand you've been waiting a long time"; "er ligeledes ikke muligt" became "er også ikke
    muligt"; "i Backoffice" became "i mine kolleger"; "2nd level service" became "en specialist service"; a praise letter
    ("uden at virke det mindste stresset … Jeg er SÅ glad") read as worry (both blind judges, forty-eighth and forty-ninth
    drafts)."""
    assert "Please the items" not in rewritten_draft("rewrite_en_drafts_48.yaml", "en48-11")
    assert "our warehouse team" not in rewritten_draft("rewrite_en_drafts_48.yaml", "en48-01")
    assert "released in our records" not in rewritten_draft("rewrite_en_drafts_48.yaml", "en48-12")
    assert "As per our Terms of Service" in rewritten_draft("rewrite_en_drafts_49.yaml", "en49-10")
    podiatry = rewritten_draft("rewrite_en_drafts_48.yaml", "en48-03")
    assert "sorry for your loss" not in podiatry and "Please accept our condolences." in podiatry
    assert "waiting a long time" not in rewritten_draft("rewrite_en_drafts_48.yaml", "en48-19")
    assert "også ikke muligt" not in rewritten_draft("rewrite_da_drafts_49.yaml", "da49-09")
    assert "i mine kolleger" not in rewritten_draft("rewrite_da_drafts_49.yaml", "da49-10")
    assert "specialist service" not in rewritten_draft("rewrite_da_drafts_48.yaml", "da48-18")
    assert "bekymret" not in rewritten_draft("rewrite_da_drafts_49.yaml", "da49-04")


def test_fiftieth_drafts(offer_every_rewrite):
    """", please be advised that, as per …" lost the comma after a fronted phrase; "Great service, really." after five
    weeks of chasing was thanked "for the kind words"; "Hvis det ikke virker inden fredag, opsiger jeg og klager til
    Teleankenævnet" read as worry about the date; "er du altid velkommen til at ringe til os" became "svar bare på denne
    mail" for an anxious patient; a misspelt name on a gravestone proof lost the reply's only apology to the condolence; a
    man home from hospital with COPD got no word at all; the praise of a repairer went unanswered beside the reply's own
    "Thank you for contacting …" (both blind judges, fiftieth drafts)."""
    assert "2278), according to" in rewritten_draft("rewrite_en_drafts_50.yaml", "en50-07")
    mower = rewritten_draft("rewrite_en_drafts_50.yaml", "en50-12")
    assert "kind words" not in mower and "frustrat" in mower
    broadband = rewritten_draft("rewrite_da_drafts_50.yaml", "da50-20")
    assert "bekymret" not in broadband
    assert "ringe til os" in rewritten_draft("rewrite_da_drafts_50.yaml", "da50-03") \
        or "ring bare til os" in rewritten_draft("rewrite_da_drafts_50.yaml", "da50-03")
    assert "svar bare på denne mail" not in rewritten_draft("rewrite_da_drafts_50.yaml", "da50-03")
    assert "Vi beklager eventuelle gener." in rewritten_draft("rewrite_da_drafts_50.yaml", "da50-04")
    assert "going through" in rewritten_draft("rewrite_en_drafts_50.yaml", "en50-15")
    assert "glad to hear how pleased you are" in rewritten_draft("rewrite_en_drafts_50.yaml", "en50-05")
    assert "sorry to hear what you've been going through" not in rewritten_draft("rewrite_en_drafts_48.yaml", "en48-12")


def test_fiftieth_drafts_findings_that_were_false_alarms():
    """"Congratulations on adopting Pepper!" answers a calm customer's news; "flow" of oxygen is no process; "Kompensation
    for nedetid" asks no question of when it works again; "er således i overensstemmelse med" takes no "efter" (both
    blind judges, fiftieth drafts: false alarms)."""
    assert not [f for f in labelled_findings("rewrite_en_drafts_50.yaml", "en50-19") if f.category == "missing_acknowledgement"]
    oxygen = labelled_findings("rewrite_da_drafts_50.yaml", "da50-15")
    assert not [f for f in oxygen if f.rule == "da.internal_language.flow"]
    assert not [f for f in labelled_findings("rewrite_da_drafts_50.yaml", "da50-20") if f.rule == "da.internal_language.downtime"]
    estate = [f for f in labelled_findings("rewrite_da_drafts_50.yaml", "da50-10") if f.text == "i overensstemmelse med"]
    assert estate and not estate[0].replacements


def test_fifty_first_drafts_english():
    """"in respect of" after a noun became "about" ("the membership year about Category V", "the Right of Burial about
    the grave space"); "Failure to remit payment" became "Failure to pay payment"; "I'm not scared to be alone" in a
    thank-you read as fright; "the charge is valid as per our T&Cs" lost its basis (both blind judges, fifty-first
    drafts)."""
    golf = rewritten_draft("rewrite_en_drafts_51.yaml", "en51-06")
    assert "year about" not in golf and "pay payment" not in golf
    assert "Burial about" not in rewritten_draft("rewrite_en_drafts_51.yaml", "en51-19")
    assert "frightening" not in rewritten_draft("rewrite_en_drafts_51.yaml", "en51-03")
    assert "as per our T&Cs" in rewritten_draft("rewrite_en_drafts_51.yaml", "en51-05")


def test_fifty_first_drafts_danish():
    """"eskaleret til 2nd line/Skadeteamet" became "en specialist/en kollega"; "De"/"Deres" became "du" to a new widow
    under "Kære fru Thomsen" and to an 84-year-old; her parents buried in 1971 and 1989 read as a fresh loss; "Hej og tak
    for din henvendelse." was deleted from a chat and took the greeting with it (both blind judges, 51. udkast)."""
    assert "en specialist/en kollega" not in rewritten_draft("rewrite_da_drafts_51.yaml", "da51-11")
    widow = rewritten_draft("rewrite_da_drafts_51.yaml", "da51-06")
    assert "Deres tab" in widow and "din besked" not in widow
    grave = rewritten_draft("rewrite_da_drafts_51.yaml", "da51-19")
    assert "igennem" not in grave and "beder dig" not in grave
    assert rewritten_draft("rewrite_da_drafts_51.yaml", "da51-18").startswith("Hej og tak for din henvendelse.")


def test_fifty_second_drafts():
    """"escalated to 2nd line ops" became "passed to a specialist our team"; "prior to commencement" became "before
    start"; "further to your complaint" became "about your email"; "upset about your councillor" (whom she threatened to
    go to); "frustrating" to a polite question about a three-week wait and to an elderly man afraid of doing something
    wrong; an acknowledgement went in before the salutation "Til Torben Vestergaard, have nr. 47"; "Tak for de søde ord."
    before "Tusind tak for din dejlige mail"; "virkelig ubehageligt" (a knife read as a weapon) stacked before "Det er jeg
    virkelig ked af – …" (both blind judges, fifty-second drafts)."""
    assert "specialist our team" not in rewritten_draft("rewrite_en_drafts_52.yaml", "en52-12")
    assert "before start" not in rewritten_draft("rewrite_en_drafts_52.yaml", "en52-01")
    assert "frustrating" not in rewritten_draft("rewrite_en_drafts_52.yaml", "en52-01")
    bus = rewritten_draft("rewrite_en_drafts_52.yaml", "en52-19")
    assert "councillor. " not in bus and "about your email" not in bus
    assert "frustrerende" not in rewritten_draft("rewrite_da_drafts_52.yaml", "da52-04")
    assert rewritten_draft("rewrite_da_drafts_52.yaml", "da52-07").startswith("Til Torben Vestergaard, have nr. 47")
    assert "søde ord" not in rewritten_draft("rewrite_da_drafts_52.yaml", "da52-15")
    knife = rewritten_draft("rewrite_da_drafts_52.yaml", "da52-13")
    assert "ubehageligt" not in knife and "forstå" not in knife


def test_fifty_second_drafts_findings_that_were_false_alarms():
    """"Det er jeg virkelig ked af – en kniv til 1.149 kr. skal være fejlfri …" is the agent's own apology; a mother whose
    daughter "was so happy she cried 😭" is delighted, and "What a lovely message – thank you …" answers her; "our
    Fulfilment team" is a department customers know (both blind judges, fifty-second drafts: false alarms)."""
    knife = labelled_findings("rewrite_da_drafts_52.yaml", "da52-13")
    assert not [f for f in knife if f.category in ("sympathy", "missing_acknowledgement")]
    assert not [f for f in labelled_findings("rewrite_en_drafts_52.yaml", "en52-08") if f.category == "missing_acknowledgement"]
    assert not [f for f in labelled_findings("rewrite_en_drafts_52.yaml", "en52-13") if f.text == "Fulfilment"]


def test_fifty_third_drafts():
    """"You charged £612.40 and what arrived is warped" read as a surprise charge; a praise letter whose husband
    "panicked a bit" read as worry; "escalated to 2nd line QA" / "2nd line Logistics" and "Field Service-teamet" lost their
    names; "theres blood on his fur" got "frustrating"; "frustrerende med din fil" from "kom ikke og sig at det er min
    fil" and "med Deres samling" from a threat to take it to a rival; "Jeg er ærligt talt RASENDE" read as frustration;
    "DU2" (a course) made a letter in "De" look informal; "pr. dags dato ikke" became "fra i dag ikke" (both blind judges,
    fifty-third drafts)."""
    parts = rewritten_draft("rewrite_en_drafts_53.yaml", "en53-08")
    assert "charge you didn't expect" not in parts and "specialist QA" not in parts
    assert "worried" not in rewritten_draft("rewrite_en_drafts_53.yaml", "en53-13")
    assert "frustrating" not in rewritten_draft("rewrite_en_drafts_53.yaml", "en53-06")
    assert "specialist Logistics" not in rewritten_draft("rewrite_da_drafts_53.yaml", "da53-02")
    assert "Field en kollega" not in rewritten_draft("rewrite_da_drafts_53.yaml", "da53-18")
    jonas = rewritten_draft("rewrite_da_drafts_53.yaml", "da53-08")
    # No line at all since the 276th–278th drafts: the reply blames the customer ("Det er kundens ansvar …").
    assert "din fil" not in jonas.split("\n\n")[1]
    assert "samling." not in rewritten_draft("rewrite_da_drafts_53.yaml", "da53-19").split("\n\n")[1]
    assert "dit hold" not in rewritten_draft("rewrite_da_drafts_53.yaml", "da53-07")
    assert "fra i dag ikke" not in rewritten_draft("rewrite_da_drafts_53.yaml", "da53-12")


def test_fifty_fourth_drafts():
    """"Having reviewed the photographs supplied, please be advised that solid oak is …" lost its verb; "carried out
    pursuant to the measurements" became "under the measurements"; "recorded on the CRM system" became "recorded in our
    records"; "Elias var mega nervøs … nu snakker han ikke om andet" and "jeg vil så gerne at det hele går godt" were read
    as worry and frustration the wrong way round; "gennemført to gange fra brugerens side" became "du har betalt … fra
    brugerens side"; the driver's record "i flådestyringssystemet" became ours (both blind judges, fifty-fourth drafts)."""
    oak = rewritten_draft("rewrite_en_drafts_54.yaml", "en54-10")
    assert "supplied, solid oak" not in oak and "under the measurements" not in oak
    assert "recorded in our records" not in rewritten_draft("rewrite_en_drafts_54.yaml", "en54-15")
    assert "bekymret" not in rewritten_draft("rewrite_da_drafts_54.yaml", "da54-09")
    assert "frustrerende" not in rewritten_draft("rewrite_da_drafts_54.yaml", "da54-06")
    assert "du har betalt to gange fra brugerens side" not in rewritten_draft("rewrite_da_drafts_54.yaml", "da54-08")
    assert "registrering hos os" not in rewritten_draft("rewrite_da_drafts_54.yaml", "da54-15")


def test_fifty_fifth_drafts():
    """A praise letter whose customer was "very nervous of heights" got "We can see why this is a worry for you" for its
    thanks; a patient "writing from hospital … admitted yesterday with a heart problem" was worried "about your implant
    surgery"; a parent whose child's party fell through ("I honestly don't know what to tell her 😢") was frustrated; one
    damage of three was named ("upset about your landing carpet"); "gennemført to gange af kunden" became "du har betalt
    to gange af kunden"; a gapped price ("…, og små træer (100-125 cm) kr. 175,-") was split off without its verb; "levering
    sker … og afhænger af" became "vi leverer … og afhænger af"; "manuelle rettelser i faktureringssystemet" became "hos
    os"; a fault owned only "medmindre det konstateres" counted as acknowledging a third-time customer; "nobody turned
    up" contradicted a reply whose crew recorded a non-collection (both blind judges, fifty-fifth drafts)."""
    praise = rewritten_draft("rewrite_en_drafts_55.yaml", "en55-09")
    assert "worry" not in praise and "Thank you for your kind words." in praise
    assert "implant surgery." not in rewritten_draft("rewrite_en_drafts_55.yaml", "en55-07").split("\n\n")[1]
    party = rewritten_draft("rewrite_en_drafts_55.yaml", "en55-06")
    assert "frustrating" not in party and "disappointing" in party
    assert "landing carpet." not in rewritten_draft("rewrite_en_drafts_55.yaml", "en55-05").split("\n\n")[1]
    assert "nobody turned up" not in rewritten_draft("rewrite_en_drafts_55.yaml", "en55-15")
    assert "af kunden" in rewritten_draft("rewrite_da_drafts_55.yaml", "da55-19") \
        and "du har betalt to gange af kunden" not in rewritten_draft("rewrite_da_drafts_55.yaml", "da55-19")
    trees = rewritten_draft("rewrite_da_drafts_55.yaml", "da55-20")
    assert "moms, og små træer" in trees and "vi leverer" not in trees and "rettelser hos os" not in trees
    tiles = rewritten_draft("rewrite_da_drafts_55.yaml", "da55-10")
    assert "flere gange" in tiles.split("\n\n")[1]


def test_fifty_fifth_drafts_findings_that_were_false_alarms():
    """"… og ja, du skal være medlem" answers "skal man være medlem af klubben først"; "kr. 175,- ekskl. moms pr. stk.
    Levering i uge 49 …" is two sentences; "Non-collection was recorded by the crew" has no one-click "Because it wasn't
    collected"; an upsell that ends in "!" does not answer a thank-you (both blind judges, fifty-fifth drafts: false
    alarms)."""
    assert not [f for f in labelled_findings("rewrite_da_drafts_55.yaml", "da55-12") if f.category == "negative_phrasing"]
    assert not [f for f in labelled_findings("rewrite_da_drafts_55.yaml", "da55-20") if f.category == "long_sentence"
                and "Levering i uge 49" in (f.text or "")]
    crew = [f for f in labelled_findings("rewrite_en_drafts_55.yaml", "en55-15") if (f.text or "") == "Non-collection"]
    assert crew and not crew[0].replacements
    praise = [f for f in labelled_findings("rewrite_en_drafts_55.yaml", "en55-09") if f.category == "missing_acknowledgement"]
    assert praise and "worr" not in praise[0].replacements[0]


def test_fifty_sixth_drafts():
    """Happy tears over wedding photos ("Thank you so so much for keeping us calm", "det betød så meget for os") were read
    as sarcasm and the thanks became "I can see why you're upset" / "… frustrerende"; a stock closer's "!" counted as
    answering the praise; "Apologies for the delay in responding" let the only apology for four weeks' late pressings go;
    "you've had to get in touch about this more than once" contradicted "no record of any previous representation";
    "bestilles via SAS-teamet" became "via en kollega"; "Bemærk venligst, at LinjeBus Danmark ikke kan …" lost its
    "Bemærk" and kept the clause's order; a worried chat customer ("I'm really worried I've harmed the baby") got no
    acknowledgement (both blind judges, fifty-sixth drafts)."""
    photos = rewritten_draft("rewrite_en_drafts_56.yaml", "en56-06")
    assert "upset" not in photos and "kind words" in photos
    bryllup = rewritten_draft("rewrite_da_drafts_56.yaml", "da56-06")
    assert "frustrerende" not in bryllup and "pæne ord" in bryllup
    assert "We apologise for any inconvenience caused." in rewritten_draft("rewrite_en_drafts_56.yaml", "en56-14")
    assert "more than once" not in rewritten_draft("rewrite_en_drafts_56.yaml", "en56-15")
    assert "via SAS-teamet" in rewritten_draft("rewrite_da_drafts_56.yaml", "da56-13")
    assert "\n\nLinjeBus Danmark ikke kan" not in rewritten_draft("rewrite_da_drafts_56.yaml", "da56-17")
    assert "worry" in rewritten_draft("rewrite_en_drafts_12.yaml", "en12-11").split(".")[0] + \
        rewritten_draft("rewrite_en_drafts_12.yaml", "en12-11").split(".")[1]


def test_fifty_sixth_drafts_findings_that_were_false_alarms():
    """"… won't be offered to anyone else" keeps a place for the customer; "bisættelsen finder sted" is the idiom; the
    wedding couple's missing acknowledgement offered frustration (both blind judges, fifty-sixth drafts: false alarms)."""
    assert not [f for f in labelled_findings("rewrite_en_drafts_56.yaml", "en56-09") if f.category == "negative_phrasing"]
    assert not [f for f in labelled_findings("rewrite_da_drafts_56.yaml", "da56-11") if f.rule == "da.nominal_style.finder_sted"]
    ack = [f for f in labelled_findings("rewrite_en_drafts_56.yaml", "en56-06") if f.category == "missing_acknowledgement"]
    assert ack and "upset" not in ack[0].replacements[0]


def test_fifty_seventh_drafts():
    """"writing from St James's Hospital, where I was admitted on 2 June with a pulmonary embolism" got "a charge you
    didn't expect"; "would love to join the club" was thanked "for your kind words"; "nobody turned up for your
    appointment" about a father's missed pick-up; "This is now my THIRD email" lost the reply's only apology; "after
    goods-in" → "after our warehouse" and "which our system does not show" → "which we does not show"; "waited 7 months
    for this test slot" was acknowledged as the long wait; "Ikke noget stort drama 🙂" was "rigtig frustrerende"; a policy
    ("depositum ikke refunderes ved forsinkelser") counted as acknowledging an angry customer (both blind judges,
    fifty-seventh drafts)."""
    assert "charge you didn't expect" not in rewritten_draft("rewrite_en_drafts_57.yaml", "en57-03")
    assert "kind words" not in rewritten_draft("rewrite_en_drafts_57.yaml", "en57-12")
    assert "your appointment" not in rewritten_draft("rewrite_en_drafts_57.yaml", "en57-17")
    assert "Apologies for any inconvenience this may cause." in rewritten_draft("rewrite_en_drafts_57.yaml", "en57-04")
    carpet = rewritten_draft("rewrite_en_drafts_57.yaml", "en57-10")
    assert "after our warehouse" not in carpet and "we does" not in carpet
    assert "waiting a long time" not in rewritten_draft("rewrite_en_drafts_57.yaml", "en57-19")
    assert "frustrerende" not in rewritten_draft("rewrite_da_drafts_57.yaml", "da57-20")
    # The policy does not count as acknowledging: the finding stands (the line itself is no longer put in for a
    # frustration read from capitals and "!!!" alone, 276th–282nd drafts).
    assert [f for f in labelled_findings("rewrite_da_drafts_57.yaml", "da57-04") if f.category == "missing_acknowledgement"]


def test_fifty_seventh_drafts_findings_that_were_false_alarms():
    """"My husband Geoff died in March" is a bereavement, and the reply's warm condolence acknowledges it; "a target SLA
    of 30 minutes" offers no "a target target time"; places given out "i den rækkefølge, de modtages" are no queue of ours
    (both blind judges, fifty-seventh drafts: false alarms)."""
    assert not [f for f in labelled_findings("rewrite_en_drafts_57.yaml", "en57-11") if f.category == "missing_acknowledgement"]
    sla = [f for f in labelled_findings("rewrite_en_drafts_57.yaml", "en57-13") if f.text == "SLA"]
    assert sla and not sla[0].replacements
    assert not [f for f in labelled_findings("rewrite_da_drafts_57.yaml", "da57-12")
                if f.rule == "da.internal_language.henvendelsesraekkefoelge"]


def test_no_acknowledgement_stacked_before_the_replys_own_i_can_see():
    """"Hi, I can see that payment ref TT-77812 was duplicated …": an "I understand …" put in front of the reply's own
    opener of the same kind stacks two (fifty-sixth drafts; counted by measure_rewrite's two-acknowledgements fault)."""
    theory = rewritten_draft("rewrite_en_drafts_56.yaml", "en56-19")
    assert theory.startswith("Hi, I can see that payment ref TT-77812")
    # The Danish "Jeg kan se at …" reports a finding and may follow the line (the annoyance said here in words: a frustration
    # read from the message's shape alone gets no line since the 276th–282nd drafts).
    bowling = labelled_draft("rewrite_da_drafts_32.yaml", "da32-03")
    said = run(bowling["text"], "da", bowling["message"] + " Det er så irriterende.", channel=bowling.get("channel", "email"))
    assert re.search(r"frustrerende\. Jeg kan se at booking 77315", said.rewrite["text"])


def test_fifty_eighth_drafts():
    """"I have escalated to 2nd line" → "I have passed to a specialist"; "as advised in the aftercare guide" lost "as
    advised"; "at 13:40 therefore falls" → "so falls"; "strengene … lyde lidt døde" read as a bereavement ("Jeg er ked af at
    høre om dit tab" to a happy customer); "blive kontaket" → "blive kontakte"; a bin smashed and reported "TRE gange" lost
    the reply's only apology; "registreres af skolens kontor i elevadministrationssystemet" → "hos os" (both blind judges,
    fifty-eighth drafts)."""
    assert "I have passed to a specialist" not in rewritten_draft("rewrite_en_drafts_58.yaml", "en58-02")
    assert "as advised in the aftercare guide" in rewritten_draft("rewrite_en_drafts_58.yaml", "en58-10")
    assert "13:40 so falls" not in rewritten_draft("rewrite_en_drafts_58.yaml", "en58-01")
    assert "tab" not in rewritten_draft("rewrite_da_drafts_58.yaml", "da58-14").split("\n\n")[1]
    assert "blive kontakte " not in rewritten_draft("rewrite_da_drafts_58.yaml", "da58-05")
    assert "beklager" in rewritten_draft("rewrite_da_drafts_58.yaml", "da58-15")
    assert "kontor hos os" not in rewritten_draft("rewrite_da_drafts_58.yaml", "da58-17")


def test_fifty_eighth_drafts_findings_that_were_false_alarms():
    """"I'm so sorry about Biscuit" is the condolence; "Tusind tak for din mail – den har gjort min uge!" is no stock
    opener; "1 Sept. Electric hook-up …" is two sentences (both blind judges, fifty-eighth drafts: false alarms; "backend"
    as no Danish misspelling is in grammar/test_spelling_classes.py)."""
    assert not [f for f in labelled_findings("rewrite_en_drafts_58.yaml", "en58-11") if f.category == "missing_acknowledgement"]
    assert not [f for f in labelled_findings("rewrite_da_drafts_58.yaml", "da58-14") if f.category == "standard_answer"]
    assert not [f for f in labelled_findings("rewrite_en_drafts_58.yaml", "en58-20") if f.category == "long_sentence"
                and "Electric hook-up" in (f.text or "")]


def test_fifty_ninth_drafts():
    """"THIRD time reporting this" (twice told "closed – resolved") lost the reply's only apology; "an assisted digital
    appointment" → "a helped digital appointment"; a nervous mother read as angry because "I har skiftet leverandør af mel"
    counted as her threat to switch; "neutral læderkrem" → "læderrem"; "det fremgår af vores system (AssistPort)" → "jeg kan
    se (AssistPort)"; a praise letter whose daughter "was in tears the week before her prom" read as sad (both blind
    judges, fifty-ninth drafts)."""
    assert "We apologise for any inconvenience caused." in rewritten_draft("rewrite_en_drafts_59.yaml", "en59-15")
    assert "helped digital" not in rewritten_draft("rewrite_en_drafts_59.yaml", "en59-08")
    assert "frustrerende" not in rewritten_draft("rewrite_da_drafts_59.yaml", "da59-02")
    assert "læderkrem" in rewritten_draft("rewrite_da_drafts_59.yaml", "da59-14")
    assert "jeg kan se (AssistPort)" not in rewritten_draft("rewrite_da_drafts_59.yaml", "da59-13")
    prom = rewritten_draft("rewrite_en_drafts_59.yaml", "en59-06")
    assert "glad" in prom.split("\n\n")[1] and "sorted out" not in prom


def test_fifty_ninth_drafts_findings_that_were_false_alarms():
    """"our Logistics Hub" is a department's name; the prom-dress thank-you's missing acknowledgement offered "sorted out"
    (both blind judges, fifty-ninth drafts: false alarms)."""
    assert not [f for f in labelled_findings("rewrite_en_drafts_59.yaml", "en59-03") if f.text == "our Logistics Hub"]
    ack = [f for f in labelled_findings("rewrite_en_drafts_59.yaml", "en59-06") if f.category == "missing_acknowledgement"]
    assert ack and "sorted out" not in ack[0].replacements[0]


def test_sixtieth_drafts():
    """"Well, here we are again. This is my THIRD email … Fantastic." was read as praise ("I'm so glad to hear how pleased
    you are") and "the Allotment Service Level Agreement" became "the Allotment target time"; "i det omfang, dette er
    påkrævet" → "nødvendig" (agreement); a wine-club member charged after cancelling lost the reply's only apology (both
    blind judges, sixtieth drafts)."""
    allotment = rewritten_draft("rewrite_en_drafts_60.yaml", "en60-15")
    assert "glad" not in allotment and "Allotment target time" not in allotment
    assert "dette er nødvendig " not in rewritten_draft("rewrite_da_drafts_60.yaml", "da60-08")
    assert "beklager" in rewritten_draft("rewrite_da_drafts_60.yaml", "da60-18")


@pytest.mark.parametrize("language, message, text, apology", [
    ("en", "I am so fed up with you people!!! Nobody listens to a word I say.",
     "Dear Ms Hall,\n\nThank you for your email.\n\nYour address has now been updated on your account and the next box "
     "goes out on Friday.\n\nWe apologise for any inconvenience caused.\n\nKind regards,\nCustomer Service", "apologise"),
    ("da", "Jeg er SÅ træt af jer!!! Ingen gider høre efter.",
     "Hej Lone\n\nTak for din mail.\n\nDin adresse er nu rettet, og næste kasse sendes fredag.\n\nVi beklager "
     "ulejligheden.\n\nMed venlig hilsen\nKundeservice", "beklager"),
])
def test_an_upset_customers_letter_keeps_its_only_apology_beside_the_acknowledgement(language, message, text, apology):
    """An e-mail to an angry or frustrated customer keeps its only apology though the message names no fault: across the
    blind rounds losing it beside a line naming the feeling was judged worse 27 times in 34 verdicts. In a chat line
    the acknowledgement takes its place."""
    email = run(text, language, message).rewrite["text"]
    assert _ACKNOWLEDGEMENT.search(email) and apology in email
    chat = run(text, language, message, channel="chat").rewrite["text"]
    assert _ACKNOWLEDGEMENT.search(chat) and apology not in chat


def test_sixty_first_drafts():
    """An order reference "BS-0418" was read as a swear word (a happy customer got "I understand how frustrating this
    is"); "Kvalitetsteamet" became "en kollega"; "De har rettet henvendelse" opening a formal letter got "du" before it;
    "Hej Rasmus og Tine" got "du er bekymret"; "Det beklager jeg." after "at du er utilfreds" apologised for the feeling
    (both blind judges, sixty-first drafts)."""
    shoes = rewritten_draft("rewrite_en_drafts_61.yaml", "en61-14")
    assert "frustrating" not in shoes
    assert "Kvalitetsteamet" in rewritten_draft("rewrite_da_drafts_61.yaml", "da61-17")
    parking = rewritten_draft("rewrite_da_drafts_61.yaml", "da61-08")
    assert not mixes_address(parking.split("Med venlig hilsen")[0])
    solar = rewritten_draft("rewrite_da_drafts_61.yaml", "da61-05")
    assert " du " not in solar.split("Med venlig hilsen")[0]
    bus = rewritten_draft("rewrite_da_drafts_61.yaml", "da61-13")
    assert "utilfreds. Det beklager jeg" not in bus and "beklager" in bus


def test_sixty_second_drafts():
    """"in line with our SLA of 5 working days" lost its head ("processed of 5 working days"); "As per our Terms &
    Conditions, refunds are only issued where …" lost its basis; a widow told "please don't worry" got a condolence
    before it; "idet det bemærkes" became "fordi"; a split after "kr." gave "kr.."; a thank-you with "😭❤️" was read as
    sadness (both blind judges, sixty-second drafts)."""
    ferry = rewritten_draft("rewrite_en_drafts_62.yaml", "en62-13")
    assert "processed of" not in ferry
    assert "Terms & Conditions" in rewritten_draft("rewrite_en_drafts_62.yaml", "en62-02")
    assert not rewritten_draft("rewrite_en_drafts_62.yaml", "en62-11").startswith("Dear Mrs Pritchard,\n\nI'm sorry")
    assert "fordi det bemærkes" not in rewritten_draft("rewrite_da_drafts_62.yaml", "da62-20")
    assert "kr.." not in rewritten_draft("rewrite_da_drafts_62.yaml", "da62-17")
    cake = labelled_findings("rewrite_en_drafts_62.yaml", "en62-06")
    assert not any(f.category == "missing_acknowledgement" and "sorted" in (f.replacements or ("",))[0] for f in cake)


def test_an_abbreviations_full_stop_ends_a_split_sentence():
    """Split at ", og" after "kr." the sentence keeps one full stop ("225 kr. Tasken", not "kr.. Tasken")."""
    text = ("Hej Louise\n\nReparation kan udføres mod betaling, og prisen for en ny rem er 395 kr. og for omsyning 225 kr., "
            "og tasken skal indsendes til vores værksted i Vejle, før reparationen kan påbegyndes af en af vores sadelmagere.\n\n"
            "Med venlig hilsen\nLind Leather")
    result = run(text, "da")
    rewritten = result.rewrite["text"] if result.rewrite else text
    assert "kr.." not in rewritten


def test_sixty_third_drafts():
    """"2nd month in a row my beans came GROUND" lost the chat's only apology (a fault counted over deliveries is a
    repeat); "If I don't hear by Friday I'm getting someone else in and sending you the bill" was read as worry about
    Friday; "i prøvesystemet" / "ikke automatisk registreres i driftssystemet" → "hos os"; "idet der i øvrigt henvises" →
    "fordi"; "bekræfter hermed" → "bekræfter nu" (both blind judges, sixty-third drafts)."""
    beans = rewritten_draft("rewrite_en_drafts_63.yaml", "en63-18")
    assert "sorry" in beans.lower()
    roof = rewritten_draft("rewrite_en_drafts_63.yaml", "en63-05")
    assert "worry" not in roof.split("\n\n")[1]
    assert "indberettet hos os" not in rewritten_draft("rewrite_da_drafts_63.yaml", "da63-19")
    lamp = rewritten_draft("rewrite_da_drafts_63.yaml", "da63-15")
    assert "registreres hos os" not in lamp and "bekræfter nu" not in lamp
    assert "fordi der i øvrigt" not in rewritten_draft("rewrite_da_drafts_63.yaml", "da63-01")


def test_sixty_fourth_drafts():
    """A delighted parent ("Kerry … is an absolute star ⭐ … 😍") got "that must be really frustrating"; "in line with our
    SLA," deleted took the comma that closed the clause ("15 working days any refund"); "Jeg kan forstå, at du har betalt
    to gange." restated the fact to an angry customer (both blind judges, sixty-fourth drafts)."""
    assert "frustrating" not in rewritten_draft("rewrite_en_drafts_64.yaml", "en64-17")
    assert "working days any refund" not in rewritten_draft("rewrite_en_drafts_64.yaml", "en64-01")
    assert "betalt to gange" not in rewritten_draft("rewrite_da_drafts_64.yaml", "da64-12")


def test_sixty_fifth_drafts():
    """A list of documents after a colon, with brackets of its own, was split into a fragment ("… the Registrar. The
    Exclusive Right of Burial deed."); "Assisted passengers" → "Helped passengers"; a runner whose massage the clinic
    cancelled ("an email saying its cancelled??") lost the reply's only apology; "Not a big deal but my son was a bit
    gutted 🙂" got "I understand this has been hard for you"; "der er foretaget bestilling af" → "der er bestilt af";
    "værkstedsteamet (VT2)" → "en kollega (VT2)"; "Deres henvendelse" opening a letter got a "du" line before it (both blind
    judges, sixty-fifth drafts)."""
    burial = rewritten_draft("rewrite_en_drafts_65.yaml", "en65-11")
    assert "Registrar. The Exclusive" not in burial
    assert "Helped passengers" not in rewritten_draft("rewrite_en_drafts_65.yaml", "en65-13")
    assert "apologise" in rewritten_draft("rewrite_en_drafts_65.yaml", "en65-03")
    assert "hard for you" not in rewritten_draft("rewrite_en_drafts_65.yaml", "en65-20")
    tuba = rewritten_draft("rewrite_da_drafts_65.yaml", "da65-01")
    assert "bestilt af ny" not in tuba and "en kollega (VT2)" not in tuba
    boat = rewritten_draft("rewrite_da_drafts_65.yaml", "da65-04")
    assert not mixes_address(boat.split("Med venlig hilsen")[0])


def test_sixty_sixth_drafts():
    """"the red has bled into the cream border" was read as blood ("We can imagine how frightening this has been" to a
    furious rug owner, who lost the only apology); "besigtiges af Træpleje-teamet" → "af en kollega" (both blind judges,
    sixty-sixth drafts)."""
    rug = rewritten_draft("rewrite_en_drafts_66.yaml", "en66-10")
    assert "frightening" not in rug and "apologise" in rug
    assert "Træpleje-teamet" in rewritten_draft("rewrite_da_drafts_66.yaml", "da66-15")


def test_sixty_seventh_drafts():
    """"Just reply to this email" for an 80-year-old who does not use the computer and gave her phone number; a patient
    whose operation the clinic "rescheduled" lost the only apology; "Bemærk venligst, at utætheder ved samlingen … ofte
    skyldes" lost its frame and kept subordinate word order; "af d.d." → "af i dag" lost the sentence's full stop; "inkl.
    moms samt kørselstillæg" → "og" put the mileage in the price (both blind judges, sixty-seventh drafts)."""
    harpsichord = rewritten_draft("rewrite_en_drafts_67.yaml", "en67-01")
    assert "reply to this email" not in harpsichord
    assert "apologise" in rewritten_draft("rewrite_en_drafts_67.yaml", "en67-03")
    assert "Bemærk venligst, at utætheder" in rewritten_draft("rewrite_da_drafts_67.yaml", "da67-05")
    cembalo = rewritten_draft("rewrite_da_drafts_67.yaml", "da67-01")
    assert "af i dag\n" not in cembalo and "moms og kørselstillæg" not in cembalo


def test_sixty_eighth_drafts():
    """"what time do I need to be there" read as worry; "Deres lokale skorstensfejer" → "dit lokale" (the adjective taken
    for the room); "Det beklager jeg." after "at du er utilfreds" in a chat line (both blind judges, sixty-eighth
    drafts)."""
    assert "worry" not in rewritten_draft("rewrite_en_drafts_68.yaml", "en68-19")
    assert "dit lokale skorstensfejer" not in rewritten_draft("rewrite_da_drafts_68.yaml", "da68-05")
    assert "utilfreds. Det beklager jeg" not in rewritten_draft("rewrite_da_drafts_68.yaml", "da68-02")


def test_worry_for_someone_the_customer_looks_after_is_not_called_frustration():
    """A problem told for a child or an elderly parent is worry about them: across the kept blind verdicts a "frustrating"
    line to such a customer was better 7 times in 30; impatience with the company ("STADIG", "Seriøst??") stays
    frustration."""
    worried = Document(text="Hej", language="da", customer_message=(
        "Min mor på 84 afleverede sit høreapparat for to uger siden, og vi har ikke hørt noget. Hun skal på busrejse den "
        "23. maj og kan næsten ikke høre noget uden det. Kan I nå det?"))
    assert worried.customer.emotion == "worried"
    impatient = Document(text="Hej", language="da", customer_message=(
        "Vi bestilte billeder af vores datter for over 5 uger siden og har STADIG ikke fået dem. Seriøst?? Hvad sker der?"))
    assert impatient.customer.emotion != "worried"


def test_sixty_ninth_and_seventieth_drafts():
    """"triaged to the Clinical Admin team" → "checked to"; "imødekomme dig" → "opfylde dig"; "Tak for din mail og
    billederne" (the only word that the photos arrived) replaced; "ikke installationen, men derimod en kendt fejl" split
    into a verbless "Men derimod …"; "Sagen er nu eskaleret" → "sendt videre" to a customer on a third chase; "As per our
    T&Cs, cancellations … are refunded as a voucher" lost its terms; a line put before "You're not being a pain at all"
    (both blind judges, sixty-ninth and seventieth drafts)."""
    assert "checked to" not in rewritten_draft("rewrite_en_drafts_69.yaml", "en69-03")
    assert "opfylde dig" not in rewritten_draft("rewrite_da_drafts_69.yaml", "da69-02")
    assert "Tak for din mail og billederne" in rewritten_draft("rewrite_da_drafts_69.yaml", "da69-10")
    assert "Men derimod" not in rewritten_draft("rewrite_da_drafts_70.yaml", "da70-05")
    assert "sendt videre," not in rewritten_draft("rewrite_da_drafts_70.yaml", "da70-04")
    assert "T&Cs" in rewritten_draft("rewrite_en_drafts_70.yaml", "en70-12")
    hearing = rewritten_draft("rewrite_en_drafts_70.yaml", "en70-03")
    assert "worry for you. You're not" not in hearing


def test_seventy_first_and_seventy_second_drafts():
    """"unable to reissue tickets without a valid booking reference" → "can reissue … as soon as we have" (a promise);
    "visitationsteamet" / "forsikringsteamet" → "en kollega"; "du" to a customer who wrote "Goddag"; "Beskeder … rettes
    til"; "efter anciennitet efter"; "the portal" → "our website" beside "the BikeHub portal"; a worry line to a
    thank-you whose story has "by Sunday he was …"; a worry line before "Please don't lie awake over this"; "du har
    måttet kontakte os flere gange" to a daughter who says she is afraid her father will fall (both blind judges,
    seventy-first and seventy-second drafts)."""
    assert "as soon as we have" not in rewritten_draft("rewrite_en_drafts_71.yaml", "en71-09")
    discharge = rewritten_draft("rewrite_da_drafts_71.yaml", "da71-05")
    assert "visitationsteamet" in discharge and "kontakte os flere gange" not in discharge
    assert "bekymret" in discharge or "urolig" in discharge
    assert "forsikringsteamet" in rewritten_draft("rewrite_da_drafts_72.yaml", "da72-16")
    water = rewritten_draft("rewrite_da_drafts_72.yaml", "da72-03")
    assert "hvis De har" in water and "din besked" not in water
    assert "Beskeder" not in rewritten_draft("rewrite_da_drafts_72.yaml", "da72-05")
    assert "anciennitet efter" not in rewritten_draft("rewrite_da_drafts_72.yaml", "da72-17")
    assert "through the portal" in rewritten_draft("rewrite_en_drafts_72.yaml", "en72-16")
    sailing = rewritten_draft("rewrite_en_drafts_72.yaml", "en72-05")
    assert "worry" not in sailing and "Thank you" in sailing
    cattery = rewritten_draft("rewrite_en_drafts_72.yaml", "en72-07")
    assert cattery.startswith("Dear Helen,\n\nPlease don't lie awake")


def test_seventy_first_and_seventy_second_drafts_findings_that_were_false_alarms():
    """A prospective member's "nothing from scratch" and a visit's "come on the Friday" read as a problem and as
    frustration; a reassurance in the customer's own picture did not count as acknowledging a worry; the widow's own
    "tage stilling til" flagged as heavy wording; "upon receipt of" the customer's notice → "once we receive" (both blind
    judges, seventy-first and seventy-second drafts: false alarms)."""
    for filename, prefix in (("rewrite_en_drafts_71.yaml", "en71-18"), ("rewrite_en_drafts_71.yaml", "en71-20"),
                             ("rewrite_en_drafts_72.yaml", "en72-07")):
        assert not [f for f in labelled_findings(filename, prefix) if f.category == "missing_acknowledgement"], prefix
    # The thank-you is answered as one ("Thank you for your kind words."), never as a worry.
    praise = [f for f in labelled_findings("rewrite_en_drafts_72.yaml", "en72-05") if f.category == "missing_acknowledgement"]
    assert all("worry" not in r for f in praise for r in f.replacements)
    assert not [f for f in labelled_findings("rewrite_da_drafts_71.yaml", "da71-13") if f.category == "nominal_style"]
    receipt = [f for f in labelled_findings("rewrite_en_drafts_72.yaml", "en72-08") if "receipt" in f.rule]
    assert receipt and all(f.replacements == () for f in receipt)


def test_a_thank_you_for_kind_words_is_not_put_before_the_replys_own_thanks():
    """"Tusind tak for de pæne ord. Tak for din besked om ordre #10482." opened twice alike: before the reply's own
    thanks the delight is said without thanking; thanks for a quick delivery beside a leak the customer wants replaced is
    no praise at all (sixty-ninth and seventieth drafts, both blind judges)."""
    praise = rewritten_draft("rewrite_da_drafts_31.yaml", "da31-08")
    assert "pæne ord. Tak for" not in praise and "søde ord. Tak for" not in praise
    assert "Det er dejligt at høre" in praise
    leak = rewritten_draft("rewrite_da_drafts_70.yaml", "da70-16")
    assert "pæne ord" not in leak and "glad" not in leak


def test_seventy_third_and_seventy_fourth_drafts():
    """"at Deres henvendelse er registreret" → "at din jeg har fået din besked"; "sagen er under behandling og indgår i
    sagskøen" → "vi kigger på det nu og indgår …"; "Svartiden i 2nd line" → "i vores specialister"; "escalated to 2nd
    line technical support" → "a specialist technical support"; "Vi gør opmærksom på" → "Bemærk" before a paragraph that
    opens with "Bemærk"; "RMA-nummeret" → "returnummeret" beside "RMA 100482-1"; a condolence stacked on "Vi beklager det
    skete"; a line before "Vi beklager, at du ikke er tilfreds"; "I can see why you're upset." before a kept "We apologise
    for any inconvenience caused and thank you …"; "how frustrating" to an elderly man afraid he did something wrong;
    "en opkrævning, du ikke havde ventet" to a family with no booking confirmation (both blind judges, seventy-third and
    seventy-fourth drafts)."""
    cottage = rewritten_draft("rewrite_da_drafts_73.yaml", "da73-11")
    assert "din jeg har" not in cottage
    assert "vi kigger på det nu og indgår" not in rewritten_draft("rewrite_da_drafts_73.yaml", "da73-08")
    assert "i vores specialister" not in rewritten_draft("rewrite_da_drafts_74.yaml", "da74-14")
    assert "a specialist technical support" not in rewritten_draft("rewrite_en_drafts_74.yaml", "en74-14")
    car_seat = rewritten_draft("rewrite_da_drafts_73.yaml", "da73-14")
    assert "RMA-nummeret" in car_seat and car_seat.count("Bemærk,") <= 1
    widow = rewritten_draft("rewrite_da_drafts_74.yaml", "da74-05")
    assert "dit tab" in widow and "beklager det skete" not in widow
    assert "utilfreds" not in rewritten_draft("rewrite_da_drafts_74.yaml", "da74-09")
    roof = rewritten_draft("rewrite_en_drafts_73.yaml", "en73-10")
    assert "inconvenience" not in roof and "sorry about this and thank you" in roof
    assert "frustrating" not in rewritten_draft("rewrite_en_drafts_73.yaml", "en73-13")
    assert "ikke havde ventet" not in rewritten_draft("rewrite_da_drafts_73.yaml", "da73-03")
    assert "charge you didn't expect" not in rewritten_draft("rewrite_en_drafts_71.yaml", "en71-09")


def test_seventy_fifth_and_seventy_sixth_drafts():
    """"Refusion kan ikke foretages via chatten, men skal ske gennem Wolt" → "Vi kan ikke betale pengene tilbage …, men
    skal ske …"; a line put before "Your reference: HW/2025/02488"; "under RMA 55-2219" → "under return 55-2219"; "a worry"
    to a customer who asked "What on earth have you done to it??" about a shrunk suit and to a parent whose daughter is "so
    bit nervous" (both blind judges, seventy-fifth and seventy-sixth drafts)."""
    assert "men skal ske" not in rewritten_draft("rewrite_da_drafts_75.yaml", "da75-08") \
        or "Vi kan ikke betale" not in rewritten_draft("rewrite_da_drafts_75.yaml", "da75-08")
    pothole = rewritten_draft("rewrite_en_drafts_76.yaml", "en76-11")
    assert "this is. Your reference" not in pothole and "frustrating this is.\nYour reference" not in pothole
    assert "return 55-2219" not in rewritten_draft("rewrite_en_drafts_76.yaml", "en76-17")
    for prefix in ("en76-18", "en76-13"):
        assert "worry" not in rewritten_draft("rewrite_en_drafts_76.yaml", prefix), prefix


def test_seventy_seventh_and_seventy_eighth_drafts():
    """"unable to book remedial works until this review has been completed" → "can book … as soon as …" (a promise the
    review may not keep); "Jeg forstår godt, at De er bekymret" to a grandmother who is only "lidt usikker" (both blind
    judges, seventy-seventh and seventy-eighth drafts)."""
    assert "as soon as" not in rewritten_draft("rewrite_en_drafts_78.yaml", "en78-11")
    assert "bekymret" not in rewritten_draft("rewrite_da_drafts_77.yaml", "da77-16")
    # A swap that says "du" in a letter kept formal ("De bedes venligst udfylde" → "Vi beder dig udfylde … De vil
    # modtage", "Vi takker for din forståelse" beside "Deres ordre"): both blind judges, broken.
    assert not mixes_address(rewritten_draft("rewrite_da_drafts_78.yaml", "da78-10"))
    assert not mixes_address(rewritten_draft("rewrite_da_drafts_77.yaml", "da77-10"))


def test_seventy_ninth_and_eightieth_drafts():
    """The classes both blind judges named in the seventy-ninth and eightieth drafts."""
    # "escalated to 2nd line" → "passed to a specialist" lost the escalation (broken); "escalated" stays.
    pressings = rewritten_draft("rewrite_en_drafts_80.yaml", "en80-07")
    assert "passed to a specialist" not in pressings and "escalated" in pressings
    # "not guaranteed as per our T&Cs" is the refusal's basis: deleted, it read bare to a customer demanding a refund.
    assert "as per our T&Cs" in rewritten_draft("rewrite_en_drafts_80.yaml", "en80-19")
    # "case number" → "reference number" beside another "ref": "quote the reference number above" pointed at two numbers.
    allotment = rewritten_draft("rewrite_en_drafts_79.yaml", "en79-03")
    assert "quote the case number above" in allotment and "reference number" not in allotment
    # "Thanks for a great book otherwise" after a path closure flagged: a report, not a thank-you.
    assert "glad" not in rewritten_draft("rewrite_en_drafts_79.yaml", "en79-15")
    # Sarcasm that closes the message without a full stop ("absolutely brilliant service guys, really").
    escape = labelled_draft("rewrite_en_drafts_80.yaml", "en80-14")
    assert feeling(Document(text=escape["text"], language="en", channel=escape.get("channel", "email"),
                            customer_message=escape["message"])) == "frustrated"
    # A letter signed by a function ("Bookings & Accounts") that says "We refer …": the acknowledgement says "we".
    horsebox = rewritten_draft("rewrite_en_drafts_80.yaml", "en80-17")
    assert "We can see why you're upset." in horsebox and "I can see" not in horsebox
    # "6 ud af 12 hostaer er døde" is no bereavement.
    assert "tab" not in rewritten_draft("rewrite_da_drafts_80.yaml", "da80-01").split()
    # An apology for the late reply ("beklager den sene besvarelse") leaves the apology for the wrong, broken order.
    assert "Vi beklager ulejligheden." in rewritten_draft("rewrite_da_drafts_80.yaml", "da80-19")
    # "For yderligere information henvises til …" → "For at vide mere henvises til …" dangled.
    assert "For at vide mere henvises" not in rewritten_draft("rewrite_da_drafts_79.yaml", "da79-16")


def test_seventy_ninth_and_eightieth_drafts_findings_that_were_false_alarms():
    """"Forsendelsesteamet" names what the team does (both blind judges: false alarm); dead plants are no loss."""
    honey = labelled_findings("rewrite_da_drafts_79.yaml", "da79-01")
    assert not [f for f in honey if f.category == "internal_language" and "forsendelsesteam" in (f.text or "").lower()]
    plants = labelled_findings("rewrite_da_drafts_80.yaml", "da80-01")
    assert not [f for f in plants if "tab" in " ".join(f.replacements).split()]


def test_eighty_first_and_eighty_second_drafts():
    """The classes both blind judges named in the eighty-first and eighty-second drafts."""
    # "Kindly note that X, and that Y" / "It should be noted that X, and that Y": deleted, the second "that" dangled.
    charity = rewritten_draft("rewrite_en_drafts_82.yaml", "en82-13")
    assert "Collections within" not in charity and "note that collections" in charity
    assert "It should be noted that stump" in rewritten_draft("rewrite_en_drafts_82.yaml", "en82-01")
    # A chat customer charged again "third month running" keeps the reply's only apology.
    assert "Apologies for any inconvenience" in rewritten_draft("rewrite_en_drafts_82.yaml", "en82-16")
    # A fee the customer disputes with a photo, and the reply upholds, is no "charge you didn't expect"; its terms stay.
    bike = rewritten_draft("rewrite_en_drafts_82.yaml", "en82-09")
    assert "didn't expect" not in bike and "in line with our T&Cs" in bike
    # "the consignment as delivered by your merchant" → "the delivery as delivered": a swap repeats no form of a word.
    assert "delivery as delivered" not in rewritten_draft("rewrite_en_drafts_82.yaml", "en82-19")
    # "idet … dog" is "though": no "fordi" (both judges, broken twice).
    assert "fordi sager med rotter" not in rewritten_draft("rewrite_da_drafts_81.yaml", "da81-03")
    assert ", fordi skorstensfejerens" not in rewritten_draft("rewrite_da_drafts_81.yaml", "da81-20")
    # The employer's payroll system is theirs: no "hos os hos arbejdsgiveren".
    assert "hos os hos" not in rewritten_draft("rewrite_da_drafts_81.yaml", "da81-13")
    # A system given with its web address is one the customer books in.
    assert "BookCamp-systemet" in rewritten_draft("rewrite_da_drafts_82.yaml", "da82-08")
    # "…, bemærk venligst at …" after a clause: deleted, it left a comma splice.
    assert "bemærk venligst at tidsvinduer" in rewritten_draft("rewrite_da_drafts_81.yaml", "da81-02")


def test_eighty_first_and_eighty_second_drafts_findings_that_were_false_alarms():
    """"De" to an 81-year-old's "Goddag", "Vi henviser til Deres mail", a donation's "few scratches … but it's solid",
    the condolence swapped into a running clause, "Callout fee" (both blind judges: false alarms)."""
    elderly = labelled_findings("rewrite_da_drafts_82.yaml", "da82-13")
    assert not [f for f in elderly if f.rule.startswith("da.plain_language.formel_")]
    glamping = labelled_findings("rewrite_da_drafts_81.yaml", "da81-05")
    assert not [f for f in glamping if f.rule == "da.plain_language.der_henvises_til"]
    donation = labelled_findings("rewrite_en_drafts_82.yaml", "en82-13")
    assert not [f for f in donation if f.category == "missing_acknowledgement"]
    wreath = labelled_findings("rewrite_da_drafts_81.yaml", "da81-09")
    for f in wreath:
        if f.category == "sympathy" and f.replacements:
            assert "i forbindelse med bestillingen" in f.text


def test_eighty_third_and_eighty_fourth_drafts():
    """The classes both blind judges named in the eighty-third and eighty-fourth drafts."""
    assert "Tessitura our records" not in rewritten_draft("rewrite_en_drafts_84.yaml", "en84-08")
    assert "which is framework" not in rewritten_draft("rewrite_en_drafts_84.yaml", "en84-04")
    assert ";," not in rewritten_draft("rewrite_en_drafts_84.yaml", "en84-13")
    assert "the date your request was raised" not in rewritten_draft("rewrite_en_drafts_84.yaml", "en84-05")
    assert "and please check" not in rewritten_draft("rewrite_en_drafts_83.yaml", "en83-14")
    assert "frustrating" not in rewritten_draft("rewrite_en_drafts_84.yaml", "en84-14")
    assert "going through" not in rewritten_draft("rewrite_en_drafts_83.yaml", "en83-11")
    assert "ikke på lager lige nu" not in rewritten_draft("rewrite_da_drafts_83.yaml", "da83-14")
    assert "varer ikke på lager" not in rewritten_draft("rewrite_da_drafts_83.yaml", "da83-12")
    assert "Men forventer" not in rewritten_draft("rewrite_da_drafts_84.yaml", "da84-17")
    rainwater = rewritten_draft("rewrite_da_drafts_84.yaml", "da84-12")
    assert "og, om" not in rainwater and "for denne" not in rainwater
    assert "Refusion af forudbetalte 899 kr. først" not in rewritten_draft("rewrite_da_drafts_84.yaml", "da84-04")


def test_eighty_third_and_eighty_fourth_drafts_findings_that_were_false_alarms():
    """Acronyms, a course's level and unit, "Events-teamet", a mid-sentence refusal swap, "tage stilling til" and a
    second time that did not happen (both blind judges: false alarms)."""
    course = labelled_findings("rewrite_en_drafts_84.yaml", "en84-10")
    assert not [f for f in course if f.text in ("L2", "the Unit")]
    archery = labelled_findings("rewrite_da_drafts_84.yaml", "da84-14")
    assert not [f for f in archery if "Events-teamet" in (f.text or "")]
    pram = labelled_findings("rewrite_da_drafts_84.yaml", "da84-02")
    assert not [f for f in pram if f.category == "negative_phrasing" and f.replacements]
    shoes = labelled_findings("rewrite_da_drafts_84.yaml", "da84-09")
    assert not [f for f in shoes if "stilling til" in (f.text or "")]
    cafe = labelled_findings("rewrite_da_drafts_84.yaml", "da84-18")
    assert not [f for f in cafe if f.category == "missing_acknowledgement" and "løst" in " ".join(f.replacements)]


def test_eighty_fifth_and_eighty_sixth_drafts():
    """The classes both blind judges named in the eighty-fifth and eighty-sixth drafts (and the eighty-fourth's
    "you've been waiting" said to a daughter of her mother's wait)."""
    lift = rewritten_draft("rewrite_da_drafts_85.yaml", "da85-08")
    assert "ikke havde ventet" not in lift
    boiler = rewritten_draft("rewrite_da_drafts_85.yaml", "da85-15")
    assert "hvilket med samarbejdspartneren" not in boiler and "vi kontakter dig" not in boiler
    assert "fordi weekender" not in boiler
    hedge = rewritten_draft("rewrite_da_drafts_86.yaml", "da86-05")
    assert not mixes_address(hedge) and "Jeg " not in hedge.split("\n\n")[1]
    assert "Beskeder om manglende MitID" not in rewritten_draft("rewrite_da_drafts_85.yaml", "da85-05")
    assert "waiting a long time" not in rewritten_draft("rewrite_en_drafts_84.yaml", "en84-12")
    assert "kind words" in rewritten_draft("rewrite_en_drafts_86.yaml", "en86-02")


def test_eighty_fifth_and_eighty_sixth_drafts_findings_that_were_false_alarms():
    """"clinical signs were noted" is no logging of ours; praise asks for thanks, not a refusal's acknowledgement
    (both blind judges: false alarms)."""
    claim = labelled_findings("rewrite_en_drafts_86.yaml", "en86-03")
    assert not [f for f in claim if f.text == "were noted"]
    doughnut = labelled_findings("rewrite_en_drafts_86.yaml", "en86-02")
    assert not [f for f in doughnut if "news you wanted" in " ".join(f.replacements)]


def test_eighty_seventh_and_eighty_eighth_drafts():
    """The classes both blind judges named in the eighty-seventh and eighty-eighth drafts."""
    assert "£180 about" not in rewritten_draft("rewrite_en_drafts_88.yaml", "en88-18")
    assert "occurred about this" not in rewritten_draft("rewrite_en_drafts_88.yaml", "en88-10")
    assert "unused our warehouse" not in rewritten_draft("rewrite_en_drafts_88.yaml", "en88-12")
    assert "top-priority issue incident" not in rewritten_draft("rewrite_en_drafts_88.yaml", "en88-19")
    assert "I'm sorry, but" not in rewritten_draft("rewrite_en_drafts_88.yaml", "en88-14")
    phone = rewritten_draft("rewrite_en_drafts_87.yaml", "en87-02")
    assert "speed up this" not in phone and "our specialist team" not in phone
    bike = rewritten_draft("rewrite_en_drafts_87.yaml", "en87-19")
    assert "waiting for us to check it" not in bike and "let you know of" not in bike
    assert "Så du kan" not in rewritten_draft("rewrite_da_drafts_88.yaml", "da88-08")
    assert "ressourcestyring hos os" not in rewritten_draft("rewrite_da_drafts_88.yaml", "da88-03")


def drafts_file(prefix):
    """The labelled set a draft belongs to, by its id ("da93-16" → rewrite_da_drafts_93.yaml)."""
    return f"rewrite_{prefix[:2]}_drafts_{prefix[2:].split('-')[0]}.yaml"


# (draft, wording its rewrite must not have, wording it must keep): the classes both blind judges named in the
# eighty-ninth to hundred-and-fifty-sixth drafts (docs/quality/rewrite.md, one section per pair of sets).
JUDGED_CLASSES = [
    ("en89-06", ("cancellation Form",), ("Termination Form",)),
    ("en89-20", (), ("As per our terms",)),
    ("en89-12", (), ("as per our T&Cs",)),
    ("en89-01", ("you've been waiting",), ("replacement are dispatched",)),
    ("en90-01", ("reply to this email on",), ("0161 496 0732",)),
    ("en90-14", (), ("We apologise for any inconvenience caused.",)),
    ("da90-08", ("behandler den (48 timer)",), ()),
    ("da90-02", ("vred. Men der kan derfor",), ("Vi beklager ulejligheden, men",)),
    ("da90-12", ("rettidig du betaler",), ()),
    ("da90-19", ("frustrerende",), ()),
    ("en91-03", ("your request is closed",), ()),
    ("en91-13", ("frustrating",), ()),
    ("en91-19", ("nobody got back to you",), ()),
    ("da91-07", ("Vedr. Dit",), ("Vedr. dit spørgsmål",)),
    ("da91-16", ("Fra i dag er der",), ()),
    ("da91-03", ("Nu bekræftelse", "juridisk kollega"), ()),
    ("da92-05", ("er ændret pumpens", "Bemærk"), ()),
    ("da92-17", ("med jeres port",), ("der ikke kom nogen",)),
    ("da92-04", (), ("beklager",)),
    ("da93-16", ("De skal sende varen retur i form af",), ()),
    ("da93-02", ("pilotplanen for denne måned",), ()),
    ("da93-17", ("opfylde din besked",), ()),
    ("da93-18", ("frustrerende",), ()),
    ("da93-09", ("frustrerende",), ()),
    ("en93-07", ("We let you know",), ()),
    ("en94-07", (), ("as per our Terms",)),
    ("en94-05", ("concerned", "frustrating"), ()),
    ("en94-06", ("going through",), ()),
    ("en94-14", ("Only on receipt",), ()),
    ("da94-06", ("Billetkontorets vores",), ()),
    ("da94-18", ("vi opkræver 50%",), ()),
    ("da94-14", ("tag gerne den",), ("tag den gerne direkte",)),
    ("en95-08", ("our supplier",), ()),
    ("en95-07", ("Sped up processing",), ()),
    ("en95-01", ("going through",), ()),
    ("en96-13", ("nan sorted out",), ()),
    ("da95-19", ("automatisk hos os",), ()),
    ("da96-14", ("seneste forventet tidspunkt",), ()),
    ("en97-16", ("January. The associated",), ()),
    ("en97-15", (), ("In line with our Returns Policy",)),
    ("en97-17", ("frustrating",), ()),
    ("da97-15", ("bruge denne,",), ()),
    ("da98-07", (), ("beklager",)),
    ("da98-13", ("har været igennem",), ()),
    ("en99-08", ("Heading. I understand",), ()),
    ("en100-18", (), ("our terms and conditions",)),
    ("en100-14", (), ("in line with our Terms & Conditions",)),
    ("da99-19", ("Svar bare på denne mail",), ()),
    ("en102-09", ("Permits my colleagues",), ("Permits Back Office",)),
    ("en103-05", ("install sped up", "install expedited"), ()),
    ("en103-20", ("It should drying",), ()),
    ("en103-15", ("card twice",), ()),
    ("en103-09", ("a charge you didn't expect",), ()),
    ("da103-05", (), ("beklager",)),
    ("da104-04", ("kundeservice fredag",), ("1st line-teknikeren",)),
    ("en104-06", (), ("I understand why you're concerned.",)),
    ("en105-19", ("hung up on",), ("your code isn't working",)),
    ("en105-11", ("Items must be inspected",), ()),
    ("en105-06", ("a charge you didn't expect",), ()),
    ("da105-14", ("en fast forventet tidspunkt",), ()),
    ("da105-11", ("frustrerende",), ("vi beklager de gener",)),
    ("en106-03", ("When it arrives",), ("Upon receipt",)),
    ("da106-09", ("Vi sender din ordre",), ()),
    ("da107-07", ("har forventet tidspunkt",), ()),
    ("da107-15", ("T&en kollega",), ("T&S-teamet",)),
    ("da107-20", ("dine rådgiver",), ("din rådgiver",)),
    ("en107-07", ("our specialist team at manufacturer",), ()),
    ("da108-18", ("så snart contentet",), ("før contentet er leveret",)),
    ("en109-08", ("position about the bay",), ()),
    ("da109-06", ("Bemærk, at det fremgår",), ()),
    ("en110-08", ("\nThe completed Bereavement", ". The completed Bereavement"), ("and the completed Bereavement Settlement Form",)),
    ("en110-14", ("I understand why you're concerned",), ()),
    ("da111-02", ("utilfreds",), ()),
    ("da111-15", ("hvad du har været igennem",), ()),
    ("en111-16", ("upset",), ()),
    ("da111-03", (), ("Vi beklager de gener det har medført.",)),
    ("da111-04", ("dog så dækningen",), ()),
    ("da111-01", ("besked om årsopgørelse",), ()),
    ("en111-09", ("sent your refund",), ()),
    ("en112-17", ("sorry to hear what you've been going through",), ()),
    ("en112-05", ("as soon as the supplier reconciliation",), ()),
    ("en112-09", ("Once received we'll",), ()),
    ("da112-06", ("vi kigger på det nu",), ()),
    ("da112-01", ("en specialist og NOC",), ()),
    ("en113-03", ("our supplier",), ("the supplier cancelling",)),
    ("en113-13", ("The date for the part",), ("The expected date for the part",)),
    ("en113-05", ("upset",), ()),
    ("en114-04", ("waiting a long time",), ()),
    ("da113-05", ("bekymrede",), ()),
    ("da113-18", ("vi giver 2.550",), ("vi udbetaler 2.550 kr.",)),
    ("da114-06", ("Eventuelle flere",), ()),
    ("da113-06", ("blive startet",), ()),
    ("en115-18", ("certificate got before",), ()),
    ("en115-12", ("\nThe new lift maintenance contract", ". The new lift maintenance contract", "result about this"), ()),
    ("da115-01", ("skal vi giver",), ()),
    ("da115-08", ("Deres tab",), ()),
    ("en116-19", ("frustrated about your sitter",), ("nobody turned up as arranged",)),
    ("da116-12", ("står i betalingssiden",), ()),
    ("da116-16", ("til rette den",), ("tilrette den",)),
    ("da116-01", ("ubehageligt", "alvorligt"), ("kontakte os flere gange",)),
    ("en117-18", ("about your identity",), ()),
    ("en117-15", ("sad about your application",), ("upsetting it is that your application wasn't approved",)),
    ("en117-14", ("\nThe approval of the interest rate", ". The approval of the interest rate"), ()),
    ("en117-20", ("what you've been going through",), ("nobody turned up as arranged",)),
    ("da117-02", ("at vi kigger på det nu",), ()),
    ("da117-10", ("ubehageligt",), ()),
    ("da117-01", ("De er rigtig utilfreds",), ()),
    ("da118-09", ("urolig",), ()),
    ("da118-10", ("du ikke havde ventet",), ()),
    ("da118-01", ("der er startet øget opsyn",), ()),
    ("en119-04", ("Our the person",), ()),
    ("da119-07", ("ubehageligt",), ()),
    ("da119-02", ("dette trafikselskab", "De telefonkøen", "kontakte os flere gange"), ("ventet længe i telefonkøen",)),
    ("en120-06", ("Please not drive",), ()),
    ("en120-15", ("frustrating",), ()),
    ("en120-04", ("Hi Gary",), ()),
    ("da120-06", ("vi giver ikke tilskud",), ()),
    ("en121-08", ("with a date of",), ()),
    ("en122-04", ("reference number.",), ("reference number MB-22931",)),
    ("en122-10", ("Dear Applicant",), ("Dear Joel",)),
    ("en123-03", ("Dear Guest",), ()),
    ("en123-11", ("Dear Sir/Madam",), ()),
    ("en123-15", ("Unfortunately",), ()),
    ("da122-04", ("af kollega", "utilfredse"), ("af en kollega",)),
    ("da122-02", ("venter på, at vi når til den med", "til en kollega"), ()),
    ("da122-09", ("igennem. Vedr.",), ("Vedr. faktura nr. 2025-0412\n\n",)),
    ("da123-03", ("juli. Rengøringen",), ()),
    ("da123-01", ("Jeg kan forstå", "Din sag"), ()),
    ("da25-06", ("Kære Jonas",), ()),
    ("en122-18", ("frustrating. Thanks for reaching out",), ("Fresh Fork",)),
    ("en124-10", ("for Cozumel for",), ()),
    ("da124-20", ("Tak for din besked om afdødes pensionsordning og kondolerer",), ()),
    ("da124-18", ("kontakt den gerne",), ()),
    ("da124-09", ("rettes separat besked",), ("rettes separat henvendelse",)),
    ("da124-02", ("frustrerende",), ()),
    ("da124-01", ("utilfreds med jeres køkken",), ()),
    ("da38-09", ("rettet telefonisk besked",), ()),
    ("en127-01", ("frustrating",), ()),
    ("da127-20", ("telefonkøen",), ()),
    ("da127-17", ("kontakte os flere gange",), ()),
    ("da127-03", ("Compliance vores specialister",), ("Compliance 2nd line",)),
    ("da127-09", (), ("Tak for din henvendelse.",)),
    ("da128-08", ("Flyttemeldingen er behandlet i vores system og sendt",), ()),
    ("da128-20", ("Afbestillingen er foretaget hurtigst muligt",), ()),
    ("da128-11", ("Den endelige indkomst ifølge",), ()),
    ("da129-12", ("du kontakter Deres",), ()),
    ("da129-03", ("hos os SKADE+",), ()),
    ("da129-09", ("frustrerende",), ("urolig",)),
    ("en128-09", ("glad to hear how pleased",), ()),
    ("da129-16", ("Jeg er ked af at høre om dit tab",), ()),
    ("en130-06", (), ("I understand why you're concerned.",)),
    ("en130-11", (), ("I can see why this is a worry for you.",)),
    ("da130-01", (), ("frustrerende",)),
    ("da130-16", (), ("kontakte os flere gange",)),
    ("en105-10", ("sorry for any inconvenience",), ("upset about this. I'm sorry.",)),
    ("en131-09", ("glad to hear how pleased",), ("upset",)),
    ("en131-05", ("frustrating",), ("worrying",)),
    ("da131-18", ("bekymret",), ("kontakte os flere gange",)),
    ("da131-16", ("lige nu i morgen",), ()),
    ("da131-19", ("vi giver mulighed",), ()),
    ("da131-13", ("frustrerende. /Kundeservice",), ()),
    ("en130-01", ("about your meter",), ("upset about this",)),
    ("en131-02", ("our team in the Resolution Hub",), ()),
    ("da130-10", ("bedes De gerne",), ()),
    ("en132-01", ("should you need",), ()),
    ("en132-06", ("for dealing with.", "concerned"), ()),
    ("en133-07", ("Hi Centurion", "Hi Riaan"), ("Dear Mr van der Merwe",)),
    ("en133-02", ("a specialist our team", "Tier 2 our team"), ()),
    ("en133-11", ("been. Property",), ("22 Elm Grove\n\nI can imagine",)),
    ("en134-18", ("sorry for your loss",), ()),
    ("en134-04", ("kind words",), ()),
    ("en134-02", ("fleet our team",), ()),
    ("en134-14", ("looking after your request will be assigned",), ()),
    # Inexperience said of oneself is no anger or frustration; a dog's nerves are no worry of the customer's; a son's
    # login is not the father's; "panisk" is worry; no "tildeling af en kollega"; "idet du skal være opmærksom" no reason.
    ("en135-08", ("frustrating",), ()),
    ("en136-07", ("frustrating",), ()),
    ("en136-17", ("worrying",), ()),
    ("da135-11", ("at du ikke kan logge ind",), ()),
    ("da136-07", ("frustrerende",), ()),
    ("da136-17", ("tildeling af en kollega",), ()),
    ("da136-15", ("fordi du skal være opmærksom",), ()),
    # A name spelt as the reply spells it; thanks for a bill is anger; "any" keeps its "not"; no "reply to this mail" where
    # mail is no way; no second condolence; a transfer of one's own is no charge; a child's nerves on a slope are hers;
    # confusion said is met as confusion.
    ("en138-15", ("your iphone",), ("your iPhone",)),
    ("da137-10", ("så glade",), ()),
    ("en137-13", ("can carry out any diagnostic work",), ()),
    ("da137-06", ("svar bare på denne mail",), ()),
    ("da137-02", ("ked af at høre om Deres tab",), ()),
    ("da138-16", ("ked af at høre om Deres tab",), ()),
    ("da137-04", ("opkrævning, du ikke",), ()),
    ("en137-16", ("worry",), ()),
    ("en138-06", ("a worry",), ("confusing",)),
    # Payments the customer does not know are fraud, no unexpected charge; no "gerne" after "beder vi dig"; no swap of a
    # unit's name in brackets; "udtrykke vores kondolence" acknowledges.
    ("da139-12", ("opkrævning, du ikke",), ()),
    ("da139-13", ("beder vi dig gerne", "(vores specialister)"), ()),
    ("da140-09", ("ked af at høre om Deres tab",), ()),
    # A customer who apologises for a mishap of hers is not frustrated with us; a named child's fear is the child's; no
    # "din sag handler".
    ("en141-16", ("frustrated",), ()),
    ("da141-03", ("urolig",), ()),
    ("da142-05", ("sag handler",), ()),
    # No "vores specialister teknik"; no "let me know staff"; a reply we promised by Friday is chasing, not worry; a full
    # charge for a job left undone is no unexpected charge; "Virkelig kundevenligt." over a fine is sarcasm.
    ("da143-09", ("specialister teknik",), ()),
    ("en144-13", ("let me know staff",), ()),
    ("da143-20", ("bekymret",), ()),
    ("en144-14", ("didn't expect",), ()),
    ("da144-04", ("søde ord",), ()),
    # A stock apology replaced where it stands names the customer's situation as a line at the top does (judges: a
    # generic line did not say the missed dialysis); an appointment waited for months is no wait on us.
    ("en144-18", (), ("nobody turned up as arranged",)),
    ("en133-01", ("waiting a long time",), ()),
    # "by close of business on 18 March" keeps its day; a payment of one's own that never reached the meter is no
    # unexpected charge; a third chase said with no fear is frustration; no "get in touch … getting in touch"; no "Vi
    # beklager, at det er sket" in a letter that finds no fault; a daughter's terror now is not the parent's shock.
    ("en146-08", ("end of today",), ("close of business on 18 March",)),
    ("da146-01", ("opkrævning, du ikke",), ()),
    ("da146-06", ("Jeg kan forstå, at du har måttet",), ("frustrerende",)),
    ("en145-07", ("get in touch about this",), ()),
    ("da145-01", ("beklager, at det er sket",), ()),
    ("en146-18", ("frightening",), ()),
    # "triaged as" and "on receipt" in a past sentence keep their words; an engineer's ETA on a same-day callout is no
    # date; "nobody has turned up" names the no-show; "henvendelser besvares i den rækkefølge, de modtages" keeps its
    # subject; a night surcharge for an "akut udrykning" is anger, not worry; "?? confused" is no frustration; a reply
    # that hopes the customer's mother is well needs no line of sympathy on top.
    ("en148-15", ("checked as a Priority", "when it arrives"), ()),
    ("en148-01", ("with a date",), ("nobody turned up as arranged",)),
    ("da148-12", ("vi svarer dig i den rækkefølge",), ()),
    ("da148-01", ("bekymret",), ()),
    ("en147-04", ("frustrating",), ()),
    ("da148-20", ("hvad du har været igennem",), ()),
    # No worry "that your flight was cancelled"; one "have not heard anything" in a polite letter is no frustration; a
    # room given away is no room to be unhappy with.
    ("en149-02", ("worried that your flight",), ()),
    ("en150-06", ("frustrating",), ()),
    ("da150-02", ("utilfreds med dit værelse",), ()),
    # A day asked for in a polite request is no worry; "jeg er helt ude af den" over a lost dog is; a conversation at the
    # hospital is no illness; an emergency abroad with "Hvad gør vi?? … helt desperate" is worry now; the RMA issued is
    # the number.
    ("en151-20", ("worried",), ()),
    ("da151-08", ("frustrerende",), ()),
    ("da152-12", ("har været igennem",), ()),
    ("da152-03", ("har været igennem",), ()),
    ("en152-01", ("your return has been issued",), ()),
    # A sentence-opening "With reference to …" keeps its frame; "prior to works commencing" is no "before works
    # starting"; a practice under the writer's name is no first name; no line before the answer to "quick pls"; a theft
    # claim asked for its documents twice is about our handling, not the crime; phones that are "døde" are no bereavement;
    # "Fantastisk system I har fået." over a double booking is sarcasm.
    ("en153-11", ("About the",), ()),
    ("en154-19", ("before works starting",), ()),
    ("en154-12", ("Brightsmile,",), ()),
    ("en154-02", ("frustrating",), ()),
    ("en153-19", ("how serious this is",), ()),
    ("da154-12", ("dit tab",), ()),
    ("da154-06", ("søde ord",), ()),
    # A passive whose subject a later "and has been" shares keeps it; "carried in excess of" keeps its words; "din
    # anmodning vedr. faktura" is no wish for the invoice; a late husband who used to see to things is no new loss; no
    # first name to "Mr Albert Finch"; "2nd level netværk" is a unit; a business customer's paid-for SLA stays an SLA.
    ("en155-08", ("I've passed your feedback",), ()),
    ("en155-02", ("carried more than",), ()),
    ("da155-01", ("ønske om faktura",), ()),
    ("en155-11", ("sorry for your loss",), ()),
    ("en155-18", ("Dear Albert",), ()),
    ("da156-12", ("specialister netværk",), ()),
    ("en156-11", ("4-hour fix target time",), ()),
    # Sarcastic thanks for a fine or a scratch is no delight (157th and 158th drafts).
    ("da157-08", ("dejligt at høre",), ()),
    ("da158-17", ("dejligt at høre",), ()),
    ("da157-02", ("opkrævning, du ikke havde ventet",), ()),
    ("en158-13", ("person looking after your request in the",), ()),
    # A fault reported "on 28 April and again on 6 May" is a repeated contact, not a calm report (157th drafts).
    ("en157-16", (), ("more than once",)),
    # 159th and 160th drafts: sarcasm that catches itself, a closing time, sorry for their reaction, a wry aside.
    ("da159-09", ("søde ord",), ()),
    ("en159-03", ("once I've finished working",), ()),
    ("en160-07", (), ("We apologise for any inconvenience",)),
    ("en160-13", ("frustrating",), ()),
    ("en159-01", ("waiting a long time",), ()),
    ("en159-15", (), ("Thanks for reaching out!",)),
    # 161st and 162nd drafts.
    ("en161-10", ("added to our billing team",), ()),
    ("en162-09", ("outside the pay",), ()),
    ("en161-03", ("frightening",), ()),
    ("en162-14", ("worry",), ()),
    ("da162-03", ("allerede har skrevet",), ()),
    ("da162-01", ("opkrævning, du ikke havde ventet",), ()),
    # 163rd and 164th drafts.
    ("da164-01", ("dit ønske af",), ()),
    ("da164-09", ("Log gerne ud af appen, rydde",), ()),
    ("da164-06", (), ("Vi beklager ulejligheden",)),
    ("en164-03", ("more than once. Dear Tenant", "Hi Tom"), ()),
    # 165th and 166th drafts.
    ("en165-11", ("glad to hear", "pleased you are"), ()),
    ("da166-03", ("søde ord",), ()),
    ("en166-17", ("a new the person",), ()),
    ("en166-15", ("charge you didn't expect",), ()),
    # 167th and 168th drafts: thanks for a "greeting" with an amount on it, a noun after "næste", officialese after a
    # preposition, a photo of someone who died among lost things, "No problem," answering first, required ID.
    ("da167-12", ("dejligt at høre", "så glad"), ()),
    ("da168-17", ("næste kunne",), ("næste kunde",)),
    ("da168-03", ("Vedrørende sendte",), ()),
    ("da168-05", ("tab", "Medbring gerne"), ()),
    ("en168-18", ("frustrating",), ()),
    ("da167-07", ("Besked om ovenstående",), ()),
    # 169th and 170th drafts: sarcasm with no thanks said, a deleted phrase after "and", a handler "assigned to".
    ("en170-16", ("glad to hear", "pleased you are"), ()),
    ("en170-06", ("and, P2",), ("and P2 incidents",)),
    ("en170-19", ("your request assigned to",), ()),
    # 171st to 174th drafts: blank lines after removed sentences, "as soon as" a survey decides, "Det beklager jeg." after
    # a receipt, "ved"/"om" swaps that garbled, dementia as a loss, fear said, "and, so,", a chat that asked for speed.
    ("en174-20", ("Dear Customer,\n\n\n",), ()),
    ("en174-11", ("We can offer a free re-treatment",), ()),
    ("da174-13", ("Det beklager jeg",), ()),
    ("da173-15", ("beskeder ved sporarbejdet", "refusion om billet"), ()),
    ("da174-19", ("været igennem",), ()),
    ("en174-12", ("upset",), ()),
    ("en174-12", ("and, so,",), ()),
    ("en174-02", ("frustrating",), ()),
    ("da172-20", ("ifølge www",), ()),
    ("en172-08", ("our team w/",), ()),
    # 175th and 176th drafts: "as soon as" a finding, a deleted phrase's opening comma, a team named in lower case, a
    # mast's capacity, sarcasm awaiting an explanation, a lost dog, a missed deadline, a customer's own apology, a refusal.
    ("en175-12", ("We can confirm a lens error",), ()),
    ("en176-01", ("and, manual reviews",), ("and manual reviews",)),
    ("da175-15", ("netværk vores specialister", "travlhed på masten"), ()),
    ("da176-18", ("dejligt at høre", "så glad"), ()),
    ("en176-13", ("frustrating",), ()),
    ("da176-01", ("frustrerende",), ()),
    ("en175-19", ("frustrating",), ()),
    ("da174-13", ("med din båd",), ()),
    # 177th and 178th drafts: a no-show told with its booking between, "done everything wrong", scams feared, an objection
    # not "fulfilled", a bill for work never done, "1st level support" whole, a level in brackets.
    ("en177-01", ("kept waiting on hold",), ("nobody turned up as arranged",)),
    ("en177-03", ("what you've tried so far",), ()),
    ("en178-18", ("frustrating",), ()),
    ("da178-15", ("opfylde din indsigelse",), ()),
    ("da178-01", ("du ikke havde ventet",), ()),
    ("da178-12", ("kundeservice support", "(vores specialister)"), ()),
    # 179th and 180th drafts: "Fantastisk service altså.", a ticket bought on purpose, "udsendt ved".
    ("da179-08", ("dejligt at høre", "så glad"), ()),
    ("da180-06", ("du ikke havde ventet",), ()),
    ("da180-08", ("udsendt ved",), ()),
    # 181st and 182nd drafts: a biopsy result feared, a couple "helt knust", a lost card of one's own.
    ("da181-03", ("frustrerende",), ()),
    ("da182-03", ("utilfreds",), ()),
    ("da181-12", ("bekymrede",), ()),
    ("en181-20", ("frustrating",), ()),
    # 183rd drafts: "De kan forvente at blive kontaktet" kept beside "anmodes du" (the letter stays in "De").
    ("da183-11", ("anmodes du",), ("De kan forvente",)),
    # 184th drafts: "put on back order" is no place to put "out of stock".
    ("en184-07", ("put out of stock",), ()),
    # 183rd and 184th drafts after the session: neon fish delivered dead, a father's headstone, an ultimatum by Friday.
    ("da184-16", ("dit tab",), ()),
    ("da184-15", ("fars sten",), ()),
    ("en184-01", ("worry",), ()),
    # 185th and 186th drafts: a genitive before a swap that brings its own "the", a flat line for disappointment, a
    # surprise charge said to a fraud victim, to one who had paid and to one charged after cancelling, a treat looked
    # forward to, the apology for a delay just explained.
    ("en186-16", ("father's the person",), ("Your father's case owner",)),
    ("en186-17", ("not what you expected",), ()),
    ("en186-12", ("didn't expect",), ()),
    ("da185-16", ("ikke havde ventet",), ()),
    ("da185-08", ("ikke havde ventet",), ()),
    ("da186-17", ("frustrerende",), ()),
    ("en186-06", (), ("We apologize for any inconvenience",)),
    # 187th and 188th drafts: an abbreviation's full stop that ends the sentence, a der-passive, an adverb after a passive
    # refund, "actioned to", "assigned a case owner", "from my end" after "not able", the terms behind a duty put on the
    # customer, a closing apology beside "sorry to hear about your experience", a reply hoping the stay was enjoyed, a broken
    # present, nobody came.
    ("da187-18", ("lige nu Du",), ()),
    ("da188-12", ("blive kontaktet beboeren",), ()),
    ("da188-11", ("tilbage så inden",), ()),
    ("en188-05", ("dealt with to",), ()),
    ("en188-10", ("assigned the person",), ()),
    ("en188-16", (), ("from my end",)),
    ("en187-13", ("\n\nCustomers are responsible",), ("customers are responsible",)),
    ("en187-09", (), ("We apologise for any inconvenience caused",)),
    ("en188-07", ("frustrating",), ()),
    ("en188-11", ("hard for you",), ()),
    ("da187-13", ("ikke fik svar", "ikke har fået svar"), ()),
    # 189th and 190th drafts: a thank-you for a danger averted, a polite thanks before questions, a numbered point opened in
    # lower case, "Svar bare på denne mail" after "Giv mig gerne besked", the only apology beside "jeg forstår godt din
    # skuffelse", "Beskeden betragtes som afsluttet", cancer feared, a rule quoted behind a fine.
    ("en190-20", ("frustrating",), ()),
    ("da189-17", ("søde ord", "Ad 1) efter"), ()),
    ("da189-15", ("Svar bare på denne mail",), ("Vi beklager ulejligheden",)),
    ("da189-10", ("Beskeden betragtes",), ()),
    ("da190-17", ("været igennem",), ()),
    ("en190-16", ("Please park",), ("as per our T&Cs",)),
    # 191st and 192nd drafts: a greeting's names past its "!", a second condolence, worry over an error message, a line
    # above congratulations, a claim "processed" weakened, a standing heart condition, a condolence in place of the
    # apology for our own mistake.
    ("da192-13", (" at I ikke",), ()),
    ("da192-20", ("høre om dit tab. Vores",), ()),
    ("da192-16", ("bekymret over, at du får en fejlmeddelelse",), ()),
    ("da192-06", ("skuffelse",), ()),
    ("en191-08", ("we'll look at your claim",), ()),
    ("en191-06", ("going through",), ()),
    ("en192-05", (), ("We apologise for any inconvenience caused",)),
    # 193rd and 194th drafts: a swap revealed in a sentence the rewrite removed, "when it arrives" after a plural, a named
    # portal beside another, a second condolence, a wish that the son gets better, a repeat with its price, a near miss.
    ("da194-01", ("beskedt",), ()),
    ("en194-09", ("Hospice when it arrives", "sorry for your loss"), ()),
    ("en194-07", ("our website",), ()),
    ("da193-15", ("været igennem",), ()),
    ("da194-17", ("ikke havde ventet",), ()),
    ("en194-08", ("frustrating",), ()),
    # 195th and 196th drafts: credit carried over is no repayment, "at der pt. er" loses its "at", a death twenty years
    # back, "sorry to hear about the issues reported" is no apology, "tracked internally", "refunded immediately" is a
    # demand, "helt ude af den".
    ("da195-07", ("betaler beløbet tilbage til et nyt",), ()),
    ("da196-14", ("Der lige nu er",), ()),
    ("da196-11", ("dit tab",), ()),
    ("en196-09", (), ("We apologise for any inconvenience caused",)),
    ("en196-13", ("tracked with my colleagues",), ()),
    ("en195-03", ("concerned",), ()),
    ("da195-02", ("Jeg kan forstå, at din tid blev aflyst",), ("bekymret",)),
    # 197th and 198th drafts: a greeting's name ends at its full stop ("Hej Ahmed. Iflg. …"), "godkendt i backend" is no
    # approval of ours, a date read off a supplier's portal, goods-in as a step, rotten food is a problem the reply
    # apologises for, "det er helt naturligt at være nervøs" acknowledges, "Jeg havde forventet mere" is a letdown,
    # "don't you dare" is anger.
    ("da198-05", ("Iflg. Jeg",), ()),
    ("da197-07", ("godkendt hos os",), ()),
    ("en198-15", ("per our website", "our warehouse is done"), ()),
    ("en198-11", ("Ruth, That",), ("sorry",)),
    ("da198-18", ("Jeg forstår godt, at du er bekymret",), ()),
    ("da197-12", ("frustrerende",), ()),
    ("en198-01", ("frustrating",), ()),
    # 199th and 200th drafts: a lesson called off is no topic, "det må være utrygt …" reacts already, a level before a
    # team's name, a worried owner far from her cat, the only apology for a base missing from the box, no double "I can
    # see", no "Det beklager jeg." after a worry (a re-read of the 107th).
    ("da199-17", ("med din lektion",), ()),
    ("da199-04", ("at du er urolig",), ()),
    ("da200-16", ("specialister teknisk",), ()),
    ("da200-01", ("frustrerende",), ()),
    ("da200-12", (), ("Vi beklager ulejligheden",)),
    ("en199-19", ("I can see why this is frustrating. I can see",), ()),
    ("da107-09", ("bekymret. Det beklager jeg",), ()),
    # 201st and 202nd drafts: no promise made of what a test decides, "on the matter of" keeps its noun, "det pågældende
    # tidspunkt" is no "dette", a thank-you's past nerves, charged "anyway" after cancelling.
    ("da201-10", ("så snart det er blevet testet",), ()),
    ("en201-02", ("about this of",), ()),
    ("da202-01", ("på dette tidspunkt",), ()),
    ("da202-17", ("bekymret",), ()),
    ("en202-11", ("a charge you didn't expect",), ()),
    # 203rd and 204th drafts: "Virkelig fedt at få at vide" is sarcasm, an illness told in a thank-you, "ny ETA", a
    # mother's fear for her baby over the phone queue, a broken present and a smell, a chase with money at stake, "I can
    # see" after a short thanks, "must have been terrifying" said already, "until <a day>, which is …".
    ("da203-07", ("søde ord",), ()),
    ("da203-19", ("været igennem",), ()),
    ("da204-08", ("ny forventet tidspunkt",), ()),
    ("en203-12", ("kept waiting on hold",), ()),
    ("en203-07", ("frustrating",), ()),
    ("en203-11", ("a worry for you",), ()),
    ("en203-01", ("I can see why this is frustrating",), ()),
    ("en203-03", ("I can imagine how frightening",), ()),
    ("en204-07", ("as soon as the next scheduled delivery day",), ()),
    # 205th and 206th drafts: a van that "døde på E45" is no bereavement, "Hvad hvis den ikke kommer?" is worry and the
    # apology for a missed date stays (not as a lone "Det beklager jeg." after the thanks), a car wash that tore a mirror
    # off, "BS EN 1176" and "the best place to park?", "and please contact", a child left alone, a stairlift that stopped
    # halfway.
    ("da205-18", ("dit tab",), ()),
    ("da205-01", ("Hej Line\n\nDet beklager jeg",), ("beklager",)),
    ("da205-02", (), ("beklager",)),
    ("en205-15", ("pleased",), ()),
    ("en205-07", ("frustrating",), ()),
    ("en206-02", ("frustrating",), ()),
    ("en206-01", ("and please contact",), ()),
    ("en206-10", (), ("apologise",)),
    # 207th and 208th drafts: "Du skal returnere … og angive", a shouted complaint about pellets and "dit fyr", "ærligt
    # talt ret bange", "før uge 16, da …", correspondence of two dates, "Have a great day!" to a bereaved mother.
    ("da207-08", ("og angive",), ()),
    ("da207-14", ("med dit fyr",), ()),
    ("da208-06", ("frustrerende",), ()),
    ("da208-17", ("så snart uge 16",), ()),
    ("en207-07", ("Your message dated",), ()),
    ("en207-08", ("Have a great day",), ("I'm so sorry for your loss",)),
    # 209th and 210th drafts: thanks with a laughing emoji, "a bloody great scratch" and "What the hell are you going to do
    # about this?", "I can only imagine how frightening" said already, a serial number "NR2-…", calls nobody answered, a
    # receipt joined to ", og der er oprettet", a third chase shouted beside a wedding date.
    ("en209-05", ("frustrating",), ()),
    ("en209-13", ("frustrating",), ()),
    ("en209-03", ("I can imagine how frightening this has been",), ()),
    ("da209-20", ("Nr.2",), ("NR2-118-40372",)),
    ("da210-01", ("kontakte os flere gange", "Tak for din besked om ordre"), ()),
    ("da210-04", ("urolig",), ()),
    # 211th and 212th drafts: a book title in guillemets, sadness on a condition beside "Har jeg forgiftet dem??", a chat
    # sign-off with the shop's name, "ikke foretage besigtigelse, før …", "en kendt issue" and "er blevet hotfixet", a
    # second chase "på en måned", "I've ALREADY told you … last week", "How dare you".
    ("da211-11", ("pæne ord",), ()),
    ("da211-16", ("ked af det",), ()),
    ("da211-15", ("at du er vred. Mvh",), ()),
    ("da212-03", ("så snart denne dokumentation",), ()),
    ("da212-10", ("en kendt problem", "blevet rettelsen"), ()),
    ("da212-12", ("at det er frustrerende. Vi bekræfter",), ()),
    ("en212-13", ("a charge you didn't expect",), ()),
    ("en212-12", ("frustrating",), ()),
    # 213th and 214th drafts: "Totally get it" and "that can't have been an easy email to write" said already, a son who
    # "har altid hadet sengetid" in a thank-you, "anden gang, jeg spørger".
    ("en213-12", ("I understand why this is disappointing",), ()),
    ("en214-16", ("I can see why you're worried about your ear",), ()),
    ("da214-19", ("utilfreds",), ()),
    ("da213-20", ("det er frustrerende.",), ()),
    # 215th and 216th drafts: a chat no-show whose only apology went, "come to love" in an enquiry, sarcasm "Fantastisk
    # kvalitetskontrol I har!!" beside a party date, a device "offline" after a false alarm, an illness "in remission" told
    # in thanks, "jeg har ikke hørt et ord".
    ("en215-16", ("Marcus, That",), ("sorry",)),
    ("en215-09", ("pleased", "concerned"), ()),
    ("da215-01", ("bekymret",), ()),
    ("da216-03", (), ("beklager",)),
    ("en216-13", ("going through",), ()),
    ("da216-16", ("frustrerende. Vi bekræfter",), ()),
    ("da215-11", ("Abonnementet i henhold til",), ()),
    ("en217-07", ("worry for you",), ("I'm sorry you've been left wondering",)),
    ("en218-09", ("how frustrating",), ("your garden was flooded",)),
    ("en219-01", ("how pleased you are",), ()),
    ("en219-05", ("test the bring",), ("test the loop",)),
    ("en219-04", ("worry for you",), ()),
    ("en219-02", ("hard for you",), ("It's not a silly thing to ask at all",)),
    ("da219-06", (), ("Vi beklager ulejligheden",)),
    ("da219-01", (), ("Vi beklager ulejligheden",)),
    ("da219-16", ("frustrerende. Tak for din mail",), ("Du har fuldstændig ret",)),
    ("en220-13", ("how pleased you are",), ()),
    ("da220-08", ("Jeg kan forstå, at du ikke har fået svar",), ()),
    ("da201-12", ("Vi forventer at ske",), ()),
    ("en222-01", ("sorry for your loss",), ()),
    ("en222-05", ("worrying",), ()),
    ("da222-08", ("Jeg er ked af at høre om dit tab",), ("Det gør os ondt at høre",)),
    ("en223-16", ("seen this too affecting",), ()),
    ("en223-14", ("worry for you",), ()),
    ("en223-07", ("hard for you",), ()),
    ("da223-05", ("Nu bekræftes",), ()),
    # 224th to 227th drafts: a letter in "De" whose "De er registreret" opens a sentence, "Sorry for besværet" beside a
    # condolence, a broken glass shade is no letdown and "fandeme" is a swear word, "Vi er begge ret bange", "Lidt en
    # nedtur", a child who "sov ind hos jer", fear of chemotherapy to come, a child's sadness told by her mother, messages
    # that "skal ske via formularen", a case decided at a meeting, fury said in words beside a no-show, "I'm not one for
    # complaining, but", a worry told as over in a thank-you.
    ("da226-10", ("at du kontakter", "du er bekymret"), ("De er bekymret",)),
    ("da225-17", ("Sorry for besværet",), ("dit tab",)),
    ("da225-04", ("skuffelse",), ()),
    ("da224-05", ("frustrerende",), ("bekymret",)),
    ("da224-09", ("frustrerende",), ("skuffet",)),
    ("da224-12", ("ventet længe",), ()),
    ("da224-15", ("været igennem",), ("bekymret",)),
    ("da226-03", ("frustrerende",), ()),
    ("da224-18", ("beskeder om kontingent", "kigger på din sag på mødet"), ()),
    ("en224-07", ("you're upset that",), ("so angry",)),
    ("en226-07", ("kind words",), ()),
    ("en226-17", ("concerned", "frustrating"), ()),
    # 228th drafts: hearing aids "døde ved frokosttid", a memorial certificate's misspelt name asked to be put right, a
    # frightened patient lying awake over her readings.
    ("da228-15", ("tab",), ()),
    ("da228-14", (), ("dit tab", "Vi beklager")),
    ("en228-10", ("frustrating",), ("worry",)),
    # 229th drafts: an asthma attack feared on a caving trip, a misspelt name in an obituary asked to be corrected, the
    # writer's own embarrassment ("lidt pinligt, for jeg …").
    ("en229-08", ("frightening",), ()),
    ("da229-06", (), ("dit tab", "Vi beklager")),
    ("da229-11", ("utilfreds",), ()),
    # 230th and 231st drafts: "will action the refund" keeps its refund, "an updated ETA" of a boat being built is no
    # arrival, black mould with asthma and "nowhere else to go" is worry.
    ("en231-09", ("deal with this within",), ("refund within",)),
    ("en231-06", ("expected arrival",), ()),
    ("en231-02", ("frustrating",), ("worrying",)),
    # 232nd and 233rd drafts: threatened with a fine is no danger, a wait told as over with the shoes collected, a loose
    # bolt on a fitted loft ladder is a problem of ours, a near miss in traffic, "actioned med høj prioritet".
    ("en233-14", ("frightening",), ()),
    ("en233-04", ("waiting a long time",), ("disappointed",)),
    ("da233-20", (), ("De er bekymret", "Vi beklager")),
    ("da233-02", ("frustrerende",), ("ubehageligt",)),
    ("da233-18", ("er behandlet med høj prioritet",), ()),
    # 234th drafts: "give notice of" said of members, a resident's late husband named as a giver, a child not picked up, the
    # agent's own "varmeste tanker … i sorgen", calls that sat in a queue.
    ("en234-20", ("tell you about resignation",), ()),
    ("en234-09", ("your loss",), ()),
    ("en234-17", (), ("Apologies",)),
    ("da234-10", ("høre om dit tab",), ()),
    ("da234-13", ("kontakte os flere gange",), ()),
    # 235th drafts: a mother "ærlig talt ret rystet" after her son's fall hears her own word.
    ("da235-12", ("ubehageligt",), ("du er rystet",)),
    # 236th–239th drafts: a wedding on a date is a plan, no worry; fear of a jump ahead is no fright that has been, and the
    # reply that thanks her for telling of her nerves acknowledges; "I know that's gutting" acknowledges; "on our ticketing
    # system" keeps its words; a stairlift stopped "about halfway up" and a booth that took £8 and printed a blank strip are
    # problems, so the only apology stays; "a bit sad" is a letdown; a failed IVF cycle is a loss, not frustration; "I'm not
    # angry, I'm just disappointed" over "something I'll never use"; a double charge is no surprise bill, and "I'm not
    # waiting a week" no wait; "Please correct it urgently" is a demand, not worry.
    ("en236-16", ("a worry for you",), ()),
    ("en237-12", ("frightening this has been",), ()),
    ("en237-06", ("That must be really disappointing", "on our records"), ()),
    ("en237-07", (), ("We apologise for any inconvenience",)),
    ("en237-19", (), ("We apologise for any inconvenience",)),
    ("en238-15", ("hard for you",), ("I'm sorry about this",)),
    ("en238-08", ("frustrating",), ()),
    ("en239-16", ("upset", "a worry for you"), ()),
    ("en239-02", ("a charge you didn't expect", "waiting a long time"), ()),
    ("en239-17", ("a worry for you",), ()),
    # A chat reply that opens "sorry for besværet!" gets no feeling line on top; "Du skal uploade lægeerklæringen" stays
    # required; no "der"-passive with a definite subject; "efter" beside a time reads as time; "opfylde klager"; a wife
    # who died 31 years ago is no fresh loss; "helst inden jul" is no worry, and a tasting called off with ":(" a letdown;
    # the only apology to a captain who waited 12 days stays in its canned sentence.
    ("da236-08", ("utilfreds",), ()),
    ("da237-17", ("Upload gerne",), ()),
    ("da238-01", ("tilbagebetalt købsbeløbet",), ()),
    ("da238-09", ("efter den rekvirerede tid",), ()),
    ("da238-10", ("opfylde klager",), ()),
    ("da238-14", ("dit tab",), ()),
    ("da239-05", ("bekymrende", "frustrerende"), ()),
    ("da239-14", (), ("beklager ulejligheden",)),
    # 240th and 241st drafts: "Really makes me feel valued" after "Expired." is sarcasm; half a course "taped off" at full
    # price with "Nothing on your website about it" lets the family down, so the only apology stays; "Jeg er ærligt talt
    # ret skuffet" is a letdown, and a reply that owns the "fejlsendte vare" keeps an apology; "gerne" never stands beside
    # "ellers"; "the ops manager" is a person, and "didn't go out from our end" owns the failure.
    ("en240-15", ("glad to hear", "pleased"), ()),
    ("en240-14", (), ("sorry",)),
    ("da240-08", ("bekymret",), ("beklager",)),
    ("da241-06", ("Medbring gerne",), ()),
    ("en241-08", ("team manager",), ("from our end",)),
    # 242nd and 243rd drafts: a refund "actioned … by Tier 1" that "got stuck" was never sent; "Tier 2 / Finance Ops" keeps
    # its words; "the case owner for your account" is no "person looking after your request for your account"; "i backend
    # hos vores billetudbyder" is no "hos os hos"; "The backend is showing" keeps its verb's subject; a family sent by the
    # farm's own Facebook post keeps an apology; "Jeg er ved at gå i panik" is worry, not frustration at the chase.
    ("en242-10", ("we sent your refund", "a specialist /"), ()),
    ("en242-19", ("request for your account",), ()),
    ("da242-03", ("hos os hos",), ()),
    ("en243-03", ("Our systems is",), ()),
    ("da242-01", (), ("beklager",)),
    ("da243-11", ("frustrerende",), ("stressende",)),
    # 244th and 245th drafts: "i vores ERP-system hos leverandøren" is no "hos os hos"; "Well done, Cycle Again. Really
    # impressive." over a bike sent with its brake unconnected is sarcasm; a late, cold order missing a roll "even though I
    # paid for it" and animals the website promised report a problem, so the only apology stays.
    ("da244-03", ("hos os hos",), ()),
    ("en245-19", ("glad to hear", "pleased"), ()),
    ("en245-05", (), ("sorry",)),
    ("da245-12", (), ("beklager",)),
    # 246th and 247th drafts: "Vi var lidt nervøse for, om Bamse kunne følge med" in a thank-you is a fear told as past;
    # "Jeg er lidt nervøs for det med slim og balloner??" beside a hospital stay long over is worry, no hard time; an asthma
    # attack not had "in over 10 years" is no fright; a workshop "aflyst" when the family arrived lets them down.
    ("da246-17", ("urolige",), ()),
    ("da246-11", ("svær tid",), ()),
    ("en247-14", ("frightening",), ()),
    ("da247-05", (), ("Beklager",)),
    # 248th and 249th drafts: "Hermed skal oplyses" is no "Nu skal oplyses"; "(Nets callback)" keeps its name; the coach's own
    # "I am so very sorry." to a daughter telling of her father's death gets no line before it; "Tak for en FANTASTISK
    # oplevelse at åbne resultatlisten og se mig selv som DNF" is sarcasm.
    ("da248-03", ("Nu skal oplyses",), ()),
    ("da249-06", ("Nets et opkald",), ()),
    ("en249-14", ("hard for you",), ()),
    ("da249-18", ("pæne ord",), ()),
    # A thank-you for a wallet handed in: "I didn't even get his name" is no complaint.
    ("en246-14", ("frustrating",), ()),
    # A father's thanks after a camp: a voice lost to singing is no problem, and his daughter's nerves were before it.
    ("da245-17", ("bekymret",), ()),
    # A mother afraid for her daughter: "forbindelsen var elendig" is a bad phone line, not anger at the camp.
    ("da248-14", ("frustrerende",), ()),
    # A daughter whose mother died ("Mum died three weeks later"), not a frustrated customer.
    ("en250-10", ("frustrating",), ()),
    # Questions before accepting a quote: "a great many gulls" is no praise, and she said nothing of being pleased.
    ("en250-18", ("pleased",), ()),
    # A mother whose son sits in tears after her third e-mail keeps the reply's only apology, and a tier named twice is
    # not swapped in one place only.
    ("en251-17", ("to a specialist",), ("Apologies for any inconvenience caused.",)),
    # Months of looking forward to a canoe trip called off, told with 😞: a letdown, not frustration.
    ("da251-15", ("frustrerende",), ()),
    # A chat that already says "Totally normal to feel like that" gets no second line about the worry.
    ("en250-03", ("concerned",), ()),
    # A two-minute grotto visit and a present "already ripped": the company let them down, the apology stays.
    ("en252-05", (), ("sorry",)),
    # A mixed formal letter: "De skal vide" keeps the rewrite in "De".
    ("da252-10", ("du er urolig", "din besked"), ()),
    # "da fejlen ligger i backend" of a supplier's system is not "hos os".
    ("da252-19", ("hos os",), ()),
    # Swaps that left a sentence garbled: "refund you or replacement", "out of stock by the supplier", "is our warehouse",
    # "Deres vi kigger på det nu".
    ("en253-03", ("refund you or",), ()),
    ("en253-04", ("out of stock by", "is our warehouse"), ()),
    ("da253-19", ("Deres vi",), ()),
    # A son who "har glædet sig så meget" to his own mug: a letdown, not frustration.
    ("da252-11", ("frustrerende",), ()),
    # "It is, I'm afraid, not a four-margin stamp" is bad news told politely, no worry.
    ("en253-05", ("worry",), ()),
    # A spaniel named by breed and name who died is a loss; "prior to cancellation taking effect" keeps its words.
    ("en254-01", ("frustrating", "before cancellation taking effect"), ("sorry for your loss",)),
    # A query "passed on" is no death, and "the case owner for all … matters" is not swapped.
    ("en254-16", ("loss", "looking after your request for all"), ()),
    # "Our WMS shows" does not become "Our records shows".
    ("en254-09", ("records shows",), ()),
    # "Please find below the joining instructions" does not become "Here is the joining instructions".
    ("en255-05", ("Here is the joining",), ()),
    # "Nobody filled in an accident form" is no accident told: a furious parent gets no sympathy for what she went through.
    ("en255-06", ("going through",), ()),
    # "Min søn Villads (10 år) har glædet sig i flere måneder" to a workshop called off: a letdown.
    ("da254-14", ("frustrerende",), ()),
    # "Slet ikke dumt – rigtig mange … har det præcis sådan" already meets her fear.
    ("da255-02", ("urolig",), ()),
    # "Det er simpelthen for ringe!!!" is anger, not worry over a job interview.
    ("da256-02", ("bekymrende",), ()),
    # A glowing thank-you ("jeg må bare sige TAK … Hun græd af glæde") tells of the girl's fear as over.
    ("da256-18", ("urolige",), ()),
    # A mother lying awake before a tour: a hospital stay feared ("hvis han skulle blive indlagt") is no loss.
    ("da257-16", ("været igennem",), ()),
    # An engraving that says what the order did not keeps the only apology, and a step the case waits for is no "gerne".
    ("da257-13", ("Send gerne",), ("beklager",)),
    # "Jeg har aldrig følt mig så ydmyget" is said back, not called frustration.
    ("da258-12", ("frustrerende",), ("ydmyget",)),
    # "Vi er glade for, at du var tilfreds med kurset" already answers the thanks.
    ("da258-19", ("så glad",), ()),
    # "I am not paying for your mistake. Fix it." is anger, not frustration.
    ("en259-07", ("frustrating",), ()),
    # A father who "stadig ryster lidt" and "nåede at tænke det værste" (after "næsten tyve minutter") is shaken, not angry.
    ("da260-12", ("utilfreds",), ("rystet",)),
    # A cake order missing with 14 guests coming keeps the chat's only apology, and "ellers" without a comma keeps the step
    # required.
    ("da261-05", ("Betal gerne",), ("beklager",)),
    # "do not hesitate to contact us" joined to our apology by "and" is not swapped; "the backend pricing table" keeps its words.
    ("en260-18", ("and just reply",), ()),
    ("en260-09", ("our systems pricing",), ()),
    # The organiser of a stroke support group asking about access has told of no illness of his own.
    ("en262-03", ("going through",), ()),
    # "De kan lade Dem skrive på venteliste" keeps the letter in "De".
    ("da263-18", ("lade dig", "din klage"), ()),
    # "undertegnede firma" and "at refusion som udgangspunkt sker" are not swapped into broken Danish.
    ("da264-09", ("mig firma",), ()),
    ("da265-01", ("Refusion som udgangspunkt sker",), ()),
    # "Brilliant. Absolutely brilliant." opening a forfeit is sarcasm, never thanks for kind words.
    ("en265-10", ("kind words",), ()),
    # Charged again after a cancellation is no "charge you didn't expect".
    ("en264-12", ("didn't expect",), ()),
    # A golden wedding spoilt is a letdown, not frustration.
    ("da264-07", ("frustrerende",), ()),
    # "Really great way to treat a 'valued member'" and a happy opener over money taken from the card are no delight.
    ("en267-06", ("glad to hear", "pleased"), ()),
    ("en266-14", ("glad to hear", "pleased"), ()),
    # The stock apology stays beside the condolence where the reply reports our mistake on a funeral card.
    ("en267-11", (), ("I'm so sorry for your loss", "apologies")),
    # A list's last item is no sentence of its own; "we" and "my" are not mixed in one clause.
    ("en266-12", ("Receipts for any", "with my colleagues"), ()),
    ("en270-19", ("Confirmation from the receiving",), ()),
    # "…, and we would like to inform you that" keeps its padding rather than a bare "and".
    ("en269-11", (", and the order has been received",), ()),
    # A thanks joined to "sorry to hear" gives way to the condolence, not a second "sorry to hear".
    ("en269-13", ("and sorry to hear about your situation",), ("I'm sorry to hear what you've been going through",)),
    # A tier before what it does keeps its wording; a team-signed letter says "we".
    ("en267-04", ("specialist team review",), ()),
    ("en270-17", ("I've passed",), ()),
    # A bride with the wedding days away is answered on it; an IVF cycle stopped is grief; care already said is not said twice.
    ("en266-07", ("a worry for you",), ("wedding so close",)),
    ("en270-11", ("frustrating",), ()),
    ("en270-20", ("really hard time",), ()),
    # The carport the company's crew damaged, not the carport itself; a review written is no message sent to us.
    ("da266-12", ("utilfreds med Deres carport",), ("Deres carport er blevet beskadiget",)),
    ("da267-13", ("allerede har skrevet til os",), ()),
    # A pension due with rent to pay is worry; a threat to cancel is anger; confusion is met as confusion.
    ("da267-12", ("frustrerende",), ()),
    ("da268-14", ("urolig",), ()),
    ("da269-18", ("urolig",), ()),
    # A couple signing together is answered in the plural; no word heard is not "no reply".
    ("da266-19", ("at du er skuffet", "ikke har fået svar"), ("I er skuffede",)),
    # A thanks for patience to a third chase gives way to the line naming the chase.
    ("da267-18", ("Tak for din tålmodighed",), ("kontakte os flere gange",)),
    # "Undertegnede" as the subject is "Jeg"; compounds of "år", "bedes derfor", "forhold vedrørende", a second "til".
    ("da270-04", ("Mig kan",), ()),
    ("da271-15", ("lige nu forsikringsår", "kontakte vores klageansvarlige"), ()),
    ("da270-07", ("bedes derfor gerne", "forhold om"), ()),
    # Another person's missed transport is not "din aftale"; the son's own disappointment is answered, not the fall.
    ("da270-19", ("din aftale",), ()),
    ("da270-17", ("ubehageligt",), ("skuffet",)),
    # A missed appointment's fee the customer explains is no surprise; a child's big wish called off is a letdown.
    ("en273-05", ("didn't expect",), ()),
    ("da272-10", ("frustrerende",), ()),
    # A wife's missed dialysis transport is not "din aftale", and "fuldstændig uacceptabelt" is anger, not displeasure; a
    # father's shock after lying on the floor is his, not a "virkelig ubehageligt" to his daughter.
    ("da273-02", ("din aftale", "utilfreds"), ()),
    ("da273-19", ("ubehageligt",), ()),
    # "The error was made at our end" keeps whose error it was; blood given is no fright; a thanks joined to a stock apology
    # gives way to the line.
    ("en275-11", ("the error was made,",), ("at our end",)),
    ("en275-01", ("frightening",), ()),
    ("en274-01", ("apologies for any inconvenience",), ()),
    # A subject line of its own paragraph stays above the line; the customer's failure after "men" is not split off; a
    # letdown told after chemotherapy is a letdown.
    ("da275-15", ("urolig. Vedr.",), ()),
    ("da275-09", ("Men du tog ikke",), ()),
    ("da275-19", ("svær tid",), ()),
    # No line before blame that stays ("as you failed to confirm", "Du skal selv holde øje med ændringer i appen", "the
    # error is in the customer's file"); a letdown said in words is named as one, not as worry or displeasure; a customer
    # asking what they are doing wrong is not frustrated; sleep lost is worry.
    ("en276-17", ("upset",), ()),
    ("en277-10", ("upset",), ("Apologies for any inconvenience caused.",)),
    ("en277-16", ("didn't expect",), ()),
    ("en278-05", ("upset",), ()),
    ("da277-07", ("frustrerende",), ()),
    ("da278-02", ("utilfreds",), ()),
    ("en277-09", ("worrying",), ()),
    ("en278-11", ("a worry",), ()),
    ("en278-13", ("frustrating",), ()),
    ("da277-08", ("utilfreds",), ()),
    ("en278-08", ("frustrating",), ()),
    ("da276-13", ("frustrerende",), ()),
    # A compound takes its head's gender ("ovennævnte gravsted" is no "denne gravsted"); "Henvendelse kan i øvrigt ske" is
    # no "Besked kan …"; "you didn't leave the side gate open" and "er det medlemmets eget ansvar" are blame; hay that did
    # not come is no appointment.
    ("da279-16", ("denne gravsted", "Besked kan"), ()),
    ("en279-06", ("frustrating",), ()),
    ("da279-19", ("frustrerende",), ()),
    ("da280-14", ("din aftale",), ()),
    # The agreed price told before a broken promise is no surprise charge; "we sent your refund" is not said at a step before
    # the money was released; "per our standard SLA" keeps its wording; sarcastic praise beside our apology is not thanked;
    # a disclaimer is not split off into a sentence of its own.
    ("en281-01", ("didn't expect",), ()),
    ("en281-18", ("we sent your refund",), ()),
    ("en282-16", ("standard target time",), ()),
    ("da282-13", ("glad",), ()),
    ("en282-05", (". TicketHaven cannot",), ()),
    # "our tier 2 fulfilment team" keeps its wording; no "as soon as" promise of advice by e-mail once instructed; no
    # generic frustration line in the place of a line that did not fit; no "ifølge … ifølge"; the parents' responsibility
    # is blame.
    ("en283-02", ("our tier 2 our",), ()),
    ("en283-20", ("as soon as you have been formally instructed",), ()),
    ("en283-15", ("frustrating",), ()),
    ("da284-18", ("ifølge den information", "vred"), ()),
    # A landlord "threatening a late fee" is no fright; "foretage ændringer på vegne af" keeps its "på".
    ("en285-16", ("frightening",), ()),
    ("da285-07", ("ændre vegne",), ("på vegne af ejeren",)),
    # A step of a menu path keeps its label; a couple greeted below a subject line is "De … bekymrede"; a web page of an
    # owner is "står på"; a third missed bus keeps the only apology beside the line; a wait told as over with the wrong
    # lenses come is no long wait; a reply sorry for the delay gets no line about the wait.
    ("da287-05", ("> flere dokumenter",), ("> Yderligere dokumenter",)),
    ("da287-14", ("De er bekymret ", "jeres besked"), ()),
    ("da288-13", ("står i kommunens",), ()),
    ("da287-06", (), ("beklager",)),
    ("en287-16", ("waiting a long time",), ()),
    ("en288-15", ("waiting a long time",), ()),
    # "dine Data" is not cased as the reply's "Data Integrity-team" where the reply writes "data" too; a late parents'
    # belongings are no loss told; a flood with nothing heard from us since is not the grievance; "I note your comments"
    # goes; "hvor var det godt, at din nabo kunne hjælpe dig hjem" reacts already.
    ("da289-16", ("dine Data",), ("dine data",)),
    ("da289-18", ("dit tab",), ()),
    ("da289-01", ("blev oversvømmet",), ("ikke har hørt fra os",)),
    ("en290-17", ("I note your comments",), ()),
    ("da290-15", ("urolig",), ()),
    # A visit "ikke blev planlagt korrekt" is our mistake: the frightened daughter keeps an apology; a deduction of another
    # amount than expected is no surprise charge; a reply sorry for the confusion gets no confusion line; "dev-teamet" is
    # "vores udviklere"; no generic frustration line in a stock apology's place for a frustration never said.
    ("da291-03", (), ("beklager",)),
    ("da291-04", ("ikke havde ventet",), ()),
    ("da291-19", ("forvirrende",), ()),
    ("da291-13", ("fra en kollega",), ()),
    ("en291-12", ("frustrating",), ()),
    # A charge asked about is no charge told; money credited "som goodwill" is no "ekstra service"; no "as soon as" where a
    # later step has a wait of its own; terror said in words is not "concerned".
    ("en294-17", ("didn't expect",), ()),
    ("da293-01", ("en ekstra service",), ()),
    ("en293-06", ("as soon as the check-out",), ()),
    ("en293-18", ("concerned",), ("frightening",)),
    # No line in front of a case-number line above the greeting; no "utilfreds" above the reply's own "utilfredshed".
    ("da296-19", ("skrækslagen",), ("Kære Claus Winther\n\nJeg",)),
    ("da295-11", ("er utilfreds",), ()),
    # "Is this how you reward loyal customers?" over a price rise is sarcasm; no "our systems fulfillment queue"; no
    # "beslutter i tvister".
    ("en298-06", ("glad to hear", "pleased"), ()),
    ("en298-08", ("our systems fulfillment",), ()),
    ("da298-20", ("beslutter i tvister", "Jeg forstår godt"), ("træffer afgørelse i tvister",)),
    # Tickets gone from the app are a problem (the chat reply keeps its only apology); a death two years back beside a fear
    # said now is no loss; a charge for a scratch "som var der, DA JEG HENTEDE BILEN" is no surprise charge; no "lige nu"
    # beside "nu"; a letter that names its company in the third person says "Vi forstår".
    ("en299-15", (), ("I'm sorry",)),
    ("da299-06", ("tab",), ()),
    ("da299-03", ("du ikke havde ventet",), ()),
    ("da300-17", ("lige nu afvise",), ()),
    ("da300-20", ("Jeg forstår godt",), ()),
    # A relative taken a turn for the worse, fear said: not "concerned"; a missed visit the reply names only as the job
    # booked; "ude af mig selv" over a late mother's ring is no frustration; a payout is no money "tilbage"; a worry about
    # the application, not the aside "Jeg skrev også en mail"; a spoiled trip looked forward to is a letdown.
    ("en302-01", ("concerned",), ("how hard this is",)),
    ("en301-13", ("smart meter.",), ("nobody turned up",)),
    ("da301-03", ("frustrerende",), ()),
    ("da301-04", ("penge tilbage",), ()),
    ("da301-08", ("ikke har fået svar",), ()),
    ("da302-14", ("bekymret",), ()),
    # The salutation below a subject line takes the name; a title or a surname is no first name.
    ("en298-17", ("Dear Customer",), ("Dear Priya",)),
    ("en279-01", ("Dear Mrs,",), ()),
    ("en300-20", ("Dear Okonkwo",), ()),
    # "Love how your "improvement" update …" and "Tak for loyaliteten, virkelig." are sarcasm; no "contact book your
    # install"; an insulin delivery "skulle være leveret" is no appointment; no brand name lowered into a situation.
    ("en303-08", ("glad to hear", "pleased"), ()),
    ("da303-18", ("dejligt at høre",), ()),
    ("en304-13", ("contact book",), ()),
    ("da303-03", ("din aftale",), ()),
    ("da303-08", ("din vagtly",), ()),
    # A worry's topic in the worry's own clause; a chat customer with a train at 17:31 gets the answer first.
    ("en304-06", ("your insurance",), ()),
    ("en305-17", ("upset",), ()),
    # "have i ruined it 😩" is worry; a flight cancelled told as the reason for a cancellation is not the trouble; a daughter
    # "fuldstændig knust" is her mother's letdown.
    ("en308-05", ("frustrating",), ()),
    ("en308-19", ("flight was cancelled",), ()),
    ("da308-16", ("bekymret",), ()),
    # The apology kept after the line put in an opener's place reads after that line: no "… at du er bekymret. Det beklager
    # jeg." (an apology for the worry).
    ("da307-19", ("bekymret. Det beklager",), ("Jeg beklager, at det er sket",)),
    # "Please allow … before reporting" keeps its wording; no "our warehouse team" where the reply names an outside
    # fulfilment partner; no "dit ønske … den"; a "De" letter whose sentence-initial "De har … givet" is the reader stays in
    # "De"; panic said gets "stressful"; a signature with a booking reference after the name greets by name; a lawyer threat
    # with "talking to"; days of formula left is worry; "flytter vi til en anden udbyder" is a threat.
    ("en309-05", ("It can take up to 10",), ("Please allow up to 10",)),
    ("en310-13", ("our warehouse team",), ()),
    ("da310-08", ("Dit ønske",), ()),
    ("da310-14", ("bedes du",), ()),
    ("en309-01", ("a worry",), ("stressful", "Dear Priya")),
    ("en310-08", ("a worry",), ("stressful",)),
    ("en309-17", (), ("upset",)),
    ("en310-15", (), ("concerned",)),
    ("da309-17", ("bekymret",), ()),
    # No "lige nu" twice in a paragraph; a wait told as over with the wrong thing come is no long wait; no "contact rebook";
    # no "dealt with" for a credit; no "med i dag"; stress and "freaking out" said get "stressende"/"stressful"; Danish anger
    # shouted or sworn is "vred"; a line before the reply's own "Vi beklager …" says "Vi".
    ("da309-09", ("der lige nu er fratrukket",), ()),
    ("da309-15", ("ventet længe",), ()),
    ("en312-09", ("contact rebook",), ()),
    ("en311-01", ("dealt with against",), ()),
    ("da311-13", ("med i dag",), ()),
    ("da311-20", ("bekymret",), ("stressende",)),
    ("en311-19", ("concerned",), ("stressful",)),
    ("da312-15", ("rigtig utilfreds",), ("vred",)),
    ("da312-17", ("Jeg kan godt forstå, at du er vred. Vi",), ("Vi kan godt forstå",)),
    # Congratulations on a failure and paying "for fornøjelsen" are sarcasm (no thanks for kind words); no "refund you of";
    # no "som vi forstår godt" for "som vi har forståelse for"; "we" said as a sentence's first word keeps its capital.
    ("da313-03", ("søde ord",), ()),
    ("en314-15", ("refund you of",), ()),
    ("da314-20", ("som vi forstår godt",), ()),
    ("en263-09", (". we understand",), ()),
    # Tears beside thanks with nothing wrong are joy; no "dealt with" for a visit booked; no "mine kolleger" before a team's
    # name; confusion said beside a theft is the feeling, not "alvorligt".
    ("en315-02", ("hard for you",), ()),
    ("en316-01", ("dealt with for Thursday",), ()),
    ("da315-05", ("mine kolleger Pendler",), ()),
    ("da315-16", ("alvorligt",), ("forvirrende",)),
    # No "er ikke på lager" in an "at" clause past an abbreviation's full stop; panic said with "ærlig talt" between; a
    # car "på værksted" before the wedding is our problem, so the apology stays; a hospital stay told as why, in a shouted
    # threat, is anger; no "I'm sorry" beside a charge the reply upholds; no plain situation line to a furious Danish chat
    # customer whose request the reply refuses.
    ("da317-11", ("er ikke på lager",), ()),
    ("da317-02", ("bekymrende",), ("stressende", "beklager")),
    ("en318-05", ("going through",), ()),
    ("en318-20", ("I'm sorry about this",), ()),
    ("da318-03", ("din tur blev aflyst",), ()),
    # Held-out 319th–320th: no "repair 5 June" for "complete the repair on 5 June"; "Hvor er det trist at høre om Bølle" and
    # "hvis dette har skabt frustration" react already, so no second line goes on top.
    ("en320-09", ("repair 5 June",), ()),
    ("da320-08", ("høre om dit tab",), ()),
    ("da320-04", ("at du er vred",), ()),
]


def test_an_illness_is_no_loss_where_the_line_falls_back_to_the_plainest():
    """"My mum has terminal cancer" with no death told: the readability fallback said "I'm so sorry for your loss" (found in
    a check of the 283rd drafts)."""
    reply = ("Hi Hannah, our current SLA for newborn galleries is 6–8 weeks due to high demand, so your gallery is still "
             "within the timeframe. Thanks, Bex")
    result = run(reply, "en", "My mum has terminal cancer and I wanted her to see the photos. Still waiting 7 weeks.",
                 channel="chat")
    assert "loss" not in (result.rewrite["text"] if result.rewrite else reply)


@pytest.mark.parametrize("prefix, absent, present", JUDGED_CLASSES, ids=[case[0] for case in JUDGED_CLASSES])
def test_classes_judged_in_the_eighty_ninth_to_hundred_and_eighty_fourth_drafts(prefix, absent, present, monkeypatch):
    """The rewrite no longer says what both blind judges called worse or broken, and keeps what they missed; where
    it is no longer offered (swaps alone), the edits the findings' cards apply say none of it either, and what the
    judges missed is in them or still in the draft the agent sends."""
    draft = labelled_draft(drafts_file(prefix), prefix)["text"]
    rewritten = rewritten_draft(drafts_file(prefix), prefix)
    kept = ""  # where no rewrite is offered, the draft the agent sends keeps what the judges missed as well
    if rewritten == draft:
        monkeypatch.setattr(rewrite_module, "MINOR_CHANGES", 0)
        rewritten, kept = rewritten_draft(drafts_file(prefix), prefix), draft
    assert [w for w in absent if w in rewritten] == []
    assert [w for w in present if w not in rewritten and w not in kept] == []


@pytest.mark.parametrize("prefix, placed", [("en99-08", r"Linden Grove\n\nI [^.]*frustrating[^.]*\. I write"),
                                            ("en123-15", r"frustrating\. unfortunately")])
def test_a_line_for_frustration_said_is_placed_as_judged(prefix, placed):
    """Where the customer says the frustration in words, the line goes below a heading paragraph and keeps an all-lower-case
    chat reply's next word as written (both blind judges, 99th and 123rd drafts; their own messages only show it)."""
    draft = labelled_draft(drafts_file(prefix), prefix)
    result = run(draft["text"], "en", draft["message"] + " I'm so frustrated.", channel=draft.get("channel", "email"))
    assert re.search(placed, result.rewrite["text"])


@pytest.mark.parametrize("prefix", ["da90-12", "da98-01", "da99-11", "da183-11", "da200-13", "da206-13"])
def test_letters_judged_mixed_in_address_keep_one(prefix):
    """"De kan anmode om …", "De vil blive orienteret", "De har den 18. marts rettet henvendelse", "De kan forvente at
    blive kontaktet", "De oplyses om", "De har desuden mulighed" keep a letter in "De" (both blind judges, 90., 98., 99.,
    183., 200. and 206. udkast)."""
    assert not mixes_address(rewritten_draft(drafts_file(prefix), prefix))


def test_eighty_ninth_and_ninetieth_drafts_findings_that_were_false_alarms():
    """A reassurance answering "kan vi nå det" and "the last thing either of you needs" acknowledge (both blind judges:
    false alarms; the spelling and agreement ones are in tests/server/analysis/grammar)."""
    assert not [f for f in labelled_findings("rewrite_da_drafts_90.yaml", "da90-05") if f.category == "missing_acknowledgement"]
    assert not [f for f in labelled_findings("rewrite_en_drafts_89.yaml", "en89-14") if f.category == "missing_acknowledgement"]


def test_the_corpus_round_of_5_december():
    """Classes two blind judges named in a sample of rewrites of real paired replies (own sentences of each class)."""
    # A customer who waves canned words away gets none.
    wave = run("Hey! I'd like to work with you on this. Can you DM us your order number?", "en",
               "You don't care about customers, you just want money, save me the BS", channel="chat")
    assert not wave.rewrite or "upset" not in wave.rewrite["text"]
    # A cancellation only an e-mail reported is not stated as fact.
    told = run("Hi Sam! Can you DM us the e-mail address on the account? We'll take a look.", "en",
               "I updated my email and then got an email to say my subscription had been cancelled?", channel="chat")
    assert not told.rewrite or "subscription was cancelled" not in told.rewrite["text"]
    # "but you need to contact" keeps who must act.
    airline = run("I'm sorry Jo, but you need to contact the airline. We can't see their tracer.", "en",
                  "Can you prove my bag was transferred to the other airline?", channel="chat")
    assert "but please contact" not in (airline.rewrite or {}).get("text", "")
    # "at our end" after "reproduce" sets our side against the customer's.
    bug = run("We are not able to reproduce it at our end, but I've asked the developers to look again.", "en",
              "The update broke the app for everyone, it's widespread!", channel="chat")
    assert not [f for f in bug.findings if f.text == "at our end"]
    # An upset chat customer held to terms keeps the reply's only apology.
    reply = ("Hi, as per our Terms & Conditions the room is released at 8pm. There are no rooms available tonight. "
             "We apologise for any inconvenience caused.")
    terms = run(reply, "en", "WHAT?? you gave our room away because we were late?? it's pouring with rain, sort it NOW",
                channel="chat")
    assert "apologise" in (terms.rewrite["text"] if terms.rewrite else reply)


def test_ninety_first_and_ninety_second_drafts_findings_that_were_false_alarms():
    """"the case" of a client who died is not the son's request (both blind judges: a false alarm)."""
    grant = labelled_findings("rewrite_en_drafts_91.yaml", "en91-03")
    assert not [f for f in grant if f.text == "the case" and f.replacements]


def test_ninety_third_and_ninety_fourth_drafts_findings_that_were_false_alarms():
    """A thanks that goes on "– og ærgerligt, at …", a car-park brand and "the fitter that he" (both blind judges)."""
    assert not [f for f in labelled_findings("rewrite_da_drafts_93.yaml", "da93-15") if f.category == "standard_answer"]
    assert not [f for f in labelled_findings("rewrite_en_drafts_94.yaml", "en94-06") if f.text == "NCP"]


def test_ninety_fifth_and_ninety_sixth_drafts_findings_that_were_false_alarms():
    """Public acronyms, and "on hold" with its reason (both blind judges)."""
    assert not [f for f in labelled_findings("rewrite_en_drafts_96.yaml", "en96-17") if f.text == "PIP"]
    assert not [f for f in labelled_findings("rewrite_da_drafts_96.yaml", "da96-12") if f.text == "VVS"]
    assert not [f for f in labelled_findings("rewrite_en_drafts_95.yaml", "en95-17") if "on hold" in (f.text or "")]


def test_the_corpus_rounds_of_5_december_afternoon():
    """A hurried greeting is a greeting, and a customer's strong words are not said back as "poor" (own sentences)."""
    typed = run("H there! We'd like to work with you on this. How long has it been happening? -AA", "en",
                "y'all lie about your great connection. 5 bars and still nothing loads. Smh.", channel="chat")
    assert not typed.rewrite or not typed.rewrite["text"].startswith("That must")
    strong = run("We'd love the chance to turn things around for you! Please DM so we can help.", "en",
                 "Had 3 extremely horrible experiences at your stores. Thinking of leaving after 9 years.", channel="chat")
    assert "poor experience" not in (strong.rewrite or {}).get("text", "")


def test_ninety_ninth_and_hundredth_drafts_findings_that_were_false_alarms():
    """Public acronyms, "a mix-up at our end" and a stock apology before a relative clause (both blind judges)."""
    assert not [f for f in labelled_findings("rewrite_en_drafts_99.yaml", "en99-06") if f.text == "CPAP"]
    assert not [f for f in labelled_findings("rewrite_en_drafts_99.yaml", "en99-14") if f.text == "ISBN"]
    assert not [f for f in labelled_findings("rewrite_en_drafts_99.yaml", "en99-09") if f.text == "at our end"]
    sympathy = [f for f in labelled_findings("rewrite_da_drafts_99.yaml", "da99-07") if f.category == "sympathy"]
    assert all(not f.replacements for f in sympathy if f.text.startswith("Vi beklager ulejligheden"))


def test_hundred_and_twenty_fourth_and_fifth_drafts_findings_that_were_false_alarms():
    """A plainer word inside a quoted status, and "how worried you must be" (both blind judges, both languages)."""
    assert not [f for f in labelled_findings("rewrite_en_drafts_125.yaml", "en125-01") if f.text == "Awaiting Dispatch"]
    assert not [f for f in labelled_findings("rewrite_da_drafts_124.yaml", "da124-08") if f.text == "afventer"]
    assert not [f for f in labelled_findings("rewrite_en_drafts_125.yaml", "en125-15") if f.rule == "en.negative_phrasing.you_must"]


def _inserted(result, text: str) -> str:
    """The sentences a rewrite added to `text` (empty when it added none)."""
    new = result.rewrite["text"] if result.rewrite else text
    return " ".join(s for s in re.split(r"(?<=[.!?])\s+", new) if s not in text)


def test_a_tweet_length_chat_reply_gets_no_generic_feeling_line():
    """A line that names nothing ("That must be so frustrating.") becomes half of a short chat reply and reads as the
    stock answer (the corpus judgements of 5 December: one judge of two called every such line boilerplate)."""
    handoff = "Here to help! Send us a DM with your email address so we can look into this for you."
    upset = run(handoff, "en", "This is ridiculous, worst company ever!!! Get it together", channel="chat")
    assert not re.search(r"(?i)frustrat|upset|understand", _inserted(upset, handoff))
    # A line that says back what happened to them still goes in ...
    hung_up = run(handoff, "en", "Called three times today & your agent just hangs up on me! Unacceptable!!", channel="chat")
    assert "you were hung up on" in _inserted(hung_up, handoff)
    # ... and before a fuller answer that refuses, a feeling the customer says still gets its line; one read from
    # sarcasm alone does not (the 276th–282nd drafts).
    policy = ("Our system shows the booking was cancelled automatically because the confirmation link we sent 48 hours "
              "before was not clicked, as stated in our booking policy. The deposit is non-refundable but can be used "
              "as credit within 3 months.")
    refused = run(policy, "en", "turned up for my birthday booking and were told there was no booking. so annoyed, "
                                "really!!!", channel="chat")
    assert re.search(r"(?i)frustrat|upset", _inserted(refused, policy))
    sarcastic = run(policy, "en", "turned up for my birthday booking and were told there was no booking. brilliant "
                                  "service guys, really!!!", channel="chat")
    assert not re.search(r"(?i)frustrat|upset", _inserted(sarcastic, policy))
    # The same short reply by e-mail keeps its acknowledgement.
    mailed = run(handoff, "en", "This is ridiculous, worst company ever!!! Get it together", channel="email")
    assert re.search(r"(?i)frustrat|upset|understand", _inserted(mailed, handoff))


def test_a_chat_customer_who_accuses_the_company_keeps_the_only_apology():
    """"How long you gonna lie about …", "You should be ashamed …": in a chat reply the only apology stays (both blind
    judges of the corpus round of 5 December, evening, called its loss worse), whole or opening a longer sentence."""
    ashamed = run("Our apologies for any inconvenience. DM us with more details & store location.", "en",
                  "has disgustingly mismanaged the release. You should be ashamed of your retail staff.", channel="chat")
    assert re.search(r"(?i)sorry|apolog", ashamed.rewrite["text"] if ashamed.rewrite else "Our apologies")
    lied = "I apologize for any confusion, What part of the deal are you getting different information about? -C"
    result = run(lied, "en", "How long you gonna lie about your deal? They keep changing the rules on me. Not cool",
                 channel="chat")
    assert "I apologize" in (result.rewrite["text"] if result.rewrite else lied)


def test_a_driver_who_went_past_the_door_is_said_back_and_the_apology_stays():
    """"Dasher literally just drove right by my house": the only apology of a chat reply traded for a generic line was
    worse with both strict judges of the fifth corpus sample of 5 December."""
    reply = "Thanks for this message. Sorry for the trouble.  Please DM us with your email address & we'll reach out!"
    result = run(reply, "en", "how does this route make any sense? Dasher literally just drove right by my house.",
                 channel="chat")
    rewritten = result.rewrite["text"] if result.rewrite else reply
    assert "went right past your address" in rewritten and re.search(r"(?i)sorry", rewritten)


def test_a_long_email_of_few_sentences_is_not_presumed_easy(offer_every_rewrite):
    """An e-mail with the words for a readability verdict but under three sentences is no short e-mail: presumed easy,
    every swap and split of its run-on sentence was given up as making it "hard", and it came back unchanged."""
    sentence = ("Your request has been escalated to our Tier 2 team pursuant to our SLA and kindly note that the RMA will "
                "be processed upon receipt of the unit at our fulfilment centre, and ")
    reply = "Hi John,\n\n" + sentence * 4 + "we will write to you.\n\nBest regards,\nSam"
    result = run(reply)
    assert result.readability.get("band") is None  # too few sentences for a verdict
    rewritten = result.rewrite["text"] if result.rewrite else reply
    assert "kindly note" not in rewritten and "we'll process your return" in rewritten and rewritten.count(". ") >= 2


def test_a_letter_in_de_comes_back_in_one_address(offer_every_rewrite):
    """"Vedr. Deres henvendelse" had no finding after the abbreviation's full stop, and a later pass of a letter kept in
    "De" found "Deres sag" anew and swapped it: both mixed "De" and "du" (110. and 35. udkast)."""
    concert = rewritten_draft("rewrite_da_drafts_110.yaml", "da110-14")
    assert not mixes_address(concert) and "Vedr. din besked" in concert
    roof = rewritten_draft("rewrite_da_drafts_35.yaml", "da35-01")
    assert not mixes_address(roof) and "Deres sag" in roof



@pytest.mark.parametrize("language, sentence, owns", [
    ("en", "I'm sorry you've been left wondering – that's our fault.", True),
    ("en", "Sorry, I should have called you back on Friday.", True),
    ("en", "Apologies, we got this wrong.", True),
    ("en", "I'm sorry to hear the parcel was late.", False),
    ("en", "Sorry for the late reply, that was my mistake.", False),
    ("da", "Jeg er ked af, at du har ventet uden svar – det er vores fejl.", True),
    ("da", "Undskyld, jeg burde have ringet i fredags.", True),
    ("da", "Vi beklager, at pakken var forsinket.", False),
])
def test_an_apology_that_owns_the_fault(language, sentence, owns):
    """The closing formula goes beside an apology that owns the fault (blind judges, 217th drafts), not beside one that
    only regrets what happened or the reply's own lateness."""
    text = f"{sentence} Vi ses.\n\nVi beklager ulejligheden." if language == "da" else \
        f"{sentence} See you soon.\n\nWe apologise for any inconvenience."
    doc = Document(text=text, language=language, channel="email")
    plan = rewrite_module._Plan(doc)
    assert rewrite_module._owns_the_fault(doc, plan, len(plan.sentences) - 1) is owns
