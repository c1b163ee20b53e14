"""Issue 17: whether a reply holds something shaped like a thread marker ("1/2", "(3/12)") is decided by trying
the pattern just before each "/" only; the answer is a search of the whole text's, on made-up strings of the
characters the pattern reads and on the benchmark drafts."""

from __future__ import annotations

import random

from benchmarks.texts import draft
from klarsvar.analysis.text import _THREAD, _holds_thread_pattern


def test_the_answer_of_a_whole_text_search():
    rng = random.Random(17)
    alphabet = "(()/12390a x\n.-"
    texts = ["", "/", "1/", "/2", "1/2", "(12/34)", "12/345", "a1/2b", "1/2/3", "x (9/9)", "10/0", "0/1",
             "https://example.com/a/1/2", draft("en", 300), draft("da", 300)]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 14))) for _ in range(4000)]
    answers = set()
    for text in texts:
        expected = _THREAD.search(text) is not None
        answers.add(expected)
        assert _holds_thread_pattern(text) == expected, repr(text)
    assert answers == {True, False}
