"""Nothing of the text is logged: not in access logs, not at DEBUG, not on internal errors."""

import logging

import pytest

from klarsvar.analysis import pipeline

SECRET_TEXT = "Hej Zoltanbørge, dit CPR 010203-4455 og ordre XQ-99172 er eskaleret 😀"
SECRET_CUSTOMER = "Min pakke til Vestergade 77 er væk, skriver Quintessa"
FRAGMENTS = ("Zoltanbørge", "010203-4455", "XQ-99172", "eskaleret", "Vestergade", "Quintessa")


@pytest.fixture
def all_logs(caplog):
    """Capture every logger at DEBUG."""
    caplog.set_level(logging.DEBUG)
    for name in ("", "klarsvar", "klarsvar.access", "klarsvar.api", "waitress", "werkzeug", "flask_cors"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def assert_no_text(caplog, capsys):
    captured = capsys.readouterr()
    logged = "\n".join(record.getMessage() + repr(record.args) + str(record.exc_text or "")
                       for record in caplog.records)
    for fragment in FRAGMENTS:
        assert fragment not in logged
        assert fragment not in caplog.text
        assert fragment not in captured.out and fragment not in captured.err


def test_checks_log_no_text(client, auth_headers, all_logs, capsys):
    body = {"text": SECRET_TEXT, "customer": {"message": SECRET_CUSTOMER, "name": "Zoltanbørge"}}
    for language in ("auto", "da", "en"):
        assert client.post("/v1/check", json={**body, "language": language}, headers=auth_headers).status_code == 200
    # Refused and failed requests too.
    client.post("/v1/check", json=body)
    client.post("/v1/check", json={**body, "channel": "pigeon"}, headers=auth_headers)
    client.post("/v1/check", data=SECRET_TEXT, content_type="text/plain", headers=auth_headers)
    client.post("/v1/check", data="{" + SECRET_TEXT, content_type="application/json", headers=auth_headers)
    client.put("/v1/terms", json=[{"term": SECRET_TEXT[:50]}], headers=auth_headers)
    assert any(r.name == "klarsvar.access" for r in all_logs.records)
    assert_no_text(all_logs, capsys)


def test_access_log_has_method_path_status_duration(client, auth_headers, all_logs):
    client.post("/v1/check", json={"text": SECRET_TEXT}, headers=auth_headers)
    lines = [r.getMessage() for r in all_logs.records if r.name == "klarsvar.access"]
    assert lines and lines[-1].startswith("POST /v1/check 200 ") and lines[-1].endswith("ms")


def test_internal_error_logs_no_text(client, auth_headers, all_logs, capsys, monkeypatch):
    def explode(request, **kwargs):
        # The worst case: an exception whose message and chained cause quote the text.
        try:
            raise KeyError(request.customer_message)
        except KeyError as cause:
            raise ValueError(f"could not analyse {request.text!r}") from cause

    monkeypatch.setattr(pipeline, "analyze", explode)
    response = client.post("/v1/check", json={"text": SECRET_TEXT, "customer": {"message": SECRET_CUSTOMER}},
                           headers=auth_headers)
    assert response.status_code == 500
    errors = [r for r in all_logs.records if r.levelno >= logging.ERROR]
    assert errors, "an internal error must still be logged"
    assert "ValueError" in errors[0].getMessage() and "KeyError" in errors[0].getMessage()
    assert_no_text(all_logs, capsys)


def test_grammar_exception_logs_no_text(app, client, auth_headers, all_logs, capsys, monkeypatch):
    def broken_check(doc):
        raise RuntimeError(doc.text)

    monkeypatch.setattr(app.extensions["klarsvar"].grammar, "check", broken_check)
    response = client.post("/v1/check", json={"text": SECRET_TEXT}, headers=auth_headers)
    assert response.status_code in (200, 500)
    assert_no_text(all_logs, capsys)
