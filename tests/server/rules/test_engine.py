"""Unit tests of the phrase engine on fixture rule files (independent of the real rule data)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from klarsvar.analysis import rules
from klarsvar.analysis.rules import checking
from klarsvar.analysis.document import Document
from klarsvar.analysis.findings import Finding
from klarsvar.analysis.terms import TeamTerms, parse_terms
from klarsvar.analysis.text import Segmentation, Sentence

FIXTURES = Path(__file__).parent / "fixtures" / "rules"


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Each test starts from freshly loaded rule files (tests write their own into tmp dirs)."""
    rules.reload()
    yield
    rules.reload()


def da(text: str, **kwargs) -> list[Finding]:
    """Danish fixture findings."""
    return rules.find(text, "da", directory=FIXTURES, **kwargs)


def en(text: str, **kwargs) -> list[Finding]:
    """English fixture findings."""
    return rules.find(text, "en", directory=FIXTURES, **kwargs)


def ids(findings: list[Finding]) -> list[str]:
    """The short rule ids (last part) of findings, in order."""
    return [f.rule.rsplit(".", 1)[1] for f in findings]


def spans(findings: list[Finding]) -> list[str]:
    """The matched texts of findings, in order."""
    return [f.text for f in findings]


def write_rules(tmp_path: Path, body: str, *, language: str = "da", family: str = "internal_language",
                category: str = "internal_language") -> Path:
    """Write one rule file under tmp_path/<language>/<family>.yml and return tmp_path."""
    folder = tmp_path / language
    folder.mkdir(parents=True, exist_ok=True)
    header = f"family: {family}\ncategory: {category}\nseverity: warning\nentries:\n"
    (folder / f"{family}.yml").write_text(header + textwrap.indent(textwrap.dedent(body), "  "), encoding="utf-8")
    return tmp_path


ENTRY = """\
- id: {id}
  patterns: [{patterns}]
  message: "Besked."
  replacements: ["{replacement}"]
  examples: {{bad: ["x"], ok: ["y"]}}
"""


# ------------------------------------------------------------------------------- fixture examples

@pytest.mark.parametrize("case", rules.example_cases(directory=FIXTURES), ids=lambda c: c.test_id)
def test_fixture_examples_pass(case) -> None:
    """The fixture files' own examples pass (the same check the real data gets)."""
    assert rules.verify_example(case) == []


def test_verify_example_reports_false_negative_and_positive(tmp_path) -> None:
    """verify_example can fail: a bad example that is not flagged and an ok example that is."""
    directory = write_rules(tmp_path, """\
        - id: hermed
          patterns: ["hermed"]
          message: "Besked."
          replacements: ["nu"]
          examples:
            bad: ["Det er i orden.", {text: "Hermed sendt.", fixed: "Her sendt."}]
            ok: ["Hermed er det sendt."]
        """)
    problems = {c.test_id: rules.verify_example(c) for c in rules.example_cases("da", directory=directory)}
    assert "False negative" in problems["da.internal_language.hermed-bad-0"][0]
    assert "expected 'Her sendt.'" in problems["da.internal_language.hermed-bad-1"][0]
    assert "False positive" in problems["da.internal_language.hermed-ok-0"][0]


# ---------------------------------------------------------------------------------------- inflection

@pytest.mark.parametrize("word", ["eskalere", "eskalerer", "eskaleret", "eskalerede", "eskaleres", "Eskalerende",
                                  "eskalering", "eskaleringen", "eskaleringer", "eskaleringerne"])
def test_danish_inflected_forms_are_caught(word) -> None:
    """`eskalere~` + `eskalering*` catch the verb's and the noun's forms."""
    assert ids(da(f"Vi {word} det.")) == ["eskalere"]


@pytest.mark.parametrize("word", ["SLA", "SLA'en", "SLA’en", "SLA'er", "SLAen", "slaerne"])
def test_danish_apostrophe_inflection(word) -> None:
    """`SLA~` covers Danish apostrophe inflection of abbreviations, and the span includes it."""
    found = da(f"Inden for {word} svarer vi.")
    assert ids(found) == ["sla"] and found[0].text == word


@pytest.mark.parametrize("word", ["escalate", "escalates", "escalated", "escalating", "Escalated"])
def test_english_inflection(word) -> None:
    """English `~` handles -s, -d, -ing after a silent e."""
    assert ids(en(f"We {word} it.")) == ["escalate"]


def test_english_inflection_y_and_doubling() -> None:
    """English `~` handles y → ies/ied and a doubled final consonant."""
    from klarsvar.analysis.rules.patterns import inflected_forms

    assert {"applies", "applied", "applying"} <= set(inflected_forms("apply", "en"))
    assert {"submitted", "submitting", "submits"} <= set(inflected_forms("submit", "en"))
    assert {"henvendelsen", "henvendelser", "henvendelserne", "henvendelsens"} <= set(
        inflected_forms("henvendelse", "da"))


def test_inflection_does_not_run_on() -> None:
    """`escalate~` does not match a different word that merely starts the same (escalator)."""
    assert en("The escalator broke.") == []


# ------------------------------------------------------------------------------ compounds & boundaries

@pytest.mark.parametrize("text,span", [
    ("Den ligger i ERP-systemet.", "ERP-systemet"),
    ("Den ligger i kundesystemet.", "kundesystemet"),
    ("Den ligger i systemet.", "systemet"),
    ("Den ligger i ERP‑systemet.", "ERP‑systemet"),  # non-breaking hyphen
])
def test_compound_tail(text, span) -> None:
    """`*systemet` matches the word alone and as the last part of a compound, hyphenated or not."""
    assert spans(da(text)) == [span]


def test_compound_tail_does_not_match_other_endings() -> None:
    """`*systemet` is a tail: `systemets` and `systemerne` are different words."""
    assert da("Systemets fejl og systemerne.") == []


@pytest.mark.parametrize("text,span", [
    ("Sagsbehandleren vender tilbage.", "Sagsbehandleren"),
    ("Sagsbehandlings-tiden er lang.", "Sagsbehandlings-tiden"),
])
def test_continuation_takes_letters_and_hyphen_joined_letters(text, span) -> None:
    """`sagsbehandl*` extends over letters and hyphen-joined parts."""
    assert spans(da(text)) == [span]


def test_hyphen_star_is_the_first_part_of_a_compound() -> None:
    """`KYC-*` matches hyphenated compounds with KYC first, and `{KYC|KYC-*}` also the bare word."""
    import re

    from klarsvar.analysis.rules.patterns import compile_pattern

    regex = re.compile(compile_pattern("{KYC|KYC-*}", "da").full, re.IGNORECASE)
    assert [m.group() for m in regex.finditer("KYC, KYC-tjek, KYC-processen, KYC- og AMLx")] == [
        "KYC", "KYC-tjek", "KYC-processen", "KYC"]
    only_compound = re.compile(compile_pattern("KYC-*", "da").full, re.IGNORECASE)
    assert [m.group() for m in only_compound.finditer("KYC og KYC-tjek")] == ["KYC-tjek"]


@pytest.mark.parametrize("text", ["Det gik via ERPx.", "Det gik via xERP.", "Det gik via blåERP.",
                                  "Det gik via ERPø.", "Det gik via ERP-ish løsninger.", "Det gik via ÆERP."])
def test_no_match_inside_a_word(text) -> None:
    """Boundaries understand æøå and hyphens: a match never starts or ends inside a word."""
    assert da(text) == []


def test_match_next_to_punctuation_and_digits() -> None:
    """Punctuation is a boundary; digits are word characters."""
    assert spans(da("(ERP) og ERP, ERP: ERP!")) == ["ERP", "ERP", "ERP", "ERP"]
    assert da("Det hedder “ERP” hos os.") == []  # quoted text is protected
    assert da("Det er ERP2 og 2ERP.") == []


def test_hyphen_and_apostrophe_join_words() -> None:
    """`mail` must not match in `e-mail`, nor `don` in `don't`."""
    assert spans(en("I don't know. Ask Don about it.")) == ["Don"]


def test_case_sensitive_entry(tmp_path) -> None:
    """`case_sensitive: true` matches the letter case as written (RMA, not Rma or rma)."""
    directory = write_rules(tmp_path, """\
        - id: rma
          patterns: ["RMA~"]
          message: "Kunden kender ikke forkortelsen."
          replacements: ["returnering"]
          case_sensitive: true
          examples: {bad: ["Din RMA er oprettet."], ok: ["Rma ApS er vores leverandør."]}
        """)
    assert spans(rules.find("Din RMA og RMA'en, ikke Rma ApS eller rma.", "da", directory=directory)) == [
        "RMA", "RMA'en"]


def test_pattern_ending_in_a_full_stop() -> None:
    """`jf.` matches with its dot and not inside another abbreviation."""
    assert spans(da("Det gælder, jf. betingelserne.")) == ["jf."]
    assert da("Det gælder, jf betingelserne.") == []


def test_whitespace_runs_and_line_breaks_inside_a_phrase() -> None:
    """A space in a pattern matches any whitespace run with at most one line break (also CRLF, no-break space)."""
    assert ids(da("Den er oversendt\u00a0 \n til lageret.")) == ["shout"]
    assert ids(da("Den er oversendt\r\ntil lageret.")) == ["shout"]
    assert da("Den er oversendt\n\ntil lageret.") == []
    assert da("Den er oversendt\r\n\r\ntil lageret.") == []


# ----------------------------------------------------------------------------------- alternatives

@pytest.mark.parametrize("pattern,texts", [
    ("{den|} pågældende", ["den pågældende", "pågældende"]),
    ("{den |}pågældende", ["den pågældende", "pågældende"]),
    ("within {the |our |}SLA~", ["within SLA", "within the SLA", "within our SLAs"]),
    ("raised a {new |support |}ticket", ["raised a ticket", "raised a new ticket"]),
    ("help you {with {this|that}|}", ["help you", "help you with this"]),
    ("{du er|} {meget|altid|} velkommen", ["velkommen", "du er velkommen", "meget velkommen",
                                          "du er altid velkommen"]),
    ("a {b|} {c|} d", ["a d", "a b d", "a c d", "a b c d"]),
    ("sag{en|} er", ["sagen er", "sag er"]),
])
def test_spaces_next_to_optional_groups(pattern, texts) -> None:
    """Optional groups work with the space inside or outside the braces, and never glue words together."""
    import re

    from klarsvar.analysis.rules.patterns import compile_pattern

    regex = re.compile(compile_pattern(pattern, "en").full, re.IGNORECASE)
    for text in texts:
        assert regex.fullmatch(text), f"{pattern!r} should match {text!r}"
    glued = [t.replace(" ", "") for t in texts if " " in t]
    assert not any(regex.fullmatch(g) for g in glued if g not in texts), f"{pattern!r} glues words"


def test_optional_alternative_is_taken_when_present() -> None:
    """`{den |det |}pågældende` includes the article when it is there."""
    assert spans(da("Den pågældende vare.")) == ["Den pågældende"]
    assert spans(da("Pågældende vare.")) == ["Pågældende"]


# -------------------------------------------------------------------------------- capitalisation

@pytest.mark.parametrize("text,expected", [
    ("Eskaleringen tager tid.", "Sendt videre til en kollega"),
    ("Sagen er eskaleret.", "sendt videre til en kollega"),
    ("Tak.\nEskaleringen tager tid.", "Sendt videre til en kollega"),
    ("Tak 😀 Eskaleringen tager tid.", "Sendt videre til en kollega"),
    ("(Eskaleringen er sket.)", "Sendt videre til en kollega"),
    ("Hej. eskaleringen tager tid.", "sendt videre til en kollega"),
    ("Status:\n- Eskaleringen er sket.", "Sendt videre til en kollega"),
    ("Status:\n • Eskaleringen er sket.", "Sendt videre til en kollega"),
])
def test_replacement_capitalisation(text, expected) -> None:
    """A sentence-initial capital carries over; a lower-case start or mid-sentence match keeps the replacement."""
    assert da(text)[0].replacements == (expected,)


def test_dash_mid_sentence_is_not_a_sentence_start() -> None:
    """A dash inside a sentence is not a list bullet: a capital after it (a name) is not a sentence start."""
    from klarsvar.analysis.rules.engine import is_sentence_start

    assert not is_sentence_start("Vi har – ERP er nede", 9)
    assert is_sentence_start("Noter:\n  - ERP er nede", 11)
    assert is_sentence_start("- ERP er nede", 2)


def test_acronym_is_not_shouting() -> None:
    """An acronym (SLA, ERP) mid-sentence gets the replacement as written, not in capitals."""
    assert da("Den ligger i ERP.")[0].replacements == ("vores system",)
    assert da("ERP er nede.")[0].replacements == ("Vores system",)


def test_all_caps_phrase_gives_caps_replacement() -> None:
    """A multi-letter ALL-CAPS phrase gets a short replacement in capitals."""
    found = da("Den er OVERSENDT TIL lageret.")
    assert found[0].text == "OVERSENDT TIL" and found[0].replacements == ("SENDT TIL",)


def test_long_replacement_is_not_shouted() -> None:
    """Only short replacements follow ALL CAPS; a long one is written normally."""
    assert rules.match_case("den tid, vi har lovet jer", "SKALERINGEN", sentence_start=False) == (
        "den tid, vi har lovet jer")
    assert rules.match_case("sendt videre", "ESKALERET", sentence_start=False) == "SENDT VIDERE"


# ------------------------------------------------------------------------------------ longest match

def test_overlapping_matches_resolve_to_the_longest() -> None:
    """`din sag er eskaleret` (longer) wins over `eskaleret`, though `eskalere` comes first in the file."""
    found = da("Din sag er eskaleret til 2nd level.")
    assert ids(found) == ["sag_eskaleret", "rx"]
    assert found[0].text == "Din sag er eskaleret"


def test_longer_match_starting_later_wins(tmp_path) -> None:
    """A longer match that starts inside a shorter one still wins (not leftmost-first)."""
    directory = write_rules(tmp_path, ENTRY.format(id="din_henvendelse", patterns='"din henvendelse"',
                                                   replacement="din besked")
                            + ENTRY.format(id="registreret", patterns='"henvendelse er registreret"',
                                           replacement="besked er kommet frem"))
    found = rules.find("Din henvendelse er registreret nu.", "da", directory=directory)
    assert ids(found) == ["registreret"]


def test_equal_length_earlier_entry_wins(tmp_path) -> None:
    """At equal length the entry earlier in the file wins, whichever way the entries are listed."""
    first = ENTRY.format(id="first", patterns='"hermed"', replacement="nu")
    second = ENTRY.format(id="second", patterns='"hermed"', replacement="så")
    directory = write_rules(tmp_path / "a", first + second)
    assert ids(rules.find("Hermed sendt.", "da", directory=directory)) == ["first"]
    directory = write_rules(tmp_path / "b", second + first)
    assert ids(rules.find("Hermed sendt.", "da", directory=directory)) == ["second"]


def test_non_overlapping_matches_all_reported() -> None:
    """Several matches in one text are all reported, in order."""
    assert ids(da("Sagen er eskaleret. Den ligger i ERP-systemet, jf. SLA.")) == ["eskalere", "systemet", "jf", "sla"]


# ---------------------------------------------------------------------------------------- conditions

def test_unless_checks_the_sentence() -> None:
    """`unless` suppresses when the sentence holding the match matches; another sentence does not count."""
    assert da("Vi har oprettet en ticket i Jira.") == []
    assert ids(da("Vi har oprettet en ticket. Den ligger i Jira.")) == ["ticket"]


def test_not_before_and_not_after() -> None:
    """`not_before` looks at the text just before the match, `not_after` just after it."""
    assert da("Det er min ticket.") == []
    assert da("Dit ticket nummer er 5.") == []
    assert da("Dit ticket-nummer er 5.") == []
    assert ids(da("Din ticket er lukket.")) == ["ticket"]


def _doc(text: str, sentences: list[tuple[str, str]], *, protected=(), channel="email", terms=None) -> Document:
    """A Document with a given segmentation: `sentences` are (sentence text, kind) in order."""
    doc = Document(text=text, language="da", channel=channel, terms=terms or TeamTerms())
    built, at = [], 0
    for sentence, kind in sentences:
        start = text.index(sentence, at)
        built.append(Sentence(start, start + len(sentence), sentence, kind))
        at = start + len(sentence)
    doc.__dict__["segmentation"] = Segmentation(tuple(built), tuple(protected))
    return doc


def test_scope_body_skips_greeting_signoff_quote_signature() -> None:
    """Default scope `body`: greetings, sign-offs, quotes and signatures are never flagged."""
    text = "Hej ERP-teamet\nVi har svaret.\nMvh ERP-teamet\n> ERP-systemet er nede"
    doc = _doc(text, [("Hej ERP-teamet", "greeting"), ("Vi har svaret.", "body"),
                      ("Mvh ERP-teamet", "signoff"), ("> ERP-systemet er nede", "quote")])
    assert rules.check(doc, directory=FIXTURES) == []
    doc = _doc("Hej\nDen ligger i ERP-systemet.", [("Hej", "greeting"), ("Den ligger i ERP-systemet.", "body")])
    assert ids(rules.check(doc, directory=FIXTURES)) == ["systemet"]


def test_scope_opening_and_closing_use_body_sentences() -> None:
    """`opening` is the first BODY sentence (after the greeting); `closing` the last body sentence."""
    text = "Hej Jens\nTak for din henvendelse. Jeg ser på det. Hav en god dag.\nMvh Ida"
    sentences = [("Hej Jens", "greeting"), ("Tak for din henvendelse.", "body"), ("Jeg ser på det.", "body"),
                 ("Hav en god dag.", "body"), ("Mvh Ida", "signoff")]
    found = rules.check(_doc(text, sentences, channel="chat"), directory=FIXTURES)
    assert ids(found) == ["tak_for_henvendelsen", "god_dag"]
    text2 = "Jeg ser på det. Tak for din henvendelse. Hav en god dag. Vi ses."
    sentences2 = [("Jeg ser på det.", "body"), ("Tak for din henvendelse.", "body"), ("Hav en god dag.", "body"),
                  ("Vi ses.", "body")]
    assert rules.check(_doc(text2, sentences2, channel="chat"), directory=FIXTURES) == []


def test_channel_condition() -> None:
    """`channel: chat` fires only in chat."""
    assert ids(da("Jeg ser på det. Hav en god dag.", channel="chat")) == ["god_dag"]
    assert da("Jeg ser på det. Hav en god dag.", channel="email") == []


def test_scope_any_still_respects_protected_spans(tmp_path) -> None:
    """`scope: any` fires in a greeting, but never inside a quote or signature."""
    directory = write_rules(tmp_path, """\
        - id: hej_kunde
          patterns: ["kære kunde"]
          message: "Brug kundens navn."
          replacements: []
          scope: any
          examples: {bad: ["Kære kunde"], ok: ["Kære Jens"]}
        """)
    text = "Kære kunde\nTak.\n> Kære kunde"
    doc = _doc(text, [("Kære kunde", "greeting"), ("Tak.", "body"), ("> Kære kunde", "quote")],
               protected=[(text.rindex(">"), len(text), "quote")])
    found = rules.check(doc, directory=directory)
    assert [(f.start, f.end) for f in found] == [(0, 10)]


def test_protected_spans_are_never_flagged() -> None:
    """Matches inside url/email/quote/signature spans are dropped; other kinds of protected span are not."""
    text = "Se https://example.dk/ERP-systemet og ERP-systemet."
    url_end = text.index(" og")
    doc = _doc(text, [(text, "body")], protected=[(3, url_end, "url")])
    found = rules.check(doc, directory=FIXTURES)
    assert [f.start for f in found] == [text.rindex("ERP-systemet")]
    doc = _doc("Den ligger i ERP.", [("Den ligger i ERP.", "body")], protected=[(13, 16, "number")])
    assert ids(rules.check(doc, directory=FIXTURES)) == ["erp"]


def test_urls_and_emails_are_skipped_even_without_segmentation() -> None:
    """The engine's own guard keeps URLs and addresses clean if segmentation misses them."""
    assert da("Se www.erp-systemet.dk eller skriv til erp@shop.dk.") == []


# ----------------------------------------------------------------------------------- offsets & text

def test_offsets_after_emoji_are_code_points() -> None:
    """Offsets are code points (😀 counts 1 here; the wire layer converts to UTF-16)."""
    text = "😀😀 Sagen er eskaleret."
    found = da(text)
    assert found[0].start == text.index("eskaleret") == 12
    assert text[found[0].start:found[0].end] == found[0].text == "eskaleret"


def test_crlf_text() -> None:
    """CRLF line breaks: offsets stay right and a sentence after CRLF counts as sentence-initial."""
    text = "Hej Jens\r\n\r\nEskaleringen tager tid.\r\nDen ligger i ERP.\r\n"
    found = da(text)
    assert [text[f.start:f.end] for f in found] == ["Eskaleringen", "ERP"]
    assert found[0].replacements == ("Sendt videre til en kollega",)


def test_finding_fields() -> None:
    """A finding carries category, rule id, severity, message, span, matched text, replacements, source."""
    f = da("Sagen er eskaleret.")[0]
    assert (f.category, f.rule, f.severity, f.source) == (
        "internal_language", "da.internal_language.eskalere", "warning", "klarsvar")
    assert f.message == "Kunden kender ikke jeres interne gange."
    assert (f.start, f.end, f.text) == (9, 18, "eskaleret")


def test_families_filter() -> None:
    """`families` limits the findings to those families."""
    assert da("Sagen er eskaleret.", families=["plain_language"]) == []
    assert ids(da("Sagen er eskaleret.", families="internal_language")) == ["eskalere"]


def test_unknown_language_gives_nothing() -> None:
    """A language without rules gives no findings rather than an error."""
    assert rules.find("Sagen er eskaleret.", "de") == []
    assert rules.check(Document(text="", language="da")) == []


# ----------------------------------------------------------------------------------------- team terms

def test_allowed_terms_are_never_flagged() -> None:
    """An allowed term (the team's product name) silences rules on it, also inside a compound."""
    terms = parse_terms([{"term": "ERP", "kind": "allowed"}])
    assert da("Den ligger i ERP og i ERP-systemet.", terms=terms) == []
    assert ids(da("Den ligger i kundesystemet.", terms=terms)) == ["systemet"]
    terms = parse_terms([{"term": "Ticket Pro", "kind": "allowed"}])
    assert ids(da("Brug Ticket Pro. Vi har oprettet en ticket.", terms=terms)) == ["ticket"]


def test_internal_team_terms_become_rules() -> None:
    """A team's internal term is flagged (with inflection) with the team's replacement and an id per term."""
    terms = parse_terms([{"term": "kundekort", "replacement": "dit kort", "language": "da"},
                         {"term": "Sags-ID", "replacement": "dit sagsnummer"}])
    found = da("Kundekortet er spærret. Oplys Sags-ID 4.", terms=terms)
    assert [(f.rule, f.text, f.replacements) for f in found] == [
        ("da.team.kundekort", "Kundekortet", ("Dit kort",)),
        ("da.team.sags_id", "Sags-ID", ("dit sagsnummer",)),
    ]
    # "Dit Sags-ID" → "Dit dit sagsnummer" would say a word twice: the finding stands without the swap.
    (echo,) = da("Dit Sags-ID er 4.", terms=terms)
    assert (echo.rule, echo.replacements) == ("da.team.sags_id", ())
    assert found[0].category == "internal_language"
    assert found[0].message == "Dette er et internt ord hos jer. Skriv det, kunden forstår."
    english = en("The kundekort is blocked.", terms=terms)
    assert english == []  # the first term is Danish only
    english = en("Your Sags-ID is 4.", terms=terms)
    assert english[0].message.startswith("This is one of your team's internal words")


def test_team_terms_are_literal_not_pattern_syntax() -> None:
    """Team terms with regex or pattern characters are taken literally."""
    terms = parse_terms([{"term": "C++ kort*", "replacement": "betalingskort"},
                         {"term": "flow (ny)", "replacement": "den nye løsning"}])
    found = da("Dit C++ kort* virker i flow (ny).", terms=terms)
    assert spans(found) == ["C++ kort*", "flow (ny)"]
    assert da("Dit C kort virker.", terms=terms) == []


def test_patterns_and_terms_starting_with_punctuation_are_found(tmp_path) -> None:
    """A pattern or team term that starts with punctuation is found although it does not start a word."""
    directory = write_rules(tmp_path, ENTRY.format(id="amp", patterns='"&ticket"', replacement="din sag"))
    assert spans(rules.find("Se &ticket 4 og (beta) nu.", "da", directory=directory,
                            terms=parse_terms([{"term": "(beta)", "replacement": "den nye udgave"}]))) == [
        "&ticket", "(beta)"]


def test_handles_hashtags_and_emoji_are_never_style_findings(tmp_path) -> None:
    """Issue 14: the segmentation's protected @handles, #hashtags and thread markers are not text to restyle."""
    directory = write_rules(tmp_path, ENTRY.format(id="ticket", patterns='"ticket"', replacement="din sag"))
    found = rules.find("Skriv til @ticket eller brug #ticket, så ser vi på din ticket i dag.", "da",
                       directory=directory)
    assert spans(found) == ["ticket"] and found[0].start == 55


def test_team_term_wins_over_built_in_rule_at_equal_length() -> None:
    """The team's own replacement beats a built-in rule on the same words."""
    terms = parse_terms([{"term": "ERP", "replacement": "lagersystemet"}])
    assert [(f.rule, f.replacements) for f in da("Den ligger i ERP.", terms=terms)] == [
        ("da.team.erp", ("lagersystemet",))]


def test_team_engine_is_compiled_once_per_terms_object() -> None:
    """The team terms are compiled once per TeamTerms object, not per check."""
    terms = parse_terms([{"term": "kundekort", "replacement": "dit kort"}])
    first = checking._team(terms, "da")
    assert checking._team(terms, "da")[0] is first[0]
    assert checking._team(parse_terms([{"term": "x", "replacement": "y"}]), "da")[0] is not first[0]


def test_duplicate_slugs_get_suffixes() -> None:
    """Two terms with the same slug get distinct rule ids."""
    terms = parse_terms([{"term": "sags-id", "replacement": "sagsnummer"},
                         {"term": "sags id", "replacement": "sagsnummer"}])
    found = da("Dit sags-id og dit sags id.", terms=terms)
    assert [f.rule for f in found] == ["da.team.sags_id", "da.team.sags_id_2"]


# ----------------------------------------------------------------------------------- replacements

def test_apply_deletion_tidies_space_and_capital() -> None:
    """Deleting a sentence-initial phrase capitalises what now starts the sentence."""
    text = "Please be advised that the parcel has left."
    assert rules.apply_first_replacement(text, en(text)[0]) == "The parcel has left."
    text = "Hi. Please be advised, the parcel has left."
    assert rules.apply_first_replacement(text, en(text)[0]) == "Hi. The parcel has left."
    text = "The parcel, please be advised, has left."
    assert rules.apply_first_replacement(text, en(text)[0]) == "The parcel has left."
    text = "We ship today, please be advised."
    assert rules.apply_first_replacement(text, en(text)[0]) == "We ship today."


def test_apply_fixes_english_article() -> None:
    """`a ticket` → `an inquiry`."""
    text = "I opened a ticket today."
    assert rules.apply_first_replacement(text, en(text)[0]) == "I opened an inquiry today."
    text = "A ticket is open."
    assert rules.apply_first_replacement(text, en(text)[0]) == "An inquiry is open."


def test_replacement_edit_gives_the_span_to_replace() -> None:
    """replacement_edit() is the edit apply_first_replacement() makes, for any replacement index."""
    text = "Please be advised that the parcel has left."
    finding = en(text)[0]
    assert rules.replacement_edit(text, finding) == (0, 24, "T")
    text = "I opened a ticket today."
    assert rules.replacement_edit(text, en(text)[0]) == (9, 17, "an inquiry")
    with pytest.raises(ValueError):
        rules.replacement_edit(text, en(text)[0], 1)


def test_a_deleted_phrase_keeps_the_comma_that_closes_the_clause_before_it() -> None:
    """"… 15 working days in line with our SLA, any refund …" loses the phrase, not the comma the clause needs (sixty-fourth
    drafts: "days any refund" ran on); at a sentence start the comma goes with it."""
    def deletion(text: str, phrase: str) -> Finding:
        start = text.index(phrase)
        return Finding("internal_language", "en.x.sla", "warning", "m", start, start + len(phrase), phrase, ("",))
    text = "Refunds can take up to 15 working days in line with our SLA, any refund will show on your card."
    assert rules.apply_first_replacement(text, deletion(text, "in line with our SLA,")) == \
        "Refunds can take up to 15 working days, any refund will show on your card."
    text = "As per our SLA, we reply within 2 days."
    assert rules.apply_first_replacement(text, deletion(text, "As per our SLA,")) == "We reply within 2 days."


def test_apply_without_replacement_is_an_error() -> None:
    """Applying a finding without replacements is a programming error, said clearly."""
    finding = da("Sagsbehandleren vender tilbage.")[0]
    with pytest.raises(ValueError, match="no replacement"):
        rules.apply_first_replacement("Sagsbehandleren vender tilbage.", finding)


# ------------------------------------------------------------------------------------- validation

@pytest.mark.parametrize("body,error", [
    ("- id: Bad-Id\n  patterns: [x]\n  message: m\n  examples: {bad: [x], ok: [y]}\n", "'id' must match"),
    ("- id: a\n  patterns: [x]\n  message: m\n  replace: [y]\n  examples: {bad: [x], ok: [y]}\n",
     "unknown field 'replace'"),
    ("- id: a\n  patterns: [x]\n  message: m\n  examples: {bad: [x], ok: [y]}\n"
     "- id: a\n  patterns: [z]\n  message: m\n  examples: {bad: [z], ok: [y]}\n", "duplicate id 'a'"),
    ("- id: a\n  regex: ['(unclosed']\n  message: m\n  examples: {bad: [x], ok: [y]}\n", "not a valid regex"),
    ("- id: a\n  regex: ['\\bx?']\n  message: m\n  examples: {bad: [x], ok: [y]}\n", "empty string"),
    ("- id: a\n  patterns: [x]\n  message: m\n  severity: fatal\n  examples: {bad: [x], ok: [y]}\n",
     "unknown severity 'fatal'"),
    ("- id: a\n  patterns: [x]\n  message: m\n  category: jargon\n  examples: {bad: [x], ok: [y]}\n",
     "unknown category 'jargon'"),
    ("- id: a\n  patterns: [x]\n  message: m\n", "'examples' is required"),
    ("- id: a\n  patterns: [x]\n  message: m\n  examples: {ok: [y]}\n", "at least one bad example"),
    ("- id: a\n  patterns: [x]\n  message: m\n  examples: {bad: [x]}\n", "good or ok example"),
    ("- id: a\n  patterns: ['{den |} pågældende']\n  message: m\n  examples: {bad: [x], ok: [y]}\n",
     "stray space"),
    ("- id: a\n  patterns: ['x (y)']\n  message: m\n  examples: {bad: [x], ok: [y]}\n", "regex syntax"),
    ("- id: a\n  patterns: ['{|}']\n  message: m\n  examples: {bad: [x], ok: [y]}\n", "match nothing"),
    ("- id: a\n  patterns: ['es~k']\n  message: m\n  examples: {bad: [x], ok: [y]}\n", "'~' must end a word"),
    ("- id: a\n  message: m\n  examples: {bad: [x], ok: [y]}\n", "needs 'patterns' or 'regex'"),
    ("- id: a\n  patterns: [x]\n  message: m\n  scope: header\n  examples: {bad: [x], ok: [y]}\n", "scope"),
    ("- id: a\n  patterns: [x]\n  message: m\n  unless: ['(']\n  examples: {bad: [x], ok: [y]}\n",
     "'unless' regex"),
    ("- id: a\n  patterns: [x]\n  message: m\n  examples: {bad: [{text: x, fixed: y}], ok: [y]}\n",
     "'fixed' needs at least one replacement"),
])
def test_validation_names_file_entry_and_problem(tmp_path, body, error) -> None:
    """Loading fails loudly, naming the file, the entry and the problem."""
    directory = write_rules(tmp_path, body)
    with pytest.raises(rules.RuleError) as info:
        rules.find("x", "da", directory=directory)
    message = str(info.value)
    assert "da/internal_language.yml" in message and "entries[" in message and error in message, message


def test_validation_of_file_header(tmp_path) -> None:
    """Wrong family name, category or top-level field are reported with the file."""
    folder = tmp_path / "da"
    folder.mkdir()
    path = folder / "plain_language.yml"
    path.write_text("family: plain\ncategory: plain_language\nentries: []\n", encoding="utf-8")
    with pytest.raises(rules.RuleError, match="'family' must equal the file name"):
        rules.load_file(path)
    path.write_text("family: plain_language\ncategory: plain\nentries: [x]\n", encoding="utf-8")
    with pytest.raises(rules.RuleError, match="unknown category 'plain'"):
        rules.load_file(path)
    path.write_text("family: plain_language\ncategory: plain_language\nrules: []\n", encoding="utf-8")
    with pytest.raises(rules.RuleError, match="unknown top-level field 'rules'"):
        rules.load_file(path)
    path.write_text("family: [\n", encoding="utf-8")
    with pytest.raises(rules.RuleError, match="not valid YAML"):
        rules.load_file(path)


def test_file_conditions_apply_to_every_entry_but_those_that_opt_out(tmp_path) -> None:
    """A `conditions:` set at the top of a file holds for every entry; `without_conditions` names the sets an entry
    does not take; an unknown set name or field is an error naming the file."""
    folder = tmp_path / "da"
    folder.mkdir()
    path = folder / "passive.yml"
    path.write_text(
        "family: passive\ncategory: passive\n"
        "conditions:\n  af_nogen:\n    not_after: ['\\s+af\\b']\n"
        "entries:\n"
        "  - id: sendes\n    patterns: [sendes]\n    message: m\n"
        "    examples: {bad: [Den sendes i dag.], ok: [Den sendes af fragtfirmaet.]}\n"
        "  - id: hentes\n    patterns: [hentes]\n    message: m\n    without_conditions: [af_nogen]\n"
        "    examples: {bad: [Den hentes af os.], ok: [Den er hentet.]}\n", encoding="utf-8")
    sendes, hentes = rules.load_file(path).entries
    assert [r.pattern for r in sendes.not_after] == ["\\s+af\\b"] and hentes.not_after == ()
    from klarsvar.analysis.rules.engine import Engine, run

    found = run(Document(text="Den sendes af fragtfirmaet, og den hentes af os.", language="da"),
                [Engine([sendes, hentes])])
    assert {f.rule for f in found} == {"da.passive.hentes"}
    path.write_text(path.read_text(encoding="utf-8").replace("without_conditions: [af_nogen]",
                                                             "without_conditions: [af_os]"), encoding="utf-8")
    with pytest.raises(rules.RuleError, match="without_conditions names 'af_os'"):
        rules.load_file(path)
    path.write_text(path.read_text(encoding="utf-8").replace("not_after: [", "after: ["), encoding="utf-8")
    with pytest.raises(rules.RuleError, match="conditions.af_nogen: unknown field 'after'"):
        rules.load_file(path)


def test_word_lists_are_named_once_and_used_in_except(tmp_path) -> None:
    """`word_lists` at the top of a file give `except` its words as "@name"; an unknown name is an error."""
    folder = tmp_path / "en"
    folder.mkdir()
    path = folder / "internal_language.yml"
    path.write_text(
        "family: internal_language\ncategory: internal_language\n"
        "word_lists:\n  known: [DHL, PDF]\n"
        "entries:\n"
        "  - id: acronym\n    regex: ['(?-i:\\b[A-Z]{3}\\b)']\n    message: m\n    except: ['@known', UPS]\n"
        "    examples: {bad: [Ask the KTN desk.], ok: [Sent with DHL as a PDF by UPS.]}\n", encoding="utf-8")
    (entry,) = rules.load_file(path).entries
    assert entry.except_words == {"dhl", "pdf", "ups"}
    path.write_text(path.read_text(encoding="utf-8").replace("'@known'", "'@famous'"), encoding="utf-8")
    with pytest.raises(rules.RuleError, match="except names '@famous'"):
        rules.load_file(path)


# ------------------------------------------------------------------------------------- description

def test_all_rules_describes_each_entry() -> None:
    """all_rules() gives one RuleInfo per entry with example counts and a JSON-ready dict."""
    infos = {r.id: r for r in rules.all_rules("da", directory=FIXTURES)}
    info = infos["da.internal_language.eskalere"]
    assert info.examples == {"bad": 2, "good": 1, "ok": 0}
    assert info.to_dict()["patterns"] == ["eskalere~", "eskalering*"]
    assert info.to_dict()["replacements"] == ["sendt videre til en kollega"]
    assert infos["da.internal_language.rx"].patterns == ("regex:\\b2nd[ -]level(?:-support)?\\b",)


def test_engine_index_holds_few_entries_per_key() -> None:
    """The index: a two-character bucket holds only patterns that can start with those characters."""
    engine = rules.Engine(rules.load_file(FIXTURES / "da" / "internal_language.yml").entries)
    assert {m.entry.id for m in engine._pairs["es"][0]} == {"eskalere"}
    assert {m.entry.id for m in engine._pairs["de"][0]} == {"paagaeldende"}
    assert {m.entry.id for m in engine._pairs["på"][0]} == {"paagaeldende"}
    assert {m.entry.id for m in engine._tails} == {"systemet"}
    assert {m.entry.id for m in engine._chars["2"][0]} == {"rx"}  # raw regex, by first character
    assert engine._anywhere == ()


def test_regex_starting_with_punctuation_is_found_anywhere(tmp_path) -> None:
    """A raw regex that starts on punctuation is scanned for everywhere, not only at word starts."""
    directory = write_rules(tmp_path, """\
        - id: dobbelt
          regex: ['!!+']
          message: "Et udråbstegn er nok."
          replacements: ["!"]
          examples: {bad: ["Tak!!"], ok: ["Tak!"]}
        """)
    found = rules.find("Tak!! Og tak!!!", "da", directory=directory)
    assert [(f.start, f.text) for f in found] == [(3, "!!"), (12, "!!!")]


# ------------------------------------------------------------------------------------------- properties

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from([
    "Sagen er eskaleret", "ERP-systemet", "jf.", "SLA'en", "😀", "\r\n", "\n\n", " ", ", ", ". ", "æøå",
    "Den pågældende", "OVERSENDT TIL", "e-mail", "https://x.dk/ERP", "“ERP”", "ticket", "-", "'", "Hej Jens",
    "Mvh\nIda", "> citat ERP", "2nd level", "\u00a0", "\u200d", "🇩🇰",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=25))
def test_findings_are_consistent_on_any_text(pieces) -> None:
    """On any text: no crash, spans slice to the finding's text, findings never overlap, replacements apply."""
    text = "".join(pieces)
    terms = parse_terms([{"term": "kundekort", "replacement": "dit kort"}, {"term": "Ticket Pro", "kind": "allowed"}])
    found = rules.find(text, "da", directory=FIXTURES, terms=terms)
    previous_end = -1
    for f in found:
        assert 0 <= f.start < f.end <= len(text)
        assert text[f.start:f.end] == f.text
        assert f.start >= previous_end
        previous_end = f.end
        if f.replacements:
            rules.apply_first_replacement(text, f)


@pytest.mark.parametrize("language", ["da", "en"])
@settings(max_examples=60, deadline=None)
@given(pieces=st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=25))
def test_real_rules_are_consistent_on_any_text(language, pieces) -> None:
    """The real rule data on any text: no crash, spans consistent, no overlaps."""
    text = "".join(pieces)
    found = rules.find(text, language)
    ends = -1
    for f in found:
        assert text[f.start:f.end] == f.text and f.start >= ends
        ends = f.end


def test_broken_rule_file_is_skipped_by_checks_but_loud_elsewhere(tmp_path, monkeypatch, caplog) -> None:
    """At run time a broken file is logged and skipped (no failing checks); all_rules() still raises."""
    import shutil

    from klarsvar.analysis.rules import loader

    root = tmp_path / "rules"
    shutil.copytree(FIXTURES, root)
    (root / "da" / "passive.yml").write_text("family: passive\ncategory: passive\nentries: [{id: Bad}]\n",
                                             encoding="utf-8")
    monkeypatch.setattr(loader, "RULES_DIR", root)
    rules.reload()
    with caplog.at_level("ERROR", logger="klarsvar.rules"):
        assert ids(rules.find("Sagen er eskaleret.", "da")) == ["eskalere"]
    assert "da/passive.yml" in caplog.text and "Sagen" not in caplog.text
    with pytest.raises(rules.RuleError, match="passive.yml"):
        rules.all_rules("da")


def test_not_after_regex_may_use_caret(tmp_path) -> None:
    """`not_after: ['^\\s*nummer']` works: the regex sees the text right after the match."""
    directory = write_rules(tmp_path, """\
        - id: ticket
          patterns: ["ticket"]
          message: "Besked."
          replacements: ["henvendelse"]
          not_after: ['^\\s*nummer']
          not_before: ['\\bmin\\s+']
          examples: {bad: ["En ticket."], ok: ["Dit ticket nummer."]}
        """)
    found = rules.find("Dit ticket nummer. Min ticket. En ticket.", "da", directory=directory)
    assert [f.start for f in found] == [34]


def test_benchmark_and_warm_run() -> None:
    """benchmark() times check() on a reply and reports the figures (its speed is not asserted here)."""
    rules.warm()
    result = rules.benchmark("Sagen er eskaleret. " * 20, language="da", repeat=3)  # real rules, loaded once
    assert result["words"] == 60 and result["entries"] == len(rules.all_rules("da"))
    assert result["median_ms"] > 0 and result["cpu_median_ms"] >= 0


def test_module_cli_prints_the_rules_doc(capsys) -> None:
    """`python -m klarsvar.analysis.rules --markdown` prints exactly markdown()."""
    from klarsvar.analysis.rules.__main__ import main

    assert main(["--markdown"]) == 0
    assert capsys.readouterr().out == rules.markdown()


def test_shadowed_examples_reports_cross_family_overlaps(tmp_path, monkeypatch) -> None:
    """shadowed_examples() lists bad examples another family's longer match wins over."""
    from klarsvar.analysis.rules import loader

    for family in ("internal_language", "plain_language"):
        write_rules(tmp_path, ENTRY.format(id="x", patterns='"hermed"' if family == "internal_language"
                                           else '"hermed sendt"', replacement="nu")
                    .replace('bad: ["x"]', 'bad: ["Hermed sendt."]'), family=family, category=family)
    monkeypatch.setattr(loader, "RULES_DIR", tmp_path)
    rules.reload()
    assert rules.shadowed_examples("da") == [
        ("da.internal_language.x-bad-0", "da.plain_language.x", "Hermed sendt")]


@settings(max_examples=150, deadline=None)
@given(term=st.text(alphabet=st.sampled_from("abcæøåXYZ12-'’ .+(#"), min_size=1, max_size=12),
       before=st.sampled_from(["", "Se ", "(", "Vi har: "]), after=st.sampled_from(["", ".", " nu", ", og", "!"]))
def test_any_team_term_is_found_literally(term, before, after) -> None:
    """Any internal team term is found, literally and whole, wherever it stands as a word of its own."""
    import re

    from klarsvar.analysis.rules.engine import Engine, run, team_entries

    term = " ".join(term.split())
    if not re.search(r"[^\W_]", term):
        return  # a term without a letter or digit is not a word
    text = f"{before}{term}{after}"
    doc = _doc(text, [(text, "body")])
    engine = Engine(team_entries(parse_terms([{"term": term, "replacement": "noget andet"}]).terms, "da"))
    assert [(f.start, f.text) for f in run(doc, [engine])] == [(len(before), term)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(1, 12), st.integers(0, 3)), max_size=30))
def test_resolve_matches_the_simple_definition(spans_and_orders) -> None:
    """resolve() (bisection) equals the plain definition: longest first, then entry order, never overlapping."""
    from dataclasses import replace

    from klarsvar.analysis.rules.engine import Candidate, resolve

    base = rules.load_file(FIXTURES / "da" / "internal_language.yml").entries[0]
    candidates = [Candidate(start, start + length, replace(base, order=(0, order)))
                  for start, length, order in spans_and_orders]
    expected, taken = [], []
    for c in sorted(candidates, key=lambda c: (-(c.end - c.start), c.entry.order, c.start)):
        if not any(a < c.end and c.start < b for a, b in taken):
            taken.append((c.start, c.end))
            expected.append(c)
    assert resolve(candidates) == sorted(expected, key=lambda c: c.start)


def test_unless_is_evaluated_once_per_sentence() -> None:
    """Many matches in one sentence search the sentence condition once (not once per match)."""
    import re
    from dataclasses import replace

    from klarsvar.analysis.rules.engine import Engine, run

    class CountingRegex:
        """A regex that counts its searches."""

        def __init__(self) -> None:
            self.calls = 0
            self.regex = re.compile(r"\bjira\b", re.IGNORECASE)

        def search(self, text):
            """Count, then search."""
            self.calls += 1
            return self.regex.search(text)

    counting = CountingRegex()
    entries = [replace(e, unless=(counting,)) if e.id == "ticket" else e
               for e in rules.load_file(FIXTURES / "da" / "internal_language.yml").entries]
    text = "Vi har oprettet en ticket og en ticket til, " * 50 + "i Jira."
    assert run(Document(text=text, language="da"), [Engine(entries)]) == []
    assert counting.calls == 1


def test_false_negative_names_the_entry_that_won(tmp_path) -> None:
    """When a longer entry in the same file shadows a bad example, the failure says which one."""
    directory = write_rules(tmp_path, ENTRY.format(id="kort", patterns='"hermed"', replacement="nu")
                            .replace('bad: ["x"]', 'bad: ["Hermed sendt."]')
                            + ENTRY.format(id="lang", patterns='"hermed sendt"', replacement="sendt nu")
                            .replace('bad: ["x"]', 'bad: ["Hermed sendt."]'))
    case = next(c for c in rules.example_cases("da", directory=directory) if c.test_id.endswith("kort-bad-0"))
    assert rules.verify_example(case) == [
        "False negative: da.internal_language.kort does not flag 'Hermed sendt.' "
        "(the longer match of da.internal_language.lang on 'Hermed sendt' wins)"]


def test_false_negative_explains_no_match_and_conditions() -> None:
    """The failure message says whether nothing matched or a condition suppressed the match."""
    from klarsvar.analysis.rules.engine import Engine, explain_miss

    engine = Engine(rules.load_file(FIXTURES / "da" / "internal_language.yml").entries)
    doc = Document(text="Alt er fint.", language="da")
    assert explain_miss(doc, engine, "da.internal_language.ticket") == "none of its patterns matches"
    doc = Document(text="Vi har oprettet en ticket i Jira.", language="da")
    assert "a condition suppresses it" in explain_miss(doc, engine, "da.internal_language.ticket")
