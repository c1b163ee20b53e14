"""Body (256 KiB) and text (50,000 characters) limits, including chunked bodies."""

import io
import json

import pytest

LIMIT = 256 * 1024


def code(response):
    return response.status_code, response.get_json()["error"]["code"]


def test_text_at_the_limit_is_accepted(client, auth_headers):
    text = ("Tak for din besked. " * 2500)[:50_000]
    assert client.post("/v1/check", json={"text": text, "rewrite": False, "grammar": False},
                       headers=auth_headers).status_code == 200


def test_text_over_the_limit_is_too_large(client, auth_headers):
    response = client.post("/v1/check", json={"text": "a" * 50_001}, headers=auth_headers)
    assert code(response) == (413, "too_large")
    assert "50,000" in response.get_json()["error"]["message"]


def test_text_limit_counts_characters_not_utf16_units(client, auth_headers):
    # 30,000 emoji are 60,000 UTF-16 units but 30,000 characters: within the limit.
    body = json.dumps({"text": "😀" * 30_000, "rewrite": False}, ensure_ascii=False)
    assert len(body.encode()) < LIMIT  # raw UTF-8, as JSON.stringify sends it
    response = client.post("/v1/check", data=body, content_type="application/json", headers=auth_headers)
    assert response.status_code == 200


def test_customer_message_over_the_limit(client, auth_headers):
    response = client.post("/v1/check", json={"text": "x", "customer": {"message": "a" * 50_001}},
                           headers=auth_headers)
    assert code(response) == (413, "too_large")
    assert "customer.message" in response.get_json()["error"]["message"]


def test_body_over_256_kib_is_too_large(client, auth_headers):
    body = json.dumps({"text": "a", "padding": "x" * LIMIT})
    response = client.post("/v1/check", data=body, content_type="application/json", headers=auth_headers)
    assert code(response) == (413, "too_large")


def test_body_over_limit_without_content_length(client, auth_headers):
    # A chunked body has no Content-Length; the limit must still hold while reading.
    body = json.dumps({"text": "a", "padding": "x" * LIMIT}).encode()
    response = client.post("/v1/check", input_stream=io.BytesIO(body), content_type="application/json",
                           headers=auth_headers, environ_overrides={"wsgi.input_terminated": True})
    assert code(response) == (413, "too_large")


def test_small_body_without_content_length_works(client, auth_headers):
    body = json.dumps({"text": "Tak for din besked."}).encode()
    response = client.post("/v1/check", input_stream=io.BytesIO(body), content_type="application/json",
                           headers=auth_headers, environ_overrides={"wsgi.input_terminated": True})
    assert response.status_code == 200


@pytest.mark.parametrize("path, method", [("/v1/check", "post"), ("/v1/terms", "put")])
def test_limit_applies_to_every_body(client, auth_headers, path, method):
    body = "[" + ",".join(['"' + "x" * 1000 + '"'] * 300) + "]"
    response = getattr(client, method)(path, data=body, content_type="application/json", headers=auth_headers)
    assert code(response) == (413, "too_large")
