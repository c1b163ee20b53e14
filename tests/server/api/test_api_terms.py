"""GET/PUT /v1/terms: round trip, validation, storage in the config dir, effect on the next check."""

import json

import pytest

TERMS = [
    {"term": "SLA", "replacement": "svartid", "language": "da", "note": "Internt ord"},
    {"term": "Klarsvar Pro", "language": "any", "kind": "allowed"},
    {"term": "ticket", "replacement": "your message", "language": "en", "note": "", "kind": "internal"},
]


def put(client, headers, body, **kwargs):
    """PUT /v1/terms at the version GET /v1/terms reports (what a careful client does)."""
    etag = client.get("/v1/terms", headers=headers).headers["ETag"]
    return client.put("/v1/terms", json=body, headers={**headers, "If-Match": etag}, **kwargs)


def test_terms_start_empty(client, auth_headers):
    response = client.get("/v1/terms", headers=auth_headers)
    assert response.status_code == 200 and response.get_json() == []


def test_round_trip(client, auth_headers, isolated_config_dir):
    answer = put(client, auth_headers, TERMS)
    assert answer.status_code == 200
    stored = client.get("/v1/terms", headers=auth_headers).get_json()
    assert answer.get_json() == stored
    assert [t["term"] for t in stored] == ["SLA", "Klarsvar Pro", "ticket"]
    assert stored[0] == {"term": "SLA", "replacement": "svartid", "language": "da", "note": "Internt ord",
                         "kind": "internal"}
    assert stored[1]["kind"] == "allowed" and stored[1]["replacement"] is None
    path = isolated_config_dir / "terms.json"
    assert json.loads(path.read_text(encoding="utf-8")) == stored
    assert path.stat().st_mode & 0o777 == 0o600
    assert not [p for p in isolated_config_dir.iterdir() if p.name.endswith(".tmp")]


def test_wrapped_list_is_accepted(client, auth_headers):
    assert put(client, auth_headers, {"terms": TERMS[:1]}).status_code == 200
    assert len(client.get("/v1/terms", headers=auth_headers).get_json()) == 1


def test_terms_survive_a_restart(make_app, auth_headers):
    put(make_app().test_client(), auth_headers, TERMS)
    again = make_app().test_client()
    assert len(again.get("/v1/terms", headers=auth_headers).get_json()) == 3


def test_put_replaces_the_whole_list(client, auth_headers):
    put(client, auth_headers, TERMS)
    put(client, auth_headers, [])
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
    response = put(client, auth_headers, body)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid_field"
    assert f"'{field}'" in error["message"]


def test_bad_put_keeps_the_stored_terms(client, auth_headers):
    put(client, auth_headers, TERMS)
    put(client, auth_headers, [{"term": ""}])
    assert len(client.get("/v1/terms", headers=auth_headers).get_json()) == 3


def test_terms_errors(client, auth_headers):
    bad_json = client.put("/v1/terms", data="[", content_type="application/json", headers=auth_headers)
    assert bad_json.get_json()["error"]["code"] == "invalid_json"
    scalar = client.put("/v1/terms", data="3", content_type="application/json", headers=auth_headers)
    assert scalar.get_json()["error"]["code"] == "invalid_json"
    form = client.put("/v1/terms", data="term=x", content_type="text/plain", headers=auth_headers)
    assert form.status_code == 415
    assert client.post("/v1/terms", json=[], headers=auth_headers).get_json()["error"]["code"] == "invalid_json"
    assert client.delete("/v1/terms", headers=auth_headers).status_code == 405


def test_next_check_gets_the_new_terms(app, client, auth_headers, monkeypatch):
    from klarsvar.analysis import pipeline

    seen = []
    real = pipeline.analyze

    def spy(request, *, terms=None, **kwargs):
        seen.append(terms)
        return real(request, terms=terms, **kwargs)

    monkeypatch.setattr(pipeline, "analyze", spy)
    client.post("/v1/check", json={"text": "Vi overholder vores SLA."}, headers=auth_headers)
    put(client, auth_headers, TERMS)
    client.post("/v1/check", json={"text": "Vi overholder vores SLA."}, headers=auth_headers)
    assert len(seen[0].terms) == 0
    assert [t.term for t in seen[1].terms] == ["SLA", "Klarsvar Pro", "ticket"]


def test_file_changed_outside_is_picked_up(app, client, auth_headers, isolated_config_dir):
    (isolated_config_dir / "terms.json").write_text(json.dumps(TERMS[:2]), encoding="utf-8")
    assert len(client.get("/v1/terms", headers=auth_headers).get_json()) == 2


@pytest.mark.parametrize("content", [b"{not json", b"", b'[{"term": "SLA", "repl', b"\xff\xfe",
                                     b'[{"term": 5}]', b"   \n"])
def test_corrupt_file_is_503_and_left_untouched(app, client, auth_headers, isolated_config_dir, content):
    path = isolated_config_dir / "terms.json"
    path.write_bytes(content)
    answers = [client.get("/v1/terms", headers=auth_headers),
               client.put("/v1/terms", json=TERMS, headers={**auth_headers, "If-Match": '"x"'}),
               client.post("/v1/terms", json={"term": "Zendly"}, headers=auth_headers)]
    assert [(a.status_code, a.get_json()["error"]["code"]) for a in answers] == [(503, "terms_unreadable")] * 3
    assert path.read_bytes() == content
    # Checks go on with the last good list (here none): the team's file is not the agent's problem.
    assert client.post("/v1/check", json={"text": "Hej"}, headers=auth_headers).status_code == 200


def test_unwritable_config_dir_is_a_json_503(client, auth_headers, app, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("klarsvar.terms_store.atomic_write", refuse)
    for response in (put(client, auth_headers, TERMS),
                     client.post("/v1/terms", json={"term": "Zendly"}, headers=auth_headers)):
        assert response.status_code == 503
        assert response.get_json()["error"]["code"] == "terms_unwritable"
        assert "writable" in response.get_json()["error"]["message"]


def test_get_sends_an_etag_that_changes_with_the_list(client, auth_headers):
    first = client.get("/v1/terms", headers=auth_headers).headers["ETag"]
    assert first.startswith('"') and first.endswith('"')
    assert client.get("/v1/terms", headers=auth_headers).headers["ETag"] == first
    answer = put(client, auth_headers, TERMS)
    assert answer.headers["ETag"] != first
    assert client.get("/v1/terms", headers=auth_headers).headers["ETag"] == answer.headers["ETag"]


def test_put_without_if_match_is_428_and_changes_nothing(client, auth_headers):
    put(client, auth_headers, TERMS)
    response = client.put("/v1/terms", json=[], headers=auth_headers)
    assert response.status_code == 428
    assert response.get_json()["error"]["code"] == "precondition_required"
    assert len(client.get("/v1/terms", headers=auth_headers).get_json()) == 3


def test_if_match_star_is_not_a_version_and_a_list_may_name_the_current_one(client, auth_headers):
    assert client.put("/v1/terms", json=[], headers={**auth_headers, "If-Match": "*"}).status_code == 428
    etag = client.get("/v1/terms", headers=auth_headers).headers["ETag"]
    response = client.put("/v1/terms", json=TERMS, headers={**auth_headers, "If-Match": f'"old", W/{etag}'})
    assert response.status_code == 200


def test_put_with_a_stale_etag_is_412_conflict(client, auth_headers):
    stale = client.get("/v1/terms", headers=auth_headers).headers["ETag"]
    assert put(client, auth_headers, TERMS[:1]).status_code == 200
    response = client.put("/v1/terms", json=TERMS, headers={**auth_headers, "If-Match": stale})
    assert response.status_code == 412 and response.get_json()["error"]["code"] == "conflict"
    assert [t["term"] for t in client.get("/v1/terms", headers=auth_headers).get_json()] == ["SLA"]


def test_post_adds_one_term_and_updates_the_same_word(client, auth_headers):
    put(client, auth_headers, TERMS)
    added = client.post("/v1/terms", json={"term": "Zendly", "language": "da"}, headers=auth_headers)
    assert added.status_code == 201 and added.get_json()["added"] is True
    assert added.get_json()["term"]["kind"] == "allowed"
    assert added.headers["ETag"] == client.get("/v1/terms", headers=auth_headers).headers["ETag"]
    # The same word in the same language (any case) updates the entry in place.
    updated = client.post("/v1/terms", json={"term": "sla", "language": "da", "kind": "allowed"},
                          headers=auth_headers)
    assert updated.status_code == 200 and updated.get_json()["added"] is False
    stored = client.get("/v1/terms", headers=auth_headers).get_json()
    assert [(t["term"], t["kind"]) for t in stored] == [
        ("sla", "allowed"), ("Klarsvar Pro", "allowed"), ("ticket", "internal"), ("Zendly", "allowed")]


@pytest.mark.parametrize("body, field", [
    ({"replacement": "x"}, "term"), ({"term": "x", "language": "de"}, "language"),
    ({"term": "x", "kind": "internal"}, "replacement"), ({"term": "x", "colour": 1}, "colour"),
])
def test_post_validates_the_term(client, auth_headers, body, field):
    response = client.post("/v1/terms", json=body, headers=auth_headers)
    assert response.status_code == 400
    assert f"'{field}'" in response.get_json()["error"]["message"]


def test_each_write_keeps_the_previous_version_as_a_backup(client, auth_headers, isolated_config_dir):
    put(client, auth_headers, TERMS)
    put(client, auth_headers, TERMS[:1])
    backup = json.loads((isolated_config_dir / "terms.json.bak").read_text(encoding="utf-8"))
    assert [t["term"] for t in backup] == ["SLA", "Klarsvar Pro", "ticket"]


def test_stored_term_is_flagged_by_the_next_check_and_gone_after_removal(client, auth_headers):
    text = "Hej Maria\n\nDin sag ligger i Zendex-kø 😀 nu."
    body = {"text": text, "language": "da", "rewrite": False, "grammar": False}

    def team_findings():
        findings = client.post("/v1/check", json=body, headers=auth_headers).get_json()["findings"]
        return [f for f in findings if ".team." in f["rule"]]

    assert team_findings() == []
    put(client, auth_headers, [{"term": "Zendex-kø", "replacement": "vores kundeservice", "language": "da"}])
    [finding] = team_findings()
    assert finding["text"] == "Zendex-kø" and finding["replacements"] == ["vores kundeservice"]
    assert text.encode("utf-16-le")[2 * finding["start"]:2 * finding["end"]].decode("utf-16-le") == "Zendex-kø"
    put(client, auth_headers, [])
    assert team_findings() == []
