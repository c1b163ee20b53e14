"""A word the customer used themselves is no internal language to them (issue 14)."""

from __future__ import annotations

from klarsvar.analysis import CheckRequest, analyze

REPLY = "I have escalated your request. The RMA is ready."


def rules_of(customer_message, language="en", text=REPLY):
    request = CheckRequest(text=text, language=language, channel="chat", customer_message=customer_message,
                           rewrite=False, grammar=False)
    return sorted(f.rule for f in analyze(request).findings if f.category == "internal_language")


def test_internal_words_are_flagged_without_the_customer_using_them():
    assert rules_of(None) == ["en.internal_language.escalated", "en.internal_language.rma_your"]
    assert rules_of("Where is my parcel?") == ["en.internal_language.escalated", "en.internal_language.rma_your"]


def test_the_customers_own_word_or_acronym_is_not_flagged():
    assert rules_of("Please get this escalated, I need an RMA number") == []
    assert rules_of("I need an rma number") == ["en.internal_language.escalated"]


def test_the_customers_noun_under_another_determiner_is_not_flagged():
    text = "The unit will be cleared on Friday unless the balance is paid."
    assert rules_of("My unit (C-112) is in arrears, I was in hospital.", text=text) == []
    assert rules_of("My storage room is in arrears.", text=text) == ["en.internal_language.the_unit"]


def test_a_word_inside_a_longer_word_of_the_customer_does_not_count():
    assert rules_of("This is not escalatedness, I need my RMAS") == ["en.internal_language.escalated",
                                                                    "en.internal_language.rma_your"]


def openers_of(customer_message, channel="chat", text="Thanks for reaching out. Could you DM us your order number?",
               language="en"):
    request = CheckRequest(text=text, language=language, channel=channel, customer_message=customer_message,
                           rewrite=False, grammar=False)
    return [f.rule for f in analyze(request).findings if f.category == "standard_answer"]


def test_a_chat_opener_is_judged_only_with_the_customers_message():
    """Without the customer's message a chat opener cannot be shown to be filler (issue 14: judged debatable)."""
    assert openers_of("Where is my parcel? It was due Monday.") == ["en.standard_answer.thank_you_for_contacting"]
    assert openers_of(None) == []
    assert openers_of("  ") == []
    # In e-mail the stock opener is flagged either way.
    assert openers_of(None, channel="email") == ["en.standard_answer.thank_you_for_contacting"]
    assert openers_of(None, language="da", text="Tak for din henvendelse. Hvad er dit ordrenummer?") == []
    assert openers_of("Hvor er min pakke?", language="da", text="Tak for din henvendelse. Hvad er dit ordrenummer?") == [
        "da.standard_answer.tak_for_henvendelsen"]


def sympathy_of(customer_message, text, language="en"):
    request = CheckRequest(text=text, language=language, channel="chat", customer_message=customer_message,
                           rewrite=False, grammar=False)
    return [f.rule for f in analyze(request).findings if f.category == "sympathy"]


def test_a_stock_sorry_before_a_details_request_needs_the_customers_message():
    """Without the customer's message the agent may not know the problem yet: a stock sorry followed straight away
    by a request for details is left alone (issue 14: judged debatable). With it, the stock sorry is flagged."""
    upset = "I've been on hold for 45 minutes. Not impressed."
    for text in ("Sorry to hear that. What's your flight number?", "Apologies for the wait. What is your enquiry regarding?",
                 "We're sorry for the inconvenience, please DM us your order number.",
                 "Sorry to hear that, Hayley. Without revealing any personal information, can you tell me a bit more?"):
        assert sympathy_of(None, text) == [], text
        assert len(sympathy_of(upset, text)) == 1, text
    # Not a details request: still flagged without the message.
    assert sympathy_of(None, "Sorry for the inconvenience. Let us know if you need anything else.") == [
        "en.sympathy.sorry_for_inconvenience"]
    assert sympathy_of(None, "Sorry to hear that. Have a nice day.") == ["en.sympathy.sorry_to_hear"]
    # Danish
    assert sympathy_of(None, "Vi beklager ventetiden. Hvad drejer din henvendelse sig om?", "da") == []
    assert sympathy_of("Jeg har ventet i 45 minutter!", "Vi beklager ventetiden. Hvad drejer din henvendelse sig om?",
                       "da") == ["da.sympathy.beklager_ulejligheden"]


def test_a_stock_sorry_before_a_yes_no_question_or_work_under_way_is_left_alone_unless_the_customer_is_upset():
    """A yes/no question about the case, or work already under way, right after a stock sorry is the help itself
    (issue 14, round 6: debatable by both blind judges); a stock close is no such question."""
    upset = "I've been on hold for 45 minutes. Not impressed."
    calm = "I bought a game in the store but it won't let me download it because the data is corrupted."
    for text in ("Hi Leslie, sorry to hear that! Has the carrier provided a reason for the delay?",
                 "Sorry for the inconvenience. Do you see the error when you open the game or when you download it?",
                 "Our apologies for the trouble, Linda. We're working hard to get you on your way.",
                 "I'm sorry for the trouble but this is a known issue we're actively working to fix.",
                 "Sorry for the trouble. Our support team has reached out to you by e-mail."):
        assert sympathy_of(None, text) == [], text
        assert sympathy_of(calm, text) == [], text
        assert len(sympathy_of(upset, text)) == 1, text
    # A stock close, a refusal of work and a question about something else are not the help.
    assert sympathy_of(None, "Sorry for the inconvenience. Is there anything else you need?") == [
        "en.sympathy.sorry_for_inconvenience"]
    assert sympathy_of(None, "Sorry for the trouble. Our team is not able to change it.") == [
        "en.sympathy.sorry_for_inconvenience"]
    assert sympathy_of(None, "Sorry for the trouble. We are closed on Sundays.") == [
        "en.sympathy.sorry_for_inconvenience"]


def test_a_stock_sorry_before_any_request_of_the_customer_is_left_alone_unless_the_customer_is_upset():
    """"Please write back to the e-mail …", "Please allow me to take a look": any request is the next step (issue
    14, blind rounds 8 and 9: debatable); a politeness formula, a wait or a stock close after "please" is none."""
    upset = "I've been on hold for 45 minutes. Not impressed."
    for text in ("I apologize for the frustration. Please write back to the email you received from us.",
                 "Sorry for the trouble. Please allow me to take a look at this.",
                 "Our apologies for the inconvenience. Kindly return the item with the label we sent."):
        assert sympathy_of(None, text) == [], text
        assert len(sympathy_of(upset, text)) == 1, text
    for text in ("Sorry for the inconvenience. Please note that we are closed on Sundays.",
                 "Sorry for the trouble. Please accept our apologies.",
                 "Sorry for the trouble. Please bear with us.",
                 "Sorry for the trouble. Please allow 5 working days.",
                 "Sorry for the inconvenience. Please let us know if you need anything else.",
                 "Sorry for the inconvenience. Please be patient."):
        assert sympathy_of(None, text) == ["en.sympathy.sorry_for_inconvenience"], text


def test_a_stock_sorry_in_a_post_of_a_thread_is_left_alone_unless_the_customer_is_upset():
    """"2/2 apologies for the inconvenience caused": the help may stand in the thread's other post (issue 14, blind
    rounds 6 to 8: debatable)."""
    upset = "I've been on hold for 45 minutes. Not impressed."
    for text in ("2/2 apologies for the inconvenience caused ^HP",
                 "I'm sorry for the trouble. All items sold on our site must follow our content policy (1/2) ^LR"):
        assert sympathy_of(None, text) == [], text
        assert len(sympathy_of(upset, text)) == 1, text
    assert sympathy_of(None, "I'm sorry for the trouble. All items sold on our site must follow our content policy.") == [
        "en.sympathy.sorry_for_inconvenience"]


def chat_rules_of(category, text, language="en"):
    """The rules of `category` that a chat reply without the customer's message gets."""
    request = CheckRequest(text=text, language=language, channel="chat", rewrite=False, grammar=False)
    return [f.rule for f in analyze(request).findings if f.category == category]


def passives_of(text):
    return chat_rules_of("passive", text)


def test_a_passive_that_names_its_agent_later_in_its_clause_is_left_alone():
    """Its active replacement would break the sentence ("we'll contact you within 14 days by our team")."""
    assert passives_of("You'll be contacted within 14 days by our Product Quality Team with the outcome.") == []
    assert passives_of("You will be contacted shortly by Sarah from our billing team.") == []
    # A time after "by" names no agent; nor does an agent in the next sentence.
    assert passives_of("You'll be contacted within a day, by the end of Friday at the latest.") == [
        "en.passive.you_will_be_contacted"]
    assert passives_of("You'll be contacted within 14 days by Monday.") == ["en.passive.you_will_be_contacted"]
    assert passives_of("You will be contacted soon. It is handled by our team.") == ["en.passive.you_will_be_contacted"]


def negatives_of(text):
    return chat_rules_of("negative_phrasing", text)


def test_a_plain_no_in_one_post_of_a_thread_is_left_alone():
    """What can be done instead may stand in the thread's other post (issue 14, blind rounds 7 and 9: debatable)."""
    assert negatives_of("Due to courier restrictions we are unable to deliver to some areas 1/2 ^MM") == []
    assert negatives_of("therefore, we cannot change the booking. ^Monica 2/2") == []
    assert negatives_of("Due to courier restrictions we are unable to deliver to some areas. ^MM") == [
        "en.negative_phrasing.cant"]
    # Other negative phrasing is not answered by another post.
    assert negatives_of("As previously explained, the seats are assigned at check-in. 1/3") == [
        "en.negative_phrasing.as_i_already_said"]


def test_an_acronym_the_reply_spelled_out_before_is_not_flagged():
    """"Collision Damage Waiver … The CDW excess": defined a sentence before (sixteenth drafts, both judges)."""
    def acronyms(text):
        request = CheckRequest(text=text, language="en", channel="email", rewrite=False, grammar=False)
        return [f.text for f in analyze(request).findings if f.category == "internal_language"]
    assert acronyms("Dear Sam,\n\nYour booking includes our Collision Damage Waiver. The CDW excess is £250.\n\nBest,\nJo") == []
    assert acronyms("Dear Sam,\n\nThe CDW excess is £250.\n\nBest,\nJo") == ["CDW"]


def requirements_of(customer_message, text, language, channel="email"):
    request = CheckRequest(text=text, language=language, channel=channel, customer_message=customer_message,
                           rewrite=False, grammar=False)
    return [f.rule for f in analyze(request).findings if f.category == "negative_phrasing"]


def test_a_requirement_that_answers_the_customers_own_question_is_no_order():
    """"… og ja, du skal være medlem" to "skal man være medlem af klubben først" says what was asked (both blind judges,
    55. udkast: a false alarm); the same requirement said unasked, or after a statement's inverted "så skal jeg", stays."""
    da = "Ja, han kan godt starte. Og ja, du skal være medlem, men det klarer du på vores side."
    assert requirements_of("hej, er han for ung? og skal man være medlem af klubben først", da, "da") == []
    assert requirements_of("Hvornår starter holdet?", da, "da") == ["da.negative_phrasing.du_skal"]
    assert requirements_of("Så skal jeg betale igen. Det er for dårligt.", da, "da") == ["da.negative_phrasing.du_skal"]
    en = "Thanks for asking. You will need to bring your passport on the day."
    assert requirements_of("Do I need to bring anything to the exam?", en, "en") == []
    assert requirements_of("When is the exam?", en, "en") == ["en.negative_phrasing.you_need_to"]


def flagged(text, customer_message, category):
    """The flagged words of an English e-mail reply's findings of one category, given the customer's message."""
    request = CheckRequest(text=text, language="en", channel="email", customer_message=customer_message, rewrite=False,
                           grammar=False)
    return [f.text for f in analyze(request).findings if f.category == category]

def test_a_short_abbreviation_the_customer_quoted_is_theirs():
    """"'TBC' in the Customer Portal" to a customer who wrote that the slot "still says 'TBC'" names what she sees (both
    blind judges, sixty-second drafts: "to be confirmed" was a false alarm)."""
    text = "Until then the status will be displayed as 'TBC' in the Customer Portal."
    assert "TBC" in flagged(text, "When will my harp be delivered?", "plain_language")
    assert "TBC" not in flagged(text, "The delivery slot still says 'TBC' in the portal.", "plain_language")


def test_an_acronym_that_prefixes_the_customers_reference_is_theirs():
    """"FAW" in the reply to a customer whose booking is "FAW-23877" (both blind judges, sixty-ninth drafts)."""
    text = "Your FAW certificate is issued within 10 working days of the course."
    assert "FAW" in flagged(text, "Where is my certificate from the course in February?", "internal_language")
    assert "FAW" not in flagged(text, "I did the course on 12-14 February (booking FAW-23877).", "internal_language")
