"""GET/PUT /v1/terms: round trip, validation, storage in the config dir, effect on the next check."""

import json

import pytest

TERMS = [
    {"term": "SLA", "replacement": "svartid", "language": "da", "note": "Internt ord"},
    {"term": "Klarsvar Pro", "language": "any", "kind": "allowed"},
    {"term": "ticket", "replacement": "your message", "language": "en", "note": "", "kind": "internal"},
]


def test_terms_start_empty(client, auth_headers):
    response = client.get("/v1/terms", headers=auth_headers)
    assert response.status_code == 200 and response.get_json() == []


def test_round_trip(client, auth_headers, isolated_config_dir):
    put = client.put("/v1/terms", json=TERMS, headers=auth_headers)
    assert put.status_code == 200
    stored = client.get("/v1/terms", headers=auth_headers).get_json()
    assert put.get_json() == stored
    assert [t["term"] for t in stored] == ["SLA", "Klarsvar Pro", "ticket"]
    assert stored[0] == {"term": "SLA", "replacement": "svartid", "language": "da", "note": "Internt ord",
                         "kind": "internal"}
    assert stored[1]["kind"] == "allowed" and stored[1]["replacement"] is None
    path = isolated_config_dir / "terms.json"
    assert json.loads(path.read_text(encoding="utf-8")) == stored
    assert path.stat().st_mode & 0o777 == 0o600
    assert not [p for p in isolated_config_dir.iterdir() if p.name.endswith(".tmp")]


def test_wrapped_list_is_accepted(client, auth_headers):
    assert client.put("/v1/terms", json={"terms": TERMS[:1]}, headers=auth_headers).status_code == 200
    assert len(client.get("/v1/terms", headers=auth_headers).get_json()) == 1


def test_terms_survive_a_restart(make_app, auth_headers):
    make_app().test_client().put("/v1/terms", json=TERMS, headers=auth_headers)
    again = make_app().test_client()
    assert len(again.get("/v1/terms", headers=auth_headers).get_json()) == 3


def test_put_replaces_the_whole_list(client, auth_headers):
    client.put("/v1/terms", json=TERMS, headers=auth_headers)
    client.put("/v1/terms", json=[], headers=auth_headers)
    assert client.get("/v1/terms", headers=auth_headers).get_json() == []


@pytest.mark.parametrize("body, field", [
    ([{"replacement": "x"}], "terms[0].term"),
    ([{"term": 5, "replacement": "x"}], "terms[0].term"),
    ([{"term": "SLA", "replacement": "svartid", "language": "de"}], "terms[0].language"),
    ([{"term": "SLA", "replacement": "svartid", "kind": "banned"}], "terms[0].kind"),
    ([{"term": "SLA", "kind": "internal"}], "terms[0].replacement"),
    ([{"term": "SLA", "replacement": "x", "colour": "red"}], "terms[0].colour"),
    ([{"term": "a\nb", "replacement": "x"}], "terms[0].term"),
    ([TERMS[0], TERMS[0]], "terms[1].term"),
    (["SLA"], "terms[0]"),
    ({"terms": "SLA"}, "terms"),
    ({"words": []}, "terms"),
])
def test_bad_terms_are_invalid_field(client, auth_headers, body, field):
    response = client.put("/v1/terms", json=body, headers=auth_headers)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid_field"
    assert f"'{field}'" in error["message"]


def test_bad_put_keeps_the_stored_terms(client, auth_headers):
    client.put("/v1/terms", json=TERMS, headers=auth_headers)
    client.put("/v1/terms", json=[{"term": ""}], headers=auth_headers)
    assert len(client.get("/v1/terms", headers=auth_headers).get_json()) == 3


def test_terms_errors(client, auth_headers):
    bad_json = client.put("/v1/terms", data="[", content_type="application/json", headers=auth_headers)
    assert bad_json.get_json()["error"]["code"] == "invalid_json"
    scalar = client.put("/v1/terms", data="3", content_type="application/json", headers=auth_headers)
    assert scalar.get_json()["error"]["code"] == "invalid_json"
    form = client.put("/v1/terms", data="term=x", content_type="text/plain", headers=auth_headers)
    assert form.status_code == 415
    assert client.post("/v1/terms", json=[], headers=auth_headers).status_code == 405


def test_next_check_gets_the_new_terms(app, client, auth_headers, monkeypatch):
    from klarsvar.analysis import pipeline

    seen = []
    real = pipeline.analyze

    def spy(request, *, terms=None, grammar_checker=None):
        seen.append(terms)
        return real(request, terms=terms, grammar_checker=grammar_checker)

    monkeypatch.setattr(pipeline, "analyze", spy)
    client.post("/v1/check", json={"text": "Vi overholder vores SLA."}, headers=auth_headers)
    client.put("/v1/terms", json=TERMS, headers=auth_headers)
    client.post("/v1/check", json={"text": "Vi overholder vores SLA."}, headers=auth_headers)
    assert len(seen[0].terms) == 0
    assert [t.term for t in seen[1].terms] == ["SLA", "Klarsvar Pro", "ticket"]


def test_file_changed_outside_is_picked_up(app, client, auth_headers, isolated_config_dir):
    (isolated_config_dir / "terms.json").write_text(json.dumps(TERMS[:2]), encoding="utf-8")
    assert len(client.get("/v1/terms", headers=auth_headers).get_json()) == 2


def test_corrupt_file_does_not_break_the_server(app, client, auth_headers, isolated_config_dir, caplog):
    (isolated_config_dir / "terms.json").write_text("{not json", encoding="utf-8")
    assert client.get("/v1/terms", headers=auth_headers).get_json() == []
    assert client.post("/v1/check", json={"text": "Hej"}, headers=auth_headers).status_code == 200
    assert "terms" in caplog.text


def test_unwritable_config_dir_is_a_json_error(client, auth_headers, app, monkeypatch):
    def refuse(terms):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(app.extensions["klarsvar"].terms, "save", refuse)
    response = client.put("/v1/terms", json=TERMS, headers=auth_headers)
    assert response.status_code == 500
    assert response.get_json()["error"]["code"] == "internal"
    assert "writable" in response.get_json()["error"]["message"]


def test_stored_term_is_flagged_by_the_next_check_and_gone_after_removal(client, auth_headers):
    text = "Hej Maria\n\nDin sag ligger i Zendex-kø 😀 nu."
    body = {"text": text, "language": "da", "rewrite": False, "grammar": False}

    def team_findings():
        findings = client.post("/v1/check", json=body, headers=auth_headers).get_json()["findings"]
        return [f for f in findings if ".team." in f["rule"]]

    assert team_findings() == []
    client.put("/v1/terms", json=[{"term": "Zendex-kø", "replacement": "vores kundeservice", "language": "da"}],
               headers=auth_headers)
    [finding] = team_findings()
    assert finding["text"] == "Zendex-kø" and finding["replacements"] == ["vores kundeservice"]
    assert text.encode("utf-16-le")[2 * finding["start"]:2 * finding["end"]].decode("utf-16-le") == "Zendex-kø"
    client.put("/v1/terms", json=[], headers=auth_headers)
    assert team_findings() == []
