"""POST /v1/check: request validation, every error code, response shape, Unicode safety."""

import json

import pytest

from klarsvar.analysis.offsets import utf16_len

DA = "Hej Maria\n\nDin sag er eskaleret til 2nd level. Vi beklager ulejligheden."
EN = "Hi John,\n\nYour case has been escalated to 2nd level. Sorry for the inconvenience."


def post(client, auth_headers, body, **kwargs):
    return client.post("/v1/check", json=body, headers=auth_headers, **kwargs)


def error(response):
    return response.status_code, response.get_json()["error"]["code"]


def assert_contract_shape(body):
    assert set(body) >= {"language", "language_source", "readability", "findings", "empathy", "rewrite",
                         "grammar"}
    assert body["language"] in ("da", "en")
    assert body["language_source"] in ("detected", "request")
    assert set(body["readability"]) >= {"lix", "band", "flesch_reading_ease", "words", "sentences",
                                        "long_words", "long_sentences"}
    assert set(body["empathy"]) >= {"acknowledges", "customer_name_used", "apologies", "customer_emotion",
                                    "mirrored_words"}
    assert set(body["grammar"]) == {"engine", "complete"}
    for f in body["findings"]:
        assert set(f) >= {"id", "category", "rule", "severity", "start", "end", "text", "message",
                          "replacements", "source"}
        assert f["severity"] in ("error", "warning", "suggestion")
    starts = [f["start"] for f in body["findings"] if f["start"] is not None]
    assert starts == sorted(starts)


# An upset customer: the rewrite puts an acknowledgement in the stock apology's place, so one is offered.
@pytest.mark.parametrize("text, language, message", [
    (DA, "da", "Hvor er min pakke?? Det er tredje gang jeg skriver!"),
    (EN, "en", "Where is my parcel?? This is the third time I'm writing!")])
def test_check_answers_the_contract_shape(client, auth_headers, text, language, message):
    response = post(client, auth_headers, {"text": text, "language": language,
                                           "customer": {"message": message, "name": "Maria"}})
    assert response.status_code == 200
    body = response.get_json()
    assert_contract_shape(body)
    assert body["language"] == language and body["language_source"] == "request"
    assert body["rewrite"] is not None and set(body["rewrite"]) >= {"text", "changes"}


def test_defaults_apply_when_fields_are_absent_or_null(client, auth_headers):
    body = post(client, auth_headers, {"text": EN, "language": None, "channel": None, "customer": None,
                                       "rewrite": None, "grammar": None}).get_json()
    assert body["language_source"] == "detected"
    # Rewrite defaults to true: made, and offered unless it only swaps wording (`rewrite: false` gives neither).
    assert body["rewrite"] is not None or body["rewrite_skipped"] == "minor_changes"


def test_rewrite_false_gives_null(client, auth_headers):
    assert post(client, auth_headers, {"text": EN, "rewrite": False}).get_json()["rewrite"] is None


def test_unknown_fields_are_ignored(client, auth_headers):
    assert post(client, auth_headers, {"text": EN, "future_option": [1, 2]}).status_code == 200


def test_empty_text_is_an_empty_analysis(client, auth_headers):
    response = post(client, auth_headers, {"text": ""})
    assert response.status_code == 200
    body = response.get_json()
    assert_contract_shape(body)
    assert [f for f in body["findings"] if f["start"] is not None] == []


@pytest.mark.parametrize("body", [{}, {"text": None}, {"language": "da"}])
def test_text_missing(client, auth_headers, body):
    assert error(post(client, auth_headers, body)) == (400, "text_missing")


@pytest.mark.parametrize("body, field", [
    ({"text": 42}, "text"),
    ({"text": ["a"]}, "text"),
    ({"text": "x", "language": "de"}, "language"),
    ({"text": "x", "language": 1}, "language"),
    ({"text": "x", "channel": "sms"}, "channel"),
    ({"text": "x", "customer": "Maria"}, "customer"),
    ({"text": "x", "customer": []}, "customer"),
    ({"text": "x", "customer": {"message": 3}}, "customer.message"),
    ({"text": "x", "customer": {"name": {"first": "Maria"}}}, "customer.name"),
    ({"text": "x", "customer": {"name": "M" * 201}}, "customer.name"),
    ({"text": "x", "rewrite": "yes"}, "rewrite"),
    ({"text": "x", "grammar": 1}, "grammar"),
])
def test_invalid_field_names_the_field(client, auth_headers, body, field):
    response = post(client, auth_headers, body)
    assert error(response) == (400, "invalid_field")
    assert f"'{field}'" in response.get_json()["error"]["message"]


@pytest.mark.parametrize("data", ["{", "{'text': 'x'}", '{"text": "x",}', '{"text": NaN}', "[1, 2",
                                  '{"text": Infinity}', "", "\"unterminated"])
def test_invalid_json(client, auth_headers, data):
    response = client.post("/v1/check", data=data, content_type="application/json", headers=auth_headers)
    assert error(response) == (400, "invalid_json")


def test_invalid_utf8_is_invalid_json(client, auth_headers):
    response = client.post("/v1/check", data=b'{"text": "\xff\xfe"}', content_type="application/json",
                           headers=auth_headers)
    assert error(response) == (400, "invalid_json")


@pytest.mark.parametrize("data", ["[]", '"text"', "42", "null", '[{"text": "x"}]'])
def test_body_must_be_an_object(client, auth_headers, data):
    response = client.post("/v1/check", data=data, content_type="application/json", headers=auth_headers)
    assert error(response) == (400, "invalid_json")
    assert "object" in response.get_json()["error"]["message"]


def test_deeply_nested_json_is_refused_not_crashed(client, auth_headers):
    data = '{"text": "x", "a": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = client.post("/v1/check", data=data, content_type="application/json", headers=auth_headers)
    assert response.status_code in (400, 413)


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          "multipart/form-data; boundary=x", None])
def test_unsupported_media_type(client, auth_headers, content_type):
    kwargs = {"content_type": content_type} if content_type else {}
    response = client.post("/v1/check", data=json.dumps({"text": "x"}), headers=auth_headers, **kwargs)
    assert error(response) == (415, "unsupported_media_type")


def test_json_with_charset_is_accepted(client, auth_headers):
    response = client.post("/v1/check", data=json.dumps({"text": EN}).encode(),
                           content_type="application/json; charset=utf-8", headers=auth_headers)
    assert response.status_code == 200


def test_utf8_bom_is_tolerated(client, auth_headers):
    response = client.post("/v1/check", data="\ufeff" + json.dumps({"text": EN}),
                           content_type="application/json", headers=auth_headers)
    assert response.status_code == 200


@pytest.mark.parametrize("text", [
    "Hej 😀 Maria\u0000 tak",
    "zero\u200bwidth\u200c\u200d joiners \ufeff",
    "RTL \u202e reversed \u202c and \u200f marks, עברית, العربية",
    "Combining: e\u0301 a\u030a o\u0308 — æøå ÆØÅ",
    "CRLF\r\nline two\r\n\r\nthree 👩‍👩‍👧‍👦 family",
    "\x00" * 50,
    "😀" * 500,
    " \n\t ",
])
def test_hostile_unicode_never_breaks_check(client, auth_headers, text):
    data = json.dumps({"text": text})  # json.dumps escapes lone surrogates as \udXXX, as JavaScript does
    response = client.post("/v1/check", data=data, content_type="application/json", headers=auth_headers)
    assert response.status_code == 200
    body = response.get_json()
    assert_contract_shape(body)
    units = text.encode("utf-16-le", "surrogatepass")
    for f in body["findings"]:
        if f["start"] is not None:
            assert 0 <= f["start"] <= f["end"] <= utf16_len(text)
            assert units[2 * f["start"]:2 * f["end"]].decode("utf-16-le", "surrogatepass") == f["text"]


@pytest.mark.parametrize("text", ["\ud800 lone high", "lone low \udfff", "Broken \ud83d emoji"])
def test_lone_surrogates_are_invalid_text(client, auth_headers, text):
    data = json.dumps({"text": text})  # json.dumps escapes lone surrogates as \udXXX, as JavaScript does
    response = client.post("/v1/check", data=data, content_type="application/json", headers=auth_headers)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid_text" and "'text'" in error["message"]


def test_server_timing_header_has_no_text(client, auth_headers):
    response = post(client, auth_headers, {"text": DA})
    timing = response.headers["Server-Timing"]
    assert "readability;dur=" in timing and "Maria" not in timing
