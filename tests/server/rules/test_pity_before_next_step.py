"""A stock "sorry to hear that" followed by the agent's next step is left alone, unless the customer is upset (issue 14)."""

from klarsvar.analysis.document import Document
from klarsvar.analysis.rules import checking

PITY = "en.sympathy.sorry_to_hear"


def _rules(reply: str, customer: str = "") -> list[str]:
    doc = Document(text=reply, language="en", channel="chat", customer_message=customer)
    return [f.rule for f in checking.check(doc)]


def test_sorry_before_a_next_step_to_a_calm_customer_is_left_alone():
    reply = "Sorry to hear that. Please DM us the order number so we can look into it."
    assert PITY not in _rules(reply, "My order from last week hasn't arrived yet, could you check?")
    assert PITY not in _rules(reply)


def test_sorry_before_a_next_step_to_an_upset_customer_is_still_flagged():
    reply = "Sorry to hear that. Please DM us the order number so we can look into it."
    upset = "This is the THIRD time I'm chasing my order!!! Absolutely useless, I want a refund."
    assert PITY in _rules(reply, upset)


def test_sorry_with_no_next_step_is_still_flagged():
    assert PITY in _rules("Sorry to hear that. Have a nice day.")
    assert PITY in _rules("Sorry to hear that. We won't be able to change the booking.")
    # A next step two sentences later is not "right after" the sorry.
    assert PITY in _rules("I'm sorry to hear that. Have a nice day. The shop opens at nine. I'll check tomorrow.")


def test_the_customers_part_of_a_next_step_counts_when_asked_for_plainly():
    assert PITY not in _rules("Sorry to hear this! Please call our help desk and they will sort it out.")
    assert PITY not in _rules("We're sorry to hear that. Feel free to DM us the details.")
    # Information is no next step.
    assert PITY in _rules("Sorry to hear that. On our website you can see which operator runs the train.")


def test_a_personal_line_about_the_customers_situation_counts_a_stock_wish_does_not():
    assert PITY not in _rules("We're sorry to hear this, Sam. We hope you didn't miss your train because of it.")
    assert PITY in _rules("We're sorry to hear this, Sam. We hope you have a nice weekend.")


FORMULA = "en.sympathy.sorry_for_inconvenience"


def test_a_formula_apology_before_a_next_step_gives_way_unless_the_customer_is_upset():
    reply = "We apologize for any inconvenience. Kindly send a note here so we can connect."
    assert FORMULA not in _rules(reply)
    assert FORMULA not in _rules("Sorry for the trouble, Sam. Mind posting more details in our forum?")
    # To a calm customer it is the ordinary courtesy before the help (round 6: debatable); to an upset one the
    # formula stands in for meeting the feeling.
    assert FORMULA not in _rules(reply, "My order from last week hasn't arrived yet, could you check?")
    assert FORMULA in _rules(reply, "This is the THIRD time I'm chasing my order!!! Absolutely useless.")
    # Without a next step it is flagged as before.
    assert FORMULA in _rules("We apologize for any inconvenience. The shop opens at nine.")
