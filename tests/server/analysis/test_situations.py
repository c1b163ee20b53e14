"""The customer situations (data/situations/<lang>.yml): every entry's examples are tests."""

from __future__ import annotations

import pytest

from klarsvar.analysis.acknowledgement import find_situation, situation_table

LANGUAGES = ("en", "da")


def _cases(kind: str) -> list:
    """(language, entry name, example) for every example of one kind in both files."""
    return [pytest.param(language, situation.name, example, id=f"{language}-{situation.name}-{i}")
            for language in LANGUAGES
            for situation in situation_table(language).situations
            for i, example in enumerate(situation.examples.get(kind) or [])]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_situation_has_examples_and_a_unique_name(language):
    situations = situation_table(language).situations
    assert len({s.name for s in situations}) == len(situations)
    for situation in situations:
        assert situation.examples.get("match") and situation.examples.get("no_match"), situation.name


@pytest.mark.parametrize("language", LANGUAGES)
def test_feelings_named_by_a_situation_have_wordings(language):
    """`plain_for` and `worded_as` name feelings, and `worded_as` one the acknowledgement has a situation wording for."""
    from klarsvar.analysis.acknowledgement import _SITUATION_WORDINGS, FEELINGS

    wordings = _SITUATION_WORDINGS[language]
    for situation in situation_table(language).situations:
        assert set(situation.plain_for) | set(situation.worded_as) <= set(FEELINGS), situation.name
        assert set(situation.worded_as.values()) <= set(wordings), situation.name


@pytest.mark.parametrize("language, name, example", _cases("match"))
def test_match_examples_give_their_wording(language, name, example):
    found = find_situation(example["text"], language)
    assert found is not None, example["text"]
    situation, clause = found
    assert (situation.name, clause) == (name, example["gives"])


@pytest.mark.parametrize("language, name, example", _cases("no_match"))
def test_no_match_examples_are_not_this_situation(language, name, example):
    found = find_situation(example, language)
    assert found is None or found[0].name != name, (example, found[1])


@pytest.mark.parametrize("language, name, example", _cases("no_match_beside"))
def test_no_match_beside_examples_are_not_this_situation_beside_that_reply(language, name, example):
    """`no_match_beside`: a message that states the situation, and a reply beside which it must not be said back."""
    assert find_situation(example["text"], language)[0].name == name, example["text"]
    found = find_situation(example["text"], language, example["reply"].lower())
    assert found is None or found[0].name != name, (example, found[1])


def test_a_reply_that_takes_up_the_trouble_is_about_it():
    message = "no internet all day again, third day with issues. What is your solution?"
    assert find_situation(message, "en", "let me check your account.") is None
    assert find_situation(message, "en", "let me check your account to see what is causing this problem.")[1] == \
        "your internet has been down"
    assert find_situation(message, "en", "we will work on fixing this. please send us a dm.")[1] == \
        "your internet has been down"
    assert find_situation("Nettet er nede igen!", "da", "vi kigger på problemet i dag.")[1] == "dit internet har været nede"


def test_reply_about_something_else_gets_no_clause():
    assert find_situation("Where is my parcel?", "en", "your invoice is attached.") is None
    assert find_situation("Where is my parcel?", "en", "your parcel left our warehouse today.")[1] == \
        "your parcel hasn't arrived yet"


def test_a_short_hand_off_reply_is_about_the_customers_situation():
    message = "The code doesn't work and I was just charged for a movie"
    assert find_situation(message, "en", "not on my watch! shoot me a dm, and i'll save the day! *dh")[1] == \
        "you've had a charge you didn't expect"
    # A longer reply that talks about something else still gets no clause.
    long_reply = ("thanks for waiting. the new season starts on friday and the trailer is on our channel. if you want "
                  "reminders, turn them on in settings. dm us if you need anything else.")
    assert find_situation(message, "en", long_reply) is None
    assert find_situation("Min rejse blev aflyst.", "da", "skriv til os med dit bookingnummer.")[1] == "din rejse blev aflyst"


def test_a_reply_that_tells_another_story_gets_no_clause():
    message = "what's up with the app being down?!!"
    assert find_situation(message, "en", "the app is back on tomorrow, sorry.")[1] == "the app isn't working"
    assert find_situation(message, "en", "we turned online ordering off tonight for a promotion; the app is back "
                                         "tomorrow.") is None


@pytest.mark.parametrize("language, message, reply", [
    ("da", "I har trukket 299 kr to gange!!", "den anden trækning er altså ikke en fejl fra vores side, den første er "
                                               "bare en reservation."),
    ("da", "I har trukket 299 kr to gange!!", "vi refunderer beløbet."),
    ("en", "You charged me twice!!", "the first payment was only a pending hold, so you were only charged once."),
    ("en", "You charged me twice!!", "we'll refund the payment."),
])
def test_a_double_charge_is_never_said_back_as_paid_twice(language, message, reply):
    """"Jeg kan forstå, at du har betalt to gange" / "I understand you've paid twice" restated the fact the reply answers
    (and confirmed one the reply denied): across the blind rounds not one of 16 verdicts called it better, 11 worse or
    broken; the customer's feeling is named instead (sixty-fourth drafts)."""
    found = find_situation(message, language, reply)
    assert found is None or not any(w in found[1] for w in ("to gange", "twice")), found[1]


def test_danish_plural_possessive_is_said_back_as_jeres():
    assert find_situation("Vores fly blev aflyst i går.", "da")[1] == "jeres fly blev aflyst"
    assert find_situation("Mit fly blev aflyst i går.", "da")[1] == "dit fly blev aflyst"


def test_a_wording_beside_the_replys_own_words_is_said_another_way():
    """"… get in touch about this more than once" beside the reply's "Thanks for getting in touch" says it twice."""
    message = "this is the THIRD time I'm messaging about this. I want my money back"
    assert find_situation(message, "en", "thanks for getting in touch. your refund is on its way.")[1] == \
        "you've had to contact us about this more than once"
    assert find_situation(message, "en", "your refund is on its way.")[1] == \
        "you've had to get in touch about this more than once"
