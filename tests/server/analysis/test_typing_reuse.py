"""A draft checked again after one word changed reuses the unchanged paragraphs (issue 17): the segmentation is
spliced from the previous text's (`text._spliced`), and every cache together gives the analysis a cold check gives."""

from __future__ import annotations

import json

import pytest

from klarsvar.analysis import CheckRequest, analyze, pipeline, rewrite
from klarsvar.analysis import text as T

EN = ("Hi Anna,\n\n"
      "Thanks for your message 😊 I can see why the late parcel was frustrating, especially before the weekend.\n\n"
      "I've checked order #482913: it left our warehouse on 14 March and the tracking at https://example.com/t "
      "shows it in Aarhus. Please be advised that your ticket has been escalated to our Tier 2 team.\n\n"
      "- We refunded $12.50 for the shipping.\n- You don't need to do anything else.\n\n"
      "We apologise for any inconvenience caused and thank you for your patience 🙏 Don't hesitate to reach out.\n\n"
      "Best regards,\nSam\nCustomer Care")
DA = ("Hej Søren,\n\n"
      "Tak for din besked 😊 Jeg kan godt forstå, at det er frustrerende, at pakken ikke nåede frem til fødselsdagen.\n\n"
      "Din henvendelse er registreret, og din sag er eskaleret til 2nd level. Vi beklager ulejligheden, og vi "
      "vender tilbage hurtigst muligt vedr. ordre nr. 48213 på 1.299,95 kr.\n\n"
      "Du er velkommen til at kontakte os på support@example.dk, hvis du har spørgsmål. Bemærk venligst at "
      "pakken ikke kan ændres, når den først er afsendt 📦\n\n"
      "Med venlig hilsen\nÅse Ørum\nKundeservice")
CUSTOMER = {"en": "My parcel still hasn't arrived and I'm really upset!",
            "da": "Min pakke er ikke kommet, og jeg er rigtig ked af det!"}


def _one_word_changed(text: str, paragraph: int, ending: str) -> str:
    """`text` with the middle word of one paragraph (counted among the blank-line separated ones) changed."""
    parts = text.split("\n\n")
    words = parts[paragraph].split(" ")
    words[len(words) // 2] += ending
    parts[paragraph] = " ".join(words)
    return "\n\n".join(parts)


def _checked(text: str, language: str) -> str:
    request = CheckRequest(text=text, language=language, customer_message=CUSTOMER[language], grammar=False)
    return json.dumps(analyze(request).to_dict(), sort_keys=True, ensure_ascii=False)


def _cold(text: str, language: str) -> str:
    pipeline.clear_caches()
    return _checked(text, language)


CASES = [(language, text, paragraph, ending)
         for language, text, ending in (("en", EN, "s"), ("da", DA, "æ"))
         for paragraph in (1, 2, 3, len(text.split("\n\n")) - 2)]


@pytest.mark.timeout(60)
@pytest.mark.parametrize(("language", "text", "paragraph", "ending"), CASES)
def test_a_check_after_one_word_changed_equals_a_cold_check(language, text, paragraph, ending):
    changed = _one_word_changed(text, paragraph, ending)
    assert changed != text
    cold_original, cold_changed = _cold(text, language), _cold(changed, language)
    pipeline.clear_caches()
    assert _checked(text, language) == cold_original
    assert _checked(changed, language) == cold_changed  # every cache holds the original's work
    assert _checked(text, language) == cold_original  # and back: the changed text's work
    changed_again = _one_word_changed(changed, paragraph, ending)
    assert _checked(changed_again, language) == _cold(changed_again, language)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("text", [EN, DA])
def test_a_middle_paragraph_changed_is_spliced_and_equals_reading_the_text_whole(text):
    pipeline.clear_caches()
    first = T.segment(text, "en").sentences
    changed = _one_word_changed(text, 2, "s")
    spliced = T._spliced(changed)
    assert spliced is not None
    T.LAYOUTS.clear()
    assert spliced == T._segment_whole(changed)
    # The paragraphs after the change moved by one character, those before are the previous text's own.
    assert spliced.sentences[1] is first[1]
    assert spliced.sentences[-1].start == first[-1].start + 1


# What a middle paragraph may gain that changes the shape of the whole reply: quoted e-mail, a header, a signature
# delimiter, a sign-off, a thread marker, a reference keyword lending its number to the next paragraph, or no longer
# being a paragraph of its own.
SHAPE_CHANGES = ["> quoted", "On Monday Maria wrote:", "From: Ole\nSent: Monday", "--", "—\nSam", "Best regards,",
                 "1/2", "order number:", "\n\n", "Mvh Ole", "Thanks,\n\nJens", "ΟΔΟΣ", "\r\n", "12 13 14 15"]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("insert", SHAPE_CHANGES)
@pytest.mark.parametrize("text", [EN, DA])
def test_a_change_of_shape_in_a_middle_paragraph_equals_reading_the_text_whole(text, insert):
    parts = text.split("\n\n")
    for paragraph in range(1, len(parts) - 1):
        for where in (0, len(parts[paragraph]) // 2, len(parts[paragraph])):
            changed_parts = list(parts)
            changed_parts[paragraph] = parts[paragraph][:where] + insert + parts[paragraph][where:]
            changed = "\n\n".join(changed_parts)
            pipeline.clear_caches()
            T.segment(text, "en")
            warm = T.segment(changed, "en")
            T.LAYOUTS.clear()
            assert warm == T._segment_whole(changed), (insert, paragraph, where)


def test_clear_caches_forgets_the_layouts_and_they_are_bounded():
    pipeline.clear_caches()
    for n in range(T.LAYOUTS.max_entries + 5):
        T.segment(EN.replace("Sam", f"Sam {n}"), "en")
    assert 0 < len(T.LAYOUTS) <= T.LAYOUTS.max_entries
    pipeline.clear_caches()
    assert len(T.LAYOUTS) == 0


def test_the_rewrites_unit_faults_are_remembered_and_forgotten_by_clear_caches():
    _cold(DA, "da")
    assert 0 < len(rewrite.NEW_FAULTS) <= rewrite.NEW_FAULTS.max_entries
    # A doubled word an edit would bring in is found whether remembered or not.
    assert rewrite._new_faults("en", "Please reach out.", "Please please reach out.") == [(0, 13)]
    assert rewrite._new_faults("en", "Please reach out.", "Please please reach out.") == [(0, 13)]
    assert rewrite._new_faults("en", "Please please go.", "Please please reach out.") == []
    pipeline.clear_caches()
    assert len(rewrite.NEW_FAULTS) == 0
