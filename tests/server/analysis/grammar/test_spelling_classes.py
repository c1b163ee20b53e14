"""Classes of misspelling the speller used to let through (issue 20, codespell detection): a rare dictionary
word typed for a far commoner one, a proper noun in lower case one slip from a common word, a slip that
reads as a prefix on a known word, two words run together that are a cheap slip of a common word, four
cheap slips in a long word, a dropped final g on top of other slips, two of the commonest words run
together. Each class with its near misses that
stay quiet (new compounds, prefixed coinages, rare words with another ending). Sentences written for these
tests, not taken from any measured list."""

from __future__ import annotations

import time

import pytest

from klarsvar.analysis.document import Document
from klarsvar.analysis.grammar.spelling import OfflineSpelling, SpellingContext, load_spellers


@pytest.fixture(scope="module")
def spelling():
    spellers, problems = load_spellers()
    assert "en" in spellers, problems
    return OfflineSpelling(spellers)


def findings(spelling, text: str, customer: str | None = None) -> list[tuple[str, tuple[str, ...]]]:
    """(word, replacements) of the English spelling findings in `text`, every new word judged now."""
    doc = Document(text=text, language="en", customer_message=customer)
    found, _ = spelling.check_spans(text, [(0, len(text))], SpellingContext.from_document(doc),
                                    deadline=time.monotonic() + 30, suggest_seconds=30, word_seconds=5)
    return [(f.text, f.replacements) for f in found]


def danish_words(spelling, text: str) -> list[str]:
    """The flagged words of the Danish spelling findings in `text`, every new word judged now."""
    doc = Document(text=text, language="da")
    found, _ = spelling.check_spans(text, [(0, len(text))], SpellingContext.from_document(doc),
                                    deadline=time.monotonic() + 30, suggest_seconds=30, word_seconds=5)
    return [f.text for f in found]


@pytest.mark.parametrize("text, word, intended", [
    # a rare dictionary word, a cheap slip of a word 100× commoner
    ("The cheeper plan is fine.", "cheeper", "cheaper"),
    ("We will look into the mutches you played.", "mutches", "matches"),
    ("The corelation is clear.", "corelation", "correlation"),
    # a proper noun typed in lower case, one likeliest slip from a very common word
    ("We are aware of the issus in the app.", "issus", "issues"),
    # a slip that reads as a prefix on a known word
    ("The order is uncomplete.", "uncomplete", "incomplete"),
    ("We are repacing the screen.", "repacing", "replacing"),
    ("The app keeps reguarding us.", "reguarding", "regarding"),
    # two words run together (mono|tiring) that are two cheap slips of a common word
    ("We're monotiring the outage.", "monotiring", "monitoring"),
    # four cheap slips in a long word
    ("That step is unessesarry.", "unessesarry", "unnecessary"),
    # a dropped final g on top of another slip
    ("We're prioritizin your case.", "prioritizin", "prioritizing"),
])
def test_a_class_of_slip_is_flagged_with_the_intended_word_first(spelling, text, word, intended):
    hits = [replacements for found, replacements in findings(spelling, text) if found == word]
    assert hits and hits[0][:1] == (intended,), findings(spelling, text)


@pytest.mark.parametrize("text", [
    "Please redownload the app and resubmit the form.",   # prefixed coinages with no slip reading
    "The unsubscribe link is at the bottom.",
    "We cannot give restoral times.",                      # a rare word, no commoner word a cheap slip away
    "Check the mixtapes page.",                            # two common words run together, no slip reading
    "That was desirably quick, and the accepter of the parcel signed.",  # rare words; another ending only
    "We couldn't relocate the parcel, please rebook.",
    "Thanks, Ballance, we have your order.",               # a name mid-sentence stays a name
    "Check the leaderboard and the videogame page.",       # content words run together: a compound
    "It was a mis-pick at our warehouse.",                 # a prefix written apart ("miss-pick"; eighty-fifth drafts)
])
def test_near_misses_stay_quiet(spelling, text):
    assert findings(spelling, text) == []


def test_a_rare_word_the_customer_used_is_theirs(spelling):
    text = "We will look into the mutches you played."
    assert findings(spelling, text, customer="My mutches keep crashing") == []


@pytest.mark.parametrize("text, word, apart", [
    ("The label is ontop of the box.", "ontop", "on top"),
    ("We need afew more days.", "afew", "a few"),
    ("I really hadthe parcel in my hands.", "hadthe", "had the"),
])
def test_two_of_the_commonest_words_run_together_are_written_apart(spelling, text, word, apart):
    assert (word, (apart,)) in findings(spelling, text)


@pytest.mark.parametrize("word, known", [
    ("skadesnummer", True),       # skade|s|nummer: "skadenummer" is Danish too, not the fix of a slip
    ("skadesanmeldelse", True),
    ("bestilingen", False),        # a dropped letter of a dictionary word is still a slip
    ("kundeservise", False),
])
def test_a_danish_linking_s_is_no_slip(spelling, word, known):
    """"skadesnummer" flagged with "skadenummer" was a false alarm with both blind judges (ninth drafts): dropping a
    linking letter between two dictionary words gives another spelling, not the intended word."""
    spellers, _ = load_spellers()
    assert spellers["da"].is_known(word) is known


@pytest.mark.parametrize("word, known", [
    ("indedelen", True),          # inde|delen: the indoor unit, one dropped "e" from "inddelen"
    ("udedelen", True),
    ("kundenservice", False),      # a wrong linking letter between two words is still a slip
])
def test_a_danish_adverb_of_place_makes_a_compound(spelling, word, known):
    """"indedelen" (a heat pump's indoor unit) "fixed" to "inddelen" was a false alarm and a broken rewrite with both
    blind judges (twenty-first drafts)."""
    spellers, _ = load_spellers()
    assert spellers["da"].is_known(word) is known
    assert (spellers["da"].judge(word, time.monotonic() + 30)[0] == "known") is known


@pytest.mark.parametrize("text", [
    "If it carries on we can book a callout, callout is £45.",
    "Two callouts this month and a quick lookup of your account.",
])
def test_an_english_verb_and_particle_written_solid_is_a_word(spelling, text):
    """"callout" flagged as "fallout" (both blind judges, twenty-first drafts: a normal trade word)."""
    assert findings(spelling, text) == []


def test_a_slip_inside_a_particle_noun_is_still_a_slip(spelling):
    assert ("chekcout", ("checkout",)) in findings(spelling, "Go to the chekcout to pay.")


def test_a_long_word_cut_off_with_a_full_stop_is_an_abbreviation_in_a_capitalised_letter(spelling):
    """"statsaut. translatør" flagged as "statsakut" (both blind judges, twenty-first drafts): in a letter whose lines
    open with capitals a full stop before a small letter shortens a word; in all-lower-case chat it may end one."""
    assert danish_words(spelling, "Hej Amina\n\nDen går til statsaut. translatør i dag.\n\nHilsen Bo") == []
    assert danish_words(spelling, "hej\ntak for bestilingen. vi sender den i dag") == ["bestilingen"]


def test_a_spelling_quoted_in_single_quotes_is_quoted_on_purpose(spelling):
    """"the email address has 'sanhdu' instead of 'sandhu'" (both blind judges, twenty-fifth drafts: a false alarm);
    an apostrophe is no quote."""
    assert findings(spelling, "The email address has 'sanhdu' instead of 'sandhu', so it went astray.") == []
    assert ("recieved", ("received",)) in findings(spelling, "We haven't recieved it, it's late.")


def test_a_name_the_reply_links_to_is_no_typo(spelling):
    """"Statens vegvesen på vegvesen.no/trafikk": the word of the link is the name in the prose (both Danish blind
    judges, 51. udkast: "vegvesen" flagged); without the link it is still questioned."""
    assert "vegvesen" not in danish_words(spelling, "Se trafikken hos Statens vegvesen på vegvesen.no/trafikk i dag.")
    assert "vegvesen" in danish_words(spelling, "Se trafikken hos Statens vegvesen i dag.")


def test_an_agent_compound_written_solid_is_no_typo(spelling):
    """"plotholder" was corrected to "potholder" in a letter to an allotment holder (both blind judges, fifty-second
    drafts: broken); a word and a head naming who holds or keeps it is a compound. A slip in the first part is still one."""
    found = [word for word, _r in findings(spelling, "Notices go to every plotholder and dogwalker on the site.")]
    assert "plotholder" not in found and "dogwalker" not in found
    assert "housholder" in [word for word, _r in findings(spelling, "Every housholder gets a notice.")]


def test_a_danish_uel_adjective_from_a_known_noun_is_no_typo(spelling):
    """"kontraktuel" was called a slip of "kontraaktuel" (both blind judges, 52. udkast: false alarm): a noun the
    dictionary knows with the adjective ending -uel is a word; a slip in that ending is still one."""
    words = danish_words(spelling, "Der er ingen kontraktuel pligt, og de kontraktuelle frister gælder. Vi har modtaget "
                                   "bestilingen.")
    assert "kontraktuel" not in words and "kontraktuelle" not in words and "bestilingen" in words


def test_two_english_words_written_together_in_danish_are_it_danish(spelling):
    """"serviceticket" was called a slip of "servicetisket" (both blind judges, 53. udkast: false alarm)."""
    assert danish_words(spelling, "Vi har oprettet en serviceticket til dig. Vi har modtaget bestilingen.") == ["bestilingen"]


def test_a_developers_loanword_in_danish_is_no_typo(spelling):
    """"backend" was called a slip of "backens" (both blind judges, 58. udkast: false alarm); the tech list has it."""
    assert danish_words(spelling, "Fejlen ligger i vores backend, ikke i appen. Vi har modtaget bestilingen.") == ["bestilingen"]


def test_a_danish_ending_on_the_customers_own_word_is_no_typo(spelling):
    """"bracketten" where the customer wrote "bracket" was called a slip of "brakketten" (both blind judges, 61. udkast:
    false alarm); a slip of a word the customer did not write is still one."""
    def danish_with(customer, text):
        doc = Document(text=text, language="da", customer_message=customer)
        found, _ = spelling.check_spans(text, [(0, len(text))], SpellingContext.from_document(doc),
                                        deadline=time.monotonic() + 30, suggest_seconds=30, word_seconds=5)
        return [f.text for f in found]
    text = "Vi limer bracketten på igen i morgen. Vi har modtaget bestilingen."
    assert danish_with("En bracket er faldet af tanden.", text) == ["bestilingen"]
    assert "bracketten" in danish_with("Der er faldet noget af tanden.", text)


def test_an_english_fix_that_drops_an_undoubled_letter_is_not_applied():
    """"help turn the scratter" (the apple mill) → "scatter" (both blind judges, sixty-ninth drafts: broken): a letter taken
    out that was not doubled stays on the card, as in Danish; "untill" → "until" is still applied."""
    from klarsvar.analysis.findings import Finding
    from klarsvar.analysis.rewrite import _confident_spelling
    def fix(text, word, suggestion):
        start = text.index(word)
        return _confident_spelling(text, Finding("spelling", "en.spelling.x", "warning", "m", start, start + len(word), word,
                                                 (suggestion,)))
    assert not fix("You can help turn the scratter.", "scratter", "scatter")
    assert fix("We are open untill five.", "untill", "until")


def test_an_english_loan_with_a_danish_ending_is_no_typo(spelling):
    """"bodyen" (a baby's body suit) flagged with "boden" was a false alarm with both blind judges (86. udkast); a slip of
    a Danish word is still one."""
    assert danish_words(spelling, "Tjek om bodyen er våd, og send linket igen.") == []
    assert danish_words(spelling, "Tak for bestilingen.") == ["bestilingen"]
