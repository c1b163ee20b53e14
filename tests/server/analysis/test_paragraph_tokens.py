"""Protected tokens and words found per paragraph and cached (`text._tokens_and_words`, issue 17): the same
spans as reading the whole text, including the cases that must be read whole."""

import pytest

from klarsvar.analysis import text as T
from klarsvar.analysis.text import segment

TEXTS = [
    "Hi John,\n\nYour order #482913 left on 14 March at 14:30.\n\nThe refund of $129.95 is on its way: "
    "https://www.ups.com/track?n=1Z999.\n\nBest regards,\nSam",
    "Hej Maria\n\nBeløbet på 1.299,95 kr. er refunderet d. 3. maj, kl. 16.\n\nSkriv til support@example.dk.\n\nMvh Ole",
    # A reference keyword at the end of one paragraph and its number at the start of the next.
    "Order number:\n\n12345 is on its way.\n\nThanks",
    "Your order\n\nnumber:\n\n123\n\nok",
    # Thread markers read the text around them.
    "Part one of my answer 1/2\n\nand the rest 2/2",
    # A Greek capital sigma lowers by its context.
    "ΟΔΟΣ\n\nΣ 12 kr.",
    "a\r\rb 12 kr.\r\n\r\nc 14.30",
    # Many numbers: `_protected_tokens` looks for their keywords another way.
    "\n\n".join(f"Order no. {n} and {n + 1}" for n in range(40)),
    # Posts joined as paragraphs, each ending in "2/2": no thread marker of the whole text (read in blocks).
    "Sorry for the wait. ^Kit 2/2\n\nHi Richard, your order 12345 ships on 14/3. (1/2)\n\nThanks - Peter 2/2 "
    "https://t.co/MdMtnTlX6H\n\nOrder no. 5 left today.",
    "\n\n".join(f"Order no. {n} is late, sorry! 2/2 ^AB" for n in range(40)),
    # Many numbers and a keyword whose number follows a long run of white space over a paragraph break: the whole
    # text's keyword pass counts it, its blocks alone would not.
    "Order number:" + " " * 70 + "\n\n" + "12345\n\n" + "\n\n".join(f"Order no. {n} and {n + 1}" for n in range(40)),
]


def _whole(text):
    low = T._same_length_lower(text)
    return T._whole_tokens_and_words(text, low)


@pytest.mark.parametrize("text", TEXTS)
def test_paragraph_pieces_equal_the_whole_reading(text):
    T.PARAGRAPH_TOKENS.clear()
    expected = _whole(text)
    for _ in range(2):  # cold, then from the cache
        tokens, words = T._tokens_and_words(text, T._same_length_lower(text))
        assert (list(tokens), list(words)) == (list(expected[0]), list(expected[1]))


def test_a_reference_keyword_before_a_paragraph_break_keeps_its_number():
    segmentation = segment("Order number:\n\n12345 is on its way.\n\nThanks", "en")
    assert (15, 20, "reference") in segmentation.protected


def test_a_changed_paragraph_is_read_again_and_the_others_come_from_the_cache():
    T.PARAGRAPH_TOKENS.clear()
    first = "Hi John,\n\nOrder #4829 left on 14 March.\n\nIt costs $12.50 to return."
    segment(first, "en")
    cached = len(T.PARAGRAPH_TOKENS)
    misses = T.PARAGRAPH_TOKENS.misses
    changed = first.replace("$12.50", "$13.50")
    result = segment(changed, "en")
    assert T.PARAGRAPH_TOKENS.misses == misses + 1  # only the changed paragraph
    assert len(T.PARAGRAPH_TOKENS) == cached + 1
    at = changed.index("$13.50")
    assert (at, at + 6, "amount") in result.protected


def test_the_cache_is_bounded():
    T.PARAGRAPH_TOKENS.clear()
    for n in range(T.PARAGRAPH_TOKENS.max_entries + 50):
        segment(f"Hi\n\nParagraph {n} with order #{n}.\n\nBye", "en")
    assert len(T.PARAGRAPH_TOKENS) <= T.PARAGRAPH_TOKENS.max_entries


def test_posts_ending_in_a_part_number_are_read_in_blocks():
    text = "\n\n".join(f"Sorry about order {n}. 2/2 ^AB" for n in range(5)) + "\n\nThanks for waiting."
    low = T._same_length_lower(text)
    assert T._block_starts(text, low, [m.span() for m in T._PARAGRAPH_BREAK.finditer(text)]) is not None
    assert not any(kind == "thread" for _a, _b, kind in segment(text, "en").protected)


def test_a_thread_marker_of_the_whole_text_reads_it_whole():
    text = "Part one of my answer\n\nand the rest 2/2"
    low = T._same_length_lower(text)
    assert T._block_starts(text, low, [m.span() for m in T._PARAGRAPH_BREAK.finditer(text)]) is None
    assert any(kind == "thread" for _a, _b, kind in segment(text, "en").protected)
