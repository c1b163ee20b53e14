"""The pure checks a language model's candidate must pass (analysis/model_check.py), the prompt and the
cleaning of the model's answer (analysis/model_prompt.py). No server, no model."""

from __future__ import annotations

import pytest

from klarsvar.analysis import model_check, model_prompt
from klarsvar.analysis.document import Document
from klarsvar.analysis.pipeline import CheckRequest, analyze
from klarsvar.analysis.terms import TeamTerms, Term

EN_REPLY = ("Hi Anna,\n\nYour order #48213 of 249.50 kr will ship on 3 March at 14:00. You can follow it at "
            "https://example.com/track or write to help@example.com. Ticket escalated to backend per our SLA. "
            "Ask Maria at Zendesk if anything is missing.\n\nBest regards\nPeter Jensen\nAcme Support")
EN_MESSAGE = "My order is late again and I am really frustrated!"
EN_GOOD = ("Hi Anna,\n\nI can see why you're frustrated that your order is late. Your order #48213 of 249.50 kr "
           "will ship on 3 March at 14:00. You can follow it at https://example.com/track or write to "
           "help@example.com. Our team is looking at it now. Ask Maria at Zendesk if anything is missing."
           "\n\nBest regards\nPeter Jensen\nAcme Support")

DA_REPLY = ("Hej Jens,\n\nDin ordre 55120 på 399 kr. er afsendt den 12. maj. Sagen er eskaleret til 2nd level "
            "jf. vores SLA.\n\nMed venlig hilsen\nLise\nKundeservice")
DA_MESSAGE = "Jeg er virkelig frustreret, min pakke er stadig ikke kommet!"
DA_GOOD = ("Hej Jens,\n\nJeg kan godt forstå, at du er frustreret over, at din pakke ikke er kommet. Din ordre "
           "55120 på 399 kr. er afsendt den 12. maj. En kollega kigger på det nu.\n\nMed venlig hilsen\nLise\n"
           "Kundeservice")


def original(text, message, language, name=None, channel="email", terms=None):
    """The original's document and its analysis."""
    analysis = analyze(CheckRequest(text=text, language=language, channel=channel, customer_message=message,
                                    customer_name=name))
    doc = Document(text=text, language=language, channel=channel, customer_message=message, customer_name=name,
                   terms=terms or TeamTerms(), language_source="request")
    return doc, analysis


def checks(doc, analysis, candidate):
    """The ids of the checks that refuse `candidate`."""
    verdict = model_check.verify(doc, analysis.findings, analysis.empathy, candidate)
    return [r.check for r in verdict.refusals]


@pytest.fixture(scope="module")
def en():
    return original(EN_REPLY, EN_MESSAGE, "en", name="Anna")


@pytest.fixture(scope="module")
def da():
    return original(DA_REPLY, DA_MESSAGE, "da", name="Jens")


def test_good_candidates_are_accepted(en, da):
    assert checks(*en, EN_GOOD) == []
    assert checks(*da, DA_GOOD) == []


def test_the_original_itself_is_refused_for_its_own_findings(en):
    # It keeps the jargon and lacks the acknowledgement: a model that echoes the reply changes nothing.
    assert set(checks(*en, EN_REPLY)) == {"findings", "acknowledgement"}


@pytest.mark.parametrize("mutate, expected", [
    (lambda t: t.replace("#48213 ", ""), "facts"),                                   # drops the order number
    (lambda t: t.replace("#48213", "#48218"), "facts"),                              # alters it
    (lambda t: t.replace("249.50 kr", "259.50 kr"), "facts"),                        # changes the amount
    (lambda t: t.replace("3 March", "5 March"), "facts"),                            # changes the date
    (lambda t: t.replace("https://example.com/track", "https://example.com"), "facts"),
    (lambda t: t.replace("Ask Maria", "Ask Mary"), "facts"),                         # changes a name
    (lambda t: t.replace("\nAcme Support", ""), "facts"),                            # drops part of the signature
    (lambda t: t.replace("Best regards\n", ""), "facts"),                            # drops the sign-off
    (lambda t: t.replace("looking at it now.", "looking at it now, and we will refund the shipping."), "promises"),
    (lambda t: t.replace("looking at it now.", "looking at it now. You get a free gift card."), "promises"),
    (lambda t: t.replace("looking at it now.", "looking at it now. We guarantee it arrives."), "promises"),
    (lambda t: t.replace("looking at it now.", "looking at it now and will pay you 50 kr."), "promises"),
    (lambda t: t.replace("looking at it now.", "looking at it now. You will hear from us by 9 March."), "promises"),
    (lambda t: t.replace("looking at it now.", "looking at it now. We will send you a replacement."), "promises"),
    (lambda t: t.replace("Our team is looking at it now.", "Your ticket has been escalated to the backend."),
     "findings"),                                                                   # jargon back in
    (lambda t: t.replace("Our team is looking at it now.", "Unfortunately we cannot do anything before then."),
     "findings"),                                                                   # negative phrasing
    (lambda t: t.replace("I can see why you're frustrated that your order is late. ", ""), "acknowledgement"),
    (lambda t: t.replace("Ask Maria", "Ask Maria or John"), "facts"),                # a new name
    (lambda t: t + " " + "Thanks. " * 60, "length"),
    (lambda t: t.replace("Our team is looking at it now.", "Our team, which consists of specialised "
                         "representatives who are responsible for investigating every kind of irregularity in "
                         "deliveries, is now carefully evaluating all of the circumstances surrounding the late "
                         "delivery of your order this week."), "readability"),          # a long sentence added
])
def test_each_bad_kind_is_refused_by_its_check(en, mutate, expected):
    candidate = mutate(EN_GOOD)
    assert candidate != EN_GOOD
    assert expected in checks(*en, candidate)


def test_a_harder_candidate_of_a_reply_long_enough_for_a_score_is_refused():
    text = ("Hej Ole\n\nTak for din besked om regningen. Vi har kigget på den i dag. Du har betalt for meget i marts. "
            "Vi sender pengene til din konto i næste uge. Du skal ikke gøre noget. Skriv til os, hvis du har "
            "spørgsmål om det.\n\nMvh\nLis")
    doc, analysis = original(text, None, "da")
    harder = text.replace("Du har betalt for meget i marts. Vi sender pengene til din konto i næste uge.",
                          "Gennemgangen dokumenterede overbetalingen vedrørende martsafregningen, hvorfor "
                          "differencebeløbet tilbageføres til kontoen i efterfølgende kalenderuge.")
    assert "readability" in checks(doc, analysis, harder)
    assert "readability" not in checks(doc, analysis, text.replace("Vi har kigget på den i dag.", "Vi så på den i dag."))


def test_a_reply_switched_to_danish_is_refused(en):
    danish = ("Hej Anna,\n\nJeg kan godt forstå, at du er frustreret. Din ordre #48213 på 249.50 kr sendes 3 March "
              "kl. 14:00. Følg den på https://example.com/track eller skriv til help@example.com. Spørg Maria hos "
              "Zendesk, hvis der mangler noget.\n\nBest regards\nPeter Jensen\nAcme Support")
    assert "language" in checks(*en, danish)


def test_danish_promises_and_facts(da):
    assert "promises" in checks(*da, DA_GOOD.replace("kigger på det nu.", "kigger på det nu, og du får refusion."))
    assert "promises" in checks(*da, DA_GOOD.replace("kigger på det nu.", "kigger på det nu. Fragten er gratis."))
    assert "promises" in checks(*da, DA_GOOD.replace("kigger på det nu.", "kigger på det nu, og du får erstatning."))
    assert "facts" in checks(*da, DA_GOOD.replace("55120", "55210"))
    assert "facts" in checks(*da, DA_GOOD.replace("Lise\n", "Lisa\n"))
    assert "findings" in checks(*da, DA_GOOD.replace("En kollega kigger på det nu.", "Sagen er eskaleret til 2nd level."))


def test_a_promise_the_original_made_may_stay():
    text = "Hi Sam,\n\nWe have sent your refund of $20.00 for order 7781. It takes 3 days.\n\nBest,\nKim"
    doc, analysis = original(text, "Where is my refund? I am worried.", "en", name="Sam")
    candidate = ("Hi Sam,\n\nI understand you are worried about your refund. We have sent your refund of $20.00 for "
                 "order 7781. It takes 3 days.\n\nBest,\nKim")
    assert "promises" not in checks(doc, analysis, candidate)
    assert "facts" not in checks(doc, analysis, candidate)


def test_feel_free_is_no_promise(en):
    candidate = EN_GOOD.replace("if anything is missing", "if anything is missing, feel free to ask")
    assert "promises" not in checks(*en, candidate)


def test_team_terms_are_facts():
    terms = TeamTerms((Term("Klarsvar Pro", kind="allowed", replacement=None),))
    text = "Hi,\n\nYour Klarsvar Pro plan renews soon. The ticket is with backend.\n\nBest regards\nKim"
    doc, analysis = original(text, None, "en", terms=terms)
    assert model_check.Fact("term", "Klarsvar Pro") in model_check.facts_of(doc, analysis.findings)
    assert "facts" in checks(doc, analysis, text.replace("Klarsvar Pro plan", "plan").replace(" The ticket is with backend.", ""))


def test_chat_replies_get_no_letter_wording():
    text = "Hi! Your parcel 88123 left the depot today, ticket escalated to backend ^KB"
    doc, analysis = original(text, "where is my parcel??", "en", channel="chat")
    candidate = "Hi! Your parcel 88123 left the depot today, and our team is on it. Kind regards ^KB"
    assert "channel" in checks(doc, analysis, candidate)


def test_profanity_is_refused(en):
    assert "profanity" in checks(*en, EN_GOOD.replace("I can see why", "I can see why the hell"))


def test_contains_respects_token_edges():
    assert model_check.contains("order 12345.", "12345")
    assert not model_check.contains("order 123456", "12345")
    assert not model_check.contains("Annabel", "Anna")
    assert model_check.contains("(#48213)", "#48213")
    assert not model_check.contains("of 10,10 kr", "10") and not model_check.contains("at 3.10", "10")


def test_diff_changes_rebuild_the_candidate():
    changes = model_check.diff_changes(EN_REPLY, EN_GOOD)
    assert changes and all(c["rule"] == "model" for c in changes)
    out, pos = [], 0
    for c in changes:
        assert EN_REPLY[c["start"]:c["end"]] == c["text"]
        out += [EN_REPLY[pos:c["start"]], c["replacement"]]
        pos = c["end"]
    assert "".join(out) + EN_REPLY[pos:] == EN_GOOD


def test_remaining_lists_what_the_candidate_still_has(en):
    doc, analysis = en
    candidate = analyze(CheckRequest(text=EN_REPLY, language="en")).findings
    remaining = model_check.remaining_after(analysis.findings, candidate)
    assert {r["id"] for r in remaining} <= {f.id for f in analysis.findings}
    assert any(r["category"] == "internal_language" for r in remaining)
    assert model_check.remaining_after(analysis.findings, []) == []


# ---------------------------------------------------------------------------------------------- prompts

def test_prompt_holds_reply_customer_findings_and_facts(en):
    doc, analysis = en
    system, user = model_prompt.build_messages(doc, analysis.findings)
    assert system["role"] == "system" and "Keep every fact exactly" in system["content"]
    assert "e-mail" in system["content"]  # the channel's style
    assert EN_REPLY.strip() in user["content"] and EN_MESSAGE in user["content"]
    assert '"escalated"' in user["content"] and "#48213" in user["content"] and "Maria" in user["content"]


def test_danish_prompt_and_retry_feed_the_reasons_back(da):
    doc, analysis = da
    refusals = [model_check.Refusal("facts", 'dropped "55120"'), model_check.Refusal("language", "written in en")]
    messages = model_prompt.build_messages(doc, analysis.findings, previous="Hello", refusals=refusals)
    assert "Bevar alle fakta" in messages[0]["content"] and "chat" not in messages[0]["content"].split("9.")[1][:30]
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "user"]
    assert 'dropped "55120"' in messages[-1]["content"] and "ikke på dansk" in messages[-1]["content"]


@pytest.mark.parametrize("raw", [
    "Here is the rewritten reply:\n\n{good}",
    "Sure! Here's a revised version:\n{good}\n\nNote: I kept every fact.",
    "```text\n{good}\n```",
    "Her er det omskrevne svar:\n```\n{good}\n```\nBemærk: alle fakta er bevaret.",
    '"{good}"',
    "<think>The customer is upset.</think>\n{good}",
    "\n\n  {good}  \n",
])
def test_clean_output_keeps_only_the_reply(raw):
    original_text = "Hi Anna,\n\nYour order is late.\n\nBest regards\nPeter\n"
    good = "Hi Anna,\n\nI can see why you're upset. Your order is late.\n\nBest regards\nPeter"
    assert model_prompt.clean_output(raw.format(good=good), original_text) == good + "\n"


def test_clean_output_follows_the_originals_line_endings():
    assert model_prompt.clean_output("Hi,\n\nThanks.\nKim", "Hi,\r\n\r\nThank you.\r\nKim") == "Hi,\r\n\r\nThanks.\r\nKim"


def test_clean_output_of_nothing_is_empty():
    assert model_prompt.clean_output("", "Hi") == ""
    assert model_prompt.clean_output("<think>hmm</think>", "Hi") == ""


def test_own_text_ends_where_a_trailing_quote_begins():
    reply = "Hi Anna,\n\nIt ships today.\n\nBest regards\nPeter"
    for quote in ("\n\nOn Mon, 3 March 2025, Anna <anna@example.com> wrote:\n> Where is it?",
                  "\n\n> Where is it?\n> Anna\n"):
        doc = Document(text=reply + quote, language="en")
        assert model_check.own_text_end(doc) == len(reply)
    assert model_check.own_text_end(Document(text=reply, language="en")) == len(reply)
    only_quote = "> Where is it?"
    assert model_check.own_text_end(Document(text=only_quote, language="en")) == len(only_quote)
